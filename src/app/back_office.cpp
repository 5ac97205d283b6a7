#include "app/back_office.h"

#include <nlohmann/json.hpp>

#include "app/audit.h"
#include "app/cases.h"
#include "app/crypto.h"
#include "app/notifications.h"
#include "domain/reference.h"
#include "domain/text.h"

namespace civicdesk {

namespace {

using nlohmann::json;

constexpr std::string_view kTimestampHeader = "X-Civicdesk-Timestamp";
constexpr std::string_view kSignatureHeader = "X-Civicdesk-Signature";

json location_json(const Location& l) {
  json out = json::object();
  out["lat"] = l.lat ? json(*l.lat) : json(nullptr);
  out["lng"] = l.lng ? json(*l.lng) : json(nullptr);
  out["address"] = l.address;
  out["postcode"] = l.postcode;
  out["uprn"] = l.uprn ? json(*l.uprn) : json(nullptr);
  out["usrn"] = l.usrn ? json(*l.usrn) : json(nullptr);
  out["ward"] = l.ward;
  return out;
}

Error bad_signature(std::string message) {
  return Error(ErrorCode::kUnauthenticated, std::move(message), std::string(kSignatureHeader));
}

// The timestamp header as seconds since 1970: digits only, so that "12x" or
// "+12" cannot sign the same bytes as "12".
Result<int64_t> parse_timestamp(const std::optional<std::string>& text) {
  if (!text || text->empty())
    return Error(ErrorCode::kUnauthenticated, "Sign the update: X-Civicdesk-Timestamp is missing",
                 std::string(kTimestampHeader));
  if (text->size() > 12 || text->find_first_not_of("0123456789") != std::string::npos)
    return invalid_field(std::string(kTimestampHeader), "Give the time the update was signed in seconds since 1970");
  return std::stoll(*text);
}

}  // namespace

std::string case_created_body(const CatalogueSnapshot& cat, const Case& c) {
  json answers = json::object();
  for (const auto& [code, values] : c.answers) answers[code] = values;
  const auto category = cat.categories.find(c.category);
  json body = {
      {"event", "case.created"},
      {"council", cat.tenant.slug},
      {"case",
       {{"reference", c.reference},
        {"type", std::string(to_string(c.type))},
        {"category", c.category},
        {"category_name", category != cat.categories.end() ? category->second.name : c.category},
        {"delivery_unit", c.delivery_unit},
        {"priority", std::string(to_string(c.priority))},
        {"channel", std::string(to_string(c.channel))},
        {"title", c.title},
        {"description", c.description},
        {"location", location_json(c.location)},
        {"answers", std::move(answers)},
        {"received_at", format_instant(c.received_at)},
        {"resolve_by", c.clock.resolve_by ? json(format_date(*c.clock.resolve_by)) : json(nullptr)}}},
      // Data minimisation: the back office works the job; civicdesk keeps the
      // resident informed, so no name or contact details leave here.
      {"updates_url", "/api/v1/back-office/cases/" + c.reference + "/updates"}};
  return body.dump();
}

Status forward_new_case(Tx& tx, const CatalogueSnapshot& cat, TenantId tenant, const Case& c, Instant now) {
  const auto category = cat.categories.find(c.category);
  if (category == cat.categories.end() || category->second.forward_to.empty() || category->second.restricted) return {};
  OutboxMessage m;
  m.created_at = now;
  m.channel = "webhook";
  m.recipient = category->second.forward_to;
  m.template_name = "case.created";
  m.subject = "case.created " + c.reference;
  m.body = case_created_body(cat, c);
  m.case_id = c.id;
  m.idempotency_key = "back-office:case.created:" + std::to_string(c.id);
  m.next_attempt_at = now;
  auto queued = tx.enqueue_message(tenant, m);
  if (!queued) return queued.error();
  BackOfficeLink link;
  link.endpoint = category->second.forward_to;
  link.forwarded_at = now;
  RETURN_IF_ERROR(tx.put_back_office_link(tenant, c.id, link));
  CaseEvent e;
  e.case_id = c.id;
  e.at = now;
  e.actor = "system";
  e.kind = "forwarded";
  e.visibility = Visibility::kInternal;
  e.details = {{"endpoint", link.endpoint}};
  auto appended = tx.append_event(tenant, e);
  return appended ? Status{} : Status(appended.error());
}

Status forward_case_changes(Tx& tx, const CatalogueSnapshot& cat, TenantId tenant, const Case& c,
                            const std::vector<CaseEvent>& events, bool by_council, Instant now) {
  json changes = json::array();
  for (const CaseEvent& e : events) {
    auto detail = [&](const char* key) -> json {
      auto it = e.details.find(key);
      return it == e.details.end() ? json(nullptr) : json(it->second);
    };
    if (e.kind == event_kind::kStatusChanged) {
      changes.push_back({{"kind", "status_changed"},
                         {"at", format_instant(e.at)},
                         {"from", detail("from")},
                         {"to", detail("to")},
                         {"outcome", detail("outcome")},
                         {"reason", detail("reason")}});
    } else if (e.kind == event_kind::kNote && e.visibility == Visibility::kPublic && !by_council) {
      // What the resident (or their councillor) added about the job.
      changes.push_back({{"kind", "resident_update"}, {"at", format_instant(e.at)}, {"text", detail("text")}});
    }
  }
  if (changes.empty()) return {};
  ASSIGN_OR_RETURN(std::optional<BackOfficeLink> link, tx.get_back_office_link(tenant, c.id));
  if (!link) return {};
  json body = {{"event", "case.updated"},
               {"council", cat.tenant.slug},
               {"case",
                {{"reference", c.reference},
                 {"back_office_reference", link->reference.empty() ? json(nullptr) : json(link->reference)},
                 {"status", std::string(to_string(c.status))},
                 {"outcome", c.outcome ? json(std::string(to_string(*c.outcome))) : json(nullptr)}}},
               {"changes", std::move(changes)},
               {"updates_url", "/api/v1/back-office/cases/" + c.reference + "/updates"}};
  OutboxMessage m;
  m.created_at = now;
  m.channel = "webhook";
  m.recipient = link->endpoint;
  m.template_name = "case.updated";
  m.subject = "case.updated " + c.reference;
  m.body = body.dump();
  m.case_id = c.id;
  // One message per change: keyed by the first stored event it carries.
  m.idempotency_key = "back-office:case.updated:" + std::to_string(c.id) + ":" + std::to_string(events.front().id);
  m.next_attempt_at = now;
  auto queued = tx.enqueue_message(tenant, m);
  return queued ? Status{} : Status(queued.error());
}

Result<BackOfficeResult> BackOfficeService::apply_update(const RequestContext& ctx, const std::string& reference,
                                                         const SignedBody& signed_body,
                                                         const Result<BackOfficeUpdate>& parsed) {
  const Principal& p = ctx.principal;
  if (p.kind != Principal::Kind::kApiClient || !can(p, Permission::kBackOffice))
    return denied(ctx, "post back-office updates (a client system with the backoffice scope may)");
  // Cheap checks first, before any database work.
  if (!signed_body.signature || signed_body.signature->empty())
    return bad_signature("Sign the update: X-Civicdesk-Signature is missing");
  ASSIGN_OR_RETURN(const int64_t timestamp, parse_timestamp(signed_body.timestamp));
  RETURN_IF_ERROR(check_update_timestamp(timestamp, ctx.now, kTimestampHeader));

  std::optional<BackOfficeResult> out;
  RETURN_IF_ERROR(store_.write([&](Tx& tx) -> Status {
    ASSIGN_OR_RETURN(auto cat, cache_.get(tx, ctx.tenant));
    // Every "not yours" answer is the same not_found: a client learns nothing
    // about cases that were not forwarded to it.
    const Error not_yours = not_found("No case \"" + reference.substr(0, 40) + "\" was forwarded to your system");
    auto ref = normalise_reference(reference);
    if (!ref) return not_yours;
    auto found = tx.get_case_for_update(ctx.tenant, *ref);
    if (!found) return found.error().code == ErrorCode::kNotFound ? not_yours : found.error();
    const Case current = *found;
    ASSIGN_OR_RETURN(std::optional<BackOfficeLink> link, tx.get_back_office_link(ctx.tenant, current.id));
    if (!link) return not_yours;
    auto endpoint = tx.get_webhook_endpoint(ctx.tenant, link->endpoint);
    if (!endpoint) return endpoint.error().code == ErrorCode::kNotFound ? not_yours : endpoint.error();
    if (endpoint->client.empty() || endpoint->client != p.name) return not_yours;

    // The signature, in constant time, under the endpoint's secret.
    const std::string expected =
        "sha256=" + crypto::hmac_sha256_hex(endpoint->secret, std::to_string(timestamp) + "." + signed_body.body);
    if (!crypto::equal_secret(expected, *signed_body.signature))
      return bad_signature("The signature does not match: sign \"<timestamp>.<body>\" with HMAC-SHA256 under the "
                           "endpoint's secret and send sha256=<hex>");
    if (!parsed) return parsed.error();
    const BackOfficeUpdate& u = *parsed;
    RETURN_IF_ERROR(validate(u));
    // A replay is refused whatever it says (the write rolls back on any
    // later error, so a refused update does not use up its id).
    RETURN_IF_ERROR(tx.record_back_office_update(ctx.tenant, link->endpoint, u.update_id, current.id, ctx.now));
    ASSIGN_OR_RETURN(std::optional<TransitionRequest> transition, transition_for(current, u));

    Case next = current;
    std::vector<CaseEvent> events;
    const std::string status_name(to_string(u.status));
    if (transition) {
      const CaseStatus from = next.status;
      ASSIGN_OR_RETURN(next, apply_transition(next, *transition, cat->calendar_for(next.sla), ctx.now));
      std::map<std::string, std::string> d{{"from", std::string(to_string(from))},
                                           {"to", std::string(to_string(next.status))},
                                           {"back_office_status", status_name}};
      if (next.outcome) d["outcome"] = std::string(to_string(*next.outcome));
      events.push_back(case_event(ctx, next.id, event_kind::kStatusChanged, Visibility::kPublic, std::move(d)));
    }
    if (!trim(u.public_note).empty()) {
      next.clock = record_response(next.sla, cat->calendar_for(next.sla), next.clock, ctx.now);
      events.push_back(case_event(ctx, next.id, event_kind::kNote, Visibility::kPublic,
                                  {{"text", u.public_note}, {"back_office_status", status_name}}));
    }
    if (!trim(u.internal_note).empty())
      events.push_back(case_event(ctx, next.id, event_kind::kNote, Visibility::kInternal,
                                  {{"text", u.internal_note}, {"back_office_status", status_name}}));
    // Always on the timeline: what the back office said, with its own codes.
    std::map<std::string, std::string> said{{"status", status_name}, {"update_id", u.update_id}};
    if (!u.external_status.empty()) said["external_status"] = u.external_status;
    if (!u.back_office_reference.empty()) said["back_office_reference"] = u.back_office_reference;
    events.push_back(case_event(ctx, next.id, "back_office_update", Visibility::kInternal, std::move(said)));

    next.version = current.version + 1;
    next.updated_at = ctx.now;
    RETURN_IF_ERROR(tx.update_case(ctx.tenant, next, current.version));
    for (CaseEvent& e : events) {
      e.case_id = next.id;
      ASSIGN_OR_RETURN(e.id, tx.append_event(ctx.tenant, e));
    }
    RETURN_IF_ERROR(queue_case_notifications(tx, *cat, ctx.tenant, next, events, true, ctx.now, public_url_));

    link->status = status_name;
    if (!u.external_status.empty()) link->external_status = u.external_status;
    if (!u.back_office_reference.empty()) link->reference = u.back_office_reference;
    link->updated_at = ctx.now;
    RETURN_IF_ERROR(tx.put_back_office_link(ctx.tenant, next.id, *link));
    RETURN_IF_ERROR(audit(tx, ctx, "case.back_office_update", "case", next.reference,
                          {{"status", status_name}, {"update_id", u.update_id}}));
    out = BackOfficeResult{next, *link, transition.has_value()};
    return {};
  }));
  return std::move(*out);
}

Result<Category> BackOfficeService::set_forwarding(const RequestContext& ctx, const std::string& category,
                                                   const std::string& endpoint) {
  if (!can(ctx.principal, Permission::kManageCatalogue)) return denied(ctx, "change the service catalogue");
  std::optional<Category> out;
  RETURN_IF_ERROR(store_.write([&](Tx& tx) -> Status {
    ASSIGN_OR_RETURN(auto cat, cache_.get(tx, ctx.tenant));
    auto it = cat->categories.find(category);
    if (it == cat->categories.end()) return not_found("There is no service \"" + category.substr(0, 64) + "\"");
    Category c = it->second;
    if (!endpoint.empty()) {
      if (c.restricted)
        return invalid_field("endpoint", "\"" + c.name + "\" is restricted: its cases are never sent to other systems");
      auto e = tx.get_webhook_endpoint(ctx.tenant, endpoint);
      if (!e && e.error().code == ErrorCode::kNotFound)
        return invalid_field("endpoint", "There is no webhook endpoint \"" + endpoint.substr(0, 64) +
                                             "\": add it first (PUT /api/v1/webhooks/{name})");
      if (!e) return e.error();
    }
    c.forward_to = endpoint;
    RETURN_IF_ERROR(tx.put_category(ctx.tenant, c));
    RETURN_IF_ERROR(audit(tx, ctx, "category.forwarding", "category", c.code, {{"endpoint", endpoint}}));
    out = std::move(c);
    return {};
  }));
  cache_.invalidate(ctx.tenant);  // this process sees the change at once
  return std::move(*out);
}

}  // namespace civicdesk

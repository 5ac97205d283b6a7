#include "app/open311.h"

#include <algorithm>
#include <cctype>
#include <charconv>

#include "app/audit.h"
#include "domain/text.h"

namespace civicdesk {

namespace {

constexpr std::string_view kTokenPrefix = "token-";

std::string join_lines(const std::vector<std::string>& v) {
  std::string out;
  for (const auto& s : v) out += (out.empty() ? "" : "\n") + s;
  return out;
}

std::vector<std::string> split_lines(const std::string& s) {
  std::vector<std::string> out;
  size_t start = 0;
  while (start < s.size()) {
    size_t end = s.find('\n', start);
    if (end == std::string::npos) end = s.size();
    if (end > start) out.push_back(s.substr(start, end - start));
    start = end + 1;
  }
  return out;
}

std::optional<int64_t> integer(std::string_view s) {
  int64_t v = 0;
  auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (ec != std::errc() || p != s.data() + s.size()) return std::nullopt;
  return v;
}

// What a public report site may show: service requests in categories
// that are not restricted.
bool public_case(const CatalogueSnapshot& cat, CaseType type, const std::string& category) {
  if (type != CaseType::kServiceRequest) return false;
  auto it = cat.categories.find(category);
  return it != cat.categories.end() && !it->second.restricted;
}

// The client acting through Open311 creates cases and adds timeline
// entries only through these use cases: it is given cases:write (and read)
// here, never
// on the API (its key alone does not open /api/v1).
RequestContext acting_client(const RequestContext& ctx) {
  RequestContext out = ctx;
  out.principal.scopes.insert(std::string(scope::kCasesWrite));
  out.principal.scopes.insert(std::string(scope::kCasesRead));
  return out;
}

Status check_media(const std::vector<std::string>& urls) {
  if (urls.size() > 10) return invalid_field("media_url", "At most 10 media_url values");
  for (const auto& u : urls)
    if (u.size() > 2000 || !(u.rfind("http://", 0) == 0 || u.rfind("https://", 0) == 0))
      return invalid_field("media_url", "media_url must be an http or https URL of at most 2000 characters");
  return {};
}

}  // namespace

Result<Principal> Open311Service::client(TenantId tenant, const std::string& api_key, Instant now) {
  if (api_key.empty()) return Error(ErrorCode::kPermissionDenied, "api_key is required for this request", "api_key");
  Credentials c;
  c.bearer = api_key.substr(0, 200);
  auto p = accounts_.authenticate(tenant, c, now);
  if (!p) {
    if (p.error().kind() == ErrorKind::kUnavailable) return p.error();
    return Error(ErrorCode::kPermissionDenied, "api_key is not valid: it is unknown, revoked or expired", "api_key");
  }
  if (p->kind != Principal::Kind::kApiClient || !can(*p, Permission::kOpen311))
    return Error(ErrorCode::kPermissionDenied, "This api_key is not for Open311 (it needs the open311 scope)",
                 "api_key");
  return p;
}

Result<std::string> Open311Service::jurisdiction_id(const RequestContext& ctx) {
  std::string out;
  RETURN_IF_ERROR(store_.read([&](ReadTx& tx) -> Status {
    ASSIGN_OR_RETURN(auto cat, cache_.get(tx, ctx.tenant));
    out = cat->tenant.slug;
    return {};
  }));
  return out;
}

Result<std::vector<std::pair<Category, std::string>>> Open311Service::services(const RequestContext& ctx) {
  std::vector<std::pair<Category, std::string>> out;
  RETURN_IF_ERROR(store_.read([&](ReadTx& tx) -> Status {
    ASSIGN_OR_RETURN(auto cat, cache_.get(tx, ctx.tenant));
    for (const auto& [code, c] : cat->categories) {
      if (!open311::offered(c)) continue;
      std::string group;
      if (auto p = cat->categories.find(c.parent); !c.parent.empty() && p != cat->categories.end()) group = p->second.name;
      out.emplace_back(c, group);
    }
    return {};
  }));
  return out;
}

Result<Category> Open311Service::service(const RequestContext& ctx, const std::string& code) {
  std::optional<Category> out;
  RETURN_IF_ERROR(store_.read([&](ReadTx& tx) -> Status {
    ASSIGN_OR_RETURN(auto cat, cache_.get(tx, ctx.tenant));
    auto it = cat->categories.find(code);
    if (it == cat->categories.end() || !open311::offered(it->second))
      return not_found("There is no service with service_code \"" + code.substr(0, 64) + "\"");
    out = it->second;
    return {};
  }));
  return std::move(*out);
}

Result<Open311Created> Open311Service::create(const RequestContext& ctx, const Open311NewRequest& in) {
  if (in.service_code.empty()) return Error(ErrorCode::kMissingField, "service_code is required", "service_code");
  if (in.lat.has_value() != in.lng.has_value())
    return Error(ErrorCode::kMissingField, "Send both lat and long, or neither", in.lat ? "long" : "lat");
  RETURN_IF_ERROR(check_media(in.media_urls));
  const RequestContext actor = acting_client(ctx);
  // The resident, found by email before the write: SQLite has one writer,
  // so the write transaction holds only the writes (two first reports from
  // one new address at the same moment may each make a customer record; the
  // council merges duplicates as it does for every channel).
  std::string email(trim(in.email));
  for (char& ch : email) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
  std::optional<Id> known_customer;
  if (!email.empty()) {
    RETURN_IF_ERROR(store_.read([&](ReadTx& tx) -> Status {
      CustomerFilter f;
      f.email = email;
      f.limit = 1;
      ASSIGN_OR_RETURN(auto found, tx.list_customers(ctx.tenant, f));
      if (!found.empty()) known_customer = found.front().id;
      return {};
    }));
  }
  // Photos are stripped before the write. One that is not an acceptable
  // photo does not cost the resident their report: it is left out, and the
  // case's timeline says which and why (docs/media.md).
  if (in.photos.size() > 10) return invalid_field("photo", "At most 10 photos");
  std::vector<media::CleanImage> photos;
  std::vector<std::string> refused;
  for (const auto& p : in.photos) {
    auto img = media::clean(p.bytes, attachments_.limits());
    if (img) photos.push_back(std::move(img).value());
    else refused.push_back(p.field.substr(0, 40) + ": " + img.error().message);
  }
  Open311Created out;
  RETURN_IF_ERROR(store_.write([&](Tx& tx) -> Status {
    ASSIGN_OR_RETURN(auto cat, cache_.get(tx, ctx.tenant));
    auto it = cat->categories.find(in.service_code);
    if (it == cat->categories.end() || !open311::offered(it->second))
      return invalid_field("service_code", "There is no service with service_code \"" +
                                               in.service_code.substr(0, 64) + "\"");
    const Category& category = it->second;

    NewCase n;
    n.type = CaseType::kServiceRequest;
    n.category = category.code;
    n.channel = Channel::kOpen311;
    n.description = in.description;
    n.location.lat = in.lat;
    n.location.lng = in.lng;
    n.location.address = in.address_string;
    auto attr = [&](const std::string& code) -> std::string {
      auto a = in.attributes.find(code);
      return a == in.attributes.end() || a->second.empty() ? "" : a->second.front();
    };
    for (const auto& [code, target] : {std::pair<std::string, std::optional<int64_t>*>{"uprn", &n.location.uprn},
                                       {"usrn", &n.location.usrn}}) {
      if (const std::string v = attr(code); !v.empty()) {
        auto num = integer(v);
        if (!num || *num <= 0) return invalid_field("attribute[" + code + "]", code + " must be a whole number");
        *target = *num;
      }
    }
    if (!in.address_id.empty()) {
      auto num = integer(in.address_id);
      if (!num || *num <= 0)
        return invalid_field("address_id", "address_id must be the property's UPRN (a whole number)");
      n.location.uprn = *num;
    }
    if (!n.location.lat && n.location.address.empty() && !n.location.uprn)
      return Error(ErrorCode::kMissingField, "Say where the problem is: lat and long, address_string or address_id",
                   "lat");
    ASSIGN_OR_RETURN(n.answers, open311::answers_for(category, in.attributes));
    n.title = attr("title");
    if (n.title.empty() || n.title.size() > 200) n.title = category.name;

    // The resident: found by email above, else recorded when they gave anything.
    n.customer_id = known_customer;
    if (!n.customer_id && (!email.empty() || !in.phone.empty())) {
      Customer c;
      c.given_name = std::string(trim(in.first_name));
      c.family_name = std::string(trim(in.last_name));
      if (c.given_name.empty() && c.family_name.empty()) c.given_name = "Open311 reporter";
      if (!email.empty()) c.emails.push_back(EmailAddress{email, "", true});
      if (!in.phone.empty()) c.phones.push_back(PhoneNumber{in.phone, "", true});
      auto norm = normalise_customer(std::move(c), london_date(ctx.now));
      if (!norm) {
        Error e = norm.error();
        e.field = e.field.rfind("emails", 0) == 0 ? "email" : e.field.rfind("phones", 0) == 0 ? "phone" : "first_name";
        return e;
      }
      norm->created_at = norm->updated_at = ctx.now;
      norm->version = 1;
      ASSIGN_OR_RETURN(Id id, tx.insert_customer(ctx.tenant, *norm));
      n.customer_id = id;
    }
    ASSIGN_OR_RETURN(Case c, cases_.create_in(tx, *cat, actor, n));
    // What FixMyStreet told us about the report, for staff (not public).
    std::map<std::string, std::string> d;
    if (!in.media_urls.empty()) d["media_url"] = join_lines(in.media_urls);
    if (!in.device_id.empty()) d["device_id"] = in.device_id.substr(0, 200);
    if (!in.account_id.empty()) d["account_id"] = in.account_id.substr(0, 200);
    for (const std::string key : {"fixmystreet_id", "report_url"})
      if (const std::string v = attr(key); !v.empty()) d[key] = v.substr(0, 500);
    if (!refused.empty()) d["photos_refused"] = join_lines(refused);
    if (!d.empty()) RETURN_IF_ERROR(tx.append_event(ctx.tenant, case_event(actor, c.id, "open311_received",
                                                                           Visibility::kInternal, std::move(d))));
    // Public with the report unless its category is restricted.
    for (const auto& img : photos)
      RETURN_IF_ERROR(AttachmentService::store_in(tx, actor, c.id, img, !category.restricted));
    RETURN_IF_ERROR(audit(tx, actor, "open311.request", "case", c.reference));
    out.service_request_id = c.reference;
    out.token = std::string(kTokenPrefix) + c.reference;
    return {};
  }));
  return out;
}

Result<Open311RequestView> Open311Service::view(const CatalogueSnapshot& cat, const Case& c,
                                                std::vector<std::string> media) {
  Open311RequestView v;
  v.c = c;
  // Reports taken by phone, letter or email may name people and are often
  // about their own home (pests, repairs, noise): only what the resident
  // wrote for a public site shows its description and where it is.
  if (c.channel != Channel::kOpen311 && c.channel != Channel::kApp && c.channel != Channel::kWebform) {
    v.c.description.clear();
    v.c.location = Location{};
  }
  if (auto it = cat.categories.find(c.category); it != cat.categories.end()) v.service_name = it->second.name;
  if (auto du = cat.delivery_units.find(c.delivery_unit); du != cat.delivery_units.end())
    v.agency_responsible = du->second.name;
  if (c.status == CaseStatus::kClosed) v.status_notes = c.outcome_notes;
  v.expected = c.clock.resolve_by;
  v.media_urls = std::move(media);
  return v;
}

Result<std::vector<Open311RequestView>> Open311Service::requests(const RequestContext& ctx, const Open311Query& q) {
  std::vector<Open311RequestView> out;
  if (q.ids.size() > static_cast<size_t>(kMaxRequests))
    return invalid_field("service_request_id", "At most 1000 service_request_id values");
  if (q.status && *q.status != "open" && *q.status != "closed")
    return invalid_field("status", "status must be open or closed");
  RETURN_IF_ERROR(store_.read([&](ReadTx& tx) -> Status {
    ASSIGN_OR_RETURN(auto cat, cache_.get(tx, ctx.tenant));
    if (!q.ids.empty()) {
      // The spec: a list of ids overrides every other parameter.
      for (const auto& id : q.ids) {
        auto c = tx.get_case_by_reference(ctx.tenant, id);
        if (!c) {
          if (c.error().code == ErrorCode::kNotFound) continue;
          return std::move(c).error();
        }
        if (!public_case(*cat, c->type, c->category)) continue;
        ASSIGN_OR_RETURN(auto v, view(*cat, *c, {}));
        out.push_back(std::move(v));
      }
      return add_photo_urls(tx, ctx.tenant, out);
    }
    CaseFilter f;
    f.type = CaseType::kServiceRequest;
    f.scope = CaseScope::all();
    for (const auto& [code, c] : cat->categories)
      if (c.restricted) f.scope.hidden_categories.push_back(code);
    if (!q.service_code.empty()) {
      auto it = cat->categories.find(q.service_code);
      if (it == cat->categories.end() || it->second.restricted)
        return invalid_field("service_code", "There is no service with service_code \"" +
                                                 q.service_code.substr(0, 64) + "\"");
      f.category = q.service_code;
    }
    if (q.status) {
      if (*q.status == "open") f.open_only = true;
      else f.status = CaseStatus::kClosed;
    }
    const Instant end = q.end.value_or(q.start ? *q.start + std::chrono::days(kDefaultWindowDays) : ctx.now);
    const Instant start = q.start.value_or(end - std::chrono::days(kDefaultWindowDays));
    if (end < start) return invalid_field("end_date", "end_date is before start_date");
    f.received_from = start;
    f.received_to = end + std::chrono::seconds(1);  // end_date is inclusive
    f.limit = kMaxRequests;
    ASSIGN_OR_RETURN(auto cases, tx.list_cases(ctx.tenant, f));
    if (cases.size() > static_cast<size_t>(kMaxRequests)) cases.resize(kMaxRequests);
    for (const Case& c : cases) {
      ASSIGN_OR_RETURN(auto v, view(*cat, c, {}));
      out.push_back(std::move(v));
    }
    return add_photo_urls(tx, ctx.tenant, out);
  }));
  return out;
}

std::string Open311Service::photo_url(const Attachment& a) const {
  std::string base = accounts_.options().public_url;
  while (!base.empty() && base.back() == '/') base.pop_back();
  auto type = media::parse_content_type(a.content_type);
  return base + "/open311/v2/media/" + std::to_string(a.id) + "." +
         std::string(type ? media::extension(*type) : "jpg");
}

// Views are all of public reports (public_case): the first public photo of
// each becomes its media_url, ahead of any remote link.
Status Open311Service::add_photo_urls(ReadTx& tx, TenantId tenant, std::vector<Open311RequestView>& views) {
  std::vector<Id> ids;
  for (const auto& v : views) ids.push_back(v.c.id);
  ASSIGN_OR_RETURN(auto first, tx.first_public_attachments(tenant, ids));
  for (auto& v : views)
    if (auto it = first.find(v.c.id); it != first.end()) v.media_urls.insert(v.media_urls.begin(), photo_url(it->second));
  return {};
}

Result<Open311RequestView> Open311Service::request(const RequestContext& ctx, const std::string& id) {
  std::optional<Open311RequestView> out;
  RETURN_IF_ERROR(store_.read([&](ReadTx& tx) -> Status {
    ASSIGN_OR_RETURN(auto cat, cache_.get(tx, ctx.tenant));
    auto c = tx.get_case_by_reference(ctx.tenant, id);
    if (!c || !public_case(*cat, c->type, c->category)) {
      if (!c && c.error().code != ErrorCode::kNotFound) return std::move(c).error();
      return not_found("There is no service request \"" + id.substr(0, 64) + "\"");
    }
    std::vector<std::string> media;
    ASSIGN_OR_RETURN(auto events, tx.list_events(ctx.tenant, c->id, Visibility::kInternal));
    for (const auto& e : events)
      if (e.kind == "open311_received")
        if (auto m = e.details.find("media_url"); m != e.details.end()) media = split_lines(m->second);
    ASSIGN_OR_RETURN(auto v, view(*cat, *c, std::move(media)));
    std::vector<Open311RequestView> one{std::move(v)};
    RETURN_IF_ERROR(add_photo_urls(tx, ctx.tenant, one));
    out = std::move(one.front());
    return {};
  }));
  return std::move(*out);
}

Result<std::string> Open311Service::token(const RequestContext& ctx, const std::string& token) {
  if (token.rfind(kTokenPrefix, 0) != 0) return not_found("There is no token \"" + token.substr(0, 64) + "\"");
  auto v = request(ctx, token.substr(kTokenPrefix.size()));
  if (!v) {
    if (v.error().code == ErrorCode::kNotFound) return not_found("There is no token \"" + token.substr(0, 64) + "\"");
    return v.error();
  }
  return v->c.reference;
}

Result<std::vector<Open311Update>> Open311Service::updates(const RequestContext& ctx, Instant start, Instant end) {
  if (end < start) return invalid_field("end_date", "end_date is before start_date");
  std::vector<Open311Update> out;
  RETURN_IF_ERROR(store_.read([&](ReadTx& tx) -> Status {
    ASSIGN_OR_RETURN(auto cat, cache_.get(tx, ctx.tenant));
    ASSIGN_OR_RETURN(auto events, tx.list_public_events(ctx.tenant, start, end + std::chrono::seconds(1), kMaxUpdates));
    std::map<Id, std::vector<CaseEvent>> status_at;  // public timelines of cases with notes, read once
    std::map<Id, std::vector<std::string>> duplicates;  // references of reports marked duplicate_of each case
    for (const auto& p : events) {
      if (!public_case(*cat, p.type, p.category)) continue;
      const CaseEvent& e = p.event;
      Open311Update u;
      u.update_id = std::to_string(e.id);
      u.service_request_id = p.reference;
      u.updated = e.at;
      if (e.kind == event_kind::kStatusChanged) {
        auto to = e.details.count("to") ? parse_case_status(e.details.at("to")) : Result<CaseStatus>(p.status);
        std::optional<CaseOutcome> outcome;
        if (auto o = e.details.find("outcome"); o != e.details.end())
          if (auto parsed = parse_case_outcome(o->second)) outcome = *parsed;
        u.status = open311::status_of(to ? *to : p.status, outcome);
        u.external_status_code = to ? std::string(to_string(*to)) : "";
        u.description = e.details.count("reason") ? e.details.at("reason") : "";
      } else if (e.kind == event_kind::kNote) {
        // A public note: the case's status when it was written (the last
        // status change before it on the timeline; new before any).
        auto known = status_at.find(e.case_id);
        if (known == status_at.end()) {
          ASSIGN_OR_RETURN(auto timeline, tx.list_events(ctx.tenant, e.case_id, Visibility::kPublic));
          known = status_at.emplace(e.case_id, std::move(timeline)).first;
        }
        CaseStatus st = CaseStatus::kNew;
        std::optional<CaseOutcome> outcome;
        for (const auto& earlier : known->second) {
          if (earlier.id >= e.id) break;
          if (earlier.kind != event_kind::kStatusChanged) continue;
          if (auto to = earlier.details.find("to"); to != earlier.details.end())
            if (auto parsed = parse_case_status(to->second)) st = *parsed;
          outcome.reset();
          if (auto o = earlier.details.find("outcome"); o != earlier.details.end())
            if (auto parsed = parse_case_outcome(o->second)) outcome = *parsed;
        }
        u.status = open311::status_of(st, outcome);
        u.description = e.details.count("text") ? e.details.at("text") : "";
      } else {
        continue;  // received, clock changes, citizens' own updates: nothing new for them
      }
      // Reports marked as duplicates of this one share its updates, so that
      // whoever reported a duplicate hears too ("<event>-<reference>").
      auto dups = duplicates.find(e.case_id);
      if (dups == duplicates.end()) {
        ASSIGN_OR_RETURN(auto links, tx.list_links(ctx.tenant, e.case_id));
        std::vector<std::string> refs;
        for (const auto& l : links)
          if (l.kind == LinkKind::kDuplicatedBy) refs.push_back(l.other_reference);
        dups = duplicates.emplace(e.case_id, std::move(refs)).first;
      }
      for (const auto& ref : dups->second) {
        Open311Update shared = u;
        shared.update_id = u.update_id + "-" + ref;
        shared.service_request_id = ref;
        out.push_back(std::move(shared));
      }
      out.push_back(std::move(u));
    }
    return {};
  }));
  return out;
}

Result<std::string> Open311Service::add_citizen_update(const RequestContext& ctx, const Open311CitizenUpdate& u) {
  if (u.service_request_id.empty())
    return Error(ErrorCode::kMissingField, "service_request_id is required", "service_request_id");
  if (u.update_id.empty() || u.update_id.size() > 100)
    return Error(ErrorCode::kMissingField, "update_id is required (at most 100 characters)", "update_id");
  if (trim(u.description).empty() && u.media_urls.empty())
    return Error(ErrorCode::kMissingField, "description is required", "description");
  if (u.description.size() > 10000) return invalid_field("description", "description is too long");
  RETURN_IF_ERROR(check_media(u.media_urls));
  ASSIGN_OR_RETURN(open311::Status status, open311::parse_status(u.status.empty() ? "open" : u.status));
  const RequestContext actor = acting_client(ctx);
  // Not a request a public site may know of: as if it did not exist.
  RETURN_IF_ERROR(request(ctx, u.service_request_id));
  std::optional<Id> existing;
  std::optional<Id> added;
  auto changed = cases_.change_case(
      actor, u.service_request_id, std::nullopt,
      [&](Tx& tx, const CatalogueSnapshot&, Case& c, std::vector<CaseEvent>& events) -> Status {
        ASSIGN_OR_RETURN(auto all, tx.list_events(ctx.tenant, c.id, Visibility::kPublic));
        for (const auto& e : all)
          if (e.kind == kOpen311UpdateEvent && e.actor == actor.principal.actor_tag() &&
              e.details.count("update_id") && e.details.at("update_id") == u.update_id) {
            existing = e.id;
            return Error(ErrorCode::kAlreadyExists, "already recorded");  // rolls back: nothing changes
          }
        std::map<std::string, std::string> d{{"update_id", u.update_id},
                                             {"status", open311::to_upper(status)},
                                             {"text", u.description}};
        const std::string name = std::string(trim(u.first_name + " " + u.last_name));
        if (!name.empty()) d["name"] = name.substr(0, 200);
        if (u.updated) d["updated_datetime"] = format_instant(*u.updated);
        if (!u.media_urls.empty()) d["media_url"] = join_lines(u.media_urls);
        CaseEvent e = case_event(actor, c.id, kOpen311UpdateEvent, Visibility::kPublic, std::move(d));
        ASSIGN_OR_RETURN(added, tx.append_event(ctx.tenant, e));
        return {};
      });
  if (existing) return std::to_string(*existing);
  if (!changed) return changed.error();
  return std::to_string(added.value_or(0));
}

}  // namespace civicdesk

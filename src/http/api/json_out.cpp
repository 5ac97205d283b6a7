#include "http/api/json_out.h"

namespace civicdesk::http {

namespace {

json opt_date(const std::optional<LocalDate>& d) { return d ? json(format_date(*d)) : json(nullptr); }
json opt_id(const std::optional<Id>& id) { return id ? json(*id) : json(nullptr); }

}  // namespace

std::string dump(const json& j) { return j.dump(-1, ' ', false, json::error_handler_t::replace); }

std::string etag(int64_t version) { return "\"" + std::to_string(version) + "\""; }

void write_case(JsonWriter& w, const CaseView& v) {
  const Case& c = v.c;
  auto date = [&](const std::optional<LocalDate>& d) -> JsonWriter& {
    return d ? w.string(format_date(*d)) : w.null();
  };
  w.begin_object();
  w.key("reference").string(c.reference);
  w.key("type").string(to_string(c.type));
  w.key("status").string(to_string(c.status));
  w.key("priority").string(to_string(c.priority));
  w.key("category").string(c.category);
  w.key("delivery_unit").string(c.delivery_unit);
  w.key("team").string(c.team);
  w.key("assignee_id").optional(c.assignee_id);
  w.key("customer_id").optional(c.customer_id);
  w.key("member_id").optional(c.member_id);
  w.key("channel").string(to_string(c.channel));
  w.key("title").string(c.title);
  w.key("description").string(c.description);
  const Location& l = c.location;
  w.key("location").begin_object();
  w.key("lat").optional(l.lat);
  w.key("lng").optional(l.lng);
  w.key("address").string(l.address);
  w.key("postcode").string(l.postcode);
  w.key("uprn");
  l.uprn ? w.string(std::to_string(*l.uprn)) : w.null();
  w.key("usrn");
  l.usrn ? w.string(std::to_string(*l.usrn)) : w.null();
  w.key("ward").string(l.ward);
  w.end_object();
  w.key("answers").begin_object();
  for (const auto& [code, values] : c.answers) {
    w.key(code);
    if (values.size() == 1) {
      w.string(values.front());
    } else {
      w.begin_array();
      for (const auto& value : values) w.string(value);
      w.end_array();
    }
  }
  w.end_object();
  w.key("received_at").string(format_instant(c.received_at));
  w.key("sla").begin_object();
  w.key("policy").string(c.sla.code);
  w.key("name").string(c.sla.name);
  w.key("start_date").string(format_date(c.clock.start_day));
  w.key("respond_by");
  date(c.clock.respond_by);
  w.key("resolve_by");
  date(c.clock.resolve_by);
  w.key("responded_on");
  date(c.clock.responded_on);
  w.key("paused_since");
  date(c.clock.paused_on);
  w.key("paused_working_days").number(static_cast<int64_t>(c.clock.paused_days));
  w.key("extension").number(static_cast<int64_t>(c.clock.extension));
  w.key("state").string(to_string(v.resolve.state));
  if (v.resolve.state == SlaState::kOnTrack)
    w.key("working_days_remaining").number(static_cast<int64_t>(v.resolve.working_days));
  if (v.resolve.state == SlaState::kOverdue)
    w.key("working_days_overdue").number(static_cast<int64_t>(-v.resolve.working_days));
  w.key("responded_in_time").optional(v.responded_in_time);
  w.end_object();
  w.key("closed_at");
  c.closed_at ? w.string(format_instant(*c.closed_at)) : w.null();
  w.key("outcome");
  c.outcome ? w.string(to_string(*c.outcome)) : w.null();
  w.key("outcome_notes").string(c.outcome_notes);
  if (c.type == CaseType::kMemberEnquiry) {
    const EnquiryTracking& e = c.enquiry;
    w.key("enquiry").begin_object();
    w.key("routing").string(e.routing == Routing::kNone ? std::string_view("unrouted") : to_string(e.routing));
    w.key("confidential").boolean(e.confidential);
    w.key("delay_advised_at");
    e.delay_advised_at ? w.string(format_instant(*e.delay_advised_at)) : w.null();
    w.key("revised_due_on");
    date(e.revised_due_on);
    w.key("chasers").number(static_cast<int64_t>(e.chasers));
    w.key("escalated_at");
    e.escalated_at ? w.string(format_instant(*e.escalated_at)) : w.null();
    w.key("diary_on");
    date(e.diary_on);
    w.key("diary_reason").string(e.diary_reason);
    w.end_object();
  }
  w.key("created_at").string(format_instant(c.created_at));
  w.key("updated_at").string(format_instant(c.updated_at));
  w.key("version").number(c.version);
  w.end_object();
}

std::string case_text(const CaseView& v) {
  JsonWriter w;
  write_case(w, v);
  return std::move(w).take();
}

std::string case_page_text(const std::vector<CaseView>& items, const std::optional<std::string>& next_cursor) {
  JsonWriter w;
  w.begin_object();
  w.key("items").begin_array();
  for (const auto& v : items) write_case(w, v);
  w.end_array();
  w.key("next_cursor").optional(next_cursor);
  w.end_object();
  return std::move(w).take();
}

json event_json(const CaseEvent& e) {
  json details = json::object();
  for (const auto& [k, v] : e.details) details[k] = v;
  return {{"id", e.id},
          {"at", format_instant(e.at)},
          {"actor", e.actor},
          {"kind", e.kind},
          {"visibility", std::string(to_string(e.visibility))},
          {"details", details}};
}

json link_json(const CaseLink& l) {
  return {{"kind", std::string(to_string(l.kind))}, {"case", l.other_reference}};
}

json watcher_json(const Watcher& w) {
  return {{"kind", std::string(to_string(w.kind))},
          {"id", opt_id(w.ref_id)},
          {"email", w.email},
          {"name", w.name},
          {"added_at", format_instant(w.added_at)}};
}

json customer_json(const Customer& c) {
  json emails = json::array(), phones = json::array(), addresses = json::array();
  for (const auto& e : c.emails) emails.push_back({{"address", e.address}, {"label", e.label}, {"primary", e.primary}});
  for (const auto& p : c.phones) phones.push_back({{"number", p.number}, {"label", p.label}, {"primary", p.primary}});
  for (const auto& a : c.addresses)
    addresses.push_back({{"line1", a.line1},
                         {"line2", a.line2},
                         {"line3", a.line3},
                         {"town", a.town},
                         {"postcode", a.postcode},
                         {"uprn", a.uprn ? json(std::to_string(*a.uprn)) : json(nullptr)},
                         {"label", a.label},
                         {"primary", a.primary}});
  return {{"id", c.id},
          {"kind", std::string(to_string(c.kind))},
          {"display_name", c.display_name()},
          {"title", c.title},
          {"given_name", c.given_name},
          {"family_name", c.family_name},
          {"organisation_name", c.organisation_name},
          {"date_of_birth", opt_date(c.date_of_birth)},
          {"emails", emails},
          {"phones", phones},
          {"addresses", addresses},
          {"preferred_channel",
           c.preferred_channel ? json(std::string(to_string(*c.preferred_channel))) : json(nullptr)},
          {"language", c.language},
          {"needs_support", c.needs_support},
          {"support_notes", c.support_notes},
          {"created_at", format_instant(c.created_at)},
          {"updated_at", format_instant(c.updated_at)},
          {"version", c.version}};
}

json contact_json(const Contact& c) {
  return {{"id", c.id},
          {"customer_id", opt_id(c.customer_id)},
          {"channel", std::string(to_string(c.channel))},
          {"direction", std::string(to_string(c.direction))},
          {"at", format_instant(c.at)},
          {"handler_id", opt_id(c.handler_id)},
          {"category", c.category},
          {"reason", c.reason},
          {"outcome", std::string(to_string(c.outcome))},
          {"signposted_to", c.signposted_to},
          {"duration_seconds", c.duration_seconds},
          {"case_reference", c.case_reference.empty() ? json(nullptr) : json(c.case_reference)},
          {"notes", c.notes}};
}

json delivery_unit_json(const DeliveryUnit& du, const CatalogueSnapshot& cat) {
  json teams = json::array();
  for (const auto& [code, t] : cat.teams)
    if (t.delivery_unit == du.code) teams.push_back({{"code", t.code}, {"name", t.name}});
  return {{"code", du.code}, {"name", du.name}, {"description", du.description}, {"active", du.active}, {"teams", teams}};
}

json officer_json(const Officer& o) {
  return {{"id", o.id},
          {"name", o.name},
          {"email", o.email},
          {"delivery_unit", o.delivery_unit},
          {"team", o.team},
          {"role", std::string(to_string(o.role))},
          {"active", o.active}};
}

json member_json(const Member& m) {
  return {{"id", m.id}, {"name", m.name}, {"ward", m.ward}, {"party", m.party}, {"email", m.email}, {"active", m.active}};
}

json ward_json(const Ward& w) { return {{"code", w.code}, {"name", w.name}}; }

json policy_json(const SlaPolicy& p) {
  return {{"code", p.code},
          {"name", p.name},
          {"clock", std::string(to_string(p.clock))},
          {"counting", std::string(to_string(p.counting))},
          {"resolve_from", std::string(to_string(p.resolve_from))},
          {"holidays", std::string(to_string(p.holidays))},
          {"respond_days", p.respond_days},
          {"resolve_days", p.resolve_days},
          {"max_extension", p.max_extension},
          {"pausable", p.pausable}};
}

json category_json(const Category& c, const CatalogueSnapshot& cat) {
  json questions = json::array();
  for (const auto& q : c.questions) {
    json options = json::array();
    for (const auto& o : q.options) options.push_back({{"key", o.key}, {"name", o.name}});
    questions.push_back({{"code", q.code},
                         {"prompt", q.prompt},
                         {"datatype", std::string(to_string(q.type))},
                         {"required", q.required},
                         {"order", q.order},
                         {"options", options}});
  }
  json policy = nullptr;
  if (auto it = cat.policies.find(c.sla_policy); it != cat.policies.end()) policy = policy_json(it->second);
  return {{"code", c.code},
          {"name", c.name},
          {"parent", c.parent.empty() ? json(nullptr) : json(c.parent)},
          {"description", c.description},
          {"keywords", c.keywords},
          {"lgsl", c.lgsl ? json(*c.lgsl) : json(nullptr)},
          {"lgil", c.lgil ? json(*c.lgil) : json(nullptr)},
          {"delivery_unit", c.delivery_unit},
          {"sla_policy", policy},
          {"location_required", c.location_required},
          {"restricted", c.restricted},
          {"active", c.active},
          {"questions", questions},
          {"forward_to", c.forward_to.empty() ? json(nullptr) : json(c.forward_to)}};
}

}  // namespace civicdesk::http

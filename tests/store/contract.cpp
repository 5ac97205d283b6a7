#include "store/contract.h"

#include <cstdio>
#include <sstream>

namespace civicdesk::contract {

namespace {

// One "name=value" field list.
class Fields {
 public:
  template <typename V>
  Fields& operator()(std::string_view name, const V& v) {
    if (!out_.empty()) out_ += " ";
    out_ += std::string(name) + "=" + str(v);
    return *this;
  }
  std::string done() const { return out_; }

 private:
  static std::string str(const std::string& s) { return "\"" + s + "\""; }
  static std::string str(std::string_view s) { return "\"" + std::string(s) + "\""; }
  static std::string str(const char* s) { return "\"" + std::string(s) + "\""; }
  static std::string str(bool b) { return b ? "true" : "false"; }
  static std::string str(int v) { return std::to_string(v); }
  static std::string str(int64_t v) { return std::to_string(v); }
  static std::string str(double v) {
    char buf[40];
    std::snprintf(buf, sizeof buf, "%.17g", v);
    return buf;
  }
  static std::string str(Instant t) {
    return format_instant(t) + "(" + std::to_string(t.time_since_epoch().count()) + ")";
  }
  static std::string str(LocalDate d) { return format_date(d); }
  template <typename T>
  static std::string str(const std::optional<T>& v) {
    return v ? str(*v) : std::string("null");
  }
  template <typename T>
  static std::string str(const std::vector<T>& v) {
    std::string out = "[";
    for (const auto& x : v) out += (out.size() > 1 ? "," : "") + str(x);
    return out + "]";
  }
  std::string out_;
};

std::string render_question(const Question& q) {
  std::string opts;
  for (const auto& o : q.options) opts += "{" + o.key + ":" + o.name + "}";
  return Fields()("code", q.code)("prompt", q.prompt)("type", to_string(q.type))("required", q.required)(
             "order", q.order)("options", opts)
      .done();
}

}  // namespace

std::string code(const Status& s) { return s.ok() ? "ok" : std::string(wire_code(s.error().code)); }

void ok(Status s, std::string_view what) {
  if (!s)
    throw std::runtime_error(std::string(what) + ": " + std::string(wire_code(s.error().code)) + ": " +
                             s.error().message);
}

std::string render(const Tenant& t) {
  return Fields()("id", t.id)("slug", t.slug)("name", t.name)("prefix", t.reference_prefix)(
             "division", division_key(t.division))("brand", t.brand_colour)("hostnames", t.hostnames)(
             "me_respond", t.me_respond_days)("me_close", t.me_close_days)("created_at", t.created_at)
      .done();
}

std::string render(const DeliveryUnit& d) {
  return Fields()("code", d.code)("name", d.name)("description", d.description)("active", d.active).done();
}

std::string render(const Team& t) {
  return Fields()("code", t.code)("du", t.delivery_unit)("name", t.name).done();
}

std::string render(const Officer& o) {
  return Fields()("id", o.id)("name", o.name)("email", o.email)("du", o.delivery_unit)("team", o.team)(
             "role", to_string(o.role))("active", o.active)
      .done();
}

std::string render(const Ward& w) { return Fields()("code", w.code)("name", w.name).done(); }

std::string render(const Member& m) {
  return Fields()("id", m.id)("name", m.name)("ward", m.ward)("party", m.party)("email", m.email)("active",
                                                                                                  m.active)
      .done();
}

std::string render(const SlaPolicy& p) {
  return Fields()("code", p.code)("name", p.name)("clock", to_string(p.clock))(
             "counting", to_string(p.counting))("resolve_from", to_string(p.resolve_from))(
             "holidays", to_string(p.holidays))("respond", p.respond_days)("resolve", p.resolve_days)(
             "max_ext", p.max_extension)("pausable", p.pausable)
      .done();
}

std::string render(const Category& c) {
  std::vector<std::string> qs;
  for (const auto& q : c.questions) qs.push_back(render_question(q));
  return Fields()("code", c.code)("name", c.name)("parent", c.parent)("description", c.description)(
             "keywords", c.keywords)("lgsl", c.lgsl)("lgil", c.lgil)("du", c.delivery_unit)(
             "sla", c.sla_policy)("location_required", c.location_required)("restricted", c.restricted)(
             "active", c.active)("questions", qs)("forward_to", c.forward_to)
      .done();
}

std::string render(const BankHoliday& h) {
  return Fields()("division", division_key(h.division))("date", h.date)("title", h.title)("notes", h.notes)
      .done();
}

std::string render(const Customer& c) {
  std::vector<std::string> emails, phones, addresses;
  for (const auto& e : c.emails)
    emails.push_back(Fields()("address", e.address)("label", e.label)("primary", e.primary).done());
  for (const auto& p : c.phones)
    phones.push_back(Fields()("number", p.number)("label", p.label)("primary", p.primary).done());
  for (const auto& a : c.addresses)
    addresses.push_back(Fields()("line1", a.line1)("line2", a.line2)("line3", a.line3)("town", a.town)(
                            "postcode", a.postcode)("uprn", a.uprn)("label", a.label)("primary", a.primary)
                            .done());
  std::optional<std::string> preferred;
  if (c.preferred_channel) preferred = std::string(to_string(*c.preferred_channel));
  return Fields()("id", c.id)("kind", to_string(c.kind))("title", c.title)("given", c.given_name)(
             "family", c.family_name)("org", c.organisation_name)("dob", c.date_of_birth)("emails", emails)(
             "phones", phones)("addresses", addresses)("preferred", preferred)("language", c.language)(
             "needs_support", c.needs_support)("support_notes", c.support_notes)("created_at", c.created_at)(
             "updated_at", c.updated_at)("version", c.version)
      .done();
}

std::string render(const Contact& c) {
  return Fields()("id", c.id)("customer", c.customer_id)("channel", to_string(c.channel))(
             "direction", to_string(c.direction))("at", c.at)("handler", c.handler_id)(
             "category", c.category)("reason", c.reason)("outcome", to_string(c.outcome))(
             "signposted_to", c.signposted_to)("duration", c.duration_seconds)("case", c.case_id)(
             "case_reference", c.case_reference)("notes", c.notes)
      .done();
}

std::string render(const Case& c) {
  std::vector<std::string> answers;
  for (const auto& [k, vs] : c.answers) {
    std::string a = k + ":";
    for (const auto& v : vs) a += "<" + v + ">";
    answers.push_back(a);
  }
  std::optional<std::string> outcome;
  if (c.outcome) outcome = std::string(to_string(*c.outcome));
  const Location& l = c.location;
  const SlaClock& k = c.clock;
  return Fields()("id", c.id)("reference", c.reference)("type", to_string(c.type))(
             "status", to_string(c.status))("priority", to_string(c.priority))("category", c.category)(
             "du", c.delivery_unit)("team", c.team)("assignee", c.assignee_id)("customer", c.customer_id)(
             "member", c.member_id)("parent", c.parent_id)("channel", to_string(c.channel))("title", c.title)(
             "description", c.description)("lat", l.lat)("lng", l.lng)("address", l.address)(
             "postcode", l.postcode)("uprn", l.uprn)("usrn", l.usrn)("ward", l.ward)("answers", answers)(
             "sla", render(c.sla))("received_at", c.received_at)("received_on", k.received_on)(
             "start_day", k.start_day)("respond_by", k.respond_by)("resolve_by", k.resolve_by)(
             "paused_on", k.paused_on)("paused_days", k.paused_days)("extension", k.extension)(
             "responded_on", k.responded_on)("closed_at", c.closed_at)("outcome", outcome)(
             "outcome_notes", c.outcome_notes)("created_at", c.created_at)("updated_at", c.updated_at)(
             "version", c.version)
      .done();
}

std::string render(const CaseEvent& e) {
  std::vector<std::string> details;
  for (const auto& [k, v] : e.details) details.push_back(k + ":" + v);
  return Fields()("id", e.id)("case", e.case_id)("at", e.at)("actor", e.actor)("kind", e.kind)(
             "visibility", to_string(e.visibility))("details", details)
      .done();
}

std::string render(const CaseLink& l) {
  return Fields()("kind", to_string(l.kind))("other", l.other_id)("other_reference", l.other_reference)
      .done();
}

std::string render(const Watcher& w) {
  return Fields()("kind", to_string(w.kind))("ref", w.ref_id)("email", w.email)("name", w.name)("added_at",
                                                                                                w.added_at)
      .done();
}

std::string render(const StatusCount& s) {
  return Fields()("status", to_string(s.status))("count", s.count).done();
}

LocalDate day(const char* iso) {
  auto d = parse_date(iso);
  if (!d) throw std::runtime_error(std::string("bad date ") + iso);
  return *d;
}

Tenant sample_tenant(const std::string& slug, const std::string& prefix) {
  Tenant t;
  t.slug = slug;
  t.name = "Council of " + slug;
  t.reference_prefix = prefix;
  t.division = Division::kScotland;
  t.brand_colour = "#005eb8";
  t.hostnames = {slug + ".example.gov.uk", "reports." + slug + ".example.gov.uk"};
  t.me_respond_days = 3;
  t.me_close_days = 12;
  t.created_at = at("2015-01-02T03:04:05Z");
  return t;
}

Case full_case(const std::string& reference) {
  Case c;
  c.reference = reference;
  c.type = CaseType::kComplaint;
  c.status = CaseStatus::kClosed;
  c.priority = Priority::kUrgent;
  c.category = "missed-bin";
  c.delivery_unit = "street-scene";
  c.team = "waste";
  c.assignee_id = 101;
  c.customer_id = 202;
  c.member_id = 303;
  c.parent_id = 404;
  c.channel = Channel::kOpen311;
  c.title = "Bin not emptied — O'Brien's \"blue\" bin";
  c.description = "Line one\nLine two with ünïcödé, emoji 🚮 and a tab\tend";
  c.location.lat = 51.507412345678912;
  c.location.lng = 0.1 + 0.2 - 0.42;  // a double with no short decimal form
  c.location.address = "Flat 2, 10 Downing Street, London";
  c.location.postcode = "SW1A 2AA";
  c.location.uprn = 100023336956;
  c.location.usrn = 8100239;
  c.location.ward = "west-hendon";
  c.answers = {{"bin_type", {"recycling"}},
               {"colours", {"red", "blue", "green"}},
               {"notes", {"said \"hi\", then, left"}}};
  c.sla.code = "complaint";
  c.sla.name = "Complaint stage 1";
  c.sla.clock = ClockKind::kCalendarMonths;
  c.sla.counting = CountingRule::kAfterReceipt;
  c.sla.resolve_from = ResolveFrom::kResponse;
  c.sla.holidays = HolidaySet::kAllUk;
  c.sla.respond_days = 5;
  c.sla.resolve_days = 10;
  c.sla.max_extension = 7;
  c.sla.pausable = false;
  c.received_at = at("2016-03-01T23:30:00Z");
  c.clock.received_on = day("2016-03-01");
  c.clock.start_day = day("2016-03-02");
  c.clock.respond_by = day("2016-03-08");
  c.clock.resolve_by = day("2016-03-22");
  c.clock.paused_on = day("2016-03-10");
  c.clock.paused_days = 3;
  c.clock.extension = 2;
  c.clock.responded_on = day("2016-03-04");
  c.closed_at = at("2016-03-21T16:45:59Z");
  c.outcome = CaseOutcome::kPartlyUpheld;
  c.outcome_notes = "Apologised; collection rescheduled";
  c.created_at = at("2016-03-01T23:30:01Z");
  c.updated_at = at("2016-03-21T16:45:59Z");
  c.version = 7;
  return c;
}

Case minimal_case(const std::string& reference) {
  Case c;
  c.reference = reference;
  c.category = "general";
  c.delivery_unit = "street-scene";
  c.title = "General enquiry";
  c.description = "Question";
  c.sla.code = "standard-10";
  c.sla.name = "Standard";
  c.sla.resolve_days = 10;
  c.received_at = at("2016-03-01T10:00:00Z");
  c.clock.received_on = day("2016-03-01");
  c.clock.start_day = day("2016-03-01");
  c.created_at = c.received_at;
  c.updated_at = c.received_at;
  c.version = 1;
  return c;
}

Customer full_customer() {
  Customer c;
  c.kind = CustomerKind::kPerson;
  c.title = "Mrs";
  c.given_name = "Ada";
  c.family_name = "Lovelace";
  c.organisation_name = "Analytical Engines Ltd";
  c.date_of_birth = day("1915-12-10");
  c.emails = {{"ada@example.com", "home", true},
              {"a.lovelace@engines.example.org", "work", false},
              {"countess@example.net", "", false}};
  c.phones = {{"+447700900982", "mobile", true}, {"+442079460000", "work", false}};
  c.addresses = {
      {"12 St James's Square", "Second floor", "", "London", "SW1Y 4JH", 100023336956, "home", true},
      {"Horsley Towers", "", "East Horsley", "Leatherhead", "KT24 6DU", std::nullopt, "", false}};
  c.preferred_channel = PreferredChannel::kSms;
  c.language = "cy";
  c.needs_support = true;
  c.support_notes = "Prefers large print; hearing loop";
  c.created_at = at("2016-02-01T09:00:00Z");
  c.updated_at = at("2016-02-02T09:30:00Z");
  c.version = 1;
  return c;
}

Customer person(const std::string& given, const std::string& family) {
  Customer c;
  c.given_name = given;
  c.family_name = family;
  c.created_at = at("2016-02-01T09:00:00Z");
  c.updated_at = c.created_at;
  c.version = 1;
  return c;
}

Contact full_contact() {
  Contact c;
  c.channel = Channel::kFaceToFace;
  c.direction = Direction::kOutbound;
  c.at = at("2016-03-02T11:12:13Z");
  c.handler_id = 77;
  c.category = "missed-bin";
  c.reason = "Asked when the bin will be emptied";
  c.outcome = ContactOutcome::kSignposted;
  c.signposted_to = "Citizens Advice";
  c.duration_seconds = 431;
  c.notes = "Called back — no answer";
  return c;
}

TenantId StoreContract::new_tenant(const std::string& slug, const std::string& prefix) {
  Tenant t = sample_tenant(slug, prefix);
  return ok(store().write_value<TenantId>([&](Tx& tx) { return tx.create_tenant(t); }), "create_tenant");
}

Id StoreContract::insert_case(TenantId t, const Case& c) {
  return ok(store().write_value<Id>([&](Tx& tx) { return tx.insert_case(t, c); }), "insert_case");
}

Id StoreContract::insert_customer(TenantId t, const Customer& c) {
  return ok(store().write_value<Id>([&](Tx& tx) { return tx.insert_customer(t, c); }), "insert_customer");
}

Id StoreContract::insert_contact(TenantId t, const Contact& c) {
  return ok(store().write_value<Id>([&](Tx& tx) { return tx.insert_contact(t, c); }), "insert_contact");
}

Case StoreContract::get_case(TenantId t, Id id) {
  return ok(store().read_value<Case>([&](ReadTx& tx) { return tx.get_case(t, id); }), "get_case");
}

Customer StoreContract::get_customer(TenantId t, Id id) {
  return ok(store().read_value<Customer>([&](ReadTx& tx) { return tx.get_customer(t, id); }), "get_customer");
}

int64_t StoreContract::catalogue_version(TenantId t) {
  return ok(store().read_value<int64_t>([&](ReadTx& tx) { return tx.catalogue_version(t); }),
            "catalogue_version");
}

std::vector<Case> StoreContract::list_cases(TenantId t, const CaseFilter& f) {
  return ok(store().read_value<std::vector<Case>>([&](ReadTx& tx) { return tx.list_cases(t, f); }),
            "list_cases");
}

std::vector<Customer> StoreContract::list_customers(TenantId t, const CustomerFilter& f) {
  return ok(store().read_value<std::vector<Customer>>([&](ReadTx& tx) { return tx.list_customers(t, f); }),
            "list_customers");
}

std::vector<Contact> StoreContract::list_contacts(TenantId t, const ContactFilter& f) {
  return ok(store().read_value<std::vector<Contact>>([&](ReadTx& tx) { return tx.list_contacts(t, f); }),
            "list_contacts");
}

std::string backend_name(const ::testing::TestParamInfo<std::string>& info) { return info.param; }

}  // namespace civicdesk::contract

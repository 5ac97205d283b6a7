#include "security/security_world.h"

#include <gtest/gtest.h>

#include <cctype>
#include <cstdlib>
#include <iostream>

#include <nlohmann/json.hpp>

#include "http/api/json_out.h"

namespace civicdesk::security {

namespace {

template <typename T>
T must(Result<T> r, const char* what) {
  if (!r) {
    std::cerr << "security world: " << what << ": " << r.error().message << std::endl;
    std::abort();
  }
  return std::move(r).value();
}
void must(Status s, const char* what) {
  if (!s) {
    std::cerr << "security world: " << what << ": " << s.error().message << std::endl;
    std::abort();
  }
}

constexpr std::string_view kColumns[kWhoCount] = {"anon", "res",  "cllr",  "adv",   "off",   "lead",  "mgr",
                                                  "admin", "sg", "c:cr", "c:crw", "c:cat", "c:ppl", "c:rep"};

std::string opt(const std::optional<Id>& id) { return id ? std::to_string(*id) : "-"; }
std::string opt(const std::optional<Instant>& t) { return t ? format_instant(*t) : "-"; }

}  // namespace

Who who_at(int column) { return static_cast<Who>(column); }
std::string_view column_name(Who who) { return kColumns[static_cast<int>(who)]; }

World::World(const std::string& backend) : server_(std::make_unique<testing::TestServer>(backend)) {
  Services& s = services();
  const RequestContext ctx = system();

  for (const User& u : must(s.store.read_value<std::vector<User>>([&](ReadTx& tx) { return tx.list_users(tenant()); }),
                            "list users"))
    user_ids_[u.role] = u.id;
  for (Role r : {Role::kResident, Role::kCouncillor, Role::kAdvisor, Role::kOfficer, Role::kLead, Role::kManager,
                 Role::kAdministrator}) {
    tokens_[static_cast<Who>(static_cast<int>(r) + 1)] = server_->token(r);
  }

  // A team that alone sees safeguarding concerns, and one of its officers.
  must(s.catalogue.put_team(ctx, {"safeguarding", "street-scene", "Safeguarding"}), "team");
  safeguarding_officer = must(s.catalogue.put_officer(ctx, {0, "Sally Safe", "sally.safe@testshire.gov.uk", "street-scene",
                                                            "safeguarding", OfficerRole::kOfficer, true}),
                              "officer");
  Category concern;
  concern.code = "safeguarding-concern";
  concern.name = "Safeguarding concern";
  concern.delivery_unit = "street-scene";
  concern.sla_policy = "standard-10";
  concern.restricted = true;
  concern.visible_to_teams = {"safeguarding"};
  must(s.catalogue.put_category(ctx, concern), "restricted category");
  other_member = must(s.catalogue.put_member(ctx, {0, "Cllr Oscar Other", "west-hendon", "Green",
                                                   "oscar.other@testshire.gov.uk", true}),
                      "member");

  NewUser sally;
  sally.email = "safeguarding@testshire.gov.uk";
  sally.name = "Sally Safe";
  sally.role = Role::kOfficer;
  sally.password = "correct horse battery safeguarding";
  sally.officer_id = safeguarding_officer;
  safeguarding_user_ = must(s.accounts.create_user(ctx, sally), "safeguarding user").id;
  tokens_[Who::kSafeguarding] = must(s.accounts.create_token(ctx, {"test-safeguarding", {}, safeguarding_user_, {}}),
                                     "safeguarding token");

  const std::pair<Who, std::set<std::string>> clients[] = {
      {Who::kClientCasesRead, {"cases:read"}},
      {Who::kClientCasesWrite, {"cases:read", "cases:write"}},
      {Who::kClientCatalogue, {"catalogue:read"}},
      {Who::kClientPeople, {"customers:read", "customers:write", "contacts:write"}},
      {Who::kClientReports, {"reports:read"}},
  };
  for (const auto& [who, scopes] : clients)
    tokens_[who] = must(s.accounts.create_token(ctx, {"client-" + std::string(column_name(who)).substr(2), scopes,
                                                      std::nullopt, std::nullopt}),
                        "client token");

  own_customer = server_->resident_customer();
  customer = new_customer("Colin", "Customer");

  NewCase in;
  in.category = "general";
  in.title = "Overflowing litter bin on Station Road";
  in.description = "The bin outside number 12 has not been emptied for a fortnight";
  in.customer_id = customer;
  street = new_case(in);

  in = NewCase{};
  in.category = "pothole";
  in.title = "Deep pothole on the A41";
  in.description = "Near the bus stop";
  in.location.lat = 51.58;
  in.location.lng = -0.24;
  in.customer_id = customer;
  highways = new_case(in);

  own = new_own_case();
  me = new_member_enquiry();

  in = NewCase{};
  in.type = CaseType::kMemberEnquiry;
  in.category = "general";
  in.title = "Litter in West Hendon park";
  in.description = "Raised by the ward's other councillor";
  in.member_id = other_member;
  in.location.ward = "west-hendon";
  ward_me = new_case(in);

  in = NewCase{};
  in.category = "pothole";
  in.title = "Broken kerb on Church Lane";
  in.description = "The councillor asked to be kept informed";
  in.location.lat = 51.59;
  in.location.lng = -0.23;
  in.watchers = {Watcher{WatcherKind::kMember, council().member, "", "", {}}};
  copied = new_case(in);

  restricted = new_restricted_case();

  NewContact c;
  c.contact.customer_id = customer;
  c.contact.channel = Channel::kTelephone;
  c.contact.category = "general";
  c.contact.reason = "Asked about the litter bin";
  c.contact.notes = "Colin's private notes";
  contact = must(s.customers.log_contact(ctx, c), "contact").contact.id;
  c.contact.customer_id = own_customer;
  c.contact.reason = "Rita asked about her pothole";
  c.contact.notes = "Rita's notes";
  own_contact = must(s.customers.log_contact(ctx, c), "own contact").contact.id;
}

RequestContext World::system() const {
  RequestContext ctx = council().ctx(server_->clock().now());
  ctx.principal = Principal::system("security-test");
  return ctx;
}

std::vector<std::string> World::credentials(Who who) const {
  if (who == Who::kAnonymous) return {"X-Anonymous: 1"};
  return {"Authorization: Bearer " + tokens_.at(who)};
}

testing::HttpResult World::request(Who who, const std::string& method, const std::string& target,
                                   const std::string& body, std::vector<std::string> headers) {
  bool typed = false;
  for (const auto& h : headers)
    if (h.rfind("Content-Type:", 0) == 0) typed = true;
  if (!body.empty() && !typed) headers.push_back("Content-Type: application/json");
  for (auto& h : credentials(who)) headers.push_back(std::move(h));
  return testing::http_request(server_->port(), method, target, body, headers);
}

std::string World::new_case(NewCase in) {
  return must(services().cases.create(system(), in), "case").c.reference;
}

std::string World::new_street_case(const std::string& title) {
  NewCase in;
  in.category = "general";
  in.title = title;
  in.description = "Made for one request";
  in.customer_id = customer;
  return new_case(in);
}

std::string World::new_own_case() {
  NewCase in;
  in.category = "pothole";
  in.title = "Pothole outside my house";
  in.description = "Rita's report";
  in.location.lat = 51.57;
  in.location.lng = -0.22;
  in.customer_id = own_customer;
  in.channel = Channel::kWebform;
  return new_case(in);
}

std::string World::new_restricted_case() {
  NewCase in;
  in.category = "safeguarding-concern";
  in.title = "Concern about a vulnerable adult at 3 Mill Lane";
  in.description = "Neighbour reports the adult has not been seen for a week";
  in.customer_id = customer;
  return new_case(in);
}

std::string World::new_member_enquiry() {
  NewCase in;
  in.type = CaseType::kMemberEnquiry;
  in.category = "general";
  in.title = "Graffiti on the underpass";
  in.description = "Raised on behalf of a constituent";
  in.member_id = council().member;
  return new_case(in);
}

std::string World::new_complaint() {
  NewCase in;
  in.type = CaseType::kComplaint;
  in.category = "general";
  in.title = "Rude crew";
  in.description = "A complaint about the collection crew";
  in.customer_id = customer;
  return new_case(in);
}

Id World::new_customer(const std::string& given, const std::string& family) {
  Customer c;
  c.given_name = given;
  c.family_name = family;
  c.emails = {{given + "." + family + "@example.com", "home", true}};
  return must(services().customers.create(system(), c), "customer").id;
}

Id World::new_user(Role role, const std::string& email, const std::string& password) {
  NewUser u;
  u.email = email;
  u.name = "User " + email;
  u.role = role;
  u.password = password;
  if (role == Role::kResident) u.customer_id = new_customer("Resident", email.substr(0, email.find('@')));
  if (role == Role::kCouncillor) u.member_id = council().member;
  return must(services().accounts.create_user(system(), u), "user").id;
}

std::string World::render_case(const std::string& reference) {
  std::string out;
  Status s = services().store.read([&](ReadTx& tx) -> Status {
    ASSIGN_OR_RETURN(Case c, tx.get_case_by_reference(tenant(), reference));
    out = c.reference + " v" + std::to_string(c.version) + " " + std::string(to_string(c.type)) + " " +
          std::string(to_string(c.status)) + " " + std::string(to_string(c.priority)) + " du=" + c.delivery_unit +
          " team=" + c.team + " assignee=" + opt(c.assignee_id) + " customer=" + opt(c.customer_id) +
          " member=" + opt(c.member_id) + " parent=" + opt(c.parent_id) + " title=" + c.title +
          " description=" + c.description + " ward=" + c.location.ward + " resolve_by=" +
          (c.clock.resolve_by ? format_date(*c.clock.resolve_by) : "-") + "\n";
    ASSIGN_OR_RETURN(auto events, tx.list_events(tenant(), c.id, std::nullopt));
    for (const auto& e : events) out += "  event " + http::dump(http::event_json(e)) + "\n";
    ASSIGN_OR_RETURN(auto links, tx.list_links(tenant(), c.id));
    for (const auto& l : links) out += "  link " + http::dump(http::link_json(l)) + "\n";
    ASSIGN_OR_RETURN(auto watchers, tx.list_watchers(tenant(), c.id));
    for (const auto& w : watchers) out += "  watcher " + http::dump(http::watcher_json(w)) + "\n";
    return {};
  });
  return s ? out : "error: " + s.error().message;
}

std::string World::render_customer(Id id) {
  auto c = services().store.read_value<Customer>([&](ReadTx& tx) { return tx.get_customer(tenant(), id); });
  if (!c) return "error: " + c.error().message;
  std::string out = "v" + std::to_string(c->version) + " " + http::dump(http::customer_json(*c));
  // Contact preferences and consent live beside the record.
  auto prefs = services().store.read_value<std::vector<PreferenceChange>>(
      [&](ReadTx& tx) { return tx.list_preferences(tenant(), id); });
  if (!prefs) return out + " preferences error: " + prefs.error().message;
  for (const auto& p : *prefs) out += " pref " + p.name + "=" + p.value;
  return out;
}

std::string World::render_contact(Id id) {
  auto c = services().store.read_value<Contact>([&](ReadTx& tx) { return tx.get_contact(tenant(), id); });
  if (!c) return "error: " + c.error().message;
  return http::dump(http::contact_json(*c));
}

std::string World::render_user(Id id) {
  auto u = services().store.read_value<User>([&](ReadTx& tx) { return tx.get_user(tenant(), id); });
  if (!u) return "error: " + u.error().message;
  return std::to_string(u->id) + " " + u->email + " " + u->name + " " + std::string(to_string(u->role)) +
         (u->active ? " active" : " inactive") + (u->email_verified ? " verified" : " unverified") +
         (u->totp_secret ? " totp" : " no-totp") + " hash=" + u->password_hash;
}

std::string World::render_totals() {
  std::string out;
  Status s = services().store.read([&](ReadTx& tx) -> Status {
    ASSIGN_OR_RETURN(auto tenants, tx.list_tenants());
    for (const auto& t : tenants) {
      out += "council " + t.slug + " hosts";
      for (const auto& h : t.hostnames) out += " " + h;
      ASSIGN_OR_RETURN(auto counts, tx.count_cases_by_status(t.id));
      int64_t cases = 0;
      for (const auto& c : counts) cases += c.count;
      out += " cases=" + std::to_string(cases);
      CustomerFilter cf;
      cf.limit = 100000;
      ASSIGN_OR_RETURN(auto customers, tx.list_customers(t.id, cf));
      out += " customers=" + std::to_string(customers.size());
      ContactFilter kf;
      kf.limit = 100000;
      ASSIGN_OR_RETURN(auto contacts, tx.list_contacts(t.id, kf));
      out += " contacts=" + std::to_string(contacts.size());
      OutboxFilter of;
      of.limit = 100000;
      ASSIGN_OR_RETURN(auto outbox, tx.list_outbox(t.id, of));
      out += " outbox=" + std::to_string(outbox.size());
      ASSIGN_OR_RETURN(int64_t catalogue, tx.catalogue_version(t.id));
      out += " catalogue=v" + std::to_string(catalogue);
      ASSIGN_OR_RETURN(auto rules, tx.list_retention_rules(t.id));
      out += " retention";
      for (const auto& [type, years] : rules) out += " " + type + "=" + std::to_string(years);
      out += "\n";
      ASSIGN_OR_RETURN(auto users, tx.list_users(t.id));
      for (const auto& u : users) out += "  user " + render_user(u.id) + "\n";
      ASSIGN_OR_RETURN(auto tokens, tx.list_api_tokens(t.id));
      for (const auto& k : tokens)
        out += "  token " + k.name + " user=" + opt(k.user_id) + " expires=" + opt(k.expires_at) +
               " revoked=" + opt(k.revoked_at) + "\n";
    }
    return {};
  });
  return s ? out : "error: " + s.error().message;
}

std::string World::emailed_token(const std::string& recipient, const std::string& purpose) {
  return security::emailed_token(*server_, recipient, purpose);
}

int World::outbox_count(const std::string& recipient) { return security::outbox_count(*server_, recipient); }

namespace {
std::vector<OutboxMessage> outbox(testing::TestServer& server) {
  OutboxFilter f;
  f.limit = 100000;
  auto messages = server.services().store.read_value<std::vector<OutboxMessage>>(
      [&](ReadTx& tx) { return tx.list_outbox(server.council().tenant, f); });
  return messages ? *messages : std::vector<OutboxMessage>{};
}
}  // namespace

std::string emailed_token(testing::TestServer& server, const std::string& recipient, const std::string& purpose) {
  const auto messages = outbox(server);
  const OutboxMessage* newest = nullptr;
  for (const auto& m : messages)
    if (m.recipient == recipient && m.template_name == purpose && (!newest || m.id > newest->id)) newest = &m;
  if (!newest) return "";
  auto it = newest->personalisation.find("link");
  if (it == newest->personalisation.end()) return "";
  const size_t at = it->second.find("token=");
  return at == std::string::npos ? "" : it->second.substr(at + 6);
}

int outbox_count(testing::TestServer& server, const std::string& recipient, const std::string& template_name) {
  int n = 0;
  for (const auto& m : outbox(server))
    n += m.recipient == recipient && (template_name.empty() || m.template_name == template_name);
  return n;
}

SignInResult sign_in(uint16_t port, const std::string& email, const std::string& password,
                     std::vector<std::string> headers) {
  SignInResult out;
  headers.push_back("Content-Type: application/json");
  const nlohmann::json body = {{"email", email}, {"password", password}};
  out.http = testing::http_request(port, "POST", "/api/v1/session", body.dump(), headers);
  out.set_cookie = out.http.header("set-cookie");
  const std::string prefix = "civicdesk_session=";
  if (out.set_cookie.rfind(prefix, 0) == 0) {
    const size_t end = out.set_cookie.find(';');
    out.session = out.set_cookie.substr(prefix.size(), end == std::string::npos ? std::string::npos : end - prefix.size());
  }
  out.csrf = json_field(out.http.body, "csrf_token");
  return out;
}

std::string cookie(const std::string& session) { return "Cookie: civicdesk_session=" + session; }

std::string url_encode(const std::string& s) {
  static const char* hex = "0123456789ABCDEF";
  std::string out;
  for (unsigned char c : s) {
    if (std::isalnum(c) || c == '-' || c == '_' || c == '.' || c == '~') {
      out += static_cast<char>(c);
    } else {
      out += '%';
      out += hex[c >> 4];
      out += hex[c & 15];
    }
  }
  return out;
}

std::string problem_without_request_id(const std::string& body) {
  auto j = nlohmann::json::parse(body, nullptr, false);
  if (j.is_discarded() || !j.is_object()) return body;
  j.erase("request_id");
  return j.dump();
}

std::string json_field(const std::string& body, const std::string& name) {
  auto j = nlohmann::json::parse(body, nullptr, false);
  if (j.is_discarded() || !j.is_object() || !j.contains(name)) return "";
  const auto& v = j[name];
  return v.is_string() ? v.get<std::string>() : v.dump();
}

}  // namespace civicdesk::security

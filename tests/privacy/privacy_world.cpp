#include "privacy_world.h"

#include <cstdlib>
#include <iostream>

#include "http/api/json_out.h"

namespace civicdesk::privacy_test {

namespace {

template <typename T>
T must(Result<T> r, const char* what) {
  if (!r) {
    ADD_FAILURE() << what << ": " << r.error().message;
    std::cerr << "privacy world: " << what << ": " << r.error().message << std::endl;
    std::abort();
  }
  return std::move(r).value();
}

}  // namespace

json body_json(const HttpResult& r) {
  json j = json::parse(r.body, nullptr, false);
  if (j.is_discarded()) {
    ADD_FAILURE() << "not JSON (status " << r.status << "): " << r.body.substr(0, 500);
    return json();
  }
  return j;
}

std::string problem_code(const HttpResult& r) {
  json j = json::parse(r.body, nullptr, false);
  if (j.is_discarded() || !j.is_object() || !j.contains("code")) return "";
  return j["code"].get<std::string>();
}

PrivacyTest::PrivacyTest() : server_(GetParam()) {}

HttpResult PrivacyTest::put(const std::string& target, const std::string& body, std::vector<std::string> headers) {
  headers.push_back("Content-Type: application/json");
  return testing::http_request(server_.port(), "PUT", target, body, server_.with_default_auth(std::move(headers)));
}

Id PrivacyTest::new_customer(const std::string& given, const std::string& family, const std::string& email,
                             const std::string& phone) {
  Customer c;
  c.given_name = given;
  c.family_name = family;
  c.emails = {{email, "home", true}};
  if (!phone.empty()) c.phones = {{phone, "mobile", true}};
  PostalAddress a;
  a.line1 = "12 Station Road";
  a.town = "Hendon";
  a.postcode = "NW9 7AB";
  a.primary = true;
  c.addresses = {a};
  c.support_notes = "Hard of hearing: " + given;
  c.needs_support = true;
  return must(services().customers.create(system(), c), "customer").id;
}

std::string PrivacyTest::new_case(Id customer, const std::string& description, CaseType type,
                                  const std::string& title) {
  NewCase in;
  in.type = type;
  in.category = "general";
  in.title = title.empty() ? "Case about " + description.substr(0, 20) : title;
  in.description = description;
  in.customer_id = customer;
  in.location.address = "12 Station Road";
  in.location.postcode = "NW9 7AB";
  return must(services().cases.create(system(), in), "case").c.reference;
}

void PrivacyTest::close_case(const std::string& reference) {
  const CaseOutcome outcome =
      read_case(reference).type == CaseType::kComplaint ? CaseOutcome::kPartlyUpheld : CaseOutcome::kResolved;
  TransitionRequest close{CaseStatus::kClosed, outcome, "", "Resolved for the customer"};
  must(services().cases.transition(system(), reference, close, std::nullopt), "close");
}

void PrivacyTest::add_note(const std::string& reference, const std::string& text, Visibility v) {
  must(services().cases.add_note(system(), reference, NewNote{text, v}), "note");
}

Id PrivacyTest::log_contact(Id customer, const std::string& reason, const std::string& notes) {
  NewContact c;
  c.contact.customer_id = customer;
  c.contact.channel = Channel::kTelephone;
  c.contact.category = "general";
  c.contact.reason = reason;
  c.contact.notes = notes;
  c.contact.at = server_.clock().now();
  return must(services().customers.log_contact(system(), c), "contact").contact.id;
}

Case PrivacyTest::read_case(const std::string& reference) {
  return must(services().store.read_value<Case>(
                  [&](ReadTx& tx) { return tx.get_case_by_reference(tenant(), reference); }),
              "read case");
}

Customer PrivacyTest::read_customer(Id id) {
  return must(services().store.read_value<Customer>([&](ReadTx& tx) { return tx.get_customer(tenant(), id); }),
              "read customer");
}

std::string PrivacyTest::fingerprint(Id customer, const std::vector<std::string>& cases) {
  std::string out;
  Status s = services().store.read([&](ReadTx& tx) -> Status {
    auto c = tx.get_customer(tenant(), customer);
    out += c ? "customer v" + std::to_string(c->version) + " " + http::dump(http::customer_json(*c)) + "\n"
             : "customer error " + c.error().message + "\n";
    ASSIGN_OR_RETURN(auto prefs, tx.list_preferences(tenant(), customer));
    for (const auto& p : prefs) out += "pref " + p.name + "=" + p.value + " by " + p.changed_by + "\n";
    ContactFilter f;
    f.customer_id = customer;
    f.limit = 1000;
    ASSIGN_OR_RETURN(auto contacts, tx.list_contacts(tenant(), f));
    for (const auto& k : contacts) out += "contact " + http::dump(http::contact_json(k)) + "\n";
    for (const auto& ref : cases) {
      ASSIGN_OR_RETURN(Case k, tx.get_case_by_reference(tenant(), ref));
      out += "case " + ref + " v" + std::to_string(k.version) + " customer=" +
             (k.customer_id ? std::to_string(*k.customer_id) : "-") + " title=" + k.title +
             " description=" + k.description + " anonymised=" + (k.outcome_notes) + "\n";
      ASSIGN_OR_RETURN(auto events, tx.list_events(tenant(), k.id, std::nullopt));
      for (const auto& e : events) out += "  event " + http::dump(http::event_json(e)) + "\n";
    }
    ASSIGN_OR_RETURN(auto users, tx.list_users(tenant()));
    for (const auto& u : users)
      if (u.customer_id == customer)
        out += "user " + u.email + " " + u.name + (u.active ? " active" : " inactive") + "\n";
    return {};
  });
  return s ? out : "error: " + s.error().message;
}

size_t PrivacyTest::audit_count() {
  AuditFilter f;
  f.limit = 10000;
  return must(services().store.read_value<std::vector<AuditEntry>>(
                  [&](ReadTx& tx) { return tx.list_audit(tenant(), f); }),
              "audit")
      .size();
}

std::vector<AuditEntry> PrivacyTest::audit_entries(const std::string& action) {
  AuditFilter f;
  f.limit = 10000;
  auto all = must(services().store.read_value<std::vector<AuditEntry>>(
                      [&](ReadTx& tx) { return tx.list_audit(tenant(), f); }),
                  "audit");
  std::vector<AuditEntry> out;
  for (auto& e : all)
    if (e.action == action) out.push_back(std::move(e));
  return out;
}

}  // namespace civicdesk::privacy_test

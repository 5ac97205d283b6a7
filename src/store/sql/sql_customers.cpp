// Customers (with their emails, phones and addresses) and contacts.
#include <algorithm>
#include <deque>
#include <unordered_map>

#include "store/sql/codec.h"
#include "store/sql/dialect.h"
#include "store/sql/sql_tx.h"

namespace civicdesk::sql {

namespace {

constexpr std::string_view kCustomerCols =
    "c.id, c.kind, c.title, c.given_name, c.family_name, c.organisation_name, c.date_of_birth, "
    "c.preferred_channel, c.language, c.needs_support, c.support_notes, c.created_at, c.updated_at, "
    "c.version, c.erased_at, c.consent_updates, c.consent_surveys";

Instant instant(int64_t s) { return Instant{std::chrono::seconds{s}}; }
int64_t seconds(Instant t) { return t.time_since_epoch().count(); }

Customer read_customer(Rows& r) {
  Customer c;
  c.id = r.get_int(0);
  if (auto k = parse_customer_kind(r.get_text(1))) c.kind = *k;
  c.title = r.get_string(2);
  c.given_name = r.get_string(3);
  c.family_name = r.get_string(4);
  c.organisation_name = r.get_string(5);
  if (!r.is_null(6)) c.date_of_birth = decode_date(r.get_text(6));
  if (!r.is_null(7))
    if (auto p = parse_preferred_channel(r.get_text(7))) c.preferred_channel = *p;
  c.language = r.get_string(8);
  c.needs_support = r.get_int(9) != 0;
  c.support_notes = r.get_string(10);
  c.created_at = instant(r.get_int(11));
  c.updated_at = instant(r.get_int(12));
  c.version = r.get_int(13);
  if (!r.is_null(14)) c.erased_at = instant(r.get_int(14));
  if (!r.is_null(15)) c.consent_updates = r.get_int(15) != 0;
  if (!r.is_null(16)) c.consent_surveys = r.get_int(16) != 0;
  return c;
}

// The words a customer is found by, per column of the search index.
struct CustomerSearchText {
  std::string names, emails, phones, postcodes;
  std::string all() const { return names + " " + emails + " " + phones + " " + postcodes; }
};

CustomerSearchText search_text(const Customer& c) {
  CustomerSearchText s;
  s.names = c.display_name();
  if (c.kind == CustomerKind::kPerson && !c.organisation_name.empty()) s.names += " " + c.organisation_name;
  for (const auto& e : c.emails) s.emails += e.address + " ";
  for (const auto& p : c.phones) {
    // Both "+447700900982" and the national "07700900982" form are searchable.
    s.phones += p.number + " ";
    if (p.number.rfind("+44", 0) == 0) s.phones += "0" + p.number.substr(3) + " ";
  }
  for (const auto& a : c.addresses) {
    s.postcodes += a.postcode + " " + a.postcode.substr(0, a.postcode.find(' ')) + " ";
    s.postcodes += a.line1 + " " + a.town + " ";
  }
  return s;
}

Contact read_contact(Rows& r) {
  Contact c;
  c.id = r.get_int(0);
  c.customer_id = r.get_opt_int(1);
  if (auto v = parse_channel(r.get_text(2))) c.channel = *v;
  if (auto v = parse_direction(r.get_text(3))) c.direction = *v;
  c.at = instant(r.get_int(4));
  c.handler_id = r.get_opt_int(5);
  c.category = r.get_string(6);
  c.reason = r.get_string(7);
  if (auto v = parse_contact_outcome(r.get_text(8))) c.outcome = *v;
  c.signposted_to = r.get_string(9);
  c.duration_seconds = static_cast<int>(r.get_int(10));
  c.case_id = r.get_opt_int(11);
  c.notes = r.get_string(12);
  c.case_reference = r.get_string(13);
  return c;
}

// The case reference comes from a join so that listings need no second query.
constexpr std::string_view kContactCols =
    "k.id, k.customer_id, k.channel, k.direction, k.at, k.handler_id, k.category, k.reason, k.outcome, "
    "k.signposted_to, k.duration_seconds, k.case_id, k.notes, coalesce(c.reference, '')";
constexpr std::string_view kContactFrom =
    " FROM contacts k LEFT JOIN cases c ON c.tenant_id = k.tenant_id AND c.id = k.case_id";

}  // namespace

Status SqlTx::load_contact_details(TenantId t, std::vector<Customer>& customers) {
  if (customers.empty()) return {};
  std::unordered_map<Id, Customer*> by_id;
  // Ids as parameters: the statement text depends only on how many there
  // are, so one customer's read is a cached statement.
  std::vector<Param> params{t};
  for (auto& c : customers) {
    if (by_id.emplace(c.id, &c).second) params.emplace_back(c.id);
  }
  const std::string in =
      " AND customer_id IN (" + placeholders(params.size() - 1) + ") ORDER BY customer_id, position";
  {
    ASSIGN_OR_RETURN(auto rows, c_.query("SELECT customer_id, address, label, is_primary FROM "
                                         "customer_emails WHERE tenant_id = ?" + in, params));
    while (true) {
      ASSIGN_OR_RETURN(bool has, rows->next());
      if (!has) break;
      by_id[rows->get_int(0)]->emails.push_back(
          {rows->get_string(1), rows->get_string(2), rows->get_int(3) != 0});
    }
  }
  {
    ASSIGN_OR_RETURN(auto rows, c_.query("SELECT customer_id, number, label, is_primary FROM "
                                         "customer_phones WHERE tenant_id = ?" + in, params));
    while (true) {
      ASSIGN_OR_RETURN(bool has, rows->next());
      if (!has) break;
      by_id[rows->get_int(0)]->phones.push_back(
          {rows->get_string(1), rows->get_string(2), rows->get_int(3) != 0});
    }
  }
  ASSIGN_OR_RETURN(auto rows, c_.query("SELECT customer_id, line1, line2, line3, town, postcode, uprn, "
                                       "label, is_primary FROM customer_addresses WHERE tenant_id = ?" +
                                           in,
                                       params));
  while (true) {
    ASSIGN_OR_RETURN(bool has, rows->next());
    if (!has) break;
    PostalAddress a;
    a.line1 = rows->get_string(1);
    a.line2 = rows->get_string(2);
    a.line3 = rows->get_string(3);
    a.town = rows->get_string(4);
    a.postcode = rows->get_string(5);
    a.uprn = rows->get_opt_int(6);
    a.label = rows->get_string(7);
    a.primary = rows->get_int(8) != 0;
    by_id[rows->get_int(0)]->addresses.push_back(std::move(a));
  }
  return {};
}

Status SqlTx::write_contact_details(TenantId t, const Customer& c) {
  for (const char* table : {"customer_emails", "customer_phones", "customer_addresses"})
    RETURN_IF_ERROR(c_.exec(std::string("DELETE FROM ") + table + " WHERE tenant_id = ? AND customer_id = ?",
                            {t, c.id}));
  for (size_t i = 0; i < c.emails.size(); ++i)
    RETURN_IF_ERROR(c_.exec("INSERT INTO customer_emails (tenant_id, customer_id, position, address, "
                            "label, is_primary) VALUES (?, ?, ?, ?, ?, ?)",
                            {t, c.id, static_cast<int>(i), c.emails[i].address, c.emails[i].label,
                             c.emails[i].primary}));
  for (size_t i = 0; i < c.phones.size(); ++i)
    RETURN_IF_ERROR(c_.exec("INSERT INTO customer_phones (tenant_id, customer_id, position, number, "
                            "label, is_primary) VALUES (?, ?, ?, ?, ?, ?)",
                            {t, c.id, static_cast<int>(i), c.phones[i].number, c.phones[i].label,
                             c.phones[i].primary}));
  for (size_t i = 0; i < c.addresses.size(); ++i) {
    const PostalAddress& a = c.addresses[i];
    RETURN_IF_ERROR(c_.exec("INSERT INTO customer_addresses (tenant_id, customer_id, position, line1, "
                            "line2, line3, town, postcode, uprn, label, is_primary) "
                            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                            {t, c.id, static_cast<int>(i), a.line1, a.line2, a.line3, a.town, a.postcode,
                             a.uprn, a.label, a.primary}));
  }
  return {};
}

Status SqlTx::index_customer(TenantId t, const Customer& c) {
  const std::string sql = customer_text_upsert(d_);
  if (sql.empty()) return {};
  const CustomerSearchText s = search_text(c);
  return c_.exec_at_end(sql, {c.id, s.names, s.emails, s.phones, s.postcodes});
}

Result<Customer> SqlTx::get_customer(TenantId t, Id id) {
  ASSIGN_OR_RETURN(Customer c, query_one<Customer>(c_,
                                                   "SELECT " + std::string(kCustomerCols) +
                                                       " FROM customers c WHERE c.tenant_id = ? AND c.id = ?",
                                                   {t, id}, "Customer", read_customer));
  std::vector<Customer> one{std::move(c)};
  RETURN_IF_ERROR(load_contact_details(t, one));
  return std::move(one[0]);
}

Result<std::vector<Customer>> SqlTx::list_customers(TenantId t, const CustomerFilter& f) {
  std::string sql = "SELECT " + std::string(kCustomerCols) + " FROM customers c WHERE c.tenant_id = ?";
  std::deque<std::string> texts;  // owns text parameters; deque keeps them in place
  std::vector<Param> params{t};
  auto add_text = [&](std::string v) {
    texts.push_back(std::move(v));
    params.emplace_back(texts.back());
  };
  if (!f.text.empty()) {
    std::string q = text_query_param(d_, f.text);
    if (q.empty()) return std::vector<Customer>{};
    sql += " AND " + customer_text_condition(d_);
    add_text(std::move(q));
  }
  if (!f.email.empty()) {
    sql += " AND c.id IN (SELECT customer_id FROM customer_emails WHERE tenant_id = ? AND lower(address) = lower(?))";
    params.emplace_back(t);
    add_text(f.email);
  }
  if (!f.phone.empty()) {
    sql += " AND c.id IN (SELECT customer_id FROM customer_phones WHERE tenant_id = ? AND number = ?)";
    params.emplace_back(t);
    add_text(f.phone);
  }
  if (!f.postcode.empty()) {
    sql += " AND c.id IN (SELECT customer_id FROM customer_addresses WHERE tenant_id = ? AND postcode = ?)";
    params.emplace_back(t);
    add_text(f.postcode);
  }
  if (f.uprn) {
    sql += " AND c.id IN (SELECT customer_id FROM customer_addresses WHERE tenant_id = ? AND uprn = ?)";
    params.emplace_back(t);
    params.emplace_back(*f.uprn);
  }
  if (f.after_id) {
    sql += " AND c.id < ?";
    params.emplace_back(*f.after_id);
  }
  sql += " ORDER BY c.id DESC LIMIT " + std::to_string(std::clamp(f.limit, 1, 1000) + 1);

  ASSIGN_OR_RETURN(auto rows, c_.query(sql, params));
  std::vector<Customer> out;
  while (true) {
    ASSIGN_OR_RETURN(bool has, rows->next());
    if (!has) break;
    out.push_back(read_customer(*rows));
  }
  rows.reset();
  RETURN_IF_ERROR(load_contact_details(t, out));
  return out;
}

Result<Id> SqlTx::insert_customer(TenantId t, const Customer& in) {
  Customer c = in;
  const std::string everything = search_text(c).all();
  ASSIGN_OR_RETURN(
      c.id, c_.insert_id(
                          "INSERT INTO customers (tenant_id, kind, title, given_name, family_name, "
                          "organisation_name, date_of_birth, preferred_channel, language, needs_support, "
                          "support_notes, search_text, created_at, updated_at, version) "
                          "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                          {t, to_string(c.kind), c.title, c.given_name, c.family_name,
                           c.organisation_name, encode_date(c.date_of_birth),
                           c.preferred_channel ? Param(to_string(*c.preferred_channel)) : Param(),
                           c.language, c.needs_support, c.support_notes, everything,
                           seconds(c.created_at), seconds(c.updated_at), c.version}));
  RETURN_IF_ERROR(write_contact_details(t, c));
  RETURN_IF_ERROR(index_customer(t, c));
  return c.id;
}

Status SqlTx::update_customer(TenantId t, const Customer& c, int64_t expected_version) {
  const std::string everything = search_text(c).all();
  ASSIGN_OR_RETURN(int64_t n,
                   c_.exec("UPDATE customers SET kind = ?, title = ?, given_name = ?, family_name = ?, "
                           "organisation_name = ?, date_of_birth = ?, preferred_channel = ?, "
                           "language = ?, needs_support = ?, support_notes = ?, search_text = ?, "
                           "updated_at = ?, version = ? WHERE tenant_id = ? AND id = ? AND version = ?",
                           {to_string(c.kind), c.title, c.given_name, c.family_name, c.organisation_name,
                            encode_date(c.date_of_birth),
                            c.preferred_channel ? Param(to_string(*c.preferred_channel)) : Param(),
                            c.language, c.needs_support, c.support_notes, everything,
                            seconds(c.updated_at), expected_version + 1, t, c.id, expected_version}));
  if (n == 0) {
    RETURN_IF_ERROR(get_customer(t, c.id));  // not_found if it does not exist
    return Error(ErrorCode::kStaleVersion,
                 "This customer was changed by someone else since you read it; reload and try again");
  }
  RETURN_IF_ERROR(write_contact_details(t, c));
  return index_customer(t, c);
}

Result<Contact> SqlTx::get_contact(TenantId t, Id id) {
  return query_one<Contact>(c_,
                            "SELECT " + std::string(kContactCols) + std::string(kContactFrom) +
                                " WHERE k.tenant_id = ? AND k.id = ?",
                            {t, id}, "Contact", read_contact);
}

Result<std::vector<Contact>> SqlTx::list_contacts(TenantId t, const ContactFilter& f) {
  std::string sql = "SELECT " + std::string(kContactCols) + std::string(kContactFrom) + " WHERE k.tenant_id = ?";
  std::vector<Param> params{t};
  if (f.customer_id) {
    sql += " AND k.customer_id = ?";
    params.emplace_back(*f.customer_id);
  }
  if (f.case_id) {
    sql += " AND k.case_id = ?";
    params.emplace_back(*f.case_id);
  }
  if (f.channel) {
    sql += " AND k.channel = ?";
    params.emplace_back(to_string(*f.channel));
  }
  if (f.from) {
    sql += " AND k.at >= ?";
    params.emplace_back(seconds(*f.from));
  }
  if (f.to) {
    sql += " AND k.at < ?";
    params.emplace_back(seconds(*f.to));
  }
  if (f.after_id) {
    sql += " AND k.id < ?";
    params.emplace_back(*f.after_id);
  }
  sql += " ORDER BY k.id DESC LIMIT " + std::to_string(std::clamp(f.limit, 1, 1000) + 1);
  return query_all<Contact>(c_, sql, params,
                            read_contact);
}

Result<Id> SqlTx::insert_contact(TenantId t, const Contact& c) {
  return c_.insert_id(
      "INSERT INTO contacts (tenant_id, customer_id, channel, direction, at, handler_id, category, "
      "reason, outcome, signposted_to, duration_seconds, case_id, notes) "
      "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
      {t, c.customer_id, to_string(c.channel), to_string(c.direction), seconds(c.at), c.handler_id,
       c.category, c.reason, to_string(c.outcome), c.signposted_to, c.duration_seconds, c.case_id,
       c.notes});
}

Status SqlTx::set_contact_case(TenantId t, Id contact_id, Id case_id) {
  ASSIGN_OR_RETURN(int64_t n, c_.exec("UPDATE contacts SET case_id = ? WHERE tenant_id = ? AND id = ?",
                                      {case_id, t, contact_id}));
  if (n == 0) return not_found("Contact not found");
  return {};
}

}  // namespace civicdesk::sql

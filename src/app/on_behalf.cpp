#include "app/on_behalf.h"

#include <set>

#include "app/audit.h"
#include "domain/identifiers.h"
#include "domain/text.h"

namespace civicdesk {

namespace {

bool guest_type(CaseType t) {
  return t == CaseType::kGeneralEnquiry || t == CaseType::kComplaint || t == CaseType::kCompliment;
}

// The person as a customer record: errors name the person's fields.
Result<Customer> person_customer(const PersonDetails& person, LocalDate today) {
  const std::string name(trim(person.name));
  if (name.empty()) return Error(ErrorCode::kMissingField, "Enter the person's name", "person.name");
  Customer c;
  const size_t space = name.rfind(' ');
  if (space == std::string::npos) {
    c.family_name = name;
  } else {
    c.given_name = std::string(trim(name.substr(0, space)));
    c.family_name = name.substr(space + 1);
  }
  if (!trim(person.email).empty()) {
    ASSIGN_OR_RETURN(std::string email, parse_email(trim(person.email), "person.email"));
    for (char& ch : email) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
    c.emails.push_back(EmailAddress{email, "", true});
  }
  if (!trim(person.phone).empty()) {
    ASSIGN_OR_RETURN(std::string phone, parse_phone(trim(person.phone), "person.phone"));
    c.phones.push_back(PhoneNumber{phone, "", true});
  }
  std::string postcode;
  if (!trim(person.postcode).empty()) {
    ASSIGN_OR_RETURN(postcode, parse_postcode(trim(person.postcode), "person.postcode"));
  }
  if (!trim(person.address).empty()) {
    PostalAddress a;
    a.line1 = std::string(trim(person.address));
    a.postcode = postcode;
    a.primary = true;
    c.addresses.push_back(a);
  }
  auto norm = normalise_customer(std::move(c), today);
  if (!norm) {
    Error e = norm.error();
    const std::string& f = e.field;
    e.field = f.rfind("emails", 0) == 0    ? "person.email"
              : f.rfind("phones", 0) == 0  ? "person.phone"
              : f.find("postcode") != std::string::npos ? "person.postcode"
              : f.rfind("addresses", 0) == 0 ? "person.address"
                                             : "person.name";
    return e;
  }
  return norm;
}

}  // namespace

Result<CaseView> create_for_person(Services& s, const RequestContext& ctx, NewCase in, const PersonDetails& person) {
  const Principal& p = ctx.principal;
  if (p.kind == Principal::Kind::kUser && p.role == Role::kResident) return s.cases.create(ctx, in);
  const bool guest = !p.authenticated();
  const bool councillor = p.kind == Principal::Kind::kUser && p.role == Role::kCouncillor;
  if (!guest && !councillor) return s.cases.create(ctx, in);
  if (guest) {
    if (!guest_type(in.type)) return invalid_field("type", "Sign in to make this kind of request");
    if (trim(person.email).empty() && trim(person.phone).empty())
      return Error(ErrorCode::kMissingField, "Give an email address or a phone number", "person.email");
    in.member_id.reset();
    in.parent_reference.clear();
    in.watchers.clear();
    in.delivery_unit.clear();
    in.team.clear();
    in.assignee_id.reset();
    in.received_at.reset();
    in.priority.reset();
    in.channel = Channel::kWebform;
  }
  // A guest acts as the website: the case is the council's record of what
  // was sent, with no account behind it.
  const RequestContext actor = guest ? RequestContext{ctx.tenant, Principal::system("website"), ctx.now} : ctx;
  std::optional<CaseView> out;
  RETURN_IF_ERROR(s.store.write([&](Tx& tx) -> Status {
    ASSIGN_OR_RETURN(auto cat, s.cache.get(tx, ctx.tenant));
    if (guest) {
      auto category = cat->categories.find(in.category);
      if (category == cat->categories.end() || category->second.restricted)
        return invalid_field("category", "Choose what it is about");
    }
    if (councillor && person.customer_id) {
      // Only someone this councillor raised an enquiry for before.
      CaseFilter f;
      f.type = CaseType::kMemberEnquiry;
      f.member_id = p.member_id;
      f.customer_id = person.customer_id;
      f.limit = 1;
      ASSIGN_OR_RETURN(auto raised, tx.list_cases(ctx.tenant, f));
      if (!p.member_id || raised.empty())
        return invalid_field("person.customer_id", "Choose someone you have raised an enquiry for");
      in.customer_id = person.customer_id;
      ASSIGN_OR_RETURN(Case c, s.cases.create_in(tx, *cat, actor, in));
      out = CaseService::view(*cat, c, ctx.now);
      return {};
    }
    ASSIGN_OR_RETURN(Customer customer, person_customer(person, london_date(ctx.now)));
    // Someone the council already knows by this email address is that customer.
    std::optional<Id> known;
    if (!customer.emails.empty()) {
      CustomerFilter f;
      f.email = customer.emails.front().address;
      f.limit = 1;
      ASSIGN_OR_RETURN(auto found, tx.list_customers(ctx.tenant, f));
      if (!found.empty()) known = found.front().id;
    }
    if (!known) {
      customer.created_at = customer.updated_at = ctx.now;
      customer.version = 1;
      ASSIGN_OR_RETURN(Id id, tx.insert_customer(ctx.tenant, customer));
      known = id;
      RETURN_IF_ERROR(audit(tx, actor, "customer.create", "customer", std::to_string(id), {{"via", "case"}}));
    }
    in.customer_id = known;
    ASSIGN_OR_RETURN(Case c, s.cases.create_in(tx, *cat, actor, in));
    out = CaseService::view(*cat, c, ctx.now);
    return {};
  }));
  return std::move(*out);
}

Result<std::vector<KnownPerson>> people_raised_for(Services& s, const RequestContext& ctx, size_t max) {
  const Principal& p = ctx.principal;
  if (p.kind != Principal::Kind::kUser || p.role != Role::kCouncillor || !p.member_id)
    return forbidden("see the people you raised enquiries for");
  return s.store.read_value<std::vector<KnownPerson>>([&](ReadTx& tx) -> Result<std::vector<KnownPerson>> {
    CaseFilter f;
    f.type = CaseType::kMemberEnquiry;
    f.member_id = p.member_id;
    f.sort = CaseSort::kNewest;
    f.limit = 200;
    ASSIGN_OR_RETURN(auto cases, tx.list_cases(ctx.tenant, f));
    std::vector<KnownPerson> out;
    std::set<Id> seen;
    // Bounded: at most `max` customers are read, by primary key.
    for (const Case& c : cases) {
      if (out.size() >= max) break;
      if (!c.customer_id || !seen.insert(*c.customer_id).second) continue;
      auto customer = tx.get_customer(ctx.tenant, *c.customer_id);
      if (!customer) {
        if (customer.error().code == ErrorCode::kNotFound) continue;
        return customer.error();
      }
      if (customer->erased_at) continue;
      out.push_back(KnownPerson{*c.customer_id, customer->display_name(), c.reference, c.received_at});
    }
    return out;
  });
}

}  // namespace civicdesk

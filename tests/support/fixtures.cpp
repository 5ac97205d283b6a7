#include "support/fixtures.h"

#include <cstdlib>
#include <fstream>
#include <iostream>
#include <sstream>

namespace civicdesk::testing {

namespace {
template <typename T>
T must(Result<T> r, const char* what) {
  if (!r) {
    std::cerr << "fixture: " << what << ": " << r.error().message << std::endl;
    std::abort();
  }
  return std::move(r).value();
}
void must(Status s, const char* what) {
  if (!s) {
    std::cerr << "fixture: " << what << ": " << s.error().message << std::endl;
    std::abort();
  }
}
}  // namespace

Instant at(const char* iso) {
  auto t = parse_instant(iso);
  if (!t) {
    std::cerr << "fixture: bad instant " << iso << std::endl;
    std::abort();
  }
  return *t;
}

std::vector<BankHoliday> bundled_holidays() {
  std::ifstream in("data/bank-holidays.json");
  std::stringstream ss;
  ss << in.rdbuf();
  return must(parse_bank_holidays(ss.str()), "parse data/bank-holidays.json");
}

SmallCouncil seed_small_council(Services& s, const std::string& slug, const std::string& prefix) {
  SmallCouncil out;
  Tenant t;
  t.slug = slug;
  t.name = "Testshire Council";
  t.reference_prefix = prefix;
  t.me_team_email = "members.enquiries@" + slug + ".gov.uk";
  const Instant created = at("2015-01-01T00:00:00Z");
  Tenant made = must(s.catalogue.create_tenant(t, bundled_holidays(), created), "create tenant");
  out.tenant = made.id;
  RequestContext ctx{made.id, Principal::system("fixture"), created};

  must(s.catalogue.put_delivery_unit(ctx, {"street-scene", "Street Scene", "Waste and street cleansing", true}), "du");
  must(s.catalogue.put_delivery_unit(ctx, {"highways", "Highways", "Roads and pavements", true}), "du");
  must(s.catalogue.put_team(ctx, {"waste", "street-scene", "Waste collection"}), "team");
  must(s.catalogue.put_team(ctx, {"roads", "highways", "Road maintenance"}), "team");
  must(s.catalogue.put_ward(ctx, {"west-hendon", "West Hendon"}), "ward");

  SlaPolicy standard;
  standard.code = "standard-10";
  standard.name = "Standard (10 working days)";
  standard.respond_days = 5;
  standard.resolve_days = 10;
  must(s.catalogue.put_sla_policy(ctx, standard), "policy");
  SlaPolicy complaint;
  complaint.code = "complaint";
  complaint.name = "Complaint stage 1";
  complaint.respond_days = 5;
  complaint.resolve_days = 10;
  complaint.resolve_from = ResolveFrom::kResponse;
  complaint.max_extension = 10;
  must(s.catalogue.put_sla_policy(ctx, complaint), "policy");
  SlaPolicy foi;
  foi.code = "foi_request";
  foi.name = "Freedom of Information";
  foi.resolve_days = 20;
  foi.counting = CountingRule::kAfterReceipt;
  foi.holidays = HolidaySet::kAllUk;
  must(s.catalogue.put_sla_policy(ctx, foi), "policy");

  Category bin;
  bin.code = "missed-bin";
  bin.name = "Missed bin collection";
  bin.lgsl = 524;
  bin.lgil = 17;
  bin.delivery_unit = "street-scene";
  bin.sla_policy = "standard-10";
  bin.questions = {Question{"bin_type", "Which bin was missed?", QuestionType::kSingleValueList, true, 1,
                            {{"refuse", "General waste"}, {"recycling", "Recycling"}}},
                   Question{"notes", "Anything else?", QuestionType::kText, false, 2, {}}};
  must(s.catalogue.put_category(ctx, bin), "category");
  Category pothole;
  pothole.code = "pothole";
  pothole.name = "Pothole";
  pothole.lgsl = 557;
  pothole.delivery_unit = "highways";
  pothole.sla_policy = "standard-10";
  pothole.location_required = true;
  must(s.catalogue.put_category(ctx, pothole), "category");
  Category general;
  general.code = "general";
  general.name = "General enquiry";
  general.delivery_unit = "street-scene";
  general.sla_policy = "standard-10";
  must(s.catalogue.put_category(ctx, general), "category");

  Officer a{0, "Sam Street", "sam.street@testshire.gov.uk", "street-scene", "waste", OfficerRole::kOfficer, true};
  out.officer_street = must(s.catalogue.put_officer(ctx, a), "officer");
  Officer b{0, "Hal Highways", "hal@testshire.gov.uk", "highways", "roads", OfficerRole::kOfficer, true};
  out.officer_highways = must(s.catalogue.put_officer(ctx, b), "officer");
  Member m{0, "Cllr Wendy Hendon", "west-hendon", "Independent", "wendy.hendon@testshire.gov.uk", true};
  out.member = must(s.catalogue.put_member(ctx, m), "member");
  return out;
}

std::map<Role, std::string> seed_users(Services& s, const SmallCouncil& council, Id* resident_customer) {
  RequestContext ctx = council.ctx(at("2015-01-01T00:00:00Z"));
  Customer rita;
  rita.given_name = "Rita";
  rita.family_name = "Resident";
  rita.emails = {{"rita@example.com", "home", true}};
  const Customer made = must(s.customers.create(ctx, rita), "resident customer");
  if (resident_customer) *resident_customer = made.id;
  std::map<Role, std::string> tokens;
  for (Role role : {Role::kResident, Role::kCouncillor, Role::kAdvisor, Role::kOfficer, Role::kLead, Role::kManager,
                    Role::kAdministrator}) {
    NewUser u;
    const std::string name(to_string(role));
    u.email = name + "@testshire.gov.uk";
    u.name = "Test " + name;
    u.role = role;
    u.password = "correct horse battery " + name;
    if (role == Role::kResident) u.customer_id = made.id;
    if (role == Role::kCouncillor) u.member_id = council.member;
    if (role == Role::kOfficer || role == Role::kLead) u.officer_id = council.officer_street;
    const User user = must(s.accounts.create_user(ctx, u), "user");
    NewToken t;
    t.name = "test-" + name;
    t.user_id = user.id;
    tokens[role] = must(s.accounts.create_token(ctx, t), "token");
  }
  return tokens;
}

}  // namespace civicdesk::testing

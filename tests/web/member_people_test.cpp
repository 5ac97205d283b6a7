// Councillors raising an enquiry for someone they raised one for before, and
// copying in councillors and officers by name (/member/enquiries/new),
// through the real request pipeline over a real store on every backend:
// happy paths, validation (400, nothing changed, values kept), CSRF (403),
// and that a councillor never reaches another councillor's people.
#include "app/on_behalf.h"
#include "http/parse/query.h"
#include "page_fixture.h"

namespace civicdesk::web {
namespace {

bool has(const std::string& body, const std::string& text) { return body.find(text) != std::string::npos; }

// Everything after "who is it for": the rest of a complete enquiry.
const std::string kRest =
    "category=general&subject=Street+light+out&street=High+Street&postcode=N3+1AB"
    "&description=Out+for+two+weeks&confidential=no";
const std::string kAda = "person_name=Ada+Lovelace&person_email=ada%40example.com";

class MemberPeopleTest : public PageFixture {
 protected:
  MemberPeopleTest() {
    other_member_ = add_councillor("Oscar Other", "oscar@testshire.gov.uk", "correct horse battery oscar");
    gone_member_ = add_councillor("Gone Away", "gone@testshire.gov.uk", "", /*active=*/false);
  }

  void wendy(Browser& b) { sign_in(b, "councillor@testshire.gov.uk", "correct horse battery councillor"); }
  void oscar(Browser& b) { sign_in(b, "oscar@testshire.gov.uk", "correct horse battery oscar"); }

  size_t case_count() {
    CaseFilter f;
    f.limit = 500;
    return services_->cases.list(council_.ctx(clock_.now()), f).value().items.size();
  }
  size_t customer_count() {
    CustomerFilter f;
    f.limit = 500;
    return services_->customers.list(council_.ctx(clock_.now()), f).value().items.size();
  }
  CaseView get(const std::string& ref) { return services_->cases.get(council_.ctx(clock_.now()), ref).value(); }

  // Raises an enquiry with `fields` (everything, as check your answers posts them).
  std::string raise(Browser& b, const std::string& fields) {
    auto res = b.post("/member/enquiries/new", "/member/enquiries/new", "step=check&" + fields);
    EXPECT_EQ(res.status, 303) << res.body;
    const std::string to(res.header("Location").value_or(""));
    return to.substr(18, to.find("/raised") - 18);
  }

  RequestContext councillor_ctx(Id member) const {
    Principal p;
    p.kind = Principal::Kind::kUser;
    p.id = 999;
    p.role = Role::kCouncillor;
    p.member_id = member;
    p.ward = "west-hendon";
    return RequestContext{council_.tenant, p, clock_.now()};
  }

  Id other_member_ = 0;
  Id gone_member_ = 0;
};

TEST_P(MemberPeopleTest, ACouncillorRaisesAnotherEnquiryForSomeoneTheyRaisedOneFor) {
  Browser b(*pipeline_);
  wendy(b);
  // Nobody raised for yet: the resident's details, no list.
  auto first = b.get("/member/enquiries/new");
  ASSERT_EQ(first.status, 200) << first.body;
  EXPECT_FALSE(has(first.body, "name=\"person_known\""));
  EXPECT_TRUE(has(first.body, "id=\"person_name\""));

  const std::string ada_ref = raise(b, kAda + "&" + kRest);
  const Id ada = get(ada_ref).c.customer_id.value();
  const size_t cases_before = case_count();
  const size_t customers_before = customer_count();

  // Now Ada is offered, with her last enquiry, and "Someone else".
  auto offered = b.get("/member/enquiries/new");
  ASSERT_EQ(offered.status, 200);
  EXPECT_TRUE(has(offered.body, "name=\"person_known\" type=\"radio\" value=\"" + std::to_string(ada) + "\""));
  EXPECT_TRUE(has(offered.body, "Ada Lovelace"));
  EXPECT_TRUE(has(offered.body, "Last enquiry " + ada_ref + ", raised 1 March 2016"));
  EXPECT_TRUE(has(offered.body, "Someone else"));
  EXPECT_FALSE(has(offered.body, "ada@example.com"));  // only the name is shown

  // Nothing chosen, nothing typed: the error is on the choice.
  auto none = b.post("/member/enquiries/new", "/member/enquiries/new", "step=resident&person_known=");
  EXPECT_EQ(none.status, 400);
  EXPECT_TRUE(has(none.body, "href=\"#person_known\""));
  EXPECT_TRUE(has(none.body, "Select who the enquiry is for"));
  // Someone not on the list (another council's or made up): refused, the rest kept.
  auto unknown = b.post("/member/enquiries/new", "/member/enquiries/new",
                        "step=check&person_known=999999&" + kRest);
  EXPECT_EQ(unknown.status, 400);
  EXPECT_TRUE(has(unknown.body, "href=\"#person_known\""));
  EXPECT_TRUE(has(unknown.body, "name=\"description\" value=\"Out for two weeks\""));
  // "Someone else" needs a name.
  auto no_name = b.post("/member/enquiries/new", "/member/enquiries/new", "step=resident&person_known=new");
  EXPECT_EQ(no_name.status, 400);
  EXPECT_TRUE(has(no_name.body, "href=\"#person_name\""));
  EXPECT_TRUE(has(no_name.body, "value=\"new\" aria-describedby=\"person_known-new-item-hint\" checked"));
  EXPECT_EQ(case_count(), cases_before);

  // Check your answers names her, and her details stay the council's.
  const std::string chosen = "person_known=" + std::to_string(ada) + "&" + kRest;
  auto check = b.post("/member/enquiries/new", "/member/enquiries/new", "step=confidential&" + chosen);
  ASSERT_EQ(check.status, 200) << check.body;
  EXPECT_TRUE(has(check.body, "Ada Lovelace"));
  EXPECT_TRUE(has(check.body, "As the council holds them"));

  const std::string again = raise(b, chosen);
  EXPECT_EQ(case_count(), cases_before + 1);
  EXPECT_EQ(customer_count(), customers_before);  // the same person, no new record
  EXPECT_EQ(get(again).c.customer_id, ada);
  EXPECT_EQ(get(again).c.member_id, council_.member);

  // "Someone else" with new details is a new customer, as before.
  const std::string grace =
      raise(b, "person_known=new&person_name=Grace+Hopper&person_email=grace%40example.com&" + kRest);
  EXPECT_NE(get(grace).c.customer_id, ada);
  EXPECT_EQ(customer_count(), customers_before + 1);

  // A forged form changes nothing.
  auto forged = b.send("POST", "/member/enquiries/new", "csrf=nope&step=check&" + chosen);
  EXPECT_EQ(forged.status, 403);
  EXPECT_EQ(case_count(), cases_before + 2);
}

TEST_P(MemberPeopleTest, ACouncillorNeverReachesAnotherCouncillorsPeople) {
  Browser w(*pipeline_);
  wendy(w);
  const std::string ada_ref = raise(w, kAda + "&" + kRest);
  const Id ada = get(ada_ref).c.customer_id.value();

  // Oscar has raised nothing: no list, and Ada's id gets him nothing.
  Browser o(*pipeline_);
  oscar(o);
  EXPECT_FALSE(has(o.get("/member/enquiries/new").body, "Ada Lovelace"));
  const size_t before = case_count();
  auto sneaky = o.post("/member/enquiries/new", "/member/enquiries/new",
                       "step=check&person_known=" + std::to_string(ada) + "&" + kRest);
  EXPECT_EQ(sneaky.status, 400);
  EXPECT_TRUE(has(sneaky.body, "href=\"#person_name\""));
  EXPECT_EQ(case_count(), before);

  // The use case checks again, whatever the page sends.
  PersonDetails person;
  person.customer_id = ada;
  NewCase in;
  in.type = CaseType::kMemberEnquiry;
  in.category = "general";
  in.description = "Sneaky";
  auto refused = create_for_person(*services_, councillor_ctx(other_member_), in, person);
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().field, "person.customer_id");
  EXPECT_EQ(case_count(), before);
  auto allowed = create_for_person(*services_, councillor_ctx(council_.member), in, person);
  ASSERT_TRUE(allowed) << allowed.error().message;
  EXPECT_EQ(allowed->c.customer_id, ada);

  // Who may ask for the list: councillors only, each their own.
  EXPECT_EQ(people_raised_for(*services_, councillor_ctx(other_member_)).value().size(), 0u);
  auto mine = people_raised_for(*services_, councillor_ctx(council_.member)).value();
  ASSERT_EQ(mine.size(), 1u);
  EXPECT_EQ(mine[0].customer_id, ada);
  EXPECT_EQ(mine[0].last_reference, allowed->c.reference);  // the newest first
  EXPECT_FALSE(people_raised_for(*services_, council_.ctx(clock_.now())));  // the system is no councillor

  // Residents and staff cannot use the page at all.
  Browser resident(*pipeline_);
  sign_in(resident, "resident@testshire.gov.uk", "correct horse battery resident");
  EXPECT_EQ(resident.get("/member/enquiries/new").status, 403);
  Browser advisor(*pipeline_);
  sign_in(advisor, "advisor@testshire.gov.uk", "correct horse battery advisor");
  EXPECT_EQ(advisor.post("/", "/member/enquiries/new", "step=check&person_known=" + std::to_string(ada) + "&" + kRest)
                .status,
            403);
  EXPECT_EQ(case_count(), before + 1);
}

TEST_P(MemberPeopleTest, ACouncillorCopiesInCouncillorsAndOfficersByName) {
  Browser b(*pipeline_);
  wendy(b);
  const std::string base = kAda + "&" + kRest;
  auto page = b.post("/member/enquiries/new", "/member/enquiries/new", "step=description&" + base);
  ASSERT_EQ(page.status, 200) << page.body;
  EXPECT_TRUE(has(page.body, "Who else should be copied in?"));
  EXPECT_TRUE(has(page.body, "value=\"" + std::to_string(other_member_) + "\""));
  EXPECT_TRUE(has(page.body, "Cllr Oscar Other"));
  EXPECT_TRUE(has(page.body, "Sam Street"));
  EXPECT_TRUE(has(page.body, "Hal Highways"));
  EXPECT_TRUE(has(page.body, "data-civicdesk-category-search"));  // filtered as you type with JavaScript
  EXPECT_FALSE(has(page.body, "Cllr Wendy Hendon"));  // not herself
  EXPECT_FALSE(has(page.body, "Cllr Gone Away"));     // nor a former councillor

  const size_t before = case_count();
  const std::string people = "copy_member=" + std::to_string(other_member_) +
                             "&copy_officer=" + std::to_string(council_.officer_street);
  // Someone not offered: refused on the list, what was chosen kept.
  for (const std::string& bad : {"copy_member=" + std::to_string(gone_member_),
                                 "copy_member=" + std::to_string(council_.member), std::string("copy_officer=abc")}) {
    auto res = b.post("/member/enquiries/new", "/member/enquiries/new",
                      "step=copies&" + base + "&" + bad + "&copy_officer=" + std::to_string(council_.officer_street));
    EXPECT_EQ(res.status, 400) << bad;
    EXPECT_TRUE(has(res.body, "href=\"#copy_people\"")) << bad;
    EXPECT_TRUE(has(res.body, "value=\"" + std::to_string(council_.officer_street) + "\" aria-describedby=\"copy_officer-" +
                                  std::to_string(council_.officer_street) + "-item-hint\" checked"))
        << bad;
  }
  EXPECT_EQ(case_count(), before);

  // The choices travel to check your answers, by name.
  auto check = b.post("/member/enquiries/new", "/member/enquiries/new",
                      "step=confidential&" + base + "&" + people + "&copies=clerk%40example.com");
  ASSERT_EQ(check.status, 200) << check.body;
  EXPECT_TRUE(has(check.body, "Cllr Oscar Other, Sam Street, clerk@example.com"));
  EXPECT_TRUE(has(check.body, "name=\"copy_member\" value=\"" + std::to_string(other_member_) + "\""));

  auto forged = b.send("POST", "/member/enquiries/new", "csrf=nope&step=check&" + base + "&" + people);
  EXPECT_EQ(forged.status, 403);
  EXPECT_EQ(case_count(), before);

  // The same box sent twice (a hand-made form) copies them in once.
  const std::string ref = raise(b, base + "&" + people + "&" + people + "&copies=clerk%40example.com");
  auto watchers = services_->cases.watchers(council_.ctx(clock_.now()), ref).value();
  ASSERT_EQ(watchers.size(), 3u);
  int members = 0, officers = 0, emails = 0;
  for (const auto& w : watchers) {
    if (w.kind == WatcherKind::kMember && w.ref_id == other_member_) ++members;
    if (w.kind == WatcherKind::kOfficer && w.ref_id == council_.officer_street) ++officers;
    if (w.kind == WatcherKind::kEmail && w.email == "clerk@example.com") ++emails;
  }
  EXPECT_EQ(members + officers + emails, 3);
  // Oscar, copied in, sees it among his enquiries' pages.
  Browser o(*pipeline_);
  oscar(o);
  EXPECT_EQ(o.get("/member/enquiries/" + ref).status, 200);
  auto shown = b.get("/member/enquiries/" + ref);
  EXPECT_TRUE(has(shown.body, "Cllr Oscar Other"));
  EXPECT_TRUE(has(shown.body, "Sam Street"));
}

INSTANTIATE_TEST_SUITE_P(Backends, MemberPeopleTest, ::testing::ValuesIn(testing::test_backends()));

}  // namespace
}  // namespace civicdesk::web

// Councillors' pages (/member/...) and residents' enquiries, complaints and
// compliments (/enquiry, /complaint, /compliment) through the real request
// pipeline over a real store on every backend: each form's happy path, its
// validation errors (400, error summary, values kept, nothing changed), a bad
// CSRF token (403, nothing changed), who may see and do what, and unknown
// references.
#include "http/parse/query.h"
#include "web/people_form.h"
#include "page_fixture.h"

namespace civicdesk::web {
namespace {

// A browser without a socket: cookies kept, forms posted with their token.
bool has(const std::string& body, const std::string& text) { return body.find(text) != std::string::npos; }

// Every answer of a complete enquiry, as the check-your-answers form posts them.
const std::string kEnquiry =
    "person_name=Ada+Lovelace&person_email=ada%40example.com&person_phone=020+7946+0000&person_address=1+High+Street"
    "&person_postcode=n3+1ab&category=missed-bin&subject=Bins+missed+again&answers.bin_type=refuse&street=High+Street&postcode=N3+1AB"
    "&description=Missed+three+weeks+running&copies=clerk%40testshire.gov.uk%0D%0Aother%40example.com"
    "&confidential=no";

class MemberPagesTest : public PageFixture {
 protected:
  MemberPagesTest() {
    const RequestContext ctx = council_.ctx(testing::at("2015-01-01T00:00:00Z"));
    // The council's categories for complaints and compliments (as the demo's).
    add_complaint_category();
    Category compliment;
    compliment.code = "compliment";
    compliment.name = "Compliment or comment";
    compliment.delivery_unit = "street-scene";
    compliment.sla_policy = "standard-10";
    EXPECT_TRUE(services_->catalogue.put_category(ctx, compliment));
    // A second councillor for the same ward.
    other_member_ = add_councillor("Oscar Other", "oscar@testshire.gov.uk", "correct horse battery oscar");
  }

  void councillor(Browser& b) { sign_in(b, "councillor@testshire.gov.uk", "correct horse battery councillor"); }

  std::vector<CaseView> cases() {
    CaseFilter f;
    f.limit = 200;
    return services_->cases.list(council_.ctx(clock_.now()), f).value().items;
  }
  CaseView get(const std::string& ref) { return services_->cases.get(council_.ctx(clock_.now()), ref).value(); }

  // Raises the complete enquiry and returns its reference.
  std::string raise(Browser& b, bool confidential = false) {
    std::string fields = kEnquiry;
    if (confidential) fields.replace(fields.find("confidential=no"), 15, "confidential=yes");
    auto res = b.post("/member/enquiries/new", "/member/enquiries/new", "step=check&" + fields);
    EXPECT_EQ(res.status, 303) << res.body;
    const std::string to(res.header("Location").value_or(""));
    EXPECT_EQ(to.rfind("/member/enquiries/", 0), 0u) << to;
    const std::string ref = to.substr(18, to.find("/raised") - 18);
    return ref;
  }

  Id other_member_ = 0;
};

TEST(PeopleFormTest, ContactDetailsAndCopiesAreChecked) {
  Form f;
  f.set("person_name", "Ada");
  f.set("person_phone", "not a phone");
  f.set("person_postcode", "XX");
  auto errors = check_person(f, false);
  ASSERT_EQ(errors.size(), 2u);
  EXPECT_EQ(errors[0], (FieldError{"person_phone", "member.errors.phone_invalid"}));
  EXPECT_EQ(errors[1], (FieldError{"person_postcode", "errors.postcode_invalid"}));
  Form guest;
  guest.set("person_name", "Ada");
  EXPECT_EQ(check_person(guest, true), (FormErrors{{"person_email", "member.errors.contact_missing"}}));
  guest.set("person_phone", "07700 900982");
  EXPECT_TRUE(check_person(guest, true).empty());

  EXPECT_EQ(email_list(" A@Example.com,b@example.com\r\na@example.com "),
            (std::vector<std::string>{"a@example.com", "b@example.com"}));
  Form copies;
  copies.set("copies", "a@example.com\nnot-an-address");
  EXPECT_EQ(check_copies(copies, "copies"), (FormErrors{{"copies", "member.errors.copies_invalid"}}));
  std::string many;
  for (int i = 0; i < 11; ++i) many += "p" + std::to_string(i) + "@example.com\n";
  copies.set("copies", many);
  EXPECT_EQ(check_copies(copies, "copies"), (FormErrors{{"copies", "member.errors.copies_too_many"}}));
  Form yes_no;
  EXPECT_EQ(check_yes_no(yes_no, "confidential", "k"), (FormErrors{{"confidential", "k"}}));
  yes_no.set("confidential", "no");
  EXPECT_TRUE(check_yes_no(yes_no, "confidential", "k").empty());
}

TEST_P(MemberPagesTest, ACouncillorRaisesAnEnquiryLosingNothingOnErrors) {
  Browser b(*pipeline_);
  councillor(b);
  auto first = b.get("/member/enquiries/new");
  ASSERT_EQ(first.status, 200) << first.body;
  EXPECT_TRUE(has(first.body, "Who is the enquiry for?"));
  const size_t before = cases().size();

  // No name: the same page again, with the error and what was typed.
  auto no_name = b.post("/member/enquiries/new", "/member/enquiries/new",
                        "step=resident&person_name=&person_email=ada%40example.com");
  EXPECT_EQ(no_name.status, 400);
  EXPECT_TRUE(has(no_name.body, "govuk-error-summary"));
  EXPECT_TRUE(has(no_name.body, "href=\"#person_name\""));
  EXPECT_TRUE(has(no_name.body, "value=\"ada@example.com\""));
  EXPECT_TRUE(has(no_name.body, "<title>Error: "));

  // A bad address to copy in, at the check step: back to that page, the rest kept in hidden fields.
  auto bad_copy = b.post("/member/enquiries/new", "/member/enquiries/new",
                         "step=check&" + kEnquiry.substr(0, kEnquiry.find("&copies=")) + "&copies=not-an-address" +
                             "&confidential=no");
  EXPECT_EQ(bad_copy.status, 400) << bad_copy.body;
  EXPECT_TRUE(has(bad_copy.body, "href=\"#copies\""));
  EXPECT_TRUE(has(bad_copy.body, "name=\"description\" value=\"Missed three weeks running\""));
  EXPECT_TRUE(has(bad_copy.body, "name=\"person_name\" value=\"Ada Lovelace\""));
  // Confidential not answered.
  auto no_choice = b.post("/member/enquiries/new", "/member/enquiries/new", "step=confidential&" +
                          kEnquiry.substr(0, kEnquiry.find("&confidential")));
  EXPECT_EQ(no_choice.status, 400);
  EXPECT_TRUE(has(no_choice.body, "href=\"#confidential\""));
  EXPECT_EQ(cases().size(), before);

  // The category's own questions are asked (missed-bin: which bin).
  auto questions = b.post("/member/enquiries/new", "/member/enquiries/new",
                          "step=subject&person_name=Ada&category=missed-bin&subject=Bins");
  EXPECT_EQ(questions.status, 200);
  EXPECT_TRUE(has(questions.body, "Which bin was missed?"));
  auto unanswered = b.post("/member/enquiries/new", "/member/enquiries/new",
                           "step=questions&person_name=Ada&category=missed-bin&subject=Bins");
  EXPECT_EQ(unanswered.status, 400);
  EXPECT_TRUE(has(unanswered.body, "href=\"#q-bin_type\""));
  auto general = b.post("/member/enquiries/new", "/member/enquiries/new",
                        "step=subject&person_name=Ada&category=general&subject=Bins");
  EXPECT_TRUE(has(general.body, "Where is it?"));  // no questions: straight on

  // Check your answers, and "Change" from it.
  auto check = b.post("/member/enquiries/new", "/member/enquiries/new", "step=confidential&" + kEnquiry);
  ASSERT_EQ(check.status, 200) << check.body;
  EXPECT_TRUE(has(check.body, "Check your answers"));
  EXPECT_TRUE(has(check.body, "clerk@testshire.gov.uk, other@example.com"));
  auto change = b.post("/member/enquiries/new", "/member/enquiries/new", "step=check&goto=subject&" + kEnquiry);
  EXPECT_EQ(change.status, 200);
  EXPECT_TRUE(has(change.body, "value=\"Bins missed again\""));
  EXPECT_TRUE(has(change.body, "<option value=\"missed-bin\" selected>"));

  const std::string ref = raise(b);
  EXPECT_EQ(cases().size(), before + 1);
  const CaseView v = get(ref);
  EXPECT_EQ(v.c.type, CaseType::kMemberEnquiry);
  EXPECT_EQ(v.c.member_id, council_.member);
  EXPECT_EQ(v.c.title, "Bins missed again");
  EXPECT_EQ(v.c.location.ward, "west-hendon");
  EXPECT_FALSE(v.c.enquiry.confidential);
  ASSERT_TRUE(v.c.customer_id.has_value());
  const Customer ada = services_->customers.get(council_.ctx(clock_.now()), *v.c.customer_id).value();
  EXPECT_EQ(ada.family_name, "Lovelace");
  ASSERT_EQ(ada.emails.size(), 1u);
  EXPECT_EQ(ada.emails[0].address, "ada@example.com");
  EXPECT_EQ(services_->cases.watchers(council_.ctx(clock_.now()), ref).value().size(), 2u);

  // The confirmation: reference and the response due date (5 working days from Tuesday 1 March).
  auto done = b.get("/member/enquiries/" + ref + "/raised");
  ASSERT_EQ(done.status, 200);
  EXPECT_TRUE(has(done.body, ref));
  EXPECT_TRUE(has(done.body, "8 March 2016"));

  auto list = b.get("/member/enquiries");
  EXPECT_EQ(list.status, 200);
  EXPECT_TRUE(has(list.body, ref));
  EXPECT_TRUE(has(list.body, "Bins missed again"));
  EXPECT_FALSE(has(b.get("/member/enquiries?show=closed").body, ref));
  auto page = b.get("/member/enquiries/" + ref);
  ASSERT_EQ(page.status, 200);
  EXPECT_TRUE(has(page.body, "other@example.com"));
  EXPECT_TRUE(has(page.body, "Sent to you and the 2 people copied in"));
}

TEST_P(MemberPagesTest, ChasingAndEscalatingCheckTheirFormsAndTheRules) {
  Browser b(*pipeline_);
  councillor(b);
  const std::string ref = raise(b);
  const std::string page = "/member/enquiries/" + ref;

  auto empty = b.post(page, page + "/chase", "note=+");
  EXPECT_EQ(empty.status, 400);
  EXPECT_TRUE(has(empty.body, "href=\"#note\""));
  auto forged = b.send("POST", page + "/chase", "csrf=nope&note=Any+news%3F");
  EXPECT_EQ(forged.status, 403);
  EXPECT_EQ(get(ref).c.enquiry.chasers, 0);

  auto chased = b.post(page, page + "/chase", "note=Any+news%3F");
  ASSERT_EQ(chased.status, 303) << chased.body;
  EXPECT_EQ(get(ref).c.enquiry.chasers, 1);
  EXPECT_TRUE(has(b.get(std::string(chased.header("Location").value_or(""))).body, "You have chased the enquiry"));

  // No escalation officer named yet: refused with the reason, nothing changed.
  auto refused = b.post(page, page + "/escalate", "reason=Too+slow");
  EXPECT_EQ(refused.status, 409) << refused.body;
  EXPECT_TRUE(has(refused.body, "href=\"#reason\""));
  EXPECT_TRUE(has(refused.body, "Too slow"));
  EXPECT_FALSE(get(ref).c.enquiry.escalated_at.has_value());
  auto no_reason = b.post(page, page + "/escalate", "reason=");
  EXPECT_EQ(no_reason.status, 400);

  ASSERT_TRUE(services_->enquiries.set_escalation_officers(council_.ctx(clock_.now()), "street-scene",
                                                           {council_.officer_street}));
  auto escalated = b.post(page, page + "/escalate", "reason=Too+slow");
  ASSERT_EQ(escalated.status, 303) << escalated.body;
  EXPECT_TRUE(get(ref).c.enquiry.escalated_at.has_value());
  auto after = b.get(page);
  EXPECT_TRUE(has(after.body, "Escalated to Sam Street"));
  EXPECT_TRUE(has(after.body, "Any news?"));
}

TEST_P(MemberPagesTest, OnlyCouncillorsAndOnlyWhatTheRulesAllow) {
  Browser signed_out(*pipeline_);
  for (const std::string path : {"/member/enquiries", "/member/enquiries/new", "/member/ward"}) {
    auto res = signed_out.get(path);
    EXPECT_EQ(res.status, 303) << path;
    EXPECT_EQ(res.header("Location").value_or(""), "/sign-in?next=" + http::percent_encode(path));
  }
  Browser resident(*pipeline_);
  sign_in(resident, "resident@testshire.gov.uk", "correct horse battery resident");
  EXPECT_EQ(resident.get("/member/enquiries").status, 403);
  const size_t before = cases().size();
  auto resident_post = resident.post("/", "/member/enquiries/new", "step=check&" + kEnquiry);
  EXPECT_EQ(resident_post.status, 403);
  EXPECT_EQ(cases().size(), before);

  Browser wendy(*pipeline_);
  councillor(wendy);
  const std::string open_ref = raise(wendy);
  const std::string secret_ref = raise(wendy, /*confidential=*/true);
  EXPECT_TRUE(get(secret_ref).c.enquiry.confidential);
  EXPECT_EQ(wendy.get("/member/enquiries/NOPE-0000001").status, 404);
  EXPECT_EQ(wendy.get("/member/enquiries?after=abc").status, 404);

  // The other member of the ward sees the open one, not the confidential one.
  Browser oscar(*pipeline_);
  sign_in(oscar, "oscar@testshire.gov.uk", "correct horse battery oscar");
  auto ward = oscar.get("/member/ward?show=all");
  ASSERT_EQ(ward.status, 200);
  EXPECT_TRUE(has(ward.body, open_ref));
  EXPECT_FALSE(has(ward.body, secret_ref));
  EXPECT_FALSE(has(oscar.get("/member/enquiries").body, open_ref));  // not raised by him
  EXPECT_EQ(oscar.get("/member/enquiries/" + open_ref).status, 200);
  EXPECT_EQ(oscar.get("/member/enquiries/" + secret_ref).status, 404);
  auto chase_secret = oscar.post("/member/enquiries/" + open_ref, "/member/enquiries/" + secret_ref + "/chase",
                                 "note=hello");
  EXPECT_EQ(chase_secret.status, 404);
  EXPECT_EQ(get(secret_ref).c.enquiry.chasers, 0);
  EXPECT_EQ(wendy.get("/member/enquiries/" + secret_ref).status, 200);  // hers

  // Another council's enquiry: not found, and chasing it changes nothing.
  const testing::SmallCouncil other = testing::seed_small_council(*services_, "otherton", "OTH");
  NewCase n;
  n.type = CaseType::kMemberEnquiry;
  n.category = "general";
  n.description = "Elsewhere";
  n.member_id = other.member;
  const CaseView there = services_->cases.create(other.ctx(clock_.now()), n).value();
  EXPECT_EQ(wendy.get("/member/enquiries/" + there.c.reference).status, 404);
  EXPECT_EQ(wendy.post("/member/enquiries/" + open_ref, "/member/enquiries/" + there.c.reference + "/chase",
                       "note=hello").status,
            404);
  EXPECT_EQ(services_->cases.get(other.ctx(clock_.now()), there.c.reference).value().c.enquiry.chasers, 0);
}

TEST_P(MemberPagesTest, AGuestMakesAComplaintWithContactDetails) {
  Browser b(*pipeline_);
  auto first = b.get("/complaint");
  ASSERT_EQ(first.status, 200) << first.body;
  const size_t before = cases().size();
  auto empty = b.post("/complaint", "/complaint", "step=details&about=Bins&description=");
  EXPECT_EQ(empty.status, 400);
  EXPECT_TRUE(has(empty.body, "href=\"#description\""));
  EXPECT_TRUE(has(empty.body, "value=\"Bins\""));
  auto contact = b.post("/complaint", "/complaint", "step=details&about=Bins&description=Rude+crew");
  EXPECT_EQ(contact.status, 200);
  EXPECT_TRUE(has(contact.body, "How can we reply to you?"));
  auto no_contact = b.post("/complaint", "/complaint", "step=contact&about=Bins&description=Rude+crew&person_name=Ada");
  EXPECT_EQ(no_contact.status, 400);
  EXPECT_TRUE(has(no_contact.body, "href=\"#person_email\""));
  EXPECT_TRUE(has(no_contact.body, "name=\"description\" value=\"Rude crew\""));
  auto bad_phone = b.post("/complaint", "/complaint",
                          "step=check&about=Bins&description=Rude+crew&person_name=Ada&person_phone=12");
  EXPECT_EQ(bad_phone.status, 400);
  EXPECT_TRUE(has(bad_phone.body, "href=\"#person_phone\""));
  auto forged = b.send("POST", "/complaint",
                       "csrf=x&step=check&description=Rude+crew&person_name=Ada&person_email=ada%40example.com");
  EXPECT_EQ(forged.status, 403);
  EXPECT_EQ(cases().size(), before);

  auto sent = b.post("/complaint", "/complaint",
                     "step=check&about=Bins&description=Rude+crew&person_name=Ada+Lovelace&person_email=ada%40example.com");
  ASSERT_EQ(sent.status, 303) << sent.body;
  ASSERT_EQ(cases().size(), before + 1);
  const std::string to(sent.header("Location").value_or(""));
  auto done = b.get(to);
  ASSERT_EQ(done.status, 200);
  const std::string ref = to.substr(to.find("ref=") + 4, to.find('&') - to.find("ref=") - 4);
  EXPECT_TRUE(has(done.body, ref));
  EXPECT_TRUE(has(done.body, "acknowledge your complaint by 8 March 2016"));
  const CaseView v = get(ref);
  EXPECT_EQ(v.c.type, CaseType::kComplaint);
  EXPECT_EQ(v.c.sla.code, "complaint");
  EXPECT_EQ(v.c.channel, Channel::kWebform);
  EXPECT_EQ(v.c.answers.at("stage"), std::vector<std::string>{"1"});
  ASSERT_TRUE(v.c.customer_id.has_value());
  EXPECT_EQ(services_->customers.get(council_.ctx(clock_.now()), *v.c.customer_id).value().emails.at(0).address,
            "ada@example.com");
  EXPECT_EQ(b.get("/complaint/done?ref=%3Cb%3E").status, 404);
}

// These forms make a customer record and email them: the low per-address
// limit of the public forms (sign-in, register...) applies.
TEST_P(MemberPagesTest, GuestsFormsAreLimitedPerAddress) {
  http::PipelineOptions options;
  options.page_errors = page_error_renderer(*web_);
  options.rate_limits = http::RateLimits{};  // the defaults `serve` uses: 10 a minute, 10 at once
  http::ApiPipeline limited(router_, *tenants_, services_->accounts, clock_, options);
  Browser b(limited);
  const std::string token = Browser::field_value(b.get("/compliment").body, "csrf");
  int refused = 0;
  for (int i = 0; i < 20; ++i) {
    auto res = b.send("POST", "/compliment", "csrf=" + token + "&step=details&description=");
    if (i < 10) EXPECT_EQ(res.status, 400) << i;
    if (res.status == 429) ++refused;
  }
  EXPECT_GE(refused, 1);  // 20 posts cannot all fit in 10 plus what a minute refills
}

TEST_P(MemberPagesTest, ASignedInResidentPaysAComplimentAndSeesItInMyRequests) {
  Browser b(*pipeline_);
  sign_in(b, "resident@testshire.gov.uk", "correct horse battery resident");
  auto check = b.post("/compliment", "/compliment", "step=details&about=Bin+crew&description=Thank+you");
  ASSERT_EQ(check.status, 200);
  EXPECT_TRUE(has(check.body, "Check your answers"));  // no contact page when signed in
  auto sent = b.post("/compliment", "/compliment", "step=check&about=Bin+crew&description=Thank+you");
  ASSERT_EQ(sent.status, 303) << sent.body;
  const std::string to(sent.header("Location").value_or(""));
  const std::string ref = to.substr(to.find("ref=") + 4, to.find('&') - to.find("ref=") - 4);
  const CaseView v = get(ref);
  EXPECT_EQ(v.c.type, CaseType::kCompliment);
  EXPECT_EQ(v.c.customer_id, resident_);
  EXPECT_TRUE(has(b.get("/requests").body, ref));
  auto enquiry = b.post("/enquiry", "/enquiry", "step=check&description=When+is+bin+day%3F");
  ASSERT_EQ(enquiry.status, 303);
  const std::string to2(enquiry.header("Location").value_or(""));
  EXPECT_EQ(get(to2.substr(to2.find("ref=") + 4, to2.find('&') - to2.find("ref=") - 4)).c.type,
            CaseType::kGeneralEnquiry);

  Browser staff(*pipeline_);
  sign_in(staff, "advisor@testshire.gov.uk", "correct horse battery advisor");
  EXPECT_EQ(staff.get("/complaint").status, 403);
  EXPECT_EQ(staff.get("/member/enquiries").status, 403);
}

INSTANTIATE_TEST_SUITE_P(Backends, MemberPagesTest, ::testing::ValuesIn(testing::test_backends()));

}  // namespace
}  // namespace civicdesk::web

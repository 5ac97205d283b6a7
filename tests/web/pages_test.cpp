// The pages through the real request pipeline (routing, council, session
// cookie, headers) over a real store on every backend, without a socket:
// CSRF refusals change nothing, errors are pages (never 500), what people
// type comes back escaped, and the resident journeys work end to end.
#include "domain/report_table.h"
#include "http/parse/query.h"
#include "page_fixture.h"

namespace civicdesk::web {
namespace {

class PagesTest : public PageFixture {
 protected:
  void sign_in(Browser& b) {
    auto res = b.sign_in_as("resident", "/requests");
    ASSERT_EQ(res.status, 303) << res.body;
    ASSERT_EQ(res.header("Location").value_or(""), "/requests");
  }

  // A case for the signed-up resident (Rita, who has an email address): its
  // acknowledgement is queued with an unsubscribe link.
  CaseView residents_case() {
    NewCase n;
    n.category = "general";
    n.title = "Broken bench";
    n.description = "The bench by the pond is broken";
    n.customer_id = resident_;
    return services_->cases.create(ctx(), n).value();
  }

  size_t case_count() {
    CaseFilter f;
    f.limit = 200;
    return services_->cases.list(council_.ctx(clock_.now()), f).value().items.size();
  }
};

TEST_P(PagesTest, HomePageIsHtmlWithStrictHeadersAndTheCouncilsName) {
  Browser b(*pipeline_);
  auto res = b.get("/");
  EXPECT_EQ(res.status, 200);
  EXPECT_EQ(res.header("Content-Type").value_or(""), "text/html; charset=utf-8");
  const std::string csp(res.header("Content-Security-Policy").value_or(""));
  EXPECT_NE(csp.find("script-src 'self'"), std::string::npos);
  EXPECT_EQ(csp.find("unsafe-inline"), std::string::npos);
  EXPECT_NE(res.body.find("Testshire"), std::string::npos) << res.body.substr(0, 2000);
  EXPECT_TRUE(b.has_cookie("civicdesk_form"));
}

TEST_P(PagesTest, UnknownPagesAndBadFormsArePagesNotProblems) {
  Browser b(*pipeline_);
  auto missing = b.get("/no-such-page");
  EXPECT_EQ(missing.status, 404);
  EXPECT_NE(missing.body.find("Page not found"), std::string::npos);
  auto bad = b.send("POST", "/sign-in", "email=%zz");
  EXPECT_EQ(bad.status, 400);
  EXPECT_EQ(bad.header("Content-Type").value_or(""), "text/html; charset=utf-8");
}

TEST_P(PagesTest, FormsWithoutTheRightTokenChangeNothing) {
  Browser b(*pipeline_);
  b.get("/sign-in");
  auto res = b.send("POST", "/sign-in", "email=resident%40testshire.gov.uk&password=correct+horse+battery+resident");
  EXPECT_EQ(res.status, 403);
  EXPECT_NE(res.body.find("Nothing has been changed"), std::string::npos);
  EXPECT_FALSE(b.has_cookie(std::string(http::kSessionCookie)));

  sign_in(b);
  const size_t before = case_count();
  auto forged = b.send("POST", "/report",
                       "csrf=0000&step=check&category=missed-bin&description=forged&street=High+Street");
  EXPECT_EQ(forged.status, 403);
  EXPECT_EQ(case_count(), before);
  // The token of the anonymous form cookie is not the signed-in one.
  auto stale = b.send("POST", "/sign-out", "csrf=" + Browser::field_value(b.get("/sign-in?next=/").body, "csrf"));
  EXPECT_EQ(stale.status, 403);
  EXPECT_TRUE(b.has_cookie(std::string(http::kSessionCookie)));
}

TEST_P(PagesTest, SignInErrorsKeepTheEmailAndSayWhatIsWrong) {
  Browser b(*pipeline_);
  auto res = b.post("/sign-in", "/sign-in", "email=rita%40example.com&password=wrong");
  EXPECT_EQ(res.status, 400);
  EXPECT_NE(res.body.find("govuk-error-summary"), std::string::npos);
  EXPECT_NE(res.body.find("value=\"rita@example.com\""), std::string::npos);
  EXPECT_NE(res.body.find("<title>Error: "), std::string::npos);
  EXPECT_EQ(res.body.find("wrong"), std::string::npos);  // never the password
}

TEST_P(PagesTest, PrivatePagesSendYouToSignInFirst) {
  Browser b(*pipeline_);
  for (auto path : {"/account", "/requests", "/report", "/account/preferences"}) {
    auto res = b.get(path);
    EXPECT_EQ(res.status, 303) << path;
    EXPECT_EQ(res.header("Location").value_or(""), "/sign-in?next=" + http::percent_encode(path)) << path;
  }
}

TEST_P(PagesTest, AResidentReportsAProblemAndFollowsIt) {
  Browser b(*pipeline_);
  sign_in(b);
  const size_t before = case_count();
  // A validation error on the way keeps everything typed so far.
  auto described = b.post("/report", "/report",
                          "step=description&category=missed-bin&answers.bin_type=refuse&street=1+High+Street&description=");
  EXPECT_EQ(described.status, 400) << described.body;
  EXPECT_NE(described.body.find("name=\"street\" value=\"1 High Street\""), std::string::npos);
  auto check = b.post("/report", "/report",
                      "step=description&category=missed-bin&answers.bin_type=refuse&street=1+High+Street"
                      "&description=%3Cscript%3Ealert(1)%3C%2Fscript%3E+bin+missed");
  ASSERT_EQ(check.status, 200) << check.body;
  EXPECT_NE(check.body.find("Check your answers"), std::string::npos);
  auto sent = b.post("/report", "/report",
                     "step=check&category=missed-bin&answers.bin_type=refuse&street=1+High+Street"
                     "&description=%3Cscript%3Ealert(1)%3C%2Fscript%3E+bin+missed");
  ASSERT_EQ(sent.status, 303) << sent.body;
  EXPECT_EQ(case_count(), before + 1);
  const std::string done_path(sent.header("Location").value_or(""));
  auto done = b.get(done_path);
  EXPECT_EQ(done.status, 200);
  const std::string reference = done_path.substr(done_path.rfind('/') + 1);
  EXPECT_NE(done.body.find(reference), std::string::npos);

  auto list = b.get("/requests");
  EXPECT_NE(list.body.find(reference), std::string::npos);
  auto page = b.get("/requests/" + reference);
  EXPECT_EQ(page.status, 200);
  EXPECT_EQ(page.body.find("<script>alert(1)"), std::string::npos);
  EXPECT_NE(page.body.find("&lt;script&gt;alert(1)"), std::string::npos);

  auto update = b.post("/requests/" + reference, "/requests/" + reference + "/updates", "text=It+is+still+there");
  EXPECT_EQ(update.status, 303);
  EXPECT_NE(b.get("/requests/" + reference).body.find("It is still there"), std::string::npos);
}

TEST_P(PagesTest, AnotherResidentsRequestIsNotFound) {
  Browser b(*pipeline_);
  sign_in(b);
  NewCase in;
  in.category = "missed-bin";
  in.description = "someone else's";
  in.answers = {{"bin_type", {"refuse"}}};
  in.location.address = "2 Low Road";
  auto other = services_->cases.create(council_.ctx(clock_.now()), in);
  ASSERT_TRUE(other) << other.error().message;
  auto res = b.get("/requests/" + other->c.reference);
  EXPECT_EQ(res.status, 404);
  EXPECT_EQ(res.body.find("someone else"), std::string::npos);
}

// With a point (the map fills lat/lng), the same kind of problem reported
// nearby is offered to follow instead; following copies the resident in.
TEST_P(PagesTest, NearbyReportsOfTheSameKindCanBeFollowedInstead) {
  Browser b(*pipeline_);
  sign_in(b);
  NewCase in;
  in.category = "missed-bin";
  in.channel = Channel::kWebform;
  in.description = "Bins on Station Road not collected";
  in.answers = {{"bin_type", {"refuse"}}};
  in.location.lat = 51.6;
  in.location.lng = -0.2;
  auto nearby = services_->cases.create(council_.ctx(clock_.now()), in);
  ASSERT_TRUE(nearby) << nearby.error().message;
  const std::string state = "category=missed-bin&answers.bin_type=refuse&street=Station+Road&lat=51.6001&lng=-0.2";
  auto offer = b.post("/report", "/report", "step=location&" + state);
  ASSERT_EQ(offer.status, 200) << offer.body;
  EXPECT_NE(offer.body.find("Is it one of these?"), std::string::npos);
  EXPECT_NE(offer.body.find(nearby->c.reference), std::string::npos);
  // Not one of these: on to the description, nothing lost.
  auto next = b.post("/report", "/report", "step=nearby&" + state);
  EXPECT_NE(next.body.find("Describe the problem"), std::string::npos);
  EXPECT_NE(next.body.find("name=\"street\" value=\"Station Road\""), std::string::npos);
  const size_t before = case_count();
  const size_t watchers = services_->cases.watchers(council_.ctx(clock_.now()), nearby->c.reference).value().size();
  auto followed = b.post("/report", "/report", "step=nearby&follow=" + nearby->c.reference + "&" + state);
  EXPECT_EQ(followed.status, 200) << followed.body;
  EXPECT_NE(followed.body.find("You are following this report"), std::string::npos);
  EXPECT_EQ(case_count(), before);  // no new report
  EXPECT_EQ(services_->cases.watchers(council_.ctx(clock_.now()), nearby->c.reference).value().size(), watchers + 1);
}

// ---- the links in residents' messages ---------------------------------------

// The link of `path` in the newest message queued about case `case_id`.
std::string link_token(Store& store, TenantId tenant, Id case_id, const std::string& path) {
  OutboxFilter f;
  f.case_id = case_id;
  f.limit = 50;
  auto msgs = store.read_value<std::vector<OutboxMessage>>([&](ReadTx& tx) { return tx.list_outbox(tenant, f); });
  for (const auto& m : msgs.value()) {
    const std::string marker = path + "?token=";
    const size_t at = m.body.find(marker);
    if (at == std::string::npos) continue;
    const size_t start = at + marker.size();
    return m.body.substr(start, m.body.find_first_not_of(
                                    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-", start) - start);
  }
  return "";
}

TEST_P(PagesTest, UnsubscribeLinkAsksFirstThenStopsOptionalUpdates) {
  const CaseView v = residents_case();
  const std::string token = link_token(db_.store(), council_.tenant, v.c.id, "/unsubscribe");
  ASSERT_FALSE(token.empty());
  auto consent = [&] {
    return services_->privacy.preferences(council_.ctx(clock_.now()), resident_).value().current.consent_updates;
  };

  Browser b(*pipeline_);  // not signed in: the link is enough
  auto shown = b.get("/unsubscribe?token=" + token);
  EXPECT_EQ(shown.status, 200);
  EXPECT_NE(shown.body.find("optional updates"), std::string::npos);
  EXPECT_NE(shown.body.find("action=\"/unsubscribe\""), std::string::npos);
  EXPECT_EQ(consent(), std::nullopt);  // opening the link changes nothing

  // No form token, or a token for the wrong link: refused, nothing changed.
  EXPECT_EQ(b.send("POST", "/unsubscribe", "token=" + token).status, 403);
  EXPECT_EQ(b.post("/unsubscribe?token=" + token, "/unsubscribe", "token=" + token + "x").status, 404);
  EXPECT_EQ(b.post("/unsubscribe?token=" + token, "/unsubscribe", "").status, 404);
  EXPECT_EQ(consent(), std::nullopt);

  auto done = b.post("/unsubscribe?token=" + token, "/unsubscribe", "token=" + token);
  EXPECT_EQ(done.status, 200);
  EXPECT_NE(done.body.find("You have unsubscribed"), std::string::npos);
  EXPECT_EQ(consent(), std::optional<bool>(false));
  auto again = b.get("/unsubscribe?token=" + token);
  EXPECT_NE(again.body.find("already unsubscribed"), std::string::npos);

  for (const std::string bad : {"/unsubscribe", "/unsubscribe?token=made-up", "/survey?token=made-up", "/survey"}) {
    auto res = b.get(bad);
    EXPECT_EQ(res.status, 404) << bad;
    EXPECT_NE(res.body.find("This link does not work"), std::string::npos) << bad;
  }
}

TEST_P(PagesTest, SurveyLinkRecordsOneRatingWithAnOptionalComment) {
  const CaseView v = residents_case();
  TransitionRequest close;
  close.to = CaseStatus::kClosed;
  close.outcome = CaseOutcome::kResolved;
  close.outcome_notes = "We replaced the bench.";
  ASSERT_TRUE(services_->cases.transition(council_.ctx(clock_.now()), v.c.reference, close, std::nullopt).ok());
  const std::string token = link_token(db_.store(), council_.tenant, v.c.id, "/survey");
  ASSERT_FALSE(token.empty());
  const std::string link = "/survey?token=" + token;

  Browser b(*pipeline_);
  // The one-click link's rating is chosen already; opening it records nothing.
  auto shown = b.get(link + "&rating=4");
  EXPECT_EQ(shown.status, 200);
  EXPECT_NE(shown.body.find("value=\"4\" checked"), std::string::npos);
  EXPECT_NE(shown.body.find(v.c.reference), std::string::npos);
  EXPECT_FALSE(services_->notifications.survey(council_.ctx(clock_.now()), token)->answered);
  EXPECT_EQ(b.get(link + "&rating=9").body.find(" checked"), std::string::npos);

  // No rating: the GOV.UK error, the comment kept, nothing recorded.
  auto missing = b.post(link, "/survey", "token=" + token + "&comment=Quick+%3Cb%3Eservice%3C%2Fb%3E");
  EXPECT_EQ(missing.status, 400);
  EXPECT_NE(missing.body.find("Select how satisfied you are"), std::string::npos);
  EXPECT_NE(missing.body.find(">Quick &lt;b&gt;service&lt;"), std::string::npos) << missing.body;
  EXPECT_EQ(b.send("POST", "/survey", "token=" + token + "&rating=5").status, 403);
  EXPECT_FALSE(services_->notifications.survey(council_.ctx(clock_.now()), token)->answered);

  auto sent = b.post(link, "/survey", "token=" + token + "&rating=4&comment=Quick+service");
  EXPECT_EQ(sent.status, 200);
  EXPECT_NE(sent.body.find("Thank you for your feedback"), std::string::npos);
  EXPECT_TRUE(services_->notifications.survey(council_.ctx(clock_.now()), token)->answered);
  // The first answer stands (the form as it was before the answer).
  const std::string form_token = Browser::field_value(shown.body, "csrf");
  auto twice = b.send("POST", "/survey", "csrf=" + form_token + "&token=" + token + "&rating=1");
  EXPECT_NE(twice.body.find("already answered"), std::string::npos);
  EXPECT_NE(b.get(link).body.find("already answered"), std::string::npos);
  auto report = services_->reports.run(council_.ctx(clock_.now()),
                                       ReportRequest{"satisfaction", {{"from", "2016-03"}, {"to", "2016-03"}}});
  ASSERT_TRUE(report.ok()) << report.error().message;
  EXPECT_NE(report::render_csv(*report).find(",1,1,100.0,4.0"), std::string::npos) << report::render_csv(*report);
}

INSTANTIATE_TEST_SUITE_P(Backends, PagesTest, ::testing::ValuesIn(testing::test_backends()));

}  // namespace
}  // namespace civicdesk::web

// The pages through the real request pipeline (routing, council, session
// cookie, headers) over a real store on every backend, without a socket:
// CSRF refusals change nothing, errors are pages (never 500), what people
// type comes back escaped, and the resident journeys work end to end.
#include <gtest/gtest.h>

#include <map>

#include "app/crypto.h"
#include "http/parse/query.h"
#include "http/pipeline.h"
#include "support/fixtures.h"
#include "support/test_store.h"
#include "web/web.h"

namespace civicdesk::web {
namespace {

using testing::TestStore;

class Browser {
 public:
  explicit Browser(http::ApiPipeline& p) : pipeline_(p) {}

  http::Response send(const std::string& method, const std::string& target, const std::string& body = "") {
    http::Request req;
    req.method = method;
    req.target = target;
    const size_t q = target.find('?');
    req.path = target.substr(0, q);
    req.query = q == std::string::npos ? "" : target.substr(q + 1);
    req.remote_address = "127.0.0.1";
    req.body = body;
    req.headers.push_back({"host", "127.0.0.1"});
    if (!body.empty()) req.headers.push_back({"content-type", "application/x-www-form-urlencoded"});
    std::string cookie;
    for (const auto& [k, v] : jar_) cookie += (cookie.empty() ? "" : "; ") + k + "=" + v;
    if (!cookie.empty()) req.headers.push_back({"cookie", cookie});
    http::Response res = pipeline_.handle(req);
    for (const auto& [name, value] : res.headers) {
      if (name != "Set-Cookie") continue;
      const std::string pair = value.substr(0, value.find(';'));
      const size_t eq = pair.find('=');
      if (value.find("Max-Age=0") != std::string::npos) jar_.erase(pair.substr(0, eq));
      else jar_[pair.substr(0, eq)] = pair.substr(eq + 1);
    }
    return res;
  }
  http::Response get(const std::string& target) { return send("GET", target); }
  // Posts `fields` with the CSRF token from the page at `form_page`.
  http::Response post(const std::string& form_page, const std::string& action, std::string fields) {
    const http::Response page = get(form_page);
    const std::string token = field_value(page.body, "csrf");
    return send("POST", action, "csrf=" + token + (fields.empty() ? "" : "&" + fields));
  }
  static std::string field_value(const std::string& html, const std::string& name) {
    const std::string marker = "name=\"" + name + "\" value=\"";
    const size_t at = html.find(marker);
    if (at == std::string::npos) return "";
    const size_t start = at + marker.size();
    return html.substr(start, html.find('"', start) - start);
  }
  bool has_cookie(const std::string& name) const { return jar_.count(name) > 0; }

 private:
  http::ApiPipeline& pipeline_;
  std::map<std::string, std::string> jar_;
};

class PagesTest : public ::testing::TestWithParam<std::string> {
 protected:
  PagesTest() : db_(GetParam()), clock_(testing::at("2016-03-01T10:00:00Z")) {
    crypto::init();
    AccountOptions accounts;
    accounts.password_cost = crypto::PasswordCost::minimum();
    services_ = std::make_unique<Services>(db_.store(), accounts);
    council_ = testing::seed_small_council(*services_);
    testing::seed_users(*services_, council_, &resident_);
    web_ = std::make_unique<WebDeps>(WebDeps{*services_});
    add_web_routes(router_, *web_);
    tenants_ = std::make_unique<http::TenantDirectory>(services_->catalogue, "");
    http::PipelineOptions options;
    options.page_errors = page_error_renderer(*web_);
    pipeline_ = std::make_unique<http::ApiPipeline>(router_, *tenants_, services_->accounts, clock_, options);
  }

  void sign_in(Browser& b) {
    auto res = b.post("/sign-in", "/sign-in",
                      "email=resident%40testshire.gov.uk&password=correct+horse+battery+resident&next=%2Frequests");
    ASSERT_EQ(res.status, 303) << res.body;
    ASSERT_EQ(res.header("Location").value_or(""), "/requests");
  }

  size_t case_count() {
    CaseFilter f;
    f.limit = 200;
    return services_->cases.list(council_.ctx(clock_.now()), f).value().items.size();
  }

  TestStore db_;
  FakeClock clock_;
  std::unique_ptr<Services> services_;
  testing::SmallCouncil council_;
  Id resident_ = 0;
  http::Router router_;
  std::unique_ptr<WebDeps> web_;
  std::unique_ptr<http::TenantDirectory> tenants_;
  std::unique_ptr<http::ApiPipeline> pipeline_;
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

INSTANTIATE_TEST_SUITE_P(Backends, PagesTest, ::testing::ValuesIn(testing::test_backends()));

}  // namespace
}  // namespace civicdesk::web

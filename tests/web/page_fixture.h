// What the page tests share: a browser stand-in that keeps cookies and posts
// forms with their CSRF token, and a fixture serving the pages through the
// real request pipeline (routing, council, session cookie, headers) over a
// real store on every backend, without a socket.
//
//   class MyPagesTest : public PageFixture {};
//   Browser b(*pipeline_);
//   auto res = b.post("/sign-in", "/sign-in", "email=...&password=...");
#pragma once

#include <gtest/gtest.h>

#include <map>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "app/crypto.h"
#include "http/api/api.h"
#include "http/parse/query.h"
#include "http/pipeline.h"
#include "support/fixtures.h"
#include "support/test_store.h"
#include "web/web.h"

namespace civicdesk::web {

class Browser {
 public:
  explicit Browser(http::ApiPipeline& p) : pipeline_(p) {}

  using Headers = std::vector<std::pair<std::string, std::string>>;
  // `headers` are added to the request; a body is a form unless they name
  // another content-type.
  http::Response send(const std::string& method, const std::string& target, const std::string& body = "",
                      const Headers& headers = {}) {
    http::Request req;
    req.method = method;
    req.target = target;
    const size_t q = target.find('?');
    req.path = target.substr(0, q);
    req.query = q == std::string::npos ? "" : target.substr(q + 1);
    req.remote_address = "127.0.0.1";
    req.body = body;
    req.headers.push_back({"host", "127.0.0.1"});
    bool typed = false;
    for (const auto& [name, value] : headers) {
      req.headers.push_back({name, value});
      typed = typed || name == "content-type";
    }
    if (!body.empty() && !typed) req.headers.push_back({"content-type", "application/x-www-form-urlencoded"});
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
  // The CSRF token of the form on the page at `form_page`.
  std::string token(const std::string& form_page) { return field_value(get(form_page).body, "csrf"); }
  // Posts `fields` with the CSRF token (and the case's version, when the
  // page has one: the staff case page) from the page at `form_page`.
  http::Response post(const std::string& form_page, const std::string& action, const std::string& fields) {
    const http::Response page = get(form_page);
    std::string body = "csrf=" + field_value(page.body, "csrf");
    const std::string version = field_value(page.body, "version");
    if (!version.empty() && fields.find("version=") == std::string::npos) body += "&version=" + version;
    return send("POST", action, body + (fields.empty() ? "" : "&" + fields));
  }
  // Signs in through the sign-in page; 303 to `next` when it worked.
  http::Response sign_in(const std::string& email, const std::string& password, const std::string& next = "") {
    std::string fields = "email=" + http::percent_encode(email) + "&password=" + http::percent_encode(password);
    if (!next.empty()) fields += "&next=" + http::percent_encode(next);
    return post("/sign-in", "/sign-in", fields);
  }
  // As a user the test council seeds: "<who>@testshire.gov.uk", whose
  // password is "correct horse battery <who>".
  http::Response sign_in_as(const std::string& who, const std::string& next = "") {
    return sign_in(who + "@testshire.gov.uk", "correct horse battery " + who, next);
  }
  // multipart/form-data: `fields` in order, then `files` as "photos" parts.
  http::Response post_multipart(const std::string& action, const std::vector<std::pair<std::string, std::string>>& fields,
                                const std::vector<std::string>& files) {
    const std::string boundary = "----civicdesk-test-boundary";
    std::string body;
    for (const auto& [k, v] : fields)
      body += "--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + k + "\"\r\n\r\n" + v + "\r\n";
    int n = 0;
    for (const auto& f : files)
      body += "--" + boundary + "\r\nContent-Disposition: form-data; name=\"photos\"; filename=\"photo" +
              std::to_string(++n) + ".png\"\r\nContent-Type: image/png\r\n\r\n" + f + "\r\n";
    body += "--" + boundary + "--\r\n";
    return send("POST", action, body, {{"content-type", "multipart/form-data; boundary=" + boundary}});
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

// The small council with a user per role (testing::seed_users: passwords
// "correct horse battery <role>"), its pages (and the API with `with_api`),
// and a clock fixed at 2016-03-01T10:00Z.
class PageFixture : public ::testing::TestWithParam<std::string> {
 protected:
  explicit PageFixture(const media::Limits& limits = {}, bool with_api = false)
      : db_(GetParam()), clock_(testing::at("2016-03-01T10:00:00Z")) {
    crypto::init();
    AccountOptions accounts;
    accounts.password_cost = crypto::PasswordCost::minimum();
    services_ = std::make_unique<Services>(db_.store(), accounts, limits);
    council_ = testing::seed_small_council(*services_);
    tokens_ = testing::seed_users(*services_, council_, &resident_);
    web_ = std::make_unique<WebDeps>(WebDeps{*services_});
    add_web_routes(router_, *web_);
    if (with_api) {
      api_ = std::make_unique<http::ApiDeps>(http::ApiDeps{*services_});
      http::add_api_routes(router_, *api_);
    }
    tenants_ = std::make_unique<http::TenantDirectory>(services_->catalogue, "");
    http::PipelineOptions options;
    options.page_errors = page_error_renderer(*web_);
    pipeline_ = std::make_unique<http::ApiPipeline>(router_, *tenants_, services_->accounts, clock_, options);
  }

  RequestContext ctx() const { return council_.ctx(clock_.now()); }

  // The council's complaint category, asking for the stage (as the demo's).
  void add_complaint_category() {
    Category complaint;
    complaint.code = "complaint";
    complaint.name = "Complaint";
    complaint.delivery_unit = "street-scene";
    complaint.sla_policy = "standard-10";
    complaint.questions = {Question{"stage", "Which stage?", QuestionType::kSingleValueList, true, 1,
                                    {{"1", "Stage 1"}, {"2", "Stage 2 (review)"}}}};
    EXPECT_TRUE(services_->catalogue.put_category(setup_ctx(), complaint));
  }

  // Another councillor for the seeded councillor's ward; with a password,
  // also their sign-in.
  Id add_councillor(const std::string& name, const std::string& email, const std::string& password,
                    bool active = true) {
    Member m{0, "Cllr " + name, "west-hendon", "Independent", email, active};
    const Id id = services_->catalogue.put_member(setup_ctx(), m).value();
    if (!password.empty()) {
      NewUser u;
      u.email = email;
      u.name = name;
      u.role = Role::kCouncillor;
      u.password = password;
      u.member_id = id;
      EXPECT_TRUE(services_->accounts.create_user(setup_ctx(), u));
    }
    return id;
  }

  // Signs in and lands on /account (303), or fails the test.
  static void sign_in(Browser& b, const std::string& email, const std::string& password) {
    auto res = b.sign_in(email, password, "/account");
    ASSERT_EQ(res.status, 303) << res.body;
  }

  testing::TestStore db_;
  FakeClock clock_;
  std::unique_ptr<Services> services_;
  testing::SmallCouncil council_;
  std::map<Role, std::string> tokens_;  // an API token per role
  Id resident_ = 0;                     // the resident's customer record
  http::Router router_;
  std::unique_ptr<WebDeps> web_;
  std::unique_ptr<http::ApiDeps> api_;
  std::unique_ptr<http::TenantDirectory> tenants_;
  std::unique_ptr<http::ApiPipeline> pipeline_;

 private:
  // Set-up writes happen before the fixture's clock starts.
  RequestContext setup_ctx() const { return council_.ctx(testing::at("2015-01-01T00:00:00Z")); }
};

}  // namespace civicdesk::web

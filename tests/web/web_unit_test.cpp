// Unit tests of the pages' pure parts: the message catalogue (every key a
// template or handler uses exists), escaping, the form token, form
// validation and the per-council stylesheet.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <regex>
#include <set>
#include <sstream>

#include "app/crypto.h"
#include "app/services.h"
#include "http/pipeline.h"
#include "support/test_store.h"
#include "web/web.h"
#include "web/assets.h"
#include "web/csrf.h"
#include "web/form.h"
#include "web/messages.h"
#include "web/page.h"
#include "web/render.h"

namespace civicdesk::web {
namespace {

std::string read(const std::filesystem::path& p) {
  std::ifstream in(p);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

const std::filesystem::path kWeb = std::filesystem::path(CIVICDESK_SOURCE_DIR) / "src" / "web";

TEST(Messages, EveryTemplateKeyExistsInEnglish) {
  const Messages& m = Messages::embedded();
  const std::regex key(R"(\{\{[#^/]?\s*t\.([a-z0-9_.]+)\s*\}\})");
  int checked = 0;
  for (const auto& [name, text] : Renderer::embedded().templates()) {
    for (std::sregex_iterator it(text.begin(), text.end(), key), end; it != end; ++it) {
      EXPECT_TRUE(m.find("en", (*it)[1].str())) << name << ".mustache uses t." << (*it)[1].str();
      ++checked;
    }
  }
  EXPECT_GT(checked, 100);
}

// Keys in the handlers' code: every string literal that looks like a
// catalogue key ("group.name" with a known group), plus the ones built at
// run time.
TEST(Messages, EveryCodeKeyExistsInEnglish) {
  const Messages& m = Messages::embedded();
  std::set<std::string> groups;
  for (const auto& k : m.keys("en")) groups.insert(k.substr(0, k.find('.')));
  const std::regex literal(R"re("([a-z_]+)\.([a-z0-9_.]+)")re");
  int checked = 0;
  for (const auto& entry : std::filesystem::directory_iterator(kWeb)) {
    if (entry.path().extension() != ".cpp") continue;
    const std::string text = read(entry.path());
    for (std::sregex_iterator it(text.begin(), text.end(), literal), end; it != end; ++it) {
      if (!groups.count((*it)[1].str()) || (*it)[2].str().ends_with("_")) continue;
      const std::string k = (*it)[1].str() + "." + (*it)[2].str();
      EXPECT_TRUE(m.find("en", k)) << entry.path().filename() << " uses " << k;
      ++checked;
    }
  }
  EXPECT_GT(checked, 50);
  for (auto s : {"new", "in_progress", "awaiting_customer", "closed"}) EXPECT_TRUE(m.find("en", std::string("status.") + s));
  for (int month = 1; month <= 12; ++month) EXPECT_TRUE(m.find("en", "dates.month_" + std::to_string(month)));
  for (auto step : {"category", "questions", "location", "nearby", "description", "check"})
    EXPECT_TRUE(m.find("en", std::string("report.") + step + "_title")) << step;
  EXPECT_TRUE(m.find("en", "language_name"));
}

TEST(Messages, MissingKeysAreVisibleAndOtherLanguagesFallBackToEnglish) {
  Messages m({{"en", R"({"a":{"b":"Hello {name}"},"only_en":"English"})"}, {"cy", R"({"a":{"b":"Helo {name}"}})"}});
  EXPECT_EQ(m.text("en", "a.b"), "Hello {name}");
  EXPECT_EQ(m.format("cy", "a.b", {{"name", "Siân"}}), "Helo Siân");
  EXPECT_EQ(m.text("cy", "only_en"), "English");
  EXPECT_FALSE(m.find("en", "a"));        // a group, not a text
  EXPECT_FALSE(m.find("en", "a.b.c"));
  EXPECT_EQ(m.text("en", "no.such"), "no.such");
  EXPECT_EQ(choose_language(m, "", "cy-GB,cy;q=0.9,en;q=0.8"), "cy");
  EXPECT_EQ(choose_language(m, "en", "cy"), "en");
  EXPECT_EQ(choose_language(m, "fr", "de, fr"), "en");
}

TEST(Templates, NeverUseUnescapedOutput) {
  for (const auto& [name, text] : Renderer::embedded().templates()) {
    EXPECT_EQ(text.find("{{{"), std::string::npos) << name;
    EXPECT_EQ(text.find("{{&"), std::string::npos) << name;
  }
}

TEST(Templates, EscapeWhatPeopleTyped) {
  const Renderer& r = Renderer::embedded();
  mstch::map c{{"t", Messages::embedded().tree("en")},
               {"title", std::string("<b>title</b>")},
               {"body", std::string("<script>alert(\"x\")</script> & 'quotes'")}};
  const std::string html = r.page("message", c);
  EXPECT_EQ(html.find("<script>alert"), std::string::npos);
  EXPECT_NE(html.find("&lt;script&gt;alert(&quot;x&quot;)"), std::string::npos) << html;
  EXPECT_NE(html.find(" &amp; "), std::string::npos) << html;
  EXPECT_EQ(html.find("'quotes'"), std::string::npos) << html;  // quotes escaped too (attribute values)
  EXPECT_EQ(html.find("<b>title</b>"), std::string::npos);
  // The layout around it: skip link, generic header, accessibility link.
  EXPECT_NE(html.find("govuk-skip-link"), std::string::npos);
  EXPECT_NE(html.find("govuk-generic-header"), std::string::npos);
  EXPECT_NE(html.find("href=\"/accessibility\""), std::string::npos);
  EXPECT_EQ(html.find("govuk-header__logotype"), std::string::npos);  // no GOV.UK branding
}

TEST(Templates, HaveNoInlineScriptOrStyle) {
  const std::regex inline_script(R"(<script(?![^>]*\bsrc=)[^>]*>)");
  for (const auto& [name, text] : Renderer::embedded().templates()) {
    EXPECT_FALSE(std::regex_search(text, inline_script)) << name;
    EXPECT_EQ(text.find(" style="), std::string::npos) << name;
    EXPECT_EQ(text.find(" onclick="), std::string::npos) << name;
  }
}

TEST(FormToken, MatchesOnlyItsOwnSecret) {
  crypto::init();
  const std::string a = new_form_secret(), b = new_form_secret();
  EXPECT_NE(a, b);
  EXPECT_TRUE(form_token_ok(a, form_token(a)));
  EXPECT_FALSE(form_token_ok(a, form_token(b)));
  EXPECT_FALSE(form_token_ok(a, ""));
  EXPECT_FALSE(form_token_ok("", form_token("")));
  EXPECT_FALSE(form_token_ok(a, a));  // the secret itself is not the token
  EXPECT_EQ(form_token(a).find(a), std::string::npos);
}

TEST(Form, ParsesUrlEncodedBodies) {
  auto f = Form::parse("email=rita%40example.com&name=Rita+Jones&answers.x=a&answers.x=b&empty=");
  ASSERT_TRUE(f) << f.error().message;
  EXPECT_EQ(f->get("email"), "rita@example.com");
  EXPECT_EQ(f->get("name"), "Rita Jones");
  EXPECT_EQ(f->all("answers.x"), (std::vector<std::string>{"a", "b"}));
  EXPECT_EQ(f->get("missing"), "");
  EXPECT_TRUE(f->has("empty"));
}

TEST(Form, RefusesMalformedBodies) {
  EXPECT_EQ(Form::parse("a=%zz").error().code, ErrorCode::kInvalidField);
  EXPECT_EQ(Form::parse("a=%ff%fe").error().code, ErrorCode::kInvalidField);  // not UTF-8
  EXPECT_EQ(Form::parse("a=" + std::string(Form::kMaxValue + 1, 'x')).error().code, ErrorCode::kInvalidField);
  std::string many;
  for (size_t i = 0; i <= Form::kMaxFields; ++i) many += "f" + std::to_string(i) + "=1&";
  EXPECT_EQ(Form::parse(many).error().code, ErrorCode::kInvalidField);
}

Form form(std::string_view body) { return Form::parse(body).value(); }

TEST(Validation, SignIn) {
  EXPECT_EQ(check_sign_in(form("")), (FormErrors{{"email", "errors.email_missing"}, {"password", "errors.password_missing"}}));
  EXPECT_EQ(check_sign_in(form("email=nope&password=x")), (FormErrors{{"email", "errors.email_invalid"}}));
  EXPECT_TRUE(check_sign_in(form("email=+rita%40example.com+&password=x")).empty());
}

TEST(Validation, Registration) {
  EXPECT_EQ(check_registration(form("name=+&email=a%40b.co&password=short&confirm_password=short")),
            (FormErrors{{"name", "errors.name_missing"}, {"password", "errors.password_short"}}));
  EXPECT_EQ(check_registration(form("name=R&email=a%40b.co&password=aaaaaaaaaaaa&confirm_password=aaaaaaaaaaaa")),
            (FormErrors{{"password", "errors.password_weak"}}));
  EXPECT_EQ(check_registration(form("name=R&email=a%40b.co&password=long+enough+pw&confirm_password=other")),
            (FormErrors{{"confirm_password", "errors.password_mismatch"}}));
  EXPECT_TRUE(check_registration(form("name=R&email=a%40b.co&password=long+enough+pw&confirm_password=long+enough+pw")).empty());
}

TEST(Validation, EmailsAndPostcodes) {
  for (auto ok : {"a@b.co", "rita.jones+council@example.org.uk"}) EXPECT_TRUE(plausible_email(ok)) << ok;
  for (auto bad : {"", "@b.co", "a@", "a@b", "a@@b.co", "a b@c.co", "a@b.co.", "<a@b.co>"}) EXPECT_FALSE(plausible_email(bad)) << bad;
  for (auto ok : {"N3 1AB", "n31ab", "SW1A 1AA", "EC1A1BB"}) EXPECT_TRUE(plausible_postcode(ok)) << ok;
  for (auto bad : {"", "N3", "31AB", "N3 1A1", "N3 1AB X", "N3-1AB"}) EXPECT_FALSE(plausible_postcode(bad)) << bad;
}

TEST(Validation, ReportParts) {
  EXPECT_EQ(check_description(form("description=+")), (FormErrors{{"description", "errors.description_missing"}}));
  EXPECT_EQ(check_location(form("postcode=zzz"), false), (FormErrors{{"postcode", "errors.postcode_invalid"}}));
  EXPECT_EQ(check_location(form(""), true), (FormErrors{{"postcode", "errors.location_missing"}}));
  EXPECT_TRUE(check_location(form("street=High+Street"), true).empty());
  EXPECT_EQ(check_update(form("text=")), (FormErrors{{"text", "errors.update_missing"}}));
  EXPECT_TRUE(check_survey(form("rating=1&comment=")).empty());
  EXPECT_TRUE(check_survey(form("rating=5&comment=Thanks")).empty());
  for (const char* bad : {"", "rating=", "rating=0", "rating=6", "rating=45", "rating=x"})
    EXPECT_EQ(check_survey(form(bad)), (FormErrors{{"rating", "links.rating_missing"}})) << bad;
  EXPECT_EQ(check_survey(form("rating=3&comment=" + std::string(2001, 'a'))),
            (FormErrors{{"comment", "links.comment_long"}}));
}

TEST(Assets, AreEmbeddedWithTypesAndHashes) {
  for (auto name : {"civicdesk.css", "govuk-frontend.min.js", "civicdesk.js", "enabled.js", "favicon.svg"}) {
    const Asset* a = find_asset(name);
    ASSERT_NE(a, nullptr) << name;
    EXPECT_GT(a->data.size(), 50u) << name;
    EXPECT_EQ(a->hash.size(), 16u);
    EXPECT_EQ(asset_url(name), "/assets/" + std::string(name) + "?v=" + a->hash);
  }
  EXPECT_EQ(find_asset("../CMakeLists.txt"), nullptr);
  // The compiled CSS uses a system font stack, never GDS Transport.
  const std::string_view css = find_asset("civicdesk.css")->data;
  EXPECT_EQ(css.find("GDS Transport"), std::string_view::npos);
  EXPECT_NE(css.find("system-ui"), std::string_view::npos);
}

TEST(Assets, CouncilCssTakesOnlyAColour) {
  EXPECT_NE(council_css("#00703c").find("--govuk-brand-colour:#00703c"), std::string::npos);
  EXPECT_EQ(safe_colour("#abc"), "#abc");
  for (auto bad : {"red", "#12345", "#1234567", "#00703c;}body{display:none", "", "#ggg"})
    EXPECT_EQ(safe_colour(bad), "#1d70b8") << bad;
}

// The pipeline treats these paths as pages (council, session cookie, HTML
// errors): every route web/ registers must be one.
TEST(Routes, EveryPageRouteIsAPageToThePipeline) {
  testing::TestStore db("sqlite");
  Services services(db.store());
  WebDeps deps{services};
  http::Router router;
  add_web_routes(router, deps);
  ASSERT_GT(router.routes().size(), 15u);
  for (const auto& r : router.routes()) {
    std::string path = r.pattern;
    for (size_t at = path.find('{'); at != std::string::npos; at = path.find('{'))
      path.replace(at, path.find('}', at) - at + 1, "x");
    EXPECT_TRUE(http::page_route(path)) << r.method << " " << r.pattern;
  }
  for (auto not_page : {"/api/v1/cases", "/open311/v2/services.json", "/healthz", "/metrics", "/accounts", "/reports"})
    EXPECT_FALSE(http::page_route(not_page)) << not_page;
}

TEST(SafeNext, StaysOnThisSite) {
  EXPECT_EQ(safe_next("/requests"), "/requests");
  EXPECT_EQ(safe_next("/requests/TST-1?x=1"), "/requests/TST-1?x=1");
  for (auto bad : {"", "//evil.example", "https://evil.example", "/\\evil.example", "requests", "/a\nb"})
    EXPECT_EQ(safe_next(bad), "/account") << bad;
}

}  // namespace
}  // namespace civicdesk::web

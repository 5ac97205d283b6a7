// The residents' pages added for issue 7 through the real request pipeline
// over a real store on every backend: the map on "Report a problem" (its
// assets, the council's boundary checked on the server), photos sent with a
// report (multipart, checked before anything is stored, shown on the request
// page), and My requests in pages. Plus the pure map helpers.
#include "http/parse/query.h"
#include "http/security_headers.h"
#include "support/images.h"
#include "web/map.h"
#include "page_fixture.h"

namespace civicdesk::web {
namespace {

// A browser without JavaScript: a cookie jar, forms posted urlencoded or as
// multipart/form-data (with files).
bool has(const std::string& haystack, const std::string& needle) { return haystack.find(needle) != std::string::npos; }
// As mustache writes a value into HTML ('/' escaped too).
std::string esc(const std::string& s) {
  std::string out;
  for (char c : s) out += c == '/' ? std::string("&#x2F;") : std::string(1, c);
  return out;
}

// A square around Hendon (the test council's cases sit at 51.6, -0.2).
constexpr const char* kBoundary = R"({"type":"Polygon","coordinates":[[[-0.3,51.5],[-0.1,51.5],[-0.1,51.7],[-0.3,51.7],[-0.3,51.5]]]})";

// Small, so that "too big" needs no big file.
media::Limits small_uploads() {
  media::Limits limits;
  limits.max_bytes = 4096;
  return limits;
}

class ResidentPagesTest : public PageFixture {
 protected:
  ResidentPagesTest() : PageFixture(small_uploads(), /*with_api=*/true) {}

  void sign_in(Browser& b) {
    auto res = b.sign_in_as("resident", "/requests");
    ASSERT_EQ(res.status, 303) << res.body;
  }

  size_t case_count() {
    CaseFilter f;
    f.limit = 200;
    return services_->cases.list(council_.ctx(clock_.now()), f).value().items.size();
  }

  // The fields of a whole report, as check your answers sends them.
  std::vector<std::pair<std::string, std::string>> report(const std::string& csrf, const std::string& description) {
    return {{"csrf", csrf},         {"step", "check"},         {"category", "missed-bin"}, {"answers.bin_type", "refuse"},
            {"street", "1 High Street"}, {"description", description}};
  }

};

// ---- the map -----------------------------------------------------------------

TEST_P(ResidentPagesTest, TheLocationPageCarriesTheMapAndItsAssetsAreServed) {
  Browser b(*pipeline_);
  sign_in(b);
  ASSERT_TRUE(services_->locations.set_boundary(council_.ctx(clock_.now()), kBoundary));
  auto where = b.post("/report", "/report", "step=questions&category=missed-bin&answers.bin_type=refuse");
  ASSERT_EQ(where.status, 200) << where.body;
  EXPECT_TRUE(has(where.body, "data-civicdesk-map")) << where.body;
  EXPECT_TRUE(has(where.body, "data-tiles=\"" + esc("https://tile.openstreetmap.org/{z}/{x}/{y}.png") + "\""));
  EXPECT_TRUE(has(where.body, "data-bounds=\"51.500000,-0.300000,51.700000,-0.100000\""));
  EXPECT_TRUE(has(where.body, "data-category=\"missed-bin\""));
  // Without JavaScript the street and postcode are still there.
  EXPECT_TRUE(has(where.body, "name=\"street\""));
  for (const std::string asset : {"leaflet.js", "map.js", "map.css", "marker-icon.png", "marker-shadow.png"}) {
    const std::string marker = esc("/assets/" + asset) + "?v=";
    if (asset != "marker-shadow.png") EXPECT_TRUE(has(where.body, marker)) << asset;
    auto res = b.get("/assets/" + asset);
    EXPECT_EQ(res.status, 200) << asset;
    EXPECT_GT(res.body.size(), 100u) << asset;
  }
  EXPECT_EQ(b.get("/assets/marker-icon.png").header("Content-Type").value_or(""), "image/png");
}

TEST_P(ResidentPagesTest, APointOutsideTheCouncilIsRefusedOnTheMapsPageKeepingEverything) {
  Browser b(*pipeline_);
  sign_in(b);
  ASSERT_TRUE(services_->locations.set_boundary(council_.ctx(clock_.now()), kBoundary));
  const size_t before = case_count();
  auto outside = b.post("/report", "/report",
                        "step=location&category=missed-bin&answers.bin_type=refuse&street=Far+Away&lat=53.48&lng=-2.24");
  EXPECT_EQ(outside.status, 400) << outside.body;
  EXPECT_TRUE(has(outside.body, "not in the council&#39;s area") || has(outside.body, "not in the council's area"))
      << outside.body;
  EXPECT_TRUE(has(outside.body, "href=\"#map\""));
  EXPECT_TRUE(has(outside.body, "value=\"Far Away\""));
  EXPECT_TRUE(has(outside.body, "name=\"lat\" value=\"53.48\""));
  EXPECT_TRUE(has(outside.body, "name=\"answers.bin_type\" value=\"refuse\""));
  auto garbled = b.post("/report", "/report", "step=location&category=missed-bin&answers.bin_type=refuse&lat=abc&lng=1");
  EXPECT_EQ(garbled.status, 400);
  EXPECT_TRUE(has(garbled.body, "Choose the place on the map again"));
  // Inside: on to the description.
  auto inside = b.post("/report", "/report",
                       "step=location&category=missed-bin&answers.bin_type=refuse&street=Station+Road&lat=51.61&lng=-0.21");
  EXPECT_EQ(inside.status, 200) << inside.body;
  EXPECT_TRUE(has(inside.body, "Describe the problem"));
  EXPECT_EQ(case_count(), before);
}

TEST(MapTiles, ThePagesPolicyAllowsExactlyTheTileHost) {
  const std::string csp = http::page_content_security_policy(tile_origin(kDefaultMapTiles).value());
  EXPECT_TRUE(has(csp, "img-src 'self' data: https://tile.openstreetmap.org;")) << csp;
  EXPECT_FALSE(has(csp, "*"));
}

// ---- photos ------------------------------------------------------------------

TEST_P(ResidentPagesTest, APhotoIsSentWithTheReportStrippedAndShownOnTheRequest) {
  Browser b(*pipeline_);
  sign_in(b);
  const std::string csrf = b.token("/report");
  auto check = b.post("/report", "/report", "step=description&category=missed-bin&answers.bin_type=refuse"
                                            "&street=1+High+Street&description=Bin+not+emptied");
  ASSERT_EQ(check.status, 200);
  EXPECT_TRUE(has(check.body, "enctype=\"multipart/form-data\""));
  EXPECT_TRUE(has(check.body, "type=\"file\""));
  const size_t before = case_count();
  auto sent = b.post_multipart("/report", report(csrf, "Bin not emptied"), {test_images::phone_png()});
  ASSERT_EQ(sent.status, 303) << sent.body;
  EXPECT_EQ(case_count(), before + 1);
  const std::string done(sent.header("Location").value_or(""));
  const std::string reference = done.substr(done.rfind('/') + 1);
  auto photos = services_->attachments.list(council_.ctx(clock_.now()), reference);
  ASSERT_TRUE(photos);
  ASSERT_EQ(photos->size(), 1u);
  EXPECT_TRUE(photos->front().is_public);
  auto page = b.get("/requests/" + reference);
  const std::string src = "/api/v1/cases/" + reference + "/attachments/" + std::to_string(photos->front().id);
  EXPECT_TRUE(has(page.body, "src=\"" + esc(src) + "\"")) << page.body;
  EXPECT_TRUE(has(page.body, "alt=\"Photo 1 of this request\""));
  // The resident's browser fetches it with the same session cookie: stripped.
  auto image = b.get(src);
  EXPECT_EQ(image.status, 200);
  EXPECT_EQ(image.body, test_images::clean_png());
}

TEST_P(ResidentPagesTest, BadPhotosAreFieldErrorsThatKeepTheReportAndStoreNothing) {
  Browser b(*pipeline_);
  sign_in(b);
  const std::string csrf = b.token("/report");
  const size_t before = case_count();
  const std::string big = test_images::clean_png() + std::string(5000, 'x');
  const std::vector<std::pair<std::vector<std::string>, std::string>> cases = {
      {{"just some text, not a photo"}, "must be a JPEG or PNG"},
      {{test_images::kPngSignature + "garbled"}, "could not be read"},
      {{big}, "must be smaller than 4 KB"},
      {{test_images::clean_png(), test_images::clean_png(), test_images::clean_png(), test_images::clean_png()},
       "Choose 3 photos or fewer"},
  };
  for (const auto& [files, message] : cases) {
    auto res = b.post_multipart("/report", report(csrf, "Bin <still> there"), files);
    EXPECT_EQ(res.status, 400) << message;
    EXPECT_TRUE(has(res.body, message)) << message << "\n" << res.body;
    EXPECT_TRUE(has(res.body, "href=\"#photos\"")) << message;
    EXPECT_TRUE(has(res.body, "govuk-file-upload--error")) << message;
    EXPECT_TRUE(has(res.body, "name=\"street\" value=\"1 High Street\"")) << message;
    EXPECT_TRUE(has(res.body, "name=\"description\" value=\"Bin &lt;still&gt; there\"")) << message;
  }
  EXPECT_EQ(case_count(), before);
}

TEST_P(ResidentPagesTest, AMultipartReportWithoutTheRightTokenChangesNothing) {
  Browser b(*pipeline_);
  sign_in(b);
  const size_t before = case_count();
  auto res = b.post_multipart("/report", report("wrong", "Bin not emptied"), {test_images::clean_png()});
  EXPECT_EQ(res.status, 403);
  auto garbled = b.send("POST", "/report", "--x\r\nnot really multipart", {{"content-type", "multipart/form-data; boundary=x"}});
  EXPECT_EQ(garbled.status, 400);
  EXPECT_EQ(garbled.header("Content-Type").value_or(""), "text/html; charset=utf-8");
  EXPECT_EQ(case_count(), before);
}

TEST_P(ResidentPagesTest, AReportWithoutPhotosStillWorksFromTheMultipartForm) {
  Browser b(*pipeline_);
  sign_in(b);
  const std::string csrf = b.token("/report");
  const size_t before = case_count();
  // A browser sends an empty file part when no photo is chosen.
  auto sent = b.post_multipart("/report", report(csrf, "Bin not emptied"), {""});
  ASSERT_EQ(sent.status, 303) << sent.body;
  EXPECT_EQ(case_count(), before + 1);
  // "Change" from check your answers, multipart too: back to that page.
  auto fields = report(csrf, "Bin not emptied");
  fields.push_back({"goto", "description"});
  auto change = b.post_multipart("/report", fields, {});
  EXPECT_EQ(change.status, 200);
  EXPECT_TRUE(has(change.body, "Describe the problem"));
}

// ---- My requests in pages ------------------------------------------------------

TEST_P(ResidentPagesTest, MyRequestsComeInPagesOfTwenty) {
  Browser b(*pipeline_);
  sign_in(b);
  for (int i = 0; i < 45; ++i) {
    NewCase in;
    in.category = "missed-bin";
    in.description = "Request number " + std::to_string(i) + ".";
    in.answers = {{"bin_type", {"refuse"}}};
    in.location.address = "1 High Street";
    in.customer_id = resident_;
    ASSERT_TRUE(services_->cases.create(council_.ctx(clock_.now()), in));
  }
  auto first = b.get("/requests");
  EXPECT_EQ(first.status, 200);
  EXPECT_TRUE(has(first.body, "Request number 44."));
  EXPECT_TRUE(has(first.body, "Request number 25."));
  EXPECT_FALSE(has(first.body, "Request number 24."));
  EXPECT_TRUE(has(first.body, "href=\"" + esc("/requests?page=2") + "\""));
  EXPECT_FALSE(has(first.body, "rel=\"prev\""));
  auto third = b.get("/requests?page=3");
  EXPECT_EQ(third.status, 200);
  EXPECT_TRUE(has(third.body, "Request number 4."));
  EXPECT_TRUE(has(third.body, "Request number 0."));
  EXPECT_FALSE(has(third.body, "Request number 5."));
  EXPECT_TRUE(has(third.body, "href=\"" + esc("/requests?page=2") + "\""));
  EXPECT_FALSE(has(third.body, "rel=\"next\""));
  EXPECT_TRUE(has(third.body, "My requests (page 3)"));
  auto second = b.get("/requests?page=2");
  EXPECT_TRUE(has(second.body, "href=\"" + esc("/requests") + "\""));
  EXPECT_TRUE(has(second.body, "Request number 24."));
  for (const std::string bad : {"page=0", "page=-1", "page=abc", "page=99999999999999999999", "page=1&page=2",
                                "sort=x", "page=%zz"}) {
    auto res = b.get("/requests?" + bad);
    EXPECT_EQ(res.status, 400) << bad;
    EXPECT_TRUE(has(res.body, "no such page")) << bad;
  }
  EXPECT_EQ(b.get("/requests?page=4").status, 404);
  EXPECT_EQ(b.get("/requests?page=500").status, 404);
}

INSTANTIATE_TEST_SUITE_P(Backends, ResidentPagesTest, ::testing::ValuesIn(testing::test_backends()));

// ---- the map's pure helpers ------------------------------------------------------

TEST(MapTiles, TheCspOriginComesFromTheTileUrl) {
  EXPECT_EQ(tile_origin("https://tile.openstreetmap.org/{z}/{x}/{y}.png").value(), "https://tile.openstreetmap.org");
  EXPECT_EQ(tile_origin("https://{s}.tiles.example.org:8443/x/{z}/{x}/{y}.png").value(),
            "https://*.tiles.example.org:8443");
  EXPECT_EQ(tile_origin("http://127.0.0.1:9000/{z}/{x}/{y}.png").value(), "http://127.0.0.1:9000");
  EXPECT_EQ(tile_origin("").value(), "");
  for (const char* bad : {"http://tiles.example.org/{z}/{x}/{y}.png", "https://tiles.example.org/{z}/{x}.png",
                          "ftp://tiles.example.org/{z}/{x}/{y}", "https://a b/{z}/{x}/{y}",
                          "https://x.org;script-src/{z}/{x}/{y}", "https:///{z}/{x}/{y}", "https://'self'/{z}/{x}/{y}"}) {
    auto r = tile_origin(bad);
    ASSERT_FALSE(r) << bad;
    EXPECT_EQ(r.error().code, ErrorCode::kInvalidConfig) << bad;
  }
}

TEST(MapTiles, TheFirstViewIsTheBoundarysBox) {
  auto b = geo::parse_boundary(kBoundary);
  ASSERT_TRUE(b);
  EXPECT_EQ(boundary_bounds(*b).value(), "51.500000,-0.300000,51.700000,-0.100000");
  EXPECT_FALSE(boundary_bounds(geo::Boundary{}).has_value());
}

}  // namespace
}  // namespace civicdesk::web

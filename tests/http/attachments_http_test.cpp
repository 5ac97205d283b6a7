// Photos on cases through the real server on every backend (docs/media.md):
// what is downloaded has no EXIF, GPS or text left; every bad upload is a
// clear 4xx that stores nothing; access is exactly as reading the case; and
// Open311 stores FixMyStreet's photo parts and shows a public report's photo.
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "http/parse/query.h"
#include "support/images.h"
#include "support/test_server.h"

namespace civicdesk::testing {
namespace {

using nlohmann::json;
using namespace test_images;

bool contains(const std::string& hay, std::string_view needle) { return hay.find(needle) != std::string::npos; }

std::string multipart(const std::string& boundary, const std::vector<std::pair<std::string, std::string>>& files,
                      const std::vector<std::pair<std::string, std::string>>& fields = {}) {
  std::string body;
  for (const auto& [name, value] : fields)
    body += "--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + name + "\"\r\n\r\n" + value + "\r\n";
  for (const auto& [name, bytes] : files)
    body += "--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + name + "\"; filename=\"" + name +
            ".jpg\"\r\nContent-Type: application/octet-stream\r\n\r\n" + bytes + "\r\n";
  return body + "--" + boundary + "--\r\n";
}

class AttachmentsHttpTest : public ::testing::TestWithParam<std::string> {
 protected:
  AttachmentsHttpTest() : server_(GetParam()) {
    const RequestContext sys = system();
    Services& s = server_.services();
    Category hidden;
    hidden.code = "safeguarding";
    hidden.name = "Safeguarding concern";
    hidden.delivery_unit = "street-scene";
    hidden.sla_policy = "standard-10";
    hidden.restricted = true;
    hidden.visible_to_teams = {"roads"};  // not the Street Scene officer's team
    EXPECT_TRUE(s.catalogue.put_category(sys, hidden).ok());
    street_ = new_case("general", std::nullopt);
    own_ = new_case("general", server_.resident_customer());
    restricted_ = new_case("safeguarding", std::nullopt);
  }

  RequestContext system() { return server_.council().ctx(server_.clock().now()); }

  std::string new_case(const std::string& category, std::optional<Id> customer) {
    NewCase in;
    in.category = category;
    in.title = "Fly-tipping behind the shops";
    in.description = "Photographed";
    in.customer_id = customer;
    in.channel = Channel::kWebform;
    auto v = server_.services().cases.create(system(), in);
    EXPECT_TRUE(v.ok()) << v.error().message;
    return v.ok() ? v->c.reference : "";
  }

  HttpResult upload(const std::string& reference, const std::string& bytes, const std::string& type,
                    Role as = Role::kOfficer, const std::string& query = "") {
    return http_request(server_.port(), "POST", "/api/v1/cases/" + reference + "/attachments" + query, bytes,
                        {server_.auth(as), "Content-Type: " + type});
  }
  HttpResult get(const std::string& target, Role as = Role::kOfficer) {
    return http_request(server_.port(), "GET", target, "", {server_.auth(as)});
  }
  // What the store holds for the case, whoever may see it.
  size_t stored(const std::string& reference) {
    auto c = server_.services().cases.get(system(), reference);
    if (!c) return 9999;
    auto all = server_.services().store.read_value<std::vector<Attachment>>(
        [&](ReadTx& tx) { return tx.list_attachments(server_.council().tenant, c->c.id); });
    return all ? all->size() : 9999;
  }
  void expect_problem(const HttpResult& r, int status, const std::string& code) {
    EXPECT_EQ(r.status, status) << r.body;
    EXPECT_EQ(r.header("content-type"), "application/problem+json") << r.body;
    auto j = json::parse(r.body, nullptr, false);
    EXPECT_EQ(j.value("code", ""), code) << r.body;
  }

  TestServer server_;
  std::string street_, own_, restricted_;
};

TEST_P(AttachmentsHttpTest, JpegUploadIsServedWithoutItsMetadata) {
  HttpResult up = upload(street_, phone_jpeg(640, 480), "image/jpeg");
  ASSERT_EQ(up.status, 201) << up.body;
  auto j = json::parse(up.body);
  EXPECT_EQ(j["content_type"], "image/jpeg");
  EXPECT_EQ(j["width"], 640);
  EXPECT_EQ(j["height"], 480);
  EXPECT_EQ(j["size"], clean_jpeg(640, 480).size());
  EXPECT_EQ(j["public"], false);  // staff photos are staff-only unless asked
  EXPECT_EQ(j["hidden"], false);
  const std::string url = j["url"];
  EXPECT_EQ(up.header("location"), url);

  HttpResult down = get(url);
  ASSERT_EQ(down.status, 200);
  EXPECT_EQ(down.body, clean_jpeg(640, 480));
  for (std::string_view gone : {"GPS", "Exif", "xmpmeta", "Jane Resident", "Acacia", "trailing"})
    EXPECT_FALSE(contains(down.body, gone)) << gone;
  EXPECT_EQ(down.header("content-type"), "image/jpeg");
  EXPECT_EQ(down.header("content-length"), std::to_string(down.body.size()));
  EXPECT_EQ(down.header("x-content-type-options"), "nosniff");
  EXPECT_EQ(down.header("content-disposition"),
            "inline; filename=\"" + street_ + "-" + std::to_string(j["id"].get<Id>()) + ".jpg\"");
  EXPECT_EQ(down.header("cache-control").rfind("private", 0), 0u) << down.header("cache-control");

  HttpResult list = get("/api/v1/cases/" + street_ + "/attachments");
  ASSERT_EQ(list.status, 200);
  auto items = json::parse(list.body)["items"];
  ASSERT_EQ(items.size(), 1u);
  EXPECT_EQ(items[0]["sha256"], j["sha256"]);
}

TEST_P(AttachmentsHttpTest, PngInAMultipartBodyIsStrippedOfTextAndExif) {
  const std::string b = "----civicdesk-boundary";
  HttpResult up = upload(street_, multipart(b, {{"file", phone_png(300, 200)}}), "multipart/form-data; boundary=" + b);
  ASSERT_EQ(up.status, 201) << up.body;
  auto j = json::parse(up.body);
  EXPECT_EQ(j["content_type"], "image/png");
  HttpResult down = get(j["url"].get<std::string>());
  ASSERT_EQ(down.status, 200);
  EXPECT_EQ(down.body, clean_png(300, 200));
  for (std::string_view gone : {"tEXt", "eXIf", "GPS", "tIME", "iTXt", "zTXt", "Jane"})
    EXPECT_FALSE(contains(down.body, gone)) << gone;
  EXPECT_EQ(down.header("content-type"), "image/png");
}

TEST_P(AttachmentsHttpTest, TheTypeComesFromTheBytesNotTheHeader) {
  HttpResult up = upload(street_, phone_jpeg(), "image/png");
  ASSERT_EQ(up.status, 201) << up.body;
  EXPECT_EQ(json::parse(up.body)["content_type"], "image/jpeg");
}

TEST_P(AttachmentsHttpTest, EveryBadUploadIsAClear4xxAndStoresNothing) {
  const std::string b = "xyz";
  expect_problem(upload(street_, phone_jpeg(), "text/plain"), 415, "unsupported_media_type");
  expect_problem(upload(street_, "GIF89a\x01\x00\x01\x00", "image/png"), 415, "unsupported_media_type");
  expect_problem(upload(street_, "<svg xmlns=\"http://www.w3.org/2000/svg\"/>", "image/png"), 415,
                 "unsupported_media_type");
  expect_problem(upload(street_, "", "image/jpeg"), 400, "invalid_file");
  const std::string jpeg = phone_jpeg();
  expect_problem(upload(street_, jpeg.substr(0, jpeg.size() / 2), "image/jpeg"), 400, "invalid_file");
  std::string bad_crc = phone_png();
  bad_crc[20] ^= 1;
  expect_problem(upload(street_, bad_crc, "image/png"), 400, "invalid_file");
  // Over the 10 MB default: the photo limit answers, naming both sizes.
  std::string big = clean_jpeg();
  big.insert(big.size() - 2, std::string(10 * 1024 * 1024, '\x11'));
  HttpResult too_big = upload(street_, big, "image/jpeg");
  expect_problem(too_big, 413, "payload_too_large");
  EXPECT_TRUE(contains(too_big.body, "10485760")) << too_big.body;
  // Over what the server reads at all for an upload: refused from the
  // header, before the body is sent.
  const std::string head = "POST /api/v1/cases/" + street_ + "/attachments HTTP/1.1\r\nHost: 127.0.0.1\r\n" +
                           server_.auth(Role::kOfficer) + "\r\nContent-Type: image/jpeg\r\nContent-Length: " +
                           std::to_string(13 * 1024 * 1024) + "\r\n\r\n";
  const std::string answer = raw_exchange(server_.port(), head);
  EXPECT_EQ(answer.rfind("HTTP/1.1 413", 0), 0u) << answer.substr(0, 200);
  EXPECT_TRUE(contains(answer, "payload_too_large")) << answer.substr(0, 400);
  // Any other request keeps the ordinary limit (1 MiB here).
  const std::string json_head = "POST /api/v1/cases HTTP/1.1\r\nHost: 127.0.0.1\r\n" + server_.auth(Role::kOfficer) +
                                "\r\nContent-Type: application/json\r\nContent-Length: " +
                                std::to_string(2 * 1024 * 1024) + "\r\n\r\n";
  EXPECT_EQ(raw_exchange(server_.port(), json_head).rfind("HTTP/1.1 413", 0), 0u);
  // A decompression bomb: a few hundred bytes claiming 4 gigapixels.
  expect_problem(upload(street_, phone_png(65536, 65536), "image/png"), 413, "payload_too_large");
  HttpResult two = upload(street_, multipart(b, {{"a", phone_png()}, {"b", phone_png()}}),
                          "multipart/form-data; boundary=" + b);
  EXPECT_EQ(two.status, 400) << two.body;
  EXPECT_EQ(upload(street_, multipart(b, {}, {{"note", "no file"}}), "multipart/form-data; boundary=" + b).status,
            400);
  expect_problem(upload(street_, phone_png(), "image/png", Role::kOfficer, "?public=maybe"), 400, "invalid_query");
  EXPECT_EQ(stored(street_), 0u);
  // Sanity: the same case does take a good photo.
  EXPECT_EQ(upload(street_, phone_png(), "image/png").status, 201);
  EXPECT_EQ(stored(street_), 1u);
}

TEST_P(AttachmentsHttpTest, AccessIsExactlyAsReadingTheCase) {
  // A resident: their own case, not another's (404 as for a missing case).
  HttpResult mine = upload(own_, phone_png(), "image/png", Role::kResident);
  ASSERT_EQ(mine.status, 201) << mine.body;
  EXPECT_EQ(json::parse(mine.body)["public"], true);  // a resident's report photo is public by default
  expect_problem(upload(street_, phone_png(), "image/png", Role::kResident), 404, "not_found");
  const std::string theirs = json::parse(upload(street_, phone_png(), "image/png").body)["url"];
  expect_problem(get(theirs, Role::kResident), 404, "not_found");
  expect_problem(get("/api/v1/cases/" + street_ + "/attachments", Role::kResident), 404, "not_found");
  // A restricted category: hidden from an officer outside the named team.
  expect_problem(upload(restricted_, phone_png(), "image/png", Role::kOfficer), 404, "not_found");
  ASSERT_EQ(upload(restricted_, phone_png(), "image/png", Role::kAdministrator).status, 404);
  // Another council's case, and another case's photo under this reference.
  const SmallCouncil other = seed_small_council(server_.services(), "otherton", "OTH");
  NewCase in;
  in.category = "general";
  in.title = "Elsewhere";
  in.description = "Another council's case";
  auto there = server_.services().cases.create(other.ctx(server_.clock().now()), in);
  ASSERT_TRUE(there.ok()) << there.error().message;
  expect_problem(upload(there->c.reference, phone_png(), "image/png", Role::kAdministrator), 404, "not_found");
  const std::string own_photo = json::parse(mine.body)["url"];
  const std::string id = own_photo.substr(own_photo.rfind('/') + 1);
  expect_problem(get("/api/v1/cases/" + street_ + "/attachments/" + id), 404, "not_found");
  expect_problem(get("/api/v1/cases/" + street_ + "/attachments/abc"), 404, "not_found");
  // Nobody signed in.
  EXPECT_EQ(http_request(server_.port(), "GET", own_photo).status, 401);
  EXPECT_EQ(stored(restricted_), 0u);
  EXPECT_EQ(stored(there->c.reference), 9999u);  // not a case of this council at all
}

TEST_P(AttachmentsHttpTest, StaffHideAPhotoFromEveryoneButThoseWhoWorkTheCase) {
  HttpResult up = upload(own_, phone_png(), "image/png", Role::kResident);
  ASSERT_EQ(up.status, 201);
  const std::string url = json::parse(up.body)["url"];
  auto patch = [&](const std::string& body, Role as) {
    return http_request(server_.port(), "PATCH", url, body, {server_.auth(as), "Content-Type: application/json"});
  };
  expect_problem(patch(R"({"hidden": true})", Role::kResident), 403, "permission_denied");
  expect_problem(patch(R"({"hidden": "yes"})", Role::kManager), 400, "invalid_field");
  expect_problem(patch(R"({"colour": "red"})", Role::kManager), 400, "unknown_field");
  HttpResult hid = patch(R"({"hidden": true})", Role::kManager);
  ASSERT_EQ(hid.status, 200) << hid.body;
  auto j = json::parse(hid.body);
  EXPECT_EQ(j["hidden"], true);
  EXPECT_EQ(j["hidden_at"], "2016-03-01T10:00:00Z");
  expect_problem(get(url, Role::kResident), 404, "not_found");
  EXPECT_TRUE(json::parse(get("/api/v1/cases/" + own_ + "/attachments", Role::kResident).body)["items"].empty());
  EXPECT_EQ(get(url, Role::kManager).status, 200);
  EXPECT_EQ(json::parse(get("/api/v1/cases/" + own_ + "/attachments", Role::kManager).body)["items"].size(), 1u);
  ASSERT_EQ(patch(R"({"hidden": false})", Role::kManager).status, 200);
  EXPECT_EQ(get(url, Role::kResident).status, 200);
}

// ---- Open311 -------------------------------------------------------------------

class Open311PhotosTest : public AttachmentsHttpTest {
 protected:
  Open311PhotosTest() {
    auto key = server_.services().accounts.create_token(system(), NewToken{"fixmystreet", {"open311"}, {}, {}});
    EXPECT_TRUE(key.ok());
    key_ = key.ok() ? *key : "";
  }
  HttpResult post_report(const std::string& service_code, const std::vector<std::pair<std::string, std::string>>& files) {
    const std::string b = "fms-boundary-42";
    return http_request(server_.port(), "POST", "/open311/v2/requests.xml",
                        multipart(b, files,
                                  {{"api_key", key_},
                                   {"service_code", service_code},
                                   {"lat", "51.6012"},
                                   {"long", "-0.2101"},
                                   {"description", "Dumped mattress"},
                                   {"media_url", "https://fms.example/photo/1.jpeg"}}),
                        {"Content-Type: multipart/form-data; boundary=" + b});
  }
  static std::string tag(const std::string& xml, const std::string& name) {
    const size_t start = xml.find("<" + name + ">");
    if (start == std::string::npos) return "<missing>";
    const size_t from = start + name.size() + 2;
    return xml.substr(from, xml.find("</" + name + ">", from) - from);
  }
  std::string key_;
};

TEST_P(Open311PhotosTest, PhotoPartsAreStrippedStoredAndShownToFixMyStreet) {
  HttpResult r = post_report("general", {{"photo1", phone_jpeg(800, 600)}, {"photo2", "not an image"}});
  ASSERT_EQ(r.status, 200) << r.body;
  const std::string ref = tag(r.body, "service_request_id");
  EXPECT_EQ(stored(ref), 1u);  // photo2 was left out...
  auto timeline = server_.services().cases.timeline(system(), ref, std::nullopt);
  ASSERT_TRUE(timeline.ok());
  bool noted = false;
  for (const auto& e : timeline->events)
    if (auto it = e.details.find("photos_refused"); it != e.details.end()) noted = contains(it->second, "photo2");
  EXPECT_TRUE(noted);  // ...with a note saying so

  HttpResult req = http_request(server_.port(), "GET", "/open311/v2/requests/" + ref + ".xml");
  ASSERT_EQ(req.status, 200) << req.body;
  const std::string media = tag(req.body, "media_url");
  const std::string prefix = "http://127.0.0.1:8080/open311/v2/media/";
  ASSERT_EQ(media.rfind(prefix, 0), 0u) << req.body;
  EXPECT_TRUE(media.ends_with(".jpg")) << media;
  HttpResult list = http_request(server_.port(), "GET", "/open311/v2/requests.xml?service_request_id=" + ref);
  EXPECT_EQ(tag(list.body, "media_url"), media);

  const std::string path = media.substr(std::string("http://127.0.0.1:8080").size());
  HttpResult photo = http_request(server_.port(), "GET", path);  // nobody signed in
  ASSERT_EQ(photo.status, 200) << photo.body;
  EXPECT_EQ(photo.body, clean_jpeg(800, 600));
  EXPECT_FALSE(contains(photo.body, "GPS"));
  EXPECT_EQ(photo.header("content-type"), "image/jpeg");
  EXPECT_EQ(http_request(server_.port(), "GET", path.substr(0, path.size() - 3) + "png").status, 404);

  // Hidden by staff: gone from the public, and from media_url.
  const std::string id = path.substr(path.rfind('/') + 1, path.size() - path.rfind('/') - 5);
  ASSERT_EQ(http_request(server_.port(), "PATCH", "/api/v1/cases/" + ref + "/attachments/" + id, R"({"hidden": true})",
                         {server_.auth(Role::kManager), "Content-Type: application/json"})
                .status,
            200);
  EXPECT_EQ(http_request(server_.port(), "GET", path).status, 404);
  req = http_request(server_.port(), "GET", "/open311/v2/requests/" + ref + ".xml");
  EXPECT_EQ(tag(req.body, "media_url"), "https://fms.example/photo/1.jpeg");
}

TEST_P(Open311PhotosTest, RestrictedCategoriesNeverExposeMedia) {
  // Restricted categories are not offered through Open311; a photo added to
  // such a case by staff, even marked public, is never served publicly.
  HttpResult up = upload(restricted_, phone_png(), "image/png", Role::kAdministrator, "?public=true");
  ASSERT_EQ(up.status, 404);  // not even the administrator sees the case
  auto c = server_.services().cases.get(system(), restricted_);
  ASSERT_TRUE(c.ok());
  media::CleanImage img = *media::clean(phone_png(), media::Limits{});
  auto id = server_.services().store.write_value<Id>([&](Tx& tx) {
    return AttachmentService::store_in(tx, system(), c->c.id, img, /*is_public=*/true);
  });
  ASSERT_TRUE(id.ok());
  EXPECT_EQ(http_request(server_.port(), "GET", "/open311/v2/media/" + std::to_string(*id) + ".png").status, 404);
  // And a staff-only photo of a public report is not served either.
  HttpResult staff = upload(street_, phone_png(), "image/png");
  ASSERT_EQ(staff.status, 201);
  const Id staff_id = json::parse(staff.body)["id"];
  EXPECT_EQ(http_request(server_.port(), "GET", "/open311/v2/media/" + std::to_string(staff_id) + ".png").status, 404);
}

TEST_P(Open311PhotosTest, ABadPhotoNeverCostsTheResidentTheirReport) {
  std::string big = clean_jpeg();
  big.insert(big.size() - 2, std::string(10 * 1024 * 1024 + 1, '\x11'));
  HttpResult r = post_report("general", {{"photo1", big}});
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(stored(tag(r.body, "service_request_id")), 0u);
}

INSTANTIATE_TEST_SUITE_P(Backends, AttachmentsHttpTest, ::testing::ValuesIn(test_backends()),
                         [](const auto& info) { return info.param; });
INSTANTIATE_TEST_SUITE_P(Backends, Open311PhotosTest, ::testing::ValuesIn(test_backends()),
                         [](const auto& info) { return info.param; });

}  // namespace
}  // namespace civicdesk::testing

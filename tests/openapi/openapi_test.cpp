// Keeps src/http/api/openapi.json in step with the code:
//   * the document is valid JSON, OpenAPI 3.1, and internally consistent
//     ($refs resolve, operationIds unique, path parameters match templates);
//   * its operations are exactly the router's routes;
//   * real responses from the real server match the documented schemas,
//     statuses, content types and headers;
//   * request-body schemas list exactly the fields the decoders take (unknown
//     fields are refused, documented ones are known, required ones are
//     required, enums and length/range limits agree), and likewise for query
//     parameters;
//   * documented enums equal the domain's wire names and error codes.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include <fstream>
#include <functional>
#include <regex>
#include <set>
#include <sstream>

#include "app/crypto.h"
#include "base/error.h"
#include "domain/access.h"
#include "domain/back_office.h"
#include "domain/calendar.h"
#include "domain/case.h"
#include "domain/catalogue.h"
#include "domain/contact.h"
#include "domain/customer.h"
#include "domain/reference.h"
#include "domain/retention.h"
#include "domain/sla.h"
#include "http/api/api.h"
#include "http/parse/query.h"
#include "openapi/spec.h"
#include "support/images.h"
#include "support/test_server.h"

namespace civicdesk {
namespace {

using nlohmann::json;
using testing::HttpResult;
using testing::Spec;
using testing::TestServer;

constexpr const char* kUnknownName = "zz_not_a_field";

std::string lower(std::string s) {
  for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

bool contains(const std::string& haystack, const std::string& needle) {
  return haystack.find(needle) != std::string::npos;
}

const json& document() {
  static const json doc = json::parse(http::openapi_document(), nullptr, /*allow_exceptions=*/false);
  return doc;
}

const Spec& spec() {
  static const Spec s(document());
  return s;
}

// The {name} segments of a path template, in order.
std::vector<std::string> template_names(const std::string& path) {
  std::vector<std::string> out;
  static const std::regex kParam(R"(\{([^}/]+)\})");
  for (auto it = std::sregex_iterator(path.begin(), path.end(), kParam); it != std::sregex_iterator(); ++it)
    out.push_back((*it)[1].str());
  return out;
}

// Parameters of one operation: the path item's, overridden by the operation's.
std::vector<json> parameters_of(const std::string& path, const std::string& method) {
  const json& item = document()["paths"][path];
  std::map<std::pair<std::string, std::string>, json> by_key;
  auto add = [&](const json& list) {
    for (const auto& p : list) {
      const json& r = spec().resolve(p);
      by_key[{r.value("in", ""), r.value("name", "")}] = r;
    }
  };
  if (item.contains("parameters")) add(item["parameters"]);
  if (item[method].contains("parameters")) add(item[method]["parameters"]);
  std::vector<json> out;
  for (auto& [k, v] : by_key) out.push_back(v);
  return out;
}

template <typename F>
void for_each_operation(F&& f) {
  for (const auto& [path, item] : document()["paths"].items())
    for (const auto& m : testing::http_methods())
      if (item.contains(m)) f(path, m, item[m]);
}

// ---------------------------------------------------------------------------
// (a) The document parses and is OpenAPI 3.1.

TEST(OpenApiDocument, ParsesAndDeclaresOpenApi31) {
  const json& doc = document();
  ASSERT_FALSE(doc.is_discarded()) << "src/http/api/openapi.json is not valid JSON";
  ASSERT_TRUE(doc.is_object());
  ASSERT_TRUE(doc.contains("openapi"));
  EXPECT_TRUE(std::regex_match(doc["openapi"].get<std::string>(), std::regex(R"(3\.1\.\d+)")))
      << "openapi is " << doc["openapi"];
  ASSERT_TRUE(doc.contains("info"));
  EXPECT_FALSE(doc["info"].value("title", "").empty());
  EXPECT_FALSE(doc["info"].value("version", "").empty());
  ASSERT_TRUE(doc.contains("paths") && doc["paths"].is_object());
  EXPECT_GT(doc["paths"].size(), 10u);
  for (const auto& [path, item] : doc["paths"].items()) EXPECT_EQ(path.rfind('/', 0), 0u) << path;
  EXPECT_TRUE(doc["info"].value("description", "").find("Host") != std::string::npos)
      << "info.description should explain how the council is chosen";
}

TEST(OpenApiDocument, EmbeddedDocumentIsTheSourceFile) {
  // Tests run from the project root (ctest's working directory).
  std::ifstream in("src/http/api/openapi.json");
  if (!in) GTEST_SKIP() << "run from the project root to compare with the source file";
  std::stringstream ss;
  ss << in.rdbuf();
  EXPECT_EQ(ss.str(), std::string(http::openapi_document())) << "rebuild: the embedded document is stale";
}

// ---------------------------------------------------------------------------
// (b) Documented operations are exactly the router's routes.

TEST(OpenApiRoutes, EveryRouteIsDocumentedAndEveryOperationIsRouted) {
  ASSERT_FALSE(document().is_discarded());
  testing::TestStore db("sqlite");
  Services services(db.store());
  http::ApiDeps deps{services};
  http::Router router;
  http::add_api_routes(router, deps);

  std::set<std::pair<std::string, std::string>> routed, documented;
  for (const auto& r : router.routes()) {
    // Open311 GeoReport v2 is its own standard, documented in docs/open311.md.
    if (r.pattern.rfind("/open311/", 0) == 0) continue;
    EXPECT_TRUE(routed.insert({lower(r.method), r.pattern}).second) << "route registered twice: " << r.method << " "
                                                                   << r.pattern;
  }
  for_each_operation([&](const std::string& path, const std::string& method, const json&) {
    documented.insert({method, path});
  });
  for (const auto& [m, p] : routed)
    EXPECT_TRUE(documented.count({m, p})) << "route not documented: " << m << " " << p;
  for (const auto& [m, p] : documented)
    EXPECT_TRUE(routed.count({m, p})) << "documented operation has no route: " << m << " " << p;
}

TEST(OpenApiRoutes, PathParametersMatchTemplates) {
  ASSERT_FALSE(document().is_discarded());
  for_each_operation([&](const std::string& path, const std::string& method, const json&) {
    std::vector<std::string> want = template_names(path);
    std::set<std::string> wanted(want.begin(), want.end()), declared;
    for (const auto& p : parameters_of(path, method)) {
      if (p.value("in", "") != "path") continue;
      declared.insert(p.value("name", ""));
      EXPECT_TRUE(p.value("required", false)) << method << " " << path << ": path parameter " << p["name"]
                                              << " must be required";
      EXPECT_TRUE(p.contains("schema")) << method << " " << path << ": " << p["name"] << " has no schema";
    }
    EXPECT_EQ(declared, wanted) << method << " " << path;
    for (const auto& p : parameters_of(path, method)) {
      EXPECT_TRUE(p.contains("name") && p.contains("in")) << method << " " << path << ": " << p.dump();
      const std::string in = p.value("in", "");
      EXPECT_TRUE(in == "path" || in == "query" || in == "header" || in == "cookie") << in;
    }
  });
}

// ---------------------------------------------------------------------------
// (c) Every $ref resolves, and every component is used.

TEST(OpenApiDocument, EveryRefResolvesAndEveryComponentIsUsed) {
  ASSERT_FALSE(document().is_discarded());
  std::vector<std::pair<std::string, std::string>> refs;
  testing::collect_refs(document(), "#", refs);
  EXPECT_GT(refs.size(), 50u);
  std::set<std::string> used;
  for (const auto& [ref, where] : refs) {
    EXPECT_EQ(ref.rfind("#/components/", 0), 0u) << "only local component refs are used: " << ref << " at " << where;
    EXPECT_NE(spec().lookup(ref), nullptr) << "dangling $ref " << ref << " at " << where;
    used.insert(ref);
  }
  // Security schemes are named by security requirements, not $ref: each
  // requirement must name a defined scheme, and each scheme must be named.
  const json& schemes = document()["components"].value("securitySchemes", json::object());
  auto add_requirements = [&](const json& security, const std::string& where) {
    ASSERT_TRUE(security.is_array()) << where;
    for (const auto& requirement : security)
      for (const auto& [name, scopes] : requirement.items()) {
        EXPECT_TRUE(schemes.contains(name)) << where << " names an undefined security scheme " << name;
        used.insert("#/components/securitySchemes/" + name);
      }
  };
  if (document().contains("security")) add_requirements(document()["security"], "security");
  for_each_operation([&](const std::string& path, const std::string& method, const json& op) {
    if (op.contains("security")) add_requirements(op["security"], method + " " + path);
  });
  for (const auto& [kind, entries] : document()["components"].items())
    for (const auto& [name, value] : entries.items()) {
      const std::string ref = "#/components/" + kind + "/" + name;
      EXPECT_TRUE(used.count(ref)) << "unused component " << ref;
    }
}

// Authentication is declared: a default requirement, none on the routes that
// work without credentials, and 401/429 answers wherever they can happen.
TEST(OpenApiDocument, AuthenticationIsDocumented) {
  ASSERT_FALSE(document().is_discarded());
  ASSERT_TRUE(document().contains("security"));
  EXPECT_FALSE(document()["security"].empty());
  const std::set<std::pair<std::string, std::string>> anonymous = {
      {"post", "/api/v1/session"},          {"post", "/api/v1/registrations"},
      {"post", "/api/v1/email-verifications"}, {"post", "/api/v1/password-resets"},
      {"post", "/api/v1/password-resets/complete"}, {"get", "/healthz"},
      {"get", "/readyz"},                   {"get", "/metrics"},
      {"get", "/api/v1/openapi.json"},      {"get", "/api/v1/unsubscribe"},
      {"post", "/api/v1/unsubscribe"},      {"get", "/api/v1/survey"},
      {"post", "/api/v1/survey"}};
  for_each_operation([&](const std::string& path, const std::string& method, const json& op) {
    const std::string where = method + " " + path;
    if (anonymous.count({method, path})) {
      EXPECT_TRUE(op.contains("security") && op["security"].empty()) << where << ": needs no credentials";
    }
    if (path.rfind("/api/", 0) != 0) return;
    EXPECT_TRUE(op["responses"].contains("429")) << where << ": the API is rate limited";
    if (path == "/api/v1/openapi.json") return;
    ASSERT_TRUE(op["responses"].contains("401")) << where << ": a bad token is 401 everywhere";
    const json& r = spec().resolve(op["responses"]["401"]);
    EXPECT_TRUE(r.contains("headers") && r["headers"].contains("WWW-Authenticate")) << where;
  });
}

// ---------------------------------------------------------------------------
// (d) Operations: unique operationIds, a summary, a success response, and
// errors as problem+json.

// Whether an operation's body is JSON (all but photo uploads, whose body is
// the file: docs/media.md).
bool json_body(const json& op) {
  const json& body = spec().resolve(op["requestBody"]);
  return body.contains("content") && body["content"].contains("application/json");
}

TEST(OpenApiDocument, OperationsHaveIdsSummariesAndSuccessResponses) {
  ASSERT_FALSE(document().is_discarded());
  std::set<std::string> ids;
  for_each_operation([&](const std::string& path, const std::string& method, const json& op) {
    const std::string where = method + " " + path;
    ASSERT_TRUE(op.contains("operationId")) << where;
    const std::string id = op["operationId"].get<std::string>();
    EXPECT_TRUE(std::regex_match(id, std::regex("[a-z][A-Za-z0-9]*"))) << where << ": " << id;
    EXPECT_TRUE(ids.insert(id).second) << "duplicate operationId " << id;
    EXPECT_FALSE(op.value("summary", "").empty()) << where;
    EXPECT_FALSE(op.value("description", "").empty()) << where;
    ASSERT_TRUE(op.contains("responses") && !op["responses"].empty()) << where;
    bool success = false;
    for (const auto& [status, response] : op["responses"].items()) {
      EXPECT_TRUE(std::regex_match(status, std::regex("[1-5][0-9][0-9]"))) << where << ": " << status;
      success = success || status[0] == '2';
      const json& r = spec().resolve(response);
      EXPECT_FALSE(r.value("description", "").empty()) << where << " " << status;
      EXPECT_TRUE(r.contains("headers") && r["headers"].contains("X-Request-Id"))
          << where << " " << status << " does not document X-Request-Id";
      if (status[0] == '4' || (status[0] == '5' && path.rfind("/api/", 0) == 0)) {
        ASSERT_TRUE(r.contains("content")) << where << " " << status;
        EXPECT_TRUE(r["content"].contains("application/problem+json")) << where << " " << status;
      }
    }
    EXPECT_TRUE(success) << where << " has no 2xx response";
    if (op.contains("requestBody") && !json_body(op)) {
      // A photo upload: the file itself, or one multipart file part.
      const json& body = spec().resolve(op["requestBody"]);
      EXPECT_TRUE(body.value("required", false)) << where;
      for (const char* type : {"image/jpeg", "image/png", "multipart/form-data"})
        EXPECT_TRUE(body["content"].contains(type)) << where << ": " << type;
      EXPECT_TRUE(op["responses"].contains("415") && op["responses"].contains("413") &&
                  op["responses"].contains("400"))
          << where << ": an upload can be refused with 400, 413 and 415";
    } else if (op.contains("requestBody")) {
      const json& body = spec().resolve(op["requestBody"]);
      EXPECT_TRUE(body.value("required", false)) << where;
      ASSERT_TRUE(body.contains("content") && body["content"].contains("application/json")) << where;
      const json& schema = spec().resolve(body["content"]["application/json"]["schema"]);
      EXPECT_EQ(schema.value("additionalProperties", json(true)), json(false))
          << where << ": request bodies are strict (additionalProperties: false)";
      EXPECT_TRUE(op["responses"].contains("415") && op["responses"].contains("413") &&
                  op["responses"].contains("400"))
          << where << ": a JSON body can be refused with 400, 413 and 415";
    }
  });
  EXPECT_GE(ids.size(), 40u);
}

TEST(OpenApiDocument, RequestSchemasAreStrictAllTheWayDown) {
  ASSERT_FALSE(document().is_discarded());
  // Every object with listed properties inside a request schema refuses others.
  std::function<void(const json&, const std::string&, int)> walk = [&](const json& node, const std::string& where,
                                                                       int depth) {
    if (depth > 8) return;
    const json& s = spec().resolve(node);
    if (!s.is_object()) return;
    if (s.contains("properties")) {
      EXPECT_EQ(s.value("additionalProperties", json(true)), json(false)) << where;
      for (const auto& [k, v] : s["properties"].items()) walk(v, where + "." + k, depth + 1);
    }
    if (s.contains("items")) walk(s["items"], where + "[]", depth + 1);
  };
  for_each_operation([&](const std::string& path, const std::string& method, const json& op) {
    if (op.contains("requestBody") && json_body(op))
      walk(spec().resolve(op["requestBody"])["content"]["application/json"]["schema"], method + " " + path, 0);
  });
}

TEST(OpenApiDocument, ExamplesMatchTheirSchemas) {
  ASSERT_FALSE(document().is_discarded());
  for (const auto& [name, schema] : document()["components"]["schemas"].items()) {
    if (!schema.contains("example")) continue;
    for (const auto& e : spec().check(schema["example"], schema)) ADD_FAILURE() << "example of " << name << ": " << e;
  }
  for (const auto& [name, p] : document()["components"]["parameters"].items()) {
    if (!p.contains("example")) continue;
    for (const auto& e : spec().check(p["example"], p["schema"])) ADD_FAILURE() << "example of " << name << ": " << e;
  }
}

TEST(OpenApiDocument, ReferencesInTheTextHaveValidCheckDigits) {
  ASSERT_FALSE(document().is_discarded());
  const std::string text = document().dump();
  static const std::regex kRef(R"(\b[A-Z]{2,6}-[0-9]{7}\b)");
  int seen = 0;
  for (auto it = std::sregex_iterator(text.begin(), text.end(), kRef); it != std::sregex_iterator(); ++it) {
    ++seen;
    EXPECT_TRUE(normalise_reference(it->str()).has_value())
        << it->str() << " fails its check digit: an integrator trying it would get 404";
  }
  EXPECT_GT(seen, 0);
}

// What a client sends back is what it was given: a customer or watcher read
// from the API can be sent again (less the server-made properties), so the
// input schemas and the resource schemas list the same properties.
std::set<std::string> property_names(const json& schema) {
  std::set<std::string> out;
  for (const auto& [name, p] : spec().object_view(schema).properties) out.insert(name);
  return out;
}

TEST(OpenApiDocument, InputSchemasMirrorTheResources) {
  ASSERT_FALSE(document().is_discarded());
  const json& schemas = document()["components"]["schemas"];
  std::set<std::string> customer = property_names(schemas["Customer"]);
  for (const char* made : {"id", "display_name", "created_at", "updated_at", "version"}) customer.erase(made);
  EXPECT_EQ(property_names(schemas["CustomerInput"]), customer);
  for (const char* list : {"emails", "phones", "addresses"})
    EXPECT_EQ(property_names(schemas["CustomerInput"]["properties"][list]["items"]),
              property_names(schemas["Customer"]["properties"][list]["items"]))
        << list;
  std::set<std::string> watcher = property_names(schemas["Watcher"]);
  watcher.erase("added_at");
  EXPECT_EQ(property_names(schemas["WatcherRequest"]), watcher);
  EXPECT_EQ(property_names(schemas["WatcherInput"]), watcher);
  EXPECT_EQ(property_names(schemas["LinkRequest"]), property_names(schemas["Link"]));
  EXPECT_EQ(property_names(schemas["LocationInput"]), property_names(schemas["Location"]));
}

// ---------------------------------------------------------------------------
// Documented enums and error codes are the domain's.

template <typename E, typename F>
std::set<std::string> wire_names(F&& name) {
  std::set<std::string> out;
  for (int i = 0; i < 64; ++i) {
    const std::string_view s = name(static_cast<E>(i));
    if (!s.empty()) out.insert(std::string(s));
  }
  return out;
}

template <typename E>
std::set<std::string> wire_names() {
  return wire_names<E>([](E v) { return to_string(v); });
}

std::set<std::string> documented_enum(const std::string& schema) {
  std::set<std::string> out;
  const json* s = spec().lookup("#/components/schemas/" + schema);
  if (!s || !s->contains("enum")) return out;
  for (const auto& v : (*s)["enum"]) out.insert(v.get<std::string>());
  return out;
}

TEST(OpenApiDocument, EnumsAreTheDomainWireNames) {
  ASSERT_FALSE(document().is_discarded());
  EXPECT_EQ(documented_enum("CaseType"), wire_names<CaseType>());
  EXPECT_EQ(documented_enum("CaseStatus"), wire_names<CaseStatus>());
  EXPECT_EQ(documented_enum("Priority"), wire_names<Priority>());
  EXPECT_EQ(documented_enum("Channel"), wire_names<Channel>());
  EXPECT_EQ(documented_enum("CaseOutcome"), wire_names<CaseOutcome>());
  EXPECT_EQ(documented_enum("Visibility"), wire_names<Visibility>());
  EXPECT_EQ(documented_enum("LinkKind"), wire_names<LinkKind>());
  EXPECT_EQ(documented_enum("WatcherKind"), wire_names<WatcherKind>());
  EXPECT_EQ(documented_enum("CustomerKind"), wire_names<CustomerKind>());
  EXPECT_EQ(documented_enum("PreferredChannel"), wire_names<PreferredChannel>());
  EXPECT_EQ(documented_enum("Direction"), wire_names<Direction>());
  EXPECT_EQ(documented_enum("ContactOutcome"), wire_names<ContactOutcome>());
  EXPECT_EQ(documented_enum("OfficerRole"), wire_names<OfficerRole>());
  EXPECT_EQ(documented_enum("QuestionDatatype"), wire_names<QuestionType>());
  EXPECT_EQ(documented_enum("ClockKind"), wire_names<ClockKind>());
  EXPECT_EQ(documented_enum("CountingRule"), wire_names<CountingRule>());
  EXPECT_EQ(documented_enum("ResolveFrom"), wire_names<ResolveFrom>());
  EXPECT_EQ(documented_enum("HolidaySet"), wire_names<HolidaySet>());
  EXPECT_EQ(documented_enum("SlaState"), wire_names<SlaState>());
  EXPECT_EQ(documented_enum("Division"), wire_names<Division>([](Division d) { return division_key(d); }));
  EXPECT_EQ(documented_enum("Role"), wire_names<Role>());
  EXPECT_EQ(documented_enum("RetentionVerdict"), wire_names<RetentionVerdict>());
  EXPECT_EQ(documented_enum("RetentionReason"), wire_names<RetentionReason>());
  EXPECT_EQ(documented_enum("BackOfficeStatus"), wire_names<BackOfficeStatus>());
  std::set<std::string> scopes;
  for (auto s : all_scopes()) scopes.insert(std::string(s));
  EXPECT_EQ(documented_enum("Scope"), scopes);

  std::set<std::string> codes;
#define CIVICDESK_WIRE(name, wire, kind) codes.insert(wire);
  CIVICDESK_ERROR_CODES(CIVICDESK_WIRE)
#undef CIVICDESK_WIRE
  EXPECT_EQ(documented_enum("ProblemCode"), codes);
}

// ---------------------------------------------------------------------------
// Against the real server.

// Officers and councillors added to a council are only seen once something
// else changes its catalogue: SqlTx::put_officer/put_member do not bump the
// catalogue version (a bug reported separately), and the test council adds
// them last. Re-saving a ward bumps it.
void refresh_catalogue(TestServer& server) {
  Status s = server.services().catalogue.put_ward(server.council().ctx(testing::at("2016-03-01T10:00:00Z")),
                                                  Ward{"west-hendon", "West Hendon"});
  ASSERT_TRUE(s.ok()) << s.error().message;
}

class OpenApiServerTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_FALSE(document().is_discarded());
    refresh_catalogue(server_);
  }

  // A photo on case `ref`, uploaded through the API.
  Id new_photo(const std::string& ref) {
    HttpResult res = call("POST", "/api/v1/cases/" + ref + "/attachments", test_images::phone_png(),
                          {"Content-Type: image/png"});
    EXPECT_EQ(res.status, 201) << res.body;
    json j = json::parse(res.body, nullptr, false);
    return j.is_object() ? j.value("id", Id{0}) : 0;
  }

  // A message in the outbox, sent.
  Id new_message() {
    OutboxMessage m;
    m.channel = "email";
    m.recipient = "resident@example.com";
    m.idempotency_key = "openapi:" + std::to_string(++messages_);
    m.status = "sent";
    return *server_.services().store.write_value<Id>(
        [&](Tx& tx) { return tx.enqueue_message(server_.council().tenant, m); });
  }
  int messages_ = 0;

  HttpResult call(const std::string& method, const std::string& target, const std::string& body = "",
                  std::vector<std::string> headers = {}) {
    bool has_type = false;
    for (const auto& h : headers) has_type = has_type || lower(h).rfind("content-type:", 0) == 0;
    if (!has_type && (method == "POST" || method == "PUT" || method == "PATCH"))
      headers.push_back("Content-Type: application/json");
    return testing::http_request(server_.port(), method, target, body, server_.with_default_auth(headers));
  }

  // Checks the exchange against the documented operation; returns the body
  // as JSON when it is JSON.
  json expect_documented(const std::string& method, const std::string& path_template, const HttpResult& res) {
    const std::string where = method + " " + path_template + " -> " + std::to_string(res.status);
    const json* op = spec().operation(lower(method), path_template);
    if (!op) {
      ADD_FAILURE() << where << ": not documented";
      return nullptr;
    }
    const json& responses = (*op)["responses"];
    const std::string status = std::to_string(res.status);
    if (!responses.contains(status)) {
      ADD_FAILURE() << where << ": status not documented; body " << res.body.substr(0, 300);
      return nullptr;
    }
    ++checked_;
    const json& r = spec().resolve(responses[status]);
    if (r.contains("headers")) {
      for (const auto& [name, h] : r["headers"].items()) {
        if (!spec().resolve(h).value("required", false)) continue;
        EXPECT_FALSE(res.header(lower(name)).empty()) << where << ": documented header " << name << " missing";
      }
    }
    // Every response the pipeline produces carries X-Request-Id.
    EXPECT_FALSE(res.header("x-request-id").empty()) << where;
    if (!r.contains("content")) {
      EXPECT_TRUE(res.body.empty()) << where << ": documented without a body, got " << res.body.substr(0, 200);
      return nullptr;
    }
    std::string type = res.header("content-type");
    type = lower(type.substr(0, type.find(';')));
    while (!type.empty() && type.back() == ' ') type.pop_back();
    if (!r["content"].contains(type)) {
      ADD_FAILURE() << where << ": content type " << type << " not documented";
      return nullptr;
    }
    if (type.size() < 4 || type.compare(type.size() - 4, 4, "json") != 0) return nullptr;
    json body = json::parse(res.body, nullptr, false);
    if (body.is_discarded()) {
      ADD_FAILURE() << where << ": body is not JSON";
      return nullptr;
    }
    const json& media = r["content"][type];
    if (media.contains("schema"))
      for (const auto& e : spec().check(body, media["schema"])) ADD_FAILURE() << where << ": " << e;
    if (type == "application/problem+json") {
      EXPECT_EQ(body.value("status", 0), res.status) << where;
      EXPECT_EQ(body.value("type", ""), "urn:civicdesk:problem:" + body.value("code", "")) << where;
    }
    return body;
  }

  // A documented request that must succeed.
  json ok(const std::string& method, const std::string& path_template, const std::string& target,
          const json& body = nullptr, std::vector<std::string> headers = {}) {
    HttpResult res = call(method, target, body.is_null() ? "" : body.dump(), std::move(headers));
    last_ = res;
    json out = expect_documented(method, path_template, res);
    if (res.status < 200 || res.status >= 300) {
      ADD_FAILURE() << method << " " << target << ": " << res.status << " " << res.body;
      return nullptr;
    }
    return out;
  }

  // A documented request that must fail with `status` and `code`.
  json problem(const std::string& method, const std::string& path_template, const std::string& target,
               const std::string& body, std::vector<std::string> headers, int status, const std::string& code) {
    HttpResult res = call(method, target, body, std::move(headers));
    EXPECT_EQ(res.status, status) << method << " " << target << ": " << res.body;
    json j = expect_documented(method, path_template, res);
    if (j.is_object()) {
      EXPECT_EQ(j.value("code", ""), code) << res.body;
    }
    return j;
  }

  std::string new_case(const json& body = {{"category", "general"}, {"description", "Something to do"}}) {
    HttpResult res = call("POST", "/api/v1/cases", body.dump());
    if (res.status != 201) {
      ADD_FAILURE() << "creating a case: " << res.body;
      return "TST-0000000";
    }
    return json::parse(res.body)["reference"].get<std::string>();
  }

  // A Members' Enquiry raised by the council's councillor.
  std::string new_enquiry() {
    return new_case({{"type", "member_enquiry"},
                     {"category", "general"},
                     {"description", "Raised for a resident"},
                     {"member_id", server_.council().member}});
  }
  std::string closed_enquiry() {
    const std::string me = new_enquiry();
    HttpResult closed = call("POST", "/api/v1/cases/" + me + "/transitions",
                             json{{"to", "closed"}, {"outcome", "resolved"}}.dump());
    EXPECT_EQ(closed.status, 200) << closed.body;
    return me;
  }

  Id new_customer(const std::string& family_name = "Example") {
    HttpResult res = call("POST", "/api/v1/customers", json{{"family_name", family_name}}.dump());
    if (res.status != 201) {
      ADD_FAILURE() << "creating a customer: " << res.body;
      return 0;
    }
    return json::parse(res.body)["id"].get<Id>();
  }

  // The id of the account with this email address.
  Id user_id(const std::string& email) {
    HttpResult res = call("GET", "/api/v1/users");
    json j = json::parse(res.body, nullptr, false);
    if (j.is_object())
      for (const auto& u : j["items"])
        if (u["email"] == email) return u["id"].get<Id>();
    ADD_FAILURE() << "no account for " << email << ": " << res.body.substr(0, 200);
    return 0;
  }

  // A one-time link token (as emailed) for `email`'s account; `purpose` is
  // "verify_email" or "reset_password".
  std::string one_time_link(const std::string& email, const std::string& purpose) {
    const Id user = user_id(email);
    const std::string token = crypto::random_token("");
    const Instant now = server_.clock().now();
    Status s = server_.db().store().write([&](Tx& tx) -> Status {
      return tx.insert_one_time_token(server_.council().tenant, crypto::sha256_hex(token), purpose, user, now,
                                      now + std::chrono::hours(1));
    });
    EXPECT_TRUE(s.ok()) << s.error().message;
    return token;
  }

  // The token of an unsubscribe link ("unsubscribe") or a survey ("survey")
  // about a new case of a new customer, as a message would carry it.
  std::string notification_token(const std::string& kind, std::string token = crypto::random_token("")) {
    const Id customer = new_customer("Linked");
    const std::string ref =
        new_case({{"category", "general"}, {"description", "Linked"}, {"customer_id", customer}});
    const Instant now = server_.clock().now();
    Status s = server_.db().store().write([&](Tx& tx) -> Status {
      const TenantId t = server_.council().tenant;
      ASSIGN_OR_RETURN(Case c, tx.get_case_by_reference(t, ref));
      if (kind == "unsubscribe")
        return tx.insert_unsubscribe_token(
            t, UnsubscribeToken{crypto::sha256_hex(token), customer, "consent_updates", c.id, now, std::nullopt});
      Survey sv;
      sv.token_hash = crypto::sha256_hex(token);
      sv.case_id = c.id;
      sv.customer_id = customer;
      sv.channel = "email";
      sv.category = "general";
      sv.delivery_unit = "street-scene";
      sv.created_at = sv.sent_at = now;
      auto id = tx.insert_survey(t, sv);
      return id ? Status{} : Status(id.error());
    });
    EXPECT_TRUE(s.ok()) << s.error().message;
    return token;
  }

  // The code an authenticator shows now for `secret`.
  std::string totp_now(const std::string& secret) {
    auto code = crypto::totp_code(secret, server_.clock().now());
    EXPECT_TRUE(code.has_value());
    return code.value_or("000000");
  }

  // Signs in; the session's Cookie and X-CSRF-Token header lines.
  struct Session {
    std::string cookie, csrf;
    json body;
  };
  Session sign_in(const std::string& email, const std::string& password) {
    HttpResult res = call("POST", "/api/v1/session", json{{"email", email}, {"password", password}}.dump(),
                          {"X-Anonymous: 1"});
    Session out;
    if (res.status != 201) {
      ADD_FAILURE() << "signing in as " << email << ": " << res.status << " " << res.body;
      return out;
    }
    const std::string set_cookie = res.header("set-cookie");
    out.cookie = "Cookie: " + set_cookie.substr(0, set_cookie.find(';'));
    out.body = json::parse(res.body);
    out.csrf = "X-CSRF-Token: " + out.body["csrf_token"].get<std::string>();
    return out;
  }

  // An officer account with a second factor, and a fresh session of theirs
  // waiting for its code. Returns the secret.
  std::string officer_with_second_factor(const std::string& email, Session* session) {
    const std::string password = "correct horse battery staple";
    HttpResult made = call("POST", "/api/v1/users",
                           json{{"email", email}, {"name", "Two Factor"}, {"role", "officer"}, {"password", password},
                                {"officer_id", server_.council().officer_street}}
                               .dump());
    EXPECT_EQ(made.status, 201) << made.body;
    const Id id = json::parse(made.body, nullptr, false).value("id", Id{0});
    HttpResult token = call("POST", "/api/v1/api-tokens",
                            json{{"name", "own-" + std::to_string(id)}, {"user_id", id}}.dump());
    EXPECT_EQ(token.status, 201) << token.body;
    const std::string own = "Authorization: Bearer " + json::parse(token.body, nullptr, false).value("token", "");
    HttpResult setup = call("POST", "/api/v1/account/totp", "", {own});
    EXPECT_EQ(setup.status, 200) << setup.body;
    const std::string secret = json::parse(setup.body, nullptr, false).value("secret", "");
    HttpResult confirmed = call("POST", "/api/v1/account/totp/confirm",
                                json{{"secret", secret}, {"code", totp_now(secret)}}.dump(), {own});
    EXPECT_EQ(confirmed.status, 204) << confirmed.body;
    *session = sign_in(email, password);
    EXPECT_EQ(session->body.value("second_factor_required", false), true);
    return secret;
  }

  TestServer server_{"sqlite"};
  HttpResult last_;
  int checked_ = 0;
};

// ---------------------------------------------------------------------------
// (e) Real responses match the documented schemas.

TEST_F(OpenApiServerTest, ResponsesMatchTheDocumentedSchemas) {
  const auto& council = server_.council();
  const std::string officer = std::to_string(council.officer_street);
  const std::string member = std::to_string(council.member);

  // Operations.
  ok("GET", "/healthz", "/healthz");
  ok("GET", "/readyz", "/readyz");
  ok("GET", "/metrics", "/metrics");
  ok("GET", "/api/v1/openapi.json", "/api/v1/openapi.json");
  EXPECT_EQ(last_.body, std::string(http::openapi_document()));

  // Catalogue.
  json services = ok("GET", "/api/v1/services", "/api/v1/services?include_inactive=true");
  EXPECT_GE(services["items"].size(), 3u);
  ok("GET", "/api/v1/services", "/api/v1/services?delivery_unit=highways");
  json bin = ok("GET", "/api/v1/services/{code}", "/api/v1/services/missed-bin");
  EXPECT_EQ(bin["questions"].size(), 2u);
  ok("GET", "/api/v1/delivery-units", "/api/v1/delivery-units");
  ok("GET", "/api/v1/delivery-units/{code}", "/api/v1/delivery-units/street-scene");
  ok("GET", "/api/v1/officers", "/api/v1/officers?delivery_unit=street-scene");
  ok("GET", "/api/v1/officers/{id}", "/api/v1/officers/" + officer);
  ok("GET", "/api/v1/members", "/api/v1/members?ward=west-hendon");
  ok("GET", "/api/v1/members/{id}", "/api/v1/members/" + member);
  ok("GET", "/api/v1/wards", "/api/v1/wards");
  ok("GET", "/api/v1/sla-policies", "/api/v1/sla-policies");
  json cal = ok("GET", "/api/v1/calendar", "/api/v1/calendar?from=2016-01-01&to=2016-12-31");
  EXPECT_FALSE(cal["items"].empty());

  // Customers.
  const json customer_body = {
      {"kind", "person"},
      {"title", "Ms"},
      {"given_name", "Aisha"},
      {"family_name", "Khan"},
      {"date_of_birth", "1980-05-17"},
      {"emails", {{{"address", "Aisha.Khan@Example.org"}, {"label", "home"}, {"primary", true}}}},
      {"phones", {{{"number", "020 7946 0123"}, {"label", "home"}, {"primary", true}}}},
      {"addresses",
       {{{"line1", "12 High Street"}, {"town", "London"}, {"postcode", "nw4 4bt"}, {"uprn", "000100023336956"},
         {"label", "home"}, {"primary", true}}}},
      {"preferred_channel", "email"},
      {"language", "en"},
      {"needs_support", true},
      {"support_notes", "Prefers large print"}};
  json customer = ok("POST", "/api/v1/customers", "/api/v1/customers", customer_body);
  ASSERT_TRUE(customer.is_object());
  EXPECT_EQ(last_.header("location"), "/api/v1/customers/" + customer["id"].dump());
  const std::string cid = customer["id"].dump();
  ok("POST", "/api/v1/customers", "/api/v1/customers", json{{"kind", "organisation"}, {"organisation_name", "Acme"}});
  ok("GET", "/api/v1/customers/{id}", "/api/v1/customers/" + cid);
  EXPECT_EQ(last_.header("etag"), "\"1\"");
  ok("PUT", "/api/v1/customers/{id}", "/api/v1/customers/" + cid, customer_body, {"If-Match: \"1\""});
  EXPECT_EQ(last_.header("etag"), "\"2\"");
  json page = ok("GET", "/api/v1/customers", "/api/v1/customers?limit=1");
  EXPECT_TRUE(page["next_cursor"].is_string());
  ok("GET", "/api/v1/customers", "/api/v1/customers?cursor=" + page["next_cursor"].get<std::string>());
  ok("GET", "/api/v1/customers", "/api/v1/customers?email=aisha.khan%40example.org&postcode=NW4+4BT");

  // Cases.
  const json case_body = {
      {"type", "service_request"},
      {"category", "missed-bin"},
      {"priority", "high"},
      {"channel", "webform"},
      {"title", "Missed recycling"},
      {"description", "The green bin was not emptied.\nSecond week running."},
      {"location",
       {{"lat", 51.5846}, {"lng", -0.2270}, {"address", "12 High Street"}, {"postcode", "nw4 4bt"},
        {"uprn", 100023336956}, {"usrn", "20500123"}, {"ward", "west-hendon"}}},
      {"answers", {{"bin_type", "recycling"}, {"notes", "Round 4"}}},
      {"customer_id", customer["id"]},
      {"member_id", council.member},
      {"received_at", "2016-03-01T08:15:00+00:00"},
      {"team", "waste"},
      {"assignee_id", council.officer_street},
      {"watchers",
       {{{"kind", "officer"}, {"id", council.officer_street}},
        {{"kind", "email"}, {"email", "ward.office@example.org"}, {"name", "Ward office"}}}}};
  json created = ok("POST", "/api/v1/cases", "/api/v1/cases", case_body);
  ASSERT_TRUE(created.is_object());
  const std::string ref = created["reference"].get<std::string>();
  const std::string at = "/api/v1/cases/" + ref;
  EXPECT_EQ(last_.header("location"), at);
  EXPECT_EQ(last_.header("etag"), "\"1\"");
  EXPECT_TRUE(normalise_reference(ref).has_value());

  json got = ok("GET", "/api/v1/cases/{reference}", at);
  EXPECT_EQ(got["answers"]["bin_type"], "recycling");
  HttpResult not_modified = call("GET", at, "", {"If-None-Match: \"1\""});
  EXPECT_EQ(not_modified.status, 304);
  expect_documented("GET", "/api/v1/cases/{reference}", not_modified);

  const std::string other = new_case();
  const std::string complaint = new_case({{"type", "complaint"}, {"category", "general"}, {"description", "Rude"}});
  json list = ok("GET", "/api/v1/cases", "/api/v1/cases?limit=1");
  EXPECT_TRUE(list["next_cursor"].is_string());
  ok("GET", "/api/v1/cases", "/api/v1/cases?limit=1&cursor=" + list["next_cursor"].get<std::string>());
  ok("GET", "/api/v1/cases", "/api/v1/cases?sort=due&open=true&received_from=2016-03-01&received_to=2016-03-01");
  ok("GET", "/api/v1/customers/{id}/cases", "/api/v1/customers/" + cid + "/cases");

  json patched = ok("PATCH", "/api/v1/cases/{reference}", at,
                    {{"title", "Missed recycling (again)"}, {"priority", "urgent"}}, {"If-Match: \"1\""});
  EXPECT_EQ(patched["version"], 2);
  ok("PATCH", "/api/v1/cases/{reference}", at, {{"description", "Updated"}}, {"If-Match: *"});

  json waiting = ok("POST", "/api/v1/cases/{reference}/transitions", at + "/transitions",
                    {{"to", "awaiting_customer"}, {"reason", "Asked for a photo"}});
  EXPECT_EQ(waiting["sla"]["state"], "paused");
  ok("POST", "/api/v1/cases/{reference}/transitions", at + "/transitions", {{"to", "in_progress"}});
  ok("POST", "/api/v1/cases/{reference}/assignment", at + "/assignment",
     {{"team", "waste"}, {"officer_id", council.officer_street}, {"reason", "Round 4"}});
  ok("POST", "/api/v1/cases/{reference}/notes", at + "/notes", {{"text", "Crew booked"}, {"visibility", "public"}});
  ok("GET", "/api/v1/cases/{reference}/notes", at + "/notes");
  ok("POST", "/api/v1/cases/{reference}/links", at + "/links", {{"kind", "related"}, {"case", other}});
  ok("POST", "/api/v1/cases/{reference}/links", at + "/links", {{"kind", "parent"}, {"case", complaint}});
  json links = ok("GET", "/api/v1/cases/{reference}/links", at + "/links");
  EXPECT_EQ(links["items"].size(), 2u);
  ok("DELETE", "/api/v1/cases/{reference}/links/{kind}/{other}", at + "/links/related/" + other);
  ok("POST", "/api/v1/cases/{reference}/watchers", at + "/watchers",
     {{"kind", "member"}, {"id", council.member}});
  json watchers = ok("GET", "/api/v1/cases/{reference}/watchers", at + "/watchers");
  EXPECT_EQ(watchers["items"].size(), 3u);
  ok("DELETE", "/api/v1/cases/{reference}/watchers/{kind}/{key}", at + "/watchers/email/ward.office%40example.org");
  ok("DELETE", "/api/v1/cases/{reference}/watchers/{kind}/{key}", at + "/watchers/officer/" + officer);
  json closed = ok("POST", "/api/v1/cases/{reference}/transitions", at + "/transitions",
                   {{"to", "closed"}, {"outcome", "resolved"}, {"outcome_notes", "Emptied"}});
  EXPECT_TRUE(closed["closed_at"].is_string());
  ok("POST", "/api/v1/cases/{reference}/transitions", at + "/transitions",
     {{"to", "in_progress"}, {"reason", "Missed again"}});
  ok("POST", "/api/v1/cases/{reference}/extensions", "/api/v1/cases/" + complaint + "/extensions",
     {{"amount", 5}, {"reason", "Waiting for CCTV"}});
  json timeline = ok("GET", "/api/v1/cases/{reference}/timeline", at + "/timeline");
  EXPECT_GT(timeline["items"].size(), 8u);
  ok("GET", "/api/v1/cases/{reference}/timeline", at + "/timeline?visibility=public");

  // Contacts and search.
  json logged = ok("POST", "/api/v1/contacts", "/api/v1/contacts",
                   {{"customer_id", customer["id"]},
                    {"channel", "telephone"},
                    {"direction", "inbound"},
                    {"handler_id", council.officer_street},
                    {"category", "missed-bin"},
                    {"reason", "Bin not emptied"},
                    {"outcome", "case_created"},
                    {"duration_seconds", 180},
                    {"notes", "Called in"},
                    {"case", {{"category", "missed-bin"}, {"description", "Refuse missed"},
                              {"answers", {{"bin_type", "refuse"}}}}}});
  ASSERT_TRUE(logged.is_object());
  EXPECT_TRUE(logged.contains("case"));
  EXPECT_EQ(last_.header("location"), "/api/v1/contacts/" + logged["id"].dump());
  json signposted = ok("POST", "/api/v1/contacts", "/api/v1/contacts",
                       {{"channel", "face_to_face"}, {"outcome", "signposted"}, {"signposted_to", "Citizens Advice"},
                        {"at", "2016-03-01T09:00:00Z"}, {"case_reference", ref}});
  EXPECT_FALSE(signposted.contains("case"));
  ok("GET", "/api/v1/contacts/{id}", "/api/v1/contacts/" + logged["id"].dump());
  ok("GET", "/api/v1/contacts", "/api/v1/contacts?channel=telephone&from=2016-03-01");
  ok("GET", "/api/v1/customers/{id}/contacts", "/api/v1/customers/" + cid + "/contacts");
  json found = ok("GET", "/api/v1/search", "/api/v1/search?q=Khan");
  EXPECT_FALSE(found["customers"].empty());

  // Export.
  ok("GET", "/api/v1/exports/cases.csv", "/api/v1/exports/cases.csv?open=true");
  EXPECT_EQ(last_.body.rfind("reference,type,status", 0), 0u) << last_.body.substr(0, 100);

  // Committee reports (JSON is checked against the Report schema).
  json monthly = ok("GET", "/api/v1/reports/me-monthly", "/api/v1/reports/me-monthly?from=2016-01&to=2016-03");
  EXPECT_EQ(monthly["rows"].size(), 4u);
  ok("GET", "/api/v1/reports/me-ageing", "/api/v1/reports/me-ageing?at=2016-03-01");
  ok("GET", "/api/v1/reports/me-quarterly", "/api/v1/reports/me-quarterly?from=2016-01&to=2016-03");
  ok("GET", "/api/v1/reports/me-overdue", "/api/v1/reports/me-overdue?at=2016-03-01&format=csv");
  ok("GET", "/api/v1/reports/contacts", "/api/v1/reports/contacts?from=2016-01&to=2016-03");
  ok("GET", "/api/v1/reports/complaints", "/api/v1/reports/complaints?from=2016-01&to=2016-03");
  problem("GET", "/api/v1/reports/me-monthly", "/api/v1/reports/me-monthly?from=2016-13&to=2016-03", "", {}, 400,
          "invalid_query");

  // Problems.
  std::string typo = ref;
  typo.back() = typo.back() == '9' ? '0' : static_cast<char>(typo.back() + 1);
  problem("GET", "/api/v1/cases/{reference}", "/api/v1/cases/" + typo, "", {}, 404, "not_found");
  problem("GET", "/api/v1/cases/{reference}", at + "?colour=red", "", {}, 400, "invalid_query");
  problem("GET", "/api/v1/cases", "/api/v1/cases?colour=red", "", {}, 400, "invalid_query");
  problem("GET", "/api/v1/cases", "/api/v1/cases?cursor=bm90LWEtY3Vyc29y", "", {}, 400, "invalid_cursor");
  json unknown = problem("POST", "/api/v1/cases", "/api/v1/cases",
                         R"({"category":"missed-bin","description":"x","colour":"red"})",
                         {"X-Request-Id: openapi-test-1"}, 400, "unknown_field");
  EXPECT_EQ(unknown.value("field", ""), "colour");
  EXPECT_EQ(unknown.value("request_id", ""), "openapi-test-1");
  problem("POST", "/api/v1/cases", "/api/v1/cases", "{", {}, 400, "invalid_json");
  problem("POST", "/api/v1/cases", "/api/v1/cases", "category=x", {"Content-Type: text/plain"}, 415,
          "unsupported_media_type");
  problem("PATCH", "/api/v1/cases/{reference}", at, R"({"title":"x"})", {}, 428, "precondition_required");
  problem("PATCH", "/api/v1/cases/{reference}", at, R"({"title":"x"})", {"If-Match: \"1\""}, 412, "stale_version");
  problem("POST", "/api/v1/cases/{reference}/transitions", at + "/transitions", R"({"to":"new"})", {}, 409,
          "transition_not_allowed");
  problem("POST", "/api/v1/cases/{reference}/transitions", at + "/transitions", R"({"to":"closed"})",
          {"If-Match: \"1\""}, 412, "stale_version");
  problem("POST", "/api/v1/cases/{reference}/extensions", "/api/v1/cases/" + complaint + "/extensions",
          R"({"amount":10,"reason":"More"})", {}, 409, "failed_precondition");
  problem("POST", "/api/v1/cases/{reference}/links", at + "/links", json{{"kind", "parent"}, {"case", complaint}}.dump(),
          {}, 409, "already_exists");
  problem("DELETE", "/api/v1/cases/{reference}/links/{kind}/{other}", at + "/links/sideways/" + other, "", {}, 400,
          "invalid_field");
  problem("DELETE", "/api/v1/cases/{reference}/watchers/{kind}/{key}", at + "/watchers/email/nobody%40example.org",
          "", {}, 404, "not_found");
  problem("GET", "/api/v1/customers/{id}", "/api/v1/customers/999999", "", {}, 404, "not_found");
  problem("PUT", "/api/v1/customers/{id}", "/api/v1/customers/" + cid, customer_body.dump(), {"If-Match: *"}, 428,
          "precondition_required");
  problem("PUT", "/api/v1/customers/{id}", "/api/v1/customers/" + cid, customer_body.dump(), {"If-Match: \"1\""},
          412, "stale_version");
  problem("GET", "/api/v1/services/{code}", "/api/v1/services/no-such-service", "", {}, 404, "not_found");
  problem("GET", "/api/v1/delivery-units/{code}", "/api/v1/delivery-units/no-such-unit", "", {}, 404,
          "not_found");
  problem("GET", "/api/v1/search", "/api/v1/search?q=+", "", {}, 400, "invalid_query");
  EXPECT_GT(checked_, 70);
}

// The account, audit and data-protection operations, and the 401/403
// answers every operation can give.
TEST_F(OpenApiServerTest, AccountAndPrivacyResponsesMatchTheDocumentedSchemas) {
  const auto& council = server_.council();
  const std::string anonymous = "X-Anonymous: 1";

  // Who am I, as a person and as a client system.
  json me = ok("GET", "/api/v1/session", "/api/v1/session");
  EXPECT_EQ(me.value("role", ""), "administrator");
  json client = ok("POST", "/api/v1/api-tokens", "/api/v1/api-tokens",
                   {{"name", "gateway"}, {"scopes", {"cases:read", "catalogue:read"}},
                    {"expires_at", "2030-01-01T00:00:00Z"}});
  const std::string bearer = "Authorization: Bearer " + client.value("token", "");
  json as_client = ok("GET", "/api/v1/session", "/api/v1/session", nullptr, {bearer});
  EXPECT_EQ(as_client["scopes"].size(), 2u);
  ok("GET", "/api/v1/api-tokens", "/api/v1/api-tokens");
  problem("GET", "/api/v1/users", "/api/v1/users", "", {bearer}, 403, "permission_denied");
  ok("DELETE", "/api/v1/api-tokens/{name}", "/api/v1/api-tokens/gateway");
  problem("GET", "/api/v1/session", "/api/v1/session", "", {bearer}, 401, "unauthenticated");
  EXPECT_EQ(call("GET", "/api/v1/session", "", {bearer}).header("www-authenticate"), "Bearer realm=\"civicdesk\"");
  problem("DELETE", "/api/v1/api-tokens/{name}", "/api/v1/api-tokens/gateway", "", {}, 404, "not_found");
  problem("GET", "/api/v1/session", "/api/v1/session", "", {anonymous}, 401, "unauthenticated");
  problem("DELETE", "/api/v1/session", "/api/v1/session", "", {}, 401, "unauthenticated");
  // Existing operations answer 401 and 403 as documented too.
  problem("GET", "/api/v1/cases", "/api/v1/cases", "", {anonymous}, 401, "unauthenticated");
  problem("POST", "/api/v1/contacts", "/api/v1/contacts",
          json{{"channel", "telephone"}, {"outcome", "resolved_at_first_contact"}}.dump(),
          {server_.auth(Role::kResident)}, 403, "permission_denied");

  // Accounts.
  json users = ok("GET", "/api/v1/users", "/api/v1/users");
  EXPECT_GE(users["items"].size(), 7u);
  json made = ok("POST", "/api/v1/users", "/api/v1/users",
                 {{"email", "Cllr.Two@Testshire.gov.uk"}, {"name", "Cllr Two"}, {"role", "councillor"},
                  {"password", "correct horse battery two"}, {"member_id", council.member}});
  const std::string uid = made["id"].dump();
  EXPECT_EQ(last_.header("location"), "/api/v1/users/" + uid);
  ok("GET", "/api/v1/users/{id}", "/api/v1/users/" + uid);
  ok("PATCH", "/api/v1/users/{id}", "/api/v1/users/" + uid, {{"active", false}, {"name", "Cllr Two (left)"}});
  problem("PATCH", "/api/v1/users/{id}", "/api/v1/users/" + uid, R"({"role":"officer"})", {}, 400, "invalid_field");
  problem("GET", "/api/v1/users/{id}", "/api/v1/users/999999", "", {}, 404, "not_found");
  problem("POST", "/api/v1/users", "/api/v1/users",
          json{{"email", "officer@testshire.gov.uk"}, {"name", "Again"}, {"role", "officer"},
               {"password", "correct horse battery again"}}.dump(),
          {}, 409, "already_exists");
  ok("GET", "/api/v1/users/{id}", "/api/v1/users/" + std::to_string(user_id("officer@testshire.gov.uk")), nullptr,
     {server_.auth(Role::kOfficer)});

  // Sessions: sign in, use the cookie, CSRF, sign out.
  problem("POST", "/api/v1/session", "/api/v1/session",
          json{{"email", "lead@testshire.gov.uk"}, {"password", "not the password"}}.dump(), {anonymous}, 401,
          "unauthenticated");
  json signed_in = ok("POST", "/api/v1/session", "/api/v1/session",
                      {{"email", "lead@testshire.gov.uk"}, {"password", "correct horse battery lead"}}, {anonymous});
  EXPECT_EQ(signed_in["second_factor_required"], false);
  const std::string set_cookie = last_.header("set-cookie");
  EXPECT_NE(set_cookie.find("HttpOnly"), std::string::npos);
  const std::string cookie = "Cookie: " + set_cookie.substr(0, set_cookie.find(';'));
  const std::string csrf = "X-CSRF-Token: " + signed_in["csrf_token"].get<std::string>();
  json lead = ok("GET", "/api/v1/session", "/api/v1/session", nullptr, {cookie});
  EXPECT_EQ(lead.value("delivery_unit", ""), "street-scene");
  ok("GET", "/api/v1/cases", "/api/v1/cases", nullptr, {cookie});
  problem("POST", "/api/v1/cases", "/api/v1/cases", R"({"category":"general","description":"x"})", {cookie}, 403,
          "permission_denied");
  ok("POST", "/api/v1/cases", "/api/v1/cases", {{"category", "general"}, {"description", "By cookie"}},
     {cookie, csrf});
  ok("DELETE", "/api/v1/session", "/api/v1/session", nullptr, {cookie, csrf});
  EXPECT_NE(last_.header("set-cookie").find("Max-Age=0"), std::string::npos);
  problem("GET", "/api/v1/session", "/api/v1/session", "", {cookie}, 401, "unauthenticated");

  // The second factor.
  json setup = ok("POST", "/api/v1/account/totp", "/api/v1/account/totp", nullptr, {server_.auth(Role::kManager)});
  problem("POST", "/api/v1/account/totp/confirm", "/api/v1/account/totp/confirm",
          json{{"secret", setup["secret"]}, {"code", "000000"}}.dump(), {server_.auth(Role::kManager)}, 400,
          "invalid_field");
  ok("POST", "/api/v1/account/totp/confirm", "/api/v1/account/totp/confirm",
     {{"secret", setup["secret"]}, {"code", totp_now(setup["secret"].get<std::string>())}},
     {server_.auth(Role::kManager)});
  problem("POST", "/api/v1/account/totp", "/api/v1/account/totp", "", {server_.auth(Role::kResident)}, 403,
          "permission_denied");
  json waiting = ok("POST", "/api/v1/session", "/api/v1/session",
                    {{"email", "manager@testshire.gov.uk"}, {"password", "correct horse battery manager"}},
                    {anonymous});
  EXPECT_EQ(waiting["second_factor_required"], true);
  const std::string half = "Cookie: " + last_.header("set-cookie").substr(0, last_.header("set-cookie").find(';'));
  problem("GET", "/api/v1/session", "/api/v1/session", "", {half}, 401, "unauthenticated");

  // Registration, verification and password reset.
  ok("POST", "/api/v1/registrations", "/api/v1/registrations",
     {{"name", "Nia Evans"}, {"email", "nia@example.org"}, {"password", "correct horse battery"}}, {anonymous});
  problem("POST", "/api/v1/registrations", "/api/v1/registrations",
          json{{"name", "Nia Evans"}, {"email", "nia@example.org"}, {"password", "short"}}.dump(), {anonymous}, 400,
          "invalid_field");
  problem("POST", "/api/v1/session", "/api/v1/session",
          json{{"email", "nia@example.org"}, {"password", "correct horse battery"}}.dump(), {anonymous}, 401,
          "unauthenticated");
  ok("POST", "/api/v1/email-verifications", "/api/v1/email-verifications",
     {{"token", one_time_link("nia@example.org", "verify_email")}}, {anonymous});
  ok("POST", "/api/v1/session", "/api/v1/session", {{"email", "nia@example.org"}, {"password", "correct horse battery"}},
     {anonymous});
  problem("POST", "/api/v1/email-verifications", "/api/v1/email-verifications", R"({"token":"made-up"})", {anonymous},
          404, "not_found");
  ok("POST", "/api/v1/password-resets", "/api/v1/password-resets", {{"email", "nobody@example.org"}}, {anonymous});
  ok("POST", "/api/v1/password-resets/complete", "/api/v1/password-resets/complete",
     {{"token", one_time_link("nia@example.org", "reset_password")}, {"password", "a different password"}},
     {anonymous});
  problem("POST", "/api/v1/password-resets/complete", "/api/v1/password-resets/complete",
          R"({"token":"made-up","password":"a different password"})", {anonymous}, 404, "not_found");

  // Data protection: a customer with a closed case and a contact.
  HttpResult customer = call("POST", "/api/v1/customers",
                             json{{"given_name", "Ola"}, {"family_name", "Nowak"},
                                  {"emails", {{{"address", "ola@example.org"}}}}}.dump());
  ASSERT_EQ(customer.status, 201) << customer.body;
  const std::string cid = json::parse(customer.body)["id"].dump();
  const std::string ref =
      new_case({{"category", "general"}, {"description", "Fly-tipping"}, {"customer_id", json::parse(cid)}});
  ok("POST", "/api/v1/cases/{reference}/transitions", "/api/v1/cases/" + ref + "/transitions",
     {{"to", "closed"}, {"outcome", "resolved"}});
  ok("POST", "/api/v1/contacts", "/api/v1/contacts",
     {{"customer_id", json::parse(cid)}, {"channel", "telephone"}, {"outcome", "resolved_at_first_contact"},
      {"notes", "Called"}});
  const std::string base = "/api/v1/customers/" + cid;
  ok("GET", "/api/v1/customers/{id}/preferences", base + "/preferences");
  json prefs = ok("PUT", "/api/v1/customers/{id}/preferences", base + "/preferences",
                  {{"preferred_channel", "email"}, {"consent_updates", true}});
  EXPECT_EQ(prefs["history"].size(), 2u);
  problem("PUT", "/api/v1/customers/{id}/preferences", base + "/preferences", "{}", {}, 400, "missing_field");
  json full = ok("GET", "/api/v1/customers/{id}/subject-access", base + "/subject-access");
  EXPECT_EQ(full["export"]["scope"], "full");
  EXPECT_EQ(full["cases"].size(), 1u);
  ok("GET", "/api/v1/customers/{id}/subject-access", base + "/subject-access?format=html");
  EXPECT_EQ(last_.header("content-type").rfind("text/html", 0), 0u);
  json own = ok("GET", "/api/v1/customers/{id}/subject-access",
                "/api/v1/customers/" + std::to_string(server_.resident_customer()) + "/subject-access", nullptr,
                {server_.auth(Role::kResident)});
  EXPECT_EQ(own["export"]["scope"], "self_service");
  problem("GET", "/api/v1/customers/{id}/subject-access", base + "/subject-access", "",
          {server_.auth(Role::kResident)}, 404, "not_found");
  problem("GET", "/api/v1/customers/{id}/subject-access", base + "/subject-access", "",
          {server_.auth(Role::kOfficer)}, 403, "permission_denied");
  problem("GET", "/api/v1/customers/{id}/subject-access", base + "/subject-access?format=pdf", "", {}, 400,
          "invalid_query");

  json rules = ok("PUT", "/api/v1/retention-rules", "/api/v1/retention-rules",
                  {{"rules", {{{"case_type", "service_request"}, {"keep_years", 0}},
                              {{"case_type", "complaint"}, {"keep_years", 6}}}}});
  EXPECT_EQ(rules["rules"].size(), 2u);
  ok("GET", "/api/v1/retention-rules", "/api/v1/retention-rules");
  problem("PUT", "/api/v1/retention-rules", "/api/v1/retention-rules",
          R"({"rules":[{"case_type":"complaint","keep_years":1},{"case_type":"complaint","keep_years":2}]})", {}, 400,
          "invalid_field");
  json plan = ok("POST", "/api/v1/customers/{id}/erasure", base + "/erasure", {{"dry_run", true}});
  EXPECT_EQ(plan["cases"].size(), 1u);
  json erased = ok("POST", "/api/v1/customers/{id}/erasure", base + "/erasure", {{"dry_run", false}});
  EXPECT_EQ(erased["dry_run"], false);
  problem("POST", "/api/v1/customers/{id}/erasure", base + "/erasure", "{}", {}, 400, "missing_field");
  ok("POST", "/api/v1/retention/run", "/api/v1/retention/run", {{"dry_run", true}});
  ok("POST", "/api/v1/retention/run", "/api/v1/retention/run", {{"dry_run", false}});
  problem("POST", "/api/v1/retention/run", "/api/v1/retention/run", R"({"dry_run":true})",
          {server_.auth(Role::kManager)}, 403, "permission_denied");

  // The audit trail.
  json page = ok("GET", "/api/v1/audit", "/api/v1/audit?limit=2");
  EXPECT_TRUE(page["next_cursor"].is_string());
  ok("GET", "/api/v1/audit", "/api/v1/audit?cursor=" + page["next_cursor"].get<std::string>());
  ok("GET", "/api/v1/audit", "/api/v1/audit?entity=customer&entity_id=" + cid + "&from=2016-03-01&to=2016-03-01");
  ok("GET", "/api/v1/audit.csv", "/api/v1/audit.csv?actor=system");
  EXPECT_EQ(last_.body.rfind("id,at,actor", 0), 0u) << last_.body.substr(0, 100);
  problem("GET", "/api/v1/audit", "/api/v1/audit?entity_id=1", "", {}, 400, "invalid_query");
  problem("GET", "/api/v1/audit.csv", "/api/v1/audit.csv?limit=1", "", {}, 400, "invalid_query");
  problem("GET", "/api/v1/audit.csv", "/api/v1/audit.csv", "", {server_.auth(Role::kManager)}, 403,
          "permission_denied");
  EXPECT_GT(checked_, 60);
}

TEST(OpenApiProblems, OversizedBodyIs413) {
  ASSERT_FALSE(document().is_discarded());
  http::ServerOptions options;
  options.body_limit = 2048;
  TestServer server("sqlite", testing::at("2016-03-01T10:00:00Z"), options);
  const std::string body = json{{"category", "general"}, {"description", std::string(4096, 'x')}}.dump();
  HttpResult res = testing::http_request(server.port(), "POST", "/api/v1/cases", body,
                                         {"Content-Type: application/json"});
  ASSERT_EQ(res.status, 413) << res.body;
  const json& r = spec().resolve(document()["paths"]["/api/v1/cases"]["post"]["responses"]["413"]);
  json j = json::parse(res.body);
  for (const auto& e : spec().check(j, r["content"]["application/problem+json"]["schema"])) ADD_FAILURE() << e;
  EXPECT_EQ(j["code"], "payload_too_large");
}

TEST(OpenApiProblems, NoCouncilForTheHostIs404) {
  ASSERT_FALSE(document().is_discarded());
  TestServer server("sqlite");
  testing::seed_small_council(server.services(), "othershire", "OTH");
  // Two councils, neither serving 127.0.0.1, and no default council.
  HttpResult res = server.get("/api/v1/cases");
  ASSERT_EQ(res.status, 404) << res.body;
  ASSERT_TRUE(document()["paths"]["/api/v1/cases"]["get"]["responses"].contains("404"));
  json j = json::parse(res.body);
  for (const auto& e : spec().check(j, document()["components"]["schemas"]["Problem"])) ADD_FAILURE() << e;
  EXPECT_EQ(j["code"], "not_found");
  // Operations endpoints and this document need no council.
  EXPECT_EQ(server.get("/healthz").status, 200);
  EXPECT_EQ(server.get("/api/v1/openapi.json").status, 200);
}

// ---------------------------------------------------------------------------
// (f) Request-body schemas list exactly the fields the decoders take.

// One request derived from a base body, and what must come of it.
struct Variant {
  enum class Expect {
    kKnown,         // not unknown_field: the decoder takes this field
    kUnknown,       // 400 unknown_field naming `field`
    kMissing,       // 400 missing_field naming `field`
    kEnumValue,     // not refused as an unknown value of `field`
    kTooLong,       // refused as longer than `field`'s maxLength
    kLongest,       // not refused for `field`'s length
    kOutOfRange,    // refused as outside `field`'s minimum/maximum
    kInRange,       // not refused for `field`'s range
  };
  std::string label;
  json body;
  Expect expect;
  std::string field;
};

// Variants of `base` (an object at JSON path `prefix`) for the object schema
// `schema`, recursing into nested objects and arrays of objects.
void body_variants(const json& schema, const json& base, const std::string& prefix, std::vector<Variant>& out) {
  using E = Variant::Expect;
  const Spec& s = spec();
  const Spec::ObjectView view = s.object_view(schema);
  auto at = [&](const std::string& k) { return prefix.empty() ? k : prefix + "." + k; };
  if (view.additional && *view.additional == false) {
    json b = base;
    b[kUnknownName] = true;
    out.push_back({"unknown " + at(kUnknownName), b, E::kUnknown, at(kUnknownName)});
  }
  for (const auto& r : view.required) {
    if (!base.contains(r)) continue;
    json b = base;
    b.erase(r);
    out.push_back({"without " + at(r), b, E::kMissing, at(r)});
  }
  for (const auto& [name, prop] : view.properties) {
    const json& ps = s.resolve(*prop);
    const std::string field = at(name);
    auto with = [&](json value) {
      json b = base;
      b[name] = std::move(value);
      return b;
    };
    out.push_back({"with " + field, with(s.plausible(*prop)), E::kKnown, field});
    if (ps.contains("enum"))
      for (const auto& v : ps["enum"])
        if (!v.is_null()) out.push_back({"with " + field + "=" + v.dump(), with(v), E::kEnumValue, field});
    const std::string type = ps.contains("type") && ps["type"].is_string() ? ps["type"].get<std::string>() : "";
    if (type == "string" && ps.contains("maxLength") && !ps.contains("enum")) {
      const size_t n = ps["maxLength"].get<size_t>();
      out.push_back({"longest " + field, with(std::string(n, 'a')), E::kLongest, field});
      out.push_back({"too long " + field, with(std::string(n + 1, 'a')), E::kTooLong, field});
    }
    if (type == "integer" || type == "number") {
      const bool integer = type == "integer";
      for (const char* bound : {"minimum", "maximum"}) {
        if (!ps.contains(bound)) continue;
        const json limit = ps[bound];
        out.push_back({std::string(bound) + " " + field, with(limit), E::kInRange, field});
        const double step = std::string(bound) == "minimum" ? -1 : 1;
        json beyond = integer ? json(limit.get<int64_t>() + static_cast<int64_t>(step))
                              : json(limit.get<double>() + step * 0.5);
        out.push_back({"beyond " + std::string(bound) + " " + field, with(beyond), E::kOutOfRange, field});
      }
    }
    if (s.is_object_with_properties(ps)) {
      std::vector<Variant> inner;
      body_variants(ps, s.plausible(ps), field, inner);
      for (auto& v : inner) {
        v.body = with(v.body);
        out.push_back(std::move(v));
      }
    } else if (type == "array" && ps.contains("items") && s.is_object_with_properties(ps["items"])) {
      const json& items = s.resolve(ps["items"]);
      std::vector<Variant> inner;
      body_variants(items, s.plausible(items), field + "[0]", inner);
      for (auto& v : inner) {
        v.body = with(json::array({v.body}));
        out.push_back(std::move(v));
      }
    }
  }
}

struct BodyCase {
  BodyCase(std::string t, json b, std::vector<std::string> h = {},
           std::function<std::vector<std::string>(const std::string&)> s = {})
      : target(std::move(t)), base(std::move(b)), headers(std::move(h)), sign(std::move(s)) {}
  std::string target;
  json base;  // a body that succeeds
  std::vector<std::string> headers;
  // Extra headers computed from each body sent (signed back-office updates).
  std::function<std::vector<std::string>(const std::string&)> sign;
  std::vector<std::string> headers_for(const std::string& body) const {
    std::vector<std::string> h = headers;
    if (sign)
      for (auto& extra : sign(body)) h.push_back(std::move(extra));
    return h;
  }
};

TEST_F(OpenApiServerTest, RequestBodySchemasMatchTheDecoders) {
  const auto& council = server_.council();
  (void)council;
  // A target and a succeeding base body for every documented request body,
  // by operationId. A new operation with a body must be added here.
  std::map<std::string, std::function<BodyCase()>> cases = {
      {"createCase", [&] { return BodyCase{"/api/v1/cases", {{"category", "general"}, {"description", "Base"}}}; }},
      {"updateCase",
       [&] { return BodyCase{"/api/v1/cases/" + new_case(), {{"title", "Changed"}}, {"If-Match: *"}}; }},
      {"transitionCase",
       [&] { return BodyCase{"/api/v1/cases/" + new_case() + "/transitions", {{"to", "in_progress"}}}; }},
      {"assignCase", [&] { return BodyCase{"/api/v1/cases/" + new_case() + "/assignment", {{"team", "waste"}}}; }},
      {"extendCase",
       [&] {
         const std::string ref = new_case({{"type", "complaint"}, {"category", "general"}, {"description", "x"}});
         return BodyCase{"/api/v1/cases/" + ref + "/extensions", {{"amount", 1}, {"reason", "More time"}}};
       }},
      {"addCaseNote", [&] { return BodyCase{"/api/v1/cases/" + new_case() + "/notes", {{"text", "A note"}}}; }},
      {"linkCase",
       [&] {
         return BodyCase{"/api/v1/cases/" + new_case() + "/links", {{"kind", "related"}, {"case", new_case()}}};
       }},
      {"addCaseWatcher",
       [&] {
         return BodyCase{"/api/v1/cases/" + new_case() + "/watchers", {{"kind", "email"}, {"email", "a@example.org"}}};
       }},
      {"createCustomer", [&] { return BodyCase{"/api/v1/customers", {{"family_name", "Base"}}}; }},
      {"replaceCustomer",
       [&] {
         return BodyCase{"/api/v1/customers/" + std::to_string(new_customer()), {{"family_name", "Base"}},
                         {"If-Match: \"1\""}};
       }},
      {"logContact",
       [&] {
         return BodyCase{"/api/v1/contacts", {{"channel", "telephone"}, {"outcome", "resolved_at_first_contact"}}};
       }},
      // Members' Enquiries: each base body acts on an enquiry in the state it needs.
      {"addEnquiryTask",
       [&] { return BodyCase{"/api/v1/cases/" + new_enquiry() + "/tasks", {{"delivery_unit", "highways"}}}; }},
      {"routeEnquiry",
       [&] { return BodyCase{"/api/v1/cases/" + new_enquiry() + "/routing", {{"delivery_unit", "highways"}}}; }},
      {"sendBackEnquiry",
       [&] {
         const std::string me = new_enquiry();
         call("POST", "/api/v1/cases/" + me + "/routing", json{{"delivery_unit", "highways"}}.dump());
         return BodyCase{"/api/v1/cases/" + me + "/send-back", {{"reason", "Not ours"}}};
       }},
      {"respondToEnquiry",
       [&] { return BodyCase{"/api/v1/cases/" + new_enquiry() + "/responses", {{"text", "Fixed today"}}}; }},
      {"adviseDelay",
       [&] {
         return BodyCase{"/api/v1/cases/" + new_enquiry() + "/delays",
                         {{"reason", "Contractor unavailable"}, {"revised_date", "2016-04-01"}}};
       }},
      {"diariseEnquiry",
       [&] {
         return BodyCase{"/api/v1/cases/" + new_enquiry() + "/diary",
                         {{"date", "2016-04-15"}, {"reason", "Check the repair"}}};
       }},
      {"chaseEnquiry", [&] { return BodyCase{"/api/v1/cases/" + new_enquiry() + "/chasers", json::object()}; }},
      {"escalateEnquiry",
       [&] {
         call("PUT", "/api/v1/delivery-units/street-scene/escalation-officers",
              json{{"officer_ids", {council.officer_street}}}.dump());
         return BodyCase{"/api/v1/cases/" + new_enquiry() + "/escalations", {{"reason", "Late"}}};
       }},
      {"requestApproval",
       [&] {
         const std::string me = closed_enquiry();
         return BodyCase{"/api/v1/cases/" + me + "/approvals", {{"kind", "reopen"}, {"reason", "Not fixed"}}};
       }},
      {"decideApproval",
       [&] {
         // Asked by a manager, decided by the administrator (not the asker).
         const std::string me = closed_enquiry();
         HttpResult asked = call("POST", "/api/v1/cases/" + me + "/approvals",
                                 json{{"kind", "reopen"}, {"reason", "Not fixed"}}.dump(),
                                 {server_.auth(Role::kManager)});
         const std::string id = json::parse(asked.body, nullptr, false).value("id", json(0)).dump();
         return BodyCase{"/api/v1/cases/" + me + "/approvals/" + id + "/decision", {{"decision", "approve"}}};
       }},
      {"setEscalationOfficers",
       [&] {
         return BodyCase{"/api/v1/delivery-units/highways/escalation-officers",
                         {{"officer_ids", {council.officer_highways}}}};
       }},
      // Accounts. The anonymous forms are sent without credentials.
      {"signIn",
       [&] {
         return BodyCase{"/api/v1/session",
                         {{"email", "manager@testshire.gov.uk"}, {"password", "correct horse battery manager"}},
                         {"X-Anonymous: 1"}};
       }},
      {"confirmSecondFactor",
       [&] {
         Session s;
         const std::string secret = officer_with_second_factor("two.factor@testshire.gov.uk", &s);
         // The cookie names the session; the administrator's token gets the
         // request past authentication, which refuses the session itself
         // until its code is confirmed (reported separately).
         return BodyCase{"/api/v1/session/second-factor", {{"code", totp_now(secret)}},
                         {s.cookie, s.csrf, server_.auth(Role::kAdministrator)}};
       }},
      {"confirmTotp",
       [&] {
         const std::string secret = crypto::new_totp_secret();
         return BodyCase{"/api/v1/account/totp/confirm", {{"secret", secret}, {"code", totp_now(secret)}}};
       }},
      {"register",
       [&] {
         return BodyCase{"/api/v1/registrations",
                         {{"name", "Rhys Jones"}, {"email", "rhys@example.org"}, {"password", "correct horse battery"}},
                         {"X-Anonymous: 1"}};
       }},
      {"verifyEmail",
       [&] {
         return BodyCase{"/api/v1/email-verifications",
                         {{"token", one_time_link("resident@testshire.gov.uk", "verify_email")}}, {"X-Anonymous: 1"}};
       }},
      {"requestPasswordReset",
       [&] {
         return BodyCase{"/api/v1/password-resets", {{"email", "officer@testshire.gov.uk"}}, {"X-Anonymous: 1"}};
       }},
      {"completePasswordReset",
       [&] {
         return BodyCase{"/api/v1/password-resets/complete",
                         {{"token", one_time_link("councillor@testshire.gov.uk", "reset_password")},
                          {"password", "a brand new password"}},
                         {"X-Anonymous: 1"}};
       }},
      {"createUser",
       [&] {
         return BodyCase{"/api/v1/users",
                         {{"email", "new.officer@testshire.gov.uk"},
                          {"name", "New Officer"},
                          {"role", "officer"},
                          {"password", "correct horse battery new"},
                          {"officer_id", council.officer_street}}};
       }},
      {"updateUser",
       [&] {
         return BodyCase{"/api/v1/users/" + std::to_string(user_id("advisor@testshire.gov.uk")),
                         {{"name", "Renamed Advisor"}}};
       }},
      {"createApiToken",
       [&] { return BodyCase{"/api/v1/api-tokens", {{"name", "base-token"}, {"scopes", {"cases:read"}}}}; }},
      // Data protection.
      {"setPreferences",
       [&] {
         return BodyCase{"/api/v1/customers/" + std::to_string(new_customer()) + "/preferences", {{"language", "cy"}}};
       }},
      {"eraseCustomer",
       [&] {
         return BodyCase{"/api/v1/customers/" + std::to_string(new_customer()) + "/erasure", {{"dry_run", true}}};
       }},
      {"setRetentionRules",
       [&] {
         return BodyCase{"/api/v1/retention-rules",
                         {{"rules", {{{"case_type", "complaint"}, {"keep_years", 6}}}}}};
       }},
      {"runRetention", [&] { return BodyCase{"/api/v1/retention/run", {{"dry_run", true}}}; }},
      // The outbox.
      {"putWebhook", [&] { return BodyCase{"/api/v1/webhooks/openapi-hook", {{"url", "https://hooks.example/x"}}}; }},
      {"recordDeliveryReceipt",
       [&] {
         NewToken t{"govuk-notify", {"notify:callbacks"}, std::nullopt, std::nullopt};
         const std::string token = *server_.services().accounts.create_token(council.ctx(server_.clock().now()), t);
         const std::string reference = provider_reference_for(council.tenant, new_message());
         return BodyCase{"/api/v1/delivery-receipts",
                         {{"id", "740e5834-3a29-46b4-9a6f-16142fde533a"}, {"reference", reference}, {"status", "delivered"}},
                         {"Authorization: Bearer " + token}};
       }},
      // Notifications (docs/notifications.md).
      {"putNotificationTemplate",
       [&] {
         return BodyCase{"/api/v1/notification-templates/case_closed",
                         {{"subject", "Closed ((reference))"}, {"body", "Dear ((name))"}, {"sms", "Closed"}}};
       }},
      {"previewNotificationTemplate",
       [&] {
         return BodyCase{"/api/v1/notification-templates/case_closed/preview",
                         {{"subject", "Closed ((reference))"},
                          {"body", "Outcome: ((outcome))"},
                          {"sms", "Closed"},
                          {"values", {{"outcome", "resolved"}}}}};
       }},
      {"putNotificationSettings",
       [&] { return BodyCase{"/api/v1/notification-settings", {{"survey_percent", 50}, {"quiet_from", "22:00"}}}; }},
      {"unsubscribe",
       [&] {
         return BodyCase{"/api/v1/unsubscribe", {{"token", notification_token("unsubscribe")}}, {"X-Anonymous: 1"}};
       }},
      {"answerSurvey",
       [&] {
         return BodyCase{"/api/v1/survey", {{"token", notification_token("survey")}, {"rating", 4}},
                         {"X-Anonymous: 1"}};
       }},
      // Back-office integration (docs/back-office.md): a forwarded case, its
      // back office's client token and endpoint secret; every body signed.
      {"setServiceForwarding",
       [&] {
         auto ep = server_.services().messages.put_endpoint(council.ctx(server_.clock().now()), "openapi-forward",
                                                            "https://hooks.example/bo", true, false);
         EXPECT_TRUE(ep);
         return BodyCase{"/api/v1/services/pothole/forwarding", {{"endpoint", "openapi-forward"}}};
       }},
      {"postBackOfficeUpdate",
       [&] {
         const RequestContext ctx = council.ctx(server_.clock().now());
         auto ep = server_.services().messages.put_endpoint(ctx, "openapi-bo", "https://hooks.example/bo2", true,
                                                            false, "openapi-bo");
         EXPECT_TRUE(ep);
         EXPECT_TRUE(server_.services().back_office.set_forwarding(ctx, "missed-bin", "openapi-bo"));
         const std::string ref = new_case({{"category", "missed-bin"},
                                           {"description", "Forwarded"},
                                           {"answers", {{"bin_type", "refuse"}}}});
         NewToken t{"openapi-bo", {"backoffice"}, std::nullopt, std::nullopt};
         const std::string token = *server_.services().accounts.create_token(ctx, t);
         const std::string secret = ep->endpoint.secret;
         const int64_t now =
             std::chrono::duration_cast<std::chrono::seconds>(server_.clock().now().time_since_epoch()).count();
         return BodyCase{"/api/v1/back-office/cases/" + ref + "/updates",
                         {{"update_id", "openapi-1"}, {"status", "in_progress"}, {"public_note", "On it"}},
                         {"Authorization: Bearer " + token},
                         [secret, now](const std::string& body) {
                           const std::string ts = std::to_string(now);
                           return std::vector<std::string>{
                               "X-Civicdesk-Timestamp: " + ts,
                               "X-Civicdesk-Signature: sha256=" + crypto::hmac_sha256_hex(secret, ts + "." + body)};
                         }};
       }},
      // Locations.
      // Photos.
      {"changeCaseAttachment",
       [&] {
         const std::string ref = new_case();
         return BodyCase{"/api/v1/cases/" + ref + "/attachments/" + std::to_string(new_photo(ref)), {{"hidden", true}}};
       }},
      {"setBoundary",
       [&] {
         return BodyCase{"/api/v1/boundary",
                         {{"type", "Polygon"},
                          {"coordinates", {{{-179, -89}, {179, -89}, {179, 89}, {-179, 89}, {-179, -89}}}}}};
       }},
  };

  int bodies = 0, sent = 0;
  // Photo uploads: a PNG succeeds (the refusals are tests/http/attachments_http_test.cpp's).
  const std::map<std::string, std::function<BodyCase()>> uploads = {
      {"uploadCaseAttachment", [&] { return BodyCase{"/api/v1/cases/" + new_case() + "/attachments", nullptr}; }},
  };
  for_each_operation([&](const std::string& path, const std::string& method, const json& op) {
    if (!op.contains("requestBody") || json_body(op)) return;
    const std::string id = op["operationId"].get<std::string>();
    auto it = uploads.find(id);
    if (it == uploads.end()) {
      ADD_FAILURE() << id << " has a binary request body but no base upload in this test";
      return;
    }
    HttpResult res = call("POST", it->second().target, test_images::phone_png(), {"Content-Type: image/png"});
    EXPECT_EQ(res.status, 201) << id << ": " << res.body;
    expect_documented("POST", path, res);
    HttpResult gif = call("POST", it->second().target, "GIF89a", {"Content-Type: image/png"});
    EXPECT_EQ(gif.status, 415) << id << ": " << gif.body;
    expect_documented("POST", path, gif);
  });
  for_each_operation([&](const std::string& path, const std::string& method, const json& op) {
    if (!op.contains("requestBody") || !json_body(op)) return;
    ++bodies;
    const std::string id = op["operationId"].get<std::string>();
    const std::string http_method = [&] {
      std::string m = method;
      for (char& c : m) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
      return m;
    }();
    auto it = cases.find(id);
    if (it == cases.end()) {
      ADD_FAILURE() << id << " has a request body but no base body in this test";
      return;
    }
    BodyCase bc = it->second();
    const json& schema = spec().resolve(spec().resolve(op["requestBody"])["content"]["application/json"]["schema"]);
    {
      HttpResult res = call(http_method, bc.target, bc.base.dump(), bc.headers_for(bc.base.dump()));
      if (res.status < 200 || res.status >= 300) {
        ADD_FAILURE() << id << ": the base body must succeed (else the checks prove nothing): " << res.body;
        return;
      }
      expect_documented(http_method, path, res);
      for (const auto& e : spec().check(bc.base, schema)) ADD_FAILURE() << id << " base body: " << e;
    }
    std::vector<Variant> variants;
    body_variants(schema, bc.base, "", variants);
    for (const Variant& v : variants) {
      HttpResult res = call(http_method, bc.target, v.body.dump(), bc.headers_for(v.body.dump()));
      ++sent;
      const std::string what = id + " " + v.label + ": " + std::to_string(res.status) + " " + res.body.substr(0, 300);
      json j = json::parse(res.body, nullptr, false);
      const std::string code = j.is_object() ? j.value("code", "") : "";
      const std::string field = j.is_object() ? j.value("field", "") : "";
      const std::string detail = j.is_object() ? j.value("detail", "") : "";
      const bool about_field = res.status == 400 && field == v.field;
      EXPECT_NE(res.status, 415) << what;
      EXPECT_NE(res.status, 428) << what;
      switch (v.expect) {
        case Variant::Expect::kKnown:
          EXPECT_FALSE(res.status == 400 && code == "unknown_field") << what;
          break;
        case Variant::Expect::kUnknown:
          EXPECT_TRUE(res.status == 400 && code == "unknown_field" && field == v.field) << what;
          break;
        case Variant::Expect::kMissing:
          EXPECT_TRUE(about_field && code == "missing_field") << what;
          break;
        case Variant::Expect::kEnumValue:
          EXPECT_FALSE(about_field && contains(detail, "Unknown value")) << what;
          EXPECT_FALSE(res.status == 400 && code == "unknown_field") << what;
          break;
        case Variant::Expect::kTooLong:
          EXPECT_TRUE(about_field && contains(detail, "characters or fewer")) << what;
          break;
        case Variant::Expect::kLongest:
          EXPECT_FALSE(about_field && contains(detail, "characters or fewer")) << what;
          break;
        case Variant::Expect::kOutOfRange:
          EXPECT_TRUE(about_field && code == "invalid_field" && contains(detail, "between")) << what;
          break;
        case Variant::Expect::kInRange:
          EXPECT_FALSE(about_field && contains(detail, "between")) << what;
          break;
      }
      // Whatever happened, it is a documented answer of this operation.
      EXPECT_TRUE(op["responses"].contains(std::to_string(res.status))) << "undocumented status: " << what;
    }
  });
  EXPECT_EQ(bodies, static_cast<int>(cases.size())) << "a base body is no longer used";
  EXPECT_GT(sent, 300);
}

// ---------------------------------------------------------------------------
// (g) Documented query parameters are exactly the ones the handlers read.

TEST_F(OpenApiServerTest, QueryParametersMatchTheHandlers) {
  const auto& council = server_.council();
  const std::string ref = new_case();
  const std::string cid = std::to_string(new_customer());
  HttpResult contact = call("POST", "/api/v1/contacts",
                            json{{"channel", "telephone"}, {"outcome", "resolved_at_first_contact"}}.dump());
  ASSERT_EQ(contact.status, 201) << contact.body;
  const std::string contact_id = json::parse(contact.body)["id"].dump();
  const std::string photo = std::to_string(new_photo(ref));
  // A concrete path for every GET path template.
  const std::map<std::string, std::string> concrete = {
      {"/api/v1/services/{code}", "/api/v1/services/missed-bin"},
      {"/api/v1/delivery-units/{code}", "/api/v1/delivery-units/street-scene"},
      {"/api/v1/officers/{id}", "/api/v1/officers/" + std::to_string(council.officer_street)},
      {"/api/v1/members/{id}", "/api/v1/members/" + std::to_string(council.member)},
      {"/api/v1/customers/{id}", "/api/v1/customers/" + cid},
      {"/api/v1/customers/{id}/cases", "/api/v1/customers/" + cid + "/cases"},
      {"/api/v1/customers/{id}/contacts", "/api/v1/customers/" + cid + "/contacts"},
      {"/api/v1/contacts/{id}", "/api/v1/contacts/" + contact_id},
      {"/api/v1/cases/{reference}", "/api/v1/cases/" + ref},
      {"/api/v1/cases/{reference}/timeline", "/api/v1/cases/" + ref + "/timeline"},
      {"/api/v1/cases/{reference}/notes", "/api/v1/cases/" + ref + "/notes"},
      {"/api/v1/cases/{reference}/links", "/api/v1/cases/" + ref + "/links"},
      {"/api/v1/cases/{reference}/watchers", "/api/v1/cases/" + ref + "/watchers"},
      {"/api/v1/cases/{reference}/enquiry", "/api/v1/cases/" + ref + "/enquiry"},
      {"/api/v1/cases/{reference}/attachments", "/api/v1/cases/" + ref + "/attachments"},
      {"/api/v1/cases/{reference}/attachments/{id}", "/api/v1/cases/" + ref + "/attachments/" + photo},
      {"/api/v1/delivery-units/{code}/escalation-officers", "/api/v1/delivery-units/street-scene/escalation-officers"},
      {"/api/v1/users/{id}", "/api/v1/users/" + std::to_string(user_id("officer@testshire.gov.uk"))},
      {"/api/v1/customers/{id}/subject-access", "/api/v1/customers/" + cid + "/subject-access"},
      {"/api/v1/customers/{id}/preferences", "/api/v1/customers/" + cid + "/preferences"},
      {"/api/v1/messages/{id}", "/api/v1/messages/" + std::to_string(new_message())},
      {"/api/v1/notification-templates/{name}", "/api/v1/notification-templates/case_closed"},
  };
  // The plausible token ("x") is a real link, so the base GETs succeed.
  notification_token("unsubscribe", "x");
  notification_token("survey", "x");
  auto encode = [](const json& v) { return http::percent_encode(v.is_string() ? v.get<std::string>() : v.dump()); };

  int with_params = 0;
  for_each_operation([&](const std::string& path, const std::string& method, const json& op) {
    if (method != "get") return;
    std::string target = path;
    if (path.find('{') != std::string::npos) {
      auto it = concrete.find(path);
      if (it == concrete.end()) {
        ADD_FAILURE() << "no concrete path for " << path << " in this test";
        return;
      }
      target = it->second;
    }
    std::vector<json> params;
    std::map<std::string, std::string> base;  // required parameters, encoded
    for (const auto& p : parameters_of(path, method)) {
      if (p.value("in", "") != "query") continue;
      params.push_back(p);
      if (p.value("required", false)) base[p["name"].get<std::string>()] = encode(spec().plausible(p["schema"]));
    }
    // GET with the required parameters, and `name` set to the encoded `value`.
    auto get = [&](const std::string& name = "", const std::string& value = "") {
      std::map<std::string, std::string> params_now = base;
      if (!name.empty()) params_now[name] = value;
      std::string q;
      for (const auto& [k, v] : params_now) q += (q.empty() ? "" : "&") + k + "=" + v;
      HttpResult res = call("GET", q.empty() ? target : target + "?" + q);
      EXPECT_TRUE(op["responses"].contains(std::to_string(res.status)))
          << "GET " << path << "?" << q << ": undocumented status " << res.status << " " << res.body.substr(0, 200);
      return res;
    };
    {
      HttpResult res = get();
      EXPECT_EQ(res.status, 200) << path << ": " << res.body.substr(0, 300);
    }
    if (params.empty()) return;
    ++with_params;
    {
      HttpResult res = get(kUnknownName, "1");
      json j = json::parse(res.body, nullptr, false);
      EXPECT_TRUE(res.status == 400 && j.is_object() && j.value("code", "") == "invalid_query" &&
                  j.value("field", "") == kUnknownName)
          << path << " should refuse an undocumented parameter: " << res.status << " " << res.body.substr(0, 200);
    }
    for (const auto& p : params) {
      const std::string name = p["name"].get<std::string>();
      const json& ps = spec().resolve(p["schema"]);
      auto refused_for = [&](const HttpResult& res, const std::string& text) {
        json j = json::parse(res.body, nullptr, false);
        return res.status == 400 && j.is_object() && j.value("field", "") == name &&
               contains(j.value("detail", ""), text);
      };
      std::vector<std::pair<std::string, json>> values = {{"plausible", spec().plausible(p["schema"])}};
      if (ps.contains("enum"))
        for (const auto& v : ps["enum"]) values.push_back({"enum", v});
      for (const auto& [kind, value] : values) {
        HttpResult res = get(name, encode(value));
        EXPECT_FALSE(refused_for(res, "is not a parameter")) << "GET " << path << " ?" << name << ": " << res.body;
        EXPECT_FALSE(refused_for(res, "Unknown value")) << "GET " << path << " ?" << name << "=" << value;
      }
      if (ps.value("type", "") == "string" || ps.contains("anyOf")) {
        if (ps.contains("maxLength")) {
          const size_t n = ps["maxLength"].get<size_t>();
          EXPECT_FALSE(refused_for(get(name, std::string(n, 'a')), "characters or fewer"))
              << "GET " << path << " ?" << name << " of " << n << " characters";
          EXPECT_TRUE(refused_for(get(name, std::string(n + 1, 'a')), "characters or fewer"))
              << "GET " << path << " ?" << name << " longer than " << n;
        }
      }
      if (ps.value("type", "") == "integer") {
        for (const char* bound : {"minimum", "maximum"}) {
          if (!ps.contains(bound)) continue;
          const int64_t limit = ps[bound].get<int64_t>();
          const int64_t beyond = std::string(bound) == "minimum" ? limit - 1 : limit + 1;
          EXPECT_FALSE(refused_for(get(name, std::to_string(limit)), "whole number"))
              << "GET " << path << " ?" << name << "=" << limit;
          EXPECT_TRUE(refused_for(get(name, std::to_string(beyond)), "whole number"))
              << "GET " << path << " ?" << name << "=" << beyond;
        }
      }
    }
  });
  EXPECT_GE(with_params, 10);
}

}  // namespace
}  // namespace civicdesk

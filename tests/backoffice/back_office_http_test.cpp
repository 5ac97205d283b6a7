// Back-office integration end to end (docs/back-office.md), on every
// backend: a service forwards its new cases as signed webhooks to a real
// receiver on 127.0.0.1 (signature checked here with OpenSSL directly),
// retries and dead letters are seen and retried by administrators, and the
// back office's signed updates change the case, reach the resident and show
// in Open311 -- while every bad update is refused and changes nothing.
#include <gtest/gtest.h>
#include <algorithm>
#include <openssl/evp.h>
#include <openssl/hmac.h>

#include <nlohmann/json.hpp>

#include "outbox/webhook.h"
#include "outbox/worker.h"
#include "support/peers.h"
#include "support/test_server.h"

namespace civicdesk {
namespace {

using namespace std::chrono_literals;
using nlohmann::json;
using testing::HttpResult;

// HMAC-SHA256 of "<timestamp>.<body>" as "sha256=<hex>", computed here
// independently of civicdesk's own code.
std::string sign(const std::string& secret, int64_t timestamp, const std::string& body) {
  const std::string data = std::to_string(timestamp) + "." + body;
  unsigned char mac[EVP_MAX_MD_SIZE];
  unsigned int len = 0;
  HMAC(EVP_sha256(), secret.data(), static_cast<int>(secret.size()),
       reinterpret_cast<const unsigned char*>(data.data()), data.size(), mac, &len);
  static const char* hex = "0123456789abcdef";
  std::string out = "sha256=";
  for (unsigned int i = 0; i < len; ++i) {
    out += hex[mac[i] >> 4];
    out += hex[mac[i] & 15];
  }
  return out;
}

int64_t seconds_of(Instant t) { return std::chrono::duration_cast<std::chrono::seconds>(t.time_since_epoch()).count(); }

// Everything an update could change, to compare before and after.
struct CaseState {
  std::string status;
  int64_t version = 0;
  size_t events = 0;
  size_t messages = 0;
  std::string back_office;
  bool operator==(const CaseState&) const = default;
};
std::ostream& operator<<(std::ostream& os, const CaseState& s) {
  return os << s.status << " v" << s.version << " events=" << s.events << " messages=" << s.messages << " "
            << s.back_office;
}

class BackOfficeTest : public ::testing::TestWithParam<std::string> {
 protected:
  BackOfficeTest() : server_(GetParam()) {
    Services& s = server_.services();
    auto ep = s.messages.put_endpoint(sys(), "highways-system", receiver_.url(), true, false, "confirm");
    EXPECT_TRUE(ep) << ep.error().message;
    secret_ = ep ? ep->endpoint.secret : "";
    client_ = token("confirm", "backoffice");
    // The administrator switches forwarding on through the API.
    HttpResult fwd = put("/api/v1/services/pothole/forwarding", R"({"endpoint":"highways-system"})");
    EXPECT_EQ(fwd.status, 200) << fwd.body;
    EXPECT_EQ(json::parse(fwd.body).value("forward_to", json()), "highways-system");
  }

  RequestContext sys() { return server_.council().ctx(server_.clock().now()); }

  std::string token(const std::string& name, const std::string& scope) {
    auto t = server_.services().accounts.create_token(sys(), NewToken{name, {scope}, std::nullopt, std::nullopt});
    EXPECT_TRUE(t) << t.error().message;
    return t ? *t : "";
  }

  HttpResult put(const std::string& target, const std::string& body, const std::string& auth = "") {
    return testing::http_request(server_.port(), "PUT", target, body,
                                 {auth.empty() ? server_.auth(Role::kAdministrator) : auth,
                                  "Content-Type: application/json"});
  }

  // A pothole (forwarded) or general enquiry (not) for the resident.
  std::string report(const std::string& category = "pothole") {
    const json body = {{"category", category},
                       {"description", "Deep pothole outside number 12, a cyclist nearly fell"},
                       {"location", {{"address", "12 High Street, Testshire"}}},
                       {"customer_id", server_.resident_customer()}};
    HttpResult r = server_.post("/api/v1/cases", body.dump(), {server_.auth(Role::kAdvisor)});
    EXPECT_EQ(r.status, 201) << r.body;
    return r.status == 201 ? json::parse(r.body)["reference"].get<std::string>() : "";
  }

  // Delivers every webhook that is due now, through the real transport.
  outbox::WorkerRun deliver() {
    outbox::WebhookTransport t(server_.services().store, 5s);
    outbox::WorkerOptions o;
    o.timeout = 5s;
    outbox::OutboxWorker w(server_.services().store, t, {"webhook"}, o, server_.clock());
    auto run = w.run_until_idle();
    EXPECT_TRUE(run) << run.error().message;
    return run ? *run : outbox::WorkerRun{};
  }

  std::vector<OutboxMessage> messages(const std::string& reference, const std::string& channel) {
    std::vector<OutboxMessage> out;
    const TenantId t = server_.council().tenant;
    EXPECT_TRUE(server_.services().store.read([&](ReadTx& tx) -> Status {
      ASSIGN_OR_RETURN(Case c, tx.get_case_by_reference(t, reference));
      OutboxFilter f;
      f.case_id = c.id;
      f.channel = channel;
      ASSIGN_OR_RETURN(out, tx.list_outbox(t, f));
      return {};
    }));
    return out;
  }

  CaseState state(const std::string& reference) {
    CaseState s;
    const TenantId t = server_.council().tenant;
    EXPECT_TRUE(server_.services().store.read([&](ReadTx& tx) -> Status {
      ASSIGN_OR_RETURN(Case c, tx.get_case_by_reference(t, reference));
      s.status = std::string(to_string(c.status));
      s.version = c.version;
      ASSIGN_OR_RETURN(auto events, tx.list_events(t, c.id, std::nullopt));
      s.events = events.size();
      OutboxFilter f;
      f.case_id = c.id;
      ASSIGN_OR_RETURN(auto ms, tx.list_outbox(t, f));
      s.messages = ms.size();
      ASSIGN_OR_RETURN(auto link, tx.get_back_office_link(t, c.id));
      if (link) s.back_office = link->reference + "/" + link->status;
      return {};
    }));
    return s;
  }

  // Posts an update as `token`, signed with `secret` at `ts` (now by default).
  HttpResult update(const std::string& reference, const std::string& body, std::optional<int64_t> ts = std::nullopt,
                    const std::string& secret = "", const std::string& as_token = "", bool signed_ = true) {
    const int64_t when = ts.value_or(seconds_of(server_.clock().now()));
    std::vector<std::string> h = {"Authorization: Bearer " + (as_token.empty() ? client_ : as_token),
                                  "Content-Type: application/json"};
    if (signed_) {
      h.push_back("X-Civicdesk-Timestamp: " + std::to_string(when));
      h.push_back("X-Civicdesk-Signature: " + sign(secret.empty() ? secret_ : secret, when, body));
    }
    return testing::http_request(server_.port(), "POST", "/api/v1/back-office/cases/" + reference + "/updates", body,
                                 h);
  }

  static std::string code_of(const HttpResult& r) {
    auto j = json::parse(r.body, nullptr, false);
    return j.is_object() ? j.value("code", "") : "";
  }

  testing::WebhookReceiver receiver_;
  testing::TestServer server_;
  std::string secret_;
  std::string client_;
};

TEST_P(BackOfficeTest, ANewCaseOfAForwardedServiceReachesTheBackOfficeSigned) {
  const std::string ref = report();
  const std::string other = report("general");
  ASSERT_EQ(messages(ref, "webhook").size(), 1u) << "queued with the case";
  EXPECT_TRUE(messages(other, "webhook").empty()) << "general enquiries are not forwarded";

  EXPECT_EQ(deliver().sent, 1);
  auto requests = receiver_.requests();
  ASSERT_EQ(requests.size(), 1u);
  const json& r = requests[0];
  const std::string body = r["body"];
  const std::string ts = r["headers"]["x-civicdesk-timestamp"];
  EXPECT_EQ(r["headers"]["x-civicdesk-signature"], sign(secret_, std::stoll(ts), body)) << "verified here";
  EXPECT_NE(r["headers"]["x-civicdesk-signature"], sign(secret_ + "x", std::stoll(ts), body));
  const json payload = json::parse(body);
  EXPECT_EQ(payload["event"], "case.created");
  EXPECT_EQ(payload["council"], "testshire");
  EXPECT_EQ(payload["case"]["reference"], ref);
  EXPECT_EQ(payload["case"]["category"], "pothole");
  EXPECT_EQ(payload["case"]["location"]["address"], "12 High Street, Testshire");
  EXPECT_EQ(payload["updates_url"], "/api/v1/back-office/cases/" + ref + "/updates");
  // Data minimisation: nothing that identifies or contacts the resident.
  EXPECT_EQ(body.find("rita"), std::string::npos) << body;
  EXPECT_EQ(body.find("customer"), std::string::npos) << body;

  // Staff see where the case went.
  HttpResult got = server_.get("/api/v1/cases/" + ref);
  ASSERT_EQ(got.status, 200) << got.body;
  EXPECT_EQ(json::parse(got.body)["back_office"]["endpoint"], "highways-system");
  EXPECT_FALSE(json::parse(server_.get("/api/v1/cases/" + other).body).contains("back_office"));
}

TEST_P(BackOfficeTest, AnUnreachableBackOfficeIsRetriedThenDeadLetteredAndAdministratorsRetryIt) {
  receiver_.respond_with(std::vector<int>(10, 503));
  const std::string ref = report();
  ASSERT_EQ(messages(ref, "webhook").size(), 1u);
  int attempts = 0;
  for (; attempts < 12 && messages(ref, "webhook")[0].status != "failed"; ++attempts) {
    deliver();
    server_.clock().advance(std::chrono::hours(7));  // past the longest backoff
  }
  EXPECT_EQ(attempts, 10);
  const OutboxMessage dead = messages(ref, "webhook")[0];
  EXPECT_EQ(dead.status, "failed");
  EXPECT_EQ(dead.attempts, 10);
  EXPECT_EQ(receiver_.requests().size(), 10u);

  HttpResult list = server_.get("/api/v1/messages?status=failed&channel=webhook");
  ASSERT_EQ(list.status, 200) << list.body;
  auto items = json::parse(list.body)["items"];
  ASSERT_EQ(items.size(), 1u);
  EXPECT_EQ(items[0]["id"], dead.id);
  EXPECT_EQ(items[0]["recipient"], "highways-system");
  EXPECT_NE(items[0]["last_error"].get<std::string>().find("503"), std::string::npos) << items[0];
  EXPECT_TRUE(json::parse(server_.get("/api/v1/messages?status=failed&channel=email").body)["items"].empty());
  EXPECT_EQ(server_.get("/api/v1/messages?channel=pigeon").status, 400);
  EXPECT_EQ(server_.get("/api/v1/messages?status=failed&channel=webhook", {server_.auth(Role::kManager)}).status, 403);

  HttpResult retried = server_.post("/api/v1/messages/" + std::to_string(dead.id) + "/retry", "");
  ASSERT_EQ(retried.status, 200) << retried.body;
  EXPECT_EQ(deliver().sent, 1) << "the receiver answers 200 again";
  EXPECT_EQ(messages(ref, "webhook")[0].status, "sent");
  auto requests = receiver_.requests();
  EXPECT_EQ(requests.front()["headers"]["x-civicdesk-delivery"], requests.back()["headers"]["x-civicdesk-delivery"]);
}

TEST_P(BackOfficeTest, ASignedUpdateMovesTheCaseAndReachesTheResident) {
  const std::string ref = report();
  const size_t emails_before = messages(ref, "email").size();
  const std::string body =
      R"({"update_id":"confirm-1001","status":"action_scheduled","public_note":"Crew booked for Friday",)"
      R"("internal_note":"Job 77 on the Friday round","external_status":"SCHEDULED","back_office_reference":"CONF/4417"})";
  HttpResult r = update(ref, body);
  ASSERT_EQ(r.status, 200) << r.body;
  const json out = json::parse(r.body);
  EXPECT_EQ(out["status"], "in_progress");
  EXPECT_EQ(out["back_office"]["reference"], "CONF/4417");
  EXPECT_EQ(out["back_office"]["status"], "action_scheduled");

  // The case, its timeline and the back office's own codes.
  const json c = json::parse(server_.get("/api/v1/cases/" + ref).body);
  EXPECT_EQ(c["status"], "in_progress");
  EXPECT_EQ(c["back_office"]["reference"], "CONF/4417");
  EXPECT_EQ(c["back_office"]["external_status"], "SCHEDULED");
  const std::string timeline = server_.get("/api/v1/cases/" + ref + "/timeline").body;
  EXPECT_NE(timeline.find("Crew booked for Friday"), std::string::npos);
  EXPECT_NE(timeline.find("Job 77 on the Friday round"), std::string::npos);
  // The resident is told (a message queued with the change) ...
  EXPECT_GT(messages(ref, "email").size(), emails_before);
  // ... and sees the public note, never the internal one.
  const std::string theirs = server_.get("/api/v1/cases/" + ref + "/timeline", {server_.auth(Role::kResident)}).body;
  EXPECT_NE(theirs.find("Crew booked for Friday"), std::string::npos) << theirs;
  EXPECT_EQ(theirs.find("Job 77"), std::string::npos) << theirs;
  // Open311 (FixMyStreet) shows the update.
  const Instant now = server_.clock().now();
  HttpResult o = server_.get("/open311/v2/servicerequestupdates.json?start_date=" +
                             format_instant(now - std::chrono::hours(1)) + "&end_date=" + format_instant(now));
  ASSERT_EQ(o.status, 200) << o.body;
  EXPECT_NE(o.body.find("Crew booked for Friday"), std::string::npos) << o.body;
  EXPECT_EQ(o.body.find("Job 77"), std::string::npos);

  // Fixed: the case closes as resolved, with the note as its outcome.
  server_.clock().advance(60s);
  HttpResult fixed = update(ref, R"({"update_id":"confirm-1002","status":"fixed","public_note":"Pothole filled"})");
  ASSERT_EQ(fixed.status, 200) << fixed.body;
  EXPECT_EQ(json::parse(fixed.body)["status"], "closed");
  EXPECT_EQ(json::parse(fixed.body)["outcome"], "resolved");
  EXPECT_EQ(state(ref).status, "closed");
  // A back office does not re-open a closed case.
  HttpResult reopen = update(ref, R"({"update_id":"confirm-1003","status":"in_progress","public_note":"again"})");
  EXPECT_EQ(reopen.status, 409) << reopen.body;
  EXPECT_EQ(code_of(reopen), "case_closed");
}

TEST_P(BackOfficeTest, BadUpdatesAreRefusedClearlyAndChangeNothing) {
  const std::string ref = report();
  const std::string general = report("general");
  const std::string good = R"({"update_id":"u-1","status":"in_progress","public_note":"On it"})";
  const int64_t now = seconds_of(server_.clock().now());
  const std::string cases_writer = token("case-system", "cases:write");
  // A second back-office client with its own endpoint: it may not touch
  // the highways system's cases.
  auto parks = server_.services().messages.put_endpoint(sys(), "parks-system", receiver_.url(), true, false, "parks");
  ASSERT_TRUE(parks);
  const std::string parks_client = token("parks", "backoffice");

  struct Bad {
    std::string name;
    std::function<HttpResult()> send;
    int status;
    std::string code;
  };
  const std::vector<Bad> bad = {
      {"unsigned", [&] { return update(ref, good, std::nullopt, "", "", false); }, 401, "unauthenticated"},
      {"wrong signature", [&] { return update(ref, good, std::nullopt, secret_ + "x"); }, 401, "unauthenticated"},
      {"signature over another body",
       [&] {
         return testing::http_request(server_.port(), "POST", "/api/v1/back-office/cases/" + ref + "/updates", good,
                                      {"Authorization: Bearer " + client_, "Content-Type: application/json",
                                       "X-Civicdesk-Timestamp: " + std::to_string(now),
                                       "X-Civicdesk-Signature: " + sign(secret_, now, good + " ")});
       },
       401, "unauthenticated"},
      {"stale timestamp", [&] { return update(ref, good, now - 600); }, 400, "invalid_field"},
      {"future timestamp", [&] { return update(ref, good, now + 600); }, 400, "invalid_field"},
      {"no credentials",
       [&] {
         return testing::http_request(server_.port(), "POST", "/api/v1/back-office/cases/" + ref + "/updates", good,
                                      {"Content-Type: application/json"});
       },
       401, "unauthenticated"},
      {"wrong scope", [&] { return update(ref, good, std::nullopt, "", cases_writer); }, 403, "permission_denied"},
      {"staff account", [&] { return update(ref, good, std::nullopt, "", server_.token(Role::kAdministrator)); }, 403,
       "permission_denied"},
      {"another back office's case",
       [&] { return update(ref, good, std::nullopt, parks->endpoint.secret, parks_client); }, 404, "not_found"},
      {"category not forwarded", [&] { return update(general, good); }, 404, "not_found"},
      {"no such case", [&] { return update("TST-9999999", good); }, 404, "not_found"},
      {"unknown status", [&] { return update(ref, R"({"update_id":"u-2","status":"teleported"})"); }, 400,
       "invalid_field"},
      {"malformed JSON", [&] { return update(ref, R"({"update_id":"u-3","status":)"); }, 400, "invalid_json"},
      {"unknown field", [&] { return update(ref, R"({"update_id":"u-4","status":"in_progress","colour":1})"); }, 400,
       "unknown_field"},
      {"closing without a note", [&] { return update(ref, R"({"update_id":"u-5","status":"fixed"})"); }, 400,
       "missing_field"},
      {"bad update id", [&] { return update(ref, R"({"update_id":"a b","status":"in_progress"})"); }, 400,
       "invalid_field"},
  };
  for (const Bad& b : bad) {
    SCOPED_TRACE(b.name);
    const CaseState before = state(ref), before_general = state(general);
    HttpResult r = b.send();
    EXPECT_EQ(r.status, b.status) << r.body;
    EXPECT_EQ(code_of(r), b.code) << r.body;
    EXPECT_EQ(r.header("content-type"), "application/problem+json");
    EXPECT_EQ(state(ref), before);
    EXPECT_EQ(state(general), before_general);
  }

  // The good one goes through once; replaying it (even freshly signed, a
  // moment later) is refused and changes nothing.
  ASSERT_EQ(update(ref, good).status, 200);
  const CaseState after = state(ref);
  EXPECT_EQ(after.status, "in_progress");
  server_.clock().advance(30s);
  HttpResult replay = update(ref, good);
  EXPECT_EQ(replay.status, 409) << replay.body;
  EXPECT_EQ(code_of(replay), "already_exists");
  EXPECT_NE(replay.body.find("update_id"), std::string::npos);
  EXPECT_EQ(state(ref), after);
  // A refused update does not use up its id.
  EXPECT_EQ(update(ref, R"({"update_id":"u-5","status":"fixed","public_note":"Filled"})").status, 200);
}

TEST_P(BackOfficeTest, AnotherCouncilsCaseIsNotFound) {
  const testing::SmallCouncil other = testing::seed_small_council(server_.services(), "othershire", "OTH");
  for (auto [tenant, host] : {std::pair{server_.council().tenant, std::string("testshire.example")},
                              std::pair{other.tenant, std::string("othershire.example")}}) {
    ASSERT_TRUE(server_.services().store.write([&](Tx& tx) -> Status {
      ASSIGN_OR_RETURN(Tenant t, tx.get_tenant(tenant));
      t.hostnames = {host};
      return tx.update_tenant(t);
    }));
  }
  server_.clock().advance(10s);  // the council directory re-reads
  // The other council forwards its potholes to an endpoint of the same name,
  // for a client of the same name, and has a forwarded case of its own.
  const RequestContext octx = other.ctx(server_.clock().now());
  auto ep = server_.services().messages.put_endpoint(octx, "highways-system", receiver_.url(), true, false, "confirm");
  ASSERT_TRUE(ep);
  ASSERT_TRUE(server_.services().back_office.set_forwarding(octx, "pothole", "highways-system"));
  NewCase n;
  n.category = "pothole";
  n.description = "Pothole in the other council";
  n.location.address = "1 Other Road";
  auto created = server_.services().cases.create(octx, n);
  ASSERT_TRUE(created) << created.error().message;
  const std::string theirs = created->c.reference;
  EXPECT_EQ(theirs.rfind("OTH-", 0), 0u);

  const int64_t now = seconds_of(server_.clock().now());
  const std::string body = R"({"update_id":"x-1","status":"in_progress","public_note":"Sneaky"})";
  for (const std::string& secret : {secret_, ep->endpoint.secret}) {
    HttpResult r = testing::http_request(
        server_.port(), "POST", "/api/v1/back-office/cases/" + theirs + "/updates", body,
        {"Host: testshire.example", "Authorization: Bearer " + client_, "Content-Type: application/json",
         "X-Civicdesk-Timestamp: " + std::to_string(now), "X-Civicdesk-Signature: " + sign(secret, now, body)});
    EXPECT_EQ(r.status, 404) << r.body;
  }
  auto after = server_.services().store.read_value<Case>(
      [&](ReadTx& tx) { return tx.get_case_by_reference(other.tenant, theirs); });
  ASSERT_TRUE(after);
  EXPECT_EQ(after->version, 1);
  EXPECT_EQ(after->status, CaseStatus::kNew);
}

TEST_P(BackOfficeTest, ChangesTheBackOfficeMustKnowFollowTheCase) {
  const std::string ref = report();
  auto updated = [&] {
    std::vector<json> out;
    for (const OutboxMessage& m : messages(ref, "webhook"))
      if (m.template_name == "case.updated") out.push_back(json::parse(m.body));
    std::reverse(out.begin(), out.end());  // oldest first
    return out;
  };
  // Staff's internal notes and the back office's own updates are not echoed.
  ASSERT_EQ(server_.post("/api/v1/cases/" + ref + "/notes", R"({"text":"Called the depot","visibility":"internal"})")
                .status,
            201);
  ASSERT_EQ(update(ref, R"({"update_id":"e-1","status":"in_progress"})").status, 200);
  EXPECT_TRUE(updated().empty());

  // The resident adds something; staff close the case as withdrawn, then re-open it.
  HttpResult note = server_.post("/api/v1/cases/" + ref + "/notes",
                                 R"({"text":"It is getting bigger","visibility":"public"})",
                                 {server_.auth(Role::kResident)});
  ASSERT_EQ(note.status, 201) << note.body;
  HttpResult closed = server_.post("/api/v1/cases/" + ref + "/transitions",
                                   R"({"to":"closed","outcome":"withdrawn","outcome_notes":"Resident withdrew"})");
  ASSERT_EQ(closed.status, 200) << closed.body;
  HttpResult reopened =
      server_.post("/api/v1/cases/" + ref + "/transitions", R"({"to":"in_progress","reason":"Reported again"})");
  ASSERT_EQ(reopened.status, 200) << reopened.body;

  auto sent = updated();
  ASSERT_EQ(sent.size(), 3u);
  EXPECT_EQ(sent[0]["event"], "case.updated");
  EXPECT_EQ(sent[0]["changes"][0]["kind"], "resident_update");
  EXPECT_EQ(sent[0]["changes"][0]["text"], "It is getting bigger");
  EXPECT_EQ(sent[1]["changes"][0]["kind"], "status_changed");
  EXPECT_EQ(sent[1]["changes"][0]["to"], "closed");
  EXPECT_EQ(sent[1]["changes"][0]["outcome"], "withdrawn");
  EXPECT_EQ(sent[1]["case"]["status"], "closed");
  EXPECT_EQ(sent[2]["changes"][0]["to"], "in_progress");
  EXPECT_EQ(sent[2]["changes"][0]["reason"], "Reported again");
  EXPECT_EQ(sent[2]["case"]["reference"], ref);

  // They reach the back office signed, after the case.created.
  EXPECT_EQ(deliver().sent, 4);
  auto requests = receiver_.requests();
  ASSERT_EQ(requests.size(), 4u);
  for (const auto& r : requests) {
    const std::string ts = r["headers"]["x-civicdesk-timestamp"];
    EXPECT_EQ(r["headers"]["x-civicdesk-signature"], sign(secret_, std::stoll(ts), r["body"].get<std::string>()));
  }
}

TEST_P(BackOfficeTest, ForwardingIsForAdministratorsAndExistingEndpointsOnly) {
  EXPECT_EQ(put("/api/v1/services/pothole/forwarding", R"({"endpoint":"nowhere"})").status, 400);
  EXPECT_EQ(put("/api/v1/services/no-such/forwarding", R"({"endpoint":"highways-system"})").status, 404);
  EXPECT_EQ(put("/api/v1/services/pothole/forwarding", R"({"endpoint":7})").status, 400);
  EXPECT_EQ(put("/api/v1/services/pothole/forwarding", R"({})").status, 400);
  EXPECT_EQ(put("/api/v1/services/pothole/forwarding", R"({"endpoint":null})", server_.auth(Role::kManager)).status,
            403);
  HttpResult off = put("/api/v1/services/pothole/forwarding", R"({"endpoint":null})");
  ASSERT_EQ(off.status, 200) << off.body;
  EXPECT_TRUE(json::parse(off.body)["forward_to"].is_null());
  const std::string ref = report();
  EXPECT_TRUE(messages(ref, "webhook").empty()) << "forwarding is off";
}

INSTANTIATE_TEST_SUITE_P(Backends, BackOfficeTest, ::testing::ValuesIn(testing::test_backends()));

}  // namespace
}  // namespace civicdesk

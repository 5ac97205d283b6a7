// /api/v1/messages, /api/v1/webhooks and /api/v1/delivery-receipts against
// the real server, on both databases.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "support/test_server.h"

namespace civicdesk {
namespace {

using nlohmann::json;
using testing::HttpResult;

class MessagesHttpTest : public ::testing::TestWithParam<std::string> {
 protected:
  MessagesHttpTest() : server_(GetParam()) {}

  Id enqueue(const std::string& status = "queued") {
    OutboxMessage m;
    m.created_at = server_.clock().now();
    m.channel = "email";
    m.recipient = "resident@example.com";
    m.subject = "Report received";
    m.body = "Thanks";
    m.idempotency_key = "http-test:" + std::to_string(++n_);
    m.status = status;
    m.next_attempt_at = m.created_at;
    auto id = server_.services().store.write_value<Id>(
        [&](Tx& tx) { return tx.enqueue_message(server_.council().tenant, m); });
    EXPECT_TRUE(id);
    return id ? *id : 0;
  }

  std::string client_token(const std::string& scopes) {
    NewToken t;
    t.name = "notify-" + std::to_string(++n_);
    t.scopes = {scopes};
    auto token = server_.services().accounts.create_token(server_.council().ctx(server_.clock().now()), t);
    EXPECT_TRUE(token) << token.error().message;
    return token ? *token : "";
  }

  HttpResult as(Role role, const std::string& method, const std::string& target, const std::string& body = "") {
    std::vector<std::string> h = {server_.auth(role)};
    if (!body.empty()) h.push_back("Content-Type: application/json");
    return testing::http_request(server_.port(), method, target, body, h);
  }

  testing::TestServer server_;
  int n_ = 0;
};

TEST_P(MessagesHttpTest, AdministratorsSeeRetryAndCancelMessages) {
  const Id queued = enqueue();
  const Id dead = enqueue("failed");
  auto list = as(Role::kAdministrator, "GET", "/api/v1/messages?status=failed");
  ASSERT_EQ(list.status, 200) << list.body;
  auto items = json::parse(list.body)["items"];
  ASSERT_EQ(items.size(), 1u);
  EXPECT_EQ(items[0]["id"], dead);

  auto retried = as(Role::kAdministrator, "POST", "/api/v1/messages/" + std::to_string(dead) + "/retry");
  ASSERT_EQ(retried.status, 200) << retried.body;
  EXPECT_EQ(json::parse(retried.body)["status"], "queued");
  EXPECT_EQ(json::parse(retried.body)["attempts"], 0);

  auto cancelled = as(Role::kAdministrator, "POST", "/api/v1/messages/" + std::to_string(queued) + "/cancel");
  ASSERT_EQ(cancelled.status, 200) << cancelled.body;
  EXPECT_EQ(json::parse(cancelled.body)["status"], "cancelled");
  auto again = as(Role::kAdministrator, "POST", "/api/v1/messages/" + std::to_string(queued) + "/cancel");
  EXPECT_EQ(again.status, 409) << again.body;

  EXPECT_EQ(as(Role::kManager, "GET", "/api/v1/messages").status, 403);
  EXPECT_EQ(as(Role::kAdvisor, "POST", "/api/v1/messages/" + std::to_string(dead) + "/cancel").status, 403);
  EXPECT_EQ(as(Role::kAdministrator, "GET", "/api/v1/messages/999999").status, 404);
  EXPECT_EQ(as(Role::kAdministrator, "GET", "/api/v1/messages?status=lost").status, 400);
  EXPECT_EQ(json::parse(as(Role::kAdministrator, "GET", "/api/v1/messages/" + std::to_string(dead)).body)["status"],
            "queued");
}

TEST_P(MessagesHttpTest, NotifyDeliveryReceiptsAreRecordedOnTheMessage) {
  const Id id = enqueue("sent");
  const std::string token = client_token("notify:callbacks");
  const std::string reference = provider_reference_for(server_.council().tenant, id);
  const json receipt = {{"id", "740e5834-3a29-46b4-9a6f-16142fde533a"},
                        {"reference", reference},
                        {"to", "resident@example.com"},
                        {"status", "delivered"},
                        {"created_at", "2016-03-01T10:00:00.000000Z"},
                        {"completed_at", "2016-03-01T10:00:05.123456Z"},
                        {"sent_at", "2016-03-01T10:00:01.000000Z"},
                        {"notification_type", "email"},
                        {"template_id", "f33517ff-2a88-4f6e-b855-c550268ce08a"},
                        {"template_version", 1}};
  auto post = [&](const json& body, const std::string& bearer) {
    return testing::http_request(server_.port(), "POST", "/api/v1/delivery-receipts", body.dump(),
                                 {"Authorization: Bearer " + bearer, "Content-Type: application/json"});
  };
  auto r = post(receipt, token);
  ASSERT_EQ(r.status, 200) << r.body;
  auto m = as(Role::kAdministrator, "GET", "/api/v1/messages/" + std::to_string(id));
  EXPECT_EQ(json::parse(m.body)["delivery_status"], "delivered");
  EXPECT_EQ(json::parse(m.body)["delivery_status_at"], "2016-03-01T10:00:05Z");
  EXPECT_EQ(json::parse(m.body)["provider_reference"], "740e5834-3a29-46b4-9a6f-16142fde533a");

  auto bad = receipt;
  bad["status"] = "eaten-by-dog";
  EXPECT_EQ(post(bad, token).status, 400);
  bad = receipt;
  bad.erase("reference");
  EXPECT_EQ(post(bad, token).status, 400);
  bad = receipt;
  bad["reference"] = "civicdesk-" + std::to_string(server_.council().tenant) + "-999999";
  EXPECT_EQ(post(bad, token).status, 404);
  bad = receipt;
  bad["id"] = "00000000-0000-4000-8000-000000000000";
  EXPECT_EQ(post(bad, token).status, 404) << "another notification's receipt";
  EXPECT_EQ(post(receipt, "made-up-token").status, 401);
  EXPECT_EQ(post(receipt, client_token("cases:read")).status, 403);
  EXPECT_EQ(post(receipt, server_.token(Role::kAdministrator)).status, 403) << "only the provider reports receipts";
}

TEST_P(MessagesHttpTest, WebhookEndpointsShowTheirSecretOnce) {
  auto created = as(Role::kAdministrator, "PUT", "/api/v1/webhooks/highways",
                    R"({"url":"https://highways.example/civicdesk"})");
  ASSERT_EQ(created.status, 201) << created.body;
  const std::string secret = json::parse(created.body)["secret"];
  EXPECT_GE(secret.size(), 32u);
  auto updated = as(Role::kAdministrator, "PUT", "/api/v1/webhooks/highways",
                    R"({"url":"https://highways.example/v2","active":false})");
  ASSERT_EQ(updated.status, 200) << updated.body;
  EXPECT_FALSE(json::parse(updated.body).contains("secret"));
  auto rotated = as(Role::kAdministrator, "PUT", "/api/v1/webhooks/highways",
                    R"({"url":"https://highways.example/v2","rotate_secret":true})");
  ASSERT_EQ(rotated.status, 200);
  EXPECT_NE(json::parse(rotated.body)["secret"], secret);
  auto list = json::parse(as(Role::kAdministrator, "GET", "/api/v1/webhooks").body)["items"];
  ASSERT_EQ(list.size(), 1u);
  EXPECT_EQ(list[0]["url"], "https://highways.example/v2");
  EXPECT_FALSE(list[0].contains("secret"));

  EXPECT_EQ(as(Role::kAdministrator, "PUT", "/api/v1/webhooks/highways", R"({"url":"ftp://x"})").status, 400);
  EXPECT_EQ(as(Role::kAdministrator, "PUT", "/api/v1/webhooks/High%20Ways", R"({"url":"https://x.example"})").status,
            400);
  EXPECT_EQ(as(Role::kAdministrator, "PUT", "/api/v1/webhooks/waste", R"({"url":"https://x.example","extra":1})").status,
            400);
  EXPECT_EQ(as(Role::kLead, "PUT", "/api/v1/webhooks/waste", R"({"url":"https://x.example"})").status, 403);
  EXPECT_EQ(as(Role::kAdministrator, "DELETE", "/api/v1/webhooks/highways").status, 204);
  EXPECT_EQ(as(Role::kAdministrator, "DELETE", "/api/v1/webhooks/highways").status, 404);
}

INSTANTIATE_TEST_SUITE_P(Backends, MessagesHttpTest, ::testing::ValuesIn(testing::test_backends()));

}  // namespace
}  // namespace civicdesk

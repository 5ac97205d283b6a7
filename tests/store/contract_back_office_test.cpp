// Store contract: the back-office integration (migration 0009): endpoints
// name their client, cases keep their back-office link, update ids are
// remembered per endpoint, and the outbox filters by channel.
#include "store/contract.h"

namespace civicdesk::contract {
namespace {

class BackOfficeStoreTest : public StoreContract {
 protected:
  void SetUp() override {
    StoreContract::SetUp();
    t_ = new_tenant("barnet");
    other_ = new_tenant("camden", "CAM");
    case_ = insert_case(t_, minimal_case("TST-0000001"));
  }

  std::optional<BackOfficeLink> link(TenantId t, Id case_id) {
    return ok(store().read_value<std::optional<BackOfficeLink>>(
        [&](ReadTx& tx) { return tx.get_back_office_link(t, case_id); }));
  }

  TenantId t_ = 0, other_ = 0;
  Id case_ = 0;
};

TEST_P(BackOfficeStoreTest, EndpointsKeepTheirClient) {
  WebhookEndpoint e;
  e.name = "highways";
  e.url = "https://bo.example/hook";
  e.secret = std::string(40, 's');
  e.client = "confirm";
  e.created_at = e.updated_at = at("2016-03-01T10:00:00Z");
  ok(store().write([&](Tx& tx) { return tx.put_webhook_endpoint(t_, e); }));
  auto got = ok(store().read_value<WebhookEndpoint>([&](ReadTx& tx) { return tx.get_webhook_endpoint(t_, "highways"); }));
  EXPECT_EQ(got.client, "confirm");
  e.client = "";
  ok(store().write([&](Tx& tx) { return tx.put_webhook_endpoint(t_, e); }));
  got = ok(store().read_value<WebhookEndpoint>([&](ReadTx& tx) { return tx.get_webhook_endpoint(t_, "highways"); }));
  EXPECT_EQ(got.client, "");
}

TEST_P(BackOfficeStoreTest, LinksRoundTripAndAreReplaced) {
  EXPECT_FALSE(link(t_, case_).has_value());
  BackOfficeLink l;
  l.endpoint = "highways";
  l.forwarded_at = at("2016-03-01T10:00:00Z");
  ok(store().write([&](Tx& tx) { return tx.put_back_office_link(t_, case_, l); }));
  auto got = link(t_, case_);
  ASSERT_TRUE(got.has_value());
  EXPECT_EQ(got->endpoint, "highways");
  EXPECT_EQ(got->reference, "");
  EXPECT_EQ(got->forwarded_at, l.forwarded_at);
  EXPECT_FALSE(got->updated_at.has_value());

  l.reference = "CONF/123";
  l.status = "in_progress";
  l.external_status = "ASSIGNED";
  l.updated_at = at("2016-03-02T09:30:00Z");
  ok(store().write([&](Tx& tx) { return tx.put_back_office_link(t_, case_, l); }));
  got = link(t_, case_);
  ASSERT_TRUE(got.has_value());
  EXPECT_EQ(got->reference, "CONF/123");
  EXPECT_EQ(got->status, "in_progress");
  EXPECT_EQ(got->external_status, "ASSIGNED");
  EXPECT_EQ(got->updated_at, l.updated_at);
  EXPECT_FALSE(link(other_, case_).has_value()) << "another council never sees it";
}

TEST_P(BackOfficeStoreTest, AnUpdateIdIsAcceptedOncePerEndpoint) {
  const Instant now = at("2016-03-01T10:00:00Z");
  auto record = [&](TenantId t, const std::string& endpoint, const std::string& id) {
    return code(store().write([&](Tx& tx) { return tx.record_back_office_update(t, endpoint, id, case_, now); }));
  };
  EXPECT_EQ(record(t_, "highways", "u-1"), "ok");
  EXPECT_EQ(record(t_, "highways", "u-1"), "already_exists");
  EXPECT_EQ(record(t_, "highways", "u-2"), "ok");
  EXPECT_EQ(record(t_, "parks", "u-1"), "ok") << "ids are per endpoint";
  EXPECT_EQ(record(other_, "highways", "u-1"), "ok") << "and per council";
  // A refusal inside a transaction leaves it usable for a clear answer
  // (PostgreSQL would otherwise abort it): the write goes on and commits.
  ok(store().write([&](Tx& tx) -> Status {
    auto again = tx.record_back_office_update(t_, "highways", "u-1", case_, now);
    EXPECT_EQ(code(again), "already_exists");
    return tx.record_back_office_update(t_, "highways", "u-3", case_, now);
  }));
  EXPECT_EQ(record(t_, "highways", "u-3"), "already_exists");
  // A rolled-back write does not use the id up.
  EXPECT_EQ(code(store().write([&](Tx& tx) -> Status {
              RETURN_IF_ERROR(tx.record_back_office_update(t_, "highways", "u-4", case_, now));
              return Error(ErrorCode::kCaseClosed, "refused later");
            })),
            "case_closed");
  EXPECT_EQ(record(t_, "highways", "u-4"), "ok");
}

TEST_P(BackOfficeStoreTest, TheOutboxFiltersByChannel) {
  auto enqueue = [&](const std::string& channel, const std::string& status, int n) {
    OutboxMessage m;
    m.created_at = m.next_attempt_at = at("2016-03-01T10:00:00Z");
    m.channel = channel;
    m.recipient = channel == "webhook" ? "highways" : "a@example.com";
    m.body = "{}";
    m.status = status;
    m.idempotency_key = "k" + std::to_string(n);
    return ok(store().write_value<Id>([&](Tx& tx) { return tx.enqueue_message(t_, m); }));
  };
  enqueue("email", "failed", 1);
  const Id dead_hook = enqueue("webhook", "failed", 2);
  enqueue("webhook", "queued", 3);
  OutboxFilter f;
  f.status = "failed";
  f.channel = "webhook";
  auto got = ok(store().read_value<std::vector<OutboxMessage>>([&](ReadTx& tx) { return tx.list_outbox(t_, f); }));
  ASSERT_EQ(got.size(), 1u);
  EXPECT_EQ(got[0].id, dead_hook);
  f.status = "";
  got = ok(store().read_value<std::vector<OutboxMessage>>([&](ReadTx& tx) { return tx.list_outbox(t_, f); }));
  EXPECT_EQ(got.size(), 2u);
}

TEST_P(BackOfficeStoreTest, OnlyKeyedMessagesAreQueuedOnce) {
  OutboxMessage m;
  m.created_at = m.next_attempt_at = at("2016-03-01T10:00:00Z");
  m.channel = "email";
  m.recipient = "a@example.com";
  m.body = "Hello";
  auto all = [&] {
    return ok(store().read_value<std::vector<OutboxMessage>>(
        [&](ReadTx& tx) { return tx.list_outbox(t_, OutboxFilter{}); }));
  };
  // Without a key every message is its own, however alike.
  const Id a = ok(store().write_value<Id>([&](Tx& tx) { return tx.enqueue_message(t_, m); }));
  const Id b = ok(store().write_value<Id>([&](Tx& tx) { return tx.enqueue_message(t_, m); }));
  EXPECT_NE(a, b);
  ok(store().write([&](Tx& tx) -> Status {
    RETURN_IF_ERROR(tx.queue_message(t_, m));
    return tx.queue_message(t_, m);
  }));
  EXPECT_EQ(all().size(), 4u);
  // With one, queue_message adds a key once, whether queued before or in
  // the same transaction, and leaves the first message as it was.
  m.idempotency_key = "digest:2016-03-01:officer:7";
  const Id keyed = ok(store().write_value<Id>([&](Tx& tx) { return tx.enqueue_message(t_, m); }));
  m.body = "Hello again";
  ok(store().write([&](Tx& tx) -> Status {
    RETURN_IF_ERROR(tx.queue_message(t_, m));
    m.idempotency_key = "digest:2016-03-01:officer:8";
    RETURN_IF_ERROR(tx.queue_message(t_, m));
    return tx.queue_message(t_, m);
  }));
  const auto got = all();
  ASSERT_EQ(got.size(), 6u);
  EXPECT_EQ(got[0].idempotency_key, "digest:2016-03-01:officer:8");  // newest first
  EXPECT_EQ(got[1].id, keyed);
  EXPECT_EQ(got[1].body, "Hello");
  // A failed transaction takes its messages with it.
  EXPECT_EQ(code(store().write([&](Tx& tx) -> Status {
              m.idempotency_key.clear();
              RETURN_IF_ERROR(tx.queue_message(t_, m));
              return Error(ErrorCode::kCaseClosed, "refused later");
            })),
            "case_closed");
  EXPECT_EQ(all().size(), 6u);
}

CONTRACT_INSTANTIATE(BackOfficeStoreTest);

}  // namespace
}  // namespace civicdesk::contract

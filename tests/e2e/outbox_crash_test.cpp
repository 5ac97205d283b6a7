// The outbox survives a crash: the server is killed with SIGKILL while it is
// handing messages to the local GOV.UK Notify, restarted, and every message
// reaches Notify exactly once.
#include <gtest/gtest.h>

#include <filesystem>
#include <set>

#include "support/fixtures.h"
#include "support/peers.h"
#include "support/process.h"
#include "support/test_store.h"

namespace civicdesk {
namespace {

using testing::NotifyPeer;

constexpr int kMessages = 40;

class OutboxCrashTest : public ::testing::Test {
 protected:
  OutboxCrashTest() {
    db_path_ = (std::filesystem::temp_directory_path() / (testing::unique_name("civicdesk_outbox") + ".db")).string();
    auto store = open_store(StoreOptions{.url = "sqlite:" + db_path_});
    if (!store || !(*store)->migrate()) throw std::runtime_error("cannot create " + db_path_);
    Services s(**store);
    tenant_ = testing::seed_small_council(s).tenant;
    const Instant now = SystemClock().now();
    for (int i = 0; i < kMessages; ++i) {
      OutboxMessage m;
      m.created_at = m.next_attempt_at = now;
      m.channel = "email";
      m.recipient = "resident" + std::to_string(i) + "@example.com";
      m.subject = "Report received";
      m.body = "Message " + std::to_string(i);
      m.idempotency_key = "crash:" + std::to_string(i);
      if (!(*store)->write_value<Id>([&](Tx& tx) { return tx.enqueue_message(tenant_, m); }))
        throw std::runtime_error("enqueue");
    }
  }
  ~OutboxCrashTest() override {
    for (const char* suffix : {"", "-wal", "-shm"}) std::filesystem::remove(db_path_ + suffix);
  }

  std::vector<OutboxMessage> messages() {
    auto store = open_store(StoreOptions{.url = "sqlite:" + db_path_, .pool_size = 1});
    if (!store) return {};
    OutboxFilter f;
    f.limit = 1000;
    auto all = (*store)->read_value<std::vector<OutboxMessage>>([&](ReadTx& tx) { return tx.list_outbox(tenant_, f); });
    return all ? *all : std::vector<OutboxMessage>{};
  }

  std::vector<std::string> server_args(const NotifyPeer& notify) {
    // One message per lease and a 1 s timeout: a lease left by the killed
    // server runs out after 7 s.
    return {"--notify-base-url", notify.url(), "--notify-api-key", NotifyPeer::api_key(), "--notify-email-template",
            NotifyPeer::kEmailTemplate, "--outbox-timeout", "1", "--outbox-batch", "1", "--outbox-workers", "2"};
  }

  std::string db_path_;
  TenantId tenant_ = 0;
};

TEST_F(OutboxCrashTest, KilledDuringDeliveryLosesNothingAndSendsNothingTwice) {
  // Notify records each message, then takes 300 ms to answer: the kill lands
  // while requests are in flight.
  NotifyPeer notify(300);
  {
    testing::ServerProcess server("sqlite:" + db_path_, server_args(notify));
    ASSERT_TRUE(testing::wait_for([&] { return notify.notifications().size() >= 6; }, std::chrono::seconds(30)));
    server.kill_hard();
  }
  const size_t before_restart = notify.notifications().size();
  ASSERT_LT(before_restart, static_cast<size_t>(kMessages)) << "the kill came before the end";
  int left_sending = 0;
  for (const auto& m : messages()) left_sending += m.status == "sending";
  EXPECT_GT(left_sending, 0) << "some messages were in flight when the server died";

  testing::ServerProcess server("sqlite:" + db_path_, server_args(notify));
  ASSERT_TRUE(testing::wait_for(
      [&] {
        auto all = messages();
        return all.size() == kMessages &&
               std::all_of(all.begin(), all.end(), [](const OutboxMessage& m) { return m.status == "sent"; });
      },
      std::chrono::seconds(60)))
      << "every message is sent after the restart";

  std::map<std::string, std::string> id_by_reference;
  for (const auto& n : notify.notifications()) {
    const std::string ref = n["reference"];
    EXPECT_TRUE(id_by_reference.emplace(ref, n["id"]).second) << ref << " reached Notify twice";
  }
  EXPECT_EQ(id_by_reference.size(), static_cast<size_t>(kMessages));
  for (const auto& m : messages())
    EXPECT_EQ(m.provider_reference, id_by_reference[provider_reference_for(tenant_, m.id)]) << m.id;
}

}  // namespace
}  // namespace civicdesk

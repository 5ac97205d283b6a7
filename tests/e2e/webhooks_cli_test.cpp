// `civicdesk webhooks ...` run as a real process: adding an endpoint and
// forwarding a service's new cases to it, and refusals that change nothing.
#include <gtest/gtest.h>

#include "support/fixtures.h"
#include "support/process.h"
#include "support/test_store.h"

namespace civicdesk::testing {
namespace {

class WebhooksCliTest : public ::testing::Test {
 protected:
  WebhooksCliTest() : db_("sqlite"), services_(db_.store()), council_(seed_small_council(services_)) {}

  ExitStatus civicdesk(std::vector<std::string> args) {
    std::vector<std::string> all{"--db", db_.url(), "--log-level", "error"};
    all.insert(all.end(), args.begin(), args.end());
    return run_civicdesk(all);
  }
  // Read from the database (what the process wrote), not a cached catalogue.
  std::string forward_to(const std::string& category) {
    auto all = db_.store().read_value<std::vector<Category>>(
        [&](ReadTx& tx) { return tx.list_categories(council_.tenant); });
    for (const auto& c : all.value())
      if (c.code == category) return c.forward_to;
    ADD_FAILURE() << "no category " << category;
    return "";
  }

  TestStore db_;
  Services services_;
  SmallCouncil council_;
};

TEST_F(WebhooksCliTest, ForwardsAServiceToAnEndpointAndStops) {
  ExitStatus added = civicdesk({"webhooks", "add", "highways-system", "--url", "http://127.0.0.1:9/hook"});
  ASSERT_EQ(added.code, 0) << added.output;
  EXPECT_NE(added.output.find("signing secret"), std::string::npos);

  ExitStatus fwd = civicdesk({"webhooks", "forward", "general", "--to", "highways-system"});
  ASSERT_EQ(fwd.code, 0) << fwd.output;
  EXPECT_NE(fwd.output.find("forwarded to highways-system"), std::string::npos);
  EXPECT_EQ(forward_to("general"), "highways-system");

  // Refused, and nothing changes: an unknown endpoint or service, neither
  // --to nor --stop, both.
  for (const auto& bad : std::vector<std::vector<std::string>>{
           {"webhooks", "forward", "general", "--to", "no-such-endpoint"},
           {"webhooks", "forward", "no-such-service", "--to", "highways-system"},
           {"webhooks", "forward", "general"},
           {"webhooks", "forward", "general", "--to", "highways-system", "--stop"}}) {
    ExitStatus r = civicdesk(bad);
    EXPECT_NE(r.code, 0) << bad.back();
    EXPECT_FALSE(r.output.empty()) << bad.back();  // says why
    EXPECT_EQ(forward_to("general"), "highways-system") << bad.back();
  }

  ExitStatus stopped = civicdesk({"webhooks", "forward", "general", "--stop"});
  ASSERT_EQ(stopped.code, 0) << stopped.output;
  EXPECT_EQ(forward_to("general"), "");
}

}  // namespace
}  // namespace civicdesk::testing

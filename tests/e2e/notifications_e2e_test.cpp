// Residents hear from the council, end to end: cases created and closed
// through the app queue acknowledgements and closure messages, and the real
// server delivers them by each customer's preferred channel — email to the
// local SMTP sink, text messages and letters to the local GOV.UK Notify.
#include <gtest/gtest.h>

#include <filesystem>

#include "support/fixtures.h"
#include "support/peers.h"
#include "support/process.h"
#include "support/test_store.h"

namespace civicdesk {
namespace {

using testing::at;
using testing::NotifyPeer;

class ResidentMessagesTest : public ::testing::Test {
 protected:
  ResidentMessagesTest() {
    db_path_ = (std::filesystem::temp_directory_path() / (testing::unique_name("civicdesk_notify") + ".db")).string();
    auto store = open_store(StoreOptions{.url = "sqlite:" + db_path_});
    if (!store || !(*store)->migrate()) throw std::runtime_error("cannot create " + db_path_);
    Services s(**store);
    council_ = testing::seed_small_council(s);
    // Daytime in London, so that no text message waits out quiet hours.
    const RequestContext ctx = council_.ctx(at("2016-03-01T10:00:00Z"));
    auto customer = [&](const std::string& name, std::vector<EmailAddress> emails, std::vector<PhoneNumber> phones,
                        std::vector<PostalAddress> addresses, PreferredChannel preferred) {
      Customer c;
      c.given_name = name;
      c.family_name = "Resident";
      c.emails = std::move(emails);
      c.phones = std::move(phones);
      c.addresses = std::move(addresses);
      c.preferred_channel = preferred;
      auto r = s.customers.create(ctx, c);
      if (!r) throw std::runtime_error(r.error().message);
      return r->id;
    };
    const Id by_email = customer("Emma", {{"emma@example.com", "home", true}}, {}, {}, PreferredChannel::kEmail);
    const Id by_sms = customer("Sam", {}, {{"+447700900123", "mobile", true}}, {}, PreferredChannel::kSms);
    const Id by_post =
        customer("Lettie", {}, {}, {{"1 High Street", "", "", "London", "NW4 4AA", std::nullopt, "home", true}},
                 PreferredChannel::kPost);
    for (Id customer_id : {by_email, by_sms, by_post}) {
      NewCase n;
      n.category = "general";
      n.title = "Broken bench";
      n.description = "The bench by the pond is broken";
      n.customer_id = customer_id;
      auto v = s.cases.create(ctx, n);
      if (!v) throw std::runtime_error(v.error().message);
      references_.push_back(v->c.reference);
    }
    TransitionRequest close{CaseStatus::kClosed, CaseOutcome::kResolved, "Bench repaired", ""};
    if (!s.cases.transition(council_.ctx(at("2016-03-02T11:00:00Z")), references_[0], close, std::nullopt))
      throw std::runtime_error("close");
  }
  ~ResidentMessagesTest() override {
    for (const char* suffix : {"", "-wal", "-shm"}) std::filesystem::remove(db_path_ + suffix);
  }

  std::string db_path_;
  testing::SmallCouncil council_;
  std::vector<std::string> references_;
};

TEST_F(ResidentMessagesTest, EachResidentHearsByTheirPreferredChannel) {
  testing::SmtpSink sink;
  NotifyPeer notify;
  testing::ServerProcess server(
      "sqlite:" + db_path_,
      {"--smtp-url", sink.url(), "--smtp-from", "noreply@testshire.example", "--notify-base-url", notify.url(),
       "--notify-api-key", NotifyPeer::api_key(), "--notify-sms-template", NotifyPeer::kSmsTemplate,
       "--notify-letter-template", NotifyPeer::kLetterTemplate});

  // Email: the acknowledgement and the closure (the survey waits 48 hours
  // after closure: it is due too, the closure being in 2016).
  ASSERT_TRUE(testing::wait_for([&] { return sink.messages().size() >= 3; })) << server.output();
  std::vector<std::string> subjects;
  for (const auto& m : sink.messages()) {
    EXPECT_EQ(m["rcpt_tos"], nlohmann::json::array({"emma@example.com"}));
    subjects.push_back(m["subject"]);
    EXPECT_NE(m["body"].get<std::string>().find(references_[0]), std::string::npos) << m["body"];
  }
  auto has = [&](const std::string& word) {
    return std::any_of(subjects.begin(), subjects.end(), [&](const std::string& s) { return s.find(word) != s.npos; });
  };
  EXPECT_TRUE(has("received")) << ::testing::PrintToString(subjects);
  EXPECT_TRUE(has("complete")) << ::testing::PrintToString(subjects);
  EXPECT_TRUE(has("How did we do")) << ::testing::PrintToString(subjects);
  EXPECT_EQ(sink.messages().size(), 3u) << "nothing twice";

  // A text message and a letter, through Notify in its documented shapes.
  ASSERT_TRUE(testing::wait_for([&] { return notify.notifications().size() >= 2; })) << server.output();
  std::map<std::string, nlohmann::json> by_type;
  for (const auto& n : notify.notifications()) by_type[n["type"]] = n["request"];
  ASSERT_TRUE(by_type.count("sms"));
  ASSERT_TRUE(by_type.count("letter"));
  EXPECT_EQ(by_type["sms"]["phone_number"], "+447700900123");
  EXPECT_NE(by_type["sms"]["personalisation"]["body"].get<std::string>().find(references_[1]), std::string::npos);
  EXPECT_EQ(by_type["letter"]["personalisation"]["address_line_1"], "Lettie Resident");
  EXPECT_EQ(by_type["letter"]["personalisation"]["address_line_4"], "NW4 4AA");
  EXPECT_NE(by_type["letter"]["personalisation"]["body"].get<std::string>().find(references_[2]), std::string::npos);
}

}  // namespace
}  // namespace civicdesk

// Delivering the outbox through real transports to real local peers, on
// both databases: an SMTP sink, a Notify-compatible API that checks JWTs and
// request shapes, and a webhook receiver.
#include <gtest/gtest.h>

#include <thread>

#include "outbox/config.h"
#include "outbox/smtp.h"
#include "outbox/webhook.h"
#include "support/fixtures.h"
#include "support/peers.h"
#include "support/test_store.h"

namespace civicdesk {
namespace {

using namespace std::chrono_literals;
using testing::NotifyPeer;

class DeliveryTest : public ::testing::TestWithParam<std::string> {
 protected:
  DeliveryTest() : db_(GetParam()), services_(db_.store()) { council_ = testing::seed_small_council(services_); }

  Store& store() { return db_.store(); }

  Id enqueue(const std::string& channel, const std::string& recipient, const std::string& subject = "Report received",
             const std::string& body = "Thank you for your report.") {
    OutboxMessage m;
    m.created_at = clock_.now();
    m.channel = channel;
    m.recipient = recipient;
    m.template_name = "acknowledgement";
    m.subject = subject;
    m.body = body;
    m.personalisation = {{"reference", "TST-1"}};
    m.idempotency_key = "test:" + std::to_string(++n_);
    m.next_attempt_at = clock_.now();
    auto id = store().write_value<Id>([&](Tx& tx) { return tx.enqueue_message(council_.tenant, m); });
    EXPECT_TRUE(id) << id.error().message;
    return id ? *id : 0;
  }

  OutboxMessage message(Id id) {
    auto m = store().read_value<OutboxMessage>([&](ReadTx& tx) { return tx.get_message(council_.tenant, id); });
    EXPECT_TRUE(m) << m.error().message;
    return m ? *m : OutboxMessage{};
  }

  outbox::WorkerRun drain(outbox::Transport& t, std::vector<std::string> channels) {
    outbox::WorkerOptions o;
    o.timeout = 2s;
    outbox::OutboxWorker w(store(), t, std::move(channels), o, clock_);
    auto run = w.run_until_idle();
    EXPECT_TRUE(run) << run.error().message;
    return run ? *run : outbox::WorkerRun{};
  }

  outbox::NotifyOptions notify_options(const NotifyPeer& peer) {
    outbox::NotifyOptions o;
    o.base_url = peer.url();
    o.api_key = NotifyPeer::api_key();
    o.email_template = NotifyPeer::kEmailTemplate;
    o.sms_template = NotifyPeer::kSmsTemplate;
    o.letter_template = NotifyPeer::kLetterTemplate;
    o.timeout = 2s;
    return o;
  }

  testing::TestStore db_;
  Services services_;
  testing::SmallCouncil council_;
  SystemClock clock_;  // Notify checks that a token's iat is now
  int n_ = 0;
};

TEST_P(DeliveryTest, EmailOverSmtpArrivesOnceWithItsContent) {
  testing::SmtpSink sink;
  const Id a = enqueue("email", "resident@example.com", "Report TST-1 received", "We will fix it by Friday.\nThanks.");
  const Id b = enqueue("email", "neighbour@example.com");
  outbox::SmtpOptions o{sink.url(), "noreply@testshire.example", "Testshire Council", "", "", "try", 2s};
  outbox::SmtpTransport smtp(o);
  auto run = drain(smtp, {"email"});
  EXPECT_EQ(run.sent, 2);
  auto mail = sink.messages();
  ASSERT_EQ(mail.size(), 2u);
  EXPECT_EQ(mail[0]["rcpt_tos"], nlohmann::json::array({"resident@example.com"}));
  EXPECT_EQ(mail[0]["mail_from"], "noreply@testshire.example");
  EXPECT_EQ(mail[0]["subject"], "Report TST-1 received");
  EXPECT_EQ(mail[0]["body"], "We will fix it by Friday.\nThanks.\n");
  EXPECT_EQ(mail[0]["from"], "Testshire Council <noreply@testshire.example>");
  EXPECT_EQ(mail[0]["reference"], provider_reference_for(council_.tenant, a));
  EXPECT_EQ(message(a).status, "sent");
  EXPECT_EQ(message(b).status, "sent");
  EXPECT_EQ(message(a).attempts, 1);
  EXPECT_EQ(drain(smtp, {"email"}).claimed, 0) << "nothing is sent twice";
  EXPECT_EQ(sink.messages().size(), 2u);
}

TEST_P(DeliveryTest, SmtpRefusalIsPermanentAndAHangingRelayIsRetriedLater) {
  testing::SmtpSink sink;
  const Id refused = enqueue("email", "reject-me@example.com");
  outbox::SmtpTransport smtp({sink.url(), "noreply@testshire.example", "", "", "", "try", 2s});
  drain(smtp, {"email"});
  EXPECT_EQ(message(refused).status, "failed");
  EXPECT_NE(message(refused).last_error.find("550"), std::string::npos) << message(refused).last_error;

  for (auto mode : {testing::SmtpSink::Mode::kHang, testing::SmtpSink::Mode::kDrop}) {
    testing::SmtpSink bad(mode);
    const Id waiting = enqueue("email", "resident@example.com");
    outbox::SmtpTransport stuck({bad.url(), "noreply@testshire.example", "", "", "", "try", 1s});
    const auto before = clock_.now();
    drain(stuck, {"email"});
    const OutboxMessage m = message(waiting);
    EXPECT_EQ(m.status, "queued");
    EXPECT_EQ(m.attempts, 1);
    EXPECT_GE(m.next_attempt_at, before + 30s) << "backed off";
    EXPECT_FALSE(m.last_error.empty());
  }
}

TEST_P(DeliveryTest, NotifySendsEmailSmsAndLettersInTheDocumentedShape) {
  NotifyPeer notify;
  const Id email = enqueue("email", "resident@example.com", "Report received", "Reference TST-1");
  const Id sms = enqueue("sms", "+447700900123", "", "Your report TST-1 has been fixed.");
  const Id letter = enqueue("letter", "Mr A Resident\n1 High Street\nHendon\nNW4 4AA", "Your report", "Fixed.");
  outbox::NotifyTransport t(notify_options(notify));
  auto run = drain(t, {"email", "sms", "letter"});
  EXPECT_EQ(run.sent, 3) << message(email).last_error << message(sms).last_error << message(letter).last_error;
  auto got = notify.notifications();
  ASSERT_EQ(got.size(), 3u);
  std::map<std::string, nlohmann::json> by_type;
  for (auto& n : got) by_type[n["type"]] = n;
  EXPECT_EQ(by_type["email"]["request"]["email_address"], "resident@example.com");
  EXPECT_EQ(by_type["email"]["request"]["personalisation"]["subject"], "Report received");
  EXPECT_EQ(by_type["email"]["request"]["reference"], provider_reference_for(council_.tenant, email));
  EXPECT_EQ(by_type["sms"]["request"]["phone_number"], "+447700900123");
  EXPECT_EQ(by_type["letter"]["request"]["personalisation"]["address_line_4"], "NW4 4AA");
  EXPECT_EQ(message(email).provider_reference, by_type["email"]["id"]);
  EXPECT_EQ(message(letter).status, "sent");
}

TEST_P(DeliveryTest, NotifyErrorsAreRetryableOrPermanentAsTheApiDefines) {
  NotifyPeer notify;
  outbox::NotifyTransport t(notify_options(notify));
  notify.fail_next(429, 1);
  const Id limited = enqueue("email", "resident@example.com");
  drain(t, {"email"});
  EXPECT_EQ(message(limited).status, "queued");
  EXPECT_NE(message(limited).last_error.find("RateLimitError"), std::string::npos) << message(limited).last_error;

  notify.fail_next(500, 1);
  const Id broken = enqueue("sms", "07700 900123");
  drain(t, {"sms"});
  EXPECT_EQ(message(broken).status, "queued");

  const Id invalid = enqueue("sms", "+441632960000");  // a landline: Notify refuses it
  drain(t, {"sms"});
  EXPECT_EQ(message(invalid).status, "failed");
  EXPECT_NE(message(invalid).last_error.find("ValidationError"), std::string::npos) << message(invalid).last_error;

  auto wrong_key = notify_options(notify);
  wrong_key.api_key = NotifyPeer::api_key("00000000-0000-4000-8000-000000000000");
  outbox::NotifyTransport unauthorised(wrong_key);
  const Id refused = enqueue("email", "resident@example.com");
  drain(unauthorised, {"email"});
  EXPECT_EQ(message(refused).status, "failed");
  EXPECT_NE(message(refused).last_error.find("403"), std::string::npos);
  EXPECT_TRUE(notify.notifications().empty()) << "none of these was accepted";
}

TEST_P(DeliveryTest, AnInterruptedSendIsNotRepeatedWhenNotifyAlreadyHasIt) {
  NotifyPeer notify;
  outbox::NotifyTransport t(notify_options(notify));
  const Id id = enqueue("email", "resident@example.com");
  // A worker leases the message, hands it to Notify and dies before
  // recording it: the lease is left to run out.
  auto claimed = store().write_value<std::vector<ClaimedMessage>>(
      [&](Tx& tx) { return tx.claim_messages({"email"}, clock_.now(), clock_.now() - 1s, 10); });
  ASSERT_TRUE(claimed);
  ASSERT_EQ(claimed->size(), 1u);
  ASSERT_EQ(t.send(claimed->front(), clock_.now()).outcome, Delivery::Outcome::kSent);
  ASSERT_EQ(notify.notifications().size(), 1u);
  EXPECT_EQ(message(id).status, "sending");

  auto run = drain(t, {"email"});
  EXPECT_EQ(run.sent, 1);
  EXPECT_EQ(notify.notifications().size(), 1u) << "asked Notify first instead of sending again";
  EXPECT_EQ(message(id).status, "sent");
  EXPECT_EQ(message(id).provider_reference, notify.notifications()[0]["id"]);
  EXPECT_EQ(message(id).attempts, 2);
}

TEST_P(DeliveryTest, EnqueueingTheSameKeyAgainAddsNothingAndAnswersTheFirstId) {
  const Id first = enqueue("email", "a@example.com");
  OutboxMessage again = message(first);
  again.recipient = "someone-else@example.com";
  auto id = store().write_value<Id>([&](Tx& tx) -> Result<Id> {
    ASSIGN_OR_RETURN(Id a, tx.enqueue_message(council_.tenant, again));
    ASSIGN_OR_RETURN(Id b, tx.enqueue_message(council_.tenant, again));  // and within one transaction
    if (a != b) return Error(ErrorCode::kInternal, "two ids for one key");
    return a;
  });
  ASSERT_TRUE(id) << id.error().message;
  EXPECT_EQ(*id, first);
  EXPECT_EQ(message(first).recipient, "a@example.com");
  auto all = store().read_value<std::vector<OutboxMessage>>(
      [&](ReadTx& tx) { return tx.list_outbox(council_.tenant, OutboxFilter{}); });
  ASSERT_TRUE(all);
  EXPECT_EQ(all->size(), 1u);
}

TEST_P(DeliveryTest, ALeaseTakesItsOwnChannelsDueMessagesRunOutLeasesFirstThenOldestFirst) {
  const Instant start = clock_.now();
  Instant now = start;
  auto claim = [&](std::vector<std::string> channels, int limit) {
    auto claimed = store().write_value<std::vector<ClaimedMessage>>(
        [&](Tx& tx) { return tx.claim_messages(channels, now, now + 60s, limit); });
    EXPECT_TRUE(claimed) << claimed.error().message;
    std::vector<Id> ids;
    if (claimed)
      for (const auto& c : *claimed) ids.push_back(c.message.id);
    return ids;
  };
  auto due_at = [&](Id id, Instant at) {
    OutboxMessage m = message(id);
    m.next_attempt_at = at;
    ASSERT_TRUE(store().write([&](Tx& tx) { return tx.update_message_delivery(council_.tenant, m, {"queued"}); }));
  };
  std::vector<Id> sms;
  for (int i = 0; i < 5; ++i) sms.push_back(enqueue("sms", "+447700900123"));  // no worker serves SMS here
  const Id later = enqueue("email", "a@example.com");
  const Id sooner = enqueue("email", "b@example.com");
  const Id future = enqueue("email", "c@example.com");
  const Id letter = enqueue("letter", "1 High Street");
  due_at(later, start - 10s);
  due_at(sooner, start - 20s);
  due_at(future, start + 1h);
  EXPECT_EQ(claim({"email"}, 1), std::vector<Id>{sooner});
  // `sooner` is leased for a minute; when that runs out it is taken first.
  now = start + 2min;
  EXPECT_EQ(claim({"email", "letter"}, 10), (std::vector<Id>{sooner, later, letter}));
  EXPECT_EQ(message(sooner).attempts, 2);
  EXPECT_TRUE(claim({"email", "letter"}, 10).empty()) << "all leased, and `future` is not due";
  EXPECT_EQ(message(sms[0]).status, "queued");
  EXPECT_EQ(claim({"sms"}, 3), (std::vector<Id>{sms[0], sms[1], sms[2]}));
}

TEST_P(DeliveryTest, WebhooksAreSignedRetriedAndDeadLettered) {
  testing::WebhookReceiver receiver;
  auto ep = services_.messages.put_endpoint(council_.ctx(clock_.now()), "highways", receiver.url(), true, false);
  ASSERT_TRUE(ep) << ep.error().message;
  const std::string secret = ep->endpoint.secret;
  ASSERT_FALSE(secret.empty());
  receiver.respond_with({503, 200, 404});
  const Id ok = enqueue("webhook", "highways", "", R"({"event":"case.forwarded","reference":"TST-1"})");
  outbox::WebhookTransport t(store(), 2s);
  drain(t, {"webhook"});
  EXPECT_EQ(message(ok).status, "queued") << "503 is retried";
  // Make it due again and deliver.
  OutboxMessage due = message(ok);
  due.next_attempt_at = clock_.now();
  ASSERT_TRUE(store().write([&](Tx& tx) { return tx.update_message_delivery(council_.tenant, due, {"queued"}); }));
  drain(t, {"webhook"});
  EXPECT_EQ(message(ok).status, "sent");
  const Id gone = enqueue("webhook", "highways", "", R"({"event":"case.updated"})");
  drain(t, {"webhook"});
  EXPECT_EQ(message(gone).status, "failed") << "404 is permanent";
  const Id nowhere = enqueue("webhook", "no-such-system", "", "{}");
  drain(t, {"webhook"});
  EXPECT_EQ(message(nowhere).status, "failed");

  auto requests = receiver.requests();
  ASSERT_EQ(requests.size(), 3u);
  for (const auto& r : requests) {
    const std::string ts = r["headers"]["x-civicdesk-timestamp"];
    EXPECT_EQ(r["headers"]["x-civicdesk-signature"], outbox::webhook_signature(secret, std::stoll(ts), r["body"].get<std::string>()));
    EXPECT_EQ(r["headers"]["content-type"], "application/json");
  }
  EXPECT_EQ(requests[0]["headers"]["x-civicdesk-delivery"], requests[1]["headers"]["x-civicdesk-delivery"])
      << "a retry carries the same delivery id";
  EXPECT_EQ(requests[1]["body"], R"({"event":"case.forwarded","reference":"TST-1"})");
}

TEST_P(DeliveryTest, AHangingSmtpRelayDoesNotHoldUpOtherChannels) {
  testing::SmtpSink hanging(testing::SmtpSink::Mode::kHang);
  NotifyPeer notify;
  outbox::DeliveryOptions d;
  d.smtp = {hanging.url(), "noreply@testshire.example", "", "", "", "try", 5s};
  d.notify = notify_options(notify);
  d.timeout = 5s;
  auto routes = outbox::delivery_routes(d, store());
  ASSERT_TRUE(routes) << routes.error().message;
  for (int i = 0; i < 3; ++i) enqueue("email", "resident" + std::to_string(i) + "@example.com");
  const Id sms = enqueue("sms", "+447700900123", "", "Fixed.");
  outbox::WorkerOptions o;
  o.timeout = 5s;
  outbox::DeliveryLoop loop(store(), std::move(*routes), 1, o, 100ms, clock_);
  EXPECT_TRUE(testing::wait_for([&] { return message(sms).status == "sent"; }, 4s))
      << "the text message went while the relay hung";
  loop.stop();
}

TEST_P(DeliveryTest, ConfigurationMistakesAreRefusedAtStart) {
  outbox::DeliveryOptions d;
  d.smtp.url = "http://relay";
  EXPECT_FALSE(outbox::delivery_routes(d, store()));
  d.smtp.url = "smtp://127.0.0.1:25";
  EXPECT_FALSE(outbox::delivery_routes(d, store())) << "no --smtp-from";
  d.smtp.from = "noreply@testshire.example";
  EXPECT_TRUE(outbox::delivery_routes(d, store()));
  d.notify.api_key = "nonsense";
  EXPECT_FALSE(outbox::delivery_routes(d, store()));
  d.notify.api_key = NotifyPeer::api_key();
  EXPECT_FALSE(outbox::delivery_routes(d, store())) << "no template ids";
  d.notify.sms_template = NotifyPeer::kSmsTemplate;
  auto routes = outbox::delivery_routes(d, store());
  ASSERT_TRUE(routes);
  ASSERT_EQ(routes->size(), 3u);
  EXPECT_EQ((*routes)[0].channels, std::vector<std::string>{"email"});
  EXPECT_EQ((*routes)[1].channels, std::vector<std::string>{"sms"}) << "email goes by SMTP when a relay is set";
}

INSTANTIATE_TEST_SUITE_P(Backends, DeliveryTest, ::testing::ValuesIn(testing::test_backends()));

}  // namespace
}  // namespace civicdesk

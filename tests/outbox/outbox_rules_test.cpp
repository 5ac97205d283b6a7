// The pure parts of delivery: retry schedule, outcomes, references, provider
// answers, Notify's key and JWT, the email format and webhook signatures.
#include <gtest/gtest.h>
#include <openssl/hmac.h>

#include "domain/delivery.h"
#include "outbox/notify.h"
#include "outbox/smtp.h"
#include "outbox/webhook.h"
#include "support/fixtures.h"

namespace civicdesk {
namespace {

using namespace std::chrono_literals;
using testing::at;

TEST(RetryDelay, DoublesFromTheFirstDelayUpToTheCap) {
  RetryPolicy p;
  EXPECT_EQ(retry_delay(p, 1), 30s);
  EXPECT_EQ(retry_delay(p, 2), 60s);
  EXPECT_EQ(retry_delay(p, 5), 480s);
  EXPECT_EQ(retry_delay(p, 40), std::chrono::seconds(std::chrono::hours(6)));
  EXPECT_EQ(retry_delay(p, 1, 600s), 600s) << "a provider's Retry-After is honoured";
  EXPECT_EQ(retry_delay(p, 5, 10s), 480s) << "but never shortens our own wait";
}

TEST(AfterAttempt, SentRetriedAndDeadLettered) {
  RetryPolicy p;
  p.max_attempts = 3;
  const Instant now = at("2026-11-24T10:00:00Z");
  OutboxMessage m;
  m.status = "sending";
  m.attempts = 1;
  auto sent = after_attempt(m, Delivery::sent("abc"), p, now);
  EXPECT_EQ(sent.status, "sent");
  EXPECT_EQ(sent.provider_reference, "abc");
  EXPECT_EQ(sent.sent_at, now);
  auto retry = after_attempt(m, Delivery::retry("busy"), p, now);
  EXPECT_EQ(retry.status, "queued");
  EXPECT_EQ(retry.next_attempt_at, now + 30s);
  EXPECT_EQ(retry.last_error, "busy");
  m.attempts = 3;
  auto dead = after_attempt(m, Delivery::retry("busy"), p, now);
  EXPECT_EQ(dead.status, "failed");
  EXPECT_NE(dead.last_error.find("gave up after 3 attempts"), std::string::npos);
  m.attempts = 1;
  EXPECT_EQ(after_attempt(m, Delivery::permanent("bad address"), p, now).status, "failed");
}

TEST(ProviderReference, RoundTripsAndRefusesAnythingElse) {
  EXPECT_EQ(provider_reference_for(3, 42), "civicdesk-3-42");
  auto ids = parse_provider_reference("civicdesk-3-42");
  ASSERT_TRUE(ids);
  EXPECT_EQ(ids->first, 3);
  EXPECT_EQ(ids->second, 42);
  for (const char* bad : {"", "civicdesk-", "civicdesk-3", "civicdesk-3-", "civicdesk-x-1", "civicdesk-1-2-3",
                          "other-1-2", "civicdesk-0-5", "civicdesk--1-5"})
    EXPECT_FALSE(parse_provider_reference(bad)) << bad;
}

TEST(ProviderAnswers, NotifyStatusesAreClassifiedAsTheApiDefines) {
  using O = Delivery::Outcome;
  EXPECT_EQ(classify_notify_response(201, "", "id-1", {}).outcome, O::kSent);
  EXPECT_EQ(classify_notify_response(201, "", "", {}).outcome, O::kRetry) << "accepted without an id";
  EXPECT_EQ(classify_notify_response(429, "RateLimitError", "", 60s).outcome, O::kRetry);
  EXPECT_EQ(classify_notify_response(429, "", "", 60s).retry_after, 60s);
  EXPECT_EQ(classify_notify_response(500, "", "", {}).outcome, O::kRetry);
  EXPECT_EQ(classify_notify_response(503, "", "", {}).outcome, O::kRetry);
  EXPECT_EQ(classify_notify_response(400, "ValidationError: bad", "", {}).outcome, O::kPermanent);
  EXPECT_NE(classify_notify_response(400, "ValidationError: bad", "", {}).error.find("ValidationError: bad"),
            std::string::npos);
  EXPECT_EQ(classify_notify_response(403, "AuthError", "", {}).outcome, O::kPermanent);
  EXPECT_EQ(classify_webhook_response(204, {}).outcome, O::kSent);
  EXPECT_EQ(classify_webhook_response(0, {}).outcome, O::kRetry);
  EXPECT_EQ(classify_webhook_response(408, {}).outcome, O::kRetry);
  EXPECT_EQ(classify_webhook_response(502, {}).outcome, O::kRetry);
  EXPECT_EQ(classify_webhook_response(410, {}).outcome, O::kPermanent);
}

TEST(NotifyKey, ServiceIdAndSecretAreTheLastTwoUuids) {
  auto k = outbox::parse_notify_api_key(
      "my-key-name-26785a09-ab16-4eb0-8407-a37497a57506-3d844edf-8d35-48ac-975b-e847b4f122b0");
  ASSERT_TRUE(k) << k.error().message;
  EXPECT_EQ(k->service_id, "26785a09-ab16-4eb0-8407-a37497a57506");
  EXPECT_EQ(k->secret, "3d844edf-8d35-48ac-975b-e847b4f122b0");
  EXPECT_FALSE(outbox::parse_notify_api_key("not-a-key"));
  EXPECT_FALSE(outbox::parse_notify_api_key("name-26785a09-ab16-4eb0-8407-a37497a57506-3d844edf-8d35-48ac-975b-e847b4f122bZ"));
}

TEST(NotifyJwt, MatchesTheDocumentedExample) {
  nlohmann::ordered_json claims;
  claims["iss"] = 123;
  claims["iat"] = 1234567890;
  EXPECT_EQ(outbox::hs256_jwt(claims, "SECRET"),
            "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJpc3MiOjEyMywiaWF0IjoxMjM0NTY3ODkwfQ."
            "18aBKSLffjbX_TLmosB_qYgW9EkWIQpBgWy7GpiKg6o");
}

TEST(NotifyRequest, LettersNeedAnAddressEndingInAPostcode) {
  outbox::NotifyOptions o;
  o.letter_template = "c8d5d7a1-1a6e-4d0e-8f5b-7d9c2e3f4a55";
  ClaimedMessage m;
  m.tenant = 1;
  m.message.id = 9;
  m.message.channel = "letter";
  m.message.subject = "Your report";
  m.message.body = "We fixed it.";
  m.message.recipient = "Ms A Resident\n1 High Street\nn3 1ab";
  auto r = outbox::notify_request(o, m);
  ASSERT_TRUE(r) << r.error().message;
  EXPECT_EQ(r->path, "/v2/notifications/letter");
  EXPECT_EQ(r->body["personalisation"]["address_line_3"], "N3 1AB");
  EXPECT_EQ(r->body["reference"], "civicdesk-1-9");
  m.message.recipient = "Ms A Resident\n1 High Street\nLondon";
  EXPECT_FALSE(outbox::notify_request(o, m));
  m.message.channel = "sms";
  EXPECT_FALSE(outbox::notify_request(o, m)) << "no SMS template configured";
}

TEST(Email, HeadersCannotBeInjectedAndTheBodyIsQuotedPrintable) {
  outbox::SmtpOptions o;
  o.from = "noreply@barnet.example";
  o.from_name = "Barnet Council";
  ClaimedMessage m;
  m.tenant = 2;
  m.message.id = 7;
  m.message.recipient = "resident@example.com";
  m.message.subject = "Report received\r\nBcc: attacker@example.com";
  m.message.body = "Caf\xc3\xa9 = " + std::string(100, 'x') + "\n.line starting with a dot";
  const std::string e = outbox::format_email(o, m, at("2026-11-24T10:00:00Z"));
  EXPECT_EQ(e.find("\r\nBcc:"), std::string::npos);
  EXPECT_NE(e.find("Message-ID: <civicdesk-2-7@barnet.example>\r\n"), std::string::npos);
  EXPECT_NE(e.find("Date: Tue, 24 Nov 2026 10:00:00 +0000\r\n"), std::string::npos);
  EXPECT_NE(e.find("Caf=C3=A9 =3D "), std::string::npos);
  for (size_t start = e.find("\r\n\r\n") + 4, end; start < e.size(); start = end + 2) {
    end = e.find("\r\n", start);
    ASSERT_NE(end, std::string::npos);
    EXPECT_LE(end - start, 76u);
  }
  m.message.subject = "Caf\xc3\xa9";
  EXPECT_NE(outbox::format_email(o, m, at("2026-11-24T10:00:00Z")).find("Subject: =?UTF-8?B?Q2Fmw6k=?="),
            std::string::npos);
}

TEST(Webhook, SignatureIsHmacSha256OfTimestampDotBody) {
  const std::string body = R"({"event":"case.created"})";
  unsigned char mac[32];
  unsigned int len = 0;
  const std::string signed_text = "1700000000." + body;
  HMAC(EVP_sha256(), "whsec_test", 10, reinterpret_cast<const unsigned char*>(signed_text.data()), signed_text.size(),
       mac, &len);
  std::string hex;
  for (unsigned i = 0; i < len; ++i) {
    char b[3];
    std::snprintf(b, sizeof b, "%02x", mac[i]);
    hex += b;
  }
  EXPECT_EQ(outbox::webhook_signature("whsec_test", 1700000000, body), "sha256=" + hex);
}

TEST(WebhookEndpoint, NamesUrlsAndSecretsAreChecked) {
  WebhookEndpoint e{"highways", "https://highways.example/hooks", std::string(40, 's'), true, {}, {}};
  EXPECT_TRUE(validate_webhook_endpoint(e));
  auto bad = e;
  bad.name = "High Ways";
  EXPECT_FALSE(validate_webhook_endpoint(bad));
  bad = e;
  bad.url = "ftp://x";
  EXPECT_FALSE(validate_webhook_endpoint(bad));
  bad = e;
  bad.url = "https://x/\r\nHost: y";
  EXPECT_FALSE(validate_webhook_endpoint(bad));
  bad = e;
  bad.secret = "short";
  EXPECT_FALSE(validate_webhook_endpoint(bad));
}

}  // namespace
}  // namespace civicdesk

// Customer messages from real case changes (app/notifications.h) on every
// backend: the exact outbox rows each change queues (channel, recipient,
// text, next_attempt_at, counts), consent and statutory messages, SMS quiet
// hours, unsubscribe links, surveys with their delay, cap and one response,
// the satisfaction report and the leads' digest.
#include <gtest/gtest.h>

#include <algorithm>
#include <regex>

#include "app/crypto.h"
#include "support/fixtures.h"
#include "support/test_store.h"

namespace civicdesk {
namespace {

using testing::at;

class NotificationsTest : public ::testing::TestWithParam<std::string> {
 protected:
  NotificationsTest()
      : db_(GetParam()), services_(db_.store()), council_(testing::seed_small_council(services_)) {}

  RequestContext system(const char* when) { return council_.ctx(at(when)); }

  Id customer(std::vector<EmailAddress> emails, std::vector<PhoneNumber> phones = {},
              std::optional<PreferredChannel> preferred = std::nullopt, std::vector<PostalAddress> addresses = {}) {
    Customer c;
    c.title = "Mrs";
    c.given_name = "Ada";
    c.family_name = "Lovelace";
    c.emails = std::move(emails);
    c.phones = std::move(phones);
    c.addresses = std::move(addresses);
    c.preferred_channel = preferred;
    auto r = services_.customers.create(system("2016-03-01T09:00:00Z"), c);
    EXPECT_TRUE(r.ok()) << r.error().message;
    return r.ok() ? r->id : 0;
  }

  CaseView open_case(std::optional<Id> customer_id, const char* when = "2016-03-01T10:00:00Z",
                     CaseType type = CaseType::kServiceRequest, const std::string& category = "general") {
    NewCase n;
    n.type = type;
    n.category = category;
    n.title = "Broken bench in the park";
    n.description = "The bench by the pond is broken";
    n.customer_id = customer_id;
    auto v = services_.cases.create(system(when), n);
    EXPECT_TRUE(v.ok()) << v.error().message;
    return *v;
  }

  std::vector<OutboxMessage> outbox(std::optional<Id> case_id = std::nullopt) {
    OutboxFilter f;
    f.case_id = case_id;
    f.limit = 500;
    auto m = db_.store().read_value<std::vector<OutboxMessage>>(
        [&](ReadTx& tx) { return tx.list_outbox(council_.tenant, f); });
    EXPECT_TRUE(m.ok());
    auto out = m.ok() ? *m : std::vector<OutboxMessage>{};
    std::reverse(out.begin(), out.end());  // oldest first
    return out;
  }

  static std::string token_in(const std::string& body, const std::string& path) {
    std::smatch m;
    const std::regex re(path + "\\?token=([A-Za-z0-9_-]+)");
    return std::regex_search(body, m, re) ? m[1].str() : "";
  }

  void close(const std::string& ref, const char* when) {
    TransitionRequest t;
    t.to = CaseStatus::kClosed;
    t.outcome = CaseOutcome::kResolved;
    t.outcome_notes = "We replaced the bench.";
    auto v = services_.cases.transition(system(when), ref, t, std::nullopt);
    ASSERT_TRUE(v.ok()) << v.error().message;
  }

  testing::TestStore db_;
  Services services_;
  testing::SmallCouncil council_;
};

TEST_P(NotificationsTest, AcknowledgementByEmailWithReferenceExpectedDateAndUnsubscribeLink) {
  const Id ada = customer({{"ada@example.org", "home", true}});
  const CaseView v = open_case(ada);
  const auto msgs = outbox(v.c.id);
  ASSERT_EQ(msgs.size(), 1u);
  const OutboxMessage& m = msgs[0];
  EXPECT_EQ(m.channel, "email");
  EXPECT_EQ(m.recipient, "ada@example.org");
  EXPECT_EQ(m.template_name, "case_acknowledgement");
  EXPECT_EQ(m.status, "queued");
  EXPECT_EQ(m.subject, "We have received your request " + v.c.reference);
  // Received Tuesday 1 March 2016: 10 working days -> Tuesday 15 March.
  EXPECT_NE(m.body.find("Dear Mrs Ada Lovelace,"), std::string::npos) << m.body;
  EXPECT_NE(m.body.find("Your reference is " + v.c.reference + ". We expect to complete this by Tuesday 15 March 2016."),
            std::string::npos)
      << m.body;
  EXPECT_FALSE(token_in(m.body, "http://127.0.0.1:8080/unsubscribe").empty()) << m.body;
  EXPECT_EQ(m.next_attempt_at, at("2016-03-01T10:00:00Z"));
  EXPECT_EQ(m.personalisation.at("reference"), v.c.reference);
}

TEST_P(NotificationsTest, NoContactDetailsOrNoCustomerQueuesNothingAndTheCaseIsStillWritten) {
  const Id nobody = customer({});
  const CaseView v = open_case(nobody);
  EXPECT_EQ(v.c.customer_id, std::optional<Id>(nobody));
  EXPECT_TRUE(outbox(v.c.id).empty());
  const CaseView anonymous = open_case(std::nullopt);
  EXPECT_TRUE(outbox(anonymous.c.id).empty());
}

TEST_P(NotificationsTest, SmsPreferenceWaitsForTheEndOfQuietHoursFromTheCouncilSettings) {
  const Id ada = customer({{"ada@example.org", "", true}}, {{"+447700900982", "mobile", true}}, PreferredChannel::kSms);
  // 21:30 GMT: quiet by default (21:00-08:00).
  const CaseView late = open_case(ada, "2016-03-01T21:30:00Z");
  auto msgs = outbox(late.c.id);
  ASSERT_EQ(msgs.size(), 1u);
  EXPECT_EQ(msgs[0].channel, "sms");
  EXPECT_EQ(msgs[0].recipient, "+447700900982");
  EXPECT_EQ(msgs[0].next_attempt_at, at("2016-03-02T08:00:00Z"));
  EXPECT_NE(msgs[0].body.find("Testshire Council: we have received your request about General enquiry."),
            std::string::npos)
      << msgs[0].body;

  // The council moves its quiet hours to 22:00-07:00.
  NotificationSettingsRow row;
  row.quiet_from = 22 * 60;
  row.quiet_until = 7 * 60;
  ASSERT_TRUE(services_.notifications.put_settings(system("2016-03-01T21:00:00Z"), row).ok());
  const CaseView now_ok = open_case(ada, "2016-03-01T21:40:00Z");
  EXPECT_EQ(outbox(now_ok.c.id).at(0).next_attempt_at, at("2016-03-01T21:40:00Z"));
  const CaseView later = open_case(ada, "2016-03-01T23:10:00Z");
  EXPECT_EQ(outbox(later.c.id).at(0).next_attempt_at, at("2016-03-02T07:00:00Z"));
}

TEST_P(NotificationsTest, LetterWhenThePostIsPreferred) {
  const Id ada = customer({{"ada@example.org", "", true}}, {}, PreferredChannel::kPost,
                         {{"1 High Street", "Flat 2", "", "Barnet", "EN5 5AA", std::nullopt, "", true}});
  const CaseView v = open_case(ada);
  auto msgs = outbox(v.c.id);
  ASSERT_EQ(msgs.size(), 1u);
  EXPECT_EQ(msgs[0].channel, "letter");
  EXPECT_EQ(msgs[0].recipient, "Mrs Ada Lovelace\n1 High Street\nFlat 2\nBarnet\nEN5 5AA");
  // Erasing the customer takes their name and address off the queued letter.
  ASSERT_TRUE(services_.privacy.erase(system("2016-03-02T10:00:00Z"), ada, false).ok());
  msgs = outbox(v.c.id);
  ASSERT_EQ(msgs.size(), 1u);
  EXPECT_EQ(msgs[0].recipient, "[erased]");
  EXPECT_EQ(msgs[0].status, "cancelled");
}

TEST_P(NotificationsTest, LifecycleMessagesAndSurveyAfterClosure) {
  const Id ada = customer({{"ada@example.org", "", true}});
  const CaseView v = open_case(ada);
  TransitionRequest start;
  start.to = CaseStatus::kInProgress;
  ASSERT_TRUE(services_.cases.transition(system("2016-03-02T09:00:00Z"), v.c.reference, start, std::nullopt).ok());
  NewNote note;
  note.text = "Our carpenter will visit on Friday.";
  note.visibility = Visibility::kPublic;
  ASSERT_TRUE(services_.cases.add_note(system("2016-03-02T10:00:00Z"), v.c.reference, note).ok());
  note.text = "internal only";
  note.visibility = Visibility::kInternal;
  ASSERT_TRUE(services_.cases.add_note(system("2016-03-02T10:05:00Z"), v.c.reference, note).ok());
  close(v.c.reference, "2016-03-04T15:00:00Z");

  const auto msgs = outbox(v.c.id);
  std::vector<std::string> names;
  for (const auto& m : msgs) names.push_back(m.template_name);
  EXPECT_EQ(names, (std::vector<std::string>{"case_acknowledgement", "case_status_changed", "case_response",
                                             "case_closed", "case_survey"}));
  EXPECT_NE(msgs[1].body.find("is now: in progress"), std::string::npos) << msgs[1].body;
  EXPECT_NE(msgs[2].body.find("Our carpenter will visit on Friday."), std::string::npos);
  EXPECT_NE(msgs[3].body.find("We have closed your request " + v.c.reference), std::string::npos) << msgs[3].body;
  EXPECT_NE(msgs[3].body.find("We replaced the bench."), std::string::npos);
  for (const auto& m : msgs) EXPECT_EQ(m.recipient, "ada@example.org");
  // The survey waits 48 hours by default, and carries one-click ratings.
  const OutboxMessage& survey = msgs[4];
  EXPECT_EQ(survey.next_attempt_at, at("2016-03-06T15:00:00Z"));
  const std::string token = token_in(survey.body, "http://127.0.0.1:8080/survey");
  ASSERT_FALSE(token.empty()) << survey.body;
  EXPECT_NE(survey.body.find("&rating=5"), std::string::npos);

  // The response: recorded once; bad tokens and ratings refused.
  const RequestContext anon{council_.tenant, Principal{}, at("2016-03-07T09:00:00Z")};
  auto shown = services_.notifications.survey(anon, token);
  ASSERT_TRUE(shown.ok());
  EXPECT_EQ(shown->reference, v.c.reference);
  EXPECT_FALSE(shown->answered);
  EXPECT_EQ(services_.notifications.respond(anon, token, 6, "").error().field, "rating");
  EXPECT_EQ(services_.notifications.respond(anon, "nope", 4, "").error().code, ErrorCode::kNotFound);
  ASSERT_TRUE(services_.notifications.respond(anon, token, 4, "Quick work").ok());
  EXPECT_EQ(services_.notifications.respond(anon, token, 1, "changed my mind").error().code,
            ErrorCode::kFailedPrecondition);
  EXPECT_TRUE(services_.notifications.survey(anon, token)->answered);

  // The satisfaction report counts it: one survey sent in March, answered 4.
  auto t = services_.reports.run(system("2016-04-01T00:00:00Z"),
                                 ReportRequest{"satisfaction", {{"from", "2016-03"}, {"to", "2016-03"}}});
  ASSERT_TRUE(t.ok()) << t.error().message;
  EXPECT_EQ(report::render_csv(*t),
            "Month,Channel,Service,Delivery unit,Surveys sent,Responses,% Response rate,Mean rating\r\n"
            "2016-03,email,General enquiry,Street Scene,1,1,100.0,4.0\r\n"
            "Total,,,,1,1,100.0,4.0\r\n");

  // The cap: a second case closed for Ada within 90 days gets no survey.
  const CaseView second = open_case(ada, "2016-03-10T10:00:00Z");
  close(second.c.reference, "2016-03-11T10:00:00Z");
  for (const auto& m : outbox(second.c.id)) EXPECT_NE(m.template_name, "case_survey");
}

TEST_P(NotificationsTest, UnsubscribeStopsOptionalMessagesButNotStatutoryOnes) {
  const Id ada = customer({{"ada@example.org", "", true}});
  const CaseView v = open_case(ada);
  const std::string token = token_in(outbox(v.c.id).at(0).body, "http://127.0.0.1:8080/unsubscribe");
  ASSERT_FALSE(token.empty());
  const RequestContext anon{council_.tenant, Principal{}, at("2016-03-01T12:00:00Z")};
  auto info = services_.notifications.unsubscribe_info(anon, token);
  ASSERT_TRUE(info.ok());
  EXPECT_EQ(info->preference, "consent_updates");
  EXPECT_FALSE(info->already_done);
  ASSERT_TRUE(services_.notifications.unsubscribe(anon, token).ok());
  ASSERT_TRUE(services_.notifications.unsubscribe(anon, token).ok());  // twice is harmless
  EXPECT_EQ(services_.notifications.unsubscribe_info(anon, "made-up").error().field, "token");

  // Recorded as a preference change, with history, once.
  auto prefs = services_.privacy.preferences(system("2016-03-01T12:00:00Z"), ada);
  ASSERT_TRUE(prefs.ok());
  EXPECT_EQ(prefs->current.consent_updates, std::optional<bool>(false));
  ASSERT_EQ(prefs->history.size(), 1u);
  EXPECT_EQ(prefs->history[0].changed_by, "unsubscribe-link");

  // Optional updates stop...
  TransitionRequest start;
  start.to = CaseStatus::kInProgress;
  ASSERT_TRUE(services_.cases.transition(system("2016-03-02T09:00:00Z"), v.c.reference, start, std::nullopt).ok());
  EXPECT_EQ(outbox(v.c.id).size(), 1u);
  // ...statutory ones (a complaint's acknowledgement) still go, without a link.
  const CaseView complaint = open_case(ada, "2016-03-02T10:00:00Z", CaseType::kComplaint);
  auto msgs = outbox(complaint.c.id);
  ASSERT_EQ(msgs.size(), 1u);
  EXPECT_EQ(msgs[0].template_name, "case_acknowledgement");
  EXPECT_EQ(msgs[0].body.find("unsubscribe"), std::string::npos) << msgs[0].body;
}

TEST_P(NotificationsTest, UnsubscribeLinksAreSignedAndCannotBeAlteredOrOutliveErasure) {
  const Id ada = customer({{"ada@example.org", "", true}});
  const Id bob = customer({{"bob@example.org", "", true}});
  const std::string token = token_in(outbox(open_case(ada).c.id).at(0).body, "http://127.0.0.1:8080/unsubscribe");
  ASSERT_EQ(token.rfind("v1-" + std::to_string(ada) + "-u-", 0), 0u) << token;
  const RequestContext anon{council_.tenant, Principal{}, at("2016-03-01T12:00:00Z")};
  ASSERT_TRUE(services_.notifications.unsubscribe_info(anon, token).ok());

  // Naming another customer or preference, or any change to the MAC, breaks it.
  const std::string mac = token.substr(token.rfind('-') + 1);
  for (const std::string& forged :
       {"v1-" + std::to_string(bob) + "-u-" + mac, "v1-" + std::to_string(ada) + "-s-" + mac,
        token.substr(0, token.size() - 1) + (token.back() == '0' ? "1" : "0"), token.substr(0, token.size() - 1),
        std::string("v1--u-") + mac, std::string("v1-")}) {
    auto r = services_.notifications.unsubscribe(anon, forged);
    ASSERT_FALSE(r.ok()) << forged;
    EXPECT_EQ(r.error().field, "token") << forged;
  }
  // Another council's key does not sign this council's links.
  Tenant othershire;
  othershire.slug = "othershire";
  othershire.name = "Othershire";
  othershire.reference_prefix = "OTH";
  auto other = services_.catalogue.create_tenant(othershire, {}, at("2016-03-01T09:00:00Z"));
  ASSERT_TRUE(other.ok()) << other.error().message;
  EXPECT_FALSE(services_.notifications.unsubscribe_info({other->id, Principal{}, anon.now}, token).ok());
  auto prefs = services_.privacy.preferences(system("2016-03-01T12:00:00Z"), bob);
  EXPECT_TRUE(prefs->history.empty());

  // A link stored before links were signed still works.
  const std::string stored = crypto::random_token("");
  ASSERT_TRUE(db_.store().write([&](Tx& tx) {
    return tx.insert_unsubscribe_token(council_.tenant, UnsubscribeToken{crypto::sha256_hex(stored), bob,
                                                                         "consent_surveys", std::nullopt,
                                                                         anon.now, std::nullopt});
  }).ok());
  auto old = services_.notifications.unsubscribe(anon, stored);
  ASSERT_TRUE(old.ok()) << old.error().message;
  EXPECT_EQ(old->preference, "consent_surveys");
  EXPECT_EQ(services_.privacy.preferences(system("2016-03-01T12:00:00Z"), bob)->current.consent_surveys,
            std::optional<bool>(false));

  // Once Ada is erased her link is no longer valid and records nothing.
  ASSERT_TRUE(services_.privacy.erase(system("2016-03-02T10:00:00Z"), ada, false).ok());
  auto after = services_.notifications.unsubscribe(anon, token);
  ASSERT_FALSE(after.ok());
  EXPECT_EQ(after.error().field, "token");
}

TEST_P(NotificationsTest, TemplatesPerCategoryAndSwitchedOffTriggers) {
  const Id ada = customer({{"ada@example.org", "", true}});
  TemplateText bad{"Hi ((reference))", "Body ((survey_link))", "x"};
  auto refused = services_.notifications.put_template(system("2016-03-01T09:00:00Z"), "case_acknowledgement",
                                                      "general", bad);
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.error().field, "body");
  TemplateText good{"Logged ((reference))", "Dear ((name)), logged ((title)).", "Logged ((reference))"};
  ASSERT_TRUE(services_.notifications.put_template(system("2016-03-01T09:00:00Z"), "case_acknowledgement", "general",
                                                   good)
                  .ok());
  NotificationSettingsRow off;
  off.category = "general";
  off.disabled = std::vector<std::string>{"case_status_changed"};
  ASSERT_TRUE(services_.notifications.put_settings(system("2016-03-01T09:00:00Z"), off).ok());

  const CaseView v = open_case(ada);
  auto msgs = outbox(v.c.id);
  ASSERT_EQ(msgs.size(), 1u);
  EXPECT_EQ(msgs[0].subject, "Logged " + v.c.reference);
  EXPECT_TRUE(msgs[0].body.starts_with("Dear Mrs Ada Lovelace, logged Broken bench in the park.")) << msgs[0].body;
  TransitionRequest start;
  start.to = CaseStatus::kInProgress;
  ASSERT_TRUE(services_.cases.transition(system("2016-03-02T09:00:00Z"), v.c.reference, start, std::nullopt).ok());
  EXPECT_EQ(outbox(v.c.id).size(), 1u);
}

TEST_P(NotificationsTest, AFailedWriteQueuesNothingAndItsRetryQueuesOnce) {
  // A case event's messages carry no idempotency key: they are rows of the
  // transaction that writes the event, so a transaction that fails takes
  // them with it and the run that succeeds queues them once.
  const Id ada = customer({{"ada@example.org", "", true}});
  const CaseView v = open_case(ada);
  auto events = services_.cases.timeline(system("2016-03-01T10:00:00Z"), v.c.reference, std::nullopt);
  ASSERT_TRUE(events.ok());
  auto queue_receipt = [&](bool then_fail) {
    return db_.store().write([&](Tx& tx) -> Status {
      ASSIGN_OR_RETURN(auto cat, services_.cache.get(tx, council_.tenant));
      CaseEvent received = events->events.at(0);
      received.id = 0;  // as create() queues it
      RETURN_IF_ERROR(queue_case_notifications(tx, *cat, council_.tenant, v.c, {received}, true,
                                               at("2016-03-01T10:00:00Z"), "http://127.0.0.1:8080"));
      if (then_fail) return Error(ErrorCode::kConflict, "a later step failed");
      return {};
    });
  };
  const size_t before = outbox(v.c.id).size();
  ASSERT_EQ(before, 1u);  // the acknowledgement create() queued
  EXPECT_FALSE(queue_receipt(true).ok());
  EXPECT_EQ(outbox(v.c.id).size(), before);
  ASSERT_TRUE(queue_receipt(false).ok());
  const auto after = outbox(v.c.id);
  ASSERT_EQ(after.size(), before + 1);
  EXPECT_EQ(after.back().template_name, "case_acknowledgement");
  EXPECT_EQ(after.back().idempotency_key, "");
}

TEST_P(NotificationsTest, LeadsDigestOncePerLeadPerDay) {
  Officer lead{0, "Lena Lead", "lena.lead@testshire.gov.uk", "street-scene", "waste", OfficerRole::kLead, true};
  ASSERT_TRUE(services_.catalogue.put_officer(system("2016-02-01T09:00:00Z"), lead).ok());
  // Received 1 February: 10 working days -> due 15 February, overdue on 1 March.
  NewCase n;
  n.category = "general";
  n.title = "Old request";
  n.description = "Still waiting";
  n.received_at = at("2016-02-01T10:00:00Z");
  auto old = services_.cases.create(system("2016-02-01T10:00:00Z"), n);
  ASSERT_TRUE(old.ok()) << old.error().message;
  const RequestContext ctx = system("2016-03-01T07:30:00Z");
  auto run = services_.notifications.run_digest(ctx);
  ASSERT_TRUE(run.ok()) << run.error().message;
  EXPECT_EQ(run->delivery_units, 1);
  EXPECT_EQ(run->messages, 1);
  ASSERT_TRUE(services_.notifications.run_digest(ctx).ok());
  std::vector<OutboxMessage> digests;
  for (const auto& m : outbox())
    if (m.template_name == "lead_digest") digests.push_back(m);
  ASSERT_EQ(digests.size(), 1u);
  EXPECT_EQ(digests[0].recipient, "lena.lead@testshire.gov.uk");
  EXPECT_EQ(digests[0].subject, "Street Scene: 1 overdue, 0 due today");
  EXPECT_NE(digests[0].body.find("- " + old->c.reference + " Old request (due 2016-02-15)"), std::string::npos)
      << digests[0].body;
  // An officer may not run it.
  Principal officer;
  officer.kind = Principal::Kind::kUser;
  officer.id = 5;
  officer.role = Role::kOfficer;
  EXPECT_FALSE(services_.notifications.run_digest(RequestContext{council_.tenant, officer, ctx.now}).ok());
}

INSTANTIATE_TEST_SUITE_P(Backends, NotificationsTest, ::testing::ValuesIn(testing::test_backends()));

}  // namespace
}  // namespace civicdesk

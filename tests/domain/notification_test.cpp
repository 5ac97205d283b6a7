// Customer notifications (domain/notification*.h): template checks and
// rendering, trigger selection, channel choice, SMS quiet hours, survey
// sampling and the cap, and the satisfaction report table.
#include <gtest/gtest.h>

#include "domain/notification.h"
#include "domain/satisfaction_report.h"
#include "domain_test_util.h"

namespace civicdesk {
namespace {

using testing::D;
using testing::Utc;

// ---- templates ---------------------------------------------------------------

TEST(NotificationTemplate, RendersPlaceholdersIncludingOnesInBrackets) {
  EXPECT_EQ(render("Ref ((reference)) (((title))) for ((name)).", {{"reference", "TST-1"}, {"title", "Pothole"},
                                                                    {"name", "Ada"}}),
            "Ref TST-1 (Pothole) for Ada.");
  EXPECT_EQ(render("((missing)) stays empty", {}), " stays empty");
  EXPECT_EQ(render("no placeholders", {{"a", "b"}}), "no placeholders");
}

TEST(NotificationTemplate, EveryShippedTemplateIsValid) {
  for (std::string_view name : template_names()) {
    auto t = default_template(name);
    ASSERT_TRUE(t) << name;
    EXPECT_TRUE(validate_template(name, *t).ok()) << name << ": " << validate_template(name, *t).error().message;
  }
}

TEST(NotificationTemplate, RefusesPlaceholdersTheTriggerDoesNotProvide) {
  TemplateText t = *default_template(template_name::kAcknowledgement);
  t.body += " ((response))";
  Status s = validate_template(template_name::kAcknowledgement, t);
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.error().code, ErrorCode::kInvalidField);
  EXPECT_EQ(s.error().field, "body");
  EXPECT_NE(s.error().message.find("((response))"), std::string::npos);
  EXPECT_NE(s.error().message.find("((reference))"), std::string::npos);  // says what is available

  // The same placeholder is fine where its trigger provides it.
  TemplateText r = *default_template(template_name::kResponse);
  r.sms = "((response))";
  EXPECT_TRUE(validate_template(template_name::kResponse, r).ok());
}

TEST(NotificationTemplate, RefusesMalformedAndMissingParts) {
  TemplateText t = *default_template(template_name::kClosed);
  t.subject = "Closed ((reference)";
  EXPECT_EQ(validate_template(template_name::kClosed, t).error().field, "subject");
  t = *default_template(template_name::kClosed);
  t.sms = "((bad name))";
  EXPECT_EQ(validate_template(template_name::kClosed, t).error().field, "sms");
  t = *default_template(template_name::kClosed);
  t.body = "  ";
  EXPECT_EQ(validate_template(template_name::kClosed, t).error().code, ErrorCode::kMissingField);
  EXPECT_EQ(validate_template("no_such_template", t).error().field, "name");
}

// ---- settings and quiet hours ----------------------------------------------------

TEST(NotificationSettings, CategoryOverridesCouncilOverridesDefaults) {
  NotificationSettingsRow council;
  council.survey_percent = 50;
  council.quiet_from = 22 * 60;
  NotificationSettingsRow potholes;
  potholes.category = "pothole";
  potholes.survey_percent = 10;
  potholes.disabled = std::vector<std::string>{"case_status_changed"};
  const auto s = effective_settings({council, potholes}, "pothole");
  EXPECT_EQ(s.survey_percent, 10);
  EXPECT_EQ(s.quiet_from, 22 * 60);
  EXPECT_EQ(s.quiet_until, 8 * 60);
  EXPECT_FALSE(s.enabled("case_status_changed"));
  const auto bins = effective_settings({council, potholes}, "missed-bin");
  EXPECT_EQ(bins.survey_percent, 50);
  EXPECT_TRUE(bins.enabled("case_status_changed"));
  EXPECT_EQ(bins.survey_cap_days, 90);
}

TEST(NotificationSettings, ValidatesRangesAndNames) {
  NotificationSettingsRow r;
  r.survey_percent = 101;
  EXPECT_EQ(validate_settings(r).error().field, "survey_percent");
  r = {};
  r.disabled = std::vector<std::string>{"lead_digest"};
  EXPECT_EQ(validate_settings(r).error().field, "disabled");
  r = {};
  r.quiet_until = 1440;
  EXPECT_EQ(validate_settings(r).error().field, "quiet_until");
  EXPECT_EQ(*parse_clock_minutes("21:30", "quiet_from"), 21 * 60 + 30);
  EXPECT_FALSE(parse_clock_minutes("24:00", "quiet_from").ok());
  EXPECT_FALSE(parse_clock_minutes("9:00", "quiet_from").ok());
  EXPECT_EQ(format_clock_minutes(8 * 60 + 5), "08:05");
}

TEST(QuietHours, SmsWaitsForTheEndOfTheQuietPeriodInLondonTime) {
  const int from = 21 * 60, until = 8 * 60;
  // Winter (GMT): 20:59 goes now; 21:00 waits until 08:00 the next morning.
  EXPECT_EQ(sms_send_after(Utc(2016, 1, 12, 20, 59), from, until), Utc(2016, 1, 12, 20, 59));
  EXPECT_EQ(sms_send_after(Utc(2016, 1, 12, 21, 0), from, until), Utc(2016, 1, 13, 8, 0));
  EXPECT_EQ(sms_send_after(Utc(2016, 1, 13, 3, 0), from, until), Utc(2016, 1, 13, 8, 0));
  EXPECT_EQ(sms_send_after(Utc(2016, 1, 13, 8, 0), from, until), Utc(2016, 1, 13, 8, 0));
  // Summer (BST): 20:30 UTC is 21:30 in London; 08:00 BST is 07:00 UTC.
  EXPECT_EQ(sms_send_after(Utc(2016, 6, 1, 20, 30), from, until), Utc(2016, 6, 2, 7, 0));
  EXPECT_EQ(sms_send_after(Utc(2016, 6, 1, 19, 59), from, until), Utc(2016, 6, 1, 19, 59));
  // A quiet period inside one day, and none at all.
  EXPECT_EQ(sms_send_after(Utc(2016, 1, 12, 13, 0), 12 * 60, 14 * 60), Utc(2016, 1, 12, 14, 0));
  EXPECT_EQ(sms_send_after(Utc(2016, 1, 12, 23, 0), 0, 0), Utc(2016, 1, 12, 23, 0));
}

// ---- routes ------------------------------------------------------------------------

Customer person() {
  Customer c;
  c.id = 7;
  c.title = "Mrs";
  c.given_name = "Ada";
  c.family_name = "Lovelace";
  return c;
}

TEST(ContactRoute, PreferredChannelThenEmailSmsLetter) {
  Customer c = person();
  EXPECT_FALSE(contact_route(c));
  c.addresses.push_back({"1 High Street", "", "", "Barnet", "EN5 5AA", std::nullopt, "", true});
  auto letter = contact_route(c);
  ASSERT_TRUE(letter);
  EXPECT_EQ(letter->channel, "letter");
  EXPECT_EQ(letter->recipient, "Mrs Ada Lovelace\n1 High Street\nBarnet\nEN5 5AA");
  c.phones.push_back({"+442079460000", "home", true});  // a landline takes no texts
  EXPECT_EQ(contact_route(c)->channel, "letter");
  c.phones.push_back({"+447700900982", "mobile", false});
  EXPECT_EQ(contact_route(c)->recipient, "+447700900982");
  c.emails.push_back({"ada@example.org", "", true});
  EXPECT_EQ(contact_route(c)->recipient, "ada@example.org");  // no preference: email first
  c.preferred_channel = PreferredChannel::kSms;
  EXPECT_EQ(contact_route(c)->channel, "sms");
  c.preferred_channel = PreferredChannel::kPost;
  EXPECT_EQ(contact_route(c)->channel, "letter");
  c.preferred_channel = PreferredChannel::kTelephone;
  EXPECT_EQ(contact_route(c)->channel, "email");
}

// ---- triggers ------------------------------------------------------------------------

Case pothole_case() {
  Case c;
  c.id = 12;
  c.reference = "TST-0000012";
  c.type = CaseType::kServiceRequest;
  c.category = "pothole";
  c.customer_id = 7;
  c.title = "Pothole on Station Road";
  c.clock.resolve_by = D(2016, 3, 8);
  return c;
}

CaseEvent event(Id id, std::string_view kind, std::map<std::string, std::string> d,
                Visibility v = Visibility::kPublic) {
  CaseEvent e;
  e.id = id;
  e.kind = std::string(kind);
  e.visibility = v;
  e.details = std::move(d);
  return e;
}

const NoticeNames kNames{"Testshire Council", "Pothole", "Mrs Ada Lovelace"};

std::vector<std::string> names_of(const std::vector<CaseNotice>& ns) {
  std::vector<std::string> out;
  for (const auto& n : ns) out.push_back(n.template_name);
  return out;
}

TEST(CaseNotices, EachEventCallsForItsMessage) {
  const Case c = pothole_case();
  const std::vector<CaseEvent> events = {
      event(1, event_kind::kReceived, {}),
      event(2, event_kind::kStatusChanged, {{"from", "new"}, {"to", "in_progress"}}),
      event(3, event_kind::kStatusChanged, {{"from", "in_progress"}, {"to", "awaiting_customer"}}),
      event(4, event_kind::kClockExtended, {{"reason", "Waiting for a road closure"}, {"resolve_by", "2016-03-22"}}),
      event(5, event_kind::kNote, {{"text", "We have filled it"}}),
      event(6, event_kind::kNote, {{"text", "internal"}}, Visibility::kInternal),
      event(7, event_kind::kStatusChanged, {{"from", "in_progress"}, {"to", "closed"}, {"outcome", "resolved"}}),
      event(8, event_kind::kAssigned, {}),
  };
  auto ns = case_notices(c, events, {}, true, kNames);
  EXPECT_EQ(names_of(ns), (std::vector<std::string>{"case_acknowledgement", "case_status_changed",
                                                    "case_status_changed", "case_delay", "case_response",
                                                    "case_closed"}));
  EXPECT_EQ(ns[0].values.at("expected_date"), "Tuesday 8 March 2016");
  EXPECT_EQ(ns[2].values.at("status"), "waiting for information from you");
  EXPECT_EQ(ns[3].values.at("expected_date"), "Tuesday 22 March 2016");
  EXPECT_EQ(ns[4].values.at("response"), "We have filled it");
  EXPECT_EQ(ns[5].values.at("outcome"), "resolved");
  EXPECT_FALSE(ns[0].statutory);
  // A public note from the customer is not a response from the council.
  EXPECT_TRUE(case_notices(c, {events[4]}, {}, false, kNames).empty());
}

TEST(CaseNotices, ACaseWithoutATitleIsNamedByItsDescription) {
  Case c = pothole_case();
  c.title = "";
  c.description = "Bin not collected on Tuesday\nThe lid was open.";
  auto ns = case_notices(c, {event(1, event_kind::kReceived, {})}, {}, true, kNames);
  ASSERT_EQ(ns.size(), 1u);
  EXPECT_EQ(ns[0].values.at("title"), "Bin not collected on Tuesday");
  const std::string body = render(default_template(template_name::kAcknowledgement)->body, ns[0].values);
  EXPECT_NE(body.find("about Pothole: Bin not collected on Tuesday."), std::string::npos) << body;
}

TEST(CaseNotices, SwitchedOffTriggersAndExclusions) {
  Case c = pothole_case();
  NotificationSettings s;
  s.disabled = {"case_acknowledgement"};
  const auto received = event(1, event_kind::kReceived, {});
  EXPECT_TRUE(case_notices(c, {received}, s, true, kNames).empty());
  // Statutory acknowledgements go regardless of the switch.
  c.type = CaseType::kComplaint;
  auto ns = case_notices(c, {received}, s, true, kNames);
  ASSERT_EQ(ns.size(), 1u);
  EXPECT_TRUE(ns[0].statutory);
  // Members' Enquiries have their own messages; no customer, no message.
  c.type = CaseType::kMemberEnquiry;
  EXPECT_TRUE(case_notices(c, {received}, {}, true, kNames).empty());
  c.type = CaseType::kServiceRequest;
  c.customer_id.reset();
  EXPECT_TRUE(case_notices(c, {received}, {}, true, kNames).empty());
}

TEST(CaseNotices, ConsentStopsOptionalMessagesOnly) {
  CaseNotice optional{"case_status_changed", {}, false};
  CaseNotice statutory{"case_closed", {}, true};
  CaseNotice survey{"case_survey", {}, false};
  ContactPreferences p;
  EXPECT_TRUE(wanted(optional, p));  // never asked: updates about their own case go
  p.consent_updates = false;
  EXPECT_FALSE(wanted(optional, p));
  EXPECT_TRUE(wanted(statutory, p));
  EXPECT_TRUE(wanted(survey, p));
  p.consent_surveys = false;
  EXPECT_FALSE(wanted(survey, p));
}

TEST(Compose, RendersForTheChannelAddsTheUnsubscribeLinkAndRespectsQuietHours) {
  const Case c = pothole_case();
  auto ns = case_notices(c, {event(41, event_kind::kReceived, {})}, {}, true, kNames);
  ASSERT_EQ(ns.size(), 1u);
  const TemplateText t = *default_template(template_name::kAcknowledgement);
  const Instant late = Utc(2016, 3, 1, 22, 15);  // 22:15 GMT
  OutboxMessage email = compose(c.id, ns[0], t, {"email", "ada@example.org"}, "https://x/unsubscribe?token=T", {},
                                late, late);
  EXPECT_EQ(email.subject, "We have received your request TST-0000012");
  EXPECT_NE(email.body.find("Dear Mrs Ada Lovelace,"), std::string::npos);
  EXPECT_NE(email.body.find("We expect to complete this by Tuesday 8 March 2016."), std::string::npos);
  EXPECT_TRUE(email.body.ends_with("To stop receiving these updates: https://x/unsubscribe?token=T"));
  EXPECT_EQ(email.next_attempt_at, late);  // email ignores quiet hours
  EXPECT_TRUE(email.idempotency_key.empty());  // written once, with its event
  EXPECT_EQ(email.template_name, "case_acknowledgement");
  EXPECT_EQ(email.case_id, std::optional<Id>(12));

  OutboxMessage sms = compose(c.id, ns[0], t, {"sms", "+447700900982"}, "https://x/u", {}, late, late);
  EXPECT_EQ(sms.body.rfind("Testshire Council: we have received your request about Pothole.", 0), 0u);
  EXPECT_EQ(sms.next_attempt_at, Utc(2016, 3, 2, 8, 0));

  CaseNotice statutory = ns[0];
  statutory.statutory = true;
  OutboxMessage letter = compose(c.id, statutory, t, {"letter", "A\nB\nEN5 5AA"}, "https://x/u", {}, late, late);
  EXPECT_EQ(letter.body.find("unsubscribe"), std::string::npos);
  EXPECT_EQ(letter.body.find("https://x/u"), std::string::npos);
}

// ---- surveys -------------------------------------------------------------------------

TEST(Surveys, SamplingIsStableAndNearThePercentage) {
  int in = 0;
  for (Id id = 1; id <= 10000; ++id) in += in_survey_sample(id, 20);
  EXPECT_GT(in, 1800);
  EXPECT_LT(in, 2200);
  for (Id id = 1; id <= 100; ++id) {
    EXPECT_EQ(in_survey_sample(id, 37), in_survey_sample(id, 37));
    EXPECT_TRUE(in_survey_sample(id, 100));
    EXPECT_FALSE(in_survey_sample(id, 0));
  }
}

TEST(Surveys, CapAndNoticeAndResponses) {
  const Instant now = Utc(2016, 3, 1, 10);
  EXPECT_TRUE(survey_allowed(std::nullopt, now, 90));
  EXPECT_FALSE(survey_allowed(now - std::chrono::days{89}, now, 90));
  EXPECT_TRUE(survey_allowed(now - std::chrono::days{90}, now, 90));

  Case c = pothole_case();
  auto n = survey_notice(c, {}, kNames);
  ASSERT_TRUE(n);
  add_survey_links(*n, "https://x/survey?token=S");
  EXPECT_EQ(n->values.at("survey_link"), "https://x/survey?token=S");
  EXPECT_NE(n->values.at("rating_links").find("5 (very satisfied): https://x/survey?token=S&rating=5"),
            std::string::npos);
  NotificationSettings off;
  off.disabled = {"case_survey"};
  EXPECT_FALSE(survey_notice(c, off, kNames));
  c.type = CaseType::kMemberEnquiry;
  EXPECT_FALSE(survey_notice(c, {}, kNames));

  EXPECT_TRUE(validate_survey_response(5, "Great").ok());
  EXPECT_EQ(validate_survey_response(0, "").error().field, "rating");
  EXPECT_EQ(validate_survey_response(6, "").error().field, "rating");
  EXPECT_EQ(validate_survey_response(3, std::string(2001, 'x')).error().field, "comment");
}

TEST(SatisfactionReport, ResponseRateAndMeanByMonthChannelAndService) {
  using report::SurveyFact;
  const std::vector<SurveyFact> facts = {
      {D(2016, 3, 1), "email", "pothole", "highways", 5}, {D(2016, 3, 2), "email", "pothole", "highways", 4},
      {D(2016, 3, 3), "email", "pothole", "highways", std::nullopt},
      {D(2016, 3, 3), "sms", "missed-bin", "street-scene", std::nullopt},
      {D(2016, 4, 1), "email", "pothole", "highways", 1},
      {D(2016, 5, 1), "email", "pothole", "highways", 1},  // outside the range
  };
  const auto t = report::satisfaction_table({{2016, 3}, {2016, 4}}, facts, {{"pothole", "Pothole"}},
                                            {{"highways", "Highways"}});
  EXPECT_EQ(report::render_csv(t),
            "Month,Channel,Service,Delivery unit,Surveys sent,Responses,% Response rate,Mean rating\r\n"
            "2016-03,email,Pothole,Highways,3,2,66.7,4.5\r\n"
            "2016-03,sms,missed-bin,street-scene,1,0,0.0,\r\n"
            "2016-04,email,Pothole,Highways,1,1,100.0,1.0\r\n"
            "Total,,,,5,3,60.0,3.3\r\n");
}

TEST(Digest, ListsAreCappedAndCounted) {
  std::vector<DigestCase> due = {{"TST-0000001", "Pothole", D(2016, 3, 1)}};
  std::vector<DigestCase> overdue;
  for (int i = 0; i < 53; ++i) overdue.push_back({"TST-" + std::to_string(i), "Bin", D(2016, 2, 1)});
  auto v = digest_values("Testshire Council", "Hal", "Highways", D(2016, 3, 1), due, overdue);
  EXPECT_EQ(v.at("due_list"), "- TST-0000001 Pothole (due 2016-03-01)");
  EXPECT_EQ(v.at("overdue_count"), "53");
  EXPECT_TRUE(v.at("overdue_list").ends_with("... and 3 more"));
  EXPECT_EQ(render(default_template(template_name::kLeadDigest)->subject, v), "Highways: 53 overdue, 1 due today");
}

TEST(NotificationTemplate, OnlyCaseMessagesCanBeSwitchedOff) {
  EXPECT_TRUE(is_case_message(template_name::kAcknowledgement));
  EXPECT_TRUE(is_case_message(template_name::kSurvey));
  EXPECT_FALSE(is_case_message(template_name::kLeadDigest));
  EXPECT_FALSE(is_case_message(template_name::kMeReceived));
  EXPECT_FALSE(is_case_message("case_unknown"));
  NotificationSettingsRow r;
  r.disabled = std::vector<std::string>{"me_response"};
  Status s = validate_settings(r);
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.error().field, "disabled");
}

}  // namespace
}  // namespace civicdesk

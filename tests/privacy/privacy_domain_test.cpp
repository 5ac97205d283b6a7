// Retention rules and contact preferences: the pure domain functions.
#include <gtest/gtest.h>

#include "domain/preferences.h"
#include "domain/retention.h"
#include "support/fixtures.h"

namespace civicdesk {
namespace {

using namespace std::chrono;
using testing::at;

LocalDate day(const char* iso) {
  auto d = parse_date(iso);
  EXPECT_TRUE(d.has_value()) << iso;
  return d ? *d : LocalDate{};
}

// ---- retention ---------------------------------------------------------------

TEST(RetentionDomain, KeepYearsBounds) {
  EXPECT_TRUE(check_keep_years(0, "x").ok());
  EXPECT_TRUE(check_keep_years(kMaxKeepYears, "x").ok());
  Status low = check_keep_years(-1, "rules.complaint");
  ASSERT_FALSE(low.ok());
  EXPECT_EQ(low.error().code, ErrorCode::kInvalidField);
  EXPECT_EQ(low.error().field, "rules.complaint");
  EXPECT_FALSE(check_keep_years(kMaxKeepYears + 1, "x").ok());
}

TEST(RetentionDomain, DefaultRulesCoverEveryType) {
  const RetentionRules r = default_retention_rules();
  EXPECT_EQ(r.size(), 9u);
  EXPECT_EQ(r.at(CaseType::kComplaint), 6);
  EXPECT_EQ(r.at(CaseType::kFoiRequest), 3);
  EXPECT_EQ(r.at(CaseType::kEirRequest), 3);
  EXPECT_EQ(r.at(CaseType::kServiceRequest), 2);
  EXPECT_EQ(r.at(CaseType::kSubjectAccessRequest), 2);
  for (const auto& [type, years] : r) EXPECT_TRUE(check_keep_years(years, "x").ok()) << to_string(type);
}

TEST(RetentionDomain, PeriodEndsOnTheAnniversary) {
  EXPECT_EQ(retention_ends(day("2016-03-01"), 6), day("2022-03-01"));
  EXPECT_EQ(retention_ends(day("2016-12-31"), 2), day("2018-12-31"));
  EXPECT_EQ(retention_ends(day("2016-03-01"), 0), day("2016-03-01"));
  // 29 February: the period ends on 1 March in a common year, on 29
  // February in a leap year.
  EXPECT_EQ(retention_ends(day("2016-02-29"), 1), day("2017-03-01"));
  EXPECT_EQ(retention_ends(day("2016-02-29"), 4), day("2020-02-29"));
}

TEST(RetentionDomain, OpenCasesAreAlwaysKept) {
  const RetentionRules rules{{CaseType::kComplaint, 0}};
  for (auto purpose : {RetentionPurpose::kScheduledRun, RetentionPurpose::kErasureRequest}) {
    for (auto status : {CaseStatus::kNew, CaseStatus::kInProgress, CaseStatus::kAwaitingCustomer}) {
      // A stale closed_at (a re-opened case) does not count.
      auto d = decide_retention(CaseType::kComplaint, status, at("2001-01-01T00:00:00Z"), rules, day("2030-01-01"),
                                purpose);
      EXPECT_EQ(d.verdict, RetentionVerdict::kKeep);
      EXPECT_EQ(d.reason, RetentionReason::kOpen);
    }
    auto closed_without_date =
        decide_retention(CaseType::kComplaint, CaseStatus::kClosed, std::nullopt, rules, day("2030-01-01"), purpose);
    EXPECT_EQ(closed_without_date.verdict, RetentionVerdict::kKeep);
  }
}

TEST(RetentionDomain, ClosedCasesAreKeptUntilThePeriodEnds) {
  const RetentionRules rules{{CaseType::kComplaint, 6}};
  const Instant closed = at("2016-03-01T10:00:00Z");
  auto before = decide_retention(CaseType::kComplaint, CaseStatus::kClosed, closed, rules, day("2022-02-28"),
                                 RetentionPurpose::kScheduledRun);
  EXPECT_EQ(before.verdict, RetentionVerdict::kKeep);
  EXPECT_EQ(before.reason, RetentionReason::kWithinPeriod);
  ASSERT_TRUE(before.ends.has_value());
  EXPECT_EQ(*before.ends, day("2022-03-01"));
  EXPECT_EQ(before.keep_years, 6);
  EXPECT_EQ(explain(before, CaseType::kComplaint),
            "closed complaint: kept until its 6-year retention period ends on 2022-03-01");

  auto on = decide_retention(CaseType::kComplaint, CaseStatus::kClosed, closed, rules, day("2022-03-01"),
                             RetentionPurpose::kScheduledRun);
  EXPECT_EQ(on.verdict, RetentionVerdict::kAnonymise);
  EXPECT_EQ(on.reason, RetentionReason::kPeriodOver);
  EXPECT_EQ(explain(on, CaseType::kComplaint), "closed complaint: its 6-year retention period ended on 2022-03-01");

  // An erasure request honours the period in the same way.
  auto erasure = decide_retention(CaseType::kComplaint, CaseStatus::kClosed, closed, rules, day("2020-01-01"),
                                  RetentionPurpose::kErasureRequest);
  EXPECT_EQ(erasure.verdict, RetentionVerdict::kKeep);
  EXPECT_EQ(erasure.reason, RetentionReason::kWithinPeriod);
}

TEST(RetentionDomain, ClosureDateIsTheLondonDate) {
  // 23:30 UTC on 30 June is 00:30 on 1 July in London (BST).
  const RetentionRules rules{{CaseType::kServiceRequest, 2}};
  auto d = decide_retention(CaseType::kServiceRequest, CaseStatus::kClosed, at("2016-06-30T23:30:00Z"), rules,
                            day("2018-06-30"), RetentionPurpose::kScheduledRun);
  ASSERT_TRUE(d.ends.has_value());
  EXPECT_EQ(*d.ends, day("2018-07-01"));
  EXPECT_EQ(d.verdict, RetentionVerdict::kKeep);
}

TEST(RetentionDomain, TypesWithoutARuleDependOnThePurpose) {
  const RetentionRules none;
  const Instant closed = at("2016-03-01T10:00:00Z");
  auto run = decide_retention(CaseType::kComment, CaseStatus::kClosed, closed, none, day("2016-03-02"),
                              RetentionPurpose::kScheduledRun);
  EXPECT_EQ(run.verdict, RetentionVerdict::kKeep);
  EXPECT_EQ(run.reason, RetentionReason::kNoRule);
  EXPECT_FALSE(run.keep_years.has_value());
  EXPECT_FALSE(run.ends.has_value());
  auto erase = decide_retention(CaseType::kComment, CaseStatus::kClosed, closed, none, day("2016-03-02"),
                                RetentionPurpose::kErasureRequest);
  EXPECT_EQ(erase.verdict, RetentionVerdict::kAnonymise);
  EXPECT_EQ(erase.reason, RetentionReason::kNoRule);
  EXPECT_NE(explain(run, CaseType::kComment), explain(erase, CaseType::kComment));
}

TEST(RetentionDomain, NamesOnTheWire) {
  EXPECT_EQ(to_string(RetentionVerdict::kKeep), "keep");
  EXPECT_EQ(to_string(RetentionVerdict::kAnonymise), "anonymise");
  EXPECT_EQ(to_string(RetentionReason::kOpen), "open");
  EXPECT_EQ(to_string(RetentionReason::kWithinPeriod), "within_retention_period");
  EXPECT_EQ(to_string(RetentionReason::kPeriodOver), "retention_period_over");
  EXPECT_EQ(to_string(RetentionReason::kNoRule), "no_retention_rule");
}

// ---- preferences ---------------------------------------------------------------

Customer ada() {
  Customer c;
  c.id = 7;
  c.given_name = "Ada";
  c.family_name = "Lovelace";
  c.emails = {{"ada@example.com", "home", true}};
  return c;
}

TEST(PreferencesDomain, ConsentsComeFromTheLatestHistoryEntry) {
  const Customer c = ada();
  EXPECT_FALSE(current_preferences(c, {}).consent_updates.has_value());  // unknown, not "no"
  EXPECT_FALSE(current_preferences(c, {}).consent_surveys.has_value());
  std::vector<PreferenceChange> h = {
      {"consent_updates", "true", at("2016-01-01T00:00:00Z"), "user:1"},
      {"consent_surveys", "false", at("2016-01-02T00:00:00Z"), "user:1"},
      {"consent_updates", "false", at("2016-01-03T00:00:00Z"), "customer:7"},
  };
  auto p = current_preferences(c, h);
  EXPECT_EQ(p.consent_updates, false);
  EXPECT_EQ(p.consent_surveys, false);
  h.push_back({"consent_surveys", "true", at("2016-01-04T00:00:00Z"), "user:1"});
  EXPECT_EQ(current_preferences(c, h).consent_surveys, true);
  EXPECT_EQ(current_preferences(c, h).language, "en");
}

TEST(PreferencesDomain, ApplyRecordsOnlyWhatChanges) {
  const Customer c = ada();
  const ContactPreferences now = current_preferences(c, {});
  PreferencesUpdate u;
  u.preferred_channel = PreferredChannel::kEmail;
  u.consent_updates = true;
  u.language = "en";  // unchanged
  auto r = apply_preferences(c, now, u, at("2016-03-01T10:00:00Z"), "officer:3");
  ASSERT_TRUE(r.ok()) << r.error().message;
  EXPECT_EQ(r->customer.preferred_channel, PreferredChannel::kEmail);
  ASSERT_EQ(r->history.size(), 2u);
  EXPECT_EQ(r->history[0].name, "preferred_channel");
  EXPECT_EQ(r->history[0].value, "email");
  EXPECT_EQ(r->history[0].changed_by, "officer:3");
  EXPECT_EQ(r->history[0].changed_at, at("2016-03-01T10:00:00Z"));
  EXPECT_EQ(r->history[1].name, "consent_updates");
  EXPECT_EQ(r->history[1].value, "true");

  // The same values again change nothing.
  auto after = r->customer;
  auto again = apply_preferences(after, current_preferences(after, r->history), u, at("2016-03-02T10:00:00Z"), "x");
  ASSERT_TRUE(again.ok());
  EXPECT_TRUE(again->history.empty());
}

TEST(PreferencesDomain, ApplyRefusesBadUpdates) {
  const Customer c = ada();
  const ContactPreferences now = current_preferences(c, {});
  auto empty = apply_preferences(c, now, PreferencesUpdate{}, at("2016-03-01T10:00:00Z"), "x");
  ASSERT_FALSE(empty.ok());
  EXPECT_EQ(empty.error().code, ErrorCode::kMissingField);

  PreferencesUpdate sms;
  sms.preferred_channel = PreferredChannel::kSms;  // no phone number held
  auto no_phone = apply_preferences(c, now, sms, at("2016-03-01T10:00:00Z"), "x");
  ASSERT_FALSE(no_phone.ok());
  EXPECT_EQ(no_phone.error().code, ErrorCode::kInvalidField);

  PreferencesUpdate lang;
  lang.language = "not a language!";
  auto bad_lang = apply_preferences(c, now, lang, at("2016-03-01T10:00:00Z"), "x");
  ASSERT_FALSE(bad_lang.ok());
  EXPECT_EQ(bad_lang.error().code, ErrorCode::kInvalidField);
}

}  // namespace
}  // namespace civicdesk

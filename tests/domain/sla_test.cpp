// sla.h: the SLA clock exactly as shared/DOMAIN.md defines it. Expected dates
// are worked out by hand in the comments (E&W bank holidays from the bundled
// file) or, in the property tests, by the naive reference calendar and the
// tz database.
#include "domain/sla.h"

#include <date/tz.h>

#include <random>

#include "domain_test_util.h"

namespace civicdesk {
namespace {

using namespace std::chrono;
using testing::D;
using testing::show;
using testing::Utc;

const WorkingCalendar& cal() { return testing::ew_calendar(); }

SlaPolicy member_enquiry() {
  SlaPolicy p;
  p.code = "member-enquiry";
  p.name = "Members' Enquiry";
  p.respond_days = 5;
  p.resolve_days = 5;
  p.pausable = false;
  return p;
}

SlaPolicy standard() {  // respond in 2, resolve in 10, pausable
  SlaPolicy p;
  p.code = "standard-10";
  p.name = "Standard";
  p.respond_days = 2;
  p.resolve_days = 10;
  return p;
}

SlaPolicy foi() {
  SlaPolicy p;
  p.code = "foi";
  p.name = "Freedom of Information";
  p.counting = CountingRule::kAfterReceipt;
  p.holidays = HolidaySet::kAllUk;
  p.resolve_days = 20;
  return p;
}

SlaPolicy complaint_stage1() {
  SlaPolicy p;
  p.code = "complaint-stage-1";
  p.name = "Complaint stage 1";
  p.respond_days = 5;  // acknowledge
  p.resolve_days = 10;  // answer within 10 working days of the acknowledgement
  p.resolve_from = ResolveFrom::kResponse;
  p.max_extension = 10;
  return p;
}

SlaPolicy subject_access() {
  SlaPolicy p;
  p.code = "sar";
  p.name = "Subject access request";
  p.clock = ClockKind::kCalendarMonths;
  p.resolve_days = 1;
  p.max_extension = 2;
  return p;
}

SlaClock paused(const SlaPolicy& p, const SlaClock& c, Instant at) {
  auto r = pause_clock(p, c, at);
  EXPECT_TRUE(r.ok()) << (r.ok() ? "" : r.error().message);
  return r.ok() ? *r : c;
}

SlaClock resumed(const SlaPolicy& p, const SlaClock& c, Instant at) {
  auto r = resume_clock(p, cal(), c, at);
  EXPECT_TRUE(r.ok()) << (r.ok() ? "" : r.error().message);
  return r.ok() ? *r : c;
}

// --- start_clock ---------------------------------------------------------------

TEST(StartClock, DomainWorkedExampleReceivedFriday) {
  // Friday 18 Dec 2015 -> start 18th -> 21, 22, 23, 24, (25, 28 holidays) 29.
  const SlaClock c = start_clock(member_enquiry(), cal(), Utc(2015, 12, 18, 10));
  EXPECT_EQ(c.received_on, D(2015, 12, 18));
  EXPECT_EQ(c.start_day, D(2015, 12, 18));
  EXPECT_EQ(c.respond_by, D(2015, 12, 29));
  EXPECT_EQ(c.resolve_by, D(2015, 12, 29));
  EXPECT_EQ(c.paused_on, std::nullopt);
  EXPECT_EQ(c.paused_days, 0);
  EXPECT_EQ(c.extension, 0);
  EXPECT_EQ(c.responded_on, std::nullopt);
  // Late on Friday evening in GMT is still Friday.
  EXPECT_EQ(start_clock(member_enquiry(), cal(), Utc(2015, 12, 18, 23, 59, 59)).resolve_by,
            D(2015, 12, 29));
}

TEST(StartClock, DomainWorkedExampleReceivedSaturday) {
  // Saturday 19 Dec -> start Monday 21st -> 22, 23, 24, 29, 30.
  const SlaClock c = start_clock(member_enquiry(), cal(), Utc(2015, 12, 19, 9));
  EXPECT_EQ(c.received_on, D(2015, 12, 19));
  EXPECT_EQ(c.start_day, D(2015, 12, 21));
  EXPECT_EQ(c.respond_by, D(2015, 12, 30));
  EXPECT_EQ(c.resolve_by, D(2015, 12, 30));
}

TEST(StartClock, NoTargetsNoDates) {
  SlaPolicy p = standard();
  p.respond_days = 0;
  p.resolve_days = 0;
  const SlaClock c = start_clock(p, cal(), Utc(2015, 6, 1, 10));
  EXPECT_EQ(c.respond_by, std::nullopt);
  EXPECT_EQ(c.resolve_by, std::nullopt);
  EXPECT_EQ(c.start_day, D(2015, 6, 1));
}

TEST(StartClock, CountingRuleAfterReceiptVersusFromNextWorkingDay) {
  SlaPolicy after = foi();
  SlaPolicy next = foi();
  next.counting = CountingRule::kFromNextWorkingDay;
  // Received Saturday 6 June 2015. FOI: day 1 is Monday 8th, so day 20 is
  // Friday 3 July (8-12, 15-19, 22-26, 29 Jun-3 Jul).
  const SlaClock a = start_clock(after, cal(), Utc(2015, 6, 6, 11));
  EXPECT_EQ(a.start_day, D(2015, 6, 8));
  EXPECT_EQ(a.resolve_by, D(2015, 7, 3));
  // Council default: start Monday, day 1 Tuesday, day 20 Monday 6 July.
  const SlaClock n = start_clock(next, cal(), Utc(2015, 6, 6, 11));
  EXPECT_EQ(n.start_day, D(2015, 6, 8));
  EXPECT_EQ(n.resolve_by, D(2015, 7, 6));
  // Received on a working day (Wednesday 10 June) the rules agree:
  // day 1 Thursday 11th ... day 20 Wednesday 8 July.
  EXPECT_EQ(start_clock(after, cal(), Utc(2015, 6, 10, 11)).resolve_by, D(2015, 7, 8));
  EXPECT_EQ(start_clock(next, cal(), Utc(2015, 6, 10, 11)).resolve_by, D(2015, 7, 8));
  // One-day targets make the difference plain.
  after.resolve_days = next.resolve_days = 1;
  EXPECT_EQ(start_clock(after, cal(), Utc(2015, 6, 6, 11)).resolve_by, D(2015, 6, 8));
  EXPECT_EQ(start_clock(next, cal(), Utc(2015, 6, 6, 11)).resolve_by, D(2015, 6, 9));
  EXPECT_EQ(start_clock(after, cal(), Utc(2015, 6, 8, 11)).resolve_by, D(2015, 6, 9));
  EXPECT_EQ(start_clock(next, cal(), Utc(2015, 6, 8, 11)).resolve_by, D(2015, 6, 9));
  // FOI received on Christmas Day 2015: day 1 is Tuesday 29th.
  after.resolve_days = 1;
  EXPECT_EQ(start_clock(after, cal(), Utc(2015, 12, 25, 11)).resolve_by, D(2015, 12, 29));
}

TEST(StartClock, FoiCountsBankHolidaysAnywhereInTheUk) {
  auto parsed = parse_bank_holidays(R"({
    "england-and-wales": {"events": [{"date": "2015-01-01"}]},
    "scotland": {"events": [{"date": "2015-01-01"}, {"date": "2015-01-02"}]},
    "northern-ireland": {"events": [{"date": "2015-01-01"}, {"date": "2015-03-17"}]}})");
  ASSERT_TRUE(parsed.ok());
  const auto council = WorkingCalendar::build(*parsed, {Division::kEnglandAndWales});
  const auto all_uk = WorkingCalendar::build(
      *parsed, {Division::kEnglandAndWales, Division::kScotland, Division::kNorthernIreland});
  // Received Wednesday 31 Dec 2014. All-UK: 1 and 2 Jan are holidays, day 1
  // is Monday 5th, day 20 Friday 30 Jan. England & Wales only: day 1 is
  // Friday 2nd, day 20 Thursday 29 Jan.
  EXPECT_EQ(start_clock(foi(), all_uk, Utc(2014, 12, 31, 15)).resolve_by, D(2015, 1, 30));
  EXPECT_EQ(start_clock(foi(), council, Utc(2014, 12, 31, 15)).resolve_by, D(2015, 1, 29));
  // St Patrick's Day: received Monday 16 March 2015, one working day later
  // is Wednesday 18th UK-wide.
  SlaPolicy one = foi();
  one.resolve_days = 1;
  EXPECT_EQ(start_clock(one, all_uk, Utc(2015, 3, 16, 15)).resolve_by, D(2015, 3, 18));
  EXPECT_EQ(start_clock(one, council, Utc(2015, 3, 16, 15)).resolve_by, D(2015, 3, 17));
}

TEST(StartClock, LateEveningInBstBelongsToTheNextLondonDay) {
  SlaPolicy five = member_enquiry();
  // 23:30 UTC on Friday 5 June 2015 is 00:30 BST on Saturday 6th: start
  // Monday 8th, due Monday 15th (9, 10, 11, 12, 15).
  const SlaClock late = start_clock(five, cal(), Utc(2015, 6, 5, 23, 30));
  EXPECT_EQ(late.received_on, D(2015, 6, 6));
  EXPECT_EQ(late.start_day, D(2015, 6, 8));
  EXPECT_EQ(late.resolve_by, D(2015, 6, 15));
  // 22:59:59 UTC is still Friday in London: due Friday 12th.
  const SlaClock before = start_clock(five, cal(), Utc(2015, 6, 5, 22, 59, 59));
  EXPECT_EQ(before.received_on, D(2015, 6, 5));
  EXPECT_EQ(before.resolve_by, D(2015, 6, 12));
  // FOI received 23:30 UTC on Sunday 7 June = Monday 8th in London: day 1 is
  // Tuesday 9th, day 20 Monday 6 July (not Friday 3 July).
  EXPECT_EQ(start_clock(foi(), cal(), Utc(2015, 6, 7, 23, 30)).resolve_by, D(2015, 7, 6));
}

TEST(StartClock, ResolveFromResponseAssumesTheLastPermittedResponseDay) {
  // Complaint received Monday 1 June 2015: acknowledge by Monday 8th; until
  // acknowledged, answer due 10 working days after that: Monday 22nd.
  const SlaClock c = start_clock(complaint_stage1(), cal(), Utc(2015, 6, 1, 9));
  EXPECT_EQ(c.respond_by, D(2015, 6, 8));
  EXPECT_EQ(c.resolve_by, D(2015, 6, 22));
}

// London date of an instant according to the tz database.
LocalDate tz_london_date(Instant t) {
  static const date::time_zone* zone = date::locate_zone("Europe/London");
  const date::zoned_seconds zt{zone, t};
  return LocalDate{floor<days>(zt.get_local_time()).time_since_epoch()};
}

TEST(StartClockProperty, MatchesDomainDefinitionWithNaiveCalendar) {
  const testing::NaiveCalendar naive(
      [] {
        std::vector<LocalDate> v;
        for (const auto& h : testing::bundled_holidays()) v.push_back(h.date);
        return v;
      }());
  std::mt19937_64 rng(2015);
  std::uniform_int_distribution<int64_t> when(Utc(2014, 6, 1).time_since_epoch().count(),
                                              Utc(2028, 1, 1).time_since_epoch().count());
  std::uniform_int_distribution<int> target(1, 60);
  for (int i = 0; i < 5000; ++i) {
    // Bias towards the late evening, where the London date matters.
    Instant received{seconds{when(rng)}};
    if (i % 2) received = floor<days>(received) + hours{23} + minutes{i % 60};
    const int n = target(rng), m = target(rng);
    SlaPolicy p = standard();
    p.respond_days = std::min(n, m);
    p.resolve_days = std::max(n, m);
    p.counting = i % 3 ? CountingRule::kFromNextWorkingDay : CountingRule::kAfterReceipt;
    const SlaClock c = start_clock(p, cal(), received);
    const LocalDate day = tz_london_date(received);
    const LocalDate start = naive.on_or_after(day);
    const LocalDate base = p.counting == CountingRule::kFromNextWorkingDay ? start : day;
    ASSERT_EQ(c.received_on, day) << format_instant(received);
    ASSERT_EQ(c.start_day, start) << format_instant(received);
    ASSERT_EQ(c.respond_by, naive.add(base, p.respond_days)) << format_instant(received);
    ASSERT_EQ(c.resolve_by, naive.add(base, p.resolve_days)) << format_instant(received);
    // The two rules differ by exactly one working day, and only when
    // receipt is on a non-working day.
    SlaPolicy other = p;
    other.counting = p.counting == CountingRule::kAfterReceipt ? CountingRule::kFromNextWorkingDay
                                                               : CountingRule::kAfterReceipt;
    const SlaClock o = start_clock(other, cal(), received);
    const LocalDate after_due = p.counting == CountingRule::kAfterReceipt ? *c.resolve_by : *o.resolve_by;
    const LocalDate next_due = p.counting == CountingRule::kAfterReceipt ? *o.resolve_by : *c.resolve_by;
    if (naive.is_working_day(day))
      ASSERT_EQ(after_due, next_due) << format_instant(received);
    else
      ASSERT_EQ(naive.add(after_due, 1), next_due) << format_instant(received);
  }
}

// --- pause and resume ------------------------------------------------------------

TEST(PauseResume, SameDayIsZero) {
  const SlaPolicy p = standard();
  // Received Monday 1 June 2015: respond by Wednesday 3rd, resolve by
  // Monday 15th (2-5, 8-12, 15).
  const SlaClock c = start_clock(p, cal(), Utc(2015, 6, 1, 10));
  ASSERT_EQ(c.respond_by, D(2015, 6, 3));
  ASSERT_EQ(c.resolve_by, D(2015, 6, 15));
  const SlaClock p1 = paused(p, c, Utc(2015, 6, 1, 11));
  EXPECT_EQ(p1.paused_on, D(2015, 6, 1));
  EXPECT_EQ(p1.resolve_by, D(2015, 6, 15));  // pausing alone moves nothing
  const SlaClock r1 = resumed(p, p1, Utc(2015, 6, 1, 16));
  EXPECT_EQ(r1.paused_on, std::nullopt);
  EXPECT_EQ(r1.paused_days, 0);
  EXPECT_EQ(r1.respond_by, D(2015, 6, 3));
  EXPECT_EQ(r1.resolve_by, D(2015, 6, 15));
  // Resuming earlier on the same London day is still the same day.
  const SlaClock p2 = paused(p, c, Utc(2015, 6, 1, 16));
  EXPECT_EQ(resumed(p, p2, Utc(2015, 6, 1, 11)).resolve_by, D(2015, 6, 15));
}

TEST(PauseResume, MondayToWednesdayIsTwo) {
  const SlaPolicy p = standard();
  const SlaClock c = start_clock(p, cal(), Utc(2015, 6, 1, 10));
  const SlaClock r = resumed(p, paused(p, c, Utc(2015, 6, 8, 9)), Utc(2015, 6, 10, 15));
  EXPECT_EQ(r.paused_days, 2);
  EXPECT_EQ(r.resolve_by, D(2015, 6, 17));  // 15th + 2 working days
  EXPECT_EQ(r.respond_by, D(2015, 6, 5));   // not yet responded: 3rd + 2
  // A response already given keeps the respond-by date it was judged against.
  const SlaClock responded = record_response(p, cal(), c, Utc(2015, 6, 2, 12));
  const SlaClock r2 = resumed(p, paused(p, responded, Utc(2015, 6, 8, 9)), Utc(2015, 6, 10, 15));
  EXPECT_EQ(r2.respond_by, D(2015, 6, 3));
  EXPECT_EQ(r2.resolve_by, D(2015, 6, 17));
}

TEST(PauseResume, AcrossAWeekendAndABankHoliday) {
  const SlaPolicy p = standard();
  // Received Monday 17 Aug 2015: due 18-21, 24-28, (31 Aug holiday) 1 Sep.
  const SlaClock c = start_clock(p, cal(), Utc(2015, 8, 17, 10));
  ASSERT_EQ(c.resolve_by, D(2015, 9, 1));
  // Paused Thursday 20 Aug, resumed Tuesday 1 Sep: [20 Aug, 1 Sep) holds
  // 20, 21, 24, 25, 26, 27, 28 = 7 working days; 1 Sep + 7 = Thursday 10 Sep.
  const SlaClock r = resumed(p, paused(p, c, Utc(2015, 8, 20, 12)), Utc(2015, 9, 1, 12));
  EXPECT_EQ(r.paused_days, 7);
  EXPECT_EQ(r.resolve_by, D(2015, 9, 10));
  // Paused Friday, resumed Monday: the Friday only.
  const SlaClock fri = resumed(p, paused(p, c, Utc(2015, 8, 21, 12)), Utc(2015, 8, 24, 12));
  EXPECT_EQ(fri.paused_days, 1);
  EXPECT_EQ(fri.resolve_by, D(2015, 9, 2));
  // Paused Saturday, resumed Monday: nothing.
  const SlaClock sat = resumed(p, paused(p, c, Utc(2015, 8, 22, 12)), Utc(2015, 8, 24, 12));
  EXPECT_EQ(sat.paused_days, 0);
  EXPECT_EQ(sat.resolve_by, D(2015, 9, 1));
  // Paused on the bank holiday, resumed the next day: nothing.
  const SlaClock bh = resumed(p, paused(p, c, Utc(2015, 8, 31, 12)), Utc(2015, 9, 1, 12));
  EXPECT_EQ(bh.paused_days, 0);
  // Two pauses add up: 1 (Fri 21) + 2 (Tue 25, Wed 26) = 3 -> 4 Sep.
  const SlaClock twice = resumed(
      p, paused(p, resumed(p, paused(p, c, Utc(2015, 8, 21, 9)), Utc(2015, 8, 24, 9)), Utc(2015, 8, 25, 9)),
      Utc(2015, 8, 27, 9));
  EXPECT_EQ(twice.paused_days, 3);
  EXPECT_EQ(twice.resolve_by, D(2015, 9, 4));
}

TEST(PauseResume, UsesLondonDates) {
  const SlaPolicy p = standard();
  const SlaClock c = start_clock(p, cal(), Utc(2015, 6, 1, 10));
  // 23:30 UTC Sunday 7 June is Monday 8th in London; 23:30 UTC Tuesday 9th is
  // Wednesday 10th: two working days (Mon, Tue), not one.
  const SlaClock pz = paused(p, c, Utc(2015, 6, 7, 23, 30));
  EXPECT_EQ(pz.paused_on, D(2015, 6, 8));
  const SlaClock r = resumed(p, pz, Utc(2015, 6, 9, 23, 30));
  EXPECT_EQ(r.paused_days, 2);
  EXPECT_EQ(r.resolve_by, D(2015, 6, 17));
}

TEST(PauseResume, RefusalsAndErrors) {
  const SlaClock me = start_clock(member_enquiry(), cal(), Utc(2015, 6, 1, 10));
  EXPECT_ERROR(pause_clock(member_enquiry(), me, Utc(2015, 6, 2, 10)),
               ErrorCode::kFailedPrecondition, "");
  const SlaPolicy p = standard();
  const SlaClock c = start_clock(p, cal(), Utc(2015, 6, 1, 10));
  EXPECT_ERROR(resume_clock(p, cal(), c, Utc(2015, 6, 2, 10)), ErrorCode::kFailedPrecondition, "");
  const SlaClock pz = paused(p, c, Utc(2015, 6, 3, 10));
  EXPECT_ERROR(pause_clock(p, pz, Utc(2015, 6, 4, 10)), ErrorCode::kFailedPrecondition, "");
  EXPECT_ERROR(resume_clock(p, cal(), pz, Utc(2015, 6, 2, 10)), ErrorCode::kInvalidField, "at");
}

TEST(PauseResumeProperty, DueDateMovesByWorkingDaysInPauseWindow) {
  const testing::NaiveCalendar naive([] {
    std::vector<LocalDate> v;
    for (const auto& h : testing::bundled_holidays()) v.push_back(h.date);
    return v;
  }());
  std::mt19937 rng(5);
  std::uniform_int_distribution<int> offset(0, 40), hour(0, 23);
  const SlaPolicy p = standard();
  for (int i = 0; i < 3000; ++i) {
    const LocalDate day = D(2015, 1, 1) + days{std::uniform_int_distribution<int>(0, 4500)(rng)};
    const SlaClock c = start_clock(p, cal(), sys_seconds{day} + hours{hour(rng)});
    const Instant pause_at = sys_seconds{day + days{offset(rng)}} + hours{hour(rng)};
    const Instant resume_at = pause_at + days{offset(rng)} + hours{hour(rng)};
    const LocalDate from = tz_london_date(pause_at), to = tz_london_date(resume_at);
    const SlaClock r = resumed(p, paused(p, c, pause_at), resume_at);
    const int k = naive.between(from, to);
    ASSERT_EQ(r.paused_days, k) << show(from) << " -> " << show(to);
    ASSERT_EQ(r.resolve_by, naive.add(*c.resolve_by, k)) << show(from) << " -> " << show(to);
    ASSERT_EQ(r.respond_by, naive.add(*c.respond_by, k)) << show(from) << " -> " << show(to);
  }
}

// --- record_response ---------------------------------------------------------------

TEST(RecordResponse, ResolveFromResponseRecomputesTheResolveDate) {
  const SlaPolicy p = complaint_stage1();
  const SlaClock c = start_clock(p, cal(), Utc(2015, 6, 1, 9));
  // Acknowledged Wednesday 3 June: answer due 4, 5, 8-12, 15, 16, 17 June.
  const SlaClock r = record_response(p, cal(), c, Utc(2015, 6, 3, 14));
  EXPECT_EQ(r.responded_on, D(2015, 6, 3));
  EXPECT_EQ(r.respond_by, D(2015, 6, 8));
  EXPECT_EQ(r.resolve_by, D(2015, 6, 17));
  // Later responses change nothing.
  EXPECT_EQ(record_response(p, cal(), r, Utc(2015, 6, 5, 14)), r);
  // Acknowledged on Saturday 6th: count from Monday 8th -> Monday 22nd.
  EXPECT_EQ(record_response(p, cal(), c, Utc(2015, 6, 6, 14)).resolve_by, D(2015, 6, 22));
  // 23:30 UTC on 2 June is 3 June in London.
  const SlaClock late = record_response(p, cal(), c, Utc(2015, 6, 2, 23, 30));
  EXPECT_EQ(late.responded_on, D(2015, 6, 3));
  EXPECT_EQ(late.resolve_by, D(2015, 6, 17));
  // A response stamped before receipt counts as on the day of receipt:
  // from Monday 1 June, 10 working days is Monday 15th.
  const SlaClock early = record_response(p, cal(), c, Utc(2015, 5, 20, 9));
  EXPECT_EQ(early.responded_on, D(2015, 6, 1));
  EXPECT_EQ(early.resolve_by, D(2015, 6, 15));
}

TEST(RecordResponse, ResolveFromReceiptKeepsTheResolveDate) {
  const SlaPolicy p = standard();
  const SlaClock c = start_clock(p, cal(), Utc(2015, 6, 1, 10));
  const SlaClock r = record_response(p, cal(), c, Utc(2015, 6, 4, 10));
  EXPECT_EQ(r.responded_on, D(2015, 6, 4));
  EXPECT_EQ(r.respond_by, D(2015, 6, 3));
  EXPECT_EQ(r.resolve_by, D(2015, 6, 15));
}

// --- extend_clock --------------------------------------------------------------------

TEST(ExtendClock, LimitsAndArithmetic) {
  const SlaPolicy p = complaint_stage1();
  const SlaClock c =
      record_response(p, cal(), start_clock(p, cal(), Utc(2015, 6, 1, 9)), Utc(2015, 6, 3, 14));
  ASSERT_EQ(c.resolve_by, D(2015, 6, 17));
  EXPECT_ERROR(extend_clock(p, cal(), c, 0), ErrorCode::kInvalidField, "amount");
  EXPECT_ERROR(extend_clock(p, cal(), c, -3), ErrorCode::kInvalidField, "amount");
  EXPECT_ERROR(extend_clock(p, cal(), c, 11), ErrorCode::kFailedPrecondition, "amount");
  auto four = extend_clock(p, cal(), c, 4);
  ASSERT_TRUE(four.ok());
  EXPECT_EQ(four->extension, 4);
  EXPECT_EQ(four->resolve_by, D(2015, 6, 23));  // 18, 19, 22, 23
  auto ten = extend_clock(p, cal(), *four, 6);
  ASSERT_TRUE(ten.ok());
  EXPECT_EQ(ten->extension, 10);
  EXPECT_EQ(ten->resolve_by, D(2015, 7, 1));  // 24, 25, 26, 29, 30, 1 Jul
  EXPECT_ERROR(extend_clock(p, cal(), *ten, 1), ErrorCode::kFailedPrecondition, "amount");
  // A policy without extensions refuses any.
  EXPECT_ERROR(extend_clock(standard(), cal(), c, 1), ErrorCode::kFailedPrecondition, "amount");
  // Nothing to extend.
  SlaPolicy none = p;
  none.resolve_days = 0;
  none.resolve_from = ResolveFrom::kReceipt;
  const SlaClock no_target = start_clock(none, cal(), Utc(2015, 6, 1, 9));
  ASSERT_FALSE(extend_clock(none, cal(), no_target, 1).ok());
  EXPECT_EQ(extend_clock(none, cal(), no_target, 1).error().code, ErrorCode::kFailedPrecondition);
}

TEST(ExtendClock, ExtensionBeforeResponseSurvivesTheResponse) {
  const SlaPolicy p = complaint_stage1();
  const SlaClock c = start_clock(p, cal(), Utc(2015, 6, 1, 9));
  auto ext = extend_clock(p, cal(), c, 4);
  ASSERT_TRUE(ext.ok());
  EXPECT_EQ(ext->resolve_by, D(2015, 6, 26));  // 22nd + 23, 24, 25, 26
  // Acknowledged 3 June: 17 June + 4 extension days = 23 June.
  EXPECT_EQ(record_response(p, cal(), *ext, Utc(2015, 6, 3, 14)).resolve_by, D(2015, 6, 23));
}

// --- calendar-month clocks (subject access requests) ------------------------------------

TEST(CalendarMonths, SubjectAccessDueDates) {
  const SlaPolicy p = subject_access();
  auto due = [&](Instant at) { return start_clock(p, cal(), at).resolve_by; };
  // 31 Jan 2015 -> 28 Feb (Saturday) -> Monday 2 March.
  const SlaClock c = start_clock(p, cal(), Utc(2015, 1, 31, 10));
  EXPECT_EQ(c.received_on, D(2015, 1, 31));
  EXPECT_EQ(c.start_day, D(2015, 1, 31));
  EXPECT_EQ(c.respond_by, std::nullopt);
  EXPECT_EQ(c.resolve_by, D(2015, 3, 2));
  EXPECT_EQ(due(Utc(2016, 1, 31, 10)), D(2016, 2, 29));  // leap year, a Monday
  EXPECT_EQ(due(Utc(2016, 1, 29, 10)), D(2016, 2, 29));
  EXPECT_EQ(due(Utc(2015, 1, 29, 10)), D(2015, 3, 2));   // 29 Feb 2015 does not exist
  EXPECT_EQ(due(Utc(2015, 3, 15, 10)), D(2015, 4, 15));  // received Sunday, due Wednesday
  EXPECT_EQ(due(Utc(2015, 3, 3, 10)), D(2015, 4, 7));    // 3 Apr Good Friday, 6 Easter Monday
  EXPECT_EQ(due(Utc(2015, 11, 25, 10)), D(2015, 12, 29));  // 25 Dec, weekend, 28 Dec
  EXPECT_EQ(due(Utc(2015, 12, 31, 10)), D(2016, 2, 1));    // 31 Jan 2016 is a Sunday
  EXPECT_EQ(due(Utc(2015, 3, 31, 10)), D(2015, 4, 30));
  // 23:30 UTC on 30 June 2015 is 1 July in London: 1 Aug (Saturday) -> Monday 3rd.
  EXPECT_EQ(due(Utc(2015, 6, 30, 23, 30)), D(2015, 8, 3));
}

TEST(CalendarMonths, ExtensionAndPauseMoveByMonthsAndCalendarDays) {
  const SlaPolicy p = subject_access();
  const SlaClock c = start_clock(p, cal(), Utc(2015, 1, 31, 10));
  auto ext = extend_clock(p, cal(), c, 2);  // three months: 30 April (Thursday)
  ASSERT_TRUE(ext.ok());
  EXPECT_EQ(ext->resolve_by, D(2015, 4, 30));
  EXPECT_ERROR(extend_clock(p, cal(), *ext, 1), ErrorCode::kFailedPrecondition, "amount");
  // Paused 10 to 20 February: 10 calendar days after 28 Feb is Tuesday 10 March.
  const SlaClock r = resumed(p, paused(p, c, Utc(2015, 2, 10, 10)), Utc(2015, 2, 20, 10));
  EXPECT_EQ(r.paused_days, 10);
  EXPECT_EQ(r.resolve_by, D(2015, 3, 10));
  // Over a weekend, calendar days still count: Fri 13 -> Mon 16 is 3 days.
  const SlaClock w = resumed(p, paused(p, c, Utc(2015, 2, 13, 10)), Utc(2015, 2, 16, 10));
  EXPECT_EQ(w.paused_days, 3);
  EXPECT_EQ(w.resolve_by, D(2015, 3, 3));
  // Both: 30 April + 10 days = Sunday 10 May -> Monday 11 May.
  auto both = extend_clock(p, cal(), r, 2);
  ASSERT_TRUE(both.ok());
  EXPECT_EQ(both->resolve_by, D(2015, 5, 11));
  // And pausing after extending gives the same date.
  const SlaClock both2 = resumed(p, paused(p, *ext, Utc(2015, 2, 10, 10)), Utc(2015, 2, 20, 10));
  EXPECT_EQ(both2.resolve_by, D(2015, 5, 11));
}

TEST(AddCalendarMonths, ClampsToTheEndOfTheMonth) {
  EXPECT_EQ(add_calendar_months(D(2015, 1, 31), 1), D(2015, 2, 28));
  EXPECT_EQ(add_calendar_months(D(2016, 1, 31), 1), D(2016, 2, 29));
  EXPECT_EQ(add_calendar_months(D(2015, 3, 31), 1), D(2015, 4, 30));
  EXPECT_EQ(add_calendar_months(D(2015, 12, 31), 2), D(2016, 2, 29));
  EXPECT_EQ(add_calendar_months(D(2015, 11, 15), 3), D(2016, 2, 15));
  EXPECT_EQ(add_calendar_months(D(2016, 2, 29), 12), D(2017, 2, 28));
  EXPECT_EQ(add_calendar_months(D(2016, 2, 29), 48), D(2020, 2, 29));
  EXPECT_EQ(add_calendar_months(D(2015, 6, 15), 0), D(2015, 6, 15));
}

TEST(AddCalendarMonths, MatchesNaiveYearMonthArithmetic) {
  auto month_length = [](int y, int m) {
    static const int kLen[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    const bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    return m == 2 && leap ? 29 : kLen[m - 1];
  };
  std::mt19937 rng(31);
  for (int i = 0; i < 20000; ++i) {
    const LocalDate d = D(1990, 1, 1) + days{std::uniform_int_distribution<int>(0, 40000)(rng)};
    const int months = std::uniform_int_distribution<int>(0, 40)(rng);
    const year_month_day ymd{d};
    const int total = static_cast<int>(ymd.year()) * 12 + static_cast<int>(unsigned(ymd.month())) - 1 + months;
    const int y = total / 12, m = total % 12 + 1;
    const int dd = std::min(static_cast<int>(unsigned(ymd.day())), month_length(y, m));
    ASSERT_EQ(add_calendar_months(d, months), D(y, m, dd)) << show(d) << " + " << months;
  }
}

// --- sla_status ------------------------------------------------------------------------

TEST(SlaStatus, OpenCasesCountWorkingDays) {
  // Received Saturday 19 Dec 2015, due Wednesday 30th.
  const SlaClock c = start_clock(member_enquiry(), cal(), Utc(2015, 12, 19, 9));
  ASSERT_EQ(c.resolve_by, D(2015, 12, 30));
  auto at = [&](Instant now) { return sla_status(cal(), c, now, std::nullopt); };
  auto expect = [&](Instant now, SlaState state, int n) {
    const SlaStatus s = at(now);
    EXPECT_EQ(to_string(s.state), to_string(state)) << format_instant(now);
    EXPECT_EQ(s.working_days, n) << format_instant(now);
  };
  expect(Utc(2015, 12, 21, 10), SlaState::kOnTrack, 5);   // 22, 23, 24, 29, 30
  expect(Utc(2015, 12, 24, 10), SlaState::kOnTrack, 2);   // 29, 30
  expect(Utc(2015, 12, 25, 10), SlaState::kOnTrack, 2);   // holiday today
  expect(Utc(2015, 12, 29, 10), SlaState::kOnTrack, 1);
  expect(Utc(2015, 12, 30, 0, 0, 0), SlaState::kDueToday, 0);
  expect(Utc(2015, 12, 30, 23, 59, 59), SlaState::kDueToday, 0);
  expect(Utc(2015, 12, 31, 0, 0, 0), SlaState::kOverdue, -1);
  expect(Utc(2016, 1, 1, 10), SlaState::kOverdue, -1);    // 31 Dec; 1 Jan is a holiday
  expect(Utc(2016, 1, 2, 10), SlaState::kOverdue, -1);
  expect(Utc(2016, 1, 4, 10), SlaState::kOverdue, -2);    // 31 Dec, 4 Jan
  expect(Utc(2016, 1, 8, 10), SlaState::kOverdue, -6);    // 31 Dec, 4-8 Jan
}

TEST(SlaStatus, OverdueIsNeverZeroDays) {
  // Due Friday 12 June 2015; on Saturday it has breached though no working
  // day has passed: reported as one day overdue.
  const SlaClock c = start_clock(member_enquiry(), cal(), Utc(2015, 6, 5, 9));
  ASSERT_EQ(c.resolve_by, D(2015, 6, 12));
  const SlaStatus sat = sla_status(cal(), c, Utc(2015, 6, 13, 9), std::nullopt);
  EXPECT_EQ(sat.state, SlaState::kOverdue);
  EXPECT_EQ(sat.working_days, -1);
  EXPECT_EQ(sla_status(cal(), c, Utc(2015, 6, 16, 9), std::nullopt).working_days, -2);
}

TEST(SlaStatus, ClosedPausedAndNone) {
  const SlaClock c = start_clock(member_enquiry(), cal(), Utc(2015, 12, 19, 9));
  auto closed = [&](Instant when) { return sla_status(cal(), c, Utc(2016, 2, 1), when).state; };
  EXPECT_EQ(closed(Utc(2015, 12, 21, 10)), SlaState::kMet);
  EXPECT_EQ(closed(Utc(2015, 12, 30, 23, 59, 59)), SlaState::kMet);
  EXPECT_EQ(closed(Utc(2015, 12, 31, 0, 0, 1)), SlaState::kMissed);
  EXPECT_EQ(sla_status(cal(), c, Utc(2016, 2, 1), Utc(2015, 12, 21)).working_days, 0);
  // Paused.
  SlaClock p = c;
  p.paused_on = D(2015, 12, 22);
  EXPECT_EQ(sla_status(cal(), p, Utc(2016, 1, 8), std::nullopt).state, SlaState::kPaused);
  EXPECT_EQ(sla_status(cal(), p, Utc(2016, 1, 8), std::nullopt).working_days, 0);
  // Closed wins over paused.
  EXPECT_EQ(sla_status(cal(), p, Utc(2016, 1, 8), Utc(2016, 1, 7)).state, SlaState::kMissed);
  // No resolve-by target.
  SlaPolicy none = member_enquiry();
  none.resolve_days = 0;
  const SlaClock n = start_clock(none, cal(), Utc(2015, 12, 19, 9));
  EXPECT_EQ(sla_status(cal(), n, Utc(2016, 1, 8), std::nullopt).state, SlaState::kNone);
  EXPECT_EQ(sla_status(cal(), n, Utc(2016, 1, 8), Utc(2016, 1, 8)).state, SlaState::kNone);
}

TEST(SlaStatus, UsesLondonDatesInSummer) {
  // Received 23:30 UTC Friday 5 June 2015 (Saturday in London): due Monday 15th.
  const SlaClock c = start_clock(member_enquiry(), cal(), Utc(2015, 6, 5, 23, 30));
  ASSERT_EQ(c.resolve_by, D(2015, 6, 15));
  EXPECT_EQ(sla_status(cal(), c, Utc(2015, 6, 14, 22, 59, 59), std::nullopt).state, SlaState::kOnTrack);
  EXPECT_EQ(sla_status(cal(), c, Utc(2015, 6, 14, 22, 59, 59), std::nullopt).working_days, 1);
  EXPECT_EQ(sla_status(cal(), c, Utc(2015, 6, 14, 23, 30), std::nullopt).state, SlaState::kDueToday);
  EXPECT_EQ(sla_status(cal(), c, Utc(2015, 6, 15, 23, 30), std::nullopt).state, SlaState::kOverdue);
  EXPECT_EQ(sla_status(cal(), c, Utc(2016, 1, 1), Utc(2015, 6, 15, 22, 59, 59)).state, SlaState::kMet);
  EXPECT_EQ(sla_status(cal(), c, Utc(2016, 1, 1), Utc(2015, 6, 15, 23, 0, 0)).state, SlaState::kMissed);
}

TEST(SlaStatus, MetIsOnOrBefore) {
  EXPECT_TRUE(met(D(2015, 12, 29), D(2015, 12, 29)));
  EXPECT_TRUE(met(D(2015, 12, 28), D(2015, 12, 29)));
  EXPECT_FALSE(met(D(2015, 12, 30), D(2015, 12, 29)));
}

// --- validate and enum names --------------------------------------------------------------

TEST(ValidateSlaPolicy, AcceptsTheStandardPolicies) {
  EXPECT_OK(validate(member_enquiry()));
  EXPECT_OK(validate(standard()));
  EXPECT_OK(validate(foi()));
  EXPECT_OK(validate(complaint_stage1()));
  EXPECT_OK(validate(subject_access()));
  SlaPolicy edge = standard();
  edge.respond_days = 365;
  edge.resolve_days = 365;
  edge.max_extension = 365;
  EXPECT_OK(validate(edge));
  SlaPolicy zero = standard();
  zero.respond_days = zero.resolve_days = 0;
  EXPECT_OK(validate(zero));
  SlaPolicy respond_only = standard();  // resolve 0 means no resolve target
  respond_only.respond_days = 5;
  respond_only.resolve_days = 0;
  EXPECT_OK(validate(respond_only));
  // Counting from the response, the resolve target may be the shorter one.
  SlaPolicy short_resolve = complaint_stage1();
  short_resolve.respond_days = 10;
  short_resolve.resolve_days = 5;
  EXPECT_OK(validate(short_resolve));
}

TEST(ValidateSlaPolicy, ErrorsNameTheField) {
  auto with = [](auto change) {
    SlaPolicy p = standard();
    change(p);
    return validate(p);
  };
  EXPECT_ERROR(with([](SlaPolicy& p) { p.respond_days = -1; }), ErrorCode::kInvalidField, "respond_days");
  EXPECT_ERROR(with([](SlaPolicy& p) { p.respond_days = 366; }), ErrorCode::kInvalidField, "respond_days");
  EXPECT_ERROR(with([](SlaPolicy& p) { p.resolve_days = -1; }), ErrorCode::kInvalidField, "resolve_days");
  EXPECT_ERROR(with([](SlaPolicy& p) { p.resolve_days = 366; }), ErrorCode::kInvalidField, "resolve_days");
  EXPECT_ERROR(with([](SlaPolicy& p) { p.max_extension = -1; }), ErrorCode::kInvalidField, "max_extension");
  EXPECT_ERROR(with([](SlaPolicy& p) { p.max_extension = 366; }), ErrorCode::kInvalidField, "max_extension");
  EXPECT_ERROR(with([](SlaPolicy& p) { p.respond_days = 10, p.resolve_days = 5; }),
               ErrorCode::kInvalidField, "resolve_days");
  EXPECT_ERROR(with([](SlaPolicy& p) { p.resolve_from = ResolveFrom::kResponse, p.respond_days = 0; }),
               ErrorCode::kInvalidField, "resolve_from");
  EXPECT_ERROR(with([](SlaPolicy& p) { p.code.clear(); }), ErrorCode::kMissingField, "code");
  EXPECT_ERROR(with([](SlaPolicy& p) { p.clock = ClockKind::kCalendarMonths, p.resolve_days = 25; }),
               ErrorCode::kInvalidField, "resolve_days");
}

TEST(SlaEnums, NamesRoundTrip) {
  for (ClockKind v : {ClockKind::kWorkingDays, ClockKind::kCalendarMonths}) {
    auto r = parse_clock_kind(to_string(v));
    ASSERT_TRUE(r.ok());
    EXPECT_EQ(*r, v);
  }
  for (CountingRule v : {CountingRule::kFromNextWorkingDay, CountingRule::kAfterReceipt}) {
    auto r = parse_counting_rule(to_string(v));
    ASSERT_TRUE(r.ok());
    EXPECT_EQ(*r, v);
  }
  for (ResolveFrom v : {ResolveFrom::kReceipt, ResolveFrom::kResponse}) {
    auto r = parse_resolve_from(to_string(v));
    ASSERT_TRUE(r.ok());
    EXPECT_EQ(*r, v);
  }
  for (HolidaySet v : {HolidaySet::kCouncil, HolidaySet::kAllUk}) {
    auto r = parse_holiday_set(to_string(v));
    ASSERT_TRUE(r.ok());
    EXPECT_EQ(*r, v);
  }
  EXPECT_EQ(to_string(CountingRule::kAfterReceipt), "after_receipt");
  EXPECT_EQ(to_string(CountingRule::kFromNextWorkingDay), "from_next_working_day");
  EXPECT_EQ(to_string(ClockKind::kCalendarMonths), "calendar_months");
  EXPECT_EQ(to_string(ResolveFrom::kResponse), "response");
  EXPECT_EQ(to_string(HolidaySet::kAllUk), "all_uk");
  EXPECT_ERROR(parse_clock_kind("weeks"), ErrorCode::kInvalidField, "clock");
  EXPECT_ERROR(parse_counting_rule("After_Receipt"), ErrorCode::kInvalidField, "counting");
  EXPECT_ERROR(parse_resolve_from(""), ErrorCode::kInvalidField, "resolve_from");
  EXPECT_ERROR(parse_holiday_set("scotland"), ErrorCode::kInvalidField, "holidays");
  std::vector<std::string> states;
  for (SlaState s : {SlaState::kNone, SlaState::kOnTrack, SlaState::kDueToday, SlaState::kOverdue,
                     SlaState::kPaused, SlaState::kMet, SlaState::kMissed})
    states.emplace_back(to_string(s));
  EXPECT_EQ(states, (std::vector<std::string>{"none", "on_track", "due_today", "overdue", "paused",
                                              "met", "missed"}));
}

}  // namespace
}  // namespace civicdesk

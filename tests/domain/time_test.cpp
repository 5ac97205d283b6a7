// time.h: the Europe/London rule, checked against the operating system's
// time-zone database, plus the parsers and formatters.
#include "domain/time.h"

#include <date/tz.h>

#include <random>

#include "domain_test_util.h"

namespace civicdesk {
namespace {

using namespace std::chrono;
using testing::D;
using testing::Utc;

const date::time_zone* london_tz() {
  static const date::time_zone* zone = date::locate_zone("Europe/London");
  return zone;
}

// Independent answers from the tz database.
int tz_offset(Instant t) { return static_cast<int>(london_tz()->get_info(t).offset.count()); }

LocalDate tz_date(Instant t) {
  const date::zoned_seconds zt{london_tz(), t};
  const auto local_day = floor<days>(zt.get_local_time());
  return LocalDate{local_day.time_since_epoch()};
}

// Where the tz database says a London wall-clock time falls: a unique time
// maps to its instant; in the autumn repeat the earlier (BST) reading; in the
// spring gap time.h documents the GMT reading (wall clock read as UTC+0).
Instant tz_local_to_instant(LocalDate date, int h, int m, int s) {
  const date::local_seconds local{(sys_seconds{date} + hours{h} + minutes{m} + seconds{s})
                                      .time_since_epoch()};
  const date::local_info info = london_tz()->get_info(local);
  const Instant wall{local.time_since_epoch()};
  if (info.result == date::local_info::nonexistent) return wall;
  return wall - info.first.offset;  // unique, or the earlier of an ambiguous pair
}

const Instant kFrom = Utc(1996, 1, 1);
const Instant kTo = Utc(2038, 1, 1);

TEST(LondonTime, OffsetAndDateMatchTzDatabaseHourly1996To2037) {
  int checked = 0, summer_hours = 0;
  for (Instant t = kFrom; t < kTo; t += hours{1}) {
    const int expected = tz_offset(t);
    ASSERT_EQ(london_utc_offset(t), expected) << format_instant(t);
    ASSERT_EQ(london_date(t), tz_date(t)) << format_instant(t);
    summer_hours += expected == 3600;
    ++checked;
  }
  EXPECT_EQ(checked, static_cast<int>((kTo - kFrom) / hours{1}));
  // Sanity: roughly seven months of BST a year, so the loop saw both offsets.
  EXPECT_GT(summer_hours, 42 * 200 * 24);
  EXPECT_LT(summer_hours, 42 * 220 * 24);
}

TEST(LondonTime, EveryMinuteAroundEachTransition) {
  int transitions = 0;
  for (int y = 1996; y <= 2037; ++y) {
    // The summer period as the tz database knows it.
    const auto info = london_tz()->get_info(Utc(y, 7, 1));
    ASSERT_EQ(info.offset, hours{1}) << y;
    for (Instant edge : {Instant{info.begin}, Instant{info.end}}) {
      ++transitions;
      // Both transitions are at 01:00 UTC on a Sunday.
      EXPECT_EQ(edge - floor<days>(edge), hours{1}) << format_instant(edge);
      EXPECT_EQ(iso_weekday(floor<days>(edge)), 7u) << format_instant(edge);
      for (Instant t = edge - hours{3}; t <= edge + hours{3}; t += minutes{1}) {
        ASSERT_EQ(london_utc_offset(t), tz_offset(t)) << format_instant(t);
        ASSERT_EQ(london_date(t), tz_date(t)) << format_instant(t);
      }
      // The second either side of the edge.
      EXPECT_EQ(london_utc_offset(edge - seconds{1}), tz_offset(edge - seconds{1}));
      EXPECT_EQ(london_utc_offset(edge), tz_offset(edge));
    }
  }
  EXPECT_EQ(transitions, 84);
}

TEST(LondonTime, WorkedExamples) {
  // DOMAIN.md: 2015-06-01T23:30:00Z is 2 June in London.
  EXPECT_EQ(london_date(Utc(2015, 6, 1, 23, 30)), D(2015, 6, 2));
  EXPECT_EQ(london_utc_offset(Utc(2015, 6, 1, 23, 30)), 3600);
  EXPECT_EQ(london_date(Utc(2015, 6, 1, 22, 59, 59)), D(2015, 6, 1));
  // In winter the London date is the UTC date.
  EXPECT_EQ(london_date(Utc(2015, 12, 1, 23, 30)), D(2015, 12, 1));
  EXPECT_EQ(london_utc_offset(Utc(2015, 12, 1, 23, 30)), 0);
  // 2015: BST from Sunday 29 March 01:00 UTC to Sunday 25 October 01:00 UTC.
  EXPECT_EQ(london_utc_offset(Utc(2015, 3, 29, 0, 59, 59)), 0);
  EXPECT_EQ(london_utc_offset(Utc(2015, 3, 29, 1, 0, 0)), 3600);
  EXPECT_EQ(london_utc_offset(Utc(2015, 10, 25, 0, 59, 59)), 3600);
  EXPECT_EQ(london_utc_offset(Utc(2015, 10, 25, 1, 0, 0)), 0);
  // 2024: 31 March and 27 October.
  EXPECT_EQ(london_utc_offset(Utc(2024, 3, 31, 1)), 3600);
  EXPECT_EQ(london_utc_offset(Utc(2024, 3, 30, 23)), 0);
  EXPECT_EQ(london_utc_offset(Utc(2024, 10, 27, 0, 30)), 3600);
  EXPECT_EQ(london_utc_offset(Utc(2024, 10, 27, 1, 30)), 0);
  // New Year's Eve late evening stays in the old year.
  EXPECT_EQ(london_date(Utc(2015, 12, 31, 23, 59, 59)), D(2015, 12, 31));
}

TEST(LondonLocalToInstant, MatchesTzDatabaseEveryQuarterHour1996To2037) {
  for (LocalDate d = D(1996, 1, 1); d <= D(2037, 12, 31); d += days{1}) {
    for (int q = 0; q < 96; ++q) {
      const int h = q / 4, m = (q % 4) * 15;
      ASSERT_EQ(london_local_to_instant(d, h, m, 0), tz_local_to_instant(d, h, m, 0))
          << testing::show(d) << " " << h << ":" << m;
    }
    ASSERT_EQ(london_start_of_day(d), tz_local_to_instant(d, 0, 0, 0)) << testing::show(d);
  }
}

TEST(LondonLocalToInstant, SpringGapReadsAsGmt) {
  const LocalDate spring = D(2015, 3, 29);
  EXPECT_EQ(london_local_to_instant(spring, 0, 59, 59), Utc(2015, 3, 29, 0, 59, 59));
  // 01:00-01:59 does not exist on the wall clock: read as GMT.
  EXPECT_EQ(london_local_to_instant(spring, 1, 0, 0), Utc(2015, 3, 29, 1, 0, 0));
  EXPECT_EQ(london_local_to_instant(spring, 1, 30, 0), Utc(2015, 3, 29, 1, 30, 0));
  EXPECT_EQ(london_local_to_instant(spring, 1, 59, 59), Utc(2015, 3, 29, 1, 59, 59));
  // 02:00 BST is 01:00 UTC, so 01:30 (gap) and 02:30 BST name the same instant.
  EXPECT_EQ(london_local_to_instant(spring, 2, 0, 0), Utc(2015, 3, 29, 1, 0, 0));
  EXPECT_EQ(london_local_to_instant(spring, 2, 30, 0), Utc(2015, 3, 29, 1, 30, 0));
  EXPECT_EQ(london_start_of_day(spring), Utc(2015, 3, 29));
  EXPECT_EQ(london_start_of_day(D(2015, 3, 30)), Utc(2015, 3, 29, 23));
}

TEST(LondonLocalToInstant, AutumnRepeatTakesTheEarlierBstReading) {
  const LocalDate autumn = D(2015, 10, 25);
  EXPECT_EQ(london_local_to_instant(autumn, 0, 30, 0), Utc(2015, 10, 24, 23, 30));
  EXPECT_EQ(london_local_to_instant(autumn, 1, 0, 0), Utc(2015, 10, 25, 0, 0));
  EXPECT_EQ(london_local_to_instant(autumn, 1, 30, 0), Utc(2015, 10, 25, 0, 30));
  EXPECT_EQ(london_local_to_instant(autumn, 1, 59, 59), Utc(2015, 10, 25, 0, 59, 59));
  EXPECT_EQ(london_local_to_instant(autumn, 2, 0, 0), Utc(2015, 10, 25, 2, 0));
  EXPECT_EQ(london_start_of_day(autumn), Utc(2015, 10, 24, 23));
  EXPECT_EQ(london_start_of_day(D(2015, 10, 26)), Utc(2015, 10, 26));
  EXPECT_EQ(london_start_of_day(D(2015, 6, 2)), Utc(2015, 6, 1, 23));
  EXPECT_EQ(london_start_of_day(D(2015, 12, 2)), Utc(2015, 12, 2));
}

TEST(LondonLocalToInstant, RoundTripsExceptTheRepeatedHour) {
  int repeated = 0;
  for (Instant t = kFrom; t < kTo; t += minutes{15}) {
    const LocalDate d = london_date(t);
    const seconds tod = t + seconds{london_utc_offset(t)} - sys_seconds{d};
    const hh_mm_ss<seconds> hms{tod};
    const Instant back = london_local_to_instant(d, static_cast<int>(hms.hours().count()),
                                                 static_cast<int>(hms.minutes().count()),
                                                 static_cast<int>(hms.seconds().count()));
    // The second pass through 01:xx on the autumn Sunday (GMT) has the same
    // wall-clock reading as the first (BST), which wins.
    const date::local_seconds local{(t + london_tz()->get_info(t).offset).time_since_epoch()};
    const bool second_pass = london_tz()->get_info(local).result == date::local_info::ambiguous &&
                             tz_offset(t) == 0;
    if (second_pass) {
      ++repeated;
      ASSERT_EQ(back, t - hours{1}) << format_instant(t);
    } else {
      ASSERT_EQ(back, t) << format_instant(t);
    }
  }
  EXPECT_EQ(repeated, 42 * 4);  // four quarter hours a year
}

TEST(LondonLocalToInstant, RandomSecondsRoundTrip) {
  std::mt19937_64 rng(20151218);
  std::uniform_int_distribution<int64_t> pick(Utc(1996, 1, 1).time_since_epoch().count(),
                                              Utc(2037, 12, 31).time_since_epoch().count());
  for (int i = 0; i < 20000; ++i) {
    const Instant t{seconds{pick(rng)}};
    const LocalDate d = london_date(t);
    const hh_mm_ss<seconds> hms{t + seconds{london_utc_offset(t)} - sys_seconds{d}};
    const int h = static_cast<int>(hms.hours().count());
    const int m = static_cast<int>(hms.minutes().count());
    const int s = static_cast<int>(hms.seconds().count());
    ASSERT_EQ(london_local_to_instant(d, h, m, s), tz_local_to_instant(d, h, m, s))
        << format_instant(t);
  }
}

// --- parsing -----------------------------------------------------------------

TEST(ParseInstant, AcceptsUtcAndOffsets) {
  EXPECT_EQ(parse_instant("2015-06-01T23:30:00Z"), Utc(2015, 6, 1, 23, 30));
  EXPECT_EQ(parse_instant("2015-06-01T23:30:00z"), Utc(2015, 6, 1, 23, 30));
  EXPECT_EQ(parse_instant("2015-06-02T00:30:00+01:00"), Utc(2015, 6, 1, 23, 30));
  EXPECT_EQ(parse_instant("2015-06-01T18:30:00-05:00"), Utc(2015, 6, 1, 23, 30));
  EXPECT_EQ(parse_instant("2015-06-02T05:00:00+05:30"), Utc(2015, 6, 1, 23, 30));
  EXPECT_EQ(parse_instant("2015-06-01T23:30:00+00:00"), Utc(2015, 6, 1, 23, 30));
  EXPECT_EQ(parse_instant("2015-06-01T23:30:00-00:00"), Utc(2015, 6, 1, 23, 30));
  // Offsets can move the instant across a day, month or year.
  EXPECT_EQ(parse_instant("2016-01-01T00:30:00+01:00"), Utc(2015, 12, 31, 23, 30));
  EXPECT_EQ(parse_instant("2015-12-31T23:30:00-01:00"), Utc(2016, 1, 1, 0, 30));
  // Leap day.
  EXPECT_EQ(parse_instant("2016-02-29T12:00:00Z"), Utc(2016, 2, 29, 12));
}

TEST(ParseInstant, FractionalSecondsAreTruncated) {
  EXPECT_EQ(parse_instant("2015-06-01T23:30:00.999Z"), Utc(2015, 6, 1, 23, 30));
  EXPECT_EQ(parse_instant("2015-06-01T23:30:59.5+01:00"), Utc(2015, 6, 1, 22, 30, 59));
  EXPECT_EQ(parse_instant("2015-06-01T23:30:00.123456789Z"), Utc(2015, 6, 1, 23, 30));
  EXPECT_EQ(parse_instant("2015-06-01T23:30:00,5Z"), Utc(2015, 6, 1, 23, 30));
  EXPECT_EQ(parse_instant("2015-06-01T23:30:00.Z"), std::nullopt);  // no digits
  EXPECT_EQ(parse_instant("2015-06-01T23:30:00.5"), std::nullopt);  // no offset
}

TEST(ParseInstant, RejectsMalformedInput) {
  for (const char* bad : {
           "",
           "garbage",
           "2015-06-01",
           "2015-06-01T23:30:00",        // offset is mandatory
           "2015-06-01 23:30:00",        // no offset, and a space
           "2015-06-01 23:30:00Z",       // space instead of T
           "2015-02-30T10:00:00Z",       // no such date
           "2015-02-29T10:00:00Z",       // not a leap year
           "2015-13-01T10:00:00Z",
           "2015-00-01T10:00:00Z",
           "2015-06-00T10:00:00Z",
           "2015-06-01T24:00:00Z",       // 24:00 is not accepted
           "2015-06-01T23:60:00Z",
           "2015-06-01T23:59:60Z",       // leap seconds are not representable
           "2015-06-01T2:30:00Z",
           "2015-6-01T02:30:00Z",
           "2015/06/01T23:30:00Z",
           "2015-06-01T23:30:00ZZ",
           "2015-06-01T23:30:00Z ",
           " 2015-06-01T23:30:00Z",
           "2015-06-01T23:30:00+0100",   // offset needs a colon
           "2015-06-01T23:30:00+01",
           "2015-06-01T23:30:00+1:00",
           "2015-06-01T23:30:00+24:00",
           "2015-06-01T23:30:00+01:60",
           "2015-06-01T23:30:00+01:00:00",
           "2015-06-01T23:30:00 +01:00",
           "2015-06-01T23:30:00UTC",
           "2015-06-01T23:30:00GMT",
           "2015-06-01T-3:30:00Z",
           "+2015-06-01T23:30:00Z",
           "1899-12-31T23:00:00Z",       // outside the supported years
           "abcd-ef-ghTij:kl:mnZ",
       }) {
    EXPECT_EQ(parse_instant(bad), std::nullopt) << '"' << bad << '"';
  }
}

TEST(ParseInstantOrLondon, OffsetlessTimesAreLondonWallClock) {
  // BST: 12:00 London is 11:00 UTC.
  EXPECT_EQ(parse_instant_or_london("2015-06-01 12:00"), Utc(2015, 6, 1, 11));
  EXPECT_EQ(parse_instant_or_london("2015-06-01T12:00"), Utc(2015, 6, 1, 11));
  EXPECT_EQ(parse_instant_or_london("2015-06-01 12:00:30"), Utc(2015, 6, 1, 11, 0, 30));
  EXPECT_EQ(parse_instant_or_london("2015-06-02T00:30:00"), Utc(2015, 6, 1, 23, 30));
  EXPECT_EQ(parse_instant_or_london("2015-06-01 12:00:30.75"), Utc(2015, 6, 1, 11, 0, 30));
  // GMT: the same wall clock is UTC.
  EXPECT_EQ(parse_instant_or_london("2015-12-01 12:00"), Utc(2015, 12, 1, 12));
  // Gap and repeat as london_local_to_instant documents.
  EXPECT_EQ(parse_instant_or_london("2015-03-29 01:30"), Utc(2015, 3, 29, 1, 30));
  EXPECT_EQ(parse_instant_or_london("2015-10-25 01:30"), Utc(2015, 10, 25, 0, 30));
  // With an offset it is read as parse_instant does.
  EXPECT_EQ(parse_instant_or_london("2015-06-01T12:00:00Z"), Utc(2015, 6, 1, 12));
  EXPECT_EQ(parse_instant_or_london("2015-06-01T12:00:00+01:00"), Utc(2015, 6, 1, 11));
  EXPECT_EQ(parse_instant_or_london("2015-06-01T12:00:00-02:00"), Utc(2015, 6, 1, 14));
}

TEST(ParseInstantOrLondon, RejectsMalformedInput) {
  for (const char* bad : {"", "2015-06-01", "2015-06-01 12", "2015-06-01 12:0", "2015-06-01 1200",
                          "2015-02-30 12:00", "2015-06-01 24:00", "2015-06-01 12:00 ", "12:00",
                          "2015-06-01 12:00:00x", "2015-06-01 12:00+01:00", "2015-06-01 12:00:00.",
                          "01/06/2015 12:00", "yesterday"}) {
    EXPECT_EQ(parse_instant_or_london(bad), std::nullopt) << '"' << bad << '"';
  }
}

TEST(ParseDate, ValidatesTheCalendar) {
  EXPECT_EQ(parse_date("2015-06-02"), D(2015, 6, 2));
  EXPECT_EQ(parse_date("2016-02-29"), D(2016, 2, 29));
  EXPECT_EQ(parse_date("2000-02-29"), D(2000, 2, 29));  // divisible by 400
  EXPECT_EQ(parse_date("2015-12-31"), D(2015, 12, 31));
  EXPECT_EQ(parse_date("1970-01-01"), LocalDate{days{0}});
  for (const char* bad : {"", "2015-02-30", "2015-02-29", "1900-02-29", "2100-02-29", "2015-04-31",
                          "2015-13-01", "2015-00-10", "2015-01-00", "2015-01-32", "2015-1-01",
                          "2015-01-1", "20150101", "2015/01/01", "2015-01-01 ", " 2015-01-01",
                          "2015-01-01T00:00:00Z", "15-01-01", "2015-0a-01", "-015-01-01",
                          "1899-12-31", "not a date"}) {
    EXPECT_EQ(parse_date(bad), std::nullopt) << '"' << bad << '"';
  }
}

TEST(ParseDate, EveryDayRoundTripsThroughFormatDate) {
  // Day by day from 1900 to 2999, against a hand-rolled y/m/d walk.
  int y = 1900;
  unsigned m = 1, d = 1;
  auto month_length = [](int yy, unsigned mm) -> unsigned {
    static const unsigned kLen[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    const bool leap = (yy % 4 == 0 && yy % 100 != 0) || yy % 400 == 0;
    return mm == 2 && leap ? 29 : kLen[mm - 1];
  };
  int checked = 0;
  for (LocalDate day = D(1900, 1, 1); day <= D(2999, 12, 31); day += days{1}) {
    char buf[48];
    std::snprintf(buf, sizeof buf, "%04d-%02u-%02u", y, m, d);
    ASSERT_EQ(format_date(day), buf);
    ASSERT_EQ(parse_date(buf), day) << buf;
    if (++d > month_length(y, m)) {
      d = 1;
      if (++m > 12) m = 1, ++y;
    }
    ++checked;
  }
  EXPECT_EQ(checked, 401767);  // 1100 years: 1100*365 + 267 leap days
}

TEST(FormatInstant, FormatsUtcWithZ) {
  EXPECT_EQ(format_instant(Utc(2015, 6, 1, 23, 30)), "2015-06-01T23:30:00Z");
  EXPECT_EQ(format_instant(Instant{seconds{0}}), "1970-01-01T00:00:00Z");
  EXPECT_EQ(format_instant(Instant{seconds{-1}}), "1969-12-31T23:59:59Z");
  EXPECT_EQ(format_instant(Utc(2037, 12, 31, 23, 59, 59)), "2037-12-31T23:59:59Z");
  EXPECT_EQ(format_instant(Utc(2016, 2, 29, 0, 0, 1)), "2016-02-29T00:00:01Z");
  EXPECT_EQ(format_date(D(2015, 6, 2)), "2015-06-02");
}

TEST(FormatInstant, RandomInstantsRoundTripThroughParseInstant) {
  std::mt19937_64 rng(42);
  std::uniform_int_distribution<int64_t> pick(Utc(1900, 1, 1).time_since_epoch().count(),
                                              Utc(2999, 12, 31, 23, 59, 59).time_since_epoch().count());
  for (int i = 0; i < 20000; ++i) {
    const Instant t{seconds{pick(rng)}};
    const std::string text = format_instant(t);
    ASSERT_EQ(text.size(), 20u) << text;
    ASSERT_EQ(parse_instant(text), t) << text;
    ASSERT_EQ(parse_instant_or_london(text), t) << text;
  }
}

TEST(IsoWeekday, MondayIsOne) {
  EXPECT_EQ(iso_weekday(D(2015, 12, 21)), 1u);  // Monday
  EXPECT_EQ(iso_weekday(D(2015, 12, 18)), 5u);  // Friday
  EXPECT_EQ(iso_weekday(D(2015, 12, 19)), 6u);  // Saturday
  EXPECT_EQ(iso_weekday(D(2015, 12, 20)), 7u);  // Sunday
  EXPECT_EQ(iso_weekday(LocalDate{days{0}}), 4u);  // 1970-01-01 was a Thursday
}

}  // namespace
}  // namespace civicdesk

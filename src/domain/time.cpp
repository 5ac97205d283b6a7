#include "domain/time.h"

#include <charconv>
#include <cstdio>

namespace civicdesk {

using namespace std::chrono;

namespace {

// UTC instants at which BST starts and ends in `y`.
struct BstWindow {
  Instant start, end;
};

BstWindow bst_window(year y) {
  const sys_days start_day{y / March / Sunday[last]};
  const sys_days end_day{y / October / Sunday[last]};
  return {sys_seconds{start_day} + hours{1}, sys_seconds{end_day} + hours{1}};
}

bool parse_digits(std::string_view s, size_t pos, size_t len, int& out) {
  if (pos + len > s.size()) return false;
  int v = 0;
  for (size_t i = pos; i < pos + len; ++i) {
    char c = s[i];
    if (c < '0' || c > '9') return false;
    v = v * 10 + (c - '0');
  }
  out = v;
  return true;
}

std::optional<LocalDate> make_date(int y, int m, int d) {
  year_month_day ymd{year{y}, month{static_cast<unsigned>(m)}, day{static_cast<unsigned>(d)}};
  if (!ymd.ok() || y < 1900 || y > 2999) return std::nullopt;
  return sys_days{ymd};
}

struct ParsedLocal {
  LocalDate date;
  int hour = 0, minute = 0, second = 0;
  size_t end = 0;  // index after the seconds (and any fraction)
};

// "YYYY-MM-DD[T ]HH:MM[:SS[.fff]]"
std::optional<ParsedLocal> parse_local_datetime(std::string_view s, bool seconds_required) {
  int y, mo, d, h, mi, sec = 0;
  if (s.size() < 16 || s[4] != '-' || s[7] != '-' || (s[10] != 'T' && s[10] != ' ') ||
      s[13] != ':')
    return std::nullopt;
  if (!parse_digits(s, 0, 4, y) || !parse_digits(s, 5, 2, mo) || !parse_digits(s, 8, 2, d) ||
      !parse_digits(s, 11, 2, h) || !parse_digits(s, 14, 2, mi))
    return std::nullopt;
  size_t pos = 16;
  if (pos < s.size() && s[pos] == ':') {
    if (!parse_digits(s, pos + 1, 2, sec)) return std::nullopt;
    pos += 3;
    if (pos < s.size() && (s[pos] == '.' || s[pos] == ',')) {
      size_t digits = 0;
      ++pos;
      while (pos < s.size() && s[pos] >= '0' && s[pos] <= '9') ++pos, ++digits;
      if (digits == 0) return std::nullopt;
    }
  } else if (seconds_required) {
    return std::nullopt;
  }
  if (h > 23 || mi > 59 || sec > 59) return std::nullopt;
  auto date = make_date(y, mo, d);
  if (!date) return std::nullopt;
  return ParsedLocal{*date, h, mi, sec, pos};
}

}  // namespace

int london_utc_offset(Instant t) {
  const year y = year_month_day{floor<days>(t)}.year();
  const BstWindow w = bst_window(y);
  return (t >= w.start && t < w.end) ? 3600 : 0;
}

LocalDate london_date(Instant t) {
  return floor<days>(t + seconds{london_utc_offset(t)});
}

Instant london_local_to_instant(LocalDate date, int hour, int minute, int second) {
  const Instant wall = sys_seconds{date} + hours{hour} + minutes{minute} + seconds{second};
  // Try the BST reading first: it is right whenever the result lies in BST.
  const Instant as_bst = wall - hours{1};
  if (london_utc_offset(as_bst) == 3600) return as_bst;
  return wall;  // GMT reading (also covers the spring-forward gap)
}

Instant london_start_of_day(LocalDate date) { return london_local_to_instant(date, 0, 0, 0); }

std::optional<Instant> parse_instant(std::string_view s) {
  auto local = parse_local_datetime(s, false);
  if (!local || s[10] != 'T') return std::nullopt;
  const Instant wall =
      sys_seconds{local->date} + hours{local->hour} + minutes{local->minute} + seconds{local->second};
  size_t pos = local->end;
  if (pos == s.size()) return std::nullopt;  // offset is mandatory
  if ((s[pos] == 'Z' || s[pos] == 'z') && pos + 1 == s.size()) return wall;
  if (s[pos] != '+' && s[pos] != '-') return std::nullopt;
  int oh, om;
  if (s.size() != pos + 6 || s[pos + 3] != ':' || !parse_digits(s, pos + 1, 2, oh) ||
      !parse_digits(s, pos + 4, 2, om) || oh > 23 || om > 59)
    return std::nullopt;
  const seconds offset = hours{oh} + minutes{om};
  return s[pos] == '+' ? wall - offset : wall + offset;
}

std::optional<Instant> parse_instant_or_london(std::string_view s) {
  if (auto t = parse_instant(s)) return t;
  auto local = parse_local_datetime(s, false);
  if (!local || local->end != s.size()) return std::nullopt;
  return london_local_to_instant(local->date, local->hour, local->minute, local->second);
}

std::optional<LocalDate> parse_date(std::string_view s) {
  int y, m, d;
  if (s.size() != 10 || s[4] != '-' || s[7] != '-' || !parse_digits(s, 0, 4, y) ||
      !parse_digits(s, 5, 2, m) || !parse_digits(s, 8, 2, d))
    return std::nullopt;
  return make_date(y, m, d);
}

namespace {
// Writes `v` as exactly `width` digits (zero-padded) at `p`.
void put_digits(char* p, unsigned v, int width) {
  for (int i = width - 1; i >= 0; --i, v /= 10) p[i] = static_cast<char>('0' + v % 10);
}
}  // namespace

std::string format_instant(Instant t) {
  const auto day = floor<days>(t);
  const year_month_day ymd{day};
  const auto secs = static_cast<unsigned>((t - day).count());
  const int y = static_cast<int>(ymd.year());
  if (y < 0 || y > 9999) return format_date(day) + "T00:00:00Z";
  std::string out(20, ' ');  // YYYY-MM-DDTHH:MM:SSZ
  put_digits(&out[0], static_cast<unsigned>(y), 4);
  out[4] = '-';
  put_digits(&out[5], static_cast<unsigned>(ymd.month()), 2);
  out[7] = '-';
  put_digits(&out[8], static_cast<unsigned>(ymd.day()), 2);
  out[10] = 'T';
  put_digits(&out[11], secs / 3600, 2);
  out[13] = ':';
  put_digits(&out[14], secs / 60 % 60, 2);
  out[16] = ':';
  put_digits(&out[17], secs % 60, 2);
  out[19] = 'Z';
  return out;
}

std::string format_date(LocalDate d) {
  const year_month_day ymd{d};
  const int y = static_cast<int>(ymd.year());
  if (y < 0 || y > 9999) {
    char buf[16];
    std::snprintf(buf, sizeof buf, "%04d-%02u-%02u", y, static_cast<unsigned>(ymd.month()),
                  static_cast<unsigned>(ymd.day()));
    return buf;
  }
  std::string out(10, '-');
  put_digits(&out[0], static_cast<unsigned>(y), 4);
  put_digits(&out[5], static_cast<unsigned>(ymd.month()), 2);
  put_digits(&out[8], static_cast<unsigned>(ymd.day()), 2);
  return out;
}

}  // namespace civicdesk

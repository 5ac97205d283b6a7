#include "domain/calendar.h"

#include <algorithm>
#include <set>

#include <nlohmann/json.hpp>

namespace civicdesk {

using namespace std::chrono;

std::string_view division_key(Division d) {
  switch (d) {
    case Division::kEnglandAndWales: return "england-and-wales";
    case Division::kScotland: return "scotland";
    case Division::kNorthernIreland: return "northern-ireland";
  }
  return "england-and-wales";
}

Result<Division> parse_division(std::string_view key) {
  for (Division d : {Division::kEnglandAndWales, Division::kScotland, Division::kNorthernIreland})
    if (division_key(d) == key) return d;
  return Error(ErrorCode::kInvalidField,
               "Unknown bank-holiday division \"" + std::string(key) +
                   "\": use england-and-wales, scotland or northern-ireland",
               "division");
}

Result<std::vector<BankHoliday>> parse_bank_holidays(std::string_view json_text) {
  auto fail = [](std::string msg) { return Error(ErrorCode::kInvalidFile, std::move(msg)); };
  nlohmann::json doc = nlohmann::json::parse(json_text, nullptr, /*allow_exceptions=*/false);
  if (doc.is_discarded()) return fail("Bank holidays file is not valid JSON");
  if (!doc.is_object() || doc.empty())
    return fail("Bank holidays file must be an object keyed by division, as GOV.UK publishes it");

  std::vector<BankHoliday> out;
  for (const auto& [key, body] : doc.items()) {
    auto division = parse_division(key);
    if (!division) return fail(division.error().message);
    if (!body.is_object() || !body.contains("events") || !body["events"].is_array())
      return fail("Division " + key + " has no \"events\" list");
    std::set<LocalDate> seen;
    size_t n = 0;
    for (const auto& ev : body["events"]) {
      ++n;
      const std::string where = key + " event " + std::to_string(n);
      if (!ev.is_object() || !ev.contains("date") || !ev["date"].is_string())
        return fail(where + " has no \"date\" string");
      auto date = parse_date(ev["date"].get<std::string>());
      if (!date) return fail(where + " has an invalid date (expected YYYY-MM-DD)");
      if (!seen.insert(*date).second)
        return fail(where + " repeats the date " + format_date(*date));
      BankHoliday h{*division, *date, {}, {}};
      if (ev.contains("title") && ev["title"].is_string()) h.title = ev["title"].get<std::string>();
      if (ev.contains("notes") && ev["notes"].is_string()) h.notes = ev["notes"].get<std::string>();
      out.push_back(std::move(h));
    }
  }
  std::sort(out.begin(), out.end(), [](const BankHoliday& a, const BankHoliday& b) {
    return a.date != b.date ? a.date < b.date : a.division < b.division;
  });
  return out;
}

WorkingCalendar WorkingCalendar::build(const std::vector<LocalDate>& holidays) {
  WorkingCalendar cal;
  const int days = static_cast<int>((kLastDay - kFirstDay).count()) + 1;
  std::vector<bool> holiday(days, false);
  for (LocalDate d : holidays) {
    if (d >= kFirstDay && d <= kLastDay) holiday[cal.index(d)] = true;
    cal.holidays_until_ = std::max(cal.holidays_until_, d);
  }
  cal.rank_.resize(days + 1);
  cal.working_.reserve(days * 5 / 7 + 1);
  int32_t count = 0;
  for (int i = 0; i < days; ++i) {
    cal.rank_[i] = count;
    const LocalDate d = kFirstDay + std::chrono::days{i};
    if (iso_weekday(d) <= 5 && !holiday[i]) {
      cal.working_.push_back(i);
      ++count;
    }
  }
  cal.rank_[days] = count;
  return cal;
}

WorkingCalendar WorkingCalendar::build(const std::vector<BankHoliday>& holidays,
                                       const std::vector<Division>& divisions) {
  std::vector<LocalDate> dates;
  for (const auto& h : holidays)
    if (std::find(divisions.begin(), divisions.end(), h.division) != divisions.end())
      dates.push_back(h.date);
  return build(dates);
}

bool WorkingCalendar::is_working_day(LocalDate d) const {
  if (!in_range(d)) return iso_weekday(d) <= 5;
  const int i = index(d);
  return rank_[i + 1] != rank_[i];
}

LocalDate WorkingCalendar::working_day_on_or_after(LocalDate d) const {
  if (in_range(d)) {
    const size_t k = static_cast<size_t>(rank_[index(d)]);
    if (k < working_.size()) return kFirstDay + days{working_[k]};
  }
  while (!is_working_day(d)) d += days{1};
  return d;
}

LocalDate WorkingCalendar::add_working_days(LocalDate d, int n) const {
  if (n <= 0) return d;
  if (in_range(d)) {
    // Working days strictly after d start at rank(d + 1).
    const size_t k = static_cast<size_t>(rank_[index(d) + 1]) + static_cast<size_t>(n) - 1;
    if (k < working_.size()) return kFirstDay + days{working_[k]};
  }
  while (n > 0) {
    d += days{1};
    if (is_working_day(d)) --n;
  }
  return d;
}

int WorkingCalendar::working_days_between(LocalDate from, LocalDate to) const {
  if (to <= from) return 0;
  if (in_range(from) && in_range(to)) return rank_[index(to)] - rank_[index(from)];
  int n = 0;
  for (LocalDate d = from; d < to; d += days{1})
    if (is_working_day(d)) ++n;
  return n;
}

}  // namespace civicdesk

#include "domain/me_report.h"

#include <algorithm>
#include <cctype>

namespace civicdesk::report {

using std::chrono::days;

namespace {

Error bad(std::string_view field, std::string message) {
  return Error(ErrorCode::kInvalidQuery, std::move(message), std::string(field));
}

std::string two(int v) { return (v < 10 ? "0" : "") + std::to_string(v); }

// The name to show for a unit code.
std::string unit_name(const UnitNames& names, const std::string& code) {
  auto it = names.find(code);
  return it == names.end() || it->second.empty() ? code : it->second;
}

std::string period_text(const MonthRange& r) {
  return r.from == r.to ? format_month(r.from) : format_month(r.from) + " to " + format_month(r.to);
}

void add_period(ReportTable& t, const MonthRange& r) {
  t.parameters = {{"from", format_month(r.from)}, {"to", format_month(r.to)}};
}

// Rows keyed by unit name (ignoring case), with codes kept apart when two
// units share a name.
struct ByName {
  bool operator()(const std::pair<std::string, std::string>& a,
                  const std::pair<std::string, std::string>& b) const {
    if (name_less(a.first, b.first)) return true;
    if (name_less(b.first, a.first)) return false;
    return a.second < b.second;
  }
};

}  // namespace

// ---- periods -------------------------------------------------------------------

Result<Month> parse_month(std::string_view text, std::string_view field) {
  auto digit = [](char c) { return c >= '0' && c <= '9'; };
  if (text.size() != 7 || text[4] != '-' || !digit(text[0]) || !digit(text[1]) || !digit(text[2]) ||
      !digit(text[3]) || !digit(text[5]) || !digit(text[6]))
    return bad(field, "Give the month like 2015-01");
  Month m;
  m.year = (text[0] - '0') * 1000 + (text[1] - '0') * 100 + (text[2] - '0') * 10 + (text[3] - '0');
  m.month = (text[5] - '0') * 10 + (text[6] - '0');
  if (m.month < 1 || m.month > 12) return bad(field, "There is no month " + std::string(text) + " (months run 01 to 12)");
  if (m.year < 1990 || m.year > 2100) return bad(field, "Reports cover the years 1990 to 2100");
  return m;
}

std::string format_month(Month m) { return std::to_string(m.year) + "-" + two(m.month); }

Month next_month(Month m) { return m.month == 12 ? Month{m.year + 1, 1} : Month{m.year, m.month + 1}; }

Month month_of(LocalDate d) {
  const std::chrono::year_month_day ymd{d};
  return Month{static_cast<int>(ymd.year()), static_cast<int>(static_cast<unsigned>(ymd.month()))};
}

LocalDate first_day(Month m) {
  return LocalDate{std::chrono::year{m.year} / std::chrono::month{static_cast<unsigned>(m.month)} / 1};
}

LocalDate last_day(Month m) { return first_day(next_month(m)) - days{1}; }

int MonthRange::months() const { return (to.year - from.year) * 12 + (to.month - from.month) + 1; }

Result<MonthRange> parse_month_range(std::string_view from, std::string_view to, int max_months) {
  ASSIGN_OR_RETURN(Month f, parse_month(from, "from"));
  ASSIGN_OR_RETURN(Month t, parse_month(to, "to"));
  MonthRange r{f, t};
  if (t < f) return bad("to", "The period ends (" + format_month(t) + ") before it starts (" + format_month(f) + ")");
  if (r.months() > max_months)
    return bad("to", "A report covers at most " + std::to_string(max_months) + " months; this asks for " +
                         std::to_string(r.months()));
  return r;
}

Quarter quarter_of(Month m) {
  if (m.month >= 4) return Quarter{m.year, (m.month - 4) / 3 + 1};
  return Quarter{m.year - 1, 4};
}

std::string quarter_label(Quarter q) {
  return std::to_string(q.start_year) + "/" + two((q.start_year + 1) % 100) + " Q" + std::to_string(q.q);
}

Month first_month(Quarter q) { return q.q == 4 ? Month{q.start_year + 1, 1} : Month{q.start_year, 4 + (q.q - 1) * 3}; }

Month last_month(Quarter q) {
  Month m = first_month(q);
  return Month{m.year, m.month + 2};
}

Result<MonthRange> parse_quarter_range(std::string_view from, std::string_view to, int max_months) {
  ASSIGN_OR_RETURN(MonthRange r, parse_month_range(from, to, 1200));
  MonthRange whole{first_month(quarter_of(r.from)), last_month(quarter_of(r.to))};
  if (whole.months() > max_months)
    return bad("to", "A report covers at most " + std::to_string(max_months) + " months; whole quarters from " +
                         format_month(whole.from) + " to " + format_month(whole.to) + " are " +
                         std::to_string(whole.months()));
  return whole;
}

// ---- numbers -------------------------------------------------------------------

std::optional<int64_t> ratio_tenths(int64_t numerator, int64_t denominator) {
  if (denominator <= 0) return std::nullopt;
  // floor(n * 10 / d + 1/2) = floor((20n + d) / 2d)
  return (20 * numerator + denominator) / (2 * denominator);
}

std::optional<int64_t> percent_tenths(int64_t count, int64_t total) { return ratio_tenths(count * 100, total); }

Cell percent_cell(int64_t count, int64_t total) {
  auto p = percent_tenths(count, total);
  return p ? Cell::tenths(*p) : Cell::empty();
}

bool name_less(std::string_view a, std::string_view b) {
  const size_t n = std::min(a.size(), b.size());
  for (size_t i = 0; i < n; ++i) {
    const int x = std::tolower(static_cast<unsigned char>(a[i]));
    const int y = std::tolower(static_cast<unsigned char>(b[i]));
    if (x != y) return x < y;
  }
  if (a.size() != b.size()) return a.size() < b.size();
  return a < b;
}

AgeingBounds ageing_bounds(LocalDate at) {
  return AgeingBounds{{at - days{9}, at - days{19}, at - days{29}, at - days{39}}};
}

int working_days_to_close(const WorkingCalendar& cal, LocalDate received_on, LocalDate closed_on) {
  const LocalDate start = cal.working_day_on_or_after(received_on);
  return closed_on <= start ? 0 : cal.working_days_between(start, closed_on);
}

int working_days_overdue(const WorkingCalendar& cal, LocalDate due, LocalDate at) {
  return at <= due ? 0 : cal.working_days_between(due + days{1}, at + days{1});
}

// ---- the reports -----------------------------------------------------------------

namespace {

void due_cells(std::vector<Cell>& row, int64_t due, int64_t closed, int64_t delay) {
  const int64_t not_closed = due - closed;
  const int64_t responded = closed + delay;
  row.push_back(Cell::integer(due));
  row.push_back(Cell::integer(closed));
  row.push_back(percent_cell(closed, due));
  row.push_back(Cell::integer(not_closed));
  row.push_back(percent_cell(not_closed, due));
  row.push_back(Cell::integer(delay));
  row.push_back(percent_cell(delay, due));
  row.push_back(Cell::integer(responded));
  row.push_back(percent_cell(responded, due));
}

}  // namespace

ReportTable me_monthly_table(const MonthRange& range, const std::vector<DueCounts>& counts) {
  ReportTable t;
  t.name = "me-monthly";
  t.title = "Members' Enquiries performance by month, " + period_text(range);
  add_period(t, range);
  t.columns = {"Month",
               "Items due",
               "Closed in 5 days",
               "% Closed in 5 days",
               "Not closed in 5 days",
               "% Not closed in 5 days",
               "Delay advised",
               "% Delay advised",
               "Responded to in 5 days",
               "% Responded to in 5 days"};
  std::map<Month, DueCounts> by_month;
  for (Month m = range.from; m <= range.to; m = next_month(m)) by_month[m].month = m;
  for (const auto& c : counts) {
    auto it = by_month.find(c.month);
    if (it == by_month.end()) continue;
    it->second.due += c.due;
    it->second.closed += c.closed;
    it->second.delay += c.delay;
  }
  DueCounts total;
  for (const auto& [m, c] : by_month) {
    std::vector<Cell> row{Cell::of_text(format_month(m))};
    due_cells(row, c.due, c.closed, c.delay);
    t.rows.push_back(std::move(row));
    total.due += c.due;
    total.closed += c.closed;
    total.delay += c.delay;
  }
  std::vector<Cell> row{Cell::of_text("Total")};
  due_cells(row, total.due, total.closed, total.delay);
  t.rows.push_back(std::move(row));
  t.has_total = true;
  t.chart = {0, 9, "% responded to in 5 days, by month"};
  return t;
}

ReportTable me_ageing_table(LocalDate at, const std::vector<AgeingCounts>& counts, const UnitNames& names) {
  ReportTable t;
  t.name = "me-ageing";
  t.title = "Members' Enquiries open at the end of " + format_date(at) + ", by age";
  t.parameters = {{"at", format_date(at)}};
  t.columns = {"Delivery unit", "Less than 10 days", "10 to 19 days", "20 to 29 days",
               "30 to 39 days", "40+ days",          "Total over 10 days"};
  std::map<std::pair<std::string, std::string>, AgeingCounts, ByName> rows;
  for (const auto& c : counts) {
    AgeingCounts& r = rows[{unit_name(names, c.delivery_unit), c.delivery_unit}];
    for (int i = 0; i < 5; ++i) r.bands[i] += c.bands[i];
  }
  int64_t total[5] = {0, 0, 0, 0, 0};
  auto add_row = [&t](std::string label, const int64_t* b) {
    std::vector<Cell> row{Cell::of_text(std::move(label))};
    for (int i = 0; i < 5; ++i) row.push_back(Cell::integer(b[i]));
    row.push_back(Cell::integer(b[1] + b[2] + b[3] + b[4]));
    t.rows.push_back(std::move(row));
  };
  for (const auto& [key, r] : rows) {
    int64_t open = 0;
    for (int i = 0; i < 5; ++i) open += r.bands[i];
    if (open == 0) continue;
    add_row(key.first, r.bands);
    for (int i = 0; i < 5; ++i) total[i] += r.bands[i];
  }
  add_row("Total", total);
  t.has_total = true;
  t.chart = {0, 6, "Open more than 10 days, by delivery unit"};
  return t;
}

ReportTable me_quarterly_table(const MonthRange& range, const std::vector<DueCounts>& counts,
                               const UnitNames& names) {
  ReportTable t;
  t.name = "me-quarterly";
  t.title = "Members' Enquiries closed in 5 days, by delivery unit and quarter, " +
            quarter_label(quarter_of(range.from)) + " to " + quarter_label(quarter_of(range.to));
  add_period(t, range);
  t.columns = {"Delivery unit", "Quarter", "Items due", "Closed in 5 days", "% Closed in 5 days"};
  struct Key {
    Quarter q;
    std::string name, code;
    bool operator<(const Key& o) const {
      if (q != o.q) return q < o.q;
      if (name_less(name, o.name)) return true;
      if (name_less(o.name, name)) return false;
      return code < o.code;
    }
  };
  std::map<Key, std::pair<int64_t, int64_t>> rows;
  for (const auto& c : counts) {
    if (c.month < range.from || range.to < c.month || c.due == 0) continue;
    auto& r = rows[Key{quarter_of(c.month), unit_name(names, c.delivery_unit), c.delivery_unit}];
    r.first += c.due;
    r.second += c.closed;
  }
  int64_t due = 0, closed = 0;
  for (const auto& [k, r] : rows) {
    t.rows.push_back({Cell::of_text(k.name), Cell::of_text(quarter_label(k.q)), Cell::integer(r.first),
                      Cell::integer(r.second), percent_cell(r.second, r.first)});
    due += r.first;
    closed += r.second;
  }
  t.rows.push_back({Cell::of_text("Total"), Cell::empty(), Cell::integer(due), Cell::integer(closed),
                    percent_cell(closed, due)});
  t.has_total = true;
  t.chart = {0, 4, "% closed in 5 days, by delivery unit and quarter"};
  return t;
}

namespace {

// Hours in tenths from a number of seconds times `halves` (1, or 2 for
// the mean of two middle values), rounded half up.
Cell hours_cell(int64_t seconds_times_halves, int64_t halves) {
  auto v = ratio_tenths(seconds_times_halves, 3600 * halves);
  return v ? Cell::tenths(*v) : Cell::empty();
}

// Median of sorted values as (sum of the middle one or two, how many).
std::pair<int64_t, int64_t> median_parts(const std::vector<int64_t>& v) {
  const size_t n = v.size();
  if (n % 2 == 1) return {v[n / 2], 1};
  return {v[n / 2 - 1] + v[n / 2], 2};
}

}  // namespace

ReportTable me_misdirected_table(const MonthRange& range, std::vector<MisdirectedItem> items,
                                 const UnitNames& names) {
  ReportTable t;
  t.name = "me-misdirected";
  t.title = "Members' Enquiries sent back as misdirected, " + period_text(range);
  add_period(t, range);
  t.columns = {"Delivery unit", "Misdirected", "Median hours to send back", "Maximum hours to send back"};
  std::map<std::pair<std::string, std::string>, std::vector<int64_t>, ByName> by_unit;
  std::vector<int64_t> all;
  for (const auto& i : items) {
    const int64_t s = std::max<int64_t>(0, i.seconds);
    by_unit[{unit_name(names, i.delivery_unit), i.delivery_unit}].push_back(s);
    all.push_back(s);
  }
  auto add_row = [&t](std::string label, std::vector<int64_t>& v) {
    std::sort(v.begin(), v.end());
    std::vector<Cell> row{Cell::of_text(std::move(label)), Cell::integer(static_cast<int64_t>(v.size()))};
    if (v.empty()) {
      row.push_back(Cell::empty());
      row.push_back(Cell::empty());
    } else {
      auto [sum, halves] = median_parts(v);
      row.push_back(hours_cell(sum, halves));
      row.push_back(hours_cell(v.back(), 1));
    }
    t.rows.push_back(std::move(row));
  };
  for (auto& [key, v] : by_unit) add_row(key.first, v);
  add_row("Total", all);
  t.has_total = true;
  t.chart = {0, 1, "Misdirected enquiries, by delivery unit"};
  return t;
}

ReportTable me_escalations_table(const MonthRange& range, const std::vector<EscalationCounts>& counts,
                                 const UnitNames& names) {
  ReportTable t;
  t.name = "me-escalations";
  t.title = "Members' Enquiries escalated, " + period_text(range);
  add_period(t, range);
  t.columns = {"Delivery unit", "Escalations", "Enquiries escalated"};
  std::map<std::pair<std::string, std::string>, EscalationCounts, ByName> rows;
  for (const auto& c : counts) {
    auto& r = rows[{unit_name(names, c.delivery_unit), c.delivery_unit}];
    r.escalations += c.escalations;
    r.enquiries += c.enquiries;
  }
  int64_t e = 0, n = 0;
  for (const auto& [key, r] : rows) {
    t.rows.push_back({Cell::of_text(key.first), Cell::integer(r.escalations), Cell::integer(r.enquiries)});
    e += r.escalations;
    n += r.enquiries;
  }
  t.rows.push_back({Cell::of_text("Total"), Cell::integer(e), Cell::integer(n)});
  t.has_total = true;
  t.chart = {0, 1, "Escalations, by delivery unit"};
  return t;
}

ReportTable me_escalation_list_table(const MonthRange& range, const std::vector<EscalationItem>& items,
                                     const UnitNames& names) {
  ReportTable t;
  t.name = "me-escalation-list";
  t.title = "Members' Enquiries escalations, " + period_text(range);
  add_period(t, range);
  t.columns = {"Escalated on", "Reference", "Delivery unit", "Reason"};
  for (const auto& i : items)
    t.rows.push_back({Cell::of_text(format_date(london_date(i.at))), Cell::of_text(i.reference),
                      Cell::of_text(unit_name(names, i.delivery_unit)), Cell::of_text(i.reason)});
  t.chart = {2, -1, "Escalations, by delivery unit"};
  return t;
}

ReportTable me_chasers_table(const MonthRange& range, const std::vector<ChaserCounts>& counts,
                             const UnitNames& names) {
  ReportTable t;
  t.name = "me-chasers";
  t.title = "Chasers per Members' Enquiry received " + period_text(range);
  add_period(t, range);
  t.columns = {"Delivery unit", "Enquiries", "No chasers", "1 chaser", "2 chasers", "3 or more chasers",
               "Total chasers", "Chasers per enquiry"};
  std::map<std::pair<std::string, std::string>, ChaserCounts, ByName> rows;
  ChaserCounts total;
  auto add = [](ChaserCounts& a, const ChaserCounts& b) {
    a.enquiries += b.enquiries;
    a.none += b.none;
    a.one += b.one;
    a.two += b.two;
    a.three_plus += b.three_plus;
    a.chasers += b.chasers;
  };
  for (const auto& c : counts) add(rows[{unit_name(names, c.delivery_unit), c.delivery_unit}], c);
  auto add_row = [&t](std::string label, const ChaserCounts& c) {
    auto per = ratio_tenths(c.chasers, c.enquiries);
    t.rows.push_back({Cell::of_text(std::move(label)), Cell::integer(c.enquiries), Cell::integer(c.none),
                      Cell::integer(c.one), Cell::integer(c.two), Cell::integer(c.three_plus),
                      Cell::integer(c.chasers), per ? Cell::tenths(*per) : Cell::empty()});
  };
  for (const auto& [key, c] : rows) {
    if (c.enquiries == 0) continue;
    add_row(key.first, c);
    add(total, c);
  }
  add_row("Total", total);
  t.has_total = true;
  t.chart = {0, 7, "Chasers per enquiry, by delivery unit"};
  return t;
}

ReportTable me_days_to_close_table(const MonthRange& range, const std::vector<ClosurePair>& pairs,
                                   const UnitNames& names, const WorkingCalendar& cal) {
  ReportTable t;
  t.name = "me-days-to-close";
  t.title = "Working days to close Members' Enquiries closed " + period_text(range);
  add_period(t, range);
  t.columns = {"Delivery unit", "Closed",        "0 to 5 days",     "6 to 10 days",
               "11 to 20 days", "21 to 40 days", "Over 40 days",    "Median days"};
  // Per unit: working days -> number of enquiries.
  std::map<std::pair<std::string, std::string>, std::map<int, int64_t>, ByName> by_unit;
  std::map<int, int64_t> all;
  for (const auto& p : pairs) {
    if (p.count <= 0) continue;
    const int d = working_days_to_close(cal, p.received_on, p.closed_on);
    by_unit[{unit_name(names, p.delivery_unit), p.delivery_unit}][d] += p.count;
    all[d] += p.count;
  }
  auto add_row = [&t](std::string label, const std::map<int, int64_t>& hist) {
    int64_t n = 0, b[5] = {0, 0, 0, 0, 0};
    for (const auto& [d, k] : hist) {
      n += k;
      b[d <= 5 ? 0 : d <= 10 ? 1 : d <= 20 ? 2 : d <= 40 ? 3 : 4] += k;
    }
    std::vector<Cell> row{Cell::of_text(std::move(label)), Cell::integer(n)};
    for (int64_t v : b) row.push_back(Cell::integer(v));
    if (n == 0) {
      row.push_back(Cell::empty());
    } else {
      // The median: the middle value, or the mean of the two middle values.
      auto nth = [&hist](int64_t i) {  // 0-based
        for (const auto& [d, k] : hist) {
          if (i < k) return static_cast<int64_t>(d);
          i -= k;
        }
        return int64_t{0};
      };
      const int64_t sum = n % 2 ? 2 * nth(n / 2) : nth(n / 2 - 1) + nth(n / 2);
      row.push_back(Cell::tenths(*ratio_tenths(sum, 2)));
    }
    t.rows.push_back(std::move(row));
  };
  for (const auto& [key, hist] : by_unit) add_row(key.first, hist);
  add_row("Total", all);
  t.has_total = true;
  t.chart = {0, 7, "Median working days to close, by delivery unit"};
  return t;
}

ReportTable me_overdue_table(LocalDate at, std::vector<OverdueItem> items, const UnitNames& names,
                             const WorkingCalendar& cal) {
  ReportTable t;
  t.name = "me-overdue";
  t.title = "Members' Enquiries overdue at the end of " + format_date(at) + ", by delivery unit";
  t.parameters = {{"at", format_date(at)}};
  t.columns = {"Delivery unit", "Reference", "Received", "Due", "Working days overdue"};
  // The list can hold tens of thousands of enquiries from a handful of
  // units: rank the units once in report order (name ignoring case, then
  // code), then sort the rows by (rank, due, reference) without comparing
  // names row by row.
  std::vector<std::pair<std::string, std::string>> units;  // (name, code)
  std::map<std::string_view, uint32_t> rank;                // code -> index in units, then rank
  for (const auto& i : items)
    if (rank.emplace(i.delivery_unit, 0).second) units.push_back({unit_name(names, i.delivery_unit), i.delivery_unit});
  std::sort(units.begin(), units.end(), ByName{});
  for (uint32_t k = 0; k < units.size(); ++k) rank[units[k].second] = k;
  struct Key {
    uint32_t unit;
    uint32_t item;
    LocalDate due;
  };
  std::vector<Key> keys;
  keys.reserve(items.size());
  {
    std::string_view last_code;
    uint32_t last_rank = 0;
    for (uint32_t k = 0; k < items.size(); ++k) {
      const OverdueItem& i = items[k];
      if (k == 0 || i.delivery_unit != last_code) {  // rows mostly come grouped by unit
        last_code = i.delivery_unit;
        last_rank = rank.find(last_code)->second;
      }
      keys.push_back({last_rank, k, i.due});
    }
  }
  std::sort(keys.begin(), keys.end(), [&items](const Key& a, const Key& b) {
    if (a.unit != b.unit) return a.unit < b.unit;
    if (a.due != b.due) return a.due < b.due;
    return items[a.item].reference < items[b.item].reference;
  });
  t.rows.reserve(keys.size());
  for (const Key& k : keys) {
    OverdueItem& i = items[k.item];
    std::vector<Cell> row;
    row.reserve(5);
    row.push_back(Cell::of_text(units[k.unit].first));
    row.push_back(Cell::of_text(std::move(i.reference)));
    row.push_back(Cell::of_text(format_date(i.received_on)));
    row.push_back(Cell::of_text(format_date(i.due)));
    row.push_back(Cell::integer(working_days_overdue(cal, i.due, at)));
    t.rows.push_back(std::move(row));
  }
  t.chart = {0, -1, "Overdue enquiries, by delivery unit"};
  return t;
}

}  // namespace civicdesk::report

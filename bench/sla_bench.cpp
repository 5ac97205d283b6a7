// The SLA clock's hot paths: London dates, adding working days, starting a
// case's clock (due dates), and the breach state shown in every listing.
#include <benchmark/benchmark.h>

#include <fstream>
#include <random>
#include <sstream>
#include <vector>

#include "domain/calendar.h"
#include "domain/sla.h"

namespace civicdesk {
namespace {

const WorkingCalendar& calendar() {
  static const WorkingCalendar cal = [] {
    std::ifstream in("data/bank-holidays.json");
    std::stringstream ss;
    ss << in.rdbuf();
    auto holidays = parse_bank_holidays(ss.str());
    return WorkingCalendar::build(holidays ? *holidays : std::vector<BankHoliday>{},
                                  {Division::kEnglandAndWales});
  }();
  return cal;
}

// Instants spread over 2015-2027, fixed seed.
std::vector<Instant> instants(size_t n) {
  std::mt19937_64 rng(2015);
  std::uniform_int_distribution<int64_t> secs(1420070400, 1830297600);
  std::vector<Instant> out(n);
  for (auto& t : out) t = Instant{std::chrono::seconds{secs(rng)}};
  return out;
}

void BM_LondonDate(benchmark::State& state) {
  const auto ts = instants(4096);
  size_t i = 0;
  for (auto _ : state) benchmark::DoNotOptimize(london_date(ts[i++ & 4095]));
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_LondonDate);

void BM_AddWorkingDays(benchmark::State& state) {
  const auto& cal = calendar();
  const auto ts = instants(4096);
  std::vector<LocalDate> days;
  for (auto t : ts) days.push_back(london_date(t));
  size_t i = 0;
  for (auto _ : state) {
    benchmark::DoNotOptimize(cal.add_working_days(days[i & 4095], static_cast<int>(i % 21)));
    ++i;
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_AddWorkingDays);

// The due-date computation done for every new case: London date of receipt,
// start day, respond-by and resolve-by.
void BM_DueDates(benchmark::State& state) {
  const auto& cal = calendar();
  const auto ts = instants(4096);
  SlaPolicy p;
  p.code = "standard-10";
  p.respond_days = 5;
  p.resolve_days = 10;
  size_t i = 0;
  for (auto _ : state) benchmark::DoNotOptimize(start_clock(p, cal, ts[i++ & 4095]));
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_DueDates);

void BM_SlaStatus(benchmark::State& state) {
  const auto& cal = calendar();
  const auto ts = instants(4096);
  SlaPolicy p;
  p.code = "standard-10";
  p.respond_days = 5;
  p.resolve_days = 10;
  std::vector<SlaClock> clocks;
  for (auto t : ts) clocks.push_back(start_clock(p, cal, t));
  const Instant now = Instant{std::chrono::seconds{1700000000}};
  size_t i = 0;
  for (auto _ : state) {
    benchmark::DoNotOptimize(sla_status(cal, clocks[i & 4095], now, std::nullopt));
    ++i;
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_SlaStatus);

void BM_BuildCalendar(benchmark::State& state) {
  std::ifstream in("data/bank-holidays.json");
  std::stringstream ss;
  ss << in.rdbuf();
  auto holidays = parse_bank_holidays(ss.str());
  for (auto _ : state)
    benchmark::DoNotOptimize(WorkingCalendar::build(*holidays, {Division::kEnglandAndWales}));
}
BENCHMARK(BM_BuildCalendar);

}  // namespace
}  // namespace civicdesk

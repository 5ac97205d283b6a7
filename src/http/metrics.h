// Prometheus metrics for the HTTP server: request counts by route and
// status, and latency histograms by route. Lock-free recording (atomics per
// route, sized when routes are registered); render() writes the text format.
#pragma once

#include <array>
#include <atomic>
#include <memory>
#include <string>
#include <vector>

namespace civicdesk::http {

class Metrics {
 public:
  static constexpr std::array<double, 12> kBuckets = {0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025,
                                                      0.05,   0.1,   0.25,   0.5,   1.0,  2.5};

  // Call once per route before serving; returns its index. Index 0 is
  // reserved for requests that matched no route.
  explicit Metrics(const std::vector<std::string>& route_names);

  void record(int route_index, int status, double seconds);
  // Appends the HTTP series in Prometheus text format.
  void render(std::string& out) const;

 private:
  struct RouteStats {
    std::string name;
    std::array<std::atomic<uint64_t>, 600> by_status{};
    std::array<std::atomic<uint64_t>, kBuckets.size() + 1> buckets{};  // last: +Inf
    std::atomic<uint64_t> count{0};
    std::atomic<uint64_t> sum_micros{0};
  };
  std::vector<std::unique_ptr<RouteStats>> routes_;
};

// Escapes a label value for the text format.
std::string prometheus_label(std::string_view v);

}  // namespace civicdesk::http

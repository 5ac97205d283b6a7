#include "http/metrics.h"

#include <cstdio>

namespace civicdesk::http {

std::string prometheus_label(std::string_view v) {
  std::string out;
  for (char c : v) {
    if (c == '\\' || c == '"') out.push_back('\\');
    if (c == '\n') {
      out += "\\n";
      continue;
    }
    out.push_back(c);
  }
  return out;
}

Metrics::Metrics(const std::vector<std::string>& route_names) {
  routes_.push_back(std::make_unique<RouteStats>());
  routes_.back()->name = "unmatched";
  for (const auto& n : route_names) {
    routes_.push_back(std::make_unique<RouteStats>());
    routes_.back()->name = n;
  }
}

void Metrics::record(int route_index, int status, double seconds) {
  if (route_index < 0 || route_index >= static_cast<int>(routes_.size())) route_index = 0;
  RouteStats& r = *routes_[route_index];
  if (status >= 100 && status < 600) r.by_status[status].fetch_add(1, std::memory_order_relaxed);
  size_t b = 0;
  while (b < kBuckets.size() && seconds > kBuckets[b]) ++b;
  r.buckets[b].fetch_add(1, std::memory_order_relaxed);
  r.count.fetch_add(1, std::memory_order_relaxed);
  r.sum_micros.fetch_add(static_cast<uint64_t>(seconds * 1e6), std::memory_order_relaxed);
}

void Metrics::render(std::string& out) const {
  out += "# HELP civicdesk_http_requests_total HTTP requests by route and status.\n";
  out += "# TYPE civicdesk_http_requests_total counter\n";
  for (const auto& r : routes_)
    for (int s = 100; s < 600; ++s)
      if (uint64_t n = r->by_status[s].load(std::memory_order_relaxed))
        out += "civicdesk_http_requests_total{route=\"" + prometheus_label(r->name) + "\",status=\"" +
               std::to_string(s) + "\"} " + std::to_string(n) + "\n";
  out += "# HELP civicdesk_http_request_duration_seconds Time to handle a request.\n";
  out += "# TYPE civicdesk_http_request_duration_seconds histogram\n";
  for (const auto& r : routes_) {
    const uint64_t count = r->count.load(std::memory_order_relaxed);
    if (count == 0) continue;
    const std::string label = "route=\"" + prometheus_label(r->name) + "\"";
    uint64_t cumulative = 0;
    for (size_t b = 0; b <= kBuckets.size(); ++b) {
      cumulative += r->buckets[b].load(std::memory_order_relaxed);
      char le[32];
      if (b < kBuckets.size()) std::snprintf(le, sizeof le, "%g", kBuckets[b]);
      else std::snprintf(le, sizeof le, "+Inf");
      out += "civicdesk_http_request_duration_seconds_bucket{" + label + ",le=\"" + le + "\"} " +
             std::to_string(cumulative) + "\n";
    }
    char sum[64];
    std::snprintf(sum, sizeof sum, "%.6f", static_cast<double>(r->sum_micros.load(std::memory_order_relaxed)) / 1e6);
    out += "civicdesk_http_request_duration_seconds_sum{" + label + "} " + sum + "\n";
    out += "civicdesk_http_request_duration_seconds_count{" + label + "} " + std::to_string(count) + "\n";
  }
}

}  // namespace civicdesk::http

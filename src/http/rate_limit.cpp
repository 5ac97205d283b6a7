#include "http/rate_limit.h"

#include <algorithm>
#include <cmath>
#include <functional>
#include <vector>

namespace civicdesk::http {

namespace {
double seconds(std::chrono::steady_clock::duration d) { return std::chrono::duration<double>(d).count(); }
}  // namespace

RateLimiter::RateLimiter(size_t max_clients) : per_shard_(std::max<size_t>(8, max_clients / kShards)) {}

RateLimiter::~RateLimiter() = default;

RateDecision RateLimiter::take(std::string_view key, const RateLimit& limit, TimePoint now) {
  if (!limit.limited()) return {};
  const double burst = std::max(1.0, limit.burst);
  Shard& s = shards_[std::hash<std::string_view>{}(key) % kShards];
  std::lock_guard lock(s.mu);
  // Heterogeneous lookup needs C++20 library support GCC 12 lacks for
  // unordered_map; the key is short, so the copy is cheap.
  auto it = s.buckets.find(std::string(key));
  if (it == s.buckets.end()) {
    if (s.buckets.size() >= per_shard_) evict(s, now);
    it = s.buckets.emplace(std::string(key), Bucket{burst, now, limit.per_second, burst}).first;
  }
  Bucket& b = it->second;
  // Kept with the bucket so that eviction can tell when it has refilled.
  b.per_second = limit.per_second;
  b.burst = burst;
  if (now > b.last) {
    b.tokens = std::min(burst, b.tokens + seconds(now - b.last) * limit.per_second);
    b.last = now;
  }
  if (b.tokens >= 1) {
    b.tokens -= 1;
    return {};
  }
  const double wait = (1 - b.tokens) / limit.per_second;
  return {false, std::max(1, static_cast<int>(std::ceil(wait)))};
}

void RateLimiter::evict(Shard& s, TimePoint now) {
  // A bucket that has refilled is the same as none.
  for (auto it = s.buckets.begin(); it != s.buckets.end();) {
    const Bucket& b = it->second;
    if (b.tokens + seconds(now - b.last) * b.per_second >= b.burst)
      it = s.buckets.erase(it);
    else
      ++it;
  }
  // Still crowded (many distinct clients at once): drop the least recently
  // seen eighth, so that the next few hundred new clients do not each pay
  // for a scan.
  if (s.buckets.size() < per_shard_ - per_shard_ / 8) return;
  std::vector<TimePoint> seen;
  seen.reserve(s.buckets.size());
  for (const auto& [key, b] : s.buckets) seen.push_back(b.last);
  const size_t drop = std::max<size_t>(1, per_shard_ / 8);
  std::nth_element(seen.begin(), seen.begin() + static_cast<std::ptrdiff_t>(drop - 1), seen.end());
  const TimePoint cutoff = seen[drop - 1];
  size_t dropped = 0;
  for (auto it = s.buckets.begin(); it != s.buckets.end() && dropped < drop;) {
    if (it->second.last <= cutoff) {
      it = s.buckets.erase(it);
      ++dropped;
    } else {
      ++it;
    }
  }
}

size_t RateLimiter::size() const {
  size_t n = 0;
  for (const auto& s : shards_) {
    std::lock_guard lock(s.mu);
    n += s.buckets.size();
  }
  return n;
}

}  // namespace civicdesk::http

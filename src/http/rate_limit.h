// Rate limits per client: token buckets kept in memory.
//
// Each client (an API token or signed-in user, or for anonymous requests the
// client's address) has a bucket per class of request holding up to `burst`
// tokens, refilled at `per_second`; a request takes one token or is refused
// with how long to wait. The pipeline (pipeline.h) decides which classes a
// request counts against; see RateLimits.
//
// Memory is bounded: at most `max_clients` buckets are kept. A bucket that
// has refilled completely is the same as no bucket, so those are dropped
// first; under a flood of distinct clients the least recently seen go next.
// Buckets live in shards with a mutex each, so threads rarely wait for each
// other.
//
// Limits are per process: N server processes behind a load balancer allow a
// client up to N times the rate (docs/security.md).
//
//   RateLimiter limiter;
//   auto d = limiter.take("g:client:7", {50, 100}, steady_clock::now());
//   if (!d.allowed) ... 429 with Retry-After: d.retry_after_seconds
//
// Thread-safety: take() may be called from any thread.
#pragma once

#include <array>
#include <chrono>
#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <unordered_map>

namespace civicdesk::http {

struct RateLimit {
  double per_second = 0;  // 0: unlimited
  double burst = 0;       // bucket size; at least 1 when limited
  bool limited() const { return per_second > 0; }
};

// The limits the pipeline applies (all per client).
struct RateLimits {
  // Every request under /api/ (and /open311/), keyed by who is asking.
  RateLimit general{50, 100};
  // State-changing requests (not GET/HEAD), on top of `general`.
  RateLimit writes{10, 20};
  // Signing in, registering, password resets and email verification, per
  // client address whoever is asking: each can send email or test a
  // password, so the limit is low (10 a minute here).
  RateLimit public_forms{10.0 / 60, 10};
  static RateLimits off() { return {{}, {}, {}}; }
};

struct RateDecision {
  bool allowed = true;
  int retry_after_seconds = 0;  // when refused: whole seconds until a token is back (≥ 1)
};

class RateLimiter {
 public:
  using TimePoint = std::chrono::steady_clock::time_point;

  explicit RateLimiter(size_t max_clients = 65536);
  ~RateLimiter();
  RateLimiter(const RateLimiter&) = delete;
  RateLimiter& operator=(const RateLimiter&) = delete;

  // Takes one token from `key`'s bucket (created full). Always allowed when
  // the limit is off.
  RateDecision take(std::string_view key, const RateLimit& limit, TimePoint now);

  // Buckets currently kept (for tests and metrics).
  size_t size() const;

 private:
  static constexpr size_t kShards = 64;
  struct Bucket {
    double tokens;
    TimePoint last;
    double per_second, burst;  // its limit, to tell when it has refilled
  };
  struct Shard {
    mutable std::mutex mu;
    std::unordered_map<std::string, Bucket> buckets;  // guarded by mu
  };
  // Makes room in a full shard. Caller holds s.mu.
  void evict(Shard& s, TimePoint now);

  size_t per_shard_;
  std::array<Shard, kShards> shards_;
};

}  // namespace civicdesk::http

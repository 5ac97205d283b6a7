// Who an API token stands for, remembered for a few seconds.
//
// Authenticating a bearer token reads the token, its user and their officer
// record: a separate read transaction that cost a fifth of the throughput of
// a simple GET (BENCHMARKS.md). The answer rarely changes, so it is kept for
// `ttl` (5 s by default). Changes made through this process (revoking a
// token, deactivating a user, changing a role, resetting a password) forget
// every entry at once; changes made elsewhere (another server, the command
// line) take effect within `ttl`. Entries never outlive the token's own
// expiry. Thread-safe.
#pragma once

#include <chrono>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>

#include "domain/access.h"
#include "domain/time.h"

namespace civicdesk {

class PrincipalCache {
 public:
  struct Entry {
    Principal principal;
    Id token_id = 0;
    std::optional<Instant> expires_at;  // the token's
    Instant last_used{};                // as last written to the database
  };

  explicit PrincipalCache(std::chrono::milliseconds ttl) : ttl_(ttl) {}

  // The generation to pass to put(): an entry read from the database before
  // a forget_all() is not stored after it.
  uint64_t generation() const {
    std::lock_guard lock(mu_);
    return generation_;
  }

  std::optional<Entry> get(TenantId tenant, const std::string& token_hash, Instant now) const {
    if (ttl_.count() <= 0) return std::nullopt;
    std::lock_guard lock(mu_);
    auto it = entries_.find(key(tenant, token_hash));
    if (it == entries_.end() || Clock::now() - it->second.stored >= ttl_) return std::nullopt;
    if (it->second.entry.expires_at && *it->second.entry.expires_at <= now) return std::nullopt;
    return it->second.entry;
  }

  void put(TenantId tenant, const std::string& token_hash, Entry entry, uint64_t generation) {
    if (ttl_.count() <= 0) return;
    std::lock_guard lock(mu_);
    if (generation != generation_) return;
    if (entries_.size() >= kMaxEntries) entries_.clear();  // a flood of distinct tokens: start again
    entries_[key(tenant, token_hash)] = {std::move(entry), Clock::now()};
  }

  void forget_all() {
    std::lock_guard lock(mu_);
    entries_.clear();
    ++generation_;
  }

 private:
  using Clock = std::chrono::steady_clock;
  static constexpr size_t kMaxEntries = 10000;
  struct Stored {
    Entry entry;
    Clock::time_point stored;
  };
  static std::string key(TenantId tenant, const std::string& token_hash) {
    return std::to_string(tenant) + ":" + token_hash;
  }

  const std::chrono::milliseconds ttl_;
  mutable std::mutex mu_;
  std::unordered_map<std::string, Stored> entries_;  // guarded by mu_
  uint64_t generation_ = 0;                          // guarded by mu_
};

}  // namespace civicdesk

// Case numbers a server has taken from PostgreSQL's sequence but not used
// yet, so that creating a case does not wait for a nextval() of its own.
//
// The same trade-off as a sequence's CACHE setting: numbers a server took
// and did not use before it stopped are never used (a gap of fewer than
// kBlock in the references), and with several servers references follow
// creation order only roughly. One server hands its numbers out in
// increasing order (one fetch at a time); uniqueness is the sequence's.
#pragma once

#include <condition_variable>
#include <cstdint>
#include <deque>
#include <functional>
#include <map>
#include <mutex>
#include <vector>

#include "base/result.h"
#include "domain/catalogue.h"

namespace civicdesk::sql {

class ReservedCaseNumbers {
 public:
  static constexpr int kBlock = 16;
  // Takes kBlock fresh numbers from the database, in increasing order.
  using Fetch = std::function<Result<std::vector<int64_t>>()>;

  // The lowest number held for the tenant, fetching more when none is.
  Result<int64_t> next(TenantId t, const Fetch& fetch);
  // Drops what is held (and what is being fetched): after the sequence was
  // moved past imported cases, or when a held number turned out taken.
  void forget(TenantId t);

 private:
  struct Held {
    std::deque<int64_t> numbers;  // increasing
    bool fetching = false;
    uint64_t generation = 0;  // forget() moves it on
  };
  std::mutex mu_;
  std::condition_variable fetched_;
  std::map<TenantId, Held> held_;
};

}  // namespace civicdesk::sql

#include "store/sql/case_numbers.h"

namespace civicdesk::sql {

Result<int64_t> ReservedCaseNumbers::next(TenantId t, const Fetch& fetch) {
  std::unique_lock lock(mu_);
  Held& h = held_[t];  // std::map: stays put while others are added
  while (true) {
    if (!h.numbers.empty()) {
      const int64_t n = h.numbers.front();
      h.numbers.pop_front();
      return n;
    }
    if (h.fetching) {  // another thread is fetching: its numbers are next
      fetched_.wait(lock);
      continue;
    }
    h.fetching = true;
    const uint64_t generation = h.generation;
    lock.unlock();
    Result<std::vector<int64_t>> got = fetch();
    lock.lock();
    h.fetching = false;
    fetched_.notify_all();
    if (!got) return got.error();
    if (got->empty()) return internal_error("The case-number sequence returned nothing");
    // Fetched before a forget(): they may be below the import; fetch again.
    if (h.generation != generation) continue;
    h.numbers.assign(got->begin(), got->end());
  }
}

void ReservedCaseNumbers::forget(TenantId t) {
  std::lock_guard lock(mu_);
  Held& h = held_[t];
  h.numbers.clear();
  ++h.generation;
}

}  // namespace civicdesk::sql

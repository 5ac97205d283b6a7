#include "domain/account.h"

#include <algorithm>

namespace civicdesk {

std::chrono::seconds backoff(int failures, int free, std::chrono::seconds cap) {
  if (failures <= free) return std::chrono::seconds(0);
  const int exponent = std::min(failures - free - 1, 30);
  return std::min(cap, std::chrono::seconds(int64_t{1} << exponent));
}

}  // namespace civicdesk

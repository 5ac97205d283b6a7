// The demo council's random numbers: a seeded std::mt19937_64 (its output is
// fixed by the C++ standard) with our own helpers, because the standard
// distributions may differ between library versions. Same seed, same council.
#pragma once

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <random>
#include <span>
#include <vector>

namespace civicdesk::demo {

// Mixes a seed with a stream tag so that each part of the council (people,
// cases, contacts...) draws from its own stream: changing the number of
// contacts does not reshuffle the customers.
inline uint64_t mix_seed(uint64_t seed, uint64_t tag) {
  uint64_t z = seed + 0x9e3779b97f4a7c15ULL * (tag + 1);
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
  return z ^ (z >> 31);
}

class Rng {
 public:
  explicit Rng(uint64_t seed) : g_(seed) {}

  // [0, 1)
  double uniform() { return static_cast<double>(g_() >> 11) * 0x1.0p-53; }
  // [0, n); 0 when n <= 1.
  int below(int n) { return n <= 1 ? 0 : std::min(n - 1, static_cast<int>(uniform() * n)); }
  // [lo, hi], inclusive.
  int between(int lo, int hi) { return hi <= lo ? lo : lo + below(hi - lo + 1); }
  bool chance(double p) { return uniform() < p; }
  // Exponentially distributed with the given mean.
  double exponential(double mean) { return -std::log(1.0 - uniform()) * mean; }

  template <typename T>
  const T& pick(std::span<const T> items) { return items[below(static_cast<int>(items.size()))]; }
  template <typename T>
  const T& pick(const std::vector<T>& items) { return items[below(static_cast<int>(items.size()))]; }

  // Index chosen with probability proportional to weights[i].
  int weighted(std::span<const double> weights) {
    double total = 0;
    for (double w : weights) total += w;
    double x = uniform() * total;
    for (size_t i = 0; i < weights.size(); ++i) {
      if (x < weights[i]) return static_cast<int>(i);
      x -= weights[i];
    }
    return static_cast<int>(weights.size()) - 1;
  }

 private:
  std::mt19937_64 g_;
};

// Weighted choice among many items by binary search over cumulative weights.
class Cumulative {
 public:
  Cumulative() = default;
  explicit Cumulative(std::span<const double> weights) {
    cum_.reserve(weights.size());
    double total = 0;
    for (double w : weights) cum_.push_back(total += std::max(0.0, w));
  }
  bool empty() const { return cum_.empty() || cum_.back() <= 0; }
  int sample(Rng& rng) const {
    const double x = rng.uniform() * cum_.back();
    auto it = std::upper_bound(cum_.begin(), cum_.end(), x);
    return static_cast<int>(std::min<size_t>(it - cum_.begin(), cum_.size() - 1));
  }

 private:
  std::vector<double> cum_;
};

}  // namespace civicdesk::demo

// What every use case is given: the council, who is acting, and when.
//
// Time comes from a Clock so that tests can fix it; nothing in app/ or
// domain/ reads the system clock directly.
#pragma once

#include <atomic>
#include <chrono>
#include <string>

#include "domain/access.h"
#include "domain/catalogue.h"
#include "domain/time.h"

namespace civicdesk {

class Clock {
 public:
  virtual ~Clock() = default;
  virtual Instant now() const = 0;
};

class SystemClock final : public Clock {
 public:
  Instant now() const override {
    return std::chrono::time_point_cast<std::chrono::seconds>(std::chrono::system_clock::now());
  }
};

// A clock tests set by hand.
class FakeClock final : public Clock {
 public:
  explicit FakeClock(Instant t) : t_(t.time_since_epoch().count()) {}
  Instant now() const override { return Instant{std::chrono::seconds{t_.load()}}; }
  void set(Instant t) { t_ = t.time_since_epoch().count(); }
  void advance(std::chrono::seconds d) { t_ += d.count(); }

 private:
  std::atomic<int64_t> t_;
};

// The council, who is acting (checked by every use case against
// domain/access.h), when, and from where (for the audit trail).
struct RequestContext {
  TenantId tenant = 0;
  Principal principal = Principal::system();
  Instant now{};
  std::string address;  // client address, "" for the command line and jobs
};

}  // namespace civicdesk

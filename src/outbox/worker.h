// Draining the outbox: a worker leases due messages for its channels, hands
// each to its transport and records the outcome, one transaction per step,
// so that a crash at any moment loses nothing:
//
//   queued --lease--> sending --provider accepted--> sent
//                        |  \--retryable error--> queued (next_attempt_at = backoff)
//                        |   \--permanent error or out of attempts--> failed (dead letter)
//                        \--worker died: lease runs out--> leased again, and the
//                           provider is first asked whether it already has it
#pragma once

#include <atomic>
#include <condition_variable>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "app/context.h"
#include "outbox/transport.h"

namespace civicdesk::outbox {

struct WorkerOptions {
  int batch = 16;                          // messages leased at once
  std::chrono::milliseconds timeout{30000};  // a transport's bound on one message
  RetryPolicy retry;
};

struct WorkerRun {
  int claimed = 0, sent = 0, retried = 0, failed = 0;
  WorkerRun& operator+=(const WorkerRun& r) {
    claimed += r.claimed;
    sent += r.sent;
    retried += r.retried;
    failed += r.failed;
    return *this;
  }
};

class OutboxWorker {
 public:
  OutboxWorker(Store& store, Transport& transport, std::vector<std::string> channels, WorkerOptions o,
               const Clock& clock)
      : store_(store), transport_(transport), channels_(std::move(channels)), o_(o), clock_(clock) {}

  // Leases one batch and delivers it.
  Result<WorkerRun> run_once();
  // Runs batches until one finds nothing due; returns the totals.
  Result<WorkerRun> run_until_idle();

 private:
  Store& store_;
  Transport& transport_;
  std::vector<std::string> channels_;
  WorkerOptions o_;
  const Clock& clock_;
};

// One transport and the channels it carries, e.g. Notify for sms and letter.
struct DeliveryRoute {
  std::string name;
  std::vector<std::string> channels;
  std::function<std::unique_ptr<Transport>()> make;  // one per worker thread
};

// Worker threads for each route (`threads` each), polling every `poll` while
// the outbox is empty. A slow or hanging provider holds up only its own
// route's threads.
class DeliveryLoop {
 public:
  DeliveryLoop(Store& store, std::vector<DeliveryRoute> routes, int threads, WorkerOptions o,
               std::chrono::milliseconds poll, const Clock& clock);
  ~DeliveryLoop() { stop(); }
  void stop();

 private:
  void run(const DeliveryRoute& route);

  Store& store_;
  std::vector<DeliveryRoute> routes_;
  WorkerOptions o_;
  std::chrono::milliseconds poll_;
  const Clock& clock_;
  std::mutex mu_;
  std::condition_variable wake_;
  bool stopping_ = false;
  std::vector<std::thread> threads_;
};

}  // namespace civicdesk::outbox

#include "outbox/worker.h"

#include "log/log.h"

namespace civicdesk::outbox {

Result<WorkerRun> OutboxWorker::run_until_idle() {
  WorkerRun total;
  while (true) {
    ASSIGN_OR_RETURN(WorkerRun run, run_once());
    if (run.claimed == 0) return total;
    total += run;
  }
}

Result<WorkerRun> OutboxWorker::run_once() {
  WorkerRun run;
  const Instant now = clock_.now();
  // The lease covers the whole batch at the transport's worst case, so no
  // other worker takes a message this one is still going to send.
  const auto lease = std::chrono::duration_cast<std::chrono::seconds>(o_.timeout * (o_.batch + 1)) +
                     std::chrono::seconds(5);
  ASSIGN_OR_RETURN(auto claimed, store_.write_value<std::vector<ClaimedMessage>>([&](Tx& tx) {
    return tx.claim_messages(channels_, now, now + lease, o_.batch);
  }));
  run.claimed = static_cast<int>(claimed.size());
  for (const ClaimedMessage& m : claimed) {
    std::optional<Delivery> d;
    if (m.recovering) d = transport_.find_previous(m, clock_.now());
    if (!d) d = transport_.send(m, clock_.now());
    const OutboxMessage next = after_attempt(m.message, *d, o_.retry, clock_.now());
    const Status recorded = store_.write([&](Tx& tx) {
      return tx.update_message_delivery(m.tenant, next, {message_status::kSending});
    });
    if (!recorded) {
      // Cancelled while it was being sent, or the database is away: the
      // lease runs out and the next worker asks the provider first.
      log::warn("outbox_record_failed",
                {{"message", m.message.id}, {"tenant", m.tenant}, {"error", recorded.error().message}});
      continue;
    }
    if (next.status == message_status::kSent) ++run.sent;
    else if (next.status == message_status::kQueued) ++run.retried;
    else ++run.failed;
    if (next.status != message_status::kSent)
      log::warn(next.status == message_status::kFailed ? "message_failed" : "message_retry",
                {{"message", m.message.id}, {"tenant", m.tenant}, {"channel", m.message.channel},
                 {"transport", transport_.name()}, {"attempts", next.attempts}, {"error", next.last_error}});
  }
  return run;
}

DeliveryLoop::DeliveryLoop(Store& store, std::vector<DeliveryRoute> routes, int threads, WorkerOptions o,
                           std::chrono::milliseconds poll, const Clock& clock)
    : store_(store), routes_(std::move(routes)), o_(o), poll_(poll), clock_(clock) {
  for (const DeliveryRoute& r : routes_)
    for (int i = 0; i < threads; ++i) threads_.emplace_back([this, &r] { run(r); });
}

void DeliveryLoop::stop() {
  {
    std::lock_guard lock(mu_);
    stopping_ = true;
  }
  wake_.notify_all();
  for (auto& t : threads_)
    if (t.joinable()) t.join();
  threads_.clear();
}

void DeliveryLoop::run(const DeliveryRoute& route) {
  std::unique_ptr<Transport> transport = route.make();
  OutboxWorker worker(store_, *transport, route.channels, o_, clock_);
  std::unique_lock lock(mu_);
  while (!stopping_) {
    lock.unlock();
    auto run = worker.run_once();
    if (!run) log::warn("outbox_claim_failed", {{"transport", route.name}, {"error", run.error().message}});
    const bool more = run && run->claimed > 0;
    lock.lock();
    // A full outbox is drained without pauses; an empty one is polled.
    if (!more) wake_.wait_for(lock, poll_, [this] { return stopping_; });
  }
}

}  // namespace civicdesk::outbox

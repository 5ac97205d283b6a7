// A way of handing messages to the outside world (an SMTP relay, GOV.UK
// Notify, a back-office system's webhook receiver). One instance serves one
// worker thread, so implementations may keep a connection open between
// messages.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "domain/delivery.h"
#include "store/store.h"

namespace civicdesk::outbox {

class Transport {
 public:
  virtual ~Transport() = default;
  // For logs and metrics: "smtp", "notify", "webhook".
  virtual std::string_view name() const = 0;
  // Hands one message to the provider. Never throws.
  virtual Delivery send(const ClaimedMessage& m, Instant now) = 0;
  // For a message whose previous attempt was cut short (m.recovering): the
  // provider's record of it, if the provider can say and has it; nullopt
  // when it cannot say (the message is then sent again).
  virtual std::optional<Delivery> find_previous(const ClaimedMessage& m, Instant now) { return std::nullopt; }
};

}  // namespace civicdesk::outbox

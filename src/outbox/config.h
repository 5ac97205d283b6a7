// Which transport carries which channel, from the server's options: email
// over SMTP when a relay is configured, otherwise through GOV.UK Notify;
// text messages and letters through Notify; webhooks always. A channel with
// no transport keeps its messages queued (administrators see them).
#pragma once

#include <vector>

#include "outbox/notify.h"
#include "outbox/smtp.h"
#include "outbox/worker.h"

namespace civicdesk::outbox {

struct DeliveryOptions {
  SmtpOptions smtp;      // off when smtp.url is empty
  NotifyOptions notify;  // off when notify.api_key is empty
  std::chrono::milliseconds timeout{30000};
};

// invalid_config for options that could never work.
Result<std::vector<DeliveryRoute>> delivery_routes(DeliveryOptions o, Store& store);

}  // namespace civicdesk::outbox

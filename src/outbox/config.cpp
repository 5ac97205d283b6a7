#include "outbox/config.h"

#include "outbox/webhook.h"

namespace civicdesk::outbox {

Result<std::vector<DeliveryRoute>> delivery_routes(DeliveryOptions o, Store& store) {
  o.smtp.timeout = o.notify.timeout = o.timeout;
  std::vector<DeliveryRoute> routes;
  const bool smtp = !o.smtp.url.empty();
  const bool notify = !o.notify.api_key.empty();
  if (smtp) {
    RETURN_IF_ERROR(validate_smtp_options(o.smtp));
    routes.push_back({"smtp", {"email"}, [s = o.smtp] { return std::make_unique<SmtpTransport>(s); }});
  }
  if (notify) {
    RETURN_IF_ERROR(validate_notify_options(o.notify));
    std::vector<std::string> channels;
    if (!smtp && !o.notify.email_template.empty()) channels.push_back("email");
    if (!o.notify.sms_template.empty()) channels.push_back("sms");
    if (!o.notify.letter_template.empty()) channels.push_back("letter");
    if (!channels.empty())
      routes.push_back({"notify", channels, [n = o.notify] { return std::make_unique<NotifyTransport>(n); }});
  }
  routes.push_back({"webhook", {"webhook"}, [&store, t = o.timeout] {
                      return std::make_unique<WebhookTransport>(store, t);
                    }});
  return routes;
}

}  // namespace civicdesk::outbox

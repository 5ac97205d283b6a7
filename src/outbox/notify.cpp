#include "outbox/notify.h"

#include "app/crypto.h"
#include "base/base64.h"

namespace civicdesk::outbox {

namespace {

bool is_uuid(std::string_view s) {
  if (s.size() != 36) return false;
  for (size_t i = 0; i < s.size(); ++i) {
    const bool dash = i == 8 || i == 13 || i == 18 || i == 23;
    if (dash ? s[i] != '-' : !std::isxdigit(static_cast<unsigned char>(s[i]))) return false;
  }
  return true;
}

std::string strip_slash(std::string s) {
  while (!s.empty() && s.back() == '/') s.pop_back();
  return s;
}

std::string url_escape(const std::string& s) {
  std::string out;
  for (unsigned char ch : s) {
    if (std::isalnum(ch) || ch == '-' || ch == '_' || ch == '.' || ch == '~') {
      out.push_back(static_cast<char>(ch));
    } else {
      static const char* hex = "0123456789ABCDEF";
      out += '%';
      out += hex[ch >> 4];
      out += hex[ch & 15];
    }
  }
  return out;
}

std::string notification_id(const std::string& body) {
  auto j = nlohmann::json::parse(body, nullptr, false);
  if (j.is_object() && j.contains("id") && j["id"].is_string()) return j["id"].get<std::string>();
  return "";
}

// Notify's errors are {"errors":[{"error","message"}],"status_code"}; the
// messages say what was wrong, which is what an administrator needs.
std::string error_summary(const std::string& body) {
  auto j = nlohmann::json::parse(body, nullptr, false);
  if (!j.is_object() || !j.contains("errors") || !j["errors"].is_array()) return body.substr(0, 300);
  std::string out;
  for (const auto& e : j["errors"]) {
    if (!e.is_object()) continue;
    if (!out.empty()) out += "; ";
    out += e.value("error", std::string("Error")) + ": " + e.value("message", std::string());
  }
  return out;
}

}  // namespace

Result<NotifyApiKey> parse_notify_api_key(std::string_view key) {
  // The key name may itself contain hyphens: the ids are the last 73 characters.
  constexpr size_t kIds = 36 + 1 + 36;
  if (key.size() < kIds + 2 || key[key.size() - kIds - 1] != '-')
    return Error(ErrorCode::kInvalidConfig, "The GOV.UK Notify API key must be {key name}-{service id}-{secret}");
  NotifyApiKey k{std::string(key.substr(key.size() - kIds, 36)), std::string(key.substr(key.size() - 36))};
  if (!is_uuid(k.service_id) || !is_uuid(k.secret) || key[key.size() - 37] != '-')
    return Error(ErrorCode::kInvalidConfig, "The GOV.UK Notify API key must end in two UUIDs: the service id and the secret");
  return k;
}

std::string hs256_jwt(const nlohmann::ordered_json& claims, std::string_view secret) {
  const std::string signing_input = base64url_encode(R"({"alg":"HS256","typ":"JWT"})") + "." +
                                    base64url_encode(claims.dump());
  return signing_input + "." + base64url_encode(crypto::hmac_sha256(secret, signing_input));
}

std::string notify_token(const NotifyApiKey& key, Instant now) {
  nlohmann::ordered_json claims;
  claims["iss"] = key.service_id;
  claims["iat"] = std::chrono::duration_cast<std::chrono::seconds>(now.time_since_epoch()).count();
  return hs256_jwt(claims, key.secret);
}

Status validate_notify_options(const NotifyOptions& o) {
  RETURN_IF_ERROR(parse_notify_api_key(o.api_key));
  if (o.base_url.rfind("https://", 0) != 0 && o.base_url.rfind("http://", 0) != 0)
    return Error(ErrorCode::kInvalidConfig, "--notify-base-url must be an http:// or https:// address");
  for (const std::string* id : {&o.email_template, &o.sms_template, &o.letter_template, &o.email_reply_to_id,
                                &o.sms_sender_id})
    if (!id->empty() && !is_uuid(*id))
      return Error(ErrorCode::kInvalidConfig, "GOV.UK Notify template, reply-to and sender ids are UUIDs: \"" +
                                                  id->substr(0, 40) + "\" is not");
  if (o.email_template.empty() && o.sms_template.empty() && o.letter_template.empty())
    return Error(ErrorCode::kInvalidConfig,
                 "Give at least one GOV.UK Notify template id (--notify-email-template, --notify-sms-template, "
                 "--notify-letter-template)");
  return {};
}

Result<NotifyRequest> notify_request(const NotifyOptions& o, const ClaimedMessage& cm) {
  const OutboxMessage& m = cm.message;
  nlohmann::json personalisation = nlohmann::json::object();
  for (const auto& [k, v] : m.personalisation) personalisation[k] = v;
  personalisation["subject"] = m.subject;
  personalisation["body"] = m.body;
  NotifyRequest r;
  r.body["reference"] = provider_reference_for(cm.tenant, m.id);
  if (m.channel == "email") {
    if (o.email_template.empty()) return invalid_field("channel", "No GOV.UK Notify email template is configured");
    r.path = "/v2/notifications/email";
    r.body["email_address"] = m.recipient;
    r.body["template_id"] = o.email_template;
    if (!o.email_reply_to_id.empty()) r.body["email_reply_to_id"] = o.email_reply_to_id;
  } else if (m.channel == "sms") {
    if (o.sms_template.empty()) return invalid_field("channel", "No GOV.UK Notify text message template is configured");
    r.path = "/v2/notifications/sms";
    r.body["phone_number"] = m.recipient;
    r.body["template_id"] = o.sms_template;
    if (!o.sms_sender_id.empty()) r.body["sms_sender_id"] = o.sms_sender_id;
  } else if (m.channel == "letter") {
    if (o.letter_template.empty()) return invalid_field("channel", "No GOV.UK Notify letter template is configured");
    ASSIGN_OR_RETURN(auto lines, letter_address_lines(m.recipient));
    for (size_t i = 0; i < lines.size(); ++i) personalisation["address_line_" + std::to_string(i + 1)] = lines[i];
    r.path = "/v2/notifications/letter";
    r.body["template_id"] = o.letter_template;
  } else {
    return invalid_field("channel", "GOV.UK Notify does not send " + m.channel + " messages");
  }
  r.body["personalisation"] = std::move(personalisation);
  return r;
}

NotifyTransport::NotifyTransport(NotifyOptions o)
    : o_(std::move(o)), http_(o_.timeout) {
  // delivery_routes() validated the key before making a transport.
  if (auto key = parse_notify_api_key(o_.api_key)) key_ = *key;
  o_.base_url = strip_slash(o_.base_url);
}

std::vector<std::string> NotifyTransport::headers(Instant now) const {
  return {"Authorization: Bearer " + notify_token(key_, now), "Content-Type: application/json",
          "User-Agent: civicdesk"};
}

Delivery NotifyTransport::send(const ClaimedMessage& m, Instant now) {
  auto request = notify_request(o_, m);
  if (!request) return Delivery::permanent(request.error().message);
  HttpReply reply = http_.request("POST", o_.base_url + request->path, headers(now), request->body.dump());
  if (reply.status == 0) return Delivery::retry("GOV.UK Notify did not answer: " + reply.error);
  return classify_notify_response(reply.status, reply.status == 201 ? "" : error_summary(reply.body),
                                  notification_id(reply.body), reply.retry_after);
}

std::optional<Delivery> NotifyTransport::find_previous(const ClaimedMessage& m, Instant now) {
  const std::string reference = provider_reference_for(m.tenant, m.message.id);
  HttpReply reply = http_.request("GET", o_.base_url + "/v2/notifications?reference=" + url_escape(reference),
                                  headers(now));
  // Not knowing whether Notify has it, sending again could send it twice:
  // wait and ask again.
  if (reply.status != 200) return Delivery::retry("Could not ask GOV.UK Notify about an interrupted send (" +
                                                  (reply.status ? std::to_string(reply.status) : reply.error) + ")");
  auto j = nlohmann::json::parse(reply.body, nullptr, false);
  if (!j.is_object() || !j.contains("notifications") || !j["notifications"].is_array())
    return Delivery::retry("GOV.UK Notify's list of notifications was not understood");
  for (const auto& n : j["notifications"])
    if (n.is_object() && n.value("reference", std::string()) == reference && n.contains("id") && n["id"].is_string())
      return Delivery::sent(n["id"].get<std::string>());
  return std::nullopt;
}

}  // namespace civicdesk::outbox

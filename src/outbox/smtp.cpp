#include "outbox/smtp.h"

#include <curl/curl.h>

#include <algorithm>
#include <cstring>

#include "domain/identifiers.h"
#include "outbox/http_client.h"

namespace civicdesk::outbox {

namespace {

// Header values never carry line breaks (header injection).
std::string one_line(std::string_view s) {
  std::string out;
  for (char ch : s) out.push_back(ch == '\r' || ch == '\n' ? ' ' : ch);
  return out;
}

bool ascii(std::string_view s) {
  return std::all_of(s.begin(), s.end(), [](char ch) { return static_cast<unsigned char>(ch) < 0x80; });
}

// RFC 2047 encoded word (B encoding) for a non-ASCII header value.
std::string encoded_word(std::string_view s) {
  static const char* k = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  std::string b64;
  size_t i = 0;
  for (; i + 2 < s.size(); i += 3) {
    const unsigned v = (static_cast<unsigned char>(s[i]) << 16) | (static_cast<unsigned char>(s[i + 1]) << 8) |
                       static_cast<unsigned char>(s[i + 2]);
    b64 += {k[v >> 18], k[(v >> 12) & 63], k[(v >> 6) & 63], k[v & 63]};
  }
  if (i + 1 == s.size()) {
    const unsigned v = static_cast<unsigned char>(s[i]) << 16;
    b64 += {k[v >> 18], k[(v >> 12) & 63], '=', '='};
  } else if (i + 2 == s.size()) {
    const unsigned v = (static_cast<unsigned char>(s[i]) << 16) | (static_cast<unsigned char>(s[i + 1]) << 8);
    b64 += {k[v >> 18], k[(v >> 12) & 63], k[(v >> 6) & 63], '='};
  }
  return "=?UTF-8?B?" + b64 + "?=";
}

std::string header_text(std::string_view s) {
  std::string line = one_line(s);
  return ascii(line) ? line : encoded_word(line);
}

std::string rfc5322_date(Instant t) {
  const std::time_t tt = std::chrono::system_clock::to_time_t(t);
  std::tm tm{};
  gmtime_r(&tt, &tm);
  char buf[64];
  std::strftime(buf, sizeof buf, "%a, %d %b %Y %H:%M:%S +0000", &tm);
  return buf;
}

std::string domain_of(const std::string& address) {
  const size_t at = address.rfind('@');
  return at == std::string::npos ? "civicdesk.invalid" : address.substr(at + 1);
}

struct Upload {
  std::string data;
  size_t sent = 0;
};

size_t read_upload(char* buf, size_t size, size_t n, void* p) {
  auto* u = static_cast<Upload*>(p);
  const size_t len = std::min(size * n, u->data.size() - u->sent);
  std::memcpy(buf, u->data.data() + u->sent, len);
  u->sent += len;
  return len;
}

}  // namespace

Status validate_smtp_options(const SmtpOptions& o) {
  if (o.url.rfind("smtp://", 0) != 0 && o.url.rfind("smtps://", 0) != 0)
    return Error(ErrorCode::kInvalidConfig, "--smtp-url must be smtp://host:port or smtps://host:port");
  if (o.from.empty()) return Error(ErrorCode::kInvalidConfig, "--smtp-from is needed with --smtp-url");
  if (!parse_email(o.from, "smtp-from"))
    return Error(ErrorCode::kInvalidConfig, "--smtp-from must be an email address");
  if (o.tls != "try" && o.tls != "required" && o.tls != "off")
    return Error(ErrorCode::kInvalidConfig, "--smtp-tls must be try, required or off");
  return {};
}

std::string quoted_printable(std::string_view text) {
  static const char* hex = "0123456789ABCDEF";
  std::string out, line;
  auto flush = [&](bool soft) {
    out += line;
    out += soft ? "=\r\n" : "\r\n";
    line.clear();
  };
  for (size_t i = 0; i < text.size(); ++i) {
    const unsigned char ch = static_cast<unsigned char>(text[i]);
    if (ch == '\r') continue;
    if (ch == '\n') {
      // Trailing white space before a line break must be encoded.
      if (!line.empty() && (line.back() == ' ' || line.back() == '\t')) {
        const char last = line.back();
        line.pop_back();
        line += last == ' ' ? "=20" : "=09";
      }
      flush(false);
      continue;
    }
    std::string piece;
    if ((ch >= 33 && ch <= 126 && ch != '=') || ch == ' ' || ch == '\t') piece = std::string(1, static_cast<char>(ch));
    else piece = {'=', hex[ch >> 4], hex[ch & 15]};
    // A line that starts with "." is safe (libcurl escapes it), but keep
    // lines within 76 characters including the soft break's "=".
    if (line.size() + piece.size() > 75) flush(true);
    line += piece;
  }
  if (!line.empty()) out += line + "\r\n";
  return out;
}

std::string format_email(const SmtpOptions& o, const ClaimedMessage& cm, Instant now) {
  const OutboxMessage& m = cm.message;
  const std::string reference = provider_reference_for(cm.tenant, m.id);
  std::string from = o.from_name.empty() ? o.from : header_text(o.from_name) + " <" + o.from + ">";
  std::string e;
  e += "Date: " + rfc5322_date(now) + "\r\n";
  e += "From: " + one_line(from) + "\r\n";
  e += "To: <" + one_line(m.recipient) + ">\r\n";
  e += "Subject: " + header_text(m.subject) + "\r\n";
  e += "Message-ID: <" + reference + "@" + domain_of(o.from) + ">\r\n";
  e += "X-Civicdesk-Reference: " + reference + "\r\n";
  if (m.template_name.size()) e += "X-Civicdesk-Template: " + one_line(m.template_name) + "\r\n";
  e += "MIME-Version: 1.0\r\n";
  e += "Content-Type: text/plain; charset=UTF-8\r\n";
  e += "Content-Transfer-Encoding: quoted-printable\r\n\r\n";
  e += quoted_printable(m.body);
  return e;
}

SmtpTransport::SmtpTransport(SmtpOptions o) : o_(std::move(o)) {
  init_curl();
  curl_ = curl_easy_init();
}

SmtpTransport::~SmtpTransport() { curl_easy_cleanup(static_cast<CURL*>(curl_)); }

Delivery SmtpTransport::send(const ClaimedMessage& m, Instant now) {
  auto to = parse_email(m.message.recipient, "recipient");
  if (!to) return Delivery::permanent("Not an email address: " + m.message.recipient.substr(0, 100));
  CURL* c = static_cast<CURL*>(curl_);
  if (!c) return Delivery::retry("libcurl could not start");
  Upload upload{format_email(o_, m, now)};
  curl_easy_reset(c);
  const std::string from = "<" + o_.from + ">";
  curl_slist* rcpt = curl_slist_append(nullptr, ("<" + *to + ">").c_str());
  curl_easy_setopt(c, CURLOPT_URL, o_.url.c_str());
  curl_easy_setopt(c, CURLOPT_PROTOCOLS_STR, "smtp,smtps");
  curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(c, CURLOPT_TIMEOUT_MS, static_cast<long>(o_.timeout.count()));
  curl_easy_setopt(c, CURLOPT_CONNECTTIMEOUT_MS, static_cast<long>(o_.timeout.count()));
  curl_easy_setopt(c, CURLOPT_USE_SSL, o_.tls == "required" ? CURLUSESSL_ALL : o_.tls == "try" ? CURLUSESSL_TRY : CURLUSESSL_NONE);
  if (!o_.user.empty()) {
    curl_easy_setopt(c, CURLOPT_USERNAME, o_.user.c_str());
    curl_easy_setopt(c, CURLOPT_PASSWORD, o_.password.c_str());
  }
  curl_easy_setopt(c, CURLOPT_MAIL_FROM, from.c_str());
  curl_easy_setopt(c, CURLOPT_MAIL_RCPT, rcpt);
  curl_easy_setopt(c, CURLOPT_READFUNCTION, read_upload);
  curl_easy_setopt(c, CURLOPT_READDATA, &upload);
  curl_easy_setopt(c, CURLOPT_UPLOAD, 1L);
  const CURLcode rc = curl_easy_perform(c);
  curl_slist_free_all(rcpt);
  long code = 0;
  curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &code);
  if (rc == CURLE_OK) return Delivery::sent("");
  const std::string why = std::string("SMTP: ") + curl_easy_strerror(rc) + (code ? " (" + std::to_string(code) + ")" : "");
  // 5xx replies are the relay refusing for good (no such mailbox, not
  // allowed); everything else (4xx, timeouts, dropped connections) may pass.
  if (code >= 500 && code < 600) return Delivery::permanent(why);
  if (rc == CURLE_LOGIN_DENIED) return Delivery::retry(why + ": check --smtp-user and --smtp-password");
  return Delivery::retry(why);
}

}  // namespace civicdesk::outbox

// Email over SMTP through the council's relay, with libcurl: STARTTLS when
// the relay offers it (or insists on it), optional credentials, every
// conversation bounded in time.
#pragma once

#include <chrono>
#include <string>

#include "base/result.h"
#include "outbox/transport.h"

namespace civicdesk::outbox {

struct SmtpOptions {
  std::string url;   // smtp://host:port (STARTTLS) or smtps://host:port (TLS from the start)
  std::string from;  // the envelope and From: address
  std::string from_name;
  std::string user, password;
  std::string tls = "try";  // "try": STARTTLS if offered; "required": refuse to send in clear; "off"
  std::chrono::milliseconds timeout{30000};
};
Status validate_smtp_options(const SmtpOptions& o);

// The RFC 5322 message for `m` (CRLF line ends, UTF-8 body in
// quoted-printable, the subject encoded when it is not ASCII). Its
// Message-ID is derived from the message's reference, so a copy sent twice
// after a crash can be recognised as one.
std::string format_email(const SmtpOptions& o, const ClaimedMessage& m, Instant now);
// Quoted-printable (RFC 2045) with CRLF line ends and lines of at most 76.
std::string quoted_printable(std::string_view text);

class SmtpTransport final : public Transport {
 public:
  explicit SmtpTransport(SmtpOptions o);
  ~SmtpTransport() override;
  std::string_view name() const override { return "smtp"; }
  Delivery send(const ClaimedMessage& m, Instant now) override;

 private:
  SmtpOptions o_;
  void* curl_;
};

}  // namespace civicdesk::outbox

// Keeping secrets out of the logs.
//
// The access log records a fixed set of fields (request id, method, route
// pattern, status, time, client address, who acted as an actor tag): never a
// header, a query string or a body. Error messages are free text that may
// quote what the client sent, so before one is logged every secret the
// request carried is blanked out of it: the Authorization header and its
// token, every cookie value, X-CSRF-Token, query parameters named like a
// secret (token, key, password, secret, code, signature, session...), and
// the same-named string fields of a JSON body.
//
//   log::error("request_failed", {{"error", redact_secrets(e.message, req)}});
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "http/message.h"

namespace civicdesk::http {

// The secrets `req` carries (values of at least 4 characters, longest first).
std::vector<std::string> request_secrets(const Request& req);

// `text` with every secret of `req` replaced by "[redacted]".
std::string redact_secrets(std::string_view text, const Request& req);

// Whether a query parameter or JSON field called `name` holds a secret.
bool secret_name(std::string_view name);

}  // namespace civicdesk::http

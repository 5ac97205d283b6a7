// Errors on the wire: RFC 9457 problem+json. The single table that maps
// error codes to HTTP statuses lives in problem.cpp.
//
//   {"type": "urn:civicdesk:problem:stale_version", "title": "Precondition Failed",
//    "status": 412, "detail": "Case BAR-0012340 has changed ...", "code": "stale_version",
//    "field": "...", "request_id": "..."}
//
// Internal errors never reveal their message: the client gets a generic
// detail and the request id, and the real message goes to the log.
#pragma once

#include "base/error.h"
#include "http/message.h"

namespace civicdesk::http {

// `if_match_sent`: stale_version is 412 when the client sent If-Match (its
// precondition failed), 409 otherwise.
int http_status(const Error& e, bool if_match_sent);

Response problem(const Error& e, const Request& req);

}  // namespace civicdesk::http

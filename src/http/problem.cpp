#include "http/problem.h"

#include <nlohmann/json.hpp>

namespace civicdesk::http {

namespace {
const char* reason_phrase(int status) {
  switch (status) {
    case 400: return "Bad Request";
    case 401: return "Unauthorized";
    case 403: return "Forbidden";
    case 404: return "Not Found";
    case 405: return "Method Not Allowed";
    case 409: return "Conflict";
    case 412: return "Precondition Failed";
    case 413: return "Content Too Large";
    case 415: return "Unsupported Media Type";
    case 428: return "Precondition Required";
    case 429: return "Too Many Requests";
    case 503: return "Service Unavailable";
    default: return "Internal Server Error";
  }
}
}  // namespace

int http_status(const Error& e, bool if_match_sent) {
  switch (e.code) {
    case ErrorCode::kStaleVersion: return if_match_sent ? 412 : 409;
    case ErrorCode::kPreconditionRequired: return 428;
    case ErrorCode::kMethodNotAllowed: return 405;
    case ErrorCode::kUnsupportedMediaType: return 415;
    case ErrorCode::kPayloadTooLarge: return 413;
    case ErrorCode::kTooManyRequests: return 429;
    default: break;
  }
  switch (e.kind()) {
    case ErrorKind::kInvalidArgument: return 400;
    case ErrorKind::kNotFound: return 404;
    case ErrorKind::kAlreadyExists: return 409;
    case ErrorKind::kFailedPrecondition: return 409;
    case ErrorKind::kAborted: return 409;
    case ErrorKind::kPermissionDenied: return 403;
    case ErrorKind::kUnauthenticated: return 401;
    case ErrorKind::kResourceExhausted: return 429;
    case ErrorKind::kUnavailable: return 503;
    case ErrorKind::kInternal: return 500;
  }
  return 500;
}

Response problem(const Error& e, const Request& req) {
  const int status = http_status(e, req.header("if-match").has_value());
  nlohmann::json body = {{"type", "urn:civicdesk:problem:" + std::string(wire_code(e.code))},
                         {"title", reason_phrase(status)},
                         {"status", status},
                         {"code", std::string(wire_code(e.code))}};
  if (status >= 500 && e.kind() == ErrorKind::kInternal)
    body["detail"] = "Something went wrong on our side. Quote request " + req.request_id + " if you contact us.";
  else
    body["detail"] = e.message;
  if (!e.field.empty()) body["field"] = e.field;
  if (!req.request_id.empty()) body["request_id"] = req.request_id;
  Response r = Response::json(status, body.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace));
  r.set_header("Content-Type", "application/problem+json");
  if (status == 503) r.set_header("Retry-After", "5");
  if (e.retry_after_seconds > 0) r.set_header("Retry-After", std::to_string(e.retry_after_seconds));
  return r;
}

}  // namespace civicdesk::http

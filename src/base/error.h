// Errors as values: a stable machine code, a human message and the offending
// field. Every module boundary returns these instead of throwing.
//
// Choosing a code (the canonical kind follows from it, see kind_of):
//   * the caller sent something malformed or out of range -> an InvalidArgument
//     code (invalid_field, missing_field, unknown_field, invalid_json, ...);
//   * the thing named does not exist (or the caller may not know it does)
//     -> not_found;
//   * the request is well formed but the current state forbids it
//     (transition_not_allowed, case_closed) -> FailedPrecondition;
//   * somebody else changed it first (stale_version) -> Aborted: retry after
//     re-reading;
//   * a unique value is taken (duplicate_reference, already_exists);
//   * a dependency is down (database_unavailable) -> Unavailable: retry later.
// Codes are part of the public API: never renumber, rename or reuse one.
#pragma once

#include <string>
#include <string_view>

namespace civicdesk {

enum class ErrorKind {
  kInvalidArgument,
  kNotFound,
  kAlreadyExists,
  kFailedPrecondition,
  kAborted,
  kPermissionDenied,
  kUnauthenticated,
  kResourceExhausted,
  kUnavailable,
  kInternal,
};

// X(enumerator, wire code, kind)
#define CIVICDESK_ERROR_CODES(X)                                        \
  X(kInvalidJson, "invalid_json", kInvalidArgument)                     \
  X(kInvalidField, "invalid_field", kInvalidArgument)                   \
  X(kMissingField, "missing_field", kInvalidArgument)                   \
  X(kUnknownField, "unknown_field", kInvalidArgument)                   \
  X(kInvalidQuery, "invalid_query", kInvalidArgument)                   \
  X(kInvalidCursor, "invalid_cursor", kInvalidArgument)                 \
  X(kInvalidUtf8, "invalid_utf8", kInvalidArgument)                     \
  X(kInvalidFile, "invalid_file", kInvalidArgument)                     \
  X(kInvalidConfig, "invalid_config", kInvalidArgument)                 \
  X(kUnsupportedMediaType, "unsupported_media_type", kInvalidArgument)  \
  X(kNotFound, "not_found", kNotFound)                                  \
  X(kMethodNotAllowed, "method_not_allowed", kNotFound)                 \
  X(kAlreadyExists, "already_exists", kAlreadyExists)                   \
  X(kDuplicateReference, "duplicate_reference", kAlreadyExists)         \
  X(kTransitionNotAllowed, "transition_not_allowed", kFailedPrecondition) \
  X(kCaseClosed, "case_closed", kFailedPrecondition)                    \
  X(kPreconditionRequired, "precondition_required", kFailedPrecondition) \
  X(kFailedPrecondition, "failed_precondition", kFailedPrecondition)    \
  X(kStaleVersion, "stale_version", kAborted)                           \
  X(kConflict, "conflict", kAborted)                                    \
  X(kPermissionDenied, "permission_denied", kPermissionDenied)          \
  X(kUnauthenticated, "unauthenticated", kUnauthenticated)              \
  X(kPayloadTooLarge, "payload_too_large", kResourceExhausted)          \
  X(kTooManyRequests, "too_many_requests", kResourceExhausted)          \
  X(kDatabaseUnavailable, "database_unavailable", kUnavailable)         \
  X(kUnavailable, "unavailable", kUnavailable)                          \
  X(kInternal, "internal", kInternal)

enum class ErrorCode {
#define CIVICDESK_ENUMERATOR(name, wire, kind) name,
  CIVICDESK_ERROR_CODES(CIVICDESK_ENUMERATOR)
#undef CIVICDESK_ENUMERATOR
};

// The stable snake_case code sent to clients, e.g. "stale_version".
std::string_view wire_code(ErrorCode code);
ErrorKind kind_of(ErrorCode code);

struct Error {
  ErrorCode code = ErrorCode::kInternal;
  std::string message;  // for a person: says what is wrong and how to fix it
  std::string field;    // offending input, e.g. "location.postcode"; may be empty
  int retry_after_seconds = 0;  // for refusals that pass with time (429): how long to wait, when known

  Error() = default;
  Error(ErrorCode c, std::string msg, std::string fld = {})
      : code(c), message(std::move(msg)), field(std::move(fld)) {}

  ErrorKind kind() const { return kind_of(code); }
  // Adds context on the way up: "loading tenant: <message>".
  Error& prefix(std::string_view context);
  // A copy with context added, for errors held by const reference.
  Error prefixed(std::string_view context) const {
    Error e = *this;
    e.prefix(context);
    return e;
  }
};

inline Error invalid_field(std::string field, std::string message) {
  return Error(ErrorCode::kInvalidField, std::move(message), std::move(field));
}
inline Error missing_field(std::string field) {
  std::string msg = "Enter " + field;
  return Error(ErrorCode::kMissingField, std::move(msg), std::move(field));
}
inline Error not_found(std::string message) {
  return Error(ErrorCode::kNotFound, std::move(message));
}
inline Error internal_error(std::string message) {
  return Error(ErrorCode::kInternal, std::move(message));
}

}  // namespace civicdesk

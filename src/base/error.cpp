#include "base/error.h"

namespace civicdesk {

std::string_view wire_code(ErrorCode code) {
  switch (code) {
#define CIVICDESK_WIRE(name, wire, kind) \
  case ErrorCode::name:                  \
    return wire;
    CIVICDESK_ERROR_CODES(CIVICDESK_WIRE)
#undef CIVICDESK_WIRE
  }
  return "internal";
}

ErrorKind kind_of(ErrorCode code) {
  switch (code) {
#define CIVICDESK_KIND(name, wire, kind) \
  case ErrorCode::name:                  \
    return ErrorKind::kind;
    CIVICDESK_ERROR_CODES(CIVICDESK_KIND)
#undef CIVICDESK_KIND
  }
  return ErrorKind::kInternal;
}

Error& Error::prefix(std::string_view context) {
  message.insert(0, std::string(context) + ": ");
  return *this;
}

}  // namespace civicdesk

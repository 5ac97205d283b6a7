// Every JSON body decoder on arbitrary bytes: none may crash, hang, leak or
// trip a sanitizer; each returns a value or an Error with a code.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "http/parse/decode.h"

using namespace civicdesk;
using namespace civicdesk::http;

template <typename T>
static void check(const Result<T>& r) {
  if (!r.ok() && wire_code(r.error().code).empty()) __builtin_trap();
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view body(reinterpret_cast<const char*>(data), size);
  check(decode_new_case(body));
  check(decode_case_patch(body));
  check(decode_transition(body));
  check(decode_assignment(body));
  check(decode_note(body));
  check(decode_link(body));
  check(decode_watcher(body));
  check(decode_extension(body));
  check(decode_customer(body));
  check(decode_contact(body));
  return 0;
}

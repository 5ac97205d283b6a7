// Every query-string decoder (and the cursors inside them) on arbitrary bytes.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "http/parse/decode.h"
#include "http/parse/query.h"

using namespace civicdesk;
using namespace civicdesk::http;

template <typename T>
static void check(const Result<T>& r) {
  if (!r.ok() && wire_code(r.error().code).empty()) __builtin_trap();
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view q(reinterpret_cast<const char*>(data), size);
  check(decode_case_filter(q));
  check(decode_customer_filter(q));
  check(decode_contact_filter(q));
  check(decode_search(q));
  check(decode_case_cursor(q));
  check(decode_id_cursor(q));
  if (auto d = percent_decode(q)) {
    // Encoding then decoding gives the bytes back.
    auto again = percent_decode(percent_encode(*d), false);
    if (!again || *again != *d) __builtin_trap();
  }
  return 0;
}

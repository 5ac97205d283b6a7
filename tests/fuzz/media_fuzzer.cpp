// The JPEG and PNG strippers (domain/media.h) on arbitrary bytes, through
// both detection and each stripper directly. None may crash, hang or trip a
// sanitizer; errors carry a code; and whatever a stripper accepts it must
// accept again unchanged (stripping is idempotent) with the same size.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "domain/media.h"

using namespace civicdesk;

namespace {

void check(const Result<media::CleanImage>& r, Result<media::CleanImage> (*again)(std::string_view)) {
  if (!r.ok()) {
    if (wire_code(r.error().code).empty()) __builtin_trap();
    return;
  }
  auto second = again(r->bytes);
  if (!second.ok() || second->bytes != r->bytes || second->width != r->width || second->height != r->height)
    __builtin_trap();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view in(reinterpret_cast<const char*>(data), size);
  check(media::strip_jpeg(in), media::strip_jpeg);
  check(media::strip_png(in), media::strip_png);
  // With the signatures in front, so the fuzzer reaches the segment walkers quickly.
  check(media::strip_jpeg(std::string("\xFF\xD8", 2) + std::string(in)), media::strip_jpeg);
  check(media::strip_png(std::string("\x89PNG\r\n\x1a\n", 8) + std::string(in)), media::strip_png);
  media::Limits limits;
  limits.max_pixels = 1 << 20;
  auto r = media::clean(in, limits);
  if (!r.ok() && wire_code(r.error().code).empty()) __builtin_trap();
  return 0;
}

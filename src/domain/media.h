// Photos on reports (docs/media.md): the pure part. Recognises JPEG and PNG
// by their bytes (never by a declared content type or file name), checks
// their structure, and removes metadata without re-encoding the image:
//
//   JPEG  segments are walked; APP1 (EXIF with GPS, XMP), APP3-APP13 (IPTC
//         in APP13), APP15 and COM are dropped; SOI, APP0 (JFIF), APP2 when
//         it is an ICC profile, APP14 (Adobe colour transform), the tables,
//         frame and scan headers and the entropy-coded data to EOI are kept
//         byte for byte. Anything after EOI is dropped.
//   PNG   the signature and every chunk's CRC are checked; critical chunks
//         and the colour/display ones (tRNS cHRM gAMA iCCP sBIT sRGB pHYs
//         bKGD) are kept; tEXt, zTXt, iTXt, eXIf, tIME and every other
//         ancillary chunk are dropped. Anything after IEND is dropped.
//
// Example:
//   ASSIGN_OR_RETURN(media::CleanImage img, media::clean(upload, limits));
//   store img.bytes with media::content_type(img.type)
//
// Errors: unsupported_media_type (neither JPEG nor PNG), payload_too_large
// (over the byte or pixel limit), invalid_file (empty, truncated or garbled),
// each naming the field "file". Pure and thread-safe.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "base/result.h"

namespace civicdesk::media {

enum class ImageType { kJpeg, kPng };
std::string_view content_type(ImageType t);  // "image/jpeg", "image/png"
std::string_view extension(ImageType t);     // "jpg", "png"
// From a stored content type; invalid_field otherwise.
Result<ImageType> parse_content_type(std::string_view content_type);

struct Limits {
  size_t max_bytes = 10 * 1024 * 1024;  // of the upload, before stripping
  int64_t max_pixels = 50'000'000;      // width x height: refuses decompression bombs
};

struct CleanImage {
  ImageType type = ImageType::kJpeg;
  std::string bytes;  // the stripped file
  int64_t width = 0;
  int64_t height = 0;
};

// The type from the first bytes; unsupported_media_type otherwise.
Result<ImageType> detect(std::string_view bytes);

// Detects, checks the limits and strips.
Result<CleanImage> clean(std::string_view bytes, const Limits& limits);

// The strippers on their own (no limits checked). invalid_file when the
// bytes are not a well-formed file of that type.
Result<CleanImage> strip_jpeg(std::string_view bytes);
Result<CleanImage> strip_png(std::string_view bytes);

// CRC-32 as PNG uses it (ISO 3309), for tests that build chunks.
uint32_t crc32(std::string_view bytes);

}  // namespace civicdesk::media

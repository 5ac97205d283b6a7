#include "domain/media.h"

#include <array>
#include <optional>

namespace civicdesk::media {

namespace {

Error bad(std::string message) { return Error(ErrorCode::kInvalidFile, std::move(message), "file"); }

uint8_t byte_at(std::string_view s, size_t i) { return static_cast<uint8_t>(s[i]); }
uint32_t be16(std::string_view s, size_t i) { return (uint32_t{byte_at(s, i)} << 8) | byte_at(s, i + 1); }
uint32_t be32(std::string_view s, size_t i) { return (be16(s, i) << 16) | be16(s, i + 2); }

constexpr std::string_view kPngSignature("\x89PNG\r\n\x1a\n", 8);

// ---- JPEG ----------------------------------------------------------------

// What to do with a marker segment found before or between scans.
enum class Keep { kYes, kNo, kRefuse };

bool is_sof(uint8_t m) { return m >= 0xC0 && m <= 0xCF && m != 0xC4 && m != 0xC8 && m != 0xCC; }

Keep jpeg_policy(uint8_t marker, std::string_view data) {
  if (marker == 0xE0 || marker == 0xEE) return Keep::kYes;  // JFIF; Adobe (colour transform)
  if (marker == 0xE2)                                        // colour profile only (FlashPix also uses APP2)
    return data.substr(0, 12) == std::string_view("ICC_PROFILE\0", 12) ? Keep::kYes : Keep::kNo;
  if (marker >= 0xE1 && marker <= 0xEF) return Keep::kNo;    // EXIF/XMP, IPTC, maker data
  if (marker == 0xFE) return Keep::kNo;                      // comment
  if (is_sof(marker) || marker == 0xC4 || marker == 0xCC || marker == 0xDB || marker == 0xDD || marker == 0xDC)
    return Keep::kYes;  // frame, Huffman/arithmetic/quantisation tables, restart interval, line count
  return Keep::kRefuse;
}

// The entropy-coded data after a scan header runs to the next marker that is
// not a stuffed zero (FF 00) or a restart marker (FF D0-D7). Returns the
// offset of that marker's FF, or nullopt when the file ends first.
std::optional<size_t> end_of_scan(std::string_view in, size_t pos) {
  while (true) {
    const size_t ff = in.find('\xFF', pos);
    if (ff == std::string_view::npos || ff + 1 >= in.size()) return std::nullopt;
    const uint8_t next = byte_at(in, ff + 1);
    if (next == 0x00 || (next >= 0xD0 && next <= 0xD7)) {
      pos = ff + 2;
      continue;
    }
    if (next == 0xFF) {  // fill bytes before a marker
      pos = ff + 1;
      continue;
    }
    return ff;
  }
}

// ---- PNG -----------------------------------------------------------------

bool png_keeps(std::string_view type) {
  static constexpr std::array<std::string_view, 12> kKept = {"IHDR", "PLTE", "IDAT", "IEND", "tRNS", "cHRM",
                                                             "gAMA", "iCCP", "sBIT", "sRGB", "pHYs", "bKGD"};
  for (auto k : kKept)
    if (k == type) return true;
  return false;
}

bool is_letter(char c) { return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z'); }

}  // namespace

std::string_view content_type(ImageType t) { return t == ImageType::kJpeg ? "image/jpeg" : "image/png"; }
std::string_view extension(ImageType t) { return t == ImageType::kJpeg ? "jpg" : "png"; }

Result<ImageType> parse_content_type(std::string_view ct) {
  if (ct == "image/jpeg") return ImageType::kJpeg;
  if (ct == "image/png") return ImageType::kPng;
  return invalid_field("content_type", "Not an image type civicdesk stores");
}

uint32_t crc32(std::string_view bytes) {
  static const std::array<uint32_t, 256> kTable = [] {
    std::array<uint32_t, 256> t{};
    for (uint32_t n = 0; n < 256; ++n) {
      uint32_t c = n;
      for (int k = 0; k < 8; ++k) c = (c & 1) ? 0xEDB88320u ^ (c >> 1) : c >> 1;
      t[n] = c;
    }
    return t;
  }();
  uint32_t c = 0xFFFFFFFFu;
  for (char ch : bytes) c = kTable[(c ^ static_cast<uint8_t>(ch)) & 0xFF] ^ (c >> 8);
  return c ^ 0xFFFFFFFFu;
}

Result<ImageType> detect(std::string_view bytes) {
  if (bytes.empty()) return bad("The file is empty");
  if (bytes.size() >= 3 && byte_at(bytes, 0) == 0xFF && byte_at(bytes, 1) == 0xD8 && byte_at(bytes, 2) == 0xFF)
    return ImageType::kJpeg;
  if (bytes.substr(0, kPngSignature.size()) == kPngSignature) return ImageType::kPng;
  return Error(ErrorCode::kUnsupportedMediaType, "Only JPEG and PNG photos are accepted", "file");
}

Result<CleanImage> strip_jpeg(std::string_view in) {
  if (in.size() < 4 || byte_at(in, 0) != 0xFF || byte_at(in, 1) != 0xD8) return bad("This is not a JPEG file");
  CleanImage out;
  out.type = ImageType::kJpeg;
  out.bytes.reserve(in.size());
  out.bytes.append("\xFF\xD8", 2);
  bool have_frame = false, have_scan = false;
  size_t pos = 2;
  while (true) {
    if (pos >= in.size()) return bad("The JPEG file is truncated (no end-of-image marker)");
    if (byte_at(in, pos) != 0xFF) return bad("The JPEG file is garbled (expected a marker)");
    while (pos < in.size() && byte_at(in, pos) == 0xFF) ++pos;  // fill bytes
    if (pos >= in.size()) return bad("The JPEG file is truncated");
    const uint8_t marker = byte_at(in, pos++);
    if (marker == 0xD9) {  // end of image
      if (!have_scan) return bad("The JPEG file has no image data");
      out.bytes.append("\xFF\xD9", 2);
      break;
    }
    if (marker == 0x00 || marker == 0xD8 || (marker >= 0xD0 && marker <= 0xD7) || marker == 0x01)
      return bad("The JPEG file is garbled (a marker out of place)");
    if (pos + 2 > in.size()) return bad("The JPEG file is truncated");
    const size_t length = be16(in, pos);
    if (length < 2 || pos + length > in.size()) return bad("The JPEG file is truncated or garbled (segment length)");
    const std::string_view segment = in.substr(pos - 2, length + 2);  // FF, marker, length, data
    const std::string_view data = in.substr(pos + 2, length - 2);
    pos += length;
    if (marker == 0xDA) {  // start of scan: header, then entropy-coded data
      if (!have_frame) return bad("The JPEG file has image data before its frame header");
      auto end = end_of_scan(in, pos);
      if (!end) return bad("The JPEG file is truncated (image data does not end)");
      out.bytes.append("\xFF", 1);
      out.bytes.append(segment.substr(1));
      out.bytes.append(in.substr(pos, *end - pos));
      pos = *end;
      have_scan = true;
      continue;
    }
    const Keep keep = jpeg_policy(marker, data);
    if (keep == Keep::kRefuse) return bad("The JPEG file uses a segment civicdesk does not accept");
    if (is_sof(marker)) {
      if (have_frame) return bad("The JPEG file has more than one frame header");
      if (data.size() < 6) return bad("The JPEG frame header is truncated");
      out.height = be16(data, 1);
      out.width = be16(data, 3);
      if (out.width == 0 || out.height == 0) return bad("The JPEG image has no width or height");
      have_frame = true;
    }
    if (keep == Keep::kYes) {
      out.bytes.append("\xFF", 1);
      out.bytes.append(segment.substr(1));
    }
  }
  return out;
}

Result<CleanImage> strip_png(std::string_view in) {
  if (in.substr(0, kPngSignature.size()) != kPngSignature) return bad("This is not a PNG file");
  CleanImage out;
  out.type = ImageType::kPng;
  out.bytes.reserve(in.size());
  out.bytes.append(kPngSignature);
  size_t pos = kPngSignature.size();
  bool first = true, have_data = false;
  while (true) {
    if (pos + 12 > in.size()) return bad("The PNG file is truncated (no IEND chunk)");
    const uint32_t length = be32(in, pos);
    if (length > 0x7FFFFFFFu || in.size() - pos - 12 < length) return bad("The PNG file is truncated or garbled (chunk length)");
    const std::string_view type = in.substr(pos + 4, 4);
    for (char c : type)
      if (!is_letter(c)) return bad("The PNG file is garbled (chunk type)");
    const std::string_view type_and_data = in.substr(pos + 4, 4 + length);
    if (crc32(type_and_data) != be32(in, pos + 8 + length))
      return bad("The PNG file is damaged (a chunk's checksum is wrong)");
    const std::string_view chunk = in.substr(pos, 12 + length);
    const std::string_view data = in.substr(pos + 8, length);
    pos += 12 + length;
    if (first) {
      if (type != "IHDR" || length != 13) return bad("The PNG file does not start with its header");
      out.width = be32(data, 0);
      out.height = be32(data, 4);
      if (out.width == 0 || out.height == 0 || out.width > 0x7FFFFFFF || out.height > 0x7FFFFFFF)
        return bad("The PNG image has no width or height");
      first = false;
    } else if (type == "IHDR") {
      return bad("The PNG file has more than one header");
    }
    if (type == "IDAT") have_data = true;
    const bool critical = type[0] >= 'A' && type[0] <= 'Z';
    if (png_keeps(type)) out.bytes.append(chunk);
    else if (critical) return bad("The PNG file uses a chunk civicdesk does not accept");
    if (type == "IEND") break;
  }
  if (!have_data) return bad("The PNG file has no image data");
  return out;
}

Result<CleanImage> clean(std::string_view bytes, const Limits& limits) {
  if (bytes.size() > limits.max_bytes)
    return Error(ErrorCode::kPayloadTooLarge,
                 "The photo is " + std::to_string(bytes.size()) + " bytes; at most " +
                     std::to_string(limits.max_bytes) + " are accepted",
                 "file");
  ASSIGN_OR_RETURN(ImageType type, detect(bytes));
  ASSIGN_OR_RETURN(CleanImage img, type == ImageType::kJpeg ? strip_jpeg(bytes) : strip_png(bytes));
  if (img.width * img.height > limits.max_pixels)
    return Error(ErrorCode::kPayloadTooLarge,
                 "The photo is " + std::to_string(img.width) + " x " + std::to_string(img.height) +
                     " pixels; at most " + std::to_string(limits.max_pixels) + " pixels are accepted",
                 "file");
  return img;
}

}  // namespace civicdesk::media

// Small JPEG and PNG files built byte by byte for the media tests, with the
// metadata a phone adds (EXIF with GPS, XMP, comments, PNG text chunks), and
// what each should become once stripped. The "image data" is filler: the
// strippers never decode pixels, they walk the file's structure.
#pragma once

#include <cstdint>
#include <string>
#include <cstddef>
#include <string_view>

#include "domain/media.h"

namespace civicdesk::test_images {

// A string literal with its embedded NULs.
template <size_t N>
std::string lit(const char (&s)[N]) {
  return std::string(s, N - 1);
}

inline std::string be16(uint32_t v) { return {static_cast<char>(v >> 8), static_cast<char>(v & 0xFF)}; }
inline std::string be32(uint32_t v) { return be16(v >> 16) + be16(v & 0xFFFF); }

// ---- JPEG ------------------------------------------------------------------
inline std::string segment(uint8_t marker, std::string_view data) {
  return lit("\xFF") + static_cast<char>(marker) + be16(static_cast<uint32_t>(data.size() + 2)) +
         std::string(data);
}
inline const std::string kSoi("\xFF\xD8", 2);
inline const std::string kEoi("\xFF\xD9", 2);
inline std::string jfif() { return segment(0xE0, lit("JFIF\0\x01\x02\0\0\x01\0\x01\0\0")); }
inline std::string exif_gps() {
  return segment(0xE1, lit("Exif\0\0MM\0*GPSLatitude 51.5033N GPSLongitude 0.1196W Canon EOS"));
}
inline std::string xmp() {
  return segment(0xE1, lit("http://ns.adobe.com/xap/1.0/\0<x:xmpmeta>Author: Jane Resident</x:xmpmeta>"));
}
inline std::string iptc() { return segment(0xED, lit("Photoshop 3.0\0" "8BIM Byline: Jane Resident")); }
inline std::string comment() { return segment(0xFE, "Taken outside 12 Acacia Avenue"); }
inline std::string icc() { return segment(0xE2, lit("ICC_PROFILE\0\x01\x01sRGB-profile-bytes")); }
inline std::string flashpix() { return segment(0xE2, lit("FPXR\0secret")); }
inline std::string adobe() { return segment(0xEE, lit("Adobe\0\x64\0\0\0\0\x01")); }
inline std::string dqt() { return segment(0xDB, lit("\0") + std::string(64, '\x01')); }
inline std::string sof0(uint32_t width, uint32_t height) {
  return segment(0xC0, lit("\x08") + be16(height) + be16(width) + lit("\x01\x01\x11\x00"));
}
inline std::string dht() { return segment(0xC4, lit("\0\0\x01") + std::string(15, '\0') + "\x05"); }
inline std::string sos() { return segment(0xDA, lit("\x01\x01\x00\x00\x3F\x00")); }
// Entropy-coded data with a stuffed FF 00 and a restart marker in it.
inline const std::string kScanData("\x12\x34\xFF\x00\x56\xFF\xD0\x78\x9A", 9);

// The kept parts of every JPEG below, in order: what stripping must give.
inline std::string clean_jpeg(uint32_t width = 4, uint32_t height = 3) {
  return kSoi + jfif() + icc() + adobe() + dqt() + sof0(width, height) + dht() + sos() + kScanData + kEoi;
}
// A phone's photo: the same image with EXIF (GPS), XMP, IPTC, a comment, a
// FlashPix APP2, and bytes after the end of the image.
inline std::string phone_jpeg(uint32_t width = 4, uint32_t height = 3) {
  return kSoi + jfif() + exif_gps() + xmp() + icc() + flashpix() + iptc() + comment() + adobe() + dqt() +
         sof0(width, height) + comment() + dht() + sos() + kScanData + kEoi + "trailing GPSLatitude";
}

// ---- PNG -------------------------------------------------------------------
inline const std::string kPngSignature("\x89PNG\r\n\x1a\n", 8);
inline std::string chunk(std::string_view type, std::string_view data) {
  const std::string body = std::string(type) + std::string(data);
  return be32(static_cast<uint32_t>(data.size())) + body + be32(media::crc32(body));
}
inline std::string ihdr(uint32_t width, uint32_t height) {
  return chunk("IHDR", be32(width) + be32(height) + lit("\x08\x02\0\0\0"));
}
inline std::string idat() { return chunk("IDAT", lit("\x78\x9c\x63\x60\x00\x00\x00\x02\x00\x01")); }
inline std::string iend() { return chunk("IEND", ""); }
inline std::string clean_png(uint32_t width = 5, uint32_t height = 2) {
  return kPngSignature + ihdr(width, height) + chunk("gAMA", be32(45455)) + chunk("pHYs", std::string(9, '\x01')) +
         idat() + iend();
}
inline std::string phone_png(uint32_t width = 5, uint32_t height = 2) {
  return kPngSignature + ihdr(width, height) + chunk("tEXt", lit("Author\0Jane Resident")) +
         chunk("gAMA", be32(45455)) + chunk("eXIf", lit("MM\0*GPSLatitude 51.5033N")) +
         chunk("tIME", lit("\x07\xE0\x03\x01\x0A\0\0")) + chunk("pHYs", std::string(9, '\x01')) +
         chunk("iTXt", lit("Comment\0\0\0\0Taken at 12 Acacia Avenue")) +
         chunk("zTXt", lit("Location\0\0xx")) + chunk("prVt", "private data") + idat() + iend() +
         "after IEND";
}

}  // namespace civicdesk::test_images

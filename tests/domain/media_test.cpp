// media.h: type detection by content, metadata stripping without
// re-encoding, structure checks and limits, on files built byte by byte.
#include "domain/media.h"

#include <gtest/gtest.h>

#include "support/images.h"

namespace civicdesk::media {
namespace {

using namespace test_images;

bool contains(std::string_view hay, std::string_view needle) { return hay.find(needle) != std::string_view::npos; }

TEST(MediaDetect, ByMagicBytesOnly) {
  EXPECT_EQ(*detect(clean_jpeg()), ImageType::kJpeg);
  EXPECT_EQ(*detect(clean_png()), ImageType::kPng);
  EXPECT_EQ(detect("GIF89a....").error().code, ErrorCode::kUnsupportedMediaType);
  EXPECT_EQ(detect("<svg xmlns='http://www.w3.org/2000/svg'/>").error().code, ErrorCode::kUnsupportedMediaType);
  EXPECT_EQ(detect("%PDF-1.7").error().code, ErrorCode::kUnsupportedMediaType);
  EXPECT_EQ(detect("").error().code, ErrorCode::kInvalidFile);
  EXPECT_EQ(detect("").error().field, "file");
}

TEST(MediaJpeg, StripsExifGpsXmpIptcCommentsAndTrailingBytesKeepingTheImage) {
  const std::string in = phone_jpeg(640, 480);
  ASSERT_TRUE(contains(in, "GPSLatitude"));
  auto out = strip_jpeg(in);
  ASSERT_TRUE(out.ok()) << out.error().message;
  EXPECT_EQ(out->bytes, clean_jpeg(640, 480));  // byte for byte what must remain, in order
  for (std::string_view gone : {"GPS", "Exif", "xmpmeta", "Jane Resident", "8BIM", "Acacia", "FPXR", "trailing"})
    EXPECT_FALSE(contains(out->bytes, gone)) << gone;
  EXPECT_TRUE(contains(out->bytes, "ICC_PROFILE"));  // colour stays
  EXPECT_TRUE(contains(out->bytes, kScanData));      // entropy data untouched, stuffing and restarts too
  EXPECT_EQ(out->width, 640);
  EXPECT_EQ(out->height, 480);
  EXPECT_EQ(out->type, ImageType::kJpeg);
}

TEST(MediaJpeg, AlreadyCleanFileIsUnchangedAndStrippingIsIdempotent) {
  auto once = strip_jpeg(clean_jpeg());
  ASSERT_TRUE(once.ok());
  EXPECT_EQ(once->bytes, clean_jpeg());
  auto twice = strip_jpeg(strip_jpeg(phone_jpeg())->bytes);
  ASSERT_TRUE(twice.ok());
  EXPECT_EQ(twice->bytes, clean_jpeg());
}

TEST(MediaJpeg, ProgressiveScansWithTablesBetweenThemAreKept) {
  const std::string two_scans = kSoi + dqt() + sof0(8, 8) + dht() + sos() + kScanData + dht() + comment() + sos() +
                                kScanData + kEoi;
  auto out = strip_jpeg(two_scans);
  ASSERT_TRUE(out.ok()) << out.error().message;
  EXPECT_EQ(out->bytes, kSoi + dqt() + sof0(8, 8) + dht() + sos() + kScanData + dht() + sos() + kScanData + kEoi);
}

TEST(MediaJpeg, RefusesTruncatedAndGarbledFiles) {
  const std::string good = phone_jpeg();
  // Every prefix short of the end-of-image marker is refused.
  const size_t eoi = good.find(kEoi + "trailing");
  for (size_t n = 0; n < eoi; n += 7) {
    auto r = strip_jpeg(good.substr(0, n));
    ASSERT_FALSE(r.ok()) << n;
    EXPECT_EQ(r.error().code, ErrorCode::kInvalidFile) << n;
    EXPECT_EQ(r.error().field, "file");
  }
  EXPECT_FALSE(strip_jpeg(kSoi + "garbage" + kEoi).ok());
  EXPECT_FALSE(strip_jpeg(kSoi + dqt() + kEoi).ok());                        // no frame, no scan
  EXPECT_FALSE(strip_jpeg(kSoi + dqt() + sos() + kScanData + kEoi).ok());    // scan before frame
  EXPECT_FALSE(strip_jpeg(kSoi + sof0(0, 4) + dht() + sos() + kScanData + kEoi).ok());  // zero width
  EXPECT_FALSE(strip_jpeg(kSoi + sof0(4, 4) + sof0(4, 4) + sos() + kScanData + kEoi).ok());
  EXPECT_FALSE(strip_jpeg(kSoi + segment(0xF7, "jpeg-ls") + sos() + kScanData + kEoi).ok());  // unknown segment
  std::string bad_length = clean_jpeg();
  bad_length[kSoi.size() + 2] = '\x7F';  // JFIF segment claims 32k
  EXPECT_FALSE(strip_jpeg(bad_length).ok());
}

TEST(MediaPng, StripsTextExifTimeAndUnknownChunksKeepingTheImage) {
  const std::string in = phone_png(300, 200);
  auto out = strip_png(in);
  ASSERT_TRUE(out.ok()) << out.error().message;
  EXPECT_EQ(out->bytes, clean_png(300, 200));
  for (std::string_view gone : {"tEXt", "eXIf", "GPS", "tIME", "iTXt", "zTXt", "prVt", "Jane", "Acacia", "after IEND"})
    EXPECT_FALSE(contains(out->bytes, gone)) << gone;
  EXPECT_EQ(out->width, 300);
  EXPECT_EQ(out->height, 200);
  EXPECT_EQ(strip_png(out->bytes)->bytes, out->bytes);  // idempotent
}

TEST(MediaPng, RefusesBadChecksumsTruncationAndUnknownCriticalChunks) {
  std::string damaged = phone_png();
  damaged[kPngSignature.size() + 8] ^= 1;  // one bit of IHDR's width
  auto r = strip_png(damaged);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, ErrorCode::kInvalidFile);
  const std::string good = phone_png();
  const size_t iend_at = good.find("IEND");
  for (size_t n = kPngSignature.size(); n < iend_at + 8; n += 5) EXPECT_FALSE(strip_png(good.substr(0, n)).ok()) << n;
  EXPECT_FALSE(strip_png(kPngSignature + idat() + ihdr(1, 1) + iend()).ok());   // header not first
  EXPECT_FALSE(strip_png(kPngSignature + ihdr(1, 1) + iend()).ok());           // no image data
  EXPECT_FALSE(strip_png(kPngSignature + ihdr(0, 1) + idat() + iend()).ok());  // zero width
  EXPECT_FALSE(strip_png(kPngSignature + ihdr(1, 1) + chunk("ZZZZ", "x") + idat() + iend()).ok());
  EXPECT_FALSE(strip_png(kPngSignature + ihdr(1, 1) + chunk("a1b2", "x") + idat() + iend()).ok());
}

TEST(MediaClean, EnforcesByteAndPixelLimits) {
  Limits small;
  small.max_bytes = 100;
  auto big = clean(phone_jpeg(), small);
  ASSERT_FALSE(big.ok());
  EXPECT_EQ(big.error().code, ErrorCode::kPayloadTooLarge);

  Limits pixels;
  pixels.max_pixels = 50'000'000;
  EXPECT_TRUE(clean(phone_jpeg(7071, 7071), pixels).ok());  // exactly under 50 megapixels
  auto bomb = clean(phone_png(100000, 100000), pixels);     // a tiny file claiming 10 gigapixels
  ASSERT_FALSE(bomb.ok());
  EXPECT_EQ(bomb.error().code, ErrorCode::kPayloadTooLarge);
  EXPECT_EQ(clean(phone_jpeg(65535, 65535), pixels).error().code, ErrorCode::kPayloadTooLarge);

  auto gif = clean("GIF89a", Limits{});
  EXPECT_EQ(gif.error().code, ErrorCode::kUnsupportedMediaType);
  auto ok = clean(phone_png(), Limits{});
  ASSERT_TRUE(ok.ok());
  EXPECT_EQ(content_type(ok->type), "image/png");
  EXPECT_EQ(extension(ok->type), "png");
}

TEST(MediaCrc, MatchesTheKnownValue) {
  EXPECT_EQ(crc32("123456789"), 0xCBF43926u);
  EXPECT_EQ(crc32("IEND"), 0xAE426082u);
}

}  // namespace
}  // namespace civicdesk::media

#include "domain/text.h"

namespace civicdesk {

bool valid_utf8(std::string_view s) {
  const auto* p = reinterpret_cast<const unsigned char*>(s.data());
  const auto* end = p + s.size();
  while (p < end) {
    const unsigned char c = *p;
    if (c < 0x80) {
      ++p;
      continue;
    }
    int n;
    uint32_t cp;
    if ((c & 0xE0) == 0xC0) {
      n = 1;
      cp = c & 0x1F;
    } else if ((c & 0xF0) == 0xE0) {
      n = 2;
      cp = c & 0x0F;
    } else if ((c & 0xF8) == 0xF0) {
      n = 3;
      cp = c & 0x07;
    } else {
      return false;
    }
    if (end - p <= n) return false;
    for (int i = 1; i <= n; ++i) {
      if ((p[i] & 0xC0) != 0x80) return false;
      cp = (cp << 6) | (p[i] & 0x3F);
    }
    if ((n == 1 && cp < 0x80) || (n == 2 && cp < 0x800) || (n == 3 && cp < 0x10000) ||
        cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
      return false;
    p += n + 1;
  }
  return true;
}

size_t utf8_length(std::string_view s) {
  size_t n = 0;
  for (unsigned char c : s) n += (c & 0xC0) != 0x80;
  return n;
}

std::string_view trim(std::string_view s) {
  auto space = [](char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; };
  while (!s.empty() && space(s.front())) s.remove_prefix(1);
  while (!s.empty() && space(s.back())) s.remove_suffix(1);
  return s;
}

std::string first_chars(std::string_view s, size_t max_chars) {
  size_t n = 0;
  for (size_t i = 0; i < s.size(); ++i)
    if ((static_cast<unsigned char>(s[i]) & 0xC0) != 0x80 && n++ == max_chars) return std::string(s.substr(0, i));
  return std::string(s);
}

std::string shortened(std::string_view s, size_t max_chars) {
  if (max_chars == 0) return "";
  std::string head = first_chars(s, max_chars);
  if (head.size() == s.size()) return head;
  head = std::string(trim(first_chars(s, max_chars - 1)));
  return head + "…";
}

Status check_text(std::string_view value, std::string_view field, size_t max_chars, bool multiline) {
  if (!valid_utf8(value))
    return Error(ErrorCode::kInvalidUtf8, "Text must be valid UTF-8", std::string(field));
  if (utf8_length(value) > max_chars)
    return invalid_field(std::string(field),
                         "Must be " + std::to_string(max_chars) + " characters or fewer");
  for (size_t i = 0; i < value.size(); ++i) {
    const unsigned char c = static_cast<unsigned char>(value[i]);
    const bool allowed_space = multiline && (c == '\n' || c == '\r' || c == '\t');
    // C0 controls, DEL, and the C1 controls U+0080-U+009F (encoded C2 80-9F).
    const bool c1 = c == 0xC2 && i + 1 < value.size() &&
                    static_cast<unsigned char>(value[i + 1]) <= 0x9F;
    if ((c < 0x20 && !allowed_space) || c == 0x7F || c1)
      return invalid_field(std::string(field), "Must not contain control characters");
  }
  return {};
}

}  // namespace civicdesk

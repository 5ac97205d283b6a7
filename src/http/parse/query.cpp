#include "http/parse/query.h"

#include <charconv>

#include "domain/text.h"

namespace civicdesk::http {

namespace {
int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}
}  // namespace

std::optional<std::string> percent_decode(std::string_view s, bool plus_is_space) {
  std::string out;
  out.reserve(s.size());
  for (size_t i = 0; i < s.size(); ++i) {
    const char c = s[i];
    if (c == '%') {
      if (i + 2 >= s.size()) return std::nullopt;
      const int hi = hex_value(s[i + 1]), lo = hex_value(s[i + 2]);
      if (hi < 0 || lo < 0) return std::nullopt;
      out.push_back(static_cast<char>(hi * 16 + lo));
      i += 2;
    } else if (c == '+' && plus_is_space) {
      out.push_back(' ');
    } else {
      out.push_back(c);
    }
  }
  return out;
}

std::string percent_encode(std::string_view s) {
  static const char* kHex = "0123456789ABCDEF";
  std::string out;
  for (unsigned char c : s) {
    if (std::isalnum(c) || c == '-' || c == '_' || c == '.' || c == '~') {
      out.push_back(static_cast<char>(c));
    } else {
      out.push_back('%');
      out.push_back(kHex[c >> 4]);
      out.push_back(kHex[c & 15]);
    }
  }
  return out;
}

Result<QueryReader> QueryReader::parse(std::string_view raw) {
  QueryReader q;
  size_t start = 0;
  while (start < raw.size()) {
    size_t end = raw.find('&', start);
    if (end == std::string_view::npos) end = raw.size();
    const std::string_view part = raw.substr(start, end - start);
    start = end + 1;
    if (part.empty()) continue;
    if (q.params_.size() >= kMaxParams)
      return Error(ErrorCode::kInvalidQuery, "Too many query parameters (at most " + std::to_string(kMaxParams) + ")");
    const size_t eq = part.find('=');
    auto key = percent_decode(part.substr(0, eq));
    auto value = percent_decode(eq == std::string_view::npos ? std::string_view() : part.substr(eq + 1));
    if (!key || !value) return Error(ErrorCode::kInvalidQuery, "The query string has a malformed %-escape");
    if (!valid_utf8(*key) || !valid_utf8(*value))
      return Error(ErrorCode::kInvalidUtf8, "The query string is not valid UTF-8");
    q.params_.emplace_back(std::move(*key), std::move(*value));
  }
  q.used_.assign(q.params_.size(), false);
  return q;
}

void QueryReader::fail(Error e) {
  if (!first_error_) first_error_ = std::move(e);
}

std::optional<std::string> QueryReader::string(std::string_view key, size_t max_chars) {
  std::optional<std::string> found;
  for (size_t i = 0; i < params_.size(); ++i) {
    if (params_[i].first != key) continue;
    used_[i] = true;
    if (found) {
      fail(Error(ErrorCode::kInvalidQuery, "Give \"" + std::string(key) + "\" only once", std::string(key)));
      return std::nullopt;
    }
    found = params_[i].second;
  }
  if (!found || found->empty()) return std::nullopt;
  if (Status s = check_text(*found, key, max_chars); !s) {
    fail(Error(ErrorCode::kInvalidQuery, s.error().message, std::string(key)));
    return std::nullopt;
  }
  return found;
}

std::vector<std::string> QueryReader::all(std::string_view key, size_t max_chars) {
  std::vector<std::string> out;
  for (size_t i = 0; i < params_.size(); ++i) {
    if (params_[i].first != key) continue;
    used_[i] = true;
    if (Status s = check_text(params_[i].second, key, max_chars); !s) {
      fail(Error(ErrorCode::kInvalidQuery, s.error().message, std::string(key)));
      continue;
    }
    if (!params_[i].second.empty()) out.push_back(params_[i].second);
  }
  return out;
}

std::optional<int64_t> QueryReader::integer(std::string_view key, int64_t min, int64_t max) {
  auto s = string(key, 20);
  if (!s) return std::nullopt;
  int64_t v = 0;
  auto [p, ec] = std::from_chars(s->data(), s->data() + s->size(), v);
  if (ec != std::errc() || p != s->data() + s->size() || v < min || v > max) {
    fail(Error(ErrorCode::kInvalidQuery,
               "\"" + std::string(key) + "\" must be a whole number from " + std::to_string(min) + " to " +
                   std::to_string(max),
               std::string(key)));
    return std::nullopt;
  }
  return v;
}

std::optional<bool> QueryReader::boolean(std::string_view key) {
  auto s = string(key, 5);
  if (!s) return std::nullopt;
  if (*s == "true" || *s == "1") return true;
  if (*s == "false" || *s == "0") return false;
  fail(Error(ErrorCode::kInvalidQuery, "\"" + std::string(key) + "\" must be true or false", std::string(key)));
  return std::nullopt;
}

Status QueryReader::finish() {
  if (first_error_) return *first_error_;
  for (size_t i = 0; i < params_.size(); ++i)
    if (!used_[i])
      return Error(ErrorCode::kInvalidQuery,
                   "\"" + params_[i].first.substr(0, 64) + "\" is not a parameter of this request",
                   params_[i].first.substr(0, 64));
  return {};
}

}  // namespace civicdesk::http

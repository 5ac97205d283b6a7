// A streaming JSON writer for the hottest responses (cases: every GET, every
// listing row). Appends straight into one string, so a case costs a few
// allocations instead of one per key as a DOM would.
//
//   JsonWriter w;
//   w.begin_object();
//   w.key("reference").string(c.reference);
//   w.key("lat").number(51.6);
//   w.end_object();
//   std::string body = std::move(w).take();
//
// Strings are escaped per RFC 8259 (control characters as \u00XX); input is
// valid UTF-8 by the time it reaches here (checked on the way in).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace civicdesk::http {

class JsonWriter {
 public:
  JsonWriter& begin_object();
  JsonWriter& end_object();
  JsonWriter& begin_array();
  JsonWriter& end_array();
  JsonWriter& key(std::string_view k);
  JsonWriter& string(std::string_view v);
  JsonWriter& number(int64_t v);
  JsonWriter& number(double v);
  JsonWriter& boolean(bool v);
  JsonWriter& null();
  // Text that is already JSON (e.g. another resource's rendering).
  JsonWriter& raw(std::string_view json);

  template <typename T>
  JsonWriter& optional(const std::optional<T>& v) {
    return v ? value(*v) : null();
  }

  std::string take() && { return std::move(out_); }
  const std::string& text() const { return out_; }

 private:
  JsonWriter& value(std::string_view v) { return string(v); }
  JsonWriter& value(const std::string& v) { return string(v); }
  JsonWriter& value(int64_t v) { return number(v); }
  JsonWriter& value(int v) { return number(static_cast<int64_t>(v)); }
  JsonWriter& value(double v) { return number(v); }
  JsonWriter& value(bool v) { return boolean(v); }
  void comma();

  std::string out_;
  bool first_ = true;  // no value yet in the current object/array
};

}  // namespace civicdesk::http

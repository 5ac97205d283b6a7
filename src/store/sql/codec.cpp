#include "store/sql/codec.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <unordered_map>

#include "base/json_string.h"
#include "domain/text.h"

namespace civicdesk::sql {

using nlohmann::json;

namespace {
json parse_or_empty(std::string_view text, json fallback) {
  json j = json::parse(text, nullptr, /*allow_exceptions=*/false);
  return j.is_discarded() ? fallback : j;
}
std::string str(const json& j, const char* key) {
  auto it = j.find(key);
  return it != j.end() && it->is_string() ? it->get<std::string>() : std::string();
}
// Invalid UTF-8 cannot reach here through validated input; replacing it
// keeps a bug elsewhere from turning into an exception.
std::string dump(const json& j) { return j.dump(-1, ' ', false, json::error_handler_t::replace); }
int num(const json& j, const char* key, int fallback = 0) {
  auto it = j.find(key);
  return it != j.end() && it->is_number_integer() ? it->get<int>() : fallback;
}
}  // namespace

std::string encode_answers(const Answers& a) {
  json j = json::object();
  for (const auto& [code, values] : a) j[code] = values;
  return dump(j);
}

Answers decode_answers(std::string_view text) {
  Answers out;
  json j = parse_or_empty(text, json::object());
  if (!j.is_object()) return out;
  for (const auto& [code, values] : j.items()) {
    if (!values.is_array()) continue;
    for (const auto& v : values)
      if (v.is_string()) out[code].push_back(v.get<std::string>());
  }
  return out;
}

std::string encode_questions(const std::vector<Question>& qs) {
  json arr = json::array();
  for (const auto& q : qs) {
    json opts = json::array();
    for (const auto& o : q.options) opts.push_back({{"key", o.key}, {"name", o.name}});
    arr.push_back({{"code", q.code},
                   {"prompt", q.prompt},
                   {"type", std::string(to_string(q.type))},
                   {"required", q.required},
                   {"order", q.order},
                   {"options", opts}});
  }
  return dump(arr);
}

std::vector<Question> decode_questions(std::string_view text) {
  std::vector<Question> out;
  json arr = parse_or_empty(text, json::array());
  if (!arr.is_array()) return out;
  for (const auto& j : arr) {
    if (!j.is_object()) continue;
    Question q;
    q.code = str(j, "code");
    q.prompt = str(j, "prompt");
    if (auto t = parse_question_type(str(j, "type"))) q.type = *t;
    q.required = j.value("required", false);
    q.order = num(j, "order");
    if (auto it = j.find("options"); it != j.end() && it->is_array())
      for (const auto& o : *it)
        if (o.is_object()) q.options.push_back({str(o, "key"), str(o, "name")});
    out.push_back(std::move(q));
  }
  return out;
}

std::string encode_policy(const SlaPolicy& p) {
  return dump(json{{"code", p.code},
              {"name", p.name},
              {"clock", std::string(to_string(p.clock))},
              {"counting", std::string(to_string(p.counting))},
              {"resolve_from", std::string(to_string(p.resolve_from))},
              {"holidays", std::string(to_string(p.holidays))},
              {"respond_days", p.respond_days},
              {"resolve_days", p.resolve_days},
              {"max_extension", p.max_extension},
              {"pausable", p.pausable}});
}

static SlaPolicy parse_policy(std::string_view text);

SlaPolicy decode_policy(std::string_view text) {
  // Every case carries a copy of its policy, but a council has only a few
  // distinct ones: remember the parsed form per thread.
  thread_local std::unordered_map<std::string, SlaPolicy> parsed;
  if (auto it = parsed.find(std::string(text)); it != parsed.end()) return it->second;
  if (parsed.size() > 256) parsed.clear();
  SlaPolicy p = parse_policy(text);
  parsed.emplace(std::string(text), p);
  return p;
}

static SlaPolicy parse_policy(std::string_view text) {
  SlaPolicy p;
  json j = parse_or_empty(text, json::object());
  if (!j.is_object()) return p;
  p.code = str(j, "code");
  p.name = str(j, "name");
  if (auto v = parse_clock_kind(str(j, "clock"))) p.clock = *v;
  if (auto v = parse_counting_rule(str(j, "counting"))) p.counting = *v;
  if (auto v = parse_resolve_from(str(j, "resolve_from"))) p.resolve_from = *v;
  if (auto v = parse_holiday_set(str(j, "holidays"))) p.holidays = *v;
  p.respond_days = num(j, "respond_days");
  p.resolve_days = num(j, "resolve_days");
  p.max_extension = num(j, "max_extension");
  p.pausable = j.value("pausable", true);
  return p;
}

// Event and audit details and message personalisation are written on every
// change, so they are encoded directly rather than through a json tree (the
// same text; invalid UTF-8, which validated input never has, still goes
// through nlohmann to be replaced).
std::string encode_details(const std::map<std::string, std::string>& d) {
  const bool all_valid = std::all_of(d.begin(), d.end(), [](const auto& kv) {
    return valid_utf8(kv.first) && valid_utf8(kv.second);
  });
  if (!all_valid) {
    json j = json::object();
    for (const auto& [k, v] : d) j[k] = v;
    return dump(j);
  }
  std::string out = "{";
  for (const auto& [k, v] : d) {
    if (out.size() > 1) out += ',';
    append_json_string(out, k);
    out += ':';
    append_json_string(out, v);
  }
  out += '}';
  return out;
}

std::map<std::string, std::string> decode_details(std::string_view text) {
  std::map<std::string, std::string> out;
  json j = parse_or_empty(text, json::object());
  if (!j.is_object()) return out;
  for (const auto& [k, v] : j.items())
    if (v.is_string()) out[k] = v.get<std::string>();
  return out;
}

std::optional<std::string> encode_date(const std::optional<LocalDate>& d) {
  if (!d) return std::nullopt;
  return format_date(*d);
}

std::optional<LocalDate> decode_date(std::string_view text) { return parse_date(text); }

}  // namespace civicdesk::sql

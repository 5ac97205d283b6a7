// Structured logs: one JSON object per line on stderr, with a time, a level,
// an event name and fields. Never log secrets (passwords, tokens, API keys)
// or personal data beyond identifiers.
//
//   log::info("server_started", {{"port", 8080}});
//   log::error("request_failed", {{"request_id", id}, {"error", message}});
#pragma once

#include <nlohmann/json.hpp>

#include <string_view>

namespace civicdesk::log {

enum class Level { kDebug, kInfo, kWarn, kError };

void set_level(Level level);
bool enabled(Level level);
void write(Level level, std::string_view event, const nlohmann::json& fields = nlohmann::json::object());

inline void info(std::string_view event, const nlohmann::json& fields = nlohmann::json::object()) {
  write(Level::kInfo, event, fields);
}
inline void warn(std::string_view event, const nlohmann::json& fields = nlohmann::json::object()) {
  write(Level::kWarn, event, fields);
}
inline void error(std::string_view event, const nlohmann::json& fields = nlohmann::json::object()) {
  write(Level::kError, event, fields);
}

}  // namespace civicdesk::log

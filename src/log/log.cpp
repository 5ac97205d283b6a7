#include "log/log.h"

#include <spdlog/sinks/stdout_sinks.h>
#include <spdlog/spdlog.h>

#include <atomic>

namespace civicdesk::log {

namespace {
std::atomic<Level> g_level{Level::kInfo};

spdlog::logger& logger() {
  static std::shared_ptr<spdlog::logger> l = [] {
    auto lg = spdlog::stderr_logger_mt("civicdesk");
    // The message is already the JSON fields; spdlog adds time and level.
    lg->set_pattern(R"({"time":"%Y-%m-%dT%H:%M:%S.%eZ","level":"%l",%v})", spdlog::pattern_time_type::utc);
    lg->set_level(spdlog::level::trace);
    return lg;
  }();
  return *l;
}

spdlog::level::level_enum to_spd(Level l) {
  switch (l) {
    case Level::kDebug: return spdlog::level::debug;
    case Level::kInfo: return spdlog::level::info;
    case Level::kWarn: return spdlog::level::warn;
    case Level::kError: return spdlog::level::err;
  }
  return spdlog::level::info;
}
}  // namespace

void set_level(Level level) { g_level = level; }
bool enabled(Level level) { return level >= g_level.load(); }

void write(Level level, std::string_view event, const nlohmann::json& fields) {
  if (!enabled(level)) return;
  nlohmann::json body = fields.is_object() ? fields : nlohmann::json::object();
  std::string text = nlohmann::json(std::string(event)).dump();
  std::string rest = body.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  // {"event":"...", <fields without braces>}
  std::string line = "\"event\":" + text;
  if (rest.size() > 2) line += "," + rest.substr(1, rest.size() - 2);
  logger().log(to_spd(level), "{}", line);
}

}  // namespace civicdesk::log

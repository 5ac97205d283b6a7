#include "http/redact.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cctype>

#include "http/parse/query.h"

namespace civicdesk::http {

namespace {

void add(std::vector<std::string>& out, std::string_view value) {
  while (!value.empty() && value.front() == ' ') value.remove_prefix(1);
  while (!value.empty() && value.back() == ' ') value.remove_suffix(1);
  if (value.size() >= 4) out.emplace_back(value);
}

void json_secrets(const nlohmann::json& j, std::vector<std::string>& out, int depth) {
  if (depth > 16) return;
  if (j.is_object()) {
    for (auto it = j.begin(); it != j.end(); ++it) {
      if (it->is_string() && secret_name(it.key()))
        add(out, it->get_ref<const std::string&>());
      else
        json_secrets(*it, out, depth + 1);
    }
  } else if (j.is_array()) {
    for (const auto& v : j) json_secrets(v, out, depth + 1);
  }
}

}  // namespace

bool secret_name(std::string_view name) {
  std::string n(name);
  for (char& c : n) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  for (std::string_view word : {"token", "password", "secret", "key", "code", "signature", "session", "auth",
                                "credential", "otp", "csrf"})
    if (n.find(word) != std::string::npos) return true;
  return false;
}

std::vector<std::string> request_secrets(const Request& req) {
  std::vector<std::string> out;
  for (const auto& [name, value] : req.headers) {
    if (name == "authorization" || name == "proxy-authorization") {
      add(out, value);
      const size_t space = value.find(' ');
      if (space != std::string::npos) add(out, std::string_view(value).substr(space + 1));
    } else if (name == "x-csrf-token" || name == "x-api-key") {
      add(out, value);
    } else if (name == "cookie") {
      add(out, value);
      std::string_view v = value;
      while (!v.empty()) {
        const size_t semi = v.find(';');
        const std::string_view pair = v.substr(0, semi);
        const size_t eq = pair.find('=');
        if (eq != std::string_view::npos) add(out, pair.substr(eq + 1));
        if (semi == std::string_view::npos) break;
        v.remove_prefix(semi + 1);
      }
    }
  }
  const auto form_secrets = [&out](std::string_view q) {
    while (!q.empty()) {
      const size_t amp = q.find('&');
      const std::string_view pair = q.substr(0, amp);
      const size_t eq = pair.find('=');
      if (eq != std::string_view::npos) {
        const auto name = percent_decode(pair.substr(0, eq), true);
        if (name && secret_name(*name)) {
          add(out, pair.substr(eq + 1));  // as sent, and decoded
          if (auto value = percent_decode(pair.substr(eq + 1), true)) add(out, *value);
        }
      }
      if (amp == std::string_view::npos) break;
      q.remove_prefix(amp + 1);
    }
  };
  form_secrets(req.query);
  const auto type = req.header("content-type");
  if (type && type->rfind("application/x-www-form-urlencoded", 0) == 0) form_secrets(req.body);
  if (!req.body.empty() && (req.body.front() == '{' || req.body.front() == '[')) {
    auto j = nlohmann::json::parse(req.body, nullptr, /*allow_exceptions=*/false);
    if (!j.is_discarded()) json_secrets(j, out, 0);
  }
  // Longest first, so that a secret containing another is blanked whole.
  std::sort(out.begin(), out.end(), [](const std::string& a, const std::string& b) {
    return a.size() != b.size() ? a.size() > b.size() : a < b;
  });
  out.erase(std::unique(out.begin(), out.end()), out.end());
  return out;
}

std::string redact_secrets(std::string_view text, const Request& req) {
  std::string out(text);
  for (const auto& secret : request_secrets(req)) {
    size_t pos = 0;
    while ((pos = out.find(secret, pos)) != std::string::npos) {
      out.replace(pos, secret.size(), "[redacted]");
      pos += 10;
    }
  }
  return out;
}

}  // namespace civicdesk::http

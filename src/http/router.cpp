#include "http/router.h"

namespace civicdesk::http {

std::vector<std::string_view> split_path(std::string_view path) {
  std::vector<std::string_view> out;
  if (path.empty() || path[0] != '/') return out;
  size_t start = 1;
  while (true) {
    const size_t end = path.find('/', start);
    out.push_back(path.substr(start, end == std::string_view::npos ? std::string_view::npos : end - start));
    if (end == std::string_view::npos) break;
    start = end + 1;
  }
  return out;
}

void Router::add(std::string method, std::string pattern, Handler handler) {
  Route r;
  r.method = std::move(method);
  r.pattern = std::move(pattern);
  for (auto s : split_path(r.pattern)) r.segments.emplace_back(s);
  r.handler = std::move(handler);
  r.index = static_cast<int>(routes_.size());
  routes_.push_back(std::move(r));
}

Result<const Route*> Router::match(Request& req, std::string* allow) const {
  const auto parts = split_path(req.path);
  std::string methods;
  for (const Route& r : routes_) {
    if (r.segments.size() != parts.size()) continue;
    bool ok = true;
    for (size_t i = 0; i < parts.size() && ok; ++i) {
      const std::string& seg = r.segments[i];
      const bool capture = seg.size() > 2 && seg.front() == '{' && seg.back() == '}';
      ok = capture ? !parts[i].empty() : seg == parts[i];
    }
    if (!ok) continue;
    if (r.method != req.method) {
      if (methods.find(r.method) == std::string::npos) methods += (methods.empty() ? "" : ", ") + r.method;
      continue;
    }
    req.params.clear();
    for (size_t i = 0; i < parts.size(); ++i) {
      const std::string& seg = r.segments[i];
      if (seg.front() == '{') req.params[seg.substr(1, seg.size() - 2)] = std::string(parts[i]);
    }
    req.route = r.method + " " + r.pattern;
    return &r;
  }
  if (!methods.empty()) {
    if (allow) *allow = methods;
    return Error(ErrorCode::kMethodNotAllowed, req.method.substr(0, 16) + " is not allowed here; use " + methods);
  }
  return not_found("There is nothing at " + req.path.substr(0, 200));
}

}  // namespace civicdesk::http

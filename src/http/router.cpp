#include "http/router.h"

#include "http/parse/query.h"

namespace civicdesk::http {

namespace {

// The path's segments as sent, each percent-decoded on its own, so that an
// encoded "/" (%2F) stays inside its segment: a case reference brought in
// from another system, "ME/2015/00123", is addressed as
// /api/v1/cases/ME%2F2015%2F00123 (docs/import.md). Requests built without a
// target (handler tests) use the decoded path.
std::vector<std::string> path_segments(const Request& req) {
  std::vector<std::string> out;
  const std::string_view raw = std::string_view(req.target).substr(0, req.target.find('?'));
  if (!raw.empty() && raw[0] == '/') {
    bool ok = true;
    for (auto seg : split_path(raw)) {
      auto decoded = percent_decode(seg, /*plus_is_space=*/false);
      if (!decoded) {
        ok = false;
        break;
      }
      out.push_back(std::move(*decoded));
    }
    if (ok) return out;
    out.clear();
  }
  for (auto seg : split_path(req.path)) out.emplace_back(seg);
  return out;
}

}  // namespace

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
  const auto parts = path_segments(req);
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
      if (seg.front() == '{') req.params[seg.substr(1, seg.size() - 2)] = parts[i];
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

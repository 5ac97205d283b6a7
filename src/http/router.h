// Routes: method + path pattern ("/api/v1/cases/{reference}") -> handler.
// Handlers are functions from a Request to Result<Response>; errors become
// problem+json in the pipeline (pipeline.h).
#pragma once

#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "base/result.h"
#include "http/message.h"

namespace civicdesk::http {

using Handler = std::function<Result<Response>(Request&)>;

struct Route {
  std::string method;
  std::string pattern;
  std::vector<std::string> segments;  // "{name}" segments capture
  Handler handler;
  int index = 0;  // dense id for metrics
};

class Router {
 public:
  void add(std::string method, std::string pattern, Handler handler);

  // Finds the handler for req.method and req.path, filling req.params and
  // req.route. not_found when no pattern matches the path;
  // method_not_allowed (with `allow` listing the methods) when only the
  // method is wrong.
  Result<const Route*> match(Request& req, std::string* allow) const;

  const std::vector<Route>& routes() const { return routes_; }

 private:
  std::vector<Route> routes_;
};

// Splits "/a/b/c" into {"a","b","c"}; empty segments are kept (so "/a//b"
// does not match "/a/b").
std::vector<std::string_view> split_path(std::string_view path);

}  // namespace civicdesk::http

// Framework-free request and response values. The server converts to and
// from Boost.Beast at the socket; routing, middleware and handlers see only
// these, so they are testable without a socket.
#pragma once

#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "app/context.h"
#include "base/result.h"

namespace civicdesk::http {

struct Request {
  std::string method;  // "GET", "POST", ...
  std::string target;  // as received: path and query
  std::string path;    // percent-decoded path, without the query
  std::string query;   // raw query string (after '?'), undecoded
  std::vector<std::pair<std::string, std::string>> headers;  // names lower-cased
  std::string body;
  std::string remote_address;  // the peer (a proxy, when behind one)
  bool tls = false;            // the connection to us is TLS
  std::string request_id;

  // Filled in by routing and middleware.
  std::map<std::string, std::string> params;  // path parameters, e.g. {"reference": ...}
  std::string route;                          // matched route pattern, for metrics
  bool https = false;  // TLS to us or to a trusted proxy (client_origin.h)
  RequestContext ctx;

  std::optional<std::string_view> header(std::string_view lower_name) const;
  const std::string& param(const std::string& name) const { return params.at(name); }
};

// Sends one piece of a streamed body; false when the client has gone (stop).
using ChunkWriter = std::function<bool(std::string_view)>;

struct Response {
  int status = 200;
  std::vector<std::pair<std::string, std::string>> headers;
  std::string body;
  // When set, the body is produced by this function after the headers are
  // sent (chunked transfer encoding), so large results never sit in memory.
  // It should write pieces of tens of kilobytes.
  std::function<Status(const ChunkWriter&)> stream;

  void set_header(std::string name, std::string value);
  std::optional<std::string_view> header(std::string_view name) const;  // case-insensitive

  static Response json(int status, std::string body);
  static Response text(int status, std::string body, std::string content_type = "text/plain; charset=utf-8");
  static Response no_content();
};

}  // namespace civicdesk::http

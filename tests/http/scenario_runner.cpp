// HTTP scenarios: API behaviour as small text files, run against the real
// server on every backend (in the spirit of DuckDB's sqllogictest).
//
// A scenario file is a list of directives and request blocks, run top to
// bottom against one fresh server: a new store holding only the small test
// council (tests/support/fixtures.h), with the fake clock at
// 2016-03-01T10:00:00Z until a directive moves it. Lines starting with '#'
// are comments (except inside a request body).
//
//   @now 2015-12-18T10:00:00Z            set the fake clock (any ISO 8601
//                                        instant with an offset)
//   @as officer                          send the following requests with the
//                                        API token of a test user in that role
//                                        (resident, councillor, advisor,
//                                        officer, lead, manager, administrator)
//                                        or `@as anonymous` with none; the
//                                        default is administrator. A block that
//                                        sets Authorization or Cookie keeps it.
//
//   POST /api/v1/cases                   request line: METHOD TARGET
//   Content-Type: application/json       headers, one per line
//                                        a blank line, then the body
//   {"category": "missed-bin",           (verbatim, may span lines; trailing
//    "description": "Missed again"}      blank lines are dropped)
//   --> 201                              the expected status; ends the request
//   $.reference ~ ^TST-[0-9]{7}$         assertions and captures, one per
//   header ETag == "\"1\""               line, up to the next request line
//   capture ref = $.reference            or directive
//
// Assertions:
//   $.path == JSON          equal as JSON values ("1" is not 1)
//   $.path != JSON
//   $.path ~ REGEX          ECMAScript regex *search* in the value (a string's
//                           text, else its compact JSON); anchor with ^ and $
//   $.path !~ REGEX         no match
//   $.path exists           present (null counts as present)
//   $.path absent           not present
//   header NAME == TEXT     a response header (name case-insensitive); also
//   header NAME ~ REGEX     !=, exists and absent
//   body contains TEXT      the raw body contains TEXT; also !contains,
//   body ~ REGEX            ~ and == (`body == ""`: no body)
//   code == CODE            a problem+json response: Content-Type
//                           application/problem+json, $.code == CODE,
//                           $.status == the HTTP status, a non-empty $.detail
//   field == FIELD          $.field == FIELD (the input the problem is about)
//   capture NAME = $.path   remember a value (a string's text, else its JSON)
//   capture NAME = header NAME
//
// Paths: `$` is the JSON body; `.name` selects a member, `[n]` an element
// (`[-1]` the last); a final `.length` is the size of a list, object or
// string (in bytes). The right-hand side of == and != is JSON; text that is
// not valid JSON is taken as a string, so `code == stale_version` needs no
// quotes (but `"1"` is the string 1: write a quoted ETag as "\"1\"").
//
// Substitutions, in targets, headers, bodies and right-hand sides:
//   {{name}}            a captured value; predefined: officer_street,
//                       officer_highways and member (fixture ids)
//   {{hex:FFFE}}        raw bytes (invalid UTF-8)
//   {{repeat:N:TEXT}}   TEXT N times (deep nesting, oversized bodies); TEXT
//                       cannot contain "}}"
//
// The runner adds `Host` and `Connection: close` unless the block sets them,
// and Content-Length for a body or any POST, PUT or PATCH. Nothing else:
// JSON bodies state their Content-Type.
//
// Failures name the file and line and show the request sent and the response
// received. A wrong status is reported alone (the block's assertions are then
// skipped); a block with any failure ends the scenario (later blocks depend
// on it).
#include "scenario_runner.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>

#include <boost/asio/buffer.hpp>
#include <boost/beast/http.hpp>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <map>
#include <optional>
#include <regex>
#include <sstream>
#include <variant>

namespace civicdesk::testing {

namespace {

namespace bhttp = boost::beast::http;
using nlohmann::json;

// ---- the scenario text ---------------------------------------------------------

struct Directive {
  int line = 0;
  std::string name, arg;
};

struct Check {
  int line = 0;
  std::string text;
};

struct RequestBlock {
  int line = 0;
  std::string method, target;
  std::vector<std::pair<std::string, std::string>> headers;
  std::string body;
  int status_line = 0;
  int expect_status = 0;
  std::vector<Check> checks;
};

using Step = std::variant<Directive, RequestBlock>;

struct SyntaxError {
  int line = 0;
  std::string message;
};

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r')) s.remove_suffix(1);
  return s;
}

bool starts_with(std::string_view s, std::string_view p) { return s.substr(0, p.size()) == p; }

// "GET /path": an upper-case method, one space, a target and nothing else.
bool is_request_line(std::string_view t, std::string* method, std::string* target) {
  const size_t sp = t.find(' ');
  if (sp == std::string_view::npos || sp < 3) return false;
  for (size_t i = 0; i < sp; ++i)
    if (t[i] < 'A' || t[i] > 'Z') return false;
  const std::string_view rest = trim(t.substr(sp + 1));
  if (rest.empty() || rest.find(' ') != std::string_view::npos) return false;
  *method = std::string(t.substr(0, sp));
  *target = std::string(rest);
  return true;
}

std::variant<std::vector<Step>, SyntaxError> parse(const std::string& text) {
  std::vector<std::string> lines;
  {
    std::string cur;
    std::istringstream in(text);
    while (std::getline(in, cur)) {
      if (!cur.empty() && cur.back() == '\r') cur.pop_back();
      lines.push_back(cur);
    }
  }
  std::vector<Step> steps;
  size_t i = 0;
  while (i < lines.size()) {
    const int ln = static_cast<int>(i) + 1;
    const std::string_view t = trim(lines[i]);
    std::string method, target;
    if (t.empty() || t[0] == '#') {
      ++i;
      continue;
    }
    if (t[0] == '@') {
      const size_t sp = t.find(' ');
      Directive d{ln, std::string(t.substr(1, sp == std::string_view::npos ? t.npos : sp - 1)),
                  sp == std::string_view::npos ? "" : std::string(trim(t.substr(sp + 1)))};
      if (d.name != "now" && d.name != "as")
        return SyntaxError{ln, "unknown directive @" + d.name + " (known: @now, @as)"};
      steps.push_back(d);
      ++i;
      continue;
    }
    if (is_request_line(t, &method, &target)) {
      RequestBlock b;
      b.line = ln;
      b.method = method;
      b.target = target;
      ++i;
      bool body = false;
      while (i < lines.size()) {
        const std::string_view h = trim(lines[i]);
        if (h.empty()) {
          body = true;
          ++i;
          break;
        }
        if (starts_with(h, "-->")) break;
        if (h[0] == '#') {
          ++i;
          continue;
        }
        const size_t colon = h.find(':');
        if (colon == std::string_view::npos || colon == 0)
          return SyntaxError{static_cast<int>(i) + 1, "expected a header (Name: value), a blank line or -->"};
        b.headers.emplace_back(std::string(trim(h.substr(0, colon))), std::string(trim(h.substr(colon + 1))));
        ++i;
      }
      if (body) {
        std::vector<std::string> body_lines;
        while (i < lines.size() && !starts_with(trim(lines[i]), "-->")) body_lines.push_back(lines[i++]);
        while (!body_lines.empty() && trim(body_lines.back()).empty()) body_lines.pop_back();
        for (size_t k = 0; k < body_lines.size(); ++k) b.body += (k ? "\n" : "") + body_lines[k];
      }
      if (i >= lines.size()) return SyntaxError{ln, "this request has no --> STATUS line"};
      const std::string_view st = trim(trim(lines[i]).substr(3));
      b.status_line = static_cast<int>(i) + 1;
      if (st.size() != 3 || !std::all_of(st.begin(), st.end(), [](char c) { return c >= '0' && c <= '9'; }))
        return SyntaxError{b.status_line, "expected --> followed by a three-digit status"};
      b.expect_status = std::stoi(std::string(st));
      ++i;
      steps.push_back(std::move(b));
      continue;
    }
    if (steps.empty() || !std::holds_alternative<RequestBlock>(steps.back()))
      return SyntaxError{ln, "expected a request line (METHOD /target) or a directive"};
    std::get<RequestBlock>(steps.back()).checks.push_back(Check{ln, std::string(t)});
    ++i;
  }
  return steps;
}

// ---- the client ------------------------------------------------------------------

struct Reply {
  int status = 0;
  std::vector<std::pair<std::string, std::string>> headers;  // names lower-cased
  std::string body;
  std::string error;  // transport or parse failure
  std::optional<std::string> header(std::string_view lower) const {
    for (const auto& [n, v] : headers)
      if (n == lower) return v;
    return std::nullopt;
  }
};

// Sends `bytes` on a new connection and reads until the server closes it.
// Write errors are ignored (a server refusing a huge body may stop reading
// and answer early); the response is whatever arrived.
Reply exchange(uint16_t port, const std::string& bytes, bool head) {
  Reply out;
  const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(port);
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  timeval tv{10, 0};
  ::setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof tv);
  if (::connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0) {
    ::close(fd);
    out.error = "cannot connect";
    return out;
  }
  for (size_t sent = 0; sent < bytes.size();) {
    const ssize_t n = ::send(fd, bytes.data() + sent, bytes.size() - sent, MSG_NOSIGNAL);
    if (n <= 0) break;
    sent += static_cast<size_t>(n);
  }
  std::string raw;
  char buf[16384];
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
  while (true) {
    const auto left =
        std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now())
            .count();
    if (left <= 0) {
      out.error = "timed out waiting for the server to finish the response and close";
      break;
    }
    pollfd p{fd, POLLIN, 0};
    if (::poll(&p, 1, static_cast<int>(left)) <= 0) continue;
    const ssize_t n = ::recv(fd, buf, sizeof buf, 0);
    if (n <= 0) break;
    raw.append(buf, static_cast<size_t>(n));
  }
  ::close(fd);

  bhttp::response_parser<bhttp::string_body> parser;
  parser.eager(true);
  parser.body_limit(64u << 20);
  parser.skip(head);
  boost::beast::error_code ec;
  size_t used = 0;
  while (!parser.is_done() && used < raw.size()) {
    const size_t n = parser.put(boost::asio::buffer(raw.data() + used, raw.size() - used), ec);
    used += n;
    if (ec == bhttp::error::need_more) {
      ec = {};
      if (n == 0) break;
      continue;
    }
    if (ec) break;
  }
  if (!ec && !parser.is_done()) parser.put_eof(ec);
  if (ec || !parser.is_header_done()) {
    out.error = "the response is not valid HTTP (" + (ec ? ec.message() : std::string("incomplete")) +
                "); received " + std::to_string(raw.size()) + " bytes: " + raw.substr(0, 300);
    return out;
  }
  const auto& res = parser.get();
  out.status = static_cast<int>(res.result_int());
  for (const auto& f : res) {
    std::string name(f.name_string());
    std::transform(name.begin(), name.end(), name.begin(), [](unsigned char c) { return std::tolower(c); });
    out.headers.emplace_back(name, std::string(f.value()));
  }
  out.body = res.body();
  if (!parser.is_done()) out.error = "the response body is incomplete";
  return out;
}

// ---- running -----------------------------------------------------------------------

std::string shorten(const std::string& s, size_t max) {
  if (s.size() <= max) return s;
  return s.substr(0, max) + "... (" + std::to_string(s.size()) + " bytes in all)";
}

std::string indent(const std::string& s) {
  std::string out = "    ";
  for (char c : s) {
    out.push_back(c);
    if (c == '\n') out += "    ";
  }
  return out;
}

class Runner {
 public:
  Runner(TestServer& server, std::string file) : server_(server), file_(std::move(file)) {
    vars_["officer_street"] = std::to_string(server.council().officer_street);
    vars_["officer_highways"] = std::to_string(server.council().officer_highways);
    vars_["member"] = std::to_string(server.council().member);
  }

  std::vector<ScenarioFailure> run(const std::string& text) {
    auto parsed = parse(text);
    if (auto* e = std::get_if<SyntaxError>(&parsed)) {
      fail(e->line, "scenario syntax: " + e->message);
      return failures_;
    }
    const auto& steps = std::get<std::vector<Step>>(parsed);
    if (steps.empty()) fail(1, "scenario has no requests");
    for (const Step& step : steps) {
      const size_t before = failures_.size();
      if (const auto* d = std::get_if<Directive>(&step))
        d->name == "now" ? now(*d) : as(*d);
      else
        request(std::get<RequestBlock>(step));
      if (failures_.size() != before) break;
    }
    return failures_;
  }

 private:
  void fail(int line, std::string message) { failures_.push_back({file_, line, std::move(message)}); }

  void now(const Directive& d) {
    auto t = parse_instant(d.arg);
    if (!t) return fail(d.line, "@now needs an instant like 2015-12-18T10:00:00Z, not \"" + d.arg + "\"");
    server_.clock().set(*t);
  }

  void as(const Directive& d) {
    if (d.arg == "anonymous") {
      role_.reset();
      return;
    }
    auto role = parse_role(d.arg);
    if (!role.ok()) return fail(d.line, "@as needs a role or anonymous, not \"" + d.arg + "\"");
    role_ = role.value();
  }

  // Expands {{...}}; nullopt (with *error set) for an unknown name or a
  // malformed built-in.
  std::optional<std::string> expand(std::string_view s, std::string* error) const {
    std::string out;
    size_t pos = 0;
    while (true) {
      const size_t open = s.find("{{", pos);
      if (open == std::string_view::npos) break;
      const size_t close = s.find("}}", open + 2);
      if (close == std::string_view::npos) {
        *error = "unterminated {{";
        return std::nullopt;
      }
      out.append(s.substr(pos, open - pos));
      const std::string inner(s.substr(open + 2, close - open - 2));
      if (starts_with(inner, "hex:")) {
        const std::string hex = inner.substr(4);
        if (hex.empty() || hex.size() % 2 != 0 ||
            hex.find_first_not_of("0123456789abcdefABCDEF") != std::string::npos) {
          *error = "{{hex:...}} needs pairs of hex digits";
          return std::nullopt;
        }
        for (size_t k = 0; k < hex.size(); k += 2)
          out.push_back(static_cast<char>(std::stoi(hex.substr(k, 2), nullptr, 16)));
      } else if (starts_with(inner, "repeat:")) {
        const size_t colon = inner.find(':', 7);
        int n = -1;
        if (colon != std::string::npos) {
          try {
            n = std::stoi(inner.substr(7, colon - 7));
          } catch (...) {
          }
        }
        if (n < 0 || n > 20'000'000) {
          *error = "{{repeat:N:TEXT}} needs a count";
          return std::nullopt;
        }
        const std::string piece = inner.substr(colon + 1);
        out.reserve(out.size() + piece.size() * static_cast<size_t>(n));
        for (int k = 0; k < n; ++k) out += piece;
      } else {
        auto it = vars_.find(inner);
        if (it == vars_.end()) {
          *error = "{{" + inner + "}} was never captured";
          return std::nullopt;
        }
        out += it->second;
      }
      pos = close + 2;
    }
    out.append(s.substr(pos));
    return out;
  }

  static bool has_header(const std::vector<std::pair<std::string, std::string>>& hs, std::string_view name) {
    return std::any_of(hs.begin(), hs.end(), [&](const auto& h) {
      return h.first.size() == name.size() &&
             std::equal(h.first.begin(), h.first.end(), name.begin(),
                        [](char a, char b) { return std::tolower(static_cast<unsigned char>(a)) == b; });
    });
  }

  void request(const RequestBlock& b) {
    std::string error;
    auto target = expand(b.target, &error);
    if (!target) return fail(b.line, error);
    std::vector<std::pair<std::string, std::string>> headers;
    for (const auto& [name, value] : b.headers) {
      auto v = expand(value, &error);
      if (!v) return fail(b.line, error);
      headers.emplace_back(name, *v);
    }
    auto body = expand(b.body, &error);
    if (!body) return fail(b.line, error);

    std::string shown = b.method + " " + *target + "\n";
    std::string wire = b.method + " " + *target + " HTTP/1.1\r\n";
    if (!has_header(headers, "host")) wire += "Host: 127.0.0.1\r\n";
    if (!has_header(headers, "connection")) wire += "Connection: close\r\n";
    if (role_ && !has_header(headers, "authorization") && !has_header(headers, "cookie"))
      wire += server_.auth(*role_) + "\r\n";
    for (const auto& [name, value] : headers) {
      wire += name + ": " + value + "\r\n";
      shown += name + ": " + value + "\n";
    }
    if (!has_header(headers, "content-length") &&
        (!body->empty() || b.method == "POST" || b.method == "PUT" || b.method == "PATCH"))
      wire += "Content-Length: " + std::to_string(body->size()) + "\r\n";
    wire += "\r\n" + *body;
    if (!body->empty()) shown += "\n" + shorten(*body, 600) + "\n";

    const Reply reply = exchange(server_.port(), wire, b.method == "HEAD");
    context_ = "\n  request (line " + std::to_string(b.line) + "):\n" + indent(shown) + "\n  response:\n";
    std::string resp = "HTTP " + std::to_string(reply.status) + "\n";
    for (const auto& [n, v] : reply.headers) resp += n + ": " + v + "\n";
    resp += "\n" + shorten(reply.body, 3000);
    context_ += indent(resp);

    if (!reply.error.empty()) return fail(b.line, "no usable response: " + reply.error + context_);
    // A wrong status makes the assertions noise: report it alone.
    if (reply.status != b.expect_status)
      return fail(b.status_line, "expected status " + std::to_string(b.expect_status) + ", got " +
                                     std::to_string(reply.status) + context_);
    reply_ = &reply;
    parsed_.reset();
    block_failed_ = false;
    for (const Check& c : b.checks) check(c);
    reply_ = nullptr;
  }

  // The body as JSON, parsed once; nullptr (with a failure) when it is not.
  const json* body_json(int line) {
    if (!parsed_) {
      parsed_ = json::parse(reply_->body, nullptr, /*allow_exceptions=*/false);
    }
    if (parsed_->is_discarded()) {
      fail(line, "the response body is not JSON" + context_);
      return nullptr;
    }
    return &*parsed_;
  }

  // Evaluates "$.a.b[2].length"; nullopt when a step is missing (with *why).
  static std::optional<json> at_path(const json& root, std::string_view path, std::string* why) {
    if (path.empty() || path[0] != '$') {
      *why = "a path starts with $";
      return std::nullopt;
    }
    json cur = root;
    size_t i = 1;
    while (i < path.size()) {
      if (path[i] == '.') {
        size_t end = i + 1;
        while (end < path.size() && path[end] != '.' && path[end] != '[') ++end;
        const std::string name(path.substr(i + 1, end - i - 1));
        if (name.empty()) {
          *why = "empty name in the path";
          return std::nullopt;
        }
        const bool last = end == path.size();
        if (cur.is_object() && cur.contains(name)) {
          json next = cur[name];
          cur = std::move(next);
        } else if (last && name == "length" && (cur.is_array() || cur.is_object() || cur.is_string())) {
          cur = cur.is_string() ? json(cur.get<std::string>().size()) : json(cur.size());
        } else {
          *why = std::string(path.substr(0, end)) + " is not there";
          return std::nullopt;
        }
        i = end;
      } else if (path[i] == '[') {
        const size_t end = path.find(']', i);
        if (end == std::string_view::npos) {
          *why = "unclosed [ in the path";
          return std::nullopt;
        }
        long idx = 0;
        try {
          idx = std::stol(std::string(path.substr(i + 1, end - i - 1)));
        } catch (...) {
          *why = "[n] needs a number";
          return std::nullopt;
        }
        if (!cur.is_array()) {
          *why = std::string(path.substr(0, i)) + " is not a list";
          return std::nullopt;
        }
        if (idx < 0) idx += static_cast<long>(cur.size());
        if (idx < 0 || idx >= static_cast<long>(cur.size())) {
          *why = std::string(path.substr(0, end + 1)) + " is out of range (" + std::to_string(cur.size()) +
                 " items)";
          return std::nullopt;
        }
        json next = cur[static_cast<size_t>(idx)];
        cur = std::move(next);
        i = end + 1;
      } else {
        *why = "unexpected character in the path";
        return std::nullopt;
      }
    }
    return cur;
  }

  static std::string as_text(const json& v) { return v.is_string() ? v.get<std::string>() : v.dump(); }

  // The right-hand side of == / !=: JSON, else the text itself.
  static json rhs_value(const std::string& text) {
    json v = json::parse(text, nullptr, false);
    return v.is_discarded() ? json(text) : v;
  }

  bool regex_search(int line, const std::string& text, const std::string& pattern) {
    try {
      return std::regex_search(text, std::regex(pattern, std::regex::ECMAScript));
    } catch (const std::regex_error& e) {
      fail(line, "bad regex /" + pattern + "/: " + e.what());
      return false;
    }
  }

  // Compares `actual` (nullopt = absent) with `op rhs`; true when it holds.
  bool compare(int line, const std::optional<json>& actual, const std::string& op, const std::string& rhs,
               std::string* shown) {
    *shown = actual ? shorten(actual->dump(), 500) : "(absent)";
    if (op == "exists") return actual.has_value();
    if (op == "absent") return !actual.has_value();
    if (!actual) return false;
    if (op == "==") return *actual == rhs_value(rhs);
    if (op == "!=") return *actual != rhs_value(rhs);
    if (op == "~") return regex_search(line, as_text(*actual), rhs);
    if (op == "!~") return !regex_search(line, as_text(*actual), rhs);
    fail(line, "unknown operator \"" + op + "\" (==, !=, ~, !~, exists, absent)");
    return false;
  }

  static void split_op(std::string_view rest, std::string* op, std::string* rhs) {
    rest = trim(rest);
    const size_t sp = rest.find(' ');
    *op = std::string(rest.substr(0, sp));
    *rhs = sp == std::string_view::npos ? "" : std::string(trim(rest.substr(sp + 1)));
  }

  void check(const Check& c) {
    std::string error;
    auto expanded = expand(c.text, &error);
    if (!expanded) return fail(c.line, error);
    const std::string t = *expanded;
    const size_t before = failures_.size();
    // The request and response are shown with the block's first failure.
    auto failed = [&](const std::string& what) {
      if (failures_.size() != before) return;
      fail(c.line, what + (block_failed_ ? "\n  (request and response as above)" : context_));
      block_failed_ = true;
    };

    if (starts_with(t, "capture ")) {
      const size_t eq = t.find('=');
      if (eq == std::string::npos) return fail(c.line, "capture NAME = $.path | header NAME");
      const std::string name(trim(std::string_view(t).substr(8, eq - 8)));
      const std::string_view src = trim(std::string_view(t).substr(eq + 1));
      if (starts_with(src, "header ")) {
        auto h = reply_->header(lower(trim(src.substr(7))));
        if (!h) return failed("cannot capture " + name + ": no header " + std::string(trim(src.substr(7))));
        vars_[name] = *h;
        return;
      }
      const json* j = body_json(c.line);
      if (!j) return;
      auto v = at_path(*j, src, &error);
      if (!v || v->is_null())
        return failed("cannot capture " + name + ": " + (v ? std::string(src) + " is null" : error));
      vars_[name] = as_text(*v);
      return;
    }

    std::string op, rhs, shown;
    if (t[0] == '$') {
      const size_t sp = t.find(' ');
      const std::string path = t.substr(0, sp);
      split_op(sp == std::string::npos ? "" : std::string_view(t).substr(sp), &op, &rhs);
      const json* j = body_json(c.line);
      if (!j) return;
      auto v = at_path(*j, path, &error);
      if (!v && !error.empty() && error.find("is not there") == std::string::npos &&
          error.find("out of range") == std::string::npos && error.find("not a list") == std::string::npos)
        return fail(c.line, "bad path " + path + ": " + error);
      if (!compare(c.line, v, op, rhs, &shown))
        failed("expected " + path + " " + op + (rhs.empty() ? "" : " " + rhs) + ", got " + shown);
      return;
    }
    if (starts_with(t, "header ")) {
      std::string_view rest = trim(std::string_view(t).substr(7));
      const size_t sp = rest.find(' ');
      const std::string name(rest.substr(0, sp));
      split_op(sp == std::string_view::npos ? "" : rest.substr(sp), &op, &rhs);
      auto h = reply_->header(lower(name));
      std::optional<json> actual;
      if (h) actual = json(*h);
      // A header is text: compare with the right-hand side's text.
      if ((op == "==" || op == "!=") && !rhs_value(rhs).is_string()) rhs = json(rhs).dump();
      if (!compare(c.line, actual, op, rhs, &shown))
        failed("expected header " + name + " " + op + (rhs.empty() ? "" : " " + rhs) + ", got " + shown);
      return;
    }
    if (starts_with(t, "body ")) {
      split_op(std::string_view(t).substr(5), &op, &rhs);
      const std::string& body = reply_->body;
      bool ok = false;
      if (op == "contains")
        ok = body.find(rhs) != std::string::npos;
      else if (op == "!contains")
        ok = body.find(rhs) == std::string::npos;
      else if (op == "~")
        ok = regex_search(c.line, body, rhs);
      else if (op == "==")
        ok = body == as_text(rhs_value(rhs));
      else
        return fail(c.line, "body assertions: contains, !contains, ~, ==");
      if (!ok) failed("expected body " + op + " " + rhs);
      return;
    }
    if (starts_with(t, "code ") || starts_with(t, "field ")) {
      const bool is_code = t[0] == 'c';
      split_op(std::string_view(t).substr(is_code ? 5 : 6), &op, &rhs);
      if (op != "==") return fail(c.line, std::string(is_code ? "code" : "field") + " only supports ==");
      const json* j = body_json(c.line);
      if (!j) return;
      const json want = rhs_value(rhs);
      if (!is_code) {
        auto v = at_path(*j, "$.field", &error);
        if (!compare(c.line, v, "==", want.dump(), &shown))
          failed("expected problem field " + want.dump() + ", got " + shown);
        return;
      }
      const std::string ct = reply_->header("content-type").value_or("");
      if (ct != "application/problem+json")
        return failed("expected a problem+json response (code " + want.dump() + "), got Content-Type " + ct);
      if (!j->is_object() || j->value("code", json()) != want)
        return failed("expected problem code " + want.dump() + ", got " +
                      (j->is_object() && j->contains("code") ? (*j)["code"].dump() : "(absent)"));
      if (j->value("status", json()) != json(reply_->status))
        return failed("problem $.status does not match the HTTP status");
      if (!j->contains("detail") || !(*j)["detail"].is_string() || (*j)["detail"].get<std::string>().empty())
        return failed("problem has no detail saying what is wrong");
      return;
    }
    fail(c.line, "unknown assertion: " + t);
  }

  static std::string lower(std::string_view s) {
    std::string out(s);
    std::transform(out.begin(), out.end(), out.begin(), [](unsigned char ch) { return std::tolower(ch); });
    return out;
  }

  TestServer& server_;
  std::string file_;
  std::map<std::string, std::string> vars_;
  std::optional<Role> role_ = Role::kAdministrator;  // whose token requests carry; none when empty
  std::vector<ScenarioFailure> failures_;
  const Reply* reply_ = nullptr;
  std::optional<json> parsed_;
  std::string context_;
  bool block_failed_ = false;
};

}  // namespace

std::vector<ScenarioFailure> run_scenario(TestServer& server, const std::string& file,
                                          const std::string& text) {
  return Runner(server, file).run(text);
}

std::vector<ScenarioFailure> run_scenario_file(TestServer& server, const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return {{path, 0, "cannot read the scenario file"}};
  std::stringstream ss;
  ss << in.rdbuf();
  return run_scenario(server, path, ss.str());
}

std::vector<std::string> list_scenarios(const std::string& dir) {
  std::vector<std::string> out;
  std::error_code ec;
  for (const auto& e : std::filesystem::directory_iterator(dir, ec))
    if (e.is_regular_file() && e.path().extension() == ".http") out.push_back(e.path().string());
  std::sort(out.begin(), out.end());
  return out;
}

}  // namespace civicdesk::testing

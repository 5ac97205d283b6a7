#include <charconv>

#include "http/api/api.h"
#include "http/open311/open311_api.h"
#include "http/parse/query.h"

namespace civicdesk::http {

Response json_response(int status, const std::string& body) { return Response::json(status, body); }

Status require_json(const Request& req) {
  auto ct = req.header("content-type");
  if (!ct) return Error(ErrorCode::kUnsupportedMediaType, "Send the body as JSON with Content-Type: application/json");
  std::string_view v = *ct;
  v = v.substr(0, v.find(';'));
  while (!v.empty() && v.back() == ' ') v.remove_suffix(1);
  std::string lower(v);
  for (char& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  if (lower == "application/json" || (lower.rfind("application/", 0) == 0 && lower.size() > 5 &&
                                      lower.compare(lower.size() - 5, 5, "+json") == 0))
    return {};
  return Error(ErrorCode::kUnsupportedMediaType,
               "Send the body as JSON with Content-Type: application/json, not " + lower.substr(0, 80));
}

std::optional<int64_t> if_match(const Request& req) {
  auto h = req.header("if-match");
  if (!h) return std::nullopt;
  std::string_view v = *h;
  while (!v.empty() && v.front() == ' ') v.remove_prefix(1);
  while (!v.empty() && v.back() == ' ') v.remove_suffix(1);
  if (v == "*") return std::nullopt;
  if (v.rfind("W/", 0) == 0) v.remove_prefix(2);
  if (v.size() < 3 || v.front() != '"' || v.back() != '"') return -1;
  v = v.substr(1, v.size() - 2);
  int64_t n = 0;
  auto [p, ec] = std::from_chars(v.data(), v.data() + v.size(), n);
  if (ec != std::errc() || p != v.data() + v.size() || n < 1) return -1;
  return n;
}

bool etag_matches(std::string_view header, int64_t version) {
  const std::string want = "\"" + std::to_string(version) + "\"";
  size_t start = 0;
  while (start <= header.size()) {
    size_t end = header.find(',', start);
    if (end == std::string_view::npos) end = header.size();
    std::string_view tag = header.substr(start, end - start);
    while (!tag.empty() && tag.front() == ' ') tag.remove_prefix(1);
    while (!tag.empty() && tag.back() == ' ') tag.remove_suffix(1);
    if (tag.rfind("W/", 0) == 0) tag.remove_prefix(2);
    if (tag == "*" || tag == want) return true;
    start = end + 1;
  }
  return false;
}

Result<Id> path_id(const Request& req, const std::string& name) {
  const std::string& s = req.param(name);
  Id id = 0;
  auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), id);
  if (ec != std::errc() || p != s.data() + s.size() || id <= 0) return not_found("There is nothing at " + req.path);
  return id;
}

Status no_query(const Request& req) {
  ASSIGN_OR_RETURN(QueryReader q, QueryReader::parse(req.query));
  return q.finish();
}

void add_api_routes(Router& r, ApiDeps& deps) {
  add_system_routes(r, deps);
  add_catalogue_routes(r, deps);
  add_people_routes(r, deps);
  add_location_routes(r, deps);  // before the cases' {reference} routes
  add_case_routes(r, deps);
  add_export_routes(r, deps);
  add_account_routes(r, deps);
  add_privacy_routes(r, deps);
  add_enquiry_routes(r, deps);
  add_report_routes(r, deps);
  add_message_routes(r, deps);
  add_notification_routes(r, deps);
  add_attachment_routes(r, deps);
  add_back_office_routes(r, deps);
  add_open311_routes(r, deps.services);
}

}  // namespace civicdesk::http

// The home page, the accessibility statement, the assets and error pages.
#include "http/parse/query.h"
#include "web/assets.h"
#include "web/page.h"

namespace civicdesk::web {

void add_asset_routes(http::Router& r, WebDeps& deps) {
  r.add("GET", "/assets/{name}", [&deps](http::Request& req) -> Result<http::Response> {
    const std::string& name = req.param("name");
    auto q = http::QueryReader::parse(req.query);
    std::optional<std::string> v;
    if (q) v = q->string("v", 64);
    if (name == "council.css") {
      // Made per council from its brand colour: cached briefly (a council
      // may change its colour), and for a year under a versioned URL.
      ASSIGN_OR_RETURN(auto snap, deps.services.catalogue.snapshot(req.ctx));
      const std::string colour = safe_colour(snap->tenant.brand_colour);
      http::Response res = http::Response::text(200, council_css(colour), "text/css; charset=utf-8");
      res.set_header("Cache-Control", v && *v == colour.substr(1) ? "public, max-age=31536000, immutable"
                                                                  : "public, max-age=300");
      return res;
    }
    const Asset* a = find_asset(name);
    if (!a) return not_found("There is no asset called " + name);
    const std::string etag = "\"" + a->hash + "\"";
    if (auto inm = req.header("if-none-match"); inm && *inm == etag) {
      http::Response res;
      res.status = 304;
      res.set_header("ETag", etag);
      return res;
    }
    http::Response res = http::Response::text(200, std::string(a->data), a->content_type);
    res.set_header("ETag", etag);
    // The URL carries the content's hash: it never changes under that URL.
    res.set_header("Cache-Control", v && *v == a->hash ? "public, max-age=31536000, immutable" : "no-cache");
    return res;
  });

  // Browsers ask for /favicon.ico whatever the page says.
  r.add("GET", "/favicon.ico", [](http::Request&) -> Result<http::Response> {
    http::Response res;
    res.status = 301;
    res.set_header("Location", asset_url("favicon.svg"));
    return res;
  });
}

void add_info_routes(http::Router& r, WebDeps& deps) {
  r.add("GET", "/", [&deps](http::Request& req) -> Result<http::Response> {
    Page page(deps, req);
    return page.html(200, "home", page.context("home.title"));
  });
  r.add("GET", "/accessibility", [&deps](http::Request& req) -> Result<http::Response> {
    Page page(deps, req);
    return page.html(200, "accessibility", page.context("accessibility.title"));
  });
}

std::function<http::Response(const Error&, const http::Request&)> page_error_renderer(WebDeps& deps) {
  return [&deps](const Error& e, const http::Request& req) {
    if (e.code == ErrorCode::kMethodNotAllowed) {
      Page page(deps, req);
      return page.message_page(405, "errors.not_found_title", "errors.not_found_body");
    }
    return Page(deps, req).error(e);
  };
}

void add_web_routes(http::Router& r, WebDeps& deps) {
  add_asset_routes(r, deps);
  add_info_routes(r, deps);
  add_account_routes(r, deps);
  add_report_routes(r, deps);
  add_request_routes(r, deps);
  add_link_routes(r, deps);
  add_admin_routes(r, deps);
  add_frontdesk_routes(r, deps);
  add_dashboard_routes(r, deps);
  add_member_routes(r, deps);
  add_feedback_routes(r, deps);
  add_staff_queue_routes(r, deps);
  add_staff_case_routes(r, deps);
  add_account_security_routes(r, deps);
}

}  // namespace civicdesk::web

// The pages people use (server-rendered HTML, GOV.UK Frontend markup):
// residents' My Account for now. Handlers are thin, as in http/api: read the
// form, call one app/ use case, render a template (render.h) with texts from
// the message catalogue (messages.h). docs/pages.md describes the whole.
//
//   web::WebDeps web{services};
//   web::add_web_routes(router, web);
//   pipeline_options.page_errors = web::page_error_renderer(web);
#pragma once

#include "app/services.h"
#include "http/message.h"
#include "http/router.h"
#include "web/messages.h"
#include "web/render.h"

namespace civicdesk::web {

inline constexpr std::string_view kDefaultMapTiles = "https://tile.openstreetmap.org/{z}/{x}/{y}.png";
inline constexpr std::string_view kDefaultMapAttribution = "© OpenStreetMap contributors";

struct WebDeps {
  Services& services;
  const Messages& messages = Messages::embedded();
  const Renderer& renderer = Renderer::embedded();
  // The map on "Report a problem" (web/map.h): where its tiles come from
  // (a {z}/{x}/{y} URL template; "" for no map) and whose they are.
  std::string map_tiles_url = std::string(kDefaultMapTiles);
  std::string map_attribution = std::string(kDefaultMapAttribution);
};

void add_asset_routes(http::Router& r, WebDeps& deps);    // /assets/...
void add_info_routes(http::Router& r, WebDeps& deps);     // home, accessibility statement
void add_account_routes(http::Router& r, WebDeps& deps);  // sign in/out, register, verify, reset, preferences
void add_report_routes(http::Router& r, WebDeps& deps);   // report a problem
void add_request_routes(http::Router& r, WebDeps& deps);  // my requests, a request, add an update
void add_link_routes(http::Router& r, WebDeps& deps);     // the links in messages: unsubscribe, survey
void add_admin_routes(http::Router& r, WebDeps& deps);    // /admin: users and roles, non-working days
void add_frontdesk_routes(http::Router& r, WebDeps& deps);   // /staff/contact, /staff/customers
void add_dashboard_routes(http::Router& r, WebDeps& deps);   // /staff/reports
void add_member_routes(http::Router& r, WebDeps& deps);   // councillors: /member/... (Members' Enquiries)
void add_feedback_routes(http::Router& r, WebDeps& deps); // residents: /enquiry, /complaint, /compliment
void add_staff_queue_routes(http::Router& r, WebDeps& deps);  // staff console: /staff work queues
void add_staff_case_routes(http::Router& r, WebDeps& deps);   // staff console: /staff/cases/{reference} and its actions
void add_account_security_routes(http::Router& r, WebDeps& deps);  // /account/security: two-step verification
// All of the above.
void add_web_routes(http::Router& r, WebDeps& deps);

// For http::PipelineOptions::page_errors: errors on page routes as HTML pages
// (404 page not found, 429 too many attempts, 500 sorry...).
std::function<http::Response(const Error&, const http::Request&)> page_error_renderer(WebDeps& deps);

}  // namespace civicdesk::web

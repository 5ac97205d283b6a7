// What the councillors' pages share (member_pages.cpp, member_raise_pages.cpp):
// who may use them, dates in words, one enquiry as a row or summary.
#pragma once

#include <optional>
#include <string>

#include "web/page.h"

namespace civicdesk::web::member {

// A councillor: a user with the councillor role and a member record.
bool councillor(const http::Request& req);
// Signed out: sign in first (coming back to `back`). Signed in as someone
// else: a 403 page. nullopt: go ahead.
std::optional<http::Response> refuse_unless_councillor(const Page& page, const http::Request& req,
                                                       const std::string& back);
// A London date in words: "8 March 2016".
// One enquiry for a template: reference, subject, dates raised and due
// (working days), status, delay notice, overdue...
mstch::map enquiry_summary(const Page& page, const CatalogueSnapshot& cat, const CaseView& v);
// A query parameter (at most 40 characters), "" when absent or malformed.
std::string query_value(const http::Request& req, std::string_view key);

}  // namespace civicdesk::web::member

namespace civicdesk::web {
// /member/enquiries/new and its confirmation (member_raise_pages.cpp).
void add_member_raise_routes(http::Router& r, WebDeps& deps);
}  // namespace civicdesk::web

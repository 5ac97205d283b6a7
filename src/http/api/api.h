// /api/v1: thin handlers. Each parses and validates its input (parse/),
// calls one use case (app/) and renders the result (json_out.h).
#pragma once

#include <functional>
#include <string>

#include "app/services.h"
#include "http/message.h"
#include "http/router.h"

namespace civicdesk::http {

class ApiPipeline;

struct ApiDeps {
  Services& services;
  // Set once the pipeline exists (it is built from the finished router).
  ApiPipeline* pipeline = nullptr;
  std::string version = "0.1.0";
};

void add_case_routes(Router& r, ApiDeps& deps);
void add_people_routes(Router& r, ApiDeps& deps);     // customers, contacts, search
void add_catalogue_routes(Router& r, ApiDeps& deps);  // services, delivery units, officers, members, wards
void add_system_routes(Router& r, ApiDeps& deps);     // healthz, readyz, metrics, openapi.json
void add_export_routes(Router& r, ApiDeps& deps);     // streamed CSV exports
void add_account_routes(Router& r, ApiDeps& deps);    // sign-in, accounts, API tokens
void add_privacy_routes(Router& r, ApiDeps& deps);    // audit trail, subject access, erasure, retention
void add_enquiry_routes(Router& r, ApiDeps& deps);    // Members' Enquiry workflow
void add_report_routes(Router& r, ApiDeps& deps);     // committee reports (CSV, JSON, XLSX, HTML)
void add_message_routes(Router& r, ApiDeps& deps);    // the outbox, webhook endpoints, delivery receipts
void add_notification_routes(Router& r, ApiDeps& deps);  // templates, settings, unsubscribe and survey links
void add_location_routes(Router& r, ApiDeps& deps);   // nearby cases, the council's boundary
void add_attachment_routes(Router& r, ApiDeps& deps);  // photos on cases (docs/media.md)
void add_back_office_routes(Router& r, ApiDeps& deps);  // back-office updates, forwarding a service's cases

// All of the above.
void add_api_routes(Router& r, ApiDeps& deps);

// Helpers shared by the handler files.
Response json_response(int status, const std::string& body);
// 415 unless the body is JSON (application/json or application/*+json).
Status require_json(const Request& req);
// The If-Match version: nullopt when absent or "*"; -1 (matches nothing) when
// it is not one of our ETags.
std::optional<int64_t> if_match(const Request& req);
Result<Id> path_id(const Request& req, const std::string& name);
// If-None-Match semantics (weak comparison): "*", or any listed tag, weak or
// strong, naming `version`.
bool etag_matches(std::string_view header, int64_t version);
// invalid_query unless the query string is empty: endpoints without
// parameters refuse unknown ones like every other.
Status no_query(const Request& req);

// A stored photo's bytes with its headers (Content-Type, nosniff, inline
// under a name civicdesk made, private caching).
Response photo_response(const std::string& reference, const AttachmentFile& f);

// The OpenAPI document served at /api/v1/openapi.json.
std::string_view openapi_document();

}  // namespace civicdesk::http

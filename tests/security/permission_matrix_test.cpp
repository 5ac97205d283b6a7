// The permission matrix: every API route, every kind of principal, one
// declared table of who may do what (kMatrix below), checked with real
// requests against the real server on every backend.
//
// Each row is one request: a route, a target and body built from the
// world's records (security_world.h), the status it answers when allowed,
// and one outcome per principal column:
//   ok   allowed: the row's success status
//   401  nobody is signed in (problem code unauthenticated, WWW-Authenticate)
//   403  the principal lacks the permission (permission_denied)
//   404  a record the principal may not see (not_found, as for a missing one)
//   NNN  any other status: allowed, answered with that status
// A request that does not succeed (401, 403, 404 or another 3xx-5xx) must
// change nothing: the records it names and the totals of everything (cases,
// customers, contacts, users, tokens, outbox, catalogue) are rendered before
// and after and compared.
//
// A route may have several rows (a case of one's own, of another delivery
// unit, restricted...). Every route registered by add_api_routes must have at
// least one: RouteCoverage fails on a route missing from the table, so a new
// route cannot ship without declaring who may call it.
//
// Expectations follow src/domain/access.cpp (roles -> permissions -> record
// scopes). Placeholders in targets, bodies and headers:
//   {street} {highways} {own} {me} {ward_me} {copied} {restricted}  case references
//   {customer} {own_customer} {contact} {own_contact}                record ids
//   {officer_street} {member} {officer_user} {admin_user} {victim_user}
//   {new:KIND}      made afresh for each request (the same name twice in one
//                   request is the same record): street, street2, own,
//                   restricted, me, complaint (cases); unique (a fresh name);
//                   token (a client token's name); customer (a customer
//                   record); flip (true or false, alternately); years (a
//                   retention period that changes); verify_token and
//                   reset_token (one-time links read from the outbox)
//   {version:KEY}   the current version of customer KEY
//   {photo}         a PNG with metadata (tests/support/images.h)
//   {street_photo} {street_photo2} {own_photo} {restricted_photo}  ids of public
//                   photos the system put on those cases (made once per world)
//   {totp_code}     the code for kTotpSecret now
#include <gtest/gtest.h>

#include <cctype>
#include <set>
#include <sstream>

#include "app/crypto.h"
#include "security/security_world.h"
#include "support/images.h"
#include "support/test_store.h"

namespace civicdesk::security {
namespace {

enum class Prepare {
  kNone,
  kLinkRelated,   // {new:street} related to {new:street2}
  kWatchOfficer,  // {officer_street} copied into {new:street}
};

struct Row {
  const char* method;
  const char* pattern;  // exactly as registered
  const char* target;
  const char* body;     // "" for none
  const char* headers;  // extra header lines, separated by '\n'
  Prepare prepare;
  int success;          // the status when allowed
  // anon res cllr adv off lead mgr admin sg c:cr c:crw c:cat c:ppl c:rep
  const char* expect;
};

constexpr const char* kTotpSecret = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP";
constexpr const char* kPassword = "a long and unguessable password";

// clang-format off
const Row kMatrix[] = {
// ---- operations: no council, no credentials needed ---------------------------------------------------------------
//                                                                                                anon res cllr adv off lead mgr admin sg c:cr c:crw c:cat c:ppl c:rep
{"GET", "/healthz", "/healthz", "", "", Prepare::kNone, 200,                                     "ok  ok  ok  ok  ok  ok  ok  ok  ok  ok  ok  ok  ok  ok"},
{"GET", "/readyz", "/readyz", "", "", Prepare::kNone, 200,                                       "ok  ok  ok  ok  ok  ok  ok  ok  ok  ok  ok  ok  ok  ok"},
{"GET", "/metrics", "/metrics", "", "", Prepare::kNone, 200,                                     "ok  ok  ok  ok  ok  ok  ok  ok  ok  ok  ok  ok  ok  ok"},
{"GET", "/api/v1/openapi.json", "/api/v1/openapi.json", "", "", Prepare::kNone, 200,             "ok  ok  ok  ok  ok  ok  ok  ok  ok  ok  ok  ok  ok  ok"},

// ---- the catalogue: public reference data ------------------------------------------------------------------------
{"GET", "/api/v1/services", "/api/v1/services", "", "", Prepare::kNone, 200,                     "ok  ok  ok  ok  ok  ok  ok  ok  ok  ok  ok  ok  ok  ok"},
{"GET", "/api/v1/services/{code}", "/api/v1/services/missed-bin", "", "", Prepare::kNone, 200,   "ok  ok  ok  ok  ok  ok  ok  ok  ok  ok  ok  ok  ok  ok"},
{"GET", "/api/v1/delivery-units", "/api/v1/delivery-units", "", "", Prepare::kNone, 200,         "ok  ok  ok  ok  ok  ok  ok  ok  ok  ok  ok  ok  ok  ok"},
{"GET", "/api/v1/delivery-units/{code}", "/api/v1/delivery-units/street-scene", "", "", Prepare::kNone, 200,
                                                                                                 "ok  ok  ok  ok  ok  ok  ok  ok  ok  ok  ok  ok  ok  ok"},
{"GET", "/api/v1/officers", "/api/v1/officers", "", "", Prepare::kNone, 200,                     "ok  ok  ok  ok  ok  ok  ok  ok  ok  ok  ok  ok  ok  ok"},
{"GET", "/api/v1/officers/{id}", "/api/v1/officers/{officer_street}", "", "", Prepare::kNone, 200,
                                                                                                 "ok  ok  ok  ok  ok  ok  ok  ok  ok  ok  ok  ok  ok  ok"},
{"GET", "/api/v1/members", "/api/v1/members", "", "", Prepare::kNone, 200,                       "ok  ok  ok  ok  ok  ok  ok  ok  ok  ok  ok  ok  ok  ok"},
{"GET", "/api/v1/members/{id}", "/api/v1/members/{member}", "", "", Prepare::kNone, 200,         "ok  ok  ok  ok  ok  ok  ok  ok  ok  ok  ok  ok  ok  ok"},
{"GET", "/api/v1/wards", "/api/v1/wards", "", "", Prepare::kNone, 200,                           "ok  ok  ok  ok  ok  ok  ok  ok  ok  ok  ok  ok  ok  ok"},
{"GET", "/api/v1/sla-policies", "/api/v1/sla-policies", "", "", Prepare::kNone, 200,             "ok  ok  ok  ok  ok  ok  ok  ok  ok  ok  ok  ok  ok  ok"},
{"GET", "/api/v1/calendar", "/api/v1/calendar", "", "", Prepare::kNone, 200,                     "ok  ok  ok  ok  ok  ok  ok  ok  ok  ok  ok  ok  ok  ok"},

// ---- customers, contacts, search ---------------------------------------------------------------------------------
//                                                                                                anon res cllr adv off lead mgr admin sg c:cr c:crw c:cat c:ppl c:rep
{"POST", "/api/v1/customers", "/api/v1/customers", R"({"given_name": "Matrix", "family_name": "{new:unique}"})", "",
 Prepare::kNone, 201,                                                                            "401 403 403 ok  ok  ok  ok  ok  ok  403 403 403 ok  403"},
{"GET", "/api/v1/customers", "/api/v1/customers?q=colin", "", "", Prepare::kNone, 200,           "401 403 403 ok  ok  ok  ok  ok  ok  403 403 403 ok  403"},
{"GET", "/api/v1/customers/{id}", "/api/v1/customers/{customer}", "", "", Prepare::kNone, 200,   "401 404 403 ok  ok  ok  ok  ok  ok  403 403 403 ok  403"},
{"GET", "/api/v1/customers/{id}", "/api/v1/customers/{own_customer}", "", "", Prepare::kNone, 200,
                                                                                                 "401 ok  403 ok  ok  ok  ok  ok  ok  403 403 403 ok  403"},
{"PUT", "/api/v1/customers/{id}", "/api/v1/customers/{customer}",
 R"({"given_name": "Colin", "family_name": "Customer", "emails": [{"address": "colin.customer@example.com"}]})",
 "If-Match: \"{version:customer}\"", Prepare::kNone, 200,                                        "401 404 403 ok  ok  ok  ok  ok  ok  403 403 403 ok  403"},
{"PUT", "/api/v1/customers/{id}", "/api/v1/customers/{own_customer}",
 R"({"given_name": "Rita", "family_name": "Resident", "emails": [{"address": "rita@example.com"}]})",
 "If-Match: \"{version:own_customer}\"", Prepare::kNone, 200,                                    "401 ok  403 ok  ok  ok  ok  ok  ok  403 403 403 ok  403"},
{"GET", "/api/v1/customers/{id}/cases", "/api/v1/customers/{customer}/cases", "", "", Prepare::kNone, 200,
                                                                                                 "401 404 403 ok  ok  ok  ok  ok  ok  403 403 403 403 403"},
{"GET", "/api/v1/customers/{id}/cases", "/api/v1/customers/{own_customer}/cases", "", "", Prepare::kNone, 200,
                                                                                                 "401 ok  403 ok  ok  ok  ok  ok  ok  403 403 403 403 403"},
{"GET", "/api/v1/customers/{id}/contacts", "/api/v1/customers/{customer}/contacts", "", "", Prepare::kNone, 200,
                                                                                                 "401 404 403 ok  ok  ok  ok  ok  ok  403 403 403 ok  403"},
{"GET", "/api/v1/customers/{id}/contacts", "/api/v1/customers/{own_customer}/contacts", "", "", Prepare::kNone, 200,
                                                                                                 "401 ok  403 ok  ok  ok  ok  ok  ok  403 403 403 ok  403"},
{"POST", "/api/v1/contacts", "/api/v1/contacts",
 R"({"customer_id": {customer}, "channel": "telephone", "outcome": "resolved_at_first_contact", "reason": "Matrix"})",
 "", Prepare::kNone, 201,                                                                        "401 403 403 ok  ok  ok  ok  ok  ok  403 403 403 ok  403"},
{"GET", "/api/v1/contacts", "/api/v1/contacts", "", "", Prepare::kNone, 200,                     "401 ok  403 ok  ok  ok  ok  ok  ok  403 403 403 ok  403"},
{"GET", "/api/v1/contacts/{id}", "/api/v1/contacts/{contact}", "", "", Prepare::kNone, 200,      "401 404 403 ok  ok  ok  ok  ok  ok  403 403 403 ok  403"},
{"GET", "/api/v1/contacts/{id}", "/api/v1/contacts/{own_contact}", "", "", Prepare::kNone, 200,  "401 ok  403 ok  ok  ok  ok  ok  ok  403 403 403 ok  403"},
{"GET", "/api/v1/search", "/api/v1/search?q=litter", "", "", Prepare::kNone, 200,                "401 403 403 ok  ok  ok  ok  ok  ok  403 403 403 403 403"},

// ---- cases -------------------------------------------------------------------------------------------------------
//                                                                                                anon res cllr adv off lead mgr admin sg c:cr c:crw c:cat c:ppl c:rep
{"POST", "/api/v1/cases", "/api/v1/cases", R"({"category": "general", "description": "Reported in the matrix"})", "",
 Prepare::kNone, 201,                                                                            "401 ok  ok  ok  ok  ok  ok  ok  ok  403 ok  403 403 403"},
{"GET", "/api/v1/cases", "/api/v1/cases", "", "", Prepare::kNone, 200,                           "401 ok  ok  ok  ok  ok  ok  ok  ok  ok  ok  403 403 403"},
{"GET", "/api/v1/cases/{reference}", "/api/v1/cases/{street}", "", "", Prepare::kNone, 200,      "401 404 404 ok  ok  ok  ok  ok  ok  ok  ok  403 403 403"},
{"GET", "/api/v1/cases/{reference}", "/api/v1/cases/{highways}", "", "", Prepare::kNone, 200,    "401 404 404 ok  404 404 ok  ok  404 ok  ok  403 403 403"},
{"GET", "/api/v1/cases/{reference}", "/api/v1/cases/{own}", "", "", Prepare::kNone, 200,         "401 ok  404 ok  404 404 ok  ok  404 ok  ok  403 403 403"},
{"GET", "/api/v1/cases/{reference}", "/api/v1/cases/{me}", "", "", Prepare::kNone, 200,          "401 404 ok  ok  ok  ok  ok  ok  ok  ok  ok  403 403 403"},
{"GET", "/api/v1/cases/{reference}", "/api/v1/cases/{ward_me}", "", "", Prepare::kNone, 200,     "401 404 ok  ok  ok  ok  ok  ok  ok  ok  ok  403 403 403"},
{"GET", "/api/v1/cases/{reference}", "/api/v1/cases/{copied}", "", "", Prepare::kNone, 200,      "401 404 ok  ok  404 404 ok  ok  404 ok  ok  403 403 403"},
{"GET", "/api/v1/cases/{reference}", "/api/v1/cases/{restricted}", "", "", Prepare::kNone, 200,  "401 404 404 404 404 404 404 404 ok  404 404 403 403 403"},
{"PATCH", "/api/v1/cases/{reference}", "/api/v1/cases/{new:street}", R"({"title": "Patched"})", "If-Match: *",
 Prepare::kNone, 200,                                                                            "401 404 404 ok  ok  ok  ok  ok  ok  403 ok  403 403 403"},
{"PATCH", "/api/v1/cases/{reference}", "/api/v1/cases/{new:own}", R"({"title": "Patched"})", "If-Match: *",
 Prepare::kNone, 200,                                                                            "401 403 404 ok  404 404 ok  ok  404 403 ok  403 403 403"},
{"PATCH", "/api/v1/cases/{reference}", "/api/v1/cases/{new:me}", R"({"title": "Patched"})", "If-Match: *",
 Prepare::kNone, 200,                                                                            "401 404 403 ok  ok  ok  ok  ok  ok  403 ok  403 403 403"},
{"PATCH", "/api/v1/cases/{reference}", "/api/v1/cases/{new:restricted}", R"({"title": "Patched"})", "If-Match: *",
 Prepare::kNone, 200,                                                                            "401 404 404 404 404 404 404 404 ok  404 404 403 403 403"},
{"POST", "/api/v1/cases/{reference}/transitions", "/api/v1/cases/{new:street}/transitions", R"({"to": "in_progress"})",
 "", Prepare::kNone, 200,                                                                        "401 404 404 ok  ok  ok  ok  ok  ok  403 ok  403 403 403"},
{"POST", "/api/v1/cases/{reference}/transitions", "/api/v1/cases/{new:own}/transitions",
 R"({"to": "closed", "outcome": "resolved"})", "", Prepare::kNone, 200,                          "401 403 404 ok  404 404 ok  ok  404 403 ok  403 403 403"},
{"POST", "/api/v1/cases/{reference}/transitions", "/api/v1/cases/{new:restricted}/transitions", R"({"to": "in_progress"})",
 "", Prepare::kNone, 200,                                                                        "401 404 404 404 404 404 404 404 ok  404 404 403 403 403"},
{"POST", "/api/v1/cases/{reference}/assignment", "/api/v1/cases/{new:street}/assignment",
 R"({"officer_id": {officer_street}, "reason": "Nearest"})", "", Prepare::kNone, 200,             "401 404 404 ok  ok  ok  ok  ok  ok  403 ok  403 403 403"},
{"POST", "/api/v1/cases/{reference}/assignment", "/api/v1/cases/{new:own}/assignment", R"({"team": "roads"})", "",
 Prepare::kNone, 200,                                                                            "401 403 404 ok  404 404 ok  ok  404 403 ok  403 403 403"},
{"POST", "/api/v1/cases/{reference}/extensions", "/api/v1/cases/{new:complaint}/extensions",
 R"({"amount": 2, "reason": "Waiting for the crew's account"})", "", Prepare::kNone, 200,         "401 404 404 ok  ok  ok  ok  ok  ok  403 ok  403 403 403"},
{"GET", "/api/v1/cases/{reference}/timeline", "/api/v1/cases/{street}/timeline", "", "", Prepare::kNone, 200,
                                                                                                 "401 404 404 ok  ok  ok  ok  ok  ok  ok  ok  403 403 403"},
{"GET", "/api/v1/cases/{reference}/timeline", "/api/v1/cases/{own}/timeline", "", "", Prepare::kNone, 200,
                                                                                                 "401 ok  404 ok  404 404 ok  ok  404 ok  ok  403 403 403"},
{"GET", "/api/v1/cases/{reference}/timeline", "/api/v1/cases/{restricted}/timeline", "", "", Prepare::kNone, 200,
                                                                                                 "401 404 404 404 404 404 404 404 ok  404 404 403 403 403"},
{"GET", "/api/v1/cases/{reference}/notes", "/api/v1/cases/{street}/notes", "", "", Prepare::kNone, 200,
                                                                                                 "401 404 404 ok  ok  ok  ok  ok  ok  ok  ok  403 403 403"},
{"GET", "/api/v1/cases/{reference}/notes", "/api/v1/cases/{copied}/notes", "", "", Prepare::kNone, 200,
                                                                                                 "401 404 ok  ok  404 404 ok  ok  404 ok  ok  403 403 403"},
{"POST", "/api/v1/cases/{reference}/notes", "/api/v1/cases/{new:street}/notes",
 R"({"text": "Crew booked", "visibility": "public"})", "", Prepare::kNone, 201,                    "401 404 404 ok  ok  ok  ok  ok  ok  403 ok  403 403 403"},
{"POST", "/api/v1/cases/{reference}/notes", "/api/v1/cases/{new:own}/notes",
 R"({"text": "It is getting deeper", "visibility": "public"})", "", Prepare::kNone, 201,           "401 ok  404 ok  404 404 ok  ok  404 403 ok  403 403 403"},
{"POST", "/api/v1/cases/{reference}/notes", "/api/v1/cases/{new:me}/notes",
 R"({"text": "Any news?", "visibility": "public"})", "", Prepare::kNone, 201,                      "401 404 ok  ok  ok  ok  ok  ok  ok  403 ok  403 403 403"},
{"POST", "/api/v1/cases/{reference}/notes", "/api/v1/cases/{new:restricted}/notes",
 R"({"text": "Visited", "visibility": "public"})", "", Prepare::kNone, 201,                        "401 404 404 404 404 404 404 404 ok  403 404 403 403 403"},
{"GET", "/api/v1/cases/{reference}/links", "/api/v1/cases/{street}/links", "", "", Prepare::kNone, 200,
                                                                                                 "401 404 404 ok  ok  ok  ok  ok  ok  ok  ok  403 403 403"},
{"GET", "/api/v1/cases/{reference}/links", "/api/v1/cases/{own}/links", "", "", Prepare::kNone, 200,
                                                                                                 "401 ok  404 ok  404 404 ok  ok  404 ok  ok  403 403 403"},
{"POST", "/api/v1/cases/{reference}/links", "/api/v1/cases/{new:street}/links",
 R"({"kind": "related", "case": "{new:street2}"})", "", Prepare::kNone, 201,                       "401 404 404 ok  ok  ok  ok  ok  ok  403 ok  403 403 403"},
{"POST", "/api/v1/cases/{reference}/links", "/api/v1/cases/{new:street}/links",
 R"({"kind": "related", "case": "{restricted}"})", "", Prepare::kNone, 400,                        "401 404 404 ok  ok  ok  ok  ok  201 403 ok  403 403 403"},
{"DELETE", "/api/v1/cases/{reference}/links/{kind}/{other}", "/api/v1/cases/{new:street}/links/related/{new:street2}", "",
 "", Prepare::kLinkRelated, 204,                                                                 "401 404 404 ok  ok  ok  ok  ok  ok  403 ok  403 403 403"},
{"GET", "/api/v1/cases/{reference}/watchers", "/api/v1/cases/{street}/watchers", "", "", Prepare::kNone, 200,
                                                                                                 "401 403 403 ok  ok  ok  ok  ok  ok  403 ok  403 403 403"},
{"POST", "/api/v1/cases/{reference}/watchers", "/api/v1/cases/{new:street}/watchers",
 R"({"kind": "officer", "id": {officer_street}})", "", Prepare::kNone, 204,                        "401 404 404 ok  ok  ok  ok  ok  ok  403 ok  403 403 403"},
{"DELETE", "/api/v1/cases/{reference}/watchers/{kind}/{key}", "/api/v1/cases/{new:street}/watchers/officer/{officer_street}",
 "", "", Prepare::kWatchOfficer, 204,                                                            "401 404 404 ok  ok  ok  ok  ok  ok  403 ok  403 403 403"},
// ---- Members' Enquiries (app/enquiries.h) ------------------------------------------------------------------------
// Triage (tasks, routing) is for council-wide staff and clients with cases:write, not officers bound to a delivery
// unit; the receiving unit accepts or sends back; members may chase and escalate their own enquiries; approvals and
// the reminder run need kApprove; escalation officers are catalogue (administrators).
//                                                                                                anon res cllr adv off lead mgr admin sg c:cr c:crw c:cat c:ppl c:rep
{"POST", "/api/v1/cases/{reference}/tasks", "/api/v1/cases/{new:me}/tasks", R"({"delivery_unit": "highways"})", "",
 Prepare::kNone, 201,                                                                            "401 404 403 ok  403 403 ok  ok  403 403 ok  403 403 403"},
{"POST", "/api/v1/cases/{reference}/routing", "/api/v1/cases/{new:me}/routing", R"({"delivery_unit": "highways"})", "",
 Prepare::kNone, 200,                                                                            "401 404 403 ok  403 403 ok  ok  403 403 ok  403 403 403"},
{"POST", "/api/v1/cases/{reference}/acceptance", "/api/v1/cases/{new:me_routed}/acceptance", "", "",
 Prepare::kNone, 200,                                                                            "401 404 403 ok  ok  ok  ok  ok  ok  403 ok  403 403 403"},
{"POST", "/api/v1/cases/{reference}/send-back", "/api/v1/cases/{new:me_routed}/send-back", R"({"reason": "Not ours"})", "",
 Prepare::kNone, 200,                                                                            "401 404 403 ok  ok  ok  ok  ok  ok  403 ok  403 403 403"},
{"POST", "/api/v1/cases/{reference}/responses", "/api/v1/cases/{new:me}/responses", R"({"text": "Cleaned today"})", "",
 Prepare::kNone, 200,                                                                            "401 404 403 ok  ok  ok  ok  ok  ok  403 ok  403 403 403"},
{"POST", "/api/v1/cases/{reference}/delays", "/api/v1/cases/{new:me}/delays",
 R"({"reason": "Contractor unavailable", "revised_date": "2016-04-01"})", "", Prepare::kNone, 200, "401 404 403 ok  ok  ok  ok  ok  ok  403 ok  403 403 403"},
{"POST", "/api/v1/cases/{reference}/diary", "/api/v1/cases/{new:me}/diary",
 R"({"date": "2016-04-15", "reason": "Check the repair"})", "", Prepare::kNone, 200,              "401 404 403 ok  ok  ok  ok  ok  ok  403 ok  403 403 403"},
{"POST", "/api/v1/cases/{reference}/chasers", "/api/v1/cases/{new:me}/chasers", R"({"note": "Any news?"})", "",
 Prepare::kNone, 200,                                                                            "401 403 ok  ok  ok  ok  ok  ok  ok  403 ok  403 403 403"},
{"POST", "/api/v1/cases/{reference}/escalations", "/api/v1/cases/{new:me_escalatable}/escalations",
 R"({"reason": "Still not cleaned"})", "", Prepare::kNone, 200,                                  "401 403 ok  ok  ok  ok  ok  ok  ok  403 ok  403 403 403"},
{"GET", "/api/v1/cases/{reference}/enquiry", "/api/v1/cases/{me}/enquiry", "", "", Prepare::kNone, 200,
                                                                                                 "401 404 ok  ok  ok  ok  ok  ok  ok  ok  ok  403 403 403"},
{"POST", "/api/v1/cases/{reference}/approvals", "/api/v1/cases/{new:me_closed}/approvals",
 R"({"kind": "reopen", "reason": "Not fixed"})", "", Prepare::kNone, 201,                         "401 404 403 ok  ok  ok  ok  ok  ok  403 ok  403 403 403"},
{"POST", "/api/v1/cases/{reference}/approvals/{id}/decision", "/api/v1/cases/{new:approval_case}/approvals/{new:approval}/decision",
 R"({"decision": "approve"})", "", Prepare::kNone, 200,                                          "401 403 403 403 403 403 ok  ok  403 403 403 403 403 403"},
{"GET", "/api/v1/approvals", "/api/v1/approvals", "", "", Prepare::kNone, 200,                   "401 403 403 403 403 403 ok  ok  403 403 403 403 403 403"},
{"POST", "/api/v1/enquiries/reminders", "/api/v1/enquiries/reminders", "", "", Prepare::kNone, 200,
                                                                                                 "401 403 403 403 403 403 ok  ok  403 403 403 403 403 403"},
{"GET", "/api/v1/delivery-units/{code}/escalation-officers", "/api/v1/delivery-units/street-scene/escalation-officers", "",
 "", Prepare::kNone, 200,                                                                        "401 403 403 ok  ok  ok  ok  ok  ok  403 ok  403 403 403"},
{"PUT", "/api/v1/delivery-units/{code}/escalation-officers", "/api/v1/delivery-units/street-scene/escalation-officers",
 R"({"officer_ids": [{officer_street}]})", "", Prepare::kNone, 200,                              "401 403 403 403 403 403 403 ok  403 403 403 403 403 403"},
{"GET", "/api/v1/exports/cases.csv", "/api/v1/exports/cases.csv", "", "", Prepare::kNone, 200,   "401 403 403 403 403 ok  ok  ok  403 403 403 403 403 ok"},

// ---- committee reports (app/reports.h): kViewReports, leads and up, and clients with reports:read ------------------------
{"GET", "/api/v1/reports/me-monthly", "/api/v1/reports/me-monthly?from=2015-01&to=2015-12&format=csv", "", "", Prepare::kNone, 200,
                                                                                                 "401 403 403 403 403 ok  ok  ok  403 403 403 403 403 ok"},
{"GET", "/api/v1/reports/me-ageing", "/api/v1/reports/me-ageing?at=2016-03-01&format=csv", "", "", Prepare::kNone, 200,
                                                                                                 "401 403 403 403 403 ok  ok  ok  403 403 403 403 403 ok"},
{"GET", "/api/v1/reports/me-quarterly", "/api/v1/reports/me-quarterly?from=2015-04&to=2016-03&format=csv", "", "", Prepare::kNone, 200,
                                                                                                 "401 403 403 403 403 ok  ok  ok  403 403 403 403 403 ok"},
{"GET", "/api/v1/reports/me-misdirected", "/api/v1/reports/me-misdirected?from=2015-01&to=2015-12&format=csv", "", "", Prepare::kNone, 200,
                                                                                                 "401 403 403 403 403 ok  ok  ok  403 403 403 403 403 ok"},
{"GET", "/api/v1/reports/me-escalations", "/api/v1/reports/me-escalations?from=2015-01&to=2015-12&format=csv", "", "", Prepare::kNone, 200,
                                                                                                 "401 403 403 403 403 ok  ok  ok  403 403 403 403 403 ok"},
{"GET", "/api/v1/reports/me-escalation-list", "/api/v1/reports/me-escalation-list?from=2015-01&to=2015-12&format=csv", "", "", Prepare::kNone, 200,
                                                                                                 "401 403 403 403 403 ok  ok  ok  403 403 403 403 403 ok"},
{"GET", "/api/v1/reports/me-chasers", "/api/v1/reports/me-chasers?from=2015-01&to=2015-12&format=csv", "", "", Prepare::kNone, 200,
                                                                                                 "401 403 403 403 403 ok  ok  ok  403 403 403 403 403 ok"},
{"GET", "/api/v1/reports/me-days-to-close", "/api/v1/reports/me-days-to-close?from=2015-01&to=2015-12&format=csv", "", "", Prepare::kNone, 200,
                                                                                                 "401 403 403 403 403 ok  ok  ok  403 403 403 403 403 ok"},
{"GET", "/api/v1/reports/me-overdue", "/api/v1/reports/me-overdue?at=2016-03-01&format=csv", "", "", Prepare::kNone, 200,
                                                                                                 "401 403 403 403 403 ok  ok  ok  403 403 403 403 403 ok"},
{"GET", "/api/v1/reports/satisfaction", "/api/v1/reports/satisfaction?from=2016-01&to=2016-03&format=csv", "", "", Prepare::kNone, 200,
                                                                                                 "401 403 403 403 403 ok  ok  ok  403 403 403 403 403 ok"},
{"GET", "/api/v1/reports/contacts", "/api/v1/reports/contacts?from=2016-01&to=2016-03&format=csv", "", "", Prepare::kNone, 200,
                                                                                                 "401 403 403 403 403 ok  ok  ok  403 403 403 403 403 ok"},
{"GET", "/api/v1/reports/complaints", "/api/v1/reports/complaints?from=2016-01&to=2016-03&format=csv", "", "", Prepare::kNone, 200,
                                                                                                 "401 403 403 403 403 ok  ok  ok  403 403 403 403 403 ok"},

// ---- notifications (app/notifications.h): templates and settings need kApprove (managers, administrators); the
// unsubscribe and survey links need only their token, so a made-up one is not_found for everyone -----------------
//                                                                                                anon res cllr adv off lead mgr admin sg c:cr c:crw c:cat c:ppl c:rep
{"GET", "/api/v1/notification-templates", "/api/v1/notification-templates", "", "", Prepare::kNone, 200,
                                                                                                 "401 403 403 403 403 403 ok  ok  403 403 403 403 403 403"},
{"GET", "/api/v1/notification-templates/{name}", "/api/v1/notification-templates/case_closed?category=pothole", "", "",
 Prepare::kNone, 200,                                                                            "401 403 403 403 403 403 ok  ok  403 403 403 403 403 403"},
{"PUT", "/api/v1/notification-templates/{name}", "/api/v1/notification-templates/case_closed",
 R"J({"subject": "Closed ((reference)) {new:unique}", "body": "Dear ((name)): ((outcome))", "sms": "Closed ((reference))"})J", "",
 Prepare::kNone, 200,                                                                            "401 403 403 403 403 403 ok  ok  403 403 403 403 403 403"},
{"POST", "/api/v1/notification-templates/{name}/preview", "/api/v1/notification-templates/case_closed/preview",
 R"({"values": {"reference": "TST-0000001"}})", "", Prepare::kNone, 200,                        "401 403 403 403 403 403 ok  ok  403 403 403 403 403 403"},
{"GET", "/api/v1/notification-settings", "/api/v1/notification-settings", "", "", Prepare::kNone, 200,
                                                                                                 "401 403 403 403 403 403 ok  ok  403 403 403 403 403 403"},
{"PUT", "/api/v1/notification-settings", "/api/v1/notification-settings?category=pothole",
 R"({"survey_cap_days": {new:years}})", "", Prepare::kNone, 200,                                 "401 403 403 403 403 403 ok  ok  403 403 403 403 403 403"},
{"GET", "/api/v1/unsubscribe", "/api/v1/unsubscribe?token=made-up-token", "", "", Prepare::kNone, 200,
                                                                                                 "404 404 404 404 404 404 404 404 404 404 404 404 404 404"},
{"POST", "/api/v1/unsubscribe", "/api/v1/unsubscribe", R"({"token": "made-up-token"})", "", Prepare::kNone, 200,
                                                                                                 "404 404 404 404 404 404 404 404 404 404 404 404 404 404"},
{"GET", "/api/v1/survey", "/api/v1/survey?token=made-up-token&rating=5", "", "", Prepare::kNone, 200,
                                                                                                 "404 404 404 404 404 404 404 404 404 404 404 404 404 404"},
{"POST", "/api/v1/survey", "/api/v1/survey", R"({"token": "made-up-token", "rating": 5})", "", Prepare::kNone, 201,
                                                                                                 "404 404 404 404 404 404 404 404 404 404 404 404 404 404"},

// ---- the audit trail and data protection (app/privacy.h) ---------------------------------------------------------
// The audit trail is kViewAudit, erasure and retention kDataProtection: administrators only, no scope grants them.
// Preferences follow the customer record (kViewCustomers / kEditCustomers: residents their own, advisors and up,
// customers:read / customers:write). A subject access export is full for administrators, self-service for a
// resident about themselves, and refused to everyone else.
//                                                                                                anon res cllr adv off lead mgr admin sg c:cr c:crw c:cat c:ppl c:rep
{"GET", "/api/v1/audit", "/api/v1/audit", "", "", Prepare::kNone, 200,                           "401 403 403 403 403 403 403 ok  403 403 403 403 403 403"},
{"GET", "/api/v1/audit.csv", "/api/v1/audit.csv", "", "", Prepare::kNone, 200,                   "401 403 403 403 403 403 403 ok  403 403 403 403 403 403"},
{"GET", "/api/v1/customers/{id}/preferences", "/api/v1/customers/{customer}/preferences", "", "", Prepare::kNone, 200,
                                                                                                 "401 404 403 ok  ok  ok  ok  ok  ok  403 403 403 ok  403"},
{"GET", "/api/v1/customers/{id}/preferences", "/api/v1/customers/{own_customer}/preferences", "", "", Prepare::kNone, 200,
                                                                                                 "401 ok  403 ok  ok  ok  ok  ok  ok  403 403 403 ok  403"},
{"PUT", "/api/v1/customers/{id}/preferences", "/api/v1/customers/{new:customer}/preferences",
 R"({"consent_surveys": true, "preferred_channel": "email"})", "", Prepare::kNone, 200,          "401 404 403 ok  ok  ok  ok  ok  ok  403 403 403 ok  403"},
{"PUT", "/api/v1/customers/{id}/preferences", "/api/v1/customers/{own_customer}/preferences",
 R"({"consent_surveys": {new:flip}})", "", Prepare::kNone, 200,                                   "401 ok  403 ok  ok  ok  ok  ok  ok  403 403 403 ok  403"},
{"GET", "/api/v1/customers/{id}/subject-access", "/api/v1/customers/{customer}/subject-access", "", "", Prepare::kNone, 200,
                                                                                                 "401 404 403 403 403 403 403 ok  403 403 403 403 403 403"},
{"GET", "/api/v1/customers/{id}/subject-access", "/api/v1/customers/{own_customer}/subject-access?format=html", "", "",
 Prepare::kNone, 200,                                                                            "401 ok  403 403 403 403 403 ok  403 403 403 403 403 403"},
{"POST", "/api/v1/customers/{id}/erasure", "/api/v1/customers/{customer}/erasure", R"({"dry_run": true})", "",
 Prepare::kNone, 200,                                                                            "401 403 403 403 403 403 403 ok  403 403 403 403 403 403"},
{"POST", "/api/v1/customers/{id}/erasure", "/api/v1/customers/{new:customer}/erasure", R"({"dry_run": false})", "",
 Prepare::kNone, 200,                                                                            "401 403 403 403 403 403 403 ok  403 403 403 403 403 403"},
{"POST", "/api/v1/customers/{id}/erasure", "/api/v1/customers/{own_customer}/erasure", R"({"dry_run": true})", "",
 Prepare::kNone, 200,                                                                            "401 403 403 403 403 403 403 ok  403 403 403 403 403 403"},
// ---- the outbox, webhook endpoints and delivery receipts ---------------------------------------------------------
{"GET", "/api/v1/messages", "/api/v1/messages?status=failed", "", "", Prepare::kNone, 200,         "401 403 403 403 403 403 403 ok  403 403 403 403 403 403"},
{"GET", "/api/v1/messages/{id}", "/api/v1/messages/{new:dead_message}", "", "", Prepare::kNone, 200, "401 403 403 403 403 403 403 ok  403 403 403 403 403 403"},
{"POST", "/api/v1/messages/{id}/retry", "/api/v1/messages/{new:dead_message}/retry", "", "", Prepare::kNone, 200,
                                                                                                  "401 403 403 403 403 403 403 ok  403 403 403 403 403 403"},
{"POST", "/api/v1/messages/{id}/cancel", "/api/v1/messages/{new:queued_message}/cancel", "", "", Prepare::kNone, 200,
                                                                                                  "401 403 403 403 403 403 403 ok  403 403 403 403 403 403"},
// Only a client with the notify:callbacks scope (GOV.UK Notify) may report deliveries.
{"POST", "/api/v1/delivery-receipts", "/api/v1/delivery-receipts",
 R"({"id": "740e5834-3a29-46b4-9a6f-16142fde533a", "reference": "{new:sent_message_ref}", "status": "delivered"})", "",
 Prepare::kNone, 200,                                                                             "401 403 403 403 403 403 403 403 403 403 403 403 403 403"},
{"GET", "/api/v1/webhooks", "/api/v1/webhooks", "", "", Prepare::kNone, 200,                     "401 403 403 403 403 403 403 ok  403 403 403 403 403 403"},
{"PUT", "/api/v1/webhooks/{name}", "/api/v1/webhooks/{new:unique}", R"({"url": "https://hooks.example/civicdesk"})", "",
 Prepare::kNone, 201,                                                                             "401 403 403 403 403 403 403 ok  403 403 403 403 403 403"},
{"DELETE", "/api/v1/webhooks/{name}", "/api/v1/webhooks/{new:webhook}", "", "", Prepare::kNone, 204,
                                                                                                  "401 403 403 403 403 403 403 ok  403 403 403 403 403 403"},
// Back-office integration: forwarding a service is for administrators; the
// signed updates only for a client with the backoffice scope named by the
// endpoint the case went to (none of these columns: see tests/backoffice/).
{"PUT", "/api/v1/services/{code}/forwarding", "/api/v1/services/missed-bin/forwarding", R"({"endpoint": null})", "",
 Prepare::kNone, 200,                                                                             "401 403 403 403 403 403 403 ok  403 403 403 403 403 403"},
{"POST", "/api/v1/back-office/cases/{reference}/updates", "/api/v1/back-office/cases/{street}/updates",
 R"({"update_id": "m-1", "status": "in_progress", "public_note": "On it"})", "", Prepare::kNone, 200,
                                                                                                  "401 403 403 403 403 403 403 403 403 403 403 403 403 403"},
{"GET", "/api/v1/retention-rules", "/api/v1/retention-rules", "", "", Prepare::kNone, 200,       "401 403 403 403 403 403 403 ok  403 403 403 403 403 403"},
{"PUT", "/api/v1/retention-rules", "/api/v1/retention-rules",
 R"({"rules": [{"case_type": "complaint", "keep_years": {new:years}}]})", "", Prepare::kNone, 200, "401 403 403 403 403 403 403 ok  403 403 403 403 403 403"},
{"POST", "/api/v1/retention/run", "/api/v1/retention/run", R"({"dry_run": true})", "", Prepare::kNone, 200,
                                                                                                 "401 403 403 403 403 403 403 ok  403 403 403 403 403 403"},
{"POST", "/api/v1/retention/run", "/api/v1/retention/run", R"({"dry_run": false})", "", Prepare::kNone, 200,
                                                                                                 "401 403 403 403 403 403 403 ok  403 403 403 403 403 403"},

// ---- signing in, accounts, tokens --------------------------------------------------------------------------------
//                                                                                                anon res cllr adv off lead mgr admin sg c:cr c:crw c:cat c:ppl c:rep
{"POST", "/api/v1/session", "/api/v1/session", R"({"email": "signin@testshire.gov.uk", "password": "a long and unguessable password"})",
 "", Prepare::kNone, 201,                                                                        "ok  ok  ok  ok  ok  ok  ok  ok  ok  ok  ok  ok  ok  ok"},
{"GET", "/api/v1/session", "/api/v1/session", "", "", Prepare::kNone, 200,                       "401 ok  ok  ok  ok  ok  ok  ok  ok  ok  ok  ok  ok  ok"},
// Signing out and the second factor act on the session cookie, which these
// principals (bearer tokens) do not send: sessions_test.cpp covers them.
{"DELETE", "/api/v1/session", "/api/v1/session", "", "", Prepare::kNone, 204,                    "401 401 401 401 401 401 401 401 401 401 401 401 401 401"},
{"POST", "/api/v1/session/second-factor", "/api/v1/session/second-factor", R"({"code": "123456"})", "", Prepare::kNone, 204,
                                                                                                 "401 401 401 401 401 401 401 401 401 401 401 401 401 401"},
{"POST", "/api/v1/account/totp", "/api/v1/account/totp", "", "", Prepare::kNone, 200,            "401 403 403 ok  ok  ok  ok  ok  ok  403 403 403 403 403"},
{"POST", "/api/v1/account/totp/confirm", "/api/v1/account/totp/confirm",
 R"({"secret": "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP", "code": "{totp_code}"})", "", Prepare::kNone, 204,
                                                                                                 "401 403 403 ok  ok  ok  ok  ok  ok  403 403 403 403 403"},
{"POST", "/api/v1/registrations", "/api/v1/registrations",
 R"({"name": "New Resident", "email": "{new:unique}@example.com", "password": "a long and unguessable password"})", "",
 Prepare::kNone, 202,                                                                            "ok  ok  ok  ok  ok  ok  ok  ok  ok  ok  ok  ok  ok  ok"},
{"POST", "/api/v1/email-verifications", "/api/v1/email-verifications", R"({"token": "{new:verify_token}"})", "",
 Prepare::kNone, 204,                                                                            "ok  ok  ok  ok  ok  ok  ok  ok  ok  ok  ok  ok  ok  ok"},
{"POST", "/api/v1/password-resets", "/api/v1/password-resets", R"({"email": "reset@testshire.gov.uk"})", "",
 Prepare::kNone, 202,                                                                            "ok  ok  ok  ok  ok  ok  ok  ok  ok  ok  ok  ok  ok  ok"},
{"POST", "/api/v1/password-resets/complete", "/api/v1/password-resets/complete",
 R"({"token": "{new:reset_token}", "password": "another long password"})", "", Prepare::kNone, 204,
                                                                                                 "ok  ok  ok  ok  ok  ok  ok  ok  ok  ok  ok  ok  ok  ok"},
{"GET", "/api/v1/users", "/api/v1/users", "", "", Prepare::kNone, 200,                           "401 403 403 403 403 403 403 ok  403 403 403 403 403 403"},
{"POST", "/api/v1/users", "/api/v1/users",
 R"({"email": "{new:unique}@testshire.gov.uk", "name": "New Advisor", "role": "advisor", "password": "a long and unguessable password"})",
 "", Prepare::kNone, 201,                                                                        "401 403 403 403 403 403 403 ok  403 403 403 403 403 403"},
{"GET", "/api/v1/users/{id}", "/api/v1/users/{officer_user}", "", "", Prepare::kNone, 200,       "401 403 403 403 ok  403 403 ok  403 403 403 403 403 403"},
{"GET", "/api/v1/users/{id}", "/api/v1/users/{admin_user}", "", "", Prepare::kNone, 200,         "401 403 403 403 403 403 403 ok  403 403 403 403 403 403"},
{"PATCH", "/api/v1/users/{id}", "/api/v1/users/{victim_user}", R"({"name": "Renamed {new:unique}"})", "",
 Prepare::kNone, 200,                                                                            "401 403 403 403 403 403 403 ok  403 403 403 403 403 403"},
{"PATCH", "/api/v1/users/{id}", "/api/v1/users/{victim_user}", R"({"active": false})", "", Prepare::kNone, 200,
                                                                                                 "401 403 403 403 403 403 403 ok  403 403 403 403 403 403"},
{"GET", "/api/v1/api-tokens", "/api/v1/api-tokens", "", "", Prepare::kNone, 200,                 "401 403 403 403 403 403 403 ok  403 403 403 403 403 403"},
{"POST", "/api/v1/api-tokens", "/api/v1/api-tokens", R"({"name": "{new:unique}", "scopes": ["cases:read"]})", "",
 Prepare::kNone, 201,                                                                            "401 403 403 403 403 403 403 ok  403 403 403 403 403 403"},
{"POST", "/api/v1/api-tokens", "/api/v1/api-tokens", R"({"name": "{new:unique}", "user_id": {officer_user}})", "",
 Prepare::kNone, 201,                                                                            "401 403 403 403 ok  403 403 ok  403 403 403 403 403 403"},
{"DELETE", "/api/v1/api-tokens/{name}", "/api/v1/api-tokens/{new:token}", "", "", Prepare::kNone, 204,
                                                                                                 "401 403 403 403 403 403 403 ok  403 403 403 403 403 403"},
// ---- locations: nearby cases as case search; nearby public reports for anyone; the boundary ----------------------
{"GET", "/api/v1/cases/nearby", "/api/v1/cases/nearby?lat=51.6&long=-0.2&radius=500", "", "", Prepare::kNone, 200,
                                                                                                 "401 ok  ok  ok  ok  ok  ok  ok  ok  ok  ok  403 403 403"},
{"GET", "/api/v1/nearby-reports", "/api/v1/nearby-reports?lat=51.6&long=-0.2&category=missed-bin", "", "", Prepare::kNone, 200,
                                                                                                 "ok  ok  ok  ok  ok  ok  ok  ok  ok  ok  ok  ok  ok  ok"},
{"POST", "/api/v1/cases/{reference}/followers", "/api/v1/cases/{street}/followers", "", "", Prepare::kNone, 204,
                                                                                                 "401 ok  403 403 403 403 403 403 403 403 403 403 403 403"},
{"GET", "/api/v1/boundary", "/api/v1/boundary", "", "", Prepare::kNone, 200,                     "ok  ok  ok  ok  ok  ok  ok  ok  ok  ok  ok  ok  ok  ok"},
{"PUT", "/api/v1/boundary", "/api/v1/boundary",
 R"({"type": "Polygon", "coordinates": [[[-179, -89], [179, -89], [179, 89], [-179, 89], [-179, -89]]]})",
 "Content-Type: application/geo+json", Prepare::kNone, 200,                                      "401 403 403 403 403 403 403 ok  403 403 403 403 403 403"},

// ---- photos on cases (docs/media.md): as reading the case; adding and changing as working it (residents add to
// their own reports); the Open311 media URL of a public report's public photo is for anyone -------------------------
//                                                                                                anon res cllr adv off lead mgr admin sg c:cr c:crw c:cat c:ppl c:rep
{"POST", "/api/v1/cases/{reference}/attachments", "/api/v1/cases/{street}/attachments", "{photo}", "Content-Type: image/png",
 Prepare::kNone, 201,                                                                            "401 404 404 ok  ok  ok  ok  ok  ok  403 ok  403 403 403"},
{"POST", "/api/v1/cases/{reference}/attachments", "/api/v1/cases/{own}/attachments", "{photo}", "Content-Type: image/png",
 Prepare::kNone, 201,                                                                            "401 ok  404 ok  404 404 ok  ok  404 403 ok  403 403 403"},
{"POST", "/api/v1/cases/{reference}/attachments", "/api/v1/cases/{restricted}/attachments", "{photo}", "Content-Type: image/png",
 Prepare::kNone, 201,                                                                            "401 404 404 404 404 404 404 404 ok  404 404 403 403 403"},
{"GET", "/api/v1/cases/{reference}/attachments", "/api/v1/cases/{street}/attachments", "", "", Prepare::kNone, 200,
                                                                                                 "401 404 404 ok  ok  ok  ok  ok  ok  ok  ok  403 403 403"},
{"GET", "/api/v1/cases/{reference}/attachments", "/api/v1/cases/{own}/attachments", "", "", Prepare::kNone, 200,
                                                                                                 "401 ok  404 ok  404 404 ok  ok  404 ok  ok  403 403 403"},
{"GET", "/api/v1/cases/{reference}/attachments", "/api/v1/cases/{restricted}/attachments", "", "", Prepare::kNone, 200,
                                                                                                 "401 404 404 404 404 404 404 404 ok  404 404 403 403 403"},
{"GET", "/api/v1/cases/{reference}/attachments/{id}", "/api/v1/cases/{street}/attachments/{street_photo}", "", "",
 Prepare::kNone, 200,                                                                            "401 404 404 ok  ok  ok  ok  ok  ok  ok  ok  403 403 403"},
{"GET", "/api/v1/cases/{reference}/attachments/{id}", "/api/v1/cases/{own}/attachments/{own_photo}", "", "",
 Prepare::kNone, 200,                                                                            "401 ok  404 ok  404 404 ok  ok  404 ok  ok  403 403 403"},
{"GET", "/api/v1/cases/{reference}/attachments/{id}", "/api/v1/cases/{restricted}/attachments/{restricted_photo}", "", "",
 Prepare::kNone, 200,                                                                            "401 404 404 404 404 404 404 404 ok  404 404 403 403 403"},
// Another case's photo under this case's reference is not there.
{"GET", "/api/v1/cases/{reference}/attachments/{id}", "/api/v1/cases/{street}/attachments/{restricted_photo}", "", "",
 Prepare::kNone, 404,                                                                            "401 404 404 404 404 404 404 404 404 404 404 403 403 403"},
{"PATCH", "/api/v1/cases/{reference}/attachments/{id}", "/api/v1/cases/{street}/attachments/{street_photo2}",
 R"({"hidden": {new:flip}})", "", Prepare::kNone, 200,                                            "401 404 404 ok  ok  ok  ok  ok  ok  403 ok  403 403 403"},
{"PATCH", "/api/v1/cases/{reference}/attachments/{id}", "/api/v1/cases/{own}/attachments/{own_photo}",
 R"({"public": true})", "", Prepare::kNone, 200,                                                  "401 403 404 ok  404 404 ok  ok  404 403 ok  403 403 403"},
{"GET", "/open311/v2/media/{file}", "/open311/v2/media/{own_photo}.png", "", "", Prepare::kNone, 200,
                                                                                                 "ok  ok  ok  ok  ok  ok  ok  ok  ok  ok  ok  ok  ok  ok"},

// ---- Open311 GeoReport v2: public reads; writes need an Open311 api_key (bearer tokens and cookies count for nothing,
// so every column is refused with the spec's 403 error document) ------------------------------------------------------
{"GET", "/open311/v2/services.xml", "/open311/v2/services.xml", "", "", Prepare::kNone, 200,     "ok  ok  ok  ok  ok  ok  ok  ok  ok  ok  ok  ok  ok  ok"},
{"GET", "/open311/v2/services.json", "/open311/v2/services.json", "", "", Prepare::kNone, 200,   "ok  ok  ok  ok  ok  ok  ok  ok  ok  ok  ok  ok  ok  ok"},
{"GET", "/open311/v2/services/{service_code}", "/open311/v2/services/missed-bin.xml", "", "", Prepare::kNone, 200,
                                                                                                 "ok  ok  ok  ok  ok  ok  ok  ok  ok  ok  ok  ok  ok  ok"},
{"GET", "/open311/v2/requests.xml", "/open311/v2/requests.xml", "", "", Prepare::kNone, 200,     "ok  ok  ok  ok  ok  ok  ok  ok  ok  ok  ok  ok  ok  ok"},
{"GET", "/open311/v2/requests.json", "/open311/v2/requests.json", "", "", Prepare::kNone, 200,   "ok  ok  ok  ok  ok  ok  ok  ok  ok  ok  ok  ok  ok  ok"},
{"GET", "/open311/v2/requests/{service_request_id}", "/open311/v2/requests/{street}.xml", "", "", Prepare::kNone, 200,
                                                                                                 "ok  ok  ok  ok  ok  ok  ok  ok  ok  ok  ok  ok  ok  ok"},
{"GET", "/open311/v2/tokens/{token}", "/open311/v2/tokens/token-{street}.xml", "", "", Prepare::kNone, 200,
                                                                                                 "ok  ok  ok  ok  ok  ok  ok  ok  ok  ok  ok  ok  ok  ok"},
{"GET", "/open311/v2/servicerequestupdates.xml", "/open311/v2/servicerequestupdates.xml", "", "", Prepare::kNone, 200,
                                                                                                 "ok  ok  ok  ok  ok  ok  ok  ok  ok  ok  ok  ok  ok  ok"},
{"GET", "/open311/v2/servicerequestupdates.json", "/open311/v2/servicerequestupdates.json", "", "", Prepare::kNone, 200,
                                                                                                 "ok  ok  ok  ok  ok  ok  ok  ok  ok  ok  ok  ok  ok  ok"},
{"POST", "/open311/v2/requests.xml", "/open311/v2/requests.xml", "service_code=missed-bin&lat=51.6&long=-0.2&description=Matrix",
 "Content-Type: application/x-www-form-urlencoded", Prepare::kNone, 200,                        "403 403 403 403 403 403 403 403 403 403 403 403 403 403"},
{"POST", "/open311/v2/requests.json", "/open311/v2/requests.json", "service_code=missed-bin&lat=51.6&long=-0.2&description=Matrix",
 "Content-Type: application/x-www-form-urlencoded", Prepare::kNone, 200,                        "403 403 403 403 403 403 403 403 403 403 403 403 403 403"},
{"POST", "/open311/v2/servicerequestupdates.xml", "/open311/v2/servicerequestupdates.xml",
 "service_request_id={street}&update_id=1&status=OPEN&description=Matrix", "Content-Type: application/x-www-form-urlencoded",
 Prepare::kNone, 200,                                                                            "403 403 403 403 403 403 403 403 403 403 403 403 403 403"},
{"POST", "/open311/v2/servicerequestupdates.json", "/open311/v2/servicerequestupdates.json",
 "service_request_id={street}&update_id=1&status=OPEN&description=Matrix", "Content-Type: application/x-www-form-urlencoded",
 Prepare::kNone, 200,                                                                            "403 403 403 403 403 403 403 403 403 403 403 403 403 403"},
};
// clang-format on

std::vector<std::string> split_ws(const std::string& s) {
  std::istringstream in(s);
  std::vector<std::string> out;
  for (std::string w; in >> w;) out.push_back(w);
  return out;
}

std::vector<std::string> split(const std::string& s, char sep) {
  std::vector<std::string> out;
  size_t start = 0;
  while (start <= s.size()) {
    size_t end = s.find(sep, start);
    if (end == std::string::npos) end = s.size();
    out.push_back(s.substr(start, end - start));
    start = end + 1;
  }
  return out;
}

std::string path_of(const std::string& target) { return target.substr(0, target.find('?')); }

// The records one request names, to compare before and after.
struct Touched {
  std::set<std::string> cases;
  std::set<Id> customers, contacts, users;
};

// Fills in a row's placeholders for one request.
class Filler {
 public:
  Filler(World& w) : w_(w) {}

  std::string fill(const std::string& text) {
    std::string out;
    size_t i = 0;
    while (i < text.size()) {
      if (text[i] != '{') {
        out += text[i++];
        continue;
      }
      // {name} with a placeholder's characters; any other brace is JSON.
      size_t end = i + 1;
      while (end < text.size() && (std::islower(static_cast<unsigned char>(text[end])) ||
                                   std::isdigit(static_cast<unsigned char>(text[end])) || text[end] == '_' ||
                                   text[end] == ':'))
        ++end;
      if (end == i + 1 || end >= text.size() || text[end] != '}') {
        out += text[i++];
        continue;
      }
      const std::string key = text.substr(i + 1, end - i - 1);
      auto value = resolve(key);
      if (!value) ADD_FAILURE() << "unknown placeholder {" << key << "}";
      out += value.value_or("");
      i = end + 1;
    }
    return out;
  }

  void set_victim(Id id) { victim_ = id; }
  const std::map<std::string, std::string>& fresh() const { return fresh_; }
  Touched& touched() { return touched_; }

 private:
  std::optional<std::string> resolve(const std::string& key) {
    auto case_ref = [&](const std::string& ref) {
      touched_.cases.insert(ref);
      return ref;
    };
    auto id = [](Id v) { return std::to_string(v); };
    if (key == "street") return case_ref(w_.street);
    if (key == "highways") return case_ref(w_.highways);
    if (key == "own") return case_ref(w_.own);
    if (key == "me") return case_ref(w_.me);
    if (key == "ward_me") return case_ref(w_.ward_me);
    if (key == "copied") return case_ref(w_.copied);
    if (key == "restricted") return case_ref(w_.restricted);
    auto in = [&](std::set<Id>& records, Id v) {
      records.insert(v);
      return std::to_string(v);
    };
    if (key == "customer") return in(touched_.customers, w_.customer);
    if (key == "own_customer") return in(touched_.customers, w_.own_customer);
    if (key == "contact") return in(touched_.contacts, w_.contact);
    if (key == "own_contact") return in(touched_.contacts, w_.own_contact);
    if (key == "officer_street") return id(w_.council().officer_street);
    if (key == "member") return id(w_.council().member);
    if (key == "officer_user") return in(touched_.users, w_.user_id(Role::kOfficer));
    if (key == "admin_user") return in(touched_.users, w_.user_id(Role::kAdministrator));
    if (key == "victim_user") return in(touched_.users, victim_);
    if (key == "photo") return test_images::phone_png();
    if (key == "street_photo" || key == "street_photo2" || key == "own_photo" || key == "restricted_photo") {
      const std::string& ref = key == "own_photo" ? w_.own : key == "restricted_photo" ? w_.restricted : w_.street;
      case_ref(ref);
      if (auto it = w_.photos.find(key); it != w_.photos.end()) return id(it->second);
      auto a = w_.services().attachments.upload(w_.system(), ref, Upload{test_images::phone_png(), true});
      if (!a) return std::nullopt;
      w_.photos[key] = a->id;
      return id(a->id);
    }
    if (key == "totp_code") return crypto::totp_code(kTotpSecret, w_.server().clock().now()).value_or("000000");
    if (key.rfind("version:", 0) == 0) {
      const std::string which = key.substr(8);
      const Id customer = which == "own_customer" ? w_.own_customer : w_.customer;
      auto c = w_.services().store.read_value<Customer>(
          [&](ReadTx& tx) { return tx.get_customer(w_.tenant(), customer); });
      return c ? std::to_string(c->version) : "0";
    }
    if (key.rfind("new:", 0) == 0) {
      if (auto it = fresh_.find(key); it != fresh_.end()) return it->second;
      const std::string kind = key.substr(4);
      std::string value;
      if (kind == "street" || kind == "street2") value = case_ref(w_.new_street_case());
      else if (kind == "own") value = case_ref(w_.new_own_case());
      else if (kind == "restricted") value = case_ref(w_.new_restricted_case());
      else if (kind == "me") value = case_ref(w_.new_member_enquiry());
      else if (kind == "complaint") value = case_ref(w_.new_complaint());
      else if (kind == "me_routed") value = case_ref(new_routed_enquiry());
      else if (kind == "me_closed") value = case_ref(new_closed_enquiry());
      else if (kind == "me_escalatable") value = case_ref(new_escalatable_enquiry());
      else if (kind == "approval_case" || kind == "approval") {
        new_pending_approval();
        return fresh_.at(key);
      }
      else if (kind == "unique") value = "matrix-" + std::to_string(++counter_);
      else if (kind == "customer") value = in(touched_.customers, w_.new_customer("Erin", "Matrix" + std::to_string(++counter_)));
      else if (kind == "flip") value = ++counter_ % 2 ? "true" : "false";  // a value that differs each time
      else if (kind == "years") value = std::to_string(3 + ++counter_ % 5);
      else if (kind == "token") value = new_token();
      else if (kind == "verify_token") value = new_verify_token();
      else if (kind == "reset_token") value = new_reset_token();
      else if (kind == "dead_message") value = std::to_string(new_message("failed"));
      else if (kind == "queued_message") value = std::to_string(new_message("queued"));
      else if (kind == "sent_message_ref") value = provider_reference_for(w_.tenant(), new_message("sent"));
      else if (kind == "webhook") value = new_webhook();
      else return std::nullopt;
      fresh_[key] = value;
      return value;
    }
    return std::nullopt;
  }

  // Members' Enquiries in the state a workflow step needs, arranged by the system.
  std::string new_routed_enquiry() {
    const std::string ref = w_.new_member_enquiry();
    RouteRequest r;
    r.delivery_unit = "street-scene";
    EXPECT_TRUE(w_.services().enquiries.route(w_.system(), ref, r, std::nullopt).ok());
    return ref;
  }
  std::string new_closed_enquiry() {
    const std::string ref = w_.new_member_enquiry();
    TransitionRequest close{CaseStatus::kClosed, CaseOutcome::kResolved, "", ""};
    EXPECT_TRUE(w_.services().cases.transition(w_.system(), ref, close, std::nullopt).ok());
    return ref;
  }
  std::string new_escalatable_enquiry() {
    EXPECT_TRUE(w_.services()
                    .enquiries.set_escalation_officers(w_.system(), "street-scene", {w_.council().officer_street})
                    .ok());
    return w_.new_member_enquiry();
  }
  // {new:approval_case} and {new:approval}: a closed enquiry with a pending
  // re-open request made by the system (so any manager may decide it).
  void new_pending_approval() {
    const std::string ref = new_closed_enquiry();
    touched_.cases.insert(ref);
    auto a = w_.services().enquiries.request_approval(w_.system(), ref, {ApprovalKind::kReopen, "Not fixed", std::nullopt, ""});
    EXPECT_TRUE(a.ok());
    fresh_["new:approval_case"] = ref;
    fresh_["new:approval"] = std::to_string(a.ok() ? a->id : 0);
  }

  std::string new_token() {
    const std::string name = "doomed-" + std::to_string(++counter_);
    (void)w_.services().accounts.create_token(w_.system(), {name, {"cases:read"}, std::nullopt, std::nullopt});
    return name;
  }

  Id new_message(const std::string& status) {
    OutboxMessage m;
    m.channel = "email";
    m.recipient = "matrix@example.com";
    m.subject = "Matrix";
    m.idempotency_key = "matrix:" + std::to_string(++counter_);
    m.status = status;
    auto id = w_.services().store.write_value<Id>([&](Tx& tx) { return tx.enqueue_message(w_.tenant(), m); });
    EXPECT_TRUE(id.ok());
    return id.ok() ? *id : 0;
  }

  std::string new_webhook() {
    const std::string name = "matrix-hook-" + std::to_string(++counter_);
    EXPECT_TRUE(w_.services().messages.put_endpoint(w_.system(), name, "https://hooks.example/x", true, false).ok());
    return name;
  }

  std::string new_verify_token() {
    const std::string email = "verify-" + std::to_string(++counter_) + "@example.com";
    EXPECT_TRUE(w_.services().accounts.register_resident(w_.system(), "Vera Verify", email, kPassword).ok());
    return w_.emailed_token(email, "verify_email");
  }

  std::string new_reset_token() {
    EXPECT_TRUE(w_.services().accounts.request_password_reset(w_.system(), "reset@testshire.gov.uk").ok());
    return w_.emailed_token("reset@testshire.gov.uk", "reset_password");
  }

  World& w_;
  Id victim_ = 0;
  std::map<std::string, std::string> fresh_;
  Touched touched_;
  static inline int counter_ = 0;
};

std::string snapshot(World& w, const Touched& t) {
  std::string out = w.render_totals();
  for (const auto& ref : t.cases) out += "case " + w.render_case(ref);
  for (Id id : t.customers) out += "customer " + w.render_customer(id) + "\n";
  for (Id id : t.contacts) out += "contact " + w.render_contact(id) + "\n";
  for (Id id : t.users) out += "user " + w.render_user(id) + "\n";
  return out;
}

std::string describe(const Row& row) {
  return std::string(row.method) + " " + row.target + (row.body[0] ? std::string(" ") + row.body : "");
}

// ---------------------------------------------------------------------------

TEST(PermissionMatrix, TableIsWellFormed) {
  for (const Row& row : kMatrix) {
    SCOPED_TRACE(describe(row));
    EXPECT_EQ(split_ws(row.expect).size(), static_cast<size_t>(kWhoCount)) << "one outcome per principal";
    for (const auto& e : split_ws(row.expect))
      EXPECT_TRUE(e == "ok" || (e.size() == 3 && std::isdigit(static_cast<unsigned char>(e[0])) &&
                                std::isdigit(static_cast<unsigned char>(e[1])) &&
                                std::isdigit(static_cast<unsigned char>(e[2]))))
          << e;
    // The target is the pattern with its {parameters} filled in.
    const auto p = split(row.pattern, '/');
    const auto t = split(path_of(row.target), '/');
    ASSERT_EQ(p.size(), t.size());
    for (size_t i = 0; i < p.size(); ++i)
      if (p[i].empty() || p[i].front() != '{') EXPECT_EQ(p[i], t[i]);
  }
}

// Every route the API registers is declared in the table, and every route in
// the table is registered.
TEST(PermissionMatrix, EveryRouteIsDeclared) {
  testing::TestStore db("sqlite");
  Services services(db.store());
  http::ApiDeps deps{services};
  http::Router router;
  http::add_api_routes(router, deps);
  std::set<std::pair<std::string, std::string>> routed, declared;
  for (const auto& r : router.routes()) routed.insert({r.method, r.pattern});
  for (const Row& row : kMatrix) declared.insert({row.method, row.pattern});
  for (const auto& [m, p] : routed)
    EXPECT_TRUE(declared.count({m, p})) << "route missing from the permission matrix: " << m << " " << p
                                        << "\n  add a row to kMatrix in " << __FILE__
                                        << " saying who may call it";
  for (const auto& [m, p] : declared)
    EXPECT_TRUE(routed.count({m, p})) << "the permission matrix declares a route that does not exist: " << m << " "
                                      << p;
}

class PermissionMatrixOn : public ::testing::TestWithParam<std::string> {};

TEST_P(PermissionMatrixOn, EveryPrincipalGetsWhatTheTableSays) {
  World w(GetParam());
  // The accounts some rows act on.
  w.new_user(Role::kAdvisor, "signin@testshire.gov.uk", kPassword);
  w.new_user(Role::kAdvisor, "reset@testshire.gov.uk", kPassword);
  const Id victim = w.new_user(Role::kAdvisor, "victim@testshire.gov.uk", kPassword);

  int requests = 0, denials = 0;
  for (const Row& row : kMatrix) {
    const auto expect = split_ws(row.expect);
    for (int col = 0; col < kWhoCount && col < static_cast<int>(expect.size()); ++col) {
      const Who who = who_at(col);
      SCOPED_TRACE(std::string(column_name(who)) + ": " + describe(row));
      Filler f(w);
      f.set_victim(victim);
      const std::string target = f.fill(row.target);
      const std::string body = f.fill(row.body);
      std::vector<std::string> headers;
      if (row.headers[0])
        for (const auto& h : split(row.headers, '\n')) headers.push_back(f.fill(h));
      if (row.prepare == Prepare::kLinkRelated) {
        ASSERT_TRUE(w.services()
                        .cases.link(w.system(), f.fresh().at("new:street"), LinkKind::kRelated, f.fresh().at("new:street2"))
                        .ok());
      } else if (row.prepare == Prepare::kWatchOfficer) {
        ASSERT_TRUE(w.services()
                        .cases.watch(w.system(), f.fresh().at("new:street"),
                                     Watcher{WatcherKind::kOfficer, w.council().officer_street, "", "", {}})
                        .ok());
      }
      const int status = expect[col] == "ok" ? row.success : std::stoi(expect[col]);
      const bool denial = status == 401 || status == 403 || status == 404;
      const bool refused = status >= 300;
      const std::string before = refused ? snapshot(w, f.touched()) : "";

      const testing::HttpResult r = w.request(who, row.method, target, body, headers);
      ++requests;
      const std::string got = std::to_string(r.status) + " " + r.body.substr(0, 300);
      EXPECT_EQ(r.status, status) << (denial ? "expected a denial; got " : "expected it allowed; got ") << got;
      if (!refused) continue;
      denials += denial;
      if (denial && std::string_view(row.pattern).rfind("/open311/", 0) == 0) {
        // Open311 answers in the spec's error format, in the path's format.
        const bool xml = std::string_view(path_of(target)).ends_with(".xml");
        EXPECT_NE(r.body.find(xml ? "<errors><error><code>" + std::to_string(status) + "</code>"
                                  : "[{\"code\":" + std::to_string(status)),
                  std::string::npos)
            << got;
      } else if (denial) {
        const std::string code = status == 401 ? "unauthenticated" : status == 403 ? "permission_denied" : "not_found";
        EXPECT_EQ(json_field(r.body, "code"), code) << got;
        EXPECT_EQ(r.header("content-type"), "application/problem+json") << got;
        if (status == 401) EXPECT_EQ(r.header("www-authenticate"), "Bearer realm=\"civicdesk\"");
      }
      EXPECT_EQ(snapshot(w, f.touched()), before) << "a refused request changed something";
    }
  }
  std::cout << "[ matrix   ] " << std::size(kMatrix) << " rows, " << requests << " requests, " << denials
            << " denials\n";
}

INSTANTIATE_TEST_SUITE_P(Backends, PermissionMatrixOn, ::testing::ValuesIn(testing::test_backends()),
                         [](const auto& info) { return info.param; });

}  // namespace
}  // namespace civicdesk::security

// The world the security tests attack: the real server over the small test
// council, with one principal of every kind and records that each of them
// may or may not see.
//
// Principals (Who): anonymous; one user per role (the officer and lead work
// in Street Scene, team waste; the councillor represents west-hendon; the
// resident is Rita, customer own_customer); a Street Scene officer in the
// "safeguarding" team, the only team that sees the restricted category
// "safeguarding-concern"; and API clients with scopes.
//
// Records (made by the system, not through the API):
//   street      a general enquiry in Street Scene about `customer` (Colin)
//   highways    a pothole in Highways about `customer`
//   own         a pothole in Highways reported by the resident
//   me          a Members' Enquiry raised by the councillor (Street Scene)
//   ward_me     a Members' Enquiry raised by another councillor about the
//               councillor's ward
//   copied      a Highways case the councillor is copied into
//   restricted  a safeguarding concern (Street Scene, restricted)
//   contact / own_contact   contacts of Colin and of the resident
//
// Thread-safety: one test thread.
#pragma once

#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "support/test_server.h"

namespace civicdesk::security {

enum class Who {
  kAnonymous,
  kResident,
  kCouncillor,
  kAdvisor,
  kOfficer,
  kLead,
  kManager,
  kAdministrator,
  kSafeguarding,      // officer in the team that sees the restricted category
  kClientCasesRead,   // API client: cases:read
  kClientCasesWrite,  // API client: cases:read, cases:write
  kClientCatalogue,   // API client: catalogue:read
  kClientPeople,      // API client: customers:read, customers:write, contacts:write
  kClientReports,     // API client: reports:read
};
inline constexpr int kWhoCount = 14;
Who who_at(int column);
// The matrix column heading: "anon", "res", "cllr", ..., "c:rep".
std::string_view column_name(Who who);

class World {
 public:
  explicit World(const std::string& backend);

  testing::TestServer& server() { return *server_; }
  Services& services() { return server_->services(); }
  TenantId tenant() const { return server_->council().tenant; }
  const testing::SmallCouncil& council() const { return server_->council(); }
  // The system acting now (for arranging records, never for the attack).
  RequestContext system() const;

  // The header lines that make a request come from `who`.
  std::vector<std::string> credentials(Who who) const;
  // A request from `who`; a non-empty body is sent as JSON.
  testing::HttpResult request(Who who, const std::string& method, const std::string& target,
                              const std::string& body = "", std::vector<std::string> headers = {});
  const std::string& token(Who who) const { return tokens_.at(who); }
  // The user id behind a role's token.
  Id user_id(Role role) const { return user_ids_.at(role); }
  Id safeguarding_user() const { return safeguarding_user_; }

  // Fixture records (see above).
  std::string street, highways, own, me, ward_me, copied, restricted;
  // Photos the permission matrix put on those cases, by placeholder name.
  std::map<std::string, Id> photos;
  Id customer = 0, own_customer = 0, contact = 0, own_contact = 0;
  Id other_member = 0, safeguarding_officer = 0;

  // New records, made by the system.
  std::string new_case(NewCase in);
  std::string new_street_case(const std::string& title = "Fly-tipping behind the shops");
  std::string new_own_case();        // the resident's, in Highways
  std::string new_restricted_case();
  std::string new_member_enquiry();  // raised by the councillor
  std::string new_complaint();       // Street Scene, may be extended
  Id new_customer(const std::string& given, const std::string& family);
  Id new_user(Role role, const std::string& email, const std::string& password);

  // Renderings for "nothing changed" comparisons: one case with its timeline,
  // links and watchers; one customer; one user; and totals of everything a
  // request could add (cases, customers, contacts, users, tokens, outbox
  // messages, catalogue version, councils).
  std::string render_case(const std::string& reference);
  std::string render_customer(Id id);
  std::string render_contact(Id id);
  std::string render_user(Id id);
  std::string render_totals();

  // The token in the newest one-time link emailed to `recipient` for
  // `purpose` ("verify_email" or "reset_password"); "" when there is none.
  std::string emailed_token(const std::string& recipient, const std::string& purpose);
  int outbox_count(const std::string& recipient);

 private:
  std::unique_ptr<testing::TestServer> server_;
  std::map<Who, std::string> tokens_;
  std::map<Role, Id> user_ids_;
  Id safeguarding_user_ = 0;
};

// ---- helpers for tests that drive a TestServer directly -------------------

// The token in the newest one-time link emailed to `recipient` for `purpose`
// ("verify_email" or "reset_password") in the test council; "" when none.
std::string emailed_token(testing::TestServer& server, const std::string& recipient, const std::string& purpose);
// Messages in the test council's outbox to `recipient` (any template).
int outbox_count(testing::TestServer& server, const std::string& recipient, const std::string& template_name = "");

// POST /api/v1/session and what came back.
struct SignInResult {
  testing::HttpResult http;
  std::string set_cookie;  // the Set-Cookie header
  std::string session;     // the civicdesk_session value in it ("" if none)
  std::string csrf;        // csrf_token in the body
};
SignInResult sign_in(uint16_t port, const std::string& email, const std::string& password,
                     std::vector<std::string> headers = {});
// "Cookie: civicdesk_session=<session>".
std::string cookie(const std::string& session);
// Percent-encodes everything but unreserved characters (for query values).
std::string url_encode(const std::string& s);

// A problem+json body without its request_id (which differs on every
// request), for comparing two denials.
std::string problem_without_request_id(const std::string& body);
// The JSON field `name` of a body ("" when absent or not JSON).
std::string json_field(const std::string& body, const std::string& name);

}  // namespace civicdesk::security

// Shared fixture for the data-protection tests: the real server (fake clock
// at 2016-03-01T10:00Z) over the small test council, helpers to arrange
// customers, cases, contacts and notes through the app services (as the
// system), HTTP helpers that parse JSON, and a "fingerprint" of everything
// held about a customer for nothing-changed comparisons.
#pragma once

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "support/test_server.h"

namespace civicdesk::privacy_test {

using nlohmann::json;
using testing::HttpResult;
using civicdesk::testing::at;

// Parses a response body; a JSON null (and a test failure) when it is not JSON.
json body_json(const HttpResult& r);

// The problem code of an error response ("" when none).
std::string problem_code(const HttpResult& r);

class PrivacyTest : public ::testing::TestWithParam<std::string> {
 protected:
  PrivacyTest();

  testing::TestServer& server() { return server_; }
  Services& services() { return server_.services(); }
  TenantId tenant() const { return server_.council().tenant; }
  RequestContext system() { return RequestContext{tenant(), Principal::system("privacy-test"), server_.clock().now(), ""}; }

  // Requests as the administrator unless `headers` carry other credentials.
  HttpResult get(const std::string& target, std::vector<std::string> headers = {}) {
    return server_.get(target, std::move(headers));
  }
  HttpResult post(const std::string& target, const std::string& body, std::vector<std::string> headers = {}) {
    return server_.post(target, body, std::move(headers));
  }
  HttpResult put(const std::string& target, const std::string& body, std::vector<std::string> headers = {});
  std::string as(Role r) const { return server_.auth(r); }

  // Arranging (as the system).
  Id new_customer(const std::string& given, const std::string& family, const std::string& email,
                  const std::string& phone = "");
  std::string new_case(Id customer, const std::string& description, CaseType type = CaseType::kServiceRequest,
                       const std::string& title = "");
  void close_case(const std::string& reference);
  void add_note(const std::string& reference, const std::string& text, Visibility v = Visibility::kInternal);
  Id log_contact(Id customer, const std::string& reason, const std::string& notes);
  Case read_case(const std::string& reference);
  Customer read_customer(Id id);

  // Everything held about a customer and their cases, read from the store
  // (no audit entry), for nothing-changed comparisons.
  std::string fingerprint(Id customer, const std::vector<std::string>& cases);
  // Number of rows in the audit trail (read from the store).
  size_t audit_count();
  // Audit entries (newest first) with `action`, read from the store.
  std::vector<AuditEntry> audit_entries(const std::string& action);

  testing::TestServer server_;
};

}  // namespace civicdesk::privacy_test

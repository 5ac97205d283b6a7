// Helpers for the TLS tests: a throwaway self-signed certificate written to
// a temporary directory, and a minimal HTTPS client (no verification,
// 127.0.0.1 only, every operation bounded by a timeout).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "support/test_server.h"

namespace civicdesk::testing {

// A temporary directory removed (with its files) on destruction.
class TempDir {
 public:
  TempDir();
  ~TempDir();
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  const std::string& path() const { return path_; }
  std::string file(const std::string& name) const { return path_ + "/" + name; }

 private:
  std::string path_;
};

// Writes a self-signed certificate for CN=127.0.0.1 (P-256, valid a day
// either side of now) to `cert_path` and its unencrypted key to `key_path`.
// `other_key_path`, when given, gets a second key that does not belong to
// the certificate. Aborts on failure.
void write_self_signed(const std::string& cert_path, const std::string& key_path,
                       const std::string& other_key_path = "");

// One HTTPS request to 127.0.0.1:port over a new connection (certificate
// not verified), given up after 10 s: status -1 and the reason in body.
HttpResult https_request(uint16_t port, const std::string& method, const std::string& target,
                         const std::string& body = "", const std::vector<std::string>& raw_headers = {});

// Sends `bytes` on a plain TCP connection and reads until the server closes
// it or `timeout_ms` passes. `closed` says which.
struct RawReply {
  std::string data;
  bool closed = false;
};
RawReply raw_until_closed(uint16_t port, const std::string& bytes, int timeout_ms = 10000);

}  // namespace civicdesk::testing

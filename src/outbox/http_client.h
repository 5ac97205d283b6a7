// A small blocking HTTP client over libcurl for the delivery workers: one
// per thread (it keeps connections open between requests), every request
// bounded in time.
#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <vector>

namespace civicdesk::outbox {

struct HttpReply {
  int status = 0;     // 0: no answer (connection refused, timed out, ...)
  std::string error;  // why there was no answer
  std::string body;   // at most 1 MiB
  std::optional<std::chrono::seconds> retry_after;
};

class HttpClient {
 public:
  explicit HttpClient(std::chrono::milliseconds timeout);
  ~HttpClient();
  HttpClient(const HttpClient&) = delete;
  HttpClient& operator=(const HttpClient&) = delete;

  // `headers` as "Name: value". `body` is sent for POST.
  HttpReply request(const std::string& method, const std::string& url, const std::vector<std::string>& headers,
                    const std::string& body = "");

 private:
  void* curl_;
  std::chrono::milliseconds timeout_;
};

// libcurl's process-wide initialisation, done once before any thread uses it.
void init_curl();

}  // namespace civicdesk::outbox

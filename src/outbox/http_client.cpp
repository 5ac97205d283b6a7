#include "outbox/http_client.h"

#include <curl/curl.h>

#include <charconv>
#include <mutex>

namespace civicdesk::outbox {

namespace {

constexpr size_t kMaxBody = 1 << 20;

size_t on_body(char* data, size_t size, size_t n, void* out) {
  auto* body = static_cast<std::string*>(out);
  const size_t len = size * n;
  if (body->size() < kMaxBody) body->append(data, std::min(len, kMaxBody - body->size()));
  return len;
}

size_t on_header(char* data, size_t size, size_t n, void* out) {
  auto* reply = static_cast<HttpReply*>(out);
  std::string_view line(data, size * n);
  constexpr std::string_view kRetryAfter = "retry-after:";
  if (line.size() > kRetryAfter.size()) {
    std::string lower(line.substr(0, kRetryAfter.size()));
    for (char& ch : lower) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
    if (lower == kRetryAfter) {
      std::string_view v = line.substr(kRetryAfter.size());
      while (!v.empty() && v.front() == ' ') v.remove_prefix(1);
      int64_t s = 0;
      auto [end, ec] = std::from_chars(v.data(), v.data() + v.size(), s);
      if (ec == std::errc() && s >= 0) reply->retry_after = std::chrono::seconds(std::min<int64_t>(s, 86400));
    }
  }
  return size * n;
}

}  // namespace

void init_curl() {
  static std::once_flag once;
  std::call_once(once, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
}

HttpClient::HttpClient(std::chrono::milliseconds timeout) : timeout_(timeout) {
  init_curl();
  curl_ = curl_easy_init();
}

HttpClient::~HttpClient() { curl_easy_cleanup(static_cast<CURL*>(curl_)); }

HttpReply HttpClient::request(const std::string& method, const std::string& url,
                              const std::vector<std::string>& headers, const std::string& body) {
  HttpReply reply;
  CURL* c = static_cast<CURL*>(curl_);
  if (!c) {
    reply.error = "libcurl could not start";
    return reply;
  }
  curl_easy_reset(c);
  curl_slist* list = nullptr;
  for (const auto& h : headers) list = curl_slist_append(list, h.c_str());
  curl_easy_setopt(c, CURLOPT_URL, url.c_str());
  curl_easy_setopt(c, CURLOPT_PROTOCOLS_STR, "http,https");
  curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(c, CURLOPT_TIMEOUT_MS, static_cast<long>(timeout_.count()));
  curl_easy_setopt(c, CURLOPT_CONNECTTIMEOUT_MS, static_cast<long>(timeout_.count()));
  curl_easy_setopt(c, CURLOPT_HTTPHEADER, list);
  curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, on_body);
  curl_easy_setopt(c, CURLOPT_WRITEDATA, &reply.body);
  curl_easy_setopt(c, CURLOPT_HEADERFUNCTION, on_header);
  curl_easy_setopt(c, CURLOPT_HEADERDATA, &reply);
  if (method == "POST") {
    curl_easy_setopt(c, CURLOPT_POST, 1L);
    curl_easy_setopt(c, CURLOPT_POSTFIELDS, body.data());
    curl_easy_setopt(c, CURLOPT_POSTFIELDSIZE_LARGE, static_cast<curl_off_t>(body.size()));
  } else if (method != "GET") {
    curl_easy_setopt(c, CURLOPT_CUSTOMREQUEST, method.c_str());
  }
  const CURLcode rc = curl_easy_perform(c);
  curl_slist_free_all(list);
  if (rc != CURLE_OK) {
    reply.status = 0;
    reply.error = curl_easy_strerror(rc);
    reply.body.clear();
    return reply;
  }
  long status = 0;
  curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &status);
  reply.status = static_cast<int>(status);
  return reply;
}

}  // namespace civicdesk::outbox

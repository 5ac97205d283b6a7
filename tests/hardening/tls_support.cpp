#include "hardening/tls_support.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509.h>

#include <boost/asio/connect.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/ssl.hpp>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <iostream>
#include <memory>

#include "support/test_store.h"

namespace civicdesk::testing {

namespace beast = boost::beast;
namespace bhttp = boost::beast::http;
namespace net = boost::asio;
namespace ssl = boost::asio::ssl;
using tcp = net::ip::tcp;

TempDir::TempDir() {
  path_ = (std::filesystem::temp_directory_path() / unique_name("civicdesk_hardening")).string();
  std::filesystem::create_directories(path_);
}

TempDir::~TempDir() {
  std::error_code ec;
  std::filesystem::remove_all(path_, ec);
}

namespace {

[[noreturn]] void die(const char* what) {
  std::cerr << "write_self_signed: " << what << std::endl;
  std::abort();
}

using Key = std::unique_ptr<EVP_PKEY, decltype(&EVP_PKEY_free)>;

Key new_key() {
  Key key(EVP_EC_gen("P-256"), EVP_PKEY_free);
  if (!key) die("cannot generate a key");
  return key;
}

void write_key(const std::string& path, EVP_PKEY* key) {
  FILE* f = std::fopen(path.c_str(), "w");
  if (!f) die("cannot write the key");
  const int ok = PEM_write_PrivateKey(f, key, nullptr, nullptr, 0, nullptr, nullptr);
  std::fclose(f);
  if (ok != 1) die("cannot write the key");
}

}  // namespace

void write_self_signed(const std::string& cert_path, const std::string& key_path, const std::string& other_key_path) {
  Key key = new_key();
  std::unique_ptr<X509, decltype(&X509_free)> cert(X509_new(), X509_free);
  if (!cert) die("X509_new");
  X509_set_version(cert.get(), 2);
  ASN1_INTEGER_set(X509_get_serialNumber(cert.get()), 1);
  X509_gmtime_adj(X509_getm_notBefore(cert.get()), -86400);
  X509_gmtime_adj(X509_getm_notAfter(cert.get()), 86400);
  X509_set_pubkey(cert.get(), key.get());
  X509_NAME* name = X509_get_subject_name(cert.get());
  X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_ASC, reinterpret_cast<const unsigned char*>("127.0.0.1"), -1, -1, 0);
  X509_set_issuer_name(cert.get(), name);
  if (X509_sign(cert.get(), key.get(), EVP_sha256()) <= 0) die("cannot sign the certificate");
  FILE* f = std::fopen(cert_path.c_str(), "w");
  if (!f) die("cannot write the certificate");
  const int ok = PEM_write_X509(f, cert.get());
  std::fclose(f);
  if (ok != 1) die("cannot write the certificate");
  write_key(key_path, key.get());
  if (!other_key_path.empty()) write_key(other_key_path, new_key().get());
}

HttpResult https_request(uint16_t port, const std::string& method, const std::string& target, const std::string& body,
                         const std::vector<std::string>& raw_headers) {
  std::string req = method + " " + target + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n";
  for (const auto& h : raw_headers) req += h + "\r\n";
  if (!body.empty() || method == "POST" || method == "PUT" || method == "PATCH")
    req += "Content-Length: " + std::to_string(body.size()) + "\r\n";
  req += "\r\n" + body;

  net::io_context ioc;
  ssl::context ctx(ssl::context::tls_client);
  ctx.set_verify_mode(ssl::verify_none);  // a self-signed test certificate
  beast::ssl_stream<beast::tcp_stream> stream(ioc, ctx);
  beast::flat_buffer buffer;
  bhttp::response_parser<bhttp::string_body> parser;
  parser.body_limit(64 << 20);
  HttpResult out;
  out.status = -1;
  out.body = "timed out";
  const auto fail = [&out](const char* step, beast::error_code ec) { out.body = std::string(step) + ": " + ec.message(); };
  beast::get_lowest_layer(stream).async_connect(
      tcp::endpoint(net::ip::make_address("127.0.0.1"), port), [&](beast::error_code ec) {
        if (ec) return fail("connect", ec);
        stream.async_handshake(ssl::stream_base::client, [&](beast::error_code ec1) {
          if (ec1) return fail("handshake", ec1);
          net::async_write(stream, net::buffer(req), [&](beast::error_code ec2, std::size_t) {
            if (ec2) return fail("write", ec2);
            bhttp::async_read(stream, buffer, parser, [&](beast::error_code ec3, std::size_t) {
              if (ec3) return fail("read", ec3);
              auto& res = parser.get();
              out.status = static_cast<int>(res.result_int());
              for (const auto& f : res) {
                std::string n(f.name_string().data(), f.name_string().size());
                for (char& c : n) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
                out.headers.emplace_back(n, std::string(f.value().data(), f.value().size()));
              }
              out.body = res.body();
            });
          });
        });
      });
  ioc.run_for(std::chrono::seconds(10));
  return out;
}

RawReply raw_until_closed(uint16_t port, const std::string& bytes, int timeout_ms) {
  RawReply out;
  const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(port);
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (::connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0) {
    ::close(fd);
    return out;
  }
  for (size_t sent = 0; sent < bytes.size();) {
    const ssize_t n = ::send(fd, bytes.data() + sent, bytes.size() - sent, MSG_NOSIGNAL);
    if (n <= 0) break;
    sent += static_cast<size_t>(n);
  }
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(timeout_ms);
  char buf[4096];
  while (true) {
    const auto left =
        std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now()).count();
    if (left <= 0) break;
    pollfd p{fd, POLLIN, 0};
    if (::poll(&p, 1, static_cast<int>(left)) <= 0) continue;
    const ssize_t n = ::recv(fd, buf, sizeof buf, 0);
    if (n <= 0) {
      out.closed = true;
      break;
    }
    out.data.append(buf, static_cast<size_t>(n));
  }
  ::close(fd);
  return out;
}

}  // namespace civicdesk::testing

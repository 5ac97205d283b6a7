// Native TLS for the server: a certificate chain and a private key (PEM
// files) loaded into an OpenSSL 3 context with a modern configuration.
//
//   TLS 1.2 and 1.3 only; TLS 1.2 with ECDHE + AEAD ciphers only (forward
//   secrecy, no CBC, no RSA key exchange); the server's cipher preference;
//   no compression (CRIME); no renegotiation; session tickets left on.
//
// A context is loaded once at start and shared by every connection
// (thread-safe: OpenSSL contexts may be used from many threads once set up).
// Restart the server to load a renewed certificate.
//
//   ASSIGN_OR_RETURN(auto tls, http::load_tls({"/etc/civicdesk/cert.pem", "/etc/civicdesk/key.pem"}));
//   options.tls = tls;   // ServerOptions: the server now speaks only HTTPS
#pragma once

#include <boost/asio/ssl/context.hpp>

#include <memory>
#include <string>

#include "base/result.h"

namespace civicdesk::http {

struct TlsFiles {
  std::string certificate;  // PEM: the server certificate, then any intermediates
  std::string key;          // PEM: its private key (unencrypted)
};

class TlsContext {
 public:
  boost::asio::ssl::context& native() { return context_; }

 private:
  friend Result<std::shared_ptr<TlsContext>> load_tls(const TlsFiles& files);
  TlsContext();
  boost::asio::ssl::context context_;
};

// invalid_config, naming the file and the reason, when either path is
// empty, a file is missing or unreadable, is not PEM, the key is encrypted,
// or the key does not belong to the certificate.
Result<std::shared_ptr<TlsContext>> load_tls(const TlsFiles& files);

}  // namespace civicdesk::http

#include "http/tls.h"

#include <openssl/err.h>
#include <openssl/pem.h>
#include <openssl/ssl.h>

#include <cerrno>
#include <cstring>
#include <fstream>
#include <memory>

namespace civicdesk::http {

namespace ssl = boost::asio::ssl;

namespace {

// TLS 1.2 suites with forward secrecy and authenticated encryption (Mozilla's
// "intermediate" list without finite-field DHE). TLS 1.3 suites are all
// modern and keep OpenSSL's defaults.
constexpr const char* kTls12Ciphers =
    "ECDHE-ECDSA-AES128-GCM-SHA256:ECDHE-RSA-AES128-GCM-SHA256:"
    "ECDHE-ECDSA-AES256-GCM-SHA384:ECDHE-RSA-AES256-GCM-SHA384:"
    "ECDHE-ECDSA-CHACHA20-POLY1305:ECDHE-RSA-CHACHA20-POLY1305";

// The newest OpenSSL error as text, and the queue cleared.
std::string openssl_reason() {
  unsigned long code = 0, last = 0;
  while ((code = ERR_get_error()) != 0) last = code;
  if (last == 0) return "unknown OpenSSL error";
  char buf[256];
  ERR_error_string_n(last, buf, sizeof buf);
  const char* reason = ERR_reason_error_string(last);
  return reason ? reason : buf;
}

Error config_error(std::string message) { return Error(ErrorCode::kInvalidConfig, std::move(message)); }

Status readable(const std::string& path, std::string_view what) {
  if (path.empty()) return config_error("Give both --tls-cert and --tls-key to serve HTTPS");
  std::ifstream in(path, std::ios::binary);
  if (!in) return config_error("Cannot read the TLS " + std::string(what) + " " + path + ": " + std::strerror(errno));
  char c;
  if (!in.get(c)) return config_error("The TLS " + std::string(what) + " " + path + " is empty");
  return {};
}

// Never prompt on the terminal for a pass phrase: an encrypted key is an error.
int no_passphrase(char*, int, int, void*) { return 0; }

}  // namespace

TlsContext::TlsContext() : context_(ssl::context::tls_server) {}

Result<std::shared_ptr<TlsContext>> load_tls(const TlsFiles& files) {
  RETURN_IF_ERROR(readable(files.certificate, "certificate"));
  RETURN_IF_ERROR(readable(files.key, "key"));
  std::shared_ptr<TlsContext> out(new TlsContext());
  SSL_CTX* ctx = out->context_.native_handle();
  ERR_clear_error();
  SSL_CTX_set_options(ctx, SSL_OP_NO_COMPRESSION | SSL_OP_CIPHER_SERVER_PREFERENCE | SSL_OP_NO_RENEGOTIATION |
                               SSL_OP_NO_SSLv2 | SSL_OP_NO_SSLv3 | SSL_OP_NO_TLSv1 | SSL_OP_NO_TLSv1_1);
  if (SSL_CTX_set_min_proto_version(ctx, TLS1_2_VERSION) != 1 || SSL_CTX_set_cipher_list(ctx, kTls12Ciphers) != 1 ||
      SSL_CTX_set1_groups_list(ctx, "X25519:P-256:P-384") != 1)
    return config_error("Cannot configure TLS: " + openssl_reason());
  SSL_CTX_set_default_passwd_cb(ctx, no_passphrase);

  if (SSL_CTX_use_certificate_chain_file(ctx, files.certificate.c_str()) != 1)
    return config_error("Cannot load the TLS certificate " + files.certificate + ": " + openssl_reason() +
                        " (it must be a PEM certificate, followed by any intermediates)");
  // The key is read here rather than by SSL_CTX_use_PrivateKey_file, so that
  // a key of another certificate gets its own message.
  std::unique_ptr<BIO, decltype(&BIO_free)> bio(BIO_new_file(files.key.c_str(), "r"), BIO_free);
  std::unique_ptr<EVP_PKEY, decltype(&EVP_PKEY_free)> key(
      bio ? PEM_read_bio_PrivateKey(bio.get(), nullptr, no_passphrase, nullptr) : nullptr, EVP_PKEY_free);
  if (!key)
    return config_error("Cannot load the TLS key " + files.key + ": " + openssl_reason() +
                        " (it must be an unencrypted PEM private key)");
  if (X509_check_private_key(SSL_CTX_get0_certificate(ctx), key.get()) != 1) {
    ERR_clear_error();
    return config_error("The TLS key " + files.key + " does not belong to the certificate " + files.certificate);
  }
  if (SSL_CTX_use_PrivateKey(ctx, key.get()) != 1 || SSL_CTX_check_private_key(ctx) != 1)
    return config_error("Cannot use the TLS key " + files.key + ": " + openssl_reason());
  return out;
}

}  // namespace civicdesk::http

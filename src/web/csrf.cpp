#include "web/csrf.h"

#include "app/crypto.h"

namespace civicdesk::web {

std::string form_token(std::string_view secret) {
  if (secret.empty()) return "";
  return crypto::sha256_hex("civicdesk-form:" + std::string(secret));
}

bool form_token_ok(std::string_view secret, std::string_view given) {
  if (secret.empty() || given.empty()) return false;
  return crypto::equal_secret(form_token(secret), given);
}

std::string new_form_secret() { return crypto::random_token(""); }

std::string form_cookie(const std::string& secret) {
  return std::string(kFormCookie) + "=" + secret + "; Path=/; HttpOnly; Secure; SameSite=Lax";
}

}  // namespace civicdesk::web

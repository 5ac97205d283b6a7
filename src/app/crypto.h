// Secrets: random tokens, their SHA-256 digests, password hashing (Argon2id
// via libsodium) and TOTP (RFC 6238, HMAC-SHA1 via OpenSSL).
//
// Tokens are 256-bit random values shown to their owner once; only their
// SHA-256 digest is stored, so finding one is a keyed lookup (microseconds)
// and a stolen database yields no usable token. Argon2id is for passwords,
// checked at sign-in only.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "base/result.h"
#include "domain/time.h"

namespace civicdesk::crypto {

// Must be called once before use (thread-safe, idempotent).
void init();

// `prefix` + base64url of 32 random bytes, e.g. "cds_6Jf...".
std::string random_token(std::string_view prefix);
// Lower-case hex SHA-256 of `text`.
std::string sha256_hex(std::string_view text);
// HMAC-SHA256 of `data` under `key`: the raw 32 bytes, and as lower-case hex.
std::string hmac_sha256(std::string_view key, std::string_view data);
std::string hmac_sha256_hex(std::string_view key, std::string_view data);
// Constant-time comparison of two strings of possibly different lengths.
bool equal_secret(std::string_view a, std::string_view b);

struct PasswordCost {
  unsigned long long ops;
  size_t memory;
  static PasswordCost interactive();  // production: libsodium's interactive limits (64 MiB)
  static PasswordCost minimum();      // tests only
};
Result<std::string> hash_password(std::string_view password, const PasswordCost& cost);
bool verify_password(std::string_view password, const std::string& hash);
// At least 10 characters, at most 200, not all the same character, valid
// UTF-8. invalid_field on "password".
Status check_password_strength(std::string_view password);

// A new TOTP secret as base32 (160 bits).
std::string new_totp_secret();
// The 6-digit code for `secret` at `t` (30-second steps).
std::optional<std::string> totp_code(const std::string& base32_secret, Instant t);
// Accepts the code for `t` or one step either side (clock drift).
bool verify_totp(const std::string& base32_secret, std::string_view code, Instant t);
// otpauth:// URI for authenticator apps.
std::string totp_uri(const std::string& issuer, const std::string& account, const std::string& secret);

}  // namespace civicdesk::crypto

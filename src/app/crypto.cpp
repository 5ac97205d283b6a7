#include "app/crypto.h"

#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <sodium.h>

#include <cstring>
#include <mutex>
#include <vector>

#include "base/base64.h"
#include "domain/text.h"

namespace civicdesk::crypto {

namespace {
constexpr char kBase32[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";

std::optional<std::vector<unsigned char>> base32_decode(const std::string& text) {
  std::vector<unsigned char> out;
  uint32_t buffer = 0;
  int bits = 0;
  for (char ch : text) {
    if (ch == '=' || ch == ' ') continue;
    const char* p = std::strchr(kBase32, std::toupper(static_cast<unsigned char>(ch)));
    if (!p || !*p) return std::nullopt;
    buffer = (buffer << 5) | static_cast<uint32_t>(p - kBase32);
    bits += 5;
    if (bits >= 8) {
      bits -= 8;
      out.push_back(static_cast<unsigned char>((buffer >> bits) & 0xFF));
    }
  }
  return out;
}

std::string percent(std::string_view s) {
  static const char* hex = "0123456789ABCDEF";
  std::string out;
  for (unsigned char c : s) {
    if (std::isalnum(c) || c == '-' || c == '.' || c == '_' || c == '~') out.push_back(static_cast<char>(c));
    else {
      out.push_back('%');
      out.push_back(hex[c >> 4]);
      out.push_back(hex[c & 15]);
    }
  }
  return out;
}
}  // namespace

void init() {
  static std::once_flag once;
  std::call_once(once, [] {
    if (sodium_init() < 0) std::abort();  // no safe way to continue without a random source
  });
}

std::string random_token(std::string_view prefix) {
  init();
  unsigned char bytes[32];
  randombytes_buf(bytes, sizeof bytes);
  return std::string(prefix) + base64url_encode(std::string_view(reinterpret_cast<const char*>(bytes), sizeof bytes));
}

// libsodium rather than OpenSSL 3's one-shot HMAC(), which looks the digest
// up afresh on every call: the MAC of every unsubscribe link is made inside
// the case-creating write transaction.
std::string hmac_sha256(std::string_view key, std::string_view data) {
  init();
  crypto_auth_hmacsha256_state state;
  crypto_auth_hmacsha256_init(&state, reinterpret_cast<const unsigned char*>(key.data()), key.size());
  crypto_auth_hmacsha256_update(&state, reinterpret_cast<const unsigned char*>(data.data()), data.size());
  unsigned char mac[crypto_auth_hmacsha256_BYTES];
  crypto_auth_hmacsha256_final(&state, mac);
  return std::string(reinterpret_cast<const char*>(mac), sizeof mac);
}

std::string hmac_sha256_hex(std::string_view key, std::string_view data) {
  const std::string mac = hmac_sha256(key, data);
  std::string hex(mac.size() * 2 + 1, '\0');
  sodium_bin2hex(hex.data(), hex.size(), reinterpret_cast<const unsigned char*>(mac.data()), mac.size());
  hex.pop_back();
  return hex;
}

std::string sha256_hex(std::string_view text) {
  init();
  unsigned char digest[crypto_hash_sha256_BYTES];
  crypto_hash_sha256(digest, reinterpret_cast<const unsigned char*>(text.data()), text.size());
  char hex[crypto_hash_sha256_BYTES * 2 + 1];
  sodium_bin2hex(hex, sizeof hex, digest, sizeof digest);
  return hex;
}

bool equal_secret(std::string_view a, std::string_view b) {
  init();
  // Compare digests so that the time taken does not depend on the lengths or
  // contents of the secrets.
  const std::string da = sha256_hex(a), db = sha256_hex(b);
  return sodium_memcmp(da.data(), db.data(), da.size()) == 0;
}

PasswordCost PasswordCost::interactive() {
  return {crypto_pwhash_OPSLIMIT_INTERACTIVE, crypto_pwhash_MEMLIMIT_INTERACTIVE};
}
PasswordCost PasswordCost::minimum() { return {crypto_pwhash_OPSLIMIT_MIN, crypto_pwhash_MEMLIMIT_MIN}; }

Result<std::string> hash_password(std::string_view password, const PasswordCost& cost) {
  init();
  char out[crypto_pwhash_STRBYTES];
  if (crypto_pwhash_str_alg(out, password.data(), password.size(), cost.ops, cost.memory,
                            crypto_pwhash_ALG_ARGON2ID13) != 0)
    return Error(ErrorCode::kUnavailable, "Not enough memory to hash the password; try again");
  return std::string(out);
}

bool verify_password(std::string_view password, const std::string& hash) {
  init();
  if (hash.empty()) return false;
  return crypto_pwhash_str_verify(hash.c_str(), password.data(), password.size()) == 0;
}

Status check_password_strength(std::string_view password) {
  if (!valid_utf8(password)) return Error(ErrorCode::kInvalidUtf8, "The password is not valid text", "password");
  const size_t n = utf8_length(password);
  if (n < 10) return invalid_field("password", "Use a password of at least 10 characters");
  if (n > 200) return invalid_field("password", "Use a password of 200 characters or fewer");
  if (password.find_first_not_of(password[0]) == std::string_view::npos)
    return invalid_field("password", "Use a password that is not one character repeated");
  return {};
}

std::string new_totp_secret() {
  init();
  unsigned char bytes[20];
  randombytes_buf(bytes, sizeof bytes);
  std::string out;
  uint32_t buffer = 0;
  int bits = 0;
  for (unsigned char b : bytes) {
    buffer = (buffer << 8) | b;
    bits += 8;
    while (bits >= 5) {
      bits -= 5;
      out.push_back(kBase32[(buffer >> bits) & 31]);
    }
  }
  return out;
}

std::optional<std::string> totp_code(const std::string& secret, Instant t) {
  auto key = base32_decode(secret);
  if (!key || key->empty()) return std::nullopt;
  uint64_t counter = static_cast<uint64_t>(t.time_since_epoch().count()) / 30;
  unsigned char msg[8];
  for (int i = 7; i >= 0; --i, counter >>= 8) msg[i] = static_cast<unsigned char>(counter & 0xFF);
  unsigned char mac[EVP_MAX_MD_SIZE];
  unsigned int len = 0;
  if (!HMAC(EVP_sha1(), key->data(), static_cast<int>(key->size()), msg, sizeof msg, mac, &len) || len < 20)
    return std::nullopt;
  const int offset = mac[len - 1] & 0x0F;
  const uint32_t bin = ((mac[offset] & 0x7F) << 24) | (mac[offset + 1] << 16) | (mac[offset + 2] << 8) | mac[offset + 3];
  char code[8];
  std::snprintf(code, sizeof code, "%06u", bin % 1000000);
  return std::string(code);
}

bool verify_totp(const std::string& secret, std::string_view code, Instant t) {
  if (code.size() != 6) return false;
  bool ok = false;
  for (int step = -1; step <= 1; ++step) {  // check all three: no early exit on timing
    auto expected = totp_code(secret, t + std::chrono::seconds(30 * step));
    if (expected && equal_secret(*expected, code)) ok = true;
  }
  return ok;
}

std::string totp_uri(const std::string& issuer, const std::string& account, const std::string& secret) {
  return "otpauth://totp/" + percent(issuer) + ":" + percent(account) + "?secret=" + secret + "&issuer=" +
         percent(issuer) + "&algorithm=SHA1&digits=6&period=30";
}

}  // namespace civicdesk::crypto

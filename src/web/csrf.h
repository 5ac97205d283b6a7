// CSRF protection for the pages' forms. A form cannot send the API's
// X-CSRF-Token header, so every state-changing form carries a hidden `csrf`
// field instead, derived from a secret the browser holds in an HttpOnly
// cookie that another site can neither read nor set:
//   - signed in: the session cookie (app/accounts.h), so the token changes
//     with every sign-in and dies with the session;
//   - not signed in (sign in, register, reset a password): a random
//     `civicdesk_form` cookie set on the first page (SameSite=Lax).
// The token is SHA-256("civicdesk-form:" + secret), compared in constant
// time (crypto::equal_secret), so the cookie's value never appears in the page.
#pragma once

#include <string>
#include <string_view>

namespace civicdesk::web {

inline constexpr std::string_view kFormCookie = "civicdesk_form";

// The token for a form whose browser holds `secret` ("" when it holds none:
// then no token is valid).
std::string form_token(std::string_view secret);
// True when `given` is the token for `secret` (false for an empty secret).
bool form_token_ok(std::string_view secret, std::string_view given);
// A fresh random secret for the civicdesk_form cookie.
std::string new_form_secret();
// The Set-Cookie value for it.
std::string form_cookie(const std::string& secret);

}  // namespace civicdesk::web

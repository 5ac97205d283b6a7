#include "web/form.h"

#include <cctype>

#include "domain/text.h"
#include "http/parse/query.h"

namespace civicdesk::web {

namespace {

size_t chars(std::string_view s) { return utf8_length(s); }

}  // namespace

Result<Form> Form::parse(std::string_view body) {
  Form f;
  size_t pos = 0;
  while (pos < body.size()) {
    size_t end = body.find('&', pos);
    if (end == std::string_view::npos) end = body.size();
    std::string_view pair = body.substr(pos, end - pos);
    pos = end + 1;
    if (pair.empty()) continue;
    if (f.values_.size() >= kMaxFields) return Error(ErrorCode::kInvalidField, "The form has too many fields");
    const size_t eq = pair.find('=');
    auto name = http::percent_decode(pair.substr(0, eq));
    auto value = http::percent_decode(eq == std::string_view::npos ? "" : pair.substr(eq + 1));
    if (!name || !value) return Error(ErrorCode::kInvalidField, "The form was not sent correctly");
    if (!valid_utf8(*name) || !valid_utf8(*value))
      return Error(ErrorCode::kInvalidField, "The form was not sent correctly", *name);
    if (chars(*value) > kMaxValue) return Error(ErrorCode::kInvalidField, "A value is too long", *name);
    f.values_.emplace(std::move(*name), std::move(*value));
  }
  return f;
}

const std::string& Form::get(const std::string& name) const {
  static const std::string kEmpty;
  auto it = values_.find(name);
  return it == values_.end() ? kEmpty : it->second;
}

std::vector<std::string> Form::all(const std::string& name) const {
  std::vector<std::string> out;
  auto [b, e] = values_.equal_range(name);
  for (auto it = b; it != e; ++it) out.push_back(it->second);
  return out;
}

void Form::set(const std::string& name, std::string value) {
  values_.erase(name);
  values_.emplace(name, std::move(value));
}

std::string trimmed(std::string_view s) {
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front()))) s.remove_prefix(1);
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) s.remove_suffix(1);
  return std::string(s);
}

bool plausible_email(std::string_view e) {
  if (e.empty() || e.size() > 254) return false;
  const size_t at = e.find('@');
  if (at == 0 || at == std::string_view::npos || e.find('@', at + 1) != std::string_view::npos) return false;
  const std::string_view domain = e.substr(at + 1);
  const size_t dot = domain.find('.');
  if (dot == 0 || dot == std::string_view::npos || domain.back() == '.') return false;
  for (char c : e)
    if (std::isspace(static_cast<unsigned char>(c)) || c == '<' || c == '>' || c == ',') return false;
  return true;
}

bool plausible_postcode(std::string_view p) {
  std::string s;
  for (char c : p)
    if (!std::isspace(static_cast<unsigned char>(c))) s += static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  if (s.size() < 5 || s.size() > 7) return false;
  // The inward code is always digit letter letter; the outward starts with a letter.
  const std::string_view in = std::string_view(s).substr(s.size() - 3);
  if (!std::isdigit(static_cast<unsigned char>(in[0])) || !std::isalpha(static_cast<unsigned char>(in[1])) ||
      !std::isalpha(static_cast<unsigned char>(in[2])))
    return false;
  if (!std::isalpha(static_cast<unsigned char>(s[0]))) return false;
  for (size_t i = 0; i + 3 < s.size(); ++i)
    if (!std::isalnum(static_cast<unsigned char>(s[i]))) return false;
  return true;
}

namespace {

void check_email(const Form& f, FormErrors& errors) {
  const std::string email = trimmed(f.get("email"));
  if (email.empty()) errors.push_back({"email", "errors.email_missing"});
  else if (!plausible_email(email)) errors.push_back({"email", "errors.email_invalid"});
}

void check_password_pair(const Form& f, FormErrors& errors) {
  const std::string& p = f.get("password");
  if (p.empty()) errors.push_back({"password", "errors.password_missing"});
  else if (chars(p) < 10) errors.push_back({"password", "errors.password_short"});
  else if (chars(p) > 200) errors.push_back({"password", "errors.password_long"});
  else if (p.find_first_not_of(p[0]) == std::string::npos) errors.push_back({"password", "errors.password_weak"});
  if (!p.empty() && f.get("confirm_password") != p) errors.push_back({"confirm_password", "errors.password_mismatch"});
}

}  // namespace

FormErrors check_sign_in(const Form& f) {
  FormErrors errors;
  check_email(f, errors);
  if (f.get("password").empty()) errors.push_back({"password", "errors.password_missing"});
  return errors;
}

FormErrors check_registration(const Form& f) {
  FormErrors errors;
  const std::string name = trimmed(f.get("name"));
  if (name.empty()) errors.push_back({"name", "errors.name_missing"});
  else if (chars(name) > 200) errors.push_back({"name", "errors.name_long"});
  check_email(f, errors);
  check_password_pair(f, errors);
  return errors;
}

FormErrors check_email_only(const Form& f) {
  FormErrors errors;
  check_email(f, errors);
  return errors;
}

FormErrors check_new_password(const Form& f) {
  FormErrors errors;
  check_password_pair(f, errors);
  return errors;
}

FormErrors check_update(const Form& f) {
  FormErrors errors;
  const std::string text = trimmed(f.get("text"));
  if (text.empty()) errors.push_back({"text", "errors.update_missing"});
  else if (chars(text) > 5000) errors.push_back({"text", "errors.update_long"});
  return errors;
}

FormErrors check_survey(const Form& f) {
  FormErrors errors;
  const std::string& rating = f.get("rating");
  if (rating.size() != 1 || rating[0] < '1' || rating[0] > '5') errors.push_back({"rating", "links.rating_missing"});
  if (chars(trimmed(f.get("comment"))) > 2000) errors.push_back({"comment", "links.comment_long"});
  return errors;
}

FormErrors check_description(const Form& f) {
  FormErrors errors;
  const std::string text = trimmed(f.get("description"));
  if (text.empty()) errors.push_back({"description", "errors.description_missing"});
  else if (chars(text) > 5000) errors.push_back({"description", "errors.description_long"});
  return errors;
}

FormErrors check_location(const Form& f, bool required) {
  FormErrors errors;
  const std::string postcode = trimmed(f.get("postcode"));
  const std::string street = trimmed(f.get("street"));
  if (!postcode.empty() && !plausible_postcode(postcode)) errors.push_back({"postcode", "errors.postcode_invalid"});
  if (chars(street) > 300) errors.push_back({"street", "errors.street_long"});
  if (required && postcode.empty() && street.empty()) errors.push_back({"postcode", "errors.location_missing"});
  return errors;
}

}  // namespace civicdesk::web

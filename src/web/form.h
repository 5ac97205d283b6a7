// Reading and checking what people type into forms. Pure: no I/O, so the
// rules are unit-tested directly (tests/web/form_test.cpp).
//
//   ASSIGN_OR_RETURN(Form f, Form::parse(req.body));   // x-www-form-urlencoded
//   FormErrors errors = check_sign_in(f);
//   if (!errors.empty()) ... render the page again with errors and f's values
//
// An error names the field (the input's id, so the error summary can link to
// it) and a message catalogue key (messages.h), never English text.
#pragma once

#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "base/result.h"

namespace civicdesk::web {

class Form {
 public:
  static constexpr size_t kMaxFields = 200;
  static constexpr size_t kMaxValue = 10000;  // characters per value

  // invalid_field for a malformed body (bad percent-escape, invalid UTF-8,
  // too many fields, a value too long): the page answers 400.
  static Result<Form> parse(std::string_view body);

  // The value ("" when absent); the first when a field is repeated.
  const std::string& get(const std::string& name) const;
  bool has(const std::string& name) const { return values_.count(name) > 0; }
  // Every value of a repeated field (checkboxes).
  std::vector<std::string> all(const std::string& name) const;
  const std::multimap<std::string, std::string>& values() const { return values_; }
  void set(const std::string& name, std::string value);

 private:
  std::multimap<std::string, std::string> values_;
};

struct FieldError {
  std::string field;        // the input's id, e.g. "email"
  std::string message_key;  // e.g. "errors.email_missing"
  bool operator==(const FieldError&) const = default;
};
using FormErrors = std::vector<FieldError>;

// Text with surrounding white space removed.
std::string trimmed(std::string_view s);
// A plausible email address: one @, something either side, a dot in the
// domain, no spaces, at most 254 characters.
bool plausible_email(std::string_view email);

FormErrors check_sign_in(const Form& f);
FormErrors check_registration(const Form& f);
FormErrors check_email_only(const Form& f);
FormErrors check_new_password(const Form& f);  // password + confirm_password
FormErrors check_update(const Form& f);        // an update on a request: text
FormErrors check_description(const Form& f);   // a report's description
FormErrors check_location(const Form& f, bool required);  // postcode or street
FormErrors check_survey(const Form& f);  // rating 1-5, optional comment

// A UK postcode in a loose but recognisable shape ("N3 1AB", "sw1a1aa").
bool plausible_postcode(std::string_view postcode);

}  // namespace civicdesk::web

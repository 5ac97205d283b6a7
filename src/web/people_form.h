// Checking the councillors' and residents' forms (member_pages.cpp,
// feedback_pages.cpp): a person's contact details, people to copy in, yes/no
// questions and short reasons. Pure, like form.h; errors name the input's id
// and a catalogue key.
#pragma once

#include <string>
#include <vector>

#include "web/form.h"

namespace civicdesk::web {

// person_name, person_email, person_phone, person_postcode (and
// person_address, free text). `contact_needed`: an email address or a phone
// number must be given (guests, to be answered).
FormErrors check_person(const Form& f, bool contact_needed);

// `field` holds email addresses, one per line (or separated by commas or
// spaces): at most 10, each plausible. The addresses, lower-cased, in order,
// without repeats.
std::vector<std::string> email_list(const std::string& text);
FormErrors check_copies(const Form& f, const std::string& field);

// A required "yes" or "no".
FormErrors check_yes_no(const Form& f, const std::string& field, const std::string& missing_key);

// Required text of at most `max` characters: `missing_key` when empty,
// "errors.text_long" when too long.
FormErrors check_text_field(const Form& f, const std::string& field, const std::string& missing_key, size_t max);

}  // namespace civicdesk::web

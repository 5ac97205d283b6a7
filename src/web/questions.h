// A category's own questions on a page (Report a problem, a councillor's
// enquiry): in order, as answered in the form's "answers.<code>" fields,
// checked against the catalogue, and as template items.
#pragma once

#include <mstch/mstch.hpp>
#include <vector>

#include "web/form.h"
#include "web/page.h"

namespace civicdesk::web {

std::vector<Question> ordered_questions(const Category& c);
// The non-blank answers in the form.
Answers answers_from(const Category& c, const Form& f);
// The first problem as a field error on "q-<code>" (the error summary links
// to the question).
FormErrors check_answers(const Category& c, const Form& f);
// Each question for the template: radios, checkboxes, textarea, number,
// date or input, with what was typed and its error.
mstch::array question_items(const Page& page, const Category& c, const Form& f, const FormErrors& errors);

}  // namespace civicdesk::web

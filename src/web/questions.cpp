#include "web/questions.h"

#include <algorithm>

namespace civicdesk::web {

std::vector<Question> ordered_questions(const Category& c) {
  std::vector<Question> qs = c.questions;
  std::stable_sort(qs.begin(), qs.end(), [](const Question& a, const Question& b) { return a.order < b.order; });
  return qs;
}

Answers answers_from(const Category& c, const Form& f) {
  Answers a;
  for (const auto& q : c.questions) {
    std::vector<std::string> values;
    for (auto& v : f.all("answers." + q.code))
      if (!trimmed(v).empty()) values.push_back(trimmed(v));
    if (!values.empty()) a[q.code] = values;
  }
  return a;
}

FormErrors check_answers(const Category& c, const Form& f) {
  auto checked = validate_answers(c, answers_from(c, f));
  if (checked) return {};
  std::string code = checked.error().field;
  if (code.rfind("answers.", 0) == 0) code = code.substr(8);
  return {{"q-" + code, checked.error().code == ErrorCode::kMissingField ? "errors.answer_missing"
                                                                         : "errors.answer_invalid"}};
}

mstch::array question_items(const Page& page, const Category& c, const Form& f, const FormErrors& errors) {
  mstch::array qs;
  for (const auto& q : ordered_questions(c)) {
    const auto given = f.all("answers." + q.code);
    mstch::array options;
    for (const auto& o : q.options)
      // The first choice has the question's id: the error summary links to it.
      options.push_back(mstch::map{{"key", o.key},
                                   {"label", o.name},
                                   {"id", options.empty() ? "q-" + q.code : "q-" + q.code + "-" + o.key},
                                   {"checked", std::find(given.begin(), given.end(), o.key) != given.end()}});
    mstch::map m{{"code", q.code},         {"name", "answers." + q.code},
                 {"id", "q-" + q.code},    {"prompt", q.prompt},
                 {"optional", !q.required}, {"value", given.empty() ? std::string() : given.front()},
                 {"options", options}};
    for (const auto& e : errors)
      if (e.field == "q-" + q.code) m["error"] = page.text(e.message_key);
    switch (q.type) {
      case QuestionType::kSingleValueList: m["radios"] = true; break;
      case QuestionType::kMultiValueList: m["checkboxes"] = true; break;
      case QuestionType::kText: m["textarea"] = true; break;
      case QuestionType::kNumber: m["number"] = true; break;
      case QuestionType::kDatetime: m["date"] = true; break;
      case QuestionType::kString: m["input"] = true; break;
    }
    qs.push_back(m);
  }
  return qs;
}

}  // namespace civicdesk::web

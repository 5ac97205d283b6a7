#include "domain/catalogue.h"

#include <cmath>
#include <cstdlib>
#include <set>

#include "domain/enum_table.h"

namespace civicdesk {

namespace {
constexpr EnumEntry<OfficerRole> kOfficerRoles[] = {
    {OfficerRole::kAdvisor, "advisor"},   {OfficerRole::kOfficer, "officer"},
    {OfficerRole::kLead, "lead"},         {OfficerRole::kManager, "manager"},
    {OfficerRole::kAdministrator, "administrator"}};
constexpr EnumEntry<QuestionType> kQuestionTypes[] = {
    {QuestionType::kString, "string"},
    {QuestionType::kNumber, "number"},
    {QuestionType::kDatetime, "datetime"},
    {QuestionType::kText, "text"},
    {QuestionType::kSingleValueList, "singlevaluelist"},
    {QuestionType::kMultiValueList, "multivaluelist"}};

bool is_list(QuestionType t) {
  return t == QuestionType::kSingleValueList || t == QuestionType::kMultiValueList;
}

bool valid_number(const std::string& s) {
  if (s.empty() || s.size() > 32) return false;
  // Decimal notation only: strtod alone would also take " 5", "0x1A", "nan"
  // and "inf".
  if (s.find_first_not_of("0123456789+-.eE") != std::string::npos) return false;
  char* end = nullptr;
  const double v = std::strtod(s.c_str(), &end);
  return end == s.c_str() + s.size() && std::isfinite(v);
}
}  // namespace

std::string_view to_string(OfficerRole v) { return enum_name(v, kOfficerRoles); }
Result<OfficerRole> parse_officer_role(std::string_view s) { return parse_enum(s, kOfficerRoles, "role"); }
std::string_view to_string(QuestionType v) { return enum_name(v, kQuestionTypes); }
Result<QuestionType> parse_question_type(std::string_view s) {
  return parse_enum(s, kQuestionTypes, "datatype");
}

bool valid_code(std::string_view code) {
  if (code.empty() || code.size() > 64 || code.front() == '-' || code.back() == '-') return false;
  char prev = 0;
  for (char c : code) {
    const bool ok = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_';
    if (!ok || (c == '-' && prev == '-')) return false;
    prev = c;
  }
  return true;
}

Status check_code(std::string_view code, std::string_view field) {
  if (code.empty()) return missing_field(std::string(field));
  if (!valid_code(code))
    return invalid_field(std::string(field),
                         "Use 1 to 64 lower-case letters, digits, hyphens or underscores");
  return {};
}

Status validate(const Category& c) {
  RETURN_IF_ERROR(check_code(c.code, "code"));
  if (c.name.empty()) return missing_field("name");
  if (!c.parent.empty()) RETURN_IF_ERROR(check_code(c.parent, "parent"));
  if (c.parent == c.code) return invalid_field("parent", "A category cannot be its own parent");
  if (c.lgsl && (*c.lgsl <= 0 || *c.lgsl > 99999))
    return invalid_field("lgsl", "Enter the LGSL code as a whole number, like 524");
  std::set<std::string> seen;
  for (size_t i = 0; i < c.questions.size(); ++i) {
    const Question& q = c.questions[i];
    const std::string at = "questions[" + std::to_string(i) + "]";
    RETURN_IF_ERROR(check_code(q.code, at + ".code"));
    if (!seen.insert(q.code).second)
      return invalid_field(at + ".code", "Question code \"" + q.code + "\" is used twice");
    if (q.prompt.empty()) return missing_field(at + ".prompt");
    if (is_list(q.type) && q.options.empty())
      return invalid_field(at + ".options", "A list question needs at least one option");
    if (!is_list(q.type) && !q.options.empty())
      return invalid_field(at + ".options", "Only list questions have options");
    std::set<std::string> keys;
    for (const auto& o : q.options)
      if (o.key.empty() || !keys.insert(o.key).second)
        return invalid_field(at + ".options", "Option keys must be present and different");
  }
  return {};
}

Result<Answers> validate_answers(const Category& category, const Answers& answers) {
  Answers out;
  for (const auto& [code, values] : answers) {
    bool known = false;
    for (const auto& q : category.questions) known = known || q.code == code;
    if (!known)
      return Error(ErrorCode::kUnknownField,
                   "\"" + category.name + "\" has no question \"" + code.substr(0, 64) + "\"",
                   "answers." + code.substr(0, 64));
  }
  for (const auto& q : category.questions) {
    const std::string field = "answers." + q.code;
    std::vector<std::string> values;
    if (auto it = answers.find(q.code); it != answers.end())
      for (const auto& v : it->second)
        if (!v.empty()) values.push_back(v);  // clients send "" for unanswered optional questions
    if (values.empty()) {
      if (q.required) return Error(ErrorCode::kMissingField, "Answer \"" + q.prompt + "\"", field);
      continue;
    }
    if (values.size() > 1 && q.type != QuestionType::kMultiValueList)
      return invalid_field(field, "\"" + q.prompt + "\" takes one answer");
    for (const auto& v : values) {
      if (v.size() > 2000) return invalid_field(field, "Answer is longer than 2000 characters");
      if (is_list(q.type)) {
        bool ok = false;
        for (const auto& o : q.options) ok = ok || o.key == v;
        if (!ok) return invalid_field(field, "\"" + v.substr(0, 64) + "\" is not one of the choices");
      } else if (q.type == QuestionType::kNumber && !valid_number(v)) {
        return invalid_field(field, "\"" + q.prompt + "\" must be a number");
      } else if (q.type == QuestionType::kDatetime && !parse_instant_or_london(v) && !parse_date(v)) {
        return invalid_field(field, "\"" + q.prompt + "\" must be a date, like 2026-03-31");
      }
    }
    out[q.code] = std::move(values);
  }
  return out;
}

}  // namespace civicdesk

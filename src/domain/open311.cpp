#include "domain/open311.h"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <nlohmann/json.hpp>

namespace civicdesk::open311 {

namespace {

struct StatusName {
  Status status;
  std::string_view name;
};
constexpr StatusName kStatuses[] = {
    {Status::kOpen, "open"},
    {Status::kClosed, "closed"},
    {Status::kFixed, "fixed"},
    {Status::kInProgress, "in_progress"},
    {Status::kPlanned, "planned"},
    {Status::kActionScheduled, "action_scheduled"},
    {Status::kInvestigating, "investigating"},
    {Status::kDuplicate, "duplicate"},
    {Status::kNotCouncilsResponsibility, "not_councils_responsibility"},
    {Status::kNoFurtherAction, "no_further_action"},
    {Status::kInternalReferral, "internal_referral"},
};

std::string lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

// The length of the UTF-8 sequence starting at s[i] and its code point; 0
// for an invalid sequence.
size_t utf8_at(std::string_view s, size_t i, uint32_t& cp) {
  const auto b = static_cast<unsigned char>(s[i]);
  size_t n = b < 0x80 ? 1 : (b >> 5) == 6 ? 2 : (b >> 4) == 14 ? 3 : (b >> 3) == 30 ? 4 : 0;
  if (n == 0 || i + n > s.size()) return 0;
  cp = n == 1 ? b : n == 2 ? (b & 0x1F) : n == 3 ? (b & 0x0F) : (b & 0x07);
  for (size_t k = 1; k < n; ++k) {
    const auto c = static_cast<unsigned char>(s[i + k]);
    if ((c >> 6) != 2) return 0;
    cp = (cp << 6) | (c & 0x3F);
  }
  return n;
}

bool xml_char(uint32_t cp) {
  return cp == 0x9 || cp == 0xA || cp == 0xD || (cp >= 0x20 && cp <= 0xD7FF) || (cp >= 0xE000 && cp <= 0xFFFD) ||
         (cp >= 0x10000 && cp <= 0x10FFFF);
}

std::string number_text(double d) {
  if (!std::isfinite(d)) return "";
  char buf[40];
  std::snprintf(buf, sizeof buf, "%.7f", d);
  std::string s = buf;
  while (!s.empty() && s.back() == '0') s.pop_back();
  if (!s.empty() && s.back() == '.') s.pop_back();
  return s;
}

void write_xml(std::string& out, const std::string& tag, const Value& v);

void write_record_xml(std::string& out, const Record& r) {
  for (const auto& [name, value] : r.fields) write_xml(out, name, value);
}

void write_xml(std::string& out, const std::string& tag, const Value& v) {
  out += "<" + tag + ">";
  if (const auto* s = std::get_if<std::string>(&v)) out += xml_escape(*s);
  else if (const auto* i = std::get_if<int64_t>(&v)) out += std::to_string(*i);
  else if (const auto* d = std::get_if<double>(&v)) out += number_text(*d);
  else if (const auto* b = std::get_if<bool>(&v)) out += *b ? "true" : "false";
  else if (const auto* l = std::get_if<List>(&v))
    for (const auto& item : l->items) {
      out += "<" + l->item + ">";
      write_record_xml(out, item);
      out += "</" + l->item + ">";
    }
  out += "</" + tag + ">";
}

nlohmann::json record_json(const Record& r);

nlohmann::json value_json(const Value& v) {
  if (const auto* s = std::get_if<std::string>(&v)) return *s;
  if (const auto* i = std::get_if<int64_t>(&v)) return *i;
  if (const auto* d = std::get_if<double>(&v)) return std::isfinite(*d) ? nlohmann::json(*d) : nlohmann::json();
  if (const auto* b = std::get_if<bool>(&v)) return *b;
  if (const auto* l = std::get_if<List>(&v)) {
    nlohmann::json a = nlohmann::json::array();
    for (const auto& item : l->items) a.push_back(record_json(item));
    return a;
  }
  return nullptr;
}

nlohmann::json record_json(const Record& r) {
  nlohmann::json o = nlohmann::json::object();
  for (const auto& [name, value] : r.fields) o[name] = value_json(value);
  return o;
}

std::string datatype_description(QuestionType t) {
  switch (t) {
    case QuestionType::kNumber: return "A number";
    case QuestionType::kDatetime: return "A date and time (ISO 8601 with a time zone)";
    case QuestionType::kSingleValueList: return "One of the listed values (its key)";
    case QuestionType::kMultiValueList: return "Any of the listed values (their keys)";
    case QuestionType::kText: return "Text, possibly several lines";
    case QuestionType::kString: break;
  }
  return "A line of text";
}

}  // namespace

std::string_view to_lower(Status s) {
  for (const auto& e : kStatuses)
    if (e.status == s) return e.name;
  return "open";
}

std::string to_upper(Status s) {
  std::string out(to_lower(s));
  for (char& c : out) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return out;
}

Result<Status> parse_status(std::string_view text) {
  const std::string l = lower(text);
  for (const auto& e : kStatuses)
    if (e.name == l) return e.status;
  return invalid_field("status", "Unknown status \"" + std::string(text.substr(0, 40)) +
                                     "\": use OPEN, CLOSED, FIXED, IN_PROGRESS, PLANNED, ACTION_SCHEDULED, "
                                     "INVESTIGATING, DUPLICATE, NOT_COUNCILS_RESPONSIBILITY, NO_FURTHER_ACTION or "
                                     "INTERNAL_REFERRAL");
}

std::string_view basic(Status s) {
  switch (s) {
    case Status::kOpen:
    case Status::kInProgress:
    case Status::kPlanned:
    case Status::kActionScheduled:
    case Status::kInvestigating: return "open";
    default: return "closed";
  }
}

Status status_of(CaseStatus status, std::optional<CaseOutcome> outcome) {
  switch (status) {
    case CaseStatus::kNew: return Status::kOpen;
    case CaseStatus::kInProgress: return Status::kInProgress;
    // Waiting for the resident to answer: the council is still looking into it.
    case CaseStatus::kAwaitingCustomer: return Status::kInvestigating;
    case CaseStatus::kClosed: break;
  }
  if (!outcome) return Status::kClosed;
  switch (*outcome) {
    case CaseOutcome::kResolved: return Status::kFixed;
    case CaseOutcome::kNoFurtherAction: return Status::kNoFurtherAction;
    case CaseOutcome::kNotCouncilsResponsibility: return Status::kNotCouncilsResponsibility;
    case CaseOutcome::kDuplicate: return Status::kDuplicate;
    case CaseOutcome::kReferred: return Status::kInternalReferral;
    default: return Status::kClosed;
  }
}

std::map<std::string, std::vector<std::string>> attributes(const Params& params) {
  std::map<std::string, std::vector<std::string>> out;
  constexpr std::string_view kPrefix = "attribute[";
  for (const auto& [name, value] : params) {
    if (name.size() <= kPrefix.size() + 1 || name.compare(0, kPrefix.size(), kPrefix) != 0) continue;
    std::string_view rest = std::string_view(name).substr(kPrefix.size());
    if (rest.size() >= 2 && rest.substr(rest.size() - 2) == "[]") rest.remove_suffix(2);
    if (rest.empty() || rest.back() != ']') continue;
    rest.remove_suffix(1);
    if (rest.empty()) continue;
    auto& values = out[std::string(rest)];
    if (!value.empty()) values.push_back(value);
  }
  return out;
}

Result<Answers> answers_for(const Category& category, const std::map<std::string, std::vector<std::string>>& attrs) {
  Answers given;
  for (const auto& q : category.questions) {
    auto it = attrs.find(q.code);
    if (it == attrs.end() || it->second.empty()) continue;
    if (q.type != QuestionType::kMultiValueList && it->second.size() > 1)
      return invalid_field("attribute[" + q.code + "]", "\"" + q.code + "\" takes one value");
    given[q.code] = it->second;
  }
  auto checked = validate_answers(category, given);
  if (!checked) {
    Error e = checked.error();
    if (e.field.rfind("answers.", 0) == 0) e.field = "attribute[" + e.field.substr(8) + "]";
    return e;
  }
  return checked;
}

Result<Instant> parse_datetime(std::string_view text, std::string_view field) {
  auto t = parse_instant(text);
  if (!t)
    return invalid_field(std::string(field), std::string(field) + " must be a W3C date and time with a time zone, "
                                                                  "e.g. 2016-03-01T10:00:00Z");
  return *t;
}

std::string format_datetime(Instant t) { return format_instant(t); }

std::string xml_escape(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (size_t i = 0; i < s.size();) {
    uint32_t cp = 0;
    const size_t n = utf8_at(s, i, cp);
    if (n == 0) {
      ++i;  // not UTF-8: dropped
      continue;
    }
    if (xml_char(cp)) {
      switch (cp) {
        case '&': out += "&amp;"; break;
        case '<': out += "&lt;"; break;
        case '>': out += "&gt;"; break;
        case '"': out += "&quot;"; break;
        case '\'': out += "&apos;"; break;
        default: out.append(s.substr(i, n));
      }
    }
    i += n;
  }
  return out;
}

std::string to_xml(const std::string& root, const List& list) {
  std::string out = "<?xml version=\"1.0\" encoding=\"utf-8\"?>";
  write_xml(out, root, list);
  return out;
}

std::string to_xml(const std::string& root, const Record& record) {
  std::string out = "<?xml version=\"1.0\" encoding=\"utf-8\"?><" + root + ">";
  write_record_xml(out, record);
  return out + "</" + root + ">";
}

std::string to_json(const List& list) { return value_json(list).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace); }
std::string to_json(const Record& record) {
  return record_json(record).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

bool offered(const Category& c) { return c.active && !c.restricted; }

Record service_record(const Category& c, std::string_view group) {
  Record r;
  r.add("service_code", c.code)
      .add("service_name", c.name)
      .add("description", c.description)
      .add("metadata", !c.questions.empty())
      .add("type", std::string("realtime"))
      .add("keywords", c.keywords)
      .add("group", std::string(group));
  return r;
}

Record service_definition(const Category& c) {
  std::vector<Question> qs = c.questions;
  std::stable_sort(qs.begin(), qs.end(), [](const Question& a, const Question& b) { return a.order < b.order; });
  List attrs{"attribute", {}};
  int order = 0;
  for (const auto& q : qs) {
    ++order;
    List values{"value", {}};
    for (const auto& o : q.options) values.items.push_back(Record().add("key", o.key).add("name", o.name));
    Record a;
    a.add("variable", true)
        .add("code", q.code)
        .add("datatype", std::string(to_string(q.type)))
        .add("required", q.required)
        .add("datatype_description", datatype_description(q.type))
        .add("order", static_cast<int64_t>(q.order != 0 ? q.order : order))
        .add("description", q.prompt);
    if (!values.items.empty()) a.add("values", std::move(values));
    attrs.items.push_back(std::move(a));
  }
  Record d;
  d.add("service_code", c.code).add("attributes", std::move(attrs));
  return d;
}

List errors_list(const std::vector<ErrorEntry>& errors) {
  List l{"error", {}};
  for (const auto& e : errors)
    l.items.push_back(Record().add("code", static_cast<int64_t>(e.code)).add("description", e.description));
  return l;
}

}  // namespace civicdesk::open311

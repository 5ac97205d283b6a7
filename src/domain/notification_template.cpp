#include "domain/notification_template.h"

#include <algorithm>

#include "domain/text.h"

namespace civicdesk {

namespace {

struct Shipped {
  std::string_view name;
  std::vector<std::string_view> placeholders;
  TemplateText text;
};

// What every case message may say.
#define CASE_FIELDS "council", "name", "reference", "title", "service", "expected_date"
// What every Members' Enquiry message may say.
#define ME_FIELDS "council", "name", "reference", "title", "respond_by"

const std::vector<Shipped>& shipped() {
  static const std::vector<Shipped> all = {
      {template_name::kAcknowledgement,
       {CASE_FIELDS},
       {"We have received your request ((reference))",
        "Dear ((name)),\n\nThank you for contacting ((council)) about ((service)): ((title)).\n\nYour reference is "
        "((reference)). We expect to complete this by ((expected_date)).\n\nPlease quote your reference if you "
        "contact us about it.",
        "((council)): we have received your request about ((service)). Your reference is ((reference)). We expect to "
        "complete it by ((expected_date))."}},
      {template_name::kStatusChanged,
       {CASE_FIELDS, "status", "reason"},
       {"Update on your request ((reference))",
        "Dear ((name)),\n\nYour request ((reference)) (((title))) is now: ((status)).\n\n((reason))",
        "((council)): your request ((reference)) is now: ((status))."}},
      {template_name::kDelay,
       {CASE_FIELDS, "reason"},
       {"Your request ((reference)) will take longer",
        "Dear ((name)),\n\nWe are sorry: your request ((reference)) (((title))) will take longer than we said.\n\n"
        "((reason))\n\nWe now expect to complete it by ((expected_date)).",
        "((council)): sorry, your request ((reference)) will take longer. We now expect to complete it by "
        "((expected_date))."}},
      {template_name::kResponse,
       {CASE_FIELDS, "response"},
       {"A response about ((reference))",
        "Dear ((name)),\n\nAbout your request ((reference)) (((title))):\n\n((response))",
        "((council)) about ((reference)): ((response))"}},
      {template_name::kClosed,
       {CASE_FIELDS, "outcome", "outcome_notes"},
       {"Your request ((reference)) is complete",
        "Dear ((name)),\n\nWe have closed your request ((reference)) (((title))): ((outcome)).\n\n((outcome_notes))",
        "((council)): we have closed your request ((reference)): ((outcome))."}},
      {template_name::kSurvey,
       {"council", "name", "reference", "title", "service", "survey_link", "rating_links"},
       {"How did we do with ((reference))?",
        "Dear ((name)),\n\nWe recently closed your request ((reference)) about ((service)). How satisfied are you "
        "with how we dealt with it? Choose a rating (1 very dissatisfied, 5 very satisfied):\n\n((rating_links))\n\n"
        "You can add a comment on the same page.",
        "((council)): how did we do with ((reference))? Rate us from 1 to 5: ((survey_link))"}},
      {template_name::kLeadDigest,
       {"council", "name", "delivery_unit", "date", "due_count", "overdue_count", "due_list", "overdue_list"},
       {"((delivery_unit)): ((overdue_count)) overdue, ((due_count)) due today",
        "Dear ((name)),\n\nCases of ((delivery_unit)) on ((date)).\n\nOverdue (((overdue_count))):\n((overdue_list))"
        "\n\nDue today (((due_count))):\n((due_list))",
        "((delivery_unit)) on ((date)): ((overdue_count)) overdue, ((due_count)) due today."}},
      // Members' Enquiries go by email; the SMS text is there for councils
      // that send them by text too.
      {template_name::kMeReceived,
       {ME_FIELDS},
       {"Enquiry ((reference)) received",
        "Dear ((name)),\n\nYour enquiry ((reference)) (((title))) has been received. We will respond by "
        "((respond_by)).",
        "((council)): enquiry ((reference)) received. We will respond by ((respond_by))."}},
      {template_name::kMeResponse,
       {ME_FIELDS, "response"},
       {"Response to enquiry ((reference))", "Dear ((name)),\n\nA response to enquiry ((reference)):\n\n((response))",
        "((council)): enquiry ((reference)) has a response: ((response))"}},
      {template_name::kMeDelay,
       {ME_FIELDS, "reason", "revised_date", "budget_issue"},
       {"Delay on enquiry ((reference))",
        "Dear ((name)),\n\nEnquiry ((reference)) will take longer than planned. ((reason))\n\nWe now expect to "
        "complete it by ((revised_date)). ((budget_issue))",
        "((council)): enquiry ((reference)) will take longer. We now expect to complete it by ((revised_date))."}},
      {template_name::kMeClosed,
       {ME_FIELDS, "outcome", "outcome_notes"},
       {"Enquiry ((reference)) closed",
        "Dear ((name)),\n\nEnquiry ((reference)) has been closed (((outcome))).\n\n((outcome_notes))",
        "((council)): enquiry ((reference)) has been closed (((outcome)))."}},
      {template_name::kMeReopened,
       {ME_FIELDS, "reason"},
       {"Enquiry ((reference)) re-opened", "Dear ((name)),\n\nEnquiry ((reference)) has been re-opened: ((reason))",
        "((council)): enquiry ((reference)) has been re-opened."}},
      {template_name::kMeEscalated,
       {ME_FIELDS, "reason"},
       {"Enquiry ((reference)) escalated", "Dear ((name)),\n\nEnquiry ((reference)) has been escalated: ((reason))",
        "((council)): enquiry ((reference)) has been escalated."}},
      {template_name::kMeRouted,
       {ME_FIELDS},
       {"New Members' Enquiry ((reference))",
        "Dear ((name)),\n\nMembers' Enquiry ((reference)) (((title))) has been sent to you. Accept it, or send it "
        "back if it is not for your service. Respond by ((respond_by)).",
        "((council)): Members' Enquiry ((reference)) has been sent to you. Respond by ((respond_by))."}},
      {template_name::kMeChased,
       {ME_FIELDS, "chaser", "note"},
       {"Chaser on enquiry ((reference))",
        "Dear ((name)),\n\nEnquiry ((reference)) has been chased (chaser ((chaser))). ((note))",
        "((council)): enquiry ((reference)) has been chased (chaser ((chaser)))."}},
      {template_name::kMeSentBack,
       {ME_FIELDS, "delivery_unit", "reason"},
       {"Enquiry ((reference)) sent back",
        "Dear ((name)),\n\nEnquiry ((reference)) was sent back as misdirected by ((delivery_unit)): ((reason))",
        "((council)): enquiry ((reference)) was sent back by ((delivery_unit))."}},
      {template_name::kMeRespondSoon,
       {ME_FIELDS, "due"},
       {"Enquiry ((reference)) is due a response",
        "Dear ((name)),\n\nPlease respond to enquiry ((reference)) by ((due)).",
        "((council)): please respond to enquiry ((reference)) by ((due))."}},
      {template_name::kMeOverdue,
       {ME_FIELDS, "due"},
       {"Enquiry ((reference)) is overdue",
        "Dear ((name)),\n\nEnquiry ((reference)) was due by ((due)) and is still open.",
        "((council)): enquiry ((reference)) was due by ((due)) and is still open."}},
      {template_name::kMeDiaryDue,
       {ME_FIELDS, "why", "due"},
       {"Chase enquiry ((reference))",
        "Dear ((name)),\n\nThe date diarised for enquiry ((reference)) (((why)), ((due))) has been reached: chase "
        "the delivery unit.",
        "((council)): the date diarised for enquiry ((reference)) has been reached."}},
  };
  return all;
}

#undef CASE_FIELDS
#undef ME_FIELDS

const Shipped* find(std::string_view name) {
  for (const Shipped& s : shipped())
    if (s.name == name) return &s;
  return nullptr;
}

bool name_char(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
}

std::string join(const std::vector<std::string_view>& names) {
  std::string out;
  for (std::string_view n : names) out += (out.empty() ? "((" : ", ((") + std::string(n) + "))";
  return out;
}

Status check_part(std::string_view name, std::string_view field, const std::string& text, size_t max) {
  if (trim(text).empty()) return missing_field(std::string(field));
  RETURN_IF_ERROR(check_text(text, std::string(field), max, true));
  ASSIGN_OR_RETURN(auto used, placeholders_in(text, field));
  const auto& allowed = template_placeholders(name);
  for (const std::string& p : used)
    if (std::find(allowed.begin(), allowed.end(), p) == allowed.end())
      return invalid_field(std::string(field), "((" + p + ")) is not available in " + std::string(name) +
                                                   ": use one of " + join(allowed));
  return {};
}

}  // namespace

const std::vector<std::string_view>& template_names() {
  static const std::vector<std::string_view> names = [] {
    std::vector<std::string_view> out;
    for (const Shipped& s : shipped()) out.push_back(s.name);
    return out;
  }();
  return names;
}

bool is_template_name(std::string_view name) { return find(name) != nullptr; }

bool is_case_message(std::string_view name) { return is_template_name(name) && name.substr(0, 5) == "case_"; }

std::optional<TemplateText> default_template(std::string_view name) {
  const Shipped* s = find(name);
  if (!s) return std::nullopt;
  return s->text;
}

const std::vector<std::string_view>& template_placeholders(std::string_view name) {
  static const std::vector<std::string_view> none;
  const Shipped* s = find(name);
  return s ? s->placeholders : none;
}

Result<std::vector<std::string>> placeholders_in(std::string_view text, std::string_view field) {
  std::vector<std::string> out;
  size_t pos = 0;
  while ((pos = text.find("((", pos)) != std::string_view::npos) {
    // "(((title)))" is a bracket around a placeholder: the placeholder starts
    // at the last "((" of the run.
    while (pos + 2 < text.size() && text[pos + 2] == '(') ++pos;
    const size_t end = text.find("))", pos + 2);
    if (end == std::string_view::npos)
      return invalid_field(std::string(field), "A placeholder is not closed: write ((name))");
    const std::string_view name = text.substr(pos + 2, end - pos - 2);
    if (name.empty() || name.size() > 64 || !std::all_of(name.begin(), name.end(), name_char))
      return invalid_field(std::string(field), "\"((" + std::string(name.substr(0, 64)) +
                                                   "))\" is not a placeholder: use letters, digits and _");
    if (std::find(out.begin(), out.end(), name) == out.end()) out.emplace_back(name);
    pos = end + 2;
  }
  return out;
}

Status validate_template(std::string_view name, const TemplateText& t) {
  if (!is_template_name(name)) return invalid_field("name", "There is no template called \"" +
                                                                std::string(name.substr(0, 64)) + "\"");
  RETURN_IF_ERROR(check_part(name, "subject", t.subject, 200));
  RETURN_IF_ERROR(check_part(name, "body", t.body, 10000));
  return check_part(name, "sms", t.sms, 918);
}

std::string render(std::string_view text, const std::map<std::string, std::string>& values) {
  std::string out;
  out.reserve(text.size() + 64);
  size_t pos = 0;
  for (;;) {
    size_t open = text.find("((", pos);
    if (open == std::string_view::npos) break;
    while (open + 2 < text.size() && text[open + 2] == '(') ++open;
    const size_t end = text.find("))", open + 2);
    if (end == std::string_view::npos) break;
    out.append(text.substr(pos, open - pos));
    auto it = values.find(std::string(text.substr(open + 2, end - open - 2)));
    if (it != values.end()) out += it->second;
    pos = end + 2;
  }
  out.append(text.substr(pos));
  return out;
}

std::map<std::string, std::string> sample_values(std::string_view name,
                                                 const std::map<std::string, std::string>& given) {
  std::map<std::string, std::string> out;
  for (std::string_view p : template_placeholders(name)) out[std::string(p)] = "((" + std::string(p) + "))";
  for (const auto& [k, v] : given) out[k] = v;
  return out;
}

}  // namespace civicdesk

// Who does the work and what residents can ask for: tenants (councils),
// delivery units and teams, officers, wards and councillors, and the service
// catalogue (categories with their SLA policy and extra questions).
//
// Plain values. Codes ("street-scene", "missed-bin") are stable identifiers
// chosen by the council; they appear in URLs, Open311 service codes and
// reports, so they are validated by valid_code().
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/result.h"
#include "domain/calendar.h"
#include "domain/sla.h"
#include "domain/time.h"

namespace civicdesk {

using Id = int64_t;
using TenantId = int64_t;

// 1-64 lower-case letters, digits, underscores and single hyphens, not
// starting or ending with a hyphen: "street-scene", "bin_type".
bool valid_code(std::string_view code);
Status check_code(std::string_view code, std::string_view field);

struct Tenant {
  TenantId id = 0;
  std::string slug;              // "barnet"
  std::string name;              // "London Borough of Barnet"
  std::string reference_prefix;  // "BAR": case references look like BAR-0012345
  Division division = Division::kEnglandAndWales;
  std::string brand_colour = "#1d70b8";
  std::vector<std::string> hostnames;  // requests to these hosts belong to this council
  int me_respond_days = 5;             // Members' Enquiry targets, per council
  int me_close_days = 5;
  std::string me_team_email;  // where diary prompts and send-backs go ("" = timeline only)
  Instant created_at{};
  // Secret: signs the links in residents' messages (made when the council
  // is created; never shown by the API).
  std::string link_key;
};

struct DeliveryUnit {
  std::string code;  // "street-scene"
  std::string name;  // "Street Scene"
  std::string description;
  bool active = true;
};

struct Team {
  std::string code;
  std::string delivery_unit;  // code
  std::string name;
};

enum class OfficerRole { kAdvisor, kOfficer, kLead, kManager, kAdministrator };
std::string_view to_string(OfficerRole);
Result<OfficerRole> parse_officer_role(std::string_view);

struct Officer {
  Id id = 0;
  std::string name;
  std::string email;
  std::string delivery_unit;  // may be empty (contact centre advisors belong to CSG)
  std::string team;
  OfficerRole role = OfficerRole::kOfficer;
  bool active = true;
};

struct Ward {
  std::string code;  // "west-hendon"
  std::string name;
};

struct Member {  // an elected councillor
  Id id = 0;
  std::string name;   // "Cllr Jane Smith"
  std::string ward;   // ward code
  std::string party;
  std::string email;
  bool active = true;
};

// An extra question asked when a case of a category is raised. Datatypes are
// Open311's: string, number, datetime, text, singlevaluelist, multivaluelist.
enum class QuestionType { kString, kNumber, kDatetime, kText, kSingleValueList, kMultiValueList };
std::string_view to_string(QuestionType);
Result<QuestionType> parse_question_type(std::string_view);

struct QuestionOption {
  std::string key;   // stored value
  std::string name;  // shown to people
  bool operator==(const QuestionOption&) const = default;
};

struct Question {
  std::string code;    // "bin_type"
  std::string prompt;  // "Which bin was missed?"
  QuestionType type = QuestionType::kString;
  bool required = false;
  int order = 0;
  std::vector<QuestionOption> options;  // list types only
  bool operator==(const Question&) const = default;
};

// Answers keyed by question code; single-valued questions hold one value.
using Answers = std::map<std::string, std::vector<std::string>>;

struct Category {
  std::string code;    // "missed-bin"
  std::string name;    // "Missed bin collection"
  std::string parent;  // code of the parent category ("" for top level)
  std::string description;
  std::string keywords;        // comma-separated, for search and Open311
  std::optional<int> lgsl;     // Local Government Service List code, e.g. 524
  std::optional<int> lgil;     // interaction code, e.g. 17 reporting
  std::string delivery_unit;   // owning DU code
  std::string sla_policy;      // policy code
  bool location_required = false;
  bool restricted = false;     // safeguarding, social care: named teams only
  std::vector<std::string> visible_to_teams;  // for restricted categories: team codes
  bool active = true;
  std::vector<Question> questions;
  // The webhook endpoint (a delivery unit's back-office system) new cases of
  // this category are forwarded to; "" = none (docs/back-office.md).
  std::string forward_to;
};

// Validates a category's own fields and questions (codes, list options, no
// repeated question codes). References to other records are checked by app/.
Status validate(const Category& category);

// Checks answers against a category's questions: required ones present,
// lists answered from their options, numbers and datetimes well formed, no
// answers to unknown questions. Field names are "answers.<code>". Returns the
// answers normalised (empty optional answers dropped).
Result<Answers> validate_answers(const Category& category, const Answers& answers);

}  // namespace civicdesk

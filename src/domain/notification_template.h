// Notification templates: the text of the messages civicdesk sends to
// residents and staff (docs/notifications.md, "Templates").
//
// A template has a subject (email subject, letter heading), a body (email and
// letter) and a short text for SMS. Text uses GOV.UK Notify's placeholder
// syntax, ((name)); each template name has a fixed set of placeholders its
// trigger provides, and a template using any other is refused when it is
// saved (never at send time). Councils may override the shipped defaults per
// council and per service (category).
//
//   TemplateText t = *default_template("case_acknowledgement");
//   std::string s = render(t.subject, {{"reference", "TST-0000001"}});
//
// Pure and thread-safe.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/result.h"
#include "domain/time.h"

namespace civicdesk {

// Template names (stable; stored in the outbox as template_name).
namespace template_name {
inline constexpr std::string_view kAcknowledgement = "case_acknowledgement";
inline constexpr std::string_view kStatusChanged = "case_status_changed";
inline constexpr std::string_view kDelay = "case_delay";
inline constexpr std::string_view kResponse = "case_response";
inline constexpr std::string_view kClosed = "case_closed";
inline constexpr std::string_view kSurvey = "case_survey";
inline constexpr std::string_view kLeadDigest = "lead_digest";
// Members' Enquiries (domain/enquiry.h): to the member and those copied in,
// to officers, and to the Members' Enquiries team.
inline constexpr std::string_view kMeReceived = "me_received";
inline constexpr std::string_view kMeResponse = "me_response";
inline constexpr std::string_view kMeDelay = "me_delay";
inline constexpr std::string_view kMeClosed = "me_closed";
inline constexpr std::string_view kMeReopened = "me_reopened";
inline constexpr std::string_view kMeEscalated = "me_escalated";
inline constexpr std::string_view kMeRouted = "me_routed";
inline constexpr std::string_view kMeChased = "me_chased";
inline constexpr std::string_view kMeSentBack = "me_sent_back";
inline constexpr std::string_view kMeRespondSoon = "me_respond_soon";
inline constexpr std::string_view kMeOverdue = "me_overdue";
inline constexpr std::string_view kMeDiaryDue = "me_diary_due";
}  // namespace template_name

// True for the messages a case's customer receives (the ones notification
// settings can switch off): the names starting "case_".
bool is_case_message(std::string_view name);

struct TemplateText {
  std::string subject;
  std::string body;  // email and letter
  std::string sms;   // text message
  bool operator==(const TemplateText&) const = default;
};

// A council's stored template (category "" = the council's own default).
struct NotificationTemplate {
  std::string name;
  std::string category;
  TemplateText text;
  Instant updated_at{};
  std::string updated_by;
};

// Every template name, in the order they are listed.
const std::vector<std::string_view>& template_names();
bool is_template_name(std::string_view name);
// The text shipped with civicdesk; nullopt for an unknown name.
std::optional<TemplateText> default_template(std::string_view name);
// The placeholders the template's trigger provides (empty for an unknown name).
const std::vector<std::string_view>& template_placeholders(std::string_view name);

// The placeholder names used in `text`, in order of first use. Errors
// (invalid_field on `field`): "((" with no closing "))", or an empty or
// malformed name (letters, digits and _ only).
Result<std::vector<std::string>> placeholders_in(std::string_view text, std::string_view field);

// Checks a template before it is saved: subject, body and sms present and
// bounded (subject 200, body 10,000, sms 918 characters: six SMS fragments),
// and every placeholder one that `name`'s trigger provides. Errors name the
// field ("subject", "body", "sms"): missing_field, invalid_field ("((case))
// is not available in case_acknowledgement: use one of ...").
Status validate_template(std::string_view name, const TemplateText& text);

// Replaces each ((name)) with values[name]; a name without a value becomes
// "" (validate_template stops that reaching a stored template).
std::string render(std::string_view text, const std::map<std::string, std::string>& values);

// Values for every placeholder of `name`, for previews: "((reference))" style
// samples a member of staff recognises, overridden by `given`.
std::map<std::string, std::string> sample_values(std::string_view name,
                                                 const std::map<std::string, std::string>& given);

}  // namespace civicdesk

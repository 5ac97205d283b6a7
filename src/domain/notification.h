// Keeping residents informed: which case events call for a message to the
// case's customer, through which channel, with what text, and when it may be
// sent (docs/notifications.md).
//
//   NotificationSettings s = effective_settings(rows, c.category);
//   for (const CaseNotice& n : case_notices(c, events, s, by_council, names)) {
//     if (!wanted(n, prefs)) continue;
//     auto route = contact_route(customer);   // email, sms or letter
//     OutboxMessage m = compose(c.id, n, text_for(n.template_name), *route, link, s, now);
//   }
//
// Members' Enquiries keep their own messages (domain/enquiry.h).
// Pure: time, contact details and links are passed in.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/result.h"
#include "domain/account.h"
#include "domain/case.h"
#include "domain/customer.h"
#include "domain/notification_template.h"
#include "domain/preferences.h"

namespace civicdesk {

// ---- settings --------------------------------------------------------------

// What a council (category "") or one of its services sets; absent fields
// fall back to the council's row, then to the shipped defaults.
struct NotificationSettingsRow {
  std::string category;
  std::optional<std::vector<std::string>> disabled;  // template names switched off
  std::optional<int> survey_percent;      // 0..100: share of closed cases surveyed
  std::optional<int> survey_delay_hours;  // 0..720 after closure
  std::optional<int> survey_cap_days;     // 0..730: at most one survey per customer in this many days
  std::optional<int> quiet_from;          // minutes after London midnight, 0..1439
  std::optional<int> quiet_until;
  Instant updated_at{};
  std::string updated_by;
};

struct NotificationSettings {
  std::vector<std::string> disabled;
  int survey_percent = 100;
  int survey_delay_hours = 48;
  int survey_cap_days = 90;
  int quiet_from = 21 * 60;  // no SMS from 21:00 ...
  int quiet_until = 8 * 60;  // ... to 08:00, Europe/London
  bool enabled(std::string_view template_name) const;
};

// The settings for a case of `category` from the stored rows.
NotificationSettings effective_settings(const std::vector<NotificationSettingsRow>& rows, std::string_view category);

// Ranges above; disabled names must be case templates (not the lead digest).
// invalid_field naming "disabled", "survey_percent", ..., "quiet_from".
Status validate_settings(const NotificationSettingsRow& row);

// "21:00" <-> 1260. invalid_field on `field` unless HH:MM, 00:00..23:59.
Result<int> parse_clock_minutes(std::string_view text, std::string_view field);
std::string format_clock_minutes(int minutes);

// The earliest instant an SMS may be sent when it is ready at `t`: `t`
// itself outside quiet hours, else the end of the quiet period (London wall
// clock). Quiet hours may span midnight (21:00-08:00); from == until means
// none.
Instant sms_send_after(Instant t, int quiet_from, int quiet_until);

// ---- who hears, how --------------------------------------------------------

struct ContactRoute {
  std::string channel;    // "email", "sms", "letter"
  std::string recipient;  // address, E.164 mobile number, address lines joined by "\n"
};

// How to reach a customer: the preferred channel when they have the detail
// it needs (email address; a mobile number for sms; a postal address with
// a first line and postcode for post), else email, then sms, then letter.
// Telephone as the preference falls back the same way. nullopt: no way.
std::optional<ContactRoute> contact_route(const Customer& c);
// The address lines of a letter: name, the address lines, town, postcode
// (3 to 7 lines, the last the postcode); nullopt without line1 or postcode.
std::optional<std::string> letter_address(const Customer& c, const PostalAddress& a);
// Mobile numbers take text messages: UK mobiles (+447...) and any non-UK number.
bool takes_sms(const std::string& e164);

// ---- what triggers a message -----------------------------------------------

// Names used in messages.
struct NoticeNames {
  std::string council;   // "Testshire Council"
  std::string service;   // the category's name
  std::string customer;  // the customer's display name
};

struct CaseNotice {
  std::string template_name;
  std::map<std::string, std::string> values;  // the template's placeholders
  // Must reach the person whatever their consent: acknowledgements,
  // updates and responses of complaints, FOI/EIR and subject access
  // requests. No unsubscribe link.
  bool statutory = false;
};

// Complaints, FOI and EIR requests and subject access requests.
bool statutory_type(CaseType t);

// The customer messages `events` (just written, with their ids) call for on
// case `c` (after the change): receipt -> acknowledgement; a status change
// to in progress, awaiting customer, or re-opened -> status changed; closure
// -> closed; an extension of the clock -> delay; a public note written by
// the council (`by_council`) -> response. Nothing for Members' Enquiries,
// cases without a customer, imported cases, or templates switched off (for
// statutory messages the switch is ignored).
std::vector<CaseNotice> case_notices(const Case& c, const std::vector<CaseEvent>& events,
                                     const NotificationSettings& s, bool by_council, const NoticeNames& names);

// Whether the customer's consents allow `n` (statutory always; otherwise
// unless consent_updates was refused).
bool wanted(const CaseNotice& n, const ContactPreferences& prefs);

// The outbox message for `n`, rendered from `t` for `route`'s channel.
// Optional messages end with `unsubscribe_link` (required for them).
// next_attempt_at is `not_before`, moved past quiet hours for SMS. No
// idempotency key: the transaction that writes the event queues its
// messages once.
OutboxMessage compose(Id case_id, const CaseNotice& n, const TemplateText& t, const ContactRoute& route,
                      const std::string& unsubscribe_link, const NotificationSettings& s, Instant now,
                      Instant not_before);

// "Tuesday 29 December 2015".
std::string long_date(LocalDate d);

// ---- satisfaction surveys ----------------------------------------------------

// An unsubscribe link's record: using it refuses `preference`
// (consent_updates or consent_surveys) for the customer.
struct UnsubscribeToken {
  std::string token_hash;
  Id customer_id = 0;
  std::string preference;
  std::optional<Id> case_id;
  Instant created_at{};
  std::optional<Instant> used_at;
};

// A survey sent after closure and its one response.
struct Survey {
  Id id = 0;
  std::string token_hash;
  Id case_id = 0;
  Id customer_id = 0;
  std::string channel;
  std::string category;
  std::string delivery_unit;
  Instant created_at{};
  Instant sent_at{};  // the earliest time its message goes
  std::optional<Instant> responded_at;
  std::optional<int> rating;
  std::string comment;
};

// Whether a closed case is in the survey sample of its service: a stable
// choice from the case id (a retried write decides the same way).
bool in_survey_sample(Id case_id, int percent);
// The cap: no survey when the customer was last surveyed less than
// cap_days before `now`.
bool survey_allowed(std::optional<Instant> last_surveyed, Instant now, int cap_days);
// The survey notice for a case just closed; nullopt when surveys are
// switched off, the case is not sampled, has no customer or is a Members'
// Enquiry.
std::optional<CaseNotice> survey_notice(const Case& c, const NotificationSettings& s, const NoticeNames& names);
// The links of a survey message: the page, and one per rating 1..5.
void add_survey_links(CaseNotice& n, const std::string& survey_url);

// A response: rating 1..5 (invalid_field "rating"), comment at most 2,000
// characters (invalid_field "comment").
Status validate_survey_response(int rating, const std::string& comment);

// ---- the delivery-unit leads' digest -----------------------------------------

struct DigestCase {
  std::string reference;
  std::string title;
  LocalDate due{};
};
// The lead digest's values: lists are "- REF title (due date)" lines, at
// most 50 each ("... and 12 more").
std::map<std::string, std::string> digest_values(const std::string& council, const std::string& lead,
                                                 const std::string& delivery_unit, LocalDate date,
                                                 const std::vector<DigestCase>& due,
                                                 const std::vector<DigestCase>& overdue);

}  // namespace civicdesk

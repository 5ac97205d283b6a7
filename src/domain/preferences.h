// Contact preferences and consent: how a customer wants to hear from the
// council (channel, language) and whether they agree to updates about their
// cases and to satisfaction surveys. Every change is kept as history (who,
// when, what), so the council can show what the customer had agreed to at
// any time.
//
// The preferred channel and language also live on the customer record (the
// record is where staff read them); consents live only in the history.
// A consent never given nor refused is unknown (nullopt), not "no".
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/result.h"
#include "domain/account.h"
#include "domain/customer.h"

namespace civicdesk {

// Names stored in the history (PreferenceChange::name).
namespace preference {
inline constexpr std::string_view kPreferredChannel = "preferred_channel";
inline constexpr std::string_view kLanguage = "language";
inline constexpr std::string_view kConsentUpdates = "consent_updates";
inline constexpr std::string_view kConsentSurveys = "consent_surveys";
}  // namespace preference

struct ContactPreferences {
  std::optional<PreferredChannel> preferred_channel;
  std::string language = "en";
  std::optional<bool> consent_updates;
  std::optional<bool> consent_surveys;
};

// What a request changes; absent fields stay as they are.
struct PreferencesUpdate {
  std::optional<PreferredChannel> preferred_channel;
  std::optional<std::string> language;
  std::optional<bool> consent_updates;
  std::optional<bool> consent_surveys;
  bool empty() const { return !preferred_channel && !language && !consent_updates && !consent_surveys; }
};

// The customer's preferences now: channel and language from the record,
// consents from the latest history entry of each (history oldest first).
ContactPreferences current_preferences(const Customer& c, const std::vector<PreferenceChange>& history);
// The same from the record alone (Customer::consent_* mirror the history).
ContactPreferences current_preferences(const Customer& c);

// Applies `update` to the customer record (channel, language) and returns
// the history entries for the preferences whose value changes (none when
// nothing changes). Errors name the field: missing_field for an empty
// update; invalid_field for a bad language tag or a channel the customer has
// no detail for (no email address to prefer email).
struct PreferencesChange {
  Customer customer;                     // with channel and language applied
  std::vector<PreferenceChange> history; // to append
};
Result<PreferencesChange> apply_preferences(const Customer& c, const ContactPreferences& current,
                                            const PreferencesUpdate& update, Instant at, const std::string& by);

}  // namespace civicdesk

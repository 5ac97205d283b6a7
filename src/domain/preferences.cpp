#include "domain/preferences.h"

namespace civicdesk {

namespace {

std::string yes_no(bool v) { return v ? "true" : "false"; }

}  // namespace

ContactPreferences current_preferences(const Customer& c, const std::vector<PreferenceChange>& history) {
  ContactPreferences p;
  p.preferred_channel = c.preferred_channel;
  p.language = c.language;
  for (const PreferenceChange& h : history) {
    if (h.name == preference::kConsentUpdates) p.consent_updates = h.value == "true";
    else if (h.name == preference::kConsentSurveys) p.consent_surveys = h.value == "true";
  }
  return p;
}

ContactPreferences current_preferences(const Customer& c) {
  ContactPreferences p;
  p.preferred_channel = c.preferred_channel;
  p.language = c.language;
  p.consent_updates = c.consent_updates;
  p.consent_surveys = c.consent_surveys;
  return p;
}

Result<PreferencesChange> apply_preferences(const Customer& c, const ContactPreferences& current,
                                            const PreferencesUpdate& u, Instant at, const std::string& by) {
  if (u.empty())
    return Error(ErrorCode::kMissingField,
                 "Say what to change: preferred_channel, language, consent_updates or consent_surveys");
  PreferencesChange out;
  out.customer = c;
  auto record = [&](std::string_view name, std::string value) {
    out.history.push_back(PreferenceChange{std::string(name), std::move(value), at, by});
  };
  if (u.preferred_channel && u.preferred_channel != current.preferred_channel) {
    out.customer.preferred_channel = u.preferred_channel;
    record(preference::kPreferredChannel, std::string(to_string(*u.preferred_channel)));
  }
  if (u.language && *u.language != current.language) {
    out.customer.language = *u.language;
    record(preference::kLanguage, *u.language);
  }
  if (u.consent_updates && u.consent_updates != current.consent_updates)
    record(preference::kConsentUpdates, yes_no(*u.consent_updates));
  if (u.consent_surveys && u.consent_surveys != current.consent_surveys)
    record(preference::kConsentSurveys, yes_no(*u.consent_surveys));
  // The record's own rules (a language tag; an email address to prefer
  // email) apply to the changed record.
  ASSIGN_OR_RETURN(out.customer, normalise_customer(std::move(out.customer), london_date(at)));
  return out;
}

}  // namespace civicdesk

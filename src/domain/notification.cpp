#include "domain/notification.h"

#include <algorithm>

#include "domain/text.h"

namespace civicdesk {

namespace {

std::string detail_of(const CaseEvent& e, const std::string& key) {
  auto it = e.details.find(key);
  return it == e.details.end() ? std::string() : it->second;
}

bool has(const std::vector<std::string>& v, std::string_view s) { return std::find(v.begin(), v.end(), s) != v.end(); }

std::string outcome_text(std::string_view code) {
  static const std::map<std::string_view, std::string_view> kText = {
      {"resolved", "resolved"},
      {"no_further_action", "no further action needed"},
      {"not_councils_responsibility", "not the council's responsibility"},
      {"duplicate", "already reported"},
      {"withdrawn", "withdrawn"},
      {"referred", "referred to another organisation"},
      {"upheld", "complaint upheld"},
      {"partly_upheld", "complaint partly upheld"},
      {"not_upheld", "complaint not upheld"}};
  auto it = kText.find(code);
  return std::string(it == kText.end() ? code : it->second);
}

// Survey links carry the rating as a query parameter after the token.
constexpr std::string_view kRatingWords[] = {"very dissatisfied", "dissatisfied", "neither", "satisfied",
                                             "very satisfied"};

}  // namespace

// ---- settings --------------------------------------------------------------

bool NotificationSettings::enabled(std::string_view name) const { return !has(disabled, name); }

NotificationSettings effective_settings(const std::vector<NotificationSettingsRow>& rows, std::string_view category) {
  NotificationSettings s;
  auto apply = [&s](const NotificationSettingsRow& r) {
    if (r.disabled) s.disabled = *r.disabled;
    if (r.survey_percent) s.survey_percent = *r.survey_percent;
    if (r.survey_delay_hours) s.survey_delay_hours = *r.survey_delay_hours;
    if (r.survey_cap_days) s.survey_cap_days = *r.survey_cap_days;
    if (r.quiet_from) s.quiet_from = *r.quiet_from;
    if (r.quiet_until) s.quiet_until = *r.quiet_until;
  };
  for (const auto& r : rows)
    if (r.category.empty()) apply(r);
  if (!category.empty())
    for (const auto& r : rows)
      if (r.category == category) apply(r);
  return s;
}

Status validate_settings(const NotificationSettingsRow& r) {
  auto range = [](const std::optional<int>& v, const char* field, int lo, int hi) -> Status {
    if (v && (*v < lo || *v > hi))
      return invalid_field(field, std::string(field) + " must be from " + std::to_string(lo) + " to " +
                                      std::to_string(hi));
    return {};
  };
  if (r.disabled)
    for (const std::string& n : *r.disabled)
      if (!is_case_message(n))
        return invalid_field("disabled", "\"" + n.substr(0, 64) + "\" is not a case message: use " +
                                             "case_acknowledgement, case_status_changed, case_delay, case_response, "
                                             "case_closed or case_survey");
  RETURN_IF_ERROR(range(r.survey_percent, "survey_percent", 0, 100));
  RETURN_IF_ERROR(range(r.survey_delay_hours, "survey_delay_hours", 0, 720));
  RETURN_IF_ERROR(range(r.survey_cap_days, "survey_cap_days", 0, 730));
  RETURN_IF_ERROR(range(r.quiet_from, "quiet_from", 0, 1439));
  return range(r.quiet_until, "quiet_until", 0, 1439);
}

Result<int> parse_clock_minutes(std::string_view t, std::string_view field) {
  auto digit = [](char c) { return c >= '0' && c <= '9'; };
  if (t.size() != 5 || t[2] != ':' || !digit(t[0]) || !digit(t[1]) || !digit(t[3]) || !digit(t[4]))
    return invalid_field(std::string(field), "Give a time like 21:00");
  const int h = (t[0] - '0') * 10 + (t[1] - '0');
  const int m = (t[3] - '0') * 10 + (t[4] - '0');
  if (h > 23 || m > 59) return invalid_field(std::string(field), "Give a time from 00:00 to 23:59");
  return h * 60 + m;
}

std::string format_clock_minutes(int minutes) {
  char buf[8];
  std::snprintf(buf, sizeof buf, "%02d:%02d", minutes / 60 % 24, minutes % 60);
  return buf;
}

Instant sms_send_after(Instant t, int from, int until) {
  if (from == until) return t;
  const Instant local = t + std::chrono::seconds(london_utc_offset(t));
  const LocalDate day = std::chrono::floor<std::chrono::days>(local);
  const int minute = static_cast<int>(std::chrono::duration_cast<std::chrono::minutes>(local - day).count());
  const bool quiet = from > until ? (minute >= from || minute < until) : (minute >= from && minute < until);
  if (!quiet) return t;
  // The quiet period ends at `until` today when we are before it, else tomorrow.
  const LocalDate end_day = minute < until ? day : day + std::chrono::days{1};
  return london_local_to_instant(end_day, until / 60, until % 60, 0);
}

// ---- routes ------------------------------------------------------------------

bool takes_sms(const std::string& e164) {
  if (e164.rfind("+44", 0) == 0) return e164.rfind("+447", 0) == 0;
  return e164.size() > 1 && e164[0] == '+';
}

std::optional<std::string> letter_address(const Customer& c, const PostalAddress& a) {
  if (trim(a.line1).empty() || trim(a.postcode).empty()) return std::nullopt;
  std::vector<std::string> lines;
  const std::string name = c.display_name();
  if (!trim(name).empty()) lines.push_back(std::string(trim(name)));
  for (const std::string* l : {&a.line1, &a.line2, &a.line3, &a.town})
    if (!trim(*l).empty()) lines.push_back(std::string(trim(*l)));
  lines.push_back(a.postcode);
  if (lines.size() < 3) return std::nullopt;  // line1 and postcode with no name
  std::string out;
  for (const std::string& l : lines) out += (out.empty() ? "" : "\n") + l;
  return out;
}

namespace {

template <typename T>
const T* primary_first(const std::vector<T>& items, auto usable) {
  for (const T& i : items)
    if (i.primary && usable(i)) return &i;
  for (const T& i : items)
    if (usable(i)) return &i;
  return nullptr;
}

std::optional<ContactRoute> route_by(const Customer& c, PreferredChannel ch) {
  switch (ch) {
    case PreferredChannel::kEmail:
      if (auto* e = primary_first(c.emails, [](const EmailAddress& e) { return !e.address.empty(); }))
        return ContactRoute{"email", e->address};
      return std::nullopt;
    case PreferredChannel::kSms:
      if (auto* p = primary_first(c.phones, [](const PhoneNumber& p) { return takes_sms(p.number); }))
        return ContactRoute{"sms", p->number};
      return std::nullopt;
    case PreferredChannel::kPost:
      if (auto* a = primary_first(c.addresses, [&](const PostalAddress& a) { return letter_address(c, a).has_value(); }))
        return ContactRoute{"letter", *letter_address(c, *a)};
      return std::nullopt;
    case PreferredChannel::kTelephone: return std::nullopt;
  }
  return std::nullopt;
}

}  // namespace

std::optional<ContactRoute> contact_route(const Customer& c) {
  if (c.preferred_channel)
    if (auto r = route_by(c, *c.preferred_channel)) return r;
  for (PreferredChannel ch : {PreferredChannel::kEmail, PreferredChannel::kSms, PreferredChannel::kPost})
    if (auto r = route_by(c, ch)) return r;
  return std::nullopt;
}

// ---- triggers ----------------------------------------------------------------

bool statutory_type(CaseType t) {
  return t == CaseType::kComplaint || t == CaseType::kFoiRequest || t == CaseType::kEirRequest ||
         t == CaseType::kSubjectAccessRequest;
}

std::string long_date(LocalDate d) {
  static constexpr const char* kDays[] = {"Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"};
  static constexpr const char* kMonths[] = {"January", "February", "March",     "April",   "May",      "June",
                                            "July",    "August",   "September", "October", "November", "December"};
  const std::chrono::year_month_day ymd{d};
  return std::string(kDays[iso_weekday(d) - 1]) + " " + std::to_string(static_cast<unsigned>(ymd.day())) + " " +
         kMonths[static_cast<unsigned>(ymd.month()) - 1] + " " + std::to_string(static_cast<int>(ymd.year()));
}

namespace {

std::string expected_date(const Case& c) {
  if (c.clock.resolve_by) return long_date(*c.clock.resolve_by);
  if (c.clock.respond_by) return long_date(*c.clock.respond_by);
  return "as soon as we can";
}

std::map<std::string, std::string> case_values(const Case& c, const NoticeNames& names) {
  return {{"council", names.council}, {"name", names.customer},   {"reference", c.reference},
          {"title", case_summary(c)},  {"service", names.service}, {"expected_date", expected_date(c)}};
}

}  // namespace

std::vector<CaseNotice> case_notices(const Case& c, const std::vector<CaseEvent>& events,
                                     const NotificationSettings& s, bool by_council, const NoticeNames& names) {
  std::vector<CaseNotice> out;
  if (c.type == CaseType::kMemberEnquiry || !c.customer_id) return out;
  const bool statutory = statutory_type(c.type);
  auto add = [&](std::string_view tmpl, const CaseEvent& e, std::map<std::string, std::string> extra) {
    if (!statutory && !s.enabled(tmpl)) return;
    CaseNotice n{std::string(tmpl), case_values(c, names), statutory};
    for (auto& [k, v] : extra) n.values[k] = std::move(v);
    out.push_back(std::move(n));
  };
  for (const CaseEvent& e : events) {
    if (e.kind == event_kind::kReceived) {
      add(template_name::kAcknowledgement, e, {});
    } else if (e.kind == event_kind::kStatusChanged) {
      const std::string from = detail_of(e, "from"), to = detail_of(e, "to");
      if (to == "closed") {
        add(template_name::kClosed, e,
            {{"outcome", outcome_text(detail_of(e, "outcome"))}, {"outcome_notes", c.outcome_notes}});
      } else if (from == "closed") {
        add(template_name::kStatusChanged, e, {{"status", "re-opened"}, {"reason", detail_of(e, "reason")}});
      } else if (to == "awaiting_customer") {
        add(template_name::kStatusChanged, e,
            {{"status", "waiting for information from you"}, {"reason", detail_of(e, "reason")}});
      } else if (to == "in_progress") {
        add(template_name::kStatusChanged, e, {{"status", "in progress"}, {"reason", detail_of(e, "reason")}});
      }
    } else if (e.kind == event_kind::kClockExtended) {
      std::string when = detail_of(e, "resolve_by");
      if (auto d = parse_date(when)) when = long_date(*d);
      add(template_name::kDelay, e, {{"reason", detail_of(e, "reason")}, {"expected_date", when}});
    } else if (e.kind == event_kind::kNote && e.visibility == Visibility::kPublic && by_council) {
      add(template_name::kResponse, e, {{"response", detail_of(e, "text")}});
    }
  }
  return out;
}

bool wanted(const CaseNotice& n, const ContactPreferences& prefs) {
  if (n.statutory) return true;
  if (n.template_name == template_name::kSurvey) return prefs.consent_surveys != false;
  return prefs.consent_updates != false;
}

OutboxMessage compose(Id case_id, const CaseNotice& n, const TemplateText& t, const ContactRoute& route,
                      const std::string& unsubscribe_link, const NotificationSettings& s, Instant now,
                      Instant not_before) {
  OutboxMessage m;
  m.created_at = now;
  m.channel = route.channel;
  m.recipient = route.recipient;
  m.template_name = n.template_name;
  m.personalisation = n.values;
  m.subject = render(t.subject, n.values);
  m.body = render(route.channel == "sms" ? t.sms : t.body, n.values);
  if (!n.statutory && !unsubscribe_link.empty()) {
    const bool survey = n.template_name == template_name::kSurvey;
    m.personalisation["unsubscribe_link"] = unsubscribe_link;
    if (route.channel == "sms")
      m.body += "\nStop these texts: " + unsubscribe_link;
    else
      m.body += std::string("\n\n") + (survey ? "To stop receiving surveys: " : "To stop receiving these updates: ") +
                unsubscribe_link;
  }
  m.case_id = case_id;
  m.next_attempt_at = std::max(now, not_before);
  if (route.channel == "sms") m.next_attempt_at = sms_send_after(m.next_attempt_at, s.quiet_from, s.quiet_until);
  return m;
}

// ---- surveys -----------------------------------------------------------------

bool in_survey_sample(Id case_id, int percent) {
  if (percent >= 100) return true;
  if (percent <= 0) return false;
  // splitmix64: consecutive ids spread evenly over 0..99.
  uint64_t z = static_cast<uint64_t>(case_id) + 0x9e3779b97f4a7c15ULL;
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
  z ^= z >> 31;
  return static_cast<int>(z % 100) < percent;
}

bool survey_allowed(std::optional<Instant> last, Instant now, int cap_days) {
  return !last || now - *last >= std::chrono::days{cap_days};
}

std::optional<CaseNotice> survey_notice(const Case& c, const NotificationSettings& s, const NoticeNames& names) {
  if (c.type == CaseType::kMemberEnquiry || !c.customer_id || !s.enabled(template_name::kSurvey) ||
      !in_survey_sample(c.id, s.survey_percent))
    return std::nullopt;
  CaseNotice n{std::string(template_name::kSurvey), case_values(c, names), false};
  n.values.erase("expected_date");
  return n;
}

void add_survey_links(CaseNotice& n, const std::string& url) {
  n.values["survey_link"] = url;
  std::string lines;
  for (int r = 1; r <= 5; ++r)
    lines += (r == 1 ? "" : "\n") + std::to_string(r) + " (" + std::string(kRatingWords[r - 1]) + "): " + url +
             "&rating=" + std::to_string(r);
  n.values["rating_links"] = lines;
}

Status validate_survey_response(int rating, const std::string& comment) {
  if (rating < 1 || rating > 5) return invalid_field("rating", "Choose a rating from 1 to 5");
  return check_text(comment, "comment", 2000, true);
}

// ---- digest ------------------------------------------------------------------

std::map<std::string, std::string> digest_values(const std::string& council, const std::string& lead,
                                                 const std::string& delivery_unit, LocalDate date,
                                                 const std::vector<DigestCase>& due,
                                                 const std::vector<DigestCase>& overdue) {
  auto list = [](const std::vector<DigestCase>& items) {
    if (items.empty()) return std::string("(none)");
    std::string out;
    const size_t shown = std::min<size_t>(items.size(), 50);
    for (size_t i = 0; i < shown; ++i)
      out += (i ? "\n" : "") + std::string("- ") + items[i].reference + " " + items[i].title + " (due " +
             format_date(items[i].due) + ")";
    if (items.size() > shown) out += "\n... and " + std::to_string(items.size() - shown) + " more";
    return out;
  };
  return {{"council", council},
          {"name", lead},
          {"delivery_unit", delivery_unit},
          {"date", long_date(date)},
          {"due_count", std::to_string(due.size())},
          {"overdue_count", std::to_string(overdue.size())},
          {"due_list", list(due)},
          {"overdue_list", list(overdue)}};
}

}  // namespace civicdesk

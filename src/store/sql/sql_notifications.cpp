// Notification templates and settings, unsubscribe links and satisfaction
// surveys (migration 0007, docs/notifications.md).
#include "store/sql/sql_tx.h"

namespace civicdesk::sql {

namespace {

Instant instant(int64_t s) { return Instant{std::chrono::seconds{s}}; }
int64_t seconds(Instant t) { return t.time_since_epoch().count(); }

std::string join_names(const std::vector<std::string>& names) {
  std::string out;
  for (const auto& n : names) out += (out.empty() ? "" : ",") + n;
  return out;
}

std::vector<std::string> split_names(std::string_view s) {
  std::vector<std::string> out;
  size_t pos = 0;
  while (pos <= s.size() && !s.empty()) {
    size_t comma = s.find(',', pos);
    if (comma == std::string_view::npos) comma = s.size();
    if (comma > pos) out.emplace_back(s.substr(pos, comma - pos));
    pos = comma + 1;
  }
  return out;
}

std::optional<int> opt_int(Rows& r, int col) {
  auto v = r.get_opt_int(col);
  return v ? std::optional<int>(static_cast<int>(*v)) : std::nullopt;
}

Param opt_param(const std::optional<int>& v) { return v ? Param(*v) : Param(); }

constexpr std::string_view kSurveyCols =
    "SELECT id, token_hash, case_id, customer_id, channel, category, delivery_unit, created_at, sent_at, "
    "responded_at, rating, comment FROM surveys";

Survey read_survey(Rows& r) {
  Survey s;
  s.id = r.get_int(0);
  s.token_hash = r.get_string(1);
  s.case_id = r.get_int(2);
  s.customer_id = r.get_int(3);
  s.channel = r.get_string(4);
  s.category = r.get_string(5);
  s.delivery_unit = r.get_string(6);
  s.created_at = instant(r.get_int(7));
  s.sent_at = instant(r.get_int(8));
  if (auto v = r.get_opt_int(9)) s.responded_at = instant(*v);
  s.rating = opt_int(r, 10);
  s.comment = r.get_string(11);
  return s;
}

}  // namespace

Result<std::vector<NotificationTemplate>> SqlTx::list_notification_templates(TenantId t) {
  return query_all<NotificationTemplate>(
      c_,
      "SELECT name, category, subject, body, sms, updated_at, updated_by FROM notification_templates "
      "WHERE tenant_id = ? ORDER BY name, category",
      {t}, [](Rows& r) {
        NotificationTemplate n;
        n.name = r.get_string(0);
        n.category = r.get_string(1);
        n.text = {r.get_string(2), r.get_string(3), r.get_string(4)};
        n.updated_at = instant(r.get_int(5));
        n.updated_by = r.get_string(6);
        return n;
      });
}

// Templates and settings ride in the catalogue snapshot (app/catalogue_cache.h):
// changing them bumps the catalogue version so every server reloads them.
Status SqlTx::put_notification_template(TenantId t, const NotificationTemplate& n) {
  RETURN_IF_ERROR(bump_catalogue(t));
  return c_.exec_later(
      "INSERT INTO notification_templates (tenant_id, name, category, subject, body, sms, updated_at, updated_by) "
      "VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (tenant_id, name, category) DO UPDATE SET "
      "subject = excluded.subject, body = excluded.body, sms = excluded.sms, updated_at = excluded.updated_at, "
      "updated_by = excluded.updated_by",
      {t, n.name, n.category, n.text.subject, n.text.body, n.text.sms, seconds(n.updated_at), n.updated_by});
}

Result<std::vector<NotificationSettingsRow>> SqlTx::list_notification_settings(TenantId t) {
  return query_all<NotificationSettingsRow>(
      c_,
      "SELECT category, disabled, survey_percent, survey_delay_hours, survey_cap_days, quiet_from, quiet_until, "
      "updated_at, updated_by FROM notification_settings WHERE tenant_id = ? ORDER BY category",
      {t}, [](Rows& r) {
        NotificationSettingsRow s;
        s.category = r.get_string(0);
        if (!r.is_null(1)) s.disabled = split_names(r.get_text(1));
        s.survey_percent = opt_int(r, 2);
        s.survey_delay_hours = opt_int(r, 3);
        s.survey_cap_days = opt_int(r, 4);
        s.quiet_from = opt_int(r, 5);
        s.quiet_until = opt_int(r, 6);
        s.updated_at = instant(r.get_int(7));
        s.updated_by = r.get_string(8);
        return s;
      });
}

Status SqlTx::put_notification_settings(TenantId t, const NotificationSettingsRow& s) {
  RETURN_IF_ERROR(bump_catalogue(t));
  const std::optional<std::string> disabled =
      s.disabled ? std::optional<std::string>(join_names(*s.disabled)) : std::nullopt;
  return c_.exec_later(
      "INSERT INTO notification_settings (tenant_id, category, disabled, survey_percent, survey_delay_hours, "
      "survey_cap_days, quiet_from, quiet_until, updated_at, updated_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) "
      "ON CONFLICT (tenant_id, category) DO UPDATE SET disabled = excluded.disabled, "
      "survey_percent = excluded.survey_percent, survey_delay_hours = excluded.survey_delay_hours, "
      "survey_cap_days = excluded.survey_cap_days, quiet_from = excluded.quiet_from, "
      "quiet_until = excluded.quiet_until, updated_at = excluded.updated_at, updated_by = excluded.updated_by",
      {t, s.category, disabled ? Param(*disabled) : Param(), opt_param(s.survey_percent),
       opt_param(s.survey_delay_hours), opt_param(s.survey_cap_days), opt_param(s.quiet_from),
       opt_param(s.quiet_until), seconds(s.updated_at), s.updated_by});
}

Result<UnsubscribeToken> SqlTx::get_unsubscribe_token(TenantId t, const std::string& token_hash) {
  return query_one<UnsubscribeToken>(
      c_,
      "SELECT token_hash, customer_id, preference, case_id, created_at, used_at FROM unsubscribe_tokens "
      "WHERE tenant_id = ? AND token_hash = ?",
      {t, token_hash}, "Unsubscribe link", [](Rows& r) {
        UnsubscribeToken u;
        u.token_hash = r.get_string(0);
        u.customer_id = r.get_int(1);
        u.preference = r.get_string(2);
        u.case_id = r.get_opt_int(3);
        u.created_at = instant(r.get_int(4));
        if (auto v = r.get_opt_int(5)) u.used_at = instant(*v);
        return u;
      });
}

Status SqlTx::insert_unsubscribe_token(TenantId t, const UnsubscribeToken& u) {
  return c_.exec_later(
      "INSERT INTO unsubscribe_tokens (tenant_id, token_hash, customer_id, preference, case_id, created_at, used_at) "
      "VALUES (?, ?, ?, ?, ?, ?, NULL)",
      {t, u.token_hash, u.customer_id, u.preference, u.case_id, seconds(u.created_at)});
}

Status SqlTx::use_unsubscribe_token(TenantId t, const std::string& token_hash, Instant at) {
  return c_.exec_later(
      "UPDATE unsubscribe_tokens SET used_at = ? WHERE tenant_id = ? AND token_hash = ? AND used_at IS NULL",
      {seconds(at), t, token_hash});
}

Result<Survey> SqlTx::get_survey_by_token(TenantId t, const std::string& token_hash) {
  return query_one<Survey>(c_, std::string(kSurveyCols) + " WHERE tenant_id = ? AND token_hash = ?",
                           {t, token_hash}, "Survey", read_survey);
}

Result<std::optional<Instant>> SqlTx::last_survey_at(TenantId t, Id customer_id) {
  ASSIGN_OR_RETURN(auto rows, c_.query("SELECT max(created_at) FROM surveys WHERE tenant_id = ? AND customer_id = ?",
                                       {t, customer_id}));
  ASSIGN_OR_RETURN(bool has, rows->next());
  if (!has || rows->is_null(0)) return std::optional<Instant>();
  return std::optional<Instant>(instant(rows->get_int(0)));
}

Result<std::vector<report::SurveyFact>> SqlTx::survey_facts(TenantId t, LocalDate first, LocalDate last) {
  const std::string from = format_date(first), to = format_date(last);
  return query_all<report::SurveyFact>(
      c_,
      "SELECT sent_on, channel, category, delivery_unit, rating FROM surveys "
      "WHERE tenant_id = ? AND sent_on >= ? AND sent_on <= ? ORDER BY id",
      {t, from, to}, [](Rows& r) {
        report::SurveyFact f;
        f.sent_on = parse_date(r.get_text(0)).value_or(LocalDate{});
        f.channel = r.get_string(1);
        f.category = r.get_string(2);
        f.delivery_unit = r.get_string(3);
        f.rating = opt_int(r, 4);
        return f;
      });
}

Result<Id> SqlTx::insert_survey(TenantId t, const Survey& s) {
  return c_.insert_id(
      "INSERT INTO surveys (tenant_id, token_hash, case_id, customer_id, channel, category, delivery_unit, "
      "created_at, sent_at, sent_on, responded_at, rating, comment) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, NULL, NULL, '')",
      {t, s.token_hash, s.case_id, s.customer_id, s.channel, s.category, s.delivery_unit, seconds(s.created_at),
       seconds(s.sent_at), format_date(london_date(s.sent_at))});
}

Status SqlTx::record_survey_response(TenantId t, Id survey_id, int rating, const std::string& comment, Instant at) {
  ASSIGN_OR_RETURN(int64_t n, c_.exec("UPDATE surveys SET rating = ?, comment = ?, responded_at = ? "
                                      "WHERE tenant_id = ? AND id = ? AND responded_at IS NULL",
                                      {rating, comment, seconds(at), t, survey_id}));
  if (n == 0) return Error(ErrorCode::kFailedPrecondition, "This survey has already been answered: thank you");
  return {};
}

}  // namespace civicdesk::sql

// Keeping residents informed (docs/notifications.md): notification
// templates and settings for managers, and the unsubscribe and survey links
// residents follow from their messages (no sign-in: the token is the key).
#include "app/notifications.h"
#include "http/api/api.h"
#include "http/api/json_out.h"
#include "http/parse/json_reader.h"
#include "http/parse/query.h"

namespace civicdesk::http {

namespace {

json template_json(const TemplateView& v) {
  json j = {{"name", v.name},
            {"category", v.category.empty() ? json(nullptr) : json(v.category)},
            {"subject", v.text.subject},
            {"body", v.text.body},
            {"sms", v.text.sms},
            {"source", v.source},
            {"placeholders", v.placeholders},
            {"updated_at", v.updated_at ? json(format_instant(*v.updated_at)) : json(nullptr)},
            {"updated_by", v.updated_by.empty() ? json(nullptr) : json(v.updated_by)}};
  return j;
}

json settings_json(const NotificationSettingsRow& row, const NotificationSettings& s) {
  auto opt = [](const std::optional<int>& v) { return v ? json(*v) : json(nullptr); };
  auto clock = [](const std::optional<int>& v) { return v ? json(format_clock_minutes(*v)) : json(nullptr); };
  return {{"category", row.category.empty() ? json(nullptr) : json(row.category)},
          {"stored",
           {{"disabled", row.disabled ? json(*row.disabled) : json(nullptr)},
            {"survey_percent", opt(row.survey_percent)},
            {"survey_delay_hours", opt(row.survey_delay_hours)},
            {"survey_cap_days", opt(row.survey_cap_days)},
            {"quiet_from", clock(row.quiet_from)},
            {"quiet_until", clock(row.quiet_until)}}},
          {"effective",
           {{"disabled", s.disabled},
            {"survey_percent", s.survey_percent},
            {"survey_delay_hours", s.survey_delay_hours},
            {"survey_cap_days", s.survey_cap_days},
            {"quiet_from", format_clock_minutes(s.quiet_from)},
            {"quiet_until", format_clock_minutes(s.quiet_until)}}}};
}

// ?category=<code> and nothing else.
Result<std::string> category_query(const Request& req) {
  ASSIGN_OR_RETURN(QueryReader q, QueryReader::parse(req.query));
  std::string category = q.string("category", 100).value_or("");
  RETURN_IF_ERROR(q.finish());
  return category;
}

Result<JsonReader> json_body(const Request& req) {
  RETURN_IF_ERROR(require_json(req));
  return JsonReader::parse(req.body);
}

std::optional<TemplateText> read_text(JsonReader& r, bool required) {
  if (!required && !r.has("subject") && !r.has("body") && !r.has("sms")) return std::nullopt;
  TemplateText t;
  t.subject = r.required_string("subject", 200);
  t.body = r.required_string("body", 10000, true);
  t.sms = r.required_string("sms", 918, true);
  return t;
}

std::optional<int> read_clock(JsonReader& r, std::string_view key) {
  auto s = r.string(key, 5);
  if (!s) return std::nullopt;
  auto m = parse_clock_minutes(*s, key);
  if (!m) {
    r.fail(m.error());
    return std::nullopt;
  }
  return *m;
}

std::optional<int> small(std::optional<int64_t> v) {
  return v ? std::optional<int>(static_cast<int>(*v)) : std::nullopt;
}

Result<std::string> token_query(const Request& req, std::optional<int64_t>* rating = nullptr) {
  ASSIGN_OR_RETURN(QueryReader q, QueryReader::parse(req.query));
  auto token = q.string("token", 100);
  if (rating) *rating = q.integer("rating", 1, 5);
  RETURN_IF_ERROR(q.finish());
  if (!token || token->empty()) return Error(ErrorCode::kInvalidQuery, "Give the token from your link", "token");
  return *token;
}

json unsubscribe_json(const UnsubscribeView& v) {
  return {{"preference", v.preference}, {"description", v.description}, {"unsubscribed", v.already_done}};
}

json survey_json(const SurveyView& v) {
  return {{"reference", v.reference},
          {"service", v.service},
          {"question", "How satisfied are you with how we dealt with your request?"},
          {"ratings",
           {{"1", "Very dissatisfied"}, {"2", "Dissatisfied"}, {"3", "Neither"}, {"4", "Satisfied"},
            {"5", "Very satisfied"}}},
          {"answered", v.answered}};
}

}  // namespace

void add_notification_routes(Router& r, ApiDeps& deps) {
  NotificationService& notes = deps.services.notifications;

  r.add("GET", "/api/v1/notification-templates", [&notes](Request& req) -> Result<Response> {
    ASSIGN_OR_RETURN(std::string category, category_query(req));
    ASSIGN_OR_RETURN(auto items, notes.templates(req.ctx, category));
    json out = json::array();
    for (const auto& t : items) out.push_back(template_json(t));
    return json_response(200, dump({{"items", out}}));
  });

  r.add("GET", "/api/v1/notification-templates/{name}", [&notes](Request& req) -> Result<Response> {
    ASSIGN_OR_RETURN(std::string category, category_query(req));
    ASSIGN_OR_RETURN(TemplateView t, notes.get_template(req.ctx, req.param("name"), category));
    return json_response(200, dump(template_json(t)));
  });

  r.add("PUT", "/api/v1/notification-templates/{name}", [&notes](Request& req) -> Result<Response> {
    ASSIGN_OR_RETURN(std::string category, category_query(req));
    ASSIGN_OR_RETURN(JsonReader body, json_body(req));
    std::optional<TemplateText> text = read_text(body, true);
    RETURN_IF_ERROR(body.finish());
    ASSIGN_OR_RETURN(TemplateView t, notes.put_template(req.ctx, req.param("name"), category, *text));
    return json_response(200, dump(template_json(t)));
  });

  r.add("POST", "/api/v1/notification-templates/{name}/preview", [&notes](Request& req) -> Result<Response> {
    ASSIGN_OR_RETURN(std::string category, category_query(req));
    ASSIGN_OR_RETURN(JsonReader body, json_body(req));
    std::optional<TemplateText> text = read_text(body, false);
    std::map<std::string, std::string> values;
    if (const nlohmann::json* v = body.raw("values")) {
      if (!v->is_object() || v->size() > 20)
        return invalid_field("values", "Give values as an object of at most 20 placeholder names and texts");
      for (const auto& [key, value] : v->items()) {
        if (!value.is_string() || value.get_ref<const std::string&>().size() > 10000)
          return invalid_field("values." + key.substr(0, 64), "Give each value as text of at most 10,000 characters");
        values[key] = value.get<std::string>();
      }
    }
    RETURN_IF_ERROR(body.finish());
    ASSIGN_OR_RETURN(RenderedPreview p, notes.preview(req.ctx, req.param("name"), category, text, values));
    return json_response(200, dump({{"subject", p.subject}, {"body", p.body}, {"sms", p.sms}}));
  });

  r.add("GET", "/api/v1/notification-settings", [&notes](Request& req) -> Result<Response> {
    ASSIGN_OR_RETURN(std::string category, category_query(req));
    ASSIGN_OR_RETURN(auto s, notes.settings(req.ctx, category));
    return json_response(200, dump(settings_json(s.first, s.second)));
  });

  r.add("PUT", "/api/v1/notification-settings", [&notes](Request& req) -> Result<Response> {
    ASSIGN_OR_RETURN(std::string category, category_query(req));
    ASSIGN_OR_RETURN(JsonReader body, json_body(req));
    NotificationSettingsRow row;
    row.category = category;
    row.disabled = body.strings("disabled", 20, 64);
    row.survey_percent = small(body.integer("survey_percent", 0, 100));
    row.survey_delay_hours = small(body.integer("survey_delay_hours", 0, 720));
    row.survey_cap_days = small(body.integer("survey_cap_days", 0, 730));
    row.quiet_from = read_clock(body, "quiet_from");
    row.quiet_until = read_clock(body, "quiet_until");
    RETURN_IF_ERROR(body.finish());
    ASSIGN_OR_RETURN(auto s, notes.put_settings(req.ctx, row));
    return json_response(200, dump(settings_json(s.first, s.second)));
  });

  r.add("GET", "/api/v1/unsubscribe", [&notes](Request& req) -> Result<Response> {
    ASSIGN_OR_RETURN(std::string token, token_query(req));
    ASSIGN_OR_RETURN(UnsubscribeView v, notes.unsubscribe_info(req.ctx, token));
    Response res = json_response(200, dump(unsubscribe_json(v)));
    res.set_header("Cache-Control", "no-store");
    return res;
  });

  r.add("POST", "/api/v1/unsubscribe", [&notes](Request& req) -> Result<Response> {
    RETURN_IF_ERROR(no_query(req));
    ASSIGN_OR_RETURN(JsonReader body, json_body(req));
    const std::string token = body.required_string("token", 100);
    RETURN_IF_ERROR(body.finish());
    ASSIGN_OR_RETURN(UnsubscribeView v, notes.unsubscribe(req.ctx, token));
    return json_response(200, dump(unsubscribe_json(v)));
  });

  r.add("GET", "/api/v1/survey", [&notes](Request& req) -> Result<Response> {
    std::optional<int64_t> rating;
    ASSIGN_OR_RETURN(std::string token, token_query(req, &rating));
    ASSIGN_OR_RETURN(SurveyView v, notes.survey(req.ctx, token));
    json out = survey_json(v);
    // The one-click link's rating, checked and echoed for the page to
    // confirm (a GET never records anything: mail scanners follow links).
    out["rating"] = rating ? json(*rating) : json(nullptr);
    Response res = json_response(200, dump(out));
    res.set_header("Cache-Control", "no-store");
    return res;
  });

  r.add("POST", "/api/v1/survey", [&notes](Request& req) -> Result<Response> {
    RETURN_IF_ERROR(no_query(req));
    ASSIGN_OR_RETURN(JsonReader body, json_body(req));
    const std::string token = body.required_string("token", 100);
    auto rating = body.integer("rating", 1, 5);
    if (!rating && !body.has("rating")) body.fail(Error(ErrorCode::kMissingField, "Choose a rating from 1 to 5", "rating"));
    const std::string comment = body.string("comment", 2000, true).value_or("");
    RETURN_IF_ERROR(body.finish());
    ASSIGN_OR_RETURN(SurveyView v, notes.respond(req.ctx, token, static_cast<int>(rating.value_or(0)), comment));
    return json_response(201, dump(survey_json(v)));
  });
}

}  // namespace civicdesk::http

#include "http/parse/privacy_decode.h"

#include "base/base64.h"
#include "http/parse/decode.h"
#include "http/parse/json_reader.h"
#include "http/parse/query.h"

namespace civicdesk::http {

namespace {

std::optional<Instant> query_instant(QueryReader& q, std::string_view key, bool end_of_day) {
  auto s = q.string(key, 40);
  if (!s) return std::nullopt;
  if (auto t = parse_instant(*s)) return t;
  if (auto d = parse_date(*s)) return london_start_of_day(end_of_day ? *d + std::chrono::days{1} : *d);
  q.fail(Error(ErrorCode::kInvalidQuery,
               "\"" + std::string(key) + "\" must be a date (2026-03-31) or a time with an offset", std::string(key)));
  return std::nullopt;
}

}  // namespace

Result<AuditFilter> decode_audit_filter(std::string_view query, AuditFilterUse use) {
  ASSIGN_OR_RETURN(QueryReader q, QueryReader::parse(query));
  AuditFilter f;
  f.from = query_instant(q, "from", false);
  f.to = query_instant(q, "to", true);
  f.entity = q.string("entity", 64).value_or("");
  f.entity_id = q.string("entity_id", 200).value_or("");
  f.actor = q.string("actor", 100).value_or("");
  if (use == AuditFilterUse::kListing) {
    if (auto cursor = q.string("cursor", 100)) {
      auto id = decode_id_cursor(*cursor);
      if (!id) q.fail(id.error());
      else f.after_id = *id;
    }
    f.limit = static_cast<int>(q.integer("limit", 1, 500).value_or(100));
  }
  if (!f.entity_id.empty() && f.entity.empty())
    q.fail(Error(ErrorCode::kInvalidQuery, "Give the entity (customer, case, ...) that entity_id belongs to",
                 "entity"));
  if (f.from && f.to && *f.to <= *f.from)
    q.fail(Error(ErrorCode::kInvalidQuery, "\"to\" must be after \"from\"", "to"));
  RETURN_IF_ERROR(q.finish());
  return f;
}

Result<bool> decode_subject_access_format(std::string_view query) {
  ASSIGN_OR_RETURN(QueryReader q, QueryReader::parse(query));
  bool html = false;
  if (auto format = q.string("format", 10)) {
    if (*format == "html") html = true;
    else if (*format != "json")
      q.fail(Error(ErrorCode::kInvalidQuery, "\"format\" must be json or html", "format"));
  }
  RETURN_IF_ERROR(q.finish());
  return html;
}

Result<PreferencesUpdate> decode_preferences(std::string_view body) {
  ASSIGN_OR_RETURN(JsonReader r, JsonReader::parse(body));
  PreferencesUpdate u;
  u.preferred_channel = r.parsed<PreferredChannel>("preferred_channel", parse_preferred_channel);
  u.language = r.string("language", 35);
  u.consent_updates = r.boolean("consent_updates");
  u.consent_surveys = r.boolean("consent_surveys");
  RETURN_IF_ERROR(r.finish());
  if (u.empty())
    return Error(ErrorCode::kMissingField,
                 "Say what to change: preferred_channel, language, consent_updates or consent_surveys");
  return u;
}

Result<bool> decode_dry_run(std::string_view body) {
  ASSIGN_OR_RETURN(JsonReader r, JsonReader::parse(body));
  auto dry_run = r.boolean("dry_run");
  RETURN_IF_ERROR(r.finish());
  if (!dry_run)
    return Error(ErrorCode::kMissingField, "Say \"dry_run\": true to see what would happen, or false to do it",
                 "dry_run");
  return *dry_run;
}

Result<RetentionRules> decode_retention_rules(std::string_view body) {
  ASSIGN_OR_RETURN(JsonReader r, JsonReader::parse(body));
  RetentionRules rules;
  auto items = r.objects("rules", 50);
  if (items) {
    for (JsonReader& item : *items) {
      auto type = item.parsed<CaseType>("case_type", parse_case_type);
      auto years = item.integer("keep_years", 0, kMaxKeepYears);
      if (!item.has("case_type")) item.fail(missing_field(item.path("case_type")));
      else if (!item.has("keep_years")) item.fail(missing_field(item.path("keep_years")));
      if (type && years && !rules.emplace(*type, static_cast<int>(*years)).second)
        item.fail(invalid_field(item.path("case_type"), "Give each case type one rule"));
    }
  } else if (!r.has("rules")) {
    r.fail(missing_field("rules"));
  }
  RETURN_IF_ERROR(r.finish());
  return rules;
}

}  // namespace civicdesk::http

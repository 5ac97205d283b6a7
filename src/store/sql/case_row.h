// One case as a row of the cases table: the INSERT statement and its
// parameters, shared by single inserts (sql_cases.cpp) and bulk loads
// (sql_import.cpp) so that the two can never disagree about a column.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "store/sql/codec.h"
#include "store/sql/sql.h"

namespace civicdesk::sql {

inline int64_t seconds(Instant t) { return t.time_since_epoch().count(); }

inline std::optional<std::string> london_day(const std::optional<Instant>& t) {
  if (!t) return std::nullopt;
  return format_date(london_date(*t));
}

inline Param opt_seconds(const std::optional<Instant>& t) { return t ? Param(seconds(*t)) : Param(); }

// Owned storage for the text parameters of one case row.
struct CaseTexts {
  std::string answers, sla, received_on, start_day;
  std::optional<std::string> respond_by, resolve_by, paused_on, responded_on;
  // London dates of closure and of the first delay notice (reports compare
  // them with due dates in SQL), and the enquiry's dates.
  std::optional<std::string> closed_on, delay_advised_on, revised_due_on, diary_on;
  explicit CaseTexts(const Case& c) : CaseTexts(c, encode_policy(c.sla), encode_answers(c.answers)) {}
  // With the policy and answers already encoded (bulk loads encode each
  // policy once, and most imported cases have no answers).
  CaseTexts(const Case& c, std::string sla_json, std::string answers_json)
      : answers(std::move(answers_json)),
        sla(std::move(sla_json)),
        received_on(format_date(c.clock.received_on)),
        start_day(format_date(c.clock.start_day)),
        respond_by(encode_date(c.clock.respond_by)),
        resolve_by(encode_date(c.clock.resolve_by)),
        paused_on(encode_date(c.clock.paused_on)),
        responded_on(encode_date(c.clock.responded_on)),
        closed_on(london_day(c.closed_at)),
        delay_advised_on(london_day(c.enquiry.delay_advised_at)),
        revised_due_on(encode_date(c.enquiry.revised_due_on)),
        diary_on(encode_date(c.enquiry.diary_on)) {}
};

inline constexpr std::string_view kInsertCase =
    "INSERT INTO cases (tenant_id, reference, type, status, priority, category, delivery_unit, team, "
    "assignee_id, customer_id, member_id, parent_id, channel, title, description, lat, lng, address, "
    "postcode, uprn, usrn, ward, answers, sla_policy, received_at, received_on, start_day, "
    "respond_by, resolve_by, paused_on, paused_days, extension, responded_on, closed_at, outcome, "
    "outcome_notes, created_at, updated_at, version, closed_on, delay_advised_at, delay_advised_on, "
    "revised_due_on, escalated_at, chasers, diary_on, diary_reason, confidential, routing) VALUES "
    "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, "
    "?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";

// The parameters of kInsertCase, borrowing from `in` and `s`.
inline std::vector<Param> insert_case_params(TenantId t, const Case& in, const CaseTexts& s) {
  const Location& l = in.location;
  return {t, in.reference, to_string(in.type), to_string(in.status), to_string(in.priority), in.category,
          in.delivery_unit, in.team, in.assignee_id, in.customer_id, in.member_id, in.parent_id,
          to_string(in.channel), in.title, in.description, l.lat, l.lng, l.address, l.postcode, l.uprn,
          l.usrn, l.ward, s.answers, s.sla, seconds(in.received_at), s.received_on, s.start_day,
          s.respond_by, s.resolve_by, s.paused_on, in.clock.paused_days, in.clock.extension,
          s.responded_on, in.closed_at ? Param(seconds(*in.closed_at)) : Param(),
          in.outcome ? Param(to_string(*in.outcome)) : Param(), in.outcome_notes,
          seconds(in.created_at), seconds(in.updated_at), in.version, s.closed_on,
          opt_seconds(in.enquiry.delay_advised_at), s.delay_advised_on, s.revised_due_on,
          opt_seconds(in.enquiry.escalated_at), in.enquiry.chasers, s.diary_on, in.enquiry.diary_reason,
          in.enquiry.confidential ? 1 : 0, to_string(in.enquiry.routing)};
}

// A unique-key clash on insert is a reference already in use.
inline Error duplicate_or(const Error& e, const Case& in) {
  if (e.code == ErrorCode::kAlreadyExists)
    return Error(ErrorCode::kDuplicateReference, "Case reference " + in.reference + " is already in use",
                 "reference");
  return e;
}

}  // namespace civicdesk::sql

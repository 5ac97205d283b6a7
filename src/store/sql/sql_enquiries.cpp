// Members' Enquiries: routings, escalations, chasers, escalation officers and
// approvals.
#include <algorithm>

#include "store/sql/codec.h"
#include "store/sql/sql_tx.h"

namespace civicdesk::sql {

namespace {

Instant instant(int64_t s) { return Instant{std::chrono::seconds{s}}; }
int64_t seconds(Instant t) { return t.time_since_epoch().count(); }
Param opt_seconds(const std::optional<Instant>& t) { return t ? Param(seconds(*t)) : Param(); }
std::optional<Instant> opt_instant(Rows& r, int col) {
  return r.is_null(col) ? std::nullopt : std::optional<Instant>(instant(r.get_int(col)));
}

constexpr std::string_view kApprovalCols =
    "id, case_id, kind, requested_by, requested_at, reason, change, status, decided_by, decided_at, decision_note";

Approval read_approval(Rows& r) {
  Approval a;
  a.id = r.get_int(0);
  a.case_id = r.get_int(1);
  if (auto v = parse_approval_kind(r.get_text(2))) a.kind = *v;
  a.requested_by = r.get_string(3);
  a.requested_at = instant(r.get_int(4));
  a.reason = r.get_string(5);
  const auto change = decode_details(r.get_text(6));
  if (auto it = change.find("type"); it != change.end())
    if (auto v = parse_case_type(it->second)) a.new_type = *v;
  if (auto it = change.find("category"); it != change.end()) a.new_category = it->second;
  if (auto v = parse_approval_status(r.get_text(7))) a.status = *v;
  a.decided_by = r.get_string(8);
  a.decided_at = opt_instant(r, 9);
  a.decision_note = r.get_string(10);
  return a;
}

}  // namespace

Result<std::vector<RoutingRecord>> SqlTx::list_routings(TenantId t, Id case_id) {
  return query_all<RoutingRecord>(
      c_,
      "SELECT id, case_id, delivery_unit, officer_id, routed_at, routed_by, outcome, decided_at, decided_by, reason "
      "FROM case_routings WHERE tenant_id = ? AND case_id = ? ORDER BY id",
      {t, case_id}, [](Rows& r) {
        RoutingRecord x;
        x.id = r.get_int(0);
        x.case_id = r.get_int(1);
        x.delivery_unit = r.get_string(2);
        x.officer_id = r.get_opt_int(3);
        x.routed_at = instant(r.get_int(4));
        x.routed_by = r.get_string(5);
        if (auto v = parse_routing_outcome(r.get_text(6))) x.outcome = *v;
        x.decided_at = opt_instant(r, 7);
        x.decided_by = r.get_string(8);
        x.reason = r.get_string(9);
        return x;
      });
}

Result<std::vector<EscalationRecord>> SqlTx::list_escalations(TenantId t, Id case_id) {
  return query_all<EscalationRecord>(
      c_,
      "SELECT id, case_id, delivery_unit, officer_id, escalated_at, escalated_by, reason FROM case_escalations "
      "WHERE tenant_id = ? AND case_id = ? ORDER BY id",
      {t, case_id}, [](Rows& r) {
        EscalationRecord x;
        x.id = r.get_int(0);
        x.case_id = r.get_int(1);
        x.delivery_unit = r.get_string(2);
        x.officer_id = r.get_opt_int(3);
        x.escalated_at = instant(r.get_int(4));
        x.escalated_by = r.get_string(5);
        x.reason = r.get_string(6);
        return x;
      });
}

Result<std::vector<ChaserRecord>> SqlTx::list_chasers(TenantId t, Id case_id) {
  return query_all<ChaserRecord>(
      c_, "SELECT id, case_id, at, chased_by, note FROM case_chasers WHERE tenant_id = ? AND case_id = ? ORDER BY id",
      {t, case_id}, [](Rows& r) {
        ChaserRecord x;
        x.id = r.get_int(0);
        x.case_id = r.get_int(1);
        x.at = instant(r.get_int(2));
        x.chased_by = r.get_string(3);
        x.note = r.get_string(4);
        return x;
      });
}

Result<std::vector<Id>> SqlTx::list_escalation_officers(TenantId t, const std::string& delivery_unit) {
  return query_all<Id>(c_,
                       "SELECT officer_id FROM escalation_officers WHERE tenant_id = ? AND delivery_unit = ? "
                       "ORDER BY position",
                       {t, delivery_unit}, [](Rows& r) { return r.get_int(0); });
}

Result<std::vector<Approval>> SqlTx::list_approvals(TenantId t, Id case_id) {
  return query_all<Approval>(c_,
                             "SELECT " + std::string(kApprovalCols) +
                                 " FROM case_approvals WHERE tenant_id = ? AND case_id = ? ORDER BY id",
                             {t, case_id}, read_approval);
}

Result<std::vector<Approval>> SqlTx::list_pending_approvals(TenantId t, int limit) {
  return query_all<Approval>(c_,
                             "SELECT " + std::string(kApprovalCols) +
                                 " FROM case_approvals WHERE tenant_id = ? AND status = 'pending' ORDER BY id LIMIT " +
                                 std::to_string(std::clamp(limit, 1, 1000)),
                             {t}, read_approval);
}

Result<Id> SqlTx::insert_routing(TenantId t, const RoutingRecord& r) {
  return c_.insert_id(
      "INSERT INTO case_routings (tenant_id, case_id, delivery_unit, officer_id, routed_at, routed_by, outcome, "
      "decided_at, decided_by, reason) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
      {t, r.case_id, r.delivery_unit, r.officer_id, seconds(r.routed_at), r.routed_by, to_string(r.outcome),
       opt_seconds(r.decided_at), r.decided_by, r.reason});
}

Status SqlTx::update_routing(TenantId t, const RoutingRecord& r) {
  ASSIGN_OR_RETURN(int64_t n, c_.exec("UPDATE case_routings SET outcome = ?, decided_at = ?, decided_by = ?, "
                                      "reason = ? WHERE tenant_id = ? AND id = ?",
                                      {to_string(r.outcome), opt_seconds(r.decided_at), r.decided_by, r.reason, t,
                                       r.id}));
  if (n == 0) return not_found("Routing not found");
  return {};
}

Result<Id> SqlTx::insert_escalation(TenantId t, const EscalationRecord& e) {
  return c_.insert_id(
      "INSERT INTO case_escalations (tenant_id, case_id, delivery_unit, officer_id, escalated_at, escalated_by, "
      "reason) VALUES (?, ?, ?, ?, ?, ?, ?)",
      {t, e.case_id, e.delivery_unit, e.officer_id, seconds(e.escalated_at), e.escalated_by, e.reason});
}

Result<Id> SqlTx::insert_chaser(TenantId t, const ChaserRecord& c) {
  return c_.insert_id("INSERT INTO case_chasers (tenant_id, case_id, at, chased_by, note) VALUES (?, ?, ?, ?, ?)",
                      {t, c.case_id, seconds(c.at), c.chased_by, c.note});
}

Status SqlTx::put_escalation_officers(TenantId t, const std::string& delivery_unit,
                                      const std::vector<Id>& officer_ids) {
  RETURN_IF_ERROR(
      c_.exec("DELETE FROM escalation_officers WHERE tenant_id = ? AND delivery_unit = ?", {t, delivery_unit}));
  for (size_t i = 0; i < officer_ids.size(); ++i)
    RETURN_IF_ERROR(c_.exec(
        "INSERT INTO escalation_officers (tenant_id, delivery_unit, position, officer_id) VALUES (?, ?, ?, ?)",
        {t, delivery_unit, static_cast<int64_t>(i + 1), officer_ids[i]}));
  return {};
}

Result<Id> SqlTx::insert_approval(TenantId t, const Approval& a) {
  std::map<std::string, std::string> change;
  if (a.new_type) change["type"] = std::string(to_string(*a.new_type));
  if (!a.new_category.empty()) change["category"] = a.new_category;
  const std::string encoded = encode_details(change);
  return c_.insert_id(
      "INSERT INTO case_approvals (tenant_id, case_id, kind, requested_by, requested_at, reason, change, status, "
      "decided_by, decided_at, decision_note) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
      {t, a.case_id, to_string(a.kind), a.requested_by, seconds(a.requested_at), a.reason, encoded,
       to_string(a.status), a.decided_by, opt_seconds(a.decided_at), a.decision_note});
}

Status SqlTx::decide_approval(TenantId t, const Approval& a) {
  ASSIGN_OR_RETURN(auto rows, c_.query("UPDATE case_approvals SET status = ?, decided_by = ?, decided_at = ?, "
                                       "decision_note = ? WHERE tenant_id = ? AND id = ? AND status = 'pending' "
                                       "RETURNING id",
                                       {to_string(a.status), a.decided_by, opt_seconds(a.decided_at),
                                        a.decision_note, t, a.id}));
  ASSIGN_OR_RETURN(bool updated, rows->next());
  if (!updated) return Error(ErrorCode::kFailedPrecondition, "That approval has already been decided");
  return {};
}

}  // namespace civicdesk::sql

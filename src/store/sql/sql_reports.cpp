// Members' Enquiries: the committee reports' aggregations (GROUP BY inside
// the database, over the partial covering indexes of migration 0005) and the
// routing, escalation and chaser records they read.
//
// Every report query names the enquiries the same way, with literals, so
// that both databases can match the partial indexes
// (WHERE type = 'member_enquiry' AND parent_id IS NULL) even for prepared
// statements with generic plans.
#include <deque>

#include "store/sql/codec.h"
#include "store/sql/dialect.h"
#include "store/sql/sql_tx.h"

namespace civicdesk::sql {

namespace {

Instant instant(int64_t s) { return Instant{std::chrono::seconds{s}}; }
int64_t seconds(Instant t) { return t.time_since_epoch().count(); }

constexpr std::string_view kEnquiries = "c.type = 'member_enquiry' AND c.parent_id IS NULL";

// A report query under construction. Text parameters live in `texts` (a
// deque keeps them in place) or in the caller's scope, which outlives it.
struct Query {
  std::string sql;
  std::deque<std::string> texts;
  std::vector<Param> params;

  Query& add(std::string_view s) {
    sql += s;
    return *this;
  }
  Query& bind(Param p) {
    params.push_back(p);
    return *this;
  }
  Query& date(LocalDate d) { return bind(texts.emplace_back(format_date(d))); }
  // What the principal may see (domain/access.h): false when nothing.
  bool scope(const CaseScope& s) {
    if (s.nothing) return false;
    if (!s.everything) {
      // Residents and councillors never hold kViewReports; should such a
      // scope reach here, it sees nothing rather than everything.
      if (s.customer_id || s.member_id) return false;
      if (s.delivery_unit) add(" AND c.delivery_unit = ?").bind(*s.delivery_unit);
    }
    for (const auto& hidden : s.hidden_categories) add(" AND c.category <> ?").bind(hidden);
    return true;
  }
};

// PostgreSQL plans a prepared statement for its actual values five times,
// then switches to a generic plan if that looks no dearer; for these range
// reports over millions of enquiries the generic plans misjudged the ranges
// (me-quarterly at 10 million cases: 694 ms against 84 ms for the same SQL
// with its values; docs/reports.md). Planning each report query for its own
// values costs under a millisecond. JIT compiling (tens of milliseconds
// when a large estimate triggers it) never pays for itself in queries this
// short. set_config(..., true) lasts for the report's read transaction only
// and travels with the query (one round trip).
Status plan_for_values(Connection& c, Dialect d) {
  if (d != Dialect::kPostgres) return {};
  return c.exec_later("SELECT set_config('plan_cache_mode', 'force_custom_plan', true), set_config('jit', 'off', true)",
                      {});
}

LocalDate date_of(std::string_view text) { return decode_date(text).value_or(LocalDate{}); }

// `columns` of the enquiries open at the end of `at` (received by then, and
// never closed or closed later; with `overdue_only`, also due before `at`),
// as two UNION ALL branches so that each reads one range of cases_me_open.
// False when the scope sees nothing.
bool open_enquiries(Query& q, std::string_view hint, TenantId t, std::string_view columns, LocalDate at,
                    const CaseScope& scope, bool overdue_only) {
  for (int branch = 0; branch < 2; ++branch) {
    if (branch == 1) q.add(" UNION ALL ");
    q.add("SELECT ").add(columns).add(" FROM cases c").add(hint).add(" WHERE c.tenant_id = ? AND ").bind(t).add(kEnquiries);
    if (branch == 0) {
      q.add(" AND c.closed_on IS NULL");
    } else {
      q.add(" AND c.closed_on > ?");
      q.date(at);
    }
    q.add(" AND c.received_on <= ?");
    q.date(at);
    if (overdue_only) {
      q.add(" AND c.resolve_by < ?");
      q.date(at);
    }
    if (!q.scope(scope)) return false;
  }
  return true;
}

}  // namespace

Result<std::vector<report::DueCounts>> SqlTx::me_due_counts(TenantId t, const CaseScope& scope, LocalDate first,
                                                            LocalDate last) {
  Query q;
  q.add("SELECT substr(c.resolve_by, 1, 7), c.delivery_unit, COUNT(*), "
        "SUM(CASE WHEN c.closed_on <= c.resolve_by THEN 1 ELSE 0 END), "
        "SUM(CASE WHEN (c.closed_on IS NULL OR c.closed_on > c.resolve_by) AND c.delay_advised_on <= c.resolve_by "
        "THEN 1 ELSE 0 END) FROM cases c")
      .add(index_hint(d_, "cases_me_due"))
      .add(" WHERE c.tenant_id = ? AND ")
      .bind(t)
      .add(kEnquiries)
      .add(" AND c.resolve_by >= ? AND c.resolve_by <= ?");
  q.date(first).date(last);
  if (!q.scope(scope)) return std::vector<report::DueCounts>{};
  q.add(" GROUP BY substr(c.resolve_by, 1, 7), c.delivery_unit");
  std::vector<report::DueCounts> out;
  RETURN_IF_ERROR(plan_for_values(c_, d_));
  ASSIGN_OR_RETURN(auto rows, c_.query(q.sql, q.params));
  while (true) {
    ASSIGN_OR_RETURN(bool has, rows->next());
    if (!has) break;
    auto m = report::parse_month(rows->get_text(0), "resolve_by");
    if (!m) return internal_error("A Members' Enquiry has a malformed due date");
    out.push_back({*m, rows->get_string(1), rows->get_int(2), rows->get_int(3), rows->get_int(4)});
  }
  return out;
}

Result<std::vector<report::AgeingCounts>> SqlTx::me_ageing_counts(TenantId t, const CaseScope& scope, LocalDate at) {
  const report::AgeingBounds b = report::ageing_bounds(at);
  Query q;
  q.add("SELECT o.delivery_unit, CASE WHEN o.received_on >= ? THEN 0 WHEN o.received_on >= ? THEN 1 "
        "WHEN o.received_on >= ? THEN 2 WHEN o.received_on >= ? THEN 3 ELSE 4 END, COUNT(*) FROM (");
  for (const LocalDate& d : b.oldest) q.date(d);
  if (!open_enquiries(q, index_hint(d_, "cases_me_open"), t, "c.delivery_unit, c.received_on", at, scope, false))
    return std::vector<report::AgeingCounts>{};
  q.add(") o GROUP BY 1, 2");
  std::map<std::string, report::AgeingCounts> by_unit;
  RETURN_IF_ERROR(plan_for_values(c_, d_));
  ASSIGN_OR_RETURN(auto rows, c_.query(q.sql, q.params));
  while (true) {
    ASSIGN_OR_RETURN(bool has, rows->next());
    if (!has) break;
    const std::string du = rows->get_string(0);
    auto& r = by_unit[du];
    r.delivery_unit = du;
    const int64_t band = rows->get_int(1);
    if (band >= 0 && band < 5) r.bands[band] += rows->get_int(2);
  }
  std::vector<report::AgeingCounts> out;
  for (auto& [du, r] : by_unit) out.push_back(std::move(r));
  return out;
}

Result<std::vector<report::MisdirectedItem>> SqlTx::me_misdirected(TenantId t, const CaseScope& scope, Instant from,
                                                                   Instant to) {
  Query q;
  q.add("SELECT r.delivery_unit, r.decided_at - r.routed_at FROM case_routings r JOIN cases c "
        "ON c.tenant_id = r.tenant_id AND c.id = r.case_id WHERE r.tenant_id = ? AND r.outcome = 'misdirected' "
        "AND r.decided_at >= ? AND r.decided_at < ? AND c.type = 'member_enquiry'")
      .bind(t)
      .bind(seconds(from))
      .bind(seconds(to));
  if (!q.scope(scope)) return std::vector<report::MisdirectedItem>{};
  RETURN_IF_ERROR(plan_for_values(c_, d_));
  return query_all<report::MisdirectedItem>(c_, q.sql, q.params, [](Rows& r) {
    return report::MisdirectedItem{r.get_string(0), r.get_int(1)};
  });
}

Result<std::vector<report::EscalationCounts>> SqlTx::me_escalation_counts(TenantId t, const CaseScope& scope,
                                                                          Instant from, Instant to) {
  Query q;
  q.add("SELECT e.delivery_unit, COUNT(*), COUNT(DISTINCT e.case_id) FROM case_escalations e JOIN cases c "
        "ON c.tenant_id = e.tenant_id AND c.id = e.case_id WHERE e.tenant_id = ? AND e.escalated_at >= ? "
        "AND e.escalated_at < ? AND c.type = 'member_enquiry'")
      .bind(t)
      .bind(seconds(from))
      .bind(seconds(to));
  if (!q.scope(scope)) return std::vector<report::EscalationCounts>{};
  q.add(" GROUP BY e.delivery_unit");
  RETURN_IF_ERROR(plan_for_values(c_, d_));
  return query_all<report::EscalationCounts>(c_, q.sql, q.params, [](Rows& r) {
    return report::EscalationCounts{r.get_string(0), r.get_int(1), r.get_int(2)};
  });
}

Result<std::vector<report::EscalationItem>> SqlTx::me_escalations(TenantId t, const CaseScope& scope, Instant from,
                                                                  Instant to) {
  Query q;
  q.add("SELECT e.escalated_at, c.reference, e.delivery_unit, e.reason FROM case_escalations e JOIN cases c "
        "ON c.tenant_id = e.tenant_id AND c.id = e.case_id WHERE e.tenant_id = ? AND e.escalated_at >= ? "
        "AND e.escalated_at < ? AND c.type = 'member_enquiry'")
      .bind(t)
      .bind(seconds(from))
      .bind(seconds(to));
  if (!q.scope(scope)) return std::vector<report::EscalationItem>{};
  q.add(" ORDER BY e.escalated_at, e.id");
  RETURN_IF_ERROR(plan_for_values(c_, d_));
  return query_all<report::EscalationItem>(c_, q.sql, q.params, [](Rows& r) {
    return report::EscalationItem{instant(r.get_int(0)), r.get_string(1), r.get_string(2), r.get_string(3)};
  });
}

Result<std::vector<report::ChaserCounts>> SqlTx::me_chaser_counts(TenantId t, const CaseScope& scope,
                                                                  LocalDate first, LocalDate last) {
  Query q;
  q.add("SELECT c.delivery_unit, COUNT(*), SUM(CASE WHEN c.chasers = 0 THEN 1 ELSE 0 END), "
        "SUM(CASE WHEN c.chasers = 1 THEN 1 ELSE 0 END), SUM(CASE WHEN c.chasers = 2 THEN 1 ELSE 0 END), "
        "SUM(CASE WHEN c.chasers >= 3 THEN 1 ELSE 0 END), SUM(c.chasers) FROM cases c")
      .add(index_hint(d_, "cases_me_received"))
      .add(" WHERE c.tenant_id = ? AND ")
      .bind(t)
      .add(kEnquiries)
      .add(" AND c.received_on >= ? AND c.received_on <= ?");
  q.date(first).date(last);
  if (!q.scope(scope)) return std::vector<report::ChaserCounts>{};
  q.add(" GROUP BY c.delivery_unit");
  RETURN_IF_ERROR(plan_for_values(c_, d_));
  return query_all<report::ChaserCounts>(c_, q.sql, q.params, [](Rows& r) {
    report::ChaserCounts c;
    c.delivery_unit = r.get_string(0);
    c.enquiries = r.get_int(1);
    c.none = r.get_int(2);
    c.one = r.get_int(3);
    c.two = r.get_int(4);
    c.three_plus = r.get_int(5);
    c.chasers = r.get_int(6);
    return c;
  });
}

Result<std::vector<report::ClosurePair>> SqlTx::me_closure_pairs(TenantId t, const CaseScope& scope,
                                                                 LocalDate first, LocalDate last) {
  Query q;
  q.add("SELECT c.delivery_unit, c.received_on, c.closed_on, COUNT(*) FROM cases c")
      .add(index_hint(d_, "cases_me_open"))
      .add(" WHERE c.tenant_id = ? AND ")
      .bind(t)
      .add(kEnquiries)
      .add(" AND c.closed_on >= ? AND c.closed_on <= ?");
  q.date(first).date(last);
  if (!q.scope(scope)) return std::vector<report::ClosurePair>{};
  q.add(" GROUP BY c.delivery_unit, c.received_on, c.closed_on");
  RETURN_IF_ERROR(plan_for_values(c_, d_));
  return query_all<report::ClosurePair>(c_, q.sql, q.params, [](Rows& r) {
    return report::ClosurePair{r.get_string(0), date_of(r.get_text(1)), date_of(r.get_text(2)), r.get_int(3)};
  });
}

Result<std::vector<report::OverdueItem>> SqlTx::me_overdue(TenantId t, const CaseScope& scope, LocalDate at) {
  Query q;
  if (!open_enquiries(q, index_hint(d_, "cases_me_open"), t, "c.reference, c.delivery_unit, c.received_on, c.resolve_by",
                      at, scope, true))
    return std::vector<report::OverdueItem>{};
  RETURN_IF_ERROR(plan_for_values(c_, d_));
  return query_all<report::OverdueItem>(c_, q.sql, q.params, [](Rows& r) {
    return report::OverdueItem{r.get_string(0), r.get_string(1), date_of(r.get_text(2)), date_of(r.get_text(3))};
  });
}

}  // namespace civicdesk::sql

// Cases, their timeline, links and watchers.
#include <algorithm>
#include <deque>

#include "store/sql/case_row.h"
#include "store/sql/codec.h"
#include "store/sql/dialect.h"
#include "store/sql/sql_tx.h"

namespace civicdesk::sql {

namespace {

Instant instant(int64_t s) { return Instant{std::chrono::seconds{s}}; }

constexpr std::string_view kCaseCols =
    "c.id, c.reference, c.type, c.status, c.priority, c.category, c.delivery_unit, c.team, "
    "c.assignee_id, c.customer_id, c.member_id, c.parent_id, c.channel, c.title, c.description, "
    "c.lat, c.lng, c.address, c.postcode, c.uprn, c.usrn, c.ward, c.answers, c.sla_policy, "
    "c.received_at, c.received_on, c.start_day, c.respond_by, c.resolve_by, c.paused_on, "
    "c.paused_days, c.extension, c.responded_on, c.closed_at, c.outcome, c.outcome_notes, "
    "c.created_at, c.updated_at, c.version, c.delay_advised_at, c.revised_due_on, c.escalated_at, "
    "c.chasers, c.diary_on, c.diary_reason, c.confidential, c.routing";

std::optional<LocalDate> opt_date(Rows& r, int col) {
  return r.is_null(col) ? std::nullopt : decode_date(r.get_text(col));
}

Case read_case(Rows& r) {
  Case c;
  c.id = r.get_int(0);
  c.reference = r.get_string(1);
  if (auto v = parse_case_type(r.get_text(2))) c.type = *v;
  if (auto v = parse_case_status(r.get_text(3))) c.status = *v;
  if (auto v = parse_priority(r.get_text(4))) c.priority = *v;
  c.category = r.get_string(5);
  c.delivery_unit = r.get_string(6);
  c.team = r.get_string(7);
  c.assignee_id = r.get_opt_int(8);
  c.customer_id = r.get_opt_int(9);
  c.member_id = r.get_opt_int(10);
  c.parent_id = r.get_opt_int(11);
  if (auto v = parse_channel(r.get_text(12))) c.channel = *v;
  c.title = r.get_string(13);
  c.description = r.get_string(14);
  c.location.lat = r.get_opt_double(15);
  c.location.lng = r.get_opt_double(16);
  c.location.address = r.get_string(17);
  c.location.postcode = r.get_string(18);
  c.location.uprn = r.get_opt_int(19);
  c.location.usrn = r.get_opt_int(20);
  c.location.ward = r.get_string(21);
  c.answers = decode_answers(r.get_text(22));
  c.sla = decode_policy(r.get_text(23));
  c.received_at = instant(r.get_int(24));
  c.clock.received_on = decode_date(r.get_text(25)).value_or(LocalDate{});
  c.clock.start_day = decode_date(r.get_text(26)).value_or(LocalDate{});
  c.clock.respond_by = opt_date(r, 27);
  c.clock.resolve_by = opt_date(r, 28);
  c.clock.paused_on = opt_date(r, 29);
  c.clock.paused_days = static_cast<int>(r.get_int(30));
  c.clock.extension = static_cast<int>(r.get_int(31));
  c.clock.responded_on = opt_date(r, 32);
  if (!r.is_null(33)) c.closed_at = instant(r.get_int(33));
  if (!r.is_null(34))
    if (auto v = parse_case_outcome(r.get_text(34))) c.outcome = *v;
  c.outcome_notes = r.get_string(35);
  c.created_at = instant(r.get_int(36));
  c.updated_at = instant(r.get_int(37));
  c.version = r.get_int(38);
  EnquiryTracking& e = c.enquiry;
  if (!r.is_null(39)) e.delay_advised_at = instant(r.get_int(39));
  e.revised_due_on = opt_date(r, 40);
  if (!r.is_null(41)) e.escalated_at = instant(r.get_int(41));
  e.chasers = static_cast<int>(r.get_int(42));
  e.diary_on = opt_date(r, 43);
  e.diary_reason = r.get_string(44);
  e.confidential = r.get_int(45) != 0;
  if (auto v = parse_routing(r.get_text(46))) e.routing = *v;
  return c;
}




std::string watcher_key(const Watcher& w) {
  if (w.kind == WatcherKind::kEmail) return "email:" + w.email;
  return std::string(to_string(w.kind)) + ":" + std::to_string(w.ref_id.value_or(0));
}

LinkKind mirror(LinkKind k) {
  switch (k) {
    case LinkKind::kDuplicateOf: return LinkKind::kDuplicatedBy;
    case LinkKind::kDuplicatedBy: return LinkKind::kDuplicateOf;
    case LinkKind::kParent: return LinkKind::kChild;
    case LinkKind::kChild: return LinkKind::kParent;
    case LinkKind::kRelated: break;
  }
  return LinkKind::kRelated;
}

}  // namespace

Status SqlTx::index_case(const Case& c) {
  const std::string sql = case_text_upsert(d_);
  if (sql.empty()) return {};
  const std::string address = c.location.address + " " + c.location.postcode;
  return c_.exec_at_end(sql, {c.id, c.reference, c.title, c.description, address});
}

Result<Case> SqlTx::get_case(TenantId t, Id id) {
  return query_one<Case>(c_, "SELECT " + std::string(kCaseCols) + " FROM cases c WHERE c.tenant_id = ? AND c.id = ?",
                         {t, id}, "Case", read_case);
}

Result<Case> SqlTx::get_case_by_reference(TenantId t, const std::string& reference) {
  return query_one<Case>(c_,
                         "SELECT " + std::string(kCaseCols) +
                             " FROM cases c WHERE c.tenant_id = ? AND c.reference = ?",
                         {t, reference}, "Case " + reference, read_case);
}

namespace {

// A case listing's SQL and parameters. Text parameters live in `texts` (a
// deque keeps them in place) or in the filter, which must outlive this.
struct CaseQuery {
  std::string sql;
  std::deque<std::string> texts;
  std::vector<Param> params;
};

// Fills `q` for `f`; false when the text search has no searchable words (no
// rows can match). `paged` adds the cursor condition and LIMIT.
bool build_case_query(Dialect d, TenantId t, const CaseFilter& f, bool paged, CaseQuery& q) {
  // A text search is driven by the full-text index (newest match first), so
  // a common word stops after a page of matches instead of sorting them all.
  std::string words;
  if (!f.text.empty()) {
    words = text_query_param(d, f.text);
    if (words.empty()) return false;
  }
  const TextSearchSql search = case_text_search(d);
  const std::string id = words.empty() ? "c.id" : search.id_column;
  q.sql = "SELECT " + std::string(kCaseCols) + " FROM " + (words.empty() ? std::string("cases c") : search.from) +
          " WHERE c.tenant_id = ?";
  q.params.emplace_back(t);
  auto text = [&](std::string v) -> const std::string& { return q.texts.emplace_back(std::move(v)); };
  auto where = [&](std::string_view cond, Param p) {
    q.sql += " AND ";
    q.sql += cond;
    q.params.push_back(p);
  };
  // What the principal may see (domain/access.h case_scope).
  const CaseScope& scope = f.scope;
  if (scope.nothing) return false;
  if (!scope.everything) {
    if (scope.delivery_unit) where("c.delivery_unit = ?", *scope.delivery_unit);
    if (scope.customer_id) where("c.customer_id = ?", *scope.customer_id);
    if (scope.member_id) {
      const std::string& me = text("member:" + std::to_string(*scope.member_id));
      q.sql += " AND (c.member_id = ? OR EXISTS (SELECT 1 FROM case_watchers w WHERE w.tenant_id = c.tenant_id AND "
               "w.case_id = c.id AND w.watcher_key = ?) OR (c.type = 'member_enquiry' AND c.ward <> '' AND "
               "c.confidential = 0 AND c.ward = ?))";
      q.params.emplace_back(*scope.member_id);
      q.params.emplace_back(me);
      q.params.emplace_back(scope.ward);
    }
  }
  for (const auto& hidden : scope.hidden_categories) where("c.category <> ?", hidden);
  if (f.status) where("c.status = ?", to_string(*f.status));
  if (f.open_only) q.sql += " AND c.status <> 'closed'";
  if (f.type) where("c.type = ?", to_string(*f.type));
  if (!f.delivery_unit.empty()) where("c.delivery_unit = ?", f.delivery_unit);
  if (!f.team.empty()) where("c.team = ?", f.team);
  if (!f.category.empty()) where("c.category = ?", f.category);
  if (!f.ward.empty()) where("c.ward = ?", f.ward);
  if (f.assignee_id) where("c.assignee_id = ?", *f.assignee_id);
  if (f.customer_id) where("c.customer_id = ?", *f.customer_id);
  if (f.member_id) where("c.member_id = ?", *f.member_id);
  if (f.parent_id) where("c.parent_id = ?", *f.parent_id);
  if (f.priority) where("c.priority = ?", to_string(*f.priority));
  if (f.unassigned) q.sql += " AND c.assignee_id IS NULL";
  if (f.received_from) where("c.received_at >= ?", seconds(*f.received_from));
  if (f.received_to) where("c.received_at < ?", seconds(*f.received_to));
  if (f.due_on_or_before) {
    // In a due-first listing, as the queue indexes' expression (the same rows:
    // an undated case is never due), so that one index gives range and order.
    where(f.sort == CaseSort::kDueFirst ? "coalesce(c.resolve_by, '9999-99-99') <= ?" : "c.resolve_by <= ?",
          text(format_date(*f.due_on_or_before)));
  }
  if (!f.ids.empty()) {
    // One parameter whatever the number of ids, so one prepared statement.
    std::string list;
    for (Id id : f.ids) list += (list.empty() ? "" : ",") + std::to_string(id);
    if (d == Dialect::kPostgres) {
      where("c.id = ANY(?::bigint[])", text("{" + list + "}"));
    } else {
      where("c.id IN (SELECT value FROM json_each(?))", text("[" + list + "]"));
    }
  }
  if (!words.empty()) where(search.condition, text(std::move(words)));
  if (f.sort == CaseSort::kDueFirst) {
    // Cases without a due date sort last; '9999-99-99' stands in for them.
    // The expression is the queue indexes' (migration 0018), and the cursor
    // a row value so that the next page starts where the last one ended.
    const std::string due = "coalesce(c.resolve_by, '9999-99-99')";
    if (paged && f.after) {
      const std::string& last = text(f.after->last_due.empty() ? "9999-99-99" : f.after->last_due);
      q.sql += " AND (" + due + ", c.id) > (?, ?)";
      q.params.emplace_back(last);
      q.params.emplace_back(f.after->last_id);
    }
    q.sql += " ORDER BY " + due + ", c.id";
  } else {
    if (paged && f.after) where(id + " < ?", f.after->last_id);
    q.sql += " ORDER BY " + id + " DESC";
  }
  if (paged) q.sql += " LIMIT " + std::to_string(std::clamp(f.limit, 1, 1000) + 1);
  return true;
}

}  // namespace

Result<Case> SqlTx::get_case_for_update(TenantId t, const std::string& reference) {
  return query_one<Case>(c_,
                         "SELECT " + std::string(kCaseCols) + " FROM cases c WHERE c.tenant_id = ? AND c.reference = ?" +
                             row_lock_clause(d_),
                         {t, reference}, "Case " + reference, read_case);
}

Result<std::vector<Case>> SqlTx::list_cases(TenantId t, const CaseFilter& f) {
  if (f.sort == CaseSort::kDueFirst && !f.status && !f.open_only && f.text.empty()) {
    // Every status, most urgent first: the open and the closed cases each
    // walk their own index (migration 0018) a page deep and the pages merge,
    // instead of one sort of everything the unit ever had.
    CaseFilter open = f, closed = f;
    open.open_only = true;
    closed.status = CaseStatus::kClosed;
    ASSIGN_OR_RETURN(std::vector<Case> rows, list_cases(t, open));
    ASSIGN_OR_RETURN(std::vector<Case> more, list_cases(t, closed));
    const auto due_first = [](const Case& a, const Case& b) {
      // As the SQL orders: undated cases last, then by id.
      const LocalDate never = LocalDate::max();
      return std::pair(a.clock.resolve_by.value_or(never), a.id) < std::pair(b.clock.resolve_by.value_or(never), b.id);
    };
    std::vector<Case> merged;
    std::merge(std::make_move_iterator(rows.begin()), std::make_move_iterator(rows.end()),
               std::make_move_iterator(more.begin()), std::make_move_iterator(more.end()), std::back_inserter(merged),
               due_first);
    merged.resize(std::min(merged.size(), static_cast<size_t>(std::clamp(f.limit, 1, 1000) + 1)));
    return merged;
  }
  CaseQuery q;
  if (!build_case_query(d_, t, f, /*paged=*/true, q)) return std::vector<Case>{};
  return query_all<Case>(c_, q.sql, q.params, read_case);
}

Result<std::vector<CasePoint>> SqlTx::open_case_points(TenantId t, const geo::Box& b) {
  // Through the spatial index of open located cases (migrations 0008, 0020).
  std::string sql;
  std::vector<Param> params;
  if (d_ == Dialect::kPostgres) {
    sql = "SELECT c.id, c.lat, c.lng FROM cases c WHERE c.tenant_id = ? AND c.lat IS NOT NULL AND c.lng IS NOT NULL "
          "AND c.status <> 'closed' AND point(c.lng, c.lat) <@ box(point(?, ?), point(?, ?))";
    params = {t, b.min_lng, b.min_lat, b.max_lng, b.max_lat};
  } else {
    // The R*Tree's boxes are 32-bit floats rounded outwards: the middle is
    // the point, give or take half a metre.
    sql = "SELECT id, (min_lat + max_lat) / 2, (min_lng + max_lng) / 2 FROM case_points WHERE min_lat >= ? AND "
          "max_lat <= ? AND min_lng >= ? AND max_lng <= ? AND min_tenant >= ? AND max_tenant <= ?";
    params = {b.min_lat, b.max_lat, b.min_lng, b.max_lng, t, t + 1};
  }
  return query_all<CasePoint>(c_, sql, params, [](Rows& r) {
    return CasePoint{r.get_int(0), geo::Point{r.get_double(1), r.get_double(2)}};
  });
}

Status SqlTx::each_case(TenantId t, const CaseFilter& f, const std::function<Status(const Case&)>& fn) {
  CaseQuery q;
  if (!build_case_query(d_, t, f, /*paged=*/false, q)) return {};
  ASSIGN_OR_RETURN(auto rows, c_.stream(q.sql, q.params));
  while (true) {
    ASSIGN_OR_RETURN(bool has, rows->next());
    if (!has) return {};
    RETURN_IF_ERROR(fn(read_case(*rows)));
  }
}

Result<int64_t> SqlTx::next_case_number(TenantId t) {
  if (reserved_) {
    return reserved_->next(t, [&]() -> Result<std::vector<int64_t>> {
      ASSIGN_OR_RETURN(auto numbers, query_all<int64_t>(c_, reserve_case_numbers_sql(d_),
                                                        {t, ReservedCaseNumbers::kBlock},
                                                        [](Rows& r) { return r.get_int(0); }));
      std::sort(numbers.begin(), numbers.end());
      return numbers;
    });
  }
  const CaseNumberSql sql = next_case_number_sql(d_);
  if (!sql.advance.empty()) RETURN_IF_ERROR(c_.exec(sql.advance, {t}));
  return query_one<int64_t>(c_, sql.read, {t}, "Case number", [](Rows& r) { return r.get_int(0); });
}

Result<Id> SqlTx::insert_case_with_event(TenantId t, const Case& in, const CaseEvent& first) {
  if (!data_modifying_cte(d_)) {
    ASSIGN_OR_RETURN(Id id, insert_case(t, in));
    CaseEvent e = first;
    e.case_id = id;
    RETURN_IF_ERROR(append_event(t, e));
    return id;
  }
  // One statement, one round trip: the case and its first event.
  const CaseTexts s(in);
  const std::string details = encode_details(first.details);
  std::vector<Param> params = insert_case_params(t, in, s);
  for (Param p : {Param(t), Param(seconds(first.at)), Param(first.actor), Param(first.kind),
                  Param(to_string(first.visibility)), Param(details)})
    params.push_back(p);
  auto id = query_one<Id>(c_,
                          "WITH new_case AS (" + std::string(kInsertCase) +
                              " RETURNING id) INSERT INTO case_events (tenant_id, case_id, at, actor, kind, "
                              "visibility, details) SELECT ?, id, ?, ?, ?, ?, ? FROM new_case RETURNING case_id",
                          params, "Case", [](Rows& r) { return r.get_int(0); });
  if (!id) return taken_reference_or(t, id.error(), in);
  Case stored = in;
  stored.id = *id;
  RETURN_IF_ERROR(index_case(stored));
  return *id;
}

Error SqlTx::taken_reference_or(TenantId t, const Error& e, const Case& in) {
  // A held number another server's import has used since: take fresh ones.
  if (reserved_ && e.code == ErrorCode::kAlreadyExists) reserved_->forget(t);
  return duplicate_or(e, in);
}

Result<Id> SqlTx::insert_case(TenantId t, const Case& in) {
  const CaseTexts s(in);
  auto id = c_.insert_id(kInsertCase, insert_case_params(t, in, s));
  if (!id) return taken_reference_or(t, id.error(), in);
  Case stored = in;
  stored.id = *id;
  RETURN_IF_ERROR(index_case(stored));
  return *id;
}

Status SqlTx::update_case(TenantId t, const Case& in, int64_t expected_version) {
  const CaseTexts s(in);
  const Location& l = in.location;
  const std::string sql =
      "UPDATE cases SET type = ?, status = ?, priority = ?, category = ?, delivery_unit = ?, "
      "team = ?, assignee_id = ?, customer_id = ?, member_id = ?, parent_id = ?, channel = ?, "
      "title = ?, description = ?, lat = ?, lng = ?, address = ?, postcode = ?, uprn = ?, "
      "usrn = ?, ward = ?, answers = ?, sla_policy = ?, received_at = ?, received_on = ?, "
      "start_day = ?, respond_by = ?, resolve_by = ?, paused_on = ?, paused_days = ?, "
      "extension = ?, responded_on = ?, closed_at = ?, outcome = ?, outcome_notes = ?, "
      "updated_at = ?, version = ?, closed_on = ?, delay_advised_at = ?, delay_advised_on = ?, "
      "revised_due_on = ?, escalated_at = ?, chasers = ?, diary_on = ?, diary_reason = ?, "
      "confidential = ?, routing = ? WHERE tenant_id = ? AND id = ? AND version = ?";
  const std::vector<Param> params{to_string(in.type), to_string(in.status), to_string(in.priority), in.category,
      in.delivery_unit, in.team, in.assignee_id, in.customer_id, in.member_id, in.parent_id,
      to_string(in.channel), in.title, in.description, l.lat, l.lng, l.address, l.postcode,
      l.uprn, l.usrn, l.ward, s.answers, s.sla, seconds(in.received_at), s.received_on,
      s.start_day, s.respond_by, s.resolve_by, s.paused_on, in.clock.paused_days,
      in.clock.extension, s.responded_on,
      in.closed_at ? Param(seconds(*in.closed_at)) : Param(),
      in.outcome ? Param(to_string(*in.outcome)) : Param(), in.outcome_notes,
      seconds(in.updated_at), expected_version + 1, s.closed_on,
      opt_seconds(in.enquiry.delay_advised_at), s.delay_advised_on, s.revised_due_on,
      opt_seconds(in.enquiry.escalated_at), in.enquiry.chasers, s.diary_on, in.enquiry.diary_reason,
      in.enquiry.confidential ? 1 : 0, to_string(in.enquiry.routing), t, in.id, expected_version};
  // The reference is never rewritten; the stored one is read back so that
  // the search index (SQLite) describes the row as stored.
  Case stored = in;
  bool updated = false;
  if (d_ == Dialect::kPostgres) {
    ASSIGN_OR_RETURN(auto rows, c_.query(sql + " RETURNING reference", params));
    ASSIGN_OR_RETURN(updated, rows->next());
    if (updated) stored.reference = rows->get_string(0);
  } else {
    // Not RETURNING on SQLite: see Connection::insert_id in sql.h.
    ASSIGN_OR_RETURN(int64_t changed, c_.exec(sql, params));
    updated = changed == 1;
    if (updated) {
      ASSIGN_OR_RETURN(stored.reference,
                       query_one<std::string>(c_, "SELECT reference FROM cases WHERE tenant_id = ? AND id = ?",
                                              {t, in.id}, "Case " + in.reference,
                                              [](Rows& r) { return r.get_string(0); }));
    }
  }
  if (!updated) {
    RETURN_IF_ERROR(get_case(t, in.id));  // not_found if it is not there at all
    return Error(ErrorCode::kStaleVersion,
                 "Case " + in.reference +
                     " was changed by someone else since you read it; reload it and try again");
  }
  return index_case(stored);
}

Result<Id> SqlTx::append_event(TenantId t, const CaseEvent& e) {
  const std::string details = encode_details(e.details);
  return c_.insert_id(
                       "INSERT INTO case_events (tenant_id, case_id, at, actor, kind, visibility, details) "
                       "VALUES (?, ?, ?, ?, ?, ?, ?)",
                       {t, e.case_id, seconds(e.at), e.actor, e.kind, to_string(e.visibility), details});
}

Result<std::vector<CaseEvent>> SqlTx::list_events(TenantId t, Id case_id, std::optional<Visibility> only) {
  std::string sql =
      "SELECT id, case_id, at, actor, kind, visibility, details FROM case_events "
      "WHERE tenant_id = ? AND case_id = ?";
  std::vector<Param> params{t, case_id};
  if (only) {
    sql += " AND visibility = ?";
    params.emplace_back(to_string(*only));
  }
  sql += " ORDER BY id";
  return query_all<CaseEvent>(c_, sql, params, [](Rows& r) {
    CaseEvent e;
    e.id = r.get_int(0);
    e.case_id = r.get_int(1);
    e.at = instant(r.get_int(2));
    e.actor = r.get_string(3);
    e.kind = r.get_string(4);
    if (auto v = parse_visibility(r.get_text(5))) e.visibility = *v;
    e.details = decode_details(r.get_text(6));
    return e;
  });
}

Result<std::vector<PublicEvent>> SqlTx::list_public_events(TenantId t, Instant from, Instant to, int limit) {
  return query_all<PublicEvent>(
      c_,
      "SELECT e.id, e.case_id, e.at, e.actor, e.kind, e.visibility, e.details, c.reference, c.type, c.category, "
      "c.status, c.outcome FROM case_events e JOIN cases c ON c.tenant_id = e.tenant_id AND c.id = e.case_id "
      "WHERE e.tenant_id = ? AND e.at >= ? AND e.at < ? AND e.visibility = 'public' ORDER BY e.at, e.id LIMIT " +
          std::to_string(std::clamp(limit, 1, 10000)),
      {t, seconds(from), seconds(to)}, [](Rows& r) {
        PublicEvent p;
        CaseEvent& e = p.event;
        e.id = r.get_int(0);
        e.case_id = r.get_int(1);
        e.at = instant(r.get_int(2));
        e.actor = r.get_string(3);
        e.kind = r.get_string(4);
        if (auto v = parse_visibility(r.get_text(5))) e.visibility = *v;
        e.details = decode_details(r.get_text(6));
        p.reference = r.get_string(7);
        if (auto ty = parse_case_type(r.get_text(8))) p.type = *ty;
        p.category = r.get_string(9);
        if (auto st = parse_case_status(r.get_text(10))) p.status = *st;
        if (!r.is_null(11))
          if (auto o = parse_case_outcome(r.get_text(11))) p.outcome = *o;
        return p;
      });
}

Result<std::vector<CaseLink>> SqlTx::list_links(TenantId t, Id case_id) {
  // Stored links, then parent and children from cases.parent_id.
  return query_all<CaseLink>(
      c_,
      "SELECT l.kind, l.other_id, o.reference FROM case_links l JOIN cases o "
      "ON o.tenant_id = l.tenant_id AND o.id = l.other_id WHERE l.tenant_id = ? AND l.case_id = ? "
      "UNION ALL SELECT 'parent', p.id, p.reference FROM cases c JOIN cases p "
      "ON p.tenant_id = c.tenant_id AND p.id = c.parent_id WHERE c.tenant_id = ? AND c.id = ? "
      "UNION ALL SELECT 'child', ch.id, ch.reference FROM cases ch "
      "WHERE ch.tenant_id = ? AND ch.parent_id = ? ORDER BY 1, 2",
      {t, case_id, t, case_id, t, case_id}, [](Rows& r) {
        CaseLink l;
        if (auto k = parse_link_kind(r.get_text(0))) l.kind = *k;
        l.other_id = r.get_int(1);
        l.other_reference = r.get_string(2);
        return l;
      });
}

Status SqlTx::add_link(TenantId t, Id case_id, LinkKind kind, Id other_id) {
  for (auto [from, k, to] : {std::tuple{case_id, kind, other_id}, {other_id, mirror(kind), case_id}}) {
    auto r = c_.exec("INSERT INTO case_links (tenant_id, case_id, kind, other_id) VALUES (?, ?, ?, ?)",
                     {t, from, to_string(k), to});
    if (!r) {
      if (r.error().code == ErrorCode::kAlreadyExists)
        return Error(ErrorCode::kAlreadyExists, "Those cases are already linked that way");
      return r.error();
    }
  }
  return {};
}

Status SqlTx::remove_link(TenantId t, Id case_id, LinkKind kind, Id other_id) {
  ASSIGN_OR_RETURN(int64_t n, c_.exec("DELETE FROM case_links WHERE tenant_id = ? AND ((case_id = ? AND "
                                      "kind = ? AND other_id = ?) OR (case_id = ? AND kind = ? AND "
                                      "other_id = ?))",
                                      {t, case_id, to_string(kind), other_id, other_id,
                                       to_string(mirror(kind)), case_id}));
  if (n == 0) return not_found("Those cases are not linked that way");
  return {};
}

Result<std::vector<Watcher>> SqlTx::list_watchers(TenantId t, Id case_id) {
  return query_all<Watcher>(c_,
                            "SELECT kind, ref_id, email, name, added_at FROM case_watchers "
                            "WHERE tenant_id = ? AND case_id = ? ORDER BY added_at, watcher_key",
                            {t, case_id}, [](Rows& r) {
                              Watcher w;
                              if (auto k = parse_watcher_kind(r.get_text(0))) w.kind = *k;
                              w.ref_id = r.get_opt_int(1);
                              w.email = r.get_string(2);
                              w.name = r.get_string(3);
                              w.added_at = instant(r.get_int(4));
                              return w;
                            });
}

Status SqlTx::add_watcher(TenantId t, Id case_id, const Watcher& w) {
  auto r = c_.exec("INSERT INTO case_watchers (tenant_id, case_id, watcher_key, kind, ref_id, email, "
                   "name, added_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                   {t, case_id, watcher_key(w), to_string(w.kind), w.ref_id, w.email, w.name,
                    seconds(w.added_at)});
  if (!r) {
    if (r.error().code == ErrorCode::kAlreadyExists)
      return Error(ErrorCode::kAlreadyExists, "They are already watching this case");
    return r.error();
  }
  return {};
}

Status SqlTx::remove_watcher(TenantId t, Id case_id, const Watcher& w) {
  ASSIGN_OR_RETURN(int64_t n, c_.exec("DELETE FROM case_watchers WHERE tenant_id = ? AND case_id = ? AND "
                                      "watcher_key = ?",
                                      {t, case_id, watcher_key(w)}));
  if (n == 0) return not_found("They are not watching this case");
  return {};
}

Result<std::vector<StatusCount>> SqlTx::count_cases_by_status(TenantId t) {
  return query_all<StatusCount>(c_,
                                "SELECT status, count(*) FROM cases WHERE tenant_id = ? GROUP BY status "
                                "ORDER BY status",
                                {t}, [](Rows& r) {
                                  StatusCount sc{CaseStatus::kNew, r.get_int(1)};
                                  if (auto s = parse_case_status(r.get_text(0))) sc.status = *s;
                                  return sc;
                                });
}

}  // namespace civicdesk::sql

namespace civicdesk::sql {

Result<std::vector<Case>> SqlTx::list_enquiries_for_reminders(TenantId t, LocalDate respond_cutoff, LocalDate today,
                                                              Id after_id, int limit) {
  return query_all<Case>(
      c_,
      "SELECT " + std::string(kCaseCols) +
          " FROM cases c WHERE c.tenant_id = ? AND c.type = 'member_enquiry' AND c.parent_id IS NULL AND c.id > ? "
          "AND ((c.status <> 'closed' AND c.respond_by <= ?) OR c.diary_on <= ?) ORDER BY c.id LIMIT " +
          std::to_string(std::clamp(limit, 1, 1000)),
      {t, after_id, format_date(respond_cutoff), format_date(today)}, read_case);
}

}  // namespace civicdesk::sql

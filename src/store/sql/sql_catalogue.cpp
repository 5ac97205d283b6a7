// Tenants, the service catalogue and calendars.
#include <sstream>

#include "store/sql/codec.h"
#include "store/sql/dialect.h"
#include "store/sql/sql_tx.h"

namespace civicdesk::sql {

namespace {

constexpr std::string_view kTenantCols =
    "id, slug, name, reference_prefix, division, brand_colour, hostnames, me_respond_days, "
    "me_close_days, created_at, me_team_email, link_key";

std::string join(const std::vector<std::string>& v) {
  std::string out;
  for (const auto& s : v) out += (out.empty() ? "" : ",") + s;
  return out;
}
std::vector<std::string> split(std::string_view s) {
  std::vector<std::string> out;
  size_t start = 0;
  while (start <= s.size() && !s.empty()) {
    size_t end = s.find(',', start);
    if (end == std::string_view::npos) end = s.size();
    if (end > start) out.emplace_back(s.substr(start, end - start));
    start = end + 1;
  }
  return out;
}

Tenant read_tenant(Rows& r) {
  Tenant t;
  t.id = r.get_int(0);
  t.slug = r.get_string(1);
  t.name = r.get_string(2);
  t.reference_prefix = r.get_string(3);
  if (auto d = parse_division(r.get_text(4))) t.division = *d;
  t.brand_colour = r.get_string(5);
  t.hostnames = split(r.get_text(6));
  t.me_respond_days = static_cast<int>(r.get_int(7));
  t.me_close_days = static_cast<int>(r.get_int(8));
  t.created_at = Instant{std::chrono::seconds{r.get_int(9)}};
  t.me_team_email = r.get_string(10);
  t.link_key = r.get_string(11);
  return t;
}

Officer read_officer(Rows& r) {
  Officer o;
  o.id = r.get_int(0);
  o.name = r.get_string(1);
  o.email = r.get_string(2);
  o.delivery_unit = r.get_string(3);
  o.team = r.get_string(4);
  if (auto role = parse_officer_role(r.get_text(5))) o.role = *role;
  o.active = r.get_int(6) != 0;
  return o;
}

Member read_member(Rows& r) {
  Member m;
  m.id = r.get_int(0);
  m.name = r.get_string(1);
  m.ward = r.get_string(2);
  m.party = r.get_string(3);
  m.email = r.get_string(4);
  m.active = r.get_int(5) != 0;
  return m;
}

}  // namespace

Error driver_error(DriverFailure f, std::string message) {
  switch (f) {
    case DriverFailure::kUniqueViolation:
      return Error(ErrorCode::kAlreadyExists, "That already exists (" + message + ")");
    case DriverFailure::kSerialization:
      return Error(ErrorCode::kConflict, "A concurrent change conflicted; try again");
    case DriverFailure::kConnectionLost:
    case DriverFailure::kBusy:
      return Error(ErrorCode::kDatabaseUnavailable, "The database is unavailable: " + message);
    case DriverFailure::kOther:
      break;
  }
  return Error(ErrorCode::kInternal, "Database error: " + message);
}

Result<std::vector<Tenant>> SqlTx::list_tenants() {
  return query_all<Tenant>(c_, "SELECT " + std::string(kTenantCols) + " FROM tenants ORDER BY id", {},
                           read_tenant);
}

Result<Tenant> SqlTx::get_tenant(TenantId id) {
  return query_one<Tenant>(c_, "SELECT " + std::string(kTenantCols) + " FROM tenants WHERE id = ?",
                           {id}, "Council", read_tenant);
}

Result<Tenant> SqlTx::get_tenant_by_slug(const std::string& slug) {
  return query_one<Tenant>(c_, "SELECT " + std::string(kTenantCols) + " FROM tenants WHERE slug = ?",
                           {slug}, "Council \"" + slug + "\"", read_tenant);
}

Result<TenantId> SqlTx::create_tenant(const Tenant& t) {
  ASSIGN_OR_RETURN(TenantId id,
                   c_.insert_id(
                       "INSERT INTO tenants (slug, name, reference_prefix, division, brand_colour, "
                       "hostnames, me_respond_days, me_close_days, catalogue_version, created_at, me_team_email, "
                       "link_key) VALUES (?, ?, ?, ?, ?, ?, ?, ?, 1, ?, ?, ?)",
                       {t.slug, t.name, t.reference_prefix, division_key(t.division), t.brand_colour,
                        join(t.hostnames), t.me_respond_days, t.me_close_days,
                        static_cast<int64_t>(t.created_at.time_since_epoch().count()), t.me_team_email, t.link_key}));
  const std::string seq = create_case_sequence_sql(d_, id);
  if (!seq.empty()) RETURN_IF_ERROR(c_.exec_script(seq));
  return id;
}

Status SqlTx::update_tenant(const Tenant& t) {
  ASSIGN_OR_RETURN(int64_t n,
                   c_.exec("UPDATE tenants SET name = ?, reference_prefix = ?, division = ?, "
                           "brand_colour = ?, hostnames = ?, me_respond_days = ?, me_close_days = ?, me_team_email = ?, "
                           "catalogue_version = catalogue_version + 1 WHERE id = ?",
                           {t.name, t.reference_prefix, division_key(t.division), t.brand_colour,
                            join(t.hostnames), t.me_respond_days, t.me_close_days, t.me_team_email, t.id}));
  if (n == 0) return not_found("Council not found");
  return {};
}

Status SqlTx::bump_catalogue(TenantId t) {
  ASSIGN_OR_RETURN(int64_t n, c_.exec("UPDATE tenants SET catalogue_version = catalogue_version + 1 "
                                      "WHERE id = ?",
                                      {t}));
  if (n == 0) return not_found("Council not found");
  return {};
}

Result<std::string> SqlTx::get_tenant_boundary(TenantId t) {
  ASSIGN_OR_RETURN(auto rows, query_all<std::string>(c_, "SELECT geojson FROM tenant_boundaries WHERE tenant_id = ?",
                                                     {t}, [](Rows& r) { return r.get_string(0); }));
  return rows.empty() ? std::string() : rows.front();
}

Status SqlTx::put_tenant_boundary(TenantId t, const std::string& geojson) {
  RETURN_IF_ERROR(c_.exec("DELETE FROM tenant_boundaries WHERE tenant_id = ?", {t}));
  if (!geojson.empty())
    RETURN_IF_ERROR(c_.exec("INSERT INTO tenant_boundaries (tenant_id, geojson) VALUES (?, ?)", {t, geojson}));
  return bump_catalogue(t);
}

Result<int64_t> SqlTx::catalogue_version(TenantId t) {
  return query_one<int64_t>(c_, "SELECT catalogue_version FROM tenants WHERE id = ?", {t}, "Council",
                            [](Rows& r) { return r.get_int(0); });
}

Result<std::vector<DeliveryUnit>> SqlTx::list_delivery_units(TenantId t) {
  return query_all<DeliveryUnit>(
      c_, "SELECT code, name, description, active FROM delivery_units WHERE tenant_id = ? ORDER BY code",
      {t}, [](Rows& r) {
        return DeliveryUnit{r.get_string(0), r.get_string(1), r.get_string(2), r.get_int(3) != 0};
      });
}

Status SqlTx::put_delivery_unit(TenantId t, const DeliveryUnit& du) {
  RETURN_IF_ERROR(c_.exec(
      "INSERT INTO delivery_units (tenant_id, code, name, description, active) VALUES (?, ?, ?, ?, ?) "
      "ON CONFLICT (tenant_id, code) DO UPDATE SET name = excluded.name, "
      "description = excluded.description, active = excluded.active",
      {t, du.code, du.name, du.description, du.active}));
  return bump_catalogue(t);
}

Result<std::vector<Team>> SqlTx::list_teams(TenantId t) {
  return query_all<Team>(
      c_, "SELECT code, delivery_unit, name FROM teams WHERE tenant_id = ? ORDER BY code", {t},
      [](Rows& r) { return Team{r.get_string(0), r.get_string(1), r.get_string(2)}; });
}

Status SqlTx::put_team(TenantId t, const Team& team) {
  RETURN_IF_ERROR(c_.exec("INSERT INTO teams (tenant_id, code, delivery_unit, name) VALUES (?, ?, ?, ?) "
                          "ON CONFLICT (tenant_id, code) DO UPDATE SET "
                          "delivery_unit = excluded.delivery_unit, name = excluded.name",
                          {t, team.code, team.delivery_unit, team.name}));
  return bump_catalogue(t);
}

Result<std::vector<Officer>> SqlTx::list_officers(TenantId t) {
  return query_all<Officer>(c_,
                            "SELECT id, name, email, delivery_unit, team, role, active FROM officers "
                            "WHERE tenant_id = ? ORDER BY id",
                            {t}, read_officer);
}

Result<Officer> SqlTx::get_officer(TenantId t, Id id) {
  return query_one<Officer>(c_,
                            "SELECT id, name, email, delivery_unit, team, role, active FROM officers "
                            "WHERE tenant_id = ? AND id = ?",
                            {t, id}, "Officer", read_officer);
}

Result<Id> SqlTx::put_officer(TenantId t, const Officer& o) {
  // Officers are part of the cached catalogue snapshot: bump its version.
  if (o.id == 0) {
    ASSIGN_OR_RETURN(Id id, c_.insert_id(
                                          "INSERT INTO officers (tenant_id, name, email, delivery_unit, team, "
                                          "role, active) VALUES (?, ?, ?, ?, ?, ?, ?)",
                                          {t, o.name, o.email, o.delivery_unit, o.team, to_string(o.role),
                                           o.active}));
    RETURN_IF_ERROR(bump_catalogue(t));
    return id;
  }
  ASSIGN_OR_RETURN(int64_t n, c_.exec("UPDATE officers SET name = ?, email = ?, delivery_unit = ?, "
                                      "team = ?, role = ?, active = ? WHERE tenant_id = ? AND id = ?",
                                      {o.name, o.email, o.delivery_unit, o.team, to_string(o.role),
                                       o.active, t, o.id}));
  if (n == 0) return not_found("Officer not found");
  RETURN_IF_ERROR(bump_catalogue(t));
  return o.id;
}

Result<std::vector<Ward>> SqlTx::list_wards(TenantId t) {
  return query_all<Ward>(c_, "SELECT code, name FROM wards WHERE tenant_id = ? ORDER BY name", {t},
                         [](Rows& r) { return Ward{r.get_string(0), r.get_string(1)}; });
}

Status SqlTx::put_ward(TenantId t, const Ward& w) {
  RETURN_IF_ERROR(c_.exec("INSERT INTO wards (tenant_id, code, name) VALUES (?, ?, ?) "
                          "ON CONFLICT (tenant_id, code) DO UPDATE SET name = excluded.name",
                          {t, w.code, w.name}));
  return bump_catalogue(t);
}

Result<std::vector<Member>> SqlTx::list_members(TenantId t) {
  return query_all<Member>(c_,
                           "SELECT id, name, ward, party, email, active FROM members "
                           "WHERE tenant_id = ? ORDER BY id",
                           {t}, read_member);
}

Result<Member> SqlTx::get_member(TenantId t, Id id) {
  return query_one<Member>(c_,
                           "SELECT id, name, ward, party, email, active FROM members "
                           "WHERE tenant_id = ? AND id = ?",
                           {t, id}, "Councillor", read_member);
}

Result<Id> SqlTx::put_member(TenantId t, const Member& m) {
  // Councillors are part of the cached catalogue snapshot: bump its version.
  if (m.id == 0) {
    ASSIGN_OR_RETURN(Id id, c_.insert_id(
                                          "INSERT INTO members (tenant_id, name, ward, party, email, active) "
                                          "VALUES (?, ?, ?, ?, ?, ?)",
                                          {t, m.name, m.ward, m.party, m.email, m.active}));
    RETURN_IF_ERROR(bump_catalogue(t));
    return id;
  }
  ASSIGN_OR_RETURN(int64_t n, c_.exec("UPDATE members SET name = ?, ward = ?, party = ?, email = ?, "
                                      "active = ? WHERE tenant_id = ? AND id = ?",
                                      {m.name, m.ward, m.party, m.email, m.active, t, m.id}));
  if (n == 0) return not_found("Councillor not found");
  RETURN_IF_ERROR(bump_catalogue(t));
  return m.id;
}

Result<std::vector<SlaPolicy>> SqlTx::list_sla_policies(TenantId t) {
  return query_all<SlaPolicy>(
      c_,
      "SELECT code, name, clock, counting, resolve_from, holidays, respond_days, resolve_days, "
      "max_extension, pausable FROM sla_policies WHERE tenant_id = ? ORDER BY code",
      {t}, [](Rows& r) {
        SlaPolicy p;
        p.code = r.get_string(0);
        p.name = r.get_string(1);
        if (auto v = parse_clock_kind(r.get_text(2))) p.clock = *v;
        if (auto v = parse_counting_rule(r.get_text(3))) p.counting = *v;
        if (auto v = parse_resolve_from(r.get_text(4))) p.resolve_from = *v;
        if (auto v = parse_holiday_set(r.get_text(5))) p.holidays = *v;
        p.respond_days = static_cast<int>(r.get_int(6));
        p.resolve_days = static_cast<int>(r.get_int(7));
        p.max_extension = static_cast<int>(r.get_int(8));
        p.pausable = r.get_int(9) != 0;
        return p;
      });
}

Status SqlTx::put_sla_policy(TenantId t, const SlaPolicy& p) {
  RETURN_IF_ERROR(c_.exec(
      "INSERT INTO sla_policies (tenant_id, code, name, clock, counting, resolve_from, holidays, "
      "respond_days, resolve_days, max_extension, pausable) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) "
      "ON CONFLICT (tenant_id, code) DO UPDATE SET name = excluded.name, clock = excluded.clock, "
      "counting = excluded.counting, resolve_from = excluded.resolve_from, "
      "holidays = excluded.holidays, respond_days = excluded.respond_days, "
      "resolve_days = excluded.resolve_days, max_extension = excluded.max_extension, "
      "pausable = excluded.pausable",
      {t, p.code, p.name, to_string(p.clock), to_string(p.counting), to_string(p.resolve_from),
       to_string(p.holidays), p.respond_days, p.resolve_days, p.max_extension, p.pausable}));
  return bump_catalogue(t);
}

Result<std::vector<Category>> SqlTx::list_categories(TenantId t) {
  return query_all<Category>(
      c_,
      "SELECT code, name, parent, description, keywords, lgsl, lgil, delivery_unit, sla_policy, "
      "location_required, restricted, active, questions, visible_to_teams, forward_to FROM categories WHERE tenant_id = ? "
      "ORDER BY code",
      {t}, [](Rows& r) {
        Category c;
        c.code = r.get_string(0);
        c.name = r.get_string(1);
        c.parent = r.get_string(2);
        c.description = r.get_string(3);
        c.keywords = r.get_string(4);
        if (auto v = r.get_opt_int(5)) c.lgsl = static_cast<int>(*v);
        if (auto v = r.get_opt_int(6)) c.lgil = static_cast<int>(*v);
        c.delivery_unit = r.get_string(7);
        c.sla_policy = r.get_string(8);
        c.location_required = r.get_int(9) != 0;
        c.restricted = r.get_int(10) != 0;
        c.active = r.get_int(11) != 0;
        c.questions = decode_questions(r.get_text(12));
        c.visible_to_teams = split(r.get_text(13));
        c.forward_to = r.get_string(14);
        return c;
      });
}

Status SqlTx::put_category(TenantId t, const Category& c) {
  RETURN_IF_ERROR(c_.exec(
      "INSERT INTO categories (tenant_id, code, name, parent, description, keywords, lgsl, lgil, "
      "delivery_unit, sla_policy, location_required, restricted, active, questions, visible_to_teams, forward_to) "
      "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) "
      "ON CONFLICT (tenant_id, code) DO UPDATE SET name = excluded.name, parent = excluded.parent, "
      "description = excluded.description, keywords = excluded.keywords, lgsl = excluded.lgsl, "
      "lgil = excluded.lgil, delivery_unit = excluded.delivery_unit, "
      "sla_policy = excluded.sla_policy, location_required = excluded.location_required, "
      "restricted = excluded.restricted, active = excluded.active, questions = excluded.questions, "
      "visible_to_teams = excluded.visible_to_teams, forward_to = excluded.forward_to",
      {t, c.code, c.name, c.parent, c.description, c.keywords, c.lgsl, c.lgil, c.delivery_unit,
       c.sla_policy, c.location_required, c.restricted, c.active, encode_questions(c.questions),
       join(c.visible_to_teams), c.forward_to}));
  return bump_catalogue(t);
}

Result<std::vector<BankHoliday>> SqlTx::list_holidays(TenantId t) {
  return query_all<BankHoliday>(
      c_, "SELECT division, day, title, notes FROM holidays WHERE tenant_id = ? ORDER BY day, division",
      {t}, [](Rows& r) {
        BankHoliday h{};
        if (auto d = parse_division(r.get_text(0))) h.division = *d;
        if (auto d = decode_date(r.get_text(1))) h.date = *d;
        h.title = r.get_string(2);
        h.notes = r.get_string(3);
        return h;
      });
}

Status SqlTx::replace_holidays(TenantId t, const std::vector<BankHoliday>& holidays) {
  RETURN_IF_ERROR(c_.exec("DELETE FROM holidays WHERE tenant_id = ?", {t}));
  for (const auto& h : holidays) {
    const std::string day = format_date(h.date);
    RETURN_IF_ERROR(c_.exec("INSERT INTO holidays (tenant_id, division, day, title, notes) "
                            "VALUES (?, ?, ?, ?, ?)",
                            {t, division_key(h.division), day, h.title, h.notes}));
  }
  return bump_catalogue(t);
}

}  // namespace civicdesk::sql

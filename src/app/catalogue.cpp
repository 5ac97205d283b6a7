#include "app/catalogue.h"

#include "app/audit.h"
#include "app/crypto.h"
#include "domain/identifiers.h"
#include "domain/reference.h"
#include "domain/text.h"

namespace civicdesk {

namespace {

Status check_name(const std::string& name, std::string_view field = "name") {
  if (trim(name).empty()) return missing_field(std::string(field));
  return check_text(name, field, 200);
}

bool valid_colour(const std::string& c) {
  if (c.size() != 7 || c[0] != '#') return false;
  for (size_t i = 1; i < 7; ++i)
    if (!std::isxdigit(static_cast<unsigned char>(c[i]))) return false;
  return true;
}

}  // namespace

Result<std::vector<Tenant>> CatalogueService::tenants() {
  return store_.read_value<std::vector<Tenant>>([](ReadTx& tx) { return tx.list_tenants(); });
}

Result<Tenant> CatalogueService::tenant_by_slug(const std::string& slug) {
  return store_.read_value<Tenant>([&](ReadTx& tx) { return tx.get_tenant_by_slug(slug); });
}

Result<Tenant> CatalogueService::create_tenant(Tenant t, const std::vector<BankHoliday>& holidays, Instant now) {
  RETURN_IF_ERROR(check_code(t.slug, "slug"));
  RETURN_IF_ERROR(check_name(t.name));
  if (!valid_reference_prefix(t.reference_prefix))
    return invalid_field("reference_prefix", "Use 2 to 6 capital letters, like BAR");
  if (!valid_colour(t.brand_colour)) return invalid_field("brand_colour", "Use a colour like #1d70b8");
  if (t.me_respond_days < 1 || t.me_respond_days > 60 || t.me_close_days < 1 || t.me_close_days > 60)
    return invalid_field("me_respond_days", "Members' Enquiry targets must be 1 to 60 working days");
  if (!t.me_team_email.empty()) {
    ASSIGN_OR_RETURN(t.me_team_email, parse_email(t.me_team_email, "me_team_email"));
  }
  t.created_at = now;
  t.link_key = crypto::random_token("");
  RETURN_IF_ERROR(store_.write([&](Tx& tx) -> Status {
    auto id = tx.create_tenant(t);
    if (!id) {
      if (id.error().code == ErrorCode::kAlreadyExists)
        return Error(ErrorCode::kAlreadyExists, "A council called \"" + t.slug + "\" already exists", "slug");
      return id.error();
    }
    t.id = *id;
    return tx.replace_holidays(t.id, holidays);
  }));
  return t;
}

Result<std::shared_ptr<const CatalogueSnapshot>> CatalogueService::snapshot(const RequestContext& ctx) {
  return store_.read_value<std::shared_ptr<const CatalogueSnapshot>>(
      [&](ReadTx& tx) { return cache_.get(tx, ctx.tenant); });
}

Status CatalogueService::put(const RequestContext& ctx,
                             const std::function<Status(Tx&, const CatalogueSnapshot&)>& fn) {
  if (!can(ctx.principal, Permission::kManageCatalogue)) return denied(ctx, "change the service catalogue");
  Status s = store_.write([&](Tx& tx) -> Status {
    ASSIGN_OR_RETURN(auto cat, cache_.get(tx, ctx.tenant));
    RETURN_IF_ERROR(fn(tx, *cat));
    return audit(tx, ctx, "catalogue.change", "tenant", std::to_string(ctx.tenant));
  });
  cache_.invalidate(ctx.tenant);
  return s;
}

Status CatalogueService::put_delivery_unit(const RequestContext& ctx, const DeliveryUnit& du) {
  RETURN_IF_ERROR(check_code(du.code, "code"));
  RETURN_IF_ERROR(check_name(du.name));
  RETURN_IF_ERROR(check_text(du.description, "description", 2000, true));
  return put(ctx, [&](Tx& tx, const CatalogueSnapshot&) { return tx.put_delivery_unit(ctx.tenant, du); });
}

Status CatalogueService::put_team(const RequestContext& ctx, const Team& team) {
  RETURN_IF_ERROR(check_code(team.code, "code"));
  RETURN_IF_ERROR(check_name(team.name));
  return put(ctx, [&](Tx& tx, const CatalogueSnapshot& cat) -> Status {
    RETURN_IF_ERROR(cat.delivery_unit(team.delivery_unit));
    return tx.put_team(ctx.tenant, team);
  });
}

Result<Id> CatalogueService::put_officer(const RequestContext& ctx, const Officer& o) {
  RETURN_IF_ERROR(check_name(o.name));
  Officer officer = o;
  ASSIGN_OR_RETURN(officer.email, parse_email(o.email, "email"));
  Id id = 0;
  RETURN_IF_ERROR(put(ctx, [&](Tx& tx, const CatalogueSnapshot& cat) -> Status {
    if (!officer.delivery_unit.empty()) RETURN_IF_ERROR(cat.delivery_unit(officer.delivery_unit));
    if (!officer.team.empty()) {
      auto it = cat.teams.find(officer.team);
      if (it == cat.teams.end() || it->second.delivery_unit != officer.delivery_unit)
        return invalid_field("team", "Choose a team of the officer's delivery unit");
    }
    ASSIGN_OR_RETURN(id, tx.put_officer(ctx.tenant, officer));
    return {};
  }));
  return id;
}

Status CatalogueService::put_ward(const RequestContext& ctx, const Ward& ward) {
  RETURN_IF_ERROR(check_code(ward.code, "code"));
  RETURN_IF_ERROR(check_name(ward.name));
  return put(ctx, [&](Tx& tx, const CatalogueSnapshot&) { return tx.put_ward(ctx.tenant, ward); });
}

Result<Id> CatalogueService::put_member(const RequestContext& ctx, const Member& m) {
  RETURN_IF_ERROR(check_name(m.name));
  RETURN_IF_ERROR(check_text(m.party, "party", 100));
  Member member = m;
  if (!m.email.empty()) {
    ASSIGN_OR_RETURN(member.email, parse_email(m.email, "email"));
  }
  Id id = 0;
  RETURN_IF_ERROR(put(ctx, [&](Tx& tx, const CatalogueSnapshot& cat) -> Status {
    if (!cat.wards.count(member.ward)) return invalid_field("ward", "There is no ward \"" + member.ward + "\"");
    ASSIGN_OR_RETURN(id, tx.put_member(ctx.tenant, member));
    return {};
  }));
  return id;
}

Status CatalogueService::put_sla_policy(const RequestContext& ctx, const SlaPolicy& policy) {
  RETURN_IF_ERROR(validate(policy));
  RETURN_IF_ERROR(check_code(policy.code, "code"));
  RETURN_IF_ERROR(check_name(policy.name));
  return put(ctx, [&](Tx& tx, const CatalogueSnapshot&) { return tx.put_sla_policy(ctx.tenant, policy); });
}

Status CatalogueService::put_category(const RequestContext& ctx, const Category& category) {
  RETURN_IF_ERROR(validate(category));
  RETURN_IF_ERROR(check_text(category.description, "description", 2000, true));
  RETURN_IF_ERROR(check_text(category.keywords, "keywords", 500));
  return put(ctx, [&](Tx& tx, const CatalogueSnapshot& cat) -> Status {
    RETURN_IF_ERROR(cat.delivery_unit(category.delivery_unit));
    if (!cat.policies.count(category.sla_policy))
      return invalid_field("sla_policy", "There is no service level \"" + category.sla_policy + "\"");
    if (!category.parent.empty() && !cat.categories.count(category.parent))
      return invalid_field("parent", "There is no service \"" + category.parent + "\"");
    return tx.put_category(ctx.tenant, category);
  });
}

Result<size_t> CatalogueService::import_calendar(const RequestContext& ctx, std::string_view json_text) {
  ASSIGN_OR_RETURN(auto holidays, parse_bank_holidays(json_text));
  RETURN_IF_ERROR(put(ctx, [&](Tx& tx, const CatalogueSnapshot& cat) -> Status {
    bool own = false;
    for (const auto& h : holidays) own = own || h.division == cat.tenant.division;
    if (!own)
      return Error(ErrorCode::kInvalidFile, "The file has no bank holidays for " +
                                                std::string(division_key(cat.tenant.division)) +
                                                ", the council's division");
    return tx.replace_holidays(ctx.tenant, holidays);
  }));
  return holidays.size();
}

}  // namespace civicdesk

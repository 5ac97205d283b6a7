#include "app/notifications.h"

#include "app/audit.h"
#include "app/crypto.h"

namespace civicdesk {

namespace {

constexpr std::string_view kUnsubscribedBy = "unsubscribe-link";

// The text a case of `category` uses for `name`: the service's override,
// else the council's, else the shipped default.
TemplateView resolve(const std::vector<NotificationTemplate>& stored, std::string_view name,
                     const std::string& category) {
  TemplateView v;
  v.name = std::string(name);
  v.category = category;
  v.text = default_template(name).value_or(TemplateText{});
  v.source = "default";
  auto apply = [&](const std::string& cat, const char* source) {
    for (const NotificationTemplate& t : stored)
      // An empty override is a service's wording reset (app/template_reset.h).
      if (t.name == name && t.category == cat && !(t.text.subject.empty() && t.text.body.empty() && t.text.sms.empty())) {
        v.text = t.text;
        v.source = source;
        v.updated_at = t.updated_at;
        v.updated_by = t.updated_by;
      }
  };
  apply("", "council");
  if (!category.empty()) apply(category, "category");
  for (std::string_view p : template_placeholders(name)) v.placeholders.emplace_back(p);
  return v;
}

std::string service_name(const CatalogueSnapshot& cat, const std::string& code) {
  auto it = cat.categories.find(code);
  return it == cat.categories.end() ? code : it->second.name;
}

Status check_category(const CatalogueSnapshot& cat, const std::string& category) {
  if (!category.empty() && !cat.categories.count(category))
    return Error(ErrorCode::kInvalidQuery, "There is no service \"" + category.substr(0, 64) + "\"", "category");
  return {};
}

Status check_name(std::string_view name) {
  if (!is_template_name(name))
    return not_found("There is no notification template called \"" + std::string(name.substr(0, 64)) + "\"");
  return {};
}

// A new random token: the link carries it, the database its SHA-256.
std::pair<std::string, std::string> new_token() {
  std::string token = crypto::random_token("");
  std::string hash = crypto::sha256_hex(token);
  return {std::move(token), std::move(hash)};
}

Status done(const Result<Id>& r) { return r ? Status{} : Status(r.error()); }

Error bad_token() {
  return Error(ErrorCode::kNotFound, "This link is not valid: check you copied all of it", "token");
}

// Unsubscribe links are signed rather than stored, so queueing a message
// writes nothing but the message: "v1-<customer id>-<u|s>-<MAC>", the MAC
// being the first 128 bits of HMAC-SHA256 under the council's link key.
constexpr std::string_view kSignedLink = "v1-";

std::string link_mac(const std::string& key, std::string_view payload) {
  return crypto::hmac_sha256_hex(key, "unsubscribe:" + std::string(payload)).substr(0, 32);
}

std::string signed_unsubscribe_token(const std::string& key, Id customer, std::string_view preference) {
  const std::string payload =
      std::to_string(customer) + (preference == preference::kConsentSurveys ? "-s" : "-u");
  return std::string(kSignedLink) + payload + "-" + link_mac(key, payload);
}

// What an unsubscribe link stands for. Links sent before links were signed
// are rows of unsubscribe_tokens (`stored_hash`), and keep working.
struct UnsubscribeTarget {
  Id customer_id = 0;
  std::string preference;
  std::optional<std::string> stored_hash;
};

std::optional<UnsubscribeTarget> verify_signed(const std::string& key, std::string_view token) {
  if (key.empty() || token.substr(0, kSignedLink.size()) != kSignedLink) return std::nullopt;
  token.remove_prefix(kSignedLink.size());
  const size_t mac_at = token.rfind('-');
  if (mac_at == std::string_view::npos || mac_at < 3) return std::nullopt;
  const std::string_view payload = token.substr(0, mac_at);
  if (!crypto::equal_secret(token.substr(mac_at + 1), link_mac(key, payload))) return std::nullopt;
  const std::string_view code = payload.substr(payload.size() - 2);
  UnsubscribeTarget t;
  t.preference = code == "-s" ? preference::kConsentSurveys : preference::kConsentUpdates;
  for (char ch : payload.substr(0, payload.size() - 2)) t.customer_id = t.customer_id * 10 + (ch - '0');
  return t;
}

Result<UnsubscribeTarget> find_unsubscribe_link(ReadTx& tx, CatalogueCache& cache, TenantId tenant,
                                                const std::string& token) {
  ASSIGN_OR_RETURN(auto cat, cache.get(tx, tenant));
  if (auto signed_link = verify_signed(cat->tenant.link_key, token)) return *signed_link;
  const std::string hash = crypto::sha256_hex(token);
  auto u = tx.get_unsubscribe_token(tenant, hash);
  if (!u) return u.error().kind() == ErrorKind::kNotFound ? bad_token() : u.error();
  return UnsubscribeTarget{u->customer_id, u->preference, hash};
}

}  // namespace

TemplateText template_text(const CatalogueSnapshot& cat, std::string_view name, const std::string& category) {
  return resolve(cat.notification_templates, name, category).text;
}

Status queue_case_notifications(Tx& tx, const CatalogueSnapshot& cat, TenantId tenant, const Case& c,
                                const std::vector<CaseEvent>& events, bool by_council, Instant now,
                                const std::string& public_url, const Customer* known_customer) {
  if (c.type == CaseType::kMemberEnquiry || !c.customer_id) return {};
  const bool closed = std::any_of(events.begin(), events.end(), [](const CaseEvent& e) {
    auto to = e.details.find("to");
    return e.kind == event_kind::kStatusChanged && to != e.details.end() && to->second == "closed";
  });

  std::optional<Customer> read;
  if (!known_customer || known_customer->id != *c.customer_id) {
    // Cheap first, before reading the customer: does anything here call for
    // a message at all?
    const NoticeNames probe;
    const NotificationSettings all_on;
    if (case_notices(c, events, all_on, by_council, probe).empty() && !closed) return {};
    auto found = tx.get_customer(tenant, *c.customer_id);
    if (!found) return found.error().kind() == ErrorKind::kNotFound ? Status{} : Status(found.error());
    read = std::move(*found);
  }
  const Customer* customer = read ? &*read : known_customer;
  const std::optional<ContactRoute> route = contact_route(*customer);
  if (!route) return {};  // no way to reach them: staff see no message queued
  // Templates and settings come with the catalogue snapshot: no extra reads.
  const NotificationSettings s = effective_settings(cat.notification_settings, c.category);
  const std::vector<NotificationTemplate>& stored = cat.notification_templates;
  const NoticeNames names{cat.tenant.name, service_name(cat, c.category), customer->display_name()};
  const std::vector<CaseNotice> notices = case_notices(c, events, s, by_council, names);
  if (notices.empty() && !closed) return {};
  const ContactPreferences prefs = current_preferences(*customer);

  auto unsubscribe_link = [&](std::string_view preference) {
    return public_url + "/unsubscribe?token=" + signed_unsubscribe_token(cat.tenant.link_key, customer->id, preference);
  };

  for (const CaseNotice& n : notices) {
    if (!wanted(n, prefs)) continue;
    const std::string link = n.statutory ? "" : unsubscribe_link(preference::kConsentUpdates);
    const TemplateView t = resolve(stored, n.template_name, c.category);
    RETURN_IF_ERROR(tx.queue_message(tenant, compose(c.id, n, t.text, *route, link, s, now, now)));
  }

  if (!closed) return {};
  std::optional<CaseNotice> survey = survey_notice(c, s, names);
  if (!survey || !wanted(*survey, prefs)) return {};
  ASSIGN_OR_RETURN(std::optional<Instant> last, tx.last_survey_at(tenant, customer->id));
  if (!survey_allowed(last, now, s.survey_cap_days)) return {};
  auto [token, hash] = new_token();
  add_survey_links(*survey, public_url + "/survey?token=" + token);
  const std::string link = unsubscribe_link(preference::kConsentSurveys);
  const TemplateView t = resolve(stored, template_name::kSurvey, c.category);
  OutboxMessage m = compose(c.id, *survey, t.text, *route, link, s, now, now + std::chrono::hours{s.survey_delay_hours});
  Survey row;
  row.token_hash = hash;
  row.case_id = c.id;
  row.customer_id = customer->id;
  row.channel = route->channel;
  row.category = c.category;
  row.delivery_unit = c.delivery_unit;
  row.created_at = now;
  row.sent_at = m.next_attempt_at;
  RETURN_IF_ERROR(done(tx.insert_survey(tenant, row)));
  return tx.queue_message(tenant, m);
}

// ---- templates ---------------------------------------------------------------

Result<std::vector<TemplateView>> NotificationService::templates(const RequestContext& ctx,
                                                                 const std::string& category) {
  if (!can(ctx.principal, Permission::kApprove)) return denied(ctx, "see notification templates");
  return store_.read_value<std::vector<TemplateView>>([&](ReadTx& tx) -> Result<std::vector<TemplateView>> {
    ASSIGN_OR_RETURN(auto cat, cache_.get(tx, ctx.tenant));
    RETURN_IF_ERROR(check_category(*cat, category));
    ASSIGN_OR_RETURN(auto stored, tx.list_notification_templates(ctx.tenant));
    std::vector<TemplateView> out;
    for (std::string_view name : template_names()) out.push_back(resolve(stored, name, category));
    return out;
  });
}

Result<TemplateView> NotificationService::get_template(const RequestContext& ctx, const std::string& name,
                                                       const std::string& category) {
  if (!can(ctx.principal, Permission::kApprove)) return denied(ctx, "see notification templates");
  RETURN_IF_ERROR(check_name(name));
  return store_.read_value<TemplateView>([&](ReadTx& tx) -> Result<TemplateView> {
    ASSIGN_OR_RETURN(auto cat, cache_.get(tx, ctx.tenant));
    RETURN_IF_ERROR(check_category(*cat, category));
    ASSIGN_OR_RETURN(auto stored, tx.list_notification_templates(ctx.tenant));
    return resolve(stored, name, category);
  });
}

Result<TemplateView> NotificationService::put_template(const RequestContext& ctx, const std::string& name,
                                                       const std::string& category, const TemplateText& text) {
  if (!can(ctx.principal, Permission::kApprove)) return denied(ctx, "change notification templates");
  RETURN_IF_ERROR(check_name(name));
  RETURN_IF_ERROR(validate_template(name, text));
  auto saved = store_.write_value<TemplateView>([&](Tx& tx) -> Result<TemplateView> {
    ASSIGN_OR_RETURN(auto cat, cache_.get(tx, ctx.tenant));
    RETURN_IF_ERROR(check_category(*cat, category));
    RETURN_IF_ERROR(tx.put_notification_template(
        ctx.tenant, NotificationTemplate{name, category, text, ctx.now, ctx.principal.actor_tag()}));
    RETURN_IF_ERROR(audit(tx, ctx, "notification_template.update", "notification_template", name,
                          {{"category", category}}));
    ASSIGN_OR_RETURN(auto stored, tx.list_notification_templates(ctx.tenant));
    return resolve(stored, name, category);
  });
  cache_.invalidate(ctx.tenant);  // this server's next case write uses the new text
  return saved;
}

Result<RenderedPreview> NotificationService::preview(const RequestContext& ctx, const std::string& name,
                                                     const std::string& category,
                                                     const std::optional<TemplateText>& text,
                                                     const std::map<std::string, std::string>& values) {
  TemplateText t;
  if (text) {
    if (!can(ctx.principal, Permission::kApprove)) return denied(ctx, "preview notification templates");
    RETURN_IF_ERROR(check_name(name));
    RETURN_IF_ERROR(validate_template(name, *text));
    t = *text;
  } else {
    ASSIGN_OR_RETURN(TemplateView v, get_template(ctx, name, category));
    t = v.text;
  }
  const auto& allowed = template_placeholders(name);
  for (const auto& [k, v] : values)
    if (std::find(allowed.begin(), allowed.end(), k) == allowed.end())
      return invalid_field("values." + k.substr(0, 64), "((" + k.substr(0, 64) + ")) is not available in " + name);
  const auto sample = sample_values(name, values);
  return RenderedPreview{render(t.subject, sample), render(t.body, sample), render(t.sms, sample)};
}

// ---- settings ----------------------------------------------------------------

Result<std::pair<NotificationSettingsRow, NotificationSettings>> NotificationService::settings(
    const RequestContext& ctx, const std::string& category) {
  using Out = std::pair<NotificationSettingsRow, NotificationSettings>;
  if (!can(ctx.principal, Permission::kApprove)) return denied(ctx, "see notification settings");
  return store_.read_value<Out>([&](ReadTx& tx) -> Result<Out> {
    ASSIGN_OR_RETURN(auto cat, cache_.get(tx, ctx.tenant));
    RETURN_IF_ERROR(check_category(*cat, category));
    ASSIGN_OR_RETURN(auto rows, tx.list_notification_settings(ctx.tenant));
    NotificationSettingsRow mine;
    mine.category = category;
    for (const auto& r : rows)
      if (r.category == category) mine = r;
    return Out{mine, effective_settings(rows, category)};
  });
}

Result<std::pair<NotificationSettingsRow, NotificationSettings>> NotificationService::put_settings(
    const RequestContext& ctx, NotificationSettingsRow row) {
  if (!can(ctx.principal, Permission::kApprove)) return denied(ctx, "change notification settings");
  RETURN_IF_ERROR(validate_settings(row));
  row.updated_at = ctx.now;
  row.updated_by = ctx.principal.actor_tag();
  RETURN_IF_ERROR(store_.write([&](Tx& tx) -> Status {
    ASSIGN_OR_RETURN(auto cat, cache_.get(tx, ctx.tenant));
    RETURN_IF_ERROR(check_category(*cat, row.category));
    RETURN_IF_ERROR(tx.put_notification_settings(ctx.tenant, row));
    return audit(tx, ctx, "notification_settings.update", "notification_settings",
                 row.category.empty() ? "council" : row.category);
  }));
  cache_.invalidate(ctx.tenant);
  return settings(ctx, row.category);
}

// ---- unsubscribe links ---------------------------------------------------------

namespace {

UnsubscribeView unsubscribe_view(const std::string& preference, const ContactPreferences& p) {
  UnsubscribeView v;
  v.preference = preference;
  const bool surveys = preference == preference::kConsentSurveys;
  v.description = surveys ? "You will no longer be asked to take part in satisfaction surveys."
                          : "You will no longer receive optional updates about your requests. Messages the "
                            "council must send you (such as responses to complaints and information requests) "
                            "will still be sent.";
  v.already_done = (surveys ? p.consent_surveys : p.consent_updates) == false;
  return v;
}

// The link's customer, unless they have been erased since.
Result<Customer> link_customer(ReadTx& tx, TenantId tenant, Id customer_id) {
  auto c = tx.get_customer(tenant, customer_id);
  if (!c) return c.error().kind() == ErrorKind::kNotFound ? bad_token() : c.error();
  if (c->erased_at) return bad_token();
  return c;
}

}  // namespace

Result<UnsubscribeView> NotificationService::unsubscribe_info(const RequestContext& ctx, const std::string& token) {
  return store_.read_value<UnsubscribeView>([&](ReadTx& tx) -> Result<UnsubscribeView> {
    ASSIGN_OR_RETURN(UnsubscribeTarget link, find_unsubscribe_link(tx, cache_, ctx.tenant, token));
    ASSIGN_OR_RETURN(Customer c, link_customer(tx, ctx.tenant, link.customer_id));
    return unsubscribe_view(link.preference, current_preferences(c));
  });
}

Result<UnsubscribeView> NotificationService::unsubscribe(const RequestContext& ctx, const std::string& token) {
  return store_.write_value<UnsubscribeView>([&](Tx& tx) -> Result<UnsubscribeView> {
    ASSIGN_OR_RETURN(UnsubscribeTarget link, find_unsubscribe_link(tx, cache_, ctx.tenant, token));
    ASSIGN_OR_RETURN(Customer c, link_customer(tx, ctx.tenant, link.customer_id));
    UnsubscribeView v = unsubscribe_view(link.preference, current_preferences(c));
    if (!v.already_done) {
      RETURN_IF_ERROR(tx.put_preference(ctx.tenant, c.id,
                                        PreferenceChange{link.preference, "false", ctx.now, std::string(kUnsubscribedBy)}));
      RETURN_IF_ERROR(audit(tx, ctx, "customer.unsubscribe", "customer", std::to_string(c.id),
                            {{"preference", link.preference}}));
    }
    if (link.stored_hash) RETURN_IF_ERROR(tx.use_unsubscribe_token(ctx.tenant, *link.stored_hash, ctx.now));
    v.already_done = true;
    return v;
  });
}

// ---- surveys -------------------------------------------------------------------

Result<SurveyView> NotificationService::survey(const RequestContext& ctx, const std::string& token) {
  return store_.read_value<SurveyView>([&](ReadTx& tx) -> Result<SurveyView> {
    auto s = tx.get_survey_by_token(ctx.tenant, crypto::sha256_hex(token));
    if (!s) return s.error().kind() == ErrorKind::kNotFound ? bad_token() : s.error();
    ASSIGN_OR_RETURN(auto cat, cache_.get(tx, ctx.tenant));
    ASSIGN_OR_RETURN(Case c, tx.get_case(ctx.tenant, s->case_id));
    return SurveyView{c.reference, service_name(*cat, s->category), s->responded_at.has_value()};
  });
}

Result<SurveyView> NotificationService::respond(const RequestContext& ctx, const std::string& token, int rating,
                                                const std::string& comment) {
  RETURN_IF_ERROR(validate_survey_response(rating, comment));
  return store_.write_value<SurveyView>([&](Tx& tx) -> Result<SurveyView> {
    auto s = tx.get_survey_by_token(ctx.tenant, crypto::sha256_hex(token));
    if (!s) return s.error().kind() == ErrorKind::kNotFound ? bad_token() : s.error();
    RETURN_IF_ERROR(tx.record_survey_response(ctx.tenant, s->id, rating, comment, ctx.now));
    ASSIGN_OR_RETURN(auto cat, cache_.get(tx, ctx.tenant));
    ASSIGN_OR_RETURN(Case c, tx.get_case(ctx.tenant, s->case_id));
    RETURN_IF_ERROR(audit(tx, ctx, "survey.respond", "case", c.reference, {{"rating", std::to_string(rating)}}));
    return SurveyView{c.reference, service_name(*cat, s->category), true};
  });
}

// ---- the leads' digest -----------------------------------------------------------

Result<DigestRun> NotificationService::run_digest(const RequestContext& ctx) {
  if (!can(ctx.principal, Permission::kApprove)) return denied(ctx, "send the leads' digest");
  const LocalDate today = london_date(ctx.now);
  DigestRun run;
  RETURN_IF_ERROR(store_.write([&](Tx& tx) -> Status {
    run = {};
    ASSIGN_OR_RETURN(auto cat, cache_.get(tx, ctx.tenant));
    CaseFilter f;
    f.open_only = true;
    f.due_on_or_before = today;
    f.sort = CaseSort::kDueFirst;
    std::map<std::string, std::pair<std::vector<DigestCase>, std::vector<DigestCase>>> by_unit;  // due, overdue
    RETURN_IF_ERROR(tx.each_case(ctx.tenant, f, [&](const Case& c) -> Status {
      if (!c.clock.resolve_by || c.delivery_unit.empty()) return {};
      auto& [due, overdue] = by_unit[c.delivery_unit];
      (*c.clock.resolve_by < today ? overdue : due).push_back({c.reference, c.title, *c.clock.resolve_by});
      return {};
    }));
    ASSIGN_OR_RETURN(auto stored, tx.list_notification_templates(ctx.tenant));
    const TemplateView t = resolve(stored, template_name::kLeadDigest, "");
    for (const auto& [unit, lists] : by_unit) {
      ++run.delivery_units;
      auto du = cat->delivery_units.find(unit);
      const std::string unit_name = du == cat->delivery_units.end() ? unit : du->second.name;
      for (const auto& [id, o] : cat->officers) {
        if (!o.active || o.role != OfficerRole::kLead || o.delivery_unit != unit || o.email.empty()) continue;
        const auto values = digest_values(cat->tenant.name, o.name, unit_name, today, lists.first, lists.second);
        OutboxMessage m;
        m.created_at = ctx.now;
        m.channel = "email";
        m.recipient = o.email;
        m.template_name = std::string(template_name::kLeadDigest);
        m.subject = render(t.text.subject, values);
        m.body = render(t.text.body, values);
        m.personalisation = values;
        m.idempotency_key = "digest:" + format_date(today) + ":officer:" + std::to_string(id);
        m.next_attempt_at = ctx.now;
        // A second run the same day finds the key queued already.
        RETURN_IF_ERROR(done(tx.enqueue_message(ctx.tenant, m)));
        ++run.messages;
      }
    }
    return {};
  }));
  return run;
}

}  // namespace civicdesk

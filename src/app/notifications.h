// Keeping residents informed (docs/notifications.md): the messages case
// changes queue for the case's customer, the templates and settings staff
// edit, unsubscribe links, satisfaction surveys and the delivery-unit
// leads' daily digest.
//
// What is queued goes into the outbox in the same transaction as the change
// that causes it (queue_case_notifications is called from CaseService);
// delivering it is the outbox's job.
//
// Permissions: templates and settings need Permission::kApprove (managers
// and administrators); unsubscribe and survey links need only their token;
// the digest runs as the system or a manager.
//
// Thread-safe (shares the store and catalogue cache).
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "app/catalogue_cache.h"
#include "app/context.h"
#include "domain/notification.h"
#include "store/store.h"

namespace civicdesk {

// Queues the customer messages `events` (stored, with ids) call for on `c`
// (after the change), and a satisfaction survey when the case closed.
// `by_council`: the change was made by staff or a client system (a public
// note is then a response). Messages nobody can receive (no contact
// details, consent refused) are simply not queued: the case write never
// fails because of messaging. Links start with `public_url`. `customer`:
// the case's customer when the caller has just read it (saves reading it
// again inside the write), else nullptr.
Status queue_case_notifications(Tx& tx, const CatalogueSnapshot& cat, TenantId tenant, const Case& c,
                                 const std::vector<CaseEvent>& events, bool by_council, Instant now,
                                 const std::string& public_url, const Customer* customer = nullptr);

// The text of template `name` for a case of `category`: the service's
// override, else the council's, else the shipped default.
TemplateText template_text(const CatalogueSnapshot& cat, std::string_view name, const std::string& category);

// A template as the council currently has it.
struct TemplateView {
  std::string name;
  std::string category;  // "" for the council's default
  TemplateText text;
  std::string source;    // "default" (shipped), "council" or "category"
  std::vector<std::string> placeholders;
  std::optional<Instant> updated_at;
  std::string updated_by;
};

struct RenderedPreview {
  std::string subject, body, sms;
};

struct UnsubscribeView {
  std::string preference;   // consent_updates or consent_surveys
  std::string description;  // what unsubscribing stops, in words
  bool already_done = false;
};

struct SurveyView {
  std::string reference;
  std::string service;
  bool answered = false;
};

struct DigestRun {
  int delivery_units = 0;  // with something due or overdue
  int messages = 0;        // digests for leads (queued once per lead per day)
};

class NotificationService {
 public:
  NotificationService(Store& store, CatalogueCache& cache) : store_(store), cache_(cache) {}

  Result<std::vector<TemplateView>> templates(const RequestContext& ctx, const std::string& category);
  // not_found for an unknown name; invalid_query for an unknown category.
  Result<TemplateView> get_template(const RequestContext& ctx, const std::string& name, const std::string& category);
  // Refuses (with the field) text using placeholders the trigger lacks.
  Result<TemplateView> put_template(const RequestContext& ctx, const std::string& name, const std::string& category,
                                    const TemplateText& text);
  // Renders `text` (or the current template when absent) with sample
  // values overridden by `values`; the same checks as saving.
  Result<RenderedPreview> preview(const RequestContext& ctx, const std::string& name, const std::string& category,
                                  const std::optional<TemplateText>& text,
                                  const std::map<std::string, std::string>& values);

  // The stored row for `category` ("" = the council) and the effective settings.
  Result<std::pair<NotificationSettingsRow, NotificationSettings>> settings(const RequestContext& ctx,
                                                                            const std::string& category);
  Result<std::pair<NotificationSettingsRow, NotificationSettings>> put_settings(const RequestContext& ctx,
                                                                                NotificationSettingsRow row);

  // Unauthenticated, token-protected. not_found (field "token") for an
  // unknown token.
  Result<UnsubscribeView> unsubscribe_info(const RequestContext& ctx, const std::string& token);
  // Records the consent as refused (a preference change with history, by
  // "unsubscribe-link"). Using a link twice is harmless.
  Result<UnsubscribeView> unsubscribe(const RequestContext& ctx, const std::string& token);
  Result<SurveyView> survey(const RequestContext& ctx, const std::string& token);
  // One response per survey: failed_precondition when answered already.
  Result<SurveyView> respond(const RequestContext& ctx, const std::string& token, int rating,
                             const std::string& comment);

  // The leads' digest for the London date of ctx.now: one email per active
  // lead of each delivery unit with open cases due that day or overdue.
  // Idempotent per lead and day.
  Result<DigestRun> run_digest(const RequestContext& ctx);

 private:
  Store& store_;
  CatalogueCache& cache_;
};

}  // namespace civicdesk

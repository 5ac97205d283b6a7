// The Tx implementation shared by both databases: every repository method
// written once against sql::Connection. The backends (sqlite/, postgres/)
// only manage connections and transactions and hand a SqlTx to callers.
#pragma once

#include "store/sql/case_numbers.h"
#include "store/sql/sql.h"
#include "store/store.h"

namespace civicdesk::sql {

// Translates a driver failure into the store's error vocabulary. Each driver
// produces a DriverError; this is the single place codes are mapped.
enum class DriverFailure { kUniqueViolation, kSerialization, kConnectionLost, kBusy, kOther };
Error driver_error(DriverFailure f, std::string message);

class SqlTx final : public Tx {
 public:
  // `reserved`: where a PostgreSQL store keeps case numbers taken ahead
  // (nullptr: one nextval() per case).
  explicit SqlTx(Connection& conn, ReservedCaseNumbers* reserved = nullptr)
      : c_(conn), d_(conn.dialect()), reserved_(reserved) {}

  // ReadTx
  Result<std::vector<Tenant>> list_tenants() override;
  Result<Tenant> get_tenant(TenantId id) override;
  Result<Tenant> get_tenant_by_slug(const std::string& slug) override;
  Result<std::vector<DeliveryUnit>> list_delivery_units(TenantId t) override;
  Result<std::vector<Team>> list_teams(TenantId t) override;
  Result<std::vector<Officer>> list_officers(TenantId t) override;
  Result<Officer> get_officer(TenantId t, Id id) override;
  Result<std::vector<Ward>> list_wards(TenantId t) override;
  Result<std::vector<Member>> list_members(TenantId t) override;
  Result<Member> get_member(TenantId t, Id id) override;
  Result<std::vector<SlaPolicy>> list_sla_policies(TenantId t) override;
  Result<std::vector<Category>> list_categories(TenantId t) override;
  Result<std::vector<BankHoliday>> list_holidays(TenantId t) override;
  Result<int64_t> catalogue_version(TenantId t) override;
  Result<Customer> get_customer(TenantId t, Id id) override;
  Result<std::vector<Customer>> list_customers(TenantId t, const CustomerFilter& f) override;
  Result<Contact> get_contact(TenantId t, Id id) override;
  Result<std::vector<Contact>> list_contacts(TenantId t, const ContactFilter& f) override;
  Result<Case> get_case(TenantId t, Id id) override;
  Result<Case> get_case_by_reference(TenantId t, const std::string& reference) override;
  Result<std::vector<Case>> list_cases(TenantId t, const CaseFilter& f) override;
  Result<std::vector<CasePoint>> open_case_points(TenantId t, const geo::Box& box) override;
  Status each_case(TenantId t, const CaseFilter& f, const std::function<Status(const Case&)>& fn) override;
  Result<std::vector<CaseEvent>> list_events(TenantId t, Id case_id,
                                             std::optional<Visibility> only) override;
  Result<std::vector<CaseLink>> list_links(TenantId t, Id case_id) override;
  Result<std::vector<Watcher>> list_watchers(TenantId t, Id case_id) override;
  Result<std::vector<StatusCount>> count_cases_by_status(TenantId t) override;
  Status each_case_reference(TenantId t, const std::function<Status(std::string_view)>& fn) override;
  Result<User> get_user(TenantId t, Id id) override;
  Result<User> get_user_by_email(TenantId t, const std::string& email) override;
  Result<std::vector<User>> list_users(TenantId t) override;
  Result<Session> get_session(TenantId t, const std::string& token_hash) override;
  Result<ApiToken> get_api_token(TenantId t, const std::string& token_hash) override;
  Result<std::vector<ApiToken>> list_api_tokens(TenantId t) override;
  Result<Throttle> get_throttle(TenantId t, const std::string& key) override;
  Result<std::vector<AuditEntry>> list_audit(TenantId t, const AuditFilter& f) override;
  Result<std::vector<OutboxMessage>> list_outbox(TenantId t, const OutboxFilter& f) override;
  Result<OutboxMessage> get_message(TenantId t, Id id) override;
  Result<std::vector<WebhookEndpoint>> list_webhook_endpoints(TenantId t) override;
  Result<WebhookEndpoint> get_webhook_endpoint(TenantId t, const std::string& name) override;
  Result<std::optional<BackOfficeLink>> get_back_office_link(TenantId t, Id case_id) override;
  Result<std::vector<PreferenceChange>> list_preferences(TenantId t, Id customer_id) override;
  Result<std::map<std::string, int>> list_retention_rules(TenantId t) override;
  Result<std::string> get_tenant_boundary(TenantId t) override;
  Status put_tenant_boundary(TenantId t, const std::string& geojson) override;
  Result<std::vector<PublicEvent>> list_public_events(TenantId t, Instant from, Instant to, int limit) override;
  Status each_audit(TenantId t, const AuditFilter& f, const std::function<Status(const AuditEntry&)>& fn) override;
  Result<std::vector<WatchedCase>> list_watched_cases(TenantId t, Id customer_id,
                                                      const std::vector<std::string>& emails) override;
  Result<std::vector<RetentionCandidate>> list_retention_candidates(TenantId t, CaseType type, Instant closed_before,
                                                                    Id after_id, int limit) override;
  Result<std::vector<report::DueCounts>> me_due_counts(TenantId t, const CaseScope& scope, LocalDate first,
                                                       LocalDate last) override;
  Result<std::vector<report::AgeingCounts>> me_ageing_counts(TenantId t, const CaseScope& scope,
                                                             LocalDate at) override;
  Result<std::vector<report::MisdirectedItem>> me_misdirected(TenantId t, const CaseScope& scope, Instant from,
                                                              Instant to) override;
  Result<std::vector<report::EscalationCounts>> me_escalation_counts(TenantId t, const CaseScope& scope,
                                                                     Instant from, Instant to) override;
  Result<std::vector<report::EscalationItem>> me_escalations(TenantId t, const CaseScope& scope, Instant from,
                                                             Instant to) override;
  Result<std::vector<report::ChaserCounts>> me_chaser_counts(TenantId t, const CaseScope& scope, LocalDate first,
                                                             LocalDate last) override;
  Result<std::vector<report::ClosurePair>> me_closure_pairs(TenantId t, const CaseScope& scope, LocalDate first,
                                                            LocalDate last) override;
  Result<std::vector<report::OverdueItem>> me_overdue(TenantId t, const CaseScope& scope, LocalDate at) override;
  Result<std::vector<Attachment>> list_attachments(TenantId t, Id case_id) override;
  Result<Attachment> get_attachment(TenantId t, Id id) override;
  Result<std::string> get_attachment_bytes(TenantId t, Id id) override;
  Result<std::map<Id, Attachment>> first_public_attachments(TenantId t, const std::vector<Id>& case_ids) override;
  Result<Id> insert_attachment(TenantId t, const Attachment& a, std::string_view bytes) override;
  Status set_attachment_hidden(TenantId t, Id id, bool hidden, Instant at, const std::string& by) override;
  Status set_attachment_public(TenantId t, Id id, bool is_public) override;

  // Tx
  Result<TenantId> create_tenant(const Tenant& tenant) override;
  Status update_tenant(const Tenant& tenant) override;
  Status put_delivery_unit(TenantId t, const DeliveryUnit& du) override;
  Status put_team(TenantId t, const Team& team) override;
  Result<Id> put_officer(TenantId t, const Officer& officer) override;
  Status put_ward(TenantId t, const Ward& ward) override;
  Result<Id> put_member(TenantId t, const Member& member) override;
  Status put_sla_policy(TenantId t, const SlaPolicy& policy) override;
  Status put_category(TenantId t, const Category& category) override;
  Status replace_holidays(TenantId t, const std::vector<BankHoliday>& holidays) override;
  Result<Id> insert_customer(TenantId t, const Customer& c) override;
  Status update_customer(TenantId t, const Customer& c, int64_t expected_version) override;
  Result<Id> insert_contact(TenantId t, const Contact& c) override;
  Status set_contact_case(TenantId t, Id contact_id, Id case_id) override;
  Result<int64_t> next_case_number(TenantId t) override;
  Result<Id> insert_case(TenantId t, const Case& c) override;
  Result<Id> insert_case_with_event(TenantId t, const Case& c, const CaseEvent& first) override;
  Result<Case> get_case_for_update(TenantId t, const std::string& reference) override;
  Status update_case(TenantId t, const Case& c, int64_t expected_version) override;
  Result<Id> append_event(TenantId t, const CaseEvent& e) override;
  Result<int64_t> insert_cases_bulk(TenantId t, const std::function<bool(Case&, CaseEvent&)>& next) override;
  Status advance_case_numbers(TenantId t, int64_t at_least) override;
  Status add_link(TenantId t, Id case_id, LinkKind kind, Id other_id) override;
  Status remove_link(TenantId t, Id case_id, LinkKind kind, Id other_id) override;
  Status add_watcher(TenantId t, Id case_id, const Watcher& w) override;
  Status remove_watcher(TenantId t, Id case_id, const Watcher& w) override;
  Result<Id> insert_user(TenantId t, const User& u) override;
  Status update_user(TenantId t, const User& u) override;
  Status insert_session(TenantId t, const Session& s) override;
  Status touch_session(TenantId t, const std::string& token_hash, Instant at) override;
  Status revoke_sessions(TenantId t, Id user_id, std::optional<std::string> only_token_hash, Instant at) override;
  Status set_session_second_factor(TenantId t, const std::string& token_hash) override;
  Result<Id> insert_api_token(TenantId t, const ApiToken& token) override;
  Status revoke_api_token(TenantId t, const std::string& name, Instant at) override;
  Status touch_api_token(TenantId t, Id id, Instant at) override;
  Status put_throttle(TenantId t, const std::string& key, const Throttle& th) override;
  Status clear_throttle(TenantId t, const std::string& key) override;
  Status insert_one_time_token(TenantId t, const std::string& token_hash, const std::string& purpose, Id user_id,
                               Instant created_at, Instant expires_at) override;
  Result<Id> use_one_time_token(TenantId t, const std::string& token_hash, const std::string& purpose,
                                Instant now) override;
  Status append_audit(TenantId t, const AuditEntry& e) override;
  Result<Id> enqueue_message(TenantId t, const OutboxMessage& m) override;
  Status queue_message(TenantId t, const OutboxMessage& m) override;
  Result<std::vector<ClaimedMessage>> claim_messages(const std::vector<std::string>& channels, Instant now,
                                                     Instant lease_until, int limit) override;
  Status update_message_delivery(TenantId t, const OutboxMessage& m,
                                 const std::vector<std::string_view>& from) override;
  Status put_webhook_endpoint(TenantId t, const WebhookEndpoint& e) override;
  Status delete_webhook_endpoint(TenantId t, const std::string& name) override;
  Status put_back_office_link(TenantId t, Id case_id, const BackOfficeLink& link) override;
  Status record_back_office_update(TenantId t, const std::string& endpoint, const std::string& update_id, Id case_id,
                                   Instant at) override;
  Status put_preference(TenantId t, Id customer_id, const PreferenceChange& change) override;
  Status put_retention_rule(TenantId t, const std::string& case_type, int keep_years) override;
  Status delete_retention_rule(TenantId t, const std::string& case_type) override;
  Status erase_customer(TenantId t, Id customer_id, Instant at) override;
  Status anonymise_case(TenantId t, Id case_id, Instant at) override;

  // Members' Enquiries (sql_enquiries.cpp).
  Result<std::vector<RoutingRecord>> list_routings(TenantId t, Id case_id) override;
  Result<std::vector<EscalationRecord>> list_escalations(TenantId t, Id case_id) override;
  Result<std::vector<ChaserRecord>> list_chasers(TenantId t, Id case_id) override;
  Result<std::vector<Id>> list_escalation_officers(TenantId t, const std::string& delivery_unit) override;
  Result<std::vector<Approval>> list_approvals(TenantId t, Id case_id) override;
  Result<std::vector<Approval>> list_pending_approvals(TenantId t, int limit) override;
  Result<std::vector<Case>> list_enquiries_for_reminders(TenantId t, LocalDate respond_cutoff, LocalDate today,
                                                         Id after_id, int limit) override;
  Result<Id> insert_routing(TenantId t, const RoutingRecord& r) override;
  Status update_routing(TenantId t, const RoutingRecord& r) override;
  Result<Id> insert_escalation(TenantId t, const EscalationRecord& e) override;
  Result<Id> insert_chaser(TenantId t, const ChaserRecord& c) override;
  Status put_escalation_officers(TenantId t, const std::string& delivery_unit,
                                 const std::vector<Id>& officer_ids) override;
  Result<Id> insert_approval(TenantId t, const Approval& a) override;
  Status decide_approval(TenantId t, const Approval& a) override;

  // Notifications (sql_notifications.cpp).
  Result<std::vector<NotificationTemplate>> list_notification_templates(TenantId t) override;
  Result<std::vector<NotificationSettingsRow>> list_notification_settings(TenantId t) override;
  Result<UnsubscribeToken> get_unsubscribe_token(TenantId t, const std::string& token_hash) override;
  Result<Survey> get_survey_by_token(TenantId t, const std::string& token_hash) override;
  Result<std::optional<Instant>> last_survey_at(TenantId t, Id customer_id) override;
  Result<std::vector<report::SurveyFact>> survey_facts(TenantId t, LocalDate first, LocalDate last) override;
  Status put_notification_template(TenantId t, const NotificationTemplate& tmpl) override;
  Status put_notification_settings(TenantId t, const NotificationSettingsRow& row) override;
  Status insert_unsubscribe_token(TenantId t, const UnsubscribeToken& token) override;
  Status use_unsubscribe_token(TenantId t, const std::string& token_hash, Instant at) override;
  Result<Id> insert_survey(TenantId t, const Survey& s) override;
  Status record_survey_response(TenantId t, Id survey_id, int rating, const std::string& comment,
                                Instant at) override;

 private:
  Status bump_catalogue(TenantId t);
  Error taken_reference_or(TenantId t, const Error& e, const Case& in);
  Status load_contact_details(TenantId t, std::vector<Customer>& customers);
  Status write_contact_details(TenantId t, const Customer& c);
  Status index_customer(TenantId t, const Customer& c);
  Status index_case(const Case& c);
  // insert_cases_bulk per backend (sql_import.cpp).
  Result<int64_t> bulk_rows(TenantId t, const std::function<bool(Case&, CaseEvent&)>& next);
  Result<int64_t> bulk_copy(TenantId t, const std::function<bool(Case&, CaseEvent&)>& next);
  // Replaces personal data in the details of the timeline events `sql`
  // selects (id, details): with `mentions` (watcher labels), the lines that
  // name one of them; without, every free-text and name detail.
  Status redact_events(TenantId t, std::string_view sql, Params params, const std::vector<std::string>& mentions);

  Connection& c_;
  Dialect d_;
  ReservedCaseNumbers* reserved_;
};

}  // namespace civicdesk::sql

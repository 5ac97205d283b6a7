// The Store: everything civicdesk keeps, behind one interface with two
// implementations (SQLite embedded, PostgreSQL) that pass one contract suite.
// Nothing above store/ knows which database it talks to.
//
// Work happens in transactions:
//
//   Status s = store.write([&](Tx& tx) -> Status {
//     ASSIGN_OR_RETURN(Case c, tx.get_case(tenant, id));
//     ...
//     return tx.update_case(tenant, next, c.version);
//   });
//
// write() commits when the function returns ok and rolls back otherwise; when
// it returns ok the change is durable (it survives a crash of the process and,
// with the default settings, of the machine). The function may run more than
// once (after a serialization conflict), so it must not act outside `tx`.
// read() runs the function on a consistent snapshot.
//
// After any error from a Tx method the transaction is spoiled (PostgreSQL
// aborts it): return the error, do not carry on.
//
// Thread-safety: a Store is shared by all request threads; a Tx belongs to the
// call that received it and must not escape it.
//
// Errors: not_found for a missing record; stale_version when an update's
// expected version is not the stored one; already_exists / duplicate_reference
// for unique clashes; database_unavailable when the database cannot be
// reached (callers answer 503).
#pragma once

#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/result.h"
#include "domain/access.h"
#include "domain/back_office.h"
#include "domain/account.h"
#include "domain/attachment.h"
#include "domain/calendar.h"
#include "domain/case.h"
#include "domain/catalogue.h"
#include "domain/contact.h"
#include "domain/customer.h"
#include "domain/delivery.h"
#include "domain/enquiry.h"
#include "domain/geo.h"
#include "domain/me_report.h"
#include "domain/notification.h"
#include "domain/satisfaction_report.h"

namespace civicdesk {

// ---- query shapes ----------------------------------------------------------

enum class CaseSort { kNewest, kDueFirst };

// Keyset position after the last row of a page. Opaque to clients (http/
// encodes it); sort-specific fields are compared in the sort's order.
struct CaseCursor {
  CaseSort sort = CaseSort::kNewest;
  Id last_id = 0;
  std::string last_due;  // resolve_by of the last row, kDueFirst only ("" = none)
};

struct CaseFilter {
  std::optional<CaseStatus> status;
  bool open_only = false;
  std::optional<CaseType> type;
  std::string delivery_unit;
  std::string team;
  std::string category;
  std::string ward;
  std::optional<Id> assignee_id;
  std::optional<Id> customer_id;
  std::optional<Id> member_id;
  std::optional<Id> parent_id;
  std::optional<Priority> priority;  // work queues' filter
  bool unassigned = false;           // no officer assigned (work queues)
  std::optional<Instant> received_from;  // inclusive
  std::optional<Instant> received_to;    // exclusive
  std::optional<LocalDate> due_on_or_before;  // resolve_by <= this (overdue lists, queues)
  std::string text;  // full-text query over reference, title, description, address
  // Only these cases (nearby search loads the few it ranked nearest); an
  // empty list means no such condition.
  std::vector<Id> ids;
  CaseScope scope = CaseScope::all();  // what the principal may see (domain/access.h)
  CaseSort sort = CaseSort::kNewest;
  std::optional<CaseCursor> after;
  int limit = 50;  // rows wanted; the store returns up to limit + 1 so callers know there is more
};

struct CustomerFilter {
  std::string text;      // full-text over names, emails, phones, postcodes
  std::string email;     // exact (normalised)
  std::string phone;     // exact E.164
  std::string postcode;  // exact (normalised)
  std::optional<int64_t> uprn;
  std::optional<Id> after_id;  // keyset: id < after_id, newest first
  int limit = 50;
};

struct ContactFilter {
  std::optional<Id> customer_id;
  std::optional<Id> case_id;
  std::optional<Channel> channel;
  std::optional<Instant> from, to;
  std::optional<Id> after_id;
  int limit = 50;
};

struct AuditFilter {
  std::optional<Instant> from, to;
  std::string entity;     // "" for all
  std::string entity_id;  // with entity
  std::string actor;
  std::optional<Id> after_id;  // keyset: id < after_id, newest first
  int limit = 100;
};

struct OutboxFilter {
  std::string status;   // "" for all
  std::string channel;  // "" for all ("webhook" with status "failed": the webhook dead letters)
  std::optional<Id> case_id;
  std::vector<std::string> recipients;  // only messages to one of these (empty: any)
  std::optional<Id> after_id;
  int limit = 100;
};

// A message leased to a delivery worker. `recovering`: it was already being
// sent when its previous worker stopped (the provider may have it).
struct ClaimedMessage {
  TenantId tenant = 0;
  OutboxMessage message;
  bool recovering = false;
};

// A case that copies someone in (data protection: who is named where).
struct WatchedCase {
  Id case_id = 0;
  std::string reference;
  Watcher watcher;
};

// A public timeline event with what Open311 needs to know about its case.
struct PublicEvent {
  CaseEvent event;
  std::string reference;
  CaseType type = CaseType::kServiceRequest;
  std::string category;
  CaseStatus status = CaseStatus::kNew;
  std::optional<CaseOutcome> outcome;
};

// A closed case the retention job may anonymise.
struct RetentionCandidate {
  Id id = 0;
  std::string reference;
  CaseType type = CaseType::kServiceRequest;
  Instant closed_at{};
};

struct StatusCount {
  CaseStatus status;
  int64_t count;
};

struct CasePoint {
  Id id = 0;
  geo::Point point;
};

// ---- transactions ------------------------------------------------------------

class ReadTx {
 public:
  virtual ~ReadTx() = default;

  // Tenants
  virtual Result<std::vector<Tenant>> list_tenants() = 0;
  virtual Result<Tenant> get_tenant(TenantId id) = 0;
  virtual Result<Tenant> get_tenant_by_slug(const std::string& slug) = 0;

  // Catalogue
  virtual Result<std::vector<DeliveryUnit>> list_delivery_units(TenantId t) = 0;
  virtual Result<std::vector<Team>> list_teams(TenantId t) = 0;
  virtual Result<std::vector<Officer>> list_officers(TenantId t) = 0;
  virtual Result<Officer> get_officer(TenantId t, Id id) = 0;
  virtual Result<std::vector<Ward>> list_wards(TenantId t) = 0;
  virtual Result<std::vector<Member>> list_members(TenantId t) = 0;
  virtual Result<Member> get_member(TenantId t, Id id) = 0;
  virtual Result<std::vector<SlaPolicy>> list_sla_policies(TenantId t) = 0;
  virtual Result<std::vector<Category>> list_categories(TenantId t) = 0;
  virtual Result<std::vector<BankHoliday>> list_holidays(TenantId t) = 0;
  // The council's boundary as GeoJSON text ("" when none is set).
  virtual Result<std::string> get_tenant_boundary(TenantId t) = 0;
  // Bumped by every catalogue or calendar change; lets app/ cache them.
  virtual Result<int64_t> catalogue_version(TenantId t) = 0;

  // Customers
  virtual Result<Customer> get_customer(TenantId t, Id id) = 0;
  virtual Result<std::vector<Customer>> list_customers(TenantId t, const CustomerFilter& f) = 0;

  // Contacts
  virtual Result<Contact> get_contact(TenantId t, Id id) = 0;
  virtual Result<std::vector<Contact>> list_contacts(TenantId t, const ContactFilter& f) = 0;

  // Cases
  virtual Result<Case> get_case(TenantId t, Id id) = 0;
  virtual Result<Case> get_case_by_reference(TenantId t, const std::string& reference) = 0;
  virtual Result<std::vector<Case>> list_cases(TenantId t, const CaseFilter& f) = 0;
  // The points of the tenant's open located cases inside `box` (WGS84
  // degrees), from the spatial index alone (SQLite R*Tree, PostgreSQL
  // GiST): nearby search ranks these by distance and then loads only the
  // nearest. SQLite keeps the points as 32-bit floats (within about 0.5 m).
  virtual Result<std::vector<CasePoint>> open_case_points(TenantId t, const geo::Box& box) = 0;
  // Every case matching `f` (limit and cursor ignored), in the filter's
  // order, handed to `fn` one at a time as the database produces them:
  // memory stays bounded whatever the number of rows. Stops at fn's first
  // error and returns it. fn must not call the transaction: on PostgreSQL
  // the connection is still busy sending the rows.
  virtual Status each_case(TenantId t, const CaseFilter& f, const std::function<Status(const Case&)>& fn) = 0;
  virtual Result<std::vector<CaseEvent>> list_events(TenantId t, Id case_id,
                                                     std::optional<Visibility> only) = 0;
  virtual Result<std::vector<CaseLink>> list_links(TenantId t, Id case_id) = 0;
  virtual Result<std::vector<Watcher>> list_watchers(TenantId t, Id case_id) = 0;
  virtual Result<std::vector<StatusCount>> count_cases_by_status(TenantId t) = 0;
  // Public timeline events (visibility public) of the tenant's cases with
  // `at` in [from, to), oldest first, at most `limit` (Open311 updates).
  virtual Result<std::vector<PublicEvent>> list_public_events(TenantId t, Instant from, Instant to, int limit) = 0;
  // Every case reference of the tenant, in no particular order, streamed to
  // `fn` as each_case does (fn must not call the transaction). For bulk
  // imports, which check a whole file's references against the database at once.
  virtual Status each_case_reference(TenantId t, const std::function<Status(std::string_view)>& fn) = 0;

  // Accounts. Users by id or (normalised) email; not_found otherwise.
  virtual Result<User> get_user(TenantId t, Id id) = 0;
  virtual Result<User> get_user_by_email(TenantId t, const std::string& email) = 0;
  virtual Result<std::vector<User>> list_users(TenantId t) = 0;
  virtual Result<Session> get_session(TenantId t, const std::string& token_hash) = 0;
  virtual Result<ApiToken> get_api_token(TenantId t, const std::string& token_hash) = 0;
  virtual Result<std::vector<ApiToken>> list_api_tokens(TenantId t) = 0;
  // Zero failures when there is no row.
  virtual Result<Throttle> get_throttle(TenantId t, const std::string& key) = 0;

  // Newest first.
  virtual Result<std::vector<AuditEntry>> list_audit(TenantId t, const AuditFilter& f) = 0;
  // Every entry matching `f` (limit and after_id ignored), oldest first,
  // streamed to `fn` as each_case does (fn must not call the transaction).
  virtual Status each_audit(TenantId t, const AuditFilter& f, const std::function<Status(const AuditEntry&)>& fn) = 0;
  virtual Result<std::vector<OutboxMessage>> list_outbox(TenantId t, const OutboxFilter& f) = 0;
  virtual Result<OutboxMessage> get_message(TenantId t, Id id) = 0;
  virtual Result<std::vector<WebhookEndpoint>> list_webhook_endpoints(TenantId t) = 0;
  virtual Result<WebhookEndpoint> get_webhook_endpoint(TenantId t, const std::string& name) = 0;
  // Back-office integration (docs/back-office.md; migration 0009): where a
  // forwarded case stands with the back office (nullopt: never forwarded).
  virtual Result<std::optional<BackOfficeLink>> get_back_office_link(TenantId t, Id case_id) = 0;
  // Every change, oldest first.
  virtual Result<std::vector<PreferenceChange>> list_preferences(TenantId t, Id customer_id) = 0;
  // case type -> years to keep after closure.
  virtual Result<std::map<std::string, int>> list_retention_rules(TenantId t) = 0;
  // Cases that copy in the customer (a customer watcher) or one of
  // `emails` (an email watcher), by case id.
  virtual Result<std::vector<WatchedCase>> list_watched_cases(TenantId t, Id customer_id,
                                                              const std::vector<std::string>& emails) = 0;
  // Closed cases of `type`, not yet anonymised, closed before
  // `closed_before`, with id > after_id, in id order; at most `limit`.
  virtual Result<std::vector<RetentionCandidate>> list_retention_candidates(TenantId t, CaseType type,
                                                                            Instant closed_before, Id after_id,
                                                                            int limit) = 0;

  // Members' Enquiries (oldest first).
  virtual Result<std::vector<RoutingRecord>> list_routings(TenantId t, Id case_id) = 0;
  virtual Result<std::vector<EscalationRecord>> list_escalations(TenantId t, Id case_id) = 0;
  virtual Result<std::vector<ChaserRecord>> list_chasers(TenantId t, Id case_id) = 0;
  // The delivery unit's escalation officers in the order they are tried.
  virtual Result<std::vector<Id>> list_escalation_officers(TenantId t, const std::string& delivery_unit) = 0;
  virtual Result<std::vector<Approval>> list_approvals(TenantId t, Id case_id) = 0;
  // Pending approvals across the council, oldest first (the managers' queue).
  virtual Result<std::vector<Approval>> list_pending_approvals(TenantId t, int limit) = 0;
  // Top-level Members' Enquiries that may need a reminder on `today`: open
  // with respond_by <= respond_cutoff, or with a diary date on or before
  // `today`; in id order after `after_id`, at most `limit`.
  virtual Result<std::vector<Case>> list_enquiries_for_reminders(TenantId t, LocalDate respond_cutoff,
                                                                 LocalDate today, Id after_id, int limit) = 0;

  // ---- Members' Enquiries: the committee reports (domain/me_report.h) ----
  // Each counts top-level Members' Enquiries (type member_enquiry, no
  // parent) of the tenant inside the database (GROUP BY, covering indexes
  // of migration 0005) and returns small aggregates. `scope` is what the
  // principal may see (case_scope): restricted categories it hides are left
  // out, a delivery-unit scope keeps that unit's enquiries only, and a
  // resident or councillor scope sees nothing. Dates are London dates.
  //
  // Enquiries due (resolve_by) in [first, last], per due month and unit.
  virtual Result<std::vector<report::DueCounts>> me_due_counts(TenantId t, const CaseScope& scope, LocalDate first,
                                                               LocalDate last) = 0;
  // Enquiries open at the end of `at` (received_on <= at and closed_on
  // NULL or after at), per unit and age band.
  virtual Result<std::vector<report::AgeingCounts>> me_ageing_counts(TenantId t, const CaseScope& scope,
                                                                     LocalDate at) = 0;
  // Routings sent back as misdirected with decided_at in [from, to), with
  // the seconds from routed_at to decided_at.
  virtual Result<std::vector<report::MisdirectedItem>> me_misdirected(TenantId t, const CaseScope& scope,
                                                                      Instant from, Instant to) = 0;
  // Escalations with escalated_at in [from, to), per unit escalated to.
  virtual Result<std::vector<report::EscalationCounts>> me_escalation_counts(TenantId t, const CaseScope& scope,
                                                                             Instant from, Instant to) = 0;
  // The same escalations, oldest first.
  virtual Result<std::vector<report::EscalationItem>> me_escalations(TenantId t, const CaseScope& scope, Instant from,
                                                                     Instant to) = 0;
  // Enquiries received (received_on) in [first, last], per unit, by the
  // number of chasers each had (cases.chasers).
  virtual Result<std::vector<report::ChaserCounts>> me_chaser_counts(TenantId t, const CaseScope& scope,
                                                                     LocalDate first, LocalDate last) = 0;
  // Enquiries closed (closed_on) in [first, last], counted per unit,
  // receipt date and closure date.
  virtual Result<std::vector<report::ClosurePair>> me_closure_pairs(TenantId t, const CaseScope& scope,
                                                                    LocalDate first, LocalDate last) = 0;
  // Enquiries open at the end of `at` whose due date is before `at`.
  virtual Result<std::vector<report::OverdueItem>> me_overdue(TenantId t, const CaseScope& scope, LocalDate at) = 0;

  // ---- Notifications: templates, settings, unsubscribe links, surveys ----
  // (docs/notifications.md; migration 0007)
  virtual Result<std::vector<NotificationTemplate>> list_notification_templates(TenantId t) = 0;
  virtual Result<std::vector<NotificationSettingsRow>> list_notification_settings(TenantId t) = 0;
  // not_found for an unknown token.
  virtual Result<UnsubscribeToken> get_unsubscribe_token(TenantId t, const std::string& token_hash) = 0;
  virtual Result<Survey> get_survey_by_token(TenantId t, const std::string& token_hash) = 0;
  // When the customer was last sent a survey (created_at), if ever.
  virtual Result<std::optional<Instant>> last_survey_at(TenantId t, Id customer_id) = 0;
  // Surveys whose sent_on is in [first, last], with their ratings.
  virtual Result<std::vector<report::SurveyFact>> survey_facts(TenantId t, LocalDate first, LocalDate last) = 0;

  // ---- Photos on cases (docs/media.md; migration 0010) ----
  // A case's attachments, oldest first, without their bytes.
  virtual Result<std::vector<Attachment>> list_attachments(TenantId t, Id case_id) = 0;
  // One attachment's record; not_found when the tenant has no such id.
  virtual Result<Attachment> get_attachment(TenantId t, Id id) = 0;
  // Its stored (stripped) bytes; not_found as above.
  virtual Result<std::string> get_attachment_bytes(TenantId t, Id id) = 0;
  // The first public, not hidden attachment of each case in `case_ids`
  // (Open311 shows one photo per report), by case id.
  virtual Result<std::map<Id, Attachment>> first_public_attachments(TenantId t, const std::vector<Id>& case_ids) = 0;
};

class Tx : public ReadTx {
 public:
  // Tenants. create_tenant assigns the id; already_exists on a taken slug.
  virtual Result<TenantId> create_tenant(const Tenant& tenant) = 0;
  virtual Status update_tenant(const Tenant& tenant) = 0;

  // Catalogue: insert or replace by code (officers and members by id; id 0
  // inserts and returns the new id).
  virtual Status put_delivery_unit(TenantId t, const DeliveryUnit& du) = 0;
  virtual Status put_team(TenantId t, const Team& team) = 0;
  virtual Result<Id> put_officer(TenantId t, const Officer& officer) = 0;
  virtual Status put_ward(TenantId t, const Ward& ward) = 0;
  virtual Result<Id> put_member(TenantId t, const Member& member) = 0;
  virtual Status put_sla_policy(TenantId t, const SlaPolicy& policy) = 0;
  virtual Status put_category(TenantId t, const Category& category) = 0;
  // Sets the council's boundary (GeoJSON, validated by app/; "" removes
  // it) and bumps the catalogue version (the snapshot carries it).
  virtual Status put_tenant_boundary(TenantId t, const std::string& geojson) = 0;
  // Replaces the tenant's whole calendar.
  virtual Status replace_holidays(TenantId t, const std::vector<BankHoliday>& holidays) = 0;

  // Customers. update_customer: stale_version unless the stored version is
  // `expected_version`; the stored version becomes expected_version + 1.
  virtual Result<Id> insert_customer(TenantId t, const Customer& c) = 0;
  virtual Status update_customer(TenantId t, const Customer& c, int64_t expected_version) = 0;

  virtual Result<Id> insert_contact(TenantId t, const Contact& c) = 0;
  virtual Status set_contact_case(TenantId t, Id contact_id, Id case_id) = 0;

  // Cases. next_case_number never returns a number a committed case of the
  // tenant already has (SQLite may reuse one from a rolled-back write;
  // PostgreSQL leaves a gap, and a server takes numbers sixteen at a time:
  // store/sql/case_numbers.h). The numbers one store gives committed writes
  // increase.
  virtual Result<int64_t> next_case_number(TenantId t) = 0;
  // Inserts with c.version (normally 1); duplicate_reference if taken.
  virtual Result<Id> insert_case(TenantId t, const Case& c) = 0;
  // Reads a case and locks it until the transaction ends (PostgreSQL
  // SELECT ... FOR UPDATE; SQLite's single writer holds every row already),
  // so that read-modify-write actions from several servers queue up instead
  // of failing on each other's versions.
  virtual Result<Case> get_case_for_update(TenantId t, const std::string& reference) = 0;
  // insert_case and append_event of its first timeline entry (whose case_id
  // is ignored) in as few round trips as the database allows.
  virtual Result<Id> insert_case_with_event(TenantId t, const Case& c, const CaseEvent& first) = 0;
  // Writes `c` as version expected_version + 1; stale_version otherwise.
  virtual Status update_case(TenantId t, const Case& c, int64_t expected_version) = 0;
  virtual Result<Id> append_event(TenantId t, const CaseEvent& e) = 0;
  // Stores a link and its mirror (related <-> related, duplicate_of <->
  // duplicated_by). already_exists if present.
  // Bulk load (civicdesk import cases): inserts the cases `next` fills in,
  // one after another until it returns false, each with its first timeline
  // event (whose case_id is ignored), and their search-index entries, as
  // fast as the database allows (statements prepared once and re-used;
  // PostgreSQL: COPY in batches). `next` owns nothing the store keeps.
  // Returns the number inserted. duplicate_reference when a reference is
  // taken (the transaction is then spoiled: return the error).
  virtual Result<int64_t> insert_cases_bulk(TenantId t, const std::function<bool(Case&, CaseEvent&)>& next) = 0;
  // Moves the tenant's case-number sequence forward so that
  // next_case_number returns more than `at_least` (a no-op when it already
  // would): imported cases that carry civicdesk references of the council's
  // own prefix must never be numbered again.
  virtual Status advance_case_numbers(TenantId t, int64_t at_least) = 0;
  virtual Status add_link(TenantId t, Id case_id, LinkKind kind, Id other_id) = 0;
  virtual Status remove_link(TenantId t, Id case_id, LinkKind kind, Id other_id) = 0;
  virtual Status add_watcher(TenantId t, Id case_id, const Watcher& w) = 0;
  virtual Status remove_watcher(TenantId t, Id case_id, const Watcher& w) = 0;

  // Accounts. insert_user: already_exists for a taken email.
  virtual Result<Id> insert_user(TenantId t, const User& u) = 0;
  virtual Status update_user(TenantId t, const User& u) = 0;
  virtual Status insert_session(TenantId t, const Session& s) = 0;
  virtual Status touch_session(TenantId t, const std::string& token_hash, Instant at) = 0;
  // Marks the session revoked; with `all_of_user`, every session of its user.
  virtual Status revoke_sessions(TenantId t, Id user_id, std::optional<std::string> only_token_hash,
                                 Instant at) = 0;
  virtual Status set_session_second_factor(TenantId t, const std::string& token_hash) = 0;
  // already_exists for a taken name.
  virtual Result<Id> insert_api_token(TenantId t, const ApiToken& token) = 0;
  virtual Status revoke_api_token(TenantId t, const std::string& name, Instant at) = 0;
  virtual Status touch_api_token(TenantId t, Id id, Instant at) = 0;
  virtual Status put_throttle(TenantId t, const std::string& key, const Throttle& th) = 0;
  virtual Status clear_throttle(TenantId t, const std::string& key) = 0;
  virtual Status insert_one_time_token(TenantId t, const std::string& token_hash, const std::string& purpose,
                                       Id user_id, Instant created_at, Instant expires_at) = 0;
  // Marks the token used and returns its user: not_found when unknown,
  // already used, expired or for another purpose.
  virtual Result<Id> use_one_time_token(TenantId t, const std::string& token_hash, const std::string& purpose,
                                        Instant now) = 0;

  // The audit trail (append-only: there is no update or delete).
  virtual Status append_audit(TenantId t, const AuditEntry& e) = 0;
  // The outbox. A message whose idempotency key is already queued is not
  // queued again (returns the existing id). A message with an empty key is
  // always queued: give one only to messages a job that runs again could
  // queue twice.
  virtual Result<Id> enqueue_message(TenantId t, const OutboxMessage& m) = 0;
  // The same, for a caller that does not need the id: it may reach the
  // database with the transaction's next statement, and its failure then
  // fails the transaction.
  virtual Status queue_message(TenantId t, const OutboxMessage& m) = 0;
  // Delivery, across councils: leases up to `limit` messages on `channels`
  // that are due at `now` (queued ones whose next_attempt_at has come, and
  // 'sending' ones whose lease ran out because their worker stopped) by
  // marking them 'sending' until `lease_until` with one more attempt counted.
  // Oldest first. With PostgreSQL concurrent workers skip each other's rows.
  virtual Result<std::vector<ClaimedMessage>> claim_messages(const std::vector<std::string>& channels, Instant now,
                                                             Instant lease_until, int limit) = 0;
  // Writes a message's delivery fields (status, attempts, next_attempt_at,
  // last_error, sent_at, provider_reference, delivery_status and its time)
  // if its current status is one of `from`: failed_precondition when it is
  // not (it changed meanwhile), not_found when there is no such message.
  virtual Status update_message_delivery(TenantId t, const OutboxMessage& m,
                                         const std::vector<std::string_view>& from) = 0;
  // Creates or replaces the endpoint of that name.
  virtual Status put_webhook_endpoint(TenantId t, const WebhookEndpoint& e) = 0;
  virtual Status delete_webhook_endpoint(TenantId t, const std::string& name) = 0;
  // Creates or replaces the case's back-office link.
  virtual Status put_back_office_link(TenantId t, Id case_id, const BackOfficeLink& link) = 0;
  // Remembers a back-office update id (per endpoint, for good): already_exists
  // when it was recorded before (a replay).
  virtual Status record_back_office_update(TenantId t, const std::string& endpoint, const std::string& update_id,
                                           Id case_id, Instant at) = 0;
  virtual Status put_preference(TenantId t, Id customer_id, const PreferenceChange& change) = 0;
  virtual Status put_retention_rule(TenantId t, const std::string& case_type, int keep_years) = 0;
  // not_found when the type has no rule.
  virtual Status delete_retention_rule(TenantId t, const std::string& case_type) = 0;
  // Data protection: removes a customer's personal data in place, keeping
  // the record (named "Erased customer", with erased_at set): names, date of
  // birth, support notes, emails, phones, addresses, preference history and
  // the search index; the free text of their contacts; their watcher entries
  // (by customer id or email address) and the names and addresses those left
  // on case timelines; and the addresses, subjects and bodies of outbox
  // messages sent to them (queued ones are cancelled); and the photos they
  // uploaded (attachments whose uploaded_by is "customer:<id>"). Their cases are not
  // touched: the caller decides about each. not_found for an unknown customer.
  virtual Status erase_customer(TenantId t, Id customer_id, Instant at) = 0;
  // Removes the personal data from a case, keeping its structure (type,
  // category, dates, status, outcome, SLA) for statistics: title,
  // description, location, answers, outcome notes, the customer link, free
  // text and names on its timeline, customer and email watchers, the text of
  // its contacts, the content of its outbox messages and its photos
  // (attachment rows are deleted). Sets anonymised_at.
  // not_found for an unknown case.
  virtual Status anonymise_case(TenantId t, Id case_id, Instant at) = 0;

  // Members' Enquiries. insert_* assign the id.
  virtual Result<Id> insert_routing(TenantId t, const RoutingRecord& r) = 0;
  // Records the decision on a routing (outcome, decided_at/by, reason).
  virtual Status update_routing(TenantId t, const RoutingRecord& r) = 0;
  virtual Result<Id> insert_escalation(TenantId t, const EscalationRecord& e) = 0;
  virtual Result<Id> insert_chaser(TenantId t, const ChaserRecord& c) = 0;
  virtual Status put_escalation_officers(TenantId t, const std::string& delivery_unit,
                                         const std::vector<Id>& officer_ids) = 0;
  virtual Result<Id> insert_approval(TenantId t, const Approval& a) = 0;
  // Records a decision: only a pending approval changes (failed_precondition
  // otherwise).
  virtual Status decide_approval(TenantId t, const Approval& a) = 0;

  // Notifications. put_* insert or replace by (name, category) / category.
  virtual Status put_notification_template(TenantId t, const NotificationTemplate& tmpl) = 0;
  virtual Status put_notification_settings(TenantId t, const NotificationSettingsRow& row) = 0;
  virtual Status insert_unsubscribe_token(TenantId t, const UnsubscribeToken& token) = 0;
  // Marks the token used (the first use is kept).
  virtual Status use_unsubscribe_token(TenantId t, const std::string& token_hash, Instant at) = 0;
  virtual Result<Id> insert_survey(TenantId t, const Survey& s) = 0;
  // Records the response: failed_precondition when the survey already has one.
  virtual Status record_survey_response(TenantId t, Id survey_id, int rating, const std::string& comment,
                                        Instant at) = 0;

  // Photos. insert_attachment assigns the id (a.id is ignored) and stores
  // `bytes` as given; set_attachment_hidden records who hid it and when
  // (hidden = false shows it again). not_found for an unknown id.
  virtual Result<Id> insert_attachment(TenantId t, const Attachment& a, std::string_view bytes) = 0;
  virtual Status set_attachment_hidden(TenantId t, Id id, bool hidden, Instant at, const std::string& by) = 0;
  virtual Status set_attachment_public(TenantId t, Id id, bool is_public) = 0;
};

enum class Backend { kSqlite, kPostgres };

class Store {
 public:
  virtual ~Store() = default;

  virtual Status read(const std::function<Status(ReadTx&)>& fn) = 0;
  virtual Status write(const std::function<Status(Tx&)>& fn) = 0;

  // Applies pending schema migrations; safe to call on every start.
  virtual Status migrate() = 0;
  // Current schema version, and the newest this build knows.
  virtual Result<int> schema_version() = 0;
  // Cheap liveness check of the database connection.
  virtual Status ping() = 0;
  virtual Backend backend() const = 0;
  // The database location for messages, with any password removed.
  virtual std::string describe() const = 0;

  // Convenience: run `fn` returning Result<T> and hand back the value.
  template <typename T, typename F>
  Result<T> read_value(F&& fn) {
    std::optional<T> out;
    Status s = read([&](ReadTx& tx) -> Status {
      Result<T> r = fn(tx);
      if (!r) return std::move(r).error();
      out = std::move(r).value();
      return {};
    });
    if (!s) return std::move(s).error();
    return std::move(*out);
  }
  template <typename T, typename F>
  Result<T> write_value(F&& fn) {
    std::optional<T> out;
    Status s = write([&](Tx& tx) -> Status {
      Result<T> r = fn(tx);
      if (!r) return std::move(r).error();
      out = std::move(r).value();
      return {};
    });
    if (!s) return std::move(s).error();
    return std::move(*out);
  }
};

// Opens the store named by a URL: "sqlite:PATH" (":memory:" allowed for
// tests) or "postgres://user[:password]@host[:port]/dbname". invalid_config
// for a malformed or unsupported URL; database_unavailable when it cannot be
// reached. Does not migrate.
struct StoreOptions {
  std::string url = "sqlite:data/civicdesk.db";
  int pool_size = 8;             // reader connections (SQLite) / connections (PostgreSQL)
  bool synchronous_full = true;  // SQLite: fsync every commit (group commit batches them)
};
Result<std::unique_ptr<Store>> open_store(const StoreOptions& options);

// A URL with its password replaced by "***", for messages and logs.
std::string redact_url(const std::string& url);

}  // namespace civicdesk

// Data protection and the audit trail: reading and exporting the audit
// trail, subject access exports, contact preferences and consent, erasure,
// and retention rules with the retention job that anonymises closed cases
// whose period has ended. The council's view of all this, and the reasons
// for each rule, are in docs/data-protection.md.
//
//   PrivacyService& p = services.privacy;
//   ASSIGN_OR_RETURN(ErasureReport plan, p.erase(ctx, customer_id, /*dry_run=*/true));
//   ASSIGN_OR_RETURN(RetentionReport done, p.run_retention(ctx, /*dry_run=*/false));
//
// Who may do what:
//   audit trail                     administrators (kViewAudit)
//   subject access export (full)    administrators (kDataProtection)
//   own export (self-service)       residents: what their account already shows
//   preferences                     anyone who may edit the customer record
//                                   (advisors and above), residents their own
//   erasure, retention              administrators (kDataProtection)
// A resident asking about another customer gets not_found, as everywhere.
//
// Everything here is itself audited: queries and exports of the audit trail,
// subject access exports, preference changes, erasures (and dry runs),
// retention rule changes and retention runs.
//
// Thread-safety: as the other services (stateless over the shared store).
#pragma once

#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "app/cases.h"
#include "app/catalogue_cache.h"
#include "app/context.h"
#include "domain/preferences.h"
#include "domain/retention.h"
#include "store/store.h"

namespace civicdesk {

struct AuditPage {
  std::vector<AuditEntry> items;  // newest first
  std::optional<Id> next_after;   // keyset for the next page
};

struct PreferencesView {
  Id customer_id = 0;
  ContactPreferences current;
  std::vector<PreferenceChange> history;  // oldest first
};

// A full export is what the council holds, for an administrator to review
// (third parties' data, exemptions) before it goes to the requester. A
// self-service export is what the resident's own account already shows:
// no internal notes, restricted cases, audit trail, watchers or messages.
enum class ExportScope { kFull, kSelfService };
std::string_view to_string(ExportScope);

struct CaseRecord {
  CaseView view;
  std::vector<CaseEvent> timeline;  // oldest first
  std::vector<CaseLink> links;
  std::vector<Attachment> photos;  // records only, not the images (docs/media.md)
};

struct SubjectAccessExport {
  ExportScope scope = ExportScope::kFull;
  Tenant council;
  Instant generated_at{};
  std::string generated_by;  // actor tag
  Customer customer;
  PreferencesView preferences;
  std::vector<User> accounts;  // sign-in accounts linked to the customer; no password hashes or secrets
  std::vector<Contact> contacts;  // newest first
  std::vector<CaseRecord> cases;  // newest first
  std::vector<WatchedCase> watching;      // full only: cases that copy them in
  std::vector<OutboxMessage> messages;    // full only: to their addresses and numbers
  std::vector<AuditEntry> audit;          // full only: about them, their cases, and what they did
  std::map<std::string, std::string> category_names;       // code -> name, for reading
  std::map<std::string, std::string> delivery_unit_names;  // code -> name
  std::vector<std::string> left_out;  // what this export does not contain, and why
};

struct ErasureCase {
  Id id = 0;
  std::string reference;
  CaseType type = CaseType::kServiceRequest;
  CaseStatus status = CaseStatus::kNew;
  RetentionDecision decision;
  std::string explanation;  // for people
};

// What an erasure removes, anonymises and keeps. Counts are of records
// holding personal data at the time of the request.
struct ErasureReport {
  Id customer_id = 0;
  bool dry_run = true;
  Instant at{};
  int emails = 0, phones = 0, addresses = 0;
  int preference_changes = 0;
  int contacts = 0;   // whose free text is removed (the contact itself is kept for statistics)
  int watching = 0;   // cases that copy them in: the watcher entry goes
  int messages = 0;   // outbox messages to their addresses: content removed, queued ones cancelled
  int accounts = 0;   // sign-in accounts: deactivated and stripped of personal data
  std::vector<ErasureCase> cases;  // every case of theirs: anonymised or kept, and why
  int cases_anonymised() const;
  int cases_kept() const;
};

struct RetentionRule {
  CaseType type = CaseType::kServiceRequest;
  int keep_years = 0;
};

struct RetentionTypeReport {
  CaseType type = CaseType::kServiceRequest;
  int keep_years = 0;
  std::vector<std::string> references;  // anonymised (or, in a dry run, due)
};

struct RetentionReport {
  bool dry_run = true;
  Instant at{};
  LocalDate today{};
  std::vector<RetentionTypeReport> types;  // one per rule, in type order
  std::vector<CaseType> without_rule;      // types whose closed cases are kept
  int total() const;
};

class PrivacyService {
 public:
  PrivacyService(Store& store, CatalogueCache& cache) : store_(store), cache_(cache) {}

  // The audit trail, newest first, filtered and paged by f.after_id
  // (f.limit clamped to 1..500).
  Result<AuditPage> audit_log(const RequestContext& ctx, AuditFilter f);
  // Every entry matching `f` (cursor and limit ignored), oldest first,
  // handed to `sink` as the database produces them; stops at sink's first
  // error. The export is recorded before the first entry is read.
  Status export_audit(const RequestContext& ctx, const AuditFilter& f,
                      const std::function<Status(const AuditEntry&)>& sink);

  // Everything held about a customer (see ExportScope). `format` ("json",
  // "html") is recorded in the audit entry. not_found for an unknown
  // customer (or, for a resident, anyone but themselves).
  Result<SubjectAccessExport> subject_access(const RequestContext& ctx, Id customer_id,
                                             const std::string& format = "json");

  Result<PreferencesView> preferences(const RequestContext& ctx, Id customer_id);
  // Applies the changes (absent fields stay as they are) and records each
  // changed preference in the history with who and when. Setting a value to
  // what it already is records nothing.
  Result<PreferencesView> set_preferences(const RequestContext& ctx, Id customer_id, const PreferencesUpdate& u);

  // Erases the customer's personal data, honouring retention: each of their
  // cases is anonymised, or kept (open, or inside its retention period) and
  // unlinked from the erased record with a note on its timeline. With
  // `dry_run`, changes nothing (but the request is audited) and reports what
  // would happen. The report is the same either way.
  Result<ErasureReport> erase(const RequestContext& ctx, Id customer_id, bool dry_run);

  Result<std::vector<RetentionRule>> retention_rules(const RequestContext& ctx);
  // Replaces every rule with `rules` (types left out lose their rule).
  Result<std::vector<RetentionRule>> set_retention_rules(const RequestContext& ctx, const RetentionRules& rules);
  // Anonymises every closed case whose retention period has ended (types
  // without a rule are kept). Idempotent: an anonymised case is never
  // touched again. Works in batches, each its own transaction, so a long
  // run holds no lock for long; an interrupted run is finished by the next.
  Result<RetentionReport> run_retention(const RequestContext& ctx, bool dry_run);

 private:
  Result<ErasureReport> plan_erasure(ReadTx& tx, const RequestContext& ctx, Id customer_id, bool dry_run);
  Status apply_erasure(Tx& tx, const RequestContext& ctx, const ErasureReport& plan);

  Store& store_;
  CatalogueCache& cache_;
};

// The audit trail as CSV (header row, then one row per entry; details as a
// JSON object), shared by the API and the command line.
void append_audit_csv_header(std::string& out);
void append_audit_csv_row(std::string& out, const AuditEntry& e);

}  // namespace civicdesk

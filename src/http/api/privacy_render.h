// Renderings of the audit and data-protection results for /api/v1: JSON for
// every result, and the subject access export as a printable HTML page.
#pragma once

#include <string>

#include "app/privacy.h"
#include "http/api/json_out.h"

namespace civicdesk::http {

json audit_entry_json(const AuditEntry& e);
json preferences_json(const PreferencesView& p);
json erasure_report_json(const ErasureReport& r);
json retention_rules_json(const std::vector<RetentionRule>& rules);
json retention_report_json(const RetentionReport& r);

// The whole export as one JSON document (cases as on GET /cases/{ref}, each
// with its timeline and links).
std::string subject_access_json(const SubjectAccessExport& x);

// The export as one self-contained HTML page a person can read and print
// (or save as PDF): the council's name as heading, a table of contents, a
// section per kind of record. Styles are inline; no scripts, images, fonts
// or links leave the page. Every value is HTML-escaped.
std::string subject_access_html(const SubjectAccessExport& x);

// Escapes text for HTML element content and quoted attribute values.
std::string html_escape(std::string_view text);

}  // namespace civicdesk::http

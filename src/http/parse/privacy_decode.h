// Decoding the audit and data-protection requests (query strings and JSON
// bodies) into app/ inputs. Pure functions of the request text, like
// decode.h, so the fuzz targets reach them; unknown parameters and fields
// are errors.
#pragma once

#include <string_view>

#include "base/result.h"
#include "domain/preferences.h"
#include "domain/retention.h"
#include "store/store.h"

namespace civicdesk::http {

// GET /audit and /audit.csv: from, to (a date, inclusive, or an instant
// with an offset), entity, entity_id (needs entity), actor; the listing also
// takes cursor and limit (1..500, default 100), the export does not.
enum class AuditFilterUse { kListing, kExport };
Result<AuditFilter> decode_audit_filter(std::string_view query, AuditFilterUse use);

// ?format=json (the default) or ?format=html. True for html.
Result<bool> decode_subject_access_format(std::string_view query);

// {"preferred_channel": "email", "language": "en", "consent_updates": true,
//  "consent_surveys": false}: at least one.
Result<PreferencesUpdate> decode_preferences(std::string_view body);

// {"dry_run": true|false}: required, so that nothing is erased by accident.
Result<bool> decode_dry_run(std::string_view body);

// {"rules": [{"case_type": "complaint", "keep_years": 6}, ...]}: the whole
// set (types left out have no rule); each type at most once.
Result<RetentionRules> decode_retention_rules(std::string_view body);

}  // namespace civicdesk::http

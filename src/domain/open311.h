// Open311 GeoReport v2 (docs/open311.md): the pure parts. Statuses and their
// mapping to and from case status and outcome, the service list and service
// definitions built from the catalogue, attribute answers as FixMyStreet
// sends them, and a small document model rendered as XML (with escaping) or
// JSON, so every endpoint is written once for both formats.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "base/result.h"
#include "domain/case.h"
#include "domain/catalogue.h"

namespace civicdesk::open311 {

// ---- statuses ----------------------------------------------------------------
// The spec's own two (open, closed) and the extended ones FixMyStreet uses.
enum class Status {
  kOpen, kClosed, kFixed, kInProgress, kPlanned, kActionScheduled, kInvestigating, kDuplicate,
  kNotCouncilsResponsibility, kNoFurtherAction, kInternalReferral
};
std::string_view to_lower(Status s);  // "in_progress"
std::string to_upper(Status s);       // "IN_PROGRESS" (servicerequestupdates)
// Either case; invalid_field ("status") otherwise.
Result<Status> parse_status(std::string_view text);
// The spec's basic status: "open" or "closed".
std::string_view basic(Status s);
// Where a case stands, in Open311 terms (closed cases by their outcome).
Status status_of(CaseStatus status, std::optional<CaseOutcome> outcome);

// ---- request parameters ----------------------------------------------------
// A form body or query string, in order, repeats kept.
using Params = std::vector<std::pair<std::string, std::string>>;

// attribute[code]=value answers. Repeated codes (multivaluelist answers, sent
// without "[]") collect; "attribute[code][]" is read the same way; empty
// values (FixMyStreet's unanswered optional questions) are dropped.
std::map<std::string, std::vector<std::string>> attributes(const Params& params);

// The answers to `category`'s questions, validated (missing required,
// values outside a list, malformed numbers and dates: invalid_field or
// missing_field naming "attribute[code]"). Attributes that are not
// questions of the category are ignored (FixMyStreet sends some of its own:
// fixmystreet_id, title, report_url, easting, northing...).
Result<Answers> answers_for(const Category& category, const std::map<std::string, std::vector<std::string>>& attrs);

// ---- dates -----------------------------------------------------------------------
// W3C / ISO 8601 with a time zone ("2016-03-01T10:00:00Z", "...+01:00");
// invalid_field naming `field` otherwise. A bare date is refused: the spec
// asks for a full datetime.
Result<Instant> parse_datetime(std::string_view text, std::string_view field);
// "2016-03-01T10:00:00Z".
std::string format_datetime(Instant t);

// ---- documents -------------------------------------------------------------------
// A record is an ordered list of fields; a field's value is text, a number,
// a boolean, absent (null) or a list of records with the XML element name of
// each item.
struct Record;
struct List {
  std::string item;  // XML element of each entry: "service", "value"
  std::vector<Record> items;
};
using Value = std::variant<std::monostate, std::string, int64_t, double, bool, List>;
struct Record {
  std::vector<std::pair<std::string, Value>> fields;
  Record& add(std::string name, Value v) {
    fields.emplace_back(std::move(name), std::move(v));
    return *this;
  }
};

// <?xml ...?><root><item>...</item>...</root>; text escaped, characters XML
// 1.0 cannot carry dropped. Null fields are written as empty elements.
std::string to_xml(const std::string& root, const List& list);
// A single record as the root element (service_definition).
std::string to_xml(const std::string& root, const Record& record);
// [ {...}, ... ] / { ... }; null as JSON null.
std::string to_json(const List& list);
std::string to_json(const Record& record);

// XML text escaping (&, <, >, ", ') with invalid characters removed.
std::string xml_escape(std::string_view text);

// ---- the catalogue as Open311 services ------------------------------------------
// Categories offered through Open311: active, not restricted.
bool offered(const Category& c);
// One <service> entry. `group` is the parent category's name ("" for none).
Record service_record(const Category& c, std::string_view group);
// The service definition: the category's questions as attributes.
Record service_definition(const Category& c);

// ---- errors ----------------------------------------------------------------------
// An error's Open311 code (the HTTP status) and description.
struct ErrorEntry {
  int code = 400;
  std::string description;
};
List errors_list(const std::vector<ErrorEntry>& errors);

}  // namespace civicdesk::open311

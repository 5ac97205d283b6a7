// Everything that differs between SQLite and PostgreSQL SQL, in one place.
// Repository code asks here instead of testing the dialect itself.
#pragma once

#include <string>
#include <string_view>

#include "store/sql/sql.h"

namespace civicdesk::sql {

// Expands the macros used by migrations:
//   ${ID}        identity primary-key column "id"
//   ${TENANT_PK} table-level key clause including tenant_id (PostgreSQL only;
//                SQLite keys rows by the global rowid)
//   ${BLOB}      binary column type
//   ${FTS_CASES} / ${FTS_CUSTOMERS}  full-text index objects
// and drops lines starting "${SQLITE_ONLY} " on PostgreSQL and
// "${POSTGRES_ONLY} " on SQLite.
std::string expand_migration(Dialect d, std::string_view sql);

// How to select cases matching full text: the FROM clause (cases are `c`),
// the condition taking the query as its one parameter, and the id column to
// order and page by. On SQLite the FTS5 table drives the join (CROSS JOIN
// fixes the order), newest rowid first, so a common word stops after a page.
struct TextSearchSql {
  std::string from, condition, id_column;
};
TextSearchSql case_text_search(Dialect d);
std::string customer_text_condition(Dialect d);
// Turns a user's search words into the parameter for the conditions above.
// Returns "" when nothing searchable remains.
std::string text_query_param(Dialect d, std::string_view user_query);

// Statements that keep the full-text index in step with a row: SQLite keeps
// separate FTS5 tables; PostgreSQL generates tsvector columns itself, so these
// return "" (nothing to run) there.
std::string case_text_upsert(Dialect d);  // params: id, reference, title, description, address
std::string customer_text_upsert(Dialect d);  // params: id, names, emails, phones, postcodes

// Whether INSERT ... RETURNING can feed another INSERT in one statement
// (PostgreSQL's data-modifying WITH; SQLite has none).
inline bool data_modifying_cte(Dialect d) { return d == Dialect::kPostgres; }

// Binary values. Parameters are text on both drivers, so bytes travel as
// the dialect needs: SQLite binds the raw bytes (with an explicit length)
// and casts them to a BLOB; PostgreSQL sends hex and decodes it to bytea.
// blob_param() is the placeholder to write in an INSERT, blob_param_value()
// the text to bind to it; blob_column() selects a column so that
// blob_from_column() gives back the bytes.
std::string blob_param(Dialect d);
std::string blob_param_value(Dialect d, std::string_view bytes);
std::string blob_column(Dialect d, std::string_view column);
Result<std::string> blob_from_column(Dialect d, std::string_view value);

// Appended to a SELECT in a write transaction to lock the rows it reads.
std::string row_lock_clause(Dialect d);
// Names the index a report query must read, after its table alias: SQLite
// " INDEXED BY <index>" (its planner, given ANALYZE statistics, takes
// (tenant_id, parent_id) for "parent_id IS NULL" although nearly every row
// matches), "" on PostgreSQL, whose planner needs no help.
std::string index_hint(Dialect d, std::string_view index);

// Next per-tenant case number: run `advance` (if not empty), then `read`,
// both with the tenant id as their one parameter.
struct CaseNumberSql {
  std::string advance, read;
};
CaseNumberSql next_case_number_sql(Dialect d);
// PostgreSQL: several numbers from the tenant's sequence at once (tenant, count).
std::string reserve_case_numbers_sql(Dialect d);
// Moves the case-number sequence forward to at least a value: params
// (tenant_id, value) on SQLite, (value, value) on PostgreSQL, whose sequence
// name holds the tenant id (see advance_case_numbers_sql(d, tenant_id)).
std::string advance_case_numbers_sql(Dialect d, int64_t tenant_id);

// Creates whatever next_case_number_sql needs for a new tenant
// (params: tenant_id).
std::string create_case_sequence_sql(Dialect d, int64_t tenant_id);

}  // namespace civicdesk::sql

// Bringing cases over from a council's old CRM: `civicdesk import cases`.
//
//   ImportService importer(store, cache);
//   std::ifstream file("cases.csv", std::ios::binary);
//   auto report = importer.import_cases(ctx, file, {.create_missing = false, .source = "cases.csv"});
//   // report->ok(): every row written; otherwise report->errors says where and why
//
// The file is RFC 4180 CSV in UTF-8 with a header row (columns in any order;
// docs/import.md lists them and every rule). The import is all or nothing:
// every row is parsed and checked first, in memory (only what is needed of
// each row is kept), then, if no row has a problem, all of them are written
// in one transaction with the store's bulk path. Any problem in any row means
// nothing is written, and the report lists the problems by physical line.
//
// Thread-safe (holds no state between calls).
#pragma once

#include <cstdint>
#include <istream>
#include <string>
#include <vector>

#include "app/catalogue_cache.h"
#include "app/context.h"
#include "store/store.h"

namespace civicdesk {

struct ImportOptions {
  // Create delivery units, categories and councillors named in the file but
  // missing from the catalogue (otherwise each such row is an error).
  bool create_missing = false;
  // The file's name, for the timeline and the audit trail.
  std::string source;
  // How many problems to keep in the report (all are counted).
  size_t max_errors = 100;
};

// One problem: the physical line of the file (the header is line 1; a row
// whose quoted field spans lines is reported at its first line), the column
// ("" for the whole row or file) and what is wrong.
struct ImportIssue {
  int64_t line = 0;
  std::string column;
  std::string message;
};

struct ImportReport {
  int64_t rows = 0;      // data rows read
  int64_t imported = 0;  // cases written: all rows, or 0 when there was a problem
  std::vector<ImportIssue> errors;  // the first max_errors problems, by line
  int64_t error_count = 0;          // every problem found
  // What --create-missing added, as "Name (code)".
  std::vector<std::string> created_delivery_units, created_categories, created_members;
  std::string first_reference, last_reference;
  bool ok() const { return error_count == 0; }
};

class ImportService {
 public:
  ImportService(Store& store, CatalogueCache& cache) : store_(store), cache_(cache) {}

  // Reads `csv` to the end and imports its cases into ctx.tenant (see
  // docs/import.md). Problems with the rows come back in the report (with
  // nothing written); errors are for what stops the import as a whole:
  // permission_denied, database_unavailable, or duplicate_reference when
  // another process took a reference between the check and the write.
  Result<ImportReport> import_cases(const RequestContext& ctx, std::istream& csv, const ImportOptions& options);

 private:
  Store& store_;
  CatalogueCache& cache_;
};

}  // namespace civicdesk

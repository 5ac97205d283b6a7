// Reading CSV (RFC 4180) as a stream of records, for imports of other
// systems' data.
//
//   CsvReader reader(file);
//   std::vector<std::string> fields;
//   while (true) {
//     auto more = reader.next(fields);   // error: malformed quoting
//     if (!more || !*more) break;
//     use(reader.line(), fields);
//   }
//
// Fields are separated by commas; a field in double quotes may hold commas,
// line breaks and doubled quotes (""). Records end at LF, CRLF or a lone CR.
// Blank lines are skipped. line() is the physical line (1-based) on which the
// record starts, so a record whose quoted field spans lines is reported where
// a person opening the file would find it; a record after it is counted with
// those lines included. Bytes are passed through as they are: checking the
// encoding is the caller's business.
//
// Memory stays bounded (one read buffer and the current record) whatever the
// size of the input. Not thread-safe.
#pragma once

#include <cstdint>
#include <istream>
#include <string>
#include <vector>

#include "base/result.h"

namespace civicdesk {

class CsvReader {
 public:
  explicit CsvReader(std::istream& in, size_t buffer_bytes = 1 << 20);

  // Reads the next record into `fields` (replacing its contents). Returns
  // false at the end of the input. Errors (invalid_file, the message naming
  // the line): a quote inside an unquoted field, text after a closing quote,
  // or the input ending inside a quoted field. After an error in a record the
  // reader skips to the end of that physical line, so the caller may carry
  // on reading to report more problems (except after the input ended inside
  // quotes).
  Result<bool> next(std::vector<std::string>& fields);

  // The physical line on which the last record (or error) started.
  int64_t line() const { return record_line_; }

 private:
  bool fill();          // refills the buffer; false at end of input
  int peek();           // next byte or -1
  int get();            // consumes it
  void skip_to_line_end();

  std::istream& in_;
  std::vector<char> buf_;
  size_t pos_ = 0, len_ = 0;
  bool eof_ = false;
  int64_t line_ = 1;         // the line the next byte is on
  int64_t record_line_ = 0;  // where the current record started
};

}  // namespace civicdesk

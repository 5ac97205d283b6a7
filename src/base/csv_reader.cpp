#include "base/csv_reader.h"

namespace civicdesk {

CsvReader::CsvReader(std::istream& in, size_t buffer_bytes) : in_(in), buf_(buffer_bytes) {}

bool CsvReader::fill() {
  if (eof_) return false;
  in_.read(buf_.data(), static_cast<std::streamsize>(buf_.size()));
  len_ = static_cast<size_t>(in_.gcount());
  pos_ = 0;
  if (len_ == 0) eof_ = true;
  return len_ > 0;
}

int CsvReader::peek() {
  if (pos_ == len_ && !fill()) return -1;
  return static_cast<unsigned char>(buf_[pos_]);
}

int CsvReader::get() {
  const int c = peek();
  if (c >= 0) ++pos_;
  return c;
}

// Consumes the rest of the physical line and its end (LF, CRLF or CR).
void CsvReader::skip_to_line_end() {
  while (true) {
    const int c = get();
    if (c < 0) return;
    if (c == '\n') {
      ++line_;
      return;
    }
    if (c == '\r') {
      if (peek() == '\n') get();
      ++line_;
      return;
    }
  }
}

Result<bool> CsvReader::next(std::vector<std::string>& fields) {
  fields.clear();
  // Skip blank lines.
  while (true) {
    const int c = peek();
    if (c < 0) return false;
    if (c == '\n') {
      get();
      ++line_;
    } else if (c == '\r') {
      get();
      if (peek() == '\n') get();
      ++line_;
    } else {
      break;
    }
  }
  record_line_ = line_;
  auto fail = [&](const std::string& what) -> Error {
    return Error(ErrorCode::kInvalidFile, "line " + std::to_string(record_line_) + ": " + what);
  };
  std::string field;
  while (true) {
    field.clear();
    int c = peek();
    if (c == '"') {
      get();
      while (true) {
        // Copy a run of ordinary bytes straight from the buffer.
        if (pos_ == len_ && !fill()) return fail("the file ends inside a quoted field (a closing \" is missing)");
        const char* start = buf_.data() + pos_;
        const char* end = buf_.data() + len_;
        const char* p = start;
        while (p < end && *p != '"' && *p != '\n' && *p != '\r') ++p;
        field.append(start, p);
        pos_ += static_cast<size_t>(p - start);
        if (p == end) continue;
        c = get();
        if (c == '"') {
          if (peek() == '"') {
            get();
            field.push_back('"');
            continue;
          }
          break;  // closing quote
        }
        // A line break inside quotes belongs to the field.
        field.push_back(static_cast<char>(c));
        if (c == '\n') {
          ++line_;
        } else if (peek() == '\n') {
          field.push_back(static_cast<char>(get()));
          ++line_;
        } else {
          ++line_;
        }
      }
      c = peek();
      if (c != ',' && c != '\n' && c != '\r' && c >= 0) {
        fields.push_back(std::move(field));
        skip_to_line_end();
        return fail("unexpected text after a closing quote (quotes inside a field are doubled: \"\")");
      }
    } else {
      while (true) {
        if (pos_ == len_ && !fill()) break;
        const char* start = buf_.data() + pos_;
        const char* end = buf_.data() + len_;
        const char* p = start;
        while (p < end && *p != ',' && *p != '\n' && *p != '\r' && *p != '"') ++p;
        field.append(start, p);
        pos_ += static_cast<size_t>(p - start);
        if (p == end) continue;
        if (*p == '"') {
          fields.push_back(std::move(field));
          skip_to_line_end();
          return fail("a quote inside a field that is not in quotes (put the field in quotes and double the quote)");
        }
        break;
      }
    }
    fields.push_back(std::move(field));
    c = get();
    if (c == ',') continue;
    if (c == '\n') {
      ++line_;
    } else if (c == '\r') {
      if (peek() == '\n') get();
      ++line_;
    }
    return true;  // end of line or of input
  }
}

}  // namespace civicdesk

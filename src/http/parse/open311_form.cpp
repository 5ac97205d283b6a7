#include "http/parse/open311_form.h"

#include <algorithm>
#include <cctype>

#include "domain/text.h"
#include "http/parse/query.h"

namespace civicdesk::http::open311_form {

namespace {

Error bad(std::string message) { return Error(ErrorCode::kInvalidField, std::move(message), "body"); }

std::string lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

// The value of `name` in a header's parameters: `...; name="value"` or name=value.
std::string header_param(std::string_view header, std::string_view name) {
  const std::string h = lower(header);
  size_t pos = 0;
  while ((pos = h.find(lower(name) + "=", pos)) != std::string::npos) {
    if (pos == 0 || h[pos - 1] == ';' || h[pos - 1] == ' ') {
      size_t start = pos + name.size() + 1;
      if (start < header.size() && header[start] == '"') {
        size_t end = header.find('"', start + 1);
        if (end == std::string_view::npos) return "";
        return std::string(header.substr(start + 1, end - start - 1));
      }
      size_t end = header.find(';', start);
      if (end == std::string_view::npos) end = header.size();
      return std::string(trim(header.substr(start, end - start)));
    }
    pos += name.size();
  }
  return "";
}

}  // namespace

Result<open311::Params> parse_urlencoded(std::string_view body) {
  open311::Params out;
  size_t start = 0;
  while (start <= body.size() && !body.empty()) {
    size_t end = body.find('&', start);
    if (end == std::string_view::npos) end = body.size();
    std::string_view pair = body.substr(start, end - start);
    if (!pair.empty()) {
      if (out.size() >= kMaxParams) return bad("Too many parameters (at most 500)");
      const size_t eq = pair.find('=');
      auto name = percent_decode(pair.substr(0, eq));
      auto value = percent_decode(eq == std::string_view::npos ? std::string_view() : pair.substr(eq + 1));
      if (!name || !value) return bad("A parameter has a malformed %-escape");
      if (!valid_utf8(*name) || !valid_utf8(*value)) return bad("Parameters must be UTF-8");
      out.emplace_back(std::move(*name), std::move(*value));
    }
    if (end == body.size()) break;
    start = end + 1;
  }
  return out;
}

Result<Multipart> parse_multipart(std::string_view content_type, std::string_view body) {
  const std::string boundary = header_param(content_type, "boundary");
  if (boundary.empty() || boundary.size() > 200) return bad("A multipart/form-data body needs a boundary");
  const std::string delim = "--" + boundary;
  Multipart out;
  size_t pos = body.find(delim);
  if (pos == std::string_view::npos) return bad("The multipart body has no parts");
  while (true) {
    pos += delim.size();
    if (body.substr(pos, 2) == "--") return out;  // the closing delimiter
    if (body.substr(pos, 2) != "\r\n") return bad("A multipart delimiter must end its line");
    pos += 2;
    const size_t headers_end = body.find("\r\n\r\n", pos);
    if (headers_end == std::string_view::npos) return bad("A multipart part has no end to its headers");
    const std::string_view headers = body.substr(pos, headers_end - pos);
    const size_t content_start = headers_end + 4;
    const size_t next = body.find("\r\n" + delim, content_start);
    if (next == std::string_view::npos) return bad("The multipart body is not closed");
    const std::string_view content = body.substr(content_start, next - content_start);
    std::string disposition, part_type;
    size_t line_start = 0;
    while (line_start <= headers.size()) {
      size_t line_end = headers.find("\r\n", line_start);
      if (line_end == std::string_view::npos) line_end = headers.size();
      const std::string_view line = headers.substr(line_start, line_end - line_start);
      if (lower(line.substr(0, 20)).rfind("content-disposition:", 0) == 0) disposition = std::string(line.substr(20));
      if (lower(line.substr(0, 13)) == "content-type:") part_type = lower(trim(line.substr(13, 100)));
      if (line_end == headers.size()) break;
      line_start = line_end + 2;
    }
    const std::string name = header_param(disposition, "name");
    if (name.empty()) return bad("A multipart part has no name");
    if (disposition.find("filename") != std::string::npos) {
      ++out.files;
      if (out.file_parts.size() >= kMaxFiles) return bad("Too many files (at most 10)");
      out.file_parts.push_back(FilePart{name, header_param(disposition, "filename").substr(0, 200), part_type,
                                        std::string(content)});
    } else {
      if (out.fields.size() >= kMaxParams) return bad("Too many parameters (at most 500)");
      if (!valid_utf8(name) || !valid_utf8(content)) return bad("Parameters must be UTF-8");
      out.fields.emplace_back(name, std::string(content));
    }
    pos = next + 2;
  }
}

Result<open311::Params> parse_body(std::string_view content_type, std::string_view body,
                                   std::vector<FilePart>* files) {
  const std::string type = lower(trim(content_type.substr(0, content_type.find(';'))));
  if (type == "multipart/form-data") {
    ASSIGN_OR_RETURN(Multipart m, parse_multipart(content_type, body));
    if (files) *files = std::move(m.file_parts);
    return std::move(m.fields);
  }
  if (type.empty() || type == "application/x-www-form-urlencoded") return parse_urlencoded(body);
  return Error(ErrorCode::kUnsupportedMediaType,
               "Send Open311 requests as application/x-www-form-urlencoded or multipart/form-data", "body");
}

}  // namespace civicdesk::http::open311_form

// Photos on cases (docs/media.md): upload, list, download, hide.
//
// An upload is the raw file with Content-Type image/jpeg or image/png, or a
// multipart/form-data body with exactly one file part. Either way the
// declared type only gates the request (415 for anything else): what the
// file is comes from its bytes.
#include <cctype>

#include "app/attachments.h"
#include "http/api/api.h"
#include "http/api/json_out.h"
#include "http/parse/json_reader.h"
#include "http/parse/open311_form.h"
#include "http/parse/query.h"

namespace civicdesk::http {

namespace {

std::string media_type_of(const Request& req) {
  std::string t(req.header("content-type").value_or(""));
  t = t.substr(0, t.find(';'));
  while (!t.empty() && t.back() == ' ') t.pop_back();
  for (char& c : t) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return t;
}

Error unsupported() {
  return Error(ErrorCode::kUnsupportedMediaType,
               "Send a photo as image/jpeg or image/png, or as multipart/form-data with one file part", "file");
}

Result<Upload> read_upload(const Request& req) {
  ASSIGN_OR_RETURN(QueryReader q, QueryReader::parse(req.query));
  Upload in;
  in.is_public = q.boolean("public");
  RETURN_IF_ERROR(q.finish());
  const std::string type = media_type_of(req);
  if (type == "image/jpeg" || type == "image/png") {
    in.bytes = req.body;
  } else if (type == "multipart/form-data") {
    std::vector<open311_form::FilePart> files;
    ASSIGN_OR_RETURN(auto fields, open311_form::parse_body(*req.header("content-type"), req.body, &files));
    if (!fields.empty())
      return Error(ErrorCode::kUnknownField, "Send only the file: unknown field \"" + fields.front().first.substr(0, 64) + "\"",
                   fields.front().first.substr(0, 64));
    if (files.size() != 1) return invalid_field("file", "Send exactly one file part (got " + std::to_string(files.size()) + ")");
    const std::string& part_type = files.front().content_type;
    if (!part_type.empty() && part_type != "image/jpeg" && part_type != "image/png" &&
        part_type != "application/octet-stream")
      return unsupported();
    in.bytes = std::move(files.front().content);
  } else {
    return unsupported();
  }
  return in;
}

json attachment_json(const std::string& reference, const Attachment& a) {
  json j = {{"id", a.id},
            {"content_type", a.content_type},
            {"size", a.size},
            {"width", a.width},
            {"height", a.height},
            {"sha256", a.sha256},
            {"uploaded_by", a.uploaded_by},
            {"uploaded_at", format_instant(a.uploaded_at)},
            {"public", a.is_public},
            {"hidden", a.hidden},
            {"url", "/api/v1/cases/" + reference + "/attachments/" + std::to_string(a.id)}};
  if (a.hidden_at) {
    j["hidden_at"] = format_instant(*a.hidden_at);
    j["hidden_by"] = a.hidden_by;
  }
  return j;
}

Result<AttachmentChange> decode_change(const std::string& body) {
  ASSIGN_OR_RETURN(JsonReader r, JsonReader::parse(body));
  AttachmentChange c;
  c.hidden = r.boolean("hidden");
  c.is_public = r.boolean("public");
  RETURN_IF_ERROR(r.finish());
  return c;
}

}  // namespace

// The bytes of a stored photo as a response: served inline under a name we
// made, never sniffed, cached only by the browser that asked.
Response photo_response(const std::string& reference, const AttachmentFile& f) {
  Response r;
  r.status = 200;
  r.body = f.bytes;
  r.set_header("Content-Type", f.meta.content_type);
  r.set_header("X-Content-Type-Options", "nosniff");
  r.set_header("Content-Disposition", "inline; filename=\"" + attachment_filename(reference, f.meta) + "\"");
  r.set_header("Cache-Control", "private, max-age=300");
  r.set_header("ETag", "\"" + f.meta.sha256 + "\"");
  return r;
}

void add_attachment_routes(Router& r, ApiDeps& deps) {
  AttachmentService& photos = deps.services.attachments;

  r.add("POST", "/api/v1/cases/{reference}/attachments", [&photos](Request& req) -> Result<Response> {
    ASSIGN_OR_RETURN(Upload in, read_upload(req));
    const std::string& reference = req.param("reference");
    ASSIGN_OR_RETURN(Attachment a, photos.upload(req.ctx, reference, in));
    Response res = json_response(201, dump(attachment_json(reference, a)));
    res.set_header("Location", "/api/v1/cases/" + reference + "/attachments/" + std::to_string(a.id));
    return res;
  });

  r.add("GET", "/api/v1/cases/{reference}/attachments", [&photos](Request& req) -> Result<Response> {
    RETURN_IF_ERROR(no_query(req));
    const std::string& reference = req.param("reference");
    ASSIGN_OR_RETURN(auto all, photos.list(req.ctx, reference));
    json items = json::array();
    for (const auto& a : all) items.push_back(attachment_json(reference, a));
    return json_response(200, dump({{"items", items}}));
  });

  r.add("GET", "/api/v1/cases/{reference}/attachments/{id}", [&photos](Request& req) -> Result<Response> {
    RETURN_IF_ERROR(no_query(req));
    ASSIGN_OR_RETURN(Id id, path_id(req, "id"));
    const std::string& reference = req.param("reference");
    ASSIGN_OR_RETURN(AttachmentFile f, photos.download(req.ctx, reference, id));
    return photo_response(reference, f);
  });

  r.add("PATCH", "/api/v1/cases/{reference}/attachments/{id}", [&photos](Request& req) -> Result<Response> {
    RETURN_IF_ERROR(no_query(req));
    RETURN_IF_ERROR(require_json(req));
    ASSIGN_OR_RETURN(Id id, path_id(req, "id"));
    ASSIGN_OR_RETURN(AttachmentChange change, decode_change(req.body));
    const std::string& reference = req.param("reference");
    ASSIGN_OR_RETURN(Attachment a, photos.change(req.ctx, reference, id, change));
    return json_response(200, dump(attachment_json(reference, a)));
  });
}

}  // namespace civicdesk::http

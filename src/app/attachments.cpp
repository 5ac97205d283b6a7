#include "app/attachments.h"

#include "app/audit.h"
#include "app/crypto.h"

namespace civicdesk {

namespace {

constexpr std::string_view kAttachmentAdded = "attachment_added";
constexpr std::string_view kAttachmentChanged = "attachment_changed";

bool restricted(const CatalogueSnapshot& cat, const Case& c) {
  auto it = cat.categories.find(c.category);
  return it == cat.categories.end() || it->second.restricted;
}

bool is_resident(const Principal& p) { return p.kind == Principal::Kind::kUser && p.role == Role::kResident; }
bool is_councillor(const Principal& p) { return p.kind == Principal::Kind::kUser && p.role == Role::kCouncillor; }

// Staff and API clients who may change the case.
bool works(const Principal& p, const Case& c) {
  if (is_resident(p) || is_councillor(p)) return false;
  return can(p, Permission::kWorkCases) && can_work_case(p, c);
}

}  // namespace

std::string attachment_filename(const std::string& reference, const Attachment& a) {
  std::string name;
  for (char ch : reference.substr(0, 64))
    name.push_back((ch >= 'A' && ch <= 'Z') || (ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9') || ch == '-' ||
                           ch == '_'
                       ? ch
                       : '-');
  auto type = media::parse_content_type(a.content_type);
  return name + "-" + std::to_string(a.id) + "." + std::string(type ? media::extension(*type) : "bin");
}

Result<Id> AttachmentService::store_in(Tx& tx, const RequestContext& ctx, Id case_id, const media::CleanImage& img,
                                       bool is_public) {
  Attachment a;
  a.case_id = case_id;
  a.content_type = std::string(media::content_type(img.type));
  a.size = static_cast<int64_t>(img.bytes.size());
  a.width = img.width;
  a.height = img.height;
  a.sha256 = crypto::sha256_hex(img.bytes);
  a.uploaded_by = ctx.principal.actor_tag();
  a.uploaded_at = ctx.now;
  a.is_public = is_public;
  ASSIGN_OR_RETURN(Id id, tx.insert_attachment(ctx.tenant, a, img.bytes));
  RETURN_IF_ERROR(tx.append_event(ctx.tenant, case_event(ctx, case_id, kAttachmentAdded, Visibility::kInternal,
                                                         {{"attachment_id", std::to_string(id)},
                                                          {"content_type", a.content_type},
                                                          {"public", is_public ? "true" : "false"}})));
  return id;
}

Result<Attachment> AttachmentService::upload(const RequestContext& ctx, const std::string& reference,
                                             const Upload& in) {
  // Checked before anything is read: a bad file changes nothing.
  ASSIGN_OR_RETURN(media::CleanImage img, media::clean(in.bytes, limits_));
  std::optional<Attachment> out;
  RETURN_IF_ERROR(store_.write([&](Tx& tx) -> Status {
    ASSIGN_OR_RETURN(auto cat, cache_.get(tx, ctx.tenant));
    ASSIGN_OR_RETURN(Case c, cases_.visible(tx, *cat, ctx, reference));
    const Principal& p = ctx.principal;
    const bool own_report = is_resident(p) && p.customer_id && c.customer_id == p.customer_id;
    if (is_resident(p) && !own_report) return denied(ctx, "add photos to a case you are following");
    if (!own_report && !is_councillor(p) && !works(p, c)) return denied(ctx, "add photos to case " + c.reference);
    const bool is_public = !restricted(*cat, c) && in.is_public.value_or(own_report);
    ASSIGN_OR_RETURN(Id id, store_in(tx, ctx, c.id, img, is_public));
    RETURN_IF_ERROR(audit(tx, ctx, "case.attachment_add", "case", c.reference, {{"attachment_id", std::to_string(id)}}));
    ASSIGN_OR_RETURN(Attachment a, tx.get_attachment(ctx.tenant, id));
    out = std::move(a);
    return {};
  }));
  return std::move(*out);
}

Result<Attachment> AttachmentService::visible_attachment(ReadTx& tx, const CatalogueSnapshot& cat,
                                                         const RequestContext& ctx, const Case& c, Id id) {
  auto a = tx.get_attachment(ctx.tenant, id);
  if (!a && a.error().code != ErrorCode::kNotFound) return std::move(a).error();
  // Another case's photo, or a hidden one the principal may not review,
  // reads exactly as one that does not exist.
  if (!a || a->case_id != c.id || (a->hidden && !works(ctx.principal, c)))
    return not_found("Attachment " + std::to_string(id) + " not found on case " + c.reference);
  (void)cat;
  return std::move(a).value();
}

Result<std::vector<Attachment>> AttachmentService::list(const RequestContext& ctx, const std::string& reference) {
  std::vector<Attachment> out;
  RETURN_IF_ERROR(store_.read([&](ReadTx& tx) -> Status {
    ASSIGN_OR_RETURN(auto cat, cache_.get(tx, ctx.tenant));
    ASSIGN_OR_RETURN(Case c, cases_.visible(tx, *cat, ctx, reference));
    ASSIGN_OR_RETURN(auto all, tx.list_attachments(ctx.tenant, c.id));
    const bool reviewer = works(ctx.principal, c);
    for (auto& a : all)
      if (!a.hidden || reviewer) out.push_back(std::move(a));
    return {};
  }));
  return out;
}

Result<AttachmentFile> AttachmentService::download(const RequestContext& ctx, const std::string& reference, Id id) {
  AttachmentFile out;
  RETURN_IF_ERROR(store_.read([&](ReadTx& tx) -> Status {
    ASSIGN_OR_RETURN(auto cat, cache_.get(tx, ctx.tenant));
    ASSIGN_OR_RETURN(Case c, cases_.visible(tx, *cat, ctx, reference));
    ASSIGN_OR_RETURN(out.meta, visible_attachment(tx, *cat, ctx, c, id));
    ASSIGN_OR_RETURN(out.bytes, tx.get_attachment_bytes(ctx.tenant, id));
    return {};
  }));
  return out;
}

Result<Attachment> AttachmentService::change(const RequestContext& ctx, const std::string& reference, Id id,
                                             const AttachmentChange& in) {
  if (!in.hidden && !in.is_public) return missing_field("hidden");
  std::optional<Attachment> out;
  RETURN_IF_ERROR(store_.write([&](Tx& tx) -> Status {
    ASSIGN_OR_RETURN(auto cat, cache_.get(tx, ctx.tenant));
    ASSIGN_OR_RETURN(Case c, cases_.visible(tx, *cat, ctx, reference));
    if (!works(ctx.principal, c)) return denied(ctx, "hide photos on case " + c.reference);
    ASSIGN_OR_RETURN(Attachment a, visible_attachment(tx, *cat, ctx, c, id));
    std::map<std::string, std::string> details{{"attachment_id", std::to_string(id)}};
    if (in.hidden && *in.hidden != a.hidden) {
      RETURN_IF_ERROR(tx.set_attachment_hidden(ctx.tenant, id, *in.hidden, ctx.now, ctx.principal.actor_tag()));
      details["hidden"] = *in.hidden ? "true" : "false";
    }
    if (in.is_public && *in.is_public != a.is_public) {
      if (*in.is_public && restricted(*cat, c))
        return invalid_field("public", "Photos of a restricted category's case are never public");
      // Re-stored in place: the only other field that changes.
      RETURN_IF_ERROR(tx.set_attachment_public(ctx.tenant, id, *in.is_public));
      details["public"] = *in.is_public ? "true" : "false";
    }
    if (details.size() > 1) {
      RETURN_IF_ERROR(tx.append_event(ctx.tenant, case_event(ctx, c.id, kAttachmentChanged, Visibility::kInternal, details)));
      RETURN_IF_ERROR(audit(tx, ctx, "case.attachment_change", "case", c.reference, details));
    }
    ASSIGN_OR_RETURN(Attachment now, tx.get_attachment(ctx.tenant, id));
    out = std::move(now);
    return {};
  }));
  return std::move(*out);
}

Result<AttachmentFile> AttachmentService::public_photo(TenantId tenant, Id id) {
  AttachmentFile out;
  RETURN_IF_ERROR(store_.read([&](ReadTx& tx) -> Status {
    ASSIGN_OR_RETURN(auto cat, cache_.get(tx, tenant));
    auto a = tx.get_attachment(tenant, id);
    if (!a && a.error().code != ErrorCode::kNotFound) return std::move(a).error();
    if (!a || !a->is_public || a->hidden) return not_found("There is no public photo " + std::to_string(id));
    ASSIGN_OR_RETURN(Case c, tx.get_case(tenant, a->case_id));
    if (c.type != CaseType::kServiceRequest || restricted(*cat, c))
      return not_found("There is no public photo " + std::to_string(id));
    out.meta = std::move(a).value();
    ASSIGN_OR_RETURN(out.bytes, tx.get_attachment_bytes(tenant, id));
    return {};
  }));
  return out;
}

}  // namespace civicdesk

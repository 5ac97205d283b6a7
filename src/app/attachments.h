// Photos on cases (docs/media.md): upload, list, download and hide, with
// exactly the access rules of reading the case (restricted categories,
// residents their own cases, another council's case is not found). Every
// upload goes through the domain stripper (domain/media.h): type by content,
// size and pixel limits, metadata removed; nothing is stored on any error.
//
// Who may add a photo: the resident whose case it is, a councillor who can
// see it, staff (and API clients with cases:write) who can work it. Hidden
// photos are seen only by those who can work the case.
//
// Errors: not_found (unknown or invisible case or photo), permission_denied,
// unsupported_media_type, payload_too_large, invalid_file (field "file").
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "app/cases.h"
#include "domain/attachment.h"
#include "domain/media.h"

namespace civicdesk {

struct Upload {
  std::string bytes;
  // Shown to the public (Open311, public report pages)? Default: yes for the
  // resident's own report photos, no for staff. Never for restricted categories.
  std::optional<bool> is_public;
};

struct AttachmentFile {
  Attachment meta;
  std::string bytes;
};

struct AttachmentChange {
  std::optional<bool> hidden;
  std::optional<bool> is_public;
};

class AttachmentService {
 public:
  AttachmentService(Store& store, CatalogueCache& cache, CaseService& cases, media::Limits limits = {})
      : store_(store), cache_(cache), cases_(cases), limits_(limits) {}

  Result<Attachment> upload(const RequestContext& ctx, const std::string& reference, const Upload& in);
  // Oldest first; hidden ones only for those who can work the case.
  Result<std::vector<Attachment>> list(const RequestContext& ctx, const std::string& reference);
  Result<AttachmentFile> download(const RequestContext& ctx, const std::string& reference, Id id);
  // Staff who can work the case hide (or show again) a photo, or change
  // whether it is public.
  Result<Attachment> change(const RequestContext& ctx, const std::string& reference, Id id,
                            const AttachmentChange& in);

  // The photo Open311 shows for a report, to anyone: public, not hidden, on
  // an open or closed service request in an unrestricted category.
  // not_found otherwise.
  Result<AttachmentFile> public_photo(TenantId tenant, Id id);

  // Stores an already stripped image on a case inside the caller's
  // transaction (Open311 intake), with its timeline event.
  static Result<Id> store_in(Tx& tx, const RequestContext& ctx, Id case_id, const media::CleanImage& img,
                             bool is_public);

  const media::Limits& limits() const { return limits_; }

 private:
  Result<Attachment> visible_attachment(ReadTx& tx, const CatalogueSnapshot& cat, const RequestContext& ctx,
                                        const Case& c, Id id);

  Store& store_;
  CatalogueCache& cache_;
  CaseService& cases_;
  media::Limits limits_;
};

// A download's file name: the case reference and the id, nothing the
// uploader chose ("BAR-0012340-7.jpg"; characters other than letters,
// digits, '-' and '_' become '-').
std::string attachment_filename(const std::string& reference, const Attachment& a);

}  // namespace civicdesk

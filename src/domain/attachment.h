// A photo stored with a case (docs/media.md). The bytes are the stripped
// file (domain/media.h) and are read separately from this record, so
// listings never load images.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "domain/catalogue.h"
#include "domain/time.h"

namespace civicdesk {

struct Attachment {
  Id id = 0;
  Id case_id = 0;
  std::string content_type;  // "image/jpeg" or "image/png" (detected, never as declared)
  int64_t size = 0;          // bytes after stripping
  int64_t width = 0, height = 0;
  std::string sha256;        // hex, of the stored bytes
  std::string uploaded_by;   // actor tag: "officer:12", "customer:7", "client:4", "user:9"
  Instant uploaded_at{};
  // Shown to the public (Open311, and the public report pages) or staff only.
  bool is_public = false;
  // Hidden by staff (an unsuitable photo): kept for the record, shown to nobody
  // but staff who can work the case, never public.
  bool hidden = false;
  std::optional<Instant> hidden_at;
  std::string hidden_by;
};

}  // namespace civicdesk

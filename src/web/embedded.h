// Files compiled into the binary (cmake/embed_files.cmake), so that one
// executable is all a council deploys: the page templates, the message
// catalogues and the front-end assets (built by `node web/build.mjs`).
#pragma once

#include <span>
#include <string_view>

namespace civicdesk::web {

struct EmbeddedFile {
  std::string_view name;  // "layout.mustache", "en.json", "civicdesk.css"
  std::string_view data;
};

std::span<const EmbeddedFile> embedded_templates();  // src/web/templates/*.mustache
std::span<const EmbeddedFile> embedded_messages();   // src/web/messages/*.json
std::span<const EmbeddedFile> embedded_assets();     // CSS, JS, icons under /assets/

}  // namespace civicdesk::web

// Rendering pages: mustache templates (mstch) embedded from
// src/web/templates/. A page template is rendered inside layout.mustache as
// the `content` partial, so the layout never pastes HTML in with {{{ }}}.
// Every template may use every other as a partial ({{> error_summary}}).
// Templates are compiled once (web/mustache.h).
//
// Escaping: {{name}} escapes HTML; templates never use {{{ }}} or {{& }}
// (tests/web checks it), so no text a person typed can become markup.
//
// Thread-safety: immutable after construction; share one instance.
#pragma once

#include <map>
#include <mstch/mstch.hpp>
#include <string>

#include "web/mustache.h"

namespace civicdesk::web {

class Renderer {
 public:
  // The embedded templates.
  static const Renderer& embedded();
  explicit Renderer(std::map<std::string, std::string> templates);

  bool has(const std::string& name) const { return templates_.count(name) > 0; }
  // The page template `name` (without ".mustache") inside the layout.
  std::string page(const std::string& name, const mstch::map& context) const;
  // One template on its own (tests, fragments).
  std::string fragment(const std::string& name, const mstch::map& context) const;
  const std::map<std::string, std::string>& templates() const { return templates_; }

 private:
  std::map<std::string, std::string> templates_;  // name -> text
  mustache::Library compiled_;
};

}  // namespace civicdesk::web

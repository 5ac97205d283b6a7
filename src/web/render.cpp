#include "web/render.h"

#include "web/embedded.h"

namespace civicdesk::web {

const Renderer& Renderer::embedded() {
  static const Renderer r = [] {
    std::map<std::string, std::string> t;
    for (const auto& f : embedded_templates()) {
      std::string name(f.name);
      if (name.size() > 9 && name.ends_with(".mustache")) name.resize(name.size() - 9);
      t.emplace(std::move(name), std::string(f.data));
    }
    return Renderer(std::move(t));
  }();
  return r;
}

Renderer::Renderer(std::map<std::string, std::string> templates)
    : templates_(std::move(templates)), compiled_(templates_) {}

std::string Renderer::page(const std::string& name, const mstch::map& context) const {
  if (!has("layout")) return fragment(name, context);
  return compiled_.render("layout", context, name);
}

std::string Renderer::fragment(const std::string& name, const mstch::map& context) const {
  return compiled_.render(name, context);
}

}  // namespace civicdesk::web

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

Renderer::Renderer(std::map<std::string, std::string> templates) : templates_(std::move(templates)) {}

std::string Renderer::page(const std::string& name, const mstch::map& context) const {
  std::map<std::string, std::string> partials = templates_;
  auto it = templates_.find(name);
  partials["content"] = it == templates_.end() ? std::string() : it->second;
  auto layout = templates_.find("layout");
  return mstch::render(layout == templates_.end() ? "{{> content}}" : layout->second, context, partials);
}

std::string Renderer::fragment(const std::string& name, const mstch::map& context) const {
  auto it = templates_.find(name);
  return it == templates_.end() ? std::string() : mstch::render(it->second, context, templates_);
}

}  // namespace civicdesk::web

#include "web/messages.h"

#include <cstdio>
#include <cstdlib>

#include "web/embedded.h"

namespace civicdesk::web {

namespace {

mstch::map to_tree(const nlohmann::json& j) {
  mstch::map m;
  for (auto it = j.begin(); it != j.end(); ++it) {
    if (it->is_object()) m.emplace(it.key(), to_tree(*it));
    else if (it->is_string()) m.emplace(it.key(), it->get<std::string>());
  }
  return m;
}

void collect(const nlohmann::json& j, const std::string& prefix, std::vector<std::string>& out) {
  for (auto it = j.begin(); it != j.end(); ++it) {
    const std::string key = prefix.empty() ? it.key() : prefix + "." + it.key();
    if (it->is_object()) collect(*it, key, out);
    else out.push_back(key);
  }
}

}  // namespace

const Messages& Messages::embedded() {
  static const Messages m = [] {
    std::map<std::string, std::string> docs;
    for (const auto& f : embedded_messages()) {
      std::string lang(f.name.substr(0, f.name.find('.')));
      docs.emplace(std::move(lang), std::string(f.data));
    }
    return Messages(docs);
  }();
  return m;
}

Messages::Messages(const std::map<std::string, std::string>& catalogues) {
  for (const auto& [lang, text] : catalogues) {
    auto j = nlohmann::json::parse(text, nullptr, false);
    if (j.is_discarded() || !j.is_object()) {
      std::fprintf(stderr, "civicdesk: message catalogue %s is not a JSON object\n", lang.c_str());
      std::abort();
    }
    trees_.emplace(lang, to_tree(j));
    docs_.emplace(lang, std::move(j));
    languages_.push_back(lang);
  }
}

bool Messages::has_language(std::string_view lang) const { return docs_.find(lang) != docs_.end(); }

const nlohmann::json* Messages::lookup(std::string_view lang, std::string_view key) const {
  auto doc = docs_.find(lang);
  if (doc == docs_.end()) return nullptr;
  const nlohmann::json* node = &doc->second;
  size_t pos = 0;
  while (pos <= key.size()) {
    size_t dot = key.find('.', pos);
    if (dot == std::string_view::npos) dot = key.size();
    if (!node->is_object()) return nullptr;
    auto it = node->find(std::string(key.substr(pos, dot - pos)));
    if (it == node->end()) return nullptr;
    node = &*it;
    pos = dot + 1;
  }
  return node->is_string() ? node : nullptr;
}

std::optional<std::string> Messages::find(std::string_view lang, std::string_view key) const {
  if (const auto* j = lookup(lang, key)) return j->get<std::string>();
  if (lang != kDefaultLanguage)
    if (const auto* j = lookup(kDefaultLanguage, key)) return j->get<std::string>();
  return std::nullopt;
}

std::string Messages::text(std::string_view lang, std::string_view key) const {
  auto t = find(lang, key);
  return t ? *t : std::string(key);
}

std::string Messages::format(std::string_view lang, std::string_view key,
                             const std::map<std::string, std::string>& values) const {
  std::string s = text(lang, key);
  for (const auto& [name, value] : values) {
    const std::string slot = "{" + name + "}";
    for (size_t at = s.find(slot); at != std::string::npos; at = s.find(slot, at + value.size()))
      s.replace(at, slot.size(), value);
  }
  return s;
}

std::vector<std::string> Messages::keys(std::string_view lang) const {
  std::vector<std::string> out;
  auto doc = docs_.find(lang);
  if (doc != docs_.end()) collect(doc->second, "", out);
  return out;
}

const mstch::map& Messages::tree(std::string_view lang) const {
  auto it = trees_.find(lang);
  if (it == trees_.end()) it = trees_.find(kDefaultLanguage);
  static const mstch::map kEmpty;
  return it == trees_.end() ? kEmpty : it->second;
}

std::string choose_language(const Messages& m, std::string_view cookie_choice, std::string_view accept_language) {
  if (!cookie_choice.empty() && m.has_language(cookie_choice)) return std::string(cookie_choice);
  // "cy-GB,cy;q=0.9,en;q=0.8": in the order given (weights are rarely out of
  // order in practice).
  size_t pos = 0;
  while (pos < accept_language.size()) {
    size_t end = accept_language.find(',', pos);
    if (end == std::string_view::npos) end = accept_language.size();
    std::string_view item = accept_language.substr(pos, end - pos);
    item = item.substr(0, item.find(';'));
    while (!item.empty() && item.front() == ' ') item.remove_prefix(1);
    std::string_view primary = item.substr(0, item.find('-'));
    std::string lang;
    for (char c : primary) lang += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    if (!lang.empty() && m.has_language(lang)) return lang;
    pos = end + 1;
  }
  return std::string(Messages::kDefaultLanguage);
}

}  // namespace civicdesk::web

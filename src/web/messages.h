// The message catalogue: every word a page shows, per language, looked up by
// key. Catalogues are JSON files (src/web/messages/en.json, later cy.json)
// embedded in the binary; keys are dotted paths into them ("sign_in.title").
// English is complete and the fallback for any other language.
//
// Templates read the catalogue as the `t` object ({{t.sign_in.title}});
// code reads it with text() and format(). tests/web checks that every key a
// template or the code uses exists, so a missing text fails a test rather
// than showing an empty space.
//
// Thread-safety: immutable after construction; share one instance.
#pragma once

#include <map>
#include <mstch/mstch.hpp>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace civicdesk::web {

class Messages {
 public:
  // The embedded catalogues. Aborts the program if one is not valid JSON (a
  // build mistake caught by the unit tests, never outside input).
  static const Messages& embedded();
  // From catalogue texts: language code -> JSON document.
  explicit Messages(const std::map<std::string, std::string>& catalogues);

  static constexpr std::string_view kDefaultLanguage = "en";
  const std::vector<std::string>& languages() const { return languages_; }
  bool has_language(std::string_view lang) const;

  // The text for a dotted key, in `lang` or else English; nullopt when the
  // key is missing (or names a group rather than a text).
  std::optional<std::string> find(std::string_view lang, std::string_view key) const;
  // As find(), but the key itself when missing (a visible bug, not a crash).
  std::string text(std::string_view lang, std::string_view key) const;
  // text() with each "{name}" replaced by its value.
  std::string format(std::string_view lang, std::string_view key,
                     const std::map<std::string, std::string>& values) const;
  // Every text key of a language, dotted ("sign_in.title").
  std::vector<std::string> keys(std::string_view lang) const;
  // The catalogue as a template value (the `t` object).
  const mstch::map& tree(std::string_view lang) const;

 private:
  const nlohmann::json* lookup(std::string_view lang, std::string_view key) const;
  std::map<std::string, nlohmann::json, std::less<>> docs_;
  std::map<std::string, mstch::map, std::less<>> trees_;
  std::vector<std::string> languages_;
};

// The language for a request: the person's choice (the `lang` cookie) when
// the catalogue has it, else the first of Accept-Language it has, else
// English.
std::string choose_language(const Messages& m, std::string_view cookie_choice, std::string_view accept_language);

}  // namespace civicdesk::web

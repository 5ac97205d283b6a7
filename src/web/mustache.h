// Mustache templates compiled once, rendered many times.
//
// mstch (the library whose value types the pages build their contexts
// from) parses a template and every partial it is handed on each render;
// with the layout that was most of a page's server time. This compiles each
// template once into a tree and renders the same mstch values into one
// string. The output is mstch's, byte for byte (tests/web/mustache_test.cpp
// renders every page template through both): the same "standalone line"
// whitespace rules, partial indentation, dotted names, context stack and
// HTML escaping. What the pages do not use is not supported: set
// delimiters, lambdas and mstch objects render nothing.
//
// Thread-safety: a Library is immutable after construction; share one.
#pragma once

#include <map>
#include <mstch/mstch.hpp>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace civicdesk::web::mustache {

struct Part;
using Parts = std::vector<Part>;

struct Part {
  enum class Kind { kText, kVariable, kUnescaped, kSection, kInverted, kPartial };
  Kind kind = Kind::kText;
  std::string text;                // the text, or a tag's name as written
  std::vector<std::string> path;   // the name split at its dots
  Parts children;                  // a section's body
  std::string prefix;              // a standalone partial's indentation
  const Parts* partial = nullptr;  // set by Library
};

// One template on its own; partials stay unresolved (they render nothing).
// `prefix` indents every line, as when the template is a standalone partial.
Parts compile(std::string_view text, std::string_view prefix = {});

class Library {
 public:
  explicit Library(const std::map<std::string, std::string>& sources);

  bool has(const std::string& name) const { return compiled_.count({name, ""}) > 0; }
  // Renders `name` (nothing when unknown). A partial called "content" that
  // is not a template renders `content` instead (a page inside the layout).
  std::string render(const std::string& name, const mstch::map& context, const std::string& content = {}) const;

 private:
  // (name, prefix) -> compiled: a partial is compiled again for each
  // indentation it is used with.
  std::map<std::pair<std::string, std::string>, Parts> compiled_;
};

}  // namespace civicdesk::web::mustache

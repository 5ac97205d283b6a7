#include "web/mustache.h"

#include <sstream>

namespace civicdesk::web::mustache {
namespace {

// --- Compiling -------------------------------------------------------------

enum class Type { kText, kVariable, kUnescaped, kSectionOpen, kInvertedOpen, kSectionClose, kPartial, kComment };

// A template is first a flat list of tokens: text split after each newline,
// and tags.
struct Token {
  Type type = Type::kText;
  std::string raw;   // as written
  std::string name;  // a tag's name
  bool eol = false;  // text that ends a line
  bool ws_only = false;
  std::string prefix;  // a standalone partial's indentation
};

Token text_token(std::string raw) {
  Token t;
  t.eol = !raw.empty() && raw.back() == '\n';
  t.ws_only = raw.find_first_not_of(" \n\t") == std::string::npos;
  t.raw = std::move(raw);
  return t;
}

// Inside the braces, names are trimmed of spaces (only spaces, as mstch).
std::string trim_spaces(std::string_view s) {
  const size_t first = s.find_first_not_of(' ');
  if (first == std::string_view::npos) return {};
  return std::string(s.substr(first, s.find_last_not_of(' ') - first + 1));
}

Token tag_token(std::string raw) {
  Token t;
  const std::string_view inner = std::string_view(raw).substr(2, raw.size() - 4);
  if (!inner.empty() && inner.front() == '{' && inner.back() == '}') {
    t.type = Type::kUnescaped;
    t.name = trim_spaces(inner.substr(1, inner.size() - 2));
  } else {
    const std::string trimmed = trim_spaces(inner);
    const char sigil = trimmed.empty() ? ' ' : trimmed.front();
    switch (sigil) {
      case '>': t.type = Type::kPartial; break;
      case '^': t.type = Type::kInvertedOpen; break;
      case '/': t.type = Type::kSectionClose; break;
      case '&': t.type = Type::kUnescaped; break;
      case '#': t.type = Type::kSectionOpen; break;
      case '!': t.type = Type::kComment; break;
      default: t.type = Type::kVariable; break;
    }
    t.name = t.type == Type::kVariable ? trimmed : trim_spaces(std::string_view(trimmed).substr(1));
  }
  t.raw = std::move(raw);
  return t;
}

void add_text(std::vector<Token>& tokens, std::string_view text) {
  size_t start = 0;
  for (size_t i = 0; i < text.size(); ++i)
    if (text[i] == '\n' || i + 1 == text.size()) {
      tokens.push_back(text_token(std::string(text.substr(start, i + 1 - start))));
      start = i + 1;
    }
}

std::vector<Token> tokenize(std::string_view s) {
  std::vector<Token> tokens;
  size_t at = 0;
  while (at < s.size()) {
    const size_t open = s.find("{{", at);
    size_t close = open == std::string_view::npos ? open : s.find("}}", open + 1);
    if (open == std::string_view::npos || close == std::string_view::npos) {
      add_text(tokens, s.substr(at));
      break;
    }
    if (s[open + 2] == '{' && close + 2 < s.size() && s[close + 2] == '}') ++close;  // {{{name}}}
    add_text(tokens, s.substr(at, open - at));
    tokens.push_back(tag_token(std::string(s.substr(open, close + 2 - open))));
    at = close + 2;
    if (at == s.size()) {
      tokens.push_back(text_token(""));
      tokens.back().eol = true;
    }
  }
  return tokens;
}

bool is_tag(Type t) { return t != Type::kText && t != Type::kVariable && t != Type::kUnescaped; }

// A line holding only tags (sections, partials, comments) and blanks leaves
// no trace: its blanks and newline go. A partial alone on an indented line
// is indented by that much, line by line.
std::vector<Token> strip_standalone_lines(std::vector<Token> tokens) {
  std::vector<Token> out;
  out.reserve(tokens.size());
  size_t line_begin = 0;
  bool has_tag = false, non_space = false;
  for (size_t i = 0; i < tokens.size(); ++i) {
    if (is_tag(tokens[i].type)) has_tag = true;
    else if (!tokens[i].ws_only) non_space = true;
    if (!tokens[i].eol) continue;
    const bool standalone = has_tag && !non_space;
    for (size_t j = line_begin; j <= i; ++j) {
      Token& t = tokens[j];
      if (!standalone) {
        out.push_back(std::move(t));
        continue;
      }
      if (t.type == Type::kPartial && j != line_begin && tokens[j - 1].ws_only) t.prefix = tokens[j - 1].raw;
      if (!t.ws_only) out.push_back(std::move(t));
    }
    has_tag = non_space = false;
    line_begin = i + 1;
  }
  for (size_t j = line_begin; j < tokens.size(); ++j) out.push_back(std::move(tokens[j]));
  return out;
}

std::vector<std::string> path_of(const std::string& name) {
  if (name == ".") return {name};
  std::vector<std::string> path;
  size_t start = 0;
  for (size_t dot = name.find('.'); dot != std::string::npos; dot = name.find('.', start)) {
    path.push_back(name.substr(start, dot - start));
    start = dot + 1;
  }
  path.push_back(name.substr(start));
  return path;
}

// Tokens into a tree: a section holds the parts up to its closing tag. An
// unclosed section renders nothing (as in mstch).
Parts build(const std::vector<Token>& tokens) {
  std::vector<Parts> open(1);
  std::vector<Part> sections;
  for (const Token& t : tokens) {
    Part p;
    p.text = t.type == Type::kText ? t.raw : t.name;
    switch (t.type) {
      case Type::kComment: continue;
      case Type::kText: p.kind = Part::Kind::kText; break;
      case Type::kVariable: p.kind = Part::Kind::kVariable; break;
      case Type::kUnescaped: p.kind = Part::Kind::kUnescaped; break;
      case Type::kPartial:
        p.kind = Part::Kind::kPartial;
        p.prefix = t.prefix;
        break;
      case Type::kSectionOpen:
      case Type::kInvertedOpen:
        p.kind = t.type == Type::kSectionOpen ? Part::Kind::kSection : Part::Kind::kInverted;
        p.path = path_of(p.text);
        sections.push_back(std::move(p));
        open.emplace_back();
        continue;
      case Type::kSectionClose:
        if (sections.empty()) continue;
        sections.back().children = std::move(open.back());
        open.pop_back();
        open.back().push_back(std::move(sections.back()));
        sections.pop_back();
        continue;
    }
    if (p.kind == Part::Kind::kVariable || p.kind == Part::Kind::kUnescaped) p.path = path_of(p.text);
    // Adjacent text joins up: fewer parts to walk.
    if (p.kind == Part::Kind::kText && !open.back().empty() && open.back().back().kind == Part::Kind::kText)
      open.back().back().text += p.text;
    else
      open.back().push_back(std::move(p));
  }
  return std::move(open.front());
}

// --- Rendering -------------------------------------------------------------

const mstch::node kNull{};

using Stack = std::vector<const mstch::node*>;  // innermost last

// Whether `n` has `name`: a map's key; any other value answers only to ".".
const mstch::node* member(const mstch::node& n, const std::string& name) {
  if (const auto* m = boost::get<mstch::map>(&n)) {
    auto it = m->find(name);
    return it == m->end() ? nullptr : &it->second;
  }
  if (boost::get<std::shared_ptr<mstch::object>>(&n)) return nullptr;
  return name == "." ? &n : nullptr;
}

// The root context is a map of its own, so that rendering copies nothing.
const mstch::node& lookup(const mstch::map& root, const Stack& stack, const std::vector<std::string>& path) {
  const mstch::node* found = nullptr;
  for (auto it = stack.rbegin(); it != stack.rend() && !found; ++it) found = member(**it, path.front());
  if (!found) {
    auto it = root.find(path.front());
    if (it != root.end()) found = &it->second;
  }
  for (size_t i = 1; found && i < path.size(); ++i) found = member(*found, path[i]);
  return found ? *found : kNull;
}

bool is_empty(const mstch::node& n) {
  if (boost::get<std::nullptr_t>(&n)) return true;
  if (const auto* v = boost::get<int>(&n)) return *v == 0;
  if (const auto* v = boost::get<double>(&n)) return *v == 0;
  if (const auto* v = boost::get<bool>(&n)) return !*v;
  if (const auto* v = boost::get<std::string>(&n)) return v->empty();
  if (const auto* v = boost::get<mstch::array>(&n)) return v->empty();
  return false;
}

void append_escaped(std::string& out, const std::string& s) {
  for (char c : s) switch (c) {
      case '&': out += "&amp;"; break;
      case '\'': out += "&#39;"; break;
      case '"': out += "&quot;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '/': out += "&#x2F;"; break;
      default: out += c;
    }
}

void append_value(std::string& out, const mstch::node& n, bool escape) {
  if (const auto* s = boost::get<std::string>(&n)) {
    if (escape) append_escaped(out, *s);
    else out += *s;
  } else if (const auto* i = boost::get<int>(&n)) {
    out += std::to_string(*i);
  } else if (const auto* d = boost::get<double>(&n)) {
    std::ostringstream os;
    os << *d;
    out += os.str();
  } else if (const auto* b = boost::get<bool>(&n)) {
    out += *b ? "true" : "false";
  }
}

struct Walk {  // one render: the context stack and the output so far
  const std::map<std::pair<std::string, std::string>, Parts>& compiled;
  const std::string& content;
  const mstch::map& root;
  Stack stack;
  std::string out;

  void render(const Parts& parts) {
    for (const Part& p : parts) switch (p.kind) {
        case Part::Kind::kText: out += p.text; break;
        case Part::Kind::kVariable: append_value(out, lookup(root, stack, p.path), true); break;
        case Part::Kind::kUnescaped: append_value(out, lookup(root, stack, p.path), false); break;
        case Part::Kind::kSection: {
          const mstch::node& n = lookup(root, stack, p.path);
          if (is_empty(n)) break;
          if (const auto* items = boost::get<mstch::array>(&n)) {
            for (const mstch::node& item : *items) with(item, p.children);
          } else {
            with(n, p.children);
          }
          break;
        }
        case Part::Kind::kInverted:
          if (is_empty(lookup(root, stack, p.path))) with(kNull, p.children);
          break;
        case Part::Kind::kPartial:
          if (p.partial) {
            render(*p.partial);
          } else if (p.text == "content") {
            auto it = compiled.find({content, p.prefix});
            if (it != compiled.end()) render(it->second);
          }
          break;
      }
  }

  void with(const mstch::node& n, const Parts& parts) {
    stack.push_back(&n);
    render(parts);
    stack.pop_back();
  }
};

void partials_used(const Parts& parts, std::vector<const Part*>& found) {
  for (const Part& p : parts) {
    if (p.kind == Part::Kind::kPartial) found.push_back(&p);
    partials_used(p.children, found);
  }
}

void link_partials(Parts& parts, const std::map<std::pair<std::string, std::string>, Parts>& compiled) {
  for (Part& p : parts) {
    if (p.kind == Part::Kind::kPartial) {
      auto it = compiled.find({p.text, p.prefix});
      p.partial = it == compiled.end() ? nullptr : &it->second;
    }
    link_partials(p.children, compiled);
  }
}

}  // namespace

Parts compile(std::string_view text, std::string_view prefix) {
  std::vector<Token> tokens = strip_standalone_lines(tokenize(text));
  if (!prefix.empty()) {
    // The indentation starts every line (before the first token and after
    // each newline), whatever comes next.
    std::vector<Token> indented;
    indented.reserve(tokens.size() * 2);
    bool line_start = true;
    for (Token& t : tokens) {
      if (line_start) indented.push_back(text_token(std::string(prefix)));
      line_start = t.eol;
      indented.push_back(std::move(t));
    }
    tokens = std::move(indented);
  }
  return build(tokens);
}

Library::Library(const std::map<std::string, std::string>& sources) {
  // Every template unindented, then each partial at each indentation it is
  // used with, until nothing new is needed; then the partials are linked.
  std::vector<std::pair<std::string, std::string>> todo;
  for (const auto& [name, text] : sources) todo.emplace_back(name, "");
  std::vector<std::string> content_prefixes;
  while (!todo.empty()) {
    auto key = std::move(todo.back());
    todo.pop_back();
    if (compiled_.count(key) || !sources.count(key.first)) continue;
    Parts& parts = compiled_[key] = compile(sources.at(key.first), key.second);
    std::vector<const Part*> used;
    partials_used(parts, used);
    for (const Part* p : used) {
      if (p->text == "content" && !sources.count("content")) content_prefixes.push_back(p->prefix);
      todo.emplace_back(p->text, p->prefix);
    }
  }
  // A page inside the layout is compiled at the indentation of {{> content}}.
  for (const std::string& prefix : content_prefixes)
    for (const auto& [name, text] : sources)
      if (!compiled_.count({name, prefix})) compiled_[{name, prefix}] = compile(text, prefix);
  for (auto& [key, parts] : compiled_) link_partials(parts, compiled_);
}

std::string Library::render(const std::string& name, const mstch::map& context, const std::string& content) const {
  auto it = compiled_.find({name, ""});
  if (it == compiled_.end()) return {};
  Walk r{compiled_, content, context, {}, {}};
  r.render(it->second);
  return std::move(r.out);
}

}  // namespace civicdesk::web::mustache

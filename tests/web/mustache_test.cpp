// The compiled mustache renderer (web/mustache.h) against mstch itself:
// every page template, inside the layout and on its own, with contexts
// generated from the names each template uses, must come out byte for byte
// as mstch renders it; and the rules it copies, spelled out.
#include "web/mustache.h"

#include <gtest/gtest.h>

#include <regex>

#include "web/render.h"

namespace civicdesk::web::mustache {
namespace {

std::string render_one(const std::string& text, const mstch::map& context,
                       std::map<std::string, std::string> partials = {}) {
  partials["main"] = text;
  return Library(partials).render("main", context);
}

std::string mstch_one(const std::string& text, const mstch::map& context,
                      const std::map<std::string, std::string>& partials = {}) {
  return mstch::render(text, context, partials);
}

void expect_same(const std::string& text, const mstch::map& context,
                 const std::map<std::string, std::string>& partials = {}) {
  EXPECT_EQ(render_one(text, context, partials), mstch_one(text, context, partials)) << text;
}

TEST(Mustache, VariablesAreEscapedAsMstchDoes) {
  const mstch::map c{{"name", std::string("<a href='/x'>\"Tom\" & Jerry</a>")}, {"n", 42}, {"d", 1.5}, {"b", true}};
  EXPECT_EQ(render_one("{{name}}", c), "&lt;a href=&#39;&#x2F;x&#39;&gt;&quot;Tom&quot; &amp; Jerry&lt;&#x2F;a&gt;");
  EXPECT_EQ(render_one("{{n}} {{d}} {{b}} [{{missing}}]", c), "42 1.5 true []");
  EXPECT_EQ(render_one("{{{name}}}|{{& name}}", c), "<a href='/x'>\"Tom\" & Jerry</a>|<a href='/x'>\"Tom\" & Jerry</a>");
  expect_same("{{name}} {{{name}}} {{&name}} {{ n }} {{d}} {{b}} [{{missing}}]", c);
}

TEST(Mustache, SectionsAndTheContextStack) {
  const mstch::map c{{"title", std::string("outer")},
                     {"items", mstch::array{mstch::map{{"title", std::string("one")}},
                                            mstch::map{{"other", std::string("two")}}}},
                     {"words", mstch::array{std::string("a"), std::string("b")}},
                     {"t", mstch::map{{"x", mstch::map{{"y", std::string("deep")}}}}},
                     {"yes", true},
                     {"no", false},
                     {"zero", 0},
                     {"empty", std::string()},
                     {"none", mstch::array{}}};
  const std::string text =
      "{{#items}}[{{title}}]{{/items}}{{#words}}<{{.}}>{{/words}}{{t.x.y}}{{#t.x}}{{y}}{{/t.x}}"
      "{{#yes}}Y{{/yes}}{{#no}}N{{/no}}{{^no}}!N{{/no}}{{^zero}}!0{{/zero}}{{^empty}}!e{{/empty}}"
      "{{^none}}!a{{/none}}{{#missing}}M{{/missing}}{{^missing}}!M{{/missing}}{{t.nothing.y}}";
  EXPECT_EQ(render_one(text, c), "[one][outer]<a><b>deepdeepY!N!0!e!a!M");
  expect_same(text, c);
}

TEST(Mustache, StandaloneLinesAndIndentedPartialsFollowMstch) {
  const std::map<std::string, std::string> partials{{"row", "<li>{{.}}</li>\n<li>again</li>\n"},
                                                    {"nested", "  {{> row}}\n"}};
  const mstch::map c{{"list", mstch::array{std::string("a"), std::string("b")}}, {"show", true}};
  const std::string text =
      "<ul>\n  {{#list}}\n    {{> row}}\n  {{/list}}\n</ul>\n{{#show}}\n  kept  \n{{/show}}\n"
      "  {{! a comment }}\n{{#list}}{{.}}{{/list}}\n  {{> nested}}\nend {{#show}}\n{{/show}}";
  EXPECT_EQ(render_one(text, c, partials),
            "<ul>\n    <li>a</li>\n    <li>again</li>\n    <li>b</li>\n    <li>again</li>\n</ul>\n  kept  \nab\n"
            "    <li></li>\n  <li>again</li>\nend \n");
  expect_same(text, c, partials);
  expect_same(text, mstch::map{}, partials);
}

TEST(Mustache, UnknownPartialsAndUnclosedSectionsRenderNothing) {
  expect_same("a{{> nowhere}}b", {});
  expect_same("a{{#open}}b", mstch::map{{"open", true}});
  expect_same("a{{/stray}}b", {});
  EXPECT_EQ(render_one("a{{> nowhere}}b", {}), "ab");
}

// --- Every template, with contexts made from the names it uses -----------

void set_path(mstch::map& m, const std::vector<std::string>& path, size_t i, const mstch::node& value) {
  if (i + 1 == path.size()) {
    if (!m.count(path[i]) || !boost::get<mstch::map>(&m.at(path[i]))) m.insert_or_assign(path[i], value);
    return;
  }
  if (!m.count(path[i]) || !boost::get<mstch::map>(&m.at(path[i]))) m.insert_or_assign(path[i], mstch::map{});
  set_path(boost::get<mstch::map>(m.at(path[i])), path, i + 1, value);
}

std::vector<std::string> split(const std::string& name) {
  std::vector<std::string> out;
  std::stringstream s(name);
  for (std::string part; std::getline(s, part, '.');) out.push_back(part);
  return out;
}

enum class Sections { kTrue, kFalse, kLists, kText };

// Variables get text that needs escaping; sections get `mode`. A list's
// items name the variables again, with their own text, and close every
// section (so that lookups inside fall back to the outer context too).
mstch::map context_for(const std::string& text, Sections mode, int item = 0) {
  static const std::regex tag(R"(\{\{([#^]?)\s*([A-Za-z0-9_.]+)\s*\}\})");
  mstch::map vars, sections;
  for (auto it = std::sregex_iterator(text.begin(), text.end(), tag); it != std::sregex_iterator(); ++it) {
    const std::string name = (*it)[2];
    if (name == ".") continue;
    if ((*it)[1].length() == 0) {
      set_path(vars, split(name), 0, std::string("<" + name + "> & \"" + std::to_string(item) + "\"/'"));
      continue;
    }
    mstch::node value = true;
    if (item > 0 || mode == Sections::kFalse) value = false;
    else if (mode == Sections::kText) value = std::string("text");
    else if (mode == Sections::kLists) value = mstch::array{context_for(text, mode, 1), context_for(text, mode, 2)};
    set_path(sections, split(name), 0, value);
  }
  for (auto& [k, v] : sections) vars.insert_or_assign(k, v);
  return vars;
}

TEST(Mustache, EveryTemplateRendersAsMstchRendersIt) {
  const Renderer& r = Renderer::embedded();
  const auto& templates = r.templates();
  int compared = 0;
  for (const auto& [name, text] : templates) {
    for (Sections mode : {Sections::kTrue, Sections::kFalse, Sections::kLists, Sections::kText}) {
      mstch::map c = context_for(templates.at("layout") + text, mode);
      std::map<std::string, std::string> partials = templates;
      partials["content"] = text;
      if (name != "layout")  // a page inside itself would never end
        ASSERT_EQ(r.page(name, c), mstch::render(templates.at("layout"), c, partials)) << name;
      ASSERT_EQ(r.fragment(name, c), mstch::render(text, c, templates)) << name;
      ++compared;
    }
    ASSERT_EQ(r.fragment(name, mstch::map{}), mstch::render(text, mstch::map{}, templates)) << name;
  }
  EXPECT_GT(compared, 200);
}

}  // namespace
}  // namespace civicdesk::web::mustache

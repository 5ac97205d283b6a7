// Open311 POST bodies on arbitrary bytes: the form-encoded and multipart
// parsers, attribute collection and answer validation against a category
// with every question type, and XML escaping of whatever came in. None may
// crash, hang, leak or trip a sanitizer; errors carry a code, and escaped
// text never holds a raw '<' or '&' that is not an entity.
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "domain/open311.h"
#include "http/parse/open311_form.h"

using namespace civicdesk;

namespace {

const Category& category() {
  static const Category c = [] {
    Category k;
    k.code = "fly-tipping";
    k.name = "Fly-tipping";
    k.questions = {
        Question{"size", "How much?", QuestionType::kSingleValueList, true, 1, {{"bag", "Bag"}, {"van", "Van"}}},
        Question{"contents", "What?", QuestionType::kMultiValueList, false, 2, {{"sofa", "Sofa"}, {"rubble", "Rubble"}}},
        Question{"items", "How many?", QuestionType::kNumber, false, 3, {}},
        Question{"seen", "When?", QuestionType::kDatetime, false, 4, {}},
        Question{"notes", "Notes", QuestionType::kText, false, 5, {}},
        Question{"where", "Where?", QuestionType::kString, false, 6, {}},
    };
    return k;
  }();
  return c;
}

void check_escaped(std::string_view in) {
  const std::string out = open311::xml_escape(in);
  for (size_t i = 0; i < out.size(); ++i) {
    if (out[i] == '<' || out[i] == '>') __builtin_trap();
    if (out[i] == '&' && out.compare(i, 4, "&lt;") != 0 && out.compare(i, 4, "&gt;") != 0 &&
        out.compare(i, 5, "&amp;") != 0 && out.compare(i, 6, "&quot;") != 0 && out.compare(i, 6, "&apos;") != 0)
      __builtin_trap();
  }
}

void exercise(const Result<open311::Params>& params) {
  if (!params.ok()) {
    if (wire_code(params.error().code).empty()) __builtin_trap();
    return;
  }
  for (const auto& [k, v] : *params) {
    check_escaped(k);
    check_escaped(v);
  }
  auto answers = open311::answers_for(category(), open311::attributes(*params));
  if (!answers.ok() && wire_code(answers.error().code).empty()) __builtin_trap();
  for (const auto& [k, v] : *params)
    if (k == "start_date" || k == "updated_datetime") (void)open311::parse_datetime(v, k);
    else if (k == "status") (void)open311::parse_status(v);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view body(reinterpret_cast<const char*>(data), size);
  exercise(http::open311_form::parse_urlencoded(body));
  // Multipart: the first line (up to 70 bytes) is taken as the boundary.
  const size_t nl = body.find('\n');
  std::string boundary(body.substr(0, std::min<size_t>(nl == std::string_view::npos ? 0 : nl, 70)));
  if (!boundary.empty() && boundary.back() == '\r') boundary.pop_back();
  exercise(http::open311_form::parse_body("multipart/form-data; boundary=\"" + boundary + "\"", body));
  exercise(http::open311_form::parse_body("multipart/form-data; boundary=x", body));
  return 0;
}

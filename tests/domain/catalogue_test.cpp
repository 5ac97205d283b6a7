// catalogue.h: codes, category validation and answers to category questions.
#include "domain/catalogue.h"

#include "domain_test_util.h"

namespace civicdesk {
namespace {

TEST(ValidCode, LowerCaseDigitsHyphensUnderscores) {
  for (const std::string& ok : {std::string("street-scene"), std::string("bin_type"), std::string("a"),
                                std::string("524"), std::string("a-b_c-1"), std::string("_x"),
                                std::string("x_"), std::string(64, 'a')}) {
    EXPECT_TRUE(valid_code(ok)) << ok;
  }
  for (const std::string& bad :
       {std::string(""), std::string(65, 'a'), std::string("-street"), std::string("street-"),
        std::string("street--scene"), std::string("Street"), std::string("street scene"),
        std::string("street.scene"), std::string("street/scene"), std::string("caf\xC3\xA9"),
        std::string("-")}) {
    EXPECT_FALSE(valid_code(bad)) << bad;
  }
  EXPECT_OK(check_code("street-scene", "delivery_unit"));
  EXPECT_ERROR(check_code("", "delivery_unit"), ErrorCode::kMissingField, "delivery_unit");
  EXPECT_ERROR(check_code("Street Scene", "delivery_unit"), ErrorCode::kInvalidField, "delivery_unit");
}

Category missed_bin() {
  Category c;
  c.code = "missed-bin";
  c.name = "Missed bin collection";
  c.lgsl = 524;
  c.lgil = 17;
  c.delivery_unit = "street-scene";
  c.sla_policy = "standard-10";
  c.location_required = true;
  c.questions = {
      {"bin_type", "Which bin was missed?", QuestionType::kSingleValueList, true, 1,
       {{"general", "General waste"}, {"recycling", "Recycling"}, {"garden", "Garden waste"}}},
      {"contents", "What was in it?", QuestionType::kMultiValueList, false, 2,
       {{"paper", "Paper"}, {"glass", "Glass"}, {"cans", "Cans"}}},
      {"bags", "How many extra bags?", QuestionType::kNumber, false, 3, {}},
      {"noticed_at", "When did you notice?", QuestionType::kDatetime, false, 4, {}},
      {"notes", "Anything else?", QuestionType::kText, false, 5, {}},
      {"colour", "Lid colour", QuestionType::kString, false, 6, {}},
  };
  return c;
}

// --- validate(Category) ---------------------------------------------------------------

TEST(ValidateCategory, AcceptsAWellFormedCategory) {
  EXPECT_OK(validate(missed_bin()));
  Category minimal;
  minimal.code = "pothole";
  minimal.name = "Pothole";
  EXPECT_OK(validate(minimal));
  minimal.parent = "roads";
  minimal.lgsl = 99999;
  EXPECT_OK(validate(minimal));
}

TEST(ValidateCategory, ErrorsNameTheField) {
  auto with = [](auto change) {
    Category c = missed_bin();
    change(c);
    return validate(c);
  };
  EXPECT_ERROR(with([](Category& c) { c.code = ""; }), ErrorCode::kMissingField, "code");
  EXPECT_ERROR(with([](Category& c) { c.code = "Missed Bin"; }), ErrorCode::kInvalidField, "code");
  EXPECT_ERROR(with([](Category& c) { c.name = ""; }), ErrorCode::kMissingField, "name");
  EXPECT_ERROR(with([](Category& c) { c.parent = "Waste!"; }), ErrorCode::kInvalidField, "parent");
  EXPECT_ERROR(with([](Category& c) { c.parent = "missed-bin"; }), ErrorCode::kInvalidField, "parent");
  EXPECT_ERROR(with([](Category& c) { c.lgsl = 0; }), ErrorCode::kInvalidField, "lgsl");
  EXPECT_ERROR(with([](Category& c) { c.lgsl = -524; }), ErrorCode::kInvalidField, "lgsl");
  EXPECT_ERROR(with([](Category& c) { c.lgsl = 100000; }), ErrorCode::kInvalidField, "lgsl");
  EXPECT_ERROR(with([](Category& c) { c.questions[0].code = "Bin Type"; }), ErrorCode::kInvalidField,
               "questions[0].code");
  EXPECT_ERROR(with([](Category& c) { c.questions[2].code = ""; }), ErrorCode::kMissingField,
               "questions[2].code");
  EXPECT_ERROR(with([](Category& c) { c.questions[3].code = "bin_type"; }), ErrorCode::kInvalidField,
               "questions[3].code");
  EXPECT_ERROR(with([](Category& c) { c.questions[1].prompt = ""; }), ErrorCode::kMissingField,
               "questions[1].prompt");
  EXPECT_ERROR(with([](Category& c) { c.questions[0].options.clear(); }), ErrorCode::kInvalidField,
               "questions[0].options");
  EXPECT_ERROR(with([](Category& c) { c.questions[1].options.clear(); }), ErrorCode::kInvalidField,
               "questions[1].options");
  EXPECT_ERROR(with([](Category& c) { c.questions[2].options = {{"one", "One"}}; }), ErrorCode::kInvalidField,
               "questions[2].options");
  EXPECT_ERROR(with([](Category& c) { c.questions[0].options[1].key = ""; }), ErrorCode::kInvalidField,
               "questions[0].options");
  EXPECT_ERROR(with([](Category& c) { c.questions[0].options[2].key = "general"; }), ErrorCode::kInvalidField,
               "questions[0].options");
}

// --- validate_answers -------------------------------------------------------------------

Answers answers(std::initializer_list<std::pair<const std::string, std::vector<std::string>>> a) {
  return Answers(a);
}

TEST(ValidateAnswers, RequiredQuestionsMustBeAnswered) {
  const Category c = missed_bin();
  EXPECT_ERROR(validate_answers(c, {}), ErrorCode::kMissingField, "answers.bin_type");
  EXPECT_ERROR(validate_answers(c, answers({{"bin_type", {}}})), ErrorCode::kMissingField, "answers.bin_type");
  // "" is how clients send an unanswered question.
  EXPECT_ERROR(validate_answers(c, answers({{"bin_type", {""}}})), ErrorCode::kMissingField,
               "answers.bin_type");
  EXPECT_ERROR(validate_answers(c, answers({{"colour", {"blue"}}})), ErrorCode::kMissingField,
               "answers.bin_type");
  auto r = validate_answers(c, answers({{"bin_type", {"recycling"}}}));
  ASSERT_TRUE(r.ok()) << r.error().message;
  EXPECT_EQ(*r, answers({{"bin_type", {"recycling"}}}));
}

TEST(ValidateAnswers, EmptyOptionalAnswersAreDropped) {
  auto r = validate_answers(missed_bin(), answers({{"bin_type", {"garden"}},
                                                   {"notes", {""}},
                                                   {"bags", {""}},
                                                   {"contents", {"", "glass", ""}},
                                                   {"noticed_at", {}}}));
  ASSERT_TRUE(r.ok()) << r.error().message;
  EXPECT_EQ(*r, answers({{"bin_type", {"garden"}}, {"contents", {"glass"}}}));
}

TEST(ValidateAnswers, ListsTakeTheirOptionKeys) {
  const Category c = missed_bin();
  EXPECT_ERROR(validate_answers(c, answers({{"bin_type", {"plastic"}}})), ErrorCode::kInvalidField,
               "answers.bin_type");
  EXPECT_ERROR(validate_answers(c, answers({{"bin_type", {"Recycling"}}})), ErrorCode::kInvalidField,
               "answers.bin_type");  // the name shown, not the key
  EXPECT_ERROR(validate_answers(c, answers({{"bin_type", {"general", "garden"}}})), ErrorCode::kInvalidField,
               "answers.bin_type");  // single value
  auto multi = validate_answers(c, answers({{"bin_type", {"general"}}, {"contents", {"paper", "cans"}}}));
  ASSERT_TRUE(multi.ok());
  EXPECT_EQ(multi->at("contents"), (std::vector<std::string>{"paper", "cans"}));
  EXPECT_ERROR(validate_answers(c, answers({{"bin_type", {"general"}}, {"contents", {"paper", "wood"}}})),
               ErrorCode::kInvalidField, "answers.contents");
  // Free-text questions are single-valued too.
  EXPECT_ERROR(validate_answers(c, answers({{"bin_type", {"general"}}, {"colour", {"blue", "green"}}})),
               ErrorCode::kInvalidField, "answers.colour");
}

TEST(ValidateAnswers, NumbersMustBeNumbers) {
  const Category c = missed_bin();
  for (const char* ok : {"3", "0", "-2.5", "+4", ".5", "5.", "1e3", "2.5E-2"}) {
    EXPECT_OK(validate_answers(c, answers({{"bin_type", {"general"}}, {"bags", {ok}}})));
  }
  for (const char* bad : {"three", "3 bags", " 5", "5 ", "1,000", "0x10", "nan", "NaN", "inf", "-infinity",
                          "1e999", "-", ".", "e5", "1e", "£5"}) {
    EXPECT_ERROR(validate_answers(c, answers({{"bin_type", {"general"}}, {"bags", {bad}}})),
                 ErrorCode::kInvalidField, "answers.bags");
  }
}

TEST(ValidateAnswers, DatetimesMustParse) {
  const Category c = missed_bin();
  for (const char* ok : {"2026-03-31", "2026-03-31T10:00:00Z", "2026-03-31 10:00", "2026-03-31T10:00:00+01:00",
                         "2024-02-29"}) {
    EXPECT_OK(validate_answers(c, answers({{"bin_type", {"general"}}, {"noticed_at", {ok}}})));
  }
  for (const char* bad : {"31/03/2026", "2026-02-30", "yesterday", "2026-03-31T25:00", "2026-3-31",
                          "2026-03-31T10:00:00 BST"}) {
    EXPECT_ERROR(validate_answers(c, answers({{"bin_type", {"general"}}, {"noticed_at", {bad}}})),
                 ErrorCode::kInvalidField, "answers.noticed_at");
  }
}

TEST(ValidateAnswers, UnknownQuestionsAndLongAnswers) {
  const Category c = missed_bin();
  EXPECT_ERROR(validate_answers(c, answers({{"bin_type", {"general"}}, {"size", {"large"}}})),
               ErrorCode::kUnknownField, "answers.size");
  Category none = c;
  none.questions.clear();
  EXPECT_OK(validate_answers(none, {}));
  EXPECT_ERROR(validate_answers(none, answers({{"bin_type", {"general"}}})), ErrorCode::kUnknownField,
               "answers.bin_type");
  EXPECT_OK(validate_answers(c, answers({{"bin_type", {"general"}}, {"notes", {std::string(2000, 'n')}}})));
  EXPECT_ERROR(validate_answers(c, answers({{"bin_type", {"general"}}, {"notes", {std::string(2001, 'n')}}})),
               ErrorCode::kInvalidField, "answers.notes");
}

TEST(CatalogueEnums, WireNames) {
  const std::pair<OfficerRole, const char*> roles[] = {{OfficerRole::kAdvisor, "advisor"},
                                                       {OfficerRole::kOfficer, "officer"},
                                                       {OfficerRole::kLead, "lead"},
                                                       {OfficerRole::kManager, "manager"},
                                                       {OfficerRole::kAdministrator, "administrator"}};
  for (auto [v, name] : roles) {
    EXPECT_EQ(to_string(v), name);
    auto r = parse_officer_role(name);
    ASSERT_TRUE(r.ok());
    EXPECT_EQ(*r, v);
  }
  EXPECT_ERROR(parse_officer_role("admin"), ErrorCode::kInvalidField, "role");
  // Open311 datatypes.
  const std::pair<QuestionType, const char*> types[] = {{QuestionType::kString, "string"},
                                                        {QuestionType::kNumber, "number"},
                                                        {QuestionType::kDatetime, "datetime"},
                                                        {QuestionType::kText, "text"},
                                                        {QuestionType::kSingleValueList, "singlevaluelist"},
                                                        {QuestionType::kMultiValueList, "multivaluelist"}};
  for (auto [v, name] : types) {
    EXPECT_EQ(to_string(v), name);
    auto r = parse_question_type(name);
    ASSERT_TRUE(r.ok());
    EXPECT_EQ(*r, v);
  }
  EXPECT_ERROR(parse_question_type("list"), ErrorCode::kInvalidField, "datatype");
}

}  // namespace
}  // namespace civicdesk

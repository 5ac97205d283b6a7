// Encodings of compound values kept in single TEXT columns (JSON), and of
// dates. Decoding tolerates what encoding produces and reports anything else
// as internal corruption rather than crashing.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/result.h"
#include "domain/case.h"
#include "domain/catalogue.h"
#include "domain/sla.h"

namespace civicdesk::sql {

std::string encode_answers(const Answers& a);
Answers decode_answers(std::string_view text);

std::string encode_questions(const std::vector<Question>& qs);
std::vector<Question> decode_questions(std::string_view text);

std::string encode_policy(const SlaPolicy& p);
SlaPolicy decode_policy(std::string_view text);

std::string encode_details(const std::map<std::string, std::string>& d);
std::map<std::string, std::string> decode_details(std::string_view text);

// Dates as 'YYYY-MM-DD' text; NULL for nullopt.
std::optional<std::string> encode_date(const std::optional<LocalDate>& d);
std::optional<LocalDate> decode_date(std::string_view text);

}  // namespace civicdesk::sql

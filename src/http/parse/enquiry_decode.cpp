#include "http/parse/enquiry_decode.h"

#include "http/parse/json_reader.h"

namespace civicdesk::http {

namespace {

constexpr int64_t kMaxId = int64_t{1} << 53;

LocalDate read_date(JsonReader& r, std::string_view key) {
  const std::string text = r.required_string(key, 10);
  if (text.empty()) return LocalDate{};
  auto d = parse_date(text);
  if (!d) r.fail(invalid_field(r.path(key), "Give a date like 2026-03-31"));
  return d.value_or(LocalDate{});
}

}  // namespace

Result<NewTask> decode_task(std::string_view body) {
  return decode<NewTask>(body, [](JsonReader& r) {
    NewTask t;
    t.delivery_unit = r.required_string("delivery_unit", 64);
    t.team = r.string("team", 64).value_or("");
    t.officer_id = r.integer("officer_id", 1, kMaxId);
    t.description = r.string("description", 10000, true).value_or("");
    return t;
  });
}

Result<RouteRequest> decode_route(std::string_view body) {
  return decode<RouteRequest>(body, [](JsonReader& r) {
    RouteRequest x;
    x.delivery_unit = r.required_string("delivery_unit", 64);
    x.team = r.string("team", 64).value_or("");
    x.officer_id = r.integer("officer_id", 1, kMaxId);
    x.category = r.string("category", 64).value_or("");
    x.note = r.string("note", 2000, true).value_or("");
    return x;
  });
}

Result<std::string> decode_reason(std::string_view body, std::string_view field, bool required) {
  return decode<std::string>(body, [&](JsonReader& r) {
    return required ? r.required_string(field, 2000, true) : r.string(field, 2000, true).value_or("");
  });
}

Result<ResponseInput> decode_response(std::string_view body) {
  return decode<ResponseInput>(body, [](JsonReader& r) {
    ResponseInput x;
    x.text = r.required_string("text", 10000, true);
    x.confidential = r.boolean("confidential");
    return x;
  });
}

Result<DelayNotice> decode_delay(std::string_view body) {
  return decode<DelayNotice>(body, [](JsonReader& r) {
    DelayNotice d;
    d.reason = r.required_string("reason", 2000, true);
    d.revised_date = read_date(r, "revised_date");
    d.budget_issue = r.boolean("budget_issue").value_or(false);
    return d;
  });
}

Result<DiaryInput> decode_diary(std::string_view body) {
  return decode<DiaryInput>(body, [](JsonReader& r) {
    DiaryInput d;
    d.date = read_date(r, "date");
    d.reason = r.required_string("reason", 2000, true);
    return d;
  });
}

Result<ApprovalRequest> decode_approval_request(std::string_view body) {
  return decode<ApprovalRequest>(body, [](JsonReader& r) {
    ApprovalRequest a;
    if (!r.has("kind")) r.fail(missing_field("kind"));
    a.kind = r.parsed<ApprovalKind>("kind", parse_approval_kind).value_or(ApprovalKind::kReopen);
    a.reason = r.required_string("reason", 2000, true);
    a.new_type = r.parsed<CaseType>("type", parse_case_type);
    a.new_category = r.string("category", 64).value_or("");
    if (a.kind == ApprovalKind::kReopen && (a.new_type || !a.new_category.empty()))
      r.fail(invalid_field("kind", "A re-open request changes no classification; ask for \"reclassify\""));
    return a;
  });
}

Result<DecisionInput> decode_decision(std::string_view body) {
  return decode<DecisionInput>(body, [](JsonReader& r) {
    DecisionInput d;
    const std::string decision = r.required_string("decision", 20);
    if (decision == "approve") d.approve = true;
    else if (!decision.empty() && decision != "refuse")
      r.fail(invalid_field("decision", "Use \"approve\" or \"refuse\""));
    d.note = r.string("note", 2000, true).value_or("");
    return d;
  });
}

Result<std::vector<Id>> decode_officer_ids(std::string_view body) {
  return decode<std::vector<Id>>(body, [](JsonReader& r) {
    std::vector<Id> out;
    const nlohmann::json* ids = r.raw("officer_ids");
    if (!ids) {
      r.fail(missing_field("officer_ids"));
      return out;
    }
    if (!ids->is_array() || ids->size() > 20) {
      r.fail(invalid_field("officer_ids", "Give a list of at most 20 officer ids"));
      return out;
    }
    for (size_t i = 0; i < ids->size(); ++i) {
      const auto& v = (*ids)[i];
      if (!v.is_number_integer() || v.get<int64_t>() < 1 || v.get<int64_t>() > kMaxId) {
        r.fail(invalid_field("officer_ids[" + std::to_string(i) + "]", "Must be an officer id"));
        return out;
      }
      out.push_back(v.get<int64_t>());
    }
    return out;
  });
}

}  // namespace civicdesk::http

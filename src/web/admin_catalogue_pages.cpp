// The service catalogue at /admin/services (docs/pages.md, "Administration"):
// add a service (category), change its details and routing, and add,
// change, reorder or remove its questions. Every change is one
// CatalogueService::put_category (validated, audited as catalogue.change).
//
// Existing cases keep their answers readable: a question's code never
// changes, a choice keeps its key while its words stay the same, a changed
// or new choice never takes a key the question used before, and a kind of
// answer only changes to one whose answers read the same (short and long
// text, one or several choices). A removed question's answers stay on the
// cases that have them.
#include <algorithm>
#include <set>

#include "web/admin_common.h"
#include "web/questions.h"

namespace civicdesk::web {

namespace {

// The kinds of question an administrator can add, in the order offered.
constexpr QuestionType kQuestionTypes[] = {QuestionType::kString, QuestionType::kText, QuestionType::kNumber,
                                           QuestionType::kSingleValueList, QuestionType::kMultiValueList};

bool is_list(QuestionType t) { return t == QuestionType::kSingleValueList || t == QuestionType::kMultiValueList; }

// Kinds whose stored answers read the same.
int family(QuestionType t) {
  switch (t) {
    case QuestionType::kString:
    case QuestionType::kText: return 0;
    case QuestionType::kNumber: return 1;
    case QuestionType::kDatetime: return 2;
    default: return 3;
  }
}

std::string qtype_label(const Page& page, QuestionType t) { return page.text("admin.qtype_" + std::string(to_string(t))); }

template <typename Map>
Fields::Choices choices_of(const Map& items) {
  Fields::Choices out;
  for (const auto& [code, item] : items) out.push_back({code, item.name});
  return out;
}

std::string service_path(const std::string& code) { return "/admin/services/" + seg(code); }

// ---- a service's details (new and existing) ----

mstch::array detail_fields(const Page& page, const CatalogueSnapshot& cat, const Category& c, bool is_new,
                           const Fields& fs) {
  mstch::array out{fs.input("name", "admin.service_name", "admin.service_name_hint", c.name)};
  if (is_new) out.push_back(fs.input("code", "admin.cat.code", "admin.cat.code_hint", c.code, "govuk-input--width-20"));
  out.push_back(fs.textarea("description", "admin.cat.description", "admin.cat.description_hint", c.description, 3));
  Fields::Choices parents{{"", page.text("admin.cat.no_parent")}};
  for (const auto& [code, other] : cat.categories)
    if (code != c.code && other.parent.empty()) parents.push_back({code, other.name});
  out.push_back(fs.select("parent", "admin.cat.parent", "admin.cat.parent_hint", parents, c.parent));
  out.push_back(fs.select("delivery_unit", "admin.col_unit", "admin.unit_hint", choices_of(cat.delivery_units),
                          c.delivery_unit));
  out.push_back(fs.select("sla_policy", "admin.col_policy", "admin.cat.policy_hint", choices_of(cat.policies), c.sla_policy));
  out.push_back(fs.yes_no("active", "admin.service_active_legend", "", c.active));
  // A new service's answers are chosen, not assumed (GOV.UK: no pre-selected radios).
  const Fields::Choices yes_no{{"yes", page.text("admin.active_yes")}, {"no", page.text("admin.active_no")}};
  auto answer = [&](bool v) { return is_new ? std::string() : std::string(v ? "yes" : "no"); };
  out.push_back(fs.radios("location_required", "admin.cat.location_legend", "admin.cat.location_hint", yes_no,
                          answer(c.location_required), true));
  out.push_back(fs.radios("restricted", "admin.cat.restricted_legend", "admin.cat.restricted_hint", yes_no,
                          answer(c.restricted), true));
  // A long list, needed for restricted services only: folded away otherwise.
  Fields::Choices teams;
  for (const auto& [code, t] : cat.teams) teams.push_back({code, t.name});
  out.push_back(fs.folded(fs.checkboxes("teams", "admin.cat.teams_legend", "admin.cat.teams_hint", teams, c.visible_to_teams),
                          "admin.cat.teams_summary", fs.value("restricted", c.restricted ? "yes" : "") == "yes"));
  return out;
}

// Reads the details form into `c`. On an existing service a yes/no left
// out of the form keeps its value (so do the teams with `restricted`).
FormErrors read_details(const Form& f, const CatalogueSnapshot& cat, Category& c, bool is_new) {
  FormErrors errors = read_name_and_code(
      f, is_new, [&](const std::string& code) { return cat.categories.count(code) > 0; }, "admin.cat.errors.code_taken",
      c.name, c.code);
  if (f.has("description")) c.description = trimmed(f.get("description"));
  if (c.description.size() > 2000) errors.push_back({"description", "admin.cat.errors.description_long"});
  if (f.has("parent")) c.parent = f.get("parent");
  if (!c.parent.empty() && (c.parent == c.code || !cat.categories.count(c.parent)))
    errors.push_back({"parent", "admin.cat.errors.parent_invalid"});
  auto yes_no = [&](const std::string& name, bool& out, const char* key) {
    const std::string& v = f.get(name);
    if (v == "yes" || v == "no") out = v == "yes";
    else if (is_new || f.has(name)) errors.push_back({name, key});
  };
  if (!cat.delivery_units.count(f.get("delivery_unit"))) errors.push_back({"delivery_unit", "admin.errors.unit_missing"});
  else c.delivery_unit = f.get("delivery_unit");
  if (!cat.policies.count(f.get("sla_policy"))) errors.push_back({"sla_policy", "admin.errors.policy_missing"});
  else c.sla_policy = f.get("sla_policy");
  yes_no("active", c.active, "admin.errors.service_active_missing");
  yes_no("location_required", c.location_required, "admin.cat.errors.location_missing");
  const bool was_restricted = c.restricted;
  yes_no("restricted", c.restricted, "admin.cat.errors.restricted_missing");
  if (f.has("restricted") || is_new) {
    c.visible_to_teams.clear();
    if (c.restricted) {
      bool unknown = false;
      for (const auto& t : f.all("teams")) {
        if (cat.teams.count(t)) c.visible_to_teams.push_back(t);
        else unknown = true;
      }
      if (unknown) errors.push_back({"teams", "admin.cat.errors.teams_invalid"});
      else if (c.visible_to_teams.empty()) errors.push_back({"teams", "admin.cat.errors.teams_missing"});
      if (!was_restricted && !c.forward_to.empty()) errors.push_back({"restricted", "admin.cat.errors.restricted_forwarded"});
    }
  }
  return errors;
}

const std::vector<Refusal> kDetailRefusals = {
    {ErrorKind::kInvalidArgument, "parent", {"parent", "admin.cat.errors.parent_invalid"}},
    {ErrorKind::kInvalidArgument, "description", {"description", "admin.cat.errors.description_long"}},
    {ErrorKind::kInvalidArgument, "", {"name", "admin.errors.service_rejected"}},
    {ErrorKind::kNotFound, "delivery_unit", {"delivery_unit", "admin.errors.unit_missing"}},
};

http::Response new_service_page(const Page& page, const CatalogueSnapshot& cat, const Form& typed,
                                const FormErrors& errors, int status) {
  mstch::map c = page.context("admin.cat.new_title");
  Category blank;
  blank.active = true;
  if (!cat.delivery_units.empty()) blank.delivery_unit = cat.delivery_units.begin()->first;
  if (!cat.policies.empty()) blank.sla_policy = cat.policies.begin()->first;
  const Fields fs(page, typed, errors);
  c["form"] = mstch::map{{"action", std::string("/admin/services/new")},
                         {"fields", detail_fields(page, cat, blank, true, fs)},
                         {"button", page.text("admin.cat.create")}};
  page.add_errors(c, errors);
  return page.html(status, "admin_new_service", c);
}

// ---- questions ----

// The question form's fields; `q` is the question changed (nullptr: a new one).
mstch::array question_fields(const Page& page, const Question* q, const Fields& fs) {
  Fields::Choices types;
  for (QuestionType t : kQuestionTypes) types.push_back({std::string(to_string(t)), qtype_label(page, t)});
  if (q && family(q->type) == 2) types.push_back({std::string(to_string(q->type)), qtype_label(page, q->type)});
  std::string options;
  if (q)
    for (const auto& o : q->options) options += (options.empty() ? "" : "\n") + o.name;
  return mstch::array{
      fs.input("q_prompt", "admin.question_prompt", "admin.question_prompt_hint", q ? q->prompt : ""),
      fs.radios("q_type", "admin.question_type", q ? "admin.cat.type_change_hint" : "", types,
                q ? std::string(to_string(q->type)) : ""),
      fs.textarea("q_options", "admin.question_options", q ? "admin.cat.options_change_hint" : "admin.question_options_hint",
                  options),
      fs.radios("q_required", "admin.question_required", "",
                {{"yes", page.text("admin.active_yes")}, {"no", page.text("admin.active_no")}},
                q ? (q->required ? "yes" : "no") : "", true)};
}

// The question from the form's q_* fields; field errors when it is not one.
// `old` is the question being changed (its code, order and keys are kept),
// nullptr for a new one added at the end.
FormErrors read_question(const Form& f, const Category& c, const Question* old, Question& q) {
  FormErrors errors;
  if (old) q = *old;
  q.prompt = trimmed(f.get("q_prompt"));
  if (q.prompt.empty()) errors.push_back({"q_prompt", "admin.errors.prompt_missing"});
  else if (q.prompt.size() > 500) errors.push_back({"q_prompt", "admin.errors.prompt_long"});
  auto type = parse_question_type(f.get("q_type"));
  const bool offered = type && (std::find(std::begin(kQuestionTypes), std::end(kQuestionTypes), *type) !=
                                    std::end(kQuestionTypes) ||
                                (old && *type == old->type));
  if (!offered) errors.push_back({"q_type", "admin.errors.type_missing"});
  else if (old && family(*type) != family(old->type)) errors.push_back({"q_type", "admin.cat.errors.type_change"});
  else q.type = *type;
  const bool list = offered && is_list(*type);
  // Keys the question had: kept for the same words, never given to others.
  std::map<std::string, std::string> key_of;
  std::set<std::string> used;
  if (old)
    for (const auto& o : old->options) key_of.emplace(o.name, o.key), used.insert(o.key);
  q.options.clear();
  std::set<std::string> names;
  for (std::string_view rest = f.get("q_options"); list && !rest.empty();) {
    const size_t nl = rest.find('\n');
    const std::string name = trimmed(rest.substr(0, nl));
    rest = nl == std::string_view::npos ? std::string_view() : rest.substr(nl + 1);
    if (name.empty() || !names.insert(name).second) continue;
    std::string key;
    if (auto k = key_of.find(name); k != key_of.end()) key = k->second;
    else {
      key = code_from(name);
      for (int n = 2; used.count(key); ++n) key = code_from(name) + "_" + std::to_string(n);
      used.insert(key);
    }
    q.options.push_back(QuestionOption{key, name});
  }
  if (list && q.options.empty()) errors.push_back({"q_options", "admin.errors.options_missing"});
  if (list && q.options.size() > 50) errors.push_back({"q_options", "admin.errors.options_many"});
  if (f.get("q_required") != "yes" && f.get("q_required") != "no")
    errors.push_back({"q_required", "admin.errors.required_missing"});
  q.required = f.get("q_required") == "yes";
  if (old) return errors;
  std::set<std::string> codes;
  int order = 0;
  for (const auto& existing : c.questions) {
    codes.insert(existing.code);
    order = std::max(order, existing.order);
  }
  q.code = code_from(q.prompt);
  for (int n = 2; codes.count(q.code); ++n) q.code = code_from(q.prompt) + "_" + std::to_string(n);
  q.order = order + 1;
  return errors;
}

// A service's page. `which` names the form that was posted ("details" or
// "question"): only that one shows what was typed.
http::Response service_page(const Page& page, const http::Request& req, const CatalogueSnapshot& cat,
                            const Category& c, const std::string& which, const Form& typed, const FormErrors& errors,
                            int status) {
  mstch::map ctx = page.context("admin.category_title");
  ctx["title"] = page.format("admin.category_title", {{"name", c.name}});
  ctx["code"] = c.code;
  ctx["current_name"] = c.name;
  const Form none;
  const Fields details(page, which == "details" ? typed : none, errors);
  ctx["details"] = mstch::map{{"action", service_path(c.code)},
                              {"fields", detail_fields(page, cat, c, false, details)},
                              {"button", page.text("admin.save")}};
  mstch::array questions;
  const auto ordered = ordered_questions(c);
  for (size_t i = 0; i < ordered.size(); ++i) {
    const Question& q = ordered[i];
    questions.push_back(mstch::map{{"prompt", q.prompt},
                                   {"kind", qtype_label(page, q.type)},
                                   {"required", page.text(q.required ? "admin.active_yes" : "admin.active_no")},
                                   {"href", service_path(c.code) + "/questions/" + seg(q.code)},
                                   {"move", service_path(c.code) + "/questions/" + seg(q.code) + "/move"},
                                   {"up", i > 0},
                                   {"down", i + 1 < ordered.size()},
                                   {"movable", ordered.size() > 1}});
  }
  ctx["questions"] = questions;
  ctx["has_questions"] = !questions.empty();
  const Fields add(page, which == "question" ? typed : none, errors);
  ctx["add_question"] = mstch::map{{"action", service_path(c.code) + "/questions"},
                                   {"fields", question_fields(page, nullptr, add)},
                                   {"button", page.text("admin.add_question")}};
  ctx["messages_href"] = service_path(c.code) + "/messages";
  if (req.query == "added=1") ctx["banner"] = mstch::map{{"text", page.text("admin.question_added")}};
  add_done_banner(page, req, ctx);
  page.add_errors(ctx, errors);
  return page.html(status, "admin_category", ctx);
}

http::Response question_page(const Page& page, const Category& c, const Question& q, const Form& typed,
                             const FormErrors& errors, int status) {
  mstch::map ctx = page.context("admin.cat.question_title");
  ctx["service"] = c.name;
  ctx["back"] = service_path(c.code);
  ctx["prompt"] = q.prompt;
  const Fields fs(page, typed, errors);
  ctx["form"] = mstch::map{{"action", service_path(c.code) + "/questions/" + seg(q.code)},
                           {"fields", question_fields(page, &q, fs)},
                           {"button", page.text("admin.save")}};
  ctx["remove"] = service_path(c.code) + "/questions/" + seg(q.code) + "/remove";
  page.add_errors(ctx, errors);
  return page.html(status, "admin_question", ctx);
}

// The service and (when the path names one) its question, or the 404 page.
struct Found {
  std::shared_ptr<const CatalogueSnapshot> cat;
  Category c;
  const Question* q = nullptr;
};
Result<Found> find(WebDeps& deps, const http::Request& req, bool question) {
  ASSIGN_OR_RETURN(auto cat, deps.services.catalogue.snapshot(req.ctx));
  auto it = cat->categories.find(req.param("code"));
  if (it == cat->categories.end()) return not_found("No such service");
  Found out{cat, it->second, nullptr};
  if (!question) return out;
  for (const auto& q : it->second.questions)
    if (q.code == req.param("question")) out.q = &q;
  if (!out.q) return not_found("No such question");
  return out;
}

void add_service_routes(http::Router& r, WebDeps& deps) {
  admin_get(r, deps, "/admin/services", [&deps](Page& page, http::Request& req) -> Result<http::Response> {
    ASSIGN_OR_RETURN(auto cat, deps.services.catalogue.snapshot(req.ctx));
    mstch::array rows;
    for (const auto& [code, c] : cat->categories) {
      auto unit = cat->delivery_units.find(c.delivery_unit);
      auto policy = cat->policies.find(c.sla_policy);
      rows.push_back(mstch::map{
          {"name", c.name},
          {"href", service_path(code)},
          {"unit", unit == cat->delivery_units.end() ? c.delivery_unit : unit->second.name},
          {"policy", policy == cat->policies.end() ? c.sla_policy : policy->second.name},
          {"status", page.text(c.active ? "admin.active" : "admin.inactive")},
          {"status_class", std::string(c.active ? "govuk-tag--green" : "govuk-tag--grey")}});
    }
    mstch::map c = page.context("admin.services_title");
    c["categories"] = rows;
    if (req.query == "saved=1") c["banner"] = mstch::map{{"text", page.text("admin.saved")}};
    add_done_banner(page, req, c);
    return page.html(200, "admin_services", c);
  });

  admin_get(r, deps, "/admin/services/new", [&deps](Page& page, http::Request& req) -> Result<http::Response> {
    ASSIGN_OR_RETURN(auto cat, deps.services.catalogue.snapshot(req.ctx));
    return new_service_page(page, *cat, Form{}, {}, 200);
  });

  admin_post(r, deps, "/admin/services/new", [&deps](Page& page, http::Request& req, const Form& f) -> Result<http::Response> {
    ASSIGN_OR_RETURN(auto cat, deps.services.catalogue.snapshot(req.ctx));
    Category c;
    const FormErrors errors = read_details(f, *cat, c, true);
    const Again again = [&](const FormErrors& e, int status) { return new_service_page(page, *cat, f, e, status); };
    if (!errors.empty()) return again(errors, 400);
    return settle(page, deps.services.catalogue.put_category(req.ctx, c), service_path(c.code) + "?done=service_created",
                  again, kDetailRefusals);
  });

  admin_get(r, deps, "/admin/services/{code}", [&deps](Page& page, http::Request& req) -> Result<http::Response> {
    ASSIGN_OR_RETURN(Found s, find(deps, req, false));
    return service_page(page, req, *s.cat, s.c, "", Form{}, {}, 200);
  });

  admin_post(r, deps, "/admin/services/{code}", [&deps](Page& page, http::Request& req, const Form& f) -> Result<http::Response> {
    ASSIGN_OR_RETURN(Found s, find(deps, req, false));
    Category c = s.c;
    const FormErrors errors = read_details(f, *s.cat, c, false);
    const Again again = [&](const FormErrors& e, int status) {
      return service_page(page, req, *s.cat, s.c, "details", f, e, status);
    };
    if (!errors.empty()) return again(errors, 400);
    return settle(page, deps.services.catalogue.put_category(req.ctx, c), "/admin/services?saved=1", again,
                  kDetailRefusals);
  });
}

void add_question_routes(http::Router& r, WebDeps& deps) {
  // A new question goes at the end (its code and the choices' keys made
  // from the words; the other questions are kept as they are).
  admin_post(r, deps, "/admin/services/{code}/questions",
             [&deps](Page& page, http::Request& req, const Form& f) -> Result<http::Response> {
               ASSIGN_OR_RETURN(Found s, find(deps, req, false));
               Category c = s.c;
               Question q;
               const FormErrors errors = read_question(f, c, nullptr, q);
               const Again again = [&](const FormErrors& e, int status) {
                 return service_page(page, req, *s.cat, s.c, "question", f, e, status);
               };
               if (!errors.empty()) return again(errors, 400);
               c.questions.push_back(q);
               return settle(page, deps.services.catalogue.put_category(req.ctx, c), service_path(c.code) + "?added=1",
                             again, {{ErrorKind::kInvalidArgument, "", {"q_prompt", "admin.errors.question_rejected"}}});
             });

  admin_get(r, deps, "/admin/services/{code}/questions/{question}",
            [&deps](Page& page, http::Request& req) -> Result<http::Response> {
              ASSIGN_OR_RETURN(Found s, find(deps, req, true));
              return question_page(page, s.c, *s.q, Form{}, {}, 200);
            });

  admin_post(r, deps, "/admin/services/{code}/questions/{question}",
             [&deps](Page& page, http::Request& req, const Form& f) -> Result<http::Response> {
               ASSIGN_OR_RETURN(Found s, find(deps, req, true));
               Category c = s.c;
               Question q;
               const FormErrors errors = read_question(f, c, s.q, q);
               const Again again = [&](const FormErrors& e, int status) {
                 return question_page(page, s.c, *s.q, f, e, status);
               };
               if (!errors.empty()) return again(errors, 400);
               for (auto& existing : c.questions)
                 if (existing.code == q.code) existing = q;
               return settle(page, deps.services.catalogue.put_category(req.ctx, c),
                             service_path(c.code) + "?done=question_changed#questions", again,
                             {{ErrorKind::kInvalidArgument, "", {"q_prompt", "admin.errors.question_rejected"}}});
             });

  // Removing asks nothing more: the answers cases already have stay on them.
  admin_post(r, deps, "/admin/services/{code}/questions/{question}/remove",
             [&deps](Page& page, http::Request& req, const Form&) -> Result<http::Response> {
               ASSIGN_OR_RETURN(Found s, find(deps, req, true));
               Category c = s.c;
               const std::string code = s.q->code;
               std::erase_if(c.questions, [&](const Question& q) { return q.code == code; });
               RETURN_IF_ERROR(deps.services.catalogue.put_category(req.ctx, c));
               return page.redirect(service_path(c.code) + "?done=question_removed#questions");
             });

  // Up or down one place; the order is renumbered 1, 2, 3...
  admin_post(r, deps, "/admin/services/{code}/questions/{question}/move",
             [&deps](Page& page, http::Request& req, const Form& f) -> Result<http::Response> {
               ASSIGN_OR_RETURN(Found s, find(deps, req, true));
               const std::string& direction = f.get("direction");
               if (direction != "up" && direction != "down") return page.error(invalid_field("direction", "up or down"));
               Category c = s.c;
               c.questions = ordered_questions(c);
               auto at = std::find_if(c.questions.begin(), c.questions.end(),
                                      [&](const Question& q) { return q.code == s.q->code; });
               const size_t i = static_cast<size_t>(at - c.questions.begin());
               if (direction == "up" && i > 0) std::swap(c.questions[i], c.questions[i - 1]);
               if (direction == "down" && i + 1 < c.questions.size()) std::swap(c.questions[i], c.questions[i + 1]);
               for (size_t n = 0; n < c.questions.size(); ++n) c.questions[n].order = static_cast<int>(n + 1);
               RETURN_IF_ERROR(deps.services.catalogue.put_category(req.ctx, c));
               return page.redirect(service_path(c.code) + "?done=question_moved#questions");
             });
}

}  // namespace

void add_admin_catalogue_routes(http::Router& r, WebDeps& deps) {
  add_service_routes(r, deps);
  add_question_routes(r, deps);
}

}  // namespace civicdesk::web

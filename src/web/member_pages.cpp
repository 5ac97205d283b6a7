// Councillors' pages (Members' Enquiries, docs/members-enquiries.md): "My
// enquiries", raising an enquiry for a resident (question pages, check your
// answers, confirmation), one enquiry with its timeline as the member may see
// it and the chase and escalate actions, and the enquiries in their ward.
// Every journey works without JavaScript. Only councillors (users with a
// member record) use them; what each may see is app/'s rule (domain/access.h).
//
// Raising keeps everything typed so far in hidden fields of each page's form
// (as report_pages.cpp does): a validation error or a "Change" from check
// your answers never loses a half-completed enquiry, and nothing is stored
// until it is sent.
#include <algorithm>

#include "app/on_behalf.h"
#include "http/parse/query.h"
#include "web/page.h"
#include "web/people_form.h"

namespace civicdesk::web {

namespace {

constexpr std::string_view kSteps[] = {"resident", "subject",      "questions", "location", "description",
                                       "copies",   "confidential", "check"};
constexpr int kPageSize = 25;

bool councillor(const http::Request& req) {
  const Principal& p = req.ctx.principal;
  return p.kind == Principal::Kind::kUser && p.role == Role::kCouncillor && p.member_id.has_value();
}

// Signed out: sign in first. Signed in as someone else: a page saying these
// pages are for councillors. nullopt: go ahead.
std::optional<http::Response> refuse_unless_councillor(const Page& page, const http::Request& req,
                                                       const std::string& back) {
  if (!page.signed_in()) return page.sign_in_first(back);
  if (!councillor(req)) return page.message_page(403, "errors.forbidden_title", "member.councillors_only");
  return std::nullopt;
}

std::string day_text(const Page& page, LocalDate d) {
  const std::chrono::year_month_day ymd{d};
  return std::to_string(static_cast<unsigned>(ymd.day())) + " " +
         page.text("dates.month_" + std::to_string(static_cast<unsigned>(ymd.month()))) + " " +
         std::to_string(static_cast<int>(ymd.year()));
}

std::string status_tag_class(CaseStatus s) {
  switch (s) {
    case CaseStatus::kNew: return "govuk-tag--blue";
    case CaseStatus::kInProgress: return "govuk-tag--yellow";
    case CaseStatus::kAwaitingCustomer: return "govuk-tag--orange";
    case CaseStatus::kClosed: return "govuk-tag--grey";
  }
  return "";
}

std::string place(const Location& l) {
  std::string s = l.address;
  if (!l.postcode.empty()) s += (s.empty() ? "" : ", ") + l.postcode;
  return s;
}

// One enquiry as a row or a summary: dates in working days, status, delay
// notice, overdue.
mstch::map enquiry_summary(const Page& page, const CatalogueSnapshot& cat, const CaseView& v) {
  const Case& c = v.c;
  auto category = cat.categories.find(c.category);
  mstch::map m{
      {"reference", c.reference},
      {"href", "/member/enquiries/" + c.reference},
      {"subject", c.title.empty() ? c.description.substr(0, 80) : c.title},
      {"category", category == cat.categories.end() ? c.category : category->second.name},
      {"description", c.description},
      {"raised", page.long_date(c.received_at)},
      {"respond_by", c.clock.respond_by ? day_text(page, *c.clock.respond_by) : page.text("member.no_date")},
      {"close_by", c.clock.resolve_by ? day_text(page, *c.clock.resolve_by) : page.text("member.no_date")},
      {"status", page.text("status." + std::string(to_string(c.status)))},
      {"status_class", status_tag_class(c.status)},
      {"place", place(c.location)},
      {"has_place", !place(c.location).empty()},
      {"overdue", v.resolve.state == SlaState::kOverdue},
      {"confidential", c.enquiry.confidential},
      {"escalated", c.enquiry.escalated_at.has_value()},
      {"chasers", std::to_string(c.enquiry.chasers)},
      {"open", is_open(c.status)},
      {"mine", c.member_id == page.ctx().principal.member_id},
  };
  if (c.enquiry.delay_advised_at) {
    m["delay"] = true;
    m["delay_text"] = c.enquiry.revised_due_on
                          ? page.format("member.delay_until", {{"date", day_text(page, *c.enquiry.revised_due_on)}})
                          : page.text("member.delay_advised");
  }
  if (auto mem = cat.members.find(c.member_id.value_or(0)); mem != cat.members.end()) m["member"] = mem->second.name;
  return m;
}

std::string query_value(const http::Request& req, std::string_view key) {
  auto q = http::QueryReader::parse(req.query);
  if (!q) return "";
  return q->string(key, 40).value_or("");
}

// My enquiries (ward: false) or the ward's (true), filtered and paged.
Result<http::Response> list_page(WebDeps& deps, const http::Request& req, bool ward) {
  Page page(deps, req);
  const std::string base = ward ? "/member/ward" : "/member/enquiries";
  if (auto no = refuse_unless_councillor(page, req, base)) return *no;
  const Principal& p = req.ctx.principal;
  std::string show = query_value(req, "show");
  if (show != "closed" && show != "all") show = "open";
  CaseFilter f;
  f.type = CaseType::kMemberEnquiry;
  f.sort = CaseSort::kNewest;
  f.limit = kPageSize;
  if (show == "open") f.open_only = true;
  if (show == "closed") f.status = CaseStatus::kClosed;
  if (ward) f.ward = p.ward.empty() ? "-" : p.ward;  // no ward: nothing, not everything
  else f.member_id = p.member_id;
  const std::string after = query_value(req, "after");
  if (!after.empty()) {
    char* end = nullptr;
    const long long id = std::strtoll(after.c_str(), &end, 10);
    if (end != after.c_str() + after.size() || id <= 0) return page.message_page(404, "errors.not_found_title", "errors.not_found_body");
    f.after = CaseCursor{CaseSort::kNewest, id, ""};
  }
  ASSIGN_OR_RETURN(CasePage cases, deps.services.cases.list(req.ctx, f));
  ASSIGN_OR_RETURN(auto cat, deps.services.catalogue.snapshot(req.ctx));
  mstch::array items;
  for (const auto& v : cases.items) items.push_back(enquiry_summary(page, *cat, v));
  mstch::map c = page.context(ward ? "member.ward_title" : "member.list_title");
  if (ward) {
    auto w = cat->wards.find(p.ward);
    c["title"] = page.format("member.ward_title_named", {{"ward", w == cat->wards.end() ? p.ward : w->second.name}});
  }
  c["ward_page"] = ward;
  c["enquiries"] = items;
  c["has_enquiries"] = !items.empty();
  mstch::array filters;
  for (std::string_view s : {"open", "closed", "all"})
    filters.push_back(mstch::map{{"href", base + "?show=" + std::string(s)},
                                 {"text", page.text("member.show_" + std::string(s))},
                                 {"current", show == s}});
  c["filters"] = filters;
  c["shown"] = page.text("member.showing_" + show);
  if (cases.next) c["next_href"] = base + "?show=" + show + "&after=" + std::to_string(cases.next->last_id);
  if (!after.empty()) c["first_href"] = base + "?show=" + show;
  return page.html(200, "member_enquiries", c);
}

// ---- raising an enquiry ----------------------------------------------------------

// Categories a councillor may raise about: active, not restricted, with no
// subcategories, by name.
std::vector<const Category*> raisable(const CatalogueSnapshot& cat) {
  std::map<std::string, bool> has_children;
  for (const auto& [code, c] : cat.categories)
    if (!c.parent.empty()) has_children[c.parent] = true;
  std::vector<const Category*> out;
  for (const auto& [code, c] : cat.categories)
    if (c.active && !c.restricted && !has_children[code]) out.push_back(&c);
  std::sort(out.begin(), out.end(), [](auto* a, auto* b) { return a->name < b->name; });
  return out;
}

const Category* chosen(const CatalogueSnapshot& cat, const Form& f) {
  for (const Category* c : raisable(cat))
    if (c->code == f.get("category")) return c;
  return nullptr;
}

std::vector<Question> ordered_questions(const Category& c) {
  std::vector<Question> qs = c.questions;
  std::stable_sort(qs.begin(), qs.end(), [](const Question& a, const Question& b) { return a.order < b.order; });
  return qs;
}

// The category's questions as answered (the same fields as report_pages.cpp).
Answers answers_from(const Category& c, const Form& f) {
  Answers a;
  for (const auto& q : c.questions) {
    std::vector<std::string> values;
    for (auto& v : f.all("answers." + q.code))
      if (!trimmed(v).empty()) values.push_back(trimmed(v));
    if (!values.empty()) a[q.code] = values;
  }
  return a;
}

FormErrors check_answers(const Category& c, const Form& f) {
  auto checked = validate_answers(c, answers_from(c, f));
  if (checked) return {};
  std::string code = checked.error().field;
  if (code.rfind("answers.", 0) == 0) code = code.substr(8);
  return {{"q-" + code, checked.error().code == ErrorCode::kMissingField ? "errors.answer_missing"
                                                                         : "errors.answer_invalid"}};
}

mstch::array question_items(const Page& page, const Category& c, const Form& f, const FormErrors& errors) {
  mstch::array qs;
  for (const auto& q : ordered_questions(c)) {
    const auto given = f.all("answers." + q.code);
    mstch::array options;
    for (const auto& o : q.options)
      options.push_back(mstch::map{{"key", o.key},
                                   {"label", o.name},
                                   {"id", options.empty() ? "q-" + q.code : "q-" + q.code + "-" + o.key},
                                   {"checked", std::find(given.begin(), given.end(), o.key) != given.end()}});
    mstch::map m{{"code", q.code},         {"name", "answers." + q.code},
                 {"id", "q-" + q.code},    {"prompt", q.prompt},
                 {"optional", !q.required}, {"value", given.empty() ? std::string() : given.front()},
                 {"options", options}};
    for (const auto& e : errors)
      if (e.field == "q-" + q.code) m["error"] = page.text(e.message_key);
    switch (q.type) {
      case QuestionType::kSingleValueList: m["radios"] = true; break;
      case QuestionType::kMultiValueList: m["checkboxes"] = true; break;
      case QuestionType::kText: m["textarea"] = true; break;
      case QuestionType::kNumber: m["number"] = true; break;
      case QuestionType::kDatetime: m["date"] = true; break;
      case QuestionType::kString: m["input"] = true; break;
    }
    qs.push_back(m);
  }
  return qs;
}

FormErrors check_step(const CatalogueSnapshot& cat, std::string_view step, const Form& f) {
  if (step == "resident") return check_person(f, false);
  if (step == "subject") {
    FormErrors e;
    if (!chosen(cat, f)) e.push_back({"category", "errors.category_missing"});
    for (auto& x : check_text_field(f, "subject", "member.errors.subject_missing", 200)) e.push_back(x);
    return e;
  }
  if (step == "questions") {
    const Category* c = chosen(cat, f);
    return c ? check_answers(*c, f) : FormErrors{};
  }
  if (step == "location") {
    FormErrors e = check_location(f, false);
    const Category* c = chosen(cat, f);
    if (c && c->location_required && trimmed(f.get("street")).empty())
      e.insert(e.begin(), {"street", "errors.street_missing"});
    return e;
  }
  if (step == "description") return check_description(f);
  if (step == "copies") return check_copies(f, "copies");
  if (step == "confidential") return check_yes_no(f, "confidential", "member.errors.confidential_missing");
  return {};
}

mstch::array hidden(const Form& f, const std::vector<std::string>& on_page) {
  mstch::array out;
  for (const auto& [name, value] : f.values()) {
    if (name == "csrf" || name == "step" || name == "goto") continue;
    if (std::find(on_page.begin(), on_page.end(), name) != on_page.end()) continue;
    out.push_back(mstch::map{{"name", name}, {"value", value}});
  }
  return out;
}

std::vector<std::string> fields_of(std::string_view step, const CatalogueSnapshot* cat = nullptr,
                                   const Form& f = Form{}) {
  if (step == "resident") return {"person_name", "person_email", "person_phone", "person_address", "person_postcode"};
  if (step == "subject") return {"category", "subject"};
  if (step == "location") return {"street", "postcode"};
  if (step == "questions") {
    std::vector<std::string> out;
    if (const Category* c = cat ? chosen(*cat, f) : nullptr)
      for (const auto& q : c->questions) out.push_back("answers." + q.code);
    return out;
  }
  if (step == "description") return {"description"};
  if (step == "copies") return {"copies"};
  if (step == "confidential") return {"confidential"};
  return {};
}

http::Response show_step(const Page& page, const CatalogueSnapshot& cat, std::string_view step, const Form& f,
                         const FormErrors& errors) {
  mstch::map c = page.context("member.new_" + std::string(step) + "_title");
  c["title_plain"] = page.text("member.new_" + std::string(step) + "_title");
  Page::add_values(c, f);
  page.add_errors(c, errors);
  c["step"] = std::string(step);
  c["step_" + std::string(step)] = true;
  c["hidden"] = hidden(f, fields_of(step, &cat, f));
  if (step == "questions") {
    const Category* category = chosen(cat, f);
    c["questions"] = category ? question_items(page, *category, f, errors) : mstch::array{};
    c["category_name"] = category ? category->name : std::string();
    return page.html(errors.empty() ? 200 : 400, "member_questions", c);
  }
  if (step == "subject") {
    mstch::array options;
    for (const Category* cat_item : raisable(cat))
      options.push_back(mstch::map{{"code", cat_item->code}, {"name", cat_item->name},
                                   {"selected", f.get("category") == cat_item->code}});
    c["categories"] = options;
  }
  if (step == "location") {
    const Category* chosen_category = chosen(cat, f);
    c["street_required"] = chosen_category && chosen_category->location_required;
  }
  if (step == "confidential") {
    c["confidential_yes"] = f.get("confidential") == "yes";
    c["confidential_no"] = f.get("confidential") == "no";
  }
  if (step == "check") {
    mstch::array rows;
    auto row = [&](const std::string& key, const std::string& value, std::string_view to) {
      rows.push_back(mstch::map{{"key", page.text("member." + key)},
                                {"value", value.empty() ? page.text("member.not_given") : value},
                                {"step", std::string(to)},
                                {"change", page.text("member.change")}});
    };
    std::string contact;
    for (const std::string field : {"person_email", "person_phone", "person_address", "person_postcode"}) {
      const std::string v = trimmed(f.get(field));
      if (!v.empty()) contact += (contact.empty() ? "" : ", ") + v;
    }
    const Category* category = chosen(cat, f);
    row("summary_resident", trimmed(f.get("person_name")), "resident");
    row("summary_contact", contact, "resident");
    row("summary_category", category ? category->name : "", "subject");
    row("summary_subject", trimmed(f.get("subject")), "subject");
    if (category)
      for (const auto& q : ordered_questions(*category)) {
        std::string joined;
        for (const auto& v : f.all("answers." + q.code)) {
          std::string name = v;
          for (const auto& o : q.options)
            if (o.key == v) name = o.name;
          if (!trimmed(name).empty()) joined += (joined.empty() ? "" : ", ") + trimmed(name);
        }
        rows.push_back(mstch::map{{"key", q.prompt},
                                  {"value", joined.empty() ? page.text("member.not_given") : joined},
                                  {"step", std::string("questions")},
                                  {"change", page.text("member.change")}});
      }
    std::string where = trimmed(f.get("street"));
    if (!trimmed(f.get("postcode")).empty()) where += (where.empty() ? "" : ", ") + trimmed(f.get("postcode"));
    row("summary_location", where, "location");
    row("summary_description", trimmed(f.get("description")), "description");
    std::string copies;
    for (const auto& e : email_list(f.get("copies"))) copies += (copies.empty() ? "" : ", ") + e;
    row("summary_copies", copies, "copies");
    row("summary_confidential", page.text(f.get("confidential") == "yes" ? "member.yes" : "member.no"),
        "confidential");
    c["summary"] = rows;
  }
  return page.html(errors.empty() ? 200 : 400, "member_new", c);
}

// The page a use case's complaint about a field belongs on.
std::pair<std::string, FieldError> field_for(const Error& e) {
  const std::string& f = e.field;
  if (f == "person.email") return {"resident", {"person_email", "errors.email_invalid"}};
  if (f == "person.phone") return {"resident", {"person_phone", "member.errors.phone_invalid"}};
  if (f == "person.postcode") return {"resident", {"person_postcode", "errors.postcode_invalid"}};
  if (f.rfind("person", 0) == 0) return {"resident", {"person_name", "errors.name_missing"}};
  if (f.rfind("location", 0) == 0) return {"location", {"street", "errors.location_rejected"}};
  if (f.rfind("watchers", 0) == 0) return {"copies", {"copies", "member.errors.copies_invalid"}};
  if (f.rfind("answers", 0) == 0) return {"questions", {"q-" + f.substr(f.find('.') + 1), "errors.answer_invalid"}};
  if (f == "category") return {"subject", {"category", "errors.category_missing"}};
  if (f == "title") return {"subject", {"subject", "member.errors.subject_missing"}};
  return {"description", {"description", "errors.description_rejected"}};
}

// ---- one enquiry ---------------------------------------------------------------

// What the member may see of each timeline entry, in words, and who it went to.
mstch::map event_entry(const Page& page, const CaseEvent& e, const std::string& sent_to) {
  std::string what, text, extra;
  bool sent = false;
  auto detail = [&](const std::string& k) {
    auto it = e.details.find(k);
    return it == e.details.end() ? std::string() : it->second;
  };
  if (e.kind == event_kind::kReceived) {
    what = page.text("member.event_raised");
    sent = true;
  } else if (e.kind == event_kind::kResponded) {
    what = page.text("member.event_response");
    text = detail("text");
    sent = true;
  } else if (e.kind == event_kind::kDelayAdvised) {
    std::string date = detail("revised_date");
    if (auto d = parse_date(date)) date = day_text(page, *d);
    what = page.format("member.event_delay", {{"date", date}});
    text = detail("reason");
    if (detail("budget_issue") == "true") extra = page.text("member.event_budget");
    sent = true;
  } else if (e.kind == event_kind::kChased) {
    what = page.text("member.event_chased");
    text = detail("note");
  } else if (e.kind == event_kind::kEscalated) {
    what = page.format("member.event_escalated", {{"officer", detail("officer")}});
    text = detail("reason");
    sent = true;
  } else if (e.kind == event_kind::kStatusChanged && page.has_text("status." + detail("to"))) {
    what = page.format("request.event_status", {{"status", page.text("status." + detail("to"))}});
    sent = detail("to") == "closed";
  } else if (e.kind == event_kind::kNote) {
    what = page.text(e.actor.rfind("member:", 0) == 0 ? "member.event_your_note" : "member.event_council_note");
    text = detail("text");
  } else {
    what = page.text("request.event_other");
  }
  mstch::map m{{"date", page.long_date(e.at)}, {"what", what}, {"text", text}, {"has_text", !text.empty()}};
  if (!extra.empty()) m["extra"] = extra;
  if (sent && !sent_to.empty()) m["sent_to"] = sent_to;
  return m;
}

Result<http::Response> enquiry_page(WebDeps& deps, const http::Request& req, const Page& page, const Form& typed,
                                    const FormErrors& errors, int status) {
  const std::string& ref = req.param("reference");
  ASSIGN_OR_RETURN(CaseView v, deps.services.cases.get(req.ctx, ref));
  if (v.c.type != CaseType::kMemberEnquiry) return page.message_page(404, "errors.not_found_title", "errors.not_found_body");
  ASSIGN_OR_RETURN(Timeline tl, deps.services.cases.timeline(req.ctx, ref, Visibility::kPublic));
  // Who is copied in: shown to the member who raised it (others of the ward do not see it).
  std::vector<Watcher> watchers;
  const bool mine = v.c.member_id == req.ctx.principal.member_id;
  if (mine) {
    ASSIGN_OR_RETURN(watchers, deps.services.cases.watchers(req.ctx, ref));
  }
  ASSIGN_OR_RETURN(auto cat, deps.services.catalogue.snapshot(req.ctx));
  mstch::map c = page.context("member.enquiry_title");
  c["enquiry"] = enquiry_summary(page, *cat, v);
  c["title"] = page.format("member.enquiry_title", {{"reference", v.c.reference}});
  mstch::array copied;
  for (const auto& w : watchers) {
    std::string who = w.name;
    if (w.kind == WatcherKind::kEmail) who = w.email;
    else if (w.kind == WatcherKind::kMember)
      if (auto m = cat->members.find(w.ref_id.value_or(0)); m != cat->members.end()) who = m->second.name;
    if (who.empty()) who = page.text("member.someone");
    copied.push_back(mstch::map{{"who", who}});
  }
  c["copied"] = copied;
  c["show_copied"] = mine;
  c["has_copied"] = !copied.empty();
  const std::string sent_to =
      !mine ? std::string()
      : v.c.enquiry.confidential || copied.empty()
          ? page.text("member.sent_member_only")
          : page.format("member.sent_member_and_copied", {{"count", std::to_string(copied.size())}});
  mstch::array events;
  for (auto it = tl.events.rbegin(); it != tl.events.rend(); ++it) events.push_back(event_entry(page, *it, sent_to));
  c["events"] = events;
  c["open"] = is_open(v.c.status);
  c["can_escalate"] = !v.c.parent_id.has_value();
  const std::string done = query_value(req, "done");
  if (done == "chased" || done == "escalated") c["done_" + done] = true;
  Page::add_values(c, typed);
  page.add_errors(c, errors);
  return page.html(status, "member_enquiry", c);
}

}  // namespace

void add_member_routes(http::Router& r, WebDeps& deps) {
  r.add("GET", "/member", [&deps](http::Request& req) -> Result<http::Response> {
    return Page(deps, req).redirect("/member/enquiries");
  });
  r.add("GET", "/member/enquiries", [&deps](http::Request& req) { return list_page(deps, req, false); });
  r.add("GET", "/member/ward", [&deps](http::Request& req) { return list_page(deps, req, true); });

  r.add("GET", "/member/enquiries/new", [&deps](http::Request& req) -> Result<http::Response> {
    Page page(deps, req);
    if (auto no = refuse_unless_councillor(page, req, "/member/enquiries/new")) return *no;
    ASSIGN_OR_RETURN(auto cat, deps.services.catalogue.snapshot(req.ctx));
    return show_step(page, *cat, "resident", Form{}, {});
  });

  r.add("POST", "/member/enquiries/new", [&deps](http::Request& req) -> Result<http::Response> {
    Page page(deps, req);
    if (auto no = refuse_unless_councillor(page, req, "/member/enquiries/new")) return *no;
    ASSIGN_OR_RETURN(Form f, Form::parse(req.body));
    if (!page.csrf_ok(f)) return page.bad_token();
    ASSIGN_OR_RETURN(auto cat, deps.services.catalogue.snapshot(req.ctx));
    // "Change" on check your answers.
    const std::string& go = f.get("goto");
    if (std::find(std::begin(kSteps), std::end(kSteps), go) != std::end(kSteps)) return show_step(page, *cat, go, f, {});
    const std::string step = f.get("step");
    auto at = std::find(std::begin(kSteps), std::end(kSteps), step);
    if (at == std::end(kSteps)) return show_step(page, *cat, "resident", f, {});
    // Every page up to this one must be right (a hand-made form cannot skip one).
    for (auto s = std::begin(kSteps); s != std::next(at) && *s != "check"; ++s)
      if (FormErrors e = check_step(*cat, *s, f); !e.empty()) return show_step(page, *cat, *s, f, e);
    if (step != "check") {
      std::string_view next = *std::next(at);
      const Category* category = chosen(*cat, f);
      if (next == "questions" && (!category || category->questions.empty())) next = "location";
      return show_step(page, *cat, next, f, {});
    }

    NewCase in;
    in.type = CaseType::kMemberEnquiry;
    in.category = f.get("category");
    in.channel = Channel::kWebform;
    in.title = trimmed(f.get("subject"));
    in.description = trimmed(f.get("description"));
    in.location.address = trimmed(f.get("street"));
    in.location.postcode = trimmed(f.get("postcode"));
    // Raised for the member's own residents: in their ward, which other
    // members of the ward see (unless it is confidential).
    in.location.ward = req.ctx.principal.ward;
    in.confidential = f.get("confidential") == "yes";
    if (const Category* category = chosen(*cat, f)) in.answers = answers_from(*category, f);
    for (const auto& email : email_list(f.get("copies"))) {
      Watcher w;
      w.kind = WatcherKind::kEmail;
      w.email = email;
      in.watchers.push_back(w);
    }
    PersonDetails person{trimmed(f.get("person_name")), trimmed(f.get("person_email")),
                         trimmed(f.get("person_phone")), trimmed(f.get("person_address")),
                         trimmed(f.get("person_postcode"))};
    auto made = create_for_person(deps.services, req.ctx, in, person);
    if (!made) {
      // The council's own checks: back to the page that can fix it, with everything kept.
      if (kind_of(made.error().code) != ErrorKind::kInvalidArgument) return page.error(made.error());
      auto [to, error] = field_for(made.error());
      return show_step(page, *cat, to, f, {error});
    }
    // Post/redirect/get: refreshing the confirmation never raises it twice.
    return page.redirect("/member/enquiries/" + made->c.reference + "/raised");
  });

  r.add("GET", "/member/enquiries/{reference}/raised", [&deps](http::Request& req) -> Result<http::Response> {
    Page page(deps, req);
    if (auto no = refuse_unless_councillor(page, req, req.path)) return *no;
    ASSIGN_OR_RETURN(CaseView v, deps.services.cases.get(req.ctx, req.param("reference")));
    ASSIGN_OR_RETURN(auto cat, deps.services.catalogue.snapshot(req.ctx));
    mstch::map c = page.context("member.raised_title");
    c["enquiry"] = enquiry_summary(page, *cat, v);
    return page.html(200, "member_raised", c);
  });

  r.add("GET", "/member/enquiries/{reference}", [&deps](http::Request& req) -> Result<http::Response> {
    Page page(deps, req);
    if (auto no = refuse_unless_councillor(page, req, req.path)) return *no;
    return enquiry_page(deps, req, page, Form{}, {}, 200);
  });

  // Chase (a note required) and escalate (a reason required).
  for (const std::string action : {"chase", "escalate"}) {
    r.add("POST", "/member/enquiries/{reference}/" + action,
          [&deps, action](http::Request& req) -> Result<http::Response> {
            Page page(deps, req);
            const std::string back = "/member/enquiries/" + req.param("reference");
            if (auto no = refuse_unless_councillor(page, req, back)) return *no;
            ASSIGN_OR_RETURN(Form f, Form::parse(req.body));
            if (!page.csrf_ok(f)) return page.bad_token();
            const std::string field = action == "chase" ? "note" : "reason";
            const bool chase = action == "chase";
            FormErrors errors = check_text_field(
                f, field, chase ? "member.errors.note_missing" : "member.errors.reason_missing", 2000);
            if (!errors.empty()) return enquiry_page(deps, req, page, f, errors, 400);
            const std::string text = trimmed(f.get(field));
            auto done = action == "chase" ? deps.services.enquiries.chase(req.ctx, req.param("reference"), text)
                                          : deps.services.enquiries.escalate(req.ctx, req.param("reference"), text);
            if (!done) {
              const ErrorKind kind = kind_of(done.error().code);
              if (kind == ErrorKind::kFailedPrecondition || done.error().code == ErrorCode::kCaseClosed)
                return enquiry_page(deps, req, page, f, {{field, chase ? "member.errors.chase_refused" : "member.errors.escalate_refused"}}, 409);
              if (kind == ErrorKind::kInvalidArgument)
                return enquiry_page(deps, req, page, f, {{field, chase ? "member.errors.chase_refused" : "member.errors.escalate_refused"}}, 400);
              return page.error(done.error());
            }
            return page.redirect(back + "?done=" + (action == "chase" ? "chased" : "escalated"));
          });
  }
}

}  // namespace civicdesk::web

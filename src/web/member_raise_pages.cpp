// Raising a Members' Enquiry for a resident (/member/enquiries/new), one
// question per page: who it is for -> the service and a subject -> the
// service's own questions (if any) -> where -> description -> people to copy
// in -> confidential? -> check your answers -> confirmation with the
// reference and the due dates. No JavaScript needed.
//
// Everything typed so far travels in hidden fields of each page's form (as
// report_pages.cpp does): a validation error or a "Change" from check your
// answers never loses a half-completed enquiry, every earlier page is checked
// again on each post, and nothing is stored until it is sent.
#include <algorithm>

#include "app/on_behalf.h"
#include "web/member_common.h"
#include "web/people_form.h"
#include "web/questions.h"

namespace civicdesk::web {

namespace {

using member::enquiry_summary;
using member::refuse_unless_councillor;

constexpr std::string_view kSteps[] = {"resident", "subject",      "questions", "location", "description",
                                       "copies",   "confidential", "check"};


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

}  // namespace

void add_member_raise_routes(http::Router& r, WebDeps& deps) {
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

}

}  // namespace civicdesk::web

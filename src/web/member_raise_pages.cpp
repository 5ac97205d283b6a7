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
#include <cctype>
#include <set>

#include "app/on_behalf.h"
#include "web/member_common.h"
#include "web/people_form.h"
#include "web/questions.h"

namespace civicdesk::web {

namespace {

using member::enquiry_summary;
using member::refuse_unless_councillor;

// What the pages know beyond the form: the catalogue, the people the
// councillor raised enquiries for, and the councillor.
struct RaiseContext {
  const CatalogueSnapshot& cat;
  const std::vector<KnownPerson>& known;
  std::optional<Id> self;  // the councillor's member id (not offered to copy in)
};

constexpr size_t kMaxCopiedPeople = 20;

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

// The person chosen from those the councillor raised enquiries for, if any.
const KnownPerson* known_person(const RaiseContext& rc, const Form& f) {
  const std::string& k = f.get("person_known");
  for (const auto& p : rc.known)
    if (std::to_string(p.customer_id) == k) return &p;
  return nullptr;
}

bool offered_member(const RaiseContext& rc, const std::string& id) {
  for (const auto& [mid, m] : rc.cat.members)
    if (m.active && mid != rc.self && std::to_string(mid) == id) return true;
  return false;
}

bool offered_officer(const RaiseContext& rc, const std::string& id) {
  for (const auto& [oid, o] : rc.cat.officers)
    if (o.active && std::to_string(oid) == id) return true;
  return false;
}

FormErrors check_copy_people(const RaiseContext& rc, const Form& f) {
  const auto members = f.all("copy_member");
  const auto officers = f.all("copy_officer");
  for (const auto& id : members)
    if (!offered_member(rc, id)) return {{"copy_people", "member_people.errors.unknown"}};
  for (const auto& id : officers)
    if (!offered_officer(rc, id)) return {{"copy_people", "member_people.errors.unknown"}};
  if (members.size() + officers.size() > kMaxCopiedPeople) return {{"copy_people", "member_people.errors.too_many"}};
  return {};
}

FormErrors check_step(const RaiseContext& rc, std::string_view step, const Form& f) {
  const CatalogueSnapshot& cat = rc.cat;
  if (step == "resident") {
    // With people to choose from, one of them or "someone else" must be chosen.
    if (!rc.known.empty()) {
      const std::string& k = f.get("person_known");
      // Nothing chosen but a name typed (without JavaScript every field shows): someone else.
      if (k.empty() && trimmed(f.get("person_name")).empty())
        return {{"person_known", "member_people.errors.known_missing"}};
      if (!k.empty() && k != "new") return known_person(rc, f) ? FormErrors{} : FormErrors{{"person_known", "member_people.errors.known_invalid"}};
    }
    return check_person(f, false);
  }
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
  if (step == "copies") {
    FormErrors e = check_copy_people(rc, f);
    for (auto& x : check_copies(f, "copies")) e.push_back(x);
    return e;
  }
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
  if (step == "resident")
    return {"person_known", "person_name", "person_email", "person_phone", "person_address", "person_postcode"};
  if (step == "subject") return {"category", "subject"};
  if (step == "location") return {"street", "postcode"};
  if (step == "questions") {
    std::vector<std::string> out;
    if (const Category* c = cat ? chosen(*cat, f) : nullptr)
      for (const auto& q : c->questions) out.push_back("answers." + q.code);
    return out;
  }
  if (step == "description") return {"description"};
  if (step == "copies") return {"copies", "copy_member", "copy_officer"};
  if (step == "confidential") return {"confidential"};
  return {};
}

std::string lower(std::string s) {
  for (char& ch : s) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
  return s;
}

// The councillors (but this one) and officers to copy in, by name: two
// groups of checkboxes, filtered as you type with JavaScript.
mstch::array people_groups(const Page& page, const RaiseContext& rc, const Form& f) {
  const auto chosen_members = f.all("copy_member");
  const auto chosen_officers = f.all("copy_officer");
  bool first = true;
  auto item = [&](const std::string& field, Id id, const std::string& name, const std::string& hint,
                  const std::vector<std::string>& chosen) {
    const std::string value = std::to_string(id);
    // The first box carries the id the error summary links to.
    const std::string elem_id = first ? "copy_people" : field + "-" + value;
    first = false;
    return mstch::map{{"field", field},
                      {"id", value},
                      {"elem_id", elem_id},
                      {"name", name},
                      {"hint", hint},
                      {"search", lower(name + " " + hint)},
                      {"checked", std::find(chosen.begin(), chosen.end(), value) != chosen.end()}};
  };
  std::vector<std::pair<std::string, Id>> members, officers;
  for (const auto& [id, m] : rc.cat.members)
    if (m.active && id != rc.self) members.push_back({m.name, id});
  for (const auto& [id, o] : rc.cat.officers)
    if (o.active) officers.push_back({o.name, id});
  std::sort(members.begin(), members.end());
  std::sort(officers.begin(), officers.end());
  mstch::array groups;
  if (!members.empty()) {
    mstch::array items;
    for (const auto& [name, id] : members) {
      const Member& m = rc.cat.members.at(id);
      auto ward = rc.cat.wards.find(m.ward);
      items.push_back(item("copy_member", id, name, ward == rc.cat.wards.end() ? m.ward : ward->second.name,
                           chosen_members));
    }
    groups.push_back(mstch::map{{"name", page.text("member_people.councillors")}, {"items", items}});
  }
  if (!officers.empty()) {
    mstch::array items;
    for (const auto& [name, id] : officers) {
      const Officer& o = rc.cat.officers.at(id);
      auto du = rc.cat.delivery_units.find(o.delivery_unit);
      items.push_back(item("copy_officer", id, name, du == rc.cat.delivery_units.end() ? o.delivery_unit : du->second.name,
                           chosen_officers));
    }
    groups.push_back(mstch::map{{"name", page.text("member_people.officers")}, {"items", items}});
  }
  return groups;
}

// Everyone copied in, in words: names chosen, then email addresses.
std::string copied_names(const RaiseContext& rc, const Form& f) {
  std::string out;
  auto add = [&](const std::string& s) { out += (out.empty() ? "" : ", ") + s; };
  for (const auto& id : f.all("copy_member"))
    for (const auto& [mid, m] : rc.cat.members)
      if (std::to_string(mid) == id) add(m.name);
  for (const auto& id : f.all("copy_officer"))
    for (const auto& [oid, o] : rc.cat.officers)
      if (std::to_string(oid) == id) add(o.name);
  for (const auto& e : email_list(f.get("copies"))) add(e);
  return out;
}

http::Response show_step(const Page& page, const RaiseContext& rc, std::string_view step, const Form& f,
                         const FormErrors& errors) {
  const CatalogueSnapshot& cat = rc.cat;
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
  if (step == "resident") {
    mstch::array known;
    for (size_t i = 0; i < rc.known.size(); ++i) {
      const KnownPerson& p = rc.known[i];
      const std::string id = std::to_string(p.customer_id);
      known.push_back(mstch::map{
          {"id", id},
          {"elem_id", i == 0 ? std::string("person_known") : "person_known-" + id},
          {"name", p.name},
          {"hint", page.format("member_people.known_last", {{"reference", p.last_reference},
                                                            {"date", page.long_date(p.last_raised)}})},
          {"checked", f.get("person_known") == id}});
    }
    c["known"] = known;
    c["has_known"] = !known.empty();
    c["someone_else"] = f.get("person_known") == "new";
  }
  if (step == "copies") {
    mstch::array groups = people_groups(page, rc, f);
    c["has_people"] = !groups.empty();
    c["people_groups"] = groups;
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
    if (const KnownPerson* known = f.get("person_known") != "new" ? known_person(rc, f) : nullptr) {
      row("summary_resident", known->name, "resident");
      row("summary_contact", page.text("member_people.on_record"), "resident");
    } else {
      row("summary_resident", trimmed(f.get("person_name")), "resident");
      row("summary_contact", contact, "resident");
    }
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
    row("summary_copies", copied_names(rc, f), "copies");
    row("summary_confidential", page.text(f.get("confidential") == "yes" ? "member.yes" : "member.no"),
        "confidential");
    c["summary"] = rows;
  }
  return page.html(errors.empty() ? 200 : 400, "member_new", c);
}

// The page a use case's complaint about a field belongs on.
std::pair<std::string, FieldError> field_for(const Error& e) {
  const std::string& f = e.field;
  if (f == "person.customer_id") return {"resident", {"person_known", "member_people.errors.known_invalid"}};
  if (f == "id") return {"copies", {"copy_people", "member_people.errors.unknown"}};
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
    ASSIGN_OR_RETURN(auto known, people_raised_for(deps.services, req.ctx));
    return show_step(page, RaiseContext{*cat, known, req.ctx.principal.member_id}, "resident", Form{}, {});
  });

  r.add("POST", "/member/enquiries/new", [&deps](http::Request& req) -> Result<http::Response> {
    Page page(deps, req);
    if (auto no = refuse_unless_councillor(page, req, "/member/enquiries/new")) return *no;
    ASSIGN_OR_RETURN(Form f, Form::parse(req.body));
    if (!page.csrf_ok(f)) return page.bad_token();
    ASSIGN_OR_RETURN(auto snapshot, deps.services.catalogue.snapshot(req.ctx));
    ASSIGN_OR_RETURN(auto known, people_raised_for(deps.services, req.ctx));
    const RaiseContext rc{*snapshot, known, req.ctx.principal.member_id};
    // "Change" on check your answers.
    const std::string& go = f.get("goto");
    if (std::find(std::begin(kSteps), std::end(kSteps), go) != std::end(kSteps)) return show_step(page, rc, go, f, {});
    const std::string step = f.get("step");
    auto at = std::find(std::begin(kSteps), std::end(kSteps), step);
    if (at == std::end(kSteps)) return show_step(page, rc, "resident", f, {});
    // Every page up to this one must be right (a hand-made form cannot skip one).
    for (auto s = std::begin(kSteps); s != std::next(at) && *s != "check"; ++s)
      if (FormErrors e = check_step(rc, *s, f); !e.empty()) return show_step(page, rc, *s, f, e);
    if (step != "check") {
      std::string_view next = *std::next(at);
      const Category* category = chosen(rc.cat, f);
      if (next == "questions" && (!category || category->questions.empty())) next = "location";
      return show_step(page, rc, next, f, {});
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
    if (const Category* category = chosen(rc.cat, f)) in.answers = answers_from(*category, f);
    for (const auto& [field, kind] : {std::pair{"copy_member", WatcherKind::kMember}, {"copy_officer", WatcherKind::kOfficer}})
      for (const std::vector<std::string> ids = f.all(field); const auto& id : std::set<std::string>(ids.begin(), ids.end())) {
        Watcher w;
        w.kind = kind;
        w.ref_id = std::stoll(id);  // checked above: the id of someone offered
        in.watchers.push_back(w);
      }
    for (const auto& email : email_list(f.get("copies"))) {
      Watcher w;
      w.kind = WatcherKind::kEmail;
      w.email = email;
      in.watchers.push_back(w);
    }
    PersonDetails person;
    const KnownPerson* known_one = f.get("person_known") != "new" ? known_person(rc, f) : nullptr;
    if (known_one) {
      person.customer_id = known_one->customer_id;
    } else {
      person.name = trimmed(f.get("person_name"));
      person.email = trimmed(f.get("person_email"));
      person.phone = trimmed(f.get("person_phone"));
      person.address = trimmed(f.get("person_address"));
      person.postcode = trimmed(f.get("person_postcode"));
    }
    auto made = create_for_person(deps.services, req.ctx, in, person);
    if (!made) {
      // The council's own checks: back to the page that can fix it, with everything kept.
      if (kind_of(made.error().code) != ErrorKind::kInvalidArgument) return page.error(made.error());
      auto [to, error] = field_for(made.error());
      return show_step(page, rc, to, f, {error});
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

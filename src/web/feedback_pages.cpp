// Residents' "Make an enquiry", "Make a complaint" and "Pay a compliment"
// (/enquiry, /complaint, /compliment): what it is about and what happened ->
// how to reply (guests only: a name and an email address or UK phone number)
// -> check your answers -> confirmation with the reference and when to expect
// an answer. Signed-in residents send as themselves (the request then shows
// in My requests); guests through app/on_behalf.h, which finds or records
// them as a customer. No JavaScript needed; everything typed travels in
// hidden fields until it is sent, as in report_pages.cpp.
//
// Each journey is a case of its type (general_enquiry, complaint,
// compliment) in the council's category for it: the first of the codes in
// kKinds that the catalogue has (the demo council's "general-enquiry",
// "complaint", "compliment"). Complaints run on the council's "complaint"
// policy (the statutory stage 1 timescales, DOMAIN.md), and start at stage 1.
#include <algorithm>

#include "app/on_behalf.h"
#include "domain/text.h"
#include "http/parse/query.h"  // percent_encode
#include "web/member_common.h"
#include "web/people_form.h"

namespace civicdesk::web {

namespace {

struct Kind {
  std::string_view path;  // "complaint": /complaint, texts under feedback.complaint
  CaseType type;
  std::vector<std::string_view> categories;  // the council's category for it, first found
};

const Kind kKinds[] = {
    {"enquiry", CaseType::kGeneralEnquiry, {"general-enquiry", "general"}},
    {"complaint", CaseType::kComplaint, {"complaint"}},
    {"compliment", CaseType::kCompliment, {"compliment", "compliments"}},
};

const Category* category_for(const CatalogueSnapshot& cat, const Kind& kind) {
  for (auto code : kind.categories)
    if (auto it = cat.categories.find(std::string(code)); it != cat.categories.end() && it->second.active &&
                                                          !it->second.restricted)
      return &it->second;
  return nullptr;
}

using member::query_value;

FormErrors check_details(const Form& f) {
  FormErrors e;
  const std::string about = trimmed(f.get("about"));
  if (about.size() > 800) e.push_back({"about", "member.errors.text_long"});  // bytes: at most 200 characters of 4 bytes
  // Worded for these journeys, not "describe the problem".
  for (auto& x : check_description(f))
    e.push_back({x.field, x.message_key == "errors.description_missing" ? "feedback.description_missing"
                                                                        : x.message_key});
  return e;
}

class FeedbackFlow {
 public:
  FeedbackFlow(const Page& page, const Kind& kind) : page_(page), kind_(kind), prefix_("feedback." + std::string(kind.path) + ".") {}

  http::Response show(std::string_view step, const Form& f, const FormErrors& errors) const {
    const std::string title_key = prefix_ + std::string(step) + "_title";
    mstch::map c = page_.context(title_key);
    c["title_plain"] = page_.text(title_key);
    Page::add_values(c, f);
    page_.add_errors(c, errors);
    c["kind"] = std::string(kind_.path);
    c["action"] = "/" + std::string(kind_.path);
    c["step"] = std::string(step);
    c["step_" + std::string(step)] = true;
    c["about_label"] = page_.text(prefix_ + "about_label");
    c["about_hint"] = page_.text(prefix_ + "about_hint");
    c["description_hint"] = page_.text(prefix_ + "description_hint");
    c["caption"] = page_.text(prefix_ + "caption");
    std::vector<std::string> on_page;
    if (step == "details") on_page = {"about", "description"};
    if (step == "contact") on_page = {"person_name", "person_email", "person_phone"};
    mstch::array hidden;
    for (const auto& [name, value] : f.values()) {
      if (name == "csrf" || name == "step" || name == "goto") continue;
      if (std::find(on_page.begin(), on_page.end(), name) != on_page.end()) continue;
      hidden.push_back(mstch::map{{"name", name}, {"value", value}});
    }
    c["hidden"] = hidden;
    if (step == "check") {
      mstch::array rows;
      auto row = [&](const std::string& key, const std::string& value, std::string_view to) {
        rows.push_back(mstch::map{{"key", key},
                                  {"value", value.empty() ? page_.text("member.not_given") : value},
                                  {"step", std::string(to)},
                                  {"change", page_.text("member.change")}});
      };
      row(page_.text(prefix_ + "about_label"), trimmed(f.get("about")), "details");
      row(page_.text("feedback.summary_description"), trimmed(f.get("description")), "details");
      if (!page_.resident()) {
        row(page_.text("member.person_name"), trimmed(f.get("person_name")), "contact");
        std::string contact;
        for (const std::string field : {"person_email", "person_phone"})
          if (const std::string v = trimmed(f.get(field)); !v.empty()) contact += (contact.empty() ? "" : ", ") + v;
        row(page_.text("feedback.summary_contact"), contact, "contact");
      }
      c["summary"] = rows;
    }
    return page_.html(errors.empty() ? 200 : 400, "feedback", c);
  }

 private:
  const Page& page_;
  const Kind& kind_;
  std::string prefix_;
};

void add_kind(http::Router& r, WebDeps& deps, const Kind& kind) {
  const std::string path = "/" + std::string(kind.path);
  // Residents and guests; staff and councillors have their own ways in.
  auto refused = [](const Page& page) -> std::optional<http::Response> {
    if (page.signed_in() && !page.resident())
      return page.message_page(403, "errors.forbidden_title", "errors.residents_only");
    return std::nullopt;
  };

  r.add("GET", path, [&deps, &kind, refused](http::Request& req) -> Result<http::Response> {
    Page page(deps, req);
    if (auto no = refused(page)) return *no;
    ASSIGN_OR_RETURN(auto cat, deps.services.catalogue.snapshot(req.ctx));
    if (!category_for(*cat, kind)) return page.message_page(404, "errors.not_found_title", "feedback.not_offered");
    return FeedbackFlow(page, kind).show("details", Form{}, {});
  });

  r.add("POST", path, [&deps, &kind, refused, path](http::Request& req) -> Result<http::Response> {
    Page page(deps, req);
    if (auto no = refused(page)) return *no;
    ASSIGN_OR_RETURN(Form f, Form::parse(req.body));
    if (!page.csrf_ok(f)) return page.bad_token();
    ASSIGN_OR_RETURN(auto cat, deps.services.catalogue.snapshot(req.ctx));
    const Category* category = category_for(*cat, kind);
    if (!category) return page.message_page(404, "errors.not_found_title", "feedback.not_offered");
    FeedbackFlow flow(page, kind);
    const std::string& go = f.get("goto");
    if (go == "details" || (go == "contact" && !page.resident())) return flow.show(go, f, {});
    const std::string step = f.get("step");
    if (step != "details" && step != "contact" && step != "check") return flow.show("details", f, {});
    if (FormErrors e = check_details(f); !e.empty()) return flow.show("details", f, e);
    if (step == "details") return flow.show(page.resident() ? "check" : "contact", f, {});
    if (!page.resident())
      if (FormErrors e = check_person(f, true); !e.empty()) return flow.show("contact", f, e);
    if (step == "contact") return flow.show("check", f, {});

    NewCase in;
    in.type = kind.type;
    in.category = category->code;
    in.channel = Channel::kWebform;
    const std::string about = trimmed(f.get("about"));
    in.title = about.empty() ? category->name : category->name + ": " + first_chars(about, 150);
    in.description = trimmed(f.get("description"));
    // A complaint made here starts at the first stage.
    for (const auto& q : category->questions)
      if (q.code == "stage" && !q.options.empty()) in.answers["stage"] = {q.options.front().key};
    PersonDetails person{trimmed(f.get("person_name")), trimmed(f.get("person_email")),
                         trimmed(f.get("person_phone")), "", "", std::nullopt};
    auto made = create_for_person(deps.services, req.ctx, in, person);
    if (!made) {
      if (kind_of(made.error().code) != ErrorKind::kInvalidArgument) return page.error(made.error());
      const std::string& field = made.error().field;
      if (field == "person.email") return flow.show("contact", f, {{"person_email", "errors.email_invalid"}});
      if (field == "person.phone") return flow.show("contact", f, {{"person_phone", "member.errors.phone_invalid"}});
      if (field.rfind("person", 0) == 0) return flow.show("contact", f, {{"person_name", "errors.name_missing"}});
      return flow.show("details", f, {{"description", "errors.description_rejected"}});
    }
    // Post/redirect/get. Guests cannot read the case back, so the
    // confirmation is told the reference and dates (nothing private).
    std::string to = path + "/done?ref=" + http::percent_encode(made->c.reference);
    if (made->c.clock.respond_by) to += "&ack=" + format_date(*made->c.clock.respond_by);
    if (made->c.clock.resolve_by) to += "&by=" + format_date(*made->c.clock.resolve_by);
    return page.redirect(to);
  });

  r.add("GET", path + "/done", [&deps, &kind](http::Request& req) -> Result<http::Response> {
    Page page(deps, req);
    const std::string prefix = "feedback." + std::string(kind.path) + ".";
    const std::string ref = query_value(req, "ref");
    if (ref.empty() || ref.size() > 40 ||
        !std::all_of(ref.begin(), ref.end(), [](unsigned char ch) { return std::isalnum(ch) || ch == '-'; }))
      return page.message_page(404, "errors.not_found_title", "errors.not_found_body");
    mstch::map c = page.context(prefix + "done_title");
    c["reference"] = ref;
    c["kind"] = std::string(kind.path);
    if (auto ack = parse_date(query_value(req, "ack")))
      c["ack_text"] = page.format(prefix + "done_ack", {{"date", page.long_day(*ack)}});
    if (auto by = parse_date(query_value(req, "by")); by && kind.type != CaseType::kCompliment)
      c["by_text"] = page.format(prefix + "done_by", {{"date", page.long_day(*by)}});
    c["next_text"] = page.text(prefix + "done_next");
    c["track"] = page.resident();
    return page.html(200, "feedback_done", c);
  });
}

}  // namespace

void add_feedback_routes(http::Router& r, WebDeps& deps) {
  for (const Kind& kind : kKinds) add_kind(r, deps, kind);
}

}  // namespace civicdesk::web

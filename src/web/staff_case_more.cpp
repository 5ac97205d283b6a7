// More of the staff case page (staff_case_pages.cpp draws it and runs the
// actions): the Members' Enquiries team's triage (route to a delivery unit,
// accept, add a task, diarise a follow-up), who is copied in (watchers),
// unlinking cases, and photos (hide, show again, upload).
//
// Each is an Action like the workflow's: checked first (GOV.UK errors, what
// was typed kept), then one use case; the version the page was drawn with
// is checked atomically by the use cases that take one (route, accept,
// diarise) and against the case read just before by the others.
#include <algorithm>

#include "app/attachments.h"
#include "http/parse/query.h"
#include "web/staff_case.h"

namespace civicdesk::web {

namespace {

constexpr size_t kMaxPhotos = 3;  // as on Report a problem

// The Members' Enquiries team and other council-wide staff triage; officers
// and leads of a delivery unit accept or send back instead (as app/ decides).
bool triager(const Principal& p) {
  if (!p.role) return false;
  return (*p.role != Role::kOfficer && *p.role != Role::kLead) || p.delivery_unit.empty();
}

std::optional<Id> id_of(const std::string& s) {
  if (s.empty() || s.size() > 18 || s.find_first_not_of("0123456789") != std::string::npos) return std::nullopt;
  return std::stoll(s);
}

mstch::array options(const std::vector<std::pair<std::string, std::string>>& values, const std::string& chosen) {
  mstch::array out;
  for (const auto& [value, text] : values)
    out.push_back(mstch::map{{"value", value}, {"text", text}, {"selected", value == chosen}});
  return out;
}

// "10 MB": a size for people (as Report a problem says it).
std::string megabytes(size_t bytes) {
  const size_t mb = bytes / (1024 * 1024);
  return mb >= 1 ? std::to_string(mb) + " MB" : std::to_string(std::max<size_t>(1, bytes / 1024)) + " KB";
}

// A delivery unit and an optional officer, chosen from the catalogue.
Status unit_and_officer(const ActionContext& x, const std::string& unit_field, const std::string& officer_field,
                        std::string& unit, std::optional<Id>& officer) {
  ASSIGN_OR_RETURN(auto cat, x.deps.services.catalogue.snapshot(x.req.ctx));
  unit = x.form.get(unit_field).substr(0, 100);
  if (!cat->delivery_units.count(unit)) return invalid_field("delivery_unit", "unknown delivery unit");
  const std::string& o = x.form.get(officer_field);
  if (!o.empty()) {
    officer = id_of(o);
    if (!officer) return invalid_field("officer_id", "unknown officer");
  }
  return {};
}

FormErrors unit_chosen(const Form& f, const std::string& unit, const std::string& note, size_t max) {
  FormErrors e;
  if (f.get(unit).empty()) e.push_back({unit, "staff.errors.unit_missing"});
  if (trimmed(f.get(note)).size() > max) e.push_back({note, "staff.errors.too_long"});
  return e;
}

}  // namespace

void add_more_case_actions(std::map<std::string, Action>& a) {
  // ---- triage (Members' Enquiries) ----
  a["route"] = Action{
      "route_unit",
      [](const Form& f) { return unit_chosen(f, "route_unit", "route_note", 2000); },
      [](const ActionContext& x) -> Status {
        RouteRequest r;
        RETURN_IF_ERROR(unit_and_officer(x, "route_unit", "route_officer", r.delivery_unit, r.officer_id));
        r.note = trimmed(x.form.get("route_note"));
        return status_of(x.deps.services.enquiries.route(x.req.ctx, x.current.c.reference, r, x.version));
      },
      {{"delivery_unit", "route_unit"}, {"officer_id", "route_officer"}, {"team", "route_unit"},
       {"note", "route_note"}, {"category", "route_unit"}},
      "staff.errors.route_invalid",
      "staff.errors.route_accepted"};

  a["accept"] = Action{
      "accept",
      [](const Form&) { return FormErrors{}; },
      [](const ActionContext& x) -> Status {
        return status_of(x.deps.services.enquiries.accept(x.req.ctx, x.current.c.reference, x.version));
      },
      {},
      "staff.errors.not_awaiting",
      "staff.errors.not_awaiting"};

  a["task"] = Action{
      "task_unit",
      [](const Form& f) { return unit_chosen(f, "task_unit", "task_description", 10000); },
      [](const ActionContext& x) -> Status {
        NewTask t;
        RETURN_IF_ERROR(unit_and_officer(x, "task_unit", "task_officer", t.delivery_unit, t.officer_id));
        t.description = trimmed(x.form.get("task_description"));
        return status_of(x.deps.services.enquiries.add_task(x.req.ctx, x.current.c.reference, t));
      },
      {{"delivery_unit", "task_unit"}, {"officer_id", "task_officer"}, {"team", "task_unit"},
       {"description", "task_description"}, {"reference", "task_unit"}},
      "staff.errors.task_invalid"};

  a["diary"] = Action{
      "diary_date-day",
      [](const Form& f) {
        FormErrors e;
        if (!date_field(f, "diary_date")) e.push_back({"diary_date-day", "staff.errors.diary_date"});
        for (auto& r : need(f, "diary_reason", "staff.errors.diary_reason_missing")) e.push_back(r);
        return e;
      },
      [](const ActionContext& x) -> Status {
        return status_of(x.deps.services.enquiries.diarise(x.req.ctx, x.current.c.reference,
                                                           *date_field(x.form, "diary_date"),
                                                           trimmed(x.form.get("diary_reason")), x.version));
      },
      {{"date", "diary_date-day"}, {"reason", "diary_reason"}},
      "staff.errors.diary_date"};

  // ---- watchers ----
  a["watch"] = Action{
      "watch_officer",
      [](const Form& f) -> FormErrors {
        const std::string& kind = f.get("watch_kind");
        if (kind == "officer" && !id_of(f.get("watch_officer"))) return {{"watch_officer", "staff.errors.watch_officer"}};
        if (kind == "member" && !id_of(f.get("watch_member"))) return {{"watch_member", "staff.errors.watch_member"}};
        if (kind == "email") {
          FormErrors e;
          const std::string email = trimmed(f.get("watch_email"));
          if (email.empty()) e.push_back({"watch_email", "staff.errors.watch_email_missing"});
          else if (email.size() > 254 || !plausible_email(email)) e.push_back({"watch_email", "staff.errors.watch_email"});
          if (trimmed(f.get("watch_name")).size() > 200) e.push_back({"watch_name", "staff.errors.watch_name"});
          return e;
        }
        if (kind != "officer" && kind != "member") return {{"watch_officer", "staff.errors.watch_kind"}};
        return {};
      },
      [](const ActionContext& x) -> Status {
        Watcher w;
        const std::string& kind = x.form.get("watch_kind");
        if (kind == "email") {
          w.kind = WatcherKind::kEmail;
          w.email = trimmed(x.form.get("watch_email"));
          w.name = trimmed(x.form.get("watch_name"));
        } else {
          w.kind = kind == "officer" ? WatcherKind::kOfficer : WatcherKind::kMember;
          w.ref_id = id_of(x.form.get(kind == "officer" ? "watch_officer" : "watch_member"));
        }
        Status s = x.deps.services.cases.watch(x.req.ctx, x.current.c.reference, w);
        // Say which field: the one the kind chose.
        if (!s && s.error().field == "id")
          return Error(s.error().code, s.error().message, kind == "officer" ? "officer" : "member");
        return s;
      },
      {{"email", "watch_email"}, {"name", "watch_name"}, {"officer", "watch_officer"}, {"member", "watch_member"}},
      "staff.errors.watch_invalid"};

  a["unwatch"] = Action{
      "watchers",
      [](const Form& f) -> FormErrors {
        const auto kind = parse_watcher_kind(f.get("watcher_kind"));
        if (!kind || f.get("watcher_key").empty() || f.get("watcher_key").size() > 254 ||
            (*kind != WatcherKind::kEmail && !id_of(f.get("watcher_key"))))
          return {{"watchers", "staff.errors.watcher_gone"}};
        return {};
      },
      [](const ActionContext& x) -> Status {
        Watcher w;
        w.kind = parse_watcher_kind(x.form.get("watcher_kind")).value();
        if (w.kind == WatcherKind::kEmail) w.email = x.form.get("watcher_key");
        else w.ref_id = id_of(x.form.get("watcher_key"));
        return x.deps.services.cases.unwatch(x.req.ctx, x.current.c.reference, w);
      },
      {{"", "watchers"}, {"id", "watchers"}, {"email", "watchers"}},
      "staff.errors.watcher_gone"};

  // ---- links ----
  a["unlink"] = Action{
      "links",
      [](const Form& f) -> FormErrors {
        if (!parse_link_kind(f.get("unlink_kind")) || f.get("unlink_case").empty() || f.get("unlink_case").size() > 40)
          return {{"links", "staff.errors.unlink_gone"}};
        return {};
      },
      [](const ActionContext& x) -> Status {
        return x.deps.services.cases.unlink(x.req.ctx, x.current.c.reference,
                                            parse_link_kind(x.form.get("unlink_kind")).value(),
                                            x.form.get("unlink_case"));
      },
      {{"", "links"}, {"case", "links"}, {"kind", "links"}},
      "staff.errors.unlink_gone"};

  // ---- photos ----
  auto hider = [](bool hide) {
    return Action{"photos",
                  [](const Form& f) -> FormErrors {
                    if (!id_of(f.get("photo_id"))) return {{"photos", "staff.errors.photo_gone"}};
                    return {};
                  },
                  [hide](const ActionContext& x) -> Status {
                    AttachmentChange change;
                    change.hidden = hide;
                    return status_of(x.deps.services.attachments.change(x.req.ctx, x.current.c.reference,
                                                                        *id_of(x.form.get("photo_id")), change));
                  },
                  {{"", "photos"}, {"hidden", "photos"}},
                  "staff.errors.photo_gone"};
  };
  a["hide-photo"] = hider(true);
  a["show-photo"] = hider(false);

  a["add-photos"] = Action{
      "photo_files",
      [](const Form&) { return FormErrors{}; },
      [](const ActionContext& x) -> Status {
        const bool shown = x.form.get("photo_public") == "yes";
        for (const auto& bytes : x.photos)
          RETURN_IF_ERROR(status_of(x.deps.services.attachments.upload(x.req.ctx, x.current.c.reference,
                                                                       Upload{bytes, shown})));
        return {};
      },
      {{"file", "photo_files"}, {"public", "photo_public"}},
      "residents.photos.damaged"};
  // Checked as the attachments use case will (type from the bytes, size,
  // pixels) before anything is stored, with Report a problem's messages.
  a["add-photos"].check_photos = [](const ActionContext& x) -> FormErrors {
    const media::Limits& limits = x.deps.services.attachments.limits();
    if (x.photos.empty()) return {{"photo_files", "staff.errors.photo_missing"}};
    if (x.photos.size() > kMaxPhotos) return {{"photo_files", "residents.photos.too_many"}};
    for (const auto& bytes : x.photos) {
      auto clean = media::clean(bytes, limits);
      if (clean) continue;
      if (clean.error().code == ErrorCode::kUnsupportedMediaType) return {{"photo_files", "residents.photos.wrong_type"}};
      if (clean.error().code == ErrorCode::kPayloadTooLarge)
        return {{"photo_files", bytes.size() > limits.max_bytes ? "residents.photos.too_big" : "residents.photos.too_many_pixels"}};
      return {{"photo_files", "residents.photos.damaged"}};
    }
    return {};
  };
}

void add_more_case_context(mstch::map& c, const Page& page, const CaseFile& file, const Form& typed,
                           const Principal& p, const media::Limits& limits, bool copy_in) {
  const CatalogueSnapshot& cat = *file.catalogue;
  const Case& k = file.view.c;
  const bool work = file.workable;
  const bool open_case = is_open(k.status);
  const bool enquiry = k.type == CaseType::kMemberEnquiry;
  auto& allowed = boost::get<mstch::map>(c["can"]);
  allowed["route"] = work && enquiry && open_case && k.enquiry.routing != Routing::kAccepted && triager(p);
  allowed["accept"] = work && enquiry && open_case && k.enquiry.routing == Routing::kAwaitingAcceptance;
  allowed["task"] = work && enquiry && open_case && !k.parent_id && triager(p);
  allowed["diary"] = work && enquiry && !open_case;
  allowed["watch"] = work;
  allowed["unlink"] = work;
  allowed["photo"] = work;

  // Choices (delivery units, officers, councillors), only for the forms on
  // the page: a council has hundreds of officers.
  const bool triage = boost::get<bool>(allowed["route"]) || boost::get<bool>(allowed["task"]);
  const bool watch = work && copy_in;
  c["copy_in"] = watch;
  std::vector<std::pair<std::string, std::string>> units{{"", page.text("staff.triage.choose_unit")}};
  for (const auto& [code, u] : cat.delivery_units)
    if (u.active && triage) units.push_back({code, u.name});
  std::vector<std::pair<std::string, std::string>> unit_officers{{"", page.text("staff.triage.any_officer")}};
  std::vector<std::pair<std::string, std::string>> officers{{"", page.text("staff.watchers.choose")}};
  for (const auto& [id, o] : cat.officers) {
    if (!o.active || (!triage && !watch)) continue;
    const std::string label = o.delivery_unit.empty() ? o.name : o.name + " (" + unit_name(cat, o.delivery_unit) + ")";
    if (triage && !o.delivery_unit.empty()) unit_officers.push_back({std::to_string(id), label});
    if (watch) officers.push_back({std::to_string(id), label});
  }
  std::vector<std::pair<std::string, std::string>> members{{"", page.text("staff.watchers.choose")}};
  for (const auto& [id, m] : cat.members)
    if (m.active && watch) members.push_back({std::to_string(id), m.name});
  if (boost::get<bool>(allowed["route"])) {
    c["route_units"] = options(units, typed.get("route_unit"));
    c["route_officers"] = options(unit_officers, typed.get("route_officer"));
  }
  if (boost::get<bool>(allowed["task"])) {
    c["task_units"] = options(units, typed.get("task_unit"));
    c["task_officers"] = options(unit_officers, typed.get("task_officer"));
  }
  if (watch) {
    c["watch_officers"] = options(officers, typed.get("watch_officer"));
    c["watch_members"] = options(members, typed.get("watch_member"));
  }
  std::string routing;
  if (enquiry && k.enquiry.routing != Routing::kNone)
    routing = page.text(staff_key("routing", std::string(to_string(k.enquiry.routing))));
  if (!routing.empty()) boost::get<mstch::map>(c["case"])["routing"] = routing;
  if (k.enquiry.diary_on) boost::get<mstch::map>(c["case"])["diary_on"] = page.long_day(*k.enquiry.diary_on);

  auto& values = boost::get<mstch::map>(c["values"]);
  values["photo_public_yes"] = typed.get("photo_public") == "yes";

  // Who is copied in.
  mstch::array watchers;
  for (const Watcher& w : file.watchers) {
    const std::string key = w.kind == WatcherKind::kEmail ? w.email : std::to_string(w.ref_id.value_or(0));
    std::string name = w.name.empty() ? w.email : w.name;
    watchers.push_back(mstch::map{{"name", name},
                                  {"kind", page.text(staff_key("watcher", std::string(to_string(w.kind))))},
                                  {"email", w.kind == WatcherKind::kEmail && !w.name.empty() ? w.email : ""},
                                  {"watcher_kind", std::string(to_string(w.kind))},
                                  {"watcher_key", key}});
  }
  c["watchers"] = watchers;
  c["has_watchers"] = !watchers.empty();

  // Unlinking: each link's kind as the form sends it.
  auto& links = boost::get<mstch::array>(c["links"]);
  for (size_t i = 0; i < links.size() && i < file.links.size(); ++i)
    boost::get<mstch::map>(links[i])["link_kind"] = std::string(to_string(file.links[i].kind));

  // Photos: the id for hiding, a number for the buttons' names.
  auto& photos = boost::get<mstch::array>(c["photos"]);
  for (size_t i = 0; i < photos.size() && i < file.attachments.size(); ++i) {
    auto& ph = boost::get<mstch::map>(photos[i]);
    ph["id"] = std::to_string(file.attachments[i].id);
    ph["n"] = std::to_string(i + 1);
  }
  const std::string size = megabytes(limits.max_bytes);
  c["photos_hint"] = page.format("staff.photos.hint", {{"count", std::to_string(kMaxPhotos)}, {"size", size}});
  // Report a problem's photo messages have numbers in them.
  if (c.count("field_errors")) {
    auto& by_field = boost::get<mstch::map>(c["field_errors"]);
    if (by_field.count("photo_files")) {
      for (auto& e : boost::get<mstch::array>(c["errors"])) {
        auto& m = boost::get<mstch::map>(e);
        if (boost::get<std::string>(m["href"]) != "#photo_files") continue;
        for (const char* key : {"residents.photos.too_many", "residents.photos.too_big"})
          if (boost::get<std::string>(m["text"]) == page.text(key))
            m["text"] = page.format(key, {{"count", std::to_string(kMaxPhotos)}, {"size", size}});
        by_field["photo_files"] = m["text"];
      }
    }
  }
}

}  // namespace civicdesk::web

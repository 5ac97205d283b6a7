// "Report a problem", one question per page (GOV.UK pattern) and no
// JavaScript needed: choose a category -> answer its questions -> where ->
// describe it -> (nearby reports of the same kind, to follow instead) ->
// check your answers -> confirmation with the reference.
//
// Everything typed so far travels in hidden fields of each page's form, so a
// validation error (or a "Change" link) never loses a half-completed report
// and nothing is stored until the resident sends it. Each page posts to
// /report with `step` naming the page it came from.
//
// Photos are chosen on the last page, check your answers (a multipart form):
// a browser cannot keep a chosen file across pages, so nothing typed before
// can be lost to them. They are checked before the report is made and then
// stored through AttachmentService (docs/media.md).
#include <algorithm>
#include <utility>

#include "app/attachments.h"
#include "app/locations.h"
#include "domain/geo.h"
#include "domain/text.h"
#include "http/parse/query.h"
#include "log/log.h"
#include "web/assets.h"
#include "web/map.h"
#include "web/page.h"
#include "web/questions.h"

namespace civicdesk::web {

namespace {

constexpr std::string_view kSteps[] = {"category", "questions", "location", "description", "check"};

// Categories a resident may report: active, not restricted, with no
// subcategories of their own; grouped under their parent's name, or else the
// name of the service that deals with them (Street Scene, Highways...).
struct Group {
  std::string name;
  std::vector<const Category*> items;
};

std::vector<Group> reportable(const CatalogueSnapshot& cat) {
  std::map<std::string, bool> has_children;
  for (const auto& [code, c] : cat.categories)
    if (!c.parent.empty()) has_children[c.parent] = true;
  std::map<std::string, Group> groups;
  for (const auto& [code, c] : cat.categories) {
    if (!c.active || c.restricted || has_children[code]) continue;
    auto parent = cat.categories.find(c.parent);
    auto unit = cat.delivery_units.find(c.delivery_unit);
    const std::string group = parent != cat.categories.end() ? parent->second.name
                              : unit != cat.delivery_units.end() ? unit->second.name
                                                                 : std::string();
    groups[group].name = group;
    groups[group].items.push_back(&c);
  }
  std::vector<Group> out;
  for (auto& [_, g] : groups) {
    std::sort(g.items.begin(), g.items.end(), [](auto* a, auto* b) { return a->name < b->name; });
    out.push_back(std::move(g));
  }
  return out;
}

const Category* chosen(const CatalogueSnapshot& cat, const Form& f) {
  auto it = cat.categories.find(f.get("category"));
  if (it == cat.categories.end() || !it->second.active || it->second.restricted) return nullptr;
  for (const auto& [code, c] : cat.categories)
    if (c.parent == it->first) return nullptr;  // a group, not something to report
  return &it->second;
}

FormErrors check_where(const Category& c, const Form& f) {
  FormErrors errors = check_location(f, false);
  if (c.location_required && trimmed(f.get("street")).empty() && f.get("lat").empty())
    errors.insert(errors.begin(), {"street", "errors.street_missing"});
  return errors;
}

std::optional<double> coordinate(const Form& f, const std::string& name, double limit) {
  const std::string& s = f.get(name);
  if (s.empty() || s.size() > 30) return std::nullopt;
  char* end = nullptr;
  const double v = std::strtod(s.c_str(), &end);
  if (end != s.c_str() + s.size() || !(v >= -limit && v <= limit)) return std::nullopt;
  return v;
}

constexpr size_t kMaxPhotos = 3;

// "10 MB": a size for people.
std::string megabytes(size_t bytes) {
  const size_t mb = bytes / (1024 * 1024);
  return mb >= 1 ? std::to_string(mb) + " MB" : std::to_string(std::max<size_t>(1, bytes / 1024)) + " KB";
}

// Each photo checked as the attachments use case will (type from the bytes,
// size, pixels, a readable file) before anything is stored.
FormErrors check_photos(const std::vector<std::string>& photos, const media::Limits& limits) {
  if (photos.size() > kMaxPhotos) return {{"photos", "residents.photos.too_many"}};
  for (const auto& bytes : photos) {
    auto clean = media::clean(bytes, limits);
    if (clean) continue;
    if (clean.error().code == ErrorCode::kUnsupportedMediaType) return {{"photos", "residents.photos.wrong_type"}};
    if (clean.error().code == ErrorCode::kPayloadTooLarge)
      return {{"photos", bytes.size() > limits.max_bytes ? "residents.photos.too_big" : "residents.photos.too_many_pixels"}};
    return {{"photos", "residents.photos.damaged"}};
  }
  return {};
}

// A point from the map must be a point, inside the council's area when it
// has one set (CaseService refuses it too, but only when the report is sent:
// saying so on the map's page is kinder).
FormErrors check_point(const CatalogueSnapshot& cat, const Form& f) {
  if (f.get("lat").empty() && f.get("lng").empty()) return {};
  auto lat = coordinate(f, "lat", 90), lng = coordinate(f, "lng", 180);
  if (!lat || !lng) return {{"map", "residents.map.invalid"}};
  if (!cat.boundary.empty() && !geo::contains(cat.boundary, geo::Point{*lat, *lng}))
    return {{"map", "residents.map.outside"}};
  return {};
}

class ReportFlow {
 public:
  ReportFlow(WebDeps& deps, const http::Request& req, const Page& page, const CatalogueSnapshot& cat)
      : deps_(deps), req_(req), page_(page), cat_(cat) {}

  // The page for `step` with what was typed in `f` and `errors`.
  http::Response show(std::string_view step, const Form& f, const FormErrors& errors) {
    const Category* c = chosen(cat_, f);
    if (step != "category" && !c) step = "category";
    mstch::map ctx = page_.context("report." + std::string(step) + "_title");
    Page::add_values(ctx, f);
    page_.add_errors(ctx, errors);
    ctx["step"] = std::string(step);
    std::vector<std::string> on_page;
    if (step == "category") {
      on_page = {"category"};
      mstch::array groups;
      bool first = true;  // the first radio has the field's id, for the error summary's link
      for (const auto& g : reportable(cat_)) {
        mstch::array items;
        for (const Category* item : g.items)
          items.push_back(mstch::map{{"code", item->code},
                                     {"name", item->name},
                                     {"hint", item->description},
                                     {"id", std::exchange(first, false) ? std::string("category") : "category-" + item->code},
                                     {"search", lower(item->name + " " + item->keywords + " " + g.name)},
                                     {"checked", f.get("category") == item->code}});
        groups.push_back(mstch::map{{"name", g.name.empty() ? page_.text("report.other_group") : g.name},
                                    {"items", items}});
      }
      ctx["groups"] = groups;
    } else if (step == "questions") {
      for (const auto& q : ordered_questions(*c)) on_page.push_back("answers." + q.code);
      ctx["questions"] = question_items(page_, *c, f, errors);
      ctx["category_name"] = c->name;
    } else if (step == "location") {
      on_page = {"street", "postcode", "lat", "lng"};
      ctx["street_required"] = c->location_required;
      if (!deps_.map_tiles_url.empty()) ctx["map"] = map_context(*c);
    } else if (step == "nearby") {
      on_page = {};
      ctx["nearby"] = nearby_items(*c, f);
    } else if (step == "description") {
      on_page = {"description"};
      ctx["category_name"] = c->name;
    } else if (step == "check") {
      ctx["summary"] = summary(*c, f);
      const std::string size = megabytes(deps_.services.attachments.limits().max_bytes);
      ctx["photos_hint"] = page_.format("residents.photos.hint", {{"count", std::to_string(kMaxPhotos)}, {"size", size}});
      // Messages with numbers in them replace the catalogue's bare text.
      mstch::map field_errors = ctx.count("field_errors") ? boost::get<mstch::map>(ctx["field_errors"]) : mstch::map{};
      if (field_errors.count("photos")) {
        for (const auto& e : errors) {
          if (e.field != "photos") continue;
          const std::string text = page_.format(e.message_key, {{"count", std::to_string(kMaxPhotos)}, {"size", size}});
          field_errors["photos"] = text;
          ctx["errors"] = mstch::array{mstch::map{{"href", std::string("#photos")}, {"text", text}}};
        }
        ctx["field_errors"] = field_errors;
      }
    }
    ctx["hidden"] = hidden(f, on_page);
    return page_.html(errors.empty() ? 200 : 400, "report_" + std::string(step), ctx);
  }

  // What web/js/map.js needs: the tiles, the first view, the category for
  // nearby reports, the marker's images and its texts.
  mstch::map map_context(const Category& c) const {
    mstch::map m{{"tiles", deps_.map_tiles_url},
                 {"attribution", deps_.map_attribution},
                 {"category", c.code},
                 {"map_css", asset_url("map.css")},
                 {"leaflet_js", asset_url("leaflet.js")},
                 {"js", asset_url("map.js")},
                 {"icon", asset_url("marker-icon.png")},
                 {"icon_2x", asset_url("marker-icon-2x.png")},
                 {"shadow", asset_url("marker-shadow.png")}};
    if (auto b = boundary_bounds(cat_.boundary)) m["bounds"] = *b;
    return m;
  }

  // Open public reports of the same kind near the point given (the map, a
  // JavaScript enhancement, fills lat/lng); empty without one.
  mstch::array nearby_items(const Category& c, const Form& f) {
    mstch::array out;
    auto lat = coordinate(f, "lat", 90), lng = coordinate(f, "lng", 180);
    if (!lat || !lng) return out;
    NearbyQuery q;
    q.lat = *lat;
    q.lng = *lng;
    q.category = c.code;
    q.limit = 5;
    q.public_reports = true;
    auto found = deps_.services.locations.nearby(req_.ctx, q);
    if (!found) return out;
    for (const auto& n : *found)
      out.push_back(mstch::map{{"reference", n.view.c.reference},
                               {"description", n.view.c.description},
                               {"reported", page_.long_date(n.view.c.received_at)},
                               {"distance", page_.format("report.nearby_distance",
                                                         {{"metres", std::to_string(static_cast<int>(n.distance_m))}})}});
    return out;
  }

  mstch::array summary(const Category& c, const Form& f) {
    mstch::array rows;
    auto row = [&](const std::string& key, const std::string& value, std::string_view step) {
      rows.push_back(mstch::map{{"key", key}, {"value", value}, {"step", std::string(step)},
                                {"change", page_.text("report.change")}});
    };
    row(page_.text("report.summary_category"), c.name, "category");
    for (const auto& q : ordered_questions(c)) {
      std::vector<std::string> shown;
      for (const auto& v : f.all("answers." + q.code)) {
        std::string name = v;
        for (const auto& o : q.options)
          if (o.key == v) name = o.name;
        if (!trimmed(name).empty()) shown.push_back(name);
      }
      std::string joined;
      for (const auto& s : shown) joined += (joined.empty() ? "" : ", ") + s;
      row(q.prompt, joined.empty() ? page_.text("report.not_answered") : joined, "questions");
    }
    std::string where = trimmed(f.get("street"));
    if (!trimmed(f.get("postcode")).empty()) where += (where.empty() ? "" : ", ") + trimmed(f.get("postcode"));
    row(page_.text("report.summary_location"), where.empty() ? page_.text("report.not_answered") : where, "location");
    row(page_.text("report.summary_description"), trimmed(f.get("description")), "description");
    return rows;
  }

  static mstch::array hidden(const Form& f, const std::vector<std::string>& on_page) {
    mstch::array out;
    for (const auto& [name, value] : f.values()) {
      if (name == "csrf" || name == "step" || name == "goto" || name == "follow") continue;
      if (std::find(on_page.begin(), on_page.end(), name) != on_page.end()) continue;
      out.push_back(mstch::map{{"name", name}, {"value", value}});
    }
    return out;
  }

  static std::string lower(std::string s) {
    std::transform(s.begin(), s.end(), s.begin(), [](unsigned char ch) { return std::tolower(ch); });
    return s;
  }

 private:
  WebDeps& deps_;
  const http::Request& req_;
  const Page& page_;
  const CatalogueSnapshot& cat_;
};

}  // namespace

void add_report_routes(http::Router& r, WebDeps& deps) {
  r.add("GET", "/report", [&deps](http::Request& req) -> Result<http::Response> {
    Page page(deps, req);
    if (!page.resident()) return page.signed_in() ? page.message_page(403, "errors.forbidden_title", "errors.residents_only")
                                                  : page.sign_in_first("/report");
    ASSIGN_OR_RETURN(auto cat, deps.services.catalogue.snapshot(req.ctx));
    return ReportFlow(deps, req, page, *cat).show("category", Form{}, {});
  });

  r.add("POST", "/report", [&deps](http::Request& req) -> Result<http::Response> {
    Page page(deps, req);
    if (!page.resident()) return page.sign_in_first("/report");
    std::vector<std::string> photos;
    ASSIGN_OR_RETURN(Form f, read_form_with_photos(req, photos));
    if (!page.csrf_ok(f)) return page.bad_token();
    ASSIGN_OR_RETURN(auto cat, deps.services.catalogue.snapshot(req.ctx));
    ReportFlow flow(deps, req, page, *cat);

    // "Follow this instead": the resident is copied in on that report.
    if (!f.get("follow").empty()) {
      const std::string ref = f.get("follow").substr(0, 40);
      Status followed = deps.services.locations.follow(req.ctx, ref);
      if (!followed) return page.error(followed.error());
      mstch::map c = page.context("report.followed_title");
      c["reference"] = ref;
      return page.html(200, "report_followed", c);
    }
    // "Change" on check your answers.
    const std::string& go = f.get("goto");
    if (std::find(std::begin(kSteps), std::end(kSteps), go) != std::end(kSteps)) return flow.show(go, f, {});

    const std::string step = f.get("step");
    const Category* c = chosen(*cat, f);
    if (!c) return flow.show("category", f, {{"category", "errors.category_missing"}});
    const bool has_questions = !c->questions.empty();
    if (step == "category") return has_questions ? flow.show("questions", f, {}) : flow.show("location", f, {});
    if (has_questions) {
      FormErrors e = check_answers(*c, f);
      if (!e.empty()) return flow.show("questions", f, e);
    }
    if (step == "questions") return flow.show("location", f, {});
    if (FormErrors e = check_where(*c, f); !e.empty()) return flow.show("location", f, e);
    if (FormErrors e = check_point(*cat, f); !e.empty()) return flow.show("location", f, e);
    if (step == "location") {
      // Same kind of problem reported nearby? Offer to follow it instead.
      if (!flow.nearby_items(*c, f).empty()) return flow.show("nearby", f, {});
      return flow.show("description", f, {});
    }
    if (step == "nearby") return flow.show("description", f, {});
    if (FormErrors e = check_description(f); !e.empty()) return flow.show("description", f, e);
    if (step == "description") return flow.show("check", f, {});
    if (step != "check") return flow.show("category", f, {});
    if (FormErrors e = check_photos(photos, deps.services.attachments.limits()); !e.empty())
      return flow.show("check", f, e);

    NewCase in;
    in.category = c->code;
    in.channel = Channel::kWebform;
    in.description = trimmed(f.get("description"));
    in.title = c->name;
    in.answers = answers_from(*c, f);
    in.location.address = trimmed(f.get("street"));
    in.location.postcode = trimmed(f.get("postcode"));
    in.location.lat = coordinate(f, "lat", 90);
    in.location.lng = coordinate(f, "lng", 180);
    if (!in.location.lat || !in.location.lng) in.location.lat = in.location.lng = std::nullopt;
    auto made = deps.services.cases.create(req.ctx, in);
    if (!made) {
      // The council's own checks (outside its area, a bad postcode...): back
      // to the page that can fix it, with everything kept.
      const std::string& field = made.error().field;
      if (kind_of(made.error().code) != ErrorKind::kInvalidArgument) return page.error(made.error());
      if (field.rfind("location", 0) == 0) return flow.show("location", f, {{"street", "errors.location_rejected"}});
      if (field.rfind("answers", 0) == 0) return flow.show("questions", f, check_answers(*c, f));
      return flow.show("description", f, {{"description", "errors.description_rejected"}});
    }
    // The photos, checked above, through the attachments use case (its
    // stripping, limits and audit). The report is made either way: a photo
    // refused now (the council's limits changed in between) is reported on
    // the confirmation page.
    bool photos_failed = false;
    for (const auto& bytes : photos) {
      auto added = deps.services.attachments.upload(req.ctx, made->c.reference, Upload{bytes, std::nullopt});
      if (!added) {
        photos_failed = true;
        log::warn("report_photo_failed", {{"reference", made->c.reference}, {"error", added.error().message}});
      }
    }
    // Post/redirect/get: refreshing the confirmation never reports twice.
    return page.redirect("/report/done/" + made->c.reference + (photos_failed ? "?photos=failed" : ""));
  });

  r.add("GET", "/report/done/{reference}", [&deps](http::Request& req) -> Result<http::Response> {
    Page page(deps, req);
    if (!page.signed_in()) return page.sign_in_first("/requests");
    ASSIGN_OR_RETURN(CaseView v, deps.services.cases.get(req.ctx, req.param("reference")));
    mstch::map done = page.context("report.done_title");
    done["reference"] = v.c.reference;
    done["href"] = "/requests/" + v.c.reference;
    done["photos_failed"] = req.query == "photos=failed";
    return page.html(200, "report_done", done);
  });
}

}  // namespace civicdesk::web

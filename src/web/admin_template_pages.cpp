// Message wording at /admin/templates (the council's) and
// /admin/services/{code}/messages (a service's own, which wins over the
// council's for that service's cases): list, edit with a preview
// (NotificationService::preview, nothing saved), save (put_template) and, for
// a service, reset to the council's wording (app/template_reset.h).
#include "app/template_reset.h"
#include "web/admin_common.h"

namespace civicdesk::web {

namespace {

// Where a template's page is and what it belongs to.
struct Scope {
  std::string category;      // "" for the council's wording
  std::string service_name;  // the category's name
  std::string base;          // "/admin/templates" or "/admin/services/{code}/messages"
};

std::string source_key(const std::string& source) {
  if (source == "category") return "admin.tpl.source_service";
  return source == "default" ? "admin.source_default" : "admin.source_council";
}

// The template's form: what was typed (or the current text), the
// placeholders it may use, and a preview when asked for.
http::Response template_page(const Page& page, const Scope& scope, const TemplateView& t, const TemplateText& text,
                             const std::optional<RenderedPreview>& preview, const FormErrors& errors, int status) {
  mstch::map c = page.context("admin.template_title");
  c["title"] = page.format("admin.template_title", {{"name", t.name}});
  c["name"] = t.name;
  c["action"] = scope.base + "/" + seg(t.name);
  c["back"] = scope.base;
  c["back_label"] = page.text(scope.category.empty() ? "admin.back_templates" : "admin.tpl.back_service_messages");
  c["caption"] = scope.category.empty() ? page.text("admin.templates_title") : scope.service_name;
  if (!scope.category.empty()) {
    c["service_note"] = page.text(t.source == "category" ? "admin.tpl.own_note" : "admin.tpl.inherited_note");
    if (t.source == "category") c["reset"] = scope.base + "/" + seg(t.name) + "/reset";
  }
  c["subject"] = text.subject;
  c["body"] = text.body;
  c["sms"] = text.sms;
  std::string placeholders;
  for (const auto& p : t.placeholders) placeholders += (placeholders.empty() ? "" : ", ") + ("((" + p + "))");
  c["placeholders"] = placeholders;
  if (preview) {
    mstch::array lines;
    size_t start = 0;
    while (start <= preview->body.size()) {
      const size_t end = preview->body.find('\n', start);
      const std::string line = preview->body.substr(start, end == std::string::npos ? std::string::npos : end - start);
      if (!line.empty()) lines.push_back(mstch::map{{"line", line}});
      if (end == std::string::npos) break;
      start = end + 1;
    }
    c["preview"] = mstch::map{{"subject", preview->subject}, {"lines", lines}, {"sms", preview->sms}};
  }
  page.add_errors(c, errors);
  return page.html(status, "admin_template", c);
}

// A refused text's field (the use case names it) as the form's.
std::string template_field(const Error& e) {
  if (e.field.find("subject") != std::string::npos) return "subject";
  if (e.field.find("sms") != std::string::npos) return "sms";
  return "body";
}

// The service a /admin/services/{code}/messages path names, or not_found.
Result<Scope> scope_of(WebDeps& deps, const http::Request& req) {
  if (!req.params.count("code")) return Scope{"", "", "/admin/templates"};
  ASSIGN_OR_RETURN(auto cat, deps.services.catalogue.snapshot(req.ctx));
  auto it = cat->categories.find(req.param("code"));
  if (it == cat->categories.end()) return not_found("No such service");
  return Scope{it->first, it->second.name, "/admin/services/" + seg(it->first) + "/messages"};
}

Result<http::Response> list_page(WebDeps& deps, Page& page, http::Request& req) {
  ASSIGN_OR_RETURN(Scope scope, scope_of(deps, req));
  ASSIGN_OR_RETURN(auto templates, deps.services.notifications.templates(req.ctx, scope.category));
  mstch::array rows;
  int own = 0;
  for (const auto& t : templates) {
    own += t.source == "category";
    rows.push_back(mstch::map{{"name", t.name},
                              {"href", scope.base + "/" + seg(t.name)},
                              {"subject", t.text.subject},
                              {"source", page.text(source_key(t.source))},
                              {"own", t.source == "category"}});
  }
  mstch::map c = page.context(scope.category.empty() ? "admin.templates_title" : "admin.tpl.service_title");
  if (!scope.category.empty()) {
    c["title"] = page.format("admin.tpl.service_title", {{"name", scope.service_name}});
    c["service"] = scope.service_name;
    c["back"] = "/admin/services/" + seg(scope.category);
    c["own_count"] = page.format("admin.tpl.own_count", {{"count", std::to_string(own)}});
  }
  c["templates"] = rows;
  if (req.query == "saved=1") c["banner"] = mstch::map{{"text", page.text("admin.saved")}};
  add_done_banner(page, req, c);
  return page.html(200, "admin_templates", c);
}

Result<http::Response> edit_page(WebDeps& deps, Page& page, http::Request& req) {
  ASSIGN_OR_RETURN(Scope scope, scope_of(deps, req));
  ASSIGN_OR_RETURN(TemplateView t, deps.services.notifications.get_template(req.ctx, req.param("name"), scope.category));
  return template_page(page, scope, t, t.text, std::nullopt, {}, 200);
}

// "Preview" renders what was typed with sample values (nothing saved);
// "Save" stores it. Either way a refused text is a field error.
Result<http::Response> save(WebDeps& deps, Page& page, http::Request& req, const Form& f) {
  ASSIGN_OR_RETURN(Scope scope, scope_of(deps, req));
  NotificationService& notes = deps.services.notifications;
  ASSIGN_OR_RETURN(TemplateView t, notes.get_template(req.ctx, req.param("name"), scope.category));
  const TemplateText text{f.get("subject"), f.get("body"), f.get("sms")};
  FormErrors errors;
  if (trimmed(text.subject).empty()) errors.push_back({"subject", "admin.errors.subject_missing"});
  if (trimmed(text.body).empty()) errors.push_back({"body", "admin.errors.body_missing"});
  if (trimmed(text.sms).empty()) errors.push_back({"sms", "admin.errors.sms_missing"});
  if (!errors.empty()) return template_page(page, scope, t, text, std::nullopt, errors, 400);
  auto refused = [&](const Error& e) -> Result<http::Response> {
    if (kind_of(e.code) != ErrorKind::kInvalidArgument) return page.error(e);
    return template_page(page, scope, t, text, std::nullopt, {{template_field(e), "admin.errors.template_invalid"}}, 400);
  };
  if (f.get("action") == "preview") {
    auto preview = notes.preview(req.ctx, t.name, scope.category, text, {});
    if (!preview) return refused(preview.error());
    return template_page(page, scope, t, text, *preview, {}, 200);
  }
  auto saved = notes.put_template(req.ctx, t.name, scope.category, text);
  if (!saved) return refused(saved.error());
  return page.redirect(scope.base + "?saved=1");
}

}  // namespace

void add_admin_template_routes(http::Router& r, WebDeps& deps) {
  for (const std::string base : {"/admin/templates", "/admin/services/{code}/messages"}) {
    admin_get(r, deps, base, [&deps](Page& page, http::Request& req) { return list_page(deps, page, req); });
    admin_get(r, deps, base + "/{name}", [&deps](Page& page, http::Request& req) { return edit_page(deps, page, req); });
    admin_post(r, deps, base + "/{name}",
               [&deps](Page& page, http::Request& req, const Form& f) { return save(deps, page, req, f); });
  }
  admin_post(r, deps, "/admin/services/{code}/messages/{name}/reset",
             [&deps](Page& page, http::Request& req, const Form&) -> Result<http::Response> {
               ASSIGN_OR_RETURN(Scope scope, scope_of(deps, req));
               RETURN_IF_ERROR(reset_template(deps.services.store, deps.services.cache, req.ctx, req.param("name"),
                                              scope.category));
               return page.redirect(scope.base + "?done=template_reset");
             });
}

}  // namespace civicdesk::web

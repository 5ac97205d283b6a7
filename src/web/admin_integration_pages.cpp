// Integrations at /admin/integrations: the webhook endpoints other systems
// receive (MessageService::put_endpoint / delete_endpoint, audited as
// webhook.*) and which services forward their new cases to one
// (BackOfficeService::set_forwarding, audited as category.forwarding).
//
// A signing secret is shown once, on the page answering the form that made
// it (adding an endpoint, or rotating its secret): never stored in a link,
// never shown again (pages are sent with Cache-Control: no-store).
#include "web/admin_common.h"

namespace civicdesk::web {

namespace {

std::string hook_path(const std::string& name) { return "/admin/integrations/webhooks/" + seg(name); }

std::optional<WebhookEndpoint> find_hook(const std::vector<WebhookEndpoint>& all, const std::string& name) {
  for (const auto& e : all)
    if (e.name == name) return e;
  return std::nullopt;
}

// The services forwarding to `name`, by name.
std::vector<std::string> forwarding_to(const CatalogueSnapshot& cat, const std::string& name) {
  std::vector<std::string> out;
  for (const auto& [code, c] : cat.categories)
    if (c.forward_to == name) out.push_back(c.name);
  return out;
}

Result<http::Response> integrations_page(WebDeps& deps, const Page& page, const http::Request& req, const Form& typed,
                                         const FormErrors& errors, int status) {
  ASSIGN_OR_RETURN(auto endpoints, deps.services.messages.endpoints(req.ctx));
  ASSIGN_OR_RETURN(auto cat, deps.services.catalogue.snapshot(req.ctx));
  mstch::array hooks;
  Fields::Choices targets{{"", page.text("admin.hooks.stop_choice")}};
  for (const auto& e : endpoints) {  // never the secret
    hooks.push_back(mstch::map{{"name", e.name},
                               {"href", hook_path(e.name)},
                               {"url", e.url},
                               {"client", e.client.empty() ? page.text("admin.none") : e.client},
                               {"status", page.text(e.active ? "admin.active" : "admin.off")},
                               {"status_class", std::string(e.active ? "govuk-tag--green" : "govuk-tag--grey")}});
    targets.push_back({e.name, e.name});
  }
  mstch::array forwarded;
  Fields::Choices services;
  for (const auto& [code, c] : cat->categories) {
    if (!c.forward_to.empty())
      forwarded.push_back(mstch::map{{"name", c.name}, {"to", c.forward_to}, {"code", code}});
    if (!c.restricted) services.push_back({code, c.name});
  }
  mstch::map c = page.context("admin.integrations_title");
  c["hooks"] = hooks;
  c["has_hooks"] = !hooks.empty();
  c["forwarded"] = forwarded;
  c["has_forwarded"] = !forwarded.empty();
  if (!endpoints.empty()) {
    const Fields fs(page, typed, errors);
    c["forward_form"] = mstch::map{
        {"action", std::string("/admin/integrations/forwarding")},
        {"fields", mstch::array{fs.select("category", "admin.hooks.forward_service", "", services, ""),
                                fs.select("endpoint", "admin.hooks.forward_to", "admin.hooks.forward_to_hint", targets,
                                          endpoints.front().name)}},
        {"button", page.text("admin.hooks.forward_button")}};
  }
  add_done_banner(page, req, c);
  page.add_errors(c, errors);
  return page.html(status, "admin_integrations", c);
}

mstch::array hook_fields(const WebhookEndpoint& e, bool is_new, const Fields& fs) {
  mstch::array out;
  if (is_new) out.push_back(fs.input("name", "admin.hooks.name", "admin.hooks.name_hint", e.name, "govuk-input--width-20"));
  out.push_back(fs.input("url", "admin.hooks.url", "admin.hooks.url_hint", e.url));
  out.push_back(fs.input("client", "admin.hooks.client", "admin.hooks.client_hint", e.client, "govuk-input--width-20"));
  if (!is_new) out.push_back(fs.yes_no("active", "admin.hooks.active", "admin.hooks.active_hint", e.active));
  return out;
}

http::Response new_hook_page(const Page& page, const Form& typed, const FormErrors& errors, int status) {
  mstch::map c = page.context("admin.hooks.new_title");
  const Fields fs(page, typed, errors);
  c["form"] = mstch::map{{"action", std::string("/admin/integrations/webhooks/new")},
                         {"fields", hook_fields(WebhookEndpoint{}, true, fs)},
                         {"button", page.text("admin.hooks.create")}};
  page.add_errors(c, errors);
  return page.html(status, "admin_new_hook", c);
}

http::Response hook_page(const Page& page, const CatalogueSnapshot& cat, const WebhookEndpoint& e, const Form& typed,
                         const FormErrors& errors, int status) {
  mstch::map c = page.context("admin.category_title");
  c["title"] = page.format("admin.category_title", {{"name", e.name}});
  c["name"] = e.name;
  const Fields fs(page, typed, errors);
  c["form"] = mstch::map{{"action", hook_path(e.name)}, {"fields", hook_fields(e, false, fs)}, {"button", page.text("admin.save")}};
  c["rotate"] = hook_path(e.name) + "/rotate";
  c["delete"] = hook_path(e.name) + "/delete";
  mstch::array users;
  for (const auto& n : forwarding_to(cat, e.name)) users.push_back(mstch::map{{"service", n}});
  c["forwarded_by"] = users;
  c["has_forwarded_by"] = !users.empty();
  page.add_errors(c, errors);
  return page.html(status, "admin_hook", c);
}

// The page that shows a new secret, once.
http::Response secret_page(const Page& page, const EndpointSecret& made) {
  mstch::map c = page.context(made.created ? "admin.hooks.created_title" : "admin.hooks.rotated_title");
  c["heading"] = page.text(made.created ? "admin.hooks.created_title" : "admin.hooks.rotated_title");
  c["name"] = made.endpoint.name;
  c["secret"] = made.endpoint.secret;
  c["href"] = hook_path(made.endpoint.name);
  return page.html(made.created ? 201 : 200, "admin_hook_secret", c);
}

// An endpoint to check one typed value with the domain's rule.
WebhookEndpoint probe(const std::string& name, const std::string& url) {
  WebhookEndpoint e;
  e.name = name;
  e.url = url;
  e.secret = std::string(32, 'x');
  return e;
}

// Field errors for what the person typed about an endpoint.
FormErrors check_hook(const Form& f, bool is_new, const std::vector<WebhookEndpoint>& all) {
  FormErrors errors;
  if (is_new) {
    const std::string name = trimmed(f.get("name"));
    if (name.empty()) errors.push_back({"name", "admin.hooks.errors.name_missing"});
    else if (!validate_webhook_endpoint(probe(name, "https://x"))) errors.push_back({"name", "admin.hooks.errors.name_invalid"});
    else if (name == "new") errors.push_back({"name", "admin.cat.errors.code_reserved"});  // the adding page's path
    else if (find_hook(all, name)) errors.push_back({"name", "admin.hooks.errors.name_taken"});
  }
  const std::string url = trimmed(f.get("url"));
  if (url.empty()) errors.push_back({"url", "admin.hooks.errors.url_missing"});
  else if (!validate_webhook_endpoint(probe("x", url))) errors.push_back({"url", "admin.hooks.errors.url_invalid"});
  if (trimmed(f.get("client")).size() > 100) errors.push_back({"client", "admin.hooks.errors.client_long"});
  if (!is_new && f.get("active") != "yes" && f.get("active") != "no")
    errors.push_back({"active", "admin.hooks.errors.active_missing"});
  return errors;
}

const std::vector<Refusal> kHookRefusals = {
    {ErrorKind::kInvalidArgument, "url", {"url", "admin.hooks.errors.url_invalid"}},
    {ErrorKind::kInvalidArgument, "client", {"client", "admin.hooks.errors.client_long"}},
    {ErrorKind::kInvalidArgument, "", {"name", "admin.hooks.errors.name_invalid"}},
};

// The endpoint the path names with everything its page needs, or not_found.
struct Found {
  WebhookEndpoint e;
  std::shared_ptr<const CatalogueSnapshot> cat;
};
Result<Found> find(WebDeps& deps, const http::Request& req) {
  ASSIGN_OR_RETURN(auto all, deps.services.messages.endpoints(req.ctx));
  auto e = find_hook(all, req.param("name"));
  if (!e) return not_found("No such webhook");
  ASSIGN_OR_RETURN(auto cat, deps.services.catalogue.snapshot(req.ctx));
  return Found{*e, cat};
}

}  // namespace

void add_admin_integration_routes(http::Router& r, WebDeps& deps) {
  admin_get(r, deps, "/admin/integrations", [&deps](Page& page, http::Request& req) {
    return integrations_page(deps, page, req, Form{}, {}, 200);
  });

  // Forward a service's new cases to an endpoint, or ("") stop.
  admin_post(r, deps, "/admin/integrations/forwarding",
             [&deps](Page& page, http::Request& req, const Form& f) -> Result<http::Response> {
               ASSIGN_OR_RETURN(auto cat, deps.services.catalogue.snapshot(req.ctx));
               const std::string& code = f.get("category");
               auto it = cat->categories.find(code);
               if (it == cat->categories.end() || it->second.restricted)
                 return integrations_page(deps, page, req, f, {{"category", "admin.hooks.errors.service_missing"}}, 400);
               const std::string endpoint = f.get("endpoint");
               auto done = deps.services.back_office.set_forwarding(req.ctx, code, endpoint);
               if (!done) {
                 if (kind_of(done.error().code) == ErrorKind::kInvalidArgument)
                   return integrations_page(deps, page, req, f, {{"endpoint", "admin.hooks.errors.endpoint_invalid"}}, 400);
                 return page.error(done.error());
               }
               return page.redirect(std::string("/admin/integrations?done=") +
                                    (endpoint.empty() ? "forwarding_stopped" : "forwarding_set"));
             });

  admin_get(r, deps, "/admin/integrations/webhooks/new",
            [](Page& page, http::Request&) -> Result<http::Response> { return new_hook_page(page, Form{}, {}, 200); });

  admin_post(r, deps, "/admin/integrations/webhooks/new",
             [&deps](Page& page, http::Request& req, const Form& f) -> Result<http::Response> {
               ASSIGN_OR_RETURN(auto all, deps.services.messages.endpoints(req.ctx));
               const Again again = [&](const FormErrors& e, int status) { return new_hook_page(page, f, e, status); };
               if (FormErrors errors = check_hook(f, true, all); !errors.empty()) return again(errors, 400);
               auto made = deps.services.messages.put_endpoint(req.ctx, trimmed(f.get("name")), trimmed(f.get("url")),
                                                               true, false, trimmed(f.get("client")));
               // Made by someone else between the check and the write: put_endpoint
               // upserts, so it has their endpoint with this address now (and
               // no new secret); say the name is taken rather than claim it is new.
               if (made && !made->created) return again({{"name", "admin.hooks.errors.name_taken"}}, 409);
               if (!made) return settle(page, made.error(), "", again, kHookRefusals);
               return secret_page(page, *made);
             });

  admin_get(r, deps, "/admin/integrations/webhooks/{name}", [&deps](Page& page, http::Request& req) -> Result<http::Response> {
    ASSIGN_OR_RETURN(Found h, find(deps, req));
    return hook_page(page, *h.cat, h.e, Form{}, {}, 200);
  });

  // Its address, the client that may post updates back, on or off.
  admin_post(r, deps, "/admin/integrations/webhooks/{name}",
             [&deps](Page& page, http::Request& req, const Form& f) -> Result<http::Response> {
               ASSIGN_OR_RETURN(Found h, find(deps, req));
               const Again again = [&](const FormErrors& e, int status) { return hook_page(page, *h.cat, h.e, f, e, status); };
               if (FormErrors errors = check_hook(f, false, {}); !errors.empty()) return again(errors, 400);
               auto saved = deps.services.messages.put_endpoint(req.ctx, h.e.name, trimmed(f.get("url")),
                                                                f.get("active") == "yes", false, trimmed(f.get("client")));
               return settle(page, saved ? Status{} : Status(saved.error()), "/admin/integrations?done=saved", again,
                             kHookRefusals);
             });

  admin_post(r, deps, "/admin/integrations/webhooks/{name}/rotate",
             [&deps](Page& page, http::Request& req, const Form&) -> Result<http::Response> {
               ASSIGN_OR_RETURN(Found h, find(deps, req));
               ASSIGN_OR_RETURN(EndpointSecret made,
                                deps.services.messages.put_endpoint(req.ctx, h.e.name, h.e.url, h.e.active, true));
               return secret_page(page, made);
             });

  // Refused while a service still forwards to it (its new cases would have
  // nowhere to go): stop the forwarding first.
  admin_post(r, deps, "/admin/integrations/webhooks/{name}/delete",
             [&deps](Page& page, http::Request& req, const Form& f) -> Result<http::Response> {
               ASSIGN_OR_RETURN(Found h, find(deps, req));
               if (!forwarding_to(*h.cat, h.e.name).empty())
                 return hook_page(page, *h.cat, h.e, f, {{"delete", "admin.hooks.errors.in_use"}}, 409);
               RETURN_IF_ERROR(deps.services.messages.delete_endpoint(req.ctx, h.e.name));
               return page.redirect("/admin/integrations?done=webhook_deleted");
             });
}

}  // namespace civicdesk::web

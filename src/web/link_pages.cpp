// The pages behind the links in residents' messages: unsubscribing from
// optional messages and answering a satisfaction survey. They need no
// account, only the link's token. Opening a link never changes anything
// (mail scanners follow links): a button on the page does, with the form's
// CSRF token.
#include "web/page.h"

namespace civicdesk::web {

namespace {

constexpr size_t kMaxToken = 200;

// A token the service does not know: the link was mistyped, cut short or
// made up.
http::Response bad_link(const Page& page) { return page.message_page(404, "links.bad_title", "links.bad_body"); }

// An error from the use case: an unknown token is a bad link, the rest as
// for any page.
http::Response link_error(const Page& page, const Error& e) {
  return kind_of(e.code) == ErrorKind::kNotFound ? bad_link(page) : page.error(e);
}

http::Response unsubscribe_page(const Page& page, const std::string& token, const UnsubscribeView& v) {
  mstch::map c = page.context("links.unsubscribe_title");
  const bool surveys = v.preference == preference::kConsentSurveys;
  c["token"] = token;
  c["body"] = page.text(surveys ? "links.unsubscribe_surveys" : "links.unsubscribe_updates");
  c["already"] = v.already_done;
  return page.html(200, "unsubscribe", c);
}

// The rating question, with the one-click link's choice (or what was sent)
// already selected.
http::Response survey_page(const Page& page, const std::string& token, const SurveyView& v, const Form& typed,
                           const FormErrors& errors, int status) {
  mstch::map c = page.context("links.survey_title");
  c["token"] = token;
  c["question"] = page.format("links.survey_question", {{"reference", v.reference}, {"service", v.service}});
  mstch::array ratings;
  for (int r = 5; r >= 1; --r) {
    const std::string value = std::to_string(r);
    ratings.push_back(mstch::map{{"value", value},
                                 {"id", r == 5 ? std::string("rating") : "rating-" + value},
                                 {"label", page.text("links.rating_" + value)},
                                 {"checked", typed.get("rating") == value}});
  }
  c["ratings"] = ratings;
  Page::add_values(c, typed);
  page.add_errors(c, errors);
  return page.html(status, "survey", c);
}

}  // namespace

void add_link_routes(http::Router& r, WebDeps& deps) {
  r.add("GET", "/unsubscribe", [&deps](http::Request& req) -> Result<http::Response> {
    Page page(deps, req);
    const std::string token = query_value(req, "token", kMaxToken);
    if (token.empty()) return bad_link(page);
    auto v = deps.services.notifications.unsubscribe_info(req.ctx, token);
    if (!v) return link_error(page, v.error());
    return unsubscribe_page(page, token, *v);
  });

  r.add("POST", "/unsubscribe", [&deps](http::Request& req) -> Result<http::Response> {
    Page page(deps, req);
    ASSIGN_OR_RETURN(Form f, Form::parse(req.body));
    if (!page.csrf_ok(f)) return page.bad_token();
    const std::string& token = f.get("token");
    if (token.empty() || token.size() > kMaxToken) return bad_link(page);
    auto v = deps.services.notifications.unsubscribe(req.ctx, token);
    if (!v) return link_error(page, v.error());
    return page.message_page(200, "links.unsubscribed_title",
                             v->preference == preference::kConsentSurveys ? "links.unsubscribed_surveys"
                                                                          : "links.unsubscribed_updates");
  });

  r.add("GET", "/survey", [&deps](http::Request& req) -> Result<http::Response> {
    Page page(deps, req);
    const std::string token = query_value(req, "token", kMaxToken);
    if (token.empty()) return bad_link(page);
    auto v = deps.services.notifications.survey(req.ctx, token);
    if (!v) return link_error(page, v.error());
    if (v->answered) return page.message_page(200, "links.answered_title", "links.answered_body");
    Form typed;
    typed.set("rating", query_value(req, "rating", 1));
    return survey_page(page, token, *v, typed, {}, 200);
  });

  r.add("POST", "/survey", [&deps](http::Request& req) -> Result<http::Response> {
    Page page(deps, req);
    ASSIGN_OR_RETURN(Form f, Form::parse(req.body));
    if (!page.csrf_ok(f)) return page.bad_token();
    const std::string& token = f.get("token");
    if (token.empty() || token.size() > kMaxToken) return bad_link(page);
    auto v = deps.services.notifications.survey(req.ctx, token);
    if (!v) return link_error(page, v.error());
    if (v->answered) return page.message_page(200, "links.answered_title", "links.answered_body");
    FormErrors errors = check_survey(f);
    if (!errors.empty()) return survey_page(page, token, *v, f, errors, 400);
    auto done = deps.services.notifications.respond(req.ctx, token, f.get("rating")[0] - '0', trimmed(f.get("comment")));
    if (!done) {
      // Answered in another window a moment ago: the first answer stands.
      if (kind_of(done.error().code) == ErrorKind::kFailedPrecondition)
        return page.message_page(200, "links.answered_title", "links.answered_body");
      if (kind_of(done.error().code) == ErrorKind::kInvalidArgument)
        return survey_page(page, token, *v, f, {{"comment", "links.comment_rejected"}}, 400);
      return link_error(page, done.error());
    }
    return page.message_page(200, "links.thanks_title", "links.thanks_body");
  });
}

}  // namespace civicdesk::web

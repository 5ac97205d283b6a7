// The contact centre's pages: logging a contact (/staff/contact) with the
// customer's single view beside it, and the customer page
// (/staff/customers/{id}). Staff only; what a person may see is decided by
// the same use cases as the API (CustomerService, CaseService), so restricted
// categories stay hidden from those not allowed.
#include <algorithm>

#include "domain/case.h"
#include "domain/identifiers.h"
#include "domain/reference.h"
#include "http/parse/query.h"
#include "web/page.h"

namespace civicdesk::web {

namespace {

constexpr Channel kLoggedChannels[] = {Channel::kTelephone, Channel::kFaceToFace, Channel::kEmail, Channel::kLetter,
                                       Channel::kSocialMedia};
constexpr ContactOutcome kOutcomes[] = {ContactOutcome::kResolvedAtFirstContact, ContactOutcome::kCaseCreated,
                                        ContactOutcome::kSignposted, ContactOutcome::kTransferred};

// "Due in 3 working days", "Due today", "Overdue by 2 working days"...
std::string sla_text(const Page& page, const SlaStatus& s) {
  const std::string n = std::to_string(s.working_days < 0 ? -s.working_days : s.working_days);
  switch (s.state) {
    case SlaState::kOnTrack: return page.format("frontdesk.sla_due_in", {{"days", n}});
    case SlaState::kDueToday: return page.text("frontdesk.sla_due_today");
    case SlaState::kOverdue: return page.format("frontdesk.sla_overdue", {{"days", n}});
    case SlaState::kPaused: return page.text("frontdesk.sla_paused");
    case SlaState::kMet: return page.text("frontdesk.sla_met");
    case SlaState::kMissed: return page.text("frontdesk.sla_missed");
    case SlaState::kNone: return "";
  }
  return "";
}

mstch::map case_row(const Page& page, const CatalogueSnapshot& cat, const CaseView& v) {
  return mstch::map{
      {"reference", v.c.reference},
      {"href", "/staff/cases/" + v.c.reference},
      {"category", category_name(cat, v.c.category)},
      {"summary", case_summary(v.c)},
      {"received", page.long_date(v.c.received_at)},
      {"status", page.text("status." + std::string(to_string(v.c.status)))},
      {"status_class", status_tag_class(v.c.status)},
      {"sla", sla_text(page, v.resolve)},
      {"overdue", v.resolve.state == SlaState::kOverdue},
  };
}

mstch::map contact_row(const Page& page, const CatalogueSnapshot& cat, const Contact& c) {
  return mstch::map{
      {"date", page.long_date(c.at)},
      {"channel", page.text("frontdesk.channel_" + std::string(to_string(c.channel)))},
      {"category", c.category.empty() ? std::string() : category_name(cat, c.category)},
      {"reason", c.reason},
      {"outcome", page.text("frontdesk.outcome_" + std::string(to_string(c.outcome)))},
      {"signposted_to", c.signposted_to},
      {"case_reference", c.case_reference},
      {"case_href", "/staff/cases/" + c.case_reference},
      {"has_case", !c.case_reference.empty()},
  };
}

std::string address_line(const PostalAddress& a) {
  std::string s;
  for (const std::string* part : {&a.line1, &a.line2, &a.line3, &a.town, &a.postcode})
    if (!part->empty()) s += (s.empty() ? "" : ", ") + *part;
  return s;
}

template <typename T>
const T* primary(const std::vector<T>& items) {
  for (const auto& i : items)
    if (i.primary) return &i;
  return items.empty() ? nullptr : &items.front();
}

mstch::map customer_row(const Customer& c, const std::string& q) {
  const PostalAddress* a = primary(c.addresses);
  const PhoneNumber* p = primary(c.phones);
  const EmailAddress* e = primary(c.emails);
  return mstch::map{
      {"id", std::to_string(c.id)},
      {"name", c.display_name()},
      {"address", a ? address_line(*a) : std::string()},
      {"phone", p ? p->number : std::string()},
      {"email", e ? e->address : std::string()},
      {"choose_href", "/staff/contact?customer=" + std::to_string(c.id) + (q.empty() ? "" : "&q=" + http::percent_encode(q))},
      {"page_href", "/staff/customers/" + std::to_string(c.id)},
  };
}

bool restricted_hidden(const Principal& p, const CatalogueSnapshot& cat, const std::string& category) {
  auto it = cat.categories.find(category);
  return it != cat.categories.end() && !sees_restricted(p, it->second);
}

int digit_count(std::string_view s) {
  int n = 0;
  for (char ch : s) n += ch >= '0' && ch <= '9';
  return n;
}

// The details of a customer, their cases and contacts, as the templates show
// them (`contacts_limit` most recent contacts).
Result<mstch::map> single_view(WebDeps& deps, const http::Request& req, const Page& page, Id id, int contacts_limit) {
  ASSIGN_OR_RETURN(Customer c, deps.services.customers.get(req.ctx, id));
  ASSIGN_OR_RETURN(auto cat, deps.services.catalogue.snapshot(req.ctx));
  CaseFilter cf;
  cf.customer_id = id;
  cf.sort = CaseSort::kNewest;
  cf.limit = 100;
  ASSIGN_OR_RETURN(CasePage cases, deps.services.cases.list(req.ctx, cf));
  ContactFilter kf;
  kf.customer_id = id;
  kf.limit = contacts_limit;
  ASSIGN_OR_RETURN(ContactPage contacts, deps.services.customers.list_contacts(req.ctx, kf));

  mstch::array open, closed, history, emails, phones, addresses;
  for (const auto& v : cases.items) (is_open(v.c.status) ? open : closed).push_back(case_row(page, *cat, v));
  for (const auto& k : contacts.items)
    if (k.category.empty() || !restricted_hidden(req.ctx.principal, *cat, k.category))
      history.push_back(contact_row(page, *cat, k));
  for (const auto& e : c.emails) emails.push_back(mstch::map{{"value", e.address}, {"label", e.label}});
  for (const auto& p : c.phones) phones.push_back(mstch::map{{"value", p.number}, {"label", p.label}});
  for (const auto& a : c.addresses) addresses.push_back(mstch::map{{"value", address_line(a)}, {"label", a.label}});
  std::string preferred = page.text("frontdesk.not_given");
  if (c.preferred_channel) preferred = page.text("frontdesk.preferred_" + std::string(to_string(*c.preferred_channel)));
  return mstch::map{
      {"id", std::to_string(c.id)},
      {"name", c.display_name()},
      {"page_href", "/staff/customers/" + std::to_string(c.id)},
      {"log_href", "/staff/contact?customer=" + std::to_string(c.id)},
      {"emails", emails},
      {"has_emails", !emails.empty()},
      {"phones", phones},
      {"has_phones", !phones.empty()},
      {"addresses", addresses},
      {"has_addresses", !addresses.empty()},
      {"preferred", preferred},
      {"language", c.language},
      {"needs_support", c.needs_support},
      {"support_notes", c.support_notes},
      {"open_cases", open},
      {"has_open", !open.empty()},
      {"closed_cases", closed},
      {"has_closed", !closed.empty()},
      {"more_cases", cases.next.has_value()},
      {"contacts", history},
      {"has_contacts", !history.empty()},
  };
}

// The search box: a case reference, a postcode, a phone number, an email
// address, or else words matched against names and contact details.
struct SearchResult {
  mstch::array customers;
  mstch::array cases;
  bool searched = false;
};

Result<SearchResult> search(WebDeps& deps, const http::Request& req, const Page& page, const std::string& q) {
  SearchResult out;
  if (q.empty()) return out;
  out.searched = true;
  ASSIGN_OR_RETURN(auto cat, deps.services.catalogue.snapshot(req.ctx));
  CustomerFilter f;
  f.limit = 20;
  if (auto ref = normalise_reference(q)) {
    auto found = deps.services.cases.get(req.ctx, *ref);
    if (found) {
      out.cases.push_back(case_row(page, *cat, *found));
      if (found->c.customer_id) {
        auto who = deps.services.customers.get(req.ctx, *found->c.customer_id);
        if (who) out.customers.push_back(customer_row(*who, q));
      }
      return out;
    }
    if (kind_of(found.error().code) != ErrorKind::kNotFound) return found.error();
  }
  if (auto pc = parse_postcode(q)) {
    f.postcode = *pc;
  } else if (q.find('@') != std::string::npos && parse_email(q)) {
    f.email = q;
  } else if (digit_count(q) >= 7 && parse_phone(q)) {
    f.phone = q;
  } else {
    f.text = q;
  }
  ASSIGN_OR_RETURN(CustomerPage found, deps.services.customers.list(req.ctx, f));
  for (const auto& c : found.items) out.customers.push_back(customer_row(c, q));
  return out;
}

// Staff only: others are sent to sign in, or told they cannot see the page.
std::optional<http::Response> staff_only(const Page& page, const http::Request& req) {
  if (!page.signed_in()) return page.sign_in_first(req.target.empty() ? req.path : req.target);
  const Principal& p = req.ctx.principal;
  if (p.kind != Principal::Kind::kUser || !p.role || !is_staff(*p.role))
    return page.message_page(403, "errors.forbidden_title", "errors.forbidden_body");
  return std::nullopt;
}

// Radios: the first input's id is the field's name, so that the error
// summary's link lands on it; the others are "<field>-<value>".
template <typename Values>
mstch::array option_list(const Page& page, const std::string& field, const std::string& chosen, const Values& values) {
  mstch::array out;
  bool first = true;
  for (auto v : values) {
    const std::string code(to_string(v));
    out.push_back(mstch::map{{"value", code},
                             {"text", page.text("frontdesk." + field + "_" + code)},
                             {"id", first ? field : field + "-" + code},
                             {"checked", chosen == code}});
    first = false;
  }
  return out;
}

mstch::array category_options(const Page& page, const CatalogueSnapshot& cat, const Principal& p,
                              const std::string& chosen) {
  mstch::array out;
  out.push_back(mstch::map{{"value", std::string()}, {"text", page.text("frontdesk.category_none")}, {"selected", chosen.empty()}});
  std::vector<const Category*> list;
  for (const auto& [code, c] : cat.categories)
    if (c.active && sees_restricted(p, c)) list.push_back(&c);
  std::sort(list.begin(), list.end(), [](const Category* a, const Category* b) { return a->name < b->name; });
  for (const Category* c : list)
    out.push_back(mstch::map{{"value", c->code}, {"text", c->name}, {"selected", chosen == c->code}});
  return out;
}

// Renders the contact page: search results, the chosen customer's single
// view, and the form to log the contact (with `typed` and `errors` after a
// refused submission).
Result<http::Response> contact_page(WebDeps& deps, const http::Request& req, const Page& page, const std::string& q,
                                    std::optional<Id> customer, const Form& typed, const FormErrors& errors,
                                    int status) {
  mstch::map c = page.context("frontdesk.contact_title");
  ASSIGN_OR_RETURN(auto cat, deps.services.catalogue.snapshot(req.ctx));
  c["q"] = q;
  c["search_action"] = std::string("/staff/contact");
  c["autofocus"] = !customer.has_value();  // else the first field of the form
  FormErrors all = errors;
  if (q.size() > 200) {
    all.push_back({"q", "frontdesk.errors.search_long"});
  } else {
    auto found = search(deps, req, page, q);
    if (!found) {
      if (kind_of(found.error().code) == ErrorKind::kPermissionDenied || kind_of(found.error().code) == ErrorKind::kUnauthenticated)
        return found.error();
      all.push_back({"q", "frontdesk.errors.search_invalid"});
    } else {
      c["searched"] = found->searched;
      c["found_customers"] = found->customers;
      c["has_customers"] = !found->customers.empty();
      c["found_cases"] = found->cases;
      c["has_cases"] = !found->cases.empty();
      c["nothing_found"] = found->searched && found->customers.empty() && found->cases.empty();
    }
  }
  if (customer) {
    ASSIGN_OR_RETURN(mstch::map view, single_view(deps, req, page, *customer, 10));
    c["customer"] = view;
    c["customer_id"] = std::to_string(*customer);
  }
  c["has_customer"] = customer.has_value();
  const Form* f = &typed;
  auto value = [&](const std::string& k, const std::string& dflt) { return f->has(k) ? f->get(k) : dflt; };
  c["channels"] = option_list(page, "channel", value("channel", "telephone"), kLoggedChannels);
  c["outcomes"] = option_list(page, "outcome", value("outcome", "resolved_at_first_contact"), kOutcomes);
  c["categories"] = category_options(page, *cat, req.ctx.principal, value("category", ""));
  if (auto qr = http::QueryReader::parse(req.query)) {
    if (auto ref = qr->string("case", 40); ref && !ref->empty()) {
      c["logged_case"] = *ref;
      c["logged_case_href"] = "/staff/cases/" + *ref;
    }
    if (auto done = qr->string("logged", 1); done && *done == "1") c["logged_ok"] = true;
  }
  Page::add_values(c, typed);
  page.add_errors(c, all);
  return page.html(all.empty() ? status : (status == 200 ? 400 : status), "staff_contact", c);
}

std::optional<Id> parse_id(const std::string& s) {
  if (s.empty() || s.size() > 18) return std::nullopt;
  for (char ch : s)
    if (ch < '0' || ch > '9') return std::nullopt;
  const long long v = std::stoll(s);
  if (v <= 0) return std::nullopt;
  return v;
}

// Reads the search query and chosen customer from the query string.
struct ContactQuery {
  std::string q;
  std::optional<Id> customer;
  bool bad = false;
};

ContactQuery read_contact_query(const http::Request& req) {
  ContactQuery out;
  auto qr = http::QueryReader::parse(req.query);
  if (!qr) {
    out.bad = true;
    return out;
  }
  out.q = trimmed(qr->string("q", 1000).value_or(""));
  if (auto id = qr->string("customer", 20); id && !id->empty()) {
    out.customer = parse_id(*id);
    out.bad = !out.customer;
  }
  return out;
}

// A contact's fields from the form; field errors for what cannot be right.
FormErrors read_contact(const Form& f, NewContact& out) {
  FormErrors errors;
  Contact& c = out.contact;
  if (auto ch = parse_channel(f.get("channel"))) c.channel = *ch;
  else errors.push_back({"channel", "frontdesk.errors.channel_missing"});
  auto oc = parse_contact_outcome(f.get("outcome"));
  if (oc) c.outcome = *oc;
  else errors.push_back({"outcome", "frontdesk.errors.outcome_missing"});
  c.reason = trimmed(f.get("reason"));
  if (c.reason.empty()) errors.push_back({"reason", "frontdesk.errors.reason_missing"});
  else if (c.reason.size() > 500) errors.push_back({"reason", "frontdesk.errors.reason_long"});
  c.category = f.get("category");
  c.notes = trimmed(f.get("notes"));
  if (c.notes.size() > 5000) errors.push_back({"notes", "frontdesk.errors.notes_long"});
  if (oc && *oc == ContactOutcome::kSignposted) {
    c.signposted_to = trimmed(f.get("signposted_to"));
    if (c.signposted_to.empty()) errors.push_back({"signposted_to", "frontdesk.errors.signposted_missing"});
    else if (c.signposted_to.size() > 200) errors.push_back({"signposted_to", "frontdesk.errors.signposted_long"});
  }
  if (oc && *oc == ContactOutcome::kCaseCreated) {
    if (c.category.empty()) errors.push_back({"category", "frontdesk.errors.case_category_missing"});
    NewCase nc;
    nc.category = c.category;
    nc.description = trimmed(f.get("case_description"));
    if (nc.description.empty()) nc.description = c.reason;
    if (nc.description.size() > 5000) errors.push_back({"case_description", "frontdesk.errors.case_description_long"});
    nc.location.address = trimmed(f.get("case_address"));
    if (nc.location.address.size() > 300) errors.push_back({"case_address", "frontdesk.errors.case_address_long"});
    const std::string pc = trimmed(f.get("case_postcode"));
    if (!pc.empty()) {
      if (auto p = parse_postcode(pc)) nc.location.postcode = *p;
      else errors.push_back({"case_postcode", "errors.postcode_invalid"});
    }
    out.new_case = nc;
  }
  if (f.has("customer_id") && !f.get("customer_id").empty()) {
    c.customer_id = parse_id(f.get("customer_id"));
    if (!c.customer_id) errors.push_back({"q", "frontdesk.errors.customer_unknown"});
  }
  return errors;
}

// A refusal from log_contact as a field error on the form, when it names one.
std::optional<FieldError> contact_error(const Error& e) {
  if (kind_of(e.code) != ErrorKind::kInvalidArgument && kind_of(e.code) != ErrorKind::kNotFound) return std::nullopt;
  const std::string& f = e.field;
  if (f == "case.category" || f == "category") return FieldError{"category", "frontdesk.errors.category_invalid"};
  if (f == "case.location" || f.rfind("case.location.", 0) == 0 || f == "location")
    return FieldError{"case_address", "frontdesk.errors.case_location"};
  if (f.rfind("case.answers", 0) == 0) return FieldError{"category", "frontdesk.errors.case_answers"};
  if (f.rfind("case.", 0) == 0) return FieldError{"case_description", "frontdesk.errors.case_invalid"};
  if (f == "customer_id") return FieldError{"q", "frontdesk.errors.customer_unknown"};
  if (f == "reason") return FieldError{"reason", "frontdesk.errors.reason_invalid"};
  if (f == "notes") return FieldError{"notes", "frontdesk.errors.notes_invalid"};
  if (f == "signposted_to") return FieldError{"signposted_to", "frontdesk.errors.signposted_missing"};
  return std::nullopt;
}

}  // namespace

void add_frontdesk_routes(http::Router& r, WebDeps& deps) {
  r.add("GET", "/staff/contact", [&deps](http::Request& req) -> Result<http::Response> {
    Page page(deps, req);
    if (auto no = staff_only(page, req)) return *no;
    ContactQuery cq = read_contact_query(req);
    if (cq.bad) return page.message_page(400, "errors.bad_request_title", "errors.bad_request_body");
    return contact_page(deps, req, page, cq.q, cq.customer, Form{}, {}, 200);
  });

  r.add("POST", "/staff/contact", [&deps](http::Request& req) -> Result<http::Response> {
    Page page(deps, req);
    if (auto no = staff_only(page, req)) return *no;
    ASSIGN_OR_RETURN(Form f, Form::parse(req.body));
    if (!page.csrf_ok(f)) return page.bad_token();
    NewContact in;
    FormErrors errors = read_contact(f, in);
    const std::string q = trimmed(f.get("q")).substr(0, 200);
    std::optional<Id> customer = in.contact.customer_id;
    if (!errors.empty()) return contact_page(deps, req, page, q, customer, f, errors, 400);
    in.contact.handler_id = req.ctx.principal.officer_id;
    auto logged = deps.services.customers.log_contact(req.ctx, in);
    if (!logged) {
      if (auto fe = contact_error(logged.error())) {
        if (fe->field == "q") customer.reset();
        return contact_page(deps, req, page, q, customer, f, {*fe}, 400);
      }
      return page.error(logged.error());
    }
    std::string to = "/staff/contact?logged=1";
    if (logged->created_case) to += "&case=" + http::percent_encode(logged->created_case->c.reference);
    if (customer) to += "&customer=" + std::to_string(*customer);
    return page.redirect(to);
  });

  r.add("GET", "/staff/customers", [&deps](http::Request& req) -> Result<http::Response> {
    Page page(deps, req);
    if (auto no = staff_only(page, req)) return *no;
    ContactQuery cq = read_contact_query(req);
    if (cq.bad) return page.message_page(400, "errors.bad_request_title", "errors.bad_request_body");
    mstch::map c = page.context("frontdesk.customers_title");
    c["q"] = cq.q;
    c["search_action"] = std::string("/staff/customers");
    c["autofocus"] = true;
    FormErrors errors;
    if (cq.q.size() > 200) {
      errors.push_back({"q", "frontdesk.errors.search_long"});
    } else {
      auto found = search(deps, req, page, cq.q);
      if (!found) {
        if (kind_of(found.error().code) == ErrorKind::kPermissionDenied) return page.error(found.error());
        errors.push_back({"q", "frontdesk.errors.search_invalid"});
      } else {
        c["searched"] = found->searched;
        c["found_customers"] = found->customers;
        c["has_customers"] = !found->customers.empty();
        c["found_cases"] = found->cases;
        c["has_cases"] = !found->cases.empty();
        c["nothing_found"] = found->searched && found->customers.empty() && found->cases.empty();
      }
    }
    page.add_errors(c, errors);
    return page.html(errors.empty() ? 200 : 400, "staff_customers", c);
  });

  r.add("GET", "/staff/customers/{id}", [&deps](http::Request& req) -> Result<http::Response> {
    Page page(deps, req);
    if (auto no = staff_only(page, req)) return *no;
    auto id = parse_id(req.param("id"));
    if (!id) return page.message_page(404, "errors.not_found_title", "errors.not_found_body");
    auto view = single_view(deps, req, page, *id, 100);
    if (!view) return page.error(view.error());
    mstch::map c = page.context("frontdesk.customer_title");
    c["title"] = boost::get<std::string>((*view)["name"]);
    c["customer"] = *view;
    return page.html(200, "staff_customer", c);
  });
}

}  // namespace civicdesk::web

// /api/v1/customers, /api/v1/contacts and /api/v1/search.
#include "http/api/api.h"
#include "http/api/json_out.h"
#include "http/parse/decode.h"
#include "http/parse/query.h"

namespace civicdesk::http {

namespace {

Response customer_response(int status, const Customer& c) {
  Response r = json_response(status, dump(customer_json(c)));
  r.set_header("ETag", etag(c.version));
  return r;
}

}  // namespace

void add_people_routes(Router& r, ApiDeps& deps) {
  CustomerService& customers = deps.services.customers;
  CaseService& cases = deps.services.cases;

  r.add("POST", "/api/v1/customers", [&customers](Request& req) -> Result<Response> {
    RETURN_IF_ERROR(no_query(req));
    RETURN_IF_ERROR(require_json(req));
    ASSIGN_OR_RETURN(Customer in, decode_customer(req.body));
    ASSIGN_OR_RETURN(Customer c, customers.create(req.ctx, std::move(in)));
    Response res = customer_response(201, c);
    res.set_header("Location", "/api/v1/customers/" + std::to_string(c.id));
    return res;
  });

  r.add("GET", "/api/v1/customers", [&customers](Request& req) -> Result<Response> {
    ASSIGN_OR_RETURN(CustomerFilter f, decode_customer_filter(req.query));
    auto found = customers.list(req.ctx, f);
    if (!found) {
      Error e = found.error();  // a filter value that does not parse is a query error
      if (e.kind() == ErrorKind::kInvalidArgument) e.code = ErrorCode::kInvalidQuery;
      return e;
    }
    CustomerPage& page = *found;
    return json_response(200, dump(id_page_json(page, customer_json)));
  });

  r.add("GET", "/api/v1/customers/{id}", [&customers](Request& req) -> Result<Response> {
    RETURN_IF_ERROR(no_query(req));
    ASSIGN_OR_RETURN(Id id, path_id(req, "id"));
    ASSIGN_OR_RETURN(Customer c, customers.get(req.ctx, id));
    return customer_response(200, c);
  });

  r.add("PUT", "/api/v1/customers/{id}", [&customers](Request& req) -> Result<Response> {
    RETURN_IF_ERROR(no_query(req));
    RETURN_IF_ERROR(require_json(req));
    ASSIGN_OR_RETURN(Id id, path_id(req, "id"));
    ASSIGN_OR_RETURN(Customer in, decode_customer(req.body));
    // A full replacement needs the ETag the client last saw (not "*").
    ASSIGN_OR_RETURN(Customer c, customers.replace(req.ctx, id, std::move(in), if_match(req)));
    return customer_response(200, c);
  });

  r.add("GET", "/api/v1/customers/{id}/cases", [&customers, &cases](Request& req) -> Result<Response> {
    ASSIGN_OR_RETURN(Id id, path_id(req, "id"));
    ASSIGN_OR_RETURN(CaseFilter f, decode_case_filter(req.query, CaseFilterUse::kOneCustomer));
    RETURN_IF_ERROR(customers.get(req.ctx, id));
    f.customer_id = id;
    ASSIGN_OR_RETURN(CasePage page, cases.list(req.ctx, f));
    std::optional<std::string> next;
    if (page.next) next = encode_case_cursor(*page.next);
    return json_response(200, case_page_text(page.items, next));
  });

  r.add("GET", "/api/v1/customers/{id}/contacts", [&customers](Request& req) -> Result<Response> {
    ASSIGN_OR_RETURN(Id id, path_id(req, "id"));
    ASSIGN_OR_RETURN(ContactFilter f, decode_contact_filter(req.query, /*one_customer=*/true));
    RETURN_IF_ERROR(customers.get(req.ctx, id));
    f.customer_id = id;
    ASSIGN_OR_RETURN(ContactPage page, customers.list_contacts(req.ctx, f));
    return json_response(200, dump(id_page_json(page, contact_json)));
  });

  r.add("POST", "/api/v1/contacts", [&customers](Request& req) -> Result<Response> {
    RETURN_IF_ERROR(no_query(req));
    RETURN_IF_ERROR(require_json(req));
    ASSIGN_OR_RETURN(NewContact in, decode_contact(req.body));
    ASSIGN_OR_RETURN(LoggedContact out, customers.log_contact(req.ctx, std::move(in)));
    std::string body = dump(contact_json(out.contact));
    if (out.created_case) {  // splice the case in as "case": {...}
      body.pop_back();
      body += ",\"case\":" + case_text(*out.created_case) + "}";
    }
    Response res = json_response(201, std::move(body));
    res.set_header("Location", "/api/v1/contacts/" + std::to_string(out.contact.id));
    return res;
  });

  r.add("GET", "/api/v1/contacts", [&customers](Request& req) -> Result<Response> {
    ASSIGN_OR_RETURN(ContactFilter f, decode_contact_filter(req.query));
    ASSIGN_OR_RETURN(ContactPage page, customers.list_contacts(req.ctx, f));
    return json_response(200, dump(id_page_json(page, contact_json)));
  });

  r.add("GET", "/api/v1/contacts/{id}", [&customers](Request& req) -> Result<Response> {
    RETURN_IF_ERROR(no_query(req));
    ASSIGN_OR_RETURN(Id id, path_id(req, "id"));
    ASSIGN_OR_RETURN(Contact c, customers.get_contact(req.ctx, id));
    return json_response(200, dump(contact_json(c)));
  });

  // One box for the contact centre: cases and customers matching the words.
  r.add("GET", "/api/v1/search", [&customers, &cases](Request& req) -> Result<Response> {
    ASSIGN_OR_RETURN(SearchInput in, decode_search(req.query));
    CaseFilter cf;
    cf.text = in.text;
    cf.limit = in.limit;
    ASSIGN_OR_RETURN(CasePage found_cases, cases.list(req.ctx, cf));
    CustomerFilter uf;
    uf.text = in.text;
    uf.limit = in.limit;
    ASSIGN_OR_RETURN(CustomerPage found_customers, customers.list(req.ctx, uf));
    JsonWriter w;
    w.begin_object();
    w.key("cases").begin_array();
    for (const auto& v : found_cases.items) write_case(w, v);
    w.end_array();
    w.key("customers").begin_array();
    for (const auto& x : found_customers.items) w.raw(dump(customer_json(x)));
    w.end_array();
    w.end_object();
    return json_response(200, std::move(w).take());
  });
}

}  // namespace civicdesk::http

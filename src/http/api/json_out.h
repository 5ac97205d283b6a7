// JSON renderings of domain values for /api/v1. One function per resource,
// so every endpoint shows a resource the same way.
#pragma once

#include <nlohmann/json.hpp>

#include "app/cases.h"
#include "http/api/json_writer.h"
#include "app/catalogue_cache.h"
#include "domain/case.h"
#include "domain/contact.h"
#include "domain/customer.h"
#include "http/parse/decode.h"

namespace civicdesk::http {

using nlohmann::json;

// Cases are rendered with JsonWriter (they are on every hot path).
void write_case(JsonWriter& w, const CaseView& v);
std::string case_text(const CaseView& v);
// {"items": [cases...], "next_cursor": ...}
std::string case_page_text(const std::vector<CaseView>& items, const std::optional<std::string>& next_cursor);
json event_json(const CaseEvent& e);
json link_json(const CaseLink& l);
json watcher_json(const Watcher& w);
json customer_json(const Customer& c);
json contact_json(const Contact& c);

json delivery_unit_json(const DeliveryUnit& du, const CatalogueSnapshot& cat);
json officer_json(const Officer& o);
json member_json(const Member& m);
json ward_json(const Ward& w);
json category_json(const Category& c, const CatalogueSnapshot& cat);
json back_office_json(const BackOfficeLink& l);  // a forwarded case's back-office link
json policy_json(const SlaPolicy& p);

// Serialises for the wire (invalid UTF-8, impossible here, is replaced
// rather than thrown).
std::string dump(const json& j);

// "\"<version>\"": the strong ETag of a versioned resource.
std::string etag(int64_t version);

// A listing page, {"items": [...], "next_cursor": ...}, of a Page with
// `items` and an optional `next_after` id (the cursor's position).
template <typename Page, typename ToJson>
json id_page_json(const Page& page, ToJson to_json) {
  json items = json::array();
  for (const auto& item : page.items) items.push_back(to_json(item));
  json body = {{"items", std::move(items)}, {"next_cursor", nullptr}};
  if (page.next_after) body["next_cursor"] = encode_id_cursor(*page.next_after);
  return body;
}

}  // namespace civicdesk::http

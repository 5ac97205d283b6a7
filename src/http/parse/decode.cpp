#include "http/parse/decode.h"

#include <charconv>

#include "base/base64.h"
#include "domain/identifiers.h"
#include "domain/text.h"
#include "http/parse/json_reader.h"
#include "http/parse/query.h"

namespace civicdesk::http {

namespace {

constexpr int64_t kMaxId = int64_t{1} << 53;

// A UPRN/USRN may arrive as a number or as (zero-padded) digits.
std::optional<int64_t> read_property_id(JsonReader& r, std::string_view key, bool usrn) {
  const nlohmann::json* v = r.raw(key);
  if (!v) return std::nullopt;
  std::string text;
  if (v->is_number_integer()) text = std::to_string(v->get<int64_t>());
  else if (v->is_string()) text = v->get<std::string>();
  else {
    r.fail(invalid_field(r.path(key), "Must be digits"));
    return std::nullopt;
  }
  auto parsed = usrn ? parse_usrn(text, r.path(key)) : parse_uprn(text, r.path(key));
  if (!parsed) {
    r.fail(parsed.error());
    return std::nullopt;
  }
  return *parsed;
}

Location read_location(JsonReader& r) {
  Location l;
  l.lat = r.number("lat", -90, 90);
  l.lng = r.number("lng", -180, 180);
  l.address = r.string("address", 500, true).value_or("");
  l.postcode = r.string("postcode", 16).value_or("");
  l.uprn = read_property_id(r, "uprn", false);
  l.usrn = read_property_id(r, "usrn", true);
  l.ward = r.string("ward", 64).value_or("");
  return l;
}

// {"code": "value"} or {"code": ["a", "b"]}.
Answers read_answers(JsonReader& r, std::string_view key) {
  Answers out;
  const nlohmann::json* v = r.raw(key);
  if (!v) return out;
  if (!v->is_object()) {
    r.fail(invalid_field(r.path(key), "Must be an object of answers keyed by question code"));
    return out;
  }
  if (v->size() > 50) {
    r.fail(invalid_field(r.path(key), "At most 50 answers"));
    return out;
  }
  for (const auto& item_pair : v->items()) {
    const std::string code = item_pair.key();  // (clang 14 cannot capture structured bindings)
    const nlohmann::json& value = item_pair.value();
    const std::string field = r.path(key) + "." + code.substr(0, 64);
    auto add = [&](const nlohmann::json& item) {
      if (!item.is_string()) {
        r.fail(invalid_field(field, "Answers are text, or a list of text"));
        return;
      }
      std::string s = item.get<std::string>();
      if (Status st = check_text(s, field, 2000, true); !st) return r.fail(st.error());
      out[code].push_back(std::move(s));
    };
    if (value.is_array()) {
      if (value.size() > 50) r.fail(invalid_field(field, "At most 50 values"));
      else
        for (const auto& item : value) add(item);
      if (value.empty()) out[code];
    } else {
      add(value);
    }
  }
  return out;
}

std::optional<Id> read_id(JsonReader& r, std::string_view key) { return r.integer(key, 1, kMaxId); }

std::optional<Instant> read_instant(JsonReader& r, std::string_view key) {
  auto s = r.string(key, 40);
  if (!s) return std::nullopt;
  auto t = parse_instant(*s);
  if (!t) r.fail(invalid_field(r.path(key), "Give a date and time with an offset, like 2026-03-31T09:30:00Z"));
  return t;
}

// `category_required`: false for a case opened from a contact, which takes
// the contact's category when it has none of its own.
NewCase read_new_case(JsonReader& r, bool category_required) {
  NewCase n;
  n.type = r.parsed<CaseType>("type", parse_case_type).value_or(CaseType::kServiceRequest);
  n.category = category_required ? r.required_string("category", 64) : r.string("category", 64).value_or("");
  n.priority = r.parsed<Priority>("priority", parse_priority);
  n.channel = r.parsed<Channel>("channel", parse_channel);
  n.title = r.string("title", 200).value_or("");
  n.description = r.required_string("description", 10000, true);
  if (auto loc = r.object("location")) n.location = read_location(*loc);
  n.answers = read_answers(r, "answers");
  n.customer_id = read_id(r, "customer_id");
  n.member_id = read_id(r, "member_id");
  n.parent_reference = r.string("parent_reference", 32).value_or("");
  n.confidential = r.boolean("confidential").value_or(false);
  n.received_at = read_instant(r, "received_at");
  n.delivery_unit = r.string("delivery_unit", 64).value_or("");
  n.team = r.string("team", 64).value_or("");
  n.assignee_id = read_id(r, "assignee_id");
  if (auto ws = r.objects("watchers", 50)) {
    for (auto& w : *ws) {
      Watcher watcher;
      watcher.kind = w.parsed<WatcherKind>("kind", parse_watcher_kind).value_or(WatcherKind::kEmail);
      watcher.ref_id = read_id(w, "id");
      watcher.email = w.string("email", 254).value_or("");
      watcher.name = w.string("name", 200).value_or("");
      n.watchers.push_back(std::move(watcher));
    }
  }
  return n;
}

std::optional<Instant> query_instant(QueryReader& q, std::string_view key, bool end_of_day) {
  auto s = q.string(key, 40);
  if (!s) return std::nullopt;
  if (auto t = parse_instant(*s)) return t;
  if (auto d = parse_date(*s)) return london_start_of_day(end_of_day ? *d + std::chrono::days{1} : *d);
  q.fail(Error(ErrorCode::kInvalidQuery, "\"" + std::string(key) + "\" must be a date (2026-03-31) or a time with an offset",
               std::string(key)));
  return std::nullopt;
}

std::optional<Id> query_id(QueryReader& q, std::string_view key) { return q.integer(key, 1, kMaxId); }

}  // namespace

Result<NewCase> decode_new_case(std::string_view body) {
  return decode<NewCase>(body, [](JsonReader& r) { return read_new_case(r, true); });
}

Result<CasePatch> decode_case_patch(std::string_view body) {
  return decode<CasePatch>(body, [](JsonReader& r) {
    CasePatch p;
    p.title = r.string("title", 200);
    p.description = r.string("description", 10000, true);
    p.priority = r.parsed<Priority>("priority", parse_priority);
    if (auto loc = r.object("location")) p.location = read_location(*loc);
    if (r.has("answers")) p.answers = read_answers(r, "answers");
    if (r.present("customer_id")) p.customer_id = read_id(r, "customer_id");  // null unlinks
    return p;
  });
}

Result<TransitionRequest> decode_transition(std::string_view body) {
  return decode<TransitionRequest>(body, [](JsonReader& r) {
    TransitionRequest t;
    if (!r.has("to")) r.fail(missing_field("to"));
    t.to = r.parsed<CaseStatus>("to", parse_case_status).value_or(CaseStatus::kInProgress);
    t.outcome = r.parsed<CaseOutcome>("outcome", parse_case_outcome);
    t.reason = r.string("reason", 2000, true).value_or("");
    t.outcome_notes = r.string("outcome_notes", 10000, true).value_or("");
    return t;
  });
}

Result<Assignment> decode_assignment(std::string_view body) {
  return decode<Assignment>(body, [](JsonReader& r) {
    Assignment a;
    a.delivery_unit = r.string("delivery_unit", 64).value_or("");
    a.team = r.string("team", 64).value_or("");
    a.officer_id = read_id(r, "officer_id");
    a.unassign_officer = r.boolean("unassign_officer").value_or(false);
    a.reason = r.string("reason", 2000, true).value_or("");
    return a;
  });
}

Result<NewNote> decode_note(std::string_view body) {
  return decode<NewNote>(body, [](JsonReader& r) {
    NewNote n;
    n.text = r.required_string("text", 10000, true);
    n.visibility = r.parsed<Visibility>("visibility", parse_visibility).value_or(Visibility::kInternal);
    return n;
  });
}

Result<LinkInput> decode_link(std::string_view body) {
  return decode<LinkInput>(body, [](JsonReader& r) {
    LinkInput l;
    if (!r.has("kind")) r.fail(missing_field("kind"));
    l.kind = r.parsed<LinkKind>("kind", parse_link_kind).value_or(LinkKind::kRelated);
    l.case_reference = r.required_string("case", 32);
    return l;
  });
}

Result<Watcher> decode_watcher(std::string_view body) {
  return decode<Watcher>(body, [](JsonReader& r) {
    Watcher w;
    if (!r.has("kind")) r.fail(missing_field("kind"));
    w.kind = r.parsed<WatcherKind>("kind", parse_watcher_kind).value_or(WatcherKind::kEmail);
    w.ref_id = read_id(r, "id");
    w.email = r.string("email", 254).value_or("");
    w.name = r.string("name", 200).value_or("");
    return w;
  });
}

Result<ExtensionInput> decode_extension(std::string_view body) {
  return decode<ExtensionInput>(body, [](JsonReader& r) {
    ExtensionInput e;
    if (!r.has("amount")) r.fail(missing_field("amount"));
    e.amount = static_cast<int>(r.integer("amount", 1, 365).value_or(0));
    e.reason = r.required_string("reason", 2000, true);
    return e;
  });
}

Result<Customer> decode_customer(std::string_view body) {
  return decode<Customer>(body, [](JsonReader& r) {
    Customer c;
    c.kind = r.parsed<CustomerKind>("kind", parse_customer_kind).value_or(CustomerKind::kPerson);
    c.title = r.string("title", 40).value_or("");
    c.given_name = r.string("given_name", 100).value_or("");
    c.family_name = r.string("family_name", 100).value_or("");
    c.organisation_name = r.string("organisation_name", 200).value_or("");
    if (auto dob = r.string("date_of_birth", 10)) {
      c.date_of_birth = parse_date(*dob);
      if (!c.date_of_birth) r.fail(invalid_field("date_of_birth", "Enter a date like 1970-01-31"));
    }
    if (auto emails = r.objects("emails", 20))
      for (auto& e : *emails)
        c.emails.push_back({e.required_string("address", 254), e.string("label", 40).value_or(""),
                            e.boolean("primary").value_or(false)});
    if (auto phones = r.objects("phones", 20))
      for (auto& p : *phones)
        c.phones.push_back({p.required_string("number", 40), p.string("label", 40).value_or(""),
                            p.boolean("primary").value_or(false)});
    if (auto addresses = r.objects("addresses", 20)) {
      for (auto& a : *addresses) {
        PostalAddress pa;
        pa.line1 = a.required_string("line1", 200);
        pa.line2 = a.string("line2", 200).value_or("");
        pa.line3 = a.string("line3", 200).value_or("");
        pa.town = a.string("town", 200).value_or("");
        pa.postcode = a.string("postcode", 16).value_or("");
        pa.uprn = read_property_id(a, "uprn", false);
        pa.label = a.string("label", 40).value_or("");
        pa.primary = a.boolean("primary").value_or(false);
        c.addresses.push_back(std::move(pa));
      }
    }
    c.preferred_channel = r.parsed<PreferredChannel>("preferred_channel", parse_preferred_channel);
    c.language = r.string("language", 35).value_or("en");
    c.needs_support = r.boolean("needs_support").value_or(false);
    c.support_notes = r.string("support_notes", 4000, true).value_or("");
    return c;
  });
}

Result<NewContact> decode_contact(std::string_view body) {
  return decode<NewContact>(body, [](JsonReader& r) {
    NewContact n;
    Contact& c = n.contact;
    c.customer_id = read_id(r, "customer_id");
    if (!r.has("channel")) r.fail(missing_field("channel"));
    c.channel = r.parsed<Channel>("channel", parse_channel).value_or(Channel::kTelephone);
    c.direction = r.parsed<Direction>("direction", parse_direction).value_or(Direction::kInbound);
    if (auto t = read_instant(r, "at")) c.at = *t;
    c.handler_id = read_id(r, "handler_id");
    c.category = r.string("category", 64).value_or("");
    c.reason = r.string("reason", 500).value_or("");
    if (!r.has("outcome")) r.fail(missing_field("outcome"));
    c.outcome = r.parsed<ContactOutcome>("outcome", parse_contact_outcome)
                    .value_or(ContactOutcome::kResolvedAtFirstContact);
    c.signposted_to = r.string("signposted_to", 200).value_or("");
    c.duration_seconds = static_cast<int>(r.integer("duration_seconds", 0, 86400).value_or(0));
    c.notes = r.string("notes", 10000, true).value_or("");
    n.case_reference = r.string("case_reference", 32).value_or("");
    if (auto nc = r.object("case")) n.new_case = read_new_case(*nc, false);
    return n;
  });
}

Result<CaseFilter> decode_case_filter(std::string_view query, CaseFilterUse use) {
  ASSIGN_OR_RETURN(QueryReader q, QueryReader::parse(query));
  CaseFilter f;
  f.status = q.parsed<CaseStatus>("status", parse_case_status);
  f.open_only = q.boolean("open").value_or(false);
  f.type = q.parsed<CaseType>("type", parse_case_type);
  f.delivery_unit = q.string("delivery_unit", 64).value_or("");
  f.team = q.string("team", 64).value_or("");
  f.category = q.string("category", 64).value_or("");
  f.ward = q.string("ward", 64).value_or("");
  f.assignee_id = query_id(q, "assignee_id");
  if (use != CaseFilterUse::kOneCustomer) f.customer_id = query_id(q, "customer_id");
  f.member_id = query_id(q, "member_id");
  f.received_from = query_instant(q, "received_from", false);
  f.received_to = query_instant(q, "received_to", true);
  if (auto due = q.string("due_before", 10)) {
    f.due_on_or_before = parse_date(*due);
    if (!f.due_on_or_before)
      q.fail(Error(ErrorCode::kInvalidQuery, "\"due_before\" must be a date like 2026-03-31", "due_before"));
  }
  f.text = q.string("q", 200).value_or("");
  if (auto sort = q.string("sort", 10)) {
    if (*sort == "newest") f.sort = CaseSort::kNewest;
    else if (*sort == "due") f.sort = CaseSort::kDueFirst;
    else q.fail(Error(ErrorCode::kInvalidQuery, "\"sort\" must be newest or due", "sort"));
  }
  if (auto cursor = use == CaseFilterUse::kExport ? std::nullopt : q.string("cursor", 200)) {
    auto c = decode_case_cursor(*cursor);
    if (!c) q.fail(c.error());
    else if (c->sort != f.sort)
      q.fail(Error(ErrorCode::kInvalidCursor, "This cursor belongs to a listing sorted another way", "cursor"));
    else f.after = *c;
  }
  if (use != CaseFilterUse::kExport) f.limit = static_cast<int>(q.integer("limit", 1, 200).value_or(50));
  if (f.received_from && f.received_to && *f.received_to <= *f.received_from)
    q.fail(Error(ErrorCode::kInvalidQuery, "received_to must be after received_from", "received_to"));
  RETURN_IF_ERROR(q.finish());
  return f;
}

Result<CustomerFilter> decode_customer_filter(std::string_view query) {
  ASSIGN_OR_RETURN(QueryReader q, QueryReader::parse(query));
  CustomerFilter f;
  f.text = q.string("q", 200).value_or("");
  f.email = q.string("email", 254).value_or("");
  f.phone = q.string("phone", 40).value_or("");
  f.postcode = q.string("postcode", 16).value_or("");
  if (auto u = q.string("uprn", 20)) {
    auto uprn = parse_uprn(*u);
    if (!uprn) q.fail(Error(ErrorCode::kInvalidQuery, uprn.error().message, "uprn"));
    else f.uprn = *uprn;
  }
  if (auto cursor = q.string("cursor", 100)) {
    auto id = decode_id_cursor(*cursor);
    if (!id) q.fail(id.error());
    else f.after_id = *id;
  }
  f.limit = static_cast<int>(q.integer("limit", 1, 200).value_or(50));
  RETURN_IF_ERROR(q.finish());
  return f;
}

Result<ContactFilter> decode_contact_filter(std::string_view query, bool one_customer) {
  ASSIGN_OR_RETURN(QueryReader q, QueryReader::parse(query));
  ContactFilter f;
  if (!one_customer) f.customer_id = query_id(q, "customer_id");
  f.channel = q.parsed<Channel>("channel", parse_channel);
  f.from = query_instant(q, "from", false);
  f.to = query_instant(q, "to", true);
  if (auto cursor = q.string("cursor", 100)) {
    auto id = decode_id_cursor(*cursor);
    if (!id) q.fail(id.error());
    else f.after_id = *id;
  }
  f.limit = static_cast<int>(q.integer("limit", 1, 200).value_or(50));
  RETURN_IF_ERROR(q.finish());
  return f;
}

Result<SearchInput> decode_search(std::string_view query) {
  ASSIGN_OR_RETURN(QueryReader q, QueryReader::parse(query));
  SearchInput s;
  s.text = q.string("q", 200).value_or("");
  s.limit = static_cast<int>(q.integer("limit", 1, 50).value_or(20));
  RETURN_IF_ERROR(q.finish());
  if (trim(s.text).empty()) return Error(ErrorCode::kInvalidQuery, "Enter something to search for", "q");
  return s;
}

// Cursors: base64url of "n:<id>" (newest first) or "d:<due|->:<id>" (due
// first). The content is not secret, only opaque; anything else is refused.
std::string encode_case_cursor(const CaseCursor& c) {
  if (c.sort == CaseSort::kDueFirst)
    return base64url_encode("d:" + (c.last_due.empty() ? std::string("-") : c.last_due) + ":" +
                            std::to_string(c.last_id));
  return base64url_encode("n:" + std::to_string(c.last_id));
}

Result<CaseCursor> decode_case_cursor(std::string_view text) {
  const Error bad(ErrorCode::kInvalidCursor, "The page cursor is not one civicdesk gave out; start from the first page",
                  "cursor");
  auto raw = base64url_decode(text);
  if (!raw || raw->size() < 3 || (*raw)[1] != ':') return bad;
  CaseCursor c;
  std::string_view rest = std::string_view(*raw).substr(2);
  if ((*raw)[0] == 'd') {
    c.sort = CaseSort::kDueFirst;
    const size_t colon = rest.find(':');
    if (colon == std::string_view::npos) return bad;
    const std::string_view due = rest.substr(0, colon);
    if (due != "-") {
      if (!parse_date(due)) return bad;
      c.last_due = std::string(due);
    }
    rest = rest.substr(colon + 1);
  } else if ((*raw)[0] != 'n') {
    return bad;
  }
  auto [p, ec] = std::from_chars(rest.data(), rest.data() + rest.size(), c.last_id);
  if (ec != std::errc() || p != rest.data() + rest.size() || c.last_id <= 0) return bad;
  return c;
}

std::string encode_id_cursor(Id after) { return base64url_encode("i:" + std::to_string(after)); }

Result<Id> decode_id_cursor(std::string_view text) {
  const Error bad(ErrorCode::kInvalidCursor, "The page cursor is not one civicdesk gave out; start from the first page",
                  "cursor");
  auto raw = base64url_decode(text);
  if (!raw || raw->rfind("i:", 0) != 0) return bad;
  Id id = 0;
  auto [p, ec] = std::from_chars(raw->data() + 2, raw->data() + raw->size(), id);
  if (ec != std::errc() || p != raw->data() + raw->size() || id <= 0) return bad;
  return id;
}

}  // namespace civicdesk::http

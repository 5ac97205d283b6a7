// civicdesk import cases: parse and check every row, then write them all in
// one transaction (docs/import.md).
#include "app/import.h"

#include <algorithm>
#include <map>
#include <optional>
#include <set>
#include <unordered_map>

#include "app/audit.h"
#include "app/cases.h"
#include "base/csv_reader.h"
#include "domain/reference.h"
#include "domain/text.h"

namespace civicdesk {

namespace {

enum Column {
  kReference, kType, kDeliveryUnit, kCategory, kReceivedAt, kDelayAdvisedAt, kClosedAt, kRaisedBy,
  kChannel, kDescription, kOutcome, kColumnCount
};
constexpr std::string_view kColumnNames[kColumnCount] = {
    "reference", "type", "delivery_unit", "category", "received_at", "delay_advised_at",
    "closed_at", "raised_by", "channel", "description", "outcome"};
constexpr bool kRequired[kColumnCount] = {true, true, true, false, true, false, false, false, false, false, false};

constexpr uint32_t kNone = UINT32_MAX;
constexpr std::string_view kNoDescription = "(No description in the imported record)";

std::string all_columns() {
  std::string out;
  for (auto c : kColumnNames) out += (out.empty() ? "" : ", ") + std::string(c);
  return out;
}

// A value quoted in a message, shortened so a stray megabyte never floods it.
std::string quoted(std::string_view v) {
  std::string s(v.substr(0, 60));
  if (v.size() > 60) s += "...";
  return "\"" + s + "\"";
}

// Names as people type them: trimmed, runs of spaces as one, ASCII letters
// folded to lower case ("Street  scene " matches "Street Scene").
std::string name_key(std::string_view s) {
  s = trim(s);
  std::string out;
  out.reserve(s.size());
  bool space = false;
  for (char ch : s) {
    if (ch == ' ' || ch == '\t') {
      space = true;
      continue;
    }
    if (space && !out.empty()) out.push_back(' ');
    space = false;
    out.push_back(ch >= 'A' && ch <= 'Z' ? static_cast<char>(ch - 'A' + 'a') : ch);
  }
  return out;
}

// Councillors are often written with or without their title.
std::string member_key(std::string_view s) {
  std::string k = name_key(s);
  for (std::string_view title : {"cllr ", "cllr. ", "councillor "})
    if (k.rfind(title, 0) == 0) return k.substr(title.size());
  return k;
}

// A type or channel as spreadsheets write it: "Face to face" -> "face_to_face".
std::string token(std::string_view s) {
  std::string out = name_key(s);
  for (char& ch : out)
    if (ch == ' ' || ch == '-') ch = '_';
  return out;
}

std::optional<CaseType> read_type(std::string_view text) {
  const std::string t = token(text);
  static const std::map<std::string, CaseType, std::less<>> kAliases = {
      {"members_enquiry", CaseType::kMemberEnquiry}, {"member's_enquiry", CaseType::kMemberEnquiry},
      {"foi", CaseType::kFoiRequest}, {"eir", CaseType::kEirRequest},
      {"sar", CaseType::kSubjectAccessRequest}};
  if (auto it = kAliases.find(t); it != kAliases.end()) return it->second;
  auto v = parse_case_type(t);
  if (!v) return std::nullopt;
  return *v;
}

std::optional<Channel> read_channel(std::string_view text) {
  const std::string t = token(text);
  static const std::map<std::string, Channel, std::less<>> kAliases = {
      {"phone", Channel::kTelephone}, {"e_mail", Channel::kEmail}, {"web", Channel::kWebform},
      {"online", Channel::kWebform}, {"in_person", Channel::kFaceToFace}, {"post", Channel::kLetter},
      {"social", Channel::kSocialMedia}};
  if (auto it = kAliases.find(t); it != kAliases.end()) return it->second;
  auto v = parse_channel(t);
  if (!v) return std::nullopt;
  return *v;
}

std::optional<CaseOutcome> read_outcome(std::string_view text) {
  auto v = parse_case_outcome(token(text));
  if (!v) return std::nullopt;
  return *v;
}

std::string type_title(CaseType t) {
  switch (t) {
    case CaseType::kServiceRequest: return "Service request";
    case CaseType::kGeneralEnquiry: return "General enquiry";
    case CaseType::kMemberEnquiry: return "Members' Enquiry";
    case CaseType::kComplaint: return "Complaint";
    case CaseType::kCompliment: return "Compliment";
    case CaseType::kComment: return "Comment";
    case CaseType::kFoiRequest: return "Freedom of Information request";
    case CaseType::kEirRequest: return "Environmental Information request";
    case CaseType::kSubjectAccessRequest: return "Subject access request";
  }
  return "Case";
}

// Distinct names in the file, each kept once with the spelling first seen.
struct Names {
  std::vector<std::string> display;
  std::vector<int64_t> first_line;
  std::unordered_map<std::string, uint32_t> index;
  uint32_t intern(std::string_view text, int64_t line, std::string key) {
    auto [it, added] = index.try_emplace(std::move(key), static_cast<uint32_t>(display.size()));
    if (added) {
      display.emplace_back(trim(text));
      first_line.push_back(line);
    }
    return it->second;
  }
};

// What is kept of a row between checking and writing.
struct Row {
  int64_t line = 0;
  std::string reference;
  std::string description;
  Instant received{};
  std::optional<Instant> delay, closed;
  CaseType type = CaseType::kServiceRequest;
  Channel channel = Channel::kTelephone;
  std::optional<CaseOutcome> outcome;
  uint32_t du = kNone, category = kNone, member = kNone;
};

// Problems found, in line order, the first `max` kept and all counted.
class Issues {
 public:
  explicit Issues(size_t max) : max_(max) {}
  void add(int64_t line, std::string_view column, std::string message) {
    ++count_;
    if (kept_.size() < max_) kept_.push_back({line, std::string(column), std::move(message)});
  }
  int64_t count() const { return count_; }
  std::vector<ImportIssue>& kept() { return kept_; }

 private:
  size_t max_;
  int64_t count_ = 0;
  std::vector<ImportIssue> kept_;
};

struct Parsed {
  int64_t data_rows = 0;
  std::vector<Row> rows;  // rows without problems
  Names delivery_units, categories, members;
  std::unordered_map<std::string, int64_t> reference_lines;  // every reference -> its line
};

// ---- reading and checking rows (no database) -----------------------------------

void parse_file(std::istream& in, const RequestContext& ctx, Parsed& out, Issues& issues) {
  CsvReader reader(in);
  std::vector<std::string> fields;
  int col_of[kColumnCount];
  std::fill(std::begin(col_of), std::end(col_of), -1);
  size_t header_size = 0;
  bool header_ok = true;

  auto first = reader.next(fields);
  if (!first) {
    issues.add(1, "", first.error().message);
    return;
  }
  if (!*first) {
    issues.add(1, "", "The file is empty: it needs a header row naming the columns (" + all_columns() + ")");
    return;
  }
  if (!fields.empty() && fields[0].rfind("\xEF\xBB\xBF", 0) == 0) fields[0].erase(0, 3);  // a BOM is fine
  header_size = fields.size();
  for (size_t i = 0; i < fields.size(); ++i) {
    if (!valid_utf8(fields[i])) {
      issues.add(1, "", "The header is not valid UTF-8: save the file as UTF-8 (CSV UTF-8 in Excel)");
      return;
    }
    const std::string name = name_key(fields[i]);
    auto it = std::find(std::begin(kColumnNames), std::end(kColumnNames), name);
    if (it == std::end(kColumnNames)) {
      issues.add(1, name, "Unknown column " + quoted(fields[i]) + ": the columns are " + all_columns());
      header_ok = false;
      continue;
    }
    const int c = static_cast<int>(it - std::begin(kColumnNames));
    if (col_of[c] >= 0) {
      issues.add(1, name, "The column " + name + " appears twice");
      header_ok = false;
      continue;
    }
    col_of[c] = static_cast<int>(i);
  }
  for (int c = 0; c < kColumnCount; ++c)
    if (kRequired[c] && col_of[c] < 0) {
      issues.add(1, kColumnNames[c], "The required column " + std::string(kColumnNames[c]) + " is missing");
      header_ok = false;
    }
  const int required_missing = [&] {
    int n = 0;
    for (int c = 0; c < kColumnCount; ++c) n += kRequired[c] && col_of[c] < 0;
    return n;
  }();
  (void)header_ok;
  // Rows are still checked after an unknown column (so one run shows every
  // problem), but not without a required one.
  if (required_missing > 0) return;

  const Instant latest = ctx.now + std::chrono::minutes{5};
  const Instant earliest = Instant{WorkingCalendar::kFirstDay};
  while (true) {
    auto more = reader.next(fields);
    if (!more) {
      ++out.data_rows;
      issues.add(reader.line(), "", more.error().message.substr(more.error().message.find(": ") + 2));
      if (more.error().message.find("ends inside") != std::string::npos) return;
      continue;
    }
    if (!*more) return;
    ++out.data_rows;
    const int64_t line = reader.line();
    if (fields.size() != header_size) {
      issues.add(line, "", "The row has " + std::to_string(fields.size()) + " fields; the header has " +
                               std::to_string(header_size));
      continue;
    }
    bool bad = false;
    for (int c = 0; c < kColumnCount; ++c) {
      if (col_of[c] >= 0 && !valid_utf8(fields[col_of[c]])) {
        issues.add(line, kColumnNames[c], "Not valid UTF-8: save the file as UTF-8 (CSV UTF-8 in Excel)");
        bad = true;
      }
    }
    if (bad) continue;
    auto value = [&](Column c) -> std::string_view {
      return col_of[c] < 0 ? std::string_view() : trim(fields[col_of[c]]);
    };
    auto problem = [&](Column c, std::string message) {
      issues.add(line, kColumnNames[c], std::move(message));
      bad = true;
    };
    auto instant = [&](Column c) -> std::optional<Instant> {
      const std::string_view v = value(c);
      if (v.empty()) return std::nullopt;
      auto t = parse_instant_or_london(v);
      if (!t) {
        problem(c, quoted(v) + " is not a date and time: write 2015-06-01T09:30:00Z, 2015-06-01T10:30:00+01:00 "
                               "or 2015-06-01 10:30 (London time)");
        return std::nullopt;
      }
      if (*t < earliest || *t > latest) {
        problem(c, quoted(v) + " is out of range (1990 to now)");
        return std::nullopt;
      }
      return t;
    };

    Row row;
    row.line = line;
    // reference
    std::string reference(value(kReference));
    if (reference.empty()) {
      problem(kReference, "The reference is empty");
    } else if (std::string why = imported_reference_problem(reference); !why.empty()) {
      problem(kReference, quoted(reference) + ": " + why);
    } else {
      if (auto own = normalise_reference(reference)) reference = *own;  // civicdesk's format: its canonical form
      auto [it, added] = out.reference_lines.try_emplace(reference, line);
      if (!added) problem(kReference, "The reference " + quoted(reference) + " is also on line " + std::to_string(it->second));
    }
    row.reference = std::move(reference);
    // type
    if (value(kType).empty()) {
      problem(kType, "The type is empty");
    } else if (auto t = read_type(value(kType))) {
      row.type = *t;
    } else {
      problem(kType, quoted(value(kType)) +
                         " is not a case type: service_request, general_enquiry, member_enquiry, complaint, "
                         "compliment, comment, foi_request, eir_request or subject_access_request");
    }
    // names
    if (value(kDeliveryUnit).empty()) problem(kDeliveryUnit, "The delivery unit is empty");
    else row.du = out.delivery_units.intern(value(kDeliveryUnit), line, name_key(value(kDeliveryUnit)));
    if (!value(kCategory).empty())
      row.category = out.categories.intern(value(kCategory), line, name_key(value(kCategory)));
    if (!value(kRaisedBy).empty())
      row.member = out.members.intern(value(kRaisedBy), line, member_key(value(kRaisedBy)));
    else if (row.type == CaseType::kMemberEnquiry)
      problem(kRaisedBy, "A Members' Enquiry needs raised_by: the councillor who raised it");
    // channel
    if (!value(kChannel).empty()) {
      if (auto ch = read_channel(value(kChannel))) row.channel = *ch;
      else
        problem(kChannel, quoted(value(kChannel)) +
                              " is not a channel: telephone, face_to_face, email, webform, letter, social_media, "
                              "app or open311");
    }
    // times
    if (value(kReceivedAt).empty()) problem(kReceivedAt, "The date received is empty");
    const auto received = instant(kReceivedAt);
    row.delay = instant(kDelayAdvisedAt);
    row.closed = instant(kClosedAt);
    if (received) {
      row.received = *received;
      if (row.closed && *row.closed < *received) problem(kClosedAt, "The case is closed before it was received");
      if (row.delay && *row.delay < *received)
        problem(kDelayAdvisedAt, "The delay is advised before the case was received");
    }
    if (row.delay && row.closed && *row.delay > *row.closed)
      problem(kDelayAdvisedAt, "The delay is advised after the case was closed");
    if (row.delay && row.type != CaseType::kMemberEnquiry)
      problem(kDelayAdvisedAt, "Only Members' Enquiries record a delay notice");
    // outcome
    if (!value(kOutcome).empty()) {
      auto o = read_outcome(value(kOutcome));
      if (!o) problem(kOutcome, quoted(value(kOutcome)) + " is not an outcome");
      else if (value(kClosedAt).empty()) problem(kOutcome, "Only a closed case has an outcome: give closed_at too");
      else if (is_complaint_outcome(*o) && row.type != CaseType::kComplaint)
        problem(kOutcome, "Only complaints are upheld or not upheld");
      else if (!is_complaint_outcome(*o) && row.type == CaseType::kComplaint && *o != CaseOutcome::kResolved)
        problem(kOutcome, "Close a complaint as upheld, partly_upheld or not_upheld");
      else row.outcome = o;
    }
    // description
    const std::string_view description = value(kDescription);
    if (Status s = check_text(description, "description", 10000, /*multiline=*/true); !s)
      problem(kDescription, s.error().message);
    else row.description = description.empty() ? std::string(kNoDescription) : std::string(description);

    if (!bad) out.rows.push_back(std::move(row));
  }
}

// ---- resolving names against the catalogue ----------------------------------------

// A code for a new record, from its name: "Parks & Open Spaces" ->
// "parks-open-spaces", made unique with -2, -3... 
std::string code_from_name(std::string_view name, std::set<std::string>& taken, std::string_view fallback) {
  std::string code;
  for (char ch : name_key(name)) {
    if ((ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9')) code.push_back(ch);
    else if (!code.empty() && code.back() != '-') code.push_back('-');
  }
  while (!code.empty() && code.back() == '-') code.pop_back();
  if (code.size() > 56) code.resize(56);
  while (!code.empty() && code.back() == '-') code.pop_back();
  if (code.empty()) code = std::string(fallback);
  std::string candidate = code;
  for (int n = 2; taken.count(candidate); ++n) candidate = code + "-" + std::to_string(n);
  taken.insert(candidate);
  return candidate;
}

// How each distinct name in the file maps onto the catalogue.
struct Resolution {
  std::vector<std::string> du_code;        // "" when unknown
  std::vector<std::string> category_code;  // "" when unknown
  std::vector<std::optional<Id>> member_id;
  std::vector<std::string> du_problem, category_problem, member_problem;  // "" when fine
  // Planned by --create-missing.
  std::vector<DeliveryUnit> new_dus;
  std::vector<Category> new_categories;
  std::vector<std::pair<uint32_t, Member>> new_members;  // name index -> member
};

// The policy for categories --create-missing adds: the one most of the
// council's services use, else a new standard policy.
std::optional<SlaPolicy> default_policy(const CatalogueSnapshot& cat, std::string& code) {
  std::map<std::string, int> uses;
  for (const auto& [c, category] : cat.categories) ++uses[category.sla_policy];
  int best = 0;
  for (const auto& [policy, n] : uses)
    if (n > best && cat.policies.count(policy)) best = n, code = policy;
  if (best > 0) return std::nullopt;
  SlaPolicy p;
  p.code = code = "imported-standard";
  p.name = "Standard (10 working days)";
  p.respond_days = 5;
  p.resolve_days = 10;
  if (cat.policies.count(p.code)) return std::nullopt;
  return p;
}

Resolution resolve(const CatalogueSnapshot& cat, const Parsed& in, bool create_missing,
                   std::optional<SlaPolicy>& new_policy) {
  Resolution r;
  // Delivery units by name.
  std::unordered_map<std::string, std::vector<std::string>> du_by_name;
  std::set<std::string> du_codes;
  for (const auto& [code, du] : cat.delivery_units) {
    du_by_name[name_key(du.name)].push_back(code);
    du_codes.insert(code);
  }
  const size_t ndu = in.delivery_units.display.size();
  r.du_code.assign(ndu, "");
  r.du_problem.assign(ndu, "");
  for (size_t i = 0; i < ndu; ++i) {
    const std::string& name = in.delivery_units.display[i];
    auto it = du_by_name.find(name_key(name));
    if (it != du_by_name.end() && it->second.size() == 1) {
      r.du_code[i] = it->second.front();
    } else if (it != du_by_name.end()) {
      r.du_problem[i] = "Several delivery units are named " + quoted(name) + ": rename one first";
    } else if (create_missing) {
      if (Status s = check_text(name, "delivery_unit", 200); !s) {
        r.du_problem[i] = s.error().message;
        continue;
      }
      DeliveryUnit du{code_from_name(name, du_codes, "delivery-unit"), name, "Created by an import", true};
      r.du_code[i] = du.code;
      r.new_dus.push_back(std::move(du));
    } else {
      r.du_problem[i] = "There is no delivery unit named " + quoted(name) +
                        ": add it to the catalogue first, or import with --create-missing";
    }
  }
  // Categories by name. A new category belongs to the delivery unit of the
  // first row that names it.
  std::unordered_map<std::string, std::vector<std::string>> cat_by_name;
  std::set<std::string> cat_codes;
  for (const auto& [code, c] : cat.categories) {
    cat_by_name[name_key(c.name)].push_back(code);
    cat_codes.insert(code);
  }
  const size_t ncat = in.categories.display.size();
  r.category_code.assign(ncat, "");
  r.category_problem.assign(ncat, "");
  std::vector<uint32_t> first_du(ncat, kNone);
  for (const Row& row : in.rows)
    if (row.category != kNone && first_du[row.category] == kNone) first_du[row.category] = row.du;
  std::string policy_code;
  for (size_t i = 0; i < ncat; ++i) {
    const std::string& name = in.categories.display[i];
    auto it = cat_by_name.find(name_key(name));
    if (it != cat_by_name.end() && it->second.size() == 1) {
      r.category_code[i] = it->second.front();
    } else if (it != cat_by_name.end()) {
      r.category_problem[i] = "Several services are named " + quoted(name) + ": rename one first";
    } else if (create_missing) {
      if (first_du[i] == kNone || r.du_code[first_du[i]].empty()) continue;  // its rows have other problems
      if (Status s = check_text(name, "category", 200); !s) {
        r.category_problem[i] = s.error().message;
        continue;
      }
      if (policy_code.empty()) new_policy = default_policy(cat, policy_code);
      Category c;
      c.code = code_from_name(name, cat_codes, "service");
      c.name = name;
      c.description = "Created by an import";
      c.delivery_unit = r.du_code[first_du[i]];
      c.sla_policy = policy_code;
      r.category_code[i] = c.code;
      r.new_categories.push_back(std::move(c));
    } else {
      r.category_problem[i] = "There is no service named " + quoted(name) +
                              ": add it to the catalogue first, or import with --create-missing";
    }
  }
  // Councillors by name, with or without "Cllr".
  std::unordered_map<std::string, std::vector<Id>> member_by_name;
  for (const auto& [id, m] : cat.members) member_by_name[member_key(m.name)].push_back(id);
  const size_t nm = in.members.display.size();
  r.member_id.assign(nm, std::nullopt);
  r.member_problem.assign(nm, "");
  for (size_t i = 0; i < nm; ++i) {
    const std::string& name = in.members.display[i];
    auto it = member_by_name.find(member_key(name));
    if (it != member_by_name.end() && it->second.size() == 1) {
      r.member_id[i] = it->second.front();
    } else if (it != member_by_name.end()) {
      r.member_problem[i] = "Several councillors are named " + quoted(name);
    } else if (create_missing) {
      if (Status s = check_text(name, "raised_by", 200); !s) {
        r.member_problem[i] = s.error().message;
        continue;
      }
      Member m;
      m.name = name;
      m.active = false;  // a past councillor, most likely: no ward, no email
      r.new_members.emplace_back(static_cast<uint32_t>(i), std::move(m));
    } else {
      r.member_problem[i] = "There is no councillor named " + quoted(name) +
                            ": add them first, or import with --create-missing";
    }
  }
  return r;
}

}  // namespace

Result<ImportReport> ImportService::import_cases(const RequestContext& ctx, std::istream& csv,
                                                 const ImportOptions& options) {
  if (!can(ctx.principal, Permission::kCreateCase) ||
      (options.create_missing && !can(ctx.principal, Permission::kManageCatalogue)))
    return denied(ctx, "import cases");
  ImportReport report;
  Parsed parsed;
  Issues file_issues(options.max_errors);
  parse_file(csv, ctx, parsed, file_issues);
  if (csv.bad()) return Error(ErrorCode::kInvalidFile, "Cannot read " + options.source);
  report.rows = parsed.data_rows;

  // Everything that needs the database, and the write, in one transaction.
  // It may run more than once (PostgreSQL retries), so it starts afresh.
  bool rejected = false;
  bool created = false;
  Status written = store_.write([&](Tx& tx) -> Status {
    report.errors.clear();
    report.error_count = 0;
    report.created_delivery_units.clear();
    report.created_categories.clear();
    report.created_members.clear();
    ASSIGN_OR_RETURN(auto cat, cache_.get(tx, ctx.tenant));
    std::optional<SlaPolicy> new_policy;
    Resolution names = resolve(*cat, parsed, options.create_missing, new_policy);

    // Rows naming what the catalogue lacks, in line order.
    Issues row_issues(options.max_errors);
    for (const Row& row : parsed.rows) {
      if (!names.du_problem[row.du].empty()) row_issues.add(row.line, "delivery_unit", names.du_problem[row.du]);
      if (row.category != kNone && !names.category_problem[row.category].empty())
        row_issues.add(row.line, "category", names.category_problem[row.category]);
      if (row.member != kNone && !names.member_problem[row.member].empty())
        row_issues.add(row.line, "raised_by", names.member_problem[row.member]);
    }
    // References civicdesk already has.
    std::vector<std::pair<int64_t, std::string>> taken;
    RETURN_IF_ERROR(tx.each_case_reference(ctx.tenant, [&](std::string_view ref) -> Status {
      if (auto it = parsed.reference_lines.find(std::string(ref)); it != parsed.reference_lines.end())
        taken.emplace_back(it->second, it->first);
      return {};
    }));
    std::sort(taken.begin(), taken.end());
    Issues taken_issues(options.max_errors);
    for (const auto& [line, ref] : taken)
      taken_issues.add(line, "reference", "The reference " + quoted(ref) + " is already a case in civicdesk");

    report.error_count = file_issues.count() + row_issues.count() + taken_issues.count();
    if (report.error_count > 0) {
      for (Issues* i : {&file_issues, &row_issues, &taken_issues})
        report.errors.insert(report.errors.end(), i->kept().begin(), i->kept().end());
      std::stable_sort(report.errors.begin(), report.errors.end(),
                       [](const ImportIssue& a, const ImportIssue& b) { return a.line < b.line; });
      if (report.errors.size() > options.max_errors) report.errors.resize(options.max_errors);
      rejected = true;
      return Error(ErrorCode::kInvalidFile, "The file has problems; nothing was imported");
    }

    // --create-missing
    if (new_policy) RETURN_IF_ERROR(tx.put_sla_policy(ctx.tenant, *new_policy));
    for (const DeliveryUnit& du : names.new_dus) {
      RETURN_IF_ERROR(tx.put_delivery_unit(ctx.tenant, du));
      report.created_delivery_units.push_back(du.name + " (" + du.code + ")");
    }
    std::map<std::string, Category> new_categories;
    for (const Category& c : names.new_categories) {
      RETURN_IF_ERROR(validate(c));
      RETURN_IF_ERROR(tx.put_category(ctx.tenant, c));
      report.created_categories.push_back(c.name + " (" + c.code + ")");
      new_categories.emplace(c.code, c);
    }
    for (auto& [index, m] : names.new_members) {
      ASSIGN_OR_RETURN(Id id, tx.put_member(ctx.tenant, m));
      names.member_id[index] = id;
      report.created_members.push_back(m.name + " (" + std::to_string(id) + ")");
    }
    created = !names.new_dus.empty() || !names.new_categories.empty() || !names.new_members.empty();

    // Policies by (type, category), worked out once each.
    std::map<std::pair<int, uint32_t>, SlaPolicy> policies;
    auto policy = [&](CaseType type, uint32_t category) -> Result<const SlaPolicy*> {
      auto key = std::pair{static_cast<int>(type), category};
      if (auto it = policies.find(key); it != policies.end()) return &it->second;
      const Category* c = nullptr;
      if (category != kNone) {
        const std::string& code = names.category_code[category];
        if (auto it = cat->categories.find(code); it != cat->categories.end()) c = &it->second;
        else c = &new_categories.at(code);
      }
      Result<SlaPolicy> p = (new_policy && c && c->sla_policy == new_policy->code && type != CaseType::kMemberEnquiry &&
                             !cat->policies.count(std::string(to_string(type))))
                                ? Result<SlaPolicy>(*new_policy)
                                : sla_policy_for(*cat, type, c);
      if (!p) return p.error();
      const SlaPolicy* stored = &policies.emplace(key, *p).first->second;
      return stored;
    };

    const std::string actor = ctx.principal.actor_tag();
    const std::string& prefix = cat->tenant.reference_prefix;
    int64_t highest_own = 0;
    size_t next_row = 0;
    Status failed;
    auto next = [&](Case& c, CaseEvent& e) -> bool {
      if (next_row == parsed.rows.size() || !failed.ok()) return false;
      const Row& row = parsed.rows[next_row++];
      auto p = policy(row.type, row.category);
      if (!p) {
        failed = p.error();
        return false;
      }
      c = Case{};
      c.reference = row.reference;
      c.type = row.type;
      c.category = row.category == kNone ? "" : names.category_code[row.category];
      c.delivery_unit = names.du_code[row.du];
      c.member_id = row.member == kNone ? std::nullopt : names.member_id[row.member];
      c.channel = row.channel;
      c.title = row.category == kNone ? type_title(row.type) : parsed.categories.display[row.category];
      c.description = row.description;
      c.sla = **p;
      const WorkingCalendar& cal = cat->calendar_for(c.sla);
      c.received_at = row.received;
      c.clock = start_clock(c.sla, cal, row.received);
      c.enquiry.delay_advised_at = row.delay;
      if (row.closed) {
        c.status = CaseStatus::kClosed;
        c.closed_at = row.closed;
        c.outcome = row.outcome.value_or(CaseOutcome::kResolved);
        c.clock = record_response(c.sla, cal, c.clock, *row.closed);  // as closing does
      } else {
        c.status = CaseStatus::kInProgress;
      }
      c.created_at = c.updated_at = ctx.now;
      c.version = 1;
      if (auto parts = parse_reference(c.reference); parts && parts->prefix == prefix)
        highest_own = std::max(highest_own, parts->number);
      e = CaseEvent{};
      e.at = ctx.now;
      e.actor = actor;
      e.kind = std::string(event_kind::kImported);
      e.visibility = Visibility::kInternal;
      e.details = {{"source", options.source}, {"line", std::to_string(row.line)}};
      return true;
    };
    ASSIGN_OR_RETURN(report.imported, tx.insert_cases_bulk(ctx.tenant, next));
    RETURN_IF_ERROR(failed);
    if (highest_own > 0) RETURN_IF_ERROR(tx.advance_case_numbers(ctx.tenant, highest_own));
    if (!parsed.rows.empty()) {
      report.first_reference = parsed.rows.front().reference;
      report.last_reference = parsed.rows.back().reference;
    }
    return audit(tx, ctx, "case.import", "import", options.source,
                 {{"rows", std::to_string(report.imported)},
                  {"created_delivery_units", std::to_string(report.created_delivery_units.size())},
                  {"created_categories", std::to_string(report.created_categories.size())},
                  {"created_members", std::to_string(report.created_members.size())},
                  {"first_reference", report.first_reference},
                  {"last_reference", report.last_reference}});
  });
  if (created) cache_.invalidate(ctx.tenant);
  if (rejected) {
    report.imported = 0;
    report.created_delivery_units.clear();
    report.created_categories.clear();
    report.created_members.clear();
    report.first_reference.clear();
    report.last_reference.clear();
    return report;
  }
  if (!written) return written.error();
  return report;
}

}  // namespace civicdesk

// The subject access export as a printable page. Built with Html below:
// text is always escaped; markup comes only from string literals in this
// file (tags, class names, ids made of digits).
#include <array>

#include "http/api/privacy_render.h"

namespace civicdesk::http {

std::string html_escape(std::string_view text) {
  std::string out;
  out.reserve(text.size() + 16);
  for (char c : text) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      case '\'': out += "&#39;"; break;
      default: out += c;
    }
  }
  return out;
}

namespace {

constexpr std::string_view kStyle = R"(
body { font-family: system-ui, -apple-system, "Segoe UI", Roboto, Arial, sans-serif; color: #0b0c0c;
       line-height: 1.4; margin: 0 auto; max-width: 60em; padding: 1.5em; }
.council { font-weight: bold; font-size: 1.2em; border-bottom: 4px solid #0b0c0c; padding-bottom: .3em; }
h1 { font-size: 1.8em; margin: .6em 0 .3em; }
h2 { font-size: 1.4em; margin-top: 1.6em; border-bottom: 1px solid #b1b4b6; }
h3 { font-size: 1.15em; margin-top: 1.2em; }
table { border-collapse: collapse; width: 100%; margin: .5em 0 1em; font-size: .9em; }
th, td { border: 1px solid #b1b4b6; padding: .3em .5em; text-align: left; vertical-align: top; }
th { background: #f3f2f1; }
dl { display: grid; grid-template-columns: max-content auto; gap: .2em 1em; }
dt { font-weight: bold; }
dd { margin: 0; white-space: pre-wrap; }
td.text { white-space: pre-wrap; }
.none { color: #505a5f; font-style: italic; }
@page { margin: 2cm; }
@media print {
  body { max-width: none; padding: 0; }
  a { color: inherit; text-decoration: none; }
  h2, h3 { break-after: avoid; }
  tr, dl { break-inside: avoid; }
  section { break-before: auto; }
}
)";

constexpr std::array<std::string_view, 12> kMonths = {"January", "February", "March",     "April",   "May",      "June",
                                                      "July",    "August",   "September", "October", "November", "December"};

std::string long_date(LocalDate d) {
  const std::chrono::year_month_day ymd{d};
  return std::to_string(static_cast<unsigned>(ymd.day())) + " " +
         std::string(kMonths[static_cast<unsigned>(ymd.month()) - 1]) + " " +
         std::to_string(static_cast<int>(ymd.year()));
}

// "1 March 2016 at 10:00" in UK time.
std::string when(Instant t) {
  const int64_t local = t.time_since_epoch().count() + london_utc_offset(t);
  const int64_t of_day = ((local % 86400) + 86400) % 86400;
  char hm[8];
  std::snprintf(hm, sizeof hm, "%02d:%02d", static_cast<int>(of_day / 3600), static_cast<int>(of_day % 3600 / 60));
  return long_date(london_date(t)) + " at " + hm;
}

std::string words(std::string_view code) {
  std::string s(code);
  for (char& c : s)
    if (c == '_' || c == '-') c = ' ';
  if (!s.empty() && s[0] >= 'a' && s[0] <= 'z') s[0] = static_cast<char>(s[0] - 'a' + 'A');
  return s;
}

// An HTML document under construction. text() and the cell/row helpers
// escape; tags are literals.
class Html {
 public:
  Html& tag(std::string_view literal_markup) {
    out_ += literal_markup;
    return *this;
  }
  Html& text(std::string_view s) {
    out_ += html_escape(s);
    return *this;
  }
  Html& element(std::string_view name, std::string_view s) {
    out_ += "<";
    out_ += name;
    out_ += ">";
    text(s);
    out_ += "</";
    out_ += name;
    out_ += ">";
    return *this;
  }
  Html& heading(std::string_view level, std::string_view id, std::string_view s) {
    out_ += "<" + std::string(level) + " id=\"" + std::string(id) + "\">";
    text(s);
    out_ += "</" + std::string(level) + ">\n";
    return *this;
  }
  // A definition list entry; empty values show "none".
  Html& entry(std::string_view term, std::string_view value) {
    element("dt", term);
    if (value.empty()) tag("<dd class=\"none\">none</dd>");
    else element("dd", value);
    return tag("\n");
  }
  Html& table_head(std::initializer_list<std::string_view> headings) {
    tag("<table>\n<thead><tr>");
    for (auto h : headings) element("th", h);
    return tag("</tr></thead>\n<tbody>\n");
  }
  Html& row(std::initializer_list<std::string_view> cells) {
    tag("<tr>");
    for (auto c : cells) {
      tag("<td class=\"text\">");
      text(c);
      tag("</td>");
    }
    return tag("</tr>\n");
  }
  Html& table_end() { return tag("</tbody>\n</table>\n"); }
  Html& none(std::string_view s) {
    tag("<p class=\"none\">");
    text(s);
    return tag("</p>\n");
  }
  std::string take() && { return std::move(out_); }

 private:
  std::string out_;
};

std::string details_text(const std::map<std::string, std::string>& d) {
  std::string s;
  for (const auto& [k, v] : d) s += (s.empty() ? "" : "\n") + words(k) + ": " + v;
  return s;
}

std::string name_of(const std::map<std::string, std::string>& names, const std::string& code) {
  auto it = names.find(code);
  return it == names.end() ? code : it->second + " (" + code + ")";
}

std::string yes_no_unknown(const std::optional<bool>& b) { return b ? (*b ? "Yes" : "No") : "Not recorded"; }

void customer_section(Html& h, const SubjectAccessExport& x) {
  const Customer& c = x.customer;
  h.heading("h2", "record", "2. Customer record");
  h.tag("<dl>\n");
  h.entry("Customer number", std::to_string(c.id));
  h.entry("Kind", words(to_string(c.kind)));
  h.entry("Title", c.title);
  h.entry("Given name", c.given_name);
  h.entry("Family name", c.family_name);
  h.entry("Organisation", c.organisation_name);
  h.entry("Date of birth", c.date_of_birth ? long_date(*c.date_of_birth) : "");
  h.entry("Preferred channel", c.preferred_channel ? words(to_string(*c.preferred_channel)) : "");
  h.entry("Language", c.language);
  h.entry("Needs additional support", c.needs_support ? "Yes" : "No");
  h.entry("Support notes", c.support_notes);
  h.entry("Record created", when(c.created_at));
  h.entry("Last changed", when(c.updated_at));
  h.tag("</dl>\n");
  h.element("h3", "Email addresses");
  if (c.emails.empty()) h.none("None held.");
  else {
    h.table_head({"Address", "Label", "Primary"});
    for (const auto& e : c.emails) h.row({e.address, e.label, e.primary ? "Yes" : "No"});
    h.table_end();
  }
  h.element("h3", "Telephone numbers");
  if (c.phones.empty()) h.none("None held.");
  else {
    h.table_head({"Number", "Label", "Primary"});
    for (const auto& p : c.phones) h.row({p.number, p.label, p.primary ? "Yes" : "No"});
    h.table_end();
  }
  h.element("h3", "Postal addresses");
  if (c.addresses.empty()) h.none("None held.");
  else {
    h.table_head({"Address", "Postcode", "Property reference (UPRN)", "Label", "Primary"});
    for (const auto& a : c.addresses) {
      std::string lines;
      for (const std::string* l : {&a.line1, &a.line2, &a.line3, &a.town})
        if (!l->empty()) lines += (lines.empty() ? "" : "\n") + *l;
      h.row({lines, a.postcode, a.uprn ? std::to_string(*a.uprn) : "", a.label, a.primary ? "Yes" : "No"});
    }
    h.table_end();
  }
}

void preferences_section(Html& h, const SubjectAccessExport& x) {
  const ContactPreferences& p = x.preferences.current;
  h.heading("h2", "preferences", "3. Contact preferences and consent");
  h.tag("<dl>\n");
  h.entry("Preferred channel", p.preferred_channel ? words(to_string(*p.preferred_channel)) : "");
  h.entry("Language", p.language);
  h.entry("Updates about your cases", yes_no_unknown(p.consent_updates));
  h.entry("Satisfaction surveys", yes_no_unknown(p.consent_surveys));
  h.tag("</dl>\n");
  h.element("h3", "History of changes");
  if (x.preferences.history.empty()) h.none("No changes recorded.");
  else {
    h.table_head({"When", "Preference", "Set to", "Changed by"});
    for (const auto& c : x.preferences.history) h.row({when(c.changed_at), words(c.name), c.value, c.changed_by});
    h.table_end();
  }
}

void accounts_section(Html& h, const SubjectAccessExport& x) {
  h.heading("h2", "accounts", "4. Sign-in accounts");
  if (x.accounts.empty()) return void(h.none("No sign-in account."));
  h.table_head({"Email address", "Name", "Verified", "Active", "Created"});
  for (const auto& u : x.accounts)
    h.row({u.email, u.name, u.email_verified ? "Yes" : "No", u.active ? "Yes" : "No", when(u.created_at)});
  h.table_end();
}

void contacts_section(Html& h, const SubjectAccessExport& x) {
  h.heading("h2", "contacts", "5. Contacts with the council");
  if (x.contacts.empty()) return void(h.none("No contacts recorded."));
  h.table_head({"When", "How", "About", "Reason", "Outcome", "Case", "Notes"});
  for (const auto& k : x.contacts)
    h.row({when(k.at), words(to_string(k.channel)) + " (" + std::string(to_string(k.direction)) + ")",
           k.category.empty() ? "" : name_of(x.category_names, k.category), k.reason,
           words(to_string(k.outcome)) + (k.signposted_to.empty() ? "" : ": " + k.signposted_to), k.case_reference,
           k.notes});
  h.table_end();
}

void case_article(Html& h, const SubjectAccessExport& x, const CaseRecord& r, size_t i) {
  const Case& c = r.view.c;
  h.heading("h3", "case-" + std::to_string(i + 1), c.reference + ": " + name_of(x.category_names, c.category));
  h.tag("<dl>\n");
  h.entry("Type", words(to_string(c.type)));
  h.entry("Status", words(to_string(c.status)));
  h.entry("Handled by", name_of(x.delivery_unit_names, c.delivery_unit));
  h.entry("How it reached us", words(to_string(c.channel)));
  h.entry("Received", when(c.received_at));
  h.entry("Title", c.title);
  h.entry("Description", c.description);
  std::string where = c.location.address;
  if (!c.location.postcode.empty()) where += (where.empty() ? "" : ", ") + c.location.postcode;
  h.entry("Location", where);
  std::string answers;
  for (const auto& [q, values] : c.answers) {
    std::string v;
    for (const auto& a : values) v += (v.empty() ? "" : ", ") + a;
    answers += (answers.empty() ? "" : "\n") + words(q) + ": " + v;
  }
  h.entry("Answers", answers);
  h.entry("Closed", c.closed_at ? when(*c.closed_at) : "");
  h.entry("Outcome", c.outcome ? words(to_string(*c.outcome)) : "");
  h.entry("Outcome notes", c.outcome_notes);
  h.tag("</dl>\n");
  if (!r.links.empty()) {
    std::string links;
    for (const auto& l : r.links) links += (links.empty() ? "" : ", ") + words(to_string(l.kind)) + " " + l.other_reference;
    h.tag("<p>").text("Linked cases: " + links).tag("</p>\n");
  }
  if (!r.photos.empty()) {
    std::string photos;
    for (const auto& a : r.photos)
      photos += (photos.empty() ? "" : ", ") + a.content_type + " " + std::to_string(a.width) + "x" +
                std::to_string(a.height) + " added " + when(a.uploaded_at) + " by " + a.uploaded_by;
    h.tag("<p>").text("Photos (ask for copies; not included in this export): " + photos).tag("</p>\n");
  }
  if (r.timeline.empty()) return void(h.none("No timeline entries."));
  h.table_head({"When", "What", "By", "Shared with customer", "Details"});
  for (const auto& e : r.timeline)
    h.row({when(e.at), words(e.kind), e.actor, e.visibility == Visibility::kPublic ? "Yes" : "No",
           details_text(e.details)});
  h.table_end();
}

}  // namespace

std::string subject_access_html(const SubjectAccessExport& x) {
  const bool full = x.scope == ExportScope::kFull;
  const std::string name = x.customer.display_name().empty() ? "customer " + std::to_string(x.customer.id)
                                                             : x.customer.display_name();
  Html h;
  h.tag("<!DOCTYPE html>\n<html lang=\"en-GB\">\n<head>\n<meta charset=\"utf-8\">\n")
      .tag("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
      .element("title", "Personal information held about " + name + " - " + x.council.name)
      .tag("\n<style>")
      .tag(kStyle)
      .tag("</style>\n</head>\n<body>\n<header>\n")
      .tag("<p class=\"council\">")
      .text(x.council.name)
      .tag("</p>\n")
      .element("h1", "Personal information held about " + name)
      .tag("\n<p>")
      .text("Customer number " + std::to_string(x.customer.id) + ". Prepared on " + when(x.generated_at) + " by " +
            x.generated_by + (full ? ": the council's full record." : ": the copy your account shows."))
      .tag("</p>\n</header>\n");

  // Contents.
  struct Part {
    std::string_view id, title;
  };
  std::vector<Part> parts = {{"about", "About this document"},    {"record", "Customer record"},
                             {"preferences", "Contact preferences and consent"}, {"accounts", "Sign-in accounts"},
                             {"contacts", "Contacts with the council"}, {"cases", "Cases"}};
  if (full) {
    parts.push_back({"watching", "Cases you are copied into"});
    parts.push_back({"messages", "Messages sent to you"});
    parts.push_back({"audit", "Who has looked at or changed your information"});
  }
  h.tag("<nav aria-labelledby=\"contents\">\n<h2 id=\"contents\">Contents</h2>\n<ol>\n");
  for (const Part& p : parts) {
    h.tag("<li><a href=\"#").tag(p.id).tag("\">").text(p.title);
    if (p.id == "cases" && !x.cases.empty()) {
      h.tag("</a>\n<ol>\n");
      for (size_t i = 0; i < x.cases.size(); ++i)
        h.tag("<li><a href=\"#case-" + std::to_string(i + 1) + "\">").text(x.cases[i].view.c.reference).tag("</a></li>\n");
      h.tag("</ol></li>\n");
    } else {
      h.tag("</a></li>\n");
    }
  }
  h.tag("</ol>\n</nav>\n<main>\n");

  h.tag("<section>\n").heading("h2", "about", "1. About this document");
  h.tag("<p>").text("This document lists the personal information " + x.council.name + " holds about " + name +
                    " in its customer service system, as it stood on " + when(x.generated_at) + ".").tag("</p>\n");
  h.tag("<ul>\n");
  for (const auto& note : x.left_out) h.element("li", note).tag("\n");
  h.tag("</ul>\n</section>\n");

  h.tag("<section>\n");
  customer_section(h, x);
  h.tag("</section>\n<section>\n");
  preferences_section(h, x);
  h.tag("</section>\n<section>\n");
  accounts_section(h, x);
  h.tag("</section>\n<section>\n");
  contacts_section(h, x);
  h.tag("</section>\n<section>\n").heading("h2", "cases", "6. Cases");
  if (x.cases.empty()) h.none("No cases.");
  for (size_t i = 0; i < x.cases.size(); ++i) {
    h.tag("<article>\n");
    case_article(h, x, x.cases[i], i);
    h.tag("</article>\n");
  }
  h.tag("</section>\n");

  if (full) {
    h.tag("<section>\n").heading("h2", "watching", "7. Cases you are copied into");
    if (x.watching.empty()) h.none("None.");
    else {
      h.table_head({"Case", "As", "Name", "Email address", "Since"});
      for (const auto& w : x.watching)
        h.row({w.reference, words(to_string(w.watcher.kind)), w.watcher.name, w.watcher.email, when(w.watcher.added_at)});
      h.table_end();
    }
    h.tag("</section>\n<section>\n").heading("h2", "messages", "8. Messages sent to you");
    if (x.messages.empty()) h.none("None.");
    else {
      h.table_head({"When", "By", "To", "Subject", "Message", "Status"});
      for (const auto& m : x.messages)
        h.row({when(m.created_at), words(m.channel), m.recipient, m.subject, m.body, words(m.status)});
      h.table_end();
    }
    h.tag("</section>\n<section>\n").heading("h2", "audit", "9. Who has looked at or changed your information");
    if (x.audit.empty()) h.none("Nothing recorded.");
    else {
      h.table_head({"When", "Who", "From", "What", "Record", "Details"});
      for (const auto& e : x.audit)
        h.row({when(e.at), e.actor, e.address, e.action, e.entity + " " + e.entity_id, details_text(e.details)});
      h.table_end();
    }
    h.tag("</section>\n");
  }
  h.tag("</main>\n</body>\n</html>\n");
  return std::move(h).take();
}

}  // namespace civicdesk::http

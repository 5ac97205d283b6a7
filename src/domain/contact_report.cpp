#include "domain/contact_report.h"

#include <algorithm>
#include <array>
#include <cctype>

namespace civicdesk::report {

namespace {

constexpr std::array kChannels = {Channel::kTelephone, Channel::kFaceToFace, Channel::kEmail,       Channel::kWebform,
                                  Channel::kLetter,    Channel::kSocialMedia, Channel::kApp,        Channel::kOpen311};
constexpr const char* kChannelNames[] = {"Telephone", "Face to face", "Email", "Web form",
                                         "Letter",    "Social media", "App",   "Open311"};
constexpr const char* kNoService = "No particular service";

struct Tally {
  int64_t contacts = 0;
  int64_t resolved = 0;
  std::array<int64_t, kChannels.size()> by_channel{};
  void add(const ContactFact& f) {
    ++contacts;
    if (f.outcome == ContactOutcome::kResolvedAtFirstContact) ++resolved;
    for (size_t i = 0; i < kChannels.size(); ++i)
      if (kChannels[i] == f.channel) ++by_channel[i];
  }
};

std::string lower(std::string s) {
  for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

std::vector<Cell> row_of(std::string label, const Tally& t) {
  std::vector<Cell> row = {Cell::of_text(std::move(label)), Cell::integer(t.contacts)};
  for (int64_t n : t.by_channel) row.push_back(Cell::integer(n));
  row.push_back(Cell::integer(t.resolved));
  row.push_back(percent_cell(t.resolved, t.contacts));
  return row;
}

}  // namespace

ReportTable contacts_table(const MonthRange& range, const std::vector<ContactFact>& facts,
                           const std::map<std::string, std::string>& service_names) {
  ReportTable t;
  t.name = "contacts";
  t.title = "Contacts by service: channel mix and first-contact resolution, " +
            (range.from == range.to ? format_month(range.from)
                                    : format_month(range.from) + " to " + format_month(range.to));
  t.parameters = {{"from", format_month(range.from)}, {"to", format_month(range.to)}};
  t.columns = {"Service"};
  t.columns.push_back("Contacts");
  for (const char* c : kChannelNames) t.columns.push_back(c);
  t.columns.push_back("Resolved at first contact");
  t.columns.push_back("% Resolved at first contact");
  // (lower-cased name, code) keeps two services of the same name apart.
  std::map<std::pair<std::string, std::string>, std::pair<std::string, Tally>> rows;
  Tally none, total;
  for (const ContactFact& f : facts) {
    const Month m = month_of(f.day);
    if (m < range.from || range.to < m) continue;
    total.add(f);
    if (f.category.empty()) {
      none.add(f);
      continue;
    }
    auto it = service_names.find(f.category);
    const std::string name = it == service_names.end() ? f.category : it->second;
    auto& slot = rows[{lower(name), f.category}];
    slot.first = name;
    slot.second.add(f);
  }
  for (const auto& [key, named] : rows) t.rows.push_back(row_of(named.first, named.second));
  if (none.contacts > 0) t.rows.push_back(row_of(kNoService, none));
  t.rows.push_back(row_of("Total", total));
  t.has_total = true;
  t.chart = {0, static_cast<int>(t.columns.size()) - 1, "% resolved at first contact, by service"};
  return t;
}

}  // namespace civicdesk::report

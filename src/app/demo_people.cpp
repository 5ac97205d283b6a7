// The demo council's customers: people (names that go together, dates of
// birth, emails on example.com/.org/.net, telephone numbers from Ofcom's
// drama ranges), some organisations, homes on Barnet streets with real-format
// postcodes and 12-digit UPRNs, ~5% needing additional support, and ~2.5%
// deliberate duplicates (the same person again with a typo, a nickname or a
// different email), as every council's CRM has.
#include <algorithm>
#include <set>

#include "app/demo_internal.h"
#include "domain/identifiers.h"

namespace civicdesk::demo {

namespace {

std::string lower_ascii(std::string_view s) {
  std::string out;
  for (char ch : s) {
    if (ch >= 'A' && ch <= 'Z') out.push_back(static_cast<char>(ch - 'A' + 'a'));
    else if ((ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9')) out.push_back(ch);
  }
  return out;
}

// Street positions are fixed per street (so a street's houses cluster), with
// a small offset per house.
double unit_hash(uint64_t x) { return static_cast<double>(mix_seed(x, 77) >> 11) * 0x1.0p-53; }

double round6(double v) { return std::round(v * 1e6) / 1e6; }

// Ofcom's numbers for drama (never allocated to anyone): mobile 07700 900xxx,
// London 020 7946 0xxx and the "496 0xxx" blocks of other cities. Each block
// is kept only if the phone validator accepts it, so that every generated
// customer passes normalise_customer.
struct PhoneRange {
  const char* e164_prefix;  // followed by three digits
  bool mobile;
  double weight;
};
constexpr PhoneRange kPhoneRanges[] = {
    {"+447700900", true, 1.0},    {"+442079460", false, 0.80}, {"+441134960", false, 0.03},
    {"+441214960", false, 0.03}, {"+441614960", false, 0.03}, {"+441174960", false, 0.03},
    {"+441184960", false, 0.03}, {"+441514960", false, 0.02}, {"+441314960", false, 0.01},
    {"+441414960", false, 0.01}, {"+442920180", false, 0.01}, {"+441632960", false, 0.02},
};

struct Phones {
  std::vector<const PhoneRange*> mobile, landline;
  std::vector<double> landline_weights;
  Phones() {
    for (const PhoneRange& r : kPhoneRanges) {
      const std::string probe = std::string(r.e164_prefix) + "123";
      auto parsed = parse_phone(probe);
      if (!parsed || *parsed != probe) continue;
      if (r.mobile) {
        mobile.push_back(&r);
      } else {
        landline.push_back(&r);
        landline_weights.push_back(r.weight);
      }
    }
  }
  std::string make(const PhoneRange& r, Rng& rng) const {
    const int n = rng.below(1000);
    const char digits[] = {static_cast<char>('0' + n / 100), static_cast<char>('0' + n / 10 % 10),
                           static_cast<char>('0' + n % 10), 0};
    return std::string(r.e164_prefix) + digits;
  }
  std::optional<std::string> mobile_number(Rng& rng) const {
    if (mobile.empty()) return std::nullopt;
    return make(*rng.pick(mobile), rng);
  }
  std::optional<std::string> landline_number(Rng& rng, bool london) const {
    if (landline.empty()) return std::nullopt;
    if (london && std::string_view(landline[0]->e164_prefix) == "+442079460") return make(*landline[0], rng);
    return make(*landline[rng.weighted(landline_weights)], rng);
  }
};

const std::string_view kDomains[] = {"example.com", "example.org", "example.net"};

std::string email_for(const std::string& given, const std::string& family, Rng& rng) {
  const std::string g = lower_ascii(given), f = lower_ascii(family);
  const std::string_view domain = kDomains[rng.weighted(std::vector<double>{0.6, 0.15, 0.25})];
  std::string local;
  switch (rng.below(6)) {
    case 0: local = g + "." + f; break;
    case 1: local = g.substr(0, 1) + f; break;
    case 2: local = g + f + std::to_string(rng.between(1, 99)); break;
    case 3: local = f + "." + g; break;
    case 4: local = g + "_" + f; break;
    default: local = g + std::to_string(rng.between(50, 99)); break;
  }
  return local + "@" + std::string(domain);
}

std::string unique(std::set<std::string>& used, std::string email, Rng& rng) {
  if (used.insert(email).second) return email;
  const size_t at = email.find('@');
  for (;;) {
    std::string tried = email.substr(0, at) + std::to_string(rng.between(1, 999)) + email.substr(at);
    if (used.insert(tried).second) return tried;
  }
}

// A plausible slip of the keyboard or the ear: swap, drop or double a letter.
std::string typo(const std::string& s, Rng& rng) {
  if (s.size() < 4) return s + s.back();
  std::string out = s;
  const size_t i = 1 + static_cast<size_t>(rng.below(static_cast<int>(s.size()) - 2));
  switch (rng.below(3)) {
    case 0:
      std::swap(out[i], out[i + 1]);
      if (out == s) out.erase(i, 1);
      break;
    case 1: out.erase(i, 1); break;
    default: out.insert(i, 1, out[i]); break;
  }
  return out;
}

LocalDate date_of_birth(LocalDate today, Rng& rng) {
  // Adults who contact a council: more in middle age, a long tail of older people.
  const int age = std::min(98, 18 + static_cast<int>(rng.exponential(10.0) + rng.uniform() * 40));
  return today - std::chrono::days{age * 365 + rng.below(365)};
}

}  // namespace

PersonName random_name(Rng& rng) {
  static const std::vector<double> weights = [] {
    std::vector<double> w;
    for (const NameGroup& g : kNameGroups) w.push_back(g.weight);
    return w;
  }();
  PersonName n;
  n.group = rng.weighted(weights);
  const NameGroup& g = kNameGroups[n.group];
  n.female = rng.chance(0.53);
  n.given = std::string(rng.pick(n.female ? g.female : g.male));
  n.family = std::string(rng.pick(g.family));
  const double t = rng.uniform();
  if (n.female) n.title = t < 0.42 ? "Mrs" : t < 0.72 ? "Ms" : t < 0.84 ? "Miss" : t < 0.87 ? "Dr" : "";
  else n.title = t < 0.86 ? "Mr" : t < 0.90 ? "Dr" : "";
  return n;
}

std::string town_for(int street) {
  const std::string_view d = kStreets[street].district;
  if (d.starts_with("EN")) return "Barnet";
  if (d.starts_with("HA")) return "Edgware";
  return "London";
}

std::string postcode_for(int street, int number) {
  const StreetInfo& s = kStreets[street];
  const int unit = street * 5 + number / 40;  // a new postcode unit every 40 houses
  std::string pc = std::string(s.district) + " " + std::to_string(s.sector);
  pc += kUnitLetters[(unit * 7 + 3) % kUnitLetters.size()];
  pc += kUnitLetters[(unit * 13 + street) % kUnitLetters.size()];
  return pc;
}

int64_t uprn_for(int street, int number, int flat) {
  return 200000000000LL + static_cast<int64_t>(street) * 100000 + number * 100 + flat;
}

int64_t usrn_for(int street) { return 20500000 + street; }

Location street_location(int street, int number, Rng& rng) {
  const StreetInfo& s = kStreets[street];
  const WardInfo& w = kWards[s.ward];
  const double angle = unit_hash(street * 2 + 1) * 6.283185307179586;
  // Each street a short line through a point near the ward's centre.
  double lat = w.lat + (unit_hash(street * 2) - 0.5) * 0.012 + std::sin(angle) * 0.000045 * (number % 120);
  double lng = w.lng + (unit_hash(street * 3 + 7) - 0.5) * 0.018 + std::cos(angle) * 0.00007 * (number % 120);
  lat += (rng.uniform() - 0.5) * 0.0004;
  lng += (rng.uniform() - 0.5) * 0.0006;
  Location l;
  l.lat = round6(std::clamp(lat, kMinLat + 0.001, kMaxLat - 0.001));
  l.lng = round6(std::clamp(lng, kMinLng + 0.001, kMaxLng - 0.001));
  l.address = std::to_string(number) + " " + std::string(s.name) + ", " + town_for(street);
  l.postcode = postcode_for(street, number);
  l.ward = std::string(w.code);
  return l;
}

People make_people(const World& w, Rng& rng) {
  People p;
  const int n = std::max(0, w.opt.customers);
  p.customers.reserve(n);
  p.home.reserve(n);
  p.ward.reserve(n);
  p.street.reserve(n);
  p.created.reserve(n);
  // The council moved to civicdesk (importing its old CRM) 60 days before
  // the history starts; new people are recorded as they first get in touch.
  const Instant migration = w.start - std::chrono::days{60};
  const double window = static_cast<double>((w.opt.now - w.start).count());
  auto recorded = [&](std::optional<Instant> not_before) {
    if (!not_before && rng.chance(0.4)) return migration;
    const Instant from = not_before.value_or(w.start);
    const double span = std::max(0.0, static_cast<double>((w.opt.now - from).count()) - 60);
    return from + std::chrono::seconds{static_cast<int64_t>(rng.uniform() * std::min(span, window))};
  };
  auto add_created = [&](Instant t) {
    if (t == migration) p.migrated.push_back(static_cast<int>(p.created.size()));
    p.created.push_back(t);
  };
  p.activity.reserve(n);
  p.by_ward.assign(w.opt.wards, {});
  const Phones phones;
  const LocalDate today = w.last_day;
  std::set<std::string> used_emails;

  std::vector<double> street_weights;
  for (int s : w.streets) street_weights.push_back(kStreets[s].high_street ? 0.6 : 1.0);
  const Cumulative pick_street(street_weights);

  auto home_for = [&](Customer& c, bool organisation) -> int {
    int street = w.streets[pick_street.sample(rng)];
    if (organisation) {
      // Businesses and groups sit on the high streets more often.
      for (int tries = 0; tries < 6 && !kStreets[street].high_street; ++tries)
        street = w.streets[pick_street.sample(rng)];
    }
    const int number = rng.between(1, kStreets[street].high_street ? 320 : 160);
    PostalAddress a;
    int flat = 0;
    if (!organisation && rng.chance(0.28)) {
      flat = rng.between(1, 40);
      a.line1 = "Flat " + std::to_string(flat) + ", " + std::string(kBlockNames[(street + number) % std::size(kBlockNames)]);
      a.line2 = std::to_string(number) + " " + std::string(kStreets[street].name);
    } else if (organisation) {
      a.line1 = "Unit " + std::to_string(rng.between(1, 12));
      a.line2 = std::to_string(number) + " " + std::string(kStreets[street].name);
    } else {
      a.line1 = std::to_string(number) + " " + std::string(kStreets[street].name);
    }
    a.town = town_for(street);
    a.postcode = postcode_for(street, number);
    a.uprn = uprn_for(street, number, flat);
    a.label = organisation ? "business" : "home";
    a.primary = true;
    c.addresses.push_back(a);
    Location home = street_location(street, number, rng);
    home.address = a.line1 + (a.line2.empty() ? "" : ", " + a.line2) + ", " + a.town;
    home.uprn = a.uprn;
    p.home.push_back(std::move(home));
    p.street.push_back(street);
    p.ward.push_back(kStreets[street].ward);
    return street;
  };

  auto set_preference = [&](Customer& c) {
    const double u = rng.uniform();
    if (u < 0.42 && !c.emails.empty()) c.preferred_channel = PreferredChannel::kEmail;
    else if (u < 0.75 && !c.phones.empty()) c.preferred_channel = PreferredChannel::kTelephone;
    else if (u < 0.85 && !c.phones.empty() && c.phones.front().number.starts_with("+447"))
      c.preferred_channel = PreferredChannel::kSms;
    else if (u < 0.95) c.preferred_channel = PreferredChannel::kPost;
  };

  std::vector<int> people;  // indices of persons, candidates for duplicates
  for (int i = 0; i < n; ++i) {
    Customer c;
    // ~2.5% are the same person again, entered by someone who did not find
    // the existing record.
    if (!people.empty() && i > 20 && rng.chance(0.026)) {
      const int orig = people[rng.below(static_cast<int>(people.size()))];
      c = p.customers[orig];
      c.emails.clear();
      const Customer& o = p.customers[orig];
      switch (rng.below(4)) {
        case 0:  // misspelt family name, same phone
          c.family_name = typo(o.family_name, rng);
          if (!o.emails.empty() && rng.chance(0.5)) c.emails.push_back(o.emails.front());
          break;
        case 1: {  // a familiar given name and a new email
          bool found = false;
          for (const Nickname& nk : kNicknames)
            if (nk.formal == o.given_name) {
              c.given_name = std::string(nk.familiar);
              found = true;
            }
          if (!found) c.given_name = typo(o.given_name, rng);
          c.emails.push_back({unique(used_emails, email_for(c.given_name, c.family_name, rng), rng), "home", true});
          break;
        }
        case 2:  // same name, different email, no date of birth
          c.date_of_birth.reset();
          c.emails.push_back({unique(used_emails, email_for(c.given_name, c.family_name, rng), rng), "home", true});
          break;
        default:  // misspelt given name, address typed without the UPRN
          c.given_name = typo(o.given_name, rng);
          for (auto& a : c.addresses) a.uprn.reset();
          if (!o.emails.empty()) c.emails.push_back(o.emails.front());
          break;
      }
      if (rng.chance(0.4)) c.title.clear();
      if (rng.chance(0.3) && c.phones.size() > 1) c.phones.pop_back();
      c.needs_support = c.needs_support && rng.chance(0.5);
      if (!c.needs_support) c.support_notes.clear();
      c.preferred_channel.reset();
      set_preference(c);
      p.customers.push_back(std::move(c));
      p.home.push_back(p.home[orig]);
      p.street.push_back(p.street[orig]);
      p.ward.push_back(p.ward[orig]);
      p.activity.push_back(0.4);
      add_created(recorded(p.created[orig]));  // the duplicate is entered after the original
      p.by_ward[p.ward.back()].push_back(i);
      ++p.duplicates;
      continue;
    }

    const bool organisation = rng.chance(0.03);
    if (organisation) {
      c.kind = CustomerKind::kOrganisation;
      const int street = home_for(c, true);
      std::string name(rng.pick(std::span<const std::string_view>(kOrganisationPatterns)));
      const PersonName someone = random_name(rng);
      auto replace = [&](const std::string& key, const std::string& value) {
        if (auto pos = name.find(key); pos != std::string::npos) name.replace(pos, key.size(), value);
      };
      replace("%w", std::string(kWards[kStreets[street].ward].name));
      replace("%s", std::string(kStreets[street].name));
      replace("%f", someone.family);
      c.organisation_name = name;
      std::string local = lower_ascii(name).substr(0, 24);
      c.emails.push_back({unique(used_emails, "info." + local + "@example.org", rng), "work", true});
      if (auto ph = phones.landline_number(rng, true)) c.phones.push_back({*ph, "office", true});
      if (rng.chance(0.3))
        if (auto ph = phones.mobile_number(rng)) c.phones.push_back({*ph, "mobile", false});
      c.preferred_channel = PreferredChannel::kEmail;
      p.customers.push_back(std::move(c));
      p.activity.push_back(rng.chance(0.2) ? 6.0 : 1.5);
      add_created(recorded(std::nullopt));
      continue;
    }

    const PersonName nm = random_name(rng);
    c.title = nm.title;
    c.given_name = nm.given;
    c.family_name = nm.family;
    if (rng.chance(0.6)) c.date_of_birth = date_of_birth(today, rng);
    home_for(c, false);
    if (rng.chance(0.78)) {
      c.emails.push_back({unique(used_emails, email_for(nm.given, nm.family, rng), rng), "home", true});
      if (rng.chance(0.18))
        c.emails.push_back({unique(used_emails, email_for(nm.given, nm.family, rng), rng), "work", false});
    }
    if (rng.chance(0.8))
      if (auto ph = phones.mobile_number(rng)) c.phones.push_back({*ph, "mobile", true});
    if (c.phones.empty() || rng.chance(0.3))
      if (auto ph = phones.landline_number(rng, rng.chance(0.85)))
        c.phones.push_back({*ph, "home", c.phones.empty()});
    if (rng.chance(0.07)) {  // a second address: correspondence, or where they used to live
      PostalAddress a = c.addresses.front();
      const int street = w.streets[pick_street.sample(rng)];
      const int number = rng.between(1, 150);
      a.line1 = std::to_string(number) + " " + std::string(kStreets[street].name);
      a.line2.clear();
      a.town = town_for(street);
      a.postcode = postcode_for(street, number);
      a.uprn = uprn_for(street, number, 0);
      a.label = rng.chance(0.5) ? "correspondence" : "previous";
      a.primary = false;
      c.addresses.push_back(a);
    }
    if (rng.chance(0.05)) {
      const SupportNeed* need = &kSupportNeeds[rng.below(static_cast<int>(std::size(kSupportNeeds)))];
      const std::string_view language = kNameGroups[nm.group].language;
      if (need->interpreter && language == "en") need = &kSupportNeeds[rng.below(7)];
      c.needs_support = true;
      c.support_notes = std::string(need->notes);
      if (need->interpreter) c.language = std::string(language);
    }
    set_preference(c);
    const bool heavy = rng.chance(0.05);  // 5% of customers make ~20% of contacts
    p.activity.push_back((heavy ? 4.75 : 1.0) * (0.6 + 0.8 * rng.uniform()));
    add_created(recorded(std::nullopt));
    p.by_ward[p.ward.back()].push_back(i);
    people.push_back(i);
    p.customers.push_back(std::move(c));
  }
  return p;
}

}  // namespace civicdesk::demo

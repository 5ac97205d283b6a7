// Two years of the demo council's work: cases with their timelines (receipt,
// triage and assignment, progress, pauses, extensions, delays advised,
// notes, closure) run through the domain's SLA and lifecycle rules with
// historic instants, and the contacts that led to them or were resolved
// without one.
//
// The shape follows what councils publish (shared/DOMAIN.md): telephone ~80%
// of contacts, roughly two thirds resolved at first contact, most cases
// service requests and enquiries, Members' Enquiries closed within 5 working
// days ~74% of the time with most of the rest advised of a delay, and
// 75-90% of cases closed within their SLA.
#include <algorithm>

#include "app/cases.h"
#include "app/demo_internal.h"
#include "domain/text.h"

namespace civicdesk::demo {

namespace {

using std::chrono::days;
using std::chrono::minutes;
using std::chrono::seconds;

// ---- when things happen ------------------------------------------------------------

enum class Profile { kOffice, kOnline, kMember };

constexpr double kSeason[12] = {1.05, 1.0, 1.25, 1.2, 1.0, 1.0, 1.05, 0.95, 1.0, 1.0, 0.95, 0.8};
constexpr double kWeekday[7] = {1.3, 1.1, 1.0, 0.95, 0.85, 0, 0};
constexpr double kOfficeHours[10] = {0.6, 1.3, 1.5, 1.35, 1.15, 1.1, 1.05, 0.95, 0.8, 0.45};  // 08:00-17:59
constexpr double kOnlineHours[24] = {0.15, 0.08, 0.05, 0.04, 0.05, 0.1, 0.3, 0.6, 0.9, 1.0, 1.0, 1.0,
                                     1.0,  0.95, 0.95, 0.9,  0.9,  0.95, 1.0, 1.05, 1.05, 0.95, 0.7, 0.35};
constexpr double kMemberHours[16] = {0.4, 0.8, 1.0, 1.0, 0.9, 0.8, 0.8, 0.8, 0.9, 0.9, 0.8, 0.8, 0.9, 1.0, 0.8, 0.5};  // 07-22

class TimeSampler {
 public:
  explicit TimeSampler(const World& w) : now_(w.opt.now), start_(w.start) {
    const WorkingCalendar& cal = w.cat.council_calendar;
    std::vector<double> office, online, member;
    for (LocalDate d = w.first_day; d <= w.last_day; d += days{1}) {
      days_.push_back(d);
      const unsigned wd = iso_weekday(d);
      const double season = kSeason[static_cast<unsigned>(std::chrono::year_month_day{d}.month()) - 1];
      const bool working = cal.is_working_day(d);
      double o = working ? kWeekday[wd - 1] * season : 0;
      if (working && wd != 1 && !cal.is_working_day(d - days{1})) o *= 1.4;  // the day after a bank holiday
      office.push_back(o);
      online.push_back(season * (wd >= 6 ? 0.7 : 1.0) * (!working && wd < 6 ? 0.6 : 1.0));
      member.push_back(season * (working ? 1.0 : 0.25));
    }
    office_ = Cumulative(office);
    online_ = Cumulative(online);
    member_ = Cumulative(member);
    office_hours_ = Cumulative(kOfficeHours);
    online_hours_ = Cumulative(kOnlineHours);
    member_hours_ = Cumulative(kMemberHours);
  }

  Instant sample(Profile p, Rng& rng) const {
    for (int tries = 0; tries < 40; ++tries) {
      int hour = 0;
      LocalDate d{};
      switch (p) {
        case Profile::kOffice:
          d = days_[office_.sample(rng)];
          hour = 8 + office_hours_.sample(rng);
          break;
        case Profile::kOnline:
          d = days_[online_.sample(rng)];
          hour = online_hours_.sample(rng);
          break;
        case Profile::kMember:
          d = days_[member_.sample(rng)];
          hour = 7 + member_hours_.sample(rng);
          break;
      }
      const Instant t = london_local_to_instant(d, hour, rng.below(60), rng.below(60));
      if (t <= now_ && t >= start_) return t;
    }
    return now_ - seconds{rng.between(60, 3600)};
  }

 private:
  Instant now_, start_;
  std::vector<LocalDate> days_;
  Cumulative office_, online_, member_, office_hours_, online_hours_, member_hours_;
};

Profile profile_for(Channel ch) {
  switch (ch) {
    case Channel::kTelephone:
    case Channel::kFaceToFace:
    case Channel::kLetter: return Profile::kOffice;
    default: return Profile::kOnline;
  }
}

// ---- mixes -----------------------------------------------------------------------------

constexpr Channel kContactChannels[] = {Channel::kTelephone, Channel::kFaceToFace, Channel::kEmail,
                                        Channel::kWebform,   Channel::kLetter,     Channel::kSocialMedia,
                                        Channel::kApp,       Channel::kOpen311};
constexpr double kContactChannelWeights[] = {0.79, 0.07, 0.06, 0.035, 0.02, 0.012, 0.008, 0.005};

constexpr CaseType kTypes[] = {CaseType::kServiceRequest, CaseType::kGeneralEnquiry, CaseType::kMemberEnquiry,
                               CaseType::kComplaint,      CaseType::kCompliment,     CaseType::kComment,
                               CaseType::kFoiRequest,     CaseType::kEirRequest,     CaseType::kSubjectAccessRequest};
constexpr double kTypeWeights[] = {0.60, 0.175, 0.10, 0.055, 0.015, 0.01, 0.03, 0.005, 0.01};

// Share of contacts that open a case; the rest are resolved at first
// contact, signposted or transferred.
constexpr double kCaseCreatedShare = 0.26;
constexpr double kFcrShare = 0.64;
constexpr double kSignpostedShare = 0.065;

const std::vector<std::string> kFoiTopics = {
    "agency staff costs", "compensation claims paid for pothole damage", "penalty charge notices issued by street",
    "fly-tipping prosecutions", "consultants engaged by the council", "temporary accommodation placements outside the borough",
    "spending on translation and interpreting services", "empty council-owned properties", "electric vehicle charging points installed",
    "street trees felled and planted", "cyber security incidents", "the contact centre contract and its performance measures",
    "staff earning over 100,000 pounds", "children missing education", "the cost of the recent restructure",
    "complaints received about the waste service", "the number of Blue Badges issued and refused"};
const std::vector<std::string> kEirTopics = {
    "air quality monitoring results near primary schools", "pesticide and herbicide use in parks",
    "the tree survey for a street outside my house", "flood risk assessments for the Silk Stream",
    "noise monitoring data for a construction site"};
const std::vector<std::string> kTextAnswers = {
    "Please call before visiting.", "The side gate is usually locked.", "Happy to be contacted by email.",
    "This has happened several times now.", "There is a dog at the property.", "Best time to call is after 5pm."};

// ---- text --------------------------------------------------------------------------

// "Black general waste bin" -> "black general waste bin"; names with other
// capitals ("Blue Badge", "PCN") are left alone.
std::string lower_first(std::string s) {
  if (s.empty() || s[0] < 'A' || s[0] > 'Z') return s;
  for (size_t i = 1; i < s.size(); ++i)
    if (s[i] >= 'A' && s[i] <= 'Z') return s;
  s[0] = static_cast<char>(s[0] - 'A' + 'a');
  return s;
}
std::string upper_first(std::string s) {
  if (!s.empty() && s[0] >= 'a' && s[0] <= 'z') s[0] = static_cast<char>(s[0] - 'a' + 'A');
  return s;
}

struct Fill {
  std::string street, answer, number, ward, about, topic;
};

std::string fill(const std::string& pattern, const Fill& f) {
  std::string out;
  for (size_t i = 0; i < pattern.size(); ++i) {
    if (pattern[i] != '%' || i + 1 == pattern.size()) {
      out.push_back(pattern[i]);
      continue;
    }
    const char k = pattern[++i];
    const std::string* v = nullptr;
    switch (k) {
      case 's': v = &f.street; break;
      case 'a': v = &f.answer; break;
      case 'n': v = &f.number; break;
      case 'w': v = &f.ward; break;
      case 'd': v = &f.about; break;
      case 'f': v = &f.topic; break;
      default: out.push_back('%'); out.push_back(k); continue;
    }
    // Answers and service names read as ordinary words mid-sentence; street
    // and ward names keep their capitals.
    out += i == 1 || (k != 'a' && k != 'd') ? *v : lower_first(*v);
  }
  return upper_first(out);
}

std::string plate(Rng& rng) {
  static constexpr std::string_view letters = "ABCDEFGHJKLMNOPRSTUVWXY";
  std::string p;
  p += letters[rng.below(static_cast<int>(letters.size()))];
  p += letters[rng.below(static_cast<int>(letters.size()))];
  p += std::to_string(rng.between(10, 74));  // the age identifier
  p += ' ';
  for (int i = 0; i < 3; ++i) p += letters[rng.below(static_cast<int>(letters.size()))];
  return p;
}

std::string digits(Rng& rng, int n) {
  std::string s;
  for (int i = 0; i < n; ++i) s.push_back(static_cast<char>('0' + rng.below(10)));
  return s;
}

// Answers to a category's questions, and the display text of the first one.
Answers make_answers(const Category& cat, Instant received, Rng& rng, std::string& first) {
  Answers a;
  for (const Question& q : cat.questions) {
    if (!q.required && !rng.chance(q.type == QuestionType::kText ? 0.3 : 0.6)) continue;
    std::vector<std::string> values;
    std::string shown;
    switch (q.type) {
      case QuestionType::kSingleValueList:
      case QuestionType::kMultiValueList: {
        std::vector<double> w;
        for (size_t i = 0; i < q.options.size(); ++i) w.push_back(1.0 / (1.0 + 0.6 * static_cast<double>(i)));
        if (q.code == "stage") w = {0.87, 0.13};
        const int count = q.type == QuestionType::kMultiValueList
                              ? std::min<int>(static_cast<int>(q.options.size()), 1 + rng.chance(0.35) + rng.chance(0.1))
                              : 1;
        while (static_cast<int>(values.size()) < count) {
          const int k = rng.weighted(w);
          w[k] = 0;
          values.push_back(q.options[k].key);
          if (shown.empty()) shown = q.options[k].name;
        }
        break;
      }
      case QuestionType::kNumber:
        values.push_back(std::to_string(rng.between(1, q.code == "bins" ? 3 : 6)));
        shown = values.back();
        break;
      case QuestionType::kDatetime: {
        const LocalDate d = london_date(received) - days{rng.below(3)};
        const int minute = rng.below(4) * 15;
        values.push_back(format_date(d) + " " + std::to_string(rng.between(19, 23)) + ":" +
                         (minute == 0 ? "00" : std::to_string(minute)));
        break;
      }
      case QuestionType::kText: values.push_back(rng.pick(kTextAnswers)); break;
      case QuestionType::kString:
        if (q.code == "registration") values.push_back(plate(rng));
        else if (q.code == "pcn_number") values.push_back("BT" + digits(rng, 8));
        else if (q.code == "account_number") values.push_back("4" + digits(rng, 7));
        else if (q.code == "column") values.push_back("SL" + std::to_string(rng.between(1, 64)));
        else values.push_back(digits(rng, 6));
        shown = values.back();
        break;
    }
    if (first.empty()) first = shown;
    a[q.code] = std::move(values);
  }
  return a;
}

}  // namespace

const DuSpec& World::du(const std::string& code) const {
  for (const DuSpec& d : dus)
    if (d.code == code) return d;
  return dus.front();
}

Result<History> make_history(const World& w, const People& people, uint64_t seed) {
  History h;
  const Instant now = w.opt.now;
  Rng plan_rng(mix_seed(seed, 11));
  Rng time_rng(mix_seed(seed, 12));
  Rng case_rng(mix_seed(seed, 13));
  Rng sim_rng(mix_seed(seed, 14));
  Rng contact_rng(mix_seed(seed, 15));
  const TimeSampler sampler(w);
  const int n_cases = std::max(0, w.opt.cases);
  const int n_contacts = std::max(0, w.opt.contacts);
  const auto& services = w.services;

  auto cumulative = [&](auto weight_of) {
    std::vector<double> v;
    for (const ServiceSpec& s : services) v.push_back(weight_of(s));
    return Cumulative(v);
  };
  const Cumulative request_mix = cumulative([](const ServiceSpec& s) { return s.requests; });
  const Cumulative enquiry_mix = cumulative([](const ServiceSpec& s) { return s.enquiries; });
  const Cumulative member_mix = cumulative([](const ServiceSpec& s) { return s.members; });
  const Cumulative contact_mix = cumulative([](const ServiceSpec& s) { return s.contacts; });
  const Cumulative about_mix = cumulative([](const ServiceSpec& s) {
    return s.category.delivery_unit == "assurance" || s.category.restricted ? 0.0 : s.requests + 0.5 * s.enquiries;
  });
  const Cumulative customers_by_activity(people.activity);
  // A customer recorded by time t: from `pool` (or anyone, by activity);
  // -1 when the pool has nobody yet.
  auto customer_at = [&](Rng& rng, Instant t, const std::vector<int>* pool) -> int {
    if (people.customers.empty()) return -1;
    for (int tries = 0; tries < 12; ++tries) {
      const int c = pool ? (pool->empty() ? -1 : rng.pick(*pool)) : customers_by_activity.sample(rng);
      if (c < 0) break;
      if (people.created[c] <= t) return c;
    }
    if (pool || people.migrated.empty()) return -1;
    return rng.pick(people.migrated);
  };
  const int complaint = w.service_index.at("complaint"), compliment = w.service_index.at("compliment");

  // ---- 1. what each case is ------------------------------------------------------------------
  std::vector<CasePlan> plans;
  plans.reserve(n_cases);
  while (static_cast<int>(plans.size()) < n_cases) {
    CasePlan p;
    p.type = kTypes[plan_rng.weighted(kTypeWeights)];
    // Without councillors there are no Members' Enquiries: residents ask themselves.
    if (p.type == CaseType::kMemberEnquiry && w.made.councillors.members.empty()) p.type = CaseType::kGeneralEnquiry;
    switch (p.type) {
      case CaseType::kServiceRequest: p.service = request_mix.sample(plan_rng); break;
      case CaseType::kGeneralEnquiry: p.service = enquiry_mix.sample(plan_rng); break;
      case CaseType::kMemberEnquiry: p.service = member_mix.sample(plan_rng); break;
      case CaseType::kComplaint:
        p.service = complaint;
        p.about = about_mix.sample(plan_rng);
        break;
      case CaseType::kCompliment:
      case CaseType::kComment:
        p.service = compliment;
        p.about = about_mix.sample(plan_rng);
        break;
      case CaseType::kFoiRequest: p.service = w.service_index.at("foi"); break;
      case CaseType::kEirRequest: p.service = w.service_index.at("eir"); break;
      case CaseType::kSubjectAccessRequest: p.service = w.service_index.at("subject-access"); break;
    }
    p.order = static_cast<int>(plans.size());
    plans.push_back(p);
    if (p.type == CaseType::kMemberEnquiry && plan_rng.chance(0.06)) {
      // A multi-DU Members' Enquiry: child tasks for other delivery units
      // under the one reference.
      const int parent = static_cast<int>(plans.size()) - 1;
      const int kids = 1 + plan_rng.chance(0.3);
      for (int k = 0; k < kids && static_cast<int>(plans.size()) < n_cases; ++k) {
        CasePlan c;
        c.type = CaseType::kMemberEnquiry;
        for (int tries = 0; tries < 20; ++tries) {
          c.service = member_mix.sample(plan_rng);
          if (services[c.service].category.delivery_unit != services[p.service].category.delivery_unit) break;
        }
        c.parent = parent;
        c.order = static_cast<int>(plans.size());
        plans.push_back(c);
      }
    }
  }

  // ---- 2. how they arrived: a contact with the council, or self-service ------------------------
  auto eligible = [](const CasePlan& p) {
    return p.type == CaseType::kServiceRequest || p.type == CaseType::kGeneralEnquiry ||
           p.type == CaseType::kComplaint || p.type == CaseType::kCompliment || p.type == CaseType::kComment;
  };
  int n_eligible = 0;
  for (const CasePlan& p : plans) n_eligible += eligible(p);
  int want = std::min(n_eligible, static_cast<int>(std::lround(kCaseCreatedShare * n_contacts)));
  int left = n_eligible;
  for (CasePlan& p : plans) {
    const ServiceSpec& svc = services[p.service];
    if (eligible(p)) {
      p.from_contact = want > 0 && plan_rng.uniform() * left < want;
      --left;
      if (p.from_contact) --want;
    }
    if (p.from_contact) {
      p.channel = kContactChannels[plan_rng.weighted(kContactChannelWeights)];
    } else if (p.type == CaseType::kMemberEnquiry) {
      const double u = plan_rng.uniform();
      p.channel = u < 0.85 ? Channel::kEmail : u < 0.93 ? Channel::kTelephone : Channel::kFaceToFace;
    } else if (p.type == CaseType::kFoiRequest || p.type == CaseType::kEirRequest ||
               p.type == CaseType::kSubjectAccessRequest) {
      const double u = plan_rng.uniform();
      p.channel = u < 0.65 ? Channel::kEmail : u < 0.95 ? Channel::kWebform : Channel::kLetter;
    } else {
      const double u = plan_rng.uniform();
      p.channel = u < 0.50 ? Channel::kWebform : u < 0.72 ? Channel::kApp : u < 0.85 ? Channel::kOpen311 : Channel::kEmail;
      if (p.channel == Channel::kOpen311 && svc.where != Where::kStreet) p.channel = Channel::kWebform;
    }
    const Profile profile = p.type == CaseType::kMemberEnquiry ? Profile::kMember : profile_for(p.channel);
    p.received = sampler.sample(profile, time_rng);
  }
  for (CasePlan& p : plans) {
    if (p.parent < 0) continue;
    p.channel = plans[p.parent].channel;
    p.received = std::min(now, plans[p.parent].received + minutes{time_rng.between(15, 180)});
  }

  // ---- 3. order of receipt (references are handed out in this order) ---------------------
  std::vector<int> order(plans.size());
  for (size_t i = 0; i < order.size(); ++i) order[i] = static_cast<int>(i);
  std::stable_sort(order.begin(), order.end(), [&](int a, int b) {
    if (plans[a].received != plans[b].received) return plans[a].received < plans[b].received;
    return a < b;
  });
  std::vector<int> position(plans.size());
  for (size_t i = 0; i < order.size(); ++i) position[order[i]] = static_cast<int>(i);

  // ---- 4. the cases themselves -----------------------------------------------------------
  h.cases.resize(plans.size());
  std::map<int, int> last_of_service;  // service -> position of its latest case (duplicate candidates)
  std::vector<int> duplicate_candidate(plans.size(), -1);
  for (size_t pos = 0; pos < order.size(); ++pos) {
    const CasePlan& p = plans[order[pos]];
    GenCase& g = h.cases[pos];
    Case& c = g.c;
    const ServiceSpec& svc = services[p.service];
    const Category& category = w.cat.categories.at(svc.category.code);
    c.type = p.type;
    c.category = category.code;
    c.channel = p.channel;
    c.received_at = p.received;
    c.created_at = p.received;
    if (p.channel == Channel::kLetter) {
      // Letters are date-stamped on arrival and logged later that day.
      c.created_at = std::min(now, p.received + minutes{case_rng.between(30, 300)});
    }
    c.updated_at = c.created_at;
    c.version = 1;
    if (p.parent >= 0) g.parent = position[p.parent];

    // Who it is for.
    std::optional<int> member;
    if (p.type == CaseType::kMemberEnquiry) {
      const auto& members = w.made.councillors.members;
      if (p.parent >= 0)
        for (size_t mi = 0; mi < members.size(); ++mi)
          if (members[mi].id == h.cases[g.parent].c.member_id) member = static_cast<int>(mi);
      if (!member && !members.empty()) member = case_rng.below(static_cast<int>(members.size()));
      if (member) c.member_id = members[*member].id;
    }
    int ward = -1;
    if (member) {
      for (int wi = 0; wi < static_cast<int>(w.made.councillors.by_ward.size()); ++wi)
        for (int mi : w.made.councillors.by_ward[wi])
          if (mi == *member) ward = wi;
    }
    if (p.parent >= 0) {
      g.customer = h.cases[g.parent].customer;
    } else if (!people.customers.empty()) {
      double anonymous = svc.anonymous;
      if (!p.from_contact && (p.channel == Channel::kApp || p.channel == Channel::kOpen311)) anonymous *= 1.5;
      if (p.type == CaseType::kMemberEnquiry) anonymous = 0.25;
      if (p.type == CaseType::kFoiRequest || p.type == CaseType::kEirRequest ||
          p.type == CaseType::kSubjectAccessRequest || p.type == CaseType::kComplaint)
        anonymous = 0;
      if (!case_rng.chance(anonymous)) {
        if (ward >= 0) g.customer = customer_at(case_rng, c.received_at, &people.by_ward[ward]);
        if (g.customer < 0) g.customer = customer_at(case_rng, c.received_at, nullptr);
        for (int tries = 0; tries < 10 && g.customer >= 0 && p.type == CaseType::kSubjectAccessRequest &&
                            people.customers[g.customer].kind == CustomerKind::kOrganisation;
             ++tries)
          g.customer = customer_at(case_rng, c.received_at, nullptr);
      }
    }

    // Where.
    Fill f;
    int street = -1;
    int number = case_rng.between(1, 160);
    if (g.customer >= 0) street = people.street[g.customer];
    if (svc.where == Where::kProperty && g.customer >= 0 && p.type != CaseType::kMemberEnquiry) {
      c.location = people.home[g.customer];
    } else if (svc.where != Where::kNone) {
      if (ward >= 0 && !w.streets_by_ward[ward].empty() && (street < 0 || kStreets[street].ward != ward))
        street = case_rng.pick(w.streets_by_ward[ward]);
      if (street < 0 || case_rng.chance(0.4)) street = case_rng.pick(w.streets);
      c.location = street_location(street, number, case_rng);
      if (svc.where == Where::kStreet) {
        c.location.usrn = usrn_for(street);
        c.location.address = "Near " + c.location.address;
      } else {
        c.location.uprn = uprn_for(street, number, 0);
      }
    } else if (ward >= 0) {
      c.location.ward = std::string(kWards[ward].code);
    }
    if (street < 0) street = case_rng.pick(w.streets);
    f.street = std::string(kStreets[street].name);
    f.number = std::to_string(number);
    f.ward = std::string(kWards[kStreets[street].ward].name);
    if (p.about >= 0) f.about = services[p.about].category.name;
    if (p.type == CaseType::kFoiRequest) f.topic = case_rng.pick(kFoiTopics);
    if (p.type == CaseType::kEirRequest) f.topic = case_rng.pick(kEirTopics);

    // What: answers, title, description, priority.
    std::string first;
    c.answers = make_answers(category, c.received_at, case_rng, first);
    auto valid = validate_answers(category, c.answers);
    if (!valid) {
      Error e = valid.error();
      return e.prefix("demo answers for " + category.code);
    }
    f.answer = first.empty() ? category.name : first;
    c.title = fill(svc.titles.empty() ? category.name : case_rng.pick(svc.titles), f);
    c.description = fill(svc.descriptions.empty() ? category.description : case_rng.pick(svc.descriptions), f);
    if (p.type == CaseType::kMemberEnquiry) {
      const Member& m = w.made.councillors.members[*member];
      c.title = "ME: " + c.title;
      c.description = m.name + " has been contacted by a resident" +
                      (p.parent >= 0 ? " (part of a wider enquiry)" : "") + ":\n\n" + c.description;
    } else if (p.type == CaseType::kComment) {
      static const std::vector<std::string> comments = {
          "I think the new collection timetable is confusing.", "It would help if the website listed opening hours.",
          "Suggestion: more litter bins near the station on %s.", "The online form kept timing out."};
      c.title = fill("Comment about %d", f);
      c.description = fill(case_rng.pick(comments), f);
    }
    if (utf8_length(c.title) > 200) c.title = c.title.substr(0, 197) + "...";
    const std::string& policy = svc.category.sla_policy;
    if (policy == "urgent") c.priority = case_rng.chance(0.4) ? Priority::kUrgent : Priority::kHigh;
    else if (category.restricted) c.priority = Priority::kHigh;
    else {
      const double u = case_rng.uniform();
      c.priority = u < 0.86 ? Priority::kNormal : u < 0.94 ? Priority::kHigh : Priority::kLow;
    }

    // Who owns it.
    c.delivery_unit = svc.category.delivery_unit;
    c.team = svc.team;
    if (p.about >= 0) {
      c.delivery_unit = services[p.about].category.delivery_unit;
      c.team = services[p.about].team;
    }
    auto sla = sla_policy_for(w.cat, c.type, &category);
    if (!sla) return sla.error();
    c.sla = *sla;
    c.clock = start_clock(c.sla, w.cat.calendar_for(c.sla), c.received_at);

    // Who is kept informed.
    if (member) {
      const Member& m = w.made.councillors.members[*member];
      g.watchers.push_back({WatcherKind::kMember, m.id, m.email, m.name, c.created_at});
      if (ward >= 0 && case_rng.chance(0.25))
        for (int other : w.made.councillors.by_ward[ward])
          if (other != *member) {
            const Member& o = w.made.councillors.members[other];
            g.watchers.push_back({WatcherKind::kMember, o.id, o.email, o.name, c.created_at});
            break;
          }
    }
    if ((member || p.type == CaseType::kComplaint) && case_rng.chance(0.12)) {
      const Id head = w.made.staff.manager.at(c.delivery_unit);
      const Officer& o = w.cat.officers.at(head);
      g.watchers.push_back({WatcherKind::kOfficer, head, o.email, o.name, c.created_at});
    }

    // An earlier open report of the same thing nearby in time may make this a duplicate.
    if (p.type == CaseType::kServiceRequest && svc.where == Where::kStreet) {
      auto it = last_of_service.find(p.service);
      if (it != last_of_service.end() && h.cases[it->second].c.received_at > c.received_at - days{14} &&
          h.cases[it->second].parent < 0)
        duplicate_candidate[pos] = it->second;
      last_of_service[p.service] = static_cast<int>(pos);
    }
  }

  // ---- 5. run them: child tasks before their parents -----------------------------------------
  CaseRunner sim(w, sim_rng);
  std::vector<Instant> planned_close(h.cases.size());
  std::vector<std::vector<int>> children_of(h.cases.size());
  for (size_t pos = 0; pos < h.cases.size(); ++pos)
    if (h.cases[pos].parent >= 0) children_of[h.cases[pos].parent].push_back(static_cast<int>(pos));
  for (int pass = 0; pass < 2; ++pass) {
    for (size_t pos = 0; pos < h.cases.size(); ++pos) {
      const bool is_parent = !children_of[pos].empty();
      if (is_parent != (pass == 1)) continue;
      std::vector<Instant> child_close;
      for (int k : children_of[pos]) child_close.push_back(planned_close[k]);
      planned_close[pos] = sim.run(h.cases[pos], plans[order[pos]], child_close, std::nullopt, duplicate_candidate[pos]);
      if (sim.error) return *sim.error;
      if (is_parent) {
        // The parent's timeline notes each child task when it was raised.
        GenCase& g = h.cases[pos];
        for (int k : children_of[pos]) {
          GenEvent e;
          e.at = h.cases[k].c.created_at + seconds{2};
          if (e.at > now) continue;
          e.actor = "officer:" + std::to_string(w.made.staff.members_enquiries_officer);
          e.kind = std::string(event_kind::kLinked);
          e.details = {{"kind", "child"}};
          e.ref_key = "case";
          e.ref_case = k;
          g.events.push_back(std::move(e));
        }
        std::stable_sort(g.events.begin(), g.events.end(), [](const GenEvent& a, const GenEvent& b) { return a.at < b.at; });
      }
    }
  }

  // ---- 6. contacts ---------------------------------------------------------------------------
  auto duration = [&](Channel ch) -> int {
    switch (ch) {
      case Channel::kTelephone: return std::min(3600, 45 + static_cast<int>(contact_rng.exponential(300)));
      case Channel::kFaceToFace: return std::min(5400, 240 + static_cast<int>(contact_rng.exponential(600)));
      case Channel::kEmail:
      case Channel::kLetter: return std::min(3600, 120 + static_cast<int>(contact_rng.exponential(300)));
      case Channel::kSocialMedia:
      case Channel::kWebform: return std::min(1800, 60 + static_cast<int>(contact_rng.exponential(180)));
      default: return 0;
    }
  };
  auto handler_for = [&](Channel ch) -> std::optional<Id> {
    if (ch == Channel::kApp || ch == Channel::kOpen311) return std::nullopt;
    return contact_rng.pick(w.made.staff.advisors);
  };
  // Contacts that opened a case.
  for (size_t pos = 0; pos < h.cases.size(); ++pos) {
    const CasePlan& p = plans[order[pos]];
    if (!p.from_contact) continue;
    const GenCase& g = h.cases[pos];
    GenContact gc;
    gc.k.channel = g.c.channel;
    gc.k.at = g.c.created_at;
    gc.k.handler_id = handler_for(g.c.channel);
    if (!g.events.empty() && g.events.front().actor.starts_with("officer:"))
      gc.k.handler_id = std::stoll(g.events.front().actor.substr(8));
    gc.k.category = g.c.category;
    gc.k.reason = g.c.title;
    gc.k.outcome = ContactOutcome::kCaseCreated;
    gc.k.duration_seconds = duration(g.c.channel);
    gc.customer = g.customer;
    gc.case_index = static_cast<int>(pos);
    h.contacts.push_back(std::move(gc));
  }
  const int k_created = static_cast<int>(h.contacts.size());
  const int rest = std::max(0, n_contacts - k_created);
  // Customers chasing cases that are taking a while.
  std::vector<int> slow;
  for (size_t pos = 0; pos < h.cases.size(); ++pos) {
    const GenCase& g = h.cases[pos];
    if (g.customer < 0 || g.c.type == CaseType::kMemberEnquiry) continue;
    const Instant end = g.c.closed_at.value_or(now);
    if (end - g.c.received_at > days{8}) slow.push_back(static_cast<int>(pos));
  }
  const int n_chasers = std::min<int>({rest, static_cast<int>(slow.size()), static_cast<int>(std::lround(0.06 * n_contacts))});
  {
    int need = n_chasers, remaining = static_cast<int>(slow.size());
    for (int pos : slow) {
      const bool take = need > 0 && contact_rng.uniform() * remaining < need;
      --remaining;
      if (!take) continue;
      --need;
      const GenCase& g = h.cases[pos];
      const Instant end = g.c.closed_at.value_or(now);
      const Instant from = g.c.received_at + days{5};
      Instant at = from + seconds{static_cast<int64_t>(contact_rng.uniform() * static_cast<double>((end - from).count()))};
      const LocalDate d = london_date(at);
      at = std::min(end, london_local_to_instant(w.cat.council_calendar.working_day_on_or_after(d),
                                                contact_rng.between(8, 17), contact_rng.below(60), contact_rng.below(60)));
      if (at <= g.c.received_at) at = g.c.received_at + minutes{1};
      GenContact gc;
      gc.k.channel = contact_rng.chance(0.85) ? Channel::kTelephone : Channel::kEmail;
      gc.k.at = at;
      gc.k.handler_id = handler_for(gc.k.channel);
      gc.k.category = g.c.category;
      gc.k.reason = "Chasing progress on an open case";
      gc.k.outcome = ContactOutcome::kResolvedAtFirstContact;
      gc.k.notes = "Update given from the case timeline.";
      gc.k.duration_seconds = duration(gc.k.channel);
      gc.customer = g.customer;
      gc.case_index = pos;
      h.contacts.push_back(std::move(gc));
    }
  }
  // Everything else: answered there and then, signposted or transferred.
  const int chasers = static_cast<int>(h.contacts.size()) - k_created;
  const int others = std::max(0, n_contacts - static_cast<int>(h.contacts.size()));
  const int signposted = std::min(others, static_cast<int>(std::lround(kSignpostedShare * n_contacts)));
  const int resolved = std::min(others - signposted,
                                std::max(0, static_cast<int>(std::lround(kFcrShare * n_contacts)) - chasers));
  std::vector<ContactOutcome> outcomes;
  outcomes.reserve(others);
  for (int i = 0; i < others; ++i)
    outcomes.push_back(i < resolved                 ? ContactOutcome::kResolvedAtFirstContact
                       : i < resolved + signposted ? ContactOutcome::kSignposted
                                                   : ContactOutcome::kTransferred);
  for (int i = others - 1; i > 0; --i) std::swap(outcomes[i], outcomes[contact_rng.below(i + 1)]);
  for (ContactOutcome outcome : outcomes) {
    GenContact gc;
    const int s = contact_mix.sample(contact_rng);
    const ServiceSpec& svc = services[s];
    gc.k.channel = kContactChannels[contact_rng.weighted(kContactChannelWeights)];
    gc.k.at = sampler.sample(profile_for(gc.k.channel), time_rng);
    gc.k.handler_id = handler_for(gc.k.channel);
    gc.k.category = svc.category.code;
    gc.k.outcome = outcome;
    gc.k.duration_seconds = duration(gc.k.channel);
    if (gc.k.channel == Channel::kTelephone && contact_rng.chance(0.08)) {
      gc.k.direction = Direction::kOutbound;  // returning a call within 24 hours
    }
    if (contact_rng.chance(0.82)) gc.customer = customer_at(contact_rng, gc.k.at, nullptr);
    switch (outcome) {
      case ContactOutcome::kResolvedAtFirstContact:
        gc.k.reason = svc.quick.empty() ? svc.category.name : contact_rng.pick(svc.quick);
        break;
      case ContactOutcome::kSignposted: {
        std::vector<std::string_view> names;
        for (const Partner& p : kPartners)
          if (p.theme == svc.theme) names.push_back(p.name);
        if (names.empty() || contact_rng.chance(0.2)) names = {"Citizens Advice Barnet", "Barnet Community Help Hub"};
        gc.k.signposted_to = std::string(names[contact_rng.below(static_cast<int>(names.size()))]);
        gc.k.reason = svc.category.name;
        gc.k.notes = "Gave the caller the contact details for " + gc.k.signposted_to + ".";
        break;
      }
      case ContactOutcome::kTransferred: {
        gc.k.reason = svc.category.name;
        gc.k.notes = "Transferred to " + w.du(svc.category.delivery_unit).name + " (" +
                     w.cat.teams.at(svc.team).name + ").";
        break;
      }
      case ContactOutcome::kCaseCreated: break;
    }
    h.contacts.push_back(std::move(gc));
  }
  std::stable_sort(h.contacts.begin(), h.contacts.end(),
                   [](const GenContact& a, const GenContact& b) { return a.k.at < b.k.at; });
  return h;
}

}  // namespace civicdesk::demo

// One case's life, from receipt to closure: triage and assignment (now and
// then misdirected and sent back), progress, a pause while waiting for the
// customer, an extension, notes, a delay advised to the councillor, closure
// with an outcome. Each step goes through the domain's own rules
// (apply_transition, record_response, extend_clock) at its historic instant,
// and the steps after `now` do not happen, so a case's status always fits its
// age.
#include <algorithm>

#include "app/demo_internal.h"

namespace civicdesk::demo {

namespace {

using std::chrono::days;
using std::chrono::minutes;
using std::chrono::seconds;

const std::vector<std::string> kPauseReasons = {
    "Waiting for photos from the customer", "Clarification requested from the customer",
    "Waiting for the customer to provide evidence", "Appointment to be confirmed by the customer"};
const std::vector<std::string> kDelayReasons = {
    "Waiting for the contractor's inspection", "Needs a site visit by a specialist officer",
    "Works must be programmed with the utility company", "Legal advice needed before we can reply",
    "Budget approval needed for the works", "High volume of cases after the storm"};
const std::vector<std::string> kExtensionReasons = {
    "Complex complaint: statements needed from several teams", "Voluminous request: records held in several systems",
    "Complex request: records need third-party redaction"};
const std::vector<std::string> kInternalNotes = {
    "Called the customer, no answer; left a voicemail.", "Spoke to the customer to confirm the details.",
    "Checked the history: a similar request last year.", "Discussed with the team lead.",
    "Customer called for an update.", "Waiting for information from another team."};
const std::vector<std::string> kSiteNotes = {
    "Works order raised with the contractor.", "Photos received and attached.", "Site visit booked.",
    "Checked the history: similar report at this location last year.", "Inspection done; photos on file."};

std::string officer_tag(Id id) { return "officer:" + std::to_string(id); }

}  // namespace

int london_hour(Instant t) {
  const int64_t local = t.time_since_epoch().count() + london_utc_offset(t);
  return static_cast<int>(((local % 86400) + 86400) % 86400 / 3600);
}

Instant CaseRunner::office_time(LocalDate d) {
  const LocalDate wd = cal().working_day_on_or_after(d);
  return london_local_to_instant(wd, rng_.between(8, 16), rng_.below(60), rng_.below(60));
}

Instant CaseRunner::work_after(Instant t, int min_minutes, int max_minutes) {
  const Instant c = t + minutes{rng_.between(min_minutes, max_minutes)};
  const LocalDate d = london_date(c);
  const int h = london_hour(c);
  if (cal().is_working_day(d) && h >= 8 && h < 18) return c;
  const LocalDate next = cal().working_day_on_or_after(h < 8 && cal().is_working_day(d) ? d : d + days{1});
  return std::max(t + minutes{1}, london_local_to_instant(next, 8, 30 + rng_.below(90), rng_.below(60)));
}

Id CaseRunner::pick_officer(const std::string& team) {
  auto it = w_.made.staff.by_team.find(team);
  if (it == w_.made.staff.by_team.end() || it->second.empty()) return w_.made.staff.advisors.front();
  const auto& v = it->second;
  return v.size() == 1 ? v[0] : v[1 + rng_.below(static_cast<int>(v.size()) - 1)];
}

std::string CaseRunner::officer_name(Id id) const {
  auto it = w_.cat.officers.find(id);
  return it == w_.cat.officers.end() ? "" : it->second.name;
}

Instant CaseRunner::run(GenCase& g, const CasePlan& plan, const std::vector<Instant>& child_close,
                       std::optional<Instant> not_before_close, int duplicate_candidate) {
  Case& c = g.c;
  const ServiceSpec& svc = w_.services[plan.service];
  const DuSpec& du = w_.du(c.delivery_unit);
  const WorkingCalendar& sla_cal = w_.cat.calendar_for(c.sla);
  const Instant now = w_.opt.now;
  const bool me = c.type == CaseType::kMemberEnquiry;
  const std::string final_team = c.team;
  const std::string final_du = c.delivery_unit;
  // The case starts as received: unassigned, new.
  c.team.clear();
  c.assignee_id.reset();
  c.status = CaseStatus::kNew;

  std::vector<Action> actions;
  int seq = 0;
  auto add = [&](Instant at, std::function<void()> fn) { actions.push_back({at, seq++, std::move(fn)}); };
  auto event = [&](Instant at, std::string actor, std::string_view kind, Visibility v,
                   std::map<std::string, std::string> details, bool bumps = true) {
    GenEvent e;
    e.at = at;
    e.actor = std::move(actor);
    e.kind = std::string(kind);
    e.visibility = v;
    e.details = std::move(details);
    g.events.push_back(std::move(e));
    if (bumps) {
      ++c.version;
      c.updated_at = at;
    }
  };
  auto transition = [&](Instant at, const std::string& actor, CaseStatus to, std::optional<CaseOutcome> outcome,
                        const std::string& reason, const std::string& notes) {
    TransitionRequest req{to, outcome, reason, notes};
    auto next = apply_transition(c, req, sla_cal, at);
    if (!next) {
      if (!error) {
        Error e = next.error();
        error = e.prefix("demo case " + c.title);
      }
      return;
    }
    const CaseStatus from = c.status;
    c = std::move(next).value();
    std::map<std::string, std::string> d{{"from", std::string(to_string(from))}, {"to", std::string(to_string(to))}};
    if (!reason.empty()) d["reason"] = reason;
    if (c.outcome) d["outcome"] = std::string(to_string(*c.outcome));
    event(at, actor, event_kind::kStatusChanged, Visibility::kPublic, std::move(d));
  };
  auto assign = [&](Instant at, const std::string& actor, const std::string& du_code, const std::string& team,
                    std::optional<Id> officer, const std::string& reason) {
    c.delivery_unit = du_code;
    c.team = team;
    c.assignee_id = officer;
    std::map<std::string, std::string> d{{"delivery_unit", du_code}, {"team", team}};
    d["officer"] = officer ? officer_name(*officer) : "";
    if (!reason.empty()) d["reason"] = reason;
    event(at, actor, event_kind::kAssigned, Visibility::kInternal, std::move(d));
  };

  // ---- receipt -----------------------------------------------------------------
  std::string receiver = "system";
  int receiver_customer = -1;
  const Staff& staff = w_.made.staff;
  if (me) {
    receiver = officer_tag(staff.members_enquiries_officer);
  } else if (c.channel == Channel::kOpen311) {
    receiver = "client:fixmystreet";
  } else if (c.channel == Channel::kWebform || c.channel == Channel::kApp) {
    receiver_customer = g.customer;  // self-service: the customer, or "system" when anonymous
  } else if (c.type == CaseType::kFoiRequest || c.type == CaseType::kEirRequest ||
             c.type == CaseType::kSubjectAccessRequest) {
    receiver = officer_tag(staff.lead.at("information-management"));
  } else if (plan.from_contact || c.channel != Channel::kEmail) {
    receiver = officer_tag(rng_.pick(staff.advisors));
  } else {
    receiver_customer = g.customer;
  }
  {
    GenEvent e;
    e.at = c.created_at;
    e.actor = receiver;
    e.actor_customer = receiver_customer;
    e.kind = std::string(event_kind::kReceived);
    e.visibility = Visibility::kPublic;
    e.details = {{"channel", std::string(to_string(c.channel))},
                 {"category", w_.cat.categories.at(c.category).name},
                 {"delivery_unit", final_du}};
    g.events.push_back(std::move(e));
  }
  for (Watcher& wt : g.watchers) {
    const std::string label = std::string(to_string(wt.kind)) + ":" + std::to_string(*wt.ref_id);
    event(wt.added_at, receiver, event_kind::kWatcherAdded, Visibility::kInternal, {{"watcher", label}, {"name", wt.name}},
          false);
  }
  if (plan.parent >= 0) {
    GenEvent e;
    e.at = c.created_at + seconds{1};
    e.actor = receiver;
    e.kind = std::string(event_kind::kLinked);
    e.details = {{"kind", "parent"}};
    e.ref_key = "case";
    e.ref_case = g.parent;
    g.events.push_back(std::move(e));
  }

  // ---- triage and assignment --------------------------------------------------------
  Instant t = c.created_at;
  const bool self_routed = c.channel == Channel::kWebform || c.channel == Channel::kApp || c.channel == Channel::kOpen311;
  const std::string lead = officer_tag(staff.lead.count(final_team) ? staff.lead.at(final_team) : staff.advisors.front());
  std::optional<Id> officer;
  if (rng_.chance(0.85)) officer = pick_officer(final_team);
  const std::string worker = officer ? officer_tag(*officer) : lead;

  if (!me && rng_.chance(0.03) && w_.dus.size() > 1) {
    // Misdirected: sent to the wrong delivery unit, which sends it back.
    const DuSpec* wrong = &w_.dus[rng_.below(static_cast<int>(w_.dus.size()))];
    if (wrong->code == final_du) wrong = &w_.dus[(&*wrong - &w_.dus[0] + 1) % w_.dus.size()];
    const TeamSpec* wrong_team = nullptr;
    static const std::vector<TeamSpec> teams = team_specs();
    for (const TeamSpec& ts : teams)
      if (ts.delivery_unit == wrong->code) {
        wrong_team = &ts;
        break;
      }
    const Instant t1 = work_after(t, 5, 180);
    const Instant t2 = work_after(t1, 60, 60 * 24 * 2);
    const std::string wrong_code = wrong->code, wrong_team_code = wrong_team->code;
    const std::string back_actor = officer_tag(staff.lead.at(wrong_team_code));
    const std::string reason = "Misdirected: sent back by " + wrong->name + "; this is a " +
                               w_.du(final_du).name + " service";
    add(t1, [&, t1, wrong_code, wrong_team_code] {
      assign(t1, self_routed ? "system" : receiver, wrong_code, wrong_team_code, std::nullopt, "");
    });
    add(t2, [&, t2, back_actor, reason] { assign(t2, back_actor, final_du, final_team, officer, reason); });
    t = t2;
  } else {
    const Instant t1 = work_after(t, plan.from_contact ? 2 : 5, me ? 120 : 240);
    add(t1, [&, t1] { assign(t1, self_routed ? "system" : lead, final_du, final_team, officer, ""); });
    t = t1;
  }
  const Instant t_start = work_after(t, 10, me ? 300 : 60 * 24);
  add(t_start, [&, t_start] { transition(t_start, worker, CaseStatus::kInProgress, std::nullopt, "", ""); });
  t = t_start;

  // ---- the clock's history: acknowledgement, pause, extension ----------------------------
  SlaClock clock = c.clock;
  Instant ready = t;  // after this, notes may come
  if (c.type == CaseType::kComplaint) {
    const int k = rng_.chance(0.93) ? rng_.between(0, 4) : rng_.between(5, 8);
    const Instant t_ack = std::max(t + minutes{10}, office_time(cal().add_working_days(clock.start_day, k)));
    const LocalDate due_reply = cal().add_working_days(cal().working_day_on_or_after(london_date(t_ack)),
                                                       c.sla.resolve_days);
    add(t_ack, [&, t_ack, due_reply] {
      c.clock = record_response(c.sla, sla_cal, c.clock, t_ack);
      event(t_ack, worker, event_kind::kResponded, Visibility::kPublic,
            {{"text", "Complaint acknowledged. We will reply by " + format_date(due_reply) + "."}});
    });
    clock = record_response(c.sla, sla_cal, clock, t_ack);
    ready = t = t_ack;
  }
  double pause_p = 0;
  if (c.sla.pausable) {
    switch (c.type) {
      case CaseType::kSubjectAccessRequest: pause_p = 0.2; break;
      case CaseType::kFoiRequest:
      case CaseType::kEirRequest: pause_p = 0.08; break;
      case CaseType::kServiceRequest:
      case CaseType::kGeneralEnquiry: pause_p = 0.06; break;
      default: pause_p = 0.03; break;
    }
  }
  if (rng_.chance(pause_p)) {
    const Instant t_pause = work_after(t, 30, 60 * 24 * 2);
    const Instant t_resume = work_after(t_pause, 60 * 20, 60 * 24 * 12);
    std::string reason = c.type == CaseType::kSubjectAccessRequest ? "Awaiting proof of identity" : rng_.pick(kPauseReasons);
    add(t_pause, [&, t_pause, reason] {
      transition(t_pause, worker, CaseStatus::kAwaitingCustomer, std::nullopt, reason, "");
    });
    add(t_resume, [&, t_resume] { transition(t_resume, worker, CaseStatus::kInProgress, std::nullopt, "", ""); });
    auto paused = pause_clock(c.sla, clock, t_pause);
    if (paused) {
      auto resumed = resume_clock(c.sla, sla_cal, *paused, t_resume);
      if (resumed) clock = *resumed;
    }
    ready = t = t_resume;
  }
  double extend_p = 0;
  int extend_by = 0;
  if (c.type == CaseType::kComplaint) extend_p = 0.08, extend_by = rng_.between(5, 10);
  if (c.type == CaseType::kEirRequest) extend_p = 0.12, extend_by = 20;
  if (c.type == CaseType::kSubjectAccessRequest) extend_p = 0.08, extend_by = 2;
  if (extend_by > c.sla.max_extension) extend_by = c.sla.max_extension;
  if (extend_by > 0 && clock.resolve_by && rng_.chance(extend_p)) {
    // Granted before the original date (for SARs within the first month).
    const LocalDate latest = c.type == CaseType::kSubjectAccessRequest
                                 ? std::min(*clock.resolve_by, add_calendar_months(clock.received_on, 1)) - days{3}
                                 : *clock.resolve_by - days{1};
    const Instant t_ext = std::max(t + minutes{30}, office_time(std::max(london_date(t), latest - days{rng_.below(5)})));
    auto ext = extend_clock(c.sla, sla_cal, clock, extend_by);
    if (ext) {
      clock = *ext;
      const std::string reason = rng_.pick(kExtensionReasons);
      const int amount = extend_by;
      add(t_ext, [&, t_ext, amount, reason] {
        auto e = extend_clock(c.sla, sla_cal, c.clock, amount);
        if (!e) {
          if (!error) error = e.error();
          return;
        }
        c.clock = *e;
        event(t_ext, worker, event_kind::kClockExtended, Visibility::kPublic,
              {{"amount", std::to_string(amount)}, {"reason", reason}, {"resolve_by", format_date(*c.clock.resolve_by)}});
      });
      ready = t = t_ext;
    }
  }

  // ---- when it closes -----------------------------------------------------------------------
  const LocalDate due = clock.resolve_by.value_or(cal().add_working_days(clock.start_day, 10));
  double meet = du.meet;
  switch (c.type) {
    case CaseType::kMemberEnquiry: meet = std::clamp(du.meet - 0.13, 0.62, 0.82); break;
    case CaseType::kComplaint: meet = 0.80; break;
    case CaseType::kFoiRequest: meet = 0.87; break;
    case CaseType::kEirRequest: meet = 0.84; break;
    case CaseType::kSubjectAccessRequest: meet = 0.80; break;
    default: break;
  }
  const bool is_duplicate = duplicate_candidate >= 0 && rng_.chance(0.35);
  const LocalDate from = std::max(london_date(t), clock.start_day);
  LocalDate close_day;
  const bool met_target = is_duplicate || rng_.chance(meet);
  if (met_target && from <= due) {
    const int span = cal().working_days_between(cal().working_day_on_or_after(from), due + days{1});
    const double bias = c.type == CaseType::kFoiRequest || c.type == CaseType::kEirRequest ||
                                c.type == CaseType::kSubjectAccessRequest
                            ? 0.7
                            : 1.8;
    const int k = is_duplicate ? 0 : std::min(std::max(span - 1, 0), static_cast<int>(std::pow(rng_.uniform(), bias) * span));
    close_day = cal().add_working_days(cal().working_day_on_or_after(from), k);
  } else {
    int late = 1 + static_cast<int>(rng_.exponential(me ? 3.0 : 4.5));
    if (rng_.chance(0.05)) late += rng_.between(20, 250);  // the long tail that makes a backlog
    close_day = cal().add_working_days(std::max(due, from), late);
  }
  Instant t_close = london_date(t) == close_day ? t + minutes{rng_.between(10, 120)} : office_time(close_day);
  for (Instant cc : child_close) t_close = std::max(t_close, cc + minutes{rng_.between(30, 240)});
  if (not_before_close) t_close = std::max(t_close, *not_before_close);
  if (t_close <= t) t_close = t + minutes{5};

  // ---- what happens in between: notes, delays advised -----------------------------------------
  // Officers write notes in office hours, on a working day between a and b.
  auto between = [&](Instant a, Instant b) {
    const LocalDate da = london_date(a), db = london_date(b);
    const int n = cal().working_days_between(da, db + days{1});
    if (n > 0) {
      const Instant at = office_time(cal().add_working_days(cal().working_day_on_or_after(da), rng_.below(n)));
      if (at > a && at < b) return at;
    }
    return a + seconds{static_cast<int64_t>(rng_.uniform() * static_cast<double>((b - a).count()))};
  };
  const Instant horizon = std::min(t_close, now);
  if (!svc.updates.empty() && rng_.chance(svc.where == Where::kStreet ? 0.5 : 0.3) && horizon > ready) {
    const Instant at = between(ready, t_close);
    const std::string text = rng_.pick(svc.updates);
    add(at, [&, at, text] {
      c.clock = record_response(c.sla, sla_cal, c.clock, at);
      event(at, worker, event_kind::kNote, Visibility::kPublic, {{"text", text}});
    });
  }
  const int internal = rng_.chance(0.35) + rng_.chance(0.15);
  for (int i = 0; i < internal && horizon > ready; ++i) {
    const Instant at = between(ready, t_close);
    const std::string text = rng_.pick(svc.where != Where::kNone && rng_.chance(0.6) ? kSiteNotes : kInternalNotes);
    add(at, [&, at, text] { event(at, worker, event_kind::kNote, Visibility::kInternal, {{"text", text}}); });
  }
  if (me) {
    const LocalDate close_on = london_date(t_close);
    if (close_on > due && rng_.chance(0.82)) {
      // Delay advised to the member before the due date, with a revised date.
      const int span = cal().working_days_between(clock.start_day, due + days{1});
      const LocalDate day = cal().add_working_days(clock.start_day, std::max(0, span - 1 - rng_.below(3)));
      Instant at = std::max(ready + minutes{5}, office_time(day));
      if (london_date(at) <= due) {
        const std::string reason = rng_.pick(kDelayReasons);
        const bool budget = reason.find("Budget") != std::string::npos;
        const LocalDate revised = std::max(close_on, cal().add_working_days(due, rng_.between(2, 10)));
        add(at, [&, at, reason, budget, revised] {
          c.clock = record_response(c.sla, sla_cal, c.clock, at);
          event(at, worker, "delay_advised", Visibility::kPublic,
                {{"reason", reason}, {"revised_date", format_date(revised)}, {"budget", budget ? "yes" : "no"}});
        });
      }
    }
    if (close_on > due) {
      // The Members' Enquiries team chases the delivery unit.
      const Instant at = office_time(cal().add_working_days(due, 1));
      if (at < t_close) {
        const std::string who = officer_tag(staff.members_enquiries_officer);
        const std::string text = "Chaser sent to " + w_.du(final_du).name + ": the enquiry is overdue.";
        add(at, [&, at, who, text] {
          event(at, who, event_kind::kNote, Visibility::kInternal, {{"text", text}, {"chaser", "yes"}});
        });
      }
    }
  }

  // ---- closure ---------------------------------------------------------------------------
  CaseOutcome outcome = CaseOutcome::kResolved;
  std::string notes;
  if (c.type == CaseType::kComplaint) {
    const double u = rng_.uniform();
    outcome = u < 0.24 ? CaseOutcome::kUpheld : u < 0.55 ? CaseOutcome::kPartlyUpheld : CaseOutcome::kNotUpheld;
    static const std::vector<std::string> upheld = {
        "Upheld: apology given and the service put right.", "Upheld: staff reminded of the procedure; goodwill payment offered."};
    static const std::vector<std::string> partly = {
        "Partly upheld: the delay was not acceptable but the decision stands.",
        "Partly upheld: apology for poor communication."};
    static const std::vector<std::string> not_upheld = {
        "Not upheld: the service was delivered in line with policy. Ombudsman details given.",
        "Not upheld: no evidence of fault found."};
    notes = rng_.pick(outcome == CaseOutcome::kUpheld ? upheld
                      : outcome == CaseOutcome::kPartlyUpheld ? partly
                                                              : not_upheld);
  } else if (is_duplicate) {
    outcome = CaseOutcome::kDuplicate;
    notes = "Already reported: we are dealing with the earlier report.";
  } else {
    const double u = rng_.uniform();
    const Theme theme = svc.theme;
    auto partner = [&] {
      std::vector<std::string_view> names;
      for (const Partner& p : kPartners)
        if (p.theme == theme) names.push_back(p.name);
      if (names.empty()) names.push_back("Citizens Advice Barnet");
      return std::string(names[rng_.below(static_cast<int>(names.size()))]);
    };
    if (u < 0.82 || c.type == CaseType::kCompliment || c.type == CaseType::kComment) {
      outcome = CaseOutcome::kResolved;
      if (c.type == CaseType::kCompliment) notes = "Thanks passed on to the team and their manager.";
      else if (c.type == CaseType::kComment) notes = "Comment passed to the service manager.";
      else if (!svc.resolutions.empty()) notes = rng_.pick(svc.resolutions);
      else notes = "Resolved.";
    } else if (u < 0.90) {
      outcome = CaseOutcome::kNoFurtherAction;
      notes = "Investigated: no further action needed.";
    } else if (u < 0.94) {
      outcome = CaseOutcome::kNotCouncilsResponsibility;
      notes = "Not the council's responsibility: passed to " + partner() + ".";
    } else if (u < 0.97) {
      outcome = CaseOutcome::kWithdrawn;
      notes = "The customer withdrew the request.";
    } else {
      outcome = CaseOutcome::kReferred;
      notes = "Referred to " + partner() + ".";
    }
  }
  add(t_close, [&, outcome, notes] {
    if (is_duplicate) {
      // Linked to the earlier report as it is closed.
      g.duplicate_of = duplicate_candidate;
      GenEvent e;
      e.at = t_close;
      e.actor = worker;
      e.kind = std::string(event_kind::kLinked);
      e.details = {{"kind", "duplicate_of"}};
      e.ref_key = "case";
      e.ref_case = duplicate_candidate;
      g.events.push_back(std::move(e));
    }
    transition(t_close, worker, CaseStatus::kClosed, outcome, "", notes);
  });

  // ---- play it out up to now --------------------------------------------------------------
  std::stable_sort(actions.begin(), actions.end(), [](const Action& a, const Action& b) {
    return a.at != b.at ? a.at < b.at : a.order < b.order;
  });
  for (const Action& a : actions) {
    if (a.at > now || error) break;
    a.run();
  }
  return t_close;
}

}  // namespace civicdesk::demo

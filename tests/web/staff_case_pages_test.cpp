// The staff case page's triage, watchers, unlinking and photos, and the
// two-step verification set-up page (docs/pages.md "Staff console"), through
// the real request pipeline over a real store on every backend: each form's
// happy path, its validation errors (400, what was typed kept, nothing
// changed), refused tokens (403), who may act (403/404, nothing changed),
// stale versions (409) and unknown references.
#include "http/parse/query.h"
#include "page_fixture.h"
#include "support/images.h"
#include "web/staff.h"

namespace civicdesk::web {
namespace {

// The page as a browser reads its attributes: mustache writes "/" as &#x2F;.
std::string readable(std::string html) {
  for (size_t at = html.find("&#x2F;"); at != std::string::npos; at = html.find("&#x2F;", at)) html.replace(at, 6, "/");
  for (size_t at = html.find("&#x3D;"); at != std::string::npos; at = html.find("&#x3D;", at)) html.replace(at, 6, "=");
  return html;
}
bool has(const http::Response& r, const std::string& text) { return readable(r.body).find(text) != std::string::npos; }

// Small, so that "too big" needs no big file.
media::Limits small_uploads() {
  media::Limits limits;
  limits.max_bytes = 4096;
  return limits;
}

class StaffCasePagesTest : public PageFixture {
 protected:
  StaffCasePagesTest() : PageFixture(small_uploads(), /*with_api=*/true) {}

  void sign_in(Browser& b, const std::string& role) {
    auto res = b.sign_in_as(role);
    ASSERT_EQ(res.status, 303) << role << res.body;
  }

  CaseView service_request(const std::string& street, const std::string& category = "missed-bin") {
    NewCase in;
    in.category = category;
    in.description = "Bin not collected at " + street;
    if (category == "missed-bin") in.answers = {{"bin_type", {"refuse"}}};
    in.location.address = street;
    auto made = services_->cases.create(ctx(), in);
    EXPECT_TRUE(made) << made.error().message;
    return *made;
  }

  CaseView enquiry() {
    NewCase in;
    in.type = CaseType::kMemberEnquiry;
    in.category = "missed-bin";
    in.answers = {{"bin_type", {"refuse"}}};
    in.member_id = council_.member;
    in.description = "Residents of Station Road say the bins were missed";
    in.location.address = "Station Road";
    auto made = services_->cases.create(ctx(), in);
    EXPECT_TRUE(made) << made.error().message;
    return *made;
  }

  Case current(const std::string& reference) { return services_->cases.get(ctx(), reference).value().c; }
  size_t events(const std::string& reference) {
    return services_->cases.timeline(ctx(), reference, std::nullopt).value().events.size();
  }
  size_t watchers(const std::string& reference) { return services_->cases.watchers(ctx(), reference).value().size(); }
  std::vector<Attachment> photos(const std::string& reference) {
    return services_->attachments.list(ctx(), reference).value();
  }
  static std::string form_action(const std::string& page, const std::string& action) {
    return "action=\"" + page + "/" + action + "\"";
  }
};

// ---- triage ----------------------------------------------------------------

TEST_P(StaffCasePagesTest, TheMembersEnquiriesTeamRoutesAnEnquiryAndTheDeliveryUnitAcceptsIt) {
  const CaseView e = enquiry();
  const std::string ref = e.c.reference, page = "/staff/cases/" + ref;
  Browser lead(*pipeline_), manager(*pipeline_);
  sign_in(lead, "lead");
  sign_in(manager, "manager");

  // Routing and tasks are the ME team's (council-wide staff), not the unit's.
  auto seen = lead.get(page);
  ASSERT_EQ(seen.status, 200) << seen.body;
  for (const char* action : {"route", "task", "accept", "diary"})
    EXPECT_FALSE(has(seen, form_action(page, action))) << action;
  auto triage = manager.get(page);
  EXPECT_TRUE(has(triage, form_action(page, "route")));
  EXPECT_TRUE(has(triage, form_action(page, "task")));
  EXPECT_FALSE(has(triage, form_action(page, "accept")));
  EXPECT_TRUE(has(triage, "<option value=\"highways\">Highways</option>"));

  // No delivery unit: an error keeping the note; nothing changed.
  size_t before = events(ref);
  auto none = manager.post(page, page + "/route", "route_unit=&route_officer=&route_note=Please+look");
  EXPECT_EQ(none.status, 400);
  EXPECT_TRUE(has(none, "href=\"#route_unit\""));
  EXPECT_TRUE(has(none, ">Please look</textarea>"));
  EXPECT_TRUE(has(none, "id=\"action-route\" open"));
  // An officer of another delivery unit: said on the officer field.
  auto wrong = manager.post(page, page + "/route",
                            "route_unit=highways&route_officer=" + std::to_string(council_.officer_street));
  EXPECT_EQ(wrong.status, 400);
  EXPECT_TRUE(has(wrong, "href=\"#route_officer\""));
  // A unit that does not exist.
  EXPECT_EQ(manager.post(page, page + "/route", "route_unit=nowhere").status, 400);
  EXPECT_EQ(events(ref), before);
  EXPECT_EQ(current(ref).enquiry.routing, Routing::kNone);

  auto routed = manager.post(page, page + "/route",
                             "route_unit=street-scene&route_officer=" + std::to_string(council_.officer_street) +
                                 "&route_note=Round+7");
  ASSERT_EQ(routed.status, 303) << routed.body;
  EXPECT_EQ(routed.header("Location").value_or(""), page + "?done=route");
  EXPECT_TRUE(has(manager.get(page + "?done=route"), "The enquiry has been routed"));
  EXPECT_EQ(current(ref).enquiry.routing, Routing::kAwaitingAcceptance);
  EXPECT_EQ(current(ref).assignee_id, council_.officer_street);

  // The unit sees accept (and send back) and the routing state.
  auto waiting = lead.get(page);
  EXPECT_TRUE(has(waiting, form_action(page, "accept")));
  EXPECT_TRUE(has(waiting, form_action(page, "send-back")));
  EXPECT_TRUE(has(waiting, "Waiting to be accepted"));

  // Someone else changed the enquiry since the page was drawn: 409, nothing changed.
  const std::string html = lead.get(page).body;
  ASSERT_TRUE(services_->cases.add_note(ctx(), ref, NewNote{"elsewhere", Visibility::kInternal}));
  before = events(ref);
  auto stale = lead.send("POST", page + "/accept",
                         "csrf=" + Browser::field_value(html, "csrf") + "&version=" + Browser::field_value(html, "version"));
  EXPECT_EQ(stale.status, 409);
  EXPECT_TRUE(has(stale, "Someone else changed this case"));
  EXPECT_EQ(current(ref).enquiry.routing, Routing::kAwaitingAcceptance);
  EXPECT_EQ(events(ref), before);

  // Residents and councillors cannot accept it.
  for (const std::string role : {"resident", "councillor"}) {
    Browser b(*pipeline_);
    sign_in(b, role);
    auto res = b.send("POST", page + "/accept",
                      "csrf=" + Browser::field_value(b.get("/account").body, "csrf") + "&version=" +
                          std::to_string(current(ref).version));
    EXPECT_EQ(res.status, 403) << role;
    EXPECT_EQ(current(ref).enquiry.routing, Routing::kAwaitingAcceptance) << role;
  }
  // A wrong token changes nothing.
  EXPECT_EQ(lead.send("POST", page + "/accept", "csrf=nope&version=" + std::to_string(current(ref).version)).status, 403);
  EXPECT_EQ(current(ref).enquiry.routing, Routing::kAwaitingAcceptance);

  auto accepted = lead.post(page, page + "/accept", "");
  ASSERT_EQ(accepted.status, 303) << accepted.body;
  EXPECT_EQ(current(ref).enquiry.routing, Routing::kAccepted);
  EXPECT_EQ(current(ref).status, CaseStatus::kInProgress);
  // Accepted: no more routing offered; a route posted anyway is refused on the form.
  EXPECT_FALSE(has(manager.get(page), form_action(page, "route")));
  before = events(ref);
  auto late = manager.post(page, page + "/route", "route_unit=highways");
  EXPECT_EQ(late.status, 409);
  EXPECT_TRUE(has(late, "has been accepted by its delivery unit"));
  EXPECT_EQ(current(ref).delivery_unit, "street-scene");
  EXPECT_EQ(events(ref), before);
  // Accepting twice is refused too.
  EXPECT_EQ(lead.post(page, page + "/accept", "").status, 409);
}

TEST_P(StaffCasePagesTest, TheTeamAddsATaskAndDiarisesAFollowUpOnAClosedEnquiry) {
  const CaseView e = enquiry();
  const std::string ref = e.c.reference, page = "/staff/cases/" + ref;
  Browser manager(*pipeline_);
  sign_in(manager, "manager");

  auto none = manager.post(page, page + "/task", "task_unit=&task_description=Fill+the+pothole+too");
  EXPECT_EQ(none.status, 400);
  EXPECT_TRUE(has(none, ">Fill the pothole too</textarea>"));
  EXPECT_TRUE(services_->cases.links(ctx(), ref).value().empty());
  auto wrong = manager.post(page, page + "/task", "task_unit=highways&task_officer=" + std::to_string(council_.officer_street));
  EXPECT_EQ(wrong.status, 400);
  EXPECT_TRUE(has(wrong, "href=\"#task_officer\""));
  EXPECT_TRUE(services_->cases.links(ctx(), ref).value().empty());
  auto added = manager.post(page, page + "/task", "task_unit=highways&task_description=Fill+the+pothole+too");
  ASSERT_EQ(added.status, 303) << added.body;
  auto links = services_->cases.links(ctx(), ref).value();
  ASSERT_EQ(links.size(), 1u);
  EXPECT_EQ(links[0].kind, LinkKind::kChild);
  EXPECT_EQ(current(links[0].other_reference).delivery_unit, "highways");
  EXPECT_TRUE(has(manager.get(page), "href=\"/staff/cases/" + links[0].other_reference + "\""));

  // Diarising is for closed enquiries.
  EXPECT_FALSE(has(manager.get(page), form_action(page, "diary")));
  TransitionRequest close;
  close.to = CaseStatus::kClosed;
  close.outcome = CaseOutcome::kResolved;
  ASSERT_TRUE(services_->cases.transition(ctx(), ref, close, std::nullopt));
  ASSERT_TRUE(has(manager.get(page), form_action(page, "diary")));
  // No task on a closed enquiry.
  EXPECT_FALSE(has(manager.get(page), form_action(page, "task")));

  size_t before = events(ref);
  auto unreal = manager.post(page, page + "/diary", "diary_date-day=31&diary_date-month=2&diary_date-year=2016&diary_reason=Resurfacing");
  EXPECT_EQ(unreal.status, 400);
  EXPECT_TRUE(has(unreal, "href=\"#diary_date-day\""));
  EXPECT_TRUE(has(unreal, ">Resurfacing</textarea>"));
  EXPECT_TRUE(has(unreal, "value=\"31\""));
  auto past = manager.post(page, page + "/diary", "diary_date-day=1&diary_date-month=2&diary_date-year=2016&diary_reason=Resurfacing");
  EXPECT_EQ(past.status, 400);
  EXPECT_TRUE(has(past, "within two years"));
  auto no_reason = manager.post(page, page + "/diary", "diary_date-day=1&diary_date-month=6&diary_date-year=2016&diary_reason=");
  EXPECT_EQ(no_reason.status, 400);
  EXPECT_TRUE(has(no_reason, "href=\"#diary_reason\""));
  EXPECT_EQ(events(ref), before);
  EXPECT_FALSE(current(ref).enquiry.diary_on.has_value());

  auto diarised = manager.post(page, page + "/diary", "diary_date-day=1&diary_date-month=6&diary_date-year=2016&diary_reason=Resurfacing");
  ASSERT_EQ(diarised.status, 303) << diarised.body;
  EXPECT_EQ(format_date(*current(ref).enquiry.diary_on), "2016-06-01");
  auto shown = manager.get(page + "?done=diary");
  EXPECT_TRUE(has(shown, "The follow-up has been diarised"));
  EXPECT_TRUE(has(shown, "1 June 2016"));
}

// ---- watchers --------------------------------------------------------------

TEST_P(StaffCasePagesTest, WatchersAreListedAddedAndRemoved) {
  const CaseView c = service_request("1 High Street");
  const std::string ref = c.c.reference, page = "/staff/cases/" + ref;
  Browser lead(*pipeline_);
  sign_in(lead, "lead");
  // The forms come with ?copy=1 (a link), so the case page does not carry
  // every officer and councillor each time.
  auto plain = lead.get(page);
  EXPECT_TRUE(has(plain, "No one is copied in."));
  EXPECT_TRUE(has(plain, "href=\"/staff/cases/" + ref + "?copy=1#action-watch\""));
  EXPECT_FALSE(has(plain, form_action(page, "watch")));
  EXPECT_FALSE(has(plain, ">Hal Highways (Highways)</option>"));
  auto first = lead.get(page + "?copy=1");
  EXPECT_TRUE(has(first, "id=\"action-watch\" open"));
  EXPECT_TRUE(has(first, form_action(page, "watch")));
  EXPECT_TRUE(has(first, ">Hal Highways (Highways)</option>"));
  EXPECT_TRUE(has(first, ">Cllr Wendy Hendon</option>"));

  // Errors: nothing chosen, a bad address (kept), no officer chosen.
  auto nothing = lead.post(page, page + "/watch", "watch_kind=");
  EXPECT_EQ(nothing.status, 400);
  EXPECT_TRUE(has(nothing, "href=\"#watch_officer\""));
  auto bad = lead.post(page, page + "/watch", "watch_kind=email&watch_email=not-an-address&watch_name=Ann");
  EXPECT_EQ(bad.status, 400);
  EXPECT_TRUE(has(bad, "value=\"not-an-address\""));
  EXPECT_TRUE(has(bad, "id=\"action-watch\" open"));
  EXPECT_TRUE(has(bad, "href=\"#watch_email\""));
  EXPECT_TRUE(has(bad, "value=\"Ann\""));
  EXPECT_EQ(lead.post(page, page + "/watch", "watch_kind=officer&watch_officer=").status, 400);
  EXPECT_EQ(lead.post(page, page + "/watch", "watch_kind=member&watch_member=99999").status, 400);
  EXPECT_EQ(watchers(ref), 0u);

  ASSERT_EQ(lead.post(page, page + "/watch", "watch_kind=officer&watch_officer=" + std::to_string(council_.officer_highways)).status, 303);
  ASSERT_EQ(lead.post(page, page + "/watch", "watch_kind=member&watch_member=" + std::to_string(council_.member)).status, 303);
  auto email = lead.post(page, page + "/watch", "watch_kind=email&watch_email=ann%40example.com&watch_name=Ann+Other");
  ASSERT_EQ(email.status, 303) << email.body;
  EXPECT_EQ(watchers(ref), 3u);
  auto listed = lead.get(page + "?done=watch");
  EXPECT_TRUE(has(listed, "They have been copied in"));
  EXPECT_TRUE(has(listed, ">Hal Highways</dt>"));
  EXPECT_TRUE(has(listed, ">Cllr Wendy Hendon</dt>"));
  EXPECT_TRUE(has(listed, ">Ann Other</dt>"));
  EXPECT_TRUE(has(listed, "ann@example.com"));
  // The same address again: said, nothing added.
  auto twice = lead.post(page, page + "/watch", "watch_kind=email&watch_email=ann%40example.com");
  EXPECT_EQ(twice.status, 409);
  EXPECT_EQ(watchers(ref), 3u);

  // Residents and councillors, a wrong token, another council's case: nothing changes.
  for (const std::string role : {"resident", "councillor"}) {
    Browser b(*pipeline_);
    sign_in(b, role);
    auto res = b.send("POST", page + "/unwatch",
                      "csrf=" + Browser::field_value(b.get("/account").body, "csrf") + "&version=" +
                          std::to_string(current(ref).version) + "&watcher_kind=email&watcher_key=ann%40example.com");
    EXPECT_EQ(res.status, 403) << role;
  }
  EXPECT_EQ(lead.send("POST", page + "/unwatch", "csrf=x&version=" + std::to_string(current(ref).version) +
                                                    "&watcher_kind=email&watcher_key=ann%40example.com").status, 403);
  EXPECT_EQ(watchers(ref), 3u);
  const testing::SmallCouncil other = testing::seed_small_council(*services_, "otherton", "OTH");
  NewCase n;
  n.category = "general";
  n.description = "Elsewhere";
  const CaseView there = services_->cases.create(other.ctx(clock_.now()), n).value();
  auto elsewhere = lead.post(page, "/staff/cases/" + there.c.reference + "/watch", "watch_kind=email&watch_email=x%40example.com");
  EXPECT_EQ(elsewhere.status, 404);
  EXPECT_TRUE(services_->cases.watchers(other.ctx(clock_.now()), there.c.reference).value().empty());

  // Remove: gone from the list; removing again says so.
  auto removed = lead.post(page, page + "/unwatch", "watcher_kind=email&watcher_key=ann%40example.com");
  ASSERT_EQ(removed.status, 303) << removed.body;
  EXPECT_EQ(watchers(ref), 2u);
  EXPECT_FALSE(has(lead.get(page), ">Ann Other</dt>"));
  auto again = lead.post(page, page + "/unwatch", "watcher_kind=email&watcher_key=ann%40example.com");
  EXPECT_EQ(again.status, 409);
  EXPECT_TRUE(has(again, "no longer copied in"));
  EXPECT_EQ(lead.post(page, page + "/unwatch", "watcher_kind=robot&watcher_key=1").status, 400);
  ASSERT_EQ(lead.post(page, page + "/unwatch", "watcher_kind=officer&watcher_key=" + std::to_string(council_.officer_highways)).status, 303);
  EXPECT_EQ(watchers(ref), 1u);
}

// ---- links -----------------------------------------------------------------

TEST_P(StaffCasePagesTest, AnUnlinkButtonRemovesALink) {
  const CaseView c = service_request("1 High Street");
  const CaseView other = service_request("3 High Street");
  const std::string ref = c.c.reference, page = "/staff/cases/" + ref;
  ASSERT_TRUE(services_->cases.link(ctx(), ref, LinkKind::kRelated, other.c.reference));
  Browser lead(*pipeline_);
  sign_in(lead, "lead");
  auto shown = lead.get(page);
  EXPECT_TRUE(has(shown, form_action(page, "unlink")));
  EXPECT_TRUE(has(shown, "name=\"unlink_case\" value=\"" + other.c.reference + "\""));

  EXPECT_EQ(lead.post(page, page + "/unlink", "unlink_kind=sideways&unlink_case=" + other.c.reference).status, 400);
  Browser councillor(*pipeline_);
  sign_in(councillor, "councillor");
  EXPECT_EQ(councillor.send("POST", page + "/unlink",
                            "csrf=" + Browser::field_value(councillor.get("/account").body, "csrf") + "&version=" +
                                std::to_string(current(ref).version) + "&unlink_kind=related&unlink_case=" + other.c.reference)
                .status,
            403);
  EXPECT_EQ(services_->cases.links(ctx(), ref).value().size(), 1u);

  auto unlinked = lead.post(page, page + "/unlink", "unlink_kind=related&unlink_case=" + other.c.reference);
  ASSERT_EQ(unlinked.status, 303) << unlinked.body;
  EXPECT_TRUE(services_->cases.links(ctx(), ref).value().empty());
  EXPECT_TRUE(services_->cases.links(ctx(), other.c.reference).value().empty());
  EXPECT_TRUE(has(lead.get(page + "?done=unlink"), "The link has been removed"));
  // Twice (another tab): said on the page, nothing else happens.
  auto again = lead.post(page, page + "/unlink", "unlink_kind=related&unlink_case=" + other.c.reference);
  EXPECT_EQ(again.status, 409);
  EXPECT_TRUE(has(again, "no longer linked"));
}

// ---- photos ----------------------------------------------------------------

TEST_P(StaffCasePagesTest, PhotosAreUploadedHiddenAndShownAgain) {
  const CaseView c = service_request("1 High Street");
  const std::string ref = c.c.reference, page = "/staff/cases/" + ref;
  Browser lead(*pipeline_);
  sign_in(lead, "lead");
  auto fields = [&](bool shown) {
    const std::string html = lead.get(page).body;
    std::vector<std::pair<std::string, std::string>> f{{"csrf", Browser::field_value(html, "csrf")},
                                                       {"version", Browser::field_value(html, "version")}};
    if (shown) f.push_back({"photo_public", "yes"});
    return f;
  };
  EXPECT_TRUE(has(lead.get(page), "enctype=\"multipart/form-data\""));

  // Report a problem's limits and messages; nothing stored.
  const std::string big = test_images::clean_png() + std::string(5000, 'x');
  const std::vector<std::pair<std::vector<std::string>, std::string>> refused = {
      {{}, "Choose a photo to add"},
      {{"just some text, not a photo"}, "must be a JPEG or PNG"},
      {{test_images::kPngSignature + "garbled"}, "could not be read"},
      {{big}, "must be smaller than 4 KB"},
      {{test_images::clean_png(), test_images::clean_png(), test_images::clean_png(), test_images::clean_png()},
       "Choose 3 photos or fewer"},
  };
  for (const auto& [files, message] : refused) {
    auto res = lead.post_multipart(page + "/add-photos", fields(true), files);
    EXPECT_EQ(res.status, 400) << message;
    EXPECT_TRUE(has(res, message)) << message;
    EXPECT_TRUE(has(res, "href=\"#photo_files\"")) << message;
    EXPECT_TRUE(has(res, "id=\"photo_public\" name=\"photo_public\" type=\"checkbox\" value=\"yes\" checked")) << message;
  }
  EXPECT_TRUE(photos(ref).empty());
  auto forged = lead.post_multipart(page + "/add-photos", {{"csrf", "nope"}, {"version", "1"}}, {test_images::clean_png()});
  EXPECT_EQ(forged.status, 403);
  EXPECT_TRUE(photos(ref).empty());

  auto added = lead.post_multipart(page + "/add-photos", fields(false), {test_images::phone_png()});
  ASSERT_EQ(added.status, 303) << added.body;
  auto shown = lead.post_multipart(page + "/add-photos", fields(true), {test_images::clean_png()});
  ASSERT_EQ(shown.status, 303) << shown.body;
  auto stored = photos(ref);
  ASSERT_EQ(stored.size(), 2u);
  EXPECT_FALSE(stored[0].is_public);  // staff photos are internal unless said
  EXPECT_TRUE(stored[1].is_public);
  EXPECT_TRUE(has(lead.get(page + "?done=add-photos"), "The photos have been added"));

  // Hide the public one: marked, and "Show again" offered; then shown again.
  const std::string id = std::to_string(stored[1].id);
  auto hidden = lead.post(page, page + "/hide-photo", "photo_id=" + id);
  ASSERT_EQ(hidden.status, 303) << hidden.body;
  EXPECT_TRUE(photos(ref)[1].hidden);
  auto after = lead.get(page);
  EXPECT_TRUE(has(after, form_action(page, "show-photo")));
  EXPECT_TRUE(has(after, ">Hidden</strong>"));
  // Residents cannot hide or show photos.
  Browser resident(*pipeline_);
  sign_in(resident, "resident");
  EXPECT_EQ(resident.send("POST", page + "/show-photo",
                          "csrf=" + Browser::field_value(resident.get("/account").body, "csrf") + "&version=" +
                              std::to_string(current(ref).version) + "&photo_id=" + id)
                .status,
            403);
  EXPECT_TRUE(photos(ref)[1].hidden);
  ASSERT_EQ(lead.post(page, page + "/show-photo", "photo_id=" + id).status, 303);
  EXPECT_FALSE(photos(ref)[1].hidden);
  // Unknown or malformed photos.
  EXPECT_EQ(lead.post(page, page + "/hide-photo", "photo_id=99999").status, 409);
  EXPECT_EQ(lead.post(page, page + "/hide-photo", "photo_id=x").status, 400);
}

// ---- two-step verification -------------------------------------------------

TEST_P(StaffCasePagesTest, StaffSetUpTwoStepVerificationFromTheSecurityPage) {
  Browser nobody(*pipeline_);
  EXPECT_EQ(nobody.get("/account/security").header("Location").value_or(""),
            "/sign-in?next=" + http::percent_encode("/account/security"));

  // Residents are told it is for staff; posting is refused.
  Browser resident(*pipeline_);
  sign_in(resident, "resident");
  EXPECT_TRUE(has(resident.get("/account"), "href=\"/account/security\""));
  auto theirs = resident.get("/account/security");
  EXPECT_EQ(theirs.status, 200);
  EXPECT_TRUE(has(theirs, "for council staff accounts"));
  EXPECT_FALSE(has(theirs, "name=\"code\""));
  EXPECT_EQ(resident.post("/account/security", "/account/security", "secret=A&seal=B&code=123456").status, 403);

  Browser officer(*pipeline_);
  sign_in(officer, "officer");
  auto page = officer.get("/account/security");
  ASSERT_EQ(page.status, 200) << page.body;
  EXPECT_TRUE(has(page, "Two-step verification is off"));
  const std::string secret = Browser::field_value(page.body, "secret");
  const std::string seal = Browser::field_value(page.body, "seal");
  ASSERT_EQ(secret.size(), 32u);
  EXPECT_TRUE(has(page, secret.substr(0, 4) + " " + secret.substr(4, 4) + " "));
  EXPECT_TRUE(has(page, "otpauth://totp/"));
  auto user = [&] {
    const std::vector<User> users = services_->accounts.list_users(ctx()).value();
    for (const User& u : users)
      if (u.email == "officer@testshire.gov.uk") return services_->accounts.get_user(ctx(), u.id).value();
    return User{};
  };
  const std::string code = crypto::totp_code(secret, clock_.now()).value();
  auto post = [&](const std::string& s, const std::string& sl, const std::string& c) {
    return officer.send("POST", "/account/security",
                        "csrf=" + Browser::field_value(page.body, "csrf") + "&secret=" + s + "&seal=" + sl + "&code=" + c);
  };

  // Validation: the same secret comes back, so the app already set up still works.
  auto empty = post(secret, seal, "");
  EXPECT_EQ(empty.status, 400);
  EXPECT_TRUE(has(empty, "href=\"#code\""));
  EXPECT_EQ(Browser::field_value(empty.body, "secret"), secret);
  auto letters = post(secret, seal, "12ab56");
  EXPECT_EQ(letters.status, 400);
  EXPECT_TRUE(has(letters, "value=\"12ab56\""));
  std::string wrong = crypto::totp_code(secret, clock_.now() + std::chrono::hours(1)).value();
  if (wrong == code) wrong = wrong == "000000" ? "111111" : "000000";
  auto refused = post(secret, seal, wrong);
  EXPECT_EQ(refused.status, 400);
  EXPECT_TRUE(has(refused, "That code is not right"));
  EXPECT_EQ(Browser::field_value(refused.body, "secret"), secret);
  EXPECT_FALSE(user().totp_secret.has_value());

  // A secret someone else chose (with a code for it) is refused: the seal does not fit.
  const std::string chosen = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP";
  auto attacker = post(chosen, seal, crypto::totp_code(chosen, clock_.now()).value());
  EXPECT_EQ(attacker.status, 400);
  EXPECT_TRUE(has(attacker, "The setup key has changed"));
  EXPECT_NE(Browser::field_value(attacker.body, "secret"), chosen);
  EXPECT_FALSE(user().totp_secret.has_value());
  // A secret sealed for another session is refused too.
  Browser other(*pipeline_);
  sign_in(other, "officer");
  const std::string other_page = other.get("/account/security").body;
  const std::string other_secret = Browser::field_value(other_page, "secret");
  EXPECT_EQ(post(other_secret, Browser::field_value(other_page, "seal"), crypto::totp_code(other_secret, clock_.now()).value())
                .status,
            400);
  EXPECT_FALSE(user().totp_secret.has_value());
  // A wrong token changes nothing.
  EXPECT_EQ(officer.send("POST", "/account/security", "csrf=nope&secret=" + secret + "&seal=" + seal + "&code=" + code).status,
            403);
  EXPECT_FALSE(user().totp_secret.has_value());

  auto done = post(secret, seal, code.substr(0, 3) + "+" + code.substr(3));
  ASSERT_EQ(done.status, 303) << done.body;
  EXPECT_EQ(done.header("Location").value_or(""), "/account/security?done=1");
  EXPECT_EQ(user().totp_secret.value_or(""), secret);
  auto on = officer.get("/account/security?done=1");
  EXPECT_TRUE(has(on, "Two-step verification is now on"));
  EXPECT_TRUE(has(on, "Two-step verification is on for your account"));

  // Signing in now asks for a code.
  Browser later(*pipeline_);
  auto signed_in = later.post("/sign-in", "/sign-in", "email=officer%40testshire.gov.uk&password=correct+horse+battery+officer");
  EXPECT_EQ(signed_in.header("Location").value_or("").rfind("/sign-in/code", 0), 0u);
}

TEST(StaffCaseTexts, EveryValueShownHasItsText) {
  const Messages& m = Messages::embedded();
  for (auto v : {Routing::kAwaitingAcceptance, Routing::kAccepted, Routing::kSentBack})
    EXPECT_TRUE(m.find("en", staff_key("routing", to_string(v)))) << to_string(v);
  for (auto v : {WatcherKind::kOfficer, WatcherKind::kMember, WatcherKind::kCustomer, WatcherKind::kEmail})
    EXPECT_TRUE(m.find("en", staff_key("watcher", to_string(v)))) << to_string(v);
  for (const char* action : {"route", "accept", "task", "diary", "watch", "unwatch", "unlink", "hide-photo", "show-photo",
                             "add-photos"})
    EXPECT_TRUE(m.find("en", staff_key("done", action))) << action;
}

INSTANTIATE_TEST_SUITE_P(Backends, StaffCasePagesTest, ::testing::ValuesIn(testing::test_backends()));

}  // namespace
}  // namespace civicdesk::web

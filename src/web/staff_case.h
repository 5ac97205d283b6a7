// What the staff case page's files share (staff_case_pages.cpp: the page,
// the POST handler and the workflow actions; staff_case_more.cpp: triage of
// Members' Enquiries, watchers, unlinking and photos). Internal to web/.
#pragma once

#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "app/case_file.h"
#include "domain/media.h"
#include "web/staff.h"

namespace civicdesk::web {

// What an action's use case needs: the form, the case as read just before
// (its version checked against the form's), and any photos sent with a
// multipart form.
struct ActionContext {
  WebDeps& deps;
  const http::Request& req;
  const Form& form;
  const CaseView& current;  // read just before
  ExpectedVersion version;
  const std::vector<std::string>& photos;
};

// One form on the case page, posted to /staff/cases/{reference}/{name}.
struct Action {
  std::string field;  // where a general error points
  std::function<FormErrors(const Form&)> check;
  std::function<Status(const ActionContext&)> run;
  // An app error naming one of these fields is shown on the form's field.
  std::map<std::string, std::string> fields;  // app field -> form field
  std::string invalid_key;                    // message for invalid input
  std::string precondition_key = "staff.errors.not_now";  // the case's state does not allow it
  // Checks the photos of a multipart form (upload only).
  std::function<FormErrors(const ActionContext&)> check_photos = nullptr;
};

template <class T>
Status status_of(Result<T> r) {
  if (!r) return std::move(r).error();
  return {};
}

// A required text field, trimmed, at most `max` characters.
FormErrors need(const Form& f, const std::string& field, const char* key, size_t max = 2000);
// A GOV.UK date input (NAME-day, NAME-month, NAME-year); nullopt unless real.
std::optional<LocalDate> date_field(const Form& f, const std::string& name);

// The actions of staff_case_more.cpp, added to `a`.
void add_more_case_actions(std::map<std::string, Action>& a);

// The page's context for them: triage choices, watchers, unlink and photo
// forms, what may be offered (`can` gets more keys). `typed` is what was sent.
// `copy_in`: the "Copy someone in" forms are shown (?copy=1, or after one was
// sent); otherwise only a link to them, so the page does not carry every
// officer and councillor of the council as options each time.
void add_more_case_context(mstch::map& c, const Page& page, const CaseFile& file, const Form& typed,
                           const Principal& p, const media::Limits& limits, bool copy_in);

}  // namespace civicdesk::web

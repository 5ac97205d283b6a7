// Open311 GeoReport v2 use cases (docs/open311.md). Reads are public
// (anonymous, like the spec's reads) but show only what a public report
// site may: service requests (not complaints, enquiries or FOI) in
// categories offered through Open311 (active, not restricted). Writes need
// the api_key of a client system with the "open311" scope
// (`civicdesk clients add NAME --scope open311`).
//
// A request posted here is a real case, made by CaseService in one
// transaction with its customer (found by email, else created) and its
// first timeline event; its service_request_id is the case reference.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "app/accounts.h"
#include "app/cases.h"
#include "app/attachments.h"
#include "domain/open311.h"

namespace civicdesk {

// A file part of a multipart POST (FixMyStreet's photo1..N).
struct Open311Photo {
  std::string field;  // "photo1"
  std::string bytes;
};

// POST requests, as decoded from the form.
struct Open311NewRequest {
  std::string service_code;
  std::optional<double> lat, lng;
  std::string address_string, address_id;
  std::map<std::string, std::vector<std::string>> attributes;
  std::string email, device_id, account_id, first_name, last_name, phone, description;
  std::vector<std::string> media_urls;  // remote links: stored, never fetched
  // Stripped and stored with the case (docs/media.md); one that is not an
  // acceptable photo is left out with a note on the case's timeline.
  std::vector<Open311Photo> photos;
};

struct Open311Created {
  std::string service_request_id;
  std::string token;
};

// GET requests filters. No ids: the date window defaults to the last 90
// days, and at most 1000 requests are returned (newest first).
struct Open311Query {
  std::vector<std::string> ids;
  std::string service_code;
  std::optional<Instant> start, end;
  std::optional<std::string> status;  // "open" or "closed"
};

struct Open311RequestView {
  Case c;
  std::string service_name;
  std::string agency_responsible;
  std::string status_notes;
  std::vector<std::string> media_urls;
  std::optional<LocalDate> expected;  // resolve-by date
};

struct Open311Update {
  std::string update_id;
  std::string service_request_id;
  open311::Status status = open311::Status::kOpen;
  Instant updated{};
  std::string description;
  std::string external_status_code;
  std::vector<std::string> media_urls;
};

// POST servicerequestupdates (a citizen's update from FixMyStreet).
struct Open311CitizenUpdate {
  std::string service_request_id, update_id, status, description, first_name, last_name, email;
  std::optional<Instant> updated;
  std::vector<std::string> media_urls;
};

// Timeline event kind of a citizen's update received through Open311.
inline constexpr std::string_view kOpen311UpdateEvent = "open311_update";

class Open311Service {
 public:
  static constexpr int kMaxRequests = 1000;
  static constexpr int kDefaultWindowDays = 90;
  static constexpr int kMaxUpdates = 1000;

  Open311Service(Store& store, CatalogueCache& cache, CaseService& cases, AccountService& accounts,
                 AttachmentService& attachments)
      : store_(store), cache_(cache), cases_(cases), accounts_(accounts), attachments_(attachments) {}

  // The client system an api_key belongs to; permission_denied (403) when
  // it is missing, unknown, revoked, expired or lacks the open311 scope.
  Result<Principal> client(TenantId tenant, const std::string& api_key, Instant now);

  // The jurisdiction_id this council answers to: its slug ("barnet").
  Result<std::string> jurisdiction_id(const RequestContext& ctx);

  // Every category offered, with its group (parent category's name).
  Result<std::vector<std::pair<Category, std::string>>> services(const RequestContext& ctx);
  // not_found for a code that is not offered.
  Result<Category> service(const RequestContext& ctx, const std::string& code);

  // ctx.principal is the client from client().
  Result<Open311Created> create(const RequestContext& ctx, const Open311NewRequest& in);
  Result<std::vector<Open311RequestView>> requests(const RequestContext& ctx, const Open311Query& q);
  Result<Open311RequestView> request(const RequestContext& ctx, const std::string& id);
  // The service_request_id a token stands for.
  Result<std::string> token(const RequestContext& ctx, const std::string& token);
  // Public changes (status changes, public notes) of offered requests with
  // their time in [start, end). A report marked duplicate_of another shares
  // the other's updates (update_id "<id>-<its reference>").
  Result<std::vector<Open311Update>> updates(const RequestContext& ctx, Instant start, Instant end);
  // Records a citizen's update on the case timeline, once per update_id;
  // returns the update_id civicdesk gives it.
  Result<std::string> add_citizen_update(const RequestContext& ctx, const Open311CitizenUpdate& u);

 private:
  Result<Open311RequestView> view(const CatalogueSnapshot& cat, const Case& c, std::vector<std::string> media);
  std::string photo_url(const Attachment& a) const;
  Status add_photo_urls(ReadTx& tx, TenantId tenant, std::vector<Open311RequestView>& views);

  Store& store_;
  CatalogueCache& cache_;
  CaseService& cases_;
  AccountService& accounts_;
  AttachmentService& attachments_;
};

}  // namespace civicdesk

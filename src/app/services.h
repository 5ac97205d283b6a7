// Every use-case service, wired to one store. http/ and cli/ hold one of
// these; tests build one over a temporary database.
#pragma once

#include "app/accounts.h"
#include "app/attachments.h"
#include "app/back_office.h"
#include "app/catalogue.h"
#include "app/catalogue_cache.h"
#include "app/cases.h"
#include "app/customers.h"
#include "app/enquiries.h"
#include "app/messages.h"
#include "app/notifications.h"
#include "app/locations.h"
#include "app/open311.h"
#include "app/privacy.h"
#include "app/reports.h"
#include "store/store.h"

namespace civicdesk {

struct Services {
  explicit Services(Store& s, AccountOptions account_options = {}, media::Limits media_limits = {})
      : store(s),
        catalogue(s, cache),
        cases(s, cache, account_options.public_url),
        back_office(s, cache, account_options.public_url),
        customers(s, cache, cases),
        enquiries(s, cache, cases),
        accounts(s, cache, std::move(account_options)),
        privacy(s, cache),
        reports(s, cache),
        messages(s),
        notifications(s, cache),
        locations(s, cache),
        attachments(s, cache, cases, media_limits),
        open311(s, cache, cases, accounts, attachments) {}
  Services(const Services&) = delete;
  Services& operator=(const Services&) = delete;

  Store& store;
  CatalogueCache cache;
  CatalogueService catalogue;
  CaseService cases;
  BackOfficeService back_office;
  CustomerService customers;
  EnquiryService enquiries;
  AccountService accounts;
  PrivacyService privacy;
  ReportService reports;
  MessageService messages;
  NotificationService notifications;
  LocationService locations;
  AttachmentService attachments;
  Open311Service open311;
};

}  // namespace civicdesk

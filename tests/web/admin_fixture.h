// What the administration page tests share: signing in as a role of the
// small council, and reading back what the pages changed.
#pragma once

#include <memory>
#include <optional>

#include "app/calendar_admin.h"
#include "page_fixture.h"

namespace civicdesk::web {

inline bool has(const std::string& haystack, const std::string& needle) { return haystack.find(needle) != std::string::npos; }

class AdminPagesTest : public PageFixture {
 protected:
  AdminPagesTest() {
    original_bin_name_ = category("missed-bin").name;
  }

  void sign_in(Browser& b, const std::string& role) {
    auto res = b.post("/sign-in", "/sign-in",
                      "email=" + role + "%40testshire.gov.uk&password=correct+horse+battery+" + role + "&next=%2Fadmin");
    ASSERT_EQ(res.status, 303) << res.body;
  }

  User user(const std::string& role) {
    const auto users = services_->accounts.list_users(council_.ctx(clock_.now())).value();
    for (const auto& u : users)
      if (u.email == role + "@testshire.gov.uk") return u;
    if (role != "eve") ADD_FAILURE() << "no " << role;
    return {};
  }

  Category category(const std::string& code) {
    return services_->catalogue.snapshot(council_.ctx(clock_.now())).value()->categories.at(code);
  }
  std::string original_bin_name_ = "";

  std::vector<BankHoliday> days() {
    return CalendarService(services_->store, services_->cache).days(council_.ctx(clock_.now())).value();
  }

  std::shared_ptr<const CatalogueSnapshot> snapshot() { return services_->catalogue.snapshot(ctx()).value(); }
  std::optional<WebhookEndpoint> endpoint(const std::string& name) {
    const auto all = services_->messages.endpoints(ctx()).value();
    for (const auto& e : all)
      if (e.name == name) return e;
    return std::nullopt;
  }
};

}  // namespace civicdesk::web

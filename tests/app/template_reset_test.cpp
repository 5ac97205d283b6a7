// Putting a service's own wording of a message back to the council's
// (app/template_reset.h) on every backend: the next case of that service
// gets the council's text in the outbox, other services and the council's
// own wording are untouched, saving again works, and refusals change nothing.
#include <gtest/gtest.h>

#include "app/template_reset.h"
#include "support/fixtures.h"
#include "support/test_store.h"

namespace civicdesk {
namespace {

using testing::at;

class TemplateResetTest : public ::testing::TestWithParam<std::string> {
 protected:
  TemplateResetTest() : db_(GetParam()), services_(db_.store()), council_(testing::seed_small_council(services_)) {}

  RequestContext ctx() { return council_.ctx(at("2016-03-01T09:00:00Z")); }
  Status reset(const RequestContext& c, const std::string& name, const std::string& category) {
    return reset_template(services_.store, services_.cache, c, name, category);
  }
  TemplateView view(const std::string& category) {
    return services_.notifications.get_template(ctx(), "case_acknowledgement", category).value();
  }
  // The acknowledgement's subject queued for a new case of `category`.
  std::string acknowledgement(const std::string& category) {
    Customer c;
    c.given_name = "Ada";
    c.family_name = "Lovelace";
    c.emails = {{"ada@example.org", "", true}};
    const Id id = services_.customers.create(ctx(), c).value().id;
    NewCase n;
    n.category = category;
    n.description = "Something to report";
    n.customer_id = id;
    auto made = services_.cases.create(ctx(), n);
    EXPECT_TRUE(made.ok()) << made.error().message;
    OutboxFilter f;
    f.case_id = made->c.id;
    auto rows = db_.store().read_value<std::vector<OutboxMessage>>(
        [&](ReadTx& tx) { return tx.list_outbox(council_.tenant, f); });
    EXPECT_TRUE(rows.ok() && !rows->empty());
    return rows.ok() && !rows->empty() ? rows->back().subject : "";
  }

  testing::TestStore db_;
  Services services_;
  testing::SmallCouncil council_;
};

TEST_P(TemplateResetTest, AServiceGetsTheCouncilsWordingAgain) {
  const TemplateText council{"Council ((reference))", "From the council.", "Council ((reference))"};
  const TemplateText own{"Bins ((reference))", "About your bin.", "Bins ((reference))"};
  ASSERT_TRUE(services_.notifications.put_template(ctx(), "case_acknowledgement", "", council).ok());
  ASSERT_TRUE(services_.notifications.put_template(ctx(), "case_acknowledgement", "general", own).ok());
  EXPECT_EQ(acknowledgement("general").substr(0, 5), "Bins ");

  ASSERT_TRUE(reset(ctx(), "case_acknowledgement", "general").ok());
  EXPECT_EQ(view("general").source, "council");
  EXPECT_EQ(view("general").text, council);
  EXPECT_EQ(view("").text, council);
  EXPECT_EQ(acknowledgement("general").substr(0, 8), "Council ");
  // Listing shows no service wording left; saving again gives it its own.
  for (const auto& t : services_.notifications.templates(ctx(), "general").value()) EXPECT_NE(t.source, "category");
  ASSERT_TRUE(services_.notifications.put_template(ctx(), "case_acknowledgement", "general", own).ok());
  EXPECT_EQ(view("general").source, "category");
  // Resetting what has no wording of its own is harmless.
  EXPECT_TRUE(reset(ctx(), "case_acknowledgement", "pothole").ok());
  EXPECT_EQ(view("pothole").source, "council");
}

TEST_P(TemplateResetTest, RefusalsChangeNothing) {
  const TemplateText own{"Bins ((reference))", "About your bin.", "Bins ((reference))"};
  ASSERT_TRUE(services_.notifications.put_template(ctx(), "case_acknowledgement", "general", own).ok());
  Principal officer;
  officer.kind = Principal::Kind::kUser;
  officer.id = 5;
  officer.role = Role::kOfficer;
  const RequestContext as_officer{council_.tenant, officer, ctx().now};
  EXPECT_EQ(kind_of(reset(as_officer, "case_acknowledgement", "general").error().code), ErrorKind::kPermissionDenied);
  EXPECT_EQ(kind_of(reset(ctx(), "no_such_message", "general").error().code), ErrorKind::kNotFound);
  EXPECT_EQ(reset(ctx(), "case_acknowledgement", "").error().field, "category");
  EXPECT_EQ(reset(ctx(), "case_acknowledgement", "nope").error().code, ErrorCode::kInvalidQuery);
  EXPECT_EQ(view("general").source, "category");
  EXPECT_EQ(view("general").text, own);
}

INSTANTIATE_TEST_SUITE_P(Backends, TemplateResetTest, ::testing::ValuesIn(testing::test_backends()));

}  // namespace
}  // namespace civicdesk

// Store contract: photos on cases (migration 0010). Every byte value round
// trips (binary travels differently on each database), records are kept per
// council, hiding is recorded, and anonymising a case or erasing the
// customer who uploaded a photo deletes it.
#include "store/contract.h"

namespace civicdesk::contract {
namespace {

std::string render(const Attachment& a) {
  std::string out = "id=" + std::to_string(a.id) + " case=" + std::to_string(a.case_id) + " type=" + a.content_type +
                    " size=" + std::to_string(a.size) + " " + std::to_string(a.width) + "x" +
                    std::to_string(a.height) + " sha=" + a.sha256 + " by=" + a.uploaded_by +
                    " at=" + std::to_string(a.uploaded_at.time_since_epoch().count()) +
                    " public=" + std::to_string(a.is_public) + " hidden=" + std::to_string(a.hidden) + " hidden_at=" +
                    (a.hidden_at ? std::to_string(a.hidden_at->time_since_epoch().count()) : "-") +
                    " hidden_by=" + a.hidden_by;
  return out;
}
std::string render(const std::vector<Attachment>& v) {
  std::string out;
  for (const auto& a : v) out += render(a) + "\n";
  return out;
}

// Every byte value, NULs and invalid UTF-8 included.
std::string every_byte() {
  std::string s;
  for (int i = 0; i < 256; ++i) s.push_back(static_cast<char>(i));
  for (int i = 255; i >= 0; --i) s.push_back(static_cast<char>(i));
  return s;
}

class AttachmentsTest : public StoreContract {
 protected:
  void SetUp() override {
    StoreContract::SetUp();
    t_ = new_tenant("barnet");
    case_id_ = insert_case(t_, minimal_case("TST-0000001"));
  }

  Attachment photo(Id case_id, const std::string& by = "officer:1", bool is_public = true) {
    Attachment a;
    a.case_id = case_id;
    a.content_type = "image/png";
    a.size = 512;
    a.width = 640;
    a.height = 480;
    a.sha256 = std::string(64, 'a');
    a.uploaded_by = by;
    a.uploaded_at = at("2016-03-01T10:00:00Z");
    a.is_public = is_public;
    return a;
  }
  Id insert(TenantId t, const Attachment& a, const std::string& bytes) {
    return ok(store().write_value<Id>([&](Tx& tx) { return tx.insert_attachment(t, a, bytes); }));
  }
  std::vector<Attachment> list(TenantId t, Id case_id) {
    return ok(store().read_value<std::vector<Attachment>>([&](ReadTx& tx) { return tx.list_attachments(t, case_id); }));
  }
  Result<std::string> bytes(TenantId t, Id id) {
    return store().read_value<std::string>([&](ReadTx& tx) { return tx.get_attachment_bytes(t, id); });
  }

  TenantId t_ = 0;
  Id case_id_ = 0;
};

TEST_P(AttachmentsTest, StoresRecordsAndEveryByteValue) {
  const std::string data = every_byte();
  Attachment a = photo(case_id_);
  a.size = static_cast<int64_t>(data.size());
  a.id = insert(t_, a, data);
  Attachment b = photo(case_id_, "customer:7", false);
  b.content_type = "image/jpeg";
  b.id = insert(t_, b, std::string("\xFF\xD8\xFF\xD9", 4));
  EXPECT_GT(b.id, a.id);
  EXPECT_EQ(render(list(t_, case_id_)), render(std::vector<Attachment>{a, b}));
  EXPECT_EQ(ok(bytes(t_, a.id)), data);
  EXPECT_EQ(ok(bytes(t_, b.id)), std::string("\xFF\xD8\xFF\xD9", 4));
  EXPECT_EQ(render(ok(store().read_value<Attachment>([&](ReadTx& tx) { return tx.get_attachment(t_, b.id); }))),
            render(b));
  EXPECT_EQ(code(bytes(t_, b.id + 100)), "not_found");
}

TEST_P(AttachmentsTest, AnotherCouncilSeesNothing) {
  const Id id = insert(t_, photo(case_id_), "x");
  const TenantId other = new_tenant("elsewhere", "ELS");
  EXPECT_EQ(code(bytes(other, id)), "not_found");
  EXPECT_EQ(code(store().read_value<Attachment>([&](ReadTx& tx) { return tx.get_attachment(other, id); })),
            "not_found");
  EXPECT_TRUE(list(other, case_id_).empty());
  EXPECT_EQ(code(store().write([&](Tx& tx) { return tx.set_attachment_hidden(other, id, true, at("2016-03-02T00:00:00Z"), "officer:1"); })),
            "not_found");
  EXPECT_FALSE(list(t_, case_id_).front().hidden);
}

TEST_P(AttachmentsTest, HidingIsRecordedAndReversible) {
  Attachment a = photo(case_id_);
  a.id = insert(t_, a, "x");
  ok(store().write([&](Tx& tx) { return tx.set_attachment_hidden(t_, a.id, true, at("2016-03-02T09:00:00Z"), "officer:4"); }));
  Attachment hidden = a;
  hidden.hidden = true;
  hidden.hidden_at = at("2016-03-02T09:00:00Z");
  hidden.hidden_by = "officer:4";
  EXPECT_EQ(render(list(t_, case_id_)), render(std::vector<Attachment>{hidden}));
  ok(store().write([&](Tx& tx) { return tx.set_attachment_hidden(t_, a.id, false, at("2016-03-03T09:00:00Z"), "officer:4"); }));
  EXPECT_EQ(render(list(t_, case_id_)), render(std::vector<Attachment>{a}));
}

TEST_P(AttachmentsTest, FirstPublicAttachmentPerCaseSkipsHiddenAndStaffOnly) {
  const Id second_case = insert_case(t_, minimal_case("TST-0000002"));
  const Id third_case = insert_case(t_, minimal_case("TST-0000003"));
  insert(t_, photo(case_id_, "officer:1", false), "staff only");
  const Id hidden = insert(t_, photo(case_id_), "hidden");
  ok(store().write([&](Tx& tx) { return tx.set_attachment_hidden(t_, hidden, true, at("2016-03-02T00:00:00Z"), "officer:1"); }));
  const Id shown = insert(t_, photo(case_id_), "shown");
  insert(t_, photo(case_id_), "later");
  const Id other_shown = insert(t_, photo(second_case), "second");
  auto first = ok(store().read_value<std::map<Id, Attachment>>(
      [&](ReadTx& tx) { return tx.first_public_attachments(t_, {case_id_, second_case, third_case}); }));
  ASSERT_EQ(first.size(), 2u);
  EXPECT_EQ(first.at(case_id_).id, shown);
  EXPECT_EQ(first.at(second_case).id, other_shown);
}

TEST_P(AttachmentsTest, AnonymisingTheCaseDeletesItsPhotos) {
  const Id other_case = insert_case(t_, minimal_case("TST-0000002"));
  const Id gone = insert(t_, photo(case_id_), "gone");
  const Id kept = insert(t_, photo(other_case), "kept");
  ok(store().write([&](Tx& tx) { return tx.anonymise_case(t_, case_id_, at("2023-01-01T00:00:00Z")); }));
  EXPECT_TRUE(list(t_, case_id_).empty());
  EXPECT_EQ(code(bytes(t_, gone)), "not_found");
  EXPECT_EQ(ok(bytes(t_, kept)), "kept");
}

TEST_P(AttachmentsTest, ErasingACustomerDeletesThePhotosTheyUploaded) {
  const Id customer = insert_customer(t_, person("Jane", "Resident"));
  const std::string tag = "customer:" + std::to_string(customer);
  const Id theirs = insert(t_, photo(case_id_, tag), "theirs");
  const Id staff = insert(t_, photo(case_id_, "officer:1"), "staff");
  const Id someone_else = insert(t_, photo(case_id_, "customer:" + std::to_string(customer + 1000)), "other");
  ok(store().write([&](Tx& tx) { return tx.erase_customer(t_, customer, at("2023-01-01T00:00:00Z")); }));
  EXPECT_EQ(code(bytes(t_, theirs)), "not_found");
  EXPECT_EQ(ok(bytes(t_, staff)), "staff");
  EXPECT_EQ(ok(bytes(t_, someone_else)), "other");
}

}  // namespace

CONTRACT_INSTANTIATE(AttachmentsTest);

}  // namespace civicdesk::contract

#include "core/status.hpp"

#include <set>
#include <string>

#include <gtest/gtest.h>

namespace truceline::core {
namespace {

TEST(StatusTest, OkByDefault) {
  Status s;
  EXPECT_TRUE(s.ok());
  EXPECT_EQ(s.code(), ErrorCode::kOk);
  EXPECT_EQ(s.ToString(), "ok");
}

TEST(StatusTest, CarriesCodeAndMessage) {
  Status s(ErrorCode::kInvalidRecord, "a.ndjson:3: field 'lat': out of range");
  EXPECT_FALSE(s.ok());
  EXPECT_EQ(s.ToString(), "invalid_record: a.ndjson:3: field 'lat': out of range");
}

TEST(StatusTest, EveryCodeHasAUniqueSnakeCaseName) {
  std::set<std::string> names;
  for (int i = 0; i <= static_cast<int>(ErrorCode::kInternal); ++i) {
    auto code = static_cast<ErrorCode>(i);
    std::string name(ErrorCodeName(code));
    EXPECT_FALSE(name.empty());
    EXPECT_EQ(name.find_first_not_of("abcdefghijklmnopqrstuvwxyz_"), std::string::npos) << name;
    EXPECT_FALSE(ErrorCodeDescription(code).empty());
    EXPECT_TRUE(names.insert(name).second) << "duplicate " << name;
  }
  EXPECT_EQ(ErrorCodeName(ErrorCode::kStoreTooNew), "store_too_new");
  EXPECT_EQ(ErrorCodeName(ErrorCode::kForbidden), "forbidden");
  EXPECT_EQ(ErrorCodeName(ErrorCode::kUnauthenticated), "unauthenticated");
}

Result<int> Half(int v) {
  if (v % 2 != 0) return Status(ErrorCode::kInvalidArgument, "odd");
  return v / 2;
}

Status UseHalf(int v, int& out) {
  auto r = Half(v);
  TRUCELINE_RETURN_IF_ERROR(r.status());
  out = *r;
  return Status::Ok();
}

TEST(ResultTest, HoldsValueOrError) {
  auto good = Half(8);
  ASSERT_TRUE(good.ok());
  EXPECT_EQ(*good, 4);
  EXPECT_TRUE(good.status().ok());
  auto bad = Half(3);
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.status().code(), ErrorCode::kInvalidArgument);
  int out = 0;
  EXPECT_TRUE(UseHalf(10, out).ok());
  EXPECT_EQ(out, 5);
  EXPECT_EQ(UseHalf(7, out).message(), "odd");
}

}  // namespace
}  // namespace truceline::core

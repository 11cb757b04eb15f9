#include "app/principal_cache.hpp"

#include <gtest/gtest.h>

namespace truceline::app {
namespace {

using Credential = PrincipalCache::Credential;

const core::UtcMicros kNow{std::chrono::microseconds(1'000'000'000)};

Principal Analyst(core::UtcMicros expires_at = kNow + std::chrono::hours(1)) {
  return Principal{"ana", Role::kAnalyst, "token:7", "", expires_at};
}

TEST(PrincipalCacheTest, KeysHashTheSecretAndTellTokensFromSessions) {
  const std::string token_key = PrincipalCache::KeyOf(Credential::kToken, "tl_7_secret");
  EXPECT_EQ(token_key.find("secret"), std::string::npos);
  EXPECT_EQ(token_key, PrincipalCache::KeyOf(Credential::kToken, "tl_7_secret"));
  EXPECT_NE(token_key, PrincipalCache::KeyOf(Credential::kSession, "tl_7_secret"));
  EXPECT_NE(token_key, PrincipalCache::KeyOf(Credential::kToken, "tl_7_secreT"));
}

TEST(PrincipalCacheTest, FindsWhatWasInsertedUntilItExpiresOrIsCleared) {
  PrincipalCache cache;
  const std::string key = PrincipalCache::KeyOf(Credential::kToken, "tl_7_secret");
  EXPECT_FALSE(cache.Find(key, kNow));
  cache.Insert(key, Analyst(), cache.epoch());
  auto found = cache.Find(key, kNow);
  ASSERT_TRUE(found);
  EXPECT_EQ(found->user, "ana");
  EXPECT_EQ(found->role, Role::kAnalyst);
  EXPECT_FALSE(cache.Find(key, kNow + std::chrono::hours(1))) << "expired";
  cache.Clear();
  EXPECT_FALSE(cache.Find(key, kNow));
}

TEST(PrincipalCacheTest, ALookupThatBeganBeforeAClearIsNotCached) {
  PrincipalCache cache;
  const std::string key = PrincipalCache::KeyOf(Credential::kSession, "cookie");
  const uint64_t before_lookup = cache.epoch();
  cache.Clear();  // e.g. the session was revoked while the store was read
  cache.Insert(key, Analyst(), before_lookup);
  EXPECT_FALSE(cache.Find(key, kNow));
  cache.Insert(key, Analyst(), cache.epoch());
  EXPECT_TRUE(cache.Find(key, kNow));
}

TEST(PrincipalCacheTest, NeverHoldsMoreThanItsCapacity) {
  PrincipalCache cache(3);
  for (int i = 0; i < 10; ++i) {
    cache.Insert(PrincipalCache::KeyOf(Credential::kToken, std::to_string(i)), Analyst(),
                 cache.epoch());
    EXPECT_LE(cache.size(), 3u);
  }
  EXPECT_TRUE(cache.Find(PrincipalCache::KeyOf(Credential::kToken, "9"), kNow));
}

}  // namespace
}  // namespace truceline::app

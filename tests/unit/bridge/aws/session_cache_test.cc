#include "bridge/aws/session_cache.h"

#include <boost/test/unit_test.hpp>

#include "bridge/aws/file_util.h"
#include "test_util.h"

using namespace bridge::aws;
using namespace bridge::aws::testing;

BOOST_AUTO_TEST_SUITE(session_cache)

const std::string kSerial = "arn:aws:iam::123456789012:mfa/alice";

BOOST_AUTO_TEST_CASE(cache_folder_location) {
  BOOST_TEST(ResolveCacheDir(FakeEnv({{"HOME", "/h"}})) ==
             "/h/.cache/keybridge/aws");
  BOOST_TEST(
      ResolveCacheDir(FakeEnv({{"HOME", "/h"}, {"XDG_CACHE_HOME", "/x"}})) ==
      "/x/keybridge/aws");
  BOOST_TEST(
      ResolveCacheDir(FakeEnv({{"HOME", "/h"}, {"XDG_CACHE_HOME", "rel"}})) ==
      "/h/.cache/keybridge/aws");
}

BOOST_AUTO_TEST_CASE(reuse_until_fifteen_minutes_before_expiry) {
  TempDir dir;
  SessionCache cache(dir / "kb/aws");
  const double now = 1'700'000'000;
  const int64_t exp = static_cast<int64_t>(now) + 3600;
  BOOST_REQUIRE(
      cache.Store("dev", kSerial, SessionCredentials("A", "S", "T", exp)).ok());
  BOOST_TEST(*FileMode(dir / "kb/aws") == 0700u);
  BOOST_TEST(*FileMode(cache.SessionPath("dev", kSerial)) == 0600u);
  auto hit = cache.Load("dev", kSerial, now);
  BOOST_REQUIRE(hit.ok());
  BOOST_REQUIRE(hit->has_value());
  BOOST_TEST((*hit)->secret_access_key == "S");
  BOOST_TEST((*hit)->expiration == exp);
  // Just inside the margin: a miss.
  BOOST_TEST(
      !cache.Load("dev", kSerial, exp - kRefreshMargin + 1)->has_value());
  BOOST_TEST(cache.Load("dev", kSerial, exp - kRefreshMargin - 1)->has_value());
  // Other profile or serial: a miss.
  BOOST_TEST(!cache.Load("prod", kSerial, now)->has_value());
  BOOST_TEST(!cache.Load("dev", kSerial + "x", now)->has_value());
}

BOOST_AUTO_TEST_CASE(damaged_or_foreign_files_are_misses) {
  TempDir dir;
  SessionCache cache(dir.path());
  WriteText(cache.SessionPath("dev", kSerial), "{not json");
  BOOST_TEST(!cache.Load("dev", kSerial, 0)->has_value());
  CacheEntry other{"prod", kSerial, "",
                   SessionCredentials("A", "S", "T", 1 << 30)};
  WriteText(cache.SessionPath("dev", kSerial), EncodeCacheEntry(other));
  BOOST_TEST(!cache.Load("dev", kSerial, 0)->has_value());
}

BOOST_AUTO_TEST_CASE(file_names_are_distinct_and_safe) {
  SessionCache cache("/c");
  std::string a = cache.SessionPath("a/b", kSerial);
  BOOST_TEST(a.find("/c/session-a%2Fb--arn%3Aaws") == 0);
  BOOST_TEST(a != cache.SessionPath("a%2Fb", kSerial));
  BOOST_TEST(cache.SessionPath("..", "x").find("/c/session-%..") == 0);
  std::string long_name = cache.SessionPath(std::string(300, 'p'), kSerial);
  BOOST_TEST(long_name.size() < 240u);
  BOOST_TEST(long_name != cache.SessionPath(std::string(301, 'p'), kSerial));
}

BOOST_AUTO_TEST_CASE(used_steps_only_move_forward) {
  TempDir dir;
  SessionCache cache(dir.path());
  BOOST_TEST(!cache.LastUsedStep(kSerial)->has_value());
  BOOST_REQUIRE(cache.RecordUsedStep(kSerial, 100).ok());
  BOOST_REQUIRE(cache.RecordUsedStep(kSerial, 90).ok());
  BOOST_REQUIRE(cache.RecordUsedStep("other-serial", 5).ok());
  BOOST_TEST(**cache.LastUsedStep(kSerial) == 100);
  BOOST_TEST(**cache.LastUsedStep("other-serial") == 5);
  BOOST_TEST(*FileMode(cache.UsedStepsPath()) == 0600u);
  WriteText(cache.UsedStepsPath(), "[]");
  BOOST_TEST(!cache.LastUsedStep(kSerial).ok());
  auto decoded = DecodeUsedSteps(EncodeUsedSteps({{"s", 7}}));
  BOOST_REQUIRE(decoded.ok());
  BOOST_TEST(decoded->at("s") == 7);
}

BOOST_AUTO_TEST_CASE(lock_is_exclusive) {
  TempDir dir;
  SessionCache cache(dir / "c");
  auto lock = cache.Lock();
  BOOST_REQUIRE(lock.ok());
  BOOST_TEST(*FileMode(dir / "c/lock") == 0600u);
}

BOOST_AUTO_TEST_CASE(role_sessions_are_kept_apart_from_mfa_sessions) {
  TempDir dir;
  SessionCache cache(dir / "c");
  const std::string role = "arn:aws:iam::210987654321:role/admin";
  const int64_t exp = 1 << 30;
  BOOST_REQUIRE(cache
                    .StoreRole("prod", role, kSerial,
                               SessionCredentials("R", "S", "T", exp))
                    .ok());
  BOOST_TEST(cache.RolePath("prod", role) != cache.SessionPath("prod", role));
  auto miss = cache.Load("prod", kSerial, 0);
  BOOST_REQUIRE(miss.ok());
  BOOST_TEST(!miss->has_value());
  auto hit = cache.LoadRole("prod", role, 0);
  BOOST_REQUIRE(hit.ok());
  BOOST_REQUIRE(hit->has_value());
  BOOST_TEST((*hit)->access_key_id == "R");
  auto text = ReadText(cache.RolePath("prod", role));
  auto entry = DecodeCacheEntry(text);
  BOOST_REQUIRE(entry.ok());
  BOOST_TEST(entry->role_arn == role);
  BOOST_TEST(entry->serial == kSerial);
  auto stale = cache.LoadRole("prod", role, exp - kRefreshMargin);
  BOOST_REQUIRE(stale.ok());
  BOOST_TEST(!stale->has_value());
}

BOOST_AUTO_TEST_CASE(remove_entries_takes_only_what_matches) {
  TempDir dir;
  SessionCache cache(dir / "c");
  const int64_t exp = 1 << 30;
  BOOST_REQUIRE(
      cache.Store("dev", kSerial, SessionCredentials("A", "S", "T", exp)).ok());
  BOOST_REQUIRE(
      cache.Store("ops", kSerial, SessionCredentials("B", "S", "T", exp)).ok());
  BOOST_REQUIRE(cache
                    .StoreRole("prod", "arn:aws:iam::1:role/r", kSerial,
                               SessionCredentials("C", "S", "T", exp))
                    .ok());
  BOOST_REQUIRE(cache.RecordUsedStep(kSerial, 7).ok());
  WriteText(dir / "c/session-damaged--x.json", "{");
  auto n = cache.RemoveEntries(
      [](const CacheEntry& e) { return e.profile == "dev"; }, false);
  BOOST_REQUIRE(n.ok());
  BOOST_TEST(*n == 1);
  n = cache.RemoveEntries([](const CacheEntry&) { return true; }, true);
  BOOST_REQUIRE(n.ok());
  BOOST_TEST(*n == 3);  // ops, the role, the damaged file
  BOOST_TEST(**cache.LastUsedStep(kSerial) == 7);  // steps stay
}

BOOST_AUTO_TEST_SUITE_END()

#include "hsm/store/state_store.h"

#include <algorithm>
#include <boost/test/unit_test.hpp>
#include <string>

#include "fake_platform.h"

namespace hsm::store {
namespace {

using hsm::testing::FakePlatform;

// A recognisable secret pattern for plaintext scans.
std::vector<uint8_t> SecretFor(int i) {
  std::vector<uint8_t> s(24);
  for (size_t j = 0; j < s.size(); ++j) {
    s[j] = static_cast<uint8_t>(0xC0 ^ (i * 7) ^ (j * 13));
  }
  return s;
}

std::vector<uint8_t> NameFor(int i) {
  std::string n = "account-" + std::to_string(i) + "@example.com";
  return std::vector<uint8_t>(n.begin(), n.end());
}

// The i-th state of a commit sequence: i credentials.
DeviceState WithCredentials(const DeviceState& base, int count) {
  DeviceState s = base.Clone();
  s.oath.credentials.clear();
  for (int i = 0; i < count; ++i) {
    OathCredential c;
    c.name = NameFor(i);
    c.kind_alg = 0x21;
    c.digits = 6;
    c.counter = static_cast<uint32_t>(i);
    c.secret = SecretBytes(SecretFor(i));
    s.oath.credentials.push_back(std::move(c));
  }
  return s;
}

bool Contains(const std::vector<uint8_t>& hay,
              std::span<const uint8_t> needle) {
  return std::search(hay.begin(), hay.end(), needle.begin(), needle.end()) !=
         hay.end();
}

BOOST_AUTO_TEST_SUITE(state_store)

BOOST_AUTO_TEST_CASE(fresh_device_gets_stable_random_serial) {
  FakePlatform p(7);
  StateStore a(p);
  BOOST_REQUIRE(a.Load().ok());
  BOOST_TEST(a.state().oath.credentials.empty());
  BOOST_TEST(a.state().oath.salt.size() == 8u);
  const uint32_t serial = a.state().serial;
  StateStore b(p);
  BOOST_REQUIRE(b.Load().ok());
  BOOST_TEST(b.state().serial == serial);
  BOOST_TEST(b.state().oath.salt == a.state().oath.salt);

  FakePlatform q(8);
  StateStore c(q);
  BOOST_REQUIRE(c.Load().ok());
  BOOST_TEST(c.state().serial != serial);
}

BOOST_AUTO_TEST_CASE(commit_round_trip_alternates_slots) {
  FakePlatform p;
  StateStore s(p);
  BOOST_REQUIRE(s.Load().ok());
  for (int i = 1; i <= 4; ++i) {
    BOOST_REQUIRE(s.Commit(WithCredentials(s.state(), i)).ok());
    StateStore again(p);
    BOOST_REQUIRE(again.Load().ok());
    BOOST_REQUIRE(again.state().oath.credentials.size() == size_t(i));
    BOOST_TEST(
        again.state().oath.credentials.back().secret.Equals(SecretFor(i - 1)));
  }
  BOOST_TEST(p.medium().count(StorageSlot::kStateA) == 1u);
  BOOST_TEST(p.medium().count(StorageSlot::kStateB) == 1u);
  BOOST_TEST(p.medium()[StorageSlot::kDeviceKey].size() == 32u);
}

BOOST_AUTO_TEST_CASE(no_plaintext_on_the_medium_and_key_kept_apart) {
  FakePlatform p;
  StateStore s(p);
  BOOST_REQUIRE(s.Load().ok());
  BOOST_REQUIRE(s.Commit(WithCredentials(s.state(), 5)).ok());
  BOOST_REQUIRE(s.Commit(WithCredentials(s.state(), 6)).ok());
  const auto key = p.medium()[StorageSlot::kDeviceKey];
  for (auto& [slot, bytes] : p.medium()) {
    for (int i = 0; i < 6; ++i) {
      auto secret = SecretFor(i);
      // Any 8-byte window of a secret would be a leak.
      BOOST_TEST(!Contains(bytes, std::span(secret).subspan(0, 8)));
      BOOST_TEST(!Contains(bytes, std::span(secret).subspan(16, 8)));
      BOOST_TEST(!Contains(bytes, NameFor(i)));
    }
    if (slot != StorageSlot::kDeviceKey) {
      BOOST_TEST(!Contains(bytes, std::span(key).subspan(0, 8)));
      BOOST_TEST(!Contains(bytes, std::span(key).subspan(24, 8)));
    }
  }
}

BOOST_AUTO_TEST_CASE(failed_commit_keeps_state) {
  FakePlatform p;
  StateStore s(p);
  BOOST_REQUIRE(s.Load().ok());
  BOOST_REQUIRE(s.Commit(WithCredentials(s.state(), 1)).ok());
  p.CutPowerAfter(0, 10);
  auto r = s.Commit(WithCredentials(s.state(), 2));
  BOOST_REQUIRE(!r.ok());
  BOOST_TEST(static_cast<int>(r.error()) == static_cast<int>(StoreError::kIo));
  BOOST_TEST(s.state().oath.credentials.size() == 1u);
  p.RestorePower();
  StateStore again(p);
  BOOST_REQUIRE(again.Load().ok());
  BOOST_TEST(again.state().oath.credentials.size() == 1u);
}

// Power cut after N writes, for every N, while booting and committing a
// sequence of states; several tear sizes. After power returns, Load yields
// the last committed state, or the one whose write was torn if the tear
// happened to land all of it; never anything else. Later commits work.
BOOST_AUTO_TEST_CASE(power_cut_after_every_write) {
  constexpr int kCommits = 5;
  for (size_t torn : {size_t{0}, size_t{1}, size_t{20}, size_t{60}, size_t{150},
                      size_t{100000}}) {
    for (int n = 0; n <= kCommits + 3; ++n) {
      FakePlatform p(static_cast<uint32_t>(100 + n));
      p.CutPowerAfter(n, torn);
      StateStore s(p);
      int committed = -1;  // credentials in the last committed state
      int attempted = -1;
      uint32_t serial = 0;
      if (s.Load().ok()) {
        committed = 0;
        serial = s.state().serial;
        for (int i = 1; i <= kCommits; ++i) {
          attempted = i;
          if (!s.Commit(WithCredentials(s.state(), i)).ok()) break;
          committed = i;
        }
      }
      p.RestorePower();
      StateStore after(p);
      BOOST_REQUIRE_MESSAGE(after.Load().ok(), "torn=" << torn << " n=" << n);
      const int got = static_cast<int>(after.state().oath.credentials.size());
      if (committed < 0) {
        BOOST_TEST(got == 0);  // never booted: fresh
      } else {
        BOOST_TEST((got == committed || got == attempted),
                   "torn=" << torn << " n=" << n << " got=" << got
                           << " committed=" << committed);
        BOOST_TEST(after.state().serial == serial);
        for (int i = 0; i < got; ++i) {
          BOOST_TEST(
              after.state().oath.credentials[i].secret.Equals(SecretFor(i)));
        }
      }
      // The device keeps working after the cut.
      BOOST_REQUIRE(after.Commit(WithCredentials(after.state(), 7)).ok());
      StateStore again(p);
      BOOST_REQUIRE(again.Load().ok());
      BOOST_TEST(again.state().oath.credentials.size() == 7u);
    }
  }
}

BOOST_AUTO_TEST_CASE(flipped_bytes_fall_back_to_previous_slot) {
  FakePlatform p;
  StateStore s(p);
  BOOST_REQUIRE(s.Load().ok());
  BOOST_REQUIRE(s.Commit(WithCredentials(s.state(), 1)).ok());  // slot B
  BOOST_REQUIRE(s.Commit(WithCredentials(s.state(), 2)).ok());  // slot A
  const auto newest = p.medium()[StorageSlot::kStateA];
  for (size_t i = 0; i < newest.size(); ++i) {
    p.medium()[StorageSlot::kStateA] = newest;
    p.medium()[StorageSlot::kStateA][i] ^= 0x04;
    StateStore again(p);
    BOOST_REQUIRE(again.Load().ok());
    BOOST_TEST(again.state().oath.credentials.size() == 1u, "byte " << i);
  }
  // Truncated newest slot.
  p.medium()[StorageSlot::kStateA].resize(newest.size() / 2);
  StateStore t(p);
  BOOST_REQUIRE(t.Load().ok());
  BOOST_TEST(t.state().oath.credentials.size() == 1u);
}

BOOST_AUTO_TEST_CASE(slots_are_bound_to_their_position) {
  FakePlatform p;
  StateStore s(p);
  BOOST_REQUIRE(s.Load().ok());
  BOOST_REQUIRE(s.Commit(WithCredentials(s.state(), 1)).ok());  // B
  BOOST_REQUIRE(s.Commit(WithCredentials(s.state(), 2)).ok());  // A
  // Replaying B's older blob into A must not authenticate.
  p.medium()[StorageSlot::kStateA] = p.medium()[StorageSlot::kStateB];
  StateStore again(p);
  BOOST_REQUIRE(again.Load().ok());
  BOOST_TEST(again.state().oath.credentials.size() == 1u);
  // Corrupt both: nothing authentic left.
  p.medium()[StorageSlot::kStateA][30] ^= 1;
  p.medium()[StorageSlot::kStateB][30] ^= 1;
  StateStore bad(p);
  auto r = bad.Load();
  BOOST_REQUIRE(!r.ok());
  BOOST_TEST(static_cast<int>(r.error()) ==
             static_cast<int>(StoreError::kCorrupt));
}

BOOST_AUTO_TEST_CASE(wrong_device_key_is_corrupt) {
  FakePlatform p;
  StateStore s(p);
  BOOST_REQUIRE(s.Load().ok());
  BOOST_REQUIRE(s.Commit(WithCredentials(s.state(), 1)).ok());
  p.medium()[StorageSlot::kDeviceKey][0] ^= 1;
  StateStore again(p);
  BOOST_TEST(!again.Load().ok());
  p.medium().erase(StorageSlot::kDeviceKey);
  StateStore missing(p);
  BOOST_TEST(!missing.Load().ok());
}

BOOST_AUTO_TEST_CASE(newer_version_is_reported) {
  FakePlatform p;
  StateStore s(p);
  BOOST_REQUIRE(s.Load().ok());
  DeviceState next = s.state().Clone();
  next.version = kStateVersion + 1;
  BOOST_REQUIRE(s.Commit(std::move(next)).ok());
  StateStore again(p);
  auto r = again.Load();
  BOOST_REQUIRE(!r.ok());
  BOOST_TEST(static_cast<int>(r.error()) ==
             static_cast<int>(StoreError::kVersion));
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace
}  // namespace hsm::store

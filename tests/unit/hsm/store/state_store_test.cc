#include "hsm/store/state_store.h"

#include <algorithm>
#include <boost/test/unit_test.hpp>
#include <string>

#include "fake_platform.h"
#include "hsm/crypto/aead.h"
#include "hsm/oath/oath_state.h"

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

// The store keeps sections as opaque bytes; these tests fill the OATH
// section with a real OathState so secrets and names are recognisable.
oath::OathState Oath(const StateStore& s) {
  auto bytes = s.section(Section::kOath);
  if (bytes.empty()) return oath::OathState();
  auto decoded = oath::DecodeOathState(bytes);
  BOOST_REQUIRE(decoded.ok());
  return std::move(decoded.value());
}

// The number of OATH credentials a new StateStore loads from `p`'s medium.
size_t CredentialsAfterPowerCycle(FakePlatform& p) {
  StateStore again(p);
  BOOST_REQUIRE(again.Load().ok());
  return Oath(again).credentials.size();
}

// The i-th state of a commit sequence: i credentials.
Status<StoreError> CommitWithCredentials(StateStore& s, int count) {
  oath::OathState state;
  for (int i = 0; i < count; ++i) {
    oath::OathCredential c;
    c.name = NameFor(i);
    c.kind_alg = 0x21;
    c.digits = 6;
    c.counter = static_cast<uint32_t>(i);
    c.secret = SecretBytes(SecretFor(i));
    state.credentials.push_back(std::move(c));
  }
  auto bytes = oath::EncodeOathState(state);
  return s.CommitSection(Section::kOath, bytes);
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
  BOOST_TEST(a.section(Section::kOath).empty());
  BOOST_TEST(a.section(Section::kFido).empty());
  const uint32_t serial = a.serial();
  StateStore b(p);
  BOOST_REQUIRE(b.Load().ok());
  BOOST_TEST(b.serial() == serial);

  FakePlatform q(8);
  StateStore c(q);
  BOOST_REQUIRE(c.Load().ok());
  BOOST_TEST(c.serial() != serial);
}

BOOST_AUTO_TEST_CASE(a_section_commit_keeps_the_other_section) {
  FakePlatform p;
  StateStore s(p);
  BOOST_REQUIRE(s.Load().ok());
  const std::vector<uint8_t> fido = {0xA0};
  BOOST_REQUIRE(s.CommitSection(Section::kFido, fido).ok());
  BOOST_REQUIRE(CommitWithCredentials(s, 2).ok());
  BOOST_TEST(CredentialsAfterPowerCycle(p) == 2u);
  StateStore again(p);
  BOOST_REQUIRE(again.Load().ok());
  BOOST_TEST(std::vector<uint8_t>(again.section(Section::kFido).begin(),
                                  again.section(Section::kFido).end()) == fido);
}

BOOST_AUTO_TEST_CASE(commit_round_trip_alternates_slots) {
  FakePlatform p;
  StateStore s(p);
  BOOST_REQUIRE(s.Load().ok());
  for (int i = 1; i <= 4; ++i) {
    BOOST_REQUIRE(CommitWithCredentials(s, i).ok());
    StateStore again(p);
    BOOST_REQUIRE(again.Load().ok());
    BOOST_REQUIRE(Oath(again).credentials.size() == size_t(i));
    BOOST_TEST(Oath(again).credentials.back().secret.Equals(SecretFor(i - 1)));
  }
  BOOST_TEST(p.medium().count(StorageSlot::kStateA) == 1u);
  BOOST_TEST(p.medium().count(StorageSlot::kStateB) == 1u);
  BOOST_TEST(p.medium()[StorageSlot::kDeviceKey].size() == 32u);
}

BOOST_AUTO_TEST_CASE(no_plaintext_on_the_medium_and_key_kept_apart) {
  FakePlatform p;
  StateStore s(p);
  BOOST_REQUIRE(s.Load().ok());
  BOOST_REQUIRE(CommitWithCredentials(s, 5).ok());
  BOOST_REQUIRE(CommitWithCredentials(s, 6).ok());
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
  BOOST_REQUIRE(CommitWithCredentials(s, 1).ok());
  p.CutPowerAfter(0, 10);
  auto r = CommitWithCredentials(s, 2);
  BOOST_REQUIRE(!r.ok());
  BOOST_TEST(static_cast<int>(r.error()) == static_cast<int>(StoreError::kIo));
  BOOST_TEST(Oath(s).credentials.size() == 1u);
  p.RestorePower();
  BOOST_TEST(CredentialsAfterPowerCycle(p) == 1u);
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
        serial = s.serial();
        for (int i = 1; i <= kCommits; ++i) {
          attempted = i;
          if (!CommitWithCredentials(s, i).ok()) break;
          committed = i;
        }
      }
      p.RestorePower();
      StateStore after(p);
      BOOST_REQUIRE_MESSAGE(after.Load().ok(), "torn=" << torn << " n=" << n);
      const int got = static_cast<int>(Oath(after).credentials.size());
      if (committed < 0) {
        BOOST_TEST(got == 0);  // never booted: fresh
      } else {
        BOOST_TEST((got == committed || got == attempted),
                   "torn=" << torn << " n=" << n << " got=" << got
                           << " committed=" << committed);
        BOOST_TEST(after.serial() == serial);
        for (int i = 0; i < got; ++i) {
          BOOST_TEST(Oath(after).credentials[i].secret.Equals(SecretFor(i)));
        }
      }
      // The device keeps working after the cut.
      BOOST_REQUIRE(CommitWithCredentials(after, 7).ok());
      BOOST_TEST(CredentialsAfterPowerCycle(p) == 7u);
    }
  }
}

BOOST_AUTO_TEST_CASE(flipped_bytes_fall_back_to_previous_slot) {
  FakePlatform p;
  StateStore s(p);
  BOOST_REQUIRE(s.Load().ok());
  BOOST_REQUIRE(CommitWithCredentials(s, 1).ok());  // slot B
  BOOST_REQUIRE(CommitWithCredentials(s, 2).ok());  // slot A
  const auto newest = p.medium()[StorageSlot::kStateA];
  for (size_t i = 0; i < newest.size(); ++i) {
    p.medium()[StorageSlot::kStateA] = newest;
    p.medium()[StorageSlot::kStateA][i] ^= 0x04;
    BOOST_TEST(CredentialsAfterPowerCycle(p) == 1u, "byte " << i);
  }
  // Truncated newest slot.
  p.medium()[StorageSlot::kStateA].resize(newest.size() / 2);
  BOOST_TEST(CredentialsAfterPowerCycle(p) == 1u);
}

BOOST_AUTO_TEST_CASE(slots_are_bound_to_their_position) {
  FakePlatform p;
  StateStore s(p);
  BOOST_REQUIRE(s.Load().ok());
  BOOST_REQUIRE(CommitWithCredentials(s, 1).ok());  // B
  BOOST_REQUIRE(CommitWithCredentials(s, 2).ok());  // A
  // Replaying B's older blob into A must not authenticate.
  p.medium()[StorageSlot::kStateA] = p.medium()[StorageSlot::kStateB];
  BOOST_TEST(CredentialsAfterPowerCycle(p) == 1u);
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
  BOOST_REQUIRE(CommitWithCredentials(s, 1).ok());
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
  BOOST_REQUIRE(s.Load().ok());  // the first commit goes to slot A
  // Re-seal slot A's record as version 3, the way a newer firmware would
  // (state_store.cc: magic ‖ format ‖ generation ‖ nonce ‖ AES-GCM; the AAD
  // is magic ‖ format ‖ generation ‖ slot id).
  auto& blob = p.medium()[StorageSlot::kStateA];
  const auto key = p.medium()[StorageSlot::kDeviceKey];
  const std::span<const uint8_t> header(blob.data(), 25);
  std::vector<uint8_t> aad(blob.begin(), blob.begin() + 13);
  aad.push_back(static_cast<uint8_t>(StorageSlot::kStateA));
  auto plain = crypto::Aes256GcmOpen(key, header.subspan(13, 12), aad,
                                     std::span(blob).subspan(25));
  BOOST_REQUIRE(plain.ok());
  std::vector<uint8_t> record(plain->view().begin(), plain->view().end());
  BOOST_REQUIRE(record[1] == 0x01 && record[2] == kStateVersion);
  record[2] = kStateVersion + 1;
  auto sealed = crypto::Aes256GcmSeal(key, header.subspan(13, 12), aad, record);
  BOOST_REQUIRE(sealed.ok());
  blob.resize(25);
  blob.insert(blob.end(), sealed->begin(), sealed->end());

  StateStore again(p);
  auto r = again.Load();
  BOOST_REQUIRE(!r.ok());
  BOOST_TEST(static_cast<int>(r.error()) ==
             static_cast<int>(StoreError::kVersion));
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace
}  // namespace hsm::store

// Signature counter reservation (CTAP 2.1 §6.1.1, authenticator.h): the
// stored counter is a high-water mark reserved in blocks, so assertions write
// storage once per block, and the counter still strictly increases across
// power cuts at any point, through the real sealed store
// (hsm::store::StateStore on a FakePlatform that tears writes).
#include <boost/test/unit_test.hpp>
#include <memory>

#include "ctap2_test_util.h"
#include "hsm/store/state_store.h"

namespace hsm::ctap2 {
namespace {

using namespace testing;
using hsm::testing::FakePlatform;

// One power-up of the key: the sealed state loaded from the platform's
// medium, and an authenticator on it. Destroying it loses all RAM.
struct Board {
  Board(FakePlatform& platform, const AuthenticatorConfig& config)
      : store(platform), fido(store) {
    loaded = store.Load().ok() && fido.Load().ok();
    auth = std::make_unique<Authenticator>(platform, fido, config);
  }

  // Status byte and, for status 0, the authenticatorData counter and (for
  // makeCredential) the credential ID.
  struct Answer {
    uint8_t status = 0xFF;
    uint32_t counter = 0;
    Bytes credential_id;
  };

  Answer Send(Command command, const cbor::Item& params) {
    Bytes payload{static_cast<uint8_t>(command)};
    Bytes body = cbor::Encode(params.get());
    payload.insert(payload.end(), body.begin(), body.end());
    auto outcome = auth->Handle(0x10, payload, PresenceGrant::kNotRequested);
    if (outcome.kind == ctaphid::AppOutcome::Kind::kNeedsPresence) {
      outcome = auth->Handle(0x10, payload, PresenceGrant::kApproved);
    }
    Answer a;
    if (outcome.kind != ctaphid::AppOutcome::Kind::kResponse ||
        outcome.payload.empty()) {
      return a;
    }
    a.status = outcome.payload[0];
    if (a.status != 0) return a;
    auto item = cbor::Decode(std::span(outcome.payload).subspan(1));
    if (!item.ok()) return Answer{};
    auto ad = ParseAuthData(GetBytes(cbor::MapGet(item->get(), 2)));
    if (!ad) return Answer{};
    a.counter = ad->counter;
    a.credential_id = ad->credential_id;
    return a;
  }

  Answer Assert(const Bytes& credential_id, bool up = false) {
    cbor::Item options = cbor::MapBuilder().Add("up", cbor::Bool(up)).Build();
    return Send(
        Command::kGetAssertion,
        cbor::MapBuilder()
            .Add(1, cbor::Text("example.com"))
            .Add(2, cbor::Bytes(Cdh(9)))
            .Add(3, cbor::ArrayBuilder().Add(Descriptor(credential_id)).Build())
            .Add(5, std::move(options))
            .Build());
  }

  bool loaded = false;
  store::StateStore store;
  SealedFidoStore fido;
  std::unique_ptr<Authenticator> auth;
};

AuthenticatorConfig WithBlock(uint32_t block) {
  AuthenticatorConfig config;
  config.sign_counter_block = block;
  return config;
}

// A credential made on a fresh medium; returns its ID and counter.
Board::Answer Enroll(FakePlatform& platform,
                     const AuthenticatorConfig& config) {
  Board b(platform, config);
  BOOST_REQUIRE(b.loaded);
  Board::Answer made = b.Send(Command::kMakeCredential,
                              MakeCredentialParams("example.com", {1}, Cdh()));
  BOOST_REQUIRE_EQUAL(made.status, 0);
  BOOST_REQUIRE(!made.credential_id.empty());
  return made;
}

BOOST_AUTO_TEST_SUITE(ctap2_sign_counter)

BOOST_AUTO_TEST_CASE(strictly_increases_across_a_power_cut_at_every_write) {
  constexpr uint32_t kBlock = 4;
  constexpr int kAssertions = 3 * kBlock + 1;  // crosses several blocks
  const AuthenticatorConfig config = WithBlock(kBlock);
  // kAssertions assertions need at most kAssertions / kBlock + 2 writes; cut
  // before each of them, and once after all of them.
  for (int cut = 0; cut <= kAssertions / static_cast<int>(kBlock) + 3; ++cut) {
    for (size_t torn : {size_t{0}, size_t{40}}) {
      BOOST_TEST_CONTEXT("power cut after " << cut << " writes, torn at "
                                            << torn << " bytes") {
        FakePlatform platform(11);
        Board::Answer made = Enroll(platform, config);
        uint32_t last = made.counter;
        // Power-up, assertions until (and past) the cut: those answered
        // from the reserved block still succeed, the rest fail cleanly.
        platform.CutPowerAfter(cut, torn);
        {
          Board b(platform, config);
          BOOST_REQUIRE(b.loaded);
          for (int i = 0; i < kAssertions; ++i) {
            Board::Answer a = b.Assert(made.credential_id);
            if (a.status != 0) {
              BOOST_TEST(a.status == 0x7F);  // CTAP1_ERR_OTHER
              continue;
            }
            BOOST_TEST(a.counter > last);
            last = a.counter;
          }
        }  // power lost: RAM gone, the medium keeps what was written
        platform.RestorePower();
        Board b(platform, config);
        BOOST_REQUIRE(b.loaded);
        for (uint32_t i = 0; i < 2 * kBlock + 1; ++i) {
          Board::Answer a = b.Assert(made.credential_id, /*up=*/i % 2 == 0);
          BOOST_REQUIRE_EQUAL(a.status, 0);
          BOOST_TEST(a.counter > last);
          last = a.counter;
        }
      }
    }
  }
}

BOOST_AUTO_TEST_CASE(assertions_write_once_per_block) {
  for (uint32_t block : {1u, 16u, 256u}) {
    for (int n : {1, 15, 16, 17, 256, 257, 600}) {
      BOOST_TEST_CONTEXT("block " << block << ", " << n << " assertions") {
        FakePlatform platform(5);
        const AuthenticatorConfig config = WithBlock(block);
        Board::Answer made = Enroll(platform, config);
        Board b(platform, config);  // a fresh boot needs a new reservation
        BOOST_REQUIRE(b.loaded);
        const int before = platform.write_count();
        uint32_t last = made.counter;
        for (int i = 0; i < n; ++i) {
          Board::Answer a = b.Assert(made.credential_id);
          BOOST_REQUIRE_EQUAL(a.status, 0);
          BOOST_TEST(a.counter > last);
          last = a.counter;
        }
        const int writes = platform.write_count() - before;
        const int bound = (n + static_cast<int>(block) - 1) / block + 1;
        BOOST_TEST(writes <= bound);
        BOOST_TEST(writes >= 1);  // the first one reserves after the boot
      }
    }
  }
}

// CTAP 2.1 §6.1.2 step 17 (non-discoverable: nothing stored) with §6.1.1:
// a non-resident makeCredential writes storage only to reserve a counter
// block, and the counter still increases across a power cut.
BOOST_AUTO_TEST_CASE(non_resident_make_credential_writes_only_reservations) {
  constexpr uint32_t kBlock = 16;
  const AuthenticatorConfig config = WithBlock(kBlock);
  FakePlatform platform(3);
  Board::Answer made = Enroll(platform, config);
  uint32_t last = made.counter;
  std::vector<Bytes> ids;
  {
    Board b(platform, config);
    BOOST_REQUIRE(b.loaded);
    // The first one of a boot reserves a block: one write.
    int before = platform.write_count();
    Board::Answer a = b.Send(Command::kMakeCredential,
                             MakeCredentialParams("example.com", {2}, Cdh()));
    BOOST_REQUIRE_EQUAL(a.status, 0);
    BOOST_TEST(a.counter > last);
    last = a.counter;
    BOOST_TEST(platform.write_count() - before == 1);
    // The rest of the block: no write at all.
    before = platform.write_count();
    for (uint32_t i = 0; i + 1 < kBlock; ++i) {
      a = b.Send(Command::kMakeCredential,
                 MakeCredentialParams("example.com",
                                      {static_cast<uint8_t>(3 + i)}, Cdh()));
      BOOST_REQUIRE_EQUAL(a.status, 0);
      BOOST_TEST(a.counter > last);
      last = a.counter;
      ids.push_back(a.credential_id);
    }
    BOOST_TEST(platform.write_count() == before);
  }  // power cut: RAM gone, no write pending
  Board b(platform, config);
  BOOST_REQUIRE(b.loaded);
  for (const Bytes& id : ids) {  // the credentials need no stored state
    Board::Answer a = b.Assert(id);
    BOOST_REQUIRE_EQUAL(a.status, 0);
    BOOST_TEST(a.counter > last);
    last = a.counter;
  }
  Board::Answer a = b.Send(Command::kMakeCredential,
                           MakeCredentialParams("example.com", {99}, Cdh()));
  BOOST_REQUIRE_EQUAL(a.status, 0);
  BOOST_TEST(a.counter > last);
}

BOOST_AUTO_TEST_CASE(make_credential_and_power_cycles_keep_increasing) {
  // MemoryFidoStore: makeCredential takes counter values from the same
  // reservation, and every power cycle continues above the stored mark.
  Harness h(WithBlock(8));
  uint32_t last = 0;
  for (int round = 0; round < 3; ++round) {
    for (uint8_t user = 1; user <= 3; ++user) {
      Response r = h.Send(Command::kMakeCredential,
                          MakeCredentialParams("example.com", {user}, Cdh()));
      BOOST_REQUIRE_EQUAL(r.status, 0);
      uint32_t counter = ParseAuthData(GetBytes(r.Get(2)))->counter;
      BOOST_TEST(counter > last);
      BOOST_TEST(counter <= h.store.state().sign_counter);  // reserved first
      last = counter;
    }
    h.PowerCycle();
  }
}

BOOST_AUTO_TEST_CASE(failed_reservation_answers_other_and_reuses_nothing) {
  Harness h(WithBlock(2));
  Response made = h.Send(Command::kMakeCredential,
                         MakeCredentialParams("example.com", {1}, Cdh()));
  BOOST_REQUIRE_EQUAL(made.status, 0);
  Bytes id = ParseAuthData(GetBytes(made.Get(2)))->credential_id;
  uint32_t last = ParseAuthData(GetBytes(made.Get(2)))->counter;
  cbor::Item params =
      cbor::MapBuilder()
          .Add(1, cbor::Text("example.com"))
          .Add(2, cbor::Bytes(Cdh(3)))
          .Add(3, cbor::ArrayBuilder().Add(Descriptor(id)).Build())
          .Build();
  // Counter 2 is in the block reserved by makeCredential; 3 needs a write.
  Response second = h.Send(Command::kGetAssertion, params);
  BOOST_REQUIRE_EQUAL(second.status, 0);
  BOOST_TEST(ParseAuthData(GetBytes(second.Get(2)))->counter > last);
  last = ParseAuthData(GetBytes(second.Get(2)))->counter;
  const int commits = h.store.commits();
  h.store.set_fail_commits(true);
  BOOST_TEST(h.Send(Command::kGetAssertion, params).status == 0x7F);
  h.store.set_fail_commits(false);
  BOOST_TEST(h.store.commits() == commits);
  Response after = h.Send(Command::kGetAssertion, params);
  BOOST_REQUIRE_EQUAL(after.status, 0);
  BOOST_TEST(ParseAuthData(GetBytes(after.Get(2)))->counter > last);
  BOOST_TEST(ParseAuthData(GetBytes(after.Get(2)))->counter <=
             h.store.state().sign_counter);
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace
}  // namespace hsm::ctap2

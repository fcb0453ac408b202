// Host CTAPHID channel against a scripted link (CTAP 2.1 §11.2;
// docs/protocol/oath.md §1).
#include "bridge/ctaphid/channel.h"

#include <boost/test/unit_test.hpp>
#include <chrono>

#include "scripted_link.h"

namespace bridge::ctaphid {
namespace {

using testing::MakeReport;
using testing::ScriptedLink;

constexpr uint8_t kNonce[8] = {1, 2, 3, 4, 5, 6, 7, 8};
constexpr uint32_t kCid = 0x11223344;

void FixedNonce(std::span<uint8_t, kNonceSize> out) {
  std::copy(std::begin(kNonce), std::end(kNonce), out.begin());
}

link::Report InitReply(const uint8_t (&nonce)[8],
                       uint32_t reply_cid = kBroadcastCid,
                       uint32_t new_cid = kCid) {
  std::vector<uint8_t> b = {static_cast<uint8_t>(reply_cid >> 24),
                            static_cast<uint8_t>(reply_cid >> 16),
                            static_cast<uint8_t>(reply_cid >> 8),
                            static_cast<uint8_t>(reply_cid),
                            0x86,
                            0x00,
                            0x11};
  b.insert(b.end(), nonce, nonce + 8);
  b.insert(b.end(), {static_cast<uint8_t>(new_cid >> 24),
                     static_cast<uint8_t>(new_cid >> 16),
                     static_cast<uint8_t>(new_cid >> 8),
                     static_cast<uint8_t>(new_cid), 2, 1, 2, 3, 0x05});
  return MakeReport(b);
}

// Builds frames by hand (independently of EncodeMessage).
std::vector<link::Report> HandFrames(uint32_t cid, uint8_t wire_cmd,
                                     const std::vector<uint8_t>& payload) {
  std::vector<link::Report> out;
  link::Report r{};
  r[0] = cid >> 24;
  r[1] = cid >> 16;
  r[2] = cid >> 8;
  r[3] = cid;
  r[4] = wire_cmd;
  r[5] = payload.size() >> 8;
  r[6] = payload.size() & 0xFF;
  size_t off = 0;
  for (size_t i = 7; i < 64 && off < payload.size(); ++i) r[i] = payload[off++];
  out.push_back(r);
  uint8_t seq = 0;
  while (off < payload.size()) {
    link::Report c{};
    c[0] = cid >> 24;
    c[1] = cid >> 16;
    c[2] = cid >> 8;
    c[3] = cid;
    c[4] = seq++;
    for (size_t i = 5; i < 64 && off < payload.size(); ++i) {
      c[i] = payload[off++];
    }
    out.push_back(c);
  }
  return out;
}

// ErrorKind as an int, for BOOST_TEST.
int Kind(ErrorKind kind) { return static_cast<int>(kind); }

struct Fixture {
  Fixture() : channel(link, FixedNonce) {
    link.Queue(InitReply(kNonce));
    BOOST_REQUIRE(channel.Init(200).ok());
    link.written.clear();
  }
  // Transact(kSecrets, {0}, o).
  Result<std::vector<uint8_t>> TransactSecrets(const TransactOptions& o = {}) {
    return channel.Transact(Command::kSecrets, std::vector<uint8_t>{0}, o);
  }
  ScriptedLink link;
  Channel channel;
};

BOOST_AUTO_TEST_CASE(InitSendsNonceOnBroadcastAndKeepsCid) {
  ScriptedLink link;
  Channel channel(link, FixedNonce);
  link.Queue(InitReply(kNonce));
  BOOST_REQUIRE(channel.Init(200).ok());
  BOOST_REQUIRE_EQUAL(link.written.size(), 1u);
  std::vector<uint8_t> head(link.written[0].begin(),
                            link.written[0].begin() + 15);
  std::vector<uint8_t> want = {0xFF, 0xFF, 0xFF, 0xFF, 0x86, 0x00, 0x08, 1,
                               2,    3,    4,    5,    6,    7,    8};
  BOOST_TEST(head == want, boost::test_tools::per_element());
  BOOST_TEST(channel.info().cid == kCid);
  BOOST_TEST(channel.info().protocol_version == 2);
  BOOST_TEST(channel.info().major == 1);
  BOOST_TEST(channel.info().build == 3);
  BOOST_TEST(channel.info().capabilities == 0x05);
}

BOOST_AUTO_TEST_CASE(InitIgnoresNonceMismatchAndOtherCids) {
  ScriptedLink link;
  Channel channel(link, FixedNonce);
  const uint8_t other[8] = {9, 9, 9, 9, 9, 9, 9, 9};
  link.Queue(InitReply(other, kBroadcastCid, 0xBAD0BAD0));  // someone else's
  link.Queue(InitReply(kNonce, 0x01010101, 0xBAD1BAD1));    // not broadcast
  link.Queue(InitReply(kNonce));
  BOOST_REQUIRE(channel.Init(500).ok());
  BOOST_TEST(channel.info().cid == kCid);
}

BOOST_AUTO_TEST_CASE(InitTimesOutWhenOnlyForeignNoncesArrive) {
  ScriptedLink link;
  Channel channel(link, FixedNonce);
  const uint8_t other[8] = {8, 7, 6, 5, 4, 3, 2, 1};
  link.Queue(InitReply(other));
  Status s = channel.Init(50);
  BOOST_REQUIRE(!s.ok());
  BOOST_TEST(Kind(s.error().kind) == Kind(ErrorKind::kTimeout));
}

BOOST_FIXTURE_TEST_CASE(FragmentsAndReassemblesThousandBytes, Fixture) {
  std::vector<uint8_t> payload(1000);
  for (size_t i = 0; i < payload.size(); ++i) payload[i] = i * 7 + 3;
  for (const link::Report& r : HandFrames(kCid, 0x81, payload)) link.Queue(r);
  TransactOptions o;
  o.timeout_ms = 500;
  auto reply = channel.Transact(Command::kPing, payload, o);
  BOOST_REQUIRE(reply.ok());
  BOOST_TEST(*reply == payload, boost::test_tools::per_element());
  // 57 + 16 * 59 >= 1000: one init and 16 continuation packets.
  BOOST_REQUIRE_EQUAL(link.written.size(), 17u);
  std::vector<link::Report> want = HandFrames(kCid, 0x81, payload);
  for (size_t i = 0; i < want.size(); ++i) {
    BOOST_TEST(link.written[i] == want[i]);
  }
  BOOST_TEST(link.written[16][4] == 15);  // last sequence number
}

BOOST_FIXTURE_TEST_CASE(IgnoresFramesOfOtherChannels, Fixture) {
  std::vector<uint8_t> payload(100, 0x5A);
  auto frames = HandFrames(kCid, 0xF0, payload);
  auto noise = HandFrames(0x99999999, 0xF0, std::vector<uint8_t>(100, 0xEE));
  link.Queue(noise[0]);
  link.Queue(frames[0]);
  link.Queue(noise[1]);
  link.Queue(frames[1]);
  TransactOptions o;
  o.timeout_ms = 500;
  auto reply = channel.Transact(Command::kSecrets, {}, o);
  BOOST_REQUIRE(reply.ok());
  BOOST_TEST(*reply == payload, boost::test_tools::per_element());
}

BOOST_FIXTURE_TEST_CASE(KeepaliveCallsCallbackAndExtendsWait, Fixture) {
  // Five keepalives 60 ms apart outlast a 100 ms timeout only if each one
  // restarts the wait.
  for (int i = 0; i < 5; ++i) {
    link.Queue(MakeReport({0x11, 0x22, 0x33, 0x44, 0xBB, 0x00, 0x01, 0x02}),
               60);
  }
  for (const link::Report& r : HandFrames(kCid, 0x90, {0x00, 0xA0}))
    link.Queue(r, 60);
  std::vector<uint8_t> statuses;
  int waits = 0;
  TransactOptions o;
  o.timeout_ms = 100;
  o.on_keepalive = [&](uint8_t s) { statuses.push_back(s); };
  o.on_wait = [&] { ++waits; };
  auto reply = channel.Transact(Command::kCbor, std::vector<uint8_t>{0x04}, o);
  BOOST_REQUIRE(reply.ok());
  BOOST_TEST(*reply == (std::vector<uint8_t>{0x00, 0xA0}),
             boost::test_tools::per_element());
  BOOST_TEST(statuses == std::vector<uint8_t>(5, 2),
             boost::test_tools::per_element());
  BOOST_TEST(waits == 1);  // UPNEEDED prompts once
}

BOOST_FIXTURE_TEST_CASE(SilenceBeyondTimeoutIsTimeout, Fixture) {
  for (const link::Report& r : HandFrames(kCid, 0x90, {0x00}))
    link.Queue(r, 300);
  TransactOptions o;
  o.timeout_ms = 100;
  auto reply = channel.Transact(Command::kCbor, std::vector<uint8_t>{0x04}, o);
  BOOST_REQUIRE(!reply.ok());
  BOOST_TEST(Kind(reply.error().kind) == Kind(ErrorKind::kTimeout));
}

BOOST_FIXTURE_TEST_CASE(WaitNoticeFiresOnceWhenKeyIsSilent, Fixture) {
  for (const link::Report& r : HandFrames(kCid, 0xF0, {0x90, 0x00}))
    link.Queue(r, 150);
  int waits = 0;
  TransactOptions o;
  o.timeout_ms = 1000;
  o.wait_notice_ms = 30;
  o.on_wait = [&] { ++waits; };
  auto reply = TransactSecrets(o);
  BOOST_REQUIRE(reply.ok());
  BOOST_TEST(waits == 1);
}

BOOST_FIXTURE_TEST_CASE(ErrorFrameBecomesCtaphidError, Fixture) {
  link.Queue(MakeReport({0x11, 0x22, 0x33, 0x44, 0xBF, 0x00, 0x01, 0x06}));
  auto reply = TransactSecrets();
  BOOST_REQUIRE(!reply.ok());
  BOOST_TEST(Kind(reply.error().kind) == Kind(ErrorKind::kCtaphid));
  BOOST_TEST(reply.error().code == 0x06);
}

BOOST_FIXTURE_TEST_CASE(WrongSequenceIsProtocolError, Fixture) {
  auto frames = HandFrames(kCid, 0xF0, std::vector<uint8_t>(200, 1));
  frames[2][4] = 5;  // expected 1
  for (const link::Report& r : frames) link.Queue(r);
  auto reply = TransactSecrets();
  BOOST_REQUIRE(!reply.ok());
  BOOST_TEST(Kind(reply.error().kind) == Kind(ErrorKind::kProtocol));
}

BOOST_FIXTURE_TEST_CASE(ReplyForAnotherCommandIsProtocolError, Fixture) {
  link.Queue(HandFrames(kCid, 0x90, {0x00})[0]);
  auto reply = TransactSecrets();
  BOOST_REQUIRE(!reply.ok());
  BOOST_TEST(Kind(reply.error().kind) == Kind(ErrorKind::kProtocol));
}

BOOST_FIXTURE_TEST_CASE(CancelFlagSendsCancelAndGivesUp, Fixture) {
  std::atomic<bool> cancel{true};
  TransactOptions o;
  o.timeout_ms = 20000;
  o.cancel = &cancel;
  auto start = std::chrono::steady_clock::now();
  auto reply = TransactSecrets(o);
  auto took = std::chrono::steady_clock::now() - start;
  BOOST_REQUIRE(!reply.ok());
  BOOST_TEST(Kind(reply.error().kind) == Kind(ErrorKind::kCancelled));
  BOOST_TEST(took < std::chrono::milliseconds(kCancelGraceMs + 500));
  BOOST_REQUIRE_EQUAL(link.written.size(), 2u);
  std::vector<uint8_t> head(link.written[1].begin(),
                            link.written[1].begin() + 7);
  BOOST_TEST(head == (std::vector<uint8_t>{0x11, 0x22, 0x33, 0x44, 0x91, 0, 0}),
             boost::test_tools::per_element());
}

BOOST_FIXTURE_TEST_CASE(CancelAnsweredByErrorIsCancelled, Fixture) {
  std::atomic<bool> cancel{false};
  link.on_write = [&](const link::Report& r, ScriptedLink& l) {
    if (r[4] == 0x91) {
      l.Queue(MakeReport({0x11, 0x22, 0x33, 0x44, 0xBF, 0x00, 0x01, 0x7F}));
    }
  };
  TransactOptions o;
  o.timeout_ms = 5000;
  o.cancel = &cancel;
  o.wait_notice_ms = 10;
  o.on_wait = [&] { cancel = true; };  // "user presses Ctrl-C at the prompt"
  auto reply = channel.Transact(Command::kCbor, std::vector<uint8_t>{1}, o);
  BOOST_REQUIRE(!reply.ok());
  BOOST_TEST(Kind(reply.error().kind) == Kind(ErrorKind::kCancelled));
}

}  // namespace
}  // namespace bridge::ctaphid

// CTAPHID device tests: fido2-tests test_hid.py scenarios
// (docs/protocol/ctap.md §1.3), presence waits with KEEPALIVE / CANCEL /
// timeout / deny, LOCK, channel allocation and power cycle, driven by
// FakePlatform's hand-moved clock.
#define BOOST_TEST_MODULE hsm_ctaphid
#include "hsm/ctaphid/ctaphid_device.h"

#include <boost/test/unit_test.hpp>
#include <set>

#include "ctaphid_test_util.h"
#include "fake_platform.h"

namespace hsm::ctaphid::testing {
namespace {

constexpr uint8_t kPing = 0x01, kMsg = 0x03, kLock = 0x04, kInit = 0x06,
                  kWink = 0x08, kCbor = 0x10, kCancel = 0x11, kKeepalive = 0x3B,
                  kErr = 0x3F, kVendor = 0x70;
constexpr uint32_t kBroadcast = 0xFFFFFFFF;

Bytes Seq(size_t n, uint8_t seed = 1) {
  Bytes b(n);
  for (size_t i = 0; i < n; ++i) b[i] = static_cast<uint8_t>(seed + i * 7);
  return b;
}

uint32_t Be32(const Bytes& b, size_t off) {
  return (uint32_t{b[off]} << 24) | (uint32_t{b[off + 1]} << 16) |
         (uint32_t{b[off + 2]} << 8) | b[off + 3];
}

void CheckError(const std::vector<Message>& m, uint32_t cid, Error e) {
  BOOST_REQUIRE_EQUAL(m.size(), 1u);
  BOOST_CHECK_EQUAL(m[0].cid, cid);
  BOOST_CHECK_EQUAL(int{m[0].cmd}, int{kErr});
  BOOST_REQUIRE_EQUAL(m[0].payload.size(), 1u);
  BOOST_CHECK_MESSAGE(m[0].payload[0] == static_cast<uint8_t>(e),
                      "expected " << ToString(e) << ", got 0x" << std::hex
                                  << int{m[0].payload[0]});
}

void CheckMessage(const Message& m, uint32_t cid, uint8_t cmd,
                  const Bytes& payload) {
  BOOST_CHECK_EQUAL(m.cid, cid);
  BOOST_CHECK_EQUAL(int{m.cmd}, int{cmd});
  BOOST_CHECK(m.payload == payload);
}

// What TestApp answers when resumed: the grant, then the request payload.
Bytes Resumed(PresenceGrant grant, const Bytes& request) {
  Bytes out = request;
  out.insert(out.begin(), static_cast<uint8_t>(grant));
  return out;
}

void CheckKeepalive(const Message& m, uint32_t cid) {
  CheckMessage(m, cid, kKeepalive, Bytes{0x02});  // STATUS_UPNEEDED
}

struct Fixture {
  explicit Fixture(CtaphidConfig config = {}) : dev(platform, config) {
    BOOST_REQUIRE(dev.Register(kCbor, &cbor));
    BOOST_REQUIRE(dev.Register(kVendor, &vendor));
  }

  uint64_t now() { return platform.NowMs(); }
  std::vector<Report> Send(const Report& r) {
    return dev.HandleReport(r, now());
  }
  std::vector<Message> SendOne(const Report& r) { return Decode(Send(r)); }
  std::vector<Report> SendAll(const std::vector<Report>& rs) {
    std::vector<Report> out;
    for (const auto& r : rs) {
      auto o = Send(r);
      out.insert(out.end(), o.begin(), o.end());
    }
    return out;
  }
  std::vector<Message> Call(uint32_t cid, uint8_t cmd,
                            std::span<const uint8_t> payload) {
    return Decode(SendAll(Fragment(cid, cmd, payload)));
  }
  std::vector<Message> Poll() { return Decode(dev.Poll(now())); }
  // Advances the clock by `ms`; true when Poll then has nothing to send.
  bool QuietAfter(uint64_t ms) {
    platform.Advance(ms);
    return Poll().empty();
  }

  // A new channel; the CBOR app will ask for presence and the user has not
  // answered yet.
  uint32_t AllocateAwaitingPresence() {
    cbor.needs_presence = true;
    platform.SetPresence(Presence::kPending);
    return Allocate();
  }

  // CTAPHID_INIT on the broadcast CID; returns the new channel.
  uint32_t Allocate() {
    Bytes nonce = Seq(8, static_cast<uint8_t>(++nonces));
    auto m = Call(kBroadcast, kInit, nonce);
    BOOST_REQUIRE_EQUAL(m.size(), 1u);
    BOOST_REQUIRE_EQUAL(m[0].cid, kBroadcast);
    BOOST_REQUIRE_EQUAL(int{m[0].cmd}, int{kInit});
    BOOST_REQUIRE_EQUAL(m[0].payload.size(), 17u);
    BOOST_REQUIRE(std::equal(nonce.begin(), nonce.end(), m[0].payload.begin()));
    return Be32(m[0].payload, 8);
  }

  ::hsm::testing::FakePlatform platform{7};
  CtaphidDevice dev;
  TestApp cbor, vendor;
  int nonces = 0;
};

// Sends an unfinished PING (init + seq 0 + seq 1 of a 0x400-byte message).
void StartPartialPing(Fixture& f, uint32_t cid, uint16_t bcnt = 0x400) {
  BOOST_CHECK(f.SendOne(InitPacket(cid, kPing, bcnt, Seq(57))).empty());
  BOOST_CHECK(f.SendOne(ContPacket(cid, 0, Seq(59))).empty());
  BOOST_CHECK(f.SendOne(ContPacket(cid, 1, Seq(59))).empty());
}

}  // namespace

BOOST_AUTO_TEST_SUITE(test_hid)

// test_init: INIT echoes the nonce; 17-byte answer on the broadcast CID.
BOOST_AUTO_TEST_CASE(init_allocates_channel) {
  CtaphidConfig config;
  config.version_major = 3;
  config.version_minor = 4;
  config.version_build = 5;
  Fixture f(config);
  Bytes nonce{0x11, 0x11, 0x11, 0x11, 0x11, 0x11, 0x11, 0x11};
  auto m = f.Call(kBroadcast, kInit, nonce);
  BOOST_REQUIRE_EQUAL(m.size(), 1u);
  BOOST_CHECK_EQUAL(m[0].cid, kBroadcast);
  BOOST_CHECK_EQUAL(int{m[0].cmd}, int{kInit});
  BOOST_REQUIRE_EQUAL(m[0].payload.size(), 17u);
  BOOST_CHECK(Bytes(m[0].payload.begin(), m[0].payload.begin() + 8) == nonce);
  uint32_t cid = Be32(m[0].payload, 8);
  BOOST_CHECK(cid != 0u && cid != kBroadcast);
  BOOST_CHECK_EQUAL(int{m[0].payload[12]}, 2);  // CTAPHID protocol version
  BOOST_CHECK_EQUAL(int{m[0].payload[13]}, 3);
  BOOST_CHECK_EQUAL(int{m[0].payload[14]}, 4);
  BOOST_CHECK_EQUAL(int{m[0].payload[15]}, 5);
  BOOST_CHECK_EQUAL(int{m[0].payload[16]},
                    int{kCapabilityWink | kCapabilityNmsg});
  // The new channel works; a second INIT gives a different one.
  Bytes ping = Seq(10);
  auto r = f.Call(cid, kPing, ping);
  BOOST_REQUIRE_EQUAL(r.size(), 1u);
  CheckMessage(r[0], cid, kPing, ping);
  std::set<uint32_t> cids{cid};
  for (int i = 0; i < 20; ++i) cids.insert(f.Allocate());
  BOOST_CHECK_EQUAL(cids.size(), 21u);
}

BOOST_AUTO_TEST_CASE(init_wrong_length_is_invalid_len) {
  Fixture f;
  CheckError(f.SendOne(InitPacket(kBroadcast, kInit, 7, Seq(7))), kBroadcast,
             Error::kInvalidLen);
}

// test_ping and test_long_ping (1000 bytes), plus the 7609-byte maximum.
BOOST_AUTO_TEST_CASE(ping_echo) {
  Fixture f;
  uint32_t cid = f.Allocate();
  for (size_t n : {size_t{0}, size_t{1}, size_t{57}, size_t{58}, size_t{100},
                   size_t{116}, size_t{117}, size_t{1000}, kMaxPayload}) {
    Bytes data = Seq(n, static_cast<uint8_t>(n));
    auto reports = f.SendAll(Fragment(cid, kPing, data));
    size_t expected_reports = n <= 57 ? 1 : 1 + (n - 57 + 58) / 59;
    BOOST_CHECK_EQUAL(reports.size(), expected_reports);
    auto m = Decode(reports);
    BOOST_REQUIRE_EQUAL(m.size(), 1u);
    CheckMessage(m[0], cid, kPing, data);
  }
  BOOST_CHECK(!f.dev.busy());
}

// Exact bytes of a fragmented response (CTAP 2.1 §11.2.4).
BOOST_AUTO_TEST_CASE(fragment_layout) {
  Fixture f;
  uint32_t cid = f.Allocate();
  Bytes data = Seq(100);
  auto reports = f.SendAll(Fragment(cid, kPing, data));
  BOOST_REQUIRE_EQUAL(reports.size(), 2u);
  const Report& a = reports[0];
  BOOST_CHECK_EQUAL(CidOf(a), cid);
  BOOST_CHECK_EQUAL(int{a[4]}, 0x81);
  BOOST_CHECK_EQUAL(int{a[5]}, 0);
  BOOST_CHECK_EQUAL(int{a[6]}, 100);
  BOOST_CHECK(std::equal(data.begin(), data.begin() + 57, a.begin() + 7));
  const Report& b = reports[1];
  BOOST_CHECK_EQUAL(CidOf(b), cid);
  BOOST_CHECK_EQUAL(int{b[4]}, 0);
  BOOST_CHECK(std::equal(data.begin() + 57, data.end(), b.begin() + 5));
  BOOST_CHECK(std::all_of(b.begin() + 5 + 43, b.end(),
                          [](uint8_t x) { return x == 0; }));
}

// test_wink; WINK is refused when the capability is not advertised.
BOOST_AUTO_TEST_CASE(wink) {
  Fixture f;
  uint32_t cid = f.Allocate();
  auto m = f.Call(cid, kWink, {});
  BOOST_REQUIRE_EQUAL(m.size(), 1u);
  CheckMessage(m[0], cid, kWink, {});
  CheckError(f.Call(cid, kWink, Bytes{1}), cid, Error::kInvalidLen);

  CtaphidConfig no_wink;
  no_wink.capabilities = kCapabilityNmsg;
  Fixture g(no_wink);
  uint32_t cid2 = g.Allocate();
  CheckError(g.Call(cid2, kWink, {}), cid2, Error::kInvalidCmd);
}

// test_cbor_no_payload and test_no_data_in_u2f_msg.
BOOST_AUTO_TEST_CASE(cbor_and_msg_without_payload) {
  Fixture f;
  TestApp msg;
  BOOST_REQUIRE(f.dev.Register(kMsg, &msg));
  uint32_t cid = f.Allocate();
  CheckError(f.Call(cid, kCbor, {}), cid, Error::kInvalidLen);
  CheckError(f.Call(cid, kMsg, {}), cid, Error::kInvalidLen);
  BOOST_CHECK(f.cbor.calls.empty());
  BOOST_CHECK(msg.calls.empty());
  // With a payload the app gets it.
  auto m = f.Call(cid, kCbor, Bytes{0x04});
  BOOST_REQUIRE_EQUAL(m.size(), 1u);
  CheckMessage(m[0], cid, kCbor, Bytes{0x00, 0x04});
  BOOST_REQUIRE_EQUAL(f.cbor.calls.size(), 1u);
  BOOST_CHECK(f.cbor.calls[0].grant == PresenceGrant::kNotRequested);
}

// test_invalid_hid_cmd (0x66); U2FHID SYNC 0x3C; host-sent KEEPALIVE/ERROR;
// MSG without an app; unregistered vendor command.
BOOST_AUTO_TEST_CASE(invalid_commands) {
  Fixture f;
  uint32_t cid = f.Allocate();
  for (uint8_t cmd : {uint8_t{0x66}, uint8_t{0x3C}, kKeepalive, kErr, kMsg,
                      uint8_t{0x71}, uint8_t{0x00}, uint8_t{0x02}}) {
    BOOST_TEST_CONTEXT("command 0x" << std::hex << int{cmd}) {
      CheckError(f.Call(cid, cmd, {}), cid, Error::kInvalidCmd);
    }
  }
  BOOST_CHECK(!f.dev.busy());
  // Built-in commands cannot be taken over by an app.
  TestApp other;
  BOOST_CHECK(!f.dev.Register(kPing, &other));
  BOOST_CHECK(!f.dev.Register(kInit, &other));
  BOOST_CHECK(!f.dev.Register(0x80, &other));
}

// test_oversize_packet: BCNT 0x1dba = 7610 > 7609.
BOOST_AUTO_TEST_CASE(oversize_bcnt) {
  Fixture f;
  uint32_t cid = f.Allocate();
  CheckError(f.SendOne(InitPacket(cid, kPing, 0x1dba)), cid,
             Error::kInvalidLen);
  BOOST_CHECK(!f.dev.busy());
  CheckError(f.SendOne(InitPacket(cid, kPing, 0xFFFF)), cid,
             Error::kInvalidLen);
}

// test_skip_sequence_number.
BOOST_AUTO_TEST_CASE(skipped_sequence) {
  Fixture f;
  uint32_t cid = f.Allocate();
  BOOST_CHECK(f.SendOne(InitPacket(cid, kPing, 0x0490)).empty());
  BOOST_CHECK(f.SendOne(ContPacket(cid, 0)).empty());
  BOOST_CHECK(f.SendOne(ContPacket(cid, 1)).empty());
  CheckError(f.SendOne(ContPacket(cid, 3)), cid, Error::kInvalidSeq);
  BOOST_CHECK(!f.dev.busy());
  // A repeated sequence number is just as wrong.
  BOOST_CHECK(f.SendOne(InitPacket(cid, kPing, 0x0490)).empty());
  BOOST_CHECK(f.SendOne(ContPacket(cid, 0)).empty());
  CheckError(f.SendOne(ContPacket(cid, 0)), cid, Error::kInvalidSeq);
  // The late packets of the dropped message are ignored.
  BOOST_CHECK(f.SendOne(ContPacket(cid, 1)).empty());
  BOOST_CHECK(f.QuietAfter(2000));
}

// test_resync_and_ping: INIT on an own CID echoes it and the channel works.
BOOST_AUTO_TEST_CASE(resync_and_ping) {
  Fixture f;
  uint32_t cid = f.Allocate();
  Bytes nonce{0x11, 0x22, 0x33, 0x44, 0x55, 0x66, 0x77, 0x88};
  auto m = f.Call(cid, kInit, nonce);
  BOOST_REQUIRE_EQUAL(m.size(), 1u);
  BOOST_CHECK_EQUAL(m[0].cid, cid);
  BOOST_REQUIRE_EQUAL(m[0].payload.size(), 17u);
  BOOST_CHECK_EQUAL(Be32(m[0].payload, 8), cid);
  Bytes ping = Seq(100);
  auto r = f.Call(cid, kPing, ping);
  BOOST_REQUIRE_EQUAL(r.size(), 1u);
  CheckMessage(r[0], cid, kPing, ping);
}

// test_ping_abort: INIT on the same CID mid-message aborts it.
BOOST_AUTO_TEST_CASE(ping_abort_by_init) {
  Fixture f;
  uint32_t cid = f.Allocate();
  StartPartialPing(f, cid);
  auto m = f.Call(cid, kInit, Seq(8));
  BOOST_REQUIRE_EQUAL(m.size(), 1u);
  BOOST_CHECK_EQUAL(int{m[0].cmd}, int{kInit});
  BOOST_CHECK_EQUAL(Be32(m[0].payload, 8), cid);
  BOOST_CHECK(!f.dev.busy());
  BOOST_CHECK(f.QuietAfter(1000));  // no MSG_TIMEOUT for the aborted message
  BOOST_CHECK(f.SendOne(ContPacket(cid, 2)).empty());
}

// test_ping_abort_from_different_cid: INIT from another (unallocated) CID
// during a pending message is answered; the first message then times out.
BOOST_AUTO_TEST_CASE(init_from_other_cid_during_message) {
  Fixture f;
  uint32_t cid = f.Allocate();
  StartPartialPing(f, cid, 0x1000);
  const uint32_t other = 0x11223344;
  auto m = f.SendOne(InitPacket(other, kInit, 8, Seq(8)));
  BOOST_REQUIRE_EQUAL(m.size(), 1u);
  BOOST_CHECK_EQUAL(m[0].cid, other);
  BOOST_CHECK_EQUAL(int{m[0].cmd}, int{kInit});
  BOOST_CHECK_EQUAL(Be32(m[0].payload, 8), other);
  BOOST_CHECK(f.dev.busy());
  f.platform.Advance(600);
  CheckError(f.Poll(), cid, Error::kMsgTimeout);
  // The adopted CID is a working channel.
  auto r = f.Call(other, kPing, Seq(3));
  BOOST_REQUIRE_EQUAL(r.size(), 1u);
  CheckMessage(r[0], other, kPing, Seq(3));
}

// test_timeout: an unfinished message gets ERROR MSG_TIMEOUT after 400–1000
// ms, measured from the init packet, with Poll every 10 ms.
BOOST_AUTO_TEST_CASE(reassembly_timeout) {
  Fixture f;
  uint32_t cid = f.Allocate();
  const uint64_t t1 = f.now();
  StartPartialPing(f, cid);
  std::optional<uint64_t> fired;
  while (f.now() < t1 + 2000 && !fired) {
    f.platform.Advance(10);
    auto m = f.Poll();
    if (!m.empty()) {
      CheckError(m, cid, Error::kMsgTimeout);
      fired = f.now() - t1;
    }
  }
  BOOST_REQUIRE(fired.has_value());
  BOOST_CHECK_GT(*fired, 400u);
  BOOST_CHECK_LT(*fired, 1000u);
  BOOST_CHECK(!f.dev.busy());
  BOOST_CHECK(f.QuietAfter(2000));  // reported once
  // A late packet does not revive the message.
  BOOST_CHECK(f.SendOne(ContPacket(cid, 2)).empty());
}

// Timers also run when a report arrives after a missed Poll: the stale
// message times out first, then the new report is handled.
BOOST_AUTO_TEST_CASE(timeout_reported_before_late_report) {
  Fixture f;
  uint32_t cid = f.Allocate();
  StartPartialPing(f, cid);
  f.platform.Advance(700);
  auto m = f.Call(cid, kPing, Seq(5));
  BOOST_REQUIRE_EQUAL(m.size(), 2u);
  CheckMessage(m[0], cid, kErr, Bytes{0x05});
  CheckMessage(m[1], cid, kPing, Seq(5));
}

// test_not_cont: a new init packet on the reassembling CID → INVALID_SEQ;
// a continuation packet with nothing pending is ignored.
BOOST_AUTO_TEST_CASE(not_cont) {
  Fixture f;
  uint32_t cid = f.Allocate();
  StartPartialPing(f, cid);
  CheckError(f.SendOne(InitPacket(cid, kPing, 0x1000)), cid,
             Error::kInvalidSeq);
  BOOST_CHECK(!f.dev.busy());
  BOOST_CHECK(f.SendOne(ContPacket(cid, 0x10)).empty());
  BOOST_CHECK(f.QuietAfter(1500));
}

// test_check_busy: another CID's init packet → CHANNEL_BUSY at once; the
// first CID then times out.
BOOST_AUTO_TEST_CASE(check_busy) {
  Fixture f;
  uint32_t cid = f.Allocate();
  uint32_t other = f.Allocate();
  BOOST_CHECK(f.SendOne(InitPacket(cid, kPing, 0x400)).empty());
  CheckError(f.SendOne(InitPacket(other, kPing, 0x400)), other,
             Error::kChannelBusy);
  // Also for a CID the device does not know: busy comes first.
  CheckError(f.SendOne(InitPacket(0x11223344, kPing, 0x400)), 0x11223344,
             Error::kChannelBusy);
  f.platform.Advance(500);
  CheckError(f.Poll(), cid, Error::kMsgTimeout);
}

// test_check_busy_interleaved.
BOOST_AUTO_TEST_CASE(check_busy_interleaved) {
  Fixture f;
  const uint32_t cid1 = 0x11223344, cid2 = 0x01223344;
  BOOST_REQUIRE_EQUAL(f.Call(cid2, kInit, Seq(8)).size(), 1u);
  BOOST_REQUIRE_EQUAL(f.Call(cid1, kInit, Seq(8)).size(), 1u);
  Bytes data = Seq(0x63);
  BOOST_CHECK(f.SendOne(InitPacket(cid1, kPing, 0x63, data)).empty());
  auto busy = f.SendOne(InitPacket(cid2, kPing, 0x63, data));
  f.platform.Advance(100);
  BOOST_CHECK(
      f.SendOne(ContPacket(cid2, 0, Bytes(data.begin() + 57, data.end())))
          .empty());
  CheckError(busy, cid2, Error::kChannelBusy);
  auto m = f.SendOne(ContPacket(cid1, 0, Bytes(data.begin() + 57, data.end())));
  BOOST_REQUIRE_EQUAL(m.size(), 1u);
  CheckMessage(m[0], cid1, kPing, data);
}

// test_cid_0 and test_cid_ffffffff; unknown CIDs.
BOOST_AUTO_TEST_CASE(invalid_channels) {
  Fixture f;
  CheckError(f.SendOne(InitPacket(0, kInit, 8, Seq(8))), 0,
             Error::kInvalidChannel);
  CheckError(f.SendOne(InitPacket(0, kPing, 1)), 0, Error::kInvalidChannel);
  CheckError(f.SendOne(InitPacket(kBroadcast, kPing, 8, Seq(8))), kBroadcast,
             Error::kInvalidChannel);
  CheckError(f.SendOne(InitPacket(kBroadcast, kCbor, 1, Seq(1))), kBroadcast,
             Error::kInvalidChannel);
  CheckError(f.SendOne(InitPacket(0x05040302, kPing, 1)), 0x05040302,
             Error::kInvalidChannel);
  // Continuation packets on such CIDs are ignored.
  BOOST_CHECK(f.SendOne(ContPacket(0, 0)).empty());
  BOOST_CHECK(f.SendOne(ContPacket(kBroadcast, 0)).empty());
  BOOST_CHECK(!f.dev.busy());
}

BOOST_AUTO_TEST_CASE(unknown_channel_is_adopted_only_when_configured) {
  CtaphidConfig solo;
  solo.adopt_unknown_channels = true;
  Fixture f(solo);
  CheckMessage(f.Call(0x05040302, kPing, Seq(3)).at(0), 0x05040302, kPing,
               Seq(3));
  // CID 0 and the broadcast CID stay invalid (§11.2.9.1.3).
  CheckError(f.SendOne(InitPacket(0, kPing, 1)), 0, Error::kInvalidChannel);
  CheckError(f.SendOne(InitPacket(kBroadcast, kPing, 1)), kBroadcast,
             Error::kInvalidChannel);
  // After a power cycle the client's old CID keeps working, as on Solo.
  f.dev.Reset();
  CheckMessage(f.Call(0x05040302, kPing, Seq(2)).at(0), 0x05040302, kPing,
               Seq(2));
}

BOOST_AUTO_TEST_CASE(reports_of_other_sizes_are_ignored) {
  Fixture f;
  Report r = InitPacket(kBroadcast, kInit, 8, Seq(8));
  BOOST_CHECK(f.dev.HandleReport(std::span(r).first(63), f.now()).empty());
  std::vector<uint8_t> longer(r.begin(), r.end());
  longer.push_back(0);
  BOOST_CHECK(f.dev.HandleReport(longer, f.now()).empty());
  BOOST_CHECK_EQUAL(f.dev.HandleReport(r, f.now()).size(), 1u);
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(presence)

// KEEPALIVE(UPNEEDED) at once and every 100 ms while waiting; other channels
// get CHANNEL_BUSY; approval resumes the app with kApproved.
BOOST_AUTO_TEST_CASE(keepalive_while_waiting) {
  Fixture f;
  uint32_t cid = f.AllocateAwaitingPresence();
  uint32_t other = f.Allocate();
  auto m = f.Call(cid, kCbor, Bytes{0x01, 0x02});
  BOOST_REQUIRE_EQUAL(m.size(), 1u);
  CheckKeepalive(m[0], cid);
  BOOST_CHECK_EQUAL(f.platform.presence_requests(), 1);
  BOOST_CHECK(f.platform.presence_active());
  BOOST_CHECK(f.dev.busy());

  int keepalives = 0;
  for (int i = 0; i < 50; ++i) {  // 1 s in 20 ms ticks
    f.platform.Advance(20);
    auto p = f.Poll();
    for (const auto& k : p) {
      CheckKeepalive(k, cid);
      ++keepalives;
    }
  }
  BOOST_CHECK_EQUAL(keepalives, 10);

  CheckError(f.Call(other, kPing, Seq(4)), other, Error::kChannelBusy);
  CheckError(f.Call(cid, kPing, Seq(4)), cid, Error::kChannelBusy);
  auto init = f.Call(other, kInit, Seq(8));  // INIT is still answered
  BOOST_REQUIRE_EQUAL(init.size(), 1u);
  BOOST_CHECK_EQUAL(int{init[0].cmd}, int{kInit});
  BOOST_CHECK(f.SendOne(ContPacket(cid, 0)).empty());

  f.platform.SetPresence(Presence::kApproved);
  f.platform.Advance(5);
  auto done = f.Poll();
  BOOST_REQUIRE_EQUAL(done.size(), 1u);
  CheckMessage(done[0], cid, kCbor,
               Resumed(PresenceGrant::kApproved, {0x01, 0x02}));
  BOOST_CHECK(!f.platform.presence_active());
  BOOST_CHECK(!f.dev.busy());
  BOOST_REQUIRE_EQUAL(f.cbor.calls.size(), 2u);
  BOOST_CHECK(f.cbor.calls[1].grant == PresenceGrant::kApproved);
  BOOST_CHECK(f.cbor.calls[1].payload == (Bytes{0x01, 0x02}));
  BOOST_CHECK(f.QuietAfter(1000));
}

// docs/protocol/ctap.md "Decisions": one KEEPALIVE(UPNEEDED) even when presence
// is approved at once (fido2-tests test_keep_alive).
BOOST_AUTO_TEST_CASE(keepalive_before_auto_approval) {
  Fixture f;
  f.cbor.needs_presence = true;
  uint32_t cid = f.Allocate();
  auto m = f.Call(cid, kCbor, Bytes{0x07});
  BOOST_REQUIRE_EQUAL(m.size(), 2u);
  CheckKeepalive(m[0], cid);
  CheckMessage(m[1], cid, kCbor, Resumed(PresenceGrant::kApproved, {0x07}));
  BOOST_CHECK(!f.platform.presence_active());
}

// Vendor commands wait silently (docs/protocol/oath.md §1).
BOOST_AUTO_TEST_CASE(no_keepalive_when_not_asked) {
  Fixture f;
  f.vendor.needs_presence = true;
  f.vendor.keepalive = false;
  f.vendor.presence_timeout_ms = 15000;
  f.platform.SetPresence(Presence::kPending);
  uint32_t cid = f.Allocate();
  BOOST_CHECK(f.Call(cid, kVendor, Bytes{0x00}).empty());
  for (int i = 0; i < 100; ++i) {
    BOOST_CHECK(f.QuietAfter(20));
  }
  f.platform.SetPresence(Presence::kApproved);
  auto m = f.Poll();
  BOOST_REQUIRE_EQUAL(m.size(), 1u);
  BOOST_CHECK_EQUAL(int{m[0].cmd}, int{kVendor});
}

// CANCEL on the waiting channel resumes with kCancelled; repeated CANCELs,
// CANCEL with nothing pending and CANCEL from another CID are ignored.
BOOST_AUTO_TEST_CASE(cancel_during_presence_wait) {
  Fixture f;
  uint32_t cid = f.AllocateAwaitingPresence();
  uint32_t other = f.Allocate();
  BOOST_CHECK(f.SendOne(InitPacket(cid, kCancel, 0)).empty());  // idle
  BOOST_REQUIRE_EQUAL(f.Call(cid, kCbor, Bytes{0x01}).size(), 1u);
  BOOST_CHECK(f.SendOne(InitPacket(other, kCancel, 0)).empty());
  BOOST_CHECK(f.dev.busy());
  f.platform.Advance(30);
  auto m = f.SendOne(InitPacket(cid, kCancel, 0));
  BOOST_REQUIRE_EQUAL(m.size(), 1u);
  CheckMessage(m[0], cid, kCbor, Resumed(PresenceGrant::kCancelled, {0x01}));
  BOOST_CHECK(!f.platform.presence_active());
  BOOST_CHECK(!f.dev.busy());
  for (int i = 0; i < 3; ++i) {
    BOOST_CHECK(f.SendOne(InitPacket(cid, kCancel, 0)).empty());
  }
  BOOST_CHECK(f.QuietAfter(500));
}

// CANCEL during reassembly is not a CBOR request being processed: ignored
// (CTAP 2.1 §11.2.9.1.5), the message continues.
BOOST_AUTO_TEST_CASE(cancel_during_reassembly_is_ignored) {
  Fixture f;
  uint32_t cid = f.Allocate();
  Bytes data = Seq(70);
  BOOST_CHECK(f.SendOne(InitPacket(cid, kPing, 70, data)).empty());
  BOOST_CHECK(f.SendOne(InitPacket(cid, kCancel, 0)).empty());
  auto m = f.SendOne(ContPacket(cid, 0, Bytes(data.begin() + 57, data.end())));
  BOOST_REQUIRE_EQUAL(m.size(), 1u);
  CheckMessage(m[0], cid, kPing, data);
}

BOOST_AUTO_TEST_CASE(presence_timeout) {
  Fixture f;
  f.cbor.presence_timeout_ms = 1000;
  uint32_t cid = f.AllocateAwaitingPresence();
  const uint64_t t0 = f.now();
  BOOST_REQUIRE_EQUAL(f.Call(cid, kCbor, Bytes{0x09}).size(), 1u);
  std::optional<uint64_t> answered;
  while (!answered && f.now() < t0 + 3000) {
    f.platform.Advance(20);
    for (const auto& m : f.Poll()) {
      if (m.cmd == kKeepalive) continue;
      CheckMessage(m, cid, kCbor, Resumed(PresenceGrant::kTimedOut, {0x09}));
      answered = f.now() - t0;
    }
  }
  BOOST_REQUIRE(answered.has_value());
  BOOST_CHECK_EQUAL(*answered, 1000u);
  BOOST_CHECK(!f.platform.presence_active());
  BOOST_CHECK(!f.dev.busy());
}

BOOST_AUTO_TEST_CASE(presence_denied) {
  Fixture f;
  uint32_t cid = f.AllocateAwaitingPresence();
  BOOST_REQUIRE_EQUAL(f.Call(cid, kCbor, Bytes{0x0A}).size(), 1u);
  BOOST_CHECK(f.QuietAfter(40));
  f.platform.SetPresence(Presence::kDenied);
  f.platform.Advance(20);
  auto m = f.Poll();
  BOOST_REQUIRE_EQUAL(m.size(), 1u);
  CheckMessage(m[0], cid, kCbor, Resumed(PresenceGrant::kDenied, {0x0A}));
  BOOST_CHECK(!f.platform.presence_active());
}

// INIT on the waiting channel abandons the request without resuming it.
BOOST_AUTO_TEST_CASE(init_aborts_presence_wait) {
  Fixture f;
  uint32_t cid = f.AllocateAwaitingPresence();
  BOOST_REQUIRE_EQUAL(f.Call(cid, kCbor, Bytes{0x01}).size(), 1u);
  auto m = f.Call(cid, kInit, Seq(8));
  BOOST_REQUIRE_EQUAL(m.size(), 1u);
  BOOST_CHECK_EQUAL(int{m[0].cmd}, int{kInit});
  BOOST_CHECK(!f.platform.presence_active());
  BOOST_CHECK(!f.dev.busy());
  f.platform.SetPresence(Presence::kApproved);
  BOOST_CHECK(f.QuietAfter(200));
  BOOST_CHECK_EQUAL(f.cbor.calls.size(), 1u);
}

// app.h: a second kNeedsPresence for the same request → ERROR OTHER.
BOOST_AUTO_TEST_CASE(second_presence_request_is_an_error) {
  Fixture f;
  f.cbor.needs_presence = true;
  f.cbor.ask_twice = true;
  uint32_t cid = f.Allocate();
  auto m = f.Call(cid, kCbor, Bytes{0x01});
  BOOST_REQUIRE_EQUAL(m.size(), 2u);
  CheckKeepalive(m[0], cid);
  CheckMessage(m[1], cid, kErr, Bytes{0x7F});
  BOOST_CHECK(!f.platform.presence_active());
  BOOST_CHECK(!f.dev.busy());
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(apps_and_lock)

BOOST_AUTO_TEST_CASE(app_errors_and_sizes) {
  Fixture f;
  uint32_t cid = f.Allocate();
  f.vendor.fail = true;
  f.vendor.fail_error = Error::kInvalidLen;
  CheckError(f.Call(cid, kVendor, Bytes{1, 2, 3}), cid, Error::kInvalidLen);
  f.vendor.fail = false;
  f.vendor.response_size = kMaxPayload;
  auto m = f.Call(cid, kVendor, Bytes{1});
  BOOST_REQUIRE_EQUAL(m.size(), 1u);
  BOOST_CHECK_EQUAL(m[0].payload.size(), kMaxPayload);
  f.vendor.response_size = kMaxPayload + 1;
  CheckError(f.Call(cid, kVendor, Bytes{1}), cid, Error::kOther);
  // A whole 7609-byte request reaches the app intact.
  f.vendor.response_size = 0;
  Bytes big = Seq(kMaxPayload, 3);
  f.vendor.calls.clear();
  auto r = f.Call(cid, kVendor, big);
  BOOST_REQUIRE_EQUAL(f.vendor.calls.size(), 1u);
  BOOST_CHECK(f.vendor.calls[0].payload == big);
  BOOST_CHECK_EQUAL(int{f.vendor.calls[0].command}, int{kVendor});
  // Unregistering makes the command unknown again.
  BOOST_REQUIRE(f.dev.Register(kVendor, nullptr));
  CheckError(f.Call(cid, kVendor, Bytes{1}), cid, Error::kInvalidCmd);
}

// CTAP 2.1 §11.2.9.2.2 CTAPHID_LOCK.
BOOST_AUTO_TEST_CASE(lock) {
  Fixture f;
  uint32_t a = f.Allocate();
  uint32_t b = f.Allocate();
  CheckError(f.Call(a, kLock, Bytes{11}), a, Error::kInvalidPar);
  CheckError(f.Call(a, kLock, Bytes{}), a, Error::kInvalidLen);
  CheckError(f.Call(a, kLock, Bytes{1, 1}), a, Error::kInvalidLen);

  auto m = f.Call(a, kLock, Bytes{2});
  BOOST_REQUIRE_EQUAL(m.size(), 1u);
  CheckMessage(m[0], a, kLock, {});
  CheckError(f.Call(b, kPing, Seq(3)), b, Error::kChannelBusy);
  CheckError(f.Call(b, kLock, Bytes{1}), b, Error::kChannelBusy);
  BOOST_CHECK_EQUAL(f.Call(a, kPing, Seq(3)).size(), 1u);
  BOOST_CHECK_EQUAL(f.Call(kBroadcast, kInit, Seq(8)).size(), 1u);
  f.platform.Advance(1999);
  CheckError(f.Call(b, kPing, Seq(3)), b, Error::kChannelBusy);
  f.platform.Advance(1);
  BOOST_CHECK_EQUAL(int{f.Call(b, kPing, Seq(3)).at(0).cmd}, int{kPing});

  // LOCK 0 releases early.
  BOOST_REQUIRE_EQUAL(f.Call(a, kLock, Bytes{10}).size(), 1u);
  CheckError(f.Call(b, kPing, Seq(3)), b, Error::kChannelBusy);
  BOOST_REQUIRE_EQUAL(f.Call(a, kLock, Bytes{0}).size(), 1u);
  BOOST_CHECK_EQUAL(int{f.Call(b, kPing, Seq(3)).at(0).cmd}, int{kPing});
}

// Power cycle: channels, lock and transactions go; apps are reset once.
BOOST_AUTO_TEST_CASE(reset_is_a_power_cycle) {
  Fixture f;
  BOOST_REQUIRE(f.dev.Register(0x41, &f.vendor));  // same app twice
  uint32_t a = f.AllocateAwaitingPresence();
  uint32_t b = f.Allocate();
  BOOST_REQUIRE_EQUAL(f.Call(b, kLock, Bytes{10}).size(), 1u);
  BOOST_REQUIRE_EQUAL(f.Call(b, kCbor, Bytes{1}).size(), 1u);
  BOOST_CHECK(f.platform.presence_active());
  f.dev.Reset();
  BOOST_CHECK(!f.platform.presence_active());
  BOOST_CHECK(!f.dev.busy());
  BOOST_CHECK_EQUAL(f.cbor.resets, 1);
  BOOST_CHECK_EQUAL(f.vendor.resets, 1);
  CheckError(f.Call(a, kPing, Seq(2)), a, Error::kInvalidChannel);
  uint32_t c = f.Allocate();
  BOOST_CHECK_EQUAL(f.Call(c, kPing, Seq(2)).size(), 1u);  // no lock left
  BOOST_CHECK(f.QuietAfter(1000));
}

// The channel table is bounded; the least recently used channel goes.
BOOST_AUTO_TEST_CASE(channel_table_eviction) {
  CtaphidConfig config;
  config.max_channels = 3;
  Fixture f(config);
  uint32_t a = f.Allocate();
  uint32_t b = f.Allocate();
  uint32_t c = f.Allocate();
  BOOST_CHECK_EQUAL(f.Call(a, kPing, Seq(1)).size(), 1u);  // a used last
  uint32_t d = f.Allocate();                               // evicts b
  CheckError(f.Call(b, kPing, Seq(1)), b, Error::kInvalidChannel);
  for (uint32_t cid : {a, c, d}) {
    BOOST_CHECK_EQUAL(int{f.Call(cid, kPing, Seq(1)).at(0).cmd}, int{kPing});
  }
}

// The channel of the transaction in progress is never the one dropped.
BOOST_AUTO_TEST_CASE(busy_channel_is_not_evicted) {
  CtaphidConfig config;
  config.max_channels = 2;
  Fixture f(config);
  uint32_t a = f.Allocate();
  Bytes data = Seq(70);
  BOOST_CHECK(f.SendOne(InitPacket(a, kPing, 70, data)).empty());
  for (int i = 0; i < 4; ++i) f.Allocate();  // INIT is answered while busy
  auto m = f.SendOne(ContPacket(a, 0, Bytes(data.begin() + 57, data.end())));
  BOOST_REQUIRE_EQUAL(m.size(), 1u);
  CheckMessage(m[0], a, kPing, data);
  BOOST_CHECK_EQUAL(int{f.Call(a, kPing, Seq(1)).at(0).cmd}, int{kPing});
}

BOOST_AUTO_TEST_CASE(error_names) {
  BOOST_CHECK_EQUAL(ToString(Error::kInvalidCmd), "INVALID_CMD");
  BOOST_CHECK_EQUAL(ToString(Error::kMsgTimeout), "MSG_TIMEOUT");
  BOOST_CHECK_EQUAL(ToString(Error::kChannelBusy), "CHANNEL_BUSY");
  BOOST_CHECK_EQUAL(ToString(Error::kInvalidChannel), "INVALID_CHANNEL");
  BOOST_CHECK_EQUAL(ToString(static_cast<Error>(0x42)), "UNKNOWN");
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace hsm::ctaphid::testing

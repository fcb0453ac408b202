// OathSession over a scripted envelope and over CTAPHID with the worked
// example bytes of docs/protocol/oath.md.
#include "bridge/oath/session.h"

#include <boost/test/unit_test.hpp>
#include <deque>
#include <string>

#include "bridge/ctaphid/channel.h"
#include "bridge/oath/code.h"
#include "bridge/oath/ctaphid_envelope.h"
#include "scripted_link.h"

namespace bridge::oath {
namespace {

using Bytes = std::vector<uint8_t>;

// Returns canned SW-first payloads, recording the APDUs it was given.
class CannedEnvelope : public ApduEnvelope {
 public:
  Result<ApduResponse> Transmit(std::span<const uint8_t> apdu,
                                const ExchangeOptions& options) override {
    sent.emplace_back(apdu.begin(), apdu.end());
    touch_flags.push_back(options.may_need_touch);
    BOOST_REQUIRE(!replies.empty());
    Bytes r = replies.front();
    replies.pop_front();
    return SplitSwFirst(r);
  }
  TlvLength tlv_length() const override { return TlvLength::kSimple; }

  std::deque<Bytes> replies;
  std::vector<Bytes> sent;
  std::vector<bool> touch_flags;
};

BOOST_AUTO_TEST_CASE(ListFollowsSendRemaining) {
  CannedEnvelope env;
  env.replies = {{0x61, 0xFF, 0x72, 0x03, 0x21, 'a', 0x00},
                 {0x61, 0xFF, 0x72, 0x03, 0x21, 'b', 0x00},
                 {0x90, 0x00, 0x72, 0x03, 0x10 | 0x01, 'c', 0x01}};
  OathSession session(env);
  auto list = session.List();
  BOOST_REQUIRE(list.ok());
  BOOST_REQUIRE_EQUAL(list->size(), 3u);
  BOOST_TEST((*list)[2].name == "c");
  BOOST_TEST(((*list)[2].type == OathType::kHotp));
  BOOST_REQUIRE_EQUAL(env.sent.size(), 3u);
  BOOST_TEST(env.sent[0] == (Bytes{0x00, 0xA1, 0x00, 0x00, 0x01, 0x01}),
             boost::test_tools::per_element());
  BOOST_TEST(env.sent[1] == (Bytes{0x00, 0xA5, 0x00, 0x00}),
             boost::test_tools::per_element());
  BOOST_TEST(env.sent[2] == env.sent[1], boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(StatusWordsBecomeErrors) {
  struct Case {
    uint16_t sw;
  };
  for (uint16_t sw : {0x6A82, 0x6983, 0x6982, 0x6A84, 0x6300, 0x6D00}) {
    CannedEnvelope env;
    env.replies = {{static_cast<uint8_t>(sw >> 8), static_cast<uint8_t>(sw)}};
    OathSession session(env);
    Status s = session.Delete("x");
    BOOST_REQUIRE(!s.ok());
    BOOST_TEST(static_cast<int>(s.error().kind) ==
               static_cast<int>(ErrorKind::kStatusWord));
    BOOST_TEST(s.error().code == sw);
    BOOST_TEST(s.error().message.find("delete 'x'") != std::string::npos);
  }
  CannedEnvelope env;
  env.replies = {{0x6A, 0x82}};
  OathSession session(env);
  Status s = session.Delete("x");
  BOOST_TEST(s.error().message.find("no such account") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(TouchCommandsAskForLongWait) {
  CannedEnvelope env;
  env.replies = {{0x90, 0x00}, {0x90, 0x00}, {0x90, 0x00}, {0x90, 0x00}};
  OathSession session(env);
  BOOST_REQUIRE(session.Reset().ok());
  BOOST_REQUIRE(session.Delete("a").ok());
  BOOST_REQUIRE(session.VerifyPin(SecretBytes(Bytes{'1', '2', '3', '4'})).ok());
  BOOST_REQUIRE(session.Select().ok());
  BOOST_TEST(env.touch_flags == (std::vector<bool>{true, true, true, false}),
             boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(ShortReplyIsProtocolError) {
  CannedEnvelope env;
  env.replies = {{0x90}};
  OathSession session(env);
  auto r = session.List();
  BOOST_REQUIRE(!r.ok());
  BOOST_TEST(static_cast<int>(r.error().kind) ==
             static_cast<int>(ErrorKind::kProtocol));
}

// The docs/protocol/oath.md worked example, byte for byte, through CTAPHID
// framing.
BOOST_AUTO_TEST_CASE(WorkedExampleOverCtaphid) {
  testing::ScriptedLink link;
  link.on_write = [](const link::Report& r, testing::ScriptedLink& l) {
    if (r[4] == 0x86) {  // INIT: echo the nonce, allocate 11223344
      Bytes b = {0xFF, 0xFF, 0xFF, 0xFF, 0x86, 0x00, 0x11};
      b.insert(b.end(), r.begin() + 7, r.begin() + 15);
      b.insert(b.end(), {0x11, 0x22, 0x33, 0x44, 2, 0, 15, 0, 0x05});
      l.Queue(testing::MakeReport(b));
    } else if (r[4] == 0xF0 && r[8] == 0x01) {  // PUT
      l.Queue(testing::MakeReport(
          {0x11, 0x22, 0x33, 0x44, 0xF0, 0x00, 0x02, 0x90, 0x00}));
    } else if (r[4] == 0xF0 && r[8] == 0xA2) {  // CALCULATE
      // docs/protocol/oath.md prints BCNT 00 07 here, but SW (2) + `76 05 …`
      // (7) is 9 bytes; a BCNT of 7 would truncate the TLV.
      l.Queue(testing::MakeReport({0x11, 0x22, 0x33, 0x44, 0xF0, 0x00, 0x09,
                                   0x90, 0x00, 0x76, 0x05, 0x08, 0x41, 0x39,
                                   0x7E, 0xEA}));
    }
  };
  ctaphid::Channel channel(link);
  BOOST_REQUIRE(channel.Init(500).ok());
  CtaphidSwFirstEnvelope envelope(channel);
  OathSession session(envelope);

  CredentialData cred;
  cred.account = "test";
  cred.digits = 8;
  std::string secret = "12345678901234567890";
  cred.secret = SecretBytes(
      {reinterpret_cast<const uint8_t*>(secret.data()), secret.size()});
  BOOST_REQUIRE(session.Put(cred).ok());
  // frame: 11 22 33 44 F0 00 25 | 00 01 00 00 20 71 04 't' 'e' 's' 't' 73 16 …
  const link::Report& put = link.written[1];
  Bytes put_head(put.begin(), put.begin() + 17);
  BOOST_TEST(
      put_head == (Bytes{0x11, 0x22, 0x33, 0x44, 0xF0, 0x00, 0x25, 0x00, 0x01,
                         0x00, 0x00, 0x20, 0x71, 0x04, 't', 'e', 's'}),
      boost::test_tools::per_element());

  auto code = session.Calculate("test", TimeChallenge(TimeStep(59, 30)), false);
  BOOST_REQUIRE_MESSAGE(code.ok(),
                        (code.ok() ? std::string() : code.error().message));
  const link::Report& calc = link.written.back();
  Bytes want = {0x11, 0x22, 0x33, 0x44, 0xF0, 0x00, 0x15, 0x00, 0xA2, 0x00,
                0x01, 0x10, 0x71, 0x04, 0x74, 0x65, 0x73, 0x74, 0x74, 0x08,
                0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x01};
  BOOST_TEST(Bytes(calc.begin(), calc.begin() + want.size()) == want,
             boost::test_tools::per_element());
  BOOST_TEST(FormatCode(code->value, code->digits) == "94287082");
}

BOOST_AUTO_TEST_CASE(NoOathAppletMessage) {
  testing::ScriptedLink link;
  link.on_write = [](const link::Report& r, testing::ScriptedLink& l) {
    if (r[4] == 0x86) {
      Bytes b = {0xFF, 0xFF, 0xFF, 0xFF, 0x86, 0x00, 0x11};
      b.insert(b.end(), r.begin() + 7, r.begin() + 15);
      b.insert(b.end(), {0x01, 0x02, 0x03, 0x04, 2, 0, 0, 0, 0x05});
      l.Queue(testing::MakeReport(b));
    } else {
      l.Queue(testing::MakeReport(
          {0x01, 0x02, 0x03, 0x04, 0xBF, 0x00, 0x01, 0x01}));
    }
  };
  ctaphid::Channel channel(link);
  BOOST_REQUIRE(channel.Init(500).ok());
  CtaphidSwFirstEnvelope envelope(channel);
  OathSession session(envelope);
  auto r = session.Select();
  BOOST_REQUIRE(!r.ok());
  BOOST_TEST(static_cast<int>(r.error().kind) ==
             static_cast<int>(ErrorKind::kCtaphid));
  BOOST_TEST(r.error().code == 0x01);
  BOOST_TEST(r.error().message.find("no OATH applet") != std::string::npos);
}

}  // namespace
}  // namespace bridge::oath

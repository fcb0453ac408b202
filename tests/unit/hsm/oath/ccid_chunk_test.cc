// CCID SEND REMAINING chunking on the yubikey5 profile (docs/protocol/oath.md
// §3 "SEND REMAINING", §3.1 "More-data chunk: 61xx at APDU size"): every
// chunk fits a short response APDU (≤ 255 data bytes + SW), holds whole
// entries, SW2 counts the bytes still to come (capped at FF), and any other
// command drops the pending reply.
#include <boost/test/unit_test.hpp>
#include <string>

#include "hsm/oath/ccid_envelope.h"
#include "oath_harness.h"

namespace hsm::oath {
namespace {

using namespace testing;  // NOLINT

const Bytes kSelect = FromHex("00 A4 04 00 07 A0 00 00 05 27 21 01");
const Bytes kSendRemaining = FromHex("00 A5 00 00");

struct Card {
  Card() : h(Profile::kYubikey5), ccid(h.platform, *h.applet) {
    BOOST_REQUIRE(Tx(kSelect).size() > 2);
  }
  Bytes Tx(const Bytes& apdu) {
    auto r = ccid.Transmit(apdu, h.platform.NowMs());
    BOOST_REQUIRE(r.has_value());
    BOOST_REQUIRE(r->size() >= 2);
    return *r;
  }
  Harness h;
  CcidEnvelope ccid;
};

uint16_t SwOf(const Bytes& r) {
  return static_cast<uint16_t>((r[r.size() - 2] << 8) | r.back());
}
Bytes DataOf(const Bytes& r) { return Bytes(r.begin(), r.end() - 2); }

// True when `data` is a sequence of complete short-form TLVs.
bool WholeTlvs(const Bytes& data) {
  size_t i = 0;
  while (i < data.size()) {
    if (i + 2 > data.size() || data[i + 1] > 0x7F) return false;
    i += 2 + data[i + 1];
  }
  return i == data.size();
}

// Follows 61xx with SEND REMAINING from the reply `r`, checking each chunk;
// returns the whole data.
Bytes Drain(Card& c, Bytes r, size_t expected_total, int* chunks) {
  Bytes all;
  *chunks = 0;
  for (;;) {
    ++*chunks;
    BOOST_REQUIRE(*chunks < 100);
    const Bytes d = DataOf(r);
    BOOST_TEST(d.size() <= 255u);
    BOOST_TEST(!d.empty());
    BOOST_TEST(WholeTlvs(d));
    all.insert(all.end(), d.begin(), d.end());
    const uint16_t sw = SwOf(r);
    if (sw == 0x9000) break;
    BOOST_REQUIRE((sw >> 8) == 0x61);
    BOOST_REQUIRE(all.size() < expected_total);
    const size_t remaining = expected_total - all.size();
    BOOST_TEST((sw & 0xFF) == std::min<size_t>(remaining, 0xFF),
               "chunk " << *chunks << ": SW " << std::hex << sw << " with "
                        << std::dec << remaining << " bytes to come");
    r = c.Tx(kSendRemaining);
  }
  return all;
}

BOOST_AUTO_TEST_SUITE(ccid_chunk)

BOOST_AUTO_TEST_CASE(list_chunks_and_sw2_counts) {
  for (size_t name_len : {1u, 20u, 63u, 64u}) {
    Card c;
    Bytes expected;
    for (int i = 0; i < 32; ++i) {
      Bytes name = B(std::to_string(i));
      name.resize(std::max(name.size(), name_len), 'n');
      BOOST_REQUIRE(c.Tx(PutApdu(name, 0x21, 6, kRfcSecret)) ==
                    FromHex("90 00"));
      expected =
          Cat({expected,
               Bytes{0x72, static_cast<uint8_t>(name.size() + 1), 0x21}, name});
    }
    int chunks = 0;
    Bytes all =
        Drain(c, c.Tx(FromHex("00 A1 00 00")), expected.size(), &chunks);
    BOOST_TEST(all == expected);
    // As few chunks as whole entries in ≤ 255-byte chunks allow.
    const size_t entry = expected.size() / 32;
    if (expected.size() % 32 == 0) {
      const size_t per_chunk = 255 / entry;
      BOOST_TEST(chunks == static_cast<int>((32 + per_chunk - 1) / per_chunk),
                 "name length " << name_len);
    }
    BOOST_TEST(c.Tx(kSendRemaining) == FromHex("69 85"));
  }
}

BOOST_AUTO_TEST_CASE(calculate_all_chunks) {
  Card c;
  Bytes names;
  for (int i = 0; i < 32; ++i) {
    Bytes name = B("acct-" + std::to_string(i));
    name.resize(40, 'a');
    BOOST_REQUIRE(c.Tx(PutApdu(name, 0x21, 8, kRfcSecret)) == FromHex("90 00"));
  }
  // 32 × (71 28 name + 76 05 d xxxx) = 32 × 49 bytes.
  int chunks = 0;
  Bytes all = Drain(c, c.Tx(Apdu(0xA4, 0, 1, Tlv(0x74, CounterChallenge(1)))),
                    32 * 49, &chunks);
  BOOST_TEST(all.size() == 32u * 49u);
  BOOST_TEST(chunks > 1);
  BOOST_TEST(all[0] == 0x71);
  BOOST_TEST(all[42] == 0x76);
  BOOST_TEST(Bytes(all.begin() + 44, all.begin() + 49) ==
             FromHex("08 41 39 7E EA"));
}

BOOST_AUTO_TEST_CASE(other_command_drops_pending_reply) {
  Card c;
  for (int i = 0; i < 32; ++i) {
    Bytes name = B("x" + std::to_string(i));
    name.resize(50, 'x');
    BOOST_REQUIRE(c.Tx(PutApdu(name, 0x21, 6, kRfcSecret)) == FromHex("90 00"));
  }
  Bytes r = c.Tx(FromHex("00 A1 00 00"));
  BOOST_REQUIRE((SwOf(r) >> 8) == 0x61);
  BOOST_TEST(SwOf(c.Tx(CalcApdu(B("nope"), Bytes(8)))) == 0x6984);
  BOOST_TEST(c.Tx(kSendRemaining) == FromHex("69 85"));
  // A card reset drops it too.
  r = c.Tx(FromHex("00 A1 00 00"));
  BOOST_REQUIRE((SwOf(r) >> 8) == 0x61);
  c.ccid.Reset();
  c.Tx(kSelect);
  BOOST_TEST(c.Tx(kSendRemaining) == FromHex("69 85"));
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace
}  // namespace hsm::oath

// yubikey5 profile quirks (docs/protocol/oath.md §3, §3.1).
#include <boost/test/unit_test.hpp>

#include "oath_harness.h"

namespace hsm::oath {
namespace {

using namespace testing;  // NOLINT

BOOST_AUTO_TEST_SUITE(yubikey5)

BOOST_AUTO_TEST_CASE(select_put_overwrite_not_found) {
  Harness h(Profile::kYubikey5);
  auto sel = h.Run(FromHex("00 A4 04 00 07 A0 00 00 05 27 21 01"));
  BOOST_TEST(sel.sw == 0x9000);
  BOOST_TEST(sel.data == Cat({FromHex("79 03 05 04 03"),
                              Tlv(0x71, h.store->state().salt)}));
  bool touched = true;
  BOOST_TEST(h.Run(PutApdu(B("a"), 0x21, 6, B("first-secret")), &touched).sw ==
             0x9000);
  BOOST_TEST(!touched);
  BOOST_TEST(h.Sw(PutApdu(B("a"), 0x21, 8, kRfcSecret)) == 0x9000);
  BOOST_TEST(h.store->state().credentials.size() == 1u);
  BOOST_TEST(h.Run(CalcApdu(B("a"), CounterChallenge(1))).data ==
             FromHex("76 05 08 41 39 7E EA"));
  BOOST_TEST(h.Sw(CalcApdu(B("zz"), Bytes(8))) == 0x6984);
  BOOST_TEST(h.Sw(NameApdu(0x02, B("zz"))) == 0x6984);
  BOOST_TEST(h.Run(NameApdu(0x02, B("a")), &touched).sw == 0x9000);
  BOOST_TEST(!touched);  // YKOATH DELETE needs no touch
  BOOST_TEST(h.Sw(PinApdu(0xB2, B("1234"))) == 0x6D00);
  BOOST_TEST(h.Sw(PutApdu(Bytes(65, 'x'), 0x21, 6, kRfcSecret)) == 0x6A80);
}

BOOST_AUTO_TEST_CASE(limit_32) {
  Harness h(Profile::kYubikey5);
  for (int i = 0; i < 32; ++i) {
    BOOST_REQUIRE(h.Sw(PutApdu(B("n" + std::to_string(i)), 0x21, 6,
                               kRfcSecret)) == 0x9000);
  }
  BOOST_TEST(h.Sw(PutApdu(B("extra"), 0x21, 6, kRfcSecret)) == 0x6A84);
  // Overwriting an existing one still works when full.
  BOOST_TEST(h.Sw(PutApdu(B("n3"), 0x22, 6, kRfcSecret)) == 0x9000);
}

BOOST_AUTO_TEST_CASE(calculate_full_hotp_empty_challenge_sha512) {
  Harness h(Profile::kYubikey5);
  BOOST_REQUIRE(h.Sw(PutApdu(B("h"), 0x11, 6, kRfcSecret)) == 0x9000);
  auto r = h.Run(CalcApdu(B("h"), Bytes{}, 0x01));  // ykman: 74 00
  BOOST_TEST(r.data == FromHex("76 05 06 4C 93 CF 18"));
  // Full response: 75 15 06 <HMAC-SHA1(secret, counter 1)>.
  auto full = h.Run(CalcApdu(B("h"), Bytes{}, 0x00));
  BOOST_REQUIRE(full.sw == 0x9000);
  BOOST_TEST(full.data.size() == 23u);
  BOOST_TEST(full.data[0] == 0x75);
  BOOST_TEST(full.data[1] == 21);
  BOOST_TEST(full.data[2] == 6);
  BOOST_TEST(h.Sw(CalcApdu(B("h"), Bytes{}, 0x02)) == 0x6A86);

  Bytes s512 =
      B("1234567890123456789012345678901234567890123456789012345678901234");
  BOOST_REQUIRE(h.Sw(PutApdu(B("s"), 0x23, 8, s512)) == 0x9000);
  BOOST_TEST(h.Run(CalcApdu(B("s"), CounterChallenge(1))).data ==
             FromHex("76 05 08 1D 3F 65 30"));
}

BOOST_AUTO_TEST_CASE(calculate_all_and_rename) {
  Harness h(Profile::kYubikey5);
  BOOST_REQUIRE(h.Sw(PutApdu(B("t"), 0x21, 8, kRfcSecret)) == 0x9000);
  BOOST_REQUIRE(h.Sw(PutApdu(B("h"), 0x11, 6, kRfcSecret)) == 0x9000);
  BOOST_REQUIRE(h.Sw(PutApdu(B("k"), 0x21, 6, kRfcSecret, {.props = 0x02})) ==
                0x9000);
  auto all = h.Run(Apdu(0xA4, 0x00, 0x01, Tlv(0x74, CounterChallenge(1))));
  BOOST_TEST(all.sw == 0x9000);
  BOOST_TEST(all.data == FromHex("71 01 74 76 05 08 41 39 7E EA "
                                 "71 01 68 77 01 06 "
                                 "71 01 6B 7C 01 06"));
  BOOST_TEST(h.store->state().credentials[1].counter == 0u);

  BOOST_TEST(
      h.Sw(Apdu(0x05, 0, 0, Cat({Tlv(0x71, B("t")), Tlv(0x71, B("t2"))}))) ==
      0x9000);
  BOOST_TEST(h.Sw(CalcApdu(B("t2"), CounterChallenge(1))) == 0x9000);
  BOOST_TEST(
      h.Sw(Apdu(0x05, 0, 0, Cat({Tlv(0x71, B("nope")), Tlv(0x71, B("x"))}))) ==
      0x6984);
  BOOST_TEST(
      h.Sw(Apdu(0x05, 0, 0, Cat({Tlv(0x71, B("t2")), Tlv(0x71, B("h"))}))) ==
      0x6A80);
}

// docs/protocol/oath.md §3 RENAME: renaming onto the credential's own name is
// an existing name too; refused with 6A80 and the credential is unchanged.
BOOST_AUTO_TEST_CASE(rename_onto_own_name_is_refused) {
  Harness h(Profile::kYubikey5);
  BOOST_REQUIRE(h.Sw(PutApdu(B("t"), 0x21, 8, kRfcSecret)) == 0x9000);
  BOOST_TEST(h.Sw(Apdu(0x05, 0, 0,
                       Cat({Tlv(0x71, B("t")), Tlv(0x71, B("t"))}))) == 0x6A80);
  BOOST_TEST(h.store->state().credentials.size() == 1u);
  BOOST_TEST(h.store->state().credentials[0].name == B("t"));
  BOOST_TEST(h.Sw(CalcApdu(B("t"), CounterChallenge(1))) == 0x9000);
}

BOOST_AUTO_TEST_CASE(list_chunks_at_apdu_size) {
  Harness h(Profile::kYubikey5);
  for (int i = 0; i < 32; ++i) {
    Bytes name = B(std::to_string(i));
    name.resize(40, 'y');
    BOOST_REQUIRE(h.Sw(PutApdu(name, 0x21, 6, kRfcSecret)) == 0x9000);
  }
  auto r = h.Run(Apdu(0xA1, 0, 0));
  size_t total = r.data.size();
  int chunks = 1;
  while ((r.sw & 0xFF00) == 0x6100) {
    BOOST_TEST(r.data.size() <= 255u);
    r = h.Run(Apdu(0xA5, 0, 0));
    total += r.data.size();
    ++chunks;
    BOOST_REQUIRE(chunks < 20);
  }
  BOOST_TEST(r.sw == 0x9000);
  BOOST_TEST(total == 32u * 43u);
  BOOST_TEST(chunks > 1);
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace
}  // namespace hsm::oath

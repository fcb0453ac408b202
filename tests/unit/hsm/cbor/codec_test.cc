// hsm's strict CBOR codec (hsm/src/cbor/codec.h): Writer's shortest heads,
// Reader's refusal of anything else, and the well-formedness scan.
#include "cbor/codec.h"

#include <boost/test/unit_test.hpp>

#include "hex.h"

namespace hsm::cbor {
namespace {

using Bytes = std::vector<uint8_t>;
using keybridge::testing::FromHex;

BOOST_AUTO_TEST_SUITE(cbor_codec)

BOOST_AUTO_TEST_CASE(writer_uses_shortest_heads) {
  Writer w;
  w.Uint(23);
  w.Uint(24);
  w.Uint(256);
  w.Uint(70000);
  w.Int(-25);
  w.Bytes(Bytes{0xAA});
  w.Text("a");
  w.Bool(true);
  w.MapStart(1);
  w.ArrayStart(0);
  BOOST_TEST(w.Take() == FromHex("17 1818 190100 1a00011170 3818 41aa 6161 "
                                 "f5 a1 80"));
}

BOOST_AUTO_TEST_CASE(reader_reads_what_writer_writes) {
  Bytes in = FromHex("a2 01 41aa 02 6161");
  Reader r(in);
  size_t n = 0;
  std::span<const uint8_t> b;
  std::string_view t;
  BOOST_REQUIRE(r.MapStart(&n));
  BOOST_TEST(n == 2u);
  BOOST_TEST(r.NextIsKey(1));
  BOOST_TEST(!r.NextIsKey(2));
  BOOST_TEST(!r.Key(2));  // consumes nothing
  BOOST_REQUIRE(r.Key(1));
  BOOST_REQUIRE(r.Bytes(&b));
  BOOST_TEST(Bytes(b.begin(), b.end()) == Bytes{0xAA});
  BOOST_REQUIRE(r.Key(2));
  BOOST_REQUIRE(r.Text(&t));
  BOOST_TEST(t == "a");
  BOOST_TEST(r.AtEnd());
}

BOOST_AUTO_TEST_CASE(reader_rejects_long_heads_and_consumes_nothing) {
  for (const char* hex : {"1800", "190017", "1a000000ff", "1b00000000000000ff",
                          "5800", "7800", "9800", "b800"}) {
    Bytes in = FromHex(hex);
    Reader r(in);
    uint64_t u;
    size_t n;
    std::span<const uint8_t> b;
    std::string_view t;
    BOOST_TEST(!r.Uint(&u), hex);
    BOOST_TEST(!r.Bytes(&b), hex);
    BOOST_TEST(!r.Text(&t), hex);
    BOOST_TEST(!r.ArrayStart(&n), hex);
    BOOST_TEST(!r.MapStart(&n), hex);
    BOOST_TEST(!r.AtEnd(), hex);
  }
}

BOOST_AUTO_TEST_CASE(reader_bounds_lengths_by_the_input) {
  Bytes in = FromHex("5a ffffffff 00");
  Reader r(in);
  std::span<const uint8_t> b;
  BOOST_TEST(!r.Bytes(&b));
  Bytes text = FromHex("62 c328");  // invalid UTF-8
  Reader rt(text);
  std::string_view t;
  BOOST_TEST(!rt.Text(&t));
}

BOOST_AUTO_TEST_CASE(raw_item_takes_one_whole_item) {
  Bytes in = FromHex("a2 01 80 02 40 07");
  Reader r(in);
  std::span<const uint8_t> item;
  BOOST_REQUIRE(r.RawItem(&item));
  BOOST_TEST(Bytes(item.begin(), item.end()) == FromHex("a2 01 80 02 40"));
  uint64_t u;
  BOOST_REQUIRE(r.Uint(&u));
  BOOST_TEST(u == 7u);
  Bytes bad = FromHex("9f 01 ff");  // indefinite length
  Reader rb(bad);
  BOOST_TEST(!rb.RawItem(&item));
}

BOOST_AUTO_TEST_CASE(scan_item_rules) {
  auto ok = [](const char* hex) {
    Bytes b = FromHex(hex);
    auto end = ScanItem(b, 0);
    return end && *end == b.size();
  };
  BOOST_TEST(ok("a1 01 80"));
  BOOST_TEST(ok("f4"));
  BOOST_TEST(!ok("c1 00"));        // tag
  BOOST_TEST(!ok("9f 01 ff"));     // indefinite
  BOOST_TEST(!ok("9a ffffffff"));  // count beyond input
  BOOST_TEST(!ok("f8 20"));        // simple value >= 32
  Bytes deep(kMaxDepth + 2, 0x81);
  deep.push_back(0x00);
  BOOST_TEST(!ScanItem(deep, 0).has_value());
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace
}  // namespace hsm::cbor

// CTAP2 canonical CBOR building and strict parsing (CTAP 2.1 §8.1).
#include <boost/test/unit_test.hpp>

#include "cbor_util.h"
#include "ctap2_test_util.h"

namespace hsm::ctap2 {
namespace {

using testing::Bytes;

BOOST_AUTO_TEST_SUITE(ctap2_cbor)

BOOST_AUTO_TEST_CASE(map_keys_sorted_length_first_then_bytewise) {
  cbor::Item map = cbor::MapBuilder()
                       .Add("up", cbor::Bool(true))
                       .Add("clientPin", cbor::Bool(false))
                       .Add(-3, cbor::Uint(1))
                       .Add(0x14, cbor::Uint(1))
                       .Add("rk", cbor::Bool(true))
                       .Add(1, cbor::Uint(1000))
                       .Add(-1, cbor::Uint(1))
                       .Build();
  Bytes out = cbor::Encode(map.get());
  // {1: 1000, 20: 1, -1: 1, -3: 1, "rk": true, "up": true, "clientPin": false}
  Bytes expected = {0xA7, 0x01, 0x19, 0x03, 0xE8, 0x14, 0x01, 0x20, 0x01, 0x22,
                    0x01, 0x62, 'r',  'k',  0xF5, 0x62, 'u',  'p',  0xF5, 0x69,
                    'c',  'l',  'i',  'e',  'n',  't',  'P',  'i',  'n',  0xF4};
  BOOST_TEST(out == expected, boost::test_tools::per_element());
  BOOST_TEST(testing::IsCanonicalCtap2(out));
}

BOOST_AUTO_TEST_CASE(integers_use_the_shortest_form) {
  BOOST_TEST(cbor::Encode(cbor::Uint(23).get()) == Bytes({0x17}));
  BOOST_TEST(cbor::Encode(cbor::Uint(24).get()) == Bytes({0x18, 0x18}));
  BOOST_TEST(cbor::Encode(cbor::Uint(256).get()) == Bytes({0x19, 0x01, 0x00}));
  BOOST_TEST(cbor::Encode(cbor::Int(-7).get()) == Bytes({0x26}));
  BOOST_TEST(cbor::Encode(cbor::Int(-25).get()) == Bytes({0x38, 0x18}));
  BOOST_TEST(cbor::Encode(cbor::Uint(70000).get()) ==
             Bytes({0x1A, 0x00, 0x01, 0x11, 0x70}));
}

BOOST_AUTO_TEST_CASE(checker_rejects_unsorted_and_long_forms) {
  BOOST_TEST(!testing::IsCanonicalCtap2({0xA2, 0x02, 0x00, 0x01, 0x00}));
  BOOST_TEST(!testing::IsCanonicalCtap2({0x18, 0x01}));
  BOOST_TEST(!testing::IsCanonicalCtap2({0x9F, 0xFF}));
}

BOOST_AUTO_TEST_CASE(decode_rejects_malformed_input) {
  auto bad = [](Bytes b) {
    auto r = cbor::Decode(b);
    return !r.ok() && r.error() == CtapStatus::kInvalidCbor;
  };
  BOOST_TEST(bad({}));
  BOOST_TEST(bad({0xA1, 0x01}));                    // truncated
  BOOST_TEST(bad({0xA0, 0x00}));                    // trailing bytes
  BOOST_TEST(bad({0x9F, 0x01, 0xFF}));              // indefinite array
  BOOST_TEST(bad({0xA2, 0x01, 0x00, 0x01, 0x01}));  // duplicate key
  BOOST_TEST(bad({0x62, 0xC3, 0x28}));              // invalid UTF-8
  BOOST_TEST(bad({0xC1, 0x00}));                    // tag
  BOOST_TEST(bad({0x9A, 0xFF, 0xFF, 0xFF, 0xFF}));  // count beyond input
  Bytes deep(20, 0x81);
  deep.push_back(0x00);
  BOOST_TEST(bad(deep));  // nesting deeper than kMaxDepth
  BOOST_TEST(cbor::Decode(Bytes{0xA1, 0x01, 0x80}).ok());
}

BOOST_AUTO_TEST_CASE(raw_map_value_returns_bytes_as_sent) {
  // {1: 4, 2: {1: h'AA'}} with the inner map in non-minimal form.
  Bytes in = {0xA2, 0x01, 0x04, 0x02, 0xA1, 0x18, 0x01, 0x41, 0xAA};
  auto raw = cbor::RawMapValue(in, 2);
  BOOST_REQUIRE(raw.has_value());
  BOOST_TEST(Bytes(raw->begin(), raw->end()) ==
             Bytes({0xA1, 0x18, 0x01, 0x41, 0xAA}));
  BOOST_TEST(!cbor::RawMapValue(in, 3).has_value());
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace
}  // namespace hsm::ctap2

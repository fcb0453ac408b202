// bridge/trace/cbor_text.h: CBOR diagnostic text with member names.
#include "bridge/trace/cbor_text.h"

#include <boost/test/unit_test.hpp>
#include <vector>

#include "hex.h"

namespace bridge::trace {
namespace {

using keybridge::testing::FromHex;

const Member kMembers[] = {{1, "first"}, {2, "hidden", true}};

BOOST_AUTO_TEST_CASE(PrintsEveryMajorType) {
  // [0, -1, h'00ff', "a\"b", [true, null], {"k": 1.5}, 1(2), undefined]
  auto cbor = FromHex(
      "88 00 20 42 00ff 63 61 22 62 82 f5 f6 a1 61 6b f9 3e00 "
      "c1 02 f7");
  BOOST_TEST(CborToText(cbor, {}, false) ==
             R"([0, -1, h'00ff', "a\"b", [true, null], {"k": 1.5}, 1(2), )"
             R"(undefined])");
}

BOOST_AUTO_TEST_CASE(NamesAndMasksTopLevelMembers) {
  auto cbor = FromHex("a3 01 01 02 43 010203 03 a1 02 41 ff");
  BOOST_TEST(CborToText(cbor, kMembers, false) ==
             "{first(1): 1, hidden(2): <secret 3 bytes>, 3: {2: h'ff'}}");
  BOOST_TEST(CborToText(cbor, kMembers, true) ==
             "{first(1): 1, hidden(2): h'010203', 3: {2: h'ff'}}");
}

BOOST_AUTO_TEST_CASE(BadAndTrailingBytes) {
  auto bad = FromHex("82 01");  // an element short
  BOOST_TEST(CborToText(bad, {}, false).find("<bad CBOR") == 0u);
  BOOST_TEST(CborToText(bad, {}, false).find("<secret 2 bytes>") !=
             std::string::npos);
  auto trailing = FromHex("01 02 03");
  BOOST_TEST(CborToText(trailing, {}, false) == "1 <2 trailing bytes>");
}

BOOST_AUTO_TEST_CASE(DeepNestingAndHugeCountsAreRefusedBeforeDecoding) {
  std::vector<uint8_t> deep(40, 0x81);
  deep.push_back(0x00);
  BOOST_TEST(CborToText(deep, {}, false).find("<CBOR too deep") == 0u);
  // An array head claiming 2^64-1 elements (libcbor would allocate first).
  auto huge = FromHex("9b ffffffffffffffff 00");
  BOOST_TEST(CborToText(huge, {}, false) ==
             "<CBOR too deep or with counts past its end> <secret 10 bytes>");
  // Indefinite lengths, tags and nested maps still pass the bounds.
  auto fine = FromHex("9f 82 01 a1 01 c1 02 5f 41 00 ff ff");
  BOOST_TEST(CborToText(fine, {}, false) == "[[1, {1: 1(2)}], (_ h'00')]");
}

}  // namespace
}  // namespace bridge::trace

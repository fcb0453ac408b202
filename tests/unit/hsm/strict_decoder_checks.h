// Checks shared by the tests of hsm's strict CBOR decoders (OathState,
// StateRecord): they accept exactly the canonical encoding of what they
// decode, so no truncation, no trailing byte and no silent byte change.
#ifndef TESTS_UNIT_HSM_STRICT_DECODER_CHECKS_H_
#define TESTS_UNIT_HSM_STRICT_DECODER_CHECKS_H_

#include <boost/test/unit_test.hpp>
#include <cstdint>
#include <span>
#include <vector>

namespace hsm::testing {

// No proper prefix of `bytes` decodes, nor `bytes` with a 0x00 appended.
template <typename Decode>
void CheckRejectsTruncationAndTrailing(const std::vector<uint8_t>& bytes,
                                       Decode decode) {
  for (size_t n = 0; n < bytes.size(); ++n) {
    auto r = decode(std::span<const uint8_t>(bytes.data(), n));
    BOOST_TEST(!r.ok(), "prefix of " << n << " bytes decoded");
  }
  auto longer = bytes;
  longer.push_back(0x00);
  BOOST_TEST(!decode(longer).ok());
}

// Every single-byte change of `bytes` (XOR 0x01, 0x20, 0x80 or 0xFF) either
// fails to decode or decodes to something that re-encodes to exactly the
// changed bytes (canonical form).
template <typename Decode, typename Encode>
void CheckByteFlipsDecodeCanonically(const std::vector<uint8_t>& bytes,
                                     Decode decode, Encode encode) {
  for (size_t i = 0; i < bytes.size(); ++i) {
    for (uint8_t mask : {0x01, 0x20, 0x80, 0xFF}) {
      auto b = bytes;
      b[i] ^= mask;
      auto r = decode(b);
      if (r.ok()) BOOST_TEST(encode(*r) == b);
    }
  }
}

}  // namespace hsm::testing

#endif  // TESTS_UNIT_HSM_STRICT_DECODER_CHECKS_H_

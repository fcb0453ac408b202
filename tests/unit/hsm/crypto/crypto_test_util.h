// Helpers for the hsm::crypto tests: results compared with hex test vectors.
#ifndef TESTS_UNIT_HSM_CRYPTO_CRYPTO_TEST_UTIL_H_
#define TESTS_UNIT_HSM_CRYPTO_CRYPTO_TEST_UTIL_H_

#include <boost/test/unit_test.hpp>
#include <string>

#include "hex.h"

namespace keybridge::testing {

// The value of `result` (a Result of bytes, which must be ok) as lower-case
// hex.
template <typename R>
std::string RequireHex(const R& result) {
  BOOST_REQUIRE(result.ok());
  return ToHex(*result);
}

}  // namespace keybridge::testing

#endif  // TESTS_UNIT_HSM_CRYPTO_CRYPTO_TEST_UTIL_H_

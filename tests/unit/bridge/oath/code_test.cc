// Code formatting and time steps (RFC 4226 §5.3, RFC 6238 §4,
// docs/protocol/oath.md §2.6).
#include "bridge/oath/code.h"

#include <boost/test/unit_test.hpp>

namespace bridge::oath {
namespace {

BOOST_AUTO_TEST_CASE(FormatsTruncatedValues) {
  BOOST_TEST(FormatCode(0x41397EEA, 8) ==
             "94287082");  // docs/protocol/oath.md example
  BOOST_TEST(FormatCode(0x4C93CF18, 6) == "755224");  // RFC 4226 count 0
  BOOST_TEST(FormatCode(123, 8) == "00000123");
  BOOST_TEST(FormatCode(0, 6) == "000000");
  // Bit 31 is masked off.
  BOOST_TEST(FormatCode(0xFFFFFFFF, 10) == "2147483647");
  BOOST_TEST(FormatCode(0x80000000u | 1000000u, 6) == "000000");
}

BOOST_AUTO_TEST_CASE(TimeSteps) {
  BOOST_TEST(TimeStep(59, 30) == 1u);
  BOOST_TEST(TimeStep(29, 30) == 0u);
  BOOST_TEST(TimeStep(1111111109, 30) == 37037036u);
  BOOST_TEST(TimeStep(20000000000LL, 30) == 666666666u);
  BOOST_TEST(TimeStep(119, 60) == 1u);
  BOOST_TEST(TimeStep(100, 0) == 0u);
  BOOST_TEST(StepStart(59, 30) == 30);
  BOOST_TEST(StepStart(61, 60) == 60);
}

}  // namespace
}  // namespace bridge::oath

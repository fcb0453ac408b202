// RFC 4648 §10 test vectors and user-input leniency (docs/protocol/oath.md §7
// "secret").
#include "bridge/oath/base32.h"

#include <boost/test/unit_test.hpp>
#include <string>

namespace bridge::oath {
namespace {

std::string Decode(std::string_view in) {
  Result<SecretBytes> r = Base32Decode(in);
  BOOST_REQUIRE_MESSAGE(
      r.ok(),
      std::string(in) + ": " + ((r.ok() ? std::string() : r.error().message)));
  return std::string(r->as_string_view());
}

bool Rejected(std::string_view in) {
  Result<SecretBytes> r = Base32Decode(in);
  return !r.ok() && r.error().kind == ErrorKind::kInvalidInput;
}

BOOST_AUTO_TEST_CASE(Rfc4648Vectors) {
  BOOST_TEST(Decode("MY======") == "f");
  BOOST_TEST(Decode("MZXQ====") == "fo");
  BOOST_TEST(Decode("MZXW6===") == "foo");
  BOOST_TEST(Decode("MZXW6YQ=") == "foob");
  BOOST_TEST(Decode("MZXW6YTB") == "fooba");
  BOOST_TEST(Decode("MZXW6YTBOI======") == "foobar");
}

BOOST_AUTO_TEST_CASE(PaddingOptionalCaseInsensitiveSeparatorsStripped) {
  BOOST_TEST(Decode("MY") == "f");
  BOOST_TEST(Decode("mzxw6ytboi") == "foobar");
  BOOST_TEST(Decode("MZXW 6YTB-OI") == "foobar");
  BOOST_TEST(Decode("GEZD GNBV GY3T QOJQ GEZD GNBV GY3T QOJQ") ==
             "12345678901234567890");
  std::string hello = Decode("JBSWY3DPEHPK3PXP");
  BOOST_TEST(hello == std::string("Hello!\xDE\xAD\xBE\xEF", 10));
}

BOOST_AUTO_TEST_CASE(RejectsBadInput) {
  BOOST_TEST(Rejected(""));
  BOOST_TEST(Rejected("  - "));
  BOOST_TEST(Rejected("M"));         // 1 symbol in the last group
  BOOST_TEST(Rejected("MZX"));       // 3
  BOOST_TEST(Rejected("MZXW6Y"));    // 6
  BOOST_TEST(Rejected("MZ1W"));      // '1' is not base32
  BOOST_TEST(Rejected("MZXW6YT8"));  // '8'
  BOOST_TEST(Rejected("MY=A"));      // data after padding
  BOOST_TEST(Rejected("MY="));       // padding does not complete the group
  BOOST_TEST(Rejected("MZ_W"));
}

BOOST_AUTO_TEST_CASE(ErrorsDoNotEchoTheSecret) {
  Result<SecretBytes> r = Base32Decode("SECRETVALUE1");
  BOOST_REQUIRE(!r.ok());
  BOOST_TEST(r.error().message.find("SECRET") == std::string::npos);
}

}  // namespace
}  // namespace bridge::oath

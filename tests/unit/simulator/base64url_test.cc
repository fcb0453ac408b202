// Base64url (simulator/src/base64url.h): RFC 4648 §10 vectors in the URL
// alphabet, without and with padding; malformed text is refused.
#include "base64url.h"

#include <boost/test/unit_test.hpp>
#include <string>

namespace keysim {
namespace {

std::vector<uint8_t> B(const std::string& s) { return {s.begin(), s.end()}; }

BOOST_AUTO_TEST_SUITE(base64url)

BOOST_AUTO_TEST_CASE(rfc4648_vectors) {
  const std::pair<std::string, std::string> kVectors[] = {
      {"", ""},
      {"f", "Zg"},
      {"fo", "Zm8"},
      {"foo", "Zm9v"},
      {"foob", "Zm9vYg"},
      {"fooba", "Zm9vYmE"},
      {"foobar", "Zm9vYmFy"}};
  for (const auto& [plain, encoded] : kVectors) {
    BOOST_TEST(EncodeBase64Url(B(plain)) == encoded);
    BOOST_TEST((DecodeBase64Url(encoded) == B(plain)));
  }
  BOOST_TEST((DecodeBase64Url("Zm8=") == B("fo")));
  BOOST_TEST(EncodeBase64Url(std::vector<uint8_t>{0xFB, 0xFF}) == "-_8");
  BOOST_TEST((DecodeBase64Url("-_8") == std::vector<uint8_t>{0xFB, 0xFF}));
}

BOOST_AUTO_TEST_CASE(refuses_malformed_text) {
  for (const char* bad :
       {"Z", "Zm9v+", "Zm/v", "Zh", "Zm 9v", "Zm==Zm8", "=", "Zm9vY"}) {
    BOOST_TEST(!DecodeBase64Url(bad).has_value(), bad);
  }
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace
}  // namespace keysim

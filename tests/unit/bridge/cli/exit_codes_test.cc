// Error → exit code mapping (documented in --help).
#include "bridge/cli/exit_codes.h"

#include <boost/test/unit_test.hpp>

namespace bridge::cli {
namespace {

int Code(ErrorKind kind, uint16_t code = 0) {
  return static_cast<int>(ExitCodeFor(MakeError(kind, "x", code)));
}

BOOST_AUTO_TEST_CASE(HostErrorsAndStatusWordsAreDistinct) {
  BOOST_TEST(Code(ErrorKind::kInvalidInput) == 2);
  BOOST_TEST(Code(ErrorKind::kNoDevice) == 3);
  BOOST_TEST(Code(ErrorKind::kTransport) == 4);
  BOOST_TEST(Code(ErrorKind::kTimeout) == 5);
  BOOST_TEST(Code(ErrorKind::kProtocol) == 6);
  BOOST_TEST(Code(ErrorKind::kCtaphid, 0x01) == 7);
  BOOST_TEST(Code(ErrorKind::kNoMatch) == 8);
  BOOST_TEST(Code(ErrorKind::kStatusWord, 0x6A82) == 8);
  BOOST_TEST(Code(ErrorKind::kStatusWord, 0x6984) == 8);
  BOOST_TEST(Code(ErrorKind::kStatusWord, 0x6983) == 9);
  BOOST_TEST(Code(ErrorKind::kStatusWord, 0x6982) == 10);
  BOOST_TEST(Code(ErrorKind::kStatusWord, 0x6300) == 11);
  BOOST_TEST(Code(ErrorKind::kStatusWord, 0x63C2) == 11);
  BOOST_TEST(Code(ErrorKind::kStatusWord, 0x6A84) == 12);
  BOOST_TEST(Code(ErrorKind::kStatusWord, 0x6D00) == 13);
  BOOST_TEST(Code(ErrorKind::kCancelled) == 130);
  BOOST_TEST(ExitCodeHelp().find("130") != std::string::npos);
}

}  // namespace
}  // namespace bridge::cli

// `pcsc:READER NAME` device URIs (bridge/link/device_uri.h) and how device
// selection and the PC/SC link treat them (device_select.h, pcsc_link.h).
#include <boost/test/unit_test.hpp>
#include <string>

#include "bridge/link/device_select.h"
#include "bridge/link/device_uri.h"
#include "bridge/link/pcsc_link.h"

namespace bridge::link {
namespace {

int Kind(ErrorKind k) { return static_cast<int>(k); }

BOOST_AUTO_TEST_CASE(ParsesPcscReaderNames) {
  // The whole rest of the URI is the reader name: spaces, digits, colons
  // and '+' as pcscd spells real readers.
  for (const char* reader :
       {"Virtual PCD 00 00", "Yubico YubiKey OTP+FIDO+CCID 00 00",
        "Reader: with colon 01 00", "x", "udp:127.0.0.1:1", "/dev/hidraw0"}) {
    const std::string uri = std::string("pcsc:") + reader;
    auto r = ParseDeviceUri(uri);
    BOOST_REQUIRE_MESSAGE(r.ok(), uri);
    BOOST_TEST((r->kind == DeviceUri::Kind::kPcsc), uri);
    BOOST_TEST(r->reader == reader);
    BOOST_TEST(r->host.empty());
    BOOST_TEST(r->path.empty());
    BOOST_TEST(r->ToString() == uri);
    // Round trip.
    auto again = ParseDeviceUri(r->ToString());
    BOOST_REQUIRE(again.ok());
    BOOST_TEST(again->reader == reader);
  }
}

BOOST_AUTO_TEST_CASE(PcscWithoutReaderIsRejected) {
  auto r = ParseDeviceUri("pcsc:");
  BOOST_REQUIRE(!r.ok());
  BOOST_TEST(static_cast<int>(r.error().kind) ==
             Kind(ErrorKind::kInvalidInput));
  BOOST_TEST(r.error().message.find("reader name") != std::string::npos);
  BOOST_TEST(r.error().message.find("pcsc:Virtual PCD 00 00") !=
             std::string::npos);
  // Not a pcsc: prefix: the generic error names the pcsc form.
  for (const char* bad : {"pcsc", "pcs:Reader", "smartcard:Reader"}) {
    auto e = ParseDeviceUri(bad);
    BOOST_REQUIRE_MESSAGE(!e.ok(), bad);
    BOOST_TEST(e.error().message.find("pcsc:READER") != std::string::npos);
  }
}

BOOST_AUTO_TEST_CASE(DeviceSelectionPassesPcscThrough) {
  const std::vector<HidDeviceInfo> none;
  auto flag = ChooseDevice(std::string("pcsc:Virtual PCD 00 00"),
                           std::string("udp:127.0.0.1:2"), none);
  BOOST_REQUIRE(flag.ok());
  BOOST_TEST((flag->kind == DeviceUri::Kind::kPcsc));
  BOOST_TEST(flag->reader == "Virtual PCD 00 00");
  auto env =
      ChooseDevice(std::nullopt, std::string("pcsc:Virtual PCD 00 01"), none);
  BOOST_REQUIRE(env.ok());
  BOOST_TEST(env->reader == "Virtual PCD 00 01");
  auto bad_env = ChooseDevice(std::nullopt, std::string("pcsc:"), none);
  BOOST_REQUIRE(!bad_env.ok());
  BOOST_TEST(bad_env.error().message.find("KEYBRIDGE_DEVICE") !=
             std::string::npos);
  BOOST_TEST(bad_env.error().message.find("reader name") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(PcscIsNotAPacketLink) {
  auto uri = ParseDeviceUri("pcsc:Virtual PCD 00 00");
  BOOST_REQUIRE(uri.ok());
  auto link = OpenLink(*uri);
  BOOST_REQUIRE(!link.ok());
  BOOST_TEST(static_cast<int>(link.error().kind) ==
             Kind(ErrorKind::kInvalidInput));
  BOOST_TEST(link.error().message.find("pcsc:Virtual PCD 00 00") !=
             std::string::npos);
  BOOST_TEST(link.error().message.find("smart card") != std::string::npos);
}

// Whether or not pcscd runs here, a reader that does not exist is
// kNoDevice naming the reader (pcsc_link.h), and listing readers never
// fails just because there are none.
BOOST_AUTO_TEST_CASE(MissingReaderIsNoDevice) {
  const std::string reader = "keybridge unit test: no such reader 99 99";
  auto card = PcscCard::Connect(reader);
  BOOST_REQUIRE(!card.ok());
  BOOST_TEST(static_cast<int>(card.error().kind) == Kind(ErrorKind::kNoDevice),
             card.error().message);
  BOOST_TEST(card.error().message.find("pcsc:" + reader) != std::string::npos);
  auto readers = ListPcscReaders();
  BOOST_REQUIRE_MESSAGE(readers.ok(),
                        (readers.ok() ? "" : readers.error().message));
  for (const std::string& r : *readers) BOOST_TEST(r != reader);
}

}  // namespace
}  // namespace bridge::link

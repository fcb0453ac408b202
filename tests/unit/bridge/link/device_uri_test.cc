// --device / KEYBRIDGE_DEVICE syntax.
#include "bridge/link/device_uri.h"

#include <boost/test/unit_test.hpp>

namespace bridge::link {
namespace {

BOOST_AUTO_TEST_CASE(ParsesUdpAndHid) {
  auto u = ParseDeviceUri("udp:127.0.0.1:8111");
  BOOST_REQUIRE(u.ok());
  BOOST_TEST((u->kind == DeviceUri::Kind::kUdp));
  BOOST_TEST(u->host == "127.0.0.1");
  BOOST_TEST(u->port == 8111);
  BOOST_TEST(u->ToString() == "udp:127.0.0.1:8111");
  auto v6 = ParseDeviceUri("udp:[::1]:9");
  BOOST_REQUIRE(v6.ok());
  BOOST_TEST(v6->host == "::1");
  BOOST_TEST(v6->ToString() == "udp:[::1]:9");
  auto h = ParseDeviceUri("/dev/hidraw3");
  BOOST_REQUIRE(h.ok());
  BOOST_TEST((h->kind == DeviceUri::Kind::kHid));
  BOOST_TEST(h->path == "/dev/hidraw3");
}

// docs/protocol/management.md §5: decimal digits alone are a serial.
BOOST_AUTO_TEST_CASE(ParsesSerialNumbers) {
  auto s = ParseDeviceUri("31415926");
  BOOST_REQUIRE(s.ok());
  BOOST_TEST((s->kind == DeviceUri::Kind::kSerial));
  BOOST_TEST(s->serial == 31415926u);
  BOOST_TEST(s->ToString() == "31415926");
  auto max = ParseDeviceUri("4294967295");
  BOOST_REQUIRE(max.ok());
  BOOST_TEST(max->serial == 4294967295u);
  for (const char* bad : {"0", "4294967296", "99999999999999999999", "-1",
                          "12 34", "+12", "0x10"}) {
    BOOST_TEST(!ParseDeviceUri(bad).ok(), bad);
  }
}

BOOST_AUTO_TEST_CASE(RejectsBadUris) {
  for (const char* bad :
       {"", "hidraw3", "udp:", "udp:host", "udp::80", "udp:h:0", "udp:h:65536",
        "udp:h:80x", "udp:[::1]9", "tcp:h:1"}) {
    auto r = ParseDeviceUri(bad);
    BOOST_TEST(!r.ok(), bad);
  }
}

}  // namespace
}  // namespace bridge::link

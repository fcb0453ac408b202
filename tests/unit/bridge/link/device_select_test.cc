// Device choice: --device, then KEYBRIDGE_DEVICE, then the only HID key.
#include "bridge/link/device_select.h"

#include <boost/test/unit_test.hpp>

namespace bridge::link {
namespace {

std::vector<HidDeviceInfo> Keys(int n) {
  std::vector<HidDeviceInfo> out;
  for (int i = 0; i < n; ++i) {
    HidDeviceInfo k;
    k.path = "/dev/hidraw" + std::to_string(i);
    k.vendor_id = kNitrokeyVid;
    k.product_id = kNitrokey3Pid;
    out.push_back(k);
  }
  return out;
}

BOOST_AUTO_TEST_CASE(FlagBeatsEnvBeatsEnumeration) {
  auto a = ChooseDevice(std::string("udp:127.0.0.1:1"),
                        std::string("udp:127.0.0.1:2"), Keys(1));
  BOOST_TEST(a->port == 1);
  auto b = ChooseDevice(std::nullopt, std::string("udp:127.0.0.1:2"), Keys(1));
  BOOST_TEST(b->port == 2);
  auto c = ChooseDevice(std::nullopt, std::string(""), Keys(1));
  BOOST_TEST(c->path == "/dev/hidraw0");
}

BOOST_AUTO_TEST_CASE(NoneOrSeveralKeys) {
  auto none = ChooseDevice(std::nullopt, std::nullopt, Keys(0));
  BOOST_REQUIRE(!none.ok());
  BOOST_TEST(static_cast<int>(none.error().kind) ==
             static_cast<int>(ErrorKind::kNoDevice));
  BOOST_TEST(none.error().message.find("keysim --udp 127.0.0.1:0 --state") !=
             std::string::npos);
  BOOST_TEST(none.error().message.find("KEYBRIDGE_DEVICE") !=
             std::string::npos);

  auto many = ChooseDevice(std::nullopt, std::nullopt, Keys(2));
  BOOST_REQUIRE(!many.ok());
  BOOST_TEST(many.error().message.find("/dev/hidraw1") != std::string::npos);
  BOOST_TEST(many.error().message.find("--device") != std::string::npos);
  BOOST_TEST(many.error().message.find("Nitrokey 3") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(BadEnvIsNamed) {
  auto r = ChooseDevice(std::nullopt, std::string("bogus"), Keys(1));
  BOOST_REQUIRE(!r.ok());
  BOOST_TEST(r.error().message.find("KEYBRIDGE_DEVICE") != std::string::npos);
}

}  // namespace
}  // namespace bridge::link

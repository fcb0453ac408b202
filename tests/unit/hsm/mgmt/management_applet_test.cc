// hsm::mgmt::ManagementApplet (hsm/mgmt/management_applet.h): SELECT, READ
// CONFIG and bad input, on a sealed StateStore over the FakePlatform
// (docs/protocol/management.md).
#include "hsm/mgmt/management_applet.h"

#include <boost/test/unit_test.hpp>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "fake_platform.h"
#include "hex.h"
#include "hsm/store/state_store.h"

namespace hsm::mgmt {
namespace {

using Bytes = std::vector<uint8_t>;
using keybridge::testing::FromHex;

const Bytes kSelect = FromHex("00 A4 04 00 08 A0 00 00 05 27 47 11 17");
const Bytes kReadConfig = FromHex("00 1D 00 00");

struct Rig {
  explicit Rig(std::optional<uint32_t> fresh_serial = std::nullopt)
      : store(platform, fresh_serial) {
    BOOST_REQUIRE(store.Load().ok());
  }
  // Answer as `data ‖ SW1 SW2`.
  Bytes Tx(const Bytes& apdu) const {
    oath::ApduResponse r = applet.Handle(apdu);
    Bytes out = r.data;
    out.push_back(static_cast<uint8_t>(r.sw >> 8));
    out.push_back(static_cast<uint8_t>(r.sw));
    return out;
  }

  testing::FakePlatform platform{7};
  store::StateStore store;
  ManagementApplet applet{store, {.version = {5, 4, 3}}};
};

Bytes Text(const std::string& s) { return Bytes(s.begin(), s.end()); }

// The serial in a READ CONFIG answer (tag 02), or 0 (ykman's "none").
uint32_t SerialIn(const Bytes& answer) {
  for (size_t i = 1; i + 1 < answer.size() - 2;) {
    const uint8_t tag = answer[i];
    const uint8_t len = answer[i + 1];
    if (tag == 0x02 && len == 4) {
      return (uint32_t{answer[i + 2]} << 24) | (uint32_t{answer[i + 3]} << 16) |
             (uint32_t{answer[i + 4]} << 8) | answer[i + 5];
    }
    i += 2 + len;
  }
  return 0;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(management_applet)

BOOST_AUTO_TEST_CASE(select_answers_the_version_as_text) {
  Rig rig;
  Bytes expected = Text("5.4.3");
  expected.insert(expected.end(), {0x90, 0x00});
  BOOST_TEST(rig.Tx(kSelect) == expected);
  // ISO 7816-4 §5.1 case 4: an Le after the AID is accepted.
  Bytes with_le = kSelect;
  with_le.push_back(0x00);
  BOOST_TEST(rig.Tx(with_le) == expected);
  // Another version is reported as configured.
  ManagementApplet other(rig.store, {.version = {4, 15, 0}});
  BOOST_TEST((other.Handle(kSelect).data == Text("4.15.0")));
}

BOOST_AUTO_TEST_CASE(read_config_answers_device_info) {
  Rig rig(123456);  // 0x0001E240
  // docs/protocol/management.md §3: len ‖ 01 supported, 02 serial,
  // 03 enabled, 04 form factor, 05 version, 08 flags, 0A lock.
  const Bytes expected = FromHex(
      "1C 01 02 02 22 02 04 00 01 E2 40 03 02 02 22 04 01 01"
      " 05 03 05 04 03 08 01 00 0A 01 00 90 00");
  BOOST_TEST(rig.Tx(kReadConfig) == expected);
  BOOST_TEST(rig.Tx(FromHex("00 1D 00 00 00")) == expected);  // with Le
}

BOOST_AUTO_TEST_CASE(capabilities_are_u2f_fido2_and_oath_only) {
  BOOST_TEST(kImplementedCapabilities == 0x0222);
  BOOST_TEST((kImplementedCapabilities & kCapabilityOtp) == 0);
  BOOST_TEST((kImplementedCapabilities & kCapabilityPiv) == 0);
  BOOST_TEST((kImplementedCapabilities & kCapabilityOpenPgp) == 0);
}

BOOST_AUTO_TEST_CASE(bad_input_is_refused_and_changes_nothing) {
  Rig rig;
  const auto before = rig.platform.medium();
  const uint32_t serial = rig.store.serial();
  struct Case {
    const char* apdu;
    const char* sw;
  };
  const Case cases[] = {
      {"00 1D 01 00", "6A 86"},        // READ CONFIG page 1
      {"00 1D 00 01", "6A 86"},        // P2
      {"00 1D 00 00 01 00", "67 00"},  // command data
      {"00 1D 00", "67 00"},           // truncated header
      {"00 1D 00 00 02 00", "67 00"},  // Lc longer than the data
      {"00 1D 00 00 00 00", "67 00"},  // extended Lc with nothing after it
      {"80 1D 00 00", "6E 00"},        // proprietary class
      {"10 1D 00 00", "68 84"},        // chaining
      {"00 1C 00 00 01 00", "6D 00"},  // WRITE CONFIG: not supported
      {"00 16 11 00 01 00", "6D 00"},  // SET MODE: not supported
      {"00 A4 04 0C 08 A0 00 00 05 27 47 11 17", "6A 86"},  // P2
      {"00 A4 00 00 08 A0 00 00 05 27 47 11 17", "6A 86"},  // P1
      {"00 A4 04 00 07 A0 00 00 05 27 21 01", "6A 82"},     // OATH's AID
      {"00 A4 04 00 07 A0 00 00 05 27 47 11", "6A 82"},     // a prefix
      {"", "67 00"},
  };
  for (const Case& c : cases) {
    BOOST_TEST_CONTEXT(c.apdu) {
      BOOST_TEST(rig.Tx(FromHex(c.apdu)) == FromHex(c.sw));
    }
  }
  BOOST_TEST((rig.platform.medium() == before));
  BOOST_TEST(rig.store.serial() == serial);
}

BOOST_AUTO_TEST_CASE(serial_is_the_sealed_states_and_survives_a_reload) {
  Rig rig;
  const uint32_t first = SerialIn(rig.Tx(kReadConfig));
  BOOST_REQUIRE(first != 0u);
  BOOST_TEST(first == rig.store.serial());

  // Reload the sealed state from the same medium: same serial, and a
  // fresh_serial does not change a state that exists.
  store::StateStore reloaded(rig.platform, first + 1);
  BOOST_REQUIRE(reloaded.Load().ok());
  ManagementApplet again(reloaded, {.version = {5, 4, 3}});
  oath::ApduResponse r = again.Handle(kReadConfig);
  r.data.insert(r.data.end(), {0x90, 0x00});
  BOOST_TEST(SerialIn(r.data) == first);
}

BOOST_AUTO_TEST_CASE(fresh_serial_sets_fresh_state_and_survives_a_wipe) {
  Rig rig(42);
  BOOST_TEST(SerialIn(rig.Tx(kReadConfig)) == 42u);
  BOOST_REQUIRE(rig.store.Wipe().ok());
  BOOST_TEST(SerialIn(rig.Tx(kReadConfig)) == 42u);
  // Without it, a wipe draws a new random serial.
  Rig random;
  const uint32_t before = random.store.serial();
  BOOST_REQUIRE(random.store.Wipe().ok());
  BOOST_TEST(random.store.serial() != before);
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace hsm::mgmt

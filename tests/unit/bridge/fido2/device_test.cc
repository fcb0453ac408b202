// Fido2Device: real libfido2 1.12 driven through the I/O adapter against a
// scripted fake key (fake_key.h).
#include "bridge/fido2/device.h"

#include <boost/test/unit_test.hpp>

#include "bridge/fido2/fido_error.h"
#include "fake_key.h"

namespace bridge::fido2 {
namespace {

using testing::FakeKey;

SecretBytes Pin(std::string_view s) {
  return SecretBytes(std::span<const uint8_t>(
      reinterpret_cast<const uint8_t*>(s.data()), s.size()));
}

// ErrorKind as an int, for BOOST_TEST.
int Kind(ErrorKind kind) { return static_cast<int>(kind); }

// Fido2Device::Open(key, o), which must succeed.
std::unique_ptr<Fido2Device> OpenOk(FakeKey& key, OpenOptions o = {}) {
  auto dev = Fido2Device::Open(key, std::move(o));
  BOOST_REQUIRE_MESSAGE(dev.ok(),
                        (dev.ok() ? std::string() : dev.error().message));
  return std::move(*dev);
}

BOOST_AUTO_TEST_SUITE(fido2_device)

BOOST_AUTO_TEST_CASE(open_sends_64_byte_init_on_the_broadcast_cid) {
  FakeKey key;
  auto dev = OpenOk(key);
  BOOST_REQUIRE(!key.written.empty());
  const link::Report& init = key.written[0];
  // CTAP 2.1 §11.2.9.1.3: FFFFFFFF | 0x86 | BCNT 0008 | nonce — the report
  // ID byte libfido2 prepends is gone.
  BOOST_TEST(init[0] == 0xFF);
  BOOST_TEST(init[3] == 0xFF);
  BOOST_TEST(init[4] == 0x86);
  BOOST_TEST(init[5] == 0x00);
  BOOST_TEST(init[6] == 0x08);
  // Then getInfo on the allocated CID (CBOR capability set).
  BOOST_REQUIRE(key.written.size() >= 2u);
  BOOST_TEST(key.written[1][0] == 0x01);
  BOOST_TEST(key.written[1][3] == 0x04);
  BOOST_TEST(key.written[1][4] == 0x90);
  BOOST_TEST(key.written[1][7] == 0x04);
  BOOST_TEST(dev->IsFido2());
  CtaphidAttributes a = dev->ctaphid();
  BOOST_TEST(a.protocol_version == 2);
  BOOST_TEST(a.major == 1);
  BOOST_TEST(a.minor == 2);
  BOOST_TEST(a.build == 3);
  BOOST_TEST(a.capabilities == 0x05);
}

BOOST_AUTO_TEST_CASE(get_info_maps_every_field) {
  FakeKey key;
  auto dev = OpenOk(key);
  auto info = dev->GetInfo();
  BOOST_REQUIRE_MESSAGE(info.ok(),
                        (info.ok() ? std::string() : info.error().message));
  BOOST_TEST((info->versions == std::vector<std::string>{"FIDO_2_0"}));
  BOOST_TEST(info->HasVersion("FIDO_2_0"));
  BOOST_REQUIRE(info->aaguid.size() == 16u);
  BOOST_TEST(info->aaguid[15] == 15);
  BOOST_TEST((info->Option("clientPin") == std::optional<bool>(false)));
  BOOST_TEST(!info->Option("rk").has_value());
  BOOST_TEST((info->max_msg_size == std::optional<uint64_t>(1200)));
  BOOST_TEST((info->pin_uv_auth_protocols == std::vector<uint8_t>{2, 1}));
  // Absent fields stay absent.
  BOOST_TEST(!info->max_credential_count_in_list.has_value());
  BOOST_TEST(!info->firmware_version.has_value());
  BOOST_TEST(!info->remaining_discoverable_credentials.has_value());
  BOOST_TEST(info->extensions.empty());
}

BOOST_AUTO_TEST_CASE(pin_retries) {
  FakeKey key;
  key.pin_retries = 5;
  auto dev = OpenOk(key);
  auto r = dev->GetPinRetries();
  BOOST_REQUIRE_MESSAGE(r.ok(), (r.ok() ? std::string() : r.error().message));
  BOOST_TEST(*r == 5);
}

BOOST_AUTO_TEST_CASE(a_silent_key_times_out_as_kTimeout) {
  FakeKey key;
  key.answer_retries = false;
  OpenOptions o;
  o.timeout_ms = 300;
  auto dev = OpenOk(key, o);
  auto r = dev->GetPinRetries();
  BOOST_REQUIRE(!r.ok());
  BOOST_TEST(Kind(r.error().kind) == Kind(ErrorKind::kTimeout));
}

BOOST_AUTO_TEST_CASE(key_without_cbor_is_not_fido2) {
  FakeKey key;
  key.capabilities = 0x09;  // WINK | NMSG, no CBOR
  auto dev = OpenOk(key);
  BOOST_TEST(!dev->IsFido2());
  BOOST_TEST(key.written.size() == 1u);  // INIT only, no getInfo
  auto info = dev->GetInfo();
  BOOST_REQUIRE(!info.ok());
  BOOST_TEST(Kind(info.error().kind) == Kind(ErrorKind::kCtap2));
  BOOST_TEST(info.error().code == 0x01);
  BOOST_TEST(info.error().message.find("no FIDO2 (CTAP2) support") !=
             std::string::npos);
}

BOOST_AUTO_TEST_CASE(reset_prompts_for_touch_once) {
  FakeKey key;
  key.reset_mode = FakeKey::ResetMode::kTouchThenOk;
  int prompts = 0;
  OpenOptions o;
  o.on_touch = [&] { ++prompts; };
  auto dev = OpenOk(key, o);
  Status s = dev->Reset();
  BOOST_TEST_MESSAGE((s.ok() ? std::string("ok") : s.error().message));
  BOOST_TEST(s.ok());
  BOOST_TEST(prompts == 1);
}

BOOST_AUTO_TEST_CASE(ctrl_c_sends_cancel_and_ends_in_kCancelled) {
  FakeKey key;
  std::atomic<bool> cancel{false};
  key.reset_mode = FakeKey::ResetMode::kHangUntilCancel;
  key.cancel_flag = &cancel;
  OpenOptions o;
  o.cancel = &cancel;
  auto dev = OpenOk(key, o);
  Status s = dev->Reset();
  BOOST_REQUIRE(!s.ok());
  BOOST_TEST(Kind(s.error().kind) == Kind(ErrorKind::kCancelled));
  BOOST_TEST(key.cancels_seen == 1);
  // The CANCEL went out on libfido2's channel, 64 bytes, cmd 0x91.
  const link::Report& last = key.written.back();
  BOOST_TEST(last[0] == 0x01);
  BOOST_TEST(last[3] == 0x04);
  BOOST_TEST(last[4] == 0x91);
}

BOOST_AUTO_TEST_CASE(nfc_paths_are_refused_before_libfido2) {
  auto dev = Fido2Device::OpenPath("nfc:/dev/nfc0");
  BOOST_REQUIRE(!dev.ok());
  BOOST_TEST(Kind(dev.error().kind) == Kind(ErrorKind::kInvalidInput));
}

BOOST_AUTO_TEST_CASE(new_pins_are_checked_client_side) {
  BOOST_TEST(!ValidateNewPin(Pin("123")).ok());
  BOOST_TEST(ValidateNewPin(Pin("1234")).ok());
  BOOST_TEST(ValidateNewPin(Pin(std::string(63, '7'))).ok());
  BOOST_TEST(!ValidateNewPin(Pin(std::string(64, '7'))).ok());
  BOOST_TEST(!ValidateNewPin(Pin(std::string("12\0"
                                             "45",
                                             5)))
                  .ok());
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace
}  // namespace bridge::fido2

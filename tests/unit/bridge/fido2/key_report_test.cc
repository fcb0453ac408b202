// `keybridge info` formatting (fido2/key_report.h).
#include "bridge/fido2/key_report.h"

#include <boost/test/unit_test.hpp>

namespace bridge::fido2 {
namespace {

bool Contains(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

KeyReport Base() {
  KeyReport r;
  r.transport = "udp";
  r.path = "udp:127.0.0.1:4242";
  r.ctaphid = {2, 1, 2, 3, 0x09};  // WINK | NMSG
  return r;
}

KeyReport Fido2Key() {
  KeyReport r = Base();
  r.ctaphid.capabilities = 0x0D;  // WINK | CBOR | NMSG
  r.fido2.supported = true;
  AuthenticatorInfo i;
  i.versions = {"FIDO_2_0", "FIDO_2_1"};
  i.extensions = {"credProtect", "hmac-secret"};
  for (uint8_t b = 0; b < 16; ++b) i.aaguid.push_back(0xA0 + b);
  i.options = {
      {"rk", true}, {"up", true}, {"plat", false}, {"clientPin", true}};
  i.max_msg_size = 1200;
  i.pin_uv_auth_protocols = {2, 1};
  i.max_credential_count_in_list = 8;
  i.max_credential_id_length = 128;
  i.transports = {"usb"};
  i.algorithms = {{"public-key", -7}, {"public-key", -8}};
  i.min_pin_length = 4;
  i.firmware_version = 0x010203;
  i.remaining_discoverable_credentials = 25;
  r.fido2.info = i;
  r.fido2.pin_set = true;
  r.fido2.pin_retries = 7;
  r.oath.present = true;
  r.oath.version = std::array<uint8_t, 3>{4, 1, 0};
  r.oath.pin_set = false;
  return r;
}

BOOST_AUTO_TEST_SUITE(key_report)

BOOST_AUTO_TEST_CASE(helpers) {
  BOOST_TEST(CapabilityNames(0x05) == "WINK, CBOR");
  BOOST_TEST(CapabilityNames(0x0D) == "WINK, CBOR, NMSG");
  BOOST_TEST(CapabilityNames(0x00) == "none");
  BOOST_TEST(CapabilityNames(0x41) == "WINK, 0x40");
  std::vector<uint8_t> g(16);
  for (size_t i = 0; i < 16; ++i) g[i] = static_cast<uint8_t>(i);
  BOOST_TEST(FormatAaguid(g) == "00010203-0405-0607-0809-0a0b0c0d0e0f");
  BOOST_TEST(FormatAaguid(std::vector<uint8_t>{}) == "-");
  BOOST_TEST(CoseAlgorithmName(-7) == "ES256");
  BOOST_TEST(CoseAlgorithmName(-8) == "EdDSA");
  BOOST_TEST(CoseAlgorithmName(-999) == "COSE -999");
}

BOOST_AUTO_TEST_CASE(text_for_a_key_without_ctap2_but_with_oath) {
  KeyReport r = Base();
  r.fido2.error =
      "no FIDO2 (CTAP2) support: the key's CTAPHID capabilities "
      "lack CBOR";
  r.oath.present = true;
  r.oath.version = std::array<uint8_t, 3>{4, 0, 7};
  r.oath.pin_set = true;
  r.oath.pin_retries = 8;
  std::string t = FormatKeyReport(r);
  BOOST_TEST(Contains(t, "udp:127.0.0.1:4242 (transport udp)"));
  BOOST_TEST(Contains(t, "protocol 2, device version 1.2.3"));
  BOOST_TEST(Contains(t, "0x09 (WINK, NMSG)"));
  BOOST_TEST(Contains(t, "no FIDO2 (CTAP2) support"));
  BOOST_TEST(Contains(t, "yes, version 4.0.7, PIN set (8 retries left)"));
  BOOST_TEST(Contains(t, kAwsOathUse));
  BOOST_TEST(!Contains(t, kAwsFido2Use));
}

BOOST_AUTO_TEST_CASE(text_for_a_fido2_key_shows_every_getinfo_field) {
  std::string t = FormatKeyReport(Fido2Key());
  for (const char* part : {"FIDO_2_0, FIDO_2_1",
                           "credProtect, hmac-secret",
                           "a0a1a2a3-a4a5-a6a7-a8a9-aaabacadaeaf",
                           "rk=true up=true plat=false clientPin=true",
                           "Max message size",
                           "1200",
                           "PIN/UV auth protocols",
                           "2, 1",
                           "Max credentials in list",
                           "Max credential ID length",
                           "128",
                           "Transports",
                           "usb",
                           "ES256 (public-key -7), EdDSA (public-key -8)",
                           "Max serialized large-blob array",
                           "Force PIN change",
                           "Min PIN length",
                           "Firmware version",
                           "66051",
                           "Max credBlob length",
                           "Max RP IDs for setMinPINLength",
                           "Preferred platform UV attempts",
                           "UV modality",
                           "Certifications",
                           "Remaining discoverable credentials",
                           "25",
                           "set, 7 retries left",
                           kAwsFido2Use,
                           kAwsOathUse}) {
    BOOST_TEST(Contains(t, part), "missing: " << part);
  }
}

BOOST_AUTO_TEST_CASE(text_for_a_key_good_for_nothing) {
  KeyReport r = Base();
  r.oath.error =
      "the key answered CTAPHID ERROR INVALID_CMD to vendor "
      "command 0x70";
  std::string t = FormatKeyReport(r);
  BOOST_TEST(Contains(t, "INVALID_CMD"));
  BOOST_TEST(Contains(t, "nothing"));
}

BOOST_AUTO_TEST_CASE(json_keys_are_stable) {
  nlohmann::ordered_json j = KeyReportToJson(Fido2Key());
  BOOST_TEST(j["device"]["transport"] == "udp");
  BOOST_TEST(j["device"]["path"] == "udp:127.0.0.1:4242");
  BOOST_TEST(j["ctaphid"]["protocol_version"] == 2);
  BOOST_TEST(j["ctaphid"]["device_version"] == "1.2.3");
  BOOST_TEST(j["ctaphid"]["capabilities"] == 0x0D);
  BOOST_TEST(j["ctaphid"]["cbor"] == true);
  BOOST_TEST(j["ctaphid"]["nmsg"] == true);
  BOOST_TEST(j["fido2"]["supported"] == true);
  BOOST_TEST(j["fido2"]["error"].is_null());
  const auto& info = j["fido2"]["info"];
  BOOST_TEST(info["versions"].size() == 2u);
  BOOST_TEST(info["aaguid"] == "a0a1a2a3-a4a5-a6a7-a8a9-aaabacadaeaf");
  BOOST_TEST(info["options"]["clientPin"] == true);
  BOOST_TEST(info["options"]["plat"] == false);
  BOOST_TEST(info["max_msg_size"] == 1200);
  BOOST_TEST(info["pin_uv_auth_protocols"][0] == 2);
  BOOST_TEST(info["algorithms"][1]["alg"] == -8);
  BOOST_TEST(info["algorithms"][1]["type"] == "public-key");
  BOOST_TEST(info["max_serialized_large_blob_array"].is_null());
  BOOST_TEST(info["remaining_discoverable_credentials"] == 25);
  BOOST_TEST(info["force_pin_change"] == false);
  for (const char* k :
       {"extensions", "max_credential_count_in_list",
        "max_credential_id_length", "transports", "min_pin_length",
        "firmware_version", "max_cred_blob_length",
        "max_rpids_for_set_min_pin_length", "preferred_platform_uv_attempts",
        "uv_modality", "certifications"}) {
    BOOST_TEST(info.contains(k), "missing key " << k);
  }
  BOOST_TEST(j["fido2"]["pin"]["set"] == true);
  BOOST_TEST(j["fido2"]["pin"]["retries"] == 7);
  BOOST_TEST(j["oath"]["present"] == true);
  BOOST_TEST(j["oath"]["version"] == "4.1.0");
  BOOST_TEST(j["oath"]["pin_set"] == false);
  BOOST_TEST(j["aws"]["console_security_key"] == true);
  BOOST_TEST(j["aws"]["cli_mfa_codes"] == true);
  BOOST_TEST(j["aws"]["uses"].size() == 2u);
}

BOOST_AUTO_TEST_CASE(json_without_ctap2) {
  KeyReport r = Base();
  r.fido2.error = "no FIDO2 (CTAP2) support: x";
  nlohmann::ordered_json j = KeyReportToJson(r);
  BOOST_TEST(j["fido2"]["supported"] == false);
  BOOST_TEST(j["fido2"]["info"].is_null());
  BOOST_TEST(j["fido2"]["error"] == "no FIDO2 (CTAP2) support: x");
  BOOST_TEST(j["oath"]["present"] == false);
  BOOST_TEST(j["aws"]["console_security_key"] == false);
  BOOST_TEST(j["aws"]["uses"].empty());
  nlohmann::ordered_json f = FidoReportToJson(r);
  BOOST_TEST(!f.contains("oath"));
  BOOST_TEST(!f.contains("aws"));
  BOOST_TEST(f.contains("fido2"));
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace
}  // namespace bridge::fido2

#include "bridge/fido2/key_report.h"

#include <cstdio>
#include <sstream>

#include "bridge/ctaphid/protocol.h"

namespace bridge::fido2 {
namespace {

// CTAPHID INIT capability flags (CTAP 2.1 §11.2.9.1.3).
using ctaphid::kCapabilityCbor;
using ctaphid::kCapabilityNmsg;
using ctaphid::kCapabilityWink;

constexpr size_t kLabelWidth = 38;

std::string Join(const std::vector<std::string>& items,
                 const std::string& sep = ", ") {
  std::string out;
  for (const std::string& s : items) {
    if (!out.empty()) out += sep;
    out += s;
  }
  return out;
}

std::string OrNone(const std::string& s) { return s.empty() ? "none" : s; }

std::string Opt(const std::optional<uint64_t>& v) {
  return v ? std::to_string(*v) : "-";
}

void Line(std::ostringstream& out, const std::string& label,
          const std::string& value, int indent = 0) {
  std::string l(static_cast<size_t>(indent), ' ');
  l += label + ":";
  if (l.size() < kLabelWidth)
    l.resize(kLabelWidth, ' ');
  else
    l += ' ';
  out << l << value << "\n";
}

std::string DeviceVersion(const CtaphidAttributes& a) {
  return std::to_string(a.major) + "." + std::to_string(a.minor) + "." +
         std::to_string(a.build);
}

template <typename Json>
Json OptJson(const std::optional<uint64_t>& v) {
  return v ? Json(*v) : Json(nullptr);
}

template <typename Json>
Json ErrJson(const std::string& s) {
  return s.empty() ? Json(nullptr) : Json(s);
}

void FormatDeviceAndCtaphid(std::ostringstream& out, const KeyReport& r) {
  Line(out, "Device", r.path + " (transport " + r.transport + ")");
  Line(out, "CTAPHID",
       "protocol " + std::to_string(r.ctaphid.protocol_version) +
           ", device version " + DeviceVersion(r.ctaphid));
  char caps[8];
  std::snprintf(caps, sizeof(caps), "0x%02X", r.ctaphid.capabilities);
  Line(
      out, "Capabilities",
      std::string(caps) + " (" + CapabilityNames(r.ctaphid.capabilities) + ")");
}

void FormatFido2(std::ostringstream& out, const Fido2Section& f) {
  if (!f.supported || !f.info) {
    Line(out, "FIDO2",
         "no" + (f.error.empty() ? std::string() : " — " + f.error));
    return;
  }
  const AuthenticatorInfo& i = *f.info;
  Line(out, "FIDO2", "yes");
  Line(out, "Versions", OrNone(Join(i.versions)), 2);
  Line(out, "Extensions", OrNone(Join(i.extensions)), 2);
  Line(out, "AAGUID", FormatAaguid(i.aaguid), 2);
  std::vector<std::string> opts;
  for (const auto& [k, v] : i.options)
    opts.push_back(k + "=" + (v ? "true" : "false"));
  Line(out, "Options", OrNone(Join(opts, " ")), 2);
  Line(out, "Max message size", Opt(i.max_msg_size), 2);
  std::vector<std::string> protos;
  for (uint8_t p : i.pin_uv_auth_protocols) protos.push_back(std::to_string(p));
  Line(out, "PIN/UV auth protocols", OrNone(Join(protos)), 2);
  Line(out, "Max credentials in list", Opt(i.max_credential_count_in_list), 2);
  Line(out, "Max credential ID length", Opt(i.max_credential_id_length), 2);
  Line(out, "Transports", OrNone(Join(i.transports)), 2);
  std::vector<std::string> algs;
  for (const Algorithm& a : i.algorithms) {
    algs.push_back(CoseAlgorithmName(a.cose) + " (" + a.type + " " +
                   std::to_string(a.cose) + ")");
  }
  Line(out, "Algorithms", OrNone(Join(algs)), 2);
  Line(out, "Max serialized large-blob array",
       Opt(i.max_serialized_large_blob_array), 2);
  Line(out, "Force PIN change", i.force_pin_change ? "yes" : "no", 2);
  Line(out, "Min PIN length", Opt(i.min_pin_length), 2);
  Line(out, "Firmware version", Opt(i.firmware_version), 2);
  Line(out, "Max credBlob length", Opt(i.max_cred_blob_length), 2);
  Line(out, "Max RP IDs for setMinPINLength",
       Opt(i.max_rpids_for_set_min_pin_length), 2);
  Line(out, "Preferred platform UV attempts",
       Opt(i.preferred_platform_uv_attempts), 2);
  Line(out, "UV modality", Opt(i.uv_modality), 2);
  std::vector<std::string> certs;
  for (const Certification& c : i.certifications) {
    certs.push_back(c.name + "=" + std::to_string(c.value));
  }
  Line(out, "Certifications", OrNone(Join(certs)), 2);
  Line(out, "Remaining discoverable credentials",
       i.remaining_discoverable_credentials
           ? std::to_string(*i.remaining_discoverable_credentials)
           : "-",
       2);
  std::string pin;
  if (!f.pin_set) {
    pin = "not supported";
  } else {
    pin = *f.pin_set ? "set" : "not set";
    if (f.pin_retries) {
      pin += ", " + std::to_string(*f.pin_retries) + " retries left";
    }
    if (!f.pin_error.empty()) pin += " (retries unknown: " + f.pin_error + ")";
  }
  Line(out, "PIN", pin, 2);
}

void FormatOath(std::ostringstream& out, const OathSection& o) {
  if (!o.present) {
    Line(out, "OATH applet",
         "no" + (o.error.empty() ? std::string() : " — " + o.error));
    return;
  }
  std::string v = "yes";
  if (o.version) {
    v += ", version " + std::to_string((*o.version)[0]) + "." +
         std::to_string((*o.version)[1]) + "." +
         std::to_string((*o.version)[2]);
  }
  if (o.pin_set) {
    v += *o.pin_set ? ", PIN set" : ", no PIN";
    if (o.pin_retries) {
      v += " (" + std::to_string(*o.pin_retries) + " retries left)";
    }
  }
  Line(out, "OATH applet", v);
}

bool Fido2Usable(const KeyReport& r) {
  return r.fido2.supported && r.fido2.info.has_value();
}

template <typename Json>
Json Fido2Json(const Fido2Section& f) {
  Json j = Json::object();
  j["supported"] = f.supported && f.info.has_value();
  j["error"] = ErrJson<Json>(f.error);
  if (!f.info) {
    j["info"] = nullptr;
    j["pin"] = nullptr;
    return j;
  }
  const AuthenticatorInfo& i = *f.info;
  Json info = Json::object();
  info["versions"] = i.versions;
  info["extensions"] = i.extensions;
  info["aaguid"] = FormatAaguid(i.aaguid);
  Json opts = Json::object();
  for (const auto& [k, v] : i.options) opts[k] = v;
  info["options"] = opts;
  info["max_msg_size"] = OptJson<Json>(i.max_msg_size);
  Json protos = Json::array();
  for (uint8_t p : i.pin_uv_auth_protocols) protos.push_back(p);
  info["pin_uv_auth_protocols"] = protos;
  info["max_credential_count_in_list"] =
      OptJson<Json>(i.max_credential_count_in_list);
  info["max_credential_id_length"] = OptJson<Json>(i.max_credential_id_length);
  info["transports"] = i.transports;
  Json algs = Json::array();
  for (const Algorithm& a : i.algorithms) {
    Json alg = Json::object();
    alg["type"] = a.type;
    alg["alg"] = a.cose;
    algs.push_back(alg);
  }
  info["algorithms"] = algs;
  info["max_serialized_large_blob_array"] =
      OptJson<Json>(i.max_serialized_large_blob_array);
  info["force_pin_change"] = i.force_pin_change;
  info["min_pin_length"] = OptJson<Json>(i.min_pin_length);
  info["firmware_version"] = OptJson<Json>(i.firmware_version);
  info["max_cred_blob_length"] = OptJson<Json>(i.max_cred_blob_length);
  info["max_rpids_for_set_min_pin_length"] =
      OptJson<Json>(i.max_rpids_for_set_min_pin_length);
  info["preferred_platform_uv_attempts"] =
      OptJson<Json>(i.preferred_platform_uv_attempts);
  info["uv_modality"] = OptJson<Json>(i.uv_modality);
  Json certs = Json::object();
  for (const Certification& c : i.certifications) certs[c.name] = c.value;
  info["certifications"] = certs;
  info["remaining_discoverable_credentials"] =
      i.remaining_discoverable_credentials
          ? Json(*i.remaining_discoverable_credentials)
          : Json(nullptr);
  j["info"] = info;
  if (!f.pin_set) {
    j["pin"] = nullptr;
  } else {
    Json pin = Json::object();
    pin["set"] = *f.pin_set;
    pin["retries"] = f.pin_retries ? Json(*f.pin_retries) : Json(nullptr);
    pin["error"] = ErrJson<Json>(f.pin_error);
    j["pin"] = pin;
  }
  return j;
}

template <typename Json>
void DeviceAndCtaphidJson(Json& j, const KeyReport& r) {
  Json dev = Json::object();
  dev["transport"] = r.transport;
  dev["path"] = r.path;
  j["device"] = dev;
  Json c = Json::object();
  c["protocol_version"] = r.ctaphid.protocol_version;
  c["device_version"] = DeviceVersion(r.ctaphid);
  c["capabilities"] = r.ctaphid.capabilities;
  c["wink"] = (r.ctaphid.capabilities & kCapabilityWink) != 0;
  c["cbor"] = (r.ctaphid.capabilities & kCapabilityCbor) != 0;
  c["nmsg"] = (r.ctaphid.capabilities & kCapabilityNmsg) != 0;
  j["ctaphid"] = c;
}

}  // namespace

std::string CapabilityNames(uint8_t capabilities) {
  std::vector<std::string> names;
  if (capabilities & kCapabilityWink) names.push_back("WINK");
  if (capabilities & 0x02) names.push_back("LOCK");
  if (capabilities & kCapabilityCbor) names.push_back("CBOR");
  if (capabilities & kCapabilityNmsg) names.push_back("NMSG");
  uint8_t other = capabilities &
                  ~(kCapabilityWink | 0x02 | kCapabilityCbor | kCapabilityNmsg);
  if (other != 0) {
    char buf[16];
    std::snprintf(buf, sizeof(buf), "0x%02X", other);
    names.push_back(buf);
  }
  return names.empty() ? "none" : Join(names);
}

std::string Hex(std::span<const uint8_t> bytes) {
  static const char* kDigits = "0123456789abcdef";
  std::string out;
  out.reserve(bytes.size() * 2);
  for (uint8_t b : bytes) {
    out.push_back(kDigits[b >> 4]);
    out.push_back(kDigits[b & 0x0F]);
  }
  return out;
}

std::string FormatAaguid(std::span<const uint8_t> aaguid) {
  if (aaguid.size() != 16) return aaguid.empty() ? "-" : Hex(aaguid);
  std::string h = Hex(aaguid);
  return h.substr(0, 8) + "-" + h.substr(8, 4) + "-" + h.substr(12, 4) + "-" +
         h.substr(16, 4) + "-" + h.substr(20);
}

// IANA "COSE Algorithms" registry values used by FIDO2 keys.
std::string CoseAlgorithmName(int cose) {
  switch (cose) {
    case -7:
      return "ES256";
    case -8:
      return "EdDSA";
    case -35:
      return "ES384";
    case -36:
      return "ES512";
    case -37:
      return "PS256";
    case -47:
      return "ES256K";
    case -257:
      return "RS256";
    case -65535:
      return "RS1";
    default:
      return "COSE " + std::to_string(cose);
  }
}

std::string FormatFidoReport(const KeyReport& r) {
  std::ostringstream out;
  FormatDeviceAndCtaphid(out, r);
  FormatFido2(out, r.fido2);
  return out.str();
}

std::string FormatKeyReport(const KeyReport& r) {
  std::ostringstream out;
  FormatDeviceAndCtaphid(out, r);
  FormatFido2(out, r.fido2);
  FormatOath(out, r.oath);
  if (!Fido2Usable(r) && !r.oath.present) {
    Line(out, "With AWS", "nothing (no FIDO2 support and no OATH applet)");
  } else {
    out << "With AWS:\n";
    if (Fido2Usable(r)) Line(out, "FIDO2", kAwsFido2Use, 2);
    if (r.oath.present) Line(out, "OATH applet", kAwsOathUse, 2);
  }
  return out.str();
}

nlohmann::ordered_json FidoReportToJson(const KeyReport& r) {
  using Json = nlohmann::ordered_json;
  Json j = Json::object();
  DeviceAndCtaphidJson(j, r);
  j["fido2"] = Fido2Json<Json>(r.fido2);
  return j;
}

nlohmann::ordered_json KeyReportToJson(const KeyReport& r) {
  using Json = nlohmann::ordered_json;
  Json j = FidoReportToJson(r);
  Json o = Json::object();
  o["present"] = r.oath.present;
  if (r.oath.version) {
    o["version"] = std::to_string((*r.oath.version)[0]) + "." +
                   std::to_string((*r.oath.version)[1]) + "." +
                   std::to_string((*r.oath.version)[2]);
  } else {
    o["version"] = nullptr;
  }
  o["pin_set"] = r.oath.pin_set ? Json(*r.oath.pin_set) : Json(nullptr);
  o["pin_retries"] =
      r.oath.pin_retries ? Json(*r.oath.pin_retries) : Json(nullptr);
  o["error"] = ErrJson<Json>(r.oath.error);
  j["oath"] = o;
  Json aws = Json::object();
  aws["console_security_key"] = Fido2Usable(r);
  aws["cli_mfa_codes"] = r.oath.present;
  Json uses = Json::array();
  if (Fido2Usable(r)) uses.push_back(kAwsFido2Use);
  if (r.oath.present) uses.push_back(kAwsOathUse);
  aws["uses"] = uses;
  j["aws"] = aws;
  return j;
}

}  // namespace bridge::fido2

#include "bridge/trace/oath_text.h"

#include <cstdio>
#include <vector>

#include "bridge/oath/ccid_access.h"  // kTagResponse, kTagAlgorithm
#include "bridge/oath/commands.h"
#include "bridge/oath/status_word.h"
#include "bridge/trace/cbor_text.h"  // Hex, SecretText
#include "wire/iso7816_status.h"

namespace bridge::trace {
namespace {

using namespace bridge::oath;  // NOLINT: the kIns*/kTag* constants

struct TlvView {
  uint8_t tag;
  std::span<const uint8_t> value;
};

// BER definite lengths (0..127, 81 xx, 82 xx xx), which SIMPLE-TLV agrees
// with for values up to 127 bytes (docs/protocol/oath.md decision 8). In PUT
// the property tag 78 is followed by its byte with no length (§2.3, §3).
std::optional<std::vector<TlvView>> WalkTlvs(std::span<const uint8_t> d,
                                             bool put) {
  std::vector<TlvView> out;
  size_t i = 0;
  while (i < d.size()) {
    const uint8_t tag = d[i++];
    if (put && tag == kTagProperty) {
      if (i >= d.size()) return std::nullopt;
      out.push_back({tag, d.subspan(i, 1)});
      ++i;
      continue;
    }
    if (i >= d.size()) return std::nullopt;
    size_t len = d[i++];
    if (len == 0x81) {
      if (i >= d.size()) return std::nullopt;
      len = d[i++];
    } else if (len == 0x82) {
      if (i + 1 >= d.size()) return std::nullopt;
      len = size_t{d[i]} << 8 | d[i + 1];
      i += 2;
    } else if (len > 0x80) {
      return std::nullopt;
    }
    if (len > d.size() - i) return std::nullopt;
    out.push_back({tag, d.subspan(i, len)});
    i += len;
  }
  return out;
}

std::string Byte(uint8_t b) {
  char s[8];
  std::snprintf(s, sizeof s, "%02x", b);
  return s;
}

bool Printable(std::span<const uint8_t> s) {
  for (uint8_t c : s) {
    if (c < 0x20 || c == 0x7F) return false;
  }
  return true;
}

std::string Quoted(std::span<const uint8_t> s) {
  if (!Printable(s)) return "h'" + Hex(s) + "'";
  std::string out = "\"";
  for (uint8_t c : s) {
    if (c == '"' || c == '\\') out += '\\';
    out += static_cast<char>(c);
  }
  return out + "\"";
}

// docs/protocol/oath.md §2.5: type (high nibble) and algorithm (low nibble).
std::string TypeText(uint8_t b) {
  std::string kind = (b & 0xF0) == 0x10   ? "HOTP"
                     : (b & 0xF0) == 0x20 ? "TOTP"
                                          : "type " + Byte(b & 0xF0);
  std::string alg = (b & 0x0F) == 1   ? "SHA1"
                    : (b & 0x0F) == 2 ? "SHA256"
                    : (b & 0x0F) == 3 ? "SHA512"
                                      : "alg " + Byte(b & 0x0F);
  return kind + "/" + alg;
}

std::string_view TagName(uint8_t tag) {
  switch (tag) {
    case kTagName:
      return "name";
    case kTagNameList:
      return "entry";
    case kTagKey:
      return "key";
    case kTagChallenge:
      return "challenge";
    case kTagResponse:
      return "response";
    case kTagTruncated:
      return "truncated";
    case kTagProperty:
      return "property";
    case kTagVersion:
      return "version";
    case kTagImf:
      return "imf";
    case kTagAlgorithm:
      return "algorithm";
    case kTagPassword:
      return "pin";
    case kTagNewPassword:
      return "new-pin";
    case kTagPinCounter:
      return "pin-retries";
    case 0x83:
      return "login";
    case 0x84:
      return "password";
    case 0x85:
      return "metadata";
    case kTagSerial:
      return "serial";
    default:
      return "";
  }
}

bool SecretTag(uint8_t tag) {
  return tag == kTagKey || tag == kTagPassword || tag == kTagNewPassword ||
         tag == 0x84;
}

std::string TlvText(const TlvView& t, uint8_t ins, bool show_secrets,
                    bool response) {
  std::string_view name = TagName(t.tag);
  std::string out = name.empty() ? "tag " + Byte(t.tag) : std::string(name);
  out += " ";
  if (!response && SecretTag(t.tag) && !show_secrets) {
    // PUT: `73 <type|alg> <digits> <secret>`; SET CODE: `73 <alg> <key>`.
    if (t.tag == kTagKey && ins == kInsPut && t.value.size() >= 2) {
      return out + TypeText(t.value[0]) + " digits " +
             std::to_string(t.value[1]) + " " + SecretText(t.value.size() - 2);
    }
    if (t.tag == kTagKey && ins == kInsSetCode && !t.value.empty()) {
      // The type nibble is unused there: the algorithm alone (§3).
      std::string type = TypeText(t.value[0]);
      return out + type.substr(type.find('/') + 1) + " " +
             SecretText(t.value.size() - 1);
    }
    return out + SecretText(t.value.size());
  }
  switch (t.tag) {
    case kTagName:
    case 0x83:
    case 0x85:
      return out + Quoted(t.value);
    case kTagNameList:  // `72 L <type|alg> <name> [props]` (§2.5, §2.7)
      if (t.value.size() >= 3 &&
          Printable(t.value.subspan(1, t.value.size() - 2)) &&
          !Printable(t.value.last(1))) {  // LIST v1: a property byte last
        return out + TypeText(t.value[0]) + " " +
               Quoted(t.value.subspan(1, t.value.size() - 2)) + " properties " +
               Byte(t.value.back());
      }
      if (!t.value.empty()) {
        return out + TypeText(t.value[0]) + " " + Quoted(t.value.subspan(1));
      }
      break;
    case kTagTruncated:  // `76 05 <digits> <u32 BE>` (§2.6)
      if (t.value.size() == 5) {
        const uint32_t v = uint32_t{t.value[1]} << 24 |
                           uint32_t{t.value[2]} << 16 |
                           uint32_t{t.value[3]} << 8 | t.value[4];
        return out + "digits " + std::to_string(t.value[0]) + " value " +
               std::to_string(v);
      }
      break;
    case kTagChallenge:  // CALCULATE: the time step T, 8 bytes BE (§2.6)
      if (ins == kInsCalculate && t.value.size() == 8) {
        uint64_t v = 0;
        for (uint8_t b : t.value) v = v << 8 | b;
        return out + "T=" + std::to_string(v);
      }
      break;
    case kTagPinCounter:
      if (t.value.size() == 1) return out + std::to_string(t.value[0]);
      break;
    default:
      break;
  }
  return out + "h'" + Hex(t.value) + "'";
}

bool MayHoldSecret(uint8_t ins) {
  return ins == kInsPut || ins == kInsSetCode || ins == kInsVerifyPin ||
         ins == kInsChangePin || ins == kInsSetPin ||
         ins == kInsUpdateCredential || ins == kInsValidate;
}

std::string DataText(std::span<const uint8_t> data, uint8_t ins,
                     bool show_secrets, bool response) {
  auto tlvs = WalkTlvs(data, !response && ins == kInsPut);
  if (!tlvs) {
    if (!response && MayHoldSecret(ins) && !show_secrets) {
      return "data " + SecretText(data.size());
    }
    return "data h'" + Hex(data) + "'";
  }
  std::string out;
  for (const TlvView& t : *tlvs) {
    if (!out.empty()) out += ", ";
    out += TlvText(t, ins, show_secrets, response);
  }
  return out;
}

}  // namespace

std::string DescribeOathCommand(std::span<const uint8_t> apdu,
                                bool show_secrets,
                                std::optional<OathCommandId>* id) {
  if (apdu.size() < 4)
    return "<short APDU, " + std::to_string(apdu.size()) + " bytes>";
  const uint8_t ins = apdu[1];
  const uint8_t p1 = apdu[2];
  if (id != nullptr) *id = OathCommandId{ins, p1};
  std::string_view name = InsName(ins, p1);
  std::string out = name.empty() ? "INS " + Byte(ins) : std::string(name);
  out += " (" + Hex(apdu.first(4)) + ")";
  // ISO 7816-4 §5.1: case 1 (header only), 2 (Le), 3/4 (Lc data [Le]);
  // extended Lc is 00 Lh Ll.
  std::span<const uint8_t> data;
  if (apdu.size() > 5) {
    size_t lc = apdu[4];
    size_t start = 5;
    if (lc == 0 && apdu.size() >= 7) {
      lc = size_t{apdu[5]} << 8 | apdu[6];
      start = 7;
    }
    if (lc > apdu.size() - start) {
      return out + " <Lc " + std::to_string(lc) + " past the end: " +
             (MayHoldSecret(ins) && !show_secrets
                  ? SecretText(apdu.size() - 4)
                  : "h'" + Hex(apdu.subspan(4)) + "'") +
             ">";
    }
    data = apdu.subspan(start, lc);
  }
  if (data.empty()) return out;
  if (ins == kInsList && data.size() == 1) {  // NK3 LIST version (§2.3)
    return out + " version " + std::to_string(data[0]);
  }
  if (ins == kInsSelect && p1 == 0x04) return out + " AID " + Hex(data);
  return out + " " + DataText(data, ins, show_secrets, false);
}

std::string DescribeOathResponse(std::optional<OathCommandId> command,
                                 uint16_t sw, std::span<const uint8_t> data) {
  char code[8];
  std::snprintf(code, sizeof code, "%04x", sw);
  std::string out = std::string("SW ") + code + " ";
  if ((sw & 0xFF00) == 0x6100) {
    out += "more data available (" +
           std::to_string(sw & 0xFF ? sw & 0xFF : 256) + " bytes)";
  } else if ((sw & 0xFFF0) == 0x63C0) {
    out +=
        "verification failed (" + std::to_string(sw & 0x0F) + " retries left)";
  } else {
    out += wire::iso7816::ToString(static_cast<wire::iso7816::Sw>(sw));
  }
  if (command) {
    std::string_view name = InsName(command->ins, command->p1);
    if (!name.empty()) out += " to " + std::string(name);
    if (sw != kSwSuccess && (sw & 0xFF00) != 0x6100) {
      out += " [" + std::string(Describe(sw, command->ins)) + "]";
    }
  }
  if (!data.empty()) {
    out += " " + DataText(data, command ? command->ins : 0, true, true);
  }
  return out;
}

}  // namespace bridge::trace

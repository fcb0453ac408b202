// DELETE, RESET, SELECT, SEND REMAINING (docs/protocol/oath.md §2.2, §2.3,
// §2.7).
#include <string>

#include "bridge/oath/commands.h"

namespace bridge::oath {

Result<Apdu> EncodeDelete(std::string_view name) {
  if (name.empty() || name.size() > kMaxTlvValue) {
    return MakeError(ErrorKind::kInvalidInput,
                     "account names are 1 to 127 bytes");
  }
  Apdu apdu;
  apdu.ins = kInsDelete;
  const auto* n = reinterpret_cast<const uint8_t*>(name.data());
  if (Status s = AppendTlv(apdu.data, kTagName, {n, name.size()}); !s) {
    return std::move(s).error();
  }
  return apdu;
}

Apdu EncodeReset() {
  Apdu apdu;
  apdu.ins = kInsReset;
  apdu.p1 = 0xDE;
  apdu.p2 = 0xAD;
  return apdu;
}

Apdu EncodeSendRemaining() {
  Apdu apdu;
  apdu.ins = kInsSendRemaining;
  return apdu;
}

Apdu EncodeSelect() {
  Apdu apdu;
  apdu.ins = kInsSelect;
  apdu.p1 = 0x04;
  apdu.data.assign(kOathAid.begin(), kOathAid.end());
  return apdu;
}

Result<SelectInfo> ParseSelectResponse(std::span<const uint8_t> data,
                                       TlvLength encoding) {
  Result<std::vector<Tlv>> tlvs = ParseTlvs(data, encoding);
  if (!tlvs) return std::move(tlvs).error();
  SelectInfo info;
  for (const Tlv& t : *tlvs) {
    switch (t.tag) {
      case kTagVersion:
        if (t.value.size() != 3) {
          return MakeError(ErrorKind::kProtocol,
                           "SELECT: version is not 3 bytes");
        }
        info.version =
            std::array<uint8_t, 3>{t.value[0], t.value[1], t.value[2]};
        break;
      case kTagName:
        info.salt.assign(t.value.begin(), t.value.end());
        break;
      case kTagPinCounter:
        if (t.value.size() != 1) {
          return MakeError(ErrorKind::kProtocol,
                           "SELECT: PIN counter is not 1 byte");
        }
        info.pin_retries = t.value[0];
        break;
      case kTagSerial:
        if (t.value.size() != 4) {
          return MakeError(ErrorKind::kProtocol,
                           "SELECT: serial is not 4 bytes");
        }
        info.serial = (uint32_t{t.value[0]} << 24) |
                      (uint32_t{t.value[1]} << 16) |
                      (uint32_t{t.value[2]} << 8) | uint32_t{t.value[3]};
        break;
      case kTagChallenge:  // YKOATH access code set (docs/protocol/oath.md §3)
        info.challenge.assign(t.value.begin(), t.value.end());
        break;
      case 0x7B:  // YKOATH access-code algorithm
        if (t.value.size() != 1) {
          return MakeError(ErrorKind::kProtocol,
                           "SELECT: algorithm is not 1 byte");
        }
        info.algorithm = t.value[0];
        break;
      default:
        break;
    }
  }
  return info;
}

}  // namespace bridge::oath

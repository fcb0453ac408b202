// YKOATH CALCULATE ALL (docs/protocol/oath.md §3 "CALCULATE ALL").
#include "bridge/oath/commands.h"

namespace bridge::oath {

Apdu EncodeCalculateAll(std::span<const uint8_t> challenge) {
  Apdu apdu;
  apdu.ins = kInsSelect;  // A4 with P1 00 is CALCULATE ALL
  apdu.p1 = 0x00;
  apdu.p2 = 0x01;  // truncated codes
  // An 8-byte time challenge always fits one short TLV.
  (void)AppendTlv(apdu.data, kTagChallenge, challenge);
  return apdu;
}

Result<std::vector<CalculateAllEntry>> ParseCalculateAllResponse(
    std::span<const uint8_t> data, TlvLength encoding) {
  constexpr std::string_view kWhat = "CALCULATE ALL";
  auto bad = [&](std::string_view why) {
    return MakeError(
        ErrorKind::kProtocol,
        std::string(kWhat) + ": " + std::string(why) + " in the key's reply");
  };
  Result<std::vector<Tlv>> tlvs = ParseTlvs(data, encoding);
  if (!tlvs) return std::move(tlvs).error();
  std::vector<CalculateAllEntry> out;
  for (size_t i = 0; i < tlvs->size(); i += 2) {
    const Tlv& name = (*tlvs)[i];
    if (name.tag != kTagName) return bad("expected a name (71)");
    if (name.value.empty() || name.value.size() > kMaxNameBytes) {
      return bad("a name of " + std::to_string(name.value.size()) + " bytes");
    }
    if (i + 1 >= tlvs->size()) return bad("a name without a code");
    const Tlv& answer = (*tlvs)[i + 1];
    CalculateAllEntry e;
    e.name.assign(name.value.begin(), name.value.end());
    switch (answer.tag) {
      case kTagTruncated: {
        Result<TruncatedCode> code = ParseTruncatedValue(answer.value, kWhat);
        if (!code) return std::move(code).error();
        e.kind = CalculateAllEntry::Kind::kCode;
        e.code = *code;
        e.digits = code->digits;
        break;
      }
      case kTagHotp:
      case kTagTouch:
        if (answer.value.size() != 1 || answer.value[0] < 1 ||
            answer.value[0] > 10) {
          return bad("a malformed HOTP/touch entry");
        }
        e.kind = answer.tag == kTagHotp ? CalculateAllEntry::Kind::kHotp
                                        : CalculateAllEntry::Kind::kTouch;
        e.digits = answer.value[0];
        break;
      default:
        return bad("unexpected tag after '" + e.name + "'");
    }
    out.push_back(std::move(e));
  }
  return out;
}

}  // namespace bridge::oath

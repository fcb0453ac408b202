// CALCULATE with P2=01, truncated response (docs/protocol/oath.md §2.6).
#include "bridge/oath/commands.h"

namespace bridge::oath {

std::array<uint8_t, 8> TimeChallenge(uint64_t t) {
  std::array<uint8_t, 8> out;
  for (int i = 7; i >= 0; --i) {
    out[i] = static_cast<uint8_t>(t);
    t >>= 8;
  }
  return out;
}

Result<Apdu> EncodeCalculate(std::string_view name,
                             std::span<const uint8_t> challenge) {
  if (name.empty()) {
    return MakeError(ErrorKind::kInvalidInput, "the account name is empty");
  }
  Apdu apdu;
  apdu.ins = kInsCalculate;
  apdu.p2 = 0x01;  // truncated: the only form NK3 supports (§3.1)
  const auto* n = reinterpret_cast<const uint8_t*>(name.data());
  if (Status s = AppendTlv(apdu.data, kTagName, {n, name.size()}); !s) {
    return std::move(s).error();
  }
  if (Status s = AppendTlv(apdu.data, kTagChallenge, challenge); !s) {
    return std::move(s).error();
  }
  return apdu;
}

Result<TruncatedCode> ParseTruncatedValue(std::span<const uint8_t> v,
                                          std::string_view what) {
  if (v.size() != 5) {
    return MakeError(ErrorKind::kProtocol,
                     std::string(what) +
                         ": a truncated code must be 5 bytes (digits, code)");
  }
  TruncatedCode code;
  code.digits = v[0];
  if (code.digits < 1 || code.digits > 10) {
    return MakeError(ErrorKind::kProtocol,
                     std::string(what) + ": the key reported " +
                         std::to_string(code.digits) + " digits");
  }
  code.value = (uint32_t{v[1]} << 24) | (uint32_t{v[2]} << 16) |
               (uint32_t{v[3]} << 8) | uint32_t{v[4]};
  return code;
}

Result<TruncatedCode> ParseCalculateResponse(std::span<const uint8_t> data,
                                             TlvLength encoding) {
  Result<std::vector<Tlv>> tlvs = ParseTlvs(data, encoding);
  if (!tlvs) return std::move(tlvs).error();
  if (tlvs->size() != 1 || (*tlvs)[0].tag != kTagTruncated ||
      (*tlvs)[0].value.size() != 5) {
    return MakeError(ErrorKind::kProtocol,
                     "CALCULATE: expected `76 05 <digits> <code>` in the "
                     "key's reply");
  }
  return ParseTruncatedValue((*tlvs)[0].value, "CALCULATE");
}

}  // namespace bridge::oath

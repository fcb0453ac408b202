#include "u2f_apdu.h"

#include "oath/apdu.h"

namespace hsm::ctap2 {
namespace {

// `00 Lc1 Lc2 = 00 00` with a two-byte Le: what python-fido2 and libfido2
// send for VERSION (docs/protocol/ctap.md §7.1). ISO 7816-4 would omit Lc.
bool IsEmptyExtendedWithLe(std::span<const uint8_t> apdu) {
  return apdu.size() == 9 && apdu[4] == 0 && apdu[5] == 0 && apdu[6] == 0;
}

}  // namespace

Result<U2fRequest, Sw> ParseU2fRequest(std::span<const uint8_t> bytes) {
  std::span<const uint8_t> data;
  uint8_t cla = 0;
  uint8_t ins = 0;
  uint8_t p1 = 0;
  if (IsEmptyExtendedWithLe(bytes)) {
    cla = bytes[0];
    ins = bytes[1];
    p1 = bytes[2];
  } else {
    auto apdu = oath::ParseApdu(bytes);
    if (!apdu.ok()) return MakeErr(Sw::kWrongLength);
    cla = apdu->cla;
    ins = apdu->ins;
    p1 = apdu->p1;
    data = apdu->data;
  }
  // FIDO U2F Raw Message Formats §3.3: CLA 00 only.
  if (cla != 0x00) return MakeErr(Sw::kClaNotSupported);
  U2fRequest req;
  switch (static_cast<U2fIns>(ins)) {
    case U2fIns::kVersion:
      // §6.1: no data.
      if (!data.empty()) return MakeErr(Sw::kWrongLength);
      req.ins = U2fIns::kVersion;
      return req;
    case U2fIns::kRegister:
      // §4.1: challenge parameter (32) || application parameter (32). P1 and
      // P2 are not checked (docs/protocol/ctap.md §7.1).
      if (data.size() != 2 * kU2fParamSize) return MakeErr(Sw::kWrongLength);
      req.ins = U2fIns::kRegister;
      req.challenge = data.first(kU2fParamSize);
      req.application = data.subspan(kU2fParamSize, kU2fParamSize);
      return req;
    case U2fIns::kAuthenticate: {
      // §5.1: challenge (32) || application (32) || L (1) || key handle (L).
      if (data.size() < 2 * kU2fParamSize + 1) {
        return MakeErr(Sw::kWrongLength);
      }
      const size_t l = data[2 * kU2fParamSize];
      if (data.size() != 2 * kU2fParamSize + 1 + l) {
        return MakeErr(Sw::kWrongLength);
      }
      auto control = static_cast<U2fControl>(p1);
      if (control != U2fControl::kEnforcePresenceAndSign &&
          control != U2fControl::kCheckOnly &&
          control != U2fControl::kDontEnforcePresenceAndSign) {
        // Decision: ISO 7816-4 "incorrect P1/P2"; the U2F text names no
        // status word for an unknown control byte.
        return MakeErr(Sw::kIncorrectP1P2);
      }
      req.ins = U2fIns::kAuthenticate;
      req.control = control;
      req.challenge = data.first(kU2fParamSize);
      req.application = data.subspan(kU2fParamSize, kU2fParamSize);
      req.key_handle = data.subspan(2 * kU2fParamSize + 1, l);
      return req;
    }
  }
  return MakeErr(Sw::kInsNotSupported);
}

}  // namespace hsm::ctap2

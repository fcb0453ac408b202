// Nitrokey PIN commands VERIFY / CHANGE / SET (docs/protocol/oath.md §2.3,
// §2.9).
#include "bridge/oath/commands.h"

namespace bridge::oath {
namespace {

Status CheckPin(const SecretBytes& pin) {
  if (pin.empty()) return MakeError(ErrorKind::kInvalidInput, "empty PIN");
  if (pin.size() > kMaxTlvValue) {
    return MakeError(ErrorKind::kInvalidInput,
                     "the PIN is longer than 127 bytes");
  }
  return OkStatus();
}

Result<Apdu> Encode(uint8_t ins, const SecretBytes& first,
                    const SecretBytes* second) {
  if (Status s = CheckPin(first); !s) return std::move(s).error();
  if (second != nullptr) {
    if (Status s = CheckPin(*second); !s) return std::move(s).error();
  }
  Apdu apdu;
  apdu.ins = ins;
  apdu.data.reserve(4 + first.size() + (second ? second->size() : 0));
  (void)AppendTlv(apdu.data, kTagPassword, first.view());
  if (second != nullptr) {
    (void)AppendTlv(apdu.data, kTagNewPassword, second->view());
  }
  return apdu;
}

}  // namespace

Result<Apdu> EncodeVerifyPin(const SecretBytes& pin) {
  return Encode(kInsVerifyPin, pin, nullptr);
}

Result<Apdu> EncodeSetPin(const SecretBytes& pin) {
  return Encode(kInsSetPin, pin, nullptr);
}

Result<Apdu> EncodeChangePin(const SecretBytes& old_pin,
                             const SecretBytes& new_pin) {
  return Encode(kInsChangePin, old_pin, &new_pin);
}

}  // namespace bridge::oath

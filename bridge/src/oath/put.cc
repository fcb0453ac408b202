// PUT (docs/protocol/oath.md §2.3 "PUT (Register)", §3 "PUT").
#include <string>

#include "bridge/oath/commands.h"
#include "bridge/oath/label.h"

namespace bridge::oath {

Result<Apdu> EncodePut(const CredentialData& cred) {
  if (cred.type != OathType::kTotp && cred.type != OathType::kHotp) {
    return MakeError(ErrorKind::kInvalidInput, "only TOTP and HOTP accounts");
  }
  if (cred.digits != 6 && cred.digits != 8) {
    return MakeError(ErrorKind::kInvalidInput, "digits must be 6 or 8");
  }
  if (cred.secret.empty()) {
    return MakeError(ErrorKind::kInvalidInput, "the secret is empty");
  }
  if (cred.secret.size() > kMaxSecretBytes) {
    return MakeError(ErrorKind::kInvalidInput,
                     "the secret is " + std::to_string(cred.secret.size()) +
                         " bytes; at most 125 fit on a key");
  }
  Result<std::string> name =
      FormatLabel(cred.issuer, cred.account, cred.type, cred.period);
  if (!name) return std::move(name).error();

  Apdu apdu;
  apdu.ins = kInsPut;
  std::vector<uint8_t>& d = apdu.data;
  d.reserve(2 + name->size() + 4 + cred.secret.size() + 2 + 6);
  const auto* n = reinterpret_cast<const uint8_t*>(name->data());
  if (Status s = AppendTlv(d, kTagName, {n, name->size()}); !s) {
    return std::move(s).error();
  }
  // 73 L <kind|alg> <digits> <secret>, built in place so the secret is not
  // copied to a temporary.
  d.push_back(kTagKey);
  d.push_back(static_cast<uint8_t>(2 + cred.secret.size()));
  d.push_back(static_cast<uint8_t>(static_cast<uint8_t>(cred.type) |
                                   static_cast<uint8_t>(cred.algorithm)));
  d.push_back(cred.digits);
  d.insert(d.end(), cred.secret.view().begin(), cred.secret.view().end());
  // Property: tag and value, no length byte (docs/protocol/oath.md §2.4 tag
  // 78).
  d.push_back(kTagProperty);
  d.push_back(cred.touch ? kPropRequireTouch : 0x00);
  if (cred.type == OathType::kHotp) {
    d.insert(d.end(), {kTagImf, 0x04, static_cast<uint8_t>(cred.counter >> 24),
                       static_cast<uint8_t>(cred.counter >> 16),
                       static_cast<uint8_t>(cred.counter >> 8),
                       static_cast<uint8_t>(cred.counter)});
  }
  return apdu;
}

}  // namespace bridge::oath

// The clientDataHash parameter of authenticatorMakeCredential and
// authenticatorGetAssertion (CTAP 2.1 §6.1.1, §6.2.1).
#include "context.h"

namespace hsm::ctap2 {

Result<std::span<const uint8_t>, CtapStatus> ParseClientDataHash(
    const cbor_item_t* item) {
  auto bytes = cbor::AsBytes(item);
  if (!bytes.ok()) return MakeErr(bytes.error());
  // docs/protocol/ctap.md §6.4: a SHA-256 hash is 32 bytes; other lengths
  // answer CTAP1_ERR_INVALID_LENGTH, as SoloKeys' parser does.
  constexpr size_t kSha256Size = 32;
  if (bytes->size() != kSha256Size) {
    return MakeErr(CtapStatus::kInvalidLength);
  }
  return *bytes;
}

}  // namespace hsm::ctap2

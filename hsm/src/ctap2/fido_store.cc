#include "hsm/ctap2/fido_store.h"

#include <openssl/crypto.h>

#include <vector>

namespace hsm::ctap2 {

Status<store::StoreError> SealedFidoStore::Load() {
  std::span<const uint8_t> bytes = store_.section(store::Section::kFido);
  if (bytes.empty()) {
    state_ = FidoState();
    return Status<store::StoreError>::Ok();
  }
  auto decoded = DecodeFidoState(bytes);
  if (!decoded.ok()) return MakeErr(store::StoreError::kCorrupt);
  state_ = std::move(decoded.value());
  return Status<store::StoreError>::Ok();
}

bool SealedFidoStore::Commit(FidoState next) {
  std::vector<uint8_t> bytes = EncodeFidoState(next);
  bool ok = store_.CommitSection(store::Section::kFido, bytes).ok();
  OPENSSL_cleanse(bytes.data(), bytes.size());
  if (ok) state_ = std::move(next);
  return ok;
}

}  // namespace hsm::ctap2

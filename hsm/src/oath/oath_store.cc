#include "hsm/oath/oath_store.h"

#include <openssl/crypto.h>

#include <vector>

namespace hsm::oath {
namespace {

// SELECT tag 71 (docs/protocol/oath.md §2.2): 8 bytes.
constexpr size_t kSaltSize = 8;

}  // namespace

Status<store::StoreError> OathStore::Load() {
  std::span<const uint8_t> bytes = store_.section(store::Section::kOath);
  if (bytes.empty()) {
    OathState fresh;
    fresh.salt.resize(kSaltSize);
    platform_.Random(fresh.salt);
    return Commit(std::move(fresh));
  }
  auto decoded = DecodeOathState(bytes);
  if (!decoded.ok()) return MakeErr(store::StoreError::kCorrupt);
  state_ = std::move(decoded.value());
  return Status<store::StoreError>::Ok();
}

Status<store::StoreError> OathStore::Commit(OathState next) {
  std::vector<uint8_t> bytes = EncodeOathState(next);
  auto status = store_.CommitSection(store::Section::kOath, bytes);
  OPENSSL_cleanse(bytes.data(), bytes.size());
  if (status.ok()) state_ = std::move(next);
  return status;
}

}  // namespace hsm::oath

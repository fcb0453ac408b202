// credBlob (CTAP 2.1 §12.2) and largeBlobKey (§12.3) extension inputs.
#include "blob_extensions.h"

namespace hsm::ctap2 {
namespace {

// §12.3: the only valid input is true.
Result<bool, CtapStatus> LargeBlobKeyInput(const cbor_item_t* extensions) {
  const cbor_item_t* item = cbor::MapGetText(extensions, "largeBlobKey");
  if (item == nullptr) return false;
  auto v = cbor::AsBool(item);
  if (!v.ok()) return MakeErr(v.error());
  if (!*v) return MakeErr(CtapStatus::kInvalidOption);
  return true;
}

}  // namespace

Result<MakeCredentialBlobInputs, CtapStatus> ParseMakeCredentialBlobInputs(
    const cbor_item_t* extensions) {
  MakeCredentialBlobInputs in;
  if (extensions == nullptr) return in;
  if (const cbor_item_t* item = cbor::MapGetText(extensions, "credBlob")) {
    auto v = cbor::AsBytes(item);
    if (!v.ok()) return MakeErr(v.error());
    in.cred_blob = *v;
  }
  auto lbk = LargeBlobKeyInput(extensions);
  if (!lbk.ok()) return MakeErr(lbk.error());
  in.large_blob_key = *lbk;
  return in;
}

Result<GetAssertionBlobInputs, CtapStatus> ParseGetAssertionBlobInputs(
    const cbor_item_t* extensions) {
  GetAssertionBlobInputs in;
  if (extensions == nullptr) return in;
  if (const cbor_item_t* item = cbor::MapGetText(extensions, "credBlob")) {
    auto v = cbor::AsBool(item);
    if (!v.ok()) return MakeErr(v.error());
    in.cred_blob = *v;
  }
  auto lbk = LargeBlobKeyInput(extensions);
  if (!lbk.ok()) return MakeErr(lbk.error());
  in.large_blob_key = *lbk;
  return in;
}

bool CredBlobStored(std::span<const uint8_t> cred_blob, bool resident) {
  return resident && cred_blob.size() <= kMaxCredBlobLength;
}

SecretBytes NewLargeBlobKey(Platform& platform) {
  SecretBytes key(kLargeBlobKeySize);
  platform.Random(key.mutable_view());
  return key;
}

}  // namespace hsm::ctap2

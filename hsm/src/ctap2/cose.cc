#include "cose.h"

#include "hsm/crypto/ed25519.h"

namespace hsm::ctap2::cose {

cbor::Item Es256Key(const crypto::P256Point& point) {
  return cbor::MapBuilder()
      .Add(1, cbor::Int(2))          // kty: EC2
      .Add(3, cbor::Int(kAlgEs256))  // alg: ES256
      .Add(-1, cbor::Int(1))         // crv: P-256
      .Add(-2, cbor::Bytes(point.x))
      .Add(-3, cbor::Bytes(point.y))
      .Build();
}

cbor::Item EdDsaKey(const std::array<uint8_t, 32>& x) {
  return cbor::MapBuilder()
      .Add(1, cbor::Int(1))          // kty: OKP
      .Add(3, cbor::Int(kAlgEdDsa))  // alg: EdDSA
      .Add(-1, cbor::Int(6))         // crv: Ed25519
      .Add(-2, cbor::Bytes(x))
      .Build();
}

cbor::Item KeyAgreementKey(const crypto::P256Point& point) {
  return cbor::MapBuilder()
      .Add(1, cbor::Int(2))
      .Add(3, cbor::Int(kAlgEcdhEsHkdf256))
      .Add(-1, cbor::Int(1))
      .Add(-2, cbor::Bytes(point.x))
      .Add(-3, cbor::Bytes(point.y))
      .Build();
}

std::optional<cbor::Item> CredentialPublicKey(const Credential& credential) {
  if (credential.alg == kAlgEdDsa) {
    auto x = crypto::Ed25519PublicKey(credential.private_key.view());
    if (!x.ok()) return std::nullopt;
    return EdDsaKey(*x);
  }
  auto point = crypto::P256PublicKey(credential.private_key.view());
  if (!point.ok()) return std::nullopt;
  return Es256Key(*point);
}

namespace {
const cbor_item_t* MapGetInt(const cbor_item_t* map, int64_t key) {
  if (!cbor_isa_map(map)) return nullptr;
  struct cbor_pair* pairs = cbor_map_handle(map);
  for (size_t i = 0; i < cbor_map_size(map); ++i) {
    auto k = cbor::AsInt(pairs[i].key);
    if (k.ok() && *k == key) return pairs[i].value;
  }
  return nullptr;
}
}  // namespace

Result<crypto::P256Point, CtapStatus> ParseKeyAgreement(
    const cbor_item_t* key) {
  if (key == nullptr) return MakeErr(CtapStatus::kMissingParameter);
  if (!cbor_isa_map(key)) return MakeErr(CtapStatus::kCborUnexpectedType);
  const cbor_item_t* kty = MapGetInt(key, 1);
  const cbor_item_t* crv = MapGetInt(key, -1);
  const cbor_item_t* x = MapGetInt(key, -2);
  const cbor_item_t* y = MapGetInt(key, -3);
  if (!kty || !crv || !x || !y) return MakeErr(CtapStatus::kMissingParameter);
  auto kty_v = cbor::AsInt(kty);
  auto crv_v = cbor::AsInt(crv);
  auto x_v = cbor::AsBytes(x);
  auto y_v = cbor::AsBytes(y);
  if (!kty_v.ok() || !crv_v.ok() || !x_v.ok() || !y_v.ok()) {
    return MakeErr(CtapStatus::kCborUnexpectedType);
  }
  if (*kty_v != 2 || *crv_v != 1 || x_v->size() != 32 || y_v->size() != 32) {
    return MakeErr(CtapStatus::kInvalidParameter);
  }
  crypto::P256Point point;
  std::copy(x_v->begin(), x_v->end(), point.x.begin());
  std::copy(y_v->begin(), y_v->end(), point.y.begin());
  Status<crypto::CryptoError> valid = crypto::CheckP256Point(point);
  if (!valid.ok()) {
    return MakeErr(StatusFor(valid.error(), CtapStatus::kInvalidParameter));
  }
  return point;
}

}  // namespace hsm::ctap2::cose

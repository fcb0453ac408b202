#include "device_keys.h"

#include "hsm/crypto/p256.h"
#include "hsm/crypto/x509.h"

namespace hsm::ctap2 {

bool EnsureDeviceKeys(Context& ctx, FidoState& next) {
  if (next.wrap_key.empty()) {
    next.wrap_key = SecretBytes(32);
    ctx.platform.Random(next.wrap_key.mutable_view());
  }
  if (next.attestation_key.empty() || next.attestation_cert.empty()) {
    next.attestation_key = crypto::GenerateP256PrivateKey(ctx.platform);
    uint8_t serial_bytes[8];
    ctx.platform.Random(serial_bytes);
    uint64_t serial = 0;
    for (uint8_t b : serial_bytes) serial = (serial << 8) | b;
    serial = (serial >> 1) | 1;  // positive and nonzero (RFC 5280 §4.1.2.2)
    auto cert = crypto::MakeAttestationCertificate(next.attestation_key.view(),
                                                   ctx.config.aaguid, serial);
    if (!cert.ok()) return false;
    next.attestation_cert = std::move(*cert);
  }
  return true;
}

}  // namespace hsm::ctap2

// FidoState <-> CBOR. Grammar (unsigned keys ascending; optional members
// absent when unset):
//   state = {? 1: wrap_key(bstr 32), 2: sign_counter(u32),
//            ? 3: pin_hash(bstr 16), 4: pin_retries(0..8),
//            ? 5: attestation_key(bstr 32), ? 6: attestation_cert(bstr),
//            7: [cred*], 8: next_created(uint),
//            ? 9: always_uv(true), ? 10: min_pin_length(5..63),
//            ? 11: min_pin_length_rp_ids([+ tstr]), ? 12:
//            force_pin_change(true), ? 13: pin_code_points(1..63, only with 3),
//            ? 14: large_blob_array(bstr 17..kMaxSerializedLargeBlobArray)}
// Keys 9-14 are absent at their defaults; a state without them (written
// before authenticatorConfig / largeBlobs) decodes with the defaults, and key
// 13 absent beside a PIN hash reads as kDefaultMinPinLength. Key 14 absent is
// the initial large-blob array (CTAP 2.1 §6.10.1), which is never stored.
//   cred  = {1: id(bstr), 2: rp_id(tstr), 3: rp_name(tstr), 4: user_id(bstr),
//            5: user_name(tstr), 6: user_display_name(tstr), 7: alg(-7|-8),
//            8: private_key(bstr 32), 9: cred_protect(1..3),
//            10: hmac_secret(bool), 11: created(uint),
//            ? 12: cred_blob(bstr 1..kMaxCredBlobLength),
//            ? 13: large_blob_key(bstr 32)}
// Keys 12 and 13 (CTAP 2.1 §12.2, §12.3) are absent when unset, so
// credentials stored before them decode unchanged.
#include "hsm/ctap2/fido_state.h"

#include <algorithm>

#include "cbor/codec.h"

namespace hsm::ctap2 {
namespace {

constexpr size_t kMaxCredentials = 1024;
constexpr size_t kMaxIdSize = 255;
constexpr size_t kMaxTextSize = 255;
constexpr size_t kMaxUserIdSize = 64;
constexpr size_t kMaxCertSize = 4096;

void EncodeCredential(cbor::Writer& w, const ResidentCredential& c) {
  w.MapStart(11 + (c.cred_blob.empty() ? 0 : 1) +
             (c.large_blob_key.empty() ? 0 : 1));
  w.Uint(1);
  w.Bytes(c.id);
  w.Uint(2);
  w.Text(c.rp_id);
  w.Uint(3);
  w.Text(c.rp_name);
  w.Uint(4);
  w.Bytes(c.user_id);
  w.Uint(5);
  w.Text(c.user_name);
  w.Uint(6);
  w.Text(c.user_display_name);
  w.Uint(7);
  w.Int(c.alg);
  w.Uint(8);
  w.Bytes(c.private_key.view());
  w.Uint(9);
  w.Uint(c.cred_protect);
  w.Uint(10);
  w.Bool(c.hmac_secret);
  w.Uint(11);
  w.Uint(c.created);
  if (!c.cred_blob.empty()) {
    w.Uint(12);
    w.Bytes(c.cred_blob);
  }
  if (!c.large_blob_key.empty()) {
    w.Uint(13);
    w.Bytes(c.large_blob_key.view());
  }
}

bool TextOfSize(cbor::Reader& r, size_t max, std::string* out) {
  std::string_view t;
  if (!r.TextOfSize(max, &t)) return false;
  out->assign(t);
  return true;
}

bool DecodeCredential(cbor::Reader& r, ResidentCredential* c) {
  size_t n;
  if (!r.MapStart(&n) || n < 11 || n > 13) return false;
  std::span<const uint8_t> b;
  int64_t alg;
  uint64_t u;
  bool flag;
  if (!r.Key(1) || !r.BytesOfSize(1, kMaxIdSize, &b)) return false;
  c->id.assign(b.begin(), b.end());
  if (!r.Key(2) || !TextOfSize(r, kMaxTextSize, &c->rp_id) || c->rp_id.empty())
    return false;
  if (!r.Key(3) || !TextOfSize(r, kMaxTextSize, &c->rp_name)) return false;
  if (!r.Key(4) || !r.BytesOfSize(1, kMaxUserIdSize, &b)) return false;
  c->user_id.assign(b.begin(), b.end());
  if (!r.Key(5) || !TextOfSize(r, kMaxTextSize, &c->user_name)) return false;
  if (!r.Key(6) || !TextOfSize(r, kMaxTextSize, &c->user_display_name))
    return false;
  if (!r.Key(7) || !r.Int(&alg) || (alg != kAlgEs256 && alg != kAlgEdDsa))
    return false;
  c->alg = static_cast<int32_t>(alg);
  if (!r.Key(8) || !r.BytesOfSize(32, 32, &b)) return false;
  c->private_key = SecretBytes(b);
  if (!r.Key(9) || !r.Uint(&u) || u < 1 || u > 3) return false;
  c->cred_protect = static_cast<uint8_t>(u);
  if (!r.Key(10) || !r.Bool(&flag)) return false;
  c->hmac_secret = flag;
  if (!r.Key(11) || !r.Uint(&u) || u == 0) return false;
  c->created = u;
  size_t seen = 11;
  if (r.NextIsKey(12)) {
    if (!r.Key(12) || !r.BytesOfSize(1, kMaxCredBlobLength, &b)) return false;
    c->cred_blob.assign(b.begin(), b.end());
    ++seen;
  }
  if (r.NextIsKey(13)) {
    if (!r.Key(13) || !r.BytesOfSize(kLargeBlobKeySize, kLargeBlobKeySize, &b))
      return false;
    c->large_blob_key = SecretBytes(b);
    ++seen;
  }
  return seen == n;
}

}  // namespace

ResidentCredential ResidentCredential::Clone() const {
  ResidentCredential c;
  c.id = id;
  c.rp_id = rp_id;
  c.rp_name = rp_name;
  c.user_id = user_id;
  c.user_name = user_name;
  c.user_display_name = user_display_name;
  c.alg = alg;
  c.private_key = private_key.Clone();
  c.cred_protect = cred_protect;
  c.hmac_secret = hmac_secret;
  c.created = created;
  c.cred_blob = cred_blob;
  c.large_blob_key = large_blob_key.Clone();
  return c;
}

FidoState FidoState::Clone() const {
  FidoState s;
  s.wrap_key = wrap_key.Clone();
  s.sign_counter = sign_counter;
  if (pin_hash) s.pin_hash = pin_hash->Clone();
  s.pin_retries = pin_retries;
  s.attestation_key = attestation_key.Clone();
  s.attestation_cert = attestation_cert;
  s.credentials.reserve(credentials.size());
  for (const auto& c : credentials) s.credentials.push_back(c.Clone());
  s.next_created = next_created;
  s.always_uv = always_uv;
  s.min_pin_length = min_pin_length;
  s.min_pin_length_rp_ids = min_pin_length_rp_ids;
  s.force_pin_change = force_pin_change;
  s.pin_code_points = pin_code_points;
  s.large_blob_array = large_blob_array;
  return s;
}

std::vector<uint8_t> EncodeFidoState(const FidoState& s) {
  cbor::Writer w;
  // Reserve the worst case so the buffer holding secrets never reallocates
  // (which would leave stale copies in freed memory).
  size_t bound = 200 + s.attestation_cert.size() + s.large_blob_array.size();
  for (const auto& rp : s.min_pin_length_rp_ids) bound += 4 + rp.size();
  for (const auto& c : s.credentials) {
    bound += 64 + c.id.size() + c.rp_id.size() + c.rp_name.size() +
             c.user_id.size() + c.user_name.size() +
             c.user_display_name.size() + c.private_key.size() +
             c.cred_blob.size() + c.large_blob_key.size();
  }
  w.Reserve(bound);
  size_t n = 4 + (s.wrap_key.empty() ? 0 : 1) + (s.pin_hash ? 1 : 0) +
             (s.attestation_key.empty() ? 0 : 1) +
             (s.attestation_cert.empty() ? 0 : 1) + (s.always_uv ? 1 : 0) +
             (s.min_pin_length != kDefaultMinPinLength ? 1 : 0) +
             (s.min_pin_length_rp_ids.empty() ? 0 : 1) +
             (s.force_pin_change ? 1 : 0) +
             (s.pin_hash && s.pin_code_points != 0 ? 1 : 0) +
             (s.large_blob_array.empty() ? 0 : 1);
  w.MapStart(n);
  if (!s.wrap_key.empty()) {
    w.Uint(1);
    w.Bytes(s.wrap_key.view());
  }
  w.Uint(2);
  w.Uint(s.sign_counter);
  if (s.pin_hash) {
    w.Uint(3);
    w.Bytes(s.pin_hash->view());
  }
  w.Uint(4);
  w.Uint(s.pin_retries);
  if (!s.attestation_key.empty()) {
    w.Uint(5);
    w.Bytes(s.attestation_key.view());
  }
  if (!s.attestation_cert.empty()) {
    w.Uint(6);
    w.Bytes(s.attestation_cert);
  }
  w.Uint(7);
  w.ArrayStart(s.credentials.size());
  for (const auto& c : s.credentials) EncodeCredential(w, c);
  w.Uint(8);
  w.Uint(s.next_created);
  if (s.always_uv) {
    w.Uint(9);
    w.Bool(true);
  }
  if (s.min_pin_length != kDefaultMinPinLength) {
    w.Uint(10);
    w.Uint(s.min_pin_length);
  }
  if (!s.min_pin_length_rp_ids.empty()) {
    w.Uint(11);
    w.ArrayStart(s.min_pin_length_rp_ids.size());
    for (const auto& rp : s.min_pin_length_rp_ids) w.Text(rp);
  }
  if (s.force_pin_change) {
    w.Uint(12);
    w.Bool(true);
  }
  if (s.pin_hash && s.pin_code_points != 0) {
    w.Uint(13);
    w.Uint(s.pin_code_points);
  }
  if (!s.large_blob_array.empty()) {
    w.Uint(14);
    w.Bytes(s.large_blob_array);
  }
  return w.Take();
}

Result<FidoState, store::StateError> DecodeFidoState(
    std::span<const uint8_t> bytes) {
  const auto bad = MakeErr(store::StateError::kMalformed);
  cbor::Reader r(bytes);
  FidoState s;
  size_t n;
  if (!r.MapStart(&n) || n < 4 || n > 14) return bad;
  size_t seen = 0;
  std::span<const uint8_t> b;
  uint64_t u;
  if (r.NextIsKey(1)) {
    if (!r.Key(1) || !r.BytesOfSize(32, 32, &b)) return bad;
    s.wrap_key = SecretBytes(b);
    ++seen;
  }
  if (!r.Key(2) || !r.Uint(&u) || u > 0xFFFFFFFF) return bad;
  s.sign_counter = static_cast<uint32_t>(u);
  ++seen;
  if (r.NextIsKey(3)) {
    if (!r.Key(3) || !r.BytesOfSize(16, 16, &b)) return bad;
    s.pin_hash = SecretBytes(b);
    ++seen;
  }
  if (!r.Key(4) || !r.Uint(&u) || u > kMaxPinRetries) return bad;
  s.pin_retries = static_cast<uint8_t>(u);
  ++seen;
  if (r.NextIsKey(5)) {
    if (!r.Key(5) || !r.BytesOfSize(32, 32, &b)) return bad;
    s.attestation_key = SecretBytes(b);
    ++seen;
  }
  if (r.NextIsKey(6)) {
    if (!r.Key(6) || !r.BytesOfSize(1, kMaxCertSize, &b)) return bad;
    s.attestation_cert.assign(b.begin(), b.end());
    ++seen;
  }
  size_t count;
  if (!r.Key(7) || !r.ArrayStart(&count) || count > kMaxCredentials) return bad;
  ++seen;
  for (size_t i = 0; i < count; ++i) {
    ResidentCredential c;
    if (!DecodeCredential(r, &c)) return bad;
    s.credentials.push_back(std::move(c));
  }
  if (!r.Key(8) || !r.Uint(&u) || u == 0) return bad;
  s.next_created = u;
  ++seen;
  bool flag;
  if (r.NextIsKey(9)) {
    if (!r.Key(9) || !r.Bool(&flag) || !flag) return bad;
    s.always_uv = true;
    ++seen;
  }
  if (r.NextIsKey(10)) {
    if (!r.Key(10) || !r.Uint(&u) || u <= kDefaultMinPinLength ||
        u > kMaxMinPinLength) {
      return bad;
    }
    s.min_pin_length = static_cast<uint8_t>(u);
    ++seen;
  }
  if (r.NextIsKey(11)) {
    if (!r.Key(11) || !r.ArrayStart(&count) || count == 0 ||
        count > kMaxMinPinLengthRpIds) {
      return bad;
    }
    for (size_t i = 0; i < count; ++i) {
      std::string rp;
      if (!TextOfSize(r, kMaxTextSize, &rp) || rp.empty()) return bad;
      s.min_pin_length_rp_ids.push_back(std::move(rp));
    }
    ++seen;
  }
  if (r.NextIsKey(12)) {
    if (!r.Key(12) || !r.Bool(&flag) || !flag) return bad;
    s.force_pin_change = true;
    ++seen;
  }
  if (r.NextIsKey(13)) {
    if (!s.pin_hash || !r.Key(13) || !r.Uint(&u) || u == 0 ||
        u > kMaxMinPinLength) {
      return bad;
    }
    s.pin_code_points = static_cast<uint8_t>(u);
    ++seen;
  } else if (s.pin_hash) {
    s.pin_code_points = kDefaultMinPinLength;
  }
  if (r.NextIsKey(14)) {
    // 17 bytes: the smallest array (0x80) and its 16-byte checksum.
    if (!r.Key(14) || !r.BytesOfSize(17, kMaxSerializedLargeBlobArray, &b)) {
      return bad;
    }
    s.large_blob_array.assign(b.begin(), b.end());
    ++seen;
  }
  if (seen != n || !r.AtEnd()) return bad;
  for (const auto& c : s.credentials) {
    if (c.created >= s.next_created) return bad;
  }
  return s;
}

}  // namespace hsm::ctap2

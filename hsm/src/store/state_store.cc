// Sealed, versioned, crash-safe state (docs/architecture.md "State is
// crash-safe").
//
// Medium layout:
//   kDeviceKey : 32 random bytes, written once at first boot.
//   kStateA/B  : magic "KBST" ‖ format(1) ‖ generation(u64 BE) ‖ nonce(12) ‖
//                AES-256-GCM(device key, nonce, aad, state record) ‖ tag(16)
//                (the record: hsm/store/state_record.h)
//   aad        = magic ‖ format ‖ generation ‖ slot id
// Commits alternate between the slots with an increasing generation and
// always overwrite the slot that does NOT hold the current state, so a torn
// or failed write leaves the last committed state intact. Load takes the
// newest slot that authenticates; binding the slot id and generation in the
// AAD stops a slot being replayed into the other one.
//
// Recovery rule: if no slot authenticates and at most one slot exists, the
// device never completed its first commit (power cut during first boot) and
// starts fresh; if both slots exist and neither authenticates the medium is
// corrupt (kCorrupt).
#include "hsm/store/state_store.h"

#include <openssl/crypto.h>

#include <array>
#include <cstring>
#include <optional>

#include "hsm/crypto/aead.h"

namespace hsm::store {
namespace {

constexpr std::array<uint8_t, 4> kMagic = {'K', 'B', 'S', 'T'};
constexpr uint8_t kFormatVersion = 1;
constexpr size_t kHeaderSize = kMagic.size() + 1 + 8 + crypto::kGcmNonceSize;
constexpr size_t kMaxSealedSize = 128 * 1024;
constexpr size_t kDeviceKeySize = crypto::kAes256KeySize;

void PutU64(uint8_t* p, uint64_t v) {
  for (int i = 7; i >= 0; --i) {
    p[i] = static_cast<uint8_t>(v & 0xFF);
    v >>= 8;
  }
}

uint64_t GetU64(const uint8_t* p) {
  uint64_t v = 0;
  for (int i = 0; i < 8; ++i) v = (v << 8) | p[i];
  return v;
}

std::vector<uint8_t> Aad(uint64_t generation, StorageSlot slot) {
  std::vector<uint8_t> aad(kMagic.begin(), kMagic.end());
  aad.push_back(kFormatVersion);
  aad.resize(aad.size() + 8);
  PutU64(aad.data() + kMagic.size() + 1, generation);
  aad.push_back(static_cast<uint8_t>(slot));
  return aad;
}

struct Opened {
  uint64_t generation = 0;
  Result<StateRecord, StateError> record = MakeErr(StateError::kMalformed);
};

// Returns nullopt if the slot's bytes do not authenticate.
std::optional<Opened> OpenSlot(std::span<const uint8_t> key, StorageSlot slot,
                               std::span<const uint8_t> blob) {
  if (blob.size() < kHeaderSize + crypto::kGcmTagSize ||
      blob.size() > kMaxSealedSize ||
      std::memcmp(blob.data(), kMagic.data(), kMagic.size()) != 0 ||
      blob[kMagic.size()] != kFormatVersion) {
    return std::nullopt;
  }
  uint64_t generation = GetU64(blob.data() + kMagic.size() + 1);
  auto nonce = blob.subspan(kMagic.size() + 1 + 8, crypto::kGcmNonceSize);
  auto sealed = blob.subspan(kHeaderSize);
  auto plain = crypto::Aes256GcmOpen(key, nonce, Aad(generation, slot), sealed);
  if (!plain.ok()) return std::nullopt;
  Opened o;
  o.generation = generation;
  o.record = DecodeStateRecord(plain->view());
  return o;
}

}  // namespace

struct StateStore::Sealing {
  SecretBytes device_key;
  uint64_t generation = 0;             // of the current state
  std::optional<StorageSlot> current;  // slot holding the current state
};

StateStore::StateStore(Platform& platform, std::optional<uint32_t> fresh_serial)
    : platform_(platform),
      fresh_serial_(fresh_serial),
      sealing_(std::make_shared<Sealing>()) {}

Status<StoreError> StateStore::Load() {
  sealing_ = std::make_shared<Sealing>();

  // State slots first: whether any exist decides what a missing key means.
  std::optional<std::vector<uint8_t>> blobs[2];
  const StorageSlot slots[2] = {StorageSlot::kStateA, StorageSlot::kStateB};
  int present = 0;
  for (int i = 0; i < 2; ++i) {
    auto r = platform_.Read(slots[i]);
    if (r.ok()) {
      blobs[i] = std::move(r.value());
      ++present;
    } else if (r.error() == StorageError::kIo) {
      return MakeErr(StoreError::kIo);
    }
  }

  // The device key (created at first boot, kept apart from the state).
  auto key = platform_.Read(StorageSlot::kDeviceKey);
  if (!key.ok() && key.error() == StorageError::kIo) {
    return MakeErr(StoreError::kIo);
  }
  if (key.ok() && key->size() == kDeviceKeySize) {
    sealing_->device_key = SecretBytes(*key);
    OPENSSL_cleanse(key->data(), key->size());
  } else {
    // Missing or torn key (power cut at first boot). Without the key any
    // existing sealed state is unreadable.
    if (present > 0) return MakeErr(StoreError::kCorrupt);
    SecretBytes fresh(kDeviceKeySize);
    platform_.Random(fresh.mutable_view());
    if (!platform_.Write(StorageSlot::kDeviceKey, fresh.view()).ok()) {
      return MakeErr(StoreError::kIo);
    }
    sealing_->device_key = std::move(fresh);
  }
  if (key.ok()) OPENSSL_cleanse(key->data(), key->size());

  // Newest authentic slot wins.
  std::optional<Opened> best;
  std::optional<StorageSlot> best_slot;
  for (int i = 0; i < 2; ++i) {
    if (!blobs[i]) continue;
    auto opened = OpenSlot(sealing_->device_key.view(), slots[i], *blobs[i]);
    if (!opened) continue;
    if (!opened->record.ok() &&
        opened->record.error() == StateError::kMalformed) {
      continue;  // authentic but undecodable: treat like a torn slot
    }
    if (!best || opened->generation > best->generation) {
      best = std::move(opened);
      best_slot = slots[i];
    }
  }
  if (best) {
    if (!best->record.ok()) return MakeErr(StoreError::kVersion);
    record_ = std::move(best->record.value());
    sealing_->generation = best->generation;
    sealing_->current = best_slot;
    return Status<StoreError>::Ok();
  }
  if (present == 2) return MakeErr(StoreError::kCorrupt);

  // Fresh device: a random serial, committed at once so it stays stable
  // across power cycles whatever the applets do. The OATH applet then
  // commits its fresh section (its salt, hsm/oath/oath_store.h); the FIDO
  // one is written at its first change.
  record_ = StateRecord();
  return Wipe();
}

Status<StoreError> StateStore::Wipe() {
  StateRecord fresh;
  if (fresh_serial_) {
    fresh.serial = *fresh_serial_;
  } else {
    uint8_t serial[4];
    platform_.Random(serial);
    fresh.serial = (uint32_t{serial[0]} << 24) | (uint32_t{serial[1]} << 16) |
                   (uint32_t{serial[2]} << 8) | serial[3];
  }
  return Commit(std::move(fresh));
}

Status<StoreError> StateStore::CommitSection(Section section,
                                             std::span<const uint8_t> bytes) {
  StateRecord next = record_.Clone();
  next.section(section) = SecretBytes(bytes);
  return Commit(std::move(next));
}

Status<StoreError> StateStore::Commit(StateRecord next) {
  if (sealing_->device_key.size() != kDeviceKeySize) {
    return MakeErr(StoreError::kIo);  // Load() did not succeed
  }
  const StorageSlot target = sealing_->current == StorageSlot::kStateA
                                 ? StorageSlot::kStateB
                                 : StorageSlot::kStateA;
  const uint64_t generation = sealing_->generation + 1;

  std::vector<uint8_t> plain = EncodeStateRecord(next);
  std::vector<uint8_t> blob(kHeaderSize);
  std::memcpy(blob.data(), kMagic.data(), kMagic.size());
  blob[kMagic.size()] = kFormatVersion;
  PutU64(blob.data() + kMagic.size() + 1, generation);
  std::span<uint8_t> nonce(blob.data() + kMagic.size() + 1 + 8,
                           crypto::kGcmNonceSize);
  platform_.Random(nonce);
  auto sealed = crypto::Aes256GcmSeal(sealing_->device_key.view(), nonce,
                                      Aad(generation, target), plain);
  OPENSSL_cleanse(plain.data(), plain.size());
  if (!sealed.ok()) return MakeErr(StoreError::kIo);
  blob.insert(blob.end(), sealed->begin(), sealed->end());

  if (!platform_.Write(target, blob).ok()) return MakeErr(StoreError::kIo);
  record_ = std::move(next);
  sealing_->generation = generation;
  sealing_->current = target;
  return Status<StoreError>::Ok();
}

}  // namespace hsm::store

#include "fake_platform.h"

#include <algorithm>

namespace hsm::testing {

void FakePlatform::Random(std::span<uint8_t> out) {
  ++random_draws_;
  for (auto& b : out) b = static_cast<uint8_t>(rng_() & 0xFF);
}

Result<std::vector<uint8_t>, StorageError> FakePlatform::Read(
    StorageSlot slot) {
  auto it = medium_.find(slot);
  if (it == medium_.end()) return MakeErr(StorageError::kNotFound);
  return it->second;
}

Status<StorageError> FakePlatform::Write(StorageSlot slot,
                                         std::span<const uint8_t> data) {
  if (power_cut_) return MakeErr(StorageError::kIo);
  if (writes_until_cut_ && *writes_until_cut_ == 0) {
    // Tear this write: the first torn_bytes_ bytes land over the old content.
    auto& old = medium_[slot];
    size_t n = std::min(torn_bytes_, data.size());
    if (old.size() < n) old.resize(n);
    std::copy(data.begin(), data.begin() + n, old.begin());
    power_cut_ = true;
    return MakeErr(StorageError::kIo);
  }
  if (writes_until_cut_) --*writes_until_cut_;
  medium_[slot].assign(data.begin(), data.end());
  ++write_count_;
  return Status<StorageError>::Ok();
}

void FakePlatform::CutPowerAfter(int writes, size_t torn_bytes) {
  writes_until_cut_ = writes;
  torn_bytes_ = torn_bytes;
}

void FakePlatform::RestorePower() {
  power_cut_ = false;
  writes_until_cut_.reset();
}

}  // namespace hsm::testing

#include "ctaphid/channel_table.h"

#include <algorithm>
#include <array>

#include "hsm/ctaphid/protocol.h"

namespace hsm::ctaphid {
namespace {
constexpr int kMaxAllocationAttempts = 64;
}  // namespace

ChannelTable::ChannelTable(size_t capacity)
    : capacity_(std::max<size_t>(capacity, 2)) {
  entries_.reserve(capacity_);
}

std::optional<uint32_t> ChannelTable::Allocate(Platform& platform,
                                               uint32_t keep) {
  for (int i = 0; i < kMaxAllocationAttempts; ++i) {
    std::array<uint8_t, 4> b{};
    platform.Random(b);
    uint32_t cid = (uint32_t{b[0]} << 24) | (uint32_t{b[1]} << 16) |
                   (uint32_t{b[2]} << 8) | uint32_t{b[3]};
    if (cid == kReservedCid || cid == kBroadcastCid || Contains(cid)) continue;
    Insert(cid, keep);
    return cid;
  }
  return std::nullopt;
}

void ChannelTable::Adopt(uint32_t cid, uint32_t keep) {
  if (cid == kReservedCid || cid == kBroadcastCid) return;
  if (Contains(cid)) {
    Touch(cid);
  } else {
    Insert(cid, keep);
  }
}

bool ChannelTable::Contains(uint32_t cid) const {
  return std::any_of(entries_.begin(), entries_.end(),
                     [cid](const Entry& e) { return e.cid == cid; });
}

void ChannelTable::Touch(uint32_t cid) {
  for (auto& e : entries_) {
    if (e.cid == cid) e.last_use = ++clock_;
  }
}

void ChannelTable::Clear() { entries_.clear(); }

void ChannelTable::Insert(uint32_t cid, uint32_t keep) {
  if (entries_.size() >= capacity_) {
    auto lru = entries_.end();
    for (auto it = entries_.begin(); it != entries_.end(); ++it) {
      if (it->cid == keep) continue;
      if (lru == entries_.end() || it->last_use < lru->last_use) lru = it;
    }
    if (lru != entries_.end()) entries_.erase(lru);
  }
  entries_.push_back(Entry{cid, ++clock_});
}

}  // namespace hsm::ctaphid

// ChannelTable: the CIDs the device has handed out or adopted (CTAP 2.1
// §11.2.9.1.3). Bounded (at least 2): when full, allocating or adopting a
// channel drops the least recently used one other than `keep` (the channel of
// the transaction in progress). Never holds CID 0 or the broadcast CID.
#ifndef HSM_SRC_CTAPHID_CHANNEL_TABLE_H_
#define HSM_SRC_CTAPHID_CHANNEL_TABLE_H_

#include <cstddef>
#include <cstdint>
#include <optional>
#include <vector>

#include "hsm/platform.h"

namespace hsm::ctaphid {

class ChannelTable {
 public:
  explicit ChannelTable(size_t capacity);

  // Allocates a fresh random CID (not 0, not broadcast, not in use). Returns
  // nullopt only if the RNG keeps producing unusable values.
  std::optional<uint32_t> Allocate(Platform& platform, uint32_t keep);

  // Adds `cid` (resync INIT on a CID the device did not hand out) or marks
  // it used. `cid` must not be 0 or broadcast.
  void Adopt(uint32_t cid, uint32_t keep);

  bool Contains(uint32_t cid) const;
  void Touch(uint32_t cid);  // marks as recently used
  void Clear();
  size_t size() const { return entries_.size(); }

 private:
  struct Entry {
    uint32_t cid;
    uint64_t last_use;
  };
  void Insert(uint32_t cid, uint32_t keep);
  size_t capacity_;
  uint64_t clock_ = 0;  // use counter for LRU, not wall time
  std::vector<Entry> entries_;
};

}  // namespace hsm::ctaphid

#endif  // HSM_SRC_CTAPHID_CHANNEL_TABLE_H_

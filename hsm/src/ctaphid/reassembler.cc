#include "ctaphid/reassembler.h"

#include <algorithm>

namespace hsm::ctaphid {

Reassembler::Step Reassembler::Start(uint32_t cid, uint8_t command,
                                     uint16_t bcnt,
                                     std::span<const uint8_t> data,
                                     uint64_t now_ms) {
  active_ = true;
  cid_ = cid;
  command_ = command;
  bcnt_ = std::min<uint16_t>(bcnt, kMaxPayload);
  next_seq_ = 0;
  last_packet_ms_ = now_ms;
  received_ = static_cast<uint16_t>(std::min<size_t>(bcnt_, data.size()));
  std::copy_n(data.begin(), received_, buffer_.begin());
  return complete() ? Step::kComplete : Step::kIncomplete;
}

Reassembler::Step Reassembler::Continue(uint8_t seq,
                                        std::span<const uint8_t> data,
                                        uint64_t now_ms) {
  // CTAP 2.1 §11.2.4: SEQ starts at 0 and increments by one per packet. With
  // bcnt <= kMaxPayload a complete message never needs SEQ >= 128.
  if (!active_ || complete() || seq != next_seq_) return Step::kBadSequence;
  ++next_seq_;
  last_packet_ms_ = now_ms;
  size_t n = std::min<size_t>(bcnt_ - received_, data.size());
  std::copy_n(data.begin(), n, buffer_.begin() + received_);
  received_ = static_cast<uint16_t>(received_ + n);
  return complete() ? Step::kComplete : Step::kIncomplete;
}

void Reassembler::Clear() {
  // Requests may carry secrets (OATH PUT); do not leave them behind.
  std::fill_n(buffer_.begin(), received_, uint8_t{0});
  active_ = false;
  cid_ = 0;
  command_ = 0;
  bcnt_ = 0;
  received_ = 0;
  next_seq_ = 0;
}

}  // namespace hsm::ctaphid

// Reassembler: collects one CTAPHID request message from an init packet and
// its continuation packets (CTAP 2.1 §11.2.4) into a bounded buffer of
// kMaxPayload bytes, checking that sequence numbers run 0, 1, 2, … without
// gaps. It holds at most one message: the device runs one transaction at a
// time. The payload stays available until Clear(), so an app waiting for
// presence is resumed with the same bytes.
#ifndef HSM_SRC_CTAPHID_REASSEMBLER_H_
#define HSM_SRC_CTAPHID_REASSEMBLER_H_

#include <array>
#include <cstdint>
#include <span>

#include "hsm/ctaphid/protocol.h"

namespace hsm::ctaphid {

class Reassembler {
 public:
  enum class Step {
    kIncomplete,   // more continuation packets expected
    kComplete,     // payload() holds the whole message
    kBadSequence,  // a sequence number was skipped or repeated
  };

  // Starts a message. `bcnt` must be <= kMaxPayload (the caller answers
  // INVALID_LEN otherwise); `data` is the init packet's data field.
  Step Start(uint32_t cid, uint8_t command, uint16_t bcnt,
             std::span<const uint8_t> data, uint64_t now_ms);

  // Adds a continuation packet of the active message.
  Step Continue(uint8_t seq, std::span<const uint8_t> data, uint64_t now_ms);

  void Clear();

  bool active() const { return active_; }
  bool complete() const { return active_ && received_ == bcnt_; }
  uint32_t cid() const { return cid_; }
  uint8_t command() const { return command_; }
  // Time of the last accepted packet (the reassembly timeout runs from it).
  uint64_t last_packet_ms() const { return last_packet_ms_; }
  std::span<const uint8_t> payload() const {
    return std::span<const uint8_t>(buffer_).first(received_);
  }

 private:
  bool active_ = false;
  uint32_t cid_ = 0;
  uint8_t command_ = 0;
  uint16_t bcnt_ = 0;
  uint16_t received_ = 0;
  uint8_t next_seq_ = 0;
  uint64_t last_packet_ms_ = 0;
  std::array<uint8_t, kMaxPayload> buffer_{};
};

}  // namespace hsm::ctaphid

#endif  // HSM_SRC_CTAPHID_REASSEMBLER_H_

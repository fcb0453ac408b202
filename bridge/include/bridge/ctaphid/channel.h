// Channel: one host-side CTAPHID channel on a PacketLink (CTAP 2.1 §11.2).
//
// Contract:
//  - Init() sends INIT on the broadcast CID with a fresh random 8-byte nonce
//    and accepts only a reply on the broadcast CID whose nonce matches
//    (others are ignored, CTAP 2.1 §11.2.9.1.3); it keeps the allocated CID,
//    protocol version, device version and capabilities.
//  - Transact(cmd, payload, options) sends one request on that CID and
//    returns the reassembled response payload of the same command. Frames
//    for other CIDs, and stray continuation frames, are ignored. KEEPALIVE
//    calls options.on_keepalive and restarts the timeout. ERROR gives a
//    kCtaphid error whose code is the CTAPHID error byte. A wrong sequence
//    number, an unexpected command or an oversized length gives kProtocol.
//    No answer within options.timeout_ms gives kTimeout.
//  - If *options.cancel becomes true, CANCEL is sent once and the device's
//    answer is awaited for kCancelGraceMs; a complete non-error answer is
//    still returned (the command finished), otherwise kCancelled.
//  - on_wait is called once when the key has been silent for wait_notice_ms
//    or reports KEEPALIVE(UPNEEDED): the hook for "touch your key" prompts,
//    since NK3 sends no KEEPALIVE for vendor commands (docs/protocol/oath.md
//    §1).
#ifndef BRIDGE_CTAPHID_CHANNEL_H_
#define BRIDGE_CTAPHID_CHANNEL_H_

#include <atomic>
#include <cstdint>
#include <functional>
#include <span>
#include <vector>

#include "bridge/ctaphid/protocol.h"
#include "bridge/error.h"
#include "bridge/link/packet_link.h"

namespace bridge::ctaphid {

inline constexpr int kCancelGraceMs = 1000;
inline constexpr int kPollSliceMs = 100;

struct TransactOptions {
  int timeout_ms = 5000;
  const std::atomic<bool>* cancel = nullptr;
  std::function<void(uint8_t status)> on_keepalive;
  int wait_notice_ms = -1;  // < 0: never
  std::function<void()> on_wait;
};

struct InitInfo {
  uint32_t cid = 0;
  uint8_t protocol_version = 0;
  uint8_t major = 0;
  uint8_t minor = 0;
  uint8_t build = 0;
  uint8_t capabilities = 0;
};

using NonceSource = std::function<void(std::span<uint8_t, kNonceSize>)>;

// getrandom(2), the kernel CSPRNG.
void RandomNonce(std::span<uint8_t, kNonceSize> out);

class Channel {
 public:
  explicit Channel(link::PacketLink& link, NonceSource nonce = RandomNonce)
      : link_(link), nonce_(std::move(nonce)) {}

  Status Init(int timeout_ms = 2000);
  Result<std::vector<uint8_t>> Transact(Command cmd,
                                        std::span<const uint8_t> payload,
                                        const TransactOptions& options);
  const InitInfo& info() const { return info_; }

 private:
  Status Send(uint32_t cid, uint8_t cmd, std::span<const uint8_t> payload);

  link::PacketLink& link_;
  NonceSource nonce_;
  InitInfo info_;
};

}  // namespace bridge::ctaphid

#endif  // BRIDGE_CTAPHID_CHANNEL_H_

// CtaphidDevice: the device side of CTAPHID (CTAP 2.1 §11.2) — channels,
// INIT, PING, WINK, LOCK, CANCEL, reassembly and fragmentation of 64-byte
// reports, the reassembly timeout, KEEPALIVE while an app waits for a touch,
// and dispatch of whole messages to the Apps registered for CBOR, MSG and
// vendor commands (app.h).
//
// Contract:
// - Packets in, packets out. HandleReport() takes one 64-byte output report
//   (other sizes are ignored) and returns the input reports to send; Poll()
//   must be called regularly (<= 20 ms in keysim) and returns the reports
//   that time produces (MSG_TIMEOUT, KEEPALIVE, the answer to a presence
//   wait). Both first run the timers for `now_ms`, so a late Poll() never
//   lets a stale transaction swallow a fresh packet.
// - One transaction at a time across all channels (docs/protocol/ctap.md
//   "Decisions"): while a message is being reassembled or an app waits for
//   presence, another CID's init packet gets CHANNEL_BUSY at once, except
//   INIT (always answered) and CANCEL (ignored, CTAP 2.1 §11.2.9.1.5).
// - Channels: INIT on the broadcast CID allocates a random CID (never 0 nor
//   broadcast) and answers on the broadcast CID. INIT on any other nonzero
//   CID aborts that channel's transaction and echoes the CID; an unknown CID
//   is adopted this way (a resync, CTAP 2.1 §11.2.9.1.3; fido2-tests
//   test_check_busy_interleaved sends INIT on CIDs it never allocated). Any
//   other command on an unknown CID, on CID 0, or on the broadcast CID gets
//   INVALID_CHANNEL. The table is bounded; the least recently used channel
//   is dropped when it is full.
// - Errors follow fido2-tests/test_hid.py where the spec is silent: a new
//   init packet on the reassembling CID → INVALID_SEQ (test_not_cont), the
//   transaction is dropped; a skipped sequence number → INVALID_SEQ; BCNT >
//   7609 → INVALID_LEN; CBOR or MSG with no payload → INVALID_LEN; an
//   unregistered command → INVALID_CMD; spurious continuation packets are
//   ignored (CTAP 2.1 §11.2.4).
// - LOCK (CTAP 2.1 §11.2.9.2.2): 1 byte, 0–10 seconds, 0 releases. While a
//   lock is held, other channels get CHANNEL_BUSY for everything but INIT
//   and CANCEL. Wrong length → INVALID_LEN, > 10 → INVALID_PAR.
// - Presence: an app returning kNeedsPresence makes the device call
//   Platform::BeginPresence(), send KEEPALIVE(UPNEEDED) at once and every
//   100 ms when asked (CTAP 2.1 §11.2.9.1.5), and resume the app with
//   kApproved / kDenied (Platform::PollPresence), kTimedOut (after
//   presence_timeout_ms) or kCancelled (CTAPHID_CANCEL on that CID). The
//   same channel's other init packets get CHANNEL_BUSY meanwhile.
// - Reset() is a power cycle: drops channels, the lock, any transaction
//   (ending a presence wait) and calls App::Reset() on every registered app.
// No OS calls, no exceptions; buffers are bounded by kMaxPayload.
#ifndef HSM_CTAPHID_CTAPHID_DEVICE_H_
#define HSM_CTAPHID_CTAPHID_DEVICE_H_

#include <array>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <span>
#include <vector>

#include "hsm/ctaphid/app.h"
#include "hsm/ctaphid/protocol.h"
#include "hsm/platform.h"

namespace hsm::ctaphid {

struct CtaphidConfig {
  // INIT response capability byte (CTAP 2.1 §11.2.9.1.3). The default,
  // WINK|NMSG, suits a device with no CBOR or MSG app; hsm::Device registers
  // CTAP2 on CTAPHID_CBOR and U2F on CTAPHID_MSG and announces WINK|CBOR.
  uint8_t capabilities = kCapabilityWink | kCapabilityNmsg;
  uint8_t version_major = 0;
  uint8_t version_minor = 1;
  uint8_t version_build = 0;
  uint64_t reassembly_timeout_ms = kReassemblyTimeoutMs;
  uint64_t keepalive_interval_ms = kKeepaliveIntervalMs;
  size_t max_channels = 32;
  // A request on a CID the device never handed out is an ERR_INVALID_CHANNEL
  // (docs/protocol/ctap.md §6.1); with this set it is adopted, as the SoloKeys
  // simulator does (docs/solo-compat.md §2.2; keysim --solo-compat only).
  bool adopt_unknown_channels = false;
};

class CtaphidDevice {
 public:
  CtaphidDevice(Platform& platform, CtaphidConfig config);
  ~CtaphidDevice();
  CtaphidDevice(const CtaphidDevice&) = delete;
  CtaphidDevice& operator=(const CtaphidDevice&) = delete;

  // Routes `command` (without the init bit) to `app`, which must outlive the
  // device; nullptr unregisters. Only MSG, CBOR and the vendor range
  // 0x40–0x7F can be registered; other commands are built in and the call
  // returns false.
  bool Register(uint8_t command, App* app);

  std::vector<Report> HandleReport(std::span<const uint8_t> report,
                                   uint64_t now_ms);
  std::vector<Report> Poll(uint64_t now_ms);

  // Power cycle (see the contract above).
  void Reset();

  // True while a message is being reassembled or an app waits for presence.
  bool busy() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace hsm::ctaphid

#endif  // HSM_CTAPHID_CTAPHID_DEVICE_H_

#include "hsm/ctaphid/ctaphid_device.h"

#include <algorithm>
#include <array>

#include "ctaphid/channel_table.h"
#include "ctaphid/fragmenter.h"
#include "ctaphid/packet.h"
#include "ctaphid/reassembler.h"

namespace hsm::ctaphid {
namespace {

constexpr uint8_t Code(Command c) { return static_cast<uint8_t>(c); }

constexpr size_t kInitNonceSize = 8;     // CTAP 2.1 §11.2.9.1.3
constexpr uint8_t kMaxLockSeconds = 10;  // CTAP 2.1 §11.2.9.2.2
constexpr size_t kAppTableSize = 0x80;   // command codes 0x00..0x7F

bool IsRegistrable(uint8_t command) {
  return command == Code(Command::kMsg) || command == Code(Command::kCbor) ||
         (command >= Code(Command::kVendorFirst) &&
          command <= Code(Command::kVendorLast));
}

}  // namespace

struct CtaphidDevice::Impl {
  enum class Phase {
    kIdle,
    kReceiving,        // reassembler holds a partial message
    kWaitingPresence,  // reassembler holds the request; an app waits
    kDispatching,      // reassembler holds the request; an app runs
  };

  Impl(Platform& p, CtaphidConfig c)
      : platform(p), config(c), channels(c.max_channels) {
    apps.fill(nullptr);
  }

  Platform& platform;
  CtaphidConfig config;
  ChannelTable channels;
  Reassembler reassembler;
  std::array<App*, kAppTableSize> apps;

  Phase phase = Phase::kIdle;
  // kWaitingPresence.
  App* waiting_app = nullptr;
  uint64_t presence_deadline_ms = 0;
  bool keepalive = false;
  uint64_t next_keepalive_ms = 0;
  // LOCK.
  bool locked = false;
  uint32_t lock_cid = 0;
  uint64_t lock_until_ms = 0;

  // --- transaction bookkeeping -------------------------------------------

  uint32_t active_cid() const { return reassembler.cid(); }
  // The channel a transaction runs on, or kReservedCid when idle.
  uint32_t busy_cid() const {
    return phase == Phase::kIdle ? kReservedCid : active_cid();
  }

  void EndTransaction() {
    if (phase == Phase::kWaitingPresence) platform.EndPresence();
    waiting_app = nullptr;
    keepalive = false;
    reassembler.Clear();
    phase = Phase::kIdle;
  }

  // --- timers --------------------------------------------------------------

  void Tick(uint64_t now, std::vector<Report>& out) {
    if (locked && now >= lock_until_ms) locked = false;
    if (phase == Phase::kReceiving &&
        now >= reassembler.last_packet_ms() + config.reassembly_timeout_ms) {
      // fido2-tests test_timeout: ERROR MSG_TIMEOUT after 400–1000 ms.
      AppendError(active_cid(), Error::kMsgTimeout, out);
      EndTransaction();
      return;
    }
    if (phase == Phase::kWaitingPresence) {
      if (CheckPresence(now, out)) return;
      if (keepalive && now >= next_keepalive_ms) {
        // CTAP 2.1 §11.2.9.1.5: KEEPALIVE every 100 ms while waiting.
        AppendKeepalive(active_cid(), KeepaliveStatus::kUpNeeded, out);
        next_keepalive_ms = now + config.keepalive_interval_ms;
      }
    }
  }

  // Returns true when the wait ended (and the app was resumed).
  bool CheckPresence(uint64_t now, std::vector<Report>& out) {
    switch (platform.PollPresence()) {
      case Presence::kApproved:
        Resume(PresenceGrant::kApproved, now, out);
        return true;
      case Presence::kDenied:
        Resume(PresenceGrant::kDenied, now, out);
        return true;
      case Presence::kPending:
        break;
    }
    if (now >= presence_deadline_ms) {
      Resume(PresenceGrant::kTimedOut, now, out);
      return true;
    }
    return false;
  }

  void Resume(PresenceGrant grant, uint64_t now, std::vector<Report>& out) {
    platform.EndPresence();
    phase = Phase::kDispatching;
    App* app = waiting_app;
    waiting_app = nullptr;
    AppOutcome outcome =
        app->Handle(reassembler.command(), reassembler.payload(), grant);
    Finish(std::move(outcome), /*first_call=*/false, now, out);
  }

  // --- packets -------------------------------------------------------------

  void OnReport(std::span<const uint8_t, kReportSize> report, uint64_t now,
                std::vector<Report>& out) {
    Packet p = ParsePacket(report);
    if (p.is_init) {
      OnInitPacket(p, now, out);
    } else {
      OnContinuation(p, now, out);
    }
  }

  void OnContinuation(const Packet& p, uint64_t now, std::vector<Report>& out) {
    // CTAP 2.1 §11.2.4: continuation packets that belong to no message in
    // progress are ignored (fido2-tests test_not_cont with check_timeouts,
    // test_check_busy_interleaved).
    if (phase != Phase::kReceiving || p.cid != active_cid()) return;
    switch (reassembler.Continue(p.seq, p.data, now)) {
      case Reassembler::Step::kIncomplete:
        return;
      case Reassembler::Step::kBadSequence:
        // fido2-tests test_skip_sequence_number.
        AppendError(p.cid, Error::kInvalidSeq, out);
        EndTransaction();
        return;
      case Reassembler::Step::kComplete:
        Dispatch(now, out);
        return;
    }
  }

  void OnInitPacket(const Packet& p, uint64_t now, std::vector<Report>& out) {
    // CTAP 2.1 §11.2.9.1.3: CID 0 is reserved (fido2-tests test_cid_0).
    if (p.cid == kReservedCid) {
      AppendError(p.cid, Error::kInvalidChannel, out);
      return;
    }
    if (p.command == Code(Command::kInit)) {
      OnInit(p, out);
      return;
    }
    // Only INIT may use the broadcast CID (fido2-tests test_cid_ffffffff).
    if (p.cid == kBroadcastCid) {
      AppendError(p.cid, Error::kInvalidChannel, out);
      return;
    }
    if (p.command == Code(Command::kCancel)) {
      OnCancel(p.cid, now, out);
      return;
    }
    if (phase != Phase::kIdle) {
      if (p.cid != active_cid() || phase == Phase::kWaitingPresence) {
        // One transaction at a time (docs/protocol/ctap.md "Decisions");
        // fido2-tests test_check_busy wants this in < 100 ms.
        AppendError(p.cid, Error::kChannelBusy, out);
        return;
      }
      // A new message on the CID being reassembled: fido2-tests test_not_cont
      // expects INVALID_SEQ; both messages are dropped.
      AppendError(p.cid, Error::kInvalidSeq, out);
      EndTransaction();
      return;
    }
    if (locked && lock_cid != p.cid) {
      AppendError(p.cid, Error::kChannelBusy, out);  // CTAP 2.1 §11.2.9.2.2
      return;
    }
    if (!channels.Contains(p.cid)) {
      if (!config.adopt_unknown_channels) {
        AppendError(p.cid, Error::kInvalidChannel, out);
        return;
      }
      channels.Adopt(p.cid, p.cid);
    }
    channels.Touch(p.cid);
    if (p.bcnt > kMaxPayload) {
      // fido2-tests test_oversize_packet (BCNT 0x1dba).
      AppendError(p.cid, Error::kInvalidLen, out);
      return;
    }
    if (!IsKnownCommand(p.command)) {
      AppendError(p.cid, Error::kInvalidCmd, out);  // test_invalid_hid_cmd
      return;
    }
    if (p.bcnt == 0 && (p.command == Code(Command::kCbor) ||
                        p.command == Code(Command::kMsg))) {
      // CTAP 2.1 §11.2.9.1.1/2: CBOR and MSG carry at least a command byte
      // (fido2-tests test_cbor_no_payload, test_no_data_in_u2f_msg).
      AppendError(p.cid, Error::kInvalidLen, out);
      return;
    }
    phase = Phase::kReceiving;
    if (reassembler.Start(p.cid, p.command, p.bcnt, p.data, now) ==
        Reassembler::Step::kComplete) {
      Dispatch(now, out);
    }
  }

  bool IsKnownCommand(uint8_t command) const {
    switch (command) {
      case Code(Command::kPing):
      case Code(Command::kLock):
        return true;
      case Code(Command::kWink):
        return (config.capabilities & kCapabilityWink) != 0;
      default:
        return command < kAppTableSize && IsRegistrable(command) &&
               apps[command] != nullptr;
    }
  }

  // CTAP 2.1 §11.2.9.1.3 CTAPHID_INIT.
  void OnInit(const Packet& p, std::vector<Report>& out) {
    if (p.bcnt != kInitNonceSize) {
      AppendError(p.cid, Error::kInvalidLen, out);
      return;
    }
    uint32_t cid = p.cid;
    if (cid == kBroadcastCid) {
      auto allocated = channels.Allocate(platform, busy_cid());
      if (!allocated) {
        AppendError(p.cid, Error::kOther, out);
        return;
      }
      cid = *allocated;
    } else {
      // Resync: abort this channel's transaction (fido2-tests
      // test_ping_abort). Another channel's transaction is left alone
      // (test_ping_abort_from_different_cid).
      if (phase != Phase::kIdle && active_cid() == cid) EndTransaction();
      channels.Adopt(cid, busy_cid());
    }
    std::array<uint8_t, kInitResponseSize> r{};
    std::copy_n(p.data.begin(), kInitNonceSize, r.begin());
    r[8] = static_cast<uint8_t>(cid >> 24);
    r[9] = static_cast<uint8_t>(cid >> 16);
    r[10] = static_cast<uint8_t>(cid >> 8);
    r[11] = static_cast<uint8_t>(cid);
    r[12] = kProtocolVersion;
    r[13] = config.version_major;
    r[14] = config.version_minor;
    r[15] = config.version_build;
    r[16] = config.capabilities;
    // The answer goes on the CID the request came on (broadcast included).
    AppendMessage(p.cid, Code(Command::kInit), r, out);
  }

  // CTAP 2.1 §11.2.9.1.5 CTAPHID_CANCEL: no response of its own; ignored
  // unless this CID's request waits for presence (python-fido2 repeats it).
  void OnCancel(uint32_t cid, uint64_t now, std::vector<Report>& out) {
    if (phase == Phase::kWaitingPresence && active_cid() == cid) {
      Resume(PresenceGrant::kCancelled, now, out);
    }
  }

  // --- complete messages ---------------------------------------------------

  void Dispatch(uint64_t now, std::vector<Report>& out) {
    const uint32_t cid = active_cid();
    const uint8_t command = reassembler.command();
    std::span<const uint8_t> payload = reassembler.payload();
    switch (command) {
      case Code(Command::kPing):
        // CTAP 2.1 §11.2.9.1.4: echo.
        AppendMessage(cid, command, payload, out);
        EndTransaction();
        return;
      case Code(Command::kWink):
        // CTAP 2.1 §11.2.9.2.1: no data either way. A real key blinks.
        if (!payload.empty()) {
          AppendError(cid, Error::kInvalidLen, out);
        } else {
          AppendMessage(cid, command, {}, out);
        }
        EndTransaction();
        return;
      case Code(Command::kLock):
        OnLock(cid, payload, now, out);
        EndTransaction();
        return;
      default:
        break;
    }
    App* app = apps[command];
    if (app == nullptr) {  // unregistered while the message was arriving
      AppendError(cid, Error::kInvalidCmd, out);
      EndTransaction();
      return;
    }
    phase = Phase::kDispatching;
    AppOutcome outcome =
        app->Handle(command, payload, PresenceGrant::kNotRequested);
    Finish(std::move(outcome), /*first_call=*/true, now, out);
  }

  // CTAP 2.1 §11.2.9.2.2 CTAPHID_LOCK.
  void OnLock(uint32_t cid, std::span<const uint8_t> payload, uint64_t now,
              std::vector<Report>& out) {
    if (payload.size() != 1) {
      AppendError(cid, Error::kInvalidLen, out);
      return;
    }
    if (payload[0] > kMaxLockSeconds) {
      AppendError(cid, Error::kInvalidPar, out);
      return;
    }
    if (payload[0] == 0) {
      locked = false;
    } else {
      locked = true;
      lock_cid = cid;
      lock_until_ms = now + uint64_t{payload[0]} * 1000;
    }
    AppendMessage(cid, Code(Command::kLock), {}, out);
  }

  void Finish(AppOutcome outcome, bool first_call, uint64_t now,
              std::vector<Report>& out) {
    const uint32_t cid = active_cid();
    const uint8_t command = reassembler.command();
    switch (outcome.kind) {
      case AppOutcome::Kind::kResponse:
        // AppendMessage answers ERROR OTHER if the payload is too large.
        AppendMessage(cid, command, outcome.payload, out);
        EndTransaction();
        return;
      case AppOutcome::Kind::kError:
        AppendError(cid, outcome.error, out);
        EndTransaction();
        return;
      case AppOutcome::Kind::kNeedsPresence:
        break;
    }
    if (!first_call) {
      // app.h: a second kNeedsPresence for the same request is not allowed.
      AppendError(cid, Error::kOther, out);
      EndTransaction();
      return;
    }
    phase = Phase::kWaitingPresence;
    waiting_app = apps[command];
    presence_deadline_ms = now + outcome.presence_timeout_ms;
    keepalive = outcome.keepalive_while_waiting;
    platform.BeginPresence();
    if (keepalive) {
      // docs/protocol/ctap.md "Decisions": at least one KEEPALIVE(UPNEEDED)
      // before answering, even when presence is approved at once.
      AppendKeepalive(cid, KeepaliveStatus::kUpNeeded, out);
      next_keepalive_ms = now + config.keepalive_interval_ms;
    }
    CheckPresence(now, out);
  }
};

CtaphidDevice::CtaphidDevice(Platform& platform, CtaphidConfig config)
    : impl_(std::make_unique<Impl>(platform, config)) {}

CtaphidDevice::~CtaphidDevice() = default;

bool CtaphidDevice::Register(uint8_t command, App* app) {
  if (command >= kAppTableSize || !IsRegistrable(command)) return false;
  impl_->apps[command] = app;
  return true;
}

std::vector<Report> CtaphidDevice::HandleReport(std::span<const uint8_t> report,
                                                uint64_t now_ms) {
  std::vector<Report> out;
  impl_->Tick(now_ms, out);
  if (report.size() != kReportSize) return out;
  impl_->OnReport(report.first<kReportSize>(), now_ms, out);
  return out;
}

std::vector<Report> CtaphidDevice::Poll(uint64_t now_ms) {
  std::vector<Report> out;
  impl_->Tick(now_ms, out);
  return out;
}

void CtaphidDevice::Reset() {
  impl_->EndTransaction();
  impl_->locked = false;
  impl_->channels.Clear();
  // Each app once, even if registered for several commands.
  std::array<App*, kAppTableSize> done{};
  size_t n = 0;
  for (App* app : impl_->apps) {
    if (app == nullptr ||
        std::find(done.begin(), done.begin() + n, app) != done.begin() + n) {
      continue;
    }
    done[n++] = app;
    app->Reset();
  }
}

bool CtaphidDevice::busy() const { return impl_->phase != Impl::Phase::kIdle; }

}  // namespace hsm::ctaphid

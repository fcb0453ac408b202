// libfido2 bound to our PacketLinks (docs/protocol/ctap.md §4 "I/O types",
// "Semantics, confirmed in the source"; man fido_dev_set_io_functions(3)).
//
// Contract:
//  - LinkIo() is the fido_dev_io_t given to fido_dev_set_io_functions. Its
//    open(path) first looks `path` up in LinkRegistry::Global() (links the
//    caller already opened; not owned), else parses it as a device URI
//    (link/device_uri.h: "udp:HOST:PORT" or "/dev/hidrawN") and opens an
//    owned link with link::OpenLink. Unknown or unopenable paths give NULL.
//    A path starting with "nfc:" is refused: libfido2 would divert it to its
//    NFC backend before ever calling open (docs/protocol/ctap.md §4 pitfall).
//  - write(h, buf, len): libfido2 passes len = 65 with buf[0] = report ID 0
//    (hidraw convention); the adapter writes buf[1..64] as one 64-byte
//    report and returns 65. Any other len, or a non-zero report ID, is a
//    contract violation: -1.
//  - read(h, buf, len, ms): len must be 64; returns exactly 64 with one
//    report, or -1 when nothing arrived within `ms` (ms < 0: wait without
//    limit) or the link failed. The link is polled at least once, even
//    with ms = 0. Waits are sliced (kIoPollSliceMs) so that a cancel
//    request is noticed: when *hooks.cancel becomes true during a read,
//    hooks.send_cancel runs once per operation (Fido2Device calls
//    fido_dev_cancel, CTAP 2.1 §11.2.9.1.5) and the key then has
//    kCancelGraceMs in total (keepalives do not extend it) to answer — it
//    answers CTAP2_ERR_KEEPALIVE_CANCEL — before read gives up with -1.
//  - Every KEEPALIVE frame read (CTAP 2.1 §11.2.9.1.5) is shown to
//    hooks.on_keepalive(status) before being handed on; libfido2 drops
//    keepalives itself and has no callback, so this is where "touch your
//    key" prompts come from.
//  - last_failure() tells why the adapter last returned -1, so that
//    FIDO_ERR_RX/TX can be reported as timeout, I/O error or cancel.
#ifndef BRIDGE_FIDO2_IO_ADAPTER_H_
#define BRIDGE_FIDO2_IO_ADAPTER_H_

#include <fido.h>

#include <atomic>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>

#include "bridge/fido2/fido_error.h"
#include "bridge/link/packet_link.h"

namespace bridge::fido2 {

inline constexpr int kIoPollSliceMs = 100;
inline constexpr int kCancelGraceMs = 1000;
inline constexpr size_t kHidReportWithIdSize = link::kReportSize + 1;  // 65
inline constexpr std::string_view kRegisteredPathPrefix = "keybridge-link:";
inline constexpr std::string_view kNfcPathPrefix = "nfc:";

// Links already opened by the caller, by path. Thread-safe.
class LinkRegistry {
 public:
  static LinkRegistry& Global();

  // Returns a fresh path "keybridge-link:N" naming `link` (never "nfc:…").
  // `link` must outlive the registration.
  std::string Register(link::PacketLink* link);
  void Unregister(std::string_view path);
  link::PacketLink* Find(std::string_view path) const;

 private:
  mutable std::mutex mu_;
  std::map<std::string, link::PacketLink*, std::less<>> links_;
  uint64_t next_id_ = 1;
};

// Registers a link for the lifetime of this object.
class ScopedLinkRegistration {
 public:
  explicit ScopedLinkRegistration(link::PacketLink& link)
      : path_(LinkRegistry::Global().Register(&link)) {}
  ~ScopedLinkRegistration() { LinkRegistry::Global().Unregister(path_); }
  ScopedLinkRegistration(const ScopedLinkRegistration&) = delete;
  ScopedLinkRegistration& operator=(const ScopedLinkRegistration&) = delete;
  const std::string& path() const { return path_; }

 private:
  std::string path_;
};

struct IoHooks {
  const std::atomic<bool>* cancel = nullptr;
  std::function<void()> send_cancel;
  std::function<void(uint8_t status)> on_keepalive;
};

// The handle libfido2 keeps (fido_dev_io_handle) between open and close.
class IoHandle {
 public:
  using Clock = std::chrono::steady_clock;

  // Non-owning: `link` must outlive the handle.
  explicit IoHandle(link::PacketLink& link) : link_(&link) {}
  explicit IoHandle(std::unique_ptr<link::PacketLink> owned)
      : link_(owned.get()), owned_(std::move(owned)) {}

  int Read(unsigned char* buf, size_t len, int ms);
  int Write(const unsigned char* buf, size_t len);

  IoHooks& hooks() { return hooks_; }
  IoFailure last_failure() const { return last_failure_; }
  // Starts a new libfido2 call: forgets the last failure and any CANCEL
  // already sent (one CANCEL per call).
  void BeginOperation() {
    last_failure_ = IoFailure::kNone;
    cancel_sent_ = false;
  }
  link::PacketLink& link() { return *link_; }

 private:
  int Fail(IoFailure why) {
    last_failure_ = why;
    return -1;
  }

  link::PacketLink* link_;
  std::unique_ptr<link::PacketLink> owned_;
  IoHooks hooks_;
  IoFailure last_failure_ = IoFailure::kNone;
  bool cancel_sent_ = false;
  Clock::time_point cancel_deadline_;
};

// The four libfido2 I/O callbacks (handles are IoHandle*).
void* IoOpen(const char* path);
void IoClose(void* handle);
int IoRead(void* handle, unsigned char* buf, size_t len, int ms);
int IoWrite(void* handle, const unsigned char* buf, size_t len);

const fido_dev_io_t& LinkIo();

}  // namespace bridge::fido2

#endif  // BRIDGE_FIDO2_IO_ADAPTER_H_

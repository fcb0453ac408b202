// UhidTransport: CTAPHID through the Linux kernel's HID stack, by creating a
// virtual HID device with /dev/uhid (docs/architecture.md "Transports only move
// bytes"; kernel Documentation/hid/uhid.rst). Host programs then reach keysim
// as an ordinary /dev/hidrawN FIDO key (libfido2, hidapi-hidraw, python-fido2).
//
// Contract:
//  - The constructor opens /dev/uhid and sends UHID_CREATE2 with the FIDO
//    report descriptor (usage page 0xF1D0, usage 0x01, one 64-byte input and
//    one 64-byte output report, no report IDs), bus USB, VID:PID kVendorId:
//    kProductId, the given name, and a uniq string unique to this process.
//    It waits (bounded) for the kernel's UHID_START and then for the hidraw
//    node bound to this device to appear in sysfs. It throws
//    std::runtime_error with a one-line reason when /dev/uhid cannot be
//    opened or the device is not started.
//  - OUTPUT events carry the hidraw write, whose first byte is the report ID.
//    As usbhid does, a leading 0x00 is stripped; the rest must be at most 64
//    bytes and is zero-padded to one 64-byte report for the device (larger
//    writes are dropped). Every report that answers it is written back as
//    one UHID_INPUT2 of exactly 64 bytes (no report ID).
//  - GET_REPORT / SET_REPORT requests (feature reports, which FIDO does not
//    have) are answered at once with EIO so the kernel does not wait.
//  - Offer() forwards only reports whose CID was seen in an OUTPUT event on
//    this device (bounded memory), so a keysim serving UDP and uhid at once
//    does not leak one host's keepalives to the other.
//  - The destructor sends UHID_DESTROY and closes /dev/uhid.
#ifndef SIMULATOR_SRC_UHID_TRANSPORT_H_
#define SIMULATOR_SRC_UHID_TRANSPORT_H_

#include <cstdint>
#include <list>
#include <span>
#include <string>
#include <unordered_map>

#include "transport.h"

namespace keysim {

class UhidTransport : public HidTransport {
 public:
  // pid.codes (VID 0x1209, donated for open-source hardware) reserves PID
  // 0x0001 as its "Test PID": usable for private testing, never assigned to
  // a product, so no real vendor's key is impersonated and no host quirk
  // table matches it.
  static constexpr uint16_t kVendorId = 0x1209;
  static constexpr uint16_t kProductId = 0x0001;
  static constexpr const char* kDefaultName = "keybridge keysim";

  explicit UhidTransport(const std::string& name,
                         const std::string& uhid_path = "/dev/uhid");
  ~UhidTransport() override;

  // "uhid:/dev/hidrawN" once the node is known, else "uhid:NAME".
  std::string description() const override;
  int fd() const override { return fd_; }
  void Receive(HidSink& sink) override;
  void Offer(std::span<const hsm::ctaphid::Report> reports) override;

  // The /dev/hidrawN path bound to this device; empty if not found.
  const std::string& hidraw_path() const { return hidraw_path_; }

 private:
  void WaitForStart(int timeout_ms);
  void FindHidraw(int timeout_ms);
  void SendInput(std::span<const uint8_t> report);
  void Remember(uint32_t cid);
  bool Known(uint32_t cid) const { return cids_.count(cid) != 0; }

  int fd_ = -1;
  std::string name_;
  std::string uniq_;
  std::string hidraw_path_;
  // CIDs seen in OUTPUT events, least-recently-seen last (bounded).
  std::unordered_map<uint32_t, std::list<uint32_t>::iterator> cids_;
  std::list<uint32_t> order_;
};

}  // namespace keysim

#endif  // SIMULATOR_SRC_UHID_TRANSPORT_H_

// WireStats: what crossed the key's interfaces, by name, for the control
// socket's `stats` (docs/control.md "stats"). Counted at the device's edge:
// reports the device was handed (after any injected fault) and reports it
// produced (before any injected fault), APDUs and responses of the card.
//
// Contract:
// - ReportIn() counts every report; an init packet also counts its CTAPHID
//   command ("INIT", "CBOR", "SECRETS", ... or "0xNN"), a CBOR one its CTAP2
//   command (first payload byte: "authenticatorGetInfo", ...), a SECRETS
//   (0x70) one its OATH instruction (APDU INS: "CALCULATE", ...).
// - ReportOut() counts every report; an init packet that is a CTAPHID ERROR
//   counts the error ("INVALID_CHANNEL"), a CBOR answer with a status other
//   than 0 the CTAP2 status ("CTAP2_ERR_NO_CREDENTIALS"), a SECRETS answer
//   whose status word (first two bytes) is not 9000 that SW ("6A82").
// - ApduIn()/ApduOut() do the same for the card (SW last; 61xx is not an
//   error).
// Only the init packet is looked at: a message's command and status are in
// its first report.
#ifndef SIMULATOR_SRC_WIRE_STATS_H_
#define SIMULATOR_SRC_WIRE_STATS_H_

#include <cstdint>
#include <map>
#include <span>
#include <string>

namespace keysim {

struct WireCounts {
  uint64_t reports_in = 0;
  uint64_t reports_out = 0;
  uint64_t apdus_in = 0;
  uint64_t apdus_out = 0;
  std::map<std::string, uint64_t> ctaphid_commands;
  std::map<std::string, uint64_t> ctap2_commands;
  std::map<std::string, uint64_t> oath_commands;
  std::map<std::string, uint64_t> ctaphid_errors;
  std::map<std::string, uint64_t> ctap2_errors;
  std::map<std::string, uint64_t> oath_errors;
};

class WireStats {
 public:
  void ReportIn(std::span<const uint8_t> report);
  void ReportOut(std::span<const uint8_t> report);
  void ApduIn(std::span<const uint8_t> apdu);
  void ApduOut(std::span<const uint8_t> response);

  const WireCounts& counts() const { return counts_; }
  void Clear() { counts_ = WireCounts(); }

 private:
  WireCounts counts_;
};

}  // namespace keysim

#endif  // SIMULATOR_SRC_WIRE_STATS_H_

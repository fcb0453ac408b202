// Reassembly of traced CTAPHID reports into messages (CTAP 2.1 §11.2.4
// "Message and packet structure": an init packet `CID CMD|0x80 BCNT data`
// then continuation packets `CID SEQ data`, SEQ 0, 1, … per channel).
//
// Contract: Add() takes one 64-byte report of one stream (a transport and a
// direction; several streams interleave in a trace) and returns the message
// it completes, if any, plus notes on framing it cannot accept: a report that
// is not 64 bytes, a continuation with no message in progress or out of
// sequence, an init packet that abandons an unfinished message, a BCNT
// beyond 7609 bytes. It never crashes on any input. At most kMaxPending
// messages are in progress at once (past that one is dropped, with a
// note). Unfinished() lists what is still incomplete at the end.
#ifndef BRIDGE_TRACE_CTAPHID_ASSEMBLER_H_
#define BRIDGE_TRACE_CTAPHID_ASSEMBLER_H_

#include <cstddef>
#include <cstdint>
#include <map>
#include <optional>
#include <span>
#include <string>
#include <utility>
#include <vector>

namespace bridge::trace {

struct CtaphidMessage {
  uint32_t cid = 0;
  uint8_t command = 0;  // without the init bit
  std::vector<uint8_t> payload;
};

struct AssemblyStep {
  std::optional<CtaphidMessage> message;
  std::vector<std::string> notes;
};

class CtaphidAssembler {
 public:
  static constexpr size_t kMaxPending = 256;

  AssemblyStep Add(const std::string& stream, std::span<const uint8_t> report);
  std::vector<std::string> Unfinished() const;

 private:
  struct Pending {
    uint8_t command = 0;
    size_t bcnt = 0;
    uint8_t next_seq = 0;
    std::vector<uint8_t> data;
  };
  using Key = std::pair<std::string, uint32_t>;  // stream, CID
  std::map<Key, Pending> pending_;
};

// "cid 0011aabb".
std::string CidText(uint32_t cid);

}  // namespace bridge::trace

#endif  // BRIDGE_TRACE_CTAPHID_ASSEMBLER_H_

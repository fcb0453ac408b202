// TraceDecoder: `keybridge trace FILE` — a keysim wire trace (docs/trace.md)
// as messages with protocol names.
//
// Contract: Line() takes the trace one line at a time and returns the text
// lines it produces (possibly none: a report in the middle of a message).
// A line that is not a trace line is a kInvalidInput error naming its line
// number ("line 7: bad direction 'sideways' …"); decoding stops there.
// UDP and uhid reports are reassembled per transport, direction and
// channel (ctaphid_assembler.h) and each message becomes one line:
//
//   T+0.012345 udp in  cid 00000001 CBOR authenticatorGetInfo
//   T+0.013001 udp out cid 00000001 CBOR CTAP2_OK (authenticatorGetInfo) {…}
//
// named by CTAPHID command (INIT, PING, MSG, LOCK, WINK, CBOR, CANCEL,
// KEEPALIVE, ERROR, OATH = vendor 0x70, other vendor commands by number).
// CBOR messages are decoded by ctap2_text.h, OATH ones by oath_text.h
// (status word first, docs/protocol/oath.md §2.1). vpcd payloads are
// APDUs (status word last) or 1-byte reader controls (power off/on, reset,
// ATR request; the answer to an ATR request is the ATR). A response is
// matched to the last request on its channel. Framing problems become
// `! …` note lines, not errors. Finish() gives notes on messages left
// unfinished. Secrets are masked unless Options::show_secrets.
#ifndef BRIDGE_TRACE_DECODER_H_
#define BRIDGE_TRACE_DECODER_H_

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "bridge/error.h"
#include "bridge/trace/ctaphid_assembler.h"
#include "bridge/trace/oath_text.h"
#include "bridge/trace/trace_line.h"

namespace bridge::trace {

struct DecodeOptions {
  bool show_secrets = false;
};

class TraceDecoder {
 public:
  explicit TraceDecoder(DecodeOptions options) : options_(options) {}

  Result<std::vector<std::string>> Line(std::string_view line);
  std::vector<std::string> Finish();

 private:
  void Hid(const TraceRecord& r, std::vector<std::string>& out);
  void Card(const TraceRecord& r, std::vector<std::string>& out);
  std::string Message(const TraceRecord& r, const CtaphidMessage& m);

  DecodeOptions options_;
  size_t line_no_ = 0;
  CtaphidAssembler assembler_;
  // Per transport and CID: the last request, to name its response.
  struct Request {
    uint8_t ctap2_command = 0;
    std::optional<OathCommandId> oath;
  };
  std::map<std::pair<Transport, uint32_t>, Request> requests_;
  std::optional<OathCommandId> card_request_;
  bool atr_requested_ = false;
};

}  // namespace bridge::trace

#endif  // BRIDGE_TRACE_DECODER_H_

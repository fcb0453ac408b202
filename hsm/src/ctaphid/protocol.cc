#include "hsm/ctaphid/protocol.h"

namespace hsm::ctaphid {

// CTAP 2.1 §11.2.9.1.6 error names.
std::string_view ToString(Error error) {
  switch (error) {
    case Error::kInvalidCmd:
      return "INVALID_CMD";
    case Error::kInvalidPar:
      return "INVALID_PAR";
    case Error::kInvalidLen:
      return "INVALID_LEN";
    case Error::kInvalidSeq:
      return "INVALID_SEQ";
    case Error::kMsgTimeout:
      return "MSG_TIMEOUT";
    case Error::kChannelBusy:
      return "CHANNEL_BUSY";
    case Error::kLockRequired:
      return "LOCK_REQUIRED";
    case Error::kInvalidChannel:
      return "INVALID_CHANNEL";
    case Error::kOther:
      return "OTHER";
  }
  return "UNKNOWN";
}

}  // namespace hsm::ctaphid

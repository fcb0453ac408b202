#include "bridge/ctaphid/protocol.h"

namespace bridge::ctaphid {

std::string_view ToString(ErrorCode code) {
  switch (code) {
    case ErrorCode::kInvalidCmd:
      return "INVALID_CMD";
    case ErrorCode::kInvalidPar:
      return "INVALID_PAR";
    case ErrorCode::kInvalidLen:
      return "INVALID_LEN";
    case ErrorCode::kInvalidSeq:
      return "INVALID_SEQ";
    case ErrorCode::kMsgTimeout:
      return "MSG_TIMEOUT";
    case ErrorCode::kChannelBusy:
      return "CHANNEL_BUSY";
    case ErrorCode::kLockRequired:
      return "LOCK_REQUIRED";
    case ErrorCode::kInvalidChannel:
      return "INVALID_CHANNEL";
    case ErrorCode::kOther:
      return "OTHER";
  }
  return "unknown CTAPHID error";
}

}  // namespace bridge::ctaphid

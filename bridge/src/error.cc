#include "bridge/error.h"

namespace bridge {

std::string_view ToString(ErrorKind kind) {
  switch (kind) {
    case ErrorKind::kInvalidInput:
      return "invalid input";
    case ErrorKind::kNoDevice:
      return "no device";
    case ErrorKind::kTransport:
      return "transport error";
    case ErrorKind::kTimeout:
      return "timeout";
    case ErrorKind::kProtocol:
      return "protocol error";
    case ErrorKind::kCancelled:
      return "cancelled";
    case ErrorKind::kCtaphid:
      return "CTAPHID error";
    case ErrorKind::kStatusWord:
      return "status word";
    case ErrorKind::kNoMatch:
      return "no match";
    case ErrorKind::kAws:
      return "AWS error";
    case ErrorKind::kCtap2:
      return "CTAP2 error";
  }
  return "unknown error";
}

}  // namespace bridge

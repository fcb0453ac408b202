// OATH instruction names (docs/protocol/oath.md §2.3 Nitrokey 3 Secrets App,
// §3 "INS table" YKOATH), for logs and `keybridge trace`.
#include "bridge/oath/commands.h"

namespace bridge::oath {

std::string_view InsName(uint8_t ins, uint8_t p1) {
  switch (ins) {
    case kInsPut:
      return "PUT";
    case kInsDelete:
      return "DELETE";
    case kInsSetCode:
      return "SET CODE";
    case kInsReset:
      return "RESET";
    case kInsRename:
      return "RENAME";
    case kInsList:
      return "LIST";
    case kInsCalculate:
      return "CALCULATE";
    case kInsValidate:
      return "VALIDATE";
    case kInsSelect:
      return p1 == 0x04 ? "SELECT" : "CALCULATE ALL";
    case kInsSendRemaining:
      return "SEND REMAINING";
    case kInsVerifyCode:
      return "NK3 VERIFY CODE";
    case kInsVerifyPin:
      return "NK3 VERIFY PIN";
    case kInsChangePin:
      return "NK3 CHANGE PIN";
    case kInsSetPin:
      return "NK3 SET PIN";
    case kInsGetCredential:
      return "NK3 GET CREDENTIAL";
    case kInsUpdateCredential:
      return "NK3 UPDATE CREDENTIAL";
    default:
      return "";
  }
}

}  // namespace bridge::oath

#include "wire_stats.h"

#include <cstdio>

#include "wire/ctap2_status.h"
#include "wire/ctaphid.h"

namespace keysim {
namespace {

namespace hid = wire::ctaphid;

constexpr size_t kCmdOffset = 4;   // CID(4) | CMD | BCNTH | BCNTL | data
constexpr size_t kDataOffset = 7;  // first payload byte of an init packet

std::string Hex(unsigned value, int digits) {
  char buf[8];
  std::snprintf(buf, sizeof buf, "%0*X", digits, value);
  return buf;
}

std::string CtaphidName(uint8_t cmd) {
  switch (static_cast<hid::Command>(cmd)) {
    case hid::Command::kPing:
      return "PING";
    case hid::Command::kMsg:
      return "MSG";
    case hid::Command::kLock:
      return "LOCK";
    case hid::Command::kInit:
      return "INIT";
    case hid::Command::kWink:
      return "WINK";
    case hid::Command::kCbor:
      return "CBOR";
    case hid::Command::kCancel:
      return "CANCEL";
    case hid::Command::kKeepalive:
      return "KEEPALIVE";
    case hid::Command::kError:
      return "ERROR";
    case hid::Command::kSecrets:
      return "SECRETS";
    default:
      return "0x" + Hex(cmd, 2);
  }
}

// CTAP 2.1 §6 command names.
std::string Ctap2Name(uint8_t command) {
  switch (command) {
    case 0x01:
      return "authenticatorMakeCredential";
    case 0x02:
      return "authenticatorGetAssertion";
    case 0x04:
      return "authenticatorGetInfo";
    case 0x06:
      return "authenticatorClientPIN";
    case 0x07:
      return "authenticatorReset";
    case 0x08:
      return "authenticatorGetNextAssertion";
    case 0x0A:
      return "authenticatorCredentialManagement";
    case 0x0B:
      return "authenticatorSelection";
    case 0x41:
      return "authenticatorCredentialManagementPreview";
    default:
      return "0x" + Hex(command, 2);
  }
}

// docs/protocol/oath.md §2.3 and §3 instruction names.
std::string OathName(uint8_t ins, uint8_t p1) {
  switch (ins) {
    case 0x01:
      return "PUT";
    case 0x02:
      return "DELETE";
    case 0x03:
      return "SET_CODE";
    case 0x04:
      return "RESET";
    case 0x05:
      return "RENAME";
    case 0xA1:
      return "LIST";
    case 0xA2:
      return "CALCULATE";
    case 0xA3:
      return "VALIDATE";
    case 0xA4:
      return p1 == 0x04 ? "SELECT" : "CALCULATE_ALL";
    case 0xA5:
      return "SEND_REMAINING";
    case 0xB2:
      return "VERIFY_PIN";
    case 0xB3:
      return "CHANGE_PIN";
    case 0xB4:
      return "SET_PIN";
    default:
      return "INS_" + Hex(ins, 2);
  }
}

bool IsInit(std::span<const uint8_t> r) {
  return r.size() > kDataOffset && (r[kCmdOffset] & hid::kTypeInit) != 0;
}

size_t PayloadSize(std::span<const uint8_t> r) {
  return (size_t{r[5]} << 8) | r[6];
}

}  // namespace

void WireStats::ReportIn(std::span<const uint8_t> report) {
  ++counts_.reports_in;
  if (!IsInit(report)) return;
  const uint8_t cmd = report[kCmdOffset] & ~hid::kTypeInit;
  ++counts_.ctaphid_commands[CtaphidName(cmd)];
  const size_t size = PayloadSize(report);
  if (cmd == static_cast<uint8_t>(hid::Command::kCbor) && size >= 1) {
    ++counts_.ctap2_commands[Ctap2Name(report[kDataOffset])];
  } else if (cmd == static_cast<uint8_t>(hid::Command::kSecrets) && size >= 4 &&
             report.size() >= kDataOffset + 4) {
    ++counts_.oath_commands[OathName(report[kDataOffset + 1],
                                     report[kDataOffset + 2])];
  }
}

void WireStats::ReportOut(std::span<const uint8_t> report) {
  ++counts_.reports_out;
  if (!IsInit(report)) return;
  const uint8_t cmd = report[kCmdOffset] & ~hid::kTypeInit;
  const size_t size = PayloadSize(report);
  if (cmd == static_cast<uint8_t>(hid::Command::kError) && size >= 1) {
    const auto code = static_cast<hid::ErrorCode>(report[kDataOffset]);
    ++counts_.ctaphid_errors[std::string(
        hid::ToString(code, "0x" + Hex(report[kDataOffset], 2)))];
  } else if (cmd == static_cast<uint8_t>(hid::Command::kCbor) && size >= 1 &&
             report[kDataOffset] != 0) {
    const auto status =
        static_cast<wire::ctap2::CtapStatus>(report[kDataOffset]);
    const std::string unknown = "0x" + Hex(report[kDataOffset], 2);
    ++counts_.ctap2_errors[std::string(wire::ctap2::ToString(status, unknown))];
  } else if (cmd == static_cast<uint8_t>(hid::Command::kSecrets) && size >= 2) {
    const unsigned sw =
        (unsigned{report[kDataOffset]} << 8) | report[kDataOffset + 1];
    if (sw != 0x9000) ++counts_.oath_errors[Hex(sw, 4)];
  }
}

void WireStats::ApduIn(std::span<const uint8_t> apdu) {
  ++counts_.apdus_in;
  if (apdu.size() >= 4) ++counts_.oath_commands[OathName(apdu[1], apdu[2])];
}

void WireStats::ApduOut(std::span<const uint8_t> response) {
  ++counts_.apdus_out;
  if (response.size() < 2) return;
  const unsigned sw = (unsigned{response[response.size() - 2]} << 8) |
                      response[response.size() - 1];
  if (sw != 0x9000 && (sw >> 8) != 0x61) ++counts_.oath_errors[Hex(sw, 4)];
}

}  // namespace keysim

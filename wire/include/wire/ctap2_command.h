// CTAP2 authenticator command bytes (FIDO CTAP 2.1 §6 "Authenticator API",
// §6.8 credential management with the prototype 0x41 of CTAP 2.1 PRE;
// docs/protocol/ctap.md §6): the first byte of every CTAPHID_CBOR request.
//
// Contract: header-only, no allocation, usable with -fno-exceptions -fno-rtti.
// Command values equal the spec's bytes; ToString gives the spec name
// ("authenticatorMakeCredential"), `unknown` for other values.
#ifndef WIRE_CTAP2_COMMAND_H_
#define WIRE_CTAP2_COMMAND_H_

#include <cstdint>
#include <string_view>

namespace wire::ctap2 {

enum class Command : uint8_t {
  kMakeCredential = 0x01,
  kGetAssertion = 0x02,
  kGetInfo = 0x04,
  kClientPin = 0x06,
  kReset = 0x07,
  kGetNextAssertion = 0x08,
  kBioEnrollment = 0x09,
  kCredentialManagement = 0x0A,
  kSelection = 0x0B,
  kLargeBlobs = 0x0C,
  kConfig = 0x0D,
  kBioEnrollmentPreview = 0x40,
  kCredentialManagementPreview = 0x41,
};

constexpr std::string_view ToString(Command command,
                                    std::string_view unknown = "unknown") {
  switch (command) {
    case Command::kMakeCredential:
      return "authenticatorMakeCredential";
    case Command::kGetAssertion:
      return "authenticatorGetAssertion";
    case Command::kGetInfo:
      return "authenticatorGetInfo";
    case Command::kClientPin:
      return "authenticatorClientPIN";
    case Command::kReset:
      return "authenticatorReset";
    case Command::kGetNextAssertion:
      return "authenticatorGetNextAssertion";
    case Command::kBioEnrollment:
      return "authenticatorBioEnrollment";
    case Command::kCredentialManagement:
      return "authenticatorCredentialManagement";
    case Command::kSelection:
      return "authenticatorSelection";
    case Command::kLargeBlobs:
      return "authenticatorLargeBlobs";
    case Command::kConfig:
      return "authenticatorConfig";
    case Command::kBioEnrollmentPreview:
      return "authenticatorBioEnrollment(preview)";
    case Command::kCredentialManagementPreview:
      return "authenticatorCredentialManagement(preview)";
  }
  return unknown;
}

}  // namespace wire::ctap2

#endif  // WIRE_CTAP2_COMMAND_H_

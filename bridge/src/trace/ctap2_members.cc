// The integer member keys of CTAP2 parameter and response maps, by command
// (CTAP 2.1 §6.1 authenticatorMakeCredential, §6.2 authenticatorGetAssertion,
// §6.3 authenticatorGetNextAssertion, §6.4 authenticatorGetInfo, §6.5.5
// authenticatorClientPIN, §6.8 authenticatorCredentialManagement).
#include <array>

#include "bridge/trace/ctap2_text.h"
#include "wire/ctap2_command.h"

namespace bridge::trace {
namespace {

using wire::ctap2::Command;

// CTAP 2.1 §6.5.5 subCommand values.
std::string_view ClientPinSubCommand(uint64_t v) {
  switch (v) {
    case 0x01:
      return "getPINRetries";
    case 0x02:
      return "getKeyAgreement";
    case 0x03:
      return "setPIN";
    case 0x04:
      return "changePIN";
    case 0x05:
      return "getPinToken";
    case 0x06:
      return "getPinUvAuthTokenUsingUvWithPermissions";
    case 0x07:
      return "getUVRetries";
    case 0x09:
      return "getPinUvAuthTokenUsingPinWithPermissions";
    default:
      return "";
  }
}

// CTAP 2.1 §6.8 subCommand values.
std::string_view CredMgmtSubCommand(uint64_t v) {
  switch (v) {
    case 0x01:
      return "getCredsMetadata";
    case 0x02:
      return "enumerateRPsBegin";
    case 0x03:
      return "enumerateRPsGetNextRP";
    case 0x04:
      return "enumerateCredentialsBegin";
    case 0x05:
      return "enumerateCredentialsGetNextCredential";
    case 0x06:
      return "deleteCredential";
    case 0x07:
      return "updateUserInformation";
    default:
      return "";
  }
}

constexpr std::array<Member, 10> kMakeCredentialRequest = {{
    {0x01, "clientDataHash"},
    {0x02, "rp"},
    {0x03, "user"},
    {0x04, "pubKeyCredParams"},
    {0x05, "excludeList"},
    {0x06, "extensions"},
    {0x07, "options"},
    {0x08, "pinUvAuthParam", true},
    {0x09, "pinUvAuthProtocol"},
    {0x0A, "enterpriseAttestation"},
}};
constexpr std::array<Member, 5> kMakeCredentialResponse = {{
    {0x01, "fmt"},
    {0x02, "authData"},
    {0x03, "attStmt"},
    {0x04, "epAtt"},
    {0x05, "largeBlobKey", true},
}};
constexpr std::array<Member, 7> kGetAssertionRequest = {{
    {0x01, "rpId"},
    {0x02, "clientDataHash"},
    {0x03, "allowList"},
    {0x04, "extensions"},
    {0x05, "options"},
    {0x06, "pinUvAuthParam", true},
    {0x07, "pinUvAuthProtocol"},
}};
constexpr std::array<Member, 7> kGetAssertionResponse = {{
    {0x01, "credential"},
    {0x02, "authData"},
    {0x03, "signature"},
    {0x04, "user"},
    {0x05, "numberOfCredentials"},
    {0x06, "userSelected"},
    {0x07, "largeBlobKey", true},
}};
constexpr std::array<Member, 21> kGetInfoResponse = {{
    {0x01, "versions"},
    {0x02, "extensions"},
    {0x03, "aaguid"},
    {0x04, "options"},
    {0x05, "maxMsgSize"},
    {0x06, "pinUvAuthProtocols"},
    {0x07, "maxCredentialCountInList"},
    {0x08, "maxCredentialIdLength"},
    {0x09, "transports"},
    {0x0A, "algorithms"},
    {0x0B, "maxSerializedLargeBlobArray"},
    {0x0C, "forcePINChange"},
    {0x0D, "minPINLength"},
    {0x0E, "firmwareVersion"},
    {0x0F, "maxCredBlobLength"},
    {0x10, "maxRPIDsForSetMinPINLength"},
    {0x11, "preferredPlatformUvAttempts"},
    {0x12, "uvModality"},
    {0x13, "certifications"},
    {0x14, "remainingDiscoverableCredentials"},
    {0x15, "vendorPrototypeConfigCommands"},
}};
constexpr std::array<Member, 8> kClientPinRequest = {{
    {0x01, "pinUvAuthProtocol"},
    {0x02, "subCommand", false, ClientPinSubCommand},
    {0x03, "keyAgreement"},
    {0x04, "pinUvAuthParam", true},
    {0x05, "newPinEnc", true},
    {0x06, "pinHashEnc", true},
    {0x09, "permissions"},
    {0x0A, "rpId"},
}};
constexpr std::array<Member, 5> kClientPinResponse = {{
    {0x01, "keyAgreement"},
    {0x02, "pinUvAuthToken", true},
    {0x03, "pinRetries"},
    {0x04, "powerCycleState"},
    {0x05, "uvRetries"},
}};
constexpr std::array<Member, 4> kCredMgmtRequest = {{
    {0x01, "subCommand", false, CredMgmtSubCommand},
    {0x02, "subCommandParams"},
    {0x03, "pinUvAuthProtocol"},
    {0x04, "pinUvAuthParam", true},
}};
constexpr std::array<Member, 11> kCredMgmtResponse = {{
    {0x01, "existingResidentCredentialsCount"},
    {0x02, "maxPossibleRemainingResidentCredentialsCount"},
    {0x03, "rp"},
    {0x04, "rpIDHash"},
    {0x05, "totalRPs"},
    {0x06, "user"},
    {0x07, "credentialID"},
    {0x08, "publicKey"},
    {0x09, "totalCredentials"},
    {0x0A, "credProtect"},
    {0x0B, "largeBlobKey", true},
}};

}  // namespace

std::span<const Member> Ctap2RequestMembers(uint8_t command) {
  switch (static_cast<Command>(command)) {
    case Command::kMakeCredential:
      return kMakeCredentialRequest;
    case Command::kGetAssertion:
      return kGetAssertionRequest;
    case Command::kClientPin:
      return kClientPinRequest;
    case Command::kCredentialManagement:
    case Command::kCredentialManagementPreview:
      return kCredMgmtRequest;
    default:
      return {};
  }
}

std::span<const Member> Ctap2ResponseMembers(uint8_t command) {
  switch (static_cast<Command>(command)) {
    case Command::kMakeCredential:
      return kMakeCredentialResponse;
    case Command::kGetAssertion:
    case Command::kGetNextAssertion:
      return kGetAssertionResponse;
    case Command::kGetInfo:
      return kGetInfoResponse;
    case Command::kClientPin:
      return kClientPinResponse;
    case Command::kCredentialManagement:
    case Command::kCredentialManagementPreview:
      return kCredMgmtResponse;
    default:
      return {};
  }
}

}  // namespace bridge::trace

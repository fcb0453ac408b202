// The sk_option array OpenSSH passes to every provider call (sk-api.h
// "struct sk_option"), and the user ID of resident keys.
//
// Contract:
//  - ParseOptions reads "device" (a device to use instead of the automatic
//    choice, device.h) and, when `allow_user` (sk_enroll only), "user"
//    (`ssh-keygen -O user=NAME`). Any other option is ignored unless its
//    `required` flag is set: then parsing fails, as sk-api.h asks. A NULL
//    array is no options. Failures carry a message for LogError.
//  - MakeUserId: the user ID of a new credential (CTAP 2.1 §6.1
//    PublicKeyCredentialUserEntity.id) is kUserIdSize bytes: the user name's
//    bytes followed by zeros, all zeros without one. This is the layout
//    OpenSSH's own sk-usbhid uses, so a resident key made by one provider
//    is found again (and not duplicated) by the other. Names of
//    kUserIdSize bytes or more are refused.
#ifndef KEYBRIDGE_SK_OPTIONS_H_
#define KEYBRIDGE_SK_OPTIONS_H_

#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "bridge/error.h"
#include "sk_api.h"

namespace sk_provider {

inline constexpr size_t kUserIdSize = 32;
using UserId = std::array<uint8_t, kUserIdSize>;

struct ProviderOptions {
  std::optional<std::string> device;
  std::optional<std::string> user;
};

bridge::Result<ProviderOptions> ParseOptions(const sk_option* const* options,
                                             bool allow_user);

bridge::Result<UserId> MakeUserId(std::string_view user);

}  // namespace sk_provider

#endif  // KEYBRIDGE_SK_OPTIONS_H_

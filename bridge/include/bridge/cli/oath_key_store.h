// Remembered YKOATH access keys (`keybridge oath access remember`), as ykman
// keeps them: the PBKDF2 key derived from the password (never the password
// itself, docs/protocol/oath.md §3 "Access code"), filed under the card's
// DeviceId (oath/ccid_access.h).
//
// Contract:
//  - OathKeysPath: $XDG_DATA_HOME/keybridge/oath_keys.json when XDG_DATA_HOME
//    is an absolute path (XDG Base Directory spec), else
//    $HOME/.local/share/keybridge/oath_keys.json.
//  - The file is a JSON object {"keys": {"<device id>": "<hex key>"}}, mode
//    0600 in a 0700 folder, replaced atomically on every change
//    (aws/file_util.h WriteFileAtomic). A missing file holds no keys.
//  - Load: the key for `device_id`, or nullopt. A file that is not such an
//    object, or a key that is not 16 bytes of hex, is kInvalidInput naming
//    the path (never the content).
//  - Store adds or replaces one key; Forget removes one (false: there was
//    none); ForgetAll removes the file (false: there was none). A failed
//    read or parse changes nothing.
#ifndef BRIDGE_CLI_OATH_KEY_STORE_H_
#define BRIDGE_CLI_OATH_KEY_STORE_H_

#include <optional>
#include <string>
#include <string_view>

#include "bridge/aws/config.h"  // EnvLookup
#include "bridge/error.h"
#include "bridge/secret.h"

namespace bridge::cli {

std::string OathKeysPath(const aws::EnvLookup& env);

class OathKeyStore {
 public:
  explicit OathKeyStore(std::string path) : path_(std::move(path)) {}

  const std::string& path() const { return path_; }
  Result<std::optional<SecretBytes>> Load(std::string_view device_id) const;
  Status Store(std::string_view device_id, const SecretBytes& key);
  Result<bool> Forget(std::string_view device_id);
  Result<bool> ForgetAll();

 private:
  std::string path_;
};

}  // namespace bridge::cli

#endif  // BRIDGE_CLI_OATH_KEY_STORE_H_

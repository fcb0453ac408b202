#include "bridge/cli/oath_key_store.h"

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <nlohmann/json.hpp>

#include "bridge/aws/file_util.h"
#include "bridge/oath/ccid_access.h"  // kAccessKeySize

namespace bridge::cli {
namespace {

using json = nlohmann::json;

Error BadFile(const std::string& path, std::string_view why) {
  return MakeError(ErrorKind::kInvalidInput,
                   path + ": " + std::string(why) +
                       " (`keybridge oath access forget --all` removes it)");
}

// The file's "keys" object; an empty one when the file does not exist.
Result<json> ReadKeys(const std::string& path) {
  Result<std::optional<std::string>> text = aws::ReadFileText(path);
  if (!text) return std::move(text).error();
  if (!*text) return json::object();
  json j = json::parse(**text, nullptr, false);
  WipeString(**text);
  if (j.is_discarded() || !j.is_object()) {
    return BadFile(path, "not a keybridge key file");
  }
  auto keys = j.find("keys");
  if (keys == j.end()) return json::object();
  if (!keys->is_object()) return BadFile(path, "not a keybridge key file");
  return std::move(*keys);
}

Status WriteKeys(const std::string& path, const json& keys) {
  const size_t slash = path.rfind('/');
  if (slash != std::string::npos && slash > 0) {
    if (Status s = aws::EnsurePrivateDir(path.substr(0, slash)); !s) return s;
  }
  json j = json::object();
  j["keys"] = keys;
  std::string text = j.dump(2) + "\n";
  Status s = aws::WriteFileAtomic(path, text, 0600);
  WipeString(text);
  return s;
}

int HexDigit(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

}  // namespace

std::string OathKeysPath(const aws::EnvLookup& env) {
  return aws::XdgBaseDir(env, "XDG_DATA_HOME", ".local/share") +
         "/keybridge/oath_keys.json";
}

Result<std::optional<SecretBytes>> OathKeyStore::Load(
    std::string_view device_id) const {
  Result<json> keys = ReadKeys(path_);
  if (!keys) return std::move(keys).error();
  auto it = keys->find(std::string(device_id));
  if (it == keys->end()) return std::optional<SecretBytes>();
  if (!it->is_string()) return BadFile(path_, "a remembered key is malformed");
  std::string& hex = it->get_ref<std::string&>();
  Result<std::optional<SecretBytes>> out =
      BadFile(path_, "a remembered key is malformed");
  if (hex.size() == 2 * oath::kAccessKeySize) {
    SecretBytes key(oath::kAccessKeySize);
    bool ok = true;
    for (size_t i = 0; i < key.size(); ++i) {
      const int hi = HexDigit(hex[2 * i]);
      const int lo = HexDigit(hex[2 * i + 1]);
      ok = ok && hi >= 0 && lo >= 0;
      key.mutable_view()[i] = static_cast<uint8_t>((hi << 4) | (lo & 0x0F));
    }
    if (ok) out = std::optional<SecretBytes>(std::move(key));
  }
  WipeString(hex);
  return out;
}

Status OathKeyStore::Store(std::string_view device_id, const SecretBytes& key) {
  Result<json> keys = ReadKeys(path_);
  if (!keys) return std::move(keys).error();
  static constexpr char kHex[] = "0123456789abcdef";
  std::string hex;
  hex.reserve(2 * key.size());
  for (uint8_t b : key.view()) {
    hex.push_back(kHex[b >> 4]);
    hex.push_back(kHex[b & 0x0F]);
  }
  (*keys)[std::string(device_id)] = hex;
  WipeString(hex);
  Status s = WriteKeys(path_, *keys);
  for (json& value : *keys) {
    if (value.is_string()) WipeString(value.get_ref<std::string&>());
  }
  return s;
}

Result<bool> OathKeyStore::Forget(std::string_view device_id) {
  Result<json> keys = ReadKeys(path_);
  if (!keys) return std::move(keys).error();
  if (keys->erase(std::string(device_id)) == 0) return false;
  if (Status s = WriteKeys(path_, *keys); !s) return std::move(s).error();
  return true;
}

Result<bool> OathKeyStore::ForgetAll() {
  if (std::remove(path_.c_str()) == 0) return true;
  if (errno == ENOENT) return false;
  return MakeError(ErrorKind::kTransport,
                   path_ + ": cannot remove: " + std::strerror(errno));
}

}  // namespace bridge::cli

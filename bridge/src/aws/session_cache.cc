#include "bridge/aws/session_cache.h"

#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <nlohmann/json.hpp>

#include "bridge/aws/file_util.h"
#include "bridge/secret.h"

namespace bridge::aws {
namespace {

using nlohmann::json;

Error BadCache(std::string_view what) {
  return MakeError(ErrorKind::kInvalidInput,
                   "cache file: " + std::string(what));
}

std::optional<std::string> StringMember(const json& j, const char* key) {
  if (!j.is_object()) return std::nullopt;
  auto it = j.find(key);
  if (it == j.end() || !it->is_string()) return std::nullopt;
  return it->get<std::string>();
}

uint64_t Fnv1a64(std::string_view s) {
  uint64_t h = 1469598103934665603ull;
  for (unsigned char c : s) {
    h ^= c;
    h *= 1099511628211ull;
  }
  return h;
}

}  // namespace

std::string ResolveCacheDir(const EnvLookup& env) {
  return XdgBaseDir(env, "XDG_CACHE_HOME", ".cache") + "/keybridge/aws";
}

std::string EncodeCacheEntry(const CacheEntry& e) {
  nlohmann::ordered_json j;
  j["Version"] = 1;
  j["Profile"] = e.profile;
  j["SerialNumber"] = e.serial;
  if (!e.role_arn.empty()) j["RoleArn"] = e.role_arn;
  j["AccessKeyId"] = e.credentials.access_key_id;
  j["SecretAccessKey"] = e.credentials.secret_access_key;
  j["SessionToken"] = e.credentials.session_token;
  j["Expiration"] = FormatIso8601Z(e.credentials.expiration);
  return j.dump(2) + "\n";
}

Result<CacheEntry> DecodeCacheEntry(std::string_view text) {
  json j = json::parse(text.begin(), text.end(), nullptr, false);
  if (j.is_discarded() || !j.is_object()) return BadCache("not a JSON object");
  auto v = j.find("Version");
  if (v == j.end() || !v->is_number_integer() || v->get<int64_t>() != 1) {
    return BadCache("unsupported Version");
  }
  auto profile = StringMember(j, "Profile");
  auto serial = StringMember(j, "SerialNumber");
  auto id = StringMember(j, "AccessKeyId");
  auto secret = StringMember(j, "SecretAccessKey");
  auto token = StringMember(j, "SessionToken");
  auto exp = StringMember(j, "Expiration");
  if (!profile || !serial || !id || !secret || !token || !exp || id->empty() ||
      secret->empty() || token->empty()) {
    return BadCache("a field is missing");
  }
  auto t = ParseIso8601(*exp);
  if (!t.ok()) return BadCache("bad Expiration");
  std::string role_arn;
  if (j.contains("RoleArn")) {
    auto r = StringMember(j, "RoleArn");
    if (!r || r->empty()) return BadCache("bad RoleArn");
    role_arn = std::move(*r);
  }
  return CacheEntry{*profile, *serial, std::move(role_arn),
                    SessionCredentials(std::move(*id), std::move(*secret),
                                       std::move(*token), *t)};
}

std::string EncodeUsedSteps(const UsedSteps& steps) {
  json j;
  j["Version"] = 1;
  j["Steps"] = json::object();
  for (const auto& [serial, step] : steps) j["Steps"][serial] = step;
  return j.dump(2) + "\n";
}

Result<UsedSteps> DecodeUsedSteps(std::string_view text) {
  json j = json::parse(text.begin(), text.end(), nullptr, false);
  if (j.is_discarded() || !j.is_object()) {
    return BadCache("used-steps is not a JSON object");
  }
  auto v = j.find("Version");
  auto s = j.find("Steps");
  if (v == j.end() || !v->is_number_integer() || v->get<int64_t>() != 1 ||
      s == j.end() || !s->is_object()) {
    return BadCache("used-steps has no Version 1 / Steps");
  }
  UsedSteps out;
  for (auto it = s->begin(); it != s->end(); ++it) {
    if (!it->is_number_integer()) return BadCache("used-steps: bad step");
    out[it.key()] = it->get<int64_t>();
  }
  return out;
}

std::string EscapeFileName(std::string_view s) {
  std::string out;
  for (unsigned char c : s) {
    if (std::isalnum(c) || c == '-' || c == '_' || c == '.') {
      out += static_cast<char>(c);
    } else {
      char buf[4];
      std::snprintf(buf, sizeof buf, "%%%02X", c);
      out += buf;
    }
  }
  if (out.empty() || out[0] == '.') out = "%" + out;
  return out;
}

CacheLock::~CacheLock() {
  if (fd_ >= 0) ::close(fd_);  // releases the flock
}

namespace {

// <prefix><profile>--<key>.json, hashed when long.
std::string EntryFileName(std::string_view prefix, std::string_view profile,
                          std::string_view key) {
  std::string name = std::string(prefix) + EscapeFileName(profile) + "--" +
                     EscapeFileName(key);
  if (name.size() > 200) {
    std::string both(profile);
    both += '\0';
    both += key;
    char hash[17];
    std::snprintf(hash, sizeof hash, "%016llx",
                  static_cast<unsigned long long>(Fnv1a64(both)));
    name = name.substr(0, 180) + "-" + hash;
  }
  return name + ".json";
}

}  // namespace

std::string SessionCache::SessionPath(std::string_view profile,
                                      std::string_view serial) const {
  return dir_ + "/" + EntryFileName("session-", profile, serial);
}

std::string SessionCache::RolePath(std::string_view profile,
                                   std::string_view role_arn) const {
  return dir_ + "/" + EntryFileName("role-", profile, role_arn);
}

Result<CacheLock> SessionCache::Lock() {
  Status st = EnsurePrivateDir(dir_);
  if (!st.ok()) return std::move(st).error();
  std::string path = dir_ + "/lock";
  int fd = ::open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0600);
  if (fd < 0) {
    return MakeError(ErrorKind::kTransport,
                     "cannot open " + path + ": " + std::strerror(errno));
  }
  while (::flock(fd, LOCK_EX) != 0) {
    if (errno != EINTR) {
      int err = errno;
      ::close(fd);
      return MakeError(ErrorKind::kTransport,
                       "cannot lock " + path + ": " + std::strerror(err));
    }
  }
  return CacheLock(fd);
}

Result<std::optional<SessionCredentials>> SessionCache::LoadAt(
    const std::string& path, std::string_view profile, std::string_view serial,
    std::string_view role_arn, double now) {
  auto text = ReadFileText(path);
  if (!text.ok()) return std::move(text).error();
  if (!text->has_value()) return std::optional<SessionCredentials>();
  auto entry = DecodeCacheEntry(**text);
  WipeString(**text);
  if (!entry.ok() || entry->profile != profile || entry->role_arn != role_arn ||
      (role_arn.empty() && entry->serial != serial)) {
    ::unlink(path.c_str());  // damaged or foreign: a miss
    return std::optional<SessionCredentials>();
  }
  if (static_cast<double>(entry->credentials.expiration - kRefreshMargin) <=
      now) {
    return std::optional<SessionCredentials>();
  }
  return std::optional<SessionCredentials>(std::move(entry->credentials));
}

Status SessionCache::StoreAt(const std::string& path, CacheEntry entry) {
  Status st = EnsurePrivateDir(dir_);
  if (!st.ok()) return st;
  std::string text = EncodeCacheEntry(entry);
  Status w = WriteFileAtomic(path, text, 0600);
  WipeString(text);
  return w;
}

Result<std::optional<SessionCredentials>> SessionCache::Load(
    std::string_view profile, std::string_view serial, double now) {
  return LoadAt(SessionPath(profile, serial), profile, serial, "", now);
}

Status SessionCache::Store(std::string_view profile, std::string_view serial,
                           const SessionCredentials& c) {
  return StoreAt(
      SessionPath(profile, serial),
      CacheEntry{std::string(profile), std::string(serial), "",
                 SessionCredentials(c.access_key_id, c.secret_access_key,
                                    c.session_token, c.expiration)});
}

Result<std::optional<SessionCredentials>> SessionCache::LoadRole(
    std::string_view profile, std::string_view role_arn, double now) {
  return LoadAt(RolePath(profile, role_arn), profile, "", role_arn, now);
}

Status SessionCache::StoreRole(std::string_view profile,
                               std::string_view role_arn,
                               std::string_view serial,
                               const SessionCredentials& c) {
  return StoreAt(
      RolePath(profile, role_arn),
      CacheEntry{std::string(profile), std::string(serial),
                 std::string(role_arn),
                 SessionCredentials(c.access_key_id, c.secret_access_key,
                                    c.session_token, c.expiration)});
}

Result<int> SessionCache::RemoveEntries(
    const std::function<bool(const CacheEntry&)>& which, bool all) {
  std::error_code ec;
  std::filesystem::directory_iterator it(dir_, ec);
  if (ec) return 0;  // no cache folder: nothing cached
  int removed = 0;
  for (const auto& f : it) {
    std::string name = f.path().filename().string();
    bool ours =
        (name.rfind("session-", 0) == 0 || name.rfind("role-", 0) == 0) &&
        name.size() > 5 && name.substr(name.size() - 5) == ".json";
    if (!ours) continue;
    auto text = ReadFileText(f.path().string());
    if (!text.ok() || !text->has_value()) continue;
    auto entry = DecodeCacheEntry(**text);
    WipeString(**text);
    if (entry.ok() ? which(*entry) : all) {
      if (::unlink(f.path().c_str()) == 0) ++removed;
    }
  }
  return removed;
}

Result<std::optional<int64_t>> SessionCache::LastUsedStep(
    std::string_view serial) {
  auto text = ReadFileText(UsedStepsPath());
  if (!text.ok()) return std::move(text).error();
  if (!text->has_value()) return std::optional<int64_t>();
  auto steps = DecodeUsedSteps(**text);
  if (!steps.ok()) {
    return MakeError(ErrorKind::kInvalidInput,
                     UsedStepsPath() + " is damaged (" + steps.error().message +
                         "); delete it to go on (keybridge then waits for "
                         "the next TOTP step)");
  }
  auto it = steps->find(std::string(serial));
  if (it == steps->end()) return std::optional<int64_t>();
  return std::optional<int64_t>(it->second);
}

Status SessionCache::RecordUsedStep(std::string_view serial, int64_t step) {
  Status st = EnsurePrivateDir(dir_);
  if (!st.ok()) return st;
  UsedSteps steps;
  auto text = ReadFileText(UsedStepsPath());
  if (!text.ok()) return std::move(text).error();
  if (text->has_value()) {
    auto parsed = DecodeUsedSteps(**text);
    if (parsed.ok()) steps = std::move(parsed).value();
  }
  int64_t& slot = steps[std::string(serial)];
  if (step > slot) slot = step;
  return WriteFileAtomic(UsedStepsPath(), EncodeUsedSteps(steps), 0600);
}

}  // namespace bridge::aws

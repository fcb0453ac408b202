// Session cache and used-steps record (docs/aws.md §0.3, §2.1 "No caching by
// the CLI").
//
// Contract:
//   - Folder: $XDG_CACHE_HOME/keybridge/aws, else ~/.cache/keybridge/aws;
//     created 0700 (and must be ours); every file is written atomically with
//     mode 0600.
//   - One file per (profile, serial) holds the session credentials STS gave
//     (as aws-vault keeps them), never a seed or a code. Load() returns them
//     while more than kRefreshMargin (15 min) is left before Expiration: the
//     AWS CLI runs credential_process again inside that window (advisory
//     refresh, docs/aws.md §2.1). A file that does not parse or belongs to
//     another (profile, serial) is a miss.
//   - One file per (role profile, role ARN) holds that role's session
//     (LoadRole/StoreRole), with the same 15-minute rule.
//   - RemoveEntries deletes the session files whose entry matches (a file
//     that does not parse matches only `all`), for `keybridge aws logout`.
//     used-steps.json and clock-skew.json stay: they only prevent spending
//     a step twice.
//   - used-steps.json maps each serial to the last TOTP step sent for it;
//     RecordUsedStep only moves it forward. It is kept even with --no-cache.
//   - Lock() takes an exclusive flock on <folder>/lock, so concurrent
//     keybridge runs (the CLI may start credential_process in parallel) do
//     the step choice, the STS call and the cache write one at a time.
//   - Encode*/Decode* are the pure (de)serialisers used by the above.
#ifndef BRIDGE_AWS_SESSION_CACHE_H_
#define BRIDGE_AWS_SESSION_CACHE_H_

#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>

#include "bridge/aws/config.h"
#include "bridge/aws/credentials.h"
#include "bridge/error.h"

namespace bridge::aws {

inline constexpr int64_t kRefreshMargin = 15 * 60;

std::string ResolveCacheDir(const EnvLookup& env);

struct CacheEntry {
  std::string profile;
  std::string serial;    // the MFA device the session was bought with
  std::string role_arn;  // empty for an MFA session
  SessionCredentials credentials;
};

std::string EncodeCacheEntry(const CacheEntry& entry);
Result<CacheEntry> DecodeCacheEntry(std::string_view text);

using UsedSteps = std::map<std::string, int64_t>;
std::string EncodeUsedSteps(const UsedSteps& steps);
Result<UsedSteps> DecodeUsedSteps(std::string_view text);

// A file-name-safe, injective spelling of `s` (%XX for other bytes).
std::string EscapeFileName(std::string_view s);

class CacheLock {
 public:
  explicit CacheLock(int fd) : fd_(fd) {}
  ~CacheLock();
  CacheLock(CacheLock&& o) noexcept : fd_(o.fd_) { o.fd_ = -1; }
  CacheLock& operator=(CacheLock&&) = delete;
  CacheLock(const CacheLock&) = delete;

 private:
  int fd_;
};

class SessionCache {
 public:
  explicit SessionCache(std::string dir) : dir_(std::move(dir)) {}

  const std::string& dir() const { return dir_; }
  std::string SessionPath(std::string_view profile,
                          std::string_view serial) const;
  std::string UsedStepsPath() const { return dir_ + "/used-steps.json"; }

  Result<CacheLock> Lock();

  Result<std::optional<SessionCredentials>> Load(std::string_view profile,
                                                 std::string_view serial,
                                                 double now);
  Status Store(std::string_view profile, std::string_view serial,
               const SessionCredentials& credentials);

  std::string RolePath(std::string_view profile,
                       std::string_view role_arn) const;
  Result<std::optional<SessionCredentials>> LoadRole(std::string_view profile,
                                                     std::string_view role_arn,
                                                     double now);
  Status StoreRole(std::string_view profile, std::string_view role_arn,
                   std::string_view serial,
                   const SessionCredentials& credentials);

  // Returns how many files were removed. `all` also removes damaged ones.
  Result<int> RemoveEntries(const std::function<bool(const CacheEntry&)>& which,
                            bool all);

  Result<std::optional<int64_t>> LastUsedStep(std::string_view serial);
  Status RecordUsedStep(std::string_view serial, int64_t step);

 private:
  Result<std::optional<SessionCredentials>> LoadAt(const std::string& path,
                                                   std::string_view profile,
                                                   std::string_view serial,
                                                   std::string_view role_arn,
                                                   double now);
  Status StoreAt(const std::string& path, CacheEntry entry);

  std::string dir_;
};

}  // namespace bridge::aws

#endif  // BRIDGE_AWS_SESSION_CACHE_H_

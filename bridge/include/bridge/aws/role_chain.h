// A role profile's chain of AssumeRole calls (docs/aws.md §2.2, §5, §6).
//
// Contract:
//   - ResolveRoleChain(P): P has `role_arn`. Its `source_profile` is
//     followed while the source has a role_arn too (role chaining), up to a
//     profile with long-term keys; `credential_source = Environment` ends
//     the chain at the environment's keys. A source_profile naming the
//     profile itself uses that profile's own keys (botocore does the same).
//     Both keys, neither key, a loop, a missing profile, a source that gets
//     its keys from credential_process, or another credential_source are
//     kInvalidInput naming the profile.
//   - hops are in the order the calls are made; hops.back() is P.
//   - Each hop's role_session_name (2–64 of [\w+=,.@-]), external_id (2–1224
//     of [\w+=,.@:/-]) and duration_seconds (900–43200) are checked; the
//     default session name is `keybridge-USER` with USER from $USER or
//     $LOGNAME, other characters replaced by '-' and cut at 64.
//   - serials: the MFA devices to choose from, from the nearest profile
//     (P first, then its sources) that names any: its mfa_serial, then its
//     keybridge_mfa_serials (MfaSerialCandidates).
#ifndef BRIDGE_AWS_ROLE_CHAIN_H_
#define BRIDGE_AWS_ROLE_CHAIN_H_

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "bridge/aws/config.h"
#include "bridge/error.h"

namespace bridge::aws {

inline constexpr int kMaxRoleDuration = 43200;  // MaxSessionDuration cap
inline constexpr int kRoleChainingCap = 3600;   // docs/aws.md §5.2

struct RoleHop {
  std::string profile;
  std::string role_arn;
  std::optional<std::string> external_id;
  std::string session_name;
  std::optional<int> duration;
};

struct RoleChain {
  std::string source_profile;  // holds the long-term keys
  bool source_is_environment = false;
  std::vector<RoleHop> hops;
  std::vector<std::string> serials;
  std::optional<std::string> region;  // nearest to P
};

Result<RoleChain> ResolveRoleChain(const IniDocument* config,
                                   const IniDocument* credentials,
                                   std::string_view profile,
                                   const EnvLookup& env);

// The name the source's MFA sessions are cached under: the source profile,
// or "(environment)" for credential_source = Environment.
std::string SourceCacheName(const RoleChain& chain);

// mfa_serial, then each of keybridge_mfa_serials (commas or spaces), without
// repeats.
std::vector<std::string> MfaSerialCandidates(const ProfileView& view);

Status CheckRoleSessionName(std::string_view name);
Status CheckExternalId(std::string_view id);
std::string DefaultRoleSessionName(const EnvLookup& env);

}  // namespace bridge::aws

#endif  // BRIDGE_AWS_ROLE_CHAIN_H_

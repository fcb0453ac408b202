// `keybridge aws logout`: forget cached sessions (docs/aws.md §6.2).
//
// Contract, under the cache lock: with `all`, every session and role
// session file goes (damaged ones too). Otherwise the profile (resolved as
// session_flow.h step 1) loses its own sessions; a role profile also loses
// the role sessions of its chain and the MFA sessions of its source, so
// the next run asks the key again. The used-steps record stays (it only
// stops a step from being spent twice). Returns how many files went.
#ifndef BRIDGE_AWS_LOGOUT_H_
#define BRIDGE_AWS_LOGOUT_H_

#include <optional>
#include <string>

#include "bridge/aws/config.h"
#include "bridge/error.h"

namespace bridge::aws {

Result<int> Logout(const std::optional<std::string>& profile, bool all,
                   const EnvLookup& env);

}  // namespace bridge::aws

#endif  // BRIDGE_AWS_LOGOUT_H_

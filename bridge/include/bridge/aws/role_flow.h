// Credentials for a profile with role_arn (docs/aws.md §5, §6).
//
// Contract (after session_flow.h steps 1–2):
//   - The chain (role_chain.h) is walked back from the asked profile: the
//     nearest hop whose role session is cached with more than 15 minutes
//     left is where the calls start; the asked profile's own cached session
//     needs no call at all, and no key.
//   - Otherwise the first hop is assumed from the source's MFA session
//     (GetSessionToken through session_flow.h MfaSession, cached per
//     (source, serial)): one code buys any number of roles until the
//     session ends, as aws-vault does. Or it is assumed directly from the
//     long-term keys with `--serial-number/--token-code` (one code per
//     role) when --no-session is given, or when the first hop asks for
//     more than 1 hour: AWS caps every role assumed with temporary
//     credentials at 1 hour (role chaining), so a longer session has no
//     other way. A note says so.
//   - Every later hop is assumed with the previous hop's credentials, which
//     is role chaining: asking such a hop for more than 1 hour is
//     kInvalidInput naming the limit, before any call is made.
//   - The asked profile's duration is --duration, else its
//     duration_seconds, else AWS's default (1 hour); other hops use their
//     own duration_seconds.
//   - Each role session is stored per (profile, role ARN). AWS's refusals
//     (AccessDenied, DurationSeconds, ExternalId) come back as
//     DescribeCliFailure's one line, and nothing is cached for that role.
//   - All of it runs under the cache lock, so parallel runs (the AWS CLI
//     starts credential_process once per command) share one code.
#ifndef BRIDGE_AWS_ROLE_FLOW_H_
#define BRIDGE_AWS_ROLE_FLOW_H_

#include "bridge/aws/session_flow.h"

namespace bridge::aws {

Result<SessionOutcome> GetRoleSession(const SessionOptions& options,
                                      const ResolvedProfile& profile,
                                      FlowDeps& deps);

}  // namespace bridge::aws

#endif  // BRIDGE_AWS_ROLE_FLOW_H_

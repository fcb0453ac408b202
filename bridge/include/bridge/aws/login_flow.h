// `keybridge aws login`: a console sign-in URL for a profile (docs/aws.md
// §5.4, §6.4), as aws-vault's `login` builds it.
//
// Contract:
//   - A role profile signs in with its role session (role_flow.h: cache,
//     one code per MFA session, as for `session`).
//   - Any other profile signs in as a federated user: `aws sts
//     get-federation-token --name keybridge-USER (cut at 32) --policy
//     <allow all>` with the profile's long-term keys, so the user's own
//     policies decide what the console may do. The federation endpoint
//     takes no GetSessionToken session, and GetFederationToken takes no MFA
//     code, so such a console session carries no MFA; a note says so.
//   - Then federation.h: GetSigninToken and the login URL whose
//     destination is --destination or the console home of the profile's
//     region. The URL is returned; the command prints it (--stdout) or
//     hands it to the browser (browser_handoff.h).
#ifndef BRIDGE_AWS_LOGIN_FLOW_H_
#define BRIDGE_AWS_LOGIN_FLOW_H_

#include <optional>
#include <string>
#include <vector>

#include "bridge/aws/session_flow.h"

namespace bridge::aws {

struct LoginOptions {
  SessionOptions session;
  std::optional<std::string> destination;
};

struct LoginOutcome {
  std::string url;  // a bearer secret: the caller wipes it
  std::vector<std::string> notes;
};

Result<LoginOutcome> Login(const LoginOptions& options, FlowDeps& deps);

}  // namespace bridge::aws

#endif  // BRIDGE_AWS_LOGIN_FLOW_H_

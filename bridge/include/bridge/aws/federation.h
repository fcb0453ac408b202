// Console sign-in through the AWS federation endpoint (docs/aws.md §5.4,
// §6.4), as aws-vault's `login` does.
//
// Contract:
//   - FederationUrl: $KEYBRIDGE_AWS_FEDERATION_URL (tests point it at the
//     emulator), else https://signin.aws.amazon.com/federation.
//   - GetSigninToken GETs `URL?Action=getSigninToken[&SessionDuration=S]
//     &Session=<JSON {sessionId, sessionKey, sessionToken}>` (libcurl, TLS
//     verified, 30 s timeout) and returns the SigninToken of the JSON
//     answer. HTTP errors are kAws with the status and at most one line of
//     the answer; an answer without a SigninToken is kProtocol. Neither the
//     request nor any error quotes the credentials.
//   - LoginUrl: `URL?Action=login&Issuer=keybridge&Destination=D
//     &SigninToken=T`; the destination is the console home of `region`
//     (https://console.aws.amazon.com/console/home?region=R) unless given.
//   - The sign-in URL is a bearer secret for 15 minutes: callers print it
//     only when asked (--stdout) and otherwise hand it to the browser
//     through browser_handoff.h, never in argv.
#ifndef BRIDGE_AWS_FEDERATION_H_
#define BRIDGE_AWS_FEDERATION_H_

#include <optional>
#include <string>

#include "bridge/aws/config.h"
#include "bridge/aws/credentials.h"
#include "bridge/error.h"

namespace bridge::aws {

std::string FederationUrl(const EnvLookup& env);

Result<std::string> GetSigninToken(const std::string& federation_url,
                                   const SessionCredentials& credentials,
                                   std::optional<int> session_duration);

std::string ConsoleDestination(const std::optional<std::string>& region);

std::string LoginUrl(const std::string& federation_url,
                     const std::string& destination,
                     const std::string& signin_token);

}  // namespace bridge::aws

#endif  // BRIDGE_AWS_FEDERATION_H_

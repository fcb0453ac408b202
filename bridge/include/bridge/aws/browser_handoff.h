// Hands a secret URL to the user's browser without putting it in any argv
// (docs/aws.md §6.4): a process list shows every program's arguments, and
// the console sign-in URL is a bearer token for 15 minutes.
//
// Contract:
//   - BrowserAvailable: $DISPLAY or $WAYLAND_DISPLAY is set and `xdg-open`
//     is on $PATH (or $KEYBRIDGE_BROWSER names a program to use instead).
//   - OpenInBrowser listens on 127.0.0.1 (ephemeral port), starts the
//     opener with `http://127.0.0.1:PORT/<128-bit random path>`, answers
//     the first GET of that path with `302 Found`, `Location: url`,
//     `Cache-Control: no-store`, and stops; any other request gets 404.
//     No request within `timeout_ms` (or the cancel flag) is kTimeout /
//     kCancelled. The opener's own exit status is not waited for (xdg-open
//     may live as long as the browser).
#ifndef BRIDGE_AWS_BROWSER_HANDOFF_H_
#define BRIDGE_AWS_BROWSER_HANDOFF_H_

#include <atomic>
#include <string>

#include "bridge/aws/config.h"
#include "bridge/error.h"

namespace bridge::aws {

bool BrowserAvailable(const EnvLookup& env);

Status OpenInBrowser(const std::string& url, const EnvLookup& env,
                     int timeout_ms, const std::atomic<bool>* cancel);

}  // namespace bridge::aws

#endif  // BRIDGE_AWS_BROWSER_HANDOFF_H_

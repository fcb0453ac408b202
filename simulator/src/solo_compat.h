// keysim --solo-compat (docs/solo-compat.md): the SoloKeys simulator's UDP
// addresses as keysim serves them. The convention itself — ports, no
// report-ID byte, the magic reboot report — is wire/solo_simulator.h.
//
// Contract: keysim listens on kListenHost:8111 (Solo binds every interface;
// keysim stays on loopback, docs/architecture.md "Transports only move
// bytes") and sends every report to kReplyHost:7112, where fido2-tests and
// solo-python bind their socket. On the magic reboot report keysim
// power-cycles the device (Solo exits with status 100 and is restarted).
#ifndef SIMULATOR_SRC_SOLO_COMPAT_H_
#define SIMULATOR_SRC_SOLO_COMPAT_H_

#include "wire/solo_simulator.h"

namespace keysim::solo {

using wire::solo::kListenPort;
using wire::solo::kMagicReboot;
using wire::solo::kReplyPort;
inline constexpr const char* kListenHost = "127.0.0.1";
inline constexpr const char* kReplyHost = "127.0.0.1";

}  // namespace keysim::solo

#endif  // SIMULATOR_SRC_SOLO_COMPAT_H_

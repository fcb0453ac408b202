// The SoloKeys simulator's UDP convention (docs/solo-compat.md §1, which
// names its sources), served by `keysim --solo-compat` and named by
// `keybridge trace`.
//
// Contract: header-only, no allocation, usable with -fno-exceptions -fno-rtti.
// The simulator receives 64-byte reports without a report-ID byte on UDP
// port kListenPort and sends every report to 127.0.0.1:kReplyPort; a report
// equal to kMagicReboot restarts it.
#ifndef WIRE_SOLO_SIMULATOR_H_
#define WIRE_SOLO_SIMULATOR_H_

#include <array>
#include <cstdint>

namespace wire::solo {

inline constexpr uint16_t kListenPort = 8111;
inline constexpr uint16_t kReplyPort = 7112;

// "Random bytes that authenticator should detect and then restart itself"
// (fido2-tests TestDevice.send_magic_reboot).
inline constexpr std::array<uint8_t, 64> kMagicReboot = {
    0xac, 0x10, 0x52, 0xca, 0x95, 0xe5, 0x69, 0xde, 0x69, 0xe0, 0x2e,
    0xbf, 0xf3, 0x33, 0x48, 0x5f, 0x13, 0xf9, 0xb2, 0xda, 0x34, 0xc5,
    0xa8, 0xa3, 0x40, 0x52, 0x66, 0x97, 0xa9, 0xab, 0x2e, 0x0b, 0x39,
    0x4d, 0x8d, 0x04, 0x97, 0x3c, 0x13, 0x40, 0x05, 0xbe, 0x1a, 0x01,
    0x40, 0xbf, 0xf6, 0x04, 0x5b, 0xb2, 0x6e, 0xb7, 0x7a, 0x73, 0xea,
    0xa4, 0x78, 0x13, 0xf6, 0xb4, 0x9a, 0x72, 0x50, 0xdc};

}  // namespace wire::solo

#endif  // WIRE_SOLO_SIMULATOR_H_

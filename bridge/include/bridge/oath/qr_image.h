// Decoding the QR code AWS shows for a virtual MFA device (IAM console /
// `create-virtual-mfa-device --bootstrap-method QRCodePNG`; docs/aws.md §3.2).
//
// Contract: DecodeQrImage reads a PNG file (libpng; any bit depth or colour
// type, converted to 8-bit greyscale, at most 8192×8192 pixels), scans it
// with zbar, and returns the text of the single QR code in it as
// SecretBytes (an otpauth:// URI holds the seed; it is never printed).
// No QR code, several, or an unreadable file is kInvalidInput naming the
// file. DecodeQrGrey does the same on an 8-bit greyscale buffer.
#ifndef BRIDGE_OATH_QR_IMAGE_H_
#define BRIDGE_OATH_QR_IMAGE_H_

#include <cstdint>
#include <span>
#include <string>

#include "bridge/error.h"
#include "bridge/secret.h"

namespace bridge::oath {

Result<SecretBytes> DecodeQrImage(const std::string& png_path);
Result<SecretBytes> DecodeQrGrey(std::span<const uint8_t> pixels,
                                 unsigned width, unsigned height);

}  // namespace bridge::oath

#endif  // BRIDGE_OATH_QR_IMAGE_H_

// libfido2 results and device-opening failures as sk-api error codes
// (sk_api.h), and what the user is told about them (log.h).
//
// Contract:
//  - libfido2 results map to sk-api codes in SkError (sk_error.cc):
//    unsupported options, algorithms and extensions become
//    SSH_SK_ERR_UNSUPPORTED; PIN_REQUIRED and PIN_INVALID become
//    SSH_SK_ERR_PIN_REQUIRED (ssh asks again), a blocked PIN or a refused
//    touch SSH_SK_ERR_GENERAL.
//  - Fail(device, r, what, pin) returns that code for the libfido2 result
//    r != FIDO_OK of `what` and explains it on stderr (device.h Describe),
//    except "PIN needed" when no PIN was given (ssh simply asks for it;
//    LogDebug only). Every failure other than "PIN needed" and "credential
//    exists" is explained on stderr.
//  - FailOpening logs SkDevice::Open's error and answers
//    SSH_SK_ERR_GENERAL for invalid input (a malformed device name), else
//    SSH_SK_ERR_DEVICE_NOT_FOUND.
#ifndef KEYBRIDGE_SK_SK_ERROR_H_
#define KEYBRIDGE_SK_SK_ERROR_H_

#include <string>

#include "bridge/error.h"
#include "device.h"

namespace sk_provider {

int Fail(const SkDevice& device, int r, const std::string& what,
         const char* pin);

int FailOpening(const bridge::Error& e);

}  // namespace sk_provider

#endif  // KEYBRIDGE_SK_SK_ERROR_H_

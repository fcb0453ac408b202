// CodeSource: what the AWS flows need from the security key.
//
// Contract: ListTotpLabels returns the TOTP account names on the key (the
// ykman label convention, docs/protocol/oath.md §3). Calculate returns the code
// the key computes for `label` at `unix_time` (T = floor(unix_time / 30), the
// key never reads a clock itself), as the decimal digits the key gave. PutTotp
// stores a TOTP SHA-1, 6-digit, 30 s credential named `label` with `secret`
// (raw key bytes; the caller wipes them); Delete removes a label. The real
// implementation adapts bridge::oath::OathSession (aws/key_code_source.h);
// tests use a fake that computes RFC 6238 codes.
#ifndef BRIDGE_AWS_CODE_SOURCE_H_
#define BRIDGE_AWS_CODE_SOURCE_H_

#include <cstdint>
#include <string>
#include <vector>

#include "bridge/error.h"
#include "bridge/secret.h"

namespace bridge::aws {

class CodeSource {
 public:
  virtual ~CodeSource() = default;
  virtual Result<std::vector<std::string>> ListTotpLabels() = 0;
  virtual Result<std::string> Calculate(const std::string& label,
                                        int64_t unix_time) = 0;
  virtual Status PutTotp(const std::string& label,
                         const SecretBytes& secret) = 0;
  virtual Status Delete(const std::string& label) = 0;
};

}  // namespace bridge::aws

#endif  // BRIDGE_AWS_CODE_SOURCE_H_

// KeyCodeSource: bridge::aws::CodeSource on the selected security key
// (cli/context.h KeyConnection + oath::OathSession).
//
// Contract: the key is opened on first use only, so a cached session never
// touches it. Only TOTP accounts are listed. Calculate sends the time step
// T = floor(unix_time / 30) for the label's period (oath.md §2.6) and
// formats the truncated code with the key's digit count. PutTotp stores
// SHA-1, 6 digits, 30 s under the `issuer:account` label.
#ifndef BRIDGE_CLI_AWS_CODE_SOURCE_H_
#define BRIDGE_CLI_AWS_CODE_SOURCE_H_

#include <memory>
#include <string>
#include <vector>

#include "bridge/aws/code_source.h"
#include "bridge/cli/context.h"

namespace bridge::cli {

class KeyCodeSource : public aws::CodeSource {
 public:
  explicit KeyCodeSource(const GlobalOptions& options) : options_(options) {}

  Result<std::vector<std::string>> ListTotpLabels() override;
  Result<std::string> Calculate(const std::string& label,
                                int64_t unix_time) override;
  Status PutTotp(const std::string& label, const SecretBytes& secret) override;
  Status Delete(const std::string& label) override;

 private:
  Result<oath::OathSession*> Session();
  Status Refresh();

  GlobalOptions options_;
  std::unique_ptr<KeyConnection> key_;
  std::vector<oath::ListEntry> entries_;
  bool listed_ = false;
};

}  // namespace bridge::cli

#endif  // BRIDGE_CLI_AWS_CODE_SOURCE_H_

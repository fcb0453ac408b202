// KeyCodeSource: CodeSource on a security key's OATH session
// (oath/session.h).
//
// Contract: the session is opened (SessionOpener) on first use only, so a
// cached session never touches the key; after a failed open the next call
// tries again. Only TOTP accounts are listed. Calculate sends the time step
// T = floor(unix_time / period) of the label's period (docs/protocol/oath.md
// §2.6) and formats the truncated code with the key's digit count
// (oath::CalculateCode). PutTotp stores SHA-1, 6 digits, 30 s under the
// `issuer:account` label.
#ifndef BRIDGE_AWS_KEY_CODE_SOURCE_H_
#define BRIDGE_AWS_KEY_CODE_SOURCE_H_

#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "bridge/aws/code_source.h"
#include "bridge/oath/session.h"

namespace bridge::aws {

class KeyCodeSource : public CodeSource {
 public:
  // Opens the key and returns its OATH session; the pointer keeps the
  // connection under it alive.
  using SessionOpener =
      std::function<Result<std::shared_ptr<oath::OathSession>>()>;

  explicit KeyCodeSource(SessionOpener open) : open_(std::move(open)) {}

  Result<std::vector<std::string>> ListTotpLabels() override;
  Result<std::string> Calculate(const std::string& label,
                                int64_t unix_time) override;
  Status PutTotp(const std::string& label, const SecretBytes& secret) override;
  Status Delete(const std::string& label) override;

 private:
  Result<oath::OathSession*> Session();
  Status Refresh();

  SessionOpener open_;
  std::shared_ptr<oath::OathSession> session_;
  std::vector<oath::ListEntry> entries_;
  bool listed_ = false;
};

}  // namespace bridge::aws

#endif  // BRIDGE_AWS_KEY_CODE_SOURCE_H_

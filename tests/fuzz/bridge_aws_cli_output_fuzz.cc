// libFuzzer target: parsers of what the AWS CLI prints (bridge/aws/
// cli_output.h), the ISO 8601 timestamps and the cache files.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "bridge/aws/cli_output.h"
#include "bridge/aws/credentials.h"
#include "bridge/aws/session_cache.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  (void)bridge::aws::ParseCredentialsOutput(text);
  (void)bridge::aws::ParseCliError(text);
  bridge::Error e = bridge::aws::DescribeCliFailure("aws x", 254, text);
  if (e.message.find('\n') != std::string::npos) __builtin_trap();
  (void)bridge::aws::ParseCreatedSerial(text);
  (void)bridge::aws::ParseMfaDeviceSerials(text);
  (void)bridge::aws::ParseIso8601(text);
  (void)bridge::aws::DecodeCacheEntry(text);
  (void)bridge::aws::DecodeUsedSteps(text);
  return 0;
}

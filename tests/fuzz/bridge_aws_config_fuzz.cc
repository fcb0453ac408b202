// libFuzzer target: the AWS config/credentials INI parser and editor
// (bridge/aws/ini.h, config.h) on arbitrary bytes.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "bridge/aws/config.h"
#include "bridge/aws/ini.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  auto doc = bridge::aws::IniDocument::Parse(text);
  if (!doc.ok()) return 0;
  bridge::aws::ProfileView v = bridge::aws::ReadProfile(&*doc, &*doc, "dev");
  (void)v;
  for (const std::string& s : doc->SectionNames()) (void)doc->Get(s, "region");
  // Editing must keep the document parseable and the value readable.
  const std::string section =
      bridge::aws::FindConfigSection(*doc, "dev").value_or("profile dev");
  if (doc->Set(section, "mfa_serial", "arn:aws:iam::123456789012:mfa/a").ok()) {
    auto again = bridge::aws::IniDocument::Parse(doc->Serialize());
    if (!again.ok() || again->Get(section, "mfa_serial") !=
                           "arn:aws:iam::123456789012:mfa/a") {
      __builtin_trap();
    }
  }
  return 0;
}

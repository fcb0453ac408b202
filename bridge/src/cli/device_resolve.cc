#include "bridge/cli/device_resolve.h"

#include <vector>

#include "bridge/link/device_select.h"
#include "bridge/link/pcsc_link.h"
#include "bridge/oath/ccid_envelope.h"
#include "bridge/oath/management.h"

namespace bridge::cli {

std::optional<uint32_t> SerialOfReader(const std::string& reader) {
  Result<std::unique_ptr<link::PcscCard>> card =
      link::PcscCard::Connect(reader);
  if (!card) return std::nullopt;  // empty reader, or pcscd gone
  oath::CcidSwLastEnvelope envelope(**card);
  Result<oath::DeviceInfo> info = oath::ReadDeviceInfo(envelope);
  if (!info) return std::nullopt;  // no management applet
  return info->serial;
}

Result<link::DeviceUri> ResolveKey(const std::optional<std::string>& flag) {
  Result<link::DeviceUri> uri = link::ResolveDevice(flag);
  if (!uri || uri->kind != link::DeviceUri::Kind::kSerial) return uri;
  Result<std::vector<std::string>> readers = link::ListPcscReaders();
  if (!readers) return std::move(readers).error();
  std::string looked;
  for (const std::string& reader : *readers) {
    if (SerialOfReader(reader) == uri->serial) {
      link::DeviceUri found;
      found.kind = link::DeviceUri::Kind::kPcsc;
      found.reader = reader;
      return found;
    }
    looked += (looked.empty() ? "" : ", ") + ("'" + reader + "'");
  }
  return MakeError(ErrorKind::kNoDevice,
                   "no key with serial " + std::to_string(uri->serial) +
                       " found (looked in the PC/SC readers: " +
                       (looked.empty() ? "none" : looked) +
                       "; see `keybridge list`)");
}

}  // namespace bridge::cli

#include "bridge/link/hidapi_link.h"

#include <hidapi/hidapi.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <optional>
#include <string_view>

#include "bridge/shared_library.h"

namespace bridge::link {
namespace {

// hidapi (and libudev below it) is loaded with dlopen on first use, not
// linked: only commands that enumerate or open a HID key need it, and a
// `--device udp:` run should not pay its relocations
// (bridge/shared_library.h).
#define KEYBRIDGE_HIDAPI_FUNCTIONS(X) \
  X(hid_init)                         \
  X(hid_enumerate)                    \
  X(hid_free_enumeration)             \
  X(hid_open_path)                    \
  X(hid_close)                        \
  X(hid_write)                        \
  X(hid_read_timeout)                 \
  X(hid_error)

struct Hidapi {
  KEYBRIDGE_HIDAPI_FUNCTIONS(KEYBRIDGE_API_MEMBER)
};

// The bound library, or nullptr if libhidapi-hidraw.so.0 is missing or
// incomplete.
const Hidapi* LoadHidapi() {
  return LoadApi<Hidapi>("libhidapi-hidraw.so.0",
                         [](SharedLibrary& lib, Hidapi& api) {
                           KEYBRIDGE_HIDAPI_FUNCTIONS(KEYBRIDGE_API_BIND)
                         });
}

// Only called once InitHidapi() succeeded, so the library is there.
const Hidapi& Api() { return *LoadHidapi(); }

// hidapi strings are wide; keep the ASCII subset, replace the rest.
std::string Narrow(const wchar_t* s) {
  std::string out;
  if (s == nullptr) return out;
  for (; *s != 0; ++s) {
    out.push_back(*s >= 0x20 && *s < 0x7F ? static_cast<char>(*s) : '?');
  }
  return out;
}

std::string HidError(hid_device* dev) {
  const wchar_t* e = Api().hid_error(dev);
  std::string s = Narrow(e);
  return s.empty() ? "unknown hidapi error" : s;
}

// The character-device major of hidraw, from /proc/devices ("245 hidraw"),
// or nullopt if the kernel has no hidraw driver.
std::optional<unsigned> HidrawMajor() {
  std::ifstream devices("/proc/devices");
  std::string line;
  bool in_character = false;
  while (std::getline(devices, line)) {
    if (line == "Character devices:") in_character = true;
    if (line == "Block devices:") break;
    unsigned major = 0;
    char name[32] = {};
    if (in_character &&
        std::sscanf(line.c_str(), "%u %31s", &major, name) == 2 &&
        std::string_view(name) == "hidraw") {
      return major;
    }
  }
  return std::nullopt;
}

// hidapi's hid_open_path() crashes on a path that is not a hidraw node
// (hidapi 0.13 frees uninitialised memory for /dev/null), so the path is
// checked first: it must be a character device of the hidraw driver.
Status CheckHidrawNode(const std::string& path) {
  struct stat st;
  if (stat(path.c_str(), &st) != 0) {
    return MakeError(ErrorKind::kNoDevice,
                     "cannot open " + path + ": " + std::strerror(errno));
  }
  std::optional<unsigned> hidraw = HidrawMajor();
  if (!S_ISCHR(st.st_mode) || !hidraw || major(st.st_rdev) != *hidraw) {
    return MakeError(ErrorKind::kInvalidInput,
                     path +
                         " is not a HID device; a key's path looks like "
                         "/dev/hidrawN (see 'keybridge list')");
  }
  return OkStatus();
}

Status InitHidapi() {
  const Hidapi* api = LoadHidapi();
  if (api == nullptr) {
    return MakeError(ErrorKind::kTransport,
                     "USB keys need libhidapi-hidraw0 (apt-get install "
                     "libhidapi-hidraw0)");
  }
  static const int rc = api->hid_init();
  if (rc != 0) {
    return MakeError(ErrorKind::kTransport, "hidapi initialisation failed");
  }
  return OkStatus();
}

}  // namespace

std::string HidDeviceInfo::Describe() const {
  char ids[16];
  std::snprintf(ids, sizeof(ids), "%04x:%04x", vendor_id, product_id);
  std::string name;
  if (vendor_id == kNitrokeyVid && product_id == kNitrokey3Pid) {
    name = "Nitrokey 3";
  } else {
    name = manufacturer;
    if (!product.empty()) name += (name.empty() ? "" : " ") + product;
    if (name.empty()) name = "FIDO key";
  }
  return name + " (" + ids + ")";
}

Result<std::vector<HidDeviceInfo>> EnumerateFidoDevices() {
  if (Status s = InitHidapi(); !s) return std::move(s).error();
  std::vector<HidDeviceInfo> out;
  hid_device_info* list = Api().hid_enumerate(0, 0);
  for (hid_device_info* d = list; d != nullptr; d = d->next) {
    if (d->usage_page != kFidoUsagePage || d->usage != kFidoUsage) continue;
    HidDeviceInfo info;
    info.path = d->path != nullptr ? d->path : "";
    info.vendor_id = d->vendor_id;
    info.product_id = d->product_id;
    info.manufacturer = Narrow(d->manufacturer_string);
    info.product = Narrow(d->product_string);
    out.push_back(std::move(info));
  }
  Api().hid_free_enumeration(list);
  return out;
}

Result<std::unique_ptr<HidapiLink>> HidapiLink::Open(const std::string& path) {
  if (Status s = InitHidapi(); !s) return std::move(s).error();
  if (Status s = CheckHidrawNode(path); !s) return std::move(s).error();
  hid_device* dev = Api().hid_open_path(path.c_str());
  if (dev == nullptr) {
    return MakeError(ErrorKind::kNoDevice,
                     "cannot open " + path + ": " + HidError(nullptr) +
                         " (check permissions / udev rules)");
  }
  return std::unique_ptr<HidapiLink>(new HidapiLink(dev));
}

HidapiLink::~HidapiLink() { Api().hid_close(dev_); }

Status HidapiLink::Write(std::span<const uint8_t, kReportSize> report) {
  // hidraw: the first byte is the report ID, 0 because FIDO uses none
  // (docs/protocol/oath.md §1).
  uint8_t buf[kReportSize + 1];
  buf[0] = 0x00;
  std::memcpy(buf + 1, report.data(), kReportSize);
  int n = Api().hid_write(dev_, buf, sizeof(buf));
  if (n < 0) {
    return MakeError(ErrorKind::kTransport, "hid write: " + HidError(dev_));
  }
  return OkStatus();
}

Result<std::optional<Report>> HidapiLink::Read(int timeout_ms) {
  Report report{};
  int n =
      Api().hid_read_timeout(dev_, report.data(), report.size(), timeout_ms);
  if (n < 0) {
    return MakeError(ErrorKind::kTransport, "hid read: " + HidError(dev_));
  }
  if (n == 0) return std::optional<Report>();
  // Short reports are zero-padded (a FIDO input report is 64 bytes).
  return std::optional<Report>(report);
}

}  // namespace bridge::link

#include "bridge/link/pcsc_link.h"

#include <PCSC/winscard.h>

#include <cstdio>

#include "bridge/shared_library.h"

namespace bridge::link {
namespace {

// libpcsclite is loaded with dlopen on first use, not linked: only commands
// that list readers or talk to a card need it (bridge/shared_library.h).
#define KEYBRIDGE_PCSC_FUNCTIONS(X) \
  X(SCardEstablishContext)          \
  X(SCardReleaseContext)            \
  X(SCardListReaders)               \
  X(SCardConnect)                   \
  X(SCardDisconnect)                \
  X(SCardTransmit)                  \
  X(pcsc_stringify_error)

struct Pcsc {
  KEYBRIDGE_PCSC_FUNCTIONS(KEYBRIDGE_API_MEMBER)
  // What SCARD_PCI_T0 and SCARD_PCI_T1 point at.
  const SCARD_IO_REQUEST* pci_t0 = nullptr;
  const SCARD_IO_REQUEST* pci_t1 = nullptr;
};

// The bound library, or nullptr if libpcsclite.so.1 is missing or
// incomplete.
const Pcsc* LoadPcsc() {
  return LoadApi<Pcsc>("libpcsclite.so.1", [](SharedLibrary& lib, Pcsc& api) {
    KEYBRIDGE_PCSC_FUNCTIONS(KEYBRIDGE_API_BIND)
    lib.Bind(api.pci_t0, "g_rgSCardT0Pci");
    lib.Bind(api.pci_t1, "g_rgSCardT1Pci");
  });
}

Error NoLibrary(ErrorKind kind) {
  return MakeError(kind,
                   "PC/SC smart cards need libpcsclite1 (apt-get install "
                   "libpcsclite1 pcscd)");
}

// Only called once a context was established, so the library is there.
const Pcsc& Api() { return *LoadPcsc(); }

std::string Describe(LONG rc) {
  char code[16];
  std::snprintf(code, sizeof code, "0x%08lX",
                static_cast<unsigned long>(static_cast<uint32_t>(rc)));
  return std::string(Api().pcsc_stringify_error(rc)) + " (" + code + ")";
}

bool NoService(LONG rc) {
  return rc == SCARD_E_NO_SERVICE || rc == SCARD_E_SERVICE_STOPPED;
}

// Owns an SCARDCONTEXT for a scope.
struct Context {
  SCARDCONTEXT value = 0;
  bool valid = false;
  ~Context() {
    if (valid) Api().SCardReleaseContext(value);
  }
  // SCARD_E_NO_SERVICE if libpcsclite is missing: then no reader exists.
  LONG Establish() {
    const Pcsc* api = LoadPcsc();
    if (api == nullptr) return SCARD_E_NO_SERVICE;
    LONG rc = api->SCardEstablishContext(SCARD_SCOPE_SYSTEM, nullptr, nullptr,
                                         &value);
    valid = rc == SCARD_S_SUCCESS;
    return rc;
  }
};

}  // namespace

Result<std::vector<std::string>> ListPcscReaders() {
  Context ctx;
  LONG rc = ctx.Establish();
  if (NoService(rc)) return std::vector<std::string>();  // no pcscd
  if (rc != SCARD_S_SUCCESS) {
    return MakeError(ErrorKind::kTransport, "PC/SC: " + Describe(rc));
  }
  DWORD len = 0;
  rc = Api().SCardListReaders(ctx.value, nullptr, nullptr, &len);
  if (rc == SCARD_E_NO_READERS_AVAILABLE || NoService(rc)) {
    return std::vector<std::string>();
  }
  if (rc != SCARD_S_SUCCESS) {
    return MakeError(ErrorKind::kTransport,
                     "PC/SC: cannot list readers: " + Describe(rc));
  }
  std::string buf(len, '\0');
  rc = Api().SCardListReaders(ctx.value, nullptr, buf.data(), &len);
  if (rc == SCARD_E_NO_READERS_AVAILABLE) return std::vector<std::string>();
  if (rc != SCARD_S_SUCCESS) {
    return MakeError(ErrorKind::kTransport,
                     "PC/SC: cannot list readers: " + Describe(rc));
  }
  // A multi-string: names separated by NUL, ended by an empty one.
  std::vector<std::string> out;
  size_t i = 0;
  while (i < buf.size() && buf[i] != '\0') {
    size_t end = buf.find('\0', i);
    if (end == std::string::npos) end = buf.size();
    out.push_back(buf.substr(i, end - i));
    i = end + 1;
  }
  return out;
}

Result<std::unique_ptr<PcscCard>> PcscCard::Connect(const std::string& reader) {
  std::unique_ptr<PcscCard> card(new PcscCard());
  card->reader_ = reader;
  const Pcsc* api = LoadPcsc();
  if (api == nullptr) return NoLibrary(ErrorKind::kNoDevice);
  SCARDCONTEXT ctx = 0;
  LONG rc =
      api->SCardEstablishContext(SCARD_SCOPE_SYSTEM, nullptr, nullptr, &ctx);
  if (NoService(rc)) {
    return MakeError(
        ErrorKind::kNoDevice,
        "pcsc:" + reader + ": the PC/SC service (pcscd) is not running");
  }
  if (rc != SCARD_S_SUCCESS) {
    return MakeError(ErrorKind::kTransport, "PC/SC: " + Describe(rc));
  }
  card->context_ = ctx;
  card->has_context_ = true;
  SCARDHANDLE handle = 0;
  DWORD protocol = 0;
  rc = api->SCardConnect(ctx, reader.c_str(), SCARD_SHARE_SHARED,
                         SCARD_PROTOCOL_T1 | SCARD_PROTOCOL_T0, &handle,
                         &protocol);
  if (rc == SCARD_E_UNKNOWN_READER) {
    return MakeError(
        ErrorKind::kNoDevice,
        "pcsc:" + reader + ": no such PC/SC reader (see `keybridge list`)");
  }
  if (rc == SCARD_E_NO_SMARTCARD || rc == SCARD_W_REMOVED_CARD ||
      rc == SCARD_E_READER_UNAVAILABLE) {
    return MakeError(ErrorKind::kNoDevice,
                     "pcsc:" + reader + ": no card in the reader");
  }
  if (rc != SCARD_S_SUCCESS) {
    return MakeError(ErrorKind::kTransport,
                     "pcsc:" + reader + ": cannot connect: " + Describe(rc));
  }
  card->handle_ = handle;
  card->protocol_ = protocol;
  card->connected_ = true;
  return card;
}

PcscCard::~PcscCard() {
  if (connected_)
    Api().SCardDisconnect(static_cast<SCARDHANDLE>(handle_), SCARD_LEAVE_CARD);
  if (has_context_)
    Api().SCardReleaseContext(static_cast<SCARDCONTEXT>(context_));
}

Result<std::vector<uint8_t>> PcscCard::Transmit(std::span<const uint8_t> apdu) {
  const SCARD_IO_REQUEST* pci =
      protocol_ == SCARD_PROTOCOL_T0 ? Api().pci_t0 : Api().pci_t1;
  // Extended APDU responses are at most 65536 + 2 bytes.
  std::vector<uint8_t> out(65538);
  DWORD len = static_cast<DWORD>(out.size());
  LONG rc = Api().SCardTransmit(static_cast<SCARDHANDLE>(handle_), pci,
                                apdu.data(), static_cast<DWORD>(apdu.size()),
                                nullptr, out.data(), &len);
  if (rc != SCARD_S_SUCCESS) {
    ErrorKind kind = (rc == SCARD_W_REMOVED_CARD || rc == SCARD_E_NO_SMARTCARD)
                         ? ErrorKind::kNoDevice
                         : ErrorKind::kTransport;
    return MakeError(kind, "pcsc:" + reader_ + ": " + Describe(rc));
  }
  out.resize(len);
  return out;
}

}  // namespace bridge::link

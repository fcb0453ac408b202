// udp_load: request/response load over UDP on loopback, for tools/bench.
//
//   udp_load echo PORT CLIENTS SECONDS
//       each client sends a 64-byte datagram and waits for it to come back
//       (baseline: a plain UDP echo server, udp_load serve-echo);
//   udp_load calculate PORT CLIENTS SECONDS NAME
//       each client allocates a CTAPHID channel (INIT) on keysim and sends
//       OATH CALCULATE for NAME on vendor command 0x70, waiting for `90 00`;
//   udp_load getassertion PORT CLIENTS SECONDS [up]
//       each client allocates a CTAPHID channel (INIT), registers one
//       credential with authenticatorMakeCredential (before timing), then
//       loops authenticatorGetAssertion for it (CTAP 2.1 §6.2) with
//       options {"up": false}, or {"up": true} (keysim auto-approves) when
//       the last argument is "up". Requests and responses span several
//       CTAPHID packets; KEEPALIVE frames are skipped and CHANNEL_BUSY is
//       retried; any CTAP status but 0x00 fails the run;
//   udp_load makecredential PORT CLIENTS SECONDS
//       each client allocates a channel and loops authenticatorMakeCredential
//       for a non-resident ES256 credential (keysim auto-approves presence);
//   udp_load ping PORT CLIENTS SECONDS
//       the transport bound for getassertion: each client sets up like
//       getassertion, measures the payload sizes of one getAssertion request
//       and reply, then loops CTAPHID_PING (CTAP 2.1 §11.2.9.1.1) alternating
//       those two sizes, so two pings carry what one getAssertion request
//       and reply carry, in each direction; ops counts pings;
//   udp_load serve-echo
//       runs the echo server; prints "listening udp:127.0.0.1:PORT".
//
// Prints one JSON line: {"clients":N,"ops":N,"seconds":S,"ops_per_s":R}.
#include <arpa/inet.h>
#include <cbor.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <array>
#include <atomic>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <optional>
#include <string>
#include <thread>
#include <vector>

namespace {

using Clock = std::chrono::steady_clock;
using Report = std::array<uint8_t, 64>;

int Connect(int port) {
  int fd = socket(AF_INET, SOCK_DGRAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(static_cast<uint16_t>(port));
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (fd < 0 || connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr)) {
    perror("udp_load: connect");
    std::exit(2);
  }
  timeval tv{2, 0};
  setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
  return fd;
}

bool RoundTrip(int fd, const Report& out, Report& in) {
  if (send(fd, out.data(), out.size(), 0) != 64) return false;
  return recv(fd, in.data(), in.size(), 0) == 64;
}

// CTAPHID init packet: CID | CMD|0x80 | BCNT | data (CTAP 2.1 §11.2.4).
Report InitPacket(uint32_t cid, uint8_t cmd, const std::vector<uint8_t>& data) {
  Report r{};
  r[0] = cid >> 24, r[1] = cid >> 16, r[2] = cid >> 8, r[3] = cid;
  r[4] = 0x80 | cmd;
  r[5] = data.size() >> 8, r[6] = data.size() & 0xFF;
  std::memcpy(r.data() + 7, data.data(), data.size());
  return r;
}

uint32_t AllocateChannel(int fd) {
  std::vector<uint8_t> nonce = {1, 2, 3, 4, 5, 6, 7, 8};
  Report in;
  if (!RoundTrip(fd, InitPacket(0xFFFFFFFF, 0x06, nonce), in) ||
      std::memcmp(in.data() + 7, nonce.data(), 8) != 0) {
    std::fprintf(stderr, "udp_load: INIT failed\n");
    std::exit(2);
  }
  return uint32_t{in[15]} << 24 | uint32_t{in[16]} << 16 |
         uint32_t{in[17]} << 8 | in[18];
}

std::vector<uint8_t> CalculateApdu(const std::string& name) {
  // docs/protocol/oath.md §2.3: 00 A2 00 01 Lc | 71 name | 74 08 T
  std::vector<uint8_t> apdu = {0x00, 0xA2, 0x00, 0x01, 0, 0x71,
                               static_cast<uint8_t>(name.size())};
  apdu.insert(apdu.end(), name.begin(), name.end());
  const uint8_t challenge[] = {0x74, 8, 0, 0, 0, 0, 0, 0, 0, 1};
  apdu.insert(apdu.end(), std::begin(challenge), std::end(challenge));
  apdu[4] = static_cast<uint8_t>(apdu.size() - 5);  // Lc
  return apdu;
}

// ---- CTAP2 over CTAPHID_CBOR -------------------------------------------

constexpr uint8_t kCmdPing = 0x01;       // CTAP 2.1 §11.2.9.1.1
constexpr uint8_t kCmdCbor = 0x10;       // CTAP 2.1 §11.2.9.1.2
constexpr uint8_t kCmdKeepalive = 0x3B;  // §11.2.9.1.6
constexpr uint8_t kCmdError = 0x3F;      // §11.2.9.1.7
constexpr uint8_t kErrChannelBusy = 0x06;

// A few CTAP2 canonical CBOR heads (CTAP 2.1 §8.1: shortest form, definite
// lengths); callers add map keys in canonical order.
class CborOut {
 public:
  CborOut& Head(uint8_t major, uint64_t v) {
    uint8_t m = static_cast<uint8_t>(major << 5);
    if (v < 24) {
      bytes_.push_back(m | static_cast<uint8_t>(v));
    } else if (v <= 0xFF) {
      bytes_.insert(bytes_.end(),
                    {static_cast<uint8_t>(m | 24), static_cast<uint8_t>(v)});
    } else {
      // Nothing here is longer than 64 KiB.
      bytes_.insert(bytes_.end(),
                    {static_cast<uint8_t>(m | 25), static_cast<uint8_t>(v >> 8),
                     static_cast<uint8_t>(v)});
    }
    return *this;
  }
  CborOut& Uint(uint64_t v) { return Head(0, v); }
  CborOut& Neg(int64_t v) { return Head(1, static_cast<uint64_t>(-1 - v)); }
  CborOut& Bytes(const std::vector<uint8_t>& b) {
    Head(2, b.size());
    bytes_.insert(bytes_.end(), b.begin(), b.end());
    return *this;
  }
  CborOut& Text(const std::string& t) {
    Head(3, t.size());
    bytes_.insert(bytes_.end(), t.begin(), t.end());
    return *this;
  }
  CborOut& Array(size_t n) { return Head(4, n); }
  CborOut& Map(size_t n) { return Head(5, n); }
  CborOut& Bool(bool b) {
    bytes_.push_back(b ? 0xF5 : 0xF4);
    return *this;
  }
  std::vector<uint8_t> Take() { return std::move(bytes_); }

 private:
  std::vector<uint8_t> bytes_;
};

constexpr char kRpId[] = "bench.example";

// authenticatorMakeCredential (CTAP 2.1 §6.1): 0x01 | {1: cdh, 2: rp,
// 3: user, 4: [ES256]}.
std::vector<uint8_t> MakeCredentialRequest(int client) {
  std::vector<uint8_t> cdh(32, 0x42);
  std::vector<uint8_t> user_id(8, 0);
  user_id[7] = static_cast<uint8_t>(client);
  CborOut c;
  c.Map(4);
  c.Uint(1).Bytes(cdh);
  c.Uint(2).Map(1).Text("id").Text(kRpId);
  c.Uint(3).Map(2).Text("id").Bytes(user_id).Text("name").Text("bench");
  c.Uint(4).Array(1).Map(2).Text("alg").Neg(-7).Text("type").Text("public-key");
  std::vector<uint8_t> body = c.Take();
  body.insert(body.begin(), 0x01);
  return body;
}

// authenticatorGetAssertion (CTAP 2.1 §6.2): 0x02 | {1: rpId, 2: cdh,
// 3: [{id, type}], 5: {"up": up}}.
std::vector<uint8_t> GetAssertionRequest(const std::vector<uint8_t>& cred_id,
                                         bool up) {
  std::vector<uint8_t> cdh(32, 0x24);
  CborOut c;
  c.Map(4);
  c.Uint(1).Text(kRpId);
  c.Uint(2).Bytes(cdh);
  c.Uint(3).Array(1).Map(2).Text("id").Bytes(cred_id).Text("type").Text(
      "public-key");
  c.Uint(5).Map(1).Text("up").Bool(up);
  std::vector<uint8_t> body = c.Take();
  body.insert(body.begin(), 0x02);
  return body;
}

// The packets of one CTAPHID message: init + continuations (§11.2.4).
std::vector<Report> Fragment(uint32_t cid, uint8_t cmd,
                             const std::vector<uint8_t>& payload) {
  std::vector<Report> packets;
  size_t first = std::min<size_t>(payload.size(), 57);
  Report init{};
  init[0] = cid >> 24, init[1] = cid >> 16, init[2] = cid >> 8, init[3] = cid;
  init[4] = 0x80 | cmd;
  init[5] = payload.size() >> 8, init[6] = payload.size() & 0xFF;
  std::memcpy(init.data() + 7, payload.data(), first);
  packets.push_back(init);
  uint8_t seq = 0;
  for (size_t off = first; off < payload.size(); off += 59) {
    Report cont{};
    std::memcpy(cont.data(), init.data(), 4);
    cont[4] = seq++;
    size_t n = std::min<size_t>(payload.size() - off, 59);
    std::memcpy(cont.data() + 5, payload.data() + off, n);
    packets.push_back(cont);
  }
  return packets;
}

enum class Exchange { kOk, kBusy, kFailed };

// Sends one CTAPHID_CBOR message and reads its answer into `response`
// (status byte + CBOR). KEEPALIVE frames are skipped; CHANNEL_BUSY → kBusy.
Exchange CborExchange(int fd, uint32_t cid, const std::vector<Report>& packets,
                      std::vector<uint8_t>& response,
                      uint8_t expect = kCmdCbor) {
  for (const Report& p : packets) {
    if (send(fd, p.data(), p.size(), 0) != 64) return Exchange::kFailed;
  }
  Report in;
  for (;;) {
    if (recv(fd, in.data(), in.size(), 0) != 64) return Exchange::kFailed;
    uint32_t got = uint32_t{in[0]} << 24 | uint32_t{in[1]} << 16 |
                   uint32_t{in[2]} << 8 | in[3];
    if (got != cid || !(in[4] & 0x80)) continue;  // stray continuation
    uint8_t cmd = in[4] & 0x7F;
    if (cmd == kCmdKeepalive) continue;
    if (cmd == kCmdError) {
      if (in[7] == kErrChannelBusy) return Exchange::kBusy;
      std::fprintf(stderr, "udp_load: CTAPHID error 0x%02x\n", in[7]);
      return Exchange::kFailed;
    }
    if (cmd != expect) return Exchange::kFailed;
    break;
  }
  size_t total = size_t{in[5]} << 8 | in[6];
  response.assign(in.begin() + 7, in.begin() + 7 + std::min<size_t>(total, 57));
  for (uint8_t seq = 0; response.size() < total; ++seq) {
    if (recv(fd, in.data(), in.size(), 0) != 64 || in[4] != seq)
      return Exchange::kFailed;
    size_t n = std::min<size_t>(total - response.size(), 59);
    response.insert(response.end(), in.begin() + 5, in.begin() + 5 + n);
  }
  return total > 0 ? Exchange::kOk : Exchange::kFailed;
}

// CborExchange, retrying while another channel holds the device.
bool CborCall(int fd, uint32_t cid, const std::vector<Report>& packets,
              std::vector<uint8_t>& response, uint8_t expect = kCmdCbor) {
  for (;;) {
    switch (CborExchange(fd, cid, packets, response, expect)) {
      case Exchange::kOk:
        return true;
      case Exchange::kBusy:
        continue;
      case Exchange::kFailed:
        return false;
    }
  }
}

// The credential ID from a makeCredential response: status 0x00, then
// {1: fmt, 2: authData, 3: attStmt}; authData = rpIdHash(32) | flags |
// counter(4) | aaguid(16) | L(2) | credentialId(L) | ... (WebAuthn §6.5.1).
std::optional<std::vector<uint8_t>> CredentialId(
    const std::vector<uint8_t>& response) {
  if (response.empty() || response[0] != 0x00) return std::nullopt;
  cbor_load_result result;
  cbor_item_t* map =
      cbor_load(response.data() + 1, response.size() - 1, &result);
  if (map == nullptr) return std::nullopt;
  std::optional<std::vector<uint8_t>> id;
  if (cbor_isa_map(map)) {
    cbor_pair* pairs = cbor_map_handle(map);
    for (size_t i = 0; i < cbor_map_size(map); ++i) {
      if (!cbor_isa_uint(pairs[i].key) || cbor_get_int(pairs[i].key) != 2 ||
          !cbor_isa_bytestring(pairs[i].value) ||
          !cbor_bytestring_is_definite(pairs[i].value)) {
        continue;
      }
      const uint8_t* ad = cbor_bytestring_handle(pairs[i].value);
      size_t len = cbor_bytestring_length(pairs[i].value);
      if (len < 55 || !(ad[32] & 0x40)) break;  // AT flag
      size_t id_len = size_t{ad[53]} << 8 | ad[54];
      if (len < 55 + id_len) break;
      id.emplace(ad + 55, ad + 55 + id_len);
    }
  }
  cbor_decref(&map);
  return id;
}

int ServeEcho() {
  int fd = socket(AF_INET, SOCK_DGRAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t len = sizeof addr;
  if (bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) ||
      getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len)) {
    perror("udp_load: bind");
    return 2;
  }
  std::printf("listening udp:127.0.0.1:%d\n", ntohs(addr.sin_port));
  std::fflush(stdout);
  // Single-threaded like keysim's event loop, so the baseline is comparable.
  for (;;) {
    uint8_t buf[64];
    sockaddr_in peer{};
    socklen_t plen = sizeof peer;
    ssize_t n = recvfrom(fd, buf, sizeof buf, 0,
                         reinterpret_cast<sockaddr*>(&peer), &plen);
    if (n > 0) sendto(fd, buf, n, 0, reinterpret_cast<sockaddr*>(&peer), plen);
  }
}

}  // namespace

int main(int argc, char** argv) {
  if (argc >= 2 && std::string(argv[1]) == "serve-echo") return ServeEcho();
  if (argc < 5) {
    std::fprintf(stderr,
                 "usage: udp_load echo|calculate PORT CLIENTS SECONDS [NAME]\n"
                 "       udp_load getassertion PORT CLIENTS SECONDS [up]\n"
                 "       udp_load makecredential|ping PORT CLIENTS SECONDS\n"
                 "       udp_load serve-echo\n");
    return 2;
  }
  const std::string mode = argv[1];
  const int port = std::atoi(argv[2]);
  const int clients = std::atoi(argv[3]);
  const double seconds = std::atof(argv[4]);
  const std::string name = argc > 5 ? argv[5] : "bench";
  if (mode == "calculate" && name.size() > 64) return 2;
  if (mode != "echo" && mode != "calculate" && mode != "getassertion" &&
      mode != "makecredential" && mode != "ping") {
    std::fprintf(stderr, "udp_load: unknown mode %s\n", mode.c_str());
    return 2;
  }
  const bool up = mode == "getassertion" && name == "up";

  // getassertion: every client's channel and credential exist before the
  // clock starts.
  struct Client {
    int fd = -1;
    uint32_t cid = 0;
    std::vector<Report> request;
    std::vector<Report> ping[2];  // ping mode: request-sized, reply-sized
  };
  const bool ctap2 =
      mode == "getassertion" || mode == "makecredential" || mode == "ping";
  std::vector<Client> setup(clients);
  if (mode == "makecredential") {
    for (int c = 0; c < clients; ++c) {
      setup[c].fd = Connect(port);
      setup[c].cid = AllocateChannel(setup[c].fd);
      setup[c].request =
          Fragment(setup[c].cid, kCmdCbor, MakeCredentialRequest(c));
    }
  }
  if (mode == "getassertion" || mode == "ping") {
    for (int c = 0; c < clients; ++c) {
      Client& cl = setup[c];
      cl.fd = Connect(port);
      cl.cid = AllocateChannel(cl.fd);
      std::vector<uint8_t> response;
      std::optional<std::vector<uint8_t>> id;
      if (CborCall(cl.fd, cl.cid,
                   Fragment(cl.cid, kCmdCbor, MakeCredentialRequest(c)),
                   response)) {
        id = CredentialId(response);
      }
      if (!id) {
        std::fprintf(stderr,
                     "udp_load: makeCredential failed (status 0x%02x)\n",
                     response.empty() ? 0xFF : response[0]);
        return 1;
      }
      std::vector<uint8_t> body = GetAssertionRequest(*id, up);
      cl.request = Fragment(cl.cid, kCmdCbor, body);
      if (mode == "ping") {
        if (!CborCall(cl.fd, cl.cid, cl.request, response) ||
            response[0] != 0x00) {
          std::fprintf(stderr, "udp_load: getAssertion failed\n");
          return 1;
        }
        cl.ping[0] =
            Fragment(cl.cid, kCmdPing, std::vector<uint8_t>(body.size(), 0x5A));
        cl.ping[1] = Fragment(cl.cid, kCmdPing,
                              std::vector<uint8_t>(response.size(), 0xA5));
      }
    }
  }

  std::atomic<long> ops{0};
  std::atomic<bool> failed{false};
  const auto deadline =
      Clock::now() + std::chrono::duration_cast<Clock::duration>(
                         std::chrono::duration<double>(seconds));
  std::vector<std::thread> threads;
  const auto start = Clock::now();
  for (int c = 0; c < clients; ++c) {
    if (ctap2) {
      threads.emplace_back([&, c] {
        const Client& cl = setup[c];
        std::vector<uint8_t> response;
        long local = 0;
        while (Clock::now() < deadline) {
          if (mode == "ping") {
            const std::vector<Report>& p = cl.ping[local & 1];
            if (!CborCall(cl.fd, cl.cid, p, response, kCmdPing)) {
              failed = true;
              break;
            }
            ++local;
            continue;
          }
          if (!CborCall(cl.fd, cl.cid, cl.request, response)) {
            failed = true;
            break;
          }
          // Only CTAP2_OK counts; any other status is a failure.
          if (response[0] != 0x00) {
            std::fprintf(stderr, "udp_load: %s status 0x%02x\n", mode.c_str(),
                         response[0]);
            failed = true;
            break;
          }
          ++local;
        }
        ops += local;
        close(cl.fd);
      });
      continue;
    }
    threads.emplace_back([&] {
      int fd = Connect(port);
      Report out{}, in{};
      if (mode == "calculate") {
        uint32_t cid = AllocateChannel(fd);
        out = InitPacket(cid, 0x70, CalculateApdu(name));
      } else {
        out.fill(0xA5);
      }
      long local = 0;
      while (Clock::now() < deadline) {
        if (!RoundTrip(fd, out, in)) {
          failed = true;
          break;
        }
        // CHANNEL_BUSY (another client's transaction) is retried, not counted.
        if (mode == "calculate" && in[4] == 0xBF) continue;
        if (mode == "calculate" && !(in[7] == 0x90 && in[8] == 0x00)) {
          failed = true;
          break;
        }
        ++local;
      }
      ops += local;
      close(fd);
    });
  }
  for (auto& t : threads) t.join();
  const double elapsed =
      std::chrono::duration<double>(Clock::now() - start).count();
  std::printf(
      "{\"clients\":%d,\"ops\":%ld,\"seconds\":%.3f,\"ops_per_s\":%.1f}\n",
      clients, ops.load(), elapsed, ops.load() / elapsed);
  return failed ? 1 : 0;
}

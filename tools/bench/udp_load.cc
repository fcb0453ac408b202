// udp_load: request/response load over UDP on loopback, for tools/bench.
//
//   udp_load echo PORT CLIENTS SECONDS
//       each client sends a 64-byte datagram and waits for it to come back
//       (baseline: a plain UDP echo server, udp_load serve-echo);
//   udp_load calculate PORT CLIENTS SECONDS NAME
//       each client allocates a CTAPHID channel (INIT) on keysim and sends
//       OATH CALCULATE for NAME on vendor command 0x70, waiting for `90 00`;
//   udp_load serve-echo
//       runs the echo server; prints "listening udp:127.0.0.1:PORT".
//
// Prints one JSON line: {"clients":N,"ops":N,"seconds":S,"ops_per_s":R}.
#include <arpa/inet.h>
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
  // protocol/oath.md §2.3: 00 A2 00 01 Lc | 71 name | 74 08 T
  std::vector<uint8_t> data = {0x71, static_cast<uint8_t>(name.size())};
  data.insert(data.end(), name.begin(), name.end());
  const uint8_t challenge[] = {0x74, 8, 0, 0, 0, 0, 0, 0, 0, 1};
  data.insert(data.end(), std::begin(challenge), std::end(challenge));
  std::vector<uint8_t> apdu = {0x00, 0xA2, 0x00, 0x01,
                               static_cast<uint8_t>(data.size())};
  apdu.insert(apdu.end(), data.begin(), data.end());
  return apdu;
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
    if (n > 0)
      sendto(fd, buf, n, 0, reinterpret_cast<sockaddr*>(&peer), plen);
  }
}

}  // namespace

int main(int argc, char** argv) {
  if (argc >= 2 && std::string(argv[1]) == "serve-echo") return ServeEcho();
  if (argc < 5) {
    std::fprintf(stderr,
                 "usage: udp_load echo|calculate PORT CLIENTS SECONDS [NAME]\n"
                 "       udp_load serve-echo\n");
    return 2;
  }
  const std::string mode = argv[1];
  const int port = std::atoi(argv[2]);
  const int clients = std::atoi(argv[3]);
  const double seconds = std::atof(argv[4]);
  const std::string name = argc > 5 ? argv[5] : "bench";
  if (mode == "calculate" && name.size() > 64) return 2;

  std::atomic<long> ops{0};
  std::atomic<bool> failed{false};
  const auto deadline =
      Clock::now() + std::chrono::duration_cast<Clock::duration>(
                         std::chrono::duration<double>(seconds));
  std::vector<std::thread> threads;
  const auto start = Clock::now();
  for (int c = 0; c < clients; ++c) {
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

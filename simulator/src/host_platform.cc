#include "host_platform.h"

#include <fcntl.h>
#include <openssl/rand.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <stdexcept>

namespace keysim {
namespace {

// A slot larger than this is not ours (the sealed state is a few KiB).
constexpr off_t kMaxSlotBytes = 16 * 1024 * 1024;

std::runtime_error SysError(const std::string& what,
                            const std::filesystem::path& path) {
  return std::runtime_error(what + " " + path.string() + ": " +
                            std::strerror(errno));
}

bool WriteAll(int fd, std::span<const uint8_t> data) {
  size_t done = 0;
  while (done < data.size()) {
    ssize_t n = ::write(fd, data.data() + done, data.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return false;
    done += static_cast<size_t>(n);
  }
  return true;
}

}  // namespace

uint64_t MonotonicMs() {
  timespec ts{};
  ::clock_gettime(CLOCK_MONOTONIC, &ts);
  return static_cast<uint64_t>(ts.tv_sec) * 1000 +
         static_cast<uint64_t>(ts.tv_nsec) / 1000000;
}

HostPlatform::HostPlatform(std::filesystem::path state_dir,
                           PresencePolicy policy)
    : dir_(std::move(state_dir)), policy_(policy) {
  if (dir_.empty()) throw std::runtime_error("empty state directory");
  // Like mkdir -p, every directory it creates is 0700.
  std::filesystem::path partial;
  for (const auto& part : dir_) {
    partial /= part;
    if (::mkdir(partial.c_str(), 0700) != 0 && errno != EEXIST) {
      throw SysError("cannot create state directory", partial);
    }
  }
  dir_fd_ = ::open(dir_.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (dir_fd_ < 0) throw SysError("cannot open state directory", dir_);
  if (::access(dir_.c_str(), R_OK | W_OK | X_OK) != 0) {
    int saved = errno;
    ::close(dir_fd_);
    errno = saved;
    throw SysError("state directory is not writable", dir_);
  }
  if (::flock(dir_fd_, LOCK_EX | LOCK_NB) != 0) {
    int saved = errno;
    ::close(dir_fd_);
    errno = saved;
    if (errno == EWOULDBLOCK) {
      throw std::runtime_error("state directory " + dir_.string() +
                               " is in use by another keysim");
    }
    throw SysError("cannot lock state directory", dir_);
  }
}

HostPlatform::~HostPlatform() {
  if (dir_fd_ >= 0) ::close(dir_fd_);
}

void HostPlatform::Random(std::span<uint8_t> out) {
  if (out.empty()) return;
  if (RAND_bytes(out.data(), static_cast<int>(out.size())) != 1) {
    // The core has no way to go on without randomness.
    std::fputs("keysim: RAND_bytes failed\n", stderr);
    std::abort();
  }
}

uint64_t HostPlatform::NowMs() { return MonotonicMs(); }

void HostPlatform::BeginPresence() {
  current_.reset();
  if (!queue_.empty()) {
    current_ = queue_.front();
    queue_.pop_front();
  }
}

hsm::Presence HostPlatform::PollPresence() {
  if (touched_) return hsm::Presence::kApproved;
  if (current_) {
    switch (*current_) {
      case PresenceAnswer::kApprove:
        return hsm::Presence::kApproved;
      case PresenceAnswer::kDeny:
        return hsm::Presence::kDenied;
      case PresenceAnswer::kTimeout:
        return hsm::Presence::kPending;  // the core times out on its own
    }
  }
  switch (policy_) {
    case PresencePolicy::kAuto:
      return hsm::Presence::kApproved;
    case PresencePolicy::kDeny:
      return hsm::Presence::kDenied;
    case PresencePolicy::kTimeout:
    case PresencePolicy::kManual:
      break;
  }
  return hsm::Presence::kPending;  // the core times out on its own
}

void HostPlatform::EndPresence() {
  touched_ = false;
  current_.reset();
}

std::filesystem::path HostPlatform::PathOf(hsm::StorageSlot slot) const {
  switch (slot) {
    case hsm::StorageSlot::kDeviceKey:
      return dir_ / "device.key";
    case hsm::StorageSlot::kStateA:
      return dir_ / "state-a.bin";
    case hsm::StorageSlot::kStateB:
      return dir_ / "state-b.bin";
  }
  return dir_ / "unknown-slot.bin";
}

hsm::Result<std::vector<uint8_t>, hsm::StorageError> HostPlatform::Read(
    hsm::StorageSlot slot) {
  const std::filesystem::path path = PathOf(slot);
  int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) {
    if (errno == ENOENT) return hsm::MakeErr(hsm::StorageError::kNotFound);
    std::fprintf(stderr, "keysim: cannot read %s: %s\n", path.c_str(),
                 std::strerror(errno));
    return hsm::MakeErr(hsm::StorageError::kIo);
  }
  struct stat st {};
  std::vector<uint8_t> data;
  bool ok = ::fstat(fd, &st) == 0 && S_ISREG(st.st_mode) &&
            st.st_size <= kMaxSlotBytes;
  if (ok) {
    data.resize(static_cast<size_t>(st.st_size));
    size_t done = 0;
    while (done < data.size()) {
      ssize_t n = ::read(fd, data.data() + done, data.size() - done);
      if (n < 0 && errno == EINTR) continue;
      if (n <= 0) break;
      done += static_cast<size_t>(n);
    }
    ok = done == data.size();
  }
  ::close(fd);
  if (!ok) {
    std::fprintf(stderr, "keysim: cannot read %s\n", path.c_str());
    return hsm::MakeErr(hsm::StorageError::kIo);
  }
  return data;
}

hsm::Status<hsm::StorageError> HostPlatform::Write(
    hsm::StorageSlot slot, std::span<const uint8_t> data) {
  const std::filesystem::path path = PathOf(slot);
  std::filesystem::path tmp = path;
  tmp += ".tmp";
  // Write temp, fsync, rename, fsync dir (docs/architecture.md "State is
  // crash-safe").
  int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
  bool ok = fd >= 0;
  ok = ok && ::fchmod(fd, 0600) == 0;  // exactly 0600 whatever the umask
  ok = ok && WriteAll(fd, data);
  ok = ok && ::fsync(fd) == 0;
  if (fd >= 0 && ::close(fd) != 0) ok = false;
  ok = ok && ::rename(tmp.c_str(), path.c_str()) == 0;
  ok = ok && ::fsync(dir_fd_) == 0;
  if (!ok) {
    std::fprintf(stderr, "keysim: cannot write %s: %s\n", path.c_str(),
                 std::strerror(errno));
    ::unlink(tmp.c_str());
    return hsm::MakeErr(hsm::StorageError::kIo);
  }
  return hsm::Status<hsm::StorageError>::Ok();
}

}  // namespace keysim

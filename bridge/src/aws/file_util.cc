#include "bridge/aws/file_util.h"

#include <fcntl.h>
#include <limits.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <vector>

namespace bridge::aws {
namespace {

Error IoError(std::string_view what, const std::string& path, int err) {
  return MakeError(ErrorKind::kTransport,
                   std::string(what) + " " + path + ": " + std::strerror(err));
}

std::string DirName(const std::string& path) {
  size_t slash = path.rfind('/');
  if (slash == std::string::npos) return ".";
  if (slash == 0) return "/";
  return path.substr(0, slash);
}

}  // namespace

Result<std::optional<std::string>> ReadFileText(const std::string& path) {
  int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) {
    if (errno == ENOENT) return std::optional<std::string>();
    return IoError("cannot open", path, errno);
  }
  std::string out;
  char buf[8192];
  for (;;) {
    ssize_t n = ::read(fd, buf, sizeof buf);
    if (n < 0) {
      if (errno == EINTR) continue;
      int err = errno;
      ::close(fd);
      return IoError("cannot read", path, err);
    }
    if (n == 0) break;
    out.append(buf, static_cast<size_t>(n));
  }
  ::close(fd);
  return std::optional<std::string>(std::move(out));
}

Status EnsurePrivateDir(const std::string& path) {
  if (path.empty()) {
    return MakeError(ErrorKind::kInvalidInput, "empty folder path");
  }
  // Create parents with the default mode, the last folder 0700.
  for (size_t pos = 1; pos < path.size(); ++pos) {
    if (path[pos] != '/') continue;
    std::string parent = path.substr(0, pos);
    if (::mkdir(parent.c_str(), 0755) != 0 && errno != EEXIST) {
      return IoError("cannot create folder", parent, errno);
    }
  }
  if (::mkdir(path.c_str(), 0700) != 0 && errno != EEXIST) {
    return IoError("cannot create folder", path, errno);
  }
  struct stat st;
  if (::stat(path.c_str(), &st) != 0) {
    return IoError("cannot stat", path, errno);
  }
  if (!S_ISDIR(st.st_mode)) {
    return MakeError(ErrorKind::kInvalidInput, path + " is not a folder");
  }
  if (st.st_uid != ::geteuid()) {
    return MakeError(ErrorKind::kInvalidInput,
                     path + " belongs to another user; refusing to use it");
  }
  if ((st.st_mode & 0777) != 0700 && ::chmod(path.c_str(), 0700) != 0) {
    return IoError("cannot chmod 0700", path, errno);
  }
  return OkStatus();
}

std::optional<mode_t> FileMode(const std::string& path) {
  struct stat st;
  if (::stat(path.c_str(), &st) != 0) return std::nullopt;
  return st.st_mode & 07777;
}

Status WriteFileAtomic(const std::string& path, std::string_view content,
                       mode_t mode) {
  std::string target = path;
  char resolved[PATH_MAX];
  struct stat lst;
  if (::lstat(path.c_str(), &lst) == 0 && S_ISLNK(lst.st_mode) &&
      ::realpath(path.c_str(), resolved) != nullptr) {
    target = resolved;
  }
  std::string dir = DirName(target);
  std::string tmpl = target + ".tmp.XXXXXX";
  std::vector<char> name(tmpl.begin(), tmpl.end());
  name.push_back('\0');
  int fd = ::mkostemp(name.data(), O_CLOEXEC);
  if (fd < 0) return IoError("cannot create a temp file beside", target, errno);
  std::string tmp(name.data());
  auto fail = [&](std::string_view what, int err) -> Status {
    ::close(fd);
    ::unlink(tmp.c_str());
    return IoError(what, tmp, err);
  };
  if (::fchmod(fd, mode) != 0) return fail("cannot chmod", errno);
  size_t off = 0;
  while (off < content.size()) {
    ssize_t n = ::write(fd, content.data() + off, content.size() - off);
    if (n < 0) {
      if (errno == EINTR) continue;
      return fail("cannot write", errno);
    }
    off += static_cast<size_t>(n);
  }
  if (::fsync(fd) != 0) return fail("cannot fsync", errno);
  if (::close(fd) != 0) {
    int err = errno;
    ::unlink(tmp.c_str());
    return IoError("cannot close", tmp, err);
  }
  if (::rename(tmp.c_str(), target.c_str()) != 0) {
    int err = errno;
    ::unlink(tmp.c_str());
    return IoError("cannot rename over", target, err);
  }
  int dfd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (dfd >= 0) {
    ::fsync(dfd);
    ::close(dfd);
  }
  return OkStatus();
}

std::string XdgBaseDir(const EnvLookup& env, std::string_view var,
                       std::string_view home_relative) {
  if (auto x = env(var); x && !x->empty() && (*x)[0] == '/') return *x;
  return env("HOME").value_or("") + "/" + std::string(home_relative);
}

}  // namespace bridge::aws

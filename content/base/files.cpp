// Whole-file read with a cap, and the atomic writer. Layer: tramtin_content, content/base/.
#include "content/base/files.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <vector>

namespace tramtin {
namespace {

std::string errno_text() { return std::strerror(errno); }

void fsync_dir(const std::string& dir) {
  int fd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd < 0) return;
  ::fsync(fd);
  ::close(fd);
}

}  // namespace

Status read_file_chunks(const std::string& path, const std::function<std::string(const char*, std::size_t)>& chunk) {
  int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return Status::error(ErrorKind::storage, path + ": " + errno_text());
  char buf[64 * 1024];
  for (;;) {
    ssize_t n = ::read(fd, buf, sizeof buf);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) {
      Status s = Status::error(ErrorKind::storage, path + ": read error: " + errno_text());
      ::close(fd);
      return s;
    }
    if (n == 0) break;
    if (std::string stop = chunk(buf, static_cast<std::size_t>(n)); !stop.empty()) {
      ::close(fd);
      return Status::error(ErrorKind::storage, path + ": " + stop);
    }
  }
  ::close(fd);
  return {};
}

Result<std::string> read_file(const std::string& path, std::uint64_t max_bytes) {
  std::string out;
  Status s = read_file_chunks(path, [&](const char* data, std::size_t n) {
    if (out.size() + n > max_bytes) return "larger than " + std::to_string(max_bytes) + " bytes";
    out.append(data, n);
    return std::string();
  });
  if (!s) return s;
  return out;
}

Status write_file_atomic(const std::string& path, std::string_view data, bool durable) {
  std::filesystem::path p(path);
  const std::string dir = p.has_parent_path() ? p.parent_path().string() : std::string(".");
  std::string tmp = dir + "/." + p.filename().string() + ".tmp-XXXXXX";
  int fd = ::mkstemp(tmp.data());
  if (fd < 0) return Status::error(ErrorKind::storage,
                                   path + ": cannot create a temporary file in " + dir + ": " + errno_text());
  ::fchmod(fd, 0644);
  std::size_t off = 0;
  while (off < data.size()) {
    ssize_t n = ::write(fd, data.data() + off, data.size() - off);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) {
      Status s = Status::error(ErrorKind::storage, path + ": write failed: " + errno_text());
      ::close(fd);
      ::unlink(tmp.c_str());
      return s;
    }
    off += static_cast<std::size_t>(n);
  }
  if ((durable && ::fsync(fd) != 0) || ::close(fd) != 0) {
    Status s = Status::error(ErrorKind::storage, path + ": cannot flush to disk: " + errno_text());
    ::unlink(tmp.c_str());
    return s;
  }
  if (::rename(tmp.c_str(), path.c_str()) != 0) {
    Status s = Status::error(ErrorKind::storage, path + ": rename failed: " + errno_text());
    ::unlink(tmp.c_str());
    return s;
  }
  if (durable) fsync_dir(dir);  // makes the rename itself durable
  return {};
}

std::string find_data_file(const std::string& relative) {
  namespace fs = std::filesystem;
  std::vector<std::string> roots;
  if (const char* env = std::getenv("TRAMTIN_DATA_DIR"); env && *env) roots.emplace_back(env);
#ifdef TRAMTIN_SOURCE_DIR  // the development tree only (CMake option TRAMTIN_DEV_TREE)
  roots.emplace_back(TRAMTIN_SOURCE_DIR);
#endif
  roots.emplace_back("/usr/share/tramtin");
  for (const auto& r : roots) {
    fs::path p = fs::path(r) / relative;
    std::error_code ec;
    if (fs::exists(p, ec)) return p.string();
  }
  return {};
}

}  // namespace tramtin

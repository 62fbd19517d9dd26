// Sideloading a bundle from a folder (USB stick), and scanning removable media for one.
// Layer: tramtin_content.
#include "content/sync/sideload.h"

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <filesystem>

#include <fcntl.h>
#include <glob.h>
#include <unistd.h>

#include "content/base/log.h"

namespace fs = std::filesystem;

namespace tramtin::sync {
namespace {

// A bundle folder as a BundleSource: the files are read from disk, with the same caps as a feed.
class FolderSource final : public BundleSource {
 public:
  explicit FolderSource(std::string folder) : folder_(std::move(folder)) {
    while (folder_.size() > 1 && folder_.back() == '/') folder_.pop_back();
  }
  std::string name() const override { return "usb:" + folder_; }
  bool remote() const override { return false; }

  Fetched fetch_manifest(const http::Conditional&) override {
    return read("manifest.json", bundle::kMaxManifestBytes);
  }
  Fetched fetch_signature() override { return read("manifest.sig", bundle::kMaxSignatureBytes); }

  void fetch_objects(std::vector<http::FileJob>& jobs) override {
    for (auto& j : jobs) copy(j);
  }

 private:
  Fetched read(const std::string& file, std::uint64_t cap) {
    Fetched f;
    std::string err;
    auto bytes = bundle::read_file(folder_ + "/" + file, cap, &err);
    if (!bytes) {
      f.error = "cannot read " + file + " from " + folder_ + ": " + err;
      return f;
    }
    f.ok = true;
    f.bytes = std::move(*bytes);
    return f;
  }

  // Copies objects/<sha> into job.path; more bytes than the manifest lists is `too_large`.
  void copy(http::FileJob& j) {
    j.result = http::Result{};
    j.resumed_from = 0;
    const std::string from = folder_ + "/" + j.url;
    int in = ::open(from.c_str(), O_RDONLY | O_CLOEXEC);
    if (in < 0) {
      j.result.error = "cannot read " + j.url + " from " + folder_ + ": " + std::strerror(errno) +
                       " (was the copy to the stick complete?)";
      return;
    }
    int out = ::open(j.path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
    if (out < 0) {
      j.result.error = "cannot create " + j.path + ": " + std::strerror(errno);
      ::close(in);
      return;
    }
    std::uint64_t total = 0;
    char buf[64 * 1024];
    bool ok = true;
    for (;;) {
      ssize_t n = ::read(in, buf, sizeof buf);
      if (n < 0 && errno == EINTR) continue;
      if (n < 0) {
        j.result.error = "read error on " + from + ": " + std::strerror(errno) + " (a damaged stick?)";
        ok = false;
        break;
      }
      if (n == 0) break;
      total += static_cast<std::uint64_t>(n);
      if (total > j.expected_size) {
        j.result.transport = http::Transport::too_large;
        j.result.error = from + " is larger than the signed manifest says";
        ok = false;
        break;
      }
      if (::write(out, buf, static_cast<std::size_t>(n)) != n) {
        j.result.error = "cannot write " + j.path + ": " + std::strerror(errno);
        ok = false;
        break;
      }
    }
    ::close(in);
    ::close(out);
    if (!ok) {
      ::unlink(j.path.c_str());
      return;
    }
    if (total != j.expected_size) {
      j.result.error = from + " has " + std::to_string(total) + " bytes, the manifest says " +
                       std::to_string(j.expected_size) + " (was the copy to the stick complete?)";
      ::unlink(j.path.c_str());
      return;
    }
    j.result.transport = http::Transport::ok;
    j.result.status = 200;
  }

  std::string folder_;
};

}  // namespace

SyncOutcome import_bundle(const Config& cfg, Cache& cache, const std::string& staging_dir, const std::string& folder,
                          const Clock& clock, const SyncOptions& opt) {
  const UnixTime now = clock ? clock() : system_now();
  FolderSource src(folder);
  SyncOutcome o = sync_from_source(src, cfg, cache, staging_dir, clock, opt);
  if (Status s = record_attempt(cache, o, now, /*counts_for_backoff=*/false); !s)
    log::warn("sync", "cannot record the import status: " + s.message);
  return o;
}

std::vector<std::string> find_bundle_folders(const std::string& pattern) {
  std::vector<std::string> out;
  if (pattern.empty()) return out;
  glob_t g{};
  if (::glob(pattern.c_str(), GLOB_NOSORT, nullptr, &g) == 0) {
    for (std::size_t i = 0; i < g.gl_pathc; ++i) {
      std::error_code ec;
      std::string p = g.gl_pathv[i];
      if (fs::is_directory(p, ec) && fs::is_regular_file(p + "/manifest.json", ec)) out.push_back(p);
    }
  }
  ::globfree(&g);
  std::sort(out.begin(), out.end());
  return out;
}

}  // namespace tramtin::sync

// The two bundle sources, HTTP feed and folder (USB stick), and the scan for bundle folders.
// Layer: tramtin_content, content/sync/.
#include "content/sync/source.h"

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <filesystem>

#include <fcntl.h>
#include <glob.h>
#include <unistd.h>

#include "content/base/files.h"
#include "content/bundle/bundle.h"

namespace fs = std::filesystem;

namespace tramtin::sync {
namespace {

class HttpSource final : public BundleSource {
 public:
  HttpSource(std::string feed, const http::Options& opt, int concurrency)
      : feed_(std::move(feed)), opt_(opt), concurrency_(concurrency) {
    while (!feed_.empty() && feed_.back() == '/') feed_.pop_back();
    http::Options o = opt;
    o.max_body_bytes = bundle::kMaxManifestBytes;
    client_ = std::make_unique<http::Client>(o);
  }
  std::string name() const override { return feed_; }

  Fetched fetch_manifest(const http::Conditional& cond) override { return get("manifest.json", cond); }
  Fetched fetch_signature() override {
    Fetched f = get("manifest.sig", {});
    if (f.ok() && f.bytes.size() > bundle::kMaxSignatureBytes)
      f.status = Status::error(ErrorKind::protocol,
                               "manifest.sig is " + std::to_string(f.bytes.size()) + " bytes, not a signature");
    return f;
  }
  Fetched fetch_page(const std::string& sha256, std::uint64_t size) override {
    const std::string file = bundle::page_relative_path(sha256);
    Fetched f = get(file, {});
    if (f.ok() && f.bytes.size() > size)
      f.status = Status::error(ErrorKind::protocol, file + " from " + feed_ + " has " + std::to_string(f.bytes.size()) +
                                                        " bytes, more than the " + std::to_string(size) +
                                                        " the signed manifest lists");
    return f;
  }
  void fetch_objects(std::vector<http::FileJob>& jobs) override {
    std::vector<std::string> rel;
    for (auto& j : jobs) {
      rel.push_back(j.url);
      j.url = feed_ + "/" + j.url;
    }
    http::get_files(jobs, concurrency_, opt_);
    for (std::size_t i = 0; i < jobs.size(); ++i) {
      in_ += jobs[i].result.bytes_in;
      out_ += jobs[i].result.bytes_out;
      jobs[i].url = rel[i];
    }
  }
  std::uint64_t bytes_in() const override { return in_; }
  std::uint64_t bytes_out() const override { return out_; }

 private:
  Fetched get(const std::string& file, const http::Conditional& cond) {
    Fetched f;
    const std::string url = feed_ + "/" + file;
    http::Result r = client_->get(url, cond);
    in_ += r.bytes_in;
    out_ += r.bytes_out;
    f.etag = r.etag;
    f.last_modified = r.last_modified;
    f.server_date = r.server_date;
    if (r.transport_ok() && r.status == 304) {
      f.not_modified = true;
    } else if (r.ok()) {
      f.bytes = std::move(r.body);
    } else if (r.transport == http::Transport::too_large) {
      f.status = Status::error(ErrorKind::protocol, file + " from " + feed_ + " is larger than " +
                                                        std::to_string(bundle::kMaxManifestBytes >> 20) +
                                                        " MB: this is not a TramTin feed, or the server is broken");
    } else {
      f.status = r.to_status(url);
    }
    return f;
  }

  std::string feed_;
  http::Options opt_;
  int concurrency_ = 1;
  std::unique_ptr<http::Client> client_;
  std::uint64_t in_ = 0, out_ = 0;
};

// A bundle folder as a BundleSource: the files are read from disk, with the same caps as a feed.
class FolderSource final : public BundleSource {
 public:
  FolderSource(std::string folder, std::string label) : folder_(std::move(folder)), label_(std::move(label)) {
    while (folder_.size() > 1 && folder_.back() == '/') folder_.pop_back();
  }
  std::string name() const override { return label_ + ":" + folder_; }
  bool remote() const override { return false; }

  Fetched fetch_manifest(const http::Conditional&) override {
    return read("manifest.json", bundle::kMaxManifestBytes);
  }
  Fetched fetch_signature() override { return read("manifest.sig", bundle::kMaxSignatureBytes); }
  Fetched fetch_page(const std::string& sha256, std::uint64_t size) override {
    Fetched f = read(bundle::page_relative_path(sha256), std::min(size, bundle::kMaxPageBytes));
    if (!f.ok()) f.status.message += " (was the copy to the stick complete?)";
    return f;
  }

  void fetch_objects(std::vector<http::FileJob>& jobs) override {
    for (auto& j : jobs) copy(j);
  }

 private:
  Fetched read(const std::string& file, std::uint64_t cap) {
    Fetched f;
    auto bytes = read_file(folder_ + "/" + file, cap);
    if (!bytes) {
      f.status = Status::error(ErrorKind::storage, "cannot read " + file + " from " + folder_ + ": " + bytes.error());
      return f;
    }
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
      if (ssize_t w = ::write(out, buf, static_cast<std::size_t>(n)); w != n) {
        j.result.write_errno = w < 0 ? errno : ENOSPC;
        j.result.error = "cannot write " + j.path + ": " + std::strerror(j.result.write_errno);
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
  std::string label_;
};

}  // namespace

std::unique_ptr<BundleSource> http_source(std::string feed, const http::Options& opt, int concurrency) {
  return std::make_unique<HttpSource>(std::move(feed), opt, concurrency);
}

std::unique_ptr<BundleSource> folder_source(std::string folder, std::string label) {
  return std::make_unique<FolderSource>(std::move(folder), std::move(label));
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

// Where a bundle comes from: the BundleSource interface, the HTTP feed source, the folder source
// (a USB stick), and the scan of removable media for bundle folders. Both sources feed the same
// verify → plan → fetch → apply path (apply.h), so a stick gets exactly the checks of a feed.
// Layer: tramtin_content, content/sync/ (uses http.h; knows nothing of the cache or the state).
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "content/base/status.h"
#include "content/sync/http.h"

namespace tramtin::sync {

class BundleSource {
 public:
  virtual ~BundleSource() = default;
  virtual std::string name() const = 0;                  // URL or "usb:/media/…", for messages
  struct Fetched {
    Status status;                 // ok; transport, protocol (HTTP status, too large) or storage (a folder)
    bool not_modified = false;     // conditional GET said 304
    std::string bytes;
    std::string etag, last_modified;
    std::int64_t server_date = 0;  // HTTP Date header as Unix time (0: none, or not from HTTP)
    bool ok() const { return status.ok(); }
  };
  // manifest.json (conditional where the source supports it) and manifest.sig.
  virtual Fetched fetch_manifest(const http::Conditional& cond) = 0;
  virtual Fetched fetch_signature() = 0;
  // An index page of a format-2 manifest (pages/<sha256>.json, in memory, at most `size` bytes:
  // more is a protocol error). The caller checks the hash.
  virtual Fetched fetch_page(const std::string& sha256, std::uint64_t size) = 0;
  // Brings each job's object into job.path (resuming a prefix already there). job.result tells.
  virtual void fetch_objects(std::vector<http::FileJob>& jobs) = 0;
  virtual std::uint64_t bytes_in() const { return 0; }
  virtual std::uint64_t bytes_out() const { return 0; }
  virtual bool remote() const { return true; }           // counts against the daily byte budget
};

// A feed over HTTP: <feed>/manifest.json, <feed>/manifest.sig, <feed>/pages/<sha256>.json (asked for
// with Accept-Encoding, so a server that compresses JSON sends them gzipped), <feed>/objects/<sha256>, fetched
// with `opt` and at most `concurrency` object downloads at a time.
std::unique_ptr<BundleSource> http_source(std::string feed, const http::Options& opt, int concurrency);

// A bundle folder (manifest.json, manifest.sig, pages/, objects/) read from disk with the caps of a feed.
// Its name is "<label>:<folder>" ("usb:/media/…"; "repair:…" for the kiosk's own last good bundle);
// it does not count against the byte budget.
std::unique_ptr<BundleSource> folder_source(std::string folder, std::string label = "usb");

// Folders matching the glob `pattern` (e.g. "/media/*/*/tramtin") that hold a manifest.json,
// sorted. A pattern that matches nothing, or an empty pattern, gives an empty list.
std::vector<std::string> find_bundle_folders(const std::string& pattern);

}  // namespace tramtin::sync

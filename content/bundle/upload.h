// Putting a bundle folder on a web server with HTTP PUT (WebDAV), in the order that keeps kiosks
// safe: every object first, then manifest.sig, then manifest.json. Used by `tramtin-publish upload`.
// Layer: tramtin_content (bundle format + http; no SQLite).
#pragma once

#include <cstdint>
#include <string>

#include "content/base/status.h"
#include "content/sync/http.h"

namespace tramtin::bundle {

struct UploadReport {
  // Not ok: stopped; the manifest on the server was NOT replaced unless the message says otherwise.
  // input: the local folder is incomplete or damaged (not the server's fault); transport or
  // protocol: the server (curl's words or the HTTP status).
  Status status;
  std::int64_t version = 0;
  int objects_put = 0;
  int objects_skipped = 0;        // the server already had them (HEAD: same name and size)
  std::uint64_t bytes_put = 0;
};

// `dir` is a bundle folder (manifest.json, manifest.sig, objects/), `url` the feed base URL.
// Every local object is hash-checked first, so a damaged bundle never goes up.
UploadReport upload_bundle(const std::string& dir, const std::string& url, const http::Options& opt = {});

}  // namespace tramtin::bundle

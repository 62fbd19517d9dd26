// Putting a bundle folder on a web server with HTTP PUT (WebDAV), in the order that keeps kiosks
// safe: every object first, then a copy of the manifest in the upload history, manifest.sig, then
// manifest.json, then the history's list. Pruning old objects with HTTP DELETE. Logins and the URLs
// they travel in. Used by `tramtin-publish upload`. Layer: tramtin_content (bundle format + http).
//
// The upload history on the server, next to manifest.json (installer/nginx/tramtin.conf allows it):
//   manifests/<version>.json   a byte copy of every manifest uploaded (not signed: it only tells
//                              prune which objects a version needs; kiosks never read it)
//   manifests/index.json       {"format":1,"versions":[newest, ..., oldest]}
// prune(N) keeps the newest N versions of the history and the live manifest.json, deletes every
// object that only older versions reference, then those versions' copies, then rewrites the list.
// Objects that no history copy names (uploaded by hand, or before the history existed) are never
// deleted: prune deletes only what it can prove is unused.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

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
  std::uint64_t bytes_put = 0;    // objects and index pages
  int pages_put = 0;              // format 2: index pages (pages/<sha256>.json) new on the server
  int pages_skipped = 0;
};

// `dir` is a bundle folder (manifest.json, manifest.sig, pages/, objects/), `url` the feed base URL.
// Every local object and page is hash-checked first, so a damaged bundle never goes up. Order:
// objects, then pages, then the history copy, manifest.sig and manifest.json.
UploadReport upload_bundle(const std::string& dir, const std::string& url, const http::Options& opt = {});

struct PruneReport {
  Status status;                     // not ok: stopped (what was deleted before stays deleted)
  std::vector<std::int64_t> kept;    // versions kept, newest first
  std::vector<std::int64_t> pruned;  // versions whose history copy was removed
  int objects_deleted = 0;
  int objects_missing = 0;           // already gone (404): fine
  int pages_deleted = 0;             // format 2: index pages only older versions used
};

// The urgent fast path (urgent.h): when `dir` holds urgent.json, puts urgent.sig then urgent.json
// next to the manifest. *put is set when they went up; a folder without urgent.json is fine (ok,
// *put false). input: the local pair is damaged; transport / protocol: the server.
Status upload_urgent(const std::string& dir, const std::string& url, const http::Options& opt, bool* put);

// Deletes the objects that none of the newest `keep` manifests (and not the live manifest.json)
// references. `keep` >= 1.
PruneReport prune_bundles(const std::string& url, int keep, const http::Options& opt = {});

// ---- Logins in URLs.
struct UrlLogin {
  std::string url;       // the URL without "user:password@"
  std::string username;  // percent-decoded; empty when the URL had none
  std::string password;
  bool had_password = false;
};
// "https://staff:s3cret@dav.example.vn/x" -> url "https://dav.example.vn/x", staff, s3cret.
UrlLogin split_login(const std::string& url);
// Every "scheme://user:password@" in `text` becomes "scheme://user:***@" (also "user@" stays as it is);
// every occurrence of `secret` (when non-empty) becomes "***".
std::string redact(const std::string& text, const std::string& secret = {});
// True for http:// and https:// (any case): the only schemes upload can use.
bool upload_scheme_ok(const std::string& url);

}  // namespace tramtin::bundle

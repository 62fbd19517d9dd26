// One sync attempt: verify → plan → fetch → apply of one bundle from one source (sync_from_source),
// the attempt over the mirror list (sync_once) and the USB import (import_bundle).
// Layer: tramtin_content, content/sync/ (uses source.h, state.h, bundle checks from content/bundle
// and the cache's write API; never SDL).
//
// One attempt, for each feed in sync.feeds in order until one answers with an acceptable bundle:
//   1. conditional GET <feed>/manifest.json (If-None-Match with the ETag of the manifest this kiosk
//      last accepted from that feed). 304: up to date, nothing else is fetched (the reply's Date
//      still refreshes the clock offset when the kiosk clock is behind it).
//   2. GET <feed>/manifest.sig; Ed25519 signature checked against sync.trusted_keys (several keys:
//      rotation). A mismatch is retried once, since a publisher may be half-way through an upload.
//   3. checks: channel = sync.channel; version newer than the applied one on that channel (equal:
//      up to date; older: rollback refused); not expired (the message says to check the clock).
//   4. format 2 (content/bundle/bundle.h): the index pages not already held in <staging>/pages
//      are fetched (in memory, gzip welcome), each checked against the size and sha256 the signed
//      root lists, kept in <staging>/pages, parsed and merged into the list of entries. Then
//      objects not already held (in <staging>/objects, or media already in the cache) are
//      downloaded a few at a time into <staging>/partial, resumed with HTTP Range after a cut,
//      capped at their manifest size, sha256-checked, then moved into <staging>/objects.
//   5. the entries are compared with what the cache holds (the object hash each item was applied
//      from, the media hashes): only new or changed item documents are read, parsed and checked
//      against their entry (an item of a kind this build does not know is skipped with a
//      warning), and Cache::apply_changes writes them, removes the items and media no longer
//      listed and records the version and channel, in ONE transaction; then objects and pages no
//      longer referenced are deleted.
// Anything that fails leaves the previous content in place, and the reason is recorded in the
// cache's meta table (state.h) for the staff screen.
#pragma once

#include <chrono>
#include <functional>
#include <mutex>
#include <string>

#include "content/settings/config.h"
#include "content/store/cache.h"
#include "content/sync/http.h"
#include "content/sync/source.h"
#include "content/sync/state.h"

namespace tramtin::sync {

struct SyncOptions {
  http::Options http;              // timeouts; http.cancel also stops an apply in progress
  int concurrency = 3;             // object downloads at a time (a 3G cell gains little from more)
  std::chrono::milliseconds signature_retry_delay{1500};
  // Test seam: called at each stage ("manifest", "download", "apply", "cleanup").
  std::function<void(const char* stage)> on_stage;
  // Two attempts may share one staging folder and one cache file (the worker's USB watcher runs
  // beside a network sync that may be stuck on a slow feed). apply_lock (when set) is held around
  // the apply and the staging cleanup, and the version is checked again under it (the other may
  // have applied something newer meanwhile); each keeps its downloads in its own partial_subdir;
  // cleanup = false leaves objects for the other attempt's plan (the next apply cleans up).
  std::mutex* apply_lock = nullptr;
  std::string partial_subdir = "partial";
  bool cleanup = true;
};

// The shared path: fetch + verify + download + apply from one source. Does not record the attempt.
SyncOutcome sync_from_source(BundleSource& src, const Config& cfg, Cache& cache, const std::string& staging_dir,
                             const Clock& clock, const SyncOptions& opt);

// One attempt over sync.feeds. `staging_dir` is kept between attempts (objects and partial files).
// Records the attempt in the cache's meta table (see read_sync_state).
SyncOutcome sync_once(const Config& cfg, Cache& cache, const std::string& staging_dir, const Clock& clock,
                      const SyncOptions& opt = {});

// Applies the bundle in `folder` (manifest.json, manifest.sig, objects/). Objects are copied into
// the staging area, checked against the signed manifest, and the whole set is applied in one
// transaction. The attempt is recorded in the sync status (it does not count towards the network
// backoff). Source recorded in the cache: "<label>:<folder>" ("usb:<folder>").
SyncOutcome import_bundle(const Config& cfg, Cache& cache, const std::string& staging_dir, const std::string& folder,
                          const Clock& clock, const SyncOptions& opt = {}, const std::string& label = "usb");

// Where a successful apply keeps the last good bundle (manifest.json, manifest.sig, objects/):
// the staging folder itself. A damaged cache is rebuilt from it with import_bundle (label
// "repair"), with every check of a sync, before the bundled sample pack is considered.
std::string last_good_bundle_dir(const Config& cfg);  // <data_dir>/staging

}  // namespace tramtin::sync

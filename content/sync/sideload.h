// Sideloading: applying a bundle from a folder (a USB stick carried to a kiosk with no link), with
// exactly the checks of a network sync, and finding such folders on removable media.
// Layer: tramtin_content (uses the shared verify-download-apply path of content/sync.h).
#pragma once

#include <string>
#include <vector>

#include "content/sync/sync.h"

namespace tramtin::sync {

// Applies the bundle in `folder` (manifest.json, manifest.sig, objects/). Objects are copied into
// the staging area, checked against the signed manifest, and the whole set is applied in one
// transaction. The attempt is recorded in the sync status (it does not count towards the network
// backoff). Source recorded in the cache: "usb:<folder>".
SyncOutcome import_bundle(const Config& cfg, Cache& cache, const std::string& staging_dir, const std::string& folder,
                          const Clock& clock, const SyncOptions& opt = {});

// Folders matching the glob `pattern` (e.g. "/media/*/*/tramtin") that hold a manifest.json,
// sorted. A pattern that matches nothing, or an empty pattern, gives an empty list.
std::vector<std::string> find_bundle_folders(const std::string& pattern);

}  // namespace tramtin::sync

// Headless sync modes of the kiosk binary: `tramtin --sync-once` and `tramtin --import PATH`.
// Layer: tramtin (kiosk executable; no SDL used here: both run before any window exists).
//
// Both print a few progress lines on stdout, then ONE final line that says what happened:
//   "up to date"            exit status 0
//   "applied version N"     exit status 0
//   "rejected: <reason>"    exit status 1   (the bundle is not acceptable: signature, channel,
//                                            rollback, expiry, hash; the old content is kept)
//   "failed: <reason>"      exit status 3   (network, server, disk, budget; the old content is kept)
// The outcome is also recorded in the content database for the staff screen.
#pragma once

#include <string>

#include "content/settings/config.h"

namespace tramtin {

// One sync attempt over sync.feeds into cfg.database (staging under <data_dir>/staging).
int run_sync_once(const Config& cfg);
// Applies the bundle in the folder `path` (a USB stick) with the same checks as a network sync.
int run_import(const Config& cfg, const std::string& path);

}  // namespace tramtin

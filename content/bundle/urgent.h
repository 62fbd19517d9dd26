// The urgent fast path's file (urgent.json + urgent.sig): the live urgent notices of a channel,
// signed like a bundle, small enough that every kiosk can poll it every few minutes.
// Layer: tramtin_content, content/bundle/ (libsodium through bundle.h, nlohmann-json; no network).
//
//   urgent.json   canonical JSON (keys sorted, no whitespace, one trailing '\n'):
//                 {"channel":"lai-chau-commune","created_at":1763800000,"expires_at":1763886400,
//                  "format":1,"kind":"urgent","notices":[<item document>, …],"version":1763800000}
//                 each notice is the item document of bundles (item_to_json: every language's title,
//                 summary and body, publish_at, expire_at, priority), kind "notice", urgent true,
//                 without media (a picture would make the file large; the bundle brings it).
//   urgent.sig    the detached Ed25519 signature of the exact bytes of urgent.json, as manifest.sig.
//
// Its version is its own (not the bundle's) and only grows: a kiosk refuses one not newer than the
// last it accepted. Zero notices is valid: it withdraws the urgent notices of the fast path.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "content/bundle/bundle.h"
#include "content/model/model.h"

namespace tramtin::bundle {

inline constexpr int kUrgentFormatVersion = 1;
inline constexpr std::uint64_t kMaxUrgentBytes = 256u << 10;  // a dozen notices in five languages fit in 64 KB
inline constexpr std::size_t kMaxUrgentNotices = 32;

struct UrgentFeed {
  int format = kUrgentFormatVersion;
  std::string channel;
  std::int64_t version = 0;     // > 0, only grows
  UnixTime created_at = 0;
  UnixTime expires_at = 0;      // > created_at: a kiosk stops showing these notices past this moment
  std::vector<Item> notices;    // urgent notices, most urgent first (priority, then newest)
  bool operator==(const UrgentFeed&) const = default;
};

std::string urgent_to_json(const UrgentFeed& f);
// Strict parse (never throws); errors are ErrorKind::protocol, "urgent.json: …".
Result<UrgentFeed> urgent_from_json(std::string_view json);

// The notices of `items` that belong on the fast path at `now`: kind notice, urgent, not expired
// (scheduled ones are kept: the kiosk shows them when their publish_at comes), media removed,
// most urgent first.
std::vector<Item> live_urgent_notices(const std::vector<Item>& items, UnixTime now);

struct UrgentOptions {
  std::string out_dir;
  std::string channel;
  SecretKey key;
  int expires_hours = 48;
  UnixTime now = 0;             // 0: the current time
};

struct UrgentReport {
  Status status;                // not ok: nothing written (input: options; storage: the folder)
  UrgentFeed feed;
  std::string bytes;            // urgent.json as written
};

// Writes OUT/urgent.sig then OUT/urgent.json (each atomically). The version is max(now, the
// previous urgent.json's version in OUT + 1), so it grows even when published twice a second.
UrgentReport write_urgent(const std::vector<Item>& notices, const UrgentOptions& opt);
// OUT_DIR/urgent.json's version without verifying anything (0 if none or unreadable).
std::int64_t existing_urgent_version(const std::string& out_dir);

}  // namespace tramtin::bundle

// Usage report parts (REPORTS.md, "tramtin-usage/1"): the privacy rule for the only typed text a
// report may carry (zero-result queries) and the JSON of one sealed part, built from the day's
// counters in the cache. Layer: tramtin_content, content/report/ (uses the store's counter rows;
// no SQL, no HTTP).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "content/base/status.h"
#include "content/store/cache.h"

namespace tramtin::report {

inline constexpr int kMaxQueryChars = 40;           // a reported query is at most this many characters
inline constexpr int kMinQueryCount = 3;            // ... and was seen at least this often that day

// What a zero-result query may become in a report, or "" when it must never be kept: folded (lower
// case, no tone marks, đ→d, as the search folds), every digit removed (people type ID and phone
// numbers), punctuation to spaces, at most 40 characters. A query that looks like a person's name
// gives "": its first word is a Vietnamese or Hmong family name written with its marks ("Nguyễn",
// "Đặng", "Giàng"…), or one of the few that fold to no ordinary word ("nguyen", "tran", "pham",
// "huynh"), or it is three or four words with "văn"/"thị" (van/thi) second, as most full names are.
// Applied where the kiosk records a query (so the cache never holds one) and again when sealing.
std::string clean_zero_result_query(std::string_view typed);

struct PartHeader {
  std::string kiosk_id;
  std::string app_version = TRAMTIN_VERSION;
  std::int64_t content_version = 0;
  std::string day;                                   // yyyy-mm-dd
  bool final = false;
};

// The part's JSON from the day's counter rows (see UsageCount). Zero-result queries appear only in a
// final part, only those counted at least kMinQueryCount times (cleaned again); unknown kinds are
// ignored.
std::string usage_part_json(const PartHeader& h, const std::vector<UsageCount>& rows, std::int64_t seq,
                            std::int64_t dropped);

}  // namespace tramtin::report

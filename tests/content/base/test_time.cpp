// Tests for content/base/time: Vietnam time (UTC+7, no DST) whatever the machine's zone.
// Layer: tests.
#include <doctest/doctest.h>

#include "content/base/time.h"

using namespace tramtin;

TEST_CASE("base/time: dates and clocks are Vietnam time, days roll over at midnight in Vietnam") {
  const std::int64_t t = 1796022120;                 // 2026-11-30 07:02 UTC = 14:02 in Vietnam
  CHECK(format_date(t) == "30/11/2026");
  CHECK(format_date_time(t) == "14:02 30/11/2026");
  CHECK(format_clock(t) == "14:02");
  CHECK(format_day_month(t) == "30/11");
  std::tm tm = vietnam_tm(t);
  CHECK(tm.tm_hour == 14);
  CHECK(tm.tm_mday == 30);
  CHECK(tm.tm_mon == 10);

  // 16:59:59 UTC is 23:59:59 in Vietnam; one second later it is the next day there.
  const std::int64_t midnight_vn = 1796058000;       // 2026-11-30 17:00 UTC = 2026-12-01 00:00 in Vietnam
  CHECK(vietnam_day(midnight_vn) == vietnam_day(midnight_vn - 1) + 1);
  CHECK(vietnam_day(midnight_vn) * 86400 == midnight_vn + 7 * 3600);
  CHECK(format_date(midnight_vn - 1) == "30/11/2026");
  CHECK(format_date(midnight_vn) == "01/12/2026");

  CHECK(vietnam_day(-7 * 3600) == 0);                // before the epoch: floor, not truncation
  CHECK(vietnam_day(-7 * 3600 - 1) == -1);
  CHECK(format_date(0).empty());                     // never set
  CHECK(format_date_time(0).empty());
}

TEST_CASE("base/time: an author's date and a content version are written for people") {
  CHECK(format_iso_date("2027-06-30") == "30/06/2027");
  CHECK(format_iso_date("30/06/2027") == "30/06/2027");   // already for people: unchanged
  CHECK(format_iso_date("2027-6-30") == "2027-6-30");     // not a TOML date: unchanged, never guessed
  CHECK(format_iso_date("") == "");
  // 2026-11-30 07:02 UTC is 14:02 in Vietnam.
  CHECK(format_version(1796022120) == "14:02 30/11/2026");
  CHECK(format_version(42) == "42");                      // a number staff chose
}

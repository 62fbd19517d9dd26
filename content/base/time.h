// Vietnam time, written once: UTC+7 all year (Vietnam has one zone and no daylight saving), so a
// kiosk shows Vietnam time even when the installer left the machine's zone at UTC. Every date a
// person reads, and every "per day" count, goes through here. Layer: tramtin_content, content/base/.
#pragma once

#include <cstdint>
#include <ctime>
#include <string>
#include <string_view>

namespace tramtin {

inline constexpr std::int64_t kVietnamUtcOffsetSeconds = 7 * 3600;

std::tm vietnam_tm(std::int64_t unix_time);          // broken-down Vietnam time
std::int64_t vietnam_day(std::int64_t unix_time);    // days since 1970-01-01 in Vietnam time (floor)
// For people; each gives "" for unix_time <= 0 (never set).
std::string format_date(std::int64_t unix_time);       // "30/11/2026"
std::string format_date_time(std::int64_t unix_time);  // "14:02 30/11/2026"
std::string format_clock(std::int64_t unix_time);      // "14:02"
std::string format_day_month(std::int64_t unix_time);  // "30/11" (the header clock)
// A calendar date written by an author ("2027-06-30", as in a TOML date) for people: "30/06/2027";
// anything else is returned unchanged.
std::string format_iso_date(std::string_view yyyy_mm_dd);
// A content version for people: versions are the bundle's creation time unless staff chose a
// number (tramtin-publish build --version), so a plausible time (2020..2100) is shown as
// "14:02 30/11/2026" and any other number as itself.
std::string format_version(std::int64_t version);
// For machines (report file names and days): "2026-11-30", Vietnam day; also for unix_time <= 0.
std::string vietnam_iso_day(std::int64_t unix_time);
int vietnam_hour(std::int64_t unix_time);               // 0..23

}  // namespace tramtin

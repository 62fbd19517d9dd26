// Vietnam time (UTC+7, no DST) and its date formats. Layer: tramtin_content, content/base/.
#include "content/base/time.h"

namespace tramtin {
namespace {

std::string format(std::int64_t unix_time, const char* pattern) {
  if (unix_time <= 0) return {};
  std::tm tm = vietnam_tm(unix_time);
  char buf[40];
  std::strftime(buf, sizeof buf, pattern, &tm);
  return buf;
}

}  // namespace

std::tm vietnam_tm(std::int64_t unix_time) {
  std::time_t t = static_cast<std::time_t>(unix_time + kVietnamUtcOffsetSeconds);
  std::tm tm{};
  gmtime_r(&t, &tm);
  return tm;
}

std::int64_t vietnam_day(std::int64_t unix_time) {
  const std::int64_t t = unix_time + kVietnamUtcOffsetSeconds;
  return t >= 0 ? t / 86400 : (t - 86399) / 86400;
}

std::string format_date(std::int64_t unix_time) { return format(unix_time, "%d/%m/%Y"); }

std::string format_iso_date(std::string_view d) {
  auto digits = [&](std::size_t at, std::size_t n) {
    for (std::size_t i = at; i < at + n; ++i)
      if (d[i] < '0' || d[i] > '9') return false;
    return true;
  };
  if (d.size() != 10 || d[4] != '-' || d[7] != '-' || !digits(0, 4) || !digits(5, 2) || !digits(8, 2))
    return std::string(d);
  return std::string(d.substr(8, 2)) + "/" + std::string(d.substr(5, 2)) + "/" + std::string(d.substr(0, 4));
}

std::string format_version(std::int64_t version) {
  constexpr std::int64_t k2020 = 1577836800, k2100 = 4102444800;
  if (version >= k2020 && version < k2100) return format_date_time(version);
  return std::to_string(version);
}
std::string format_date_time(std::int64_t unix_time) { return format(unix_time, "%H:%M %d/%m/%Y"); }
std::string format_clock(std::int64_t unix_time) { return format(unix_time, "%H:%M"); }
std::string format_day_month(std::int64_t unix_time) { return format(unix_time, "%d/%m"); }

std::string vietnam_iso_day(std::int64_t unix_time) {
  std::tm tm = vietnam_tm(unix_time);
  char buf[40];
  std::strftime(buf, sizeof buf, "%Y-%m-%d", &tm);
  return buf;
}

int vietnam_hour(std::int64_t unix_time) { return vietnam_tm(unix_time).tm_hour; }

}  // namespace tramtin

// Start history and crash-loop detection (see crash_loop.h). Layer: tramtin_kiosk_core.
#include "kiosk/core/crash_loop.h"

#include <algorithm>
#include <charconv>

namespace tramtin {

StartHistory StartHistory::parse(std::string_view text) {
  StartHistory h;
  while (!text.empty()) {
    const auto nl = text.find('\n');
    const std::string_view line = text.substr(0, nl);
    std::int64_t v = 0;
    auto [p, ec] = std::from_chars(line.data(), line.data() + line.size(), v);
    if (ec == std::errc() && p == line.data() + line.size() && v > 0) h.starts.push_back(v);
    if (nl == std::string_view::npos) break;
    text.remove_prefix(nl + 1);
  }
  std::sort(h.starts.begin(), h.starts.end());
  return h;
}

std::string StartHistory::text() const {
  std::string out;
  for (auto s : starts) out += std::to_string(s) + "\n";
  return out;
}

bool StartHistory::record(std::int64_t now, int max_restarts, std::int64_t window_s) {
  starts.push_back(now);
  std::sort(starts.begin(), starts.end());
  if (starts.size() > 20) starts.erase(starts.begin(), starts.end() - 20);
  // A clock set back (no RTC battery) makes older entries look "in the future": they count as recent.
  const auto recent = std::count_if(starts.begin(), starts.end(), [&](std::int64_t s) { return s > now - window_s; });
  return recent - 1 > max_restarts;
}

std::string restart_reason(const StartHistory& before, std::int64_t boot_time, bool maintenance) {
  if (maintenance) return "maintenance";
  if (boot_time <= 0) return "unknown";
  return !before.starts.empty() && before.starts.back() >= boot_time ? "restart" : "boot";
}

}  // namespace tramtin

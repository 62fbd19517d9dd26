// Crash-loop detection: the kiosk notes when it starts; more than a few restarts in a short time
// means something is broken that a restart will not fix, so it shows the maintenance screen
// instead of flashing a crashing kiosk at villagers. Layer: tramtin_kiosk_core (pure; the app
// keeps the text in <data_dir>/starts).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace tramtin {

struct StartHistory {
  std::vector<std::int64_t> starts;          // wall-clock seconds, oldest first (the last 20)

  static StartHistory parse(std::string_view text);  // one number per line; junk lines are skipped
  std::string text() const;
  // Adds a start at `now`; true when, counting it, more than `max_restarts` restarts (starts after
  // the first) happened within `window_s` seconds.
  bool record(std::int64_t now, int max_restarts = 5, std::int64_t window_s = 600);
};

// Why this process started, for the report heartbeat: "maintenance" when the crash-loop screen is
// showing; else "restart" when the previous start (the history before this one was recorded)
// came after the machine booted at `boot_time` (a crash, the watchdog, a staff restart); "boot"
// when it did not; "unknown" when the boot time is not known (0).
std::string restart_reason(const StartHistory& before, std::int64_t boot_time, bool maintenance);

}  // namespace tramtin

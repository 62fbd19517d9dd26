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

}  // namespace tramtin

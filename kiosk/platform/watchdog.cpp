// The systemd watchdog (see watchdog.h). Layer: tramtin.
#include "kiosk/platform/watchdog.h"

#include <systemd/sd-daemon.h>

#include <string>

namespace tramtin {

Watchdog::Watchdog() {
  uint64_t usec = 0;
  if (sd_watchdog_enabled(0, &usec) > 0 && usec > 0) period_s_ = double(usec) / 1e6;
}

void Watchdog::ready() { sd_notify(0, "READY=1"); }

void Watchdog::status(const char* text) { sd_notify(0, (std::string("STATUS=") + text).c_str()); }

double Watchdog::tick(double now_s) {
  if (!enabled()) return 1e9;
  const double half = period_s_ / 2;
  if (now_s - last_ping_s_ >= half) {
    sd_notify(0, "WATCHDOG=1");
    last_ping_s_ = now_s;
  }
  return last_ping_s_ + half - now_s;
}

}  // namespace tramtin

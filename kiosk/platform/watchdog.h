// systemd's service watchdog, fed from the UI loop: READY=1 after the first frame, WATCHDOG=1
// every half period while the loop turns. A hung frame loop stops the pings and systemd kills
// and restarts the kiosk (WatchdogSec= in the unit). Without systemd (NOTIFY_SOCKET unset) it
// does nothing. Layer: tramtin (libsystemd).
#pragma once

namespace tramtin {

class Watchdog {
 public:
  Watchdog();                             // reads WATCHDOG_USEC / NOTIFY_SOCKET once
  bool enabled() const { return period_s_ > 0; }
  void ready();                           // after the first frame
  void status(const char* text);          // STATUS=… for systemctl status
  // Pings when half the period has passed since the last ping; returns seconds until the next
  // ping is due (a large number when disabled), so the loop wakes just often enough.
  double tick(double now_s);

 private:
  double period_s_ = 0;
  double last_ping_s_ = -1e9;
};

}  // namespace tramtin

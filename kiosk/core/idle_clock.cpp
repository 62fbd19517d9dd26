// The idle clock: reset after idle_timeout, slideshow after attract_after. Layer: tramtin_kiosk_core.
#include "kiosk/core/idle_clock.h"

#include <algorithm>

namespace tramtin {

bool IdleClock::input(double now_s) {
  last_input_ = now_s;
  reset_done_ = false;
  const bool woke = attract_started_ >= 0;
  attract_started_ = -1;
  return woke;
}

IdleClock::Due IdleClock::poll(double now_s) {
  const double idle = now_s - last_input_;
  if (attract_started_ < 0 && idle >= attract_after_) {
    attract_started_ = now_s;
    reset_done_ = true;
    return Due::attract;
  }
  if (!reset_done_ && idle >= idle_timeout_) {
    reset_done_ = true;
    return Due::reset;
  }
  return Due::nothing;
}

double IdleClock::seconds_until_due(double now_s) const {
  const double idle = now_s - last_input_;
  double next = 1e9;
  if (!reset_done_) next = std::min(next, idle_timeout_ - idle);
  if (attract_started_ < 0) next = std::min(next, attract_after_ - idle);
  return std::max(0.0, next);
}

}  // namespace tramtin

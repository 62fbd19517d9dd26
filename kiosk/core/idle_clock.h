// When the kiosk forgets its last visitor and when it starts the slideshow. Layer:
// tramtin_kiosk_core (pure logic on the caller's clock, seconds as double; no SDL, no ImGui).
//
// Only a touch or a key counts: the loop calls input() for those and for nothing else. A worker
// report, a timer or a content reload asks for frames but never moves this clock, so a sync
// worker that reports every second cannot keep the previous visitor's screen on show.
#pragma once

namespace tramtin {

class IdleClock {
 public:
  enum class Due {
    nothing,
    reset,             // idle_timeout passed: home, defaults, typed text forgotten (once per visit)
    attract,           // attract_after passed: reset too, then the slideshow
  };

  IdleClock(double idle_timeout_s, double attract_after_s, double now_s)
      : idle_timeout_(idle_timeout_s), attract_after_(attract_after_s), last_input_(now_s) {}

  // A touch or a key at `now`. Returns true when it woke the slideshow (the touch that wakes the
  // kiosk must not also press whatever is under the finger).
  bool input(double now_s);
  // What became due at `now`; each is reported once until the next input.
  Due poll(double now_s);
  // Seconds until poll() may report something (0 when due now; a large number when nothing is).
  double seconds_until_due(double now_s) const;

  bool attract_showing() const { return attract_started_ >= 0; }
  double attract_started() const { return attract_started_; }  // <0: not showing
  double last_input() const { return last_input_; }

 private:
  double idle_timeout_, attract_after_;
  double last_input_;
  bool reset_done_ = true;   // nothing to reset until someone has touched the screen
  double attract_started_ = -1;
};

}  // namespace tramtin

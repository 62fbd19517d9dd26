// The staff screen's gate: the PIN lock with its lockout, the PIN keypad's rules, and the hidden
// corner-hold gesture that opens the staff screen. Pure logic: no SDL, no ImGui, no libsodium
// (the PIN check is a function passed in, so tests run fast). Layer: tramtin_kiosk_core.
//
// Clocks are passed in by the caller, never read here: seconds for the lock (the app passes the
// same clock as Ui::now, which is virtual in scenario replay), milliseconds for the gesture.
//
// ---- The PIN lock               StaffLockPolicy, PinCheck, StaffLockState, StaffLock, staff_lock_message
// ---- The PIN keypad's rules     PinKeypad
// ---- The hidden gesture         CornerHold
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>

#include "content/settings/pin.h"

namespace tramtin {

// ---- The PIN lock.

struct StaffLockPolicy {
  int max_tries = 3;                 // wrong PINs in a row before a lockout
  std::int64_t lockout_seconds = 60; // how long a lockout lasts, from the failure that caused it
};

enum class PinCheck {
  none,        // nothing submitted yet (or since the last unlock / relock)
  accepted,    // the PIN matched: unlock
  wrong,       // did not match: one try fewer
  locked_out,  // refused without checking: wait for the lockout to end
  malformed,   // not what PinKeypad::can_submit accepts: refused unchecked, no try used (could never match)
  disabled,    // no usable pin_hash configured: the staff screen cannot be opened at all
};

// What the staff screen needs to draw the lock (a copy: safe to hand to a frame).
struct StaffLockState {
  bool disabled = false;
  std::string disabled_reason;       // why, and what to do (Vietnamese, for the technician)
  bool locked_out = false;
  std::int64_t seconds_left = 0;     // of the lockout; 0 when not locked out
  std::int64_t locked_until = 0;     // caller's clock, seconds; 0 when not locked out
  int tries_left = 0;                // before the next lockout
  int max_tries = 0;                 // the policy's, so an aged snapshot can refill tries_left
  PinCheck last = PinCheck::none;    // the answer to the last submit
};

// The snapshot as it stands at now_s: a lockout whose time is up is over (tries refilled). Lets a
// frame count down from one snapshot taken between frames.
StaffLockState lock_state_at(StaffLockState s, std::int64_t now_s);

class StaffLock {
 public:
  // verify(hash, pin) is true when pin matches hash (the app passes tramtin::verify_pin).
  using Verifier = std::function<bool(std::string_view hash, std::string_view pin)>;

  // An empty pin_hash disables the staff screen: every submit answers `disabled`.
  StaffLock(std::string pin_hash, Verifier verify, StaffLockPolicy policy = {});

  // Disables the lock with a reason, e.g. when check_pin_hash() says the configured hash is broken
  // (better than refusing every PIN and locking the technician out for nothing).
  void disable(std::string reason);

  // Checks a PIN typed on the keypad at time now_s (seconds, caller's clock). Calls the verifier
  // only when a try is allowed, so a lockout also stops the slow hash from being run.
  PinCheck submit(std::string_view pin, std::int64_t now_s);

  // What must survive a restart (a power cycle must not hand out three fresh tries inside a
  // locked minute): the app saves it after each submit and restores it at start.
  struct Persisted {
    int failures = 0;
    std::int64_t locked_until = 0;   // caller's clock (the wall clock), 0: not locked out
  };
  Persisted persisted() const { return {failures_, locked_until_}; }
  void restore(const Persisted& p);
  static std::string to_text(const Persisted& p);               // "failures locked_until\n"
  static bool from_text(std::string_view text, Persisted* out); // false: not a saved lock

  // Forgets the last answer (after leaving the staff screen), keeping failures and lockout: an
  // idle reset must not hand a passer-by three fresh tries.
  void clear_message() { last_ = PinCheck::none; }

  // The queries below look at the clock, and so may end a lockout whose time is up or shorten one
  // the clock has been set back under (a kiosk's clock jumps when it first gets the network time):
  // a lockout never lasts more than lockout_seconds from the moment the lock first sees the jump.
  bool disabled() const { return disabled_; }
  bool locked_out(std::int64_t now_s) { return seconds_left(now_s) > 0; }
  std::int64_t seconds_left(std::int64_t now_s);   // 0 when free
  int tries_left(std::int64_t now_s);              // before the next lockout; 0 while locked out
  PinCheck last() const { return last_; }
  StaffLockState state(std::int64_t now_s);

 private:
  void settle(std::int64_t now_s);   // ends a lockout whose time is up; repairs a clock set back

  std::string hash_;
  Verifier verify_;
  StaffLockPolicy policy_;
  bool disabled_ = false;
  std::string disabled_reason_;
  int failures_ = 0;                 // wrong PINs since the last success or lockout end
  std::int64_t locked_until_ = 0;    // 0: not locked out
  PinCheck last_ = PinCheck::none;
};

// What the lock says to the technician, in Vietnamese, for the state (one or two sentences):
// "Sai mã PIN. Còn 2 lần thử.", "Nhập sai 3 lần. Thử lại sau 42 giây.", …
std::string staff_lock_message(const StaffLockState& s);

// ---- The PIN keypad's rules, written once: the session applies keys with them (Intent::staff_digit),
// the staff screen draws with them (dots, the OK button) and StaffLock::submit checks only what they
// accept, so the three cannot drift apart.

struct PinKeypad {
  static constexpr std::size_t min_digits = kPinMinDigits;  // 4: fewer and OK is refused, no try used
  static constexpr std::size_t max_digits = kPinMaxDigits;  // 8: further digits are ignored
  static constexpr std::string_view clear_key = "clear";   // empties the PIN
  static constexpr std::string_view back_key = "back";     // removes the last digit (none: nothing)

  // One key applied to the PIN being typed: "0".."9" appends up to max_digits, back_key and
  // clear_key edit, anything else is ignored.
  static void press(std::string& pin, std::string_view key);
  // True when OK would submit a PIN the lock checks: min_digits to max_digits ASCII digits.
  static bool can_submit(std::string_view pin);
};

// ---- The hidden gesture: hold the top-left corner still for 5 s.

struct CornerHoldOptions {
  float corner_px = 120;             // side of the corner square (the app scales it with the display)
  float max_move_px = 20;            // moving this far from where the finger went down cancels
  std::int64_t hold_ms = 5000;
};

// Driven by the app with every pointer sample; fires once per hold. Only a press that STARTS in
// the corner counts (sliding into the corner does not), so scrolling never opens it by accident.
// While a hold is armed the finger sends no events, so the app must wake itself: it sleeps at
// most ms_until_trigger() and then calls tick().
class CornerHold {
 public:
  explicit CornerHold(CornerHoldOptions opt = {}) : opt_(opt) {}

  void set_corner_px(float px) { opt_.corner_px = px; }
  const CornerHoldOptions& options() const { return opt_; }

  // One pointer sample: position, whether the pointer is pressed now (not "this event is a
  // press"), and the time in ms (any monotonic clock). True exactly once, when the hold completes.
  bool update(float x, float y, bool down, std::int64_t now_ms);
  // The loop woke without input: true when the armed hold has lasted long enough.
  bool tick(std::int64_t now_ms);
  // Milliseconds until the armed hold fires (0: due now), or -1 when nothing is armed.
  std::int64_t ms_until_trigger(std::int64_t now_ms) const;
  bool armed() const { return armed_; }
  void cancel() { armed_ = false; }

 private:
  bool fire_if_due(std::int64_t now_ms);

  CornerHoldOptions opt_;
  bool down_ = false;                // the pointer was pressed at the last sample
  bool armed_ = false;               // a press in the corner is being held
  float x0_ = 0, y0_ = 0;            // where it went down
  std::int64_t since_ms_ = 0;
};

}  // namespace tramtin

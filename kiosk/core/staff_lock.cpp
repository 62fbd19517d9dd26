// The staff PIN lock, the PIN keypad's rules and the corner-hold gesture (kiosk/core/staff_lock.h).
// Layer: tramtin_kiosk_core.
#include "kiosk/core/staff_lock.h"

#include <algorithm>
#include <cstdio>
#include <cmath>
#include <utility>

namespace tramtin {

// ---- StaffLock.

StaffLock::StaffLock(std::string pin_hash, Verifier verify, StaffLockPolicy policy)
    : hash_(std::move(pin_hash)), verify_(std::move(verify)), policy_(policy) {
  policy_.max_tries = std::max(1, policy_.max_tries);
  policy_.lockout_seconds = std::max<std::int64_t>(1, policy_.lockout_seconds);
  if (hash_.empty()) {
    disable("Chưa đặt mã PIN. Đặt [staff] pin_hash trong tramtin.toml (tạo bằng lệnh: tramtin-publish pin-hash).");
  } else if (!verify_) {
    disable("Không có cách kiểm tra mã PIN (lỗi chương trình).");
  }
}

void StaffLock::disable(std::string reason) {
  disabled_ = true;
  disabled_reason_ = std::move(reason);
}

void StaffLock::restore(const Persisted& p) {
  failures_ = std::clamp(p.failures, 0, policy_.max_tries);
  locked_until_ = std::max<std::int64_t>(0, p.locked_until);
}

std::string StaffLock::to_text(const Persisted& p) {
  return std::to_string(p.failures) + " " + std::to_string(p.locked_until) + "\n";
}

bool StaffLock::from_text(std::string_view text, Persisted* out) {
  long long failures = -1, until = -1;
  const std::string t(text);
  if (std::sscanf(t.c_str(), "%lld %lld", &failures, &until) != 2 || failures < 0 || until < 0) return false;
  out->failures = int(std::min<long long>(failures, 1000));
  out->locked_until = until;
  return true;
}

void StaffLock::settle(std::int64_t now_s) {
  if (locked_until_ == 0) return;
  // A clock set back would otherwise stretch the lockout by however far it went back.
  locked_until_ = std::min(locked_until_, now_s + policy_.lockout_seconds);
  if (now_s >= locked_until_) {
    locked_until_ = 0;
    failures_ = 0;  // the lockout is over: a fresh set of tries
    last_ = PinCheck::none;  // and a fresh prompt, not the old "wrong PIN"
  }
}

PinCheck StaffLock::submit(std::string_view pin, std::int64_t now_s) {
  if (disabled_) return last_ = PinCheck::disabled;
  settle(now_s);
  if (locked_until_ != 0) return last_ = PinCheck::locked_out;
  // The keypad only types digits; a PIN of the wrong length can never match, so it costs no try.
  if (!PinKeypad::can_submit(pin)) return last_ = PinCheck::malformed;
  if (verify_(hash_, pin)) {
    failures_ = 0;
    return last_ = PinCheck::accepted;
  }
  if (++failures_ >= policy_.max_tries) locked_until_ = now_s + policy_.lockout_seconds;
  return last_ = PinCheck::wrong;
}

std::int64_t StaffLock::seconds_left(std::int64_t now_s) {
  settle(now_s);
  return locked_until_ == 0 ? 0 : locked_until_ - now_s;
}

int StaffLock::tries_left(std::int64_t now_s) {
  if (disabled_) return 0;
  settle(now_s);
  return locked_until_ != 0 ? 0 : policy_.max_tries - failures_;
}

StaffLockState StaffLock::state(std::int64_t now_s) {
  StaffLockState s;
  s.disabled = disabled_;
  s.disabled_reason = disabled_reason_;
  s.seconds_left = disabled_ ? 0 : seconds_left(now_s);
  s.locked_out = s.seconds_left > 0;
  s.locked_until = s.locked_out ? now_s + s.seconds_left : 0;
  s.tries_left = tries_left(now_s);
  s.max_tries = policy_.max_tries;
  s.last = last_;
  return s;
}

StaffLockState lock_state_at(StaffLockState s, std::int64_t now_s) {
  if (!s.locked_out) return s;
  if (now_s >= s.locked_until) {
    s.locked_out = false;
    s.seconds_left = 0;
    s.locked_until = 0;
    s.tries_left = s.max_tries;
    s.last = PinCheck::none;
  } else {
    s.seconds_left = s.locked_until - now_s;
  }
  return s;
}

std::string staff_lock_message(const StaffLockState& s) {
  if (s.disabled) return "Màn hình quản trị đang tắt. " + s.disabled_reason;
  if (s.locked_out) {
    return "Đã nhập sai mã PIN nhiều lần. Thử lại sau " + std::to_string(s.seconds_left) + " giây.";
  }
  switch (s.last) {
    case PinCheck::wrong:
      return "Sai mã PIN. Còn " + std::to_string(s.tries_left) + " lần thử.";
    case PinCheck::malformed:
      return "Mã PIN gồm " + std::to_string(PinKeypad::min_digits) + " đến " + std::to_string(PinKeypad::max_digits) +
             " chữ số.";
    case PinCheck::locked_out:  // the lockout has ended since: say so plainly
    case PinCheck::none:
    case PinCheck::accepted:
    case PinCheck::disabled:
      break;
  }
  return "Nhập mã PIN quản trị rồi bấm OK.";
}

// ---- PinKeypad.

void PinKeypad::press(std::string& pin, std::string_view key) {
  if (key == clear_key) {
    pin.clear();
  } else if (key == back_key) {
    if (!pin.empty()) pin.pop_back();
  } else if (key.size() == 1 && key[0] >= '0' && key[0] <= '9' && pin.size() < max_digits) {
    pin.push_back(key[0]);
  }
}

bool PinKeypad::can_submit(std::string_view pin) { return is_valid_pin(pin); }

// ---- CornerHold.

bool CornerHold::fire_if_due(std::int64_t now_ms) {
  if (!armed_ || now_ms - since_ms_ < opt_.hold_ms) return false;
  armed_ = false;  // once per hold: the finger must lift and press again to fire again
  return true;
}

bool CornerHold::update(float x, float y, bool down, std::int64_t now_ms) {
  const bool pressed_now = down && !down_;
  down_ = down;
  if (!down) {
    armed_ = false;  // released: cancelled (or already fired)
    return false;
  }
  if (pressed_now) {
    armed_ = x >= 0 && y >= 0 && x < opt_.corner_px && y < opt_.corner_px;
    x0_ = x;
    y0_ = y;
    since_ms_ = now_ms;
    return false;
  }
  if (!armed_) return false;
  if (std::hypot(x - x0_, y - y0_) >= opt_.max_move_px) {
    armed_ = false;  // a drag, not a hold
    return false;
  }
  return fire_if_due(now_ms);
}

bool CornerHold::tick(std::int64_t now_ms) { return fire_if_due(now_ms); }

std::int64_t CornerHold::ms_until_trigger(std::int64_t now_ms) const {
  if (!armed_) return -1;
  return std::max<std::int64_t>(0, since_ms_ + opt_.hold_ms - now_ms);
}

}  // namespace tramtin

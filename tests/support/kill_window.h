// Where a simulated power cut lands: a delay drawn uniformly from [0, span], where span starts at a
// little more than an uninterrupted run took when the test calibrated it, and then follows the
// machine. A trial whose work finished before the kill says the machine is now faster than the
// calibration (the load dropped, caches are warm): the span shrinks. A kill that landed lets it
// grow a little. The two steps balance when about three kills in four land, so every run cuts the
// work at all its stages and still lets some trials finish, however busy the machine is.
#pragma once

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <random>

namespace tramtin::test {

class KillWindow {
 public:
  explicit KillWindow(double calibrated_ms, double first_span = 1.25)
      : span_ms_(std::max(1.0, calibrated_ms * first_span)), max_ms_(std::max(4.0, calibrated_ms * 4)) {}

  template <class Rng>
  std::chrono::microseconds next(Rng& rng) const {
    std::uniform_real_distribution<double> when(0.0, span_ms_);
    return std::chrono::microseconds(static_cast<std::int64_t>(when(rng) * 1000));
  }
  // After each trial: did the kill find the work still running?
  void record(bool killed) { span_ms_ = std::clamp(span_ms_ * (killed ? 1.05 : 0.85), 1.0, max_ms_); }
  double span_ms() const { return span_ms_; }

 private:
  double span_ms_, max_ms_;
};

}  // namespace tramtin::test

// Crash-loop detection and the PIN lock that survives a restart. Layer: tests (kiosk core).
#include <doctest/doctest.h>

#include "kiosk/core/crash_loop.h"
#include "kiosk/core/staff_lock.h"

using namespace tramtin;

TEST_CASE("crash loop: more than five restarts in ten minutes, and not fewer or slower") {
  StartHistory h;
  bool loop = false;
  for (int i = 0; i < 6; ++i) loop = h.record(1000 + i * 60);  // 6 starts = 5 restarts
  CHECK_FALSE(loop);
  CHECK(h.record(1000 + 6 * 60));                             // the 6th restart
  StartHistory slow;
  for (int i = 0; i < 12; ++i) loop = slow.record(5000 + i * 200);  // one every 200 s: at most 3 in a window
  CHECK_FALSE(loop);
}

TEST_CASE("crash loop: the history round-trips through its file and skips junk") {
  StartHistory h = StartHistory::parse("100\nnot a number\n300\n\n200\n");
  REQUIRE(h.starts.size() == 3);
  CHECK(h.starts.front() == 100);
  CHECK(StartHistory::parse(h.text()).starts == h.starts);
  for (int i = 0; i < 40; ++i) h.record(1000 + i);
  CHECK(h.starts.size() == 20);  // bounded
}

TEST_CASE("staff lock: failures and the lockout survive a restart") {
  auto verify = [](std::string_view, std::string_view pin) { return pin == "2468"; };
  StaffLock a("hash", verify);
  for (int i = 0; i < 3; ++i) a.submit("1111", 1000);
  REQUIRE(a.locked_out(1000));
  const std::string saved = StaffLock::to_text(a.persisted());

  StaffLock b("hash", verify);  // the kiosk after a power cut, 10 s later
  StaffLock::Persisted p;
  REQUIRE(StaffLock::from_text(saved, &p));
  b.restore(p);
  CHECK(b.locked_out(1010));
  CHECK(b.submit("2468", 1010) == PinCheck::locked_out);  // even the right PIN waits
  CHECK_FALSE(b.locked_out(1061));
  CHECK(b.submit("2468", 1061) == PinCheck::accepted);
  CHECK_FALSE(StaffLock::from_text("garbage", &p));
}

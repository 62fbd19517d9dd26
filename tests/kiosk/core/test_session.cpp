// Session routes own their scroll; the idle clock moves only on input. Layer: tests (kiosk core).
#include <doctest/doctest.h>

#include "kiosk/core/content_state.h"
#include "kiosk/core/idle_clock.h"
#include "kiosk/core/session.h"

using namespace tramtin;

TEST_CASE("session: a newly opened route starts at the top and Back returns to where the list was") {
  Session s;
  apply_intent(s, make_intent(Intent::Type::open, Route{ScreenId::procedure_list, "cu-tru"}));
  s.current().scroll_y = 640;
  Route item{ScreenId::procedure, "tach-ho"};
  item.scroll_y = 999;  // whatever the emitter carried, an opened route starts at the top
  apply_intent(s, make_intent(Intent::Type::open, item));
  CHECK(s.current().screen == ScreenId::procedure);
  CHECK(s.current().scroll_y == 0);
  s.current().scroll_y = 300;
  apply_intent(s, make_intent(Intent::Type::back));
  CHECK(s.current().screen == ScreenId::procedure_list);
  CHECK(s.current().scroll_y == 640);
  apply_intent(s, make_intent(Intent::Type::open, Route{ScreenId::procedure, "tach-ho"}));
  CHECK(s.current().scroll_y == 0);  // the same item opened again starts at the top again
}

TEST_CASE("session: a section jump is an intent kept on the route until the app resolves it") {
  Session s;
  apply_intent(s, make_intent(Intent::Type::open, Route{ScreenId::procedure, "tach-ho"}));
  apply_intent(s, make_intent(Intent::Type::jump_to_section, "steps"));
  CHECK(s.current().jump_to == "steps");
  apply_intent(s, make_intent(Intent::Type::back));
  CHECK(s.current().jump_to.empty());
}

TEST_CASE("session: replacing a route and going home reset the scroll; idle reset forgets it") {
  Session s;
  apply_intent(s, make_intent(Intent::Type::open, Route{ScreenId::products, ""}));
  s.current().scroll_y = 500;
  apply_intent(s, make_intent(Intent::Type::replace, Route{ScreenId::products, "2"}));
  CHECK(s.current().scroll_y == 0);
  s.current().scroll_y = 500;
  reset_session(s, SessionDefaults{});
  CHECK(s.stack.size() == 1);
  CHECK(s.current().scroll_y == 0);
}

TEST_CASE("idle clock: reset after the timeout, then the slideshow, each once") {
  IdleClock c(90, 180, 0);
  CHECK(c.poll(100) == IdleClock::Due::nothing);  // nobody touched anything since start
  CHECK(c.poll(180) == IdleClock::Due::attract);
  CHECK(c.attract_showing());
  CHECK(c.poll(500) == IdleClock::Due::nothing);
  CHECK(c.input(600));  // the touch that wakes the slideshow
  CHECK_FALSE(c.attract_showing());
  CHECK(c.poll(689) == IdleClock::Due::nothing);
  CHECK(c.seconds_until_due(689) == doctest::Approx(1.0));
  CHECK(c.poll(690) == IdleClock::Due::reset);
  CHECK(c.poll(700) == IdleClock::Due::nothing);
  CHECK(c.seconds_until_due(700) == doctest::Approx(80.0));
  CHECK(c.poll(780) == IdleClock::Due::attract);
}

TEST_CASE("idle clock: only input moves it; polling often changes nothing") {
  IdleClock c(90, 180, 0);
  c.input(10);
  for (double t = 10; t < 100; t += 0.5) c.poll(t);  // a worker waking the loop twice a second
  CHECK(c.poll(100) == IdleClock::Due::reset);
  CHECK_FALSE(c.input(120));  // not showing the slideshow: nothing to wake
}

TEST_CASE("clock: the screens use the feed's time while the kiosk's clock is behind, and stop once it is set") {
  const tramtin::UnixTime booted_1970 = 600;               // ten minutes after the epoch: no RTC battery
  const std::int64_t behind = 1'764'000'000 - booted_1970;  // what the feed's Date header said
  CHECK(tramtin::corrected_clock(booted_1970 + 60, behind, booted_1970) == 1'764'000'060);
  CHECK(tramtin::corrected_clock(1'764'000'100, behind, booted_1970) == 1'764'000'100);  // NTP set it
  CHECK(tramtin::corrected_clock(5000, 0, 0) == 5000);                                     // nothing learnt
  CHECK(tramtin::corrected_clock(5000, -30, 4000) == 5000);  // a clock ahead is the sync's problem, not the screen's
}

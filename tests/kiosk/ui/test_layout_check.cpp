// The layout check's rules on hand-made frames (the all-screens test runs them on the real kiosk).
#include <doctest/doctest.h>

#include "kiosk/ui/layout_check.h"
#include "kiosk/ui/ui.h"

using namespace tramtin;

namespace {

LayoutText text(const char* s, ImVec2 min, ImVec2 max, const char* layer = "root") {
  LayoutText t;
  t.text = s;
  t.min = min;
  t.max = max;
  t.clip = ImVec4(0, 0, 1000, 800);
  t.layer = layer;
  t.line_h = 30;
  return t;
}

bool has(const std::vector<std::string>& v, const std::string& start) {
  for (const auto& s : v)
    if (s.rfind(start, 0) == 0) return true;
  return false;
}

}  // namespace

TEST_CASE("layout check: a clean frame has no findings") {
  LayoutLog log;
  LayoutText a = text("Trang chủ", ImVec2(10, 10), ImVec2(200, 40));
  a.box_min = ImVec2(0, 0), a.box_max = ImVec2(300, 60);
  log.texts = {a, text("Quay lại", ImVec2(320, 10), ImVec2(500, 40))};
  CHECK(check_layout(log, {}, ImVec2(1000, 800)).empty());
}

TEST_CASE("layout check: text wider or taller than its box, cut, on top of another, off the screen") {
  const ImVec2 display(1000, 800);
  LayoutLog log;
  LayoutText wide = text("thường xuyên", ImVec2(10, 10), ImVec2(260, 40));
  wide.box_min = ImVec2(0, 0), wide.box_max = ImVec2(200, 60);
  LayoutText tall = text("Góp ý", ImVec2(310, 10), ImVec2(390, 70));
  tall.box_min = ImVec2(300, 0), tall.box_max = ImVec2(400, 60);
  LayoutText cut = text("Nguyễn Văn A", ImVec2(900, 100), ImVec2(1100, 130));
  LayoutText a = text("một", ImVec2(10, 200), ImVec2(100, 230)), b = text("hai", ImVec2(50, 210), ImVec2(150, 240));
  LayoutText off = text("cấp 50", ImVec2(1200, 300), ImVec2(1300, 330));
  log.texts = {wide, tall, cut, a, b, off};
  HitTarget row{"item:x", "x", ImVec2(0, 400), ImVec2(1400, 500)};
  const auto f = check_layout(log, {row}, display);
  CHECK(has(f, "wider than its box: \"thường xuyên\""));
  CHECK(has(f, "taller than its box: \"Góp ý\""));
  CHECK(has(f, "cut at the side: \"Nguyễn Văn A\""));
  CHECK(has(f, "overlap: \"một\" and \"hai\""));
  CHECK(has(f, "off the screen: \"cấp 50\""));
  CHECK(has(f, "target off the screen: item:x"));
}

TEST_CASE("layout check: a row cut by the content's bottom edge must lie under the fade") {
  LayoutLog log;
  log.content_seen = true;
  log.content_min = ImVec2(0, 100);
  log.content_max = ImVec2(1000, 700);
  log.fade_bottom = 60;
  LayoutText row = text("Đăng ký khai tử", ImVec2(20, 660), ImVec2(400, 720), "root/content2");
  row.in_content = true;
  row.clip = ImVec4(0, 100, 1000, 700);
  log.texts = {row};
  CHECK(check_layout(log, {}, ImVec2(1000, 800)).empty());  // starts 40 px above the edge: under the fade
  log.texts[0].min.y = 600, log.texts[0].max.y = 720;          // four lines; the one on the edge starts at 690
  CHECK(check_layout(log, {}, ImVec2(1000, 800)).empty());
  log.texts[0].min.y = 615, log.texts[0].line_h = 105;         // one tall line from 615: most of it shows, cut
  CHECK(has(check_layout(log, {}, ImVec2(1000, 800)), "half cut at the bottom"));
  log.chrome = true;
  CHECK(has(check_layout(log, {}, ImVec2(1000, 800)), "no room for the date and time"));
}

TEST_CASE("layout check: what must be on the first screen") {
  LayoutLog log;
  log.content_seen = true;
  log.content_min = ImVec2(0, 100);
  log.content_max = ImVec2(1000, 700);
  log.first_screen.push_back({"the shop's QR code", ImVec2(10, 600), ImVec2(200, 790)});
  CHECK(has(check_layout(log, {}, ImVec2(1000, 800)), "below the first screen: the shop's QR code"));
  log.scroll_y = 300;  // scrolled: the rule is about the first screen only
  CHECK(check_layout(log, {}, ImVec2(1000, 800)).empty());
}

TEST_CASE("layout check: draw_text notes nothing unless a log records") {
  CHECK(layout_log() == nullptr);
}

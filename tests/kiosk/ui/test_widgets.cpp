// Tests for kiosk/ui/widgets: the one tap detector (item_tapped) behind every touch widget and the
// search screen's result rows, driven through a real Dear ImGui context. Layer: tests.
#include <doctest/doctest.h>

#include <imgui.h>

#include <functional>
#include <string>

#include "content/settings/config.h"
#include "kiosk/core/i18n.h"
#include "kiosk/core/session.h"
#include "kiosk/ui/fonts.h"
#include "kiosk/ui/ui.h"

using namespace tramtin;

namespace {

// A Dear ImGui context with the default font for every size, a 1920x1080 display, and one window
// in which each frame draws what the test asks for.
class TouchHarness {
 public:
  TouchHarness() {
    ctx_ = ImGui::CreateContext();
    ImGuiIO& io = ImGui::GetIO();
    io.IniFilename = nullptr;
    io.DisplaySize = ImVec2(1920, 1080);
    io.DeltaTime = 1.0f / 60.0f;
    ImFont* f = io.Fonts->AddFontDefault();
    unsigned char* px = nullptr;
    int w = 0, h = 0;
    io.Fonts->GetTexDataAsRGBA32(&px, &w, &h);
    fonts_.small = fonts_.body = fonts_.bold = fonts_.heading = fonts_.title = fonts_.icon_large = f;
  }
  ~TouchHarness() { ImGui::DestroyContext(ctx_); }
  TouchHarness(const TouchHarness&) = delete;
  TouchHarness& operator=(const TouchHarness&) = delete;

  // One frame with the pointer at (x, y), pressed or not; `draw` runs inside the window.
  void frame(float x, float y, bool down, const std::function<void(Ui&)>& draw) {
    ImGuiIO& io = ImGui::GetIO();
    io.MousePos = ImVec2(x, y);
    io.MouseDown[0] = down;
    ImGui::NewFrame();
    Ui ui;
    ui.config = &config_;
    ui.session = &session_;
    ui.strings = &strings_;
    ui.fonts = &fonts_;
    ui.theme = make_theme(false);
    ui.m = make_metrics(1920, 1080);
    ImGui::SetNextWindowPos(ImVec2(0, 0));
    ImGui::SetNextWindowSize(io.DisplaySize);
    ImGui::Begin("root", nullptr, ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoSavedSettings);
    draw(ui);
    ImGui::End();
    ImGui::Render();
  }

 private:
  ImGuiContext* ctx_ = nullptr;
  Config config_;
  Session session_;
  Strings strings_;
  FontSet fonts_;
};

struct Pointer {
  float x, y;
  bool down;
};

}  // namespace

TEST_CASE("widgets: one tap detector · a release over the item taps · a drag or a release elsewhere does not") {
  TouchHarness h;
  // Two buttons, 300×120 at (100,100) and (100,300); a search-style row (an InvisibleButton whose
  // height is known only after drawing) at (100,500).
  int taps_a = 0, taps_b = 0, taps_row = 0;
  auto draw = [&](Ui& ui) {
    ImGui::SetCursorScreenPos(ImVec2(100, 100));
    if (touch_button(ui, "a", nullptr, "A", ImVec2(300, 120))) ++taps_a;
    ImGui::SetCursorScreenPos(ImVec2(100, 300));
    if (touch_button(ui, "b", nullptr, "B", ImVec2(300, 120))) ++taps_b;
    ImGui::SetCursorScreenPos(ImVec2(100, 500));
    ImGui::InvisibleButton("row", ImVec2(300, 120));
    if (item_tapped()) ++taps_row;
  };
  auto play = [&](std::initializer_list<Pointer> steps) {
    for (const Pointer& p : steps) h.frame(p.x, p.y, p.down, draw);
  };

  // Press and release in place: one tap, on the frame of the release.
  play({{200, 150, false}, {200, 150, true}});
  CHECK(taps_a == 0);
  play({{200, 150, false}});
  CHECK(taps_a == 1);
  play({{200, 150, false}, {200, 150, false}});
  CHECK(taps_a == 1);  // once

  // A finger that wobbles a little (under the drag threshold) still taps.
  play({{200, 150, true}, {210, 158, true}, {210, 158, false}});
  CHECK(taps_a == 2);

  // A drag that comes back to where it started is a scroll: no tap.
  play({{200, 150, true}, {200, 250, true}, {200, 152, true}, {200, 152, false}});
  CHECK(taps_a == 2);

  // Pressed on A, released over B: neither (B was never pressed, A was not released over it).
  play({{200, 150, true}, {200, 350, true}, {200, 350, false}});
  CHECK(taps_a == 2);
  CHECK(taps_b == 0);
  // Then a plain tap on B.
  play({{200, 350, true}, {200, 350, false}});
  CHECK(taps_b == 1);

  // The InvisibleButton row follows the same rules through item_tapped().
  play({{200, 550, true}, {200, 550, false}});
  CHECK(taps_row == 1);
  play({{200, 550, true}, {200, 650, true}, {200, 550, true}, {200, 550, false}});
  CHECK(taps_row == 1);
  play({{200, 550, true}, {200, 700, true}, {200, 700, false}});  // slid off and released outside
  CHECK(taps_row == 1);
  CHECK(taps_a == 2);
  CHECK(taps_b == 1);
}

TEST_CASE("widgets: a pressed item looks pressed until the press becomes a drag") {
  TouchHarness h;
  bool held = false, tapped = false;
  auto draw = [&](Ui& ui) {
    ImGui::SetCursorScreenPos(ImVec2(100, 100));
    ImGui::InvisibleButton("row", ImVec2(300, 120));
    tapped = item_tapped();
    held = item_held();
    register_target(ui, "row", "row", ImVec2(100, 100), ImVec2(400, 220));
  };
  h.frame(200, 150, false, draw);
  CHECK_FALSE(held);
  h.frame(200, 150, true, draw);
  CHECK(held);
  h.frame(200, 190, true, draw);  // 40 px: a drag now
  CHECK_FALSE(held);
  h.frame(200, 190, false, draw);
  CHECK_FALSE(tapped);
}

// The kiosk's renderer (kiosk/platform/renderer.cpp) against Dear ImGui's own SDL renderer
// backend: the same draw data, drawn by both into a software renderer's target, must give the
// same pixels. The kiosk's renderer sends opaque fills down SDL's unblended path and cuts ImGui's
// triangle fans again (both only to be faster); nothing of that may show.
#include <doctest/doctest.h>

#include <SDL.h>
#include <imgui.h>
#include <imgui_impl_sdlrenderer.h>

#include <algorithm>
#include <cstdlib>
#include <functional>
#include <string>
#include <vector>

#include "kiosk/platform/renderer.h"

namespace tramtin {
namespace {

class SoftwareTarget {
 public:
  SoftwareTarget() {
    setenv("SDL_VIDEODRIVER", "dummy", 0);
    REQUIRE_MESSAGE(SDL_Init(SDL_INIT_VIDEO) == 0, SDL_GetError());
    window_ = SDL_CreateWindow("tramtin renderer test", 0, 0, kW, kH, SDL_WINDOW_HIDDEN);
    REQUIRE_MESSAGE(window_ != nullptr, SDL_GetError());
    renderer_ = SDL_CreateRenderer(window_, -1, SDL_RENDERER_SOFTWARE | SDL_RENDERER_TARGETTEXTURE);
    REQUIRE_MESSAGE(renderer_ != nullptr, SDL_GetError());
  }
  ~SoftwareTarget() {
    if (renderer_) SDL_DestroyRenderer(renderer_);
    if (window_) SDL_DestroyWindow(window_);
    SDL_Quit();
  }
  SoftwareTarget(const SoftwareTarget&) = delete;
  SoftwareTarget& operator=(const SoftwareTarget&) = delete;

  static constexpr int kW = 800, kH = 600;
  SDL_Renderer* get() const { return renderer_; }

  // RGBA bytes of what `draw` leaves on a light grey target.
  std::vector<unsigned char> capture(const std::function<void()>& draw) {
    SDL_Texture* target = SDL_CreateTexture(renderer_, SDL_PIXELFORMAT_RGBA32, SDL_TEXTUREACCESS_TARGET, kW, kH);
    REQUIRE_MESSAGE(target != nullptr, SDL_GetError());
    REQUIRE(SDL_SetRenderTarget(renderer_, target) == 0);
    SDL_SetRenderDrawColor(renderer_, 240, 240, 236, 255);
    SDL_RenderClear(renderer_);
    draw();
    std::vector<unsigned char> px(std::size_t(kW) * kH * 4);
    const int rc = SDL_RenderReadPixels(renderer_, nullptr, SDL_PIXELFORMAT_RGBA32, px.data(), kW * 4);
    SDL_SetRenderTarget(renderer_, nullptr);
    SDL_DestroyTexture(target);
    REQUIRE_MESSAGE(rc == 0, SDL_GetError());
    return px;
  }

 private:
  SDL_Window* window_ = nullptr;
  SDL_Renderer* renderer_ = nullptr;
};

// What a kiosk screen is made of: rounded panels and buttons (opaque and translucent), borders,
// circles, a two-colour gradient, text, a clipped panel, and panels cut by the screen's edge.
void draw_scene(ImDrawList* dl, ImFont* font) {
  const ImU32 blue = IM_COL32(16, 64, 140, 255), white = IM_COL32(255, 255, 255, 255),
              border = IM_COL32(200, 205, 215, 255), red = IM_COL32(180, 24, 24, 255),
              shade = IM_COL32(0, 0, 0, 90), gold = IM_COL32(250, 226, 140, 255);
  dl->AddRectFilled(ImVec2(0, 0), ImVec2(800, 60), blue);
  dl->AddRectFilled(ImVec2(0, 60), ImVec2(800, 100), red);
  for (int i = 0; i < 3; ++i) {
    const float x = 12.0f + float(i) * 262.0f;
    dl->AddRectFilled(ImVec2(x, 120), ImVec2(x + 250, 260), white, 12.0f);
    dl->AddRect(ImVec2(x, 120), ImVec2(x + 250, 260), border, 12.0f, 0, 2.0f);
    dl->AddCircleFilled(ImVec2(x + 125, 170), 30.0f, i == 1 ? red : blue);
    dl->AddText(font, 26.0f, ImVec2(x + 40, 215), IM_COL32(20, 20, 20, 255), "Thu tuc hanh chinh");
  }
  dl->AddRectFilled(ImVec2(12, 280), ImVec2(390, 420), gold, 28.0f);  // a highlighted button
  dl->AddRectFilled(ImVec2(40, 300), ImVec2(700, 400), shade, 20.0f);  // translucent over others
  dl->AddRectFilledMultiColor(ImVec2(420, 280), ImVec2(780, 420), blue, red, white, gold);
  dl->AddCircle(ImVec2(600, 500), 60.0f, blue, 0, 4.0f);
  dl->AddTriangleFilled(ImVec2(100, 450), ImVec2(300, 590), ImVec2(40, 580), red);
  dl->PushClipRect(ImVec2(320, 440), ImVec2(480, 560), true);
  dl->AddRectFilled(ImVec2(300, 430), ImVec2(520, 580), blue, 40.0f);
  dl->AddText(font, 40.0f, ImVec2(310, 470), white, "Nghe doc");
  dl->PopClipRect();
  dl->AddRectFilled(ImVec2(700, 520), ImVec2(900, 700), red, 30.0f);  // past the screen's edge
}

}  // namespace

TEST_CASE("renderer: the kiosk's renderer draws ImGui's draw data as ImGui's own SDL backend does") {
  SoftwareTarget sdl;
  IMGUI_CHECKVERSION();
  ImGuiContext* ctx = ImGui::CreateContext();
  ImGuiIO& io = ImGui::GetIO();
  io.IniFilename = nullptr;
  io.DisplaySize = ImVec2(float(SoftwareTarget::kW), float(SoftwareTarget::kH));
  io.DeltaTime = 1.0f / 60.0f;
  ImFont* font = io.Fonts->AddFontDefault();
  REQUIRE(ImGui_ImplSDLRenderer_Init(sdl.get()));
  ImGui_ImplSDLRenderer_NewFrame();  // makes the font texture both renderers draw glyphs from
  ImGui::NewFrame();
  draw_scene(ImGui::GetBackgroundDrawList(), font);
  ImGui::Render();
  ImDrawData* dd = ImGui::GetDrawData();
  int fans = 0;  // the scene must hold what the kiosk's renderer treats differently
  for (int n = 0; n < dd->CmdListsCount; ++n)
    for (int i = 0; i + 5 < dd->CmdLists[n]->IdxBuffer.Size; i += 3) {
      const ImDrawIdx* t = dd->CmdLists[n]->IdxBuffer.Data + i;
      if (t[0] == t[3] && t[2] == t[4]) ++fans;
    }
  CHECK(fans > 20);

  const auto theirs = sdl.capture([&] { ImGui_ImplSDLRenderer_RenderDrawData(dd); });
  const auto plain = sdl.capture([&] { render_draw_data(sdl.get(), dd, RenderPath::plain); });
  const auto fast = sdl.capture([&] { render_draw_data(sdl.get(), dd, RenderPath::fast); });
  ImGui_ImplSDLRenderer_Shutdown();
  ImGui::DestroyContext(ctx);

  struct Diff {
    int pixels = 0, most = 0;
    std::string first;
  };
  auto compare = [](const std::vector<unsigned char>& a, const std::vector<unsigned char>& b) {
    Diff d;
    REQUIRE(a.size() == b.size());
    for (std::size_t p = 0; p < a.size(); p += 4) {
      int m = 0;
      for (int c = 0; c < 4; ++c) m = std::max(m, std::abs(int(a[p + c]) - int(b[p + c])));
      if (m == 0) continue;
      if (d.first.empty())
        d.first = "first at (" + std::to_string(p / 4 % SoftwareTarget::kW) + ", " + std::to_string(p / 4 / SoftwareTarget::kW) + ")";
      ++d.pixels;
      d.most = std::max(d.most, m);
    }
    return d;
  };
  int drawn = 0;
  for (std::size_t p = 0; p < fast.size(); p += 4)
    if (fast[p] != 240 || fast[p + 1] != 240 || fast[p + 2] != 236) ++drawn;
  CHECK(drawn > SoftwareTarget::kW * SoftwareTarget::kH / 2);  // the scene covers most of the target

  // The fast path changes no pixel of the plain one.
  const Diff fast_plain = compare(fast, plain);
  INFO("fast against plain: " << fast_plain.pixels << " pixels differ, by up to " << fast_plain.most << "; " << fast_plain.first);
  CHECK(fast_plain.pixels == 0);
  // Against ImGui's backend (which draws fills as textured triangles of the atlas's white pixel):
  // SDL's fill and texture paths round a blend differently (the translucent panel, the shapes'
  // anti-aliased edges), by a few levels at most.
  const Diff fast_backend = compare(fast, theirs);
  INFO("fast against ImGui's backend: " << fast_backend.pixels << " pixels differ, by up to " << fast_backend.most << "; "
                                        << fast_backend.first);
  CHECK(fast_backend.most <= 4);
  CHECK(fast_backend.pixels < drawn / 4);
}

}  // namespace tramtin

// The font atlas upload (see font_atlas.h). Layer: tramtin.
#include "kiosk/platform/font_atlas.h"

#include <imgui.h>
#include <imgui_impl_sdlrenderer.h>

#include <chrono>
#include <string>

#include "content/base/log.h"

namespace tramtin {

bool rebuild_font_atlas(const FontBuildInput& in, FontSet* fonts, std::string* error) {
  const auto t0 = std::chrono::steady_clock::now();
  ImGuiIO& io = ImGui::GetIO();
  ImGui_ImplSDLRenderer_DestroyFontsTexture();
  std::string err;
  const bool ok = build_fonts(in, fonts, &err);
  if (!ok) {
    log::error("fonts", err);
    *error = err;
    io.Fonts->Clear();
    io.Fonts->AddFontDefault();
    *fonts = FontSet{};
    ImFont* d = io.Fonts->Fonts[0];
    fonts->small = fonts->body = fonts->bold = fonts->heading = fonts->title = fonts->icon_large = d;
  }
  ImGui_ImplSDLRenderer_CreateFontsTexture();
  io.Fonts->ClearTexData();    // the texture holds the pixels now
  io.Fonts->ClearInputData();  // and ImGui's copies of the font files are not needed
  const auto ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count();
  log::debug("fonts", "atlas built: " + std::to_string(fonts->glyph_count) + " glyphs, " +
                          std::to_string(io.Fonts->TexWidth) + "x" + std::to_string(io.Fonts->TexHeight) +
                          ", scale " + std::to_string(in.scale) + ", " + std::to_string(int(ms)) + " ms");
  return ok;
}

}  // namespace tramtin

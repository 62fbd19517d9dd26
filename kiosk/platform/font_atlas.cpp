// The font atlas: build, swap and upload (see font_atlas.h). Layer: tramtin.
#include "kiosk/platform/font_atlas.h"

#include <imgui.h>
#include <imgui_impl_sdlrenderer.h>

#include <chrono>
#include <cstdio>
#include <string>

#include "content/base/log.h"

namespace tramtin {

FontAtlas::~FontAtlas() { wait(); }

void FontAtlas::wait() const {
  if (job_.valid()) job_.wait();
}

bool FontAtlas::build_now(const FontBuildInput& in, std::string* error) {
  wait();
  if (job_.valid()) job_.get();  // superseded by this one
  return install(build_font_atlas(in), error);
}

void FontAtlas::build_later(FontBuildInput in, std::function<void()> done) {
  wait();
  if (job_.valid()) job_.get();
  job_ = std::async(std::launch::async, [in = std::move(in), done = std::move(done)] {
    BuiltAtlas b = build_font_atlas(in);
    if (done) done();
    return b;
  });
}

bool FontAtlas::install_finished(std::string* error) {
  if (!job_.valid() || job_.wait_for(std::chrono::seconds(0)) != std::future_status::ready) return false;
  BuiltAtlas b = job_.get();
  if (!b.ok()) {  // a font file went away since start: keep drawing with the atlas we have
    log::error("fonts", "background atlas build failed, keeping the current one: " + b.error);
    return false;
  }
  install(std::move(b), error);
  return true;
}

void FontAtlas::fall_back_to_default() {
  ImGuiIO& io = ImGui::GetIO();
  io.Fonts->Clear();
  io.Fonts->AddFontDefault();
  fonts_ = FontSet{};
  ImFont* d = io.Fonts->Fonts[0];
  fonts_.small = fonts_.body = fonts_.bold = fonts_.heading = fonts_.title = fonts_.icon_large = d;
  io.Fonts->Build();
}

// Between frames: the old texture goes, the new atlas takes ImGui's place (ImGui reads the
// current atlas through io.Fonts and picks up its fonts at the next NewFrame), its pixels go to
// the renderer and then out of ImGui's memory.
bool FontAtlas::install(BuiltAtlas built, std::string* error) {
  ImGuiIO& io = ImGui::GetIO();
  ImGui_ImplSDLRenderer_DestroyFontsTexture();
  const bool ok = built.ok();
  if (ok) {
    ImFontAtlas* old = io.Fonts;
    io.Fonts = built.take();  // the context deletes the one it holds at shutdown
    IM_DELETE(old);
    fonts_ = built.fonts;
    lacking_ = built.lacking;
  } else {
    log::error("fonts", built.error);
    *error = built.error;
    fall_back_to_default();
    lacking_.clear();
  }
  ImGui_ImplSDLRenderer_CreateFontsTexture();
  io.Fonts->ClearTexData();  // the texture holds the pixels now
  io.FontDefault = fonts_.body;
  fallback_uv_ = fallback_glyph_uvs(*io.Fonts);
  if (!lacking_.empty()) {
    std::string list;
    for (std::size_t i = 0; i < lacking_.size() && i < 16; ++i) {
      char buf[16];
      std::snprintf(buf, sizeof buf, " U+%04X", unsigned(lacking_[i]));
      list += buf;
    }
    if (lacking_.size() > 16) list += " and " + std::to_string(lacking_.size() - 16) + " more";
    log::warn("fonts", "no font has" + list + " (shown as \xEF\xBF\xBD)");
  }
  log::debug("fonts", "atlas: " + std::to_string(fonts_.glyph_count) + " glyphs, " + std::to_string(built.width) +
                          "x" + std::to_string(built.height) + ", scale " + std::to_string(built.scale) + ", built in " +
                          std::to_string(int(built.build_ms)) + " ms");
  return ok;
}

int FontAtlas::count_missing_drawn(const ImDrawData* dd) const { return count_fallback_glyphs(dd, fallback_uv_); }

}  // namespace tramtin

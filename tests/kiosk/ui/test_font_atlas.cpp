// The font atlas builder: only the glyphs asked for (plus every Vietnamese letter in the sizes that
// show typed text), built without an ImGui context (so on a worker), rasterised at the size it is
// drawn at (crisp at the largest text size), the characters no font has listed, and the counter
// that finds glyphs drawn as the missing-glyph box. Layer: tests (ImGui, no SDL).
#include <doctest/doctest.h>

#include <imgui.h>

#include <thread>

#include "kiosk/ui/fonts.h"

using namespace tramtin;

namespace {

const std::string kManifest = std::string(TRAMTIN_SOURCE_DIR) + "/fonts/fonts.toml";

FontBuildInput input(std::vector<std::string> texts, float scale = 1.0f) {
  FontBuildInput in;
  in.manifest_path = kManifest;
  in.scale = scale;
  in.texts = std::move(texts);
  in.bold_only_texts = {"中文"};
  return in;
}

bool has(const ImFont* f, char32_t c) { return f && f->FindGlyphNoFallback(static_cast<ImWchar>(c)) != nullptr; }

// Draws `text` with the body font of `built` in a frame of a fresh context and counts the glyphs
// drawn as U+FFFD.
int missing_when_drawn(BuiltAtlas& built, const char* text) {
  const FontSet fonts = built.fonts;
  ImGuiContext* ctx = ImGui::CreateContext(built.atlas());
  ImGuiIO& io = ImGui::GetIO();
  io.DisplaySize = ImVec2(800, 600);
  io.IniFilename = nullptr;
  ImGui::NewFrame();
  ImGui::GetForegroundDrawList()->AddText(fonts.body, fonts.body->FontSize, ImVec2(10, 10), 0xFFFFFFFF, text);
  ImGui::Render();
  const int n = count_fallback_glyphs(ImGui::GetDrawData(), fallback_glyph_uvs(*built.atlas()));
  ImGui::DestroyContext(ctx);
  return n;
}

}  // namespace

TEST_CASE("font atlas: only what is asked, every Vietnamese letter where typed text shows") {
  BuiltAtlas b = build_font_atlas(input({"Đăng ký khai sinh", "ꪹꪭꪙ"}));
  REQUIRE_MESSAGE(b.ok(), b.error);
  CHECK(b.lacking.empty());
  CHECK(has(b.fonts.title, U'Đ'));
  CHECK(has(b.fonts.title, 0xAAB9));     // ꪹ, from the Tai Viet font
  CHECK_FALSE(has(b.fonts.title, U'ỹ'));  // not used: not in the big sizes
  CHECK(has(b.fonts.bold, U'ỹ'));         // typed text shows in bold: every Vietnamese letter
  CHECK(has(b.fonts.small, U'ỹ'));
  CHECK(has(b.fonts.bold, U'中'));        // a language name, bold only
  CHECK_FALSE(has(b.fonts.body, U'中'));
  CHECK(b.fonts.glyph_count > 0);
  // Ready to upload, with ImGui's copies of the font files gone.
  CHECK(b.atlas()->TexPixelsAlpha8 != nullptr);  // the 8-bit coverage only: a quarter of RGBA
  CHECK(b.atlas()->TexPixelsRGBA32 == nullptr);
  CHECK(b.atlas()->ConfigData.empty());
}

TEST_CASE("font atlas: built on another thread, used on this one") {
  BuiltAtlas b;
  std::thread t([&] { b = build_font_atlas(input({"Thủ tục 办理手续"})); });
  t.join();
  REQUIRE_MESSAGE(b.ok(), b.error);
  CHECK(has(b.fonts.heading, U'办'));
  CHECK(missing_when_drawn(b, "Thủ tục 办理") == 0);
}

TEST_CASE("font atlas: a character not asked for, or in no font, is drawn as the box and counted") {
  BuiltAtlas b = build_font_atlas(input({"abc \xF0\x9F\x98\x80", "\xEA\x99\xAE"}));  // 😀 ꙮ
  REQUIRE_MESSAGE(b.ok(), b.error);
  REQUIRE(b.lacking.size() == 2);
  CHECK(b.lacking[0] == 0xA66E);
  CHECK(b.lacking[1] == 0x1F600);
  CHECK(missing_when_drawn(b, "abc") == 0);
  CHECK(missing_when_drawn(b, "abc 水 水") == 2);            // never asked for
  CHECK(missing_when_drawn(b, "\xF0\x9F\x98\x80") == 1);     // no font has it
}

TEST_CASE("font atlas: the largest text size is rasterised at its size, not scaled up") {
  BuiltAtlas a = build_font_atlas(input({"Đăng ký"}, 1.0f));
  BuiltAtlas big = build_font_atlas(input({"Đăng ký"}, 1.8f));
  REQUIRE(a.ok());
  REQUIRE(big.ok());
  CHECK(big.fonts.body->FontSize == doctest::Approx(32 * 1.8f));
  CHECK(big.fonts.title->FontSize == doctest::Approx(56 * 1.8f));
  CHECK(big.fonts.body->Scale == 1.0f);
  const ImFontGlyph* g1 = a.fonts.title->FindGlyphNoFallback(U'Đ');
  const ImFontGlyph* g2 = big.fonts.title->FindGlyphNoFallback(U'Đ');
  REQUIRE(g1);
  REQUIRE(g2);
  // The glyph's bitmap is 1.8 times as tall (within a pixel): drawn 1:1, so as sharp as at A.
  const float h1 = (g1->V1 - g1->V0) * float(a.height), h2 = (g2->V1 - g2->V0) * float(big.height);
  CHECK(h2 == doctest::Approx(h1 * 1.8f).epsilon(0.08));
  CHECK(g2->Y1 - g2->Y0 == doctest::Approx(h2).epsilon(0.02));
}

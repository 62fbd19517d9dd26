// The font atlas builder: only the glyphs asked for (plus every Vietnamese letter in the sizes that
// show typed text), built without an ImGui context (so on a worker), rasterised at the size it is
// drawn at (crisp at the largest text size), the characters no font has listed, and the counter
// that finds glyphs drawn as the missing-glyph box. Layer: tests (ImGui, no SDL).
#include <doctest/doctest.h>

#include <imgui.h>

#include <algorithm>
#include <cfloat>
#include <cmath>
#include <thread>

#include "content/base/text.h"

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

std::vector<char32_t> distinct_chars_for_test(const std::string& text) {
  std::vector<char32_t> out;
  for (std::size_t i = 0; i < text.size();) out.push_back(next_codepoint(text.c_str(), i));
  std::sort(out.begin(), out.end());
  out.erase(std::unique(out.begin(), out.end()), out.end());
  return out;
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

namespace {

const ImFont* size_of(const FontSet& f, int k) {
  const ImFont* sizes[kLayoutSizes] = {f.small, f.body, f.bold, f.heading, f.title, f.icon_large};
  return sizes[k];
}

// Draws `text` with every size of `fonts` in a fresh context on `atlas`; hands the draw data to `look`.
template <typename Look>
void draw_every_size(ImFontAtlas* atlas, const FontSet& fonts, const char* text, Look look) {
  ImGuiContext* ctx = ImGui::CreateContext(atlas);
  ImGuiIO& io = ImGui::GetIO();
  io.DisplaySize = ImVec2(800, 600);
  io.IniFilename = nullptr;
  ImGui::NewFrame();
  for (int k = 0; k < kLayoutSizes; ++k) {
    const ImFont* f = size_of(fonts, k);
    ImGui::GetForegroundDrawList()->AddText(f, f->FontSize, ImVec2(10, 10 + 90.0f * float(k)), 0xFFFFFFFF, text);
  }
  ImGui::Render();
  look(ImGui::GetDrawData());
  ImGui::DestroyContext(ctx);
}

}  // namespace

TEST_CASE("layout fonts: the advances and line heights of the real atlas, at every size, and what each size drew") {
  // Latin, Vietnamese, Tai Viet, Chinese, a merged icon, an odd scale (A+ at a 1366-wide screen).
  const std::string text = std::string("Đăng ký khai sinh ꪹꪭꪙ 办理手续 Wg…?") + icon::volume;
  for (float scale : {1.0f, 0.711f * 1.3f, 1.8f}) {
    CAPTURE(scale);
    BuiltAtlas real = build_font_atlas(input({text}, scale));
    REQUIRE_MESSAGE(real.ok(), real.error);
    auto layout = build_layout_fonts(input({text}, scale), distinct_chars_for_test(text));
    REQUIRE_MESSAGE(layout->error.empty(), layout->error);
    for (int k = 0; k < kLayoutSizes; ++k) {
      CAPTURE(k);
      const ImFont* r = size_of(real.fonts, k);
      const ImFont* l = size_of(layout->fonts, k);
      CHECK(l->FontSize == r->FontSize);
      int compared = 0;
      for (const ImFontGlyph& g : r->Glyphs) {
        const ImFontGlyph* lg = l->FindGlyphNoFallback(static_cast<ImWchar>(g.Codepoint));
        if (!lg) continue;  // the real atlas's preload (every Vietnamese letter): not asked of the layout
        CAPTURE(unsigned(g.Codepoint));
        CHECK(lg->AdvanceX == g.AdvanceX);
        ++compared;
      }
      CHECK(compared >= (k == kLayoutSizes - 1 ? 40 : 30));
      // Whole strings measure the same (what wrapping and centring see).
      CHECK(l->CalcTextSizeA(l->FontSize, FLT_MAX, 0, text.c_str()).x == r->CalcTextSizeA(r->FontSize, FLT_MAX, 0, text.c_str()).x);
    }
  }
  // Drawn with the layout fonts, the draw data names each size's characters.
  auto layout = build_layout_fonts(input({"水 ꪹ"}), distinct_chars_for_test("水 ꪹ"));
  draw_every_size(layout->atlas(), layout->fonts, "a水", [](const ImDrawData* dd) {
    const auto drawn = drawn_chars(dd);
    REQUIRE(drawn.size() == std::size_t(kLayoutSizes));
    for (int k = 0; k < kLayoutSizes - 1; ++k) CHECK(drawn[std::size_t(k)] == std::vector<char32_t>{U'a', U'水'});
    // The icon size has no letters: what it drew instead is no letter either.
    for (char32_t c : drawn[std::size_t(kLayoutSizes - 1)]) CHECK((c != U'a' && c != U'水'));
  });
}

TEST_CASE("font atlas: a first screen's atlas holds exactly what each size drew, and draws it as the full atlas does") {
  FontBuildInput in = input({"Đăng ký khai sinh 办理手续"});
  in.exact_sizes.assign(kLayoutSizes, {});
  in.exact_sizes[1] = {U'Đ', U'ă', U'n', U'g', U'办'};
  in.exact_sizes[4] = {U'理'};
  BuiltAtlas first = build_font_atlas(in);
  REQUIRE_MESSAGE(first.ok(), first.error);
  CHECK(has(first.fonts.body, U'办'));
  CHECK_FALSE(has(first.fonts.title, U'办'));
  CHECK(has(first.fonts.title, U'理'));
  CHECK(has(first.fonts.title, U'7'));   // the clock's digits, at every size
  CHECK_FALSE(has(first.fonts.body, U'k'));  // not drawn, not held
  CHECK_FALSE(has(first.fonts.bold, U'ỹ'));  // no preload
  CHECK(has(first.fonts.icon_large, 0xF028));
  CHECK(has(first.fonts.body, 0xF028));      // icons merged into the text sizes, whole
  BuiltAtlas full = build_font_atlas(input({"Đăng ký khai sinh 办理手续"}));
  REQUIRE(full.ok());
  CHECK(first.fonts.glyph_count * 3 < full.fonts.glyph_count);  // no preload, no unused size
  // The same glyph, the same box and the same pixels, wherever each atlas packed it.
  for (char32_t c : {U'Đ', U'办'}) {
    const ImFontGlyph* a = first.fonts.body->FindGlyphNoFallback(ImWchar(c));
    const ImFontGlyph* b = full.fonts.body->FindGlyphNoFallback(ImWchar(c));
    REQUIRE(a);
    REQUIRE(b);
    CHECK(a->AdvanceX == b->AdvanceX);
    CHECK(a->X0 == b->X0);
    CHECK(a->Y1 == b->Y1);
    const int w = int(std::lround((a->U1 - a->U0) * float(first.width))), h = int(std::lround((a->V1 - a->V0) * float(first.height)));
    REQUIRE(w == int(std::lround((b->U1 - b->U0) * float(full.width))));
    int differ = 0;
    for (int y = 0; y < h; ++y)
      for (int x = 0; x < w; ++x) {
        const int ax = int(std::lround(a->U0 * float(first.width))) + x, ay = int(std::lround(a->V0 * float(first.height))) + y;
        const int bx = int(std::lround(b->U0 * float(full.width))) + x, by = int(std::lround(b->V0 * float(full.height))) + y;
        differ += first.atlas()->TexPixelsAlpha8[ay * first.width + ax] != full.atlas()->TexPixelsAlpha8[by * full.width + bx];
      }
    CHECK(differ == 0);
  }
}

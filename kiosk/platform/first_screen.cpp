// A cold start's first screen: when the full atlas is not in the cache (the first start after an
// install, an upgrade or new fonts), rasterising it would hold the first frame for 100-150 ms (a
// Chinese atlas holds some 6 000 glyphs: every character of the content at five sizes). Instead:
//
//   1. A layout pass draws the first screen with layout fonts (kiosk/ui/fonts.h): the real
//      advances and line heights, no pixels, each glyph naming its character and its size. It runs
//      in an ImGui context of its own, so the kiosk's context sees one first frame, as always, and
//      what the pass asked for (its intents) is dropped.
//   2. An atlas of exactly what each size drew is rasterised (a few hundred glyphs) and shown.
//   3. The glyph scan and the full atlas are built on workers meanwhile and swapped in between
//      frames, as new content's atlas is. Before that, anything that may show other characters (a
//      touch, another screen, new content, another language or text size) waits for the full
//      atlas first, and a frame that drew a missing glyph anyway is followed at once by one with it.
//
// Layer: tramtin (part of App; see app_impl.h).
#include <imgui.h>

#include <chrono>
#include <string>
#include <vector>

#include "content/base/log.h"
#include "kiosk/core/glyph_cache.h"
#include "kiosk/platform/app_impl.h"

namespace tramtin {

bool App::Impl::first_screen_fonts() {
  if (opt.maintenance || !opt.preview_src.empty() || !opt.render_items_dir.empty() || !font_atlas.has_cache())
    return false;
  const FontBuildInput full = font_input();
  if (!content.glyphs_pending() && font_atlas.in_cache(full)) return false;  // warm: the whole atlas is read
  const auto t0 = std::chrono::steady_clock::now();
  content.refresh(session, wall());
  prepare_media();
  if (content.view().item) return false;  // a start opens a list screen; an item's text is not a list's

  // Every character the first screen may draw: the catalogues, the language names, the kiosk's
  // names, the content's characters when the scan is known, and the texts of the view's lists.
  std::vector<std::string> texts = full.texts;
  texts.insert(texts.end(), full.bold_only_texts.begin(), full.bold_only_texts.end());
  const std::vector<std::string> listed = view_texts(content.view());
  texts.insert(texts.end(), listed.begin(), listed.end());
  auto layout = build_layout_fonts(full, distinct_codepoints(texts));
  if (!layout->error.empty()) return false;  // the full build says why, with its exit status

  // The layout pass, in a context of its own on the layout fonts.
  ImGuiContext* kiosk_ctx = ImGui::GetCurrentContext();
  ImGuiContext* pass = ImGui::CreateContext(layout->atlas());
  ImGui::SetCurrentContext(pass);  // CreateContext keeps the current one current
  ImGuiIO& io = ImGui::GetIO();
  io.IniFilename = nullptr;
  io.LogFilename = nullptr;
  io.DisplaySize = ImVec2(float(window.width()), float(window.height()));
  io.DeltaTime = 1.0f / 60.0f;
  ImGui::NewFrame();
  Ui ui = make_ui(&layout->fonts);
  draw_ui(ui, io.DisplaySize.x, io.DisplaySize.y);
  ImGui::Render();
  std::vector<std::vector<char32_t>> drawn = drawn_chars(ImGui::GetDrawData());
  ImGui::DestroyContext(pass);
  ImGui::SetCurrentContext(kiosk_ctx);

  // What rotates in on its own before the full atlas is likely there (the urgent banner's next
  // notice, every few seconds) is held at every size too.
  std::vector<std::string> turns;
  for (const ItemRow& r : content.view().urgent) turns.push_back(r.title);
  const std::vector<char32_t> rotating = distinct_codepoints(turns);
  FontBuildInput first;
  first.manifest_path = full.manifest_path;
  first.scale = full.scale;
  first.exact_sizes = std::move(drawn);
  for (int k = 0; k + 1 < kLayoutSizes; ++k) {
    auto& size = first.exact_sizes[std::size_t(k)];
    size.insert(size.end(), rotating.begin(), rotating.end());
  }
  if (!font_atlas.build_first_screen(first, &fonts_error)) return false;
  fonts = font_atlas.fonts();
  fonts_built_for = full.scale;
  fonts_built_lang = session.language;
  first_screen_route = session.current();
  first_screen_view = content.view_serial();
  first_screen_touched = false;
  first_screen_missed = false;
  full_fonts_started = false;
  log::info("fonts", "first screen: " + std::to_string(fonts.glyph_count) + " glyphs in " +
                         std::to_string(int(std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count())) +
                         " ms (layout pass " + std::to_string(layout->fonts.glyph_count) +
                         " characters); the full atlas follows from a worker");
  follow_first_screen();
  return true;
}

// Between frames while the first screen's atlas is shown: start the full build once the content's
// characters are known, and wait for it when the next frame may need more than the first screen.
void App::Impl::follow_first_screen() {
  if (!font_atlas.first_screen()) return;
  if (content.take_glyph_texts() || (!content.glyphs_pending() && !full_fonts_started)) {
    full_fonts_started = true;
    font_atlas.build_later(font_input(), [w = &window] { w->push_wake(); });
  }
  if (fonts_behind_visitor()) {
    // ensure_fonts builds the visitor's choice now; it needs the content's characters first.
    content.wait_glyph_scan();
    content.take_glyph_texts();
    full_fonts_started = true;
    return;
  }
  const char* why = nullptr;
  if (first_screen_touched) why = "a touch";
  else if (!(session.current() == first_screen_route)) why = "another screen";
  else if (content.view_serial() != first_screen_view) why = "the content changed";
  else if (first_screen_missed) why = "a character the first screen lacked";
  else if (virtual_clock) why = "a scenario";  // on virtual time the build is as good as instant: the same frames every run
  if (!why) return;
  const auto t0 = std::chrono::steady_clock::now();
  content.wait_glyph_scan();
  const bool scanned = content.take_glyph_texts();
  // A build started before the scan ended lacks the content's characters: built again then.
  const bool ok = (!scanned && full_fonts_started && font_atlas.install_when_built(&fonts_error)) ||
                  font_atlas.build_now(font_input(), &fonts_error);
  full_fonts_started = true;
  fonts = font_atlas.fonts();
  log::info("fonts", std::string("the full atlas was waited for (") + why + "): " +
                         std::to_string(int(std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count())) +
                         " ms" + (ok ? "" : "; it failed, the first screen's atlas stays"));
}

}  // namespace tramtin

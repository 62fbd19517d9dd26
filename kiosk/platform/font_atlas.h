// The font atlas the frames draw with: built at start before the first frame, rebuilt on a
// worker when new content brings new characters (swapped in between frames), and uploaded to the
// renderer with ImGui's copies of the pixels and of the font files freed. It owns the atlas's
// texture: the 8-bit coverage is written straight into a streaming texture's pixels (white, with
// the coverage as alpha), with no RGBA copy in between. It also counts, after a frame, how many
// characters were drawn with the "missing glyph" (U+FFFD) because the atlas lacked them.
// Layer: tramtin (ImGui + SDL).
#pragma once

#include <atomic>
#include <functional>
#include <mutex>
#include <future>
#include <string>
#include <vector>

#include "kiosk/ui/fonts.h"

struct ImDrawData;
struct ImFontAtlas;
struct SDL_Renderer;
struct SDL_Texture;

namespace tramtin {

class FontAtlas {
 public:
  FontAtlas() = default;
  ~FontAtlas();
  FontAtlas(const FontAtlas&) = delete;
  FontAtlas& operator=(const FontAtlas&) = delete;

  // The renderer the atlas's texture is made with. Set before the first build.
  void set_renderer(SDL_Renderer* renderer) { renderer_ = renderer; }
  // The texture goes (before the renderer does).
  void release_texture();
  // Where built atlases are kept (kiosk/ui/font_cache.h); empty: none. Set before the first build.
  void set_cache_dir(std::string dir) { cache_dir_ = std::move(dir); }
  // Builds on this thread and installs (the first frame needs every letter; a visitor's change
  // of language or text size must not show a frame of missing or wrongly sized letters). On
  // failure logs why, sets *error, falls back to ImGui's built-in font and returns false.
  bool build_now(const FontBuildInput& in, std::string* error);
  // A first screen's atlas (FontBuildInput::exact_sizes): built on this thread and installed, not
  // kept in the cache (no other start shows that screen with those characters). first_screen()
  // then holds until another atlas is installed.
  bool build_first_screen(const FontBuildInput& in, std::string* error);
  bool first_screen() const { return first_screen_; }
  // Whether the atlas for `in` is in the cache (a warm start reads it instead of building).
  bool in_cache(const FontBuildInput& in) const;
  bool has_cache() const { return !cache_dir_.empty(); }
  // Waits for the build started by build_later and installs it. False when none was started or it
  // failed (the current atlas stays).
  bool install_when_built(std::string* error);
  // Starts a build on a worker thread; `done` runs there when it ends (wake the loop). A build
  // still running is waited for first: only the newest input matters.
  void build_later(FontBuildInput in, std::function<void()> done);
  bool building() const { return job_.valid(); }
  // Builds these atlases into the cache only (those not there yet), one after another on a thread
  // at low priority; a call while one runs is ignored. Stopped (after the atlas in hand) by the
  // destructor.
  void prewarm(std::vector<FontBuildInput> inputs);
  bool prewarming() const { return !wait_prewarm(0); }
  // Waits up to `timeout_s` for a prewarm to end; false if it still runs.
  bool wait_prewarm(double timeout_s) const;
  void wait() const;
  // Between frames: installs a finished background build. True when the fonts changed.
  bool install_finished(std::string* error);

  const FontSet& fonts() const { return fonts_; }
  // Whether the installed atlas was read from the atlas cache rather than rasterised.
  bool from_cache() const { return from_cache_; }
  // Characters asked for that no font of the chain has (they show as U+FFFD).
  const std::vector<char32_t>& lacking() const { return lacking_; }
  // Glyphs drawn in `dd` with a font's missing-glyph fallback (U+FFFD): characters the atlas did
  // not hold, whatever the reason (no font has them, or they were never asked for).
  int count_missing_drawn(const ImDrawData* dd) const;

 private:
  bool install(BuiltAtlas built, std::string* error);
  // From the cache or built; a new atlas is written to the cache on a thread of its own.
  BuiltAtlas build(const FontBuildInput& in);
  void fall_back_to_default();
  // A texture of `atlas`'s 8-bit coverage (white, the coverage as alpha); false when the
  // renderer cannot make one.
  bool upload(ImFontAtlas* atlas);

  FontSet fonts_;
  std::vector<char32_t> lacking_;
  std::vector<float> fallback_uv_;   // (u0, v0) of each font's U+FFFD glyph in the current atlas
  bool from_cache_ = false;
  bool first_screen_ = false;
  SDL_Renderer* renderer_ = nullptr;
  SDL_Texture* texture_ = nullptr;
  std::string cache_dir_;
  std::future<BuiltAtlas> job_;
  std::mutex write_mutex_;
  std::atomic<bool> stop_prewarm_{false};
  std::future<void> prewarm_job_;
  std::future<void> write_job_;      // the last atlas being written to the cache
};

}  // namespace tramtin

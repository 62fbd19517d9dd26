// The font atlas: build, swap and upload (see font_atlas.h). Layer: tramtin.
#include "kiosk/platform/font_atlas.h"

#include <imgui.h>
#include <SDL.h>

#include <chrono>
#include <cstdint>
#include <cstring>
#include <cstdio>
#include <string>

#include <malloc.h>
#include <sys/resource.h>
#include <unistd.h>

#include "content/base/log.h"
#include "kiosk/ui/font_cache.h"

namespace tramtin {

namespace {
constexpr int kKeep = 12;  // atlas files kept: five languages at two or three sizes
}  // namespace

FontAtlas::~FontAtlas() {
  stop_prewarm_ = true;
  if (prewarm_job_.valid()) prewarm_job_.wait();
  wait();
  std::lock_guard<std::mutex> lock(write_mutex_);
  if (write_job_.valid()) write_job_.wait();
}

BuiltAtlas FontAtlas::build(const FontBuildInput& in) {
  std::string key, bytes;
  BuiltAtlas b = build_font_atlas_cached(in, cache_dir_, &key, &bytes);
  if (bytes.empty()) return b;
  // Writing 2-8 MB must not delay the first frame: a thread of its own, one at a time.
  std::lock_guard<std::mutex> lock(write_mutex_);
  if (write_job_.valid()) write_job_.wait();
  write_job_ = std::async(std::launch::async, [dir = cache_dir_, key = std::move(key), moved = std::move(bytes)]() mutable {
    // The bytes die with this call, not with the future (which lives until the next write).
    std::string bytes = std::move(moved);
    const auto t0 = std::chrono::steady_clock::now();
    if (Status st = write_font_cache(dir, key, bytes, kKeep); !st)
      log::warn("fonts", "atlas cache not written (the next start builds the atlas again): " + st.message);
    else
      log::debug("fonts", "atlas cache written: " + font_cache_path(dir, key) + ", " + std::to_string(bytes.size() / 1024) +
                              " KiB in " +
                              std::to_string(int(std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count())) +
                              " ms");
    // A built atlas leaves its scratch (tens of MB for Chinese) and these bytes free but mapped:
    // back to the system, once the atlas is on disk.
    std::string().swap(bytes);
    ::malloc_trim(0);
  });
  return b;
}

bool FontAtlas::wait_prewarm(double timeout_s) const {
  return !prewarm_job_.valid() ||
         prewarm_job_.wait_for(std::chrono::duration<double>(timeout_s)) == std::future_status::ready;
}

void FontAtlas::wait() const {
  if (job_.valid()) job_.wait();
}

void FontAtlas::prewarm(std::vector<FontBuildInput> inputs) {
  if (cache_dir_.empty() || inputs.empty()) return;
  if (prewarm_job_.valid() && prewarm_job_.wait_for(std::chrono::seconds(0)) != std::future_status::ready) return;
  prewarm_job_ = std::async(std::launch::async, [this, inputs = std::move(inputs), dir = cache_dir_] {
    ::setpriority(PRIO_PROCESS, static_cast<id_t>(::gettid()), 15);  // this thread only: frames come first
    int built = 0;
    const auto t0 = std::chrono::steady_clock::now();
    for (const auto& in : inputs) {
      if (stop_prewarm_) return;
      const std::string key = font_cache_key(in);
      if (::access(font_cache_path(dir, key).c_str(), F_OK) == 0) continue;
      BuiltAtlas b = build_font_atlas(in);
      if (!b.ok()) continue;
      if (Status st = write_font_cache(dir, key, serialize_font_cache(key, b), kKeep); !st) {
        log::debug("fonts", "atlas cache not written: " + st.message);
        return;  // a full or read-only folder: the rest would fail too
      }
      ++built;
    }
    if (built > 0) ::malloc_trim(0);  // the builds' scratch (tens of MB for Chinese) back to the system
    if (built > 0)
      log::debug("fonts", "atlas cache: " + std::to_string(built) + " atlas(es) built ahead in " +
                              std::to_string(int(std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count())) +
                              " ms");
  });
}

bool FontAtlas::build_now(const FontBuildInput& in, std::string* error) {
  wait();
  if (job_.valid()) job_.get();  // superseded by this one
  return install(build(in), error);
}

bool FontAtlas::build_first_screen(const FontBuildInput& in, std::string* error) {
  const bool ok = install(build_font_atlas(in), error);
  first_screen_ = ok;
  return ok;
}

bool FontAtlas::in_cache(const FontBuildInput& in) const {
  return !cache_dir_.empty() && ::access(font_cache_path(cache_dir_, font_cache_key(in)).c_str(), R_OK) == 0;
}

bool FontAtlas::install_when_built(std::string* error) {
  if (!job_.valid()) return false;
  job_.wait();
  return install_finished(error);
}

void FontAtlas::build_later(FontBuildInput in, std::function<void()> done) {
  wait();
  if (job_.valid()) job_.get();
  job_ = std::async(std::launch::async, [this, in = std::move(in), done = std::move(done)] {
    BuiltAtlas b = build(in);
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

void FontAtlas::release_texture() {
  if (texture_) SDL_DestroyTexture(texture_);
  texture_ = nullptr;
  if (ImGui::GetCurrentContext()) ImGui::GetIO().Fonts->SetTexID(nullptr);
}

bool FontAtlas::upload(ImFontAtlas* atlas) {
  // Every atlas here holds its 8-bit coverage (built, read from the cache, or ImGui's default
  // font); one that was never built is built now.
  unsigned char* alpha = atlas->TexPixelsAlpha8;
  int w = atlas->TexWidth, h = atlas->TexHeight;
  if (!alpha) atlas->GetTexDataAsAlpha8(&alpha, &w, &h);
  if (!renderer_ || !alpha || w <= 0 || h <= 0) return false;
  texture_ = SDL_CreateTexture(renderer_, SDL_PIXELFORMAT_RGBA32, SDL_TEXTUREACCESS_STREAMING, w, h);
  void* pixels = nullptr;
  int pitch = 0;
  if (!texture_ || SDL_LockTexture(texture_, nullptr, &pixels, &pitch) != 0) {
    log::error("fonts", std::string("cannot make the font texture (") + std::to_string(w) + "x" + std::to_string(h) +
                            "): " + SDL_GetError());
    if (texture_) SDL_DestroyTexture(texture_);
    texture_ = nullptr;
    return false;
  }
  // With the software renderer the locked pixels are the texture's own: one pass, no copy. RGBA32
  // as ImGui's backend made it (a white texel is 0x00FFFFFF plus alpha in either byte order, but
  // SDL's blitter rounds blends from another format a level or two apart).
  for (int y = 0; y < h; ++y) {
    auto* row = reinterpret_cast<std::uint32_t*>(static_cast<unsigned char*>(pixels) + std::ptrdiff_t(y) * pitch);
    const unsigned char* a = alpha + std::size_t(y) * std::size_t(w);
    for (int x = 0; x < w; ++x) row[x] = (std::uint32_t(a[x]) << 24) | 0x00FFFFFFu;
  }
  SDL_UnlockTexture(texture_);
  SDL_SetTextureBlendMode(texture_, SDL_BLENDMODE_BLEND);
  atlas->SetTexID(texture_);
  return true;
}

// Between frames: the old texture goes, the new atlas takes ImGui's place (ImGui reads the
// current atlas through io.Fonts and picks up its fonts at the next NewFrame), its pixels go to
// the renderer and then out of ImGui's memory.
bool FontAtlas::install(BuiltAtlas built, std::string* error) {
  ImGuiIO& io = ImGui::GetIO();
  release_texture();
  const bool ok = built.ok();
  first_screen_ = false;
  if (ok) {
    ImFontAtlas* old = io.Fonts;
    io.Fonts = built.take();  // the context deletes the one it holds at shutdown
    IM_DELETE(old);
    fonts_ = built.fonts;
    lacking_ = built.lacking;
    from_cache_ = built.from_cache;
  } else {
    log::error("fonts", built.error);
    *error = built.error;
    fall_back_to_default();
    lacking_.clear();
    from_cache_ = false;
  }
  if (!upload(io.Fonts) && error->empty()) *error = "the renderer cannot make the font texture";
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
                          "x" + std::to_string(built.height) + ", scale " + std::to_string(built.scale) +
                          (built.from_cache ? ", read from the atlas cache in " : ", built in ") +
                          std::to_string(int(built.build_ms)) + " ms");
  return ok;
}

int FontAtlas::count_missing_drawn(const ImDrawData* dd) const { return count_fallback_glyphs(dd, fallback_uv_); }

}  // namespace tramtin

// Pictures and QR codes as textures for the screens. Layer: tramtin (SDL2 + ImGui).
//
// Screens do no I/O: between frames the app calls prepare() with the media the current view
// needs (decoding from the cache happens there, size-capped and downscaled to what the screen
// shows); while drawing, screens call image()/qr() which only look up textures.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include <imgui.h>

struct SDL_Renderer;

namespace tramtin {

class Cache;

struct Texture {
  ImTextureID id = nullptr;   // SDL_Texture*, as the SDL renderer backend expects
  int width = 0, height = 0;  // pixels of the texture
  explicit operator bool() const { return id != nullptr; }
};

struct MediaRequest {
  std::string sha256;         // picture from the cache
  int max_width = 960;        // downscale so the longest side fits (pixels on screen)
  int max_height = 720;
};

class MediaTextures {
 public:
  explicit MediaTextures(SDL_Renderer* renderer, std::size_t budget_bytes = 64u << 20);
  ~MediaTextures();
  MediaTextures(const MediaTextures&) = delete;
  MediaTextures& operator=(const MediaTextures&) = delete;

  // Between frames: decodes and uploads what is missing (stb_image; PNG/JPEG; files over 8 MB or
  // over 4096 px a side are refused and logged). Least recently used textures are freed when over
  // budget. Returns the number of textures created.
  int prepare(const Cache& cache, const std::vector<MediaRequest>& wanted);
  // Between frames: QR codes for URLs (libqrencode, ECC level M, dark modules black on a white
  // quiet zone of 4 modules), each rendered at `pixels` square.
  int prepare_qr(const std::vector<std::string>& urls, int pixels);

  Texture image(const std::string& sha256) const;   // empty Texture: not prepared / missing / bad
  Texture qr(const std::string& url) const;         // empty Texture: not prepared / too long
  void clear();                                     // drop every texture (e.g. renderer reset)

  // Why a picture is not shown ("" when it is, or was never asked for): for the log, the staff
  // screen and tests. Refusals are remembered, so a bad file is decoded once, not on every view.
  std::string problem(const std::string& sha256) const;
  std::size_t bytes_used() const;                   // RGBA bytes of every texture held (4 per pixel)
  std::size_t texture_count() const;                // pictures and QR codes held

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

// Draws a picture fitted into `size` (cover-cropped) with rounded corners, or, when `tex` is empty,
// a neutral placeholder with the initials of `title` (e.g. "Mật ong Pa Ủ" -> "MO").
void draw_picture(ImDrawList* dl, const Texture& tex, ImVec2 min, ImVec2 size, const std::string& title,
                  ImFont* initials_font, ImU32 placeholder_bg, ImU32 placeholder_fg, float rounding);

// The placeholder's letters: the first letter of each of the first two words, upper-cased per code
// point (Vietnamese-aware: "đặc sản" -> "ĐS", "ủy ban" -> "ỦB"); leading punctuation is skipped.
std::string initials(std::string_view title);

}  // namespace tramtin

// Pictures and QR codes as textures for the screens. Layer: tramtin (SDL2 + ImGui).
//
// Screens do no I/O and never decode. Two ways in:
// - a view's few known pictures (a detail page's photos, the slideshow) and its QR codes: the app
//   calls prepare() / prepare_qr() between frames when the view changes; screens call image()/qr();
// - pictures of list rows: a screen calls request() for a row it actually draws (not clipped), which
//   returns the texture if there is one and otherwise remembers the wish; between frames the app
//   calls decode_pending() with a small budget, and draws another frame while pending() is not 0.
//   A 200-row list so decodes the ten rows on screen, not 200 pictures.
// Decoding reads from the cache, refuses oversized or foreign files, and downscales to what the
// screen shows.
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
  // budget. Returns the number of textures created. Also starts a new view for request(): pictures
  // the cache did not hold are looked for again.
  int prepare(const Cache& cache, const std::vector<MediaRequest>& wanted);
  // Between frames: QR codes for URLs (libqrencode, ECC level M, dark modules black on a white
  // quiet zone of 4 modules), each rendered at `pixels` square.
  int prepare_qr(const std::vector<std::string>& urls, int pixels);

  // While drawing: the picture for a row that is drawn now, fitted to a max_width×max_height box
  // (empty Texture until decoded). When there is none yet, or only a smaller one, the request is
  // remembered (the largest box asked for) for the next decode_pending(); nothing is read or decoded
  // here. Refused pictures are not asked for again; pictures the cache does not hold, not until
  // the next prepare() (a new view, or new content).
  Texture request(const std::string& sha256, int max_width, int max_height);
  // Between frames: decodes (like prepare) up to `budget` of the pictures requested since the last
  // call, in the order they were asked for (top of the screen first), then forgets the requests:
  // a row still on screen asks again in the next frame, a row scrolled away does not. Returns true
  // when some requests were left undecoded.
  bool decode_pending(const Cache& cache, int budget);
  std::size_t pending() const;                      // requests waiting for decode_pending()
  std::size_t decode_count() const;                 // pictures decoded (or refused) since construction

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

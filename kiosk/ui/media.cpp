// Pictures and QR codes as SDL textures for the screens, and the picture widget that draws them.
// Layer: tramtin (SDL2 + Dear ImGui, stb_image, libqrencode, utf8proc). UI thread only.
//
// Pictures come from the content cache by hash. They are published by staff, but a kiosk must
// survive whatever reaches it (a 40-megapixel phone photo, a truncated file): the input size and
// the pixel size are checked BEFORE decoding, and a refusal is logged once and remembered.
// Textures are downscaled to what the screen shows (a 4000 px photo in a 360 px card would cost
// 64 MB of texture memory on a 2 GB board) and freed least-recently-used over a byte budget.
//
// [SECTION] Limits and small helpers
// [SECTION] Decoding (stb_image, stb_image_resize)
// [SECTION] Texture store: upload, lookup, LRU eviction
// [SECTION] Requests from the rows drawn, decoded between frames
// [SECTION] QR codes (libqrencode)
// [SECTION] Drawing: cover-cropped picture or initials placeholder
#include "kiosk/ui/media.h"

#include <SDL.h>
#include <qrencode.h>
#include <stb_image.h>
#include <stb_image_resize.h>
#include <utf8proc.h>

#include <algorithm>
#include <cerrno>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <unordered_map>
#include <unordered_set>

#include "content/store/cache.h"
#include "content/base/log.h"
#include "content/base/status.h"
#include "content/base/text.h"

namespace tramtin {

// ---------------------------------------------------------------------------------------------
// [SECTION] Limits and small helpers
// ---------------------------------------------------------------------------------------------

namespace {

constexpr std::size_t kMaxInputBytes = 8u << 20;  // 8 MB: bigger files are refused unread
constexpr int kMaxSide = 4096;                    // px per side: bigger pictures are refused undecoded
constexpr int kQuietModules = 4;                  // the white margin a QR scanner needs (ISO 18004)

std::string short_hash(const std::string& sha256) { return sha256.substr(0, 12); }

std::string megabytes(std::size_t bytes) {
  char buf[32];
  if (bytes < (1u << 20))
    std::snprintf(buf, sizeof buf, "%zu kB", (bytes + 1023) / 1024);
  else
    std::snprintf(buf, sizeof buf, "%.1f MB", double(bytes) / double(1u << 20));
  return buf;
}

// URLs go into log lines: keep them readable when someone pasted a monster.
std::string for_log(const std::string& url) {
  if (url.size() <= 120) return url;
  std::size_t cut = 100;
  while (cut > 0 && (static_cast<unsigned char>(url[cut]) & 0xC0) == 0x80) --cut;  // whole UTF-8 characters
  return url.substr(0, cut) + "… (" + std::to_string(url.size()) + " bytes)";
}

// The largest size with the picture's aspect that fits in the box; never enlarges.
void fit_inside(int src_w, int src_h, int box_w, int box_h, int* w, int* h) {
  const double s = std::min({1.0, double(box_w) / double(src_w), double(box_h) / double(src_h)});
  *w = std::max(1, int(std::lround(double(src_w) * s)));
  *h = std::max(1, int(std::lround(double(src_h) * s)));
}

// Only the two formats the authoring format allows: stb_image reads more (GIF, PSD, HDR, PIC…),
// and every extra decoder is extra attack surface for bytes that came over the network.
const char* sniff_format(const std::string& b) {
  if (b.size() >= 8 && std::memcmp(b.data(), "\x89PNG\r\n\x1a\n", 8) == 0) return "PNG";
  if (b.size() >= 3 && std::memcmp(b.data(), "\xff\xd8\xff", 3) == 0) return "JPEG";
  return nullptr;
}

struct StbFree {
  void operator()(unsigned char* p) const { stbi_image_free(p); }
};
struct QrFree {
  void operator()(QRcode* q) const { QRcode_free(q); }
};

// ---------------------------------------------------------------------------------------------
// [SECTION] Decoding (stb_image, stb_image_resize)
// ---------------------------------------------------------------------------------------------

struct Decoded {
  std::unique_ptr<unsigned char, StbFree> original;  // RGBA as decoded
  std::vector<unsigned char> resized;                // RGBA after downscaling (empty: not needed)
  int width = 0, height = 0;                         // of pixels()
  int src_width = 0, src_height = 0;                 // of the file
  const unsigned char* pixels() const { return resized.empty() ? original.get() : resized.data(); }
};

// Every error here is the file's fault: the caller remembers it and does not try again.
Result<Decoded> decode_picture(const std::string& bytes, int box_w, int box_h) {
  if (bytes.size() > kMaxInputBytes)
    return Status::error(ErrorKind::input, "the file is " + megabytes(bytes.size()) + " (" + std::to_string(bytes.size()) +
                         " bytes), over the 8 MB limit for pictures (make it smaller before publishing)");
  const char* format = sniff_format(bytes);
  if (!format) return Status::error(ErrorKind::input, "not a PNG or JPEG file (its first bytes say otherwise)");
  const auto* data = reinterpret_cast<const stbi_uc*>(bytes.data());
  const int len = int(bytes.size());  // ≤ 8 MB, fits
  int w = 0, h = 0, comp = 0;
  if (!stbi_info_from_memory(data, len, &w, &h, &comp))
    return Status::error(ErrorKind::input, std::string("damaged ") + format + " header (stb_image: " + stbi_failure_reason() + ")");
  if (w <= 0 || h <= 0 || w > kMaxSide || h > kMaxSide)
    return Status::error(ErrorKind::input, "the picture is " + std::to_string(w) + "×" + std::to_string(h) + " px; over " +
                         std::to_string(kMaxSide) + " px a side is refused (make it smaller before publishing)");
  Decoded d;
  d.original.reset(stbi_load_from_memory(data, len, &w, &h, &comp, 4));
  if (!d.original)
    return Status::error(ErrorKind::input, std::string("damaged ") + format + " data (stb_image: " + stbi_failure_reason() + ")");
  d.src_width = d.width = w;
  d.src_height = d.height = h;
  int tw = 0, th = 0;
  fit_inside(w, h, box_w, box_h, &tw, &th);
  if (tw < w || th < h) {
    d.resized.resize(std::size_t(tw) * std::size_t(th) * 4);
    // stbir_resize_uint8 with the alpha channel named (index 3): same filter and edge mode, but
    // colours are weighted by alpha, so a transparent logo does not get dark fringes.
    if (!stbir_resize_uint8_generic(d.original.get(), w, h, 0, d.resized.data(), tw, th, 0, 4, 3, 0,
                                    STBIR_EDGE_CLAMP, STBIR_FILTER_DEFAULT, STBIR_COLORSPACE_LINEAR, nullptr))
      return Status::error(ErrorKind::storage, "downscaling " + std::to_string(w) + "×" + std::to_string(h) + " failed (out of memory?)");
    d.original.reset();  // the full-size pixels are no longer needed: free them before the upload
    d.width = tw;
    d.height = th;
  }
  return d;
}

}  // namespace

// ---------------------------------------------------------------------------------------------
// [SECTION] Texture store: upload, lookup, LRU eviction
// ---------------------------------------------------------------------------------------------

struct MediaTextures::Impl {
  struct Entry {
    SDL_Texture* tex = nullptr;
    int width = 0, height = 0;
    int src_width = 0, src_height = 0;  // picture: the file's size; QR: the pixels it was asked for
    std::size_t bytes = 0;
    std::uint64_t used = 0;             // LRU clock value of the last prepare() or lookup
  };

  SDL_Renderer* renderer = nullptr;
  std::size_t budget = 0;
  int max_texture = 0;                                     // the renderer's limit per side (0: none)
  std::unordered_map<std::string, Entry> images;           // by sha256
  std::unordered_map<std::string, Entry> qrs;              // by URL
  std::unordered_map<std::string, std::string> problems;   // sha256 -> why it is refused (remembered)
  std::unordered_set<std::string> absent;                  // not in the cache (or not uploaded) this view
  std::unordered_set<std::string> bad_urls;                // URLs libqrencode cannot encode (logged once)
  std::vector<MediaRequest> pending;                       // request()s since the last decode_pending()
  std::size_t bytes = 0;
  std::size_t decodes = 0;                                 // decode_picture() calls, for tests and the log
  std::uint64_t clock = 0;
  std::uint64_t frame_mark = 1;                            // clock when the frame being served began

  ~Impl() { drop_all(); }

  void drop_all() {
    for (auto* m : {&images, &qrs})
      for (auto& [key, e] : *m) SDL_DestroyTexture(e.tex);
    images.clear();
    qrs.clear();
    bytes = 0;
  }

  SDL_Texture* upload(const unsigned char* rgba, int w, int h, SDL_ScaleMode scale, std::string* error) {
    if (!renderer) {
      *error = "no renderer";
      return nullptr;
    }
    SDL_Texture* t = SDL_CreateTexture(renderer, SDL_PIXELFORMAT_RGBA32, SDL_TEXTUREACCESS_STATIC, w, h);
    if (!t) {
      *error = std::string("the renderer refused a ") + std::to_string(w) + "×" + std::to_string(h) +
               " texture: " + SDL_GetError();
      return nullptr;
    }
    if (SDL_UpdateTexture(t, nullptr, rgba, w * 4) != 0) {
      *error = std::string("uploading pixels failed: ") + SDL_GetError();
      SDL_DestroyTexture(t);
      return nullptr;
    }
    SDL_SetTextureBlendMode(t, SDL_BLENDMODE_BLEND);
    SDL_SetTextureScaleMode(t, scale);
    return t;
  }

  void put(std::unordered_map<std::string, Entry>& map, const std::string& key, Entry e) {
    auto it = map.find(key);
    if (it != map.end()) {
      bytes -= it->second.bytes;
      SDL_DestroyTexture(it->second.tex);
      it->second = e;
    } else {
      map.emplace(key, e);
    }
    bytes += e.bytes;
  }

  // Frees least recently used textures until under budget. Entries used at or after `pinned_from`
  // (what the current view asked for) are never freed: the screen would show placeholders.
  void evict(std::uint64_t pinned_from) {
    while (bytes > budget) {
      std::unordered_map<std::string, Entry>* victim_map = nullptr;
      std::unordered_map<std::string, Entry>::iterator victim;
      for (auto* m : {&images, &qrs})
        for (auto it = m->begin(); it != m->end(); ++it)
          if (it->second.used < pinned_from && (!victim_map || it->second.used < victim->second.used)) {
            victim_map = m;
            victim = it;
          }
      if (!victim_map) {
        log::warn("media", "this view needs " + megabytes(bytes) + " of textures, more than the budget of " +
                               megabytes(budget) + "; keeping them until the view changes");
        return;
      }
      log::debug("media", "freeing the least recently used texture (" + megabytes(victim->second.bytes) + ")");
      bytes -= victim->second.bytes;
      SDL_DestroyTexture(victim->second.tex);
      victim_map->erase(victim);
    }
  }

  // Clamps a requested box to something sane and to what the renderer can hold.
  void clamp_box(int* w, int* h) const {
    const int limit = max_texture > 0 ? std::min(max_texture, kMaxSide) : kMaxSide;
    *w = std::clamp(*w <= 0 ? limit : *w, 1, limit);
    *h = std::clamp(*h <= 0 ? limit : *h, 1, limit);
  }

  // Adds a request for a picture to a list, once per picture, keeping the largest box asked for (a
  // thumbnail and the big picture of one view, or a list row and a card, may share one).
  void merge_request(std::vector<MediaRequest>& list, const std::string& sha256, int w, int h) const {
    clamp_box(&w, &h);
    auto same = std::find_if(list.begin(), list.end(), [&](const MediaRequest& q) { return q.sha256 == sha256; });
    if (same == list.end()) {
      list.push_back(MediaRequest{sha256, w, h});
    } else {
      same->max_width = std::max(same->max_width, w);
      same->max_height = std::max(same->max_height, h);
    }
  }

  // True when the texture held is as sharp as a (clamped) box asks for.
  static bool sharp_enough(const Entry& e, int box_w, int box_h) {
    int fw = 0, fh = 0;
    fit_inside(e.src_width, e.src_height, box_w, box_h, &fw, &fh);
    return e.width >= fw && e.height >= fh;
  }

  // One picture at a (clamped) box: reads, decodes and uploads it unless a sharp enough texture is
  // held or it was refused before. Entries used at or after `pinned_from` survive eviction.
  // Returns true when a texture was created.
  bool load(const Cache& cache, const MediaRequest& r, std::uint64_t pinned_from) {
    if (problems.count(r.sha256)) return false;  // refused before; said so in the log then
    if (auto it = images.find(r.sha256); it != images.end()) {
      it->second.used = ++clock;
      if (sharp_enough(it->second, r.max_width, r.max_height)) return false;
    }
    auto media = cache.get_media(r.sha256);
    if (!media) {
      log::warn("media", "cannot read picture " + short_hash(r.sha256) + " from the cache: " + media.error());
      absent.insert(r.sha256);
      return false;
    }
    if (!*media) {  // not a refusal: the next sync may bring it
      log::info("media", "picture " + short_hash(r.sha256) + " is not in the cache; showing a placeholder");
      absent.insert(r.sha256);
      return false;
    }
    ++decodes;
    auto decoded = decode_picture((*media)->bytes, r.max_width, r.max_height);
    if (!decoded) {
      log::warn("media", "picture " + short_hash(r.sha256) + " not shown: " + decoded.error());
      problems.emplace(r.sha256, decoded.error());
      return false;
    }
    const Decoded& d = *decoded;
    std::string error;
    SDL_Texture* tex = upload(d.pixels(), d.width, d.height, SDL_ScaleModeLinear, &error);
    if (!tex) {  // the renderer's fault, not the file's: try again with the next view
      log::warn("media", "picture " + short_hash(r.sha256) + " not shown: " + error);
      absent.insert(r.sha256);
      return false;
    }
    log::debug("media", "picture " + short_hash(r.sha256) + " " + std::to_string(d.src_width) + "×" +
                            std::to_string(d.src_height) + " -> " + std::to_string(d.width) + "×" +
                            std::to_string(d.height));
    Entry e;
    e.tex = tex;
    e.width = d.width;
    e.height = d.height;
    e.src_width = d.src_width;
    e.src_height = d.src_height;
    e.bytes = std::size_t(d.width) * std::size_t(d.height) * 4;
    e.used = ++clock;
    put(images, r.sha256, e);
    evict(pinned_from);
    return true;
  }
};

MediaTextures::MediaTextures(SDL_Renderer* renderer, std::size_t budget_bytes) : impl_(std::make_unique<Impl>()) {
  impl_->renderer = renderer;
  impl_->budget = budget_bytes;
  SDL_RendererInfo info{};
  if (renderer && SDL_GetRendererInfo(renderer, &info) == 0 && info.max_texture_width > 0 &&
      info.max_texture_height > 0)
    impl_->max_texture = std::min(info.max_texture_width, info.max_texture_height);
}

MediaTextures::~MediaTextures() = default;

int MediaTextures::prepare(const Cache& cache, const std::vector<MediaRequest>& wanted) {
  Impl& m = *impl_;
  const std::uint64_t pinned_from = m.clock + 1;
  std::vector<MediaRequest> reqs;
  reqs.reserve(wanted.size());
  for (const MediaRequest& r : wanted)
    if (!r.sha256.empty()) m.merge_request(reqs, r.sha256, r.max_width, r.max_height);

  m.absent.clear();  // a new view: ask the cache again for what it did not hold
  int created = 0;
  for (const MediaRequest& r : reqs)
    if (m.load(cache, r, pinned_from)) ++created;
  return created;
}

// ---------------------------------------------------------------------------------------------
// [SECTION] Requests from the rows drawn, decoded between frames
// ---------------------------------------------------------------------------------------------

Texture MediaTextures::request(const std::string& sha256, int max_width, int max_height) {
  Impl& m = *impl_;
  if (sha256.empty()) return {};
  Texture held;
  const Impl::Entry* entry = nullptr;
  if (auto it = m.images.find(sha256); it != m.images.end()) {
    it->second.used = ++m.clock;
    entry = &it->second;
    held = Texture{static_cast<ImTextureID>(entry->tex), entry->width, entry->height};
  }
  if (m.problems.count(sha256) || m.absent.count(sha256)) return held;
  m.clamp_box(&max_width, &max_height);
  if (entry && Impl::sharp_enough(*entry, max_width, max_height)) return held;
  m.merge_request(m.pending, sha256, max_width, max_height);
  return held;
}

bool MediaTextures::decode_pending(const Cache& cache, int budget) {
  Impl& m = *impl_;
  // What the frame just drawn looked up or asked for (used since frame_mark) is on screen: pinned.
  const std::uint64_t pinned_from = m.frame_mark;
  std::size_t done = 0;
  for (; done < m.pending.size() && int(done) < budget; ++done) m.load(cache, m.pending[done], pinned_from);
  const bool more = done < m.pending.size();
  m.pending.clear();
  m.frame_mark = m.clock + 1;
  return more;
}

std::size_t MediaTextures::pending() const { return impl_->pending.size(); }

std::size_t MediaTextures::decode_count() const { return impl_->decodes; }

// ---------------------------------------------------------------------------------------------
// [SECTION] QR codes (libqrencode)
// ---------------------------------------------------------------------------------------------

int MediaTextures::prepare_qr(const std::vector<std::string>& urls, int pixels) {
  Impl& m = *impl_;
  const std::uint64_t pinned_from = m.clock + 1;
  int created = 0;
  for (const std::string& url : urls) {
    if (url.empty() || m.bad_urls.count(url)) continue;
    if (auto it = m.qrs.find(url); it != m.qrs.end() && it->second.src_width == pixels) {
      it->second.used = ++m.clock;
      continue;
    }
    errno = 0;
    std::unique_ptr<QRcode, QrFree> code(QRcode_encodeString(url.c_str(), 0, QR_ECLEVEL_M, QR_MODE_8, 1));
    if (!code) {
      const int err = errno;
      log::warn("media", "no QR code for \"" + for_log(url) + "\": " +
                             (err == ERANGE ? "the link is too long for a QR code (" + std::to_string(url.size()) +
                                                  " bytes); publish a shorter link"
                                            : std::string(std::strerror(err))));
      m.bad_urls.insert(url);
      continue;
    }
    // Whole pixels per module, so every module has the same size and edges stay sharp; the
    // texture is at most `pixels` wide and drawn with nearest-neighbour scaling.
    const int n = code->width;
    const int total = n + 2 * kQuietModules;
    const int module = std::max(1, pixels / total);
    const int side = module * total;
    std::vector<unsigned char> rgba(std::size_t(side) * std::size_t(side) * 4, 255);  // white, opaque
    for (int my = 0; my < n; ++my)
      for (int mx = 0; mx < n; ++mx) {
        if (!(code->data[my * n + mx] & 1)) continue;  // bit 0: dark module
        for (int py = 0; py < module; ++py) {
          unsigned char* row = &rgba[(std::size_t((kQuietModules + my) * module + py) * side +
                                      std::size_t((kQuietModules + mx) * module)) * 4];
          for (int px = 0; px < module; ++px) {
            row[px * 4 + 0] = row[px * 4 + 1] = row[px * 4 + 2] = 0;  // black; alpha stays 255
          }
        }
      }
    std::string error;
    SDL_Texture* tex = m.upload(rgba.data(), side, side, SDL_ScaleModeNearest, &error);
    if (!tex) {
      log::warn("media", "no QR code for \"" + for_log(url) + "\": " + error);
      continue;
    }
    Impl::Entry e;
    e.tex = tex;
    e.width = e.height = side;
    e.src_width = e.src_height = pixels;
    e.bytes = std::size_t(side) * std::size_t(side) * 4;
    e.used = ++m.clock;
    m.put(m.qrs, url, e);
    ++created;
    m.evict(pinned_from);
  }
  return created;
}

// Lookups run while drawing, so they only touch the LRU clock: no allocation, no decoding.
Texture MediaTextures::image(const std::string& sha256) const {
  auto it = impl_->images.find(sha256);
  if (it == impl_->images.end()) return {};
  it->second.used = ++impl_->clock;
  return Texture{static_cast<ImTextureID>(it->second.tex), it->second.width, it->second.height};
}

Texture MediaTextures::qr(const std::string& url) const {
  auto it = impl_->qrs.find(url);
  if (it == impl_->qrs.end()) return {};
  it->second.used = ++impl_->clock;
  return Texture{static_cast<ImTextureID>(it->second.tex), it->second.width, it->second.height};
}

void MediaTextures::clear() { impl_->drop_all(); }

std::string MediaTextures::problem(const std::string& sha256) const {
  auto it = impl_->problems.find(sha256);
  return it == impl_->problems.end() ? std::string() : it->second;
}

std::size_t MediaTextures::bytes_used() const { return impl_->bytes; }

std::size_t MediaTextures::texture_count() const { return impl_->images.size() + impl_->qrs.size(); }

// ---------------------------------------------------------------------------------------------
// [SECTION] Drawing: cover-cropped picture or initials placeholder
// ---------------------------------------------------------------------------------------------

namespace {

bool is_word_break(char32_t cp) {
  const utf8proc_category_t c = utf8proc_category(utf8proc_int32_t(cp));
  return c == UTF8PROC_CATEGORY_ZS || c == UTF8PROC_CATEGORY_ZL || c == UTF8PROC_CATEGORY_ZP ||
         c == UTF8PROC_CATEGORY_CC;
}

bool is_letter_or_digit(char32_t cp) {
  switch (utf8proc_category(utf8proc_int32_t(cp))) {
    case UTF8PROC_CATEGORY_LU: case UTF8PROC_CATEGORY_LL: case UTF8PROC_CATEGORY_LT:
    case UTF8PROC_CATEGORY_LM: case UTF8PROC_CATEGORY_LO: case UTF8PROC_CATEGORY_ND:
    case UTF8PROC_CATEGORY_NL: case UTF8PROC_CATEGORY_NO:
      return true;
    default:
      return false;
  }
}

bool is_mark(char32_t cp) {
  const utf8proc_category_t c = utf8proc_category(utf8proc_int32_t(cp));
  return c == UTF8PROC_CATEGORY_MN || c == UTF8PROC_CATEGORY_MC || c == UTF8PROC_CATEGORY_ME;
}

}  // namespace

std::string initials(std::string_view title) {
  std::string out;  // at most two letters with their marks: stays in the small-string buffer
  int letters = 0;
  bool in_word = false, taken = false, decomposed = false;
  std::size_t i = 0;
  while (i < title.size() && letters < 2) {
    const char32_t cp = next_codepoint(title, i);
    if (is_word_break(cp)) {
      in_word = false;
      continue;
    }
    if (!in_word) {
      in_word = true;
      taken = false;
    }
    if (taken || !is_letter_or_digit(cp)) continue;  // "(Chè" -> C: skip leading punctuation
    // Per code point: đ -> Đ (no decomposition, so case mapping is the only way), ặ -> Ặ.
    append_utf8(out, char32_t(utf8proc_toupper(utf8proc_int32_t(cp))));
    taken = true;
    ++letters;
    // A title that slipped through in NFD keeps its tone marks with the letter.
    while (i < title.size()) {
      std::size_t j = i;
      const char32_t next = next_codepoint(title, j);
      if (!is_mark(next)) break;
      append_utf8(out, next);
      decomposed = true;
      i = j;
    }
  }
  return decomposed ? nfc(out) : out;
}

void draw_picture(ImDrawList* dl, const Texture& tex, ImVec2 min, ImVec2 size, const std::string& title,
                  ImFont* initials_font, ImU32 placeholder_bg, ImU32 placeholder_fg, float rounding) {
  if (!dl || size.x <= 0 || size.y <= 0) return;
  const ImVec2 max(min.x + size.x, min.y + size.y);
  rounding = std::clamp(rounding, 0.0f, 0.5f * std::min(size.x, size.y));
  if (tex && tex.width > 0 && tex.height > 0) {
    // Cover: fill the whole box, cropping the picture's centre instead of letterboxing it.
    ImVec2 uv0(0, 0), uv1(1, 1);
    const float box_aspect = size.x / size.y;
    const float pic_aspect = float(tex.width) / float(tex.height);
    if (pic_aspect > box_aspect) {
      const float margin = 0.5f * (1.0f - box_aspect / pic_aspect);
      uv0.x = margin;
      uv1.x = 1.0f - margin;
    } else if (pic_aspect < box_aspect) {
      const float margin = 0.5f * (1.0f - pic_aspect / box_aspect);
      uv0.y = margin;
      uv1.y = 1.0f - margin;
    }
    if (rounding > 0)
      dl->AddImageRounded(tex.id, min, max, uv0, uv1, IM_COL32_WHITE, rounding, ImDrawFlags_RoundCornersAll);
    else
      dl->AddImage(tex.id, min, max, uv0, uv1);
    return;
  }
  // Missing or refused picture: a calm block with the initials, never a broken-image icon.
  dl->AddRectFilled(min, max, placeholder_bg, rounding, ImDrawFlags_RoundCornersAll);
  if (!initials_font) return;
  const std::string letters = initials(title);
  if (letters.empty()) return;
  // The atlas is baked at FontSize: only shrink (enlarging a bitmap font blurs it).
  float fs = std::min(initials_font->FontSize, size.y * 0.5f);
  ImVec2 ts = initials_font->CalcTextSizeA(fs, FLT_MAX, 0.0f, letters.c_str());
  if (ts.x > size.x * 0.8f && ts.x > 0) {
    fs *= size.x * 0.8f / ts.x;
    ts = initials_font->CalcTextSizeA(fs, FLT_MAX, 0.0f, letters.c_str());
  }
  dl->AddText(initials_font, fs, ImVec2(min.x + (size.x - ts.x) * 0.5f, min.y + (size.y - ts.y) * 0.5f),
              placeholder_fg, letters.c_str());
}

}  // namespace tramtin

// Tests for kiosk/ui/media: pictures decoded from a real cache file into real SDL textures (software
// renderer on the dummy video driver), size caps, downscaling, LRU eviction, QR codes checked
// module by module and decoded back with zbarimg, the picture widget drawn through ImGui, and long
// lists drawn by the real screens that decode only the rows on screen.
// Layer: tests.
#include <doctest/doctest.h>

#include <SDL.h>
#include <imgui.h>
#include <imgui_impl_sdlrenderer.h>
#include <qrencode.h>
#include <stb_image_write.h>

#include <cstdlib>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "content/base/hash.h"
#include "content/bundle/bundle.h"
#include "content/settings/config.h"
#include "content/store/cache.h"
#include "kiosk/core/i18n.h"
#include "kiosk/core/session.h"
#include "kiosk/core/view_model.h"
#include "kiosk/ui/fonts.h"
#include "kiosk/ui/media.h"
#include "kiosk/ui/screens/screens.h"
#include "tests/support/cache_fixtures.h"
#include "tests/support/test_support.h"

namespace {

using namespace tramtin;

struct Rgba {
  unsigned char r = 0, g = 0, b = 0, a = 255;
};

// A hidden window with the software renderer: what the kiosk uses headless (platform-notes.md).
class SoftwareRenderer {
 public:
  SoftwareRenderer() {
    // Other tests start the kiosk as a child process: give them back the environment they had.
    if (const char* prev = std::getenv("SDL_VIDEODRIVER")) previous_driver_ = prev, had_driver_ = true;
    setenv("SDL_VIDEODRIVER", "dummy", 1);
    REQUIRE_MESSAGE(SDL_Init(SDL_INIT_VIDEO) == 0, SDL_GetError());
    window_ = SDL_CreateWindow("tramtin media test", 0, 0, 640, 480, SDL_WINDOW_HIDDEN);
    REQUIRE_MESSAGE(window_ != nullptr, SDL_GetError());
    renderer_ = SDL_CreateRenderer(window_, -1, SDL_RENDERER_SOFTWARE | SDL_RENDERER_TARGETTEXTURE);
    REQUIRE_MESSAGE(renderer_ != nullptr, SDL_GetError());
  }
  ~SoftwareRenderer() {
    if (renderer_) SDL_DestroyRenderer(renderer_);
    if (window_) SDL_DestroyWindow(window_);
    SDL_Quit();
    if (had_driver_) setenv("SDL_VIDEODRIVER", previous_driver_.c_str(), 1);
    else unsetenv("SDL_VIDEODRIVER");
  }
  SoftwareRenderer(const SoftwareRenderer&) = delete;
  SoftwareRenderer& operator=(const SoftwareRenderer&) = delete;
  SDL_Renderer* get() const { return renderer_; }

  // Draws with `draw` into a fresh w×h target cleared to `clear`, and reads the pixels back.
  std::vector<Rgba> capture(int w, int h, Rgba clear, const std::function<void()>& draw) {
    SDL_Texture* target = SDL_CreateTexture(renderer_, SDL_PIXELFORMAT_RGBA32, SDL_TEXTUREACCESS_TARGET, w, h);
    REQUIRE_MESSAGE(target != nullptr, SDL_GetError());
    REQUIRE(SDL_SetRenderTarget(renderer_, target) == 0);
    SDL_SetRenderDrawColor(renderer_, clear.r, clear.g, clear.b, clear.a);
    SDL_RenderClear(renderer_);
    draw();
    std::vector<Rgba> px(std::size_t(w) * std::size_t(h));
    const int rc = SDL_RenderReadPixels(renderer_, nullptr, SDL_PIXELFORMAT_RGBA32, px.data(), w * 4);
    SDL_SetRenderTarget(renderer_, nullptr);
    SDL_DestroyTexture(target);
    REQUIRE_MESSAGE(rc == 0, SDL_GetError());
    return px;
  }
  // The pixels of a texture, copied 1:1.
  std::vector<Rgba> pixels_of(const Texture& t) {
    auto* tex = static_cast<SDL_Texture*>(t.id);
    return capture(t.width, t.height, Rgba{255, 0, 255, 255}, [&] { SDL_RenderCopy(renderer_, tex, nullptr, nullptr); });
  }

 private:
  SDL_Window* window_ = nullptr;
  SDL_Renderer* renderer_ = nullptr;
  std::string previous_driver_;
  bool had_driver_ = false;
};

void append_bytes(void* context, void* data, int size) {
  static_cast<std::string*>(context)->append(static_cast<const char*>(data), std::size_t(size));
}

std::vector<unsigned char> make_pixels(int w, int h, const std::function<Rgba(int, int)>& at) {
  std::vector<unsigned char> px(std::size_t(w) * std::size_t(h) * 4);
  for (int y = 0; y < h; ++y)
    for (int x = 0; x < w; ++x) {
      Rgba c = at(x, y);
      unsigned char* p = &px[(std::size_t(y) * std::size_t(w) + std::size_t(x)) * 4];
      p[0] = c.r, p[1] = c.g, p[2] = c.b, p[3] = c.a;
    }
  return px;
}

std::string png(int w, int h, const std::function<Rgba(int, int)>& at) {
  auto px = make_pixels(w, h, at);
  std::string out;
  REQUIRE(stbi_write_png_to_func(append_bytes, &out, w, h, 4, px.data(), w * 4) != 0);
  return out;
}

std::string jpeg(int w, int h, const std::function<Rgba(int, int)>& at) {
  auto px = make_pixels(w, h, at);
  std::string out;
  REQUIRE(stbi_write_jpg_to_func(append_bytes, &out, w, h, 4, px.data(), 90) != 0);
  return out;
}

// Left half red, right half blue: tells whether a downscale kept the picture the right way round.
Rgba red_blue(int x, int y, int w) {
  (void)y;
  return x < w / 2 ? Rgba{220, 20, 20, 255} : Rgba{20, 20, 220, 255};
}

struct Picture {
  std::string name;
  std::string mime;
  std::string bytes;
  std::string sha;
};

Picture picture(std::string name, std::string mime, std::string bytes) {
  std::string sha = tramtin::sha256_hex(bytes);
  return Picture{std::move(name), std::move(mime), std::move(bytes), std::move(sha)};
}

// A real cache file holding one OCOP product that references every picture.
std::unique_ptr<Cache> cache_with(const testing::TempDir& dir, const std::vector<Picture>& pictures) {
  auto writer = testing::open_writer(dir.file("cache.db"));
  Item item = testing::product("tra-shan-tuyet", "Chè Shan tuyết Tà Xùa", 4, 4, "HTX Chè Tà Xùa", 180000);
  std::vector<MediaBlob> blobs;
  for (const Picture& p : pictures) {
    MediaRef ref;
    ref.sha256 = p.sha;
    ref.size = p.bytes.size();
    ref.mime = p.mime;
    ref.role = "photo";
    ref.caption = "Ảnh " + p.name;
    item.media.push_back(ref);
    blobs.push_back(MediaBlob{p.sha, p.mime, p.bytes});
  }
  Status st = writer->replace_all({item}, blobs, testing::meta(1));
  REQUIRE_MESSAGE(st.ok(), st.message);
  writer.reset();
  return testing::open_reader(dir.file("cache.db"));
}

bool near(Rgba a, Rgba b, int tol = 40) {
  return std::abs(a.r - b.r) <= tol && std::abs(a.g - b.g) <= tol && std::abs(a.b - b.b) <= tol;
}

std::string show(Rgba c) {
  return "(" + std::to_string(c.r) + "," + std::to_string(c.g) + "," + std::to_string(c.b) + "," + std::to_string(c.a) + ")";
}

// A URL of the kind procedures link to (the national public-service portal).
const std::string kProcedureUrl =
    "https://dichvucong.gov.vn/p/home/dvc-chi-tiet-thu-tuc-hanh-chinh.html?ma_thu_tuc=1.001193";

}  // namespace

TEST_CASE("media: pictures from the cache are downscaled to the requested box · keeping the aspect") {
  SoftwareRenderer sdl;
  testing::TempDir dir;
  auto wide = picture("wide", "image/png", png(1200, 800, [](int x, int y) { return red_blue(x, y, 1200); }));
  auto tall = picture("tall", "image/jpeg", jpeg(600, 900, [](int x, int y) { return red_blue(x, y, 600); }));
  auto small = picture("small", "image/png", png(100, 50, [](int x, int y) { return red_blue(x, y, 100); }));
  auto cache = cache_with(dir, {wide, tall, small});

  MediaTextures media(sdl.get());
  CHECK_FALSE(media.image(wide.sha));  // nothing before prepare(): screens never decode
  CHECK(media.prepare(*cache, {{wide.sha, 300, 300}, {tall.sha, 300, 300}, {small.sha, 960, 720}}) == 3);

  Texture w = media.image(wide.sha), t = media.image(tall.sha), s = media.image(small.sha);
  REQUIRE(w);
  REQUIRE(t);
  REQUIRE(s);
  CHECK(w.width == 300);
  CHECK(w.height == 200);
  CHECK(t.width == 200);
  CHECK(t.height == 300);
  CHECK(s.width == 100);  // never enlarged
  CHECK(s.height == 50);
  CHECK(media.texture_count() == 3);
  CHECK(media.bytes_used() == std::size_t(300 * 200 + 200 * 300 + 100 * 50) * 4);

  // Real SDL textures in the format, access and blend mode the renderer backend expects.
  Uint32 format = 0;
  int access = -1, tw = 0, th = 0;
  REQUIRE(SDL_QueryTexture(static_cast<SDL_Texture*>(w.id), &format, &access, &tw, &th) == 0);
  CHECK(format == SDL_PIXELFORMAT_RGBA32);
  CHECK(access == SDL_TEXTUREACCESS_STATIC);
  CHECK(tw == 300);
  CHECK(th == 200);
  SDL_BlendMode blend = SDL_BLENDMODE_NONE;
  SDL_GetTextureBlendMode(static_cast<SDL_Texture*>(w.id), &blend);
  CHECK(blend == SDL_BLENDMODE_BLEND);

  // The downscaled pixels are the picture's, the right way round (red left, blue right).
  for (const Texture& tex : {w, t}) {
    auto px = sdl.pixels_of(tex);
    Rgba left = px[std::size_t(tex.height / 2) * std::size_t(tex.width) + 10];
    Rgba right = px[std::size_t(tex.height / 2) * std::size_t(tex.width) + std::size_t(tex.width - 10)];
    CHECK_MESSAGE(near(left, Rgba{220, 20, 20, 255}), show(left));
    CHECK_MESSAGE(near(right, Rgba{20, 20, 220, 255}), show(right));
  }

  // Asking again for the same view creates nothing; a larger box re-decodes sharper; a smaller
  // box keeps the sharper texture.
  CHECK(media.prepare(*cache, {{wide.sha, 300, 300}, {tall.sha, 300, 300}}) == 0);
  CHECK(media.prepare(*cache, {{wide.sha, 900, 900}}) == 1);
  CHECK(media.image(wide.sha).width == 900);
  CHECK(media.image(wide.sha).height == 600);
  CHECK(media.prepare(*cache, {{wide.sha, 120, 120}}) == 0);
  CHECK(media.image(wide.sha).width == 900);
  // Two requests for one picture in one view (a thumbnail and the big one): one texture, the larger.
  CHECK(media.prepare(*cache, {{tall.sha, 100, 100}, {tall.sha, 400, 600}}) == 1);
  CHECK(media.image(tall.sha).height == 600);
  CHECK(media.texture_count() == 3);

  media.clear();
  CHECK(media.texture_count() == 0);
  CHECK(media.bytes_used() == 0);
  CHECK_FALSE(media.image(wide.sha));
}

TEST_CASE("media: oversized · corrupt · foreign and missing pictures are refused without crashing") {
  SoftwareRenderer sdl;
  testing::TempDir dir;
  auto red = [](int, int) { return Rgba{200, 30, 30, 255}; };
  const std::string good_png = png(64, 48, red);
  // Exactly 8 MB is allowed, one byte more is refused: trailing bytes after IEND do not stop
  // stb_image, so only the cap can refuse the second file.
  const std::size_t cap = 8u << 20;
  auto at_cap = picture("at-cap", "image/png", good_png + std::string(cap - good_png.size(), '\0'));
  auto over_cap = picture("over-cap", "image/png", good_png + std::string(cap + 1 - good_png.size(), '\1'));
  auto too_wide = picture("too-wide", "image/png", png(4097, 1, red));
  auto too_tall = picture("too-tall", "image/png", png(1, 4097, red));
  auto widest = picture("widest", "image/png", png(4096, 2, red));
  auto truncated = picture("truncated", "image/png", png(200, 200, [](int x, int y) {
                             return Rgba{(unsigned char)(x * 7), (unsigned char)(y * 13), (unsigned char)(x ^ y), 255};
                           }).substr(0, 300));
  auto garbage = picture("garbage", "image/png", std::string("\x89PNG\r\n\x1a\n", 8) + std::string(500, '\x5a'));
  std::string bmp_bytes;
  {
    auto px = make_pixels(16, 16, red);
    REQUIRE(stbi_write_bmp_to_func(append_bytes, &bmp_bytes, 16, 16, 4, px.data()) != 0);
  }
  auto bmp = picture("bmp", "image/bmp", bmp_bytes);  // stb_image could read it; the kiosk will not
  auto cache = cache_with(dir, {at_cap, over_cap, too_wide, too_tall, widest, truncated, garbage, bmp});
  const std::string not_held = tramtin::sha256_hex("a picture that never reached this kiosk");

  MediaTextures media(sdl.get());
  std::vector<MediaRequest> all;
  for (const auto* p : {&at_cap, &over_cap, &too_wide, &too_tall, &widest, &truncated, &garbage, &bmp})
    all.push_back({p->sha, 960, 720});
  all.push_back({not_held, 960, 720});
  CHECK(media.prepare(*cache, all) == 2);  // only the two good ones

  CHECK(media.image(at_cap.sha));
  CHECK(media.image(at_cap.sha).width == 64);
  REQUIRE(media.image(widest.sha));
  CHECK(media.image(widest.sha).width == 960);
  CHECK(media.image(widest.sha).height == 1);  // aspect kept, but never below one pixel
  CHECK(media.problem(at_cap.sha).empty());

  for (const auto* p : {&over_cap, &too_wide, &too_tall, &truncated, &garbage, &bmp}) {
    CAPTURE(p->name);
    CHECK_FALSE(media.image(p->sha));
    CHECK_FALSE(media.problem(p->sha).empty());
  }
  CHECK(media.problem(over_cap.sha).find("8388609 bytes") != std::string::npos);
  CHECK(media.problem(over_cap.sha).find("8 MB limit") != std::string::npos);
  CHECK(media.problem(too_wide.sha).find("4097×1") != std::string::npos);
  CHECK(media.problem(too_wide.sha).find("4096") != std::string::npos);
  CHECK(media.problem(too_tall.sha).find("1×4097") != std::string::npos);
  CHECK(media.problem(truncated.sha).find("damaged PNG") != std::string::npos);
  CHECK(media.problem(garbage.sha).find("damaged PNG") != std::string::npos);
  CHECK(media.problem(bmp.sha).find("not a PNG or JPEG") != std::string::npos);
  // Missing is not a refusal: the next sync may bring it.
  CHECK_FALSE(media.image(not_held));
  CHECK(media.problem(not_held).empty());
  // Refusals are remembered: asking again does not decode again and creates nothing.
  CHECK(media.prepare(*cache, all) == 0);
  CHECK(media.texture_count() == 2);
}

TEST_CASE("media: least recently used pictures are freed when over a small budget") {
  SoftwareRenderer sdl;
  testing::TempDir dir;
  std::vector<Picture> pics;
  const char* names[] = {"mật ong", "chè", "gạo", "thảo quả"};
  for (int i = 0; i < 4; ++i)
    pics.push_back(picture(names[i], "image/png", png(100, 100, [i](int x, int) {
                             return Rgba{(unsigned char)(60 * i), (unsigned char)x, 90, 255};
                           })));
  auto cache = cache_with(dir, pics);
  const std::size_t one = 100 * 100 * 4;
  MediaTextures media(sdl.get(), 2 * one + one / 2);  // room for two pictures, not three

  CHECK(media.prepare(*cache, {{pics[0].sha, 100, 100}}) == 1);
  CHECK(media.prepare(*cache, {{pics[1].sha, 100, 100}}) == 1);
  CHECK(media.image(pics[0].sha));  // drawn again: now 1 is the least recently used
  CHECK(media.prepare(*cache, {{pics[2].sha, 100, 100}}) == 1);
  CHECK(media.image(pics[0].sha));
  CHECK_FALSE(media.image(pics[1].sha));
  CHECK(media.image(pics[2].sha));
  CHECK(media.texture_count() == 2);
  CHECK(media.bytes_used() == 2 * one);

  // A view that needs more than the budget keeps all it needs (placeholders would be worse)...
  CHECK(media.prepare(*cache, {{pics[1].sha, 100, 100}, {pics[2].sha, 100, 100}, {pics[3].sha, 100, 100}}) == 2);
  for (int i = 1; i < 4; ++i) CHECK(media.image(pics[i].sha));
  CHECK_FALSE(media.image(pics[0].sha));  // ...but frees what it does not need
  CHECK(media.bytes_used() == 3 * one);
  // The next view brings the store back under budget, freeing the oldest first.
  CHECK(media.image(pics[3].sha));
  CHECK(media.prepare(*cache, {{pics[0].sha, 100, 100}}) == 1);
  CHECK(media.bytes_used() <= 2 * one + one / 2);
  CHECK(media.image(pics[0].sha));
  CHECK(media.image(pics[3].sha));
  CHECK_FALSE(media.image(pics[1].sha));
  CHECK_FALSE(media.image(pics[2].sha));

  // QR codes count against the same budget: a ~100 px code (20–60 kB) pushes out the older picture.
  CHECK(media.prepare_qr({kProcedureUrl}, 100) == 1);
  REQUIRE(media.qr(kProcedureUrl));
  CHECK(media.qr(kProcedureUrl).width > 70);
  CHECK(media.bytes_used() <= 2 * one + one / 2);
  CHECK(media.texture_count() == 2);
  CHECK(media.image(pics[3].sha));
  CHECK_FALSE(media.image(pics[0].sha));
}

TEST_CASE("media: a QR code texture holds libqrencode's modules · whole pixels each · in a white quiet zone") {
  SoftwareRenderer sdl;
  MediaTextures media(sdl.get());
  CHECK_FALSE(media.qr(kProcedureUrl));
  CHECK(media.prepare_qr({kProcedureUrl, ""}, 300) == 1);
  Texture q = media.qr(kProcedureUrl);
  REQUIRE(q);

  std::unique_ptr<QRcode, void (*)(QRcode*)> code(QRcode_encodeString(kProcedureUrl.c_str(), 0, QR_ECLEVEL_M, QR_MODE_8, 1),
                                                  QRcode_free);
  REQUIRE(code);
  const int n = code->width;
  const int total = n + 8;
  const int module = 300 / total;
  REQUIRE(module >= 2);
  CHECK(q.width == q.height);
  CHECK(q.width == module * total);
  CHECK(q.width <= 300);
  SDL_ScaleMode scale = SDL_ScaleModeLinear;
  SDL_GetTextureScaleMode(static_cast<SDL_Texture*>(q.id), &scale);
  CHECK(scale == SDL_ScaleModeNearest);

  auto px = sdl.pixels_of(q);
  const Rgba black{0, 0, 0, 255}, white{255, 255, 255, 255};
  auto at = [&](int x, int y) { return px[std::size_t(y) * std::size_t(q.width) + std::size_t(x)]; };
  int mismatches = 0, dark = 0;
  for (int my = 0; my < n; ++my)
    for (int mx = 0; mx < n; ++mx) {
      const bool want_dark = code->data[my * n + mx] & 1;
      dark += want_dark;
      // Both the centre and the corners of the module: whole pixels per module, no blur.
      for (auto [ox, oy] : {std::pair{module / 2, module / 2}, std::pair{0, 0}, std::pair{module - 1, module - 1}}) {
        Rgba c = at((mx + 4) * module + ox, (my + 4) * module + oy);
        if (!near(c, want_dark ? black : white, 0)) ++mismatches;
      }
    }
  CHECK(mismatches == 0);
  CHECK(dark > n * n / 4);  // a real code, not a blank square
  int quiet_dark = 0;
  for (int y = 0; y < q.height; ++y)
    for (int x = 0; x < q.width; ++x) {
      const bool in_quiet = x < 4 * module || y < 4 * module || x >= (4 + n) * module || y >= (4 + n) * module;
      if (in_quiet && !near(at(x, y), white, 0)) ++quiet_dark;
    }
  CHECK(quiet_dark == 0);

  // Same size again: nothing new. Another size: rendered again for it.
  CHECK(media.prepare_qr({kProcedureUrl}, 300) == 0);
  CHECK(media.prepare_qr({kProcedureUrl}, 500) == 1);
  CHECK(media.qr(kProcedureUrl).width == (500 / total) * total);
  // Smaller than one pixel per module: still a complete code.
  CHECK(media.prepare_qr({kProcedureUrl}, 10) == 1);
  CHECK(media.qr(kProcedureUrl).width == total);

  // A link too long for any QR code: refused, logged, no texture, no crash.
  const std::string huge = "https://dichvucong.gov.vn/?q=" + std::string(8000, 'a');
  CHECK(media.prepare_qr({huge}, 300) == 0);
  CHECK_FALSE(media.qr(huge));
  CHECK(media.prepare_qr({huge}, 300) == 0);
}

TEST_CASE("media: a rendered QR code scans back to its URL (zbarimg)") {
  const test::RunResult which = test::run("command -v zbarimg");
  if (which.status != 0) {
    FAIL("zbarimg is not installed: install the `zbar-tools` package (listed in installer/debian-packages.txt "
         "as a test dependency) to check that QR codes scan");
    return;
  }
  SoftwareRenderer sdl;
  MediaTextures media(sdl.get());
  const std::string shop = "https://ocop.gov.vn/san-pham/tra-shan-tuyet-ta-xua?ma=OCOP-YB-2023-041";
  REQUIRE(media.prepare_qr({kProcedureUrl, shop}, 260) == 2);
  test::TempDir dir;
  for (const std::string& url : {kProcedureUrl, shop}) {
    CAPTURE(url);
    Texture q = media.qr(url);
    REQUIRE(q);
    auto px = sdl.pixels_of(q);
    const std::string file = dir.str("qr.png");
    REQUIRE(stbi_write_png(file.c_str(), q.width, q.height, 4, px.data(), q.width * 4) != 0);
    test::RunResult r = test::run("zbarimg --quiet --raw " + file);
    INFO("zbarimg stderr: ", r.err);
    REQUIRE(r.status == 0);
    std::string out = r.out;
    while (!out.empty() && (out.back() == '\n' || out.back() == '\r')) out.pop_back();
    CHECK(out == url);
  }
}

TEST_CASE("media: initials of Vietnamese titles are upper-cased letter by letter") {
  CHECK(initials("đặc sản") == "ĐS");
  CHECK(initials("Mật ong Pa Ủ") == "MO");
  CHECK(initials("ủy ban nhân dân xã") == "ỦB");
  CHECK(initials("ếch đồng") == "ẾĐ");
  CHECK(initials("  (Chè) «shan» tuyết") == "CS");  // punctuation before a word is skipped
  CHECK(initials("gạo") == "G");
  CHECK(initials("3 sao OCOP") == "3S");
  CHECK(initials("普洱茶") == "普");                     // no case, no spaces: one character
  CHECK(initials("") == "");
  CHECK(initials(" – … ") == "");
  // A decomposed (NFD) title still gives composed capitals: ư + hook above -> Ử.
  CHECK(initials("u\xcc\x9b\xcc\x89 ta") == "ỬT");
  CHECK(initials("ươi\tđào") == "ƯĐ");
}

TEST_CASE("media: draw_picture crops to cover the box · rounds its corners · and shows initials without a picture") {
  SoftwareRenderer sdl;
  SDL_Renderer* r = sdl.get();
  // Three vertical stripes (red | green | blue), and three horizontal ones: in a square box the
  // cover crop must show only the middle stripe; a stretched picture would show all three.
  auto stripes = [&](int w, int h, bool vertical) {
    auto px = make_pixels(w, h, [&](int x, int y) {
      const int band = vertical ? x * 3 / w : y * 3 / h;
      return band == 0 ? Rgba{230, 0, 0, 255} : band == 1 ? Rgba{0, 200, 0, 255} : Rgba{0, 0, 230, 255};
    });
    SDL_Texture* t = SDL_CreateTexture(r, SDL_PIXELFORMAT_RGBA32, SDL_TEXTUREACCESS_STATIC, w, h);
    REQUIRE(t);
    SDL_UpdateTexture(t, nullptr, px.data(), w * 4);
    SDL_SetTextureBlendMode(t, SDL_BLENDMODE_BLEND);
    return t;
  };
  SDL_Texture* wide = stripes(300, 100, true);
  SDL_Texture* tall = stripes(100, 300, false);

  IMGUI_CHECKVERSION();
  ImGuiContext* ctx = ImGui::CreateContext();
  ImGuiIO& io = ImGui::GetIO();
  io.IniFilename = nullptr;
  io.Fonts->AddFontDefault();
  io.DisplaySize = ImVec2(400, 200);
  io.DeltaTime = 1.0f / 60.0f;
  REQUIRE(ImGui_ImplSDLRenderer_Init(r));
  ImGui_ImplSDLRenderer_NewFrame();
  ImGui::NewFrame();
  ImDrawList* dl = ImGui::GetForegroundDrawList();
  ImFont* font = io.Fonts->Fonts[0];
  const ImU32 bg = IM_COL32(200, 200, 200, 255), fg = IM_COL32(0, 0, 0, 255);
  draw_picture(dl, Texture{wide, 300, 100}, ImVec2(20, 20), ImVec2(100, 100), "Chè", font, bg, fg, 20);
  draw_picture(dl, Texture{tall, 100, 300}, ImVec2(150, 20), ImVec2(100, 100), "Gạo", font, bg, fg, 20);
  draw_picture(dl, Texture{}, ImVec2(280, 20), ImVec2(100, 100), "Mat ong", font, bg, fg, 0);
  ImGui::Render();
  auto px = sdl.capture(400, 200, Rgba{255, 255, 255, 255},
                        [&] { ImGui_ImplSDLRenderer_RenderDrawData(ImGui::GetDrawData()); });
  ImGui_ImplSDLRenderer_Shutdown();
  ImGui::DestroyContext(ctx);
  SDL_DestroyTexture(wide);
  SDL_DestroyTexture(tall);

  auto at = [&](int x, int y) { return px[std::size_t(y) * 400 + std::size_t(x)]; };
  const Rgba green{0, 200, 0, 255}, white{255, 255, 255, 255}, grey{200, 200, 200, 255};
  for (int box_x : {20, 150}) {
    CAPTURE(box_x);
    // Near every edge of the box and in its centre: the middle stripe only.
    for (auto [x, y] : {std::pair{50, 50}, std::pair{5, 50}, std::pair{94, 50}, std::pair{50, 5}, std::pair{50, 94}}) {
      CAPTURE(x);
      CAPTURE(y);
      CHECK_MESSAGE(near(at(box_x + x, 20 + y), green), show(at(box_x + x, 20 + y)));
    }
    // Rounded corners: the very corner pixel shows the background.
    CHECK_MESSAGE(near(at(box_x + 1, 21), white), show(at(box_x + 1, 21)));
    CHECK_MESSAGE(near(at(box_x + 98, 20 + 98), white), show(at(box_x + 98, 118)));
  }
  // Placeholder: the grey block fills its box (square corners here), with dark initials in the middle.
  CHECK(near(at(281, 21), grey, 0));
  CHECK(near(at(378, 118), grey, 0));
  CHECK(near(at(330, 25), grey, 0));
  int dark = 0, dark_outside_middle = 0;
  for (int y = 20; y < 120; ++y)
    for (int x = 280; x < 380; ++x)
      if (at(x, y).r < 100) {
        ++dark;
        if (x < 300 || x > 360 || y < 55 || y > 85) ++dark_outside_middle;
      }
  CHECK(dark > 20);
  CHECK(dark_outside_middle == 0);
}

namespace {

// The news and product screens drawn through the screen registry in a 1920×1080 layout (content
// area between the header and the footer), with the default font for every size; rows request
// their pictures from `media` while drawing.
class ListHarness {
 public:
  explicit ListHarness(MediaTextures& media) : media_(media) {
    ctx_ = ImGui::CreateContext();
    ImGuiIO& io = ImGui::GetIO();
    io.IniFilename = nullptr;
    io.DisplaySize = ImVec2(1920, 1080);
    io.DeltaTime = 1.0f / 60.0f;
    ImFont* f = io.Fonts->AddFontDefault();
    unsigned char* px = nullptr;
    int w = 0, h = 0;
    io.Fonts->GetTexDataAsRGBA32(&px, &w, &h);
    fonts_.small = fonts_.body = fonts_.bold = fonts_.heading = fonts_.title = fonts_.icon_large = f;
  }
  ~ListHarness() { ImGui::DestroyContext(ctx_); }
  ListHarness(const ListHarness&) = delete;
  ListHarness& operator=(const ListHarness&) = delete;

  ViewModel view;
  Route route{ScreenId::news, {}};
  float scroll_to = -1;                 // >= 0: scroll there (applies from the next frame)
  std::vector<std::string> drawn;       // ids of the rows the last frame drew on screen

  void frame() {
    ImGui::NewFrame();
    Ui ui;
    ui.config = &config_;
    ui.session = &session_;
    ui.strings = &strings_;
    ui.fonts = &fonts_;
    ui.theme = make_theme(false);
    ui.m = make_metrics(1920, 1080);
    ui.view = &view;
    ui.media = &media_;
    ImGui::SetNextWindowPos(ImVec2(0, 96));
    ImGui::SetNextWindowSize(ImVec2(1920, 1080 - 96 - 120));
    ImGui::Begin("content", nullptr, ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoSavedSettings);
    if (scroll_to >= 0) ImGui::SetScrollY(scroll_to);
    scroll_to = -1;
    draw_screen(ui, route);
    ImGui::End();
    ImGui::Render();
    drawn.clear();  // on screen: ImGui also keeps a list's focused first row unclipped when scrolled away
    for (const HitTarget& t : ui.targets)
      if (t.id.rfind("item:", 0) == 0 && t.max.y > 96 && t.min.y < 1080 - 120) drawn.push_back(t.id.substr(5));
  }

 private:
  MediaTextures& media_;
  ImGuiContext* ctx_ = nullptr;
  Config config_;
  Session session_;
  Strings strings_;
  FontSet fonts_;
};

// 200 small pictures, each its own colour, in one real cache.
std::vector<Picture> many_pictures(int n) {
  std::vector<Picture> pics;
  for (int i = 0; i < n; ++i)
    pics.push_back(picture("p" + std::to_string(i), "image/png", png(60, 40, [i](int x, int) {
                             return Rgba{(unsigned char)(i), (unsigned char)(x * 4), (unsigned char)(255 - i), 255};
                           })));
  return pics;
}

std::size_t index_of(const std::string& id) { return std::size_t(std::stoi(id.substr(id.find('-') + 1))); }

// Passes of decode_pending(budget) between frames until nothing is pending; checks each pass keeps
// to the budget. Returns the number of passes.
int decode_between_frames(MediaTextures& media, const Cache& cache, ListHarness& h, int budget) {
  int passes = 0;
  while (media.pending() > 0 && passes < 100) {
    const std::size_t before = media.decode_count();
    media.decode_pending(cache, budget);
    CHECK(media.decode_count() - before <= std::size_t(budget));
    ++passes;
    h.frame();  // rows still without a picture ask again
  }
  CHECK(media.pending() == 0);
  return passes;
}

}  // namespace

TEST_CASE("media: a 200-row news list decodes only the pictures of the rows drawn · between frames · a few per pass") {
  SoftwareRenderer sdl;
  testing::TempDir dir;
  const auto pics = many_pictures(200);
  auto cache = cache_with(dir, pics);
  MediaTextures media(sdl.get());
  ListHarness h(media);
  for (int i = 0; i < 200; ++i) {
    ItemRow r;
    r.id = "tin-" + std::to_string(i);
    r.kind = Kind::news;
    r.title = "Tin số " + std::to_string(i);
    r.media_sha256 = pics[std::size_t(i)].sha;
    h.view.rows.push_back(r);
  }

  h.frame();
  const std::vector<std::string> top = h.drawn;
  REQUIRE(top.size() >= 3);
  CHECK(top.size() < 20);               // the clipper draws what fits, not 200 rows
  CHECK(top.front() == "tin-0");
  CHECK(media.decode_count() == 0);     // nothing is decoded while drawing
  CHECK(media.pending() == top.size());  // one request per row drawn

  const int passes = decode_between_frames(media, *cache, h, 3);
  CHECK(passes == int((top.size() + 2) / 3));
  CHECK(media.decode_count() == top.size());
  for (const std::string& id : top) CHECK(media.image(pics[index_of(id)].sha));
  CHECK_FALSE(media.image(pics[199].sha));
  CHECK_FALSE(media.image(pics[100].sha));

  // Drawn again: everything on screen is there, nothing more is asked for or decoded.
  h.frame();
  CHECK(media.pending() == 0);
  media.decode_pending(*cache, 3);
  CHECK(media.decode_count() == top.size());

  // Scrolled to the end: only the rows now on screen are decoded; the 180 in between never are.
  h.scroll_to = 1e9f;
  h.frame();
  h.frame();
  const std::vector<std::string> bottom = h.drawn;
  REQUIRE_FALSE(bottom.empty());
  CHECK(bottom.back() == "tin-199");
  CHECK(media.pending() == bottom.size());
  decode_between_frames(media, *cache, h, 4);
  CHECK(media.decode_count() == top.size() + bottom.size());
  for (const std::string& id : bottom) CHECK(media.image(pics[index_of(id)].sha));
  CHECK_FALSE(media.image(pics[100].sha));
  CHECK(media.texture_count() == top.size() + bottom.size());
}

TEST_CASE("media: an OCOP catalogue decodes only the cards drawn · a missing or refused picture is asked for once") {
  SoftwareRenderer sdl;
  testing::TempDir dir;
  auto pics = many_pictures(200);
  const std::string not_held = sha256_hex("never synced");
  auto broken = picture("broken", "image/png", std::string("\x89PNG\r\n\x1a\n", 8) + std::string(64, 'z'));
  pics.push_back(broken);
  auto cache = cache_with(dir, pics);
  MediaTextures media(sdl.get());
  ListHarness h(media);
  h.route = Route{ScreenId::products, {}};
  for (int i = 0; i < 200; ++i) {
    ItemRow r;
    r.id = "sp-" + std::to_string(i);
    r.kind = Kind::product;
    r.title = "Sản phẩm " + std::to_string(i);
    r.stars = 4;
    r.media_sha256 = i == 0 ? not_held : i == 1 ? broken.sha : pics[std::size_t(i)].sha;
    h.view.rows.push_back(r);
  }
  h.frame();
  const std::vector<std::string> cards = h.drawn;
  REQUIRE(cards.size() >= 4);
  CHECK(cards.size() < 24);
  CHECK(media.pending() == cards.size());
  decode_between_frames(media, *cache, h, 4);
  // The missing picture costs no decode; the broken one is decoded once, refused and remembered.
  CHECK(media.decode_count() == cards.size() - 1);
  CHECK_FALSE(media.image(not_held));
  CHECK_FALSE(media.problem(broken.sha).empty());
  for (int i = 0; i < 5; ++i) h.frame();
  CHECK(media.pending() == 0);  // neither keeps the kiosk drawing frames
  CHECK(media.decode_count() == cards.size() - 1);
  // A new view (prepare) looks for the missing picture again: the next sync may have brought it.
  media.prepare(*cache, {});
  h.frame();
  CHECK(media.pending() == 1);
}

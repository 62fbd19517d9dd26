// Builds the merged ImGui fonts from fonts/fonts.toml. Layer: tramtin (ImGui).
#include "kiosk/ui/fonts.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <sstream>

#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <imgui.h>
#include <stb_truetype.h>

#include "content/authoring/glyphs.h"
#include "content/base/log.h"
#include "content/base/text.h"
#include "kiosk/core/glyph_cache.h"

namespace tramtin {
namespace {

// The manifest is read by content/authoring/glyphs (the staff tool checks glyphs against it too).
using Manifest = FontManifest;

bool read_manifest(const std::string& path, Manifest* m, std::string* error) {
  auto r = read_font_manifest(path);
  if (!r) {
    *error = r.error();
    return false;
  }
  *m = std::move(*r);
  return true;
}

// A font file mapped read-only: the kernel reads only the pages the glyphs asked for touch (the
// character map, the outlines of those glyphs), never the whole 19 MB CJK collection, and
// nothing of it stays in the process once the atlas has its pixels (the mapping is dropped).
class MappedFile {
 public:
  static std::shared_ptr<MappedFile> open(const std::string& path) {
    const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) return nullptr;
    struct stat st {};
    if (::fstat(fd, &st) != 0 || st.st_size <= 0) {
      ::close(fd);
      return nullptr;
    }
    void* p = ::mmap(nullptr, std::size_t(st.st_size), PROT_READ, MAP_PRIVATE, fd, 0);
    ::close(fd);
    if (p == MAP_FAILED) return nullptr;
    ::madvise(p, std::size_t(st.st_size), MADV_RANDOM);  // glyph outlines are scattered: no read-ahead
    auto f = std::shared_ptr<MappedFile>(new MappedFile);
    f->data_ = static_cast<unsigned char*>(p);
    f->size_ = std::size_t(st.st_size);
    return f;
  }
  ~MappedFile() {
    if (data_) ::munmap(data_, size_);
  }
  MappedFile(const MappedFile&) = delete;
  MappedFile& operator=(const MappedFile&) = delete;
  unsigned char* data() const { return data_; }
  std::size_t size() const { return size_; }

 private:
  MappedFile() = default;
  unsigned char* data_ = nullptr;
  std::size_t size_ = 0;
};

// Which code points a font file (face) has, via stb_truetype.
struct Coverage {
  std::shared_ptr<MappedFile> data;
  stbtt_fontinfo info{};
  bool ok = false;
  bool has(char32_t c) const { return ok && stbtt_FindGlyphIndex(&info, static_cast<int>(c)) != 0; }
};

Coverage open_coverage(const std::shared_ptr<MappedFile>& data, int face) {
  Coverage c;
  c.data = data;
  if (!data) return c;
  int off = stbtt_GetFontOffsetForIndex(data->data(), face);
  if (off < 0) return c;
  c.ok = stbtt_InitFont(&c.info, data->data(), off) != 0;
  return c;
}

std::vector<char32_t> used_codepoints(const std::vector<std::string>& texts) { return distinct_codepoints(texts); }

// Characters the title size holds only when FontBuildInput::title_texts use them: the CJK blocks
// (radicals to unified ideographs, compatibility ideographs, vertical and fullwidth forms).
bool title_subset(char32_t c) {
  return (c >= 0x2E80 && c <= 0x9FFF) || (c >= 0xF900 && c <= 0xFAFF) || (c >= 0xFE30 && c <= 0xFE4F) ||
         (c >= 0xFF00 && c <= 0xFFEF);
}

bool in_ranges(const FontSource& s, char32_t c) {
  for (auto [a, b] : s.ranges)
    if (c >= a && c <= b) return true;
  return false;
}

// The FontSet sizes in kLayoutSizes order (small, body, bold, heading, title, icon_large): their
// pixel size at scale 1 and whether they use the bold files.
constexpr float kSizePx[kLayoutSizes] = {24, 32, 32, 44, 56, 88};
constexpr bool kSizeBold[kLayoutSizes] = {false, false, true, true, true, false};
// What the header's clock and date may show next on a first screen (digits, separators).
constexpr const char* kClockChars = "0123456789:/.,- ";

// The icons the kiosk draws (not the whole Font Awesome range).
std::set<char32_t> kiosk_icons() {
  std::set<char32_t> cps;
  for (const char* ic : {icon::home, icon::arrow_left, icon::search, icon::file_text, icon::newspaper, icon::bullhorn, icon::basket, icon::question, icon::smile, icon::meh, icon::frown, icon::volume, icon::qrcode, icon::star, icon::star_o, icon::globe, icon::text_height, icon::adjust, icon::keyboard, icon::lock, icon::refresh, icon::wifi, icon::warning, icon::chevron_right, icon::chevron_down, icon::check_square, icon::square_o, icon::map_marker, icon::clock, icon::list_ol, icon::certificate, icon::user, icon::gavel, icon::times, icon::backspace, icon::phone, icon::calendar, icon::tag, icon::stop, icon::replay})
    for (std::size_t i = 0; ic[i];) cps.insert(next_codepoint(ic, i));
  return cps;
}

// What one build keeps alive until the atlas has its pixels: the glyph ranges ImGui points to and
// the mapped font files.
struct BuildScratch {
  std::vector<std::unique_ptr<ImVector<ImWchar>>> ranges;
  std::map<std::string, std::shared_ptr<MappedFile>> files;

  const ImWchar* make_ranges(const std::set<char32_t>& cps) {
    ImFontGlyphRangesBuilder b;
    for (char32_t c : cps)
      if (c <= 0xFFFF) b.AddChar(static_cast<ImWchar>(c));
    auto v = std::make_unique<ImVector<ImWchar>>();
    b.BuildRanges(v.get());
    ranges.push_back(std::move(v));
    return ranges.back()->Data;
  }
  MappedFile* file(const std::string& path) {
    auto& f = files[path];
    if (!f) f = MappedFile::open(path);
    return f.get();
  }
};

// Adds a font that reads from the mapped file. ImGui 1.86 copies the file for every font added
// with FontDataOwnedByAtlas = false (five sizes of the 19 MB CJK collection: ~100 MB); handing it
// "owned" data skips the copy, and flipping the flag back keeps ImGui from freeing the mapping.
ImFont* add_shared(ImFontAtlas* atlas, MappedFile& data, float px, ImFontConfig* cfg, const ImWchar* ranges) {
  cfg->FontDataOwnedByAtlas = true;
  ImFont* f = atlas->AddFontFromMemoryTTF(data.data(), static_cast<int>(data.size()), px, cfg, ranges);
  atlas->ConfigData.back().FontDataOwnedByAtlas = false;
  return f;
}

}  // namespace

std::vector<char32_t> missing_glyphs(const std::string& manifest_path, const std::vector<std::string>& texts) {
  std::vector<char32_t> missing;
  GlyphChecker glyphs(manifest_path);
  if (!glyphs.usable()) return missing;
  for (char32_t c : used_codepoints(texts))
    if (!is_control_codepoint(c) && !glyphs.drawable(c)) missing.push_back(c);
  return missing;
}

std::vector<float> fallback_glyph_uvs(const ImFontAtlas& atlas) {
  std::vector<float> uvs;
  for (const ImFont* f : atlas.Fonts)
    if (f->FallbackGlyph && f->FallbackChar == 0xFFFD && f->FallbackGlyph->Visible) {
      uvs.push_back(f->FallbackGlyph->U0);
      uvs.push_back(f->FallbackGlyph->V0);
    }
  return uvs;
}

int count_fallback_glyphs(const ImDrawData* dd, const std::vector<float>& uvs) {
  if (!dd || uvs.empty()) return 0;
  int n = 0;
  for (int l = 0; l < dd->CmdListsCount; ++l)
    // A glyph is a quad whose first vertex carries the glyph's (u0, v0), unique in the atlas.
    for (const ImDrawVert& v : dd->CmdLists[l]->VtxBuffer)
      for (std::size_t i = 0; i + 1 < uvs.size(); i += 2)
        if (v.uv.x == uvs[i] && v.uv.y == uvs[i + 1]) ++n;
  return n;
}

BuiltAtlas::~BuiltAtlas() {
  if (atlas_) IM_DELETE(atlas_);
}

BuiltAtlas::BuiltAtlas(BuiltAtlas&& o) noexcept { *this = std::move(o); }

BuiltAtlas& BuiltAtlas::operator=(BuiltAtlas&& o) noexcept {
  if (this == &o) return *this;
  if (atlas_) IM_DELETE(atlas_);
  atlas_ = o.atlas_;
  o.atlas_ = nullptr;
  fonts = o.fonts;
  lacking = std::move(o.lacking);
  error = std::move(o.error);
  scale = o.scale;
  build_ms = o.build_ms;
  width = o.width;
  height = o.height;
  from_cache = o.from_cache;
  return *this;
}

ImFontAtlas* BuiltAtlas::take() {
  ImFontAtlas* a = atlas_;
  atlas_ = nullptr;
  return a;
}

BuiltAtlas build_font_atlas(const FontBuildInput& in) {
  const auto t0 = std::chrono::steady_clock::now();
  BuiltAtlas out;
  out.scale = in.scale;
  Manifest m;
  if (!read_manifest(in.manifest_path, &m, &out.error)) return out;
  BuildScratch scratch;

  // Fonts are opened lazily: the CJK collection is mapped only when a Chinese character is used.
  std::vector<std::optional<Coverage>> cov(m.fonts.size());
  auto coverage = [&](std::size_t i) -> const Coverage* {
    if (!cov[i]) {
      const auto& f = m.fonts[i];
      auto& data = scratch.files[f.file];
      if (!data) data = MappedFile::open(f.file);
      if (!data) {
        log::warn("fonts", "font file missing: " + f.file + " (" + f.name + "; install fonts-noto-core and fonts-noto-cjk)");
      }
      cov[i] = open_coverage(data, f.face);
    }
    return &*cov[i];
  };
  if (!coverage(0)->ok) {
    out.error = "the main font is missing or unreadable: " + m.fonts[0].file + " (install fonts-noto-core)";
    return out;
  }
  // Per font source: the code points it will serve. A character goes to the first font in the
  // chain that has its glyph; with none, it is drawn as U+FFFD and listed in `lacking`.
  using Serve = std::vector<std::set<char32_t>>;
  std::set<char32_t> lacking;
  auto serve_in = [&](Serve& into, char32_t c, bool asked = true) {
    for (std::size_t i = 0; i < m.fonts.size(); ++i)
      if (in_ranges(m.fonts[i], c) && coverage(i)->has(c)) {
        into[i].insert(c);
        return;
      }
    if (asked && !is_control_codepoint(c)) lacking.insert(c);  // a preload range may have holes
  };
  // Only the icons the kiosk draws, not the whole Font Awesome range.
  const std::set<char32_t> icon_cps = kiosk_icons();
  // Per FontSet size (small, body, bold, heading, title): the characters each chain font serves.
  std::vector<Serve> sizes;
  if (!in.exact_sizes.empty()) {
    // A first screen's atlas: what that screen drew, per size, and what the clock may show next.
    for (int k = 0; k < kLayoutSizes - 1; ++k) {
      Serve s(m.fonts.size());
      if (std::size_t(k) < in.exact_sizes.size())
        for (char32_t c : in.exact_sizes[std::size_t(k)])
          if (!icon_cps.count(c)) serve_in(s, c);
      for (const char* p = kClockChars; *p; ++p) serve_in(s, char32_t(*p));
      serve_in(s, 0xFFFD);
      sizes.push_back(std::move(s));
    }
  } else {
    // Headings and titles: ASCII, U+FFFD and what the texts use. The sizes that show typed or
    // unforeseen text (body, bold, small) also get every preloaded letter.
    const std::vector<char32_t> used = used_codepoints(in.texts);
    Serve serve_big(m.fonts.size());
    for (char32_t c = 0x20; c <= 0x7E; ++c) serve_in(serve_big, c);
    serve_in(serve_big, 0xFFFD);
    for (char32_t c : used) serve_in(serve_big, c);
    // The title size: the heading set, its Chinese characters cut down to what titles use.
    Serve serve_title(m.fonts.size());
    if (in.title_texts.empty()) {
      serve_title = serve_big;
    } else {
      std::vector<std::uint64_t> in_titles(0x110000 / 64, 0);
      for (char32_t c : used_codepoints(in.title_texts)) in_titles[c >> 6] |= std::uint64_t(1) << (c & 63);
      for (std::size_t i = 0; i < serve_big.size(); ++i)
        for (char32_t c : serve_big[i])
          if (!title_subset(c) || (in_titles[c >> 6] >> (c & 63) & 1)) serve_title[i].insert(c);
    }
    Serve serve = serve_big;
    for (const auto& f : m.fonts)
      for (auto [a, b] : f.preload)
        for (char32_t c = a; c <= b; ++c) serve_in(serve, c, false);
    // The bold size also serves the bold-only strings (language names, "touch to start").
    Serve serve_bold = serve;
    for (char32_t c : used_codepoints(in.bold_only_texts)) serve_in(serve_bold, c);
    sizes = {serve, serve, std::move(serve_bold), std::move(serve_big), std::move(serve_title)};
  }
  std::vector<std::vector<const ImWchar*>> size_ranges;
  for (const Serve& sets : sizes) {
    std::vector<const ImWchar*> r;
    for (const auto& set : sets) r.push_back(scratch.make_ranges(set));
    size_ranges.push_back(std::move(r));
  }
  if (log::level() == log::Level::debug) {
    std::string counts;
    for (std::size_t i = 0; i < m.fonts.size(); ++i)
      counts += " " + m.fonts[i].name + "=" + std::to_string(sizes[1][i].size()) + "/" + std::to_string(sizes[3][i].size()) +
                "/" + std::to_string(sizes[4][i].size());
    log::debug("fonts", std::string(in.exact_sizes.empty() ? "" : "a first screen's atlas: ") +
                            "glyphs per font (body/heading/title):" + counts);
  }

  MappedFile* icons = nullptr;
  if (!m.icons_file.empty()) {
    icons = scratch.file(m.icons_file);
    if (!icons) log::warn("fonts", "icon font missing: " + m.icons_file + " (install fonts-font-awesome)");
  }
  const ImWchar* icon_ranges = scratch.make_ranges(icon_cps);

  auto* atlas = IM_NEW(ImFontAtlas)();
  out.atlas_ = atlas;
  // A touch kiosk draws no mouse cursor: no cursor shapes in the atlas.
  atlas->Flags |= ImFontAtlasFlags_NoMouseCursors | ImFontAtlasFlags_NoPowerOfTwoHeight;
  auto add = [&](int size) -> ImFont* {
    const float px = kSizePx[size] * in.scale;
    const bool bold = kSizeBold[size];
    ImFont* font = nullptr;
    const Serve& sets = sizes[std::size_t(size)];
    const auto& rs = size_ranges[std::size_t(size)];
    for (std::size_t i = 0; i < m.fonts.size(); ++i) {
      const auto& f = m.fonts[i];
      if (sets[i].empty()) continue;
      MappedFile* data = (bold && !f.bold.empty()) ? scratch.file(f.bold) : nullptr;
      if (!data) data = scratch.file(f.file);
      if (!data) continue;
      ImFontConfig cfg;
      cfg.FontNo = f.face;
      cfg.MergeMode = font != nullptr;
      cfg.OversampleH = 1;  // large sizes: horizontal oversampling buys little and costs atlas space
      cfg.OversampleV = 1;
      cfg.PixelSnapH = true;
      font = add_shared(atlas, *data, px, &cfg, rs[i]);
    }
    if (icons && font) {
      ImFontConfig cfg;
      cfg.MergeMode = true;
      cfg.GlyphMinAdvanceX = px;  // icons line up in a column
      cfg.PixelSnapH = true;
      cfg.OversampleH = 1;
      cfg.OversampleV = 1;
      add_shared(atlas, *icons, px * 0.9f, &cfg, icon_ranges);
    }
    return font;
  };

  const float s = in.scale;
  FontSet& fs = out.fonts;
  fs.scale = s;
  // Body first: ImGui's default font is the atlas's first.
  fs.body = add(1);
  fs.small = add(0);
  fs.bold = add(2);
  fs.heading = add(3);
  fs.title = add(4);
  if (icons) {
    ImFontConfig cfg;
    cfg.OversampleH = 1;
    cfg.OversampleV = 1;
    fs.icon_large = add_shared(atlas, *icons, kSizePx[5] * s, &cfg, icon_ranges);
  } else {
    fs.icon_large = fs.title;
  }
  if (!atlas->Build()) {
    out.error = "font atlas build failed";
    return out;
  }
  // Only the 8-bit coverage waits for the upload (a quarter of RGBA's size: the upload writes the
  // texture's pixels from it directly); ImGui's font configs and the mapped files go now.
  out.width = atlas->TexWidth;
  out.height = atlas->TexHeight;
  atlas->ClearInputData();
  int glyphs = 0;
  for (auto* f : atlas->Fonts) glyphs += f->Glyphs.Size;
  fs.glyph_count = glyphs;
  out.lacking.assign(lacking.begin(), lacking.end());
  out.build_ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count();
  return out;
}

// ---- Layout fonts ------------------------------------------------------------------------------

LayoutFonts::~LayoutFonts() {
  if (atlas_) IM_DELETE(atlas_);
}

std::unique_ptr<LayoutFonts> build_layout_fonts(const FontBuildInput& in, const std::vector<char32_t>& chars) {
  auto out = std::make_unique<LayoutFonts>();
  Manifest m;
  if (!read_manifest(in.manifest_path, &m, &out->error)) return out;
  BuildScratch scratch;
  // Each chain font's regular file (which characters it serves, as build_font_atlas decides) and
  // the file its glyphs are drawn from at a bold size.
  std::vector<std::optional<Coverage>> regular(m.fonts.size()), bolder(m.fonts.size());
  auto coverage = [&](std::size_t i, bool bold) -> const Coverage& {
    auto& slot = bold ? bolder[i] : regular[i];
    if (!slot) {
      const auto& f = m.fonts[i];
      std::string path = bold && !f.bold.empty() ? f.bold : f.file;
      if (!scratch.file(path)) path = f.file;
      scratch.file(path);
      slot = open_coverage(scratch.files[path], f.face);
    }
    return *slot;
  };
  if (!coverage(0, false).ok) {
    out->error = "the main font is missing or unreadable: " + m.fonts[0].file;
    return out;
  }
  Coverage icons;
  if (!m.icons_file.empty() && scratch.file(m.icons_file)) icons = open_coverage(scratch.files[m.icons_file], 0);
  const std::set<char32_t> icon_cps = kiosk_icons();
  std::set<char32_t> text_cps(chars.begin(), chars.end());
  for (char32_t c = 0x20; c <= 0x7E; ++c) text_cps.insert(c);
  text_cps.insert(0xFFFD);
  text_cps.insert(0x2026);  // the ellipsis ImGui draws where a label is cut
  // The advance ImGui gives a glyph: the font's advance at the pixel height, rounded when the
  // font snaps to whole pixels; an icon merged into a text size is at least a square wide.
  auto advance = [](const Coverage& c, char32_t cp, float px, float min_advance, bool snap) {
    int adv = 0, lsb = 0;
    stbtt_GetGlyphHMetrics(&c.info, stbtt_FindGlyphIndex(&c.info, int(cp)), &adv, &lsb);
    float a = std::max(float(adv) * stbtt_ScaleForPixelHeight(&c.info, px), min_advance);
    return snap ? std::floor(a + 0.5f) : a;
  };

  auto* atlas = IM_NEW(ImFontAtlas)();
  out->atlas_ = atlas;
  atlas->Flags |= ImFontAtlasFlags_NoMouseCursors | ImFontAtlasFlags_NoBakedLines;
  atlas->TexWidth = atlas->TexHeight = 1;
  atlas->TexUvScale = ImVec2(1, 1);
  atlas->TexUvWhitePixel = ImVec2(0.5f, 0.5f);  // shapes: positive coordinates, glyphs negative
  atlas->TexReady = true;
  ImFont* made[kLayoutSizes] = {};
  for (int k = 0; k < kLayoutSizes; ++k) {
    const bool icons_only = k == kLayoutSizes - 1;
    if (icons_only && !icons.ok) break;
    const float px = kSizePx[k] * in.scale;
    ImFont* f = IM_NEW(ImFont)();
    f->FontSize = px;
    f->ContainerAtlas = atlas;
    atlas->Fonts.push_back(f);
    made[k] = f;
    auto glyph = [&](char32_t c, float adv) {
      if (c > 0xFFFF) return;
      ImFontGlyph g{};
      g.Codepoint = c;
      g.Visible = 1;
      g.AdvanceX = adv;
      g.X0 = -1e5f;  // wide: no glyph of the layout pass is culled near a clip edge
      g.X1 = 1e5f;
      g.Y1 = px;
      g.U0 = g.U1 = float(c);
      g.V0 = g.V1 = -float(k + 1);
      f->Glyphs.push_back(g);
    };
    if (!icons_only)
      for (char32_t c : text_cps) {
        if (icon_cps.count(c)) continue;
        for (std::size_t i = 0; i < m.fonts.size(); ++i)
          if (in_ranges(m.fonts[i], c) && coverage(i, false).has(c)) {
            glyph(c, advance(coverage(i, kSizeBold[k]), c, px, 0.0f, true));
            break;
          }
      }
    if (icons.ok)
      for (char32_t c : icon_cps)
        glyph(c, icons_only ? advance(icons, c, px, 0.0f, false) : advance(icons, c, px * 0.9f, px, true));
    f->BuildLookupTable();
  }
  FontSet& fs = out->fonts;
  fs.scale = in.scale;
  fs.small = made[0];
  fs.body = made[1];
  fs.bold = made[2];
  fs.heading = made[3];
  fs.title = made[4];
  fs.icon_large = made[5] ? made[5] : made[4];
  for (ImFont* f : atlas->Fonts) fs.glyph_count += f->Glyphs.Size;
  return out;
}

std::vector<std::vector<char32_t>> drawn_chars(const ImDrawData* dd) {
  std::vector<std::set<char32_t>> sets(kLayoutSizes);
  for (int l = 0; dd && l < dd->CmdListsCount; ++l)
    for (const ImDrawVert& v : dd->CmdLists[l]->VtxBuffer)
      // Layout glyphs only: V is -(size + 1), U the character (shapes and pictures sample 0..1).
      if (v.uv.y <= -1.0f && v.uv.y >= -float(kLayoutSizes) && v.uv.x >= 0 && v.uv.x < float(0x110000))
        sets[std::size_t(-v.uv.y) - 1].insert(char32_t(v.uv.x));
  std::vector<std::vector<char32_t>> out;
  for (auto& s : sets) out.emplace_back(s.begin(), s.end());
  return out;
}

}  // namespace tramtin

// Builds the merged ImGui fonts from fonts/fonts.toml. Layer: tramtin (ImGui).
#include "kiosk/ui/fonts.h"

#include <fstream>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <sstream>

#include <imgui.h>
#include <stb_truetype.h>

#include "content/authoring/glyphs.h"
#include "content/base/log.h"
#include "content/base/text.h"

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

std::shared_ptr<std::vector<unsigned char>> read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary | std::ios::ate);
  if (!in) return nullptr;
  auto size = static_cast<std::size_t>(in.tellg());
  auto buf = std::make_shared<std::vector<unsigned char>>(size);
  in.seekg(0);
  if (!in.read(reinterpret_cast<char*>(buf->data()), static_cast<std::streamsize>(size))) return nullptr;
  return buf;
}

// Which code points a font file (face) has, via stb_truetype.
struct Coverage {
  std::shared_ptr<std::vector<unsigned char>> data;
  stbtt_fontinfo info{};
  bool ok = false;
  bool has(char32_t c) const { return ok && stbtt_FindGlyphIndex(&info, static_cast<int>(c)) != 0; }
};

Coverage open_coverage(const std::shared_ptr<std::vector<unsigned char>>& data, int face) {
  Coverage c;
  c.data = data;
  if (!data) return c;
  int off = stbtt_GetFontOffsetForIndex(data->data(), face);
  if (off < 0) return c;
  c.ok = stbtt_InitFont(&c.info, data->data(), off) != 0;
  return c;
}

std::set<char32_t> used_codepoints(const std::vector<std::string>& texts) {
  std::set<char32_t> cps;
  for (const auto& t : texts)
    for (std::size_t i = 0; i < t.size();) cps.insert(next_codepoint(t, i));
  return cps;
}

bool in_ranges(const FontSource& s, char32_t c) {
  for (auto [a, b] : s.ranges)
    if (c >= a && c <= b) return true;
  return false;
}

// Glyph ranges ImGui keeps pointers to until the atlas is built: owned here, per build.
std::vector<std::unique_ptr<ImVector<ImWchar>>> g_ranges;
std::map<std::string, std::shared_ptr<std::vector<unsigned char>>> g_files;

const ImWchar* make_ranges(const std::set<char32_t>& cps) {
  ImFontGlyphRangesBuilder b;
  for (char32_t c : cps)
    if (c <= 0xFFFF) b.AddChar(static_cast<ImWchar>(c));
  auto v = std::make_unique<ImVector<ImWchar>>();
  b.BuildRanges(v.get());
  g_ranges.push_back(std::move(v));
  return g_ranges.back()->Data;
}

// Adds a font that reads from our own buffer. ImGui 1.86 copies the file for every font added
// with FontDataOwnedByAtlas = false (five sizes of the 19 MB CJK collection: ~100 MB); handing it
// "owned" data skips the copy, and flipping the flag back keeps ImGui from freeing our buffer.
ImFont* add_shared(ImFontAtlas* atlas, std::vector<unsigned char>& data, float px, ImFontConfig* cfg,
                   const ImWchar* ranges) {
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

bool build_fonts(const FontBuildInput& in, FontSet* out, std::string* error) {
  Manifest m;
  if (!read_manifest(in.manifest_path, &m, error)) return false;
  ImGuiIO& io = ImGui::GetIO();
  io.Fonts->Clear();
  g_ranges.clear();

  const std::set<char32_t> used = used_codepoints(in.texts);
  // Per font source: the code points it will serve (first font in the chain that has the glyph).
  std::vector<std::set<char32_t>> serve(m.fonts.size());
  // Fonts are opened lazily: the 19 MB CJK collection is read only when a Chinese character is used.
  std::vector<std::optional<Coverage>> cov(m.fonts.size());
  auto coverage = [&](std::size_t i) -> const Coverage* {
    if (!cov[i]) {
      const auto& f = m.fonts[i];
      auto& data = g_files[f.file];
      if (!data) data = read_file(f.file);
      if (!data) {
        log::warn("fonts", "font file missing: " + f.file + " (" + f.name + "; install fonts-noto-core and fonts-noto-cjk)");
      }
      cov[i] = open_coverage(data, f.face);
    }
    return &*cov[i];
  };
  if (!coverage(0)->ok) {
    *error = "the main font is missing or unreadable: " + m.fonts[0].file + " (install fonts-noto-core)";
    return false;
  }
  // A character goes to the first font in the chain that has its glyph (none: it shows as "?").
  auto serve_in = [&](std::vector<std::set<char32_t>>& into, char32_t c) {
    for (std::size_t i = 0; i < m.fonts.size(); ++i)
      if (in_ranges(m.fonts[i], c) && coverage(i)->has(c)) {
        into[i].insert(c);
        return;
      }
  };
  auto ranges_of = [](const std::vector<std::set<char32_t>>& sets) {
    std::vector<const ImWchar*> r;
    for (const auto& s : sets) r.push_back(make_ranges(s));
    return r;
  };
  std::set<char32_t> wanted = used;
  for (const auto& f : m.fonts)
    for (auto [a, b] : f.preload)
      for (char32_t c = a; c <= b; ++c) wanted.insert(c);
  for (char32_t c : wanted) serve_in(serve, c);
  const std::vector<const ImWchar*> ranges = ranges_of(serve);
  if (log::level() == log::Level::debug) {
    std::string counts;
    for (std::size_t i = 0; i < serve.size(); ++i) {
      counts += " " + m.fonts[i].name + "=" + std::to_string(serve[i].size());
      if (i > 0 && !serve[i].empty() && serve[i].size() < 8)
        for (char32_t c : serve[i]) counts += " U+" + std::to_string(unsigned(c));
    }
    log::debug("fonts", "glyphs per font:" + counts);
  }
  // The bold size also serves the bold-only strings.
  std::vector<std::set<char32_t>> serve_bold = serve;
  for (char32_t c : used_codepoints(in.bold_only_texts)) serve_in(serve_bold, c);
  const std::vector<const ImWchar*> ranges_bold = ranges_of(serve_bold);

  std::shared_ptr<std::vector<unsigned char>> icons;
  if (!m.icons_file.empty()) {
    auto& d = g_files[m.icons_file];
    if (!d) d = read_file(m.icons_file);
    icons = d;
    if (!icons) log::warn("fonts", "icon font missing: " + m.icons_file + " (install fonts-font-awesome)");
  }
  // Only the icons the kiosk draws, not the whole Font Awesome range.
  std::set<char32_t> icon_cps;
  for (const char* ic : {icon::home, icon::arrow_left, icon::search, icon::file_text, icon::newspaper, icon::bullhorn, icon::basket, icon::question, icon::smile, icon::meh, icon::frown, icon::volume, icon::qrcode, icon::star, icon::star_o, icon::globe, icon::text_height, icon::adjust, icon::keyboard, icon::lock, icon::refresh, icon::wifi, icon::warning, icon::chevron_right, icon::chevron_down, icon::check_square, icon::square_o, icon::map_marker, icon::clock, icon::list_ol, icon::certificate, icon::user, icon::gavel, icon::times, icon::backspace, icon::phone, icon::calendar, icon::tag, icon::stop, icon::replay})
    for (std::size_t i = 0; ic[i];) icon_cps.insert(next_codepoint(ic, i));
  const ImWchar* icon_ranges = make_ranges(icon_cps);

  auto add = [&](float px, bool bold, bool with_icons, bool bold_only_glyphs = false) -> ImFont* {
    ImFont* font = nullptr;
    const auto& sets = bold_only_glyphs ? serve_bold : serve;
    const auto& rs = bold_only_glyphs ? ranges_bold : ranges;
    for (std::size_t i = 0; i < m.fonts.size(); ++i) {
      const auto& f = m.fonts[i];
      if (sets[i].empty()) continue;
      std::string file = (bold && !f.bold.empty()) ? f.bold : f.file;
      auto& data = g_files[file];
      if (!data) data = read_file(file);
      if (!data) data = g_files[f.file];
      ImFontConfig cfg;
      cfg.FontNo = f.face;
      cfg.MergeMode = font != nullptr;
      cfg.OversampleH = 1;  // large sizes: horizontal oversampling buys little and costs atlas space
      cfg.OversampleV = 1;
      cfg.PixelSnapH = true;
      font = add_shared(io.Fonts, *data, px, &cfg, rs[i]);
    }
    if (with_icons && icons && font) {
      ImFontConfig cfg;
      cfg.MergeMode = true;
      cfg.GlyphMinAdvanceX = px;  // icons line up in a column
      cfg.PixelSnapH = true;
      add_shared(io.Fonts, *icons, px * 0.9f, &cfg, icon_ranges);
    }
    return font;
  };

  const float s = in.scale;
  out->scale = s;
  out->body = add(32 * s, false, true);
  out->small = add(24 * s, false, true);
  out->bold = add(32 * s, true, true, true);
  out->heading = add(44 * s, true, true);
  out->title = add(56 * s, true, true);
  if (icons) {
    ImFontConfig cfg;
    out->icon_large = add_shared(io.Fonts, *icons, 88 * s, &cfg, icon_ranges);
  } else {
    out->icon_large = out->title;
  }
  io.Fonts->Flags |= ImFontAtlasFlags_NoPowerOfTwoHeight;
  if (!io.Fonts->Build()) {
    *error = "font atlas build failed";
    return false;
  }
  io.FontDefault = out->body;
  // The atlas has its pixels now; the font files are read again for the next build (text size or
  // language change), so a kiosk does not keep 20 MB of CJK outlines in memory for two glyphs.
  g_files.clear();
  int glyphs = 0;
  for (auto* f : io.Fonts->Fonts) glyphs += f->Glyphs.Size;
  out->glyph_count = glyphs;
  return true;
}

}  // namespace tramtin

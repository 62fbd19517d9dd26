// Fonts: one merged ImGui font per size (Noto Sans → Noto Sans Tai Viet → Noto Sans CJK SC → Font
// Awesome icons), holding only the glyphs the UI and the content use. Layer: tramtin (ImGui).
//
// ImGui 1.86 has no dynamic atlas: each size is its own font, and a whole new atlas is built when
// the text size, the language or the content's character set changes. The build needs no ImGui
// context, so it runs on any thread into an atlas of its own (build_font_atlas); the app swaps it
// in between frames (kiosk/platform/font_atlas.h). Font files are memory-mapped: only the pages of
// the glyphs asked for are read, so a Chinese word costs a few pages of the 19 MB CJK collection.
#pragma once

#include <memory>
#include <string>
#include <vector>

struct ImDrawData;
struct ImFont;
struct ImFontAtlas;

namespace tramtin {

// Font Awesome 4.7 code points (inside ImGui's 16-bit range).
namespace icon {
inline constexpr const char* home = "\xef\x80\x95";            // U+F015
inline constexpr const char* arrow_left = "\xef\x81\xa0";      // U+F060
inline constexpr const char* search = "\xef\x80\x82";          // U+F002
inline constexpr const char* file_text = "\xef\x85\x9c";       // U+F15C file-text
inline constexpr const char* newspaper = "\xef\x87\xaa";       // U+F1EA
inline constexpr const char* bullhorn = "\xef\x82\xa1";        // U+F0A1
inline constexpr const char* basket = "\xef\x8a\x91";          // U+F291 shopping-basket
inline constexpr const char* question = "\xef\x81\x99";        // U+F059 question-circle
inline constexpr const char* smile = "\xef\x84\x98";           // U+F118
inline constexpr const char* meh = "\xef\x84\x9a";             // U+F11A
inline constexpr const char* frown = "\xef\x84\x99";           // U+F119
inline constexpr const char* volume = "\xef\x80\xa8";          // U+F028
inline constexpr const char* qrcode = "\xef\x80\xa9";          // U+F029
inline constexpr const char* star = "\xef\x80\x85";            // U+F005
inline constexpr const char* star_o = "\xef\x80\x86";          // U+F006
inline constexpr const char* globe = "\xef\x82\xac";           // U+F0AC
inline constexpr const char* text_height = "\xef\x80\xb4";     // U+F034
inline constexpr const char* adjust = "\xef\x81\x82";          // U+F042
inline constexpr const char* keyboard = "\xef\x84\x9c";        // U+F11C
inline constexpr const char* lock = "\xef\x80\xa3";            // U+F023
inline constexpr const char* refresh = "\xef\x80\xa1";         // U+F021
inline constexpr const char* wifi = "\xef\x87\xab";            // U+F1EB
inline constexpr const char* warning = "\xef\x81\xb1";         // U+F071 exclamation-triangle
inline constexpr const char* chevron_right = "\xef\x81\x94";   // U+F054
inline constexpr const char* chevron_down = "\xef\x81\xb8";    // U+F078
inline constexpr const char* check_square = "\xef\x85\x8a";    // U+F14A
inline constexpr const char* square_o = "\xef\x82\x96";        // U+F096
inline constexpr const char* map_marker = "\xef\x81\x81";      // U+F041
inline constexpr const char* clock = "\xef\x80\x97";           // U+F017
inline constexpr const char* list_ol = "\xef\x83\x8b";         // U+F0CB
inline constexpr const char* certificate = "\xef\x82\xa3";     // U+F0A3
inline constexpr const char* user = "\xef\x80\x87";            // U+F007
inline constexpr const char* gavel = "\xef\x83\xa3";           // U+F0E3
inline constexpr const char* times = "\xef\x80\x8d";           // U+F00D
inline constexpr const char* backspace = "\xef\x85\xb7";       // U+F177 long-arrow-left
inline constexpr const char* phone = "\xef\x82\x95";           // U+F095
inline constexpr const char* calendar = "\xef\x81\xb3";        // U+F073
inline constexpr const char* tag = "\xef\x80\xab";             // U+F02B
inline constexpr const char* stop = "\xef\x81\x8d";            // U+F04D
inline constexpr const char* replay = "\xef\x80\x9e";          // U+F01E rotate-right (repeat)
}  // namespace icon

struct FontSet {
  ImFont* small = nullptr;     // secondary lines, freshness, captions
  ImFont* body = nullptr;      // body text and list rows
  ImFont* bold = nullptr;      // emphasis, buttons
  ImFont* heading = nullptr;   // screen and section headings (bold)
  ImFont* title = nullptr;     // big titles (attract screen, item titles)
  ImFont* icon_large = nullptr;// tile icons (Font Awesome only)
  float scale = 1.0f;          // the size factor these were built for
  int glyph_count = 0;         // for the log: how many glyphs the atlas holds
};

struct FontBuildInput {
  std::string manifest_path;             // fonts/fonts.toml
  float scale = 1.0f;                    // ui scale × text size factor
  // Every string the UI and content may show. Text nobody wrote beforehand (what a visitor types,
  // echoed in `bold` and `small`; the staff screen's figures in `body` and `small`) is covered by
  // the manifest's `preload` (every letter the keyboard types), held by those three sizes only:
  // the big heading and title sizes hold ASCII and what `texts` uses, which keeps the atlas small
  // at the largest text size.
  std::vector<std::string> texts;
  // Strings shown only in `bold` (language names in the picker, "touch to start" in other
  // languages): their glyphs go into that one size, so a Vietnamese screen does not pay five
  // copies of the CJK glyphs for the word 中文.
  std::vector<std::string> bold_only_texts;
  // When not empty: the title size (the largest) holds, of the CJK characters (U+2E80-9FFF,
  // compatibility, fullwidth forms) of `texts`, only those these strings use (screen and item titles, body headings,
  // the catalogue). A Chinese screen then pays its ~1 000 content characters in four sizes, not
  // five, the costliest one spared. Other scripts are few and stay whole.
  std::vector<std::string> title_texts;
  // When not empty (one list per FontSet size, in kLayoutSizes order): the atlas of a first screen
  // (kiosk/platform/first_screen.cpp). Each size holds exactly its list, the digits and signs of
  // the clock, and U+FFFD; `texts`, `bold_only_texts`, `title_texts` and the preload are not used.
  std::vector<std::vector<char32_t>> exact_sizes;
};

// The sizes of a FontSet, in the order of FontBuildInput::exact_sizes and drawn_chars.
inline constexpr int kLayoutSizes = 6;  // small, body, bold, heading, title, icon_large

// An atlas built away from ImGui's context, its pixels ready to upload (RGBA32) and its font
// files already let go. Move-only; frees the atlas unless take() handed it on.
class BuiltAtlas {
 public:
  BuiltAtlas() = default;
  ~BuiltAtlas();
  BuiltAtlas(BuiltAtlas&& o) noexcept;
  BuiltAtlas& operator=(BuiltAtlas&& o) noexcept;
  BuiltAtlas(const BuiltAtlas&) = delete;
  BuiltAtlas& operator=(const BuiltAtlas&) = delete;

  bool ok() const { return atlas_ != nullptr && error.empty(); }
  ImFontAtlas* atlas() const { return atlas_; }
  ImFontAtlas* take();                   // the caller owns it now (IM_DELETE)

  FontSet fonts;                         // pointers into atlas()
  std::vector<char32_t> lacking;         // asked for, in no font of the chain: drawn as U+FFFD
  std::string error;                     // a required font file is missing or unreadable
  float scale = 0;                       // FontBuildInput::scale it was built for
  double build_ms = 0;
  int width = 0, height = 0;             // the texture's size in pixels
  bool from_cache = false;               // read from the atlas cache (kiosk/ui/font_cache.h), not rasterised

 private:
  friend BuiltAtlas build_font_atlas(const FontBuildInput& in);
  friend BuiltAtlas load_font_cache(const std::string& dir, const std::string& key, std::string* why);
  ImFontAtlas* atlas_ = nullptr;
};

// Builds the fonts into a new atlas. Any thread: uses no ImGui context.
BuiltAtlas build_font_atlas(const FontBuildInput& in);

// Fonts for a layout pass: the sizes and advances build_font_atlas gives the same characters, and
// no pixels (nothing is rasterised: a few milliseconds for a thousand characters). Each glyph's
// texture coordinates name its character and its size instead of a place in a texture, so the
// draw data of a frame drawn with these fonts says which characters each size drew
// (drawn_chars). The frame lays out exactly as with the real fonts: the same advances, line
// heights and wrapping. Its glyph boxes are wide, so that nothing near a clip edge is culled.
class LayoutFonts {
 public:
  LayoutFonts() = default;
  ~LayoutFonts();
  LayoutFonts(const LayoutFonts&) = delete;
  LayoutFonts& operator=(const LayoutFonts&) = delete;
  ImFontAtlas* atlas() const { return atlas_; }
  FontSet fonts;
  std::string error;

 private:
  friend std::unique_ptr<LayoutFonts> build_layout_fonts(const FontBuildInput& in, const std::vector<char32_t>& chars);
  ImFontAtlas* atlas_ = nullptr;
};

// Layout fonts for `chars` (and ASCII, U+FFFD and the icons), at in.scale, from in.manifest_path.
std::unique_ptr<LayoutFonts> build_layout_fonts(const FontBuildInput& in, const std::vector<char32_t>& chars);

// The characters drawn with layout fonts in `dd`, by size (kLayoutSizes lists, sorted).
std::vector<std::vector<char32_t>> drawn_chars(const ImDrawData* dd);

// The texture coordinates (u0, v0 pairs) of each font's missing-glyph fallback (U+FFFD) in
// `atlas`, and how many glyphs of `dd` were drawn with one: characters the atlas did not hold.
std::vector<float> fallback_glyph_uvs(const ImFontAtlas& atlas);
int count_fallback_glyphs(const ImDrawData* dd, const std::vector<float>& uvs);

// Characters of `texts` that no font in the manifest covers (to tell staff before a "?" shows).
std::vector<char32_t> missing_glyphs(const std::string& manifest_path, const std::vector<std::string>& texts);

}  // namespace tramtin

// Which characters a kiosk can draw: the font manifest (fonts/fonts.toml: which font file serves
// which ranges, in fallback order) and each font's own character map. `tramtin-publish validate`
// uses it so that a character no font has is an error at publish time, not a "?" on a kiosk; the
// kiosk's atlas builder (kiosk/ui/fonts.cpp) reads the same manifest through read_font_manifest.
// Layer: tramtin_content (toml++, stb_truetype from libstb; no SDL, no ImGui).
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "content/base/status.h"

namespace tramtin {

using CodeRanges = std::vector<std::pair<char32_t, char32_t>>;  // inclusive [first, last] pairs

struct FontSource {
  std::string name;                                  // "Noto Sans CJK SC"
  std::string file;                                  // the regular face's file (.ttf, .otf, .ttc)
  std::string bold;                                  // the bold file; empty: the regular one
  int face = 0;                                      // face index inside a collection (.ttc)
  CodeRanges ranges;                                 // what this font is trusted to serve
  CodeRanges preload;                                // always rasterised by the kiosk
};

struct FontManifest {
  std::vector<FontSource> fonts;                     // in fallback order: the first that has a glyph serves it
  std::string icons_file;                            // [icons] file (Font Awesome), may be empty
};

// Reads fonts/fonts.toml. An error names the file and line (a TOML error, a range that is not
// "XXXX-YYYY" hexadecimal, no [[font]] entry).
Result<FontManifest> read_font_manifest(const std::string& path);

// The kiosk's ImGui (Debian's 1.86) stores characters in 16 bits: nothing above U+FFFF can be
// drawn, whatever the fonts hold (emoji, CJK extension B such as U+20000).
inline constexpr char32_t kMaxDrawableCodepoint = 0xFFFF;

// Never drawn as a glyph, so never checked: C0 and C1 controls (\n, \t) and DEL.
inline bool is_control_codepoint(char32_t c) { return c < 0x20 || (c >= 0x7F && c <= 0x9F); }

// Answers "can the kiosk draw this character?" for one manifest. Font files are opened (memory
// mapped, once) only when a character of their ranges is asked about, so Vietnamese-only content
// never touches the 19 MB CJK collection.
class GlyphChecker {
 public:
  explicit GlyphChecker(const std::string& manifest_path);
  ~GlyphChecker();
  GlyphChecker(const GlyphChecker&) = delete;
  GlyphChecker& operator=(const GlyphChecker&) = delete;

  // False when the manifest could not be read: then nothing can be checked (see problems()).
  bool usable() const;
  const std::string& manifest_path() const;
  std::string font_names() const;                    // "Noto Sans, Noto Sans Tai Viet, Noto Sans CJK SC"
  // A character counts as drawable when a font of the chain lists it in its `ranges` AND its file
  // has a glyph for it. A font whose file is missing or unreadable is trusted on its ranges (it
  // cannot be checked here) and named in problems().
  bool drawable(char32_t c);
  // Why some or all glyphs were not checked: the manifest unreadable, a font file missing. Empty
  // when everything was checked. Font files are opened lazily: call after the checks.
  std::vector<std::string> problems() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

// "U+20000 '𠀀'" (the character itself left out when it would not print on its own: marks, spaces,
// format characters).
std::string describe_codepoint(char32_t c);

}  // namespace tramtin

// The review sheet of `tramtin-publish shots SRC OUT/`: OUT/index.html, every item with its
// screens in each language side by side (as the kiosk's own renderer drew them, `tramtin
// --preview SRC --render-items OUT`), so a native speaker can check a Hmong or Thái translation
// against the Vietnamese without a kiosk. Marked on the sheet: letters the kiosk's fonts cannot
// draw, fields shown in Vietnamese because the language has none, items not shown at the time of
// rendering, and what validate says about each item.
// Layer: tramtin_content (std and nlohmann-json; no SDL, no ImGui).
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "content/authoring/reader.h"
#include "content/base/status.h"

namespace tramtin {

// One screen the kiosk rendered (an entry of OUT/shots-<WxH>.json).
struct ReviewShot {
  std::string id, kind, lang, size, file, title;
  bool shown = true;                                 // the item was on screen (live, this channel)
  std::string drawn_at;                              // "14:02 15/12/2026": drawn as on that day (not live now)
  bool fell_back = false;                            // the whole text is the Vietnamese one
  std::vector<std::string> fell_back_fields;         // fields shown in Vietnamese, each marked on screen
};

// Parses a shots-<WxH>.json the kiosk wrote; a clear error for anything else.
Result<std::vector<ReviewShot>> parse_review_shots(std::string_view json_text);

struct ReviewInput {
  std::string source;                                // SRC as given
  std::string generated;                             // "14:02 30/11/2026"
  std::vector<std::string> languages;                // columns, in order (vi first)
  std::vector<std::string> sizes;                    // "1920x1080", …
  std::vector<ReviewShot> shots;
  std::vector<Diagnostic> diagnostics;               // what validate says about SRC
};

// The item a diagnostic is about (an item's id is its folder's name), among `ids`; "" for the
// tree as a whole.
std::string review_item_of(const Diagnostic& d, const std::vector<std::string>& ids);
// True for a diagnostic about a letter the kiosk's fonts cannot draw.
bool is_missing_glyph(const Diagnostic& d);
// The language a diagnostic's file is in ("hmn" for …/hmn.md); "" for item.toml and others.
std::string review_lang_of(const Diagnostic& d);

// The whole page: one file, its style inline, every text escaped, pictures linked relatively.
std::string review_sheet_html(const ReviewInput& in);

}  // namespace tramtin

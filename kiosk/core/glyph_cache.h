// The characters the content uses, by language, cheaply: a bitset pass instead of a set of code
// points, each language's text reduced to its distinct characters (a few KB instead of the whole
// content), and the result kept in the data folder under the content's identity, so a start with
// content it has seen before skips the scan of every item document. Layer: tramtin_kiosk_core.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "content/base/status.h"

namespace tramtin {

// The sorted distinct code points of `texts`.
std::vector<char32_t> distinct_codepoints(const std::vector<std::string>& texts);
// The sorted distinct characters of `text`, as UTF-8 (what the font atlas needs of it).
std::string distinct_text(std::string_view text);

// The file <data_dir>/font-cache/glyphs: a first line naming the content (identity), then one
// "<lang>\t<distinct characters>" line per language. nullopt when absent, for other content or
// unreadable (every line must parse).
std::optional<std::map<std::string, std::string>> read_glyph_cache(const std::string& path, const std::string& identity);
Status write_glyph_cache(const std::string& path, const std::string& identity, const std::map<std::string, std::string>& texts);

}  // namespace tramtin

// The authoring reader: turns a staff source tree (content/FORMAT.md: one folder per item,
// item.toml + <lang>.md with TOML front matter and a Markdown body, media files) into Items, and
// collects every problem as a diagnostic pointing at the offending file and line.
// Layer: tramtin_content (toml++, md4c, libsodium; no SDL, no ImGui).
//
// Used by `tramtin-publish validate/build-db` and by the kiosk's first boot (bundled sample pack).
// The staff preview reads a tree again after each save through IncrementalReader
// (incremental_reader.h), which re-reads only the changed item folders and equals a full reading.
// Never throws; problems are values in SourceTree::diagnostics.
#pragma once

#include <cstdint>
#include <filesystem>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "content/model/model.h"
#include "content/base/status.h"

namespace tramtin {

enum class Severity { error, warning };

struct Diagnostic {
  std::string path;                                  // the file, as the root was given + relative path
  int line = 0;                                      // 1-based; 0 = the file or folder as a whole
  Severity severity = Severity::error;
  std::string message;                               // what is wrong and, where possible, what to write
};

// "path:line: error: message" (or "path: warning: message" when line is 0).
std::string format_diagnostic(const Diagnostic& d);

// One media file of the tree, found through an item's [[media]] table.
struct SourceMedia {
  std::string sha256;                                // lower-case hex
  std::string mime;                                  // "image/png", "image/jpeg", "audio/ogg"
  std::uint64_t size = 0;
  std::filesystem::path path;                        // where its bytes are
};

struct SourceTree {
  // Items in a stable order (sorted by path). When there are errors these are best effort and
  // must not be published: check ok() first.
  std::vector<Item> items;
  std::map<std::string, SourceMedia> media;          // sha256 -> file (one entry per distinct content)
  std::vector<Diagnostic> diagnostics;               // sorted by path, then line
  int item_folders = 0;                              // folders holding an item.toml

  int error_count() const;
  int warning_count() const;
  bool ok() const { return error_count() == 0; }
};

inline constexpr std::uint64_t kMaxMediaBytes = 2u * 1024u * 1024u;  // FORMAT.md: at most 2 MB
inline constexpr std::size_t kMaxTitleChars = 200;                   // code points
inline constexpr std::size_t kMaxSummaryChars = 600;                 // code points

class GlyphChecker;  // content/authoring/glyphs.h

struct ReadOptions {
  // Non-null: every character a kiosk would show (texts of each language file, the shown fields of
  // item.toml) must have a glyph in the kiosk's fonts; one that has none is an error naming the
  // file, the line, the language and the code point. Null: glyphs are not checked (first boot).
  GlyphChecker* glyphs = nullptr;
};

// Reads the whole tree under `root`. Folders and files whose names start with '.' are skipped.
SourceTree read_source_tree(const std::filesystem::path& root, const ReadOptions& options = {});

// The bytes of a media file, checked again against the size and hash the reader recorded (the
// file may have changed since it was validated).
Result<std::string> read_media_bytes(const SourceMedia& media);

// True for a BCP 47 tag in canonical case as language files are named: "vi", "en", "zh-Hans",
// "hmn", "blt", "pt-BR", "es-419". (Plausible, not registry-checked.)
bool is_plausible_language_tag(std::string_view tag);

// Vietnam has one time zone, UTC+07:00, and no daylight saving.
inline constexpr int kVietnamUtcOffsetMinutes = 7 * 60;
// Civil date and time at the given UTC offset -> UnixTime.
UnixTime unix_time_from_civil(int year, int month, int day, int hour, int minute, int second,
                              int utc_offset_minutes);

}  // namespace tramtin

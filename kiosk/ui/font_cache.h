// The font atlas kept on disk: rasterising ~2 000 glyphs at five sizes is most of a cold start
// (and of a language or text-size switch), yet the result depends only on the font files, the
// characters asked for and the scale. After a build the atlas (its alpha pixels, every font's glyph
// table and metrics) is written to <data_dir>/font-cache/ under a key naming all of that; the next
// start with the same key reads it back and rebuilds ImGui's lookup tables instead of rasterising.
// A missing, stale or damaged file is ignored (one log line says which) and the atlas is built;
// a read-only folder only costs the speed-up. Layer: tramtin (ImGui).
#pragma once

#include <string>
#include <vector>

#include "content/base/status.h"
#include "kiosk/ui/fonts.h"

namespace tramtin {

// Everything an atlas built from `in` depends on, as bytes: the format version, ImGui's version,
// this program (size and time of /proc/self/exe: a new build may draw differently), the manifest
// and every font file it names (path, size, mtime, inode), the scale and both character sets.
std::string font_cache_key(const FontBuildInput& in);

// The file for `key` in `dir`: fonts-<16 hex digits of the key's hash>.atlas.
std::string font_cache_path(const std::string& dir, const std::string& key);

// The atlas `b` (as build_font_atlas returns it: pixels not yet uploaded) as file bytes.
std::string serialize_font_cache(const std::string& key, const BuiltAtlas& b);

// Writes `bytes` for `key` into `dir` (created when missing) atomically, then removes all but the
// `keep` newest atlas files there. An error says what failed; nothing else depends on it.
Status write_font_cache(const std::string& dir, const std::string& key, const std::string& bytes, int keep = 6);

// Reads the atlas for `key` from `dir`. Not ok() when there is none (*why empty) or it cannot be
// used (*why says why: another key, a bad checksum, a short file, another format).
BuiltAtlas load_font_cache(const std::string& dir, const std::string& key, std::string* why);

// From cache when the key matches, else built (and *to_write gets the bytes to store, empty when
// nothing should be written). Any thread.
BuiltAtlas build_font_atlas_cached(const FontBuildInput& in, const std::string& dir, std::string* key_out,
                                   std::string* to_write);

}  // namespace tramtin

// A source tree (read by read_source_tree, with the glyph check) straight into a kiosk cache: the
// cache's whole content replaced in one transaction. Shared by `tramtin-publish build-db` and the kiosk's preview
// (`tramtin --preview SRC`), so what an author previews is what build-db would write.
// Layer: tramtin_content (no SDL, no ImGui; the cache through its own API, no SQL here).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "content/authoring/reader.h"
#include "content/base/status.h"
#include "content/store/cache.h"

namespace tramtin {

struct TreeCacheOptions {
  // false (build-db): every media file must read back with the hash the reader recorded.
  // true (preview): a media file that cannot be read is left out and named in `skipped_media`,
  // so one broken picture does not hide every other edit.
  bool skip_unreadable_media = false;
};

struct TreeCacheStats {
  std::size_t media_files = 0;
  std::uintmax_t media_bytes = 0;
  std::vector<std::string> skipped_media;            // "path: why" (skip_unreadable_media only)
};

// Replaces the content of `cache` (a writer) with the tree's items and media, recording `meta`.
// The caller decides whether a tree with errors may be written (build-db: never; preview: its
// best-effort items, so the author sees everything that does read). Nothing changes on failure.
Status write_tree_to_cache(const SourceTree& tree, Cache& cache, const ContentMeta& meta,
                           const TreeCacheOptions& options = {}, TreeCacheStats* stats = nullptr);

}  // namespace tramtin

// A source tree (read by read_source_tree, with the glyph check) straight into a kiosk cache: the
// cache's whole content replaced in one transaction, or (TreeCacheWriter, for the preview's
// readings one after another) only what changed since the last write. Shared by `tramtin-publish build-db` and the kiosk's preview
// (`tramtin --preview SRC`), so what an author previews is what build-db would write.
// Layer: tramtin_content (no SDL, no ImGui; the cache through its own API, no SQL here).
#pragma once

#include <cstdint>
#include <map>
#include <set>
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
  std::vector<std::string> skipped_sha256;           // the same, by hash
  // TreeCacheWriter only:
  bool incremental = false;                          // apply_changes with the difference (false: replace_all)
  std::size_t items_written = 0, items_removed = 0, media_removed = 0;
  std::string fell_back;                             // why an incremental write gave way to replace_all
};

// Replaces the content of `cache` (a writer) with the tree's items and media, recording `meta`.
// The caller decides whether a tree with errors may be written (build-db: never; preview: its
// best-effort items, so the author sees everything that does read). Nothing changes on failure.
Status write_tree_to_cache(const SourceTree& tree, Cache& cache, const ContentMeta& meta,
                           const TreeCacheOptions& options = {}, TreeCacheStats* stats = nullptr);

// Keeps a cache equal to the latest reading of a tree, writing only the difference from the last
// write it made (Cache::apply_changes, one transaction): the items that are new or not equal to
// the ones written, the ids gone, the media added (only their bytes are read) and dropped. The
// first write, a write after forget(), and any incremental write the cache refuses replace
// everything (write_tree_to_cache). The end state is the same as write_tree_to_cache's. It must
// be the only writer of the cache's content; nothing changes on failure.
class TreeCacheWriter {
 public:
  Status write(const SourceTree& tree, Cache& cache, const ContentMeta& meta, const TreeCacheOptions& options = {},
               TreeCacheStats* stats = nullptr);
  void forget() { known_ = false; }

 private:
  Status write_all(const SourceTree& tree, Cache& cache, const ContentMeta& meta, const TreeCacheOptions& options,
                   TreeCacheStats& stats);
  bool known_ = false;                               // items_ and media_ are what the cache holds
  std::map<std::string, Item> items_;
  std::set<std::string> media_;
};

}  // namespace tramtin

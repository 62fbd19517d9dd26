// A source tree straight into a kiosk cache (see tree_cache.h). Layer: tramtin_content.
#include "content/authoring/tree_cache.h"

namespace tramtin {

Status write_tree_to_cache(const SourceTree& tree, Cache& cache, const ContentMeta& meta,
                           const TreeCacheOptions& options, TreeCacheStats* stats) {
  TreeCacheStats local;
  TreeCacheStats& st = stats ? *stats : local;
  st = {};
  std::vector<MediaBlob> blobs;
  for (const auto& [sha, m] : tree.media) {
    auto bytes = read_media_bytes(m);
    if (!bytes) {
      if (!options.skip_unreadable_media) return Status::error(ErrorKind::input, bytes.error());
      st.skipped_media.push_back(m.path.string() + ": " + bytes.error());
      continue;
    }
    st.media_bytes += m.size;
    blobs.push_back({sha, m.mime, std::move(*bytes)});
  }
  st.media_files = blobs.size();
  return cache.replace_all(tree.items, blobs, meta);
}

}  // namespace tramtin

// A source tree straight into a kiosk cache (see tree_cache.h). Layer: tramtin_content.
#include "content/authoring/tree_cache.h"

#include "content/base/hash.h"

namespace tramtin {

namespace {

// One media file's bytes for the cache, checked against what the reader recorded. A file that
// cannot be read stops the write, or (skip_unreadable_media) is left out and named in the stats.
Status read_blob(const std::string& sha, const SourceMedia& m, const TreeCacheOptions& options, TreeCacheStats& st,
                 std::vector<MediaBlob>& into) {
  auto bytes = read_media_bytes(m);
  if (!bytes) {
    if (!options.skip_unreadable_media) return Status::error(ErrorKind::input, bytes.error());
    st.skipped_media.push_back(m.path.string() + ": " + bytes.error());
    st.skipped_sha256.push_back(sha);
    return {};
  }
  st.media_bytes += m.size;
  into.push_back({sha, m.mime, std::move(*bytes)});
  return {};
}

}  // namespace

Status write_tree_to_cache(const SourceTree& tree, Cache& cache, const ContentMeta& meta,
                           const TreeCacheOptions& options, TreeCacheStats* stats) {
  TreeCacheStats local;
  TreeCacheStats& st = stats ? *stats : local;
  st = {};
  std::vector<MediaBlob> blobs;
  for (const auto& [sha, m] : tree.media)
    if (Status s = read_blob(sha, m, options, st, blobs); !s) return s;
  st.media_files = blobs.size();
  return cache.replace_all(tree.items, blobs, meta);
}

Status TreeCacheWriter::write_all(const SourceTree& tree, Cache& cache, const ContentMeta& meta,
                                  const TreeCacheOptions& options, TreeCacheStats& st) {
  std::string fell_back = std::move(st.fell_back);
  Status s = write_tree_to_cache(tree, cache, meta, options, &st);
  st.fell_back = std::move(fell_back);
  if (!s) return s;  // the cache is as before: what we knew of it still holds
  items_.clear();
  for (const Item& it : tree.items) items_.emplace(it.id, it);
  media_.clear();
  for (const auto& [sha, m] : tree.media) media_.insert(sha);
  // Left out (unreadable): not held, so the next write tries it again, as a full write would.
  for (const std::string& sha : st.skipped_sha256) media_.erase(sha);
  st.items_written = tree.items.size();
  known_ = true;
  return s;
}

Status TreeCacheWriter::write(const SourceTree& tree, Cache& cache, const ContentMeta& meta,
                              const TreeCacheOptions& options, TreeCacheStats* stats) {
  TreeCacheStats local;
  TreeCacheStats& st = stats ? *stats : local;
  st = {};
  if (!known_) return write_all(tree, cache, meta, options, st);

  ContentChanges ch;
  std::set<std::string> ids;
  for (const Item& it : tree.items) {
    if (!ids.insert(it.id).second) {  // the cache refuses it either way; replace_all says why
      st.fell_back = "duplicate item id " + it.id;
      return write_all(tree, cache, meta, options, st);
    }
    auto old = items_.find(it.id);
    if (old != items_.end() && old->second == it) continue;
    ch.upsert.push_back(it);
    ch.upsert_sha256.push_back(sha256_hex(item_to_json(it)));
  }
  for (const auto& [id, it] : items_)
    if (!ids.count(id)) ch.remove.push_back(id);
  for (const auto& [sha, m] : tree.media) {
    if (media_.count(sha)) continue;
    if (Status s = read_blob(sha, m, options, st, ch.add_media); !s) return s;
  }
  for (const std::string& sha : media_)
    if (!tree.media.count(sha)) ch.remove_media.push_back(sha);
  st.media_files = ch.add_media.size();

  if (Status s = cache.apply_changes(ch, meta); !s) {
    st.fell_back = s.message;
    st.skipped_media.clear();
    st.skipped_sha256.clear();
    st.media_bytes = 0;
    return write_all(tree, cache, meta, options, st);
  }
  for (Item& it : ch.upsert) {
    const std::string id = it.id;
    items_.insert_or_assign(id, std::move(it));
  }
  for (const std::string& id : ch.remove) items_.erase(id);
  for (const MediaBlob& m : ch.add_media) media_.insert(m.sha256);
  for (const std::string& sha : ch.remove_media) media_.erase(sha);
  st.incremental = true;
  st.items_written = ch.upsert.size();
  st.items_removed = ch.remove.size();
  st.media_removed = ch.remove_media.size();
  return {};
}

}  // namespace tramtin

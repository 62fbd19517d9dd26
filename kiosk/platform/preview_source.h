// The preview's source tree: read into a temporary kiosk cache with the same library code as
// `tramtin-publish build-db` (content/authoring/tree_cache.h), then watched with inotify on a
// thread of its own. Each burst of saves is read again, only the item folders that changed
// (content/authoring/incremental_reader.h, told by inotify which paths changed), and only the
// difference written to the cache in one transaction (TreeCacheWriter); TRAMTIN_PREVIEW_FULL=1 in
// the environment reads and writes everything every time instead (the benchmark's baseline); the result (what validate says, how long it took) waits for the UI thread, which
// takes it between frames. The kiosk's ContentState sees the new content through the cache's
// data version, as it sees a sync. Nothing here is signed, and the kiosk's own cache is never
// touched. Layer: tramtin (kiosk/platform; Linux inotify, no SDL, no ImGui).
#pragma once

#include <atomic>
#include <chrono>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "content/authoring/glyphs.h"
#include "content/authoring/incremental_reader.h"
#include "content/authoring/reader.h"
#include "content/authoring/tree_cache.h"
#include "content/base/status.h"
#include "content/model/model.h"
#include "content/store/cache.h"

namespace tramtin {

// One reading of the tree, as the side panel shows it.
struct PreviewSnapshot {
  int generation = 0;                                // 1: the reading at start; +1 per burst of saves
  std::vector<Diagnostic> diagnostics;               // what validate says, sorted by path and line
  int errors = 0, warnings = 0, item_folders = 0;
  std::map<std::string, Kind> items;                 // id -> kind of every item read (to open them)
  std::vector<std::string> languages;                // of the items' texts: vi first, then the kiosk's order
  std::map<std::string, std::pair<UnixTime, UnixTime>> schedule;  // id -> publish_at, expire_at (when set)
  std::vector<std::string> notes;                    // glyphs not checked, media left out, not applied
  bool applied = false;                              // the cache now holds this reading
  double build_ms = 0;                               // reading the tree and writing the cache
  double read_ms = 0;                                // of which reading the tree
  double build_cpu_ms = 0, read_cpu_ms = 0;          // the same in CPU time (a busy machine waits longer)
  int folders_read = 0;                              // item folders read (the others were reused)
  bool incremental_write = false;                    // only the difference was written
  int items_written = 0;                             // items written (new or changed)
  // The first file event of the burst this reading answers (the start for generation 1): the
  // panel shows how long a save took to reach the screen.
  std::chrono::steady_clock::time_point changed_at{};
};

class PreviewSource {
 public:
  PreviewSource(std::string src, std::string db_path, std::string fonts_manifest);
  ~PreviewSource();
  PreviewSource(const PreviewSource&) = delete;
  PreviewSource& operator=(const PreviewSource&) = delete;

  // Reads the tree and writes the cache on the calling thread (before the kiosk opens it). An
  // error means there is nothing to show at all (the folder is missing, the cache unwritable).
  Result<PreviewSnapshot> build_now();
  // Starts watching; `on_ready` runs on the watcher's thread after each new reading (it must not
  // block: the kiosk pushes a wake event).
  Status start(std::function<void()> on_ready);
  void stop();
  // UI thread, between frames: the newest reading not taken yet.
  std::optional<PreviewSnapshot> take();
  int watched_folders() const { return watched_.load(); }

 private:
  PreviewSnapshot build(std::chrono::steady_clock::time_point changed_at);
  void watch_tree();
  void run();

  std::string src_, db_path_, fonts_manifest_;
  int generation_ = 0;
  int inotify_fd_ = -1;
  int stop_fd_ = -1;
  std::map<int, std::string> watches_;               // watch descriptor -> folder
  std::atomic<int> watched_{0};
  std::unique_ptr<GlyphChecker> glyphs_;             // kept: its fonts are read once, not per save
  std::unique_ptr<IncrementalReader> reader_;        // watcher thread (build_now before it starts)
  std::unique_ptr<Cache> cache_;                     // the preview cache's writer (the UI thread has its reader)
  TreeCacheWriter writer_;
  bool full_ = false;                                // TRAMTIN_PREVIEW_FULL: read and write everything each time
  std::function<void()> on_ready_;
  std::thread thread_;
  std::mutex mu_;
  std::optional<PreviewSnapshot> ready_;
};

}  // namespace tramtin

// A source tree read again and again as it is edited (the staff preview, `tramtin --preview`),
// each reading equal to a full read_source_tree but re-reading only the item folders that changed.
// An item folder's reading depends on nothing but the folder's own files (media paths may not leave
// it), so a folder whose names, sizes, times and inodes are all as before is not read again: its
// Item, diagnostics and media are reused. The layout walk (which folders are items) and the checks
// across items (duplicate ids, which file a shared media hash points at, "no items found") run
// over the whole set every time, through the same code as read_source_tree (reader_parts.h).
// Layer: tramtin_content (POSIX stat; no SDL, no ImGui).
#pragma once

#include <filesystem>
#include <map>
#include <set>
#include <string>

#include "content/authoring/reader.h"
#include "content/authoring/reader_parts.h"

namespace tramtin {

struct IncrementalStats {
  int item_folders = 0;                              // item folders in the tree
  int reread = 0;                                    // of which read again (new, changed, named by changed(), or too recent to trust)
  bool full = false;                                 // every folder was read (the first reading, or after forget())
  int recent = 0;                                    // folders too recently written to trust: read again next time
};

class IncrementalReader {
 public:
  // `racy_ns`: see kRacyNs (tests on a local file system, whose clock ticks in milliseconds, use less).
  explicit IncrementalReader(std::filesystem::path root, ReadOptions options = {}, long long racy_ns = kRacyNs);

  // The tree as read_source_tree(root, options) would read it now.
  SourceTree read(IncrementalStats* stats = nullptr);
  // A file or folder that changed (an inotify event): the item folder holding it is read again
  // at the next read() whatever its fingerprint says. A folder above item folders needs no call:
  // the layout is walked every time.
  void changed(const std::filesystem::path& path);
  // The next read() reads every folder (e.g. inotify dropped events).
  void forget();

  // A folder whose newest file time is this close to a reading may have been written again in the
  // same tick of the file system's clock (FAT keeps times to 2 s): it is read again until older.
  static constexpr long long kRacyNs = 2'100'000'000;

 private:
  struct Kept {
    reader_parts::ItemFolder folder;
    std::string fingerprint;
    bool trusted = false;                            // older than kRacyNs at its reading
  };
  std::filesystem::path root_;
  ReadOptions options_;
  long long racy_ns_;
  std::map<std::string, Kept> kept_;                 // by item folder path
  std::set<std::string> changed_;                    // paths named by changed() since the last read
  bool forget_ = true;
};

// Names, types, sizes, inodes and change times of everything under an item folder (symlinks as
// links and as what they point at); `newest_ns` gets the newest time seen. Equal fingerprints mean
// nothing the reader looks at changed, unless a write fell in the same clock tick (see kRacyNs).
std::string item_folder_fingerprint(const std::filesystem::path& dir, long long* newest_ns = nullptr);

}  // namespace tramtin

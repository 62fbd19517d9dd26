// A source tree read again, only the changed item folders (see incremental_reader.h).
// Layer: tramtin_content.
#include "content/authoring/incremental_reader.h"

#include <sys/stat.h>

#include <algorithm>
#include <ctime>
#include <vector>

namespace tramtin {

namespace fs = std::filesystem;

namespace {

long long ns_of(const timespec& t) { return static_cast<long long>(t.tv_sec) * 1'000'000'000LL + t.tv_nsec; }

void add_stat(std::string& fp, const struct stat& st, long long* newest) {
  fp += std::to_string(st.st_mode) + ' ' + std::to_string(st.st_ino) + ' ' + std::to_string(st.st_size) + ' ' +
        std::to_string(ns_of(st.st_mtim)) + ' ' + std::to_string(ns_of(st.st_ctim));
  if (newest) *newest = std::max({*newest, ns_of(st.st_mtim), ns_of(st.st_ctim)});
}

void fingerprint_into(const fs::path& dir, const std::string& rel, std::string& fp, long long* newest, int depth) {
  std::vector<std::string> names;
  std::error_code ec;
  for (fs::directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec))
    names.push_back(it->path().filename().string());
  if (ec) fp += "!list " + rel + ' ' + ec.message() + '\n';
  std::sort(names.begin(), names.end());
  for (const std::string& name : names) {
    const fs::path p = dir / name;
    const std::string r = rel.empty() ? name : rel + '/' + name;
    fp += r;
    fp += '\t';
    struct stat st {};
    if (::lstat(p.c_str(), &st) != 0) {
      fp += "gone\n";
      continue;
    }
    add_stat(fp, st, newest);
    const bool is_dir = S_ISDIR(st.st_mode);
    if (S_ISLNK(st.st_mode)) {
      fp += " -> ";
      if (::stat(p.c_str(), &st) == 0) add_stat(fp, st, newest);
      else fp += "dangling";
    }
    fp += '\n';
    // Links to folders are not followed (the reader refuses media outside the folder anyway).
    if (is_dir && depth < 32) fingerprint_into(p, r, fp, newest, depth + 1);
  }
}

bool inside(const std::string& path, const std::string& dir) {
  return path == dir || (path.size() > dir.size() && path.compare(0, dir.size(), dir) == 0 && path[dir.size()] == '/');
}

}  // namespace

std::string item_folder_fingerprint(const fs::path& dir, long long* newest_ns) {
  long long newest = 0;
  std::string fp;
  struct stat st {};
  if (::stat(dir.c_str(), &st) == 0) add_stat(fp, st, &newest);
  fp += '\n';
  fingerprint_into(dir, {}, fp, &newest, 0);
  if (newest_ns) *newest_ns = newest;
  return fp;
}

IncrementalReader::IncrementalReader(fs::path root, ReadOptions options, long long racy_ns)
    : root_(std::move(root)), options_(options), racy_ns_(racy_ns) {}

void IncrementalReader::changed(const fs::path& path) {
  changed_.insert(path.lexically_normal().string());
}

void IncrementalReader::forget() { forget_ = true; }

SourceTree IncrementalReader::read(IncrementalStats* stats) {
  IncrementalStats local;
  IncrementalStats& s = stats ? *stats : local;
  s = {};
  s.full = forget_;
  if (forget_) kept_.clear();
  forget_ = false;

  timespec now{};
  clock_gettime(CLOCK_REALTIME, &now);
  const long long started = ns_of(now);

  const reader_parts::Layout layout = reader_parts::read_layout(root_);
  std::map<std::string, Kept> next;
  std::vector<const reader_parts::ItemFolder*> folders;
  for (const auto& e : layout.entries) {
    if (!e.is_item) continue;
    ++s.item_folders;
    const std::string key = e.dir.lexically_normal().string();
    long long newest = 0;
    // Taken before the folder is read: a write during the reading shows as a change next time.
    std::string fp = item_folder_fingerprint(e.dir, &newest);
    const bool named = std::any_of(changed_.begin(), changed_.end(), [&](const std::string& c) { return inside(c, key); });
    auto old = kept_.find(key);
    Kept k;
    if (old != kept_.end() && old->second.trusted && !named && old->second.fingerprint == fp) {
      k = std::move(old->second);
    } else {
      ++s.reread;
      k.folder = reader_parts::read_item_folder(e.dir, options_.glyphs);
      k.fingerprint = std::move(fp);
      k.trusted = newest < started - racy_ns_;
    }
    if (!k.trusted) ++s.recent;
    // The same folder twice cannot happen (the walk visits each once); keep the first if it did.
    auto [it, fresh] = next.emplace(key, std::move(k));
    (void)fresh;
    folders.push_back(&it->second.folder);
  }
  changed_.clear();
  if (s.reread == s.item_folders) s.full = true;
  SourceTree tree = reader_parts::assemble(root_, layout, folders);
  kept_ = std::move(next);  // folders gone from the tree are dropped here
  return tree;
}

}  // namespace tramtin

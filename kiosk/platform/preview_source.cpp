// The preview's source tree, read into a temporary cache and watched (see preview_source.h).
// Layer: tramtin (kiosk/platform; Linux inotify).
#include "kiosk/platform/preview_source.h"

#include <poll.h>
#include <sys/eventfd.h>
#include <sys/inotify.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <ctime>
#include <filesystem>
#include <set>

#include "content/authoring/tree_cache.h"
#include "content/base/log.h"
#include "content/store/cache.h"

namespace tramtin {

namespace {

using Clock = std::chrono::steady_clock;

// Saves come in bursts (an editor writes a temporary file, renames it, touches the folder): the
// tree is read once the burst has been quiet this long, or at the latest this long after it began.
constexpr int kQuietMs = 40;
constexpr int kMaxWaitMs = 200;

constexpr std::uint32_t kWatchMask = IN_CLOSE_WRITE | IN_MODIFY | IN_MOVED_TO | IN_MOVED_FROM | IN_CREATE |
                                     IN_DELETE | IN_DELETE_SELF | IN_MOVE_SELF | IN_ATTRIB;

// Editors' own files: swap files, backups, vim's write test. The reader skips dot files too.
bool ignored_name(const char* name) {
  if (!name || !*name) return false;
  const std::string n(name);
  if (n[0] == '.' || n.back() == '~' || n == "4913") return true;
  for (const char* suffix : {".swp", ".swx", ".tmp"})
    if (n.size() > std::strlen(suffix) && n.compare(n.size() - std::strlen(suffix), std::string::npos, suffix) == 0)
      return true;
  return false;
}

// CPU time of this thread: with the wall time it tells a slow reading from a busy machine.
double thread_cpu_ms() {
  timespec ts{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
  return double(ts.tv_sec) * 1000.0 + double(ts.tv_nsec) / 1e6;
}

}  // namespace

PreviewSource::PreviewSource(std::string src, std::string db_path, std::string fonts_manifest)
    : src_(std::move(src)), db_path_(std::move(db_path)), fonts_manifest_(std::move(fonts_manifest)) {
  const char* full = std::getenv("TRAMTIN_PREVIEW_FULL");
  full_ = full && *full && std::string(full) != "0";
}

PreviewSource::~PreviewSource() { stop(); }

PreviewSnapshot PreviewSource::build(Clock::time_point changed_at) {
  const auto t0 = Clock::now();
  const double cpu0 = thread_cpu_ms();
  PreviewSnapshot s;
  s.generation = ++generation_;
  s.changed_at = changed_at;
  // As validate and build-db read it: every shown letter must have a glyph in the kiosk's fonts.
  ReadOptions ro;
  if (!fonts_manifest_.empty()) {
    if (!glyphs_) glyphs_ = std::make_unique<GlyphChecker>(fonts_manifest_);
    ro.glyphs = glyphs_.get();
  }
  if (!reader_) reader_ = std::make_unique<IncrementalReader>(src_, ro);
  if (full_) reader_->forget();
  IncrementalStats rs;
  SourceTree tree = reader_->read(&rs);
  s.folders_read = rs.reread;
  if (glyphs_)
    for (auto& p : glyphs_->problems()) s.notes.push_back("glyphs not checked: " + p);
  s.read_ms = std::chrono::duration<double, std::milli>(Clock::now() - t0).count();
  s.read_cpu_ms = thread_cpu_ms() - cpu0;
  s.diagnostics = tree.diagnostics;
  s.errors = tree.error_count();
  s.warnings = tree.warning_count();
  s.item_folders = tree.item_folders;
  std::set<std::string> langs;
  for (const auto& it : tree.items) {
    s.items[it.id] = it.kind;
    if (it.publish_at || it.expire_at) s.schedule[it.id] = {it.publish_at, it.expire_at};
    if (it.kind == Kind::strings || it.kind == Kind::synonyms) continue;
    for (const auto& t : it.texts) langs.insert(t.lang);
  }
  // The kiosk's usual picker order first (config/tramtin.toml), then any other by name.
  for (const char* l : {"vi", "en", "zh-Hans", "hmn", "blt"})
    if (langs.erase(l)) s.languages.push_back(l);
  s.languages.insert(s.languages.end(), langs.begin(), langs.end());

  // A tree with errors is still shown as far as it reads: the author is in the middle of an edit,
  // and build-db's refusal would hide every other change. It is never signed or published.
  ContentMeta meta;
  meta.version = s.generation;
  meta.channel = "preview";
  meta.applied_at = static_cast<UnixTime>(std::time(nullptr));
  meta.source = "preview:" + src_;
  // Kept open from one reading to the next (the old way, TRAMTIN_PREVIEW_FULL, opened it each time).
  if (full_) cache_.reset();
  if (!cache_) {
    auto opened = Cache::open(db_path_, Cache::Mode::writer);
    if (!opened) {
      s.notes.push_back("not shown: cannot open the preview cache: " + opened.error());
    } else {
      cache_ = std::move(*opened);
      if (Status st = cache_->set_throwaway(); !st) log::warn("preview", st.message);
      writer_.forget();  // a cache opened again: its content is written whole
    }
  }
  if (cache_) {
    TreeCacheOptions opt;
    opt.skip_unreadable_media = true;
    TreeCacheStats stats;
    if (full_) writer_.forget();
    if (Status st = writer_.write(tree, *cache_, meta, opt, &stats); !st) {
      s.notes.push_back("not shown (the screen keeps the last reading): " + st.message);
    } else {
      s.applied = true;
      s.incremental_write = stats.incremental;
      s.items_written = int(stats.items_written);
      if (!stats.fell_back.empty()) log::info("preview", "wrote the whole cache again: " + stats.fell_back);
    }
    for (auto& m : stats.skipped_media) s.notes.push_back("picture left out: " + m);
  }
  s.build_ms = std::chrono::duration<double, std::milli>(Clock::now() - t0).count();
  s.build_cpu_ms = thread_cpu_ms() - cpu0;
  return s;
}

Result<PreviewSnapshot> PreviewSource::build_now() {
  std::error_code ec;
  if (!std::filesystem::is_directory(src_, ec))
    return Status::error(ErrorKind::input, "--preview " + src_ + ": no such folder (give a content source tree, e.g. content/sample)");
  PreviewSnapshot s = build(Clock::now());
  if (!s.applied && s.items.empty())
    return Status::error(ErrorKind::input, "--preview " + src_ + ": nothing to show (" +
                                               (s.notes.empty() ? std::string("no items") : s.notes.back()) + ")");
  return s;
}

// Every folder of the tree (but dot folders, which the reader skips too). Adding a folder watched
// already is harmless (inotify returns the same descriptor), so this runs after every reading and
// catches folders created since.
void PreviewSource::watch_tree() {
  namespace fs = std::filesystem;
  auto add = [this](const fs::path& p) {
    const int wd = inotify_add_watch(inotify_fd_, p.c_str(), kWatchMask | IN_ONLYDIR);
    if (wd >= 0) watches_[wd] = p.string();
    else log::warn("preview", "cannot watch " + p.string() + ": " + std::strerror(errno));
  };
  add(src_);
  std::error_code ec;
  for (fs::recursive_directory_iterator it(src_, fs::directory_options::skip_permission_denied, ec), end;
       !ec && it != end; it.increment(ec)) {
    const std::string name = it->path().filename().string();
    if (!name.empty() && name[0] == '.') {
      if (it->is_directory(ec)) it.disable_recursion_pending();
      continue;
    }
    if (it->is_directory(ec) && !it->is_symlink(ec)) add(it->path());
  }
  watched_ = int(watches_.size());
}

Status PreviewSource::start(std::function<void()> on_ready) {
  on_ready_ = std::move(on_ready);
  inotify_fd_ = inotify_init1(IN_NONBLOCK | IN_CLOEXEC);
  if (inotify_fd_ < 0) return Status::error(ErrorKind::storage, std::string("cannot watch the source tree (inotify): ") + std::strerror(errno));
  stop_fd_ = eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
  if (stop_fd_ < 0) return Status::error(ErrorKind::storage, std::string("eventfd: ") + std::strerror(errno));
  watch_tree();
  log::info("preview", "watching " + std::to_string(watched_.load()) + " folders of " + src_);
  thread_ = std::thread([this] { run(); });
  return {};
}

void PreviewSource::stop() {
  if (thread_.joinable()) {
    const std::uint64_t one = 1;
    if (::write(stop_fd_, &one, sizeof one) < 0) log::warn("preview", "cannot stop the watcher cleanly");
    thread_.join();
  }
  if (inotify_fd_ >= 0) ::close(inotify_fd_);
  if (stop_fd_ >= 0) ::close(stop_fd_);
  inotify_fd_ = stop_fd_ = -1;
}

std::optional<PreviewSnapshot> PreviewSource::take() {
  std::lock_guard<std::mutex> lock(mu_);
  std::optional<PreviewSnapshot> out = std::move(ready_);
  ready_.reset();
  return out;
}

void PreviewSource::run() {
  alignas(inotify_event) char buf[16 * 1024];
  bool pending = false;
  Clock::time_point first{}, last{};
  for (;;) {
    int timeout = -1;
    if (pending) {
      const auto now = Clock::now();
      const auto quiet_at = last + std::chrono::milliseconds(kQuietMs);
      const auto latest = first + std::chrono::milliseconds(kMaxWaitMs);
      const auto due = std::min(quiet_at, latest);
      timeout = due <= now ? 0 : int(std::chrono::duration_cast<std::chrono::milliseconds>(due - now).count()) + 1;
    }
    pollfd fds[2] = {{inotify_fd_, POLLIN, 0}, {stop_fd_, POLLIN, 0}};
    const int n = ::poll(fds, 2, timeout);
    if (n < 0 && errno != EINTR) {
      log::error("preview", std::string("watching the source tree failed: ") + std::strerror(errno));
      return;
    }
    if (fds[1].revents) return;
    if (n > 0 && (fds[0].revents & POLLIN)) {
      for (;;) {
        const ssize_t len = ::read(inotify_fd_, buf, sizeof buf);
        if (len <= 0) break;
        for (ssize_t at = 0; at < len;) {
          const auto* ev = reinterpret_cast<const inotify_event*>(buf + at);
          at += ssize_t(sizeof(inotify_event) + ev->len);
          if (ev->mask & IN_IGNORED) {
            watches_.erase(ev->wd);
            continue;
          }
          if (!(ev->mask & IN_Q_OVERFLOW) && ev->len > 0 && ignored_name(ev->name)) continue;
          // Which item folder to read again; events were lost: every folder.
          if (reader_) {
            auto w = watches_.find(ev->wd);
            if ((ev->mask & IN_Q_OVERFLOW) || w == watches_.end()) reader_->forget();
            else reader_->changed(ev->len > 0 ? std::filesystem::path(w->second) / ev->name : std::filesystem::path(w->second));
          }
          const auto now = Clock::now();
          if (!pending) first = now;
          pending = true;
          last = now;
        }
      }
      continue;  // look again: the burst may not be over
    }
    if (!pending) continue;
    const auto now = Clock::now();
    if (now < last + std::chrono::milliseconds(kQuietMs) && now < first + std::chrono::milliseconds(kMaxWaitMs)) continue;
    pending = false;
    try {
      PreviewSnapshot s = build(first);
      auto ms = [](double v) {
        char b[32];
        std::snprintf(b, sizeof b, "%.1f", v);
        return std::string(b);
      };
      log::info("preview", "read the tree again in " + ms(s.build_ms) + " ms (reading " + ms(s.read_ms) +
                               " ms; CPU " + ms(s.build_cpu_ms) + " ms, reading " + ms(s.read_cpu_ms) + " ms): " +
                               std::to_string(s.errors) + " errors, " + std::to_string(s.warnings) + " warnings; " +
                               std::to_string(s.folders_read) + " of " + std::to_string(s.item_folders) +
                               " item folders read, " + std::to_string(s.items_written) + " items written" +
                               (s.incremental_write ? " (changes only)" : " (whole cache)"));
      watch_tree();
      {
        std::lock_guard<std::mutex> lock(mu_);
        ready_ = std::move(s);
      }
      if (on_ready_) on_ready_();
    } catch (const std::exception& e) {  // exceptions never cross a thread
      log::error("preview", std::string("reading the tree failed: ") + e.what());
    }
  }
}

}  // namespace tramtin

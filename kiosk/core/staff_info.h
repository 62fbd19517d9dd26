// The staff screen's figures (StaffInfo), how the app collects them between frames, how they are
// put into words for a technician, and the network test that runs on its own thread.
// Layer: tramtin_kiosk_core (no SDL, no ImGui, no SQL; kiosk/ui/screens/screen_staff.cpp draws it).
//
// Flow: the app owns a StaffLock (make_staff_lock), a NetworkTester and the sync worker. Between
// frames, while the staff screen shows, it fills a StaffInfo with collect_staff_info() (cheap:
// statvfs, one stat per file, /proc/self/statm) and points Ui::staff at it. The screen formats it
// with staff_sections() against Ui::now, so ages and the lockout countdown stay right without a
// new collection every frame.
#pragma once

#include <atomic>
#include <cstdint>
#include <functional>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "content/store/cache.h"
#include "content/settings/config.h"
#include "content/sync/worker.h"
#include "kiosk/core/staff_lock.h"

namespace tramtin {

// ---- The network test.

struct NetTest {
  enum class Phase { never, running, done };
  Phase phase = Phase::never;
  bool ok = false;                     // done: at least one feed answered with its manifest
  std::string summary;                 // one sentence in Vietnamese ("Mạng tốt: …", "Không kết nối được …")
  std::vector<std::string> details;    // one line per feed: URL, then what happened (curl's words kept)
  UnixTime started_at = 0, finished_at = 0;
};

// Checks every feed of cfg.sync.feeds in order with HEAD <feed>/manifest.json (a few hundred bytes
// on the wire, so it costs almost nothing on a metered link), with short timeouts. Blocking: run it
// off the UI thread (NetworkTester does). `cancel` stops it promptly.
NetTest run_network_test(const Config& cfg, const std::atomic<bool>* cancel = nullptr,
                         long connect_timeout_seconds = 10, long total_timeout_seconds = 20);

// Runs run_network_test on its own thread, one at a time.
class NetworkTester {
 public:
  using Clock = std::function<UnixTime()>;
  explicit NetworkTester(Config cfg, Clock clock = sync::system_now);
  ~NetworkTester();                    // cancels a test in progress and joins
  NetworkTester(const NetworkTester&) = delete;
  NetworkTester& operator=(const NetworkTester&) = delete;

  // Called on the tester thread when a test finishes (the kiosk pushes its SDL wake event). Set
  // before the first start(); it must not block.
  std::function<void()> on_done;

  bool start();                        // false when a test is already running
  NetTest snapshot() const;            // thread-safe copy of the last/current test

 private:
  Config cfg_;
  Clock clock_;
  mutable std::mutex mu_;
  NetTest state_;
  std::thread thread_;
  std::atomic<bool> cancel_{false};
};

// ---- The figures.

struct StaffInfo {
  // The kiosk.
  std::string kiosk_id;
  std::string app_version;
  int screen_w = 0, screen_h = 0;      // pixels (the renderer's output size)
  int screen_mm_w = 0, screen_mm_h = 0;// physical size; 0 when the display does not say
  std::string renderer;                // SDL renderer name ("software", "opengl", …)
  std::uint64_t rss_bytes = 0;         // resident memory of this process; 0 when unknown

  // The content in place.
  std::int64_t content_version = 0;    // 0: nothing applied yet (the bundled sample, or empty)
  std::string content_channel;
  UnixTime content_applied_at = 0;
  std::string content_source;          // feed URL, "usb:…", "build-db:…"
  UnixTime repaired_at = 0;            // the cache was found damaged and rebuilt at start (0: never)
  std::string repair_problem;          // what was wrong with it
  std::string repair_from;             // "last-good-bundle" or "sample": what it was rebuilt from

  // Sync.
  std::string channel;                 // the channel this kiosk accepts (config)
  std::vector<std::string> feeds;      // config, in the order they are tried
  bool sync_running = false;           // the worker thread is alive
  bool sync_busy = false;
  std::string sync_stage;              // "manifest", "download", "apply", …
  // The urgent fast path (content/sync/urgent.h): its last poll, in a technician's words.
  UnixTime urgent_last_poll = 0;
  std::string urgent_result;           // UrgentOutcome::line(); "" when the fast path is off
  bool urgent_problem = false;
  UnixTime last_attempt = 0, last_success = 0, next_attempt = 0;
  std::string last_result;             // the outcome line ("up to date", "failed: …")
  std::optional<sync::SyncOutcome::Kind> last_kind;  // the same as a value (nullopt: not recorded)
  std::string last_reason;             // rejected / failed: why
  std::int64_t last_version = 0;       // applied: the version
  int consecutive_failures = 0;
  std::uint64_t bytes_today = 0;
  std::int64_t daily_byte_budget = 0;  // 0: unlimited
  std::string worker_error;            // the worker could not run at all
  // The kiosk clock as the last signed bundle judged it (sync state): seconds it was behind, and
  // what sync used instead ("server_date": the feed's Date header; "bundle_created"; "local").
  std::int64_t clock_offset = 0;
  std::string clock_source;
  // The last attempt failed on a full disk: what the update needs, what was free (else 0).
  std::uint64_t sync_space_needed = 0, sync_space_free = 0;

  // Reports sent back to staff (content/report/): off when [sync] report_url is empty.
  bool reports_on = false;
  int reports_queued = 0;              // sealed parts waiting for upload
  UnixTime reports_last_sent = 0;
  std::string reports_error;           // the last round's problem ("" when it sent everything)

  // Network test.
  NetTest net;

  // Storage.
  std::string data_dir;
  std::uint64_t disk_free = 0, disk_total = 0;  // for an unprivileged writer (f_bavail)
  std::string disk_error;              // statvfs failed: why
  std::string database;
  std::uint64_t database_bytes = 0;    // the file plus its WAL

  // The lock (always filled, also while locked: the keypad screen shows it).
  StaffLockState lock;
};

struct StaffSources {
  const Config* config = nullptr;              // required
  ContentMeta content;                         // Cache::content_meta(), read between frames
  UnixTime repaired_at = 0;                    // meta repair.at / repair.problem (content/store/repair.h)
  std::string repair_problem;
  std::string repair_from;
  const sync::SyncStatus* sync = nullptr;      // SyncWorker::status() snapshot; null: no worker
  NetTest net;                                 // NetworkTester::snapshot()
  int screen_w = 0, screen_h = 0, screen_mm_w = 0, screen_mm_h = 0;
  std::string renderer;
  StaffLockState lock;                         // StaffLock::state(now)
  int reports_queued = 0;                      // report::read_report_status (meta report.*)
  UnixTime reports_last_sent = 0;
  std::string reports_error;
};

// Fills a StaffInfo: copies the sources and reads disk (statvfs), database size and RSS.
// Cheap (a few system calls) but still I/O: call between frames, not inside one.
StaffInfo collect_staff_info(const StaffSources& in);

// Only the lock, for the keypad screen (no figures are read before the PIN).
StaffInfo staff_lock_only(const StaffLockState& lock);

// The pure reads collect_staff_info uses.
struct DiskFigures {
  std::uint64_t free_bytes = 0, total_bytes = 0;
  std::string error;                           // "" when read
};
DiskFigures disk_figures(const std::string& path);       // statvfs of the filesystem holding path
std::uint64_t resident_bytes();                          // /proc/self/statm × page size; 0: unknown
std::uint64_t database_file_bytes(const std::string& db_path);  // db + "-wal"; 0 when absent

// A StaffLock set up from the config: disabled (with the reason, in Vietnamese) when pin_hash is
// empty or is not a valid hash string (logged), else checking with verify_pin.
StaffLock make_staff_lock(const Config& cfg, StaffLockPolicy policy = {});

// ---- Words (Vietnamese, for the commune IT staff; pure formatting, safe inside a frame). Sizes and
// times use content/base: format_bytes(n, ',') and format_date_time (Vietnam time).

std::string format_age(UnixTime then, UnixTime now);     // "vừa xong", "5 phút trước", "2 ngày trước"
std::string format_span(std::int64_t seconds);           // "40 giây", "3 giờ", "2 ngày", "56 năm"
// The wrong-clock line ("" when the clock was fine): what sync noticed and what it used instead.
std::string clock_in_words(const StaffInfo& s);
// The last sync's result for a technician, e.g. "Không đồng bộ được: could not connect … (3 lần liên tiếp)".
std::string sync_result_in_words(const StaffInfo& s);
bool sync_result_is_problem(const StaffInfo& s);         // the last attempt failed or was refused

struct StaffRow {
  std::string label;                           // "Phiên bản nội dung"
  std::string value;                           // "42 (kênh lai-chau-commune)"; may hold several lines
  bool warn = false;                           // needs attention (drawn with a warning icon too)
};
struct StaffSection {
  std::string title;                           // in order: "Đồng bộ", "Nội dung", "Mạng", "Lưu trữ", "Máy"
  std::vector<StaffRow> rows;
};
std::vector<StaffSection> staff_sections(const StaffInfo& s, UnixTime now);

}  // namespace tramtin

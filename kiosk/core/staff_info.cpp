// The staff screen's figures: collection between frames, the network test thread, and the words a
// commune technician reads. Layer: tramtin_kiosk_core (no SDL, no ImGui, no SQL).
//
// [SECTION] Network test
// [SECTION] Collection
// [SECTION] Words
#include "kiosk/core/staff_info.h"

#include <sys/stat.h>
#include <sys/statvfs.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <ctime>
#include <fstream>

#include "content/sync/http.h"
#include "content/base/format.h"
#include "content/base/log.h"
#include "content/base/time.h"
#include "content/settings/pin.h"

namespace tramtin {

// ================================================================ [SECTION] Network test

namespace {

// "0,35 giây": Vietnamese writes a decimal comma; printf would follow the C locale's dot.
std::string seconds_vi(double s) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.2f", s);
  std::string out = buf;
  for (char& c : out)
    if (c == '.') c = ',';
  return out + " giây";
}

}  // namespace

NetTest run_network_test(const Config& cfg, const std::atomic<bool>* cancel, long connect_timeout_seconds,
                         long total_timeout_seconds) {
  NetTest t;
  t.phase = NetTest::Phase::done;
  if (cfg.feeds.empty()) {
    t.summary = "Chưa cấu hình nguồn đồng bộ ([sync] feeds trong tramtin.toml): không có gì để kiểm tra.";
    return t;
  }
  http::global_init();
  http::Options o;
  o.connect_timeout_seconds = connect_timeout_seconds;
  o.total_timeout_seconds = total_timeout_seconds;
  o.low_speed_time_seconds = total_timeout_seconds;
  o.cancel = cancel;
  http::Client client(o);

  int reachable = 0;         // a server answered (any HTTP status)
  double best_seconds = -1;  // fastest feed that had its manifest
  std::string first_problem;
  for (const std::string& feed_in : cfg.feeds) {
    if (cancel && cancel->load()) {
      t.details.push_back("(đã dừng)");
      break;
    }
    std::string feed = feed_in;
    while (!feed.empty() && feed.back() == '/') feed.pop_back();
    const std::string url = feed + "/manifest.json";
    const auto t0 = std::chrono::steady_clock::now();
    http::Result r = client.head(url);
    const double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    std::string line = feed + ": ";
    if (!r.transport_ok()) {
      line += "không kết nối được: " + r.describe(url);
      if (first_problem.empty()) first_problem = r.describe(url);
    } else {
      ++reachable;
      if (r.ok() || r.status == 304) {
        line += "tốt, máy chủ trả lời sau " + seconds_vi(secs) + " (HTTP " + std::to_string(r.status) + ")";
        if (!t.ok || secs < best_seconds) best_seconds = secs;
        t.ok = true;
      } else if (r.status == 404) {
        line += "kết nối được, nhưng không thấy manifest.json (HTTP 404): kiểm tra địa chỉ nguồn";
        if (first_problem.empty()) first_problem = r.describe(url);
      } else {
        line += "kết nối được, nhưng máy chủ báo lỗi: " + r.describe(url);
        if (first_problem.empty()) first_problem = r.describe(url);
      }
    }
    t.details.push_back(std::move(line));
  }
  if (cancel && cancel->load() && !t.ok) {
    t.summary = "Đã dừng kiểm tra mạng (chương trình đang tắt).";
  } else if (t.ok) {
    t.summary = "Mạng tốt: máy chủ nội dung trả lời sau " + seconds_vi(best_seconds) + ".";
  } else if (reachable > 0) {
    t.summary = "Có mạng, nhưng máy chủ nội dung chưa sẵn sàng: " + first_problem;
  } else {
    t.summary = "Không kết nối được máy chủ nội dung. Kiểm tra dây mạng, Wi-Fi hoặc 3G/4G. (" + first_problem + ")";
  }
  return t;
}

NetworkTester::NetworkTester(Config cfg, Clock clock) : cfg_(std::move(cfg)), clock_(std::move(clock)) {
  if (!clock_) clock_ = sync::system_now;
}

NetworkTester::~NetworkTester() {
  cancel_ = true;
  if (thread_.joinable()) thread_.join();
}

bool NetworkTester::start() {
  {
    std::lock_guard lock(mu_);
    if (state_.phase == NetTest::Phase::running) return false;
    state_ = NetTest{};
    state_.phase = NetTest::Phase::running;
    state_.started_at = clock_();
    state_.summary = "Đang kiểm tra mạng…";
  }
  // The previous test's thread has finished (its phase is done); join it before reusing the slot.
  if (thread_.joinable()) thread_.join();
  cancel_ = false;
  thread_ = std::thread([this] {
    NetTest t;
    try {
      t = run_network_test(cfg_, &cancel_);
    } catch (const std::exception& e) {  // never let an exception leave the thread
      t.phase = NetTest::Phase::done;
      t.summary = std::string("Không kiểm tra được mạng: ") + e.what();
    }
    const std::string summary = t.summary;
    {
      std::lock_guard lock(mu_);
      t.started_at = state_.started_at;
      t.finished_at = clock_();
      state_ = std::move(t);
    }
    log::info("staff", "network test: " + summary);
    if (on_done) on_done();
  });
  return true;
}

NetTest NetworkTester::snapshot() const {
  std::lock_guard lock(mu_);
  return state_;
}

// ================================================================ [SECTION] Collection

DiskFigures disk_figures(const std::string& path) {
  DiskFigures d;
  struct statvfs v{};
  if (path.empty()) {
    d.error = "không rõ thư mục dữ liệu";
    return d;
  }
  if (::statvfs(path.c_str(), &v) != 0) {
    d.error = "không đọc được ổ đĩa của " + path + ": " + std::strerror(errno);
    return d;
  }
  // f_bavail, not f_bfree: the kiosk does not run as root, so the reserved blocks are not ours.
  d.free_bytes = std::uint64_t(v.f_bavail) * v.f_frsize;
  d.total_bytes = std::uint64_t(v.f_blocks) * v.f_frsize;
  return d;
}

std::uint64_t resident_bytes() {
  // statm: size resident shared text lib data dt, in pages.
  std::ifstream in("/proc/self/statm");
  std::uint64_t size = 0, resident = 0;
  if (!(in >> size >> resident)) return 0;
  const long page = ::sysconf(_SC_PAGESIZE);
  return page > 0 ? resident * std::uint64_t(page) : 0;
}

std::uint64_t database_file_bytes(const std::string& db_path) {
  if (db_path.empty()) return 0;
  std::uint64_t total = 0;
  struct stat st{};
  // WAL mode: recent commits live in the -wal file until a checkpoint, so it counts too.
  for (const std::string& p : {db_path, db_path + "-wal"})
    if (::stat(p.c_str(), &st) == 0 && S_ISREG(st.st_mode)) total += std::uint64_t(st.st_size);
  return total;
}

StaffInfo collect_staff_info(const StaffSources& in) {
  StaffInfo s;
  s.lock = in.lock;
  s.app_version = TRAMTIN_VERSION;
  s.screen_w = in.screen_w;
  s.screen_h = in.screen_h;
  s.screen_mm_w = in.screen_mm_w;
  s.screen_mm_h = in.screen_mm_h;
  s.renderer = in.renderer;
  s.rss_bytes = resident_bytes();
  s.content_version = in.content.version;
  s.content_channel = in.content.channel;
  s.content_applied_at = in.content.applied_at;
  s.repaired_at = in.repaired_at;
  s.repair_problem = in.repair_problem;
  s.repair_from = in.repair_from;
  s.content_source = in.content.source;
  s.net = in.net;
  if (in.sync) {
    const sync::SyncStatus& st = *in.sync;
    s.sync_running = st.running;
    s.sync_busy = st.busy;
    s.sync_stage = st.stage;
    s.last_attempt = st.state.last_attempt;
    s.last_success = st.state.last_success;
    s.next_attempt = st.next_attempt;
    s.last_result = st.state.last_result;
    s.last_kind = st.state.last_kind;
    s.last_reason = st.state.last_reason;
    s.last_version = st.state.last_version;
    s.consecutive_failures = st.state.consecutive_failures;
    s.bytes_today = st.state.bytes_today;
    s.worker_error = st.worker_error;
    s.clock_offset = st.state.clock_offset;
    s.clock_source = st.state.clock_source;
    s.sync_space_needed = st.state.space_needed;
    s.sync_space_free = st.state.space_free;
    s.urgent_last_poll = st.urgent.last_poll;
    s.urgent_result = st.urgent.running ? (st.urgent.last_result.empty() ? "chưa kiểm tra" : st.urgent.last_result) : "";
    s.urgent_problem = st.urgent.running && !st.urgent.last_ok;
  }
  s.reports_queued = in.reports_queued;
  s.reports_last_sent = in.reports_last_sent;
  s.reports_error = in.reports_error;
  if (const Config* c = in.config) {
    s.reports_on = !c->report_url.empty();
    s.kiosk_id = c->kiosk_id;
    s.channel = c->channel;
    s.feeds = c->feeds;
    s.daily_byte_budget = c->daily_byte_budget;
    s.data_dir = c->data_dir;
    s.database = c->database;
    DiskFigures d = disk_figures(c->data_dir);
    s.disk_free = d.free_bytes;
    s.disk_total = d.total_bytes;
    s.disk_error = d.error;
    s.database_bytes = database_file_bytes(c->database);
  }
  return s;
}

StaffInfo staff_lock_only(const StaffLockState& lock) {
  StaffInfo s;
  s.lock = lock;
  return s;
}

StaffLock make_staff_lock(const Config& cfg, StaffLockPolicy policy) {
  StaffLock lock(cfg.staff_pin_hash, [](std::string_view h, std::string_view p) { return verify_pin(h, p); },
                 policy);
  if (cfg.staff_pin_hash.empty()) {
    log::info("staff", "no [staff] pin_hash configured: the staff screen is disabled");
  } else if (Status st = check_pin_hash(cfg.staff_pin_hash); !st) {
    log::error("staff", st.message + " (" + (cfg.path.empty() ? std::string("built-in config") : cfg.path) +
                            "); the staff screen is disabled");
    lock.disable("[staff] pin_hash trong tramtin.toml không hợp lệ (có thể bị cắt khi dán). Tạo lại bằng lệnh: "
                 "tramtin-publish pin-hash");
  }
  return lock;
}

// ================================================================ [SECTION] Words

std::string format_age(UnixTime then, UnixTime now) {
  const std::int64_t d = now - then;
  // A kiosk without a battery-backed clock may boot in 1970 or in the past: say so, not "-3 days".
  if (d < -60) return "thời điểm sau giờ hiện tại của máy: kiểm tra đồng hồ";
  if (d < 60) return "vừa xong";
  if (d < 3600) return std::to_string(d / 60) + " phút trước";
  if (d < 86400) return std::to_string(d / 3600) + " giờ trước";
  return std::to_string(d / 86400) + " ngày trước";
}

bool sync_result_is_problem(const StaffInfo& s) {
  using K = sync::SyncOutcome::Kind;
  return !s.worker_error.empty() || s.last_kind == K::failed || s.last_kind == K::rejected;
}

std::string sync_result_in_words(const StaffInfo& s) {
  std::string w;
  const std::string& r = s.last_result;
  if (!s.worker_error.empty()) {
    w = "Bộ đồng bộ không chạy được: " + s.worker_error;
  } else if (s.last_attempt == 0 && r.empty()) {
    w = s.feeds.empty() ? "Chưa đồng bộ: chưa cấu hình nguồn ([sync] feeds)" : "Chưa đồng bộ lần nào";
  } else if (!s.last_kind) {
    w = r;  // recorded by a build that kept only the line: show it as it is
  } else {
    using K = sync::SyncOutcome::Kind;
    switch (*s.last_kind) {
      case K::up_to_date: w = "Nội dung đã là bản mới nhất"; break;
      case K::applied: w = "Đã tải và áp dụng bản nội dung " + format_version(s.last_version); break;
      case K::rejected: w = "Gói nội dung bị từ chối, vẫn giữ nội dung cũ: " + s.last_reason; break;
      case K::failed: w = "Không đồng bộ được, vẫn giữ nội dung cũ: " + s.last_reason; break;
    }
  }
  if (s.consecutive_failures > 1) w += " (" + std::to_string(s.consecutive_failures) + " lần liên tiếp)";
  return w;
}

std::string format_span(std::int64_t seconds) {
  if (seconds < 0) seconds = -seconds;
  if (seconds < 120) return std::to_string(seconds) + " giây";
  if (seconds < 2 * 3600) return std::to_string(seconds / 60) + " phút";
  if (seconds < 2 * 86400) return std::to_string(seconds / 3600) + " giờ";
  if (seconds < 730 * 86400) return std::to_string(seconds / 86400) + " ngày";
  return std::to_string(seconds / (365 * 86400)) + " năm";
}

std::string clock_in_words(const StaffInfo& s) {
  if (s.clock_offset <= 0 || s.clock_source.empty() || s.clock_source == "local") return {};
  std::string w = "Đồng hồ của máy chậm khoảng " + format_span(s.clock_offset) +
                  " (thường do hết pin đồng hồ trên bo mạch). ";
  if (s.clock_source == "server_date")
    w += "Đồng bộ đã dùng giờ của máy chủ để xét hạn nội dung.";
  else
    w += "Đồng bộ đã dùng thời điểm tạo gói nội dung để xét hạn.";
  return w + " Hãy chỉnh lại giờ cho máy.";
}

std::vector<StaffSection> staff_sections(const StaffInfo& s, UnixTime now) {
  auto when = [&](UnixTime t, const char* never) -> std::string {
    if (t <= 0) return never;
    return format_date_time(t) + " (" + format_age(t, now) + ")";
  };
  std::vector<StaffSection> out;

  StaffSection sync{"Đồng bộ", {}};
  sync.rows.push_back({"Kết quả lần gần nhất", sync_result_in_words(s), sync_result_is_problem(s)});
  sync.rows.push_back({"Lần thử gần nhất", when(s.last_attempt, "chưa có")});
  sync.rows.push_back({"Lần thành công gần nhất", when(s.last_success, "chưa có")});
  if (s.sync_busy) {
    sync.rows.push_back({"Đang chạy", s.sync_stage.empty() ? "đang đồng bộ…" : "đang đồng bộ (" + s.sync_stage + ")…"});
  } else if (s.next_attempt > 0) {
    sync.rows.push_back({"Lần tới", format_date_time(s.next_attempt)});
  } else if (!s.sync_running && s.worker_error.empty()) {
    sync.rows.push_back({"Lần tới", "không có lịch (bộ đồng bộ không chạy)"});
  }
  sync.rows.push_back({"Kênh", s.channel});
  std::string feeds;
  for (std::size_t i = 0; i < s.feeds.size(); ++i) {  // appended piece by piece: GCC 12 -O3 warns (-Wrestrict) on "" + string&&
    if (i) feeds += '\n';
    feeds += std::to_string(i + 1);
    feeds += ". ";
    feeds += s.feeds[i];
  }
  sync.rows.push_back({"Nguồn", feeds.empty() ? "chưa cấu hình ([sync] feeds)" : feeds, feeds.empty()});
  std::string today = format_bytes(s.bytes_today, ',');
  if (s.daily_byte_budget > 0) {
    today += " / hạn mức " + format_bytes(std::uint64_t(s.daily_byte_budget), ',');
  } else {
    today += " (không giới hạn)";
  }
  sync.rows.push_back({"Dữ liệu hôm nay", today,
                       s.daily_byte_budget > 0 && s.bytes_today >= std::uint64_t(s.daily_byte_budget)});
  if (std::string clock = clock_in_words(s); !clock.empty()) sync.rows.push_back({"Đồng hồ", clock, true});
  if (!s.urgent_result.empty())
    sync.rows.push_back({"Tin khẩn (urgent.json)",
                         (s.urgent_last_poll ? format_date_time(s.urgent_last_poll) + ": " : std::string()) + s.urgent_result,
                         s.urgent_problem});
  if (s.reports_on) {
    std::string r = std::to_string(s.reports_queued) + " phần chờ gửi; gửi gần nhất: " + when(s.reports_last_sent, "chưa có");
    if (!s.reports_error.empty()) r += "\nLỗi: " + s.reports_error;
    sync.rows.push_back({"Báo cáo sử dụng", r, !s.reports_error.empty()});
  } else {
    sync.rows.push_back({"Báo cáo sử dụng", "tắt ([sync] report_url trống)"});
  }
  out.push_back(std::move(sync));

  StaffSection content{"Nội dung", {}};
  if (s.content_version > 0) {
    std::string v = format_version(s.content_version);
    if (v != std::to_string(s.content_version)) v = "bản " + v + " (số " + std::to_string(s.content_version) + ")";
    if (!s.content_channel.empty()) v += " (kênh " + s.content_channel + ")";
    content.rows.push_back({"Phiên bản nội dung", v});
    content.rows.push_back({"Cập nhật lúc", when(s.content_applied_at, "không rõ")});
    if (!s.content_source.empty()) content.rows.push_back({"Lấy từ", s.content_source});
  } else {
    content.rows.push_back({"Phiên bản nội dung", "chưa có nội dung đồng bộ (đang dùng gói mẫu kèm theo, nếu có)",
                            true});
  }
  // Stale content is the first thing a technician should notice: more than a week old is flagged.
  if (s.content_applied_at > 0 && now - s.content_applied_at > 7 * 86400)
    content.rows.push_back({"Lưu ý", "nội dung đã cũ hơn 7 ngày: kiểm tra đồng bộ", true});
  if (s.repaired_at > 0)
    content.rows.push_back({"Đã tự sửa", "bộ nhớ nội dung bị hỏng (" + s.repair_problem + "), đã dựng lại lúc " +
                                             when(s.repaired_at, "") +
                                             (s.repair_from == "last-good-bundle" ? " từ gói nội dung đã nhận lần cuối"
                                              : s.repair_from == "sample"         ? " từ gói mẫu kèm theo"
                                                                                  : "") +
                                             "; bản hỏng giữ lại để kiểm tra",
                            true});
  out.push_back(std::move(content));

  StaffSection net{"Mạng", {}};
  switch (s.net.phase) {
    case NetTest::Phase::never:
      net.rows.push_back({"Kiểm tra mạng", "chưa kiểm tra (bấm nút Kiểm tra mạng)"});
      break;
    case NetTest::Phase::running:
      net.rows.push_back({"Kiểm tra mạng", "đang kiểm tra…"});
      break;
    case NetTest::Phase::done: {
      std::string v = s.net.summary;
      for (const auto& d : s.net.details) v += "\n" + d;
      net.rows.push_back({"Kiểm tra mạng", v, !s.net.ok});
      if (s.net.finished_at > 0) net.rows.push_back({"Kiểm tra lúc", when(s.net.finished_at, "")});
      break;
    }
  }
  out.push_back(std::move(net));

  StaffSection store{"Lưu trữ", {}};
  store.rows.push_back({"Thư mục dữ liệu", s.data_dir.empty() ? "không rõ" : s.data_dir});
  if (!s.disk_error.empty()) {
    store.rows.push_back({"Ổ đĩa", s.disk_error, true});
  } else if (s.disk_total > 0) {
    const int pct = int(double(s.disk_free) * 100.0 / double(s.disk_total));
    // Below 5 % or 200 MB, the next bundle with photos may not fit: a sync would fail on disk.
    const bool low = pct < 5 || s.disk_free < 200ull * 1024 * 1024;
    store.rows.push_back({"Ổ đĩa còn trống",
                          format_bytes(s.disk_free, ',') + " / " + format_bytes(s.disk_total, ',') + " (" +
                              std::to_string(pct) + " %)" + (low ? ": sắp đầy" : ""),
                          low});
  }
  if (s.sync_space_needed > 0)
    store.rows.push_back({"Thiếu chỗ để đồng bộ",
                          "lần đồng bộ gần nhất cần " + format_bytes(s.sync_space_needed, ',') + ", khi đó chỉ còn trống " +
                              format_bytes(s.sync_space_free, ',') +
                              "; các tệp tải dở đã được xoá. Hãy giải phóng bộ nhớ hoặc dùng thẻ nhớ lớn hơn",
                          true});
  store.rows.push_back({"Cơ sở dữ liệu", s.database_bytes ? format_bytes(s.database_bytes, ',') + " (" + s.database + ")"
                                                          : "chưa có tệp (" + s.database + ")"});
  out.push_back(std::move(store));

  StaffSection kiosk{"Máy", {}};
  kiosk.rows.push_back({"Mã kiosk", s.kiosk_id.empty() ? "(chưa đặt)" : s.kiosk_id});
  kiosk.rows.push_back({"Phiên bản phần mềm", s.app_version});
  std::string screen = std::to_string(s.screen_w) + " x " + std::to_string(s.screen_h) + " điểm ảnh";
  if (s.screen_mm_w > 0 && s.screen_mm_h > 0) {
    const double diag_in = std::hypot(double(s.screen_mm_w), double(s.screen_mm_h)) / 25.4;
    char buf[16];
    std::snprintf(buf, sizeof buf, "%.1f", diag_in);
    std::string d = buf;
    for (char& c : d)
      if (c == '.') c = ',';
    screen += ", " + std::to_string(s.screen_mm_w) + " x " + std::to_string(s.screen_mm_h) + " mm (" + d + " inch)";
  } else {
    screen += " (màn hình không cho biết kích thước thật)";
  }
  kiosk.rows.push_back({"Màn hình", screen});
  if (!s.renderer.empty()) kiosk.rows.push_back({"Bộ vẽ", s.renderer});
  kiosk.rows.push_back({"Bộ nhớ đang dùng", s.rss_bytes ? format_bytes(s.rss_bytes, ',') : "không rõ"});
  out.push_back(std::move(kiosk));

  return out;
}

}  // namespace tramtin

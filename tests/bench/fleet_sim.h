// A fleet of simulated kiosks against one real nginx on 127.0.0.1 (issue 16, item 6): each kiosk
// is the real sync path (content/sync sync_once over libcurl, its own SQLite cache and staging
// folder) on its own jittered schedule (sync::next_delay, its own seed) on a compressed clock; a
// publisher writes a new signed bundle now and then (content/bundle write_bundle, straight into the
// served folder); the figures come from nginx's access log and from what each kiosk applied.
// Used by bench_fleet (2 000 kiosks) and by a small test in tramtin_tests (50 kiosks).
// Layer: tests/bench (header only; no doctest here, so the bench program can use it).
#pragma once

#include <signal.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cmath>
#include <condition_variable>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <map>
#include <memory>
#include <mutex>
#include <queue>
#include <random>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>

#include "content/base/log.h"
#include "content/bundle/bundle.h"
#include "content/settings/config.h"
#include "content/store/cache.h"
#include "content/sync/apply.h"
#include "content/sync/worker.h"

namespace tramtin::fleetsim {

namespace fs = std::filesystem;
using SteadyClock = std::chrono::steady_clock;

struct Options {
  int kiosks = 2000;
  int threads = 8;                                     // sync attempts running at once
  std::chrono::milliseconds interval{20000};           // the poll interval, compressed (15 min -> 20 s: 45x)
  int jitter_percent = 20;                             // as [sync] jitter_percent
  int items = 40;                                      // items in the bundle
  int versions = 3;                                    // new versions published after the first
  // A new version is published this long after every kiosk holds the previous one (or after
  // `settle_timeout`), at a random phase, so each change meets the fleet in its steady state.
  std::chrono::milliseconds settle{2000};
  std::chrono::milliseconds settle_timeout{0};         // 0: 4 intervals
  std::string work_dir;                                // empty: a temp folder (removed afterwards)
  bool verbose = true;                                 // progress on stdout
};

struct VersionFigures {
  std::int64_t version = 0;
  double published_at = 0;                             // seconds since the start
  int holders = 0;                                     // kiosks that applied it
  double p50 = -1, p99 = -1, max = -1;                 // seconds from publish to a kiosk applying it (-1: never reached)
};

struct Figures {
  std::string error;                                   // non-empty: the run could not be made
  int kiosks = 0;
  double interval_s = 0, seconds = 0;
  int jitter_percent = 0;
  long requests = 0, manifest_requests = 0, not_modified = 0, errors = 0;
  std::uint64_t bytes_served = 0;                      // $bytes_sent of every request (headers + bodies)
  double rps = 0, peak_rps = 0;
  // Polls (manifest requests) per 1/20 of an interval, over the steady part of the run.
  double spread_mean = 0, spread_min = 0, spread_max = 0, spread_cv = 0;
  int attempts = 0, failed_attempts = 0;
  VersionFigures first;                                // the first version, from empty caches
  std::vector<VersionFigures> changes;                 // the versions published to a synced fleet
};

// ---- A plain nginx on a free loopback port, logging what the figures need.
class FleetNginx {
 public:
  explicit FleetNginx(const std::string& dir) : dir_(dir) {
    www_ = dir + "/www";
    fs::create_directories(www_);
    port_ = free_port();
    std::ostringstream conf;
    if (::geteuid() == 0) conf << "user root;\n";
    conf << "worker_processes 1;\nworker_rlimit_nofile 16384;\npid " << dir << "/nginx.pid;\n"
         << "events { worker_connections 8192; }\nhttp {\n"
         << "  log_format fleet '$msec $status $bytes_sent $request_uri';\n"
         << "  access_log " << dir << "/access.log fleet buffer=256k flush=1s;\n"
         << "  client_body_temp_path " << dir << "/tmp_body;\n  proxy_temp_path " << dir << "/tmp_proxy;\n"
         << "  fastcgi_temp_path " << dir << "/tmp_fastcgi;\n  uwsgi_temp_path " << dir << "/tmp_uwsgi;\n"
         << "  scgi_temp_path " << dir << "/tmp_scgi;\n  default_type application/octet-stream;\n"
         << "  keepalive_requests 10000;\n"
         << "  server {\n    listen 127.0.0.1:" << port_ << " backlog=4096;\n    root " << www_ << ";\n  }\n}\n";
    {
      std::ofstream f(dir + "/nginx.conf");
      f << conf.str();
    }
    pid_ = ::fork();
    if (pid_ == 0) {
      const std::string c = dir + "/nginx.conf", e = dir + "/error.log";
      ::execlp("nginx", "nginx", "-p", dir.c_str(), "-c", c.c_str(), "-e", e.c_str(), "-g", "daemon off;",
               static_cast<char*>(nullptr));
      ::_exit(127);
    }
    for (int i = 0; i < 250 && !up_; ++i) {
      if (port_open(port_)) up_ = true;
      else std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
  }
  ~FleetNginx() {
    if (pid_ > 0) {
      ::kill(pid_, SIGQUIT);
      int st = 0;
      ::waitpid(pid_, &st, 0);
    }
  }
  FleetNginx(const FleetNginx&) = delete;
  FleetNginx& operator=(const FleetNginx&) = delete;
  bool up() const { return up_; }
  std::string url() const { return "http://127.0.0.1:" + std::to_string(port_) + "/"; }
  const std::string& www() const { return www_; }
  std::string access_log() const { return dir_ + "/access.log"; }
  void flush_log() const {  // reopen: nginx writes its buffered lines
    if (pid_ > 0) ::kill(pid_, SIGUSR1);
    std::this_thread::sleep_for(std::chrono::milliseconds(300));
  }

  static int free_port() {
    int fd = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in a{};
    a.sin_family = AF_INET;
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    ::bind(fd, reinterpret_cast<sockaddr*>(&a), sizeof a);
    socklen_t len = sizeof a;
    ::getsockname(fd, reinterpret_cast<sockaddr*>(&a), &len);
    int port = ntohs(a.sin_port);
    ::close(fd);
    return port;
  }
  static bool port_open(int port) {
    int fd = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in a{};
    a.sin_family = AF_INET;
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    a.sin_port = htons(static_cast<std::uint16_t>(port));
    bool ok = ::connect(fd, reinterpret_cast<sockaddr*>(&a), sizeof a) == 0;
    ::close(fd);
    return ok;
  }

 private:
  std::string dir_, www_;
  int port_ = 0;
  pid_t pid_ = -1;
  bool up_ = false;
};

// Item i of version v: a procedure or a notice in real Vietnamese; each version edits two items
// and adds one, as a commune's week of changes would.
inline Item fleet_item(int i, std::int64_t v) {
  Item it;
  it.id = "muc-" + std::to_string(i);
  const bool edited = v > 1 && (i % 20 == v % 20 || i % 20 == (v + 7) % 20);
  it.version = edited ? v : 1;
  ItemText t;
  t.lang = "vi";
  const std::string rev = edited ? " (sửa lần " + std::to_string(v) + ")" : "";
  if (i % 2 == 0) {
    it.kind = Kind::procedure;
    it.procedure.code = "1.00" + std::to_string(1000 + i);
    it.procedure.field = "ho-tich";
    it.procedure.channels = {ChannelKind::in_person};
    t.title = "Đăng ký khai sinh cho trẻ em số " + std::to_string(i) + rev;
    t.summary = "Thủ tục tại Ủy ban nhân dân xã Bình Lư: nộp tờ khai, nhận giấy khai sinh trong ngày.";
    t.procedure.field_name = "Hộ tịch";
    t.procedure.steps = {"Nộp tờ khai và giấy tờ tại Bộ phận Một cửa.", "Công chức tư pháp - hộ tịch kiểm tra hồ sơ.",
                         "Nhận giấy khai sinh."};
    t.procedure.channels = {Channel{ChannelKind::in_person, "Trong ngày", "Miễn lệ phí", ""}};
    t.procedure.cases = {DocumentCase{"", {Document{"Tờ khai đăng ký khai sinh", "01 bản chính", ""},
                                           Document{"Giấy chứng sinh", "01 bản chính", ""}}}};
    t.procedure.agency = "Ủy ban nhân dân xã";
    t.procedure.result = "Giấy khai sinh (bản chính)";
  } else {
    it.kind = Kind::notice;
    t.title = "Thông báo lịch tiêm chủng mở rộng tháng " + std::to_string(1 + i % 12) + rev;
    t.summary = "Trạm y tế xã thông báo lịch tiêm cho trẻ dưới 5 tuổi.";
    Block b;
    b.spans.push_back(Span{"Đề nghị các gia đình đưa trẻ đến Trạm y tế xã đúng giờ, mang theo sổ tiêm chủng."});
    t.body.push_back(b);
  }
  it.texts.push_back(std::move(t));
  return it;
}

inline std::vector<Item> fleet_items(int base, std::int64_t v) {
  std::vector<Item> items;
  const int n = base + static_cast<int>(v) - 1;  // one item more per version
  for (int i = 0; i < n; ++i) items.push_back(fleet_item(i, v));
  return items;
}

struct Kiosk {
  Config cfg;
  std::unique_ptr<Cache> cache;
  std::string staging;
  std::mt19937_64 rng;
  int failures = 0;
  std::int64_t version = 0;
};

inline double pct(std::vector<double> v, double p) {
  if (v.empty()) return -1;
  std::sort(v.begin(), v.end());
  const std::size_t i = std::min(v.size() - 1, static_cast<std::size_t>(std::ceil(p / 100.0 * double(v.size())) - 1));
  return v[i];
}

inline Figures run_fleet(const Options& o) {
  Figures fig;
  fig.kiosks = o.kiosks;
  fig.interval_s = std::chrono::duration<double>(o.interval).count();
  fig.jitter_percent = o.jitter_percent;
  std::random_device rd;
  const bool own_dir = o.work_dir.empty();
  const std::string dir = own_dir ? (fs::temp_directory_path() / ("tramtin-fleet-" + std::to_string(rd()))).string()
                                  : o.work_dir;
  fs::create_directories(dir);
  struct Cleanup {
    std::string d;
    bool on;
    ~Cleanup() {
      std::error_code ec;
      if (on) fs::remove_all(d, ec);
    }
  } cleanup{dir, own_dir};
  {  // 2 000 caches keep their SQLite files open
    rlimit rl{};
    ::getrlimit(RLIMIT_NOFILE, &rl);
    rl.rlim_cur = rl.rlim_max;
    ::setrlimit(RLIMIT_NOFILE, &rl);
  }
  FleetNginx nginx(dir + "/nginx");
  if (!nginx.up()) {
    fig.error = "nginx did not start (Debian: apt-get install nginx-light); see " + dir + "/nginx/error.log";
    return fig;
  }
  log::set_level(log::Level::warn);

  // The publisher.
  const bundle::KeyPair key = bundle::generate_keypair();
  const std::string channel = "lai-chau-commune";
  std::int64_t published = 0;
  auto publish = [&](std::int64_t v) -> bool {
    bundle::BuildOptions bo;
    bo.out_dir = nginx.www();
    bo.channel = channel;
    bo.key = key.sec;
    bo.version = v;
    auto rep = bundle::write_bundle(fleet_items(o.items, v), {}, bo);
    if (!rep.status.ok()) {
      fig.error = "publishing version " + std::to_string(v) + " failed: " + rep.status.message;
      return false;
    }
    // nginx's ETag is mtime + size: a later mtime for every manifest, whatever the second.
    fs::last_write_time(nginx.www() + "/manifest.json",
                        fs::file_time_type::clock::now() + std::chrono::seconds(2 * v));
    published = v;
    return true;
  };

  // The kiosks.
  std::vector<Kiosk> kiosks(static_cast<std::size_t>(o.kiosks));
  for (int i = 0; i < o.kiosks; ++i) {
    Kiosk& k = kiosks[static_cast<std::size_t>(i)];
    const std::string d = dir + "/k/" + std::to_string(i);
    fs::create_directories(d);
    k.cfg.data_dir = d;
    k.cfg.database = d + "/content.db";
    k.cfg.feeds = {nginx.url()};
    k.cfg.trusted_keys = {bundle::encode_public_key(key.pub)};
    k.cfg.channel = channel;
    k.cfg.kiosk_id = "kiosk-" + std::to_string(i);
    k.staging = d + "/staging";
    k.rng.seed(0x7f4a7c15u + static_cast<std::uint64_t>(i) * 0x9e3779b97f4a7c15ull);
    auto c = Cache::open(k.cfg.database, Cache::Mode::writer);
    if (!c) {
      fig.error = "kiosk " + std::to_string(i) + ": cannot open its cache: " + c.error();
      return fig;
    }
    k.cache = std::move(*c);
  }
  if (o.verbose) std::printf("fleet: %d kiosks ready (caches in %s)\n", o.kiosks, dir.c_str());

  sync::SyncOptions so;
  so.http.connect_timeout_seconds = 10;
  so.http.low_speed_limit_bytes = 1000;
  so.http.low_speed_time_seconds = 10;
  so.signature_retry_delay = std::chrono::milliseconds(200);
  so.concurrency = 3;

  // Version v: when it was published and when each kiosk applied it (seconds since t0).
  std::mutex mu;
  std::condition_variable cv;
  std::map<std::int64_t, double> published_at;
  std::map<std::int64_t, std::vector<double>> applied_at;
  using Due = std::pair<SteadyClock::time_point, int>;
  std::priority_queue<Due, std::vector<Due>, std::greater<>> queue;
  const auto t0 = SteadyClock::now();
  const double t0_wall = std::chrono::duration<double>(std::chrono::system_clock::now().time_since_epoch()).count();
  auto since = [&](SteadyClock::time_point t) { return std::chrono::duration<double>(t - t0).count(); };
  const auto retry_base = std::max(std::chrono::milliseconds(500), o.interval / 30);
  if (!publish(1)) return fig;
  published_at[1] = 0;
  for (int i = 0; i < o.kiosks; ++i) {  // first polls spread over one interval, as kiosks boot at different times
    auto first = sync::next_delay(0, o.interval, 100, retry_base, o.interval, kiosks[static_cast<std::size_t>(i)].rng);
    queue.push({t0 + first, i});
  }
  std::atomic<bool> stop{false};
  std::atomic<int> attempts{0}, failed{0};
  std::vector<std::thread> workers;
  for (int w = 0; w < o.threads; ++w) {
    workers.emplace_back([&] {
      std::unique_lock lock(mu);
      while (!stop) {
        if (queue.empty()) {
          cv.wait(lock);
          continue;
        }
        const Due d = queue.top();
        if (SteadyClock::now() < d.first) {
          cv.wait_until(lock, d.first);
          continue;
        }
        queue.pop();
        lock.unlock();
        Kiosk& k = kiosks[static_cast<std::size_t>(d.second)];
        const sync::SyncOutcome out = sync::sync_once(k.cfg, *k.cache, k.staging, sync::system_now, so);
        const auto done = SteadyClock::now();
        ++attempts;
        if (out.kind == sync::SyncOutcome::Kind::failed || out.kind == sync::SyncOutcome::Kind::rejected) {
          ++failed;
          ++k.failures;
        } else {
          k.failures = 0;
        }
        auto delay = sync::next_delay(k.failures, o.interval, o.jitter_percent, retry_base, o.interval, k.rng);
        lock.lock();
        if (out.kind == sync::SyncOutcome::Kind::applied) {
          k.version = out.version;
          applied_at[out.version].push_back(since(done));
        }
        queue.push({done + delay, d.second});
        cv.notify_all();
      }
    });
  }
  auto holders = [&](std::int64_t v) {
    std::lock_guard lock(mu);
    int n = 0;
    for (const auto& k : kiosks) n += k.version >= v ? 1 : 0;
    return n;
  };
  const auto settle_timeout = o.settle_timeout.count() > 0 ? o.settle_timeout : o.interval * 4;
  auto wait_all = [&](std::int64_t v) {
    const auto deadline = SteadyClock::now() + settle_timeout;
    int last = -1;
    while (SteadyClock::now() < deadline) {
      const int n = holders(v);
      if (n == o.kiosks) return;
      if (o.verbose && n / std::max(1, o.kiosks / 10) != last / std::max(1, o.kiosks / 10)) {
        std::printf("  version %lld: %d of %d kiosks at %.1f s\n", static_cast<long long>(v), n, o.kiosks,
                    since(SteadyClock::now()));
        last = n;
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
  };
  wait_all(1);
  const double steady_from = since(SteadyClock::now());
  std::mt19937_64 prng(rd());
  for (int i = 0; i < o.versions; ++i) {
    // A random phase, so the change does not always land at the same point of the poll pattern.
    std::this_thread::sleep_for(o.settle + std::chrono::milliseconds(prng() % static_cast<std::uint64_t>(o.interval.count())));
    const std::int64_t v = published + 1;
    {
      std::lock_guard lock(mu);
      published_at[v] = since(SteadyClock::now());
    }
    if (!publish(v)) break;
    if (o.verbose) std::printf("  published version %lld at %.1f s\n", static_cast<long long>(v), published_at[v]);
    wait_all(v);
  }
  std::this_thread::sleep_for(o.interval / 4);
  const double steady_to = since(SteadyClock::now());
  {
    std::lock_guard lock(mu);
    stop = true;
  }
  cv.notify_all();
  for (auto& t : workers) t.join();
  fig.seconds = since(SteadyClock::now());
  fig.attempts = attempts;
  fig.failed_attempts = failed;

  for (const auto& [v, at] : published_at) {
    VersionFigures vf;
    vf.version = v;
    vf.published_at = at;
    std::vector<double> lag;
    for (double t : applied_at[v]) lag.push_back(t - at);
    vf.holders = static_cast<int>(lag.size());
    // Kiosks that never applied it count as infinitely late (a percentile they spoil is -1).
    std::vector<double> padded = lag;
    padded.resize(std::max(lag.size(), static_cast<std::size_t>(o.kiosks)), 1e18);
    auto finite = [](double x) { return x < 1e17 ? x : -1.0; };
    vf.p50 = finite(pct(padded, 50));
    vf.p99 = finite(pct(padded, 99));
    vf.max = finite(pct(padded, 100));
    if (v == 1) fig.first = vf;
    else fig.changes.push_back(vf);
  }

  // The server's side: nginx's access log.
  nginx.flush_log();
  std::ifstream log(nginx.access_log());
  std::string line;
  double first_t = 0, last_t = 0;
  std::vector<double> manifest_times;
  std::map<long, int> per_second;
  while (std::getline(log, line)) {
    std::istringstream in(line);
    double t = 0;
    int status = 0;
    std::uint64_t bytes = 0;
    std::string uri;
    if (!(in >> t >> status >> bytes >> uri)) continue;
    if (fig.requests == 0) first_t = t;
    last_t = t;
    ++fig.requests;
    fig.bytes_served += bytes;
    if (status == 304) ++fig.not_modified;
    if (status >= 400) ++fig.errors;
    if (uri == "/manifest.json") manifest_times.push_back(t);
    ++per_second[static_cast<long>(t)];
  }
  fig.manifest_requests = static_cast<long>(manifest_times.size());
  if (last_t > first_t) fig.rps = double(fig.requests) / (last_t - first_t);
  for (const auto& [s, n] : per_second) fig.peak_rps = std::max(fig.peak_rps, double(n));
  // Spread: manifest polls per bucket of interval/20, from the moment all kiosks held version 1.
  if (!manifest_times.empty()) {
    const double wall0 = t0_wall;  // $msec is wall time
    const double bucket = fig.interval_s / 20;
    std::map<long, int> buckets;
    const double from = steady_from, to = steady_to - bucket;
    for (double t : manifest_times) {
      const double rel = t - wall0;
      if (rel >= from && rel < to) ++buckets[static_cast<long>((rel - from) / bucket)];
    }
    const long nb = static_cast<long>((to - from) / bucket);
    if (nb > 0) {
      std::vector<double> counts;
      for (long b = 0; b < nb; ++b) counts.push_back(buckets.count(b) ? buckets[b] : 0);
      double sum = 0, sq = 0;
      for (double c : counts) sum += c;
      fig.spread_mean = sum / double(counts.size());
      for (double c : counts) sq += (c - fig.spread_mean) * (c - fig.spread_mean);
      fig.spread_cv = fig.spread_mean > 0 ? std::sqrt(sq / double(counts.size())) / fig.spread_mean : 0;
      fig.spread_min = *std::min_element(counts.begin(), counts.end());
      fig.spread_max = *std::max_element(counts.begin(), counts.end());
    }
  }
  return fig;
}

inline void print_figures(const Figures& f, std::FILE* out = stdout) {
  if (!f.error.empty()) {
    std::fprintf(out, "fleet: %s\n", f.error.c_str());
    return;
  }
  std::fprintf(out, "fleet of %d kiosks, poll interval %.1f s (compressed), %.0f s run, %d sync attempts (%d failed)\n",
               f.kiosks, f.interval_s, f.seconds, f.attempts, f.failed_attempts);
  std::fprintf(out, "  nginx: %ld requests (%ld manifest polls, %ld answered 304, %ld errors), %.0f requests/s mean, %.0f peak\n",
               f.requests, f.manifest_requests, f.not_modified, f.errors, f.rps, f.peak_rps);
  std::fprintf(out, "  bytes served: %.2f MB (%.0f bytes per request)\n", double(f.bytes_served) / 1e6,
               f.requests ? double(f.bytes_served) / double(f.requests) : 0.0);
  std::fprintf(out,
               "  jitter spread: manifest polls per 1/20 interval: mean %.1f, min %.0f, max %.0f, CV %.2f "
               "(perfectly even: CV ~ %.2f, the Poisson noise of the mean)\n",
               f.spread_mean, f.spread_min, f.spread_max, f.spread_cv,
               f.spread_mean > 0 ? 1.0 / std::sqrt(f.spread_mean) : 0.0);
  auto row = [&](const VersionFigures& v, const char* what, bool goal) {
    std::fprintf(out, "  version %lld (%s): %d of %d kiosks applied it; publish -> applied p50 %.1f s, p99 %.1f s, max %.1f s",
                 static_cast<long long>(v.version), what, v.holders, f.kiosks, v.p50, v.p99, v.max);
    if (v.p99 >= 0)
      std::fprintf(out, " = %.2f intervals%s\n", v.p99 / f.interval_s,
                   !goal ? "" : v.p99 <= f.interval_s ? " (goal: within one interval, met)" : " (goal: within one interval, missed)");
    else std::fprintf(out, " (99 %% never reached)\n");
  };
  // Polls are 1 - j to 1 interval apart (jitter only shortens the wait), so a change waits for the
  // next poll a residual time whose tail is P(R > t) = (1 - t)^2 / (2j (1 - j/2)) for t >= 1 - j:
  // its 99th percentile is 1 - sqrt(0.02 j (1 - j/2)) intervals, and it never exceeds one interval.
  const double j = f.jitter_percent / 100.0;
  std::fprintf(out, "  (jitter alone puts the 99th percentile of publish -> next poll at %.3f intervals)\n",
               j > 0 ? 1 - std::sqrt(0.02 * j * (1 - j / 2)) : 1.0);
  row(f.first, "first sync, empty caches, first polls spread over one interval", false);
  for (const auto& v : f.changes) row(v, "change to a synced fleet", true);
}

}  // namespace tramtin::fleetsim

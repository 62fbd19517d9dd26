// Test fixtures for the bundle and sync tests: generated Vietnamese content, a publisher with its
// own key, a kiosk configuration, reading back what the cache holds, a real nginx on 127.0.0.1,
// and a small fault-injecting HTTP server. Layer: tests (header only).
#pragma once

#include <doctest/doctest.h>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <signal.h>
#include <sqlite3.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <map>
#include <mutex>
#include <random>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "content/bundle/bundle.h"
#include "content/store/cache.h"
#include "content/settings/config.h"
#include "content/model/model.h"
#include "content/sync/worker.h"

namespace tramtin::synctest {

namespace fs = std::filesystem;

// ---- Folders and files.

class Dir {
 public:
  Dir() {
    std::random_device rd;
    path_ = fs::temp_directory_path() / ("tramtin-sync-" + std::to_string(rd()) + std::to_string(rd()));
    fs::create_directories(path_);
  }
  ~Dir() {
    std::error_code ec;
    fs::remove_all(path_, ec);
  }
  Dir(const Dir&) = delete;
  Dir& operator=(const Dir&) = delete;
  std::string str(const std::string& child = {}) const { return child.empty() ? path_.string() : (path_ / child).string(); }

 private:
  fs::path path_;
};

inline void write_bytes(const std::string& path, const std::string& bytes) {
  fs::create_directories(fs::path(path).parent_path());
  std::ofstream f(path, std::ios::binary | std::ios::trunc);
  f.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
}

inline std::string read_bytes(const std::string& path) {
  std::ifstream f(path, std::ios::binary);
  std::stringstream ss;
  ss << f.rdbuf();
  return ss.str();
}

// ---- Content.

// Item `i` of a generated set; `variant` changes its text (and so its document hash).
inline Item make_item(int i, int variant = 0) {
  static const char* fields[][2] = {{"ho-tich", "Hộ tịch"}, {"chung-thuc", "Chứng thực"}, {"cu-tru", "Cư trú"},
                                    {"bao-tro-xa-hoi", "Bảo trợ xã hội"}};
  Item it;
  it.id = "muc-" + std::to_string(i);
  it.version = 1 + variant;
  ItemText t;
  t.lang = "vi";
  if (i % 3 == 0) {
    it.kind = Kind::procedure;
    const auto& f = fields[i % 4];
    it.procedure.code = "1.00" + std::to_string(1000 + i);
    it.procedure.field = f[0];
    it.procedure.levels = {"xa"};
    it.procedure.channels = {ChannelKind::in_person};
    t.title = "Đăng ký khai sinh cho trẻ em số " + std::to_string(i);
    t.summary = "Thủ tục tại Ủy ban nhân dân xã Bình Lư, lần sửa " + std::to_string(variant) + ".";
    t.procedure.field_name = f[1];
    t.procedure.steps = {"Nộp tờ khai và giấy tờ tại Bộ phận Một cửa.", "Công chức tư pháp - hộ tịch kiểm tra hồ sơ."};
    t.procedure.channels = {Channel{ChannelKind::in_person, "Trong ngày", "Miễn lệ phí", ""}};
    t.procedure.cases = {DocumentCase{"", {Document{"Tờ khai đăng ký khai sinh", "01 bản chính", ""}}}};
    t.procedure.agency = "Ủy ban nhân dân xã";
    t.procedure.result = "Giấy khai sinh (bản chính)";
  } else {
    it.kind = i % 3 == 1 ? Kind::news : Kind::notice;
    t.title = "Thông báo lịch tiêm chủng mở rộng tháng " + std::to_string(1 + i % 12) + " (số " + std::to_string(i) + ")";
    t.summary = "Trạm y tế xã thông báo lịch tiêm cho trẻ dưới 5 tuổi, bản " + std::to_string(variant) + ".";
    Block b;
    b.spans.push_back(Span{"Đề nghị các gia đình đưa trẻ đến Trạm y tế xã đúng giờ, mang theo sổ tiêm chủng."});
    t.body.push_back(b);
  }
  it.texts.push_back(std::move(t));
  return it;
}

inline std::vector<Item> make_items(int n, int variant = 0) {
  std::vector<Item> v;
  for (int i = 0; i < n; ++i) v.push_back(make_item(i, variant));
  return v;
}

struct MediaFile {
  bundle::MediaSource src;
  std::string bytes;
};

// Random bytes standing in for a photo (the sync never decodes media).
inline MediaFile make_media(const std::string& dir, std::size_t size, unsigned seed) {
  std::mt19937 rng(seed);
  std::string bytes(size, '\0');
  for (auto& c : bytes) c = static_cast<char>(rng() & 0xff);
  MediaFile m;
  m.bytes = bytes;
  m.src.sha256 = tramtin::sha256_hex(bytes);
  m.src.size = size;
  m.src.mime = "image/png";
  m.src.path = dir + "/media-" + std::to_string(seed) + ".png";
  write_bytes(m.src.path, bytes);
  return m;
}

inline void attach_media(Item& it, const MediaFile& m) {
  MediaRef r;
  r.sha256 = m.src.sha256;
  r.size = m.src.size;
  r.mime = m.src.mime;
  r.role = "photo";
  r.caption = "Ảnh minh họa";
  it.media.push_back(r);
}

// A publisher: a key and a bundle folder.
struct Publisher {
  bundle::KeyPair key = bundle::generate_keypair();
  std::string out_dir;
  std::string channel = "lai-chau-commune";

  std::string public_key() const { return bundle::encode_public_key(key.pub); }
  bundle::BuildReport publish(const std::vector<Item>& items, const std::vector<MediaFile>& media = {},
                              std::int64_t version = 0, int expires_in_days = 90, UnixTime now = 0) const {
    std::vector<bundle::MediaSource> ms;
    for (const auto& m : media) ms.push_back(m.src);
    bundle::BuildOptions opt;
    opt.out_dir = out_dir;
    opt.channel = channel;
    opt.key = key.sec;
    opt.version = version;
    opt.expires_in_days = expires_in_days;
    opt.now = now;
    auto rep = bundle::write_bundle(items, ms, opt);
    REQUIRE_MESSAGE(rep.status.ok(), rep.status.message);
    return rep;
  }
};

inline Config kiosk_config(const std::string& data_dir, const std::vector<std::string>& feeds,
                           const std::vector<std::string>& keys, const std::string& channel = "lai-chau-commune") {
  Config c;
  c.data_dir = data_dir;
  c.database = data_dir + "/content.db";
  c.feeds = feeds;
  c.trusted_keys = keys;
  c.channel = channel;
  fs::create_directories(data_dir);
  return c;
}

inline sync::SyncOptions fast_options() {
  sync::SyncOptions o;
  o.http.connect_timeout_seconds = 3;
  o.http.low_speed_limit_bytes = 1000;
  o.http.low_speed_time_seconds = 2;
  o.signature_retry_delay = std::chrono::milliseconds(50);
  return o;
}

// What the cache holds, read through a separate plain SQLite connection (as a second process would).
struct ContentSet {
  std::map<std::string, std::string> docs;  // id -> canonical document
  std::int64_t version = -1;                // meta content_version (-1: none)
  std::string integrity;                    // PRAGMA integrity_check
  bool operator==(const ContentSet& o) const { return docs == o.docs && version == o.version; }
};

inline ContentSet read_content(const std::string& db_path) {
  ContentSet s;
  sqlite3* db = nullptr;
  if (sqlite3_open_v2(db_path.c_str(), &db, SQLITE_OPEN_READWRITE, nullptr) != SQLITE_OK) {
    s.integrity = std::string("cannot open: ") + sqlite3_errmsg(db);
    sqlite3_close(db);
    return s;
  }
  sqlite3_busy_timeout(db, 5000);
  sqlite3_stmt* st = nullptr;
  if (sqlite3_prepare_v2(db, "PRAGMA integrity_check", -1, &st, nullptr) == SQLITE_OK) {
    while (sqlite3_step(st) == SQLITE_ROW) {
      if (!s.integrity.empty()) s.integrity += "; ";
      s.integrity += reinterpret_cast<const char*>(sqlite3_column_text(st, 0));
    }
  }
  sqlite3_finalize(st);
  if (sqlite3_prepare_v2(db, "SELECT id, doc FROM items", -1, &st, nullptr) == SQLITE_OK) {
    while (sqlite3_step(st) == SQLITE_ROW)
      s.docs[reinterpret_cast<const char*>(sqlite3_column_text(st, 0))] =
          reinterpret_cast<const char*>(sqlite3_column_text(st, 1));
  }
  sqlite3_finalize(st);
  if (sqlite3_prepare_v2(db, "SELECT value FROM meta WHERE key = 'content_version'", -1, &st, nullptr) == SQLITE_OK &&
      sqlite3_step(st) == SQLITE_ROW)
    s.version = std::strtoll(reinterpret_cast<const char*>(sqlite3_column_text(st, 0)), nullptr, 10);
  sqlite3_finalize(st);
  sqlite3_close(db);
  return s;
}

inline ContentSet expected_set(const std::vector<Item>& items, std::int64_t version) {
  ContentSet s;
  for (const auto& it : items) s.docs[it.id] = item_to_json(it);
  s.version = version;
  s.integrity = "ok";
  return s;
}

inline int free_port() {
  int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in a{};
  a.sin_family = AF_INET;
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  a.sin_port = 0;
  ::bind(fd, reinterpret_cast<sockaddr*>(&a), sizeof a);
  socklen_t len = sizeof a;
  ::getsockname(fd, reinterpret_cast<sockaddr*>(&a), &len);
  int port = ntohs(a.sin_port);
  ::close(fd);
  return port;
}

inline bool port_open(int port) {
  int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in a{};
  a.sin_family = AF_INET;
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  a.sin_port = htons(static_cast<std::uint16_t>(port));
  bool ok = ::connect(fd, reinterpret_cast<sockaddr*>(&a), sizeof a) == 0;
  ::close(fd);
  return ok;
}

// ---- A real nginx with WebDAV PUT, on a free loopback port, in its own prefix folder.
class Nginx {
 public:
  // `slow_rate`: nginx limit_rate for the /slow/ location (same files as /), e.g. "200k". /gz/
  // serves the same files with gzip for JSON (manifest.json, pages/*.json), as the recipe does.
  explicit Nginx(const std::string& slow_rate = "200k") {
    www_ = dir_.str("www");
    fs::create_directories(www_);
    port_ = free_port();
    std::string d = dir_.str();
    std::ostringstream conf;
    if (::geteuid() == 0) conf << "user root;\n";  // else nginx would drop to nobody and not write www/
    conf << "worker_processes 1;\npid " << d << "/nginx.pid;\nevents { worker_connections 256; }\n"
         << "http {\n  access_log " << d << "/access.log;\n"
         << "  client_body_temp_path " << d << "/tmp_body;\n  proxy_temp_path " << d << "/tmp_proxy;\n"
         << "  fastcgi_temp_path " << d << "/tmp_fastcgi;\n  uwsgi_temp_path " << d << "/tmp_uwsgi;\n"
         << "  scgi_temp_path " << d << "/tmp_scgi;\n"
         << "  default_type application/octet-stream;\n  keepalive_requests 10000;\n"
         << "  server {\n    listen 127.0.0.1:" << port_ << ";\n    root " << www_ << ";\n"
         << "    client_max_body_size 64m;\n"
         << "    location / { dav_methods PUT; create_full_put_path on; dav_access user:rw group:r all:r; }\n"
         << "    location /slow/ { alias " << www_ << "/; limit_rate " << slow_rate << "; }\n"
         // The same files compressed as installer/nginx/tramtin.conf serves them (JSON gzipped).
         << "    location /gz/ { alias " << www_ << "/; types { application/json json; } gzip on; "
         << "gzip_types application/json; gzip_min_length 1000; }\n"
         << "  }\n}\n";
    write_bytes(d + "/nginx.conf", conf.str());
    pid_ = ::fork();
    if (pid_ == 0) {
      const std::string conf_path = d + "/nginx.conf", err = d + "/error.log";
      ::execlp("nginx", "nginx", "-p", d.c_str(), "-c", conf_path.c_str(), "-e", err.c_str(), "-g", "daemon off;",
               static_cast<char*>(nullptr));
      std::fprintf(stderr, "cannot run nginx: %s\n", std::strerror(errno));
      ::_exit(127);
    }
    for (int i = 0; i < 250; ++i) {  // up to 5 s
      if (port_open(port_)) return;
      int status = 0;
      if (::waitpid(pid_, &status, WNOHANG) == pid_) {
        pid_ = -1;
        break;
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    std::string log = read_bytes(d + "/error.log");
    FAIL("nginx did not start on 127.0.0.1:" << port_
                                             << ". The sync integration tests need nginx (Debian: apt-get install "
                                                "nginx-light). error.log: "
                                             << log);
  }
  ~Nginx() {
    if (pid_ > 0) {
      ::kill(pid_, SIGQUIT);  // graceful: finishes open requests, removes the pid file
      int status = 0;
      for (int i = 0; i < 250; ++i) {
        if (::waitpid(pid_, &status, WNOHANG) == pid_) return;
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
      }
      ::kill(pid_, SIGKILL);
      ::waitpid(pid_, &status, 0);
    }
  }
  Nginx(const Nginx&) = delete;
  Nginx& operator=(const Nginx&) = delete;

  int port() const { return port_; }
  std::string url(const std::string& path = "") const { return "http://127.0.0.1:" + std::to_string(port_) + path; }
  const std::string& www() const { return www_; }
  std::string access_log() const { return read_bytes(dir_.str("access.log")); }
  // Lines of the access log that contain `needle` (e.g. "GET /objects/").
  int log_count(const std::string& needle) const {
    std::istringstream in(access_log());
    std::string line;
    int n = 0;
    while (std::getline(in, line))
      if (line.find(needle) != std::string::npos) ++n;
    return n;
  }

 private:
  Dir dir_;
  std::string www_;
  int port_ = 0;
  pid_t pid_ = -1;
};

// nginx's ETag is the file's mtime (in seconds) and size: two manifests of the same size written in
// the same second look unchanged to a conditional GET. Real publishes are minutes apart; tests
// publish several times a second, so each served manifest gets its own, later mtime.
inline void touch_manifest(const std::string& served_dir) {
  static int step = 0;
  fs::last_write_time(served_dir + "/manifest.json", fs::file_time_type::clock::now() + std::chrono::seconds(++step * 2));
}

// Copies a bundle folder into a served folder (what `upload` does, without HTTP).
inline void copy_bundle(const std::string& from, const std::string& to) {
  for (const char* sub : {"/objects", "/pages"}) {  // pages: the index pages of a format-2 manifest
    if (!fs::exists(from + sub)) continue;
    fs::create_directories(to + sub);
    for (const auto& e : fs::directory_iterator(from + sub))
      fs::copy_file(e.path(), to + sub + "/" + e.path().filename().string(), fs::copy_options::overwrite_existing);
  }
  fs::copy_file(from + "/manifest.sig", to + "/manifest.sig", fs::copy_options::overwrite_existing);
  fs::copy_file(from + "/manifest.json", to + "/manifest.json", fs::copy_options::overwrite_existing);
  touch_manifest(to);
}

// ---- A small HTTP server that misbehaves on purpose, on 127.0.0.1, one thread per connection.
class FaultServer {
 public:
  enum class Fault {
    none,
    status500,     // 500 Internal Server Error
    stall,         // headers and half the body, then silence (until the client gives up)
    cut,           // headers and half the body, then the connection is closed
    garbage,       // random bytes instead of an HTTP reply
    short_body,    // Content-Length larger than the body, then close
    long_body,     // Content-Length smaller than the body sent
    endless,       // no Content-Length, the body never ends
    corrupt,       // the right length, one byte changed
    trickle,       // the right headers, then the body at about 40 bytes/s (above curl's 32 B/s limit)
  };

  explicit FaultServer(std::string root) : root_(std::move(root)) {
    fd_ = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    int one = 1;
    ::setsockopt(fd_, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
    sockaddr_in a{};
    a.sin_family = AF_INET;
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    REQUIRE(::bind(fd_, reinterpret_cast<sockaddr*>(&a), sizeof a) == 0);
    socklen_t len = sizeof a;
    ::getsockname(fd_, reinterpret_cast<sockaddr*>(&a), &len);
    port_ = ntohs(a.sin_port);
    REQUIRE(::listen(fd_, 64) == 0);
    accept_thread_ = std::thread([this] { accept_loop(); });
  }
  ~FaultServer() {
    stop_ = true;
    accept_thread_.join();
    std::vector<std::thread> conns;
    {
      std::lock_guard lock(mu_);
      conns.swap(conns_);
    }
    for (auto& t : conns) t.join();
    ::close(fd_);
  }
  FaultServer(const FaultServer&) = delete;
  FaultServer& operator=(const FaultServer&) = delete;

  std::string url() const { return "http://127.0.0.1:" + std::to_string(port_); }
  // A fault for every path that starts with `prefix` ("/manifest.json", "/objects/").
  void set_fault(const std::string& prefix, Fault f) {
    std::lock_guard lock(mu_);
    faults_[prefix] = f;
  }
  void clear_faults() {
    std::lock_guard lock(mu_);
    faults_.clear();
  }
  int requests(const std::string& prefix) const {
    std::lock_guard lock(mu_);
    int n = 0;
    for (const auto& p : paths_)
      if (p.rfind(prefix, 0) == 0) ++n;
    return n;
  }

 private:
  void accept_loop() {
    while (!stop_) {
      pollfd p{fd_, POLLIN, 0};
      if (::poll(&p, 1, 50) <= 0) continue;
      int c = ::accept4(fd_, nullptr, nullptr, SOCK_CLOEXEC);
      if (c < 0) continue;
      std::lock_guard lock(mu_);
      conns_.emplace_back([this, c] {
        handle(c);
        ::close(c);
      });
    }
  }

  bool send_all(int c, std::string_view data) {
    while (!data.empty()) {
      ssize_t n = ::send(c, data.data(), data.size(), MSG_NOSIGNAL);
      if (n < 0 && errno == EINTR) continue;
      if (n <= 0) return false;
      data.remove_prefix(static_cast<std::size_t>(n));
    }
    return true;
  }

  // Waits until the client closes the connection or the server stops.
  void wait_for_close(int c) {
    char buf[256];
    while (!stop_) {
      pollfd p{c, POLLIN, 0};
      if (::poll(&p, 1, 50) <= 0) continue;
      if (::recv(c, buf, sizeof buf, 0) <= 0) return;
    }
  }

  void handle(int c) {
    std::string req;
    char buf[4096];
    while (req.find("\r\n\r\n") == std::string::npos && req.size() < 65536 && !stop_) {
      pollfd p{c, POLLIN, 0};
      if (::poll(&p, 1, 50) <= 0) continue;
      ssize_t n = ::recv(c, buf, sizeof buf, 0);
      if (n <= 0) return;
      req.append(buf, static_cast<std::size_t>(n));
    }
    std::istringstream in(req);
    std::string method, path;
    in >> method >> path;
    std::uint64_t range_from = 0;
    bool ranged = false;
    if (auto r = req.find("Range: bytes="); r != std::string::npos) {
      range_from = std::strtoull(req.c_str() + r + 13, nullptr, 10);
      ranged = true;
    }
    Fault f = Fault::none;
    {
      std::lock_guard lock(mu_);
      paths_.push_back(path);
      std::size_t best = 0;
      for (const auto& [prefix, fault] : faults_)
        if (path.rfind(prefix, 0) == 0 && prefix.size() >= best) {
          best = prefix.size();
          f = fault;
        }
    }
    std::error_code ec;
    const std::string file = root_ + path;
    if (path.find("..") != std::string::npos || !fs::is_regular_file(file, ec)) {
      send_all(c, "HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\nConnection: close\r\n\r\n");
      return;
    }
    std::string body = read_bytes(file);
    auto headers = [](const std::string& status, std::uint64_t length, const std::string& extra = {}) {
      return "HTTP/1.1 " + status + "\r\nContent-Length: " + std::to_string(length) +
             "\r\nConnection: close\r\n" + extra + "\r\n";
    };
    switch (f) {
      case Fault::none: {
        if (ranged && range_from < body.size()) {
          std::string part = body.substr(range_from);
          send_all(c, headers("206 Partial Content", part.size(),
                              "Content-Range: bytes " + std::to_string(range_from) + "-" +
                                  std::to_string(body.size() - 1) + "/" + std::to_string(body.size()) + "\r\n") +
                          part);
        } else {
          send_all(c, headers("200 OK", body.size()) + body);
        }
        return;
      }
      case Fault::status500:
        send_all(c, headers("500 Internal Server Error", 5) + "oops!");
        return;
      case Fault::stall:
        send_all(c, headers("200 OK", body.size()) + body.substr(0, body.size() / 2));
        wait_for_close(c);
        return;
      case Fault::cut:
        send_all(c, headers("200 OK", body.size()) + body.substr(0, body.size() / 2));
        return;
      case Fault::garbage: {
        std::mt19937 rng(7);
        std::string junk(2048, '\0');
        for (auto& ch : junk) ch = static_cast<char>(rng() & 0xff);
        send_all(c, junk);
        return;
      }
      case Fault::short_body:
        send_all(c, headers("200 OK", body.size() + 1000) + body);
        return;
      case Fault::long_body:
        send_all(c, headers("200 OK", body.size() / 2) + body);
        return;
      case Fault::endless: {
        send_all(c, "HTTP/1.1 200 OK\r\nConnection: close\r\n\r\n");
        std::string chunk(64 * 1024, 'x');
        while (!stop_ && send_all(c, chunk)) {
        }
        return;
      }
      case Fault::trickle: {
        if (!send_all(c, headers("200 OK", body.size()))) return;
        for (std::size_t at = 0; at < body.size() && !stop_; at += 4) {
          if (!send_all(c, std::string_view(body).substr(at, 4))) return;  // the client gave up
          std::this_thread::sleep_for(std::chrono::milliseconds(100));
        }
        return;
      }
      case Fault::corrupt: {
        if (!body.empty()) body[body.size() / 2] ^= 0x5a;
        send_all(c, headers("200 OK", body.size()) + body);
        return;
      }
    }
  }

  std::string root_;
  int fd_ = -1;
  int port_ = 0;
  std::atomic<bool> stop_{false};
  std::thread accept_thread_;
  mutable std::mutex mu_;
  std::vector<std::thread> conns_;
  std::map<std::string, Fault> faults_;
  std::vector<std::string> paths_;
};

// Runs one sync_once against `cfg` with a fresh writer connection (as a kiosk run would).
inline sync::SyncOutcome sync_now(const Config& cfg, const sync::Clock& clock = sync::system_now,
                                  const sync::SyncOptions& opt = fast_options()) {
  auto cache = Cache::open(cfg.database, Cache::Mode::writer);
  REQUIRE_MESSAGE(cache.ok(), cache.error());
  return sync::sync_once(cfg, **cache, cfg.data_dir + "/staging", clock, opt);
}

}  // namespace tramtin::synctest

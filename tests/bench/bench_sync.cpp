// Benchmark of the sync: bytes on the wire (request + response headers and bodies, as libcurl
// counts them) for the first sync of the sample pack, a poll with nothing changed, one item of
// 5 000 changed, the urgent fast path's poll (changed, unchanged); and the time to apply a
// 5 000-item bundle. Runs a real nginx on 127.0.0.1.
// Usage: bench_sync [SAMPLE_SRC]   (default: the repository's content/sample)
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <random>
#include <string>
#include <thread>

#include "content/bundle/bundle.h"
#include "content/store/cache.h"
#include "content/sync/http.h"
#include "content/base/log.h"
#include "content/authoring/reader.h"
#include "content/sync/worker.h"
#include "content/sync/urgent.h"
#include "content/bundle/urgent.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>

namespace fs = std::filesystem;
using namespace tramtin;

namespace {

[[noreturn]] void die(const std::string& msg) {
  std::fprintf(stderr, "bench_sync: %s\n", msg.c_str());
  std::exit(1);
}

int free_port() {
  int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in a{};
  a.sin_family = AF_INET;
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  ::bind(fd, reinterpret_cast<sockaddr*>(&a), sizeof a);
  socklen_t len = sizeof a;
  ::getsockname(fd, reinterpret_cast<sockaddr*>(&a), &len);
  ::close(fd);
  return ntohs(a.sin_port);
}

struct Nginx {
  std::string dir, www;
  int port = 0;
  pid_t pid = -1;
  explicit Nginx(const std::string& d) : dir(d), www(d + "/www"), port(free_port()) {
    fs::create_directories(www);
    std::ofstream conf(dir + "/nginx.conf");
    if (::geteuid() == 0) conf << "user root;\n";
    conf << "worker_processes 1;\npid " << dir << "/nginx.pid;\nevents { worker_connections 64; }\nhttp {\n"
         << "  access_log off;\n  client_body_temp_path " << dir << "/tb;\n  proxy_temp_path " << dir << "/tp;\n"
         << "  fastcgi_temp_path " << dir << "/tf;\n  uwsgi_temp_path " << dir << "/tu;\n  scgi_temp_path " << dir
         << "/ts;\n  default_type application/octet-stream;\n  types { application/json json; }\n"
         << "  server { listen 127.0.0.1:" << port << "; root " << www << ";\n"
         << "    location /gz/ { alias " << www << "/; gzip on; gzip_types application/json; gzip_min_length 1000; }\n"
         << "  }\n}\n";
    conf.close();
    pid = ::fork();
    if (pid == 0) {
      std::string c = dir + "/nginx.conf", e = dir + "/error.log";
      ::execlp("nginx", "nginx", "-p", dir.c_str(), "-c", c.c_str(), "-e", e.c_str(), "-g", "daemon off;",
               static_cast<char*>(nullptr));
      ::_exit(127);
    }
    http::Client probe;
    for (int i = 0; i < 250; ++i) {
      if (probe.head(url() + "/").transport_ok()) return;
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    die("nginx did not start (install nginx-light)");
  }
  ~Nginx() {
    ::kill(pid, SIGQUIT);
    int st = 0;
    ::waitpid(pid, &st, 0);
  }
  std::string url() const { return "http://127.0.0.1:" + std::to_string(port); }
};

void copy_bundle(const std::string& from, const std::string& to) {
  fs::create_directories(to + "/objects");
  for (const auto& e : fs::directory_iterator(from + "/objects")) {
    std::string dst = to + "/objects/" + e.path().filename().string();
    if (!fs::exists(dst)) fs::copy_file(e.path(), dst);
  }
  fs::copy_file(from + "/manifest.sig", to + "/manifest.sig", fs::copy_options::overwrite_existing);
  fs::copy_file(from + "/manifest.json", to + "/manifest.json", fs::copy_options::overwrite_existing);
  static int step = 0;  // a distinct mtime, so nginx's ETag changes (see tests/sync_fixtures.h)
  fs::last_write_time(to + "/manifest.json", fs::file_time_type::clock::now() + std::chrono::seconds(++step * 2));
}

Item generated_item(int i, int variant) {
  Item it;
  it.id = "thu-tuc-" + std::to_string(i);
  it.kind = Kind::procedure;
  it.version = 1 + variant;
  it.procedure.code = "1.00" + std::to_string(1000 + i);
  it.procedure.field = "ho-tich";
  it.procedure.levels = {"xa"};
  it.procedure.channels = {ChannelKind::in_person, ChannelKind::online};
  ItemText t;
  t.lang = "vi";
  t.title = "Đăng ký khai sinh lưu động số " + std::to_string(i);
  t.summary = "Công chức tư pháp - hộ tịch đến tận thôn bản để đăng ký khai sinh cho trẻ, bản " +
              std::to_string(variant) + ".";
  t.procedure.field_name = "Hộ tịch";
  t.procedure.steps = {"Người có yêu cầu nộp tờ khai và giấy chứng sinh cho công chức tư pháp - hộ tịch.",
                       "Công chức kiểm tra, ghi vào Sổ hộ tịch và cấp Giấy khai sinh ngay tại chỗ."};
  t.procedure.channels = {Channel{ChannelKind::in_person, "Trong ngày", "Miễn lệ phí", ""},
                          Channel{ChannelKind::online, "Trong ngày", "Miễn lệ phí", ""}};
  t.procedure.cases = {DocumentCase{"", {Document{"Tờ khai đăng ký khai sinh", "01 bản chính", ""},
                                         Document{"Giấy chứng sinh", "01 bản chính", ""}}}};
  t.procedure.agency = "Ủy ban nhân dân xã";
  t.procedure.result = "Giấy khai sinh (bản chính)";
  it.texts.push_back(std::move(t));
  return it;
}

struct Kiosk {
  Config cfg;
  std::unique_ptr<Cache> cache;
  Kiosk(const std::string& dir, const std::string& feed, const std::string& key, const std::string& channel) {
    fs::create_directories(dir);
    cfg.data_dir = dir;
    cfg.database = dir + "/content.db";
    cfg.feeds = {feed};
    cfg.trusted_keys = {key};
    cfg.channel = channel;
    auto c = Cache::open(cfg.database, Cache::Mode::writer);
    if (!c) die(c.error());
    cache = std::move(*c);
  }
  sync::SyncOutcome sync(const char* what) {
    auto t0 = std::chrono::steady_clock::now();
    auto o = sync::sync_once(cfg, *cache, cfg.data_dir + "/staging", sync::system_now);
    double ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count();
    std::printf("%-34s %-26s %9llu B sent %11llu B received  %5d objects  %8.1f ms total  %7.1f ms apply\n", what,
                o.line().substr(0, 26).c_str(), static_cast<unsigned long long>(o.bytes_out),
                static_cast<unsigned long long>(o.bytes_in), o.objects_fetched, ms, o.apply_seconds * 1000);
    if (!o.ok()) die(std::string(what) + ": " + o.line());
    return o;
  }
};

}  // namespace

int main(int argc, char** argv) {
  if (!tramtin::crypto_init() || !http::global_init()) die("libsodium or libcurl failed to initialise");
  tramtin::log::set_level(tramtin::log::Level::warn);
  const std::string sample = argc > 1 ? argv[1] : std::string(TRAMTIN_SOURCE_DIR) + "/content/sample";
  std::random_device rd;
  const std::string root = (fs::temp_directory_path() / ("tramtin-bench-sync-" + std::to_string(rd()))).string();
  fs::create_directories(root);
  {
    Nginx nginx(root + "/nginx");
    auto kp = bundle::generate_keypair();
    const std::string key = bundle::encode_public_key(kp.pub), channel = "lai-chau-commune";
    auto publish = [&](const std::vector<Item>& items, const std::vector<bundle::MediaSource>& media,
                       const std::string& out) {
      bundle::BuildOptions opt;
      opt.out_dir = out;
      opt.channel = channel;
      opt.key = kp.sec;
      auto rep = bundle::write_bundle(items, media, opt);
      if (!rep.status) die(rep.status.message);
      return rep;
    };

    // 1. The sample pack.
    SourceTree tree = read_source_tree(sample);
    if (!tree.ok() || tree.items.empty()) die("cannot read the sample pack at " + sample);
    std::vector<bundle::MediaSource> media;
    for (const auto& [sha, m] : tree.media) media.push_back({sha, m.size, m.mime, m.path.string()});
    auto rep = publish(tree.items, media, root + "/sample-bundle");
    copy_bundle(root + "/sample-bundle", nginx.www + "/sample");
    std::printf("sample pack: %zu items, %zu media files, %llu bytes of objects, manifest %zu bytes\n",
                tree.items.size(), media.size(), static_cast<unsigned long long>(rep.manifest.total_bytes()),
                rep.manifest_bytes.size());
    Kiosk k1(root + "/kiosk1", nginx.url() + "/sample", key, channel);
    k1.sync("sample pack: first sync");
    auto poll = k1.sync("sample pack: poll, nothing changed");
    std::printf("  -> unchanged poll: %llu bytes on the wire (goal <= 1024)\n",
                static_cast<unsigned long long>(poll.bytes_in + poll.bytes_out));

    // 2. 5 000 items.
    std::vector<Item> big;
    for (int i = 0; i < 5000; ++i) big.push_back(generated_item(i, 0));
    auto brep = publish(big, {}, root + "/big-bundle");
    copy_bundle(root + "/big-bundle", nginx.www + "/big");
    std::printf("5 000 items: %llu bytes of objects, manifest %zu bytes\n",
                static_cast<unsigned long long>(brep.manifest.total_bytes()), brep.manifest_bytes.size());
    Kiosk k2(root + "/kiosk2", nginx.url() + "/big", key, channel);
    k2.sync("5 000 items: first sync");
    k2.sync("5 000 items: poll, nothing changed");
    big[2500] = generated_item(2500, 1);
    publish(big, {}, root + "/big-bundle");
    copy_bundle(root + "/big-bundle", nginx.www + "/big");
    auto one = k2.sync("5 000 items: one item changed");
    std::printf("  -> one changed item: %d object fetched, %llu bytes on the wire (mostly the manifest)\n",
                one.objects_fetched, static_cast<unsigned long long>(one.bytes_in + one.bytes_out));

    // 3. The same with the server compressing JSON (nginx: gzip on; gzip_types application/json).
    Kiosk k3(root + "/kiosk3", nginx.url() + "/gz/big", key, channel);
    k3.sync("5 000 items, gzip: first sync");
    big[1234] = generated_item(1234, 1);
    publish(big, {}, root + "/big-bundle");
    copy_bundle(root + "/big-bundle", nginx.www + "/big");
    auto gz = k3.sync("5 000 items, gzip: one item changed");
    std::printf("  -> one changed item with gzip: %llu bytes on the wire\n",
                static_cast<unsigned long long>(gz.bytes_in + gz.bytes_out));

    // 4. The urgent fast path (content/sync/urgent.h): the live urgent notices of the sample pack,
    // signed into urgent.json next to the sample feed, polled as a kiosk does every few minutes.
    {
      bundle::UrgentOptions uo;
      uo.out_dir = nginx.www + "/sample";
      uo.channel = channel;
      uo.key = kp.sec;
      auto notices = bundle::live_urgent_notices(tree.items, sync::system_now());
      auto ur = bundle::write_urgent(notices, uo);
      if (!ur.status) die(ur.status.message);
      http::Client client;
      auto upoll = [&](const char* what) {
        auto o = sync::poll_urgent(k1.cfg, *k1.cache, client, sync::system_now);
        std::printf("%-34s %-26s %9llu B sent %11llu B received\n", what, o.line().substr(0, 26).c_str(),
                    static_cast<unsigned long long>(o.bytes_out), static_cast<unsigned long long>(o.bytes_in));
        if (!o.ok()) die(std::string(what) + ": " + o.line());
        return o;
      };
      auto changed = upoll("urgent.json: changed (json + sig)");
      auto same = upoll("urgent.json: poll, nothing changed");
      std::printf("  -> urgent poll: %llu bytes on the wire when unchanged, %llu when changed "
                  "(urgent.json %zu bytes, %zu notice(s))\n",
                  static_cast<unsigned long long>(same.bytes_in + same.bytes_out),
                  static_cast<unsigned long long>(changed.bytes_in + changed.bytes_out), ur.bytes.size(),
                  ur.feed.notices.size());
    }
  }
  std::error_code ec;
  fs::remove_all(root, ec);
  return 0;
}

// Integration tests of the sync engine against a real nginx on 127.0.0.1 (WebDAV PUT for the
// upload, static files with ETag and Range for the kiosk), real libcurl and real SQLite files.
// nginx is required: CI installs nginx-light; without it these tests fail and say so.
#include <doctest/doctest.h>

#include <fcntl.h>

#include "content/bundle/upload.h"
#include "content/sync/worker.h"
#include "kiosk/platform/sync_cli.h"
#include "tests/support/sync_fixtures.h"

using namespace tramtin;
using namespace tramtin::synctest;
using K = sync::SyncOutcome::Kind;

namespace {

// A kiosk that has applied v1 of a 30-item bundle served by nginx.
struct Served {
  Dir dir;
  Nginx nginx;
  Publisher pub;
  MediaFile photo;
  std::vector<Item> v1;
  std::int64_t v1_version = 0;
  Config cfg;

  Served() {
    pub.out_dir = dir.str("bundle");
    photo = make_media(dir.str(), 20000, 11);
    v1 = make_items(30);
    attach_media(v1[4], photo);
    v1_version = pub.publish(v1, {photo}).manifest.version;
    auto up = bundle::upload_bundle(pub.out_dir, nginx.url());
    REQUIRE_MESSAGE(up.status.ok(), up.status.message);
    CHECK(up.objects_put == 31);
    touch_manifest(nginx.www());
    cfg = kiosk_config(dir.str("kiosk"), {nginx.url()}, {pub.public_key()});
    auto o = sync_now(cfg);
    REQUIRE_MESSAGE(o.kind == K::applied, o.line());
  }
  ContentSet old_set() const { return expected_set(v1, v1_version); }
  sync::SyncState state() const {
    auto c = Cache::open(cfg.database, Cache::Mode::reader);
    REQUIRE(c);
    return sync::read_sync_state(**c);
  }
};

}  // namespace

TEST_CASE("sync: first sync from nginx · then an unchanged manifest is a 304 and nothing else") {
  Served s;
  CHECK(read_content(s.cfg.database) == s.old_set());
  CHECK(read_content(s.cfg.database).integrity == "ok");

  const int lines_before = s.nginx.log_count("GET ");
  auto o = sync_now(s.cfg);
  CHECK(o.line() == "up to date");
  CHECK(o.exit_code() == 0);
  CHECK(o.version == s.v1_version);
  CHECK(o.objects_fetched == 0);
  MESSAGE("unchanged poll: " << o.bytes_out << " bytes sent + " << o.bytes_in << " bytes received");
  CHECK(o.bytes_in + o.bytes_out <= 1024);
  CHECK(s.nginx.log_count("GET ") == lines_before + 1);
  CHECK(s.nginx.log_count("\"GET /manifest.json HTTP/1.1\" 304") == 1);

  auto st = s.state();
  CHECK(st.applied_version == s.v1_version);
  CHECK(st.last_result == "up to date");
  CHECK(st.last_error.empty());
  CHECK(st.last_success > 0);
  CHECK(st.bytes_today > 0);
}

TEST_CASE("sync: one changed item downloads only its objects · and upload skips what the server has") {
  Served s;
  auto v2 = s.v1;
  v2[7] = make_item(7, 1);
  auto rep = s.pub.publish(v2, {s.photo});
  auto up = bundle::upload_bundle(s.pub.out_dir, s.nginx.url());
  REQUIRE_MESSAGE(up.status.ok(), up.status.message);
  CHECK(up.objects_put == 1);
  CHECK(up.objects_skipped == 30);
  touch_manifest(s.nginx.www());

  const int objects_before = s.nginx.log_count("GET /objects/");
  auto o = sync_now(s.cfg);
  REQUIRE_MESSAGE(o.kind == K::applied, o.line());
  CHECK(o.version == rep.manifest.version);
  CHECK(o.objects_fetched == 1);
  CHECK(o.objects_reused == 30);  // 29 item documents and the photo, kept in staging
  CHECK(s.nginx.log_count("GET /objects/") == objects_before + 1);
  CHECK(read_content(s.cfg.database) == expected_set(v2, rep.manifest.version));
  // The photo still shows: it stayed in the cache.
  auto c = Cache::open(s.cfg.database, Cache::Mode::reader);
  REQUIRE(c);
  auto m = (*c)->get_media(s.photo.src.sha256);
  REQUIRE(m);
  REQUIRE(*m);
  CHECK((*m)->bytes == s.photo.bytes);
  // Only the current bundle's objects remain staged (30 item documents and the photo), with its
  // manifest pair: the last good bundle a damaged cache is rebuilt from.
  int staged = 0;
  for ([[maybe_unused]] const auto& e : fs::directory_iterator(s.cfg.data_dir + "/staging/objects")) ++staged;
  CHECK(staged == 31);
  CHECK(fs::exists(s.cfg.data_dir + "/staging/manifest.json"));
  CHECK(fs::exists(s.cfg.data_dir + "/staging/manifest.sig"));
}

TEST_CASE("sync: a download cut half-way resumes with Range") {
  Dir d;
  Nginx nginx("150k");
  Publisher pub;
  pub.out_dir = d.str("bundle");
  auto photo = make_media(d.str(), 300000, 12);
  auto items = make_items(6);
  attach_media(items[1], photo);
  auto rep = pub.publish(items, {photo});
  copy_bundle(pub.out_dir, nginx.www());
  Config cfg = kiosk_config(d.str("kiosk"), {nginx.url("/slow")}, {pub.public_key()});

  auto opt = fast_options();
  opt.http.total_timeout_seconds = 1;  // the link drops after one second
  auto cut = sync_now(cfg, sync::system_now, opt);
  CHECK(cut.kind == K::failed);
  CHECK_MESSAGE(cut.reason.find("resumed") != std::string::npos, cut.reason);
  const std::string partial = cfg.data_dir + "/staging/partial/" + photo.src.sha256;
  REQUIRE(fs::exists(partial));
  const auto have = fs::file_size(partial);
  CHECK(have > 0);
  CHECK(have < photo.src.size);
  CHECK(read_content(cfg.database).docs.empty());

  auto o = sync_now(cfg);
  REQUIRE_MESSAGE(o.kind == K::applied, o.line());
  CHECK(o.bytes_resumed >= have);
  CHECK(nginx.log_count("\" 206 ") == 1);
  CHECK(read_content(cfg.database) == expected_set(items, rep.manifest.version));
  CHECK_FALSE(fs::exists(partial));
}

TEST_CASE("sync: bad bundles are rejected · the previous content stays and the reason is recorded") {
  Served s;
  auto v2 = make_items(30, 2);
  attach_media(v2[4], s.photo);
  std::string expect;

  SUBCASE("a tampered object") {
    auto rep = s.pub.publish(v2, {s.photo});
    copy_bundle(s.pub.out_dir, s.nginx.www());
    std::string victim;
    for (const auto& e : rep.manifest.entries)
      if (e.kind == bundle::EntryKind::item && e.id == "muc-9") victim = e.sha256;
    const std::string path = s.nginx.www() + "/objects/" + victim;
    std::string bytes = read_bytes(path);
    auto p = bytes.find("Miễn lệ phí");
    REQUIRE(p != std::string::npos);
    bytes.replace(p, std::strlen("Miễn lệ phí"), "Lệ phí 50.000");  // the same length in bytes
    REQUIRE(bytes.size() == fs::file_size(path));
    write_bytes(path, bytes);
    expect = "does not match the signed manifest";
  }
  SUBCASE("a tampered manifest") {
    s.pub.publish(v2, {s.photo});
    copy_bundle(s.pub.out_dir, s.nginx.www());
    std::string m = read_bytes(s.nginx.www() + "/manifest.json");
    auto p = m.find("\"expires_at\":");
    REQUIRE(p != std::string::npos);
    m[p + 14] = m[p + 14] == '9' ? '8' : '9';  // a later expiry, say
    write_bytes(s.nginx.www() + "/manifest.json", m);
    touch_manifest(s.nginx.www());
    expect = "signature does not match";
  }
  SUBCASE("a damaged signature") {
    s.pub.publish(v2, {s.photo});
    copy_bundle(s.pub.out_dir, s.nginx.www());
    write_bytes(s.nginx.www() + "/manifest.sig", "<html>Chào mừng đến Wi-Fi miễn phí</html>\n");
    expect = "not a signature";
  }
  SUBCASE("an unknown key") {
    Publisher stranger;
    stranger.out_dir = s.dir.str("stranger");
    stranger.publish(v2, {s.photo}, s.v1_version + 5);
    copy_bundle(stranger.out_dir, s.nginx.www());
    expect = "trusted key";
  }
  SUBCASE("an older version") {
    Publisher old = s.pub;
    old.out_dir = s.dir.str("old");
    old.publish(v2, {s.photo}, s.v1_version - 1);
    copy_bundle(old.out_dir, s.nginx.www());
    expect = "rollback refused";
  }
  SUBCASE("an expired manifest") {
    s.pub.publish(v2, {s.photo}, 0, 30, sync::system_now() - 40 * 86400);
    copy_bundle(s.pub.out_dir, s.nginx.www());
    expect = "expired";
  }
  SUBCASE("a wrong channel") {
    Publisher border = s.pub;
    border.channel = "lao-cai-border-gate";
    border.publish(v2, {s.photo});
    copy_bundle(border.out_dir, s.nginx.www());
    expect = "channel";
  }

  auto o = sync_now(s.cfg);
  CHECK(o.kind == K::rejected);
  CHECK(o.exit_code() == 1);
  CHECK_MESSAGE(o.reason.find(expect) != std::string::npos, o.line());
  CHECK(read_content(s.cfg.database) == s.old_set());
  auto st = s.state();
  CHECK(st.applied_version == s.v1_version);
  CHECK(st.last_error == o.line());
  CHECK(st.consecutive_failures == 1);
  // And again: the bad bundle is not remembered as accepted (no 304 that would hide it).
  auto again = sync_now(s.cfg);
  CHECK(again.kind == K::rejected);
  CHECK(s.state().consecutive_failures == 2);
}

TEST_CASE("sync: key rotation: a bundle signed by the new key is accepted · a retired key is refused") {
  Served s;
  Publisher next = s.pub;
  next.key = bundle::generate_keypair();
  s.cfg.trusted_keys = {s.pub.public_key(), next.public_key()};

  auto v2 = make_items(30, 1);
  auto r2 = next.publish(v2, {s.photo});
  copy_bundle(next.out_dir, s.nginx.www());
  auto o = sync_now(s.cfg);
  REQUIRE_MESSAGE(o.kind == K::applied, o.line());
  CHECK(read_content(s.cfg.database) == expected_set(v2, r2.manifest.version));

  s.cfg.trusted_keys = {next.public_key()};  // the old key is retired
  auto v3 = make_items(30, 2);
  s.pub.publish(v3, {s.photo});
  copy_bundle(s.pub.out_dir, s.nginx.www());
  auto refused = sync_now(s.cfg);
  CHECK(refused.kind == K::rejected);
  CHECK(read_content(s.cfg.database) == expected_set(v2, r2.manifest.version));

  auto r3 = next.publish(v3, {s.photo});
  copy_bundle(next.out_dir, s.nginx.www());
  auto ok = sync_now(s.cfg);
  REQUIRE_MESSAGE(ok.kind == K::applied, ok.line());
  CHECK(read_content(s.cfg.database) == expected_set(v3, r3.manifest.version));
}

TEST_CASE("sync: mirrors are tried in order and every failure is reported") {
  Dir d;
  Nginx nginx;
  Publisher pub;
  pub.out_dir = d.str("bundle");
  auto items = make_items(8);
  auto rep = pub.publish(items);
  copy_bundle(pub.out_dir, nginx.www() + "/feed");
  const std::string dead = "http://127.0.0.1:" + std::to_string(free_port());
  Config cfg = kiosk_config(d.str("kiosk"), {dead, nginx.url("/missing"), nginx.url("/feed")}, {pub.public_key()});
  auto o = sync_now(cfg);
  REQUIRE_MESSAGE(o.kind == K::applied, o.line());
  CHECK(o.source == nginx.url("/feed"));
  CHECK(read_content(cfg.database) == expected_set(items, rep.manifest.version));

  cfg.feeds = {dead, nginx.url("/missing")};
  auto f = sync_now(cfg);
  CHECK(f.kind == K::failed);
  CHECK(f.exit_code() == 3);
  CHECK_MESSAGE(f.reason.find("cannot connect") != std::string::npos, f.reason);
  CHECK_MESSAGE(f.reason.find("HTTP 404") != std::string::npos, f.reason);

  cfg.feeds = {};
  CHECK(sync_now(cfg).reason.find("sync.feeds") != std::string::npos);
}

TEST_CASE("sync: the daily byte budget spreads a large update over several days") {
  Dir d;
  Nginx nginx;
  Publisher pub;
  pub.out_dir = d.str("bundle");
  auto p1 = make_media(d.str(), 25000, 21), p2 = make_media(d.str(), 25000, 22);
  auto items = make_items(5);
  attach_media(items[0], p1);
  attach_media(items[1], p2);
  auto rep = pub.publish(items, {p1, p2});
  copy_bundle(pub.out_dir, nginx.www());
  Config cfg = kiosk_config(d.str("kiosk"), {nginx.url()}, {pub.public_key()});
  cfg.daily_byte_budget = 30000;

  UnixTime day = 1763800000;  // a fixed clock: 15:26 Vietnam time
  auto clock = [&day] { return day; };
  int fetched = 0;
  auto o1 = sync_now(cfg, clock);
  CHECK(o1.kind == K::failed);
  CHECK_MESSAGE(o1.reason.find("daily data budget") != std::string::npos, o1.reason);
  fetched += o1.objects_fetched;
  CHECK(read_content(cfg.database).docs.empty());

  auto used = sync_now(cfg, clock);  // the same day: what is left buys nothing more
  CHECK(used.kind == K::failed);
  CHECK(used.objects_fetched == 0);

  day += 86400;
  auto o2 = sync_now(cfg, clock);
  CHECK(o2.kind == K::failed);
  fetched += o2.objects_fetched;
  day += 86400;
  auto o3 = sync_now(cfg, clock);
  REQUIRE_MESSAGE(o3.kind == K::applied, o3.line());
  fetched += o3.objects_fetched;
  CHECK(fetched == 7);  // every object once, across three days
  CHECK(read_content(cfg.database) == expected_set(items, rep.manifest.version));
  auto c = Cache::open(cfg.database, Cache::Mode::reader);
  auto st = sync::read_sync_state(**c);
  CHECK(st.bytes_day == sync::budget_day(day));
  CHECK(st.bytes_today <= 30000);
}

TEST_CASE("sync: the worker polls on its own thread · applies · and wakes the UI through its callback") {
  Served s;
  std::atomic<std::int64_t> woke{0};
  sync::WorkerOptions wo;
  wo.interval = std::chrono::milliseconds(60000);
  wo.first_delay = std::chrono::milliseconds(0);
  wo.sync = fast_options();
  wo.seed = 42;
  sync::SyncWorker worker(s.cfg, wo);
  worker.on_content_applied = [&woke](std::int64_t v) { woke = v; };
  worker.start();
  auto wait_for = [&](auto pred) {
    for (int i = 0; i < 500 && !pred(); ++i) std::this_thread::sleep_for(std::chrono::milliseconds(10));
    return pred();
  };
  REQUIRE(wait_for([&] { return worker.attempts() >= 1 && worker.status().next_delay.count() > 1000; }));
  auto st = worker.status();
  CHECK(st.running);
  CHECK(st.state.last_result == "up to date");
  CHECK(st.state.applied_version == s.v1_version);
  CHECK(st.next_delay >= std::chrono::milliseconds(48000));  // the interval, up to 20 % sooner
  CHECK(st.next_delay <= std::chrono::milliseconds(60000));
  CHECK(woke == 0);

  auto v2 = make_items(31, 1);
  auto rep = s.pub.publish(v2, {s.photo});
  copy_bundle(s.pub.out_dir, s.nginx.www());
  worker.request_sync_now();  // the staff "sync now" button
  REQUIRE(wait_for([&] { return woke.load() == rep.manifest.version; }));
  CHECK(worker.status().state.applied_version == rep.manifest.version);
  CHECK(read_content(s.cfg.database) == expected_set(v2, rep.manifest.version));

  auto t0 = std::chrono::steady_clock::now();
  worker.stop();
  CHECK(std::chrono::steady_clock::now() - t0 < std::chrono::seconds(2));
  CHECK_FALSE(worker.status().running);
}

TEST_CASE("sync: the worker imports a newer bundle found on removable media") {
  Served s;
  Dir media;
  auto v2 = make_items(30, 3);
  Publisher usb = s.pub;
  usb.out_dir = media.str("sdb1/tramtin");
  auto rep = usb.publish(v2, {}, s.v1_version + 10);
  s.cfg.import_watch = media.str("*/tramtin");
  sync::WorkerOptions wo;
  wo.interval = std::chrono::milliseconds(600000);
  wo.first_delay = std::chrono::milliseconds(600000);
  wo.watch_period = std::chrono::milliseconds(50);
  sync::SyncWorker worker(s.cfg, wo);
  std::atomic<std::int64_t> woke{0};
  worker.on_content_applied = [&woke](std::int64_t v) { woke = v; };
  worker.start();
  for (int i = 0; i < 500 && woke == 0; ++i) std::this_thread::sleep_for(std::chrono::milliseconds(10));
  CHECK(woke == rep.manifest.version);
  worker.stop();
  CHECK(read_content(s.cfg.database) == expected_set(v2, rep.manifest.version));
  CHECK(worker.status().state.applied_source == "usb:" + usb.out_dir);
}

TEST_CASE("sync: tramtin --sync-once prints what happened as its last line") {
  Served s;
  auto run = [&](const Config& cfg, std::string* last) {
    Dir out;
    const std::string path = out.str("stdout.txt");
    std::fflush(stdout);
    pid_t pid = ::fork();
    if (pid == 0) {
      int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
      ::dup2(fd, 1);
      ::_exit(run_sync_once(cfg));
    }
    int status = 0;
    ::waitpid(pid, &status, 0);
    std::string text = read_bytes(path);
    while (!text.empty() && text.back() == '\n') text.pop_back();
    *last = text.substr(text.rfind('\n') + 1);
    return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  };
  std::string last;
  CHECK(run(s.cfg, &last) == 0);
  CHECK(last == "up to date");

  auto rep = s.pub.publish(make_items(3, 1));
  copy_bundle(s.pub.out_dir, s.nginx.www());
  CHECK(run(s.cfg, &last) == 0);
  CHECK(last == "applied version " + std::to_string(rep.manifest.version));

  s.pub.publish(make_items(3, 2));
  copy_bundle(s.pub.out_dir, s.nginx.www());
  write_bytes(s.nginx.www() + "/manifest.sig", "AAAA\n");
  CHECK(run(s.cfg, &last) == 1);
  CHECK(last.rfind("rejected: ", 0) == 0);

  Config offline = s.cfg;
  offline.feeds = {"http://127.0.0.1:" + std::to_string(free_port())};
  CHECK(run(offline, &last) == 3);
  CHECK(last.rfind("failed: cannot connect", 0) == 0);
}

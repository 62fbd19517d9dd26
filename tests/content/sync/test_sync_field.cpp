// What a hostile field found in the sync path (issue 10, item 8) and a kiosk with a wrong clock
// (item 5): a feed trickling just above curl's low-speed limit, a USB stick during a stuck sync, a
// full disk, and a clock in 1970. Real parts: nginx and the fault server on 127.0.0.1.
#include <doctest/doctest.h>

#include <cerrno>
#include <memory>

#include "content/base/format.h"
#include "content/store/repair.h"
#include "content/sync/apply.h"
#include "content/sync/worker.h"
#include "kiosk/core/content_state.h"
#include "kiosk/core/staff_info.h"
#include "tests/support/sync_fixtures.h"

using namespace tramtin;
using namespace tramtin::synctest;
using K = sync::SyncOutcome::Kind;
using Fault = FaultServer::Fault;

namespace {

// Options that reproduce the field: curl's own low-speed limit (32 B/s for 60 s) never trips at
// 40 B/s, so only the per-request deadline can end the request. Small base and rate for a test.
sync::SyncOptions trickle_options() {
  sync::SyncOptions o = fast_options();
  o.http.low_speed_limit_bytes = 32;
  o.http.low_speed_time_seconds = 60;
  o.http.deadline_min_rate_bytes = 1000;
  o.http.deadline_base_seconds = 2;
  return o;
}

double seconds_since(std::chrono::steady_clock::time_point t0) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
}

}  // namespace

TEST_CASE("field: a feed trickling at 40 B/s hits its deadline · the next mirror gives the bundle") {
  Dir d;
  Publisher pub;
  pub.out_dir = d.str("bundle");
  auto photo = make_media(d.str(), 6000, 5);
  auto items = make_items(10);
  attach_media(items[1], photo);
  auto rep = pub.publish(items, {photo});
  fs::create_directories(d.str("www"));
  copy_bundle(pub.out_dir, d.str("www"));
  FaultServer slow(d.str("www"));
  Nginx nginx;
  copy_bundle(pub.out_dir, nginx.www() + "/feed");
  Config cfg = kiosk_config(d.str("kiosk"), {slow.url(), nginx.url("/feed")}, {pub.public_key()});

  SUBCASE("the manifest trickles") { slow.set_fault("/manifest.json", Fault::trickle); }
  SUBCASE("the objects trickle") { slow.set_fault("/objects/", Fault::trickle); }

  auto t0 = std::chrono::steady_clock::now();
  auto o = sync_now(cfg, sync::system_now, trickle_options());
  const double took = seconds_since(t0);
  REQUIRE_MESSAGE(o.kind == K::applied, o.line());
  CHECK(o.source == nginx.url("/feed"));
  CHECK(read_content(cfg.database) == expected_set(items, rep.manifest.version));
  // At 40 B/s the manifest alone would take minutes and the photo 150 s; the deadline (2 s + the
  // expected bytes at 1000 B/s) ends it well before. A generous bound, not a timing measurement.
  CHECK_MESSAGE(took < 90.0, took);

  // Only the slow feed: the outcome says why, as a transport failure, and content stays.
  cfg.feeds = {slow.url()};
  Config fresh = kiosk_config(d.str("kiosk2"), {slow.url()}, {pub.public_key()});
  auto f = sync_now(fresh, sync::system_now, trickle_options());
  CHECK(f.kind == K::failed);
  CHECK(f.cause == ErrorKind::transport);
  CHECK_MESSAGE(f.reason.find("far too slow") != std::string::npos, f.reason);
}

TEST_CASE("field: the per-request deadline is sized from the expected bytes") {
  Dir d;
  Publisher pub;
  pub.out_dir = d.str("bundle");
  pub.publish(make_items(4));
  fs::create_directories(d.str("www"));
  copy_bundle(pub.out_dir, d.str("www"));
  FaultServer slow(d.str("www"));
  slow.set_fault("/manifest.json", Fault::trickle);
  http::Options o;
  o.low_speed_limit_bytes = 32;
  o.low_speed_time_seconds = 60;
  o.deadline_base_seconds = 1;
  o.deadline_min_rate_bytes = 1000000;  // a small manifest: the base alone
  http::Client c(o);
  auto r = c.get(slow.url() + "/manifest.json");
  CHECK_FALSE(r.ok());
  CHECK(r.transport == http::Transport::failed);
  CHECK(r.deadline_exceeded);
  CHECK(r.to_status(slow.url()).kind == ErrorKind::transport);

  // No trickle: the same deadline does not get in the way.
  slow.clear_faults();
  auto ok = c.get(slow.url() + "/manifest.sig");
  CHECK(ok.ok());
  CHECK_FALSE(ok.deadline_exceeded);
}

TEST_CASE("field: a USB stick is imported while the network sync is stuck on a trickling feed") {
  Dir d;
  Publisher pub;
  pub.out_dir = d.str("bundle");
  pub.publish(make_items(60));  // a manifest of a few KB: minutes at 40 B/s
  fs::create_directories(d.str("www"));
  copy_bundle(pub.out_dir, d.str("www"));
  FaultServer slow(d.str("www"));
  slow.set_fault("/manifest.json", Fault::trickle);
  Config cfg = kiosk_config(d.str("kiosk"), {slow.url()}, {pub.public_key()});
  cfg.import_watch = d.str("media/*/tramtin");

  sync::WorkerOptions wo;
  wo.sync = trickle_options();
  wo.sync.http.deadline_min_rate_bytes = 0;  // as stuck as the field saw it: only curl's 32 B/s limit
  wo.interval = std::chrono::milliseconds(600000);
  wo.first_delay = std::chrono::milliseconds(1);
  wo.watch_period = std::chrono::milliseconds(100);
  sync::SyncWorker worker(cfg, wo);
  std::atomic<std::int64_t> applied{0};
  worker.on_content_applied = [&applied](std::int64_t v) { applied = v; };
  worker.start();

  // The network attempt is under way (reading the trickling manifest).
  auto t0 = std::chrono::steady_clock::now();
  while (seconds_since(t0) < 20 && slow.requests("/manifest.json") == 0)
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  REQUIRE(slow.requests("/manifest.json") == 1);
  REQUIRE(worker.status().busy);

  // A stick appears with a newer bundle.
  Publisher stick = pub;
  stick.out_dir = d.str("media/sdb1/tramtin");
  auto items = make_items(9, 2);
  auto rep = stick.publish(items, {}, 1'000'000'000'000);
  t0 = std::chrono::steady_clock::now();
  while (seconds_since(t0) < 30 && applied == 0) std::this_thread::sleep_for(std::chrono::milliseconds(20));
  CHECK(applied == rep.manifest.version);
  CHECK(worker.status().busy);  // the network attempt is still stuck: the import did not wait for it
  CHECK(worker.status().state.applied_source == "usb:" + stick.out_dir);
  CHECK(read_content(cfg.database) == expected_set(items, rep.manifest.version));
  t0 = std::chrono::steady_clock::now();
  worker.stop();  // cancels the stuck transfer promptly
  CHECK(seconds_since(t0) < 30);
  CHECK(read_content(cfg.database) == expected_set(items, rep.manifest.version));
}

TEST_CASE("field: a kiosk clock in 1970 takes the feed's Date for expiry and says so") {
  Dir d;
  Nginx nginx;
  Publisher pub;
  pub.out_dir = d.str("bundle");
  auto items = make_items(6);
  auto rep = pub.publish(items);  // created now, expires in 90 days
  copy_bundle(pub.out_dir, nginx.www() + "/feed");
  Config cfg = kiosk_config(d.str("kiosk"), {nginx.url("/feed")}, {pub.public_key()});
  const UnixTime real_now = sync::system_now();
  const sync::Clock in_1970 = [] { return UnixTime{86400}; };

  auto o = sync_now(cfg, in_1970);
  REQUIRE_MESSAGE(o.kind == K::applied, o.line());
  CHECK(o.clock_source == sync::SyncOutcome::ClockSource::server_date);
  CHECK(o.clock_offset > real_now - 86400 - 3600);
  CHECK(o.clock_offset < real_now - 86400 + 3600);
  {
    auto cache = Cache::open(cfg.database, Cache::Mode::reader);
    REQUIRE(cache);
    auto st = sync::read_sync_state(**cache);
    CHECK(st.clock_source == "server_date");
    CHECK(st.clock_offset == o.clock_offset);
    CHECK(st.applied_at > real_now - 3600);  // the server's time, not 1970
    CHECK(st.last_attempt == 86400);         // attempts stay on the kiosk's clock (the byte budget's day)
    CHECK(st.clock_checked_at + st.clock_offset > real_now - 3600);
    // The staff screen says it in plain Vietnamese.
    sync::SyncStatus ss;
    ss.state = st;
    StaffSources src;
    Config c2 = cfg;
    src.config = &c2;
    src.sync = &ss;
    StaffInfo info = collect_staff_info(src);
    const std::string words = clock_in_words(info);
    CHECK_MESSAGE(words.find("Đồng hồ của máy chậm") != std::string::npos, words);
    CHECK_MESSAGE(words.find("giờ của máy chủ") != std::string::npos, words);
    bool shown = false;
    for (const auto& sec : staff_sections(info, real_now))
      for (const auto& row : sec.rows) shown = shown || (row.value == words && row.warn);
    CHECK(shown);
  }

  // The clock at the last shutdown (a week behind), and a bundle that by the server's clock has
  // expired: refused as expired, although the kiosk's own clock would have let it in.
  Publisher old = pub;
  old.out_dir = d.str("old");
  old.publish(make_items(6, 1), {}, rep.manifest.version + 1, 10, real_now - 20 * 86400);
  copy_bundle(old.out_dir, nginx.www() + "/old");
  Config cfg2 = kiosk_config(d.str("kiosk2"), {nginx.url("/old")}, {pub.public_key()});
  auto e = sync_now(cfg2, [real_now] { return real_now - 21 * 86400; });
  CHECK(e.kind == K::rejected);
  CHECK(e.cause == ErrorKind::protocol);
  CHECK_MESSAGE(e.reason.find("expired") != std::string::npos, e.reason);

  // A stick carries no trustworthy time: the bundle's creation is the floor, never a Date header.
  Config cfg3 = kiosk_config(d.str("kiosk3"), {}, {pub.public_key()});
  auto cache3 = Cache::open(cfg3.database, Cache::Mode::writer);
  REQUIRE(cache3);
  auto u = sync::import_bundle(cfg3, **cache3, cfg3.data_dir + "/staging", pub.out_dir, in_1970);
  REQUIRE_MESSAGE(u.kind == K::applied, u.line());
  CHECK(u.clock_source == sync::SyncOutcome::ClockSource::bundle_created);
  CHECK(u.clock_offset == rep.manifest.created_at - 86400);

  // A right clock: nothing to say.
  Config cfg4 = kiosk_config(d.str("kiosk4"), {nginx.url("/feed")}, {pub.public_key()});
  auto r = sync_now(cfg4);
  REQUIRE(r.kind == K::applied);
  CHECK(r.clock_source == sync::SyncOutcome::ClockSource::local);
  CHECK(r.clock_offset == 0);
}

TEST_CASE("field: a full disk removes the partial downloads and says how much a sync needs") {
  Dir d;
  Nginx nginx;
  Publisher pub;
  pub.out_dir = d.str("bundle");
  auto photo = make_media(d.str(), 300000, 9);
  auto items = make_items(5);
  attach_media(items[0], photo);
  auto rep = pub.publish(items, {photo});
  copy_bundle(pub.out_dir, nginx.www() + "/feed");
  Config cfg = kiosk_config(d.str("kiosk"), {nginx.url("/feed")}, {pub.public_key()});

  // The download writer runs out of space after 100 KB, as a full card would.
  auto opt = fast_options();
  auto written = std::make_shared<std::atomic<std::uint64_t>>(0);
  opt.http.write_file = [written](int fd, const void* data, std::size_t n) -> long {
    if (*written + n > 100000) {
      errno = ENOSPC;
      return -1;
    }
    *written += n;
    return static_cast<long>(::write(fd, data, n));
  };
  auto o = sync_now(cfg, sync::system_now, opt);
  CHECK(o.kind == K::failed);
  CHECK(o.cause == ErrorKind::storage);
  CHECK_MESSAGE(o.reason.find("disk is full") != std::string::npos, o.reason);
  CHECK(o.space_needed >= photo.bytes.size());
  CHECK(o.space_needed <= rep.manifest.total_bytes());
  CHECK(o.space_free > 0);
  int partial = 0;
  std::error_code ec;
  for ([[maybe_unused]] const auto& e : fs::directory_iterator(cfg.data_dir + "/staging/partial", ec)) ++partial;
  CHECK(partial == 0);
  {
    auto cache = Cache::open(cfg.database, Cache::Mode::reader);
    REQUIRE(cache);
    auto st = sync::read_sync_state(**cache);
    CHECK(st.space_needed == o.space_needed);
    sync::SyncStatus ss;
    ss.state = st;
    StaffSources src;
    src.config = &cfg;
    src.sync = &ss;
    bool shown = false;
    for (const auto& sec : staff_sections(collect_staff_info(src), sync::system_now()))
      for (const auto& row : sec.rows)
        shown = shown || (row.label == "Thiếu chỗ để đồng bộ" && row.warn &&
                          row.value.find(format_bytes(o.space_needed, ',')) != std::string::npos);
    CHECK(shown);
  }

  // Space again: the sync completes and the shortage is no longer reported.
  auto ok = sync_now(cfg);
  REQUIRE_MESSAGE(ok.kind == K::applied, ok.line());
  auto cache = Cache::open(cfg.database, Cache::Mode::reader);
  REQUIRE(cache);
  CHECK(sync::read_sync_state(**cache).space_needed == 0);
}

TEST_CASE("field: a corrupted cache is rebuilt from the last good bundle on disk, not the sample pack") {
  Dir d;
  Nginx nginx;
  Publisher pub;
  pub.out_dir = d.str("bundle");
  auto photo = make_media(d.str(), 5000, 3);
  auto items = make_items(8);
  attach_media(items[2], photo);
  auto rep = pub.publish(items, {photo});
  copy_bundle(pub.out_dir, nginx.www() + "/feed");
  Config cfg = kiosk_config(d.str("kiosk"), {nginx.url("/feed")}, {pub.public_key()});
  REQUIRE(sync_now(cfg).kind == K::applied);
  const std::string staging = sync::last_good_bundle_dir(cfg);
  REQUIRE(fs::exists(staging + "/manifest.json"));
  REQUIRE(fs::exists(staging + "/manifest.sig"));
  const std::string sample = std::string(TRAMTIN_SOURCE_DIR) + "/content/sample";

  auto damage = [&] {
    fs::remove(cfg.database + "-wal");
    fs::remove(cfg.database + "-shm");
    std::string junk(64 * 1024, '\0');
    std::mt19937 rng(11);
    for (auto& c : junk) c = static_cast<char>(rng() & 0xff);
    write_bytes(cfg.database, "SQLite format 3" + junk);
  };
  auto repaired_from = [&] {
    auto c = Cache::open(cfg.database, Cache::Mode::reader);
    REQUIRE(c);
    auto v = (*c)->meta_value(kMetaRepairFrom);
    REQUIRE(v);
    return v->value_or("");
  };

  damage();
  {
    ContentState cs;
    Status s = cs.open(cfg, sample, sync::system_now());
    REQUIRE_MESSAGE(s.ok(), s.message);
  }
  CHECK(repaired_from() == "last-good-bundle");
  CHECK(read_content(cfg.database) == expected_set(items, rep.manifest.version));
  {
    auto c = Cache::open(cfg.database, Cache::Mode::reader);
    REQUIRE(c);
    auto m = (*c)->get_media(photo.src.sha256);
    REQUIRE(m);
    REQUIRE(*m);
    CHECK((*m)->bytes == photo.bytes);
  }
  // The next poll of the same feed has nothing to do.
  CHECK(sync_now(cfg).kind == K::up_to_date);

  // A staged bundle that no longer passes the checks (an object altered): the sample pack.
  for (const auto& e : rep.manifest.entries)
    if (e.kind == bundle::EntryKind::item) {
      std::string obj = read_bytes(staging + "/objects/" + e.sha256);
      obj[obj.size() / 2] ^= 0x20;
      write_bytes(staging + "/objects/" + e.sha256, obj);
      break;
    }
  damage();
  {
    ContentState cs;
    Status s = cs.open(cfg, sample, sync::system_now());
    REQUIRE_MESSAGE(s.ok(), s.message);
  }
  CHECK(repaired_from() == "sample");
  CHECK(read_content(cfg.database).version == 0);
  CHECK_FALSE(read_content(cfg.database).docs.empty());
}

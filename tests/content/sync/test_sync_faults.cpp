// Fault injection at the network seam: a small HTTP server of our own (tests/sync_fixtures.h)
// answers with 500s, stalls mid-body, cuts the connection, sends garbage, a wrong Content-Length
// or an endless body. The kiosk must survive each, keep its content, and retry with backoff.
#include <doctest/doctest.h>

#include <set>

#include "content/sync/worker.h"
#include "tests/support/sync_fixtures.h"

using namespace tramtin;
using namespace tramtin::synctest;
using K = sync::SyncOutcome::Kind;
using Fault = FaultServer::Fault;

namespace {

const char* fault_name(Fault f) {
  switch (f) {
    case Fault::none: return "none";
    case Fault::status500: return "500";
    case Fault::stall: return "stall";
    case Fault::cut: return "cut";
    case Fault::garbage: return "garbage";
    case Fault::short_body: return "Content-Length too large";
    case Fault::long_body: return "Content-Length too small";
    case Fault::endless: return "endless body";
    case Fault::corrupt: return "corrupt bytes";
    case Fault::trickle: return "trickle";
  }
  return "?";
}

// A kiosk with v1 applied from the fault server; v2 is published there, waiting.
struct Faulty {
  Dir dir;
  Publisher pub;
  MediaFile photo;
  std::vector<Item> v1, v2;
  std::int64_t v1_version = 0, v2_version = 0;
  std::unique_ptr<FaultServer> server;
  Config cfg;

  Faulty() {
    pub.out_dir = dir.str("bundle");
    photo = make_media(dir.str(), 200000, 31);
    v1 = make_items(20);
    v1_version = pub.publish(v1).manifest.version;
    fs::create_directories(dir.str("www"));
    copy_bundle(pub.out_dir, dir.str("www"));
    server = std::make_unique<FaultServer>(dir.str("www"));
    cfg = kiosk_config(dir.str("kiosk"), {server->url()}, {pub.public_key()});
    auto o = sync_now(cfg);
    REQUIRE_MESSAGE(o.kind == K::applied, o.line());
    v2 = make_items(20, 1);
    attach_media(v2[3], photo);
    v2_version = pub.publish(v2, {photo}).manifest.version;
    copy_bundle(pub.out_dir, dir.str("www"));
  }
};

}  // namespace

TEST_CASE("sync-faults: every fault on the manifest or an object leaves the old content and a reason") {
  Faulty f;
  const ContentSet old_set = expected_set(f.v1, f.v1_version);
  const Fault faults[] = {Fault::status500, Fault::stall,     Fault::cut,     Fault::garbage,
                          Fault::short_body, Fault::long_body, Fault::endless, Fault::corrupt};
  for (const char* where : {"/manifest.json", "/objects/"}) {
    for (Fault fault : faults) {
      const std::string where_s = where, fault_s = fault_name(fault);
      CAPTURE(where_s);
      CAPTURE(fault_s);
      // Each fault on its own: no partial downloads left from the previous one.
      fs::remove_all(f.cfg.data_dir + "/staging");
      f.server->clear_faults();
      f.server->set_fault(where, fault);
      auto t0 = std::chrono::steady_clock::now();
      auto o = sync_now(f.cfg);
      auto took = std::chrono::steady_clock::now() - t0;
      CHECK_MESSAGE(!o.ok(), o.line());
      CHECK_FALSE(o.reason.empty());
      CHECK(took < std::chrono::seconds(10));  // a stall is given up after the low-speed time
      // Hash and size checks turn wrong bytes into a rejection; transport trouble is a failure.
      if (fault == Fault::corrupt || (fault == Fault::endless && where[1] == 'o') ||
          (fault == Fault::long_body && where[1] == 'm'))
        CHECK_MESSAGE(o.kind == K::rejected, o.line());
      else
        CHECK_MESSAGE(o.kind == K::failed, o.line());
      ContentSet now = read_content(f.cfg.database);
      CHECK(now.integrity == "ok");
      CHECK(now == old_set);
    }
  }
  // The server heals: the update goes through, resuming what a cut left behind.
  f.server->clear_faults();
  f.server->set_fault("/objects/", Fault::cut);
  CHECK(sync_now(f.cfg).kind == K::failed);
  f.server->clear_faults();
  auto o = sync_now(f.cfg);
  REQUIRE_MESSAGE(o.kind == K::applied, o.line());
  CHECK(o.bytes_resumed > 0);
  CHECK(read_content(f.cfg.database) == expected_set(f.v2, f.v2_version));
}

TEST_CASE("sync-faults: a mirror that serves garbage does not stop a good mirror behind it") {
  Faulty f;
  FaultServer bad(f.dir.str("www"));
  bad.set_fault("/objects/", Fault::corrupt);
  f.cfg.feeds = {bad.url(), f.server->url()};
  auto o = sync_now(f.cfg);
  REQUIRE_MESSAGE(o.kind == K::applied, o.line());
  CHECK(o.source == f.server->url());
  CHECK(read_content(f.cfg.database) == expected_set(f.v2, f.v2_version));
}

TEST_CASE("sync-faults: backoff doubles up to its cap · with jitter · and resets after a success") {
  std::mt19937_64 rng(1);
  using ms = std::chrono::milliseconds;
  const ms interval(3600000), base(60000), cap(1800000);
  ms prev(0);
  for (int failures = 1; failures <= 8; ++failures) {
    ms d = sync::next_delay(failures, interval, 20, base, cap, rng);
    ms nominal = std::min(cap, ms(base.count() << (failures - 1)));
    CHECK(d <= nominal);
    CHECK(d >= ms(nominal.count() * 9 / 10));
    if (nominal < cap) CHECK(d > prev);
    prev = d;
  }
  for (int i = 0; i < 100; ++i) {
    ms d = sync::next_delay(0, interval, 20, base, cap, rng);
    CHECK(d >= ms(interval.count() * 8 / 10));
    CHECK(d <= interval);                          // the interval is the longest wait
  }
  {
    std::set<long long> seen;                      // and the delays do spread
    for (int i = 0; i < 20; ++i) seen.insert(sync::next_delay(0, interval, 20, base, cap, rng).count() / 60000);
    CHECK(seen.size() >= 5);
  }
  // Default cap: never slower than the normal interval.
  CHECK(sync::next_delay(30, interval, 0, base, ms(0), rng) == interval);
}

TEST_CASE("sync-faults: the worker survives a failing server · backs off · then recovers") {
  Faulty f;
  f.server->set_fault("/manifest.json", Fault::status500);
  sync::WorkerOptions wo;
  wo.interval = std::chrono::milliseconds(60000);
  wo.first_delay = std::chrono::milliseconds(0);
  wo.retry_base = std::chrono::milliseconds(40);
  wo.retry_cap = std::chrono::milliseconds(320);
  wo.sync = fast_options();
  wo.seed = 7;
  sync::SyncWorker worker(f.cfg, wo);
  std::mutex mu;
  std::vector<std::chrono::milliseconds> delays;
  std::atomic<std::int64_t> woke{0};
  worker.on_content_applied = [&](std::int64_t v) { woke = v; };
  worker.start();
  int seen = 0;
  for (int i = 0; i < 1000 && seen < 6; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
    auto st = worker.status();
    if (worker.attempts() > seen && st.state.consecutive_failures == worker.attempts() && !st.busy &&
        st.next_delay.count() > 0) {
      std::lock_guard lock(mu);
      seen = worker.attempts();
      delays.push_back(st.next_delay);
    }
  }
  REQUIRE(delays.size() >= 4);
  for (std::size_t i = 1; i < delays.size(); ++i) {
    CHECK(delays[i] <= std::chrono::milliseconds(320));
    if (delays[i - 1] < std::chrono::milliseconds(288)) CHECK(delays[i] > delays[i - 1]);
  }
  auto st = worker.status();
  CHECK(st.running);
  CHECK(st.state.last_error.find("HTTP 500") != std::string::npos);
  CHECK(read_content(f.cfg.database) == expected_set(f.v1, f.v1_version));

  f.server->clear_faults();
  worker.request_sync_now();
  for (int i = 0; i < 500 && woke == 0; ++i) std::this_thread::sleep_for(std::chrono::milliseconds(10));
  CHECK(woke == f.v2_version);
  for (int i = 0; i < 100 && worker.status().busy; ++i) std::this_thread::sleep_for(std::chrono::milliseconds(10));
  st = worker.status();
  CHECK(st.state.consecutive_failures == 0);
  CHECK(st.state.last_error.empty());
  worker.stop();
  CHECK(read_content(f.cfg.database) == expected_set(f.v2, f.v2_version));
}

// The urgent fast path (content/bundle/urgent.h, content/sync/urgent.h) against a real nginx on
// 127.0.0.1, real libcurl and a real SQLite cache: signed, accepted, refused for each rule a bundle
// has, a 304 when nothing changed, and the poller's own thread beside the bundle sync.
#include <doctest/doctest.h>

#include <fcntl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <ctime>
#include <thread>

#include "content/bundle/upload.h"
#include "content/bundle/urgent.h"
#include "content/sync/urgent.h"
#include "content/sync/worker.h"
#include "kiosk/platform/sync_cli.h"
#include "tests/support/sync_fixtures.h"

using namespace tramtin;
using namespace tramtin::synctest;
using UK = sync::UrgentOutcome::Kind;

namespace {

Item urgent_notice(const std::string& id, const std::string& title, std::int64_t version = 1, int priority = 0) {
  Item it;
  it.id = id;
  it.kind = Kind::notice;
  it.urgent = true;
  it.version = version;
  it.priority = priority;
  ItemText t;
  t.lang = "vi";
  t.title = title;
  t.summary = "Người dân không qua ngầm tràn khi nước lên.";
  it.texts.push_back(t);
  ItemText en;
  en.lang = "en";
  en.title = "Flash flood warning";
  it.texts.push_back(en);
  return it;
}

// A publisher of urgent.json whose folder nginx serves as the feed.
struct UrgentFeedFixture {
  Dir dir;
  Nginx nginx;
  Publisher pub;
  Config cfg;
  std::unique_ptr<Cache> cache;
  http::Client client;
  UnixTime now = 1795000000;  // 2026-11-18

  UrgentFeedFixture() {
    pub.out_dir = nginx.www();
    cfg = kiosk_config(dir.str("kiosk"), {nginx.url()}, {pub.public_key()});
    auto c = Cache::open(cfg.database, Cache::Mode::writer);
    REQUIRE(c);
    cache = std::move(*c);
  }
  bundle::UrgentReport publish(const std::vector<Item>& notices, UnixTime at = 0, const std::string& channel = "",
                               int hours = 48) {
    bundle::UrgentOptions o;
    o.out_dir = nginx.www();
    o.channel = channel.empty() ? pub.channel : channel;
    o.key = pub.key.sec;
    o.now = at ? at : now;
    o.expires_hours = hours;
    auto r = bundle::write_urgent(notices, o);
    REQUIRE_MESSAGE(r.status.ok(), r.status.message);
    static int step = 0;  // nginx's ETag is mtime + size: give every publish its own second
    fs::last_write_time(nginx.www() + "/urgent.json", fs::file_time_type::clock::now() + std::chrono::seconds(++step * 2));
    return r;
  }
  sync::UrgentOutcome poll(UnixTime at = 0) {
    const UnixTime t = at ? at : now;
    return sync::poll_urgent(cfg, *cache, client, [t] { return t; });
  }
  std::string meta(const char* key) {
    auto v = cache->meta_value(key);
    return v && *v ? **v : "";
  }
};

}  // namespace

TEST_CASE("urgent: the file is canonical, strict, and carries only live urgent notices") {
  std::vector<Item> items = {urgent_notice("b", "B", 1, 1), urgent_notice("a", "A", 1, 5), urgent_notice("old", "Old")};
  items[2].expire_at = 1000;
  Item news = urgent_notice("n", "N");
  news.kind = Kind::news;
  items.push_back(news);
  Item calm = urgent_notice("c", "C");
  calm.urgent = false;
  items.push_back(calm);
  auto live = bundle::live_urgent_notices(items, 2000);
  REQUIRE(live.size() == 2);
  CHECK(live[0].id == "a");  // higher priority first
  CHECK(live[1].id == "b");

  bundle::UrgentFeed f;
  f.channel = "lai-chau-commune";
  f.version = 7;
  f.created_at = 100;
  f.expires_at = 200;
  f.notices = live;
  const std::string text = bundle::urgent_to_json(f);
  CHECK(text.back() == '\n');
  CHECK(text.rfind("{\"channel\":\"lai-chau-commune\",\"created_at\":100,", 0) == 0);
  auto back = bundle::urgent_from_json(text);
  REQUIRE(back);
  CHECK(*back == f);
  CHECK(bundle::urgent_to_json(*back) == text);
  CHECK_FALSE(bundle::urgent_from_json("{}"));
  CHECK_FALSE(bundle::urgent_from_json(R"({"channel":"x","created_at":5,"expires_at":4,"format":1,"kind":"urgent","notices":[],"version":1})"));
  auto not_urgent = bundle::urgent_from_json(
      R"({"channel":"x","created_at":1,"expires_at":4,"format":1,"kind":"urgent","notices":[)" +
      item_to_json(calm) + "],\"version\":1}");
  REQUIRE_FALSE(not_urgent);
  CHECK(not_urgent.error().find("\"c\" is not an urgent notice") != std::string::npos);
}

TEST_CASE("urgent: published and accepted · unchanged is a 304 · signature fetched only on change") {
  UrgentFeedFixture s;
  auto rep = s.publish({urgent_notice("lu-quet", "Cảnh báo lũ quét")});
  CHECK(rep.feed.version == s.now);
  CHECK(rep.bytes.size() < 2000);

  auto o = s.poll();
  REQUIRE_MESSAGE(o.kind == UK::accepted, o.line());
  CHECK(o.version == s.now);
  CHECK(o.notices == 1);
  auto acc = sync::accepted_urgent(*s.cache);
  REQUIRE(acc);
  CHECK(acc->notices[0].text_or_vi("vi")->title == "Cảnh báo lũ quét");
  CHECK(s.meta(sync::kMetaUrgentLastError).empty());

  const int sig_gets = s.nginx.log_count("GET /urgent.sig");
  auto u = s.poll();
  CHECK_MESSAGE(u.kind == UK::unchanged, u.line());
  // nginx writes its log line just after the reply: give it a moment.
  for (int i = 0; i < 100 && s.nginx.log_count("\"GET /urgent.json HTTP/1.1\" 304") == 0; ++i)
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  CHECK(s.nginx.log_count("\"GET /urgent.json HTTP/1.1\" 304") == 1);
  CHECK(s.nginx.log_count("GET /urgent.sig") == sig_gets);  // no signature for a 304
  CHECK(u.bytes_in + u.bytes_out < 600);                     // a few hundred bytes
  MESSAGE("unchanged urgent poll: " << u.bytes_in << " bytes in, " << u.bytes_out << " out");

  // A newer file: accepted; zero notices is valid and withdraws them.
  auto r2 = s.publish({}, s.now + 60);
  auto o2 = s.poll(s.now + 60);
  REQUIRE_MESSAGE(o2.kind == UK::accepted, o2.line());
  CHECK(o2.notices == 0);
  CHECK(sync::accepted_urgent(*s.cache)->notices.empty());
  CHECK(r2.feed.version == s.now + 60);
  // Published twice in the same second: the version still grows.
  auto r3 = s.publish({}, s.now + 60);
  CHECK(r3.feed.version == s.now + 61);
}

TEST_CASE("urgent: refused like a bundle: bad signature, another channel, rollback, expired") {
  UrgentFeedFixture s;
  s.publish({urgent_notice("lu-quet", "Cảnh báo lũ quét")});
  REQUIRE(s.poll().kind == UK::accepted);
  const std::string good = read_bytes(s.nginx.www() + "/urgent.json");

  SUBCASE("bad signature (another key)") {
    Publisher other;
    bundle::UrgentOptions o;
    o.out_dir = s.nginx.www();
    o.channel = s.pub.channel;
    o.key = other.key.sec;
    o.now = s.now + 100;
    REQUIRE(bundle::write_urgent({urgent_notice("gia", "Tin giả")}, o).status.ok());
    auto r = s.poll(s.now + 100);
    CHECK_MESSAGE(r.kind == UK::rejected, r.line());
    CHECK(r.cause == ErrorKind::signature);
    // Retried at the next poll (a publisher may be half-way through an upload), still refused.
    auto r2 = s.poll(s.now + 100);
    CHECK(r2.kind == UK::rejected);
  }
  SUBCASE("a tampered file") {
    std::string t = good;
    t.replace(t.find("Cảnh báo"), 4, "Tin ");
    write_bytes(s.nginx.www() + "/urgent.json", t);
    auto r = s.poll();
    CHECK(r.kind == UK::rejected);
    CHECK(r.cause == ErrorKind::signature);
  }
  SUBCASE("another channel") {
    s.publish({urgent_notice("x", "X")}, s.now + 100, "dien-bien-border");
    auto r = s.poll(s.now + 100);
    CHECK(r.kind == UK::rejected);
    CHECK(r.line().find("channel \"dien-bien-border\"") != std::string::npos);
  }
  SUBCASE("rollback to an older version") {
    fs::remove(s.nginx.www() + "/urgent.json");
    s.publish({urgent_notice("cu", "Cũ")}, s.now - 3600);
    auto r = s.poll();
    CHECK(r.kind == UK::rejected);
    CHECK(r.line().find("rollback refused") != std::string::npos);
    // A signed file that is refused is not fetched again while it is the same: the next poll is a 304.
    auto again = s.poll();
    CHECK(again.kind == UK::unchanged);
    CHECK(s.meta(sync::kMetaUrgentLastError).find("rollback refused") != std::string::npos);
  }
  SUBCASE("expired") {
    s.publish({urgent_notice("x", "X")}, s.now + 100, "", 1);
    auto r = s.poll(s.now + 100 + 2 * 3600);
    CHECK(r.kind == UK::rejected);
    CHECK(r.line().find("expired") != std::string::npos);
  }
  // Whatever was refused, the accepted notices stay.
  auto acc = sync::accepted_urgent(*s.cache);
  REQUIRE(acc);
  CHECK(acc->notices.at(0).id == "lu-quet");
  CHECK_FALSE(s.meta(sync::kMetaUrgentLastError).empty());
}

TEST_CASE("urgent: a feed without urgent.json is fine · a dead mirror fails over to the next") {
  UrgentFeedFixture s;
  auto none = s.poll();
  CHECK_MESSAGE(none.kind == UK::none, none.line());
  CHECK(none.ok());
  s.publish({urgent_notice("lu-quet", "Cảnh báo lũ quét")});
  s.cfg.feeds = {"http://127.0.0.1:" + std::to_string(free_port()), s.nginx.url()};
  auto o = s.poll();
  CHECK_MESSAGE(o.kind == UK::accepted, o.line());
  CHECK(o.source == s.nginx.url());
}

TEST_CASE("urgent: `upload` puts urgent.json and urgent.sig; the worker's poller takes it on its own timer") {
  Dir dir;
  Nginx nginx;
  Publisher pub;
  pub.out_dir = dir.str("out");
  bundle::UrgentOptions uo;
  uo.out_dir = pub.out_dir;
  uo.channel = pub.channel;
  uo.key = pub.key.sec;
  REQUIRE(bundle::write_urgent({urgent_notice("lu-quet", "Cảnh báo lũ quét")}, uo).status.ok());
  bool put = false;
  Status st = bundle::upload_urgent(pub.out_dir, nginx.url("/feed"), {}, &put);
  REQUIRE_MESSAGE(st.ok(), st.message);
  CHECK(put);
  CHECK(read_bytes(nginx.www() + "/feed/urgent.json") == read_bytes(pub.out_dir + "/urgent.json"));

  // The bundle feed answers nothing useful (no manifest): the urgent poll is not disturbed by it.
  Config cfg = kiosk_config(dir.str("kiosk"), {nginx.url("/feed")}, {pub.public_key()});
  REQUIRE(Cache::open(cfg.database, Cache::Mode::writer));
  sync::WorkerOptions wo;
  wo.first_delay = std::chrono::hours(1);  // the bundle sync stays asleep
  wo.urgent_interval = std::chrono::milliseconds(300);
  wo.seed = 1;
  sync::SyncWorker w(cfg, wo);
  std::atomic<std::int64_t> accepted{0};
  w.on_urgent_accepted = [&](std::int64_t v) { accepted = v; };
  w.start();
  for (int i = 0; i < 100 && accepted == 0; ++i) std::this_thread::sleep_for(std::chrono::milliseconds(50));
  CHECK(accepted > 0);
  for (int i = 0; i < 100 && nginx.log_count("GET /feed/urgent.json") < 3; ++i)
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  auto status = w.status();
  w.stop();
  CHECK(status.urgent.version == accepted.load());
  CHECK(status.urgent.last_result.rfind("unchanged", 0) == 0);
  CHECK(nginx.log_count("GET /feed/urgent.sig") == 1);
  CHECK(nginx.log_count("GET /feed/manifest.json") == 0);  // the bundle sync's own timer was not touched
  CHECK(w.attempts() == 0);
}

TEST_CASE("urgent: `tramtin --sync-once` polls urgent.json too and prints its result") {
  UrgentFeedFixture f;
  f.cache.reset();                                  // the command opens its own writer
  f.publish({urgent_notice("lu-quet", "Cảnh báo lũ quét")}, static_cast<UnixTime>(std::time(nullptr)));
  Dir out;
  const std::string path = out.str("stdout.txt");
  std::fflush(stdout);
  pid_t pid = ::fork();
  if (pid == 0) {
    int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    ::dup2(fd, 1);
    ::_exit(run_sync_once(f.cfg));
  }
  int status = 0;
  ::waitpid(pid, &status, 0);
  const std::string text = read_bytes(path);
  CHECK_MESSAGE(text.find("urgent: accepted version") != std::string::npos, text);
  CHECK_MESSAGE(text.find("(1 notice)") != std::string::npos, text);
  auto c = Cache::open(f.cfg.database, Cache::Mode::reader);
  REQUIRE(c);
  auto accepted = sync::accepted_urgent(**c);
  REQUIRE(accepted);
  REQUIRE(accepted->notices.size() == 1);
  CHECK(accepted->notices[0].id == "lu-quet");
}

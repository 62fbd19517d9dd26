// Tests of the two-level manifest (format 2: a signed root listing index pages, content/bundle/
// bundle.h) and of the incremental apply (Cache::apply_changes), against a real nginx on
// 127.0.0.1, real libcurl and real SQLite files: a changed page, a tampered page, a page missing on
// the server, one page rolled back, an item of an unknown kind, the old format, a 304's Date.
#include <doctest/doctest.h>

#include <algorithm>
#include <iterator>
#include <set>

#include "content/store/search.h"
#include "content/sync/apply.h"
#include "content/sync/worker.h"
#include "tests/support/sync_fixtures.h"

using namespace tramtin;
using namespace tramtin::synctest;
using K = sync::SyncOutcome::Kind;

namespace {

constexpr int kItems = 600;  // several pages (kPageTargetEntries = 128)

// A kiosk that has applied v1 of a 600-item bundle (one item with a photo) served by nginx.
struct Paged {
  Dir dir;
  Nginx nginx;
  Publisher pub;
  MediaFile photo;
  std::vector<Item> items;
  bundle::BuildReport v1;
  Config cfg;

  Paged() {
    pub.out_dir = dir.str("bundle");
    photo = make_media(dir.str(), 20000, 11);
    items = make_items(kItems);
    attach_media(items[4], photo);
    v1 = pub.publish(items, {photo});
    REQUIRE(v1.manifest.format == 2);
    REQUIRE(v1.manifest.pages.size() >= 4);
    copy_bundle(pub.out_dir, nginx.www());
    cfg = kiosk_config(dir.str("kiosk"), {nginx.url()}, {pub.public_key()});
    auto o = sync_now(cfg);
    REQUIRE_MESSAGE(o.kind == K::applied, o.line());
    CHECK(o.pages_fetched == static_cast<int>(v1.manifest.pages.size()));
    CHECK(o.items_written == kItems);
  }
  // Publishes the items as they are now (not yet served).
  bundle::BuildReport publish() { return pub.publish(items, {photo}); }
  ContentSet v1_set() const { return expected_set(make_v1(), v1.manifest.version); }
  std::vector<Item> make_v1() const {
    auto v = make_items(kItems);
    attach_media(v[4], photo);
    return v;
  }
};

// The pages of `now` that `before` does not have.
std::vector<bundle::PageRef> new_pages(const bundle::Manifest& before, const bundle::Manifest& now) {
  std::vector<bundle::PageRef> out;
  for (const auto& p : now.pages)
    if (std::find(before.pages.begin(), before.pages.end(), p) == before.pages.end()) out.push_back(p);
  return out;
}

std::string page_path(const std::string& root, const bundle::PageRef& p) {
  return root + "/" + bundle::page_relative_path(p.sha256);
}

// Search hits (ids, in order) for a query, through a reader of the cache at `db`.
std::vector<std::string> hits(const std::string& db, const std::string& query) {
  auto c = Cache::open(db, Cache::Mode::reader);
  REQUIRE(c);
  Search search(**c);
  SearchOptions opt;
  opt.now = sync::system_now();
  opt.limit = 50;
  auto r = search.run(query, opt);
  REQUIRE_MESSAGE(r, r.error());
  std::vector<std::string> ids;
  for (const auto& h : r->hits) ids.push_back(h.id);
  return ids;
}

// Re-signs a bundle folder after a test changed its entries: pages and root rebuilt from `m`.
void resign(const Publisher& pub, bundle::Manifest m, const std::string& extra_page_entry = {}) {
  m.pages.clear();
  bool first = true;
  for (const auto& entries : bundle::split_into_pages(m.entries)) {
    std::string page = bundle::page_to_json(entries);
    if (first && !extra_page_entry.empty()) {  // an entry of a kind a later format may add
      page.insert(page.find('[') + 1, extra_page_entry + ",");
      first = false;
    }
    const std::string sha = tramtin::sha256_hex(page);
    write_bytes(pub.out_dir + "/" + bundle::page_relative_path(sha), page);
    m.pages.push_back({sha, page.size()});
  }
  const std::string root = bundle::manifest_to_json(m);
  write_bytes(pub.out_dir + "/manifest.json", root);
  write_bytes(pub.out_dir + "/manifest.sig", bundle::sign_manifest(root, pub.key.sec));
}

}  // namespace

TEST_CASE("sync pages: one changed item costs one page and one object · only that item is written") {
  Paged s;
  CHECK(read_content(s.cfg.database) == s.v1_set());
  const int pages_before = s.nginx.log_count("GET /pages/"), objects_before = s.nginx.log_count("GET /objects/");

  s.items[321] = make_item(321, 1);  // a new summary: same title, same rank
  auto v2 = s.publish();
  CHECK(v2.pages_written == 1);
  CHECK(new_pages(s.v1.manifest, v2.manifest).size() == 1);
  copy_bundle(s.pub.out_dir, s.nginx.www());
  auto o = sync_now(s.cfg);
  REQUIRE_MESSAGE(o.kind == K::applied, o.line());
  CHECK(o.pages_fetched == 1);
  CHECK(o.pages_reused == static_cast<int>(v2.manifest.pages.size()) - 1);
  CHECK(o.objects_fetched == 1);
  CHECK(o.items_written == 1);
  CHECK(o.items_removed == 0);
  CHECK(s.nginx.log_count("GET /pages/") == pages_before + 1);
  CHECK(s.nginx.log_count("GET /objects/") == objects_before + 1);
  CHECK(read_content(s.cfg.database) == expected_set(s.items, v2.manifest.version));
  CHECK(read_content(s.cfg.database).integrity == "ok");
  // The staging folder is the last good bundle: the new page is there, the replaced one is gone.
  for (const auto& p : v2.manifest.pages) CHECK(fs::exists(page_path(s.cfg.data_dir + "/staging", p)));
  for (const auto& p : new_pages(v2.manifest, s.v1.manifest)) CHECK_FALSE(fs::exists(page_path(s.cfg.data_dir + "/staging", p)));

  // An unchanged poll is still a 304 on the root alone.
  const int gets = s.nginx.log_count("GET ");
  CHECK(sync_now(s.cfg).kind == K::up_to_date);
  CHECK(s.nginx.log_count("GET ") == gets + 1);
}

TEST_CASE("sync pages: the incremental apply ends where a full apply of the same bundle ends, search included") {
  Paged s;
  // An edit in place (same title), a new title (the index is rebuilt), an item removed, one added,
  // the photo moved to another item.
  s.items[12].texts[0].summary = "Hồ sơ nộp trực tuyến qua Cổng Dịch vụ công quốc gia.";
  s.items[11].texts[0].title = "Cấp phiếu lý lịch tư pháp cho công dân";
  s.items.erase(s.items.begin() + 20);
  s.items.push_back(make_item(kItems + 5));
  s.items[4].media.clear();
  attach_media(s.items[7], s.photo);
  auto v2 = s.publish();
  copy_bundle(s.pub.out_dir, s.nginx.www());
  auto o = sync_now(s.cfg);
  REQUIRE_MESSAGE(o.kind == K::applied, o.line());
  CHECK(o.items_written == 5);  // 12, 11, the new one, 4 and 7 (their media changed)
  CHECK(o.items_removed == 1);
  CHECK(read_content(s.cfg.database) == expected_set(s.items, v2.manifest.version));

  // A second kiosk that takes v2 whole.
  Config fresh = kiosk_config(s.dir.str("fresh"), {s.nginx.url()}, {s.pub.public_key()});
  REQUIRE(sync_now(fresh).kind == K::applied);
  CHECK(read_content(fresh.database) == read_content(s.cfg.database));
  for (const char* q : {"lý lịch tư pháp", "khai sinh", "tiêm chủng", "trực tuyến", "bình lư", "1.001012", "thông báo"}) {
    CAPTURE(q);
    CHECK(hits(s.cfg.database, q) == hits(fresh.database, q));
  }
  CHECK(hits(s.cfg.database, "lý lịch tư pháp").front() == "muc-11");
  CHECK(hits(s.cfg.database, "trực tuyến") == std::vector<std::string>{"muc-12"});

  // Then an edit in place only: the patched index still answers as a full one.
  s.items[30].texts[0].summary = "Miễn lệ phí đăng ký kết hôn tại xã.";
  s.publish();
  copy_bundle(s.pub.out_dir, s.nginx.www());
  REQUIRE(sync_now(s.cfg).kind == K::applied);
  REQUIRE(sync_now(fresh).kind == K::applied);
  for (const char* q : {"kết hôn", "trực tuyến", "khai sinh", "thông báo"}) {
    CAPTURE(q);
    CHECK(hits(s.cfg.database, q) == hits(fresh.database, q));
  }
  {
    auto h = hits(s.cfg.database, "kết hôn");
    std::string shown;
    for (const auto& id : h) shown += id + " ";
    CHECK_MESSAGE(h == std::vector<std::string>{s.items[30].id}, shown);  // muc-31: muc-20 was removed
  }
  CHECK(hits(fresh.database, "trực tuyến") == std::vector<std::string>{"muc-12"});
  {
    auto c = Cache::open(s.cfg.database, Cache::Mode::reader);
    REQUIRE(c);
    auto m = (*c)->get_media(s.photo.src.sha256);
    REQUIRE(m);
    CHECK(m->has_value());
  }
}

TEST_CASE("sync pages: a tampered page is rejected · the previous content stays") {
  Paged s;
  s.items[100] = make_item(100, 1);
  auto v2 = s.publish();
  copy_bundle(s.pub.out_dir, s.nginx.www());
  auto changed = new_pages(s.v1.manifest, v2.manifest);
  REQUIRE(changed.size() == 1);
  const std::string path = page_path(s.nginx.www(), changed[0]);
  std::string page = read_bytes(path);
  auto p = page.find("\"size\":");
  REQUIRE(p != std::string::npos);
  page[p + 7] = page[p + 7] == '1' ? '2' : '1';  // an entry's size, same length
  write_bytes(path, page);
  auto o = sync_now(s.cfg);
  CHECK(o.kind == K::rejected);
  CHECK(o.cause == ErrorKind::protocol);
  CHECK_MESSAGE(o.reason.find("index page") != std::string::npos, o.reason);
  CHECK_MESSAGE(o.reason.find("does not match the signed manifest") != std::string::npos, o.reason);
  CHECK(read_content(s.cfg.database) == s.v1_set());
  // The kiosk did not keep the tampered copy: once the server is repaired, the sync succeeds.
  copy_bundle(s.pub.out_dir, s.nginx.www());
  auto again = sync_now(s.cfg);
  REQUIRE_MESSAGE(again.kind == K::applied, again.line());
  CHECK(read_content(s.cfg.database) == expected_set(s.items, v2.manifest.version));
}

TEST_CASE("sync pages: a page missing on the server fails this mirror · the next mirror has it") {
  Paged s;
  s.items[200] = make_item(200, 1);
  auto v2 = s.publish();
  copy_bundle(s.pub.out_dir, s.nginx.www());
  // A mirror that got the new root but not the new page (an incomplete copy).
  const std::string mirror = s.nginx.www() + "/mirror";
  copy_bundle(s.pub.out_dir, mirror);
  auto changed = new_pages(s.v1.manifest, v2.manifest);
  REQUIRE(changed.size() == 1);
  fs::remove(page_path(mirror, changed[0]));

  Config only_mirror = s.cfg;
  only_mirror.feeds = {s.nginx.url("/mirror")};
  auto o = sync_now(only_mirror);
  CHECK(o.kind == K::failed);
  CHECK(o.cause == ErrorKind::protocol);
  CHECK_MESSAGE(o.reason.find("index page " + changed[0].sha256.substr(0, 12)) != std::string::npos, o.reason);
  CHECK_MESSAGE(o.reason.find("404") != std::string::npos, o.reason);
  CHECK(read_content(s.cfg.database) == s.v1_set());

  Config both = s.cfg;
  both.feeds = {s.nginx.url("/mirror"), s.nginx.url()};
  auto ok = sync_now(both);
  REQUIRE_MESSAGE(ok.kind == K::applied, ok.line());
  CHECK(ok.source == s.nginx.url());
  CHECK(read_content(s.cfg.database) == expected_set(s.items, v2.manifest.version));
}

TEST_CASE("sync pages: one page rolled back to its older copy is rejected · so is the older root") {
  Paged s;
  s.items[400] = make_item(400, 1);
  auto v2 = s.publish();
  copy_bundle(s.pub.out_dir, s.nginx.www());
  auto changed = new_pages(s.v1.manifest, v2.manifest), old = new_pages(v2.manifest, s.v1.manifest);
  REQUIRE(changed.size() == 1);
  REQUIRE(old.size() == 1);
  // A stale mirror serves v1's page (a valid, signed-once page) under the name v2's root asks for.
  const std::string stale = read_bytes(page_path(s.nginx.www(), old[0]));
  write_bytes(page_path(s.nginx.www(), changed[0]), stale);
  auto o = sync_now(s.cfg);
  CHECK(o.kind == K::rejected);
  CHECK(o.cause == ErrorKind::protocol);
  CHECK_MESSAGE(o.reason.find("older copy") != std::string::npos, o.reason);
  CHECK(read_content(s.cfg.database) == s.v1_set());

  // Repaired: v2 applies; then the whole v1 bundle served again is a rollback.
  copy_bundle(s.pub.out_dir, s.nginx.www());
  REQUIRE(sync_now(s.cfg).kind == K::applied);
  write_bytes(s.nginx.www() + "/manifest.json", s.v1.manifest_bytes);
  write_bytes(s.nginx.www() + "/manifest.sig", bundle::sign_manifest(s.v1.manifest_bytes, s.pub.key.sec));
  touch_manifest(s.nginx.www());
  auto back = sync_now(s.cfg);
  CHECK(back.kind == K::rejected);
  CHECK_MESSAGE(back.reason.find("rollback refused") != std::string::npos, back.reason);
  CHECK(read_content(s.cfg.database) == expected_set(s.items, v2.manifest.version));
}

TEST_CASE("sync pages: an item of a kind this kiosk does not know is skipped · the rest is applied") {
  Paged s;
  s.items[50] = make_item(50, 1);
  auto v2 = s.publish();
  // A newer publisher adds an item of kind "video" (muc-2 becomes one), and a page entry of a kind
  // this format does not have.
  bundle::Manifest m = v2.manifest;
  std::string doc = item_to_json(s.items[2]);
  auto p = doc.find("\"kind\":\"notice\"");
  REQUIRE(p != std::string::npos);
  doc.replace(p, std::strlen("\"kind\":\"notice\""), "\"kind\":\"video\"");
  const std::string sha = tramtin::sha256_hex(doc);
  write_bytes(s.pub.out_dir + "/objects/" + sha, doc);
  for (auto& e : m.entries)
    if (e.id == "muc-2") {
      e.sha256 = sha;
      e.size = doc.size();
    }
  resign(s.pub, m, "{\"kind\":\"subtitles\",\"sha256\":\"" + std::string(64, 'a') + "\",\"size\":10}");
  copy_bundle(s.pub.out_dir, s.nginx.www());
  auto o = sync_now(s.cfg);
  REQUIRE_MESSAGE(o.kind == K::applied, o.line());
  CHECK(o.items_skipped == 1);
  CHECK(o.items_removed == 1);  // its old version (a notice) is not kept beside the new bundle
  auto expected = s.items;
  expected.erase(expected.begin() + 2);
  CHECK(read_content(s.cfg.database) == expected_set(expected, v2.manifest.version));
}

TEST_CASE("sync pages: a format 1 bundle (the previous release) is still applied, and the next format 2 one too") {
  Paged s;
  s.items[9] = make_item(9, 1);
  auto v2 = s.publish();
  bundle::Manifest m = v2.manifest;
  m.format = 1;
  m.pages.clear();
  const std::string root = bundle::manifest_to_json(m);
  REQUIRE(root.find("\"entries\"") != std::string::npos);
  Dir stick;
  copy_bundle(s.pub.out_dir, stick.str());
  fs::remove_all(stick.str("pages"));
  write_bytes(stick.str("manifest.json"), root);
  write_bytes(stick.str("manifest.sig"), bundle::sign_manifest(root, s.pub.key.sec));
  auto cache = Cache::open(s.cfg.database, Cache::Mode::writer);
  REQUIRE(cache);
  auto o = sync::import_bundle(s.cfg, **cache, s.cfg.data_dir + "/staging", stick.str(), sync::system_now);
  REQUIRE_MESSAGE(o.kind == K::applied, o.line());
  CHECK(o.items_written == 1);
  CHECK(read_content(s.cfg.database) == expected_set(s.items, v2.manifest.version));

  s.items[8] = make_item(8, 1);
  auto v3 = s.publish();
  copy_bundle(s.pub.out_dir, s.nginx.www());
  auto o3 = sync_now(s.cfg);
  REQUIRE_MESSAGE(o3.kind == K::applied, o3.line());
  CHECK(o3.items_written == 1);
  CHECK(read_content(s.cfg.database) == expected_set(s.items, v3.manifest.version));
}

TEST_CASE("sync pages: a 304 still refreshes the clock offset from the server's Date") {
  Paged s;
  const UnixTime behind = sync::system_now() - 3 * 3600;  // a kiosk whose clock lost three hours
  auto o = sync_now(s.cfg, [&] { return behind; });
  CHECK(o.kind == K::up_to_date);
  CHECK(o.clock_checked);
  CHECK(o.clock_source == sync::SyncOutcome::ClockSource::server_date);
  CHECK(o.clock_offset >= 3 * 3600 - 60);
  CHECK(o.clock_offset <= 3 * 3600 + 60);
  {
    auto c = Cache::open(s.cfg.database, Cache::Mode::reader);
    REQUIRE(c);
    auto st = sync::read_sync_state(**c);
    CHECK(st.clock_source == "server_date");
    CHECK(st.clock_offset == o.clock_offset);
  }
  // The clock set right: the next 304 says so.
  auto right = sync_now(s.cfg);
  CHECK(right.kind == K::up_to_date);
  CHECK(right.clock_checked);
  CHECK(right.clock_source == sync::SyncOutcome::ClockSource::local);
  CHECK(right.clock_offset == 0);
}

TEST_CASE("bundle pages: pages are stable under edits and the parser refuses what it must") {
  std::vector<bundle::Entry> entries;
  for (int i = 0; i < 1000; ++i)
    entries.push_back({tramtin::sha256_hex("x" + std::to_string(i)), 100, bundle::EntryKind::item,
                       "muc-" + std::to_string(i), ""});
  auto pages = bundle::split_into_pages(entries);
  CHECK(pages.size() == 8);
  for (const auto& p : pages) {
    CHECK(p.size() > 60);
    CHECK(p.size() < 200);
  }
  // An edit, an addition and a removal each change one page.
  auto edited = entries;
  edited[500].sha256 = tramtin::sha256_hex("changed");
  edited.push_back({tramtin::sha256_hex("new"), 5, bundle::EntryKind::item, "muc-new", ""});
  edited.erase(edited.begin() + 3);
  auto names = [](const std::vector<std::vector<bundle::Entry>>& ps) {
    std::set<std::string> s;
    for (const auto& p : ps) s.insert(tramtin::sha256_hex(bundle::page_to_json(p)));
    return s;
  };
  auto a = names(pages), b = names(bundle::split_into_pages(edited));
  std::vector<std::string> common;
  std::set_intersection(a.begin(), a.end(), b.begin(), b.end(), std::back_inserter(common));
  CHECK(common.size() >= 8 - 3);

  const std::string good = bundle::page_to_json(pages[0]);
  auto page = bundle::page_from_json(good);
  REQUIRE(page);
  CHECK(page->entries.size() == pages[0].size());
  CHECK_FALSE(bundle::page_from_json("{\"entries\":[],\"format\":2,\"kind\":\"manifest\"}"));
  CHECK_FALSE(bundle::page_from_json("not json"));
  std::string twice = good;
  auto first = twice.find("},{");
  REQUIRE(first != std::string::npos);
  auto e0 = twice.substr(twice.find('[') + 1, first + 1 - twice.find('[') - 1);
  twice.insert(twice.find('[') + 1, e0 + ",");
  auto dup = bundle::page_from_json(twice);
  CHECK_FALSE(dup);
  CHECK(dup.error().find("listed twice") != std::string::npos);
  // A root naming a page twice, or one over the cap.
  bundle::Manifest m;
  m.channel = "x";
  m.version = 1;
  m.created_at = 1;
  m.expires_at = 2;
  m.pages = {{tramtin::sha256_hex("p"), 10}, {tramtin::sha256_hex("p"), 10}};
  CHECK_FALSE(bundle::manifest_from_json(bundle::manifest_to_json(m)));
  m.pages = {{tramtin::sha256_hex("p"), bundle::kMaxPageBytes + 1}};
  CHECK_FALSE(bundle::manifest_from_json(bundle::manifest_to_json(m)));
  m.pages = {{tramtin::sha256_hex("p"), 10}};
  auto ok = bundle::manifest_from_json(bundle::manifest_to_json(m));
  REQUIRE(ok);
  CHECK(ok->pages == m.pages);
  CHECK(ok->entries.empty());
}

// Tests for content/store/cache.cpp on real SQLite files in a temp dir: migrations, the read API with
// paging, ordering, language fallback and the caller's clock; the all-or-nothing apply (a failure
// half-way keeps the old content); WAL readers during a write; media, meta and the report queue.
// Layer: tests.
#include <doctest/doctest.h>

#include <map>

#include <sodium.h>
#include <sqlite3.h>

#include <algorithm>

#include "tests/support/cache_fixtures.h"
#include "content/store/cache.h"
#include "content/store/cache_access.h"
#include "content/store/search.h"

using namespace tramtin;
using namespace tramtin::testing;

namespace {

constexpr UnixTime kNow = 1767225600;                // 2026-01-01 00:00 UTC
constexpr UnixTime kDay = 86400;

std::vector<std::string> ids_of(const std::vector<ItemRow>& rows) {
  std::vector<std::string> v;
  for (const auto& r : rows) v.push_back(r.id);
  return v;
}

std::string sha256_hex(const std::string& bytes) {
  REQUIRE(sodium_init() >= 0);
  unsigned char d[crypto_hash_sha256_BYTES];
  crypto_hash_sha256(d, reinterpret_cast<const unsigned char*>(bytes.data()), bytes.size());
  char hex[2 * crypto_hash_sha256_BYTES + 1];
  sodium_bin2hex(hex, sizeof hex, d, sizeof d);
  return hex;
}

// The first content set: a few of everything.
std::vector<Item> content_v1() {
  std::vector<Item> items;
  items.push_back(procedure("dang-ky-khai-sinh", "1.001193", "ho-tich", "Hộ tịch", "Đăng ký khai sinh",
                            "Đăng ký cho trẻ mới sinh.", {"Tờ khai đăng ký khai sinh", "Giấy chứng sinh"}));
  items.back().texts.push_back(text("en", "Birth registration", "Register a newborn child."));
  items.back().texts.back().procedure.field_name = "Civil status";
  items.push_back(procedure("dang-ky-ket-hon", "1.000894", "ho-tich", "Hộ tịch", "Đăng ký kết hôn",
                            "Hai bên nam, nữ cùng có mặt.", {"Tờ khai đăng ký kết hôn"}));
  items.push_back(procedure("chung-thuc-ban-sao", "2.000815", "chung-thuc", "Chứng thực",
                            "Chứng thực bản sao từ bản chính", "Lấy ngay trong ngày.", {"Bản chính giấy tờ"}));
  items.push_back(procedure("dang-ky-thuong-tru", "1.004222", "cu-tru", "Cư trú", "Đăng ký thường trú",
                            "Công an xã tiếp nhận.", {"Tờ khai thay đổi thông tin cư trú"}));
  items.push_back(news("tin-to-cong-nghe-so", "Tổ công nghệ số cộng đồng ra mắt", "Hướng dẫn bà con dùng dịch vụ công.",
                       kNow - 10 * kDay));
  items.push_back(news("tin-diem-ho-tro", "Điểm hỗ trợ người dân ở nhà văn hóa bản", "Mở cửa sáng thứ Bảy.",
                       kNow - 2 * kDay));
  items.push_back(news("tin-thang-sau", "Lịch tiêm chủng tháng sau", "Sẽ đăng vào tháng sau.", kNow + 30 * kDay));
  items.push_back(notice("tb-lu-quet", "Cảnh báo lũ quét, sạt lở đất", true, kNow - kDay, kNow + 3 * kDay));
  items.push_back(notice("tb-hop-dan", "Họp dân bản Sân Bay", false, kNow - 3 * kDay));
  items.push_back(notice("tb-het-han", "Lịch cắt điện đã qua", false, kNow - 20 * kDay, kNow - 10 * kDay));
  items.push_back(product("mien-dong", "Miến dong Bình Lư", 1, 3, "HTX Miến dong Bình Lư", 90000));
  items.push_back(product("che-shan", "Chè Shan tuyết Sà Dề Phìn", 2, 4, "Công ty CP Chè Tam Đường", 250000));
  items.push_back(product("atiso", "Trà actiso Sa Pa", 3, 5, "Traphaco Sa Pa", 120000));
  items.back().featured = true;
  items[4].featured = true;
  items[6].featured = true;                          // scheduled: must not show yet
  return items;
}

std::vector<Item> content_v2() {
  std::vector<Item> items;
  items.push_back(procedure("xac-nhan-hon-nhan", "1.004873", "ho-tich", "Hộ tịch",
                            "Cấp Giấy xác nhận tình trạng hôn nhân", "Lệ phí do HĐND tỉnh quy định."));
  items.push_back(news("tin-moi", "Tin mới của xã", "Nội dung phiên bản hai."));
  return items;
}

}  // namespace

TEST_CASE("cache: a new file is migrated to the current schema in WAL mode · readers need a writer first") {
  TempDir dir;
  const std::string path = dir.file("cache.db");
  auto missing = Cache::open(path, Cache::Mode::reader);
  CHECK_FALSE(missing.ok());
  CHECK(missing.error().find("does not exist") != std::string::npos);
  {
    auto w = open_writer(path);
    sqlite3_stmt* st = nullptr;
    REQUIRE(sqlite3_prepare_v2(CacheAccess::handle(*w), "PRAGMA journal_mode", -1, &st, nullptr) == SQLITE_OK);
    REQUIRE(sqlite3_step(st) == SQLITE_ROW);
    CHECK(std::string(reinterpret_cast<const char*>(sqlite3_column_text(st, 0))) == "wal");
    sqlite3_finalize(st);
    auto m = w->content_meta();
    REQUIRE(m.ok());
    CHECK(m->version == 0);                          // empty cache: never applied
  }
  // Reopening does not migrate again; a reader opens and cannot write.
  auto w2 = open_writer(path);
  auto r = open_reader(path);
  CHECK(sqlite3_exec(CacheAccess::handle(*r), "DELETE FROM items", nullptr, nullptr, nullptr) != SQLITE_OK);
  CHECK_FALSE(r->replace_all({}, {}, meta(1)).ok());
  CHECK_FALSE(r->insert_feedback("x", 3, "unclear", kNow).ok());

  // A file from a newer build is refused with a message saying what to do.
  sqlite3_exec(CacheAccess::handle(*w2), "PRAGMA user_version = 99", nullptr, nullptr, nullptr);
  auto newer = Cache::open(path, Cache::Mode::writer);
  CHECK_FALSE(newer.ok());
  CHECK(newer.error().find("newer than this build") != std::string::npos);
}

TEST_CASE("cache: lists by kind · field and OCOP group with order · paging and the caller's clock") {
  TempDir dir;
  auto w = open_writer(dir.file("c.db"));
  REQUIRE_MESSAGE(w->replace_all(content_v1(), {}, meta(1)).ok(), "apply failed");
  auto r = open_reader(dir.file("c.db"));

  auto procs = r->list_by_kind(Kind::procedure, "vi", kNow);
  REQUIRE(procs.ok());
  // By title, folded: "Đăng" sorts with D (a binary sort would put Đ after every plain letter).
  CHECK(ids_of(*procs) == std::vector<std::string>{"chung-thuc-ban-sao", "dang-ky-ket-hon", "dang-ky-khai-sinh",
                                                    "dang-ky-thuong-tru"});
  CHECK((*procs)[2].code == "1.001193");
  CHECK((*procs)[2].field == "ho-tich");

  auto page = r->list_by_kind(Kind::procedure, "vi", kNow, Paging{1, 2});
  REQUIRE(page.ok());
  CHECK(ids_of(*page) == std::vector<std::string>{"dang-ky-ket-hon", "dang-ky-khai-sinh"});

  // News: newest first; the scheduled one is invisible until its time, then first.
  auto newsl = r->list_by_kind(Kind::news, "vi", kNow);
  REQUIRE(newsl.ok());
  CHECK(ids_of(*newsl) == std::vector<std::string>{"tin-diem-ho-tro", "tin-to-cong-nghe-so"});
  auto later = r->list_by_kind(Kind::news, "vi", kNow + 30 * kDay);
  CHECK(ids_of(*later) == std::vector<std::string>{"tin-thang-sau", "tin-diem-ho-tro", "tin-to-cong-nghe-so"});

  auto fields = r->procedure_fields("vi", kNow);
  REQUIRE(fields.ok());
  REQUIRE(fields->size() == 3);
  CHECK((*fields)[0].name == "Chứng thực");
  CHECK((*fields)[1].name == "Cư trú");
  CHECK((*fields)[2].name == "Hộ tịch");
  CHECK((*fields)[2].key == "ho-tich");
  CHECK((*fields)[2].count == 2);
  auto hotich = r->list_procedures_in_field("ho-tich", "vi", kNow);
  CHECK(ids_of(*hotich) == std::vector<std::string>{"dang-ky-ket-hon", "dang-ky-khai-sinh"});
  auto fields_en = r->procedure_fields("en", kNow);
  REQUIRE(fields_en.ok());
  auto civil = std::find_if(fields_en->begin(), fields_en->end(), [](auto& f) { return f.key == "ho-tich"; });
  REQUIRE(civil != fields_en->end());
  CHECK(civil->name == "Civil status");
  CHECK_FALSE(civil->fell_back);

  auto groups = r->product_groups(kNow);
  REQUIRE(groups.ok());
  REQUIRE(groups->size() == 3);
  CHECK((*groups)[0].group == 1);
  CHECK((*groups)[0].count == 1);
  auto g2 = r->list_products_in_group(2, "vi", kNow);
  REQUIRE(g2->size() == 1);
  CHECK((*g2)[0].stars == 4);
  CHECK((*g2)[0].producer == "Công ty CP Chè Tam Đường");
  CHECK((*g2)[0].price == 250000);
  auto prods = r->list_by_kind(Kind::product, "vi", kNow);
  CHECK(ids_of(*prods) == std::vector<std::string>{"atiso", "che-shan", "mien-dong"});  // stars desc

  auto counts = r->counts(kNow);
  REQUIRE(counts.ok());
  auto count_of = [&](Kind k) {
    for (auto& c : *counts)
      if (c.kind == k) return c.count;
    return 0;
  };
  CHECK(count_of(Kind::procedure) == 4);
  CHECK(count_of(Kind::news) == 2);
  CHECK(count_of(Kind::notice) == 2);                // the expired one is gone
  CHECK(count_of(Kind::product) == 3);
}

TEST_CASE("cache: expiry and scheduling are judged by the clock the caller passes") {
  TempDir dir;
  auto w = open_writer(dir.file("c.db"));
  REQUIRE(w->replace_all(content_v1(), {}, meta(1)).ok());
  auto r = open_reader(dir.file("c.db"));

  // Urgent notice first while live; gone at exactly its expire_at; the old one never shows.
  auto live = r->active_notices("vi", kNow);
  CHECK(ids_of(*live) == std::vector<std::string>{"tb-lu-quet", "tb-hop-dan"});
  CHECK((*live)[0].urgent);
  auto at_expiry = r->active_notices("vi", kNow + 3 * kDay);
  CHECK(ids_of(*at_expiry) == std::vector<std::string>{"tb-hop-dan"});
  auto before = r->active_notices("vi", kNow - 15 * kDay);   // before the flood notice, while the old one lived
  CHECK(ids_of(*before) == std::vector<std::string>{"tb-het-han"});

  CHECK(r->get_item("tb-het-han", "vi", kNow)->has_value() == false);
  CHECK(r->get_item("tb-het-han", "vi", kNow - 15 * kDay)->has_value());
  CHECK_FALSE(r->get_item("tin-thang-sau", "vi", kNow)->has_value());
  CHECK(r->get_item("tin-thang-sau", "vi", kNow + 30 * kDay)->has_value());
  CHECK_FALSE(r->get_item("tin-thang-sau", "vi", kNow + 30 * kDay - 1)->has_value());

  auto feat = r->featured("vi", kNow);
  CHECK(ids_of(*feat) == std::vector<std::string>{"tin-to-cong-nghe-so", "atiso"});
  auto feat_later = r->featured("vi", kNow + 31 * kDay);
  CHECK(ids_of(*feat_later).front() == "tin-thang-sau");
}

TEST_CASE("cache: the next moment an item goes live or expires (the kiosk sleeps until then)") {
  TempDir dir;
  auto w = open_writer(dir.file("c.db"));
  REQUIRE(w->replace_all(content_v1(), {}, meta(1)).ok());
  auto r = open_reader(dir.file("c.db"));
  CHECK(*r->next_visibility_change(kNow) == kNow + 3 * kDay);                // the flood notice expires
  CHECK(*r->next_visibility_change(kNow + 3 * kDay) == kNow + 30 * kDay);    // then the scheduled news appears
  CHECK(*r->next_visibility_change(kNow + 30 * kDay) == 0);                  // then nothing is scheduled
  CHECK(*r->next_visibility_change(kNow - 15 * kDay) == kNow - 10 * kDay);   // an expiry and a publication at once
}

TEST_CASE("cache: one item in a language · with the fell-back flag") {
  TempDir dir;
  auto w = open_writer(dir.file("c.db"));
  REQUIRE(w->replace_all(content_v1(), {}, meta(1)).ok());
  auto r = open_reader(dir.file("c.db"));

  auto en = r->get_item("dang-ky-khai-sinh", "en", kNow);
  REQUIRE(en.ok());
  REQUIRE(en->has_value());
  CHECK((*en)->lang == "en");
  CHECK_FALSE((*en)->fell_back);
  CHECK((*en)->text().title == "Birth registration");
  CHECK((*en)->item.procedure.code == "1.001193");
  CHECK((*en)->item == content_v1()[0]);             // the whole item comes back intact

  auto zh = r->get_item("dang-ky-khai-sinh", "zh-Hans", kNow);
  REQUIRE(zh->has_value());
  CHECK((*zh)->lang == "vi");
  CHECK((*zh)->fell_back);
  CHECK((*zh)->text().title == "Đăng ký khai sinh");

  auto rows = r->list_by_kind(Kind::procedure, "en", kNow);
  REQUIRE(rows.ok());
  for (const ItemRow& row : *rows) {
    CHECK(row.fell_back == (row.id != "dang-ky-khai-sinh"));
    CHECK(row.lang == (row.fell_back ? "vi" : "en"));
  }
  auto by_id = r->rows_for({"tb-het-han", "dang-ky-khai-sinh", "khong-co"}, "en", kNow);
  REQUIRE(by_id.ok());
  CHECK(ids_of(*by_id) == std::vector<std::string>{"dang-ky-khai-sinh"});
  CHECK((*by_id)[0].title == "Birth registration");
  CHECK_FALSE(r->get_item("khong-co", "vi", kNow)->has_value());
}

TEST_CASE("cache: replace_all replaces everything and records meta") {
  TempDir dir;
  auto w = open_writer(dir.file("c.db"));
  REQUIRE(w->replace_all(content_v1(), {}, meta(1, "https://mirror.example/manifest.json")).ok());
  REQUIRE(w->replace_all(content_v2(), {}, meta(2, "usb:/media/tramtin")).ok());
  auto r = open_reader(dir.file("c.db"));
  auto procs = r->list_by_kind(Kind::procedure, "vi", kNow);
  CHECK(ids_of(*procs) == std::vector<std::string>{"xac-nhan-hon-nhan"});
  CHECK(r->list_by_kind(Kind::product, "vi", kNow)->empty());
  auto m = r->content_meta();
  REQUIRE(m.ok());
  CHECK(m->version == 2);
  CHECK(m->channel == "commune");
  CHECK(m->source == "usb:/media/tramtin");
  CHECK(m->applied_at == 1760000000);
  CHECK(*r->meta_value("item_count") == std::optional<std::string>("2"));
  CHECK_FALSE(r->meta_value("nothing")->has_value());
  REQUIRE(w->set_meta_value("last_sync_error", "HTTP 404").ok());
  CHECK(*r->meta_value("last_sync_error") == std::optional<std::string>("HTTP 404"));
}

TEST_CASE("cache: invalid content is refused before anything changes") {
  TempDir dir;
  auto w = open_writer(dir.file("c.db"));
  REQUIRE(w->replace_all(content_v1(), {}, meta(1)).ok());

  auto dup = content_v2();
  dup.push_back(dup[0]);
  Status s = w->replace_all(dup, {}, meta(2));
  CHECK_FALSE(s.ok());
  CHECK(s.message.find("appears twice") != std::string::npos);

  auto no_vi = content_v2();
  no_vi[0].texts[0].lang = "en";
  s = w->replace_all(no_vi, {}, meta(2));
  CHECK(s.message.find("no vi text") != std::string::npos);

  auto nfd = content_v2();
  nfd[1].texts[0].title = "Tin mo\xcc\x9B\xcc\x81i";  // "mới" decomposed (o + horn + acute)
  s = w->replace_all(nfd, {}, meta(2));
  CHECK(s.message.find("NFC") != std::string::npos);

  MediaBlob bad{std::string(64, '0'), "image/png", "not the bytes of that hash"};
  s = w->replace_all(content_v2(), {bad}, meta(2));
  CHECK(s.message.find("do not match their hash") != std::string::npos);

  auto r = open_reader(dir.file("c.db"));
  CHECK(r->content_meta()->version == 1);
  CHECK(r->list_by_kind(Kind::procedure, "vi", kNow)->size() == 4);
}

TEST_CASE("cache: a write that fails half-way leaves the previous content fully intact") {
  TempDir dir;
  const std::string path = dir.file("c.db");
  auto w = open_writer(path);
  const std::string png = "\x89PNG\r\n\x1a\n fake image bytes for the test";
  MediaBlob img{sha256_hex(png), "image/png", png};
  auto v1 = content_v1();
  v1[10].media.push_back(MediaRef{img.sha256, png.size(), "image/png", "cover", "", ""});
  REQUIRE(w->replace_all(v1, {img}, meta(1)).ok());
  auto r = open_reader(path);

  auto snapshot = [&]() {
    std::string s;
    for (Kind k : {Kind::procedure, Kind::news, Kind::notice, Kind::product}) {
      auto rows = r->list_by_kind(k, "vi", kNow);
      REQUIRE(rows.ok());
      for (const ItemRow& row : *rows) s += row.id + "|" + row.title + "|" + row.media_sha256 + "\n";
    }
    return s;
  };
  Search search_before(*r);
  auto hits_before = search_before.run("khai sinh", SearchOptions{"vi", kNow});
  REQUIRE(hits_before.ok());
  REQUIRE(hits_before->hits.size() == 1);
  const std::string before = snapshot();
  REQUIRE(before.find("mien-dong|Miến dong Bình Lư|" + img.sha256) != std::string::npos);

  // Inject a failure after 5 of 20 items of the new set (the worker being stopped, say).
  std::vector<Item> big;
  for (int i = 0; i < 20; ++i)
    big.push_back(news("tin-" + std::to_string(i), "Tin số " + std::to_string(i), "Bản tin xã."));
  std::size_t seen = 0;
  ReplaceHooks hooks;
  hooks.after_item = [&](std::size_t done, std::size_t total) {
    seen = done;
    CHECK(total == 20);
    return done == 5 ? Status::error(ErrorKind::cancelled, "stopped by test") : Status{};
  };
  Status s = w->replace_all(big, {}, meta(2), hooks);
  CHECK_FALSE(s.ok());
  CHECK(seen == 5);
  CHECK(s.message.find("stopped by test") != std::string::npos);

  // A constraint failure inside SQLite in the middle of the apply: a temporary trigger on the
  // writer's connection aborts the insert of the 11th item, after 10 items, their texts and index
  // rows were written in the same transaction.
  REQUIRE(sqlite3_exec(CacheAccess::handle(*w),
                       "CREATE TEMP TRIGGER inject_failure BEFORE INSERT ON main.items WHEN NEW.id = 'tin-10' "
                       "BEGIN SELECT RAISE(ABORT, 'injected constraint failure'); END",
                       nullptr, nullptr, nullptr) == SQLITE_OK);
  s = w->replace_all(big, {}, meta(3));
  CHECK_FALSE(s.ok());
  CHECK(s.message.find("injected constraint failure") != std::string::npos);
  CHECK(s.message.find("tin-10") != std::string::npos);
  CHECK(s.kind == ErrorKind::storage);
  CHECK(s.sqlite_code == SQLITE_CONSTRAINT_TRIGGER); // SQLite's code is kept
  REQUIRE(sqlite3_exec(CacheAccess::handle(*w), "DROP TRIGGER inject_failure", nullptr, nullptr, nullptr) == SQLITE_OK);

  // Everything from version 1 is still there: rows, meta, media, the search index.
  CHECK(snapshot() == before);
  CHECK(r->content_meta()->version == 1);
  auto blob = r->get_media(img.sha256);
  REQUIRE(blob.ok());
  REQUIRE(blob->has_value());
  CHECK((*blob)->bytes == png);
  CHECK((*blob)->mime == "image/png");
  Search search_after(*r);
  auto hits_after = search_after.run("khai sinh", SearchOptions{"vi", kNow});
  REQUIRE(hits_after.ok());
  REQUIRE(hits_after->hits.size() == 1);
  CHECK(hits_after->hits[0].id == "dang-ky-khai-sinh");
  CHECK(search_after.run("Tin số", SearchOptions{"vi", kNow})->hits.empty());

  // The writer itself also still sees version 1 and can apply again afterwards.
  CHECK(w->content_meta()->version == 1);
  REQUIRE(w->replace_all(big, {}, meta(2)).ok());
  CHECK(r->list_by_kind(Kind::news, "vi", kNow)->size() == 20);
  CHECK_FALSE(r->get_media(img.sha256)->has_value());  // no longer referenced by the new set
}

TEST_CASE("cache: a WAL reader sees the old content · unblocked · while a writer transaction is open") {
  TempDir dir;
  const std::string path = dir.file("c.db");
  auto w = open_writer(path);
  REQUIRE(w->replace_all(content_v1(), {}, meta(1)).ok());
  auto r = open_reader(path);
  Search search(*r);

  auto v2 = content_v2();
  bool checked = false;
  ReplaceHooks hooks;
  hooks.after_item = [&](std::size_t done, std::size_t) {
    if (done != 1) return Status{};
    // Inside the writer's open transaction: the old rows and search index are still what the UI sees.
    auto procs = r->list_by_kind(Kind::procedure, "vi", kNow);
    REQUIRE_MESSAGE(procs.ok(), procs.error());
    CHECK(procs->size() == 4);
    CHECK(r->content_meta()->version == 1);
    auto hits = search.run("dang ky khai sinh", SearchOptions{"vi", kNow});
    REQUIRE_MESSAGE(hits.ok(), hits.error());
    CHECK(hits->hits.size() == 1);
    CHECK(search.run("xac nhan hon nhan", SearchOptions{"vi", kNow})->hits.empty());
    checked = true;
    return Status{};
  };
  auto dv_before = r->data_version();
  REQUIRE(w->replace_all(v2, {}, meta(2), hooks).ok());
  CHECK(checked);
  CHECK(*r->data_version() != *dv_before);           // the UI can tell new content arrived
  CHECK(r->list_by_kind(Kind::procedure, "vi", kNow)->size() == 1);
  CHECK(search.run("xac nhan hon nhan", SearchOptions{"vi", kNow})->hits.size() == 1);
}

TEST_CASE("cache: feedback answers become day counters, general feedback (item \"\") included") {
  TempDir dir;
  auto w = open_writer(dir.file("c.db"));
  REQUIRE(w->insert_feedback("dang-ky-khai-sinh", 5, "", kNow).ok());
  REQUIRE(w->insert_feedback("dang-ky-khai-sinh", 2, "unclear", kNow + 1).ok());
  REQUIRE(w->insert_feedback("", 4, "", kNow + 2).ok());  // from home or the footer: kept, not dropped
  CHECK_FALSE(w->insert_feedback("tin-moi", 6, "", kNow).ok());
  CHECK_FALSE(w->insert_feedback("tin-moi", 0, "", kNow).ok());
  CHECK_FALSE(w->insert_feedback("tin-moi", 3, "Tôi không hiểu", kNow).ok());  // free text is refused
  auto days = w->usage_days();
  REQUIRE(days.ok());
  REQUIRE(days->size() == 1);
  auto rows = w->usage_for_day(days->front());
  REQUIRE(rows.ok());
  std::map<std::string, std::int64_t> got;
  for (const auto& r : *rows) got[r.kind + "|" + r.item + "|" + r.key] = r.count;
  CHECK(got == std::map<std::string, std::int64_t>{{"score|dang-ky-khai-sinh|5", 1},
                                                   {"score|dang-ky-khai-sinh|2", 1},
                                                   {"reason|dang-ky-khai-sinh|unclear", 1},
                                                   {"score||4", 1}});
  // Content applies do not touch the counters.
  REQUIRE(w->replace_all(content_v2(), {}, meta(5)).ok());
  CHECK(w->usage_for_day(days->front())->size() == 4);
}

// The store seam: nothing outside content/store/ reaches the SQLite connection through a Cache.
template <class C>
concept exposes_sqlite_handle = requires(const C& c) { c.handle(); } || requires(const C& c) { c.db_; };
static_assert(!exposes_sqlite_handle<Cache>, "Cache must not hand out its sqlite3* (use content/store/ APIs)");

TEST_CASE("cache: set_meta_values writes every key or none") {
  TempDir dir;
  auto w = open_writer(dir.file("cache.db"));
  auto r = open_reader(dir.file("cache.db"));
  REQUIRE(w->set_meta_values({{"a", "1"}, {"b", "2"}, {"c", "3"}}).ok());
  CHECK(*r->meta_value("a") == std::optional<std::string>("1"));
  CHECK(*r->meta_value("b") == std::optional<std::string>("2"));
  CHECK(*r->meta_value("c") == std::optional<std::string>("3"));

  // The third key fails inside SQLite: the first two keep their old values.
  REQUIRE(sqlite3_exec(CacheAccess::handle(*w),
                       "CREATE TEMP TRIGGER refuse_d BEFORE INSERT ON main.meta WHEN NEW.key = 'd' "
                       "BEGIN SELECT RAISE(ABORT, 'injected meta failure'); END",
                       nullptr, nullptr, nullptr) == SQLITE_OK);
  Status s = w->set_meta_values({{"a", "10"}, {"b", "20"}, {"d", "4"}});
  CHECK_FALSE(s.ok());
  CHECK(s.message.find("injected meta failure") != std::string::npos);
  CHECK(*r->meta_value("a") == std::optional<std::string>("1"));
  CHECK(*r->meta_value("b") == std::optional<std::string>("2"));
  CHECK_FALSE(r->meta_value("d")->has_value());
  // The connection is usable again afterwards (no transaction left open).
  REQUIRE(w->set_meta_values({{"a", "11"}}).ok());
  CHECK(*r->meta_value("a") == std::optional<std::string>("11"));

  CHECK_FALSE(r->set_meta_values({{"a", "x"}}).ok());  // a reader never writes
}

TEST_CASE("cache: item_documents returns every stored document, visible now or not") {
  TempDir dir;
  auto w = open_writer(dir.file("cache.db"));
  CHECK(w->item_documents()->empty());
  const auto items = content_v1();
  REQUIRE(w->replace_all(items, {}, meta(1)).ok());
  auto r = open_reader(dir.file("cache.db"));
  auto docs = r->item_documents();
  REQUIRE(docs.ok());
  REQUIRE(docs->size() == items.size());            // scheduled and expired ones included
  std::vector<std::string> got, want;
  for (const auto& d : *docs) {
    auto it = item_from_json(d);
    REQUIRE(it.has_value());
    got.push_back(it->id);
  }
  for (const auto& it : items) want.push_back(it.id);
  std::sort(got.begin(), got.end());
  std::sort(want.begin(), want.end());
  CHECK(got == want);
}

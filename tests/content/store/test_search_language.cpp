// Tests for the villagers' language in content/store/search.cpp (issue 13): aliases weighted just
// below the title, synonyms and abbreviations from a `synonyms` item applied both ways, the filler of
// a question dropped, every kind of typo (swap, drop, add, wrong letter; two in a long word), the
// ranking rules (procedure before news, the commune before higher levels, title before body), and
// the schema migration that rebuilds the search index of an old cache. Layer: tests.
#include <doctest/doctest.h>

#include <algorithm>

#include <sqlite3.h>

#include "tests/support/cache_fixtures.h"
#include "content/store/cache_access.h"
#include "content/store/search.h"

using namespace tramtin;
using namespace tramtin::testing;

namespace {

constexpr UnixTime kNow = 1767225600;
constexpr UnixTime kDay = 86400;

Item synonyms_item() {
  Item it;
  it.id = "tu-dong-nghia";
  it.kind = Kind::synonyms;
  ItemText t;
  t.lang = "vi";
  t.synonyms = {{"sổ đỏ", "giấy chứng nhận quyền sử dụng đất"},
                {"hộ khẩu", "thường trú"},
                {"dk", "đăng ký"},
                {"cccd", "căn cước"},
                {"lấy vợ", "lấy chồng", "kết hôn"}};
  t.filler = {"cần", "giấy gì", "gì", "ở đâu", "thế nào"};
  it.texts.push_back(std::move(t));
  return it;
}

std::vector<Item> corpus(bool with_synonyms = true) {
  std::vector<Item> v;
  v.push_back(procedure("dang-ky-khai-sinh", "1.001193", "ho-tich", "Hộ tịch", "Đăng ký khai sinh",
                        "Đăng ký cho trẻ mới sinh.", {"Tờ khai đăng ký khai sinh"}));
  v.push_back(procedure("dang-ky-ket-hon", "1.000894", "ho-tich", "Hộ tịch", "Đăng ký kết hôn",
                        "Hai bên nam, nữ cùng có mặt khi đăng ký.", {"Tờ khai đăng ký kết hôn"}));
  v.push_back(procedure("xac-nhan-hon-nhan", "1.004873", "ho-tich", "Hộ tịch", "Cấp Giấy xác nhận tình trạng hôn nhân",
                        "Để kết hôn hoặc làm thủ tục khác.", {"Tờ khai"}));
  v.back().texts[0].aliases = {"giấy độc thân", "xác nhận độc thân"};
  v.push_back(procedure("dang-ky-thuong-tru", "1.004222", "cu-tru", "Cư trú", "Đăng ký thường trú",
                        "Công an xã tiếp nhận hồ sơ.", {"Tờ khai thay đổi thông tin cư trú"}));
  v.back().texts[0].aliases = {"nhập hộ khẩu"};
  v.push_back(procedure("cap-gcn-dat", "1.003003", "dat-dai", "Đất đai",
                        "Đăng ký đất đai, cấp Giấy chứng nhận quyền sử dụng đất lần đầu", "Nộp tại xã.", {"Đơn đăng ký"}));
  Item higher = procedure("cap-gcn-dat-tinh", "1.003004", "dat-dai", "Đất đai",
                          "Cấp Giấy chứng nhận quyền sử dụng đất cho tổ chức", "Nộp tại tỉnh.", {"Đơn"});
  higher.procedure.levels = {"tinh"};
  v.push_back(std::move(higher));
  Item police;
  police.id = "lam-can-cuoc";
  police.kind = Kind::page;
  police.texts.push_back(text("vi", "Làm thẻ căn cước: đến Công an xã", "Xã không làm thẻ căn cước."));
  police.texts[0].aliases = {"làm căn cước", "cấp căn cước", "chứng minh thư"};
  v.push_back(std::move(police));
  // A news item that names the procedure in its title, and one that only mentions it in its body.
  v.push_back(news("tin-khai-sinh", "Đăng ký khai sinh trực tuyến được nhiều người dùng",
                   "Người dân làm thủ tục trên điện thoại.", kNow - kDay));
  v.push_back(news("tin-hop", "Hội nghị của xã", "Bàn việc bản.", kNow - kDay, 0,
                   "Cán bộ nhắc bà con giấy độc thân và đăng ký kết hôn đúng hạn."));
  v.push_back(news("tin-cuoc-thi", "Cuộc thi thể thao của bản", "Đá bóng, kéo co.", kNow - kDay));
  if (with_synonyms) v.push_back(synonyms_item());
  return v;
}

struct Fixture {
  TempDir dir;
  std::unique_ptr<Cache> writer;
  std::unique_ptr<Cache> reader;
  std::unique_ptr<Search> search;
  explicit Fixture(bool with_synonyms = true) {
    writer = open_writer(dir.file("s.db"));
    Status s = writer->replace_all(corpus(with_synonyms), {}, meta(1));
    REQUIRE_MESSAGE(s.ok(), s.message);
    reader = open_reader(dir.file("s.db"));
    search = std::make_unique<Search>(*reader);
  }
  SearchResults run(std::string_view q) {
    SearchOptions o;
    o.now = kNow;
    auto r = search->run(q, o);
    REQUIRE_MESSAGE(r.ok(), (std::string(q) + ": " + r.error()));
    return *r;
  }
  std::vector<std::string> ids(std::string_view q) {
    std::vector<std::string> v;
    for (auto& h : run(q).hits) v.push_back(h.id);
    return v;
  }
  std::string first(std::string_view q) {
    auto v = ids(q);
    return v.empty() ? std::string("(nothing)") : v.front();
  }
};

}  // namespace

TEST_CASE("search language: an alias finds its item, and ranks it just below a title match") {
  Fixture f;
  CHECK(f.first("giấy độc thân") == "xac-nhan-hon-nhan");
  CHECK(f.first("giay doc than") == "xac-nhan-hon-nhan");
  CHECK(f.first("nhap ho khau") == "dang-ky-thuong-tru");
  CHECK(f.first("lam can cuoc") == "lam-can-cuoc");
  // An alias hit is a title-tier hit: above a news item that has the words only in its body.
  auto v = f.ids("doc than");
  REQUIRE(v.size() >= 2);
  CHECK(v[0] == "xac-nhan-hon-nhan");
  CHECK(std::find(v.begin(), v.end(), "tin-hop") > v.begin());
  // Aliases are searched, never shown as the title.
  CHECK(f.run("giay doc than").hits.front().title == "Cấp Giấy xác nhận tình trạng hôn nhân");
}

TEST_CASE("search language: synonyms apply both ways, folded like the index") {
  Fixture f;
  // "sổ đỏ" -> the land certificate, typed with or without marks.
  CHECK(f.first("sổ đỏ") == "cap-gcn-dat");
  CHECK(f.first("so do") == "cap-gcn-dat");
  CHECK(f.first("SỔ ĐỎ") == "cap-gcn-dat");
  // The other way: "thường trú" finds the item whose alias says "hộ khẩu", and "hộ khẩu" finds "thường trú".
  CHECK(f.first("ho khau") == "dang-ky-thuong-tru");
  CHECK(f.first("thuong tru") == "dang-ky-thuong-tru");
  // A three-way group: "lấy vợ", "lấy chồng", "kết hôn".
  CHECK(f.first("lay vo") == "dang-ky-ket-hon");
  CHECK(f.first("lay chong") == "dang-ky-ket-hon");
  // Without the synonyms item the same query finds nothing: it is content, not code.
  Fixture plain(/*with_synonyms=*/false);
  CHECK(plain.first("so do") != "cap-gcn-dat");
  CHECK(plain.ids("lay vo").empty());
}

TEST_CASE("search language: abbreviations and the match expression") {
  Fixture f;
  CHECK(f.first("dk ket hon") == "dang-ky-ket-hon");
  CHECK(f.first("dk khai sinh") == "dang-ky-khai-sinh");
  CHECK(f.first("cccd") == "lam-can-cuoc");
  auto expr = f.search->match_expression("dk khai sinh");
  REQUIRE(expr.ok());
  CHECK(*expr == R"(("dk" OR "dang ky") AND "khai" AND "sinh"*)");
  auto last = f.search->match_expression("so do");
  REQUIRE(last.ok());
  CHECK(*last == R"(("so do"* OR "giay chung nhan quyen su dung dat"))");
}

TEST_CASE("search language: a question's filler words are dropped when the whole question finds nothing") {
  Fixture f;
  auto r = f.run("lấy vợ cần giấy gì");
  REQUIRE_FALSE(r.hits.empty());
  CHECK(r.hits.front().id == "dang-ky-ket-hon");
  CHECK(r.dropped_filler);
  CHECK(r.corrected_query == "lay vo");
  CHECK(f.first("lam can cuoc o dau") == "lam-can-cuoc");
  // A query that finds something as typed keeps every word.
  auto exact = f.run("dang ky ket hon");
  CHECK_FALSE(exact.dropped_filler);
  CHECK(exact.corrected_query.empty());
}

TEST_CASE("search language: each typo kind people make on a touch keyboard") {
  Fixture f;
  auto check = [&](std::string_view q, const std::string& id, const std::string& corrected) {
    auto r = f.run(q);
    REQUIRE_MESSAGE(!r.hits.empty(), q);
    CHECK_MESSAGE(r.hits.front().id == id, q);
    CHECK_MESSAGE(r.corrected_query == corrected, q);
  };
  check("khai sihn", "dang-ky-khai-sinh", "khai sinh");            // swapped
  check("kahi sinh", "dang-ky-khai-sinh", "khai sinh");            // swapped, first word
  check("khai snh", "dang-ky-khai-sinh", "khai sinh");             // dropped (3 letters left)
  check("dang ky ket hno", "dang-ky-ket-hon", "dang ky ket hon");  // swapped in a 3-letter word
  check("khaii sinh", "dang-ky-khai-sinh", "khai sinh");           // added
  check("khai sibh", "dang-ky-khai-sinh", "khai sinh");            // wrong letter (neighbour key)
  check("dang ky thoung tru", "dang-ky-thuong-tru", "dang ky thuong tru");  // swapped in a long word
}

TEST_CASE("search language: two slips in a long word, one in a short one") {
  Fixture f;
  auto r = f.run("chungnhaan");                      // not a word: no fix, no crash
  (void)r;
  auto two = f.run("dang ky thuonng trru");          // one slip in each word
  REQUIRE_FALSE(two.hits.empty());
  CHECK(two.hits.front().id == "dang-ky-thuong-tru");
  auto long2 = f.run("xac nhan tinh trnag hon nhna");  // two words with a slip each
  REQUIRE_FALSE(long2.hits.empty());
  CHECK(long2.hits.front().id == "xac-nhan-hon-nhan");
  CHECK(f.ids("khia snih").empty() == false);        // two words, one slip each
}

TEST_CASE("search language: two slips inside one word of 8+ letters are mended, not in a shorter one") {
  // Vietnamese syllables are short; the long words are in English (and Hmong) texts.
  TempDir dir;
  std::vector<Item> items = corpus();
  for (Item& it : items)
    if (it.id == "dang-ky-khai-sinh")
      it.texts.push_back(text("en", "Birth registration", "Get a birth certificate for a newborn child."));
    else if (it.id == "dang-ky-thuong-tru")
      it.texts.push_back(text("en", "Permanent residence", "Register where you live."));
  auto writer = open_writer(dir.file("s.db"));
  REQUIRE(writer->replace_all(items, {}, meta(1)).ok());
  auto reader = open_reader(dir.file("s.db"));
  Search search(*reader);
  auto run = [&](std::string_view q) {
    SearchOptions o;
    o.now = kNow;
    o.lang = "en";
    auto res = search.run(q, o);
    REQUIRE_MESSAGE(res.ok(), std::string(q));
    return *res;
  };
  // "registration" (12 letters): a swap and a dropped letter in the same word.
  auto a = run("regsitraton");
  REQUIRE_FALSE(a.hits.empty());
  CHECK(a.hits.front().id == "dang-ky-khai-sinh");
  CHECK(a.corrected_query == "registration");
  // "certificate": a wrong letter and an added one.
  auto b = run("birth certifficste");
  REQUIRE_FALSE(b.hits.empty());
  CHECK(b.hits.front().id == "dang-ky-khai-sinh");
  CHECK(b.corrected_query == "birth certificate");
  // "permanent" (9 letters): two swaps.
  auto c = run("pemraennt");
  REQUIRE_FALSE(c.hits.empty());
  CHECK(c.hits.front().id == "dang-ky-thuong-tru");
  // A 6-letter word with two slips is left alone: too many other words are two slips away.
  CHECK(run("bitrhh").hits.empty());
  auto one = run("brith");                          // one slip in a 5-letter word is mended
  REQUIRE_FALSE(one.hits.empty());
  CHECK(one.hits.front().id == "dang-ky-khai-sinh");
}

TEST_CASE("search language: ranking rules") {
  Fixture f;
  // A procedure before a news item that names it in its title.
  auto v = f.ids("khai sinh");
  REQUIRE(v.size() >= 2);
  CHECK(v[0] == "dang-ky-khai-sinh");
  CHECK(std::find(v.begin(), v.end(), "tin-khai-sinh") != v.end());
  // The commune's own level before a higher level with the same words in its title.
  auto land = f.ids("giay chung nhan quyen su dung dat");
  REQUIRE(land.size() >= 2);
  CHECK(land[0] == "cap-gcn-dat");
  CHECK(land[1] == "cap-gcn-dat-tinh");
  // A title match before a body match.
  auto k = f.ids("ket hon");
  REQUIRE(k.size() >= 2);
  CHECK(k[0] == "dang-ky-ket-hon");
  CHECK(std::find(k.begin(), k.end(), "tin-hop") > std::find(k.begin(), k.end(), "xac-nhan-hon-nhan"));
}

TEST_CASE("search language: synonyms are never search results and a changed synonyms item takes effect") {
  Fixture f;
  for (auto& id : f.ids("so do")) CHECK(id != "tu-dong-nghia");
  CHECK(f.ids("dk").size() > 0);
  // Staff add a group; the next sync replaces the content; the same Search sees it.
  auto items = corpus();
  items.back().texts[0].synonyms.push_back({"bóng đá", "đá bóng"});
  Status s = f.writer->replace_all(items, {}, meta(2));
  REQUIRE_MESSAGE(s.ok(), s.message);
  CHECK(f.first("bong da") == "tin-cuoc-thi");
}

TEST_CASE("search language: a cache of schema version 1 is migrated and its search index rebuilt") {
  TempDir dir;
  const std::string path = dir.file("old.db");
  {
    auto w = open_writer(path);
    Status s = w->replace_all(corpus(false), {}, meta(1));
    REQUIRE_MESSAGE(s.ok(), s.message);
    // Turn the file back into what version 1 wrote: the version 1 search tables (empty, as if the
    // index had never held aliases), no boost column, user_version 1. On the writer's connection,
    // which has the tokenizer registered.
    const char* back = R"sql(
DROP TABLE search_vocab; DROP TABLE search_fts; DROP TABLE search_titles;
DELETE FROM search_rows; DELETE FROM search_langs;
ALTER TABLE search_rows DROP COLUMN boost;
ALTER TABLE items DROP COLUMN doc_sha256;
CREATE VIRTUAL TABLE search_fts USING fts5(
  title, summary, body, proc, tags, code, content = '', tokenize = 'tramtin_fold', prefix = '1 2 3');
CREATE VIRTUAL TABLE search_vocab USING fts5vocab(search_fts, 'row');
CREATE VIRTUAL TABLE search_titles USING fts5(title, content = '', tokenize = 'tramtin_fold', prefix = '1 2 3');
DROP TABLE usage_counts; DROP TABLE report_outbox;
CREATE TABLE reports(id INTEGER PRIMARY KEY, kind TEXT NOT NULL DEFAULT 'feedback', item_id TEXT NOT NULL,
  score INTEGER NOT NULL CHECK (score BETWEEN 1 AND 5), reason_key TEXT NOT NULL DEFAULT '', at INTEGER NOT NULL);
INSERT INTO reports(item_id, score, reason_key, at) VALUES
  ('dang-ky-khai-sinh', 2, 'unclear', 1795312800), ('dang-ky-khai-sinh', 2, '', 1795316400),
  ('tin-moi', 5, '', 1795312800);
PRAGMA user_version = 1;)sql";
    char* err = nullptr;
    int rc = sqlite3_exec(CacheAccess::handle(*w), back, nullptr, nullptr, &err);
    CHECK_MESSAGE(rc == SQLITE_OK, (err ? err : ""));
    sqlite3_free(err);
  }
  auto w = open_writer(path);                        // migrates 1 -> 2 and rebuilds the index
  auto r = open_reader(path);
  Search search(*r);
  SearchOptions o;
  o.now = kNow;
  auto res = search.run("giay doc than", o);
  REQUIRE(res.ok());
  REQUIRE_FALSE(res->hits.empty());
  CHECK(res->hits.front().id == "xac-nhan-hon-nhan");
  auto item = r->get_item("dang-ky-khai-sinh", "vi", kNow);
  REQUIRE(item.ok());
  CHECK(item->has_value());                          // the items table survived its rebuild
  // The feedback queue of schema 1 became the day's counters (migration 3).
  auto rows = w->usage_for_day("2026-11-22");
  REQUIRE(rows.ok());
  std::vector<std::string> got;
  for (const auto& c : *rows) got.push_back(c.kind + "|" + c.item + "|" + c.key + "|" + std::to_string(c.count));
  CHECK(got == std::vector<std::string>{"reason|dang-ky-khai-sinh|unclear|1", "score|dang-ky-khai-sinh|2|2",
                                        "score|tin-moi|5|1"});
}

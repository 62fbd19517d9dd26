// Tests for content/store/fold.cpp and content/store/search.cpp on a real SQLite cache: every way villagers type
// (no diacritics, đ as d, NFD, upper case, either tone placement, half-typed words, one typo),
// procedure codes, FTS5 syntax in the input, ranking, language fallback, the clock, and highlight
// ranges on the original text. Layer: tests.
#include <doctest/doctest.h>

#include <algorithm>

#include "tests/support/cache_fixtures.h"
#include "content/store/cache_access.h"
#include "content/store/fold.h"
#include "content/store/search.h"

using namespace tramtin;
using namespace tramtin::testing;

namespace {

constexpr UnixTime kNow = 1767225600;
constexpr UnixTime kDay = 86400;

std::vector<Item> corpus() {
  std::vector<Item> v;
  v.push_back(procedure("dang-ky-khai-sinh", "1.001193", "ho-tich", "Hộ tịch", "Đăng ký khai sinh",
                        "Đăng ký cho trẻ mới sinh tại Ủy ban nhân dân xã nơi cư trú của cha hoặc mẹ.",
                        {"Tờ khai đăng ký khai sinh", "Giấy chứng sinh"}));
  v.back().texts.push_back(text("en", "Birth registration", "Register a newborn at the commune People's Committee."));
  v.back().texts.push_back(text("zh-Hans", "出生登记", "在边境口岸附近的乡人民委员会办理出生登记。"));
  v.push_back(procedure("dang-ky-ket-hon", "1.000894", "ho-tich", "Hộ tịch", "Đăng ký kết hôn",
                        "Hai bên nam, nữ cùng có mặt khi đăng ký.", {"Tờ khai đăng ký kết hôn"}));
  v.push_back(procedure("dang-ky-thuong-tru", "1.004222", "cu-tru", "Cư trú", "Đăng ký thường trú",
                        "Công an xã tiếp nhận hồ sơ.", {"Tờ khai thay đổi thông tin cư trú"}));
  v.push_back(procedure("chung-thuc-ban-sao", "2.000815", "chung-thuc", "Chứng thực", "Chứng thực bản sao từ bản chính",
                        "Lấy ngay trong ngày.", {"Bản chính giấy tờ"}));
  v.push_back(news("tin-hoa-giai", "Tổ hòa giải bản Nà Khum họp định kỳ", "Hòa giải mâu thuẫn trong bản.", kNow - kDay));
  v.push_back(news("tin-suc-khoe", "Khám sức khỏe miễn phí cho người cao tuổi", "Trạm y tế xã tổ chức khám.", kNow - kDay));
  v.push_back(news("tin-duong", "Làm đường bê tông vào bản Sân Bay", "Đường dài 2 km.", kNow - kDay));
  v.push_back(news("tin-mac-ca-body", "Hội nghị nông nghiệp của xã", "Bàn về cây trồng.", kNow - kDay,
                   0, "Bà con trao đổi kinh nghiệm trồng chè, trồng lúa, nuôi ong và chăm sóc mắc ca trên đồi."));
  v.push_back(news("tin-lich-sau", "Lịch tiêm chủng mở rộng", "Đăng vào tháng sau.", kNow + 30 * kDay));
  v.push_back(notice("tb-het-han", "Cảnh báo rét đậm đã qua", false, kNow - 20 * kDay, kNow - 10 * kDay));
  Item macca = product("mac-ca-tam-duong", "Hạt mắc ca Tam Đường", 1, 3, "HTX Mắc ca Tam Đường", 300000);
  v.push_back(macca);
  Item thuy = product("mat-ong", "Mật ong bạc hà", 1, 3, "Hộ kinh doanh Lò Thị Thúy", 250000);
  thuy.texts[0].summary = "Do chị Lò Thị Thúy nuôi ong ở Mường Tè.";
  v.push_back(thuy);
  Item tea_en = product("che-lai-chau", "Chè xanh", 2, 3, "HTX Chè", 100000);
  tea_en.texts.push_back(text("en", "Green tea", "Hand-picked green tea.", "Grown by families in Pa U village."));
  v.push_back(tea_en);
  v.push_back(product("gao-pa-u", "Gạo nương Pa Ủ", 1, 3, "Tổ hợp tác bản Pa Ủ", 40000));
  return v;
}

struct Fixture {
  TempDir dir;
  std::unique_ptr<Cache> writer;
  std::unique_ptr<Cache> reader;
  std::unique_ptr<Search> search;
  Fixture() {
    writer = open_writer(dir.file("s.db"));
    Status s = writer->replace_all(corpus(), {}, meta(1));
    REQUIRE_MESSAGE(s.ok(), s.message);
    reader = open_reader(dir.file("s.db"));
    search = std::make_unique<Search>(*reader);
  }
  SearchResults run(std::string_view q, std::string lang = "vi", UnixTime now = kNow) {
    SearchOptions o;
    o.lang = std::move(lang);
    o.now = now;
    auto r = search->run(q, o);
    REQUIRE_MESSAGE(r.ok(), (std::string(q) + ": " + r.error()));
    return *r;
  }
  std::vector<std::string> ids(std::string_view q, std::string lang = "vi", UnixTime now = kNow) {
    std::vector<std::string> v;
    for (auto& h : run(q, std::move(lang), now).hits) v.push_back(h.id);
    return v;
  }
  bool finds(std::string_view q, const std::string& id, std::string lang = "vi") {
    auto v = ids(q, std::move(lang));
    return std::find(v.begin(), v.end(), id) != v.end();
  }
};

}  // namespace

TEST_CASE("search: fold_text folds đ · tones · vowel shapes · case · NFD and tone placement") {
  CHECK(fold_text("Đăng ký khai sinh") == "dang ky khai sinh");
  CHECK(fold_text("ĐƯỜNG") == "duong");
  CHECK(fold_text("hòa") == fold_text("hoà"));
  CHECK(fold_text("hòa") == "hoa");
  CHECK(fold_text("Thúy") == fold_text("Thuý"));
  CHECK(fold_text("khỏe") == fold_text("khoẻ"));
  CHECK(fold_text("D\xcc\x83") == "d");             // D + combining tilde (NFD)
  CHECK(fold_text("thu\xcc\x89 tu\xcc\xa3\x63") == "thu tuc");  // NFD "thủ tục"
  CHECK(fold_text("Người Mông") == "nguoi mong");
  CHECK(fold_text("ꪼꪒ") == "ꪼꪒ");                   // Tai Viet letters are not Latin marks: kept
}

TEST_CASE("search: the tokenizer keeps byte offsets into the original text") {
  Fixture f;
  auto tokenizer = FoldTokenizer::create(CacheAccess::handle(*f.reader));
  REQUIRE(tokenizer.ok());
  auto toks = (*tokenizer)->tokenize("Tổ hòa giải, ĐƯỜNG 1.001193 边境口岸");
  REQUIRE(toks.ok());
  std::vector<std::string> keys;
  for (auto& t : *toks) keys.push_back(t.folded);
  CHECK(keys == std::vector<std::string>{"to", "hoa", "giai", "duong", "1", "001193", "边", "境", "口", "岸"});
  const std::string text = "Tổ hòa giải, ĐƯỜNG 1.001193 边境口岸";
  CHECK(text.substr((*toks)[1].begin, (*toks)[1].end - (*toks)[1].begin) == "hòa");
  CHECK(text.substr((*toks)[3].begin, (*toks)[3].end - (*toks)[3].begin) == "ĐƯỜNG");
  CHECK(text.substr((*toks)[7].begin, (*toks)[7].end - (*toks)[7].begin) == "境");
}

TEST_CASE("search: without diacritics · with đ typed as d · upper case and NFD input") {
  Fixture f;
  CHECK(f.ids("dang ky khai sinh").front() == "dang-ky-khai-sinh");
  CHECK(f.ids("Đăng ký khai sinh").front() == "dang-ky-khai-sinh");
  CHECK(f.ids("đăng ky khai sinh").front() == "dang-ky-khai-sinh");
  CHECK(f.ids("DANG KY KHAI SINH").front() == "dang-ky-khai-sinh");
  CHECK(f.ids("ĐĂNG KÝ KHAI SINH").front() == "dang-ky-khai-sinh");
  // NFD as typed on Windows: "Đăng ký" = Đ a U+0306 n g k y U+0301
  CHECK(f.ids("\xc4\x90\x61\xcc\x86ng ky\xcc\x81 khai sinh").front() == "dang-ky-khai-sinh");
  CHECK(f.finds("duong be tong", "tin-duong"));
  CHECK(f.finds("ĐƯỜNG", "tin-duong"));
  CHECK(f.ids("thuong tru") == std::vector<std::string>{"dang-ky-thuong-tru"});
}

TEST_CASE("search: tone placement does not matter (hòa/hoà · thúy/thuý · khỏe/khoẻ) both ways") {
  Fixture f;
  // The content has the old style (hòa, Thúy, khỏe); users type either.
  CHECK(f.ids("hòa giải") == std::vector<std::string>{"tin-hoa-giai"});
  CHECK(f.ids("hoà giải") == std::vector<std::string>{"tin-hoa-giai"});
  CHECK(f.ids("Thúy") == std::vector<std::string>{"mat-ong"});
  CHECK(f.ids("Thuý") == std::vector<std::string>{"mat-ong"});
  CHECK(f.ids("sức khỏe") == std::vector<std::string>{"tin-suc-khoe"});
  CHECK(f.ids("sức khoẻ") == std::vector<std::string>{"tin-suc-khoe"});

  // And the other way: new-style content found by old-style queries.
  TempDir dir;
  auto w = open_writer(dir.file("n.db"));
  REQUIRE(w->replace_all({news("moi", "Hoà giải viên Lò Thị Thuý được khen thưởng", "Khoẻ mạnh.")}, {}, meta(1)).ok());
  Search s(*w);
  for (const char* q : {"hòa giải", "hoà giải", "thúy", "thuý", "khỏe", "khoẻ", "hoa giai"}) {
    auto r = s.run(q, SearchOptions{"vi", kNow});
    REQUIRE(r.ok());
    CHECK_MESSAGE(r->hits.size() == 1, q);
  }
}

TEST_CASE("search: the last word matches as a prefix while typing") {
  Fixture f;
  CHECK(f.ids("khai s").front() == "dang-ky-khai-sinh");
  CHECK(f.ids("dang ky k").size() >= 2);             // khai sinh and kết hôn
  CHECK(f.finds("dang ky k", "dang-ky-ket-hon"));
  auto expr = f.search->match_expression("khai s");
  REQUIRE(expr.ok());
  CHECK(*expr == "\"khai\" \"s\"*");
  // Every prefix of the query, keystroke by keystroke, keeps the procedure in the results.
  const std::string q = "dang ky khai sinh";
  for (std::size_t n = 4; n <= q.size(); ++n) CHECK_MESSAGE(f.finds(q.substr(0, n), "dang-ky-khai-sinh"), q.substr(0, n));
}

TEST_CASE("search: a one-letter typo in a word of 4+ letters still finds the item") {
  Fixture f;
  auto r = f.run("khai sinhh");                      // extra letter in the last word
  REQUIRE_FALSE(r.hits.empty());
  CHECK(r.hits.front().id == "dang-ky-khai-sinh");
  CHECK(r.corrected_query == "khai sinh");
  auto r2 = f.run("dang ky thuongg tru");            // extra letter in a middle word
  REQUIRE_FALSE(r2.hits.empty());
  CHECK(r2.hits.front().id == "dang-ky-thuong-tru");
  auto r3 = f.run("chunng thuc ban sao");            // substituted letter
  REQUIRE_FALSE(r3.hits.empty());
  CHECK(r3.hits.front().id == "chung-thuc-ban-sao");
  auto r4 = f.run("dang ky khia sinh");              // swapped letters in a 4-letter word (issue 13)
  REQUIRE_FALSE(r4.hits.empty());
  CHECK(r4.hits.front().id == "dang-ky-khai-sinh");
  CHECK(r4.corrected_query == "dang ky khai sinh");
  auto exact = f.run("khai sinh");                   // no correction when the exact query finds something
  CHECK(exact.corrected_query.empty());
}

TEST_CASE("search: procedure codes are found exactly and by prefix") {
  Fixture f;
  auto r = f.run("1.001193");
  REQUIRE_FALSE(r.hits.empty());
  CHECK(r.hits.front().id == "dang-ky-khai-sinh");
  CHECK(r.hits.front().code_match);
  CHECK(r.hits.front().code == "1.001193");
  CHECK(f.ids("1.001193").size() == 1);
  CHECK(f.ids("2.000815").front() == "chung-thuc-ban-sao");
  CHECK(f.finds("1.00", "dang-ky-ket-hon"));         // typing the code: every code starting so
  CHECK(f.finds("1.00", "dang-ky-khai-sinh"));
  CHECK_FALSE(f.finds("1.00", "chung-thuc-ban-sao"));
  CHECK(f.ids("001193").front() == "dang-ky-khai-sinh");  // the number part alone, through the index
  CHECK(f.ids("9.999999").empty());
}

TEST_CASE("search: FTS5 syntax in the input never raises an error") {
  Fixture f;
  for (const char* q : {"khai\"sinh*", "AND (", "-", "\"", "*", "(", ")", "NEAR(khai sinh", "khai OR", "NOT",
                        "title:khai", "^khai", "khai + sinh", "'", "{title summary}: khai", "a\"\"b", "\\", ":", ""}) {
    SearchOptions o;
    o.now = kNow;
    auto r = f.search->run(q, o);
    CHECK_MESSAGE(r.ok(), q << ": " << r.error());
  }
  CHECK(f.ids("khai\"sinh*").front() == "dang-ky-khai-sinh");
  CHECK(f.ids("-").empty());
  CHECK(f.ids("   ").empty());
}

TEST_CASE("search: title hits rank above body hits") {
  Fixture f;
  auto v = f.ids("mac ca");
  REQUIRE(v.size() == 2);
  CHECK(v[0] == "mac-ca-tam-duong");                 // in the title
  CHECK(v[1] == "tin-mac-ca-body");                  // only in the body
}

TEST_CASE("search: current-language hits above fallback hits · fallback is flagged") {
  Fixture f;
  auto en = f.run("birth", "en");
  REQUIRE(en.hits.size() == 1);
  CHECK(en.hits[0].lang == "en");
  CHECK_FALSE(en.hits[0].fell_back);
  CHECK(en.hits[0].title == "Birth registration");

  // Only Vietnamese text exists for kết hôn: found in vi and flagged.
  auto hon = f.run("ket hon", "en");
  REQUIRE_FALSE(hon.hits.empty());
  CHECK(hon.hits[0].id == "dang-ky-ket-hon");
  CHECK(hon.hits[0].fell_back);
  CHECK(hon.hits[0].lang == "vi");

  // "Pa U": the vi-only rice has it in its title (strong), the tea has it in its English body
  // (weak); in an English UI the English hit still comes first.
  auto lc = f.run("pa u", "en");
  REQUIRE(lc.hits.size() >= 2);
  CHECK(lc.hits[0].id == "che-lai-chau");
  CHECK_FALSE(lc.hits[0].fell_back);
  CHECK(lc.hits[1].id == "gao-pa-u");
  CHECK(lc.hits[1].fell_back);
  auto lc_vi = f.run("pa u", "vi");                  // in Vietnamese the tea's English body is not searched
  REQUIRE(lc_vi.hits.size() == 1);
  CHECK(lc_vi.hits[0].id == "gao-pa-u");

  // Chinese: ideographs are indexed one by one, so a word inside a run is found.
  auto zh = f.run("口岸", "zh-Hans");
  REQUIRE(zh.hits.size() == 1);
  CHECK(zh.hits[0].id == "dang-ky-khai-sinh");
  CHECK(zh.hits[0].lang == "zh-Hans");
}

TEST_CASE("search: only items visible at the caller's clock are found") {
  Fixture f;
  CHECK(f.ids("tiem chung").empty());                // scheduled for next month
  CHECK(f.ids("tiem chung", "vi", kNow + 30 * kDay) == std::vector<std::string>{"tin-lich-sau"});
  CHECK(f.ids("ret dam").empty());                   // expired
  CHECK(f.ids("ret dam", "vi", kNow - 15 * kDay) == std::vector<std::string>{"tb-het-han"});
  SearchOptions o;
  o.now = kNow;
  o.kind = Kind::product;
  auto r = f.search->run("tam duong", o);
  REQUIRE(r.ok());
  REQUIRE(r->hits.size() == 1);
  CHECK(r->hits[0].kind == Kind::product);
}

TEST_CASE("search: highlight ranges point at the original · unfolded words") {
  Fixture f;
  auto r = f.run("hoa giai");
  REQUIRE(r.hits.size() == 1);
  const SearchHit& h = r.hits[0];
  std::vector<std::string> words;
  for (auto rg : h.title_ranges) words.push_back(h.title.substr(rg.begin, rg.end - rg.begin));
  CHECK(words == std::vector<std::string>{"hòa", "giải"});
  std::vector<std::string> sw;
  for (auto rg : h.summary_ranges) sw.push_back(h.summary.substr(rg.begin, rg.end - rg.begin));
  CHECK(sw == std::vector<std::string>{"Hòa", "giải"});

  auto p = f.run("dang ky khai s");                  // the prefix highlights the whole word
  REQUIRE_FALSE(p.hits.empty());
  std::vector<std::string> pw;
  for (auto rg : p.hits[0].title_ranges) pw.push_back(p.hits[0].title.substr(rg.begin, rg.end - rg.begin));
  CHECK(pw == std::vector<std::string>{"Đăng", "ký", "khai", "sinh"});
}

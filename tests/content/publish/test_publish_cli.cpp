// End-to-end checks of the tramtin-publish binary: dispatch, exit statuses 0/1/2, validate's
// path:line output, build-db's cache (read back through the cache API) and search's id<TAB>title.
#include <doctest/doctest.h>

#include <sstream>

#include "content/store/cache.h"
#include "tests/support/source_fixture.h"
#include "tests/support/test_support.h"

namespace fs = std::filesystem;
using namespace tramtin;
using tramtin::test::run;
using tramtin::test::TempDir;

namespace {

const std::string kPublish = TRAMTIN_PUBLISH_EXE;

std::string sh_quote(const std::string& s) {
  std::string out = "'";
  for (char c : s) out += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return out + "'";
}

std::string publish(const std::string& args) { return kPublish + " " + args; }

std::vector<std::string> lines(const std::string& s) {
  std::vector<std::string> out;
  std::istringstream in(s);
  for (std::string l; std::getline(in, l);) out.push_back(l);
  return out;
}

bool has_line(const std::string& text, const std::string& line) {
  auto ls = lines(text);
  return std::find(ls.begin(), ls.end(), line) != ls.end();
}

bool contains(const std::string& text, const std::string& needle) { return text.find(needle) != std::string::npos; }

}  // namespace

TEST_CASE("publish-cli: --help · --version · unknown commands and options") {
  auto h = run(publish("--help"));
  CHECK(h.status == 0);
  for (const char* c : {"validate", "build-db", "search", "keygen", "build", "upload"})
    CHECK(contains(h.out, std::string("  ") + c + " "));
  auto v = run(publish("--version"));
  CHECK(v.status == 0);
  CHECK(v.out.rfind("tramtin-publish ", 0) == 0);

  auto none = run(kPublish);
  CHECK(none.status == 2);
  CHECK(contains(none.err, "usage: tramtin-publish"));
  auto bad = run(publish("publsh content"));
  CHECK(bad.status == 2);
  CHECK(contains(bad.err, "unknown command 'publsh'"));
  CHECK(bad.out.empty());
  auto flag = run(publish("--frobnicate"));
  CHECK(flag.status == 2);
  CHECK(contains(flag.err, "unknown option --frobnicate"));

  for (const char* c : {"validate", "build-db", "search", "build", "keygen", "upload"}) {
    CAPTURE(c);
    auto ch = run(publish(std::string(c) + " --help"));
    CHECK(ch.status == 0);
    CHECK(contains(ch.out, std::string("usage: tramtin-publish ") + c));
  }
  auto vf = run(publish("validate --strict x"));
  CHECK(vf.status == 2);
  CHECK(contains(vf.err, "unknown option --strict"));
  CHECK(run(publish("validate")).status == 2);
  CHECK(run(publish("validate a b")).status == 2);
  CHECK(run(publish("build-db onlysrc")).status == 2);
  CHECK(run(publish("search --db x.db")).status == 2);
  CHECK(run(publish("search --db x.db --limit 0 khai")).status == 2);
  CHECK(run(publish("search --db x.db --lang zh_CN khai")).status == 2);
}

TEST_CASE("publish-cli: validate a good tree exits 0 with a summary") {
  TempDir dir;
  test::write_good_tree(dir.path());
  auto r = run(publish("validate " + sh_quote(dir.str())));
  INFO(r.out, r.err);
  CHECK(r.status == 0);
  CHECK(lines(r.out) == std::vector<std::string>{"6 items, 0 errors, 0 warnings"});
}

TEST_CASE("publish-cli: validate prints every problem as path:line and exits 1") {
  TempDir dir;
  test::write_good_tree(dir.path());
  const fs::path vi = dir.path() / test::kProcedureDir / "vi.md";
  std::string s = test::read_file(vi);
  s.replace(s.find("title = \"Đăng ký"), 5, "tittle");
  test::write_file(vi, s);
  const fs::path product = dir.path() / test::kProductDir / "item.toml";
  s = test::read_file(product);
  s.replace(s.find("stars = 4"), 9, "stars = 7");
  test::write_file(product, s);
  fs::remove(dir.path() / test::kPageDir / "vi.md");

  auto r = run(publish("validate " + sh_quote(dir.str())));
  INFO(r.out, r.err);
  CHECK(r.status == 1);
  CHECK(has_line(r.out, vi.string() + ":2: error: unknown key 'tittle' (did you mean 'title'?)"));
  CHECK(has_line(r.out, vi.string() + ":1: error: missing required key 'title'"));
  CHECK(has_line(r.out, product.string() + ":6: error: 'stars' in [product] is 7; it must be 3..5 (OCOP products have 3, 4 or 5 stars)"));
  CHECK(contains(r.out, (dir.path() / test::kPageDir / "item.toml").string() + ":1: error: missing vi.md"));
  CHECK(lines(r.out).back() == "6 items, 4 errors, 0 warnings");
}

TEST_CASE("publish-cli: warnings alone still pass validation") {
  TempDir dir;
  test::write_good_tree(dir.path());
  const fs::path vi = dir.path() / test::kNewsDir / "vi.md";
  test::write_file(vi, test::kNewsVi + "\n<div>thông báo</div>\n");
  auto r = run(publish("validate " + sh_quote(dir.str())));
  INFO(r.out, r.err);
  CHECK(r.status == 0);
  CHECK(has_line(r.out, vi.string() + ":10: warning: raw HTML is not shown on the kiosk; it was dropped"));
  CHECK(lines(r.out).back() == "6 items, 0 errors, 1 warning");
}

TEST_CASE("publish-cli: build-db refuses a tree with errors and writes nothing") {
  TempDir dir;
  test::write_good_tree(dir.path() / "src");
  test::write_file(dir.path() / "src" / test::kNoticeDir / "item.toml", "kind = \"notice\"\nexpire_at = \"soon\"\n");
  const fs::path db = dir.path() / "out.db";
  auto r = run(publish("build-db " + sh_quote(dir.str("src")) + " " + sh_quote(db.string())));
  INFO(r.out, r.err);
  CHECK(r.status == 1);
  CHECK(contains(r.err, (dir.path() / "src" / test::kNoticeDir / "item.toml").string() + ":2: error: 'expire_at'"));
  CHECK(contains(r.err, "was not written"));
  CHECK_FALSE(fs::exists(db));
}

TEST_CASE("publish-cli: build-db writes a cache that the kiosk API and search read back") {
  TempDir dir;
  test::write_good_tree(dir.path() / "src");
  const fs::path db = dir.path() / "kiosk.db";
  auto r = run(publish("build-db " + sh_quote(dir.str("src")) + " " + sh_quote(db.string())));
  INFO(r.out, r.err);
  REQUIRE(r.status == 0);
  CHECK(contains(r.out, "6 items (news 1, notice 1, page 1, procedure 1, product 1, strings 1)"));
  CHECK(has_line(r.out, "languages: vi 6, en 1"));
  CHECK(has_line(r.out, "media: 1 file, 69 B"));
  CHECK(contains(r.out, "time: "));

  {
    auto cache = Cache::open(db.string(), Cache::Mode::reader);
    REQUIRE_MESSAGE(cache.ok(), cache.error());
    const UnixTime during_notice = 1789000000;  // 2026-09-10..13: the flood warning is live
    auto item = (*cache)->get_item("che-shan-tuyet", "en", during_notice);
    REQUIRE_MESSAGE(item.ok(), item.error());
    REQUIRE(item->has_value());
    CHECK((*item)->fell_back);
    CHECK((*item)->text().title == "Chè Shan tuyết Tam Đường");
    REQUIRE((*item)->item.media.size() == 1);
    auto media = (*cache)->get_media(test::kTinyPngSha256);
    REQUIRE_MESSAGE(media.ok(), media.error());
    REQUIRE(media->has_value());
    CHECK((*media)->bytes == test::kTinyPng);
    auto notices = (*cache)->active_notices("vi", during_notice);
    REQUIRE_MESSAGE(notices.ok(), notices.error());
    REQUIRE(notices->size() == 1);
    CHECK((*notices)[0].urgent);
    auto meta = (*cache)->content_meta();
    REQUIRE(meta.ok());
    CHECK(meta->version == 1);
    CHECK(meta->channel == "dev");
  }

  auto s = run(publish("search --db " + sh_quote(db.string()) + " dang ky khai sinh"));
  INFO(s.out, s.err);
  CHECK(s.status == 0);
  REQUIRE_FALSE(lines(s.out).empty());
  CHECK(lines(s.out)[0] == "dang-ky-khai-sinh\tĐăng ký khai sinh");

  auto en = run(publish("search --db " + sh_quote(db.string()) + " --lang en --limit 5 birth"));
  CHECK(en.status == 0);
  CHECK(lines(en.out) == std::vector<std::string>{"dang-ky-khai-sinh\tBirth registration"});

  auto code = run(publish("search --db " + sh_quote(db.string()) + " 1.001193"));
  CHECK(code.status == 0);
  REQUIRE_FALSE(lines(code.out).empty());
  CHECK(lines(code.out)[0].rfind("dang-ky-khai-sinh\t", 0) == 0);

  auto syntax = run(publish("search --db " + sh_quote(db.string()) + " -- 'AND (' '\"khai*'"));
  CHECK(syntax.status == 0);
  CHECK(syntax.err.empty());

  auto missing = run(publish("search --db " + sh_quote(dir.str("nope.db")) + " khai"));
  CHECK(missing.status == 1);
  CHECK(contains(missing.err, "cannot open"));
}

TEST_CASE("publish-cli: urgent signs the live urgent notices · usage errors exit 2 · a bad key exits 1") {
  TempDir dir;
  tramtin::test::write_file(dir.path() / "src" / "tb-lu" / "item.toml", "kind = \"notice\"\nurgent = true\n");
  tramtin::test::write_file(dir.path() / "src" / "tb-lu" / "vi.md",
                            "+++\ntitle = \"Cảnh báo lũ\"\nsummary = \"Tránh xa bờ suối.\"\n+++\n\nGọi 113.\n");
  tramtin::test::write_file(dir.path() / "src" / "tb-cu" / "item.toml",
                            "kind = \"notice\"\nurgent = true\nexpire_at = 2020-01-01T00:00:00+07:00\n");
  tramtin::test::write_file(dir.path() / "src" / "tb-cu" / "vi.md", "+++\ntitle = \"Cũ\"\nsummary = \"Đã hết hạn.\"\n+++\n");
  REQUIRE(run(publish("keygen " + dir.str("k"))).status == 0);

  auto help = run(publish("urgent --help"));
  CHECK(help.status == 0);
  CHECK(contains(help.err, "--expires-hours"));
  CHECK(run(publish("urgent " + dir.str("src") + " " + dir.str("out") + " --key " + dir.str("k.key"))).status == 2);
  CHECK(run(publish("urgent " + dir.str("src") + " " + dir.str("out") + " --key " + dir.str("k.key") +
                    " --channel c --expires-hours 0")).status == 2);
  auto nokey = run(publish("urgent " + dir.str("src") + " " + dir.str("out") + " --key " + dir.str("none.key") +
                           " --channel c"));
  CHECK(nokey.status == 1);
  CHECK_FALSE(fs::exists(dir.path() / "out" / "urgent.json"));

  auto ok = run(publish("urgent " + dir.str("src") + " " + dir.str("out") + " --key " + dir.str("k.key") +
                        " --channel lai-chau-commune --expires-hours 6"));
  CHECK_MESSAGE(ok.status == 0, ok.err);
  CHECK(contains(ok.out, "1 urgent notice(s)"));
  CHECK(contains(ok.out, "tb-lu: Cảnh báo lũ"));
  CHECK_FALSE(contains(ok.out, "tb-cu"));  // expired: not sent
  const std::string doc = tramtin::test::read_file(dir.path() / "out" / "urgent.json");
  CHECK(contains(doc, "\"kind\":\"urgent\""));
  CHECK(fs::exists(dir.path() / "out" / "urgent.sig"));
}

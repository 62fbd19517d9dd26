// The publish-time glyph check, through the real tramtin-publish binary: a character the kiosk's
// fonts (fonts/fonts.toml) cannot draw is an error naming file, line, language and code point; a
// language tag no kiosk knows is a warning; a missing manifest or font is a warning, never a crash;
// and the bundled sample pack has no character the fonts lack. Layer: tests.
#include <doctest/doctest.h>

#include <algorithm>
#include <sstream>

#include "content/authoring/glyphs.h"
#include "content/authoring/reader.h"
#include "tests/support/source_fixture.h"
#include "tests/support/test_support.h"

namespace fs = std::filesystem;
using namespace tramtin;
using tramtin::test::run;
using tramtin::test::TempDir;

namespace {

const std::string kPublish = TRAMTIN_PUBLISH_EXE;
const std::string kManifest = std::string(TRAMTIN_SOURCE_DIR) + "/fonts/fonts.toml";
const std::string kFontNames = "Noto Sans, Noto Sans Tai Viet, Noto Sans CJK SC";

std::string sh_quote(const std::string& s) {
  std::string out = "'";
  for (char c : s) out += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return out + "'";
}

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

// The font files of the manifest are installed (installer/dev.sh installs fonts-noto-core and
// fonts-noto-cjk); without them the glyphs cannot be checked and the test says so.
bool fonts_installed() {
  auto m = read_font_manifest(kManifest);
  if (!m) {
    MESSAGE("skipped: the font manifest cannot be read: " << m.error());
    return false;
  }
  for (const auto& f : m->fonts)
    if (!fs::exists(f.file)) {
      MESSAGE("skipped: " << f.file << " (" << f.name << ") is not installed; install fonts-noto-core and fonts-noto-cjk");
      return false;
    }
  return true;
}

std::string no_glyph(const fs::path& file, int line, const std::string& what, const std::string& lang) {
  return file.string() + ":" + std::to_string(line) + ": error: " + what + " (language " + lang +
         ") has no glyph in the kiosk's fonts (" + kManifest + ": " + kFontNames + ")";
}

}  // namespace

TEST_CASE("publish-glyphs: validate names file, line, language and code point of U+20000, an emoji and ꙮ") {
  if (!fonts_installed()) return;
  TempDir dir;
  test::write_good_tree(dir.path());
  const fs::path hmn = dir.path() / test::kProcedureDir / "hmn.md";
  test::write_file(hmn,
                   "+++\n"
                   "title = \"Sau npe yug \xF0\xA0\x80\x80\"\n"           // 2: U+20000, CJK extension B
                   "summary = \"Menyuam \xF0\x9F\x98\x80 yug tshiab\"\n"  // 3: U+1F600, an emoji
                   "# a comment with \xF0\x9F\x90\xB1 is not shown\n"     // 4: U+1F431 in a comment: never drawn
                   "+++\n"
                   "\n"
                   "Ntawv \xEA\x99\xAE thiab \xF0\xA0\x80\x80.\n");        // 7: U+A66E, and U+20000 again
  const fs::path zh = dir.path() / test::kProcedureDir / "zh-Hans.md";
  test::write_file(zh, "+++\ntitle = \"出生登记 ꪼꪕ Đăng ký\"\n+++\n");      // every font of the chain: fine

  auto r = run(kPublish + " validate " + sh_quote(dir.str()) + " --fonts " + sh_quote(kManifest));
  INFO(r.out, r.err);
  CHECK(r.status == 1);
  CHECK(has_line(r.out, no_glyph(hmn, 2, "U+20000 '\xF0\xA0\x80\x80'", "hmn")));
  CHECK(has_line(r.out, no_glyph(hmn, 3, "U+1F600 '\xF0\x9F\x98\x80'", "hmn")));
  CHECK(has_line(r.out, no_glyph(hmn, 7, "U+A66E '\xEA\x99\xAE'", "hmn")));
  CHECK(has_line(r.out, no_glyph(hmn, 7, "U+20000 '\xF0\xA0\x80\x80'", "hmn")));
  CHECK_FALSE(contains(r.out, "U+1F431"));
  CHECK_FALSE(contains(r.out, zh.string()));
  CHECK(lines(r.out).back() == "6 items, 4 errors, 0 warnings");
  CHECK(r.err.empty());

  // build and build-db validate first: nothing is written.
  const fs::path db = dir.path() / "out.db";
  auto b = run(kPublish + " build-db " + sh_quote(dir.str()) + " " + sh_quote(db.string()) + " --fonts " + sh_quote(kManifest));
  CHECK(b.status == 1);
  CHECK(contains(b.err, no_glyph(hmn, 3, "U+1F600 '\xF0\x9F\x98\x80'", "hmn")));
  CHECK_FALSE(fs::exists(db));
  auto key = run(kPublish + " keygen " + sh_quote(dir.str("k")));
  REQUIRE(key.status == 0);
  auto bundle = run(kPublish + " build " + sh_quote(dir.str()) + " " + sh_quote(dir.str("bundle")) +
                    " --channel dev --key " + sh_quote(dir.str("k.key")) + " --fonts " + sh_quote(kManifest));
  CHECK(bundle.status == 1);
  CHECK(contains(bundle.err, no_glyph(hmn, 7, "U+A66E '\xEA\x99\xAE'", "hmn")));
  CHECK_FALSE(fs::exists(dir.path() / "bundle" / "manifest.json"));
}

TEST_CASE("publish-glyphs: the language-neutral fields of item.toml are checked for every language") {
  if (!fonts_installed()) return;
  TempDir dir;
  test::write_good_tree(dir.path());
  const fs::path toml = dir.path() / test::kProductDir / "item.toml";
  std::string s = test::read_file(toml);
  const std::size_t at = s.find("[product]\n");
  REQUIRE(at != std::string::npos);
  s.insert(at + 10, "producer_phone = \"0912 \xE2\x98\x8E\xEF\xB8\x8F\"\n");  // ☎ is in the CJK font; U+FE0F is not
  test::write_file(toml, s);
  auto r = run(kPublish + " validate " + sh_quote(dir.str()) + " --fonts " + sh_quote(kManifest));
  INFO(r.out, r.err);
  CHECK(r.status == 1);
  bool found = false;
  for (const auto& l : lines(r.out))
    found |= l.rfind(toml.string() + ":", 0) == 0 &&
             contains(l, ": error: U+FE0F (shown in every language) has no glyph in the kiosk's fonts");
  CHECK(found);
  CHECK_FALSE(contains(r.out, "U+260E"));
}

TEST_CASE("publish-glyphs: a language file no kiosk knows is a warning naming the known tags") {
  TempDir dir;
  test::write_good_tree(dir.path());
  const fs::path tdd = dir.path() / test::kProcedureDir / "tdd.md";
  test::write_file(tdd, "+++\ntitle = \"ꪼꪕ\"\n+++\n");
  auto r = run(kPublish + " validate " + sh_quote(dir.str()) + " --fonts " + sh_quote(kManifest));
  INFO(r.out, r.err);
  CHECK(r.status == 0);
  CHECK(has_line(r.out, tdd.string() +
                            ": warning: no kiosk knows the language 'tdd' (known: vi, en, zh-Hans, hmn, blt, ium): "
                            "this text is published but never shown; Thái (Tai Dam) is blt.md"));
  CHECK(lines(r.out).back() == "6 items, 0 errors, 1 warning");
}

TEST_CASE("publish-glyphs: a missing manifest or font file is a warning that glyphs were not checked") {
  TempDir dir;
  test::write_good_tree(dir.path() / "src");
  test::write_file(dir.path() / "src" / test::kProcedureDir / "hmn.md", "+++\ntitle = \"Sau npe \xF0\x9F\x98\x80\"\n+++\n");

  auto none = run(kPublish + " validate " + sh_quote(dir.str("src")) + " --fonts " + sh_quote(dir.str("nowhere.toml")));
  INFO(none.out, none.err);
  CHECK(none.status == 0);
  CHECK(has_line(none.err, "tramtin-publish validate: warning: glyphs were not checked: the font manifest " +
                               dir.str("nowhere.toml") + " does not exist"));
  CHECK(lines(none.out).back() == "6 items, 0 errors, 0 warnings");

  test::write_file(dir.path() / "fonts.toml",
                   "[[font]]\nname = \"Gone Sans\"\nfile = \"" + dir.str("gone.ttf") +
                       "\"\nranges = [\"0020-007E\", \"00A0-024F\", \"1E00-1EFF\"]\n");
  auto gone = run(kPublish + " validate " + sh_quote(dir.str("src")) + " --fonts " + sh_quote(dir.str("fonts.toml")));
  INFO(gone.out, gone.err);
  CHECK(contains(gone.err, "tramtin-publish validate: warning: glyphs of Gone Sans were not checked: " + dir.str("gone.ttf")));
  // Trusted on its ranges: what no range lists (the emoji) is still reported.
  CHECK(contains(gone.out, "U+1F600"));

  test::write_file(dir.path() / "bad.toml", "[[font]]\nname = \"X\"\nfile = \"x.ttf\"\nranges = [\"zz-0020\"]\n");
  auto bad = run(kPublish + " validate " + sh_quote(dir.str("src")) + " --fonts " + sh_quote(dir.str("bad.toml")));
  CHECK(contains(bad.err, "glyphs were not checked: " + dir.str("bad.toml") + ":4: ranges: \"zz-0020\" is not a range"));
}

TEST_CASE("publish-glyphs: the sample pack has 0 characters the fonts lack") {
  if (!fonts_installed()) return;
  const std::string sample = std::string(TRAMTIN_SOURCE_DIR) + "/content/sample";
  GlyphChecker glyphs(kManifest);
  ReadOptions opt;
  opt.glyphs = &glyphs;
  SourceTree tree = read_source_tree(sample, opt);
  int missing = 0;
  std::string listed;
  for (const auto& d : tree.diagnostics)
    if (contains(d.message, "has no glyph")) {
      ++missing;
      listed += format_diagnostic(d) + "\n";
    }
  MESSAGE("sample pack: " << tree.item_folders << " items, " << missing << " characters without a glyph");
  CHECK_MESSAGE(missing == 0, listed);
  CHECK(glyphs.problems().empty());

  auto r = run(kPublish + " validate " + sh_quote(sample) + " --fonts " + sh_quote(kManifest));
  INFO(r.err);
  CHECK(r.status == 0);
  REQUIRE_FALSE(lines(r.out).empty());
  CHECK(contains(lines(r.out).back(), " items, 0 errors, "));
}

// The static website export (content/authoring/html_site.h, `tramtin-publish export-html`): a page
// per item and language, media copied, every relative link resolving to a written file, every
// string from the tree escaped, only safe link schemes, live items only.
#include <doctest/doctest.h>

#include <filesystem>
#include <regex>
#include <set>

#include "content/authoring/html_site.h"
#include "content/authoring/reader.h"
#include "tests/support/source_fixture.h"
#include "tests/support/test_support.h"

namespace fs = std::filesystem;
using namespace tramtin;
using tramtin::test::TempDir;

namespace {

bool contains(const std::string& s, const std::string& n) { return s.find(n) != std::string::npos; }

// 2026-09-11 10:00 in Vietnam: the good tree's urgent notice is live then.
const UnixTime kSept11 = unix_time_from_civil(2026, 9, 11, 10, 0, 0, kVietnamUtcOffsetMinutes);

std::vector<fs::path> html_files(const fs::path& root) {
  std::vector<fs::path> v;
  for (const auto& e : fs::recursive_directory_iterator(root))
    if (e.path().extension() == ".html") v.push_back(e.path());
  std::sort(v.begin(), v.end());
  return v;
}

// Every href/src of every page: external ones must be http(s), mailto or tel; the others must
// name a written file (and a #fragment an id on that page). Returns the broken ones.
std::vector<std::string> broken_links(const fs::path& root, int* checked) {
  std::vector<std::string> broken;
  const std::regex attr("(?:href|src)=\"([^\"]*)\"");
  for (const auto& page : html_files(root)) {
    const std::string html = test::read_file(page);
    for (std::sregex_iterator it(html.begin(), html.end(), attr), end; it != end; ++it) {
      std::string url = (*it)[1].str();
      ++*checked;
      if (url.rfind("https://", 0) == 0 || url.rfind("http://", 0) == 0 || url.rfind("mailto:", 0) == 0 ||
          url.rfind("tel:", 0) == 0)
        continue;
      if (contains(url, ":")) {
        broken.push_back(page.string() + ": unsafe scheme " + url);
        continue;
      }
      std::string frag;
      if (auto h = url.find('#'); h != std::string::npos) {
        frag = url.substr(h + 1);
        url = url.substr(0, h);
      }
      if (auto q = url.find('?'); q != std::string::npos) url = url.substr(0, q);
      const fs::path target = url.empty() ? page : page.parent_path() / url;
      if (!fs::is_regular_file(target)) {
        broken.push_back(page.string() + ": " + (*it)[1].str());
        continue;
      }
      if (!frag.empty() && !contains(test::read_file(target), "id=\"" + frag + "\""))
        broken.push_back(page.string() + ": no id " + frag + " in " + target.string());
    }
  }
  return broken;
}

}  // namespace

TEST_CASE("html-site: a page per item and language, media copied, every link resolves") {
  TempDir src, out;
  test::write_good_tree(src.path());
  SourceTree tree = read_source_tree(src.path());
  REQUIRE(tree.ok());
  HtmlExportOptions opt;
  opt.now = kSept11;
  const HtmlExportReport rep = export_html_site(tree, out.path(), opt);
  REQUIRE_MESSAGE(rep.status.ok(), rep.status.message);
  REQUIRE(rep.languages == std::vector<std::string>{"vi", "en"});
  CHECK(rep.items == 4);  // procedure, notice, product, page (strings only label the pages; the news is not out yet)
  CHECK(rep.media == 1);
  // root + per language: home, 5 lists, search, 4 items
  CHECK(rep.pages == 1 + 2 * (1 + 5 + 1 + 4));
  CHECK(static_cast<int>(html_files(out.path()).size()) == rep.pages);

  for (const char* lang : {"vi", "en"})
    for (const char* f : {"index.html", "procedures.html", "news.html", "notices.html", "products.html", "pages.html",
                          "search.html", "search-index.js", "dang-ky-khai-sinh.html", "canh-bao-lu-quet.html", "che-shan-tuyet.html", "huong-dan.html"})
      CHECK_MESSAGE(fs::is_regular_file(out.path() / lang / f), lang << "/" << f);
  CHECK(test::read_file(out.path() / "media" / (test::kTinyPngSha256 + ".png")) == test::kTinyPng);
  CHECK(fs::is_regular_file(out.path() / "style.css"));

  const std::string vi_proc = test::read_file(out.path() / "vi" / "dang-ky-khai-sinh.html");
  CHECK(contains(vi_proc, "<h1>Đăng ký khai sinh</h1>"));
  CHECK(contains(vi_proc, "Tờ khai đăng ký khai sinh — 01 bản chính"));
  CHECK(contains(vi_proc, "Miễn lệ phí khi đăng ký đúng hạn"));
  CHECK(contains(vi_proc, "<strong>đăng ký khai sinh</strong>"));
  CHECK(contains(vi_proc, "href=\"https://dichvucong.gov.vn/p/home/dvc-chi-tiet-thu-tuc-hanh-chinh.html?ma_thu_tuc=1.001193\""));
  CHECK(contains(vi_proc, "60/2014/QH13 — Luật Hộ tịch"));
  CHECK(contains(vi_proc, "<html lang=\"vi\">"));
  const std::string en_proc = test::read_file(out.path() / "en" / "dang-ky-khai-sinh.html");
  CHECK(contains(en_proc, "<h1>Birth registration</h1>"));
  CHECK(contains(en_proc, "<html lang=\"en\">"));
  // A text with no English: the Vietnamese, marked as such.
  const std::string en_notice = test::read_file(out.path() / "en" / "canh-bao-lu-quet.html");
  CHECK(contains(en_notice, "class=\"fallback\""));
  CHECK(contains(en_notice, "<article lang=\"vi\">"));
  CHECK(contains(en_notice, "<h1>Cảnh báo lũ quét tại xã Mường Tè</h1>"));
  CHECK(contains(en_notice, "<blockquote><p>Không qua ngầm, tràn khi nước chảy xiết.</p></blockquote>"));
  CHECK_FALSE(fs::exists(out.path() / "vi" / "to-cong-nghe-so.html"));  // published on 2 November
  const std::string product = test::read_file(out.path() / "vi" / "che-shan-tuyet.html");
  CHECK(contains(product, "<img src=\"../media/" + test::kTinyPngSha256 + ".png\" alt=\"Hộp chè 200 g\""));
  CHECK(contains(product, "150.000 đ / hộp 200 g"));
  const std::string home = test::read_file(out.path() / "vi" / "index.html");
  CHECK(contains(home, "class=\"urgent\""));  // the live urgent notice heads the home page
  CHECK(contains(test::read_file(out.path() / "vi" / "procedures.html"), "id=\"field-ho-tich\""));
  CHECK(contains(test::read_file(out.path() / "vi" / "search-index.js"), "\"u\":\"dang-ky-khai-sinh.html\""));
  // The pages need no script: only the search page loads one.
  for (const auto& p : html_files(out.path()))
    CHECK_MESSAGE(contains(test::read_file(p), "<script") == (p.filename() == "search.html"), p);

  int checked = 0;
  const auto broken = broken_links(out.path(), &checked);
  CHECK(checked > 100);
  for (const auto& b : broken) FAIL_CHECK(b);

  // On 3 November the notice has expired (not exported, no page links to it) and the news is out.
  TempDir later;
  opt.now = unix_time_from_civil(2026, 11, 3, 0, 0, 0, kVietnamUtcOffsetMinutes);
  const auto rep2 = export_html_site(tree, later.path(), opt);
  REQUIRE(rep2.status.ok());
  CHECK(rep2.items == 4);
  CHECK_FALSE(fs::exists(later.path() / "vi" / "canh-bao-lu-quet.html"));
  CHECK_FALSE(contains(test::read_file(later.path() / "vi" / "index.html"), "class=\"urgent\""));
  CHECK(broken_links(later.path(), &checked).empty());
  const std::string en_news = test::read_file(later.path() / "en" / "to-cong-nghe-so.html");
  CHECK(contains(en_news, "class=\"fallback\""));
  CHECK(contains(en_news, "Tổ công nghệ số cộng đồng về bản Sì Thâu Chải"));
  CHECK(contains(en_news, "<h2>Hướng dẫn tại nhà văn hóa</h2>"));
  CHECK(contains(en_news, "<li>Mang theo <strong>căn cước</strong></li>"));
  CHECK(contains(en_news, "<p class=\"meta\">02/11/2026</p>"));
}

TEST_CASE("html-site: every string from the tree is escaped and only safe links are kept") {
  const std::string evil = "<script>alert(\"x\")</script> & 'q' <img src=x onerror=alert(1)>";
  SourceTree tree;
  Item it;
  it.id = "news";  // the name of a fixed page: the item gets a file of its own
  it.kind = Kind::news;
  ItemText t;
  t.lang = "vi";
  t.title = evil;
  t.summary = evil;
  Block b;
  b.spans.push_back(Span{evil, true, false, ""});
  b.spans.push_back(Span{"bấm vào", false, false, "javascript:alert(1)"});
  b.spans.push_back(Span{"cổng", false, false, "https://example.vn/?a=1&b=\"2\""});
  t.body.push_back(b);
  it.texts.push_back(t);
  ItemText zh = t;
  zh.lang = "zh-Hans";
  it.texts.push_back(zh);
  it.media.push_back(MediaRef{"00", 1, "image/png", "photo", "", evil});  // not in the tree: no image
  tree.items.push_back(it);
  Item p;
  p.id = "thu-tuc";
  p.kind = Kind::procedure;
  p.procedure.code = "<b>1.0</b>";
  p.procedure.field = "\"><script>x</script>";
  p.procedure.online_url = "javascript:alert(2)";
  ItemText pt;
  pt.lang = "vi";
  pt.title = "Thủ tục";
  pt.procedure.field_name = evil;
  pt.procedure.steps = {evil};
  pt.procedure.cases = {DocumentCase{evil, {Document{evil, evil, "data:text/html,<script>x</script>"}}}};
  pt.procedure.channels = {Channel{ChannelKind::in_person, evil, evil, evil}};
  p.texts.push_back(pt);
  tree.items.push_back(p);

  TempDir out;
  const auto rep = export_html_site(tree, out.path());
  REQUIRE_MESSAGE(rep.status.ok(), rep.status.message);
  CHECK(rep.languages == std::vector<std::string>{"vi", "zh-Hans"});
  CHECK(fs::is_regular_file(out.path() / "vi" / "news_.html"));
  CHECK(fs::is_regular_file(out.path() / "vi" / "news.html"));
  int checked = 0;
  for (const auto& b2 : broken_links(out.path(), &checked)) FAIL_CHECK(b2);
  for (const auto& f : html_files(out.path())) {
    const std::string html = test::read_file(f);
    CAPTURE(f);
    CHECK_FALSE(contains(html, "<script>"));
    CHECK_FALSE(contains(html, "<img src=x"));
    CHECK_FALSE(contains(html, "javascript:"));
    CHECK_FALSE(contains(html, "data:text"));
    CHECK_FALSE(contains(html, "<b>1.0"));
  }
  const std::string page = test::read_file(out.path() / "vi" / "news_.html");
  CHECK(contains(page, "<h1>&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &#39;q&#39; &lt;img src=x "
                       "onerror=alert(1)&gt;</h1>"));
  CHECK(contains(page, "bấm vào"));  // the unsafe link's text stays, as text
  CHECK(contains(page, "<a href=\"https://example.vn/?a=1&amp;b=&quot;2&quot;\">cổng</a>"));
  const std::string index = test::read_file(out.path() / "vi" / "search-index.js");
  CHECK_FALSE(contains(index, "<"));
  CHECK(contains(index, "\\u003cscript>"));
}

TEST_CASE("html-site: a tree with errors is refused and nothing is written") {
  SourceTree tree;
  tree.diagnostics.push_back(Diagnostic{"x/vi.md", 1, Severity::error, "bad"});
  TempDir out;
  const auto rep = export_html_site(tree, out.path() / "site");
  CHECK_FALSE(rep.status.ok());
  CHECK_FALSE(fs::exists(out.path() / "site"));
}

TEST_CASE("publish-cli: export-html writes the sample pack in every language, refuses a tree with errors") {
  TempDir out;
  const std::string exe = TRAMTIN_PUBLISH_EXE;
  const std::string sample = std::string(TRAMTIN_SOURCE_DIR) + "/content/sample";
  auto r = test::run(exe + " export-html '" + sample + "' '" + out.str("site") + "'");
  REQUIRE_MESSAGE(r.status == 0, r.err);
  CHECK(contains(r.out, "wrote "));
  CHECK(contains(r.out, "languages (vi, en, zh-Hans, hmn, blt"));
  CHECK(fs::is_regular_file(out.path() / "site" / "vi" / "dang-ky-khai-sinh.html"));
  CHECK(fs::is_regular_file(out.path() / "site" / "blt" / "dang-ky-khai-sinh.html"));
  CHECK(contains(test::read_file(out.path() / "site" / "vi" / "search-index.js"), "Đăng ký khai sinh"));
  int checked = 0;
  for (const auto& b : broken_links(out.path() / "site", &checked)) FAIL_CHECK(b);
  CHECK(checked > 1000);

  CHECK(test::run(exe + " export-html").status == 2);
  CHECK(test::run(exe + " export-html a b c").status == 2);
  TempDir bad;
  test::write_good_tree(bad.path());
  test::write_file(bad.path() / test::kPageDir / "vi.md", "+++\ntitle = \n+++\n");
  auto e = test::run(exe + " export-html '" + bad.str() + "' '" + out.str("bad-site") + "'");
  CHECK(e.status == 1);
  CHECK(contains(e.err, "nothing was written"));
  CHECK_FALSE(fs::exists(out.path() / "bad-site"));
}

// The review sheet of `tramtin-publish shots`: marks and escaping (content/authoring/review_sheet.h).
#include <doctest/doctest.h>

#include "content/authoring/review_sheet.h"

using namespace tramtin;

TEST_CASE("review sheet: languages side by side · fallbacks, missing glyphs and findings marked · all escaped") {
  auto shots = parse_review_shots(R"({"shots":[
    {"id":"a","kind":"news","lang":"vi","size":"1920x1080","file":"a.vi.1920x1080.png","title":"Tin <b>mới</b>","shown":true,"fell_back":false,"fell_back_fields":[]},
    {"id":"a","kind":"news","lang":"blt","size":"1920x1080","file":"a.blt.1920x1080.png","title":"Tin","shown":true,"fell_back":true,"fell_back_fields":["title","body"]},
    {"id":"a","kind":"news","lang":"hmn","size":"1920x1080","file":"a.hmn.1920x1080.png","title":"Xov xwm","shown":true,"fell_back":false,"fell_back_fields":["summary"]}]})");
  REQUIRE(shots);
  REQUIRE(shots->size() == 3);
  ReviewInput in;
  in.source = "src/<x>";
  in.languages = {"vi", "hmn", "blt"};
  in.sizes = {"1920x1080"};
  in.shots = *shots;
  in.diagnostics.push_back({"src/news/a/hmn.md", 3, Severity::error, "U+1234 (language hmn) has no glyph in the kiosk's fonts"});
  in.diagnostics.push_back({"src/news/a/item.toml", 2, Severity::warning, "unknown key \"<script>\""});
  in.diagnostics.push_back({"src", 0, Severity::warning, "something about the tree"});
  const std::string html = review_sheet_html(in);
  CHECK(html.find("Tin &lt;b&gt;mới&lt;/b&gt;") != std::string::npos);
  CHECK(html.find("<b>mới</b>") == std::string::npos);
  CHECK(html.find("&lt;script&gt;") != std::string::npos);
  CHECK(html.find("<script") == std::string::npos);
  CHECK(html.find("src/&lt;x&gt;") != std::string::npos);
  // Columns in the order asked: vi, hmn, blt.
  const auto vi = html.find("a.vi.1920x1080.png"), hmn = html.find("a.hmn.1920x1080.png"), blt = html.find("a.blt.1920x1080.png");
  CHECK(vi < hmn);
  CHECK(hmn < blt);
  CHECK(html.find("all in Vietnamese") != std::string::npos);        // blt
  CHECK(html.find("in Vietnamese: summary") != std::string::npos);   // hmn
  CHECK(html.find("figure class=\" glyph fallback\"") != std::string::npos);  // hmn: both marks
  CHECK(html.find("The tree as a whole") != std::string::npos);
  CHECK(review_item_of(in.diagnostics[0], {"a"}) == "a");
  CHECK(review_lang_of(in.diagnostics[0]) == "hmn");
  CHECK(review_item_of(in.diagnostics[2], {"a"}).empty());
}

TEST_CASE("review sheet: a shots file that is not one is refused · file names stay in the folder") {
  CHECK_FALSE(parse_review_shots("[]"));
  CHECK_FALSE(parse_review_shots("not json"));
  CHECK_FALSE(parse_review_shots(R"({"shots":[{"id":"a","lang":"vi","file":"../../etc/passwd"}]})"));
  CHECK_FALSE(parse_review_shots(R"({"shots":[{"id":"a","lang":"vi","file":"x/y.png"}]})"));
  CHECK(parse_review_shots(R"({"shots":[]})"));
}

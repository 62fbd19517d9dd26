// Tests for content/markdown: Markdown -> the Body block model the kiosk draws.
#include <doctest/doctest.h>

#include "content/authoring/markdown.h"
#include "content/base/text.h"

using tramtin::Block;
using tramtin::Body;
using tramtin::Span;

namespace {

Span plain(std::string t) { return Span{std::move(t), false, false, ""}; }

Block para(std::vector<Span> spans) {
  Block b;
  b.type = Block::Type::paragraph;
  b.spans = std::move(spans);
  return b;
}

}  // namespace

TEST_CASE("markdown: headings and paragraphs") {
  Body body = tramtin::markdown_to_body(
      "# Đăng ký khai sinh\n\nCha hoặc mẹ nộp tờ khai\ntại Ủy ban nhân dân xã.\n\n### Lệ phí\n\nMiễn lệ phí.\n");
  REQUIRE(body.size() == 4);
  CHECK(body[0].type == Block::Type::heading);
  CHECK(body[0].level == 1);
  CHECK(body[0].spans == std::vector<Span>{plain("Đăng ký khai sinh")});
  // A soft break is a space.
  CHECK(body[1] == para({plain("Cha hoặc mẹ nộp tờ khai tại Ủy ban nhân dân xã.")}));
  CHECK(body[2].type == Block::Type::heading);
  CHECK(body[2].level == 3);
  CHECK(body[3] == para({plain("Miễn lệ phí.")}));
}

TEST_CASE("markdown: strong · emphasis and links keep their href") {
  Body body = tramtin::markdown_to_body(
      "Nộp **tờ khai** và *bản sao* tại [Cổng Dịch vụ công](https://dichvucong.gov.vn/p/home) nhé.");
  REQUIRE(body.size() == 1);
  std::vector<Span> want = {
      plain("Nộp "),
      Span{"tờ khai", true, false, ""},
      plain(" và "),
      Span{"bản sao", false, true, ""},
      plain(" tại "),
      Span{"Cổng Dịch vụ công", false, false, "https://dichvucong.gov.vn/p/home"},
      plain(" nhé."),
  };
  CHECK(body[0].spans == want);
}

TEST_CASE("markdown: strong emphasis inside a link") {
  auto r = tramtin::parse_markdown("Xem [**bản đồ** xã](https://example.vn/ban-do).");
  REQUIRE(r.body.size() == 1);
  const auto& s = r.body[0].spans;
  REQUIRE(s.size() == 4);
  CHECK(s[1] == Span{"bản đồ", true, false, "https://example.vn/ban-do"});
  CHECK(s[2] == Span{" xã", false, false, "https://example.vn/ban-do"});
  REQUIRE(r.links.size() == 1);
  CHECK(r.links[0].href == "https://example.vn/ban-do");
  CHECK(r.links[0].line == 1);
}

TEST_CASE("markdown: bullet and numbered lists with nesting depth and numbers") {
  Body body = tramtin::markdown_to_body(
      "Các bước:\n\n"
      "3. Nộp hồ sơ\n"
      "4. Nhận kết quả\n"
      "   - bản chính\n"
      "   - bản sao\n"
      "     1. nếu cần\n"
      "5. Xong\n");
  REQUIRE(body.size() == 7);
  CHECK(body[0].type == Block::Type::paragraph);
  CHECK(body[1].type == Block::Type::numbered_item);
  CHECK(body[1].number == 3);
  CHECK(body[1].level == 0);
  CHECK(body[1].spans == std::vector<Span>{plain("Nộp hồ sơ")});
  CHECK(body[2].number == 4);
  CHECK(body[3].type == Block::Type::bullet_item);
  CHECK(body[3].level == 1);
  CHECK(body[3].spans == std::vector<Span>{plain("bản chính")});
  CHECK(body[4].level == 1);
  CHECK(body[5].type == Block::Type::numbered_item);
  CHECK(body[5].level == 2);
  CHECK(body[5].number == 1);
  CHECK(body[6].number == 5);
  CHECK(body[6].level == 0);
}

TEST_CASE("markdown: a loose list item keeps its later paragraph under the same bullet") {
  Body body = tramtin::markdown_to_body("- Mang giấy tờ.\n\n  Bản chính để đối chiếu.\n\n- Chờ kết quả.\n");
  REQUIRE(body.size() == 2);
  CHECK(body[0].type == Block::Type::bullet_item);
  CHECK(body[0].spans == std::vector<Span>{plain("Mang giấy tờ.\nBản chính để đối chiếu.")});
  CHECK(body[1].spans == std::vector<Span>{plain("Chờ kết quả.")});
}

TEST_CASE("markdown: block quotes become quote blocks") {
  Body body = tramtin::markdown_to_body("> Cảnh báo lũ quét\n> ở bản Mé Gióng.\n>\n> Không qua suối.\n\nHết.");
  REQUIRE(body.size() == 3);
  CHECK(body[0].type == Block::Type::quote);
  CHECK(body[0].spans == std::vector<Span>{plain("Cảnh báo lũ quét ở bản Mé Gióng.")});
  CHECK(body[1].type == Block::Type::quote);
  CHECK(body[2].type == Block::Type::paragraph);
}

TEST_CASE("markdown: code is plain text · hard breaks are newlines") {
  Body body = tramtin::markdown_to_body("Mã `1.001193` là khai sinh.  \nDòng hai\\\nDòng ba\n\n    mã khối\n    dòng 2\n");
  REQUIRE(body.size() == 2);
  CHECK(body[0].spans == std::vector<Span>{plain("Mã 1.001193 là khai sinh.\nDòng hai\nDòng ba")});
  CHECK(body[1] == para({plain("mã khối\ndòng 2")}));
}

TEST_CASE("markdown: HTML and images are dropped · tables flattened · each with a note and line") {
  auto r = tramtin::parse_markdown(
      "Mở đầu.\n"                                     // 1
      "\n"                                            // 2
      "<div class=\"x\">bí mật</div>\n"               // 3
      "\n"                                            // 4
      "Ảnh ![hộp chè](che.png) và <b>đậm</b> nữa.\n"  // 5
      "\n"                                            // 6
      "| Kênh | Phí |\n"                              // 7
      "|---|---|\n"                                   // 8
      "| Trực tiếp | Miễn |\n");                      // 9
  REQUIRE(r.body.size() == 4);
  CHECK(r.body[0] == para({plain("Mở đầu.")}));
  CHECK(r.body[1] == para({plain("Ảnh  và đậm nữa.")}));
  CHECK(r.body[2] == para({plain("Kênh | Phí")}));
  CHECK(r.body[3] == para({plain("Trực tiếp | Miễn")}));
  REQUIRE(r.notes.size() == 5);  // HTML block, image, <b>, </b>, table
  CHECK(r.notes[0].line == 3);
  CHECK(r.notes[0].message.find("HTML") != std::string::npos);
  CHECK(r.notes[1].line == 5);
  CHECK(r.notes[1].message.find("image") != std::string::npos);
  CHECK(r.notes[2].line == 5);
  CHECK(r.notes[4].line == 7);
  CHECK(r.notes[4].message.find("table") != std::string::npos);
}

TEST_CASE("markdown: links are reported with their lines · entities decoded") {
  auto r = tramtin::parse_markdown(
      "Dòng một.\n\n"
      "Xem [trang](https://a.vn/?x=1&amp;y=2) và\n"
      "<https://b.vn/tra-cuu> hoặc https://c.vn/p\n\n"
      "[sai](javascript:alert(1)) &copy; &#7899; &#x1EDB; &nosuch;\n");
  REQUIRE(r.links.size() == 4);
  CHECK(r.links[0].href == "https://a.vn/?x=1&y=2");
  CHECK(r.links[0].line == 3);
  CHECK(r.links[1].href == "https://b.vn/tra-cuu");
  CHECK(r.links[1].line == 4);
  CHECK(r.links[2].href == "https://c.vn/p");
  CHECK(r.links[2].line == 4);
  CHECK(r.links[3].href == "javascript:alert(1)");
  CHECK(r.links[3].line == 6);
  REQUIRE(r.body.size() == 3);
  std::string last;
  for (const auto& s : r.body[2].spans) last += s.text;
  CHECK(last.find("© ớ ớ &nosuch;") != std::string::npos);
}

TEST_CASE("markdown: decomposed input comes out NFC") {
  std::string nfd = "Nguye\xCC\x82\xCC\x83n Thi\xCC\xA3 *Hoa\xCC\x80*";  // Nguyễn Thị *Hoà* in NFD
  REQUIRE_FALSE(tramtin::is_nfc(nfd));
  Body body = tramtin::markdown_to_body(nfd);
  REQUIRE(body.size() == 1);
  REQUIRE(body[0].spans.size() == 2);
  CHECK(body[0].spans[0].text == "Nguyễn Thị ");
  CHECK(body[0].spans[1].text == "Hoà");
  for (const auto& s : body[0].spans) CHECK(tramtin::is_nfc(s.text));
}

TEST_CASE("markdown: empty and whitespace-only input give an empty body") {
  CHECK(tramtin::markdown_to_body("").empty());
  CHECK(tramtin::markdown_to_body("\n\n   \n").empty());
  auto r = tramtin::parse_markdown("");
  CHECK(r.error.empty());
  CHECK(r.links.empty());
  CHECK(r.notes.empty());
}

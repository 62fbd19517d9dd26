// Tests for content/reader: source trees written into temp folders, one kind of mistake at a time,
// each checked for the exact file, line and message; plus a good tree with every kind of item.
#include <doctest/doctest.h>

#include <algorithm>
#include <sodium.h>

#include "content/authoring/image_info.h"
#include "content/authoring/reader.h"
#include "content/base/text.h"
#include "tests/support/source_fixture.h"
#include "tests/support/test_support.h"

namespace fs = std::filesystem;
using namespace tramtin;
using tramtin::test::TempDir;
using tramtin::test::write_file;

namespace {

std::string dump(const SourceTree& t) {
  std::string s;
  for (const auto& d : t.diagnostics) s += format_diagnostic(d) + "\n";
  return s.empty() ? "(no diagnostics)" : s;
}

bool has_diag(const SourceTree& t, const fs::path& file, int line, Severity sev, std::string_view needle) {
  return std::any_of(t.diagnostics.begin(), t.diagnostics.end(), [&](const Diagnostic& d) {
    return d.path == file.string() && d.line == line && d.severity == sev &&
           d.message.find(needle) != std::string::npos;
  });
}

#define CHECK_ERROR(tree, file, line, needle)                                  \
  do {                                                                         \
    INFO(dump(tree));                                                          \
    CHECK(has_diag((tree), (file), (line), Severity::error, (needle)));        \
  } while (0)

#define CHECK_WARNING(tree, file, line, needle)                                \
  do {                                                                         \
    INFO(dump(tree));                                                          \
    CHECK(has_diag((tree), (file), (line), Severity::warning, (needle)));      \
  } while (0)

// Replaces line n (1-based) of a file.
void set_line(const fs::path& p, int n, const std::string& text) {
  std::string s = test::read_file(p), out;
  int line = 1;
  std::size_t start = 0;
  while (start <= s.size()) {
    std::size_t end = s.find('\n', start);
    bool last = end == std::string::npos;
    std::string cur = s.substr(start, last ? std::string::npos : end - start);
    out += (line == n ? text : cur);
    if (last) break;
    out += '\n';
    start = end + 1;
    ++line;
  }
  REQUIRE(line >= n);
  write_file(p, out);
}

void replace_in(const fs::path& p, const std::string& from, const std::string& to) {
  std::string s = test::read_file(p);
  auto pos = s.find(from);
  REQUIRE(pos != std::string::npos);
  s.replace(pos, from.size(), to);
  write_file(p, s);
}

const Item* find_item(const SourceTree& t, std::string_view id) {
  auto it = std::find_if(t.items.begin(), t.items.end(), [&](const Item& i) { return i.id == id; });
  return it == t.items.end() ? nullptr : &*it;
}

struct Fixture {
  TempDir dir;
  fs::path root = dir.path() / "src";
  Fixture() { test::write_good_tree(root); }
  fs::path at(const std::string& rel) const { return root / rel; }
  SourceTree read() const { return read_source_tree(root); }
};

}  // namespace

TEST_CASE("reader: a good tree with every kind reads without diagnostics") {
  Fixture f;
  SourceTree t = f.read();
  INFO(dump(t));
  CHECK(t.diagnostics.empty());
  CHECK(t.ok());
  CHECK(t.item_folders == 6);
  REQUIRE(t.items.size() == 6);
  std::vector<std::string> ids;
  for (const auto& i : t.items) ids.push_back(i.id);
  CHECK(ids == std::vector<std::string>{"to-cong-nghe-so", "canh-bao-lu-quet", "huong-dan", "dang-ky-khai-sinh",
                                        "che-shan-tuyet", "giao-dien"});

  const Item* p = find_item(t, "dang-ky-khai-sinh");
  REQUIRE(p);
  CHECK(p->kind == Kind::procedure);
  CHECK(p->version == 3);
  CHECK(p->priority == 10);
  CHECK(p->featured);
  CHECK(p->tags == std::vector<std::string>{"khai sinh", "trẻ em"});
  CHECK(p->targets == std::vector<std::string>{"commune"});
  CHECK(p->procedure.code == "1.001193");
  CHECK(p->procedure.decision == "1234/QĐ-BTP");
  CHECK(p->procedure.levels == std::vector<std::string>{"xa"});
  CHECK(p->procedure.field == "ho-tich");
  CHECK(p->procedure.online_url.rfind("https://dichvucong.gov.vn/", 0) == 0);
  CHECK(p->procedure.channels == std::vector<ChannelKind>{ChannelKind::in_person, ChannelKind::online});
  REQUIRE(p->texts.size() == 2);
  const ItemText& vi = p->texts[0];
  CHECK(vi.lang == "vi");
  CHECK(vi.title == "Đăng ký khai sinh");
  CHECK(vi.procedure.field_name == "Hộ tịch");
  CHECK(vi.procedure.agency == "Ủy ban nhân dân xã");
  CHECK(vi.procedure.steps.size() == 2);
  REQUIRE(vi.procedure.channels.size() == 2);
  CHECK(vi.procedure.channels[0].kind == ChannelKind::in_person);
  CHECK(vi.procedure.channels[0].fee == "Miễn lệ phí khi đăng ký đúng hạn");
  CHECK(vi.procedure.channels[1].kind == ChannelKind::online);
  REQUIRE(vi.procedure.cases.size() == 1);
  CHECK(vi.procedure.cases[0].title == "Trường hợp thông thường");
  REQUIRE(vi.procedure.cases[0].documents.size() == 1);
  CHECK(vi.procedure.cases[0].documents[0].name == "Tờ khai đăng ký khai sinh");
  CHECK(vi.procedure.cases[0].documents[0].copies == "01 bản chính");
  REQUIRE(vi.procedure.legal.size() == 1);
  CHECK(vi.procedure.legal[0].number == "60/2014/QH13");
  CHECK(vi.procedure.legal[0].date == "2014-11-20");
  REQUIRE(vi.body.size() == 2);
  CHECK(vi.body[0].spans[1] == Span{"đăng ký khai sinh", true, false, ""});
  CHECK(vi.body[1].spans[1].link == "https://dichvucong.gov.vn");
  const ItemText& en = p->texts[1];
  CHECK(en.lang == "en");
  CHECK(en.title == "Birth registration");
  REQUIRE(en.procedure.channels.size() == 1);
  CHECK(en.procedure.channels[0].kind == ChannelKind::online);

  const Item* news = find_item(t, "to-cong-nghe-so");
  REQUIRE(news);
  CHECK(news->kind == Kind::news);
  CHECK(news->publish_at == 1793583000);  // 2026-11-02T08:30:00+07:00
  CHECK(news->expire_at == 0);
  REQUIRE(news->texts.size() == 1);
  REQUIRE(news->texts[0].body.size() == 3);
  CHECK(news->texts[0].body[0].type == Block::Type::heading);
  CHECK(news->texts[0].body[1].type == Block::Type::bullet_item);

  const Item* notice = find_item(t, "canh-bao-lu-quet");
  REQUIRE(notice);
  CHECK(notice->urgent);
  CHECK(notice->priority == 100);
  CHECK(notice->publish_at == 1788973200);  // 2026-09-10, 00:00 Vietnam time
  CHECK(notice->expire_at == 1789297200);   // 2026-09-13T18:00:00+07:00
  CHECK(notice->texts[0].body.at(0).type == Block::Type::quote);

  const Item* product = find_item(t, "che-shan-tuyet");
  REQUIRE(product);
  CHECK(product->product.ocop_group == 2);
  CHECK(product->product.stars == 4);
  CHECK(product->product.certificate_expiry == "2027-06-30");
  CHECK(product->product.producer == "HTX Chè Tam Đường");
  CHECK(product->product.price == 150000);
  CHECK(product->product.price_is_example);
  CHECK(product->product.shop_url == "https://example.vn/che-shan-tuyet");
  CHECK(product->texts[0].product.unit == "hộp 200 g");
  REQUIRE(product->media.size() == 1);
  const MediaRef& m = product->media[0];
  CHECK(m.sha256 == test::kTinyPngSha256);
  CHECK(m.size == test::kTinyPng.size());
  CHECK(m.mime == "image/png");
  CHECK(m.role == "photo");
  CHECK(m.caption == "Hộp chè 200 g");
  REQUIRE(t.media.count(m.sha256) == 1);
  CHECK(t.media.at(m.sha256).path == f.at(test::kProductDir) / "photo.png");
  auto bytes = read_media_bytes(t.media.at(m.sha256));
  REQUIRE(bytes.ok());
  CHECK(*bytes == test::kTinyPng);

  const Item* page = find_item(t, "huong-dan");
  REQUIRE(page);
  REQUIRE(page->texts[0].body.size() == 2);
  CHECK(page->texts[0].body[1].type == Block::Type::numbered_item);
  CHECK(page->texts[0].body[1].number == 2);

  const Item* strings = find_item(t, "giao-dien");
  REQUIRE(strings);
  CHECK(strings->texts[0].strings == std::map<std::string, std::string>{{"home", "Trang chủ"}, {"search", "Tìm kiếm"}});
}

TEST_CASE("reader: dates with offsets · dates alone and local times are Vietnam time") {
  CHECK(unix_time_from_civil(1970, 1, 1, 0, 0, 0, 0) == 0);
  CHECK(unix_time_from_civil(1969, 12, 31, 0, 0, 0, 0) == -86400);
  CHECK(unix_time_from_civil(2024, 2, 29, 0, 0, 0, 0) == 1709164800);
  CHECK(unix_time_from_civil(2000, 3, 1, 12, 34, 56, 0) == 951914096);

  TempDir dir;
  struct Case {
    const char* id;
    const char* value;
    UnixTime want;
  };
  const Case cases[] = {
      {"offset-vn", "2026-12-01T07:00:00+07:00", 1796083200},
      {"date-alone", "2026-12-01", 1796058000},
      {"offset-minus5", "2026-12-01T07:30:00-05:00", 1796128200},
      {"utc-z", "2026-12-01T07:00:00Z", 1796108400},
      {"local-time", "2026-12-01T07:00:00", 1796083200},
  };
  for (const auto& c : cases) {
    write_file(dir.path() / c.id / "item.toml", std::string("kind = \"news\"\npublish_at = ") + c.value +
                                                    "\nexpire_at = 2027-01-01\n");
    write_file(dir.path() / c.id / "vi.md", "+++\ntitle = \"Tin\"\n+++\n");
  }
  SourceTree t = read_source_tree(dir.path());
  INFO(dump(t));
  CHECK(t.diagnostics.empty());
  for (const auto& c : cases) {
    CAPTURE(c.id);
    const Item* i = find_item(t, c.id);
    REQUIRE(i);
    CHECK(i->publish_at == c.want);
    CHECK(i->expire_at == 1798736400);  // 2027-01-01T00:00:00+07:00
  }
}

TEST_CASE("reader: a misspelt key is reported at its line with a suggestion") {
  Fixture f;
  fs::path vi = f.at(test::kProcedureDir) / "vi.md";
  set_line(vi, 2, "tittle = \"Đăng ký khai sinh\"");
  SourceTree t = f.read();
  CHECK_ERROR(t, vi, 2, "unknown key 'tittle' (did you mean 'title'?)");
  CHECK_ERROR(t, vi, 1, "missing required key 'title'");
  CHECK(t.error_count() == 2);

  Fixture g;
  fs::path toml = g.at(test::kProcedureDir) / "item.toml";
  set_line(toml, 9, "cdoe = \"1.001193\"");
  set_line(toml, 3, "prority = 10");
  t = g.read();
  CHECK_ERROR(t, toml, 9, "unknown key 'cdoe' in [procedure] (did you mean 'code'?)");
  CHECK_ERROR(t, toml, 8, "missing required key 'code' in [procedure]");
  CHECK_ERROR(t, toml, 3, "unknown key 'prority' (did you mean 'priority'?)");
  CHECK(t.error_count() == 3);
}

TEST_CASE("reader: missing required keys") {
  Fixture f;
  fs::path page = f.at(test::kPageDir) / "item.toml";
  write_file(page, "priority = 1\n");
  fs::path vi = f.at(test::kProcedureDir) / "vi.md";
  set_line(vi, 6, "");  // agency
  fs::path en = f.at(test::kProcedureDir) / "en.md";
  set_line(en, 2, "");  // title
  fs::path product = f.at(test::kProductDir) / "item.toml";
  replace_in(product, "producer = \"HTX Chè Tam Đường\"\n", "");
  SourceTree t = f.read();
  CHECK_ERROR(t, page, 1, "missing required key 'kind'");
  CHECK_ERROR(t, vi, 1, "missing required key 'agency'");
  CHECK_ERROR(t, en, 1, "missing required key 'title'");
  CHECK_ERROR(t, product, 4, "missing required key 'producer' in [product]");
  CHECK(t.error_count() == 4);
  // Only the Vietnamese text must be complete: en.md has no agency and no steps, and that is fine.
}

TEST_CASE("reader: a missing vi.md") {
  Fixture f;
  fs::path dir = f.at(test::kPageDir);
  fs::rename(dir / "vi.md", dir / "en.md");
  SourceTree t = f.read();
  CHECK_ERROR(t, dir / "item.toml", 1, "missing vi.md");
  CHECK(t.error_count() == 1);
  CHECK(find_item(t, "huong-dan") == nullptr);
}

TEST_CASE("reader: TOML syntax errors carry toml++'s line · shifted past the front matter fence") {
  Fixture f;
  fs::path toml = f.at(test::kNewsDir) / "item.toml";
  set_line(toml, 3, "featured = tru");
  fs::path vi = f.at(test::kProductDir) / "vi.md";
  set_line(vi, 3, "summary = \"Chè búp");
  SourceTree t = f.read();
  CHECK_ERROR(t, toml, 3, "TOML syntax error");
  CHECK_ERROR(t, vi, 3, "TOML syntax error");
  CHECK(t.error_count() == 2);
}

TEST_CASE("reader: front matter fences") {
  Fixture f;
  fs::path news = f.at(test::kNewsDir) / "vi.md";
  write_file(news, "title = \"Tin\"\n\nNội dung.\n");
  fs::path page = f.at(test::kPageDir) / "vi.md";
  write_file(page, "+++\ntitle = \"Trang\"\n\nNội dung.\n");
  SourceTree t = f.read();
  CHECK_ERROR(t, news, 1, "must start with a '+++' line");
  CHECK_ERROR(t, page, 1, "never closed");
  CHECK(t.error_count() == 2);
}

TEST_CASE("reader: an unknown kind") {
  Fixture f;
  fs::path toml = f.at(test::kNewsDir) / "item.toml";
  set_line(toml, 1, "kind = \"tin-tuc\"");
  SourceTree t = f.read();
  CHECK_ERROR(t, toml, 1, "unknown kind 'tin-tuc'");
  CHECK(t.error_count() == 1);
  CHECK(find_item(t, "to-cong-nghe-so") == nullptr);
}

TEST_CASE("reader: bad dates and expiry before publication") {
  Fixture f;
  fs::path notice = f.at(test::kNoticeDir) / "item.toml";
  set_line(notice, 4, "expire_at = 2026-09-09T23:59:00+07:00");
  fs::path news = f.at(test::kNewsDir) / "item.toml";
  set_line(news, 2, "publish_at = \"2026-11-02\"");
  fs::path page = f.at(test::kPageDir) / "item.toml";
  write_file(page, "kind = \"page\"\n\nexpire_at = 07:00:00\n");
  fs::path product = f.at(test::kProductDir) / "item.toml";
  set_line(product, 8, "certificate_expiry = \"30/06/2027\"");
  SourceTree t = f.read();
  CHECK_ERROR(t, notice, 4, "'expire_at' is not after 'publish_at'");
  CHECK_ERROR(t, news, 2, "must be a TOML date without quotes");
  CHECK_ERROR(t, page, 3, "has a time of day but no date");
  CHECK_ERROR(t, product, 8, "'30/06/2027' is not a date");
  CHECK(t.error_count() == 4);
}

TEST_CASE("reader: links must be http or https") {
  Fixture f;
  fs::path proc = f.at(test::kProcedureDir) / "item.toml";
  set_line(proc, 13, "online_url = \"ftp://dichvucong.gov.vn/x\"");
  fs::path vi = f.at(test::kProcedureDir) / "vi.md";
  set_line(vi, 29, "  form_url = \"file:///C:/to-khai.doc\"");
  set_line(vi, 40, "Xem thêm tại [Cổng Dịch vụ công](dichvucong.gov.vn).");
  fs::path product = f.at(test::kProductDir) / "item.toml";
  set_line(product, 13, "shop_url = \"www.example.vn\"");
  SourceTree t = f.read();
  CHECK_ERROR(t, proc, 13, "'online_url' in [procedure] must be a web address starting with http:// or https://");
  CHECK_ERROR(t, vi, 29, "'form_url' in [[cases.documents]] must be a web address");
  CHECK_ERROR(t, vi, 40, "link 'dichvucong.gov.vn' must be a web address");
  CHECK_ERROR(t, product, 13, "'shop_url' in [product] must be a web address");
  CHECK(t.error_count() == 4);
}

TEST_CASE("reader: invalid UTF-8 is reported at its line") {
  Fixture f;
  fs::path vi = f.at(test::kNewsDir) / "vi.md";
  set_line(vi, 3, "summary = \"Ti\xC3\x28ng Vi\xE1\xBB\x87t\"");
  SourceTree t = f.read();
  CHECK_ERROR(t, vi, 3, "not valid UTF-8");
  CHECK(t.error_count() == 1);
}

TEST_CASE("reader: decomposed (NFD) input is normalised · with a warning") {
  Fixture f;
  fs::path vi = f.at(test::kNewsDir) / "vi.md";
  // "Tổ công nghệ số" typed with combining marks, as some Windows keyboards and macOS file names do.
  const std::string nfd_title = "To\xCC\x82\xCC\x89 co\xCC\x82ng nghe\xCC\x82\xCC\xA3 so\xCC\x82\xCC\x81";
  REQUIRE_FALSE(is_nfc(nfd_title));
  set_line(vi, 2, "title = \"" + nfd_title + "\"");
  fs::path toml = f.at(test::kNewsDir) / "item.toml";
  set_line(toml, 4, "tags = [\"chuye\xCC\x82\xCC\x89n \xC4\x91o\xCC\x82\xCC\x89i so\xCC\x82\xCC\x81\"]");
  SourceTree t = f.read();
  CHECK_WARNING(t, vi, 2, "not in Unicode NFC form");
  CHECK_WARNING(t, toml, 4, "not in Unicode NFC form");
  CHECK(t.error_count() == 0);
  CHECK(t.warning_count() == 2);
  const Item* news = find_item(t, "to-cong-nghe-so");
  REQUIRE(news);
  CHECK(news->texts[0].title == "Tổ công nghệ số");
  CHECK(news->tags == std::vector<std::string>{"chuyển đổi số"});
}

TEST_CASE("reader: media files missing · too big or of the wrong type") {
  const int file_line = 16;
  {
    Fixture f;
    fs::remove(f.at(test::kProductDir) / "photo.png");
    SourceTree t = f.read();
    CHECK_ERROR(t, f.at(test::kProductDir) / "item.toml", file_line, "media file 'photo.png' not found");
    CHECK(t.error_count() == 1);
  }
  {
    Fixture f;
    std::string big = test::kTinyPng + std::string(kMaxMediaBytes + 1 - test::kTinyPng.size(), '\0');
    write_file(f.at(test::kProductDir) / "photo.png", big);
    SourceTree t = f.read();
    CHECK_ERROR(t, f.at(test::kProductDir) / "item.toml", file_line, "the limit is 2 MB");
    CHECK(t.error_count() == 1);
  }
  {
    Fixture f;  // exactly at the cap is allowed
    std::string cap = test::kTinyPng + std::string(kMaxMediaBytes - test::kTinyPng.size(), '\0');
    write_file(f.at(test::kProductDir) / "photo.png", cap);
    SourceTree t = f.read();
    INFO(dump(t));
    CHECK(t.ok());
    REQUIRE(find_item(t, "che-shan-tuyet"));
    CHECK(find_item(t, "che-shan-tuyet")->media.at(0).size == kMaxMediaBytes);
  }
  {
    Fixture f;
    write_file(f.at(test::kProductDir) / "photo.png", "<html>not a picture</html>");
    fs::path toml = f.at(test::kProductDir) / "item.toml";
    replace_in(toml, "caption", "[[media]]\nfile = \"../../news/to-cong-nghe-so/vi.md\"\nrole = \"cover\"\n"
                                "[[media]]\nfile = \"photo.png\"\nrole = \"narration\"\nlang = \"hmn\"\ncaption");
    SourceTree t = f.read();
    CHECK_ERROR(t, toml, file_line, "is not a PNG, JPEG or Ogg audio file");
    CHECK_ERROR(t, toml, file_line + 3, "must be a path inside the item's folder");
    CHECK_ERROR(t, toml, file_line + 6, "is not a PNG, JPEG or Ogg audio file");
    CHECK(t.error_count() == 3);
  }
  {
    Fixture f;  // a photo that is audio, a narration with no language
    write_file(f.at(test::kProductDir) / "photo.png", std::string("OggS\0\x02", 6) + std::string(100, '\x01'));
    fs::path toml = f.at(test::kProductDir) / "item.toml";
    replace_in(toml, "role = \"photo\"", "role = \"narration\"");
    SourceTree t = f.read();
    CHECK_ERROR(t, toml, file_line + 1, "a narration needs 'lang'");
    CHECK_WARNING(t, toml, file_line, "its name suggests otherwise");
    CHECK(t.error_count() == 1);
  }
}

// A PNG whose header claims w x h pixels (the rest of the file does not matter to the check).
std::string png_claiming(std::uint32_t w, std::uint32_t h) {
  std::string b = test::kTinyPng;
  for (int i = 0; i < 4; ++i) {
    b[16 + i] = static_cast<char>((w >> (24 - 8 * i)) & 0xFF);
    b[20 + i] = static_cast<char>((h >> (24 - 8 * i)) & 0xFF);
  }
  return b;
}

// The start of a baseline JPEG: SOI, an APP0 segment, then a frame header of w x h pixels.
std::string jpeg_claiming(std::uint16_t w, std::uint16_t h) {
  std::string b("\xFF\xD8\xFF\xE0\x00\x10JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00", 20);
  b += std::string("\xFF\xFF\xC0\x00\x11\x08", 6);  // a fill byte, then SOF0 of length 17, 8 bits
  b += static_cast<char>(h >> 8), b += static_cast<char>(h & 0xFF);
  b += static_cast<char>(w >> 8), b += static_cast<char>(w & 0xFF);
  b += std::string("\x03\x01\x22\x00\x02\x11\x01\x03\x11\x01", 10);
  return b + std::string(64, '\0');
}

TEST_CASE("reader: pictures too large in pixels, damaged headers, links out of the item's folder") {
  const int file_line = 16;
  SUBCASE("image headers are read, not trusted blindly") {
    CHECK(png_size(test::kTinyPng).has_value());
    CHECK(png_size(test::kTinyPng)->width == 1);
    CHECK(png_size(png_claiming(60000, 60000))->height == 60000);
    CHECK_FALSE(png_size(test::kTinyPng.substr(0, 20)).has_value());  // cut inside IHDR
    CHECK(jpeg_size(jpeg_claiming(1600, 900))->width == 1600);
    CHECK(jpeg_size(jpeg_claiming(1600, 900))->height == 900);
    CHECK_FALSE(jpeg_size(jpeg_claiming(1600, 900).substr(0, 24)).has_value());
    CHECK_FALSE(jpeg_size(std::string("\xFF\xD8\xFF\xDA\x00\x02", 6)).has_value());  // scan before any frame
  }
  SUBCASE("a PNG claiming 60 000 x 60 000 pixels is refused; 4096 x 4096 is fine") {
    Fixture f;
    const fs::path toml = f.at(test::kProductDir) / "item.toml";
    write_file(f.at(test::kProductDir) / "photo.png", png_claiming(60000, 60000));
    SourceTree t = f.read();
    CHECK_ERROR(t, toml, file_line, "'photo.png' is 60000 x 60000 pixels; kiosks show pictures up to 4096 x 4096");
    CHECK(t.error_count() == 1);
    write_file(f.at(test::kProductDir) / "photo.png", png_claiming(4096, 4096));
    t = f.read();
    INFO(dump(t));
    CHECK(t.ok());
  }
  SUBCASE("a JPEG too tall, and a PNG with a damaged header") {
    Fixture f;
    const fs::path toml = f.at(test::kProductDir) / "item.toml";
    write_file(f.at(test::kProductDir) / "photo.png", jpeg_claiming(800, 5000));
    SourceTree t = f.read();
    CHECK_ERROR(t, toml, file_line, "is 800 x 5000 pixels");
    std::string broken = test::kTinyPng;
    broken[12] = 'X';  // not IHDR
    write_file(f.at(test::kProductDir) / "photo.png", broken);
    t = f.read();
    CHECK_ERROR(t, toml, file_line, "whose header is damaged");
  }
  SUBCASE("a symbolic link leaving the item's folder is refused; one inside it is fine") {
    Fixture f;
    const fs::path toml = f.at(test::kProductDir) / "item.toml";
    TempDir outside;
    write_file(outside.path() / "secret.png", test::kTinyPng);
    fs::remove(f.at(test::kProductDir) / "photo.png");
    fs::create_symlink(outside.path() / "secret.png", f.at(test::kProductDir) / "photo.png");
    SourceTree t = f.read();
    CHECK_ERROR(t, toml, file_line, "'photo.png' is a symbolic link to");
    CHECK_ERROR(t, toml, file_line, "outside the item's folder");
    CHECK(t.error_count() == 1);

    fs::remove(f.at(test::kProductDir) / "photo.png");
    write_file(f.at(test::kProductDir) / "real.png", test::kTinyPng);
    fs::create_symlink("real.png", f.at(test::kProductDir) / "photo.png");
    t = f.read();
    INFO(dump(t));
    CHECK(t.ok());
  }
}

TEST_CASE("reader: OCOP stars and group ranges") {
  Fixture f;
  fs::path toml = f.at(test::kProductDir) / "item.toml";
  set_line(toml, 5, "ocop_group = 7");
  set_line(toml, 6, "stars = 2");
  SourceTree t = f.read();
  CHECK_ERROR(t, toml, 5, "'ocop_group' in [product] is 7; it must be 1..6");
  CHECK_ERROR(t, toml, 6, "'stars' in [product] is 2; it must be 3..5");
  CHECK(t.error_count() == 2);

  Fixture g;
  set_line(g.at(test::kProductDir) / "item.toml", 6, "stars = \"5\"");
  t = g.read();
  CHECK_ERROR(t, g.at(test::kProductDir) / "item.toml", 6, "'stars' in [product] must be an integer, not a string");
}

TEST_CASE("reader: channel rows must match the item's channels") {
  Fixture f;
  fs::path en = f.at(test::kProcedureDir) / "en.md";
  set_line(en, 5, "kind = \"post\"");
  fs::path vi = f.at(test::kProcedureDir) / "vi.md";
  set_line(vi, 20, "kind = \"in_person\"");
  SourceTree t = f.read();
  CHECK_ERROR(t, en, 5, "channel 'post' is not among item.toml's channels (in_person, online)");
  CHECK_ERROR(t, vi, 20, "a second [[channels]] row for 'in_person'");
  CHECK_ERROR(t, vi, 14, "no [[channels]] row for 'online'");
  CHECK(t.error_count() == 3);
}

TEST_CASE("reader: duplicate ids and ids that are not a-z0-9-") {
  Fixture f;
  test::write_file(f.root / "archive/dang-ky-khai-sinh/item.toml", test::kPageToml);
  test::write_file(f.root / "archive/dang-ky-khai-sinh/vi.md", test::kPageVi);
  test::write_file(f.root / "pages/Huong_Dan/item.toml", test::kPageToml);
  test::write_file(f.root / "pages/Huong_Dan/vi.md", test::kPageVi);
  SourceTree t = f.read();
  // The tree is read in path order, so the copy under archive/ comes first.
  CHECK_ERROR(t, f.at(test::kProcedureDir) / "item.toml", 1, "duplicate item id 'dang-ky-khai-sinh'");
  CHECK_ERROR(t, f.root / "pages/Huong_Dan/item.toml", 1, "the folder name 'Huong_Dan' is the item id");
  CHECK(t.error_count() == 2);
}

TEST_CASE("reader: language file names must be BCP 47 tags") {
  CHECK(is_plausible_language_tag("vi"));
  CHECK(is_plausible_language_tag("en"));
  CHECK(is_plausible_language_tag("zh-Hans"));
  CHECK(is_plausible_language_tag("hmn"));
  CHECK(is_plausible_language_tag("blt"));
  CHECK(is_plausible_language_tag("pt-BR"));
  CHECK(is_plausible_language_tag("es-419"));
  CHECK(is_plausible_language_tag("de-CH-1901"));
  CHECK_FALSE(is_plausible_language_tag(""));
  CHECK_FALSE(is_plausible_language_tag("v"));
  CHECK_FALSE(is_plausible_language_tag("vietnamese"));
  CHECK_FALSE(is_plausible_language_tag("zh-hans"));
  CHECK_FALSE(is_plausible_language_tag("VI"));
  CHECK_FALSE(is_plausible_language_tag("vi-"));
  CHECK_FALSE(is_plausible_language_tag("vi_VN"));
  CHECK_FALSE(is_plausible_language_tag("README"));

  Fixture f;
  fs::path dir = f.at(test::kPageDir);
  test::write_file(dir / "zh-hans.md", "+++\ntitle = \"使用说明\"\n+++\n");
  test::write_file(dir / "vietnamese.md", "+++\ntitle = \"x\"\n+++\n");
  SourceTree t = f.read();
  CHECK_ERROR(t, dir / "zh-hans.md", 0, "did you mean zh-Hans.md?");
  CHECK_ERROR(t, dir / "vietnamese.md", 0, "'vietnamese' is not a BCP 47 language tag");
  CHECK(t.error_count() == 2);
}

TEST_CASE("reader: title and summary length limits count characters · not bytes") {
  std::string title200, summary600;
  for (int i = 0; i < 200; ++i) title200 += "ệ";  // 3 bytes each
  for (int i = 0; i < 600; ++i) summary600 += "ơ";
  {
    Fixture f;
    fs::path vi = f.at(test::kNewsDir) / "vi.md";
    set_line(vi, 2, "title = \"" + title200 + "\"");
    set_line(vi, 3, "summary = \"" + summary600 + "\"");
    SourceTree t = f.read();
    INFO(dump(t));
    CHECK(t.ok());
  }
  {
    Fixture f;
    fs::path vi = f.at(test::kNewsDir) / "vi.md";
    set_line(vi, 2, "title = \"" + title200 + "a\"");
    set_line(vi, 3, "summary = \"" + summary600 + "a\"");
    SourceTree t = f.read();
    CHECK_ERROR(t, vi, 2, "'title' is 201 characters");
    CHECK_ERROR(t, vi, 3, "'summary' is 601 characters");
    CHECK(t.error_count() == 2);
  }
}

TEST_CASE("reader: fields of another kind are errors · not silently ignored") {
  Fixture f;
  fs::path proc = f.at(test::kProcedureDir) / "item.toml";
  test::write_file(proc, test::kProcedureToml + "\n[product]\nstars = 4\n");  // [product] at line 16
  fs::path news = f.at(test::kNewsDir) / "vi.md";
  set_line(news, 3, "steps = [\"Bước 1: đọc tin\"]");
  fs::path page = f.at(test::kPageDir) / "item.toml";
  write_file(page, "kind = \"procedure\"\n");
  SourceTree t = f.read();
  CHECK_ERROR(t, proc, 16, "[product] is only for kind = \"product\"; this item is a procedure");
  CHECK_ERROR(t, news, 3, "'steps' is only for procedures; this item is a news");
  CHECK_ERROR(t, page, 1, "missing required key 'procedure'");
  // The page's vi.md now lacks every procedure field.
  CHECK_ERROR(t, f.at(test::kPageDir) / "vi.md", 1, "missing required key 'steps'");
}

TEST_CASE("reader: Markdown the kiosk does not draw is a warning at the body's line") {
  Fixture f;
  fs::path vi = f.at(test::kNewsDir) / "vi.md";
  test::write_file(vi, test::kNewsVi + "\nXem <b>ảnh</b>:\n\n![bản đồ](ban-do.png)\n");
  // kNewsVi has 8 lines; the blank line is 9, the HTML line 10, the image line 12.
  SourceTree t = f.read();
  CHECK_WARNING(t, vi, 10, "raw HTML is not shown");
  CHECK_WARNING(t, vi, 12, "an image in the body is not shown");
  CHECK(t.error_count() == 0);
}

TEST_CASE("reader: a byte-order mark and CRLF line ends are accepted") {
  Fixture f;
  test::write_file(f.at(test::kNewsDir) / "item.toml", "\xEF\xBB\xBFkind = \"news\"\r\nfeatured = true\r\n");
  test::write_file(f.at(test::kNewsDir) / "vi.md",
                   "\xEF\xBB\xBF+++\r\ntitle = \"Tin mới\"\r\n+++\r\nDòng một\r\n\r\n[liên kết](ftp://x)\r\n");
  SourceTree t = f.read();
  CHECK_ERROR(t, f.at(test::kNewsDir) / "vi.md", 6, "link 'ftp://x'");
  CHECK(t.error_count() == 1);
  const Item* news = find_item(t, "to-cong-nghe-so");
  REQUIRE(news);
  CHECK(news->texts[0].title == "Tin mới");
  CHECK(news->texts[0].body.at(0).spans.at(0).text == "Dòng một");
}

TEST_CASE("reader: items do not nest · missing and empty roots") {
  Fixture f;
  test::write_file(f.at(test::kNewsDir) / "extra/item.toml", test::kPageToml);
  SourceTree t = f.read();
  CHECK_ERROR(t, f.at(test::kNewsDir) / "extra/item.toml", 0, "an item folder cannot hold another item");
  CHECK(t.error_count() == 1);

  TempDir empty;
  t = read_source_tree(empty.path());
  CHECK_ERROR(t, empty.path(), 0, "no items found");
  t = read_source_tree(empty.path() / "nope");
  CHECK_ERROR(t, empty.path() / "nope", 0, "no such folder");
}

TEST_CASE("reader: read_media_bytes notices a file changed after validation") {
  Fixture f;
  SourceTree t = f.read();
  REQUIRE(t.media.size() == 1);
  const SourceMedia& m = t.media.begin()->second;
  // Independent check of the recorded hash with libsodium directly.
  unsigned char digest[crypto_hash_sha256_BYTES];
  crypto_hash_sha256(digest, reinterpret_cast<const unsigned char*>(test::kTinyPng.data()), test::kTinyPng.size());
  char hex[crypto_hash_sha256_BYTES * 2 + 1];
  sodium_bin2hex(hex, sizeof hex, digest, sizeof digest);
  CHECK(m.sha256 == hex);
  std::string changed = test::kTinyPng;
  changed[40] ^= 1;
  write_file(m.path, changed);
  auto r = read_media_bytes(m);
  REQUIRE_FALSE(r.ok());
  CHECK(r.error().find("changed after it was validated") != std::string::npos);
}

TEST_CASE("reader: diagnostics print as path:line: severity: message") {
  CHECK(format_diagnostic({"a/vi.md", 3, Severity::error, "unknown key 'x'"}) == "a/vi.md:3: error: unknown key 'x'");
  CHECK(format_diagnostic({"a/vi.md", 7, Severity::warning, "w"}) == "a/vi.md:7: warning: w");
  CHECK(format_diagnostic({"a", 0, Severity::error, "no such folder"}) == "a: error: no such folder");
}

TEST_CASE("reader: procedure codes may be empty but not missing · odd codes are warnings") {
  Fixture f;
  fs::path toml = f.at(test::kProcedureDir) / "item.toml";
  set_line(toml, 9, "code = \"\"");
  SourceTree t = f.read();
  INFO(dump(t));
  CHECK(t.diagnostics.empty());
  REQUIRE(find_item(t, "dang-ky-khai-sinh"));
  CHECK(find_item(t, "dang-ky-khai-sinh")->procedure.code.empty());

  set_line(toml, 9, "code = \"1.0011\"");
  t = f.read();
  CHECK_WARNING(t, toml, 9, "does not look like a national procedure code");
  CHECK(t.error_count() == 0);

  set_line(toml, 9, "");
  t = f.read();
  CHECK_ERROR(t, toml, 8, "missing required key 'code' in [procedure]");
  CHECK(t.error_count() == 1);
}

// Tests for content/model/model.cpp: names, plain text, language fallback and the canonical JSON item
// document (round trip, stable bytes, errors as text). Layer: tests.
#include <doctest/doctest.h>

#include <nlohmann/json.hpp>

#include "content/model/model.h"

using namespace tramtin;

namespace {

Item full_procedure() {
  Item it;
  it.id = "dang-ky-khai-sinh";
  it.kind = Kind::procedure;
  it.version = 7;
  it.publish_at = 1767225600;
  it.expire_at = 1798761600;
  it.priority = 10;
  it.featured = true;
  it.tags = {"khai sinh", "trẻ em"};
  it.targets = {"commune"};
  it.media.push_back(MediaRef{std::string(64, 'a'), 1234, "image/png", "cover", "", "Giấy khai sinh"});
  it.media.push_back(MediaRef{std::string(64, 'b'), 99999, "audio/ogg", "narration", "hmn", ""});
  it.procedure.code = "1.001193";
  it.procedure.decision = "1872/QĐ-BTP";
  it.procedure.levels = {"xa"};
  it.procedure.field = "ho-tich";
  it.procedure.online_url = "https://dichvucong.gov.vn/p/home/dvc-chi-tiet-thu-tuc-hanh-chinh.html?ma_thu_tuc=1.001193";
  it.procedure.channels = {ChannelKind::in_person, ChannelKind::online, ChannelKind::post};

  ItemText vi;
  vi.lang = "vi";
  vi.title = "Đăng ký khai sinh";
  vi.summary = "Đăng ký cho trẻ mới sinh tại Ủy ban nhân dân xã nơi cư trú của cha hoặc mẹ.";
  vi.body.push_back(Block{Block::Type::heading, 2, 0, {Span{"Lưu ý"}}});
  vi.body.push_back(Block{Block::Type::paragraph, 0, 0,
                          {Span{"Nộp "}, Span{"trong 60 ngày", true}, Span{" kể từ ngày sinh, "}, Span{"xem mẫu", false, true, "https://example.vn/mau"}}});
  vi.body.push_back(Block{Block::Type::numbered_item, 0, 2, {Span{"Mang theo giấy chứng sinh."}}});
  vi.procedure.field_name = "Hộ tịch";
  vi.procedure.steps = {"Nộp hồ sơ tại Bộ phận một cửa của xã.", "Nhận Giấy khai sinh."};
  vi.procedure.channels = {Channel{ChannelKind::in_person, "Trong ngày; nộp sau 15 giờ thì trả ngày làm việc tiếp theo",
                                   "Miễn lệ phí khi đăng ký đúng hạn", ""},
                           Channel{ChannelKind::online, "Trong ngày", "Miễn lệ phí", "Qua Cổng dịch vụ công"}};
  vi.procedure.cases = {DocumentCase{"", {Document{"Tờ khai đăng ký khai sinh", "01 bản chính", "https://example.vn/tk"},
                                          Document{"Giấy chứng sinh", "01 bản chính", ""}}}};
  vi.procedure.who = "Công dân Việt Nam";
  vi.procedure.agency = "Ủy ban nhân dân cấp xã";
  vi.procedure.address = "Bộ phận một cửa, UBND xã";
  vi.procedure.result = "Giấy khai sinh (bản chính)";
  vi.procedure.conditions = "";
  vi.procedure.legal = {LegalRef{"60/2014/QH13", "Luật Hộ tịch", "2014-11-20", "Quốc hội"}};
  it.texts.push_back(vi);

  ItemText en;
  en.lang = "en";
  en.title = "Birth registration";
  en.summary = "Register a newborn at the commune People's Committee.";
  it.texts.push_back(en);
  ItemText blt;
  blt.lang = "blt";
  blt.title = "ꪼꪒ ꪁꪾ";                              // Tai Viet script survives the round trip
  it.texts.push_back(blt);
  return it;
}

}  // namespace

TEST_CASE("model: kind and channel names round trip") {
  for (Kind k : {Kind::procedure, Kind::news, Kind::notice, Kind::product, Kind::page, Kind::strings})
    CHECK(kind_from_name(kind_name(k)) == k);
  CHECK_FALSE(kind_from_name("thu-tuc").has_value());
  for (ChannelKind c : {ChannelKind::in_person, ChannelKind::online, ChannelKind::post})
    CHECK(channel_kind_from_name(channel_kind_name(c)) == c);
  CHECK_FALSE(channel_kind_from_name("fax").has_value());
}

TEST_CASE("model: body_plain_text joins spans and separates blocks by newlines") {
  Body b{Block{Block::Type::heading, 1, 0, {Span{"Thủ tục "}, Span{"hộ tịch", true}}},
         Block{Block::Type::paragraph, 0, 0, {Span{"Đến Ủy ban nhân dân xã."}}}};
  CHECK(body_plain_text(b) == "Thủ tục hộ tịch\nĐến Ủy ban nhân dân xã.");
  CHECK(body_plain_text({}) == "");
}

TEST_CASE("model: text_or_vi falls back to vi and says so") {
  Item it = full_procedure();
  bool fell = true;
  REQUIRE(it.text_or_vi("en", &fell) != nullptr);
  CHECK(it.text_or_vi("en", &fell)->title == "Birth registration");
  CHECK_FALSE(fell);
  CHECK(it.text_or_vi("zh-Hans", &fell)->title == "Đăng ký khai sinh");
  CHECK(fell);
  CHECK(it.text_or_vi("vi", &fell)->lang == "vi");
  CHECK_FALSE(fell);
  CHECK(it.text("hmn") == nullptr);
  Item no_vi;
  no_vi.texts.push_back(ItemText{"en", "x"});
  CHECK(no_vi.text_or_vi("zh-Hans", &fell) == nullptr);
}

TEST_CASE("model: item JSON round trip keeps every field") {
  Item it = full_procedure();
  std::string doc = item_to_json(it);
  std::string err;
  auto back = item_from_json(doc, &err);
  REQUIRE_MESSAGE(back.has_value(), err);
  CHECK(*back == it);
  CHECK(item_to_json(*back) == doc);                 // stable bytes: hashing the document is safe

  Item prod;
  prod.id = "mien-dong-binh-lu";
  prod.kind = Kind::product;
  prod.product = ProductInfo{1, 4, "QĐ 1234/QĐ-UBND", "2027-06-30", "HTX Miến dong Bình Lư", "xã Bình Lư, Lai Châu",
                             "0213 3876 000", 85000, false, "https://postmart.vn/x", ""};
  ItemText t;
  t.lang = "vi";
  t.title = "Miến dong Bình Lư";
  t.product = ProductText{"gói 500 g", "Tinh bột dong riềng", "12 tháng"};
  prod.texts.push_back(t);
  auto p2 = item_from_json(item_to_json(prod), &err);
  REQUIRE_MESSAGE(p2.has_value(), err);
  CHECK(*p2 == prod);

  Item strings;
  strings.id = "ui-strings";
  strings.kind = Kind::strings;
  ItemText st;
  st.lang = "hmn";
  st.strings = {{"home.title", "Tsev"}, {"search.hint", "Nrhiav"}};
  strings.texts.push_back(st);
  auto s2 = item_from_json(item_to_json(strings), &err);
  REQUIRE_MESSAGE(s2.has_value(), err);
  CHECK(*s2 == strings);
}

TEST_CASE("model: canonical JSON is compact · key-sorted · UTF-8 and omits defaults") {
  Item it;
  it.id = "tin-1";
  it.kind = Kind::news;
  it.texts.push_back(ItemText{"vi", "Hòa giải ở cơ sở"});
  std::string doc = item_to_json(it);
  CHECK(doc == R"({"format":1,"id":"tin-1","kind":"news","texts":[{"lang":"vi","title":"Hòa giải ở cơ sở"}],"version":1})");
  // Key order and whitespace in the input do not matter; the output is always the same bytes.
  std::string messy = "{ \"version\": 1, \"texts\": [ {\"title\":\"Hòa giải ở cơ sở\", \"lang\":\"vi\"} ],\n"
                      "  \"kind\":\"news\", \"id\":\"tin-1\", \"urgent\": false, \"unknown_future_key\": 3 }";
  auto parsed = item_from_json(messy);
  REQUIRE(parsed.has_value());
  CHECK(item_to_json(*parsed) == doc);
  CHECK(nlohmann::json::parse(doc).dump() == doc);   // nlohmann's own sorted dump agrees
}

TEST_CASE("model: item_from_json reports what is wrong and where · never throws") {
  std::string err;
  CHECK_FALSE(item_from_json("{not json", &err).has_value());
  CHECK(err.find("not valid JSON") != std::string::npos);
  CHECK_FALSE(item_from_json("[1,2]", &err).has_value());
  CHECK(err.find("expected a JSON object") != std::string::npos);
  CHECK_FALSE(item_from_json(R"({"id":"a","kind":"tin","texts":[]})", &err).has_value());
  CHECK(err.find("kind: unknown kind \"tin\"") != std::string::npos);
  CHECK_FALSE(item_from_json(R"({"kind":"news","texts":[]})", &err).has_value());
  CHECK(err == "id: missing");
  CHECK_FALSE(item_from_json(R"({"id":"a","kind":"news"})", &err).has_value());
  CHECK(err == "texts: missing");
  CHECK_FALSE(item_from_json(R"({"id":"a","kind":"news","texts":[{"lang":"vi","title":5}]})", &err).has_value());
  CHECK(err == "texts[0].title: expected a string");
  CHECK_FALSE(item_from_json(R"({"id":"a","kind":"news","priority":1.5,"texts":[]})", &err).has_value());
  CHECK(err == "priority: expected an integer");
  CHECK_FALSE(
      item_from_json(R"({"id":"a","kind":"news","texts":[{"lang":"vi","body":[{"type":"table"}]}]})", &err).has_value());
  CHECK(err == "texts[0].body[0].type: unknown block type \"table\"");
  CHECK_FALSE(item_from_json(
                  R"({"id":"a","kind":"procedure","texts":[{"lang":"vi","procedure":{"channels":[{"kind":"fax"}]}}]})", &err)
                  .has_value());
  CHECK(err.find("texts[0].procedure.channels[0].kind") == 0);
  CHECK_FALSE(item_from_json(R"({"id":"a","kind":"news","format":2,"texts":[]})", &err).has_value());
  CHECK(err.find("newer than this build") != std::string::npos);
  CHECK_FALSE(item_from_json(R"({"id":"a","kind":"news","version":-3,"texts":[]})", &err).has_value());
  CHECK(err.find("version: out of range") == 0);
  // Truncated documents of every length fail cleanly (a download cut in the middle).
  std::string doc = item_to_json(full_procedure());
  for (std::size_t n = 0; n < doc.size(); n += 7) CHECK_FALSE(item_from_json(doc.substr(0, n)).has_value());
}

// What read-aloud says, and in which voice (kiosk/core/read_aloud.h).
#include <doctest/doctest.h>

#include "kiosk/core/read_aloud.h"

using namespace tramtin;

namespace {

ItemView procedure_view(const std::string& lang) {
  ItemView v;
  v.item.id = "dang-ky-khai-sinh";
  v.item.kind = Kind::procedure;
  ItemText vi;
  vi.lang = "vi";
  vi.title = "Đăng ký khai sinh";
  vi.summary = "Đăng ký cho trẻ mới sinh";
  vi.procedure.steps = {"Nộp hồ sơ", "Nhận kết quả"};
  vi.procedure.agency = "Ủy ban nhân dân xã";
  vi.procedure.cases = {DocumentCase{"", {Document{"Tờ khai đăng ký khai sinh", "01 bản chính"}}}};
  ItemText en;
  en.lang = "en";
  en.title = "Birth registration";
  en.procedure.steps = {"Hand in the papers", "Collect the result"};  // agency and documents: not translated
  v.item.texts = {vi, en};
  v.lang = lang;
  return v;
}

std::string text_of(const ReadAloudScript& s, const std::string& section) {
  std::string out;
  for (const auto& p : s.parts)
    if (p.section == section) out += p.lang + ":" + p.text + "|";
  return out;
}

}  // namespace

TEST_CASE("read-aloud: voices for vi, en and zh-Hans, none for hmn and blt") {
  CHECK(has_speech_voice("vi"));
  CHECK(has_speech_voice("en"));
  CHECK(has_speech_voice("zh-Hans"));
  CHECK_FALSE(has_speech_voice("hmn"));
  CHECK_FALSE(has_speech_voice("blt"));
  CHECK(speech_voice("zh-Hans") == "cmn");
  CHECK(speech_voice("hmn") == "vi");
}

TEST_CASE("read-aloud: a procedure is read section by section, in the order of the screen") {
  Strings strings;
  auto s = read_aloud_item(procedure_view("vi"), strings, "vi");
  CHECK(s.item == "dang-ky-khai-sinh");
  CHECK(s.narration_sha256.empty());
  CHECK_FALSE(s.spoken_in_vi);
  std::vector<std::string> order;
  for (const auto& p : s.parts)
    if (order.empty() || order.back() != p.section) order.push_back(p.section);
  // Sections with nothing to say (no channels, result or who in this item) are left out, heading and all.
  const std::vector<std::string> want = {"title", "summary", "what_to_bring", "where_to_go", "steps"};
  CHECK(order == want);
  CHECK(text_of(s, "title") == "vi:Đăng ký khai sinh.|");
  CHECK(text_of(s, "what_to_bring").find("Tờ khai đăng ký khai sinh, 01 bản chính.") != std::string::npos);
  CHECK(text_of(s, "steps").find("1. Nộp hồ sơ.\n2. Nhận kết quả.") != std::string::npos);
}

TEST_CASE("read-aloud: in English, a field that fell back to Vietnamese is spoken with the Vietnamese voice") {
  Strings strings;
  auto s = read_aloud_item(procedure_view("en"), strings, "en");
  CHECK_FALSE(s.spoken_in_vi);
  CHECK(text_of(s, "title") == "en:Birth registration.|");
  CHECK(text_of(s, "summary") == "vi:Đăng ký cho trẻ mới sinh.|");       // no English summary
  CHECK(text_of(s, "where_to_go") == "en:Where to go.|vi:Ủy ban nhân dân xã.|");
  CHECK(text_of(s, "steps").find("en:Steps.\n1. Hand in the papers.") != std::string::npos);
}

TEST_CASE("read-aloud: Hmong has no voice: the Vietnamese text is read, and the script says so") {
  Strings strings;
  auto s = read_aloud_item(procedure_view("hmn"), strings, "hmn");
  CHECK(s.spoken_in_vi);
  CHECK(s.language == "hmn");
  for (const auto& p : s.parts) CHECK(p.lang == "vi");
  CHECK(text_of(s, "title") == "vi:Đăng ký khai sinh.|");
}

TEST_CASE("read-aloud: a narration in the visitor's language is chosen, one in another language is not") {
  Strings strings;
  ItemView v = procedure_view("hmn");
  MediaRef m;
  m.sha256 = std::string(64, 'a');
  m.mime = "audio/ogg";
  m.role = "narration";
  m.lang = "hmn";
  v.item.media.push_back(m);
  auto hmn = read_aloud_item(v, strings, "hmn");
  CHECK(hmn.narration_sha256 == m.sha256);
  CHECK_FALSE(hmn.spoken_in_vi);  // a Hmong voice speaks
  auto en = read_aloud_item(v, strings, "en");
  CHECK(en.narration_sha256.empty());
}

TEST_CASE("read-aloud: a home tile reads its name and its line") {
  Strings strings;
  auto s = read_aloud_tile("procedures", strings, "en");
  CHECK(s.item == "tile:procedures");
  CHECK(text_of(s, "title") == "en:Public services.|");
  CHECK(text_of(s, "summary") == "en:Papers to bring, steps, fees.|");
  auto blt = read_aloud_tile("news", strings, "blt");
  CHECK(blt.spoken_in_vi);
}

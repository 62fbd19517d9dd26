// Every character the kiosk can show has a glyph in the font chain of fonts/fonts.toml: the UI
// strings, the language names, and every text of the bundled sample pack. A "?" box on a kiosk is
// a bug the villager cannot work around.
#include <doctest/doctest.h>

#include <cstdio>

#include "content/model/model.h"
#include "content/authoring/reader.h"
#include "kiosk/core/i18n.h"
#include "kiosk/core/view_model.h"
#include "kiosk/ui/fonts.h"

using namespace tramtin;

namespace {
const std::string kManifest = std::string(TRAMTIN_SOURCE_DIR) + "/fonts/fonts.toml";

std::string describe(const std::vector<char32_t>& missing) {
  std::string s;
  for (char32_t c : missing) {
    char buf[16];
    std::snprintf(buf, sizeof buf, "U+%04X ", unsigned(c));
    s += buf;
  }
  return s;
}
}  // namespace

TEST_CASE("fonts: the checker finds a character no font has") {
  // U+1F600 (an emoji) is in no font of the chain; Vietnamese, Tai Viet and Chinese are.
  auto missing = missing_glyphs(kManifest, {"Đăng ký ꪼꪕ 中文 \xF0\x9F\x98\x80"});
  REQUIRE(missing.size() == 1);
  CHECK(missing[0] == 0x1F600);
}

TEST_CASE("fonts: UI strings and language names all have glyphs") {
  Strings strings;
  auto texts = strings.all_text();
  for (const char* l : {"vi", "en", "zh-Hans", "hmn", "blt", "ium"}) texts.push_back(language_autonym(l));
  auto missing = missing_glyphs(kManifest, texts);
  CHECK_MESSAGE(missing.empty(), "no glyph for: " << describe(missing));
}

TEST_CASE("fonts: every character of the sample content has a glyph") {
  SourceTree tree = read_source_tree(std::string(TRAMTIN_SOURCE_DIR) + "/content/sample");
  REQUIRE(tree.ok());
  std::vector<std::string> docs;
  for (const auto& item : tree.items) docs.push_back(item_to_json(item));
  auto by_lang = texts_by_language(docs);
  CHECK(by_lang.count("zh-Hans") == 1);
  CHECK(by_lang.count("blt") == 1);
  for (const auto& [lang, text] : by_lang) {
    CAPTURE(lang);
    auto missing = missing_glyphs(kManifest, {text});
    CHECK_MESSAGE(missing.empty(), "no glyph for: " << describe(missing));
  }
}

// The atlas cache: an atlas read back is the atlas built (same pixels, same glyph tables, same
// lookup results), the key changes with what the pixels depend on, a damaged or foreign file is
// refused with a reason, and a folder that cannot be written costs only the speed-up. Also the
// glyph scan's kept result. Layer: tests (ImGui, no SDL).
#include <doctest/doctest.h>

#include <imgui.h>

#include <algorithm>
#include <cstring>
#include <filesystem>
#include <fstream>

#include "content/authoring/reader.h"
#include "content/model/model.h"
#include "kiosk/core/glyph_cache.h"
#include "kiosk/core/view_model.h"
#include "kiosk/ui/font_cache.h"
#include "kiosk/ui/fonts.h"
#include "tests/support/test_support.h"

using namespace tramtin;
using tramtin::test::TempDir;

namespace {

const std::string kManifest = std::string(TRAMTIN_SOURCE_DIR) + "/fonts/fonts.toml";

FontBuildInput input(std::vector<std::string> texts, float scale = 1.0f, std::string manifest = kManifest) {
  FontBuildInput in;
  in.manifest_path = std::move(manifest);
  in.scale = scale;
  in.texts = std::move(texts);
  in.bold_only_texts = {"中文", "ꪼꪕ"};
  return in;
}

void check_same_font(const ImFont* a, const ImFont* b) {
  REQUIRE(a);
  REQUIRE(b);
  CHECK(a->FontSize == b->FontSize);
  CHECK(a->Ascent == b->Ascent);
  CHECK(a->Descent == b->Descent);
  CHECK(a->Scale == b->Scale);
  CHECK(a->FallbackChar == b->FallbackChar);
  CHECK(a->EllipsisChar == b->EllipsisChar);
  CHECK(a->DotChar == b->DotChar);
  CHECK(a->FallbackAdvanceX == b->FallbackAdvanceX);
  REQUIRE(a->Glyphs.Size == b->Glyphs.Size);
  CHECK(std::memcmp(a->Glyphs.Data, b->Glyphs.Data, std::size_t(a->Glyphs.Size) * sizeof(ImFontGlyph)) == 0);
  REQUIRE(a->IndexLookup.Size == b->IndexLookup.Size);
  CHECK(std::memcmp(a->IndexLookup.Data, b->IndexLookup.Data, std::size_t(a->IndexLookup.Size) * sizeof(ImWchar)) == 0);
  REQUIRE(a->IndexAdvanceX.Size == b->IndexAdvanceX.Size);
  CHECK(std::memcmp(a->IndexAdvanceX.Data, b->IndexAdvanceX.Data, std::size_t(a->IndexAdvanceX.Size) * sizeof(float)) == 0);
  CHECK(std::memcmp(a->Used4kPagesMap, b->Used4kPagesMap, sizeof a->Used4kPagesMap) == 0);
  REQUIRE(a->FallbackGlyph);
  REQUIRE(b->FallbackGlyph);
  CHECK(a->FallbackGlyph - a->Glyphs.Data == b->FallbackGlyph - b->Glyphs.Data);
}

}  // namespace

TEST_CASE("font cache: an atlas read back is the atlas built") {
  TempDir dir;
  const FontBuildInput in = input({"Đăng ký khai sinh", "办理出生登记 ꪹꪭꪙ", "abc \xF0\x9F\x98\x80"});
  std::string key, bytes;
  BuiltAtlas built = build_font_atlas_cached(in, dir.str("cache"), &key, &bytes);
  REQUIRE_MESSAGE(built.ok(), built.error);
  CHECK_FALSE(built.from_cache);
  CHECK_FALSE(built.lacking.empty());  // the emoji: no font has it, and the list comes back too
  REQUIRE_FALSE(bytes.empty());
  REQUIRE(write_font_cache(dir.str("cache"), key, bytes));
  CHECK(std::filesystem::exists(font_cache_path(dir.str("cache"), key)));

  std::string again_key, again_bytes;
  BuiltAtlas loaded = build_font_atlas_cached(in, dir.str("cache"), &again_key, &again_bytes);
  REQUIRE_MESSAGE(loaded.ok(), loaded.error);
  CHECK(loaded.from_cache);
  CHECK(again_key == key);
  CHECK(again_bytes.empty());  // nothing new to write

  const ImFontAtlas& a = *built.atlas();
  const ImFontAtlas& b = *loaded.atlas();
  CHECK(a.Flags == b.Flags);
  CHECK(a.TexReady == b.TexReady);
  REQUIRE(a.TexWidth == b.TexWidth);
  REQUIRE(a.TexHeight == b.TexHeight);
  CHECK(loaded.width == built.width);
  CHECK(loaded.height == built.height);
  CHECK(a.TexUvScale.x == b.TexUvScale.x);
  CHECK(a.TexUvWhitePixel.x == b.TexUvWhitePixel.x);
  CHECK(a.TexUvWhitePixel.y == b.TexUvWhitePixel.y);
  CHECK(std::memcmp(a.TexUvLines, b.TexUvLines, sizeof a.TexUvLines) == 0);
  REQUIRE(a.TexPixelsAlpha8);
  REQUIRE(b.TexPixelsAlpha8);
  CHECK(std::memcmp(a.TexPixelsAlpha8, b.TexPixelsAlpha8, std::size_t(a.TexWidth) * std::size_t(a.TexHeight)) == 0);
  REQUIRE(a.Fonts.Size == b.Fonts.Size);
  for (int i = 0; i < a.Fonts.Size; ++i) check_same_font(a.Fonts[i], b.Fonts[i]);
  // The roles point at the same fonts.
  auto index = [](const ImFontAtlas& at, const ImFont* f) {
    for (int i = 0; i < at.Fonts.Size; ++i)
      if (at.Fonts[i] == f) return i;
    return -1;
  };
  CHECK(index(a, built.fonts.body) == index(b, loaded.fonts.body));
  CHECK(index(a, built.fonts.small) == index(b, loaded.fonts.small));
  CHECK(index(a, built.fonts.bold) == index(b, loaded.fonts.bold));
  CHECK(index(a, built.fonts.heading) == index(b, loaded.fonts.heading));
  CHECK(index(a, built.fonts.title) == index(b, loaded.fonts.title));
  CHECK(index(a, built.fonts.icon_large) == index(b, loaded.fonts.icon_large));
  CHECK(loaded.fonts.glyph_count == built.fonts.glyph_count);
  CHECK(loaded.fonts.scale == built.fonts.scale);
  CHECK(loaded.lacking == built.lacking);
  // Drawn the same: a frame with each atlas gives identical vertices.
  auto draw = [](BuiltAtlas& at) {
    ImGuiContext* ctx = ImGui::CreateContext(at.atlas());
    ImGuiIO& io = ImGui::GetIO();
    io.DisplaySize = ImVec2(800, 600);
    io.IniFilename = nullptr;
    ImGui::NewFrame();
    ImGui::GetForegroundDrawList()->AddText(at.fonts.title, at.fonts.title->FontSize, ImVec2(10, 10), 0xFFFFFFFF,
                                            "Đăng ký 办理 ꪹꪭꪙ \xF0\x9F\x98\x80\t...");
    ImGui::Render();
    std::vector<ImDrawVert> v;
    const ImDrawData* dd = ImGui::GetDrawData();
    for (int l = 0; l < dd->CmdListsCount; ++l)
      v.insert(v.end(), dd->CmdLists[l]->VtxBuffer.begin(), dd->CmdLists[l]->VtxBuffer.end());
    ImGui::DestroyContext(ctx);
    return v;
  };
  const auto va = draw(built), vb = draw(loaded);
  REQUIRE(va.size() == vb.size());
  CHECK(va.size() > 40);
  CHECK(std::memcmp(va.data(), vb.data(), va.size() * sizeof(ImDrawVert)) == 0);
}

TEST_CASE("font cache: the key follows the characters, the size and the font files") {
  TempDir dir;
  const std::string k = font_cache_key(input({"Đăng ký"}));
  CHECK(k == font_cache_key(input({"ký Đăng", "ăĐ"})));          // the same characters
  CHECK(k != font_cache_key(input({"Đăng ký khai"})));           // one more
  CHECK(k != font_cache_key(input({"Đăng ký"}, 1.4f)));          // another size
  auto bold = input({"Đăng ký"});
  bold.bold_only_texts.push_back("ພາສາລາວ");
  CHECK(k != font_cache_key(bold));
  // A font list rewritten in place (a package upgrade): another key.
  std::filesystem::copy_file(kManifest, dir.path() / "fonts.toml");
  const std::string k1 = font_cache_key(input({"Đăng ký"}, 1.0f, dir.str("fonts.toml")));
  std::filesystem::last_write_time(dir.path() / "fonts.toml",
                                   std::filesystem::last_write_time(dir.path() / "fonts.toml") - std::chrono::hours(1));
  CHECK(k1 != font_cache_key(input({"Đăng ký"}, 1.0f, dir.str("fonts.toml"))));
  CHECK(font_cache_path("/d", k) != font_cache_path("/d", k1));
}

TEST_CASE("font cache: a damaged, foreign or torn file is refused with a reason and rebuilt") {
  TempDir dir;
  const std::string cache = dir.str("cache");
  const FontBuildInput in = input({"Đăng ký khai sinh"});
  std::string key, bytes;
  BuiltAtlas built = build_font_atlas_cached(in, cache, &key, &bytes);
  REQUIRE(built.ok());
  REQUIRE(write_font_cache(cache, key, bytes));
  const std::string path = font_cache_path(cache, key);
  std::string why;
  bool intact = false;

  SUBCASE("a flipped byte in the pixels") {
    std::string bad = bytes;
    bad[bad.size() - 1000] ^= 0x40;
    tramtin::test::write_file(path, bad);
    CHECK_FALSE(load_font_cache(cache, key, &why).ok());
    CHECK(why.find("checksum") != std::string::npos);
  }
  SUBCASE("torn: half the file") {
    tramtin::test::write_file(path, bytes.substr(0, bytes.size() / 2));
    CHECK_FALSE(load_font_cache(cache, key, &why).ok());
    CHECK(why.find("checksum") != std::string::npos);
  }
  SUBCASE("empty") {
    tramtin::test::write_file(path, "");
    CHECK_FALSE(load_font_cache(cache, key, &why).ok());
    CHECK(why.find("not an atlas file") != std::string::npos);
  }
  SUBCASE("another key's atlas under this name") {
    CHECK_FALSE(load_font_cache(cache, key + "x", &why).ok());
    CHECK(why.empty());  // a different name: simply absent
    std::filesystem::copy_file(path, font_cache_path(cache, key + "x"));
    CHECK_FALSE(load_font_cache(cache, key + "x", &why).ok());
    CHECK(why.find("made for other") != std::string::npos);
    intact = true;  // the file for `key` itself was never touched
  }
  SUBCASE("another format") {
    std::string bad = bytes;
    bad[8] = char(bad[8] + 1);
    tramtin::test::write_file(path, bad);
    CHECK_FALSE(load_font_cache(cache, key, &why).ok());
    CHECK(why.find("format") != std::string::npos);
  }
  // Whatever was wrong, the next build builds and offers a good file to write.
  std::string key2, bytes2;
  BuiltAtlas rebuilt = build_font_atlas_cached(in, cache, &key2, &bytes2);
  REQUIRE(rebuilt.ok());
  CHECK(rebuilt.from_cache == intact);
  if (!rebuilt.from_cache) CHECK(bytes2.size() == bytes.size());
  CHECK(rebuilt.fonts.glyph_count == built.fonts.glyph_count);
}

TEST_CASE("font cache: a folder that cannot be written costs only the speed-up; old atlases are pruned") {
  TempDir dir;
  tramtin::test::write_file(dir.path() / "file", "x");
  const std::string cache = dir.str("file") + "/cache";  // under a regular file: never creatable, even as root
  std::string key, bytes;
  BuiltAtlas b = build_font_atlas_cached(input({"Đăng ký"}), cache, &key, &bytes);
  REQUIRE(b.ok());
  CHECK_FALSE(write_font_cache(cache, key, bytes).ok());
  std::string why;
  CHECK_FALSE(load_font_cache(cache, key, &why).ok());

  const std::string ok_dir = dir.str("ok");
  for (int i = 0; i < 5; ++i) REQUIRE(write_font_cache(ok_dir, key + std::to_string(i), "x", 3));
  int n = 0;
  for (const auto& e : std::filesystem::directory_iterator(ok_dir)) n += e.path().extension() == ".atlas";
  CHECK(n == 3);
}

TEST_CASE("glyph cache: distinct characters, kept under the content's identity") {
  CHECK(distinct_text("bab\nca\tá") == "abcá");
  CHECK(distinct_codepoints({"ba", "办a"}) == std::vector<char32_t>{U'a', U'b', U'办'});
  TempDir dir;
  const std::string path = dir.str("font-cache/glyphs");
  CHECK_FALSE(read_glyph_cache(path, "v1"));
  REQUIRE(write_glyph_cache(path, "v1", {{"vi", "Đăng ký"}, {"zh-Hans", "办理办理"}}));
  auto r = read_glyph_cache(path, "v1");
  REQUIRE(r);
  CHECK(r->at("vi") == distinct_text("Đăng ký"));
  CHECK(r->at("zh-Hans") == "办理");
  CHECK_FALSE(read_glyph_cache(path, "v2"));  // other content
  const std::string text = tramtin::test::read_file(path);
  tramtin::test::write_file(path, text.substr(0, text.size() - 1));  // torn
  CHECK_FALSE(read_glyph_cache(path, "v1"));
}

TEST_CASE("font atlas: the title size holds only the CJK characters titles use") {
  FontBuildInput in = input({"出生登记 在父亲或母亲居住地 Đăng ký ꪹꪭꪙ"});
  in.title_texts = {"出生登记"};
  BuiltAtlas b = build_font_atlas(in);
  REQUIRE_MESSAGE(b.ok(), b.error);
  auto has = [](const ImFont* f, char32_t c) { return f->FindGlyphNoFallback(static_cast<ImWchar>(c)) != nullptr; };
  CHECK(has(b.fonts.title, U'登'));
  CHECK_FALSE(has(b.fonts.title, U'父'));  // body text only: not in the largest size
  CHECK(has(b.fonts.heading, U'父'));
  CHECK(has(b.fonts.body, U'父'));
  CHECK(has(b.fonts.title, U'Đ'));        // other scripts stay whole
  CHECK(has(b.fonts.title, 0xAAB9));
  CHECK(has(b.fonts.title, 0xFFFD));      // the missing-glyph box itself
  // Without title texts, every character in every size, as before.
  BuiltAtlas all = build_font_atlas(input({"出生登记 在父亲或母亲居住地 Đăng ký ꪹꪭꪙ"}));
  CHECK(has(all.fonts.title, U'父'));
  CHECK(all.fonts.glyph_count > b.fonts.glyph_count);
  CHECK(font_cache_key(in) != font_cache_key(input({"出生登记 在父亲或母亲居住地 Đăng ký ꪹꪭꪙ"})));
}

TEST_CASE("glyph scan: each language's titles and headings apart, a small part of its characters") {
  SourceTree tree = read_source_tree(std::string(TRAMTIN_SOURCE_DIR) + "/content/sample");
  REQUIRE(tree.ok());
  std::vector<std::string> docs;
  for (const auto& item : tree.items) docs.push_back(item_to_json(item));
  auto by_lang = texts_by_language(docs);
  REQUIRE(by_lang.count("zh-Hans#titles") == 1);
  const std::string& titles = by_lang["zh-Hans#titles"];
  CHECK(titles.find("出生登记") != std::string::npos);  // the birth registration's title
  const auto all = distinct_codepoints({by_lang["zh-Hans"]}), some = distinct_codepoints({titles});
  CHECK(some.size() * 2 < all.size());
  for (char32_t c : some) CHECK(std::binary_search(all.begin(), all.end(), c));
}

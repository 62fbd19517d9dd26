// Tests for content/authoring/incremental_reader and TreeCacheWriter (tree_cache.h): after every
// kind of edit an author makes (a title, a new item, a deleted one, a renamed folder, a duplicate
// id, a changed picture, a syntax error and its fix), the incremental reading equals a full
// read_source_tree of the same tree (items, media and diagnostics), reads only the folders that
// changed, and a cache kept by TreeCacheWriter equals one written whole.
#include <doctest/doctest.h>

#include <algorithm>
#include <chrono>
#include <thread>

#include "content/authoring/glyphs.h"
#include "content/authoring/incremental_reader.h"
#include "content/authoring/tree_cache.h"
#include "content/store/cache.h"
#include "tests/support/source_fixture.h"
#include "tests/support/test_support.h"

namespace fs = std::filesystem;
using namespace tramtin;
using tramtin::test::TempDir;
using tramtin::test::write_file;

namespace {

// Short enough for a test, far longer than a local file system's clock tick.
constexpr long long kTestRacyNs = 300'000'000;
void let_settle() { std::this_thread::sleep_for(std::chrono::milliseconds(350)); }

std::string dump(const SourceTree& t) {
  std::string s;
  for (const auto& d : t.diagnostics) s += format_diagnostic(d) + "\n";
  return s.empty() ? "(no diagnostics)" : s;
}

// Everything a reading holds, compared field by field (with the diagnostics printed when not).
void check_same(const SourceTree& got, const SourceTree& full) {
  INFO("incremental:\n" << dump(got) << "full:\n" << dump(full));
  CHECK(got.item_folders == full.item_folders);
  REQUIRE(got.items.size() == full.items.size());
  for (std::size_t i = 0; i < got.items.size(); ++i) {
    INFO("item " << full.items[i].id);
    CHECK(got.items[i] == full.items[i]);
  }
  REQUIRE(got.diagnostics.size() == full.diagnostics.size());
  for (std::size_t i = 0; i < got.diagnostics.size(); ++i)
    CHECK(format_diagnostic(got.diagnostics[i]) == format_diagnostic(full.diagnostics[i]));
  REQUIRE(got.media.size() == full.media.size());
  for (auto a = got.media.begin(), b = full.media.begin(); a != got.media.end(); ++a, ++b) {
    CHECK(a->first == b->first);
    CHECK(a->second.path == b->second.path);
    CHECK(a->second.size == b->second.size);
    CHECK(a->second.mime == b->second.mime);
  }
}

const Item* find_item(const SourceTree& t, const std::string& id) {
  for (const auto& it : t.items)
    if (it.id == id) return &it;
  return nullptr;
}

void replace_in(const fs::path& p, const std::string& from, const std::string& to) {
  std::string s = test::read_file(p);
  const auto at = s.find(from);
  REQUIRE(at != std::string::npos);
  s.replace(at, from.size(), to);
  write_file(p, s);
}

struct Fixture {
  TempDir dir;
  fs::path root = dir.path() / "src";
  GlyphChecker glyphs{std::string(TRAMTIN_SOURCE_DIR) + "/fonts/fonts.toml"};
  ReadOptions options() { return ReadOptions{&glyphs}; }
};

// One step of an author's session, a moment after the save: the incremental reading, checked
// against a full one.
SourceTree step(IncrementalReader& r, Fixture& f, int want_reread, const std::string& what) {
  INFO(what);
  let_settle();
  IncrementalStats st;
  SourceTree got = r.read(&st);
  check_same(got, read_source_tree(f.root, f.options()));
  CHECK(st.reread == want_reread);
  return got;
}

}  // namespace

TEST_CASE("incremental reader: equals a full reading after edits, additions, deletions, renames and a media change") {
  Fixture f;
  test::write_good_tree(f.root);
  IncrementalReader r(f.root, f.options(), kTestRacyNs);

  IncrementalStats first;
  const SourceTree t0 = r.read(&first);
  CHECK(first.full);
  CHECK(first.item_folders == 6);
  CHECK(t0.ok());
  check_same(t0, read_source_tree(f.root, f.options()));
  // Written just now: not trusted yet, so read again once (a save in the same clock tick would
  // otherwise go unseen); after that nothing is read. (A machine that stalled for longer than the
  // margin between the writes and the reading trusts them at once: `recent` says which it was.)
  CHECK(first.recent <= 6);
  step(r, f, first.recent, "the first reading was too close to the writes");
  step(r, f, 0, "nothing changed");
  // The same at a save: read at once, and once more a moment later.
  replace_in(f.root / test::kPageDir / "vi.md", "+++", "+++ ");
  IncrementalStats at_once;
  check_same(r.read(&at_once), read_source_tree(f.root, f.options()));
  CHECK(at_once.reread == 1);
  step(r, f, at_once.recent, "the folder read again, as its save was too recent to trust");
  step(r, f, 0, "then trusted");

  const fs::path news = f.root / test::kNewsDir;
  replace_in(news / "vi.md", "title = \"", "title = \"Mới: ");
  SourceTree t = step(r, f, 1, "a title edited");
  REQUIRE(find_item(t, "to-cong-nghe-so"));
  CHECK(find_item(t, "to-cong-nghe-so")->texts[0].title.rfind("Mới: ", 0) == 0);

  fs::copy(news, f.root / "news" / "tin-moi", fs::copy_options::recursive);
  t = step(r, f, 1, "an item added");
  CHECK(find_item(t, "tin-moi"));

  fs::remove_all(f.root / test::kNoticeDir);
  t = step(r, f, 0, "an item deleted");
  CHECK_FALSE(find_item(t, "canh-bao-lu-quet"));

  fs::rename(f.root / "news" / "tin-moi", f.root / "news" / "tin-doi-ten");
  t = step(r, f, 1, "an item folder renamed");
  CHECK(find_item(t, "tin-doi-ten"));
  CHECK_FALSE(find_item(t, "tin-moi"));

  // The same folder name in another category: the second one in the walk's order is the duplicate,
  // though only the new folder was read.
  fs::copy(news, f.root / "pages" / "to-cong-nghe-so", fs::copy_options::recursive);
  t = step(r, f, 1, "a duplicate id");
  CHECK(std::any_of(t.diagnostics.begin(), t.diagnostics.end(),
                    [](const Diagnostic& d) { return d.message.find("duplicate item id") != std::string::npos; }));
  fs::remove_all(f.root / "pages" / "to-cong-nghe-so");
  t = step(r, f, 0, "the duplicate removed");
  CHECK(t.ok());

  // Other bytes, still a PNG whose size reads: another hash.
  const fs::path photo = f.root / test::kProductDir / "photo.png";
  write_file(photo, test::kTinyPng + std::string("\n"));
  t = step(r, f, 1, "a picture changed");
  CHECK(t.media.count(test::kTinyPngSha256) == 0);
  REQUIRE(t.media.size() == 1);
  REQUIRE(find_item(t, "che-shan-tuyet"));
  CHECK(find_item(t, "che-shan-tuyet")->media.at(0).sha256 == t.media.begin()->first);

  // Two items sharing one picture: the media entry names the file found first in the walk, the
  // same whichever folder was read last.
  write_file(f.root / test::kProductDir / "photo.png", test::kTinyPng);
  write_file(f.root / "products" / "a-truoc" / "item.toml", test::kProductToml);
  write_file(f.root / "products" / "a-truoc" / "vi.md", test::kProductVi);
  write_file(f.root / "products" / "a-truoc" / "photo.png", test::kTinyPng);
  t = step(r, f, 2, "a shared picture");  // the picture restored (1) and the new item (1)
  CHECK(t.media.at(test::kTinyPngSha256).path == f.root / "products" / "a-truoc" / "photo.png");

  // A syntax error, then its fix.
  replace_in(news / "item.toml", "kind = ", "kind == ");
  t = step(r, f, 1, "a TOML syntax error");
  CHECK_FALSE(t.ok());
  CHECK_FALSE(find_item(t, "to-cong-nghe-so"));
  replace_in(news / "item.toml", "kind == ", "kind = ");
  t = step(r, f, 1, "the error fixed");
  CHECK(t.ok());

  // A path named by inotify is read again though nothing about it looks changed; forget() reads all.
  r.changed(news / "vi.md");
  step(r, f, 1, "named by changed()");
  r.forget();
  IncrementalStats st;
  check_same(r.read(&st), read_source_tree(f.root, f.options()));
  CHECK(st.full);
  CHECK(st.reread == st.item_folders);

  // The last item folder gone: the cross-item check "no items found" as a full reading says it.
  fs::remove_all(f.root);
  fs::create_directories(f.root / "empty");
  t = step(r, f, 0, "no items left");
  CHECK_FALSE(t.ok());
}

TEST_CASE("incremental reader: the sample pack, one title edited, reads one folder and equals a full reading") {
  Fixture f;
  fs::copy(std::string(TRAMTIN_SOURCE_DIR) + "/content/sample", f.root, fs::copy_options::recursive);
  IncrementalReader r(f.root, f.options(), kTestRacyNs);
  IncrementalStats st;
  check_same(r.read(&st), read_source_tree(f.root, f.options()));
  CHECK(st.item_folders > 50);
  let_settle();
  r.read();
  let_settle();
  replace_in(f.root / "news" / "tin-to-cong-nghe-so-vneid" / "vi.md", "title = \"", "title = \"Sửa: ");
  check_same(r.read(&st), read_source_tree(f.root, f.options()));
  CHECK(st.reread == 1);
}

namespace {

// What a kiosk reads of a cache: every item document, every media hash, and the news list.
std::string cache_contents(Cache& c) {
  auto docs = c.item_documents();
  auto media = c.media_hashes();
  REQUIRE(docs);
  REQUIRE(media);
  std::sort(docs->begin(), docs->end());
  std::sort(media->begin(), media->end());
  std::string s;
  for (const auto& d : *docs) s += d + "\n";
  for (const auto& m : *media) s += m + "\n";
  auto news = c.list_by_kind(Kind::news, "vi", 2'000'000'000);
  REQUIRE(news);
  for (const auto& row : *news) s += row.id + " " + row.title + "\n";
  return s;
}

}  // namespace

TEST_CASE("tree cache writer: only the difference is written, and the cache equals one written whole") {
  Fixture f;
  test::write_good_tree(f.root);
  auto kept = Cache::open(f.dir.str("kept.db"), Cache::Mode::writer);
  REQUIRE(kept);
  TreeCacheWriter w;
  ContentMeta meta;
  meta.channel = "preview";

  auto write_and_compare = [&](const char* what, bool want_incremental, std::size_t want_written) {
    INFO(std::string(what));
    const SourceTree tree = read_source_tree(f.root, f.options());
    ++meta.version;
    TreeCacheStats st;
    REQUIRE(w.write(tree, **kept, meta, {}, &st));
    CHECK(st.incremental == want_incremental);
    CHECK(st.items_written == want_written);
    const std::string whole_path = f.dir.str("whole-" + std::to_string(meta.version) + ".db");
    auto whole = Cache::open(whole_path, Cache::Mode::writer);
    REQUIRE(whole);
    REQUIRE(write_tree_to_cache(tree, **whole, meta));
    CHECK(cache_contents(**kept) == cache_contents(**whole));
    auto m = (*kept)->content_meta();
    REQUIRE(m);
    CHECK(m->version == meta.version);
    return st;
  };

  write_and_compare("the first write replaces everything", false, 6);
  write_and_compare("nothing changed", true, 0);
  replace_in(f.root / test::kNewsDir / "vi.md", "title = \"", "title = \"Mới: ");
  write_and_compare("a title edited", true, 1);
  fs::copy(f.root / test::kNewsDir, f.root / "news" / "tin-moi", fs::copy_options::recursive);
  fs::remove_all(f.root / test::kPageDir);
  TreeCacheStats st = write_and_compare("one item added, one deleted", true, 1);
  CHECK(st.items_removed == 1);
  write_file(f.root / test::kProductDir / "photo.png", test::kTinyPng + std::string("\n"));
  st = write_and_compare("a picture changed", true, 1);
  CHECK(st.media_files == 1);
  CHECK(st.media_removed == 1);

  // A duplicate id: the cache refuses it whole or in part; nothing changes, and the next good
  // reading is written.
  fs::copy(f.root / test::kNewsDir, f.root / "pages" / "to-cong-nghe-so", fs::copy_options::recursive);
  const std::string before = cache_contents(**kept);
  {
    const SourceTree tree = read_source_tree(f.root, f.options());
    TreeCacheStats dup;
    CHECK_FALSE(w.write(tree, **kept, meta, {}, &dup));
    CHECK(cache_contents(**kept) == before);
  }
  fs::remove_all(f.root / "pages" / "to-cong-nghe-so");
  write_and_compare("after a refused write", true, 0);
}

// The UI string catalogues are complete: every key the kiosk can show (the built-in Vietnamese,
// the sample pack's vi catalogue, and every literal tr("key") in kiosk/) has an English and a
// Chinese text, read at run time from content/sample/strings and kiosk/core/i18n, so keys added
// later are checked too. Hmong and Thái must have every string of home, the procedure screens,
// search, the keyboard, the header and the footer (their texts await a native speaker's review);
// only the screens listed in `outside_core_screens` may fall back to Vietnamese there. Their
// coverage is printed. Layer: tests.
#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>
#include <regex>
#include <set>
#include <sstream>

#include "content/authoring/reader.h"
#include "kiosk/core/i18n.h"

namespace fs = std::filesystem;
using namespace tramtin;

namespace {

const fs::path kSource = TRAMTIN_SOURCE_DIR;

// The keys named literally in the kiosk's code: ui.tr("key"), strings.get(lang, "key").
std::set<std::string> keys_in_code() {
  std::set<std::string> keys;
  const std::regex use(R"re(\b(?:tr\(|get\([A-Za-z_.]+, )"([a-z][a-z0-9_]*)"\))re");
  for (const auto& e : fs::recursive_directory_iterator(kSource / "kiosk")) {
    if (e.path().extension() != ".cpp" && e.path().extension() != ".h") continue;
    std::ifstream in(e.path());
    std::stringstream ss;
    ss << in.rdbuf();
    const std::string text = ss.str();
    for (std::sregex_iterator it(text.begin(), text.end(), use), end; it != end; ++it) keys.insert((*it)[1].str());
  }
  return keys;
}

struct Catalogues {
  Strings strings;                     // built-in defaults + the sample pack's `strings` items, as a kiosk has them
  std::set<std::string> reference;     // every key that must read in en and zh-Hans
};

Catalogues load() {
  Catalogues c;
  SourceTree tree = read_source_tree(kSource / "content" / "sample" / "strings");
  REQUIRE_MESSAGE(tree.ok(), (tree.diagnostics.empty() ? std::string() : format_diagnostic(tree.diagnostics[0])));
  for (const auto& item : tree.items)
    if (item.kind == Kind::strings)
      for (const auto& t : item.texts) c.strings.add(t.lang, t.strings);
  for (const auto& k : c.strings.keys_of("vi")) c.reference.insert(k);
  return c;
}

std::string missing_in(const Catalogues& c, const std::string& lang, int* count) {
  std::string list;
  *count = 0;
  for (const auto& k : c.reference)
    if (!c.strings.has(lang, k)) {
      ++*count;
      list += (list.empty() ? "" : ", ") + k;
    }
  return list;
}

// Keys of the screens Hmong and Thái may still show in Vietnamese: feedback, the product
// catalogue, the news and notice lists, maintenance, staff. Every other key (home and its tiles,
// the procedure screens, search, the keyboard, the header and the footer, and any key added
// later) must have a hmn and a blt text.
bool outside_core_screens(const std::string& key) {
  for (const char* prefix : {"score_", "reason_", "feedback_", "ocop_", "maintenance_"})
    if (key.rfind(prefix, 0) == 0) return key != "feedback_sub";
  for (const char* k : {"staff", "sync_now", "shop", "traceability", "valid_until", "producer", "price_example",
                        "stars", "no_notices", "thank_you", "was_this_useful"})
    if (key == k) return true;
  return false;
}

}  // namespace

TEST_CASE("catalogues: every key the kiosk uses has a Vietnamese text") {
  Catalogues c = load();
  std::string missing;
  for (const auto& k : keys_in_code())
    if (!c.strings.has("vi", k)) missing += (missing.empty() ? "" : ", ") + k;
  CHECK_MESSAGE(missing.empty(), "keys used in kiosk/ with no vi text: " << missing);
}

TEST_CASE("catalogues: en and zh-Hans have every key of vi · hmn and blt coverage") {
  Catalogues c = load();
  for (const auto& k : keys_in_code()) c.reference.insert(k);
  REQUIRE(c.reference.size() > 100);
  for (const std::string lang : {"en", "zh-Hans"}) {
    CAPTURE(lang);
    int n = 0;
    const std::string missing = missing_in(c, lang, &n);
    CHECK_MESSAGE(n == 0, n << " keys have no " << lang << " text: " << missing);
  }
  const int total = static_cast<int>(c.reference.size());
  int hmn_missing = 0, blt_missing = 0;
  missing_in(c, "hmn", &hmn_missing);
  missing_in(c, "blt", &blt_missing);
  MESSAGE("hmn: " << total - hmn_missing << "/" << total << " keys, blt: " << total - blt_missing << "/" << total
                  << " keys");
  int core = 0;
  for (const std::string lang : {"hmn", "blt"}) {
    CAPTURE(lang);
    std::string missing;
    core = 0;
    for (const auto& k : c.reference) {
      if (outside_core_screens(k)) continue;
      ++core;
      if (!c.strings.has(lang, k)) missing += (missing.empty() ? "" : ", ") + k;
    }
    CHECK_MESSAGE(missing.empty(), "keys of home, procedures, search, keyboard, header or footer with no " << lang
                                                                                                      << " text: " << missing);
  }
  CHECK(core > 70);  // the core set is most of the catalogue, not an empty filter
  // A Chinese text that is the Vietnamese one copied over is not a translation.
  int same = 0;
  for (const auto& k : c.reference) {
    const std::string* zh = c.strings.find("zh-Hans", k);
    const std::string* vi = c.strings.find("vi", k);
    if (c.strings.has("zh-Hans", k) && zh && vi && *zh == *vi && k != "keyboard_telex" && k != "keyboard_vni") {
      ++same;
      MESSAGE("zh-Hans text of " << k << " is the Vietnamese one: " << *zh);
    }
  }
  CHECK(same == 0);
}

TEST_CASE("catalogues: the Hmong and Thái catalogues say they await a native speaker's review") {
  for (const char* lang : {"hmn", "blt"}) {
    CAPTURE(lang);
    std::ifstream in(kSource / "content" / "sample" / "strings" / "ui-strings" / (std::string(lang) + ".md"));
    std::stringstream ss;
    ss << in.rdbuf();
    CHECK(ss.str().find("AWAITING REVIEW BY A NATIVE SPEAKER") != std::string::npos);
  }
}

// Regression tests for what the fuzzers (tests/fuzz/) found in the authoring reader. Each finding's
// input is also kept under tests/fuzz/regressions/<target>/ and replayed by tests/fuzz/run.sh.
#include <doctest/doctest.h>

#include "content/authoring/reader.h"
#include "content/model/model.h"
#include "tests/support/test_support.h"

using namespace tramtin;
using tramtin::test::TempDir;
using tramtin::test::write_file;

namespace {

SourceTree read_one(const TempDir& dir, const std::string& item_toml) {
  write_file(dir.path() / "notices" / "tb-hop" / "item.toml", item_toml);
  write_file(dir.path() / "notices" / "tb-hop" / "vi.md",
             "+++\ntitle = \"Lịch họp thôn\"\nsummary = \"Mời bà con dự họp.\"\n+++\n\nHọp lúc 19 giờ.\n");
  return read_source_tree(dir.path());
}

}  // namespace

// fuzz_item: a year before 1970 was accepted by `validate` and `build`, and then every kiosk refused
// the bundle (item_from_json: "publish_at: out of range"). Now the staff tool names the line.
TEST_CASE("fuzz finding: an item dated before 1970 is an error in the reader, not a bundle kiosks reject") {
  TempDir dir;
  for (const char* line : {"publish_at = 1013-11-19T08:00:00+07:00", "publish_at = 1969-12-31",
                           "expire_at = 0999-01-01T00:00:00Z"}) {
    CAPTURE(line);
    SourceTree t = read_one(dir, std::string("kind = \"notice\"\n") + line + "\n");
    REQUIRE_FALSE(t.ok());
    bool named = false;
    for (const auto& d : t.diagnostics)
      named |= d.line == 2 && d.message.find("before 1970") != std::string::npos;
    CHECK_MESSAGE(named, (t.diagnostics.empty() ? std::string() : format_diagnostic(t.diagnostics[0])));
  }
  // 1970 itself and later dates are fine, and what the reader accepts a kiosk accepts.
  SourceTree ok = read_one(dir, "kind = \"notice\"\npublish_at = 1970-01-01T07:00:00+07:00\n");
  REQUIRE(ok.ok());
  REQUIRE(ok.items.size() == 1);
  std::string error;
  CHECK_MESSAGE(item_from_json(item_to_json(ok.items[0]), &error).has_value(), error);
}

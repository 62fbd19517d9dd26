// Tests for content/base/files: the whole-file reader with its cap, and the atomic writer.
// Layer: tests.
#include <doctest/doctest.h>

#include <filesystem>

#include "content/base/files.h"
#include "tests/support/test_support.h"

using namespace tramtin;
namespace fs = std::filesystem;

TEST_CASE("base/files: read_file reads whole files, refuses more than the cap, names the path") {
  test::TempDir d;
  const std::string bytes = std::string(70 * 1024, 'a') + std::string("\0b\n", 3);  // two chunks, a NUL
  test::write_file(d.path() / "f", bytes);
  auto r = read_file(d.str("f"));
  REQUIRE(r.ok());
  CHECK(*r == bytes);
  CHECK(read_file(d.str("f"), bytes.size()).ok());  // exactly the cap is fine
  auto over = read_file(d.str("f"), bytes.size() - 1);
  CHECK_FALSE(over.ok());
  CHECK(over.error().find("larger than") != std::string::npos);
  auto missing = read_file(d.str("missing"));
  CHECK_FALSE(missing.ok());
  CHECK(missing.error().find(d.str("missing")) != std::string::npos);
}

TEST_CASE("base/files: write_file_atomic replaces a file whole and leaves no temporary behind") {
  test::TempDir d;
  const std::string path = d.str("manifest.json");
  REQUIRE(write_file_atomic(path, "one").ok());
  CHECK(*read_file(path) == "one");
  REQUIRE(write_file_atomic(path, "two, longer", /*durable=*/false).ok());
  CHECK(*read_file(path) == "two, longer");
  int files = 0;
  for (const auto& e : fs::directory_iterator(d.path())) {
    (void)e;
    ++files;
  }
  CHECK(files == 1);
  CHECK((fs::status(path).permissions() & fs::perms::others_read) != fs::perms::none);  // 0644

  Status s = write_file_atomic(d.str("no/such/folder/f"), "x");
  CHECK_FALSE(s.ok());
  CHECK(s.message.find("no/such/folder/f") != std::string::npos);
}

// Tests for content/base/format: the one byte formatter. Layer: tests.
#include <doctest/doctest.h>

#include "content/base/format.h"

using namespace tramtin;

TEST_CASE("base/format: bytes in binary units, one decimal below 10, a chosen decimal point") {
  CHECK(format_bytes(0) == "0 B");
  CHECK(format_bytes(1023) == "1023 B");
  CHECK(format_bytes(1536) == "1.5 KB");
  CHECK(format_bytes(1536, ',') == "1,5 KB");
  CHECK(format_bytes(1572864) == "1.5 MB");
  CHECK(format_bytes(23ull * 1024 * 1024) == "23 MB");
  CHECK(format_bytes(3650722202ull, ',') == "3,4 GB");
  CHECK(format_bytes(5ull << 50) == "5120 TB");      // the largest unit keeps counting
}

// Tests for kiosk/core/i18n: lookup with fallback (language, then Vietnamese, then the key), content
// strings overriding the built-in ones, and lookups that never share a buffer. Layer: tests.
#include <doctest/doctest.h>

#include <string>

#include "kiosk/core/i18n.h"

using namespace tramtin;

TEST_CASE("i18n: a label falls back to Vietnamese · then to its key") {
  Strings s;
  CHECK(s.get("vi", "home") == "Trang chủ");
  CHECK(s.get("en", "home") == "Home");
  CHECK(s.get("hmn", "home") == "Trang chủ");  // no Hmong table yet: Vietnamese
  CHECK(s.get("en", "no_such_key") == "no_such_key");
  CHECK(s.find("en", "no_such_key") == nullptr);
  REQUIRE(s.find("hmn", "home") != nullptr);
  CHECK(*s.find("hmn", "home") == "Trang chủ");

  s.add("hmn", {{"home", "Tsev"}});
  CHECK(s.get("hmn", "home") == "Tsev");
  CHECK(s.has("hmn", "home"));
  CHECK_FALSE(s.has("hmn", "back"));
  CHECK(s.get("hmn", "back") == "Quay lại");
}

TEST_CASE("i18n: two missing keys read back differently in one expression") {
  const Strings s;
  // Both lookups are alive at once: with a shared fallback buffer both would read "missing_b".
  CHECK(s.get("vi", "missing_a") + "|" + s.get("vi", "missing_b") == "missing_a|missing_b");
  CHECK(s.get("en", "missing_a") != s.get("en", "missing_b"));
  const std::string& a = s.get("zh-Hans", "missing_a");  // a temporary bound to a reference lives on
  const std::string& b = s.get("zh-Hans", "missing_b");
  CHECK(a == "missing_a");
  CHECK(b == "missing_b");
  // A found label and a missing one in one expression, too.
  CHECK(s.get("en", "home") + "|" + s.get("en", "missing_c") == "Home|missing_c");
}

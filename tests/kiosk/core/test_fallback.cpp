// Per-field fallback to Vietnamese (kiosk/core/fallback.h).
#include <doctest/doctest.h>

#include "kiosk/core/fallback.h"

using namespace tramtin;

TEST_CASE("fallback: the fields a partial translation lacks are listed, and only those Vietnamese has") {
  Item item;
  item.id = "x";
  item.kind = Kind::procedure;
  ItemText vi;
  vi.lang = "vi";
  vi.title = "Đăng ký khai sinh";
  vi.summary = "Tóm tắt";
  vi.procedure.agency = "UBND xã";
  vi.procedure.steps = {"Nộp hồ sơ"};
  ItemText hmn;
  hmn.lang = "hmn";
  hmn.title = "Sau npe menyuam";
  hmn.procedure.steps = {"Xa ntawv"};
  item.texts = {vi, hmn};
  const auto f = fell_back_fields(item, "hmn");
  CHECK(f == std::vector<std::string>{"summary", "agency"});  // address, result… are empty in vi too
  CHECK(fell_back(f, "agency"));
  CHECK_FALSE(fell_back(f, "steps"));
  CHECK(fell_back_fields(item, "vi").empty());
  // No text at all in the language: everything Vietnamese has.
  CHECK(fell_back_fields(item, "en") == std::vector<std::string>{"title", "summary", "agency", "steps"});
}

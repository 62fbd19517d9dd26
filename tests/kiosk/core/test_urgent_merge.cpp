// The kiosk's urgent list: the fast path's notices merged with the bundle's (kiosk/core/view_model.h
// merge_fast_urgent), over a real SQLite cache. Layer: tests.
#include <doctest/doctest.h>

#include "kiosk/core/view_model.h"
#include "tests/support/cache_fixtures.h"

using namespace tramtin;
using namespace tramtin::testing;

TEST_CASE("urgent merge: fast notices join the bundle's · same id: the newer version wins · expired drop out") {
  TempDir dir;
  auto w = open_writer(dir.file("c.db"));
  Item flood = notice("lu-quet", "Lũ quét (bản gói)", true);
  flood.priority = 100;
  flood.version = 3;
  REQUIRE(w->replace_all({flood, notice("hop-dan", "Họp dân", false)}, {}, meta(1)).ok());
  auto r = open_reader(dir.file("c.db"));

  Item quake = notice("dong-dat", "Động đất", true, 0, 5000);
  quake.priority = 200;
  Item flood_new = flood;
  flood_new.version = 4;
  flood_new.texts[0].title = "Lũ quét (bản khẩn)";
  Item flood_old = flood;
  flood_old.version = 2;
  flood_old.texts[0].title = "Lũ quét (cũ)";
  Item later = notice("sau", "Chưa đến giờ", true, 9000);

  auto view = [&](ScreenId screen, const std::string& arg, const std::vector<Item>& fast, UnixTime expires, UnixTime now) {
    ViewModel v;
    v.route = Route{screen, arg};
    auto listed = r->active_notices("vi", now, 50);
    REQUIRE(listed.ok());
    const std::vector<ItemRow> rows = listed.value();
    for (const auto& row : rows) {
      if (row.urgent) v.urgent.push_back(row);
      if (screen == ScreenId::notices) v.rows.push_back(row);
    }
    merge_fast_urgent(v, *r, &fast, expires, "vi", now);
    return v;
  };

  auto v = view(ScreenId::notices, "", {quake, flood_new, later}, 10000, 1000);
  REQUIRE(v.urgent.size() == 2);
  CHECK(v.urgent[0].id == "dong-dat");  // most urgent first
  CHECK(v.urgent[1].title == "Lũ quét (bản khẩn)");
  REQUIRE(v.rows.size() == 3);
  CHECK(v.rows[0].id == "dong-dat");
  CHECK(v.rows[2].id == "hop-dan");

  // An older fast copy does not replace the bundle's newer one.
  v = view(ScreenId::home, "", {flood_old}, 10000, 1000);
  REQUIRE(v.urgent.size() == 1);
  CHECK(v.urgent[0].title == "Lũ quét (bản gói)");

  // The bundle withdrew it since (a newer version, expired): the older fast copy does not bring it back.
  {
    Item withdrawn = notice("rut", "Đã rút", true, 0, 500);
    withdrawn.version = 2;
    REQUIRE(w->replace_all({flood, withdrawn}, {}, meta(2)).ok());
    Item fast_rut = notice("rut", "Đã rút (bản khẩn cũ)", true);
    CHECK(view(ScreenId::home, "", {fast_rut}, 10000, 1000).urgent.size() == 1);  // the flood only
    fast_rut.version = 3;
    CHECK(view(ScreenId::home, "", {fast_rut}, 10000, 1000).urgent.size() == 2);  // newer than the bundle's
    REQUIRE(w->replace_all({flood, notice("hop-dan", "Họp dân", false)}, {}, meta(3)).ok());
  }
  // Its own expire_at, and the file's: gone.
  CHECK(view(ScreenId::home, "", {quake}, 10000, 6000).urgent.size() == 1);
  CHECK(view(ScreenId::home, "", {quake, flood_new}, 900, 1000).urgent[0].title == "Lũ quét (bản gói)");
  // A scheduled one comes when its time comes.
  CHECK(view(ScreenId::home, "", {later}, 20000, 9500).urgent.size() == 2);

  // The detail of a fast-only notice opens from the file.
  v = view(ScreenId::article, "dong-dat", {quake}, 10000, 1000);
  REQUIRE(v.item);
  CHECK(v.item->text().title == "Động đất");

  CHECK(banner_index(3, 0) == 0);
  CHECK(banner_index(3, kBannerSeconds) == 1);
  CHECK(banner_index(3, 3 * kBannerSeconds + 1) == 0);
  CHECK(banner_index(0, 100) == 0);
}

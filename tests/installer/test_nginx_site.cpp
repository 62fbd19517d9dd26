// installer/nginx/tramtin.conf, run by a real nginx: who may read and write what. Bundles are read by
// anybody and written only by staff, only where `tramtin-publish upload` writes; DELETE only where
// `upload --prune` deletes; reports are written only by the kiosk whose id is the folder, and read
// by nobody over HTTP. Layer: tests.
#include <doctest/doctest.h>

#include <filesystem>

#include "tests/installer/site_server.h"

using tramtin::sitetest::SiteServer;
using tramtin::sitetest::slurp;
using tramtin::sitetest::spit;

namespace {
const std::string kObj = "/bundles/lai-chau-commune/objects/" + std::string(64, 'a');
const std::string kStaff = "staff:staff-pw";
}  // namespace

TEST_CASE("nginx site: bundles are public to read and written by staff only, on upload's paths only") {
  SiteServer s;
  // Staff upload what `tramtin-publish upload` puts.
  CHECK(s.status("PUT", kObj, kStaff, "object") == 201);
  CHECK(s.status("PUT", "/bundles/lai-chau-commune/manifests/7.json", kStaff, "{}") == 201);
  CHECK(s.status("PUT", "/bundles/lai-chau-commune/manifests/index.json", kStaff, "{}") == 201);
  CHECK(s.status("PUT", "/bundles/lai-chau-commune/manifest.sig", kStaff, "sig") == 201);
  CHECK(s.status("PUT", "/bundles/lai-chau-commune/manifest.json", kStaff, "{}") == 201);
  CHECK(s.status("PUT", "/bundles/lai-chau-commune/manifest.json", kStaff, "{ }") == 204);  // replaced
  CHECK(s.status("PUT", "/bundles/lai-chau-commune/urgent.sig", kStaff, "sig") == 201);     // the fast path
  CHECK(s.status("PUT", "/bundles/lai-chau-commune/urgent.json", kStaff, "{}") == 201);
  CHECK(s.status("GET", "/bundles/lai-chau-commune/urgent.json") == 200);
  CHECK(s.status("PUT", "/bundles/lai-chau-commune/urgent.json", "", "evil") == 401);
  CHECK(s.status("DELETE", "/bundles/lai-chau-commune/urgent.json", kStaff) == 405);
  CHECK(s.status("PUT", "/bundles/lai-chau-commune/urgent.txt", kStaff, "x") == 403);
  CHECK(slurp(s.srv() + kObj) == "object");

  // Kiosks read without a login.
  CHECK(s.status("GET", "/bundles/lai-chau-commune/manifest.json") == 200);
  CHECK(s.status("HEAD", kObj) == 200);
  CHECK(s.status("GET", "/bundles/lai-chau-commune/objects/") == 403);  // no listing

  // No login, a wrong login, a kiosk's login: refused.
  CHECK(s.status("PUT", "/bundles/lai-chau-commune/manifest.json", "", "evil") == 401);
  CHECK(s.status("PUT", "/bundles/lai-chau-commune/manifest.json", "staff:wrong", "evil") == 401);
  CHECK(s.status("PUT", "/bundles/lai-chau-commune/manifest.json", "laichau-binhlu-01:kiosk-pw", "evil") == 401);
  CHECK(s.status("DELETE", kObj) == 401);
  CHECK(slurp(s.srv() + "/bundles/lai-chau-commune/manifest.json") == "{ }");

  // Staff cannot write anywhere else, nor delete the live manifest.
  CHECK(s.status("PUT", "/bundles/lai-chau-commune/index.html", kStaff, "x") == 403);
  CHECK(s.status("PUT", "/bundles/lai-chau-commune/objects/not-a-hash", kStaff, "x") == 403);
  CHECK(s.status("PUT", "/bundles/a/b/manifest.json", kStaff, "x") == 403);
  CHECK(s.status("PUT", "/elsewhere.txt", kStaff, "x") == 404);
  CHECK(s.status("DELETE", "/bundles/lai-chau-commune/manifest.json", kStaff) == 405);
  CHECK(s.status("DELETE", "/bundles/lai-chau-commune/manifest.sig", kStaff) == 405);
  CHECK(s.status("MKCOL", "/bundles/x/", kStaff) == 403);
  CHECK(!std::filesystem::exists(s.srv() + "/bundles/lai-chau-commune/index.html"));

  // What prune deletes, staff may delete.
  CHECK(s.status("DELETE", "/bundles/lai-chau-commune/manifests/7.json", kStaff) == 204);
  CHECK(s.status("DELETE", kObj, kStaff) == 204);
  CHECK(!std::filesystem::exists(s.srv() + kObj));
}

TEST_CASE("nginx site: a kiosk writes its own reports only, and nobody reads them over HTTP") {
  SiteServer s;
  const std::string mine = "/reports/laichau-binhlu-01/2026-11-30/usage.json";
  CHECK(s.status("PUT", mine, "laichau-binhlu-01:kiosk-pw", "{\"views\":3}") == 201);
  CHECK(slurp(s.srv() + mine) == "{\"views\":3}");
  CHECK(s.status("PUT", mine, "", "x") == 403);                           // no login: the names differ
  CHECK(s.status("PUT", mine, "laichau-binhlu-01:wrong", "x") == 401);
  CHECK(s.status("PUT", mine, "other-kiosk:other-pw", "forged") == 403);  // another kiosk's folder
  CHECK(s.status("PUT", mine, kStaff, "x") == 403);
  CHECK(slurp(s.srv() + mine) == "{\"views\":3}");
  CHECK(s.status("GET", mine, "laichau-binhlu-01:kiosk-pw") == 403);
  CHECK(s.status("GET", mine) == 403);
  CHECK(s.status("DELETE", mine, "laichau-binhlu-01:kiosk-pw") == 403);
  CHECK(s.status("GET", "/reports/") == 403);
  CHECK(s.status("PUT", "/reports/laichau-binhlu-01", "laichau-binhlu-01:kiosk-pw", "x") == 403);
  CHECK(s.status("GET", "/") == 404);
}

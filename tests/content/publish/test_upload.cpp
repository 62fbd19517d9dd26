// `tramtin-publish upload`: logins from the environment, ~/.netrc or the URL, never shown; schemes it
// cannot use are usage errors; the upload history and `--prune N` against the real content server
// configuration (installer/nginx/tramtin.conf). Layer: tests.
#include <doctest/doctest.h>

#include <filesystem>
#include <set>

#include "content/bundle/bundle.h"
#include "content/bundle/upload.h"
#include "tests/installer/site_server.h"

namespace fs = std::filesystem;
using namespace tramtin;
using tramtin::sitetest::last_line;
using tramtin::sitetest::SiteServer;
using tramtin::sitetest::slurp;
using tramtin::sitetest::spit;
using tramtin::sitetest::Staff;
using tramtin::test::run;
using tramtin::test::TempDir;

namespace {

const std::string kPublish = TRAMTIN_PUBLISH_EXE;
const std::string kFeedPath = "/bundles/lai-chau-commune/";

bool contains(const std::string& text, const std::string& needle) { return text.find(needle) != std::string::npos; }

// Runs tramtin-publish with HOME set to `home` and no login in the environment, plus `env`.
test::RunResult publish(const std::string& home, const std::string& args, const std::string& env = {}) {
  return run("env -u TRAMTIN_UPLOAD_USER -u TRAMTIN_UPLOAD_PASSWORD HOME=" + home + " " + env + " " + kPublish +
             " upload " + args);
}

std::set<std::string> objects_on(const std::string& dir) {
  std::set<std::string> s;
  if (!fs::exists(dir)) return s;
  for (auto& e : fs::directory_iterator(dir)) s.insert(e.path().filename().string());
  return s;
}

}  // namespace

TEST_CASE("upload: logins in URLs are split off and redacted") {
  auto l = bundle::split_login("https://staff:s%40cret:x@dav.example.vn:8443/tramtin/?a=b");
  CHECK(l.url == "https://dav.example.vn:8443/tramtin/?a=b");
  CHECK(l.username == "staff");
  CHECK(l.password == "s@cret:x");
  CHECK(l.had_password);
  auto u = bundle::split_login("http://staff@host/x");
  CHECK(u.url == "http://host/x");
  CHECK(u.username == "staff");
  CHECK(!u.had_password);
  auto n = bundle::split_login("http://host/a@b");
  CHECK(n.url == "http://host/a@b");
  CHECK(n.username.empty());

  CHECK(bundle::redact("HTTP 401 from https://staff:hunter2@host/x and http://a:b@c") ==
        "HTTP 401 from https://staff:***@host/x and http://a:***@c");
  CHECK(bundle::redact("cannot find the server staff:hunter2@host", "hunter2") == "cannot find the server staff:***@host");
  CHECK(bundle::redact("no secret here", "") == "no secret here");

  CHECK(bundle::upload_scheme_ok("http://x/"));
  CHECK(bundle::upload_scheme_ok("HTTPS://x/"));
  CHECK(!bundle::upload_scheme_ok("ftp://x/"));
  CHECK(!bundle::upload_scheme_ok("file:///srv/x"));
  CHECK(!bundle::upload_scheme_ok("/srv/x"));
  CHECK(!bundle::upload_scheme_ok("http://"));
}

TEST_CASE("upload: a scheme it cannot use is a usage error, and no message shows the password") {
  Staff staff;
  staff.build(1);
  TempDir home;
  for (const char* url : {"ftp://staff:hunter2@host/x", "sftp://staff:hunter2@host/x", "file:///srv/x",
                          "staff:hunter2@host/x"}) {
    CAPTURE(url);
    auto r = publish(home.str(), staff.out + " '" + url + "'");
    CHECK(r.status == 2);
    CHECK(contains(r.err, "usage: tramtin-publish upload"));
    CHECK(!contains(r.err + r.out, "hunter2"));
  }
  // A server that is not there: the message names it without the password.
  const int port = synctest::free_port();
  auto r = publish(home.str(), staff.out + " 'http://staff:hunter2@127.0.0.1:" + std::to_string(port) + "/x/'");
  CHECK(r.status == 3);
  CHECK(contains(r.err, "cannot connect to 127.0.0.1"));
  CHECK(contains(r.err, "password in the address"));
  CHECK(!contains(r.err + r.out, "hunter2"));
  // Bad usage.
  CHECK(publish(home.str(), staff.out).status == 2);
  CHECK(publish(home.str(), staff.out + " http://h/ --prune 0").status == 2);
  CHECK(publish(home.str(), staff.out + " http://h/ --prune").status == 2);
  CHECK(publish(home.str(), "--prune 2").status == 2);
  CHECK(publish(home.str(), staff.out + " http://h/", "TRAMTIN_UPLOAD_USER=staff").status == 2);
}

TEST_CASE("upload: the login comes from ~/.netrc or TRAMTIN_UPLOAD_USER/PASSWORD; without one the server says 401") {
  SiteServer server;
  Staff staff;
  staff.build(1);
  const std::string feed = server.url(kFeedPath);
  TempDir home;

  auto none = publish(home.str(), staff.out + " " + feed);
  CHECK(none.status == 3);
  CHECK(contains(none.err, "HTTP 401"));
  CHECK(contains(none.err, "~/.netrc"));
  CHECK(!fs::exists(server.srv() + kFeedPath + "manifest.json"));

  auto wrong = publish(home.str(), staff.out + " " + feed, "TRAMTIN_UPLOAD_USER=staff TRAMTIN_UPLOAD_PASSWORD=nope");
  CHECK(wrong.status == 3);
  CHECK(!contains(wrong.err + wrong.out, "nope"));

  auto env = publish(home.str(), staff.out + " " + feed, "TRAMTIN_UPLOAD_USER=staff TRAMTIN_UPLOAD_PASSWORD=staff-pw");
  CHECK_MESSAGE(env.status == 0, env.err);
  CHECK(contains(env.out, "version 1 is live at " + feed));
  CHECK(!contains(env.err + env.out, "staff-pw"));
  CHECK(fs::exists(server.srv() + kFeedPath + "manifests/1.json"));
  CHECK(slurp(server.srv() + kFeedPath + "manifests/1.json") == slurp(staff.out + "/manifest.json"));
  CHECK(slurp(server.srv() + kFeedPath + "manifests/index.json") == "{\"format\":1,\"versions\":[1]}\n");

  spit(home.str(".netrc"), "machine 127.0.0.1 login staff password staff-pw\n");
  fs::permissions(home.str(".netrc"), fs::perms::owner_read | fs::perms::owner_write);
  staff.edit(2);
  CHECK(staff.build(2) == 2);
  auto netrc = publish(home.str(), staff.out + " " + feed);
  CHECK_MESSAGE(netrc.status == 0, netrc.err);
  CHECK(contains(netrc.out, "uploaded 1 objects"));
  CHECK(contains(netrc.out, "version 2 is live"));
  CHECK(!contains(netrc.err + netrc.out, "staff-pw"));
  CHECK(slurp(server.srv() + kFeedPath + "manifest.json") == slurp(staff.out + "/manifest.json"));
  CHECK(slurp(server.srv() + kFeedPath + "manifests/index.json") == "{\"format\":1,\"versions\":[2,1]}\n");
}

TEST_CASE("upload --prune N: deletes only what none of the newest N versions needs, and the kiosk still syncs") {
  SiteServer server;
  Staff staff;
  const std::string feed = server.url(kFeedPath);
  const std::string objects = server.srv() + kFeedPath + "objects";
  const std::string login = "TRAMTIN_UPLOAD_USER=staff TRAMTIN_UPLOAD_PASSWORD=staff-pw";
  TempDir home;

  std::vector<std::set<std::string>> needs;  // objects each version needs (from the bundle folder)
  for (int v = 1; v <= 3; ++v) {
    if (v > 1) staff.edit(v);
    CHECK(staff.build(v) == v);
    auto up = publish(home.str(), staff.out + " " + feed, login);
    REQUIRE_MESSAGE(up.status == 0, up.err);
    auto m = bundle::manifest_from_json(slurp(staff.out + "/manifest.json"));
    REQUIRE(m);
    std::vector<bundle::Page> pages;  // format 2: the entries are in the index pages
    for (const auto& ref : m->pages) {
      auto p = bundle::page_from_json(slurp(staff.out + "/" + bundle::page_relative_path(ref.sha256)), ref.sha256);
      REQUIRE(p);
      pages.push_back(std::move(*p));
    }
    REQUIRE(bundle::merge_pages(*m, pages).ok());
    CHECK(fs::exists(server.srv() + kFeedPath + bundle::page_relative_path(m->pages.front().sha256)));
    std::set<std::string> s;
    for (const auto& e : m->entries) s.insert(e.sha256);
    needs.push_back(s);
  }
  const auto all = objects_on(objects);
  CHECK(all.size() == needs[2].size() + 2);  // one changed object per version

  // Keeping 2: version 1's own object goes, versions 2 and 3 stay whole.
  auto p2 = publish(home.str(), "--prune 2 " + feed, login);
  CHECK_MESSAGE(p2.status == 0, p2.err);
  CHECK(contains(p2.out, "pruned 1 old version(s): 1 objects deleted"));
  CHECK(contains(p2.out, "kept version(s) 3, 2"));
  auto left = objects_on(objects);
  for (int v : {1, 2}) for (const auto& o : needs[static_cast<std::size_t>(v)]) CHECK(left.count(o) == 1);
  CHECK(left.size() == all.size() - 1);
  CHECK(!fs::exists(server.srv() + kFeedPath + "manifests/1.json"));

  // Upload and prune in one go, keeping 1: exactly version 3's objects stay.
  auto p1 = publish(home.str(), staff.out + " " + feed + " --prune 1", login);
  CHECK_MESSAGE(p1.status == 0, p1.err);
  CHECK(contains(p1.out, "already on the server"));
  CHECK(contains(p1.out, "pruned 1 old version(s): 1 objects deleted"));
  CHECK(objects_on(objects) == needs[2]);
  CHECK(slurp(server.srv() + kFeedPath + "manifests/index.json") == "{\"format\":1,\"versions\":[3]}\n");
  // Nothing more to prune: a no-op, not an error.
  auto again = publish(home.str(), "--prune 1 " + feed, login);
  CHECK(again.status == 0);
  CHECK(contains(again.out, "pruned 0 old version(s)"));

  // Prune needs the staff login too (DELETE), and says so.
  auto anon = publish(home.str(), "--prune 1 " + feed);
  CHECK(anon.status == 0);  // nothing to delete, so no DELETE was needed

  // A kiosk syncs the pruned feed.
  TempDir kiosk;
  const std::string cfg = staff.kiosk_config(kiosk.str("tramtin.toml"), feed, kiosk.str("data"));
  auto sync = run(std::string(TRAMTIN_KIOSK_EXE) + " --config " + cfg + " --sync-once");
  CHECK_MESSAGE(sync.status == 0, sync.err);
  CHECK(last_line(sync.out) == "applied version 3");
}

TEST_CASE("upload --prune: a server without upload history is left alone") {
  SiteServer server;
  TempDir home;
  auto r = publish(home.str(), "--prune 1 " + server.url(kFeedPath), "TRAMTIN_UPLOAD_USER=staff TRAMTIN_UPLOAD_PASSWORD=staff-pw");
  CHECK(r.status == 3);
  CHECK(contains(r.err, "no upload history"));
}

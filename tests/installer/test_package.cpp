// The Debian package (`bash installer/dev.sh package`) as a technician gets it: what dpkg-deb says
// about it (Depends from the one package list, the conffile, the units, the udev rule, the maintainer
// scripts), its programs run from an unpacked copy, load only libraries its Depends provide and hold
// no path of the tree they were built in; then the acceptance path: a staff upload through the
// content server of installer/nginx/, and the installed kiosk's `--sync-once` from it.
// The units pass `systemd-analyze verify`; the USB import script imports a folder.
//
// The .deb: $TRAMTIN_DEB, else <source>/build-package/tramtin_<version>_<arch>.deb. Without one the
// package tests say so and pass, unless TRAMTIN_REQUIRE_DEB=1 (CI builds the package first and sets it).
// Layer: tests.
#include <doctest/doctest.h>

#include <filesystem>
#include <map>
#include <regex>
#include <set>
#include <sstream>

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

const std::string kSource = TRAMTIN_SOURCE_DIR;

bool contains(const std::string& text, const std::string& needle) { return text.find(needle) != std::string::npos; }

std::vector<std::string> lines_of(const std::string& s) {
  std::vector<std::string> out;
  std::istringstream in(s);
  for (std::string l; std::getline(in, l);) out.push_back(l);
  return out;
}

std::string trim(std::string s) {
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) s.pop_back();
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front()))) s.erase(0, 1);
  return s;
}

// The packages tagged `run` in installer/debian-packages.txt.
std::set<std::string> run_packages() {
  std::set<std::string> out;
  std::regex line(R"(^([a-z0-9][a-z0-9.+-]+)\s+#\s*run\b.*)");
  for (const auto& l : lines_of(slurp(kSource + "/installer/debian-packages.txt"))) {
    std::smatch m;
    if (std::regex_match(l, m, line)) out.insert(m[1]);
  }
  return out;
}

// The .deb to test, or "" (with the reason in `why`).
std::string find_deb(std::string& why) {
  if (const char* e = std::getenv("TRAMTIN_DEB"); e && *e) {
    if (fs::exists(e)) return e;
    why = std::string("TRAMTIN_DEB=") + e + " does not exist";
    return {};
  }
  const std::string arch = trim(run("dpkg --print-architecture").out);
  const std::string p = kSource + "/build-package/tramtin_" + TRAMTIN_VERSION + "_" + arch + ".deb";
  if (fs::exists(p)) return p;
  why = p + " is not built (bash installer/dev.sh package)";
  return {};
}

// Returns the .deb, or "" when the test should stop here (a message says why; CI makes it a failure).
std::string deb_or_skip() {
  std::string why;
  std::string deb = find_deb(why);
  if (deb.empty()) {
    const char* req = std::getenv("TRAMTIN_REQUIRE_DEB");
    if (req && std::string(req) == "1") FAIL_CHECK("no package to test: " << why);
    else MESSAGE("package test skipped: " << why);
  }
  return deb;
}

// The package unpacked into a temporary root (dpkg-deb -x), once per test.
struct Unpacked {
  TempDir dir;
  std::string root;
  explicit Unpacked(const std::string& deb) {
    root = dir.str("root");
    auto r = run("dpkg-deb -x '" + deb + "' '" + root + "'");
    REQUIRE_MESSAGE(r.status == 0, r.err);
  }
  std::string bin(const std::string& name) const { return root + "/usr/bin/" + name; }
};

std::string field(const std::string& control, const std::string& name) {
  for (const auto& l : lines_of(control))
    if (l.rfind(" " + name + ": ", 0) == 0) return l.substr(name.size() + 3);
  return {};
}

// The Debian package owning `path` (tries the /usr-merged twin too), "" if none.
std::string owner_of(const std::string& path) {
  std::vector<std::string> tries = {path};
  std::error_code ec;
  auto canon = fs::canonical(path, ec);
  if (!ec) tries.push_back(canon.string());
  for (std::string p : std::vector<std::string>(tries)) {
    if (p.rfind("/usr/", 0) == 0) tries.push_back(p.substr(4));
    else tries.push_back("/usr" + p);
  }
  for (const auto& p : tries) {
    auto r = run("dpkg -S '" + p + "' 2>/dev/null");
    if (r.status == 0 && !r.out.empty()) {
      std::string pkg = r.out.substr(0, r.out.find(':'));
      return pkg;
    }
  }
  return {};
}

}  // namespace

TEST_CASE("package: dpkg-deb -I and -c show the Depends, the conffile, the scripts, the units and the udev rule") {
  const std::string deb = deb_or_skip();
  if (deb.empty()) return;
  auto info = run("dpkg-deb -I '" + deb + "'");
  REQUIRE_MESSAGE(info.status == 0, info.err);
  CHECK(field(info.out, "Package") == "tramtin");
  CHECK(field(info.out, "Version") == TRAMTIN_VERSION);
  CHECK(field(info.out, "Architecture") == trim(run("dpkg --print-architecture").out));
  const std::string depends = field(info.out, "Depends");
  std::set<std::string> dep_set;
  {
    std::istringstream in(depends);
    for (std::string d; std::getline(in, d, ',');) dep_set.insert(trim(d));
  }
  CHECK(dep_set == run_packages());
  for (const char* p : {"libtomlplusplus3", "cage", "adduser", "fonts-noto-core", "libsdl2-2.0-0"}) CHECK(dep_set.count(p) == 1);
  // Read-aloud speaks with espeak-ng: the library and its voices are run-time dependencies.
  for (const char* p : {"libespeak-ng1", "espeak-ng-data"}) CHECK(dep_set.count(p) == 1);
  for (const char* s : {" conffiles", " postinst", " prerm", " postrm"}) CHECK(contains(info.out, s));
  CHECK(trim(run("dpkg-deb -I '" + deb + "' conffiles").out) == "/etc/tramtin/tramtin.toml");
  const std::string postinst = run("dpkg-deb -I '" + deb + "' postinst").out;
  CHECK(contains(postinst, "adduser --system"));
  CHECK(contains(postinst, "/var/lib/tramtin"));
  const std::string postrm = run("dpkg-deb -I '" + deb + "' postrm").out;
  CHECK(contains(postrm, "purge)"));
  CHECK(contains(postrm, "rm -rf /var/lib/tramtin"));

  auto list = run("dpkg-deb -c '" + deb + "'");
  REQUIRE(list.status == 0);
  for (const char* f : {"./usr/bin/tramtin", "./usr/bin/tramtin-publish", "./etc/tramtin/tramtin.toml",
                        "./lib/systemd/system/tramtin.service", "./lib/systemd/system/tramtin-maintenance.service",
                        "./lib/systemd/system/tramtin-usb@.service", "./lib/systemd/logind.conf.d/tramtin.conf",
                        "./lib/udev/rules.d/90-tramtin-usb.rules", "./usr/lib/tramtin/tramtin-session",
                        "./usr/lib/tramtin/tramtin-usb-import", "./usr/share/tramtin/fonts/fonts.toml",
                        "./usr/share/tramtin/content/sample/", "./usr/share/doc/tramtin/INSTALL.md",
                        "./usr/share/doc/tramtin/README.md", "./usr/share/doc/tramtin/nginx/tramtin.conf"}) {
    CAPTURE(f);
    CHECK(contains(list.out, std::string(f) + (std::string(f).back() == '/' ? "" : "\n")));
  }
  // Programs and scripts executable, owned by root.
  for (const auto& l : lines_of(list.out)) {
    if (l[0] == '-' && (contains(l, "./usr/bin/") || contains(l, "./usr/lib/tramtin/"))) {
      CAPTURE(l);
      CHECK(l.rfind("-rwxr-xr-x root/root", 0) == 0);
    }
  }
}

TEST_CASE("package: the unpacked programs run, load only what Depends provides, and hold no build path") {
  const std::string deb = deb_or_skip();
  if (deb.empty()) return;
  Unpacked u(deb);
  auto v = run(u.bin("tramtin") + " --version");
  CHECK(v.status == 0);
  CHECK(trim(v.out) == std::string("tramtin ") + TRAMTIN_VERSION);
  auto pv = run(u.bin("tramtin-publish") + " --version");
  CHECK(pv.status == 0);
  CHECK(trim(pv.out) == std::string("tramtin-publish ") + TRAMTIN_VERSION);

  const auto deps = run_packages();
  // The libraries each program names (NEEDED; what they need in turn, their packages depend on),
  // found where ldd finds them, must come from a `run` package.
  std::regex lib(R"(^\s*(\S+) => (/\S+) \(0x)");
  std::regex needed(R"(\(NEEDED\)\s+Shared library: \[([^\]]+)\])");
  for (const char* b : {"tramtin", "tramtin-publish"}) {
    auto l = run("ldd " + u.bin(b));
    REQUIRE(l.status == 0);
    CHECK(!contains(l.out, "not found"));
    std::map<std::string, std::string> where;
    for (const auto& line : lines_of(l.out)) {
      std::smatch m;
      if (std::regex_search(line, m, lib)) where[m[1]] = m[2];
    }
    auto d = run("readelf -d " + u.bin(b));
    REQUIRE(d.status == 0);
    int n_needed = 0;
    for (const auto& line : lines_of(d.out)) {
      std::smatch m;
      if (!std::regex_search(line, m, needed)) continue;
      ++n_needed;
      CAPTURE(m[1]);
      REQUIRE(where.count(m[1]) == 1);
      const std::string pkg = owner_of(where[m[1]]);
      CAPTURE(b);
      CAPTURE(line);
      CAPTURE(pkg);
      CHECK(!pkg.empty());
      CHECK(deps.count(pkg) == 1);
    }
    CHECK(n_needed >= 3);
    // No path of the source or build tree: the package finds its data in /usr/share/tramtin only.
    auto s = run("strings -a " + u.bin(b));
    REQUIRE(s.status == 0);
    for (const char* sub : {"/content/", "/kiosk/", "/fonts/", "/tests/", "/build"}) {
      CAPTURE(sub);
      CHECK_MESSAGE(!contains(s.out, kSource + sub), b << " holds a path of the tree " << kSource);
    }
    if (kSource.size() >= 10) CHECK_MESSAGE(!contains(s.out, kSource), b << " holds the build path " << kSource);
    CHECK(!contains(s.out, "build-package/"));
    CHECK(!contains(s.out, "/tests/support/"));
  }
  // The installed configuration is the commented one, with the installed data folder, and loads.
  const std::string toml = slurp(u.root + "/etc/tramtin/tramtin.toml");
  CHECK(contains(toml, "\ndata_dir = \"/var/lib/tramtin\""));
  CHECK(contains(toml, "trusted_keys = []"));
  CHECK(contains(toml, "/usr/share/doc/tramtin/INSTALL.md"));
  // The data the kiosk finds through /usr/share/tramtin.
  CHECK(fs::exists(u.root + "/usr/share/tramtin/fonts/fonts.toml"));
  CHECK(fs::exists(u.root + "/usr/share/tramtin/content/sample"));
}

TEST_CASE("package: staff upload through installer/nginx, then the installed kiosk --sync-once applies it") {
  const std::string deb = deb_or_skip();
  if (deb.empty()) return;
  Unpacked u(deb);
  SiteServer server;
  Staff staff;
  CHECK(staff.build(1) == 1);
  TempDir home;
  spit(home.str(".netrc"), "machine 127.0.0.1 login staff password staff-pw\n");
  fs::permissions(home.str(".netrc"), fs::perms::owner_read | fs::perms::owner_write);
  const std::string feed = server.url("/bundles/lai-chau-commune/");
  // The installed staff tool does the upload, with the login from ~/.netrc.
  auto up = run("env -u TRAMTIN_UPLOAD_USER HOME=" + home.str() + " " + u.bin("tramtin-publish") + " upload " +
                staff.out + " " + feed);
  REQUIRE_MESSAGE(up.status == 0, up.err);
  CHECK(contains(up.out, "version 1 is live at " + feed));

  // The installed configuration, pointed at this server and a temporary data folder.
  TempDir kiosk;
  std::string toml = slurp(u.root + "/etc/tramtin/tramtin.toml");
  sitetest::must_replace(toml, "data_dir = \"/var/lib/tramtin\"", "data_dir = \"" + kiosk.str("data") + "\"");
  sitetest::must_replace(toml, "feeds = []", "feeds = [\"" + feed + "\"]");
  sitetest::must_replace(toml, "trusted_keys = []", "trusted_keys = [\"" + staff.pub + "\"]");
  spit(kiosk.str("tramtin.toml"), toml);
  auto sync = run(u.bin("tramtin") + " --config " + kiosk.str("tramtin.toml") + " --sync-once");
  CHECK_MESSAGE(sync.status == 0, sync.err);
  CHECK(last_line(sync.out) == "applied version 1");
  CHECK(fs::exists(kiosk.str("data/content.db")));
  auto again = run(u.bin("tramtin") + " --config " + kiosk.str("tramtin.toml") + " --sync-once");
  CHECK(last_line(again.out) == "up to date");
  CHECK(contains(server.access_log(), "GET /bundles/lai-chau-commune/manifest.json"));
}

TEST_CASE("package: the systemd units pass systemd-analyze verify") {
  if (run("command -v systemd-analyze").status != 0) {
    MESSAGE("skipped: systemd-analyze is not installed (Debian: apt-get install systemd)");
    return;
  }
  // The units as installed, with the programs they name moved to where this build has them
  // (verify checks that every ExecStart= program exists and is executable).
  TempDir d;
  const std::string kiosk = TRAMTIN_KIOSK_EXE;
  bool have_cage = fs::exists("/usr/bin/cage");
  if (!have_cage) MESSAGE("cage is not installed: its path is replaced by /bin/true for the check");
  for (const char* unit : {"tramtin.service", "tramtin-maintenance.service", "tramtin-usb@.service"}) {
    std::string text = slurp(kSource + "/installer/systemd/" + unit);
    REQUIRE(!text.empty());
    for (auto [from, to] : {std::pair<std::string, std::string>{"/usr/lib/tramtin/", kSource + "/installer/lib/"},
                            {"/usr/bin/tramtin ", kiosk + " "}, {"/usr/bin/cage ", have_cage ? "/usr/bin/cage " : "/bin/true "}}) {
      for (auto p = text.find("ExecStart=" + from); p != std::string::npos; p = text.find("ExecStart=" + from, p + 1))
        text.replace(p + 10, from.size(), to);
    }
    spit(d.str(unit), text);
  }
  fs::create_symlink("tramtin-usb@.service", d.path() / "tramtin-usb@sdb1.service");
  auto r = run("cd " + d.str() + " && SYSTEMD_LOG_LEVEL=notice systemd-analyze verify --man=no ./tramtin.service "
               "./tramtin-maintenance.service ./tramtin-usb@sdb1.service");
  CHECK_MESSAGE(r.status == 0, r.out << r.err);
  CHECK_MESSAGE(!contains(r.out + r.err, "tramtin"), r.out << r.err);  // no remark about our units

  // What the kiosk session promises (installer/README.md and the kiosk side rely on these).
  const std::string unit = slurp(kSource + "/installer/systemd/tramtin.service");
  for (const char* line : {"User=tramtin", "StateDirectory=tramtin", "Restart=always", "StartLimitIntervalSec=10min",
                           "StartLimitBurst=10", "OnFailure=tramtin-maintenance.service", "WatchdogSec=30",
                           "NotifyAccess=all", "PAMName=login", "TTYPath=/dev/tty1", "Conflicts=getty@tty1.service",
                           "ExecStart=/usr/bin/cage -d -- /usr/lib/tramtin/tramtin-session"}) {
    CAPTURE(line);
    CHECK(contains(unit, std::string("\n") + line));
  }
  const std::string maint = slurp(kSource + "/installer/systemd/tramtin-maintenance.service");
  CHECK(contains(maint, "\nExecStart=/usr/bin/cage -d -- /usr/bin/tramtin --maintenance\n"));
  CHECK(contains(maint, "\nExecStopPost=-+/bin/systemctl --no-block start tramtin.service\n"));
  const std::string logind = slurp(kSource + "/installer/systemd/logind-tramtin.conf");
  CHECK(contains(logind, "\nNAutoVTs=0\n"));
  CHECK(contains(logind, "\nReserveVT=0\n"));
}

TEST_CASE("package: the kiosk session script hands the watchdog to the kiosk") {
  TempDir d;
  // A stand-in kiosk that prints what it was given.
  spit(d.str("usr/bin/tramtin"), "#!/bin/sh\necho \"pid=$$ watchdog_pid=${WATCHDOG_PID:-} args=$*\"\n");
  fs::permissions(d.str("usr/bin/tramtin"), fs::perms::owner_all);
  std::string script = slurp(kSource + "/installer/lib/tramtin-session");
  sitetest::must_replace(script, "exec /usr/bin/tramtin", "exec " + d.str("usr/bin/tramtin"));
  spit(d.str("session"), script);
  auto r = run("WATCHDOG_USEC=30000000 WATCHDOG_PID=1 sh " + d.str("session") + " --x");
  std::smatch m;
  const std::string out = r.out;
  REQUIRE(std::regex_search(out, m, std::regex(R"(pid=(\d+) watchdog_pid=(\d+) args=--x)")));
  CHECK(m[1] == m[2]);
  auto none = run("env -u WATCHDOG_USEC -u WATCHDOG_PID sh " + d.str("session"));
  CHECK(contains(none.out, "watchdog_pid= "));
}

TEST_CASE("package: the USB import script imports a stick's tramtin-bundle folder, and leaves other sticks alone") {
  const std::string script = kSource + "/installer/lib/tramtin-usb-import";
  Staff staff;
  CHECK(staff.build(1) == 1);
  TempDir stick, kiosk;
  const std::string cfg = staff.kiosk_config(kiosk.str("tramtin.toml"), "http://127.0.0.1:9/none/", kiosk.str("data"));
  const std::string env = std::string("TRAMTIN_BIN=") + TRAMTIN_KIOSK_EXE + " TRAMTIN_CONFIG=" + cfg + " TRAMTIN_USB_USER= ";

  auto empty = run(env + "sh " + script + " --folder " + stick.str());
  CHECK(empty.status == 0);
  CHECK(contains(empty.out, "no tramtin-bundle folder"));
  CHECK(!fs::exists(kiosk.str("data/content.db")));

  fs::copy(staff.out, stick.str("tramtin-bundle"), fs::copy_options::recursive);
  auto ok = run(env + "sh " + script + " --folder " + stick.str());
  CHECK_MESSAGE(ok.status == 0, ok.out << ok.err);
  CHECK(contains(ok.out, "applied version 1"));
  CHECK(contains(ok.out, "import from " + stick.str() + " done"));

  // A newer bundle with a bad signature: the kiosk refuses it, the script says so and fails.
  staff.edit(2);
  CHECK(staff.build(2) == 2);
  fs::remove_all(stick.str("tramtin-bundle"));
  fs::copy(staff.out, stick.str("tramtin-bundle"), fs::copy_options::recursive);
  spit(stick.str("tramtin-bundle/manifest.sig"), "AAAA\n");
  auto bad = run(env + "sh " + script + " --folder " + stick.str());
  CHECK(bad.status == 1);
  CHECK(contains(bad.out, "failed"));

  CHECK(run("sh " + script).status == 2);
  CHECK(run("sh " + script + " ../sda1").status == 2);
}

TEST_CASE("package: the udev rule is well-formed and starts the USB import unit") {
  const std::string rules = slurp(kSource + "/installer/udev/90-tramtin-usb.rules");
  REQUIRE(!rules.empty());
  if (run("udevadm verify --help >/dev/null 2>&1").status == 0) {
    auto r = run("udevadm verify " + kSource + "/installer/udev/90-tramtin-usb.rules");
    CHECK_MESSAGE(r.status == 0, r.out << r.err);
  } else {
    MESSAGE("udevadm verify is not available (systemd < 253): checking the rule's form here");
  }
  // Every rule line is a comma-separated list of KEY op "value".
  std::regex pair(R"re(^\s*([A-Z_]+(\{[A-Za-z0-9_]+\})?)\s*(==|!=|\+=|-=|:=|=)\s*"([^"]*)"\s*$)re");
  std::set<std::string> labels, gotos;
  for (const auto& line : lines_of(rules)) {
    if (trim(line).empty() || trim(line)[0] == '#') continue;
    std::istringstream in(line);
    for (std::string part; std::getline(in, part, ',');) {
      std::smatch m;
      CAPTURE(line);
      CAPTURE(part);
      REQUIRE(std::regex_match(part, m, pair));
      if (m[1] == "LABEL") labels.insert(m[4]);
      if (m[1] == "GOTO") gotos.insert(m[4]);
    }
  }
  CHECK(labels == gotos);
  CHECK(contains(rules, "ENV{SYSTEMD_WANTS}+=\"tramtin-usb@%k.service\""));
  CHECK(contains(rules, "ENV{ID_BUS}!=\"usb\""));
  // The import unit mounts read-only and nothing else.
  const std::string script = slurp(kSource + "/installer/lib/tramtin-usb-import");
  CHECK(contains(script, "mount -o ro,nosuid,nodev,noexec"));
  CHECK(contains(script, "/run/tramtin/usb/"));
}

namespace {

// Runs a maintainer script with every command it may call replaced by a stub that records its
// arguments (PATH holds the stubs only, so nothing on this machine is changed).
struct ScriptRun {
  TempDir d;
  std::string log;
  test::RunResult result;
  ScriptRun(const std::string& script, const std::string& args, bool user_exists) {
    const std::string stubs = d.str("stubs");
    fs::create_directories(stubs);
    for (const char* cmd : {"getent", "adduser", "deluser", "delgroup", "userdel", "groupdel", "install", "chown",
                            "chmod", "deb-systemd-helper", "deb-systemd-invoke", "systemctl", "udevadm", "rm", "rmdir"}) {
      std::string body = "#!/bin/sh\necho \"${0##*/} $*\" >> " + d.str("calls.log") + "\n";
      if (std::string(cmd) == "getent") body += user_exists ? "exit 0\n" : "[ \"$1\" = group ] && exit 0; exit 2\n";
      if (std::string(cmd) == "deb-systemd-helper") body += "[ \"$1\" = --quiet ] && exit 1; exit 0\n";
      spit(stubs + "/" + cmd, body);
      fs::permissions(stubs + "/" + cmd, fs::perms::owner_all);
    }
    result = run("env -i PATH=" + stubs + " /bin/sh " + kSource + "/installer/package/" + script + " " + args);
    log = slurp(d.str("calls.log"));
  }
};

}  // namespace

TEST_CASE("package: maintainer scripts create the user and state folder, keep them on upgrade, purge removes them") {
  for (const char* s : {"postinst", "prerm", "postrm"}) {
    CAPTURE(s);
    CHECK(run("sh -n " + kSource + "/installer/package/" + s).status == 0);
  }
  ScriptRun fresh("postinst", "configure", false);
  CHECK(fresh.result.status == 0);
  CHECK(contains(fresh.log, "adduser --system --group --home /var/lib/tramtin --no-create-home"));
  CHECK(contains(fresh.log, "install -d -o tramtin -g tramtin -m 0750 /var/lib/tramtin"));
  if (fs::exists("/usr/bin/deb-systemd-helper")) CHECK(contains(fresh.log, "deb-systemd-helper enable tramtin.service"));
  CHECK(contains(fresh.result.out, "then reboot"));
  CHECK(!contains(fresh.log, "rm "));

  ScriptRun upgrade("postinst", "configure 0.0.9", true);
  CHECK(upgrade.result.status == 0);
  CHECK(!contains(upgrade.log, "adduser --system"));
  CHECK(!contains(upgrade.log, "rm "));
  CHECK(contains(upgrade.log, "install -d -o tramtin -g tramtin -m 0750 /var/lib/tramtin"));

  ScriptRun remove("postrm", "remove", true);
  CHECK(remove.result.status == 0);
  CHECK(!contains(remove.log, "/var/lib/tramtin"));
  CHECK(!contains(remove.log, "deluser"));

  ScriptRun purge("postrm", "purge", true);
  CHECK(purge.result.status == 0);
  CHECK(contains(purge.log, "rm -rf /var/lib/tramtin /run/tramtin"));
  CHECK(contains(purge.log, "deluser --system tramtin"));

  ScriptRun upgrading("postrm", "upgrade 0.1.1", true);
  CHECK(upgrading.result.status == 0);
  CHECK(!contains(upgrading.log, "rm "));
}

// The content server of installer/nginx/tramtin.conf, run for real: the file as it is, with only its
// port, its folder (/srv/tramtin) and its two password files moved into a temporary folder, inside a
// minimal nginx main configuration. Logins: staff / staff-pw (bundles), laichau-binhlu-01 / kiosk-pw
// and other-kiosk / other-pw (reports). Layer: tests (header only).
#pragma once

#include <doctest/doctest.h>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <thread>

#include "tests/support/sync_fixtures.h"
#include "tests/support/test_support.h"

namespace tramtin::sitetest {

inline std::string slurp(const std::string& path) {
  std::ifstream f(path, std::ios::binary);
  std::stringstream ss;
  ss << f.rdbuf();
  return ss.str();
}

inline void spit(const std::string& path, const std::string& bytes) {
  std::filesystem::create_directories(std::filesystem::path(path).parent_path());
  std::ofstream f(path, std::ios::binary | std::ios::trunc);
  f << bytes;
}

// Replaces every `from` in `text`; fails the test when there is none (the config changed shape).
inline void must_replace(std::string& text, const std::string& from, const std::string& to) {
  std::size_t n = 0;
  for (auto p = text.find(from); p != std::string::npos; p = text.find(from, p + to.size())) {
    text.replace(p, from.size(), to);
    ++n;
  }
  REQUIRE_MESSAGE(n > 0, "installer/nginx/tramtin.conf no longer contains `" << from << "`");
}

class SiteServer {
 public:
  SiteServer() {
    const std::string d = dir_.str();
    srv_ = d + "/srv";
    std::filesystem::create_directories(srv_ + "/bundles");
    std::filesystem::create_directories(srv_ + "/reports");
    spit(d + "/staff.htpasswd", "staff:{PLAIN}staff-pw\n");
    spit(d + "/kiosks.htpasswd", "laichau-binhlu-01:{PLAIN}kiosk-pw\nother-kiosk:{PLAIN}other-pw\n");
    port_ = synctest::free_port();
    std::string site = slurp(std::string(TRAMTIN_SOURCE_DIR) + "/installer/nginx/tramtin.conf");
    REQUIRE(!site.empty());
    must_replace(site, "listen 80;", "listen 127.0.0.1:" + std::to_string(port_) + ";");
    must_replace(site, "root /srv/tramtin;", "root " + srv_ + ";");
    must_replace(site, "/etc/nginx/tramtin-staff.htpasswd", d + "/staff.htpasswd");
    must_replace(site, "/etc/nginx/tramtin-kiosks.htpasswd", d + "/kiosks.htpasswd");
    std::ostringstream conf;
    if (::geteuid() == 0) conf << "user root;\n";  // else the workers drop to nobody and cannot write srv/
    conf << "worker_processes 1;\npid " << d << "/nginx.pid;\nevents { worker_connections 64; }\n"
         << "http {\n  access_log " << d << "/access.log;\n"
         << "  client_body_temp_path " << d << "/tmp_body;\n  proxy_temp_path " << d << "/tmp_proxy;\n"
         << "  fastcgi_temp_path " << d << "/tmp_fastcgi;\n  uwsgi_temp_path " << d << "/tmp_uwsgi;\n"
         << "  scgi_temp_path " << d << "/tmp_scgi;\n"
         << "  types { application/json json; }\n  default_type application/octet-stream;\n"
         << site << "\n}\n";
    spit(d + "/nginx.conf", conf.str());
    pid_ = ::fork();
    if (pid_ == 0) {
      const std::string c = d + "/nginx.conf", e = d + "/error.log";
      ::execlp("nginx", "nginx", "-p", d.c_str(), "-c", c.c_str(), "-e", e.c_str(), "-g", "daemon off;",
               static_cast<char*>(nullptr));
      std::fprintf(stderr, "cannot run nginx: %s\n", std::strerror(errno));
      ::_exit(127);
    }
    for (int i = 0; i < 250; ++i) {
      if (synctest::port_open(port_)) return;
      int status = 0;
      if (::waitpid(pid_, &status, WNOHANG) == pid_) {
        pid_ = -1;
        break;
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    FAIL("nginx did not start from installer/nginx/tramtin.conf (Debian: apt-get install nginx-light). error.log: "
         << slurp(d + "/error.log"));
  }
  ~SiteServer() {
    if (pid_ <= 0) return;
    ::kill(pid_, SIGQUIT);
    int status = 0;
    for (int i = 0; i < 250; ++i) {
      if (::waitpid(pid_, &status, WNOHANG) == pid_) return;
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    ::kill(pid_, SIGKILL);
    ::waitpid(pid_, &status, 0);
  }
  SiteServer(const SiteServer&) = delete;
  SiteServer& operator=(const SiteServer&) = delete;

  std::string url(const std::string& path = "") const { return "http://127.0.0.1:" + std::to_string(port_) + path; }
  const std::string& srv() const { return srv_; }  // the folder nginx serves (/srv/tramtin)
  std::string access_log() const { return slurp(dir_.str("access.log")); }

  // The HTTP status of one request made with the curl program ("" login: none).
  int status(const std::string& method, const std::string& path, const std::string& login = {},
             const std::string& body = {}) const {
    std::string cmd = "curl -s -o /dev/null -w '%{http_code}' -X " + method;
    if (!login.empty()) cmd += " -u '" + login + "'";
    if (method == "PUT") cmd += " --data-binary '" + body + "'";
    if (method == "HEAD") cmd = "curl -s -o /dev/null -w '%{http_code}' -I" + (login.empty() ? "" : " -u '" + login + "'");
    auto r = test::run(cmd + " '" + url(path) + "'");
    return std::atoi(r.out.c_str());
  }

 private:
  test::TempDir dir_;
  std::string srv_;
  int port_ = 0;
  pid_t pid_ = -1;
};

// ---- Staff side, through the tramtin-publish program: a source tree, a key, bundles.
struct Staff {
  test::TempDir dir;
  std::string src, out, key, pub;
  Staff() {
    src = dir.str("src");
    out = dir.str("out");
    std::filesystem::copy(std::string(TRAMTIN_SOURCE_DIR) + "/content/sample", src,
                          std::filesystem::copy_options::recursive);
    std::filesystem::create_directories(dir.str("keys"));
    auto k = test::run(std::string(TRAMTIN_PUBLISH_EXE) + " keygen " + dir.str("keys/staff"));
    REQUIRE_MESSAGE(k.status == 0, k.err);
    key = dir.str("keys/staff.key");
    pub = slurp(dir.str("keys/staff.pub"));
    while (!pub.empty() && (pub.back() == '\n' || pub.back() == ' ')) pub.pop_back();
  }
  // Changes one item's Vietnamese text (so one object differs), then builds the next version.
  void edit(int n) {
    for (auto& e : std::filesystem::recursive_directory_iterator(src)) {
      if (e.path().filename() == "vi.md") {
        std::ofstream(e.path(), std::ios::app) << "\nBản sửa " << n << ".\n";
        return;
      }
    }
    FAIL("the sample pack has no vi.md");
  }
  // `tramtin-publish build --version v`; returns the version built.
  long long build(int v) {
    auto b = test::run(std::string(TRAMTIN_PUBLISH_EXE) + " build " + src + " " + out +
                       " --channel lai-chau-commune --key " + key + " --version " + std::to_string(v));
    REQUIRE_MESSAGE(b.status == 0, b.out << b.err);
    auto m = slurp(out + "/manifest.json");
    auto p = m.find("\"version\":");
    REQUIRE(p != std::string::npos);
    return std::atoll(m.c_str() + p + 10);
  }
  // A kiosk configuration that syncs from `feed` into `data_dir`.
  std::string kiosk_config(const std::string& path, const std::string& feed, const std::string& data_dir) const {
    spit(path, "[kiosk]\nid = \"laichau-binhlu-01\"\n[content]\ndata_dir = \"" + data_dir +
                   "\"\n[sync]\nfeeds = [\"" + feed + "\"]\nchannel = \"lai-chau-commune\"\ntrusted_keys = [\"" +
                   pub + "\"]\n");
    return path;
  }
};

inline std::string last_line(std::string text) {
  while (!text.empty() && text.back() == '\n') text.pop_back();
  auto p = text.rfind('\n');
  return p == std::string::npos ? text : text.substr(p + 1);
}

}  // namespace tramtin::sitetest

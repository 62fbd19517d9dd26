// The systemd watchdog is fed by the frame loop: a harness plays systemd (NOTIFY_SOCKET and
// WATCHDOG_USEC pointing at a datagram socket it reads), runs the real kiosk loop on SDL's dummy
// video driver, and hangs the loop with the test-only TRAMTIN_TEST_HANG. Also: the crash line.
#include <doctest/doctest.h>

#include <signal.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <cstring>
#include <string>
#include <vector>

#include "tests/support/test_support.h"

using tramtin::test::TempDir;

namespace {

std::string kiosk_config(const TempDir& dir) {
  tramtin::test::write_file(dir.path() / "kiosk.toml",
                            "[kiosk]\nid = \"wd\"\n[content]\ndata_dir = \"" + dir.str("data") +
                                "\"\nsample_source = \"" + std::string(TRAMTIN_SOURCE_DIR) + "/content/sample\"\n"
                                "[sync]\nimport_watch = \"\"\n");
  return dir.str("kiosk.toml");
}

struct Ping {
  double at_s;
  std::string text;
};

}  // namespace

TEST_CASE("watchdog: the loop pings systemd while it turns and stops when the frame loop hangs") {
  TempDir dir;
  const std::string sock_path = dir.str("notify.sock");
  int fd = ::socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0);
  REQUIRE(fd >= 0);
  sockaddr_un addr{};
  addr.sun_family = AF_UNIX;
  REQUIRE(sock_path.size() < sizeof addr.sun_path);
  std::strcpy(addr.sun_path, sock_path.c_str());
  REQUIRE(::bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0);
  timeval tv{0, 100000};
  ::setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);

  const std::string config = kiosk_config(dir);
  pid_t pid = ::fork();
  REQUIRE(pid >= 0);
  if (pid == 0) {
    ::setenv("NOTIFY_SOCKET", sock_path.c_str(), 1);
    ::setenv("WATCHDOG_USEC", "600000", 1);   // 0.6 s: a ping every 0.3 s
    ::setenv("SDL_VIDEODRIVER", "dummy", 1);
    ::setenv("TRAMTIN_TEST_HANG", "4", 1);    // the loop hangs 4 s after start
    ::unsetenv("WATCHDOG_PID");
    ::execl(TRAMTIN_KIOSK_EXE, TRAMTIN_KIOSK_EXE, "--config", config.c_str(), "--windowed", "640x480", nullptr);
    std::_Exit(127);
  }
  const auto t0 = std::chrono::steady_clock::now();
  auto elapsed = [&] { return std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count(); };
  std::vector<Ping> got;
  while (elapsed() < 9.0) {
    char buf[256];
    ssize_t n = ::recv(fd, buf, sizeof buf - 1, 0);
    if (n > 0) got.push_back({elapsed(), std::string(buf, std::size_t(n))});
  }
  const bool alive = ::kill(pid, 0) == 0;  // hung, not dead: only the watchdog would notice
  ::kill(pid, SIGKILL);
  int status = 0;
  ::waitpid(pid, &status, 0);
  ::close(fd);

  bool ready = false;
  int pings = 0;
  double last_ping = -1;
  for (const auto& p : got) {
    if (p.text.find("READY=1") != std::string::npos) ready = true;
    if (p.text.find("WATCHDOG=1") != std::string::npos) {
      ++pings;
      last_ping = p.at_s;
    }
  }
  INFO("messages: " << got.size() << ", pings: " << pings << ", last ping at " << last_ping << " s");
  CHECK(ready);
  CHECK(pings >= 4);             // ~0.3 s apart for the seconds before the hang
  CHECK(alive);
  CHECK(last_ping > 0);
  CHECK(elapsed() - last_ping > 3.0);  // then silence: systemd would kill and restart it
}

TEST_CASE("crash: a fatal signal writes one line naming the screen before the process dies") {
  TempDir dir;
  const std::string config = kiosk_config(dir);
  tramtin::test::write_file(dir.path() / "crash.scn",
                            "clock 2026-11-22T09:00\ntap tile-procedures\nexpect screen procedures\ncrash-for-test\n");
  auto r = tramtin::test::run("env -u DISPLAY ASAN_OPTIONS=handle_abort=0 " + std::string(TRAMTIN_KIOSK_EXE) +
                              " --config " + config + " --size 1280x800 --scenario " + dir.str("crash.scn"));
  INFO("stderr: " << r.err);
  CHECK(r.status == 128 + SIGABRT);
  CHECK(r.err.find("crash: signal SIGABRT") != std::string::npos);
  CHECK(r.err.find("on screen procedures") != std::string::npos);
}

// Log lines for journald: a priority prefix when stderr is the journal, the program's own name.
#include <doctest/doctest.h>

#include <string>

#include "tests/support/test_support.h"

using tramtin::test::TempDir;

namespace {

// Runs `command` with stderr sent to a file that JOURNAL_STREAM names (as systemd does for a
// service whose output goes to the journal), or not; returns what was written to stderr.
std::string stderr_of(const TempDir& dir, const std::string& command, bool journal) {
  const std::string err = dir.str("stderr.txt");
  const std::string js = journal ? "export JOURNAL_STREAM=$(stat -c %d:%i " + err + "); " : "unset JOURNAL_STREAM; ";
  tramtin::test::run("sh -c ': > " + err + "; exec 2>>" + err + "; " + js + command + "'");
  return tramtin::test::read_file(err);
}

}  // namespace

TEST_CASE("log: lines carry their journald priority only when stderr is the journal") {
  TempDir dir;
  const std::string publish = std::string(TRAMTIN_PUBLISH_EXE) + " build-db " + TRAMTIN_SOURCE_DIR +
                              "/content/sample " + dir.str("x.db") + " >/dev/null";
  const std::string with = stderr_of(dir, publish, true);
  INFO(with);
  CHECK(with.find("<6>tramtin-publish[INFO] cache: ") != std::string::npos);
  CHECK(with.find("\ntramtin") == std::string::npos);  // every line has its prefix

  // An error is priority 3: the kiosk with a sample pack that is not there.
  tramtin::test::write_file(dir.path() / "k.toml", "[content]\ndata_dir = \"" + dir.str("data") +
                                                       "\"\nsample_source = \"" + dir.str("no-such-pack") + "\"\n");
  const std::string kiosk = stderr_of(dir, "SDL_VIDEODRIVER=dummy " + std::string(TRAMTIN_KIOSK_EXE) + " --config " +
                                               dir.str("k.toml") + " --screenshot " + dir.str("x.png") +
                                               " --size 320x240 >/dev/null", true);
  INFO(kiosk);
  CHECK(kiosk.find("<3>tramtin[ERROR] ") != std::string::npos);
  CHECK(kiosk.find("<6>tramtin[INFO] main: ") != std::string::npos);

  const std::string without = stderr_of(dir, publish, false);
  CHECK(without.find("<6>") == std::string::npos);
  CHECK(without.find("tramtin-publish[INFO] cache: ") != std::string::npos);
}

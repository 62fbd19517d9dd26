// `tramtin-publish fleet REPORTS_DIR`: reads the folder the report server receives into
// (content/report/REPORTS.md) and shows staff their kiosks and what villagers use: a table for the
// terminal, --json for machines, --html for a page to open in any browser.
// Layer: tramtin-publish (staff tool). Exit status: 0 shown (bad report files are warnings on
// stderr), 1 REPORTS_DIR or SRC cannot be read or the page cannot be written, 2 usage.
#include <cstdio>
#include <ctime>
#include <string>

#include "content/base/files.h"
#include "content/publish/args.h"
#include "content/publish/commands.h"
#include "content/report/fleet.h"
#include "content/report/fleet_output.h"

namespace {

void help(std::FILE* out) {
  std::fprintf(out,
               "usage: tramtin-publish fleet REPORTS_DIR [--stale-hours N] [--days N] [--source SRC]\n"
               "                             [--json] [--html OUT.html] [--top N] [--now UNIX]\n"
               "  Reads the reports kiosks put on the server (REPORTS_DIR/<kiosk-id>/status.json and\n"
               "  <yyyy-mm-dd>-<seq>.json, see content/report/REPORTS.md) and prints a table of kiosks,\n"
               "  stale ones first, then usage: views per day and hour, the most viewed items, \"was this\n"
               "  useful?\" answers per item, searches that found nothing (aliases to add), languages.\n"
               "  A bad report file is skipped with a warning on stderr naming it; the rest is still read.\n"
               "  --stale-hours N  a kiosk not heard from for more than N hours is stale (default 26)\n"
               "  --days N         usage of the last N days, today included, Vietnam time (default 30)\n"
               "  --source SRC     the content source tree, to show item titles instead of ids\n"
               "  --json           print one JSON document instead of the table (keys: REPORTS.md)\n"
               "  --html OUT.html  also write a self-contained page with charts (Vietnamese) for staff\n"
               "  --top N          rows in each top list of the table and the page (default 15)\n"
               "  --now UNIX       the time to judge staleness against (tests; default: now)\n"
               "  Exit status: 0 read (even with warnings), 1 REPORTS_DIR or SRC unreadable or OUT.html\n"
               "  not written, 2 usage.\n");
}

}  // namespace

int cmd_fleet(int argc, char** argv) {
  using namespace tramtin;
  Args args("fleet", argc, argv, {"--stale-hours", "--days", "--source", "--html", "--top", "--now"}, {"--json"});
  if (args.help()) {
    help(stdout);
    return 0;
  }
  FleetOptions opt;
  opt.stale_hours = static_cast<int>(args.integer("--stale-hours", 1, 24 * 365, opt.stale_hours, "a number of hours from 1 to 8760"));
  opt.days = static_cast<int>(args.integer("--days", 1, 3660, opt.days, "a number of days from 1 to 3660"));
  const int top = static_cast<int>(args.integer("--top", 1, 1000, kFleetTopDefault, "a number from 1 to 1000"));
  opt.now = args.integer("--now", 1, 4'102'444'800, static_cast<long long>(std::time(nullptr)), "a Unix time in seconds");
  const bool as_json = args.has("--json");
  const char* html_out = args.value("--html");
  const char* source = args.value("--source");
  const auto& pos = args.positionals();
  if (!args.bad() && pos.size() > 1) args.fail("one reports folder only (got " + std::string(pos[0]) + " and " + pos[1] + ")");
  if (args.bad() || pos.empty()) {
    help(stderr);
    return 2;
  }
  const std::string dir = pos[0];

  auto report = read_fleet(dir, opt);
  if (!report) {
    std::fprintf(stderr, "tramtin-publish fleet: %s\n", report.error().c_str());
    return 1;
  }
  if (source) {
    std::error_code ec;
    if (!std::filesystem::is_directory(source, ec)) {
      std::fprintf(stderr, "tramtin-publish fleet: %s: no such source folder (--source)\n", source);
      return 1;
    }
    add_titles(*report, read_source_tree(source), source);
  }
  for (const auto& w : report->warnings) std::fprintf(stderr, "%s\n", format_diagnostic(w).c_str());

  if (html_out) {
    if (Status s = write_file_atomic(html_out, fleet_html(*report, top)); !s) {
      std::fprintf(stderr, "tramtin-publish fleet: %s\n", s.message.c_str());
      return 1;
    }
  }
  const std::string out = as_json ? fleet_json(*report) : fleet_text(*report, top);
  std::fwrite(out.data(), 1, out.size(), stdout);
  if (html_out && !as_json) std::printf("\nwrote %s\n", html_out);
  return 0;
}

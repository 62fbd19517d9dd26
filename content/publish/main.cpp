// `tramtin-publish`: the staff tool. Dispatches to one subcommand (commands.h holds the table).
// Layer: tramtin-publish (links tramtin_content, like the kiosk; no SDL, no ImGui).
#include <cstdio>
#include <cstring>
#include <string>

#include "content/base/log.h"
#include "content/publish/commands.h"

namespace {

void print_usage(std::FILE* out) {
  std::fprintf(out,
               "usage: tramtin-publish <command> [options] [args]\n"
               "       tramtin-publish --help | --version\n"
               "       tramtin-publish <command> --help\n"
               "\n"
               "TramTin's staff tool: check content, build a kiosk cache or a signed bundle, publish it,\n"
               "and read what the kiosks report back.\n"
               "The source format is described in content/FORMAT.md.\n"
               "\n"
               "commands:\n");
  for (const auto& c : publish_commands()) std::fprintf(out, "  %-10s %s\n", c.name, c.summary);
  std::fprintf(out,
               "\n"
               "exit status: 0 success, 1 the content or the work has problems (printed), 2 usage error\n");
}

bool is_help(const char* a) { return std::strcmp(a, "--help") == 0 || std::strcmp(a, "-h") == 0; }

}  // namespace

int main(int argc, char** argv) {
  // No setlocale(): the tool stays in the "C" locale, so numbers print with '.' and byte-wise
  // ASCII checks behave the same on every staff machine.
  tramtin::log::set_program("tramtin-publish");
  if (argc < 2) {
    print_usage(stderr);
    return 2;
  }
  const std::string first = argv[1];
  if (is_help(argv[1])) {
    print_usage(stdout);
    return 0;
  }
  if (first == "--version") {
    std::printf("tramtin-publish %s\n", TRAMTIN_VERSION);
    return 0;
  }
  if (!first.empty() && first[0] == '-') {
    std::fprintf(stderr, "tramtin-publish: unknown option %s (see tramtin-publish --help)\n", first.c_str());
    return 2;
  }
  for (const auto& c : publish_commands()) {
    if (first != c.name) continue;
    if (!c.handles_help && argc >= 3 && is_help(argv[2])) {
      std::printf("usage: tramtin-publish %s %s\n  %s\n", c.name, c.synopsis, c.summary);
      return 0;
    }
    return c.run(argc - 1, argv + 1);
  }
  std::fprintf(stderr, "tramtin-publish: unknown command '%s' (see tramtin-publish --help)\n", first.c_str());
  return 2;
}

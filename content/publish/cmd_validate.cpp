// `tramtin-publish validate SRC`: reads a source tree and prints every problem as
// "path:line: error|warning: message", then "N items, E errors, W warnings".
// Layer: tramtin-publish (staff tool). Exit status: 0 no errors (warnings allowed), 1 errors, 2 usage.
#include <cstdio>
#include <string>

#include "content/publish/args.h"
#include "content/publish/commands.h"
#include "content/authoring/reader.h"

namespace {

void help(std::FILE* out) {
  std::fprintf(out,
               "usage: tramtin-publish validate SRC [--fonts PATH]\n"
               "  Checks the content source tree SRC (content/FORMAT.md): required and unknown keys, vi.md\n"
               "  present, dates, links, UTF-8 and NFC text, media files and sizes, OCOP stars and groups,\n"
               "  procedure channels, duplicate ids, language tags no kiosk knows, and characters the kiosk's\n"
               "  fonts cannot draw. Prints each problem as path:line: error|warning: message and a summary\n"
               "  line. Exit status 1 if there is any error; warnings alone give 0.\n"
               "%s",
               kFontsOptionHelp);
}

}  // namespace

int cmd_validate(int argc, char** argv) {
  Args args("validate", argc, argv, {"--fonts"});
  if (args.help()) {
    help(stdout);
    return 0;
  }
  if (!args.bad() && args.positionals().size() > 1)
    args.fail("one source folder only (got " + std::string(args.positionals()[0]) + " and " +
              args.positionals()[1] + ")");
  if (args.bad() || args.positionals().empty()) {
    help(stderr);
    return 2;
  }
  const std::string src = args.positionals()[0];
  tramtin::SourceTree tree = read_checked_tree(src, args.value("--fonts"), "validate", stderr);
  print_diagnostics(tree, stdout);
  std::printf("%s\n", source_summary(tree).c_str());
  return tree.ok() ? 0 : 1;
}

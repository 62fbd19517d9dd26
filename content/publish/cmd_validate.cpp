// `tramtin-publish validate SRC`: reads a source tree and prints every problem as
// "path:line: error|warning: message", then "N items, E errors, W warnings".
// Layer: tramtin-publish (staff tool). Exit status: 0 no errors (warnings allowed), 1 errors, 2 usage.
#include <cstdio>
#include <string>

#include "content/publish/commands.h"
#include "content/authoring/reader.h"

namespace {

void help(std::FILE* out) {
  std::fprintf(out,
               "usage: tramtin-publish validate SRC\n"
               "  Checks the content source tree SRC (content/FORMAT.md): required and unknown keys, vi.md\n"
               "  present, dates, links, UTF-8 and NFC text, media files and sizes, OCOP stars and groups,\n"
               "  procedure channels, duplicate ids. Prints each problem as path:line: error|warning: message\n"
               "  and a summary line. Exit status 1 if there is any error; warnings alone give 0.\n");
}

}  // namespace

int cmd_validate(int argc, char** argv) {
  std::string src;
  for (int i = 1; i < argc; ++i) {
    const std::string a = argv[i];
    if (a == "--help" || a == "-h") {
      help(stdout);
      return 0;
    }
    if (a.size() > 1 && a[0] == '-') {
      std::fprintf(stderr, "tramtin-publish validate: unknown option %s\n", a.c_str());
      help(stderr);
      return 2;
    }
    if (!src.empty()) {
      std::fprintf(stderr, "tramtin-publish validate: one source folder only (got %s and %s)\n", src.c_str(),
                   a.c_str());
      return 2;
    }
    src = a;
  }
  if (src.empty()) {
    help(stderr);
    return 2;
  }
  tramtin::SourceTree tree = tramtin::read_source_tree(src);
  print_diagnostics(tree, stdout);
  std::printf("%s\n", source_summary(tree).c_str());
  return tree.ok() ? 0 : 1;
}

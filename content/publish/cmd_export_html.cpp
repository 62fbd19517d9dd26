// `tramtin-publish export-html SRC OUT/`: validates a source tree and writes the same content as a
// static website (content/authoring/html_site.h): plain HTML, one CSS file, the media copied, a
// page per item and language, and an optional local search page. Serve OUT/ with any web server
// (the commune's server, for phones that scan a procedure's QR code) or open it from a folder.
// Layer: tramtin-publish (staff tool). Exit status: 0 written, 1 errors in SRC or writing failed, 2 usage.
#include <cstdio>
#include <string>

#include "content/authoring/html_site.h"
#include "content/base/format.h"
#include "content/publish/args.h"
#include "content/publish/commands.h"

namespace {

void help(std::FILE* out) {
  std::fprintf(out,
               "usage: tramtin-publish export-html SRC OUT [--fonts PATH]\n"
               "  Validates SRC (as `validate` does) and, if there is no error, writes its live content as a\n"
               "  static website into the folder OUT (created if missing): OUT/index.html lists the\n"
               "  languages, OUT/<lang>/ holds the home page, the lists, one page per item and a search page,\n"
               "  OUT/media/ the pictures. No JavaScript is needed except on the search page.\n"
               "%s",
               kFontsOptionHelp);
}

}  // namespace

int cmd_export_html(int argc, char** argv) {
  using namespace tramtin;
  Args args("export-html", argc, argv, {"--fonts"});
  if (args.help()) {
    help(stdout);
    return 0;
  }
  const auto& pos = args.positionals();
  if (!args.bad() && pos.size() > 2) args.fail("too many arguments (" + std::string(pos[2]) + ")");
  if (args.bad() || pos.size() < 2) {
    help(stderr);
    return 2;
  }
  const std::string src = pos[0], out = pos[1];
  SourceTree tree = read_checked_tree(src, args.value("--fonts"), "export-html", stderr);
  print_diagnostics(tree, stderr);
  if (!tree.ok()) {
    std::fprintf(stderr, "%s\ntramtin-publish export-html: %s has errors; nothing was written to %s\n",
                 source_summary(tree).c_str(), src.c_str(), out.c_str());
    return 1;
  }
  const HtmlExportReport rep = export_html_site(tree, out);
  if (!rep.status) {
    std::fprintf(stderr, "tramtin-publish export-html: %s\n", rep.status.message.c_str());
    return 1;
  }
  std::string langs;
  for (const auto& l : rep.languages) langs += (langs.empty() ? "" : ", ") + l;
  std::printf("wrote %s: %d items in %zu languages (%s), %d pages, %d media files, %s\n", out.c_str(), rep.items,
              rep.languages.size(), langs.c_str(), rep.pages, rep.media, format_bytes(rep.bytes).c_str());
  std::printf("open %s/index.html, or serve %s with any web server\n", out.c_str(), out.c_str());
  return 0;
}

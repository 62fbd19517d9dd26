// The table of `tramtin-publish` subcommands, in the order `--help` lists them, and the helpers
// they share. Layer: tramtin-publish (staff tool).
#include "content/publish/commands.h"

#include <string>

#include "content/authoring/glyphs.h"
#include "content/base/files.h"

namespace {

constexpr PublishCommand kCommands[] = {
    {"validate", "SRC", "check a content source tree; print every problem as path:line", cmd_validate, true},
    {"build-db", "SRC OUT.db", "validate SRC, then write a kiosk cache (SQLite) straight from it", cmd_build_db, true},
    {"search", "--db DB [--lang L] [--limit N] QUERY", "search a cache as the kiosk does: id<TAB>title, best first",
     cmd_search, true},
    {"keygen", "OUT", "make a signing key pair: OUT.key (secret) and OUT.pub", cmd_keygen, false},
    {"build", "SRC OUTDIR --channel C --key K.key [--version N] [--expires-in-days D]",
     "validate SRC, then write a signed bundle into OUTDIR", cmd_build, false},
    {"urgent", "SRC OUTDIR --key K.key --channel C [--expires-hours N]",
     "sign the live urgent notices into OUTDIR/urgent.json (the fast path kiosks poll)", cmd_urgent, true},
    {"upload", "OUTDIR URL", "put a bundle on a web server with HTTP PUT (manifest last)", cmd_upload, false},
    {"pin-hash", "[--pin PIN]", "read a staff PIN (4-8 digits) from stdin; print the hash for [staff] pin_hash",
     cmd_pin_hash, true},
    {"fleet", "REPORTS_DIR [--stale-hours N] [--days N] [--source SRC] [--json] [--html OUT.html]",
     "read the kiosks' reports: which are stale, what people view, search for and think of it", cmd_fleet, true},
    {"export-html", "SRC OUT [--fonts PATH]",
     "validate SRC, then write its content as a static website (HTML + CSS, every language) into OUT", cmd_export_html,
     true},
    {"shots", "SRC OUT/ [--lang L,...] [--size WxH,...]",
     "draw every item in every language with the kiosk's renderer; write OUT/index.html to review them", cmd_shots,
     true},
};

std::string plural(int n, const char* word) {
  return std::to_string(n) + " " + word + (n == 1 ? "" : "s");
}

}  // namespace

std::span<const PublishCommand> publish_commands() { return kCommands; }

void print_diagnostics(const tramtin::SourceTree& tree, std::FILE* out) {
  for (const auto& d : tree.diagnostics) std::fprintf(out, "%s\n", tramtin::format_diagnostic(d).c_str());
}

std::string source_summary(const tramtin::SourceTree& tree) {
  return plural(tree.item_folders, "item") + ", " + plural(tree.error_count(), "error") + ", " +
         plural(tree.warning_count(), "warning");
}

tramtin::SourceTree read_checked_tree(const std::string& src, const char* fonts_manifest, const char* command,
                                      std::FILE* warn_out) {
  const std::string manifest = fonts_manifest ? fonts_manifest : tramtin::find_data_file("fonts/fonts.toml");
  tramtin::GlyphChecker glyphs(manifest);
  tramtin::ReadOptions opt;
  opt.glyphs = &glyphs;
  tramtin::SourceTree tree = tramtin::read_source_tree(src, opt);
  for (const auto& p : glyphs.problems()) std::fprintf(warn_out, "tramtin-publish %s: warning: %s\n", command, p.c_str());
  return tree;
}

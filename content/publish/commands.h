// The subcommands of `tramtin-publish` and the one table that registers them (commands.cpp).
// Layer: tramtin-publish (staff tool over tramtin_content).
//
// To add a subcommand: write cmd_<name>.cpp with `int cmd_<name>(int argc, char** argv)`
// (argv[0] is the subcommand's name), declare it here and add one row to the table.
// Exit statuses, for every subcommand: 0 success, 1 the input or the work failed (the problems are
// printed), 2 usage (an unknown option, a missing argument).
#pragma once

#include <cstdio>
#include <span>

#include "content/authoring/reader.h"

struct PublishCommand {
  const char* name;      // "validate"
  const char* synopsis;  // "SRC" — what follows the name in a usage line
  const char* summary;   // one line for `tramtin-publish --help`
  int (*run)(int argc, char** argv);
  // true: the command prints its own detailed help for `<name> --help` (exit 0); false: the
  // dispatcher prints the synopsis and summary instead.
  bool handles_help;
};

std::span<const PublishCommand> publish_commands();

int cmd_validate(int argc, char** argv);
int cmd_build_db(int argc, char** argv);
int cmd_search(int argc, char** argv);
int cmd_keygen(int argc, char** argv);
int cmd_build(int argc, char** argv);
int cmd_upload(int argc, char** argv);
int cmd_urgent(int argc, char** argv);
int cmd_pin_hash(int argc, char** argv);
int cmd_fleet(int argc, char** argv);
int cmd_export_html(int argc, char** argv);
int cmd_shots(int argc, char** argv);

// Shared by the commands that read a source tree: prints every diagnostic as
// "path:line: error|warning: message", one per line, to `out`.
void print_diagnostics(const tramtin::SourceTree& tree, std::FILE* out);
// "6 items, 0 errors, 1 warning"
std::string source_summary(const tramtin::SourceTree& tree);
// Reads the source tree SRC as validate, build and build-db do: every shown character must have a
// glyph in the fonts of `fonts_manifest` (--fonts PATH; null: the kiosk's own fonts/fonts.toml,
// found as the kiosk finds it). When the manifest or a font file is missing, the glyphs concerned
// are not checked and `warn_out` gets "tramtin-publish <command>: warning: glyphs … were not checked: …".
tramtin::SourceTree read_checked_tree(const std::string& src, const char* fonts_manifest, const char* command,
                                      std::FILE* warn_out);
// The help line of --fonts, shared by the commands that take it.
inline constexpr const char* kFontsOptionHelp =
    "  --fonts PATH  the kiosk's font manifest for the glyph check (default: fonts/fonts.toml as the\n"
    "                kiosk finds it: $TRAMTIN_DATA_DIR, the source tree, /usr/share/tramtin)\n";

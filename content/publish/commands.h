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

// Shared by the commands that read a source tree: prints every diagnostic as
// "path:line: error|warning: message", one per line, to `out`.
void print_diagnostics(const tramtin::SourceTree& tree, std::FILE* out);
// "6 items, 0 errors, 1 warning"
std::string source_summary(const tramtin::SourceTree& tree);

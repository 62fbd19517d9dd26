// The one argument parser of tramtin-publish's subcommands: options that take a value
// ("--channel C"), flags ("-v"), positionals, --help / -h, and "--" (everything after it is a
// positional, even "-x"). A usage problem is printed as "tramtin-publish <command>: …" on stderr
// and the command exits 2 (commands.h). Values point into argv, so a command can still wipe a
// secret there (pin-hash) and no copy of it is kept here. Layer: tramtin-publish (staff tool).
#pragma once

#include <cstddef>
#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

class Args {
 public:
  // Reads argv[1..argc) (argv[0] is the subcommand's name). `value_options` take the next argument.
  // `unknown_hint` follows "unknown option X" (e.g. how to pass a word that starts with '-').
  Args(const char* command, int argc, char** argv, std::initializer_list<std::string_view> value_options,
       std::initializer_list<std::string_view> flags = {}, const char* unknown_hint = "");

  bool help() const { return help_; }                  // --help or -h was given (print help, exit 0)
  bool bad() const { return bad_; }                    // a usage problem was printed (exit 2)
  const std::vector<const char*>& positionals() const { return positionals_; }
  bool has(std::string_view flag) const;               // the flag was given
  // The option's last value; nullptr when it was not given. `index` gives its position in argv.
  const char* value(std::string_view option, int* index = nullptr) const;
  // The option's value as a whole number in [lo, hi]; `fallback` when the option was not given.
  // Anything else prints "<option> needs <what>, not <value>" and marks the parse bad.
  long long integer(std::string_view option, long long lo, long long hi, long long fallback, const char* what);
  // Prints "tramtin-publish <command>: <message>" to stderr and marks the parse bad.
  void fail(const std::string& message);

 private:
  const char* command_;
  bool help_ = false;
  bool bad_ = false;
  std::vector<const char*> positionals_;
  std::vector<std::string_view> flags_;
  std::vector<std::pair<std::string_view, int>> values_;  // option name, index of its value in argv
  char** argv_;
};

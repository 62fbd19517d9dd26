// `tramtin-publish pin-hash [--pin PIN]`: turns a staff PIN into the hash string that goes into a
// kiosk's tramtin.toml as [staff] pin_hash. Layer: tramtin-publish (staff tool).
//
// The PIN is read from standard input (one line; asked twice without echo on a terminal), or
// taken from --pin for scripts (visible in the process list and shell history: prefer stdin).
// Only the hash is printed on stdout, so `pin_hash=$(… | tramtin-publish pin-hash)` works; hints
// go to stderr. Exit status: 0 printed, 1 the PIN breaks the rules (4–8 digits) or was not given,
// or hashing failed; 2 usage.
#include <termios.h>
#include <unistd.h>

#include <cstdio>
#include <cstring>
#include <string>

#include "content/settings/pin.h"
#include "content/publish/args.h"
#include "content/publish/commands.h"

namespace {

void print_help(std::FILE* out) {
  std::fprintf(out,
               "usage: tramtin-publish pin-hash [--pin PIN]\n"
               "  reads a staff PIN (4 to 8 digits) from standard input, or from --pin, and prints its\n"
               "  hash (libsodium Argon2id). Paste it into the kiosk's tramtin.toml:\n"
               "    [staff]\n"
               "    pin_hash = \"$argon2id$...\"\n"
               "  An empty pin_hash disables the kiosk's staff screen.\n"
               "  --pin PIN  for scripts; the PIN is then visible in the process list and shell history\n"
               "exit status: 0 printed, 1 the PIN is not 4-8 digits (or is missing), 2 usage error\n");
}

bool read_line(std::string& out) {
  out.clear();
  int c;
  bool any = false;
  while ((c = std::fgetc(stdin)) != EOF) {
    any = true;
    if (c == '\n') break;
    out.push_back(static_cast<char>(c));
  }
  if (!out.empty() && out.back() == '\r') out.pop_back();  // typed or pasted on Windows
  return any;
}

// On a terminal: prompt on stderr and read without echo, so the PIN is not left on the screen.
bool read_pin_tty(const char* prompt, std::string& out) {
  std::fputs(prompt, stderr);
  std::fflush(stderr);
  termios old{};
  const bool have = ::tcgetattr(STDIN_FILENO, &old) == 0;
  if (have) {
    termios quiet = old;
    quiet.c_lflag &= ~static_cast<tcflag_t>(ECHO);
    ::tcsetattr(STDIN_FILENO, TCSAFLUSH, &quiet);
  }
  const bool ok = read_line(out);
  if (have) ::tcsetattr(STDIN_FILENO, TCSAFLUSH, &old);
  std::fputc('\n', stderr);
  return ok;
}

}  // namespace

int cmd_pin_hash(int argc, char** argv) {
  // argv[0] is "pin-hash".
  Args args("pin-hash", argc, argv, {"--pin"});
  if (args.help()) {
    print_help(stdout);
    return 0;
  }
  if (!args.bad() && !args.positionals().empty())
    args.fail("unexpected argument '" + std::string(args.positionals()[0]) + "'");
  if (args.bad()) {
    print_help(stderr);
    return 2;
  }
  std::string pin;
  int at = 0;
  const bool from_option = args.value("--pin", &at) != nullptr;
  if (from_option) {
    pin = argv[at];
    // Blank every --pin value in our argv too: /proc/<pid>/cmdline (what `ps` shows) then no longer has it.
    for (int i = 1; i + 1 < argc; ++i)
      if (std::strcmp(argv[i], "--pin") == 0) tramtin::wipe_secret(argv[i + 1], std::strlen(argv[i + 1]));
  }

  if (!from_option) {
    if (::isatty(STDIN_FILENO)) {
      std::string again;
      const bool ok1 = read_pin_tty("staff PIN (4-8 digits): ", pin);
      const bool ok2 = ok1 && read_pin_tty("the same PIN again: ", again);
      const bool same = ok2 && pin == again;
      tramtin::wipe_secret(again);
      if (!same) {
        tramtin::wipe_secret(pin);
        std::fprintf(stderr, "tramtin-publish pin-hash: the two PINs differ (or none was typed); nothing printed\n");
        return 1;
      }
    } else if (!read_line(pin) || pin.empty()) {
      std::fprintf(stderr,
                   "tramtin-publish pin-hash: no PIN on standard input (give one line of 4-8 digits, or --pin)\n");
      return 1;
    }
  }

  if (std::string problem = tramtin::pin_rule_problem(pin); !problem.empty()) {
    tramtin::wipe_secret(pin);
    std::fprintf(stderr, "tramtin-publish pin-hash: %s\n", problem.c_str());
    return 1;
  }
  tramtin::Result<std::string> hash = tramtin::hash_pin(pin);
  tramtin::wipe_secret(pin);
  if (!hash) {
    std::fprintf(stderr, "tramtin-publish pin-hash: %s\n", hash.error().c_str());
    return 1;
  }
  std::printf("%s\n", hash->c_str());
  std::fprintf(stderr, "put it in the kiosk's tramtin.toml:\n  [staff]\n  pin_hash = \"%s\"\n", hash->c_str());
  return 0;
}

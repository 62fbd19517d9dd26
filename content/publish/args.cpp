// The subcommands' shared argument parser. Layer: tramtin-publish (staff tool).
#include "content/publish/args.h"

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstdlib>

Args::Args(const char* command, int argc, char** argv, std::initializer_list<std::string_view> value_options,
           std::initializer_list<std::string_view> flags, const char* unknown_hint)
    : command_(command), argv_(argv) {
  auto in = [](std::initializer_list<std::string_view> list, std::string_view a) {
    return std::find(list.begin(), list.end(), a) != list.end();
  };
  for (int i = 1; i < argc && !bad_; ++i) {
    const std::string_view a = argv[i];
    if (a == "--help" || a == "-h") {
      help_ = true;
    } else if (a == "--") {
      for (++i; i < argc; ++i) positionals_.push_back(argv[i]);
    } else if (in(value_options, a)) {
      if (i + 1 >= argc) fail(std::string(a) + " needs a value");
      else values_.emplace_back(a, ++i);
    } else if (in(flags, a)) {
      flags_.push_back(a);
    } else if (a.size() > 1 && a[0] == '-') {
      fail("unknown option " + std::string(a) + unknown_hint);
    } else {
      positionals_.push_back(argv[i]);
    }
  }
}

bool Args::has(std::string_view flag) const {
  return std::find(flags_.begin(), flags_.end(), flag) != flags_.end();
}

const char* Args::value(std::string_view option, int* index) const {
  for (auto it = values_.rbegin(); it != values_.rend(); ++it) {
    if (it->first != option) continue;
    if (index) *index = it->second;
    return argv_[it->second];
  }
  return nullptr;
}

long long Args::integer(std::string_view option, long long lo, long long hi, long long fallback, const char* what) {
  const char* v = value(option);
  if (!v) return fallback;
  char* end = nullptr;
  errno = 0;
  long long n = std::strtoll(v, &end, 10);
  if (errno || end == v || *end || n < lo || n > hi) {
    fail(std::string(option) + " needs " + what + ", not " + v);
    return fallback;
  }
  return n;
}

void Args::fail(const std::string& message) {
  std::fprintf(stderr, "tramtin-publish %s: %s\n", command_, message.c_str());
  bad_ = true;
}

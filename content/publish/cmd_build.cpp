// `tramtin-publish build SRC OUTDIR --channel C --key K [--version N] [--expires-in-days D]`:
// reads and validates the source tree, then writes a signed bundle (content/bundle.h) into OUTDIR.
// Layer: tramtin-publish (staff tool).
//
// Objects already in OUTDIR/objects are not rewritten, so rebuilding after one change touches only
// that item's files. The version defaults to the previous manifest's version + 1 (or the current
// Unix time for a first build); manifest.sig and manifest.json are replaced atomically. Objects of
// older versions are kept: a kiosk half-way through downloading the previous version still finds them.
// Exit status: 0 built, 1 the source or the key has problems (each printed), 2 usage.
#include <cerrno>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>

#include "content/bundle/bundle.h"
#include "content/publish/commands.h"
#include "content/authoring/reader.h"

namespace {

int usage() {
  std::fprintf(stderr,
               "usage: tramtin-publish build SRC OUTDIR --channel C --key K.key [--version N] [--expires-in-days D]\n"
               "  SRC               the content source tree (see content/FORMAT.md)\n"
               "  OUTDIR            the bundle folder to create or update (upload it, or copy it to a USB stick)\n"
               "  --channel C       the channel kiosks are set to take (sync.channel), e.g. lai-chau-commune\n"
               "  --key K.key       the secret key made by `tramtin-publish keygen`\n"
               "  --version N       bundle version (default: previous version in OUTDIR + 1)\n"
               "  --expires-in-days D  kiosks refuse this bundle after D days (default 90)\n");
  return 2;
}

bool parse_int(const char* s, long long lo, long long hi, long long& out) {
  char* end = nullptr;
  errno = 0;
  long long v = std::strtoll(s, &end, 10);
  if (errno || !end || *end || end == s || v < lo || v > hi) return false;
  out = v;
  return true;
}

}  // namespace

int cmd_build(int argc, char** argv) {
  using namespace tramtin;
  std::string src, out, channel, key_path;
  long long version = 0, days = 90;
  for (int i = 1; i < argc; ++i) {
    std::string a = argv[i];
    auto value = [&](const char* name) -> const char* {
      if (i + 1 >= argc) {
        std::fprintf(stderr, "tramtin-publish build: %s needs a value\n", name);
        return nullptr;
      }
      return argv[++i];
    };
    if (a == "--channel") {
      const char* v = value("--channel");
      if (!v) return usage();
      channel = v;
    } else if (a == "--key") {
      const char* v = value("--key");
      if (!v) return usage();
      key_path = v;
    } else if (a == "--version") {
      const char* v = value("--version");
      if (!v || !parse_int(v, 1, INT64_MAX, version)) {
        std::fprintf(stderr, "tramtin-publish build: --version needs a positive integer\n");
        return 2;
      }
    } else if (a == "--expires-in-days") {
      const char* v = value("--expires-in-days");
      if (!v || !parse_int(v, 1, 3650, days)) {
        std::fprintf(stderr, "tramtin-publish build: --expires-in-days needs a number of days from 1 to 3650\n");
        return 2;
      }
    } else if (!a.empty() && a[0] == '-') {
      std::fprintf(stderr, "tramtin-publish build: unknown option %s\n", a.c_str());
      return usage();
    } else if (src.empty()) {
      src = a;
    } else if (out.empty()) {
      out = a;
    } else {
      return usage();
    }
  }
  if (src.empty() || out.empty() || channel.empty() || key_path.empty()) return usage();
  if (!tramtin::crypto_init()) {
    std::fprintf(stderr, "tramtin-publish build: libsodium could not be initialised\n");
    return 1;
  }

  std::string err;
  auto key = bundle::read_secret_key_file(key_path, &err);
  if (!key) {
    std::fprintf(stderr, "tramtin-publish build: %s\n", err.c_str());
    return 1;
  }
  SourceTree tree = read_source_tree(src);
  print_diagnostics(tree, stderr);
  if (!tree.ok()) {
    std::fprintf(stderr, "tramtin-publish build: %d error(s) in %s; nothing was published\n", tree.error_count(),
                 src.c_str());
    return 1;
  }
  if (tree.items.empty()) {
    std::fprintf(stderr, "tramtin-publish build: %s holds no items (folders with an item.toml)\n", src.c_str());
    return 1;
  }
  std::vector<bundle::MediaSource> media;
  for (const auto& [sha, m] : tree.media) media.push_back({sha, m.size, m.mime, m.path.string()});

  bundle::BuildOptions opt;
  opt.out_dir = out;
  opt.channel = channel;
  opt.key = *key;
  opt.version = version;
  opt.expires_in_days = static_cast<int>(days);
  bundle::BuildReport rep = bundle::write_bundle(tree.items, media, opt);
  if (!rep.status) {
    std::fprintf(stderr, "tramtin-publish build: %s\n", rep.status.message.c_str());
    return 1;
  }
  std::printf("bundle version %lld for channel %s: %zu items, %zu media files, %s bytes in all\n",
              static_cast<long long>(rep.manifest.version), channel.c_str(), rep.manifest.item_count(),
              rep.manifest.entries.size() - rep.manifest.item_count(),
              std::to_string(rep.manifest.total_bytes()).c_str());
  std::printf("objects: %d written (%llu bytes), %d unchanged; signed with key %s; written to %s\n",
              rep.objects_written, static_cast<unsigned long long>(rep.bytes_written), rep.objects_kept,
              bundle::key_fingerprint(key->public_key()).c_str(), out.c_str());
  return 0;
}

// `tramtin-publish build SRC OUTDIR --channel C --key K [--version N] [--expires-in-days D]`:
// reads and validates the source tree, then writes a signed bundle (content/bundle/bundle.h) into OUTDIR.
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
#include "content/publish/args.h"
#include "content/publish/commands.h"
#include "content/authoring/reader.h"

namespace {

int usage() {
  std::fprintf(stderr,
               "usage: tramtin-publish build SRC OUTDIR --channel C --key K.key [--version N] [--expires-in-days D]\n"
               "                             [--fonts PATH]\n"
               "  SRC               the content source tree (see content/FORMAT.md)\n"
               "  OUTDIR            the bundle folder to create or update (upload it, or copy it to a USB stick)\n"
               "  --channel C       the channel kiosks are set to take (sync.channel), e.g. lai-chau-commune\n"
               "  --key K.key       the secret key made by `tramtin-publish keygen`\n"
               "  --version N       bundle version (default: previous version in OUTDIR + 1)\n"
               "  --expires-in-days D  kiosks refuse this bundle after D days (default 90)\n"
               "%s",
               kFontsOptionHelp);
  return 2;
}

}  // namespace

int cmd_build(int argc, char** argv) {
  using namespace tramtin;
  Args args("build", argc, argv, {"--channel", "--key", "--version", "--expires-in-days", "--fonts"});
  const long long version = args.integer("--version", 1, INT64_MAX, 0, "a positive integer");
  const long long days = args.integer("--expires-in-days", 1, 3650, 90, "a number of days from 1 to 3650");
  const std::string channel = args.value("--channel") ? args.value("--channel") : "";
  const std::string key_path = args.value("--key") ? args.value("--key") : "";
  const auto& pos = args.positionals();
  if (args.bad() || args.help() || pos.size() != 2 || channel.empty() || key_path.empty()) return usage();
  const std::string src = pos[0], out = pos[1];
  if (!tramtin::crypto_init()) {
    std::fprintf(stderr, "tramtin-publish build: libsodium could not be initialised\n");
    return 1;
  }

  auto key = bundle::read_secret_key_file(key_path);
  if (!key) {
    std::fprintf(stderr, "tramtin-publish build: %s\n", key.error().c_str());
    return 1;
  }
  SourceTree tree = read_checked_tree(src, args.value("--fonts"), "build", stderr);
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

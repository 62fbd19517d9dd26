// `tramtin-publish urgent SRC OUTDIR --key K.key --channel C [--expires-hours N]`: signs the live
// urgent notices of the source tree into OUTDIR/urgent.json + urgent.sig (content/bundle/urgent.h),
// the fast path kiosks poll every few minutes. Layer: tramtin-publish (staff tool).
//
// Live: kind notice, urgent = true, not expired now. None live is fine: the file then withdraws
// the fast path's urgent notices. Upload it with `tramtin-publish upload OUTDIR URL`.
// Exit status: 0 written, 1 the source or the key has problems (each printed), 2 usage.
#include <cstdio>
#include <ctime>
#include <string>

#include "content/authoring/reader.h"
#include "content/bundle/urgent.h"
#include "content/publish/args.h"
#include "content/publish/commands.h"

namespace {

int usage() {
  std::fprintf(stderr,
               "usage: tramtin-publish urgent SRC OUTDIR --key K.key --channel C [--expires-hours N]\n"
               "  SRC               the content source tree (see content/FORMAT.md)\n"
               "  OUTDIR            where urgent.json and urgent.sig are written (the bundle folder: upload it\n"
               "                    with `tramtin-publish upload OUTDIR URL`, which puts them first)\n"
               "  --key K.key       the secret key made by `tramtin-publish keygen` (the bundles' key)\n"
               "  --channel C       the channel kiosks are set to take (sync.channel)\n"
               "  --expires-hours N kiosks stop showing these notices after N hours unless a newer urgent.json\n"
               "                    comes (default 48); each notice's own expire_at still applies\n"
               "The live urgent notices (kind notice, urgent = true, not expired) are signed; none is fine:\n"
               "that withdraws the urgent notices sent this way. Kiosks poll it every [sync] urgent_poll_minutes.\n");
  return 2;
}

}  // namespace

int cmd_urgent(int argc, char** argv) {
  using namespace tramtin;
  Args args("urgent", argc, argv, {"--channel", "--key", "--expires-hours"});
  const long long hours = args.integer("--expires-hours", 1, 24 * 366, 48, "a number of hours from 1 to 8784");
  const std::string channel = args.value("--channel") ? args.value("--channel") : "";
  const std::string key_path = args.value("--key") ? args.value("--key") : "";
  const auto& pos = args.positionals();
  if (args.help()) {
    usage();
    return 0;
  }
  if (args.bad() || pos.size() != 2 || channel.empty() || key_path.empty()) return usage();
  const std::string src = pos[0], out = pos[1];
  if (!crypto_init()) {
    std::fprintf(stderr, "tramtin-publish urgent: libsodium could not be initialised\n");
    return 1;
  }
  auto key = bundle::read_secret_key_file(key_path);
  if (!key) {
    std::fprintf(stderr, "tramtin-publish urgent: %s\n", key.error().c_str());
    return 1;
  }
  SourceTree tree = read_source_tree(src);
  print_diagnostics(tree, stderr);
  if (!tree.ok()) {
    std::fprintf(stderr, "tramtin-publish urgent: %d error(s) in %s; nothing was written\n", tree.error_count(),
                 src.c_str());
    return 1;
  }
  bundle::UrgentOptions opt;
  opt.out_dir = out;
  opt.channel = channel;
  opt.key = *key;
  opt.expires_hours = static_cast<int>(hours);
  const UnixTime now = static_cast<UnixTime>(std::time(nullptr));
  opt.now = now;
  auto notices = bundle::live_urgent_notices(tree.items, now);
  bundle::UrgentReport rep = bundle::write_urgent(notices, opt);
  if (!rep.status) {
    std::fprintf(stderr, "tramtin-publish urgent: %s\n", rep.status.message.c_str());
    return 1;
  }
  std::printf("urgent.json version %lld for channel %s: %zu urgent notice(s), %zu bytes, expires in %lld h; "
              "signed with key %s; written to %s\n",
              static_cast<long long>(rep.feed.version), channel.c_str(), rep.feed.notices.size(), rep.bytes.size(),
              hours, bundle::key_fingerprint(key->public_key()).c_str(), out.c_str());
  for (const auto& n : rep.feed.notices) {
    const ItemText* t = n.text_or_vi("vi");
    std::printf("  %s: %s\n", n.id.c_str(), t ? t->title.c_str() : "");
  }
  return 0;
}

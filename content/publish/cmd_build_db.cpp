// `tramtin-publish build-db SRC OUT.db`: validates a source tree and writes a kiosk cache straight
// from it (for development, and for the cache a kiosk starts from on its first boot).
// Layer: tramtin-publish (staff tool). Exit status: 0 written, 1 errors in SRC or writing failed, 2 usage.
//
// The cache records content version 1 (or --version N) and channel "dev" (or --channel C). Version 1
// is deliberately the lowest: any real bundle a kiosk later syncs is newer, so a kiosk seeded from
// build-db never refuses its first bundle as a rollback.
#include <cerrno>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <filesystem>
#include <map>
#include <string>

#include "content/base/format.h"
#include "content/store/cache.h"
#include "content/publish/args.h"
#include "content/publish/commands.h"
#include "content/authoring/reader.h"

namespace {

void help(std::FILE* out) {
  std::fprintf(out,
               "usage: tramtin-publish build-db SRC OUT.db [--channel C] [--version N] [--fonts PATH]\n"
               "  Validates SRC (as `validate` does) and, if there is no error, replaces the content of the\n"
               "  cache OUT.db (created if missing) with it in one transaction.\n"
               "  --channel C   channel recorded in the cache (default: dev)\n"
               "  --version N   content version recorded in the cache (default: 1, older than any bundle)\n"
               "%s",
               kFontsOptionHelp);
}

}  // namespace

int cmd_build_db(int argc, char** argv) {
  using namespace tramtin;
  Args args("build-db", argc, argv, {"--channel", "--version", "--fonts"});
  if (args.help()) {
    help(stdout);
    return 0;
  }
  const char* channel_arg = args.value("--channel");
  const std::string channel = channel_arg ? channel_arg : "dev";
  const long long version = args.integer("--version", 1, INT64_MAX, 1, "a positive integer");
  const auto& pos = args.positionals();
  if (!args.bad() && pos.size() > 2) args.fail("too many arguments (" + std::string(pos[2]) + ")");
  if (args.bad() || pos.size() < 2) {
    help(stderr);
    return 2;
  }
  const std::string src = pos[0], out = pos[1];

  const auto t0 = std::chrono::steady_clock::now();
  SourceTree tree = read_checked_tree(src, args.value("--fonts"), "build-db", stderr);
  print_diagnostics(tree, stderr);
  if (!tree.ok()) {
    std::fprintf(stderr, "%s\ntramtin-publish build-db: %s has errors; %s was not written\n",
                 source_summary(tree).c_str(), src.c_str(), out.c_str());
    return 1;
  }

  std::vector<MediaBlob> blobs;
  std::uintmax_t media_bytes = 0;
  for (const auto& [sha, m] : tree.media) {
    auto bytes = read_media_bytes(m);
    if (!bytes) {
      std::fprintf(stderr, "tramtin-publish build-db: %s\n", bytes.error().c_str());
      return 1;
    }
    media_bytes += m.size;
    blobs.push_back({sha, m.mime, std::move(*bytes)});
  }

  ContentMeta meta;
  meta.version = version;
  meta.channel = channel;
  meta.applied_at = static_cast<UnixTime>(std::time(nullptr));
  meta.source = "build-db:" + src;
  {
    auto cache = Cache::open(out, Cache::Mode::writer);
    if (!cache) {
      std::fprintf(stderr, "tramtin-publish build-db: cannot open %s: %s\n", out.c_str(), cache.error().c_str());
      return 1;
    }
    if (Status s = (*cache)->replace_all(tree.items, blobs, meta); !s) {
      std::fprintf(stderr, "tramtin-publish build-db: writing %s failed: %s\n", out.c_str(), s.message.c_str());
      return 1;
    }
  }  // closing the last connection checkpoints the WAL into the file, so its size below is final
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();

  std::map<std::string, int> kinds, langs;
  for (const auto& item : tree.items) {
    ++kinds[kind_name(item.kind)];
    for (const auto& t : item.texts) ++langs[t.lang];
  }
  std::string kind_list, lang_list;
  for (const auto& [k, n] : kinds) kind_list += (kind_list.empty() ? "" : ", ") + k + " " + std::to_string(n);
  // vi first: every item has it, the others are counted against it.
  lang_list = "vi " + std::to_string(langs["vi"]);
  for (const auto& [l, n] : langs)
    if (l != "vi") lang_list += ", " + l + " " + std::to_string(n);
  std::error_code ec;
  const std::uintmax_t size = std::filesystem::file_size(out, ec);

  if (tree.warning_count() > 0) std::fprintf(stderr, "%s\n", source_summary(tree).c_str());
  std::printf("wrote %s: %zu items (%s)\n", out.c_str(), tree.items.size(), kind_list.c_str());
  std::printf("languages: %s\n", lang_list.c_str());
  std::printf("media: %zu file%s, %s\n", blobs.size(), blobs.size() == 1 ? "" : "s", format_bytes(media_bytes).c_str());
  std::printf("time: %.2f s, size: %s\n", seconds, ec ? "unknown" : format_bytes(size).c_str());
  return 0;
}

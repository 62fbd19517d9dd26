// `tramtin-publish shots SRC OUT/ [--lang L,...] [--size WxH,...]`: every item's screen in every
// language, drawn by the kiosk's own renderer, and OUT/index.html, the review sheet (languages
// side by side per item; missing glyphs, Vietnamese fallbacks and validate's findings marked).
// The drawing needs SDL and ImGui, which the staff tool never links (content/ is below them): it
// runs the kiosk binary headless, `tramtin --preview SRC --render-items OUT --size WxH`, once per
// size, and builds the sheet from what that wrote (content/authoring/review_sheet.h).
// Layer: tramtin-publish (staff tool). Exit status: 0 written, 1 the kiosk or writing failed, 2 usage.
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <ctime>
#include <filesystem>
#include <set>
#include <string>
#include <vector>

#include "content/authoring/review_sheet.h"
#include "content/base/files.h"
#include "content/base/time.h"
#include "content/publish/args.h"
#include "content/publish/commands.h"

extern char** environ;

namespace {

namespace fs = std::filesystem;

void help(std::FILE* out) {
  std::fprintf(out,
               "usage: tramtin-publish shots SRC OUT/ [--lang L,...] [--size WxH,...] [--kiosk PATH] [--fonts PATH]\n"
               "  Draws every item's screen of the source tree SRC in every language with the kiosk's own\n"
               "  renderer (headless) into OUT/<id>.<lang>.<WxH>.png, and writes OUT/index.html: a review\n"
               "  sheet with the languages side by side per item. Letters the kiosk's fonts cannot draw,\n"
               "  fields shown in Vietnamese for want of a translation, and what validate says are marked.\n"
               "  --lang L,...    languages to draw (default: every language of the tree, vi first)\n"
               "  --size WxH,...  kiosk screens (default: 1920x1080; also 1366x768, 1080x1920, ...)\n"
               "  --kiosk PATH    the kiosk program (default: tramtin next to tramtin-publish, else on PATH)\n"
               "%s",
               kFontsOptionHelp);
}

std::vector<std::string> split_commas(const std::string& s) {
  std::vector<std::string> out;
  std::size_t at = 0;
  while (at <= s.size()) {
    const std::size_t comma = std::min(s.find(',', at), s.size());
    if (comma > at) out.push_back(s.substr(at, comma - at));
    at = comma + 1;
  }
  return out;
}

bool plausible_size(const std::string& s) {
  int w = 0, h = 0;
  char tail = 0;
  return std::sscanf(s.c_str(), "%dx%d%c", &w, &h, &tail) == 2 && w >= 320 && h >= 240 && w <= 8192 && h <= 8192 &&
         s == std::to_string(w) + "x" + std::to_string(h);
}

bool executable(const fs::path& p) { return !p.empty() && ::access(p.c_str(), X_OK) == 0 && !fs::is_directory(p); }

// The kiosk program: beside this one (an installed system, /usr/bin), in the build tree's kiosk/
// folder (a developer's build), else on PATH.
std::string find_kiosk() {
  std::error_code ec;
  const fs::path self = fs::read_symlink("/proc/self/exe", ec);
  if (!ec) {
    for (const fs::path& p : {self.parent_path() / "tramtin", self.parent_path().parent_path() / "kiosk" / "tramtin"})
      if (executable(p)) return p.string();
  }
  if (const char* path = std::getenv("PATH")) {
    std::string dirs(path);
    for (std::size_t at = 0; at <= dirs.size();) {
      const std::size_t colon = std::min(dirs.find(':', at), dirs.size());
      const fs::path p = fs::path(colon > at ? dirs.substr(at, colon - at) : ".") / "tramtin";
      if (executable(p)) return p.string();
      at = colon + 1;
    }
  }
  return {};
}

// Runs the kiosk and waits for it; its own messages go to our stderr. The exit status, or -1.
int run(const std::vector<std::string>& argv) {
  std::vector<char*> args;
  for (const auto& a : argv) args.push_back(const_cast<char*>(a.c_str()));
  args.push_back(nullptr);
  pid_t pid = 0;
  if (posix_spawn(&pid, args[0], nullptr, nullptr, args.data(), environ) != 0) return -1;
  int status = 0;
  while (waitpid(pid, &status, 0) < 0)
    if (errno != EINTR) return -1;
  return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

}  // namespace

int cmd_shots(int argc, char** argv) {
  using namespace tramtin;
  Args args("shots", argc, argv, {"--lang", "--size", "--kiosk", "--fonts"});
  if (args.help()) {
    help(stdout);
    return 0;
  }
  const auto& pos = args.positionals();
  if (!args.bad() && pos.size() > 2) args.fail("too many arguments (" + std::string(pos[2]) + ")");
  std::vector<std::string> langs = args.value("--lang") ? split_commas(args.value("--lang")) : std::vector<std::string>{};
  if (!args.bad() && args.value("--lang") && langs.empty()) args.fail("--lang wants languages separated by commas, e.g. vi,hmn");
  for (const auto& l : langs)
    if (!args.bad() && !is_plausible_language_tag(l)) args.fail("--lang: \"" + l + "\" is not a language tag (vi, en, zh-Hans, hmn, ...)");
  std::vector<std::string> sizes = args.value("--size") ? split_commas(args.value("--size")) : std::vector<std::string>{"1920x1080"};
  for (const auto& s : sizes)
    if (!args.bad() && !plausible_size(s)) args.fail("--size wants WIDTHxHEIGHT[,WIDTHxHEIGHT...], e.g. 1920x1080,1080x1920 (got \"" + s + "\")");
  if (!args.bad() && sizes.empty()) args.fail("--size wants at least one WIDTHxHEIGHT");
  if (args.bad() || pos.size() < 2) {
    help(stderr);
    return 2;
  }
  const std::string src = pos[0], out = pos[1];
  std::string kiosk = args.value("--kiosk") ? args.value("--kiosk") : find_kiosk();
  if (kiosk.empty() || !executable(kiosk)) {
    std::fprintf(stderr,
                 "tramtin-publish shots: the kiosk program %s was not found: the screens are drawn by the kiosk "
                 "itself (install the tramtin package, or give --kiosk PATH)\n",
                 kiosk.empty() ? "tramtin" : kiosk.c_str());
    return 1;
  }
  std::error_code ec;
  if (!fs::is_directory(src, ec)) {
    std::fprintf(stderr, "tramtin-publish shots: %s: no such folder\n", src.c_str());
    return 1;
  }
  fs::create_directories(out, ec);
  if (ec) {
    std::fprintf(stderr, "tramtin-publish shots: cannot make %s: %s\n", out.c_str(), ec.message().c_str());
    return 1;
  }

  // What validate says goes on the sheet; the screens are drawn even for a tree with errors (it
  // is for review, not for publishing).
  SourceTree tree = read_checked_tree(src, args.value("--fonts"), "shots", stderr);
  std::fprintf(stderr, "%s\n", source_summary(tree).c_str());

  ReviewInput sheet;
  sheet.source = src;
  sheet.generated = format_date_time(std::time(nullptr));
  sheet.diagnostics = tree.diagnostics;
  sheet.sizes = sizes;
  for (const auto& size : sizes) {
    std::vector<std::string> cmd = {kiosk, "--preview", src, "--render-items", out, "--size", size};
    if (!langs.empty()) {
      std::string l;
      for (const auto& x : langs) l += (l.empty() ? "" : ",") + x;
      cmd.insert(cmd.end(), {"--lang", l});
    }
    if (const char* f = args.value("--fonts")) cmd.insert(cmd.end(), {"--fonts", f});
    const int status = run(cmd);
    if (status != 0) {
      std::fprintf(stderr, "tramtin-publish shots: %s failed (%s) drawing %s; nothing more was drawn\n", kiosk.c_str(),
                   status < 0 ? "could not run it" : ("exit status " + std::to_string(status)).c_str(), size.c_str());
      return 1;
    }
    const std::string manifest = out + "/shots-" + size + ".json";
    auto text = read_file(manifest, 64 << 20);
    if (!text) {
      std::fprintf(stderr, "tramtin-publish shots: the kiosk wrote no %s\n", manifest.c_str());
      return 1;
    }
    auto shots = parse_review_shots(*text);
    if (!shots) {
      std::fprintf(stderr, "tramtin-publish shots: %s: %s\n", manifest.c_str(), shots.error().c_str());
      return 1;
    }
    for (auto& s : *shots) sheet.shots.push_back(std::move(s));
  }
  if (langs.empty()) {
    std::set<std::string> seen;
    for (const auto& s : sheet.shots) seen.insert(s.lang);
    for (const char* l : {"vi", "en", "zh-Hans", "hmn", "blt"})  // the kiosk's usual picker order
      if (seen.erase(l)) langs.push_back(l);
    langs.insert(langs.end(), seen.begin(), seen.end());
  }
  // A screen that showed no item (another channel) still gets its title on the sheet.
  for (auto& s : sheet.shots) {
    if (!s.title.empty()) continue;
    for (const auto& item : tree.items)
      if (item.id == s.id)
        if (const ItemText* t = item.text_or_vi(s.lang)) s.title = t->title;
  }
  sheet.languages = langs;
  const std::string index = out + "/index.html";
  if (Status st = write_file_atomic(index, review_sheet_html(sheet)); !st) {
    std::fprintf(stderr, "tramtin-publish shots: cannot write %s: %s\n", index.c_str(), st.message.c_str());
    return 1;
  }
  std::set<std::string> items;
  for (const auto& s : sheet.shots) items.insert(s.id);
  std::printf("wrote %s: %zu items, %zu languages, %zu sizes, %zu screens\n", index.c_str(), items.size(), langs.size(),
              sizes.size(), sheet.shots.size());
  return 0;
}

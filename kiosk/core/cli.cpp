// Command-line parsing for the kiosk. Layer: tramtin_kiosk_core.
#include "kiosk/core/cli.h"

#include <charconv>

namespace tramtin {

bool parse_size(const std::string& s, int* w, int* h) {
  auto x = s.find('x');
  if (x == std::string::npos) return false;
  int a = 0, b = 0;
  auto r1 = std::from_chars(s.data(), s.data() + x, a);
  auto r2 = std::from_chars(s.data() + x + 1, s.data() + s.size(), b);
  if (r1.ec != std::errc() || r1.ptr != s.data() + x || r2.ec != std::errc() || r2.ptr != s.data() + s.size())
    return false;
  if (a < 320 || b < 240 || a > 16384 || b > 16384) return false;
  *w = a;
  *h = b;
  return true;
}

const char* kiosk_usage() {
  return "Usage: tramtin [OPTIONS]\n"
         "TramTin public-information kiosk: procedures, news, notices and OCOP products.\n"
         "\n"
         "  --config PATH          configuration file (default: /etc/tramtin/tramtin.toml,\n"
         "                         then ./config/tramtin.toml)\n"
         "  --windowed WxH         run in a window of that size (default: fullscreen)\n"
         "  --fullscreen           run fullscreen (the default)\n"
         "  --screenshot OUT.png   render without a display and write a PNG, then exit\n"
         "  --size WxH             screenshot or scenario size (default 1280x800)\n"
         "  --frames N             frames to render before the screenshot (default 3)\n"
         "  --sync-once            one content sync, print what happened, exit\n"
         "  --import PATH          apply a bundle from a folder (e.g. a USB stick), exit\n"
         "  --scenario FILE        replay a scenario headless on a virtual clock\n"
         "  --dump-state OUT.json  with --scenario: write the final UI state as JSON\n"
         "  --shots DIR            with --scenario: where `shot NAME` writes PNGs\n"
         "  --fonts PATH           font manifest (default: fonts/fonts.toml)\n"
         "  --maintenance          show only the maintenance screen (after a crash loop)\n"
         "  --preview SRC          staff: the kiosk in a window on a content source tree, redrawn\n"
         "                         on every save, with a panel of what validate says (--size WxH\n"
         "                         picks the screen, default 1920x1080); writes no kiosk cache\n"
         "  --render-items DIR     with --preview: every item's screen in every language as PNGs\n"
         "                         into DIR (headless; used by tramtin-publish shots)\n"
         "  --lang L,...           with --render-items: these languages (default: the tree's)\n"
         "  --help                 this text\n"
         "  --version              the version\n"
         "\n"
         "Exit status: 0 ok (--sync-once/--import: up to date or applied), 1 failure or\n"
         "bundle rejected, 2 bad usage, 3 sync failed (network, server), 4 no display.\n"
         "--sync-once and --import print what happened as their last line: `up to date`,\n"
         "`applied version N`, `rejected: …` or `failed: …`.\n";
}

KioskArgsResult parse_kiosk_args(const std::vector<std::string>& argv) {
  KioskArgsResult r;
  KioskArgs& a = r.args;
  bool size_given = false;
  for (std::size_t i = 0; i < argv.size(); ++i) {
    const std::string& arg = argv[i];
    auto value = [&](std::string* out) -> bool {
      if (i + 1 >= argv.size() || argv[i + 1].rfind("--", 0) == 0) {
        r.error = "option " + arg + " needs a value (see tramtin --help)";
        return false;
      }
      *out = argv[++i];
      return true;
    };
    std::string v;
    if (arg == "--help" || arg == "-h") {
      a.mode = KioskArgs::Mode::help;
    } else if (arg == "--version") {
      a.mode = KioskArgs::Mode::version;
    } else if (arg == "--config") {
      if (!value(&a.config_path)) return r;
    } else if (arg == "--windowed") {
      if (!value(&v)) return r;
      if (!parse_size(v, &a.width, &a.height)) {
        r.error = "--windowed wants WIDTHxHEIGHT, e.g. 1280x800 (got \"" + v + "\")";
        return r;
      }
      a.fullscreen = false;
    } else if (arg == "--fullscreen") {
      a.fullscreen = true;
    } else if (arg == "--maintenance") {
      a.maintenance = true;
    } else if (arg == "--screenshot") {
      if (!value(&a.screenshot_path)) return r;
      a.mode = KioskArgs::Mode::screenshot;
    } else if (arg == "--size") {
      if (!value(&v)) return r;
      if (!parse_size(v, &a.width, &a.height)) {
        r.error = "--size wants WIDTHxHEIGHT, e.g. 1920x1080 (got \"" + v + "\")";
        return r;
      }
      size_given = true;
    } else if (arg == "--frames") {
      if (!value(&v)) return r;
      int n = 0;
      auto res = std::from_chars(v.data(), v.data() + v.size(), n);
      if (res.ec != std::errc() || res.ptr != v.data() + v.size() || n < 1 || n > 1000) {
        r.error = "--frames wants a number from 1 to 1000 (got \"" + v + "\")";
        return r;
      }
      a.frames = n;
    } else if (arg == "--sync-once") {
      a.mode = KioskArgs::Mode::sync_once;
    } else if (arg == "--import") {
      if (!value(&a.import_path)) return r;
      a.mode = KioskArgs::Mode::import_bundle;
    } else if (arg == "--scenario") {
      if (!value(&a.scenario_path)) return r;
      a.mode = KioskArgs::Mode::scenario;
    } else if (arg == "--dump-state") {
      if (!value(&a.dump_state_path)) return r;
    } else if (arg == "--shots") {
      if (!value(&a.shots_dir)) return r;
    } else if (arg == "--preview") {
      if (!value(&a.preview_src)) return r;
    } else if (arg == "--render-items") {
      if (!value(&a.render_items_dir)) return r;
    } else if (arg == "--lang") {
      if (!value(&v)) return r;
      a.languages.clear();
      for (std::size_t at = 0; at <= v.size();) {
        const std::size_t comma = std::min(v.find(',', at), v.size());
        if (comma > at) a.languages.push_back(v.substr(at, comma - at));
        at = comma + 1;
      }
      if (a.languages.empty()) {
        r.error = "--lang wants languages separated by commas, e.g. vi,en,hmn";
        return r;
      }
    } else if (arg == "--fonts") {
      if (!value(&a.fonts_manifest)) return r;
    } else {
      r.error = "unknown option \"" + arg + "\" (see tramtin --help)";
      return r;
    }
  }
  a.size_given = size_given;
  if (!a.preview_src.empty() && a.mode != KioskArgs::Mode::help && a.mode != KioskArgs::Mode::version) {
    // --preview with --scenario replays the scenario on the preview (headless, for tests).
    if (a.mode != KioskArgs::Mode::run && a.mode != KioskArgs::Mode::scenario) {
      r.error = "--preview cannot be combined with --screenshot, --sync-once or --import";
      return r;
    }
    a.mode = KioskArgs::Mode::preview;
  }
  if (size_given && a.mode == KioskArgs::Mode::run) a.fullscreen = false;
  if (a.mode == KioskArgs::Mode::preview) a.fullscreen = false;  // a window beside the author's editor
  if (!a.render_items_dir.empty() && a.mode != KioskArgs::Mode::preview) {
    r.error = "--render-items only makes sense with --preview SRC";
    return r;
  }
  if (!a.languages.empty() && a.render_items_dir.empty()) {
    r.error = "--lang only makes sense with --preview SRC --render-items DIR";
    return r;
  }
  if (!a.dump_state_path.empty() && a.mode != KioskArgs::Mode::scenario && a.scenario_path.empty()) {
    r.error = "--dump-state only makes sense with --scenario";
  }
  return r;
}

}  // namespace tramtin

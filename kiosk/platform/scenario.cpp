// Runs scenario files against the app (see scenario.h). Layer: tramtin.
#include "kiosk/platform/scenario.h"

#include <charconv>
#include <chrono>
#include <map>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "content/authoring/reader.h"
#include "content/base/text.h"
#include "kiosk/core/vn_compose.h"
#include "kiosk/platform/monkey.h"

namespace tramtin {
namespace {

// Strips the tone of a Vietnamese letter: "ý" -> ("y", sắc), "ằ" -> ("ă", huyền). Shape marks stay.
struct Decomposed {
  std::string base;
  Tone tone = Tone::none;
};

Decomposed strip_tone(char32_t c) {
  static const std::u32string bases[] = {U"aàáảãạ", U"ăằắẳẵặ", U"âầấẩẫậ", U"eèéẻẽẹ", U"êềếểễệ", U"iìíỉĩị",
                                         U"oòóỏõọ", U"ôồốổỗộ", U"ơờớởỡợ", U"uùúủũụ", U"ưừứửữự", U"yỳýỷỹỵ",
                                         U"AÀÁẢÃẠ", U"ĂẰẮẲẴẶ", U"ÂẦẤẨẪẬ", U"EÈÉẺẼẸ", U"ÊỀẾỂỄỆ", U"IÌÍỈĨỊ",
                                         U"OÒÓỎÕỌ", U"ÔỒỐỔỖỘ", U"ƠỜỚỞỠỢ", U"UÙÚỦŨỤ", U"ƯỪỨỬỮỰ", U"YỲÝỶỸỴ"};
  static const Tone order[] = {Tone::none, Tone::huyen, Tone::sac, Tone::hoi, Tone::nga, Tone::nang};
  for (const auto& b : bases) {
    auto pos = b.find(c);
    if (pos != std::u32string::npos) return {to_utf8(std::u32string(1, b[0])), order[pos]};
  }
  return {to_utf8(std::u32string(1, c)), Tone::none};
}

std::string key_id_for(const std::string& ch) {
  std::string lower = casefold(ch);
  if (lower == " ") return "key-space";
  return "key-" + lower;
}

std::int64_t parse_local_time(const std::string& s, bool* ok) {
  // YYYY-MM-DDTHH:MM[:SS], Vietnam time.
  int y = 0, mo = 0, d = 0, h = 0, mi = 0, se = 0;
  *ok = std::sscanf(s.c_str(), "%d-%d-%dT%d:%d:%d", &y, &mo, &d, &h, &mi, &se) >= 5;
  return unix_time_from_civil(y, mo, d, h, mi, se, kVietnamUtcOffsetMinutes);
}

bool parse_duration(const std::string& s, double* seconds) {
  double v = 0;
  std::size_t i = 0;
  try {
    v = std::stod(s, &i);
  } catch (...) {
    return false;
  }
  std::string unit = s.substr(i);
  if (unit == "s" || unit.empty()) *seconds = v;
  else if (unit == "ms") *seconds = v / 1000.0;
  else if (unit == "m" || unit == "min") *seconds = v * 60.0;
  else if (unit == "h") *seconds = v * 3600.0;
  else return false;
  return true;
}

std::string as_text(const nlohmann::json& j) {
  if (j.is_string()) return j.get<std::string>();
  if (j.is_null()) return "-";
  if (j.is_boolean()) return j.get<bool>() ? "true" : "false";
  return j.dump();
}

}  // namespace

ScenarioResult run_scenario(ScenarioDriver& d, const std::string& path, const std::string& shots_dir) {
  ScenarioResult res;
  std::ifstream in(path);
  if (!in) return {false, path + ": cannot read the scenario", 0};
  std::string line;
  int n = 0;
  auto fail = [&](const std::string& msg) {
    res.ok = false;
    res.message = path + ":" + std::to_string(n) + ": " + msg;
    return res;
  };
  auto tap = [&](const std::string& what) -> bool {
    float x = 0, y = 0;
    if (!d.target_center(what, &x, &y)) return false;
    d.pointer(x, y, -1);
    d.pointer(x, y, 1);
    d.frames(1);
    d.pointer(x, y, 0);
    d.frames(3);
    return true;
  };
  std::map<std::string, std::string> vars;  // `remember NAME FIELD`, read back as $NAME
  d.frames(2);
  while (std::getline(in, line)) {
    ++n;
    std::string l = trim(line);
    if (l.empty() || l[0] == '#') continue;
    ++res.steps;
    auto sp = l.find(' ');
    std::string cmd = l.substr(0, sp);
    std::string rest = sp == std::string::npos ? "" : trim(l.substr(sp + 1));
    if (cmd == "tap") {
      if (!tap(rest)) return fail("nothing to tap with id or label \"" + rest + "\" on screen " + as_text(d.state()["screen"]));
    } else if (cmd == "drag") {
      float v[4];
      std::istringstream ss(rest);
      if (!(ss >> v[0] >> v[1] >> v[2] >> v[3])) return fail("drag wants X1 Y1 X2 Y2");
      d.pointer(v[0], v[1], -1);
      d.pointer(v[0], v[1], 1);
      d.frames(1);
      const int steps = 12;
      for (int i = 1; i <= steps; ++i) {
        d.pointer(v[0] + (v[2] - v[0]) * i / steps, v[1] + (v[3] - v[1]) * i / steps, -1);
        d.frames(1);
      }
      d.pointer(v[2], v[3], 0);
      d.frames(3);
    } else if (cmd == "hold") {
      float x = 0, y = 0;
      char dur[32] = {0};
      double s = 0;
      if (std::sscanf(rest.c_str(), "%f %f %31s", &x, &y, dur) != 3 || !parse_duration(dur, &s))
        return fail("hold wants X Y DURATION, e.g. hold 20 20 5s");
      d.pointer(x, y, -1);
      d.pointer(x, y, 1);
      d.frames(1);
      d.advance(s);
      d.pointer(x, y, 0);
      d.frames(3);
    } else if (cmd == "keyboard") {
      if (!tap("mode-" + rest)) return fail("no keyboard mode key \"" + rest + "\" (is the keyboard shown?)");
    } else if (cmd == "type") {
      std::string mode = as_text(d.state()["keyboard_mode"]);
      // Direct mode: each letter without its tone, then the tone key at the end of the word, as a
      // person with the direct keyboard does. Telex and VNI: every character is a key.
      std::u32string text = to_u32(nfc(rest));
      Tone pending = Tone::none;
      auto flush_tone = [&]() -> bool {
        if (pending == Tone::none) return true;
        std::string id = std::string("key-") + (pending == Tone::sac     ? "sac"
                                                : pending == Tone::huyen ? "huyen"
                                                : pending == Tone::hoi   ? "hoi"
                                                : pending == Tone::nga   ? "nga"
                                                                         : "nang");
        pending = Tone::none;
        return tap(id);
      };
      for (char32_t c : text) {
        std::string key;
        if (mode == "direct") {
          Decomposed dc = strip_tone(c);
          if (c == U' ' && !flush_tone()) return fail("no tone key on screen");
          if (dc.tone != Tone::none) pending = dc.tone;
          key = dc.base;
        } else {
          key = to_utf8(std::u32string(1, c));
        }
        if (!tap(key_id_for(key))) return fail("no key \"" + key + "\" on the keyboard (is it shown?)");
      }
      if (!flush_tone()) return fail("no tone key on screen");
    } else if (cmd == "wait") {
      double s = 0;
      if (!parse_duration(rest, &s)) return fail("wait wants a duration like 30s, 500ms, 2m");
      d.advance(s);
    } else if (cmd == "settle") {
      if (!d.settle(30.0)) return fail("settle: the glyph scan or a font atlas build still runs after 30 s");
    } else if (cmd == "prewarm") {
      if (!d.prewarm_fonts(60.0)) return fail("prewarm: the atlases were still being built after 60 s");
    } else if (cmd == "await-worker") {
      const int events = std::atoi(rest.c_str());
      if (events <= 0) return fail("await-worker wants a number of worker reports, e.g. await-worker 3");
      if (!d.await_worker(events, 30.0))
        return fail("the sync worker did not report " + rest + " times within 30 s (is a feed configured?)");
    } else if (cmd == "await-field") {
      // Real time passes (virtual time stands still) until a state field holds VALUE (a list:
      // contains it): what the worker brings (urgent notices) is seen without guessing a count.
      auto sp3 = rest.find(' ');
      const std::string name = rest.substr(0, sp3), want = sp3 == std::string::npos ? "" : trim(rest.substr(sp3 + 1));
      if (name.empty() || want.empty()) return fail("await-field wants NAME VALUE");
      auto holds = [&] {
        nlohmann::json st = d.state();
        if (!st.contains(name)) return false;
        const nlohmann::json& v = st[name];
        if (v.is_array()) {
          for (const auto& e : v)
            if (as_text(e) == want) return true;
          return false;
        }
        return as_text(v) == want;
      };
      const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(30);
      while (!holds()) {
        if (std::chrono::steady_clock::now() >= deadline)
          return fail("the field " + name + " did not come to hold " + want + " within 30 s");
        if (!d.await_worker(1, 1.0) && !d.state().value("worker_running", false))
          return fail("await-field " + name + ": no sync worker is running (is a feed configured?)");
      }
    } else if (cmd == "await") {
      auto sp2 = rest.find(' ');
      if (sp2 == std::string::npos) return fail("await wants FIELD VALUE, e.g. await reading_phase playing");
      const std::string field = rest.substr(0, sp2), want = trim(rest.substr(sp2 + 1));
      if (!d.await_state(field, want, 30.0))
        return fail("waited 30 s for " + field + " = " + want + ", got " + as_text(d.state()[field]));
    } else if (cmd == "sync-now") {
      if (!d.sync_now(60.0))
        return fail("the sync worker did not finish an attempt within 60 s (is a feed configured?)");
    } else if (cmd == "monkey" || cmd == "soak") {
      // Random use (monkey.h): N events, or a span of virtual time with a sync every 15 minutes.
      auto sp2 = rest.find(' ');
      const std::string first = rest.substr(0, sp2), more = sp2 == std::string::npos ? "" : rest.substr(sp2 + 1);
      std::string error;
      ScenarioResult r;
      if (cmd == "monkey") {
        MonkeyOptions mo;
        mo.events = std::atoll(first.c_str());
        if (mo.events <= 0 || !parse_monkey_args(more, &mo, &error))
          return fail("monkey wants N [seed=S] [sample=K] [sync=DUR] [warmup=P] [slack=MB]" +
                      (error.empty() ? "" : ": " + error));
        r = run_monkey(d, mo);
      } else {
        SoakOptions so;
        if (!parse_duration(first, &so.duration_s) || so.duration_s <= 0 || !parse_soak_args(more, &so, &error))
          return fail("soak wants DURATION [seed=S] [sync=15m] [hook=CMD] [slack=MB]" +
                      (error.empty() ? "" : ": " + error));
        r = run_soak(d, so);
      }
      if (!r.ok) return fail(cmd + ": " + r.message);
    } else if (cmd == "crash-for-test") {
      std::abort();  // proves the crash line (tests only): the process dies here
    } else if (cmd == "remember") {
      std::istringstream ss(rest);
      std::string var, field;
      if (!(ss >> var >> field)) return fail("remember wants NAME FIELD");
      nlohmann::json st = d.state();
      vars[var] = st.contains(field) ? as_text(st[field]) : "-";
    } else if (cmd == "clock") {
      bool ok = false;
      auto t = parse_local_time(rest, &ok);
      if (!ok) return fail("clock wants YYYY-MM-DDTHH:MM");
      d.set_wall_clock(t);
      d.frames(2);
    } else if (cmd == "open") {
      std::istringstream ss(rest);
      std::string screen, arg;
      ss >> screen;
      std::getline(ss, arg);
      ScreenId id;
      if (!screen_from_name(screen, &id)) return fail("open wants a screen name, got \"" + screen + "\"");
      d.intent(make_intent(Intent::Type::open, Route{id, trim(arg)}));
    } else if (cmd == "home") {
      d.intent(make_intent(Intent::Type::home));
    } else if (cmd == "set") {
      auto sp2 = rest.find(' ');
      const std::string what = rest.substr(0, sp2), value = sp2 == std::string::npos ? "" : trim(rest.substr(sp2 + 1));
      if (what == "text-size") {
        int n = -1;
        for (int i = 0; i < 4; ++i)
          if (value == text_size_name(static_cast<TextSize>(i))) n = i;
        if (n < 0) return fail("set text-size wants A-, A, A+ or A++");
        d.intent(make_intent(Intent::Type::set_text_size, {}, n));
      } else if (what == "contrast") {
        if (value != "normal" && value != "high") return fail("set contrast wants normal or high");
        if (as_text(d.state()["contrast"]) != value) d.intent(make_intent(Intent::Type::toggle_contrast));
      } else if (what == "keyboard") {
        d.intent(make_intent(Intent::Type::show_keyboard, {}, value == "on" ? 1 : 0));
      } else if (what == "search") {
        d.intent(make_intent(Intent::Type::set_search_text, value));
      } else if (what == "section") {
        d.intent(make_intent(Intent::Type::jump_to_section, value));
      } else if (what == "qr") {
        d.intent(make_intent(Intent::Type::zoom_qr, value));
      } else if (what == "language") {
        d.intent(make_intent(Intent::Type::set_language, value));
      } else {
        return fail("set wants text-size, contrast, keyboard, search, section, qr or language");
      }
    } else if (cmd == "layout") {
      for (const std::string& f : d.layout_findings()) res.layout.push_back(rest + ": " + f);
    } else if (cmd == "shot") {
      if (shots_dir.empty()) continue;
      std::filesystem::create_directories(shots_dir);
      if (!d.screenshot(shots_dir + "/" + rest + ".png")) return fail("cannot write the screenshot " + rest);
    } else if (cmd == "expect") {
      auto sp2 = rest.find(' ');
      std::string what = rest.substr(0, sp2);
      std::string args = sp2 == std::string::npos ? "" : trim(rest.substr(sp2 + 1));
      nlohmann::json st = d.state();
      if (what == "screen") {
        if (as_text(st["screen"]) != args) return fail("expected screen " + args + ", got " + as_text(st["screen"]));
      } else if (what == "field" || what == "no-field") {
        auto sp3 = args.find(' ');
        std::string name = args.substr(0, sp3);
        std::string want = sp3 == std::string::npos ? "" : trim(args.substr(sp3 + 1));
        if (!want.empty() && want[0] == '$') {
          auto it = vars.find(want.substr(1));
          if (it == vars.end()) return fail("nothing remembered as " + want);
          want = it->second;
        }
        int index = -1;
        if (auto b = name.find('['); b != std::string::npos) {
          index = std::atoi(name.c_str() + b + 1);
          name = name.substr(0, b);
        }
        const nlohmann::json& v = st.contains(name) ? st[name] : nlohmann::json();
        bool match = false;
        std::string got = as_text(v);
        if (v.is_array() && index >= 0) {
          got = index < int(v.size()) ? as_text(v[std::size_t(index)]) : "-";
          match = got == want;
        } else if (v.is_array()) {
          for (const auto& e : v) match |= as_text(e) == want;
          if (want == "-") match = v.empty();
        } else {
          match = got == want || (want == "-" && (got.empty() || got == "-"));
        }
        if (what == "field" && !match) return fail("expected " + args + ", got " + name + " = " + got);
        if (what == "no-field" && match) return fail("expected " + name + " not to contain " + want);
      } else if (what == "greater") {
        std::istringstream ss(args);
        std::string name;
        double limit = 0;
        if (!(ss >> name >> limit)) return fail("expect greater wants FIELD NUMBER");
        if (!st.contains(name) || !st[name].is_number()) return fail(name + " is not a number in the state");
        if (!(st[name].get<double>() > limit))
          return fail("expected " + name + " > " + as_text(nlohmann::json(limit)) + ", got " + as_text(st[name]));
      } else if (what == "at-most") {
        // expect at-most FIELD N [since $NAME]: the number field, or its growth since it was
        // remembered as NAME, is N or less (frames drawn over an idle stretch, say).
        std::istringstream ss(args);
        std::string name, since, var;
        double limit = 0;
        if (!(ss >> name >> limit)) return fail("expect at-most wants FIELD NUMBER [since $NAME]");
        double base = 0;
        if (ss >> since) {
          if (since != "since" || !(ss >> var) || var.size() < 2 || var[0] != '$')
            return fail("expect at-most wants FIELD NUMBER [since $NAME]");
          auto it = vars.find(var.substr(1));
          if (it == vars.end()) return fail("nothing remembered as " + var);
          base = std::atof(it->second.c_str());
        }
        if (!st.contains(name) || !st[name].is_number()) return fail(name + " is not a number in the state");
        const double got = st[name].get<double>() - base;
        if (got > limit)
          return fail("expected " + name + (since.empty() ? "" : " to grow by") + " at most " +
                      as_text(nlohmann::json(limit)) + ", got " + as_text(nlohmann::json(got)) +
                      (st.contains("frame_reasons") ? " (frames by reason: " + st["frame_reasons"].dump() + ")" : ""));
      } else {
        return fail("unknown expectation \"" + what + "\" (screen, field, no-field, greater, at-most)");
      }
    } else {
      std::string error;
      if (!d.extra_command(cmd, rest, &error)) return fail("unknown command \"" + cmd + "\"");
      if (!error.empty()) return fail(error);
    }
  }
  return res;
}

}  // namespace tramtin

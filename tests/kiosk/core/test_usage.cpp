// The usage counts for the report (kiosk/core/usage.h): what each intent counts, when a search
// counts (found nothing, or nothing opened after it), listens, general feedback, and that nothing
// typed but a cleaned zero-result query is ever kept.
#include <doctest/doctest.h>

#include <map>

#include "kiosk/core/usage.h"

using namespace tramtin;

namespace {

constexpr UnixTime kT = 1795312800;  // 2026-11-22 09:00 Vietnam time

std::map<std::string, std::int64_t> flat(const std::vector<UsageCount>& v) {
  std::map<std::string, std::int64_t> m;
  for (const auto& c : v) m[c.day + " " + c.kind + "|" + c.item + "|" + c.lang + "|" + c.key] += c.count;
  return m;
}

// Applies the intent as the app does: counted first, then applied to the session.
void act(UsageRecorder& u, Session& s, const Intent& in, UnixTime now) {
  u.on_intent(in, s, now);
  apply_intent(s, in);
  u.observe_search(s, 0, now);
}

void type_query(UsageRecorder& u, Session& s, const std::string& text, std::size_t hits, UnixTime now) {
  apply_intent(s, make_intent(Intent::Type::set_search_text, text));
  u.observe_search(s, hits, now);
}

}  // namespace

TEST_CASE("usage: screens, views per language, ticks, language switches, listens and general feedback") {
  UsageRecorder u;
  Session s;
  act(u, s, make_intent(Intent::Type::open, Route{ScreenId::procedures, ""}), kT);
  act(u, s, make_intent(Intent::Type::set_language, "hmn"), kT + 1);
  act(u, s, make_intent(Intent::Type::set_language, "hmn"), kT + 2);  // no switch: not counted
  act(u, s, make_intent(Intent::Type::open, Route{ScreenId::procedure, "dang-ky-khai-sinh"}), kT + 3);
  act(u, s, make_intent(Intent::Type::toggle_tick, "dang-ky-khai-sinh/0/1"), kT + 4);
  act(u, s, make_intent(Intent::Type::toggle_tick, "dang-ky-khai-sinh/0/1"), kT + 5);  // untick: not counted
  u.listen("dang-ky-khai-sinh", s.language, kT + 6);
  act(u, s, make_intent(Intent::Type::home), kT + 3600);
  u.feedback("", 2, "unclear", kT + 3601);
  u.feedback("dang-ky-khai-sinh", 5, "none", kT + 3602);
  u.feedback("x", 9, "", kT);  // out of range: ignored
  CHECK(u.pending());
  auto got = flat(u.take());
  CHECK_FALSE(u.pending());
  const std::string d = "2026-11-22 ";
  CHECK(got == std::map<std::string, std::int64_t>{
                   {d + "hour|||9", 2},
                   {d + "hour|||10", 1},
                   {d + "lang||hmn|", 1},
                   {d + "view|dang-ky-khai-sinh|hmn|", 1},
                   {d + "tick|dang-ky-khai-sinh||", 1},
                   {d + "listen|dang-ky-khai-sinh|hmn|", 1},
                   {d + "score|||2", 1},
                   {d + "reason|||unclear", 1},
                   {d + "score|dang-ky-khai-sinh||5", 1},
               });
}

TEST_CASE("usage: a search counts once it stands · found nothing · or nothing opened after it") {
  UsageRecorder u;
  Session s;
  act(u, s, make_intent(Intent::Type::open, Route{ScreenId::search, ""}), kT);
  // Typing letter by letter: only what stood for a moment counts.
  type_query(u, s, "s", 3, kT);
  type_query(u, s, "so", 2, kT);
  type_query(u, s, "so do", 0, kT + 1);
  u.observe_search(s, 0, kT + 3);                    // stood: one search that found nothing
  type_query(u, s, "khai sinh", 4, kT + 4);
  u.observe_search(s, 4, kT + 7);                    // stood, with results
  act(u, s, make_intent(Intent::Type::home), kT + 8);  // left without opening one: abandoned
  // Next visit: a result opened before the query stood still counts, and is not abandoned.
  act(u, s, make_intent(Intent::Type::open, Route{ScreenId::search, ""}), kT + 20);
  type_query(u, s, "ket hon", 2, kT + 20);
  act(u, s, make_intent(Intent::Type::open, Route{ScreenId::procedure, "dang-ky-ket-hon"}), kT + 21);
  act(u, s, make_intent(Intent::Type::home), kT + 30);
  // A name and an ID number: counted as searches, never kept as text.
  act(u, s, make_intent(Intent::Type::open, Route{ScreenId::search, ""}), kT + 40);
  type_query(u, s, "Nguyễn Văn Minh", 0, kT + 40);
  type_query(u, s, "012345678901", 0, kT + 45);
  u.observe_search(s, 0, kT + 50);
  u.session_reset(kT + 60);                          // idle ends the visit
  auto got = flat(u.take());
  const std::string d = "2026-11-22 ";
  CHECK(got[d + "search|||total"] == 5);
  CHECK(got[d + "search|||zero"] == 3);
  CHECK(got[d + "search|||abandoned"] == 1);
  CHECK(got[d + "zq|||so do"] == 1);
  for (const auto& [k, n] : got) {
    INFO(k);
    CHECK(k.find("minh") == std::string::npos);
    CHECK(k.find("Minh") == std::string::npos);
    CHECK(k.find("0123") == std::string::npos);
  }
}

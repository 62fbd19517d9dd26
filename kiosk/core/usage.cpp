// Usage counting for the report (see usage.h). Layer: tramtin_kiosk_core.
#include "kiosk/core/usage.h"

#include <algorithm>

#include "content/base/text.h"
#include "content/base/time.h"
#include "content/report/usage.h"

namespace tramtin {

namespace {

bool item_screen(ScreenId s) { return s == ScreenId::procedure || s == ScreenId::article || s == ScreenId::product; }

bool search_in_stack(const Session& s) {
  return std::any_of(s.stack.begin(), s.stack.end(), [](const Route& r) { return r.screen == ScreenId::search; });
}

// "item/case/doc" -> "item"
std::string tick_item(const std::string& key) { return key.substr(0, key.find('/')); }

}  // namespace

void UsageRecorder::add(UnixTime now, const char* kind, std::string item, std::string lang, std::string key) {
  ++counts_[Key{vietnam_iso_day(now), kind, std::move(item), std::move(lang), std::move(key)}];
}

void UsageRecorder::on_intent(const Intent& in, const Session& before, UnixTime now) {
  switch (in.type) {
    case Intent::Type::open:
    case Intent::Type::replace: {
      if (in.type == Intent::Type::open && before.current() == in.route) break;  // already there
      add(now, "hour", {}, {}, std::to_string(vietnam_hour(now)));
      if (item_screen(in.route.screen) && !in.route.arg.empty()) {
        add(now, "view", in.route.arg, before.language);
        if (before.current().screen == ScreenId::search) {
          if (!query_counted_) commit_query(now);  // a result tapped before the query "stood"
          opened_ = true;
        }
      }
      break;
    }
    case Intent::Type::back:
    case Intent::Type::home:
      if (before.stack.size() > 1) add(now, "hour", {}, {}, std::to_string(vietnam_hour(now)));
      break;
    case Intent::Type::set_language:
      if (in.arg != before.language && !in.arg.empty()) add(now, "lang", {}, in.arg);
      break;
    case Intent::Type::toggle_tick:
      if (!before.ticked.count(in.arg)) add(now, "tick", tick_item(in.arg));
      break;
    default:
      break;
  }
}

void UsageRecorder::observe_search(const Session& s, std::size_t hits, UnixTime now) {
  const bool in_search = search_in_stack(s);
  if (in_search_ && !in_search) end_search(now);
  in_search_ = in_search;
  if (!in_search || s.current().screen != ScreenId::search) return;
  const std::string q = trim(s.search_text);
  if (q != query_) {
    if (!query_counted_ && now - query_since_ >= kQueryStandsSeconds) commit_query(now);
    query_ = q;
    hits_ = hits;
    query_since_ = now;
    query_counted_ = q.empty();
    return;
  }
  hits_ = hits;
  if (!query_counted_ && now - query_since_ >= kQueryStandsSeconds) commit_query(now);
}

void UsageRecorder::commit_query(UnixTime now) {
  query_counted_ = true;
  if (query_.empty()) return;
  add(now, "search", {}, {}, "total");
  if (hits_ == 0) {
    add(now, "search", {}, {}, "zero");
    // Only the cleaned form is ever kept (a name or an ID number becomes "" and is not kept at all).
    if (std::string q = report::clean_zero_result_query(query_); !q.empty()) add(now, "zq", {}, {}, q);
  } else {
    had_results_ = true;
  }
}

void UsageRecorder::end_search(UnixTime now) {
  if (!query_counted_ && now - query_since_ >= kQueryStandsSeconds) commit_query(now);
  if (had_results_ && !opened_) add(now, "search", {}, {}, "abandoned");
  query_.clear();
  hits_ = 0;
  query_counted_ = true;
  had_results_ = false;
  opened_ = false;
  in_search_ = false;
}

void UsageRecorder::session_reset(UnixTime now) {
  if (in_search_) end_search(now);
}

void UsageRecorder::feedback(const std::string& item, int score, const std::string& reason, UnixTime now) {
  if (score < 1 || score > 5) return;
  add(now, "score", item, {}, std::to_string(score));
  if (!reason.empty() && reason != "none") add(now, "reason", item, {}, reason);
}

void UsageRecorder::listen(const std::string& item, const std::string& lang, UnixTime now) {
  add(now, "listen", item, lang);
}

std::vector<UsageCount> UsageRecorder::take() {
  std::vector<UsageCount> out;
  out.reserve(counts_.size());
  for (auto& [k, n] : counts_)
    out.push_back({std::get<0>(k), std::get<1>(k), std::get<2>(k), std::get<3>(k), std::get<4>(k), n});
  counts_.clear();
  return out;
}

}  // namespace tramtin

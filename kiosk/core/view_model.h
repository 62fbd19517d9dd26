// What the current screen shows, loaded from the content cache BETWEEN frames (screens do no I/O).
// Layer: tramtin_kiosk_core (tramtin_content headers; no SDL, no ImGui).
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "content/store/cache.h"
#include "content/store/search.h"
#include "kiosk/core/session.h"

namespace tramtin {

struct ViewModel {
  Route route;                               // what this was loaded for
  std::string lang;
  std::vector<ItemRow> rows;                 // the list of the screen (news, notices, products, a field's procedures)
  std::vector<FieldCount> fields;            // procedures: the fields menu
  std::vector<GroupCount> groups;            // products: the OCOP groups with products
  std::optional<ItemView> item;              // detail screens (procedure, article, product, help page)
  std::vector<std::string> fell_back_fields; // item fields shown in Vietnamese (kiosk/core/fallback.h)
  std::vector<SearchHit> hits;               // search results, best first
  std::string corrected_query;               // search: the typo pass searched this instead
  std::vector<ItemRow> featured;             // attract slideshow
  std::vector<ItemRow> urgent;               // live urgent notices: the banner on every screen
  std::vector<FieldCount> suggest_fields;    // search found nothing: fields to browse instead
  std::vector<ItemRow> suggest_items;        // search found nothing: the procedures staff put first (priority)
  std::string error;                         // a storage error (logged; villagers see an empty state)
};

// The urgent fast path (content/sync/urgent.h) merged into a loaded view: its notices join the
// bundle's urgent ones (same id: the higher item version wins; not live at `now`, or the file
// expired: left out), most urgent first; on the notices list too, and its detail when the route
// opens one of them. `fast` may be null (nothing accepted yet).
void merge_fast_urgent(ViewModel& v, const Cache& cache, const std::vector<Item>* fast, UnixTime fast_expires_at,
                       const std::string& lang, UnixTime now);

// Which urgent notice the banner shows at `now` (they take turns every kBannerSeconds), and the
// seconds until the next turn.
inline constexpr int kBannerSeconds = 6;
std::size_t banner_index(std::size_t count, UnixTime now);

// What of a view an item going live or expiring can change: the ids of every list, the counts of
// the menus, the item shown, the error. Equal fingerprints: a scheduled change left this screen as
// it was, and nothing is redrawn for it.
std::string view_fingerprint(const ViewModel& v);

// Every text of a view's lists (titles, summaries, codes, field names, the corrected query), not of
// its item: what a list screen may draw of the content (a first screen's atlas, kiosk/platform/first_screen.cpp).
std::vector<std::string> view_texts(const ViewModel& v);

// The key that decides whether a view must be reloaded: route, language, search text, content.
std::string view_key(const Session& s, std::int64_t data_version);

// Loads the view for the session's current route at `now`. Never throws; storage errors end up in
// ViewModel::error with the lists left empty.
ViewModel load_view(const Cache& cache, Search& search, const Session& s, UnixTime now);

}  // namespace tramtin

namespace tramtin {

// Every character the content may show, in every language, visible now or later (the font atlas
// must have them all before an item goes live): one string per item document.
Result<std::vector<std::string>> content_texts(const Cache& cache);

// The same, grouped by language: lang -> all its characters (language-neutral fields such as
// producer names count as "vi"). The atlas loads the current language and Vietnamese only, so
// Chinese glyphs cost nothing on a kiosk that shows Vietnamese.
// texts_by_language also gives "<lang>#titles": what that language's items may show in the title
// size (titles, field names, body headings), a small part of all its characters (see fonts.h).
inline constexpr const char* kTitlesSuffix = "#titles";
std::map<std::string, std::string> texts_by_language(const std::vector<std::string>& item_documents);

// UI translations from the content's `strings` items: lang -> key -> text.
Result<std::vector<std::pair<std::string, std::map<std::string, std::string>>>> content_strings(const Cache& cache,
                                                                                               UnixTime now);

// First boot: when the cache at `db_path` holds no content, builds it from the source tree at
// `sample_dir` (the bundled sample pack). Returns a message for the log; an error leaves the cache
// as it was.
Result<std::string> ensure_first_boot_content(const std::string& db_path, const std::string& sample_dir, UnixTime now);

}  // namespace tramtin

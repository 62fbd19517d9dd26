// The kiosk's content cache: one SQLite file in WAL mode holding the whole content set (items,
// per-language texts, the search index, media blobs), a key/value `meta` table, and the queue of
// anonymous reports. Layer: tramtin_content (SQLite; no SDL, no ImGui).
//
// Two kinds of connection, one per thread:
//   - Mode::writer — the sync worker and `tramtin-publish build-db`. Creates the file, runs the
//     schema migrations (PRAGMA user_version), and replaces the whole content set in ONE
//     transaction with replace_all(), or only what changed with apply_changes() (the sync).
//     Also owns the report queue.
//   - Mode::reader — the UI thread. Never writes (PRAGMA query_only), never waits for a writer:
//     in WAL mode a reader keeps seeing the last committed content while an apply is running.
// A Cache object is not shared between threads; open one per thread.
//
// Visibility: every read takes the caller's clock `now`. An item with publish_at > now (scheduled)
// or expire_at <= now (expired) is invisible to every read and to search.
// Languages: reads take a BCP 47 tag; texts missing in that language fall back to `vi` and the
// row says so (fell_back), so the UI can show "chưa có bản dịch".
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "content/model/model.h"
#include "content/base/status.h"

struct sqlite3;

namespace tramtin {

inline constexpr int kCacheSchemaVersion = 4;       // PRAGMA user_version after all migrations

// A light row for lists and slideshows: enough to draw a card, no body.
struct ItemRow {
  std::string id;
  Kind kind = Kind::page;
  std::string lang;                                  // language of title/summary actually returned
  bool fell_back = false;                            // true: the requested language was missing, this is `vi`
  std::string title;
  std::string summary;
  UnixTime publish_at = 0;
  UnixTime expire_at = 0;
  int priority = 0;
  bool urgent = false;
  bool featured = false;
  std::string code;                                  // procedure: "1.001193"
  std::string field;                                 // procedure: field key "ho-tich"
  int ocop_group = 0;                                // product: 1..6, 0 otherwise
  int stars = 0;                                     // product: 3..5, 0 otherwise
  std::string producer;                              // product
  std::int64_t price = 0;                            // product: đồng, 0 = none
  bool price_is_example = false;                     // product: show "giá tham khảo"
  std::string media_sha256;                          // first image (cover, else photo); empty if none
};

// One item for the detail screen, with the language that will be shown.
struct ItemView {
  Item item;                                         // the full item, all languages
  std::string lang;                                  // the language to show (requested or "vi")
  bool fell_back = false;                            // requested language missing
  const ItemText& text() const { return *item.text_or_vi(lang); }  // never null: `vi` is required
};

struct Paging {
  int offset = 0;                                    // rows to skip
  int limit = 50;                                    // at most this many rows (clamped to 1..1000)
};

struct FieldCount {                                  // one procedure field (lĩnh vực) for the field menu
  std::string key;                                   // "ho-tich"
  std::string name;                                  // "Hộ tịch" in the requested language (fallback vi)
  bool fell_back = false;
  int count = 0;                                     // visible procedures in this field
};

struct GroupCount {                                  // one OCOP group with products visible now
  int group = 0;                                     // 1..6 (names are UI strings, not content)
  int count = 0;
};

struct KindCount {
  Kind kind = Kind::page;
  int count = 0;                                     // visible items of this kind
};

// Bytes of one media object. Today blobs live in the cache; a later change may keep them as
// files under objects/<sha256> — callers only ever see this struct.
struct MediaData {
  std::string sha256;                                // hex, lower case
  std::string mime;                                  // "image/png"
  std::string bytes;
};

struct MediaBlob {                                   // input to replace_all and apply_changes
  std::string sha256;                                // must equal sha256(bytes), lower-case hex (checked)
  std::string mime;
  std::string bytes;
};

// What apply_changes does to the content set (an incremental apply: the sync engine compares the
// bundle's entries with item_object_hashes() and media_hashes() and passes only the difference).
struct ContentChanges {
  std::vector<Item> upsert;                          // new items, or items whose object changed
  std::vector<std::string> upsert_sha256;            // per upsert item: the bundle object it came from
  std::vector<std::string> remove;                   // ids no longer in the bundle
  std::vector<MediaBlob> add_media;                  // media the cache does not hold
  std::vector<std::string> remove_media;             // media no longer in the bundle
};

// What was applied, kept in the `meta` table (keys "content_version", "channel", "applied_at",
// "source", "item_count").
struct ContentMeta {
  std::int64_t version = 0;                          // bundle version (only grows); 0 = never applied
  std::string channel;                               // "commune", "border-gate", "dev"
  UnixTime applied_at = 0;                           // when replace_all committed (caller's clock)
  std::string source;                                // "https://…/manifest.json", "usb:…", "build-db:content/sample"
};

// Optional observer of replace_all. Returning a non-ok Status from after_item aborts the apply and
// rolls everything back (used for shutdown/cancellation, and by tests to inject a failure
// half-way). Called inside the write transaction, so it must not write through this Cache.
struct ReplaceHooks {
  std::function<Status(std::size_t items_done, std::size_t items_total)> after_item;
};

// ---- Usage reports (content/report/REPORTS.md). Day counters, added to by the kiosk's report
// writer, sealed into JSON parts after each sync attempt, and kept in an outbox until a 2xx.
// kind: "hour" (key "0".."23"), "view" and "listen" (item, lang), "tick" (item), "score" (item,
// key "1".."5"), "reason" (item, key = reason key), "lang" (lang), "search" (key "total", "zero",
// "abandoned"), "zq" (key = a zero-result query, already cleaned: see content/report/usage.h).
struct UsageCount {
  std::string day;                                   // yyyy-mm-dd, Vietnam time
  std::string kind;
  std::string item;
  std::string lang;
  std::string key;
  std::int64_t count = 0;
};

struct ReportLimits {
  int max_counter_rows = 20000;                      // then the oldest rows are dropped (and counted)
  int max_parts = 500;                               // sealed parts waiting; then the oldest are dropped
};

struct ReportPart {                                  // one sealed file in the outbox
  std::int64_t seq = 0;
  std::string day;
  bool final = false;
  std::string body;
  std::string name() const;                          // "<day>-<seq>.json"
};

struct ReportQueue {                                 // for the heartbeat and the staff screen
  int parts = 0;                                     // sealed, not yet sent
  int counter_rows = 0;                              // not yet sealed
  std::int64_t dropped_total = 0;                    // counter rows and parts dropped since the cache was made
};

// Builds a part's body from the day's counters (inside the seal transaction): seq and the rows
// dropped since the previous part are given. An error aborts the seal (nothing changes).
using PartBuilder = std::function<Result<std::string>(const std::vector<UsageCount>& rows, std::int64_t seq,
                                                      std::int64_t dropped)>;

class Cache {
 public:
  enum class Mode { reader, writer };

  // Opens (writer: creates and migrates) the cache at `path`. A reader fails with a clear message
  // if the file is missing or has a schema this build does not know: open a writer first.
  static Result<std::unique_ptr<Cache>> open(const std::string& path, Mode mode);
  ~Cache();
  Cache(const Cache&) = delete;
  Cache& operator=(const Cache&) = delete;

  Mode mode() const { return mode_; }
  const std::string& path() const { return path_; }

  // ---- Read API (both modes). Lists order by priority desc, then: news/notice publish time desc;
  // procedure/page/strings title; product stars desc then title.
  Result<std::vector<ItemRow>> list_by_kind(Kind kind, std::string_view lang, UnixTime now,
                                            Paging page = {}) const;
  Result<std::vector<ItemRow>> list_procedures_in_field(std::string_view field_key, std::string_view lang,
                                                        UnixTime now, Paging page = {}) const;
  Result<std::vector<FieldCount>> procedure_fields(std::string_view lang, UnixTime now) const;  // by name
  Result<std::vector<ItemRow>> list_products_in_group(int ocop_group, std::string_view lang, UnixTime now,
                                                      Paging page = {}) const;
  Result<std::vector<GroupCount>> product_groups(UnixTime now) const;                            // by group
  Result<std::vector<ItemRow>> featured(std::string_view lang, UnixTime now, int limit = 20) const;
  // Live notices: urgent first, then priority desc, then newest.
  Result<std::vector<ItemRow>> active_notices(std::string_view lang, UnixTime now, int limit = 50) const;
  Result<std::vector<KindCount>> counts(UnixTime now) const;                                     // kinds with >0
  // The first moment after `now` at which an item appears (publish_at) or goes (expire_at): what
  // every read shows changes then, and not before (0: never). The kiosk sleeps until then.
  Result<UnixTime> next_visibility_change(UnixTime now) const;
  // One item; nullopt when it does not exist or is not visible at `now`.
  Result<std::optional<ItemView>> get_item(std::string_view id, std::string_view lang, UnixTime now) const;
  // The version of an item held under this id, visible now or not (nullopt: none held): the urgent
  // fast path compares its notices with the bundle's copies, withdrawn ones included.
  Result<std::optional<std::int64_t>> item_version(std::string_view id) const;
  // Ordered rows for ids (e.g. search hits), skipping ids not visible at `now`.
  Result<std::vector<ItemRow>> rows_for(const std::vector<std::string>& ids, std::string_view lang,
                                        UnixTime now) const;
  Result<std::optional<MediaData>> get_media(std::string_view sha256) const;   // nullopt: not held
  Result<ContentMeta> content_meta() const;                                    // version 0: empty cache
  Result<std::optional<std::string>> meta_value(std::string_view key) const;
  // Every stored item document (item_to_json), visible now or not, in no particular order: the
  // glyph scan must cover scheduled content before it goes live.
  Result<std::vector<std::string>> item_documents() const;

  // ---- Write API (Mode::writer only).
  // Replaces ALL items, texts, the search index and media with the given set, and records `meta`,
  // in one transaction. Items are validated first (non-empty unique ids, a `vi` text, NFC text);
  // on any failure nothing changes and the previous content stays readable.
  Status replace_all(const std::vector<Item>& items, const std::vector<MediaBlob>& media,
                     const ContentMeta& meta, const ReplaceHooks& hooks = {});
  // The same end state as replace_all with the whole set, writing only what changed, in ONE
  // transaction: rows of items, texts and search index of the upserted and removed items (the rest
  // is not touched), media added and removed, `meta` recorded. The search index keeps its static
  // rank layout: an edit that keeps an item's ranking keys (languages, priority, kind, publish
  // time, title) rewrites its rows in place; anything else (a new item, a new title) rebuilds the
  // index inside the same transaction. Validation as replace_all; also refuses to remove media an
  // item that stays still uses. On any failure nothing changes.
  Status apply_changes(const ContentChanges& changes, const ContentMeta& meta, const ReplaceHooks& hooks = {});
  // id -> sha256 of the bundle object each item was applied from ("" when applied by replace_all,
  // e.g. by build-db: such items always count as changed).
  Result<std::vector<std::pair<std::string, std::string>>> item_object_hashes() const;
  Result<std::vector<std::string>> media_hashes() const;
  Status set_meta_value(std::string_view key, std::string_view value);         // outside content sets
  // A throw-away cache (the staff preview's, rebuilt on every save): commits are not synced to
  // disk. Never on a kiosk's cache, which must survive a power cut.
  Status set_throwaway();
  // Several keys in ONE transaction (one fsync instead of one per key): all are written or none.
  Status set_meta_values(const std::vector<std::pair<std::string, std::string>>& key_values);

  // ---- Usage reports (Mode::writer for every write).
  // Adds the counts (summed into existing rows) in ONE transaction; then, over the limit, drops
  // the oldest rows and adds their number to the dropped count the next part reports.
  Status add_usage(const std::vector<UsageCount>& counts, const ReportLimits& limits = {});
  // One "was this useful?" answer as counters of the Vietnam day of `at`; item_id "" = the kiosk
  // in general (home, footer). reason_key is a fixed UI key, never free text.
  Status insert_feedback(std::string_view item_id, int score, std::string_view reason_key, UnixTime at);
  Result<std::vector<std::string>> usage_days() const;                         // days with counters, oldest first
  Result<std::vector<UsageCount>> usage_for_day(std::string_view day) const;
  // Seals the day's counters into an outbox part in ONE transaction: counters removed, part added,
  // meta report.seq bumped, report.dropped reset, report.last_seal_at = now. final = false leaves
  // the "zq" rows for the day's final part. nullopt when there was nothing to seal.
  Result<std::optional<ReportPart>> seal_usage(std::string_view day, bool final, UnixTime now,
                                               const PartBuilder& build, const ReportLimits& limits = {});
  Result<std::vector<ReportPart>> outbox(int limit = 1000) const;             // oldest first
  Status remove_part(std::int64_t seq);                                        // after a 2xx
  Result<ReportQueue> report_queue() const;

  // Bumps whenever any connection commits to this file (PRAGMA data_version): lets the UI and a
  // Search object notice new content without polling the tables.
  Result<std::int64_t> data_version() const;

 private:
  friend struct CacheAccess;                         // store-internal (content/store/cache_access.h)
  Cache(sqlite3* db, Mode mode, std::string path);
  sqlite3* db_ = nullptr;
  Mode mode_;
  std::string path_;
};

}  // namespace tramtin

// The SQLite content cache: schema and migrations, the UI's read API, the all-or-nothing content
// apply, media blobs, meta and the report queue. Layer: tramtin_content.
//
// [SECTION] Schema and migrations
// [SECTION] Open
// [SECTION] Read API
// [SECTION] Write API (replace_all)
// [SECTION] Meta, media, reports
#include "content/store/cache.h"

#include <algorithm>
#include <map>
#include <filesystem>
#include <set>
#include <unordered_set>

#include "content/store/fold.h"
#include "content/base/hash.h"
#include "content/base/log.h"
#include "content/store/sql.h"
#include "content/base/text.h"
#include "content/base/time.h"

namespace tramtin {

using sql::Stmt;

// ================================================================ [SECTION] Schema and migrations

namespace {

// Migration N brings user_version from N-1 to N. Append only: never edit a shipped migration.
// The search tables use the "tramtin_fold" tokenizer, which every connection registers on open.
const char* const kMigrations[] = {
    // 1: the first schema.
    R"sql(
CREATE TABLE meta(
  key   TEXT PRIMARY KEY,
  value TEXT NOT NULL
) WITHOUT ROWID;

CREATE TABLE items(
  id               TEXT PRIMARY KEY,
  kind             TEXT NOT NULL CHECK (kind IN ('procedure','news','notice','product','page','strings')),
  version          INTEGER NOT NULL,
  publish_at       INTEGER NOT NULL DEFAULT 0,   -- 0: at once
  expire_at        INTEGER NOT NULL DEFAULT 0,   -- 0: never
  priority         INTEGER NOT NULL DEFAULT 0,
  urgent           INTEGER NOT NULL DEFAULT 0,
  featured         INTEGER NOT NULL DEFAULT 0,
  proc_code        TEXT NOT NULL DEFAULT '',
  proc_field       TEXT NOT NULL DEFAULT '',
  ocop_group       INTEGER NOT NULL DEFAULT 0,
  stars            INTEGER NOT NULL DEFAULT 0,
  producer         TEXT NOT NULL DEFAULT '',
  price            INTEGER NOT NULL DEFAULT 0,
  price_is_example INTEGER NOT NULL DEFAULT 0,
  cover_sha256     TEXT NOT NULL DEFAULT '',
  doc              TEXT NOT NULL                 -- the canonical item document (item_to_json)
);
CREATE INDEX items_by_kind  ON items(kind, priority DESC, publish_at DESC);
CREATE INDEX items_by_field ON items(proc_field) WHERE kind = 'procedure';
CREATE INDEX items_by_group ON items(ocop_group) WHERE kind = 'product';
CREATE INDEX items_by_code  ON items(proc_code) WHERE proc_code <> '';
CREATE INDEX items_featured ON items(featured) WHERE featured = 1;

CREATE TABLE item_texts(
  item_id    TEXT NOT NULL REFERENCES items(id) ON DELETE CASCADE,
  lang       TEXT NOT NULL,
  title      TEXT NOT NULL,
  summary    TEXT NOT NULL DEFAULT '',
  title_key  TEXT NOT NULL DEFAULT '',           -- folded title: "Đăng ký" sorts with D, not after Z
  field_name TEXT NOT NULL DEFAULT '',
  PRIMARY KEY (item_id, lang)
) WITHOUT ROWID;

-- The search index: one FTS row per item per language. Contentless (content=''): the texts live in
-- items/item_texts already, and a whole-set replace wipes the index with 'delete-all'.
-- Row ids are assigned at apply time grouped by language (search_langs gives each language's
-- range) and, within a language, in "static rank" order (priority, kind, newest, title). So a
-- search restricted to one language is a rowid range, and for a generic query ("d", "dang ky")
-- the first N matches in rowid order are already the N best by static rank: no need to score
-- every match (see search.cpp).
CREATE TABLE search_rows(
  rowid      INTEGER PRIMARY KEY,                -- = search_fts rowid
  item_id    TEXT NOT NULL REFERENCES items(id) ON DELETE CASCADE,
  lang       TEXT NOT NULL,
  kind       TEXT NOT NULL,                      -- copies of items columns, so filtering a hit
  publish_at INTEGER NOT NULL,                   -- needs only this narrow row
  expire_at  INTEGER NOT NULL
);
CREATE TABLE search_langs(
  lang        TEXT PRIMARY KEY,
  first_rowid INTEGER NOT NULL,
  last_rowid  INTEGER NOT NULL
) WITHOUT ROWID;
CREATE VIRTUAL TABLE search_fts USING fts5(
  title, summary, body, proc, tags, code,
  content = '', tokenize = 'tramtin_fold', prefix = '1 2 3');
-- Ranking (column weights title >> code > tags > summary > details > body) is search.cpp's
-- tramtin_rank(), registered per connection like the tokenizer.
CREATE VIRTUAL TABLE search_vocab USING fts5vocab(search_fts, 'row');
-- Titles alone, same row ids: "is it in a title?" is the first question of every search, and a
-- title-only index answers it without walking the posting lists of every summary and body.
CREATE VIRTUAL TABLE search_titles USING fts5(
  title, content = '', tokenize = 'tramtin_fold', prefix = '1 2 3');

CREATE TABLE media(
  sha256 TEXT NOT NULL UNIQUE,
  mime   TEXT NOT NULL,
  size   INTEGER NOT NULL,
  bytes  BLOB NOT NULL
);

-- Anonymous report queue: what people found useful. No free text, nothing personal.
CREATE TABLE reports(
  id         INTEGER PRIMARY KEY,
  kind       TEXT NOT NULL DEFAULT 'feedback',
  item_id    TEXT NOT NULL,
  score      INTEGER NOT NULL CHECK (score BETWEEN 1 AND 5),
  reason_key TEXT NOT NULL DEFAULT '',
  at         INTEGER NOT NULL
);
)sql",
    // 2: the `synonyms` kind; aliases in the search index (their own column, and beside the title in
    // the title tier); a per-row ranking boost (kind, and the commune's own level). The items table
    // is rebuilt for its CHECK (foreign keys are off during migrations, see migrate()); the search
    // tables are derived, so they are recreated empty and migrate() refills them from the items.
    R"sql(
CREATE TABLE items_v2(
  id               TEXT PRIMARY KEY,
  kind             TEXT NOT NULL CHECK (kind IN ('procedure','news','notice','product','page','strings','synonyms')),
  version          INTEGER NOT NULL,
  publish_at       INTEGER NOT NULL DEFAULT 0,
  expire_at        INTEGER NOT NULL DEFAULT 0,
  priority         INTEGER NOT NULL DEFAULT 0,
  urgent           INTEGER NOT NULL DEFAULT 0,
  featured         INTEGER NOT NULL DEFAULT 0,
  proc_code        TEXT NOT NULL DEFAULT '',
  proc_field       TEXT NOT NULL DEFAULT '',
  ocop_group       INTEGER NOT NULL DEFAULT 0,
  stars            INTEGER NOT NULL DEFAULT 0,
  producer         TEXT NOT NULL DEFAULT '',
  price            INTEGER NOT NULL DEFAULT 0,
  price_is_example INTEGER NOT NULL DEFAULT 0,
  cover_sha256     TEXT NOT NULL DEFAULT '',
  doc              TEXT NOT NULL
);
INSERT INTO items_v2 SELECT * FROM items;
DROP TABLE items;
ALTER TABLE items_v2 RENAME TO items;
CREATE INDEX items_by_kind  ON items(kind, priority DESC, publish_at DESC);
CREATE INDEX items_by_field ON items(proc_field) WHERE kind = 'procedure';
CREATE INDEX items_by_group ON items(ocop_group) WHERE kind = 'product';
CREATE INDEX items_by_code  ON items(proc_code) WHERE proc_code <> '';
CREATE INDEX items_featured ON items(featured) WHERE featured = 1;

DROP TABLE search_vocab;
DROP TABLE search_fts;
DROP TABLE search_titles;
DELETE FROM search_rows;
DELETE FROM search_langs;
ALTER TABLE search_rows ADD COLUMN boost REAL NOT NULL DEFAULT 1;   -- multiplies the text score
CREATE VIRTUAL TABLE search_fts USING fts5(
  title, summary, body, proc, tags, code, aliases,
  content = '', tokenize = 'tramtin_fold', prefix = '1 2 3');
CREATE VIRTUAL TABLE search_vocab USING fts5vocab(search_fts, 'row');
CREATE VIRTUAL TABLE search_titles USING fts5(
  title, aliases, content = '', tokenize = 'tramtin_fold', prefix = '1 2 3');
)sql",
    // 3: usage reports (content/report/REPORTS.md). Day counters (Vietnam day, nothing finer than the
    // hour) and the outbox of sealed parts waiting for upload. The feedback queue of schema 1 is
    // folded into the counters (its answers become the day's score and reason counts) and dropped.
    R"sql(
CREATE TABLE usage_counts(
  id    INTEGER PRIMARY KEY,                      -- insertion order: the oldest is dropped first
  day   TEXT NOT NULL,                            -- yyyy-mm-dd, Vietnam time
  kind  TEXT NOT NULL,                            -- hour, view, listen, tick, score, reason, lang, search, zq
  item  TEXT NOT NULL DEFAULT '',
  lang  TEXT NOT NULL DEFAULT '',
  key   TEXT NOT NULL DEFAULT '',
  count INTEGER NOT NULL,
  UNIQUE(day, kind, item, lang, key)
);
CREATE TABLE report_outbox(
  seq       INTEGER PRIMARY KEY,                  -- the part's number, never reused (meta report.seq)
  day       TEXT NOT NULL,
  final     INTEGER NOT NULL,
  body      TEXT NOT NULL,                        -- the JSON file, as it will be sent
  sealed_at INTEGER NOT NULL
);
INSERT INTO usage_counts(day, kind, item, key, count)
  SELECT date(at + 25200, 'unixepoch'), 'score', item_id, CAST(score AS TEXT), COUNT(*)
  FROM reports GROUP BY 1, 3, 4;
INSERT INTO usage_counts(day, kind, item, key, count)
  SELECT date(at + 25200, 'unixepoch'), 'reason', item_id, reason_key, COUNT(*)
  FROM reports WHERE reason_key <> '' GROUP BY 1, 3, 4;
DROP TABLE reports;
)sql",
    // 4: the incremental apply (apply_changes): the bundle object each item came from, so a sync
    // writes only the items whose object changed. Items applied before have '' and count as changed.
    R"sql(
ALTER TABLE items ADD COLUMN doc_sha256 TEXT NOT NULL DEFAULT '';
)sql",
};
constexpr int kMigrationCount = static_cast<int>(sizeof(kMigrations) / sizeof(kMigrations[0]));
static_assert(kMigrationCount == kCacheSchemaVersion, "kCacheSchemaVersion must equal the number of migrations");

Result<int> user_version(sqlite3* db) {
  Stmt st(db, "PRAGMA user_version");
  if (!st.ok()) return st.status("reading the cache schema version");
  if (st.step() != SQLITE_ROW) return sql::error(db, "reading the cache schema version");
  return st.i32(0);
}

Status rebuild_search_index(sqlite3* db);

// Runs the migrations with foreign keys off (a table rebuild must not cascade into item_texts; the
// pragma is a no-op inside a transaction, so it is set around them) and refills the search index
// when a migration recreated it.
Status run_migrations(sqlite3* db, const std::string& path);

Status migrate(sqlite3* db, const std::string& path) {
  if (Status s = sql::exec(db, "PRAGMA foreign_keys = OFF", "starting schema migrations"); !s) return s;
  Status s = run_migrations(db, path);
  Status on = sql::exec(db, "PRAGMA foreign_keys = ON", "ending schema migrations");
  return s ? on : s;
}

Status run_migrations(sqlite3* db, const std::string& path) {
  auto v = user_version(db);
  if (!v) return v.status();
  const int from = *v;
  if (*v > kCacheSchemaVersion)
    return Status::error(ErrorKind::storage,
                         "cache " + path + " has schema version " + std::to_string(*v) + ", newer than this build (" +
                         std::to_string(kCacheSchemaVersion) + "): update the kiosk software or delete the cache");
  for (int n = *v + 1; n <= kCacheSchemaVersion; ++n) {
    // One transaction per migration: a power cut leaves the file at N-1 or N, never between.
    if (Status s = sql::exec(db, "BEGIN IMMEDIATE", "starting a schema migration"); !s) return s;
    Status s = sql::exec(db, kMigrations[n - 1], "cache schema migration " + std::to_string(n));
    if (s) s = sql::exec(db, ("PRAGMA user_version = " + std::to_string(n)).c_str(), "recording the schema version");
    if (s) s = sql::exec(db, "COMMIT", "committing a schema migration");
    if (!s) {
      sqlite3_exec(db, "ROLLBACK", nullptr, nullptr, nullptr);
      return s;
    }
    log::info("cache", "migrated " + path + " to schema version " + std::to_string(n));
  }
  if (from >= 1 && from < 2) {                       // migration 2 recreated the search index empty
    if (Status s = sql::exec(db, "BEGIN IMMEDIATE", "starting the search index rebuild"); !s) return s;
    Status s = rebuild_search_index(db);
    if (s) s = sql::exec(db, "COMMIT", "committing the search index rebuild");
    if (!s) {
      sqlite3_exec(db, "ROLLBACK", nullptr, nullptr, nullptr);
      return s;
    }
    log::info("cache", "rebuilt the search index of " + path);
  }
  return {};
}

// Visible at ?now: published and not expired. Every read and search uses the same predicate.
const std::string kVisible = sql::visible("i");

}  // namespace

// ================================================================ [SECTION] Open

Cache::Cache(sqlite3* db, Mode mode, std::string path) : db_(db), mode_(mode), path_(std::move(path)) {}

Cache::~Cache() {
  if (db_) sqlite3_close_v2(db_);                    // _v2: closes even if a Search forgot a statement
}

Result<std::unique_ptr<Cache>> Cache::open(const std::string& path, Mode mode) {
  std::error_code ec;
  if (mode == Mode::reader && !std::filesystem::exists(path, ec))
    return Status::error(ErrorKind::storage,
                         "cache " + path + " does not exist yet (it is created by the sync worker or build-db)");
  // The reader opens read-write but sets query_only: a SQLITE_OPEN_READONLY connection cannot
  // create the WAL index (-shm) when it is the first to open the file after a reboot.
  int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX | (mode == Mode::writer ? SQLITE_OPEN_CREATE : 0);
  sqlite3* db = nullptr;
  int rc = sqlite3_open_v2(path.c_str(), &db, flags, nullptr);
  if (rc != SQLITE_OK) {
    Status s = Status::error(ErrorKind::storage,
                             "opening cache " + path + ": " + (db ? sqlite3_errmsg(db) : sqlite3_errstr(rc)), rc);
    sqlite3_close_v2(db);
    return s;
  }
  std::unique_ptr<Cache> cache(new Cache(db, mode, path));
  sqlite3_extended_result_codes(db, 1);
  // Readers never wait long: in WAL they only meet a lock while the WAL index is being rebuilt.
  sqlite3_busy_timeout(db, mode == Mode::writer ? 5000 : 250);
  if (Status s = register_fold_tokenizer(db); !s) return s;
  // A bigger page cache and memory-mapped reads: searching walks index pages, and on a kiosk
  // with 2-4 GB the whole cache file fits comfortably (mmap is address space, not RAM).
  if (Status s = sql::exec(db, "PRAGMA foreign_keys = ON; PRAGMA cache_size = -16384; PRAGMA mmap_size = 268435456",
                           "opening cache " + path);
      !s)
    return s;

  if (mode == Mode::writer) {
    {
      Stmt wal(db, "PRAGMA journal_mode = WAL");
      if (!wal.ok() || wal.step() != SQLITE_ROW) return sql::error(db, "switching cache " + path + " to WAL");
      if (wal.str(0) != "wal")
        return Status::error(ErrorKind::storage,
                             "cache " + path + " cannot use WAL mode (journal_mode is " + wal.str(0) +
                             "); is it on a network or read-only file system?");
    }
    // FULL: an apply is rare and must survive a power cut once committed. The WAL is trimmed
    // after checkpoints so a 50 MB apply does not leave a 50 MB -wal file on the SD card.
    if (Status s = sql::exec(db, "PRAGMA synchronous = FULL; PRAGMA journal_size_limit = 4194304",
                             "configuring cache " + path);
        !s)
      return s;
    if (Status s = migrate(db, path); !s) return s;
  } else {
    if (Status s = sql::exec(db, "PRAGMA query_only = 1", "opening cache " + path + " read-only"); !s) return s;
    auto v = user_version(db);
    if (!v) return v.status();
    if (*v != kCacheSchemaVersion)
      return Status::error(ErrorKind::storage,
                           "cache " + path + " has schema version " + std::to_string(*v) + ", this build reads " +
                           std::to_string(kCacheSchemaVersion) + ": open it with the writer first");
  }
  return cache;
}

// ================================================================ [SECTION] Read API

namespace {

constexpr const char* kRowSelect = R"sql(
SELECT i.id, i.kind, COALESCE(t.lang, v.lang), COALESCE(t.title, v.title), COALESCE(t.summary, v.summary),
       i.publish_at, i.expire_at, i.priority, i.urgent, i.featured, i.proc_code, i.proc_field,
       i.ocop_group, i.stars, i.producer, i.price, i.price_is_example, i.cover_sha256
FROM items i
JOIN item_texts v ON v.item_id = i.id AND v.lang = 'vi'
LEFT JOIN item_texts t ON t.item_id = i.id AND t.lang = :lang
)sql";

ItemRow read_row(const Stmt& st, std::string_view requested) {
  ItemRow r;
  r.id = st.str(0);
  r.kind = kind_from_name(st.str(1)).value_or(Kind::page);
  r.lang = st.str(2);
  r.fell_back = r.lang != requested;
  r.title = st.str(3);
  r.summary = st.str(4);
  r.publish_at = st.i64(5);
  r.expire_at = st.i64(6);
  r.priority = st.i32(7);
  r.urgent = st.i32(8) != 0;
  r.featured = st.i32(9) != 0;
  r.code = st.str(10);
  r.field = st.str(11);
  r.ocop_group = st.i32(12);
  r.stars = st.i32(13);
  r.producer = st.str(14);
  r.price = st.i64(15);
  r.price_is_example = st.i32(16) != 0;
  r.media_sha256 = st.str(17);
  return r;
}

int param(const Stmt& st, const char* name) { return sqlite3_bind_parameter_index(st.get(), name); }

void bind_common(Stmt& st, std::string_view lang, UnixTime now) {
  if (int i = param(st, ":lang")) st.bind(i, lang);
  if (int i = param(st, ":now")) st.bind(i, static_cast<std::int64_t>(now));
}

Paging clamp(Paging p) {
  p.offset = std::max(0, p.offset);
  p.limit = std::clamp(p.limit, 1, 1000);
  return p;
}

const char* order_for(Kind k) {
  switch (k) {
    case Kind::news:
    case Kind::notice: return "i.priority DESC, i.publish_at DESC, i.id";
    case Kind::product: return "i.priority DESC, i.stars DESC, COALESCE(t.title_key, v.title_key), i.id";
    default: return "i.priority DESC, COALESCE(t.title_key, v.title_key), i.id";
  }
}

// Runs kRowSelect + `where_order`, binding :lang, :now, :limit, :offset and extra binds by name.
template <class BindExtra>
Result<std::vector<ItemRow>> query_rows(sqlite3* db, const std::string& where_order, std::string_view lang,
                                        UnixTime now, Paging page, BindExtra&& bind_extra) {
  Stmt st(db, std::string(kRowSelect) + where_order + " LIMIT :limit OFFSET :offset");
  if (!st.ok()) return st.status("listing items");
  bind_common(st, lang, now);
  page = clamp(page);
  st.bind(param(st, ":limit"), page.limit).bind(param(st, ":offset"), page.offset);
  bind_extra(st);
  std::vector<ItemRow> rows;
  int rc;
  while ((rc = st.step()) == SQLITE_ROW) rows.push_back(read_row(st, lang));
  if (rc != SQLITE_DONE) return sql::error(db, "listing items");
  return rows;
}

}  // namespace

Result<std::vector<ItemRow>> Cache::list_by_kind(Kind kind, std::string_view lang, UnixTime now, Paging page) const {
  std::string q = std::string("WHERE i.kind = :kind AND ") + kVisible + " ORDER BY " + order_for(kind);
  return query_rows(db_, q, lang, now, page, [&](Stmt& st) { st.bind(param(st, ":kind"), kind_name(kind)); });
}

Result<std::vector<ItemRow>> Cache::list_procedures_in_field(std::string_view field_key, std::string_view lang,
                                                             UnixTime now, Paging page) const {
  std::string q = std::string("WHERE i.kind = 'procedure' AND i.proc_field = :field AND ") + kVisible +
                  " ORDER BY " + order_for(Kind::procedure);
  return query_rows(db_, q, lang, now, page, [&](Stmt& st) { st.bind(param(st, ":field"), field_key); });
}

Result<std::vector<ItemRow>> Cache::list_products_in_group(int ocop_group, std::string_view lang, UnixTime now,
                                                           Paging page) const {
  std::string q = std::string("WHERE i.kind = 'product' AND i.ocop_group = :grp AND ") + kVisible + " ORDER BY " +
                  order_for(Kind::product);
  return query_rows(db_, q, lang, now, page, [&](Stmt& st) { st.bind(param(st, ":grp"), ocop_group); });
}

Result<std::vector<ItemRow>> Cache::featured(std::string_view lang, UnixTime now, int limit) const {
  std::string q = std::string("WHERE i.featured = 1 AND i.kind <> 'strings' AND ") + kVisible +
                  " ORDER BY i.priority DESC, i.publish_at DESC, i.id";
  return query_rows(db_, q, lang, now, Paging{0, limit}, [](Stmt&) {});
}

Result<std::vector<ItemRow>> Cache::active_notices(std::string_view lang, UnixTime now, int limit) const {
  std::string q = std::string("WHERE i.kind = 'notice' AND ") + kVisible +
                  " ORDER BY i.urgent DESC, i.priority DESC, i.publish_at DESC, i.id";
  return query_rows(db_, q, lang, now, Paging{0, limit}, [](Stmt&) {});
}

Result<std::vector<FieldCount>> Cache::procedure_fields(std::string_view lang, UnixTime now) const {
  std::string q = R"sql(
SELECT i.proc_field, COUNT(*), MAX(t.field_name), MAX(v.field_name)
FROM items i
JOIN item_texts v ON v.item_id = i.id AND v.lang = 'vi'
LEFT JOIN item_texts t ON t.item_id = i.id AND t.lang = :lang
WHERE i.kind = 'procedure' AND i.proc_field <> '' AND )sql" + kVisible +
                  " GROUP BY i.proc_field";
  Stmt st(db_, q);
  if (!st.ok()) return st.status("listing procedure fields");
  bind_common(st, lang, now);
  std::vector<FieldCount> out;
  int rc;
  while ((rc = st.step()) == SQLITE_ROW) {
    FieldCount f;
    f.key = st.str(0);
    f.count = st.i32(1);
    std::string local = st.str(2), vi = st.str(3);
    // MAX() over '' and a name picks the name: a procedure whose text lacks field_name is fine.
    if (!local.empty()) {
      f.name = local;
      f.fell_back = false;
    } else {
      f.name = vi.empty() ? f.key : vi;
      f.fell_back = lang != "vi";
    }
    out.push_back(std::move(f));
  }
  if (rc != SQLITE_DONE) return sql::error(db_, "listing procedure fields");
  std::sort(out.begin(), out.end(), [](const FieldCount& a, const FieldCount& b) {
    std::string ka = fold_text(a.name), kb = fold_text(b.name);
    return ka != kb ? ka < kb : a.key < b.key;
  });
  return out;
}

Result<std::vector<GroupCount>> Cache::product_groups(UnixTime now) const {
  Stmt st(db_, std::string("SELECT i.ocop_group, COUNT(*) FROM items i WHERE i.kind = 'product' AND ") + kVisible +
                   " GROUP BY i.ocop_group ORDER BY i.ocop_group");
  if (!st.ok()) return st.status("listing OCOP groups");
  bind_common(st, "", now);
  std::vector<GroupCount> out;
  int rc;
  while ((rc = st.step()) == SQLITE_ROW) out.push_back({st.i32(0), st.i32(1)});
  if (rc != SQLITE_DONE) return sql::error(db_, "listing OCOP groups");
  return out;
}

Result<std::vector<KindCount>> Cache::counts(UnixTime now) const {
  Stmt st(db_, std::string("SELECT i.kind, COUNT(*) FROM items i WHERE ") + kVisible + " GROUP BY i.kind");
  if (!st.ok()) return st.status("counting items");
  bind_common(st, "", now);
  std::vector<KindCount> out;
  int rc;
  while ((rc = st.step()) == SQLITE_ROW)
    if (auto k = kind_from_name(st.str(0))) out.push_back({*k, st.i32(1)});
  if (rc != SQLITE_DONE) return sql::error(db_, "counting items");
  std::sort(out.begin(), out.end(), [](const KindCount& a, const KindCount& b) { return a.kind < b.kind; });
  return out;
}

Result<UnixTime> Cache::next_visibility_change(UnixTime now) const {
  Stmt st(db_,
          "SELECT MIN(t) FROM (SELECT MIN(publish_at) AS t FROM items WHERE publish_at > :now "
          "UNION ALL SELECT MIN(expire_at) FROM items WHERE expire_at > :now)");
  if (!st.ok()) return st.status("finding the next scheduled change");
  bind_common(st, "", now);
  if (st.step() != SQLITE_ROW) return sql::error(db_, "finding the next scheduled change");
  return st.is_null(0) ? UnixTime(0) : UnixTime(st.i64(0));
}

Result<std::optional<ItemView>> Cache::get_item(std::string_view id, std::string_view lang, UnixTime now) const {
  Stmt st(db_, std::string("SELECT i.doc FROM items i WHERE i.id = :id AND ") + kVisible);
  if (!st.ok()) return st.status("reading item");
  bind_common(st, lang, now);
  st.bind(param(st, ":id"), id);
  int rc = st.step();
  if (rc == SQLITE_DONE) return std::optional<ItemView>{};
  if (rc != SQLITE_ROW) return sql::error(db_, "reading item " + std::string(id));
  std::string err;
  auto item = item_from_json(st.str(0), &err);
  if (!item) return Status::error(ErrorKind::storage, "item " + std::string(id) + " in the cache is damaged: " + err);
  ItemView view;
  view.item = std::move(*item);
  bool fell_back = false;
  const ItemText* t = view.item.text_or_vi(lang, &fell_back);
  if (!t) return Status::error(ErrorKind::storage, "item " + std::string(id) + " in the cache has no vi text");
  view.lang = t->lang;
  view.fell_back = fell_back;
  return std::optional<ItemView>(std::move(view));
}

Result<std::optional<std::int64_t>> Cache::item_version(std::string_view id) const {
  Stmt st(db_, "SELECT version FROM items WHERE id = :id");
  if (!st.ok()) return st.status("reading an item's version");
  st.bind(param(st, ":id"), id);
  int rc = st.step();
  if (rc == SQLITE_DONE) return std::optional<std::int64_t>{};
  if (rc != SQLITE_ROW) return sql::error(db_, "reading the version of item " + std::string(id));
  return std::optional<std::int64_t>(st.i64(0));
}

Result<std::vector<ItemRow>> Cache::rows_for(const std::vector<std::string>& ids, std::string_view lang,
                                             UnixTime now) const {
  Stmt st(db_, std::string(kRowSelect) + "WHERE i.id = :id AND " + kVisible);
  if (!st.ok()) return st.status("reading items");
  std::vector<ItemRow> rows;
  for (const std::string& id : ids) {
    st.reset();
    bind_common(st, lang, now);
    st.bind(param(st, ":id"), id);
    int rc = st.step();
    if (rc == SQLITE_ROW) rows.push_back(read_row(st, lang));
    else if (rc != SQLITE_DONE) return sql::error(db_, "reading item " + id);
  }
  return rows;
}

Result<std::int64_t> Cache::data_version() const {
  Stmt st(db_, "PRAGMA data_version");
  if (!st.ok() || st.step() != SQLITE_ROW) return sql::error(db_, "reading the cache data version");
  return st.i64(0);
}

// ================================================================ [SECTION] Write API (replace_all)

namespace {

// Text of the procedure fields a villager might search for.
std::string procedure_search_text(const ProcedureText& p) {
  std::string s = p.field_name;
  auto add = [&](const std::string& x) {
    if (x.empty()) return;
    if (!s.empty()) s += '\n';
    s += x;
  };
  for (const auto& step : p.steps) add(step);
  for (const auto& c : p.cases) {
    add(c.title);
    for (const auto& d : c.documents) add(d.name);
  }
  add(p.who);
  add(p.result);
  add(p.agency);
  return s;
}

// Products are also found by who makes them and where.
std::string product_search_text(const ProductInfo& p, const ProductText& t) {
  std::string s = p.producer;
  for (const std::string* x : {&p.producer_commune, &t.unit, &t.ingredients})
    if (!x->empty()) s += (s.empty() ? "" : "\n") + *x;
  return s;
}

std::string join(const std::vector<std::string>& v, char sep) {
  std::string s;
  for (const auto& x : v) {
    if (!s.empty()) s += sep;
    s += x;
  }
  return s;
}

// Checks what the schema cannot: one `vi` text, unique languages, valid NFC text.
Status validate_item(const Item& item, const std::string& doc) {
  auto bad = [&](const std::string& why) { return Status::error(ErrorKind::input,
                                                                "item \"" + item.id + "\": " + why); };
  if (item.id.empty()) return Status::error(ErrorKind::input, "an item has an empty id");
  if (!item.text("vi")) return bad("has no vi text (Vietnamese is required)");
  std::set<std::string_view> langs;
  for (const ItemText& t : item.texts) {
    if (t.lang.empty()) return bad("a text has no language tag");
    if (!langs.insert(t.lang).second) return bad("two texts in language " + t.lang);
    if (t.title.empty() && item.kind != Kind::strings && item.kind != Kind::synonyms) return bad("the " + t.lang + " text has no title");
  }
  if (!is_valid_utf8(doc)) return bad("text is not valid UTF-8");
  if (!is_nfc(doc)) return bad("text is not in Unicode NFC (normalise it when reading the source)");
  return {};
}

std::string cover_of(const Item& item) {
  const MediaRef* best = nullptr;
  for (const MediaRef& m : item.media) {
    if (m.mime.rfind("image/", 0) != 0 && !m.mime.empty()) continue;
    if (m.role == "narration") continue;
    if (!best || (m.role == "cover" && best->role != "cover")) best = &m;
  }
  return best ? best->sha256 : std::string();
}

int kind_order(Kind k) {                              // static search rank: what a kiosk is mostly for
  switch (k) {
    case Kind::procedure: return 0;
    case Kind::notice: return 1;
    case Kind::product: return 2;
    case Kind::news: return 3;
    default: return 4;
  }
}

// The ranking rules that do not depend on the words (search.cpp multiplies the text score by it):
// a procedure, or a page that says where to go, before a notice or product, and those before a news
// item that merely mentions them; a procedure done at the commune before one done higher up.
double search_boost(const Item& it) {
  double b = 1.0;
  switch (it.kind) {
    case Kind::procedure: b = 1.6; break;
    case Kind::page: b = 1.4; break;
    case Kind::notice: b = 1.0; break;
    case Kind::product: b = 1.0; break;
    case Kind::news: b = 0.6; break;
    case Kind::strings:
    case Kind::synonyms: b = 0; break;
  }
  if (it.kind == Kind::procedure && !it.procedure.levels.empty() &&
      std::find(it.procedure.levels.begin(), it.procedure.levels.end(), "xa") == it.procedure.levels.end())
    b *= 0.75;
  return b;
}

bool indexed(const Item& it) { return it.kind != Kind::strings && it.kind != Kind::synonyms; }

// The column values of one search row. A contentless FTS5 row is deleted by giving the very values
// it was inserted with, so the incremental apply computes them from the old document with this
// same function.
struct IndexText {
  std::string title, summary, body, details, tags, code, aliases;
};
IndexText index_text(const Item& it, const ItemText& t) {
  const bool is_proc = it.kind == Kind::procedure, is_prod = it.kind == Kind::product;
  IndexText x;
  x.title = t.title;
  x.summary = t.summary;
  x.body = body_plain_text(t.body);
  x.details = is_proc   ? procedure_search_text(t.procedure)
              : is_prod ? product_search_text(it.product, t.product)
                        : std::string();
  x.tags = join(it.tags, '\n');
  x.code = is_proc ? it.procedure.code : std::string();
  x.aliases = join(t.aliases, '\n');
  return x;
}

// Fills search_rows, search_langs and search_fts for the whole set; see the schema for the row
// id layout (grouped by language, vi first; static rank order inside a language).
Status write_search_index(sqlite3* db, const std::vector<Item>& items) {
  struct Doc {
    const Item* item;
    const ItemText* text;
    std::string title_key;
  };
  std::vector<Doc> docs;
  for (const Item& it : items) {
    if (!indexed(it)) continue;  // strings and synonyms: applied to search, never found by it
    for (const ItemText& t : it.texts) docs.push_back({&it, &t, fold_text(t.title)});
  }
  std::sort(docs.begin(), docs.end(), [](const Doc& a, const Doc& b) {
    const bool avi = a.text->lang == "vi", bvi = b.text->lang == "vi";
    if (avi != bvi) return avi;
    if (a.text->lang != b.text->lang) return a.text->lang < b.text->lang;
    if (a.item->priority != b.item->priority) return a.item->priority > b.item->priority;
    if (kind_order(a.item->kind) != kind_order(b.item->kind)) return kind_order(a.item->kind) < kind_order(b.item->kind);
    if (a.item->publish_at != b.item->publish_at) return a.item->publish_at > b.item->publish_at;
    if (a.title_key != b.title_key) return a.title_key < b.title_key;
    return a.item->id < b.item->id;
  });
  Stmt ins_row(db, "INSERT INTO search_rows(rowid, item_id, lang, kind, publish_at, expire_at, boost) VALUES(?,?,?,?,?,?,?)");
  Stmt ins_fts(db, "INSERT INTO search_fts(rowid, title, summary, body, proc, tags, code, aliases) VALUES(?,?,?,?,?,?,?,?)");
  Stmt ins_title(db, "INSERT INTO search_titles(rowid, title, aliases) VALUES(?,?,?)");
  Stmt ins_lang(db, "INSERT INTO search_langs(lang, first_rowid, last_rowid) VALUES(?,?,?)");
  for (Stmt* st : {&ins_row, &ins_fts, &ins_title, &ins_lang})
    if (!st->ok()) return st->status("preparing the search index");
  std::int64_t rowid = 0, first = 1;
  for (std::size_t n = 0; n < docs.size(); ++n) {
    const Item& it = *docs[n].item;
    const ItemText& t = *docs[n].text;
    ++rowid;
    const IndexText x = index_text(it, t);
    ins_row.reset().bind(1, rowid).bind(2, it.id).bind(3, t.lang).bind(4, kind_name(it.kind)).bind(5, it.publish_at)
        .bind(6, it.expire_at).bind(7, search_boost(it));
    if (Status s = ins_row.run("indexing " + it.id); !s) return s;
    ins_fts.reset().bind(1, rowid).bind(2, x.title).bind(3, x.summary).bind(4, x.body).bind(5, x.details)
        .bind(6, x.tags).bind(7, x.code).bind(8, x.aliases);
    if (Status s = ins_fts.run("indexing " + it.id); !s) return s;
    if (Status s = ins_title.reset().bind(1, rowid).bind(2, x.title).bind(3, x.aliases).run("indexing " + it.id); !s)
      return s;
    if (n + 1 == docs.size() || docs[n + 1].text->lang != t.lang) {
      if (Status s = ins_lang.reset().bind(1, t.lang).bind(2, first).bind(3, rowid).run("indexing languages"); !s) return s;
      first = rowid + 1;
    }
  }
  return {};
}

// Inserts an item's row and its texts (the search index is written separately).
class ItemWriter {
 public:
  explicit ItemWriter(sqlite3* db)
      : item_(db, R"sql(INSERT INTO items(id, kind, version, publish_at, expire_at, priority, urgent, featured,
      proc_code, proc_field, ocop_group, stars, producer, price, price_is_example, cover_sha256, doc, doc_sha256)
      VALUES(?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?))sql"),
        text_(db, "INSERT INTO item_texts(item_id, lang, title, summary, title_key, field_name) VALUES(?,?,?,?,?,?)") {}
  Status status() const {
    if (!item_.ok()) return item_.status("preparing the content apply");
    return text_.status("preparing the content apply");
  }
  Status write(const Item& it, const std::string& doc, std::string_view doc_sha256) {
    const bool is_proc = it.kind == Kind::procedure, is_prod = it.kind == Kind::product;
    item_.reset()
        .bind(1, it.id)
        .bind(2, kind_name(it.kind))
        .bind(3, it.version)
        .bind(4, it.publish_at)
        .bind(5, it.expire_at)
        .bind(6, it.priority)
        .bind(7, it.urgent)
        .bind(8, it.featured)
        .bind(9, is_proc ? it.procedure.code : std::string())
        .bind(10, is_proc ? it.procedure.field : std::string())
        .bind(11, is_prod ? it.product.ocop_group : 0)
        .bind(12, is_prod ? it.product.stars : 0)
        .bind(13, is_prod ? it.product.producer : std::string())
        .bind(14, is_prod ? it.product.price : std::int64_t{0})
        .bind(15, is_prod && it.product.price_is_example)
        .bind(16, cover_of(it))
        .bind(17, doc)
        .bind(18, doc_sha256);
    if (Status s = item_.run("storing item " + it.id); !s) return s;
    for (const ItemText& t : it.texts) {
      text_.reset()
          .bind(1, it.id)
          .bind(2, t.lang)
          .bind(3, t.title)
          .bind(4, t.summary)
          .bind(5, fold_text(t.title))
          .bind(6, t.procedure.field_name);
      if (Status s = text_.run("storing the " + t.lang + " text of " + it.id); !s) return s;
    }
    return {};
  }

 private:
  Stmt item_, text_;
};

// Refills the (empty) search tables from the item documents, after a migration recreated them.
Status rebuild_search_index(sqlite3* db) {
  std::vector<Item> items;
  Stmt st(db, "SELECT doc FROM items");
  if (!st.ok()) return st.status("reading the items to index");
  int rc;
  while ((rc = st.step()) == SQLITE_ROW) {
    std::string err;
    auto item = item_from_json(st.str(0), &err);
    if (!item) return Status::error(ErrorKind::storage, "an item document in the cache is damaged: " + err);
    items.push_back(std::move(*item));
  }
  if (rc != SQLITE_DONE) return sql::error(db, "reading the items to index");
  return write_search_index(db, items);
}

}  // namespace

Status Cache::replace_all(const std::vector<Item>& items, const std::vector<MediaBlob>& media,
                          const ContentMeta& meta, const ReplaceHooks& hooks) {
  if (mode_ != Mode::writer)
    return Status::error(ErrorKind::input, "replace_all needs a writer connection (this one is the UI's reader)");

  // Validate everything before touching the file, so the common mistakes give a clean message.
  std::vector<std::string> docs;
  docs.reserve(items.size());
  std::unordered_set<std::string_view> ids;
  for (const Item& item : items) {
    docs.push_back(item_to_json(item));
    if (Status s = validate_item(item, docs.back()); !s) return s;
    if (!ids.insert(item.id).second) return Status::error(ErrorKind::input,
                                                          "item id \"" + item.id + "\" appears twice");
  }
  std::unordered_set<std::string_view> hashes;
  for (const MediaBlob& m : media) {
    if (!is_sha256_hex(m.sha256))
      return Status::error(ErrorKind::input, "media hash \"" + m.sha256 + "\" is not 64 lower-case hex digits");
    if (sha256_hex(m.bytes) != m.sha256)
      return Status::error(ErrorKind::input,
                           "media " + m.sha256 + ": the bytes do not match their hash (damaged download?)");
    if (m.mime.empty()) return Status::error(ErrorKind::input, "media " + m.sha256 + " has no MIME type");
    hashes.insert(m.sha256);
  }

  if (Status s = sql::exec(db_, "BEGIN IMMEDIATE", "starting the content apply"); !s) return s;
  auto fail = [&](Status s) {
    sqlite3_exec(db_, "ROLLBACK", nullptr, nullptr, nullptr);
    log::warn("cache", "content apply rolled back, previous content kept: " + s.message);
    return s;
  };

  // Old content out. The FTS index is contentless: 'delete-all' drops it in one step.
  if (Status s = sql::exec(db_,
                           "INSERT INTO search_fts(search_fts) VALUES('delete-all');"
                           "INSERT INTO search_titles(search_titles) VALUES('delete-all');"
                           "DELETE FROM search_rows; DELETE FROM search_langs; DELETE FROM item_texts; DELETE FROM items;",
                           "clearing the old content");
      !s)
    return fail(s);

  ItemWriter writer(db_);
  if (Status s = writer.status(); !s) return fail(s);

  for (std::size_t n = 0; n < items.size(); ++n) {
    if (Status s = writer.write(items[n], docs[n], ""); !s) return fail(s);
    if (hooks.after_item) {
      Status s = hooks.after_item(n + 1, items.size());
      if (!s)
        return fail(Status::error(s.kind, "content apply stopped after " + std::to_string(n + 1) + " items: " + s.message,
                                  s.sqlite_code));
    }
  }

  if (Status s = write_search_index(db_, items); !s) return fail(s);

  // Media: keep blobs whose hash is still used (same hash = same bytes), add new ones.
  {
    Stmt old(db_, "SELECT sha256 FROM media");
    Stmt del(db_, "DELETE FROM media WHERE sha256 = ?");
    Stmt ins(db_, "INSERT OR IGNORE INTO media(sha256, mime, size, bytes) VALUES(?,?,?,?)");
    for (Stmt* st : {&old, &del, &ins})
      if (!st->ok()) return fail(st->status("preparing the media apply"));
    std::vector<std::string> gone;
    int rc;
    while ((rc = old.step()) == SQLITE_ROW)
      if (!hashes.count(old.str(0))) gone.push_back(old.str(0));
    if (rc != SQLITE_DONE) return fail(sql::error(db_, "listing old media"));
    for (const auto& h : gone)
      if (Status s = del.reset().bind(1, h).run("removing media " + h); !s) return fail(s);
    for (const MediaBlob& m : media) {
      ins.reset().bind(1, m.sha256).bind(2, m.mime).bind(3, static_cast<std::int64_t>(m.bytes.size())).bind_blob(4, m.bytes);
      if (Status s = ins.run("storing media " + m.sha256); !s) return fail(s);
    }
  }

  {
    Stmt put(db_, "INSERT INTO meta(key, value) VALUES(?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value");
    if (!put.ok()) return fail(put.status("preparing meta"));
    const std::pair<const char*, std::string> kv[] = {
        {"content_version", std::to_string(meta.version)},
        {"channel", meta.channel},
        {"applied_at", std::to_string(meta.applied_at)},
        {"source", meta.source},
        {"item_count", std::to_string(items.size())},
    };
    for (const auto& [k, v] : kv)
      if (Status s = put.reset().bind(1, k).bind(2, v).run("storing meta " + std::string(k)); !s) return fail(s);
  }

  // Merge the freshly written index segments into one b-tree: fewer segments, faster queries.
  if (Status s = sql::exec(db_,
                           "INSERT INTO search_fts(search_fts) VALUES('optimize');"
                           "INSERT INTO search_titles(search_titles) VALUES('optimize')",
                           "optimising the search index");
      !s)
    return fail(s);
  if (Status s = sql::exec(db_, "COMMIT", "committing the content apply"); !s) return fail(s);

  // Copy the new pages into the main file now, while nothing else is happening; PASSIVE never
  // waits for the UI's reader.
  sqlite3_wal_checkpoint_v2(db_, nullptr, SQLITE_CHECKPOINT_PASSIVE, nullptr, nullptr);
  log::info("cache", "applied content version " + std::to_string(meta.version) + " (" + std::to_string(items.size()) +
                         " items, " + std::to_string(media.size()) + " media) from " + meta.source);
  return {};
}

// ---- The incremental apply.

namespace {

// True when the new version of an item sorts exactly where the old one did in every language, so
// its search rows can keep their row ids (see the schema: row ids are the static rank order).
bool same_index_slots(const Item& a, const Item& b) {
  if (indexed(a) != indexed(b)) return false;
  if (!indexed(a)) return true;
  if (a.texts.size() != b.texts.size() || a.kind != b.kind || a.priority != b.priority ||
      a.publish_at != b.publish_at)
    return false;
  for (const ItemText& ta : a.texts) {
    const ItemText* tb = b.text(ta.lang);
    if (!tb || fold_text(ta.title) != fold_text(tb->title)) return false;
  }
  return true;
}

}  // namespace

Status Cache::apply_changes(const ContentChanges& ch, const ContentMeta& meta, const ReplaceHooks& hooks) {
  if (mode_ != Mode::writer)
    return Status::error(ErrorKind::input, "apply_changes needs a writer connection (this one is the UI's reader)");
  if (ch.upsert_sha256.size() != ch.upsert.size())
    return Status::error(ErrorKind::input, "apply_changes: one object hash per upserted item is needed");

  std::vector<std::string> docs;
  docs.reserve(ch.upsert.size());
  std::unordered_set<std::string> upsert_ids;
  for (const Item& item : ch.upsert) {
    docs.push_back(item_to_json(item));
    if (Status s = validate_item(item, docs.back()); !s) return s;
    if (!upsert_ids.insert(item.id).second)
      return Status::error(ErrorKind::input, "item id \"" + item.id + "\" appears twice");
  }
  for (const std::string& id : ch.remove)
    if (upsert_ids.count(id))
      return Status::error(ErrorKind::input, "item \"" + id + "\" is both removed and written");
  for (const MediaBlob& m : ch.add_media) {
    if (!is_sha256_hex(m.sha256))
      return Status::error(ErrorKind::input, "media hash \"" + m.sha256 + "\" is not 64 lower-case hex digits");
    if (sha256_hex(m.bytes) != m.sha256)
      return Status::error(ErrorKind::input,
                           "media " + m.sha256 + ": the bytes do not match their hash (damaged download?)");
    if (m.mime.empty()) return Status::error(ErrorKind::input, "media " + m.sha256 + " has no MIME type");
  }

  if (Status s = sql::exec(db_, "BEGIN IMMEDIATE", "starting the content apply"); !s) return s;
  auto fail = [&](Status s) {
    sqlite3_exec(db_, "ROLLBACK", nullptr, nullptr, nullptr);
    log::warn("cache", "content apply rolled back, previous content kept: " + s.message);
    return s;
  };

  // 1. The old versions of what goes out or is rewritten, and whether the search index can be
  //    patched in place (every rewritten item keeps its slots; no new item needs one).
  struct Old {
    Item item;
    std::vector<std::pair<std::string, std::int64_t>> rows;  // lang -> search rowid
  };
  std::vector<Old> olds;
  bool in_place = true;
  {
    Stmt get_doc(db_, "SELECT doc FROM items WHERE id = ?");
    Stmt get_rows(db_, "SELECT lang, rowid FROM search_rows WHERE item_id = ?");
    for (Stmt* st : {&get_doc, &get_rows})
      if (!st->ok()) return fail(st->status("preparing the content apply"));
    auto load = [&](const std::string& id, const Item* replacement) -> Status {
      get_doc.reset().bind(1, id);
      int rc = get_doc.step();
      if (rc == SQLITE_DONE) {
        if (replacement) in_place = false;  // a new item: its rows need a slot in the rank order
        return {};
      }
      if (rc != SQLITE_ROW) return sql::error(db_, "reading item " + id);
      std::string err;
      auto item = item_from_json(get_doc.str(0), &err);
      if (!item) {  // cannot compute the values its search rows were made of: rebuild them all
        in_place = false;
        return {};
      }
      Old o{std::move(*item), {}};
      get_rows.reset().bind(1, id);
      while ((rc = get_rows.step()) == SQLITE_ROW) o.rows.emplace_back(get_rows.str(0), get_rows.i64(1));
      if (rc != SQLITE_DONE) return sql::error(db_, "reading the search rows of " + id);
      if (replacement && !same_index_slots(o.item, *replacement)) in_place = false;
      olds.push_back(std::move(o));
      return {};
    };
    for (const std::string& id : ch.remove)
      if (Status s = load(id, nullptr); !s) return fail(s);
    for (const Item& it : ch.upsert)
      if (Status s = load(it.id, &it); !s) return fail(s);
  }

  // 2. Search rows out: one by one when patching, else all at once.
  std::map<std::pair<std::string, std::string>, std::int64_t> slot;  // (id, lang) -> rowid to reuse
  if (in_place) {
    Stmt del_fts(db_, "INSERT INTO search_fts(search_fts, rowid, title, summary, body, proc, tags, code, aliases) "
                      "VALUES('delete',?,?,?,?,?,?,?,?)");
    Stmt del_title(db_, "INSERT INTO search_titles(search_titles, rowid, title, aliases) VALUES('delete',?,?,?)");
    Stmt del_rows(db_, "DELETE FROM search_rows WHERE item_id = ?");
    for (Stmt* st : {&del_fts, &del_title, &del_rows})
      if (!st->ok()) return fail(st->status("preparing the content apply"));
    for (const Old& o : olds) {
      for (const auto& [lang, rowid] : o.rows) {
        const ItemText* t = o.item.text(lang);
        if (!t) return fail(Status::error(ErrorKind::storage, "the search rows of " + o.item.id + " do not match it"));
        const IndexText x = index_text(o.item, *t);
        del_fts.reset().bind(1, rowid).bind(2, x.title).bind(3, x.summary).bind(4, x.body).bind(5, x.details)
            .bind(6, x.tags).bind(7, x.code).bind(8, x.aliases);
        if (Status s = del_fts.run("unindexing " + o.item.id); !s) return fail(s);
        if (Status s = del_title.reset().bind(1, rowid).bind(2, x.title).bind(3, x.aliases).run("unindexing " + o.item.id);
            !s)
          return fail(s);
        slot[{o.item.id, lang}] = rowid;
      }
      if (Status s = del_rows.reset().bind(1, o.item.id).run("unindexing " + o.item.id); !s) return fail(s);
    }
  } else if (Status s = sql::exec(db_,
                                  "INSERT INTO search_fts(search_fts) VALUES('delete-all');"
                                  "INSERT INTO search_titles(search_titles) VALUES('delete-all');"
                                  "DELETE FROM search_rows; DELETE FROM search_langs;",
                                  "clearing the search index");
             !s) {
    return fail(s);
  }

  // 3. Items: the old rows out (their texts go with them), the new ones in.
  {
    Stmt del(db_, "DELETE FROM items WHERE id = ?");
    if (!del.ok()) return fail(del.status("preparing the content apply"));
    for (const std::string& id : ch.remove)
      if (Status s = del.reset().bind(1, id).run("removing item " + id); !s) return fail(s);
    for (const Item& it : ch.upsert)
      if (Status s = del.reset().bind(1, it.id).run("replacing item " + it.id); !s) return fail(s);
    ItemWriter writer(db_);
    if (Status s = writer.status(); !s) return fail(s);
    for (std::size_t n = 0; n < ch.upsert.size(); ++n) {
      if (Status s = writer.write(ch.upsert[n], docs[n], ch.upsert_sha256[n]); !s) return fail(s);
      if (hooks.after_item) {
        Status s = hooks.after_item(n + 1, ch.upsert.size());
        if (!s)
          return fail(Status::error(s.kind, "content apply stopped after " + std::to_string(n + 1) + " items: " + s.message,
                                    s.sqlite_code));
      }
    }
  }

  // 4. Search rows in: at the old slots, or the whole index again from every item.
  if (in_place) {
    Stmt ins_row(db_, "INSERT INTO search_rows(rowid, item_id, lang, kind, publish_at, expire_at, boost) VALUES(?,?,?,?,?,?,?)");
    Stmt ins_fts(db_, "INSERT INTO search_fts(rowid, title, summary, body, proc, tags, code, aliases) VALUES(?,?,?,?,?,?,?,?)");
    Stmt ins_title(db_, "INSERT INTO search_titles(rowid, title, aliases) VALUES(?,?,?)");
    for (Stmt* st : {&ins_row, &ins_fts, &ins_title})
      if (!st->ok()) return fail(st->status("preparing the search index"));
    for (const Item& it : ch.upsert) {
      if (!indexed(it)) continue;
      for (const ItemText& t : it.texts) {
        auto found = slot.find({it.id, t.lang});
        if (found == slot.end())
          return fail(Status::error(ErrorKind::storage, "item " + it.id + " has no search row for " + t.lang));
        const std::int64_t rowid = found->second;
        const IndexText x = index_text(it, t);
        ins_row.reset().bind(1, rowid).bind(2, it.id).bind(3, t.lang).bind(4, kind_name(it.kind)).bind(5, it.publish_at)
            .bind(6, it.expire_at).bind(7, search_boost(it));
        if (Status s = ins_row.run("indexing " + it.id); !s) return fail(s);
        ins_fts.reset().bind(1, rowid).bind(2, x.title).bind(3, x.summary).bind(4, x.body).bind(5, x.details)
            .bind(6, x.tags).bind(7, x.code).bind(8, x.aliases);
        if (Status s = ins_fts.run("indexing " + it.id); !s) return fail(s);
        if (Status s = ins_title.reset().bind(1, rowid).bind(2, x.title).bind(3, x.aliases).run("indexing " + it.id); !s)
          return fail(s);
      }
    }
  } else {
    // Every item, the unchanged ones read back from their documents (the new ones are at hand).
    std::vector<Item> all;
    Stmt st(db_, "SELECT id, doc FROM items");
    if (!st.ok()) return fail(st.status("reading the items to index"));
    int rc;
    while ((rc = st.step()) == SQLITE_ROW) {
      if (upsert_ids.count(st.str(0))) continue;
      std::string err;
      auto item = item_from_json(st.str(1), &err);
      if (!item) return fail(Status::error(ErrorKind::storage, "an item document in the cache is damaged: " + err));
      all.push_back(std::move(*item));
    }
    if (rc != SQLITE_DONE) return fail(sql::error(db_, "reading the items to index"));
    all.insert(all.end(), ch.upsert.begin(), ch.upsert.end());
    if (Status s = write_search_index(db_, all); !s) return fail(s);
  }

  // 5. Media: no item that stays may lose one it shows.
  {
    Stmt user(db_, "SELECT id FROM items WHERE instr(doc, ?) > 0 LIMIT 1");
    Stmt del(db_, "DELETE FROM media WHERE sha256 = ?");
    Stmt ins(db_, "INSERT OR IGNORE INTO media(sha256, mime, size, bytes) VALUES(?,?,?,?)");
    for (Stmt* st : {&user, &del, &ins})
      if (!st->ok()) return fail(st->status("preparing the media apply"));
    for (const std::string& h : ch.remove_media) {
      user.reset().bind(1, h);
      int rc = user.step();
      if (rc == SQLITE_ROW)
        return fail(Status::error(ErrorKind::input, "item \"" + user.str(0) + "\" uses media " + h.substr(0, 12) +
                                                        "… that the new content no longer holds"));
      if (rc != SQLITE_DONE) return fail(sql::error(db_, "checking media " + h));
      if (Status s = del.reset().bind(1, h).run("removing media " + h); !s) return fail(s);
    }
    for (const MediaBlob& m : ch.add_media) {
      ins.reset().bind(1, m.sha256).bind(2, m.mime).bind(3, static_cast<std::int64_t>(m.bytes.size())).bind_blob(4, m.bytes);
      if (Status s = ins.run("storing media " + m.sha256); !s) return fail(s);
    }
  }

  // 6. Meta, as replace_all records it.
  {
    Stmt count(db_, "SELECT COUNT(*) FROM items");
    if (!count.ok() || count.step() != SQLITE_ROW) return fail(sql::error(db_, "counting items"));
    const std::int64_t n_items = count.i64(0);
    Stmt put(db_, "INSERT INTO meta(key, value) VALUES(?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value");
    if (!put.ok()) return fail(put.status("preparing meta"));
    const std::pair<const char*, std::string> kv[] = {
        {"content_version", std::to_string(meta.version)},
        {"channel", meta.channel},
        {"applied_at", std::to_string(meta.applied_at)},
        {"source", meta.source},
        {"item_count", std::to_string(n_items)},
    };
    for (const auto& [k, v] : kv)
      if (Status s = put.reset().bind(1, k).bind(2, v).run("storing meta " + std::string(k)); !s) return fail(s);
  }
  // A rebuilt index is merged into one b-tree as replace_all does; a patched one is left to FTS5's
  // automatic merging (an 'optimize' would rewrite the whole index for one changed item).
  if (!in_place) {
    if (Status s = sql::exec(db_,
                             "INSERT INTO search_fts(search_fts) VALUES('optimize');"
                             "INSERT INTO search_titles(search_titles) VALUES('optimize')",
                             "optimising the search index");
        !s)
      return fail(s);
  }
  if (Status s = sql::exec(db_, "COMMIT", "committing the content apply"); !s) return fail(s);
  sqlite3_wal_checkpoint_v2(db_, nullptr, SQLITE_CHECKPOINT_PASSIVE, nullptr, nullptr);
  log::info("cache", "applied content version " + std::to_string(meta.version) + " from " + meta.source + ": " +
                         std::to_string(ch.upsert.size()) + " items written, " + std::to_string(ch.remove.size()) +
                         " removed, " + std::to_string(ch.add_media.size()) + " media added, " +
                         std::to_string(ch.remove_media.size()) + " removed (search index " +
                         (in_place ? "patched" : "rebuilt") + ")");
  return {};
}

Result<std::vector<std::pair<std::string, std::string>>> Cache::item_object_hashes() const {
  Stmt st(db_, "SELECT id, doc_sha256 FROM items");
  if (!st.ok()) return st.status("reading item hashes");
  std::vector<std::pair<std::string, std::string>> out;
  int rc;
  while ((rc = st.step()) == SQLITE_ROW) out.emplace_back(st.str(0), st.str(1));
  if (rc != SQLITE_DONE) return sql::error(db_, "reading item hashes");
  return out;
}

Result<std::vector<std::string>> Cache::media_hashes() const {
  Stmt st(db_, "SELECT sha256 FROM media");
  if (!st.ok()) return st.status("reading media hashes");
  std::vector<std::string> out;
  int rc;
  while ((rc = st.step()) == SQLITE_ROW) out.push_back(st.str(0));
  if (rc != SQLITE_DONE) return sql::error(db_, "reading media hashes");
  return out;
}

// ================================================================ [SECTION] Meta, media, reports

Result<std::optional<std::string>> Cache::meta_value(std::string_view key) const {
  Stmt st(db_, "SELECT value FROM meta WHERE key = ?");
  if (!st.ok()) return st.status("reading meta");
  st.bind(1, key);
  int rc = st.step();
  if (rc == SQLITE_ROW) return std::optional<std::string>(st.str(0));
  if (rc == SQLITE_DONE) return std::optional<std::string>{};
  return sql::error(db_, "reading meta " + std::string(key));
}

Result<std::vector<std::string>> Cache::item_documents() const {
  Stmt st(db_, "SELECT doc FROM items");
  if (!st.ok()) return st.status("reading item documents");
  std::vector<std::string> out;
  int rc;
  while ((rc = st.step()) == SQLITE_ROW) out.push_back(st.str(0));
  if (rc != SQLITE_DONE) return sql::error(db_, "reading item documents");
  return out;
}

Result<ContentMeta> Cache::content_meta() const {
  ContentMeta m;
  Stmt st(db_, "SELECT key, value FROM meta WHERE key IN ('content_version','channel','applied_at','source')");
  if (!st.ok()) return st.status("reading meta");
  int rc;
  while ((rc = st.step()) == SQLITE_ROW) {
    std::string k = st.str(0), v = st.str(1);
    if (k == "content_version") m.version = std::strtoll(v.c_str(), nullptr, 10);
    else if (k == "applied_at") m.applied_at = std::strtoll(v.c_str(), nullptr, 10);
    else if (k == "channel") m.channel = v;
    else if (k == "source") m.source = v;
  }
  if (rc != SQLITE_DONE) return sql::error(db_, "reading meta");
  return m;
}

Status Cache::set_throwaway() {
  return sql::exec(db_, "PRAGMA synchronous = OFF", "configuring the throw-away cache " + path_);
}

Status Cache::set_meta_value(std::string_view key, std::string_view value) {
  if (mode_ != Mode::writer) return Status::error(ErrorKind::input, "set_meta_value needs a writer connection");
  Stmt st(db_, "INSERT INTO meta(key, value) VALUES(?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value");
  if (!st.ok()) return st.status("writing meta");
  return st.bind(1, key).bind(2, value).run("writing meta " + std::string(key));
}

Status Cache::set_meta_values(const std::vector<std::pair<std::string, std::string>>& key_values) {
  if (mode_ != Mode::writer) return Status::error(ErrorKind::input, "set_meta_values needs a writer connection");
  if (Status s = sql::exec(db_, "BEGIN IMMEDIATE", "writing meta"); !s) return s;
  Status s;
  for (const auto& [k, v] : key_values)
    if (s = set_meta_value(k, v); !s) break;
  if (s) s = sql::exec(db_, "COMMIT", "committing meta");
  if (!s) sqlite3_exec(db_, "ROLLBACK", nullptr, nullptr, nullptr);
  return s;
}

Result<std::optional<MediaData>> Cache::get_media(std::string_view sha256) const {
  Stmt st(db_, "SELECT mime, bytes FROM media WHERE sha256 = ?");
  if (!st.ok()) return st.status("reading media");
  st.bind(1, sha256);
  int rc = st.step();
  if (rc == SQLITE_DONE) return std::optional<MediaData>{};
  if (rc != SQLITE_ROW) return sql::error(db_, "reading media " + std::string(sha256));
  return std::optional<MediaData>(MediaData{std::string(sha256), st.str(0), st.blob(1)});
}

// ---- Usage reports.

std::string ReportPart::name() const { return day + "-" + std::to_string(seq) + ".json"; }

namespace {

Result<std::int64_t> meta_int(sqlite3* db, std::string_view key) {
  Stmt st(db, "SELECT value FROM meta WHERE key = ?");
  if (!st.ok()) return st.status("reading meta");
  st.bind(1, key);
  int rc = st.step();
  if (rc == SQLITE_ROW) return std::strtoll(st.str(0).c_str(), nullptr, 10);
  if (rc == SQLITE_DONE) return std::int64_t{0};
  return sql::error(db, "reading meta " + std::string(key));
}

Status meta_set(sqlite3* db, std::string_view key, std::int64_t v) {
  Stmt st(db, "INSERT INTO meta(key, value) VALUES(?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value");
  if (!st.ok()) return st.status("writing meta");
  return st.bind(1, key).bind(2, std::to_string(v)).run("writing meta " + std::string(key));
}

// Adds `n` to the dropped counts (the next part's and the total).
Status add_dropped(sqlite3* db, std::int64_t n) {
  if (n <= 0) return {};
  for (const char* key : {"report.dropped", "report.dropped_total"}) {
    auto v = meta_int(db, key);
    if (!v) return v.status();
    if (Status s = meta_set(db, key, *v + n); !s) return s;
  }
  return {};
}

bool valid_day(std::string_view d) {
  if (d.size() != 10 || d[4] != '-' || d[7] != '-') return false;
  for (int i : {0, 1, 2, 3, 5, 6, 8, 9})
    if (d[static_cast<std::size_t>(i)] < '0' || d[static_cast<std::size_t>(i)] > '9') return false;
  return true;
}

// In a transaction: commit on success, roll back on failure.
template <class Fn>
Status in_transaction(sqlite3* db, const char* what, Fn&& fn) {
  if (Status s = sql::exec(db, "BEGIN IMMEDIATE", what); !s) return s;
  Status s = fn();
  if (s) s = sql::exec(db, "COMMIT", what);
  if (!s) sqlite3_exec(db, "ROLLBACK", nullptr, nullptr, nullptr);
  return s;
}

}  // namespace

Status Cache::add_usage(const std::vector<UsageCount>& counts, const ReportLimits& limits) {
  if (mode_ != Mode::writer) return Status::error(ErrorKind::input, "usage counts are written through a writer connection");
  for (const auto& c : counts) {
    if (!valid_day(c.day)) return Status::error(ErrorKind::input, "usage count with a bad day \"" + c.day + "\"");
    if (c.kind.empty() || c.count < 0) return Status::error(ErrorKind::input, "usage count without a kind or below 0");
  }
  return in_transaction(db_, "storing usage counts", [&]() -> Status {
    Stmt st(db_,
            "INSERT INTO usage_counts(day, kind, item, lang, key, count) VALUES(?, ?, ?, ?, ?, ?) "
            "ON CONFLICT(day, kind, item, lang, key) DO UPDATE SET count = count + excluded.count");
    if (!st.ok()) return st.status("storing usage counts");
    for (const auto& c : counts) {
      if (c.count == 0) continue;
      st.reset().bind(1, c.day).bind(2, c.kind).bind(3, c.item).bind(4, c.lang).bind(5, c.key).bind(6, c.count);
      if (Status s = st.run("storing usage counts"); !s) return s;
    }
    Stmt n(db_, "SELECT COUNT(*) FROM usage_counts");
    if (!n.ok() || n.step() != SQLITE_ROW) return sql::error(db_, "counting usage rows");
    const std::int64_t excess = n.i64(0) - std::max(1, limits.max_counter_rows);
    if (excess <= 0) return {};
    Stmt del(db_, "DELETE FROM usage_counts WHERE id IN (SELECT id FROM usage_counts ORDER BY day, id LIMIT ?)");
    if (!del.ok()) return del.status("dropping the oldest usage counts");
    if (Status s = del.bind(1, excess).run("dropping the oldest usage counts"); !s) return s;
    log::warn("reports", "the usage queue is full: dropped the " + std::to_string(excess) + " oldest counters");
    return add_dropped(db_, excess);
  });
}

Status Cache::insert_feedback(std::string_view item_id, int score, std::string_view reason_key, UnixTime at) {
  if (mode_ != Mode::writer) return Status::error(ErrorKind::input,
                                                  "feedback is stored through a writer connection (report writer)");
  if (score < 1 || score > 5) return Status::error(ErrorKind::input,
                                                   "feedback score " + std::to_string(score) + " is outside 1..5");
  // A fixed key from the UI, never what someone typed: the queue must hold nothing personal.
  if (reason_key.size() > 40 || !std::all_of(reason_key.begin(), reason_key.end(), [](char c) {
        return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '-';
      }))
    return Status::error(ErrorKind::input,
                         "feedback reason must be a short key like \"unclear\", got \"" + std::string(reason_key) + "\"");
  // item "" is the kiosk in general (home, footer): counted like any item.
  const std::string day = vietnam_iso_day(at);
  std::vector<UsageCount> c{{day, "score", std::string(item_id), "", std::to_string(score), 1}};
  if (!reason_key.empty()) c.push_back({day, "reason", std::string(item_id), "", std::string(reason_key), 1});
  return add_usage(c);
}

Result<std::vector<std::string>> Cache::usage_days() const {
  Stmt st(db_, "SELECT DISTINCT day FROM usage_counts ORDER BY day");
  if (!st.ok()) return st.status("listing usage days");
  std::vector<std::string> out;
  int rc;
  while ((rc = st.step()) == SQLITE_ROW) out.push_back(st.str(0));
  if (rc != SQLITE_DONE) return sql::error(db_, "listing usage days");
  return out;
}

Result<std::vector<UsageCount>> Cache::usage_for_day(std::string_view day) const {
  Stmt st(db_, "SELECT day, kind, item, lang, key, count FROM usage_counts WHERE day = ? ORDER BY kind, item, lang, key");
  if (!st.ok()) return st.status("reading usage counts");
  st.bind(1, day);
  std::vector<UsageCount> out;
  int rc;
  while ((rc = st.step()) == SQLITE_ROW) out.push_back({st.str(0), st.str(1), st.str(2), st.str(3), st.str(4), st.i64(5)});
  if (rc != SQLITE_DONE) return sql::error(db_, "reading usage counts");
  return out;
}

Result<std::optional<ReportPart>> Cache::seal_usage(std::string_view day, bool final, UnixTime now,
                                                    const PartBuilder& build, const ReportLimits& limits) {
  if (mode_ != Mode::writer) return Status::error(ErrorKind::input, "sealing a report needs a writer connection");
  std::optional<ReportPart> part;
  Status s = in_transaction(db_, "sealing a usage report", [&]() -> Status {
    auto rows = usage_for_day(day);
    if (!rows) return rows.status();
    if (!final) rows->erase(std::remove_if(rows->begin(), rows->end(), [](const UsageCount& c) { return c.kind == "zq"; }),
                            rows->end());
    if (rows->empty()) return {};
    auto seq = meta_int(db_, "report.seq");
    if (!seq) return seq.status();
    auto dropped = meta_int(db_, "report.dropped");
    if (!dropped) return dropped.status();
    ReportPart p;
    p.seq = *seq + 1;
    p.day = std::string(day);
    p.final = final;
    auto body = build(*rows, p.seq, *dropped);
    if (!body) return body.status();
    p.body = std::move(*body);
    Stmt ins(db_, "INSERT INTO report_outbox(seq, day, final, body, sealed_at) VALUES(?, ?, ?, ?, ?)");
    if (!ins.ok()) return ins.status("queueing a report part");
    if (Status e = ins.bind(1, p.seq).bind(2, p.day).bind(3, p.final).bind(4, p.body).bind(5, now).run("queueing a report part"); !e)
      return e;
    Stmt del(db_, final ? "DELETE FROM usage_counts WHERE day = ?" : "DELETE FROM usage_counts WHERE day = ? AND kind <> 'zq'");
    if (!del.ok()) return del.status("clearing sealed counters");
    if (Status e = del.bind(1, day).run("clearing sealed counters"); !e) return e;
    if (Status e = meta_set(db_, "report.seq", p.seq); !e) return e;
    if (Status e = meta_set(db_, "report.dropped", 0); !e) return e;
    if (Status e = meta_set(db_, "report.last_seal_at", now); !e) return e;
    // A full outbox (a kiosk offline for months): the oldest parts go first, counted.
    Stmt n(db_, "SELECT COUNT(*) FROM report_outbox");
    if (!n.ok() || n.step() != SQLITE_ROW) return sql::error(db_, "counting report parts");
    const std::int64_t excess = n.i64(0) - std::max(1, limits.max_parts);
    if (excess > 0) {
      Stmt drop(db_, "DELETE FROM report_outbox WHERE seq IN (SELECT seq FROM report_outbox ORDER BY seq LIMIT ?)");
      if (!drop.ok()) return drop.status("dropping the oldest report parts");
      if (Status e = drop.bind(1, excess).run("dropping the oldest report parts"); !e) return e;
      log::warn("reports", "the report outbox is full: dropped the " + std::to_string(excess) + " oldest parts");
      if (Status e = add_dropped(db_, excess); !e) return e;
    }
    part = std::move(p);
    return {};
  });
  if (!s) return s;
  return part;
}

Result<std::vector<ReportPart>> Cache::outbox(int limit) const {
  Stmt st(db_, "SELECT seq, day, final, body FROM report_outbox ORDER BY seq LIMIT ?");
  if (!st.ok()) return st.status("reading the report outbox");
  st.bind(1, std::clamp(limit, 1, 100000));
  std::vector<ReportPart> out;
  int rc;
  while ((rc = st.step()) == SQLITE_ROW) out.push_back({st.i64(0), st.str(1), st.i32(2) != 0, st.str(3)});
  if (rc != SQLITE_DONE) return sql::error(db_, "reading the report outbox");
  return out;
}

Status Cache::remove_part(std::int64_t seq) {
  if (mode_ != Mode::writer) return Status::error(ErrorKind::input, "remove_part needs a writer connection");
  Stmt st(db_, "DELETE FROM report_outbox WHERE seq = ?");
  if (!st.ok()) return st.status("removing a sent report part");
  return st.bind(1, seq).run("removing a sent report part");
}

Result<ReportQueue> Cache::report_queue() const {
  ReportQueue q;
  Stmt a(db_, "SELECT (SELECT COUNT(*) FROM report_outbox), (SELECT COUNT(*) FROM usage_counts)");
  if (!a.ok() || a.step() != SQLITE_ROW) return sql::error(db_, "reading the report queue");
  q.parts = a.i32(0);
  q.counter_rows = a.i32(1);
  auto d = meta_int(db_, "report.dropped_total");
  if (!d) return d.status();
  q.dropped_total = *d;
  return q;
}

}  // namespace tramtin

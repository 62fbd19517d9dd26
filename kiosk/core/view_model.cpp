// Loads what the current screen shows from the cache. Layer: tramtin_kiosk_core.
#include "kiosk/core/view_model.h"

#include <algorithm>
#include <cstdlib>

#include "kiosk/core/fallback.h"

namespace tramtin {

std::string view_key(const Session& s, std::int64_t data_version) {
  std::string k = screen_name(s.current().screen);
  k += '\x1f';
  k += s.current().arg;
  k += '\x1f';
  k += s.language;
  k += '\x1f';
  if (s.current().screen == ScreenId::search) k += s.search_text;
  k += '\x1f';
  k += std::to_string(data_version);
  return k;
}

namespace {

template <class T>
bool take(Result<T>&& r, T* out, std::string* error) {
  if (!r) {
    if (error->empty()) *error = r.error();
    return false;
  }
  *out = std::move(*r);
  return true;
}

void load_item(const Cache& cache, std::string_view id, const std::string& lang, UnixTime now, ViewModel& v) {
  std::optional<ItemView> item;
  if (take(cache.get_item(id, lang, now), &item, &v.error)) v.item = std::move(item);
  if (v.item) v.fell_back_fields = fell_back_fields(v.item->item, lang);
}

}  // namespace

ViewModel load_view(const Cache& cache, Search& search, const Session& s, UnixTime now) {
  ViewModel v;
  v.route = s.current();
  v.lang = s.language;
  const std::string& lang = s.language;
  const std::string& arg = v.route.arg;

  std::vector<ItemRow> notices;
  if (take(cache.active_notices(lang, now, 50), &notices, &v.error))
    for (auto& n : notices)
      if (n.urgent) v.urgent.push_back(n);

  switch (v.route.screen) {
    case ScreenId::home:
      // "Ưu tiên": the procedures staff marked most important, one tap from home.
      take(cache.list_by_kind(Kind::procedure, lang, now, Paging{0, 4}), &v.rows, &v.error);
      break;
    case ScreenId::procedures:
      take(cache.procedure_fields(lang, now), &v.fields, &v.error);
      break;
    case ScreenId::procedure_list:
      take(cache.list_procedures_in_field(arg, lang, now, Paging{0, 1000}), &v.rows, &v.error);
      take(cache.procedure_fields(lang, now), &v.fields, &v.error);
      break;
    case ScreenId::procedure:
    case ScreenId::article:
    case ScreenId::product:
      load_item(cache, arg, lang, now, v);
      break;
    case ScreenId::help:
      load_item(cache, arg.empty() ? "huong-dan-su-dung" : arg, lang, now, v);
      break;
    case ScreenId::news:
      take(cache.list_by_kind(Kind::news, lang, now, Paging{0, 1000}), &v.rows, &v.error);
      break;
    case ScreenId::notices:
      v.rows = std::move(notices);
      break;
    case ScreenId::products: {
      take(cache.product_groups(now), &v.groups, &v.error);
      const int group = arg.empty() ? 0 : std::atoi(arg.c_str());
      if (group > 0)
        take(cache.list_products_in_group(group, lang, now, Paging{0, 1000}), &v.rows, &v.error);
      else
        take(cache.list_by_kind(Kind::product, lang, now, Paging{0, 1000}), &v.rows, &v.error);
      break;
    }
    case ScreenId::search: {
      if (!s.search_text.empty()) {
        SearchOptions opt;
        opt.lang = lang;
        opt.now = now;
        opt.limit = 40;
        SearchResults res;
        if (take(search.run(s.search_text, opt), &res, &v.error)) {
          v.hits = std::move(res.hits);
          v.corrected_query = std::move(res.corrected_query);
        }
        if (v.hits.empty()) {
          take(cache.list_by_kind(Kind::procedure, lang, now, Paging{0, 6}), &v.suggest_items, &v.error);
          take(cache.procedure_fields(lang, now), &v.suggest_fields, &v.error);
        }
      }
      break;
    }
    case ScreenId::attract:
      take(cache.featured(lang, now, 20), &v.featured, &v.error);
      break;
    default:
      break;
  }
  return v;
}

}  // namespace tramtin

#include <filesystem>

#include "content/authoring/reader.h"

namespace tramtin {

Result<std::vector<std::string>> content_texts(const Cache& cache) { return cache.item_documents(); }

namespace {
void append_text(std::string& out, const ItemText& t) {
  auto add = [&](const std::string& x) {
    out += x;
    out += '\n';
  };
  add(t.title);
  add(t.summary);
  add(body_plain_text(t.body));
  const ProcedureText& p = t.procedure;
  add(p.field_name);
  for (const auto& x : p.steps) add(x);
  for (const auto& c : p.channels) {
    add(c.time_limit);
    add(c.fee);
    add(c.note);
  }
  for (const auto& c : p.cases) {
    add(c.title);
    for (const auto& d : c.documents) {
      add(d.name);
      add(d.copies);
    }
  }
  add(p.who);
  add(p.agency);
  add(p.address);
  add(p.result);
  add(p.conditions);
  for (const auto& l : p.legal) {
    add(l.number);
    add(l.title);
    add(l.issuer);
  }
  add(t.product.unit);
  add(t.product.ingredients);
  add(t.product.shelf_life);
  for (const auto& [k, v] : t.strings) add(v);
}
// What an item may show in the title size: its title, its field's name, its body's headings.
void append_title_text(std::string& out, const ItemText& t) {
  out += t.title + "\n" + t.procedure.field_name + "\n";
  for (const Block& b : t.body)
    if (b.type == Block::Type::heading) {
      for (const Span& sp : b.spans) out += sp.text;
      out += '\n';
    }
}
}  // namespace

std::map<std::string, std::string> texts_by_language(const std::vector<std::string>& docs) {
  std::map<std::string, std::string> out;
  for (const auto& d : docs) {
    auto item = item_from_json(d);
    if (!item) continue;
    std::string& vi = out["vi"];
    vi += item->product.producer + "\n" + item->product.producer_commune + "\n";
    // Tags are for search only (they may hold words in any language): never drawn, so no glyphs.
    for (const auto& m : item->media) vi += m.caption + "\n";
    for (const auto& t : item->texts) {
      append_text(out[t.lang], t);
      append_title_text(out[t.lang + kTitlesSuffix], t);
    }
  }
  return out;
}

Result<std::vector<std::pair<std::string, std::map<std::string, std::string>>>> content_strings(const Cache& cache,
                                                                                               UnixTime now) {
  std::vector<std::pair<std::string, std::map<std::string, std::string>>> out;
  auto rows = cache.list_by_kind(Kind::strings, "vi", now, Paging{0, 100});
  if (!rows) return rows.status();
  for (const auto& row : *rows) {
    auto view = cache.get_item(row.id, "vi", now);
    if (!view) return view.status();
    if (!*view) continue;
    for (const auto& t : (*view)->item.texts) out.emplace_back(t.lang, t.strings);
  }
  return out;
}

Result<std::string> ensure_first_boot_content(const std::string& db_path, const std::string& sample_dir, UnixTime now) {
  std::error_code ec;
  std::filesystem::create_directories(std::filesystem::path(db_path).parent_path(), ec);
  auto writer = Cache::open(db_path, Cache::Mode::writer);
  if (!writer) return writer.status();
  auto meta = (*writer)->content_meta();
  if (!meta) return meta.status();
  if (meta->version > 0 || !meta->source.empty()) return std::string("content version ") + std::to_string(meta->version);
  std::error_code exists_ec;
  if (sample_dir.empty() || !std::filesystem::is_directory(sample_dir, exists_ec))
    return Status::error(ErrorKind::input, "no content yet and the bundled sample pack is missing (" +
                                               (sample_dir.empty() ? std::string("not found") : sample_dir) +
                                               "): reinstall the tramtin package or set [content] sample_source");
  SourceTree tree = read_source_tree(sample_dir);
  if (!tree.ok()) {
    for (const auto& d : tree.diagnostics)
      if (d.severity == Severity::error) return Status::error(ErrorKind::input, "bundled sample pack is invalid: " + format_diagnostic(d));
  }
  std::vector<MediaBlob> media;
  for (const auto& [sha, m] : tree.media) {
    auto bytes = read_media_bytes(m);
    if (!bytes) return bytes.status();
    media.push_back(MediaBlob{sha, m.mime, std::move(*bytes)});
  }
  ContentMeta cm;
  cm.version = 0;  // the sample pack is not a signed bundle: any real bundle replaces it
  cm.channel = "sample";
  cm.applied_at = now;
  cm.source = "sample:" + sample_dir;
  Status st = (*writer)->replace_all(tree.items, media, cm);
  if (!st) return st;
  return "first boot: built the cache from the sample pack (" + std::to_string(tree.items.size()) + " items, " +
         std::to_string(media.size()) + " media) at " + db_path;
}

std::string view_fingerprint(const ViewModel& v) {
  std::string f;
  auto rows = [&](char tag, const std::vector<ItemRow>& list) {
    f += tag;
    for (const auto& r : list) f += r.id + '\n';
  };
  rows('r', v.rows);
  rows('f', v.featured);
  rows('u', v.urgent);
  rows('s', v.suggest_items);
  f += 'h';
  for (const auto& h : v.hits) f += h.id + '\n';
  f += 'm';
  for (const auto& m : v.fields) f += m.key + ':' + std::to_string(m.count) + '\n';
  for (const auto& m : v.suggest_fields) f += m.key + ':' + std::to_string(m.count) + '\n';
  f += 'g';
  for (const auto& g : v.groups) f += std::to_string(g.group) + ':' + std::to_string(g.count) + '\n';
  f += 'i' + (v.item ? v.item->item.id : std::string("-")) + '\n';
  f += 'e' + v.error;
  return f;
}

std::vector<std::string> view_texts(const ViewModel& v) {
  std::vector<std::string> out;
  for (const auto* list : {&v.rows, &v.featured, &v.urgent, &v.suggest_items})
    for (const ItemRow& r : *list) {
      out.push_back(r.title);
      out.push_back(r.summary);
      out.push_back(r.code);
    }
  for (const auto* list : {&v.fields, &v.suggest_fields})
    for (const FieldCount& f : *list) out.push_back(f.name);
  for (const SearchHit& h : v.hits) {
    out.push_back(h.title);
    out.push_back(h.summary);
    out.push_back(h.code);
  }
  out.push_back(v.corrected_query);
  out.push_back(v.error);
  return out;
}

std::size_t banner_index(std::size_t count, UnixTime now) {
  if (count == 0) return 0;
  return static_cast<std::size_t>((now < 0 ? 0 : now) / kBannerSeconds) % count;
}

namespace {

ItemRow row_of(const Item& it, const std::string& lang) {
  ItemRow r;
  r.id = it.id;
  r.kind = it.kind;
  bool fell_back = false;
  const ItemText* t = it.text_or_vi(lang, &fell_back);
  r.lang = t ? t->lang : "vi";
  r.fell_back = fell_back;
  if (t) {
    r.title = t->title;
    r.summary = t->summary;
  }
  r.publish_at = it.publish_at;
  r.expire_at = it.expire_at;
  r.priority = it.priority;
  r.urgent = it.urgent;
  return r;
}

bool more_urgent(const ItemRow& a, const ItemRow& b) {
  if (a.urgent != b.urgent) return a.urgent;
  if (a.priority != b.priority) return a.priority > b.priority;
  return a.publish_at > b.publish_at;
}

// Puts `row` in `rows` in place of the row with its id (or adds it).
void put_row(std::vector<ItemRow>& rows, ItemRow row) {
  auto it = std::find_if(rows.begin(), rows.end(), [&](const ItemRow& r) { return r.id == row.id; });
  if (it != rows.end()) *it = std::move(row);
  else rows.push_back(std::move(row));
}

}  // namespace

void merge_fast_urgent(ViewModel& v, const Cache& cache, const std::vector<Item>* fast, UnixTime fast_expires_at,
                       const std::string& lang, UnixTime now) {
  if (!fast || fast->empty() || now >= fast_expires_at) return;
  bool changed = false;
  for (const Item& n : *fast) {
    // The bundle's copy of the same notice, when it has one (live or not: a bundle may have
    // withdrawn it since): the higher version is the newer word.
    auto held = cache.item_version(n.id);
    if (held && *held && **held > n.version) continue;
    if (!n.live_at(now)) continue;
    ItemRow row = row_of(n, lang);
    put_row(v.urgent, row);
    if (v.route.screen == ScreenId::notices) put_row(v.rows, row);
    if ((v.route.screen == ScreenId::article) && v.route.arg == n.id) {
      ItemView iv;
      iv.item = n;
      bool fell_back = false;
      const ItemText* t = n.text_or_vi(lang, &fell_back);
      iv.lang = t ? t->lang : "vi";
      iv.fell_back = fell_back;
      v.item = std::move(iv);
    }
    changed = true;
  }
  if (!changed) return;
  std::stable_sort(v.urgent.begin(), v.urgent.end(), more_urgent);
  if (v.route.screen == ScreenId::notices) std::stable_sort(v.rows.begin(), v.rows.end(), more_urgent);
}

}  // namespace tramtin

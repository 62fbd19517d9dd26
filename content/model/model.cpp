// The content model's functions: names of kinds and channels, plain text of a body, language
// fallback, and the canonical JSON item document. Layer: tramtin_content (std, nlohmann-json).
//
// Canonical JSON: nlohmann::json keeps object keys in a std::map, so dump() writes them sorted;
// no whitespace; UTF-8 as is (not \u escapes). A key whose value equals the default is left out,
// so documents stay small and adding a field with a default later does not change the hash of old
// items. Parsing never throws: every type error comes back as "texts[1].title: expected a string".
#include "content/model/model.h"

#include <nlohmann/json.hpp>

#include <exception>
#include <utility>

namespace tramtin {

using nlohmann::json;

// ---------------------------------------------------------------- names

const char* kind_name(Kind k) {
  switch (k) {
    case Kind::procedure: return "procedure";
    case Kind::news: return "news";
    case Kind::notice: return "notice";
    case Kind::product: return "product";
    case Kind::page: return "page";
    case Kind::strings: return "strings";
    case Kind::synonyms: return "synonyms";
  }
  return "page";
}

std::optional<Kind> kind_from_name(std::string_view name) {
  for (Kind k : {Kind::procedure, Kind::news, Kind::notice, Kind::product, Kind::page, Kind::strings, Kind::synonyms})
    if (name == kind_name(k)) return k;
  return std::nullopt;
}

bool valid_item_id(std::string_view id) {
  if (id.empty() || id.size() > kMaxItemIdLength) return false;
  for (char c : id)
    if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-')) return false;
  return true;
}

bool allowed_media_type(std::string_view mime) {
  for (const char* t : kAllowedMediaTypes)
    if (mime == t) return true;
  return false;
}

const char* channel_kind_name(ChannelKind c) {
  switch (c) {
    case ChannelKind::in_person: return "in_person";
    case ChannelKind::online: return "online";
    case ChannelKind::post: return "post";
  }
  return "in_person";
}

std::optional<ChannelKind> channel_kind_from_name(std::string_view name) {
  for (ChannelKind c : {ChannelKind::in_person, ChannelKind::online, ChannelKind::post})
    if (name == channel_kind_name(c)) return c;
  return std::nullopt;
}

static const char* block_type_name(Block::Type t) {
  switch (t) {
    case Block::Type::heading: return "heading";
    case Block::Type::paragraph: return "paragraph";
    case Block::Type::bullet_item: return "bullet_item";
    case Block::Type::numbered_item: return "numbered_item";
    case Block::Type::quote: return "quote";
  }
  return "paragraph";
}

static std::optional<Block::Type> block_type_from_name(std::string_view name) {
  for (auto t : {Block::Type::heading, Block::Type::paragraph, Block::Type::bullet_item,
                 Block::Type::numbered_item, Block::Type::quote})
    if (name == block_type_name(t)) return t;
  return std::nullopt;
}

// ---------------------------------------------------------------- text helpers

std::string body_plain_text(const Body& body) {
  std::string out;
  for (std::size_t b = 0; b < body.size(); ++b) {
    if (b) out += '\n';
    for (const Span& s : body[b].spans) out += s.text;
  }
  return out;
}

const ItemText* Item::text(std::string_view lang) const {
  for (const ItemText& t : texts)
    if (t.lang == lang) return &t;
  return nullptr;
}

const ItemText* Item::text_or_vi(std::string_view lang, bool* fell_back) const {
  if (const ItemText* t = text(lang)) {
    if (fell_back) *fell_back = false;
    return t;
  }
  const ItemText* vi = text("vi");
  if (fell_back) *fell_back = vi != nullptr && lang != "vi";
  return vi;
}

// ---------------------------------------------------------------- writing

namespace {

// Adds key only when the value differs from its default: the canonical form omits defaults.
void put(json& o, const char* key, const std::string& v) {
  if (!v.empty()) o[key] = v;
}
void put(json& o, const char* key, std::int64_t v, std::int64_t dflt = 0) {
  if (v != dflt) o[key] = v;
}
void put_bool(json& o, const char* key, bool v, bool dflt = false) {
  if (v != dflt) o[key] = v;
}
void put(json& o, const char* key, const std::vector<std::string>& v) {
  if (!v.empty()) o[key] = v;
}
void put(json& o, const char* key, json v) {
  if (!v.empty()) o[key] = std::move(v);
}

json to_json(const Body& body) {
  json arr = json::array();
  for (const Block& b : body) {
    json jb = json::object();
    jb["type"] = block_type_name(b.type);
    put(jb, "level", b.level);
    put(jb, "number", b.number);
    json spans = json::array();
    for (const Span& s : b.spans) {
      json js = json::object();
      js["text"] = s.text;                           // kept even when empty: a span is its text
      put_bool(js, "strong", s.strong);
      put_bool(js, "em", s.em);
      put(js, "link", s.link);
      spans.push_back(std::move(js));
    }
    put(jb, "spans", std::move(spans));
    arr.push_back(std::move(jb));
  }
  return arr;
}

json to_json(const ProcedureInfo& p) {
  json o = json::object();
  put(o, "code", p.code);
  put(o, "decision", p.decision);
  put(o, "levels", p.levels);
  put(o, "field", p.field);
  put(o, "online_url", p.online_url);
  json ch = json::array();
  for (ChannelKind c : p.channels) ch.push_back(channel_kind_name(c));
  put(o, "channels", std::move(ch));
  return o;
}

json to_json(const ProcedureText& p) {
  json o = json::object();
  put(o, "field_name", p.field_name);
  put(o, "steps", p.steps);
  json ch = json::array();
  for (const Channel& c : p.channels) {
    json jc = json::object();
    jc["kind"] = channel_kind_name(c.kind);
    put(jc, "time_limit", c.time_limit);
    put(jc, "fee", c.fee);
    put(jc, "note", c.note);
    ch.push_back(std::move(jc));
  }
  put(o, "channels", std::move(ch));
  json cases = json::array();
  for (const DocumentCase& dc : p.cases) {
    json jcase = json::object();
    put(jcase, "title", dc.title);
    json docs = json::array();
    for (const Document& d : dc.documents) {
      json jd = json::object();
      jd["name"] = d.name;
      put(jd, "copies", d.copies);
      put(jd, "form_url", d.form_url);
      docs.push_back(std::move(jd));
    }
    put(jcase, "documents", std::move(docs));
    cases.push_back(std::move(jcase));
  }
  put(o, "cases", std::move(cases));
  put(o, "who", p.who);
  put(o, "agency", p.agency);
  put(o, "address", p.address);
  put(o, "result", p.result);
  put(o, "conditions", p.conditions);
  json legal = json::array();
  for (const LegalRef& l : p.legal) {
    json jl = json::object();
    put(jl, "number", l.number);
    put(jl, "title", l.title);
    put(jl, "date", l.date);
    put(jl, "issuer", l.issuer);
    legal.push_back(std::move(jl));
  }
  put(o, "legal", std::move(legal));
  return o;
}

json to_json(const ProductInfo& p) {
  const ProductInfo d;
  json o = json::object();
  put(o, "ocop_group", p.ocop_group, d.ocop_group);
  put(o, "stars", p.stars, d.stars);
  put(o, "certificate", p.certificate);
  put(o, "certificate_expiry", p.certificate_expiry);
  put(o, "producer", p.producer);
  put(o, "producer_commune", p.producer_commune);
  put(o, "producer_phone", p.producer_phone);
  put(o, "price", p.price);
  put_bool(o, "price_is_example", p.price_is_example, d.price_is_example);
  put(o, "shop_url", p.shop_url);
  put(o, "trace_url", p.trace_url);
  return o;
}

json to_json(const ItemText& t) {
  json o = json::object();
  o["lang"] = t.lang;
  put(o, "title", t.title);
  put(o, "summary", t.summary);
  put(o, "body", to_json(t.body));
  put(o, "procedure", to_json(t.procedure));
  json pt = json::object();
  put(pt, "unit", t.product.unit);
  put(pt, "ingredients", t.product.ingredients);
  put(pt, "shelf_life", t.product.shelf_life);
  put(o, "product", std::move(pt));
  if (!t.strings.empty()) o["strings"] = t.strings;
  if (!t.aliases.empty()) o["aliases"] = t.aliases;
  if (!t.synonyms.empty()) o["synonyms"] = t.synonyms;
  if (!t.filler.empty()) o["filler"] = t.filler;
  return o;
}

}  // namespace

std::string item_to_json(const Item& item) {
  json o = json::object();
  o["format"] = 1;                                   // item document format, for future readers
  o["id"] = item.id;
  o["kind"] = kind_name(item.kind);
  o["version"] = item.version;
  put(o, "publish_at", item.publish_at);
  put(o, "expire_at", item.expire_at);
  put(o, "priority", item.priority);
  put_bool(o, "urgent", item.urgent);
  put_bool(o, "featured", item.featured);
  put(o, "tags", item.tags);
  put(o, "targets", item.targets);
  json media = json::array();
  for (const MediaRef& m : item.media) {
    json jm = json::object();
    jm["sha256"] = m.sha256;
    put(jm, "size", static_cast<std::int64_t>(m.size));
    put(jm, "mime", m.mime);
    put(jm, "role", m.role);
    put(jm, "lang", m.lang);
    put(jm, "caption", m.caption);
    media.push_back(std::move(jm));
  }
  put(o, "media", std::move(media));
  put(o, "procedure", to_json(item.procedure));
  put(o, "product", to_json(item.product));
  json texts = json::array();
  for (const ItemText& t : item.texts) texts.push_back(to_json(t));
  o["texts"] = std::move(texts);
  // replace: a stray invalid UTF-8 byte must not throw out of here; validation rejects such items
  // before they are published, and U+FFFD in the document makes the damage visible.
  return o.dump(-1, ' ', false, json::error_handler_t::replace);
}

// ---------------------------------------------------------------- reading

namespace {

// Reads fields of one JSON object with a path for messages; the first error wins.
class Reader {
 public:
  Reader(const json& obj, std::string path, std::string* err) : o_(obj), path_(std::move(path)), err_(err) {}

  bool failed() const { return !err_->empty(); }

  void fail(const std::string& key, const std::string& what) {
    if (err_->empty()) *err_ = (path_.empty() ? key : path_ + "." + key) + ": " + what;
  }
  std::string sub(const std::string& key) const { return path_.empty() ? key : path_ + "." + key; }

  const json* get(const char* key) {
    auto it = o_.find(key);
    if (it == o_.end() || it->is_null()) return nullptr;
    return &*it;
  }

  void str(const char* key, std::string& out, bool required = false) {
    const json* v = get(key);
    if (!v) {
      if (required) fail(key, "missing");
      return;
    }
    if (!v->is_string()) return fail(key, "expected a string");
    out = v->get_ref<const std::string&>();
  }

  template <class Int>
  void integer(const char* key, Int& out, std::int64_t lo, std::int64_t hi) {
    const json* v = get(key);
    if (!v) return;
    if (!v->is_number_integer()) return fail(key, "expected an integer");
    std::int64_t x = 0;
    if (v->is_number_unsigned()) {
      auto u = v->get<std::uint64_t>();
      if (u > static_cast<std::uint64_t>(hi)) return fail(key, "out of range");
      x = static_cast<std::int64_t>(u);
    } else {
      x = v->get<std::int64_t>();
    }
    if (x < lo || x > hi) return fail(key, "out of range (" + std::to_string(lo) + ".." + std::to_string(hi) + ")");
    out = static_cast<Int>(x);
  }

  void boolean(const char* key, bool& out) {
    const json* v = get(key);
    if (!v) return;
    if (!v->is_boolean()) return fail(key, "expected true or false");
    out = v->get<bool>();
  }

  void strings(const char* key, std::vector<std::string>& out) {
    const json* v = get(key);
    if (!v) return;
    if (!v->is_array()) return fail(key, "expected an array of strings");
    for (std::size_t i = 0; i < v->size(); ++i) {
      if (!(*v)[i].is_string()) return fail(std::string(key) + "[" + std::to_string(i) + "]", "expected a string");
      out.push_back((*v)[i].get<std::string>());
    }
  }

  // Calls f(element, path) for each element of an array of objects.
  template <class F>
  void objects(const char* key, F&& f) {
    const json* v = get(key);
    if (!v) return;
    if (!v->is_array()) return fail(key, "expected an array");
    for (std::size_t i = 0; i < v->size() && !failed(); ++i) {
      std::string p = sub(key) + "[" + std::to_string(i) + "]";
      if (!(*v)[i].is_object()) {
        if (err_->empty()) *err_ = p + ": expected an object";
        return;
      }
      f((*v)[i], p);
    }
  }

  template <class F>
  void object(const char* key, F&& f) {
    const json* v = get(key);
    if (!v) return;
    if (!v->is_object()) return fail(key, "expected an object");
    f(*v, sub(key));
  }

  std::string* err() { return err_; }

 private:
  const json& o_;
  std::string path_;
  std::string* err_;
};

void read_body(Reader& r, const char* key, Body& body) {
  r.objects(key, [&](const json& jb, const std::string& path) {
    Reader b(jb, path, r.err());
    Block block;
    std::string type;
    b.str("type", type, true);
    if (b.failed()) return;
    auto t = block_type_from_name(type);
    if (!t) return b.fail("type", "unknown block type \"" + type + "\"");
    block.type = *t;
    b.integer("level", block.level, 0, 64);
    b.integer("number", block.number, 0, 1000000);
    b.objects("spans", [&](const json& js, const std::string& sp) {
      Reader s(js, sp, r.err());
      Span span;
      s.str("text", span.text);
      s.boolean("strong", span.strong);
      s.boolean("em", span.em);
      s.str("link", span.link);
      block.spans.push_back(std::move(span));
    });
    body.push_back(std::move(block));
  });
}

void read_procedure_text(Reader& r, ProcedureText& p) {
  r.str("field_name", p.field_name);
  r.strings("steps", p.steps);
  r.objects("channels", [&](const json& jc, const std::string& path) {
    Reader c(jc, path, r.err());
    Channel ch;
    std::string kind;
    c.str("kind", kind, true);
    if (c.failed()) return;
    auto k = channel_kind_from_name(kind);
    if (!k) return c.fail("kind", "unknown channel \"" + kind + "\" (in_person, online, post)");
    ch.kind = *k;
    c.str("time_limit", ch.time_limit);
    c.str("fee", ch.fee);
    c.str("note", ch.note);
    p.channels.push_back(std::move(ch));
  });
  r.objects("cases", [&](const json& jcase, const std::string& path) {
    Reader c(jcase, path, r.err());
    DocumentCase dc;
    c.str("title", dc.title);
    c.objects("documents", [&](const json& jd, const std::string& dpath) {
      Reader d(jd, dpath, r.err());
      Document doc;
      d.str("name", doc.name);
      d.str("copies", doc.copies);
      d.str("form_url", doc.form_url);
      dc.documents.push_back(std::move(doc));
    });
    p.cases.push_back(std::move(dc));
  });
  r.str("who", p.who);
  r.str("agency", p.agency);
  r.str("address", p.address);
  r.str("result", p.result);
  r.str("conditions", p.conditions);
  r.objects("legal", [&](const json& jl, const std::string& path) {
    Reader l(jl, path, r.err());
    LegalRef ref;
    l.str("number", ref.number);
    l.str("title", ref.title);
    l.str("date", ref.date);
    l.str("issuer", ref.issuer);
    p.legal.push_back(std::move(ref));
  });
}

void read_text(Reader& r, ItemText& t) {
  r.str("lang", t.lang, true);
  r.str("title", t.title);
  r.str("summary", t.summary);
  read_body(r, "body", t.body);
  r.object("procedure", [&](const json& jp, const std::string& path) {
    Reader p(jp, path, r.err());
    read_procedure_text(p, t.procedure);
  });
  r.object("product", [&](const json& jp, const std::string& path) {
    Reader p(jp, path, r.err());
    p.str("unit", t.product.unit);
    p.str("ingredients", t.product.ingredients);
    p.str("shelf_life", t.product.shelf_life);
  });
  r.object("strings", [&](const json& js, const std::string& path) {
    for (auto it = js.begin(); it != js.end(); ++it) {
      if (!it.value().is_string()) {
        if (r.err()->empty()) *r.err() = path + "." + it.key() + ": expected a string";
        return;
      }
      t.strings[it.key()] = it.value().get<std::string>();
    }
  });
  r.strings("aliases", t.aliases);
  r.strings("filler", t.filler);
  if (const json* v = r.get("synonyms")) {
    bool ok = v->is_array();
    for (std::size_t i = 0; ok && i < v->size(); ++i) {
      const json& g = (*v)[i];
      ok = g.is_array();
      std::vector<std::string> group;
      for (std::size_t j = 0; ok && j < g.size(); ++j) {
        ok = g[j].is_string();
        if (ok) group.push_back(g[j].get<std::string>());
      }
      if (ok) t.synonyms.push_back(std::move(group));
    }
    if (!ok && r.err()->empty()) *r.err() = "synonyms: expected an array of arrays of strings";
  }
}

std::optional<Item> read_item(const json& doc, std::string* err) {
  if (!doc.is_object()) {
    *err = "item document: expected a JSON object";
    return std::nullopt;
  }
  Reader r(doc, "", err);
  Item item;
  std::int64_t format = 1;
  r.integer("format", format, 1, 1000000);
  if (!r.failed() && format != 1)
    r.fail("format", "item document format " + std::to_string(format) + " is newer than this build reads (1)");
  r.str("id", item.id, true);
  if (!r.failed() && item.id.empty()) r.fail("id", "must not be empty");
  std::string kind;
  r.str("kind", kind, true);
  if (!r.failed()) {
    auto k = kind_from_name(kind);
    if (!k) r.fail("kind", "unknown kind \"" + kind + "\" (procedure, news, notice, product, page, strings, synonyms)");
    else item.kind = *k;
  }
  constexpr std::int64_t kMax = INT64_MAX;
  r.integer("version", item.version, 0, kMax);
  r.integer("publish_at", item.publish_at, 0, kMax);
  r.integer("expire_at", item.expire_at, 0, kMax);
  r.integer("priority", item.priority, -1000000, 1000000);
  r.boolean("urgent", item.urgent);
  r.boolean("featured", item.featured);
  r.strings("tags", item.tags);
  r.strings("targets", item.targets);
  r.objects("media", [&](const json& jm, const std::string& path) {
    Reader m(jm, path, err);
    MediaRef ref;
    m.str("sha256", ref.sha256, true);
    m.integer("size", ref.size, 0, kMax);
    m.str("mime", ref.mime);
    m.str("role", ref.role);
    m.str("lang", ref.lang);
    m.str("caption", ref.caption);
    item.media.push_back(std::move(ref));
  });
  r.object("procedure", [&](const json& jp, const std::string& path) {
    Reader p(jp, path, err);
    p.str("code", item.procedure.code);
    p.str("decision", item.procedure.decision);
    p.strings("levels", item.procedure.levels);
    p.str("field", item.procedure.field);
    p.str("online_url", item.procedure.online_url);
    std::vector<std::string> channels;
    p.strings("channels", channels);
    for (std::size_t i = 0; i < channels.size() && !p.failed(); ++i) {
      auto c = channel_kind_from_name(channels[i]);
      if (!c) p.fail("channels[" + std::to_string(i) + "]", "unknown channel \"" + channels[i] + "\"");
      else item.procedure.channels.push_back(*c);
    }
  });
  r.object("product", [&](const json& jp, const std::string& path) {
    Reader p(jp, path, err);
    ProductInfo& pi = item.product;
    p.integer("ocop_group", pi.ocop_group, 0, 100);
    p.integer("stars", pi.stars, 0, 5);
    p.str("certificate", pi.certificate);
    p.str("certificate_expiry", pi.certificate_expiry);
    p.str("producer", pi.producer);
    p.str("producer_commune", pi.producer_commune);
    p.str("producer_phone", pi.producer_phone);
    p.integer("price", pi.price, 0, kMax);
    p.boolean("price_is_example", pi.price_is_example);
    p.str("shop_url", pi.shop_url);
    p.str("trace_url", pi.trace_url);
  });
  if (!r.failed() && !r.get("texts")) r.fail("texts", "missing");
  r.objects("texts", [&](const json& jt, const std::string& path) {
    Reader t(jt, path, err);
    ItemText text;
    read_text(t, text);
    item.texts.push_back(std::move(text));
  });
  if (r.failed()) return std::nullopt;
  return item;
}

}  // namespace

std::optional<Item> item_from_json(std::string_view text, std::string* error) {
  std::string local;
  std::string* err = error ? error : &local;
  err->clear();
  try {
    json doc = json::parse(text.begin(), text.end(), nullptr, /*allow_exceptions=*/false);
    if (doc.is_discarded()) {
      *err = "item document: not valid JSON";
      return std::nullopt;
    }
    auto item = read_item(doc, err);
    if (!item && err->empty()) *err = "item document: invalid";
    return item;
  } catch (const std::exception& e) {               // e.g. std::bad_alloc: still never throw
    *err = std::string("item document: ") + e.what();
    return std::nullopt;
  }
}

}  // namespace tramtin

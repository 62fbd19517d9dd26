// The static website export (html_site.h). Layer: tramtin_content, content/authoring/.
#include "content/authoring/html_site.h"

#include <algorithm>
#include <ctime>
#include <map>
#include <nlohmann/json.hpp>
#include <set>
#include <system_error>

#include "content/base/files.h"
#include "content/base/text.h"
#include "content/base/time.h"

namespace tramtin {

namespace fs = std::filesystem;

namespace {

// ---- Labels: the tree's `strings` item in the page's language, else Vietnamese, else these.
const std::map<std::string, std::string, std::less<>> kDefaultLabels = {
    {"home", "Trang chủ"},
    {"search", "Tìm kiếm"},
    {"procedures", "Thủ tục hành chính"},
    {"news", "Tin tức"},
    {"notices", "Thông báo"},
    {"products", "Sản phẩm OCOP"},
    {"pages", "Hướng dẫn"},
    {"what_to_bring", "Cần mang gì?"},
    {"where_to_go", "Nộp ở đâu?"},
    {"time_and_fee", "Mất bao lâu? Bao nhiêu tiền?"},
    {"steps", "Các bước"},
    {"result", "Kết quả"},
    {"who_may_apply", "Ai được làm?"},
    {"conditions", "Yêu cầu, điều kiện"},
    {"legal_basis", "Căn cứ pháp lý"},
    {"in_person", "Trực tiếp"},
    {"online", "Trực tuyến"},
    {"post", "Bưu chính"},
    {"online_service", "Làm trực tuyến"},
    {"code", "Mã thủ tục"},
    {"urgent", "Khẩn cấp"},
    {"priority", "Ưu tiên"},
    {"producer", "Cơ sở sản xuất"},
    {"price_example", "Giá tham khảo"},
    {"stars", "sao"},
    {"shop", "Mua hàng"},
    {"traceability", "Truy xuất nguồn gốc"},
    {"valid_until", "hiệu lực đến"},
    {"updated_at", "Cập nhật lúc"},
    {"nothing_found", "Không tìm thấy kết quả"},
    {"search_hint", "Tìm thủ tục, tin tức, sản phẩm…"},
    {"fell_back_notice", "(Tiếng Việt) – chưa có bản dịch"},
    {"language", "Ngôn ngữ"},
    {"search_needs_js", "Trang tìm kiếm cần JavaScript. Xem danh sách thủ tục theo lĩnh vực."},
    {"ocop_1", "Thực phẩm"},
    {"ocop_2", "Đồ uống"},
    {"ocop_3", "Dược liệu"},
    {"ocop_4", "Thủ công mỹ nghệ"},
    {"ocop_5", "Sinh vật cảnh"},
    {"ocop_6", "Du lịch"},
};

std::string autonym(std::string_view lang) {
  if (lang == "vi") return "Tiếng Việt";
  if (lang == "en") return "English";
  if (lang == "zh-Hans" || lang == "zh") return "中文";
  if (lang == "hmn") return "Lus Hmoob";
  if (lang == "blt" || lang == "tdd") return "ꪼꪕꪒꪾ";
  if (lang == "ium") return "Iu Mienh";
  return std::string(lang);
}

const char* kCss = R"(/* TramTin static export: one style sheet, no script needed. */
*{box-sizing:border-box}
body{margin:0;font:18px/1.5 "Noto Sans","Noto Sans Tai Viet","Noto Sans CJK SC",sans-serif;color:#1b1b1b;background:#f6f4ef}
header{background:#8b1a1a;color:#fff;padding:.6em 1em;display:flex;flex-wrap:wrap;gap:1em;align-items:center}
header a{color:#fff}
header .site{font-weight:bold;font-size:1.2em;text-decoration:none}
nav.langs a{margin-right:.6em}
main{max-width:60em;margin:0 auto;padding:1em}
h1{font-size:1.6em;line-height:1.25}
h2{font-size:1.25em;margin-top:1.4em;border-bottom:2px solid #d9c9a3}
.tiles{display:grid;grid-template-columns:repeat(auto-fill,minmax(14em,1fr));gap:.8em;padding:0;list-style:none}
.tiles a{display:block;background:#fff;border:1px solid #d9c9a3;border-radius:.5em;padding:1em;text-decoration:none;color:#1b1b1b;font-weight:bold}
ul.items{padding:0;list-style:none}
ul.items li{background:#fff;margin:.4em 0;padding:.6em .8em;border-radius:.4em;border:1px solid #e4dccb}
ul.items a{font-weight:bold}
.summary{color:#444;margin:.2em 0 0}
.meta{color:#555;font-size:.9em}
.urgent{background:#fde2e1;border-color:#c62828}
.badge{background:#c62828;color:#fff;border-radius:.3em;padding:0 .4em;font-size:.85em;margin-right:.4em}
.fallback{color:#6b5a2e;font-style:italic}
table{border-collapse:collapse;width:100%;background:#fff}
th,td{border:1px solid #d9c9a3;padding:.4em .6em;text-align:left;vertical-align:top}
figure{margin:1em 0}
figure img{max-width:100%;height:auto;border-radius:.4em}
blockquote{border-left:4px solid #d9c9a3;margin:1em 0;padding:.2em 1em;background:#fff}
.online a{display:inline-block;background:#1565c0;color:#fff;padding:.5em 1em;border-radius:.4em;text-decoration:none}
input[type=search]{font-size:1.3em;width:100%;padding:.4em}
footer{color:#666;font-size:.85em;text-align:center;padding:2em 1em}
)";

// The search page's script: folds like the kiosk (case, đ -> d, marks dropped), every query word
// must begin a word of the item; title and alias matches rank first. Writes results with
// textContent only (never innerHTML), so no text from the content can become markup.
const char* kSearchJs = R"(// TramTin static export: local search over search-index.js (no network).
"use strict";
function tramtinFold(s) {
  return s.toLowerCase().replace(/đ/g, "d").normalize("NFD").replace(/[\u0300-\u036f]/g, "");
}
function tramtinWords(s) { return tramtinFold(s).split(/[^\p{L}\p{N}.]+/u).filter(function (w) { return w.length > 0; }); }
function tramtinSearch(q) {
  var words = tramtinWords(q), hits = [];
  if (words.length === 0) return hits;
  for (var i = 0; i < TRAMTIN_INDEX.length; i++) {
    var it = TRAMTIN_INDEX[i], score = 0, all = true;
    for (var w = 0; w < words.length && all; w++) {
      var word = words[w], best = 0;
      for (var f = 0; f < 3; f++) {
        var keys = it.k[f];
        for (var j = 0; j < keys.length; j++) {
          if (keys[j] === word) { best = Math.max(best, 30 - f * 10); }
          else if (keys[j].lastIndexOf(word, 0) === 0) { best = Math.max(best, 20 - f * 8); }
        }
      }
      if (best === 0) all = false; else score += best;
    }
    if (all) hits.push({ s: score + it.p, it: it });
  }
  hits.sort(function (a, b) { return b.s - a.s || (a.it.t < b.it.t ? -1 : 1); });
  return hits.slice(0, 50);
}
function tramtinShow() {
  var q = document.getElementById("q").value, list = document.getElementById("results");
  var hits = tramtinSearch(q);
  list.textContent = "";
  for (var i = 0; i < hits.length; i++) {
    var li = document.createElement("li"), a = document.createElement("a"), p = document.createElement("p");
    a.href = hits[i].it.u; a.textContent = hits[i].it.t; p.className = "summary"; p.textContent = hits[i].it.s;
    li.appendChild(a); li.appendChild(p); list.appendChild(li);
  }
  document.getElementById("none").hidden = !(q.trim() !== "" && hits.length === 0);
}
document.addEventListener("DOMContentLoaded", function () {
  // Each field's words, folded once (the index carries them as written).
  TRAMTIN_INDEX.forEach(function (it) { it.k = it.k.map(tramtinWords); });
  var q = document.getElementById("q");
  q.addEventListener("input", tramtinShow);
  var m = /[?&]q=([^&]*)/.exec(location.search);
  if (m) { q.value = decodeURIComponent(m[1].replace(/\+/g, " ")); }
  tramtinShow();
  q.focus();
});
)";

bool safe_link(std::string_view url) {
  for (const char* scheme : {"http://", "https://", "mailto:", "tel:"}) {
    std::string_view s(scheme);
    if (url.size() > s.size() && casefold(url.substr(0, s.size())) == s) return true;
  }
  return false;
}

std::string media_ext(std::string_view mime) {
  if (mime == "image/png") return ".png";
  if (mime == "image/jpeg") return ".jpg";
  if (mime == "audio/ogg") return ".ogg";
  return ".bin";
}

std::string group_price(std::int64_t v) {  // 45000 -> "45.000"
  std::string d = std::to_string(v), out;
  for (std::size_t i = 0; i < d.size(); ++i) {
    if (i > 0 && (d.size() - i) % 3 == 0) out += '.';
    out += d[i];
  }
  return out;
}

struct Site {
  const SourceTree& tree;
  fs::path out;
  UnixTime now = 0;
  std::vector<const Item*> items;                    // exported (live, shown kinds)
  const Item* strings = nullptr;
  std::vector<std::string> langs;
  HtmlExportReport report;

  std::string label(const std::string& lang, const std::string& key) const {
    if (strings) {
      for (const char* l : {lang.c_str(), "vi"}) {
        if (const ItemText* t = strings->text(l)) {
          auto it = t->strings.find(key);
          if (it != t->strings.end() && !it->second.empty()) return it->second;
        }
      }
    }
    auto d = kDefaultLabels.find(key);
    return d != kDefaultLabels.end() ? d->second : key;
  }
  std::string L(const std::string& lang, const std::string& key) const { return html_escape(label(lang, key)); }

  Status write(const fs::path& rel, const std::string& bytes) {
    const fs::path p = out / rel;
    std::error_code ec;
    fs::create_directories(p.parent_path(), ec);
    if (ec) return Status::error(ErrorKind::storage, "cannot create " + p.parent_path().string() + ": " + ec.message());
    if (Status s = write_file_atomic(p.string(), bytes, false); !s) return s;
    report.bytes += bytes.size();
    if (rel.extension() == ".html") ++report.pages;
    return {};
  }

  std::string page(const std::string& lang, const std::string& title, const std::string& body_html,
                   const std::string& self_file, bool with_search_js = false) const {
    std::string h = "<!DOCTYPE html>\n<html lang=\"" + html_escape(lang) + "\">\n<head>\n<meta charset=\"utf-8\">\n"
                    "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>" +
                    html_escape(title) + "</title>\n<link rel=\"stylesheet\" href=\"../style.css\">\n";
    if (with_search_js)
      h += "<script src=\"search-index.js\"></script>\n<script src=\"../search.js\"></script>\n";
    h += "</head>\n<body>\n<header><a class=\"site\" href=\"index.html\">" + L(lang, "home") +
         "</a> <a href=\"search.html\">" + L(lang, "search") + "</a>\n<nav class=\"langs\" aria-label=\"" +
         L(lang, "language") + "\">";
    for (const auto& l : langs)
      h += "<a href=\"../" + html_escape(l) + "/" + html_escape(self_file) + "\" lang=\"" + html_escape(l) + "\">" +
           html_escape(autonym(l)) + "</a>";
    h += "</nav></header>\n<main>\n" + body_html + "</main>\n<footer>TramTin</footer>\n</body>\n</html>\n";
    return h;
  }

  static std::string spans_html(const std::vector<Span>& spans) {
    std::string h;
    for (const auto& s : spans) {
      std::string t = html_escape(s.text);
      if (s.em) t = "<em>" + t + "</em>";
      if (s.strong) t = "<strong>" + t + "</strong>";
      if (!s.link.empty() && safe_link(s.link)) t = "<a href=\"" + html_escape(s.link) + "\">" + t + "</a>";
      h += t;
    }
    return h;
  }

  static std::string body_html(const Body& body) {
    std::string h;
    enum class Open { none, ul, ol };
    Open open = Open::none;
    auto close = [&] {
      if (open == Open::ul) h += "</ul>\n";
      if (open == Open::ol) h += "</ol>\n";
      open = Open::none;
    };
    for (const auto& b : body) {
      const std::string inner = spans_html(b.spans);
      switch (b.type) {
        case Block::Type::bullet_item:
          if (open != Open::ul) {
            close();
            h += "<ul>\n";
            open = Open::ul;
          }
          h += "<li>" + inner + "</li>\n";
          break;
        case Block::Type::numbered_item:
          if (open != Open::ol) {
            close();
            h += "<ol>\n";
            open = Open::ol;
          }
          h += "<li value=\"" + std::to_string(b.number) + "\">" + inner + "</li>\n";
          break;
        case Block::Type::heading: {
          close();
          const int level = std::clamp(b.level + 1, 2, 6);  // the page's title is the h1
          h += "<h" + std::to_string(level) + ">" + inner + "</h" + std::to_string(level) + ">\n";
          break;
        }
        case Block::Type::quote:
          close();
          h += "<blockquote><p>" + inner + "</p></blockquote>\n";
          break;
        case Block::Type::paragraph:
          close();
          h += "<p>" + inner + "</p>\n";
          break;
      }
    }
    close();
    return h;
  }

  std::string media_html(const Item& item, const std::string& lang) const {
    std::string h;
    for (const auto& m : item.media) {
      if (!tree.media.count(m.sha256)) continue;
      const std::string src = "../media/" + m.sha256 + media_ext(m.mime);
      if (m.mime.rfind("image/", 0) == 0) {
        h += "<figure><img src=\"" + src + "\" alt=\"" + html_escape(m.caption) + "\" loading=\"lazy\">";
        if (!m.caption.empty()) h += "<figcaption>" + html_escape(m.caption) + "</figcaption>";
        h += "</figure>\n";
      } else if (m.mime == "audio/ogg" && (m.lang.empty() || m.lang == lang)) {
        h += "<p><audio controls preload=\"none\" src=\"" + src + "\"></audio></p>\n";
      }
    }
    return h;
  }

  std::string procedure_html(const Item& item, const ItemText& t, const ItemText& vi, const std::string& lang) const {
    const ProcedureText& p = t.procedure.steps.empty() && t.procedure.cases.empty() ? vi.procedure : t.procedure;
    std::string h;
    if (!item.procedure.code.empty())
      h += "<p class=\"meta\">" + L(lang, "code") + ": " + html_escape(item.procedure.code) + "</p>\n";
    if (!p.cases.empty()) {
      h += "<h2>" + L(lang, "what_to_bring") + "</h2>\n";
      for (const auto& c : p.cases) {
        if (!c.title.empty()) h += "<h3>" + html_escape(c.title) + "</h3>\n";
        h += "<ul>\n";
        for (const auto& d : c.documents) {
          h += "<li>" + html_escape(d.name);
          if (!d.copies.empty()) h += " — " + html_escape(d.copies);
          if (!d.form_url.empty() && safe_link(d.form_url)) h += " (<a href=\"" + html_escape(d.form_url) + "\">↗</a>)";
          h += "</li>\n";
        }
        h += "</ul>\n";
      }
    }
    if (!p.agency.empty() || !p.address.empty()) {
      h += "<h2>" + L(lang, "where_to_go") + "</h2>\n";
      if (!p.agency.empty()) h += "<p>" + html_escape(p.agency) + "</p>\n";
      if (!p.address.empty()) h += "<p>" + html_escape(p.address) + "</p>\n";
    }
    if (!p.channels.empty()) {
      h += "<h2>" + L(lang, "time_and_fee") + "</h2>\n<table>\n";
      for (const auto& c : p.channels) {
        h += "<tr><th>" + L(lang, channel_kind_name(c.kind)) + "</th><td>" + html_escape(c.time_limit) + "</td><td>" +
             html_escape(c.fee) + "</td></tr>\n";
        if (!c.note.empty()) h += "<tr><td colspan=\"3\">" + html_escape(c.note) + "</td></tr>\n";
      }
      h += "</table>\n";
    }
    if (!p.steps.empty()) {
      h += "<h2>" + L(lang, "steps") + "</h2>\n<ol>\n";
      for (const auto& s : p.steps) h += "<li>" + html_escape(s) + "</li>\n";
      h += "</ol>\n";
    }
    if (!p.result.empty()) h += "<h2>" + L(lang, "result") + "</h2>\n<p>" + html_escape(p.result) + "</p>\n";
    if (!p.who.empty()) h += "<h2>" + L(lang, "who_may_apply") + "</h2>\n<p>" + html_escape(p.who) + "</p>\n";
    if (!p.conditions.empty())
      h += "<h2>" + L(lang, "conditions") + "</h2>\n<p>" + html_escape(p.conditions) + "</p>\n";
    if (!item.procedure.online_url.empty() && safe_link(item.procedure.online_url))
      h += "<p class=\"online\"><a href=\"" + html_escape(item.procedure.online_url) + "\">" + L(lang, "online_service") +
           "</a></p>\n";
    if (!p.legal.empty()) {
      h += "<h2>" + L(lang, "legal_basis") + "</h2>\n<ul>\n";
      for (const auto& l : p.legal) {
        h += "<li>" + html_escape(l.number);
        if (!l.title.empty()) h += " — " + html_escape(l.title);
        if (!l.issuer.empty()) h += " (" + html_escape(l.issuer) + (l.date.empty() ? "" : ", " + html_escape(l.date)) + ")";
        h += "</li>\n";
      }
      h += "</ul>\n";
    }
    return h;
  }

  std::string product_html(const Item& item, const ItemText& t, const std::string& lang) const {
    const ProductInfo& p = item.product;
    std::string h = "<p class=\"meta\">OCOP " + std::to_string(p.stars) + " " + L(lang, "stars") + " · " +
                    L(lang, "ocop_" + std::to_string(p.ocop_group));
    if (!p.certificate.empty()) h += " · " + html_escape(p.certificate);
    if (!p.certificate_expiry.empty()) h += " (" + L(lang, "valid_until") + " " + html_escape(p.certificate_expiry) + ")";
    h += "</p>\n<table>\n";
    auto row = [&](const std::string& k, const std::string& v) {
      if (!v.empty()) h += "<tr><th>" + k + "</th><td>" + v + "</td></tr>\n";
    };
    std::string producer = html_escape(p.producer);
    if (!p.producer_commune.empty()) producer += ", " + html_escape(p.producer_commune);
    if (!p.producer_phone.empty()) producer += ", " + html_escape(p.producer_phone);
    row(L(lang, "producer"), producer);
    if (p.price > 0)
      row(p.price_is_example ? L(lang, "price_example") : "₫",
          html_escape(group_price(p.price)) + " đ" + (t.product.unit.empty() ? "" : " / " + html_escape(t.product.unit)));
    h += "</table>\n";
    if (!t.product.ingredients.empty()) h += "<p>" + html_escape(t.product.ingredients) + "</p>\n";
    if (!t.product.shelf_life.empty()) h += "<p>" + html_escape(t.product.shelf_life) + "</p>\n";
    if (!p.shop_url.empty() && safe_link(p.shop_url))
      h += "<p><a href=\"" + html_escape(p.shop_url) + "\">" + L(lang, "shop") + "</a></p>\n";
    if (!p.trace_url.empty() && safe_link(p.trace_url))
      h += "<p><a href=\"" + html_escape(p.trace_url) + "\">" + L(lang, "traceability") + "</a></p>\n";
    return h;
  }

  // One line of a list: title link and summary, urgent notices marked.
  std::string item_li(const Item& item, const std::string& lang) const {
    bool fell = false;
    const ItemText* t = item.text_or_vi(lang, &fell);
    std::string h = std::string("<li") + (item.urgent ? " class=\"urgent\"" : "") + ">";
    if (item.urgent) h += "<span class=\"badge\">" + L(lang, "urgent") + "</span>";
    h += "<a href=\"" + html_escape(html_item_file(item.id)) + "\"" + (fell ? " lang=\"vi\"" : "") + ">" +
         html_escape(t->title) + "</a>";
    if (!t->summary.empty()) h += "<p class=\"summary\">" + html_escape(t->summary) + "</p>";
    return h + "</li>\n";
  }

  std::vector<const Item*> of_kind(Kind k) const {
    std::vector<const Item*> v;
    for (const Item* i : items)
      if (i->kind == k) v.push_back(i);
    return v;
  }

  Status item_page(const Item& item, const std::string& lang) {
    bool fell = false;
    const ItemText* t = item.text_or_vi(lang, &fell);
    const ItemText* vi = item.text("vi");
    if (!vi) vi = t;
    std::string h;
    if (fell) h += "<p class=\"fallback\">" + L(lang, "fell_back_notice") + "</p>\n";
    h += std::string("<article") + (fell ? " lang=\"vi\"" : "") + ">\n";
    if (item.urgent) h += "<p><span class=\"badge\">" + L(lang, "urgent") + "</span></p>\n";
    h += "<h1>" + html_escape(t->title) + "</h1>\n";
    if ((item.kind == Kind::news || item.kind == Kind::notice) && item.publish_at > 0)
      h += "<p class=\"meta\">" + html_escape(format_date(item.publish_at)) + "</p>\n";
    if (!t->summary.empty()) h += "<p class=\"summary\">" + html_escape(t->summary) + "</p>\n";
    if (item.kind == Kind::procedure) h += procedure_html(item, *t, *vi, lang);
    if (item.kind == Kind::product) h += product_html(item, *t, lang);
    h += media_html(item, lang);
    h += body_html(t->body);
    h += "</article>\n";
    return write(fs::path(lang) / html_item_file(item.id), page(lang, t->title, h, html_item_file(item.id)));
  }

  Status list_pages(const std::string& lang) {
    // Procedures by field, fields in order of first appearance by priority.
    {
      auto procs = of_kind(Kind::procedure);
      std::vector<std::string> fields;
      std::map<std::string, std::vector<const Item*>> by_field;
      for (const Item* i : procs) {
        if (!by_field.count(i->procedure.field)) fields.push_back(i->procedure.field);
        by_field[i->procedure.field].push_back(i);
      }
      std::string nav = "<ul class=\"tiles\">\n", body;
      for (const auto& f : fields) {
        const Item* first = by_field[f].front();
        const ItemText* t = first->text_or_vi(lang);
        std::string name = t->procedure.field_name.empty() ? first->text_or_vi("vi")->procedure.field_name
                                                            : t->procedure.field_name;
        if (name.empty()) name = f;
        const std::string anchor = "field-" + html_escape(f.empty() ? std::string("other") : f);
        nav += "<li><a href=\"#" + anchor + "\">" + html_escape(name) + " (" + std::to_string(by_field[f].size()) +
               ")</a></li>\n";
        body += "<h2 id=\"" + anchor + "\">" + html_escape(name) + "</h2>\n<ul class=\"items\">\n";
        for (const Item* i : by_field[f]) body += item_li(*i, lang);
        body += "</ul>\n";
      }
      nav += "</ul>\n";
      const std::string title = label(lang, "procedures");
      if (Status s = write(fs::path(lang) / "procedures.html",
                           page(lang, title, "<h1>" + html_escape(title) + "</h1>\n" + nav + body, "procedures.html"));
          !s)
        return s;
    }
    // Products by OCOP group.
    {
      std::string body;
      auto prods = of_kind(Kind::product);
      for (int g = 1; g <= 6; ++g) {
        std::string list;
        for (const Item* i : prods)
          if (i->product.ocop_group == g) list += item_li(*i, lang);
        if (!list.empty()) body += "<h2>" + L(lang, "ocop_" + std::to_string(g)) + "</h2>\n<ul class=\"items\">\n" + list + "</ul>\n";
      }
      std::string other;
      for (const Item* i : prods)
        if (i->product.ocop_group < 1 || i->product.ocop_group > 6) other += item_li(*i, lang);
      if (!other.empty()) body += "<ul class=\"items\">\n" + other + "</ul>\n";
      const std::string title = label(lang, "products");
      if (Status s = write(fs::path(lang) / "products.html",
                           page(lang, title, "<h1>" + html_escape(title) + "</h1>\n" + body, "products.html"));
          !s)
        return s;
    }
    for (auto [kind, file, key] : {std::tuple{Kind::news, "news.html", "news"}, std::tuple{Kind::notice, "notices.html", "notices"},
                                   std::tuple{Kind::page, "pages.html", "pages"}}) {
      std::string body = "<ul class=\"items\">\n";
      for (const Item* i : of_kind(kind)) body += item_li(*i, lang);
      body += "</ul>\n";
      const std::string title = label(lang, key);
      if (Status s = write(fs::path(lang) / file, page(lang, title, "<h1>" + html_escape(title) + "</h1>\n" + body, file));
          !s)
        return s;
    }
    return {};
  }

  Status home_page(const std::string& lang) {
    std::string h = "<h1>" + L(lang, "home") + "</h1>\n";
    h += "<form action=\"search.html\" method=\"get\"><input type=\"search\" name=\"q\" placeholder=\"" +
         L(lang, "search_hint") + "\" aria-label=\"" + L(lang, "search") + "\"></form>\n";
    std::string urgent;
    for (const Item* i : items)
      if (i->urgent) urgent += item_li(*i, lang);
    if (!urgent.empty()) h += "<ul class=\"items\">\n" + urgent + "</ul>\n";
    h += "<ul class=\"tiles\">\n";
    for (auto [file, key] : {std::pair{"procedures.html", "procedures"}, std::pair{"news.html", "news"},
                             std::pair{"notices.html", "notices"}, std::pair{"products.html", "products"},
                             std::pair{"pages.html", "pages"}, std::pair{"search.html", "search"}})
      h += std::string("<li><a href=\"") + file + "\">" + L(lang, key) + "</a></li>\n";
    h += "</ul>\n";
    std::string prio;
    int n = 0;
    for (const Item* i : of_kind(Kind::procedure))
      if (i->priority > 0 && n++ < 8) prio += item_li(*i, lang);
    if (!prio.empty()) h += "<h2>" + L(lang, "priority") + "</h2>\n<ul class=\"items\">\n" + prio + "</ul>\n";
    return write(fs::path(lang) / "index.html", page(lang, label(lang, "home"), h, "index.html"));
  }

  Status search_pages(const std::string& lang) {
    nlohmann::json index = nlohmann::json::array();
    for (const Item* i : items) {
      const ItemText* t = i->text_or_vi(lang);
      const ItemText* vi = i->text("vi");
      std::string title = t->title, alias, rest = t->summary + " " + i->procedure.code;
      for (const auto& a : t->aliases) alias += a + " ";
      if (vi && vi != t) {  // villagers type Vietnamese on every language's page
        rest += " " + vi->title + " " + vi->summary;
        for (const auto& a : vi->aliases) alias += a + " ";
      }
      // Keys are folded in the page (tramtinWords), so the index carries each field's words once.
      nlohmann::json keys = nlohmann::json::array({title, alias, rest});
      index.push_back({{"t", t->title}, {"s", t->summary}, {"u", html_item_file(i->id)}, {"p", i->priority}, {"k", keys}});
    }
    std::string js = index.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
    std::string safe;  // "<" as \u003c: the index can never close a script element
    for (char c : js) safe += c == '<' ? std::string("\\u003c") : std::string(1, c);
    std::string data = "var TRAMTIN_INDEX = " + safe + ";\n";
    if (Status s = write(fs::path(lang) / "search-index.js", data); !s) return s;
    std::string h = "<h1>" + L(lang, "search") + "</h1>\n<form action=\"search.html\" method=\"get\">"
                    "<input id=\"q\" type=\"search\" name=\"q\" autocomplete=\"off\" autofocus placeholder=\"" +
                    L(lang, "search_hint") + "\" aria-label=\"" + L(lang, "search") + "\"></form>\n" +
                    "<noscript><p><a href=\"procedures.html\">" + L(lang, "search_needs_js") + "</a></p></noscript>\n" +
                    "<p id=\"none\" hidden>" + L(lang, "nothing_found") + "</p>\n<ul id=\"results\" class=\"items\"></ul>\n";
    return write(fs::path(lang) / "search.html", page(lang, label(lang, "search"), h, "search.html", true));
  }

  Status root_page() {
    std::string h = "<!DOCTYPE html>\n<html lang=\"vi\">\n<head>\n<meta charset=\"utf-8\">\n"
                    "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>TramTin</title>\n"
                    "<link rel=\"stylesheet\" href=\"style.css\">\n</head>\n<body>\n<main>\n<h1>TramTin</h1>\n"
                    "<ul class=\"tiles\">\n";
    for (const auto& l : langs)
      h += "<li><a href=\"" + html_escape(l) + "/index.html\" lang=\"" + html_escape(l) + "\">" +
           html_escape(autonym(l)) + "</a></li>\n";
    h += "</ul>\n</main>\n</body>\n</html>\n";
    return write("index.html", h);
  }

  Status copy_media() {
    std::set<std::string> used;
    for (const Item* i : items)
      for (const auto& m : i->media) used.insert(m.sha256);
    for (const auto& sha : used) {
      auto it = tree.media.find(sha);
      if (it == tree.media.end()) continue;
      auto bytes = read_media_bytes(it->second);
      if (!bytes) return bytes.status();
      if (Status s = write(fs::path("media") / (sha + media_ext(it->second.mime)), *bytes); !s) return s;
      ++report.media;
    }
    return {};
  }
};

}  // namespace

std::string html_item_file(std::string_view item_id) {
  // An id is [a-z0-9-] (valid_item_id), so "_" never occurs in one: an item named like a fixed
  // page of the folder gets "<id>_.html" and cannot collide with it or with another item.
  for (const char* fixed : {"index", "search", "search-index", "procedures", "news", "notices", "products", "pages"})
    if (item_id == fixed) return std::string(item_id) + "_.html";
  return std::string(item_id) + ".html";
}

HtmlExportReport export_html_site(const SourceTree& tree, const fs::path& out, const HtmlExportOptions& options) {
  Site site{tree, out, options.now ? options.now : static_cast<UnixTime>(std::time(nullptr)), {}, nullptr, {}, {}};
  if (!tree.ok()) {
    site.report.status = Status::error(ErrorKind::input, "the source tree has errors; nothing was exported");
    return site.report;
  }
  std::set<std::string> seen;
  for (const auto& item : tree.items) {
    if (item.kind == Kind::strings) {
      site.strings = &item;
      continue;
    }
    if (item.kind == Kind::synonyms || !item.live_at(site.now) || !valid_item_id(item.id) || !item.text("vi")) continue;
    site.items.push_back(&item);
    for (const auto& t : item.texts) seen.insert(t.lang);
  }
  std::stable_sort(site.items.begin(), site.items.end(), [](const Item* a, const Item* b) {
    if (a->urgent != b->urgent) return a->urgent;
    if (a->priority != b->priority) return a->priority > b->priority;
    if ((a->kind == Kind::news || a->kind == Kind::notice) && a->publish_at != b->publish_at)
      return a->publish_at > b->publish_at;
    return false;
  });
  for (const char* l : kKnownLanguages)
    if (seen.erase(l) || std::string_view(l) == "vi") site.langs.push_back(l);
  for (const auto& l : seen)
    if (is_plausible_language_tag(l)) site.langs.push_back(l);
  site.report.languages = site.langs;
  site.report.items = static_cast<int>(site.items.size());

  auto run = [&]() -> Status {
    std::error_code ec;
    fs::create_directories(out, ec);
    if (ec) return Status::error(ErrorKind::storage, "cannot create " + out.string() + ": " + ec.message());
    if (Status s = site.write("style.css", kCss); !s) return s;
    if (Status s = site.write("search.js", kSearchJs); !s) return s;
    if (Status s = site.copy_media(); !s) return s;
    if (Status s = site.root_page(); !s) return s;
    for (const auto& lang : site.langs) {
      if (Status s = site.home_page(lang); !s) return s;
      if (Status s = site.list_pages(lang); !s) return s;
      if (Status s = site.search_pages(lang); !s) return s;
      for (const Item* i : site.items)
        if (Status s = site.item_page(*i, lang); !s) return s;
    }
    return {};
  };
  site.report.status = run();
  return site.report;
}

}  // namespace tramtin

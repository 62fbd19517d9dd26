// The review sheet of `tramtin-publish shots` (see review_sheet.h). Layer: tramtin_content.
#include "content/authoring/review_sheet.h"

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <map>
#include <set>

#include <nlohmann/json.hpp>

#include "content/base/text.h"

namespace tramtin {

Result<std::vector<ReviewShot>> parse_review_shots(std::string_view json_text) {
  nlohmann::json doc = nlohmann::json::parse(json_text, nullptr, false);
  if (doc.is_discarded() || !doc.is_object() || !doc.contains("shots") || !doc["shots"].is_array())
    return Status::error(ErrorKind::protocol, "not a shots file from tramtin --render-items (no \"shots\" list)");
  std::vector<ReviewShot> out;
  for (const auto& s : doc["shots"]) {
    if (!s.is_object()) return Status::error(ErrorKind::protocol, "a shot that is not an object");
    ReviewShot r;
    auto str = [&](const char* k) { return s.contains(k) && s[k].is_string() ? s[k].get<std::string>() : std::string(); };
    r.id = str("id");
    r.kind = str("kind");
    r.lang = str("lang");
    r.size = str("size");
    r.file = str("file");
    r.title = str("title");
    r.drawn_at = str("drawn_at");
    r.shown = s.value("shown", true);
    r.fell_back = s.value("fell_back", false);
    if (s.contains("fell_back_fields") && s["fell_back_fields"].is_array())
      for (const auto& f : s["fell_back_fields"])
        if (f.is_string()) r.fell_back_fields.push_back(f.get<std::string>());
    // The file name goes into the page: a name with a folder in it is not one the kiosk wrote.
    if (r.id.empty() || r.lang.empty() || r.file.empty() || r.file.find('/') != std::string::npos ||
        r.file.find("..") != std::string::npos)
      return Status::error(ErrorKind::protocol, "a shot without an id, a language or a plain file name");
    out.push_back(std::move(r));
  }
  return out;
}

std::string review_item_of(const Diagnostic& d, const std::vector<std::string>& ids) {
  std::filesystem::path p(d.path);
  for (int up = 0; up < 2 && !p.empty(); ++up, p = p.parent_path())
    if (std::find(ids.begin(), ids.end(), p.filename().string()) != ids.end()) return p.filename().string();
  return {};
}

bool is_missing_glyph(const Diagnostic& d) { return d.message.find("has no glyph") != std::string::npos; }

std::string review_lang_of(const Diagnostic& d) {
  const std::filesystem::path p(d.path);
  return p.extension() == ".md" ? p.stem().string() : std::string();
}

namespace {

constexpr const char* kStyle = R"(
body{font-family:"Noto Sans",system-ui,sans-serif;margin:0;background:#f4f5f7;color:#1b1f24}
header{background:#1f4e9c;color:#fff;padding:16px 24px}
header h1{margin:0 0 4px;font-size:24px}
header p{margin:2px 0;opacity:.9}
.legend{display:flex;gap:16px;flex-wrap:wrap;padding:8px 24px;background:#fff;border-bottom:1px solid #d5d9e0;font-size:14px}
.tag{display:inline-block;border-radius:4px;padding:1px 6px;font-size:13px;font-weight:600;margin:2px 4px 2px 0}
.t-glyph{background:#c62828;color:#fff}.t-fallback{background:#f2b600;color:#222}.t-hidden{background:#6b7280;color:#fff}
.t-error{background:#c62828;color:#fff}.t-warning{background:#f2b600;color:#222}.t-ok{background:#2e7d32;color:#fff}
nav{padding:8px 24px;columns:3 280px;font-size:14px;background:#fff;border-bottom:1px solid #d5d9e0}
nav a{display:block;color:#1f4e9c;text-decoration:none;padding:1px 0}
section{background:#fff;margin:16px 24px;border:1px solid #d5d9e0;border-radius:8px;padding:12px 16px}
section h2{margin:0;font-size:20px}
section h2 small{font-weight:normal;color:#59606b;font-size:14px;margin-left:8px}
ul.diags{margin:8px 0;padding-left:18px;font-size:14px}
ul.diags li.error{color:#b71c1c}ul.diags li.warning{color:#8a6100}
.row{display:flex;gap:12px;overflow-x:auto;padding:8px 0}
figure{margin:0;flex:0 0 auto;border:3px solid transparent;border-radius:6px;padding:4px;background:#fafbfc}
figure.glyph{border-color:#c62828}figure.fallback{border-color:#f2b600}figure.hidden{opacity:.6}
figcaption{font-size:14px;max-width:480px;margin-bottom:4px}
figcaption b{font-size:15px}
figure img{display:block;width:480px;height:auto;border:1px solid #c9ced6}
figure.portrait img{width:240px}
h3{font-size:15px;margin:8px 0 0;color:#59606b}
)";

std::string plural(std::size_t n, const char* word) { return std::to_string(n) + " " + word + (n == 1 ? "" : "s"); }

}  // namespace

std::string review_sheet_html(const ReviewInput& in) {
  // Items in the order the kiosk rendered them, each with its shots by size and language.
  std::vector<std::string> ids;
  std::map<std::string, std::string> kinds;
  std::map<std::string, std::map<std::string, std::map<std::string, const ReviewShot*>>> by_item;  // id, size, lang
  for (const auto& s : in.shots) {
    if (!by_item.count(s.id)) ids.push_back(s.id);
    by_item[s.id][s.size][s.lang] = &s;
    kinds[s.id] = s.kind;
  }
  std::map<std::string, std::vector<const Diagnostic*>> diags;  // id -> its diagnostics ("" = the tree)
  std::map<std::string, std::set<std::string>> glyph_langs;     // id -> languages with a missing glyph ("*": all)
  for (const auto& d : in.diagnostics) {
    const std::string id = review_item_of(d, ids);
    diags[id].push_back(&d);
    if (is_missing_glyph(d)) {
      const std::string l = review_lang_of(d);
      glyph_langs[id].insert(l.empty() ? "*" : l);
    }
  }
  int errors = 0, warnings = 0, glyph_marks = 0, fallback_marks = 0;
  for (const auto& d : in.diagnostics) (d.severity == Severity::error ? errors : warnings)++;

  std::string body;
  auto title_of = [&](const std::string& id) {
    for (const auto& [size, langs] : by_item[id]) {
      auto it = langs.find("vi");
      if (it != langs.end() && !it->second->title.empty()) return it->second->title;
      for (const auto& [l, s] : langs)
        if (!s->title.empty()) return s->title;
    }
    return id;
  };

  std::string nav;
  for (const auto& id : ids) {
    nav += "<a href=\"#item-" + html_escape(id) + "\">" + html_escape(title_of(id));
    if (!diags[id].empty()) nav += " <span class=\"tag t-warning\">" + std::to_string(diags[id].size()) + "</span>";
    nav += "</a>\n";
  }

  if (!diags[""].empty()) {
    body += "<section id=\"tree\"><h2>The tree as a whole</h2><ul class=\"diags\">\n";
    for (const Diagnostic* d : diags[""])
      body += "<li class=\"" + std::string(d->severity == Severity::error ? "error" : "warning") + "\">" +
              html_escape(format_diagnostic(*d)) + "</li>\n";
    body += "</ul></section>\n";
  }
  for (const auto& id : ids) {
    body += "<section id=\"item-" + html_escape(id) + "\"><h2>" + html_escape(title_of(id)) + "<small>" + html_escape(id) +
            " · " + html_escape(kinds[id]) + "</small></h2>\n";
    if (!diags[id].empty()) {
      body += "<ul class=\"diags\">\n";
      for (const Diagnostic* d : diags[id])
        body += "<li class=\"" + std::string(d->severity == Severity::error ? "error" : "warning") + "\">" +
                html_escape(format_diagnostic(*d)) + "</li>\n";
      body += "</ul>\n";
    }
    for (const auto& size : in.sizes) {
      auto sit = by_item[id].find(size);
      if (sit == by_item[id].end()) continue;
      if (in.sizes.size() > 1) body += "<h3>" + html_escape(size) + "</h3>\n";
      const bool portrait = [&] {
        const auto x = size.find('x');
        return x != std::string::npos && std::atoi(size.c_str()) < std::atoi(size.c_str() + x + 1);
      }();
      body += "<div class=\"row\">\n";
      for (const auto& lang : in.languages) {
        auto lit = sit->second.find(lang);
        if (lit == sit->second.end()) continue;
        const ReviewShot& s = *lit->second;
        const bool glyph = glyph_langs[id].count(lang) || glyph_langs[id].count("*");
        const bool fallback = s.fell_back || !s.fell_back_fields.empty();
        glyph_marks += glyph;
        fallback_marks += fallback && lang != "vi";
        std::string cls = portrait ? "portrait" : "";
        if (glyph) cls += " glyph";
        if (fallback && lang != "vi") cls += " fallback";
        if (!s.shown) cls += " hidden";
        body += "<figure class=\"" + cls + "\"><figcaption><b>" + html_escape(lang) + "</b> " + html_escape(s.title) + "<br>";
        if (glyph) body += "<span class=\"tag t-glyph\">missing glyphs</span>";
        if (s.fell_back && lang != "vi") body += "<span class=\"tag t-fallback\">all in Vietnamese</span>";
        else if (!s.fell_back_fields.empty()) {
          std::string fields;
          for (const auto& f : s.fell_back_fields) fields += (fields.empty() ? "" : ", ") + f;
          body += "<span class=\"tag t-fallback\">in Vietnamese: " + html_escape(fields) + "</span>";
        }
        if (!s.drawn_at.empty()) body += "<span class=\"tag t-hidden\">drawn as at " + html_escape(s.drawn_at) + "</span>";
        if (!s.shown) body += "<span class=\"tag t-hidden\">not shown (another channel?)</span>";
        body += "</figcaption><a href=\"" + html_escape(s.file) + "\"><img src=\"" + html_escape(s.file) +
                "\" loading=\"lazy\" alt=\"" + html_escape(id + " " + lang) + "\"></a></figure>\n";
      }
      body += "</div>\n";
    }
    body += "</section>\n";
  }

  std::string langs;
  for (const auto& l : in.languages) langs += (langs.empty() ? "" : ", ") + l;
  std::string out;
  out += "<!DOCTYPE html>\n<html lang=\"vi\"><head><meta charset=\"utf-8\">\n"
         "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
         "<title>TramTin review sheet: " + html_escape(in.source) + "</title>\n<style>" + kStyle + "</style></head><body>\n";
  out += "<header><h1>Review sheet: " + html_escape(in.source) + "</h1>\n<p>" + plural(ids.size(), "item") + " in " +
         html_escape(langs) + "; " + std::to_string(in.shots.size()) + " screens drawn by the kiosk" +
         (in.generated.empty() ? "" : " at " + html_escape(in.generated)) + "</p>\n<p>validate: " + plural(std::size_t(errors), "error") +
         ", " + plural(std::size_t(warnings), "warning") + "; " + plural(std::size_t(glyph_marks), "screen") +
         " with missing glyphs, " + plural(std::size_t(fallback_marks), "screen") + " falling back to Vietnamese</p></header>\n";
  out += "<div class=\"legend\"><span><span class=\"tag t-glyph\">missing glyphs</span>a letter the kiosk's fonts "
         "cannot draw (red frame)</span><span><span class=\"tag t-fallback\">in Vietnamese</span>the language has no "
         "text for these fields; the kiosk shows the Vietnamese with a marker (yellow frame)</span><span><span "
         "class=\"tag t-hidden\">drawn as at …</span>a notice not live today, drawn on a day it is</span></div>\n";
  out += "<nav>\n" + nav + "</nav>\n" + body + "</body></html>\n";
  return out;
}

}  // namespace tramtin

// The content as a static website (`tramtin-publish export-html SRC OUT/`): the same procedures,
// news, notices, pages and OCOP products a kiosk shows, in every language of the tree, as plain
// HTML pages with one style sheet, the media copied beside them. Nothing needs JavaScript except the
// optional search page (a small local script over a prebuilt index, works from file:// too).
// Served by any web server, or opened from a folder: the commune's server can put it where the
// procedure QR codes point phones. Layer: tramtin_content, content/authoring/ (std only; no SDL).
//
// Layout of OUT:
//   index.html                  the languages (each named in its own script), links to <lang>/
//   style.css                   the one style sheet
//   search.js                   the search page's script (fold, match, rank; DOM text only)
//   media/<sha256>.<ext>        images and narrations, by content hash
//   <lang>/index.html           home: the sections, priority procedures, urgent notices
//   <lang>/procedures.html      procedures by field;  news.html, notices.html, products.html, pages.html
//   <lang>/<item-id>.html       one page per item and language (a missing text falls back to vi)
//   <lang>/search.html          search (needs JavaScript; says so without it)
//   <lang>/search-index.js      the items' folded words for that page
// Every text from the tree is HTML-escaped; links in Markdown keep only http, https, mailto and tel.
#pragma once

#include <cstdint>
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include "content/authoring/reader.h"
#include "content/base/status.h"

namespace tramtin {

struct HtmlExportOptions {
  UnixTime now = 0;                                  // items live at this time are exported (0: the clock)
};

struct HtmlExportReport {
  Status status;
  std::vector<std::string> languages;                // in menu order: vi first
  int items = 0;                                     // items exported (each has a page per language)
  int pages = 0;                                     // HTML files written
  int media = 0;                                     // media files copied
  std::uint64_t bytes = 0;                           // everything written
};

// Writes the site for `tree` (which must be ok()) into `out`, created if missing. Files of an
// earlier export are overwritten; nothing else in `out` is touched.
HtmlExportReport export_html_site(const SourceTree& tree, const std::filesystem::path& out,
                                  const HtmlExportOptions& options = {});

// The file name of an item's page ("dang-ky-khai-sinh.html").
std::string html_item_file(std::string_view item_id);

}  // namespace tramtin

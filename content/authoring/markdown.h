// Markdown -> the Body block model of content/model/model.h (headings, paragraphs, lists, quotes,
// strong, emphasis, links), through md4c. Layer: tramtin_content (no SDL, no ImGui).
//
// The kiosk draws only that small model, so everything else is flattened or dropped: code spans
// and code blocks become plain text, a table becomes one paragraph per row ("a | b | c"), raw
// HTML and images are dropped. What was flattened or dropped is reported with its line so the
// staff tool can warn about it, and every link is reported with its line so it can be checked.
// All output strings are NFC.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "content/model/model.h"

namespace tramtin {

struct MarkdownLink {
  std::string href;   // as written, entities decoded, NFC
  int line = 0;       // 1-based line in the Markdown text
};

struct MarkdownNote {
  int line = 0;       // 1-based line in the Markdown text
  std::string message;  // "raw HTML is not shown on the kiosk; it was dropped"
};

struct MarkdownResult {
  Body body;
  std::vector<MarkdownLink> links;   // every link, in document order
  std::vector<MarkdownNote> notes;   // constructs flattened or dropped, in document order
  std::string error;                 // non-empty only if md4c itself failed (out of memory)
};

// Parses CommonMark (plus tables and bare http(s) URLs as links). Never throws.
MarkdownResult parse_markdown(std::string_view markdown);

// The body only, for callers that do not report notes.
Body markdown_to_body(std::string_view markdown);

}  // namespace tramtin

// Word-wrapped text made of styled runs (fonts, colours, highlight backgrounds), and the Markdown
// block model drawn with it. Layer: tramtin (ImGui).
#pragma once

#include <string>
#include <vector>

#include <imgui.h>

#include "content/model/model.h"
#include "content/store/search.h"

namespace tramtin {

struct Ui;

struct Run {
  std::string text;
  ImFont* font = nullptr;
  ImU32 color = 0;
  ImU32 background = 0;   // non-zero: a highlight behind the text (search matches)
  bool underline = false; // links
};

// Lays out and draws runs at the cursor, wrapping at `wrap_width` between words (and between any
// two CJK characters, which have no spaces). Advances the cursor; returns the height used.
float draw_runs(const std::vector<Run>& runs, float wrap_width, float line_spacing = 1.3f);

// Splits `text` into runs with `ranges` (byte offsets) highlighted.
std::vector<Run> highlighted_runs(const std::string& text, const std::vector<TextRange>& ranges, ImFont* font,
                                  ImU32 color, ImU32 highlight_bg);

// Draws a Markdown body (headings, paragraphs, lists, quotes, strong/emphasis, links).
void draw_body(Ui& ui, const Body& body, float wrap_width);

}  // namespace tramtin

// The source-tree reader in its parts, so that a reading can be put together again from parts read
// at different times (content/authoring/incremental_reader.h): the layout of the tree (the folders
// down to the item folders), one item folder read on its own, and assemble(), which adds the checks
// across items and orders the diagnostics. read_source_tree is exactly these three in a row.
// Layer: tramtin_content (internal to content/authoring).
#pragma once

#include <filesystem>
#include <optional>
#include <vector>

#include "content/authoring/reader.h"

namespace tramtin::reader_parts {

// The folders of the tree in the walk's order: item folders, and what could not be listed on the
// way to them. Item folders are not entered (an item folder's insides are its own reading's).
struct LayoutEntry {
  bool is_item = false;
  std::filesystem::path dir;                         // the item folder (or the folder the diagnostic is about)
  Diagnostic diagnostic;                             // when !is_item
};

struct Layout {
  std::optional<Diagnostic> root_error;              // the root is missing or not a folder
  std::vector<LayoutEntry> entries;
};

// Everything the reader says about one item folder but the checks across items.
struct ItemFolder {
  std::filesystem::path dir;
  Item item;
  bool keep = false;                                 // joins SourceTree::items (a known kind, a readable vi text)
  bool valid_id = false;                             // the folder name is an id (then it takes part in the duplicate check)
  std::vector<Diagnostic> diagnostics;               // in the order found, not sorted
  std::vector<SourceMedia> media;                    // as its [[media]] tables list them
};

Layout read_layout(const std::filesystem::path& root);
ItemFolder read_item_folder(const std::filesystem::path& dir, GlyphChecker* glyphs);
// `folders`: one per item entry of `layout`, in the layout's order.
SourceTree assemble(const std::filesystem::path& root, const Layout& layout, const std::vector<const ItemFolder*>& folders);

}  // namespace tramtin::reader_parts

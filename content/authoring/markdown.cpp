// Markdown -> Body through md4c's callback parser. Layer: tramtin_content.
//
// md4c reports structure as enter/leave events and text as runs that point into the input, so
// line numbers come from the text pointers (md4c gives no positions for blocks). A construct
// whose own pointers are not in the input (an href md4c had to copy) takes the line of the next
// text run instead.
#include "content/authoring/markdown.h"

#include <algorithm>
#include <cstdlib>
#include <optional>
#include <md4c.h>

#include "content/base/text.h"

namespace tramtin {
namespace {

// The named entities staff plausibly type. md4c only checks that an entity is well formed, so
// anything not here is kept as written rather than guessed at.
struct NamedEntity {
  const char* name;
  char32_t cp;
};
constexpr NamedEntity kEntities[] = {
    {"amp", U'&'},      {"lt", U'<'},        {"gt", U'>'},       {"quot", U'"'},
    {"apos", U'\''},    {"nbsp", 0x00A0},    {"ndash", 0x2013},  {"mdash", 0x2014},
    {"hellip", 0x2026}, {"lsquo", 0x2018},   {"rsquo", 0x2019},  {"ldquo", 0x201C},
    {"rdquo", 0x201D},  {"laquo", 0x00AB},   {"raquo", 0x00BB},  {"copy", 0x00A9},
    {"reg", 0x00AE},    {"deg", 0x00B0},     {"times", 0x00D7},  {"middot", 0x00B7},
    {"bull", 0x2022},   {"euro", 0x20AC},    {"dong", 0x20AB},   {"shy", 0x00AD},
};

// "&amp;" / "&#7899;" / "&#x1EDB;" -> UTF-8; unknown or invalid entities come back unchanged.
std::string decode_entity(std::string_view e) {
  if (e.size() < 3 || e.front() != '&' || e.back() != ';') return std::string(e);
  std::string_view name = e.substr(1, e.size() - 2);
  char32_t cp = 0;
  if (name[0] == '#') {
    bool hex = name.size() > 1 && (name[1] == 'x' || name[1] == 'X');
    std::string digits(name.substr(hex ? 2 : 1));
    if (digits.empty() || digits.size() > 8) return std::string(e);
    char* end = nullptr;
    unsigned long v = std::strtoul(digits.c_str(), &end, hex ? 16 : 10);
    if (*end != '\0') return std::string(e);
    // CommonMark: code point 0, surrogates and values past U+10FFFF become U+FFFD.
    cp = (v == 0 || v > 0x10FFFF || (v >= 0xD800 && v <= 0xDFFF)) ? 0xFFFD : static_cast<char32_t>(v);
  } else {
    auto it = std::find_if(std::begin(kEntities), std::end(kEntities),
                           [&](const NamedEntity& n) { return name == n.name; });
    if (it == std::end(kEntities)) return std::string(e);
    cp = it->cp;
  }
  std::string out;
  append_utf8(out, cp);
  return out;
}

std::string attribute_text(const MD_ATTRIBUTE& a) {
  std::string out;
  if (a.size == 0) return out;
  for (int i = 0; a.substr_offsets[i] < a.size; ++i) {
    std::string_view part(a.text + a.substr_offsets[i], a.substr_offsets[i + 1] - a.substr_offsets[i]);
    switch (a.substr_types[i]) {
      case MD_TEXT_ENTITY: out += decode_entity(part); break;
      case MD_TEXT_NULLCHAR: append_utf8(out, 0xFFFD); break;
      default: out += part; break;
    }
  }
  return out;
}

struct ListState {
  bool ordered = false;
  int next_number = 1;
};

class Builder {
 public:
  explicit Builder(std::string_view src) : src_(src) {
    line_starts_.push_back(0);
    for (std::size_t i = 0; i < src.size(); ++i)
      if (src[i] == '\n') line_starts_.push_back(i + 1);
  }

  MarkdownResult result;

  int enter_block(MD_BLOCKTYPE type, void* detail) {
    switch (type) {
      case MD_BLOCK_DOC: break;
      case MD_BLOCK_QUOTE: ++quote_depth_; break;
      case MD_BLOCK_UL: lists_.push_back({false, 1}); break;
      case MD_BLOCK_OL:
        lists_.push_back({true, static_cast<int>(static_cast<MD_BLOCK_OL_DETAIL*>(detail)->start)});
        break;
      case MD_BLOCK_LI: {
        flush();
        ListState& list = lists_.back();
        Block b;
        b.type = list.ordered ? Block::Type::numbered_item : Block::Type::bullet_item;
        b.level = static_cast<int>(lists_.size()) - 1;
        if (list.ordered) b.number = list.next_number++;
        start(std::move(b));
        item_open_ = true;
        break;
      }
      case MD_BLOCK_H: {
        flush();
        Block b;
        b.type = Block::Type::heading;
        b.level = static_cast<int>(static_cast<MD_BLOCK_H_DETAIL*>(detail)->level);
        start(std::move(b));
        break;
      }
      case MD_BLOCK_P:
        if (item_open_ && cur_) {
          // A list item's first paragraph fills the item; a later paragraph of the same item
          // (loose list) continues it on a new line rather than losing its bullet.
          if (!block_empty(*cur_)) append("\n");
        } else {
          flush();
          start(Block{});
        }
        break;
      case MD_BLOCK_CODE:
        flush();
        start(Block{});
        break;
      case MD_BLOCK_HTML:
        flush();
        ++drop_depth_;
        pending_note("raw HTML is not shown on the kiosk; it was dropped");
        break;
      case MD_BLOCK_HR: break;  // a rule has no equivalent; the blocks around it still separate
      case MD_BLOCK_TABLE:
        flush();
        pending_note("a table is shown as plain text, one line per row; consider a list instead");
        break;
      case MD_BLOCK_THEAD: case MD_BLOCK_TBODY: break;
      case MD_BLOCK_TR:
        flush();
        start(Block{});
        first_cell_ = true;
        break;
      case MD_BLOCK_TH: case MD_BLOCK_TD:
        if (!first_cell_) append(" | ");
        first_cell_ = false;
        break;
    }
    return 0;
  }

  int leave_block(MD_BLOCKTYPE type, void*) {
    switch (type) {
      case MD_BLOCK_QUOTE: flush(); --quote_depth_; break;
      case MD_BLOCK_UL: case MD_BLOCK_OL: flush(); lists_.pop_back(); break;
      case MD_BLOCK_LI: flush(); item_open_ = false; break;
      case MD_BLOCK_P:
        if (!item_open_) flush();
        break;
      case MD_BLOCK_H: case MD_BLOCK_TR: flush(); break;
      case MD_BLOCK_CODE: flush(); break;
      case MD_BLOCK_HTML: --drop_depth_; break;
      default: break;
    }
    return 0;
  }

  int enter_span(MD_SPANTYPE type, void* detail) {
    switch (type) {
      case MD_SPAN_EM: ++em_; break;
      case MD_SPAN_STRONG: ++strong_; break;
      case MD_SPAN_A: {
        const auto* a = static_cast<MD_SPAN_A_DETAIL*>(detail);
        std::string href = nfc(attribute_text(a->href));
        links_.push_back(href);
        result.links.push_back({href, line_of(a->href.text)});
        if (result.links.back().line == 0) pending_link_lines_.push_back(result.links.size() - 1);
        break;
      }
      case MD_SPAN_IMG:
        ++drop_depth_;
        pending_note("an image in the body is not shown on the kiosk; add it as media in item.toml");
        if (const int l = line_of(static_cast<MD_SPAN_IMG_DETAIL*>(detail)->src.text)) resolve_pending(l);
        break;
      default: break;  // code spans are plain text; others are not enabled
    }
    return 0;
  }

  int leave_span(MD_SPANTYPE type, void*) {
    switch (type) {
      case MD_SPAN_EM: --em_; break;
      case MD_SPAN_STRONG: --strong_; break;
      case MD_SPAN_A: if (!links_.empty()) links_.pop_back(); break;
      case MD_SPAN_IMG: --drop_depth_; break;
      default: break;
    }
    return 0;
  }

  int text(MD_TEXTTYPE type, const MD_CHAR* p, MD_SIZE size) {
    if (const int l = line_of(p)) resolve_pending(l);
    std::string_view t(p, size);
    if (type == MD_TEXT_HTML) {
      if (drop_depth_ == 0) {
        pending_note("raw HTML is not shown on the kiosk; it was dropped");
        resolve_pending(line_of(p));
      }
      return 0;
    }
    if (drop_depth_ > 0) return 0;
    switch (type) {
      case MD_TEXT_NULLCHAR: append("\xEF\xBF\xBD"); break;
      case MD_TEXT_BR: append("\n"); break;
      case MD_TEXT_SOFTBR: append(" "); break;
      case MD_TEXT_ENTITY: append(decode_entity(t)); break;
      default: append(t); break;
    }
    return 0;
  }

  void finish() {
    flush();
    // Anything still waiting for a line (no text after it) belongs to the last line.
    resolve_pending(static_cast<int>(line_starts_.size()));
  }

 private:
  // 0 when p does not point into the source (md4c made a copy, or a static string).
  int line_of(const MD_CHAR* p) const {
    if (p == nullptr || p < src_.data() || p >= src_.data() + src_.size()) return 0;
    auto off = static_cast<std::size_t>(p - src_.data());
    auto it = std::upper_bound(line_starts_.begin(), line_starts_.end(), off);
    return static_cast<int>(it - line_starts_.begin());
  }

  void pending_note(std::string message) {
    result.notes.push_back({0, std::move(message)});
    pending_notes_.push_back(result.notes.size() - 1);
  }

  void resolve_pending(int line) {
    if (line <= 0) return;
    for (std::size_t i : pending_notes_) result.notes[i].line = line;
    for (std::size_t i : pending_link_lines_) result.links[i].line = line;
    pending_notes_.clear();
    pending_link_lines_.clear();
  }

  void start(Block b) {
    if (quote_depth_ > 0) {
      // The model has no nesting of quotes and lists: inside a quote every block is a quote.
      b.type = Block::Type::quote;
      b.level = 0;
      b.number = 0;
    }
    cur_ = std::move(b);
  }

  static bool block_empty(const Block& b) {
    return std::all_of(b.spans.begin(), b.spans.end(), [](const Span& s) { return s.text.empty(); });
  }

  void append(std::string_view t) {
    if (t.empty()) return;
    if (!cur_) start(Block{});  // text outside any block md4c opened: keep it as a paragraph
    std::string link = links_.empty() ? std::string() : links_.back();
    bool strong = strong_ > 0, em = em_ > 0;
    auto& spans = cur_->spans;
    if (!spans.empty() && spans.back().strong == strong && spans.back().em == em && spans.back().link == link) {
      spans.back().text += t;
    } else {
      spans.push_back(Span{std::string(t), strong, em, std::move(link)});
    }
  }

  void flush() {
    if (!cur_) return;
    Block b = std::move(*cur_);
    cur_.reset();
    for (auto& s : b.spans) s.text = nfc(s.text);
    // Code blocks end with '\n' and md4c leaves a space before a soft break at a span edge:
    // trim the block's outer whitespace, never the inside of a line.
    if (!b.spans.empty()) {
      auto& first = b.spans.front().text;
      first.erase(0, std::min(first.find_first_not_of(" \t\n"), first.size()));
      auto& last = b.spans.back().text;
      last.erase(last.find_last_not_of(" \t\n") + 1);
    }
    b.spans.erase(std::remove_if(b.spans.begin(), b.spans.end(), [](const Span& s) { return s.text.empty(); }),
                  b.spans.end());
    if (!b.spans.empty()) result.body.push_back(std::move(b));
  }

  std::string_view src_;
  std::vector<std::size_t> line_starts_;
  std::optional<Block> cur_;
  std::vector<ListState> lists_;
  std::vector<std::string> links_;
  std::vector<std::size_t> pending_notes_;
  std::vector<std::size_t> pending_link_lines_;
  int quote_depth_ = 0;
  int drop_depth_ = 0;
  int strong_ = 0;
  int em_ = 0;
  bool item_open_ = false;  // the current block is a list item still taking paragraphs
  bool first_cell_ = false;
};

}  // namespace

MarkdownResult parse_markdown(std::string_view markdown) {
  Builder b(markdown);
  MD_PARSER parser{};
  parser.abi_version = 0;
  // Tables are parsed so they can be flattened; bare http(s) URLs become links as staff expect
  // when they paste an address.
  parser.flags = MD_FLAG_TABLES | MD_FLAG_PERMISSIVEURLAUTOLINKS;
  parser.enter_block = [](MD_BLOCKTYPE t, void* d, void* u) { return static_cast<Builder*>(u)->enter_block(t, d); };
  parser.leave_block = [](MD_BLOCKTYPE t, void* d, void* u) { return static_cast<Builder*>(u)->leave_block(t, d); };
  parser.enter_span = [](MD_SPANTYPE t, void* d, void* u) { return static_cast<Builder*>(u)->enter_span(t, d); };
  parser.leave_span = [](MD_SPANTYPE t, void* d, void* u) { return static_cast<Builder*>(u)->leave_span(t, d); };
  parser.text = [](MD_TEXTTYPE t, const MD_CHAR* p, MD_SIZE n, void* u) { return static_cast<Builder*>(u)->text(t, p, n); };
  int rc = md_parse(markdown.data(), static_cast<MD_SIZE>(markdown.size()), &parser, &b);
  b.finish();
  if (rc != 0) b.result.error = "the Markdown parser failed (out of memory?)";
  return std::move(b.result);
}

Body markdown_to_body(std::string_view markdown) { return parse_markdown(markdown).body; }

}  // namespace tramtin

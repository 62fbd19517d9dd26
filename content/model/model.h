// The content model: what one item of kiosk content is, in memory.
// Layer: tramtin_content (std only here; no SDL, no ImGui).
//
// One item = one id, one kind, shared (language-neutral) fields and one ItemText per language.
// `vi` is required; other languages fall back to `vi`. All strings are UTF-8 in NFC.
// The canonical serialisation of an item is JSON (item_to_json / item_from_json): it is what the
// cache stores and what a bundle carries as an "item document".
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace tramtin {

// synonyms: one item per language of phrase groups that search treats as the same words
// ("sổ đỏ" = "giấy chứng nhận quyền sử dụng đất"); never listed or shown, only applied to queries.
enum class Kind { procedure, news, notice, product, page, strings, synonyms };

const char* kind_name(Kind k);                       // "procedure", "news", ...
std::optional<Kind> kind_from_name(std::string_view name);

// The format's rules (content/FORMAT.md), one definition for `tramtin-publish validate` and for a
// kiosk reading a signed manifest: an id is the item's folder name and travels into file names and
// SQL, so it is 1..kMaxItemIdLength of a-z, 0-9 and '-' (no '/', '.', spaces or upper case); a media
// file is one of kAllowedMediaTypes.
inline constexpr std::size_t kMaxItemIdLength = 200;
inline constexpr const char* kAllowedMediaTypes[] = {"image/png", "image/jpeg", "audio/ogg"};
bool valid_item_id(std::string_view id);

// The languages a kiosk knows (content/FORMAT.md): Vietnamese, English, Simplified Chinese, Hmong
// (RPA), Thái / Tai Dam (Tai Viet script) and Dao / Iu Mien. Texts in any other tag are published
// but no kiosk offers them.
inline constexpr const char* kKnownLanguages[] = {"vi", "en", "zh-Hans", "hmn", "blt", "ium"};
inline bool is_known_language(std::string_view tag) {
  for (const char* l : kKnownLanguages)
    if (tag == l) return true;
  return false;
}
bool allowed_media_type(std::string_view mime);

// Seconds since the Unix epoch, UTC. 0 means "not set" for publish/expire times.
using UnixTime = std::int64_t;

// ---- Rich text: the small block model the kiosk draws (Markdown goes through md4c into this).
struct Span {
  std::string text;
  bool strong = false;
  bool em = false;
  std::string link;                                  // non-empty: the span is a link to this URL
  bool operator==(const Span&) const = default;
};

struct Block {
  enum class Type { heading, paragraph, bullet_item, numbered_item, quote };
  Type type = Type::paragraph;
  int level = 0;                                     // heading: 1..6; list item: nesting depth 0..
  int number = 0;                                    // numbered_item: its number
  std::vector<Span> spans;
  bool operator==(const Block&) const = default;
};
using Body = std::vector<Block>;

std::string body_plain_text(const Body& body);       // spans joined, blocks separated by '\n'

// ---- Procedure (thủ tục hành chính), fields after the national procedure database.
enum class ChannelKind { in_person, online, post };  // Trực tiếp / Trực tuyến / Dịch vụ bưu chính
const char* channel_kind_name(ChannelKind c);        // "in_person", "online", "post"
std::optional<ChannelKind> channel_kind_from_name(std::string_view name);

struct Channel {                                     // one row of "Cách thức thực hiện"
  ChannelKind kind = ChannelKind::in_person;
  std::string time_limit;                            // "Trong ngày; nộp sau 15 giờ thì trả ngày làm việc tiếp theo"
  std::string fee;                                   // "Miễn lệ phí khi đăng ký đúng hạn" / "Theo mức do HĐND tỉnh quy định"
  std::string note;                                  // optional description
  bool operator==(const Channel&) const = default;
};

struct Document {                                    // one row of "Thành phần hồ sơ"
  std::string name;
  std::string copies;                                // "01 bản chính", "01 bản sao"
  std::string form_url;                              // link to the form (mẫu đơn, tờ khai), may be empty
  bool operator==(const Document&) const = default;
};

struct DocumentCase {                                // "Trường hợp …": one group of documents
  std::string title;                                 // may be empty when there is only one case
  std::vector<Document> documents;
  bool operator==(const DocumentCase&) const = default;
};

struct LegalRef {                                    // one row of "Căn cứ pháp lý"
  std::string number;                                // "60/2014/QH13"
  std::string title;                                 // "Luật Hộ tịch"
  std::string date;                                  // "2014-11-20" (ISO date as text)
  std::string issuer;                                // "Quốc hội"
  bool operator==(const LegalRef&) const = default;
};

// Language-neutral procedure fields (item.toml).
struct ProcedureInfo {
  std::string code;                                  // "1.001193"
  std::string decision;                              // "1234/QĐ-BTP" (Số quyết định), may be empty
  std::vector<std::string> levels;                   // "xa", "tinh"
  std::string field;                                 // field key, e.g. "ho-tich"; names come from `strings`/texts
  std::string online_url;                            // the public-service page for the QR code
  std::vector<ChannelKind> channels;                 // which channels exist (texts per language below)
  bool operator==(const ProcedureInfo&) const = default;
};

// Per-language procedure fields (<lang>.md front matter).
struct ProcedureText {
  std::string field_name;                            // "Hộ tịch"
  std::vector<std::string> steps;                    // "Bước 1: …" without the "Bước n:" prefix
  std::vector<Channel> channels;                     // time limit and fee per channel
  std::vector<DocumentCase> cases;
  std::string who;                                   // Đối tượng thực hiện
  std::string agency;                                // Cơ quan thực hiện
  std::string address;                               // Địa chỉ tiếp nhận hồ sơ
  std::string result;                                // Kết quả thực hiện
  std::string conditions;                            // Yêu cầu, điều kiện
  std::vector<LegalRef> legal;                       // Căn cứ pháp lý
  bool operator==(const ProcedureText&) const = default;
};

// ---- OCOP product.
struct ProductInfo {
  int ocop_group = 1;                                // 1..6 (Quyết định 148/QĐ-TTg)
  int stars = 3;                                     // 3..5
  std::string certificate;                           // certificate decision number
  std::string certificate_expiry;                    // ISO date
  std::string producer;                              // "HTX Chè Tam Đường"
  std::string producer_commune;                      // "xã Bình Lư, Lai Châu"
  std::string producer_phone;
  std::int64_t price = 0;                            // in đồng; 0 = no price given
  bool price_is_example = true;                      // sample data: say "giá tham khảo"
  std::string shop_url;
  std::string trace_url;
  bool operator==(const ProductInfo&) const = default;
};

struct ProductText {
  std::string unit;                                  // "hộp 200 g"
  std::string ingredients;
  std::string shelf_life;
  bool operator==(const ProductText&) const = default;
};

// ---- Text of one item in one language.
struct ItemText {
  std::string lang;                                  // BCP 47: "vi", "en", "zh-Hans", "hmn", "blt"
  std::string title;
  std::string summary;                               // one or two sentences for lists and search
  Body body;                                         // the Markdown body (news article, product story, page)
  ProcedureText procedure;                           // kind == procedure
  ProductText product;                               // kind == product
  std::map<std::string, std::string> strings;        // kind == strings: UI key -> translation
  std::vector<std::string> aliases;                  // the names people use ("giấy độc thân"); searched just below the title
  std::vector<std::vector<std::string>> synonyms;    // kind == synonyms: groups of phrases searched as one
  std::vector<std::string> filler;                   // kind == synonyms: words of a question ("gì", "ở đâu")
                                                     // dropped when the whole question finds nothing
  bool operator==(const ItemText&) const = default;
};

struct MediaRef {                                    // an image or audio file, by content hash
  std::string sha256;                                // hex, lower case
  std::uint64_t size = 0;
  std::string mime;                                  // "image/png", "image/jpeg", "audio/ogg"
  std::string role;                                  // "photo", "cover", "narration"
  std::string lang;                                  // narration language, empty otherwise
  std::string caption;
  bool operator==(const MediaRef&) const = default;
};

struct Item {
  std::string id;                                    // stable, from the folder name: "ho-tich/dang-ky-khai-sinh"
  Kind kind = Kind::page;
  std::int64_t version = 1;                          // grows when the item changes
  UnixTime publish_at = 0;                           // 0: live at once
  UnixTime expire_at = 0;                            // 0: never expires
  int priority = 0;                                  // higher first in lists
  bool urgent = false;                               // notices: take over the attract screen, banner everywhere
  bool featured = false;                             // shown in the idle slideshow
  std::vector<std::string> tags;
  std::vector<std::string> targets;                  // channels: "province", "commune", "border-gate"; empty = all
  std::vector<MediaRef> media;
  ProcedureInfo procedure;                           // kind == procedure
  ProductInfo product;                               // kind == product
  std::vector<ItemText> texts;                       // one per language; "vi" must be present

  const ItemText* text(std::string_view lang) const; // exact language or nullptr
  // The text in `lang`, or in `vi` if there is none; *fell_back is set when it fell back.
  const ItemText* text_or_vi(std::string_view lang, bool* fell_back = nullptr) const;
  bool live_at(UnixTime now) const {
    return (publish_at == 0 || publish_at <= now) && (expire_at == 0 || now < expire_at);
  }
  bool operator==(const Item&) const = default;
};

// Canonical JSON (UTF-8, keys sorted, no insignificant whitespace): stable bytes for hashing.
std::string item_to_json(const Item& item);
// Parses an item document; returns nullopt and sets *error on bad input (never throws).
std::optional<Item> item_from_json(std::string_view json, std::string* error = nullptr);

}  // namespace tramtin

// Built-in UI strings and lookup with fallback to Vietnamese. Layer: tramtin_kiosk_core.
#include "kiosk/core/i18n.h"

namespace tramtin {
namespace {

// Built-in defaults, so a kiosk with an empty cache still speaks. Content `strings` items win.
const std::map<std::string, std::string> kVi = {
    {"home", "Trang chủ"},
    {"back", "Quay lại"},
    {"search", "Tìm kiếm"},
    {"search_hint", "Tìm thủ tục, tin tức, sản phẩm…"},
    {"procedures", "Thủ tục hành chính"},
    {"news", "Tin tức"},
    {"notices", "Thông báo"},
    {"products", "Sản phẩm OCOP"},
    {"help", "Hướng dẫn sử dụng"},
    {"feedback", "Góp ý"},
    {"language", "Ngôn ngữ"},
    {"text_size", "Cỡ chữ"},
    {"contrast", "Tương phản"},
    {"listen", "Nghe"},
    {"what_to_bring", "Cần mang gì?"},
    {"where_to_go", "Nộp ở đâu?"},
    {"time_and_fee", "Mất bao lâu? Bao nhiêu tiền?"},
    {"steps", "Các bước"},
    {"result", "Kết quả"},
    {"who_may_apply", "Ai được làm?"},
    {"legal_basis", "Căn cứ pháp lý"},
    {"in_person", "Trực tiếp"},
    {"online", "Trực tuyến"},
    {"post", "Bưu chính"},
    {"scan_to_continue", "Quét mã để làm trực tuyến trên điện thoại"},
    {"nothing_found", "Không tìm thấy kết quả"},
    {"browse_fields", "Xem theo lĩnh vực"},
    {"updated_at", "Cập nhật lúc"},
    {"touch_to_start", "Chạm vào màn hình để bắt đầu"},
    {"was_this_useful", "Thông tin này có hữu ích không?"},
    {"thank_you", "Cảm ơn bạn!"},
    {"stars", "sao"},
    {"producer", "Cơ sở sản xuất"},
    {"price_example", "Giá tham khảo"},
    {"fell_back_notice", "(Tiếng Việt) – chưa có bản dịch"},
    {"keyboard_hide", "Ẩn bàn phím"},
    {"keyboard_direct", "Trực tiếp"},
    {"keyboard_telex", "Telex"},
    {"keyboard_vni", "VNI"},
    {"staff", "Cán bộ"},
    {"sync_now", "Đồng bộ ngay"},
    {"welcome", "Xin chào! Chạm vào một ô để bắt đầu."},
    {"no_content_yet", "Chưa có nội dung. Cán bộ xã sẽ cập nhật sớm."},
};

const std::map<std::string, std::string> kEn = {
    {"home", "Home"},
    {"back", "Back"},
    {"search", "Search"},
    {"search_hint", "Search procedures, news, products…"},
    {"procedures", "Public services"},
    {"news", "News"},
    {"notices", "Notices"},
    {"products", "OCOP products"},
    {"help", "How to use"},
    {"feedback", "Feedback"},
    {"language", "Language"},
    {"text_size", "Text size"},
    {"contrast", "Contrast"},
    {"listen", "Listen"},
    {"what_to_bring", "What to bring"},
    {"where_to_go", "Where to go"},
    {"time_and_fee", "How long? How much?"},
    {"steps", "Steps"},
    {"result", "Result"},
    {"who_may_apply", "Who may apply"},
    {"legal_basis", "Legal basis"},
    {"in_person", "In person"},
    {"online", "Online"},
    {"post", "By post"},
    {"scan_to_continue", "Scan to continue online on your phone"},
    {"nothing_found", "Nothing found"},
    {"browse_fields", "Browse by field"},
    {"updated_at", "Updated"},
    {"touch_to_start", "Touch the screen to start"},
    {"was_this_useful", "Was this useful?"},
    {"thank_you", "Thank you!"},
    {"stars", "stars"},
    {"producer", "Producer"},
    {"price_example", "Example price"},
    {"fell_back_notice", "(Vietnamese) – not yet translated"},
    {"keyboard_hide", "Hide keyboard"},
    {"keyboard_direct", "Direct"},
    {"keyboard_telex", "Telex"},
    {"keyboard_vni", "VNI"},
    {"staff", "Staff"},
    {"sync_now", "Sync now"},
    {"welcome", "Hello! Touch a tile to start."},
    {"no_content_yet", "No content yet. Commune staff will update it soon."},
};

}  // namespace

Strings::Strings() {
  add("vi", kVi);
  add("en", kEn);
}

void Strings::add(const std::string& lang, const std::map<std::string, std::string>& table) {
  auto& t = tables_[lang];
  for (const auto& [k, v] : table) t[k] = v;
}

bool Strings::has(std::string_view lang, std::string_view key) const {
  auto t = tables_.find(lang);
  return t != tables_.end() && t->second.find(key) != t->second.end();
}

const std::string& Strings::get(std::string_view lang, std::string_view key) const {
  for (std::string_view l : {lang, std::string_view("vi")}) {
    auto t = tables_.find(l);
    if (t == tables_.end()) continue;
    auto it = t->second.find(key);
    if (it != t->second.end()) return it->second;
  }
  fallback_ = std::string(key);
  return fallback_;
}

std::vector<std::string> Strings::all_text() const {
  std::vector<std::string> out;
  for (const auto& [lang, table] : tables_)
    for (const auto& [k, v] : table) out.push_back(v);
  return out;
}

std::string language_autonym(std::string_view lang) {
  if (lang == "vi") return "Tiếng Việt";
  if (lang == "en") return "English";
  if (lang == "zh-Hans" || lang == "zh") return "中文";
  if (lang == "hmn") return "Lus Hmoob";
  if (lang == "blt" || lang == "tdd") return "ꪼꪕꪒꪾ";  // Tai Dam in Tai Viet script
  if (lang == "ium") return "Iu Mienh";
  return std::string(lang);
}

}  // namespace tramtin

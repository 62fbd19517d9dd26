// Built-in UI strings (Vietnamese, English) and lookup with fallback to Vietnamese, then the key.
// Layer: tramtin_kiosk_core.
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
    {"tap_to_close", "Chạm để đóng"},
    {"nothing_found", "Không tìm thấy kết quả"},
    {"browse_fields", "Xem theo lĩnh vực"},
    {"updated_at", "Cập nhật lúc"},
    {"touch_to_start", "Chạm vào màn hình để bắt đầu"},
    {"maintenance_title", "Trạm tin đang bảo trì"},
    {"maintenance_body", "Xin lỗi bà con, máy đang được sửa. Cán bộ xã đã được báo."},
    {"maintenance_contact", "Cần giúp đỡ, xin liên hệ:"},
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
    {"procedures_count", "thủ tục"},
    {"procedures_count_one", "thủ tục"},
    {"priority", "Ưu tiên"},
    {"procedures_sub", "Giấy tờ cần mang, các bước, lệ phí"},
    {"news_sub", "Tin mới của xã và tỉnh"},
    {"notices_sub", "Những điều cần biết ngay"},
    {"products_sub", "Đặc sản địa phương đạt sao"},
    {"help_sub", "Hỗ trợ: cách chạm, cuộn, đổi cỡ chữ"},
    {"feedback_sub", "Giúp trạm tin tốt hơn"},
    {"code", "Mã thủ tục"},
    {"urgent", "Khẩn cấp"},
    {"no_notices", "Hiện không có thông báo nào."},
    {"ocop_all", "Tất cả"},
    {"ocop_1", "Thực phẩm"},
    {"ocop_2", "Đồ uống"},
    {"ocop_3", "Dược liệu"},
    {"ocop_4", "Thủ công mỹ nghệ"},
    {"ocop_5", "Sinh vật cảnh"},
    {"ocop_6", "Du lịch"},
    {"shop", "Mua hàng"},
    {"traceability", "Truy xuất nguồn gốc"},
    {"valid_until", "hiệu lực đến"},
    {"clear_all", "Xóa hết"},
    {"backspace", "Xóa"},
    {"space", "Dấu cách"},
    {"search_help", "Gõ vài chữ, có dấu hay không dấu đều được. Ví dụ: khai sinh, tam tru, mat ong."},
    {"showing_results_for", "Đang hiện kết quả cho"},
    {"nothing_found_hint", "Hãy thử gõ ít chữ hơn, hoặc chọn một lĩnh vực dưới đây."},
    {"popular_procedures", "Thủ tục nhiều người hỏi"},
    {"ask_officer", "Vẫn chưa thấy việc cần làm? Hỏi cán bộ Bộ phận Một cửa hoặc cán bộ ở điểm hỗ trợ này, họ sẽ giúp."},
    {"procedure", "Thủ tục"},
    {"notice", "Thông báo"},
    {"product", "Sản phẩm"},
    {"page", "Hướng dẫn"},
    {"score_1", "Rất tệ"},
    {"score_2", "Chưa tốt"},
    {"score_3", "Bình thường"},
    {"score_4", "Tốt"},
    {"score_5", "Rất tốt"},
    {"reason_clear", "Dễ hiểu"},
    {"reason_found", "Tìm được điều cần"},
    {"reason_unclear", "Khó hiểu"},
    {"reason_not_found", "Không tìm thấy điều cần"},
    {"reason_outdated", "Thông tin cũ"},
    {"reason_language", "Chưa có tiếng của tôi"},
    {"feedback_anonymous", "Ý kiến được ghi ẩn danh, không lưu thông tin cá nhân."},
    {"feedback_why", "Vì sao? (chọn một, không bắt buộc)"},
    {"feedback_skip", "Bỏ qua"},
    {"stop", "Dừng"},
    {"replay", "Nghe lại"},
    {"listen_in_vi", "Nghe (tiếng Việt)"},
    {"reading_in_vi", "Đang đọc bằng tiếng Việt: chưa có giọng đọc cho tiếng này"},
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
    {"tap_to_close", "Tap to close"},
    {"nothing_found", "Nothing found"},
    {"browse_fields", "Browse by field"},
    {"updated_at", "Updated"},
    {"touch_to_start", "Touch the screen to start"},
    {"maintenance_title", "This kiosk is under maintenance"},
    {"maintenance_body", "Sorry, the kiosk is being repaired. Staff have been told."},
    {"maintenance_contact", "For help, please contact:"},
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
    {"procedures_count", "procedures"},
    {"procedures_count_one", "procedure"},
    {"priority", "Most used"},
    {"procedures_sub", "Papers to bring, steps, fees"},
    {"news_sub", "News from the commune and province"},
    {"notices_sub", "What you need to know now"},
    {"products_sub", "Local OCOP-rated specialities"},
    {"help_sub", "Help: touch, scroll, text size"},
    {"feedback_sub", "Help us improve this kiosk"},
    {"code", "Code"},
    {"urgent", "Urgent"},
    {"no_notices", "There are no notices at the moment."},
    {"ocop_all", "All"},
    {"ocop_1", "Food"},
    {"ocop_2", "Drinks"},
    {"ocop_3", "Herbal"},
    {"ocop_4", "Handicrafts"},
    {"ocop_5", "Ornamental plants"},
    {"ocop_6", "Tourism"},
    {"shop", "Buy"},
    {"traceability", "Traceability"},
    {"valid_until", "valid until"},
    {"clear_all", "Clear"},
    {"backspace", "Delete"},
    {"space", "Space"},
    {"search_help", "Type a few letters, with or without accents. For example: birth, residence, honey."},
    {"showing_results_for", "Showing results for"},
    {"nothing_found_hint", "Try fewer words, or choose a field below."},
    {"popular_procedures", "Procedures people ask for most"},
    {"ask_officer", "Still not there? Ask the officer at the one-stop desk or at this support point: they will help."},
    {"procedure", "Procedure"},
    {"notice", "Notice"},
    {"product", "Product"},
    {"page", "Guide"},
    {"score_1", "Very bad"},
    {"score_2", "Bad"},
    {"score_3", "OK"},
    {"score_4", "Good"},
    {"score_5", "Very good"},
    {"reason_clear", "Easy to understand"},
    {"reason_found", "Found what I needed"},
    {"reason_unclear", "Hard to understand"},
    {"reason_not_found", "Did not find what I needed"},
    {"reason_outdated", "Out of date"},
    {"reason_language", "Not in my language"},
    {"feedback_anonymous", "Answers are anonymous; nothing personal is kept."},
    {"feedback_why", "Why? (choose one, optional)"},
    {"feedback_skip", "Skip"},
    {"stop", "Stop"},
    {"replay", "Replay"},
    {"listen_in_vi", "Listen (in Vietnamese)"},
    {"reading_in_vi", "Reading in Vietnamese: there is no voice for this language yet"},
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

const std::string* Strings::find(std::string_view lang, std::string_view key) const {
  for (std::string_view l : {lang, std::string_view("vi")}) {
    auto t = tables_.find(l);
    if (t == tables_.end()) continue;
    auto it = t->second.find(key);
    if (it != t->second.end()) return &it->second;
  }
  return nullptr;
}

std::string Strings::get(std::string_view lang, std::string_view key) const {
  const std::string* s = find(lang, key);
  return s ? *s : std::string(key);
}

std::vector<std::string> Strings::all_text() const {
  std::vector<std::string> out;
  for (const auto& [lang, table] : tables_)
    for (const auto& [k, v] : table) out.push_back(v);
  return out;
}

std::vector<std::string> Strings::texts_of(std::string_view lang) const {
  std::vector<std::string> out;
  auto t = tables_.find(lang);
  if (t != tables_.end())
    for (const auto& [k, v] : t->second) out.push_back(v);
  return out;
}

std::vector<std::string> Strings::keys_of(std::string_view lang) const {
  std::vector<std::string> out;
  auto t = tables_.find(lang);
  if (t != tables_.end())
    for (const auto& [k, v] : t->second) out.push_back(k);
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

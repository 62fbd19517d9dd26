// A small, valid authoring source tree (content/FORMAT.md) with one item of every kind, written
// into a folder by the reader and publish-cli tests, which then break one file at a time.
#pragma once

#include <filesystem>
#include <string>

#include "tests/support/test_support.h"

namespace tramtin::test {

// A real 1x1 PNG (69 bytes) and its sha256, computed outside this code base.
inline const std::string kTinyPng(
    "\x89\x50\x4e\x47\x0d\x0a\x1a\x0a\x00\x00\x00\x0d\x49\x48\x44\x52\x00\x00\x00\x01\x00\x00\x00\x01"
    "\x08\x02\x00\x00\x00\x90\x77\x53\xde\x00\x00\x00\x0c\x49\x44\x41\x54\x78\x9c\x63\x38\x21\xa0\x07"
    "\x00\x02\xaa\x01\x07\x82\x25\x9a\xee\x00\x00\x00\x00\x49\x45\x4e\x44\xae\x42\x60\x82",
    69);
inline const std::string kTinyPngSha256 = "b04fdcde8493c7e8eeba80ae850a9d5eec89d05c28049c0e85e47117dbc6bc0a";

inline const std::string kProcedureToml =
    "kind = \"procedure\"\n"                                        // 1
    "version = 3\n"                                                 // 2
    "priority = 10\n"                                               // 3
    "featured = true\n"                                             // 4
    "tags = [\"khai sinh\", \"trẻ em\"]\n"                          // 5
    "targets = [\"commune\"]\n"                                     // 6
    "\n"                                                            // 7
    "[procedure]\n"                                                 // 8
    "code = \"1.001193\"\n"                                         // 9
    "decision = \"1234/QĐ-BTP\"\n"                                  // 10
    "levels = [\"xa\"]\n"                                           // 11
    "field = \"ho-tich\"\n"                                         // 12
    "online_url = \"https://dichvucong.gov.vn/p/home/dvc-chi-tiet-thu-tuc-hanh-chinh.html?ma_thu_tuc=1.001193\"\n"  // 13
    "channels = [\"in_person\", \"online\"]\n";                     // 14

inline const std::string kProcedureVi =
    "+++\n"                                                                             // 1
    "title = \"Đăng ký khai sinh\"\n"                                                   // 2
    "summary = \"Đăng ký cho trẻ mới sinh tại Ủy ban nhân dân xã nơi cư trú của cha hoặc mẹ.\"\n"  // 3
    "field_name = \"Hộ tịch\"\n"                                                        // 4
    "who = \"Cha, mẹ, ông, bà hoặc người thân thích của trẻ\"\n"                        // 5
    "agency = \"Ủy ban nhân dân xã\"\n"                                                 // 6
    "address = \"Bộ phận Một cửa, UBND xã\"\n"                                          // 7
    "result = \"Giấy khai sinh (bản chính)\"\n"                                         // 8
    "steps = [\n"                                                                       // 9
    "  \"Nộp tờ khai tại Bộ phận Một cửa hoặc trên Cổng Dịch vụ công.\",\n"            // 10
    "  \"Công chức tư pháp - hộ tịch kiểm tra hồ sơ.\",\n"                              // 11
    "]\n"                                                                               // 12
    "\n"                                                                                // 13
    "[[channels]]\n"                                                                    // 14
    "kind = \"in_person\"\n"                                                            // 15
    "time_limit = \"Trong ngày; nộp sau 15 giờ thì trả kết quả ngày làm việc tiếp theo\"\n"  // 16
    "fee = \"Miễn lệ phí khi đăng ký đúng hạn\"\n"                                      // 17
    "\n"                                                                                // 18
    "[[channels]]\n"                                                                    // 19
    "kind = \"online\"\n"                                                               // 20
    "time_limit = \"Trong ngày\"\n"                                                     // 21
    "fee = \"Miễn lệ phí\"\n"                                                           // 22
    "\n"                                                                                // 23
    "[[cases]]\n"                                                                       // 24
    "title = \"Trường hợp thông thường\"\n"                                             // 25
    "  [[cases.documents]]\n"                                                           // 26
    "  name = \"Tờ khai đăng ký khai sinh\"\n"                                          // 27
    "  copies = \"01 bản chính\"\n"                                                     // 28
    "  form_url = \"\"\n"                                                               // 29
    "\n"                                                                                // 30
    "[[legal]]\n"                                                                       // 31
    "number = \"60/2014/QH13\"\n"                                                       // 32
    "title = \"Luật Hộ tịch\"\n"                                                        // 33
    "date = 2014-11-20\n"                                                               // 34
    "issuer = \"Quốc hội\"\n"                                                           // 35
    "+++\n"                                                                             // 36
    "\n"                                                                                // 37
    "Trẻ em cần được **đăng ký khai sinh** trong 60 ngày kể từ ngày sinh.\n"            // 38
    "\n"                                                                                // 39
    "Xem thêm tại [Cổng Dịch vụ công](https://dichvucong.gov.vn).\n";                  // 40

inline const std::string kProcedureEn =
    "+++\n"
    "title = \"Birth registration\"\n"
    "summary = \"Register a newborn at the commune People's Committee.\"\n"
    "[[channels]]\n"
    "kind = \"online\"\n"
    "time_limit = \"Same day\"\n"
    "fee = \"Free\"\n"
    "+++\n"
    "Register within 60 days of birth.\n";

inline const std::string kNewsToml =
    "kind = \"news\"\n"
    "publish_at = 2026-11-02T08:30:00+07:00\n"
    "featured = true\n"
    "tags = [\"chuyển đổi số\"]\n";

inline const std::string kNewsVi =
    "+++\n"
    "title = \"Tổ công nghệ số cộng đồng về bản Sì Thâu Chải\"\n"
    "summary = \"Tổ công nghệ số hướng dẫn bà con cài ứng dụng VNeID.\"\n"
    "+++\n"
    "# Hướng dẫn tại nhà văn hóa\n"
    "\n"
    "- Mang theo **căn cước**\n"
    "- Mang điện thoại\n";

inline const std::string kNoticeToml =
    "kind = \"notice\"\n"
    "urgent = true\n"
    "publish_at = 2026-09-10\n"
    "expire_at = 2026-09-13T18:00:00+07:00\n"
    "priority = 100\n";

inline const std::string kNoticeVi =
    "+++\n"
    "title = \"Cảnh báo lũ quét tại xã Mường Tè\"\n"
    "summary = \"Không qua suối khi nước dâng.\"\n"
    "+++\n"
    "> Không qua ngầm, tràn khi nước chảy xiết.\n";

inline const std::string kProductToml =
    "kind = \"product\"\n"
    "featured = true\n"
    "\n"
    "[product]\n"
    "ocop_group = 2\n"
    "stars = 4\n"
    "certificate = \"QĐ 2345/QĐ-UBND\"\n"
    "certificate_expiry = 2027-06-30\n"
    "producer = \"HTX Chè Tam Đường\"\n"
    "producer_commune = \"xã Bình Lư, Lai Châu\"\n"
    "price = 150000\n"
    "price_is_example = true\n"
    "shop_url = \"https://example.vn/che-shan-tuyet\"\n"
    "\n"
    "[[media]]\n"
    "file = \"photo.png\"\n"
    "role = \"photo\"\n"
    "caption = \"Hộp chè 200 g\"\n";

inline const std::string kProductVi =
    "+++\n"
    "title = \"Chè Shan tuyết Tam Đường\"\n"
    "summary = \"Chè búp từ cây cổ thụ trên núi cao.\"\n"
    "[product]\n"
    "unit = \"hộp 200 g\"\n"
    "shelf_life = \"12 tháng\"\n"
    "+++\n"
    "Câu chuyện sản phẩm: chè được hái *bằng tay*.\n";

inline const std::string kPageToml = "kind = \"page\"\n";
inline const std::string kPageVi =
    "+++\n"
    "title = \"Cách dùng trạm tin\"\n"
    "+++\n"
    "1. Chạm vào màn hình.\n"
    "2. Chọn mục cần xem.\n";

inline const std::string kStringsToml = "kind = \"strings\"\n";
inline const std::string kStringsVi =
    "+++\n"
    "title = \"Chuỗi giao diện\"\n"
    "[strings]\n"
    "home = \"Trang chủ\"\n"
    "search = \"Tìm kiếm\"\n"
    "+++\n";

// Paths of the good tree, relative to its root.
inline const std::string kProcedureDir = "procedures/ho-tich/dang-ky-khai-sinh";
inline const std::string kNewsDir = "news/to-cong-nghe-so";
inline const std::string kNoticeDir = "notices/canh-bao-lu-quet";
inline const std::string kProductDir = "products/che-shan-tuyet";
inline const std::string kPageDir = "pages/huong-dan";
inline const std::string kStringsDir = "strings/giao-dien";

inline void write_good_tree(const std::filesystem::path& root) {
  write_file(root / kProcedureDir / "item.toml", kProcedureToml);
  write_file(root / kProcedureDir / "vi.md", kProcedureVi);
  write_file(root / kProcedureDir / "en.md", kProcedureEn);
  write_file(root / kNewsDir / "item.toml", kNewsToml);
  write_file(root / kNewsDir / "vi.md", kNewsVi);
  write_file(root / kNoticeDir / "item.toml", kNoticeToml);
  write_file(root / kNoticeDir / "vi.md", kNoticeVi);
  write_file(root / kProductDir / "item.toml", kProductToml);
  write_file(root / kProductDir / "vi.md", kProductVi);
  write_file(root / kProductDir / "photo.png", kTinyPng);
  write_file(root / kPageDir / "item.toml", kPageToml);
  write_file(root / kPageDir / "vi.md", kPageVi);
  write_file(root / kStringsDir / "item.toml", kStringsToml);
  write_file(root / kStringsDir / "vi.md", kStringsVi);
}

}  // namespace tramtin::test

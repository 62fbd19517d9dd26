// The all-screens layout test: the real kiosk, headless, draws every screen at every size and
// orientation (1920x1080, 1366x768, portrait 1080x1920), contrast and text size (A- A A+ A++), and
// its layout check (kiosk/ui/layout_check.h) reports any text wider than its box, cut, on top of
// another, or off the screen, and rows half cut at the bottom of a list without the "more" fade
// over them. The content is the sample pack plus what the project had not seen: a list nested 50
// deep, a long word, a producer with a very long name, a list of 24 procedures.
#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>
#include <future>
#include <sstream>
#include <string>
#include <vector>

#include "tests/support/test_support.h"

using tramtin::test::run;
using tramtin::test::TempDir;
using tramtin::test::write_file;

namespace {

namespace fs = std::filesystem;

// The sample pack, with the traps added.
void make_content(const fs::path& src) {
  fs::copy(std::string(TRAMTIN_SOURCE_DIR) + "/content/sample", src, fs::copy_options::recursive);
  const fs::path proc = src / "procedures" / "ho-tich" / "bay-thu-long-nhau";
  write_file(proc / "item.toml",
             "kind = \"procedure\"\n[procedure]\ncode = \"9.000001\"\nlevels = [\"xa\"]\nfield = \"ho-tich\"\n"
             "channels = [\"in_person\"]\n");
  std::string body = "Các trường hợp:\n\n";
  for (int level = 0; level < 50; ++level)
    body += std::string(std::size_t(level) * 2, ' ') + "- Trường hợp cấp " + std::to_string(level + 1) + "\n";
  body += "\nXem thêm: https://dichvucong.gov.vn/p/home/dvc-chi-tiet-thu-tuc-hanh-chinh.html?ma_thu_tuc=1.001193\n";
  write_file(proc / "vi.md",
             "+++\ntitle = \"Xác nhận thông tin hộ tịch cho người có nhiều giấy tờ khác nhau về họ, chữ đệm, tên, "
             "ngày, tháng, năm sinh\"\nsummary = \"Một thủ tục để thử bố cục.\"\nfield_name = \"Hộ tịch\"\n"
             "agency = \"Ủy ban nhân dân xã\"\nresult = \"Giấy xác nhận\"\nsteps = [\"Nộp hồ sơ.\"]\n\n[[channels]]\nkind = \"in_person\"\n"
             "time_limit = \"Trong ngày\"\nfee = \"Miễn lệ phí\"\n\n[[cases]]\ntitle = \"\"\n  [[cases.documents]]\n"
             "  name = \"Tờ khai\"\n  copies = \"01 bản chính\"\n+++\n\n" + body);
  for (int i = 0; i < 9; ++i) {  // a field of 24 procedures: a list longer than any screen
    const fs::path p = src / "procedures" / "ho-tich" / ("bay-thu-" + std::to_string(i));
    write_file(p / "item.toml", "kind = \"procedure\"\n[procedure]\ncode = \"9.00010" + std::to_string(i) +
                                    "\"\nlevels = [\"xa\"]\nfield = \"ho-tich\"\nchannels = [\"in_person\"]\n");
    write_file(p / "vi.md", "+++\ntitle = \"Thủ tục thử số " + std::to_string(i) +
                                "\"\nsummary = \"Một dòng để thử danh sách dài.\"\nfield_name = \"Hộ tịch\"\n"
                                "agency = \"Ủy ban nhân dân xã\"\nresult = \"Giấy xác nhận\"\nsteps = [\"Nộp hồ sơ.\"]\n\n"
                                "[[channels]]\nkind = \"in_person\"\ntime_limit = \"Trong ngày\"\nfee = \"Miễn lệ phí\"\n\n"
                                "[[cases]]\ntitle = \"\"\n  [[cases.documents]]\n  name = \"Tờ khai\"\n  copies = \"01 bản chính\"\n"
                                "+++\n\nNội dung.\n");
  }
  // A producer whose name is longer than a card.
  const fs::path toml = src / "products" / "mac-ca-lai-chau" / "item.toml";
  std::string t = tramtin::test::read_file(toml);
  const std::string from = "producer = \"Đang cập nhật tên chủ thể\"";
  REQUIRE(t.find(from) != std::string::npos);
  t.replace(t.find(from), from.size(),
            "producer = \"Hợp tác xã Nông nghiệp và Dịch vụ Tổng hợp Mắc ca Vùng cao Tam Đường Lai Châu\"");
  write_file(toml, t);
}

// Every screen, in every contrast and text size, at the window size the kiosk was started with.
std::string make_scenario() {
  std::ostringstream s;
  s << "clock 2026-11-22T09:00\n";
  // The staff figures are behind the PIN (2468): the hidden corner, then the keypad.
  s << "hold 20 20 5s\ntap staff-key-2\ntap staff-key-4\ntap staff-key-6\ntap staff-key-8\ntap staff-ok\n"
       "expect field staff_unlocked true\nhome\n";
  for (const char* size : {"A-", "A", "A+", "A++"}) {
    for (const char* contrast : {"normal", "high"}) {
      const std::string at = std::string(size) + " " + contrast + " ";
      s << "set text-size " << size << "\nset contrast " << contrast << "\nhome\n";
      s << "layout " << at << "home\n";
      s << "open procedures\nlayout " << at << "procedures\n";
      s << "open procedure_list ho-tich\nlayout " << at << "procedure list\n";
      s << "open procedure dang-ky-khai-sinh\nlayout " << at << "procedure\n";
      s << "set qr https://dichvucong.gov.vn/p/home/dvc-chi-tiet-thu-tuc-hanh-chinh.html?ma_thu_tuc=1.001193\n"
        << "layout " << at << "QR zoom\nset qr\n";
      s << "open procedure bay-thu-long-nhau\nlayout " << at << "procedure (traps)\n";
      s << "home\nopen news\nlayout " << at << "news\n";
      s << "open article tin-dich-vu-cong-truc-tuyen\nlayout " << at << "news item\n";
      s << "home\nopen notices\nlayout " << at << "notices\n";
      s << "open article tb-canh-bao-lu-quet-sat-lo\nlayout " << at << "notice\n";
      s << "home\nopen products\nlayout " << at << "products\n";
      s << "open product mac-ca-lai-chau\nlayout " << at << "product\n";
      s << "home\nopen help huong-dan-su-dung\nlayout " << at << "help\n";
      s << "home\nopen search\nset keyboard on\nset search dang ky\nlayout " << at << "search, keyboard up\n";
      s << "set keyboard off\nlayout " << at << "search results\n";
      s << "set search xqzv\nlayout " << at << "nothing found\nset search \n";
      s << "home\nopen feedback\nlayout " << at << "feedback\n";
      s << "tap face-4\nlayout " << at << "feedback reasons\n";
      s << "home\nopen language\nlayout " << at << "language\n";
      s << "home\nopen staff\nlayout " << at << "staff\n";
      s << "home\nopen attract\nlayout " << at << "slideshow\nhome\n";
    }
  }
  return s.str();
}

struct SizeRun {
  std::string size;
  tramtin::test::RunResult result;
};

}  // namespace

TEST_CASE("layout: every screen at every size, orientation, contrast and text size") {
  TempDir dir;
  make_content(dir.path() / "sample");
  write_file(dir.path() / "layout.scn", make_scenario());
  const std::vector<std::string> sizes = {"1920x1080", "1366x768", "1080x1920"};
  std::vector<std::future<SizeRun>> runs;
  for (const std::string& size : sizes) {
    // One kiosk per size (own data folder: each builds its cache from the pack), side by side.
    write_file(dir.path() / (size + ".toml"),
               "[kiosk]\nid = \"layout\"\ncommune = \"Xã Bình Lư\"\n"
               "[languages]\noffered = [\"vi\", \"en\", \"zh-Hans\", \"hmn\", \"blt\"]\n"
               "[content]\ndata_dir = \"" + dir.str("data-" + size) + "\"\n"
               "sample_source = \"" + dir.str("sample") + "\"\n"
               "[ui]\nidle_timeout_seconds = 900\nattract_after_seconds = 1800\n"
               "[staff]\npin_hash = \"$argon2id$v=19$m=65536,t=2,p=1$qjjDKoj0MKgEY8N9s+mdGw$yd7f2jkHayjY9Mx258fbQ7nVAyHyCLSFe2/U8KNyjYM\"\n");
    runs.push_back(std::async(std::launch::async, [&dir, size] {
      return SizeRun{size, run("env -u DISPLAY TRAMTIN_SCENARIO_NO_RASTER=1 " + std::string(TRAMTIN_KIOSK_EXE) +
                               " --config " + dir.str(size + ".toml") + " --size " + size + " --scenario " +
                               dir.str("layout.scn"))};
    }));
  }
  int findings = 0;
  for (auto& f : runs) {
    const SizeRun r = f.get();
    std::istringstream lines(r.result.err);
    std::string report;
    for (std::string line; std::getline(lines, line);)
      if (line.rfind("layout: ", 0) == 0) {
        report += r.size + " " + line.substr(8) + "\n";
        ++findings;
      }
    if (!report.empty()) MESSAGE(report);
    const bool ran = r.result.out.find("scenario ok") != std::string::npos || !report.empty();
    CHECK_MESSAGE(ran, r.size << ": the replay did not get through: " << r.result.err);
  }
  CHECK_MESSAGE(findings == 0, findings << " layout finding(s), listed above");
}

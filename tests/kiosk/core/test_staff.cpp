// Tests for the staff screen and everything behind it: the PIN (real libsodium), the lock and its
// lockout on a fake clock, the corner-hold gesture, the `pin-hash` command of the staff tool, the
// figures (real files, a real SQLite database, a real nginx for the network test) and the screen
// itself drawn headless with Dear ImGui.
#include <doctest/doctest.h>

#include <imgui.h>

#include <chrono>
#include <condition_variable>
#include <filesystem>
#include <mutex>
#include <string>
#include <vector>

#include "content/base/format.h"
#include "content/store/cache.h"
#include "content/settings/config.h"
#include "content/settings/pin.h"
#include "content/base/text.h"
#include "kiosk/core/i18n.h"
#include "kiosk/core/session.h"
#include "kiosk/core/staff_lock.h"
#include "kiosk/ui/fonts.h"
#include "kiosk/ui/screens/screen_staff.h"
#include "kiosk/core/staff_info.h"
#include "tests/support/sync_fixtures.h"
#include "tests/support/test_support.h"

using namespace tramtin;

namespace {

// A verifier that knows one PIN and counts how often it was asked (the real one is slow).
struct FakeVerifier {
  std::string good = "2468";
  int calls = 0;
  StaffLock::Verifier fn() {
    return [this](std::string_view hash, std::string_view pin) {
      ++calls;
      return hash == "fake-hash" && pin == good;
    };
  }
};

std::string trim_nl(std::string s) {
  while (!s.empty() && (s.back() == '\n' || s.back() == '\r')) s.pop_back();
  return s;
}

}  // namespace

// ================================================================ PIN and hash

TEST_CASE("staff: PIN rules are 4 to 8 ASCII digits") {
  for (const char* ok : {"0000", "2468", "12345678", "9081726"}) {
    CAPTURE(ok);
    CHECK(is_valid_pin(ok));
    CHECK(pin_rule_problem(ok).empty());
  }
  // Too short, too long, letters, a space, a sign, full-width digits (what a Vietnamese IME may type).
  for (const char* bad : {"", "123", "123456789", "12a4", "12 34", "-1234", "\xef\xbc\x91\xef\xbc\x92\xef\xbc\x93\xef\xbc\x94"}) {
    CAPTURE(bad);
    CHECK_FALSE(is_valid_pin(bad));
    CHECK_FALSE(pin_rule_problem(bad).empty());
    CHECK_FALSE(hash_pin(bad).ok());
  }
  CHECK(pin_rule_problem("123").find("got 3 digits") != std::string::npos);
}

TEST_CASE("staff: a PIN hashes with libsodium and verifies · a wrong PIN or a broken hash does not") {
  Result<std::string> h = hash_pin("2468");
  REQUIRE_MESSAGE(h.ok(), h.error());
  CHECK(h->rfind("$argon2id$", 0) == 0);
  CHECK(verify_pin(*h, "2468"));
  CHECK_FALSE(verify_pin(*h, "2469"));
  CHECK_FALSE(verify_pin(*h, "24680"));
  CHECK_FALSE(verify_pin(*h, ""));
  // A fresh salt each time: the same PIN never gives the same string.
  Result<std::string> h2 = hash_pin("2468");
  REQUIRE(h2.ok());
  CHECK(*h != *h2);
  CHECK(verify_pin(*h2, "2468"));

  CHECK(check_pin_hash(*h).ok());
  CHECK(check_pin_hash("").ok());  // empty: staff screen disabled on purpose
  CHECK_FALSE(check_pin_hash("2468").ok());
  const std::string cut = h->substr(0, h->size() - 20);  // pasted half
  CHECK_FALSE(check_pin_hash(cut).ok());
  CHECK_FALSE(verify_pin(cut, "2468"));
  CHECK_FALSE(verify_pin("not a hash", "2468"));
  CHECK_FALSE(verify_pin(std::string(500, 'x'), "2468"));
}

// ================================================================ The lock

TEST_CASE("staff: three wrong PINs lock for 60 s from the third · then three more tries") {
  FakeVerifier v;
  StaffLock lock("fake-hash", v.fn());
  std::int64_t now = 1'700'000'000;
  CHECK_FALSE(lock.disabled());
  CHECK(lock.tries_left(now) == 3);

  CHECK(lock.submit("1111", now) == PinCheck::wrong);
  CHECK(lock.tries_left(now) == 2);
  CHECK(staff_lock_message(lock.state(now)) == "Sai mã PIN. Còn 2 lần thử.");
  now += 5;
  CHECK(lock.submit("2222", now) == PinCheck::wrong);
  CHECK(lock.tries_left(now) == 1);
  now += 5;
  CHECK_FALSE(lock.locked_out(now));
  CHECK(lock.submit("3333", now) == PinCheck::wrong);  // the third: lockout starts now
  const std::int64_t third = now;
  CHECK(lock.locked_out(now));
  CHECK(lock.seconds_left(now) == 60);
  CHECK(lock.tries_left(now) == 0);
  StaffLockState st = lock.state(now);
  CHECK(st.locked_out);
  CHECK(st.locked_until == third + 60);
  CHECK(staff_lock_message(st) == "Đã nhập sai mã PIN nhiều lần. Thử lại sau 60 giây.");

  // During the lockout even the right PIN is refused, and the slow check is not even run.
  const int calls = v.calls;
  now = third + 59;
  CHECK(lock.submit("2468", now) == PinCheck::locked_out);
  CHECK(v.calls == calls);
  CHECK(lock.seconds_left(now) == 1);
  CHECK(staff_lock_message(lock.state(now)) == "Đã nhập sai mã PIN nhiều lần. Thử lại sau 1 giây.");
  // Submitting during a lockout does not stretch it.
  CHECK(lock.state(now).locked_until == third + 60);

  // At 60 s it is over: three fresh tries, then locked again.
  now = third + 60;
  CHECK_FALSE(lock.locked_out(now));
  CHECK(lock.tries_left(now) == 3);
  CHECK(staff_lock_message(lock.state(now)) == "Nhập mã PIN quản trị rồi bấm OK.");
  CHECK(lock.submit("0000", now) == PinCheck::wrong);
  CHECK(lock.tries_left(now) == 2);
  CHECK(lock.submit("0001", now + 1) == PinCheck::wrong);
  CHECK(lock.submit("0002", now + 2) == PinCheck::wrong);
  CHECK(lock.locked_out(now + 2));
  CHECK(lock.seconds_left(now + 2) == 60);
}

TEST_CASE("staff: the right PIN unlocks · also after a lockout · and resets the count") {
  FakeVerifier v;
  StaffLock lock("fake-hash", v.fn());
  std::int64_t now = 1000;
  CHECK(lock.submit("1111", now) == PinCheck::wrong);
  CHECK(lock.submit("2222", now) == PinCheck::wrong);
  CHECK(lock.submit("2468", now) == PinCheck::accepted);
  CHECK(lock.tries_left(now) == 3);  // a success forgets earlier mistakes
  CHECK(lock.last() == PinCheck::accepted);

  for (int i = 0; i < 3; ++i) lock.submit("9999", now);
  REQUIRE(lock.locked_out(now));
  CHECK(lock.submit("2468", now + 30) == PinCheck::locked_out);
  CHECK(lock.submit("2468", now + 60) == PinCheck::accepted);
  CHECK_FALSE(lock.locked_out(now + 60));

  // clear_message() forgets the words, not the failures: an idle reset gives no fresh tries.
  lock.submit("1111", now + 100);
  lock.submit("1112", now + 100);
  lock.clear_message();
  CHECK(lock.last() == PinCheck::none);
  CHECK(lock.tries_left(now + 100) == 1);
}

TEST_CASE("staff: a PIN of the wrong shape costs no try and is not checked") {
  FakeVerifier v;
  StaffLock lock("fake-hash", v.fn());
  for (const char* bad : {"", "12", "123", "123456789"}) {
    CAPTURE(bad);
    CHECK(lock.submit(bad, 0) == PinCheck::malformed);
  }
  CHECK(v.calls == 0);
  CHECK(lock.tries_left(0) == 3);
  CHECK(staff_lock_message(lock.state(0)) == "Mã PIN gồm 4 đến 8 chữ số.");
}

TEST_CASE("staff: a clock set back does not stretch the lockout") {
  FakeVerifier v;
  StaffLock lock("fake-hash", v.fn());
  const std::int64_t t = 1'750'000'000;
  for (int i = 0; i < 3; ++i) lock.submit("1111", t);
  REQUIRE(lock.locked_out(t));
  // The kiosk got its time from the network and went back a day: still at most 60 s.
  const std::int64_t back = t - 86400;
  CHECK(lock.seconds_left(back) == 60);
  CHECK(lock.submit("2468", back + 30) == PinCheck::locked_out);
  CHECK(lock.seconds_left(back + 30) == 30);
  CHECK(lock.submit("2468", back + 60) == PinCheck::accepted);
}

TEST_CASE("staff: no pin_hash means the staff screen is disabled · and says so") {
  FakeVerifier v;
  StaffLock lock("", v.fn());
  CHECK(lock.disabled());
  for (int i = 0; i < 5; ++i) CHECK(lock.submit("2468", i) == PinCheck::disabled);
  CHECK(v.calls == 0);
  StaffLockState st = lock.state(0);
  CHECK(st.disabled);
  CHECK_FALSE(st.locked_out);
  CHECK(st.tries_left == 0);
  CHECK(staff_lock_message(st).find("đang tắt") != std::string::npos);
  CHECK(staff_lock_message(st).find("pin_hash") != std::string::npos);

  // The kiosk's own lock: empty, broken and real hashes from the config.
  Config cfg;
  cfg.staff_pin_hash = "";
  CHECK(make_staff_lock(cfg).disabled());
  cfg.staff_pin_hash = "$argon2id$v=19$m=65536,t=2,p=1$cut-when-pasted";
  StaffLock broken = make_staff_lock(cfg);
  CHECK(broken.disabled());
  CHECK(staff_lock_message(broken.state(0)).find("không hợp lệ") != std::string::npos);
  Result<std::string> h = hash_pin("13579");
  REQUIRE(h.ok());
  cfg.staff_pin_hash = *h;
  StaffLock real = make_staff_lock(cfg);
  CHECK_FALSE(real.disabled());
  CHECK(real.submit("97531", 10) == PinCheck::wrong);
  CHECK(real.submit("13579", 11) == PinCheck::accepted);
}

TEST_CASE("staff: an aged lock snapshot counts down and ends by itself") {
  FakeVerifier v;
  StaffLock lock("fake-hash", v.fn());
  for (int i = 0; i < 3; ++i) lock.submit("1111", 500);
  const StaffLockState snap = lock.state(500);
  CHECK(lock_state_at(snap, 520).seconds_left == 40);
  CHECK(lock_state_at(snap, 520).locked_out);
  const StaffLockState over = lock_state_at(snap, 560);
  CHECK_FALSE(over.locked_out);
  CHECK(over.tries_left == 3);
  CHECK(staff_lock_message(over) == "Nhập mã PIN quản trị rồi bấm OK.");  // a fresh prompt
}

TEST_CASE("staff: the keypad edits the PIN: digits up to 8 · back · clear") {
  std::string pin;
  for (const char* k : {"1", "2", "x", "", "34", "3", "٣"}) PinKeypad::press(pin, k);
  CHECK(pin == "123");
  PinKeypad::press(pin, PinKeypad::back_key);
  CHECK(pin == "12");
  for (int i = 0; i < 10; ++i) PinKeypad::press(pin, "9");
  CHECK(pin == "12999999");  // 8 at most
  CHECK(pin.size() == PinKeypad::max_digits);
  PinKeypad::press(pin, PinKeypad::clear_key);
  CHECK(pin.empty());
  PinKeypad::press(pin, PinKeypad::back_key);  // on empty: nothing
  CHECK(pin.empty());
}

TEST_CASE("staff: one set of keypad rules · the session's staff_digit · OK's readiness and the lock agree") {
  // Whatever the keypad can type, the session holds exactly what PinKeypad::press makes of it.
  Session s;
  std::string expected;
  for (const char* k : {"4", "back", "2", "x", "0", "clear", "1", "3", "5", "7", "9", "1", "3", "5", "7", "back", "8"}) {
    apply_intent(s, make_intent(Intent::Type::staff_digit, k));
    PinKeypad::press(expected, k);
    CAPTURE(k);
    CHECK(s.staff_pin == expected);
  }
  CHECK(s.staff_pin.size() == PinKeypad::max_digits);

  // OK is ready exactly when the lock would check the PIN; anything else costs no try.
  int checks = 0;
  StaffLock lock("hash", [&](std::string_view, std::string_view) {
    ++checks;
    return false;
  });
  std::string pin;
  for (std::size_t n = 0; n <= PinKeypad::max_digits; ++n) {
    CAPTURE(pin);
    const int before = checks;
    const PinCheck answer = lock.submit(pin, 0);
    CHECK(PinKeypad::can_submit(pin) == (n >= PinKeypad::min_digits));
    CHECK((answer != PinCheck::malformed) == PinKeypad::can_submit(pin));
    CHECK((checks > before) == PinKeypad::can_submit(pin));
    lock = StaffLock("hash", [&](std::string_view, std::string_view) {  // fresh tries for the next length
      ++checks;
      return false;
    });
    PinKeypad::press(pin, "7");
  }
  // The refusal says the same numbers as the rules.
  StaffLockState st;
  st.last = PinCheck::malformed;
  CHECK(staff_lock_message(st) == "Mã PIN gồm 4 đến 8 chữ số.");
}

// ================================================================ Corner hold

TEST_CASE("staff: holding the top-left corner still for 5 s fires once") {
  CornerHold h;  // 120 px corner, 20 px slack, 5 s
  CHECK(h.ms_until_trigger(0) == -1);
  CHECK_FALSE(h.update(50, 40, true, 10'000));
  CHECK(h.armed());
  CHECK(h.ms_until_trigger(10'000) == 5000);
  CHECK(h.ms_until_trigger(12'500) == 2500);
  CHECK_FALSE(h.update(58, 45, true, 12'000));  // a finger wobbles a little
  CHECK_FALSE(h.tick(14'999));
  CHECK(h.tick(15'000));  // the loop woke at ms_until_trigger: fires
  CHECK_FALSE(h.armed());
  CHECK(h.ms_until_trigger(15'000) == -1);
  // Still held: it does not fire again.
  CHECK_FALSE(h.tick(20'000));
  CHECK_FALSE(h.update(58, 45, true, 21'000));
  // Release and hold again: fires again, this time through a pointer sample.
  CHECK_FALSE(h.update(58, 45, false, 22'000));
  CHECK_FALSE(h.update(10, 10, true, 23'000));
  CHECK_FALSE(h.update(11, 11, true, 27'999));
  CHECK(h.update(11, 11, true, 28'000));
  CHECK_FALSE(h.update(11, 11, true, 28'001));
}

TEST_CASE("staff: corner hold is cancelled by release or a move · and needs a press inside the corner") {
  CornerHold h;
  h.set_corner_px(120);
  SUBCASE("released early") {
    h.update(30, 30, true, 0);
    CHECK_FALSE(h.update(30, 30, false, 4000));
    CHECK_FALSE(h.armed());
    CHECK_FALSE(h.tick(6000));
  }
  SUBCASE("moved 20 px or more: a drag") {
    h.update(30, 30, true, 0);
    CHECK_FALSE(h.update(30, 50, true, 1000));
    CHECK_FALSE(h.armed());
    CHECK_FALSE(h.update(30, 30, true, 6000));  // coming back does not re-arm: needs a new press
    CHECK_FALSE(h.tick(7000));
  }
  SUBCASE("pressed outside the corner") {
    CHECK_FALSE(h.update(300, 30, true, 0));
    CHECK_FALSE(h.armed());
    CHECK_FALSE(h.tick(9000));
    CHECK_FALSE(h.update(121, 5, false, 9000));
    CHECK_FALSE(h.update(121, 5, true, 9001));  // just outside the 120 px square
    CHECK_FALSE(h.armed());
  }
  SUBCASE("slid into the corner while pressed") {
    h.update(400, 400, true, 0);
    h.update(30, 30, true, 100);
    CHECK_FALSE(h.armed());
    CHECK_FALSE(h.tick(10'000));
  }
  SUBCASE("the corner scales with the display") {
    h.set_corner_px(60);
    h.update(90, 10, true, 0);
    CHECK_FALSE(h.armed());
  }
  SUBCASE("a hover without a press never arms") {
    CHECK_FALSE(h.update(10, 10, false, 0));
    CHECK_FALSE(h.tick(10'000));
  }
}

// ================================================================ tramtin-publish pin-hash

TEST_CASE("staff: tramtin-publish pin-hash refuses a bad PIN (exit 1) and prints a hash that verifies") {
  const std::string exe = TRAMTIN_PUBLISH_EXE;
  // Exit 1: the input is wrong (as for every subcommand); exit 2 is kept for usage errors.
  for (const char* bad : {"123", "12a45", "123456789"}) {
    CAPTURE(bad);
    test::RunResult r = test::run("printf '%s\\n' '" + std::string(bad) + "' | '" + exe + "' pin-hash");
    CHECK(r.status == 1);
    CHECK(r.out.empty());
    CHECK(r.err.find("4 to 8 digits") != std::string::npos);
  }
  test::RunResult none = test::run("'" + exe + "' pin-hash < /dev/null");
  CHECK(none.status == 1);
  CHECK(none.err.find("no PIN") != std::string::npos);
  CHECK(test::run("'" + exe + "' pin-hash --pin").status == 2);
  CHECK(test::run("'" + exe + "' pin-hash extra").status == 2);

  test::RunResult good = test::run("printf '%s\\r\\n' 80246 | '" + exe + "' pin-hash");
  REQUIRE_MESSAGE(good.status == 0, good.err);
  const std::string hash = trim_nl(good.out);
  CHECK(good.out.find('\n') == good.out.size() - 1);  // exactly one line on stdout
  CHECK(check_pin_hash(hash).ok());
  CHECK(verify_pin(hash, "80246"));
  CHECK_FALSE(verify_pin(hash, "80247"));
  CHECK(good.err.find("pin_hash = \"" + hash + "\"") != std::string::npos);

  test::RunResult opt = test::run("'" + exe + "' pin-hash --pin 11223344");
  REQUIRE(opt.status == 0);
  CHECK(verify_pin(trim_nl(opt.out), "11223344"));

  // The hash is accepted by the kiosk's own config reader and unlocks its staff lock.
  ConfigResult cr = parse_config("[staff]\npin_hash = \"" + hash + "\"\n", "test.toml");
  REQUIRE_MESSAGE(cr.config.has_value(), cr.error);
  StaffLock lock = make_staff_lock(*cr.config);
  CHECK(lock.submit("80246", 0) == PinCheck::accepted);

  test::RunResult help = test::run("'" + exe + "' --help");
  CHECK(help.out.find("pin-hash") != std::string::npos);
}

// ================================================================ Figures and words

TEST_CASE("staff: figures come from the real disk · database file and process") {
  test::TempDir dir;
  const std::string db = dir.str("content.db");
  {
    auto c = Cache::open(db, Cache::Mode::writer);
    REQUIRE_MESSAGE(c.ok(), c.error());
  }
  const std::uint64_t want = std::filesystem::file_size(db) +
                             (std::filesystem::exists(db + "-wal") ? std::filesystem::file_size(db + "-wal") : 0);
  CHECK(want > 0);
  CHECK(database_file_bytes(db) == want);
  CHECK(database_file_bytes(dir.str("missing.db")) == 0);

  DiskFigures d = disk_figures(dir.str());
  CHECK(d.error.empty());
  CHECK(d.total_bytes > 0);
  CHECK(d.free_bytes <= d.total_bytes);
  DiskFigures missing = disk_figures(dir.str("no/such/folder"));
  CHECK_FALSE(missing.error.empty());
  CHECK(missing.error.find("no/such/folder") != std::string::npos);

  CHECK(resident_bytes() > 1024 * 1024);  // a test process holds more than a megabyte

  Config cfg;
  cfg.kiosk_id = "binh-lu-01";
  cfg.data_dir = dir.str();
  cfg.database = db;
  cfg.feeds = {"https://noi-dung.example.vn/lai-chau"};
  StaffSources src;
  src.config = &cfg;
  src.content.version = 42;
  src.content.channel = "lai-chau-commune";
  src.content.applied_at = 1'700'000'000;
  sync::SyncStatus ss;
  ss.running = true;
  ss.state.last_attempt = 1'700'000'100;
  ss.state.last_result = "failed: could not connect to noi-dung.example.vn";
  ss.state.last_kind = sync::SyncOutcome::Kind::failed;
  ss.state.last_reason = "could not connect to noi-dung.example.vn";
  ss.state.consecutive_failures = 3;
  ss.state.bytes_today = 3 * 1024 * 1024 / 2;
  src.sync = &ss;
  src.screen_w = 1920;
  src.screen_h = 1080;
  src.screen_mm_w = 477;
  src.screen_mm_h = 268;
  src.renderer = "software";
  StaffInfo s = collect_staff_info(src);
  CHECK(s.kiosk_id == "binh-lu-01");
  CHECK(s.app_version == TRAMTIN_VERSION);
  CHECK(s.database_bytes == want);
  CHECK(s.disk_total == d.total_bytes);
  CHECK(s.rss_bytes > 0);
  CHECK(s.content_version == 42);
  CHECK(s.consecutive_failures == 3);

  const std::vector<StaffSection> secs = staff_sections(s, 1'700'000'100 + 120);
  auto find = [&](const std::string& label) -> const StaffRow* {
    for (const auto& sec : secs)
      for (const auto& r : sec.rows)
        if (r.label == label) return &r;
    return nullptr;
  };
  const StaffRow* result = find("Kết quả lần gần nhất");
  REQUIRE(result);
  CHECK(result->warn);
  CHECK(result->value == "Không đồng bộ được, vẫn giữ nội dung cũ: could not connect to noi-dung.example.vn "
                         "(3 lần liên tiếp)");
  const StaffRow* screen = find("Màn hình");
  REQUIRE(screen);
  CHECK(screen->value == "1920 x 1080 điểm ảnh, 477 x 268 mm (21,5 inch)");
  const StaffRow* today = find("Dữ liệu hôm nay");
  REQUIRE(today);
  CHECK(today->value == "1,5 MB (không giới hạn)");
  const StaffRow* version = find("Phiên bản nội dung");
  REQUIRE(version);
  CHECK(version->value == "42 (kênh lai-chau-commune)");
  const StaffRow* attempt = find("Lần thử gần nhất");
  REQUIRE(attempt);
  CHECK(attempt->value.find("(2 phút trước)") != std::string::npos);
  CHECK(find("Lần thành công gần nhất")->value == "chưa có");
  // Every label and value is valid NFC UTF-8 (ImGui does no shaping).
  for (const auto& sec : secs)
    for (const auto& r : sec.rows) {
      CHECK(is_nfc(r.label));
      CHECK(is_nfc(r.value));
    }
}

TEST_CASE("staff: sizes · ages and sync results in words") {
  CHECK(format_bytes(0, ',') == "0 B");
  CHECK(format_bytes(512, ',') == "512 B");
  CHECK(format_bytes(1536, ',') == "1,5 KB");
  CHECK(format_bytes(23ull * 1024 * 1024, ',') == "23 MB");
  CHECK(format_bytes(3650722202ull, ',') == "3,4 GB");

  const std::int64_t now = 1'760'000'000;
  CHECK(format_age(now - 10, now) == "vừa xong");
  CHECK(format_age(now - 5 * 60, now) == "5 phút trước");
  CHECK(format_age(now - 3 * 3600 - 10, now) == "3 giờ trước");
  CHECK(format_age(now - 2 * 86400, now) == "2 ngày trước");
  CHECK(format_age(now + 3600, now).find("đồng hồ") != std::string::npos);

  StaffInfo s;
  s.feeds = {"http://mirror"};
  CHECK(sync_result_in_words(s) == "Chưa đồng bộ lần nào");
  CHECK_FALSE(sync_result_is_problem(s));
  s.last_attempt = now;
  s.last_result = "up to date";
  s.last_kind = sync::SyncOutcome::Kind::up_to_date;
  CHECK(sync_result_in_words(s) == "Nội dung đã là bản mới nhất");
  s.last_kind = sync::SyncOutcome::Kind::applied;
  s.last_version = 17;
  CHECK(sync_result_in_words(s) == "Đã tải và áp dụng bản nội dung 17");
  CHECK_FALSE(sync_result_is_problem(s));
  s.last_kind = sync::SyncOutcome::Kind::rejected;
  s.last_reason = "bad signature";
  CHECK(sync_result_in_words(s) == "Gói nội dung bị từ chối, vẫn giữ nội dung cũ: bad signature");
  CHECK(sync_result_is_problem(s));
  s.worker_error = "cannot open /var/lib/tramtin/content.db";
  CHECK(sync_result_in_words(s).find("không chạy được") != std::string::npos);

  // Old content and a nearly full disk are flagged.
  StaffInfo o;
  o.content_version = 3;
  o.content_applied_at = now - 10 * 86400;
  o.disk_total = 8ull << 30;
  o.disk_free = 100ull << 20;
  bool old_flag = false, disk_flag = false;
  for (const auto& sec : staff_sections(o, now))
    for (const auto& r : sec.rows) {
      if (r.label == "Lưu ý" && r.warn) old_flag = true;
      if (r.label == "Ổ đĩa còn trống" && r.warn) disk_flag = true;
    }
  CHECK(old_flag);
  CHECK(disk_flag);
}

TEST_CASE("staff: the network test reaches a real nginx · and says what is wrong when it cannot") {
  synctest::Nginx nginx;
  synctest::write_bytes(nginx.www() + "/feed/manifest.json", "{}");
  Config cfg;
  SUBCASE("a good feed after a missing one") {
    cfg.feeds = {nginx.url("/nothing-here/"), nginx.url("/feed")};
    NetTest t = run_network_test(cfg);
    CHECK(t.phase == NetTest::Phase::done);
    CHECK(t.ok);
    CHECK(t.summary.rfind("Mạng tốt", 0) == 0);
    REQUIRE(t.details.size() == 2);
    CHECK(t.details[0].find("HTTP 404") != std::string::npos);
    CHECK(t.details[1].find("HTTP 200") != std::string::npos);
    // nginx writes its log line just after the reply leaves: give it a moment.
    for (int i = 0; i < 100 && nginx.log_count("HEAD /feed/manifest.json") == 0; ++i)
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
    CHECK_MESSAGE(nginx.log_count("HEAD /feed/manifest.json") == 1, nginx.access_log());
    CHECK(nginx.log_count("GET ") == 0);  // HEAD only: nothing downloaded on a metered link
  }
  SUBCASE("reachable, but no manifest") {
    cfg.feeds = {nginx.url("/nothing-here")};
    NetTest t = run_network_test(cfg);
    CHECK_FALSE(t.ok);
    CHECK(t.summary.rfind("Có mạng", 0) == 0);
  }
  SUBCASE("nothing listening") {
    cfg.feeds = {"http://127.0.0.1:" + std::to_string(synctest::free_port())};
    NetTest t = run_network_test(cfg, nullptr, 3, 5);
    CHECK_FALSE(t.ok);
    CHECK(t.summary.rfind("Không kết nối được", 0) == 0);
    REQUIRE(t.details.size() == 1);
    CHECK(t.details[0].find("không kết nối được") != std::string::npos);
  }
  SUBCASE("no feeds configured") {
    NetTest t = run_network_test(cfg);
    CHECK_FALSE(t.ok);
    CHECK(t.summary.find("[sync] feeds") != std::string::npos);
  }
  SUBCASE("on its own thread, waking the caller when done") {
    cfg.feeds = {nginx.url("/feed")};
    NetworkTester tester(cfg, [] { return UnixTime(1'760'000'000); });
    std::mutex mu;
    std::condition_variable cv;
    bool done = false;
    tester.on_done = [&] {
      std::lock_guard lock(mu);
      done = true;
      cv.notify_all();
    };
    CHECK(tester.snapshot().phase == NetTest::Phase::never);
    REQUIRE(tester.start());
    {
      std::unique_lock lock(mu);
      REQUIRE(cv.wait_for(lock, std::chrono::seconds(20), [&] { return done; }));
    }
    NetTest t = tester.snapshot();
    CHECK(t.phase == NetTest::Phase::done);
    CHECK(t.ok);
    CHECK(t.finished_at == 1'760'000'000);
    done = false;
    CHECK(tester.start());  // a second test after the first has finished
  }
}

// ================================================================ The screen, drawn headless

namespace {

// A Dear ImGui context with the default font standing in for every size, the kiosk's metrics at
// 1920x1080, and a mouse that can tap a target drawn in the previous frame.
class Harness {
 public:
  Harness() {
    ctx_ = ImGui::CreateContext();
    ImGuiIO& io = ImGui::GetIO();
    io.IniFilename = nullptr;
    io.DisplaySize = ImVec2(1920, 1080);
    io.DeltaTime = 1.0f / 60.0f;
    ImFont* f = io.Fonts->AddFontDefault();
    unsigned char* px = nullptr;
    int w = 0, h = 0;
    io.Fonts->GetTexDataAsRGBA32(&px, &w, &h);  // builds the atlas (NewFrame needs it)
    fonts_.small = fonts_.body = fonts_.bold = fonts_.heading = fonts_.title = fonts_.icon_large = f;
    session.stack.push_back(Route{ScreenId::staff, {}});
  }
  ~Harness() { ImGui::DestroyContext(ctx_); }

  Session session;
  StaffInfo info;
  bool with_info = true;
  std::int64_t now = 1'760'000'000;
  std::vector<Intent> intents;                 // emitted by the last frame
  std::vector<HitTarget> targets;              // drawn by the last frame

  void frame() {
    ImGui::NewFrame();
    Ui ui;
    ui.config = &config_;
    ui.session = &session;
    ui.strings = &strings_;
    ui.fonts = &fonts_;
    ui.theme = make_theme(false);
    ui.m = make_metrics(1920, 1080);
    ui.now = now;
    ui.staff = with_info ? &info : nullptr;
    ImGui::SetNextWindowPos(ImVec2(0, 96));
    ImGui::SetNextWindowSize(ImVec2(1920, 1080 - 96 - 120));
    ImGui::Begin("content", nullptr, ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoSavedSettings);
    ImGui::SetCursorPos(ImVec2(ui.m.pad, ui.m.pad));
    ImGui::BeginGroup();
    screen_staff(ui, session.current());
    ImGui::EndGroup();
    ImGui::End();
    ImGui::Render();
    intents = ui.intents;
    targets = ui.targets;
  }

  const HitTarget* target(const std::string& id) const {
    for (const auto& t : targets)
      if (t.id == id) return &t;
    return nullptr;
  }

  // Press and release in the middle of a target from the last frame; the intents of the release.
  std::vector<Intent> tap(const std::string& id) {
    const HitTarget* t = target(id);
    REQUIRE_MESSAGE(t, "no target " << id);
    ImGuiIO& io = ImGui::GetIO();
    io.MousePos = ImVec2((t->min.x + t->max.x) * 0.5f, (t->min.y + t->max.y) * 0.5f);
    io.MouseDown[0] = false;
    frame();
    io.MouseDown[0] = true;
    frame();
    io.MouseDown[0] = false;
    frame();
    return intents;
  }

 private:
  ImGuiContext* ctx_ = nullptr;
  Config config_;
  Strings strings_;
  FontSet fonts_;
};

bool has_intent(const std::vector<Intent>& in, Intent::Type type, const std::string& arg = {}) {
  for (const auto& i : in)
    if (i.type == type && i.arg == arg) return true;
  return false;
}

}  // namespace

TEST_CASE("staff: the locked screen shows a keypad with big keys and emits PIN intents") {
  Harness h;
  h.info = staff_lock_only(StaffLockState{false, "", false, 0, 0, 3, 3, PinCheck::none});
  h.frame();
  const float min_key = 96.0f;  // at 1080p
  for (const char* id : {"staff-key-0", "staff-key-1", "staff-key-5", "staff-key-9", "staff-key-clear",
                         "staff-key-back", "staff-ok"}) {
    CAPTURE(id);
    const HitTarget* t = h.target(id);
    REQUIRE(t);
    CHECK(t->max.x - t->min.x >= min_key);
    CHECK(t->max.y - t->min.y >= min_key);
    CHECK(t->max.y <= 1080 - 120);  // above the footer: all reachable without scrolling
  }
  CHECK_FALSE(h.target("staff-sync"));  // no figures or actions before the PIN

  CHECK(has_intent(h.tap("staff-key-5"), Intent::Type::staff_digit, "5"));
  CHECK(has_intent(h.tap("staff-key-back"), Intent::Type::staff_digit, "back"));
  CHECK(has_intent(h.tap("staff-key-clear"), Intent::Type::staff_digit, "clear"));
  CHECK(has_intent(h.tap("staff-ok"), Intent::Type::staff_submit));

  // A drag across keys is a scroll, never a digit.
  const HitTarget* k1 = h.target("staff-key-1");
  REQUIRE(k1);
  ImGuiIO& io = ImGui::GetIO();
  io.MousePos = ImVec2(k1->min.x + 10, k1->min.y + 10);
  h.frame();
  io.MouseDown[0] = true;
  h.frame();
  io.MousePos = ImVec2(k1->min.x + 10, k1->min.y + 90);
  h.frame();
  io.MousePos = ImVec2(k1->min.x + 10, k1->min.y + 12);
  h.frame();
  io.MouseDown[0] = false;
  h.frame();
  CHECK_FALSE(has_intent(h.intents, Intent::Type::staff_digit, "1"));
}

TEST_CASE("staff: locked out · the keypad is gone until the time is up · disabled · there is none") {
  Harness h;
  StaffLockState st;
  st.locked_out = true;
  st.locked_until = h.now + 45;
  st.seconds_left = 45;
  st.max_tries = 3;
  st.last = PinCheck::wrong;
  h.info = staff_lock_only(st);
  h.frame();
  CHECK_FALSE(h.target("staff-key-1"));
  CHECK_FALSE(h.target("staff-ok"));
  h.now += 45;  // the same snapshot, a frame later: the lockout has ended
  h.frame();
  CHECK(h.target("staff-key-1"));

  StaffLockState off;
  off.disabled = true;
  off.disabled_reason = "Chưa đặt mã PIN.";
  h.info = staff_lock_only(off);
  h.frame();
  CHECK_FALSE(h.target("staff-key-1"));
  CHECK_FALSE(h.target("staff-ok"));
  CHECK(h.intents.empty());
}

TEST_CASE("staff: unlocked · the figures show and every button emits its intent") {
  Harness h;
  h.session.staff_unlocked = true;
  h.info.kiosk_id = "binh-lu-01";
  h.info.app_version = "0.1.0";
  h.info.screen_w = 1920;
  h.info.screen_h = 1080;
  h.frame();
  CHECK_FALSE(h.target("staff-key-1"));
  const struct {
    const char* id;
    Intent::Type type;
  } buttons[] = {{"staff-sync", Intent::Type::sync_now},     {"staff-nettest", Intent::Type::network_test},
                 {"staff-lock", Intent::Type::staff_lock},    {"staff-exit", Intent::Type::exit_app},
                 {"staff-restart", Intent::Type::restart_app}};
  for (const auto& b : buttons) {
    CAPTURE(b.id);
    const HitTarget* t = h.target(b.id);
    REQUIRE(t);
    CHECK(t->max.y - t->min.y >= 96.0f);
    std::vector<Intent> in = h.tap(b.id);
    REQUIRE(in.size() == 1);
    CHECK(in[0].type == b.type);
  }
  CHECK(h.target("staff-sync")->label == "Đồng bộ ngay");
  CHECK(h.target("staff-nettest")->label == "Kiểm tra mạng");
  CHECK(h.target("staff-lock")->label == "Khóa");
  CHECK(h.target("staff-exit")->label == "Thoát ứng dụng");
  CHECK(h.target("staff-restart")->label == "Khởi động lại");

  // Without figures yet (the app collects them between frames), the buttons still work.
  h.with_info = false;
  h.frame();
  CHECK(h.target("staff-lock"));
}

TEST_CASE("staff figures: a cache repaired at start is said on the staff screen") {
  tramtin::StaffInfo s;
  s.repaired_at = 1'764'000'000;
  s.repair_problem = "database disk image is malformed";
  s.repair_from = "last-good-bundle";
  bool found = false;
  for (const auto& sec : tramtin::staff_sections(s, s.repaired_at + 120))
    for (const auto& row : sec.rows)
      if (row.value.find("database disk image is malformed") != std::string::npos &&
          row.value.find("gói nội dung đã nhận lần cuối") != std::string::npos)
        found = true;
  CHECK(found);
}

// Tests for the kiosk configuration reader (content/config.*): good files and each kind of bad file.
#include <doctest/doctest.h>

#include "content/settings/config.h"
#include "tests/support/test_support.h"

using namespace tramtin;

TEST_CASE("config: the shipped config/tramtin.toml parses") {
  auto r = load_config_file(std::string(TRAMTIN_SOURCE_DIR) + "/config/tramtin.toml");
  REQUIRE_MESSAGE(r.config, r.error);
  CHECK(r.config->commune == "Xã Bình Lư");
  CHECK(r.config->default_language == "vi");
  CHECK(r.config->languages.size() == 5);
  CHECK(r.config->sync_interval_minutes == 60);
}

TEST_CASE("config: every key is read") {
  auto r = parse_config(R"(
[kiosk]
id = "laocai-malu-01"
commune = "Cửa khẩu Ma Lù Thàng"
province = "Lai Châu"
target = "border-gate"
[languages]
offered = ["vi", "zh-Hans", "en"]
default = "zh-Hans"
[content]
data_dir = "/tmp/tt"
database = "/tmp/tt/c.db"
[sync]
feeds = ["https://a.example/bundle/", "https://b.example/bundle/"]
channel = "border"
trusted_keys = ["AAAA"]
interval_minutes = 15
jitter_percent = 5
daily_byte_budget = 5000000
urgent_poll_minutes = 2
urgent_poll_seconds = 30
[ui]
idle_timeout_seconds = 60
attract_after_seconds = 120
text_scale = 1.3
high_contrast = true
kiosk_mode = false
[staff]
pin_hash = "$argon2id$v=19$xyz"
)", "t.toml");
  REQUIRE_MESSAGE(r.config, r.error);
  const Config& c = *r.config;
  CHECK(c.kiosk_id == "laocai-malu-01");
  CHECK(c.commune == "Cửa khẩu Ma Lù Thàng");
  CHECK(c.target == "border-gate");
  CHECK(c.languages == std::vector<std::string>{"vi", "zh-Hans", "en"});
  CHECK(c.default_language == "zh-Hans");
  CHECK(c.database == "/tmp/tt/c.db");
  CHECK(c.feeds.size() == 2);
  CHECK(c.channel == "border");
  CHECK(c.sync_interval_minutes == 15);
  CHECK(c.sync_jitter_percent == 5);
  CHECK(c.daily_byte_budget == 5000000);
  CHECK(c.urgent_poll_minutes == 2);
  CHECK(c.urgent_poll_seconds == 30);
  CHECK(c.idle_timeout_seconds == 60);
  CHECK(c.text_scale == doctest::Approx(1.3));
  CHECK(c.high_contrast);
  CHECK_FALSE(c.kiosk_mode);
  CHECK(c.staff_pin_hash == "$argon2id$v=19$xyz");
}

TEST_CASE("config: an empty file gives the defaults") {
  auto r = parse_config("", "empty.toml");
  REQUIRE(r.config);
  CHECK(r.config->default_language == "vi");
  CHECK(r.config->idle_timeout_seconds == 90);
  CHECK(r.config->urgent_poll_minutes == 5);  // the urgent fast path is on by default
  CHECK(r.config->urgent_poll_seconds == 0);
}

namespace {
std::string error_of(const std::string& text) {
  auto r = parse_config(text, "bad.toml");
  CHECK_FALSE(r.config);
  return r.error;
}
}  // namespace

TEST_CASE("config: bad files name the key and the line") {
  SUBCASE("not TOML at all") {
    auto e = error_of("[kiosk]\nid = \"x\"\ncommune = \n");
    CHECK(e.rfind("bad.toml:3: not valid TOML", 0) == 0);
  }
  SUBCASE("wrong type") {
    auto e = error_of("[sync]\n\ninterval_minutes = \"often\"\n");
    CHECK(e == "bad.toml:3: sync.interval_minutes: expected an integer, found a string");
  }
  SUBCASE("out of range") {
    auto e = error_of("[sync]\njitter_percent = 250\n");
    CHECK(e == "bad.toml:2: sync.jitter_percent: must be between 0 and 100, found 250");
  }
  SUBCASE("unknown key (a typo)") {
    auto e = error_of("[ui]\nidle_timout_seconds = 30\n");
    CHECK(e == "bad.toml:2: ui.idle_timout_seconds: unknown key");
  }
  SUBCASE("unknown section") {
    auto e = error_of("[kiosk]\nid = \"a\"\n[netwrk]\nx = 1\n");
    CHECK(e.rfind("bad.toml:3: netwrk: unknown section", 0) == 0);
  }
  SUBCASE("list of the wrong thing") {
    auto e = error_of("[languages]\noffered = [\"vi\", 3]\n");
    CHECK(e.rfind("bad.toml:2: languages.offered: expected a list of strings", 0) == 0);
  }
  SUBCASE("default language not offered") {
    auto e = error_of("[languages]\noffered = [\"vi\", \"en\"]\ndefault = \"zh-Hans\"\n");
    CHECK(e == "bad.toml:3: languages.default: \"zh-Hans\" is not in languages.offered");
  }
  SUBCASE("Vietnamese must be offered") {
    auto e = error_of("[languages]\noffered = [\"en\"]\ndefault = \"en\"\n");
    CHECK(e.find("languages.offered: must include \"vi\"") != std::string::npos);
  }
  SUBCASE("bad enum value") {
    auto e = error_of("[kiosk]\ntarget = \"village\"\n");
    CHECK(e.rfind("bad.toml:2: kiosk.target: must be", 0) == 0);
  }
  SUBCASE("section given as a value") {
    auto e = error_of("kiosk = 3\n");
    CHECK(e.rfind("bad.toml:1: kiosk: expected a [kiosk] table", 0) == 0);
  }
}

TEST_CASE("config: a missing explicit file is an error · not defaults") {
  auto r = load_config("/nonexistent/tramtin.toml");
  CHECK_FALSE(r.config);
  CHECK(r.error.find("cannot read") != std::string::npos);
}

TEST_CASE("config: data paths default under the data dir") {
  Config c;
  c.data_dir = "/srv/tt";
  resolve_config_paths(c);
  CHECK(c.database == "/srv/tt/content.db");
}

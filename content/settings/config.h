// The kiosk configuration (tramtin.toml): what this kiosk is, what it offers and where it syncs from.
// Layer: tramtin_content (read with toml++; used by the kiosk, its core and the staff tool).
//
// Search order when no --config is given: /etc/tramtin/tramtin.toml, then ./config/tramtin.toml.
// Every problem is reported with the key and the line, e.g.
//   "config/tramtin.toml:12: sync.interval_minutes: expected an integer, found a string".
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace tramtin {

struct Config {
  std::string path;                                // the file this came from ("" = built-in defaults)

  // [kiosk]
  std::string kiosk_id = "tramtin-dev";            // shown on the staff screen and in reports
  std::string commune = "Xã Bình Lư";              // shown in the header
  std::string province = "Lai Châu";
  std::string staff_contact;                       // how villagers reach staff (the maintenance screen)
  std::string target = "commune";                  // which items apply here: province | commune | border-gate

  // [languages]
  std::vector<std::string> languages = {"vi", "en", "zh-Hans", "hmn", "blt"};  // offered, in picker order
  std::string default_language = "vi";

  // [content]
  std::string data_dir;                            // default: /var/lib/tramtin as root, else ~/.local/share/tramtin
  std::string database;                            // default: <data_dir>/content.db
  std::string sample_source;                       // bundled sample pack used on first boot (default: found next to the program)

  // [sync]
  std::vector<std::string> feeds;                  // mirror list, tried in order: base URLs holding manifest.json
  std::string channel = "lai-chau-commune";        // bundle channel this kiosk accepts
  std::vector<std::string> trusted_keys;           // Ed25519 public keys, base64 (several: key rotation)
  int sync_interval_minutes = 60;                  // between polls
  int sync_jitter_percent = 20;                    // random spread so a fleet does not arrive at once (sooner only)
  int sync_retry_seconds = 60;                     // first retry after a failure; doubles up to the interval
  int urgent_poll_minutes = 5;                     // the urgent fast path: <feed>/urgent.json polled this often (0 = off)
  int urgent_poll_seconds = 0;                     // > 0: overrides urgent_poll_minutes (tests, demonstrations)
  std::int64_t daily_byte_budget = 0;              // 0 = unlimited (metered links set a cap)
  std::string import_watch;                        // glob of removable-media folders holding bundles, e.g. "/media/*/*/tramtin"
  // Where the heartbeat and the day usage are PUT after each sync attempt ("" = none), as
  // <report_url>/<kiosk_id>/… (content/report/REPORTS.md). The login is in the URL
  // (https://id:password@host/reports) or in ~/.netrc; it never appears in a message.
  std::string report_url;

  // [ui]
  int idle_timeout_seconds = 90;                   // back home, defaults restored, typed text cleared
  int attract_after_seconds = 180;                 // then the slideshow
  double text_scale = 1.0;                         // A = 1.0 (A- 0.85, A+ 1.3, A++ 1.7)
  bool high_contrast = false;
  bool kiosk_mode = true;                          // ignore Alt+F4 / close requests unless staff unlocked

  // [staff]
  std::string staff_pin_hash;                      // libsodium crypto_pwhash_str of the PIN ("" = staff screen disabled)
};

struct ConfigResult {
  std::optional<Config> config;
  std::string error;                               // "path:line: key: message" when config is empty
};

ConfigResult parse_config(std::string_view toml_text, const std::string& path_for_messages);
ConfigResult load_config_file(const std::string& path);
// Finds the file (explicit path, else /etc/tramtin/tramtin.toml, else ./config/tramtin.toml);
// falls back to built-in defaults only when no file exists at all and no explicit path was given.
ConfigResult load_config(const std::string& explicit_path);

// Fills data_dir / database defaults; creates nothing.
void resolve_config_paths(Config& c);

}  // namespace tramtin

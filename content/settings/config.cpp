// Reads tramtin.toml into Config with toml++, naming the key and line of every problem.
// Layer: tramtin_content.
#include "content/settings/config.h"

#include <cstdlib>
#include <filesystem>
#include <functional>
#include <map>
#include <unistd.h>

#include <toml++/toml.h>

#include "content/base/files.h"

namespace tramtin {
namespace {

// One known key: how to store its value; returns an error message (without location) or "".
using Setter = std::function<std::string(const toml::node&, Config&)>;

std::string type_name(const toml::node& n) {
  switch (n.type()) {
    case toml::node_type::string: return "a string";
    case toml::node_type::integer: return "an integer";
    case toml::node_type::floating_point: return "a number";
    case toml::node_type::boolean: return "true/false";
    case toml::node_type::array: return "a list";
    case toml::node_type::table: return "a table";
    default: return "a date or time";
  }
}

Setter str(std::string Config::*field) {
  return [field](const toml::node& n, Config& c) -> std::string {
    auto v = n.value<std::string>();
    if (!n.is_string() || !v) return "expected a string, found " + type_name(n);
    c.*field = *v;
    return {};
  };
}

Setter integer(int Config::*field, long long lo, long long hi) {
  return [=](const toml::node& n, Config& c) -> std::string {
    if (!n.is_integer()) return "expected an integer, found " + type_name(n);
    long long v = *n.value<long long>();
    if (v < lo || v > hi)
      return "must be between " + std::to_string(lo) + " and " + std::to_string(hi) + ", found " +
             std::to_string(v);
    c.*field = static_cast<int>(v);
    return {};
  };
}

Setter boolean(bool Config::*field) {
  return [field](const toml::node& n, Config& c) -> std::string {
    if (!n.is_boolean()) return "expected true or false, found " + type_name(n);
    c.*field = *n.value<bool>();
    return {};
  };
}

Setter str_list(std::vector<std::string> Config::*field, bool non_empty) {
  return [=](const toml::node& n, Config& c) -> std::string {
    const auto* arr = n.as_array();
    if (!arr) return "expected a list of strings, found " + type_name(n);
    std::vector<std::string> out;
    for (const auto& el : *arr) {
      if (!el.is_string()) return "expected a list of strings, found an element that is " + type_name(el);
      out.push_back(*el.value<std::string>());
    }
    if (non_empty && out.empty()) return "must not be empty";
    c.*field = std::move(out);
    return {};
  };
}

const std::map<std::string, std::map<std::string, Setter>>& schema() {
  static const std::map<std::string, std::map<std::string, Setter>> s = {
      {"kiosk",
       {{"id", str(&Config::kiosk_id)},
        {"commune", str(&Config::commune)},
        {"contact", str(&Config::staff_contact)},
        {"province", str(&Config::province)},
        {"target", [](const toml::node& n, Config& c) -> std::string {
           auto v = n.value<std::string>();
           if (!n.is_string()) return "expected a string, found " + type_name(n);
           if (*v != "province" && *v != "commune" && *v != "border-gate")
             return "must be \"province\", \"commune\" or \"border-gate\", found \"" + *v + "\"";
           c.target = *v;
           return {};
         }}}},
      {"languages",
       {{"offered", str_list(&Config::languages, true)}, {"default", str(&Config::default_language)}}},
      {"content",
       {{"data_dir", str(&Config::data_dir)},
        {"database", str(&Config::database)},
        {"sample_source", str(&Config::sample_source)}}},
      {"sync",
       {{"feeds", str_list(&Config::feeds, false)},
        {"channel", str(&Config::channel)},
        {"trusted_keys", str_list(&Config::trusted_keys, false)},
        {"interval_minutes", integer(&Config::sync_interval_minutes, 1, 7 * 24 * 60)},
        {"jitter_percent", integer(&Config::sync_jitter_percent, 0, 100)},
        {"retry_seconds", integer(&Config::sync_retry_seconds, 1, 24 * 3600)},
        {"urgent_poll_minutes", integer(&Config::urgent_poll_minutes, 0, 24 * 60)},
        {"urgent_poll_seconds", integer(&Config::urgent_poll_seconds, 0, 24 * 3600)},
        {"daily_byte_budget", [](const toml::node& n, Config& c) -> std::string {
           if (!n.is_integer()) return "expected an integer (bytes), found " + type_name(n);
           auto v = *n.value<long long>();
           if (v < 0) return "must not be negative";
           c.daily_byte_budget = v;
           return {};
         }},
        {"import_watch", str(&Config::import_watch)},
        {"report_url", str(&Config::report_url)}}},
      {"ui",
       {{"idle_timeout_seconds", integer(&Config::idle_timeout_seconds, 10, 24 * 3600)},
        {"attract_after_seconds", integer(&Config::attract_after_seconds, 10, 24 * 3600)},
        {"text_scale", [](const toml::node& n, Config& c) -> std::string {
           if (!n.is_number()) return "expected a number, found " + type_name(n);
           double v = *n.value<double>();
           if (v < 0.5 || v > 2.5) return "must be between 0.5 and 2.5";
           c.text_scale = v;
           return {};
         }},
        {"high_contrast", boolean(&Config::high_contrast)},
        {"kiosk_mode", boolean(&Config::kiosk_mode)}}},
      {"staff", {{"pin_hash", str(&Config::staff_pin_hash)}}},
  };
  return s;
}

std::string where(const std::string& path, const toml::node& n) {
  return path + ":" + std::to_string(n.source().begin.line) + ": ";
}

}  // namespace

ConfigResult parse_config(std::string_view toml_text, const std::string& path) {
  toml::table root;
  try {
    root = toml::parse(toml_text, path);
  } catch (const toml::parse_error& e) {
    return {std::nullopt, path + ":" + std::to_string(e.source().begin.line) +
                              ": not valid TOML: " + std::string(e.description())};
  }
  Config c;
  c.path = path;
  for (const auto& [section_key, section_node] : root) {
    std::string section(section_key.str());
    auto sec = schema().find(section);
    if (sec == schema().end())
      return {std::nullopt, where(path, section_node) + section + ": unknown section (known: kiosk, "
                            "languages, content, sync, ui, staff)"};
    const auto* table = section_node.as_table();
    if (!table) return {std::nullopt, where(path, section_node) + section + ": expected a [" + section + "] table"};
    for (const auto& [key, node] : *table) {
      std::string name = section + "." + std::string(key.str());
      auto it = sec->second.find(std::string(key.str()));
      if (it == sec->second.end())
        return {std::nullopt, where(path, node) + name + ": unknown key"};
      if (auto err = it->second(node, c); !err.empty())
        return {std::nullopt, where(path, node) + name + ": " + err};
    }
  }
  // Cross-field checks.
  bool found = false;
  for (const auto& l : c.languages) found |= (l == c.default_language);
  if (!found) {
    const toml::node* n = root.at_path("languages.default").node();
    std::string loc = n ? where(path, *n) : path + ":1: ";
    return {std::nullopt, loc + "languages.default: \"" + c.default_language +
                              "\" is not in languages.offered"};
  }
  bool has_vi = false;
  for (const auto& l : c.languages) has_vi |= (l == "vi");
  if (!has_vi) {
    const toml::node* n = root.at_path("languages.offered").node();
    return {std::nullopt, (n ? where(path, *n) : path + ":1: ") +
                              "languages.offered: must include \"vi\" (every item has Vietnamese)"};
  }
  if (c.attract_after_seconds < c.idle_timeout_seconds) {
    const toml::node* n = root.at_path("ui.attract_after_seconds").node();
    return {std::nullopt, (n ? where(path, *n) : path + ":1: ") +
                              "ui.attract_after_seconds: must not be shorter than ui.idle_timeout_seconds"};
  }
  return {c, {}};
}

ConfigResult load_config_file(const std::string& path) {
  auto text = read_file(path);
  if (!text) return {std::nullopt, path + ": cannot read the configuration file"};
  return parse_config(*text, path);
}

ConfigResult load_config(const std::string& explicit_path) {
  if (!explicit_path.empty()) return load_config_file(explicit_path);
  for (const char* p : {"/etc/tramtin/tramtin.toml", "./config/tramtin.toml"}) {
    if (std::filesystem::exists(p)) return load_config_file(p);
  }
  Config c;
  return {c, {}};
}

void resolve_config_paths(Config& c) {
  if (c.data_dir.empty()) {
    if (geteuid() == 0) {
      c.data_dir = "/var/lib/tramtin";
    } else if (const char* xdg = std::getenv("XDG_DATA_HOME"); xdg && *xdg) {
      c.data_dir = std::string(xdg) + "/tramtin";
    } else if (const char* home = std::getenv("HOME"); home && *home) {
      c.data_dir = std::string(home) + "/.local/share/tramtin";
    } else {
      c.data_dir = "./tramtin-data";
    }
  }
  if (c.database.empty()) c.database = c.data_dir + "/content.db";
}

}  // namespace tramtin

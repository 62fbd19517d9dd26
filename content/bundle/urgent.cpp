// The urgent fast path's file: canonical JSON, strict parse, the live urgent notices of a source
// tree, and writing the signed pair. Layer: tramtin_content, content/bundle/.
#include "content/bundle/urgent.h"

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <set>

#include <nlohmann/json.hpp>

#include "content/base/files.h"

namespace tramtin::bundle {

using json = nlohmann::json;

std::string urgent_to_json(const UrgentFeed& f) {
  json root = json::object();
  root["channel"] = f.channel;
  root["created_at"] = f.created_at;
  root["expires_at"] = f.expires_at;
  root["format"] = f.format;
  root["kind"] = "urgent";
  root["version"] = f.version;
  json notices = json::array();
  for (const auto& n : f.notices) notices.push_back(json::parse(item_to_json(n)));
  root["notices"] = std::move(notices);
  return root.dump() + "\n";  // nlohmann's object keeps its keys sorted: canonical bytes
}

Result<UrgentFeed> urgent_from_json(std::string_view text) {
  auto bad = [](const std::string& what) { return Status::error(ErrorKind::protocol, "urgent.json: " + what); };
  if (text.size() > kMaxUrgentBytes) return bad("larger than " + std::to_string(kMaxUrgentBytes) + " bytes");
  json root = json::parse(text.begin(), text.end(), nullptr, false);
  if (!root.is_object()) return bad("not a JSON object");
  auto integer = [&](const char* key, std::int64_t* out) {
    auto it = root.find(key);
    if (it == root.end() || !it->is_number_integer()) return false;
    *out = it->get<std::int64_t>();
    return true;
  };
  UrgentFeed f;
  std::int64_t format = 0;
  if (!integer("format", &format)) return bad("\"format\" is missing");
  if (format != kUrgentFormatVersion)
    return bad("format " + std::to_string(format) + " is not one this kiosk reads (update the kiosk)");
  f.format = static_cast<int>(format);
  auto kind = root.find("kind");
  if (kind == root.end() || !kind->is_string() || kind->get<std::string>() != "urgent") return bad("\"kind\" is not \"urgent\"");
  auto ch = root.find("channel");
  if (ch == root.end() || !ch->is_string() || ch->get<std::string>().empty()) return bad("\"channel\" is missing");
  f.channel = ch->get<std::string>();
  if (!integer("version", &f.version) || f.version <= 0) return bad("\"version\" must be a positive integer");
  if (!integer("created_at", &f.created_at) || !integer("expires_at", &f.expires_at))
    return bad("\"created_at\" and \"expires_at\" must be Unix times");
  if (f.expires_at <= f.created_at) return bad("\"expires_at\" is not after \"created_at\"");
  auto notices = root.find("notices");
  if (notices == root.end() || !notices->is_array()) return bad("\"notices\" is not a list");
  if (notices->size() > kMaxUrgentNotices)
    return bad("more than " + std::to_string(kMaxUrgentNotices) + " notices");
  std::set<std::string> ids;
  for (const auto& n : *notices) {
    std::string err;
    auto item = item_from_json(n.dump(), &err);
    if (!item) return bad("a notice is not a valid item document: " + err);
    if (item->kind != Kind::notice || !item->urgent) return bad("\"" + item->id + "\" is not an urgent notice");
    if (!ids.insert(item->id).second) return bad("\"" + item->id + "\" is listed twice");
    item->media.clear();
    f.notices.push_back(std::move(*item));
  }
  return f;
}

std::vector<Item> live_urgent_notices(const std::vector<Item>& items, UnixTime now) {
  std::vector<Item> out;
  for (const auto& it : items) {
    if (it.kind != Kind::notice || !it.urgent) continue;
    if (it.expire_at != 0 && it.expire_at <= now) continue;
    Item n = it;
    n.media.clear();
    out.push_back(std::move(n));
  }
  std::sort(out.begin(), out.end(), [](const Item& a, const Item& b) {
    if (a.priority != b.priority) return a.priority > b.priority;
    if (a.publish_at != b.publish_at) return a.publish_at > b.publish_at;
    return a.id < b.id;
  });
  return out;
}

std::int64_t existing_urgent_version(const std::string& out_dir) {
  auto text = read_file(out_dir + "/urgent.json", kMaxUrgentBytes);
  if (!text) return 0;
  json root = json::parse(text->begin(), text->end(), nullptr, false);
  if (!root.is_object()) return 0;
  auto v = root.find("version");
  if (v == root.end() || !v->is_number_integer()) return 0;
  return v->get<std::int64_t>();
}

UrgentReport write_urgent(const std::vector<Item>& notices, const UrgentOptions& opt) {
  UrgentReport rep;
  crypto_init();
  if (opt.channel.empty()) {
    rep.status = Status::error(ErrorKind::input, "the channel is empty (--channel)");
    return rep;
  }
  if (opt.expires_hours <= 0) {
    rep.status = Status::error(ErrorKind::input, "--expires-hours must be at least 1");
    return rep;
  }
  if (notices.size() > kMaxUrgentNotices) {
    rep.status = Status::error(ErrorKind::input, std::to_string(notices.size()) + " urgent notices are live; the fast path "
                               "carries at most " + std::to_string(kMaxUrgentNotices) + " (mark fewer as urgent)");
    return rep;
  }
  const UnixTime now = opt.now ? opt.now
                               : std::chrono::duration_cast<std::chrono::seconds>(
                                     std::chrono::system_clock::now().time_since_epoch())
                                     .count();
  std::error_code ec;
  std::filesystem::create_directories(opt.out_dir, ec);
  if (ec) {
    rep.status = Status::error(ErrorKind::storage, opt.out_dir + ": cannot create: " + ec.message());
    return rep;
  }
  UrgentFeed& f = rep.feed;
  f.channel = opt.channel;
  f.version = std::max<std::int64_t>(now, existing_urgent_version(opt.out_dir) + 1);
  f.created_at = now;
  f.expires_at = now + static_cast<UnixTime>(opt.expires_hours) * 3600;
  for (const auto& n : notices) {
    Item c = n;
    c.media.clear();
    f.notices.push_back(std::move(c));
  }
  rep.bytes = urgent_to_json(f);
  if (rep.bytes.size() > kMaxUrgentBytes) {
    rep.status = Status::error(ErrorKind::input, "urgent.json would be " + std::to_string(rep.bytes.size()) +
                                                     " bytes, over the " + std::to_string(kMaxUrgentBytes) +
                                                     " kiosks accept: shorten the urgent notices' bodies");
    return rep;
  }
  // Checked back as a kiosk will read it, before anything is written.
  if (auto back = urgent_from_json(rep.bytes); !back) {
    rep.status = Status::error(ErrorKind::input, back.error());
    return rep;
  }
  if (Status s = write_file_atomic(opt.out_dir + "/urgent.sig", sign_manifest(rep.bytes, opt.key)); !s) {
    rep.status = s;
    return rep;
  }
  if (Status s = write_file_atomic(opt.out_dir + "/urgent.json", rep.bytes); !s) rep.status = s;
  return rep;
}

}  // namespace tramtin::bundle

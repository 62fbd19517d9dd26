// Upload of a bundle folder with HTTP PUT: objects first, the history copy, manifest.sig,
// manifest.json, then the history's list; prune with HTTP DELETE; logins kept out of URLs and
// messages. Layer: tramtin_content.
#include "content/bundle/upload.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cctype>
#include <filesystem>
#include <set>

#include "content/base/hash.h"
#include "content/bundle/bundle.h"
#include "content/bundle/urgent.h"

namespace tramtin::bundle {

namespace {

std::string history_url(const std::string& base, std::int64_t version) {
  return base + "/manifests/" + std::to_string(version) + ".json";
}

// The versions listed in manifests/index.json, newest first. A server without the list (nothing
// uploaded yet, or only by an older tramtin-publish) has an empty history: not an error.
Status read_history(http::Client& client, const std::string& base, std::vector<std::int64_t>& versions) {
  versions.clear();
  const std::string u = base + "/manifests/index.json";
  http::Result r = client.get(u);
  if (r.transport_ok() && r.status == 404) return {};
  if (!r.ok()) return r.to_status(u);
  auto j = nlohmann::json::parse(r.body, nullptr, false);
  if (j.is_discarded() || !j.is_object() || !j.contains("versions") || !j["versions"].is_array())
    return Status::error(ErrorKind::protocol, u + " is not an upload history (expected {\"format\":1,\"versions\":[...]})");
  for (const auto& v : j["versions"]) {
    if (!v.is_number_integer() || v.get<std::int64_t>() <= 0)
      return Status::error(ErrorKind::protocol, u + " lists a version that is not a positive whole number");
    versions.push_back(v.get<std::int64_t>());
  }
  std::sort(versions.begin(), versions.end(), std::greater<>());
  versions.erase(std::unique(versions.begin(), versions.end()), versions.end());
  return {};
}

Status write_history(http::Client& client, const std::string& base, const std::vector<std::int64_t>& versions) {
  nlohmann::json j = {{"format", 1}, {"versions", versions}};
  const std::string u = base + "/manifests/index.json";
  http::Result r = client.put_data(u, j.dump() + "\n", "application/json");
  return r.ok() ? Status{} : r.to_status(u);
}

// A manifest from the server, parsed; nullopt with `status` set when it cannot be read. `missing`
// tells a 404 apart.
std::optional<Manifest> fetch_manifest(http::Client& client, const std::string& u, bool& missing, Status& status) {
  missing = false;
  http::Result r = client.get(u);
  if (r.transport_ok() && r.status == 404) {
    missing = true;
    status = Status::error(ErrorKind::protocol, u + " is not on the server");
    return std::nullopt;
  }
  if (!r.ok()) {
    status = r.to_status(u);
    return std::nullopt;
  }
  auto m = manifest_from_json(r.body);
  if (!m) {
    status = Status::error(ErrorKind::protocol, u + ": " + m.error());
    return std::nullopt;
  }
  return std::move(*m);
}

// Fills a format-2 manifest's entries from its pages on the server (url/pages/<sha>.json), each
// checked against the root's hash. `missing` tells a 404 apart.
Status expand_from_server(http::Client& client, const std::string& url, Manifest& m, bool& missing) {
  missing = false;
  if (m.format < 2) return {};
  std::vector<Page> pages;
  for (const auto& ref : m.pages) {
    const std::string u = url + "/" + page_relative_path(ref.sha256);
    http::Result r = client.get(u);
    if (r.transport_ok() && r.status == 404) {
      missing = true;
      return Status::error(ErrorKind::protocol, u + " is not on the server");
    }
    if (!r.ok()) return r.to_status(u);
    if (sha256_hex(r.body) != ref.sha256) return Status::error(ErrorKind::protocol, u + " does not match its name");
    auto p = page_from_json(r.body, ref.sha256);
    if (!p) return Status::error(ErrorKind::protocol, u + ": " + p.error());
    pages.push_back(std::move(*p));
  }
  return merge_pages(m, pages);
}

// What a manifest needs on the server, relative to the feed: its pages and its objects.
std::vector<std::string> files_of(const Manifest& m) {
  std::vector<std::string> out;
  for (const auto& p : m.pages) out.push_back(page_relative_path(p.sha256));
  for (const auto& e : m.entries) out.push_back("objects/" + e.sha256);
  return out;
}

// The same status with more words after its message.
Status then(Status s, const std::string& more) { return Status::error(s.kind, s.message + more); }

}  // namespace

UploadReport upload_bundle(const std::string& dir, const std::string& base_url, const http::Options& opt) {
  UploadReport rep;
  crypto_init();
  std::string url = base_url;
  while (!url.empty() && url.back() == '/') url.pop_back();
  auto local = [&](std::string msg) {
    rep.status = Status::error(ErrorKind::input, std::move(msg));
    return rep;
  };
  auto remote = [&](const http::Result& r, const std::string& url, const std::string& then) {
    Status s = r.to_status(url);
    rep.status = Status::error(s.kind, s.message + then);
    return rep;
  };

  auto man = read_file(dir + "/manifest.json", kMaxManifestBytes);
  if (!man) return local(man.error() + " (run `tramtin-publish build` first)");
  auto sig = read_file(dir + "/manifest.sig", kMaxSignatureBytes);
  if (!sig) return local(sig.error());
  auto m = manifest_from_json(*man);
  if (!m) return local(m.error());
  rep.version = m->version;
  if (m->format >= 2) {  // the pages, checked like the objects below
    std::vector<Page> pages;
    for (const auto& ref : m->pages) {
      const std::string path = dir + "/" + page_relative_path(ref.sha256);
      auto bytes = read_file(path, kMaxPageBytes);
      if (!bytes || sha256_hex(*bytes) != ref.sha256) return local(path + " is missing or damaged; build the bundle again");
      auto p = page_from_json(*bytes, ref.sha256);
      if (!p) return local(path + ": " + p.error());
      pages.push_back(std::move(*p));
    }
    if (Status ms = merge_pages(*m, pages); !ms) return local(ms.message);
  }
  // Check the local bundle whole before touching the server: a half bundle must not go up.
  for (const auto& e : m->entries) {
    const std::string path = dir + "/objects/" + e.sha256;
    auto h = sha256_file(path);
    if (!h || *h != e.sha256) return local(path + " is missing or damaged; build the bundle again");
  }

  http::Client client(opt);
  std::vector<std::int64_t> history;
  if (Status hs = read_history(client, url, history); !hs) {
    rep.status = then(hs, "; nothing was uploaded");
    return rep;
  }
  for (const auto& e : m->entries) {
    const std::string obj_url = url + "/objects/" + e.sha256;
    // Content-addressed: the same name with the same size is the same bytes.
    http::Result h = client.head(obj_url);
    if (h.ok() && h.content_length == static_cast<std::int64_t>(e.size)) {
      ++rep.objects_skipped;
      continue;
    }
    http::Result r = client.put_file(obj_url, dir + "/objects/" + e.sha256, "application/octet-stream");
    if (!r.ok()) {
      return remote(r, obj_url, "; nothing was made visible to kiosks, run upload again");
    }
    ++rep.objects_put;
    rep.bytes_put += e.size;
  }
  for (const auto& ref : m->pages) {  // after the objects they list, before the root that names them
    const std::string rel = page_relative_path(ref.sha256), page_url = url + "/" + rel;
    http::Result h = client.head(page_url);
    if (h.ok() && h.content_length == static_cast<std::int64_t>(ref.size)) {
      ++rep.pages_skipped;
      continue;
    }
    http::Result r = client.put_file(page_url, dir + "/" + rel, "application/json");
    if (!r.ok()) return remote(r, page_url, "; nothing was made visible to kiosks, run upload again");
    ++rep.pages_put;
    rep.bytes_put += ref.size;
  }
  // The history copy before the version goes live: prune must know every object a live version needs.
  http::Result rh = client.put_data(history_url(url, m->version), *man, "application/json");
  if (!rh.ok()) return remote(rh, history_url(url, m->version), "; nothing was made visible to kiosks, run upload again");
  // The signature just before the manifest: the manifest is what makes the version visible.
  http::Result rs = client.put_data(url + "/manifest.sig", *sig, "text/plain");
  if (!rs.ok()) {
    return remote(rs, url + "/manifest.sig", "; run upload again to finish");
  }
  http::Result rm = client.put_data(url + "/manifest.json", *man, "application/json");
  if (!rm.ok()) {
    return remote(rm, url + "/manifest.json",
                  "; kiosks still see the previous version (with a signature that no longer matches it), "
                  "run upload again to finish");
  }
  if (std::find(history.begin(), history.end(), m->version) == history.end()) {
    history.insert(history.begin(), m->version);
    std::sort(history.begin(), history.end(), std::greater<>());
    if (Status ws = write_history(client, url, history); !ws) {
      rep.status = then(ws, "; version " + std::to_string(m->version) +
                                " is live, but the upload history was not updated: run upload again before --prune");
      return rep;
    }
  }
  return rep;
}

Status upload_urgent(const std::string& dir, const std::string& base_url, const http::Options& opt, bool* put) {
  *put = false;
  std::string url = base_url;
  while (!url.empty() && url.back() == '/') url.pop_back();
  std::error_code ec;
  if (!std::filesystem::exists(dir + "/urgent.json", ec)) return {};
  auto doc = read_file(dir + "/urgent.json", kMaxUrgentBytes);
  if (!doc) return Status::error(ErrorKind::input, doc.error());
  auto sig = read_file(dir + "/urgent.sig", kMaxSignatureBytes);
  if (!sig) return Status::error(ErrorKind::input, sig.error() + " (run `tramtin-publish urgent` again)");
  if (auto f = urgent_from_json(*doc); !f) return Status::error(ErrorKind::input, dir + "/" + f.error());
  http::Client client(opt);
  // The signature first, as for the manifest: urgent.json is what kiosks act on.
  http::Result rs = client.put_data(url + "/urgent.sig", *sig, "text/plain");
  if (!rs.ok()) return rs.to_status(url + "/urgent.sig");
  http::Result rj = client.put_data(url + "/urgent.json", *doc, "application/json");
  if (!rj.ok()) {
    Status s = rj.to_status(url + "/urgent.json");
    s.message += "; kiosks still see the previous urgent notices, run upload again";
    return s;
  }
  *put = true;
  return {};
}

PruneReport prune_bundles(const std::string& base_url, int keep, const http::Options& opt) {
  PruneReport rep;
  std::string url = base_url;
  while (!url.empty() && url.back() == '/') url.pop_back();
  if (keep < 1) {
    rep.status = Status::error(ErrorKind::input, "prune must keep at least the newest version (N >= 1)");
    return rep;
  }
  http::Client client(opt);
  std::vector<std::int64_t> history;
  if (rep.status = read_history(client, url, history); !rep.status) return rep;
  if (history.empty()) {
    rep.status = Status::error(ErrorKind::protocol,
                               url + "/manifests/index.json is not on the server: no upload history, so nothing "
                                     "can be proved unused (upload a bundle with this tramtin-publish first)");
    return rep;
  }
  // What must stay: the live manifest's objects and the newest `keep` versions' objects.
  std::set<std::string> needed;
  bool missing = false;
  auto live = fetch_manifest(client, url + "/manifest.json", missing, rep.status);
  if (!live) {
    rep.status = then(rep.status, "; nothing was deleted");
    return rep;
  }
  if (Status es = expand_from_server(client, url, *live, missing); !es) {
    rep.status = then(es, "; nothing was deleted");
    return rep;
  }
  for (const auto& f : files_of(*live)) needed.insert(f);
  const std::size_t n_keep = std::min(history.size(), static_cast<std::size_t>(keep));
  rep.kept.assign(history.begin(), history.begin() + static_cast<std::ptrdiff_t>(n_keep));
  if (std::find(rep.kept.begin(), rep.kept.end(), live->version) == rep.kept.end()) rep.kept.push_back(live->version);
  for (std::int64_t v : rep.kept) {
    if (v == live->version) continue;
    auto m = fetch_manifest(client, history_url(url, v), missing, rep.status);
    if (!m) {
      rep.status = then(rep.status, " (a version to keep); nothing was deleted");
      return rep;
    }
    if (Status es = expand_from_server(client, url, *m, missing); !es) {
      rep.status = then(es, " (a version to keep); nothing was deleted");
      return rep;
    }
    for (const auto& f : files_of(*m)) needed.insert(f);
  }
  // What may go: objects of the older versions that no kept version needs.
  std::vector<std::int64_t> remaining = rep.kept;
  std::set<std::string> deleted;
  for (std::int64_t v : history) {
    if (std::find(rep.kept.begin(), rep.kept.end(), v) != rep.kept.end()) continue;
    Status fs;
    auto m = fetch_manifest(client, history_url(url, v), missing, fs);
    if (!m && !missing) {
      rep.status = then(fs, "; stopped (run prune again)");
      return rep;
    }
    if (m) {
      // A page already gone leaves that version's list unknown: its objects stay (prune deletes
      // only what it can prove unused); the pages that are there still name theirs.
      bool page_missing = false;
      if (Status es = expand_from_server(client, url, *m, page_missing); !es) {
        if (!page_missing) {
          rep.status = then(es, "; stopped (run prune again)");
          return rep;
        }
        m->entries.clear();
      }
      for (const auto& f : files_of(*m)) {
        if (needed.count(f) || deleted.count(f)) continue;
        const std::string ou = url + "/" + f;
        http::Result r = client.del(ou);
        if (r.transport_ok() && r.status == 404) {
          ++rep.objects_missing;
        } else if (r.ok()) {
          ++(f.rfind("pages/", 0) == 0 ? rep.pages_deleted : rep.objects_deleted);
        } else {
          rep.status = then(r.to_status(ou), "; stopped (run prune again)");
          return rep;
        }
        deleted.insert(f);
      }
    }
    http::Result r = client.del(history_url(url, v));
    if (!r.ok() && !(r.transport_ok() && r.status == 404)) {
      rep.status = then(r.to_status(history_url(url, v)), "; stopped (run prune again)");
      return rep;
    }
    rep.pruned.push_back(v);
  }
  std::sort(remaining.begin(), remaining.end(), std::greater<>());
  if (!rep.pruned.empty()) {
    if (Status ws = write_history(client, url, remaining); !ws) {
      rep.status = then(ws, "; the objects were deleted but the history still lists old versions (run prune again)");
      return rep;
    }
  }
  rep.kept = remaining;
  return rep;
}

// ---- Logins in URLs

namespace {

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

std::string percent_decode(const std::string& s) {
  std::string out;
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '%' && i + 2 < s.size() && hex_value(s[i + 1]) >= 0 && hex_value(s[i + 2]) >= 0) {
      out += static_cast<char>(hex_value(s[i + 1]) * 16 + hex_value(s[i + 2]));
      i += 2;
    } else {
      out += s[i];
    }
  }
  return out;
}

}  // namespace

UrlLogin split_login(const std::string& url) {
  UrlLogin r;
  r.url = url;
  const auto scheme_end = url.find("://");
  if (scheme_end == std::string::npos) return r;
  const std::size_t auth_begin = scheme_end + 3;
  const std::size_t auth_end = url.find_first_of("/?#", auth_begin);
  const std::string authority = url.substr(auth_begin, auth_end == std::string::npos ? std::string::npos : auth_end - auth_begin);
  const auto at = authority.rfind('@');
  if (at == std::string::npos) return r;
  const std::string userinfo = authority.substr(0, at);
  const auto colon = userinfo.find(':');
  r.username = percent_decode(userinfo.substr(0, colon));
  if (colon != std::string::npos) {
    r.password = percent_decode(userinfo.substr(colon + 1));
    r.had_password = true;
  }
  r.url = url.substr(0, auth_begin) + authority.substr(at + 1) +
          (auth_end == std::string::npos ? std::string() : url.substr(auth_end));
  return r;
}

std::string redact(const std::string& text, const std::string& secret) {
  std::string out = text;
  if (!secret.empty()) {
    for (std::size_t p = out.find(secret); p != std::string::npos; p = out.find(secret, p + 3))
      out.replace(p, secret.size(), "***");
  }
  // scheme://user:password@host -> scheme://user:***@host
  std::size_t pos = 0;
  while ((pos = out.find("://", pos)) != std::string::npos) {
    const std::size_t b = pos + 3;
    std::size_t e = b;
    while (e < out.size() && !std::isspace(static_cast<unsigned char>(out[e])) && out[e] != '/' && out[e] != '?' &&
           out[e] != '#' && out[e] != '"' && out[e] != '\'')
      ++e;
    const std::string authority = out.substr(b, e - b);
    const auto at = authority.rfind('@');
    if (at != std::string::npos) {
      const auto colon = authority.find(':');
      if (colon != std::string::npos && colon < at) {
        out.replace(b + colon + 1, at - colon - 1, "***");
        e = b + colon + 1 + 3 + (authority.size() - at);
      }
    }
    pos = e;
  }
  return out;
}

bool upload_scheme_ok(const std::string& url) {
  auto starts = [&](const char* p) {
    const std::size_t n = std::char_traits<char>::length(p);
    if (url.size() <= n) return false;
    for (std::size_t i = 0; i < n; ++i)
      if (std::tolower(static_cast<unsigned char>(url[i])) != p[i]) return false;
    return true;
  };
  return starts("http://") || starts("https://");
}

}  // namespace tramtin::bundle

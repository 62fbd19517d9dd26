// Upload of a bundle folder with HTTP PUT: objects first, manifest.sig, manifest.json last.
// Layer: tramtin_content.
#include "content/bundle/upload.h"

#include "content/bundle/bundle.h"

namespace tramtin::bundle {

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
  // Check the local bundle whole before touching the server: a half bundle must not go up.
  for (const auto& e : m->entries) {
    const std::string path = dir + "/objects/" + e.sha256;
    auto h = sha256_file(path);
    if (!h || *h != e.sha256) return local(path + " is missing or damaged; build the bundle again");
  }

  http::Client client(opt);
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
  return rep;
}

}  // namespace tramtin::bundle

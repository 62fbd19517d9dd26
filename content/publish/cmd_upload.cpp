// `tramtin-publish upload OUTDIR URL [--prune N]` and `tramtin-publish upload --prune N URL`: puts a
// bundle on a web server with HTTP PUT (WebDAV: installer/nginx/tramtin.conf), then optionally
// deletes what the newest N versions no longer need. Layer: tramtin-publish (staff tool).
//
// Order matters (content/bundle/upload.h): every object first, skipping those the server already
// has (HEAD), a copy of the manifest in the upload history, then manifest.sig, then manifest.json,
// so a kiosk never sees a manifest whose objects are missing. A kiosk polling between the last two
// PUTs sees a signature that does not match yet; it fetches the pair again once before it calls the
// bundle bad.
//
// The login: from TRAMTIN_UPLOAD_USER and TRAMTIN_UPLOAD_PASSWORD when set, else from the entry
// for the server in ~/.netrc (curl's rules), else from the URL (user:password@host, accepted but
// discouraged: it stays in the shell history). No message ever shows the password.
// urgent.json / urgent.sig (`tramtin-publish urgent`) in OUTDIR go up first (sig, then json), so a
// flash-flood warning is not held back by a large bundle's objects.
// Exit status: 0 uploaded (and pruned), 1 the local bundle is incomplete or damaged, 2 usage
// (including an address that is not http:// or https://), 3 the server failed.
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <string>
#include <vector>

#include "content/bundle/upload.h"
#include "content/bundle/urgent.h"
#include "content/publish/commands.h"

namespace {

int usage(const char* problem = nullptr) {
  if (problem) std::fprintf(stderr, "tramtin-publish upload: %s\n", problem);
  std::fprintf(stderr,
               "usage: tramtin-publish upload OUTDIR URL [--prune N]\n"
               "       tramtin-publish upload --prune N URL\n"
               "  OUTDIR     a bundle made by `tramtin-publish build`; urgent.json and urgent.sig in it (from\n"
               "             `tramtin-publish urgent`) are put too, first, and a folder with only those is fine\n"
               "  URL        the feed address kiosks use (sync.feeds), http:// or https://, on a server that\n"
               "             accepts HTTP PUT (installer/nginx/tramtin.conf)\n"
               "  --prune N  then delete the objects that none of the newest N uploaded versions needs\n"
               "login: TRAMTIN_UPLOAD_USER and TRAMTIN_UPLOAD_PASSWORD, else ~/.netrc\n"
               "       (machine HOST login USER password PASSWORD)\n");
  return 2;
}

// A hint for the replies that mean "wrong or missing login".
std::string login_hint(const std::string& message) {
  if (message.find("HTTP 401") == std::string::npos) return {};
  return "\n  the server wants a login: set TRAMTIN_UPLOAD_USER and TRAMTIN_UPLOAD_PASSWORD, or add\n"
         "  `machine HOST login USER password PASSWORD` to ~/.netrc (chmod 600)";
}

}  // namespace

int cmd_upload(int argc, char** argv) {
  using namespace tramtin;
  std::vector<std::string> positional;
  long prune = 0;
  for (int i = 1; i < argc; ++i) {
    const std::string a = argv[i];
    if (a == "--prune") {
      if (i + 1 >= argc) return usage("--prune needs a number of versions to keep");
      char* end = nullptr;
      prune = std::strtol(argv[++i], &end, 10);
      if (!end || *end || prune < 1 || prune > 100000) return usage("--prune N: N is a whole number of versions, 1 or more");
    } else if (!a.empty() && a[0] == '-') {
      return usage(("unknown option " + a).c_str());
    } else {
      positional.push_back(a);
    }
  }
  if (positional.size() != 2 && !(positional.size() == 1 && prune > 0)) return usage();
  const std::string out_dir = positional.size() == 2 ? positional[0] : std::string();
  const bundle::UrlLogin login = bundle::split_login(positional.back());
  const std::string secret = login.password;
  if (!bundle::upload_scheme_ok(login.url)) {
    // Only the scheme is shown: an address without one may still hold a password.
    const auto colon = login.url.find("://");
    std::string msg = colon == std::string::npos
                          ? "the address does not start with http:// or https://"
                          : "cannot upload to a " + login.url.substr(0, colon) +
                                ":// address: only http:// and https:// are supported";
    return usage(msg.c_str());
  }

  http::Options opt;
  opt.low_speed_time_seconds = 120;  // a district office uplink can be slow, but not dead
  const char* env_user = std::getenv("TRAMTIN_UPLOAD_USER");
  const char* env_pass = std::getenv("TRAMTIN_UPLOAD_PASSWORD");
  if (env_user && *env_user) {
    if (!env_pass) return usage("TRAMTIN_UPLOAD_USER is set but TRAMTIN_UPLOAD_PASSWORD is not");
    opt.username = env_user;
    opt.password = env_pass;
  } else if (!login.username.empty()) {
    if (login.had_password)
      std::fprintf(stderr,
                   "tramtin-publish upload: warning: a password in the address stays in the shell history; "
                   "prefer ~/.netrc or TRAMTIN_UPLOAD_PASSWORD\n");
    opt.username = login.username;
    opt.password = login.password;
  } else {
    opt.use_netrc = true;
  }
  // What may appear in a message: the address without its login, and never either password.
  auto clean = [&](const std::string& s) { return bundle::redact(bundle::redact(s, secret), opt.password); };
  const std::string shown_url = clean(login.url);

  // A folder with only urgent.json (made by `tramtin-publish urgent`) puts just that.
  std::error_code ec;
  const bool has_bundle = !out_dir.empty() && std::filesystem::exists(out_dir + "/manifest.json", ec);
  const bool has_urgent = !out_dir.empty() && std::filesystem::exists(out_dir + "/urgent.json", ec);
  if (has_urgent) {
    bool put = false;
    Status us = bundle::upload_urgent(out_dir, login.url, opt, &put);
    if (!us) {
      std::fprintf(stderr, "tramtin-publish upload: %s%s\n", clean(us.message).c_str(), login_hint(us.message).c_str());
      return us.kind == ErrorKind::input ? 1 : 3;
    }
    std::printf("urgent notices (urgent.json, version %lld) are live at %s\n",
                static_cast<long long>(bundle::existing_urgent_version(out_dir)), shown_url.c_str());
  }
  if (!out_dir.empty() && (has_bundle || !has_urgent)) {
    bundle::UploadReport rep = bundle::upload_bundle(out_dir, login.url, opt);
    if (!rep.status) {
      const std::string& msg = rep.status.message;
      std::fprintf(stderr, "tramtin-publish upload: %s%s\n", clean(msg).c_str(), login_hint(msg).c_str());
      return rep.status.kind == ErrorKind::input ? 1 : 3;  // the local folder; else the server
    }
    std::printf("uploaded %d objects (%llu bytes), %d already on the server; %d index pages, %d already there; "
                "version %lld is live at %s\n",
                rep.objects_put, static_cast<unsigned long long>(rep.bytes_put), rep.objects_skipped, rep.pages_put,
                rep.pages_skipped, static_cast<long long>(rep.version), shown_url.c_str());
  }
  if (prune > 0) {
    bundle::PruneReport pr = bundle::prune_bundles(login.url, static_cast<int>(prune), opt);
    if (!pr.status) {
      const std::string& msg = pr.status.message;
      std::fprintf(stderr, "tramtin-publish upload --prune: %s%s\n", clean(msg).c_str(), login_hint(msg).c_str());
      return 3;
    }
    std::string kept;
    for (auto v : pr.kept) kept += (kept.empty() ? "" : ", ") + std::to_string(v);
    std::printf("pruned %zu old version(s): %d objects deleted (%d already gone), %d index pages; kept version(s) %s\n",
                pr.pruned.size(), pr.objects_deleted, pr.objects_missing, pr.pages_deleted, kept.c_str());
  }
  return 0;
}

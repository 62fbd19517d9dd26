// `tramtin-publish upload OUTDIR URL`: puts a bundle on a web server with HTTP PUT (WebDAV, e.g.
// nginx with `dav_methods PUT; create_full_put_path on;`). Layer: tramtin-publish (staff tool).
//
// Order matters (content/bundle/upload.h): every object first, skipping those the server already
// has (HEAD), then manifest.sig, then manifest.json last, so a kiosk never sees a manifest whose
// objects are missing. A kiosk polling between the last two PUTs sees a signature that does not
// match yet; it fetches the pair again once before it calls the bundle bad.
// Exit status: 0 uploaded, 1 the local bundle is incomplete or damaged, 2 usage, 3 the server failed.
#include <cstdio>
#include <string>

#include "content/bundle/upload.h"
#include "content/publish/commands.h"

int cmd_upload(int argc, char** argv) {
  using namespace tramtin;
  if (argc != 3 || argv[1][0] == '-' || argv[2][0] == '-') {
    std::fprintf(stderr,
                 "usage: tramtin-publish upload OUTDIR URL\n"
                 "  OUTDIR  a bundle made by `tramtin-publish build`\n"
                 "  URL     the feed address kiosks use (sync.feeds), on a server that accepts HTTP PUT\n");
    return 2;
  }
  http::Options opt;
  opt.low_speed_time_seconds = 120;  // a district office uplink can be slow, but not dead
  bundle::UploadReport rep = bundle::upload_bundle(argv[1], argv[2], opt);
  if (!rep.status) {
    std::fprintf(stderr, "tramtin-publish upload: %s\n", rep.status.message.c_str());
    return rep.status.kind == ErrorKind::input ? 1 : 3;  // the local folder; else the server
  }
  std::printf("uploaded %d objects (%llu bytes), %d already on the server; version %lld is live at %s\n",
              rep.objects_put, static_cast<unsigned long long>(rep.bytes_put), rep.objects_skipped,
              static_cast<long long>(rep.version), argv[2]);
  return 0;
}

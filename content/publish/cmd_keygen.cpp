// `tramtin-publish keygen OUT`: a new Ed25519 signing key for publishing bundles.
// Layer: tramtin-publish (staff tool). Writes OUT.key (secret, mode 0600, never overwritten) and
// OUT.pub (the base64 public key that goes into sync.trusted_keys on every kiosk).
#include <cstdio>
#include <string>

#include "content/bundle/bundle.h"
#include "content/publish/commands.h"

int cmd_keygen(int argc, char** argv) {
  // argv[0] is "keygen"; one argument: the output prefix.
  if (argc != 2 || argv[1][0] == '-') {
    std::fprintf(stderr,
                 "usage: tramtin-publish keygen OUT\n"
                 "  writes OUT.key (secret signing key, mode 0600; keep it on the publishing machine)\n"
                 "  and OUT.pub (public key: add it to sync.trusted_keys in every kiosk's tramtin.toml)\n");
    return 2;
  }
  using namespace tramtin::bundle;
  if (!tramtin::crypto_init()) {
    std::fprintf(stderr, "tramtin-publish keygen: libsodium could not be initialised\n");
    return 1;
  }
  const std::string out = argv[1];
  KeyPair kp = generate_keypair();
  if (std::string err = write_keypair_files(out, kp); !err.empty()) {
    std::fprintf(stderr, "tramtin-publish keygen: %s\n", err.c_str());
    return 1;
  }
  std::printf("wrote %s.key (secret: keep it private, back it up offline)\n", out.c_str());
  std::printf("wrote %s.pub\n", out.c_str());
  std::printf("add this public key to sync.trusted_keys on every kiosk:\n%s\n", encode_public_key(kp.pub).c_str());
  return 0;
}

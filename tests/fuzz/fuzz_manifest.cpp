// Fuzzes what a kiosk reads from a mirror before it trusts anything: manifest.json (strict parse,
// canonical round trip), manifest.sig against the trusted keys, one item document (objects/<sha>)
// and urgent.json. Input: manifest-or-document bytes, then "\n--sig--\n", then the signature text.
#include <cstddef>
#include <cstdint>

#include "content/base/hash.h"
#include "content/bundle/bundle.h"
#include "content/bundle/urgent.h"
#include "content/model/model.h"
#include "tests/fuzz/fuzz_support.h"

using namespace tramtin;

extern "C" int LLVMFuzzerInitialize(int*, char***) {
  crypto_init();
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static const bundle::KeyPair key = bundle::generate_keypair();
  static const std::vector<std::string> trusted = {bundle::encode_public_key(key.pub)};
  const std::string_view in(reinterpret_cast<const char*>(data), size);
  auto [doc, sig] = fuzz::split(in, "\n--sig--\n");

  if (auto m = bundle::manifest_from_json(doc)) {
    // What parses must write back canonically and parse to the same manifest.
    const std::string canon = bundle::manifest_to_json(*m);
    auto again = bundle::manifest_from_json(canon);
    FUZZ_EXPECT(again.ok());
    FUZZ_EXPECT(*again == *m);
    FUZZ_EXPECT(bundle::manifest_to_json(*again) == canon);
  }
  auto v = bundle::verify_manifest_signature(doc, sig, trusted);
  FUZZ_EXPECT(!v.ok() || *v == 0);
  (void)bundle::decode_public_key(sig);
  (void)bundle::decode_secret_key_file(sig);

  std::string error;
  if (auto item = item_from_json(doc, &error)) {
    const std::string canon = item_to_json(*item);
    auto again = item_from_json(canon, &error);
    FUZZ_EXPECT(again.has_value());
    FUZZ_EXPECT(item_to_json(*again) == canon);
  }
  (void)bundle::urgent_from_json(doc);
  return 0;
}

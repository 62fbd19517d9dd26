// Tests for content/base/hash: SHA-256 of bytes, of a file (chunked: larger than one 64 KB read),
// streaming, the hex check and the one libsodium initialiser. Layer: tests.
#include <doctest/doctest.h>

#include "content/base/hash.h"
#include "tests/support/test_support.h"

using namespace tramtin;

TEST_CASE("base/hash: sha256 of bytes, of a file and in pieces agree with the known digests") {
  REQUIRE(crypto_init());
  CHECK(crypto_init());                              // idempotent
  // FIPS 180-2 test vectors.
  CHECK(sha256_hex("") == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  CHECK(sha256_hex("abc") == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");

  const std::string big(200 * 1024 + 7, 'x');        // several chunks, a short last one
  Sha256 pieces;
  pieces.update(big.data(), 1000);
  pieces.update(big.data() + 1000, big.size() - 1000);
  const std::string want = sha256_hex(big);
  CHECK(pieces.final_hex() == want);

  test::TempDir d;
  test::write_file(d.path() / "big.bin", big);
  auto h = sha256_file(d.str("big.bin"));
  REQUIRE(h.ok());
  CHECK(*h == want);

  auto missing = sha256_file(d.str("nothing.bin"));
  CHECK_FALSE(missing.ok());
  CHECK(missing.error().find("nothing.bin") != std::string::npos);
}

TEST_CASE("base/hash: is_sha256_hex takes 64 lower-case hex digits only") {
  CHECK(is_sha256_hex(sha256_hex("a")));
  CHECK_FALSE(is_sha256_hex(""));
  CHECK_FALSE(is_sha256_hex(std::string(63, 'a')));
  CHECK_FALSE(is_sha256_hex(std::string(64, 'A')));
  CHECK_FALSE(is_sha256_hex(std::string(63, 'a') + "g"));
}

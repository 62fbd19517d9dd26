// The font atlas kept on disk (see font_cache.h). Layer: tramtin (ImGui).
#include "kiosk/ui/font_cache.h"

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <cstring>
#include <filesystem>
#include <system_error>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <imgui.h>

#include "content/authoring/glyphs.h"
#include "content/base/files.h"
#include "content/base/log.h"
#include "content/base/text.h"
#include "kiosk/core/glyph_cache.h"

namespace tramtin {
namespace {

// Bump when build_font_atlas changes what it draws or this layout changes.
constexpr std::uint32_t kFormat = 2;
constexpr char kMagic[8] = {'T', 'T', 'F', 'A', 'T', 'L', 'A', 'S'};

std::uint64_t fnv1a(std::string_view s) {
  std::uint64_t h = 1469598103934665603ull;
  for (unsigned char c : s) h = (h ^ c) * 1099511628211ull;
  return h;
}

// A checksum of the file body, 8 bytes a step (an 8 MB atlas in about a millisecond): it finds a
// torn or flipped file, it is no defence against a forger (the data folder is the kiosk's own).
std::uint64_t checksum(const char* p, std::size_t n) {
  std::uint64_t h = 0x9E3779B97F4A7C15ull ^ n;
  std::size_t i = 0;
  for (; i + 8 <= n; i += 8) {
    std::uint64_t w;
    std::memcpy(&w, p + i, 8);
    h = (h ^ w) * 0xff51afd7ed558ccdull;
    h ^= h >> 29;
  }
  for (; i < n; ++i) h = (h ^ static_cast<unsigned char>(p[i])) * 1099511628211ull;
  return h ^ (h >> 32);
}

template <class T>
void put(std::string& out, const T& v) {
  out.append(reinterpret_cast<const char*>(&v), sizeof v);
}

void put_file_identity(std::string& out, const std::string& path) {
  struct stat st {};
  put(out, std::uint32_t(path.size()));
  out += path;
  if (::stat(path.c_str(), &st) != 0) {
    put(out, std::int64_t(-1));
    return;
  }
  put(out, std::int64_t(st.st_size));
  put(out, std::int64_t(st.st_mtim.tv_sec));
  put(out, std::int64_t(st.st_mtim.tv_nsec));
  put(out, std::uint64_t(st.st_ino));
}

void put_codepoints(std::string& out, const std::vector<char32_t>& cps) {
  put(out, std::uint32_t(cps.size()));
  if (!cps.empty()) out.append(reinterpret_cast<const char*>(cps.data()), cps.size() * sizeof(char32_t));
}

class Reader {
 public:
  Reader(const char* p, std::size_t n) : p_(p), n_(n) {}
  template <class T>
  bool get(T* v) {
    if (n_ - at_ < sizeof(T)) return false;
    std::memcpy(v, p_ + at_, sizeof(T));
    at_ += sizeof(T);
    return true;
  }
  const char* take(std::size_t n) {
    if (n_ - at_ < n) return nullptr;
    const char* r = p_ + at_;
    at_ += n;
    return r;
  }
  std::size_t left() const { return n_ - at_; }

 private:
  const char* p_;
  std::size_t n_;
  std::size_t at_ = 0;
};

int font_index(const ImFontAtlas& atlas, const ImFont* f) {
  for (int i = 0; i < atlas.Fonts.Size; ++i)
    if (atlas.Fonts[i] == f) return i;
  return -1;
}

Result<std::string> read_whole(const std::string& path) {
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return Status::error(ErrorKind::storage, path + ": absent");
  struct stat st {};
  std::string data;
  if (::fstat(fd, &st) == 0 && st.st_size > 0 && st.st_size < (std::int64_t(1) << 31)) {
    data.resize(std::size_t(st.st_size));
    std::size_t off = 0;
    while (off < data.size()) {
      const ssize_t n = ::read(fd, data.data() + off, data.size() - off);
      if (n < 0 && errno == EINTR) continue;
      if (n <= 0) break;
      off += std::size_t(n);
    }
    data.resize(off);
  }
  ::close(fd);
  return data;
}

}  // namespace

std::string font_cache_key(const FontBuildInput& in) {
  std::string k;
  k += "tramtin font atlas ";
  put(k, kFormat);
  k += IMGUI_VERSION;
  put(k, std::uint32_t(sizeof(ImFontGlyph)));
  put(k, std::uint32_t(sizeof(ImWchar)));
  put_file_identity(k, "/proc/self/exe");
  put_file_identity(k, in.manifest_path);
  if (auto m = read_font_manifest(in.manifest_path)) {
    for (const auto& f : m->fonts) {
      put_file_identity(k, f.file);
      put_file_identity(k, f.bold);
      put(k, std::int32_t(f.face));
    }
    put_file_identity(k, m->icons_file);
  }
  put(k, in.scale);
  put_codepoints(k, distinct_codepoints(in.texts));
  put_codepoints(k, distinct_codepoints(in.bold_only_texts));
  put(k, std::uint8_t(in.title_texts.empty()));
  put_codepoints(k, distinct_codepoints(in.title_texts));
  return k;
}

std::string font_cache_path(const std::string& dir, const std::string& key) {
  char name[40];
  std::snprintf(name, sizeof name, "fonts-%016llx.atlas", static_cast<unsigned long long>(fnv1a(key)));
  return dir + "/" + name;
}

std::string serialize_font_cache(const std::string& key, const BuiltAtlas& b) {
  const ImFontAtlas* a = b.atlas();
  if (!b.ok() || !a->TexPixelsAlpha8) return {};
  std::string out;
  out.append(kMagic, sizeof kMagic);
  put(out, kFormat);
  put(out, std::uint64_t(0));  // the checksum, filled in at the end
  put(out, std::uint32_t(key.size()));
  out += key;
  put(out, std::int32_t(a->TexWidth));
  put(out, std::int32_t(a->TexHeight));
  put(out, std::int32_t(a->Flags));
  put(out, std::uint8_t(a->TexReady));
  put(out, a->TexUvScale);
  put(out, a->TexUvWhitePixel);
  put(out, a->TexUvLines);
  put(out, std::int32_t(a->Fonts.Size));
  for (const ImFont* f : a->Fonts) {
    put(out, f->FontSize);
    put(out, f->Scale);
    put(out, f->Ascent);
    put(out, f->Descent);
    put(out, f->FallbackChar);
    put(out, f->EllipsisChar);
    put(out, f->DotChar);
    put(out, std::int32_t(f->MetricsTotalSurface));
    put(out, std::int32_t(f->Glyphs.Size));
    out.append(reinterpret_cast<const char*>(f->Glyphs.Data), std::size_t(f->Glyphs.Size) * sizeof(ImFontGlyph));
  }
  const FontSet& fs = b.fonts;
  for (const ImFont* f : {fs.small, fs.body, fs.bold, fs.heading, fs.title, fs.icon_large}) put(out, std::int32_t(font_index(*a, f)));
  put(out, fs.scale);
  put(out, std::int32_t(fs.glyph_count));
  put(out, b.scale);
  put_codepoints(out, b.lacking);
  // The coverage, one byte a pixel (the texture is white with it as alpha).
  out.append(reinterpret_cast<const char*>(a->TexPixelsAlpha8), std::size_t(a->TexWidth) * std::size_t(a->TexHeight));
  const std::uint64_t sum = checksum(out.data() + 20, out.size() - 20);
  std::memcpy(out.data() + 12, &sum, sizeof sum);
  return out;
}

Status write_font_cache(const std::string& dir, const std::string& key, const std::string& bytes, int keep) {
  namespace fs = std::filesystem;
  std::error_code ec;
  fs::create_directories(dir, ec);
  if (ec) return Status::error(ErrorKind::storage, "cannot create " + dir + ": " + ec.message());
  // Not durable: a power cut may leave a torn file, which the checksum refuses at the next start.
  if (Status st = write_file_atomic(font_cache_path(dir, key), bytes, false); !st) return st;
  std::vector<std::pair<fs::file_time_type, fs::path>> files;
  for (const auto& e : fs::directory_iterator(dir, ec)) {
    const std::string name = e.path().filename().string();
    if (name.rfind("fonts-", 0) == 0 && e.path().extension() == ".atlas") {
      std::error_code ec2;
      files.emplace_back(fs::last_write_time(e.path(), ec2), e.path());
    }
  }
  if (int(files.size()) > keep) {
    std::sort(files.begin(), files.end(), [](const auto& x, const auto& y) { return x.first > y.first; });
    for (std::size_t i = std::size_t(std::max(keep, 0)); i < files.size(); ++i) fs::remove(files[i].second, ec);
  }
  return {};
}

BuiltAtlas load_font_cache(const std::string& dir, const std::string& key, std::string* why) {
  const auto t0 = std::chrono::steady_clock::now();
  why->clear();
  BuiltAtlas out;
  const std::string path = font_cache_path(dir, key);
  auto data = read_whole(path);
  if (!data) return out;  // none yet: not worth a word
  auto fail = [&](const std::string& what) {
    *why = path + ": " + what;
    if (out.atlas_) IM_DELETE(out.atlas_);
    out.atlas_ = nullptr;
    return std::move(out);
  };
  const std::string& d = *data;
  if (d.size() < 20 || std::memcmp(d.data(), kMagic, sizeof kMagic) != 0) return fail("not an atlas file");
  std::uint32_t format = 0;
  std::uint64_t sum = 0;
  std::memcpy(&format, d.data() + 8, 4);
  std::memcpy(&sum, d.data() + 12, 8);
  if (format != kFormat) return fail("format " + std::to_string(format) + ", not " + std::to_string(kFormat));
  if (checksum(d.data() + 20, d.size() - 20) != sum) return fail("checksum mismatch (a torn or damaged file)");
  Reader r(d.data() + 20, d.size() - 20);
  std::uint32_t klen = 0;
  const char* k = r.get(&klen) ? r.take(klen) : nullptr;
  if (!k) return fail("truncated key");
  if (std::string_view(k, klen) != key) return fail("made for other fonts, characters or size (a hash collision)");

  std::int32_t w = 0, h = 0, flags = 0, nfonts = 0;
  std::uint8_t ready = 0;
  auto* atlas = IM_NEW(ImFontAtlas)();
  out.atlas_ = atlas;
  if (!r.get(&w) || !r.get(&h) || !r.get(&flags) || !r.get(&ready) || !r.get(&atlas->TexUvScale) ||
      !r.get(&atlas->TexUvWhitePixel) || !r.get(&atlas->TexUvLines) || !r.get(&nfonts))
    return fail("truncated header");
  if (w <= 0 || h <= 0 || w > 16384 || h > 65536 || nfonts <= 0 || nfonts > 64) return fail("implausible sizes");
  atlas->Flags = flags;
  atlas->TexWidth = w;
  atlas->TexHeight = h;
  for (int i = 0; i < nfonts; ++i) {
    ImFont* f = IM_NEW(ImFont)();
    atlas->Fonts.push_back(f);
    f->ContainerAtlas = atlas;
    std::int32_t surface = 0, nglyphs = 0;
    if (!r.get(&f->FontSize) || !r.get(&f->Scale) || !r.get(&f->Ascent) || !r.get(&f->Descent) ||
        !r.get(&f->FallbackChar) || !r.get(&f->EllipsisChar) || !r.get(&f->DotChar) || !r.get(&surface) ||
        !r.get(&nglyphs))
      return fail("truncated font table");
    if (nglyphs <= 0 || nglyphs >= 0xFFFF) return fail("implausible glyph count");
    const char* g = r.take(std::size_t(nglyphs) * sizeof(ImFontGlyph));
    if (!g) return fail("truncated glyphs");
    f->MetricsTotalSurface = surface;
    f->Glyphs.resize(nglyphs);
    std::memcpy(f->Glyphs.Data, g, std::size_t(nglyphs) * sizeof(ImFontGlyph));
    for (const ImFontGlyph& gl : f->Glyphs)
      if (gl.Codepoint > 0xFFFF) return fail("a glyph beyond U+FFFF");
    f->BuildLookupTable();  // the index tables, the fallback glyph: as after ImGui's own build
  }
  std::int32_t idx[6];
  for (auto& i : idx)
    if (!r.get(&i) || i < 0 || i >= nfonts) return fail("bad font index");
  FontSet& fs = out.fonts;
  ImFont** slots[6] = {&fs.small, &fs.body, &fs.bold, &fs.heading, &fs.title, &fs.icon_large};
  for (int i = 0; i < 6; ++i) *slots[i] = atlas->Fonts[idx[i]];
  std::int32_t glyph_count = 0;
  std::uint32_t nlacking = 0;
  if (!r.get(&fs.scale) || !r.get(&glyph_count) || !r.get(&out.scale) || !r.get(&nlacking))
    return fail("truncated trailer");
  fs.glyph_count = glyph_count;
  const char* lack = r.take(std::size_t(nlacking) * sizeof(char32_t));
  if (!lack) return fail("truncated list of lacking characters");
  out.lacking.resize(nlacking);
  if (nlacking > 0) std::memcpy(out.lacking.data(), lack, std::size_t(nlacking) * sizeof(char32_t));
  const std::size_t n = std::size_t(w) * std::size_t(h);
  if (r.left() != n) return fail("pixel data of the wrong size");
  atlas->TexPixelsAlpha8 = static_cast<unsigned char*>(IM_ALLOC(n));
  std::memcpy(atlas->TexPixelsAlpha8, r.take(n), n);
  atlas->TexReady = ready != 0;
  out.width = w;
  out.height = h;
  out.from_cache = true;
  out.build_ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count();
  return out;
}

BuiltAtlas build_font_atlas_cached(const FontBuildInput& in, const std::string& dir, std::string* key_out,
                                   std::string* to_write) {
  to_write->clear();
  std::string key = dir.empty() ? std::string() : font_cache_key(in);
  if (!dir.empty()) {
    std::string why;
    BuiltAtlas b = load_font_cache(dir, key, &why);
    if (b.ok()) {
      if (key_out) *key_out = std::move(key);
      return b;
    }
    if (!why.empty()) log::warn("fonts", "atlas cache not used, building the atlas instead: " + why);
  }
  BuiltAtlas b = build_font_atlas(in);
  if (!dir.empty() && b.ok()) *to_write = serialize_font_cache(key, b);
  if (key_out) *key_out = std::move(key);
  return b;
}

}  // namespace tramtin

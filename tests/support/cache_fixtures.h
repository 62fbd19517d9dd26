// Test helpers for the cache and search tests: a temporary directory that cleans up after itself,
// and builders for small but real Vietnamese items. Layer: tests (header only).
#pragma once

#include <doctest/doctest.h>

#include <filesystem>
#include <random>
#include <string>
#include <vector>

#include "content/store/cache.h"
#include "content/model/model.h"

namespace tramtin::testing {

// A fresh directory under the system temp dir, removed (with the SQLite -wal/-shm files) at scope end.
class TempDir {
 public:
  TempDir() {
    std::random_device rd;
    path_ = std::filesystem::temp_directory_path() / ("tramtin-test-" + std::to_string(rd()) + std::to_string(rd()));
    std::filesystem::create_directories(path_);
  }
  ~TempDir() {
    std::error_code ec;
    std::filesystem::remove_all(path_, ec);
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  std::string file(const std::string& name) const { return (path_ / name).string(); }

 private:
  std::filesystem::path path_;
};

inline ItemText text(std::string lang, std::string title, std::string summary, std::string body = {}) {
  ItemText t;
  t.lang = std::move(lang);
  t.title = std::move(title);
  t.summary = std::move(summary);
  if (!body.empty()) {
    Block b;
    b.spans.push_back(Span{std::move(body)});
    t.body.push_back(std::move(b));
  }
  return t;
}

inline Item procedure(std::string id, std::string code, std::string field, std::string field_name, std::string title,
                      std::string summary, std::vector<std::string> documents = {}) {
  Item it;
  it.id = std::move(id);
  it.kind = Kind::procedure;
  it.procedure.code = std::move(code);
  it.procedure.field = std::move(field);
  it.procedure.levels = {"xa"};
  it.procedure.channels = {ChannelKind::in_person, ChannelKind::online};
  ItemText t = text("vi", std::move(title), std::move(summary));
  t.procedure.field_name = std::move(field_name);
  DocumentCase dc;
  for (auto& d : documents) dc.documents.push_back(Document{std::move(d), "01 bản chính", ""});
  if (!dc.documents.empty()) t.procedure.cases.push_back(std::move(dc));
  t.procedure.channels.push_back(Channel{ChannelKind::in_person, "Trong ngày", "Miễn lệ phí", ""});
  it.texts.push_back(std::move(t));
  return it;
}

inline Item news(std::string id, std::string title, std::string summary, UnixTime publish_at = 0,
                 UnixTime expire_at = 0, std::string body = {}) {
  Item it;
  it.id = std::move(id);
  it.kind = Kind::news;
  it.publish_at = publish_at;
  it.expire_at = expire_at;
  it.texts.push_back(text("vi", std::move(title), std::move(summary), std::move(body)));
  return it;
}

inline Item notice(std::string id, std::string title, bool urgent, UnixTime publish_at = 0, UnixTime expire_at = 0) {
  Item it = news(std::move(id), std::move(title), "Thông báo của Ủy ban nhân dân xã.", publish_at, expire_at);
  it.kind = Kind::notice;
  it.urgent = urgent;
  return it;
}

inline Item product(std::string id, std::string title, int group, int stars, std::string producer, std::int64_t price) {
  Item it;
  it.id = std::move(id);
  it.kind = Kind::product;
  it.product.ocop_group = group;
  it.product.stars = stars;
  it.product.producer = std::move(producer);
  it.product.producer_commune = "xã Bình Lư, Lai Châu";
  it.product.price = price;
  it.texts.push_back(text("vi", std::move(title), "Sản phẩm OCOP của địa phương."));
  return it;
}

// A writer on a fresh file; fails the test on error.
inline std::unique_ptr<Cache> open_writer(const std::string& path) {
  auto c = Cache::open(path, Cache::Mode::writer);
  REQUIRE_MESSAGE(c.ok(), c.error());
  return std::move(*c);
}

inline std::unique_ptr<Cache> open_reader(const std::string& path) {
  auto c = Cache::open(path, Cache::Mode::reader);
  REQUIRE_MESSAGE(c.ok(), c.error());
  return std::move(*c);
}

inline ContentMeta meta(std::int64_t version, std::string source = "test") {
  ContentMeta m;
  m.version = version;
  m.channel = "commune";
  m.applied_at = 1760000000;
  m.source = std::move(source);
  return m;
}

}  // namespace tramtin::testing

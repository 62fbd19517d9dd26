// A small libcurl wrapper for the sync engine and the staff tool: GET into memory with a size cap
// and conditional headers, bounded concurrent downloads into files with Range resume, HEAD, PUT.
// Layer: tramtin_content (libcurl only; no SQLite, no bundle knowledge).
//
// Transport failures (DNS, connect, TLS, timeout, cut connection) are kept apart from the HTTP
// status, and both are described in words a technician can act on. TLS verification is always on;
// there is no switch to turn it off. Only http:// and https:// URLs are accepted (also after a
// redirect). Every transfer has a connect timeout and a low-speed timeout, so a stalled 3G link
// cannot hang the sync worker, and can be cancelled through an atomic flag.
#pragma once

#include <atomic>
#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "content/base/status.h"

namespace tramtin::http {

// Call once before starting threads that use this module (idempotent, thread-safe).
bool global_init();

struct Options {
  long connect_timeout_seconds = 20;
  long low_speed_limit_bytes = 32;     // below this many bytes per second ...
  long low_speed_time_seconds = 60;    // ... for this long, the transfer is abandoned (resumed later)
  long total_timeout_seconds = 0;      // 0: none (a large photo on 2G may take a while)
  // An overall deadline per request, sized from what it should bring: deadline_base_seconds plus
  // the expected bytes (Content-Length, else the file's expected size or the in-memory cap) at
  // deadline_min_rate_bytes bytes per second. It catches a feed trickling just above the low-speed
  // limit (40 B/s never trips a 32 B/s limit) so the caller can fail over to the next mirror. The
  // transfer ends as Transport::failed with deadline_exceeded set. 0: no deadline.
  long deadline_min_rate_bytes = 2048;
  long deadline_base_seconds = 60;
  std::uint64_t max_body_bytes = 0;    // in-memory GET: cap on the body (0: 16 MB)
  std::string user_agent;              // "" -> "tramtin/<version>"
  std::string ca_file;                 // extra CA bundle for a private server ("" = system store)
  const std::atomic<bool>* cancel = nullptr;  // when it becomes true, transfers stop promptly
  // get_files: after this many transport failures (timeouts, cuts) no new transfer is started: the
  // link is down, and waiting out the low-speed time for each of 1 000 objects would take hours.
  int give_up_after_failures = 3;
  // A login for servers that ask for one (staff uploads): username and password when username is set,
  // else the entry for the host in ~/.netrc when use_netrc. Never part of any message.
  std::string username;
  std::string password;
  bool use_netrc = false;
  // Test seam: replaces ::write(2) for downloads into files (get_files), e.g. to fail with ENOSPC
  // as a full disk would. Must behave like write(2): -1 with errno set on failure.
  std::function<long(int fd, const void* data, std::size_t n)> write_file;
};

enum class Transport {
  ok,          // an HTTP response arrived (look at status)
  failed,      // DNS, connect, TLS, timeout, connection cut, not HTTP...
  too_large,   // the body went over the cap (a broken or hostile server); nothing kept
  cancelled,   // Options::cancel was set
};

struct Result {
  Transport transport = Transport::failed;
  int curl_code = 0;
  std::string error;            // transport failure, for a technician ("" when transport == ok)
  long status = 0;              // HTTP status when transport == ok
  std::string body;             // get(): the body (only for 2xx; error bodies are dropped)
  std::string etag;             // response ETag, as sent (with quotes)
  std::string last_modified;    // response Last-Modified, as sent
  std::int64_t content_length = -1;  // from the reply headers (-1: not sent); useful after HEAD
  std::uint64_t bytes_in = 0;   // on the wire: response headers + body
  std::uint64_t bytes_out = 0;  // on the wire: request headers + body
  int write_errno = 0;          // get_files: writing the file failed with this errno (ENOSPC: disk full)
  bool deadline_exceeded = false;  // Options' per-request deadline ended it (a trickling server)
  std::int64_t server_date = 0; // the reply's Date header as Unix time (0: none or unreadable)

  bool transport_ok() const { return transport == Transport::ok; }
  bool ok() const { return transport == Transport::ok && status >= 200 && status < 300; }
  // One line: the transport error, or "HTTP 404 (not found)"-style text with a hint.
  std::string describe(const std::string& url) const;
  // ok for a 2xx; else ErrorKind::transport (no response), protocol (an HTTP status that is not
  // 2xx, or a body over the cap) or cancelled, with describe(url) as the message.
  Status to_status(const std::string& url) const;
};

struct Conditional {
  std::string etag;             // sent as If-None-Match
  std::string last_modified;    // sent as If-Modified-Since (when there is no ETag)
};

// One reusable easy handle: consecutive requests to the same server share a connection.
// Not thread-safe: one Client per thread.
class Client {
 public:
  explicit Client(Options opt = {});
  ~Client();
  Client(const Client&) = delete;
  Client& operator=(const Client&) = delete;

  // GET into memory. 304 Not Modified comes back as transport ok, status 304, empty body.
  Result get(const std::string& url, const Conditional& cond = {});
  Result head(const std::string& url);
  Result put_file(const std::string& url, const std::string& path, const std::string& content_type = {});
  Result put_data(const std::string& url, std::string_view data, const std::string& content_type = {});
  Result del(const std::string& url);  // HTTP DELETE (WebDAV)

  const Options& options() const { return opt_; }

 private:
  void* curl_ = nullptr;
  Options opt_;
};

// One file to download. If `path` already holds a prefix shorter than expected_size (an earlier,
// interrupted attempt), only the rest is requested with "Range: bytes=N-"; a server that answers
// 200 instead of 206 is handled by starting over. More than expected_size bytes is `too_large`
// and the file is deleted. The caller checks the hash.
struct FileJob {
  std::string url;
  std::string path;
  std::uint64_t expected_size = 0;
  Result result;                // filled in; result.ok() means the file holds expected_size bytes
  std::uint64_t resumed_from = 0;  // bytes that were already there and not fetched again
};

// Runs the jobs with at most `concurrency` transfers at a time (curl multi; one thread). Returns
// when every job has finished or failed, or promptly after Options::cancel is set.
void get_files(std::vector<FileJob>& jobs, int concurrency, const Options& opt);

}  // namespace tramtin::http

// libcurl wrapper: memory GET with caps and conditional headers, concurrent file downloads with
// Range resume (curl multi), HEAD and PUT. Layer: tramtin_content.
#include "content/sync/http.h"

#include <algorithm>
#include <chrono>
#include <cerrno>
#include <cstring>
#include <memory>
#include <mutex>

#include <curl/curl.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#ifndef TRAMTIN_VERSION
#define TRAMTIN_VERSION "dev"
#endif

namespace tramtin::http {
namespace {

constexpr std::uint64_t kDefaultMemoryCap = 16ull << 20;
constexpr std::uint64_t kErrorBodyCap = 64ull << 10;  // what we read of a PUT/HEAD reply or an error page

std::string host_of(const std::string& url) {
  auto p = url.find("://");
  std::size_t b = p == std::string::npos ? 0 : p + 3;
  auto e = url.find_first_of("/?#", b);
  std::string host = url.substr(b, e == std::string::npos ? std::string::npos : e - b);
  // A login in the URL (user:password@host) never goes into a message.
  if (auto at = host.rfind('@'); at != std::string::npos) host.erase(0, at + 1);
  return host;
}

bool iequals_prefix(std::string_view line, std::string_view name) {
  if (line.size() < name.size()) return false;
  for (std::size_t i = 0; i < name.size(); ++i)
    if (std::tolower(static_cast<unsigned char>(line[i])) != std::tolower(static_cast<unsigned char>(name[i])))
      return false;
  return true;
}

std::string header_value(std::string_view line, std::size_t name_len) {
  std::string_view v = line.substr(name_len);
  while (!v.empty() && (v.front() == ' ' || v.front() == '\t')) v.remove_prefix(1);
  while (!v.empty() && (v.back() == '\r' || v.back() == '\n' || v.back() == ' ')) v.remove_suffix(1);
  return std::string(v);
}

// Everything one transfer needs in its callbacks.
struct Xfer {
  CURL* h = nullptr;
  const Options* opt = nullptr;
  std::string url;
  // memory mode
  std::string* body = nullptr;
  std::uint64_t cap = 0;
  // file mode
  int fd = -1;
  std::uint64_t offset = 0;      // bytes in the file before this transfer (the Range start)
  std::uint64_t expected = 0;
  std::uint64_t written = 0;
  bool restarted = false;        // server ignored the Range: file truncated, writing from 0
  // upload
  std::string_view upload;
  std::size_t upload_pos = 0;
  FILE* upload_file = nullptr;
  // outcome of the callbacks
  bool checked_status = false;
  bool discard = false;          // not a success status: the body is an error page
  bool too_large = false;
  std::string write_error;
  int write_errno = 0;
  std::string etag, last_modified, date;
  std::chrono::steady_clock::time_point started = std::chrono::steady_clock::now();
  bool download = false;         // GET with a body: the per-request deadline applies (not PUT/HEAD)
  bool deadline_hit = false;
  long deadline_seconds = 0;     // the deadline that was hit (for the message)
  char errbuf[CURL_ERROR_SIZE] = {};
};

size_t on_header(char* data, size_t size, size_t n, void* user) {
  auto* x = static_cast<Xfer*>(user);
  std::string_view line(data, size * n);
  if (line.rfind("HTTP/", 0) == 0) {  // a new response (after a redirect or a 100 Continue)
    x->etag.clear();
    x->last_modified.clear();
    x->date.clear();
  } else if (iequals_prefix(line, "date:")) {
    x->date = header_value(line, 5);
  } else if (iequals_prefix(line, "etag:")) {
    x->etag = header_value(line, 5);
  } else if (iequals_prefix(line, "last-modified:")) {
    x->last_modified = header_value(line, 14);
  }
  return size * n;
}

long response_code(CURL* h) {
  long code = 0;
  curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, &code);
  return code;
}

size_t on_write_memory(char* data, size_t size, size_t n, void* user) {
  auto* x = static_cast<Xfer*>(user);
  const size_t len = size * n;
  if (!x->checked_status) {
    long code = response_code(x->h);
    x->discard = code < 200 || code >= 300;
    x->checked_status = true;
  }
  if (x->discard) return len;
  if (x->body->size() + len > x->cap) {
    x->too_large = true;
    return 0;  // aborts the transfer with CURLE_WRITE_ERROR
  }
  x->body->append(data, len);
  return len;
}

size_t on_write_file(char* data, size_t size, size_t n, void* user) {
  auto* x = static_cast<Xfer*>(user);
  const size_t len = size * n;
  if (!x->checked_status) {
    long code = response_code(x->h);
    x->checked_status = true;
    if (code == 200 && x->offset > 0) {
      // The server ignored our Range (or a proxy did): start the file over.
      if (::ftruncate(x->fd, 0) != 0 || ::lseek(x->fd, 0, SEEK_SET) != 0) {
        x->write_error = std::strerror(errno);
        return 0;
      }
      x->offset = 0;
      x->restarted = true;
    } else if (code != 200 && code != 206) {
      x->discard = true;
    }
  }
  if (x->discard) return len;
  if (x->offset + x->written + len > x->expected) {
    x->too_large = true;
    return 0;
  }
  const char* p = data;
  size_t left = len;
  while (left > 0) {
    ssize_t w = x->opt->write_file ? static_cast<ssize_t>(x->opt->write_file(x->fd, p, left)) : ::write(x->fd, p, left);
    if (w < 0 && errno == EINTR) continue;
    if (w <= 0) {
      x->write_errno = w < 0 ? errno : ENOSPC;
      x->write_error = std::strerror(x->write_errno);  // disk full on the kiosk is worth saying plainly
      return 0;
    }
    p += w;
    left -= static_cast<size_t>(w);
  }
  x->written += len;
  return len;
}

size_t on_read_upload(char* buf, size_t size, size_t n, void* user) {
  auto* x = static_cast<Xfer*>(user);
  const size_t room = size * n;
  if (x->upload_file) {
    size_t r = std::fread(buf, 1, room, x->upload_file);
    if (r == 0 && std::ferror(x->upload_file)) return CURL_READFUNC_ABORT;
    return r;
  }
  size_t r = std::min(room, x->upload.size() - x->upload_pos);
  std::memcpy(buf, x->upload.data() + x->upload_pos, r);
  x->upload_pos += r;
  return r;
}

// What a transfer should bring: the reply's length when known, else what the caller expects.
std::uint64_t expected_bytes(const Xfer& x, curl_off_t dltotal) {
  if (dltotal > 0) return static_cast<std::uint64_t>(dltotal);
  if (x.fd >= 0) return x.expected > x.offset ? x.expected - x.offset : 0;
  if (x.body) return x.cap ? x.cap : kDefaultMemoryCap;
  return 0;
}

int on_progress(void* user, curl_off_t dltotal, curl_off_t, curl_off_t, curl_off_t) {
  auto* x = static_cast<Xfer*>(user);
  if (x->opt->cancel && x->opt->cancel->load()) return 1;
  const long rate = x->opt->deadline_min_rate_bytes;
  if (rate > 0 && x->download) {
    const std::uint64_t secs = static_cast<std::uint64_t>(std::max(0L, x->opt->deadline_base_seconds)) +
                               expected_bytes(*x, dltotal) / static_cast<std::uint64_t>(rate);
    const auto elapsed = std::chrono::steady_clock::now() - x->started;
    if (elapsed > std::chrono::seconds(secs)) {
      x->deadline_hit = true;
      x->deadline_seconds = static_cast<long>(std::min<std::uint64_t>(secs, 1u << 30));
      return 1;
    }
  }
  return 0;
}

void setup_common(Xfer& x);

// A request on a reused handle whose reply body goes into memory (`body`, at most `cap` bytes):
// reset keeps the connection cache and drops the previous request's options.
void setup_memory(Xfer& x, CURL* h, const Options& opt, const std::string& url, std::string* body,
                  std::uint64_t cap) {
  curl_easy_reset(h);
  x.h = h;
  x.opt = &opt;
  x.url = url;
  x.body = body;
  x.cap = cap;
  setup_common(x);
  curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, on_write_memory);
  curl_easy_setopt(h, CURLOPT_WRITEDATA, &x);
}

void setup_common(Xfer& x) {
  CURL* h = x.h;
  const Options& o = *x.opt;
  curl_easy_setopt(h, CURLOPT_URL, x.url.c_str());
  curl_easy_setopt(h, CURLOPT_PROTOCOLS_STR, "http,https");
  curl_easy_setopt(h, CURLOPT_REDIR_PROTOCOLS_STR, "http,https");
  curl_easy_setopt(h, CURLOPT_FOLLOWLOCATION, 1L);
  curl_easy_setopt(h, CURLOPT_MAXREDIRS, 5L);
  curl_easy_setopt(h, CURLOPT_NOSIGNAL, 1L);  // worker threads: no SIGALRM for DNS timeouts
  curl_easy_setopt(h, CURLOPT_CONNECTTIMEOUT, o.connect_timeout_seconds);
  curl_easy_setopt(h, CURLOPT_LOW_SPEED_LIMIT, o.low_speed_limit_bytes);
  curl_easy_setopt(h, CURLOPT_LOW_SPEED_TIME, o.low_speed_time_seconds);
  curl_easy_setopt(h, CURLOPT_TIMEOUT, o.total_timeout_seconds);
  // Never configurable: content that was not fetched over a verified channel is still checked by
  // signature, but reports and credentials in URLs must not leak to an impostor.
  curl_easy_setopt(h, CURLOPT_SSL_VERIFYPEER, 1L);
  curl_easy_setopt(h, CURLOPT_SSL_VERIFYHOST, 2L);
  if (!o.ca_file.empty()) curl_easy_setopt(h, CURLOPT_CAINFO, o.ca_file.c_str());
  if (!o.username.empty()) {
    curl_easy_setopt(h, CURLOPT_USERNAME, o.username.c_str());
    curl_easy_setopt(h, CURLOPT_PASSWORD, o.password.c_str());
  } else if (o.use_netrc) {
    curl_easy_setopt(h, CURLOPT_NETRC, static_cast<long>(CURL_NETRC_OPTIONAL));
  }
  static const std::string default_ua = "tramtin/" TRAMTIN_VERSION;
  curl_easy_setopt(h, CURLOPT_USERAGENT, o.user_agent.empty() ? default_ua.c_str() : o.user_agent.c_str());
  curl_easy_setopt(h, CURLOPT_ERRORBUFFER, x.errbuf);
  curl_easy_setopt(h, CURLOPT_HEADERFUNCTION, on_header);
  curl_easy_setopt(h, CURLOPT_HEADERDATA, &x);
  curl_easy_setopt(h, CURLOPT_NOPROGRESS, 0L);
  curl_easy_setopt(h, CURLOPT_XFERINFOFUNCTION, on_progress);
  curl_easy_setopt(h, CURLOPT_XFERINFODATA, &x);
  curl_easy_setopt(h, CURLOPT_TCP_KEEPALIVE, 1L);
}

std::string transport_message(CURLcode rc, const Xfer& x) {
  const std::string host = host_of(x.url);
  std::string detail = x.errbuf[0] ? std::string(x.errbuf) : std::string(curl_easy_strerror(rc));
  switch (rc) {
    case CURLE_COULDNT_RESOLVE_HOST:
      return "cannot find the server " + host + " (name lookup failed: is the Internet link up? is the address right?)";
    case CURLE_COULDNT_RESOLVE_PROXY:
      return "cannot find the proxy server (" + detail + ")";
    case CURLE_COULDNT_CONNECT:
      return "cannot connect to " + host + " (the server is down, or the network blocks it)";
    case CURLE_OPERATION_TIMEDOUT:
      return "the connection to " + host + " is too slow or stalled (" + detail + "); it will be resumed";
    case CURLE_PEER_FAILED_VERIFICATION:
    case CURLE_SSL_CACERT_BADFILE:
    case CURLE_SSL_CERTPROBLEM:
      return "the HTTPS certificate of " + host + " is not valid (check the kiosk's date and time, and the address): " + detail;
    case CURLE_SSL_CONNECT_ERROR:
      return "the secure (HTTPS) connection to " + host + " failed: " + detail;
    case CURLE_PARTIAL_FILE:
      return "the server " + host + " closed the connection before sending everything; it will be resumed";
    case CURLE_RECV_ERROR:
    case CURLE_SEND_ERROR:
    case CURLE_GOT_NOTHING:
      return "the connection to " + host + " was cut (" + detail + "); it will be retried";
    case CURLE_WEIRD_SERVER_REPLY:
    case CURLE_BAD_CONTENT_ENCODING:
      return "the server " + host + " sent something that is not a valid HTTP reply (" + detail +
             "); a captive portal or a broken proxy may be in the way";
    case CURLE_UNSUPPORTED_PROTOCOL:
      return "unsupported address (only http:// and https:// are allowed): " + x.url;
    case CURLE_URL_MALFORMAT:
      return "the address is not a valid URL: " + x.url;
    case CURLE_TOO_MANY_REDIRECTS:
      return "too many redirects from " + host;
    case CURLE_WRITE_ERROR:
      if (!x.write_error.empty()) return "cannot write the download to disk: " + x.write_error;
      return "download aborted: " + detail;
    default:
      return "network error with " + host + ": " + detail;
  }
}

// Fills the common part of a Result after a transfer ended.
void finish(Xfer& x, CURLcode rc, Result& r) {
  r.curl_code = static_cast<int>(rc);
  long header_size = 0, request_size = 0;
  curl_off_t down = 0, up = 0;
  curl_easy_getinfo(x.h, CURLINFO_HEADER_SIZE, &header_size);
  curl_easy_getinfo(x.h, CURLINFO_REQUEST_SIZE, &request_size);
  curl_easy_getinfo(x.h, CURLINFO_SIZE_DOWNLOAD_T, &down);
  curl_easy_getinfo(x.h, CURLINFO_SIZE_UPLOAD_T, &up);
  r.bytes_in = static_cast<std::uint64_t>(std::max<long>(header_size, 0)) + static_cast<std::uint64_t>(std::max<curl_off_t>(down, 0));
  r.bytes_out = static_cast<std::uint64_t>(std::max<long>(request_size, 0)) + static_cast<std::uint64_t>(std::max<curl_off_t>(up, 0));
  curl_off_t cl = -1;
  curl_easy_getinfo(x.h, CURLINFO_CONTENT_LENGTH_DOWNLOAD_T, &cl);
  r.content_length = cl;
  r.etag = x.etag;
  r.last_modified = x.last_modified;
  if (!x.date.empty()) {
    const time_t t = curl_getdate(x.date.c_str(), nullptr);
    if (t > 0) r.server_date = static_cast<std::int64_t>(t);
  }
  r.write_errno = x.write_errno;
  if (x.deadline_hit) {
    r.transport = Transport::failed;
    r.curl_code = CURLE_OPERATION_TIMEDOUT;
    r.deadline_exceeded = true;
    r.error = "the server " + host_of(x.url) + " is far too slow: " + x.url + " did not arrive within " +
              std::to_string(x.deadline_seconds) + " s (at least " + std::to_string(x.opt->deadline_min_rate_bytes) +
              " bytes/s expected); it will be resumed";
    return;
  }
  if (x.too_large) {
    r.transport = Transport::too_large;
    r.error = "the server " + host_of(x.url) + " sent more data than expected for " + x.url +
              " (a broken server or a wrong file); the download was stopped";
    return;
  }
  if (rc == CURLE_ABORTED_BY_CALLBACK) {
    r.transport = Transport::cancelled;
    r.error = "cancelled";
    return;
  }
  if (rc != CURLE_OK) {
    r.transport = Transport::failed;
    r.error = transport_message(rc, x);
    return;
  }
  r.transport = Transport::ok;
  r.status = response_code(x.h);
}

std::string status_hint(long s) {
  switch (s) {
    case 304: return "not modified";
    case 400: return "bad request";
    case 401:
    case 403: return "access refused: check the address and the server's permissions";
    case 404: return "not found: the address is wrong, or nothing is published there yet";
    case 405: return "method not allowed: for uploads, enable WebDAV PUT on the server (dav_methods PUT)";
    case 409: return "conflict: the server cannot create the folder (create_full_put_path on)";
    case 413: return "too large for the server's upload limit (client_max_body_size)";
    case 416: return "range not satisfiable: the partial download is discarded";
    case 429: return "too many requests: the server asks to slow down";
    default: break;
  }
  if (s >= 500) return "server error: the server has a problem, it will be retried later";
  if (s >= 300 && s < 400) return "redirect that could not be followed";
  return "unexpected reply";
}

}  // namespace

bool global_init() {
  static std::once_flag once;
  static bool ok = false;
  std::call_once(once, [] { ok = curl_global_init(CURL_GLOBAL_DEFAULT) == CURLE_OK; });
  return ok;
}

std::string Result::describe(const std::string& url) const {
  if (transport != Transport::ok) return error;
  return "HTTP " + std::to_string(status) + " (" + status_hint(status) + ") from " + url;
}

Status Result::to_status(const std::string& url) const {
  if (ok()) return {};
  switch (transport) {
    case Transport::ok:
    case Transport::too_large: return Status::error(ErrorKind::protocol, describe(url));
    case Transport::cancelled: return Status::error(ErrorKind::cancelled, describe(url));
    case Transport::failed: break;
  }
  return Status::error(ErrorKind::transport, describe(url));
}

Client::Client(Options opt) : opt_(std::move(opt)) {
  global_init();
  curl_ = curl_easy_init();
}

Client::~Client() {
  if (curl_) curl_easy_cleanup(static_cast<CURL*>(curl_));
}

Result Client::get(const std::string& url, const Conditional& cond) {
  Result r;
  if (!curl_) {
    r.error = "libcurl could not be initialised (out of memory?)";
    return r;
  }
  CURL* h = static_cast<CURL*>(curl_);
  Xfer x;
  setup_memory(x, h, opt_, url, &r.body, opt_.max_body_bytes ? opt_.max_body_bytes : kDefaultMemoryCap);
  x.download = true;
  curl_easy_setopt(h, CURLOPT_ACCEPT_ENCODING, "");  // gzip if the server offers it; the cap applies decoded
  curl_slist* headers = nullptr;
  if (!cond.etag.empty()) headers = curl_slist_append(headers, ("If-None-Match: " + cond.etag).c_str());
  else if (!cond.last_modified.empty())
    headers = curl_slist_append(headers, ("If-Modified-Since: " + cond.last_modified).c_str());
  if (headers) curl_easy_setopt(h, CURLOPT_HTTPHEADER, headers);
  CURLcode rc = curl_easy_perform(h);
  finish(x, rc, r);
  curl_slist_free_all(headers);
  if (!r.ok()) r.body.clear();
  return r;
}

Result Client::head(const std::string& url) {
  Result r;
  if (!curl_) {
    r.error = "libcurl could not be initialised";
    return r;
  }
  CURL* h = static_cast<CURL*>(curl_);
  Xfer x;
  std::string sink;
  setup_memory(x, h, opt_, url, &sink, kErrorBodyCap);
  curl_easy_setopt(h, CURLOPT_NOBODY, 1L);
  CURLcode rc = curl_easy_perform(h);
  finish(x, rc, r);
  return r;
}

namespace {

Result do_put(CURL* h, const Options& opt, const std::string& url, Xfer& x, curl_off_t size,
              const std::string& content_type) {
  Result r;
  std::string sink;                  // the reply to a PUT is only read for its status
  setup_memory(x, h, opt, url, &sink, kErrorBodyCap);
  curl_easy_setopt(h, CURLOPT_UPLOAD, 1L);
  curl_easy_setopt(h, CURLOPT_READFUNCTION, on_read_upload);
  curl_easy_setopt(h, CURLOPT_READDATA, &x);
  curl_easy_setopt(h, CURLOPT_INFILESIZE_LARGE, size);
  curl_slist* headers = nullptr;
  if (!content_type.empty()) headers = curl_slist_append(headers, ("Content-Type: " + content_type).c_str());
  headers = curl_slist_append(headers, "Expect:");  // no 100-continue round trip on a slow uplink
  curl_easy_setopt(h, CURLOPT_HTTPHEADER, headers);
  CURLcode rc = curl_easy_perform(h);
  finish(x, rc, r);
  curl_slist_free_all(headers);
  return r;
}

}  // namespace

Result Client::put_file(const std::string& url, const std::string& path, const std::string& content_type) {
  Result r;
  if (!curl_) {
    r.error = "libcurl could not be initialised";
    return r;
  }
  FILE* f = std::fopen(path.c_str(), "rb");
  if (!f) {
    r.error = path + ": " + std::strerror(errno);
    return r;
  }
  struct stat st{};
  ::fstat(::fileno(f), &st);
  Xfer x;
  x.upload_file = f;
  r = do_put(static_cast<CURL*>(curl_), opt_, url, x, static_cast<curl_off_t>(st.st_size), content_type);
  std::fclose(f);
  return r;
}

Result Client::put_data(const std::string& url, std::string_view data, const std::string& content_type) {
  Result r;
  if (!curl_) {
    r.error = "libcurl could not be initialised";
    return r;
  }
  Xfer x;
  x.upload = data;
  return do_put(static_cast<CURL*>(curl_), opt_, url, x, static_cast<curl_off_t>(data.size()), content_type);
}

Result Client::del(const std::string& url) {
  Result r;
  if (!curl_) {
    r.error = "libcurl could not be initialised";
    return r;
  }
  CURL* h = static_cast<CURL*>(curl_);
  curl_easy_reset(h);
  Xfer x;
  x.h = h;
  x.opt = &opt_;
  x.url = url;
  std::string sink;
  x.body = &sink;
  x.cap = kErrorBodyCap;
  setup_common(x);
  curl_easy_setopt(h, CURLOPT_CUSTOMREQUEST, "DELETE");
  curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, on_write_memory);
  curl_easy_setopt(h, CURLOPT_WRITEDATA, &x);
  CURLcode rc = curl_easy_perform(h);
  finish(x, rc, r);
  return r;
}

// ---------------------------------------------------------------------------------------------
// Concurrent file downloads
// ---------------------------------------------------------------------------------------------

void get_files(std::vector<FileJob>& jobs, int concurrency, const Options& opt) {
  global_init();
  concurrency = std::clamp(concurrency, 1, 16);
  CURLM* multi = curl_multi_init();
  if (!multi) {
    for (auto& j : jobs) j.result.error = "libcurl could not be initialised";
    return;
  }
  std::vector<std::unique_ptr<Xfer>> active;
  std::size_t next = 0;

  // Opens the file and starts one transfer; a file already complete needs no request at all.
  auto start = [&](FileJob& job) -> bool {
    job.result = Result{};
    int fd = ::open(job.path.c_str(), O_WRONLY | O_CREAT | O_CLOEXEC, 0644);
    if (fd < 0) {
      job.result.error = "cannot create " + job.path + ": " + std::strerror(errno);
      return false;
    }
    struct stat st{};
    ::fstat(fd, &st);
    auto have = static_cast<std::uint64_t>(st.st_size);
    if (have > job.expected_size) {  // left over from something else: start over
      if (::ftruncate(fd, 0) != 0) {
        job.result.error = "cannot truncate " + job.path + ": " + std::strerror(errno);
        ::close(fd);
        return false;
      }
      have = 0;
    }
    job.resumed_from = have;
    if (have == job.expected_size) {  // complete from an earlier attempt; the caller checks the hash
      ::close(fd);
      job.result.transport = Transport::ok;
      job.result.status = 200;
      return false;
    }
    ::lseek(fd, static_cast<off_t>(have), SEEK_SET);
    auto x = std::make_unique<Xfer>();
    x->h = curl_easy_init();
    x->opt = &opt;
    x->url = job.url;
    x->fd = fd;
    x->offset = have;
    x->expected = job.expected_size;
    x->download = true;
    setup_common(*x);
    curl_easy_setopt(x->h, CURLOPT_WRITEFUNCTION, on_write_file);
    curl_easy_setopt(x->h, CURLOPT_WRITEDATA, x.get());
    curl_easy_setopt(x->h, CURLOPT_PRIVATE, &job);
    // Our own Range header (not CURLOPT_RESUME_FROM): curl would fail on a 200 reply, we restart.
    std::string range;
    if (have > 0) {
      range = std::to_string(have) + "-";
      curl_easy_setopt(x->h, CURLOPT_RANGE, range.c_str());  // copied by curl
    }
    curl_multi_add_handle(multi, x->h);
    active.push_back(std::move(x));
    return true;
  };

  auto complete = [&](Xfer& x, CURLcode rc) {
    FileJob* job = nullptr;
    curl_easy_getinfo(x.h, CURLINFO_PRIVATE, reinterpret_cast<char**>(&job));
    Result& r = job->result;
    finish(x, rc, r);
    if (x.restarted) job->resumed_from = 0;
    const std::uint64_t have = x.offset + x.written;
    ::close(x.fd);
    x.fd = -1;
    if (r.transport == Transport::too_large) {
      ::unlink(job->path.c_str());
      return;
    }
    if (r.transport != Transport::ok) return;  // the partial file stays, for a Range resume
    if (r.status == 416) {                     // our partial file does not fit the server's file
      ::unlink(job->path.c_str());
      return;
    }
    if (r.status != 200 && r.status != 206) return;
    if (have != job->expected_size) {
      r.transport = Transport::failed;
      r.error = "the server " + host_of(job->url) + " sent " + std::to_string(have) + " of " +
                std::to_string(job->expected_size) + " bytes of " + job->url + " and ended the reply; it will be resumed";
    }
  };

  int transport_failures = 0;
  while (next < jobs.size() || !active.empty()) {
    if (opt.give_up_after_failures > 0 && transport_failures >= opt.give_up_after_failures) {
      for (; next < jobs.size(); ++next) {
        jobs[next].result = Result{};
        jobs[next].result.error = "not tried: the connection failed " + std::to_string(transport_failures) +
                                  " times in a row (" + jobs[next].url + ")";
      }
    }
    while (active.size() < static_cast<std::size_t>(concurrency) && next < jobs.size()) start(jobs[next++]);
    if (active.empty()) continue;
    int running = 0;
    curl_multi_perform(multi, &running);
    int left = 0;
    while (CURLMsg* msg = curl_multi_info_read(multi, &left)) {
      if (msg->msg != CURLMSG_DONE) continue;
      CURL* h = msg->easy_handle;
      CURLcode rc = msg->data.result;
      auto it = std::find_if(active.begin(), active.end(), [h](const auto& x) { return x->h == h; });
      if (it == active.end()) continue;
      complete(**it, rc);
      FileJob* job = nullptr;
      curl_easy_getinfo(h, CURLINFO_PRIVATE, reinterpret_cast<char**>(&job));
      if (job->result.transport == Transport::failed) ++transport_failures;
      else if (job->result.ok()) transport_failures = 0;
      curl_multi_remove_handle(multi, h);
      curl_easy_cleanup(h);
      active.erase(it);
    }
    if (opt.cancel && opt.cancel->load()) {
      for (auto& x : active) {
        complete(*x, CURLE_ABORTED_BY_CALLBACK);
        curl_multi_remove_handle(multi, x->h);
        curl_easy_cleanup(x->h);
      }
      active.clear();
      for (; next < jobs.size(); ++next) {
        jobs[next].result.transport = Transport::cancelled;
        jobs[next].result.error = "cancelled";
      }
      break;
    }
    if (!active.empty()) curl_multi_poll(multi, nullptr, 0, 200, nullptr);
  }
  curl_multi_cleanup(multi);
}

}  // namespace tramtin::http

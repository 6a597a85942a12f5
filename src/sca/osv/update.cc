// Downloading all.zip archives with libcurl, verifying them and swapping them into vulns.db.
#include "sca/osv/update.h"

#include <curl/curl.h>
#include <openssl/evp.h>
#include <stdlib.h>
#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <memory>

#include "core/shared_library.h"
#include "core/text.h"

namespace fledger::sca::osv {
namespace {

// Where the bytes go: a temporary file, bounded, hashed with MD5 on the fly.
struct Download {
  std::FILE* file = nullptr;
  uint64_t bytes = 0;
  uint64_t max_bytes = 0;
  bool too_big = false;
  EVP_MD_CTX* md5 = nullptr;
  std::string etag;
  std::string md5_b64;  // from x-goog-hash
};

size_t OnData(char* ptr, size_t size, size_t nmemb, void* user) {
  auto* d = static_cast<Download*>(user);
  const size_t n = size * nmemb;
  if (d->bytes + n > d->max_bytes) {
    d->too_big = true;
    return 0;  // makes curl fail with CURLE_WRITE_ERROR
  }
  d->bytes += n;
  EVP_DigestUpdate(d->md5, ptr, n);
  return std::fwrite(ptr, 1, n, d->file) == n ? n : 0;
}

std::string_view TrimView(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == '\r' || s.back() == '\n' || s.back() == ' '))
    s.remove_suffix(1);
  return s;
}

size_t OnHeader(char* buffer, size_t size, size_t nitems, void* user) {
  auto* d = static_cast<Download*>(user);
  const size_t n = size * nitems;
  const std::string_view line(buffer, n);
  const size_t colon = line.find(':');
  if (colon == std::string_view::npos) {
    // A new status line (after a redirect) starts a new header set.
    if (StartsWith(line, "HTTP/")) {
      d->etag.clear();
      d->md5_b64.clear();
    }
    return n;
  }
  const std::string name = ToLower(line.substr(0, colon));
  const std::string_view value = TrimView(line.substr(colon + 1));
  // The ETag goes back in a request header and into the database: printable ASCII only.
  if (name == "etag" && value.size() <= 1024 &&
      std::all_of(value.begin(), value.end(), [](char c) { return c >= ' ' && c <= '~'; })) {
    d->etag = std::string(value);
  }
  if (name == "x-goog-hash") {
    // "crc32c=...,md5=..." in one header or several headers.
    for (const std::string& part : Split(value, ',')) {
      const std::string_view p = TrimView(part);
      if (StartsWith(p, "md5=")) d->md5_b64 = std::string(p.substr(4));
    }
  }
  return n;
}

bool IsLoopbackHttp(const std::string& url) {
  for (const char* prefix :
       {"http://127.0.0.1:", "http://127.0.0.1/", "http://localhost:", "http://localhost/"}) {
    if (StartsWith(url, prefix)) return true;
  }
  return false;
}

std::string Base64(const unsigned char* data, size_t n) {
  std::string out(4 * ((n + 2) / 3) + 1, '\0');
  const int len =
      EVP_EncodeBlock(reinterpret_cast<unsigned char*>(out.data()), data, static_cast<int>(n));
  out.resize(static_cast<size_t>(len));
  return out;
}

// The libcurl functions Fledger calls, bound from the library loaded on first use.
struct CurlApi {
  decltype(&curl_global_init) global_init = nullptr;
  decltype(&curl_easy_init) easy_init = nullptr;
  decltype(&curl_easy_cleanup) easy_cleanup = nullptr;
  decltype(&curl_easy_setopt) setopt = nullptr;
  decltype(&curl_easy_perform) perform = nullptr;
  decltype(&curl_easy_getinfo) getinfo = nullptr;
  decltype(&curl_easy_strerror) strerror = nullptr;
  decltype(&curl_slist_append) slist_append = nullptr;
  decltype(&curl_slist_free_all) slist_free_all = nullptr;
};

Result<CurlApi> LoadCurl() {
  FLEDGER_TRY(const SharedLibrary lib, SharedLibrary::Open(FLEDGER_CURL_SONAME));
  CurlApi api;
  FLEDGER_RETURN_IF_ERROR(lib.Bind(api.global_init, "curl_global_init"));
  FLEDGER_RETURN_IF_ERROR(lib.Bind(api.easy_init, "curl_easy_init"));
  FLEDGER_RETURN_IF_ERROR(lib.Bind(api.easy_cleanup, "curl_easy_cleanup"));
  FLEDGER_RETURN_IF_ERROR(lib.Bind(api.setopt, "curl_easy_setopt"));
  FLEDGER_RETURN_IF_ERROR(lib.Bind(api.perform, "curl_easy_perform"));
  FLEDGER_RETURN_IF_ERROR(lib.Bind(api.getinfo, "curl_easy_getinfo"));
  FLEDGER_RETURN_IF_ERROR(lib.Bind(api.strerror, "curl_easy_strerror"));
  FLEDGER_RETURN_IF_ERROR(lib.Bind(api.slist_append, "curl_slist_append"));
  FLEDGER_RETURN_IF_ERROR(lib.Bind(api.slist_free_all, "curl_slist_free_all"));
  api.global_init(CURL_GLOBAL_DEFAULT);
  return api;
}

// Loads and initialises libcurl once per process.
Result<const CurlApi*> Curl() {
  static const Result<CurlApi> api = LoadCurl();
  if (!api.ok()) return api.error();
  return &api.value();
}

// One ecosystem: download, verify, import. Fills `u` and never throws.
void UpdateOne(const CurlApi& api, VulnDb& db, const UpdateOptions& options, EcosystemUpdate& u) {
  const auto fail = [&u](ValidationStep step, const std::string& message) {
    u.outcome = UpdateOutcome::kFailed;
    u.error = step == ValidationStep::kNone ? Error{ErrorCode::kIo, message, u.url}
                                            : InputError(step, u.url, message);
  };
  Result<std::string> etag = db.SourceETag(u.url);
  if (!etag.ok()) {
    u.error = etag.error();
    return;
  }
  // The archive goes to a private temporary file that is removed whatever happens.
  std::string tmpl = (std::filesystem::temp_directory_path() / "fledger-osv-XXXXXX").string();
  const int fd = mkstemp(tmpl.data());
  if (fd < 0) return fail(ValidationStep::kNone, "cannot create a temporary file");
  struct Cleanup {
    std::string path;
    ~Cleanup() { std::remove(path.c_str()); }
  } cleanup{tmpl};
  Download d;
  d.file = fdopen(fd, "wb");
  if (d.file == nullptr) {
    close(fd);
    return fail(ValidationStep::kNone, "cannot open a temporary file");
  }
  d.max_bytes = options.max_bytes;
  std::unique_ptr<EVP_MD_CTX, decltype(&EVP_MD_CTX_free)> md5(EVP_MD_CTX_new(), EVP_MD_CTX_free);
  d.md5 = md5.get();
  EVP_DigestInit_ex(d.md5, EVP_md5(), nullptr);

  std::unique_ptr<CURL, decltype(&curl_easy_cleanup)> curl(api.easy_init(), api.easy_cleanup);
  if (!curl) {
    std::fclose(d.file);
    return fail(ValidationStep::kNone, "cannot initialise libcurl");
  }
  CURL* c = curl.get();
  const bool loopback = IsLoopbackHttp(u.url);
  api.setopt(c, CURLOPT_URL, u.url.c_str());
  api.setopt(c, CURLOPT_PROTOCOLS_STR, loopback ? "http" : "https");
  // Redirects stay on HTTPS (a loopback test server may redirect within HTTP).
  api.setopt(c, CURLOPT_FOLLOWLOCATION, 1L);
  api.setopt(c, CURLOPT_MAXREDIRS, 5L);
  api.setopt(c, CURLOPT_REDIR_PROTOCOLS_STR, loopback ? "http" : "https");
  api.setopt(c, CURLOPT_TIMEOUT, static_cast<long>(options.timeout.count()));
  api.setopt(c, CURLOPT_CONNECTTIMEOUT, 30L);
  api.setopt(c, CURLOPT_NOSIGNAL, 1L);
  api.setopt(c, CURLOPT_FAILONERROR, 0L);
  api.setopt(c, CURLOPT_MAXFILESIZE_LARGE, static_cast<curl_off_t>(options.max_bytes));
  api.setopt(c, CURLOPT_USERAGENT, "fledger/" FLEDGER_VERSION);
  api.setopt(c, CURLOPT_WRITEFUNCTION, OnData);
  api.setopt(c, CURLOPT_WRITEDATA, &d);
  api.setopt(c, CURLOPT_HEADERFUNCTION, OnHeader);
  api.setopt(c, CURLOPT_HEADERDATA, &d);
  // Only identity bytes: x-goog-hash is the MD5 of the stored object, not of a re-encoding.
  api.setopt(c, CURLOPT_ACCEPT_ENCODING, nullptr);
  std::unique_ptr<curl_slist, decltype(&curl_slist_free_all)> headers(nullptr, api.slist_free_all);
  if (!etag.value().empty()) {
    const std::string h = "If-None-Match: " + etag.value();
    headers.reset(api.slist_append(nullptr, h.c_str()));
    api.setopt(c, CURLOPT_HTTPHEADER, headers.get());
  }
  const CURLcode rc = api.perform(c);
  const bool closed_ok = std::fclose(d.file) == 0;
  u.bytes = d.bytes;
  if (d.too_big || rc == CURLE_FILESIZE_EXCEEDED) {
    return fail(ValidationStep::kSize,
                "download larger than " + std::to_string(options.max_bytes) + " bytes");
  }
  if (rc != CURLE_OK) {
    return fail(ValidationStep::kNone, std::string("download failed: ") + api.strerror(rc));
  }
  if (!closed_ok) return fail(ValidationStep::kNone, "cannot write the temporary file");
  long status = 0;
  api.getinfo(c, CURLINFO_RESPONSE_CODE, &status);
  if (status == 304) {
    fledger::Status marked = db.MarkSourceChecked(u.url);
    if (!marked.ok()) {
      u.error = marked.error();
      return;
    }
    u.outcome = UpdateOutcome::kUnchanged;
    return;
  }
  if (status != 200) {
    return fail(ValidationStep::kOrigin, "server answered HTTP " + std::to_string(status));
  }
  if (!d.md5_b64.empty()) {
    unsigned char digest[EVP_MAX_MD_SIZE];
    unsigned int len = 0;
    EVP_DigestFinal_ex(d.md5, digest, &len);
    if (Base64(digest, len) != d.md5_b64) {
      return fail(ValidationStep::kLexical,
                  "MD5 of the download does not match the server's x-goog-hash");
    }
  }
  Result<ImportStats> stats = db.ReplaceSourceFromArchive(tmpl, u.url, d.etag, options.limits);
  if (!stats.ok()) {
    u.outcome = UpdateOutcome::kFailed;
    u.error = stats.error();
    return;
  }
  u.stats = std::move(stats).value();
  u.outcome = UpdateOutcome::kUpdated;
}

}  // namespace

std::string EcosystemArchiveUrl(const std::string& base_url, const std::string& ecosystem) {
  std::string base = base_url;
  while (!base.empty() && base.back() == '/') base.pop_back();
  std::string encoded;
  for (const unsigned char ch : ecosystem) {
    if (std::isalnum(ch) || ch == '-' || ch == '.' || ch == '_' || ch == '~') {
      encoded += static_cast<char>(ch);
    } else {
      char buf[4];
      std::snprintf(buf, sizeof buf, "%%%02X", ch);
      encoded += buf;
    }
  }
  return base + "/" + encoded + "/all.zip";
}

Result<std::vector<EcosystemUpdate>> Update(VulnDb& db, const UpdateOptions& options) {
  if (!StartsWith(options.base_url, "https://") && !IsLoopbackHttp(options.base_url + "/")) {
    return InputError(ValidationStep::kOrigin, options.base_url,
                      "the OSV base URL must use https:// (http:// only for 127.0.0.1 and "
                      "localhost)");
  }
  if (options.ecosystems.empty()) {
    return Error{ErrorCode::kUsage, "no ecosystem to update"};
  }
  for (const std::string& e : options.ecosystems) {
    if (e.empty() || e.size() > 100 || e.find('/') != std::string::npos || e == "." || e == ".." ||
        !IsValidUtf8(e)) {
      return InputError(ValidationStep::kLexical, "ecosystem",
                        "invalid ecosystem name '" + EscapeTerminal(Truncate(e, 60)) + "'");
    }
  }
  FLEDGER_TRY(const CurlApi* api, Curl());
  std::vector<EcosystemUpdate> out;
  for (const std::string& e : options.ecosystems) {
    EcosystemUpdate u;
    u.ecosystem = e;
    u.url = EcosystemArchiveUrl(options.base_url, e);
    UpdateOne(*api, db, options, u);
    out.push_back(std::move(u));
  }
  return out;
}

}  // namespace fledger::sca::osv

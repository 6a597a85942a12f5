// `db update` against a small HTTP server started inside the test on 127.0.0.1: 200 with an
// ETag, 304 on If-None-Match, a corrupted zip, a wrong x-goog-hash MD5, 404 and an oversized
// download. Every failure leaves the previous data in place.
#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <openssl/evp.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <mutex>
#include <thread>

#include "sca/osv/update.h"
#include "sca/osv_zip.h"
#include "test_util.h"

namespace fledger::sca::osv {
namespace {

using fledger::testing::MiniRecord;
using fledger::testing::ReadFile;
using fledger::testing::TempDir;
using fledger::testing::WriteZip;

// What the server answers to the next requests.
struct Reply {
  int status = 200;
  std::string body;
  std::string etag;
  std::string md5_header;  // value of x-goog-hash, "" for none
};

// A one-thread HTTP/1.1 server on 127.0.0.1 (port 0: the kernel picks), one request per
// connection. Records the last request's If-None-Match and path.
class TestServer {
 public:
  TestServer() {
    fd_ = socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    addr.sin_port = 0;
    EXPECT_EQ(bind(fd_, reinterpret_cast<sockaddr*>(&addr), sizeof addr), 0);
    EXPECT_EQ(listen(fd_, 8), 0);
    socklen_t len = sizeof addr;
    getsockname(fd_, reinterpret_cast<sockaddr*>(&addr), &len);
    port_ = ntohs(addr.sin_port);
    thread_ = std::thread([this] { Serve(); });
  }
  ~TestServer() {
    stop_ = true;
    shutdown(fd_, SHUT_RDWR);
    close(fd_);
    thread_.join();
  }
  std::string base() const { return "http://127.0.0.1:" + std::to_string(port_); }
  void Set(Reply r) {
    std::lock_guard<std::mutex> lock(mu_);
    reply_ = std::move(r);
  }
  std::string last_if_none_match() {
    std::lock_guard<std::mutex> lock(mu_);
    return if_none_match_;
  }
  std::string last_path() {
    std::lock_guard<std::mutex> lock(mu_);
    return path_;
  }

 private:
  void Serve() {
    while (!stop_) {
      const int c = accept(fd_, nullptr, nullptr);
      if (c < 0) return;
      std::string request;
      char buf[4096];
      while (request.find("\r\n\r\n") == std::string::npos) {
        const ssize_t n = read(c, buf, sizeof buf);
        if (n <= 0) break;
        request.append(buf, static_cast<size_t>(n));
      }
      Reply r;
      {
        std::lock_guard<std::mutex> lock(mu_);
        const size_t sp = request.find(' ');
        path_ = request.substr(sp + 1, request.find(' ', sp + 1) - sp - 1);
        if_none_match_.clear();
        const size_t h = request.find("If-None-Match: ");
        if (h != std::string::npos) {
          if_none_match_ = request.substr(h + 15, request.find("\r\n", h) - h - 15);
        }
        r = reply_;
      }
      if (!r.etag.empty() && r.etag == if_none_match_) r = Reply{304, "", r.etag, ""};
      std::string head = "HTTP/1.1 " + std::to_string(r.status) +
                         " X\r\nContent-Length: " + std::to_string(r.body.size()) +
                         "\r\nConnection: close\r\n";
      if (!r.etag.empty()) head += "ETag: " + r.etag + "\r\n";
      if (!r.md5_header.empty()) head += "x-goog-hash: " + r.md5_header + "\r\n";
      head += "\r\n";
      const std::string out = head + r.body;
      size_t sent = 0;
      while (sent < out.size()) {
        const ssize_t n = write(c, out.data() + sent, out.size() - sent);
        if (n <= 0) break;
        sent += static_cast<size_t>(n);
      }
      close(c);
    }
  }

  int fd_ = -1;
  int port_ = 0;
  std::atomic<bool> stop_{false};
  std::thread thread_;
  std::mutex mu_;
  Reply reply_;
  std::string if_none_match_, path_;
};

std::string Md5Base64(const std::string& data) {
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int len = 0;
  EVP_Digest(data.data(), data.size(), digest, &len, EVP_md5(), nullptr);
  std::string out(32, '\0');
  out.resize(static_cast<size_t>(EVP_EncodeBlock(reinterpret_cast<unsigned char*>(out.data()),
                                                 digest, static_cast<int>(len))));
  return out;
}

std::string ZipBytes(const TempDir& dir,
                     const std::vector<std::pair<std::string, std::string>>& e) {
  const auto path = dir.path() / "build.zip";
  EXPECT_TRUE(WriteZip(path, e));
  return ReadFile(path);
}

class OsvUpdateTest : public ::testing::Test {
 protected:
  void SetUp() override {
    db_ = std::make_unique<VulnDb>(VulnDb::Open(dir_.path() / "vulns.db").value());
    options_.base_url = server_.base();
    options_.ecosystems = {"PyPI"};
    options_.timeout = std::chrono::seconds(20);
  }
  EcosystemUpdate Run() {
    auto r = Update(*db_, options_);
    EXPECT_TRUE(r.ok());
    EXPECT_EQ(r.value().size(), 1u);
    return r.value().at(0);
  }
  std::vector<std::string> Ids(const char* name) {
    return db_->FindRecordIds("PyPI", name).value();
  }

  TempDir dir_;
  TestServer server_;
  std::unique_ptr<VulnDb> db_;
  UpdateOptions options_;
};

TEST_F(OsvUpdateTest, DownloadsVerifiesAndSwapsAtomically) {
  const std::string v1 = ZipBytes(
      dir_,
      {{"PYSEC-1.json", MiniRecord("PYSEC-1", "2024-01-01T00:00:00Z", "PyPI", "alpha", "0", "1.0")},
       {"PYSEC-2.json",
        MiniRecord("PYSEC-2", "2024-01-01T00:00:00Z", "PyPI", "beta", "0", "1.0")}});
  server_.Set({200, v1, "\"etag-1\"", "crc32c=AAAAAA==,md5=" + Md5Base64(v1)});
  EcosystemUpdate u = Run();
  ASSERT_EQ(u.outcome, UpdateOutcome::kUpdated) << (u.error ? u.error->ToString() : "");
  EXPECT_EQ(server_.last_path(), "/PyPI/all.zip");
  EXPECT_EQ(server_.last_if_none_match(), "");
  EXPECT_EQ(u.stats.records_inserted, 2);
  EXPECT_EQ(u.bytes, v1.size());
  EXPECT_EQ(db_->SourceETag(u.url).value(), "\"etag-1\"");
  EXPECT_EQ(Ids("alpha"), std::vector<std::string>{"PYSEC-1"});

  // 304: the stored ETag is sent back and nothing changes.
  u = Run();
  EXPECT_EQ(u.outcome, UpdateOutcome::kUnchanged);
  EXPECT_EQ(server_.last_if_none_match(), "\"etag-1\"");

  // A new archive replaces the source: PYSEC-2 is gone, PYSEC-3 is in.
  const std::string v2 = ZipBytes(
      dir_,
      {{"PYSEC-1.json", MiniRecord("PYSEC-1", "2024-02-01T00:00:00Z", "PyPI", "alpha", "0", "2.0")},
       {"PYSEC-3.json",
        MiniRecord("PYSEC-3", "2024-01-01T00:00:00Z", "PyPI", "gamma", "0", "1.0")}});
  server_.Set({200, v2, "\"etag-2\"", "md5=" + Md5Base64(v2)});
  u = Run();
  ASSERT_EQ(u.outcome, UpdateOutcome::kUpdated) << (u.error ? u.error->ToString() : "");
  EXPECT_TRUE(Ids("beta").empty());
  EXPECT_EQ(Ids("gamma"), std::vector<std::string>{"PYSEC-3"});
  EXPECT_EQ(db_->GetRecord("PYSEC-1").value()->modified, "2024-02-01T00:00:00Z");
  const DbStatus status = db_->Status().value();
  ASSERT_EQ(status.sources.size(), 1u);
  EXPECT_EQ(status.sources[0].kind, "url");
  EXPECT_EQ(status.sources[0].records, 2);
  EXPECT_EQ(status.age_days, 0);  // checked just now
}

TEST_F(OsvUpdateTest, FailuresLeaveTheOldDataInPlace) {
  const std::string good = ZipBytes(
      dir_, {{"PYSEC-1.json",
              MiniRecord("PYSEC-1", "2024-01-01T00:00:00Z", "PyPI", "alpha", "0", "1.0")}});
  server_.Set({200, good, "\"e1\"", ""});
  ASSERT_EQ(Run().outcome, UpdateOutcome::kUpdated);

  const std::string with_bad_entry = ZipBytes(
      dir_,
      {{"PYSEC-9.json", MiniRecord("PYSEC-9", "2024-01-01T00:00:00Z", "PyPI", "delta", "0", "1.0")},
       {"bad.json", R"({"id":"BAD-1"})"}});
  struct Case {
    const char* name;
    Reply reply;
    uint64_t max_bytes;
    ValidationStep step;
  };
  const std::vector<Case> cases = {
      {"corrupted zip",
       {200, std::string("PK\x03\x04", 4) + std::string(200, 'z'), "\"e2\"", ""},
       1 << 20,
       ValidationStep::kSyntax},
      {"a record that does not parse",
       {200, with_bad_entry, "\"e3\"", ""},
       1 << 20,
       ValidationStep::kSemantics},
      {"wrong md5",
       {200, good, "\"e4\"", "md5=" + Md5Base64("something else")},
       1 << 20,
       ValidationStep::kLexical},
      {"404", {404, "not found", "", ""}, 1 << 20, ValidationStep::kOrigin},
      {"oversized", {200, std::string(5000, 'x'), "\"e5\"", ""}, 1000, ValidationStep::kSize},
  };
  for (const Case& c : cases) {
    server_.Set(c.reply);
    options_.max_bytes = c.max_bytes;
    EcosystemUpdate u = Run();
    EXPECT_EQ(u.outcome, UpdateOutcome::kFailed) << c.name;
    ASSERT_TRUE(u.error.has_value()) << c.name;
    EXPECT_EQ(u.error->step, c.step) << c.name << ": " << u.error->ToString();
    EXPECT_NE(u.error->ToString().find("/PyPI/all.zip"), std::string::npos) << c.name;
    EXPECT_EQ(Ids("alpha"), std::vector<std::string>{"PYSEC-1"}) << c.name;
    EXPECT_TRUE(Ids("delta").empty()) << c.name;
    EXPECT_EQ(db_->SourceETag(u.url).value(), "\"e1\"") << c.name;
  }
}

TEST_F(OsvUpdateTest, RefusesPlainHttpToOtherHosts) {
  options_.base_url = "http://example.com";
  Result<std::vector<EcosystemUpdate>> r = Update(*db_, options_);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().step, ValidationStep::kOrigin);
  options_.base_url = server_.base();
  options_.ecosystems = {"../etc"};
  EXPECT_FALSE(Update(*db_, options_).ok());
  EXPECT_EQ(EcosystemArchiveUrl("https://h/", "Debian:12"), "https://h/Debian%3A12/all.zip");
}

}  // namespace
}  // namespace fledger::sca::osv

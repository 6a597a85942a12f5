// Throttled, single-line progress drawing on stderr.
#include "core/progress.h"

#include <cstdio>

#include "core/text.h"

namespace fledger {
namespace {
std::atomic<bool> g_enabled{false};
}

void SetProgressEnabled(bool enabled) { g_enabled = enabled; }
bool ProgressEnabled() { return g_enabled; }

Progress::Progress(std::string label, uint64_t total)
    : label_(EscapeTerminal(label)), total_(total) {}

Progress::~Progress() {
  if (drawn_) std::fprintf(stderr, "\r\x1b[2K");
}

void Progress::Advance(uint64_t n) {
  const uint64_t done = done_ += n;
  if (!g_enabled) return;
  Draw(done);
}

void Progress::Draw(uint64_t done) {
  std::lock_guard<std::mutex> lock(mu_);
  const auto now = std::chrono::steady_clock::now();
  if (drawn_ && now - last_draw_ < std::chrono::milliseconds(100) && done < total_) return;
  last_draw_ = now;
  drawn_ = true;
  const int width = 30;
  const int filled = total_ == 0 ? width : static_cast<int>(width * done / total_);
  std::string bar(static_cast<size_t>(filled), '#');
  bar.append(static_cast<size_t>(width - filled), '.');
  std::fprintf(stderr, "\r\x1b[2K%s [%s] %llu/%llu", label_.c_str(), bar.c_str(),
               static_cast<unsigned long long>(done), static_cast<unsigned long long>(total_));
  std::fflush(stderr);
}

}  // namespace fledger

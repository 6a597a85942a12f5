// A progress bar on stderr, shown only when stderr is a terminal and --quiet is off.
//
//   Progress p("searching", files.size());
//   p.Advance();  // from any thread
#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>
#include <mutex>
#include <string>

namespace fledger {

// Globally enables or disables progress output (the CLI sets it from isatty and --quiet).
void SetProgressEnabled(bool enabled);
bool ProgressEnabled();

class Progress {
 public:
  Progress(std::string label, uint64_t total);
  ~Progress();  // clears the line
  Progress(const Progress&) = delete;
  Progress& operator=(const Progress&) = delete;
  void Advance(uint64_t n = 1);

 private:
  void Draw(uint64_t done);
  std::string label_;
  uint64_t total_;
  std::atomic<uint64_t> done_{0};
  std::mutex mu_;
  std::chrono::steady_clock::time_point last_draw_{};
  bool drawn_ = false;
};

}  // namespace fledger

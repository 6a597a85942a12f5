// The scanning engine: one Vectorscan database holds every rule's pattern in prefilter mode (a
// superset of its matches; a pattern Vectorscan cannot take is represented by its literal
// keywords instead), so one pass over the text yields the few places where a rule may match.
// RE2 then runs on the line (or, for multiline rules, the block) around each such place for the
// exact span and the secret's capture group, and the rule's validators decide.
//
//   FLEDGER_TRY(Engine engine, Engine::Compile(rule_set.rules, {.cache_dir = DefaultCacheDir()}));
//   Engine::Scratch scratch = engine.NewScratch();   // one per thread
//   for (const Hit& h : engine.Scan(text, scratch)) ...
#pragma once

#include <filesystem>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"
#include "secrets/rules.h"

namespace fledger::secrets {

struct Hit {
  const Rule* rule = nullptr;
  size_t begin = 0, end = 0;              // the secret's span in the text
  size_t match_begin = 0, match_end = 0;  // the whole match
  Confidence confidence = Confidence::kHigh;
  std::string note;  // validator note (confidence lowered)
};

// A candidate a validator dropped, for `rules check` and -v.
struct Dropped {
  const Rule* rule = nullptr;
  size_t begin = 0, end = 0;
  std::string reason;
};

struct CompileOptions {
  // Where compiled Vectorscan databases are kept between runs, keyed by a hash of the patterns,
  // the Vectorscan version and the CPU; empty: compile every time. Compiling the built-in rules
  // takes about half a second, loading them from the cache a few milliseconds.
  std::filesystem::path cache_dir;
};

// $FLEDGER_CACHE_DIR if set (set and empty: no cache), else $XDG_CACHE_HOME/fledger, else
// $HOME/.cache/fledger; empty if none of them is known.
std::filesystem::path DefaultCacheDir();

class Engine {
 public:
  // Compiles the rules; an error names the rule whose pattern or keyword was refused.
  static Result<Engine> Compile(std::vector<Rule> rules, const CompileOptions& options = {});

  // How many rules Vectorscan holds as patterns; the others are represented by keywords.
  size_t prefiltered_rules() const;

  class Scratch {
   public:
    Scratch(Scratch&&) noexcept;
    Scratch& operator=(Scratch&&) noexcept;
    ~Scratch();

   private:
    friend class Engine;
    Scratch() = default;
    struct Impl;
    std::unique_ptr<Impl> impl_;
  };
  // Per-thread working memory for Scan.
  Scratch NewScratch() const;

  // Every secret in `text`, sorted by position; overlapping hits of several rules keep the most
  // confident (then the longer). `dropped`, when given, receives what validators rejected.
  std::vector<Hit> Scan(std::string_view text, Scratch& scratch,
                        std::vector<Dropped>* dropped = nullptr) const;

  const std::vector<Rule>& rules() const;

  Engine(Engine&&) noexcept;
  Engine& operator=(Engine&&) noexcept;
  ~Engine();

 private:
  struct Impl;
  explicit Engine(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

// Scratch spaces shared by scanning threads: each takes one per text and gives it back after, so
// there are never more of them than threads scanning at once.
class ScratchPool {
 public:
  explicit ScratchPool(const Engine& engine) : engine_(engine) {}
  Engine::Scratch Take();
  void Give(Engine::Scratch s);
  const Engine& engine() const { return engine_; }

 private:
  const Engine& engine_;
  std::mutex mu_;
  std::vector<Engine::Scratch> free_;
};

// The redacted form of a secret for output: the rule's keyword when the secret starts with it
// (a provider prefix such as `ghp_`), then `***` and the length: "ghp_*** (40 chars)".
std::string RedactSecret(const Rule& rule, std::string_view secret);

}  // namespace fledger::secrets

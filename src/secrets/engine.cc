// One Vectorscan pass over the text finds every place where a rule may match: the database holds
// each rule's pattern in prefilter mode (never a false negative, sometimes a false positive),
// and the literal keywords of the few rules whose patterns Vectorscan refuses. RE2 then confirms
// each place on the line around it (the block before it for multiline rules) for the exact span
// and the capture groups, and the validators decide.
#include "secrets/engine.h"

#include <hs/hs.h>
#include <re2/re2.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <map>
#include <mutex>
#include <optional>

#include "core/input.h"
#include "core/log.h"
#include "core/text.h"
#include "secrets/validators.h"

namespace fledger::secrets {
namespace {

namespace stdfs = std::filesystem;

struct CompiledRule {
  std::shared_ptr<const RE2> re;
  int secret_group = 0;  // 0: the whole match
};

// A place where a rule may match: Vectorscan expression `id` reported match ends from `first`
// to `last` (consecutive ends of one expression are merged: a pattern ending in a repeated class
// reports one end per character of the run).
struct Trigger {
  unsigned id;
  size_t first, last;
};

// Past this many separate triggers in one text (a pathological file), the rest of it is not
// searched: the memory for triggers stays bounded.
constexpr size_t kMaxTriggers = size_t{1} << 20;

int OnMatch(unsigned int id, unsigned long long /*from*/, unsigned long long to,
            unsigned int /*flags*/, void* context) {
  auto& triggers = *static_cast<std::vector<Trigger>*>(context);
  const auto end = static_cast<size_t>(to);
  // Most consecutive ends arrive back to back; merging only with the last one keeps this O(1).
  if (!triggers.empty() && triggers.back().id == id && end >= triggers.back().last &&
      end - triggers.back().last <= 1) {
    triggers.back().last = end;
    return 0;
  }
  if (triggers.size() >= kMaxTriggers) return 1;  // stops the scan
  triggers.push_back({id, end, end});
  return 0;
}

// Start of the line holding `pos`, looking back at most `limit` bytes.
size_t LineStart(std::string_view text, size_t pos, size_t limit) {
  const size_t floor = pos > limit ? pos - limit : 0;
  while (pos > floor && text[pos - 1] != '\n') --pos;
  return pos;
}

// End of the line holding `pos` (the newline's offset), looking ahead at most `limit` bytes.
size_t LineEnd(std::string_view text, size_t pos, size_t limit) {
  const size_t ceiling = std::min(text.size(), pos + limit);
  const void* nl = pos < ceiling ? std::memchr(text.data() + pos, '\n', ceiling - pos) : nullptr;
  return nl ? static_cast<size_t>(static_cast<const char*>(nl) - text.data()) : ceiling;
}

// Largest RE2 program (instructions) of a rule whose pattern goes into the Vectorscan database;
// the built-in rules stay far below (at most about 1 100).
constexpr int kMaxPrefilterProgramSize = 3000;

// Capture groups one search fills: the secret's group must be among them.
constexpr int kMaxGroups = 16;

// How far ahead of a keyword one search reaches on a long line (keyword-only rules).
constexpr size_t kLongLineWindow = 64 * 1024;

bool Better(const Hit& a, const Hit& b) {
  if (a.confidence != b.confidence) return a.confidence > b.confidence;
  return a.end - a.begin > b.end - b.begin;
}

// `pattern` without its ^ and $ assertions (outside character classes): a superset of it. Vectorscan
// 5.4 misses some matches of a ^-anchored multiline pattern after a long line, even in prefilter
// mode (found with `SERVICE_SECRET=...` after a line of 72 characters); without the anchors it
// does not, and RE2 applies them when it confirms.
std::string WithoutAnchors(std::string_view pattern) {
  std::string out;
  out.reserve(pattern.size());
  bool in_class = false;
  for (size_t i = 0; i < pattern.size(); ++i) {
    const char c = pattern[i];
    if (c == '\\' && i + 1 < pattern.size()) {
      out += c;
      out += pattern[++i];
      continue;
    }
    if (in_class) {
      if (c == ']') in_class = false;
      out += c;
      continue;
    }
    if (c == '[') {
      in_class = true;
      out += c;
      // A ] right after [ or [^ is a literal member, not the end of the class.
      if (i + 1 < pattern.size() && pattern[i + 1] == '^') out += pattern[++i];
      if (i + 1 < pattern.size() && pattern[i + 1] == ']') out += pattern[++i];
      continue;
    }
    if (c == '^' || c == '$') continue;
    out += c;
  }
  return out;
}

// A pattern as Vectorscan takes it: RE2's leading inline flags become compile flags. nullopt if
// the pattern uses a flag Vectorscan has no equivalent for (then the rule's keywords stand in).
std::optional<std::pair<std::string, unsigned>> ForVectorscan(std::string_view pattern) {
  unsigned flags = HS_FLAG_PREFILTER;
  if (StartsWith(pattern, "(?")) {
    const size_t close = pattern.find(')');
    const std::string_view set = close == std::string_view::npos ? "" : pattern.substr(2, close - 2);
    if (!set.empty() && set.find_first_not_of("imsU") == std::string_view::npos) {
      if (set.find('U') != std::string_view::npos) return std::nullopt;
      if (set.find('i') != std::string_view::npos) flags |= HS_FLAG_CASELESS;
      if (set.find('m') != std::string_view::npos) flags |= HS_FLAG_MULTILINE;
      if (set.find('s') != std::string_view::npos) flags |= HS_FLAG_DOTALL;
      pattern.remove_prefix(close + 1);
    }
  }
  return std::make_pair(WithoutAnchors(pattern), flags);
}

// A literal as a Vectorscan expression: every byte but letters and digits escaped.
std::string LiteralExpression(std::string_view literal) {
  std::string out;
  for (const char c : literal) {
    if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')) {
      out += c;
    } else {
      char buf[8];
      std::snprintf(buf, sizeof(buf), "\\x%02x", static_cast<unsigned char>(c));
      out += buf;
    }
  }
  return out;
}

constexpr size_t kMaxCachedDatabaseBytes = 64u << 20;

std::string PlatformKey() {
  hs_platform_info_t platform{};
  if (hs_populate_platform(&platform) != HS_SUCCESS) return "unknown";
  return std::to_string(platform.tune) + "/" + std::to_string(platform.cpu_features);
}

hs_database_t* LoadCached(const stdfs::path& file) {
  std::error_code ec;
  if (!stdfs::is_regular_file(file, ec)) return nullptr;
  const Result<std::string> bytes = ReadTextFile(
      file, ReadLimits{.max_bytes = kMaxCachedDatabaseBytes, .require_utf8 = false, .allow_nul = true});
  if (!bytes.ok()) return nullptr;
  // Deserialising checks the database's version, platform and checksum.
  hs_database_t* db = nullptr;
  if (hs_deserialize_database(bytes.value().data(), bytes.value().size(), &db) != HS_SUCCESS) {
    Log(LogLevel::kDebug, "ignoring unusable rule cache " + file.string());
    return nullptr;
  }
  return db;
}

// Keeps the newest kKeptCaches databases in the cache directory: each rule set (--rules, an
// upgrade) leaves its own.
constexpr size_t kKeptCaches = 8;

void PruneCache(const stdfs::path& dir) {
  std::error_code ec;
  std::vector<std::pair<stdfs::file_time_type, stdfs::path>> files;
  for (const auto& e : stdfs::directory_iterator(dir, ec)) {
    const std::string name = e.path().filename().string();
    if (StartsWith(name, "secrets-") && EndsWith(name, ".hsdb") && e.is_regular_file(ec)) {
      files.emplace_back(e.last_write_time(ec), e.path());
    }
  }
  if (files.size() <= kKeptCaches) return;
  std::sort(files.begin(), files.end());
  for (size_t i = 0; i + kKeptCaches < files.size(); ++i) stdfs::remove(files[i].second, ec);
}

void StoreCached(const stdfs::path& file, const hs_database_t* db) {
  char* bytes = nullptr;
  size_t length = 0;
  if (hs_serialize_database(db, &bytes, &length) != HS_SUCCESS) return;
  std::error_code ec;
  stdfs::create_directories(file.parent_path(), ec);
  const Status written = ec ? Status(InputError(ValidationStep::kOrigin, file.parent_path().string(),
                                                "cannot create: " + ec.message()))
                            : WriteFileAtomic(file, std::string_view(bytes, length));
  std::free(bytes);
  if (!written.ok()) {
    Log(LogLevel::kDebug, "not caching compiled rules: " + written.error().ToString());
    return;
  }
  PruneCache(file.parent_path());
}

}  // namespace

stdfs::path DefaultCacheDir() {
  if (const char* dir = std::getenv("FLEDGER_CACHE_DIR"); dir != nullptr) return dir;
  if (const char* xdg = std::getenv("XDG_CACHE_HOME"); xdg != nullptr && xdg[0] == '/') {
    return stdfs::path(xdg) / "fledger";
  }
  if (const char* home = std::getenv("HOME"); home != nullptr && home[0] == '/') {
    return stdfs::path(home) / ".cache" / "fledger";
  }
  return {};
}

struct Engine::Impl {
  std::vector<Rule> rules;
  std::vector<CompiledRule> compiled;  // each filled once, by Regex()
  std::unique_ptr<std::once_flag[]> once;

  // Rule `i`'s pattern compiled (on first use, from any thread); check re->ok().
  const CompiledRule& Regex(size_t i) {
    std::call_once(once[i], [&] {
      const Rule& r = rules[i];
      CompiledRule& c = compiled[i];
      if (r.regex && r.regex->pattern() == r.pattern) {
        c.re = r.regex;
      } else {
        RE2::Options o;
        o.set_log_errors(false);
        o.set_encoding(RE2::Options::EncodingLatin1);
        c.re = std::make_shared<const RE2>(r.pattern, o);
      }
      if (!c.re->ok()) return;
      const auto& names = c.re->NamedCapturingGroups();
      if (const auto it = names.find("secret"); it != names.end()) {
        c.secret_group = it->second;
      } else {
        c.secret_group = c.re->NumberOfCapturingGroups() >= 1 ? 1 : 0;
      }
    });
    return compiled[i];
  }
  size_t prefiltered = 0;
  // Expression ids below rules.size() are rule patterns; id rules.size() + k is keyword k.
  std::vector<std::vector<size_t>> keyword_rules;  // keyword -> rule indices
  std::vector<size_t> keyword_length;
  hs_database_t* db = nullptr;
  ~Impl() { hs_free_database(db); }
};

struct Engine::Scratch::Impl {
  hs_scratch_t* scratch = nullptr;
  std::vector<Trigger> triggers;
  std::vector<size_t> covered;  // per rule: text before this offset has been searched
  ~Impl() { hs_free_scratch(scratch); }
};

Engine::Engine(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
Engine::Engine(Engine&&) noexcept = default;
Engine& Engine::operator=(Engine&&) noexcept = default;
Engine::~Engine() = default;
Engine::Scratch::Scratch(Scratch&&) noexcept = default;
Engine::Scratch& Engine::Scratch::operator=(Scratch&&) noexcept = default;
Engine::Scratch::~Scratch() = default;

const std::vector<Rule>& Engine::rules() const { return impl_->rules; }
size_t Engine::prefiltered_rules() const { return impl_->prefiltered; }

Result<Engine> Engine::Compile(std::vector<Rule> rules, const CompileOptions& options) {
  auto impl = std::make_unique<Impl>();
  impl->rules = std::move(rules);
  const size_t n = impl->rules.size();
  impl->compiled.resize(n);
  impl->once = std::make_unique<std::once_flag[]>(n);
  std::vector<std::optional<std::pair<std::string, unsigned>>> expressions(n);
  for (size_t i = 0; i < n; ++i) {
    const Rule& r = impl->rules[i];
    // Built-in patterns are compiled when first needed (most never are in a given tree); any
    // other pattern now, so that a bad one is an error here.
    bool heavy = false;
    if (!r.builtin || (r.regex && r.regex->pattern() == r.pattern)) {
      const CompiledRule& c = impl->Regex(i);
      if (!c.re->ok()) {
        return InputError(ValidationStep::kSemantics, r.origin,
                          "pattern of rule '" + r.id.str() + "' does not compile: " + c.re->error());
      }
      // Vectorscan's compile time grows steeply with large counted repeats ([a-z]{1000} takes
      // seconds): such a pattern is represented by its keywords instead.
      heavy = c.re->ProgramSize() > kMaxPrefilterProgramSize;
    }
    if (!heavy) expressions[i] = ForVectorscan(r.pattern);
  }
  if (n == 0) return Engine(std::move(impl));

  // The expressions of one database: each rule's pattern, or its keywords for a rule whose
  // pattern Vectorscan cannot take.
  std::vector<std::string> exprs;
  std::vector<unsigned> flags, ids;
  const auto build = [&] {
    exprs.clear();
    flags.clear();
    ids.clear();
    impl->keyword_rules.clear();
    impl->keyword_length.clear();
    std::map<std::string, unsigned> literal_ids;
    for (size_t i = 0; i < n; ++i) {
      if (expressions[i]) {
        exprs.push_back(expressions[i]->first);
        flags.push_back(expressions[i]->second);
        ids.push_back(static_cast<unsigned>(i));
        continue;
      }
      for (const auto& k : impl->rules[i].keywords) {
        const std::string key = ToLower(k);
        auto [it, fresh] =
            literal_ids.try_emplace(key, static_cast<unsigned>(impl->keyword_rules.size()));
        if (fresh) {
          impl->keyword_rules.emplace_back();
          impl->keyword_length.push_back(key.size());
          exprs.push_back(LiteralExpression(key));
          flags.push_back(HS_FLAG_CASELESS);
          ids.push_back(static_cast<unsigned>(n + it->second));
        }
        auto& owners = impl->keyword_rules[it->second];
        if (owners.empty() || owners.back() != i) owners.push_back(i);
      }
    }
  };
  build();

  stdfs::path cache_file;
  if (!options.cache_dir.empty()) {
    std::string key = std::string("fledger-secrets-v1\n") + hs_version() + "\n" + PlatformKey();
    for (size_t i = 0; i < exprs.size(); ++i) {
      key += "\n" + std::to_string(ids[i]) + ":" + std::to_string(flags[i]) + ":" + exprs[i];
    }
    cache_file = options.cache_dir / ("secrets-" + Sha256Hex(key).substr(0, 32) + ".hsdb");
    impl->db = LoadCached(cache_file);
  }
  // Each refusal names one expression: that rule falls back to its keywords and the rest is
  // compiled again (a bounded number of times, then every rule falls back).
  bool refused = false;
  for (int attempt = 0; impl->db == nullptr; ++attempt) {
    std::vector<const char*> cexprs;
    for (const auto& e : exprs) cexprs.push_back(e.c_str());
    hs_compile_error_t* error = nullptr;
    if (hs_compile_multi(cexprs.data(), flags.data(), ids.data(),
                         static_cast<unsigned>(cexprs.size()), HS_MODE_BLOCK, nullptr, &impl->db,
                         &error) == HS_SUCCESS) {
      break;
    }
    const std::string message = error && error->message ? error->message : "unknown error";
    const int which = error ? error->expression : -1;
    hs_free_compile_error(error);
    impl->db = nullptr;
    const bool any_pattern = std::any_of(expressions.begin(), expressions.end(),
                                         [](const auto& e) { return e.has_value(); });
    if (which >= 0 && ids[static_cast<size_t>(which)] < n && attempt < 16) {
      const size_t rule = ids[static_cast<size_t>(which)];
      Log(LogLevel::kDebug, "rule '" + impl->rules[rule].id.str() +
                                "' is prefiltered by its keywords: Vectorscan: " + message);
      expressions[rule].reset();
    } else if (any_pattern) {
      for (auto& e : expressions) e.reset();
    } else {
      const std::string what = which >= 0 ? "keyword '" + exprs[static_cast<size_t>(which)] + "'"
                                          : "the keywords";
      return InputError(ValidationStep::kSemantics, "secret rules",
                        "Vectorscan refused " + what + ": " + message);
    }
    refused = true;
    build();
  }
  impl->prefiltered = static_cast<size_t>(std::count_if(
      expressions.begin(), expressions.end(), [](const auto& e) { return e.has_value(); }));
  // Only a database of exactly the expressions the key was made of is cached.
  if (!refused && !cache_file.empty()) {
    std::error_code ec;
    if (!stdfs::exists(cache_file, ec)) StoreCached(cache_file, impl->db);
  }
  return Engine(std::move(impl));
}
Engine::Scratch Engine::NewScratch() const {
  Scratch s;
  s.impl_ = std::make_unique<Scratch::Impl>();
  if (impl_->db != nullptr && hs_alloc_scratch(impl_->db, &s.impl_->scratch) != HS_SUCCESS) {
    throw std::bad_alloc();
  }
  return s;
}

std::vector<Hit> Engine::Scan(std::string_view text, Scratch& scratch,
                              std::vector<Dropped>* dropped) const {
  std::vector<Hit> hits;
  if (impl_->db == nullptr || text.empty()) return hits;
  Scratch::Impl& s = *scratch.impl_;
  s.triggers.clear();
  // Texts are bounded by the caller (file size limits far below 4 GiB). A scan stopped at
  // kMaxTriggers still confirms the triggers it collected.
  const hs_error_t scanned = hs_scan(impl_->db, text.data(), static_cast<unsigned>(text.size()),
                                     0, s.scratch, OnMatch, &s.triggers);
  if (scanned != HS_SUCCESS && scanned != HS_SCAN_TERMINATED) return hits;
  if (s.triggers.empty()) return hits;
  const size_t n = impl_->rules.size();
  s.covered.assign(n, 0);
  std::stable_sort(s.triggers.begin(), s.triggers.end(),
                   [](const Trigger& a, const Trigger& b) { return a.last < b.last; });
  re2::StringPiece groups[kMaxGroups];
  const re2::StringPiece all(text.data(), text.size());

  // Runs rule `ri` on text[begin, end) and records what its validators keep.
  const auto search = [&](size_t ri, size_t begin, size_t end) {
    const Rule& rule = impl_->rules[ri];
    const CompiledRule& c = impl_->Regex(ri);
    // A built-in pattern that does not compile (the tests catch it), or a secret group past the
    // 16 this search captures (the reader refuses such rules).
    if (!c.re->ok() || c.secret_group >= kMaxGroups) return;
    const int groups_wanted = c.secret_group + 1;
    size_t pos = begin;
    while (pos < end && c.re->Match(all, pos, end, RE2::UNANCHORED, groups, groups_wanted)) {
      const re2::StringPiece& m = groups[0];
      const re2::StringPiece& sec = groups[c.secret_group];
      const size_t m_begin = static_cast<size_t>(m.data() - text.data());
      const size_t m_end = m_begin + m.size();
      pos = m.empty() ? m_begin + 1 : m_end;
      if (sec.data() == nullptr || sec.empty()) continue;
      const std::string_view secret(sec.data(), sec.size());
      const Verdict v = Validate(rule, secret, std::string_view(m.data(), m.size()));
      const size_t s_begin = static_cast<size_t>(sec.data() - text.data());
      if (!v.keep) {
        if (dropped) dropped->push_back({&rule, s_begin, s_begin + sec.size(), v.note});
        continue;
      }
      hits.push_back({&rule, s_begin, s_begin + sec.size(), m_begin, m_end, v.confidence, v.note});
      if (rule.multiline) s.covered[ri] = std::max(s.covered[ri], m_end);
    }
  };

  for (const Trigger& t : s.triggers) {
    if (t.id < n) {
      // A rule's pattern may end anywhere in [first, last]: search the lines around that.
      const size_t ri = t.id;
      if (t.last <= s.covered[ri]) continue;
      const size_t end = LineEnd(text, t.last, kMaxMatchBytes);
      size_t begin;
      if (impl_->rules[ri].multiline) {
        begin = t.first > kMaxMultilineMatchBytes ? t.first - kMaxMultilineMatchBytes : 0;
        begin = std::max(begin, s.covered[ri]);
        search(ri, begin, end);
      } else {
        begin = LineStart(text, t.first - 1, kMaxMatchBytes);
        // A window that starts before the last one ended overlaps it: what both find is one hit,
        // merged below.
        search(ri, begin, end);
        s.covered[ri] = end;
      }
      continue;
    }
    // A keyword of rules that Vectorscan holds by keyword only.
    const size_t kid = t.id - n;
    const size_t kw_len = impl_->keyword_length[kid];
    for (size_t ri : impl_->keyword_rules[kid]) {
      const Rule& rule = impl_->rules[ri];
      // Consecutive ends of one keyword are overlapping occurrences: the first one starts first.
      const size_t kw_begin = t.first - kw_len;
      size_t begin = LineStart(text, kw_begin, kMaxMatchBytes);
      size_t end;
      if (rule.multiline) {
        end = std::min(text.size(), begin + kMaxMultilineMatchBytes);
        // Matches found so far end before `covered`; search on from there.
        if (t.last <= s.covered[ri]) continue;
        begin = std::max(begin, s.covered[ri]);
        s.covered[ri] = t.last;
      } else {
        // The line, or on a long (minified) line a window reaching kLongLineWindow ahead, so
        // that the keyword hits of one long line cost one search per window, not one each.
        end = LineEnd(text, t.last, kLongLineWindow);
        if (end <= s.covered[ri] || t.last + kMaxMatchBytes <= s.covered[ri]) continue;
        // A window overlaps the previous one by kMaxMatchBytes, so that no match is cut in
        // two; what both find is one hit, merged below.
        const size_t resume = s.covered[ri] > kMaxMatchBytes ? s.covered[ri] - kMaxMatchBytes : 0;
        begin = std::max(begin, resume);
        s.covered[ri] = end;
      }
      search(ri, begin, end);
    }
  }
  // Several rules may match the same secret (a GitHub token assigned to API_KEY), and
  // overlapping windows find one secret twice: keep the most confident, then the longer.
  std::sort(hits.begin(), hits.end(), [](const Hit& a, const Hit& b) {
    if (a.begin != b.begin) return a.begin < b.begin;
    return a.end > b.end;
  });
  std::vector<Hit> kept;
  for (Hit& h : hits) {
    if (!kept.empty() && h.begin < kept.back().end) {
      if (Better(h, kept.back())) kept.back() = std::move(h);
      continue;
    }
    kept.push_back(std::move(h));
  }
  return kept;
}

Engine::Scratch ScratchPool::Take() {
  std::lock_guard<std::mutex> lock(mu_);
  if (free_.empty()) return engine_.NewScratch();
  Engine::Scratch s = std::move(free_.back());
  free_.pop_back();
  return s;
}

void ScratchPool::Give(Engine::Scratch s) {
  std::lock_guard<std::mutex> lock(mu_);
  free_.push_back(std::move(s));
}

std::string RedactSecret(const Rule& rule, std::string_view secret) {
  std::string prefix;
  for (const auto& k : rule.keywords) {
    if (k.size() > prefix.size() && k.size() <= 12 && k.size() * 2 <= secret.size() &&
        ToLower(secret.substr(0, k.size())) == ToLower(k)) {
      prefix = std::string(secret.substr(0, k.size()));
    }
  }
  return EscapeTerminal(prefix) + "*** (" + std::to_string(secret.size()) + " chars)";
}

}  // namespace fledger::secrets

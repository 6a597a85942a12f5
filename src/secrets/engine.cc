// One Vectorscan pass finds every keyword; RE2 then confirms the rules that keyword belongs to on
// the line around it (a window of kMaxMatchBytes either side on long lines, the next
// kMaxMultilineMatchBytes for multiline rules), and the validators decide.
#include "secrets/engine.h"

#include <hs/hs.h>
#include <re2/re2.h>

#include <algorithm>
#include <cstring>
#include <map>

#include "core/text.h"
#include "secrets/validators.h"

namespace fledger::secrets {
namespace {

struct CompiledRule {
  std::unique_ptr<RE2> re;
  int secret_group = 0;  // 0: the whole match
};

struct KeywordHit {
  unsigned id;
  size_t end;
};

int OnKeyword(unsigned int id, unsigned long long /*from*/, unsigned long long to,
              unsigned int /*flags*/, void* context) {
  static_cast<std::vector<KeywordHit>*>(context)->push_back({id, static_cast<size_t>(to)});
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

bool Better(const Hit& a, const Hit& b) {
  if (a.confidence != b.confidence) return a.confidence > b.confidence;
  return a.end - a.begin > b.end - b.begin;
}

}  // namespace

struct Engine::Impl {
  std::vector<Rule> rules;
  std::vector<CompiledRule> compiled;
  std::vector<std::vector<size_t>> keyword_rules;  // literal id -> rule indices
  std::vector<size_t> keyword_length;
  hs_database_t* db = nullptr;
  ~Impl() { hs_free_database(db); }
};

struct Engine::Scratch::Impl {
  hs_scratch_t* scratch = nullptr;
  std::vector<KeywordHit> keywords;
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

Result<Engine> Engine::Compile(std::vector<Rule> rules) {
  auto impl = std::make_unique<Impl>();
  impl->rules = std::move(rules);
  std::map<std::string, unsigned> literal_ids;
  std::vector<std::string> literals;
  RE2::Options o;
  o.set_log_errors(false);
  o.set_encoding(RE2::Options::EncodingLatin1);
  for (size_t i = 0; i < impl->rules.size(); ++i) {
    const Rule& r = impl->rules[i];
    CompiledRule c;
    c.re = std::make_unique<RE2>(r.pattern, o);
    if (!c.re->ok()) {
      return InputError(ValidationStep::kSemantics, r.origin,
                        "pattern of rule '" + r.id.str() + "' does not compile: " + c.re->error());
    }
    const auto& names = c.re->NamedCapturingGroups();
    if (const auto it = names.find("secret"); it != names.end()) {
      c.secret_group = it->second;
    } else {
      c.secret_group = c.re->NumberOfCapturingGroups() >= 1 ? 1 : 0;
    }
    impl->compiled.push_back(std::move(c));
    for (const auto& k : r.keywords) {
      const std::string key = ToLower(k);
      auto [it, fresh] = literal_ids.try_emplace(key, static_cast<unsigned>(literals.size()));
      if (fresh) {
        literals.push_back(key);
        impl->keyword_rules.emplace_back();
      }
      auto& owners = impl->keyword_rules[it->second];
      if (owners.empty() || owners.back() != i) owners.push_back(i);
    }
  }
  if (literals.empty()) return Engine(std::move(impl));
  std::vector<const char*> exprs;
  std::vector<unsigned> flags, ids;
  std::vector<size_t> lens;
  for (unsigned i = 0; i < literals.size(); ++i) {
    exprs.push_back(literals[i].data());
    flags.push_back(HS_FLAG_CASELESS);
    ids.push_back(i);
    lens.push_back(literals[i].size());
    impl->keyword_length.push_back(literals[i].size());
  }
  hs_compile_error_t* error = nullptr;
  if (hs_compile_lit_multi(exprs.data(), flags.data(), ids.data(), lens.data(),
                           static_cast<unsigned>(exprs.size()), HS_MODE_BLOCK, nullptr, &impl->db,
                           &error) != HS_SUCCESS) {
    std::string message = error && error->message ? error->message : "unknown error";
    std::string keyword =
        error && error->expression >= 0 ? literals[static_cast<size_t>(error->expression)] : "";
    hs_free_compile_error(error);
    return InputError(ValidationStep::kSemantics, "secret rules",
                      "Vectorscan refused keyword '" + keyword + "': " + message);
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
  s.keywords.clear();
  // Texts are bounded by the caller (file size limits far below 4 GiB).
  if (hs_scan(impl_->db, text.data(), static_cast<unsigned>(text.size()), 0, s.scratch, OnKeyword,
              &s.keywords) != HS_SUCCESS) {
    return hits;
  }
  if (s.keywords.empty()) return hits;
  s.covered.assign(impl_->rules.size(), 0);
  std::sort(s.keywords.begin(), s.keywords.end(),
            [](const KeywordHit& a, const KeywordHit& b) { return a.end < b.end; });
  re2::StringPiece groups[16];
  const re2::StringPiece all(text.data(), text.size());
  for (const KeywordHit& k : s.keywords) {
    const size_t kw_begin = k.end - impl_->keyword_length[k.id];
    for (size_t ri : impl_->keyword_rules[k.id]) {
      const Rule& rule = impl_->rules[ri];
      const CompiledRule& c = impl_->compiled[ri];
      size_t begin, end;
      if (rule.multiline) {
        begin = LineStart(text, kw_begin, kMaxMatchBytes);
        end = std::min(text.size(), begin + kMaxMultilineMatchBytes);
      } else {
        begin = LineStart(text, kw_begin, kMaxMatchBytes);
        end = LineEnd(text, k.end, kMaxMatchBytes);
      }
      if (k.end <= s.covered[ri] && (rule.multiline || end <= s.covered[ri])) continue;
      begin = std::max(begin, s.covered[ri]);
      // A line-bound rule's matches end at the line: the whole region is done. A multiline
      // match may run past the region, so only what was matched (or the keyword) is done.
      s.covered[ri] = rule.multiline ? k.end : end;
      const int n = c.secret_group + 1;
      size_t pos = begin;
      while (pos < end && c.re->Match(all, pos, end, RE2::UNANCHORED, groups, n)) {
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
        hits.push_back({&rule, s_begin, s_begin + sec.size(), m_begin, m_end, v.confidence,
                        v.note});
        if (rule.multiline) s.covered[ri] = std::max(s.covered[ri], m_end);
      }
    }
  }
  // Several rules may match the same secret (a GitHub token assigned to API_KEY): keep the
  // most confident, then the longer.
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

// The committed-credentials check: every file scanned for private keys, tokens and passwords,
// which evidence shows masked.
#include <algorithm>
#include <cctype>
#include <optional>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "assess/repo_checks_internal.h"
#include "core/redact.h"
#include "core/text.h"

namespace fledger::assess::internal {
namespace {

// Secret shapes; group 1 is the secret part, masked as "***" in evidence. `generic` rules match
// names rather than formats, so placeholder values are skipped for them.
struct SecretRule {
  const char* name;
  const char* pattern;
  bool generic;
};
constexpr SecretRule kSecretRules[] = {
    {"private key", R"(-----BEGIN (?:[A-Z0-9]+ )*PRIVATE KEY(?: BLOCK)?-----(.*))", false},
    {"AWS access key id", R"(\b(?:AKIA|ASIA)([0-9A-Z]{16})\b)", false},
    {"AWS secret access key",
     R"((?i)aws_?secret_?(?:access_?)?key["']?\s*[:=]\s*["']?([A-Za-z0-9/+=]{40}))", false},
    {"GitHub token", R"(\bgh[pousr]_([A-Za-z0-9]{36,255})\b)", false},
    {"GitHub token", R"(\bgithub_pat_([A-Za-z0-9_]{22,255}))", false},
    {"GitLab token", R"(\bglpat-([A-Za-z0-9_\-]{20,}))", false},
    {"Slack webhook", R"(hooks\.slack\.com/services/([A-Za-z0-9/_\-]+))", false},
    {"Slack token", R"(\bxox[abprs]-([A-Za-z0-9\-]{10,}))", false},
    {"Stripe key", R"(\b[sr]k_live_([A-Za-z0-9]{16,}))", false},
    {"password",
     R"((?i)\b[\w.\-]*(?:password|passwd|secret|secret_?key|api_?key|apikey|access_?token|auth_?token|private_?key)["']?\s*[:=]\s*["']([^"'\s]{6,200})["'])",
     true},
    {"password",
     R"(^\s*(?:export\s+|ENV\s+|ARG\s+)?[A-Z0-9_]*(?:PASSWORD|PASSWD|SECRET|TOKEN|API_KEY|APIKEY|PRIVATE_KEY)[A-Z0-9_]*=([^\s"'$<{%][^\s"']{5,200}))",
     true},
};

// Values that name a secret rather than hold one: "changeme", "${DB_PASSWORD}", "<token>",
// "xxxxxx".
bool IsPlaceholder(std::string_view value) {
  if (value.empty()) return true;
  const char c = value.front();
  if (c == '$' || c == '<' || c == '{' || c == '%' || c == '*' || c == '(') return true;
  if (std::all_of(value.begin(), value.end(), [&](char ch) { return ch == value.front(); }))
    return true;
  if (std::all_of(value.begin(), value.end(),
                  [](char ch) { return std::isdigit(static_cast<unsigned char>(ch)) != 0; })) {
    return true;
  }
  const std::string lower = ToLower(value);
  for (std::string_view word :
       {"changeme", "change_me", "change-me", "placeholder", "redacted", "dummy", "xxxx", "your_",
        "your-", "<", "***", "example", "replace", "todo", "fixme"}) {
    if (lower.find(word) != std::string::npos) return true;
  }
  static const std::set<std::string, std::less<>> kWords = {
      "password", "secret",   "passwd", "none",     "null",  "undefined", "true",
      "false",    "required", "string", "optional", "token", "default",   "empty"};
  return kWords.count(lower) != 0;
}

struct SecretLine {
  std::string masked;  // the line with every secret part replaced by "***"
  bool found = false;
};

// Finds the secrets of one line and masks them.
SecretLine MaskSecrets(std::string_view line) {
  std::vector<std::pair<size_t, size_t>> ranges;  // [begin, end) of secret parts
  bool found = false;
  for (const auto& rule : kSecretRules) {
    const RE2& re = Re(rule.pattern);
    const re2::StringPiece input(line);
    re2::StringPiece groups[2];
    size_t pos = 0;
    while (pos <= line.size() && re.Match(input, pos, line.size(), RE2::UNANCHORED, groups, 2)) {
      const size_t match_end =
          static_cast<size_t>(groups[0].data() - line.data()) + groups[0].size();
      const std::string_view secret(groups[1].data(), groups[1].size());
      // Values ending in "EXAMPLE" are the vendors' documented samples (AWS's
      // AKIAIOSFODNN7EXAMPLE); gitleaks allows them too. Evidence still masks them.
      if (!(rule.generic && IsPlaceholder(secret)) && !EndsWith(secret, "EXAMPLE")) {
        found = true;  // a private-key header alone holds nothing secret but marks a committed key
        if (!secret.empty()) {
          const size_t b = static_cast<size_t>(secret.data() - line.data());
          ranges.emplace_back(b, b + secret.size());
        }
      }
      pos = std::max(match_end, pos + 1);
    }
  }
  SecretLine out;
  out.found = found;
  std::sort(ranges.begin(), ranges.end());
  size_t cursor = 0;
  for (const auto& [b, e] : ranges) {
    if (e <= cursor) continue;  // inside a range already masked
    const size_t begin = std::max(b, cursor);
    out.masked.append(line.substr(cursor, begin - cursor));
    out.masked += "***";
    cursor = e;
  }
  out.masked.append(line.substr(cursor));
  return out;
}

const RE2& AnySecret() {
  static const RE2* re = [] {
    std::string alternation = "(?m)";
    for (size_t i = 0; i < std::size(kSecretRules); ++i) {
      alternation += std::string(i == 0 ? "" : "|") + "(?:" + kSecretRules[i].pattern + ")";
    }
    RE2::Options o;
    o.set_log_errors(false);
    o.set_never_capture(true);
    o.set_max_mem(64 << 20);
    return new RE2(alternation, o);
  }();
  return *re;
}

}  // namespace

CheckResult NoLeakedCredentials(const RepoSnapshot& r) {
  Files all;
  all.reserve(r.files().size());
  for (const auto& f : r.files()) all.push_back(&f);
  std::vector<LineHit> hits;
  const uint64_t scanned = Scan(
      r, all, AnySecret(), 5,
      [](std::string_view line) -> std::optional<std::string> {
        if (!Matches(line, AnySecret())) return std::nullopt;
        const SecretLine s = MaskSecrets(line);
        if (!s.found) return std::nullopt;
        // Mask first, then shorten: cutting first could leave half a secret unrecognised. The
        // shared redactor runs too, so no shape either side knows is shown in clear.
        return Truncate(Redact(Trim(s.masked)), kExcerptBytes);
      },
      &hits);
  if (hits.empty()) {
    // Absence is only proven for what was read: entries the walk could not take (too deep,
    // unreadable, names that cannot be shown safely) may hold exactly what we look for.
    size_t unseen = 0, large = 0;
    std::optional<EvidenceRef> first_unseen;
    for (const auto& s : r.skipped()) {
      if (s.reason == "depth" || s.reason == "unreadable") {
        if (!first_unseen) first_unseen = EvidenceRef{s.path, 0, "not scanned (" + s.reason + ")"};
        ++unseen;
      } else if (s.reason == "size") {
        ++large;
      }
    }
    uint64_t candidates = 0;
    for (const auto& f : r.files()) {
      large += f.size > kScanMaxBytes ? 1 : 0;
      candidates += f.size <= kScanMaxBytes ? 1 : 0;
    }
    // Listed but not read: unreadable now, or binary past the 8 KiB the listing sniffed.
    if (scanned < candidates) {
      unseen += candidates - scanned;
    }
    std::string note = "no credentials found in " + std::to_string(scanned) + " files";
    if (large > 0) note += " (" + std::to_string(large) + " files over 1 MiB not scanned)";
    if (unseen > 0) {
      std::vector<EvidenceRef> ev;
      if (first_unseen) ev.push_back(*first_unseen);
      return Review(note + "; " + std::to_string(unseen) +
                        " entries could not be scanned (too deep, unreadable or unusable names)",
                    std::move(ev));
    }
    return Met({}, note);
  }
  // The project's own files first: documentation, tests and examples often hold fake keys on
  // purpose (Flask's docs show how to set SECRET_KEY), which the criterion ("valid private
  // credentials") does not mean.
  const auto it = std::stable_partition(hits.begin(), hits.end(),
                                        [](const LineHit& h) { return !IsDocOrTest(h.path); });
  const size_t own = static_cast<size_t>(it - hits.begin());
  std::set<RepoPath> files;
  for (const auto& h : hits) files.insert(h.path);
  std::vector<EvidenceRef> ev;
  for (size_t i = 0; i < hits.size() && i < 10; ++i)
    ev.push_back({hits[i].path, hits[i].line, hits[i].text});
  const std::string where =
      std::to_string(hits.size()) + " line(s) in " + std::to_string(files.size()) + " file(s)";
  if (own == 0) {
    return Review("credential-like values only in documentation, tests or examples (" + where +
                      "); confirm they are placeholders",
                  std::move(ev));
  }
  return Unmet("credential-like values on " + where + ", " + std::to_string(own) +
                   " outside documentation, tests and examples",
               std::move(ev));
}

}  // namespace fledger::assess::internal

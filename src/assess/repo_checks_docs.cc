// The documentation checks: README, interface docs, contribution guide, code of conduct,
// governance, security policy and bug reporting, links and language.
#include <cctype>
#include <set>
#include <string>

#include "assess/repo_checks_internal.h"
#include "core/text.h"

namespace fledger::assess::internal {

// ---------------------------------------------------------------------------------------------
// Documentation checks

CheckResult Readme(const RepoSnapshot& r) {
  const Files files = Readmes(r);
  if (files.empty()) return Unmet("no README found");
  for (const auto* f : files) {
    const auto prose = ProseLines(r, f, 3);
    if (prose.size() >= 3) return Met({Ref(prose[0])}, "README describes the project");
  }
  const auto prose = ProseLines(r, files[0], 1);
  return Partial("README is very short (fewer than 3 lines of prose)",
                 {prose.empty() ? FileRef(r, files[0]) : Ref(prose[0])});
}

CheckResult ReadmeBuild(const RepoSnapshot& r) {
  const Files files =
      Join(Readmes(r), Any(r, {"/install*", "/building*", "/docs/install*", "/docs/build*",
                               "/docs/getting-started*", "/docs/getting_started*"}));
  return LineCheck(
      r, files,
      R"((?i)(^#+.*(install|build|getting started|usage|quick ?start))|(\b(npm|pip|pipx|cargo|go|gem|brew|apt(-get)?) install\b|\bmake\b|\bcmake\b|docker compose up|docker run|git clone|\bmeson (setup|compile)\b|\bgradlew?\b|\bmvn\b))",
      "documentation says how to obtain, build or run it", "no build or install instructions found",
      false);
}

CheckResult InterfaceDocs(const RepoSnapshot& r) {
  Files docs = Any(r, {"/docs/**/*.md", "/doc/**/*.md", "/docs/**/*.rst", "/doc/**/*.rst",
                       "/docs/**/*.adoc", "/man/**", "/*.1", "/api/**/*.md"});
  if (docs.empty()) docs = Any(r, {"/docs/**", "/doc/**", "/website/**/*.md"});
  if (!docs.empty())
    return Met({FileRef(r, docs[0])}, std::to_string(docs.size()) + " documentation files");
  return LineCheck(r, Readmes(r),
                   R"((?i)^(#+|=+)?\s*(usage|api|reference|options|commands|configuration)\b)",
                   "README documents the interface", "no interface documentation found", false);
}

CheckResult ContributingCheck(const RepoSnapshot& r) {
  const Files files = Contributing(r);
  if (!files.empty())
    return Met({FileRef(r, files[0])}, "contribution guide " + files[0]->path.str());
  return LineCheck(r, Readmes(r),
                   R"((?i)^#+.*contribut|pull requests? (are|is) welcome|how to contribute)",
                   "README explains how to contribute", "no contribution guide found", true);
}

CheckResult ContributionRequirements(const RepoSnapshot& r) {
  return LineCheck(
      r, Contributing(r),
      R"((?i)(coding (style|standard|convention)|code style|style guide|clang-format|prettier|\bblack\b|rustfmt|gofmt|\blint|\bformat(ted|ting)?\b|sign-off|signed-off-by|\bDCO\b|\bCLA\b|contributor license agreement|must (pass|include|follow)))",
      "contribution guide states requirements", "no contribution requirements found", false);
}

CheckResult CodeOfConduct(const RepoSnapshot& r) {
  const Files files = Any(r, {"/code_of_conduct*", "/.github/code_of_conduct*",
                              "/docs/code_of_conduct*", "/code-of-conduct*", "/conduct*"});
  if (!files.empty()) return Met({FileRef(r, files[0])}, "code of conduct " + files[0]->path.str());
  for (const auto& h : Grep(r, Join(Readmes(r), Contributing(r)),
                            Re(R"((?i)(code of conduct|contributor covenant))"), 10)) {
    if (!Negated(h.text)) return Met({Ref(h)}, "the documentation adopts a code of conduct");
  }
  return Unmet("no code of conduct found");
}

CheckResult Governance(const RepoSnapshot& r) {
  const Files files =
      Any(r, {"/governance*", "/maintainers*", "/.github/maintainers*", "/codeowners",
              "/.github/codeowners", "/docs/codeowners", "/.gitlab/codeowners", "/owners",
              "/owners.md", "/owners_aliases", "/docs/governance*", "/docs/maintainers*"});
  if (!files.empty())
    return Met({FileRef(r, files[0])}, "governance or maintainers file " + files[0]->path.str());
  return Review("no GOVERNANCE, MAINTAINERS or CODEOWNERS file");
}

// ---------------------------------------------------------------------------------------------
// Security reporting

namespace {

constexpr const char* kReportingPhrase =
    R"((?i)(report|vulnerab|disclos|security advisor|/security/advisories|security@|\bcve\b))";

// Security policies. SECURITY files at the root or under .github/ are policies by convention;
// elsewhere (docs/security.md) they often describe the software's own security design instead,
// so they count only when they talk about reporting.
Files SecurityPolicies(const RepoSnapshot& r) {
  Files out;
  for (const auto* f : CandidateSecurityPolicies(r)) {
    const std::string& p = f->path.str();
    const bool conventional = p.find('/') == std::string::npos || StartsWith(p, ".github/") ||
                              StartsWith(p, ".gitlab/") || StartsWith(p, ".well-known/");
    if (conventional || !Grep(r, {f}, Re(kReportingPhrase)).empty()) out.push_back(f);
  }
  return out;
}

}  // namespace

CheckResult SecurityPolicy(const RepoSnapshot& r) {
  const Files files = SecurityPolicies(r);
  if (!files.empty()) {
    const auto hits = Grep(r, files, Re(R"((?i)(report|vulnerab|disclos|security))"));
    return Met({hits.empty() ? FileRef(r, files[0]) : Ref(hits[0])},
               "security policy " + files[0]->path.str());
  }
  // A README section counts only when it says how to report, not when it merely mentions
  // security or says there is no way to report ("No SECURITY.md: no way to report ...").
  for (
      const auto& h : Grep(
          r, Readmes(r),
          Re(R"((?i)(report(ing)? (security )?(issues|vulnerabilities|a vulnerability|bugs) (to|at|via|by|privately|through)|^#+\s*(reporting )?security (issues|vulnerabilities|policy|reports?)\s*$))"),
          20)) {
    if (!Negated(h.text)) return Met({Ref(h)}, "README explains how to report vulnerabilities");
  }
  return Unmet("no security policy (SECURITY.md) found");
}

CheckResult SecurityPrivateChannel(const RepoSnapshot& r) {
  const Files files = SecurityPolicies(r);
  if (files.empty()) return Unmet("no security policy, so no private reporting channel");
  return LineCheck(
      r, files,
      R"((?i)([A-Za-z0-9._%+\-]+@[A-Za-z0-9.\-]+\.[A-Za-z]{2,}|security/advisories|security advisor(y|ies)|report a vulnerability|private(ly)? (vulnerability )?report|hackerone|bugcrowd|huntr|intigriti|tidelift\.com/security|\bgpg\b|\bpgp\b))",
      "private reporting channel given", "no private reporting channel found", true);
}

CheckResult BugReporting(const RepoSnapshot& r) {
  const Files templates = Any(r, {"/.github/issue_template/*", "/.github/issue_template.md",
                                  "/issue_template.md", "/.gitlab/issue_templates/*"});
  if (!templates.empty()) return Met({FileRef(r, templates[0])}, "issue templates");
  return LineCheck(
      r, Join(Readmes(r), Contributing(r)),
      R"((?i)(issue tracker|bug reports?|report (a |any )?(bug|issue|problem)s?|/issues\b|open an issue|file an issue|create an issue|mailing list|bugzilla|\bjira\b))",
      "documentation says where to report bugs", "no bug-reporting instructions found", false);
}

// ---------------------------------------------------------------------------------------------
// Documentation quality

CheckResult HttpsLinks(const RepoSnapshot& r) {
  // The project's own sites are named in the README, the docs index and package metadata; change
  // logs and vendored docs cite third-party pages and are not the project's links.
  Files files = Join(Readmes(r), Any(r, {"/docs/index.*", "/doc/index.*", "/contributing*",
                                         "/security.md", "/.github/security.md"}));
  files = Join(files, Any(r, {"/package.json", "/setup.py", "/setup.cfg", "/pyproject.toml",
                              "/cargo.toml", "/pom.xml", "/*.gemspec", "/composer.json"}));
  const auto plain = Grep(r, files, Re(R"(http://(?:[A-Za-z0-9\-]+\.)+[A-Za-z]{2,})"), 50);
  std::vector<EvidenceRef> bad;
  for (const auto& h : plain) {
    // Local and example hosts, and XML namespaces, are not project sites.
    if (Matches(
            h.text,
            Re(R"(http://(localhost|127\.|0\.0\.0\.0|\[::1\]|[^/\s]*example\.(com|org|net)|www\.w3\.org|schemas\.|maven\.apache\.org/(POM|xsd)|json-schema\.org|purl\.org))"))) {
      continue;
    }
    bad.push_back(Ref(h));
    if (bad.size() == 5) break;
  }
  if (!bad.empty())
    return Unmet(std::to_string(bad.size()) + " plain http:// link(s) in documentation", bad);
  const auto https = Grep(r, files, Re(R"(https://)"));
  if (!https.empty()) return Met({Ref(https[0])}, "project links use HTTPS");
  return Review("no project links found");
}

CheckResult English(const RepoSnapshot& r) {
  const Files files = Readmes(r);
  if (files.empty()) return Review("no README to judge");
  const std::string* text = r.Content(files[0]->path);
  if (text == nullptr) return Review("README unreadable");
  static const std::set<std::string, std::less<>> kStopWords = {
      "the",   "and",  "to",   "of",    "a",   "in",   "is",   "it",  "you",  "that",
      "for",   "on",   "with", "as",    "are", "this", "be",   "or",  "by",   "an",
      "can",   "from", "your", "not",   "if",  "we",   "at",   "all", "have", "will",
      "which", "how",  "when", "there", "use", "also", "into", "its", "more"};
  size_t words = 0, stop = 0;
  std::string word;
  const auto flush = [&] {
    if (!word.empty()) {
      ++words;
      stop += kStopWords.count(word);
      word.clear();
    }
  };
  for (char c : std::string_view(*text).substr(0, 256 * 1024)) {
    if (std::isalpha(static_cast<unsigned char>(c)) != 0) {
      word += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    } else {
      flush();
    }
  }
  flush();
  const std::string share =
      std::to_string(words == 0 ? 0 : stop * 100 / words) + "% common English words";
  if (words >= 30 && stop * 100 >= words * 15) {
    const auto prose = ProseLines(r, files[0], 1);
    return Met({prose.empty() ? FileRef(r, files[0]) : Ref(prose[0])},
               "README is in English (" + share + ")");
  }
  return Review("README does not look like English prose (" + share + ")");
}

}  // namespace fledger::assess::internal

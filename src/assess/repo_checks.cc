// Repository snapshots and the automatic repository checks behind project assessments.
#include <git2.h>
#include <re2/re2.h>

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <ctime>
#include <map>
#include <mutex>

#include "assess/repo_checks.h"
#include "core/input.h"
#include "core/log.h"
#include "core/redact.h"
#include "core/text.h"
#include "fs/ignore.h"

namespace fledger::assess {

// ---------------------------------------------------------------------------------------------
// RepoSnapshot

struct RepoSnapshot::Impl {
  std::filesystem::path root;
  std::vector<fs::FileEntry> files;
  GitInfo git;
  mutable std::mutex mu;
  mutable std::map<std::string, std::unique_ptr<std::string>> cache;  // nullptr: unreadable
};

namespace {

std::string StripCredentials(const std::string& url) {
  const size_t scheme = url.find("://");
  if (scheme == std::string::npos) return url;
  const size_t at = url.find('@', scheme + 3);
  const size_t slash = url.find('/', scheme + 3);
  if (at == std::string::npos || (slash != std::string::npos && at > slash)) return url;
  return url.substr(0, scheme + 3) + url.substr(at + 1);
}

// Reads git metadata with libgit2. Only a repository rooted exactly at `root` counts: assessing a
// folder inside another repository must not report the outer project's history.
GitInfo ReadGit(const std::filesystem::path& root) {
  GitInfo info;
  static std::once_flag once;
  std::call_once(once, [] {
    git_libgit2_init();
    // Release libgit2's global state (and the PCRE2 caches it holds) at exit.
    std::atexit([] { git_libgit2_shutdown(); });
  });
  git_repository* repo = nullptr;
  if (git_repository_open_ext(&repo, root.c_str(), GIT_REPOSITORY_OPEN_NO_SEARCH, nullptr) != 0) {
    Log(LogLevel::kDebug, "not a git repository: " + root.string());
    return info;
  }
  info.is_git = true;
  git_strarray tags{};
  if (git_tag_list(&tags, repo) == 0) {
    for (size_t i = 0; i < tags.count && i < 100000; ++i) info.tags.emplace_back(tags.strings[i]);
    git_strarray_dispose(&tags);
  }
  std::sort(info.tags.begin(), info.tags.end());
  git_object* head = nullptr;
  if (git_revparse_single(&head, repo, "HEAD") == 0) {
    git_commit* commit = nullptr;
    if (git_commit_lookup(&commit, repo, git_object_id(head)) == 0) {
      info.head_time = git_commit_time(commit);
      git_commit_free(commit);
    }
    git_revwalk* walk = nullptr;
    if (git_revwalk_new(&walk, repo) == 0) {
      git_revwalk_push(walk, git_object_id(head));
      git_oid oid;
      while (info.commit_count < 10000 && git_revwalk_next(&oid, walk) == 0) ++info.commit_count;
      git_revwalk_free(walk);
    }
    git_object_free(head);
  }
  git_strarray remotes{};
  if (git_remote_list(&remotes, repo) == 0) {
    for (size_t i = 0; i < remotes.count; ++i) {
      git_remote* remote = nullptr;
      if (git_remote_lookup(&remote, repo, remotes.strings[i]) == 0) {
        if (const char* url = git_remote_url(remote)) info.remote_urls.push_back(StripCredentials(url));
        git_remote_free(remote);
      }
    }
    git_strarray_dispose(&remotes);
  }
  git_repository_free(repo);
  return info;
}

}  // namespace

RepoSnapshot::RepoSnapshot(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
RepoSnapshot::RepoSnapshot(RepoSnapshot&&) noexcept = default;
RepoSnapshot& RepoSnapshot::operator=(RepoSnapshot&&) noexcept = default;
RepoSnapshot::~RepoSnapshot() = default;

Result<RepoSnapshot> RepoSnapshot::Load(const std::filesystem::path& root, const fs::WalkOptions& options) {
  auto walker = fs::Walker::Open(root, options);
  if (!walker.ok()) return walker.error();
  auto listed = walker.value().List();
  if (!listed.ok()) return listed.error();
  auto impl = std::make_unique<Impl>();
  impl->root = walker.value().root();
  impl->files = std::move(listed.value().files);
  impl->git = ReadGit(impl->root);
  return RepoSnapshot(std::move(impl));
}

const std::filesystem::path& RepoSnapshot::root() const { return impl_->root; }
const std::vector<fs::FileEntry>& RepoSnapshot::files() const { return impl_->files; }
const GitInfo& RepoSnapshot::git() const { return impl_->git; }

const std::string* RepoSnapshot::Content(const RepoPath& path) const {
  std::lock_guard<std::mutex> lock(impl_->mu);
  if (auto it = impl_->cache.find(path.str()); it != impl_->cache.end()) return it->second.get();
  const fs::FileEntry* entry = nullptr;
  for (const auto& f : impl_->files) {
    if (f.path == path) {
      entry = &f;
      break;
    }
  }
  std::unique_ptr<std::string> text;
  if (entry != nullptr) {
    // Read through the walker's checked path (a symlink's verified target), bounded.
    auto r = ReadTextFile(entry->full, {.max_bytes = 4u << 20, .require_utf8 = false});
    if (r.ok()) {
      text = std::make_unique<std::string>(std::move(r).value());
      Log(LogLevel::kDebug, "read " + path.str());
    } else {
      Log(LogLevel::kDebug, "not read: " + r.error().ToString());
    }
  }
  return impl_->cache.emplace(path.str(), std::move(text)).first->second.get();
}

std::vector<const fs::FileEntry*> RepoSnapshot::Glob(std::string_view pattern, bool ignore_case) const {
  std::vector<const fs::FileEntry*> out;
  std::string pat = ignore_case ? ToLower(pattern) : std::string(pattern);
  if (StartsWith(pat, "/")) pat = pat.substr(1);
  for (const auto& f : impl_->files) {
    if (fs::GlobMatch(pat, ignore_case ? ToLower(f.path.str()) : f.path.str())) out.push_back(&f);
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Check helpers

namespace {

using Files = std::vector<const fs::FileEntry*>;

Files Any(const RepoSnapshot& repo, std::initializer_list<std::string_view> globs) {
  Files out;
  for (auto g : globs)
    for (const auto* f : repo.Glob(g))
      if (std::find(out.begin(), out.end(), f) == out.end()) out.push_back(f);
  std::sort(out.begin(), out.end(), [](auto* a, auto* b) { return a->path < b->path; });
  return out;
}

struct LineHit {
  RepoPath path = RepoPath::Root();
  int line = 0;
  std::string text;
};

EvidenceRef Ref(const LineHit& h) { return {h.path, h.line, Truncate(Redact(Trim(h.text)), 160)}; }
// Evidence for "this file exists": its first non-blank line, so the reader sees what it is.
EvidenceRef FileRef(const RepoSnapshot& repo, const fs::FileEntry* f) {
  const std::string* text = repo.Content(f->path);
  if (text != nullptr) {
    int line_no = 0;
    for (const auto& line : Split(*text, '\n')) {
      ++line_no;
      if (line_no > 50) break;
      if (!Trim(line).empty()) return {f->path, line_no, Truncate(Redact(Trim(line)), 160)};
    }
  }
  return {f->path, 1, ""};
}

// Up to `max` lines in `files` matching `re`.
std::vector<LineHit> Grep(const RepoSnapshot& repo, const Files& files, const RE2& re, size_t max = 1) {
  std::vector<LineHit> hits;
  for (const auto* f : files) {
    const std::string* text = repo.Content(f->path);
    if (text == nullptr || !RE2::PartialMatch(*text, re)) continue;
    int line_no = 0;
    for (const auto& line : Split(*text, '\n')) {
      ++line_no;
      if (RE2::PartialMatch(line, re)) {
        hits.push_back({f->path, line_no, line});
        if (hits.size() >= max) return hits;
      }
    }
  }
  return hits;
}

const RE2& Re(const char* pattern) {
  // Patterns are string literals in this file; compile each once.
  static std::mutex mu;
  static std::map<const char*, std::unique_ptr<RE2>> cache;
  std::lock_guard<std::mutex> lock(mu);
  auto& slot = cache[pattern];
  if (!slot) {
    RE2::Options o;
    o.set_log_errors(false);
    o.set_max_mem(16 << 20);
    // Multi-line mode so that '^' and '$' mean line boundaries in the whole-file prefilter too.
    slot = std::make_unique<RE2>(std::string("(?m)") + pattern, o);
  }
  return *slot;
}

CheckResult Met(std::vector<EvidenceRef> ev, std::string note) {
  return {ReqStatus::kMet, std::move(ev), std::move(note)};
}
CheckResult Unmet(std::string note, std::vector<EvidenceRef> ev = {}) {
  return {ReqStatus::kUnmet, std::move(ev), std::move(note)};
}
CheckResult Review(std::string note) { return {ReqStatus::kNeedsReview, {}, std::move(note)}; }

// A check that is met when a line in the given files matches, with a fallback status otherwise.
CheckResult LineCheck(const RepoSnapshot& repo, const Files& files, const char* pattern, const std::string& found,
                      const std::string& missing, bool missing_is_unmet) {
  const auto hits = Grep(repo, files, Re(pattern));
  if (!hits.empty()) return Met({Ref(hits[0])}, found);
  return missing_is_unmet ? Unmet(missing) : Review(missing);
}

Files Readmes(const RepoSnapshot& r) { return Any(r, {"/readme", "/readme.*", "/docs/readme*", "/.github/readme*"}); }
Files Contributing(const RepoSnapshot& r) {
  return Any(r, {"/contributing*", "/.github/contributing*", "/docs/contributing*", "/hacking*"});
}
Files SecurityPolicies(const RepoSnapshot& r) {
  return Any(r, {"/security.md", "/security.rst", "/security.txt", "/security", "/.github/security.md",
                 "/docs/security.md", "/.well-known/security.txt"});
}
Files LicenseFiles(const RepoSnapshot& r) {
  return Any(r, {"/license", "/license.*", "/licence", "/licence.*", "/copying", "/copying.*", "/licenses/*",
                 "/license-*", "/unlicense"});
}
Files CiFiles(const RepoSnapshot& r) {
  return Any(r, {"/.github/workflows/*.yml", "/.github/workflows/*.yaml", "/.gitlab-ci.yml", "/.circleci/config.yml",
                 "/.travis.yml", "/azure-pipelines.yml", "/jenkinsfile", "/.buildkite/*", "/.cirrus.yml",
                 "/appveyor.yml", "/.drone.yml", "/.ci/*", "/bitbucket-pipelines.yml"});
}
Files BuildFiles(const RepoSnapshot& r) {
  return Any(r, {"/makefile", "/gnumakefile", "/makefile.am", "/makefile.in", "/cmakelists.txt", "/meson.build", "/configure.ac", "/configure",
                 "/package.json", "/pom.xml", "/build.gradle", "/build.gradle.kts", "/cargo.toml", "/go.mod",
                 "/setup.py", "/pyproject.toml", "/build.bazel", "/workspace", "/module.bazel", "/sconstruct",
                 "/*.sln", "/*.csproj", "/build.zig", "/gemfile", "/composer.json", "/mix.exs", "/dune-project",
                 "/stack.yaml", "/*.cabal", "/build.sbt", "/rakefile", "/justfile", "*/makefile", "*/package.json"});
}

// License identification from distinctive phrases of the license texts.
struct LicensePhrase {
  const char* pattern;
  const char* spdx;
  bool osi;
};
constexpr LicensePhrase kLicenses[] = {
    {R"(SPDX-License-Identifier:\s*([A-Za-z0-9.\-+]+))", "", true},
    {R"((Apache License,? Version 2\.0|^\s*Apache License\s*$))", "Apache-2.0", true},
    {R"(GNU AFFERO GENERAL PUBLIC LICENSE)", "AGPL-3.0", true},
    {R"(GNU LESSER GENERAL PUBLIC LICENSE)", "LGPL", true},
    {R"(GNU LIBRARY GENERAL PUBLIC LICENSE)", "LGPL-2.0", true},
    {R"(GNU GENERAL PUBLIC LICENSE\s*$)", "GPL", true},
    {R"(Version 3, 29 June 2007)", "GPL-3.0", true},
    {R"(Mozilla Public License,? [Vv]ersion 2\.0)", "MPL-2.0", true},
    {R"(Permission is hereby granted, free of charge, to any person obtaining)", "MIT", true},
    {R"(Permission to use, copy, modify, and(/or)? distribute this software for any)", "ISC", true},
    {R"(Redistribution and use in source and binary forms)", "BSD", true},
    {R"(This is free and unencumbered software released into the public domain)", "Unlicense", true},
    {R"(Boost Software License)", "BSL-1.0", true},
    {R"(Eclipse Public License - v 2\.0)", "EPL-2.0", true},
    {R"(This software is provided 'as-is', without any express or implied)", "Zlib", true},
    {R"(CC0 1\.0 Universal)", "CC0-1.0", false},
    {R"(The Artistic License 2\.0)", "Artistic-2.0", true},
    {R"(Business Source License)", "BUSL-1.1", false},
    {R"(Server Side Public License)", "SSPL-1.0", false},
};

struct LicenseId {
  std::string spdx;
  bool osi = false;
  bool floss = false;
  LineHit hit;
};

std::optional<LicenseId> IdentifyLicense(const RepoSnapshot& repo) {
  Files files = LicenseFiles(repo);
  for (const auto* extra : Any(repo, {"/package.json", "/cargo.toml", "/pyproject.toml", "/setup.cfg"})) {
    files.push_back(extra);
  }
  for (const auto& l : kLicenses) {
    const auto hits = Grep(repo, files, Re(l.pattern));
    if (hits.empty()) continue;
    LicenseId id;
    id.hit = hits[0];
    id.spdx = l.spdx;
    id.osi = l.osi;
    if (id.spdx.empty()) {
      std::string spdx;
      RE2::PartialMatch(hits[0].text, Re(l.pattern), &spdx);
      id.spdx = spdx;
      static const char* kNotOsi[] = {"BUSL", "SSPL", "CC-BY-NC", "Elastic", "Commons-Clause", "LicenseRef", "UNLICENSED", "NONE"};
      for (const char* bad : kNotOsi) id.osi = id.osi && id.spdx.find(bad) == std::string::npos;
    }
    id.floss = id.osi || id.spdx == "CC0-1.0";
    return id;
  }
  // Manifest license fields: "license": "MIT", license = "Apache-2.0".
  const auto hits = Grep(repo, Any(repo, {"/package.json", "/cargo.toml", "/pyproject.toml"}),
                         Re(R"re(^\s*"?license"?\s*[:=]\s*"([A-Za-z0-9.\-+ ]+)")re"));
  if (!hits.empty()) {
    LicenseId id;
    id.hit = hits[0];
    RE2::PartialMatch(hits[0].text, Re(R"re(^\s*"?license"?\s*[:=]\s*"([A-Za-z0-9.\-+ ]+)")re"), &id.spdx);
    id.osi = id.floss = id.spdx != "UNLICENSED" && id.spdx.find("LicenseRef") == std::string::npos;
    return id;
  }
  return std::nullopt;
}

// ---------------------------------------------------------------------------------------------
// The checks

CheckResult Readme(const RepoSnapshot& r) {
  const Files files = Readmes(r);
  if (files.empty()) return Unmet("no README found");
  // The first line of prose (not a heading, badge, HTML or blank).
  const auto prose = Grep(r, files, Re(R"(^\s*[A-Za-z][^|]{30,})"), 3);
  if (prose.size() >= 2) return Met({Ref(prose[0])}, "README describes the project");
  return {ReqStatus::kPartial, {FileRef(r, files[0])}, "README is very short"};
}

CheckResult ReadmeBuild(const RepoSnapshot& r) {
  Files files = Readmes(r);
  for (const auto* f : Any(r, {"/install*", "/building*", "/docs/install*", "/docs/build*", "/docs/getting-started*"}))
    files.push_back(f);
  return LineCheck(r, files,
                   R"((?i)(^#+.*(install|build|getting started|usage|quick ?start))|(\b(npm|pip|cargo|go) install\b|\bmake\b|\bcmake\b|docker compose up|git clone))",
                   "documentation says how to obtain, build or run it", "no build or install instructions found", false);
}

CheckResult InterfaceDocs(const RepoSnapshot& r) {
  Files docs = Any(r, {"/docs/**/*.md", "/doc/**/*.md", "/docs/**/*.rst", "/man/**", "/*.1", "/api/**/*.md"});
  if (docs.empty()) docs = Any(r, {"/docs/**", "/doc/**", "/website/**/*.md"});
  if (!docs.empty()) return Met({FileRef(r, docs[0])}, std::to_string(docs.size()) + " documentation files");
  return LineCheck(r, Readmes(r), R"((?i)^#+\s*(usage|api|reference|options|commands|configuration))",
                   "README documents the interface", "no interface documentation found", false);
}

CheckResult LicenseFile(const RepoSnapshot& r) {
  const Files files = LicenseFiles(r);
  if (files.empty()) return Unmet("no LICENSE or COPYING file at the root");
  const auto id = IdentifyLicense(r);
  if (id && id->hit.path == files[0]->path) return Met({Ref(id->hit)}, "license file " + files[0]->path.str());
  return Met({FileRef(r, files[0])}, "license file " + files[0]->path.str());
}

CheckResult LicenseFloss(const RepoSnapshot& r) {
  const auto id = IdentifyLicense(r);
  if (!id) return LicenseFiles(r).empty() ? Unmet("no license found") : Review("license not recognised");
  if (id->floss) return Met({Ref(id->hit)}, "license identified as " + id->spdx);
  return Unmet("license " + id->spdx + " is not a FLOSS license", {Ref(id->hit)});
}

CheckResult LicenseOsi(const RepoSnapshot& r) {
  const auto id = IdentifyLicense(r);
  if (!id) return LicenseFiles(r).empty() ? Unmet("no license found") : Review("license not recognised");
  if (id->osi) return Met({Ref(id->hit)}, id->spdx + " is OSI-approved");
  return Unmet(id->spdx + " is not OSI-approved", {Ref(id->hit)});
}

CheckResult ContributingCheck(const RepoSnapshot& r) {
  const Files files = Contributing(r);
  if (!files.empty()) return Met({FileRef(r, files[0])}, "contribution guide " + files[0]->path.str());
  return LineCheck(r, Readmes(r), R"((?i)^#+.*contribut|pull requests? (are|is) welcome|how to contribute)",
                   "README explains how to contribute", "no contribution guide found", true);
}

CheckResult ContributionRequirements(const RepoSnapshot& r) {
  return LineCheck(r, Contributing(r),
                   R"((?i)(coding (style|standard)|style guide|clang-format|prettier|black|rustfmt|gofmt|lint|sign-off|signed-off-by|\bDCO\b|\bCLA\b|must (pass|include)))",
                   "contribution guide states requirements", "no contribution requirements found", false);
}

CheckResult CodeOfConduct(const RepoSnapshot& r) {
  const Files files = Any(r, {"/code_of_conduct*", "/.github/code_of_conduct*", "/docs/code_of_conduct*", "/code-of-conduct*"});
  if (!files.empty()) return Met({FileRef(r, files[0])}, "code of conduct " + files[0]->path.str());
  return Unmet("no code of conduct found");
}

CheckResult Governance(const RepoSnapshot& r) {
  const Files files = Any(r, {"/governance*", "/maintainers*", "/codeowners", "/.github/codeowners", "/docs/codeowners",
                              "/owners", "/owners.md", "/authors*", "/docs/governance*"});
  if (!files.empty()) return Met({FileRef(r, files[0])}, "governance or maintainers file " + files[0]->path.str());
  return Review("no GOVERNANCE, MAINTAINERS or CODEOWNERS file");
}

CheckResult SecurityPolicy(const RepoSnapshot& r) {
  const Files files = SecurityPolicies(r);
  if (!files.empty()) {
    const auto hits = Grep(r, files, Re(R"((?i)(report|vulnerab|disclos|security))"));
    return Met({hits.empty() ? FileRef(r, files[0]) : Ref(hits[0])}, "security policy " + files[0]->path.str());
  }
  // A README section counts only when it says how to report, not when it merely mentions
  // security or says there is no way to report ("No SECURITY.md: no way to report ...").
  for (const auto& h : Grep(r, Readmes(r),
                            Re(R"((?i)(report(ing)? (security )?(issues|vulnerabilities|a vulnerability) (to|at|via|by|privately|through)|^#+\s*(reporting )?security (issues|vulnerabilities|policy)\s*$))"),
                            20)) {
    if (!RE2::PartialMatch(h.text, Re(R"((?i)\b(no|not|never|without|cannot)\b)"))) {
      return Met({Ref(h)}, "README explains how to report vulnerabilities");
    }
  }
  return Unmet("no security policy (SECURITY.md) found");
}

CheckResult SecurityPrivateChannel(const RepoSnapshot& r) {
  const Files files = SecurityPolicies(r);
  if (files.empty()) return Unmet("no security policy, so no private reporting channel");
  return LineCheck(r, files,
                   R"((?i)([A-Za-z0-9._%+\-]+@[A-Za-z0-9.\-]+\.[A-Za-z]{2,}|security/advisories|report a vulnerability|private vulnerability report|hackerone|bugcrowd|huntr|tidelift\.com/security|\bgpg\b|\bpgp\b))",
                   "private reporting channel given", "no private reporting channel found", true);
}

CheckResult BugReporting(const RepoSnapshot& r) {
  const Files templates = Any(r, {"/.github/issue_template/*", "/.github/issue_template.md", "/.gitlab/issue_templates/*"});
  if (!templates.empty()) return Met({FileRef(r, templates[0])}, "issue templates");
  Files files = Readmes(r);
  for (const auto* f : Contributing(r)) files.push_back(f);
  return LineCheck(r, files, R"((?i)(issue tracker|bug reports?|report (a )?bugs?|/issues\b|open an issue|file an issue|mailing list|discussions))",
                   "documentation says where to report bugs", "no bug-reporting instructions found", false);
}

CheckResult VcsGit(const RepoSnapshot& r) {
  if (r.git().is_git) {
    return Met({}, "git repository" + (r.git().remote_urls.empty() ? std::string() : " (" + r.git().remote_urls[0] + ")"));
  }
  return Review("not a git work tree (assess a clone to decide)");
}

// SemVer, allowing the usual tag prefixes ("v1.2.3", "release-1.2.3", "jq-1.7.1").
bool IsSemver(std::string_view v) {
  return RE2::FullMatch(v, Re(R"(([A-Za-z][A-Za-z0-9_]*[-_/])?v?(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)(-[0-9A-Za-z.\-]+)?(\+[0-9A-Za-z.\-]+)?)"));
}

std::vector<LineHit> ChangelogVersions(const RepoSnapshot& r, size_t max) {
  return Grep(r, Any(r, {"/changelog*", "/changes*", "/news*", "/history*", "/release-notes*", "/releases*", "/docs/changelog*"}),
              Re(R"(^\s*(#+|=+|\*|-)?\s*\[?v?\d+\.\d+(\.\d+)?)"), max);
}

CheckResult Tags(const RepoSnapshot& r) {
  const auto& tags = r.git().tags;
  if (!tags.empty()) {
    std::string note = std::to_string(tags.size()) + " release tags, e.g. " + tags.back();
    return Met({}, note);
  }
  const auto versions = ChangelogVersions(r, 1);
  if (!versions.empty()) return Met({Ref(versions[0])}, "versions are named in the change log");
  return r.git().is_git ? Unmet("no git tags") : Review("no git tags (not a git clone) and no versioned change log");
}

CheckResult Semver(const RepoSnapshot& r) {
  const auto& tags = r.git().tags;
  if (!tags.empty()) {
    size_t ok = 0;
    for (const auto& t : tags) ok += IsSemver(t) ? 1 : 0;
    const std::string note = std::to_string(ok) + " of " + std::to_string(tags.size()) + " tags are SemVer";
    return ok * 5 >= tags.size() * 4 ? Met({}, note) : Unmet(note);
  }
  const auto versions = ChangelogVersions(r, 20);
  if (versions.empty()) return Review("no versions found");
  size_t ok = 0;
  for (const auto& v : versions) {
    std::string ver;
    if (RE2::PartialMatch(v.text, Re(R"((v?\d+\.\d+\.\d+[0-9A-Za-z.+\-]*))"), &ver) && IsSemver(ver)) ++ok;
  }
  const std::string note = std::to_string(ok) + " of " + std::to_string(versions.size()) + " change-log versions are SemVer";
  return ok * 5 >= versions.size() * 4 ? Met({Ref(versions[0])}, note) : Review(note);
}

CheckResult Changelog(const RepoSnapshot& r) {
  const auto versions = ChangelogVersions(r, 1);
  if (!versions.empty()) return Met({Ref(versions[0])}, "release notes in " + versions[0].path.str());
  const Files files = Any(r, {"/changelog*", "/changes*", "/news*", "/history*", "/release-notes*", "/docs/changelog*"});
  if (!files.empty()) return Met({FileRef(r, files[0])}, "release notes in " + files[0]->path.str());
  return Review("no change log file (release notes may live on the forge)");
}

CheckResult BuildSystem(const RepoSnapshot& r) {
  const Files files = BuildFiles(r);
  if (!files.empty()) return Met({FileRef(r, files[0])}, "build file " + files[0]->path.str());
  return Unmet("no build system file found");
}

CheckResult BuildCommonTools(const RepoSnapshot& r) {
  const Files files = BuildFiles(r);
  if (files.empty()) return Unmet("no build system file found");
  return Met({FileRef(r, files[0])}, "built with common free tools (" + std::string(files[0]->path.filename()) + ")");
}

Files TestFiles(const RepoSnapshot& r) {
  return Any(r, {"/test/**", "/tests/**", "/spec/**", "**/__tests__/**", "**/*_test.go", "**/test_*.py", "**/*_test.py",
                 "**/*_test.cc", "**/*_test.cpp", "**/*.test.js", "**/*.test.ts", "**/*.spec.js", "**/*.spec.ts",
                 "/src/test/**", "**/*_spec.rb", "**/*Test.java", "**/*Tests.cs", "/t/*.t", "/testing/**"});
}

CheckResult Tests(const RepoSnapshot& r) {
  const Files files = TestFiles(r);
  if (!files.empty()) return Met({FileRef(r, files[0])}, std::to_string(files.size()) + " test files");
  return Unmet("no automated tests found");
}

CheckResult TestInvocation(const RepoSnapshot& r) {
  return LineCheck(r, BuildFiles(r),
                   R"re((^\s*"test"\s*:)|enable_testing|add_test|^check\s*:|^test\s*:|\[tool\.pytest|\btox\b|gtest_discover_tests|<artifactId>maven-surefire|\btest\s*\{|^TESTS\s*\+?=|^check_PROGRAMS)re",
                   "a standard test target", TestFiles(r).empty() ? "no tests found" : "no standard test target found",
                   false);
}

CheckResult TestPolicy(const RepoSnapshot& r) {
  Files files = Contributing(r);
  for (const auto* f : Any(r, {"/.github/pull_request_template*", "/.github/pull_request_template/*"})) files.push_back(f);
  return LineCheck(r, files, R"((?i)(add(ing)? (new )?tests?|include (unit )?tests?|tests? (are|is) required|with tests|must (be )?test|test coverage))",
                   "the contribution guide asks for tests", "no test policy found", false);
}

CheckResult Ci(const RepoSnapshot& r) {
  const Files files = CiFiles(r);
  if (!files.empty()) return Met({FileRef(r, files[0])}, "CI configuration " + files[0]->path.str());
  return Unmet("no CI configuration found");
}

CheckResult CiTests(const RepoSnapshot& r) {
  const Files files = CiFiles(r);
  if (files.empty()) return Unmet("no CI configuration found");
  return LineCheck(r, files,
                   R"((?i)(\bctest\b|make (check|test)|npm (run )?test|yarn test|pnpm test|pytest|go test|cargo test|mvn .*(test|verify)|gradlew? .*(test|check)|\btox\b|dotnet test|bundle exec r(spec|ake)|run:.*\btests?\b|\btest\.sh))",
                   "CI runs the tests", "CI does not visibly run tests", false);
}

CheckResult Warnings(const RepoSnapshot& r) {
  Files files = BuildFiles(r);
  for (const auto* f : Any(r, {"/.eslintrc*", "/eslint.config.*", "/.pylintrc", "/setup.cfg", "/tox.ini", "/ruff.toml",
                               "/.golangci.y*ml", "/clippy.toml", "/.clang-tidy", "/cmakepresets.json", "/*.cmake"}))
    files.push_back(f);
  for (const auto* f : CiFiles(r)) files.push_back(f);
  return LineCheck(r, files, R"((-Wall|-Wextra|/W4|-Weverything|eslint|pylint|flake8|ruff|clippy|golangci|Checks:|-Xlint|warnings))",
                   "compiler warnings or a linter are enabled", "no warning flags or linter configuration found", false);
}

CheckResult WarningsStrict(const RepoSnapshot& r) {
  Files files = BuildFiles(r);
  for (const auto* f : CiFiles(r)) files.push_back(f);
  for (const auto* f : Any(r, {"/cmakepresets.json", "/.cargo/config*", "/*.cmake", "/.eslintrc*"})) files.push_back(f);
  return LineCheck(r, files, R"((-Werror|WarningsAsErrors|TreatWarningsAsErrors|-D ?warnings|--max-warnings[ =]0|WERROR|-Xlint:all,-Werror|warningsAsErrors))",
                   "warnings are errors", "warnings are not treated as errors", false);
}

CheckResult StaticAnalysis(const RepoSnapshot& r) {
  const Files configs = Any(r, {"/.clang-tidy", "/.golangci.y*ml", "/.semgrep*", "/sonar-project.properties", "/.bandit",
                                "/codeql*", "/.github/codeql/**", "/.cppcheck*"});
  Files files = CiFiles(r);
  for (const auto* f : BuildFiles(r)) files.push_back(f);
  const auto hits = Grep(r, files, Re(R"((?i)(codeql|clang-tidy|cppcheck|coverity|semgrep|sonar|gosec|bandit|golangci|clippy|spotbugs|scan-build|\binfer\b|pvs-studio|flawfinder|psalm|phpstan|brakeman|eslint))"));
  if (!hits.empty()) return Met({Ref(hits[0])}, "static analysis runs in the build or CI");
  if (!configs.empty()) return {ReqStatus::kPartial, {FileRef(r, configs[0])}, "static analysis is configured but not seen in CI"};
  return Unmet("no static analysis tool found in CI or build files");
}

CheckResult DynamicAnalysis(const RepoSnapshot& r) {
  const Files fuzz = Any(r, {"/fuzz/**", "/fuzzing/**", "**/*_fuzz.cc", "**/*_fuzzer.c*", "**/fuzz_*.py", "/.clusterfuzzlite/**"});
  if (!fuzz.empty()) return Met({FileRef(r, fuzz[0])}, "fuzzing harnesses");
  Files files = CiFiles(r);
  for (const auto* f : BuildFiles(r)) files.push_back(f);
  for (const auto* f : Any(r, {"/cmakepresets.json"})) files.push_back(f);
  return LineCheck(r, files, R"((-fsanitize=|sanitize|valgrind|LLVMFuzzerTestOneInput|oss-fuzz|cargo fuzz|go test .*-fuzz|atheris|jazzer|cifuzz))",
                   "dynamic analysis (sanitizers, valgrind or fuzzing)", "no fuzzing or sanitizer runs found", true);
}

CheckResult DependencyUpdates(const RepoSnapshot& r) {
  const Files files = Any(r, {"/.github/dependabot.y*ml", "/renovate.json*", "/.renovaterc*", "/.github/renovate.json*",
                              "/.gitlab/renovate.json*"});
  if (!files.empty()) return Met({FileRef(r, files[0])}, "dependency updates configured in " + files[0]->path.str());
  return Unmet("no Dependabot or Renovate configuration");
}

CheckResult HttpsLinks(const RepoSnapshot& r) {
  // The project's own sites are named in the README, the docs index and package metadata; change
  // logs and vendored docs cite third-party pages and are not the project's links.
  Files files = Readmes(r);
  for (const auto* f : Any(r, {"/docs/index.*", "/doc/index.*", "/contributing*", "/security.md", "/.github/security.md"}))
    files.push_back(f);
  for (const auto* f : Any(r, {"/package.json", "/setup.py", "/pyproject.toml", "/cargo.toml", "/pom.xml"})) files.push_back(f);
  const auto plain = Grep(r, files, Re(R"(http://(?:[A-Za-z0-9\-]+\.)+[A-Za-z]{2,})"), 50);
  std::vector<EvidenceRef> bad;
  for (const auto& h : plain) {
    // Local and example hosts, and XML namespaces, are not project sites.
    if (RE2::PartialMatch(h.text, Re(R"(http://(localhost|127\.|0\.0\.0\.0|example\.|www\.w3\.org|schemas\.|maven\.apache\.org/POM|json-schema\.org))"))) continue;
    bad.push_back(Ref(h));
    if (bad.size() == 5) break;
  }
  if (!bad.empty()) return Unmet(std::to_string(bad.size()) + " plain http:// link(s) in documentation", bad);
  const auto https = Grep(r, files, Re(R"(https://)"));
  if (!https.empty()) return Met({Ref(https[0])}, "project links use HTTPS");
  return Review("no project links found");
}

CheckResult NoLeakedCredentials(const RepoSnapshot& r) {
  static const char* kPattern =
      R"((-----BEGIN (RSA |EC |DSA |OPENSSH |PGP )?PRIVATE KEY( BLOCK)?-----|\b(AKIA|ASIA)[0-9A-Z]{16}\b|\bgh[pousr]_[A-Za-z0-9]{36}\b|hooks\.slack\.com/services/|xox[abprs]-[A-Za-z0-9\-]{10,}|sk_live_[A-Za-z0-9]{16,}|(?i)(password|passwd|secret|api_?key)\s*[:=]\s*["'][^"'\s]{6,}["']))";
  std::vector<EvidenceRef> found;
  size_t scanned = 0;
  for (const auto& f : r.files()) {
    if (f.size > (1u << 20)) continue;
    ++scanned;
    for (const auto& h : Grep(r, {&f}, Re(kPattern), 3)) {
      // Evidence must never repeat the secret: keep the location and a masked excerpt.
      EvidenceRef ref = Ref(h);
      if (ref.excerpt.find("PRIVATE KEY") == std::string::npos && !LooksSecret(h.text) && ref.excerpt == Trim(h.text)) {
        ref.excerpt = "(credential-like value, redacted)";
      }
      found.push_back(std::move(ref));
      if (found.size() >= 10) break;
    }
    if (found.size() >= 10) break;
  }
  if (!found.empty()) return Unmet(std::to_string(found.size()) + " credential-like value(s) committed", found);
  return Met({}, "no credentials found in " + std::to_string(scanned) + " files");
}

CheckResult English(const RepoSnapshot& r) {
  const Files files = Readmes(r);
  if (files.empty()) return Review("no README to judge");
  const std::string* text = r.Content(files[0]->path);
  if (text == nullptr) return Review("README unreadable");
  static const char* kWords[] = {" the ", " and ", " to ", " of ", " is ", " in ", " for ", " with ", " this ", " you "};
  const std::string lower = ToLower(*text);
  size_t hits = 0;
  for (const char* w : kWords) {
    for (size_t pos = lower.find(w); pos != std::string::npos; pos = lower.find(w, pos + 1)) ++hits;
  }
  const size_t words = static_cast<size_t>(std::count(lower.begin(), lower.end(), ' ')) + 1;
  if (words >= 20 && hits * 100 / words >= 8) return Met({FileRef(r, files[0])}, "README is in English");
  return Review("README does not look like English prose");
}

CheckResult Maintained(const RepoSnapshot& r) {
  if (!r.git().is_git || r.git().head_time == 0) return Review("no git history to judge (assess a clone)");
  const auto now = std::chrono::system_clock::to_time_t(std::chrono::system_clock::now());
  const int64_t age_days = (static_cast<int64_t>(now) - r.git().head_time) / 86400;
  std::tm tm{};
  const time_t t = static_cast<time_t>(r.git().head_time);
  gmtime_r(&t, &tm);
  char date[16];
  std::strftime(date, sizeof(date), "%Y-%m-%d", &tm);
  if (age_days <= 365) return Met({}, std::string("last commit ") + date);
  return Unmet(std::string("last commit ") + date + ", over a year ago");
}

CheckResult SignedReleases(const RepoSnapshot& r) {
  const Files files = Any(r, {"**/*.asc", "**/*.sig", "**/sha256sums*", "**/checksums*"});
  if (!files.empty()) return Met({FileRef(r, files[0])}, "signatures or checksums in the repository");
  return LineCheck(r, CiFiles(r), R"((?i)(cosign|sigstore|slsa-github-generator|gpg --(detach-)?sign|minisign|attest-build-provenance))",
                   "releases are signed in CI", "no release signing found", false);
}

CheckResult PinnedDependencies(const RepoSnapshot& r) {
  const Files locks = Any(r, {"**/package-lock.json", "**/yarn.lock", "**/pnpm-lock.yaml", "**/cargo.lock", "**/poetry.lock",
                              "**/pipfile.lock", "**/go.sum", "**/composer.lock", "**/gemfile.lock", "**/uv.lock",
                              "**/packages.lock.json", "**/gradle.lockfile"});
  const Files workflows = Any(r, {"/.github/workflows/*.yml", "/.github/workflows/*.yaml"});
  const auto unpinned = Grep(r, workflows, Re(R"(uses:\s*[^\s#@]+@(?:[^\s#]{0,39}(?:\s|#|$)))"), 5);
  std::vector<EvidenceRef> bad;
  for (const auto& h : unpinned) {
    if (RE2::PartialMatch(h.text, Re(R"(uses:\s*\./)"))) continue;  // local actions
    bad.push_back(Ref(h));
  }
  if (!bad.empty()) return {ReqStatus::kPartial, bad, "GitHub Actions referenced by tag, not by commit"};
  if (!locks.empty()) return Met({FileRef(r, locks[0])}, "lockfiles pin dependencies");
  return Review("no lockfiles found");
}

CheckResult Sbom(const RepoSnapshot& r) {
  const Files files = Any(r, {"**/*.cdx.json", "**/*.spdx", "**/*.spdx.json", "**/bom.json", "**/sbom*.json"});
  if (!files.empty()) return Met({FileRef(r, files[0])}, "SBOM in the repository");
  return LineCheck(r, CiFiles(r), R"((?i)(syft|cyclonedx|spdx-sbom|sbom-action|trivy .*sbom))", "SBOM generated in CI",
                   "no SBOM found", false);
}

CheckResult BranchProtectionHint(const RepoSnapshot& r) {
  const Files owners = Any(r, {"/codeowners", "/.github/codeowners", "/docs/codeowners"});
  if (!owners.empty()) return Met({FileRef(r, owners[0])}, "CODEOWNERS requires reviews from owners");
  return LineCheck(r, Contributing(r), R"((?i)(review(ed)? by|code review|approv(al|e)|two maintainers))",
                   "contribution guide requires review", "no documented review requirement", false);
}

}  // namespace

const std::vector<RepoCheck>& RepoChecks() {
  static const std::vector<RepoCheck> kChecks = {
      {"repo.readme", "README exists and describes the project", &Readme},
      {"repo.readme_build", "documentation says how to obtain, build or install the software", &ReadmeBuild},
      {"repo.interface_docs", "interface or reference documentation exists", &InterfaceDocs},
      {"repo.license_file", "a license file sits in a standard location", &LicenseFile},
      {"repo.license_floss", "the license is a FLOSS license", &LicenseFloss},
      {"repo.license_osi", "the license is OSI-approved", &LicenseOsi},
      {"repo.contributing", "a contribution guide explains the process", &ContributingCheck},
      {"repo.contribution_requirements", "the contribution guide states requirements (style, sign-off)", &ContributionRequirements},
      {"repo.code_of_conduct", "a code of conduct exists", &CodeOfConduct},
      {"repo.governance", "governance, maintainers or code owners are documented", &Governance},
      {"repo.security_policy", "a security policy explains how to report vulnerabilities", &SecurityPolicy},
      {"repo.security_private_channel", "the security policy gives a private reporting channel", &SecurityPrivateChannel},
      {"repo.bug_reporting", "documentation says where to report bugs", &BugReporting},
      {"repo.vcs_git", "the project uses distributed version control (git)", &VcsGit},
      {"repo.tags", "releases are tagged or versioned", &Tags},
      {"repo.semver", "versions follow Semantic Versioning", &Semver},
      {"repo.changelog", "release notes or a change log exist", &Changelog},
      {"repo.build_system", "an automated build system exists", &BuildSystem},
      {"repo.build_common_tools", "the build uses common free tools", &BuildCommonTools},
      {"repo.tests", "an automated test suite exists", &Tests},
      {"repo.test_invocation", "tests run in a standard way for the language", &TestInvocation},
      {"repo.test_policy", "contributors are asked to add tests", &TestPolicy},
      {"repo.ci", "continuous integration is configured", &Ci},
      {"repo.ci_tests", "CI runs the tests", &CiTests},
      {"repo.warnings", "compiler warnings or linters are enabled", &Warnings},
      {"repo.warnings_strict", "warnings are treated as errors", &WarningsStrict},
      {"repo.static_analysis", "a static analysis tool runs in CI or the build", &StaticAnalysis},
      {"repo.dynamic_analysis", "fuzzing, sanitizers or valgrind are used", &DynamicAnalysis},
      {"repo.dependency_updates", "a dependency update tool is configured", &DependencyUpdates},
      {"repo.https_links", "project links use HTTPS", &HttpsLinks},
      {"repo.no_leaked_credentials", "no private keys or credentials are committed", &NoLeakedCredentials},
      {"repo.english", "documentation is in English", &English},
      {"repo.maintained", "the project had a commit in the last 12 months", &Maintained},
      {"repo.signed_releases", "releases are signed or have checksums", &SignedReleases},
      {"repo.pinned_dependencies", "dependencies and CI actions are pinned", &PinnedDependencies},
      {"repo.sbom", "an SBOM is published or generated", &Sbom},
      {"repo.branch_protection_hint", "changes need review (CODEOWNERS or documented)", &BranchProtectionHint},
  };
  return kChecks;
}

const RepoCheck* FindRepoCheck(std::string_view id) {
  for (const auto& c : RepoChecks())
    if (c.id == id) return &c;
  return nullptr;
}

}  // namespace fledger::assess

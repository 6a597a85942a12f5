// The version-control and release checks: git, release tags and their numbering, change logs,
// recent commits and signed releases.
#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <ctime>
#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <system_error>
#include <vector>

#include "assess/repo_checks_internal.h"
#include "core/input.h"
#include "core/text.h"

namespace fledger::assess::internal {

CheckResult VcsGit(const RepoSnapshot& r) {
  if (r.git().is_git) {
    return Met(
        {}, "git repository" + (r.git().remote_urls.empty() ? std::string()
                                                            : " (" + r.git().remote_urls[0] + ")"));
  }
  // libgit2 may refuse a repository it cannot read (another owner, damaged); its .git is still
  // decisive. symlink_status: a .git symlink is looked at, never followed.
  // An empty or garbage .git proves nothing: a git directory has a HEAD file, and a worktree's
  // or submodule's .git file starts with "gitdir:".
  std::error_code ec;
  const auto dot_git = r.root() / ".git";
  const auto st = std::filesystem::symlink_status(dot_git, ec);
  if (!ec && std::filesystem::is_directory(st)) {
    const auto head = std::filesystem::symlink_status(dot_git / "HEAD", ec);
    if (!ec && std::filesystem::is_regular_file(head)) {
      return Met({}, "a .git directory is present (git metadata not readable)");
    }
  } else if (!ec && std::filesystem::is_regular_file(st)) {
    auto text = ReadTextFile(dot_git, {.max_bytes = 4096, .require_utf8 = false});
    if (text.ok() && StartsWith(text.value(), "gitdir:")) {
      return Met({}, "a .git file points at the repository (git metadata not readable)");
    }
  }
  return Review("not a git work tree (assess a clone to decide)");
}

namespace {

// A release tag read as a version: "v1.2.3", "release-1.2.3", "jq-1.7.1", "grep-cli-0.1.5",
// "2024.05.1". Branch-like tags ("2.0.x") and names without a version are not release tags.
struct TagVersion {
  std::string tag;
  std::string prefix;             // "", "jq-", "grep-cli-" (lowercase, "v" dropped)
  std::string core;               // "1.2.3" as written
  std::vector<uint64_t> numbers;  // {1, 2, 3}
  std::string suffix;             // "-rc.1+build", "rc1", ""
};

std::optional<TagVersion> ParseTag(std::string_view tag) {
  std::string prefix, core, suffix;
  if (!RE2::FullMatch(
          re2::StringPiece(tag),
          Re(R"(((?:[A-Za-z][A-Za-z0-9_.]*?[-_/])?)[vV]?(\d{1,9}(?:\.\d{1,9}){1,3})([-+]?[0-9A-Za-z][0-9A-Za-z.\-+]*)?)"),
          &prefix, &core, &suffix)) {
    return std::nullopt;
  }
  TagVersion v{std::string(tag), ToLower(prefix), core, {}, suffix};
  for (const auto& part : Split(core, '.'))
    v.numbers.push_back(std::strtoull(part.c_str(), nullptr, 10));
  return v;
}

// SemVer 2.0.0: MAJOR.MINOR.PATCH without leading zeros, "-pre-release" and "+build" optional.
bool IsSemver(const TagVersion& v) {
  return RE2::FullMatch(
      v.core + v.suffix,
      Re(R"((0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)(-[0-9A-Za-z\-]+(\.[0-9A-Za-z\-]+)*)?(\+[0-9A-Za-z\-]+(\.[0-9A-Za-z\-]+)*)?)"));
}

// CalVer's common schemes: YYYY.MM[.x], YYYY.0M[.x], YY.0M[.x] (e.g. "2024.5.1", "24.04").
bool IsCalver(const TagVersion& v) {
  if (v.numbers.size() < 2 || v.numbers[1] < 1 || v.numbers[1] > 12) return false;
  const uint64_t year = v.numbers[0];
  return (year >= 2000 && year <= 2100) ||
         (year >= 10 && year <= 99 && v.core[2] == '.' && (v.core[3] == '0' || v.numbers[1] >= 10));
}

// Release order: by numbers, and a pre-release ("1.2.0rc1", "1.2.0-beta") before its release.
bool ReleaseLess(const TagVersion& a, const TagVersion& b) {
  if (a.numbers != b.numbers) return a.numbers < b.numbers;
  const bool a_pre = !a.suffix.empty() && a.suffix[0] != '+';
  const bool b_pre = !b.suffix.empty() && b.suffix[0] != '+';
  if (a_pre != b_pre) return a_pre;
  return a.tag < b.tag;
}

// The project's main release line, newest first: repositories of several packages tag each one
// ("grep-cli-0.1.5" beside ripgrep's "14.1.1"), so the line is the prefix with the most release
// tags, the bare one winning ties.
std::vector<TagVersion> MainReleaseLine(const std::vector<std::string>& tags) {
  std::map<std::string, std::vector<TagVersion>> lines;
  for (const auto& t : tags) {
    if (auto v = ParseTag(t)) lines[v->prefix].push_back(std::move(*v));
  }
  if (lines.empty()) return {};
  auto best = lines.begin();
  for (auto it = lines.begin(); it != lines.end(); ++it) {
    if (it->second.size() > best->second.size()) best = it;  // map order: "" first, so it wins ties
  }
  std::vector<TagVersion> out = std::move(best->second);
  std::sort(out.begin(), out.end(), [](const auto& a, const auto& b) { return ReleaseLess(b, a); });
  return out;
}

std::string NewestTags(const std::vector<TagVersion>& line, size_t n) {
  std::string out;
  for (size_t i = 0; i < line.size() && i < n; ++i) out += (i == 0 ? "" : ", ") + line[i].tag;
  return out;
}

constexpr const char* kVersionHeading = R"(^\s*(#+|=+|\*|-)?\s*\[?v?\d+\.\d+(\.\d+)?)";

std::vector<LineHit> ChangelogVersions(const RepoSnapshot& r, size_t max) {
  return Grep(r, Changelogs(r), Re(kVersionHeading), max);
}

}  // namespace

CheckResult Tags(const RepoSnapshot& r) {
  const auto& git = r.git();
  if (!git.tags.empty()) {
    const auto line = MainReleaseLine(git.tags);
    if (!line.empty()) {
      return Met({}, std::to_string(git.tags.size()) + " git tags, " + std::to_string(line.size()) +
                         " on the main release line, newest " + NewestTags(line, 3));
    }
    return Met({}, std::to_string(git.tags.size()) + " git tags (none names a version)");
  }
  const auto versions = ChangelogVersions(r, 1);
  if (!git.is_git) {
    if (!versions.empty()) return Met({Ref(versions[0])}, "versions are named in the change log");
    return Review("no git tags (not a git clone) and no versioned change log");
  }
  // A shallow or single-commit clone carries no tags even when the project tags its releases.
  if (git.commit_count <= 1 || !versions.empty()) {
    std::vector<EvidenceRef> ev;
    if (!versions.empty()) ev.push_back(Ref(versions[0]));
    return Review("no git tags in this clone (a shallow clone has none)", std::move(ev));
  }
  return Unmet("no git tags");
}

// The criterion is about how releases are numbered now, so the newest releases decide, not tags
// from before a project adopted a scheme.
constexpr size_t kRecentReleases = 10;

CheckResult Semver(const RepoSnapshot& r) {
  const auto line = MainReleaseLine(r.git().tags);
  if (!line.empty()) {
    const size_t n = std::min(line.size(), kRecentReleases);
    size_t ok = 0;
    std::string others;
    for (size_t i = 0; i < n; ++i) {
      if (IsSemver(line[i]) || IsCalver(line[i])) {
        ++ok;
      } else if (others.size() < 60) {
        others += (others.empty() ? "" : ", ") + line[i].tag;
      }
    }
    std::string note = std::to_string(ok) + " of the newest " + std::to_string(n) +
                       " release tags follow SemVer or CalVer (newest " + NewestTags(line, 1) + ")";
    if (ok * 5 >= n * 4) return Met({}, note);
    return Unmet(note + "; not: " + others);
  }
  if (!r.git().tags.empty()) return Review("no git tag names a version");
  const auto versions = ChangelogVersions(r, kRecentReleases);
  if (versions.empty()) return Review("no versions found");
  size_t ok = 0;
  for (const auto& v : versions) {
    std::string ver;
    if (!RE2::PartialMatch(re2::StringPiece(v.text), Re(R"(v?(\d+(?:\.\d+)+[0-9A-Za-z.+\-]*))"),
                           &ver))
      continue;
    if (auto parsed = ParseTag(ver); parsed && (IsSemver(*parsed) || IsCalver(*parsed))) ++ok;
  }
  const std::string note = std::to_string(ok) + " of the newest " +
                           std::to_string(versions.size()) +
                           " change-log versions follow SemVer or CalVer";
  return ok * 5 >= versions.size() * 4 ? Met({Ref(versions[0])}, note)
                                       : Review(note, {Ref(versions[0])});
}

CheckResult Changelog(const RepoSnapshot& r) {
  const auto versions = ChangelogVersions(r, 1);
  if (!versions.empty())
    return Met({Ref(versions[0])}, "release notes in " + versions[0].path.str());
  const Files files = Changelogs(r);
  if (!files.empty())
    return Met({FileRef(r, files[0])}, "release notes in " + files[0]->path.str());
  return Review("no change log file (release notes may live on the forge)");
}

CheckResult Maintained(const RepoSnapshot& r) {
  if (!r.git().is_git || r.git().head_time == 0)
    return Review("no git history to judge (assess a clone)");
  const auto now =
      static_cast<int64_t>(std::chrono::system_clock::to_time_t(std::chrono::system_clock::now()));
  const int64_t head = r.git().head_time;
  std::tm tm{};
  const auto t = static_cast<time_t>(head);
  char date[32] = "?";
  if (gmtime_r(&t, &tm) != nullptr) std::strftime(date, sizeof(date), "%Y-%m-%d", &tm);
  // Commit dates are written by the committer: one before 1970 or in the future proves nothing
  // (and a hostile one near INT64_MIN must not reach the subtraction below).
  if (head < 0) return Review("last commit has no usable date");
  if (head > now + 86400)
    return Review(std::string("last commit dated in the future (") + date + ")");
  if ((now - head) / 86400 <= 365) return Met({}, std::string("last commit ") + date);
  return Unmet(std::string("last commit ") + date + ", over a year ago");
}

CheckResult SignedReleases(const RepoSnapshot& r) {
  const Files files =
      WithoutAuxiliary(Any(r, {"**/*.asc", "**/*.sig", "**/*.minisig", "**/sha256sums*",
                               "**/sha512sums*", "**/checksums.txt", "**/*.intoto.jsonl"}));
  if (!files.empty())
    return Met({FileRef(r, files[0])}, "signatures or checksums in the repository");
  return LineCheck(
      r, CiFiles(r),
      R"((?i)(cosign|sigstore|slsa-github-generator|slsa-framework|gpg --(detach-)?sign|gpg .*--detach-sign|minisign|attest-build-provenance|goreleaser.*sign))",
      "releases are signed in CI", "no release signing found", false);
}

}  // namespace fledger::assess::internal

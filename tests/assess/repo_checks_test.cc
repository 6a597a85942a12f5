// Tests for repository snapshots and the automatic repository checks: each check decides
// met/unmet/needs-review on small repositories built in a temp dir, with exact path:line
// evidence, and never shows a secret.
#include "assess/repo_checks.h"

#include <git2.h>
#include <gtest/gtest.h>

#include <chrono>
#include <functional>
#include <set>

#include "core/text.h"
#include "test_util.h"

namespace fledger::assess {
namespace {

using fledger::testing::SourceDir;
using fledger::testing::TempDir;

CheckResult RunCheck(const RepoSnapshot& repo, std::string_view id) {
  const RepoCheck* check = FindRepoCheck(id);
  EXPECT_NE(check, nullptr) << id;
  return check == nullptr ? CheckResult{} : check->run(repo);
}

RepoSnapshot Load(const std::filesystem::path& root) {
  auto snap = RepoSnapshot::Load(root, fs::WalkOptions{});
  EXPECT_TRUE(snap.ok()) << (snap.ok() ? "" : snap.error().ToString());
  return std::move(snap).value();
}
RepoSnapshot Load(const TempDir& dir) { return Load(dir.path()); }

// Asserts the status and, when given, the first evidence entry's path and line.
void ExpectResult(const CheckResult& r, ReqStatus status, std::string_view path = {},
                  int line = -1) {
  EXPECT_EQ(ReqStatusName(r.status), ReqStatusName(status)) << r.note;
  if (path.empty()) return;
  ASSERT_FALSE(r.evidence.empty()) << r.note;
  EXPECT_EQ(r.evidence[0].path.str(), path) << r.note;
  if (line >= 0) {
    EXPECT_EQ(r.evidence[0].line, line) << r.note;
  }
}

int64_t Now() {
  return std::chrono::duration_cast<std::chrono::seconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

// A git repository at `root` with one commit of the files already there, dated `commit_time`,
// lightweight `tags` on it, and an "origin" remote.
void MakeGitRepo(const std::filesystem::path& root, int64_t commit_time,
                 const std::vector<std::string>& tags, const std::string& remote_url) {
  git_libgit2_init();
  git_repository* repo = nullptr;
  ASSERT_EQ(git_repository_init(&repo, root.c_str(), 0), 0);
  git_index* index = nullptr;
  ASSERT_EQ(git_repository_index(&index, repo), 0);
  const char* all = "*";
  git_strarray paths{const_cast<char**>(&all), 1};
  ASSERT_EQ(git_index_add_all(index, &paths, GIT_INDEX_ADD_DEFAULT, nullptr, nullptr), 0);
  ASSERT_EQ(git_index_write(index), 0);
  git_oid tree_id, commit_id;
  ASSERT_EQ(git_index_write_tree(&tree_id, index), 0);
  git_tree* tree = nullptr;
  ASSERT_EQ(git_tree_lookup(&tree, repo, &tree_id), 0);
  git_signature* sig = nullptr;
  ASSERT_EQ(git_signature_new(&sig, "Test", "test@example.org", commit_time, 0), 0);
  ASSERT_EQ(git_commit_create_v(&commit_id, repo, "HEAD", sig, sig, nullptr, "initial", tree, 0),
            0);
  git_object* commit = nullptr;
  ASSERT_EQ(git_object_lookup(&commit, repo, &commit_id, GIT_OBJECT_COMMIT), 0);
  for (const auto& tag : tags) {
    git_oid tag_id;
    ASSERT_EQ(git_tag_create_lightweight(&tag_id, repo, tag.c_str(), commit, 0), 0);
  }
  if (!remote_url.empty()) {
    git_remote* remote = nullptr;
    ASSERT_EQ(git_remote_create(&remote, repo, "origin", remote_url.c_str()), 0);
    git_remote_free(remote);
  }
  git_object_free(commit);
  git_signature_free(sig);
  git_tree_free(tree);
  git_index_free(index);
  git_repository_free(repo);
  git_libgit2_shutdown();
}

// --- Registry -------------------------------------------------------------------------------

TEST(RepoCheckRegistryTest, IdsAreUniqueAndComplete) {
  std::set<std::string_view> ids;
  for (const auto& c : RepoChecks()) {
    EXPECT_TRUE(ids.insert(c.id).second) << c.id;
    EXPECT_FALSE(c.description.empty()) << c.id;
    EXPECT_EQ(c.description.find('\n'), std::string_view::npos) << c.id;
    EXPECT_NE(c.run, nullptr) << c.id;
  }
  for (const char* id : {"repo.readme",
                         "repo.readme_build",
                         "repo.interface_docs",
                         "repo.license_file",
                         "repo.license_floss",
                         "repo.license_osi",
                         "repo.contributing",
                         "repo.contribution_requirements",
                         "repo.code_of_conduct",
                         "repo.governance",
                         "repo.security_policy",
                         "repo.security_private_channel",
                         "repo.bug_reporting",
                         "repo.vcs_git",
                         "repo.tags",
                         "repo.semver",
                         "repo.changelog",
                         "repo.build_system",
                         "repo.build_common_tools",
                         "repo.tests",
                         "repo.test_invocation",
                         "repo.test_policy",
                         "repo.ci",
                         "repo.ci_tests",
                         "repo.warnings",
                         "repo.warnings_strict",
                         "repo.static_analysis",
                         "repo.dynamic_analysis",
                         "repo.dependency_updates",
                         "repo.https_links",
                         "repo.no_leaked_credentials",
                         "repo.english",
                         "repo.maintained",
                         "repo.signed_releases",
                         "repo.pinned_dependencies",
                         "repo.sbom",
                         "repo.branch_protection_hint",
                         "sca.dependencies_listed",
                         "sca.known_vulnerabilities",
                         "sca.critical_vulnerabilities",
                         "sca.dependency_monitoring"}) {
    EXPECT_NE(FindRepoCheck(id), nullptr) << id;
  }
  EXPECT_EQ(RepoChecks().size(), 41u);
  EXPECT_EQ(FindRepoCheck("repo.nope"), nullptr);
}

// --- Snapshot -------------------------------------------------------------------------------

TEST(RepoSnapshotTest, GlobContentAndCache) {
  TempDir dir;
  dir.Write("Docs/Guide.MD", "guide\n");
  dir.Write("README.md", "hello\n");
  const RepoSnapshot repo = Load(dir);
  EXPECT_EQ(repo.files().size(), 2u);
  ASSERT_EQ(repo.Glob("docs/*.md").size(), 1u);
  EXPECT_EQ(repo.Glob("docs/*.md")[0]->path.str(), "Docs/Guide.MD");
  EXPECT_TRUE(repo.Glob("docs/*.md", /*ignore_case=*/false).empty());
  EXPECT_EQ(repo.Glob("Docs/*.MD", /*ignore_case=*/false).size(), 1u);
  EXPECT_EQ(repo.Glob("**/*.md").size(), 2u);
  const std::string* text = repo.Content(RepoPath::Parse("README.md").value());
  ASSERT_NE(text, nullptr);
  EXPECT_EQ(*text, "hello\n");
  EXPECT_EQ(repo.Content(RepoPath::Parse("README.md").value()), text);  // cached
  EXPECT_EQ(repo.Content(RepoPath::Parse("missing.txt").value()), nullptr);
  EXPECT_FALSE(repo.git().is_git);
}

TEST(RepoSnapshotTest, MissingRootIsAnError) {
  TempDir dir;
  EXPECT_FALSE(RepoSnapshot::Load(dir.path() / "nope", fs::WalkOptions{}).ok());
}

TEST(RepoSnapshotTest, GitMetadataWithCredentialsStripped) {
  TempDir dir;
  dir.Write("README.md", "# x\n");
  const int64_t now = Now();
  MakeGitRepo(dir.path(), now - 3600, {"v1.0.0", "v1.10.0", "v1.9.0"},
              "https://user:s3cr3tpw@git.example.org/x.git");
  const RepoSnapshot repo = Load(dir);
  const GitInfo& git = repo.git();
  ASSERT_TRUE(git.is_git);
  EXPECT_EQ(git.tags, (std::vector<std::string>{"v1.0.0", "v1.10.0", "v1.9.0"}));
  EXPECT_EQ(git.head_time, now - 3600);
  EXPECT_EQ(git.commit_count, 1u);
  ASSERT_EQ(git.remote_urls.size(), 1u);
  EXPECT_EQ(git.remote_urls[0], "https://git.example.org/x.git");
  // .git itself is never part of the file list.
  for (const auto& f : repo.files())
    EXPECT_FALSE(f.path.str().rfind(".git/", 0) == 0) << f.path.str();

  const auto vcs = RunCheck(repo, "repo.vcs_git");
  ExpectResult(vcs, ReqStatus::kMet);
  EXPECT_NE(vcs.note.find("https://git.example.org/x.git"), std::string::npos) << vcs.note;
  EXPECT_EQ(vcs.note.find("s3cr3tpw"), std::string::npos);
  const auto tags = RunCheck(repo, "repo.tags");
  ExpectResult(tags, ReqStatus::kMet);
  EXPECT_NE(
      tags.note.find("3 git tags, 3 on the main release line, newest v1.10.0, v1.9.0, v1.0.0"),
      std::string::npos)
      << tags.note;
  ExpectResult(RunCheck(repo, "repo.semver"), ReqStatus::kMet);
  const auto maintained = RunCheck(repo, "repo.maintained");
  ExpectResult(maintained, ReqStatus::kMet);
  EXPECT_TRUE(maintained.evidence.empty());
  EXPECT_NE(maintained.note.find("last commit 20"), std::string::npos) << maintained.note;
}

TEST(RepoSnapshotTest, OldUntaggedHistoryAndNonSemverTags) {
  TempDir dir;
  dir.Write("a.txt", "a\n");
  MakeGitRepo(dir.path(), Now() - 2 * 365 * 86400, {"release", "nightly", "v2.0", "2.1", "2.2rc1"},
              "");
  const RepoSnapshot repo = Load(dir);
  ExpectResult(RunCheck(repo, "repo.maintained"), ReqStatus::kUnmet);
  const auto semver = RunCheck(repo, "repo.semver");
  ExpectResult(semver, ReqStatus::kUnmet);
  EXPECT_NE(semver.note.find("0 of the newest 3 release tags"), std::string::npos) << semver.note;
  EXPECT_NE(semver.note.find("not: 2.2rc1, 2.1, v2.0"), std::string::npos) << semver.note;
  EXPECT_TRUE(repo.git().remote_urls.empty());
}

TEST(RepoSnapshotTest, ReleaseLineIgnoresOtherPackagesBranchTagsAndOldHistory) {
  // Like ripgrep (crate tags beside the tool's), Flask (branch-like "2.0.x", pre-1.0 "0.10")
  // and projects that moved to CalVer: the newest releases of the main line decide.
  TempDir dir;
  dir.Write("README.md", "# x\n");
  MakeGitRepo(dir.path(), Now(),
              {"0.9", "0.10", "2.0.x", "grep-cli-0.1.5", "grep-cli-0.1.10", "ignore-0.4.1",
               "13.0.0", "14.0.0", "14.0.1", "14.0.2", "14.1.0", "14.1.1", "15.0.0-rc.1", "15.0.0",
               "2024.05.1", "2025.1"},
              "");
  const RepoSnapshot repo = Load(dir);
  const auto tags = RunCheck(repo, "repo.tags");
  ExpectResult(tags, ReqStatus::kMet);
  EXPECT_NE(
      tags.note.find("16 git tags, 12 on the main release line, newest 2025.1, 2024.05.1, 15.0.0"),
      std::string::npos)
      << tags.note;
  const auto semver = RunCheck(repo, "repo.semver");
  ExpectResult(semver, ReqStatus::kMet);
  EXPECT_NE(
      semver.note.find("10 of the newest 10 release tags follow SemVer or CalVer (newest 2025.1)"),
      std::string::npos)
      << semver.note;
}

TEST(RepoSnapshotTest, EmptyOrGarbageDotGitIsNotARepository) {
  struct Case {
    const char* what;
    std::function<void(const TempDir&)> make;
    ReqStatus want;
  };
  const std::vector<Case> cases = {
      {"empty .git directory",
       [](const TempDir& d) { std::filesystem::create_directories(d.path() / ".git"); },
       ReqStatus::kNeedsReview},
      {"garbage .git file", [](const TempDir& d) { d.Write(".git", "not a repository\n"); },
       ReqStatus::kNeedsReview},
      {"worktree .git file",
       [](const TempDir& d) { d.Write(".git", "gitdir: /elsewhere/.git/worktrees/x\n"); },
       ReqStatus::kMet},
      {"unreadable git directory with HEAD",
       [](const TempDir& d) { d.Write(".git/HEAD", "garbage\n"); }, ReqStatus::kMet},
  };
  for (const auto& c : cases) {
    TempDir dir;
    dir.Write("README.md", "# x\n");
    c.make(dir);
    const auto r = RunCheck(Load(dir), "repo.vcs_git");
    EXPECT_EQ(ReqStatusName(r.status), ReqStatusName(c.want)) << c.what << ": " << r.note;
  }
}

// Regression: libgit2 followed a ".git" symlink or "gitdir:" file out of the tree, and another
// repository's remotes and history were reported as this one's.
TEST(RepoSnapshotTest, DotGitPointingElsewhereIsNotFollowed) {
  TempDir other;
  other.Write("x.txt", "x\n");
  MakeGitRepo(other.path(), Now(), {"v9.9.9"},
              "https://internal.example.invalid/secret-project.git");
  for (const bool as_symlink : {true, false}) {
    TempDir dir;
    dir.Write("README.md", "# x\n");
    if (as_symlink) {
      std::filesystem::create_directory_symlink(other.path() / ".git", dir.path() / ".git");
    } else {
      dir.Write(".git", "gitdir: " + (other.path() / ".git").string() + "\n");
    }
    const RepoSnapshot repo = Load(dir);
    EXPECT_FALSE(repo.git().is_git) << as_symlink;
    EXPECT_TRUE(repo.git().tags.empty()) << as_symlink;
    EXPECT_TRUE(repo.git().remote_urls.empty()) << as_symlink;
    EXPECT_EQ(RunCheck(repo, "repo.vcs_git").note.find("secret-project"), std::string::npos);
  }
}

TEST(RepoSnapshotTest, HostileCommitDateIsNoDate) {
  // A commit object written by hand with a time near INT64_MIN, which libgit2 reads back as is;
  // UBSan caught `now - head` overflowing on it.
  TempDir dir;
  dir.Write("README.md", "# x\n");
  git_libgit2_init();
  git_repository* repo = nullptr;
  ASSERT_EQ(git_repository_init(&repo, dir.path().c_str(), 0), 0);
  git_odb* odb = nullptr;
  ASSERT_EQ(git_repository_odb(&odb, repo), 0);
  git_oid tree_id, commit_id;
  ASSERT_EQ(git_odb_write(&tree_id, odb, "", 0, GIT_OBJECT_TREE), 0);  // the empty tree
  char tree_hex[GIT_OID_HEXSZ + 1] = {};
  git_oid_tostr(tree_hex, sizeof(tree_hex), &tree_id);
  const std::string body = std::string("tree ") + tree_hex +
                           "\nauthor a <a@b> -9223372036854775807 +0000\n"
                           "committer a <a@b> -9223372036854775807 +0000\n\nhostile\n";
  ASSERT_EQ(git_odb_write(&commit_id, odb, body.data(), body.size(), GIT_OBJECT_COMMIT), 0);
  git_reference* ref = nullptr;
  ASSERT_EQ(git_reference_create(&ref, repo, "HEAD", &commit_id, 1, nullptr) == 0 ||
                git_reference_create(&ref, repo, "refs/heads/master", &commit_id, 1, nullptr) == 0,
            true);
  git_reference_free(ref);
  git_odb_free(odb);
  git_repository_free(repo);
  git_libgit2_shutdown();
  const RepoSnapshot snap = Load(dir);
  ASSERT_TRUE(snap.git().is_git);
  const auto r = RunCheck(snap, "repo.maintained");
  ExpectResult(r, ReqStatus::kNeedsReview);
  EXPECT_EQ(r.note, "last commit has no usable date");
}

TEST(RepoSnapshotTest, CalverMonthsTenToTwelve) {
  TempDir dir;
  dir.Write("README.md", "# x\n");
  MakeGitRepo(dir.path(), Now(), {"23.04", "23.10", "24.04", "24.10", "24.12"}, "");
  const auto r = RunCheck(Load(dir), "repo.semver");
  ExpectResult(r, ReqStatus::kMet);
  EXPECT_NE(r.note.find("5 of the newest 5"), std::string::npos) << r.note;
}

TEST(RepoSnapshotTest, FolderInsideARepositoryIsNotTheRepository) {
  // Assessing examples/app of a bigger checkout must not report the outer project's history.
  TempDir dir;
  dir.Write("app/README.md", "# app\n");
  MakeGitRepo(dir.path(), Now(), {"v1.0.0"}, "");
  const RepoSnapshot inner = Load(dir.path() / "app");
  EXPECT_FALSE(inner.git().is_git);
  ExpectResult(RunCheck(inner, "repo.vcs_git"), ReqStatus::kNeedsReview);
  ExpectResult(RunCheck(inner, "repo.maintained"), ReqStatus::kNeedsReview);
}

// --- Absence --------------------------------------------------------------------------------

TEST(RepoCheckTest, EmptyRepositoryIsUnmetWhereAbsenceDecides) {
  TempDir dir;
  dir.Write("main.c", "int main(void) { return 0; }\n");
  const RepoSnapshot repo = Load(dir);
  for (const char* id : {"repo.readme", "repo.license_file", "repo.security_policy", "repo.ci",
                         "repo.tests", "repo.build_system", "repo.dependency_updates"}) {
    const auto r = RunCheck(repo, id);
    EXPECT_EQ(r.status, ReqStatus::kUnmet) << id;
    EXPECT_FALSE(r.note.empty()) << id;
  }
  for (const char* id : {"repo.vcs_git", "repo.maintained", "repo.governance", "repo.tags",
                         "repo.changelog", "repo.signed_releases", "repo.sbom"}) {
    EXPECT_EQ(RunCheck(repo, id).status, ReqStatus::kNeedsReview) << id;
  }
  const auto creds = RunCheck(repo, "repo.no_leaked_credentials");
  ExpectResult(creds, ReqStatus::kMet);
  EXPECT_TRUE(creds.evidence.empty());
  EXPECT_EQ(creds.note, "no credentials found in 1 files");
}

// --- README ---------------------------------------------------------------------------------

TEST(RepoCheckTest, ReadmeEvidenceIsTheFirstProseLine) {
  TempDir dir;
  dir.Write("README.md",
            "# Title\n"
            "\n"
            "[![CI](https://ci.example.org/badge.svg)](https://ci.example.org)\n"
            "\n"
            "```sh\n"
            "make install and then run it from the shell\n"
            "```\n"
            "> **Warning:** this is a quoted warning about something else entirely.\n"
            "Fledger is a tool that checks repositories offline.\n"
            "It reads files and never runs anything it finds.\n"
            "Results carry path and line evidence for a reviewer.\n");
  const RepoSnapshot repo = Load(dir);
  const auto r = RunCheck(repo, "repo.readme");
  ExpectResult(r, ReqStatus::kMet, "README.md", 9);
  EXPECT_EQ(r.evidence[0].excerpt, "Fledger is a tool that checks repositories offline.");
  ExpectResult(RunCheck(repo, "repo.readme_build"), ReqStatus::kMet, "README.md", 6);
}

TEST(RepoCheckTest, ShortReadmeIsPartialAndRootReadmeComesFirst) {
  TempDir dir;
  dir.Write("README.rst", "Title\n=====\n\nA tiny thing that does stuff well.\n");
  dir.Write(".github/README.md",
            "One line of prose about the project here.\nAnother line of prose about it.\n"
            "A third line of prose for good measure.\n");
  const RepoSnapshot repo = Load(dir);
  // The .github README is long enough; the root one is not but is still the front page.
  ExpectResult(RunCheck(repo, "repo.readme"), ReqStatus::kMet, ".github/README.md", 1);
  TempDir short_dir;
  short_dir.Write("README.rst", "Title\n=====\n\nA tiny thing that does stuff well.\n");
  ExpectResult(RunCheck(Load(short_dir), "repo.readme"), ReqStatus::kPartial, "README.rst", 4);
}

// --- Licenses -------------------------------------------------------------------------------

struct LicenseCase {
  const char* name;
  std::vector<std::pair<std::string, std::string>> files;
  ReqStatus file_status;
  ReqStatus floss_status;
  ReqStatus osi_status;
  std::string spdx;  // expected in the floss note ("" to skip)
  std::string evidence_path;
  int evidence_line;
};

TEST(RepoCheckTest, LicensesAreIdentifiedWithLineEvidence) {
  const ReqStatus kMet = ReqStatus::kMet, kUnmet = ReqStatus::kUnmet,
                  kReview = ReqStatus::kNeedsReview;
  const std::vector<LicenseCase> cases = {
      {"mit",
       {{"LICENSE",
         "MIT License\n\nCopyright (c) 2026 X\n\n"
         "Permission is hereby granted, free of charge, to any person obtaining a copy\n"}},
       kMet,
       kMet,
       kMet,
       "MIT",
       "LICENSE",
       5},
      {"apache",
       {{"LICENSE",
         "\n                                 Apache License\n           Version 2.0, January "
         "2004\n"}},
       kMet,
       kMet,
       kMet,
       "Apache-2.0",
       "LICENSE",
       2},
      {"gpl3",
       {{"COPYING",
         "                    GNU GENERAL PUBLIC LICENSE\n                       Version 3, 29 "
         "June 2007\n"}},
       kMet,
       kMet,
       kMet,
       "GPL-3.0",
       "COPYING",
       1},
      {"gpl2",
       {{"COPYING", "GNU GENERAL PUBLIC LICENSE\nVersion 2, June 1991\n"}},
       kMet,
       kMet,
       kMet,
       "GPL-2.0",
       "COPYING",
       1},
      {"lgpl21",
       {{"LICENSE", "GNU LESSER GENERAL PUBLIC LICENSE\nVersion 2.1, February 1999\n"}},
       kMet,
       kMet,
       kMet,
       "LGPL-2.1",
       "LICENSE",
       1},
      {"agpl",
       {{"LICENSE", "GNU AFFERO GENERAL PUBLIC LICENSE\nVersion 3, 19 November 2007\n"}},
       kMet,
       kMet,
       kMet,
       "AGPL-3.0",
       "LICENSE",
       1},
      {"bsd3",
       {{"LICENSE.txt",
         "Copyright X\n\nRedistribution and use in source and binary forms, with or without\n"
         "modification, are permitted.\n3. Neither the name of the copyright holder nor\n"}},
       kMet,
       kMet,
       kMet,
       "BSD-3-Clause",
       "LICENSE.txt",
       3},
      {"bsd2",
       {{"LICENSE", "Redistribution and use in source and binary forms, with or without\n"}},
       kMet,
       kMet,
       kMet,
       "BSD-2-Clause",
       "LICENSE",
       1},
      {"spdx_line",
       {{"LICENSE.md", "# License\nSPDX-License-Identifier: MPL-2.0\n"}},
       kMet,
       kMet,
       kMet,
       "MPL-2.0",
       "LICENSE.md",
       2},
      {"reuse_folder",
       {{"LICENSES/Zlib.txt",
         "This software is provided 'as-is', without any express or implied\n"}},
       kMet,
       kMet,
       kMet,
       "Zlib",
       "LICENSES/Zlib.txt",
       1},
      {"cc0_not_osi",
       {{"LICENSE", "Creative Commons Legal Code\n\nCC0 1.0 Universal\n"}},
       kMet,
       kMet,
       kUnmet,
       "CC0-1.0",
       "LICENSE",
       3},
      {"busl",
       {{"LICENSE", "Business Source License 1.1\n"}},
       kMet,
       kUnmet,
       kUnmet,
       "",
       "LICENSE",
       1},
      {"unknown_text",
       {{"LICENSE", "All rights reserved. Ask the author.\n"}},
       kMet,
       kReview,
       kReview,
       "",
       "",
       0},
      {"package_json",
       {{"package.json",
         "{\n  \"name\": \"x\",\n  \"license\": \"ISC\",\n  \"version\": \"1.0.0\"\n}\n"}},
       kUnmet,
       kMet,
       kMet,
       "ISC",
       "package.json",
       3},
      {"cargo_or",
       {{"Cargo.toml", "[package]\nname = \"x\"\nlicense = \"MIT OR Apache-2.0\"\n"}},
       kUnmet,
       kMet,
       kMet,
       "MIT OR Apache-2.0",
       "Cargo.toml",
       3},
      {"unlicensed",
       {{"package.json", "{\n  \"license\": \"UNLICENSED\"\n}\n"}},
       kUnmet,
       kUnmet,
       kUnmet,
       "",
       "package.json",
       2},
      {"pyproject_proprietary",
       {{"pyproject.toml", "[project]\nlicense = {text = \"Proprietary\"}\n"}},
       kUnmet,
       kUnmet,
       kUnmet,
       "",
       "pyproject.toml",
       2},
      {"manifest_unknown",
       {{"package.json", "{\n  \"license\": \"SEE LICENSE IN x\"\n}\n"}},
       kUnmet,
       kReview,
       kReview,
       "",
       "package.json",
       2},
      {"source_header",
       {{"src/a.c", "/* x */\n// SPDX-License-Identifier: GPL-2.0-or-later\nint x;\n"},
        {"src/b.c", "int y;\n"}},
       kUnmet,
       kMet,
       kMet,
       "GPL-2.0-or-later",
       "src/a.c",
       2},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.name);
    TempDir dir;
    for (const auto& [path, text] : c.files) dir.Write(path, text);
    const RepoSnapshot repo = Load(dir);
    EXPECT_EQ(ReqStatusName(RunCheck(repo, "repo.license_file").status),
              ReqStatusName(c.file_status));
    const auto floss = RunCheck(repo, "repo.license_floss");
    const auto osi = RunCheck(repo, "repo.license_osi");
    EXPECT_EQ(ReqStatusName(floss.status), ReqStatusName(c.floss_status)) << floss.note;
    EXPECT_EQ(ReqStatusName(osi.status), ReqStatusName(c.osi_status)) << osi.note;
    if (!c.spdx.empty()) {
      EXPECT_NE(floss.note.find(c.spdx), std::string::npos) << floss.note;
    }
    if (!c.evidence_path.empty()) {
      ASSERT_FALSE(floss.evidence.empty()) << floss.note;
      EXPECT_EQ(floss.evidence[0].path.str(), c.evidence_path);
      EXPECT_EQ(floss.evidence[0].line, c.evidence_line);
    }
  }
}

TEST(RepoCheckTest, SpdxExpressionsFollowAndOrPrecedence) {
  struct Case {
    const char* expr;
    ReqStatus osi;    // repo.license_osi
    ReqStatus floss;  // repo.license_floss
  };
  const std::vector<Case> cases = {
      {"MIT", ReqStatus::kMet, ReqStatus::kMet},
      {"MIT OR Apache-2.0", ReqStatus::kMet, ReqStatus::kMet},
      {"(MIT OR Apache-2.0)", ReqStatus::kMet, ReqStatus::kMet},
      {"GPL-2.0-only WITH Classpath-exception-2.0", ReqStatus::kMet, ReqStatus::kMet},
      // Regression: one OR anywhere made the whole expression a choice.
      {"BUSL-1.1 AND (MIT OR Apache-2.0)", ReqStatus::kUnmet, ReqStatus::kUnmet},
      {"(MIT OR Apache-2.0) AND BUSL-1.1", ReqStatus::kUnmet, ReqStatus::kUnmet},
      {"MIT AND BSD-3-Clause OR BUSL-1.1", ReqStatus::kMet,
       ReqStatus::kMet},  // (MIT AND BSD) OR BUSL
      {"BUSL-1.1 OR SSPL-1.0", ReqStatus::kUnmet, ReqStatus::kUnmet},
      {"CC0-1.0", ReqStatus::kUnmet, ReqStatus::kMet},
      {"MIT OR Frobnicate-1.0", ReqStatus::kMet, ReqStatus::kMet},  // one acceptable choice decides
      {"MIT AND Frobnicate-1.0", ReqStatus::kNeedsReview, ReqStatus::kNeedsReview},
      {"(MIT OR", ReqStatus::kNeedsReview, ReqStatus::kNeedsReview},  // malformed: never acceptable
      {"MIT )", ReqStatus::kNeedsReview, ReqStatus::kNeedsReview},
  };
  for (const auto& c : cases) {
    TempDir dir;
    dir.Write("package.json",
              std::string("{\n  \"name\": \"x\",\n  \"license\": \"") + c.expr + "\"\n}\n");
    const RepoSnapshot repo = Load(dir);
    const auto osi = RunCheck(repo, "repo.license_osi");
    const auto floss = RunCheck(repo, "repo.license_floss");
    EXPECT_EQ(ReqStatusName(osi.status), ReqStatusName(c.osi)) << c.expr << ": " << osi.note;
    EXPECT_EQ(ReqStatusName(floss.status), ReqStatusName(c.floss)) << c.expr << ": " << floss.note;
  }
}

TEST(RepoCheckTest, RootLicenseWinsOverLicensesFolder) {
  TempDir dir;
  dir.Write("LICENSE",
            "Permission is hereby granted, free of charge, to any person obtaining a copy\n");
  dir.Write("LICENSES/GPL-3.0.txt", "GNU GENERAL PUBLIC LICENSE\nVersion 3, 29 June 2007\n");
  const RepoSnapshot repo = Load(dir);
  const auto floss = RunCheck(repo, "repo.license_floss");
  EXPECT_EQ(floss.note, "license identified as MIT");
  ExpectResult(RunCheck(repo, "repo.license_file"), ReqStatus::kMet, "LICENSE", 1);
}

// --- Security policy ------------------------------------------------------------------------

TEST(RepoCheckTest, SecurityPolicyAndPrivateChannel) {
  TempDir dir;
  dir.Write("SECURITY.md",
            "# Security\n\nPlease do not open public issues.\nEmail security@example.org with "
            "details.\n");
  const RepoSnapshot repo = Load(dir);
  ExpectResult(RunCheck(repo, "repo.security_policy"), ReqStatus::kMet, "SECURITY.md", 1);
  ExpectResult(RunCheck(repo, "repo.security_private_channel"), ReqStatus::kMet, "SECURITY.md", 4);
}

TEST(RepoCheckTest, SecurityPolicyWithoutChannelAndAdvisoryLink) {
  TempDir none;
  none.Write(".github/SECURITY.md", "# Security\n\nWe care about security.\n");
  const RepoSnapshot a = Load(none);
  ExpectResult(RunCheck(a, "repo.security_policy"), ReqStatus::kMet, ".github/SECURITY.md");
  ExpectResult(RunCheck(a, "repo.security_private_channel"), ReqStatus::kUnmet);
  TempDir link;
  link.Write(
      "docs/SECURITY.md",
      "# Security\n\nReport vulnerabilities at\nhttps://github.com/o/r/security/advisories/new\n");
  ExpectResult(RunCheck(Load(link), "repo.security_private_channel"), ReqStatus::kMet,
               "docs/SECURITY.md", 4);
}

TEST(RepoCheckTest, DocsSecurityPageThatIsNotAPolicyDoesNotCount) {
  // docs/security.md often describes the software's own security design, not how to report.
  TempDir dir;
  dir.Write("docs/security.md",
            "# Security design\n\nInputs are bounded and parsed in a sandbox.\n");
  ExpectResult(RunCheck(Load(dir), "repo.security_policy"), ReqStatus::kUnmet);
}

TEST(RepoCheckTest, ReadmeSayingThereIsNoPolicyDoesNotCount) {
  TempDir dir;
  dir.Write("README.md",
            "# X\n\n- No `SECURITY.md`: no way to report a vulnerability privately.\n");
  EXPECT_EQ(RunCheck(Load(dir), "repo.security_policy").status, ReqStatus::kUnmet);
}

// --- Build, tests, CI -----------------------------------------------------------------------

TEST(RepoCheckTest, CiTestEvidenceIsTheCommandLine) {
  struct Case {
    const char* what;
    const char* workflow;
    int line;
  };
  const std::vector<Case> cases = {
      // Requests: the command sits on its own line of a multi-line run block.
      {"run block",
       "jobs:\n  t:\n    steps:\n    - name: Run tests\n      run: |\n        make ci\n", 6},
      // Flask: the tox matrix is mentioned before the step that runs it.
      {"matrix before run",
       "jobs:\n  t:\n    strategy:\n      matrix:\n        include:\n          - {name: PyPy, tox: "
       "pypy3.11}\n"
       "    steps:\n      - run: uv run --locked tox run\n",
       8},
      {"step name only",
       "jobs:\n  t:\n    steps:\n      - name: Unit tests\n        uses: ./.github/actions/t\n", 4},
  };
  for (const auto& c : cases) {
    TempDir dir;
    dir.Write(".github/workflows/ci.yml", c.workflow);
    ExpectResult(RunCheck(Load(dir), "repo.ci_tests"), ReqStatus::kMet, ".github/workflows/ci.yml",
                 c.line);
  }
  for (const char* workflow :
       {"jobs:\n  t:\n    steps:\n      - run: echo hello\n",
        "steps:\n  - run: mvn -B -DskipTests package\n  - run: ./gradlew build -x test\n"
        "  - run: pip install -U pytest\n"}) {
    TempDir none;
    none.Write(".github/workflows/ci.yml", workflow);
    ExpectResult(RunCheck(Load(none), "repo.ci_tests"), ReqStatus::kNeedsReview);
  }
  TempDir both;  // installing and then running, on one line, is a test run
  both.Write(".github/workflows/ci.yml", "steps:\n  - run: pip install -r req.txt && pytest -q\n");
  ExpectResult(RunCheck(Load(both), "repo.ci_tests"), ReqStatus::kMet, ".github/workflows/ci.yml",
               2);
}

TEST(RepoCheckTest, CiRunsTestsAndStaticAnalysis) {
  TempDir dir;
  dir.Write(".github/workflows/ci.yml",
            "name: ci\non: push\njobs:\n  t:\n    steps:\n      - uses: actions/checkout@v4\n      "
            "- run: ctest\n"
            "      - uses: github/codeql-action/analyze@v3\n");
  dir.Write("tests/a_test.cc", "TEST(A, B) {}\n");
  const RepoSnapshot repo = Load(dir);
  ExpectResult(RunCheck(repo, "repo.ci"), ReqStatus::kMet, ".github/workflows/ci.yml", 1);
  ExpectResult(RunCheck(repo, "repo.ci_tests"), ReqStatus::kMet, ".github/workflows/ci.yml", 7);
  ExpectResult(RunCheck(repo, "repo.static_analysis"), ReqStatus::kMet, ".github/workflows/ci.yml",
               8);
  const auto pinned = RunCheck(repo, "repo.pinned_dependencies");
  ExpectResult(pinned, ReqStatus::kPartial, ".github/workflows/ci.yml",
               6);  // actions by tag, not commit
  ASSERT_EQ(pinned.evidence.size(), 2u);
  EXPECT_EQ(pinned.evidence[1].line, 8);
  ExpectResult(RunCheck(repo, "repo.tests"), ReqStatus::kMet, "tests/a_test.cc", 1);
}

TEST(RepoCheckTest, ActionsPinnedByCommitAreMet) {
  TempDir dir;
  dir.Write(".github/workflows/ci.yml",
            "name: ci\non: push\njobs:\n  b:\n    runs-on: ubuntu-latest\n    steps:\n"
            "      - uses: actions/checkout@0123456789abcdef0123456789abcdef01234567 # v4\n"
            "      - uses: ./.github/actions/local\n");
  const auto r = RunCheck(Load(dir), "repo.pinned_dependencies");
  ExpectResult(r, ReqStatus::kMet, ".github/workflows/ci.yml", 7);
  EXPECT_EQ(r.note, "all 1 GitHub Actions are pinned by commit");
}

TEST(RepoCheckTest, LockfilesInExamplesDoNotCount) {
  TempDir dir;
  dir.Write("examples/web/package-lock.json", "{}\n");
  ExpectResult(RunCheck(Load(dir), "repo.pinned_dependencies"), ReqStatus::kNeedsReview);
  dir.Write("package-lock.json", "{\n  \"lockfileVersion\": 3\n}\n");
  ExpectResult(RunCheck(Load(dir), "repo.pinned_dependencies"), ReqStatus::kMet,
               "package-lock.json", 1);
}

TEST(RepoCheckTest, WarningFlagsAndWerrorLines) {
  TempDir dir;
  dir.Write("CMakeLists.txt",
            "cmake_minimum_required(VERSION 3.20)\nproject(x)\nadd_compile_options(-Wall -Wextra)\n"
            "if(WERROR)\n  add_compile_options(-Werror)\nendif()\nenable_testing()\n");
  dir.Write("test/t.c", "int main(void) { return 0; }\n");
  const RepoSnapshot repo = Load(dir);
  ExpectResult(RunCheck(repo, "repo.warnings"), ReqStatus::kMet, "CMakeLists.txt", 3);
  ExpectResult(RunCheck(repo, "repo.warnings_strict"), ReqStatus::kMet, "CMakeLists.txt", 5);
  ExpectResult(RunCheck(repo, "repo.test_invocation"), ReqStatus::kMet, "CMakeLists.txt", 7);
  ExpectResult(RunCheck(repo, "repo.build_system"), ReqStatus::kMet, "CMakeLists.txt", 1);
  ExpectResult(RunCheck(repo, "repo.dynamic_analysis"), ReqStatus::kUnmet);
  ExpectResult(RunCheck(repo, "repo.static_analysis"), ReqStatus::kUnmet);
}

TEST(RepoCheckTest, GoTestsNeedNoTarget) {
  TempDir dir;
  dir.Write("go.mod", "module example.org/x\n\ngo 1.22\n");
  dir.Write("x_test.go", "package x\n\nimport \"testing\"\n\nfunc FuzzParse(f *testing.F) {}\n");
  const RepoSnapshot repo = Load(dir);
  const auto r = RunCheck(repo, "repo.test_invocation");
  ExpectResult(r, ReqStatus::kMet, "go.mod", 1);
  EXPECT_NE(r.note.find("go test"), std::string::npos);
  ExpectResult(RunCheck(repo, "repo.tests"), ReqStatus::kMet, "x_test.go", 1);
  ExpectResult(RunCheck(repo, "repo.dynamic_analysis"), ReqStatus::kMet, "x_test.go", 5);
}

TEST(RepoCheckTest, FuzzHarnessInSourcesAndLinterConfig) {
  TempDir dir;
  dir.Write("src/harness.cc",
            "#include <cstdint>\n#include <cstddef>\n"
            "extern \"C\" int LLVMFuzzerTestOneInput(const uint8_t* d, size_t n) { return 0; }\n");
  dir.Write(".clang-tidy", "Checks: 'bugprone-*'\n");
  const RepoSnapshot repo = Load(dir);
  ExpectResult(RunCheck(repo, "repo.dynamic_analysis"), ReqStatus::kMet, "src/harness.cc", 3);
  ExpectResult(RunCheck(repo, "repo.static_analysis"), ReqStatus::kMet, ".clang-tidy", 1);
  // A linter configuration counts as enabled warnings.
  ExpectResult(RunCheck(repo, "repo.warnings"), ReqStatus::kMet, ".clang-tidy", 1);
}

// --- Links and credentials ------------------------------------------------------------------

TEST(RepoCheckTest, HttpLinksAreReportedHttpsIsMet) {
  TempDir dir;
  dir.Write("README.md",
            "# X\nHome: http://downloads.vulnshop.dev/get\nLocal: http://localhost:8080\n"
            "Docs: http://docs.example.org/x\n");
  const auto bad = RunCheck(Load(dir), "repo.https_links");
  ExpectResult(bad, ReqStatus::kUnmet, "README.md", 2);
  EXPECT_EQ(bad.evidence.size(), 1u);
  TempDir ok;
  ok.Write("README.md", "# X\n\nHome: https://secure.vulnshop.dev\n");
  ExpectResult(RunCheck(Load(ok), "repo.https_links"), ReqStatus::kMet, "README.md", 3);
}

TEST(RepoCheckTest, CredentialsAreFoundButNeverShown) {
  TempDir dir;
  dir.Write("config/app.env", "# settings\nAWS_ACCESS_KEY_ID=AKIAZ4QX7M2NB5RT8KWL\n");
  dir.Write("key.pem",
            "-----BEGIN RSA PRIVATE "
            "KEY-----\nMIIBOgIBAAJBAKj34GkxFhD90vcNLYLInFEX6Ppy1tPf9Cnzj4p4WGeKLs1Pt8Qu\n");
  // A secret the shared redactor would only half mask, on a line longer than an excerpt.
  dir.Write("src/db.py", "\n\npassword = \"hunt,er2xyz\"  # " + std::string(300, 'y') + "\n");
  // Two secrets on one line.
  dir.Write("src/both.js",
            "const k = 'AKIAABCDEFGHIJKLMNOP'; const api_key = \"zq9,TOPSECRETVALUE\";\n");
  const auto r = RunCheck(Load(dir), "repo.no_leaked_credentials");
  ASSERT_EQ(r.status, ReqStatus::kUnmet);
  ASSERT_EQ(r.evidence.size(), 4u) << r.note;
  for (const auto& e : r.evidence) {
    for (const char* secret :
         {"Z4QX7M2NB5RT8KWL", "AAJBAKj34", "er2xyz", "hunt", "BCDEFGHIJKLMNOP", "TOPSECRET"}) {
      EXPECT_EQ(e.excerpt.find(secret), std::string::npos) << e.path.str() << ": " << e.excerpt;
    }
    EXPECT_LE(e.excerpt.size(), 163u);
  }
  ExpectResult(r, ReqStatus::kUnmet, "config/app.env", 2);
  EXPECT_EQ(r.evidence[0].excerpt, "AWS_ACCESS_KEY_ID=AKIA***");
  EXPECT_EQ(r.evidence[1].path.str(), "key.pem");
  EXPECT_EQ(r.evidence[1].line, 1);
  EXPECT_EQ(r.evidence[2].path.str(), "src/both.js");
  EXPECT_EQ(r.evidence[2].excerpt, "const k = 'AKIA***'; const api_key = \"***\";");
  EXPECT_EQ(r.evidence[3].path.str(), "src/db.py");
  EXPECT_EQ(r.evidence[3].line, 3);
  EXPECT_TRUE(StartsWith(r.evidence[3].excerpt, "password = \"***\"")) << r.evidence[3].excerpt;
  EXPECT_NE(r.note.find("4 line(s) in 4 file(s)"), std::string::npos) << r.note;
}

TEST(RepoCheckTest, SampleCredentialsInDocsAndTestsNeedReview) {
  // Flask's configuration docs and tests set SECRET_KEY to sample values: worth a look, but not
  // the leaked valid credential the criterion is about.
  TempDir dir;
  dir.Write("docs/config.rst",
            "Example::\n\n    SECRET_KEY = '192b9bdd22ab9ed4d12e236c78afcb9a'\n");
  dir.Write("tests/test_config.py", "SECRET_KEY = \"config-sample-value\"\n");
  dir.Write("src/app.py", "import os\n");
  const auto docs_only = RunCheck(Load(dir), "repo.no_leaked_credentials");
  ExpectResult(docs_only, ReqStatus::kNeedsReview, "docs/config.rst", 3);
  EXPECT_EQ(docs_only.evidence.size(), 2u);
  EXPECT_NE(
      docs_only.note.find("only in documentation, tests or examples (2 line(s) in 2 file(s))"),
      std::string::npos)
      << docs_only.note;
  // One real-looking secret in the project's own code decides, and is shown first.
  dir.Write("src/settings.py", "\napi_key = \"k7Qz2mVx9PqL4wRt\"\n");
  const auto leaked = RunCheck(Load(dir), "repo.no_leaked_credentials");
  ExpectResult(leaked, ReqStatus::kUnmet, "src/settings.py", 2);
  EXPECT_NE(leaked.note.find("3 line(s) in 3 file(s), 1 outside documentation"), std::string::npos)
      << leaked.note;
}

TEST(RepoCheckTest, EntriesTheWalkCouldNotTakeKeepCredentialsUndecided) {
  // A key under a name Fledger cannot show safely, or deeper than the depth limit, is not read;
  // "no credentials" would then be a claim about files nobody looked at.
  TempDir dir;
  dir.Write("src/app.py", "import os\n");
  std::string deep = "d";
  for (int i = 0; i < 70; ++i) deep += "/d";
  dir.Write(deep + "/key.pem", "-----BEGIN RSA PRIVATE KEY-----\n");
  const auto r = RunCheck(Load(dir), "repo.no_leaked_credentials");
  ExpectResult(r, ReqStatus::kNeedsReview);
  EXPECT_NE(r.note.find("1 entries could not be scanned"), std::string::npos) << r.note;
  ASSERT_EQ(r.evidence.size(), 1u);
  EXPECT_EQ(r.evidence[0].excerpt, "not scanned (depth)");
}

TEST(RepoCheckTest, KeysPastANulAndUnderAssessmentsAreFound) {
  // A NUL after the 8 KiB the listing sniffs made the file silently unread; and the whole of
  // assessments/ was skipped, not just the files Fledger writes there.
  TempDir dir;
  dir.Write("config.env",
            std::string(9000, 'x') + std::string(1, '\0') + "\nAWS_KEY=AKIAZ4QX7M2NB5RT8KWL\n");
  dir.Write("assessments/prod.env", "AWS_ACCESS_KEY_ID=AKIAQ3ZX7M2NB5RT8KWP\n");
  fs::WalkOptions options;
  options.extra_ignores = {"/assessments/*/evidence.json", "/assessments/*/assessment.json",
                           "/assessments/*/overview_*matrix.md"};
  auto snap = RepoSnapshot::Load(dir.path(), options);
  ASSERT_TRUE(snap.ok());
  const auto r = RunCheck(snap.value(), "repo.no_leaked_credentials");
  ExpectResult(r, ReqStatus::kUnmet, "assessments/prod.env", 1);
  ASSERT_EQ(r.evidence.size(), 2u) << r.note;
  EXPECT_EQ(r.evidence[1].path.str(), "config.env");
}

TEST(RepoCheckTest, PlaceholdersAndHugeFilesAreNotCredentials) {
  TempDir dir;
  dir.Write("config.yml",
            "password: \"${DB_PASSWORD}\"\npassword: 'changeme'\napi_key: \"<your "
            "key>\"\nTOKEN_TTL=864000\n"
            "DB_PASSWORD=\nsecret = os.environ[\"SECRET\"]\n");
  // Files over 1 MiB (generated or data) are not scanned.
  dir.Write("data/big.txt", std::string((1u << 20) + 10, 'x') + "\nAKIAZ4QX7M2NB5RT8KWL\n");
  // AWS's documented sample key is a sample, wherever it appears.
  dir.Write("deploy/aws.env", "AWS_ACCESS_KEY_ID=AKIAIOSFODNN7EXAMPLE\n");
  const auto r = RunCheck(Load(dir), "repo.no_leaked_credentials");
  ExpectResult(r, ReqStatus::kMet);
  EXPECT_TRUE(r.evidence.empty());
  EXPECT_EQ(r.note, "no credentials found in 2 files (1 files over 1 MiB not scanned)");
}

// --- Releases -------------------------------------------------------------------------------

TEST(RepoCheckTest, ChangelogVersionsAndSemverWithoutGit) {
  TempDir dir;
  dir.Write("CHANGELOG.md", "# Changelog\n\n## v1.2.0 - 2026-01-01\n## 1.1.0\n");
  const RepoSnapshot repo = Load(dir);
  ExpectResult(RunCheck(repo, "repo.changelog"), ReqStatus::kMet, "CHANGELOG.md", 3);
  ExpectResult(RunCheck(repo, "repo.tags"), ReqStatus::kMet, "CHANGELOG.md", 3);
  ExpectResult(RunCheck(repo, "repo.semver"), ReqStatus::kMet, "CHANGELOG.md", 3);
}

TEST(RepoCheckTest, ContributingRequirementsPolicyAndReview) {
  TempDir dir;
  dir.Write("CONTRIBUTING.md",
            "# Contributing\n\nThanks!\n\nRun clang-format before sending a change.\n"
            "Every change must add tests for new behaviour.\nChanges are merged after code review "
            "by a maintainer.\n");
  dir.Write(".github/ISSUE_TEMPLATE/bug.md", "---\nname: Bug\n---\n");
  dir.Write("CODE_OF_CONDUCT.md", "# Contributor Covenant\n");
  const RepoSnapshot repo = Load(dir);
  ExpectResult(RunCheck(repo, "repo.contributing"), ReqStatus::kMet, "CONTRIBUTING.md", 1);
  ExpectResult(RunCheck(repo, "repo.contribution_requirements"), ReqStatus::kMet, "CONTRIBUTING.md",
               5);
  ExpectResult(RunCheck(repo, "repo.test_policy"), ReqStatus::kMet, "CONTRIBUTING.md", 6);
  ExpectResult(RunCheck(repo, "repo.branch_protection_hint"), ReqStatus::kMet, "CONTRIBUTING.md",
               7);
  ExpectResult(RunCheck(repo, "repo.bug_reporting"), ReqStatus::kMet,
               ".github/ISSUE_TEMPLATE/bug.md", 1);
  ExpectResult(RunCheck(repo, "repo.code_of_conduct"), ReqStatus::kMet, "CODE_OF_CONDUCT.md", 1);
}

// --- Real trees -----------------------------------------------------------------------------

TEST(RepoCheckTest, BundledExample) {
  const RepoSnapshot repo = Load(SourceDir() / "examples/vulnshop");
  ExpectResult(RunCheck(repo, "repo.license_file"), ReqStatus::kMet, "LICENSE");
  ExpectResult(RunCheck(repo, "repo.license_osi"), ReqStatus::kMet, "LICENSE");
  ExpectResult(RunCheck(repo, "repo.security_policy"), ReqStatus::kUnmet);
  ExpectResult(RunCheck(repo, "repo.contributing"), ReqStatus::kUnmet);
  ExpectResult(RunCheck(repo, "repo.ci"), ReqStatus::kMet, ".github/workflows/ci.yml");
  ExpectResult(RunCheck(repo, "repo.readme"), ReqStatus::kMet, "README.md");
  ExpectResult(RunCheck(repo, "repo.changelog"), ReqStatus::kMet, "CHANGELOG.md");
  const auto creds = RunCheck(repo, "repo.no_leaked_credentials");
  ExpectResult(creds, ReqStatus::kUnmet, "config/settings.env");
  for (const auto& e : creds.evidence) {
    for (const char* secret :
         {"IOSFODNN7", "FAKEFAKE", "bPxRfiCY", "XXXXXXXXXXXX", "secret123", "MIIBOg"}) {
      EXPECT_EQ(e.excerpt.find(secret), std::string::npos)
          << e.path.str() << ":" << e.line << " " << e.excerpt;
    }
  }
}

TEST(RepoCheckTest, EveryCheckRunsOnFledgerItself) {
  const RepoSnapshot repo = Load(SourceDir());
  int met = 0;
  for (const auto& c : RepoChecks()) {
    SCOPED_TRACE(std::string(c.id));
    const CheckResult r = c.run(repo);
    EXPECT_FALSE(r.note.empty());
    EXPECT_EQ(r.note.find('\n'), std::string::npos);
    if (r.status == ReqStatus::kMet) {
      EXPECT_TRUE(!r.evidence.empty() || !r.note.empty());
    }
    for (const auto& e : r.evidence) {
      EXPECT_GE(e.line, 0);
      EXPECT_FALSE(e.path.is_root());
      EXPECT_LE(e.excerpt.size(), 163u);  // 160 bytes and an ellipsis
      EXPECT_EQ(e.excerpt.find_first_of("\r\n"), std::string::npos);
    }
    met += r.status == ReqStatus::kMet ? 1 : 0;
  }
  // Fledger has a README, license, build, tests, CI, warnings, fuzzing, docs: a floor, not a score.
  EXPECT_GE(met, 15);
  ExpectResult(RunCheck(repo, "repo.license_file"), ReqStatus::kMet, "LICENSE");
  ExpectResult(RunCheck(repo, "repo.build_system"), ReqStatus::kMet, "CMakeLists.txt", 1);
  ExpectResult(RunCheck(repo, "repo.dynamic_analysis"), ReqStatus::kMet);
}

}  // namespace
}  // namespace fledger::assess

// Unit tests for gitignore glob matching and ignore-file rules: the gitignore(5) forms, nested
// files with negation, the per-file bounds, and patterns that would make a naive matcher
// backtrack exponentially.
#include "fs/ignore.h"

#include <gtest/gtest.h>

#include <chrono>
#include <random>
#include <string>
#include <vector>

namespace fledger::fs {
namespace {

struct GlobCase {
  const char* pattern;
  const char* path;
  bool matches;
};

class GlobMatchTest : public ::testing::TestWithParam<GlobCase> {};

TEST_P(GlobMatchTest, Matches) {
  const GlobCase& c = GetParam();
  EXPECT_EQ(GlobMatch(c.pattern, c.path), c.matches)
      << "pattern '" << c.pattern << "' path '" << c.path << "'";
}

INSTANTIATE_TEST_SUITE_P(
    Cases, GlobMatchTest,
    ::testing::Values(
        // '*' and '?' stay within a segment.
        GlobCase{"*.txt", "a.txt", true}, GlobCase{"*.txt", ".txt", true},
        GlobCase{"*.txt", "dir/a.txt", false}, GlobCase{"*", "", true}, GlobCase{"a*", "a", true},
        GlobCase{"*a*b", "xaybzb", true}, GlobCase{"*a*b", "xaybz", false},
        GlobCase{"a?c", "abc", true}, GlobCase{"a?c", "ac", false}, GlobCase{"a?c", "a/c", false},
        GlobCase{"?", "", false}, GlobCase{"", "", true}, GlobCase{"", "a", false},
        GlobCase{"abc", "abd", false},
        // Bracket expressions.
        GlobCase{"[a-c]x", "bx", true}, GlobCase{"[a-c]x", "dx", false},
        GlobCase{"[!a]x", "bx", true}, GlobCase{"[!a]x", "ax", false},
        GlobCase{"[^a]x", "ax", false}, GlobCase{"[]]", "]", true}, GlobCase{"[!]]", "a", true},
        GlobCase{"[!]]", "]", false}, GlobCase{"[a-]", "-", true}, GlobCase{"[\\]]", "]", true},
        GlobCase{"[[:digit:]]*", "1abc", true}, GlobCase{"[[:alpha:]]", "1", false},
        GlobCase{"[![:space:]]", "x", true}, GlobCase{"[[:bogus:]]", "a", false},
        GlobCase{"[abc", "[abc", false}, GlobCase{"a[!/]b", "a/b", false},
        GlobCase{"a[!/]b", "axb", true}, GlobCase{"a[/]b", "a/b", false},
        // Escapes.
        GlobCase{"\\*", "*", true}, GlobCase{"\\*", "a", false}, GlobCase{"\\!x", "!x", true},
        GlobCase{"\\#x", "#x", true}, GlobCase{"a\\?", "a?", true}, GlobCase{"a\\?", "ab", false},
        GlobCase{"a\\", "a\\", false},
        // "**" across directories.
        GlobCase{"**/foo", "foo", true}, GlobCase{"**/foo", "a/b/foo", true},
        GlobCase{"**/foo", "a/foox", false}, GlobCase{"**/foo/bar", "x/foo/bar", true},
        GlobCase{"a/**", "a/b", true}, GlobCase{"a/**", "a/b/c", true},
        GlobCase{"a/**", "a", false}, GlobCase{"a/**", "b/c", false},
        GlobCase{"a/**/b", "a/b", true}, GlobCase{"a/**/b", "a/x/y/b", true},
        GlobCase{"a/**/b", "a/x/y/c", false}, GlobCase{"a/**/b/**/c", "a/1/b/2/3/c", true},
        GlobCase{"a/**/*.c", "a/x/y.c", true}, GlobCase{"**", "a/b", true},
        GlobCase{"**", "a", true}, GlobCase{"a**b", "axxb", true}, GlobCase{"a**b", "ax/b", false},
        GlobCase{"foo/*", "foo/bar", true}, GlobCase{"foo/*", "foo/bar/baz", false},
        GlobCase{"foo/*/baz", "foo/bar/baz", true}, GlobCase{"***/e", "e", true},
        GlobCase{"a/***", "a/b/c", true}));

// An independent, exponential-time reference for the same semantics, fine for tiny inputs.
bool RefSegment(const std::string& p, size_t i, const std::string& s, size_t j) {
  if (i == p.size()) return j == s.size();
  if (p[i] == '*') {
    for (size_t k = j; k <= s.size(); ++k) {
      if (RefSegment(p, i + 1, s, k)) return true;
    }
    return false;
  }
  if (j == s.size()) return false;
  return (p[i] == '?' || p[i] == s[j]) && RefSegment(p, i + 1, s, j + 1);
}

std::vector<std::string> SplitSlash(const std::string& text) {
  std::vector<std::string> out(1);
  for (char c : text) {
    if (c == '/') {
      out.emplace_back();
    } else {
      out.back() += c;
    }
  }
  return out;
}

bool RefPath(const std::vector<std::string>& p, size_t i, const std::vector<std::string>& s,
             size_t j) {
  if (i == p.size()) return j == s.size();
  if (p[i].size() >= 2 && p[i].find_first_not_of('*') == std::string::npos) {  // "**", "***"
    if (i + 1 == p.size()) return j < s.size();  // trailing "**": at least one segment
    for (size_t k = j; k <= s.size(); ++k) {
      if (RefPath(p, i + 1, s, k)) return true;
    }
    return false;
  }
  return j < s.size() && RefSegment(p[i], 0, s[j], 0) && RefPath(p, i + 1, s, j + 1);
}

TEST(GlobMatchTest, AgreesWithReferenceOnRandomInputs) {
  std::mt19937 rng(12345);
  const std::string pattern_alphabet = "ab*?/";
  const std::string path_alphabet = "ab/";
  const auto random_string = [&rng](const std::string& alphabet, size_t max_len) {
    std::string out(rng() % (max_len + 1), ' ');
    for (char& c : out) c = alphabet[rng() % alphabet.size()];
    return out;
  };
  for (int iteration = 0; iteration < 20000; ++iteration) {
    const std::string pattern = random_string(pattern_alphabet, 8);
    const std::string path = random_string(path_alphabet, 8);
    const bool expected = RefPath(SplitSlash(pattern), 0, SplitSlash(path), 0);
    ASSERT_EQ(GlobMatch(pattern, path), expected)
        << "pattern '" << pattern << "' path '" << path << "'";
  }
}

// Regression guard: a backtracking matcher needs exponential time on these.
TEST(GlobMatchTest, PathologicalPatternsFinishFast) {
  const auto start = std::chrono::steady_clock::now();
  const std::string many_a(5000, 'a');
  EXPECT_FALSE(GlobMatch("a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*b", many_a));
  EXPECT_TRUE(GlobMatch("a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a", many_a));
  EXPECT_FALSE(GlobMatch("*[a]*[a]*[a]*[a]*[a]*[a]*[a]*[!a]", many_a));
  std::string deep;
  for (int i = 0; i < 2000; ++i) deep += "a/";
  deep += "a";
  EXPECT_FALSE(GlobMatch("**/a/**/a/**/a/**/a/**/a/**/a/**/a/**/b", deep));
  EXPECT_TRUE(GlobMatch("**/a/**/a/**/a/**/a/**/a/**/a/**/a/**/a", deep));

  IgnoreRules rules;
  rules.Add("a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*b\n**/a/**/a/**/a/**/a/**/b\n", RepoPath::Root());
  EXPECT_FALSE(rules.IsIgnored(RepoPath::Parse(std::string(4000, 'a')).value(), false));
  EXPECT_FALSE(rules.IsIgnored(RepoPath::Parse(deep).value(), false));
  const auto elapsed = std::chrono::steady_clock::now() - start;
  EXPECT_LT(elapsed, std::chrono::seconds(5));
}

struct IgnoreCase {
  const char* rules;  // the text of a root ignore file
  const char* path;
  bool is_dir;
  bool ignored;
};

class IgnoreRulesTest : public ::testing::TestWithParam<IgnoreCase> {};

TEST_P(IgnoreRulesTest, Decides) {
  const IgnoreCase& c = GetParam();
  IgnoreRules rules;
  rules.Add(c.rules, RepoPath::Root());
  const RepoPath path = RepoPath::Parse(c.path).value();
  EXPECT_EQ(rules.IsIgnored(path, c.is_dir), c.ignored)
      << "rules '" << c.rules << "' path '" << c.path << "' dir " << c.is_dir;
}

INSTANTIATE_TEST_SUITE_P(
    Cases, IgnoreRulesTest,
    ::testing::Values(
        // A pattern without a slash matches the name at any depth.
        IgnoreCase{"*.log", "a.log", false, true}, IgnoreCase{"*.log", "x/y/a.log", false, true},
        IgnoreCase{"*.log", "a.txt", false, false}, IgnoreCase{"build", "src/build", true, true},
        // Last match wins; negation re-includes.
        IgnoreCase{"*.log\n!keep.log", "keep.log", false, false},
        IgnoreCase{"*.log\n!keep.log", "drop.log", false, true},
        IgnoreCase{"!keep.log\n*.log", "keep.log", false, true},
        // Directory-only patterns.
        IgnoreCase{"build/", "build", true, true}, IgnoreCase{"build/", "build", false, false},
        IgnoreCase{"build/", "src/build", true, true}, IgnoreCase{"!build/", "build", true, false},
        // Anchored patterns: a leading or middle slash.
        IgnoreCase{"/build", "build", true, true}, IgnoreCase{"/build", "src/build", true, false},
        IgnoreCase{"doc/frotz", "doc/frotz", false, true},
        IgnoreCase{"doc/frotz", "a/doc/frotz", false, false},
        IgnoreCase{"doc/*.txt", "doc/a.txt", false, true},
        IgnoreCase{"doc/*.txt", "doc/x/a.txt", false, false},
        IgnoreCase{"doc/**/*.txt", "doc/x/a.txt", false, true},
        IgnoreCase{"**/logs", "x/y/logs", true, true},
        IgnoreCase{"**/logs/debug.log", "a/logs/debug.log", false, true},
        IgnoreCase{"logs/**", "logs/a/b", false, true}, IgnoreCase{"logs/**", "logs", true, false},
        // Comments, blank lines, escapes and whitespace.
        IgnoreCase{"#foo", "#foo", false, false}, IgnoreCase{"\\#foo", "#foo", false, true},
        IgnoreCase{"\\!important", "!important", false, true},
        IgnoreCase{"\n\n   \n", "x", false, false}, IgnoreCase{"foo   ", "foo", false, true},
        IgnoreCase{"foo\\ ", "foo ", false, true}, IgnoreCase{"foo\\ ", "foo", false, false},
        IgnoreCase{"foo\t", "foo", false, false},  // only spaces are trimmed
        IgnoreCase{"*.o\r\n*.a\r\n", "x.a", false, true},
        IgnoreCase{"\xEF\xBB\xBF*.o", "x.o", false, true},  // byte order mark
        IgnoreCase{"/", "x", false, false}, IgnoreCase{"!", "x", false, false},
        IgnoreCase{"\xFF*\n*.c", "x.c", false, true}));  // invalid UTF-8 is literal bytes

TEST(IgnoreRulesTest, NestedFileAppliesBelowItsDirectory) {
  IgnoreRules rules;
  rules.Add("*.log\n", RepoPath::Root());
  rules.Add("!keep.log\n/local.txt\ntmp/\n", RepoPath::Parse("sub").value());
  const auto ignored = [&rules](const char* path, bool is_dir = false) {
    return rules.IsIgnored(RepoPath::Parse(path).value(), is_dir);
  };
  EXPECT_TRUE(ignored("keep.log"));
  EXPECT_TRUE(ignored("sub/drop.log"));
  EXPECT_FALSE(ignored("sub/keep.log"));
  EXPECT_FALSE(ignored("sub/deeper/keep.log"));  // a name-only pattern applies at any depth
  EXPECT_TRUE(ignored("sub/local.txt"));
  EXPECT_FALSE(ignored("local.txt"));         // anchored to sub/, not the root
  EXPECT_FALSE(ignored("sub/x/local.txt"));   // anchored: only directly in sub/
  EXPECT_FALSE(ignored("subway/local.txt"));  // "sub" is a prefix only at a slash
  EXPECT_TRUE(ignored("sub/a/tmp", true));
  EXPECT_FALSE(ignored("tmp", true));
  EXPECT_FALSE(ignored("sub", true));  // a file's patterns never match its own directory
}

TEST(IgnoreRulesTest, DirectoryRuleDoesNotRecheckParents) {
  // The walker never descends into an ignored directory, so the rules look only at the path.
  IgnoreRules rules;
  rules.Add("build/\n!build/keep.txt\n", RepoPath::Root());
  EXPECT_TRUE(rules.IsIgnored(RepoPath::Parse("build").value(), true));
  EXPECT_FALSE(rules.IsIgnored(RepoPath::Parse("build/x.o").value(), false));
}

TEST(IgnoreRulesTest, BoundsLinesAndPatternCount) {
  IgnoreRules rules;
  // A 4097-byte line is dropped; a 4096-byte one is kept.
  rules.Add("*" + std::string(4096, 'z') + "\n" + std::string(4096, 'y') + "\n", RepoPath::Root());
  EXPECT_EQ(rules.size(), 1u);
  EXPECT_FALSE(rules.IsIgnored(RepoPath::Parse(std::string(4096, 'z')).value(), false));
  EXPECT_TRUE(rules.IsIgnored(RepoPath::Parse(std::string(4096, 'y')).value(), false));

  std::string many;
  for (int i = 0; i < 10050; ++i) many += "p" + std::to_string(i) + "\n";
  IgnoreRules big;
  big.Add(many, RepoPath::Root());
  EXPECT_EQ(big.size(), 10000u);
  EXPECT_TRUE(big.IsIgnored(RepoPath::Parse("p9999").value(), false));
  EXPECT_FALSE(big.IsIgnored(RepoPath::Parse("p10000").value(), false));
  big.Add("p10000\n", RepoPath::Root());  // the bound is per file
  EXPECT_EQ(big.size(), 10001u);
}

}  // namespace
}  // namespace fledger::fs

// End-to-end precision and recall of `fledger sca` on hand-written lockfiles whose versions sit at
// the edges of real OSV ranges (tests/sca/testdata/recall/, expectation computed by hand).
#include <gtest/gtest.h>

#include <iomanip>
#include <iostream>
#include <map>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "core/primitives.h"
#include "test_util.h"

namespace fledger::testing {
namespace {

namespace stdfs = std::filesystem;
using nlohmann::json;

stdfs::path RecallDir() { return SourceDir() / "tests" / "sca" / "testdata" / "recall"; }

// "v1.2.3" and "1.2.3" name the same release in Go and Packagist lockfiles.
std::string CanonicalVersion(std::string_view v) {
  if (v.size() > 1 && (v[0] == 'v' || v[0] == 'V') && v[1] >= '0' && v[1] <= '9')
    v.remove_prefix(1);
  return std::string(v);
}

// The package name as the ecosystem compares it (PEP 503 for PyPI, lowercase for NuGet, ...).
std::string CanonicalName(const std::string& ecosystem, const std::string& name) {
  const auto eco = Ecosystem::Parse(ecosystem);
  if (!eco.ok()) return name;
  const auto parsed = PackageName::Parse(eco.value(), name);
  return parsed.ok() ? parsed.value().str() : name;
}

// Where a finding or an expectation is: file (relative to project/), ecosystem, name, version.
struct Key {
  std::string path, ecosystem, name, version;
  auto operator<=>(const Key&) const = default;
  std::string ToString() const { return path + " " + ecosystem + "/" + name + "@" + version; }
};

struct Expected {
  Key key;
  std::string advisory;
  bool matched = false;
};

struct Reported {
  Key key;
  std::string id;
  std::set<std::string> names;  // id and aliases
};

std::vector<Expected> LoadExpected() {
  const json doc = json::parse(ReadFile(RecallDir() / "expected.json"));
  std::vector<Expected> out;
  for (const json& p : doc.at("packages")) {
    const std::string eco = p.at("ecosystem");
    const Key key{p.at("path"), eco, CanonicalName(eco, p.at("name")),
                  CanonicalVersion(p.at("version").get<std::string>())};
    for (const json& a : p.at("advisories")) out.push_back({key, a.get<std::string>()});
  }
  return out;
}

// The findings of a `fledger sca --format json` document, with paths made relative to project/.
std::vector<Reported> ParseFindings(const std::string& text) {
  const json doc = json::parse(text);
  std::vector<Reported> out;
  for (const json& f : doc.at("findings")) {
    const json& pkg = f.at("package");
    const std::string eco = pkg.at("ecosystem");
    std::string path = f.at("location").at("path");
    const std::string marker = "project/";
    if (const size_t at = path.rfind(marker); at != std::string::npos) {
      path = path.substr(at + marker.size());
    }
    Reported r{
        {path, eco, CanonicalName(eco, pkg.at("name")), CanonicalVersion(pkg.value("version", ""))},
        f.at("rule_id"),
        {}};
    r.names.insert(r.id);
    for (const json& a : f.at("aliases")) r.names.insert(a.get<std::string>());
    out.push_back(std::move(r));
  }
  return out;
}

struct Score {
  int true_positives = 0;
  std::vector<std::string> false_positives, false_negatives;
  double precision() const {
    const int reported = true_positives + static_cast<int>(false_positives.size());
    return reported == 0 ? 1.0 : static_cast<double>(true_positives) / reported;
  }
  double recall() const {
    const int expected = true_positives + static_cast<int>(false_negatives.size());
    return expected == 0 ? 1.0 : static_cast<double>(true_positives) / expected;
  }
};

// Each finding matches at most one expected (package, advisory) and the other way round, so a
// duplicate finding for the same vulnerability is a false positive.
Score ScoreFindings(std::vector<Expected> expected, const std::vector<Reported>& reported) {
  Score s;
  for (const Reported& r : reported) {
    bool hit = false;
    for (Expected& e : expected) {
      if (e.matched || e.key != r.key || r.names.count(e.advisory) == 0) continue;
      e.matched = hit = true;
      break;
    }
    if (hit) {
      ++s.true_positives;
    } else {
      s.false_positives.push_back(r.key.ToString() + " " + r.id);
    }
  }
  for (const Expected& e : expected) {
    if (!e.matched) s.false_negatives.push_back(e.key.ToString() + " " + e.advisory);
  }
  return s;
}

// Imports `osv_dir` into a fresh database and scores `fledger sca project/ --format json`.
Score RunRecall(const stdfs::path& osv_dir, const std::string& label) {
  TempDir tmp;
  const std::string db_env = "FLEDGER_VULN_DB=" + (tmp.path() / "vulns.db").string();
  const RunResult import = RunFledger({"db", "import", osv_dir.string()}, tmp.path(), {db_env});
  EXPECT_EQ(import.exit_code, 0) << import.err;
  const RunResult scan = RunFledger(
      {"sca", (RecallDir() / "project").string(), "--format", "json", "--max-age-days", "0"},
      tmp.path(), {db_env});
  EXPECT_EQ(scan.exit_code, 0) << scan.err;
  Score s = ScoreFindings(LoadExpected(), ParseFindings(scan.out));
  std::ostringstream msg;
  msg << std::fixed << std::setprecision(4) << "[recall " << label
      << "] precision=" << s.precision() << " recall=" << s.recall() << " (true positives "
      << s.true_positives << ", false positives " << s.false_positives.size()
      << ", false negatives " << s.false_negatives.size() << ")\n";
  for (const auto& f : s.false_positives) msg << "  unexpected: " << f << "\n";
  for (const auto& f : s.false_negatives) msg << "  missed:     " << f << "\n";
  std::cout << msg.str();
  return s;
}

TEST(ScaRecall, ExpectationIsWellFormed) {
  const std::vector<Expected> expected = LoadExpected();
  EXPECT_GT(expected.size(), 100u);
  std::set<std::pair<Key, std::string>> seen;
  for (const Expected& e : expected) {
    EXPECT_TRUE(stdfs::is_regular_file(RecallDir() / "project" / e.key.path)) << e.key.path;
    EXPECT_TRUE(seen.insert({e.key, e.advisory}).second) << "duplicate " << e.key.ToString();
  }
}

// The scorer itself: a duplicate finding and a wrong advisory both count against precision, an
// alias counts as the advisory.
TEST(ScaRecall, ScorerCountsDuplicatesAndAliases) {
  const Key k{"a/go.mod", "Go", "m", "1.0.0"};
  const std::vector<Expected> expected = {{k, "GO-1"}, {k, "GO-2"}};
  const std::vector<Reported> reported = {
      {k, "GO-1", {"GO-1"}}, {k, "GHSA-x", {"GHSA-x", "GO-1"}}, {k, "CVE-9", {"CVE-9", "GO-2"}}};
  const Score s = ScoreFindings(expected, reported);
  EXPECT_EQ(s.true_positives, 2);
  EXPECT_EQ(s.false_positives.size(), 1u);
  EXPECT_TRUE(s.false_negatives.empty());
}

// Our own set must be exact: every disagreement was decided by reading the records.
TEST(ScaRecall, ExactOnCopiedAdvisories) {
  const Score s = RunRecall(RecallDir() / "osv", "testdata/recall/osv");
  EXPECT_EQ(s.precision(), 1.0);
  EXPECT_EQ(s.recall(), 1.0);
}

// The same projects against the snapshot bundled into the binary (data/osv/, a superset of the
// copied advisories): nothing more, nothing less.
TEST(ScaRecall, ExactOnBundledSnapshot) {
  const Score s = RunRecall(SourceDir() / "data" / "osv", "data/osv");
  EXPECT_EQ(s.precision(), 1.0);
  EXPECT_EQ(s.recall(), 1.0);
}

// The research corpus the issue names (`fledger db import ../shared/corpus/osv`, which also holds
// non-record files and invalid examples), when this checkout sits beside it.
TEST(ScaRecall, ExactOnSharedCorpusWhenPresent) {
  stdfs::path corpus;
  for (stdfs::path dir = SourceDir(); !dir.empty() && dir != dir.root_path();
       dir = dir.parent_path()) {
    if (stdfs::is_directory(dir / "shared" / "corpus" / "osv")) {
      corpus = dir / "shared" / "corpus" / "osv";
      break;
    }
  }
  if (corpus.empty()) GTEST_SKIP() << "no shared/corpus/osv beside the source tree";
  const Score s = RunRecall(corpus, corpus.string());
  EXPECT_EQ(s.precision(), 1.0);
  EXPECT_EQ(s.recall(), 1.0);
}

// `db import` of a folder that also holds files that are not records (the corpus's INDEX.json,
// osv-schema.json, osv-ecosystems.json) and the osv-linter's invalid examples: one warning line
// per bad file naming the file and the validation step, and the import goes on.
TEST(ScaRecall, DbImportWarnsPerBadFileAndGoesOn) {
  TempDir tmp;
  const stdfs::path osv = tmp.path() / "osv";
  stdfs::copy(RecallDir() / "osv", osv, stdfs::copy_options::recursive);
  tmp.Write("osv/INDEX.json", R"([{"id": "GO-2020-0001", "file": "Go/GO-2020-0001.json"}])");
  tmp.Write("osv/osv-schema.json", R"({"$schema": "http://json-schema.org/draft-07/schema#"})");
  tmp.Write("osv/osv-ecosystems.json", R"({"npm": "The npm ecosystem"})");
  const std::string db_env = "FLEDGER_VULN_DB=" + (tmp.path() / "vulns.db").string();
  const RunResult r = RunFledger({"db", "import", osv.string()}, tmp.path(), {db_env});
  std::cout << "[db import] stdout: " << r.out << "[db import] stderr:\n" << r.err;
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("4 rejected"), std::string::npos) << r.out;
  std::vector<std::string> warnings;
  std::istringstream lines(r.err);
  for (std::string line; std::getline(lines, line);) {
    if (line.find("warning:") != std::string::npos) warnings.push_back(line);
  }
  // Three non-records, the record without 'introduced', and the two linter examples that reuse
  // a real record's id (kept: the real record).
  const std::vector<std::string> files = {"INDEX.json",
                                          "osv-schema.json",
                                          "osv-ecosystems.json",
                                          "nointroduced-CVE-2023-41045.json",
                                          "nondistinct-CVE-2018-5407.json",
                                          "nopackage-GHSA-9v2f-6vcg-3hgv.json"};
  // Each bad file is rejected in exactly one line naming the step; a record that also breaks an
  // osv-linter data-quality rule gets a note line besides ("imported with a note" / "data
  // quality"), and nothing else warns.
  size_t rejections = 0;
  for (const std::string& w : warnings) {
    if (w.find("rejected: ") != std::string::npos) {
      ++rejections;
    } else {
      EXPECT_NE(w.find("data quality:"), std::string::npos) << w;
    }
  }
  EXPECT_EQ(rejections, files.size()) << r.err;
  for (const std::string& file : files) {
    int hits = 0;
    for (const std::string& w : warnings) {
      if (w.find("/" + file) == std::string::npos || w.find("rejected: ") == std::string::npos) {
        continue;
      }
      ++hits;
      EXPECT_NE(w.find("semantics error:"), std::string::npos) << w;
    }
    EXPECT_EQ(hits, 1) << file << "\n" << r.err;
  }
}

}  // namespace
}  // namespace fledger::testing

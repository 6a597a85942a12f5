// Regression tests for the bugs the hand-written recall set (tests/sca/testdata/recall/) found.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "sca/osv/db.h"
#include "sca/osv_zip.h"
#include "test_util.h"

namespace fledger::sca::osv {
namespace {

using fledger::testing::MiniRecord;
using fledger::testing::TempDir;

// The corpus holds osv-linter examples (schema-examples/invalid/nopackage-GHSA-9v2f-...json)
// that reuse a real record's id and `modified` with other content. Importing the folder used to
// let the last file walked win, so the real record (PyPI "Gradio") vanished. Now the file named
// after the id wins (else the first read), in either order and on re-import, with a warning.
TEST(RecallRegression, SameIdSameModifiedInOneImportKeepsTheFileNamedAfterTheId) {
  const std::string real = MiniRecord("GHSA-1", "2024-01-01T00:00:00Z", "PyPI", "gradio", "0", "2");
  const std::string copy = MiniRecord("GHSA-1", "2024-01-01T00:00:00Z", "PyPI", "gradi0", "0", "2");
  struct Case {
    std::vector<std::pair<std::string, std::string>> docs;
    const char* kept_name;
  };
  const std::vector<Case> cases = {
      {{{"dir/GHSA-1.json", real}, {"dir/invalid/nopackage-GHSA-1.json", copy}}, "gradio"},
      {{{"dir/a/nopackage-GHSA-1.json", copy}, {"dir/b/GHSA-1.json", real}}, "gradio"},
      {{{"all.zip!x.json", real}, {"all.zip!y.json", copy}}, "gradio"},  // neither: first wins
      {{{"all.zip!y.json", copy}, {"all.zip!x.json", real}}, "gradi0"},
  };
  for (const Case& c : cases) {
    TempDir dir;
    VulnDb db = VulnDb::Open(dir.path() / "vulns.db").value();
    for (int round = 0; round < 2; ++round) {  // the second round is a re-import
      const ImportStats st = db.ImportDocuments(c.docs, "test").value();
      ASSERT_EQ(st.warnings.size(), 1u) << c.docs[0].first << " round " << round;
      const std::string w = st.warnings[0].ToString();
      EXPECT_NE(w.find("semantics error"), std::string::npos) << w;
      EXPECT_NE(w.find(c.docs[0].first), std::string::npos) << w;  // names both files
      EXPECT_NE(w.find(c.docs[1].first), std::string::npos) << w;
      EXPECT_EQ(w.find('\n'), std::string::npos) << w;
      const auto record = db.GetRecord("GHSA-1").value();
      ASSERT_TRUE(record.has_value());
      EXPECT_EQ(record->affected.at(0).package->name, c.kept_name) << c.docs[0].first;
      EXPECT_EQ(db.FindRecordIds("PyPI", c.kept_name).value(), std::vector<std::string>{"GHSA-1"});
    }
  }
}

// A newer copy still replaces an older one inside one import, and an equal-time correction still
// replaces the stored record across imports (the documented upsert rule is unchanged).
TEST(RecallRegression, NewerStillWinsWithinAndAcrossImports) {
  TempDir dir;
  VulnDb db = VulnDb::Open(dir.path() / "vulns.db").value();
  const std::string v1 = MiniRecord("X-1", "2024-01-01T00:00:00Z", "npm", "a", "0", "1");
  const std::string v2 = MiniRecord("X-1", "2024-02-01T00:00:00Z", "npm", "b", "0", "1");
  const std::string fix = MiniRecord("X-1", "2024-02-01T00:00:00Z", "npm", "c", "0", "1");
  ImportStats st = db.ImportDocuments({{"d/X-1.json", v2}, {"e/X-1.json", v1}}, "t").value();
  EXPECT_TRUE(st.warnings.empty());
  EXPECT_EQ(db.GetRecord("X-1").value()->affected.at(0).package->name, "b");
  st = db.ImportDocuments({{"e/X-1.json", v1}, {"d/X-1.json", v2}}, "t").value();
  EXPECT_TRUE(st.warnings.empty());
  EXPECT_EQ(db.GetRecord("X-1").value()->affected.at(0).package->name, "b");
  st = db.ImportDocuments({{"d/X-1.json", fix}}, "t").value();
  EXPECT_EQ(st.records_updated, 1);
  EXPECT_EQ(db.GetRecord("X-1").value()->affected.at(0).package->name, "c");
}

}  // namespace
}  // namespace fledger::sca::osv

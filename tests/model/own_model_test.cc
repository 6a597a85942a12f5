// Fledger's own threatmodel.yaml (at the repository root) loads, names only paths that exist,
// and keeps exactly the warnings it accepts on purpose; its ranking starts with the attacks the
// model is about. A moved source folder or a new unreviewed warning fails here.
#include <gtest/gtest.h>

#include <algorithm>

#include "model/check.h"
#include "model/load.h"
#include "model/threats.h"
#include "test_util.h"

namespace fledger::model {
namespace {

TEST(OwnModelTest, LoadsChecksAndRanks) {
  const auto root = testing::SourceDir();
  const auto m = LoadModel(testing::ReadFile(root / "threatmodel.yaml"), "threatmodel.yaml");
  ASSERT_TRUE(m.ok()) << m.error().ToString();
  std::vector<std::string> warnings;
  for (const auto& w : CheckModel(m.value(), root)) warnings.push_back(w.rule + " " + w.message);
  // The two flows that cross a boundary by design: the untrusted repository coming in (no
  // encryption or authentication applies to files someone else wrote), and the public advisory
  // download (the mirror authenticates nobody). Anything else is new and must be reviewed.
  const std::vector<std::string> accepted = {
      "flow-crosses-boundary-unencrypted flow 'untrusted-repo' (repo-author -> walker) crosses a "
      "trust boundary unencrypted",
      "flow-crosses-boundary-unauthenticated flow 'untrusted-repo' (repo-author -> walker) "
      "crosses a trust boundary without authentication (none)",
      "flow-crosses-boundary-unauthenticated flow 'osv-download' (cli -> osv-mirror) crosses a "
      "trust boundary without authentication (none)",
  };
  EXPECT_EQ(warnings, accepted);
  const Analysis a = Analyze(m.value());
  ASSERT_GE(a.misuse_cases.size(), 5u);
  const auto parser = std::find_if(a.misuse_cases.begin(), a.misuse_cases.end(),
                                   [](const RankedMisuse& c) { return c.id == "parser-exploit"; });
  ASSERT_NE(parser, a.misuse_cases.end());
  EXPECT_EQ(parser->persona, "repo-author");
  EXPECT_EQ(a.inverted.size(), m.value().assumptions.size());
}

}  // namespace
}  // namespace fledger::model

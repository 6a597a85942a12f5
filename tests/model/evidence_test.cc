// Tests for findings as evidence (model/evidence.h and Analyze with findings): reports in
// Fledger's JSON and in SARIF are read with their kind, severity, path and CWEs; findings land on
// the component owning the longest path; they raise the likelihood of matching threats; and an
// assumption whose check a finding matches is rejected, bringing its threats back.
#include "model/evidence.h"

#include <gtest/gtest.h>

#include <algorithm>

#include "model/load.h"
#include "model/rules.h"

namespace fledger::model {
namespace {

const char kFledgerJson[] = R"({"schema_version": 1, "findings": [
  {"rule_id": "GHSA-xvch-5gv4-984h", "kind": "vulnerability", "severity": "critical",
   "title": "minimist", "location": {"path": "./web/package-lock.json", "line": 230},
   "fingerprint": "afdd", "cwes": ["CWE-1321"]},
  {"rule_id": "secret/aws-access-key", "kind": "secret", "severity": "high",
   "location": {"path": "config/settings.env"}, "fingerprint": "f2", "cwes": []}]})";

const char kSarif[] = R"({"version": "2.1.0", "runs": [
  {"tool": {"driver": {"name": "Semgrep OSS", "rules": [
     {"id": "python.sql-injection", "properties": {"tags": ["CWE-89: SQL Injection"]},
      "defaultConfiguration": {"level": "error"}}]}},
   "results": [
     {"ruleId": "python.sql-injection", "ruleIndex": 0, "message": {"text": "tainted query"},
      "locations": [{"physicalLocation": {"artifactLocation": {"uri": "file:///repo/worker/app.py"},
                                          "region": {"startLine": 12}}}]},
     {"ruleId": "python.sql-injection", "suppressions": [{"kind": "inSource"}],
      "locations": [{"physicalLocation": {"artifactLocation": {"uri": "worker/old.py"}}}]}]},
  {"tool": {"driver": {"name": "gitleaks"}},
   "results": [{"ruleId": "generic-api-key", "level": "warning",
                "locations": [{"physicalLocation": {"artifactLocation": {"uri": "web/.env"}}}]}]}]})";

TEST(ModelEvidenceTest, ReadsFledgerJsonAndSarif) {
  const auto own = ParseFindingsReport(kFledgerJson, "sca.json");
  ASSERT_TRUE(own.ok()) << own.error().ToString();
  ASSERT_EQ(own.value().size(), 2u);
  EXPECT_EQ(own.value()[0].path, "web/package-lock.json");
  EXPECT_EQ(own.value()[0].line, 230);
  EXPECT_EQ(own.value()[0].kind, "vulnerability");
  EXPECT_EQ(own.value()[0].cwes, std::vector<std::string>{"CWE-1321"});
  EXPECT_EQ(own.value()[1].kind, "secret");

  const auto sarif = ParseFindingsReport(kSarif, "all.sarif", "/repo");
  ASSERT_TRUE(sarif.ok()) << sarif.error().ToString();
  ASSERT_EQ(sarif.value().size(), 2u);  // the suppressed result is not evidence
  const EvidenceRef& sqli = sarif.value()[0];
  EXPECT_EQ(sqli.path, "worker/app.py");  // file:///repo/... made relative to the root
  EXPECT_EQ(sqli.line, 12);
  EXPECT_EQ(sqli.kind, "code");
  EXPECT_EQ(sqli.severity, "high");  // level error
  EXPECT_EQ(sqli.cwes, std::vector<std::string>{"CWE-89"});
  EXPECT_EQ(sarif.value()[1].kind, "secret");  // gitleaks
  EXPECT_EQ(sarif.value()[1].severity, "medium");
}

TEST(ModelEvidenceTest, RefusesWhatIsNotAFindingsReport) {
  for (const char* text : {"[]", "{}", R"({"runs": 3})", R"({"findings": [{"kind": "x"}]})",
                           R"({"runs": [{"results": [{"message": {}}]}]})", "{"}) {
    SCOPED_TRACE(text);
    const auto r = ParseFindingsReport(text, "r.json");
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.error().ExitCode(), 2);
    EXPECT_NE(r.error().ToString().find("r.json"), std::string::npos);
  }
}

// A SARIF uri of only "file://" leaves an empty path: read without touching its first character.
TEST(ModelEvidenceTest, AnEmptyUriUnderARootIsNoCrash) {
  const char* sarif = R"({"version": "2.1.0", "runs": [{"tool": {"driver": {"name": "x"}},
    "results": [{"ruleId": "r", "level": "error", "message": {"text": "m"},
      "locations": [{"physicalLocation": {"artifactLocation": {"uri": "file://"}}}]}]}]})";
  const auto r = ParseFindingsReport(sarif, "empty.sarif", "/repo");
  if (r.ok()) {
    for (const EvidenceRef& e : r.value()) EXPECT_TRUE(e.path.empty() || e.path[0] != '/');
  } else {
    EXPECT_EQ(r.error().ExitCode(), 2) << r.error().ToString();
  }
}

const char kModel[] = R"(version: 1
components:
  - {id: web, name: Web, paths: [web/], exposure: internet, authentication: session}
  - {id: web-admin, name: Admin UI, paths: [web/admin], authentication: session}
  - {id: worker, name: Worker, paths: [worker], technology: python}
  - {id: db, name: DB, kind: data-store, technology: postgres}
flows:
  - {id: jobs, source: web, target: worker, authentication: token, encrypted: true}
  - {id: q, source: worker, target: db, authentication: password, encrypted: true}
assumptions:
  - id: worker-patched
    statement: The worker's dependencies have no known vulnerability
    elements: [worker]
    excludes: [elevation-of-privilege]
    check: {kinds: [vulnerability], paths: [worker]}
)";

TEST(ModelEvidenceTest, FindingsLandOnTheOwnerOfTheLongestPath) {
  const auto m = LoadModel(kModel, "m.yaml");
  ASSERT_TRUE(m.ok()) << m.error().ToString();
  EXPECT_EQ(OwnerOf(m.value(), "web/admin/index.js")->id.str(), "web-admin");
  EXPECT_EQ(OwnerOf(m.value(), "web/server.js")->id.str(), "web");
  EXPECT_EQ(OwnerOf(m.value(), "worker")->id.str(), "worker");
  EXPECT_EQ(OwnerOf(m.value(), "workers/x.py"), nullptr);  // a folder boundary, not a prefix
  EXPECT_EQ(OwnerOf(m.value(), "README.md"), nullptr);
}

TEST(ModelEvidenceTest, FindingsRaiseLikelihoodAndRejectAssumptions) {
  const auto m = LoadModel(kModel, "m.yaml");
  ASSERT_TRUE(m.ok()) << m.error().ToString();
  const Analysis before = Analyze(m.value(), BuiltinRules());
  std::vector<EvidenceRef> findings(2);
  findings[0] = {"GHSA-1", "vulnerability", "critical", "worker/requirements.txt", 3, "fp1",
                 "pyyaml", {"CWE-20"}, ""};
  findings[1] = {"python.sqli", "code", "medium", "README.md", 1, "fp2", "", {"CWE-89"}, ""};
  const Analysis after = Analyze(m.value(), BuiltinRules(), findings);

  ASSERT_EQ(after.evidence.size(), 2u);
  EXPECT_EQ(after.evidence[0].element, "worker");
  EXPECT_EQ(after.evidence[1].element, "");  // on no component's paths

  auto find = [](const Analysis& a, std::string_view id) {
    const auto it = std::find_if(a.threats.begin(), a.threats.end(),
                                 [&](const GeneratedThreat& t) { return t.id == id; });
    return it == a.threats.end() ? nullptr : &*it;
  };
  // The worker's tampering threat is made likelier by the critical vulnerability ...
  const GeneratedThreat* input_before = find(before, "stride-tampering-input@worker");
  const GeneratedThreat* input_after = find(after, "stride-tampering-input@worker");
  ASSERT_NE(input_before, nullptr);
  ASSERT_NE(input_after, nullptr);
  EXPECT_EQ(input_before->likelihood, "medium");
  EXPECT_EQ(input_after->likelihood, "high");
  EXPECT_EQ(input_after->base_likelihood, "medium");
  ASSERT_EQ(input_after->evidence.size(), 1u);
  EXPECT_EQ(input_after->evidence[0].rule, "GHSA-1");
  // ... and nothing on other components is.
  EXPECT_TRUE(find(after, "stride-tampering-input@web")->evidence.empty());

  // The assumption was excluding the worker's elevation of privilege; the finding rejects it.
  const GeneratedThreat* eop_before = find(before, "stride-eop-no-permissions-model@worker");
  const GeneratedThreat* eop_after = find(after, "stride-eop-no-permissions-model@worker");
  ASSERT_NE(eop_before, nullptr);
  EXPECT_EQ(eop_before->excluded_by, std::vector<std::string>{"worker-patched"});
  EXPECT_TRUE(eop_after->excluded_by.empty());
  EXPECT_FALSE(eop_after->evidence.empty());
  ASSERT_EQ(after.inverted.size(), 1u);
  EXPECT_EQ(after.inverted[0].status, "rejected");
  ASSERT_EQ(after.inverted[0].contradicted_by.size(), 1u);
  EXPECT_NE(after.inverted[0].if_false.find("Rejected by 1 finding(s)"), std::string::npos);
  EXPECT_EQ(before.inverted[0].status, "unverified");
}

TEST(ModelEvidenceTest, ContradictsNeedsRulesKindsAndPathsToMatch) {
  const EvidenceRef f{"GHSA-9", "vulnerability", "low", "web/package.json", 0, "", "", {}, ""};
  EXPECT_TRUE(Contradicts(AssumptionCheck{}, f));
  EXPECT_TRUE(Contradicts(AssumptionCheck{{"GHSA-"}, {}, {}}, f));
  EXPECT_FALSE(Contradicts(AssumptionCheck{{"secret/"}, {}, {}}, f));
  EXPECT_FALSE(Contradicts(AssumptionCheck{{}, {"secret"}, {}}, f));
  EXPECT_TRUE(Contradicts(AssumptionCheck{{}, {"vulnerability"}, {"web"}}, f));
  EXPECT_FALSE(Contradicts(AssumptionCheck{{}, {}, {"we"}}, f));
}

}  // namespace
}  // namespace fledger::model

// Tests for suppression rules: the ignore file, OpenVEX, CycloneDX VEX, and how rules apply to
// findings (matching, expiry, unused rules, never dropping a finding).
#include "sca/suppress/suppress.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace fledger::sca {
namespace {

Finding Vuln(std::string_view id, std::vector<std::string> aliases, std::string_view eco,
             std::string_view name, std::string version) {
  const RuleId rule = RuleId::Parse(id).value();
  const RepoPath path = RepoPath::Parse("package-lock.json").value();
  const Ecosystem ecosystem = Ecosystem::Parse(eco).value();
  return Finding{.rule_id = rule,
                 .kind = FindingKind::kVulnerability,
                 .title = std::string(id),
                 .location = {.path = path, .line = 3},
                 .fingerprint = Fingerprint::Compute(rule, path, name),
                 .aliases = std::move(aliases),
                 .package = PackageRef{.ecosystem = ecosystem,
                                       .name = PackageName::Parse(ecosystem, name).value(),
                                       .version = std::move(version)}};
}

// The findings every matching test runs against.
std::vector<Finding> Findings() {
  return {
      Vuln("GHSA-35jh-r3h4-6jhm", {"CVE-2021-23337"}, "npm", "lodash", "4.17.20"),
      Vuln("GHSA-jfh8-c2jp-5v3q", {"CVE-2021-44228"}, "Maven",
           "org.apache.logging.log4j:log4j-core", "2.14.1"),
      Vuln("PYSEC-2023-74", {"CVE-2023-32681", "GHSA-j8r2-6x86-q33q"}, "PyPI", "requests",
           "2.30.0"),
      Vuln("GO-2022-0493", {"CVE-2022-29526"}, "Go", "golang.org/x/sys", "v0.0.0-2022"),
  };
}

SuppressionRules Ignore(const std::string& yaml) {
  auto r = ParseIgnoreFile(yaml, ".fledger/sca-ignore.yaml");
  EXPECT_TRUE(r.ok()) << r.error().ToString();
  return r.ok() ? r.value() : SuppressionRules{};
}

std::string Entry(std::string_view id, std::string_view package, std::string_view expires) {
  std::string e = "  - id: " + std::string(id) + "\n";
  if (!package.empty()) e += "    package: \"" + std::string(package) + "\"\n";
  return e + "    reason: accepted by the team\n    expires: " + std::string(expires) + "\n";
}

// Which findings (by index) one ignore entry suppresses.
std::vector<int> Suppressed(const std::string& id, const std::string& package) {
  Suppressor s;
  s.Add(Ignore("ignore:\n" + Entry(id, package, "2099-01-01")));
  std::vector<Finding> findings = Findings();
  (void)s.Apply(findings, "2025-06-30");
  std::vector<int> out;
  for (size_t i = 0; i < findings.size(); ++i) {
    if (findings[i].suppression) out.push_back(static_cast<int>(i));
  }
  return out;
}

TEST(SuppressMatch, ByIdAliasNameAndPurl) {
  struct Case {
    std::string id, package;
    std::vector<int> want;
  };
  const std::vector<Case> cases = {
      {"GHSA-35jh-r3h4-6jhm", "", {0}},                         // the rule id, any package
      {"CVE-2021-23337", "", {0}},                              // an alias
      {"cve-2021-23337", "", {0}},                              // ids are case-insensitive
      {"GHSA-j8r2-6x86-q33q", "", {2}},                         // the second alias
      {"CVE-2021-23337", "lodash", {0}},                        // by name
      {"CVE-2021-23337", "underscore", {}},                     // another package
      {"CVE-2021-23337", "pkg:npm/lodash", {0}},                // purl without version
      {"CVE-2021-23337", "pkg:npm/lodash@4.17.20", {0}},        // purl with the version
      {"CVE-2021-23337", "pkg:npm/lodash@4.17.21", {}},         // another version
      {"CVE-2021-23337", "pkg:npm/lodash@4.17.20?x=1#s", {0}},  // qualifiers ignored
      {"CVE-2021-23337", "pkg:pypi/lodash", {}},                // another ecosystem
      {"CVE-2021-44228", "org.apache.logging.log4j:log4j-core", {1}},
      {"CVE-2021-44228", "pkg:maven/org.apache.logging.log4j/log4j-core@2.14.1", {1}},
      {"CVE-2021-44228", "pkg:maven/org.apache.logging.log4j/log4j-api", {}},
      {"CVE-2023-32681", "Requests", {2}},  // PEP 503 normalization
      {"CVE-2023-32681", "pkg:pypi/Requests@2.30.0", {2}},
      {"CVE-2022-29526", "pkg:golang/golang.org/x/sys@0.0.0-2022", {3}},  // Go's "v" optional
      {"CVE-1999-0001", "", {}},
  };
  for (const auto& c : cases) {
    EXPECT_EQ(Suppressed(c.id, c.package), c.want) << c.id << " " << c.package;
  }
}

TEST(SuppressMatch, SetsSuppressionAndNeverDrops) {
  Suppressor s;
  s.Add(Ignore("ignore:\n" + Entry("CVE-2021-23337", "lodash", "2099-01-01") +
               Entry("GHSA-35jh-r3h4-6jhm", "", "2099-12-31") +
               Entry("CVE-0000-0000", "", "2099-01-01")));
  std::vector<Finding> findings = Findings();
  const SuppressionReport report = s.Apply(findings, "2025-06-30");
  ASSERT_EQ(findings.size(), Findings().size());
  ASSERT_TRUE(findings[0].suppression);
  // The first matching rule wins; the second still counts as used.
  EXPECT_EQ(findings[0].suppression->kind, "ignore-file");
  EXPECT_EQ(findings[0].suppression->reason, "accepted by the team");
  EXPECT_EQ(findings[0].suppression->source, ".fledger/sca-ignore.yaml:2");
  EXPECT_EQ(findings[0].suppression->expires, "2099-01-01");
  EXPECT_FALSE(findings[1].suppression);
  EXPECT_EQ(report.suppressed, 1u);
  ASSERT_EQ(report.unused.size(), 1u);
  EXPECT_EQ(report.unused[0].rule.ids[0], "CVE-0000-0000");
  ASSERT_EQ(report.Warnings().size(), 1u);
  EXPECT_EQ(report.Warnings()[0],
            ".fledger/sca-ignore.yaml:9: ignore entry for CVE-0000-0000 matched no finding");
  // An existing suppression (baseline, inline) is kept.
  findings = Findings();
  findings[0].suppression = Suppression{.kind = "baseline", .reason = "old"};
  const SuppressionReport again = s.Apply(findings, "2025-06-30");
  EXPECT_EQ(findings[0].suppression->kind, "baseline");
  EXPECT_EQ(again.suppressed, 0u);
}

TEST(SuppressMatch, ExpiryIsInclusiveAndFailsClosed) {
  struct Case {
    std::string today;
    bool applies;
  };
  for (const Case& c : std::vector<Case>{{"2025-06-29", true},
                                         {"2025-06-30", true},  // the expiry day still applies
                                         {"2025-07-01", false},
                                         {"2026-01-01", false},
                                         {"not a date", false},  // fail closed
                                         {"2025-02-30", false}}) {
    Suppressor s;
    s.Add(Ignore("ignore:\n" + Entry("CVE-2021-23337", "", "2025-06-30")));
    std::vector<Finding> findings = Findings();
    const SuppressionReport report = s.Apply(findings, c.today);
    EXPECT_EQ(findings[0].suppression.has_value(), c.applies) << c.today;
    EXPECT_EQ(report.expired.size(), c.applies ? 0u : 1u) << c.today;
    EXPECT_TRUE(report.unused.empty()) << c.today;
    if (!c.applies) {
      EXPECT_EQ(report.expired[0].matched, 1u);
      EXPECT_EQ(report.Warnings()[0],
                ".fledger/sca-ignore.yaml:2: ignore entry for CVE-2021-23337 expired on "
                "2025-06-30 and no longer suppresses anything (it matches 1 finding)");
    }
  }
}

TEST(IgnoreFile, ParsesEntries) {
  const SuppressionRules r = Ignore(R"(# accepted risks
ignore:
  - id: GHSA-35jh-r3h4-6jhm
    package: pkg:npm/lodash@4.17.20
    reason: "not reachable: we never call _.template"
    expires: 2025-12-31
  - {id: CVE-2021-44228, reason: patched JndiLookup out, expires: '2026-01-15'}
)");
  ASSERT_EQ(r.rules.size(), 2u);
  EXPECT_EQ(r.rules[0].ids, std::vector<std::string>{"GHSA-35jh-r3h4-6jhm"});
  ASSERT_EQ(r.rules[0].packages.size(), 1u);
  ASSERT_TRUE(r.rules[0].packages[0].purl);
  EXPECT_EQ(r.rules[0].packages[0].purl->version(), "4.17.20");
  EXPECT_EQ(r.rules[0].reason, "not reachable: we never call _.template");
  EXPECT_EQ(r.rules[0].source, ".fledger/sca-ignore.yaml:3");
  EXPECT_EQ(r.rules[1].expires, "2026-01-15");
  EXPECT_TRUE(r.rules[1].packages.empty());
  EXPECT_EQ(r.rules[1].source, ".fledger/sca-ignore.yaml:7");
  EXPECT_TRUE(Ignore("").rules.empty());
  EXPECT_TRUE(Ignore("ignore:\n").rules.empty());
  EXPECT_TRUE(Ignore("ignore: []\n").rules.empty());
}

TEST(IgnoreFile, ErrorsNameFileLineAndStep) {
  const std::string ok_tail = "    reason: r\n    expires: 2025-01-01\n";
  struct Case {
    std::string name, text;
    ValidationStep step;
    std::string where, message;
  };
  const std::vector<Case> cases = {
      {"missing reason", "ignore:\n  - id: CVE-1\n    expires: 2025-01-01\n",
       ValidationStep::kSemantics, ":2", "needs a non-empty 'reason'"},
      {"empty reason", "ignore:\n  - id: CVE-1\n    reason: '  '\n    expires: 2025-01-01\n",
       ValidationStep::kSemantics, ":2", "needs a non-empty 'reason'"},
      {"unknown key", "ignore:\n  - id: CVE-1\n    reasno: typo\n" + ok_tail,
       ValidationStep::kSemantics, ":3", "unknown key 'reasno'"},
      {"unknown top key", "ignores:\n  - id: CVE-1\n", ValidationStep::kSemantics, ":1",
       "unknown top-level key 'ignores'"},
      {"missing id", "ignore:\n  - package: x\n" + ok_tail, ValidationStep::kSemantics, ":2",
       "needs an 'id'"},
      {"missing expires", "ignore:\n  - id: CVE-1\n    reason: r\n", ValidationStep::kSemantics,
       ":2", "needs 'expires'"},
      {"bad date", "ignore:\n  - id: CVE-1\n    reason: r\n    expires: 2025-02-30\n",
       ValidationStep::kSemantics, ":2", "not a date"},
      {"date format", "ignore:\n  - id: CVE-1\n    reason: r\n    expires: 31/12/2025\n",
       ValidationStep::kSemantics, ":2", "not a date"},
      {"duplicate key", "ignore:\n  - id: CVE-1\n    id: CVE-2\n" + ok_tail,
       ValidationStep::kSemantics, ":3", "more than once"},
      {"list value", "ignore:\n  - id: [CVE-1, CVE-2]\n" + ok_tail, ValidationStep::kSemantics,
       ":2", "single value"},
      {"empty package", "ignore:\n  - id: CVE-1\n    package:\n" + ok_tail,
       ValidationStep::kSemantics, ":3", "single value"},
      {"bad purl", "ignore:\n  - id: CVE-1\n    package: 'pkg:'\n" + ok_tail,
       ValidationStep::kSyntax, ":2", "invalid purl"},
      {"space in id", "ignore:\n  - id: CVE 1\n" + ok_tail, ValidationStep::kLexical, ":2",
       "without spaces"},
      {"not a list", "ignore: CVE-1\n", ValidationStep::kSemantics, ":1", "must be a list"},
      {"scalar entry", "ignore:\n  - CVE-1\n", ValidationStep::kSemantics, ":2", "a mapping"},
      {"not a mapping", "- id: CVE-1\n", ValidationStep::kSemantics, ":1", "a mapping"},
      {"yaml syntax", "ignore:\n  - id: [unclosed\n", ValidationStep::kSyntax, ":", ""},
      {"utf8", "ignore:\n  - id: \xff\n", ValidationStep::kLexical, ":2", ""},
      {"depth", "ignore: " + std::string(100, '[') + std::string(100, ']') + "\n",
       ValidationStep::kSize, "", "nesting"},
      {"size", std::string(kMaxSuppressionFileBytes + 1, '#'), ValidationStep::kSize, "", ""},
  };
  for (const auto& c : cases) {
    auto r = ParseIgnoreFile(c.text, ".fledger/sca-ignore.yaml");
    ASSERT_FALSE(r.ok()) << c.name;
    const std::string text = r.error().ToString();
    EXPECT_EQ(r.error().step, c.step) << c.name << ": " << text;
    EXPECT_NE(text.find(".fledger/sca-ignore.yaml" + c.where), std::string::npos)
        << c.name << ": " << text;
    EXPECT_NE(r.error().message.find(c.message), std::string::npos) << c.name << ": " << text;
  }
}

TEST(IgnoreFile, AliasBombIsBounded) {
  // Aliases let a few lines name a huge tree; the walk only looks two levels down, and the
  // values must be scalars, so the bomb is rejected quickly.
  std::string bomb = "a: &a [x, x, x, x, x, x, x, x, x, x]\n";
  for (char c = 'b'; c <= 'j'; ++c) {
    bomb += std::string(1, c) + ": &" + c + " [*" + static_cast<char>(c - 1) + ", *" +
            static_cast<char>(c - 1) + ", *" + static_cast<char>(c - 1) + "]\n";
  }
  auto r = ParseIgnoreFile(bomb + "ignore:\n  - id: *j\n", "bomb.yaml");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().step, ValidationStep::kSemantics);
}

// --- VEX ----------------------------------------------------------------------------------------

std::string OpenVexDoc(const std::string& statements) {
  return R"({"@context": "https://openvex.dev/ns/v0.2.0", "@id": "https://example.com/vex-1",
  "author": "Security Team", "timestamp": "2025-01-01T00:00:00Z", "version": 1,
  "statements": [)" +
         statements + "]}";
}

std::vector<int> SuppressedBy(const Result<SuppressionRules>& rules) {
  EXPECT_TRUE(rules.ok()) << rules.error().ToString();
  Suppressor s;
  if (rules.ok()) s.Add(rules.value());
  std::vector<Finding> findings = Findings();
  (void)s.Apply(findings, "2025-06-30");
  std::vector<int> out;
  for (size_t i = 0; i < findings.size(); ++i) {
    if (findings[i].suppression) {
      EXPECT_EQ(findings[i].suppression->kind, "vex");
      out.push_back(static_cast<int>(i));
    }
  }
  return out;
}

TEST(OpenVex, StatusesDecide) {
  struct Case {
    std::string status, extra;
    std::vector<int> want;
  };
  const std::vector<Case> cases = {
      {"not_affected", R"(, "justification": "vulnerable_code_not_in_execute_path")", {0}},
      {"not_affected", R"(, "impact_statement": "never called")", {0}},
      {"fixed", "", {0}},
      {"affected", R"(, "action_statement": "upgrade")", {}},
      {"under_investigation", "", {}},
  };
  for (const auto& c : cases) {
    const std::string doc = OpenVexDoc(R"({"vulnerability": {"name": "CVE-2021-23337"},
        "products": [{"@id": "pkg:npm/lodash@4.17.20"}], "status": ")" +
                                       c.status + "\"" + c.extra + "}");
    EXPECT_EQ(SuppressedBy(ParseOpenVex(doc, "vex.json")), c.want) << c.status;
    EXPECT_EQ(SuppressedBy(ParseVex(doc, "vex.json")), c.want) << c.status;
  }
}

TEST(OpenVex, ProductsSubcomponentsAliasesAndReason) {
  const std::string doc = OpenVexDoc(R"(
    {"vulnerability": {"@id": "https://nvd.nist.gov/vuln/detail/CVE-2021-44228",
                       "name": "CVE-2021-44228", "aliases": ["GHSA-jfh8-c2jp-5v3q"]},
     "products": [{"@id": "pkg:github/acme/shop@v1",
                   "subcomponents": [{"@id": "pkg:maven/org.apache.logging.log4j/log4j-core"}]}],
     "status": "not_affected", "justification": "vulnerable_code_not_present",
     "impact_statement": "JndiLookup.class removed"},
    {"vulnerability": {"name": "PYSEC-2023-74"},
     "products": [{"identifiers": {"purl": "pkg:pypi/requests@2.30.0"}},
                  {"@id": "https://example.com/not-a-purl"}],
     "status": "fixed", "status_notes": "backported"})");
  auto rules = ParseOpenVex(doc, "security/vex.json");
  ASSERT_TRUE(rules.ok()) << rules.error().ToString();
  ASSERT_EQ(rules.value().rules.size(), 2u);
  EXPECT_EQ(rules.value().rules[0].reason, "vulnerable_code_not_present: JndiLookup.class removed");
  EXPECT_EQ(rules.value().rules[0].source, "security/vex.json:5");
  EXPECT_EQ(rules.value().rules[1].reason, "fixed: backported");
  ASSERT_EQ(rules.value().warnings.size(), 1u);
  EXPECT_NE(rules.value().warnings[0].find("is not a purl"), std::string::npos);
  EXPECT_EQ(SuppressedBy(rules), (std::vector<int>{1, 2}));
}

TEST(OpenVex, LaterStatementOverrides) {
  const std::string product = R"("products": [{"@id": "pkg:npm/lodash@4.17.20"}])";
  struct Case {
    std::string name, statements;
    std::vector<int> want;
  };
  const std::vector<Case> cases = {
      {"affected later in document",
       R"({"vulnerability": {"name": "CVE-2021-23337"}, )" + product +
           R"(, "status": "not_affected", "justification": "component_not_present"},
          {"vulnerability": {"name": "GHSA-35jh-r3h4-6jhm", "aliases": ["CVE-2021-23337"]}, )" +
           product + R"(, "status": "affected"})",
       {}},
      {"affected earlier by timestamp",
       R"({"vulnerability": {"name": "CVE-2021-23337"}, )" + product +
           R"(, "status": "not_affected", "justification": "component_not_present",
              "timestamp": "2025-03-01T00:00:00Z"},
          {"vulnerability": {"name": "CVE-2021-23337"}, )" +
           product + R"(, "status": "affected", "timestamp": "2025-02-01T00:00:00+01:00"})",
       {0}},
      {"affected for another product",
       R"({"vulnerability": {"name": "CVE-2021-23337"}, )" + product +
           R"(, "status": "not_affected", "justification": "component_not_present"},
          {"vulnerability": {"name": "CVE-2021-23337"}, "products": [{"@id": "pkg:npm/lodash@4.17.21"}],
           "status": "affected"})",
       {0}},
  };
  for (const auto& c : cases) {
    EXPECT_EQ(SuppressedBy(ParseOpenVex(OpenVexDoc(c.statements), "vex.json")), c.want) << c.name;
  }
}

TEST(OpenVex, Errors) {
  struct Case {
    std::string name, text;
    ValidationStep step;
    std::string message;
  };
  const std::vector<Case> cases = {
      {"syntax", R"({"@context": "https://openvex.dev/ns/v0.2.0", "statements": [)",
       ValidationStep::kSyntax, "invalid JSON"},
      {"not openvex", R"({"@context": "https://schema.org", "statements": []})",
       ValidationStep::kSemantics, "not an OpenVEX"},
      {"no statements", R"({"@context": "https://openvex.dev/ns/v0.2.0"})",
       ValidationStep::kSemantics, "'statements' must be an array"},
      {"bad status",
       OpenVexDoc(R"({"vulnerability": {"name": "CVE-1"}, "products": [{"@id": "pkg:npm/a"}],
                     "status": "maybe"})"),
       ValidationStep::kSemantics, "'status' must be"},
      {"not_affected without justification",
       OpenVexDoc(R"({"vulnerability": {"name": "CVE-1"}, "products": [{"@id": "pkg:npm/a"}],
                     "status": "not_affected"})"),
       ValidationStep::kSemantics, "justification"},
      {"no products", OpenVexDoc(R"({"vulnerability": {"name": "CVE-1"}, "status": "fixed"})"),
       ValidationStep::kSemantics, "needs 'products'"},
      {"no vulnerability", OpenVexDoc(R"({"products": [{"@id": "pkg:npm/a"}], "status": "fixed"})"),
       ValidationStep::kSemantics, "'vulnerability'"},
      {"wrong type",
       OpenVexDoc(R"({"vulnerability": {"name": 7}, "products": [], "status": "fixed"})"),
       ValidationStep::kSemantics, "must be a string"},
      {"duplicate key", R"({"@context": "https://openvex.dev/ns", "@context": "x"})",
       ValidationStep::kSyntax, "duplicate key"},
  };
  for (const auto& c : cases) {
    auto r = ParseOpenVex(c.text, "vex/openvex.json");
    ASSERT_FALSE(r.ok()) << c.name;
    EXPECT_EQ(r.error().step, c.step) << c.name << ": " << r.error().ToString();
    EXPECT_NE(r.error().ToString().find("vex/openvex.json"), std::string::npos) << c.name;
    EXPECT_NE(r.error().message.find(c.message), std::string::npos)
        << c.name << ": " << r.error().ToString();
  }
  // OpenVEX 0.0.x: the vulnerability and the products are plain strings.
  EXPECT_EQ(SuppressedBy(ParseOpenVex(
                OpenVexDoc(R"({"vulnerability": "CVE-2021-23337", "products": ["pkg:npm/lodash"],
                               "status": "fixed"})"),
                "v.json")),
            std::vector<int>{0});
  // A non-suppressing statement may leave products to an enclosing document.
  EXPECT_TRUE(
      ParseOpenVex(OpenVexDoc(R"({"vulnerability": "CVE-1", "status": "affected"})"), "v.json")
          .ok());
}

std::string CdxVex(const std::string& state, const std::string& affects) {
  return R"({"bomFormat": "CycloneDX", "specVersion": "1.6", "version": 1,
  "components": [{"type": "library", "name": "lodash", "bom-ref": "lodash-ref",
                  "purl": "pkg:npm/lodash@4.17.20"}],
  "vulnerabilities": [{"id": "CVE-2021-23337",
    "references": [{"id": "GHSA-35jh-r3h4-6jhm", "source": {"name": "GitHub"}}],
    "analysis": {"state": ")" +
         state + R"(", "justification": "code_not_reachable", "detail": "template unused"},
    "affects": [)" +
         affects + "]}]}";
}

TEST(CycloneDxVex, StatesAndRefs) {
  struct Case {
    std::string state, affects;
    std::vector<int> want;
  };
  const std::vector<Case> cases = {
      {"not_affected", R"({"ref": "lodash-ref"})", {0}},
      {"false_positive", R"({"ref": "lodash-ref"})", {0}},
      {"resolved", R"({"ref": "lodash-ref"})", {0}},
      {"resolved_with_pedigree", R"({"ref": "lodash-ref"})", {0}},
      {"exploitable", R"({"ref": "lodash-ref"})", {}},
      {"in_triage", R"({"ref": "lodash-ref"})", {}},
      {"not_affected", R"({"ref": "pkg:npm/lodash@4.17.20"})", {0}},  // a purl directly
      {"not_affected", R"({"ref": "pkg:npm/lodash@1.0.0"})", {}},
      {"not_affected",
       R"({"ref": "urn:cdx:3e671687-395b-41f5-a30f-a58921a69b79/1#lodash-ref"})",
       {0}},  // BOM-Link
  };
  for (const auto& c : cases) {
    EXPECT_EQ(SuppressedBy(ParseCycloneDxVex(CdxVex(c.state, c.affects), "bom.vex.json")), c.want)
        << c.state << " " << c.affects;
    EXPECT_EQ(SuppressedBy(ParseVex(CdxVex(c.state, c.affects), "bom.vex.json")), c.want)
        << c.state << " " << c.affects;
  }
  auto rules = ParseCycloneDxVex(CdxVex("not_affected", R"({"ref": "lodash-ref"})"), "b.json");
  ASSERT_TRUE(rules.ok());
  EXPECT_EQ(rules.value().rules[0].ids,
            (std::vector<std::string>{"CVE-2021-23337", "GHSA-35jh-r3h4-6jhm"}));
  EXPECT_EQ(rules.value().rules[0].reason, "code_not_reachable: template unused");
  EXPECT_EQ(rules.value().rules[0].source, "b.json:4");
}

TEST(CycloneDxVex, UnknownRefsWarnAndErrorsNameTheStep) {
  auto unknown = ParseCycloneDxVex(CdxVex("not_affected", R"({"ref": "nowhere"})"), "b.json");
  ASSERT_TRUE(unknown.ok());
  EXPECT_TRUE(unknown.value().rules.empty());
  EXPECT_EQ(unknown.value().warnings.size(), 2u);
  struct Case {
    std::string name, text;
    ValidationStep step;
    std::string message;
  };
  const std::vector<Case> cases = {
      {"syntax", "{", ValidationStep::kSyntax, "invalid JSON"},
      {"not cyclonedx", R"({"bomFormat": "SPDX"})", ValidationStep::kSemantics, "bomFormat"},
      {"no vulnerabilities", R"({"bomFormat": "CycloneDX"})", ValidationStep::kSemantics,
       "not a VEX"},
      {"bad state", CdxVex("fine", R"({"ref": "lodash-ref"})"), ValidationStep::kSemantics,
       "unknown analysis.state 'fine'"},
      {"no affects", CdxVex("resolved", ""), ValidationStep::kSemantics, "needs 'affects'"},
      {"neither", R"({"statements": []})", ValidationStep::kSemantics, "neither"},
  };
  for (const auto& c : cases) {
    auto r = c.name == "neither" ? ParseVex(c.text, "x/vex.json")
                                 : ParseCycloneDxVex(c.text, "x/vex.json");
    ASSERT_FALSE(r.ok()) << c.name;
    EXPECT_EQ(r.error().step, c.step) << c.name << ": " << r.error().ToString();
    EXPECT_NE(r.error().ToString().find("x/vex.json"), std::string::npos) << c.name;
    EXPECT_NE(r.error().message.find(c.message), std::string::npos)
        << c.name << ": " << r.error().ToString();
  }
}

TEST(IsoDate, Calendar) {
  for (std::string d : {"2024-02-29", "2000-02-29", "2025-12-31", "0001-01-01"}) {
    EXPECT_TRUE(IsIsoDate(d)) << d;
  }
  for (std::string d : {"2023-02-29", "1900-02-29", "2025-13-01", "2025-00-10", "2025-1-01",
                        "2025-01-01T00:00:00Z", "", "abcd-ef-gh"}) {
    EXPECT_FALSE(IsIsoDate(d)) << d;
  }
}

}  // namespace
}  // namespace fledger::sca

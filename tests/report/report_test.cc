// Golden and unit tests for the renderers: JSON (against its schema), SARIF, Markdown and the
// terminal table, with hostile text from a scanned repository in every format.
#include "report/report.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cstdlib>
#include <map>
#include <nlohmann/json.hpp>
#include <regex>
#include <set>
#include <string>
#include <vector>

#include "core/text.h"
#include "test_util.h"

namespace fledger::report {
namespace {

using nlohmann::json;

template <typename T>
T Must(Result<T> result) {
  if (!result.ok()) {
    ADD_FAILURE() << result.error().ToString();
    std::abort();  // the fixtures below are constants; a parse failure is a broken test
  }
  return std::move(result).value();
}

Finding MakeFinding(std::string_view rule, FindingKind kind, Severity::Level level,
                    std::string_view path, const std::string& evidence) {
  const RuleId rule_id = Must(RuleId::Parse(rule));
  const RepoPath repo_path = Must(RepoPath::Parse(path));
  return Finding{.rule_id = rule_id,
                 .kind = kind,
                 .severity = Severity::Of(level),
                 .location = Location{.path = repo_path},
                 .fingerprint = Fingerprint::Compute(rule_id, repo_path, evidence),
                 .evidence = evidence};
}

// Hostile text as a scanned repository could hold it: HTML, a table pipe, a newline that would
// forge a row, ANSI colour, a C1 CSI, a right-to-left override, a link, and an invalid byte.
const char* const kHostileTitle = "XSS <script> | x\n\x1b[31mRED";
const char* const kHostileMessage =
    "innerHTML receives request data: [click here](https://evil.example/) \xC2\x9B"
    "2J "
    "\xE2\x80\xAE"
    "txt.exe \xFF";
const char* const kHostileEvidence =
    "el.innerHTML = location.hash; // \x1b]8;;https://evil.example\x07link\x1b]8;;\x07 \xFF";

// Five findings, one of each shape the renderers must handle.
std::vector<Finding> MixedFindings() {
  std::vector<Finding> findings;

  Finding vuln = MakeFinding("sca.osv-advisory", FindingKind::kVulnerability,
                             Severity::Level::kHigh, "package-lock.json", "lodash@4.17.15");
  vuln.title = "lodash 4.17.15: Prototype Pollution in lodash";
  vuln.message =
      "lodash 4.17.15 is affected by GHSA-p6mc-m468-83gw: prototype pollution in zipObjectDeep.";
  vuln.location.line = 42;
  vuln.location.column = 5;
  vuln.location.end_line = 46;
  vuln.location.end_column = 6;
  vuln.cwes = {Must(CweId::Parse("CWE-1321"))};
  vuln.references = {"https://github.com/advisories/GHSA-p6mc-m468-83gw",
                     "https://nvd.nist.gov/vuln/detail/CVE-2020-8203"};
  vuln.aliases = {"CVE-2020-8203", "GHSA-p6mc-m468-83gw"};
  vuln.remediation = {.text = "Upgrade lodash to 4.17.19 or later.", .fixed_version = "4.17.19"};
  const Ecosystem npm = Must(Ecosystem::Parse("npm"));
  vuln.package = PackageRef{.ecosystem = npm,
                            .name = Must(PackageName::Parse(npm, "lodash")),
                            .version = "4.17.15",
                            .purl = Must(Purl::Parse("pkg:npm/lodash@4.17.15"))};
  findings.push_back(vuln);

  Finding secret =
      MakeFinding("secrets.aws-access-key", FindingKind::kSecret, Severity::Level::kCritical,
                  "config/settings.py", "AKIA************MPLE");
  secret.title = "AWS access key ID";
  secret.message = "An AWS access key ID is committed in clear text.";
  secret.location.line = 12;
  secret.location.column = 19;
  secret.location.end_line = 12;
  secret.location.end_column = 39;
  secret.cwes = {Must(CweId::Parse("798"))};
  secret.references = {
      "https://docs.aws.amazon.com/IAM/latest/UserGuide/id_credentials_access-keys.html"};
  secret.remediation.text =
      "Deactivate the key in AWS IAM, then load credentials from the environment.";
  findings.push_back(secret);

  Finding code = MakeFinding("sast.js.dom-xss", FindingKind::kCode, Severity::Level::kMedium,
                             "src/web/user page.js", kHostileEvidence);
  code.confidence = Confidence::kMedium;
  code.title = kHostileTitle;
  code.message = kHostileMessage;
  code.location.line = 7;
  code.location.column = 3;
  code.location.end_line = 7;
  code.location.end_column = 41;
  code.cwes = {Must(CweId::Parse("CWE-79"))};
  code.references = {"https://cwe.mitre.org/data/definitions/79.html"};
  code.remediation.text = "Assign to `textContent` | or sanitize with *DOMPurify* first.";
  findings.push_back(code);

  Finding hygiene =
      MakeFinding("hygiene.security-policy", FindingKind::kHygiene, Severity::Level::kLow, "", "");
  hygiene.title = "No security policy";
  hygiene.message = "The repository has no SECURITY.md telling reporters how to disclose a flaw.";
  hygiene.remediation.text = "Add a SECURITY.md with a contact and a disclosure process.";
  findings.push_back(hygiene);

  Finding threat = MakeFinding("threat.stride.repudiation", FindingKind::kThreat,
                               Severity::Level::kInfo, "threatmodel.yaml", "payments_db");
  threat.confidence = Confidence::kLow;
  threat.title = "No audit log for writes to payments_db";
  threat.message = "Writes to the payments store are not logged, so they cannot be attributed.";
  threat.location.line = 14;
  threat.location.column = 5;
  threat.model_element = Must(ElementId::Parse("payments_db"));
  threat.remediation.text = "Record who wrote what, and when, in an append-only audit log.";
  findings.push_back(threat);

  return findings;
}

RenderOptions TestOptions() {
  // A fixed version keeps the goldens independent of the project version.
  RenderOptions options;
  options.tool.version = "0.1.0";
  return options;
}

constexpr Format kAllFormats[] = {Format::kTable, Format::kJson, Format::kSarif, Format::kMarkdown};

// ---------------------------------------------------------------------------------------------
// Golden files: testdata/report/<case>/expected.<ext>, rewritten with FLEDGER_UPDATE_GOLDEN=1.

struct GoldenCase {
  const char* name;
  std::vector<Finding> (*findings)();
};

std::vector<Finding> NoFindings() { return {}; }

std::string Extension(Format format) {
  switch (format) {
    case Format::kTable:
      return "txt";
    case Format::kJson:
      return "json";
    case Format::kSarif:
      return "sarif";
    case Format::kMarkdown:
      return "md";
  }
  return "txt";
}

TEST(ReportGoldenTest, EveryFormatMatchesItsGolden) {
  const GoldenCase cases[] = {{"mixed", MixedFindings}, {"empty", NoFindings}};
  for (const auto& c : cases) {
    for (Format format : kAllFormats) {
      const auto golden =
          testing::SourceDir() / "testdata" / "report" / c.name / ("expected." + Extension(format));
      EXPECT_EQ(testing::CompareGolden(golden, Render(format, c.findings(), TestOptions())), "")
          << c.name << " " << FormatName(format);
    }
  }
}

// ---------------------------------------------------------------------------------------------
// Formats.

TEST(FormatTest, ParsesEveryNameInAnyCase) {
  struct Case {
    const char* text;
    Format format;
  };
  const Case cases[] = {{"table", Format::kTable},       {"JSON", Format::kJson},
                        {"Sarif", Format::kSarif},       {"md", Format::kMarkdown},
                        {"MarkDown", Format::kMarkdown}, {" json ", Format::kJson}};
  for (const auto& c : cases) {
    const auto parsed = ParseFormat(c.text);
    ASSERT_TRUE(parsed.ok()) << c.text;
    EXPECT_EQ(parsed.value(), c.format) << c.text;
  }
  for (Format format : kAllFormats) EXPECT_EQ(ParseFormat(FormatName(format)).value(), format);
}

TEST(FormatTest, RejectsUnknownNamesAtTheSemanticsStep) {
  for (const char* text : {"", "html", "cyclonedx", "jso", "json,sarif", "md\x1b[2J"}) {
    const auto parsed = ParseFormat(text);
    ASSERT_FALSE(parsed.ok()) << text;
    EXPECT_EQ(parsed.error().step, ValidationStep::kSemantics);
    EXPECT_EQ(parsed.error().code, ErrorCode::kInput);
    // The rejected text is echoed to the user, so it must come back escaped.
    EXPECT_EQ(parsed.error().ToString().find('\x1b'), std::string::npos);
  }
}

// ---------------------------------------------------------------------------------------------
// Every format.

TEST(RenderTest, EmptyFindingsInEveryFormat) {
  const RenderOptions options = TestOptions();
  const json doc = json::parse(Render(Format::kJson, {}, options));
  EXPECT_EQ(doc["summary"]["total"], 0);
  EXPECT_TRUE(doc["findings"].is_array());
  EXPECT_TRUE(doc["findings"].empty());

  const json sarif = json::parse(Render(Format::kSarif, {}, options));
  ASSERT_EQ(sarif["runs"].size(), 1u);
  // An empty results array (not a missing one) says that the tool ran and found nothing.
  EXPECT_TRUE(sarif["runs"][0]["results"].is_array());
  EXPECT_TRUE(sarif["runs"][0]["results"].empty());
  EXPECT_TRUE(sarif["runs"][0]["tool"]["driver"]["rules"].empty());

  EXPECT_EQ(Render(Format::kMarkdown, {}, options), "# Fledger findings\n\nNo findings.\n");
  EXPECT_EQ(Render(Format::kTable, {}, options),
            "0 findings (0 critical, 0 high, 0 medium, 0 low, 0 info)\n");
}

// Regression guard: untrusted text must never reach the output as a terminal control sequence.
TEST(RenderTest, NoRawEscapeOrControlByteInAnyOutput) {
  const std::vector<Finding> findings = MixedFindings();
  for (Format format : kAllFormats) {
    const std::string out = Render(format, findings, TestOptions());
    SCOPED_TRACE(std::string(FormatName(format)));
    EXPECT_EQ(out.find('\x1b'), std::string::npos);
    EXPECT_EQ(out.find('\x07'), std::string::npos);
    EXPECT_EQ(out.find("\xC2\x9B"), std::string::npos);      // C1 CSI
    EXPECT_EQ(out.find("\xE2\x80\xAE"), std::string::npos);  // right-to-left override
    EXPECT_TRUE(IsValidUtf8(out));
  }
}

TEST(RenderTest, SortsACopyAndIgnoresInputOrder) {
  const std::vector<Finding> findings = MixedFindings();
  std::vector<Finding> reversed(findings.rbegin(), findings.rend());
  const std::vector<Finding> before = reversed;
  for (Format format : kAllFormats) {
    const std::string out = Render(format, reversed, TestOptions());
    EXPECT_EQ(out, Render(format, findings, TestOptions())) << FormatName(format);
  }
  EXPECT_EQ(RenderJson(reversed, TestOptions()), Render(Format::kJson, findings, TestOptions()));
  EXPECT_EQ(RenderSarif(reversed, TestOptions()), Render(Format::kSarif, findings, TestOptions()));
  EXPECT_EQ(RenderMarkdown(reversed, TestOptions()),
            Render(Format::kMarkdown, findings, TestOptions()));
  EXPECT_EQ(RenderTable(reversed, TestOptions()), Render(Format::kTable, findings, TestOptions()));
  ASSERT_EQ(reversed.size(), before.size());
  for (size_t i = 0; i < reversed.size(); ++i) {
    EXPECT_EQ(reversed[i].fingerprint, before[i].fingerprint) << "caller's vector was reordered";
  }
}

// ---------------------------------------------------------------------------------------------
// JSON: checked against schemas/findings.schema.json by a validator for the keywords the schema
// uses. An unknown keyword fails the test, so the schema cannot grow a rule this check ignores.

class SchemaValidator {
 public:
  explicit SchemaValidator(json schema) : root_(std::move(schema)) {}

  std::vector<std::string> Validate(const json& doc) {
    errors_.clear();
    Check(root_, doc, "$");
    return errors_;
  }

 private:
  const json& Resolve(const std::string& ref) {
    const std::string prefix = "#/$defs/";
    if (ref.rfind(prefix, 0) != 0 || !root_["$defs"].contains(ref.substr(prefix.size()))) {
      static const json kNothing = json::object();
      errors_.push_back("unresolvable $ref " + ref);
      return kNothing;
    }
    return root_["$defs"][ref.substr(prefix.size())];
  }

  static bool HasType(const json& value, const std::string& type) {
    if (type == "object") return value.is_object();
    if (type == "array") return value.is_array();
    if (type == "string") return value.is_string();
    if (type == "integer") return value.is_number_integer();
    if (type == "number") return value.is_number();
    if (type == "boolean") return value.is_boolean();
    if (type == "null") return value.is_null();
    return false;
  }

  void Check(const json& schema, const json& value, const std::string& where) {
    for (const auto& [keyword, arg] : schema.items()) {
      if (keyword == "$schema" || keyword == "$id" || keyword == "$defs" || keyword == "title" ||
          keyword == "description" || keyword == "properties") {
        continue;  // annotations, or read together with additionalProperties below
      } else if (keyword == "$ref") {
        Check(Resolve(arg.get<std::string>()), value, where);
      } else if (keyword == "type") {
        if (!HasType(value, arg.get<std::string>())) Fail(where, "is not of type " + arg.dump());
      } else if (keyword == "const") {
        if (value != arg) Fail(where, "is not " + arg.dump());
      } else if (keyword == "enum") {
        if (std::find(arg.begin(), arg.end(), value) == arg.end())
          Fail(where, "not in " + arg.dump());
      } else if (keyword == "pattern") {
        if (value.is_string() &&
            !std::regex_search(value.get<std::string>(), std::regex(arg.get<std::string>()))) {
          Fail(where, "does not match " + arg.dump());
        }
      } else if (keyword == "minimum") {
        if (value.is_number() && value.get<double>() < arg.get<double>())
          Fail(where, "below minimum");
      } else if (keyword == "minLength") {
        if (value.is_string() && value.get<std::string>().size() < arg.get<size_t>()) {
          Fail(where, "too short");
        }
      } else if (keyword == "required") {
        for (const auto& key : arg) {
          if (value.is_object() && !value.contains(key.get<std::string>())) {
            Fail(where, "misses required key " + key.dump());
          }
        }
      } else if (keyword == "additionalProperties") {
        if (value.is_object() && arg == false) {
          for (const auto& [key, unused] : value.items()) {
            if (!schema.contains("properties") || !schema["properties"].contains(key)) {
              Fail(where, "has unexpected key " + key);
            }
          }
        }
      } else if (keyword == "items") {
        if (value.is_array()) {
          for (size_t i = 0; i < value.size(); ++i) {
            Check(arg, value[i], where + "[" + std::to_string(i) + "]");
          }
        }
      } else {
        Fail(where, "schema keyword '" + keyword + "' is not supported by this validator");
      }
    }
    if (schema.contains("properties") && value.is_object()) {
      for (const auto& [key, sub] : schema["properties"].items()) {
        if (value.contains(key)) Check(sub, value[key], where + "." + key);
      }
    }
  }

  void Fail(const std::string& where, const std::string& what) {
    errors_.push_back(where + " " + what);
  }

  json root_;
  std::vector<std::string> errors_;
};

SchemaValidator LoadSchema() {
  return SchemaValidator(
      json::parse(testing::ReadFile(testing::SourceDir() / "schemas" / "findings.schema.json")));
}

TEST(ReportJsonTest, OutputValidatesAgainstTheSchema) {
  SchemaValidator validator = LoadSchema();
  std::vector<Finding> findings = MixedFindings();
  Finding file_level = MakeFinding("config.dockerfile-latest", FindingKind::kConfig,
                                   Severity::Level::kLow, "Dockerfile", "FROM node:latest");
  findings.push_back(file_level);
  for (const auto& input : {findings, std::vector<Finding>{}}) {
    const json doc = json::parse(RenderJson(input, TestOptions()));
    const auto errors = validator.Validate(doc);
    EXPECT_TRUE(errors.empty()) << ::testing::PrintToString(errors);
  }
}

TEST(ReportJsonTest, ValidatorRejectsDocumentsThatBreakTheSchema) {
  SchemaValidator validator = LoadSchema();
  const json good = json::parse(RenderJson(MixedFindings(), TestOptions()));
  ASSERT_TRUE(validator.Validate(good).empty());
  const auto broken = [&](auto edit) {
    json doc = good;
    edit(doc);
    return !validator.Validate(doc).empty();
  };
  EXPECT_TRUE(broken([](json& d) { d.erase("summary"); }));
  EXPECT_TRUE(broken([](json& d) { d["findings"][0].erase("fingerprint"); }));
  EXPECT_TRUE(broken([](json& d) { d["findings"][0]["fingerprint"] = "ABCDEF0123456789"; }));
  EXPECT_TRUE(broken([](json& d) { d["findings"][0]["severity"] = "urgent"; }));
  EXPECT_TRUE(broken([](json& d) { d["findings"][0]["kind"] = "bug"; }));
  EXPECT_TRUE(broken([](json& d) { d["findings"][0]["location"]["line"] = 0; }));
  EXPECT_TRUE(broken([](json& d) { d["findings"][0]["extra"] = true; }));
  EXPECT_TRUE(broken([](json& d) { d["schema_version"] = 2; }));
}

TEST(ReportJsonTest, FieldsFollowTheDocumentedShape) {
  const json doc = json::parse(RenderJson(MixedFindings(), TestOptions()));
  EXPECT_EQ(doc["schema_version"], 1);
  EXPECT_EQ(doc["tool"]["name"], "fledger");
  EXPECT_EQ(doc["summary"]["total"], 5);
  EXPECT_EQ(doc["summary"]["by_severity"]["critical"], 1);
  const json& findings = doc["findings"];
  ASSERT_EQ(findings.size(), 5u);
  // Sorted: critical secret first, info threat last.
  EXPECT_EQ(findings[0]["rule_id"], "secrets.aws-access-key");
  EXPECT_EQ(findings[4]["model_element"], "payments_db");
  const json& vuln = findings[1];
  EXPECT_EQ(vuln["package"]["purl"], "pkg:npm/lodash@4.17.15");
  EXPECT_EQ(vuln["remediation"]["fixed_version"], "4.17.19");
  EXPECT_EQ(vuln["cwes"], json::array({"CWE-1321"}));
  const json& hygiene = findings[3];
  EXPECT_EQ(hygiene["location"], json::object({{"path", ""}}));  // zero positions left out
  EXPECT_FALSE(hygiene["remediation"].contains("fixed_version"));
  EXPECT_FALSE(hygiene.contains("package"));
  EXPECT_FALSE(hygiene.contains("model_element"));
}

TEST(ReportJsonTest, InvalidUtf8IsReplacedAndControlsEscapedWithoutChangingText) {
  const std::string out = RenderJson(MixedFindings(), TestOptions());
  EXPECT_TRUE(IsValidUtf8(out));
  EXPECT_NE(out.find("\\u009b"), std::string::npos);
  EXPECT_NE(out.find("\\u202e"), std::string::npos);
  EXPECT_NE(out.find("\\u001b"), std::string::npos);
  const json doc = json::parse(out);
  const std::string message = doc["findings"][2]["message"];
  // The escapes parse back to the original code points; only the invalid byte is replaced.
  EXPECT_EQ(message,
            "innerHTML receives request data: [click here](https://evil.example/) \xC2\x9B"
            "2J "
            "\xE2\x80\xAE"
            "txt.exe \xEF\xBF\xBD");
  EXPECT_EQ(doc["findings"][2]["title"], kHostileTitle);
}

// ---------------------------------------------------------------------------------------------
// SARIF.

TEST(ReportSarifTest, RuleIndexPointsAtTheRuleOfEachResult) {
  std::vector<Finding> findings = MixedFindings();
  Finding second = MakeFinding("secrets.aws-access-key", FindingKind::kSecret,
                               Severity::Level::kHigh, "deploy/env.sh", "AKIA************TEST");
  second.title = "AWS access key ID in a deploy script";
  second.remediation.text = "Something else.";
  findings.push_back(second);
  const json sarif = json::parse(RenderSarif(findings, TestOptions()));
  const json& run = sarif["runs"][0];
  const json& rules = run["tool"]["driver"]["rules"];
  std::vector<std::string> ids;
  for (const auto& rule : rules) ids.push_back(rule["id"].get<std::string>());
  EXPECT_TRUE(std::is_sorted(ids.begin(), ids.end()));
  EXPECT_EQ(std::set<std::string>(ids.begin(), ids.end()).size(), ids.size()) << "duplicate rule";
  EXPECT_EQ(ids.size(), 5u);
  ASSERT_EQ(run["results"].size(), 6u);
  for (const auto& result : run["results"]) {
    const size_t index = result["ruleIndex"];
    ASSERT_LT(index, rules.size());
    EXPECT_EQ(rules[index]["id"], result["ruleId"]);
  }
  // The two secrets agree on nothing but the rule, so the rule falls back to its id for a
  // description and carries no help text.
  for (const auto& rule : rules) {
    if (rule["id"] == "secrets.aws-access-key") {
      EXPECT_EQ(rule["shortDescription"]["text"], "secrets.aws-access-key");
      EXPECT_FALSE(rule.contains("help"));
      EXPECT_EQ(rule["defaultConfiguration"]["level"], "error");
      EXPECT_EQ(rule["properties"]["security-severity"], "9.5");
    }
  }
}

TEST(ReportSarifTest, LocationsAreEncodedUrisWithRegionsOnlyForLines) {
  std::vector<Finding> findings;
  Finding odd = MakeFinding("code.odd-path", FindingKind::kCode, Severity::Level::kLow,
                            "a b/\xC3\xBC:x#y%z?.js", "x");
  odd.location.line = 3;
  findings.push_back(odd);
  findings.push_back(
      MakeFinding("code.file-level", FindingKind::kCode, Severity::Level::kLow, "lib/c:d.py", "y"));
  findings.push_back(
      MakeFinding("hygiene.repo-level", FindingKind::kHygiene, Severity::Level::kLow, "", "z"));
  const json results = json::parse(RenderSarif(findings, TestOptions()))["runs"][0]["results"];
  ASSERT_EQ(results.size(), 3u);
  std::map<std::string, json> by_rule;
  for (const auto& r : results) by_rule[r["ruleId"].get<std::string>()] = r;

  const json& odd_location = by_rule["code.odd-path"]["locations"][0]["physicalLocation"];
  EXPECT_EQ(odd_location["artifactLocation"]["uri"], "a%20b/%C3%BC%3Ax%23y%25z%3F.js");
  EXPECT_EQ(odd_location["artifactLocation"]["uriBaseId"], "%SRCROOT%");
  EXPECT_EQ(odd_location["region"], json::object({{"startLine", 3}}));

  const json& file_location = by_rule["code.file-level"]["locations"][0]["physicalLocation"];
  EXPECT_EQ(file_location["artifactLocation"]["uri"], "lib/c%3Ad.py");
  EXPECT_FALSE(file_location.contains("region"));

  EXPECT_FALSE(by_rule["hygiene.repo-level"].contains("locations"));
}

TEST(ReportSarifTest, MessageBracketsCannotFormEmbeddedLinks) {
  Finding f = MakeFinding("code.link", FindingKind::kCode, Severity::Level::kLow, "a.js", "");
  f.message = "see [here](https://evil.example) or \\[x\\](1)";
  const json sarif = json::parse(RenderSarif({f}, TestOptions()));
  EXPECT_EQ(sarif["runs"][0]["results"][0]["message"]["text"],
            "see \\[here\\](https://evil.example) or \\\\\\[x\\\\\\](1)");
}

TEST(ReportSarifTest, RunHeaderFollowsSarif210) {
  const json sarif = json::parse(RenderSarif(MixedFindings(), TestOptions()));
  EXPECT_EQ(sarif["$schema"], "https://json.schemastore.org/sarif-2.1.0.json");
  EXPECT_EQ(sarif["version"], "2.1.0");
  const json& run = sarif["runs"][0];
  EXPECT_EQ(run["columnKind"], "utf16CodeUnits");
  EXPECT_FALSE(run.contains("originalUriBaseIds"));
  EXPECT_EQ(run["tool"]["driver"]["semanticVersion"], "0.1.0");
  for (const auto& result : run["results"]) {
    EXPECT_TRUE(result["partialFingerprints"].contains("fledger/v1"));
  }
}

// ---------------------------------------------------------------------------------------------
// Markdown.

// Number of '|' in `line` that are not escaped by an odd run of backslashes before them.
size_t UnescapedPipes(const std::string& line) {
  size_t pipes = 0;
  for (size_t i = 0; i < line.size(); ++i) {
    if (line[i] != '|') continue;
    size_t backslashes = 0;
    for (size_t k = i; k > 0 && line[k - 1] == '\\'; --k) ++backslashes;
    if (backslashes % 2 == 0) ++pipes;
  }
  return pipes;
}

TEST(ReportMarkdownTest, CellsNeverContainAnUnescapedPipe) {
  std::vector<Finding> findings = MixedFindings();
  for (const char* title : {"a|b", "a\\|b", "a\\\\|b", "|", "\\", "x\n| forged | row |"}) {
    Finding f = MakeFinding("code.pipes", FindingKind::kCode, Severity::Level::kHigh,
                            "dir|name/file.md", title);
    f.title = title;
    f.remediation.text = title;
    findings.push_back(f);
  }
  const std::string out = RenderMarkdown(findings, TestOptions());
  size_t finding_rows = 0;
  bool in_findings = false;
  for (const auto& line : Split(out, '\n')) {
    if (line == "## Findings") in_findings = true;
    if (!in_findings || line.empty() || line[0] != '|') continue;
    EXPECT_EQ(UnescapedPipes(line), 6u) << line;  // five cells
    ++finding_rows;
  }
  EXPECT_EQ(finding_rows, findings.size() + 2);  // plus the header and the delimiter row
  EXPECT_EQ(out.find("<script>"), std::string::npos);
}

TEST(ReportMarkdownTest, TitleIsOneEscapedLine) {
  RenderOptions options = TestOptions();
  options.title = "Scan of <repo>\n# injected";
  EXPECT_EQ(RenderMarkdown({}, options), "# Scan of &lt;repo&gt; \\# injected\n\nNo findings.\n");
}

// ---------------------------------------------------------------------------------------------
// Table.

size_t Columns(const std::string& line) {
  return static_cast<size_t>(std::count_if(line.begin(), line.end(), [](char c) {
    return (static_cast<unsigned char>(c) & 0xC0) != 0x80;
  }));
}

TEST(ReportTableTest, EveryLineFitsOneHundredColumns) {
  std::vector<Finding> findings = MixedFindings();
  Finding wide = MakeFinding(std::string(128, 'r'), FindingKind::kCode, Severity::Level::kCritical,
                             std::string(200, 'p') + "/\xC3\xA9\xC3\xA9.js", "w");
  wide.location.line = 123456;
  wide.title = std::string(300, 't') + "\xE2\x9C\x93";
  findings.push_back(wide);
  const std::string out = RenderTable(findings, TestOptions());
  for (const auto& line : Split(out, '\n')) {
    EXPECT_LE(Columns(line), 100u) << line;
    EXPECT_TRUE(line.empty() || line.back() != ' ') << "trailing space: " << line;
  }
  EXPECT_TRUE(IsValidUtf8(out));
  EXPECT_NE(out.find("\xE2\x80\xA6"), std::string::npos) << "long cells end in an ellipsis";
  EXPECT_NE(out.find("\n6 findings (2 critical, 1 high, 1 medium, 1 low, 1 info)\n"),
            std::string::npos);
}

TEST(ReportTableTest, ColourCodesAreOursAndHostileEscapesStayVisible) {
  RenderOptions options = TestOptions();
  options.color = true;
  std::string out = RenderTable(MixedFindings(), options);
  for (const char* code :
       {"\x1b[1;31m", "\x1b[31m", "\x1b[33m", "\x1b[36m", "\x1b[2m", "\x1b[0m"}) {
    for (size_t at = out.find(code); at != std::string::npos; at = out.find(code)) {
      out.erase(at, std::string(code).size());
    }
  }
  EXPECT_EQ(out.find('\x1b'), std::string::npos);
  EXPECT_NE(out.find("XSS <script> | x\\n\\x1b[31mRED"), std::string::npos);
  // Without colour the two renderings are the same text.
  EXPECT_EQ(out, RenderTable(MixedFindings(), TestOptions()));
}

}  // namespace
}  // namespace fledger::report

namespace fledger::report {
namespace {

// Regression: suppressed findings stay in every output, marked, and out of the counts.
TEST(RenderTest, SuppressedFindingsAreListedMarkedAndNotCounted) {
  Finding active = MakeFinding("GHSA-aaaa-bbbb-cccc", FindingKind::kVulnerability,
                               Severity::Level::kHigh, "package-lock.json", "a@1");
  Finding muted = MakeFinding("GHSA-dddd-eeee-ffff", FindingKind::kVulnerability,
                              Severity::Level::kCritical, "package-lock.json", "b@1");
  muted.title = "muted finding";
  muted.suppression = Suppression{"ignore-file", "not reachable | <b>", ".fledger/x.yaml:3",
                                  "2099-01-01"};
  const std::vector<Finding> findings = {active, muted};

  const auto json = nlohmann::json::parse(RenderJson(findings, TestOptions()));
  EXPECT_EQ(json["summary"]["total"], 1);
  EXPECT_EQ(json["summary"]["suppressed"], 1);
  EXPECT_EQ(json["summary"]["by_severity"]["critical"], 0);
  ASSERT_EQ(json["findings"].size(), 2u);
  EXPECT_EQ(json["findings"][0]["suppression"]["reason"], "not reachable | <b>");
  EXPECT_EQ(json["findings"][0]["suppression"]["expires"], "2099-01-01");
  EXPECT_FALSE(json["findings"][1].contains("suppression"));

  const auto sarif = nlohmann::json::parse(RenderSarif(findings, TestOptions()));
  const auto& results = sarif["runs"][0]["results"];
  ASSERT_EQ(results.size(), 2u);
  EXPECT_EQ(results[0]["suppressions"][0]["kind"], "external");
  EXPECT_EQ(results[0]["suppressions"][0]["status"], "accepted");
  EXPECT_FALSE(results[1].contains("suppressions"));

  const std::string md = RenderMarkdown(findings, TestOptions());
  EXPECT_NE(md.find("## Suppressed"), std::string::npos);
  EXPECT_NE(md.find("| Suppressed | 1 |"), std::string::npos) << md;
  EXPECT_EQ(md.find("<b>"), std::string::npos) << "the reason is escaped";

  const std::string table = RenderTable(findings, TestOptions());
  EXPECT_NE(table.find("1 finding (0 critical, 1 high"), std::string::npos) << table;
  EXPECT_NE(table.find("1 suppressed"), std::string::npos) << table;
  EXPECT_NE(table.find("[suppressed: "), std::string::npos) << table;
}

}  // namespace
}  // namespace fledger::report

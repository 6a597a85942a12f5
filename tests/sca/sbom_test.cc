// Tests for the CycloneDX writer and reader: field mapping, determinism, schema validity (through
// tests/sca/validate_cyclonedx.sh), a golden document, round trips and hostile input.
#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <map>
#include <nlohmann/json.hpp>
#include <set>
#include <string>
#include <vector>

#include "core/json.h"
#include "core/text.h"
#include "sca/extractor.h"
#include "sca/package.h"
#include "sca/sbom/cyclonedx.h"
#include "test_util.h"

namespace fledger::sca {
namespace {

using nlohmann::json;
using testing::SourceDir;
using testing::TempDir;

Ecosystem Eco(std::string_view name) { return Ecosystem::Parse(name).value(); }

RepoPath Path(std::string_view p) { return RepoPath::Parse(p).value(); }

Package Pkg(std::string_view eco, std::string name, std::string version, std::string_view path,
            int line) {
  Package p = MakePackage(Eco(eco), std::move(name), std::move(version));
  p.path = Path(path);
  p.line = line;
  return p;
}

// Packages exercising every field the writer maps, hostile values included.
std::vector<Package> SamplePackages() {
  std::vector<Package> out;
  // npm: a scoped direct package with an edge, an integrity hash and an SPDX id.
  Package babel = Pkg("npm", "@babel/core", "7.24.0", "web/package-lock.json", 10);
  babel.relationship = Relationship::kDirect;
  babel.depends_on = {"lodash@4.17.21", "missing@1.0.0"};
  babel.hashes = {{"SHA-512", std::string(128, 'a')}};
  babel.licenses = {"MIT"};
  babel.source_url = "https://registry.npmjs.org/@babel/core/-/core-7.24.0.tgz";
  out.push_back(babel);
  Package lodash = Pkg("npm", "lodash", "4.17.21", "web/package-lock.json", 20);
  lodash.relationship = Relationship::kIndirect;
  lodash.hashes = {{"sha1", std::string(40, 'B')}, {"SHA-999", "00"}, {"SHA-256", "xyz"}};
  lodash.licenses = {"mit"};  // SPDX ids match case-insensitively
  out.push_back(lodash);
  // npm dev-only and optional packages, and one that is both.
  Package jest = Pkg("npm", "jest", "29.7.0", "web/package-lock.json", 30);
  jest.relationship = Relationship::kDirect;
  jest.dev = true;
  jest.groups = {"dev"};
  out.push_back(jest);
  Package fsevents = Pkg("npm", "fsevents", "2.3.3", "web/package-lock.json", 40);
  fsevents.relationship = Relationship::kDirect;
  fsevents.optional = true;
  fsevents.groups = {"optional"};
  out.push_back(fsevents);
  Package both = Pkg("npm", "chokidar", "3.6.0", "web/package-lock.json", 50);
  both.relationship = Relationship::kIndirect;
  both.dev = true;
  both.optional = true;
  both.groups = {"dev", "optional"};
  out.push_back(both);
  // Maven: group and artifact, an expression, a commit pinned git source.
  Package slf4j = Pkg("Maven", "org.slf4j:slf4j-api", "2.0.9", "svc/pom.xml", 33);
  slf4j.relationship = Relationship::kDirect;
  slf4j.licenses = {"(MIT OR Apache-2.0)"};
  slf4j.commit = "0123456789abcdef0123456789abcdef01234567";
  slf4j.source_url = "git+https://github.com/qos-ch/slf4j.git";
  out.push_back(slf4j);
  // PyPI: mixed-case name, unresolved range, several licenses one of which is an expression.
  Package django = Pkg("PyPI", "Django", "4.2.11", "requirements.txt", 1);
  django.hashes = {{"SHA-256", std::string(64, 'c')}};
  django.licenses = {"BSD-3-Clause", "MIT AND Python-2.0", "Some Custom License"};
  out.push_back(django);
  Package flask = Pkg("PyPI", "Flask", ">=2,<3", "requirements.txt", 2);
  flask.resolved = false;
  out.push_back(flask);
  Package nover = Pkg("PyPI", "requests", "", "requirements.txt", 3);
  nover.resolved = false;
  out.push_back(nover);
  // Go: mixed-case module path, +incompatible build metadata, unusable URLs.
  Package toml = Pkg("Go", "github.com/BurntSushi/toml", "v1.3.2", "go.mod", 5);
  toml.relationship = Relationship::kDirect;
  toml.source_url = "javascript:alert(1)";
  out.push_back(toml);
  Package docker = Pkg("Go", "github.com/docker/docker", "v20.10.7+incompatible", "go.mod", 6);
  docker.relationship = Relationship::kIndirect;
  docker.source_url = "https://example.com/a b";
  out.push_back(docker);
  // Cargo, with a dependency cycle and no relationship known: the root takes all of them.
  Package a = Pkg("crates.io", "cycle-a", "1.0.0", "Cargo.lock", 0);
  a.depends_on = {"cycle-b@1.0.0"};
  Package b = Pkg("crates.io", "cycle-b", "1.0.0", "Cargo.lock", 0);
  b.depends_on = {"cycle-a@1.0.0"};
  out.push_back(a);
  out.push_back(b);
  // The same purl in two manifests and twice in one: bom-refs must stay unique.
  out.push_back(Pkg("npm", "lodash", "4.17.21", "api/package-lock.json", 7));
  out.push_back(Pkg("npm", "lodash", "4.17.21", "api/package-lock.json", 8));
  // Hostile and unicode strings.
  Package hostile =
      Pkg("npm", "ünïcødé-\"quoted\"\\x", "1.0.0-\u202e", "web/package-lock.json", 60);
  hostile.licenses = {std::string("Bad\x1b[31m\xff\xfe License")};
  hostile.groups = {"</script><script>alert(1)</script>"};
  hostile.commit = "\u2028commit";
  out.push_back(hostile);
  return out;
}

SbomMeta Meta() { return SbomMeta{.root_name = "shop", .tool_version = "0.1.0"}; }

json Parse(const std::string& text) { return json::parse(text); }

const json* ComponentByPurl(const json& doc, std::string_view purl, size_t nth = 0) {
  for (const auto& c : doc["components"]) {
    if (c.value("purl", "") == purl && nth-- == 0) return &c;
  }
  return nullptr;
}

std::string Property(const json& component, std::string_view name);

// The component with `purl` declared in `manifest`.
const json* ComponentAt(const json& doc, std::string_view purl, std::string_view manifest) {
  for (const auto& c : doc["components"]) {
    if (c.value("purl", "") == purl && Property(c, "fledger:manifest") == manifest) return &c;
  }
  return nullptr;
}

std::string Property(const json& component, std::string_view name) {
  for (const auto& p : component.value("properties", json::array())) {
    if (p["name"] == name) return p["value"];
  }
  return "<absent>";
}

// Runs tests/sca/validate_cyclonedx.sh on `files` without a shell; its exit code.
int RunValidator(const std::vector<std::string>& files) {
  const std::string script = (SourceDir() / "tests/sca/validate_cyclonedx.sh").string();
  std::vector<char*> argv{const_cast<char*>(script.c_str())};
  for (const auto& f : files) argv.push_back(const_cast<char*>(f.c_str()));
  argv.push_back(nullptr);
  const pid_t pid = fork();
  if (pid == 0) {
    execv(script.c_str(), argv.data());
    _exit(127);
  }
  int status = 0;
  waitpid(pid, &status, 0);
  return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

TEST(CycloneDxWrite, ScopeGroupAndNamePerPackage) {
  const json doc = Parse(WriteCycloneDx(SamplePackages(), Meta()));
  struct Case {
    std::string purl;
    std::string group, name, version, scope;
  };
  const std::vector<Case> cases = {
      {"pkg:npm/%40babel/core@7.24.0", "@babel", "core", "7.24.0", "required"},
      {"pkg:npm/jest@29.7.0", "", "jest", "29.7.0", "excluded"},
      {"pkg:npm/fsevents@2.3.3", "", "fsevents", "2.3.3", "optional"},
      {"pkg:npm/chokidar@3.6.0", "", "chokidar", "3.6.0", "excluded"},
      {"pkg:maven/org.slf4j/slf4j-api@2.0.9", "org.slf4j", "slf4j-api", "2.0.9", "required"},
      {"pkg:pypi/django@4.2.11", "", "Django", "4.2.11", "required"},
      {"pkg:pypi/flask", "", "Flask", "", "required"},
      {"pkg:golang/github.com/burntsushi/toml@v1.3.2", "", "github.com/BurntSushi/toml", "v1.3.2",
       "required"},
      {"pkg:golang/github.com/docker/docker@v20.10.7%2Bincompatible", "",
       "github.com/docker/docker", "v20.10.7+incompatible", "required"},
  };
  for (const auto& c : cases) {
    const json* comp = ComponentByPurl(doc, c.purl);
    ASSERT_NE(comp, nullptr) << c.purl;
    EXPECT_EQ(comp->value("type", ""), "library") << c.purl;
    EXPECT_EQ(comp->value("group", ""), c.group) << c.purl;
    EXPECT_EQ(comp->value("name", ""), c.name) << c.purl;
    EXPECT_EQ(comp->value("version", ""), c.version) << c.purl;
    EXPECT_EQ(comp->value("scope", ""), c.scope) << c.purl;
  }
  EXPECT_EQ(Property(*ComponentByPurl(doc, "pkg:pypi/flask"), "fledger:unresolved"), ">=2,<3");
  EXPECT_EQ(Property(*ComponentByPurl(doc, "pkg:pypi/requests"), "fledger:unresolved"), "");
  EXPECT_EQ(Property(*ComponentByPurl(doc, "pkg:npm/chokidar@3.6.0"), "fledger:optional"), "true");
  EXPECT_EQ(Property(*ComponentByPurl(doc, "pkg:npm/%40babel/core@7.24.0"), "fledger:manifest"),
            "web/package-lock.json");
  EXPECT_EQ(Property(*ComponentByPurl(doc, "pkg:npm/%40babel/core@7.24.0"), "fledger:line"), "10");
  EXPECT_EQ(Property(*ComponentByPurl(doc, "pkg:cargo/cycle-a@1.0.0"), "fledger:line"), "<absent>");
}

TEST(CycloneDxWrite, HashesLicensesAndReferences) {
  const json doc = Parse(WriteCycloneDx(SamplePackages(), Meta()));
  const json& lodash = *ComponentAt(doc, "pkg:npm/lodash@4.17.21", "web/package-lock.json");
  // Canonical algorithm name and lowercase digest; unknown algorithm and bad digest left out.
  EXPECT_EQ(lodash["hashes"],
            json::parse(R"([{"alg":"SHA-1","content":")" + std::string(40, 'b') + R"("}])"));
  EXPECT_EQ(lodash["licenses"], json::parse(R"([{"license":{"id":"MIT"}}])"));
  const json& slf4j = *ComponentByPurl(doc, "pkg:maven/org.slf4j/slf4j-api@2.0.9");
  EXPECT_EQ(slf4j["licenses"], json::parse(R"j([{"expression":"(MIT OR Apache-2.0)"}])j"));
  EXPECT_EQ(slf4j["externalReferences"][0]["type"], "vcs");
  EXPECT_EQ(slf4j["externalReferences"][0]["url"], "git+https://github.com/qos-ch/slf4j.git");
  const json& django = *ComponentByPurl(doc, "pkg:pypi/django@4.2.11");
  EXPECT_EQ(django["licenses"], json::parse(R"([{"license":{"id":"BSD-3-Clause"}},
      {"license":{"name":"MIT AND Python-2.0"}},{"license":{"name":"Some Custom License"}}])"));
  const json& babel = *ComponentByPurl(doc, "pkg:npm/%40babel/core@7.24.0");
  EXPECT_EQ(babel["externalReferences"][0]["type"], "distribution");
  EXPECT_FALSE(ComponentByPurl(doc, "pkg:golang/github.com/burntsushi/toml@v1.3.2")
                   ->contains("externalReferences"));
  EXPECT_FALSE(ComponentByPurl(doc, "pkg:golang/github.com/docker/docker@v20.10.7%2Bincompatible")
                   ->contains("externalReferences"));
}

TEST(CycloneDxWrite, BomRefsUniqueAndGraphComplete) {
  const json doc = Parse(WriteCycloneDx(SamplePackages(), Meta()));
  std::set<std::string> refs{doc["metadata"]["component"]["bom-ref"]};
  for (const auto& c : doc["components"]) EXPECT_TRUE(refs.insert(c["bom-ref"]).second) << c;
  EXPECT_EQ(doc["components"].size(), SamplePackages().size());
  std::map<std::string, std::vector<std::string>> deps;
  for (const auto& d : doc["dependencies"]) {
    EXPECT_TRUE(refs.count(d["ref"])) << d;
    deps[d["ref"]] = d.value("dependsOn", std::vector<std::string>());
    for (const auto& t : deps[d["ref"]]) EXPECT_TRUE(refs.count(t)) << t;
  }
  EXPECT_EQ(deps.size(), refs.size());  // every component, and the root, is in the graph
  const std::string babel = ComponentByPurl(doc, "pkg:npm/%40babel/core@7.24.0")->at("bom-ref");
  // The edge to lodash resolves within the same manifest; "missing@1.0.0" names nothing.
  ASSERT_EQ(deps[babel].size(), 1u);
  EXPECT_EQ(deps[babel][0],
            ComponentAt(doc, "pkg:npm/lodash@4.17.21", "web/package-lock.json")->at("bom-ref"));
  // bom-refs: the purl, then the purl and the manifest path for later ones.
  EXPECT_EQ(deps[babel][0], "pkg:npm/lodash@4.17.21|web/package-lock.json");
  // The root: direct packages of manifests that say so, all top-level packages (here, a cycle:
  // both) of those that do not.
  std::set<std::string> root(deps["root-component"].begin(), deps["root-component"].end());
  for (std::string purl :
       {"pkg:npm/%40babel/core@7.24.0", "pkg:npm/jest@29.7.0", "pkg:npm/fsevents@2.3.3",
        "pkg:maven/org.slf4j/slf4j-api@2.0.9", "pkg:golang/github.com/burntsushi/toml@v1.3.2",
        "pkg:cargo/cycle-a@1.0.0", "pkg:cargo/cycle-b@1.0.0", "pkg:pypi/django@4.2.11"}) {
    EXPECT_TRUE(root.count(ComponentByPurl(doc, purl)->at("bom-ref"))) << purl;
  }
  for (std::string purl : {"pkg:npm/lodash@4.17.21", "pkg:npm/chokidar@3.6.0"}) {
    EXPECT_FALSE(root.count(ComponentAt(doc, purl, "web/package-lock.json")->at("bom-ref")))
        << purl;
  }
  // api/package-lock.json says nothing about relationships and has no edges: both top-level.
  EXPECT_TRUE(root.count("pkg:npm/lodash@4.17.21"));
  EXPECT_TRUE(root.count("pkg:npm/lodash@4.17.21|api/package-lock.json"));
}

TEST(CycloneDxWrite, DeterministicAndSerialFromContent) {
  std::vector<Package> packages = SamplePackages();
  const std::string first = WriteCycloneDx(packages, Meta());
  std::reverse(packages.begin(), packages.end());
  EXPECT_EQ(WriteCycloneDx(packages, Meta()), first);  // input order does not matter
  const json doc = Parse(first);
  EXPECT_FALSE(doc["metadata"].contains("timestamp"));
  const std::string serial = doc["serialNumber"];
  EXPECT_EQ(serial.substr(0, 9), "urn:uuid:");
  EXPECT_EQ(serial[23], '5');  // RFC 4122 version 5
  SbomMeta seeded = Meta();
  seeded.serial_seed = "another run";
  EXPECT_NE(Parse(WriteCycloneDx(packages, seeded))["serialNumber"], serial);
  packages.pop_back();
  EXPECT_NE(Parse(WriteCycloneDx(packages, Meta()))["serialNumber"], serial);
  struct Case {
    std::string timestamp;
    bool kept;
  };
  for (const Case& c : std::vector<Case>{{"2025-01-31T12:00:00Z", true},
                                         {"2025-01-31T12:00:00.123+02:00", true},
                                         {"2025-01-31 12:00", false},
                                         {"yesterday", false}}) {
    SbomMeta m = Meta();
    m.timestamp = c.timestamp;
    const json d = Parse(WriteCycloneDx({}, m));
    EXPECT_EQ(d["metadata"].contains("timestamp"), c.kept) << c.timestamp;
  }
}

TEST(CycloneDxWrite, StreamedBytesAreDumpJsonOfTheDocument) {
  // The writer streams; the layout and escaping must still be DumpJson's, hostile values too.
  const std::string out = WriteCycloneDx(SamplePackages(), Meta());
  EXPECT_EQ(DumpJson(nlohmann::ordered_json::parse(out)), out);
}

TEST(CycloneDxWrite, GoldenDocument) {
  EXPECT_EQ(testing::CompareGolden(SourceDir() / "tests/sca/testdata/sbom/sample.cdx.json",
                                   WriteCycloneDx(SamplePackages(), Meta())),
            "");
}

TEST(CycloneDxSchema, GeneratedDocumentsValidate) {
  TempDir dir;
  SbomMeta stamped = Meta();
  stamped.timestamp = "2025-01-31T12:00:00Z";
  std::vector<Package> one = {Pkg("npm", "left-pad", "1.3.0", "package-lock.json", 3)};
  const std::vector<std::string> files = {
      dir.Write("sample.json", WriteCycloneDx(SamplePackages(), stamped)).string(),
      dir.Write("empty.json", WriteCycloneDx({}, SbomMeta{})).string(),
      dir.Write("one.json", WriteCycloneDx(one, Meta())).string(),
  };
  EXPECT_EQ(RunValidator(files), 0);
  // The validator itself can fail: a component without a name is invalid.
  json broken = Parse(WriteCycloneDx(one, Meta()));
  broken["components"][0].erase("name");
  EXPECT_EQ(RunValidator({dir.Write("broken.json", broken.dump()).string()}), 1);
}

// --- reading ----------------------------------------------------------------------------------

// A package's identity across a round trip: what a purl and a manifest location say.
std::string Key(const Package& p) {
  return PackagePurl(p) + "|" + p.path.str() + ":" + std::to_string(p.line) + "|" + p.name;
}

std::set<std::string> Edges(const std::vector<Package>& packages) {
  std::map<std::pair<std::string, std::string>, std::string> key_of;
  for (const auto& p : packages) key_of.emplace(std::make_pair(p.path.str(), p.id), Key(p));
  std::set<std::string> out;
  for (const auto& p : packages) {
    for (const auto& d : p.depends_on) {
      auto it = key_of.find({p.path.str(), d});
      if (it != key_of.end()) out.insert(Key(p) + " -> " + it->second);
    }
  }
  return out;
}

TEST(CycloneDxRead, RoundTripKeepsPackagesAndEdges) {
  std::vector<Package> written = SamplePackages();
  written.pop_back();  // the hostile one loses invalid UTF-8 by design; tested below
  auto read = ReadCycloneDx(WriteCycloneDx(written, Meta()), "bom.json");
  ASSERT_TRUE(read.ok()) << read.error().ToString();
  EXPECT_TRUE(read.value().warnings.empty());
  std::map<std::string, const Package*> by_key;
  for (const auto& p : read.value().packages) by_key[Key(p)] = &p;
  ASSERT_EQ(by_key.size(), written.size());
  for (const Package& w : written) {
    SCOPED_TRACE(Key(w));
    ASSERT_TRUE(by_key.count(Key(w)));
    const Package& r = *by_key[Key(w)];
    EXPECT_EQ(r.ecosystem, w.ecosystem);
    EXPECT_EQ(r.name, w.name);
    EXPECT_EQ(r.version, w.version);
    EXPECT_EQ(r.resolved, w.resolved);
    EXPECT_EQ(r.relationship, w.relationship);
    EXPECT_EQ(r.dev, w.dev);
    EXPECT_EQ(r.optional, w.optional);
    EXPECT_EQ(r.groups, w.groups);
    EXPECT_EQ(r.path, w.path);
    EXPECT_EQ(r.line, w.line);
    EXPECT_EQ(r.commit, w.commit);
    // Only usable URLs, canonical hashes and SPDX spellings are written.
    const bool usable =
        w.source_url.starts_with("https://registry") || w.source_url.starts_with("git+https://");
    EXPECT_EQ(r.source_url, usable ? w.source_url : "");
    std::vector<std::string> hashes;
    for (const auto& h : r.hashes) hashes.push_back(h.algorithm + ":" + h.hex);
    std::vector<std::string> want_hashes;
    for (const auto& h : w.hashes) {
      if (h.hex.size() >= 40 && h.algorithm != "SHA-999") {
        want_hashes.push_back((h.algorithm == "sha1" ? "SHA-1" : h.algorithm) + ":" +
                              ToLower(h.hex));
      }
    }
    EXPECT_EQ(hashes, want_hashes);
    std::vector<std::string> licenses = w.licenses;
    for (auto& l : licenses) {
      if (l == "mit") l = "MIT";
    }
    EXPECT_EQ(r.licenses, licenses);
  }
  EXPECT_EQ(Edges(read.value().packages), Edges(written));
  EXPECT_FALSE(Edges(written).empty());
}

TEST(CycloneDxRead, HostileStringsSurviveAsText) {
  std::vector<Package> packages = SamplePackages();
  const Package hostile = packages.back();
  auto read = ReadCycloneDx(WriteCycloneDx(packages, Meta()), "bom.json");
  ASSERT_TRUE(read.ok()) << read.error().ToString();
  const Package* got = nullptr;
  for (const auto& p : read.value().packages) {
    if (p.name == hostile.name) got = &p;
  }
  ASSERT_NE(got, nullptr);
  EXPECT_EQ(got->version, hostile.version);
  EXPECT_EQ(got->groups, hostile.groups);
  EXPECT_EQ(got->commit, hostile.commit);
  // Invalid UTF-8 becomes U+FFFD (DumpJson), everything else is kept.
  EXPECT_EQ(got->licenses, std::vector<std::string>{"Bad\x1b[31m\uFFFD\uFFFD License"});
}

constexpr char kForeign[] = R"({
  "bomFormat": "CycloneDX", "specVersion": "1.4", "version": 1,
  "metadata": {"component": {"type": "application", "name": "app", "bom-ref": "app"}},
  "components": [
    {"type": "library", "name": "Django", "version": "4.2", "purl": "pkg:pypi/django@4.2",
     "bom-ref": "d", "hashes": [{"alg": "SHA-256", "content": "ABABABABABABABABABABABABABABABABABABABABABABABABABABABABABABABAB"}],
     "licenses": [{"license": {"id": "BSD-3-Clause"}}, {"license": {"name": "Custom"}}]},
    {"type": "library", "name": "sqlparse", "purl": "pkg:pypi/sqlparse@0.5.0", "bom-ref": "s",
     "scope": "optional",
     "components": [
       {"type": "library", "name": "inner", "purl": "pkg:npm/inner@1.0.0", "bom-ref": "i",
        "scope": "excluded", "externalReferences": [{"type": "vcs", "url": "https://x/y.git"}]}]},
    {"type": "file", "name": "README.md"},
    {"type": "library", "name": "thing", "purl": "pkg:unknowntype/thing@1"},
    {"type": "library", "name": "broken", "purl": "not a purl"},
    {"type": "library", "name": "x", "purl": "pkg:npm/x@1", "licenses": [{"expression": "MIT OR ISC"}]}
  ],
  "dependencies": [
    {"ref": "app", "dependsOn": ["d", "i"]},
    {"ref": "d", "dependsOn": ["s", "nowhere"]},
    {"ref": "s", "dependsOn": []}
  ]
})";

TEST(CycloneDxRead, ForeignSbom) {
  auto read = ReadCycloneDx(kForeign, "sbom.cdx.json");
  ASSERT_TRUE(read.ok()) << read.error().ToString();
  const Inventory& inv = read.value();
  ASSERT_EQ(inv.packages.size(), 4u);
  const Package& django = inv.packages[0];
  EXPECT_EQ(django.name, "Django");  // the component's spelling, same package as the purl's
  EXPECT_EQ(django.version, "4.2");
  EXPECT_EQ(django.relationship, Relationship::kDirect);
  EXPECT_EQ(django.depends_on, std::vector<std::string>{"sqlparse@0.5.0"});
  ASSERT_EQ(django.hashes.size(), 1u);
  EXPECT_EQ(django.hashes[0].algorithm, "SHA-256");
  EXPECT_EQ(django.hashes[0].hex,
            ToLower(std::string(kForeign).substr(std::string(kForeign).find("ABAB"), 64)));
  EXPECT_EQ(django.licenses, (std::vector<std::string>{"BSD-3-Clause", "Custom"}));
  const Package& sqlparse = inv.packages[1];
  EXPECT_EQ(sqlparse.version, "0.5.0");  // from the purl
  EXPECT_TRUE(sqlparse.optional);
  EXPECT_EQ(sqlparse.relationship, Relationship::kIndirect);
  const Package& inner = inv.packages[2];  // nested, in document order
  EXPECT_EQ(inner.ecosystem.osv_name(), "npm");
  EXPECT_TRUE(inner.dev);
  EXPECT_EQ(inner.source_url, "https://x/y.git");
  EXPECT_EQ(inner.relationship, Relationship::kDirect);
  EXPECT_EQ(inv.packages[3].licenses, std::vector<std::string>{"MIT OR ISC"});
  // Three components skipped, each with a warning naming it.
  ASSERT_EQ(inv.warnings.size(), 3u);
  EXPECT_NE(inv.warnings[0].find("components[2] 'README.md': no purl"), std::string::npos);
  EXPECT_NE(inv.warnings[1].find("'unknowntype' is not a known ecosystem"), std::string::npos);
  EXPECT_NE(inv.warnings[2].find("'broken': invalid purl"), std::string::npos);
}

TEST(CycloneDxRead, ErrorsNameFileAndStep) {
  std::string deep = R"({"bomFormat":"CycloneDX","specVersion":"1.6","components":[)";
  for (int i = 0; i < kMaxSbomComponentDepth + 1; ++i) {
    deep += R"({"type":"library","name":"n","components":[)";
  }
  for (int i = 0; i < kMaxSbomComponentDepth + 1; ++i) deep += "]}";
  deep += "]}";
  struct Case {
    std::string name, text;
    ValidationStep step;
    std::string message;
  };
  const std::vector<Case> cases = {
      {"syntax", R"({"bomFormat": "CycloneDX",)", ValidationStep::kSyntax, ""},
      {"empty", "", ValidationStep::kSyntax, ""},
      {"utf8", std::string("{\"bomFormat\":\"Cyclone\xff\"}"), ValidationStep::kLexical, ""},
      {"array", "[]", ValidationStep::kSemantics, "JSON object"},
      {"spdx", R"({"spdxVersion":"SPDX-2.3"})", ValidationStep::kSemantics, "bomFormat"},
      {"version", R"({"bomFormat":"CycloneDX","specVersion":"2.0"})", ValidationStep::kSemantics,
       "specVersion '2.0'"},
      {"old", R"({"bomFormat":"CycloneDX","specVersion":"1.1"})", ValidationStep::kSemantics,
       "1.2 to 1.6"},
      {"components", R"({"bomFormat":"CycloneDX","specVersion":"1.5","components":{}})",
       ValidationStep::kSemantics, "'components' must be an array"},
      {"dependencies", R"({"bomFormat":"CycloneDX","specVersion":"1.5","dependencies":1})",
       ValidationStep::kSemantics, "'dependencies' must be an array"},
      {"nesting", deep, ValidationStep::kSize, "nested deeper"},
      {"json-depth", std::string(200, '[') + std::string(200, ']'), ValidationStep::kSize, ""},
  };
  for (const auto& c : cases) {
    auto r = ReadCycloneDx(c.text, "in/bom.json");
    ASSERT_FALSE(r.ok()) << c.name;
    EXPECT_EQ(r.error().step, c.step) << c.name << ": " << r.error().ToString();
    EXPECT_NE(r.error().ToString().find("in/bom.json"), std::string::npos) << c.name;
    EXPECT_NE(r.error().message.find(c.message), std::string::npos)
        << c.name << ": " << r.error().ToString();
  }
}

TEST(CycloneDxRead, AcceptsEverySupportedSpecVersion) {
  for (std::string v : {"1.2", "1.3", "1.4", "1.5", "1.6"}) {
    auto r = ReadCycloneDx(
        R"({"bomFormat":"CycloneDX","specVersion":")" + v +
            R"(","components":[{"type":"library","name":"a","purl":"pkg:cargo/a@1"}]})",
        "bom.json");
    ASSERT_TRUE(r.ok()) << v;
    ASSERT_EQ(r.value().packages.size(), 1u);
    EXPECT_EQ(r.value().packages[0].ecosystem.osv_name(), "crates.io");
    EXPECT_EQ(r.value().packages[0].relationship, Relationship::kUnknown);  // no graph given
  }
}

TEST(CycloneDxRead, BoundsComponentCountAndWarnings) {
  std::string text = R"({"bomFormat":"CycloneDX","specVersion":"1.6","components":[)";
  for (size_t i = 0; i <= kMaxPackagesPerFile; ++i) text += i ? ",{}" : "{}";
  text += "]}";
  auto r = ReadCycloneDx(text, "big.json");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().step, ValidationStep::kSize);
  // Under the bound: every skipped component warns, but the list is capped.
  std::string many = R"({"bomFormat":"CycloneDX","specVersion":"1.6","components":[)";
  for (int i = 0; i < 500; ++i) many += i ? ",{\"name\":\"x\"}" : "{\"name\":\"x\"}";
  many += "]}";
  auto m = ReadCycloneDx(many, "many.json");
  ASSERT_TRUE(m.ok());
  ASSERT_EQ(m.value().warnings.size(), kMaxSbomWarnings + 1);
  EXPECT_EQ(m.value().warnings.back(), "... and 400 more warnings");
}

TEST(CycloneDxRead, DuplicateNameVersionGetsDistinctIds) {
  auto r = ReadCycloneDx(WriteCycloneDx({Pkg("npm", "a", "1.0.0", "x/package-lock.json", 1),
                                         Pkg("npm", "a", "1.0.0", "y/package-lock.json", 1)},
                                        Meta()),
                         "bom.json");
  ASSERT_TRUE(r.ok());
  ASSERT_EQ(r.value().packages.size(), 2u);
  EXPECT_NE(r.value().packages[0].id, r.value().packages[1].id);
}

}  // namespace
}  // namespace fledger::sca

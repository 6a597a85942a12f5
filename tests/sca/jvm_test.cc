// Unit tests for the JVM, .NET, Swift, R and Julia extractors: Maven interpolation and
// inheritance, NuGet edges, and hostile inputs (malformed, empty, huge, deep, entity bombs).
#include <gtest/gtest.h>

#include <map>
#include <string>

#include "sca/dotnet/dotnet.h"
#include "sca/java/java.h"
#include "sca/java/maven_properties.h"
#include "sca/julia/julia.h"
#include "sca/r/r.h"
#include "sca/swift/swift.h"

namespace fledger::sca {
namespace {

// Sibling files served from memory.
class MapReader : public FileReader {
 public:
  explicit MapReader(std::map<std::string, std::string> files) : files_(std::move(files)) {}
  Result<std::string> Read(const RepoPath& path) const override {
    const auto it = files_.find(path.str());
    if (it == files_.end()) return InputError(ValidationStep::kOrigin, path.str(), "not found");
    ++reads_;
    return it->second;
  }
  mutable int reads_ = 0;

 private:
  std::map<std::string, std::string> files_;
};

Result<Inventory> ExtractText(const Extractor& e, const std::string& path, const std::string& text,
                              const FileReader* reader = nullptr) {
  return e.Extract({.path = RepoPath::Parse(path).value(), .content = text, .reader = reader});
}

const Package* Find(const Inventory& inv, const std::string& name) {
  for (const auto& p : inv.packages) {
    if (p.name == name) return &p;
  }
  return nullptr;
}

std::string Pom(const std::string& inner) { return "<project>\n" + inner + "\n</project>\n"; }

std::string Dep(const std::string& g, const std::string& a, const std::string& v) {
  return "<dependency><groupId>" + g + "</groupId><artifactId>" + a + "</artifactId>" +
         (v.empty() ? "" : "<version>" + v + "</version>") + "</dependency>";
}

TEST(MavenInterpolation, Table) {
  const MavenProperties props = {
      {"a", "1"},
      {"b", "${a}.2"},
      {"c", "${b}.3"},
      {"loop1", "${loop2}"},
      {"loop2", "${loop1}"},
      {"self", "x${self}"},
      {"empty", ""},
  };
  struct Case {
    std::string text, value;
    bool complete;
  };
  const Case cases[] = {
      {"plain", "plain", true},
      {"${a}", "1", true},
      {"${c}", "1.2.3", true},              // nested twice
      {"v${a}-${b}", "v1-1.2", true},       // several references
      {"${missing}", "${missing}", false},  // unknown stays as written
      {"${loop1}", "${loop1}", false},      // a loop stops at once
      {"${self}", "x${self}", false},       // self reference
      {"${empty}x", "x", true},
      {"${unterminated", "${unterminated", true},
  };
  for (const auto& c : cases) {
    const Interpolated r = InterpolateMaven(c.text, props);
    EXPECT_EQ(r.value, c.value) << c.text;
    EXPECT_EQ(r.complete, c.complete) << c.text;
  }
}

TEST(MavenInterpolation, ExponentialExpansionIsBounded) {
  // p0 = "xx", p{n} = ${p{n-1}} twice: 2^40 bytes if expanded fully; and a wide fan-out of
  // references that expand to nothing, which never grows the output.
  MavenProperties props = {{"p0", "xx"}, {"e0", ""}};
  for (int i = 1; i <= 40; ++i) {
    props["p" + std::to_string(i)] =
        "${p" + std::to_string(i - 1) + "}${p" + std::to_string(i - 1) + "}";
    std::string wide;
    for (int k = 0; k < 50; ++k) wide += "${e" + std::to_string(i - 1) + "}";
    props["e" + std::to_string(i)] = wide;
  }
  const Interpolated big = InterpolateMaven("${p40}", props);
  EXPECT_FALSE(big.complete);
  EXPECT_LE(big.value.size(), kMaxMavenInterpolatedBytes);
  const Interpolated wide = InterpolateMaven("${e30}", props);
  EXPECT_FALSE(wide.complete);
}

TEST(PomXml, PropertiesNestedLoopAndBuiltIns) {
  const auto pom = NewPomXmlExtractor();
  const std::string text =
      Pom("<groupId>org.me</groupId><artifactId>app</artifactId><version>7.1</version>"
          "<properties><base>2</base><v>${base}.0</v><l1>${l2}</l1><l2>${l1}</l2></properties>"
          "<dependencies>" +
          Dep("a", "nested", "${v}") + Dep("a", "loop", "${l1}") +
          Dep("a", "own", "${project.version}") + Dep("${project.groupId}", "sibling", "1") +
          Dep("a", "range", "[1.0,2.0)") + "</dependencies>");
  const auto inv = ExtractText(*pom, "pom.xml", text);
  ASSERT_TRUE(inv.ok()) << inv.error().ToString();
  struct Want {
    std::string name, version;
    bool resolved;
  };
  const Want wants[] = {{"a:nested", "2.0", true},
                        {"a:loop", "${l1}", false},
                        {"a:own", "7.1", true},
                        {"org.me:sibling", "1", true},
                        {"a:range", "[1.0,2.0)", false}};
  for (const auto& w : wants) {
    const Package* p = Find(inv.value(), w.name);
    ASSERT_NE(p, nullptr) << w.name;
    EXPECT_EQ(p->version, w.version) << w.name;
    EXPECT_EQ(p->resolved, w.resolved) << w.name;
    EXPECT_EQ(p->relationship, Relationship::kDirect);
  }
}

TEST(PomXml, DependencyManagementAndScopes) {
  const auto pom = NewPomXmlExtractor();
  const std::string text =
      Pom("<properties><j>5.10.0</j></properties>"
          "<dependencyManagement><dependencies>" +
          Dep("org.junit", "junit-bom", "${j}") +
          "<dependency><groupId>x</groupId><artifactId>y</artifactId><version>3.1</version>"
          "<scope>test</scope></dependency>"
          "</dependencies></dependencyManagement><dependencies>" +
          Dep("org.junit", "junit-bom", "") + Dep("x", "y", "") + Dep("x", "unmanaged", "") +
          "<dependency><groupId>p</groupId><artifactId>q</artifactId><version>1</version>"
          "<scope>provided</scope><optional>true</optional></dependency></dependencies>");
  const auto inv = ExtractText(*pom, "pom.xml", text);
  ASSERT_TRUE(inv.ok()) << inv.error().ToString();
  EXPECT_EQ(Find(inv.value(), "org.junit:junit-bom")->version, "5.10.0");
  const Package* y = Find(inv.value(), "x:y");
  EXPECT_EQ(y->version, "3.1");
  EXPECT_TRUE(y->dev);  // scope from dependencyManagement
  EXPECT_EQ(y->groups, std::vector<std::string>{"test"});
  const Package* unmanaged = Find(inv.value(), "x:unmanaged");
  EXPECT_FALSE(unmanaged->resolved);
  EXPECT_EQ(unmanaged->version, "");
  const Package* q = Find(inv.value(), "p:q");
  EXPECT_EQ(q->groups, std::vector<std::string>{"provided"});
  EXPECT_FALSE(q->dev);
  EXPECT_TRUE(q->optional);
  EXPECT_EQ(inv.value().packages.size(), 4u);
}

std::string ParentRef(const std::string& artifact, const std::string& rel) {
  return "<parent><groupId>g</groupId><artifactId>" + artifact +
         "</artifactId><version>1</version>" +
         (rel == "-" ? "" : "<relativePath>" + rel + "</relativePath>") + "</parent>";
}

TEST(PomXml, ParentPropertiesManagementAndDependencies) {
  const auto pom = NewPomXmlExtractor();
  MapReader reader({{"pom.xml", Pom("<groupId>g</groupId><artifactId>root</artifactId>"
                                    "<version>9</version><properties><v>4.2</v></properties>"
                                    "<dependencyManagement><dependencies>" +
                                    Dep("m", "managed", "${v}") +
                                    "</dependencies></dependencyManagement><dependencies>" +
                                    Dep("i", "inherited", "1") + "</dependencies>")}});
  const std::string child =
      Pom("<artifactId>child</artifactId>\n" + ParentRef("root", "-") + "\n<dependencies>" +
          Dep("m", "managed", "") + Dep("c", "own", "${project.version}") + "</dependencies>");
  const auto inv = ExtractText(*pom, "mod/pom.xml", child, &reader);
  ASSERT_TRUE(inv.ok()) << inv.error().ToString();
  EXPECT_EQ(Find(inv.value(), "m:managed")->version, "4.2");
  EXPECT_EQ(Find(inv.value(), "c:own")->version, "1");  // project.version inherits the parent's
  const Package* inherited = Find(inv.value(), "i:inherited");
  ASSERT_NE(inherited, nullptr);
  EXPECT_EQ(inherited->line, 3);  // the <parent> line of the child
}

TEST(PomXml, ParentChainIsBoundedAndLoopsStop) {
  const auto pom = NewPomXmlExtractor();
  // p0 -> p1 -> ... -> p29, each in its own directory one level down.
  std::map<std::string, std::string> files;
  std::string dir;
  for (int i = 0; i < 30; ++i) {
    dir += "d/";
    files[dir + "pom.xml"] =
        Pom("<groupId>g</groupId><artifactId>p" + std::to_string(i) + "</artifactId>" +
            ParentRef("p" + std::to_string(i + 1), "d/pom.xml") + "<dependencies>" +
            Dep("g", "dep" + std::to_string(i), "1") + "</dependencies>");
  }
  MapReader reader(files);
  const auto inv = ExtractText(*pom, "pom.xml", Pom(ParentRef("p0", "d/pom.xml")), &reader);
  ASSERT_TRUE(inv.ok());
  EXPECT_LE(reader.reads_, 10);
  EXPECT_LT(inv.value().packages.size(), 30u);
  bool warned = false;
  for (const auto& w : inv.value().warnings) warned = warned || w.find("chain") != w.npos;
  EXPECT_TRUE(warned);

  // A pom naming itself as parent: read at most once.
  MapReader self({{"pom.xml", Pom("<groupId>g</groupId><artifactId>a</artifactId>" +
                                  ParentRef("a", "pom.xml"))}});
  const auto loop = ExtractText(
      *pom, "pom.xml",
      Pom("<groupId>g</groupId><artifactId>a</artifactId>" + ParentRef("a", "pom.xml")), &self);
  ASSERT_TRUE(loop.ok());
  EXPECT_EQ(self.reads_, 0);
}

TEST(PomXml, ParentOutsideRootOrOfAnotherProjectIsNotUsed) {
  const auto pom = NewPomXmlExtractor();
  MapReader reader({{"pom.xml", Pom("<groupId>other</groupId><artifactId>root</artifactId>"
                                    "<dependencies>" +
                                    Dep("x", "x", "1") + "</dependencies>")}});
  const auto wrong = ExtractText(*pom, "a/pom.xml", Pom(ParentRef("root", "-")), &reader);
  ASSERT_TRUE(wrong.ok());
  EXPECT_TRUE(wrong.value().packages.empty());
  const auto outside =
      ExtractText(*pom, "pom.xml", Pom(ParentRef("root", "../../etc/pom.xml")), &reader);
  ASSERT_TRUE(outside.ok());
  EXPECT_EQ(reader.reads_, 1);
}

TEST(NuGetLock, EdgesUseResolvedVersionsAndProjectsAreMarked) {
  const auto lock = NewPackagesLockJsonExtractor();
  const std::string text = R"json({"version": 1, "dependencies": {
    "net6.0": {
      "A": {"type": "Direct", "requested": "[1.0.0, )", "resolved": "1.0.0",
            "dependencies": {"B": "2.0.0", "Missing": "1.0.0"}},
      "B": {"type": "Transitive", "resolved": "2.1.0", "dependencies": {"C": "1.0"}},
      "C": {"type": "Transitive", "resolved": "1.5.0"},
      "MyLib": {"type": "Project", "dependencies": {"A": "[1.0.0, )"}}},
    "net8.0": {
      "B": {"type": "Direct", "requested": "[2.1.0, )", "resolved": "2.1.0"}}}})json";
  const auto inv = ExtractText(*lock, "packages.lock.json", text);
  ASSERT_TRUE(inv.ok()) << inv.error().ToString();
  ASSERT_EQ(inv.value().packages.size(), 4u);
  const Package* a = Find(inv.value(), "A");
  EXPECT_EQ(a->depends_on, std::vector<std::string>{"B@2.1.0"});
  EXPECT_EQ(Find(inv.value(), "B")->depends_on, std::vector<std::string>{"C@1.5.0"});
  EXPECT_EQ(Find(inv.value(), "B")->relationship, Relationship::kDirect);  // direct in net8.0
  EXPECT_EQ(Find(inv.value(), "C")->relationship, Relationship::kIndirect);
  // The project reference is the solution's own project: no version, its edges resolved.
  const Package* lib = Find(inv.value(), "MyLib");
  ASSERT_NE(lib, nullptr);
  EXPECT_TRUE(lib->project);
  EXPECT_EQ(lib->version, "");
  EXPECT_EQ(lib->depends_on, std::vector<std::string>{"A@1.0.0"});
  EXPECT_FALSE(a->project);
}

struct BadCase {
  const char* what;
  std::unique_ptr<Extractor> (*make)();
  std::string path;
  std::string text;
  ValidationStep step;
};

TEST(JvmBadInput, ErrorsNameFileAndStep) {
  std::string deep_xml = "<project>";
  for (int i = 0; i < 300; ++i) deep_xml += "<a>";
  for (int i = 0; i < 300; ++i) deep_xml += "</a>";
  deep_xml += "</project>";
  const std::string deep_json = std::string(200, '[') + std::string(200, ']');
  const std::string huge(kMaxManifestBytes + 1, ' ');
  const BadCase cases[] = {
      {"malformed pom", NewPomXmlExtractor, "x/pom.xml", "<project><dependencies>",
       ValidationStep::kSyntax},
      {"empty pom", NewPomXmlExtractor, "x/pom.xml", "", ValidationStep::kSyntax},
      {"not a pom", NewPomXmlExtractor, "x/pom.xml", "<html/>", ValidationStep::kSemantics},
      {"deep pom", NewPomXmlExtractor, "x/pom.xml", deep_xml, ValidationStep::kSize},
      {"huge pom", NewPomXmlExtractor, "x/pom.xml", huge, ValidationStep::kSize},
      {"huge gradle lock", NewGradleLockfileExtractor, "x/gradle.lockfile", huge,
       ValidationStep::kSize},
      {"malformed config", NewPackagesConfigExtractor, "x/packages.config", "<packages><package",
       ValidationStep::kSyntax},
      {"malformed lock", NewPackagesLockJsonExtractor, "x/packages.lock.json", "{\"version\": 1,",
       ValidationStep::kSyntax},
      {"deep lock", NewPackagesLockJsonExtractor, "x/packages.lock.json", deep_json,
       ValidationStep::kSize},
      {"empty deps.json", NewDepsJsonExtractor, "x/a.deps.json", "", ValidationStep::kSyntax},
      {"props without Project", NewDirectoryPackagesPropsExtractor, "x/Directory.Packages.props",
       "<ItemGroup/>", ValidationStep::kSemantics},
      {"empty Podfile.lock", NewPodfileLockExtractor, "x/Podfile.lock", "",
       ValidationStep::kSemantics},
      {"malformed Package.resolved", NewPackageResolvedExtractor, "x/Package.resolved", "{pins",
       ValidationStep::kSyntax},
      {"renv.lock array", NewRenvLockExtractor, "x/renv.lock", "[]", ValidationStep::kSemantics},
      {"malformed manifest", NewManifestTomlExtractor, "x/Manifest.toml", "[[deps.A]\n",
       ValidationStep::kSyntax},
      {"manifest with unknown dep", NewManifestTomlExtractor, "x/Manifest.toml",
       "[[A]]\nuuid = \"1\"\ndeps = [\"B\"]\n", ValidationStep::kSemantics},
  };
  for (const auto& c : cases) {
    const auto e = c.make();
    const auto got = ExtractText(*e, c.path, c.text);
    ASSERT_FALSE(got.ok()) << c.what;
    EXPECT_EQ(got.error().step, c.step) << c.what << ": " << got.error().ToString();
    EXPECT_NE(got.error().context.find(c.path), std::string::npos) << c.what;
  }
}

TEST(JvmBadInput, EntityBombIsNotExpanded) {
  // The billion-laughs shape: pugixml does not read the DTD, so &lol9; is never expanded and the
  // document stays small (or is rejected); it must not blow up either way.
  std::string bomb = "<?xml version=\"1.0\"?>\n<!DOCTYPE project [\n<!ENTITY lol \"lol\">\n";
  for (int i = 1; i <= 9; ++i) {
    bomb += "<!ENTITY lol" + std::to_string(i) + " \"";
    for (int k = 0; k < 10; ++k)
      bomb += "&lol" + (i == 1 ? std::string() : std::to_string(i - 1)) + ";";
    bomb += "\">\n";
  }
  bomb += "]>\n" + Pom("<dependencies>" + Dep("g", "a", "&lol9;") + "</dependencies>");
  const auto pom = NewPomXmlExtractor();
  const auto got = ExtractText(*pom, "pom.xml", bomb);
  if (got.ok()) {
    for (const auto& p : got.value().packages) EXPECT_LT(p.version.size(), 100u);
  }
  const auto props = NewPackagesConfigExtractor();
  const auto got2 = ExtractText(*props, "packages.config",
                                "<!DOCTYPE p [<!ENTITY x SYSTEM \"file:///etc/passwd\">]>"
                                "<packages><package id=\"&x;\" version=\"1\"/></packages>");
  if (got2.ok()) {
    for (const auto& p : got2.value().packages) EXPECT_EQ(p.name.find("root:"), std::string::npos);
  }
}

TEST(JvmFileRequired, Table) {
  struct Case {
    std::unique_ptr<Extractor> (*make)();
    const char* path;
    bool want;
  };
  const Case cases[] = {
      {NewPomXmlExtractor, "a/pom.xml", true},
      {NewPomXmlExtractor, "a/pom.xml.bak", false},
      {NewGradleLockfileExtractor, "gradle.lockfile", true},
      {NewGradleLockfileExtractor, "buildscript-gradle.lockfile", true},
      {NewGradleLockfileExtractor, "gradle/dependency-locks/compileClasspath.lockfile", true},
      {NewGradleLockfileExtractor, "other/x.lockfile", false},
      {NewGradleVerificationMetadataExtractor, "gradle/verification-metadata.xml", true},
      {NewGradleVerificationMetadataExtractor, "verification-metadata.xml", false},
      {NewSbtLockfileExtractor, "build.sbt.lock", true},
      {NewPackagesLockJsonExtractor, "src/App/packages.lock.json", true},
      {NewPackagesConfigExtractor, "packages.config", true},
      {NewDepsJsonExtractor, "bin/App.deps.json", true},
      {NewDepsJsonExtractor, "deps.json.txt", false},
      {NewDirectoryPackagesPropsExtractor, "Directory.Packages.props", true},
      {NewDirectoryPackagesPropsExtractor, "build/Shared.packages.props", true},
      {NewPodfileLockExtractor, "ios/Podfile.lock", true},
      {NewPackageResolvedExtractor, "App.xcworkspace/xcshareddata/swiftpm/Package.resolved", true},
      {NewRenvLockExtractor, "renv.lock", true},
      {NewManifestTomlExtractor, "Manifest.toml", true},
      {NewManifestTomlExtractor, "Project.toml", false},
  };
  for (const auto& c : cases) {
    EXPECT_EQ(c.make()->FileRequired(RepoPath::Parse(c.path).value()), c.want) << c.path;
  }
}

TEST(SwiftAndRAndJulia, EdgesAndIds) {
  const auto pods = NewPodfileLockExtractor();
  const auto p =
      ExtractText(*pods, "Podfile.lock",
                  "PODS:\n  - A (1.0):\n    - B (= 2.0)\n  - B (2.0)\nDEPENDENCIES:\n  - A\n");
  ASSERT_TRUE(p.ok()) << p.error().ToString();
  EXPECT_EQ(Find(p.value(), "A")->depends_on, std::vector<std::string>{"B@2.0"});
  EXPECT_EQ(Find(p.value(), "A")->relationship, Relationship::kDirect);
  EXPECT_EQ(Find(p.value(), "B")->relationship, Relationship::kIndirect);

  const auto julia = NewManifestTomlExtractor();
  const auto j =
      ExtractText(*julia, "Manifest.toml",
                  "julia_version = \"1.10.0\"\nmanifest_format = \"2.0\"\n"
                  "[[deps.A]]\nuuid = \"u-a\"\nversion = \"0.1.0\"\ngit-tree-sha1 = \"ab\"\n"
                  "deps = [\"Dates\"]\n[[deps.Dates]]\nuuid = \"u-d\"\n");
  ASSERT_TRUE(j.ok()) << j.error().ToString();
  EXPECT_EQ(Find(j.value(), "A")->depends_on, std::vector<std::string>{"u-d"});
  EXPECT_EQ(Find(j.value(), "Dates")->version, "1.10.0");  // a stdlib takes julia_version
  EXPECT_EQ(Find(j.value(), "A")->line, 3);
}

}  // namespace
}  // namespace fledger::sca

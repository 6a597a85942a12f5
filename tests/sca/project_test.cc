// The project's own lockfile entries (Package::project): each format that records the project or
// its workspace members reports them as projects with edges, and the scan keeps them apart from
// the dependencies and makes what they require direct.
#include <gtest/gtest.h>

#include <algorithm>
#include <map>
#include <string>
#include <vector>

#include "sca/extractor.h"
#include "sca/scan.h"
#include "test_util.h"

namespace fledger::sca {
namespace {

constexpr char kDepsJson[] = R"json({
  "runtimeTarget": {"name": ".NETCoreApp,Version=v8.0"},
  "targets": {".NETCoreApp,Version=v8.0": {
    "Web/1.0.0": {"dependencies": {"Api": "1.0.0", "Newtonsoft.Json": "13.0.3"},
                  "runtime": {"Web.dll": {}}},
    "Api/1.0.0": {"dependencies": {"Serilog": "3.1.1"}, "runtime": {"Api.dll": {}}},
    "Newtonsoft.Json/13.0.3": {"runtime": {"lib/Newtonsoft.Json.dll": {}}},
    "Serilog/3.1.1": {"runtime": {"lib/Serilog.dll": {}}}}},
  "libraries": {
    "Web/1.0.0": {"type": "project", "serviceable": false, "sha512": ""},
    "Api/1.0.0": {"type": "project", "serviceable": false, "sha512": ""},
    "Newtonsoft.Json/13.0.3": {"type": "package", "serviceable": true},
    "Serilog/3.1.1": {"type": "package", "serviceable": true}}})json";

constexpr char kUvLock[] = R"(version = 1
requires-python = ">=3.12"

[[package]]
name = "app"
version = "0.1.0"
source = { editable = "." }
dependencies = [{ name = "requests" }]

[[package]]
name = "requests"
version = "2.32.3"
source = { registry = "https://pypi.org/simple" }
dependencies = [{ name = "idna" }]

[[package]]
name = "idna"
version = "3.10"
source = { registry = "https://pypi.org/simple" }
)";

// Cargo records no relationships: the scan driver makes the root crate's requirements direct.
constexpr char kCargoLock[] = R"(version = 3

[[package]]
name = "cli"
version = "0.1.0"
dependencies = [
 "serde",
]

[[package]]
name = "serde"
version = "1.0.200"
source = "registry+https://github.com/rust-lang/crates.io-index"
dependencies = [
 "serde_derive",
]

[[package]]
name = "serde_derive"
version = "1.0.200"
source = "registry+https://github.com/rust-lang/crates.io-index"
)";

constexpr char kGemfileLock[] =
    "PATH\n"
    "  remote: .\n"
    "  specs:\n"
    "    mygem (0.3.0)\n"
    "      rack (~> 2.0)\n"
    "\n"
    "GEM\n"
    "  remote: https://rubygems.org/\n"
    "  specs:\n"
    "    rack (2.2.3)\n"
    "    rake (13.0.6)\n"
    "\n"
    "DEPENDENCIES\n"
    "  mygem!\n"
    "  rake\n";

constexpr char kGoMod[] =
    "module example.com/app\n\ngo 1.22\n\nrequire (\n\tgithub.com/a/b v1.2.3\n"
    "\tgithub.com/c/d v0.1.0 // indirect\n)\n";

constexpr char kPylock[] = R"(lock-version = "1.0"
created-by = "pip"

[[packages]]
name = "svc"
directory = { path = ".", editable = true }
dependencies = [{ name = "attrs" }]

[[packages]]
name = "attrs"
version = "24.2.0"
index = "https://pypi.org/simple"
)";

constexpr char kConanLock[] = R"({"graph_lock": {"nodes": {
  "0": {"ref": "app/1.0", "path": "conanfile.py", "requires": ["1"]},
  "1": {"ref": "zlib/1.2.13"}}}, "version": "0.4"})";

constexpr char kVcpkg[] = R"({"name": "hello", "version": "0.1.0", "dependencies": ["fmt"]})";

constexpr char kPipfileLock[] = R"({"_meta": {}, "default": {
  "svc": {"editable": true, "path": "."},
  "six": {"version": "==1.16.0"}}, "develop": {}})";

struct ProjectCase {
  const char* extractor;
  const char* file;
  const char* text;
  const char* name;     // the project entry
  const char* version;  // as recorded ("" when the format records none)
  std::vector<std::string> depends_on;
};

class ProjectEntries : public ::testing::TestWithParam<ProjectCase> {};

TEST_P(ProjectEntries, AreProjectsWithTheirEdges) {
  const ProjectCase& c = GetParam();
  const Extractor* e = FindExtractor(c.extractor);
  ASSERT_NE(e, nullptr) << c.extractor;
  const auto inv =
      e->Extract({.path = RepoPath::Parse(c.file).value(), .content = c.text, .reader = nullptr});
  ASSERT_TRUE(inv.ok()) << inv.error().ToString();
  int projects = 0, dependencies = 0;
  for (const auto& p : inv.value().packages) {
    if (!p.project) {
      ++dependencies;
      continue;
    }
    ++projects;
    EXPECT_EQ(p.name, c.name);
    EXPECT_EQ(p.version, c.version);
    EXPECT_EQ(p.depends_on, c.depends_on);
  }
  EXPECT_EQ(projects, 1) << c.extractor;
  EXPECT_GT(dependencies, 0) << c.extractor;
}

INSTANTIATE_TEST_SUITE_P(
    Formats, ProjectEntries,
    ::testing::Values(
        ProjectCase{"python/uvlock", "uv.lock", kUvLock, "app", "0.1.0", {"requests@2.32.3"}},
        ProjectCase{"rust/cargolock", "Cargo.lock", kCargoLock, "cli", "0.1.0", {"serde@1.0.200"}},
        ProjectCase{
            "ruby/gemfilelock", "Gemfile.lock", kGemfileLock, "mygem", "0.3.0", {"rack@2.2.3"}},
        ProjectCase{"go/gomod",
                    "go.mod",
                    kGoMod,
                    "example.com/app",
                    "",
                    {"github.com/a/b@1.2.3", "stdlib@1.22"}},
        ProjectCase{"python/pylock", "pylock.toml", kPylock, "svc", "", {"attrs@24.2.0"}},
        ProjectCase{"cpp/conanlock", "conan.lock", kConanLock, "app", "1.0", {"zlib@1.2.13"}},
        ProjectCase{"cpp/vcpkgjson", "vcpkg.json", kVcpkg, "hello", "0.1.0", {"fmt@"}},
        ProjectCase{"python/pipfilelock", "Pipfile.lock", kPipfileLock, "svc", "", {}}),
    [](const auto& info) {
      std::string n = info.param.extractor;
      std::replace(n.begin(), n.end(), '/', '_');
      return n;
    });

// deps.json: every `type: project` library is a project (the application and the projects it
// references), with its edges, even one requiring another project.
TEST(ProjectEntriesDepsJson, ApplicationAndReferencedProjects) {
  const Extractor* e = FindExtractor("dotnet/depsjson");
  ASSERT_NE(e, nullptr);
  const auto inv = e->Extract(
      {.path = RepoPath::Parse("Web.deps.json").value(), .content = kDepsJson, .reader = nullptr});
  ASSERT_TRUE(inv.ok()) << inv.error().ToString();
  std::map<std::string, const Package*> by_name;
  for (const auto& p : inv.value().packages) by_name[p.name] = &p;
  ASSERT_EQ(by_name.size(), 4u);
  EXPECT_TRUE(by_name["Web"]->project);
  EXPECT_TRUE(by_name["Api"]->project);
  EXPECT_EQ(by_name["Web"]->version, "1.0.0");
  EXPECT_EQ(by_name["Web"]->depends_on,
            (std::vector<std::string>{"Api@1.0.0", "Newtonsoft.Json@13.0.3"}));
  EXPECT_EQ(by_name["Api"]->depends_on, std::vector<std::string>{"Serilog@3.1.1"});
  EXPECT_FALSE(by_name["Newtonsoft.Json"]->project);
  EXPECT_FALSE(by_name["Serilog"]->project);
}

// A Cargo path crate that another crate requires may be vendored third-party code: it stays a
// dependency; only a local crate nothing requires is a workspace member.
TEST(ProjectEntriesCargo, RequiredLocalCrateStaysADependency) {
  constexpr char kLock[] = R"(version = 3

[[package]]
name = "app"
version = "0.1.0"
dependencies = ["patched"]

[[package]]
name = "patched"
version = "2.0.0"
)";
  const auto inv =
      FindExtractor("rust/cargolock")
          ->Extract(
              {.path = RepoPath::Parse("Cargo.lock").value(), .content = kLock, .reader = nullptr});
  ASSERT_TRUE(inv.ok()) << inv.error().ToString();
  ASSERT_EQ(inv.value().packages.size(), 2u);
  for (const auto& p : inv.value().packages) EXPECT_EQ(p.project, p.name == "app") << p.name;
}

const Package* Named(const std::vector<Package>& packages, std::string_view name) {
  for (const auto& p : packages) {
    if (p.name == name) return &p;
  }
  return nullptr;
}

// The scan driver: projects go to DependencyScan::projects, never to packages, and what they
// require is direct (here also for Cargo, whose lockfile records no relationships).
TEST(ProjectScan, ProjectsAreKeptApartAndTheirRequirementsDirect) {
  fledger::testing::TempDir dir;
  dir.Write("dotnet/Web.deps.json", kDepsJson);
  dir.Write("py/uv.lock", kUvLock);
  dir.Write("rs/Cargo.lock", kCargoLock);
  const auto scan = ScanDependencies(dir.path(), ScanOptions{.jobs = 1});
  ASSERT_TRUE(scan.ok()) << scan.error().ToString();
  const DependencyScan& s = scan.value();
  EXPECT_FALSE(s.partial());

  std::vector<std::string> project_names;
  for (const auto& p : s.projects) {
    EXPECT_TRUE(p.project);
    project_names.push_back(p.name);
  }
  std::sort(project_names.begin(), project_names.end());
  EXPECT_EQ(project_names, (std::vector<std::string>{"Api", "Web", "app", "cli"}));
  for (const auto& p : s.packages) EXPECT_FALSE(p.project) << p.name;
  for (const char* name : {"Api", "Web", "app", "cli"}) {
    EXPECT_EQ(Named(s.packages, name), nullptr) << name;
  }
  // Each project keeps its manifest's path.
  EXPECT_EQ(Named(s.projects, "app")->path.str(), "py/uv.lock");
  EXPECT_EQ(Named(s.projects, "cli")->path.str(), "rs/Cargo.lock");

  struct Want {
    const char* name;
    Relationship relationship;
  };
  for (const auto& w :
       {Want{"Newtonsoft.Json", Relationship::kDirect},
        Want{"Serilog", Relationship::kDirect},  // required by project Api
        Want{"requests", Relationship::kDirect}, Want{"idna", Relationship::kIndirect},
        Want{"serde", Relationship::kDirect}, Want{"serde_derive", Relationship::kUnknown}}) {
    const Package* p = Named(s.packages, w.name);
    ASSERT_NE(p, nullptr) << w.name;
    EXPECT_EQ(p->relationship, w.relationship) << w.name;
  }
  // The manifest counts are dependencies only.
  for (const auto& m : s.manifests) {
    if (m.path.str() == "rs/Cargo.lock") {
      EXPECT_EQ(m.packages, 2u);
    }
  }
}

}  // namespace
}  // namespace fledger::sca

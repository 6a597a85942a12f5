// Unit tests for the Python extractors: includes, hashes, markers, continuations, edges, dev
// groups, and bad input (malformed, empty, huge, deeply nested).
#include "sca/python/python.h"

#include <gtest/gtest.h>

#include <map>
#include <string>

#include "sca/extractor.h"
#include "sca/python/pep508.h"

namespace fledger::sca::python {
namespace {

// A FileReader over an in-memory map of repo paths to text.
class MapReader : public FileReader {
 public:
  explicit MapReader(std::map<std::string, std::string> files) : files_(std::move(files)) {}
  Result<std::string> Read(const RepoPath& path) const override {
    const auto it = files_.find(path.str());
    if (it == files_.end()) {
      return InputError(ValidationStep::kOrigin, path.str(), "no such file");
    }
    return it->second;
  }

 private:
  std::map<std::string, std::string> files_;
};

Result<Inventory> Extract1(const Extractor& e, const std::string& path, const std::string& text,
                           const FileReader* reader = nullptr) {
  return e.Extract({.path = RepoPath::Parse(path).value(), .content = text, .reader = reader});
}

const Package* Find(const Inventory& inv, std::string_view name) {
  for (const auto& p : inv.packages) {
    if (p.name == name) return &p;
  }
  return nullptr;
}

bool HasWarning(const Inventory& inv, std::string_view needle) {
  for (const auto& w : inv.warnings) {
    if (w.find(needle) != std::string::npos) return true;
  }
  return false;
}

// ---- requirements.txt ----

TEST(PythonRequirements, SpecifiersMarkersExtrasAndHashes) {
  struct Case {
    std::string line;
    std::string name;
    std::string version;
    bool resolved;
    size_t hashes;
  };
  const Case cases[] = {
      {"Django==4.2.1", "Django", "4.2.1", true, 0},
      {"yolo===1.0-custom", "yolo", "1.0-custom", true, 0},
      {"requests[security,socks] >= 2.8.1, == 2.8.* ; python_version < \"2.7\"", "requests",
       ">= 2.8.1, == 2.8.*", false, 0},
      {"flask", "flask", "", false, 0},
      {"numpy==1.26.0; sys_platform == 'win32'", "numpy", "1.26.0", true, 0},
      {"pkg==1.0 --hash=sha256:ABCDEF --hash sha512:0123", "pkg", "1.0", true, 2},
      {"pkg==1.0#trailing", "pkg", "1.0", true, 0},
      {"qwert==${VERSION}", "qwert", "==${VERSION}", false, 0},
  };
  const auto e = NewRequirementsExtractor();
  for (const auto& c : cases) {
    auto inv = Extract1(*e, "requirements.txt", c.line + "\n");
    ASSERT_TRUE(inv.ok()) << c.line;
    ASSERT_EQ(inv.value().packages.size(), 1u) << c.line;
    const Package& p = inv.value().packages[0];
    EXPECT_EQ(p.name, c.name) << c.line;
    EXPECT_EQ(p.version, c.version) << c.line;
    EXPECT_EQ(p.resolved, c.resolved) << c.line;
    EXPECT_EQ(p.hashes.size(), c.hashes) << c.line;
    EXPECT_EQ(p.line, 1) << c.line;
  }
}

TEST(PythonRequirements, HashIsNormalized) {
  const auto e = NewRequirementsExtractor();
  auto inv = Extract1(*e, "requirements.txt", "a==1 --hash=sha256:ABCdef01\n");
  ASSERT_TRUE(inv.ok());
  ASSERT_EQ(inv.value().packages[0].hashes.size(), 1u);
  EXPECT_EQ(inv.value().packages[0].hashes[0].algorithm, "SHA-256");
  EXPECT_EQ(inv.value().packages[0].hashes[0].hex, "abcdef01");
}

TEST(PythonRequirements, ContinuationsKeepTheFirstLine) {
  const auto e = NewRequirementsExtractor();
  auto inv =
      Extract1(*e, "requirements.txt",
               "# top\n\nalpha \\\n  ==1.0 \\\n  --hash=sha256:aa\nbeta==2.0\ngamma==3 \\\n");
  ASSERT_TRUE(inv.ok());
  ASSERT_EQ(inv.value().packages.size(), 3u);
  EXPECT_EQ(Find(inv.value(), "alpha")->line, 3);
  EXPECT_EQ(Find(inv.value(), "alpha")->version, "1.0");
  EXPECT_EQ(Find(inv.value(), "alpha")->hashes.size(), 1u);
  EXPECT_EQ(Find(inv.value(), "beta")->line, 6);
  EXPECT_EQ(Find(inv.value(), "gamma")->line, 7);
}

TEST(PythonRequirements, SkippedLinesAreWarnings) {
  const auto e = NewRequirementsExtractor();
  auto inv = Extract1(*e, "requirements.txt",
                      "-e git+https://github.com/a/b.git#egg=b\n"
                      "urllib3 @ https://example.com/u.zip\n"
                      "./local/pkg.whl\n"
                      "foo|bar==1\n"
                      "-c constraints.txt\n"
                      "--index-url https://pypi.org/simple\n"
                      "ok==1\n");
  ASSERT_TRUE(inv.ok());
  ASSERT_EQ(inv.value().packages.size(), 1u);
  EXPECT_TRUE(HasWarning(inv.value(), "requirements.txt:1: editable"));
  EXPECT_TRUE(HasWarning(inv.value(), "requirements.txt:2: direct URL"));
  EXPECT_TRUE(HasWarning(inv.value(), "requirements.txt:3: URL or path"));
  EXPECT_TRUE(HasWarning(inv.value(), "requirements.txt:4: invalid requirement"));
  EXPECT_EQ(inv.value().warnings.size(), 4u);  // -c and --index-url are normal
}

TEST(PythonRequirements, IncludesAreReadRelativeToTheIncludingFile) {
  const MapReader reader({{"reqs/base.txt", "-r ../common/shared.txt\nbase==1\n"},
                          {"common/shared.txt", "shared==2\n"}});
  const auto e = NewRequirementsExtractor();
  auto inv = Extract1(*e, "reqs/requirements.txt", "top==0\n-r base.txt\n", &reader);
  ASSERT_TRUE(inv.ok());
  ASSERT_EQ(inv.value().packages.size(), 3u);
  const Package* shared = Find(inv.value(), "shared");
  ASSERT_NE(shared, nullptr);
  EXPECT_EQ(shared->path.str(), "common/shared.txt");
  EXPECT_EQ(shared->line, 1);
  EXPECT_TRUE(Find(inv.value(), "top")->path.is_root());  // the driver sets the top file's path
}

TEST(PythonRequirements, IncludeLoopStopsWithAWarning) {
  const MapReader reader({{"a.txt", "a==1\n-r b.txt\n"}, {"b.txt", "b==1\n-r a.txt\n"}});
  const auto e = NewRequirementsExtractor();
  auto inv = Extract1(*e, "a.txt", "a==1\n-r b.txt\n", &reader);
  ASSERT_TRUE(inv.ok());
  EXPECT_EQ(inv.value().packages.size(), 2u);
  EXPECT_TRUE(HasWarning(inv.value(), "include loop"));
}

TEST(PythonRequirements, IncludeDepthIsBounded) {
  std::map<std::string, std::string> files;
  for (int i = 0; i < 40; ++i) {
    files["r" + std::to_string(i) + ".txt"] =
        "p" + std::to_string(i) + "==1\n-r r" + std::to_string(i + 1) + ".txt\n";
  }
  const MapReader reader(files);
  const auto e = NewRequirementsExtractor();
  auto inv = Extract1(*e, "r0.txt", files["r0.txt"], &reader);
  ASSERT_TRUE(inv.ok());
  EXPECT_LT(inv.value().packages.size(), 40u);
  EXPECT_GT(inv.value().packages.size(), 5u);
  EXPECT_TRUE(HasWarning(inv.value(), "nested deeper"));
}

// Regression (fuzzer timeout): every file includes two new paths below itself, so depth alone
// allowed 2^16 reads.
TEST(PythonRequirements, IncludeFanOutIsBounded) {
  class FanOut : public FileReader {
   public:
    Result<std::string> Read(const RepoPath&) const override {
      ++reads;
      return std::string("x==1\n-r a/r.txt\n-r b/r.txt\n");
    }
    mutable int reads = 0;
  } reader;
  const auto e = NewRequirementsExtractor();
  auto inv = Extract1(*e, "r.txt", "-r a/r.txt\n-r b/r.txt\n", &reader);
  ASSERT_TRUE(inv.ok());
  EXPECT_LE(reader.reads, 300);
  EXPECT_GT(reader.reads, 100);
  EXPECT_TRUE(HasWarning(inv.value(), "included files"));
}

TEST(PythonRequirements, MissingIncludeIsAWarningNotAnError) {
  const MapReader reader({});
  const auto e = NewRequirementsExtractor();
  for (const FileReader* r :
       {static_cast<const FileReader*>(&reader), static_cast<const FileReader*>(nullptr)}) {
    auto inv = Extract1(*e, "requirements.txt", "-r missing.txt\nx==1\n../escape==1\n", r);
    ASSERT_TRUE(inv.ok());
    EXPECT_EQ(inv.value().packages.size(), 1u);
    EXPECT_TRUE(HasWarning(inv.value(), "'missing.txt' not read"));
  }
  auto escape = Extract1(*e, "requirements.txt", "-r ../../etc/passwd\n", &reader);
  ASSERT_TRUE(escape.ok());
  EXPECT_TRUE(HasWarning(escape.value(), "escapes the project root"));
}

TEST(PythonRequirements, Utf16WithBomIsDecoded) {
  const std::string text(
      "\xFF\xFE"
      "a\0=\0=\0"
      "1\0\r\0\n\0",
      14);
  const auto e = NewRequirementsExtractor();
  auto inv = Extract1(*e, "requirements.txt", text);
  ASSERT_TRUE(inv.ok());
  ASSERT_EQ(inv.value().packages.size(), 1u);
  EXPECT_EQ(inv.value().packages[0].id, "a@1");
}

TEST(PythonRequirements, FileRequired) {
  const auto e = NewRequirementsExtractor();
  const std::pair<const char*, bool> cases[] = {
      {"requirements.txt", true},        {"sub/requirements-dev.txt", true},
      {"dev-requirements.txt", true},    {"requirements/base.txt", true},
      {"requirements.in", false},        {"notes.txt", false},
      {"docs/requirements/x.md", false},
  };
  for (const auto& [path, want] : cases) {
    EXPECT_EQ(e->FileRequired(RepoPath::Parse(path).value()), want) << path;
  }
}

// ---- lockfiles ----

constexpr char kPoetry[] = R"(
[[package]]
name = "flask"
version = "2.0.0"
optional = false
groups = ["main"]

[package.dependencies]
Jinja2 = ">=3.0"
click = {version = ">=7", markers = "python_version >= '3'"}

[[package]]
name = "jinja2"
version = "3.1.2"
groups = ["main"]

[[package]]
name = "pytest"
version = "7.0.0"
groups = ["dev", "test"]
files = [{file = "pytest.whl", hash = "sha256:00ff"}]

[[package]]
name = "ike"
version = "0.2.0"
category = "main"
optional = true
[package.source]
type = "git"
url = "https://github.com/x/ike.git"
resolved_reference = "cd66602c"
)";

TEST(PythonPoetry, GroupsEdgesAndGitSources) {
  const auto e = NewPoetryLockExtractor();
  auto inv = Extract1(*e, "poetry.lock", kPoetry);
  ASSERT_TRUE(inv.ok()) << inv.error().ToString();
  ASSERT_EQ(inv.value().packages.size(), 4u);
  const Package* flask = Find(inv.value(), "flask");
  EXPECT_EQ(flask->line, 3);
  EXPECT_EQ(flask->depends_on, std::vector<std::string>{"jinja2@3.1.2"});  // click not locked
  EXPECT_FALSE(flask->dev);
  const Package* pytest = Find(inv.value(), "pytest");
  EXPECT_TRUE(pytest->dev);
  EXPECT_EQ(pytest->groups, (std::vector<std::string>{"dev", "test"}));
  ASSERT_EQ(pytest->hashes.size(), 1u);
  const Package* ike = Find(inv.value(), "ike");
  EXPECT_EQ(ike->commit, "cd66602c");
  EXPECT_TRUE(ike->optional);
  EXPECT_EQ(ike->groups, std::vector<std::string>{"optional"});
}

TEST(PythonUv, RootGivesDirectIndirectAndDev) {
  constexpr char kUv[] = R"(version = 1
[[package]]
name = "app"
version = "0.1.0"
source = { virtual = "." }
dependencies = [{ name = "httpx" }]
[package.dev-dependencies]
dev = [{ name = "pytest" }]

[[package]]
name = "httpx"
version = "0.28.1"
source = { registry = "https://pypi.org/simple" }
dependencies = [{ name = "idna" }]

[[package]]
name = "idna"
version = "3.10"
source = { registry = "https://pypi.org/simple" }

[[package]]
name = "pytest"
version = "8.0.0"
source = { git = "https://github.com/pytest-dev/pytest?rev=main#abc123" }
dependencies = [{ name = "idna" }, { name = "pluggy" }]

[[package]]
name = "pluggy"
version = "1.5.0"
source = { registry = "https://pypi.org/simple" }
)";
  const auto e = NewUvLockExtractor();
  auto inv = Extract1(*e, "uv.lock", kUv);
  ASSERT_TRUE(inv.ok()) << inv.error().ToString();
  ASSERT_EQ(inv.value().packages.size(), 5u);  // four dependencies and the project
  const Package* app = Find(inv.value(), "app");
  ASSERT_NE(app, nullptr);
  EXPECT_TRUE(app->project);
  EXPECT_EQ(app->relationship, Relationship::kUnknown);
  EXPECT_EQ(app->depends_on, (std::vector<std::string>{"httpx@0.28.1", "pytest@8.0.0"}));
  EXPECT_FALSE(Find(inv.value(), "httpx")->project);
  EXPECT_EQ(Find(inv.value(), "httpx")->relationship, Relationship::kDirect);
  EXPECT_EQ(Find(inv.value(), "idna")->relationship, Relationship::kIndirect);
  EXPECT_FALSE(Find(inv.value(), "idna")->dev);  // reached from production too
  EXPECT_TRUE(Find(inv.value(), "pytest")->dev);
  EXPECT_TRUE(Find(inv.value(), "pluggy")->dev);
  EXPECT_EQ(Find(inv.value(), "pytest")->commit, "abc123");
  EXPECT_EQ(Find(inv.value(), "pytest")->depends_on,
            (std::vector<std::string>{"idna@3.10", "pluggy@1.5.0"}));
  EXPECT_TRUE(inv.value().warnings.empty());
}

TEST(PythonPipfile, SectionsVersionsHashesAndLines) {
  constexpr char kLock[] = R"({
  "_meta": {},
  "default": {
    "a": {"hashes": ["sha256:aa"], "version": "==1.0"},
    "b": {"git": "https://g/b", "ref": "deadbeef", "version": "==2.0"},
    "c": {"git": "https://g/c", "ref": "cafe"}
  },
  "develop": {
    "a": {"version": "==1.0"},
    "d": {"version": "==4.0", "markers": "python_version >= '3'"}
  }
})";
  const auto e = NewPipfileLockExtractor();
  auto inv = Extract1(*e, "Pipfile.lock", kLock);
  ASSERT_TRUE(inv.ok()) << inv.error().ToString();
  ASSERT_EQ(inv.value().packages.size(), 3u);  // c has no version; a is in both sections once
  EXPECT_FALSE(Find(inv.value(), "a")->dev);
  EXPECT_EQ(Find(inv.value(), "a")->line, 4);
  EXPECT_EQ(Find(inv.value(), "a")->hashes.size(), 1u);
  EXPECT_EQ(Find(inv.value(), "b")->commit, "deadbeef");
  EXPECT_TRUE(Find(inv.value(), "d")->dev);
  EXPECT_EQ(Find(inv.value(), "d")->line, 10);
}

TEST(PythonPdm, GroupsAndPep508Edges) {
  constexpr char kLock[] = R"([metadata]
groups = ["default", "dev"]
[[package]]
name = "a"
version = "1"
groups = ["default"]
dependencies = ["b[x]>=1; python_version > '3'"]
[[package]]
name = "b"
version = "2"
groups = ["dev"]
)";
  const auto e = NewPdmLockExtractor();
  auto inv = Extract1(*e, "pdm.lock", kLock);
  ASSERT_TRUE(inv.ok()) << inv.error().ToString();
  EXPECT_EQ(Find(inv.value(), "a")->depends_on, std::vector<std::string>{"b@2"});
  EXPECT_TRUE(Find(inv.value(), "b")->dev);
  EXPECT_FALSE(Find(inv.value(), "a")->dev);
}

TEST(PythonPylock, FileRequiredFollowsPep751) {
  const auto e = NewPylockExtractor();
  const std::pair<const char*, bool> cases[] = {{"pylock.toml", true},
                                                {"x/pylock.dev.toml", true},
                                                {"pylock.a.b.toml", false},
                                                {"pylock..toml", false},
                                                {"mylock.toml", false}};
  for (const auto& [path, want] : cases) {
    EXPECT_EQ(e->FileRequired(RepoPath::Parse(path).value()), want) << path;
  }
}

TEST(PythonConda, PipEntriesOnly) {
  constexpr char kEnv[] = R"(name: env
dependencies:
  - python=3.11
  - numpy
  - pip:
    - requests==2.31.0
    - flask>=2
)";
  const auto e = NewCondaEnvExtractor();
  auto inv = Extract1(*e, "environment.yml", kEnv);
  ASSERT_TRUE(inv.ok()) << inv.error().ToString();
  ASSERT_EQ(inv.value().packages.size(), 2u);
  EXPECT_EQ(Find(inv.value(), "requests")->line, 6);
  EXPECT_FALSE(Find(inv.value(), "flask")->resolved);
}

// ---- bad input, for every extractor of the family ----

struct BadCase {
  const char* label;
  std::unique_ptr<Extractor> (*make)();
  const char* path;
  std::string text;
  ValidationStep step;  // kNone: must succeed
  const char* context;  // the error's context must start with this
};

std::string Deep(const std::string& open, int n, const std::string& close) {
  std::string s;
  for (int i = 0; i < n; ++i) s += open;
  for (int i = 0; i < n; ++i) s += close;
  return s;
}

TEST(PythonBadInput, ErrorsNameFileAndStep) {
  const BadCase cases[] = {
      {"poetry malformed", NewPoetryLockExtractor, "poetry.lock", "[[package]\nname = 1\n",
       ValidationStep::kSyntax, "poetry.lock:1:"},
      {"uv malformed", NewUvLockExtractor, "uv.lock", "version = 1\n[[package]]\nname = \n",
       ValidationStep::kSyntax, "uv.lock:3:"},
      {"pdm malformed", NewPdmLockExtractor, "pdm.lock", "a = [1, 2\n", ValidationStep::kSyntax,
       "pdm.lock:"},
      {"pylock malformed", NewPylockExtractor, "pylock.toml", "[", ValidationStep::kSyntax,
       "pylock.toml:1:"},
      {"pipfile malformed", NewPipfileLockExtractor, "Pipfile.lock",
       "{\"default\": ", ValidationStep::kSyntax, "Pipfile.lock:"},
      {"pipfile not an object", NewPipfileLockExtractor, "Pipfile.lock", "[1]",
       ValidationStep::kSemantics, "Pipfile.lock"},
      {"conda wrong type", NewCondaEnvExtractor, "environment.yml", "dependencies:\n  - 1\n",
       ValidationStep::kSemantics, "environment.yml:2"},
      {"conda not a map", NewCondaEnvExtractor, "environment.yml", "invalid",
       ValidationStep::kSemantics, "environment.yml"},
      {"poetry empty", NewPoetryLockExtractor, "poetry.lock", "", ValidationStep::kNone, ""},
      {"uv empty", NewUvLockExtractor, "uv.lock", "", ValidationStep::kNone, ""},
      {"pdm empty", NewPdmLockExtractor, "pdm.lock", "", ValidationStep::kNone, ""},
      {"pylock empty", NewPylockExtractor, "pylock.toml", "", ValidationStep::kNone, ""},
      {"pipfile empty", NewPipfileLockExtractor, "Pipfile.lock", "", ValidationStep::kNone, ""},
      {"conda empty", NewCondaEnvExtractor, "environment.yml", "", ValidationStep::kNone, ""},
      {"requirements empty", NewRequirementsExtractor, "requirements.txt", "",
       ValidationStep::kNone, ""},
      {"toml deep arrays", NewUvLockExtractor, "uv.lock", "a = " + Deep("[", 50000, "]"),
       ValidationStep::kSize, "uv.lock"},
      {"toml deep inline tables", NewPoetryLockExtractor, "poetry.lock",
       "a = " + Deep("{b = ", 50000, "}"), ValidationStep::kSize, "poetry.lock"},
      {"toml deep dotted key", NewPdmLockExtractor, "pdm.lock", Deep("a.", 50000, "") + "a = 1\n",
       ValidationStep::kSize, "pdm.lock"},
      {"toml deep header", NewPylockExtractor, "pylock.toml", "[" + Deep("a.", 50000, "") + "a]\n",
       ValidationStep::kSize, "pylock.toml"},
      {"json deep", NewPipfileLockExtractor, "Pipfile.lock", Deep("[", 50000, "]"),
       ValidationStep::kSize, "Pipfile.lock"},
      {"yaml deep", NewCondaEnvExtractor, "environment.yml",
       "dependencies: " + Deep("[", 50000, "]"), ValidationStep::kSize, "environment.yml"},
      {"requirements huge", NewRequirementsExtractor, "requirements.txt",
       std::string(kMaxManifestBytes + 1, '#'), ValidationStep::kSize, "requirements.txt"},
      {"toml huge", NewPoetryLockExtractor, "poetry.lock", std::string(kMaxManifestBytes + 1, '#'),
       ValidationStep::kSize, "poetry.lock"},
  };
  for (const auto& c : cases) {
    const auto e = c.make();
    auto got = Extract1(*e, c.path, c.text);
    if (c.step == ValidationStep::kNone) {
      ASSERT_TRUE(got.ok()) << c.label << ": " << got.error().ToString();
      EXPECT_TRUE(got.value().packages.empty()) << c.label;
      continue;
    }
    ASSERT_FALSE(got.ok()) << c.label;
    EXPECT_EQ(got.error().step, c.step) << c.label << ": " << got.error().ToString();
    EXPECT_EQ(got.error().context.rfind(c.context, 0), 0u)
        << c.label << ": " << got.error().ToString();
  }
}

TEST(PythonBadInput, ManyRequirementsStayBounded) {
  // 200 001 one-byte-name requirements: the package bound trips before memory does.
  std::string text;
  for (size_t i = 0; i <= kMaxPackagesPerFile; ++i) text += "a==1\n";
  const auto e = NewRequirementsExtractor();
  auto got = Extract1(*e, "requirements.txt", text);
  ASSERT_FALSE(got.ok());
  EXPECT_EQ(got.error().step, ValidationStep::kSize);
}

TEST(PythonPep508, NamesAndVersions) {
  EXPECT_TRUE(IsValidVersion("1.0.dev0"));
  EXPECT_TRUE(IsValidVersion("2!1.2.post3.dev4+local.7"));
  EXPECT_TRUE(IsValidVersion("1.2-alpha"));
  EXPECT_FALSE(IsValidVersion("'1.2'"));
  EXPECT_FALSE(IsValidVersion("1.0 text"));
  EXPECT_TRUE(IsValidName("combination-._-.also_-._valid"));
  EXPECT_FALSE(IsValidName("-foo"));
  EXPECT_EQ(NormalizeName("Foo__Bar.baz"), "foo-bar-baz");
  EXPECT_EQ(PinnedVersion("== 1.2"), std::optional<std::string>("1.2"));
  EXPECT_EQ(PinnedVersion("==1.*"), std::nullopt);
  EXPECT_EQ(PinnedVersion("==1,>=0"), std::nullopt);
}

}  // namespace
}  // namespace fledger::sca::python

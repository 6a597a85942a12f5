// Unit tests of the JavaScript extractors: edges, direct/dev, lines, aliases, hashes, commits,
// package.json pins, and hostile input (malformed, deep, alias bombs, empty, too many packages).
#include "sca/javascript/javascript.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <map>

#include "sca/extractor.h"

namespace fledger::sca {
namespace {

// Sibling files served from memory.
class MapReader : public FileReader {
 public:
  MapReader(std::initializer_list<std::pair<const std::string, std::string>> files)
      : files_(files) {}
  Result<std::string> Read(const RepoPath& path) const override {
    const auto it = files_.find(path.str());
    if (it == files_.end()) return InputError(ValidationStep::kOrigin, path.str(), "not found");
    return it->second;
  }

 private:
  std::map<std::string, std::string> files_;
};

Result<Inventory> ExtractWith(const Extractor& e, const std::string& path, std::string_view text,
                              const FileReader* reader = nullptr) {
  return e.Extract({.path = RepoPath::Parse(path).value(), .content = text, .reader = reader});
}

const Package* Find(const Inventory& inv, std::string_view name, std::string_view version) {
  for (const auto& p : inv.packages) {
    if (p.name == name && p.version == version) return &p;
  }
  return nullptr;
}

std::vector<std::string> Sorted(std::vector<std::string> v) {
  std::sort(v.begin(), v.end());
  return v;
}

constexpr std::string_view kLockV2 = R"({
  "name": "app",
  "lockfileVersion": 3,
  "packages": {
    "": {
      "dependencies": { "a": "^1.0.0", "alias": "npm:real@^3.0.0" },
      "devDependencies": { "b": "^1.0.0" }
    },
    "node_modules/a": {
      "version": "1.0.0",
      "resolved": "https://registry.npmjs.org/a/-/a-1.0.0.tgz",
      "integrity": "sha1-U10EXOa2Nj+kARcIRimZXp3zJMc=",
      "license": "MIT",
      "dependencies": { "c": "^2.0.0" }
    },
    "node_modules/a/node_modules/c": {
      "version": "2.0.0"
    },
    "node_modules/c": {
      "version": "1.0.0"
    },
    "node_modules/b": {
      "version": "1.0.0",
      "dev": true,
      "dependencies": { "c": "^1.0.0" }
    },
    "node_modules/alias": {
      "name": "real",
      "version": "3.0.0"
    },
    "node_modules/gitdep": {
      "version": "0.1.0",
      "resolved": "git+ssh://git@github.com/o/r.git#0123456789abcdef0123456789abcdef01234567"
    }
  }
})";

TEST(JavascriptPackageLock, V2EdgesDirectDevLinesAliases) {
  const auto e = NewPackageLockJsonExtractor();
  const auto inv = ExtractWith(*e, "app/package-lock.json", kLockV2);
  ASSERT_TRUE(inv.ok()) << inv.error().ToString();
  const Package* a = Find(inv.value(), "a", "1.0.0");
  const Package* b = Find(inv.value(), "b", "1.0.0");
  const Package* c1 = Find(inv.value(), "c", "1.0.0");
  const Package* c2 = Find(inv.value(), "c", "2.0.0");
  const Package* real = Find(inv.value(), "real", "3.0.0");
  const Package* git = Find(inv.value(), "gitdep", "0.1.0");
  ASSERT_TRUE(a && b && c1 && c2 && real && git);
  // a requires c: node resolution finds a's nested copy first; b gets the top-level one.
  EXPECT_EQ(a->depends_on, std::vector<std::string>{"c@2.0.0"});
  EXPECT_EQ(b->depends_on, std::vector<std::string>{"c@1.0.0"});
  EXPECT_EQ(a->relationship, Relationship::kDirect);
  EXPECT_EQ(b->relationship, Relationship::kDirect);
  EXPECT_EQ(real->relationship, Relationship::kDirect);
  EXPECT_EQ(c1->relationship, Relationship::kIndirect);
  EXPECT_TRUE(b->dev);
  EXPECT_FALSE(a->dev);
  EXPECT_EQ(a->line, 9);
  EXPECT_EQ(a->end_line, 15);
  EXPECT_EQ(a->licenses, std::vector<std::string>{"MIT"});
  ASSERT_EQ(a->hashes.size(), 1u);
  EXPECT_EQ(a->hashes[0].algorithm, "SHA-1");
  EXPECT_EQ(a->hashes[0].hex, "535d045ce6b6363fa40117084629995e9df324c7");
  EXPECT_EQ(a->source_url, "https://registry.npmjs.org/a/-/a-1.0.0.tgz");
  EXPECT_EQ(git->commit, "0123456789abcdef0123456789abcdef01234567");
}

constexpr std::string_view kLockV1 = R"({
  "lockfileVersion": 1,
  "dependencies": {
    "x": {
      "version": "1.0.0",
      "requires": { "y": "^2.0.0" },
      "dependencies": {
        "y": { "version": "2.0.0", "requires": { "z": "1" } }
      }
    },
    "y": { "version": "1.0.0", "dev": true },
    "z": { "version": "1.0.0" },
    "w": { "version": "npm:real-w@4.0.0" }
  }
})";

TEST(JavascriptPackageLock, V1NestedEdgesAndSiblingManifest) {
  const auto e = NewPackageLockJsonExtractor();
  const MapReader reader({{"p/package.json", R"({"dependencies": {"x": "^1"}})"}});
  const auto inv = ExtractWith(*e, "p/package-lock.json", kLockV1, &reader);
  ASSERT_TRUE(inv.ok()) << inv.error().ToString();
  const Package* x = Find(inv.value(), "x", "1.0.0");
  const Package* y2 = Find(inv.value(), "y", "2.0.0");
  const Package* y1 = Find(inv.value(), "y", "1.0.0");
  ASSERT_TRUE(x && y2 && y1);
  EXPECT_EQ(x->depends_on, std::vector<std::string>{"y@2.0.0"});
  EXPECT_EQ(y2->depends_on, std::vector<std::string>{"z@1.0.0"});  // found at the top level
  EXPECT_EQ(x->relationship, Relationship::kDirect);
  EXPECT_EQ(y1->relationship, Relationship::kIndirect);
  EXPECT_TRUE(y1->dev);
  EXPECT_EQ(x->line, 4);
  EXPECT_EQ(y2->line, 8);
  EXPECT_NE(Find(inv.value(), "real-w", "4.0.0"), nullptr);
}

TEST(JavascriptPackageLock, ShrinkwrapBesideTakesPrecedence) {
  const auto e = NewPackageLockJsonExtractor();
  const MapReader reader({{"npm-shrinkwrap.json", "{}"}});
  const auto inv = ExtractWith(*e, "package-lock.json", kLockV2, &reader);
  ASSERT_TRUE(inv.ok());
  EXPECT_TRUE(inv.value().packages.empty());
  EXPECT_EQ(inv.value().warnings.size(), 1u);
  const auto alone = ExtractWith(*e, "package-lock.json", kLockV2);
  ASSERT_TRUE(alone.ok());
  EXPECT_EQ(alone.value().packages.size(), 6u);
}

constexpr std::string_view kYarnV1 = R"(# yarn lockfile v1


"a@^1.0.0", a@^1.1.0:
  version "1.2.0"
  resolved "https://registry.yarnpkg.com/a/-/a-1.2.0.tgz#535d045ce6b6363fa40117084629995e9df324c7"
  integrity sha1-U10EXOa2Nj+kARcIRimZXp3zJMc=
  dependencies:
    c "^2.0.0"

b@^1.0.0:
  version "1.0.0"
  dependencies:
    c "^2.0.0"

c@^2.0.0:
  version "2.1.0"

d-alias@npm:d@^3.0.0:
  version "3.0.1"

"e@git+https://github.com/o/e.git#main":
  version "0.0.1"
  resolved "git+https://github.com/o/e.git#0123456789abcdef0123456789abcdef01234567"
)";

TEST(JavascriptYarnLock, ClassicEdgesDirectDevAliasesCommits) {
  const auto e = NewYarnLockExtractor();
  const MapReader reader(
      {{"yarn.lock", ""},
       {"package.json",
        R"({"dependencies": {"a": "^1.0.0"}, "devDependencies": {"b": "^1.0.0"}})"}});
  const auto inv = ExtractWith(*e, "yarn.lock", kYarnV1, &reader);
  ASSERT_TRUE(inv.ok()) << inv.error().ToString();
  const Package* a = Find(inv.value(), "a", "1.2.0");
  const Package* b = Find(inv.value(), "b", "1.0.0");
  const Package* c = Find(inv.value(), "c", "2.1.0");
  const Package* d = Find(inv.value(), "d", "3.0.1");
  const Package* g = Find(inv.value(), "e", "0.0.1");
  ASSERT_TRUE(a && b && c && d && g);
  EXPECT_EQ(a->depends_on, std::vector<std::string>{"c@2.1.0"});
  EXPECT_EQ(a->relationship, Relationship::kDirect);
  EXPECT_EQ(c->relationship, Relationship::kIndirect);
  EXPECT_FALSE(c->dev);  // reached from a production dependency too
  EXPECT_TRUE(b->dev);
  EXPECT_EQ(a->line, 4);
  EXPECT_EQ(a->end_line, 9);
  EXPECT_EQ(a->commit, "");  // a registry tarball's sha1 fragment is not a commit
  EXPECT_EQ(g->commit, "0123456789abcdef0123456789abcdef01234567");
  // Without the manifest nothing says what is direct.
  const auto bare = ExtractWith(*e, "yarn.lock", kYarnV1);
  ASSERT_TRUE(bare.ok());
  EXPECT_EQ(Find(bare.value(), "a", "1.2.0")->relationship, Relationship::kUnknown);
}

constexpr std::string_view kYarnBerry = R"(__metadata:
  version: 8
  cacheKey: 10c0

"app@workspace:.":
  version: 0.0.0-use.local
  resolution: "app@workspace:."
  dependencies:
    x: "npm:^1.0.0"
    y-alias: "npm:y@^2.0.0"
  languageName: unknown
  linkType: soft

"x@npm:^1.0.0":
  version: 1.0.0
  resolution: "x@npm:1.0.0"
  dependencies:
    y: "npm:^2.0.0"
  languageName: node
  linkType: hard

"y-alias@npm:y@^2.0.0, y@npm:^2.0.0":
  version: 2.0.0
  resolution: "y@npm:2.0.0"
  languageName: node
  linkType: hard
)";

TEST(JavascriptYarnLock, BerryAliasesEdgesRootWorkspace) {
  const auto e = NewYarnLockExtractor();
  const auto inv = ExtractWith(*e, "yarn.lock", kYarnBerry);
  ASSERT_TRUE(inv.ok()) << inv.error().ToString();
  ASSERT_EQ(inv.value().packages.size(), 2u);  // the root workspace is the project itself
  const Package* x = Find(inv.value(), "x", "1.0.0");
  const Package* y = Find(inv.value(), "y", "2.0.0");
  ASSERT_TRUE(x && y);
  EXPECT_EQ(x->depends_on, std::vector<std::string>{"y@2.0.0"});
  EXPECT_EQ(x->relationship, Relationship::kDirect);
  EXPECT_EQ(y->relationship, Relationship::kDirect);  // through the alias
  EXPECT_EQ(x->line, 14);
}

constexpr std::string_view kPnpmV9 = R"(lockfileVersion: '9.0'

importers:

  .:
    dependencies:
      a:
        specifier: ^1.0.0
        version: 1.0.0(p@1.0.0)
    devDependencies:
      b:
        specifier: ^1.0.0
        version: 1.0.0

packages:

  a@1.0.0:
    resolution: {integrity: sha1-U10EXOa2Nj+kARcIRimZXp3zJMc=}
    peerDependencies:
      p: '*'

  b@1.0.0:
    resolution: {integrity: sha1-U10EXOa2Nj+kARcIRimZXp3zJMc=}

  c@2.0.0:
    resolution: {integrity: sha1-U10EXOa2Nj+kARcIRimZXp3zJMc=}

  p@1.0.0:
    resolution: {integrity: sha1-U10EXOa2Nj+kARcIRimZXp3zJMc=}

snapshots:

  a@1.0.0(p@1.0.0):
    dependencies:
      c: 2.0.0
      p: 1.0.0

  b@1.0.0:
    dependencies:
      a: 1.0.0(p@1.0.0)

  c@2.0.0: {}

  p@1.0.0: {}
)";

TEST(JavascriptPnpmLock, V9EdgesPeersDevReachability) {
  const auto e = NewPnpmLockExtractor();
  const auto inv = ExtractWith(*e, "pnpm-lock.yaml", kPnpmV9);
  ASSERT_TRUE(inv.ok()) << inv.error().ToString();
  const Package* a = Find(inv.value(), "a", "1.0.0");
  const Package* b = Find(inv.value(), "b", "1.0.0");
  const Package* c = Find(inv.value(), "c", "2.0.0");
  ASSERT_TRUE(a && b && c);
  EXPECT_EQ(a->id, "a@1.0.0(p@1.0.0)");
  EXPECT_EQ(Sorted(a->depends_on), (std::vector<std::string>{"c@2.0.0", "p@1.0.0"}));
  EXPECT_EQ(b->depends_on, std::vector<std::string>{"a@1.0.0(p@1.0.0)"});
  EXPECT_EQ(a->relationship, Relationship::kDirect);
  EXPECT_EQ(c->relationship, Relationship::kIndirect);
  EXPECT_TRUE(b->dev);
  EXPECT_FALSE(c->dev);    // reachable from the production dependency a
  EXPECT_EQ(a->line, 17);  // the packages entry, as osv-scalibr reports it
  EXPECT_EQ(a->hashes.size(), 1u);
}

constexpr std::string_view kPnpmV5 = R"(lockfileVersion: 5.4

specifiers:
  a: ^1.0.0

dependencies:
  a: 1.0.0_p@1.0.0

packages:

  /a/1.0.0_p@1.0.0:
    resolution: {integrity: sha1-U10EXOa2Nj+kARcIRimZXp3zJMc=}
    dependencies:
      '@s/c': 2.0.0
    dev: false

  /@s/c/2.0.0:
    resolution: {integrity: sha1-U10EXOa2Nj+kARcIRimZXp3zJMc=}
    dev: true

  github.com/o/r/0123456789abcdef0123456789abcdef01234567:
    resolution: {tarball: https://codeload.github.com/o/r/tar.gz/0123456789abcdef0123456789abcdef01234567}
    name: r
    version: 0.1.0
    dev: false
)";

TEST(JavascriptPnpmLock, V5PathsDevFieldAndGitTarball) {
  const auto e = NewPnpmLockExtractor();
  const auto inv = ExtractWith(*e, "pnpm-lock.yaml", kPnpmV5);
  ASSERT_TRUE(inv.ok()) << inv.error().ToString();
  const Package* a = Find(inv.value(), "a", "1.0.0");
  const Package* c = Find(inv.value(), "@s/c", "2.0.0");
  const Package* r = Find(inv.value(), "r", "0.1.0");
  ASSERT_TRUE(a && c && r);
  EXPECT_EQ(a->depends_on, std::vector<std::string>{"@s/c@2.0.0"});
  EXPECT_EQ(a->relationship, Relationship::kDirect);
  EXPECT_TRUE(c->dev);  // the lockfile's own dev field wins
  EXPECT_EQ(r->commit, "0123456789abcdef0123456789abcdef01234567");
  EXPECT_EQ(a->line, 11);
}

constexpr std::string_view kBun = R"({
  // bun writes comments and trailing commas
  "lockfileVersion": 1,
  "workspaces": {
    "": {
      "name": "app",
      "dependencies": { "a": "^1.0.0", },
      "devDependencies": { "b": "^1.0.0", },
    },
  },
  "packages": {
    "a": ["a@1.0.0", "", { "dependencies": { "c": "^2.0.0" } }, "sha1-U10EXOa2Nj+kARcIRimZXp3zJMc="],
    "b": ["b@1.0.0", "", { "dependencies": { "c": "^1.0.0" } }, "sha1-U10EXOa2Nj+kARcIRimZXp3zJMc="],
    "b/c": ["c@1.0.0", "", {}, "sha1-U10EXOa2Nj+kARcIRimZXp3zJMc="],
    "c": ["c@2.0.0", "", {}, "sha1-U10EXOa2Nj+kARcIRimZXp3zJMc="],
    "g": ["g@github:o/g#abc1234", {}, "o-g-abc1234"],
  },
}
)";

TEST(JavascriptBunLock, JsoncNestedEdgesDevCommits) {
  const auto e = NewBunLockExtractor();
  const auto inv = ExtractWith(*e, "bun.lock", kBun);
  ASSERT_TRUE(inv.ok()) << inv.error().ToString();
  const Package* a = Find(inv.value(), "a", "1.0.0");
  const Package* b = Find(inv.value(), "b", "1.0.0");
  const Package* c1 = Find(inv.value(), "c", "1.0.0");
  const Package* c2 = Find(inv.value(), "c", "2.0.0");
  const Package* g = Find(inv.value(), "g", "");
  ASSERT_TRUE(a && b && c1 && c2 && g);
  EXPECT_EQ(a->depends_on, std::vector<std::string>{"c@2.0.0"});
  EXPECT_EQ(b->depends_on, std::vector<std::string>{"c@1.0.0"});  // b's nested copy
  EXPECT_TRUE(b->dev);
  EXPECT_TRUE(c1->dev);
  EXPECT_FALSE(c2->dev);
  EXPECT_EQ(a->relationship, Relationship::kDirect);
  EXPECT_EQ(c2->relationship, Relationship::kIndirect);
  EXPECT_EQ(g->commit, "abc1234");
  EXPECT_EQ(a->line, 12);
}

TEST(JavascriptPackageJson, PinsRangesAndSkips) {
  const auto e = NewPackageJsonExtractor();
  const std::string_view text = R"({
  "dependencies": {
    "exact": "1.2.3",
    "eq": "=2.0.0",
    "vee": "v3.1.4-beta.1",
    "range": "^4.0.0",
    "aliased": "npm:real@5.0.0",
    "gitdep": "github:o/r#main",
    "local": "file:../x",
    "ws": "workspace:*"
  },
  "devDependencies": { "tool": "~6.1.0" },
  "peerDependencies": { "peer": ">=7" }
})";
  const auto inv = ExtractWith(*e, "package.json", text);
  ASSERT_TRUE(inv.ok()) << inv.error().ToString();
  struct Want {
    const char* name;
    const char* version;
    bool resolved;
    bool dev;
    int line;
  };
  for (const Want& w :
       {Want{"exact", "1.2.3", true, false, 3}, Want{"eq", "2.0.0", true, false, 4},
        Want{"vee", "3.1.4-beta.1", true, false, 5}, Want{"range", "^4.0.0", false, false, 6},
        Want{"real", "5.0.0", true, false, 7}, Want{"tool", "~6.1.0", false, true, 12},
        Want{"peer", ">=7", false, false, 13}}) {
    const Package* p = Find(inv.value(), w.name, w.version);
    ASSERT_NE(p, nullptr) << w.name;
    EXPECT_EQ(p->resolved, w.resolved) << w.name;
    EXPECT_EQ(p->dev, w.dev) << w.name;
    EXPECT_EQ(p->line, w.line) << w.name;
    EXPECT_EQ(p->relationship, Relationship::kDirect) << w.name;
  }
  EXPECT_EQ(inv.value().packages.size(), 7u);
  EXPECT_EQ(inv.value().warnings.size(), 3u);  // git, file, workspace
}

TEST(JavascriptExtractors, FileRequired) {
  struct Case {
    const char* extractor;
    const char* path;
    bool want;
  };
  for (const Case& c : {
           Case{"javascript/packagelockjson", "package-lock.json", true},
           Case{"javascript/packagelockjson", "web/npm-shrinkwrap.json", true},
           Case{"javascript/packagelockjson", "node_modules/.package-lock.json", false},
           Case{"javascript/packagelockjson", "a/node_modules/x/package-lock.json", false},
           Case{"javascript/yarnlock", "yarn.lock", true},
           Case{"javascript/yarnlock", "yarn.lock.bak", false},
           Case{"javascript/pnpmlock", "apps/pnpm-lock.yaml", true},
           Case{"javascript/bunlock", "bun.lock", true},
           Case{"javascript/bunlock", "bun.lockb", false},
           Case{"javascript/packagejson", "package.json", true},
           Case{"javascript/packagejson", "src/package.json", true},
           Case{"javascript/packagejson", "node_modules/x/package.json", false},
           Case{"javascript/packagejson", "a/node_modules/@s/x/package.json", false},
       }) {
    const Extractor* e = FindExtractor(c.extractor);
    ASSERT_NE(e, nullptr) << c.extractor;
    EXPECT_EQ(e->FileRequired(RepoPath::Parse(c.path).value()), c.want)
        << c.extractor << " " << c.path;
    EXPECT_EQ(e->Ecosystem(), "npm");
  }
}

struct BadCase {
  const char* extractor;
  const char* path;
  std::string text;
  ValidationStep step;
};

TEST(JavascriptExtractors, BadInputIsAnErrorNamingFileAndStep) {
  const std::string deep_json = std::string(50000, '[') + std::string(50000, ']');
  const std::string deep_yaml = "lockfileVersion: '9.0'\npackages: " + deep_json + "\n";
  const std::vector<BadCase> cases = {
      {"javascript/packagelockjson", "a/package-lock.json", "{\"packages\": {",
       ValidationStep::kSyntax},
      {"javascript/packagelockjson", "a/package-lock.json", "", ValidationStep::kSyntax},
      {"javascript/packagelockjson", "a/package-lock.json", "null", ValidationStep::kSemantics},
      {"javascript/packagelockjson", "a/package-lock.json", deep_json, ValidationStep::kSize},
      {"javascript/bunlock", "a/bun.lock", "{\"packages\": {\"x\": [1]}}",
       ValidationStep::kSemantics},
      {"javascript/bunlock", "a/bun.lock", "{\"packages\": ", ValidationStep::kSyntax},
      {"javascript/bunlock", "a/bun.lock", deep_json, ValidationStep::kSize},
      {"javascript/packagejson", "a/package.json", "{\"dependencies\": {\"x\": }",
       ValidationStep::kSyntax},
      {"javascript/packagejson", "a/package.json", deep_json, ValidationStep::kSize},
      {"javascript/pnpmlock", "a/pnpm-lock.yaml",
       "packages: [unclosed\n  - : :", ValidationStep::kSyntax},
      {"javascript/pnpmlock", "a/pnpm-lock.yaml", deep_yaml, ValidationStep::kSize},
      {"javascript/pnpmlock", "a/pnpm-lock.yaml",
       "lockfileVersion: 5.3\npackages:\n  invalidpath:\n    dev: false\n",
       ValidationStep::kSemantics},
      {"javascript/yarnlock", "a/yarn.lock", "  version \"1\"\n", ValidationStep::kSyntax},
      {"javascript/yarnlock", "a/yarn.lock", "a@^1:\n  version \"1\"\nb@^2\n",
       ValidationStep::kSyntax},
      {"javascript/yarnlock", "a/yarn.lock", "__metadata:\n  version: 8\n\"a@npm:1\": [\n",
       ValidationStep::kSyntax},
  };
  for (const auto& c : cases) {
    const Extractor* e = FindExtractor(c.extractor);
    ASSERT_NE(e, nullptr);
    const auto got = ExtractWith(*e, c.path, c.text);
    ASSERT_FALSE(got.ok()) << c.extractor << " on " << c.text.substr(0, 40);
    EXPECT_EQ(got.error().step, c.step) << got.error().ToString();
    EXPECT_EQ(got.error().context.rfind(c.path, 0), 0u) << got.error().ToString();
  }
}

TEST(JavascriptExtractors, EmptyLockfilesYieldNothing) {
  for (const auto& [name, path, text] :
       std::vector<std::tuple<std::string, std::string, std::string>>{
           {"javascript/yarnlock", "yarn.lock", ""},
           {"javascript/yarnlock", "yarn.lock", "# yarn lockfile v1\n\n"},
           {"javascript/pnpmlock", "pnpm-lock.yaml", ""},
           {"javascript/packagelockjson", "package-lock.json", "{}"},
           {"javascript/bunlock", "bun.lock", "{}"},
           {"javascript/packagejson", "package.json", "{}"}}) {
    const auto got = ExtractWith(*FindExtractor(name), path, text);
    ASSERT_TRUE(got.ok()) << name << ": " << got.error().ToString();
    EXPECT_TRUE(got.value().packages.empty()) << name;
  }
}

TEST(JavascriptPnpmLock, AliasBombIsASizeErrorAndFast) {
  // One anchored map of 1000 dependencies reused by 20 000 importers: 300 KB of YAML that a naive
  // walk would expand to 20 million visits.
  std::string bomb = "lockfileVersion: '9.0'\nsnapshots:\n  a@1.0.0:\n    dependencies: &d\n";
  for (int j = 0; j < 1000; ++j) bomb += "      k" + std::to_string(j) + ": 1.0.0\n";
  bomb += "importers:\n";
  for (int i = 0; i < 20000; ++i) bomb += "  p" + std::to_string(i) + ":\n    dependencies: *d\n";
  const auto start = std::chrono::steady_clock::now();
  const auto got = ExtractWith(*NewPnpmLockExtractor(), "pnpm-lock.yaml", bomb);
  const auto seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  ASSERT_FALSE(got.ok());
  EXPECT_EQ(got.error().step, ValidationStep::kSize) << got.error().ToString();
  EXPECT_LT(seconds, 10.0);  // generous: the point is that it ends
}

TEST(JavascriptYarnLock, TooManyPackagesIsASizeError) {
  std::string text;
  text.reserve((kMaxPackagesPerFile + 1) * 24);
  for (size_t i = 0; i <= kMaxPackagesPerFile; ++i) {
    text += "p" + std::to_string(i) + "@^1:\n  version \"1.0.0\"\n";
  }
  const auto got = ExtractWith(*NewYarnLockExtractor(), "yarn.lock", text);
  ASSERT_FALSE(got.ok());
  EXPECT_EQ(got.error().step, ValidationStep::kSize);
}

}  // namespace
}  // namespace fledger::sca

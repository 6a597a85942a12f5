// Unit tests for the go, rust, ruby, php, c/c++, dart, erlang and haskell extractors: edges,
// relationships, replace, platforms, and bad input (malformed, empty, huge, deeply nested).
#include <gtest/gtest.h>

#include <algorithm>
#include <map>

#include "sca/cpp/cpp.h"
#include "sca/extractor.h"
#include "sca/go/go.h"

namespace fledger::sca {
namespace {

Result<Inventory> Extract(const char* extractor, const char* file, std::string_view text,
                          const FileReader* reader = nullptr) {
  const Extractor* e = FindExtractor(extractor);
  EXPECT_NE(e, nullptr) << extractor;
  if (e == nullptr) return InputError(ValidationStep::kNone, file, "no extractor");
  return e->Extract({.path = RepoPath::Parse(file).value(), .content = text, .reader = reader});
}

const Package* Find(const Inventory& inv, std::string_view name, std::string_view version) {
  for (const auto& p : inv.packages) {
    if (p.name == name && p.version == version) return &p;
  }
  return nullptr;
}

// ---- extraction facts, one row per fact ----

struct Fact {
  const char* extractor;
  const char* file;
  const char* text;
  const char* name;
  const char* version;
  Relationship relationship = Relationship::kUnknown;
  int line = 0;  // 0: not checked
  bool dev = false;
  std::vector<std::string> depends_on = {};
  const char* commit = "";
};

const char kGoMod[] =
    "module example.com/app\n"
    "\n"
    "go 1.21\n"
    "toolchain go1.22.3\n"
    "\n"
    "require (\n"
    "\tgithub.com/a/direct v1.2.3\n"
    "\tgithub.com/b/indirect v0.1.0 // indirect\n"
    "\t\"github.com/c/quoted\" v2.0.0+incompatible\n"
    "\tgolang.org/x/old v0.1.0\n"
    "\tgolang.org/x/local v0.2.0\n"
    "\tgithub.com/d/excluded v1.0.0\n"
    ")\n"
    "require github.com/e/single v1.0.0 // indirect; comment\n"
    "replace golang.org/x/old => example.com/fork/old v0.9.0\n"
    "replace golang.org/x/local v0.2.0 => ../local\n"
    "exclude github.com/d/excluded v1.0.0\n"
    "retract [v0.1.0, v0.2.0]\n";

const char kCargo[] =
    "version = 3\n"
    "\n"
    "[[package]]\n"
    "name = \"app\"\n"
    "version = \"0.1.0\"\n"
    "dependencies = [\n"
    " \"serde\",\n"
    " \"rand 0.8.5\",\n"
    " \"rand 0.7.3 (registry+https://github.com/rust-lang/crates.io-index)\",\n"
    "]\n"
    "\n"
    "[[package]]\n"
    "name = \"serde\"\n"
    "version = \"1.0.0\"\n"
    "source = \"git+https://github.com/serde-rs/serde?branch=x#0123abcd\"\n"
    "\n"
    "[[package]]\n"
    "name = \"rand\"\n"
    "version = \"0.8.5\"\n"
    "source = \"registry+https://github.com/rust-lang/crates.io-index\"\n"
    "checksum = \"34af8d1a0e25924bc5b7c43c079c942339d8f0a8b57c39049bef581b46327404\"\n"
    "\n"
    "[[package]]\n"
    "name = \"rand\"\n"
    "version = \"0.7.3\"\n"
    "source = \"registry+https://github.com/rust-lang/crates.io-index\"\n";

const char kGemfile[] =
    "GIT\n"
    "  remote: https://github.com/x/y.git\n"
    "  revision: 027dbe2e56397b534e859fc283990cad1b6addd6\n"
    "  specs:\n"
    "    y (1.0.0)\n"
    "      rack (~> 2.0)\n"
    "\n"
    "GEM\n"
    "  remote: https://rubygems.org/\n"
    "  specs:\n"
    "    nokogiri (1.13.0-x86_64-linux)\n"
    "      racc (~> 1.4)\n"
    "    nokogiri (1.13.0-arm64-darwin)\n"
    "      racc (~> 1.4)\n"
    "    racc (1.6.0)\n"
    "    rack (2.2.3)\n"
    "\n"
    "PLATFORMS\n"
    "  x86_64-linux\n"
    "\n"
    "DEPENDENCIES\n"
    "  nokogiri (~> 1.13)\n"
    "  y!\n"
    "\n"
    "BUNDLED WITH\n"
    "   2.3.7\n";

const char kComposer[] = R"({
  "packages": [
    {
      "name": "guzzlehttp/guzzle",
      "version": "6.5.8",
      "source": {"type": "git", "url": "https://x", "reference": "a4a1b6930528"},
      "require": {"php": ">=5.5", "ext-json": "*", "GuzzleHttp/Psr7": "^1.9"},
      "license": ["MIT"]
    },
    {
      "name": "guzzlehttp/psr7",
      "version": "v1.9.0"
    }
  ],
  "packages-dev": [
    {"name": "pear/log", "version": "1.13.3"}
  ]
})";

const char kConanV1[] = R"({
 "graph_lock": {
  "nodes": {
   "0": {"ref": "app/1.0", "path": "conanfile.py", "requires": ["1"], "build_requires": ["3"]},
   "1": {"ref": "openssl/3.0.3@user/stable#288ab73765e6", "requires": ["2"]},
   "2": {"pref": "zlib/1.2.12#b76d:2a19826344ff#88731f"},
   "3": {"ref": "ninja/1.11.1"}
  }
 },
 "version": "0.4"
})";

const char kConanV2[] = R"({
  "version": "0.5",
  "requires": ["sound32/1.0@me/testing#83d4b7bf607b%1675278904.0791488"],
  "build_requires": ["automake/1.16.5#058bda3e21c3%1701120593.68"],
  "python_requires": []
})";

const char kVcpkg[] = R"({
  "name": "hello",
  "version": "0.1.0",
  "dependencies": ["fmt", {"name": "zlib", "version>=": "1.3"},
                   {"name": "vcpkg-cmake", "host": true}, "pinned"],
  "overrides": [{"name": "pinned", "version": "2.0.0", "port-version": 2}],
  "builtin-baseline": "fbfe5a93a4b9562d88dcbc9cefca0016594ba3b3"
})";

const char kPubspec[] =
    "packages:\n"
    "  crypto:\n"
    "    dependency: \"direct main\"\n"
    "    description:\n"
    "      name: crypto\n"
    "      url: \"https://pub.dev\"\n"
    "    source: hosted\n"
    "    version: \"3.0.2\"\n"
    "  build_runner:\n"
    "    dependency: \"direct dev\"\n"
    "    source: hosted\n"
    "    version: \"2.2.1\"\n"
    "  uuid:\n"
    "    dependency: transitive\n"
    "    description:\n"
    "      resolved-ref: 406b9b038b2c1d779f1e7bf609c8c248be247372\n"
    "      url: \"https://github.com/x/uuid.git\"\n"
    "    source: git\n"
    "    version: \"3.0.6\"\n";

const char kMix[] =
    "%{\n"
    "  \"credo\": {:hex, :credo, \"1.6.6\", \"f51f\", [:mix], [{:bunt, \"~> 0.2.0\", [hex: :bunt, "
    "repo: \"hexpm\", optional: false]}, {:jason, \"~> 1.0\", [hex: :jason, optional: true]}], "
    "\"hexpm\", \"6255\"},\n"
    "  # a comment\n"
    "  \"bunt\" => {:hex, :bunt, \"0.2.0\", \"951c\", [:mix], [], \"hexpm\", \"7af5\"},\n"
    "  \"esaml\": {:git, \"https://github.com/f/esaml.git\", \"4294a3ac\", [branch: \"x\"]},\n"
    "}\n";

const char kCabal[] =
    "-- generated\n"
    "active-repositories: hackage.haskell.org:merge\n"
    "constraints: any.aeson ==2.1.2.1,\n"
    "             aeson +ordered-keymap,\n"
    "             any.base ==4.17.0.0 || ==4.18.0.0,\n"
    "             any.text ==2.0.2\n";

const char kStack[] =
    "packages:\n"
    "- completed:\n"
    "    hackage: hasql-pool-1.0.1@sha256:3cfb4c71,2302\n"
    "  original:\n"
    "    hackage: hasql-pool-1.0.1\n"
    "- completed:\n"
    "    name: my-lib\n"
    "    version: 0.2.0\n"
    "    git: https://github.com/x/my-lib\n"
    "    commit: 0123abcd\n"
    "  original:\n"
    "    git: https://github.com/x/my-lib\n";

using R = Relationship;

class NativeFacts : public ::testing::TestWithParam<Fact> {};

TEST_P(NativeFacts, Extracts) {
  const Fact& f = GetParam();
  const auto inv = Extract(f.extractor, f.file, f.text);
  ASSERT_TRUE(inv.ok()) << inv.error().ToString();
  const Package* p = Find(inv.value(), f.name, f.version);
  ASSERT_NE(p, nullptr) << f.name << "@" << f.version << " not found";
  EXPECT_EQ(p->relationship, f.relationship);
  if (f.line != 0) {
    EXPECT_EQ(p->line, f.line);
  }
  EXPECT_EQ(p->dev, f.dev);
  EXPECT_EQ(p->depends_on, f.depends_on);
  EXPECT_EQ(p->commit, f.commit);
}

INSTANTIATE_TEST_SUITE_P(
    All, NativeFacts,
    ::testing::Values(
        // go.mod: direct, indirect (both comment forms), quoted paths, stdlib from toolchain.
        Fact{"go/gomod", "go.mod", kGoMod, "github.com/a/direct", "1.2.3", R::kDirect, 7},
        Fact{"go/gomod", "go.mod", kGoMod, "github.com/b/indirect", "0.1.0", R::kIndirect, 8},
        Fact{"go/gomod", "go.mod", kGoMod, "github.com/c/quoted", "2.0.0+incompatible", R::kDirect,
             9},
        Fact{"go/gomod", "go.mod", kGoMod, "github.com/e/single", "1.0.0", R::kIndirect, 14},
        Fact{"go/gomod", "go.mod", kGoMod, "stdlib", "1.22.3", R::kDirect, 4},
        // replace without an old version: every version, the line of the replace directive.
        Fact{"go/gomod", "go.mod", kGoMod, "example.com/fork/old", "0.9.0", R::kDirect, 15},
        // Cargo.lock: bare, "name version" and "name version (source)" edges; git commit.
        Fact{"rust/cargolock",
             "Cargo.lock",
             kCargo,
             "app",
             "0.1.0",
             R::kUnknown,
             4,
             false,
             {"rand@0.7.3", "rand@0.8.5", "serde@1.0.0"}},
        Fact{"rust/cargolock",
             "Cargo.lock",
             kCargo,
             "serde",
             "1.0.0",
             R::kUnknown,
             13,
             false,
             {},
             "0123abcd"},
        // Gemfile.lock: platform suffix removed, one package for both platforms, edges,
        // DEPENDENCIES as the direct set, "y!" pinned to a git source.
        Fact{"ruby/gemfilelock",
             "Gemfile.lock",
             kGemfile,
             "nokogiri",
             "1.13.0",
             R::kDirect,
             11,
             false,
             {"racc@1.6.0"}},
        Fact{"ruby/gemfilelock", "Gemfile.lock", kGemfile, "racc", "1.6.0", R::kIndirect, 15},
        Fact{"ruby/gemfilelock",
             "Gemfile.lock",
             kGemfile,
             "y",
             "1.0.0",
             R::kDirect,
             5,
             false,
             {"rack@2.2.3"},
             "027dbe2e56397b534e859fc283990cad1b6addd6"},
        // composer.lock: platform requirements are not edges; names are case-insensitive;
        // "v1.9.0" kept; packages-dev is dev.
        Fact{"php/composerlock",
             "composer.lock",
             kComposer,
             "guzzlehttp/guzzle",
             "6.5.8",
             R::kUnknown,
             4,
             false,
             {"guzzlehttp/psr7@v1.9.0"},
             "a4a1b6930528"},
        Fact{"php/composerlock", "composer.lock", kComposer, "pear/log", "1.13.3", R::kUnknown, 16,
             true},
        // conan v1: the consumer node is not a package; direct/indirect from the graph;
        // build requirements are dev; pref and user/channel/revision parsing.
        Fact{"cpp/conanlock",
             "conan.lock",
             kConanV1,
             "openssl",
             "3.0.3",
             R::kDirect,
             0,
             false,
             {"zlib@1.2.12"}},
        Fact{"cpp/conanlock", "conan.lock", kConanV1, "zlib", "1.2.12", R::kIndirect},
        Fact{"cpp/conanlock", "conan.lock", kConanV1, "ninja", "1.11.1", R::kDirect, 0, true},
        Fact{"cpp/conanlock", "conan.lock", kConanV2, "sound32", "1.0", R::kUnknown, 3},
        Fact{"cpp/conanlock", "conan.lock", kConanV2, "automake", "1.16.5", R::kUnknown, 4, true},
        // vcpkg.json: overrides pin (with port version), version>= bounds, host is dev.
        Fact{"cpp/vcpkgjson", "vcpkg.json", kVcpkg, "pinned", "2.0.0#2", R::kDirect},
        Fact{"cpp/vcpkgjson", "vcpkg.json", kVcpkg, "zlib", ">=1.3", R::kDirect},
        Fact{"cpp/vcpkgjson", "vcpkg.json", kVcpkg, "vcpkg-cmake", "", R::kDirect, 0, true},
        // pubspec.lock: direct dev is dev; transitive is indirect; git resolved-ref.
        Fact{"dart/pubspeclock", "pubspec.lock", kPubspec, "crypto", "3.0.2", R::kDirect, 2},
        Fact{"dart/pubspeclock", "pubspec.lock", kPubspec, "build_runner", "2.2.1", R::kDirect, 9,
             true},
        Fact{"dart/pubspeclock",
             "pubspec.lock",
             kPubspec,
             "uuid",
             "3.0.6",
             R::kIndirect,
             13,
             false,
             {},
             "406b9b038b2c1d779f1e7bf609c8c248be247372"},
        // mix.lock: keyword and => entries, comments, edges to locked packages only, git.
        Fact{"erlang/mixlock",
             "mix.lock",
             kMix,
             "credo",
             "1.6.6",
             R::kUnknown,
             2,
             false,
             {"bunt@0.2.0"}},
        Fact{"erlang/mixlock", "mix.lock", kMix, "bunt", "0.2.0", R::kUnknown, 4},
        Fact{
            "erlang/mixlock", "mix.lock", kMix, "esaml", "", R::kUnknown, 5, false, {}, "4294a3ac"},
        // cabal freeze: any.<pkg> pins on the constraints: line and continuation lines.
        Fact{"haskell/cabalfreeze", "cabal.project.freeze", kCabal, "aeson", "2.1.2.1", R::kUnknown,
             3},
        Fact{"haskell/cabalfreeze", "cabal.project.freeze", kCabal, "text", "2.0.2", R::kUnknown,
             6},
        // stack.yaml.lock: hackage name-version split at the last '-'; git packages.
        Fact{"haskell/stacklock", "stack.yaml.lock", kStack, "hasql-pool", "1.0.1", R::kUnknown},
        Fact{"haskell/stacklock",
             "stack.yaml.lock",
             kStack,
             "my-lib",
             "0.2.0",
             R::kUnknown,
             0,
             false,
             {},
             "0123abcd"}));

// ---- what must not be reported ----

struct Absent {
  const char* extractor;
  const char* file;
  const char* text;
  const char* name;
};

class NativeAbsent : public ::testing::TestWithParam<Absent> {};

TEST_P(NativeAbsent, NotReported) {
  const Absent& a = GetParam();
  const auto inv = Extract(a.extractor, a.file, a.text);
  ASSERT_TRUE(inv.ok()) << inv.error().ToString();
  // Not as a dependency: the project's own entry (the conan consumer) is a Package::project.
  for (const auto& p : inv.value().packages) {
    if (!p.project) {
      EXPECT_NE(p.name, a.name);
    }
  }
}

INSTANTIATE_TEST_SUITE_P(
    All, NativeAbsent,
    ::testing::Values(Absent{"go/gomod", "go.mod", kGoMod, "golang.org/x/old"},    // replaced
                      Absent{"go/gomod", "go.mod", kGoMod, "golang.org/x/local"},  // local dir
                      Absent{"go/gomod", "go.mod", kGoMod, "../local"},
                      Absent{"go/gomod", "go.mod", kGoMod, "github.com/d/excluded"},
                      Absent{"cpp/conanlock", "conan.lock", kConanV1, "app"},  // the consumer
                      Absent{"haskell/cabalfreeze", "cabal.project.freeze", kCabal, "base"},
                      Absent{"ruby/gemfilelock", "Gemfile.lock", kGemfile, "bundler"}));

TEST(NativeGemfile, PlatformVariantsAreOnePackage) {
  const auto inv = Extract("ruby/gemfilelock", "Gemfile.lock", kGemfile);
  ASSERT_TRUE(inv.ok());
  EXPECT_EQ(std::count_if(inv.value().packages.begin(), inv.value().packages.end(),
                          [](const Package& p) { return p.name == "nokogiri"; }),
            1);
}

TEST(NativeGoMod, LocalReplacementIsAWarning) {
  const auto inv = Extract("go/gomod", "go.mod", kGoMod);
  ASSERT_TRUE(inv.ok());
  const auto& w = inv.value().warnings;
  EXPECT_TRUE(std::any_of(w.begin(), w.end(), [](const std::string& s) {
    return s.find("../local") != std::string::npos;
  }));
}

TEST(NativeGoMod, ReadsSiblingGoSumBefore117) {
  class OneFile : public FileReader {
   public:
    Result<std::string> Read(const RepoPath& path) const override {
      if (path.str() != "svc/go.sum") return InputError(ValidationStep::kOrigin, path.str(), "no");
      return std::string(
          "github.com/x/dep v1.0.0 h1:abc=\n"
          "github.com/x/dep v1.0.0/go.mod h1:def=\n"
          "github.com/x/modonly v0.1.0/go.mod h1:ghi=\n");
    }
  } reader;
  const auto inv = Extract("go/gomod", "svc/go.mod", "module m\ngo 1.16\n", &reader);
  ASSERT_TRUE(inv.ok());
  const Package* dep = Find(inv.value(), "github.com/x/dep", "1.0.0");
  ASSERT_NE(dep, nullptr);
  EXPECT_EQ(dep->relationship, Relationship::kIndirect);
  EXPECT_EQ(dep->path.str(), "svc/go.sum");
  EXPECT_EQ(dep->line, 1);
  // A module whose go.sum line hashes only its go.mod was never downloaded.
  EXPECT_EQ(Find(inv.value(), "github.com/x/modonly", "0.1.0"), nullptr);
}

TEST(NativeConan, ParsesEveryReferencePart) {
  const auto r = ParseConanReference("zlib/1.2.11@user/chan#rrev:pkgid#prev%1675278904.07");
  EXPECT_EQ(r.name, "zlib");
  EXPECT_EQ(r.version, "1.2.11");
  EXPECT_EQ(r.user, "user");
  EXPECT_EQ(r.channel, "chan");
  EXPECT_EQ(r.recipe_revision, "rrev");
  EXPECT_EQ(r.package_id, "pkgid");
  EXPECT_EQ(r.package_revision, "prev");
  EXPECT_EQ(r.timestamp, "1675278904.07");
  EXPECT_EQ(ParseConanReference("1.2.3").name, "");
}

TEST(NativeGoVersion, Before117) {
  EXPECT_TRUE(GoVersionBefore("1.16", 1, 17));
  EXPECT_TRUE(GoVersionBefore("go1.9.2", 1, 17));
  EXPECT_FALSE(GoVersionBefore("1.17", 1, 17));
  EXPECT_FALSE(GoVersionBefore("1.23rc1", 1, 17));
  EXPECT_FALSE(GoVersionBefore("2.0", 1, 17));
}

// ---- bad input: malformed text names the file, the step and the line ----

struct Bad {
  const char* extractor;
  const char* file;
  std::string text;
  ValidationStep step;
};

class NativeBad : public ::testing::TestWithParam<Bad> {};

TEST_P(NativeBad, RejectsWithFileAndStep) {
  const Bad& b = GetParam();
  const auto inv = Extract(b.extractor, b.file, b.text);
  ASSERT_FALSE(inv.ok()) << b.extractor << " accepted bad input";
  EXPECT_EQ(inv.error().step, b.step) << inv.error().ToString();
  EXPECT_TRUE(inv.error().context.starts_with(b.file)) << inv.error().ToString();
  EXPECT_FALSE(inv.error().message.empty());
}

std::string Deep(const std::string& open, const std::string& prefix, int n) {
  std::string s = prefix;
  for (int i = 0; i < n; ++i) s += open;
  return s;
}

INSTANTIATE_TEST_SUITE_P(
    All, NativeBad,
    ::testing::Values(
        Bad{"go/gomod", "x/go.mod", "this is not a go.mod file!\n", ValidationStep::kSyntax},
        Bad{"go/gomod", "x/go.mod", "require (\n  a.b/c v1.0.0\n", ValidationStep::kSyntax},
        Bad{"go/gomod", "x/go.mod", "require a.b/c\n", ValidationStep::kSyntax},
        Bad{"go/gomod", "x/go.mod", "module \"unterminated\n", ValidationStep::kLexical},
        Bad{"go/gomod", "x/go.mod", std::string("module a\0b\n", 11), ValidationStep::kLexical},
        Bad{"go/gomod", "x/go.mod", "replace a.b/c => d.e/f\n", ValidationStep::kSyntax},
        Bad{"go/gosum", "go.sum", "github.com/a/b v1.0.0\n", ValidationStep::kSyntax},
        Bad{"rust/cargolock", "Cargo.lock", "[[package]]\nname = \"a\"\nversion =\n",
            ValidationStep::kSyntax},
        Bad{"rust/cargolock", "Cargo.lock", Deep("[", "a = ", 5000), ValidationStep::kSize},
        Bad{"rust/cargolock", "Cargo.lock", Deep("{x=", "a = ", 5000), ValidationStep::kSize},
        Bad{"ruby/gemfilelock", "Gemfile.lock", std::string("GEM\n\0", 5),
            ValidationStep::kLexical},
        Bad{"php/composerlock", "composer.lock", "{\"packages\": [", ValidationStep::kSyntax},
        Bad{"php/composerlock", "composer.lock", "null", ValidationStep::kSemantics},
        Bad{"php/composerlock", "composer.lock", "{\"packages\": {}}", ValidationStep::kSemantics},
        Bad{"php/composerlock", "composer.lock", Deep("[", "", 50000), ValidationStep::kSize},
        Bad{"cpp/conanlock", "conan.lock", Deep("{\"a\":", "", 50000), ValidationStep::kSize},
        Bad{"cpp/conanlock", "conan.lock", "[1]", ValidationStep::kSemantics},
        Bad{"cpp/vcpkgjson", "vcpkg.json", "{\"dependencies\": 3}", ValidationStep::kSemantics},
        Bad{"dart/pubspeclock", "pubspec.lock", "", ValidationStep::kSemantics},
        Bad{"dart/pubspeclock", "pubspec.lock", "[this is not yaml]", ValidationStep::kSemantics},
        Bad{"dart/pubspeclock", "pubspec.lock", Deep("[", "a: ", 50000), ValidationStep::kSize},
        Bad{"erlang/mixlock", "mix.lock", "%{\n  \"a\": {:hex, :a, \"1.0\"\n",
            ValidationStep::kSyntax},
        Bad{"erlang/mixlock", "mix.lock", "[1, 2]", ValidationStep::kSemantics},
        Bad{"erlang/mixlock", "mix.lock", Deep("{", "%{\"a\": ", 50000), ValidationStep::kSize},
        Bad{"haskell/stacklock", "stack.yaml.lock", "packages: {a: [", ValidationStep::kSyntax},
        Bad{"haskell/stacklock", "stack.yaml.lock", "packages: 3", ValidationStep::kSemantics}));

TEST(NativeBadMessage, SyntaxErrorNamesTheLine) {
  const auto inv = Extract("go/gomod", "go.mod", "module a\n\nrequire a.b/c\n");
  ASSERT_FALSE(inv.ok());
  EXPECT_EQ(inv.error().context, "go.mod:3");
  const auto mix = Extract("erlang/mixlock", "mix.lock", "%{\n\n  \"a\": {:hex, ]\n}");
  ASSERT_FALSE(mix.ok());
  EXPECT_EQ(mix.error().context, "mix.lock:3");
}

// ---- empty and huge input ----

struct Empty {
  const char* extractor;
  const char* file;
};

const Empty kAll[] = {
    {"go/gomod", "go.mod"},
    {"go/gosum", "go.sum"},
    {"rust/cargolock", "Cargo.lock"},
    {"ruby/gemfilelock", "Gemfile.lock"},
    {"php/composerlock", "composer.lock"},
    {"cpp/conanlock", "conan.lock"},
    {"cpp/vcpkgjson", "vcpkg.json"},
    {"dart/pubspeclock", "pubspec.lock"},
    {"erlang/mixlock", "mix.lock"},
    {"haskell/cabalfreeze", "cabal.project.freeze"},
    {"haskell/stacklock", "stack.yaml.lock"},
};

TEST(NativeEmpty, EmptyFileHasNoPackages) {
  for (const auto& e : kAll) {
    const auto inv = Extract(e.extractor, e.file, "");
    if (std::string_view(e.extractor) == "dart/pubspeclock" ||
        std::string_view(e.file).ends_with(".json") ||
        std::string_view(e.file) == "composer.lock" || std::string_view(e.file) == "conan.lock") {
      // An empty JSON document, or a pubspec.lock with no top-level mapping, is not the format.
      EXPECT_FALSE(inv.ok()) << e.extractor;
      continue;
    }
    ASSERT_TRUE(inv.ok()) << e.extractor << ": " << inv.error().ToString();
    EXPECT_TRUE(inv.value().packages.empty()) << e.extractor;
  }
}

TEST(NativeHuge, LargerThanTheLimitIsASizeError) {
  const std::string huge(kMaxManifestBytes + 1, '\n');
  for (const auto& e : kAll) {
    const auto inv = Extract(e.extractor, e.file, huge);
    ASSERT_FALSE(inv.ok()) << e.extractor;
    EXPECT_EQ(inv.error().step, ValidationStep::kSize) << e.extractor;
    EXPECT_EQ(inv.error().context, e.file) << e.extractor;
  }
}

TEST(NativeRegistry, EveryExtractorIsRegisteredWithItsFileName) {
  const std::map<std::string, std::string> wants = {
      {"go/gomod", "a/go.mod"},
      {"go/gosum", "a/go.sum"},
      {"rust/cargolock", "a/Cargo.lock"},
      {"ruby/gemfilelock", "a/gems.locked"},
      {"php/composerlock", "a/composer.lock"},
      {"cpp/conanlock", "a/conan.lock"},
      {"cpp/vcpkgjson", "a/vcpkg.json"},
      {"dart/pubspeclock", "a/pubspec.lock"},
      {"erlang/mixlock", "a/mix.lock"},
      {"haskell/cabalfreeze", "a/cabal.project.freeze"},
      {"haskell/stacklock", "a/stack.yaml.lock"}};
  for (const auto& [name, path] : wants) {
    const Extractor* e = FindExtractor(name);
    ASSERT_NE(e, nullptr) << name;
    EXPECT_TRUE(e->FileRequired(RepoPath::Parse(path).value())) << name;
    EXPECT_FALSE(e->FileRequired(RepoPath::Parse("a/README.md").value())) << name;
  }
}

}  // namespace
}  // namespace fledger::sca

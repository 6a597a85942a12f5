// Tests for the import scanner, the package matching rules and the import index.
#include "sca/imports/imports.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "fs/walker.h"
#include "test_util.h"

namespace fledger::sca::imports {
namespace {

Package Pkg(const char* ecosystem, const char* name) {
  return MakePackage(Ecosystem::Parse(ecosystem).value(), name, "1.0.0");
}

// The lines of `text` that import `package`, as the index would report them.
std::vector<int> LinesFor(Language language, const std::string& text, const Package& p) {
  ImportIndex index;
  index.AddFile(RepoPath::Parse("f").value(), language, text);
  std::vector<int> lines;
  for (const ImportSite& s : index.SitesFor(p)) lines.push_back(s.line);
  return lines;
}

struct Case {
  const char* name;
  Language language;
  const char* text;
  const char* ecosystem;
  const char* package;
  std::vector<int> lines;
};

const Case kCases[] = {
    // ---- JavaScript / TypeScript ----
    {"js_import_from",
     Language::kJavaScript,
     "import React from 'react';\nimport { useState } from \"react\";\n",
     "npm",
     "react",
     {1, 2}},
    {"js_side_effect_and_export",
     Language::kJavaScript,
     "import 'lodash';\nexport { map } from 'lodash/fp';\nexport * from \"lodash\";\n",
     "npm",
     "lodash",
     {1, 2, 3}},
    {"js_require_and_dynamic",
     Language::kJavaScript,
     "const a = require('express');\nconst b = await import('express/lib/router');\n"
     "const c = require.resolve(\"express\");\n",
     "npm",
     "express",
     {1, 2, 3}},
    {"js_multiline_import",
     Language::kJavaScript,
     "import {\n  a,\n  b,\n} from 'left-pad';\n",
     "npm",
     "left-pad",
     {4}},
    {"js_scoped",
     Language::kJavaScript,
     "import core from '@babel/core';\nimport x from '@babel/core/lib/x.js';\n"
     "import y from '@babel/preset-env';\n",
     "npm",
     "@babel/core",
     {1, 2}},
    {"js_typescript_forms",
     Language::kJavaScript,
     "import type { Foo } from 'zod';\nimport z = require('zod');\n",
     "npm",
     "zod",
     {1, 2}},
    {"js_prefix_is_not_a_match",
     Language::kJavaScript,
     "import ReactDOM from 'react-dom';\nimport r from 'react-dom/client';\n",
     "npm",
     "react",
     {}},
    {"js_react_dom",
     Language::kJavaScript,
     "import React from 'react';\nimport ReactDOM from 'react-dom';\n",
     "npm",
     "react-dom",
     {2}},
    {"js_relative_and_builtins",
     Language::kJavaScript,
     "import a from './fs';\nimport b from '../fs';\nimport c from 'node:fs';\n"
     "const d = require('/abs/fs');\n",
     "npm",
     "fs",
     {}},
    {"js_comments_and_strings",
     Language::kJavaScript,
     "// import x from 'chalk';\n/* require('chalk')\n */\nconst s = \"require('chalk')\";\n"
     "const t = `import('chalk')`;\nfoo.require('chalk');\n",
     "npm",
     "chalk",
     {}},
    {"js_query_and_deno",
     Language::kJavaScript,
     "import w from 'pako?worker';\nimport x from 'npm:pako@2.1.0/lib';\n",
     "npm",
     "pako",
     {1, 2}},
    {"js_vue_script",
     Language::kJavaScript,
     "<template><p>Don't</p></template>\n<script>\nimport axios from 'axios'\n</script>\n",
     "npm",
     "axios",
     {3}},
    // ---- Python ----
    {"py_import_forms",
     Language::kPython,
     "import requests\nimport os, requests.adapters as ra\nfrom requests.auth import "
     "HTTPBasicAuth\n"
     "from requests import (\n    get,\n)\n",
     "PyPI",
     "requests",
     {1, 2, 3, 4}},
    {"py_alias_table",
     Language::kPython,
     "import yaml\nfrom PIL import Image\nimport bs4\n",
     "PyPI",
     "PyYAML",
     {1}},
    {"py_pillow", Language::kPython, "from PIL import Image\n", "PyPI", "Pillow", {1}},
    {"py_protobuf",
     Language::kPython,
     "from google.protobuf import message\nimport google.auth\n",
     "PyPI",
     "protobuf",
     {1}},
    {"py_normalized_name",
     Language::kPython,
     "import typing_extensions\nimport zope.interface\n",
     "PyPI",
     "typing-extensions",
     {1}},
    {"py_namespace_dist",
     Language::kPython,
     "import zope.interface\nimport zope.event\n",
     "PyPI",
     "zope.interface",
     {1}},
    {"py_python_prefix_heuristic",
     Language::kPython,
     "import dateutil.parser\nimport jose\n",
     "PyPI",
     "python-jose",
     {2}},
    {"py_relative_and_comments",
     Language::kPython,
     "from . import requests\nfrom .requests import x\n# import requests\n"
     "s = 'import requests'\n\"\"\"\nimport requests\n\"\"\"\nx = 1  # from requests import y\n",
     "PyPI",
     "requests",
     {}},
    {"py_semicolon_and_continuation",
     Language::kPython,
     "x = 1; import six\nimport os, \\\n    six\n",
     "PyPI",
     "six",
     {1, 3}},
    {"py_future_is_not_future",
     Language::kPython,
     "from __future__ import annotations\n",
     "PyPI",
     "future",
     {}},
    // ---- Go ----
    {"go_block_and_single",
     Language::kGo,
     "package main\n\nimport \"github.com/gin-gonic/gin\"\nimport (\n\t\"fmt\"\n"
     "\tg \"github.com/gin-gonic/gin/binding\"\n\t_ `github.com/gin-gonic/gin/render`\n)\n",
     "Go",
     "github.com/gin-gonic/gin",
     {3, 6, 7}},
    {"go_prefix_needs_slash",
     Language::kGo,
     "import \"github.com/gin-gonic/gin-contrib\"\nimport \"github.com/gin-gonic/ginx\"\n",
     "Go",
     "github.com/gin-gonic/gin",
     {}},
    {"go_major_version_suffix",
     Language::kGo,
     "import \"github.com/go-chi/chi/v5\"\nimport \"github.com/go-chi/chi/middleware\"\n",
     "Go",
     "github.com/go-chi/chi",
     {2}},
    {"go_comment",
     Language::kGo,
     "// import \"gopkg.in/yaml.v3\"\nimport \"gopkg.in/yaml.v3\"\n",
     "Go",
     "gopkg.in/yaml.v3",
     {2}},
    // ---- Rust ----
    {"rust_use_and_extern",
     Language::kRust,
     "use serde_json::Value;\nextern crate serde_json;\npub use ::serde_json as json;\n"
     "use std::io;\n",
     "crates.io",
     "serde-json",
     {1, 2, 3}},
    {"rust_use_group",
     Language::kRust,
     "use {\n    tokio::net,\n    serde::{Deserialize, Serialize},\n};\n",
     "crates.io",
     "serde",
     {3}},
    {"rust_lifetime_and_strings",
     Language::kRust,
     "fn f<'a>(x: &'a str) -> char { 'x' }\nlet s = \"use regex;\";\nuse regex::Regex;\n",
     "crates.io",
     "regex",
     {3}},
    {"rust_nested_comment",
     Language::kRust,
     "/* outer /* inner */ use regex::Regex; */\nuse regex::bytes;\n",
     "crates.io",
     "regex",
     {2}},
    // ---- Java / Kotlin / Scala ----
    {"java_group_prefix",
     Language::kJava,
     "package x;\nimport org.slf4j.Logger;\nimport static org.slf4j.LoggerFactory.getLogger;\n"
     "import org.slf4jx.Other;\n",
     "Maven",
     "org.slf4j:slf4j-api",
     {2, 3}},
    {"java_alias_table",
     Language::kJava,
     "import com.google.common.collect.ImmutableList;\nimport com.google.gson.Gson;\n",
     "Maven",
     "com.google.guava:guava",
     {1}},
    {"kotlin_import",
     Language::kKotlin,
     "import okhttp3.OkHttpClient\nimport okhttp3.Request as Req\n",
     "Maven",
     "com.squareup.okhttp3:okhttp",
     {1, 2}},
    {"scala_wildcards",
     Language::kScala,
     "import org.apache.commons.lang3._\nimport org.apache.commons.lang3.{StringUtils, Validate}\n",
     "Maven",
     "org.apache.commons:commons-lang3",
     {1, 2}},
    {"java_comment_and_text_block",
     Language::kJava,
     "// import org.slf4j.Logger;\nString s = \"\"\"\nimport org.slf4j.Logger;\n\"\"\";\n",
     "Maven",
     "org.slf4j:slf4j-api",
     {}},
    // ---- Ruby ----
    {"ruby_require_forms",
     Language::kRuby,
     "require 'nokogiri'\nrequire(\"nokogiri/xml\")\nrequire_relative 'nokogiri'\n",
     "RubyGems",
     "nokogiri",
     {1, 2}},
    {"ruby_underscore_and_slash",
     Language::kRuby,
     "require 'active_support/core_ext'\nrequire 'net/http/persistent'\n",
     "RubyGems",
     "activesupport",
     {1}},
    {"ruby_dash_as_slash",
     Language::kRuby,
     "require 'net/http/persistent'\nrequire 'net/http'\n",
     "RubyGems",
     "net-http-persistent",
     {1}},
    {"ruby_comments_heredoc",
     Language::kRuby,
     "# require 'rake'\n=begin\nrequire 'rake'\n=end\nx = <<~EOS\n  require 'rake'\nEOS\n"
     "require 'rake'\n",
     "RubyGems",
     "rake",
     {8}},
    // ---- PHP ----
    {"php_use_forms",
     Language::kPhp,
     "<?php\nuse Monolog\\Logger;\nuse Monolog\\Handler\\{StreamHandler, NullHandler};\n"
     "$f = function () use ($x) {};\n",
     "Packagist",
     "monolog/monolog",
     {2, 3}},
    // Line 3 matches by vendor alone (low confidence); an inventory with symfony/yaml claims it.
    {"php_symfony_component",
     Language::kPhp,
     "<?php\nuse Symfony\\Component\\Console\\Command\\Command;\n"
     "use Symfony\\Component\\Yaml\\Yaml;\nuse Psr\\Log\\LoggerInterface;\n",
     "Packagist",
     "symfony/console",
     {2, 3}},
    {"php_vendor_require",
     Language::kPhp,
     "<?php\nrequire_once __DIR__ . '/vendor/guzzlehttp/guzzle/src/functions.php';\n"
     "require 'vendor/autoload.php';\n",
     "Packagist",
     "guzzlehttp/guzzle",
     {2}},
    {"php_comments",
     Language::kPhp,
     "<?php\n// use Monolog\\Logger;\n# use Monolog\\Logger;\n",
     "Packagist",
     "monolog/monolog",
     {}},
    // ---- C / C++ ----
    {"c_first_segment",
     Language::kC,
     "#include <openssl/ssl.h>\n#  include \"openssl/evp.h\"\n#include <openssl-extra/x.h>\n",
     "ConanCenter",
     "openssl",
     {1, 2}},
    {"c_header_stem",
     Language::kC,
     "#include <zlib.h>\n#include <zlibx.h>\n",
     "vcpkg",
     "zlib",
     {1}},
    {"c_lib_prefix", Language::kC, "#include <curl/curl.h>\n", "ConanCenter", "libcurl", {1}},
    {"c_fmt", Language::kC, "#include <fmt/core.h>\n#include <fmtlib.h>\n", "vcpkg", "fmt", {1}},
    {"c_comments_and_strings",
     Language::kC,
     "// #include <fmt/core.h>\n/*\n#include <fmt/core.h>\n*/\nconst char* s = \"#include "
     "<fmt/core.h>\";\nauto r = R\"(\n#include <fmt/core.h>\n)\";\n",
     "vcpkg",
     "fmt",
     {}},
    // ---- cross-ecosystem: a Python import never matches an npm package ----
    {"ecosystem_mismatch", Language::kPython, "import react\n", "npm", "react", {}},
};

class ImportCaseTest : public ::testing::TestWithParam<Case> {};

TEST_P(ImportCaseTest, ReportsExactlyTheExpectedLines) {
  const Case& c = GetParam();
  EXPECT_EQ(LinesFor(c.language, c.text, Pkg(c.ecosystem, c.package)), c.lines) << c.text;
}

INSTANTIATE_TEST_SUITE_P(Imports, ImportCaseTest, ::testing::ValuesIn(kCases),
                         [](const auto& info) { return std::string(info.param.name); });

TEST(ImportScanTest, RecordsModuleTextAndColumn) {
  const std::vector<RawImport> raw =
      ScanImports(Language::kJavaScript, "const x = require('lodash/fp');\n  import 'a';\n");
  ASSERT_EQ(raw.size(), 2u);
  EXPECT_EQ(raw[0].module, "lodash/fp");
  EXPECT_EQ(raw[0].line, 1);
  EXPECT_EQ(raw[0].column, 20);
  EXPECT_EQ(raw[1].module, "a");
  EXPECT_EQ(raw[1].line, 2);
  EXPECT_EQ(raw[1].column, 11);

  const std::vector<RawImport> c =
      ScanImports(Language::kC, "#include <a/b.h>\n#include \"c.h\"\n");
  ASSERT_EQ(c.size(), 2u);
  EXPECT_EQ(c[0].module, "<a/b.h>");
  EXPECT_EQ(c[1].module, "\"c.h\"");
}

TEST(ImportScanTest, StopsAtTheSiteLimit) {
  std::string text;
  for (int i = 0; i < 50; ++i) text += "import a" + std::to_string(i) + "\n";
  EXPECT_EQ(ScanImports(Language::kPython, text, 7).size(), 7u);
  EXPECT_EQ(ScanImports(Language::kPython, text).size(), 50u);
}

TEST(ImportScanTest, HostileInputsEndWithoutSites) {
  // Unterminated comments and strings swallow the rest, and nothing loops.
  struct Hostile {
    Language language;
    const char* opener;  // an unterminated comment or multi-line string
    const char* statement;
  };
  const Hostile kHostile[] = {
      {Language::kJavaScript, "/* ", "import 'x'"},   {Language::kJavaScript, "`", "import 'x'"},
      {Language::kPython, "\"\"\"", "import x"},      {Language::kGo, "/* ", "import \"x\""},
      {Language::kGo, "`", "import \"x\""},           {Language::kRust, "/* /* */", "use x;"},
      {Language::kJava, "/* ", "import a.b;"},        {Language::kKotlin, "\"\"\"", "import a.b"},
      {Language::kScala, "/* /* */", "import a.b"},   {Language::kRuby, "=begin", "require 'x'"},
      {Language::kRuby, "x = <<~EOS", "require 'x'"}, {Language::kPhp, "<<<EOT", "use A\\B;"},
      {Language::kPhp, "/* ", "use A\\B;"},           {Language::kC, "/* ", "#include <x.h>"},
      {Language::kC, "R\"x(", "#include <x.h>"},
  };
  for (const Hostile& h : kHostile) {
    const std::string text = std::string(h.opener) + "\n" + h.statement + "\n";
    EXPECT_TRUE(ScanImports(h.language, text).empty()) << text;
    // The same statement outside the opener is found: the test can fail.
    EXPECT_EQ(ScanImports(h.language, std::string(h.statement) + "\n").size(), 1u) << text;
    EXPECT_TRUE(ScanImports(h.language, "").empty());
    EXPECT_TRUE(ScanImports(h.language, std::string(100000, '{')).empty());
  }
  EXPECT_TRUE(ScanImports(Language::kRust, "use {" + std::string(100000, '{')).empty());
  EXPECT_TRUE(ScanImports(Language::kGo, "import (" + std::string(1000, '(')).empty());
}

TEST(ImportMatchTest, ConfidencePerRule) {
  struct M {
    Language language;
    const char* module;
    const char* ecosystem;
    const char* package;
    Confidence confidence;
  };
  const M kMatches[] = {
      {Language::kJavaScript, "react", "npm", "react", Confidence::kHigh},
      {Language::kPython, "yaml", "PyPI", "pyyaml", Confidence::kHigh},
      {Language::kPython, "dateutil", "PyPI", "python-dateutil", Confidence::kHigh},  // table
      {Language::kPython, "magic", "PyPI", "python-magic", Confidence::kMedium},      // heuristic
      {Language::kGo, "golang.org/x/net/http2", "Go", "golang.org/x/net", Confidence::kHigh},
      {Language::kRust, "serde_json", "crates.io", "serde_json", Confidence::kHigh},
      {Language::kJava, "org.slf4j.Logger", "Maven", "org.slf4j:slf4j-api", Confidence::kLow},
      {Language::kJava, "org.apache.commons.lang3.StringUtils", "Maven",
       "org.apache.commons:commons-lang3", Confidence::kMedium},
      {Language::kRuby, "rake", "RubyGems", "rake", Confidence::kHigh},
      {Language::kRuby, "active_support", "RubyGems", "activesupport", Confidence::kMedium},
      {Language::kPhp, "GuzzleHttp\\Client", "Packagist", "guzzlehttp/guzzle", Confidence::kLow},
      {Language::kC, "<zlib.h>", "ConanCenter", "zlib", Confidence::kMedium},
      {Language::kC, "\"zlib.h\"", "ConanCenter", "zlib", Confidence::kLow},
      {Language::kC, "<libxml/parser.h>", "vcpkg", "libxml2", Confidence::kLow},
  };
  for (const M& m : kMatches) {
    const auto got = MatchImport(m.language, m.module, Pkg(m.ecosystem, m.package));
    ASSERT_TRUE(got.has_value()) << m.module << " / " << m.package;
    EXPECT_EQ(got->confidence, m.confidence) << m.module << " / " << m.package;
  }
}

TEST(ImportIndexTest, InventoryGivesAnImportToTheMostSpecificPackage) {
  ImportIndex index;
  index.AddFile(RepoPath::Parse("main.go").value(), Language::kGo,
                "import (\n\t\"github.com/a/b\"\n\t\"github.com/a/b/c/d\"\n)\n");
  index.AddFile(RepoPath::Parse("app.py").value(), Language::kPython,
                "import google.cloud.storage\nimport google.auth\n");
  const Package ab = Pkg("Go", "github.com/a/b");
  const Package abc = Pkg("Go", "github.com/a/b/c");
  const std::vector<Package> inventory = {ab, abc};
  EXPECT_EQ(index.SitesFor(ab).size(), 2u);  // without the inventory, both
  const auto only = index.SitesFor(ab, inventory);
  ASSERT_EQ(only.size(), 1u);
  EXPECT_EQ(only[0].line, 2);
  const auto nested = index.SitesFor(abc, inventory);
  ASSERT_EQ(nested.size(), 1u);
  EXPECT_EQ(nested[0].module, "github.com/a/b/c/d");

  const Package google = Pkg("PyPI", "google");
  const Package storage = Pkg("PyPI", "google-cloud-storage");
  const std::vector<Package> py = {google, storage};
  EXPECT_EQ(index.SitesFor(google).size(), 2u);
  ASSERT_EQ(index.SitesFor(google, py).size(), 1u);
  EXPECT_EQ(index.SitesFor(google, py)[0].module, "google.auth");
  ASSERT_EQ(index.SitesFor(storage, py).size(), 1u);
  EXPECT_EQ(index.SitesFor(storage, py)[0].line, 1);

  index.AddFile(RepoPath::Parse("a.php").value(), Language::kPhp,
                "<?php\nuse Symfony\\Component\\Console\\Application;\n"
                "use Symfony\\Component\\Yaml\\Yaml;\n");
  const Package console = Pkg("Packagist", "symfony/console");
  const Package yaml = Pkg("Packagist", "symfony/yaml");
  const std::vector<Package> php = {console, yaml};
  ASSERT_EQ(index.SitesFor(console).size(), 2u);
  EXPECT_EQ(index.SitesFor(console)[1].confidence, Confidence::kLow);
  ASSERT_EQ(index.SitesFor(console, php).size(), 1u);
  EXPECT_EQ(index.SitesFor(console, php)[0].confidence, Confidence::kMedium);
}

TEST(ImportIndexTest, LanguageForPath) {
  EXPECT_EQ(LanguageForPath("src/a.tsx"), Language::kJavaScript);
  EXPECT_EQ(LanguageForPath("a/b.PY"), Language::kPython);
  EXPECT_EQ(LanguageForPath("x.hpp"), Language::kC);
  EXPECT_EQ(LanguageForPath("build.gradle.kts"), Language::kKotlin);
  EXPECT_FALSE(LanguageForPath("Gemfile").has_value());
  EXPECT_FALSE(LanguageForPath("package.json").has_value());
  EXPECT_FALSE(LanguageForPath(".py").has_value());
}

TEST(ImportIndexTest, BuildsFromATreeEndToEnd) {
  testing::TempDir dir;
  dir.Write("web/app.ts", "import express from 'express';\nimport './local';\n");
  dir.Write("web/server.js", "// require('express')\nconst e = require(\"express\");\n");
  dir.Write("web/node_modules/express/index.js", "require('express')\n");  // ignored below
  dir.Write(".gitignore", "node_modules/\n");
  dir.Write("tool/cli.py", "import requests\nfrom requests import get\n");
  dir.Write("Gemfile", "require 'express'\n");  // not a source file
  dir.Write("README.md", "import express from 'express'\n");

  auto walker = fs::Walker::Open(dir.path(), fs::WalkOptions{.jobs = 2});
  ASSERT_TRUE(walker.ok());
  auto files = walker.value().List();
  ASSERT_TRUE(files.ok());
  const ImportIndex index = ImportIndex::Build(walker.value(), files.value());
  EXPECT_EQ(index.files_scanned(), 3u);
  EXPECT_EQ(index.unreadable(), 0u);

  const auto express = index.SitesFor(Pkg("npm", "express"));
  ASSERT_EQ(express.size(), 2u);
  EXPECT_EQ(express[0].path.str(), "web/app.ts");
  EXPECT_EQ(express[0].line, 1);
  EXPECT_EQ(express[0].column, 22);
  EXPECT_EQ(express[0].language, Language::kJavaScript);
  EXPECT_EQ(express[1].path.str(), "web/server.js");
  EXPECT_EQ(express[1].line, 2);

  const auto requests = index.SitesFor(Pkg("PyPI", "Requests"));
  ASSERT_EQ(requests.size(), 2u);
  EXPECT_EQ(requests[0].path.str(), "tool/cli.py");
  EXPECT_EQ(requests[1].line, 2);
  EXPECT_EQ(requests[1].confidence, Confidence::kHigh);

  EXPECT_TRUE(index.SitesFor(Pkg("npm", "local")).empty());
  EXPECT_TRUE(index.SitesFor(Pkg("NuGet", "express")).empty());
}

}  // namespace
}  // namespace fledger::sca::imports

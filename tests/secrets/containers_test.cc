// Tests for the container readers, part 1: telling containers apart, Jupyter notebooks (sources,
// outputs, line mapping, nbformat 3, malformed notebooks), and .env files reaching the scan
// through the walker. Archives: containers_archive_test.cc.
#include "secrets/containers.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "core/text.h"
#include "fs/walker.h"
#include "test_util.h"

namespace fledger::secrets {
namespace {

using Json = nlohmann::ordered_json;

std::vector<TextPart> MustExpand(const std::string& json, const std::string& path = "nb.ipynb") {
  auto parts = ExpandNotebook(path, json, ContainerLimits{});
  EXPECT_TRUE(parts.ok()) << parts.error().ToString();
  if (!parts.ok()) return {};
  return std::move(parts).value();
}

const TextPart* FindPart(const std::vector<TextPart>& parts, const std::string& where) {
  for (const auto& p : parts) {
    if (p.where == where) return &p;
  }
  return nullptr;
}

std::vector<std::string> Lines(std::string_view text) {
  std::vector<std::string> out;
  size_t start = 0;
  while (start < text.size()) {
    const size_t nl = text.find('\n', start);
    const size_t end = nl == std::string_view::npos ? text.size() : nl;
    out.emplace_back(text.substr(start, end - start));
    start = end + 1;
  }
  return out;
}

// A notebook as Jupyter writes it: nbformat 4, indent 1, one string per line.
std::string Pretty(const Json& nb) { return nb.dump(1) + "\n"; }

Json CodeCell(Json source, Json outputs = Json::array()) {
  return Json{{"cell_type", "code"},
              {"execution_count", 1},
              {"metadata", Json::object()},
              {"outputs", std::move(outputs)},
              {"source", std::move(source)}};
}

Json Notebook(Json cells) {
  return Json{{"cells", std::move(cells)},
              {"metadata", {{"kernelspec", {{"name", "python3"}}}}},
              {"nbformat", 4},
              {"nbformat_minor", 5}};
}

TEST(ContainersDetect, ByExtensionAndMagic) {
  const std::string tar_head = std::string(257, '\0') + "ustar" + std::string(250, '\0');
  struct Case {
    std::string path;
    std::string head;
    ContainerKind want;
  };
  const std::vector<Case> cases = {
      {"a/nb.ipynb", "{\"cells\": []}", ContainerKind::kNotebook},
      {"a/NB.IPYNB", "\xEF\xBB\xBF \n{", ContainerKind::kNotebook},
      {"nb.ipynb", "[1, 2]", ContainerKind::kNone},
      {"x.zip", std::string("PK\x03\x04rest", 8), ContainerKind::kArchive},
      {"x.zip", std::string("PK\x05\x06", 4), ContainerKind::kArchive},
      {"lib.jar", std::string("PK\x03\x04", 4), ContainerKind::kArchive},
      {"w.war", std::string("PK\x03\x04", 4), ContainerKind::kArchive},
      {"p-1.0-py3-none-any.whl", std::string("PK\x03\x04", 4), ContainerKind::kArchive},
      {"p.1.0.nupkg", std::string("PK\x03\x04", 4), ContainerKind::kArchive},
      {"x.zip", "not a zip", ContainerKind::kNone},
      {"x.tar", tar_head, ContainerKind::kArchive},
      {"g-1.0.gem", tar_head, ContainerKind::kArchive},
      {"x.tar", "short", ContainerKind::kNone},
      {"x.tar.gz", "\x1f\x8b\x08", ContainerKind::kArchive},
      {"x.tgz", "\x1f\x8b\x08", ContainerKind::kArchive},
      {".env.gz", "\x1f\x8b\x08", ContainerKind::kArchive},
      {"x.tar.gz", "plain text", ContainerKind::kNone},
      {"a.zip!inner/b.tgz", "\x1f\x8b\x08", ContainerKind::kArchive},
      {"readme.txt", std::string("PK\x03\x04", 4), ContainerKind::kNone},
      {"zip", std::string("PK\x03\x04", 4), ContainerKind::kNone},
      {".zip", std::string("PK\x03\x04", 4), ContainerKind::kNone},
      {"", "", ContainerKind::kNone},
  };
  for (const auto& c : cases) {
    EXPECT_EQ(DetectContainer(c.path, c.head), c.want) << c.path;
    // Whatever the magic says, the extension alone is what HasContainerExtension looks at.
    if (c.want != ContainerKind::kNone) {
      EXPECT_TRUE(HasContainerExtension(c.path)) << c.path;
    }
  }
  for (const std::string path : {"readme.txt", "zip", ".zip", "a.zip/readme", "x.gzip", ""}) {
    EXPECT_FALSE(HasContainerExtension(path)) << path;
  }
}

TEST(ContainersNotebook, ListAndStringSources) {
  const Json nb = Notebook(Json::array({
      CodeCell(Json::array({"import os\n", "TOKEN = 'abc'\n", "print(TOKEN)"})),
      Json{{"cell_type", "markdown"}, {"metadata", Json::object()}, {"source", "# Title\nText"}},
  }));
  const auto parts = MustExpand(nb.dump());
  ASSERT_EQ(parts.size(), 2u);
  EXPECT_EQ(parts[0].path, "nb.ipynb");
  EXPECT_EQ(parts[0].where, "cell 1 source");
  EXPECT_EQ(parts[0].text, "import os\nTOKEN = 'abc'\nprint(TOKEN)");
  EXPECT_EQ(parts[0].lines.size(), 3u);
  EXPECT_EQ(parts[1].where, "cell 2 source");
  EXPECT_EQ(parts[1].text, "# Title\nText");
  // One line of JSON: every text line maps to it.
  EXPECT_EQ(parts[1].lines, (std::vector<int>{1, 1}));
}

TEST(ContainersNotebook, OutputsTextJsonTracebackAndNoImages) {
  const std::string png = "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk";
  const Json outputs = Json::array({
      Json{{"name", "stdout"}, {"output_type", "stream"}, {"text", {"db password: s3cr3t\n"}}},
      Json{{"output_type", "execute_result"},
           {"execution_count", 2},
           {"metadata", Json::object()},
           {"data",
            {{"text/plain", {"{'api_key': 'k-1'}"}},
             {"text/html", "<b>k-1</b>"},
             {"image/png", png},
             {"application/json", {{"api_key", "k-2"}, {"nested", {{"n", 3}, {"list", {"a"}}}}}}}}},
      Json{{"output_type", "error"},
           {"ename", "ValueError"},
           {"evalue", "bad url postgres://u:pw@h/db"},
           {"traceback", {"Traceback (most recent call last)", "ValueError: bad url"}}},
  });
  const auto parts = MustExpand(Notebook(Json::array({CodeCell("x = 1", outputs)})).dump());
  for (const auto& p : parts) {
    EXPECT_EQ(p.text.find(png), std::string::npos) << "image data in " << p.where;
    EXPECT_EQ(p.where.find("image"), std::string::npos);
  }
  ASSERT_NE(FindPart(parts, "cell 1 output 1"), nullptr);
  EXPECT_EQ(FindPart(parts, "cell 1 output 1")->text, "db password: s3cr3t\n");
  ASSERT_NE(FindPart(parts, "cell 1 output 2 text/plain"), nullptr);
  EXPECT_EQ(FindPart(parts, "cell 1 output 2 text/plain")->text, "{'api_key': 'k-1'}");
  ASSERT_NE(FindPart(parts, "cell 1 output 2 text/html"), nullptr);
  const TextPart* json = FindPart(parts, "cell 1 output 2 application/json");
  ASSERT_NE(json, nullptr);
  EXPECT_EQ(json->text, "\"api_key\": \"k-2\"\n\"nested\":\n  \"n\": 3\n  \"list\":\n    \"a\"\n");
  EXPECT_EQ(json->lines.size(), Lines(json->text).size());
  ASSERT_NE(FindPart(parts, "cell 1 output 3 evalue"), nullptr);
  EXPECT_EQ(FindPart(parts, "cell 1 output 3 evalue")->text, "bad url postgres://u:pw@h/db");
  const TextPart* tb = FindPart(parts, "cell 1 output 3 traceback");
  ASSERT_NE(tb, nullptr);
  EXPECT_EQ(tb->text, "Traceback (most recent call last)\nValueError: bad url\n");
}

// Every mapped line of the pretty-printed file holds the JSON-escaped start of its text line.
void ExpectLinesPointAtSource(const std::string& raw, const std::vector<TextPart>& parts) {
  const std::vector<std::string> file = Lines(raw);
  for (const auto& p : parts) {
    const auto text_lines = Lines(p.text);
    ASSERT_EQ(p.lines.size(), text_lines.size()) << p.where;
    for (size_t i = 0; i < text_lines.size(); ++i) {
      const int line = p.lines[i];
      ASSERT_GE(line, 1);
      ASSERT_LE(static_cast<size_t>(line), file.size());
      std::string escaped = Json(text_lines[i].substr(0, 12)).dump();
      escaped = escaped.substr(1, escaped.size() - 2);
      EXPECT_NE(file[line - 1].find(escaped), std::string::npos)
          << p.where << " line " << i + 1 << " -> " << line << ": " << file[line - 1];
    }
  }
}

TEST(ContainersNotebook, LinesMapToThePrettyPrintedFile) {
  // The same source line in two cells, a source line equal to a key ("source"), and escapes
  // ("quotes", unicode): each must map to its own occurrence, not the first look-alike.
  const Json nb = Notebook(Json::array({
      CodeCell(Json::array({"import os\n", "source\n", "print(\"hi\")\n"})),
      Json{{"cell_type", "markdown"}, {"metadata", Json::object()}, {"source", {"Über café\n"}}},
      CodeCell(Json::array({"import os\n", "API_KEY = \"sk-test-0000\"\n", "x = 1"}),
               Json::array({Json{{"name", "stdout"},
                                 {"output_type", "stream"},
                                 {"text", {"import os\n", "done\n"}}}})),
  }));
  const std::string raw = Pretty(nb);
  const auto parts = MustExpand(raw);
  ASSERT_EQ(parts.size(), 4u);
  ExpectLinesPointAtSource(raw, parts);
  // The secret's line, counted independently in the raw file.
  const std::vector<std::string> file = Lines(raw);
  int secret_line = 0;
  for (size_t i = 0; i < file.size(); ++i) {
    if (file[i].find("API_KEY") != std::string::npos) secret_line = static_cast<int>(i + 1);
  }
  const TextPart* cell3 = FindPart(parts, "cell 3 source");
  ASSERT_NE(cell3, nullptr);
  EXPECT_EQ(LineOf(*cell3, 2), secret_line);
  // The repeated "import os" of cell 3 is not cell 1's.
  EXPECT_GT(LineOf(*cell3, 1), LineOf(parts[0], 3));
  // Past the end: the last mapped line; empty mapping: the identity.
  EXPECT_EQ(LineOf(*cell3, 99), cell3->lines.back());
  EXPECT_EQ(LineOf(TextPart{}, 7), 7);
}

TEST(ContainersNotebook, NbFormat3) {
  const Json nb = Json::parse(R"({
    "metadata": {"name": "old"}, "nbformat": 3, "nbformat_minor": 0,
    "worksheets": [{"cells": [
      {"cell_type": "heading", "level": 1, "source": ["Setup"]},
      {"cell_type": "code", "language": "python",
       "input": ["password = 'hunter22'\n", "password"],
       "outputs": [
         {"output_type": "pyout", "prompt_number": 1, "text": ["'hunter22'"],
          "html": "<i>hunter22</i>", "png": "iVBORw0KGgo="},
         {"output_type": "pyerr", "ename": "E", "evalue": "boom",
          "traceback": ["line one", "line two"]}]}]}]})");
  const std::string raw = Pretty(nb);
  const auto parts = MustExpand(raw);
  ASSERT_NE(FindPart(parts, "cell 1 source"), nullptr);
  EXPECT_EQ(FindPart(parts, "cell 1 source")->text, "Setup");
  ASSERT_NE(FindPart(parts, "cell 2 source"), nullptr);
  EXPECT_EQ(FindPart(parts, "cell 2 source")->text, "password = 'hunter22'\npassword");
  ASSERT_NE(FindPart(parts, "cell 2 output 1"), nullptr);
  EXPECT_EQ(FindPart(parts, "cell 2 output 1")->text, "'hunter22'");
  ASSERT_NE(FindPart(parts, "cell 2 output 1 html"), nullptr);
  EXPECT_EQ(FindPart(parts, "cell 2 output 1 png"), nullptr);
  ASSERT_NE(FindPart(parts, "cell 2 output 2 traceback"), nullptr);
  EXPECT_EQ(FindPart(parts, "cell 2 output 2 traceback")->text, "line one\nline two\n");
  ExpectLinesPointAtSource(raw, parts);
}

TEST(ContainersNotebook, EmptyNotebookHasNoParts) {
  EXPECT_TRUE(MustExpand(R"({"cells": [], "metadata": {}, "nbformat": 4})").empty());
  EXPECT_TRUE(MustExpand(R"({"cells": [{"cell_type": "code", "source": []}]})").empty());
}

TEST(ContainersNotebook, MalformedNotebooksNameTheStep) {
  struct Case {
    std::string json;
    ValidationStep step;
    std::string says;
  };
  const std::vector<Case> cases = {
      {R"({"cells": [)", ValidationStep::kSyntax, "invalid JSON"},
      {"", ValidationStep::kSyntax, "invalid JSON"},
      {R"({"cells": [], "cells": []})", ValidationStep::kSyntax, "duplicate key"},
      {std::string(100, '[') + std::string(100, ']'), ValidationStep::kSize, "nesting"},
      {R"([1, 2])", ValidationStep::kSemantics, "JSON object"},
      {R"({"metadata": {}})", ValidationStep::kSemantics, "no 'cells'"},
      {R"({"cells": {}})", ValidationStep::kSemantics, "'cells' must be a list"},
      {R"({"cells": [{"source": "a"}, 7]})", ValidationStep::kSemantics, "cell 2 must be"},
      {R"({"cells": [{"source": 12}]})", ValidationStep::kSemantics, "cell 1 'source'"},
      {R"({"cells": [{"source": ["a", null]}]})", ValidationStep::kSemantics, "cell 1 'source'"},
      {R"({"cells": [{"outputs": 1}]})", ValidationStep::kSemantics, "cell 1: 'outputs'"},
      {R"({"cells": [{"outputs": [{"text": 5}]}]})", ValidationStep::kSemantics,
       "cell 1 output 1 'text'"},
      {R"({"cells": [{"outputs": [{"data": []}]}]})", ValidationStep::kSemantics, "'data'"},
      {R"({"worksheets": 3})", ValidationStep::kSemantics, "'worksheets'"},
  };
  for (const auto& c : cases) {
    const auto r = ExpandNotebook("bad.ipynb", c.json, ContainerLimits{});
    ASSERT_FALSE(r.ok()) << c.json;
    EXPECT_EQ(r.error().step, c.step) << c.json << ": " << r.error().ToString();
    EXPECT_NE(r.error().ToString().find(c.says), std::string::npos) << r.error().ToString();
    EXPECT_EQ(r.error().ToString().rfind("bad.ipynb", 0), 0u) << r.error().ToString();
  }
}

TEST(ContainersNotebook, LargerThanTheEntryLimitIsRefused) {
  ContainerLimits limits;
  limits.max_entry_bytes = 64;
  const std::string nb = Notebook(Json::array({CodeCell(std::string(100, 'x'))})).dump();
  const auto r = ExpandNotebook("big.ipynb", nb, limits);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().step, ValidationStep::kSize);
}

// .env files need no reader of their own: the walker lists dotfiles by default, and their text
// (no NUL byte) is not taken for binary.
TEST(ContainersDotEnv, WalkerListsEnvFilesByDefault) {
  testing::TempDir dir;
  dir.Write(".env", "DATABASE_URL=postgres://app:pw@db/app\n");
  dir.Write("service/.env.local", "API_KEY=abc\r\n");
  dir.Write("service/.env.production", "SECRET=x\n");
  dir.Write("src/main.py", "print(1)\n");
  auto walker = fs::Walker::Open(dir.path(), fs::WalkOptions{});
  ASSERT_TRUE(walker.ok()) << walker.error().ToString();
  auto listed = walker.value().List();
  ASSERT_TRUE(listed.ok()) << listed.error().ToString();
  std::vector<std::string> paths;
  for (const auto& f : listed.value().files) paths.push_back(f.path.str());
  for (const std::string want : {".env", "service/.env.local", "service/.env.production"}) {
    EXPECT_NE(std::find(paths.begin(), paths.end(), want), paths.end()) << want;
  }
  EXPECT_TRUE(listed.value().skipped.empty());
}

}  // namespace
}  // namespace fledger::secrets

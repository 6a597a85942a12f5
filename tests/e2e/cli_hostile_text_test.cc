// End-to-end tests of hostile text: C1 and bidi controls from catalogs, file names and file lines
// reach no output and no file raw.
#include <gtest/gtest.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "e2e/cli_fixture.h"
#include "test_util.h"

namespace fledger::e2e {
namespace {

using testing::ReadFile;
using testing::RunFledger;

// --- Hostile text: C1 controls (CSI) and bidi controls from catalogs, file names and file lines
// reach no output raw. JSON escapes them as \uXXXX (and parses back to the same text); the
// terminal and Markdown show them as "\u202e"-style text. ---

// C1 CSI, RLO, an isolate and a line separator: each one can drive a terminal or reorder a line.
constexpr const char* kHostile = "x\xC2\x9BK\xE2\x80\xAEtxt\xE2\x81\xA6g\xE2\x80\xA8y";

// True if `text` holds one of the code points above (or any C1 or bidi control) unescaped.
bool HasRawControl(const std::string& text) {
  for (size_t i = 0; i + 1 < text.size(); ++i) {
    const auto a = static_cast<unsigned char>(text[i]), b = static_cast<unsigned char>(text[i + 1]);
    if (a == 0xC2 && b >= 0x80 && b <= 0x9F) return true;  // U+0080..U+009F
    if (a == 0xD8 && b == 0x9C) return true;               // U+061C
    if (a == 0xE2 && i + 2 < text.size()) {
      const auto c = static_cast<unsigned char>(text[i + 2]);
      if (b == 0x80 && (c == 0x8E || c == 0x8F || (c >= 0xA8 && c <= 0xAE))) return true;  // 200E..
      if (b == 0x81 && c >= 0xA6 && c <= 0xA9) return true;  // U+2066..U+2069
    }
  }
  return false;
}

// The test's own failure messages must not reorder the log they are printed to.
std::string EscapeForMessage(const std::string& text) {
  std::string out;
  for (unsigned char c : text) {
    if (c >= 0x80) {
      char buf[8];
      std::snprintf(buf, sizeof(buf), "\\x%02x", c);
      out += buf;
    } else {
      out += static_cast<char>(c);
    }
  }
  return out;
}

// Regression: these outputs came out with the controls raw; `standards list --format json`
// threw (and aborted) on a catalog directory whose name is not UTF-8.
TEST_F(CliTest, ControlsInCatalogsNamesAndLinesNeverReachAnOutputRaw) {
  const std::string h = kHostile;
  nlohmann::json catalog = {
      {"standardsSet", "Title " + h},
      {"kind", "skill"},
      {"version", "v" + h},
      {"levels", {{{"id", 1}, {"name", "Lvl " + h}}}},
      {"categories",
       {{{"name", "Cat " + h},
         {"subcategories", {{{"name", "Sub " + h}, {"requirements", {"Req " + h}}}}}}}}};
  std::ofstream(dir_.path() / "hostile.json") << catalog.dump();
  std::filesystem::create_directories(dir_.path() / "ws");
  std::ofstream(dir_.path() / "ws" / ("name" + h + ".txt")) << "needle " << h << "\n";

  struct Case {
    std::vector<std::string> args;
    bool json;
  };
  const Case cases[] = {
      {{"standards", "show", "hostile.json", "--format", "json"}, true},
      {{"standards", "show", "hostile.json", "-v"}, false},
      {{"build-skill-assessment", "hostile.json", "--format", "json"}, true},
      {{"build-skill-assessment", "hostile.json"}, false},
      {{"update-skill-assessment"}, false},
      {{"search", "needle", "ws", "--format", "json"}, true},
      {{"search", "needle", "ws"}, false},
      {{"search", "needle", "ws", "--save", "user", "--category", "Cat " + h, "--subcategory",
        "Sub " + h},
       false},
      {{"update-skill-assessment", "--format", "json"}, true},
  };
  for (const auto& c : cases) {
    std::string command = "fledger";
    for (const auto& a : c.args) command += " " + EscapeForMessage(a);
    const auto r = Run(c.args);
    ASSERT_EQ(r.exit_code, 0) << command << ": " << r.err;
    EXPECT_FALSE(HasRawControl(r.out)) << command << ":\n" << EscapeForMessage(r.out);
    EXPECT_FALSE(HasRawControl(r.err)) << command << ":\n" << EscapeForMessage(r.err);
    EXPECT_NE(r.out.find("\\u202e"), std::string::npos) << command;  // shown, not dropped
    EXPECT_TRUE(!c.json || nlohmann::json::accept(r.out)) << command;
  }
  // The JSON escapes denote the original text.
  const auto shown =
      nlohmann::json::parse(Run({"standards", "show", "hostile.json", "--format", "json"}).out);
  EXPECT_EQ(shown["title"], "Title " + h);
  EXPECT_EQ(shown["categories"][0]["name"], "Cat " + h);

  // Every file written is free of raw controls too, and keeps the text.
  for (const char* file :
       {"assessments/user/assessment.json", "assessments/user/evidence.json", kSkillMatrix}) {
    const std::string text = ReadFile(dir_.path() / file);
    EXPECT_FALSE(HasRawControl(text)) << file << ":\n" << text;
    EXPECT_NE(text.find("\\u202e"), std::string::npos) << file;
  }
  const auto assessment = Json("assessments/user/assessment.json");
  EXPECT_EQ(assessment["requirements"][0]["requirement"], "Req " + h);
  EXPECT_EQ(assessment["requirements"][0]["evidence_records"], 1);
  const auto evidence = Json("assessments/user/evidence.json");
  EXPECT_EQ(evidence[0]["records"][0][0]["path_and_file"], "name" + h + ".txt");

  // A catalog directory whose name is not UTF-8 is listed with U+FFFD, not a crash.
  const auto xdg = dir_.path() / "xdg\xFF";
  std::filesystem::create_directories(xdg / "fledger" / "standards");
  std::filesystem::copy_file(dir_.path() / "hostile.json",
                             xdg / "fledger" / "standards" / "Hostile.json");
  const auto list = RunFledger(
      {"standards", "list", "--format", "json"}, dir_.path(),
      {"FLEDGER_DB=" + (dir_.path() / "fledger.db").string(), "XDG_DATA_HOME=" + xdg.string()});
  ASSERT_EQ(list.exit_code, 0) << list.err;
  EXPECT_FALSE(HasRawControl(list.out)) << list.out;
  const auto listed = nlohmann::json::parse(list.out);
  bool found = false;
  for (const auto& l : listed) {
    if (l["name"] != "Hostile") continue;
    found = true;
    EXPECT_EQ(l["title"], "Title " + h);
    EXPECT_NE(l["origin"].get<std::string>().find("xdg\xEF\xBF\xBD"), std::string::npos)
        << l["origin"];
  }
  EXPECT_TRUE(found) << list.out;
}

}  // namespace
}  // namespace fledger::e2e

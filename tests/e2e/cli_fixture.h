// What the CLI end-to-end tests share: a fixture that runs the fledger binary in a temp dir of
// its own (with its own history database), and the check of a one-line input error.
#pragma once

#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "test_util.h"

namespace fledger::e2e {

// Each test gets its own history database so runs don't see each other.
class CliTest : public ::testing::Test {
 protected:
  testing::RunResult Run(const std::vector<std::string>& args) {
    return testing::RunFledger(args, dir_.path(),
                               {"FLEDGER_DB=" + (dir_.path() / "fledger.db").string(),
                                "XDG_DATA_HOME=" + (dir_.path() / "xdg").string()});
  }
  void CopyFixture(const std::string& from, const std::string& to) {
    std::filesystem::copy(
        testing::SourceDir() / from, dir_.path() / to,
        std::filesystem::copy_options::recursive | std::filesystem::copy_options::copy_symlinks);
  }
  nlohmann::json Json(const std::string& relative) {
    return nlohmann::json::parse(testing::ReadFile(dir_.path() / relative));
  }
  testing::TempDir dir_;
};

inline constexpr const char* kSkillMatrix =
    "assessments/user/overview_skills_and_project_matrix.md";

// Bad input: one line on stderr naming the file and the step, exit 2, nothing lost.
inline void ExpectInputError(const testing::RunResult& r, const std::string& file_part,
                             const std::string& step) {
  EXPECT_EQ(r.exit_code, 2) << r.err;
  EXPECT_EQ(std::count(r.err.begin(), r.err.end(), '\n'), 1) << r.err;
  EXPECT_NE(r.err.find(file_part), std::string::npos) << r.err;
  EXPECT_NE(r.err.find(step + " error"), std::string::npos) << r.err;
}

}  // namespace fledger::e2e

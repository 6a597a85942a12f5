// Tests for the license checks: license texts, SPDX headers and package metadata identified with
// line evidence, SPDX expressions read with AND binding tighter than OR.
#include <gtest/gtest.h>

#include <string>
#include <utility>
#include <vector>

#include "assess/repo_checks.h"
#include "assess/repo_checks_fixture.h"
#include "test_util.h"

namespace fledger::assess {
namespace {

using fledger::testing::TempDir;
using fledger::testing::repo_checks::ExpectResult;
using fledger::testing::repo_checks::Load;
using fledger::testing::repo_checks::RunCheck;

// --- Licenses -------------------------------------------------------------------------------

struct LicenseCase {
  const char* name;
  std::vector<std::pair<std::string, std::string>> files;
  ReqStatus file_status;
  ReqStatus floss_status;
  ReqStatus osi_status;
  std::string spdx;  // expected in the floss note ("" to skip)
  std::string evidence_path;
  int evidence_line;
};

TEST(RepoCheckTest, LicensesAreIdentifiedWithLineEvidence) {
  const ReqStatus kMet = ReqStatus::kMet, kUnmet = ReqStatus::kUnmet,
                  kReview = ReqStatus::kNeedsReview;
  const std::vector<LicenseCase> cases = {
      {"mit",
       {{"LICENSE",
         "MIT License\n\nCopyright (c) 2026 X\n\n"
         "Permission is hereby granted, free of charge, to any person obtaining a copy\n"}},
       kMet,
       kMet,
       kMet,
       "MIT",
       "LICENSE",
       5},
      {"apache",
       {{"LICENSE",
         "\n                                 Apache License\n           Version 2.0, January "
         "2004\n"}},
       kMet,
       kMet,
       kMet,
       "Apache-2.0",
       "LICENSE",
       2},
      {"gpl3",
       {{"COPYING",
         "                    GNU GENERAL PUBLIC LICENSE\n                       Version 3, 29 "
         "June 2007\n"}},
       kMet,
       kMet,
       kMet,
       "GPL-3.0",
       "COPYING",
       1},
      {"gpl2",
       {{"COPYING", "GNU GENERAL PUBLIC LICENSE\nVersion 2, June 1991\n"}},
       kMet,
       kMet,
       kMet,
       "GPL-2.0",
       "COPYING",
       1},
      {"lgpl21",
       {{"LICENSE", "GNU LESSER GENERAL PUBLIC LICENSE\nVersion 2.1, February 1999\n"}},
       kMet,
       kMet,
       kMet,
       "LGPL-2.1",
       "LICENSE",
       1},
      {"agpl",
       {{"LICENSE", "GNU AFFERO GENERAL PUBLIC LICENSE\nVersion 3, 19 November 2007\n"}},
       kMet,
       kMet,
       kMet,
       "AGPL-3.0",
       "LICENSE",
       1},
      {"bsd3",
       {{"LICENSE.txt",
         "Copyright X\n\nRedistribution and use in source and binary forms, with or without\n"
         "modification, are permitted.\n3. Neither the name of the copyright holder nor\n"}},
       kMet,
       kMet,
       kMet,
       "BSD-3-Clause",
       "LICENSE.txt",
       3},
      {"bsd2",
       {{"LICENSE", "Redistribution and use in source and binary forms, with or without\n"}},
       kMet,
       kMet,
       kMet,
       "BSD-2-Clause",
       "LICENSE",
       1},
      {"spdx_line",
       {{"LICENSE.md", "# License\nSPDX-License-Identifier: MPL-2.0\n"}},
       kMet,
       kMet,
       kMet,
       "MPL-2.0",
       "LICENSE.md",
       2},
      {"reuse_folder",
       {{"LICENSES/Zlib.txt",
         "This software is provided 'as-is', without any express or implied\n"}},
       kMet,
       kMet,
       kMet,
       "Zlib",
       "LICENSES/Zlib.txt",
       1},
      {"cc0_not_osi",
       {{"LICENSE", "Creative Commons Legal Code\n\nCC0 1.0 Universal\n"}},
       kMet,
       kMet,
       kUnmet,
       "CC0-1.0",
       "LICENSE",
       3},
      {"busl",
       {{"LICENSE", "Business Source License 1.1\n"}},
       kMet,
       kUnmet,
       kUnmet,
       "",
       "LICENSE",
       1},
      {"unknown_text",
       {{"LICENSE", "All rights reserved. Ask the author.\n"}},
       kMet,
       kReview,
       kReview,
       "",
       "",
       0},
      {"package_json",
       {{"package.json",
         "{\n  \"name\": \"x\",\n  \"license\": \"ISC\",\n  \"version\": \"1.0.0\"\n}\n"}},
       kUnmet,
       kMet,
       kMet,
       "ISC",
       "package.json",
       3},
      {"cargo_or",
       {{"Cargo.toml", "[package]\nname = \"x\"\nlicense = \"MIT OR Apache-2.0\"\n"}},
       kUnmet,
       kMet,
       kMet,
       "MIT OR Apache-2.0",
       "Cargo.toml",
       3},
      {"unlicensed",
       {{"package.json", "{\n  \"license\": \"UNLICENSED\"\n}\n"}},
       kUnmet,
       kUnmet,
       kUnmet,
       "",
       "package.json",
       2},
      {"pyproject_proprietary",
       {{"pyproject.toml", "[project]\nlicense = {text = \"Proprietary\"}\n"}},
       kUnmet,
       kUnmet,
       kUnmet,
       "",
       "pyproject.toml",
       2},
      {"manifest_unknown",
       {{"package.json", "{\n  \"license\": \"SEE LICENSE IN x\"\n}\n"}},
       kUnmet,
       kReview,
       kReview,
       "",
       "package.json",
       2},
      {"source_header",
       {{"src/a.c", "/* x */\n// SPDX-License-Identifier: GPL-2.0-or-later\nint x;\n"},
        {"src/b.c", "int y;\n"}},
       kUnmet,
       kMet,
       kMet,
       "GPL-2.0-or-later",
       "src/a.c",
       2},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.name);
    TempDir dir;
    for (const auto& [path, text] : c.files) dir.Write(path, text);
    const RepoSnapshot repo = Load(dir);
    EXPECT_EQ(ReqStatusName(RunCheck(repo, "repo.license_file").status),
              ReqStatusName(c.file_status));
    const auto floss = RunCheck(repo, "repo.license_floss");
    const auto osi = RunCheck(repo, "repo.license_osi");
    EXPECT_EQ(ReqStatusName(floss.status), ReqStatusName(c.floss_status)) << floss.note;
    EXPECT_EQ(ReqStatusName(osi.status), ReqStatusName(c.osi_status)) << osi.note;
    if (!c.spdx.empty()) {
      EXPECT_NE(floss.note.find(c.spdx), std::string::npos) << floss.note;
    }
    if (!c.evidence_path.empty()) {
      ASSERT_FALSE(floss.evidence.empty()) << floss.note;
      EXPECT_EQ(floss.evidence[0].path.str(), c.evidence_path);
      EXPECT_EQ(floss.evidence[0].line, c.evidence_line);
    }
  }
}

TEST(RepoCheckTest, SpdxExpressionsFollowAndOrPrecedence) {
  struct Case {
    const char* expr;
    ReqStatus osi;    // repo.license_osi
    ReqStatus floss;  // repo.license_floss
  };
  const std::vector<Case> cases = {
      {"MIT", ReqStatus::kMet, ReqStatus::kMet},
      {"MIT OR Apache-2.0", ReqStatus::kMet, ReqStatus::kMet},
      {"(MIT OR Apache-2.0)", ReqStatus::kMet, ReqStatus::kMet},
      {"GPL-2.0-only WITH Classpath-exception-2.0", ReqStatus::kMet, ReqStatus::kMet},
      // Regression: one OR anywhere made the whole expression a choice.
      {"BUSL-1.1 AND (MIT OR Apache-2.0)", ReqStatus::kUnmet, ReqStatus::kUnmet},
      {"(MIT OR Apache-2.0) AND BUSL-1.1", ReqStatus::kUnmet, ReqStatus::kUnmet},
      {"MIT AND BSD-3-Clause OR BUSL-1.1", ReqStatus::kMet,
       ReqStatus::kMet},  // (MIT AND BSD) OR BUSL
      {"BUSL-1.1 OR SSPL-1.0", ReqStatus::kUnmet, ReqStatus::kUnmet},
      {"CC0-1.0", ReqStatus::kUnmet, ReqStatus::kMet},
      {"MIT OR Frobnicate-1.0", ReqStatus::kMet, ReqStatus::kMet},  // one acceptable choice decides
      {"MIT AND Frobnicate-1.0", ReqStatus::kNeedsReview, ReqStatus::kNeedsReview},
      {"(MIT OR", ReqStatus::kNeedsReview, ReqStatus::kNeedsReview},  // malformed: never acceptable
      {"MIT )", ReqStatus::kNeedsReview, ReqStatus::kNeedsReview},
  };
  for (const auto& c : cases) {
    TempDir dir;
    dir.Write("package.json",
              std::string("{\n  \"name\": \"x\",\n  \"license\": \"") + c.expr + "\"\n}\n");
    const RepoSnapshot repo = Load(dir);
    const auto osi = RunCheck(repo, "repo.license_osi");
    const auto floss = RunCheck(repo, "repo.license_floss");
    EXPECT_EQ(ReqStatusName(osi.status), ReqStatusName(c.osi)) << c.expr << ": " << osi.note;
    EXPECT_EQ(ReqStatusName(floss.status), ReqStatusName(c.floss)) << c.expr << ": " << floss.note;
  }
}

TEST(RepoCheckTest, RootLicenseWinsOverLicensesFolder) {
  TempDir dir;
  dir.Write("LICENSE",
            "Permission is hereby granted, free of charge, to any person obtaining a copy\n");
  dir.Write("LICENSES/GPL-3.0.txt", "GNU GENERAL PUBLIC LICENSE\nVersion 3, 29 June 2007\n");
  const RepoSnapshot repo = Load(dir);
  const auto floss = RunCheck(repo, "repo.license_floss");
  EXPECT_EQ(floss.note, "license identified as MIT");
  ExpectResult(RunCheck(repo, "repo.license_file"), ReqStatus::kMet, "LICENSE", 1);
}

}  // namespace
}  // namespace fledger::assess

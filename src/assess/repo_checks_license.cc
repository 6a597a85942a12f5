// The license checks: which license a repository declares (license files, package metadata or
// SPDX-License-Identifier headers), read as an SPDX expression and judged FLOSS and OSI-approved.
#include <cctype>
#include <optional>
#include <string>
#include <vector>

#include "assess/repo_checks_internal.h"
#include "core/text.h"

namespace fledger::assess::internal {
namespace {

struct LicenseKind {
  const char* spdx;
  bool osi;
  bool floss;
};
// Known SPDX ids ("-only"/"-or-later"/"+" stripped before lookup). FLOSS means free software per
// the FSF or open source per the OSI; OSI means on the OSI-approved list.
constexpr LicenseKind kKnownLicenses[] = {
    {"MIT", true, true},
    {"Apache-2.0", true, true},
    {"BSD-2-Clause", true, true},
    {"BSD-3-Clause", true, true},
    {"BSD-4-Clause", false, true},
    {"0BSD", true, true},
    {"GPL-2.0", true, true},
    {"GPL-3.0", true, true},
    {"GPL", true, true},
    {"LGPL-2.0", true, true},
    {"LGPL-2.1", true, true},
    {"LGPL-3.0", true, true},
    {"LGPL", true, true},
    {"AGPL-3.0", true, true},
    {"MPL-2.0", true, true},
    {"MPL-1.1", true, true},
    {"ISC", true, true},
    {"Unlicense", true, true},
    {"BSL-1.0", true, true},
    {"EPL-1.0", true, true},
    {"EPL-2.0", true, true},
    {"Zlib", true, true},
    {"CC0-1.0", false, true},
    {"Artistic-2.0", true, true},
    {"MIT-0", true, true},
    {"PostgreSQL", true, true},
    {"Python-2.0", true, true},
    {"OFL-1.1", true, true},
    {"EUPL-1.2", true, true},
    {"CDDL-1.0", true, true},
    {"Apache-1.1", true, true},
    {"NCSA", true, true},
    {"UPL-1.0", true, true},
    {"BlueOak-1.0.0", true, true},
    {"WTFPL", false, true},
    {"X11", false, true},
    {"MS-PL", true, true},
    {"Unicode-3.0", true, true},
    {"BUSL-1.1", false, false},
    {"SSPL-1.0", false, false},
    {"Elastic-2.0", false, false},
    {"CC-BY-NC-4.0", false, false},
    {"Commons-Clause", false, false},
    {"UNLICENSED", false, false},
    {"proprietary", false, false},
};

const LicenseKind* FindLicense(std::string_view id) {
  std::string key(id);
  for (std::string_view suffix : {"-only", "-or-later", "+"}) {
    if (EndsWith(key, suffix)) key.resize(key.size() - suffix.size());
  }
  const std::string lower = ToLower(key);
  for (const auto& k : kKnownLicenses) {
    if (ToLower(k.spdx) == lower) return &k;
  }
  return nullptr;
}

struct LicenseId {
  std::string spdx;
  bool known = false;
  bool osi = false;
  bool floss = false;
  LineHit hit;
};

// What an SPDX expression allows; `known` when every license that decides it is recognised.
struct LicenseVerdict {
  bool known = false;
  bool osi = false;
  bool floss = false;
};

// SPDX expressions by recursive descent, AND binding tighter than OR:
//   or := and ("OR" and)*   and := atom ("AND" atom)*   atom := "(" or ")" | id ["WITH" id]
// Malformed input reads as unknown, never as acceptable.
class SpdxReader {
 public:
  explicit SpdxReader(std::string_view expr) {
    std::string word;
    const auto flush = [&] {
      if (!word.empty()) tokens_.push_back(std::move(word));
      word.clear();
    };
    for (char c : expr) {
      if (c == '(' || c == ')') {
        flush();
        tokens_.emplace_back(1, c);
      } else if (std::isspace(static_cast<unsigned char>(c)) != 0) {
        flush();
      } else {
        word += c;
      }
    }
    flush();
  }

  LicenseVerdict Read() {
    LicenseVerdict v = Or(0);
    if (pos_ != tokens_.size() || tokens_.empty()) return {};  // trailing or missing tokens
    return v;
  }

 private:
  static constexpr int kMaxDepth = 16;

  bool Next(std::string_view keyword) {
    if (pos_ < tokens_.size() && ToLower(tokens_[pos_]) == keyword) {
      ++pos_;
      return true;
    }
    return false;
  }
  LicenseVerdict Or(int depth) {
    LicenseVerdict v = And(depth);
    while (Next("or")) {
      const LicenseVerdict w = And(depth);
      // One acceptable, recognised choice is enough, whatever the other choices are.
      const bool v_ok = v.known && v.floss, w_ok = w.known && w.floss;
      v = {v.known && w.known ? true : (v_ok || w_ok), (v.known && v.osi) || (w.known && w.osi),
           v_ok || w_ok};
    }
    return v;
  }
  LicenseVerdict And(int depth) {
    LicenseVerdict v = Atom(depth);
    while (Next("and")) {
      const LicenseVerdict w = Atom(depth);
      v = {v.known && w.known, v.osi && w.osi, v.floss && w.floss};
    }
    return v;
  }
  LicenseVerdict Atom(int depth) {
    if (depth > kMaxDepth || pos_ >= tokens_.size()) return {};
    if (tokens_[pos_] == "(") {
      ++pos_;
      const LicenseVerdict v = Or(depth + 1);
      if (pos_ >= tokens_.size() || tokens_[pos_] != ")") return {};
      ++pos_;
      return v;
    }
    const std::string& id = tokens_[pos_];
    if (id == ")" || ToLower(id) == "and" || ToLower(id) == "or" || ToLower(id) == "with")
      return {};
    ++pos_;
    if (Next("with")) {
      if (pos_ >= tokens_.size()) return {};
      ++pos_;  // the exception widens a license, it never makes it less free
    }
    const LicenseKind* k = FindLicense(id);
    if (k == nullptr) return {};
    return {true, k->osi, k->floss};
  }

  std::vector<std::string> tokens_;
  size_t pos_ = 0;
};

// Classifies an SPDX expression: "MIT", "MIT OR Apache-2.0", "GPL-2.0-only WITH
// Classpath-exception-2.0", "BUSL-1.1 AND (MIT OR Apache-2.0)".
LicenseId ClassifyExpression(std::string expr, LineHit hit) {
  LicenseId id;
  id.hit = std::move(hit);
  id.spdx = std::string(Trim(expr));
  const LicenseVerdict v = SpdxReader(expr).Read();
  id.known = v.known;
  id.osi = v.known && v.osi;
  id.floss = v.known && v.floss;
  return id;
}

// Distinctive phrases of license texts, the SPDX-License-Identifier line first.
struct LicensePhrase {
  const char* pattern;
  const char* spdx;  // "" for the SPDX-License-Identifier line (the id is captured)
};
constexpr LicensePhrase kLicensePhrases[] = {
    {R"(SPDX-License-Identifier:\s*([A-Za-z0-9.\-+ ()]+?)\s*(?:\*/|-->)?\s*$)", ""},
    {R"(GNU AFFERO GENERAL PUBLIC LICENSE)", "AGPL-3.0"},
    {R"(GNU LESSER GENERAL PUBLIC LICENSE)", "LGPL"},
    {R"(GNU LIBRARY GENERAL PUBLIC LICENSE)", "LGPL-2.0"},
    {R"(GNU GENERAL PUBLIC LICENSE)", "GPL"},
    {R"((Apache License,? Version 2\.0|^\s*Apache License\s*$))", "Apache-2.0"},
    {R"(Mozilla Public License,? [Vv]ersion 2\.0)", "MPL-2.0"},
    {R"(Mozilla Public License,? [Vv]ersion 1\.1)", "MPL-1.1"},
    {R"(Eclipse Public License - v 2\.0)", "EPL-2.0"},
    {R"(Eclipse Public License - v 1\.0)", "EPL-1.0"},
    {R"(Permission is hereby granted, free of charge, to any person obtaining)", "MIT"},
    {R"(Permission to use, copy, modify, and(/or)? distribute this software for any)", "ISC"},
    {R"(Redistribution and use in source and binary forms)", "BSD"},
    {R"(This is free and unencumbered software released into the public domain)", "Unlicense"},
    {R"(Boost Software License)", "BSL-1.0"},
    {R"(This software is provided 'as-is', without any express or implied)", "Zlib"},
    {R"(CC0 1\.0 Universal)", "CC0-1.0"},
    {R"(The Artistic License 2\.0)", "Artistic-2.0"},
    {R"(Business Source License)", "BUSL-1.1"},
    {R"(Server Side Public License)", "SSPL-1.0"},
    {R"(Elastic License 2\.0)", "Elastic-2.0"},
};

// The version of a GPL-family or BSD text, decided from the whole file.
std::string RefineLicense(const std::string& family, std::string_view text) {
  const bool v3 = Matches(text, Re(R"(Version 3, 29 June 2007)"));
  if (family == "GPL") {
    if (v3) return "GPL-3.0";
    if (Matches(text, Re(R"(Version 2, June 1991)"))) return "GPL-2.0";
  } else if (family == "LGPL") {
    if (v3) return "LGPL-3.0";
    if (Matches(text, Re(R"(Version 2\.1, February 1999)"))) return "LGPL-2.1";
  } else if (family == "BSD") {
    if (Matches(text, Re(R"(advertising materials mentioning)"))) return "BSD-4-Clause";
    if (Matches(text, Re(R"((Neither the name|may (not )?be used to endorse or promote))")))
      return "BSD-3-Clause";
    return "BSD-2-Clause";
  }
  return family;
}

// Identifies a license from one file's text, with the line that shows it.
std::optional<LicenseId> LicenseFromText(const fs::FileEntry* f, const std::string& text) {
  for (const auto& phrase : kLicensePhrases) {
    const RE2& re = Re(phrase.pattern);
    if (!Matches(text, re)) continue;
    std::optional<LineHit> hit;
    ForEachLine(text, [&](int n, std::string_view line) {
      if (!Matches(line, re)) return true;
      hit = LineHit{f->path, n, std::string(line)};
      return false;
    });
    if (!hit) continue;  // the match spans lines; not a line we can show
    if (*phrase.spdx == '\0') {
      std::string expr;
      RE2::PartialMatch(re2::StringPiece(hit->text), re, &expr);
      return ClassifyExpression(expr, std::move(*hit));
    }
    return ClassifyExpression(RefineLicense(phrase.spdx, text), std::move(*hit));
  }
  return std::nullopt;
}

constexpr const char* kManifestLicense =
    R"re(^\s*(?:\w+\.)?"?license"?\s*[:=]\s*(?:\{\s*text\s*=\s*)?["']?([A-Za-z0-9.\-+() ]{2,100}?)["']?\s*\}?\s*,?\s*$)re";

// The project's license: root license files first, then LICENSES/, then package metadata, then
// an SPDX-License-Identifier header in the sources.
std::optional<LicenseId> IdentifyLicense(const RepoSnapshot& repo) {
  for (const auto* f : LicenseFiles(repo)) {
    const std::string* text = repo.Content(f->path);
    if (text == nullptr) continue;
    if (auto id = LicenseFromText(f, *text)) return id;
  }
  const Files manifests = Any(repo, {"/package.json", "/cargo.toml", "/pyproject.toml",
                                     "/setup.cfg", "/*.gemspec", "/composer.json"});
  for (const auto& h : Grep(repo, manifests, Re(kManifestLicense), 5)) {
    std::string expr;
    if (RE2::PartialMatch(re2::StringPiece(h.text), Re(kManifestLicense), &expr) &&
        !Trim(expr).empty()) {
      return ClassifyExpression(expr, h);
    }
  }
  std::vector<LineHit> headers;
  const RE2& spdx = Re(kLicensePhrases[0].pattern);
  Scan(
      repo,
      WithoutAuxiliary(
          Any(repo, {"**/*.c", "**/*.h", "**/*.cc", "**/*.cpp", "**/*.hpp", "**/*.rs", "**/*.go",
                     "**/*.py", "**/*.js", "**/*.ts", "**/*.java", "**/*.rb", "**/*.sh"})),
      spdx, 1,
      [&](std::string_view line) -> std::optional<std::string> {
        if (!Matches(line, spdx)) return std::nullopt;
        return Truncate(line, 512);
      },
      &headers);
  if (!headers.empty()) {
    std::string expr;
    if (RE2::PartialMatch(re2::StringPiece(headers[0].text), spdx, &expr))
      return ClassifyExpression(expr, headers[0]);
  }
  return std::nullopt;
}

}  // namespace

CheckResult LicenseFile(const RepoSnapshot& r) {
  const Files files = LicenseFiles(r);
  if (files.empty()) return Unmet("no LICENSE or COPYING file at the root");
  const auto id = IdentifyLicense(r);
  if (id && id->hit.path == files[0]->path)
    return Met({Ref(id->hit)}, "license file " + files[0]->path.str());
  return Met({FileRef(r, files[0])}, "license file " + files[0]->path.str());
}

CheckResult LicenseFloss(const RepoSnapshot& r) {
  const auto id = IdentifyLicense(r);
  if (!id)
    return LicenseFiles(r).empty() ? Unmet("no license found") : Review("license not recognised");
  if (!id->known) return Review("license " + id->spdx + " not recognised", {Ref(id->hit)});
  if (id->floss) return Met({Ref(id->hit)}, "license identified as " + id->spdx);
  return Unmet("license " + id->spdx + " is not a FLOSS license", {Ref(id->hit)});
}

CheckResult LicenseOsi(const RepoSnapshot& r) {
  const auto id = IdentifyLicense(r);
  if (!id)
    return LicenseFiles(r).empty() ? Unmet("no license found") : Review("license not recognised");
  if (!id->known) return Review("license " + id->spdx + " not recognised", {Ref(id->hit)});
  if (id->osi) return Met({Ref(id->hit)}, id->spdx + " is OSI-approved");
  return Unmet(id->spdx + " is not OSI-approved", {Ref(id->hit)});
}

}  // namespace fledger::assess::internal

// cabal.project.freeze (line-oriented cabal syntax) and stack.yaml.lock (YAML, yaml-cpp).
#include "sca/haskell/haskell.h"

#include "sca/common.h"

namespace fledger::sca {

namespace {

const Ecosystem& Hackage() {
  static const Ecosystem kHackage = Ecosystem::Parse("Hackage").value();
  return kHackage;
}

std::string_view Trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r'))
    s.remove_suffix(1);
  return s;
}

class CabalFreezeExtractor : public Extractor {
 public:
  std::string_view Name() const override { return "haskell/cabalfreeze"; }
  int Version() const override { return 1; }
  std::string_view Ecosystem() const override { return "Hackage"; }
  bool FileRequired(const RepoPath& path) const override {
    return BaseName(path.str()) == "cabal.project.freeze";
  }

  Result<Inventory> Extract(const ExtractInput& input) const override {
    const std::string& context = input.path.str();
    const std::string_view text = input.content;
    if (text.size() > kMaxManifestBytes) {
      return InputError(ValidationStep::kSize, context,
                        "larger than " + std::to_string(kMaxManifestBytes >> 20) + " MiB");
    }
    if (text.find('\0') != std::string_view::npos) {
      return InputError(ValidationStep::kLexical, context, "NUL byte in a cabal file");
    }
    Inventory inv;
    const LineIndex lines(text);
    for (int n = 1; n <= lines.line_count(); ++n) {
      std::string_view line = Trim(lines.Line(n));
      if (line.empty() || line.starts_with("--")) continue;
      // Other stanzas (index-state, with-compiler) hold no package pins.
      const size_t colon = line.find(':');
      if (colon != std::string_view::npos && line.substr(0, colon).find(' ') == line.npos &&
          !line.starts_with("any.")) {
        if (line.substr(0, colon) != "constraints") continue;
        line = Trim(line.substr(colon + 1));
      }
      size_t start = 0;
      while (start <= line.size()) {
        size_t comma = line.find(',', start);
        if (comma == std::string_view::npos) comma = line.size();
        const std::string_view item = Trim(line.substr(start, comma - start));
        start = comma + 1;
        if (item.empty()) continue;
        const size_t eq = item.find("==");
        if (!item.starts_with("any.") || eq == std::string_view::npos) {
          if (eq != std::string_view::npos) {
            inv.warnings.push_back("line " + std::to_string(n) + ": '" + std::string(item) +
                                   "' is not an any.<package> pin; skipped");
          }
          continue;
        }
        const std::string name(Trim(item.substr(4, eq - 4)));
        const std::string version(Trim(item.substr(eq + 2)));
        if (name.empty() || version.empty() || version.find(' ') != std::string::npos) {
          inv.warnings.push_back("line " + std::to_string(n) + ": malformed pin");
          continue;
        }
        if (inv.packages.size() >= kMaxPackagesPerFile) {
          return InputError(ValidationStep::kSize, context, "too many constraints");
        }
        Package p = MakePackage(Hackage(), name, version);
        p.line = n;
        inv.packages.push_back(std::move(p));
      }
    }
    return inv;
  }
};

class StackLockExtractor : public Extractor {
 public:
  std::string_view Name() const override { return "haskell/stacklock"; }
  int Version() const override { return 1; }
  std::string_view Ecosystem() const override { return "Hackage"; }
  bool FileRequired(const RepoPath& path) const override {
    return BaseName(path.str()) == "stack.yaml.lock";
  }

  Result<Inventory> Extract(const ExtractInput& input) const override {
    const std::string& context = input.path.str();
    FLEDGER_TRY(YAML::Node doc, ParseManifestYaml(input.content, context));
    Inventory inv;
    if (doc.IsNull()) return inv;
    if (!doc.IsMap()) {
      return InputError(ValidationStep::kSemantics, context, "a stack.yaml.lock is a mapping");
    }
    try {
      const YAML::Node packages = doc["packages"];
      if (!packages || packages.IsNull()) return inv;
      if (!packages.IsSequence()) {
        return InputError(ValidationStep::kSemantics, context, "'packages' is not a list");
      }
      if (packages.size() > kMaxPackagesPerFile) {
        return InputError(ValidationStep::kSize, context, "too many packages");
      }
      for (const auto& entry : packages) {
        const YAML::Node completed = entry.IsMap() ? entry["completed"] : YAML::Node();
        if (!completed || !completed.IsMap()) continue;
        const int line = completed.Mark().line + 1;
        const std::string hackage = YamlString(completed, "hackage");
        if (!hackage.empty()) {
          // "name-1.2.3@sha256:<hex>,<size>": the version is the last '-' segment of the
          // part before '@' (package names may contain '-', versions may not).
          const std::string id = hackage.substr(0, hackage.find('@'));
          const size_t dash = id.rfind('-');
          if (dash == std::string::npos || dash == 0 || dash + 1 == id.size()) {
            inv.warnings.push_back("line " + std::to_string(line) + ": malformed '" + hackage +
                                   "'");
            continue;
          }
          Package p = MakePackage(Hackage(), id.substr(0, dash), id.substr(dash + 1));
          p.line = line;
          const size_t sha = hackage.find("@sha256:");
          if (sha != std::string::npos) {
            p.hashes.push_back(
                {"SHA-256", hackage.substr(sha + 8, hackage.find(',', sha) - (sha + 8))});
          }
          inv.packages.push_back(std::move(p));
        } else if (!YamlString(completed, "name").empty()) {
          Package p = MakePackage(Hackage(), YamlString(completed, "name"),
                                  YamlString(completed, "version"));
          p.commit = YamlString(completed, "commit");
          p.source_url = YamlString(completed, "git");
          p.line = line;
          inv.packages.push_back(std::move(p));
        }
      }
    } catch (const YAML::Exception& e) {
      return InputError(ValidationStep::kSemantics, context, "unexpected YAML shape: " + e.msg);
    }
    return inv;
  }
};

}  // namespace

std::unique_ptr<Extractor> NewCabalFreezeExtractor() {
  return std::make_unique<CabalFreezeExtractor>();
}
std::unique_ptr<Extractor> NewStackLockExtractor() {
  return std::make_unique<StackLockExtractor>();
}

}  // namespace fledger::sca

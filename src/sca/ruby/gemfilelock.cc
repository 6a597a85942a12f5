// Gemfile.lock: Bundler's indentation-structured text (2 spaces = section keys, 4 = a spec,
// 6 = a dependency of the spec above), read line by line.
#include <map>
#include <set>

#include "sca/common.h"
#include "sca/ruby/ruby.h"

namespace fledger::sca {

namespace {

const Ecosystem& Gems() {
  static const Ecosystem kGems = Ecosystem::Parse("RubyGems").value();
  return kGems;
}

size_t Indent(std::string_view line) {
  size_t n = 0;
  while (n < line.size() && line[n] == ' ') ++n;
  return n;
}

// "name (x)" -> name, x; "name" -> name, ""; "name!" (DEPENDENCIES, pinned source) -> name.
std::pair<std::string, std::string> NameAndParen(std::string_view s) {
  while (!s.empty() && (s.back() == ' ' || s.back() == '\r')) s.remove_suffix(1);
  const size_t open = s.find(" (");
  std::string_view name = s.substr(0, open);
  if (!name.empty() && name.back() == '!') name.remove_suffix(1);
  std::string inner;
  if (open != std::string_view::npos && s.back() == ')') {
    inner = std::string(s.substr(open + 2, s.size() - open - 3));
  }
  return {std::string(name), inner};
}

bool IsSourceSection(std::string_view s) {
  return s == "GEM" || s == "GIT" || s == "PATH" || s == "PLUGIN SOURCE";
}

class GemfileLockExtractor : public Extractor {
 public:
  std::string_view Name() const override { return "ruby/gemfilelock"; }
  int Version() const override { return 2; }
  std::string_view Ecosystem() const override { return "RubyGems"; }
  bool FileRequired(const RepoPath& path) const override {
    const auto base = BaseName(path.str());
    return base == "Gemfile.lock" || base == "gems.locked";
  }

  Result<Inventory> Extract(const ExtractInput& input) const override {
    const std::string& context = input.path.str();
    const std::string_view text = input.content;
    if (text.size() > kMaxManifestBytes) {
      return InputError(ValidationStep::kSize, context,
                        "larger than " + std::to_string(kMaxManifestBytes >> 20) + " MiB");
    }
    if (text.find('\0') != std::string_view::npos) {
      return InputError(ValidationStep::kLexical, context, "NUL byte in a Gemfile.lock");
    }
    Inventory inv;
    std::string section;
    std::string remote, revision;
    bool in_specs = false;
    std::set<std::string> direct;
    bool has_dependencies = false;
    std::map<std::string, size_t> by_name;                       // first spec of each gem name
    std::map<std::pair<std::string, std::string>, size_t> seen;  // platform variants
    std::vector<std::vector<std::string>> dep_names;
    long current = -1;  // index of the spec whose dependency lines follow
    int line_no = 0;
    size_t pos = 0;
    while (pos < text.size()) {
      size_t end = text.find('\n', pos);
      if (end == std::string_view::npos) end = text.size();
      std::string_view line = text.substr(pos, end - pos);
      pos = end + 1;
      ++line_no;
      if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
      if (line.find_first_not_of(' ') == std::string_view::npos) continue;
      const size_t indent = Indent(line);
      const std::string_view body = line.substr(indent);
      if (indent == 0) {
        section = std::string(body);
        remote.clear();
        revision.clear();
        in_specs = false;
        current = -1;
        if (section == "DEPENDENCIES") has_dependencies = true;
        continue;
      }
      if (section == "DEPENDENCIES" && indent == 2) {
        direct.insert(NameAndParen(body).first);
        continue;
      }
      if (!IsSourceSection(section)) continue;
      if (indent == 2) {
        in_specs = body == "specs:";
        if (body.starts_with("remote: ")) remote = std::string(body.substr(8));
        if (body.starts_with("revision: ")) revision = std::string(body.substr(10));
        continue;
      }
      if (!in_specs) continue;
      if (indent == 4) {
        auto [name, version] = NameAndParen(body);
        current = -1;
        if (version.empty() || name.empty() || name.find(' ') != std::string::npos) {
          inv.warnings.push_back("line " + std::to_string(line_no) + ": spec without a version");
          continue;
        }
        // "1.13.3-x86_64-linux": a platform-specific build of 1.13.3 (gem versions have no '-').
        version = version.substr(0, version.find('-'));
        const auto key = std::make_pair(name, version);
        if (const auto it = seen.find(key); it != seen.end()) {
          current = static_cast<long>(it->second);
          continue;
        }
        if (inv.packages.size() >= kMaxPackagesPerFile) {
          return InputError(ValidationStep::kSize, context, "too many gems");
        }
        Package p = MakePackage(Gems(), name, version);
        p.line = p.end_line = line_no;
        if (section == "GIT") {
          p.commit = revision;
          p.source_url = remote;
        } else if (section == "PATH") {
          p.source_url = remote;
          // A gem at the lockfile's own directory is the project's gemspec (`gemspec` in the
          // Gemfile): the project itself, not a dependency. Other paths are vendored gems.
          p.project = remote == "." || remote == "./";
        } else if (!remote.empty()) {
          p.source_url = remote;
        }
        current = static_cast<long>(inv.packages.size());
        seen.emplace(key, inv.packages.size());
        by_name.emplace(name, inv.packages.size());
        inv.packages.push_back(std::move(p));
        dep_names.emplace_back();
      } else if (indent == 6 && current >= 0) {
        dep_names[current].push_back(NameAndParen(body).first);
      }
    }
    for (size_t i = 0; i < inv.packages.size(); ++i) {
      Package& p = inv.packages[i];
      if (has_dependencies && !p.project) {
        p.relationship = direct.count(p.name) ? Relationship::kDirect : Relationship::kIndirect;
      }
      std::set<std::string> ids;
      for (const auto& n : dep_names[i]) {
        const auto it = by_name.find(n);
        // A dependency with no spec is one Bundler skipped for this platform (or bundler
        // itself); it has no version to point at.
        if (it != by_name.end()) ids.insert(inv.packages[it->second].id);
      }
      p.depends_on.assign(ids.begin(), ids.end());
    }
    // The project's gemspec requirements are its direct dependencies.
    std::set<std::string> required_by_project;
    for (const auto& p : inv.packages) {
      if (p.project) required_by_project.insert(p.depends_on.begin(), p.depends_on.end());
    }
    for (auto& p : inv.packages) {
      if (!p.project && required_by_project.count(p.id)) p.relationship = Relationship::kDirect;
    }
    return inv;
  }
};

}  // namespace

std::unique_ptr<Extractor> NewGemfileLockExtractor() {
  return std::make_unique<GemfileLockExtractor>();
}

}  // namespace fledger::sca

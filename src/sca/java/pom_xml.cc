// java/pomxml: the direct dependencies of a Maven pom.xml, resolved offline as far as the file and
// its local parent poms allow (no repository access, so no transitive dependencies).
#include <set>
#include <string>
#include <vector>

#include "sca/common.h"
#include "sca/java/java.h"
#include "sca/java/maven_properties.h"
#include "sca/java/xml_doc.h"

namespace fledger::sca {

namespace {

// A parent chain longer than this is either a loop through differently spelt paths or hostile;
// real projects rarely exceed four.
constexpr int kMaxParentChain = 10;

struct PomDependency {
  std::string group, artifact, version, type, classifier, scope;
  bool optional = false;
  int line = 0;
};

struct PomModel {
  std::string group, artifact, version;
  bool has_parent = false;
  std::string parent_group, parent_artifact, parent_version, parent_relative;
  bool parent_relative_set = false;
  int parent_line = 0;
  MavenProperties properties;
  std::vector<PomDependency> deps, managed;
};

void ReadDependencies(const pugi::xml_node& deps, const LineIndex& lines,
                      std::vector<PomDependency>& out) {
  if (!deps) return;
  for (pugi::xml_node d = deps.first_child(); d; d = d.next_sibling()) {
    if (d.type() != pugi::node_element || XmlLocalName(d) != "dependency") continue;
    PomDependency dep;
    dep.group = XmlChildText(d, "groupId");
    dep.artifact = XmlChildText(d, "artifactId");
    dep.version = XmlChildText(d, "version");
    dep.type = XmlChildText(d, "type");
    dep.classifier = XmlChildText(d, "classifier");
    dep.scope = XmlChildText(d, "scope");
    dep.optional = XmlChildText(d, "optional") == "true";
    dep.line = XmlNodeLine(lines, d);
    out.push_back(std::move(dep));
  }
}

void ReadProperties(const pugi::xml_node& props, MavenProperties& out) {
  if (!props) return;
  for (pugi::xml_node p = props.first_child(); p; p = p.next_sibling()) {
    if (p.type() != pugi::node_element) continue;
    out[std::string(p.name())] = TrimXmlText(p.child_value());
  }
}

// The parts of a <project> this extractor uses; active-by-default profiles are merged in, since
// offline we cannot evaluate JDK, OS or property activation and Maven applies these when no other
// profile is selected.
PomModel ReadModel(const pugi::xml_node& project, const LineIndex& lines) {
  PomModel m;
  m.group = XmlChildText(project, "groupId");
  m.artifact = XmlChildText(project, "artifactId");
  m.version = XmlChildText(project, "version");
  if (const pugi::xml_node parent = XmlChild(project, "parent")) {
    m.has_parent = true;
    m.parent_group = XmlChildText(parent, "groupId");
    m.parent_artifact = XmlChildText(parent, "artifactId");
    m.parent_version = XmlChildText(parent, "version");
    if (const pugi::xml_node rel = XmlChild(parent, "relativePath")) {
      m.parent_relative_set = true;
      m.parent_relative = TrimXmlText(rel.child_value());
    }
    m.parent_line = XmlNodeLine(lines, parent);
  }
  ReadProperties(XmlChild(project, "properties"), m.properties);
  ReadDependencies(XmlChild(project, "dependencies"), lines, m.deps);
  ReadDependencies(XmlChild(XmlChild(project, "dependencyManagement"), "dependencies"), lines,
                   m.managed);
  for (pugi::xml_node p = XmlChild(project, "profiles").first_child(); p; p = p.next_sibling()) {
    if (p.type() != pugi::node_element || XmlLocalName(p) != "profile") continue;
    if (XmlChildText(XmlChild(p, "activation"), "activeByDefault") != "true") continue;
    ReadProperties(XmlChild(p, "properties"), m.properties);
    ReadDependencies(XmlChild(p, "dependencies"), lines, m.deps);
    ReadDependencies(XmlChild(XmlChild(p, "dependencyManagement"), "dependencies"), lines,
                     m.managed);
  }
  return m;
}

// `dir` (a repo path, "" for the root) joined with a relative path; nullopt if it is absolute or
// climbs above the scan root.
std::optional<std::string> JoinRelative(std::string_view dir, std::string_view rel) {
  if (rel.empty() || rel[0] == '/' || rel[0] == '\\') return std::nullopt;
  std::vector<std::string> parts;
  auto push = [&](std::string_view text) -> bool {
    size_t i = 0;
    while (i <= text.size()) {
      size_t j = text.find_first_of("/\\", i);
      if (j == std::string_view::npos) j = text.size();
      const std::string_view seg = text.substr(i, j - i);
      if (seg == "..") {
        if (parts.empty()) return false;
        parts.pop_back();
      } else if (!seg.empty() && seg != ".") {
        parts.emplace_back(seg);
      }
      i = j + 1;
    }
    return true;
  };
  if (!push(dir) || !push(rel)) return std::nullopt;
  std::string out;
  for (const auto& p : parts) out += (out.empty() ? "" : "/") + p;
  return out;
}

std::string_view DirName(std::string_view path) {
  const size_t slash = path.rfind('/');
  return slash == std::string_view::npos ? std::string_view() : path.substr(0, slash);
}

bool IsRange(std::string_view v) {
  return !v.empty() && (v.front() == '[' || v.front() == '(' || v.find(',') != v.npos);
}

std::string DepKey(const PomDependency& d) {
  return d.group + ":" + d.artifact + ":" + (d.type.empty() ? "jar" : d.type) + ":" + d.classifier;
}

class PomXmlExtractor : public Extractor {
 public:
  std::string_view Name() const override { return "java/pomxml"; }
  int Version() const override { return 1; }
  std::string_view Ecosystem() const override { return "Maven"; }
  bool FileRequired(const RepoPath& path) const override {
    return BaseName(path.str()) == "pom.xml";
  }

  Result<Inventory> Extract(const ExtractInput& input) const override {
    const std::string context = input.path.str();
    FLEDGER_TRY(auto doc, ParseManifestXml(input.content, context));
    const pugi::xml_node root = doc->document_element();
    if (XmlLocalName(root) != "project") {
      return InputError(ValidationStep::kSemantics, context,
                        "not a Maven POM: the root element is not <project>");
    }
    Inventory inv;
    const LineIndex lines(input.content);
    std::vector<PomModel> chain;  // the pom itself, then its local parents
    chain.push_back(ReadModel(root, lines));
    ReadParents(input, chain, inv.warnings);
    const PomModel& self = chain.front();

    // Properties: the nearest pom wins; model values are built in and win over <properties>.
    MavenProperties props;
    for (auto it = chain.rbegin(); it != chain.rend(); ++it) {
      for (const auto& [k, v] : it->properties) props[k] = v;
    }
    const std::string group = self.group.empty() ? self.parent_group : self.group;
    const std::string version = self.version.empty() ? self.parent_version : self.version;
    for (const char* prefix : {"project.", "pom."}) {
      const std::string p = prefix;
      props[p + "groupId"] = group;
      props[p + "artifactId"] = self.artifact;
      props[p + "version"] = version;
      if (self.has_parent) {
        props[p + "parent.groupId"] = self.parent_group;
        props[p + "parent.artifactId"] = self.parent_artifact;
        props[p + "parent.version"] = self.parent_version;
      }
    }
    if (self.has_parent) props["parent.version"] = self.parent_version;

    auto interp = [&](const std::string& text, bool* complete) {
      Interpolated r = InterpolateMaven(text, props);
      if (complete != nullptr && !r.complete) *complete = false;
      return r.value;
    };
    auto resolve = [&](PomDependency d, bool* complete) {
      d.group = interp(d.group, nullptr);
      d.artifact = interp(d.artifact, nullptr);
      d.type = interp(d.type, nullptr);
      d.classifier = interp(d.classifier, nullptr);
      d.scope = interp(d.scope, nullptr);
      d.version = interp(d.version, complete);
      return d;
    };

    // dependencyManagement: the nearest declaration of a key wins. BOM imports ("import" scope)
    // name other poms we cannot fetch offline.
    std::vector<PomDependency> managed;
    std::set<std::string> managed_keys;
    for (const auto& m : chain) {
      for (const auto& raw : m.managed) {
        bool complete = true;
        PomDependency d = resolve(raw, &complete);
        if (d.scope == "import") {
          inv.warnings.push_back("line " + std::to_string(raw.line) + ": BOM " + d.group + ":" +
                                 d.artifact + " is imported; its versions are not read offline");
          continue;
        }
        if (!complete) d.version.clear();
        if (managed_keys.insert(DepKey(d)).second) managed.push_back(std::move(d));
      }
    }
    auto managed_for = [&](const PomDependency& d) -> const PomDependency* {
      const PomDependency* loose = nullptr;
      for (const auto& m : managed) {
        if (m.group != d.group || m.artifact != d.artifact) continue;
        if (DepKey(m) == DepKey(d)) return &m;
        if (loose == nullptr) loose = &m;
      }
      return loose;
    };

    // Dependencies: the pom's own, then those inherited from parents (at the <parent> line, the
    // place in this file that brings them in) unless a nearer pom declares the same key.
    std::set<std::string> seen_keys;
    std::vector<std::string> names;  // first version per name, for the duplicate warning
    for (size_t level = 0; level < chain.size(); ++level) {
      for (const auto& raw : chain[level].deps) {
        bool complete = true;
        PomDependency d = resolve(raw, &complete);
        if (level > 0) d.line = self.parent_line;
        if (d.group.empty() || d.artifact.empty()) {
          inv.warnings.push_back("line " + std::to_string(d.line) +
                                 ": dependency without groupId or artifactId skipped");
          continue;
        }
        if (!seen_keys.insert(DepKey(d)).second && level > 0) continue;
        if (raw.version.empty()) {
          const PomDependency* m = managed_for(d);
          if (m != nullptr) {
            d.version = m->version;
            if (d.scope.empty()) d.scope = m->scope;
          }
        }
        if (d.version.empty()) {
          inv.warnings.push_back("line " + std::to_string(d.line) + ": " + d.group + ":" +
                                 d.artifact + " has no version here (managed elsewhere?)");
        }
        AddPackage(std::move(d), complete, inv);
      }
    }
    if (inv.packages.size() > kMaxPackagesPerFile) {
      return InputError(ValidationStep::kSize, context, "too many dependencies");
    }
    return inv;
  }

 private:
  static void AddPackage(PomDependency d, bool complete, Inventory& inv) {
    static const auto* const kMaven =
        new fledger::Ecosystem(fledger::Ecosystem::Parse("Maven").value());
    const std::string name = d.group + ":" + d.artifact;
    for (auto& p : inv.packages) {
      if (p.name != name) continue;
      if (p.version == d.version) {
        // The same artifact declared again (another type or classifier): one package, and
        // Maven's "the later declaration wins" decides the line.
        p.line = d.line;
        return;
      }
    }
    for (const auto& p : inv.packages) {
      if (p.name == name) {
        inv.warnings.push_back("line " + std::to_string(d.line) + ": " + name +
                               " is declared again with version " + d.version +
                               " (first: " + p.version + "); both are reported");
        break;
      }
    }
    Package p = MakePackage(*kMaven, name, d.version);
    p.resolved = complete && !d.version.empty() && !IsRange(d.version);
    p.relationship = Relationship::kDirect;
    p.line = d.line;
    if (!d.scope.empty() && d.scope != "compile") p.groups.push_back(d.scope);
    p.dev = d.scope == "test";
    p.optional = d.optional;
    inv.packages.push_back(std::move(p));
  }

  // Follows <parent> through local files: relativePath (default ../pom.xml), accepting a file
  // only if its coordinates are the declared parent's, as Maven does.
  void ReadParents(const ExtractInput& input, std::vector<PomModel>& chain,
                   std::vector<std::string>& warnings) const {
    if (input.reader == nullptr) return;
    std::set<std::string> visited = {input.path.str()};
    std::string current = input.path.str();
    while (chain.back().has_parent) {
      const PomModel& child = chain.back();
      if (static_cast<int>(chain.size()) > kMaxParentChain) {
        warnings.push_back("parent chain longer than " + std::to_string(kMaxParentChain) +
                           " poms; the rest is not read");
        return;
      }
      const std::string rel = child.parent_relative_set ? child.parent_relative : "../pom.xml";
      if (rel.empty()) return;  // <relativePath/>: the parent comes from a repository
      auto joined = JoinRelative(DirName(current), rel);
      if (!joined) {
        warnings.push_back("parent " + rel + " is outside the scan root; not read");
        return;
      }
      std::string path = *joined;
      if (BaseName(path).size() < 4 || path.substr(path.size() - 4) != ".xml") {
        path += path.empty() ? "pom.xml" : "/pom.xml";
      }
      const std::string declared = child.parent_group + ":" + child.parent_artifact;
      auto repo_path = RepoPath::Parse(path);
      if (!repo_path.ok() || !visited.insert(path).second) {
        warnings.push_back("parent " + declared + ": " + path + " is not a usable path");
        return;
      }
      auto text = input.reader->Read(repo_path.value());
      if (!text.ok()) {
        warnings.push_back("parent " + declared + " not found locally; inherited versions and " +
                           "dependencies are missing");
        return;
      }
      auto doc = ParseManifestXml(text.value(), path);
      if (!doc.ok()) {
        warnings.push_back("parent " + declared + ": " + doc.error().ToString());
        return;
      }
      const pugi::xml_node root = doc.value()->document_element();
      const LineIndex lines(text.value());
      PomModel parent = ReadModel(root, lines);
      const std::string group = parent.group.empty() ? parent.parent_group : parent.group;
      if (XmlLocalName(root) != "project" || group != child.parent_group ||
          parent.artifact != child.parent_artifact) {
        warnings.push_back("parent " + declared + ": " + path + " is another project; not used");
        return;
      }
      current = path;
      chain.push_back(std::move(parent));
    }
  }
};

}  // namespace

std::unique_ptr<Extractor> NewPomXmlExtractor() { return std::make_unique<PomXmlExtractor>(); }

}  // namespace fledger::sca

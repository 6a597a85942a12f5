// The extractor golden-test harness (see golden.h).
#include "golden.h"

#include <algorithm>
#include <fstream>
#include <set>
#include <sstream>

#include "core/input.h"

namespace fledger::testing::sca_golden {

namespace stdfs = std::filesystem;
using fledger::sca::Inventory;

namespace {
std::string Slurp(const stdfs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}
}  // namespace

std::vector<GoldenFixture> LoadGoldenDir(const stdfs::path& dir) {
  std::vector<GoldenFixture> out;
  if (!stdfs::is_directory(dir)) return out;
  for (const auto& entry : stdfs::recursive_directory_iterator(dir)) {
    const std::string name = entry.path().filename().string();
    const std::string suffix = ".expected.json";
    if (name.size() <= suffix.size() || name.substr(name.size() - suffix.size()) != suffix) {
      continue;
    }
    const nlohmann::json doc = nlohmann::json::parse(Slurp(entry.path()));
    GoldenFixture f;
    f.fixture = entry.path().parent_path() / name.substr(0, name.size() - suffix.size());
    f.format = doc.value("format", "");
    const std::string fixture_name = doc.value("fixture", f.fixture.filename().string());
    f.source = fixture_name.substr(0, fixture_name.find("__"));
    for (const auto& c : doc.value("cases", nlohmann::json::array())) {
      GoldenCase gc;
      gc.raw = c;
      // trivy test tables may leave the case unnamed (null).
      gc.name = c.contains("name") && c["name"].is_string() ? c["name"].get<std::string>() : "";
      gc.expect_error =
          c.contains("expect_error") && !c["expect_error"].is_null() && c["expect_error"] != false;
      gc.packages_asserted = c.contains("packages") && c["packages"].is_array();
      if (gc.packages_asserted) gc.packages = c["packages"];
      if (c.contains("options")) gc.options = c["options"];
      f.cases.push_back(std::move(gc));
    }
    out.push_back(std::move(f));
  }
  std::sort(out.begin(), out.end(),
            [](const GoldenFixture& a, const GoldenFixture& b) { return a.fixture < b.fixture; });
  return out;
}

Result<std::string> DirReader::Read(const RepoPath& path) const {
  return ReadTextFile(root_ / path.str(), ReadLimits{.max_bytes = 16u << 20});
}

Result<Inventory> RunOn(const fledger::sca::Extractor& e, const stdfs::path& fixture) {
  const std::string text = Slurp(fixture);
  auto path = RepoPath::Parse(fixture.filename().string());
  if (!path.ok()) return path.error();
  DirReader reader(fixture.parent_path());
  return e.Extract({.path = path.value(), .content = text, .reader = &reader});
}

bool PeerReportsProjects(const GoldenFixture& f) {
  static const std::set<std::pair<std::string, std::string>> kReported = {
      {"trivy", "dotnet-deps-json"}, {"trivy", "uv-lock"},          {"trivy", "go-mod"},
      {"trivy", "cargo-lock"},       {"osv-scalibr", "cargo-lock"}, {"syft", "vcpkg-json"},
  };
  return kReported.count({f.source, f.format}) > 0;
}

std::vector<std::pair<std::string, std::string>> AllPackages(const GoldenFixture& f,
                                                             const GoldenCase&,
                                                             const Inventory& inv) {
  std::vector<std::pair<std::string, std::string>> out;
  const bool projects = PeerReportsProjects(f);
  for (const auto& p : inv.packages) {
    if (!p.project || projects) out.emplace_back(p.name, p.version);
  }
  return out;
}

std::string CompareCase(const GoldenCase& c, const Result<Inventory>& got,
                        const std::vector<std::pair<std::string, std::string>>& ours) {
  if (c.expect_error)
    return got.ok() ? "expected an error, got " + std::to_string(ours.size()) + " packages" : "";
  if (!got.ok()) return "unexpected error: " + got.error().ToString();
  if (!c.packages_asserted) return "";
  std::multiset<std::pair<std::string, std::string>> want;
  for (const auto& p : c.packages) {
    want.emplace(p.value("name", ""), p.contains("version") && p["version"].is_string()
                                          ? p["version"].get<std::string>()
                                          : "");
  }
  std::multiset<std::pair<std::string, std::string>> have(ours.begin(), ours.end());
  if (want == have) return "";
  std::string msg;
  for (const auto& w : want) {
    if (have.count(w) < want.count(w)) msg += " missing " + w.first + "@" + w.second + ";";
  }
  for (const auto& h : have) {
    if (want.count(h) < have.count(h)) msg += " extra " + h.first + "@" + h.second + ";";
  }
  if (msg.size() > 2000) msg = msg.substr(0, 2000) + "...";
  return msg.empty() ? "multiplicity differs" : msg;
}

GoldenSummary RunGoldenDir(
    const stdfs::path& dir,
    const std::function<const fledger::sca::Extractor*(const GoldenFixture&)>& choose,
    const Projection& project) {
  GoldenSummary s;
  // Known misses: fixture file name, TAB, case name, TAB, reason.
  std::set<std::pair<std::string, std::string>> known, seen_known;
  {
    std::ifstream in(dir / "known-misses.txt");
    std::string line;
    while (std::getline(in, line)) {
      if (line.empty() || line[0] == '#') continue;
      const size_t t1 = line.find('\t');
      const size_t t2 = t1 == std::string::npos ? std::string::npos : line.find('\t', t1 + 1);
      if (t2 == std::string::npos) {
        s.failures.push_back("known-misses.txt: malformed line: " + line);
        continue;
      }
      known.emplace(line.substr(0, t1), line.substr(t1 + 1, t2 - t1 - 1));
    }
  }
  for (const auto& f : LoadGoldenDir(dir)) {
    const auto* e = choose(f);
    for (const auto& c : f.cases) {
      ++s.cases;
      std::string why;
      if (e == nullptr) {
        why = "no extractor";
      } else {
        const auto got = RunOn(*e, f.fixture);
        const auto ours = got.ok() ? project(f, c, got.value())
                                   : std::vector<std::pair<std::string, std::string>>{};
        why = CompareCase(c, got, ours);
      }
      const auto key = std::make_pair(f.fixture.filename().string(), c.name);
      const bool listed = known.count(key) > 0;
      if (listed) seen_known.insert(key);
      if (why.empty()) {
        ++s.passed;
        if (listed) {
          s.failures.push_back(key.first + " [" + c.name +
                               "]: passes now; remove it from known-misses.txt");
        }
      } else if (!listed) {
        s.failures.push_back(key.first + " [" + c.name + "]: " + why);
      }
    }
  }
  for (const auto& k : known) {
    if (!seen_known.count(k)) {
      s.failures.push_back("known-misses.txt lists " + k.first + " [" + k.second +
                           "], which is not a case here");
    }
  }
  return s;
}

}  // namespace fledger::testing::sca_golden

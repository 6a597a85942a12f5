// The dependency scan driver: walk, pick extractors, read bounded, extract in parallel, collect.
#include "sca/scan.h"

#include <algorithm>
#include <atomic>
#include <map>
#include <mutex>
#include <set>
#include <thread>

#include "core/input.h"
#include "core/log.h"
#include "fs/walker.h"
#include "sca/common.h"
#include "sca/extractor.h"
#include "sca/sbom/cyclonedx.h"

namespace fledger::sca {

namespace stdfs = std::filesystem;

namespace {

// Manifests that a lockfile in the same directory makes redundant: the lockfile has the exact
// versions, the manifest only ranges.
struct Supersede {
  std::string_view manifest_extractor;
  std::vector<std::string_view> lockfiles;
};
const std::vector<Supersede>& Supersedes() {
  static const std::vector<Supersede> kTable = {
      {"javascript/packagejson",
       {"package-lock.json", "npm-shrinkwrap.json", "yarn.lock", "pnpm-lock.yaml", "bun.lock"}},
      {"go/gosum", {"go.mod"}},
  };
  return kTable;
}

// Reads sibling files for extractors, never outside the scan root and never through a symlink
// that leaves it.
class RootReader : public FileReader {
 public:
  explicit RootReader(stdfs::path root) : root_(std::move(root)) {}
  Result<std::string> Read(const RepoPath& path) const override {
    const stdfs::path full = root_ / path.str();
    std::error_code ec;
    const stdfs::path canonical = stdfs::weakly_canonical(full, ec);
    const std::string root = root_.string() + "/";
    if (ec || canonical.string().rfind(root, 0) != 0) {
      return InputError(ValidationStep::kOrigin, path.str(), "outside the scan root");
    }
    return ReadTextFile(canonical, ReadLimits{.max_bytes = kMaxManifestBytes});
  }

 private:
  stdfs::path root_;
};

std::string Dir(const RepoPath& p) {
  const size_t slash = p.str().rfind('/');
  return slash == std::string::npos ? std::string() : p.str().substr(0, slash);
}

// Keeps one entry per (ecosystem, name, version) within a file: nested copies of the same
// package (npm node_modules trees) are one package for the report; groups merge, and the package
// is dev-only only if every copy is.
void DedupeWithinFile(std::vector<Package>& packages) {
  std::map<std::tuple<std::string, std::string, std::string, std::string, bool>, size_t> first;
  std::vector<Package> out;
  out.reserve(packages.size());
  for (auto& p : packages) {
    auto key = std::make_tuple(p.path.str(), p.ecosystem.osv_name(), p.name, p.version, p.resolved);
    const auto it = first.find(key);
    if (it == first.end()) {
      first.emplace(std::move(key), out.size());
      out.push_back(std::move(p));
      continue;
    }
    Package& kept = out[it->second];
    kept.dev = kept.dev && p.dev;
    kept.optional = kept.optional && p.optional;
    if (p.relationship == Relationship::kDirect) kept.relationship = Relationship::kDirect;
    for (auto& g : p.groups) {
      if (std::find(kept.groups.begin(), kept.groups.end(), g) == kept.groups.end()) {
        kept.groups.push_back(g);
      }
    }
    for (auto& d : p.depends_on) {
      if (std::find(kept.depends_on.begin(), kept.depends_on.end(), d) == kept.depends_on.end()) {
        kept.depends_on.push_back(d);
      }
    }
    // Edges that pointed at the dropped copy's id now point at the kept one.
    if (p.id != kept.id) {
      for (auto& q : out) {
        for (auto& d : q.depends_on) {
          if (d == p.id) d = kept.id;
        }
      }
    }
  }
  packages = std::move(out);
}

struct Job {
  RepoPath path;
  stdfs::path full;
  const Extractor* extractor;
};

ManifestResult RunJob(const Job& job, const FileReader& reader, std::vector<Package>& out,
                      std::vector<Package>& projects) {
  ManifestResult r;
  r.path = job.path;
  r.extractor = std::string(job.extractor->Name());
  auto text = ReadTextFile(job.full, ReadLimits{.max_bytes = kMaxManifestBytes});
  if (!text.ok()) {
    Error e = text.error();
    e.context = job.path.str();
    r.error = std::move(e);
    return r;
  }
  Result<Inventory> inv = InputError(ValidationStep::kNone, job.path.str(), "not run");
  try {
    inv = job.extractor->Extract(
        ExtractInput{.path = job.path, .content = text.value(), .reader = &reader});
  } catch (const std::exception& ex) {
    // Extractors catch their parsers' exceptions; this is the last line of defence, so a bug in
    // one extractor is a warning about one file, not the end of the scan.
    inv = Error{ErrorCode::kInternal, std::string("extractor failed: ") + ex.what(), job.path.str(),
                ValidationStep::kNone};
  }
  if (!inv.ok()) {
    Error e = inv.error();
    if (e.context.empty()) e.context = job.path.str();
    r.error = std::move(e);
    return r;
  }
  Inventory& got = inv.value();
  r.warnings = std::move(got.warnings);
  if (got.packages.size() > kMaxPackagesPerFile) {
    r.error = InputError(ValidationStep::kSize, job.path.str(),
                         "more than " + std::to_string(kMaxPackagesPerFile) + " packages");
    return r;
  }
  for (auto& p : got.packages) {
    // Packages from an included file (requirements.txt `-r`) keep that file's path.
    if (p.path.is_root()) p.path = job.path;
    if (p.id.empty()) p.id = p.name + "@" + p.version;
  }
  // The project's own entries are not dependencies: what they require is direct (when the
  // format did not say), and they go to DependencyScan::projects.
  std::vector<Package> deps;
  std::set<std::string> required_by_project;
  for (auto& p : got.packages) {
    if (p.project) {
      for (const auto& d : p.depends_on) required_by_project.insert(d);
      projects.push_back(std::move(p));
    } else {
      deps.push_back(std::move(p));
    }
  }
  for (auto& p : deps) {
    if (p.relationship == Relationship::kUnknown && required_by_project.count(p.id)) {
      p.relationship = Relationship::kDirect;
    }
  }
  got.packages = std::move(deps);
  DedupeWithinFile(got.packages);
  r.packages = got.packages.size();
  out = std::move(got.packages);
  return r;
}

}  // namespace

bool DependencyScan::partial() const {
  if (!skipped.empty()) return true;
  return std::any_of(manifests.begin(), manifests.end(),
                     [](const ManifestResult& m) { return m.error.has_value(); });
}

bool LooksLikeCycloneDx(std::string_view text) {
  const std::string_view head = text.substr(0, 4096);
  const size_t key = head.find("\"bomFormat\"");
  return key != std::string_view::npos && head.find("\"CycloneDX\"", key) != std::string_view::npos;
}

Result<DependencyScan> ScanDependencies(const stdfs::path& target, const ScanOptions& options) {
  std::error_code ec;
  const auto st = stdfs::status(target, ec);
  if (ec || !stdfs::exists(st)) {
    return InputError(ValidationStep::kOrigin, target.string(), "no such file or directory");
  }
  DependencyScan scan;
  std::vector<Job> jobs;
  stdfs::path root;
  if (stdfs::is_regular_file(st)) {
    // One file: its directory is the root, so sibling reads (package.json, -r includes) work.
    root = stdfs::weakly_canonical(stdfs::absolute(target, ec).parent_path(), ec);
    auto name = RepoPath::Parse(target.filename().string());
    if (!name.ok()) return name.error();
    // A CycloneDX SBOM is recognized by its content, whatever its name (bom.json, *.cdx.json).
    if (target.extension() == ".json") {
      auto text =
          ReadTextFile(root / name.value().str(), ReadLimits{.max_bytes = kMaxManifestBytes});
      if (!text.ok()) return text.error();
      if (LooksLikeCycloneDx(text.value())) {
        FLEDGER_TRY(Inventory inv, ReadCycloneDx(text.value(), target.string()));
        ManifestResult m;
        m.path = name.value();
        m.extractor = "cyclonedx";
        m.warnings = std::move(inv.warnings);
        for (auto& p : inv.packages) {
          p.path = name.value();
          if (p.id.empty()) p.id = p.name + "@" + p.version;
        }
        m.packages = inv.packages.size();
        scan.packages = std::move(inv.packages);
        scan.manifests.push_back(std::move(m));
        scan.root = root;
        scan.from_sbom = true;
        return scan;
      }
    }
    const Extractor* chosen = nullptr;
    for (const auto& e : AllExtractors()) {
      if (e->FileRequired(name.value())) {
        chosen = e.get();
        break;
      }
    }
    if (chosen == nullptr) {
      return InputError(ValidationStep::kSemantics, target.string(),
                        "not a lockfile, manifest or CycloneDX SBOM Fledger knows (see "
                        "docs/sca-formats.md)");
    }
    jobs.push_back({name.value(), root / name.value().str(), chosen});
  } else if (stdfs::is_directory(st)) {
    fs::WalkOptions wo;
    wo.max_file_bytes = kMaxManifestBytes;
    wo.max_files = options.max_files;
    wo.skip_binary = false;  // only manifests are read, and their reader rejects NUL bytes
    wo.use_ignore_files = options.use_ignore_files;
    wo.jobs = options.jobs;
    // Installed packages are described by the lockfile beside them; walking node_modules would
    // only cost time and report vendored copies twice.
    wo.extra_ignores = {"node_modules/"};
    FLEDGER_TRY(fs::Walker walker, fs::Walker::Open(target, wo));
    FLEDGER_TRY(fs::WalkResult walked, walker.List());
    root = walker.root();
    std::set<std::pair<std::string, std::string>> present;  // (dir, file name)
    for (const auto& f : walked.files) {
      present.emplace(Dir(f.path), std::string(f.path.filename()));
    }
    for (const auto& f : walked.files) {
      for (const auto& e : AllExtractors()) {
        if (!e->FileRequired(f.path)) continue;
        std::string superseded;
        for (const auto& s : Supersedes()) {
          if (s.manifest_extractor != e->Name()) continue;
          for (const auto lock : s.lockfiles) {
            if (present.count({Dir(f.path), std::string(lock)})) {
              superseded = (Dir(f.path).empty() ? "" : Dir(f.path) + "/") + std::string(lock);
              break;
            }
          }
        }
        if (!superseded.empty()) {
          ManifestResult m;
          m.path = f.path;
          m.extractor = std::string(e->Name());
          m.superseded_by = superseded;
          scan.manifests.push_back(std::move(m));
        } else {
          jobs.push_back({f.path, f.full, e.get()});
        }
        break;  // one extractor per file: the first in the registry's order
      }
    }
    for (const auto& s : walked.skipped) {
      if (s.reason == "size" || s.reason == "unreadable" || s.reason == "depth") {
        // Only skips that could hide a manifest are worth a warning here.
        bool manifest = s.reason == "depth";
        for (const auto& e : AllExtractors()) manifest = manifest || e->FileRequired(s.path);
        if (manifest) {
          scan.skipped.push_back(s.path.str() + ": " + std::string(fs::SkipReasonText(s.reason)));
        }
      }
    }
  } else {
    return InputError(ValidationStep::kOrigin, target.string(), "not a regular file or directory");
  }
  scan.root = root;

  RootReader reader(root);
  std::vector<ManifestResult> results(jobs.size());
  std::vector<std::vector<Package>> packages(jobs.size());
  std::vector<std::vector<Package>> projects(jobs.size());
  std::atomic<size_t> next{0};
  const auto work = [&] {
    for (size_t i = next++; i < jobs.size(); i = next++) {
      results[i] = RunJob(jobs[i], reader, packages[i], projects[i]);
    }
  };
  int threads = options.jobs > 0
                    ? options.jobs
                    : static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
  threads = static_cast<int>(std::min<size_t>(threads, jobs.size()));
  std::vector<std::thread> pool;
  for (int t = 1; t < threads; ++t) pool.emplace_back(work);
  work();
  for (auto& t : pool) t.join();

  for (size_t i = 0; i < jobs.size(); ++i) {
    for (auto& p : packages[i]) scan.packages.push_back(std::move(p));
    for (auto& p : projects[i]) scan.projects.push_back(std::move(p));
    scan.manifests.push_back(std::move(results[i]));
  }
  std::sort(scan.manifests.begin(), scan.manifests.end(),
            [](const ManifestResult& a, const ManifestResult& b) { return a.path < b.path; });
  std::stable_sort(scan.packages.begin(), scan.packages.end(),
                   [](const Package& a, const Package& b) {
                     return std::tie(a.path, a.line, a.name, a.version) <
                            std::tie(b.path, b.line, b.name, b.version);
                   });
  return scan;
}

}  // namespace fledger::sca

// Working-tree scan: walker → engine → findings.
#include "secrets/scan.h"

#include <algorithm>
#include <atomic>
#include <mutex>

#include "core/log.h"
#include "core/text.h"
#include "fs/walker.h"
#include "secrets/containers.h"

namespace fledger::secrets {
namespace {

namespace stdfs = std::filesystem;

constexpr std::string_view kAllowMarker = "fledger:allow";

// The line holding `pos`, or on a long (minified) line the kAllowReach bytes either side of it:
// an allow comment is looked for near the secret, not megabytes away.
constexpr size_t kAllowReach = 4096;
std::string_view LineAt(std::string_view text, size_t pos) {
  const size_t floor = pos > kAllowReach ? pos - kAllowReach : 0;
  size_t b = pos;
  while (b > floor && text[b - 1] != '\n') --b;
  const size_t ceiling = std::min(text.size(), pos + kAllowReach);
  size_t e = text.substr(0, ceiling).find('\n', pos);
  if (e == std::string_view::npos) e = ceiling;
  return text.substr(b, e - b);
}

// An inline allow comment for `rule` on this line: "fledger:allow <rule-id> <reason>".
// Returns the reason; sets *missing_reason when the comment names the rule but gives none.
std::optional<std::string> AllowIn(std::string_view line, const RuleId& rule,
                                   bool* missing_reason) {
  size_t at = line.find(kAllowMarker);
  while (at != std::string_view::npos) {
    std::string_view rest = line.substr(at + kAllowMarker.size());
    const size_t id_begin = rest.find_first_not_of(" \t");
    if (id_begin != std::string_view::npos) {
      rest.remove_prefix(id_begin);
      const size_t id_end = std::min(rest.find_first_of(" \t"), rest.size());
      if (rest.substr(0, id_end) == rule.str()) {
        std::string_view reason = Trim(rest.substr(id_end));
        // Drop comment closers: "-->", "*/".
        for (std::string_view closer : {"-->", "*/"}) {
          if (EndsWith(reason, closer)) reason = Trim(reason.substr(0, reason.size() - closer.size()));
        }
        if (reason.empty()) {
          *missing_reason = true;
          return std::nullopt;
        }
        return std::string(Truncate(reason, 200));
      }
    }
    at = line.find(kAllowMarker, at + kAllowMarker.size());
  }
  return std::nullopt;
}

}  // namespace

std::string SecretKey(const Rule& rule, std::string_view secret) {
  std::string material = rule.id.str();
  material += '\0';
  material += secret;
  return Sha256Hex(material);
}

std::vector<Finding> FindingsIn(const Engine& engine, Engine::Scratch& scratch,
                                std::string_view text, const RepoPath& path,
                                const std::vector<int>* lines, std::string_view where,
                                std::vector<std::string>* warnings,
                                std::vector<std::string>* keys) {
  std::vector<Finding> out;
  const std::vector<Hit> hits = engine.Scan(text, scratch);
  if (hits.empty()) return out;
  static const CweId kHardCoded = CweId::Parse("CWE-798").value();
  size_t line_pos = 0;  // offset of the start of line `line`
  int line = 1;
  size_t counted = 0;   // newlines counted up to here
  for (const Hit& h : hits) {
    if (h.begin > counted) {
      const auto first = text.begin() + static_cast<std::ptrdiff_t>(counted);
      const auto last = text.begin() + static_cast<std::ptrdiff_t>(h.begin);
      for (auto it = first; it != last; ++it) {
        if (*it == '\n') {
          ++line;
          line_pos = static_cast<size_t>(it - text.begin()) + 1;
        }
      }
      counted = h.begin;
    }
    const Rule& rule = *h.rule;
    const std::string_view secret = text.substr(h.begin, h.end - h.begin);
    const int end_newlines =
        static_cast<int>(std::count(secret.begin(), secret.end(), '\n'));
    size_t end_line_pos = line_pos;
    if (end_newlines > 0) end_line_pos = h.begin + secret.rfind('\n') + 1;
    auto map_line = [&](int l) {
      if (lines == nullptr || lines->empty()) return l;
      if (l - 1 < static_cast<int>(lines->size())) return (*lines)[static_cast<size_t>(l - 1)];
      return lines->back();
    };
    std::string key = SecretKey(rule, secret);
    Finding f{.rule_id = rule.id, .fingerprint = Fingerprint::Compute(rule.id, path, key)};
    if (keys != nullptr) keys->push_back(std::move(key));
    f.kind = FindingKind::kSecret;
    f.severity = rule.severity;
    f.confidence = h.confidence;
    f.title = rule.name;
    f.evidence = RedactSecret(rule, secret);
    f.message = rule.provider + " credential in clear text: " + f.evidence;
    if (!where.empty()) f.message += " in " + std::string(where);
    if (!h.note.empty()) f.message += "; " + h.note;
    f.location.path = path;
    f.location.line = map_line(line);
    f.location.column = static_cast<int>(h.begin - line_pos) + 1;
    f.location.end_line = map_line(line + end_newlines);
    f.location.end_column = static_cast<int>(h.end - end_line_pos) + 1;
    f.cwes.push_back(kHardCoded);
    f.references = rule.references;
    f.remediation.text = rule.remediation;
    // Inline allow comments: on the finding's line or the line above.
    bool missing_reason = false;
    const std::string_view this_line = LineAt(text, h.begin);
    std::optional<std::string> reason = AllowIn(this_line, rule.id, &missing_reason);
    int allow_line = line;
    if (!reason && line_pos > 0) {
      reason = AllowIn(LineAt(text, line_pos - 1), rule.id, &missing_reason);
      allow_line = line - 1;
    }
    if (reason) {
      f.suppression = Suppression{"inline", *reason,
                                  path.str() + ":" + std::to_string(map_line(allow_line)), ""};
    } else if (missing_reason && warnings) {
      warnings->push_back(path.str() + ":" + std::to_string(f.location.line) +
                          ": fledger:allow " + rule.id.str() +
                          " has no reason, so it does not apply");
    }
    out.push_back(std::move(f));
  }
  return out;
}

bool ScanContent(const Engine& engine, Engine::Scratch& scratch, std::string_view content,
                 const RepoPath& path, const ContainerLimits* containers,
                 std::vector<Finding>& found, std::vector<std::string>* warnings,
                 std::vector<std::string>* keys) {
  const std::string_view head = content.substr(0, 8192);
  const bool binary = fs::LooksBinary(head);
  const ContainerKind kind = containers != nullptr && HasContainerExtension(path.str())
                                 ? DetectContainer(path.str(), head)
                                 : ContainerKind::kNone;
  if (binary && kind != ContainerKind::kArchive) return false;
  if (kind != ContainerKind::kNone) {
    auto parts = kind == ContainerKind::kArchive
                     ? ExpandArchive(path.str(), content, *containers, warnings)
                     : ExpandNotebook(path.str(), content, *containers);
    if (parts.ok()) {
      for (const TextPart& part : parts.value()) {
        auto part_path = RepoPath::Parse(part.path);
        if (!part_path.ok()) continue;
        auto more = FindingsIn(engine, scratch, part.text, part_path.value(), &part.lines,
                               part.where, warnings, keys);
        found.insert(found.end(), std::make_move_iterator(more.begin()),
                     std::make_move_iterator(more.end()));
      }
      return true;
    }
    if (warnings != nullptr) {
      warnings->push_back(path.str() + ": not expanded, " + parts.error().ToString() +
                          (binary ? "" : "; scanned as text"));
    }
    if (binary) return false;
  }
  auto more = FindingsIn(engine, scratch, content, path, nullptr, {}, warnings, keys);
  found.insert(found.end(), std::make_move_iterator(more.begin()),
               std::make_move_iterator(more.end()));
  return true;
}

Result<SecretScan> ScanTree(const stdfs::path& target, const Engine& engine,
                            const TreeScanOptions& options) {
  std::error_code ec;
  const auto status = stdfs::status(target, ec);
  if (ec || !(stdfs::is_directory(status) || stdfs::is_regular_file(status))) {
    return InputError(ValidationStep::kOrigin, target.string(),
                      "not a directory or a regular file");
  }
  const bool single = stdfs::is_regular_file(status);
  const stdfs::path root = single ? (target.has_parent_path() ? target.parent_path() : ".") : target;
  fs::WalkOptions wo;
  wo.max_file_bytes = options.max_file_bytes;
  wo.max_files = options.max_files;
  wo.use_ignore_files = options.use_ignore_files;
  wo.skip_binary = false;  // binary files are told apart after reading (archives are binary)
  wo.jobs = options.jobs;
  FLEDGER_TRY(fs::Walker walker, fs::Walker::Open(root, wo));
  SecretScan scan;
  scan.root = walker.root();
  ScratchPool pool(engine);
  std::mutex mu;
  std::atomic<uint64_t> scanned{0}, bytes{0};
  const auto scan_file = [&](const fs::FileEntry& file, std::string_view content) {
    std::vector<std::string> warnings;
    std::vector<Finding> found;
    Engine::Scratch scratch = pool.Take();
    const bool was_scanned =
        ScanContent(engine, scratch, content, file.path,
                    options.containers ? &options.limits : nullptr, found, &warnings);
    pool.Give(std::move(scratch));
    if (was_scanned) {  // not a binary file, or an archive
      scanned.fetch_add(1, std::memory_order_relaxed);
      bytes.fetch_add(content.size(), std::memory_order_relaxed);
    }
    if (found.empty() && warnings.empty()) return;
    std::lock_guard<std::mutex> lock(mu);
    for (auto& f : found) scan.findings.push_back(std::move(f));
    for (auto& w : warnings) scan.warnings.push_back(std::move(w));
  };
  uint64_t failures = 0;
  if (single) {
    FLEDGER_TRY(RepoPath rel, walker.Relativize(target));
    const uint64_t size = stdfs::file_size(target, ec);
    if (size > options.max_file_bytes) {
      return InputError(ValidationStep::kSize, target.string(),
                        "larger than the " + std::to_string(options.max_file_bytes >> 20) +
                            " MiB limit (--max-file-size)");
    }
    failures = walker.ForEachFile({{rel, stdfs::canonical(target, ec), size}}, scan_file);
  } else {
    // Files are read and scanned while the listing goes on.
    FLEDGER_TRY(fs::WalkResult walked, walker.ListAndRead(scan_file));
    for (const auto& s : walked.skipped) {
      scan.warnings.push_back(s.path.str() + ": skipped, " + std::string(fs::SkipReasonText(s.reason)));
    }
    failures = walked.unread;  // unreadable and too large files are among the skipped above
  }
  if (failures > 0) {
    scan.warnings.push_back(std::to_string(failures) +
                            " file(s) could not be read or scanned (-v names them)");
  }
  scan.files = scanned.load();
  scan.bytes = bytes.load();
  SortFindings(scan.findings);
  std::sort(scan.warnings.begin(), scan.warnings.end());
  return scan;
}

}  // namespace fledger::secrets

// Parallel code and file search over a walked tree.
#include "assess/search.h"

#include <re2/re2.h>

#include <algorithm>
#include <mutex>

#include "assess/assessment.h"
#include "core/log.h"
#include "core/progress.h"
#include "core/redact.h"
#include "core/text.h"
#include "fs/ignore.h"
#include "fs/walker.h"

namespace fledger::assess {

Result<SearchType> ParseSearchType(std::string_view text) {
  if (text == "code") return SearchType::kCode;
  if (text == "file") return SearchType::kFile;
  return InputError(ValidationStep::kSemantics, "--search-type " + EscapeTerminal(text),
                    "expected code or file");
}

namespace {

std::string LineText(std::string_view line) {
  if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
  return Truncate(Redact(line), 400);
}

}  // namespace

Result<SearchResult> RunSearch(const SearchRequest& request) {
  if (request.pattern.empty() || request.pattern.size() > 4096) {
    return InputError(ValidationStep::kSize, "pattern", "must be 1 to 4096 bytes");
  }
  if (request.pattern.find('\0') != std::string::npos || !IsValidUtf8(request.pattern)) {
    return InputError(ValidationStep::kLexical, "pattern", "NUL byte or invalid UTF-8");
  }
  RE2::Options opts;
  opts.set_log_errors(false);
  opts.set_case_sensitive(!request.ignore_case);
  opts.set_literal(request.fixed_strings);
  opts.set_max_mem(64 << 20);
  const std::string pattern = request.fixed_strings ? request.pattern : "(?m)" + request.pattern;
  RE2 re(request.type == SearchType::kCode ? pattern : std::string("x"), opts);
  if (!re.ok()) {
    return InputError(ValidationStep::kSyntax,
                      "pattern '" + EscapeTerminal(Truncate(request.pattern, 60)) + "'",
                      "invalid regular expression: " + re.error());
  }
  fs::WalkOptions wopts;
  wopts.jobs = request.jobs;
  wopts.max_file_bytes = request.max_file_bytes;
  // Binary files are detected while searching, from the bytes already read, rather than by a
  // second read of every file during listing.
  wopts.skip_binary = false;
  // Fledger's own output: a saved search's evidence.json holds the lines it found, so searching
  // it again would find them twice and grow the record with every re-run.
  wopts.extra_ignores = OwnOutputIgnores();
  auto walker = fs::Walker::Open(request.root, wopts);
  if (!walker.ok()) return walker.error();
  auto listed = walker.value().List();
  if (!listed.ok()) return listed.error();
  const auto& files = listed.value().files;

  SearchResult result;
  result.skipped = std::move(listed.value().skipped);

  if (request.type == SearchType::kFile) {
    // A glob matches the whole path, or (without a slash) the file name at any depth.
    const std::string pat = request.ignore_case ? ToLower(request.pattern) : request.pattern;
    const bool has_slash = pat.find('/') != std::string::npos;
    for (const auto& f : files) {
      ++result.files_searched;
      const std::string path = request.ignore_case ? ToLower(f.path.str()) : f.path.str();
      const std::string name =
          request.ignore_case ? ToLower(f.path.filename()) : std::string(f.path.filename());
      const bool hit = request.fixed_strings ? path.find(pat) != std::string::npos
                       : has_slash ? fs::GlobMatch(StartsWith(pat, "/") ? pat.substr(1) : pat, path)
                                   : fs::GlobMatch(pat, name);
      if (!hit) continue;
      if (result.hits.size() >= request.max_hits) {
        result.truncated = true;
        break;
      }
      result.hits.push_back({f.path, 0, ""});
    }
    return result;
  }

  std::vector<std::vector<SearchHit>> per_file(files.size());
  std::atomic<size_t> total_hits{0};
  std::atomic<bool> truncated{false};
  Progress progress("searching", files.size());
  const uint64_t failures = walker.value().ForEachFile(files, [&](const fs::FileEntry& f,
                                                                  std::string_view text) {
    // ForEachFile hands out references into `files`, so the index is the element's offset.
    const size_t idx = static_cast<size_t>(&f - files.data());
    progress.Advance();
    if (truncated.load(std::memory_order_relaxed)) return;
    if (fs::LooksBinary(text.substr(0, 8192))) return;
    re2::StringPiece input(text.data(), text.size());
    re2::StringPiece match;
    size_t pos = 0;
    int line_no = 1;
    size_t line_counted_to = 0;
    auto& out = per_file[idx];
    while (pos <= text.size() && re.Match(input, pos, text.size(), RE2::UNANCHORED, &match, 1)) {
      const size_t start = static_cast<size_t>(match.data() - text.data());
      size_t line_start = 0;
      if (start > 0) {
        const size_t nl = text.rfind('\n', start - 1);
        line_start = nl == std::string_view::npos ? 0 : nl + 1;
      }
      size_t line_end = text.find('\n', start);
      if (line_end == std::string_view::npos) line_end = text.size();
      line_no += static_cast<int>(std::count(text.begin() + static_cast<long>(line_counted_to),
                                             text.begin() + static_cast<long>(line_start), '\n'));
      line_counted_to = line_start;
      out.push_back({f.path, line_no, LineText(text.substr(line_start, line_end - line_start))});
      if (total_hits.fetch_add(1) + 1 >= request.max_hits) {
        truncated = true;
        return;
      }
      pos = line_end + 1;
    }
  });
  result.files_searched = files.size() - failures;
  result.unreadable = failures;
  result.truncated = truncated;
  for (auto& v : per_file) {
    for (auto& h : v) {
      if (result.hits.size() >= request.max_hits) break;
      result.hits.push_back(std::move(h));
    }
  }
  return result;
}

std::vector<std::string> TagsForHit(const SearchHit& hit) {
  std::vector<std::string> tags;
  if (ContainsCaseInsensitive(hit.path.str(), "test")) tags.push_back("test");
  if (hit.text.find('=') != std::string::npos) tags.push_back("call");
  if (hit.text.find("def") != std::string::npos || EndsWith(ToLower(hit.path.str()), ".md"))
    tags.push_back("build");
  return tags;
}

EvidenceRecord ToEvidenceRecord(const SearchRequest& request, const SearchResult& result,
                                const std::string& category, const std::string& subcategory,
                                const std::string& requirement, const std::string& root_label) {
  EvidenceRecord rec;
  rec.name = (request.type == SearchType::kCode ? "code_search_" : "file_search_") +
             CollapseWhitespace(request.pattern);
  rec.pattern = request.pattern;
  rec.type = request.type == SearchType::kCode ? "code" : "file";
  rec.category = category;
  rec.subcategory = subcategory;
  rec.requirement = requirement;
  rec.root = root_label;
  std::vector<EvidenceHit> hits;
  for (const auto& h : result.hits) {
    EvidenceHit e;
    e.path_and_file = h.path.str();
    e.location = h.line > 0 ? std::to_string(h.line) : "";
    e.code = h.text;
    e.tags = TagsForHit(h);
    e.usage = e.tags.empty() ? "" : e.tags.front();
    hits.push_back(std::move(e));
  }
  rec.records.push_back(std::move(hits));
  return rec;
}

}  // namespace fledger::assess

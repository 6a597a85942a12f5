// The requirements.txt extractor: pip's requirements file format with includes, options,
// continuations, hashes and markers (pip.pypa.io "Requirements File Format").
#include <cctype>
#include <set>
#include <string>
#include <vector>

#include "sca/common.h"
#include "sca/python/pep508.h"
#include "sca/python/python.h"

namespace fledger::sca::python {

namespace {

// pip has no limit; nesting `-r` deeper than this is a mistake or an attack.
constexpr int kMaxIncludeDepth = 16;
// Depth alone does not bound the work: a file with k includes of new paths fans out to k^16
// files (found by fuzzing). Every extraction reads at most this many included files.
constexpr size_t kMaxIncludedFiles = 256;

std::string_view Trim(std::string_view s) {
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front()))) s.remove_prefix(1);
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) s.remove_suffix(1);
  return s;
}

void AppendUtf8(std::string& out, uint32_t cp) {
  if (cp < 0x80) {
    out += static_cast<char>(cp);
  } else if (cp < 0x800) {
    out += static_cast<char>(0xC0 | (cp >> 6));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else if (cp < 0x10000) {
    out += static_cast<char>(0xE0 | (cp >> 12));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else {
    out += static_cast<char>(0xF0 | (cp >> 18));
    out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  }
}

// Text as UTF-8: a UTF-8 BOM is dropped, and UTF-16 with a BOM (what Windows editors and
// PowerShell's `>` write) is transcoded; unpaired surrogates become U+FFFD.
std::string DecodeText(std::string_view raw) {
  if (raw.substr(0, 3) == "\xEF\xBB\xBF") return std::string(raw.substr(3));
  const bool le = raw.substr(0, 2) == "\xFF\xFE";
  const bool be = raw.substr(0, 2) == "\xFE\xFF";
  if (!le && !be) return std::string(raw);
  std::string out;
  out.reserve(raw.size() / 2);
  auto unit = [&](size_t i) -> uint32_t {
    const auto a = static_cast<unsigned char>(raw[i]), b = static_cast<unsigned char>(raw[i + 1]);
    return le ? (a | (b << 8)) : ((a << 8) | b);
  };
  for (size_t i = 2; i + 1 < raw.size(); i += 2) {
    uint32_t cp = unit(i);
    if (cp >= 0xD800 && cp < 0xDC00 && i + 3 < raw.size()) {
      const uint32_t lo = unit(i + 2);
      if (lo >= 0xDC00 && lo < 0xE000) {
        cp = 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00);
        i += 2;
      } else {
        cp = 0xFFFD;
      }
    } else if (cp >= 0xD800 && cp < 0xE000) {
      cp = 0xFFFD;
    }
    AppendUtf8(out, cp);
  }
  return out;
}

// pip's COMMENT_RE, `(^|\s+)#.*$`: a '#' starts a comment at the line start or after space.
std::string_view StripComment(std::string_view line) {
  for (size_t i = 0; i < line.size(); ++i) {
    if (line[i] == '#' && (i == 0 || std::isspace(static_cast<unsigned char>(line[i - 1])))) {
      return line.substr(0, i);
    }
  }
  return line;
}

struct LogicalLine {
  int line;  // the first physical line
  std::string text;
};

// pip's join_lines then ignore_comments: a line ending in '\' continues on the next one unless
// it is a comment line; a trailing '\' at the end of the file just ends it.
std::vector<LogicalLine> LogicalLines(std::string_view text) {
  std::vector<LogicalLine> out;
  std::string pending;
  int pending_line = 0;
  int number = 0;
  size_t pos = 0;
  while (pos <= text.size()) {
    size_t end = text.find('\n', pos);
    if (end == std::string_view::npos) end = text.size();
    std::string_view line = text.substr(pos, end - pos);
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    ++number;
    const std::string_view trimmed = Trim(line);
    const bool comment_line = !trimmed.empty() && trimmed.front() == '#';
    if (!line.empty() && line.back() == '\\' && !comment_line) {
      if (pending_line == 0) pending_line = number;
      while (!line.empty() && line.back() == '\\') line.remove_suffix(1);
      pending += line;
    } else if (pending_line != 0) {
      pending += comment_line ? std::string_view() : line;
      out.push_back({pending_line, std::string(StripComment(pending))});
      pending.clear();
      pending_line = 0;
    } else {
      out.push_back({number, std::string(StripComment(line))});
    }
    if (end == text.size()) break;
    pos = end + 1;
  }
  if (pending_line != 0) out.push_back({pending_line, std::string(StripComment(pending))});
  return out;
}

std::vector<std::string_view> Tokens(std::string_view s) {
  std::vector<std::string_view> out;
  size_t i = 0;
  while (i < s.size()) {
    while (i < s.size() && std::isspace(static_cast<unsigned char>(s[i]))) ++i;
    const size_t start = i;
    while (i < s.size() && !std::isspace(static_cast<unsigned char>(s[i]))) ++i;
    if (i > start) out.push_back(s.substr(start, i - start));
  }
  return out;
}

// An option token split into its name and value ("--hash=x", "--hash x", "-rfile", "-r file").
struct Option {
  std::string name;
  std::string value;
};

Option ReadOption(const std::vector<std::string_view>& tokens, size_t& i) {
  const std::string_view t = tokens[i++];
  Option o;
  if (t.substr(0, 2) == "--") {
    const size_t eq = t.find('=');
    o.name = std::string(t.substr(0, eq));
    if (eq != std::string_view::npos) {
      o.value = std::string(t.substr(eq + 1));
      return o;
    }
  } else {
    o.name = std::string(t.substr(0, 2));
    if (t.size() > 2) {
      o.value = std::string(t.substr(2));
      return o;
    }
  }
  // Options that take a value read the next token (flags like --pre do not).
  static const std::set<std::string, std::less<>> kFlags = {
      "--pre", "--prefer-binary", "--require-hashes", "--no-index", "--no-deps"};
  if (!kFlags.count(o.name) && i < tokens.size() && tokens[i].substr(0, 1) != "-") {
    o.value = std::string(tokens[i++]);
  }
  return o;
}

bool LooksLikeUrlOrPath(std::string_view s) {
  auto ends = [&](std::string_view suffix) {
    return s.size() >= suffix.size() && s.substr(s.size() - suffix.size()) == suffix;
  };
  return s.find("://") != std::string_view::npos || s.front() == '.' || s.front() == '/' ||
         s.front() == '~' || s.find('/') != std::string_view::npos || ends(".whl") ||
         ends(".zip") || ends(".tar.gz") || ends(".tgz");
}

class RequirementsExtractor : public Extractor {
 public:
  std::string_view Name() const override { return "python/requirements"; }
  int Version() const override { return 1; }
  std::string_view Ecosystem() const override { return "PyPI"; }

  bool FileRequired(const RepoPath& path) const override {
    const std::string_view base = path.filename();
    if (base.size() < 4 || !EqualsIgnoreCase(base.substr(base.size() - 4), ".txt")) return false;
    std::string lower;
    for (const char c : base)
      lower += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    if (lower.find("requirements") != std::string::npos) return true;
    // requirements/base.txt, requirements/dev.txt
    const std::string& s = path.str();
    const size_t slash = s.rfind('/');
    if (slash == std::string::npos) return false;
    return EqualsIgnoreCase(BaseName(std::string_view(s).substr(0, slash)), "requirements");
  }

  Result<Inventory> Extract(const ExtractInput& input) const override {
    Inventory inv;
    std::set<std::string> done;
    std::vector<std::string> stack;
    FLEDGER_RETURN_IF_ERROR(
        ParseFile(input.path, input.content, input.reader, 0, stack, done, inv));
    return inv;
  }

 private:
  Status ParseFile(const RepoPath& path, std::string_view raw, const FileReader* reader, int depth,
                   std::vector<std::string>& stack, std::set<std::string>& done,
                   Inventory& inv) const {
    const std::string& context = path.str();
    if (raw.size() > kMaxManifestBytes) {
      return InputError(ValidationStep::kSize, context,
                        "larger than " + std::to_string(kMaxManifestBytes >> 20) + " MiB");
    }
    done.insert(path.str());
    stack.push_back(path.str());
    const std::string text = DecodeText(raw);
    for (const auto& ll : LogicalLines(text)) {
      const std::string_view line = Trim(ll.text);
      if (line.empty()) continue;
      const std::string where = context + ":" + std::to_string(ll.line);
      if (line.front() == '-') {
        const auto tokens = Tokens(line);
        size_t i = 0;
        const Option o = ReadOption(tokens, i);
        if (o.name == "-r" || o.name == "--requirement") {
          FLEDGER_RETURN_IF_ERROR(Include(path, o.value, where, reader, depth, stack, done, inv));
        } else if (o.name == "-e" || o.name == "--editable") {
          inv.warnings.push_back(where +
                                 ": editable requirement skipped (a local or VCS "
                                 "checkout has no registry version)");
        } else if (!IsGlobalOption(o.name)) {
          inv.warnings.push_back(where + ": unknown option '" + o.name + "' skipped");
        }
        continue;
      }
      FLEDGER_RETURN_IF_ERROR(ParseRequirementLine(line, ll.line, where, path, depth > 0, inv));
    }
    stack.pop_back();
    return {};
  }

  static bool IsGlobalOption(std::string_view name) {
    // Options that change where or how pip installs, not what (-c constraints add no packages).
    static const std::set<std::string, std::less<>> kGlobal = {"-c",
                                                               "--constraint",
                                                               "-i",
                                                               "--index-url",
                                                               "--extra-index-url",
                                                               "-f",
                                                               "--find-links",
                                                               "--no-index",
                                                               "--no-binary",
                                                               "--only-binary",
                                                               "--prefer-binary",
                                                               "--require-hashes",
                                                               "--pre",
                                                               "--trusted-host",
                                                               "--use-feature",
                                                               "-Z",
                                                               "--always-unzip",
                                                               "--no-deps"};
    return kGlobal.count(name) > 0;
  }

  Status ParseRequirementLine(std::string_view line, int number, const std::string& where,
                              const RepoPath& path, bool included, Inventory& inv) const {
    // pip's break_args_options: the requirement ends at the first token starting with '-'.
    const auto tokens = Tokens(line);
    size_t first_option = tokens.size();
    for (size_t i = 0; i < tokens.size(); ++i) {
      if (tokens[i].front() == '-') {
        first_option = i;
        break;
      }
    }
    std::string_view req = line;
    if (first_option < tokens.size()) {
      req = Trim(line.substr(0, static_cast<size_t>(tokens[first_option].data() - line.data())));
    }
    std::vector<Hash> hashes;
    for (size_t i = first_option; i < tokens.size();) {
      if (tokens[i].front() != '-') {
        ++i;  // stray text after the options: pip would reject it; the requirement stands
        continue;
      }
      const Option o = ReadOption(tokens, i);
      if (o.name == "--hash") {
        if (auto h = ParseHash(o.value)) hashes.push_back(std::move(*h));
      }
    }
    if (req.empty()) return {};
    if (req.find("://") == std::string_view::npos) {
      // A '#' cannot occur in a name or version: "pkg==1.0#note" is a comment without space.
      req = Trim(req.substr(0, std::min(req.find('#'), req.size())));
      if (req.empty()) return {};
    }
    auto parsed = ParseRequirement(req);
    if (!parsed.ok()) {
      if (LooksLikeUrlOrPath(req)) {
        inv.warnings.push_back(where + ": URL or path requirement skipped (no version)");
      } else {
        inv.warnings.push_back(where + ": invalid requirement skipped: " + parsed.error().message);
      }
      return {};
    }
    Requirement& r = parsed.value();
    if (!r.url.empty()) {
      inv.warnings.push_back(where + ": direct URL reference for '" + r.name + "' skipped");
      return {};
    }
    if (r.has_env_var) {
      inv.warnings.push_back(where + ": '" + r.name +
                             "' uses an environment variable; its version is left as written");
    }
    Package p = PackageFromSpecifier(std::move(r.name), r.specifier);
    p.line = number;
    p.end_line = number;
    p.hashes = std::move(hashes);
    if (included) p.path = path;  // the driver sets the top file's path; includes keep theirs
    return AddPackage(inv, std::move(p), path.str());
  }

  Status Include(const RepoPath& from, std::string_view target, const std::string& where,
                 const FileReader* reader, int depth, std::vector<std::string>& stack,
                 std::set<std::string>& done, Inventory& inv) const {
    if (target.empty()) {
      inv.warnings.push_back(where + ": -r without a file name");
      return {};
    }
    if (target.find("://") != std::string_view::npos) {
      inv.warnings.push_back(where + ": remote requirements file '" + std::string(target) +
                             "' not read (Fledger works offline)");
      return {};
    }
    const std::string& s = from.str();
    const size_t slash = s.rfind('/');
    const std::string joined = slash == std::string::npos
                                   ? std::string(target)
                                   : s.substr(0, slash + 1) + std::string(target);
    const auto next = RepoPath::Parse(joined);
    if (!next.ok()) {
      inv.warnings.push_back(where + ": included file '" + std::string(target) +
                             "' not read: " + next.error().message);
      return {};
    }
    const std::string key = next.value().str();
    for (const auto& open : stack) {
      if (open == key) {
        inv.warnings.push_back(where + ": include loop through '" + key + "' stopped");
        return {};
      }
    }
    if (done.count(key)) return {};  // a diamond: the file's packages are already in
    if (done.size() > kMaxIncludedFiles) {
      inv.warnings.push_back(where + ": more than " + std::to_string(kMaxIncludedFiles) +
                             " included files; '" + key + "' not read");
      return {};
    }
    if (depth + 1 > kMaxIncludeDepth) {
      inv.warnings.push_back(where + ": includes nested deeper than " +
                             std::to_string(kMaxIncludeDepth) + " levels; '" + key + "' not read");
      return {};
    }
    if (reader == nullptr) {
      inv.warnings.push_back(where + ": included file '" + key + "' not read (no file reader)");
      return {};
    }
    auto text = reader->Read(next.value());
    if (!text.ok()) {
      inv.warnings.push_back(where + ": included file '" + key +
                             "' not read: " + text.error().message);
      return {};
    }
    if (text.value().size() > kMaxManifestBytes) {
      inv.warnings.push_back(where + ": included file '" + key + "' not read: too large");
      return {};
    }
    return ParseFile(next.value(), text.value(), reader, depth + 1, stack, done, inv);
  }
};

}  // namespace

std::unique_ptr<Extractor> NewRequirementsExtractor() {
  return std::make_unique<RequirementsExtractor>();
}

}  // namespace fledger::sca::python

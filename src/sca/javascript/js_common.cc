// Shared helpers of the JavaScript extractors (see js_common.h).
#include "sca/javascript/js_common.h"

#include <algorithm>
#include <deque>
#include <unordered_set>

#include "sca/common.h"

namespace fledger::sca::javascript {

const fledger::Ecosystem& Npm() {
  static const auto* const kNpm = new fledger::Ecosystem(fledger::Ecosystem::Parse("npm").value());
  return *kNpm;
}

std::string ContextOf(const ExtractInput& input) {
  return input.path.is_root() ? std::string("<input>") : input.path.str();
}

Status CheckPackageCount(size_t count, const std::string& context) {
  if (count > kMaxPackagesPerFile) {
    return InputError(ValidationStep::kSize, context,
                      "more than " + std::to_string(kMaxPackagesPerFile) + " packages");
  }
  return {};
}

std::pair<std::string, std::string> SplitNameAtRange(std::string_view spec) {
  const size_t at = spec.find('@', spec.empty() || spec[0] != '@' ? 0 : 1);
  if (at == std::string_view::npos) return {std::string(spec), ""};
  return {std::string(spec.substr(0, at)), std::string(spec.substr(at + 1))};
}

bool StartsWithDigit(std::string_view s) { return !s.empty() && s[0] >= '0' && s[0] <= '9'; }

namespace {

bool StartsWith(std::string_view s, std::string_view p) { return s.substr(0, p.size()) == p; }

bool IsHex(std::string_view s, size_t min_len) {
  if (s.size() < min_len || s.size() > 64) return false;
  return std::all_of(s.begin(), s.end(), [](char c) {
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
  });
}

// Decodes standard base64 (with or without padding); nullopt on a bad character.
std::optional<std::string> DecodeBase64(std::string_view in) {
  auto value = [](char c) -> int {
    if (c >= 'A' && c <= 'Z') return c - 'A';
    if (c >= 'a' && c <= 'z') return c - 'a' + 26;
    if (c >= '0' && c <= '9') return c - '0' + 52;
    if (c == '+' || c == '-') return 62;
    if (c == '/' || c == '_') return 63;
    return -1;
  };
  std::string out;
  uint32_t acc = 0;
  int bits = 0;
  for (const char c : in) {
    if (c == '=') break;
    const int v = value(c);
    if (v < 0) return std::nullopt;
    acc = (acc << 6) | static_cast<uint32_t>(v);
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out += static_cast<char>((acc >> bits) & 0xff);
    }
  }
  return out;
}

std::string Hex(std::string_view bytes) {
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out;
  out.reserve(bytes.size() * 2);
  for (const char ch : bytes) {
    const auto c = static_cast<unsigned char>(ch);
    out += kHex[c >> 4];
    out += kHex[c & 15];
  }
  return out;
}

}  // namespace

std::vector<Hash> IntegrityHashes(std::string_view integrity) {
  static const std::pair<std::string_view, std::string_view> kAlgorithms[] = {
      {"sha512-", "SHA-512"},
      {"sha384-", "SHA-384"},
      {"sha256-", "SHA-256"},
      {"sha1-", "SHA-1"},
      {"md5-", "MD5"}};
  std::vector<Hash> out;
  size_t pos = 0;
  while (pos < integrity.size()) {
    size_t end = integrity.find(' ', pos);
    if (end == std::string_view::npos) end = integrity.size();
    const std::string_view item = integrity.substr(pos, end - pos);
    pos = end + 1;
    for (const auto& [prefix, name] : kAlgorithms) {
      if (!StartsWith(item, prefix)) continue;
      std::string_view b64 = item.substr(prefix.size());
      b64 = b64.substr(0, b64.find('?'));  // SRI options after '?'
      if (auto bytes = DecodeBase64(b64); bytes && !bytes->empty()) {
        out.push_back(Hash{std::string(name), Hex(*bytes)});
      }
      break;
    }
  }
  return out;
}

std::string CommitOf(std::string_view url) {
  const size_t hash = url.rfind('#');
  if (hash != std::string_view::npos) {
    std::string_view frag = url.substr(hash + 1);
    // berry: "#commit=<hex>" (also "#commit:<hex>"), possibly followed by "&..." options.
    for (const std::string_view p : {"commit=", "commit:"}) {
      const size_t at = frag.find(p);
      if (at != std::string_view::npos) frag = frag.substr(at + p.size());
    }
    frag = frag.substr(0, frag.find('&'));
    // A registry tarball carries its sha1 as the fragment ("x-1.0.0.tgz#<sha1>"): not a commit.
    const std::string_view before = url.substr(0, hash);
    const bool tarball = before.size() >= 4 && (before.substr(before.size() - 4) == ".tgz" ||
                                                before.substr(before.size() - 4) == ".tar" ||
                                                before.find(".tar.gz") != std::string_view::npos);
    if (!tarball && IsHex(frag, 7)) return std::string(frag);
  }
  if (const size_t at = url.find("/tar.gz/"); at != std::string_view::npos) {
    std::string_view rest = url.substr(at + 8);
    rest = rest.substr(0, rest.find_first_of("?#/"));
    if (IsHex(rest, 7)) return std::string(rest);
  }
  if (const size_t at = url.find("?ref="); at != std::string_view::npos) {
    std::string_view rest = url.substr(at + 5);
    rest = rest.substr(0, rest.find('&'));
    if (IsHex(rest, 7)) return std::string(rest);
  }
  return {};
}

bool IsNonRegistrySpec(std::string_view spec) {
  static constexpr std::string_view kPrefixes[] = {
      "git:",  "git+",       "github:", "gitlab:", "bitbucket:", "gist:", "file:",
      "link:", "workspace:", "portal:", "http:",   "https:",     "ssh:",  "patch:",
      "exec:", "./",         "../",     "/",       "~/"};
  for (const auto p : kPrefixes) {
    if (StartsWith(spec, p)) return true;
  }
  // GitHub shorthand "user/repo" or "user/repo#ref" (an npm alias "npm:" has a colon first).
  const size_t slash = spec.find('/');
  return slash != std::string_view::npos && spec[0] != '@' &&
         spec.substr(0, slash).find(':') == std::string_view::npos;
}

JsonMemberLines::JsonMemberLines(std::string_view text) {
  // One pass: track the chain of member names of the open containers; record the line of each
  // member whose value opens a container, and its closing line.
  struct Frame {
    bool object;
    size_t path_len;  // length of `path` before this container's member name was appended
    int begin_line;
    bool recorded;
  };
  std::vector<Frame> stack;
  std::string path;
  std::string last_key;
  int last_key_line = 0;
  bool have_key = false;  // a member name was read and its value not yet started
  int line = 1;
  for (size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (c == '\n') {
      ++line;
    } else if (c == '"') {
      std::string s;
      const int start_line = line;
      for (++i; i < text.size() && text[i] != '"'; ++i) {
        // Plain characters in runs: this loop sees every byte of a megabyte lockfile.
        size_t stop = i;
        while (stop < text.size() && text[stop] != '"' && text[stop] != '\\' &&
               text[stop] != '\n') {
          ++stop;
        }
        if (stop > i) {
          s.append(text.substr(i, stop - i));
          i = stop;
          if (i >= text.size() || text[i] == '"') break;
        }
        if (text[i] == '\\' && i + 1 < text.size()) {
          ++i;
          // Member names here are package paths; keep simple escapes, drop \u (rare in keys).
          switch (text[i]) {
            case 'n':
              s += '\n';
              break;
            case 't':
              s += '\t';
              break;
            default:
              s += text[i];
          }
        } else {
          if (text[i] == '\n') ++line;
          s += text[i];
        }
      }
      // A string is a member name when the next non-space character is ':'.
      size_t j = i + 1;
      while (j < text.size() &&
             (text[j] == ' ' || text[j] == '\t' || text[j] == '\r' || text[j] == '\n')) {
        ++j;
      }
      if (j < text.size() && text[j] == ':' && !stack.empty() && stack.back().object) {
        last_key = std::move(s);
        last_key_line = start_line;
        have_key = true;
      } else {
        have_key = false;
      }
    } else if (c == '{' || c == '[') {
      Frame f{c == '{', path.size(), line, false};
      if (have_key) {
        if (!path.empty()) path += '\x1f';
        path += last_key;
        f.begin_line = last_key_line;
        f.recorded = true;
      } else if (!stack.empty()) {
        path += "\x1f[]";  // an array element: its members are not looked up by name
      }
      stack.push_back(f);
      have_key = false;
    } else if (c == '}' || c == ']') {
      if (stack.empty()) continue;
      const Frame f = stack.back();
      stack.pop_back();
      if (f.recorded) lines_.emplace(path, std::make_pair(f.begin_line, line));
      path.resize(f.path_len);
      have_key = false;
    } else if (c == ',') {
      have_key = false;
    }
  }
}

std::pair<int, int> JsonMemberLines::Find(std::initializer_list<std::string_view> path) const {
  std::string key;
  for (const auto p : path) {
    if (!key.empty()) key += '\x1f';
    key += p;
  }
  const auto it = lines_.find(key);
  return it == lines_.end() ? std::make_pair(0, 0) : it->second;
}

std::pair<int, int> JsonMemberLines::Find(const std::vector<std::string>& path) const {
  std::string key;
  for (const auto& p : path) {
    if (!key.empty()) key += '\x1f';
    key += p;
  }
  const auto it = lines_.find(key);
  return it == lines_.end() ? std::make_pair(0, 0) : it->second;
}

bool DeclaredDeps::Declares(std::string_view name) const {
  for (const auto* group : {&prod, &dev, &optional, &peer}) {
    for (const auto& [n, spec] : *group) {
      if (n == name) return true;
    }
  }
  return false;
}

bool DeclaredDeps::DeclaresOutsideDev(std::string_view name) const {
  for (const auto* group : {&prod, &optional, &peer}) {
    for (const auto& [n, spec] : *group) {
      if (n == name) return true;
    }
  }
  return false;
}

DeclaredDeps DeclaredDepsOf(const nlohmann::json& manifest) {
  DeclaredDeps d;
  if (!manifest.is_object()) return d;
  const std::pair<const char*, std::vector<std::pair<std::string, std::string>>*> groups[] = {
      {"dependencies", &d.prod},
      {"devDependencies", &d.dev},
      {"optionalDependencies", &d.optional},
      {"peerDependencies", &d.peer}};
  for (const auto& [key, out] : groups) {
    const auto it = manifest.find(key);
    if (it == manifest.end() || !it->is_object()) continue;
    for (const auto& [name, spec] : it->items()) {
      out->emplace_back(name, spec.is_string() ? spec.get<std::string>() : std::string());
    }
  }
  return d;
}

std::optional<nlohmann::json> ReadSiblingPackageJson(const ExtractInput& input) {
  if (input.reader == nullptr) return std::nullopt;
  const std::string& p = input.path.str();
  const size_t slash = p.rfind('/');
  const std::string sibling =
      (slash == std::string::npos ? std::string() : p.substr(0, slash + 1)) + "package.json";
  const auto path = RepoPath::Parse(sibling);
  if (!path.ok()) return std::nullopt;
  const auto text = input.reader->Read(path.value());
  if (!text.ok()) return std::nullopt;
  auto doc = ParseManifestJson(text.value(), sibling);
  if (!doc.ok() || !doc.value().is_object()) return std::nullopt;
  return std::move(doc).value();
}

void MarkDevByReachability(std::vector<Package>& packages,
                           const std::vector<std::string>& prod_roots,
                           const std::vector<std::string>& dev_roots) {
  std::unordered_map<std::string_view, size_t> index;
  index.reserve(packages.size());
  for (size_t i = 0; i < packages.size(); ++i) index.emplace(packages[i].id, i);
  auto walk = [&](const std::vector<std::string>& roots) {
    std::vector<char> seen(packages.size(), 0);
    std::deque<size_t> queue;
    for (const auto& r : roots) {
      const auto it = index.find(r);
      if (it != index.end() && !seen[it->second]) {
        seen[it->second] = 1;
        queue.push_back(it->second);
      }
    }
    while (!queue.empty()) {
      const size_t i = queue.front();
      queue.pop_front();
      for (const auto& d : packages[i].depends_on) {
        const auto it = index.find(d);
        if (it != index.end() && !seen[it->second]) {
          seen[it->second] = 1;
          queue.push_back(it->second);
        }
      }
    }
    return seen;
  };
  const auto prod = walk(prod_roots);
  const auto dev = walk(dev_roots);
  for (size_t i = 0; i < packages.size(); ++i) {
    if (prod[i]) {
      packages[i].dev = false;
    } else if (dev[i]) {
      packages[i].dev = true;
    }
  }
}

size_t PackageSet::Add(Package p, std::string_view variant) {
  const std::string key = p.name + '\0' + p.version + '\0' + p.commit + '\0' + std::string(variant);
  const auto [it, inserted] = index_.emplace(key, packages_.size());
  if (inserted) {
    if (!p.commit.empty()) p.id += "#" + p.commit;
    if (!variant.empty()) p.id += "#" + std::string(variant);
    packages_.push_back(std::move(p));
    return it->second;
  }
  Package& q = packages_[it->second];
  q.dev = q.dev && p.dev;
  q.optional = q.optional && p.optional;
  for (auto& g : p.groups) q.groups.push_back(std::move(g));
  if (p.line > 0 && (q.line == 0 || p.line < q.line)) {
    q.line = p.line;
    q.end_line = p.end_line;
  }
  if (p.relationship == Relationship::kDirect) q.relationship = Relationship::kDirect;
  for (auto& d : p.depends_on) q.depends_on.push_back(std::move(d));
  return it->second;
}

void NormalizePackages(std::vector<Package>& packages) {
  for (auto& p : packages) {
    std::sort(p.groups.begin(), p.groups.end());
    p.groups.erase(std::unique(p.groups.begin(), p.groups.end()), p.groups.end());
    std::sort(p.depends_on.begin(), p.depends_on.end());
    p.depends_on.erase(std::unique(p.depends_on.begin(), p.depends_on.end()), p.depends_on.end());
  }
}

}  // namespace fledger::sca::javascript

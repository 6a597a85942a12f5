// PEP 440 (PyPI) versions, ordered as the `packaging` library orders them.
//
// The grammar is the canonical regular expression of PEP 440 Appendix B (case-insensitive,
// surrounding whitespace allowed, optional "v"), matched by hand: every optional part consumes its
// keyword greedily, which picks the same split as the regex. Text outside that grammar but made of
// printable ASCII without spaces is a pre-PEP 440 "legacy" version (packaging < 22 LegacyVersion,
// setuptools' old scheme), which always sorts before every PEP 440 version; PyPI still serves
// such releases and the OSV fixtures order them. Anything else is an error.
#include <algorithm>
#include <string>

#include "sca/version/version_internal.h"

namespace fledger::sca::version_internal {

namespace {

bool IsSep(char c) { return c == '-' || c == '_' || c == '.'; }

class Cursor {
 public:
  explicit Cursor(std::string_view s) : s_(s) {}
  bool AtEnd() const { return i_ >= s_.size(); }
  char Peek(size_t k = 0) const { return i_ + k < s_.size() ? s_[i_ + k] : '\0'; }
  size_t pos() const { return i_; }
  void Seek(size_t i) { i_ = i; }
  bool Take(std::string_view word) {
    if (s_.substr(i_, word.size()) != word) return false;
    i_ += word.size();
    return true;
  }
  std::string_view Digits() {
    const size_t start = i_;
    while (i_ < s_.size() && IsDigit(s_[i_])) ++i_;
    return s_.substr(start, i_ - start);
  }
  // The first of `words` that matches here (callers list longer spellings first).
  int TakeAny(std::initializer_list<std::string_view> words) {
    int k = 0;
    for (std::string_view w : words) {
      if (Take(w)) return k;
      ++k;
    }
    return -1;
  }

 private:
  std::string_view s_;
  size_t i_ = 0;
};

bool ParseStrict(std::string_view s, Pep440Parsed& v) {
  Cursor c(s);
  c.Take("v");
  // [N!]N(.N)*
  std::string_view first = c.Digits();
  if (first.empty()) return false;
  if (c.Peek() == '!') {
    c.Take("!");
    v.epoch = Append(v.buf, StripLeadingZeros(first));
    first = c.Digits();
    if (first.empty()) return false;
  }
  std::vector<std::string_view> release{first};
  while (c.Peek() == '.' && IsDigit(c.Peek(1))) {
    c.Take(".");
    release.push_back(c.Digits());
  }
  while (release.size() > 1 && StripLeadingZeros(release.back()).empty()) release.pop_back();
  if (StripLeadingZeros(release.back()).empty()) release.clear();  // "0.0" == "0"
  for (std::string_view r : release) v.release.push_back(Append(v.buf, StripLeadingZeros(r)));

  // Pre-release: [-_.]?(a|b|c|rc|alpha|beta|pre|preview)[-_.]?N?
  {
    const size_t save = c.pos();
    if (IsSep(c.Peek())) c.Seek(save + 1);
    const int k = c.TakeAny({"alpha", "a", "beta", "b", "preview", "pre", "rc", "c"});
    if (k < 0) {
      c.Seek(save);
    } else {
      static constexpr int kKind[] = {0, 0, 1, 1, 2, 2, 2, 2};
      v.pre_kind = kKind[k];
      const size_t after = c.pos();
      if (IsSep(c.Peek())) c.Seek(after + 1);
      // A separator with no number after it stays consumed, as the regex's greedy match keeps it.
      v.pre_num = Append(v.buf, StripLeadingZeros(c.Digits()));
    }
  }
  // Post-release: -N | [-_.]?(post|rev|r)[-_.]?N?
  {
    const size_t save = c.pos();
    if (c.Peek() == '-' && IsDigit(c.Peek(1))) {
      c.Take("-");
      v.has_post = true;
      v.post_num = Append(v.buf, StripLeadingZeros(c.Digits()));
    } else {
      if (IsSep(c.Peek())) c.Seek(save + 1);
      if (c.TakeAny({"post", "rev", "r"}) < 0) {
        c.Seek(save);
      } else {
        v.has_post = true;
        const size_t after = c.pos();
        if (IsSep(c.Peek())) c.Seek(after + 1);
        v.post_num = Append(v.buf, StripLeadingZeros(c.Digits()));
      }
    }
  }
  // Development release: [-_.]?dev[-_.]?N?
  {
    const size_t save = c.pos();
    if (IsSep(c.Peek())) c.Seek(save + 1);
    if (!c.Take("dev")) {
      c.Seek(save);
    } else {
      v.has_dev = true;
      const size_t after = c.pos();
      if (IsSep(c.Peek())) c.Seek(after + 1);
      v.dev_num = Append(v.buf, StripLeadingZeros(c.Digits()));
    }
  }
  // Local version label: +[a-z0-9]+([-_.][a-z0-9]+)*
  if (c.Peek() == '+') {
    c.Take("+");
    v.has_local = true;
    while (true) {
      const size_t start = c.pos();
      while (IsAlnum(c.Peek())) c.Seek(c.pos() + 1);
      const std::string_view part = s.substr(start, c.pos() - start);
      if (part.empty()) return false;
      const bool numeric = IsAllDigits(part);
      v.local.push_back({Append(v.buf, numeric ? StripLeadingZeros(part) : part), numeric});
      if (IsSep(c.Peek()) && IsAlnum(c.Peek(1))) {
        c.Seek(c.pos() + 1);
        continue;
      }
      break;
    }
  }
  return c.AtEnd();
}

// packaging 21's _legacy_cmpkey: split into digit runs, letter runs, '.', '-' and runs of other
// characters; map pre/preview/rc to "c", dev to "@", '-' to "final-"; zero-pad numbers to eight
// digits; prefix words with '*'; drop "*final-" and "00000000" before a word as it does.
void ParseLegacy(std::string_view s, Pep440Parsed& v) {
  std::vector<std::string> parts;
  auto add = [&parts](std::string part) {
    if (part[0] == '*') {
      if (part < "*final") {
        while (!parts.empty() && parts.back() == "*final-") parts.pop_back();
      }
      while (!parts.empty() && parts.back() == "00000000") parts.pop_back();
    }
    parts.push_back(std::move(part));
  };
  size_t i = 0;
  while (i < s.size()) {
    const size_t start = i;
    std::string part;
    if (IsDigit(s[i])) {
      while (i < s.size() && IsDigit(s[i])) ++i;
      part = std::string(s.substr(start, i - start));
      if (part.size() < 8) part.insert(0, 8 - part.size(), '0');
      add(std::move(part));
      continue;
    }
    if (IsLower(s[i])) {
      while (i < s.size() && IsLower(s[i])) ++i;
    } else if (s[i] == '.' || s[i] == '-') {
      ++i;
    } else {
      while (i < s.size() && !IsDigit(s[i]) && !IsLower(s[i]) && s[i] != '.' && s[i] != '-') ++i;
    }
    part = std::string(s.substr(start, i - start));
    if (part == ".") continue;
    if (part == "pre" || part == "preview" || part == "rc") part = "c";
    if (part == "dev") part = "@";
    if (part == "-") part = "final-";
    add("*" + part);
  }
  add("*final");
  for (const std::string& p : parts) v.legacy_parts.push_back(Append(v.buf, p));
}

int CompareOptionalNumber(bool has_a, std::string_view a, bool has_b, std::string_view b,
                          int missing) {
  if (has_a != has_b) return has_a ? -missing : missing;
  return has_a ? CompareDigits(a, b) : 0;
}

}  // namespace

Result<Pep440Parsed> ParsePep440(std::string_view text) {
  const std::string lowered = AsciiLower(TrimAsciiSpace(text));
  Pep440Parsed v;
  if (ParseStrict(lowered, v)) return v;
  bool has_alnum = false;
  for (char c : lowered) {
    const auto u = static_cast<unsigned char>(c);
    if (u <= 0x20 || u >= 0x7f) {
      return VersionSyntaxError(VersionScheme::kPep440, text,
                                "not a PEP 440 version (space or non-ASCII character)");
    }
    has_alnum = has_alnum || IsAlnum(c);
  }
  if (!has_alnum) {
    return VersionSyntaxError(VersionScheme::kPep440, text, "not a PEP 440 version");
  }
  Pep440Parsed legacy;
  legacy.legacy = true;
  ParseLegacy(lowered, legacy);
  return legacy;
}

int ComparePep440(const Pep440Parsed& a, const Pep440Parsed& b) {
  if (a.legacy != b.legacy) return a.legacy ? -1 : 1;
  if (a.legacy) {
    const size_t n = std::min(a.legacy_parts.size(), b.legacy_parts.size());
    for (size_t i = 0; i < n; ++i) {
      if (int c = CompareBytes(a.legacy_parts[i].In(a.buf), b.legacy_parts[i].In(b.buf)); c) {
        return c;
      }
    }
    if (a.legacy_parts.size() == b.legacy_parts.size()) return 0;
    return a.legacy_parts.size() < b.legacy_parts.size() ? -1 : 1;
  }
  if (int c = CompareDigits(a.epoch.In(a.buf), b.epoch.In(b.buf)); c) return c;
  const size_t n = std::max(a.release.size(), b.release.size());
  for (size_t i = 0; i < n; ++i) {
    const std::string_view x = i < a.release.size() ? a.release[i].In(a.buf) : std::string_view();
    const std::string_view y = i < b.release.size() ? b.release[i].In(b.buf) : std::string_view();
    if (int c = CompareDigits(x, y); c) return c;
  }
  // Pre-release key: a bare dev release ("1.0.dev1") sorts before every pre-release of its
  // release; no pre-release sorts after all of them.
  auto pre_rank = [](const Pep440Parsed& v) {
    if (v.pre_kind < 0 && !v.has_post && v.has_dev) return -1;
    return v.pre_kind < 0 ? 3 : v.pre_kind;
  };
  const int pa = pre_rank(a);
  const int pb = pre_rank(b);
  if (pa != pb) return pa < pb ? -1 : 1;
  if (a.pre_kind >= 0) {
    if (int c = CompareDigits(a.pre_num.In(a.buf), b.pre_num.In(b.buf)); c) return c;
  }
  // No post-release sorts first; no dev release sorts last.
  if (int c = CompareOptionalNumber(a.has_post, a.post_num.In(a.buf), b.has_post,
                                    b.post_num.In(b.buf), -1);
      c) {
    return c;
  }
  if (int c =
          CompareOptionalNumber(a.has_dev, a.dev_num.In(a.buf), b.has_dev, b.dev_num.In(b.buf), 1);
      c) {
    return c;
  }
  // Local labels: none sorts first; numeric parts beat alphanumeric ones; longer wins on a tie.
  if (a.has_local != b.has_local) return a.has_local ? 1 : -1;
  const size_t m = std::min(a.local.size(), b.local.size());
  for (size_t i = 0; i < m; ++i) {
    const auto& x = a.local[i];
    const auto& y = b.local[i];
    int c = 0;
    if (x.numeric && y.numeric) {
      c = CompareDigits(x.text.In(a.buf), y.text.In(b.buf));
    } else if (x.numeric != y.numeric) {
      c = x.numeric ? 1 : -1;
    } else {
      c = CompareBytes(x.text.In(a.buf), y.text.In(b.buf));
    }
    if (c) return c;
  }
  if (a.local.size() == b.local.size()) return 0;
  return a.local.size() < b.local.size() ? -1 : 1;
}

}  // namespace fledger::sca::version_internal

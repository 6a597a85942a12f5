// mix.lock: Elixir term text (%{"name": {:hex, :name, "1.0.0", ...}}). Debian ships no library
// that reads Elixir or Erlang terms, so this file has a small bounded scanner and parser for the
// subset mix writes: maps, tuples, lists, keyword pairs, strings, atoms, numbers and booleans.
#include <map>
#include <set>

#include "sca/common.h"
#include "sca/erlang/erlang.h"

namespace fledger::sca {

namespace {

const Ecosystem& Hex() {
  static const Ecosystem kHex = Ecosystem::Parse("Hex").value();
  return kHex;
}

struct Term {
  enum class Kind { kMap, kTuple, kList, kString, kAtom, kWord } kind = Kind::kWord;
  std::string text;         // string, atom or word value
  std::vector<Term> items;  // tuple and list elements
  // Map entries and list keyword pairs, as parallel key and value lists (a vector of pairs of an
  // incomplete type is not portable).
  std::vector<Term> keys, values;
  int line = 0;
};

constexpr size_t kMaxTerms = 4u << 20;

class Parser {
 public:
  Parser(std::string_view text, std::string context) : s_(text), context_(std::move(context)) {}

  Result<Term> ParseDocument() {
    Skip();
    FLEDGER_TRY(Term t, Value(0));
    Skip();
    if (i_ != s_.size()) return Fail("unexpected text after the lock map");
    return t;
  }

 private:
  Error Fail(const std::string& why) const {
    return InputError(ValidationStep::kSyntax, context_ + ":" + std::to_string(line_), why);
  }

  void Skip() {
    while (i_ < s_.size()) {
      const char c = s_[i_];
      if (c == '\n') {
        ++line_;
        ++i_;
      } else if (c == ' ' || c == '\t' || c == '\r') {
        ++i_;
      } else if (c == '#') {
        while (i_ < s_.size() && s_[i_] != '\n') ++i_;
      } else {
        break;
      }
    }
  }

  static bool WordChar(char c) {
    return std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '.' || c == '-' ||
           c == '+' || c == '?' || c == '!' || c == '@';
  }

  Result<std::string> String() {
    // Precondition: s_[i_] == '"'.
    std::string out;
    for (++i_; i_ < s_.size(); ++i_) {
      const char c = s_[i_];
      if (c == '"') {
        ++i_;
        return out;
      }
      if (c == '\n') ++line_;
      if (c == '\\' && i_ + 1 < s_.size()) {
        out += s_[++i_];
        continue;
      }
      out += c;
    }
    return Fail("unterminated string");
  }

  // A keyword key: `name:` or `"name":` followed by whitespace. Returns false when absent.
  bool KeywordKey(std::string& key) {
    const size_t save = i_;
    const int save_line = line_;
    if (i_ < s_.size() && s_[i_] == '"') {
      auto str = String();
      if (str.ok() && i_ + 1 < s_.size() && s_[i_] == ':' &&
          (s_[i_ + 1] == ' ' || s_[i_ + 1] == '\n' || s_[i_ + 1] == '\t')) {
        ++i_;
        key = str.value();
        return true;
      }
    } else {
      size_t j = i_;
      while (j < s_.size() && WordChar(s_[j])) ++j;
      if (j > i_ && j + 1 < s_.size() && s_[j] == ':' &&
          (s_[j + 1] == ' ' || s_[j + 1] == '\n' || s_[j + 1] == '\t')) {
        key = std::string(s_.substr(i_, j - i_));
        i_ = j + 1;
        return true;
      }
    }
    i_ = save;
    line_ = save_line;
    return false;
  }

  Result<Term> Value(int depth) {
    if (depth > kMaxNestingDepth) {
      return InputError(ValidationStep::kSize, context_,
                        "nesting deeper than " + std::to_string(kMaxNestingDepth) + " levels");
    }
    if (++terms_ > kMaxTerms) return InputError(ValidationStep::kSize, context_, "too many terms");
    Skip();
    if (i_ >= s_.size()) return Fail("unexpected end of input");
    Term t;
    t.line = line_;
    const char c = s_[i_];
    if (c == '%' && i_ + 1 < s_.size() && s_[i_ + 1] == '{') {
      i_ += 2;
      t.kind = Term::Kind::kMap;
      FLEDGER_RETURN_IF_ERROR(Entries(t, '}', depth, /*is_map=*/true));
    } else if (c == '{') {
      ++i_;
      t.kind = Term::Kind::kTuple;
      FLEDGER_RETURN_IF_ERROR(Entries(t, '}', depth, /*is_map=*/false));
    } else if (c == '[') {
      ++i_;
      t.kind = Term::Kind::kList;
      FLEDGER_RETURN_IF_ERROR(Entries(t, ']', depth, /*is_map=*/false));
    } else if (c == '"') {
      t.kind = Term::Kind::kString;
      FLEDGER_TRY(t.text, String());
    } else if (c == ':') {
      ++i_;
      t.kind = Term::Kind::kAtom;
      if (i_ < s_.size() && s_[i_] == '"') {
        FLEDGER_TRY(t.text, String());
      } else {
        const size_t start = i_;
        while (i_ < s_.size() && WordChar(s_[i_])) ++i_;
        if (i_ == start) return Fail("empty atom");
        t.text = std::string(s_.substr(start, i_ - start));
      }
    } else if (WordChar(c)) {
      const size_t start = i_;
      while (i_ < s_.size() && WordChar(s_[i_])) ++i_;
      t.text = std::string(s_.substr(start, i_ - start));
    } else {
      return Fail(std::string("unexpected character '") + c + "'");
    }
    return t;
  }

  // Comma-separated entries up to `close`: map entries (`k: v` or `k => v`), or list/tuple
  // elements (lists may hold keyword pairs).
  Status Entries(Term& t, char close, int depth, bool is_map) {
    while (true) {
      Skip();
      if (i_ < s_.size() && s_[i_] == close) {
        ++i_;
        return {};
      }
      std::string key;
      const int key_line = line_;
      if (KeywordKey(key)) {
        Term k;
        k.kind = Term::Kind::kAtom;
        k.text = key;
        k.line = key_line;
        FLEDGER_TRY(Term v, Value(depth + 1));
        t.keys.push_back(std::move(k));
        t.values.push_back(std::move(v));
      } else {
        FLEDGER_TRY(Term v, Value(depth + 1));
        Skip();
        if (i_ + 1 < s_.size() && s_[i_] == '=' && s_[i_ + 1] == '>') {
          i_ += 2;
          FLEDGER_TRY(Term w, Value(depth + 1));
          t.keys.push_back(std::move(v));
          t.values.push_back(std::move(w));
        } else if (is_map) {
          return Fail("map entry without a key");
        } else {
          t.items.push_back(std::move(v));
        }
      }
      Skip();
      if (i_ < s_.size() && s_[i_] == ',') {
        ++i_;
        continue;
      }
      if (i_ < s_.size() && s_[i_] == close) continue;
      return Fail(std::string("expected ',' or '") + close + "'");
    }
  }

  std::string_view s_;
  std::string context_;
  size_t i_ = 0;
  int line_ = 1;
  size_t terms_ = 0;
};

const std::string& Text(const Term& tuple, size_t i) {
  static const std::string kEmpty;
  return i < tuple.items.size() ? tuple.items[i].text : kEmpty;
}

class MixLockExtractor : public Extractor {
 public:
  std::string_view Name() const override { return "erlang/mixlock"; }
  int Version() const override { return 1; }
  std::string_view Ecosystem() const override { return "Hex"; }
  bool FileRequired(const RepoPath& path) const override {
    return BaseName(path.str()) == "mix.lock";
  }

  Result<Inventory> Extract(const ExtractInput& input) const override {
    const std::string& context = input.path.str();
    if (input.content.size() > kMaxManifestBytes) {
      return InputError(ValidationStep::kSize, context,
                        "larger than " + std::to_string(kMaxManifestBytes >> 20) + " MiB");
    }
    Inventory inv;
    if (input.content.find_first_not_of(" \t\r\n") == std::string_view::npos) return inv;
    Parser parser(input.content, context);
    FLEDGER_TRY(Term doc, parser.ParseDocument());
    if (doc.kind != Term::Kind::kMap) {
      return InputError(ValidationStep::kSemantics, context, "a mix.lock is an Elixir map");
    }
    std::map<std::string, std::string> id_of_key;  // lock key (app name) -> package id
    std::vector<std::vector<std::string>> deps;
    for (size_t e = 0; e < doc.keys.size(); ++e) {
      const Term& key = doc.keys[e];
      const Term& value = doc.values[e];
      if (value.kind != Term::Kind::kTuple || value.items.empty() ||
          value.items[0].kind != Term::Kind::kAtom) {
        inv.warnings.push_back("line " + std::to_string(key.line) + ": not a lock entry");
        continue;
      }
      const std::string& scm = value.items[0].text;
      Package p = MakePackage(Hex(), key.text, "");
      if (scm == "hex") {
        const std::string& name = Text(value, 1).empty() ? key.text : Text(value, 1);
        p = MakePackage(Hex(), name, Text(value, 2));
        const std::string& outer = Text(value, 7);
        const std::string& inner = Text(value, 3);
        if (!outer.empty() || !inner.empty()) {
          p.hashes.push_back({"SHA-256", outer.empty() ? inner : outer});
        }
        if (!Text(value, 6).empty()) p.source_url = Text(value, 6);
        std::vector<std::string> d;
        if (value.items.size() > 5 && value.items[5].kind == Term::Kind::kList) {
          for (const auto& dep : value.items[5].items) {
            if (dep.kind == Term::Kind::kTuple && !dep.items.empty()) d.push_back(Text(dep, 0));
          }
        }
        deps.push_back(std::move(d));
      } else if (scm == "git") {
        // A git dependency has a commit but no release version.
        p.resolved = false;
        p.source_url = Text(value, 1);
        p.commit = Text(value, 2);
        deps.emplace_back();
      } else {
        inv.warnings.push_back("line " + std::to_string(key.line) + ": " + key.text +
                               " comes from '" + scm + "', not a registry; skipped");
        continue;
      }
      if (inv.packages.size() >= kMaxPackagesPerFile) {
        return InputError(ValidationStep::kSize, context, "too many packages");
      }
      p.line = key.line;
      id_of_key.emplace(key.text, p.id);
      inv.packages.push_back(std::move(p));
    }
    for (size_t i = 0; i < inv.packages.size(); ++i) {
      std::set<std::string> ids;
      for (const auto& d : deps[i]) {
        const auto it = id_of_key.find(d);
        if (it != id_of_key.end()) ids.insert(it->second);
      }
      inv.packages[i].depends_on.assign(ids.begin(), ids.end());
    }
    return inv;
  }
};

}  // namespace

std::unique_ptr<Extractor> NewMixLockExtractor() { return std::make_unique<MixLockExtractor>(); }

}  // namespace fledger::sca

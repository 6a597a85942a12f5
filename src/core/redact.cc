// Secret shapes for redaction, compiled once with RE2 (linear time on hostile input).
#include "core/redact.h"

#include <re2/re2.h>

#include <memory>
#include <vector>

namespace fledger {
namespace {

// All shapes as one alternation: most lines hold no secret, and one scan tells.
const RE2& AnyShape();

struct Shape {
  std::unique_ptr<RE2> re;
  int keep;  // characters of the match kept before the mask (the provider prefix)
};

const std::vector<Shape>& Shapes() {
  static const std::vector<Shape>* shapes = [] {
    auto* v = new std::vector<Shape>();
    RE2::Options o;
    o.set_log_errors(false);
    auto add = [&](const char* pattern, int keep) {
      v->push_back({std::make_unique<RE2>(pattern, o), keep});
    };
    add(R"((?:AKIA|ASIA|ABIA|ACCA)[0-9A-Z]{16})", 4);           // AWS access key id
    add(R"(gh[pousr]_[A-Za-z0-9]{36,255})", 4);                 // GitHub tokens
    add(R"(github_pat_[A-Za-z0-9_]{22,255})", 11);              // GitHub fine-grained
    add(R"(glpat-[A-Za-z0-9_\-]{20,})", 6);                     // GitLab
    add(R"(xox[abprs]-[A-Za-z0-9\-]{10,})", 5);                 // Slack tokens
    add(R"(hooks\.slack\.com/services/[A-Za-z0-9/_\-]+)", 26);  // Slack webhooks
    add(R"(sk_(?:live|test)_[A-Za-z0-9]{16,})", 8);             // Stripe
    add(R"(AIza[0-9A-Za-z_\-]{35})", 4);                        // Google API key
    add(R"(MII[A-Za-z0-9+/]{20,}={0,2})", 3);                   // base64 DER key body
    add(R"(eyJ[A-Za-z0-9_\-]{8,}\.eyJ[A-Za-z0-9_\-]{8,}\.[A-Za-z0-9_\-]{8,})", 3);  // JWT
    add(R"([a-zA-Z][a-zA-Z0-9+.\-]*://[^\s:/@]+:([^\s@/]+)@)", -1);  // user:password@ in URLs
    add(R"((?i)(?:password|passwd|pwd|secret|token|api[_\-]?key|access[_\-]?key|private[_\-]?key)[\"']?\s*[:=]\s*[\"']?([^\s\"',;]{4,}))",
        -1);
    return v;
  }();
  return *shapes;
}

const RE2& AnyShape() {
  static const RE2* any = [] {
    std::string alternation;
    for (const auto& shape : Shapes()) {
      if (!alternation.empty()) alternation += '|';
      alternation += "(?:" + shape.re->pattern() + ")";
    }
    RE2::Options o;
    o.set_log_errors(false);
    o.set_never_capture(true);
    return new RE2(alternation, o);
  }();
  return *any;
}

// Masks [begin, end) of `s` keeping `keep` leading characters.
void Mask(std::string& s, size_t begin, size_t end, int keep) {
  const size_t k = keep > 0 ? std::min<size_t>(static_cast<size_t>(keep), end - begin) : 0;
  for (size_t i = begin + k; i < end; ++i) s[i] = '*';
}

}  // namespace

std::string Redact(std::string_view text) {
  if (!RE2::PartialMatch(re2::StringPiece(text.data(), text.size()), AnyShape()))
    return std::string(text);
  std::string out(text);
  for (const auto& shape : Shapes()) {
    re2::StringPiece input(out);
    re2::StringPiece groups[2];
    size_t pos = 0;
    const int ngroups = shape.keep < 0 ? 2 : 1;
    while (pos <= out.size() &&
           shape.re->Match(input, pos, out.size(), RE2::UNANCHORED, groups, ngroups)) {
      const re2::StringPiece& target = shape.keep < 0 ? groups[1] : groups[0];
      const size_t b = static_cast<size_t>(target.data() - out.data());
      const size_t e = b + target.size();
      const size_t match_end =
          static_cast<size_t>(groups[0].data() - out.data()) + groups[0].size();
      // Values already masked (all '*') are left alone so redaction is idempotent.
      Mask(out, b, e, shape.keep < 0 ? 0 : shape.keep);
      pos = std::max(match_end, pos + 1);
      input = re2::StringPiece(out);
    }
  }
  return out;
}

bool LooksSecret(std::string_view text) { return Redact(text) != text; }

}  // namespace fledger

// Offline checks that cut false positives: entropy and character classes, the CRC32 checksums
// GitHub and npm tokens carry, structure (PEM key, JWT, OpenSSH, PuTTY, PGP, URLs with a
// password), and placeholders or documentation examples (`${VAR}`, `<token>`, `AKIA...EXAMPLE`).
#pragma once

#include <string>
#include <string_view>

#include "core/finding.h"
#include "secrets/rules.h"

namespace fledger::secrets {

// Shannon entropy of `s` in bits per character (0 for an empty string).
double ShannonEntropy(std::string_view s);

// How many of: lower case, upper case, digit, other printable.
int CharacterClasses(std::string_view s);

// True for values that name or mask a secret rather than hold one: templates (`${X}`, `{{ x }}`,
// `<token>`, `%(x)s`), masks (`****`, `xxxx`), well-known words (`changeme`, `password`),
// documentation examples (anything holding EXAMPLE, the AWS and Stripe documentation keys), and
// low-variety strings (`aaaaaaaa`, `12345678`, `abcdefgh`).
bool IsPlaceholder(std::string_view value);

// GitHub (ghp_, gho_, ghu_, ghs_, ghr_) and npm (npm_) tokens end in six base62 characters
// holding the CRC32 of the 30 characters before them.
bool ChecksumMatches(std::string_view token);

struct Verdict {
  bool keep = false;
  Confidence confidence = Confidence::kHigh;
  std::string note;  // why it was dropped or its confidence lowered, for -v and `rules check`
};

// Applies a rule's validators to a candidate: `secret` is the secret part, `match` the whole
// match (structure checks read it).
Verdict Validate(const Rule& rule, std::string_view secret, std::string_view match);

}  // namespace fledger::secrets

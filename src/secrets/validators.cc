// Validators: the offline checks between "the pattern matched" and "this is a secret".
#include "secrets/validators.h"

#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/x509.h>
#include <zlib.h>

#include <algorithm>
#include <array>
#include <cctype>
#include <cmath>
#include <cstring>
#include <nlohmann/json.hpp>

#include "core/text.h"

namespace fledger::secrets {
namespace {

bool IsBase64Char(char c) {
  return std::isalnum(static_cast<unsigned char>(c)) != 0 || c == '+' || c == '/' || c == '=';
}

// Decodes standard base64 (whitespace removed); nullopt when it is not base64.
std::optional<std::string> DecodeBase64(std::string_view in) {
  std::string clean;
  clean.reserve(in.size());
  for (char c : in) {
    if (c == '\n' || c == '\r' || c == ' ' || c == '\t') continue;
    if (!IsBase64Char(c)) return std::nullopt;
    clean.push_back(c);
  }
  if (clean.empty() || clean.size() % 4 != 0) return std::nullopt;
  std::string out(clean.size() / 4 * 3, '\0');
  const int n = EVP_DecodeBlock(reinterpret_cast<unsigned char*>(out.data()),
                                reinterpret_cast<const unsigned char*>(clean.data()),
                                static_cast<int>(clean.size()));
  if (n < 0) return std::nullopt;
  size_t pad = 0;
  while (pad < 2 && clean[clean.size() - 1 - pad] == '=') ++pad;
  out.resize(static_cast<size_t>(n) - pad);
  return out;
}

// base64url without padding, as JWTs carry it.
std::optional<std::string> DecodeBase64Url(std::string_view in) {
  std::string s(in);
  for (char& c : s) {
    if (c == '-') {
      c = '+';
    } else if (c == '_') {
      c = '/';
    } else if (c == '+' || c == '/' || c == '=') {
      return std::nullopt;
    }
  }
  while (s.size() % 4 != 0) s.push_back('=');
  return DecodeBase64(s);
}

// The base64 body of an ASCII-armored block: the lines between the BEGIN and END lines, without
// armor headers ("Proc-Type: ...", "Version: ...") and, for PGP, the "=XXXX" checksum line.
std::string ArmorBody(std::string_view armored, bool* encrypted) {
  // A key pasted into a string literal or JSON value has its line breaks as \n escapes.
  std::string unescaped;
  if (armored.find("\\n") != std::string_view::npos) {
    unescaped.reserve(armored.size());
    for (size_t i = 0; i < armored.size(); ++i) {
      if (armored[i] == '\\' && i + 1 < armored.size() &&
          (armored[i + 1] == 'n' || armored[i + 1] == 'r')) {
        if (armored[++i] == 'n') unescaped += '\n';
        continue;
      }
      unescaped += armored[i];
    }
    armored = unescaped;
  }
  const std::string_view block = armored;
  std::string body;
  size_t pos = block.find('\n');
  if (pos == std::string_view::npos) return body;
  while (pos < block.size()) {
    size_t eol = block.find('\n', pos + 1);
    if (eol == std::string_view::npos) eol = block.size();
    std::string_view line = Trim(block.substr(pos + 1, eol - pos - 1));
    pos = eol;
    if (StartsWith(line, "-----END")) break;
    if (line.find(':') != std::string_view::npos) {
      if (StartsWith(line, "Proc-Type:") && line.find("ENCRYPTED") != std::string_view::npos) {
        *encrypted = true;
      }
      continue;
    }
    if (line.size() == 5 && line[0] == '=') continue;  // PGP armor checksum
    body += line;
  }
  return body;
}

Verdict Keep(Confidence c, std::string note = {}) { return {true, c, std::move(note)}; }
Verdict Drop(std::string note) { return {false, Confidence::kLow, std::move(note)}; }

Verdict CheckPem(std::string_view match, Confidence rule_confidence) {
  bool encrypted = false;
  const std::string body = ArmorBody(match, &encrypted);
  if (body.size() < 64) return Drop("the key block is too short to hold a key");
  const auto der = DecodeBase64(body);
  if (!der) return Drop("the key block is not base64");
  if (StartsWith(match, "-----BEGIN OPENSSH PRIVATE KEY")) {
    if (StartsWith(*der, std::string_view("openssh-key-v1\0", 15))) return Keep(rule_confidence);
    return Keep(Confidence::kMedium, "the block does not start with the OpenSSH key magic");
  }
  if (der->empty() || static_cast<unsigned char>((*der)[0]) != 0x30) {
    return Keep(Confidence::kMedium, "the key block is not DER");
  }
  if (encrypted || match.find("ENCRYPTED") != std::string_view::npos) {
    return Keep(rule_confidence, "an encrypted key: its passphrase may be weak or nearby");
  }
  const unsigned char* p = reinterpret_cast<const unsigned char*>(der->data());
  EVP_PKEY* key = d2i_AutoPrivateKey(nullptr, &p, static_cast<long>(der->size()));
  if (key != nullptr) {
    EVP_PKEY_free(key);
    return Keep(rule_confidence);
  }
  return Keep(Confidence::kMedium, "the block is DER but does not parse as a private key");
}

Verdict CheckOpenSsh(std::string_view match, Confidence c) {
  bool encrypted = false;
  const std::string body = ArmorBody(match, &encrypted);
  if (body.size() < 64) return Drop("the key block is too short to hold a key");
  const auto raw = DecodeBase64(body);
  if (!raw) return Drop("the key block is not base64");
  if (StartsWith(*raw, std::string_view("openssh-key-v1\0", 15))) return Keep(c);
  return Keep(Confidence::kMedium, "the block does not start with the OpenSSH key magic");
}

Verdict CheckPgp(std::string_view match, Confidence c) {
  bool encrypted = false;
  const std::string body = ArmorBody(match, &encrypted);
  if (body.size() < 64) return Drop("the key block is too short to hold a key");
  const auto raw = DecodeBase64(body);
  if (!raw) return Drop("the key block is not base64");
  // An OpenPGP packet header has its top bit set.
  if (!raw->empty() && (static_cast<unsigned char>((*raw)[0]) & 0x80) != 0) return Keep(c);
  return Keep(Confidence::kMedium, "the block does not start with an OpenPGP packet");
}

Verdict CheckPutty(std::string_view match, Confidence c) {
  if (match.find("Private-Lines:") == std::string_view::npos &&
      match.find("Public-Lines:") == std::string_view::npos) {
    return Keep(Confidence::kMedium, "no Private-Lines section");
  }
  return Keep(c);
}

bool IsJsonObject(const std::optional<std::string>& text) {
  if (!text || text->empty() || (*text)[0] != '{') return false;
  const auto doc = nlohmann::json::parse(*text, nullptr, false);
  return !doc.is_discarded() && doc.is_object();
}

// Keys that documentation and tutorials sign their example tokens with (jwt.io's defaults,
// PyJWT's README): a token one of them verifies is an example, not a leaked credential.
constexpr std::string_view kExampleJwtKeys[] = {
    "your-256-bit-secret", "your-384-bit-secret", "your-512-bit-secret", "secret",
    "your-secret-key",     "secretkey",           "my-secret",           "secret-key"};

// The example key an HS256/384/512 token is signed with, or "" (other algorithms, other keys).
// `header` is the decoded header, `dot` the offset of the second '.'.
std::string_view ExampleJwtKey(std::string_view token, const std::string& header, size_t dot) {
  const EVP_MD* md = nullptr;
  try {
    const auto alg = nlohmann::json::parse(header).value("alg", std::string());
    md = alg == "HS256" ? EVP_sha256() : alg == "HS384" ? EVP_sha384() : alg == "HS512" ? EVP_sha512() : nullptr;
  } catch (const nlohmann::json::exception&) {
    return {};
  }
  if (md == nullptr) return {};
  const auto signature = DecodeBase64Url(token.substr(dot + 1));
  if (!signature || signature->empty()) return {};
  const std::string_view signed_part = token.substr(0, dot);
  for (std::string_view key : kExampleJwtKeys) {
    unsigned char mac[EVP_MAX_MD_SIZE];
    unsigned int length = 0;
    if (HMAC(md, key.data(), static_cast<int>(key.size()),
             reinterpret_cast<const unsigned char*>(signed_part.data()), signed_part.size(), mac,
             &length) == nullptr) {
      continue;
    }
    if (length == signature->size() && std::memcmp(mac, signature->data(), length) == 0) return key;
  }
  return {};
}

Verdict CheckJwt(std::string_view token, Confidence c) {
  const size_t a = token.find('.');
  const size_t b = a == std::string_view::npos ? a : token.find('.', a + 1);
  if (b == std::string_view::npos) return Drop("a JWT has three parts");
  const auto header = DecodeBase64Url(token.substr(0, a));
  if (!IsJsonObject(header)) return Drop("the JWT header does not decode to a JSON object");
  if (header->find("\"alg\"") == std::string::npos) return Drop("the JWT header has no 'alg'");
  if (!IsJsonObject(DecodeBase64Url(token.substr(a + 1, b - a - 1)))) {
    return Drop("the JWT payload does not decode to a JSON object");
  }
  if (const std::string_view key = ExampleJwtKey(token, *header, b); !key.empty()) {
    return Drop("signed with the published example key '" + std::string(key) + "'");
  }
  return Keep(c);
}

constexpr std::string_view kBase62 =
    "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

// Values copied from providers' documentation: real-looking, never real.
constexpr std::string_view kDocumentationValues[] = {
    "sk_test_4eC39HqLyjWDarjtT1zdp7dc",          // Stripe API reference
    "pk_test_TYooMQauvdEDq54NiTphI7jx",          // Stripe API reference
    "ghp_16C7e42F292c6912E7710c838347Ae178B4a",  // GitHub documentation
    "je7MtGbClwBF/2Zp9Utk/h3yCo8nvbEXAMPLEKEY",  // AWS documentation
    "2YotnFZFEjr1zCsicMWpAA",                    // RFC 6749 access token example
    "tGzv3JOkF0XG5Qx2TlKWIA",                    // RFC 6749 refresh token example
    "czZCaGRSa3F0MzpnWDFmQmF0M2JW",              // RFC 6749 client credentials example
    "SplxlOBeZQQYbYS6WxSbIA",                    // RFC 6749 authorization code example
    "mF_9.B5f-4.1JqM",                           // RFC 6750 bearer token example
    "0685bd9184jfhq22",                          // RFC 5849 consumer key example
    "kd94hf93k423kf44",                          // RFC 5849 consumer secret example
    "ad180jjd733klru7",                          // RFC 5849 token example
    "pfkkdhi9sl3r4s00",                          // RFC 5849 token secret example
    "dpf43f3p2l4k3l03",                          // RFC 5849 client identifier example
    "nnch734d00sl2jdk",                          // RFC 5849 token example
    "hh5s93j4hdidpola",                          // RFC 5849 temporary credentials example
    "hdhd0244k9j7ao03",                          // RFC 5849 temporary credentials example
};

// Words that name a secret: a value holding one names or describes a secret rather than being
// one ("keyfile_password", "challengePassword", "projects/p/secrets/db").
constexpr std::string_view kNameWords[] = {"password", "passwd", "passphrase", "secret", "token",
                                           "apikey",   "api_key", "api-key",   "credential"};

// True if `value`, past a provider prefix that is one of the rule's keywords ("secret_",
// "AGE-SECRET-KEY-"), is made of name characters and holds a word that names a secret
// ("keyfile_password", "challengePassword", "projects/p/secrets/db").
bool NamesASecret(const Rule& rule, std::string_view value) {
  std::string lower = ToLower(value);
  size_t skip = 0;
  for (const auto& k : rule.keywords) {
    if (k.size() > skip && StartsWith(lower, ToLower(k))) skip = k.size();
  }
  const std::string_view rest = std::string_view(lower).substr(skip);
  // Only a name-like value: "MySuperSecret!42" is a (weak) secret, not a name.
  const bool name_like = std::all_of(rest.begin(), rest.end(), [](char c) {
    return std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '.' || c == '-' ||
           c == '/' || c == ':';
  });
  return name_like &&
         std::any_of(std::begin(kNameWords), std::end(kNameWords),
                     [&](std::string_view w) { return rest.find(w) != std::string_view::npos; });
}

// True for identifiers and paths rather than secrets: lower-case words joined by _ . - or /
// ("auth-request-type/at", "db.user.name"), or an upper-case environment variable name
// ("DB_PASSWORD_FILE").
// True for camelCase or PascalCase words ("dataStoreTestQuery", "ProxyPassword"): letters only,
// every capital followed by at least two lower-case letters.
bool LooksLikeCamelCase(std::string_view v) {
  if (v.size() < 6) return false;
  int humps = 0;
  for (size_t i = 0; i < v.size(); ++i) {
    const auto c = static_cast<unsigned char>(v[i]);
    if (std::islower(c)) continue;
    if (!std::isupper(c) || i + 2 >= v.size() || !std::islower(static_cast<unsigned char>(v[i + 1])) ||
        !std::islower(static_cast<unsigned char>(v[i + 2]))) {
      return false;
    }
    ++humps;
  }
  return humps >= 1 && humps * 3 <= static_cast<int>(v.size()) &&
         (humps >= 2 || std::islower(static_cast<unsigned char>(v.front())));
}

bool LooksLikeIdentifier(std::string_view v) {
  if (LooksLikeCamelCase(v)) return true;
  const auto all = [v](auto pred) {
    return std::all_of(v.begin(), v.end(), [&](char c) { return pred(static_cast<unsigned char>(c)); });
  };
  const bool joined = v.find_first_of("_.-/") != std::string_view::npos;
  if (!joined) return false;
  if (all([](unsigned char c) { return std::islower(c) || c == '_' || c == '.' || c == '-' || c == '/'; })) {
    return true;
  }
  return all([](unsigned char c) { return std::isupper(c) || std::isdigit(c) || c == '_'; }) &&
         std::isupper(static_cast<unsigned char>(v.front()));
}

}  // namespace

double ShannonEntropy(std::string_view s) {
  if (s.empty()) return 0;
  std::array<size_t, 256> counts{};
  for (unsigned char c : s) ++counts[c];
  double h = 0;
  const double n = static_cast<double>(s.size());
  for (size_t c : counts) {
    if (c == 0) continue;
    const double p = static_cast<double>(c) / n;
    h -= p * std::log2(p);
  }
  return h;
}

int CharacterClasses(std::string_view s) {
  bool lower = false, upper = false, digit = false, other = false;
  for (unsigned char c : s) {
    if (std::islower(c)) {
      lower = true;
    } else if (std::isupper(c)) {
      upper = true;
    } else if (std::isdigit(c)) {
      digit = true;
    } else {
      other = true;
    }
  }
  return lower + upper + digit + other;
}

bool IsPlaceholder(std::string_view value) {
  const std::string_view v = Trim(value);
  if (v.empty()) return true;
  for (std::string_view doc : kDocumentationValues) {
    if (v == doc) return true;
  }
  // Templates and references to a variable: ${X}, {{ x }}, <token>, %(x)s, $(cmd), #{x}, $VAR,
  // %VAR%.
  for (std::string_view t : {"${", "{{", "}}", "<", ">", "%(", "$(", "#{", "[[", "]]"}) {
    if (v.find(t) != std::string_view::npos) return true;
  }
  if (v[0] == '$' && v.size() > 1 &&
      (std::isalpha(static_cast<unsigned char>(v[1])) || v[1] == '_')) {
    return true;
  }
  if (v.size() > 2 && v.front() == '%' && v.back() == '%') return true;
  // A format field: {password}, {0}, {db.password}.
  if (v.size() >= 3 && v.front() == '{' && v.back() == '}' &&
      std::all_of(v.begin() + 1, v.end() - 1, [](char c) {
        return std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '.';
      })) {
    return true;
  }
  // Masks in brackets: [MASKED], [REDACTED], (hidden).
  if (v.size() >= 3 && ((v.front() == '[' && v.back() == ']') || (v.front() == '(' && v.back() == ')'))) {
    return true;
  }
  if (LooksLikeIdentifier(v)) return true;
  const std::string lower = ToLower(v);
  for (std::string_view word :
       {"****", "....", "\xe2\x80\xa2\xe2\x80\xa2", "example", "changeme", "change_me",
        "change-me", "placeholder", "your_", "your-", "yourtoken", "yourkey", "yourpassword",
        "redacted", "dummy", "replace_me", "replaceme", "insert_", "insert-", "notreal",
        "not_a_real", "not-a-real", "sample_", "-here", "_here", "goes_here"}) {
    if (lower.find(word) != std::string::npos) return true;
  }
  static constexpr std::string_view kWords[] = {
      "password", "passwd",   "secret", "none",    "null",   "nil",     "undefined",
      "true",     "false",    "required", "string", "optional", "token", "default",
      "empty",    "test",     "testing", "admin",  "root",   "pass",    "apikey",
      "api_key",  "secretkey", "secret_key", "mysecret", "mypassword", "letmein", "hunter2",
      "qwerty",   "foobar",   "foo",    "bar",     "baz"};
  if (std::find(std::begin(kWords), std::end(kWords), lower) != std::end(kWords)) return true;
  // Masks of x: a long run ("sk_live_xxxxxxxxxxxx"), or a short one that is much of the value
  // ("xxxx", "ab-xxxx"). Random letters hold "xxxx" now and then (1 in 20 of 34-letter tokens).
  size_t run = 0, longest = 0;
  for (char c : lower) {
    run = c == 'x' ? run + 1 : 0;
    longest = std::max(longest, run);
  }
  if (longest >= 6 || (longest >= 4 && longest * 3 >= lower.size())) return true;
  // Low variety: "aaaaaaaa", "abababab", "1111-2222".
  std::array<bool, 256> seen{};
  int distinct = 0;
  for (unsigned char c : lower) distinct += !std::exchange(seen[c], true);
  if (distinct <= 3 && lower.size() >= 4) return true;
  // Runs of the alphabet or the digits: "12345678", "abcdefgh", "0123456789abcdef".
  constexpr std::string_view kRun = "0123456789abcdefghijklmnopqrstuvwxyz";
  if (lower.size() >= 6 && (kRun.find(lower) != std::string_view::npos ||
                            std::string_view("1234567890").find(lower) != std::string_view::npos)) {
    return true;
  }
  return false;
}

bool ChecksumMatches(std::string_view token) {
  const size_t underscore = token.rfind('_');
  if (underscore == std::string_view::npos) return false;
  const std::string_view rest = token.substr(underscore + 1);
  if (rest.size() != 36) return false;
  const std::string_view random = rest.substr(0, 30);
  const std::string_view tail = rest.substr(30);
  uLong crc = crc32(0L, Z_NULL, 0);
  crc = crc32(crc, reinterpret_cast<const Bytef*>(random.data()), static_cast<uInt>(random.size()));
  std::string encoded(6, '0');
  uint64_t n = crc;
  for (int i = 5; i >= 0 && n > 0; --i) {
    encoded[i] = kBase62[n % 62];
    n /= 62;
  }
  return encoded == tail;
}

Verdict Validate(const Rule& rule, std::string_view secret, std::string_view match) {
  const Validators& v = rule.validators;
  if (v.not_placeholder && v.structure != "pem" && v.structure != "openssh" &&
      v.structure != "pgp" && v.structure != "putty") {
    if (IsPlaceholder(secret)) return Drop("a placeholder or documentation value");
    if (NamesASecret(rule, secret)) return Drop("names a secret rather than holding one");
    // A documentation JWT in an Authorization header or an assignment, whatever the rule.
    if (StartsWith(secret, "eyJ") && v.structure != "jwt") {
      const size_t a = secret.find('.');
      const size_t b = a == std::string_view::npos ? a : secret.find('.', a + 1);
      const auto header = b == std::string_view::npos ? std::nullopt : DecodeBase64Url(secret.substr(0, a));
      if (header && !ExampleJwtKey(secret, *header, b).empty()) {
        return Drop("a JWT signed with a published example key");
      }
    }
  }
  if (v.min_length > 0 && secret.size() < static_cast<size_t>(v.min_length)) {
    return Drop("shorter than " + std::to_string(v.min_length) + " characters");
  }
  if (v.entropy > 0) {
    const double h = ShannonEntropy(secret);
    if (h < v.entropy) {
      char buf[64];
      std::snprintf(buf, sizeof(buf), "entropy %.2f below %.2f", h, v.entropy);
      return Drop(buf);
    }
  }
  if (v.classes > 0 && CharacterClasses(secret) < v.classes) {
    return Drop("fewer than " + std::to_string(v.classes) + " character classes");
  }
  Verdict verdict = Keep(rule.confidence);
  if (v.structure == "pem") {
    verdict = CheckPem(match, rule.confidence);
  } else if (v.structure == "openssh") {
    verdict = CheckOpenSsh(match, rule.confidence);
  } else if (v.structure == "pgp") {
    verdict = CheckPgp(match, rule.confidence);
  } else if (v.structure == "putty") {
    verdict = CheckPutty(match, rule.confidence);
  } else if (v.structure == "jwt") {
    verdict = CheckJwt(secret, rule.confidence);
  } else if (v.structure == "url-password" || v.structure == "connection-string") {
    // The placeholder check above covers `${DB_PASSWORD}`, `****` and `password`.
    if (secret.find_first_of(" \t") != std::string_view::npos) return Drop("holds spaces");
  }
  if (!verdict.keep) return verdict;
  if (!v.checksum.empty() && !ChecksumMatches(secret)) {
    verdict.confidence = Confidence::kLow;
    verdict.note = "the checksum does not match: a made-up, truncated or mistyped token";
  }
  return verdict;
}

}  // namespace fledger::secrets

// Redaction of secret-looking values in any text Fledger prints or writes.
//
// Every output path (search hits, evidence excerpts, findings) passes repository text through
// Redact() so that a credential found in a scanned tree is never copied in clear.
//
//   Redact("aws_key = AKIAIOSFODNN7EXAMPLE")  ->  "aws_key = AKIA****************"
#pragma once

#include <string>
#include <string_view>

namespace fledger {

// Replaces known secret shapes (cloud keys, tokens, private-key bodies, credentials in URLs,
// password/secret/token assignments) with a masked form that keeps only a short prefix.
std::string Redact(std::string_view text);

// True if Redact() would change `text`.
bool LooksSecret(std::string_view text);

}  // namespace fledger

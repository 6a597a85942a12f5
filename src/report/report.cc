// Format selection, dispatch, and the helpers every renderer shares (sorting, counting, safe JSON).
#include "report/report.h"

#include <cstdint>
#include <cstdio>

#include "core/text.h"
#include "report/internal.h"

namespace fledger::report {
namespace internal {
namespace {

// Decodes the code point of the UTF-8 sequence at text[i] (which must be valid UTF-8) and its
// length in bytes.
struct CodePoint {
  uint32_t value = 0;
  size_t length = 1;
};
CodePoint DecodeAt(std::string_view text, size_t i) {
  const auto byte = [&](size_t k) { return static_cast<unsigned char>(text[k]); };
  const unsigned char c = byte(i);
  CodePoint cp;
  if (c < 0x80) {
    cp.value = c;
    return cp;
  }
  if ((c & 0xE0) == 0xC0) {
    cp.length = 2;
    cp.value = c & 0x1F;
  } else if ((c & 0xF0) == 0xE0) {
    cp.length = 3;
    cp.value = c & 0x0F;
  } else if ((c & 0xF8) == 0xF0) {
    cp.length = 4;
    cp.value = c & 0x07;
  } else {
    // Not a lead byte: the input was not valid UTF-8. Pass the byte through unchanged.
    cp.value = 0xFFFD;
    return cp;
  }
  if (i + cp.length > text.size()) {
    cp.length = 1;
    cp.value = 0xFFFD;
    return cp;
  }
  for (size_t k = 1; k < cp.length; ++k) cp.value = (cp.value << 6) | (byte(i + k) & 0x3F);
  return cp;
}

// Bidi embedding, override and isolate controls, marks, and line/paragraph separators.
bool IsInvisibleFormatControl(uint32_t cp) {
  return cp == 0x061C || cp == 0x200E || cp == 0x200F || (cp >= 0x202A && cp <= 0x202E) ||
         (cp >= 0x2066 && cp <= 0x2069) || cp == 0x2028 || cp == 0x2029;
}

bool IsTerminalControl(uint32_t cp) { return cp == 0x7F || (cp >= 0x80 && cp <= 0x9F); }

std::string UnicodeEscape(uint32_t cp) {
  char buf[8];
  std::snprintf(buf, sizeof(buf), "\\u%04x", static_cast<unsigned>(cp));
  return buf;
}

// Rewrites every code point for which `pick` is true as a \uXXXX escape; copies the rest.
template <typename Pred>
std::string ReplaceCodePoints(std::string_view text, Pred pick) {
  std::string out;
  out.reserve(text.size());
  for (size_t i = 0; i < text.size();) {
    const CodePoint cp = DecodeAt(text, i);
    if (pick(cp.value)) {
      out += UnicodeEscape(cp.value);
    } else {
      out.append(text.substr(i, cp.length));
    }
    i += cp.length;
  }
  return out;
}

}  // namespace

SeverityCounts CountSeverities(const std::vector<Finding>& findings) {
  SeverityCounts counts;
  for (const Finding& f : findings) {
    ++counts.total;
    ++counts.by_level[static_cast<size_t>(f.severity.level())];
  }
  return counts;
}

std::vector<Finding> SortedCopy(const std::vector<Finding>& findings) {
  std::vector<Finding> copy = findings;
  SortFindings(copy);
  return copy;
}

std::string DumpJson(const nlohmann::ordered_json& doc) {
  // The serializer escapes C0 controls and, with `replace`, turns invalid UTF-8 into U+FFFD, so
  // its output is valid UTF-8 whose only non-ASCII bytes are inside strings. There a \uXXXX
  // escape means the same code point, so this rewrite never changes the parsed document.
  const std::string dumped =
      doc.dump(2, ' ', false, nlohmann::ordered_json::error_handler_t::replace);
  std::string out = ReplaceCodePoints(
      dumped, [](uint32_t cp) { return IsTerminalControl(cp) || IsInvisibleFormatControl(cp); });
  out += '\n';
  return out;
}

std::string EscapeInvisibleControls(std::string_view text) {
  return ReplaceCodePoints(text, IsInvisibleFormatControl);
}

std::string LocationText(const Location& location) {
  if (location.path.is_root()) return "(repository)";
  if (location.line <= 0) return location.path.str();
  return location.path.str() + ":" + std::to_string(location.line);
}

}  // namespace internal

Result<Format> ParseFormat(std::string_view text) {
  const std::string t = ToLower(Trim(text));
  if (t == "table") return Format::kTable;
  if (t == "json") return Format::kJson;
  if (t == "sarif") return Format::kSarif;
  if (t == "md" || t == "markdown") return Format::kMarkdown;
  return InputError(ValidationStep::kSemantics,
                    "output format '" + EscapeTerminal(Truncate(text, 40)) + "'",
                    "expected table, json, sarif or md");
}

std::string_view FormatName(Format format) {
  switch (format) {
    case Format::kTable: return "table";
    case Format::kJson: return "json";
    case Format::kSarif: return "sarif";
    case Format::kMarkdown: return "md";
  }
  return "table";
}

std::string RenderJson(const std::vector<Finding>& findings, const RenderOptions& options) {
  return internal::JsonSorted(internal::SortedCopy(findings), options);
}

std::string RenderSarif(const std::vector<Finding>& findings, const RenderOptions& options) {
  return internal::SarifSorted(internal::SortedCopy(findings), options);
}

std::string RenderMarkdown(const std::vector<Finding>& findings, const RenderOptions& options) {
  return internal::MarkdownSorted(internal::SortedCopy(findings), options);
}

std::string RenderTable(const std::vector<Finding>& findings, const RenderOptions& options) {
  return internal::TableSorted(internal::SortedCopy(findings), options);
}

std::string Render(Format format, const std::vector<Finding>& findings,
                   const RenderOptions& options) {
  const std::vector<Finding> sorted = internal::SortedCopy(findings);
  switch (format) {
    case Format::kTable: return internal::TableSorted(sorted, options);
    case Format::kJson: return internal::JsonSorted(sorted, options);
    case Format::kSarif: return internal::SarifSorted(sorted, options);
    case Format::kMarkdown: return internal::MarkdownSorted(sorted, options);
  }
  return internal::TableSorted(sorted, options);
}

}  // namespace fledger::report

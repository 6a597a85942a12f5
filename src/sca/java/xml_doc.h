// Bounded XML parsing (pugixml) shared by the Maven, Gradle and NuGet extractors: size check,
// syntax errors with line:column, a nesting-depth bound, and node line numbers.
//
//   FLEDGER_TRY(auto doc, ParseManifestXml(input.content, input.path.str()));
//   LineIndex lines(input.content);
//   int line = XmlNodeLine(lines, doc->document_element());
#pragma once

#include <memory>
#include <pugixml.hpp>
#include <string>
#include <string_view>

#include "core/result.h"
#include "sca/common.h"

namespace fledger::sca {

// XML documents nest deeper than JSON ones in practice (a pom.xml is 6 levels for a plugin
// dependency), but nothing legitimate comes near this.
inline constexpr int kMaxXmlDepth = 256;

// Size check (kMaxManifestBytes), then XML syntax (pugixml, parse_default: no DTD, no external
// entities, only the predefined entities expanded), then the depth bound (kMaxXmlDepth). Errors
// name `context` and the step. The document must have a root element.
Result<std::unique_ptr<pugi::xml_document>> ParseManifestXml(std::string_view text,
                                                             const std::string& context);

// The 1-based line where `node` starts in the text `lines` was built from, 0 if unknown. Exact for
// UTF-8 input (pugixml converts other encodings first, which can shift offsets).
int XmlNodeLine(const LineIndex& lines, const pugi::xml_node& node);

// The element name without a namespace prefix ("m:project" -> "project").
std::string_view XmlLocalName(const pugi::xml_node& node);

// The first child element whose local name is `name`, or an empty node.
pugi::xml_node XmlChild(const pugi::xml_node& node, std::string_view name);

// The trimmed text content of child element `name` ("" when absent).
std::string XmlChildText(const pugi::xml_node& node, std::string_view name);

// Trims ASCII whitespace from both ends.
std::string TrimXmlText(std::string_view text);

}  // namespace fledger::sca

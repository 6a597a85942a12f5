// Bounded XML parsing shared by the XML-based extractors (see xml_doc.h).
#include "sca/java/xml_doc.h"

#include <vector>

namespace fledger::sca {

Result<std::unique_ptr<pugi::xml_document>> ParseManifestXml(std::string_view text,
                                                             const std::string& context) {
  if (text.size() > kMaxManifestBytes) {
    return InputError(ValidationStep::kSize, context,
                      "larger than " + std::to_string(kMaxManifestBytes >> 20) + " MiB");
  }
  auto doc = std::make_unique<pugi::xml_document>();
  // parse_default leaves DOCTYPE unparsed and never loads or expands custom entities, so an
  // entity bomb stays a few bytes of text; pugixml's parser is iterative, so depth cannot
  // overflow the stack while parsing.
  const pugi::xml_parse_result r =
      doc->load_buffer(text.data(), text.size(), pugi::parse_default, pugi::encoding_auto);
  if (!r) {
    const LineIndex lines(text);
    const size_t off = r.offset < 0 ? 0 : static_cast<size_t>(r.offset);
    const int line = lines.LineOf(off < text.size() ? off : (text.empty() ? 0 : text.size() - 1));
    return InputError(ValidationStep::kSyntax, context + ":" + std::to_string(line),
                      std::string("invalid XML: ") + r.description());
  }
  if (!doc->document_element()) {
    return InputError(ValidationStep::kSyntax, context, "invalid XML: no root element");
  }
  // Depth check by an iterative walk: every later walk may then recurse safely.
  pugi::xml_node node = doc->document_element();
  int depth = 1;
  while (node) {
    if (depth > kMaxXmlDepth) {
      return InputError(ValidationStep::kSize, context,
                        "XML nesting deeper than " + std::to_string(kMaxXmlDepth) + " levels");
    }
    if (node.first_child()) {
      node = node.first_child();
      ++depth;
      continue;
    }
    while (node && !node.next_sibling()) {
      node = node.parent();
      --depth;
      if (depth <= 0) node = pugi::xml_node();
    }
    if (node) node = node.next_sibling();
  }
  return doc;
}

int XmlNodeLine(const LineIndex& lines, const pugi::xml_node& node) {
  const ptrdiff_t off = node.offset_debug();
  if (off < 0) return 0;
  return lines.LineOf(static_cast<size_t>(off));
}

std::string_view XmlLocalName(const pugi::xml_node& node) {
  const std::string_view name = node.name();
  const size_t colon = name.find(':');
  return colon == std::string_view::npos ? name : name.substr(colon + 1);
}

pugi::xml_node XmlChild(const pugi::xml_node& node, std::string_view name) {
  for (pugi::xml_node c = node.first_child(); c; c = c.next_sibling()) {
    if (c.type() == pugi::node_element && XmlLocalName(c) == name) return c;
  }
  return {};
}

std::string TrimXmlText(std::string_view text) {
  const char* ws = " \t\r\n";
  const size_t b = text.find_first_not_of(ws);
  if (b == std::string_view::npos) return {};
  const size_t e = text.find_last_not_of(ws);
  return std::string(text.substr(b, e - b + 1));
}

std::string XmlChildText(const pugi::xml_node& node, std::string_view name) {
  const pugi::xml_node c = XmlChild(node, name);
  return c ? TrimXmlText(c.child_value()) : std::string();
}

}  // namespace fledger::sca

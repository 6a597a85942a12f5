// Private to src/model/render: the content of `model report`, as plain (unescaped) tables that
// the Markdown and HTML renderers escape and lay out each in their own syntax, so that both
// formats always say the same thing.
#pragma once

#include <string>
#include <vector>

#include "model/model.h"
#include "model/threats.h"

namespace fledger::model::render::internal {

struct ReportTable {
  std::string anchor;    // "moving-parts": an HTML id and the place of the diagram
  std::string title;     // the heading
  std::string question;  // the question a security team asks that it answers ("" for none)
  std::vector<std::string> header;
  std::vector<std::vector<std::string>> rows;  // each as long as `header`
  std::string empty;  // said instead of the table when there are no rows
};

struct ReportContent {
  std::string title;        // "Threat model: VulnShop"
  std::string description;  // the model's
  std::string summary;      // one line of counts
  std::vector<ReportTable> tables;
};

// The report's content, in reading order: the answers first, then the analysis.
ReportContent ContentOf(const Model& m, const Analysis& a);

// The anchor of the table after whose question the diagram goes.
inline constexpr const char* kDiagramAnchor = "moving-parts";

}  // namespace fledger::model::render::internal

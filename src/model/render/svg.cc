// SVG through the Graphviz library, in process (never the `dot` program): the DOT text of
// RenderDot, read by cgraph, laid out by the dot engine, rendered by the core SVG plugin. The
// only file that includes Graphviz headers.
#include <graphviz/cgraph.h>
#include <graphviz/gvc.h>

#include <memory>
#include <mutex>

#include "model/render/render.h"

namespace fledger::model::render {
namespace {

// Graphviz reports through a process-wide error hook; keep its warnings (a font it cannot find,
// say) off the user's terminal: a failure is reported by the return codes below.
int Silence(char*) { return 0; }

struct ContextDeleter {
  void operator()(GVC_t* gvc) const { gvFreeContext(gvc); }
};
struct GraphDeleter {
  void operator()(Agraph_t* g) const { agclose(g); }
};

Error GraphvizError(const std::string& what) {
  return Error{ErrorCode::kInternal, "Graphviz could not " + what, "model diagram",
               ValidationStep::kNone};
}

}  // namespace

Result<std::string> RenderSvg(const Model& m) {
  const size_t elements = DiagramElements(m);
  if (elements > kMaxSvgElements) {
    return Error{ErrorCode::kInput,
                 "the model has " + std::to_string(elements) +
                     " diagram elements (actors, components, boundaries, flows); SVG lays out at "
                     "most " +
                     std::to_string(kMaxSvgElements) + " (use --format dot or mermaid)",
                 "model diagram", ValidationStep::kSize};
  }
  const std::string dot = RenderDot(m);
  // cgraph's error hook and its plugin loading are process-wide: one layout at a time.
  static std::mutex mu;
  std::lock_guard<std::mutex> lock(mu);
  agseterrf(Silence);
  std::unique_ptr<GVC_t, ContextDeleter> gvc(gvContext());
  if (!gvc) return GraphvizError("start");
  std::unique_ptr<Agraph_t, GraphDeleter> g(agmemread(dot.c_str()));
  if (!g) return GraphvizError("read the diagram");
  if (gvLayout(gvc.get(), g.get(), "dot") != 0) return GraphvizError("lay out the diagram");
  char* data = nullptr;
  unsigned int length = 0;
  const int rc = gvRenderData(gvc.get(), g.get(), "svg", &data, &length);
  std::string svg = rc == 0 && data != nullptr ? std::string(data, length) : std::string();
  if (data != nullptr) gvFreeRenderData(data);
  gvFreeLayout(gvc.get(), g.get());
  if (rc != 0 || svg.empty()) return GraphvizError("render SVG");
  return svg;
}

}  // namespace fledger::model::render

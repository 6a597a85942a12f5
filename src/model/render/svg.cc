// SVG through the Graphviz library (never the `dot` program): the DOT text of RenderDot, read by
// cgraph, laid out by the dot engine, rendered by the core SVG plugin. The only file that
// includes Graphviz headers.
//
// Graphviz 2.42 (Debian 12) can abort inside its spline router on some graphs with many edges
// between clusters ("triangulation failed", then a double free), and a layout can take long. So
// the layout runs in a forked child that writes the SVG to a pipe: a crash or a deadline becomes
// an error of this call, never the end of the process.
#include <graphviz/cgraph.h>
#include <graphviz/gvc.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <memory>

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
  return Error{ErrorCode::kInternal,
               "Graphviz could not " + what + " (--format dot or mermaid draws it without a layout)",
               "model diagram", ValidationStep::kNone};
}

// Lays out `dot` and renders it; in the child. Returns the SVG, or "" on failure.
std::string LayOut(const std::string& dot) {
  agseterrf(Silence);
  std::unique_ptr<GVC_t, ContextDeleter> gvc(gvContext());
  if (!gvc) return "";
  std::unique_ptr<Agraph_t, GraphDeleter> g(agmemread(dot.c_str()));
  if (!g) return "";
  if (gvLayout(gvc.get(), g.get(), "dot") != 0) return "";
  char* data = nullptr;
  unsigned int length = 0;
  const int rc = gvRenderData(gvc.get(), g.get(), "svg", &data, &length);
  std::string svg = rc == 0 && data != nullptr ? std::string(data, length) : std::string();
  if (data != nullptr) gvFreeRenderData(data);
  gvFreeLayout(gvc.get(), g.get());
  return svg;
}

void WriteAll(int fd, const std::string& text) {
  size_t done = 0;
  while (done < text.size()) {
    const ssize_t n = ::write(fd, text.data() + done, text.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return;
    done += static_cast<size_t>(n);
  }
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
  int fds[2];
  if (::pipe(fds) != 0) return GraphvizError("start (no pipe)");
  const pid_t pid = ::fork();
  if (pid < 0) {
    ::close(fds[0]);
    ::close(fds[1]);
    return GraphvizError("start (no process)");
  }
  if (pid == 0) {
    // The child: lay out, write, and leave without running the parent's exit handlers.
    ::close(fds[0]);
    // Parts of Graphviz (libpath) print to standard error directly, past the error hook.
    const int null = ::open("/dev/null", O_WRONLY);
    if (null >= 0) ::dup2(null, STDERR_FILENO);
    const std::string svg = LayOut(dot);
    WriteAll(fds[1], svg);
    ::close(fds[1]);
    ::_exit(svg.empty() ? 1 : 0);
  }
  ::close(fds[1]);
  std::string svg;
  bool too_long = false;
  const auto deadline = std::chrono::steady_clock::now() + kSvgLayoutSeconds;
  char buffer[65536];
  while (true) {
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
        deadline - std::chrono::steady_clock::now());
    pollfd p{fds[0], POLLIN, 0};
    const int ready = left.count() > 0 ? ::poll(&p, 1, static_cast<int>(left.count())) : 0;
    if (ready < 0 && errno == EINTR) continue;
    if (ready <= 0 || svg.size() > kMaxSvgBytes) {
      too_long = true;
      break;
    }
    const ssize_t n = ::read(fds[0], buffer, sizeof(buffer));
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) break;
    svg.append(buffer, static_cast<size_t>(n));
  }
  ::close(fds[0]);
  if (too_long) ::kill(pid, SIGKILL);
  int status = 0;
  while (::waitpid(pid, &status, 0) < 0 && errno == EINTR) {
  }
  if (too_long) {
    return GraphvizError("lay out the diagram within " +
                         std::to_string(kSvgLayoutSeconds.count()) + " seconds and " +
                         std::to_string(kMaxSvgBytes >> 20) + " MiB");
  }
  if (WIFSIGNALED(status)) return GraphvizError("lay out the diagram: the layout crashed");
  if (!WIFEXITED(status) || WEXITSTATUS(status) != 0 || svg.empty()) {
    return GraphvizError("lay out the diagram");
  }
  return svg;
}

}  // namespace fledger::model::render

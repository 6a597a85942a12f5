// The threat-model verbs that draw, report and compare: `model diagram`, `model report` and
// `model diff` (docs/model.md). Each loads its model(s) like `model check` (exit 2 when one does
// not load) and renders through src/model/render or src/model/diff.
#include <sstream>

#include "cli/common.h"
#include "core/input.h"
#include "core/json.h"
#include "core/text.h"
#include "model/diff.h"
#include "model/load.h"
#include "model/render/render.h"
#include "model/threats.h"

namespace fledger::cli {
namespace {

namespace stdfs = std::filesystem;

struct RenderArgs {
  std::string file = "threatmodel.yaml";
  std::string out_dir = ".";  // report: --out DIR
  std::string before;         // diff: A
  std::string after;          // diff: B
  std::string format;         // diagram: dot | mermaid | svg; diff: text | json
  CLI::Option* format_option = nullptr;  // the verb's --format, to tell "not given"
};

Result<model::Model> Load(const std::string& file) {
  FLEDGER_TRY(const std::string text,
              ReadTextFile(file, ReadLimits{.max_bytes = model::kMaxModelBytes}));
  return model::LoadModel(text, file);
}

// A verb whose --format is its own (not table or json): checks it against `allowed`, then the
// common flags with the format they know.
Status ValidateOwnFormat(CommonFlags& flags, RenderArgs& args, const std::string& fallback,
                         const std::vector<std::string>& allowed, const std::string& expected) {
  args.format = args.format_option != nullptr && args.format_option->count() > 0 ? flags.format
                                                                                  : fallback;
  if (std::find(allowed.begin(), allowed.end(), args.format) == allowed.end()) {
    return FlagError("--format", args.format, ValidationStep::kSemantics, expected);
  }
  flags.format = args.format == "json" ? "json" : "table";
  return ValidateCommonFlags(flags, false);
}

// ---------------------------------------------------------------------------------------------
// model diagram

int RunModelDiagram(const CommonFlags& flags, const RenderArgs& args) {
  const auto m = Load(args.file);
  if (!m.ok()) return ReportError(m.error());
  if (args.format == "mermaid") return Emit(flags, model::render::RenderMermaid(m.value()));
  if (args.format == "svg") {
    auto svg = model::render::RenderSvg(m.value());
    if (!svg.ok()) {
      Error e = svg.error();
      e.context = args.file;
      return ReportError(e);
    }
    return Emit(flags, svg.value());
  }
  return Emit(flags, model::render::RenderDot(m.value()));
}

// ---------------------------------------------------------------------------------------------
// model report

Status ValidateModelReport(CommonFlags& flags, const RenderArgs& args) {
  FLEDGER_RETURN_IF_ERROR(ValidateCommonFlags(flags, false));
  return CheckWritableDir("--out", args.out_dir, args.out_dir);
}

int RunModelReport(const CommonFlags& flags, const RenderArgs& args) {
  const auto m = Load(args.file);
  if (!m.ok()) return ReportError(m.error());
  const model::Analysis a = model::Analyze(m.value());
  // A model too large to lay out still gets its report, with the diagram left out (and said).
  const auto svg = model::render::RenderSvg(m.value());
  if (!svg.ok() && svg.error().code == ErrorCode::kInternal) return ReportError(svg.error());
  const stdfs::path dir(args.out_dir);
  const stdfs::path md = dir / "threatmodel.md";
  const stdfs::path html = dir / "threatmodel.html";
  for (const auto& [path, text] :
       {std::pair{md, model::render::RenderReportMarkdown(m.value(), a)},
        std::pair{html, model::render::RenderReportHtml(m.value(), a,
                                                        svg.ok() ? svg.value() : "")}}) {
    if (const Status s = WriteFileAtomic(path, text); !s.ok()) {
      Error e = s.error();
      e.context = path.string();
      return ReportError(e);
    }
  }
  std::ostringstream out;
  if (flags.parsed_format == report::Format::kJson) {
    nlohmann::ordered_json j;
    j["file"] = args.file;
    j["markdown"] = md.string();
    j["html"] = html.string();
    j["diagram"] = svg.ok() ? "svg" : "not drawn: " + svg.error().message;
    j["misuse_cases"] = a.misuse_cases.size();
    j["threats"] = a.threats.size();
    out << DumpJson(j);
  } else {
    out << "Wrote " << EscapeTerminal(md.string()) << " and " << EscapeTerminal(html.string())
        << ": " << a.misuse_cases.size() << " misuse case(s), " << a.threats.size()
        << " generated threat(s)"
        << (svg.ok() ? std::string()
                     : "; the HTML has no diagram (" + EscapeTerminal(svg.error().message) + ")")
        << ".\n";
  }
  return Emit(flags, out.str());
}

// ---------------------------------------------------------------------------------------------
// model diff

std::string Short(const std::string& text) {
  return EscapeTerminal(Truncate(CollapseWhitespace(text), 80));
}

std::string DiffText(const RenderArgs& args, const model::ModelDiff& d) {
  std::ostringstream out;
  out << "model diff " << EscapeTerminal(args.before) << " -> " << EscapeTerminal(args.after)
      << "\n";
  size_t added = 0, removed = 0, changed = 0;
  if (!d.elements.empty()) out << "\nElements:\n";
  for (const auto& c : d.elements) {
    const char mark = c.type == model::ElementChange::Type::kAdded     ? '+'
                      : c.type == model::ElementChange::Type::kRemoved ? '-'
                                                                       : '~';
    (mark == '+' ? added : mark == '-' ? removed : changed) += 1;
    out << "  " << mark << " " << c.kind << (c.id.empty() ? "" : " " + c.id);
    if (!c.summary.empty()) out << ": " << Short(c.summary);
    out << "\n";
    for (const auto& f : c.fields) {
      out << "      " << f.field << ": " << Short(f.before) << " -> " << Short(f.after) << "\n";
    }
  }
  if (!d.threats_added.empty() || !d.threats_removed.empty()) out << "\nGenerated threats:\n";
  for (const auto& r : d.threats_added) {
    out << "  + " << EscapeTerminal(r.threat.id) << " (" << r.threat.category << ", likelihood "
        << r.threat.likelihood << ", impact " << r.threat.impact << "): "
        << (r.gates ? std::string("NEW UNACCEPTED HIGH RISK") : EscapeTerminal(r.accepted))
        << "\n";
  }
  for (const auto& t : d.threats_removed) {
    out << "  - " << EscapeTerminal(t.id) << " (" << t.category << ", impact " << t.impact
        << ")\n";
  }
  out << "\n" << added << " element(s) added, " << removed << " removed, " << changed
      << " changed; " << d.threats_added.size() << " generated threat(s) added, "
      << d.threats_removed.size() << " removed; " << d.new_high_risks
      << " new unaccepted high risk(s)\n";
  return out.str();
}

nlohmann::ordered_json ThreatJson(const model::GeneratedThreat& t) {
  return {{"id", t.id},         {"rule", t.rule},       {"category", t.category},
          {"title", t.title},   {"elements", t.elements}, {"likelihood", t.likelihood},
          {"impact", t.impact}, {"cwe", t.cwe},         {"capec", t.capec},
          {"excluded_by", t.excluded_by}};
}

std::string DiffJson(const RenderArgs& args, const model::ModelDiff& d) {
  nlohmann::ordered_json j;
  j["before"] = args.before;
  j["after"] = args.after;
  j["elements"] = nlohmann::ordered_json::array();
  for (const auto& c : d.elements) {
    nlohmann::ordered_json fields = nlohmann::ordered_json::array();
    for (const auto& f : c.fields) {
      fields.push_back({{"field", f.field}, {"before", f.before}, {"after", f.after}});
    }
    j["elements"].push_back({{"change", std::string(model::ChangeTypeName(c.type))},
                             {"kind", c.kind},
                             {"id", c.id},
                             {"summary", c.summary},
                             {"fields", fields}});
  }
  j["threats_added"] = nlohmann::ordered_json::array();
  for (const auto& r : d.threats_added) {
    nlohmann::ordered_json t = ThreatJson(r.threat);
    t["gates"] = r.gates;
    t["accepted"] = r.accepted;
    j["threats_added"].push_back(t);
  }
  j["threats_removed"] = nlohmann::ordered_json::array();
  for (const auto& t : d.threats_removed) j["threats_removed"].push_back(ThreatJson(t));
  j["new_high_risks"] = d.new_high_risks;
  return DumpJson(j);
}

int RunModelDiff(const CommonFlags& flags, const RenderArgs& args) {
  const auto a = Load(args.before);
  if (!a.ok()) return ReportError(a.error());
  const auto b = Load(args.after);
  if (!b.ok()) return ReportError(b.error());
  const model::ModelDiff d = model::DiffModels(a.value(), model::Analyze(a.value()), b.value(),
                                               model::Analyze(b.value()));
  const std::string text = args.format == "json" ? DiffJson(args, d) : DiffText(args, d);
  if (const int rc = Emit(flags, text); rc != 0) return rc;
  return d.new_high_risks > 0 ? 1 : 0;
}

}  // namespace

void AddModelRenderVerbs(CLI::App& model, VerbTable& table) {
  CommonFlags& flags = table.flags;
  std::optional<Verb>& verb = table.verb;
  auto& args = table.Own<RenderArgs>();

  auto* diagram = model.add_subcommand(
      "diagram", "Draw the model: Graphviz DOT, Mermaid or SVG, trust boundaries as clusters");
  diagram->add_option("file", args.file, "The model (default: threatmodel.yaml)");
  AddCommonFlags(diagram, flags, false);
  diagram->get_option("--format")
      ->description("Output format: dot, mermaid or svg (SVG: at most " +
                    std::to_string(model::render::kMaxSvgElements) + " diagram elements)")
      ->default_str("dot");
  diagram->add_option("--out", flags.output, "Write the diagram to PATH (same as -o)")
      ->type_name("PATH");
  diagram->callback([&, diagram] {
    args.format_option = diagram->get_option("--format");
    verb = Verb{[&] {
                  return ValidateOwnFormat(flags, args, "dot", {"dot", "mermaid", "svg"},
                                           "expected dot, mermaid or svg");
                },
                [&] { return RunModelDiagram(flags, args); }};
  });

  auto* report = model.add_subcommand(
      "report", "Write threatmodel.md and threatmodel.html: diagram, answers, risks, threats");
  report->add_option("file", args.file, "The model (default: threatmodel.yaml)");
  report->add_option("--out", args.out_dir, "Directory to write the two files in (default: .)")
      ->type_name("DIR");
  AddCommonFlags(report, flags, false);
  report->callback([&] {
    verb = Verb{[&] { return ValidateModelReport(flags, args); },
                [&] { return RunModelReport(flags, args); }};
  });

  auto* diff = model.add_subcommand(
      "diff", "Semantic changes from model A to B; exit 1 on new unaccepted high risks");
  diff->add_option("a", args.before, "The model before")->required();
  diff->add_option("b", args.after, "The model after")->required();
  AddCommonFlags(diff, flags, false);
  diff->get_option("--format")->description("Output format: text or json")->default_str("text");
  diff->callback([&, diff] {
    args.format_option = diff->get_option("--format");
    verb = Verb{[&] {
                  return ValidateOwnFormat(flags, args, "text", {"text", "json"},
                                           "expected text or json");
                },
                [&] { return RunModelDiff(flags, args); }};
  });
}

}  // namespace fledger::cli

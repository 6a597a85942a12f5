// The threat-modeling verbs under `model`: check (more to come: init, threats, diagram, report,
// diff, import).
//
// `model check [FILE]` loads threatmodel.yaml (default: ./threatmodel.yaml) and prints every
// problem that keeps it from loading (exit 2, the first one also on standard error), or every
// warning about a model that loads (exit 1); a clean model exits 0.
#include <iostream>
#include <sstream>

#include "cli/common.h"
#include "core/input.h"
#include "core/json.h"
#include "core/text.h"
#include "model/check.h"
#include "model/load.h"

namespace fledger::cli {
namespace {

namespace stdfs = std::filesystem;

struct ModelArgs {
  std::string file = "threatmodel.yaml";
  std::string root;  // --root: the repository the model's paths are relative to
};

Status ValidateModelCheck(CommonFlags& flags, const ModelArgs& args) {
  FLEDGER_RETURN_IF_ERROR(ValidateCommonFlags(flags, false));
  if (!args.root.empty()) {
    std::error_code ec;
    if (!stdfs::is_directory(args.root, ec)) {
      return FlagError("--root", args.root, ValidationStep::kOrigin, "not a directory");
    }
  }
  return {};
}

int RunModelCheck(const CommonFlags& flags, const ModelArgs& args) {
  auto text = ReadTextFile(args.file, ReadLimits{.max_bytes = model::kMaxModelBytes});
  if (!text.ok()) return ReportError(text.error());
  std::vector<Error> problems;
  const auto m = model::LoadModel(text.value(), args.file, &problems);
  const stdfs::path root =
      args.root.empty() ? ParentOf(stdfs::path(args.file)) : stdfs::path(args.root);
  const std::vector<model::CheckWarning> warnings =
      m.ok() ? model::CheckModel(m.value(), root) : std::vector<model::CheckWarning>{};

  std::ostringstream out;
  if (flags.parsed_format == report::Format::kJson) {
    nlohmann::ordered_json j;
    j["file"] = args.file;
    j["valid"] = m.ok();
    j["errors"] = nlohmann::ordered_json::array();
    for (const Error& e : problems) {
      j["errors"].push_back({{"context", e.context}, {"step", std::string(ValidationStepName(e.step))},
                             {"message", e.message}});
    }
    j["warnings"] = nlohmann::ordered_json::array();
    for (const auto& w : warnings) {
      j["warnings"].push_back({{"line", w.line}, {"rule", w.rule}, {"message", w.message}});
    }
    out << DumpJson(j);
  } else {
    for (const Error& e : problems) out << EscapeTerminal(e.ToString()) << "\n";
    for (const auto& w : warnings) {
      out << EscapeTerminal(args.file) << ":" << w.line << ": warning: " << EscapeTerminal(w.message)
          << " [" << w.rule << "]\n";
    }
    if (m.ok()) {
      const auto& mm = m.value();
      out << EscapeTerminal(args.file) << ": " << mm.components.size() << " component(s), "
          << mm.flows.size() << " flow(s), " << mm.data.size() << " data asset(s), "
          << mm.boundaries.size() << " boundary(ies), " << mm.assumptions.size()
          << " assumption(s): " << (warnings.empty() ? "valid, no warnings" :
                                     std::to_string(warnings.size()) + " warning(s)")
          << "\n";
    } else {
      out << EscapeTerminal(args.file) << ": " << problems.size()
          << " problem(s); the model does not load\n";
    }
  }
  if (const int rc = Emit(flags, out.str()); rc != 0) return rc;
  // The report lists every problem; standard error gets the first, as every verb's bad input.
  if (!m.ok()) return ReportError(m.error());
  return warnings.empty() ? 0 : 1;
}

}  // namespace

void AddModelVerbs(CLI::App& app, VerbTable& table) {
  CommonFlags& flags = table.flags;
  std::optional<Verb>& verb = table.verb;
  auto& args = table.Own<ModelArgs>();

  auto* model = app.add_subcommand("model", "Threat modeling as code (threatmodel.yaml)");
  model->require_subcommand(1);

  auto* check = model->add_subcommand(
      "check", "Validate a threat model: schema, ids, references, boundaries, stale paths");
  check->add_option("file", args.file, "The model (default: threatmodel.yaml)");
  check->add_option("--root", args.root,
                    "Repository the model's paths are relative to (default: the model's folder)");
  AddCommonFlags(check, flags, false);
  check->callback([&] {
    verb = Verb{[&] { return ValidateModelCheck(flags, args); },
                [&] { return RunModelCheck(flags, args); }};
  });
}

}  // namespace fledger::cli

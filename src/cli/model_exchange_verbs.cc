// `model import` and `model export`: threat models of other tools into threatmodel.yaml, and ours
// out as Open Threat Model JSON (src/model/import/import.h; docs/model.md, "Import and export").
//
// `model import FILE [--from F] [--out PATH] [--force]` prints the imported threatmodel.yaml, or
// writes it to --out (an existing file only with --force); what the import could not map is
// listed on standard error. `model export [FILE] --format otm [--out PATH]` prints or writes OTM.
#include <iostream>
#include <sstream>

#include "cli/common.h"
#include "core/input.h"
#include "core/text.h"
#include "model/import/import.h"
#include "model/load.h"

namespace fledger::cli {
namespace {

namespace stdfs = std::filesystem;

struct ExchangeArgs {
  std::string file;
  std::string from;    // import: --from
  std::string out;     // --out
  bool force = false;  // --force: overwrite --out
  std::string to;      // export: --format
  std::optional<model::ImportFormat> format;
};

Status ValidateOut(const ExchangeArgs& args) {
  if (args.out.empty()) return {};
  std::error_code ec;
  if (stdfs::is_directory(args.out, ec)) {
    return FlagError("--out", args.out, ValidationStep::kOrigin, "is a directory");
  }
  if (!args.force && stdfs::exists(stdfs::symlink_status(args.out, ec))) {
    return FlagError("--out", args.out, ValidationStep::kOrigin,
                     "exists; add --force to overwrite it");
  }
  return CheckOutputFile(args.out);
}

Status ValidateImport(CommonFlags& flags, ExchangeArgs& args) {
  FLEDGER_RETURN_IF_ERROR(ValidateCommonFlags(flags, false));
  if (!args.from.empty()) {
    auto f = model::ParseImportFormat(args.from);
    if (!f.ok()) return FlagError("--from", args.from, ValidationStep::kSemantics, f.error().message);
    args.format = f.value();
  }
  return ValidateOut(args);
}

// Writes `text` to --out, or to standard output.
int Deliver(const ExchangeArgs& args, const std::string& text, const std::string& summary,
            bool quiet) {
  if (args.out.empty()) {
    std::cout << text << std::flush;
    return 0;
  }
  if (const Status w = WriteFileAtomic(args.out, text); !w.ok()) return ReportError(w.error());
  if (!quiet) std::cout << summary << "Wrote " << EscapeTerminal(args.out) << "\n";
  return 0;
}

int RunImport(const CommonFlags& flags, const ExchangeArgs& args) {
  auto text = ReadTextFile(args.file, ReadLimits{.max_bytes = model::kMaxModelBytes});
  if (!text.ok()) return ReportError(text.error());
  model::ImportFormat format;
  if (args.format) {
    format = *args.format;
  } else {
    auto detected = model::DetectImportFormat(text.value(), args.file);
    if (!detected.ok()) return ReportError(detected.error());
    format = detected.value();
  }
  model::DiskIncludeReader includes(ParentOf(stdfs::path(args.file)));
  auto imported = model::ImportModel(format, text.value(), args.file, includes);
  if (!imported.ok()) return ReportError(imported.error());
  const model::Model& m = imported.value().model;
  const std::string yaml = model::WriteImportedModelYaml(m, format);
  // What we write must load: anything else is our bug, not the user's input.
  std::vector<Error> problems;
  if (const auto back = model::LoadModel(yaml, "imported model", &problems); !back.ok()) {
    // Too big for a threat model (8 MiB, 100 000 elements): the input's size, not our bug.
    if (back.error().code != ErrorCode::kInternal && back.error().step == ValidationStep::kSize) {
      return ReportError(InputError(ValidationStep::kSize, args.file,
                                    "the imported model is too large to load: " +
                                        back.error().message));
    }
    return ReportError(Error{ErrorCode::kInternal,
                             "the imported model does not load: " + back.error().ToString(),
                             args.file});
  }
  if (!flags.quiet) {
    for (const std::string& note : imported.value().notes) {
      std::cerr << "fledger: note: " << EscapeTerminal(args.file) << ": " << EscapeTerminal(note)
                << "\n";
    }
  }
  std::ostringstream summary;
  summary << "Imported " << EscapeTerminal(args.file) << " (" << model::ImportFormatName(format)
          << "): " << m.actors.size() << " actor(s), " << m.components.size() << " component(s), "
          << m.flows.size() << " flow(s), " << m.data.size() << " data asset(s), "
          << m.boundaries.size() << " boundary(ies), " << m.threats.size() << " threat(s).\n";
  return Deliver(args, yaml, summary.str(), flags.quiet);
}

Status ValidateExport(ExchangeArgs& args) {
  if (args.to != "otm") {
    return FlagError("--format", args.to, ValidationStep::kSemantics, "expected otm");
  }
  return ValidateOut(args);
}

int RunExport(const ExchangeArgs& args) {
  auto text = ReadTextFile(args.file, ReadLimits{.max_bytes = model::kMaxModelBytes});
  if (!text.ok()) return ReportError(text.error());
  const auto m = model::LoadModel(text.value(), args.file);
  if (!m.ok()) return ReportError(m.error());
  return Deliver(args, model::ExportOtm(m.value()),
                 "Exported " + EscapeTerminal(args.file) + " as OTM.\n", false);
}

}  // namespace

void AddModelExchangeVerbs(CLI::App& model, VerbTable& table) {
  CommonFlags& flags = table.flags;
  std::optional<Verb>& verb = table.verb;
  auto& args = table.Own<ExchangeArgs>();

  auto* import = model.add_subcommand(
      "import", "Convert a Threagile, OTM, Threat Dragon or pytm model to threatmodel.yaml");
  import->add_option("file", args.file, "The model to import")->required();
  import->add_option("--from", args.from,
                     "Its format: threagile, otm, threat-dragon or pytm (default: detected)");
  import->add_option("--out", args.out,
                     "Write threatmodel.yaml to PATH instead of standard output");
  import->add_flag("--force", args.force, "Overwrite --out if it exists");
  import->add_flag("-q,--quiet", flags.quiet, "Print only errors on standard error");
  import->callback([&] {
    verb = Verb{[&] { return ValidateImport(flags, args); },
                [&] { return RunImport(flags, args); }};
  });

  auto* exp = model.add_subcommand("export", "Write threatmodel.yaml as Open Threat Model JSON");
  args.file = "threatmodel.yaml";
  exp->add_option("file", args.file, "The model (default: threatmodel.yaml)");
  exp->add_option("--format", args.to, "The format to write: otm")->required();
  exp->add_option("--out", args.out, "Write to PATH instead of standard output");
  exp->add_flag("--force", args.force, "Overwrite --out if it exists");
  exp->callback([&] {
    verb = Verb{[&] { return ValidateExport(args); }, [&] { return RunExport(args); }};
  });
}

}  // namespace fledger::cli

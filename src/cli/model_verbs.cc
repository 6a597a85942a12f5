// The threat-modeling verbs under `model`: init, check and threats (more to come: diagram,
// report, diff, import).
//
// `model check [FILE]` loads threatmodel.yaml (default: ./threatmodel.yaml) and prints every
// problem that keeps it from loading (exit 2, the first one also on standard error), or every
// warning about a model that loads (exit 1); a clean model exits 0.
#include <iostream>
#include <map>
#include <sstream>

#include "cli/common.h"
#include "core/input.h"
#include "core/json.h"
#include "core/text.h"
#include <mutex>

#include "fs/walker.h"
#include "model/check.h"
#include "model/draft.h"
#include "model/evidence.h"
#include "model/load.h"
#include "model/rules.h"
#include "model/threats.h"

namespace fledger::cli {
namespace {

namespace stdfs = std::filesystem;

struct ModelArgs {
  std::string file = "threatmodel.yaml";
  std::string root;  // --root: the repository the model's paths are relative to
  std::string path = ".";  // init: the repository
  bool force = false;      // init: overwrite an existing threatmodel.yaml
  std::string top_text;    // threats: --top N
  int top = 0;             // 0: every misuse case
  std::vector<std::string> findings;  // threats: --findings REPORT (repeatable)
  std::string rules;                  // threats: --rules DIR of extra rule families
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

Status ValidateModelThreats(CommonFlags& flags, ModelArgs& args) {
  FLEDGER_RETURN_IF_ERROR(ValidateCommonFlags(flags, false));
  if (!args.top_text.empty()) {
    FLEDGER_TRY(args.top, ParseIntFlag("--top", args.top_text, 0, 1000000));
  }
  std::error_code ec;
  for (const std::string& f : args.findings) {
    if (!stdfs::is_regular_file(f, ec)) {
      return FlagError("--findings", f, ValidationStep::kOrigin, "not a file");
    }
  }
  if (!args.rules.empty() && !stdfs::is_directory(args.rules, ec)) {
    return FlagError("--rules", args.rules, ValidationStep::kOrigin, "not a directory");
  }
  if (!args.root.empty() && !stdfs::is_directory(args.root, ec)) {
    return FlagError("--root", args.root, ValidationStep::kOrigin, "not a directory");
  }
  return {};
}

// The built-in rules plus the families in `dir` (*.yaml, at most 100 regular files, sorted).
Result<model::RuleLibrary> LoadRules(const std::string& dir) {
  model::RuleLibrary lib = model::BuiltinRules();
  if (dir.empty()) return lib;
  std::vector<stdfs::path> files;
  std::error_code ec;
  for (stdfs::directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec)) {
    if (it->is_regular_file(ec) && !it->is_symlink(ec) && it->path().extension() == ".yaml") {
      files.push_back(it->path());
    }
  }
  if (ec) return InputError(ValidationStep::kOrigin, dir, ec.message());
  if (files.size() > 100) {
    return InputError(ValidationStep::kSize, dir, "more than 100 rule files");
  }
  std::sort(files.begin(), files.end());
  for (const stdfs::path& f : files) {
    FLEDGER_TRY(const std::string text,
                ReadTextFile(f, ReadLimits{.max_bytes = model::kMaxRuleFileBytes}));
    FLEDGER_RETURN_IF_ERROR(model::AddRuleFamily(text, f.string(), lib));
  }
  return lib;
}

// The findings of every --findings report, paths relative to `root`.
Result<std::vector<model::EvidenceRef>> LoadFindings(const ModelArgs& args,
                                                     const stdfs::path& root) {
  std::vector<model::EvidenceRef> all;
  std::error_code ec;
  const stdfs::path absolute = stdfs::weakly_canonical(stdfs::absolute(root, ec), ec);
  for (const std::string& f : args.findings) {
    FLEDGER_TRY(const std::string text,
                ReadTextFile(f, ReadLimits{.max_bytes = model::kMaxFindingsReportBytes}));
    FLEDGER_TRY(auto some, model::ParseFindingsReport(text, f, absolute.string()));
    if (all.size() + some.size() > model::kMaxFindings) {
      return InputError(ValidationStep::kSize, f,
                        "more than " + std::to_string(model::kMaxFindings) + " findings in all");
    }
    all.insert(all.end(), some.begin(), some.end());
  }
  return all;
}

nlohmann::ordered_json EvidenceJson(const std::vector<model::EvidenceRef>& list) {
  nlohmann::ordered_json out = nlohmann::ordered_json::array();
  for (const auto& f : list) {
    out.push_back({{"rule", f.rule},
                   {"kind", f.kind},
                   {"severity", f.severity},
                   {"path", f.path},
                   {"line", f.line},
                   {"fingerprint", f.fingerprint},
                   {"title", f.title},
                   {"cwes", f.cwes},
                   {"element", f.element}});
  }
  return out;
}

std::string PathText(const std::vector<model::PathStep>& path) {
  std::string text;
  for (const auto& step : path) text += (text.empty() ? "" : " -> ") + step.element;
  return text;
}

std::string Number(double v) {
  std::ostringstream out;
  out << v;
  return out.str();
}

int RunModelThreats(const CommonFlags& flags, const ModelArgs& args) {
  auto text = ReadTextFile(args.file, ReadLimits{.max_bytes = model::kMaxModelBytes});
  if (!text.ok()) return ReportError(text.error());
  const auto m = model::LoadModel(text.value(), args.file);
  if (!m.ok()) return ReportError(m.error());
  const auto rules = LoadRules(args.rules);
  if (!rules.ok()) return ReportError(rules.error());
  const stdfs::path root =
      args.root.empty() ? ParentOf(stdfs::path(args.file)) : stdfs::path(args.root);
  const auto findings = LoadFindings(args, root);
  if (!findings.ok()) return ReportError(findings.error());
  model::Analysis a = model::Analyze(m.value(), rules.value(), findings.value());
  const size_t ranked = a.misuse_cases.size();
  if (args.top > 0 && a.misuse_cases.size() > static_cast<size_t>(args.top)) {
    a.misuse_cases.resize(static_cast<size_t>(args.top));
  }

  std::ostringstream out;
  if (flags.parsed_format == report::Format::kJson) {
    nlohmann::ordered_json j;
    j["file"] = args.file;
    j["misuse_cases"] = nlohmann::ordered_json::array();
    for (const auto& mc : a.misuse_cases) {
      nlohmann::ordered_json path = nlohmann::ordered_json::array();
      for (const auto& step : mc.path) {
        path.push_back({{"element", step.element}, {"flow", step.flow}, {"cost", step.cost}});
      }
      j["misuse_cases"].push_back({{"id", mc.id},
                                   {"source", mc.source},
                                   {"score", mc.score},
                                   {"gain", mc.gain},
                                   {"path_cost", mc.path_cost},
                                   {"category", mc.category},
                                   {"persona", mc.persona},
                                   {"entry", mc.entry},
                                   {"target", mc.target},
                                   {"action", mc.action},
                                   {"attacker_gains", mc.gain_text},
                                   {"path", path},
                                   {"cheapest_control", mc.cheapest_control},
                                   {"assumptions", mc.assumptions},
                                   {"evidence", mc.evidence}});
    }
    j["threats"] = nlohmann::ordered_json::array();
    for (const auto& t : a.threats) {
      j["threats"].push_back({{"id", t.id},
                              {"rule", t.rule},
                              {"category", t.category},
                              {"title", t.title},
                              {"elements", t.elements},
                              {"likelihood", t.likelihood},
                              {"impact", t.impact},
                              {"cwe", t.cwe},
                              {"capec", t.capec},
                              {"family", t.family},
                              {"mitigation", t.mitigation},
                              {"excluded_by", t.excluded_by},
                              {"evidence", EvidenceJson(t.evidence)},
                              {"evidence_count", t.evidence_count}});
      if (!t.base_likelihood.empty()) j["threats"].back()["base_likelihood"] = t.base_likelihood;
      if (!t.tracked_by.empty()) {
        j["threats"].back()["tracked_by"] = {{"id", t.tracked_by}, {"status", t.tracked_status}};
      }
    }
    j["inverted_assumptions"] = nlohmann::ordered_json::array();
    for (const auto& inv : a.inverted) {
      j["inverted_assumptions"].push_back({{"id", inv.id},
                                           {"statement", inv.statement},
                                           {"status", inv.status},
                                           {"if_false", inv.if_false},
                                           {"threats", inv.threats},
                                           {"contradicted_by", EvidenceJson(inv.contradicted_by)},
                                           {"contradicted_count", inv.contradicted_count}});
    }
    j["evidence"] = EvidenceJson(a.evidence);
    out << DumpJson(j);
  } else {
    out << "Misuse cases by value to an attacker (score = gain / path cost):\n";
    int rank = 0;
    for (const auto& mc : a.misuse_cases) {
      out << Pad(std::to_string(++rank) + ".", 4) << Pad(Number(mc.score), 8)
          << EscapeTerminal(mc.id) << "  [" << mc.source << "]\n"
          << "      gain " << Number(mc.gain) << " (" << EscapeTerminal(mc.gain_text)
          << "), path cost " << Number(mc.path_cost) << ": "
          << EscapeTerminal((mc.persona.empty() ? "internet -> " : "") + PathText(mc.path))
          << "\n      cut it: " << EscapeTerminal(mc.cheapest_control) << "\n";
      if (!mc.evidence.empty()) {
        out << "      evidence: " << EscapeTerminal(mc.evidence.front())
            << (mc.evidence.size() > 1
                    ? " and " + std::to_string(mc.evidence.size() - 1) + " more finding(s)"
                    : std::string())
            << "\n";
      }
    }
    size_t excluded = 0, tracked = 0;
    for (const auto& t : a.threats) {
      excluded += t.excluded_by.empty() ? 0 : 1;
      tracked += t.tracked_by.empty() ? 0 : 1;
    }
    out << "\n" << a.threats.size() << " threat(s) (" << excluded
        << " excluded by assumptions" << (tracked ? ", " + std::to_string(tracked) + " tracked by the model's threats" : std::string())
        << "), " << ranked << " misuse case(s)"
        << (ranked > a.misuse_cases.size()
                ? " (the first " + std::to_string(a.misuse_cases.size()) + " shown)"
                : std::string())
        << "\n";
    if (!args.findings.empty()) {
      size_t placed = 0, likelier = 0;
      for (const auto& f : a.evidence) placed += f.element.empty() ? 0 : 1;
      for (const auto& t : a.threats) likelier += t.base_likelihood.empty() ? 0 : 1;
      out << a.evidence.size() << " finding(s) as evidence: " << placed
          << " on a component's paths, " << a.evidence.size() - placed
          << " on no component's paths; " << likelier << " threat(s) made likelier\n";
    }
    for (const auto& inv : a.inverted) {
      out << "Assumption " << EscapeTerminal(inv.id) << " (" << inv.status
          << "): " << EscapeTerminal(inv.if_false) << "\n";
    }
  }
  return Emit(flags, out.str());
}

Status ValidateModelRules(CommonFlags& flags, const ModelArgs& args) {
  FLEDGER_RETURN_IF_ERROR(ValidateCommonFlags(flags, false));
  std::error_code ec;
  if (!args.rules.empty() && !stdfs::is_directory(args.rules, ec)) {
    return FlagError("--rules", args.rules, ValidationStep::kOrigin, "not a directory");
  }
  return {};
}

// The rule library: one line per rule, or every field in JSON.
int RunModelRules(const CommonFlags& flags, const ModelArgs& args) {
  const auto rules = LoadRules(args.rules);
  if (!rules.ok()) return ReportError(rules.error());
  std::ostringstream out;
  if (flags.parsed_format == report::Format::kJson) {
    nlohmann::ordered_json j = nlohmann::ordered_json::array();
    for (const model::Rule& r : rules.value().rules) {
      j.push_back({{"id", r.id},
                   {"family", r.family},
                   {"category", r.category},
                   {"applies_to", r.applies_to},
                   {"cwe", r.cwe},
                   {"capec", r.capec},
                   {"likelihood", r.likelihood},
                   {"title", r.title},
                   {"description", r.description},
                   {"mitigation", r.mitigation},
                   {"file", r.file},
                   {"line", r.line}});
    }
    out << DumpJson(j);
  } else {
    std::map<std::string, int> families;
    for (const model::Rule& r : rules.value().rules) {
      ++families[r.family];
      out << Pad(EscapeTerminal(r.id), 38) << Pad(EscapeTerminal(r.family), 18)
          << Pad(r.category, 24) << Pad(r.cwe, 10) << r.capec << "\n";
    }
    out << "\n" << rules.value().rules.size() << " rule(s) in " << families.size()
        << " families\n";
  }
  return Emit(flags, out.str());
}

Status ValidateModelInit(CommonFlags& flags, const ModelArgs& args) {
  FLEDGER_RETURN_IF_ERROR(ValidateCommonFlags(flags, false));
  std::error_code ec;
  if (!stdfs::is_directory(args.path, ec)) {
    return FlagError("PATH", args.path, ValidationStep::kOrigin, "not a directory");
  }
  return {};
}

// The ids of the elements `model init` drafts, with what each is, for the proposal.
std::map<std::string, std::string> DraftedIds(const model::Model& m) {
  std::map<std::string, std::string> out;
  for (const auto& c : m.components) out[c.id.str()] = "component " + c.id.str();
  for (const auto& f : m.flows) {
    out[f.id.str()] = "flow " + f.id.str() + " (" + f.source.str() + " -> " + f.target.str() + ")";
  }
  for (const auto& d : m.data) out[d.id.str()] = "data " + d.id.str();
  for (const auto& b : m.boundaries) out[b.id.str()] = "boundary " + b.id.str();
  return out;
}

int RunModelInit(const CommonFlags& flags, const ModelArgs& args) {
  fs::WalkOptions wo;
  wo.jobs = flags.jobs;
  wo.max_file_bytes = 1u << 20;  // connection strings live in small files
  wo.extra_ignores = {"node_modules/", "vendor/", "dist/", "build/"};
  auto walker = fs::Walker::Open(args.path, wo);
  if (!walker.ok()) return ReportError(walker.error());
  auto listed = walker.value().List();
  if (!listed.ok()) return ReportError(listed.error());
  std::vector<fs::FileEntry> wanted;
  for (const auto& f : listed.value().files) {
    if (model::DraftReads(f.path)) wanted.push_back(f);
  }
  std::vector<model::SourceFile> files;
  std::mutex mu;
  walker.value().ForEachFile(wanted, [&](const fs::FileEntry& f, std::string_view text) {
    std::lock_guard<std::mutex> lock(mu);
    files.push_back({f.path, std::string(text)});
  });
  std::error_code ec;
  const stdfs::path root = stdfs::weakly_canonical(args.path, ec);
  const std::string name = root.filename().empty() ? "system" : root.filename().string();
  const model::Model draft = model::DraftModel(std::move(files), name);
  const std::string yaml = model::WriteModelYaml(draft);

  const stdfs::path target = stdfs::path(args.path) / "threatmodel.yaml";
  std::ostringstream out;
  if (!args.force && stdfs::exists(stdfs::symlink_status(target, ec))) {
    // Never overwrite the user's edits: propose instead.
    auto text = ReadTextFile(target, ReadLimits{.max_bytes = model::kMaxModelBytes});
    if (!text.ok()) return ReportError(text.error());
    const auto current = model::LoadModel(text.value(), target.string());
    if (!current.ok()) return ReportError(current.error());
    const stdfs::path proposed = stdfs::path(args.path) / "threatmodel.proposed.yaml";
    const auto have = DraftedIds(current.value());
    const auto found = DraftedIds(draft);
    size_t changes = 0;
    for (const auto& [id, what] : found) {
      if (!have.count(id) && !current.value().KindOf(ElementId::Parse(id).value())) {
        out << "+ " << EscapeTerminal(what) << ": found in the repository, not in the model\n";
        ++changes;
      }
    }
    for (const auto& [id, what] : have) {
      if (!found.count(id)) {
        out << "- " << EscapeTerminal(what) << ": in the model, not found by the draft (kept)\n";
        ++changes;
      }
    }
    std::ostringstream head;
    head << EscapeTerminal(target.string()) << " exists and was not changed";
    if (changes > 0) {
      if (const Status w = WriteFileAtomic(proposed, yaml); !w.ok()) return ReportError(w.error());
      head << "; the new draft is in " << EscapeTerminal(proposed.string());
    }
    head << ".\n" << out.str() << changes << " proposed change(s)\n";
    return Emit(flags, head.str());
  }
  if (const Status w = WriteFileAtomic(target, yaml); !w.ok()) return ReportError(w.error());
  out << "Wrote " << EscapeTerminal(target.string()) << ": " << draft.components.size()
      << " component(s), " << draft.flows.size() << " flow(s), " << draft.data.size()
      << " data asset(s), " << draft.questions.size() << " open question(s).\n"
      << "Review it, answer the questions, then run 'fledger model check' and "
         "'fledger model threats'.\n";
  return Emit(flags, out.str());
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

  auto* init = model->add_subcommand(
      "init", "Draft threatmodel.yaml from the repository (compose, Dockerfiles, CI, code)");
  init->add_option("path", args.path, "The repository (default: .)");
  init->add_flag("--force", args.force,
                 "Overwrite an existing threatmodel.yaml (default: write "
                 "threatmodel.proposed.yaml and list the changes)");
  AddCommonFlags(init, flags, false);
  init->callback([&] {
    verb = Verb{[&] { return ValidateModelInit(flags, args); },
                [&] { return RunModelInit(flags, args); }};
  });

  auto* threats = model->add_subcommand(
      "threats", "STRIDE threats, inverted assumptions, misuse cases ranked by attacker value");
  threats->add_option("file", args.file, "The model (default: threatmodel.yaml)");
  threats->add_option("--top", args.top_text, "Show only the N highest-ranked misuse cases")
      ->type_name("INT");
  threats->add_option("--findings", args.findings,
                      "A findings report as evidence (Fledger JSON or SARIF; repeatable)")
      ->type_name("FILE");
  threats->add_option("--root", args.root,
                      "Repository the findings' and the model's paths are relative to "
                      "(default: the model's folder)")
      ->type_name("DIR");
  threats->add_option("--rules", args.rules,
                      "A folder of extra rule families (*.yaml, docs/model.md \"Rules\")")
      ->type_name("DIR");
  AddCommonFlags(threats, flags, false);
  auto* rules = model->add_subcommand(
      "rules", "List the threat rule library (ids, families, STRIDE, CWE, CAPEC)");
  rules->add_option("--rules", args.rules,
                    "A folder of extra rule families (*.yaml) to list with the built-in ones")
      ->type_name("DIR");
  AddCommonFlags(rules, flags, false);
  rules->callback([&] {
    verb = Verb{[&] { return ValidateModelRules(flags, args); },
                [&] { return RunModelRules(flags, args); }};
  });

  threats->callback([&] {
    verb = Verb{[&] { return ValidateModelThreats(flags, args); },
                [&] { return RunModelThreats(flags, args); }};
  });

  AddModelExchangeVerbs(*model, table);
  AddModelRenderVerbs(*model, table);
}

}  // namespace fledger::cli

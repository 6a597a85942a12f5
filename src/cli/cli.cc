// The verb table: parses the command line with CLI11 and runs the chosen verb.
//
// A verb runs in two phases: its validate step checks every flag and argument without side
// effects, then its run step does the work. So a bad flag never leaves a printed summary, a
// written file or a history snapshot behind it. The verbs live in src/cli/*_verbs.cc.
#include "cli/cli.h"

#include <CLI/CLI.hpp>
#include <iostream>

#include "cli/common.h"
#include "core/log.h"
#include "core/text.h"

namespace fledger::cli {
namespace {

// ------------------------------------------------------------------------------------------

// "fledger standards show" for the `show` command: how the user typed the verb.
std::string CommandPath(const CLI::App* app) {
  std::string path = app->get_name().empty() ? "fledger" : app->get_name();
  for (const CLI::App* p = app->get_parent(); p != nullptr; p = p->get_parent()) {
    path = (p->get_name().empty() ? std::string("fledger") : p->get_name()) + " " + path;
  }
  return path;
}

// CLI11's messages name neither the word at fault nor a step ("A subcommand is required" for
// an unknown verb or flag, "Could not convert: ..."): restate them in Fledger's error format.
// Unknown words are syntax errors of the command line; values out of their set are semantics.
Error UsageError(const CLI::App& app, const CLI::ParseError& e) {
  const CLI::App* verb = &app;
  while (!verb->get_subcommands().empty()) verb = verb->get_subcommands().front();
  const std::string command = CommandPath(verb);
  const std::string help = " (see " + command + " --help)";
  const bool needs_verb = verb->get_require_subcommand_min() > 0;
  const auto syntax = [](std::string context, std::string message) {
    return Error{ErrorCode::kUsage, std::move(message), std::move(context),
                 ValidationStep::kSyntax};
  };
  // Words CLI11 could not place, in command-line order.
  const std::vector<std::string> extra = app.remaining(true);
  if (!extra.empty()) {
    const std::string& word = extra.front();
    if (word.size() > 1 && word[0] == '-') {
      return syntax(word,
                    "unknown flag" + (verb == &app ? std::string() : " for " + command) + help);
    }
    if (needs_verb) {
      std::string verbs;
      for (const CLI::App* sub : verb->get_subcommands([](const CLI::App*) { return true; })) {
        verbs += (verbs.empty() ? "" : ", ") + sub->get_name();
      }
      return syntax(word, "unknown verb; expected " + verbs + help);
    }
    return syntax(word, "unexpected argument" + help);
  }
  const std::string what = e.what();
  if (dynamic_cast<const CLI::RequiredError*>(&e) != nullptr) {
    const std::string context = verb == &app ? "" : command.substr(std::string("fledger ").size());
    if (needs_verb) return syntax(context, "no verb given" + help);
    return syntax(context, what + help);  // "catalog is required"
  }
  if (dynamic_cast<const CLI::ConversionError*>(&e) != nullptr) {
    // "Could not convert: --quiet = abc"; the other forms read "NAME: what went wrong".
    const std::string prefix = "Could not convert: ";
    if (what.rfind(prefix, 0) == 0) {
      std::string context = what.substr(prefix.size());
      if (const size_t eq = context.find(" = "); eq != std::string::npos)
        context.replace(eq, 3, " ");
      return syntax(context, "invalid value" + help);
    }
  }
  // ArgumentMismatch, ConversionError and ValidationError read "NAME: what went wrong".
  const size_t colon = what.find(": ");
  const std::string name = colon == std::string::npos ? std::string() : what.substr(0, colon);
  const std::string detail = colon == std::string::npos ? what : what.substr(colon + 2);
  if (dynamic_cast<const CLI::ArgumentMismatch*>(&e) != nullptr) {
    return syntax(name,
                  (detail.find("missing") != std::string::npos ? "needs a value" : detail) + help);
  }
  if (dynamic_cast<const CLI::ValidationError*>(&e) != nullptr) {
    return Error{ErrorCode::kUsage, detail + help, name, ValidationStep::kSemantics};
  }
  return syntax(name, detail + help);
}

}  // namespace

int Run(int argc, char** argv) {
  CLI::App app{
      "Fledger: a security workbench. Assess skills and projects against standards, record "
      "evidence, track progress, and analyse dependencies and their vulnerabilities. Offline, "
      "one binary.",
      "fledger"};
  app.require_subcommand(1);
  app.set_version_flag("--version", std::string("fledger ") + FLEDGER_VERSION);
  app.footer(
      "Exit codes: 0 clean, 1 findings at or above --fail-on, 2 usage or input error, 3 internal "
      "error.\n"
      "Run 'fledger VERB --help' for a verb's flags. Documentation: docs/README.md");

  VerbTable table;
  AddAssessmentVerbs(app, table);
  AddDepsVerbs(app, table);
  AddScaVerbs(app, table);
  AddDbVerbs(app, table);
  AddModelVerbs(app, table);
  AddSecretsVerbs(app, table);
  CommonFlags& flags = table.flags;
  std::optional<Verb>& verb = table.verb;

  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForAllHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForVersion& e) {
    return app.exit(e);
  } catch (const CLI::ParseError& e) {
    return ReportError(UsageError(app, e));
  }
  if (!verb) {
    return ReportError(Error{ErrorCode::kUsage, "no verb given (see fledger --help)", "",
                             ValidationStep::kSyntax});
  }
  try {
    // Every flag is checked before anything is logged, read in bulk, written or recorded.
    if (const Status s = verb->validate(); !s.ok()) return ReportError(s.error());
    if (const Status s = SetUp(flags); !s.ok()) return ReportError(s.error());
    return verb->run();
  } catch (const std::exception& e) {
    std::cerr << "fledger: internal error: " << EscapeTerminal(e.what()) << "\n";
    return 3;
  }
}

}  // namespace fledger::cli

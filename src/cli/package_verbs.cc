// The Package Analysis verbs: deps (tree, why, impact, sbom), sca, db (import, update, status).
#include "cli/common.h"

namespace fledger::cli {

void AddPackageVerbs(CLI::App& app, VerbTable& table) {
  (void)app;
  (void)table;
}

}  // namespace fledger::cli

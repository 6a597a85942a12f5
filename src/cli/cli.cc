// Placeholder: replaced by the verb table.
#include "cli/cli.h"

namespace fledger::cli {
int Run(int, char**) { return 0; }
}  // namespace fledger::cli

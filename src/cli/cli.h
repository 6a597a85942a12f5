// The command-line interface: parses flags with CLI11, runs a verb, maps results to exit codes.
//
// Exit codes: 0 clean, 1 findings at or above --fail-on, 2 usage or input error, 3 internal error.
#pragma once

namespace fledger::cli {

// Runs fledger with the process arguments and returns the exit code.
int Run(int argc, char** argv);

}  // namespace fledger::cli

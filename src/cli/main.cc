// Entry point of the fledger binary.
#include "cli/cli.h"

int main(int argc, char** argv) { return fledger::cli::Run(argc, argv); }

// radfraga: the one binary. Wires the modules together explicitly; no globals.
//
//   radfraga serve | import | export | backup | user add|list|disable | help
//
// Exit codes: 0 success, 1 runtime failure (one "radfraga: error: ..." line on stderr),
// 2 usage error (unknown subcommand or flag, missing argument).
#include <unistd.h>

#include <cstdio>
#include <fstream>
#include <iostream>
#include <mutex>
#include <sstream>
#include <string>
#include <vector>

#include "server/cli.hpp"

int main(int argc, char** argv) {
    std::vector<std::string> args(argv + 1, argv + argc);
    return radfraga::server::run_cli(args, std::cin, std::cout, std::cerr);
}

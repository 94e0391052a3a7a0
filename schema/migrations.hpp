// The schema migrations embedded from schema/migrations/*.sql, sorted by file name.
// Entry i (0-based) takes a database from user_version i to i + 1; its name starts
// with the four-digit version it produces.
#pragma once
#include <span>

#include "core/embedded.hpp"

namespace radfraga::schema {
std::span<const EmbeddedFile> migrations();
}

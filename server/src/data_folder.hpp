// The data folder's file modes (internal to server/; used by the CLI).
#pragma once
#include <filesystem>
#include <string>
#include <vector>

namespace radfraga::server {

// Makes the data folder private to the user running radfraga. Sets the process umask to
// 077, so that everything created from now on (the database and its -wal and -shm files,
// the index, keys, backups) is 0600 and every folder 0700, whatever umask the process
// was started with; then removes the group's and others' permissions from `dir` and
// everything under it. Symbolic links are neither followed nor changed.
// Returns one line per path that had looser modes, relative to `dir`, with its old mode
// ("radfraga.db was 0644"), or saying that it could not be changed; empty if none.
std::vector<std::string> make_data_folder_private(const std::filesystem::path& dir);

}  // namespace radfraga::server

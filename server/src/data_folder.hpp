// The data folder's file modes (internal to server/; used by the CLI).
#pragma once
#include <filesystem>
#include <string>
#include <string_view>
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

// The operator's redaction allow-list in the data folder (moderation::AllowList).
inline std::filesystem::path allow_list_file(const std::filesystem::path& dir) {
    return dir / "redaction-allow.txt";
}

// The whole file, or "" when it does not exist. Throws std::runtime_error when it exists
// but cannot be read.
std::string read_optional_file(const std::filesystem::path& file);

// Replaces `file` with `text` so that a reader sees the old or the new file, never half
// of one: written to a temporary file beside it, flushed to disk, renamed over it.
// Throws std::runtime_error on failure (the old file is then unchanged).
void replace_file(const std::filesystem::path& file, std::string_view text);

}  // namespace radfraga::server

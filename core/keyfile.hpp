// Key files on disk: the one careful reader and writer every key in keys/ goes through
// (the signing key, the originals key ring, the audit key).
//
// Contract: a key file is a regular file (never a symlink) of mode 0600. It is created
// once, atomically and durably, and never replaced: when two processes create the same key
// at once, one wins and the other reads the winner's key.
#pragma once
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>

namespace radfraga {

// A string whose bytes are wiped before its memory is released (key material).
struct WipedString {
    std::string s;
    WipedString() = default;
    explicit WipedString(std::string v) : s(std::move(v)) {}
    WipedString(WipedString&& o) noexcept : s(std::move(o.s)) {}
    WipedString(const WipedString&) = delete;
    WipedString& operator=(const WipedString&) = delete;
    WipedString& operator=(WipedString&&) = delete;
    ~WipedString();
};

// Reads the key file `file` of at most `max_size` bytes, or nullopt if there is none. The
// file is opened without following symlinks, and its mode is set to 0600 if it was anything
// else. Throws std::runtime_error with one sentence if the file is a symlink, is larger than
// `max_size`, or cannot be read or restricted.
std::optional<WipedString> read_key_file(const std::filesystem::path& file, std::size_t max_size);

// Writes `data` to `file` if there is no file there yet: a temporary file in the same folder
// (O_CREAT|O_EXCL|O_NOFOLLOW, mode 0600), fsync, then installed with renameat2(NOREPLACE) or
// link(), neither of which replaces an existing file, then an fsync of the folder so the new
// name survives a crash. Creates the folder if needed. Returns false, leaving the
// existing file alone, if another process created `file` first; throws std::runtime_error
// on any I/O error.
bool write_new_key_file(const std::filesystem::path& file, std::string_view data);

}  // namespace radfraga

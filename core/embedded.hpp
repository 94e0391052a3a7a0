// Files compiled into the binary by radfraga_embed() (cmake/Embed.cmake).
#pragma once
#include <span>
#include <string_view>

namespace radfraga {

// One embedded file: its path relative to the embedding module's base folder and its
// bytes. Both views point into static storage and stay valid for the whole program.
struct EmbeddedFile {
    std::string_view name;
    std::string_view data;
};

}  // namespace radfraga

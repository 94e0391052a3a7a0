// Generations of the index on disk: gen-N folders, the CURRENT file that names the live
// one, and the removal of old ones. See index_impl.hpp.
#include "search/src/index_impl.hpp"

namespace radfraga::search {

auto Index::Impl::gen_path(std::uint64_t g) const -> std::filesystem::path {
    char buf[32];
    std::snprintf(buf, sizeof buf, "gen-%06llu", static_cast<unsigned long long>(g));
    return options.dir / buf;
}

// The generation CURRENT names, 0 if none/unreadable.
auto Index::Impl::read_current() const -> std::uint64_t {
    std::ifstream f(options.dir / "CURRENT");
    std::string line;
    if (!f || !std::getline(f, line) || !line.starts_with("gen-")) return 0;
    const auto v = parse_int(line.substr(4));
    return v > 0 ? static_cast<std::uint64_t>(v) : 0;
}

auto Index::Impl::write_current(std::uint64_t g) -> void {
    const auto tmp = options.dir / "CURRENT.tmp";
    {
        std::ofstream f(tmp, std::ios::trunc);
        f << gen_path(g).filename().string() << '\n';
        f.flush();
        if (!f) throw Error("Kan inte skriva " + tmp.string() + ".");
    }
    fsync_path(tmp);
    std::filesystem::rename(tmp, options.dir / "CURRENT");
    fsync_path(options.dir);
}

// Removes every generation other than `keep`. An older generation may hold words of
// questions erased or edited since (Xapian frees their blocks but does not overwrite
// them), so none is kept "for a moment": a reader in this or another process that
// meets a removed generation retries on the one CURRENT names (with_db).
auto Index::Impl::remove_old_generations(std::uint64_t keep) -> void {
    std::error_code ec;
    for (const auto& e : std::filesystem::directory_iterator(options.dir, ec)) {
        const auto name = e.path().filename().string();
        if (name.starts_with("build-gen-")) {
            // An interrupted rebuild's scratch; one for a later generation may be
            // another process's rebuild in progress.
            const auto b = parse_int(name.substr(10));
            if (b >= 0 && static_cast<std::uint64_t>(b) <= keep)
                std::filesystem::remove_all(e.path(), ec);
            continue;
        }
        if (!name.starts_with("gen-")) continue;
        const auto g = parse_int(name.substr(4));
        if (g < 0 || static_cast<std::uint64_t>(g) == keep) continue;
        std::filesystem::remove_all(e.path(), ec);
    }
}

}  // namespace radfraga::search

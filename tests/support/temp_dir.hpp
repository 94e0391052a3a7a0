// A temporary folder for one test, removed with everything in it at scope exit.
#pragma once
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <string>

namespace radfraga::test {

class TempDir {
  public:
    TempDir() {
        std::string tmpl =
            (std::filesystem::temp_directory_path() / "radfraga-test-XXXXXX").string();
        if (!::mkdtemp(tmpl.data())) throw std::runtime_error("mkdtemp failed");
        path_ = tmpl;
    }
    ~TempDir() {
        std::error_code ec;
        std::filesystem::remove_all(path_, ec);
    }
    TempDir(const TempDir&) = delete;
    TempDir& operator=(const TempDir&) = delete;
    const std::filesystem::path& path() const { return path_; }
    std::filesystem::path operator/(const std::string& name) const { return path_ / name; }

  private:
    std::filesystem::path path_;
};

inline std::string read_file(const std::filesystem::path& p) {
    std::ifstream in(p, std::ios::binary);
    std::ostringstream s;
    s << in.rdbuf();
    return s.str();
}

inline void write_file(const std::filesystem::path& p, const std::string& data) {
    std::ofstream out(p, std::ios::binary);
    out << data;
}

// The shared/ folder beside the project (RADFRAGA_SHARED_DIR, set by ctest).
inline std::filesystem::path shared_dir() {
    if (const char* s = std::getenv("RADFRAGA_SHARED_DIR"); s && *s) return s;
    return "../shared";
}

inline std::filesystem::path source_dir() {
    if (const char* s = std::getenv("RADFRAGA_SOURCE_DIR"); s && *s) return s;
    return ".";
}

// The sample archive bundled with the project (a copy of shared/data/sample-archive.jsonl).
inline std::filesystem::path sample_archive() {
    return source_dir() / "server" / "sample" / "sample-archive.jsonl";
}

}  // namespace radfraga::test

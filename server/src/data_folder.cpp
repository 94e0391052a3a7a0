#include "server/src/data_folder.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <fstream>
#include <iterator>
#include <stdexcept>
#include <system_error>

namespace radfraga::server {

namespace fs = std::filesystem;

namespace {

constexpr fs::perms kLoose = fs::perms::group_all | fs::perms::others_all;

std::string octal(fs::perms p) {
    char buf[8];
    std::snprintf(buf, sizeof buf, "%04o", static_cast<unsigned>(p & fs::perms::mask));
    return buf;
}

// Tightens one path; a line for the report if it was loose.
void tighten(const fs::path& p, const fs::path& dir, std::vector<std::string>& report) {
    std::error_code ec;
    const auto st = fs::symlink_status(p, ec);
    if (ec || fs::is_symlink(st)) return;
    const auto perms = st.permissions();
    if ((perms & kLoose) == fs::perms::none) return;
    std::string name = p == dir ? std::string(".") : p.lexically_relative(dir).string();
    fs::permissions(p, kLoose, fs::perm_options::remove, ec);
    if (ec) {
        report.push_back(name + " is " + octal(perms) +
                         " and cannot be made private: " + ec.message());
        return;
    }
    report.push_back(name + " was " + octal(perms));
}

}  // namespace

std::vector<std::string> make_data_folder_private(const fs::path& dir) {
    ::umask(077);
    std::vector<std::string> report;
    tighten(dir, dir, report);
    std::error_code ec;
    fs::recursive_directory_iterator it(dir, fs::directory_options::skip_permission_denied, ec);
    for (; !ec && it != fs::recursive_directory_iterator(); it.increment(ec))
        tighten(it->path(), dir, report);
    return report;
}

std::string read_optional_file(const fs::path& file) {
    std::error_code ec;
    if (!fs::exists(file, ec)) return {};
    std::ifstream in(file, std::ios::binary);
    if (!in) throw std::runtime_error("cannot read " + file.string());
    return std::string{std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

void replace_file(const fs::path& file, std::string_view text) {
    const fs::path tmp = file.string() + ".tmp";
    const int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
    if (fd < 0) throw std::runtime_error("cannot write " + tmp.string());
    std::size_t done = 0;
    bool ok = true;
    while (ok && done < text.size()) {
        const auto n = ::write(fd, text.data() + done, text.size() - done);
        if (n < 0 && errno == EINTR) continue;
        ok = n > 0;
        if (ok) done += static_cast<std::size_t>(n);
    }
    ok = ok && ::fsync(fd) == 0;
    ok = ::close(fd) == 0 && ok;
    if (!ok || std::rename(tmp.c_str(), file.c_str()) != 0) {
        std::error_code ec;
        fs::remove(tmp, ec);
        throw std::runtime_error("cannot write " + file.string());
    }
}

}  // namespace radfraga::server

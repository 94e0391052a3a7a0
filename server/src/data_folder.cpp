#include "server/src/data_folder.hpp"

#include <sys/stat.h>

#include <cstdio>
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

}  // namespace radfraga::server

#include "store/src/erasure_journal.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <string>

#include "store/store.hpp"

namespace radfraga::store::detail {

namespace {

[[noreturn]] void fail(const std::filesystem::path& f, const char* what) {
    throw Error("erasure journal " + f.string() + ": " + what + ": " + std::strerror(errno));
}

void fsync_dir(const std::filesystem::path& dir) {
    const int fd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd < 0) return;
    (void)::fsync(fd);
    ::close(fd);
}

}  // namespace

std::int64_t ErasureJournal::count() {
    std::error_code ec;
    const auto size = std::filesystem::file_size(file_, ec);
    if (ec) return 0;
    if (size % record_size != 0) std::filesystem::resize_file(file_, size - size % record_size, ec);
    return static_cast<std::int64_t>(size / record_size);
}

std::int64_t ErasureJournal::append(Entry e) {
    const std::int64_t before = count();
    char rec[record_size + 1];
    std::snprintf(rec, sizeof rec, "%19lld %19lld\n", static_cast<long long>(e.question),
                  static_cast<long long>(e.asked_at));
    const bool created = !std::filesystem::exists(file_);
    const int fd =
        ::open(file_.c_str(), O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0600);
    if (fd < 0) fail(file_, "cannot open");
    std::size_t done = 0;
    while (done < record_size) {
        const auto n = ::write(fd, rec + done, record_size - done);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) {
            ::close(fd);
            fail(file_, "cannot write");
        }
        done += static_cast<std::size_t>(n);
    }
    if (::fsync(fd) != 0) {
        ::close(fd);
        fail(file_, "cannot sync");
    }
    ::close(fd);
    if (created) fsync_dir(file_.parent_path().empty() ? "." : file_.parent_path());
    return before + 1;
}

std::vector<ErasureJournal::Entry> ErasureJournal::read_from(std::int64_t from) const {
    std::vector<Entry> out;
    std::ifstream f(file_, std::ios::binary);
    if (!f || from < 0) return out;
    f.seekg(from * static_cast<std::streamoff>(record_size));
    std::string line;
    while (std::getline(f, line)) {
        long long q = 0, at = 0;
        if (line.size() + 1 != record_size || std::sscanf(line.c_str(), "%lld %lld", &q, &at) != 2)
            continue;
        out.push_back({q, at});
    }
    return out;
}

}  // namespace radfraga::store::detail

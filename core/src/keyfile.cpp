#include "core/keyfile.hpp"

#include <fcntl.h>
#include <openssl/crypto.h>
#include <stdio.h>  // renameat2 (glibc >= 2.28)
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <stdexcept>

namespace radfraga {

namespace {

// An open file descriptor, closed when the object goes.
class Fd {
  public:
    explicit Fd(int fd) : fd_(fd) {}
    Fd(const Fd&) = delete;
    Fd& operator=(const Fd&) = delete;
    ~Fd() {
        if (fd_ >= 0) ::close(fd_);
    }
    int get() const { return fd_; }
    // Closes now and reports whether close() succeeded (it can report a failed write-back).
    bool close() {
        const int fd = fd_;
        fd_ = -1;
        return fd < 0 || ::close(fd) == 0;
    }

  private:
    int fd_;
};

std::runtime_error failure(const std::string& what, const std::filesystem::path& file) {
    return std::runtime_error(what + " the key file " + file.string());
}

void fsync_folder(const std::filesystem::path& file) {
    const auto dir = file.has_parent_path() ? file.parent_path() : std::filesystem::path(".");
    const Fd dfd(::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC));
    if (dfd.get() < 0 || ::fsync(dfd.get()) != 0)
        throw failure("cannot make durable the folder of", file);
}

}  // namespace

WipedString::~WipedString() {
    OPENSSL_cleanse(s.data(), s.size());
}

std::optional<WipedString> read_key_file(const std::filesystem::path& file, std::size_t max_size) {
    Fd fd(::open(file.c_str(), O_RDONLY | O_NOFOLLOW | O_CLOEXEC | O_NOCTTY));
    if (fd.get() < 0) {
        if (errno == ENOENT) return std::nullopt;
        if (errno == ELOOP) throw failure("refusing a symlink as", file);
        throw failure("cannot read", file);
    }
    struct stat st {};
    if (::fstat(fd.get(), &st) != 0) throw failure("cannot inspect", file);
    if (!S_ISREG(st.st_mode)) throw failure("refusing what is not a regular file as", file);
    if (st.st_size < 0 || static_cast<std::size_t>(st.st_size) > max_size)
        throw std::runtime_error("the key file " + file.string() + " is not a key (wrong size)");
    // Only the owner may read a key; repair a mode that says otherwise.
    if ((st.st_mode & 07777) != 0600 && ::fchmod(fd.get(), 0600) != 0)
        throw failure("cannot set mode 0600 on", file);
    WipedString out;
    out.s.resize(static_cast<std::size_t>(st.st_size));
    std::size_t done = 0;
    while (done < out.s.size()) {
        const ssize_t n = ::read(fd.get(), out.s.data() + done, out.s.size() - done);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) throw failure("cannot read", file);
        done += static_cast<std::size_t>(n);
    }
    return out;
}

bool write_new_key_file(const std::filesystem::path& file, std::string_view data) {
    if (file.has_parent_path()) {
        std::error_code ec;
        std::filesystem::create_directories(file.parent_path(), ec);
        if (ec) throw failure("cannot create the folder of", file);
    }
    // A fresh temporary name; O_EXCL|O_NOFOLLOW refuse anything already there, symlinks too.
    std::string tmp;
    int raw = -1;
    for (int attempt = 0; attempt < 100 && raw < 0; ++attempt) {
        tmp = file.string() + ".tmp-" + std::to_string(::getpid()) + "-" + std::to_string(attempt);
        raw = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);
        if (raw < 0 && errno != EEXIST) break;
    }
    Fd fd(raw);
    if (fd.get() < 0) throw failure("cannot create", file);
    bool ok = ::fchmod(fd.get(), 0600) == 0;  // whatever the umask
    std::size_t done = 0;
    while (ok && done < data.size()) {
        const ssize_t n = ::write(fd.get(), data.data() + done, data.size() - done);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0)
            ok = false;
        else
            done += static_cast<std::size_t>(n);
    }
    ok = ok && ::fsync(fd.get()) == 0;
    ok = fd.close() && ok;
    if (!ok) {
        ::unlink(tmp.c_str());
        throw failure("cannot write", file);
    }
    int rc = ::renameat2(AT_FDCWD, tmp.c_str(), AT_FDCWD, file.c_str(), RENAME_NOREPLACE);
    if (rc != 0 && (errno == EINVAL || errno == ENOSYS)) {
        // The file system cannot refuse to replace on rename; link() can, and is atomic too.
        rc = ::link(tmp.c_str(), file.c_str());
    }
    const int err = errno;
    ::unlink(tmp.c_str());  // after a successful renameat2 there is nothing left to unlink
    if (rc != 0) {
        if (err == EEXIST) return false;
        throw failure("cannot install", file);
    }
    fsync_folder(file);
    return true;
}

}  // namespace radfraga

#include "core/progress.hpp"

#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <ostream>

namespace radfraga {

namespace {

// 1234567 -> "1 234 567" (Swedish digit groups; a plain space so that logs stay ASCII).
std::string grouped(std::uint64_t n) {
    std::string digits = std::to_string(n);
    std::string out;
    for (std::size_t i = 0; i < digits.size(); ++i) {
        if (i > 0 && (digits.size() - i) % 3 == 0) out += ' ';
        out += digits[i];
    }
    return out;
}

std::string duration(double seconds) {
    const auto s = static_cast<std::uint64_t>(std::llround(std::max(0.0, seconds)));
    if (s < 60) return std::to_string(s) + " s";
    if (s < 3600) return std::to_string(s / 60) + " min " + std::to_string(s % 60) + " s";
    return std::to_string(s / 3600) + " h " + std::to_string((s % 3600) / 60) + " min";
}

}  // namespace

double Progress::steady_seconds() {
    return std::chrono::duration<double>(std::chrono::steady_clock::now().time_since_epoch())
        .count();
}

bool Progress::is_terminal(int fd) {
    return ::isatty(fd) == 1;
}

Progress::Progress(std::ostream& out, bool terminal, std::string what, std::string unit,
                   std::optional<std::uint64_t> total, Now now, double plain_interval)
    : out_(out),
      terminal_(terminal),
      what_(std::move(what)),
      unit_(std::move(unit)),
      total_(total),
      now_(std::move(now)),
      plain_interval_(plain_interval),
      started_(now_()) {}

std::string Progress::line(std::uint64_t done, double elapsed) const {
    std::string s = what_ + ": " + grouped(done);
    if (total_) s += " av " + grouped(*total_);
    s += " " + unit_;
    std::string detail;
    if (total_ && *total_ > 0) detail += std::to_string(done * 100 / *total_) + " %";
    if (elapsed > 0.05 && done > 0) {
        const double rate = static_cast<double>(done) / elapsed;
        if (!detail.empty()) detail += ", ";
        detail += grouped(static_cast<std::uint64_t>(std::llround(rate))) + "/s";
        if (total_ && *total_ > done)
            detail += ", " + duration(static_cast<double>(*total_ - done) / rate) + " kvar";
    }
    if (!detail.empty()) s += " (" + detail + ")";
    return s;
}

void Progress::update(std::uint64_t done) {
    done_ = std::max(done_, total_ ? std::min(done, *total_) : done);
    const double t = now_();
    const double interval = terminal_ ? 0.2 : plain_interval_;
    if (last_shown_ >= 0 && t - last_shown_ < interval) return;
    if (last_shown_ < 0 && !terminal_ && t - started_ < interval)
        return;  // short work: only the final line
    last_shown_ = t;
    shown_ = true;
    if (terminal_)
        out_ << "\r\x1b[K" << line(done_, t - started_) << std::flush;
    else
        out_ << line(done_, t - started_) << '\n' << std::flush;
}

void Progress::finish() {
    const double elapsed = now_() - started_;
    std::string s = what_ + ": " + grouped(done_) + " " + unit_ + " klart på " + duration(elapsed);
    if (terminal_ && shown_) out_ << "\r\x1b[K";
    out_ << s << '\n' << std::flush;
}

}  // namespace radfraga

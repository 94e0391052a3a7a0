// The server's log sink (internal to server/; used by `radfraga serve`).
#pragma once
#include <chrono>
#include <mutex>
#include <ostream>
#include <string>
#include <string_view>

namespace radfraga::server {

// The server's log on stderr. Access lines (one per request) are gathered and written
// together: at the latest 200 ms after the first of them, when 16 KiB have gathered, or
// when the "log" task flushes (every 250 ms). Any other line is written at once, after
// the gathered ones, so lines keep their order. Under load this turns one write(2) per
// request into one per few hundred; a crash loses at most the last 200 ms of access
// lines, never an error. Thread-safe.
class LogSink {
public:
    explicit LogSink(std::ostream& out) : out_(out) {}
    ~LogSink() { flush(); }
    LogSink(const LogSink&) = delete;
    LogSink& operator=(const LogSink&) = delete;

    void line(std::string_view text) {
        using namespace std::chrono_literals;
        const auto now = std::chrono::steady_clock::now();
        std::lock_guard lock(mu_);
        if (buffer_.empty()) first_ = now;
        buffer_.append("radfraga: ").append(text).append(1, '\n');
        if (!text.starts_with("access ") || buffer_.size() >= 16384 || now - first_ >= 200ms) write_locked();
    }
    void flush() {
        std::lock_guard lock(mu_);
        write_locked();
    }

private:
    void write_locked() {
        if (buffer_.empty()) return;
        out_.write(buffer_.data(), static_cast<std::streamsize>(buffer_.size()));
        out_.flush();
        buffer_.clear();
    }
    std::ostream& out_;
    std::mutex mu_;
    std::string buffer_;
    std::chrono::steady_clock::time_point first_;
};

}  // namespace radfraga::server

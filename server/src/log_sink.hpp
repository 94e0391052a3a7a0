// The server's log sink (internal to server/; used by `radfraga serve`).
#pragma once
#include <chrono>
#include <cstdio>
#include <ctime>
#include <functional>
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
// lines, never an error. Every line starts with the time it was logged (UTC,
// milliseconds) and has its control characters escaped (see escape), so text from a
// request can never forge or break a line. Thread-safe.
class LogSink {
  public:
    // `stamp` gives the time text put before each line (tests pass a fixed one).
    explicit LogSink(std::ostream& out, std::function<std::string()> stamp = utc_now)
        : out_(out), stamp_(std::move(stamp)) {}
    ~LogSink() { flush(); }
    LogSink(const LogSink&) = delete;
    LogSink& operator=(const LogSink&) = delete;

    void line(std::string_view text) {
        using namespace std::chrono_literals;
        const auto now = std::chrono::steady_clock::now();
        const std::string stamp = stamp_();
        std::lock_guard lock(mu_);
        if (buffer_.empty()) first_ = now;
        buffer_.append(stamp).append(" radfraga: ");
        escape(text, buffer_);
        buffer_.append(1, '\n');
        if (!text.starts_with("access ") || buffer_.size() >= 16384 || now - first_ >= 200ms)
            write_locked();
    }
    void flush() {
        std::lock_guard lock(mu_);
        write_locked();
    }

    // Appends `text` to `out` with C0 controls, DEL and bytes that are not UTF-8 as \xNN
    // (\n, \r, \t by name), the backslash doubled, and C1 controls and U+2028/U+2029
    // (line breaks to some log viewers) as \uNNNN.
    static void escape(std::string_view text, std::string& out) {
        static constexpr char hex[] = "0123456789abcdef";
        const auto byte = [&](unsigned char c) {
            out.append("\\x").append(1, hex[c >> 4]).append(1, hex[c & 15]);
        };
        for (std::size_t i = 0; i < text.size(); ++i) {
            const auto c = static_cast<unsigned char>(text[i]);
            if (c == '\\')
                out += "\\\\";
            else if (c == '\n')
                out += "\\n";
            else if (c == '\r')
                out += "\\r";
            else if (c == '\t')
                out += "\\t";
            else if (c < 0x20 || c == 0x7f)
                byte(c);
            else if (c < 0x80)
                out += static_cast<char>(c);
            else {
                // A well-formed UTF-8 sequence is copied, except the line breaks above.
                const std::size_t n = c >= 0xf0 && c < 0xf5   ? 4
                                      : c >= 0xe0 && c < 0xf0 ? 3
                                      : c >= 0xc2 && c < 0xe0 ? 2
                                                              : 0;
                bool ok = n > 0 && i + n <= text.size();
                for (std::size_t k = 1; ok && k < n; ++k)
                    ok = (static_cast<unsigned char>(text[i + k]) & 0xc0) == 0x80;
                if (!ok) {
                    byte(c);
                    continue;
                }
                const auto c1 = static_cast<unsigned char>(text[i + 1]);
                const auto c2 = n > 2 ? static_cast<unsigned char>(text[i + 2]) : 0;
                if (n == 2 && c == 0xc2 && c1 < 0xa0) {
                    out.append("\\u00").append(1, hex[c1 >> 4]).append(1, hex[c1 & 15]);
                } else if (n == 3 && c == 0xe2 && c1 == 0x80 && (c2 == 0xa8 || c2 == 0xa9)) {
                    out.append(c2 == 0xa8 ? "\\u2028" : "\\u2029");
                } else {
                    out.append(text.substr(i, n));
                }
                i += n - 1;
            }
        }
    }

    // The current time, UTC, as 2026-09-21T10:00:00.123Z.
    static std::string utc_now() {
        const auto now = std::chrono::system_clock::now();
        const auto ms =
            std::chrono::duration_cast<std::chrono::milliseconds>(now.time_since_epoch()).count() %
            1000;
        const std::time_t t = std::chrono::system_clock::to_time_t(now);
        std::tm tm{};
        gmtime_r(&t, &tm);
        char date[32];
        std::strftime(date, sizeof date, "%Y-%m-%dT%H:%M:%S", &tm);
        char out[48];
        std::snprintf(out, sizeof out, "%s.%03dZ", date, static_cast<int>(ms));
        return out;
    }

  private:
    void write_locked() {
        if (buffer_.empty()) return;
        out_.write(buffer_.data(), static_cast<std::streamsize>(buffer_.size()));
        out_.flush();
        buffer_.clear();
    }
    std::ostream& out_;
    std::function<std::string()> stamp_;
    std::mutex mu_;
    std::string buffer_;
    std::chrono::steady_clock::time_point first_;
};

}  // namespace radfraga::server

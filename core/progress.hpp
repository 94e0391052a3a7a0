// Progress of long work for an operator (reindex, import, backup): count, rate and time
// left. On a terminal one line is rewritten in place ("\r", at most five times a second)
// and ended with a newline by finish(); elsewhere (a log, a pipe) a plain line is written
// at most every `plain_interval` seconds and once at the end, so logs stay readable.
//
// Text is Swedish, like the rest of what operators read at the terminal. Not thread-safe:
// one Progress per piece of work, updated from the thread doing it.
#pragma once
#include <cstdint>
#include <functional>
#include <iosfwd>
#include <optional>
#include <string>

namespace radfraga {

class Progress {
  public:
    // Seconds on a monotonic clock (injected for tests).
    using Now = std::function<double()>;
    static double steady_seconds();
    // True if `fd` is a terminal (isatty).
    static bool is_terminal(int fd);

    // `what`: the work ("Bygger sökindexet"); `unit`: what is counted ("frågor", "MB");
    // `total`: how many there will be, if known (then a share and the time left are shown).
    Progress(std::ostream& out, bool terminal, std::string what, std::string unit,
             std::optional<std::uint64_t> total, Now now = steady_seconds,
             double plain_interval = 5.0);
    Progress(const Progress&) = delete;
    Progress& operator=(const Progress&) = delete;

    // When the total becomes known (or changes) during the work.
    void set_total(std::uint64_t total) { total_ = total; }
    // `done` so far (not more than total; counts never go back).
    void update(std::uint64_t done);
    // The final line, with the elapsed time. Called at most once; the destructor does not.
    void finish();

    // "41 200 av 100 000 frågor (41 %, 8 310/s, 7 s kvar)": the line as it would be shown.
    std::string line(std::uint64_t done, double elapsed) const;

  private:
    std::ostream& out_;
    bool terminal_;
    std::string what_;
    std::string unit_;
    std::optional<std::uint64_t> total_;
    Now now_;
    double plain_interval_;
    double started_;
    double last_shown_ = -1;
    std::uint64_t done_ = 0;
    bool shown_ = false;
};

}  // namespace radfraga

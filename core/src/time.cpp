#include "core/time.hpp"

#include <array>
#include <cstdio>

namespace radfraga {

// Howard Hinnant's civil-date algorithms (public domain), the standard way to do this
// without a time zone database.
std::int64_t days_from_civil(int y, unsigned m, unsigned d) {
    y -= m <= 2 ? 1 : 0;
    const std::int64_t era = (y >= 0 ? y : y - 399) / 400;
    const auto yoe = static_cast<unsigned>(y - era * 400);
    const unsigned doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
    const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + static_cast<std::int64_t>(doe) - 719468;
}

void civil_from_days(std::int64_t z, int& y, unsigned& m, unsigned& d) {
    z += 719468;
    const std::int64_t era = (z >= 0 ? z : z - 146096) / 146097;
    const auto doe = static_cast<unsigned>(z - era * 146097);
    const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    const unsigned mp = (5 * doy + 2) / 153;
    d = doy - (153 * mp + 2) / 5 + 1;
    m = mp < 10 ? mp + 3 : mp - 9;
    y = static_cast<int>(static_cast<std::int64_t>(yoe) + era * 400 + (m <= 2 ? 1 : 0));
}

namespace {

bool digits(std::string_view s, std::size_t pos, std::size_t n, int& out) {
    if (pos + n > s.size()) return false;
    int v = 0;
    for (std::size_t i = 0; i < n; ++i) {
        const char c = s[pos + i];
        if (c < '0' || c > '9') return false;
        v = v * 10 + (c - '0');
    }
    out = v;
    return true;
}

bool is_leap(int y) {
    return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

unsigned days_in_month(int y, unsigned m) {
    static constexpr std::array<unsigned, 12> dm{31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    return m == 2 && is_leap(y) ? 29u : dm[m - 1];
}

// Unix time of the last Sunday of month `m` in year `y` at 01:00 UTC.
UnixSeconds last_sunday_0100(int y, unsigned m) {
    const unsigned last = days_in_month(y, m);
    const std::int64_t day = days_from_civil(y, m, last);
    // 1970-01-01 was a Thursday; weekday 0 = Sunday.
    const std::int64_t wd = ((day % 7) + 11) % 7;
    return (day - wd) * 86400 + 3600;
}

}  // namespace

std::optional<Timestamp> parse_iso8601(std::string_view s) {
    int y, mo, d, h, mi, se = 0;
    if (!digits(s, 0, 4, y) || s.size() < 16 || s[4] != '-' || !digits(s, 5, 2, mo) ||
        s[7] != '-' || !digits(s, 8, 2, d) || (s[10] != 'T' && s[10] != ' ') ||
        !digits(s, 11, 2, h) || s[13] != ':' || !digits(s, 14, 2, mi))
        return std::nullopt;
    // Seconds may be left out (ISO 8601's reduced precision, "2027-12-09T09:17+01:00").
    const bool seconds = s.size() > 16 && s[16] == ':';
    if (seconds && !digits(s, 17, 2, se)) return std::nullopt;
    if (mo < 1 || mo > 12 || d < 1 ||
        d > static_cast<int>(days_in_month(y, static_cast<unsigned>(mo))) || h > 23 || mi > 59 ||
        se > 60)
        return std::nullopt;
    std::size_t pos = seconds ? 19 : 16;
    if (seconds && pos < s.size() && s[pos] == '.') {
        ++pos;
        const std::size_t start = pos;
        while (pos < s.size() && s[pos] >= '0' && s[pos] <= '9') ++pos;
        if (pos == start) return std::nullopt;
    }
    int offset = 0;
    if (pos < s.size() && s[pos] == 'Z') {
        ++pos;
    } else if (pos < s.size() && (s[pos] == '+' || s[pos] == '-')) {
        int oh, om;
        if (!digits(s, pos + 1, 2, oh) || pos + 3 >= s.size() || s[pos + 3] != ':' ||
            !digits(s, pos + 4, 2, om) || oh > 14 || om > 59)
            return std::nullopt;
        offset = (oh * 60 + om) * (s[pos] == '-' ? -1 : 1);
        pos += 6;
    } else {
        return std::nullopt;
    }
    if (pos != s.size()) return std::nullopt;
    const std::int64_t days =
        days_from_civil(y, static_cast<unsigned>(mo), static_cast<unsigned>(d));
    const UnixSeconds local = days * 86400 + h * 3600 + mi * 60 + (se == 60 ? 59 : se);
    return Timestamp{local - offset * 60, offset};
}

std::string format_iso8601(const Timestamp& t) {
    const UnixSeconds local = t.utc + t.offset_minutes * 60;
    std::int64_t days = local / 86400;
    std::int64_t secs = local % 86400;
    if (secs < 0) {
        secs += 86400;
        --days;
    }
    int y;
    unsigned m, d;
    civil_from_days(days, y, m, d);
    const int off = t.offset_minutes < 0 ? -t.offset_minutes : t.offset_minutes;
    if (y >= 0 && y <= 9999 && off < 100 * 60) {
        // Every date a page shows: digits written directly (snprintf showed in the
        // profiles of list pages, which format two dates per question).
        char buf[] = "0000-00-00T00:00:00+00:00";
        const auto put2 = [&buf](std::size_t at, unsigned v) {
            buf[at] = static_cast<char>('0' + v / 10);
            buf[at + 1] = static_cast<char>('0' + v % 10);
        };
        put2(0, static_cast<unsigned>(y) / 100);
        put2(2, static_cast<unsigned>(y) % 100);
        put2(5, m);
        put2(8, d);
        put2(11, static_cast<unsigned>(secs / 3600));
        put2(14, static_cast<unsigned>(secs / 60 % 60));
        put2(17, static_cast<unsigned>(secs % 60));
        buf[19] = t.offset_minutes < 0 ? '-' : '+';
        put2(20, static_cast<unsigned>(off / 60));
        put2(23, static_cast<unsigned>(off % 60));
        return std::string(buf, sizeof buf - 1);
    }
    char buf[40];
    std::snprintf(buf, sizeof buf, "%04d-%02u-%02uT%02d:%02d:%02d%c%02d:%02d", y, m, d,
                  static_cast<int>(secs / 3600), static_cast<int>(secs / 60 % 60),
                  static_cast<int>(secs % 60), t.offset_minutes < 0 ? '-' : '+', off / 60,
                  off % 60);
    return buf;
}

int stockholm_offset_minutes(UnixSeconds utc) {
    int y;
    unsigned m, d;
    std::int64_t days = utc / 86400;
    if (utc % 86400 < 0) --days;
    civil_from_days(days, y, m, d);
    const UnixSeconds start = last_sunday_0100(y, 3);
    const UnixSeconds end = last_sunday_0100(y, 10);
    return utc >= start && utc < end ? 120 : 60;
}

Timestamp stockholm_time(UnixSeconds utc) {
    return Timestamp{utc, stockholm_offset_minutes(utc)};
}

std::string format_swedish_date(const Timestamp& t) {
    static constexpr std::array<const char*, 12> months{
        "januari", "februari", "mars",      "april",   "maj",      "juni",
        "juli",    "augusti",  "september", "oktober", "november", "december"};
    const UnixSeconds local = t.utc + t.offset_minutes * 60;
    std::int64_t days = local / 86400;
    if (local % 86400 < 0) --days;
    int y;
    unsigned m, d;
    civil_from_days(days, y, m, d);
    return std::to_string(d) + " " + months[m - 1] + " " + std::to_string(y);
}

}  // namespace radfraga

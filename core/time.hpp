// Timestamps as the archive writes them: ISO 8601 with a UTC offset, e.g.
// "2023-03-02T09:12:00+01:00". Stored as Unix seconds plus the offset in minutes, so
// an exported record gives back exactly the string that was imported.
#pragma once
#include <optional>
#include <string>
#include <string_view>

#include "core/clock.hpp"

namespace radfraga {

struct Timestamp {
    UnixSeconds utc = 0;
    int offset_minutes = 0;  // local time = utc + offset
    bool operator==(const Timestamp&) const = default;
};

// Parses "YYYY-MM-DDTHH:MM:SS" followed by "Z" or "+HH:MM"/"-HH:MM" (fractional seconds
// are accepted and dropped; the seconds may be left out, "YYYY-MM-DDTHH:MM+01:00", as
// ISO 8601 allows, and count as 0). Returns nullopt for anything else, including
// impossible dates such as February 30.
std::optional<Timestamp> parse_iso8601(std::string_view s);

// Formats as "YYYY-MM-DDTHH:MM:SS+HH:MM" ("Z" is never produced).
std::string format_iso8601(const Timestamp& t);

// The UTC offset of Europe/Stockholm at `utc`, in minutes: +60, or +120 during EU
// summer time (last Sunday of March 01:00 UTC to last Sunday of October 01:00 UTC).
int stockholm_offset_minutes(UnixSeconds utc);

// `utc` as a Stockholm local Timestamp.
Timestamp stockholm_time(UnixSeconds utc);

// A Swedish date for pages: "2 mars 2023".
std::string format_swedish_date(const Timestamp& t);

// Days since 1970-01-01 for a civil date, and back (proleptic Gregorian).
std::int64_t days_from_civil(int y, unsigned m, unsigned d);
void civil_from_days(std::int64_t z, int& y, unsigned& m, unsigned& d);

}  // namespace radfraga

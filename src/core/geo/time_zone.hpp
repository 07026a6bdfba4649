// time_zone.hpp: IANA time zones read from the system's compiled tz database (Debian's tzdata,
// /usr/share/zoneinfo; the web build preloads the zones of time_zone_cities() there), for sources whose
// timestamps are UTC (issue #14): a UTC day + minute becomes the city's local day + minute.
// TZif (RFC 8536) versions 1-4 are read, the 64-bit data when present. Local time before the first transition
// is time type 0; after the last transition (2037 in Debian's "fat" files) the last offset holds, and the
// POSIX footer rule is not applied.
#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include "base/result.hpp"
#include "geo/geo.hpp"

namespace crimescope::geo {

struct TimeZone {
    std::string name;                   // "America/Chicago"
    std::vector<int64_t> at_s;          // UTC seconds since 1970 of each transition, ascending
    std::vector<int32_t> offset_s;      // UTC offset in force from each transition on
    int32_t initial_offset_s = 0;       // before the first transition

    int32_t offset_at(int64_t utc_s) const;
    // A UTC date (days since 1970) and minute of day (0..1439) to local; minute < 0 (unknown time): unchanged.
    void utc_to_local(int32_t& day, int16_t& minute_of_day) const;
};

// Parses TZif bytes; errors name `name_for_errors` and what is wrong (bad magic, truncated, counts too large).
Result<TimeZone> parse_tzif(const std::vector<uint8_t>& bytes, const std::string& name_for_errors);

// Letters, digits, '_', '-', '+' and '/' between parts, no "..", at most 64 bytes: "America/Chicago", "UTC".
bool valid_time_zone_name(const std::string& name);
// $CRIMESCOPE_ZONEINFO, else /usr/share/zoneinfo.
std::string zoneinfo_dir();
// Reads zoneinfo_dir()/name.
Result<TimeZone> load_time_zone(const std::string& name);

// Reference cities with their IANA zone (the US's largest cities by zone, and large cities elsewhere).
struct ZoneCity { const char* city; double lat_deg, lon_deg; const char* zone; };
const std::vector<ZoneCity>& time_zone_cities();
// The zone of the reference city nearest `p`, and that city and its distance (for the note). Callers do not use
// a guess farther than kZoneGuessMax_m: a zone border may lie between.
const ZoneCity& guess_time_zone(LatLon p, double* distance_m = nullptr);
constexpr double kZoneGuessMax_m = 200000;

}  // namespace crimescope::geo

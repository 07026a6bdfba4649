// dates.hpp: civil dates as days since 1970-01-01 (local date of the source, no time zone applied),
// minutes of the day, and a small strptime-like parser for the formats police exports use.
#pragma once
#include <cstdint>
#include <string>
#include <string_view>

namespace crimescope {

struct CivilDate { int year = 1970; int month = 1; int day = 1; };

int32_t days_from_civil(int year, int month, int day);   // proleptic Gregorian, 1970-01-01 = 0
CivilDate civil_from_days(int32_t days);
bool valid_civil(int year, int month, int day);
std::string format_day(int32_t days);                     // "2010-07-31"
int weekday_from_days(int32_t days);                      // 0 = Monday .. 6 = Sunday
int days_in_month(int year, int month);                   // 28..31

// Months counted from 1970-01 (= 0), as the forecast's cubes and the hotspot grids index them.
inline int32_t month_index(int year, int month) { return (year - 1970) * 12 + (month - 1); }
int32_t month_of_day(int32_t days);                       // the month index of a day
std::string month_text(int32_t month_index);              // "2018-08"
int days_in_month_index(int32_t month_index);

struct DateTime {
    int32_t day = 0;             // days since 1970-01-01
    int16_t minute_of_day = -1;  // 0..1439, -1 when the input had no time
};

// Parses `text` against `format`. Directives: %Y (4-digit year), %y (2-digit year, 19xx if >= 70), %m %d
// (1-2 digits), %H %M (1-2 digits), %S (1-2 digits, optional .fraction), %p (AM/PM, adjusts %H),
// %% (a percent). A space matches one or more spaces; other characters match themselves. Surrounding
// whitespace is ignored; all of `text` must be used. Returns false on any mismatch or invalid date.
bool parse_datetime(std::string_view text, std::string_view format, DateTime& out);

// Parses a time of day: "hhmm" (police 24h integer, 0..2359, e.g. "5", "130", "2230") or a format as above.
bool parse_time_of_day(std::string_view text, std::string_view format, int16_t& minute_of_day);

}  // namespace crimescope

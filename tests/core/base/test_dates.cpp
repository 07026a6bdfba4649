// Tests for base/dates: civil day numbers, the format parser, police hhmm times.
#include <catch2/catch.hpp>

#include "base/dates.hpp"

using namespace crimescope;

TEST_CASE("dates: civil day numbers", "[dates]") {
    CHECK(days_from_civil(1970, 1, 1) == 0);
    CHECK(days_from_civil(2000, 3, 1) == 11017);
    CHECK(days_from_civil(2010, 1, 1) == 14610);
    CHECK(format_day(days_from_civil(2020, 2, 29)) == "2020-02-29");
    for (int d = -1000; d < 30000; d += 37) {
        CivilDate c = civil_from_days(d);
        CHECK(days_from_civil(c.year, c.month, c.day) == d);
    }
    CHECK(weekday_from_days(days_from_civil(2010, 1, 1)) == 4);   // a Friday
    CHECK_FALSE(valid_civil(2019, 2, 29));
    CHECK(valid_civil(2020, 2, 29));
    CHECK_FALSE(valid_civil(2021, 4, 31));
}

TEST_CASE("dates: the formats police exports use", "[dates]") {
    struct Case { const char* text; const char* fmt; const char* day; int minute; };
    const Case cases[] = {
        {.text = "1/1/2010", .fmt = "%m/%d/%Y", .day = "2010-01-01", .minute = -1},
        {.text = "10/15/2020 0:00", .fmt = "%m/%d/%Y %H:%M", .day = "2020-10-15", .minute = 0},
        {.text = "12/25/2020 12:00:00 AM", .fmt = "%m/%d/%Y %H:%M:%S %p", .day = "2020-12-25", .minute = 0},
        {.text = "07/29/2022 03:39:00 PM", .fmt = "%m/%d/%Y %H:%M:%S %p", .day = "2022-07-29", .minute = 15 * 60 + 39},
        {.text = "12/31/2021 12:30:00 PM", .fmt = "%m/%d/%Y %H:%M:%S %p", .day = "2021-12-31", .minute = 12 * 60 + 30},
        {.text = "2019-01-01T20:30:00.000Z", .fmt = "%Y-%m-%dT%H:%M:%SZ", .day = "2019-01-01", .minute = 20 * 60 + 30},
        {.text = "2010-01-01 00:05", .fmt = "%Y-%m-%d %H:%M", .day = "2010-01-01", .minute = 5},
        {.text = "1/1/06 0:00", .fmt = "%m/%d/%y %H:%M", .day = "2006-01-01", .minute = 0},
        {.text = "  2021-02-16 ", .fmt = "%Y-%m-%d", .day = "2021-02-16", .minute = -1},
    };
    for (const auto& c : cases) {
        INFO(c.text << " with " << c.fmt);
        DateTime dt;
        REQUIRE(parse_datetime(c.text, c.fmt, dt));
        CHECK(format_day(dt.day) == c.day);
        CHECK(dt.minute_of_day == c.minute);
    }
}

TEST_CASE("dates: invalid input is rejected, not guessed", "[dates]") {
    DateTime dt;
    CHECK_FALSE(parse_datetime("13/1/2010", "%m/%d/%Y", dt));
    CHECK_FALSE(parse_datetime("2/30/2010", "%m/%d/%Y", dt));
    CHECK_FALSE(parse_datetime("1/1/2010 25:00", "%m/%d/%Y %H:%M", dt));
    CHECK_FALSE(parse_datetime("1/1/2010 13:00:00 PM", "%m/%d/%Y %H:%M:%S %p", dt));
    CHECK_FALSE(parse_datetime("1/1/2010x", "%m/%d/%Y", dt));
    CHECK_FALSE(parse_datetime("", "%m/%d/%Y", dt));
    CHECK_FALSE(parse_datetime("2010-01-01", "%m/%d/%Y", dt));
}

TEST_CASE("dates: police hhmm and clock times of day", "[dates]") {
    int16_t m = 0;
    CHECK((parse_time_of_day("2230", "hhmm", m) && m == 22 * 60 + 30));
    CHECK((parse_time_of_day("5", "hhmm", m) && m == 5));
    CHECK((parse_time_of_day("0100", "hhmm", m) && m == 60));
    CHECK((parse_time_of_day("2000.0", "hhmm", m) && m == 20 * 60));
    CHECK_FALSE(parse_time_of_day("2460", "hhmm", m));
    CHECK_FALSE(parse_time_of_day("12a", "hhmm", m));
    CHECK((parse_time_of_day("20:00:00", "%H:%M:%S", m) && m == 20 * 60));
    CHECK_FALSE(parse_time_of_day("24:00:00", "%H:%M:%S", m));
}

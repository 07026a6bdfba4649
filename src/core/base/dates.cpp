#include "base/dates.hpp"

#include <date/date.h>

#include <cstdio>

namespace crimescope {

// Civil <-> serial day through Howard Hinnant's date library (Debian libhowardhinnant-date-dev).
int32_t days_from_civil(int y, int m, int d) {
    const date::year_month_day ymd{date::year{y}, date::month{static_cast<unsigned>(m)}, date::day{static_cast<unsigned>(d)}};
    return static_cast<int32_t>(date::sys_days{ymd}.time_since_epoch().count());
}

CivilDate civil_from_days(int32_t z) {
    const date::year_month_day ymd{date::sys_days{date::days{z}}};
    return CivilDate{static_cast<int>(ymd.year()), static_cast<int>(static_cast<unsigned>(ymd.month())),
                     static_cast<int>(static_cast<unsigned>(ymd.day()))};
}

static bool is_leap(int y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }

bool valid_civil(int y, int m, int d) {
    static const int kDays[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (y < 1900 || y > 2100 || m < 1 || m > 12 || d < 1) return false;
    int dim = kDays[m - 1] + (m == 2 && is_leap(y) ? 1 : 0);
    return d <= dim;
}

std::string format_day(int32_t days) {
    CivilDate c = civil_from_days(days);
    char buf[32];
    std::snprintf(buf, sizeof buf, "%04d-%02d-%02d", c.year, c.month, c.day);
    return buf;
}

int weekday_from_days(int32_t days) {
    return static_cast<int>(date::weekday{date::sys_days{date::days{days}}}.iso_encoding()) - 1;   // Monday = 0
}

int days_in_month(int year, int month) {
    return month == 12 ? 31 : days_from_civil(year, month + 1, 1) - days_from_civil(year, month, 1);
}

int32_t month_of_day(int32_t days) {
    const CivilDate c = civil_from_days(days);
    return month_index(c.year, c.month);
}

std::string month_text(int32_t m) {
    const int year = 1970 + (m >= 0 ? m / 12 : -((-m + 11) / 12));
    const int month = m - (year - 1970) * 12 + 1;
    char buf[16];
    std::snprintf(buf, sizeof buf, "%04d-%02d", year, month);
    return buf;
}

int days_in_month_index(int32_t m) {
    const int year = 1970 + (m >= 0 ? m / 12 : -((-m + 11) / 12));
    return days_in_month(year, m - (year - 1970) * 12 + 1);
}

namespace {

bool read_digits(std::string_view s, size_t& i, int min_n, int max_n, int& value) {
    int n = 0;
    value = 0;
    while (i < s.size() && n < max_n && s[i] >= '0' && s[i] <= '9') {
        value = value * 10 + (s[i] - '0');
        ++i;
        ++n;
    }
    return n >= min_n;
}

std::string_view trim(std::string_view s) {
    while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
    while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
    return s;
}

}  // namespace

bool parse_datetime(std::string_view text, std::string_view fmt, DateTime& out) {
    text = trim(text);
    int year = -1, month = 1, day = 1, hour = -1, minute = 0, second = 0;
    int pm = -1;  // -1 none, 0 AM, 1 PM
    bool has_time = false;
    size_t i = 0;
    for (size_t f = 0; f < fmt.size(); ++f) {
        char c = fmt[f];
        if (c == '%' && f + 1 < fmt.size()) {
            char d = fmt[++f];
            int v = 0;
            switch (d) {
                case 'Y': if (!read_digits(text, i, 4, 4, v)) return false; year = v; break;
                case 'y': if (!read_digits(text, i, 2, 2, v)) return false; year = v >= 70 ? 1900 + v : 2000 + v; break;
                case 'm': if (!read_digits(text, i, 1, 2, v)) return false; month = v; break;
                case 'd': if (!read_digits(text, i, 1, 2, v)) return false; day = v; break;
                case 'H': if (!read_digits(text, i, 1, 2, v)) return false; hour = v; has_time = true; break;
                case 'M': if (!read_digits(text, i, 1, 2, v)) return false; minute = v; break;
                case 'S':
                    if (!read_digits(text, i, 1, 2, v)) return false;
                    second = v;
                    if (i < text.size() && text[i] == '.') {
                        ++i;
                        if (!read_digits(text, i, 1, 9, v)) return false;
                    }
                    break;
                case 'p': {
                    if (i + 2 > text.size()) return false;
                    char a = static_cast<char>(text[i] | 0x20), b = static_cast<char>(text[i + 1] | 0x20);
                    if (b != 'm' || (a != 'a' && a != 'p')) return false;
                    pm = a == 'p';
                    i += 2;
                    break;
                }
                case '%': if (i >= text.size() || text[i] != '%') return false; ++i; break;
                default: return false;
            }
        } else if (c == ' ') {
            if (i >= text.size() || text[i] != ' ') return false;
            while (i < text.size() && text[i] == ' ') ++i;
        } else {
            if (i >= text.size() || text[i] != c) return false;
            ++i;
        }
    }
    if (i != text.size()) return false;
    if (year < 0 || !valid_civil(year, month, day)) return false;
    if (has_time) {
        if (pm >= 0) {
            if (hour < 1 || hour > 12) return false;
            hour = hour % 12 + (pm ? 12 : 0);
        }
        if (hour > 23 || minute > 59 || second > 60) return false;
        out.minute_of_day = static_cast<int16_t>(hour * 60 + minute);
    } else {
        out.minute_of_day = -1;
    }
    out.day = days_from_civil(year, month, day);
    return true;
}

bool parse_time_of_day(std::string_view text, std::string_view fmt, int16_t& minute_of_day) {
    text = trim(text);
    if (fmt == "hhmm") {
        // Police integer times: "2230", "5", "0001"; also "2000.0" as written by some exports.
        size_t dot = text.find('.');
        if (dot != std::string_view::npos) {
            for (size_t k = dot + 1; k < text.size(); ++k)
                if (text[k] != '0') return false;
            text = text.substr(0, dot);
        }
        size_t i = 0;
        int v = 0;
        if (!read_digits(text, i, 1, 4, v) || i != text.size()) return false;
        int h = v / 100, m = v % 100;
        if (h > 23 || m > 59) return false;
        minute_of_day = static_cast<int16_t>(h * 60 + m);
        return true;
    }
    // A time-only format: parse with a dummy date prefix.
    std::string t = "2000-01-01 " + std::string(text);
    std::string f = "%Y-%m-%d " + std::string(fmt);
    DateTime dt;
    if (!parse_datetime(t, f, dt) || dt.minute_of_day < 0) return false;
    minute_of_day = dt.minute_of_day;
    return true;
}

}  // namespace crimescope

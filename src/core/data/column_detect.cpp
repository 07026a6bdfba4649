#include "data/column_detect.hpp"

#include <fast_float/fast_float.h>

#include <algorithm>
#include <cctype>
#include <cmath>
#include <set>

#include "base/dates.hpp"

namespace crimescope::data {

std::string_view trim_blanks(std::string_view s) {
    while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
    while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
    return s;
}

std::string column_key(std::string_view name) {
    std::string k;
    for (char c : name)
        if (std::isalnum(static_cast<unsigned char>(c))) k += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return k;
}

const std::vector<std::string>& missing_tokens() {
    static const std::vector<std::string> t = {"", "NA", "N/A", "NaN", "nan", "null", "NULL", "-"};
    return t;
}

bool is_missing_token(std::string_view v) {
    v = trim_blanks(v);
    const auto& t = missing_tokens();
    return std::find(t.begin(), t.end(), v) != t.end();
}

bool parse_number(std::string_view s, double& out) {
    s = trim_blanks(s);
    if (s.empty()) return false;
    if (s.front() == '+') s.remove_prefix(1);
    auto r = fast_float::from_chars(s.data(), s.data() + s.size(), out);
    return r.ec == std::errc() && r.ptr == s.data() + s.size() && std::isfinite(out);
}

const std::vector<std::string>& candidate_date_formats() {
    static const std::vector<std::string> f = {
        // ISO with T / Z / offsets and fractional seconds (%S accepts .fraction)
        "%Y-%m-%dT%H:%M:%SZ", "%Y-%m-%dT%H:%M:%S", "%Y-%m-%dT%H:%M:%S+00:00", "%Y-%m-%dT%H:%M:%S+0000",
        "%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M:%S", "%Y-%m-%d %H:%M:%S+00", "%Y-%m-%d %H:%M:%S+00:00", "%Y-%m-%d %H:%M",
        // slashes, 12-hour clocks
        "%Y/%m/%d %H:%M:%S %p", "%Y/%m/%d %H:%M %p", "%Y/%m/%d %H:%M:%S+00", "%Y/%m/%d %H:%M:%S", "%Y/%m/%d %H:%M",
        "%m/%d/%Y %H:%M:%S %p", "%m/%d/%Y %H:%M %p", "%m/%d/%Y %H:%M:%S", "%m/%d/%Y %H:%M",
        "%m/%d/%y %H:%M:%S %p", "%m/%d/%y %H:%M %p", "%m/%d/%y %H:%M",
        "%d.%m.%Y %H:%M",
        // dates only
        "%Y-%m-%d", "%Y/%m/%d", "%m/%d/%Y", "%m/%d/%y", "%d.%m.%Y", "%Y%m%d",
        // month only
        "%Y-%m", "%Y/%m",
    };
    return f;
}

const std::vector<std::string>& candidate_time_formats() {
    static const std::vector<std::string> f = {"%H:%M:%S", "%H:%M", "%H:%M:%S %p", "%H:%M %p", "hhmm"};
    return f;
}

std::vector<std::string> matching_date_formats(const std::vector<std::string>& values,
                                               const std::vector<std::string>& candidates, double min_share) {
    std::vector<std::string> out;
    if (values.empty()) return out;
    for (const auto& f : candidates) {
        if (f == "%Y%m%d") {   // only 8-digit values that are not just numbers in a plausible range
            bool all8 = std::all_of(values.begin(), values.end(), [](const std::string& v) { return trim_blanks(v).size() == 8; });
            if (!all8) continue;
        }
        size_t ok = 0;
        DateTime dt;
        for (const auto& v : values) ok += parse_datetime(v, f, dt);
        const size_t pct = static_cast<size_t>(std::floor(min_share * 100 + 0.5));
        if (ok >= values.size() * pct / 100) out.push_back(f);   // integer share, as linkage always had
    }
    return out;
}

std::string matching_time_format(const std::vector<std::string>& values, double min_share) {
    if (values.empty()) return {};
    for (const auto& f : candidate_time_formats()) {
        size_t ok = 0;
        int16_t m;
        for (const auto& v : values) ok += parse_time_of_day(v, f, m);
        if (static_cast<double>(ok) >= min_share * static_cast<double>(values.size())) return f;
    }
    return {};
}

void compute_stats(ColumnStats& c) {
    std::set<std::string> d(c.sample.begin(), c.sample.end());
    c.distinct = d.size();
    c.unique = !c.sample.empty() && c.sample.size() == c.rows && c.distinct * 100 >= c.rows * 95;
    size_t nums = 0, len = 0;
    c.lo = INFINITY;
    c.hi = -INFINITY;
    for (const auto& v : c.sample) {
        double x;
        len += v.size();
        if (parse_number(v, x)) { ++nums; c.lo = std::min(c.lo, x); c.hi = std::max(c.hi, x); }
    }
    c.mean_length = c.sample.empty() ? 0 : static_cast<double>(len) / static_cast<double>(c.sample.size());
    c.numeric = !c.sample.empty() && nums >= c.sample.size() * 95 / 100;
}

}  // namespace crimescope::data

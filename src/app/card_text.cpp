#include "app/card_text.hpp"

#include <chrono>
#include <cmath>
#include <cstdarg>
#include <cstdio>

#include "app/i18n.hpp"
#include "base/dates.hpp"

namespace crimescope::app {

namespace {

std::string fmt(const char* f, ...) {
    va_list a, b;
    va_start(a, f);
    va_copy(b, a);
    int n = std::vsnprintf(nullptr, 0, f, a);
    va_end(a);
    std::string out(static_cast<size_t>(n > 0 ? n : 0), '\0');
    if (n > 0) std::vsnprintf(out.data(), out.size() + 1, f, b);
    va_end(b);
    return out;
}

}  // namespace

std::string CardWords::all() const {
    std::string out = headline;
    for (const auto& d : details) out += " " + d;
    return out;
}

std::string city_short_name(const AppState& s) {
    if (!s.city) return "";
    std::string n = s.city->display_name;
    if (size_t k = n.find(" ("); k != std::string::npos && k > 0) n.resize(k);
    return n;
}

int32_t today_day() {
    using namespace std::chrono;
    return static_cast<int32_t>(duration_cast<hours>(system_clock::now().time_since_epoch()).count() / 24);
}

CardWords card_words(const AppState& s, const ScoreCard& c) {
    CardWords w;
    if (!c.valid || !s.city) return w;
    const auto& p = c.place;
    if (!p.covered) {
        w.line = tr("Outside the area this data covers");
        w.headline = fmt(tr("%.5f, %.5f is outside the area this data covers: there is no score here."), c.at.lat_deg, c.at.lon_deg);
        w.details.push_back(fmt(tr("The data covers %s."), city_short_name(s).c_str()));
        return w;
    }
    const auto& r = c.result;
    const std::string city = city_short_name(s), to = format_day(c.as_of_day);
    const bool year = c.params.window_days == 365;
    if (r.count == 0) {
        w.line = tr("0 crimes · none reported here");
        w.headline = year ? fmt(tr("0 reported crimes within %.0f m in the past year (to %s): none were reported here, a real answer."),
                                c.params.radius_m, to.c_str())
                          : fmt(tr("0 reported crimes within %.0f m in the %d days to %s: none were reported here, a real answer."),
                                c.params.radius_m, c.params.window_days, to.c_str());
    } else {
        w.line = fmt(tr("%u crimes · more than %.0f%% of places in %s"), r.count, std::floor(r.percentile), city.c_str());
        w.headline = year ? fmt(tr("%u reported crimes within %.0f m in the past year (to %s): more than %.0f%% of places in %s."),
                                r.count, c.params.radius_m, to.c_str(), std::floor(r.percentile), city.c_str())
                          : fmt(tr("%u reported crimes within %.0f m in the %d days to %s: more than %.0f%% of places in %s."),
                                r.count, c.params.radius_m, c.params.window_days, to.c_str(), std::floor(r.percentile), city.c_str());
    }
    const auto& ch = p.change;
    if (!ch.comparable)
        w.details.push_back(fmt(tr("The data does not reach back over the %d days before, so there is no change to compare."),
                                c.params.window_days));
    else if (ch.current == 0 && ch.previous == 0)
        w.details.push_back(fmt(tr("None in the %d days before either."), c.params.window_days));
    else if (!ch.significant)
        w.details.push_back(fmt(tr("%u in the %d days before: about the same."), ch.previous, c.params.window_days));
    else if (ch.current > ch.previous)
        w.details.push_back(fmt(tr("Up from %u in the %d days before: larger than chance (p = %.3f)."), ch.previous,
                                c.params.window_days, ch.p_value));
    else
        w.details.push_back(fmt(tr("Down from %u in the %d days before: larger than chance (p = %.3f)."), ch.previous,
                                c.params.window_days, ch.p_value));
    if (!r.by_type.empty()) {
        std::string types;
        for (size_t k = 0; k < r.by_type.size() && k < 3; ++k)
            types += (k ? ", " : "") + r.by_type[k].type + " (" + std::to_string(r.by_type[k].count) + ")";
        w.details.push_back(fmt(tr("Most common: %s."), types.c_str()));
    }
    const int32_t newest = p.newest_day ? p.newest_day : s.day_last;
    const int age = score::data_age_years(newest, today_day());
    if (age <= 0) w.details.push_back(fmt(tr("Data up to %s, less than a year old."), format_day(newest).c_str()));
    else if (age == 1) w.details.push_back(fmt(tr("Data up to %s, 1 year old."), format_day(newest).c_str()));
    else w.details.push_back(fmt(tr("Data up to %s, %d years old."), format_day(newest).c_str(), age));
    for (const auto& cav : p.caveats) w.details.push_back(cav);
    w.details.push_back(tr("Reported crimes only: unreported crime is not counted."));
    return w;
}

}  // namespace crimescope::app

#include "score/card_words.hpp"

#include <cmath>
#include <cstdarg>
#include <cstdio>

#include "base/dates.hpp"

namespace crimescope::score {

namespace {

std::string fmt(const char* f, ...) {
    va_list a, b;
    va_start(a, f);
    va_copy(b, a);
    const int n = std::vsnprintf(nullptr, 0, f, a);
    va_end(a);
    std::string out(static_cast<size_t>(n > 0 ? n : 0), '\0');
    if (n > 0) std::vsnprintf(out.data(), out.size() + 1, f, b);
    va_end(b);
    return out;
}

// The card's sentences: English, Spanish. printf formats; the arguments are the same in both.
struct Words {
    const char* outside_line;
    const char* outside_headline;   // lat, lon
    const char* covers;             // city
    const char* zero_line;
    const char* zero_year;          // radius, to
    const char* zero_days;          // radius, days, to
    const char* line;               // count, percent, city
    const char* line_one;           // percent, city
    const char* line_quiet;         // count, city
    const char* line_quiet_one;     // city
    const char* quiet_year_one;     // radius, to, city
    const char* quiet_days_one;     // radius, days, to, city
    const char* year;               // count, radius, to, percent, city
    const char* year_one;           // radius, to, percent, city
    const char* days;               // count, radius, days, to, percent, city
    const char* days_one;           // radius, days, to, percent, city
    const char* quiet_year;         // count, radius, to, city
    const char* quiet_days;         // count, radius, days, to, city
    const char* not_comparable;     // days
    const char* none_before;        // days
    const char* same;               // previous, days
    const char* up;                 // previous, days, p words
    const char* down;               // previous, days, p words
    const char* common;             // types
    const char* age_years;          // date, years
    const char* age_one;            // date
    const char* age_new;            // date
    const char* reported_only;
};

constexpr Words kEn = {
    "Outside the area this data covers",
    "%.5f, %.5f is outside the area this data covers: there is no score here.",
    "The data covers %s.",
    "0 crimes · none reported here",
    "0 reported crimes within %.0f m in the past year (to %s): none were reported here, a real answer.",
    "0 reported crimes within %.0f m in the %d days to %s: none were reported here, a real answer.",
    "%u crimes · more than %.0f%% of places in %s",
    "1 crime · more than %.0f%% of places in %s",
    "%u crimes · as few as the quietest places in %s",
    "1 crime · as few as the quietest places in %s",
    "1 reported crime within %.0f m in the past year (to %s): as few as the quietest places in %s.",
    "1 reported crime within %.0f m in the %d days to %s: as few as the quietest places in %s.",
    "%u reported crimes within %.0f m in the past year (to %s): more than %.0f%% of places in %s.",
    "1 reported crime within %.0f m in the past year (to %s): more than %.0f%% of places in %s.",
    "%u reported crimes within %.0f m in the %d days to %s: more than %.0f%% of places in %s.",
    "1 reported crime within %.0f m in the %d days to %s: more than %.0f%% of places in %s.",
    "%u reported crimes within %.0f m in the past year (to %s): as few as the quietest places in %s.",
    "%u reported crimes within %.0f m in the %d days to %s: as few as the quietest places in %s.",
    "The data does not reach back over the %d days before, so there is no change to compare.",
    "None in the %d days before either.",
    "%u in the %d days before: about the same.",
    "Up from %u in the %d days before: larger than chance (%s).",
    "Down from %u in the %d days before: larger than chance (%s).",
    "Most common: %s.",
    "Data up to %s, %d years old.",
    "Data up to %s, 1 year old.",
    "Data up to %s, less than a year old.",
    "Reported crimes only: unreported crime is not counted.",
};

constexpr Words kEs = {
    "Fuera del área que cubren estos datos",
    "%.5f, %.5f está fuera del área que cubren estos datos: aquí no hay puntuación.",
    "Los datos cubren %s.",
    "0 delitos · ninguno denunciado aquí",
    "0 delitos denunciados a menos de %.0f m en el último año (hasta %s): aquí no se denunció ninguno, es una respuesta real.",
    "0 delitos denunciados a menos de %.0f m en los %d días hasta %s: aquí no se denunció ninguno, es una respuesta real.",
    "%u delitos · más que el %.0f%% de los lugares de %s",
    "1 delito · más que el %.0f%% de los lugares de %s",
    "%u delitos · tan pocos como los lugares más tranquilos de %s",
    "1 delito · tan pocos como los lugares más tranquilos de %s",
    "1 delito denunciado a menos de %.0f m en el último año (hasta %s): tan pocos como los lugares más tranquilos de %s.",
    "1 delito denunciado a menos de %.0f m en los %d días hasta %s: tan pocos como los lugares más tranquilos de %s.",
    "%u delitos denunciados a menos de %.0f m en el último año (hasta %s): más que el %.0f%% de los lugares de %s.",
    "1 delito denunciado a menos de %.0f m en el último año (hasta %s): más que el %.0f%% de los lugares de %s.",
    "%u delitos denunciados a menos de %.0f m en los %d días hasta %s: más que el %.0f%% de los lugares de %s.",
    "1 delito denunciado a menos de %.0f m en los %d días hasta %s: más que el %.0f%% de los lugares de %s.",
    "%u delitos denunciados a menos de %.0f m en el último año (hasta %s): tan pocos como los lugares más tranquilos de %s.",
    "%u delitos denunciados a menos de %.0f m en los %d días hasta %s: tan pocos como los lugares más tranquilos de %s.",
    "Los datos no llegan a los %d días anteriores, así que no hay cambio que comparar.",
    "Tampoco hubo ninguno en los %d días anteriores.",
    "%u en los %d días anteriores: más o menos igual.",
    "Más que los %u de los %d días anteriores: un cambio mayor que el azar (%s).",
    "Menos que los %u de los %d días anteriores: un cambio mayor que el azar (%s).",
    "Los más frecuentes: %s.",
    "Datos hasta %s, de hace %d años.",
    "Datos hasta %s, de hace 1 año.",
    "Datos hasta %s, de hace menos de un año.",
    "Solo delitos denunciados: los no denunciados no se cuentan.",
};

}  // namespace

std::string CardWords::all() const {
    std::string out = headline;
    for (const auto& d : details) out += " " + d;
    return out;
}

std::string p_value_words(double p) {
    if (p < 0.00005) return "p < 0.0001";
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.4f", std::round(p * 1e4) / 1e4);
    std::string s = buf;
    while (!s.empty() && s.back() == '0') s.pop_back();
    if (!s.empty() && s.back() == '.') s.pop_back();
    return "p = " + s;
}

std::string city_short_name(const std::string& display_name) {
    std::string n = display_name;
    if (size_t k = n.find(" ("); k != std::string::npos && k > 0) n.resize(k);
    return n;
}

CardWords card_words(const PlaceCard& card, const RadiusScore& r, const RadiusScoreParams& params, const std::string& city,
                     int32_t today_day, CardLang lang) {
    const Words& W = lang == CardLang::es ? kEs : kEn;
    CardWords w;
    if (!card.covered) {
        w.line = W.outside_line;
        w.headline = fmt(W.outside_headline, card.at.lat_deg, card.at.lon_deg);
        w.details.push_back(fmt(W.covers, city.c_str()));
        return w;
    }
    const std::string to = format_day(card.as_of_day);
    const bool year = params.window_days == 365;
    const double pct = std::floor(r.percentile);
    const bool quiet = pct < 1;   // "more than 0% of places" says nothing
    if (r.count == 0) {
        w.line = W.zero_line;
        w.headline = year ? fmt(W.zero_year, params.radius_m, to.c_str()) : fmt(W.zero_days, params.radius_m, params.window_days, to.c_str());
    } else if (quiet && r.count == 1) {
        w.line = fmt(W.line_quiet_one, city.c_str());
        w.headline = year ? fmt(W.quiet_year_one, params.radius_m, to.c_str(), city.c_str())
                          : fmt(W.quiet_days_one, params.radius_m, params.window_days, to.c_str(), city.c_str());
    } else if (quiet) {
        w.line = fmt(W.line_quiet, r.count, city.c_str());
        w.headline = year ? fmt(W.quiet_year, r.count, params.radius_m, to.c_str(), city.c_str())
                          : fmt(W.quiet_days, r.count, params.radius_m, params.window_days, to.c_str(), city.c_str());
    } else if (r.count == 1) {
        w.line = fmt(W.line_one, pct, city.c_str());
        w.headline = year ? fmt(W.year_one, params.radius_m, to.c_str(), pct, city.c_str())
                          : fmt(W.days_one, params.radius_m, params.window_days, to.c_str(), pct, city.c_str());
    } else {
        w.line = fmt(W.line, r.count, pct, city.c_str());
        w.headline = year ? fmt(W.year, r.count, params.radius_m, to.c_str(), pct, city.c_str())
                          : fmt(W.days, r.count, params.radius_m, params.window_days, to.c_str(), pct, city.c_str());
    }
    const auto& ch = card.change;
    const std::string pw = p_value_words(ch.p_value);
    if (!ch.comparable) w.details.push_back(fmt(W.not_comparable, params.window_days));
    else if (ch.current == 0 && ch.previous == 0) w.details.push_back(fmt(W.none_before, params.window_days));
    else if (!ch.significant) w.details.push_back(fmt(W.same, ch.previous, params.window_days));
    else if (ch.current > ch.previous) w.details.push_back(fmt(W.up, ch.previous, params.window_days, pw.c_str()));
    else w.details.push_back(fmt(W.down, ch.previous, params.window_days, pw.c_str()));
    if (!r.by_type.empty()) {
        std::string types;
        for (size_t k = 0; k < r.by_type.size() && k < 3; ++k)
            types += (k ? ", " : "") + r.by_type[k].type + " (" + std::to_string(r.by_type[k].count) + ")";
        w.details.push_back(fmt(W.common, types.c_str()));
    }
    const int age = data_age_years(card.newest_day, today_day);
    const std::string newest = format_day(card.newest_day);
    if (age <= 0) w.details.push_back(fmt(W.age_new, newest.c_str()));
    else if (age == 1) w.details.push_back(fmt(W.age_one, newest.c_str()));
    else w.details.push_back(fmt(W.age_years, newest.c_str(), age));
    // Spanish caveats when the pack has them, else the English ones (better said in English than not at all).
    const auto& caveats = lang == CardLang::es && !card.caveats_es.empty() ? card.caveats_es : card.caveats;
    for (const auto& cav : caveats) w.details.push_back(cav);
    w.details.push_back(W.reported_only);
    return w;
}

}  // namespace crimescope::score

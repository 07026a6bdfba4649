#include "score/card_json.hpp"

#include <cmath>
#include <string>

#include "base/dates.hpp"

namespace crimescope::score {

namespace {

// "the past year" / "the past 30 days"; "the year before" / "the 30 days before".
std::string window_words(int window_days, bool before) {
    if (window_days == 365) return before ? "the year before" : "the past year";
    return (before ? "the " : "the past ") + std::to_string(window_days) + (window_days == 1 ? " day" : " days") + (before ? " before" : "");
}

}  // namespace

nlohmann::json card_json(const data::CityData& city, const PlaceCard& card, const ScoreScale& scale, const RadiusScoreParams& params) {
    const auto& t = city.incidents;
    nlohmann::json j;
    j["city"] = city.id;
    j["lat"] = card.at.lat_deg;
    j["lon"] = card.at.lon_deg;
    j["radius_m"] = params.radius_m;
    j["window_days"] = params.window_days;
    j["as_of"] = format_day(card.as_of_day);
    j["newest_data"] = format_day(t.size() ? t.day.back() : card.newest_day);
    j["caveats"] = card.caveats;
    if (!card.covered) {   // no score: the data say nothing about this place
        j["covered"] = false;
        j["message"] = "outside the area this data covers";
        j["note"] = "Reported crimes only.";
        if (!city.disclaimer.empty()) j["disclaimer"] = city.disclaimer;
        return j;
    }
    const RadiusScore& s = card.score;
    const RateChange& ch = card.change;
    j["covered"] = true;
    nlohmann::json change;
    change["comparable"] = ch.comparable;
    if (ch.comparable) {
        change["previous"] = ch.previous;
        change["ratio"] = std::isfinite(ch.ratio) ? nlohmann::json(std::round(ch.ratio * 1e4) / 1e4) : nlohmann::json(nullptr);
        change["p_value"] = std::round(ch.p_value * 1e4) / 1e4;
    } else {   // the data do not span both windows: no counts to compare, no test
        change["previous"] = nullptr;
        change["ratio"] = nullptr;
        change["p_value"] = nullptr;
        change["note"] = "the data (" + format_day(card.oldest_day) + " to " + format_day(card.newest_day) + ") do not span this window and " +
                         window_words(params.window_days, true) + " it";
    }
    change["significant"] = ch.significant;
    j["change"] = change;
    j["count"] = s.count;
    j["score"] = std::round(s.score01 * 1e6) / 1e6;
    j["count_max"] = scale.count_max;
    j["percentile"] = std::round(s.percentile * 10) / 10;
    j["count_ci95"] = {std::round(s.count_ci95.low * 100) / 100, std::round(s.count_ci95.high * 100) / 100};
    nlohmann::json types = nlohmann::json::array();
    for (const auto& x : s.by_type) types.push_back({x.type, x.count});
    j["by_type"] = types;
    j["by_hour"] = s.by_hour;
    nlohmann::json near = nlohmann::json::array();
    const data::CategoryColumn* type = t.category("type");
    for (const auto& n : s.nearest)
        near.push_back({{"type", type ? type->value_at(n.row) : ""}, {"date", format_day(t.day[n.row])},
                        {"distance_m", std::round(n.dist_m * 10) / 10}});
    j["nearest"] = near;
    j["note"] = "Reported crimes only.";
    if (!city.disclaimer.empty()) j["disclaimer"] = city.disclaimer;
    return j;
}

nlohmann::json card_words_json(const CardWords& words, CardLang lang) {
    return {{"lang", lang == CardLang::es ? "es" : "en"}, {"line", words.line}, {"headline", words.headline}, {"details", words.details}};
}

}  // namespace crimescope::score

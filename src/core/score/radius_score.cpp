#include "score/radius_score.hpp"

#include <algorithm>
#include <cmath>
#include <map>

#include <nlohmann/json.hpp>

#include "base/dates.hpp"
#include "geo/geojson.hpp"

namespace crimescope::score {

index::DayRange window_of(int32_t as_of_day, int window_days) {
    return index::DayRange{as_of_day - window_days + 1, as_of_day};
}

double score_from_count(uint32_t count, uint32_t count_max) {
    if (count == 0) return 0.0;
    if (count_max <= 1) return 1.0;
    return std::clamp(std::log(static_cast<double>(count)) / std::log(static_cast<double>(count_max)), 0.0, 1.0);
}

double percentile_of(const ScoreScale& scale, uint32_t count) {
    if (scale.place_counts.empty()) return 0;
    auto it = std::lower_bound(scale.place_counts.begin(), scale.place_counts.end(), count);   // strictly fewer
    return 100.0 * static_cast<double>(it - scale.place_counts.begin()) / static_cast<double>(scale.place_counts.size());
}

RadiusScore radius_score(const data::IncidentTable& t, const index::GeoIndex& idx, geo::LatLon p, int32_t as_of_day,
                         const ScoreScale& scale, const std::string& type_role) {
    RadiusScore out;
    const index::DayRange days = window_of(as_of_day, scale.params.window_days);
    out.rows = idx.rows_within(p, scale.params.radius_m, days);
    out.count = static_cast<uint32_t>(out.rows.size());
    out.score01 = score_from_count(out.count, scale.count_max);
    out.percentile = percentile_of(scale, out.count);
    out.count_ci95 = eval::poisson_interval(out.count, 0.95);
    const data::CategoryColumn* type = t.category(type_role);
    std::map<uint32_t, uint32_t> by_code;
    for (uint32_t r : out.rows) {
        if (type) by_code[type->codes[r]]++;
        int m = t.minute_of_day[r];
        if (m >= 0) out.by_hour[static_cast<size_t>(m / 60)]++;
        else out.unknown_hour++;
    }
    for (const auto& [code, n] : by_code) out.by_type.push_back({type->dict[code], n});
    std::stable_sort(out.by_type.begin(), out.by_type.end(), [](const TypeCount& a, const TypeCount& b) { return a.count > b.count; });
    for (uint32_t r : out.rows) out.nearest.push_back({r, geo::haversine_m(p, {t.lat_deg[r], t.lon_deg[r]})});
    std::sort(out.nearest.begin(), out.nearest.end(), [](const index::Neighbour& a, const index::Neighbour& b) {
        return a.dist_m < b.dist_m || (a.dist_m == b.dist_m && a.row < b.row);
    });
    if (out.nearest.size() > 10) out.nearest.resize(10);
    return out;
}

ScoreScale compute_scale(const data::IncidentTable& t, const index::GeoIndex& idx, int32_t as_of_day,
                         const RadiusScoreParams& params, const std::vector<data::BoundaryPolygon>& area,
                         double spacing_m) {
    ScoreScale s;
    s.params = params;
    s.as_of_day = as_of_day;
    s.place_spacing_m = spacing_m;
    const index::DayRange days = window_of(as_of_day, params.window_days);
    uint32_t cmax = 1;
    for (size_t i = 0; i < t.size(); ++i)
        if (days.contains(t.day[i])) cmax = std::max(cmax, idx.count_within({t.lat_deg[i], t.lon_deg[i]}, params.radius_m, days));
    s.count_max = cmax;
    // Places: grid points inside the city's polygons.
    geo::BBox box;
    data::BoundaryLayer layer;
    layer.polygons = area;
    for (const auto& poly : area)
        for (const auto& r : poly.rings)
            for (const auto& pt : r) box.extend(pt.lat_deg, pt.lon_deg);
    if (box.empty()) {
        std::vector<float> la(t.lat_deg), lo(t.lon_deg);
        if (la.empty()) return s;
        std::sort(la.begin(), la.end());
        std::sort(lo.begin(), lo.end());
        size_t a = la.size() / 100, b = la.size() - 1 - la.size() / 100;
        box = geo::BBox{la[a], la[b], lo[a], lo[b]};
    }
    geo::PolygonLookup lookup(layer);
    const double lat_step = spacing_m / (geo::kEarthRadius_m * geo::kPi / 180.0);
    const double mid_lat = 0.5 * (box.lat_min_deg + box.lat_max_deg);
    const double lon_step = lat_step / std::cos(mid_lat * geo::kPi / 180.0);
    for (double la = box.lat_min_deg + lat_step / 2; la < box.lat_max_deg; la += lat_step)
        for (double lo = box.lon_min_deg + lon_step / 2; lo < box.lon_max_deg; lo += lon_step) {
            if (!area.empty() && lookup.find({la, lo}) < 0) continue;
            s.place_counts.push_back(idx.count_within({la, lo}, params.radius_m, days));
        }
    std::sort(s.place_counts.begin(), s.place_counts.end());
    return s;
}

ScoreScale scale_for(const data::CityData& city, const index::GeoIndex& idx, int32_t as_of_day, const RadiusScoreParams& params) {
    auto it = city.extras.find("score_scale");
    if (it != city.extras.end()) {
        auto stored = scale_from_json(it->second);
        if (stored && stored->as_of_day == as_of_day && stored->params.radius_m == params.radius_m &&
            stored->params.window_days == params.window_days)
            return stored.value();
    }
    const auto& area = city.boundaries.empty() ? std::vector<data::BoundaryPolygon>{} : city.boundaries.front().polygons;
    return compute_scale(city.incidents, idx, as_of_day, params, area, 250);
}

std::string scale_to_json(const ScoreScale& s) {
    nlohmann::json j;
    j["radius_m"] = s.params.radius_m;
    j["window_days"] = s.params.window_days;
    j["as_of"] = format_day(s.as_of_day);
    j["count_max"] = s.count_max;
    j["place_spacing_m"] = s.place_spacing_m;
    nlohmann::json hist = nlohmann::json::array();   // [[count, places], ...] ascending
    for (size_t i = 0; i < s.place_counts.size();) {
        size_t k = i;
        while (k < s.place_counts.size() && s.place_counts[k] == s.place_counts[i]) ++k;
        hist.push_back({s.place_counts[i], k - i});
        i = k;
    }
    j["place_count_histogram"] = hist;
    return j.dump();
}

Result<ScoreScale> scale_from_json(const std::string& text) {
    auto j = nlohmann::json::parse(text, nullptr, false);
    if (j.is_discarded()) return make_error(ErrorKind::Corrupt, "score scale is not JSON");
    try {
        ScoreScale s;
        s.params.radius_m = j.at("radius_m");
        s.params.window_days = j.at("window_days");
        DateTime dt;
        if (!parse_datetime(j.at("as_of").get<std::string>(), "%Y-%m-%d", dt)) return make_error(ErrorKind::Corrupt, "score scale: bad as_of");
        s.as_of_day = dt.day;
        s.count_max = j.at("count_max");
        s.place_spacing_m = j.value("place_spacing_m", 0.0);
        for (const auto& h : j.at("place_count_histogram")) s.place_counts.insert(s.place_counts.end(), h.at(1).get<size_t>(), h.at(0).get<uint32_t>());
        return s;
    } catch (const std::exception& e) {
        return make_error(ErrorKind::Corrupt, std::string("score scale: ") + e.what());
    }
}

}  // namespace crimescope::score

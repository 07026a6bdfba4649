#include "score/radius_score.hpp"

#include <algorithm>
#include <cmath>
#include <map>
#include <unordered_map>

#include <nlohmann/json.hpp>

#include "base/dates.hpp"
#include "base/json_int.hpp"
#include "base/parallel.hpp"
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

ScoreScale compute_scale_reference(const data::IncidentTable& t, const index::GeoIndex& idx, int32_t as_of_day,
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

namespace {

// The window's incident locations, each distinct (lat, lon) once with its number of incidents, bucketed so that
// every point within radius_m of a query lies in the query's bucket or one of its 8 neighbours. The distance
// test is the index's (haversine_m(query, point) <= radius_m), so counts equal GeoIndex::count_within.
class PointBuckets {
public:
    // False when the bound on longitude does not hold (near a pole, across the antimeridian, a huge radius).
    bool build(const data::IncidentTable& t, const index::DayRange& days, double radius_m, double max_abs_query_lat_deg) {
        m_r = radius_m;
        std::vector<std::pair<float, float>> pts;
        for (size_t i = 0; i < t.size(); ++i)
            if (days.contains(t.day[i])) pts.emplace_back(t.lat_deg[i], t.lon_deg[i]);
        std::sort(pts.begin(), pts.end());
        double max_lat = max_abs_query_lat_deg, max_lon = 0;
        for (size_t i = 0; i < pts.size();) {
            size_t k = i;
            while (k < pts.size() && pts[k] == pts[i]) ++k;
            m_lat.push_back(pts[i].first);
            m_lon.push_back(pts[i].second);
            m_weight.push_back(static_cast<uint32_t>(k - i));
            max_lat = std::max(max_lat, std::fabs(static_cast<double>(pts[i].first)));
            max_lon = std::max(max_lon, std::fabs(static_cast<double>(pts[i].second)));
            i = k;
        }
        const double deg = geo::kPi / 180.0, ang = radius_m / geo::kEarthRadius_m;
        if (!(radius_m > 0) || ang > 0.01) return false;   // > 63 km: not worth it, and keeps the bound simple
        const double lat_reach = (max_lat + ang / deg) * deg;
        if (lat_reach >= 89.0 * deg) return false;
        const double cmin = std::cos(lat_reach) * (1 - 1e-9);
        const double s = std::sin(ang / 2) / cmin;
        if (s >= 1) return false;
        const double margin = 1 + 1e-9;
        m_cell_lat = ang / deg * margin;
        m_cell_lon = 2 * std::asin(s) / deg * margin;
        if (max_lon + 2 * m_cell_lon >= 180) return false;
        // Points ordered by bucket; one (start, count) range per occupied bucket.
        std::vector<uint32_t> order(m_lat.size());
        std::vector<int64_t> keys(m_lat.size());
        for (size_t i = 0; i < order.size(); ++i) {
            order[i] = static_cast<uint32_t>(i);
            keys[i] = key(bucket_x(m_lon[i]), bucket_y(m_lat[i]));
        }
        std::sort(order.begin(), order.end(), [&](uint32_t a, uint32_t b) { return keys[a] < keys[b] || (keys[a] == keys[b] && a < b); });
        std::vector<double> la, lo;
        std::vector<uint32_t> w;
        for (uint32_t o : order) {
            la.push_back(m_lat[o]);
            lo.push_back(m_lon[o]);
            w.push_back(m_weight[o]);
        }
        m_lat.swap(la);
        m_lon.swap(lo);
        m_weight.swap(w);
        m_ranges.reserve(order.size());
        for (size_t i = 0; i < order.size();) {
            size_t k = i;
            while (k < order.size() && keys[order[k]] == keys[order[i]]) ++k;
            m_ranges.emplace(keys[order[i]], std::make_pair(static_cast<uint32_t>(i), static_cast<uint32_t>(k)));
            i = k;
        }
        return true;
    }
    uint32_t count(geo::LatLon q) const {
        const int64_t bx = bucket_x(q.lon_deg), by = bucket_y(q.lat_deg);
        uint32_t n = 0;
        for (int64_t dy = -1; dy <= 1; ++dy)
            for (int64_t dx = -1; dx <= 1; ++dx) {
                auto it = m_ranges.find(key(bx + dx, by + dy));
                if (it == m_ranges.end()) continue;
                for (uint32_t i = it->second.first; i < it->second.second; ++i) {
                    // The cell sizes bound |dlat| and |dlon| of any point within the radius: a cheap exact reject.
                    if (std::fabs(m_lat[i] - q.lat_deg) > m_cell_lat || std::fabs(m_lon[i] - q.lon_deg) > m_cell_lon) continue;
                    if (geo::haversine_m(q, {m_lat[i], m_lon[i]}) <= m_r) n += m_weight[i];
                }
            }
        return n;
    }
    size_t size() const { return m_lat.size(); }
    geo::LatLon point(size_t i) const { return {m_lat[i], m_lon[i]}; }

private:
    static int64_t key(int64_t bx, int64_t by) { return (bx << 32) ^ (by & 0xffffffff); }
    int64_t bucket_x(double lon) const { return static_cast<int64_t>(std::floor(lon / m_cell_lon)); }
    int64_t bucket_y(double lat) const { return static_cast<int64_t>(std::floor(lat / m_cell_lat)); }
    double m_r = 0, m_cell_lat = 1, m_cell_lon = 1;
    std::vector<double> m_lat, m_lon;   // distinct locations (float values widened, as the index queries them)
    std::vector<uint32_t> m_weight;     // incidents at each
    std::unordered_map<int64_t, std::pair<uint32_t, uint32_t>> m_ranges;
};

}  // namespace

ScoreScale compute_scale(const data::IncidentTable& t, const index::GeoIndex& idx, int32_t as_of_day,
                         const RadiusScoreParams& params, const std::vector<data::BoundaryPolygon>& area,
                         double spacing_m) {
    const index::DayRange days = window_of(as_of_day, params.window_days);
    // The places' grid box, as compute_scale_reference builds it.
    geo::BBox box;
    for (const auto& poly : area)
        for (const auto& r : poly.rings)
            for (const auto& pt : r) box.extend(pt.lat_deg, pt.lon_deg);
    if (box.empty() && t.size() > 0) {
        std::vector<float> la(t.lat_deg), lo(t.lon_deg);
        std::sort(la.begin(), la.end());
        std::sort(lo.begin(), lo.end());
        size_t a = la.size() / 100, b = la.size() - 1 - la.size() / 100;
        box = geo::BBox{la[a], la[b], lo[a], lo[b]};
    }
    const double max_query_lat = box.empty() ? 0 : std::max(std::fabs(box.lat_min_deg), std::fabs(box.lat_max_deg));
    PointBuckets buckets;
    if (t.size() == 0 || !buckets.build(t, days, params.radius_m, max_query_lat))
        return compute_scale_reference(t, idx, as_of_day, params, area, spacing_m);
    ScoreScale s;
    s.params = params;
    s.as_of_day = as_of_day;
    s.place_spacing_m = spacing_m;
    // C_max: every distinct incident location of the window once (its count is the same for each incident there).
    std::vector<uint32_t> counts(buckets.size());
    parallel_for(buckets.size(), [&](size_t i) { counts[i] = buckets.count(buckets.point(i)); });
    uint32_t cmax = 1;
    for (uint32_t c : counts) cmax = std::max(cmax, c);
    s.count_max = cmax;
    // Places: grid points inside the city's polygons (the same points, in the same order, as the reference).
    data::BoundaryLayer layer;
    layer.polygons = area;
    geo::PolygonLookup lookup(layer);
    std::vector<geo::LatLon> places;
    const double lat_step = spacing_m / (geo::kEarthRadius_m * geo::kPi / 180.0);
    const double mid_lat = 0.5 * (box.lat_min_deg + box.lat_max_deg);
    const double lon_step = lat_step / std::cos(mid_lat * geo::kPi / 180.0);
    for (double la = box.lat_min_deg + lat_step / 2; la < box.lat_max_deg; la += lat_step)
        for (double lo = box.lon_min_deg + lon_step / 2; lo < box.lon_max_deg; lo += lon_step)
            places.push_back({la, lo});
    std::vector<uint8_t> inside(places.size(), 1);
    if (!area.empty()) parallel_for(places.size(), [&](size_t i) { inside[i] = lookup.find(places[i]) >= 0; });
    std::vector<uint32_t> place_counts(places.size());
    parallel_for(places.size(), [&](size_t i) { if (inside[i]) place_counts[i] = buckets.count(places[i]); });
    for (size_t i = 0; i < places.size(); ++i)
        if (inside[i]) s.place_counts.push_back(place_counts[i]);
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
        // At most 2^26 places in all (a city at its spacing has far fewer): a corrupt histogram cannot ask for more memory.
        size_t places = 0;
        for (const auto& h : j.at("place_count_histogram")) {
            const auto n = static_cast<size_t>(json_int(h.at(1), "place_count_histogram places", 0, 1 << 26));
            const auto count = static_cast<uint32_t>(json_int(h.at(0), "place_count_histogram count", 0, 0xffffffffLL));
            if ((places += n) > (size_t{1} << 26)) return make_error(ErrorKind::Corrupt, "score scale: place_count_histogram holds more than 2^26 places");
            s.place_counts.insert(s.place_counts.end(), n, count);
        }
        return s;
    } catch (const std::exception& e) {
        return make_error(ErrorKind::Corrupt, std::string("score scale: ") + e.what());
    }
}

}  // namespace crimescope::score

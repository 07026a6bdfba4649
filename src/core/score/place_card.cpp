#include "score/place_card.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

#include <nlohmann/json.hpp>

#include "base/dates.hpp"
#include "geo/geo.hpp"

namespace crimescope::score {

namespace {

constexpr double kPi = geo::kPi;

// ln(C(n, a) / 2^n), b = n - a. Both a and b >= 30: Stirling's series for the three factorials, written so
// that nothing large cancels: -(a ln(2a/n) + b ln(2b/n)) with ln(2a/n) = log1p((a - b)/n), plus
// 0.5 ln(n / (2 pi a b)) and the series' corrections (truncation error < 1/(1680 x^7) ~ 1e-14). Otherwise the
// product C(n, a) = prod (n - i)/(a - i) over the small side (< 30 factors). No lgamma: std::lgamma writes the
// global signgam on glibc, a data race for a card computed on several threads.
double log_binomial_half_pmf(uint64_t n, uint64_t a) {
    const uint64_t b = n - a;
    const double dn = static_cast<double>(n), da = static_cast<double>(a), db = static_cast<double>(b);
    if (std::min(a, b) >= 30) {
        auto corr = [](double x) {
            const double x2 = x * x;
            return (1.0 / 12 - (1.0 / 360 - (1.0 / 1260 - 1.0 / (1680 * x2)) / x2) / x2) / x;
        };
        const double d = (da - db) / dn;
        return -(da * std::log1p(d) + db * std::log1p(-d)) + 0.5 * std::log(dn / (2 * kPi * da * db)) + corr(dn) - corr(da) - corr(db);
    }
    const uint64_t k = std::min(a, b);
    double log_c = 0;
    for (uint64_t i = 0; i < k; ++i) log_c += std::log(static_cast<double>(n - i) / static_cast<double>(k - i));
    return log_c - dn * std::log(2.0);
}

// P(X <= m) for X ~ Bin(n, 1/2) and 2m < n (the lower tail, the smaller one). The terms pmf(k), k = m, m-1,
// ..., 0 fall monotonically (m is below the mode); they are summed relative to pmf(m) by the ratio
// pmf(k-1)/pmf(k) = k/(n-k+1) and scaled by pmf(m) at the end, so nothing over- or underflows for counts in
// the millions or billions. The sum stops once a term no longer changes it (the terms fall at least
// geometrically from about sqrt(n) below the mode on: some 10^5 terms at n ~ 10^10, about 0.5 ms).
double binomial_half_lower_tail(uint64_t n, uint64_t m) {
    double sum = 1, term = 1;
    for (uint64_t k = m; k > 0; --k) {
        term *= static_cast<double>(k) / static_cast<double>(n - k + 1);
        const double before = sum;
        sum += term;
        if (sum == before) break;
    }
    return std::min(1.0, std::exp(log_binomial_half_pmf(n, m) + std::log(sum)));
}

double cross(const geo::LatLon& o, const geo::LatLon& a, const geo::LatLon& b) {   // lon as x, lat as y
    return (a.lon_deg - o.lon_deg) * (b.lat_deg - o.lat_deg) - (a.lat_deg - o.lat_deg) * (b.lon_deg - o.lon_deg);
}

}  // namespace

RateChange compare_counts(uint32_t current, uint32_t previous, double alpha) {
    RateChange out;
    out.current = current;
    out.previous = previous;
    if (previous > 0) out.ratio = static_cast<double>(current) / static_cast<double>(previous);
    else out.ratio = current == 0 ? 0.0 : std::numeric_limits<double>::infinity();
    const uint64_t n = static_cast<uint64_t>(current) + previous;
    const uint64_t m = std::min<uint64_t>(current, previous);   // by symmetry P(X <= m) = P(X >= n - m)
    out.p_value = 2 * m >= n ? 1.0 : std::min(1.0, 2 * binomial_half_lower_tail(n, m));
    out.significant = out.p_value < alpha;
    return out;
}

Coverage::Coverage(const data::CityData& city) {
    for (const auto& layer : city.boundaries)
        for (const auto& poly : layer.polygons) {
            geo::BBox box;
            for (const auto& ring : poly.rings)
                for (const auto& pt : ring) box.extend(pt.lat_deg, pt.lon_deg);
            if (box.empty()) continue;
            m_polygons.push_back(&poly);
            m_boxes.push_back(box);
            m_extent.extend(box.lat_min_deg, box.lon_min_deg);
            m_extent.extend(box.lat_max_deg, box.lon_max_deg);
        }
    m_from_boundaries = !m_polygons.empty();
    if (m_from_boundaries) return;
    // Andrew's monotone chain over the incidents (lon as x, lat as y), counter-clockwise, no collinear points.
    const auto& t = city.incidents;
    std::vector<geo::LatLon> pts;
    pts.reserve(t.size());
    for (size_t i = 0; i < t.size(); ++i)
        if (std::isfinite(t.lat_deg[i]) && std::isfinite(t.lon_deg[i])) pts.push_back({t.lat_deg[i], t.lon_deg[i]});
    auto less = [](const geo::LatLon& a, const geo::LatLon& b) {
        return a.lon_deg < b.lon_deg || (a.lon_deg == b.lon_deg && a.lat_deg < b.lat_deg);
    };
    std::sort(pts.begin(), pts.end(), less);
    pts.erase(std::unique(pts.begin(), pts.end(), [](const geo::LatLon& a, const geo::LatLon& b) {
                  return a.lat_deg == b.lat_deg && a.lon_deg == b.lon_deg;
              }), pts.end());
    for (const auto& p : pts) m_extent.extend(p.lat_deg, p.lon_deg);
    if (pts.size() < 3) { m_hull = pts; return; }
    std::vector<geo::LatLon> h(2 * pts.size());
    size_t k = 0;
    for (size_t i = 0; i < pts.size(); ++i) {   // lower hull
        while (k >= 2 && cross(h[k - 2], h[k - 1], pts[i]) <= 0) --k;
        h[k++] = pts[i];
    }
    for (size_t i = pts.size() - 1, lower = k + 1; i-- > 0;) {   // upper hull
        while (k >= lower && cross(h[k - 2], h[k - 1], pts[i]) <= 0) --k;
        h[k++] = pts[i];
    }
    h.resize(k - 1);   // the last point is the first
    m_hull = std::move(h);
}

bool Coverage::covers(geo::LatLon p) const {
    if (!std::isfinite(p.lat_deg) || !std::isfinite(p.lon_deg) || !m_extent.contains(p.lat_deg, p.lon_deg)) return false;
    if (m_from_boundaries) {
        for (size_t i = 0; i < m_polygons.size(); ++i)
            if (m_boxes[i].contains(p.lat_deg, p.lon_deg) && geo::point_in_rings(p, m_polygons[i]->rings)) return true;
        return false;
    }
    if (m_hull.size() < 3) return true;   // inside the bounding box of one or two points (or a line of them)
    // Counter-clockwise convex polygon: inside or on it when p is never to the right of an edge. The tolerance
    // (relative to the edge, about 1e-9 deg ~ 0.1 mm) keeps incidents on the hull itself covered.
    for (size_t i = 0, n = m_hull.size(); i < n; ++i) {
        const auto& a = m_hull[i];
        const auto& b = m_hull[(i + 1) % n];
        const double len = std::hypot(b.lon_deg - a.lon_deg, b.lat_deg - a.lat_deg);
        if (cross(a, b, p) < -1e-9 * len) return false;
    }
    return true;
}

std::vector<std::string> caveats_of(const data::CityData& city, const std::string& key) {
    std::vector<std::string> out;
    auto it = city.extras.find(key);
    if (it == city.extras.end()) return out;
    auto j = nlohmann::json::parse(it->second, nullptr, false);
    if (j.is_discarded() || !j.is_array()) return out;   // not ours to fail on: the card is shown without them
    for (const auto& x : j)
        if (x.is_string() && !x.get_ref<const std::string&>().empty()) out.push_back(x.get<std::string>());
    return out;
}

PlaceCard place_card(const data::CityData& city, const index::GeoIndex& idx, const Coverage& coverage,
                     const ScoreScale& scale, geo::LatLon at, int32_t as_of_day, const std::string& type_role) {
    PlaceCard card;
    card.at = at;
    card.as_of_day = as_of_day;
    const auto& t = city.incidents;
    if (t.size() > 0) {   // the table need not be sorted by day
        auto [lo, hi] = std::minmax_element(t.day.begin(), t.day.end());
        card.oldest_day = *lo;
        card.newest_day = *hi;
    }
    card.caveats = caveats_of(city);
    card.caveats_es = caveats_of(city, "caveats_es");
    card.covered = coverage.covers(at);
    if (!card.covered) return card;
    card.score = radius_score(t, idx, at, as_of_day, scale, type_role);
    const int window = scale.params.window_days;
    const index::DayRange before = window_of(as_of_day - window, window);
    if (t.size() > 0 && card.oldest_day <= before.first && card.newest_day >= as_of_day) {
        card.change = compare_counts(card.score.count, idx.count_within(at, scale.params.radius_m, before));
    } else {
        card.change = RateChange{};
        card.change.current = card.score.count;
        card.change.comparable = false;
    }
    return card;
}

int data_age_years(int32_t newest_day, int32_t today_day) {
    if (today_day <= newest_day) return 0;
    const CivilDate a = civil_from_days(newest_day), b = civil_from_days(today_day);
    int years = b.year - a.year;
    if (b.month < a.month || (b.month == a.month && b.day < a.day)) --years;
    return std::max(0, years);
}

}  // namespace crimescope::score

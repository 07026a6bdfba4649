#include "index/geo_index.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <nanoflann.hpp>

#include "base/dates.hpp"

namespace crimescope::index {

namespace {

constexpr double kDeg = geo::kPi / 180.0;

void unit_xyz(double lat_deg, double lon_deg, double out[3]) {
    double la = lat_deg * kDeg, lo = lon_deg * kDeg;
    out[0] = std::cos(la) * std::cos(lo);
    out[1] = std::cos(la) * std::sin(lo);
    out[2] = std::sin(la);
}

int32_t month_key(int32_t day) {
    CivilDate c = civil_from_days(day);
    return c.year * 12 + (c.month - 1);
}

}  // namespace

double GeoIndex::chord_for_metres(double r) { return 2.0 * std::sin(std::min(r / geo::kEarthRadius_m, geo::kPi) / 2.0); }
double GeoIndex::metres_for_chord(double c) { return 2.0 * geo::kEarthRadius_m * std::asin(std::min(1.0, c / 2.0)); }

struct GeoIndex::Block {
    struct Adaptor {
        const Block* b;
        size_t kdtree_get_point_count() const { return b->rows.size(); }
        double kdtree_get_pt(size_t i, size_t dim) const { return (*b->xyz)[3 * b->rows[i] + dim]; }
        template <class BB>
        bool kdtree_get_bbox(BB&) const { return false; }
    };
    using Tree = nanoflann::KDTreeSingleIndexAdaptor<nanoflann::L2_Simple_Adaptor<double, Adaptor, double>, Adaptor, 3, uint32_t>;

    int32_t day_first = 0, day_last = 0;
    std::vector<uint32_t> rows;
    const std::vector<double>* xyz = nullptr;
    Adaptor adaptor{this};
    std::unique_ptr<Tree> tree;
};

GeoIndex::GeoIndex(const data::IncidentTable& t) : m_table(t) {
    m_xyz.resize(t.size() * 3);
    std::vector<std::pair<int32_t, uint32_t>> by_month(t.size());
    for (size_t i = 0; i < t.size(); ++i) {
        double v[3];
        unit_xyz(t.lat_deg[i], t.lon_deg[i], v);
        for (int d = 0; d < 3; ++d) m_xyz[3 * i + static_cast<size_t>(d)] = v[d];
        by_month[i] = {month_key(t.day[i]), static_cast<uint32_t>(i)};
    }
    std::sort(by_month.begin(), by_month.end());
    for (size_t i = 0; i < by_month.size();) {
        auto b = std::make_unique<Block>();
        b->xyz = &m_xyz;
        b->day_first = INT32_MAX;
        b->day_last = INT32_MIN;
        size_t j = i;
        for (; j < by_month.size() && by_month[j].first == by_month[i].first; ++j) {
            uint32_t r = by_month[j].second;
            b->rows.push_back(r);
            b->day_first = std::min(b->day_first, t.day[r]);
            b->day_last = std::max(b->day_last, t.day[r]);
        }
        b->tree = std::make_unique<Block::Tree>(3, b->adaptor, nanoflann::KDTreeSingleIndexAdaptorParams(16));
        b->tree->buildIndex();
        m_blocks.push_back(std::move(b));
        i = j;
    }
}

GeoIndex::~GeoIndex() = default;

std::vector<uint32_t> GeoIndex::rows_within(geo::LatLon p, double radius_m, DayRange days) const {
    std::vector<uint32_t> out;
    double q[3];
    unit_xyz(p.lat_deg, p.lon_deg, q);
    const double chord = chord_for_metres(radius_m);
    // Search a hair wider, then decide with haversine, the definition of distance here (exact boundary).
    const double search = chord * (1 + 1e-9) + 1e-12;
    std::vector<std::pair<uint32_t, double>> hits;
    for (const auto& b : m_blocks) {
        if (b->day_last < days.first || b->day_first > days.last) continue;
        const bool whole = b->day_first >= days.first && b->day_last <= days.last;
        hits.clear();
        nanoflann::SearchParams sp;
        sp.sorted = false;
        b->tree->radiusSearch(q, search * search, hits, sp);
        for (const auto& h : hits) {
            uint32_t r = b->rows[h.first];
            if (!whole && !days.contains(m_table.day[r])) continue;
            if (geo::haversine_m(p, {m_table.lat_deg[r], m_table.lon_deg[r]}) <= radius_m) out.push_back(r);
        }
    }
    return out;
}

uint32_t GeoIndex::count_within(geo::LatLon p, double radius_m, DayRange days) const {
    return static_cast<uint32_t>(rows_within(p, radius_m, days).size());
}

namespace {

// k-nearest result set that ignores rows outside the day window (nanoflann's ResultSet interface), so an
// edge month is searched once, exactly, instead of widening k until enough rows of the window turn up.
class WindowKnn {
public:
    WindowKnn(size_t k, const std::vector<uint32_t>& rows, const std::vector<int32_t>& day, DayRange days,
              std::vector<uint32_t>& idx, std::vector<double>& d2)
        : m_k(k), m_rows(rows), m_day(day), m_days(days), m_idx(idx), m_d2(d2) {
        m_idx.clear();
        m_d2.clear();
    }
    size_t size() const { return m_idx.size(); }
    bool full() const { return m_idx.size() == m_k; }
    double worstDist() const { return full() ? m_d2.back() : std::numeric_limits<double>::max(); }
    bool addPoint(double d2, uint32_t i) {
        if (!m_days.contains(m_day[m_rows[i]])) return true;
        if (full() && d2 >= m_d2.back()) return true;
        size_t pos = static_cast<size_t>(std::upper_bound(m_d2.begin(), m_d2.end(), d2) - m_d2.begin());
        if (full()) { m_idx.pop_back(); m_d2.pop_back(); }
        m_idx.insert(m_idx.begin() + static_cast<long>(pos), i);
        m_d2.insert(m_d2.begin() + static_cast<long>(pos), d2);
        return true;
    }

private:
    size_t m_k;
    const std::vector<uint32_t>& m_rows;
    const std::vector<int32_t>& m_day;
    DayRange m_days;
    std::vector<uint32_t>& m_idx;
    std::vector<double>& m_d2;
};

}  // namespace

std::vector<Neighbour> GeoIndex::nearest(geo::LatLon p, size_t k, DayRange days) const {
    std::vector<Neighbour> best;
    if (k == 0 || m_blocks.empty()) return best;
    double q[3];
    unit_xyz(p.lat_deg, p.lon_deg, q);
    thread_local std::vector<uint32_t> idx;   // reused across queries: no allocation per query
    thread_local std::vector<double> d2;
    idx.reserve(k);
    d2.reserve(k);
    best.reserve(2 * k);
    // Blocks are in month order: start at the first that can overlap the window.
    auto it = std::lower_bound(m_blocks.begin(), m_blocks.end(), days.first,
                               [](const std::unique_ptr<Block>& b, int32_t d) { return b->day_last < d; });
    for (; it != m_blocks.end() && (*it)->day_first <= days.last; ++it) {
        const Block& b = **it;
        const bool whole = b.day_first >= days.first && b.day_last <= days.last;
        WindowKnn rs(k, b.rows, m_table.day, whole ? DayRange{} : days, idx, d2);
        b.tree->findNeighbors(rs, q, nanoflann::SearchParams());
        // Great-circle distance from the chord (the same sphere as haversine; equal to ~1e-9 m).
        for (size_t i = 0; i < idx.size(); ++i) best.push_back({b.rows[idx[i]], metres_for_chord(std::sqrt(d2[i]))});
    }
    std::sort(best.begin(), best.end(), [](const Neighbour& a, const Neighbour& b) {
        return a.dist_m < b.dist_m || (a.dist_m == b.dist_m && a.row < b.row);
    });
    if (best.size() > k) best.resize(k);
    return best;
}

uint32_t brute_count_within(const data::IncidentTable& t, geo::LatLon p, double radius_m, DayRange days) {
    uint32_t n = 0;
    for (size_t i = 0; i < t.size(); ++i)
        if (days.contains(t.day[i]) && geo::haversine_m(p, {t.lat_deg[i], t.lon_deg[i]}) <= radius_m) ++n;
    return n;
}

std::vector<Neighbour> brute_nearest(const data::IncidentTable& t, geo::LatLon p, size_t k, DayRange days) {
    std::vector<Neighbour> all;
    for (size_t i = 0; i < t.size(); ++i)
        if (days.contains(t.day[i])) all.push_back({static_cast<uint32_t>(i), geo::haversine_m(p, {t.lat_deg[i], t.lon_deg[i]})});
    size_t m = std::min(k, all.size());
    std::partial_sort(all.begin(), all.begin() + static_cast<long>(m), all.end(), [](const Neighbour& a, const Neighbour& b) {
        return a.dist_m < b.dist_m || (a.dist_m == b.dist_m && a.row < b.row);
    });
    all.resize(m);
    return all;
}

}  // namespace crimescope::index

// Tests for density/density_grid: on the bundled Chicago pack (148,636 real incidents) the bins' counts sum to
// the filter's count (data::count_filtered) for several filters, every bin equals a brute-force count, the
// date filter's binary search, threads and the region do not change a count, bin sides are screen-stable,
// and the points/density rule switches with hysteresis. Degenerate inputs: an empty table, an empty region.
#include <catch2/catch.hpp>

#include <cmath>
#include <map>

#include "base/dates.hpp"
#include "data/filter.hpp"
#include "data/pack.hpp"
#include "density/density_grid.hpp"
#include "geo/geo.hpp"
#include "test_paths.hpp"

using namespace crimescope;
using density::BinParams;
using density::Box;

namespace {

std::vector<double> mercator_xy(const data::IncidentTable& t) {
    std::vector<double> xy(2 * t.size());
    for (size_t i = 0; i < t.size(); ++i) {
        const geo::Merc m = geo::to_mercator({t.lat_deg[i], t.lon_deg[i]});
        xy[2 * i] = m.x;
        xy[2 * i + 1] = m.y;
    }
    return xy;
}

Box bounds(const std::vector<double>& xy) {
    Box b{1e300, 1e300, -1e300, -1e300};
    for (size_t i = 0; i + 1 < xy.size(); i += 2) {
        b.x_min = std::min(b.x_min, xy[i]);
        b.x_max = std::max(b.x_max, xy[i]);
        b.y_min = std::min(b.y_min, xy[i + 1]);
        b.y_max = std::max(b.y_max, xy[i + 1]);
    }
    return b;
}

struct Case {
    const char* name;
    data::Filter filter;
};

}  // namespace

TEST_CASE("density: bin counts sum to the filtered count, and every bin matches brute force", "[density]") {
    auto c = data::load_pack(cs_test::source_dir() + "/assets/packs/chicago.cspack");
    REQUIRE(c.ok());
    const auto& t = c->incidents;
    REQUIRE(t.size() > 100000);
    const data::CategoryColumn* col = t.category(c->colour_by);
    REQUIRE(col);
    const std::vector<double> xy = mercator_xy(t);
    const Box all = bounds(xy);
    const bool sorted = std::is_sorted(t.day.begin(), t.day.end());
    CHECK(sorted);   // packs are sorted by (day, minute)

    std::vector<Case> cases;
    cases.push_back({"no filter", data::Filter{}});
    data::Filter year;
    year.day_min = days_from_civil(2018, 1, 1);
    year.day_max = days_from_civil(2018, 12, 31);
    cases.push_back({"2018", year});
    data::Filter night = year;
    night.hour_min = 20;
    night.hour_max = 24;
    cases.push_back({"2018 from 20:00", night});
    data::Filter cat = night;
    cat.category_on.assign(col->dict.size(), 1);
    cat.category_on[data::codes_by_frequency(*col).front()] = 0;   // the most common category off
    cases.push_back({"2018 from 20:00, top category off", cat});
    data::Filter none;
    none.day_min = days_from_civil(2030, 1, 1);
    cases.push_back({"no rows", none});

    const double side = density::bin_side_for(/*px_per_unit=*/4e5, /*target_px=*/14);   // about city zoom
    for (const auto& k : cases) {
        INFO(k.name);
        const auto want = data::count_filtered(t, col, k.filter);
        // The whole city: every accepted row is in a bin.
        BinParams p;
        p.side = side;
        p.region = all;
        p.rows_sorted_by_day = sorted;
        const auto g = density::bin_filtered(t, col, k.filter, xy, p);
        CHECK(g.total() == want.visible);
        CHECK(g.outside == 0);
        uint64_t sum = 0;
        for (uint32_t n : g.counts) sum += n;
        CHECK(sum == want.visible);
        CHECK(g.count_in(g.box()) == want.visible);
        // Serial, unsorted scan and one thread: identical bins.
        BinParams q = p;
        q.rows_sorted_by_day = false;
        q.threads = 1;
        const auto h = density::bin_filtered(t, col, k.filter, xy, q);
        CHECK(h.counts == g.counts);
        CHECK(h.occupied == g.occupied);
        CHECK(h.max_count == g.max_count);

        // A quarter of the city: bins by brute force (floor of position / side), the rest counted outside.
        BinParams r = p;
        r.region = Box{all.x_min + all.width() * 0.3, all.y_min + all.height() * 0.4, all.x_min + all.width() * 0.8,
                       all.y_min + all.height() * 0.9};
        const auto part = density::bin_filtered(t, col, k.filter, xy, r);
        CHECK(part.total() == want.visible);
        std::map<std::pair<int64_t, int64_t>, uint32_t> brute;
        uint64_t inside = 0;
        for (size_t i = 0; i < t.size(); ++i) {
            if (!k.filter.accepts(t, col, i)) continue;
            const auto bi = static_cast<int64_t>(std::floor(xy[2 * i] / side)), bj = static_cast<int64_t>(std::floor(xy[2 * i + 1] / side));
            if (bi < part.i0 || bi >= part.i0 + part.nx || bj < part.j0 || bj >= part.j0 + part.ny) continue;
            ++brute[{bi, bj}];
            ++inside;
        }
        CHECK(part.binned == inside);
        CHECK(part.outside == want.visible - inside);
        size_t mismatches = 0, occupied = 0;
        for (int j = 0; j < part.ny; ++j)
            for (int i = 0; i < part.nx; ++i) {
                const uint32_t got = part.counts[static_cast<size_t>(j) * static_cast<size_t>(part.nx) + static_cast<size_t>(i)];
                auto it = brute.find({part.i0 + i, part.j0 + j});
                mismatches += got != (it == brute.end() ? 0u : it->second);
                occupied += got > 0;
            }
        CHECK(mismatches == 0);
        CHECK(occupied == brute.size());
        CHECK(part.occupied == brute.size());
        // The same bins, whichever region they were counted in: the grid is anchored at 0.
        if (part.nx > 2 && part.ny > 2) {
            const int64_t bi = part.i0 + part.nx / 2, bj = part.j0 + part.ny / 2;
            const uint32_t a = part.counts[static_cast<size_t>(bj - part.j0) * static_cast<size_t>(part.nx) + static_cast<size_t>(bi - part.i0)];
            const uint32_t b = g.counts[static_cast<size_t>(bj - g.j0) * static_cast<size_t>(g.nx) + static_cast<size_t>(bi - g.i0)];
            CHECK(a == b);
        }
    }
}

TEST_CASE("density: count_in sums the bins a box overlaps", "[density]") {
    data::IncidentTable t;
    // Nine rows on a 3 x 3 lattice of unit bins (side 1), plus one far away.
    for (int k = 0; k < 10; ++k) {
        t.day.push_back(100);
        t.minute_of_day.push_back(-1);
        t.lat_deg.push_back(0);
        t.lon_deg.push_back(0);
    }
    std::vector<double> xy;
    for (int j = 0; j < 3; ++j)
        for (int i = 0; i < 3; ++i) {
            xy.push_back(i + 0.5);
            xy.push_back(j + 0.5);
        }
    xy.push_back(1e6);
    xy.push_back(1e6);
    BinParams p;
    p.side = 1;
    p.region = Box{0, 0, 3, 3};
    const auto g = density::bin_filtered(t, nullptr, data::Filter{}, xy, p);
    CHECK(g.nx == 3);
    CHECK(g.ny == 3);
    CHECK(g.binned == 9);
    CHECK(g.outside == 1);
    CHECK(g.occupied == 9);
    CHECK(g.max_count == 1);
    CHECK(g.count_in(Box{0, 0, 3, 3}) == 9);
    CHECK(g.count_in(Box{0.2, 0.2, 0.8, 0.8}) == 1);        // inside one bin
    CHECK(g.count_in(Box{0.9, 0.9, 1.1, 1.1}) == 4);        // touches four bins
    CHECK(g.count_in(Box{-10, -10, -5, -5}) == 0);          // beside the grid
    // An hour filter hides rows without a time, as on the map.
    data::Filter f;
    f.hour_min = 6;
    f.hour_max = 12;
    CHECK(density::bin_filtered(t, nullptr, f, xy, p).total() == 0);
    // A negative frame: bins anchored at 0 on both sides of it.
    std::vector<double> neg = {-0.5, -0.5, -1.5, 0.5, 0.5, -1.5, -2.5, -2.5, 0.25, 0.25, 2.5, 2.5, 1.5, 1.5, -0.25, -0.75, -0.75, -0.25, 1e300, 0};
    BinParams q;
    q.side = 1;
    q.region = Box{-3, -3, 3, 3};
    const auto h = density::bin_filtered(t, nullptr, data::Filter{}, neg, q);
    CHECK(h.i0 == -3);
    CHECK(h.j0 == -3);
    CHECK(h.binned == 9);
    CHECK(h.outside == 1);
    CHECK(h.count_in(Box{-0.9, -0.9, -0.1, -0.1}) == 3);   // (-0.5,-0.5), (-0.25,-0.75), (-0.75,-0.25): bin (-1, -1)
}

TEST_CASE("density: degenerate inputs", "[density]") {
    data::IncidentTable empty;
    BinParams p;
    p.side = 0.5;
    p.region = Box{0, 0, 0, 0};
    const auto g = density::bin_filtered(empty, nullptr, data::Filter{}, {}, p);
    CHECK(g.total() == 0);
    CHECK(g.nx >= 1);
    CHECK(g.ny >= 1);
    // A region far larger than max_bins allows is shrunk, never allocated whole.
    BinParams big;
    big.side = 1e-9;
    big.region = Box{0, 0, 1, 1};
    big.max_bins = 10000;
    const auto h = density::bin_filtered(empty, nullptr, data::Filter{}, {}, big);
    CHECK(static_cast<size_t>(h.nx) * static_cast<size_t>(h.ny) <= 10500);
    // A table whose positions are missing: nothing is binned and nothing is read out of bounds.
    data::IncidentTable one;
    one.day = {1};
    one.minute_of_day = {0};
    one.lat_deg = {0};
    one.lon_deg = {0};
    CHECK(density::bin_filtered(one, nullptr, data::Filter{}, {}, p).total() == 0);
}

TEST_CASE("density: bin sides are screen-stable and the rule has hysteresis", "[density]") {
    for (double zoom : {50.0, 1e3, 3.7e4, 1e5, 4.2e5, 1e6, 2.5e7, 5e8}) {
        const double side = density::bin_side_for(zoom, 14);
        INFO(zoom);
        CHECK(side * zoom >= 14 * (1 - 1e-9));
        CHECK(side * zoom < 14 * std::sqrt(2.0) * (1 + 1e-9));
        // A zoom within the same step keeps the same side (no rebin).
        CHECK(density::bin_side_for(zoom * 1.0001, 14) <= side);
    }
    const double view = 1280.0 * 800.0;   // CSS px²; threshold 102,400 points
    CHECK_FALSE(density::density_wanted(100000, view, false));
    CHECK(density::density_wanted(110000, view, false));
    CHECK(density::density_wanted(90000, view, true));        // stays on above 80% of the threshold
    CHECK_FALSE(density::density_wanted(80000, view, true));
    CHECK_FALSE(density::density_wanted(1000000, 0, false));
}

#include "score/knn_features.hpp"

#include <cmath>
#include <cstdio>
#include <random>

#include "base/dates.hpp"
#include "base/parallel.hpp"

namespace crimescope::score {

Features knn_features(const data::IncidentTable& t, const index::GeoIndex& idx, geo::LatLon p, int32_t as_of_day) {
    Features f;
    const index::DayRange w{as_of_day - kFeatureWindowDays + 1, as_of_day};
    auto nn = idx.nearest(p, kNeighbours, w);
    for (int k = 0; k < kNeighbours; ++k) {
        if (k < static_cast<int>(nn.size())) {
            const auto& n = nn[static_cast<size_t>(k)];
            f[static_cast<size_t>(2 * k)] = static_cast<float>(n.dist_m / 1000.0);
            f[static_cast<size_t>(2 * k + 1)] = static_cast<float>(as_of_day + 1 - t.day[n.row]) / kFeatureWindowDays;
        } else {
            f[static_cast<size_t>(2 * k)] = static_cast<float>(kPadDistance_km);
            f[static_cast<size_t>(2 * k + 1)] = 1.0f;
        }
    }
    return f;
}

std::vector<DatasetRow> make_dataset(const data::IncidentTable& t, const index::GeoIndex& idx, const DatasetParams& prm,
                                     uint32_t count_max) {
    std::vector<uint32_t> queries;
    for (uint32_t i = 0; i < t.size(); ++i)
        if (t.day[i] >= prm.first_day && t.day[i] <= prm.last_day) queries.push_back(i);
    auto score_at = [&](geo::LatLon p, int32_t query_day, int copy) {
        DatasetRow r;
        r.query_day = query_day;
        r.at = p;
        r.copy = copy;
        r.count = idx.count_within(p, prm.score.radius_m, window_of(query_day - 1, prm.score.window_days));
        r.score01 = score_from_count(r.count, count_max);
        r.features = knn_features(t, idx, p, query_day - 1);
        return r;
    };
    std::vector<DatasetRow> base(queries.size());
    parallel_for(queries.size(), [&](size_t q) {
        uint32_t i = queries[q];
        base[q] = score_at({t.lat_deg[i], t.lon_deg[i]}, t.day[i], 0);
    });
    if (!prm.augment) return base;
    // Augmentation of the rare extremes, each copy jittered in space (disc of jitter_m) and time, rescored.
    std::vector<DatasetRow> out = base;
    std::mt19937 rng(prm.seed);
    std::uniform_real_distribution<double> u(0, 1);
    std::uniform_int_distribution<int> dd(-prm.jitter_days, prm.jitter_days);
    struct Job { geo::LatLon p; int32_t day; int copy; };
    std::vector<Job> jobs;
    for (const auto& r : base) {
        int copies = r.score01 < 0.3 ? 20 : r.score01 > 0.8 ? 3 : 0;
        for (int c = 1; c <= copies; ++c) {
            double rad = prm.jitter_m * std::sqrt(u(rng)), ang = 2 * geo::kPi * u(rng);
            double dlat = rad * std::cos(ang) / (geo::kEarthRadius_m * geo::kPi / 180);
            double dlon = rad * std::sin(ang) / (geo::kEarthRadius_m * geo::kPi / 180 * std::cos(r.at.lat_deg * geo::kPi / 180));
            jobs.push_back({{r.at.lat_deg + dlat, r.at.lon_deg + dlon}, r.query_day + dd(rng), c});
        }
    }
    std::vector<DatasetRow> extra(jobs.size());
    parallel_for(jobs.size(), [&](size_t k) { extra[k] = score_at(jobs[k].p, jobs[k].day, jobs[k].copy); });
    out.insert(out.end(), extra.begin(), extra.end());
    return out;
}

std::string dataset_csv(const std::vector<DatasetRow>& rows) {
    std::string out = "query_day,lat,lon,count,S,copy";
    for (int k = 1; k <= kNeighbours; ++k) out += ",d" + std::to_string(k) + ",t" + std::to_string(k);
    out += "\n";
    char buf[64];
    for (const auto& r : rows) {
        out += format_day(r.query_day);
        std::snprintf(buf, sizeof buf, ",%.6f,%.6f,%u,%.6f,%d", r.at.lat_deg, r.at.lon_deg, r.count, r.score01, r.copy);
        out += buf;
        for (float v : r.features) {
            std::snprintf(buf, sizeof buf, ",%.6g", static_cast<double>(v));
            out += buf;
        }
        out += "\n";
    }
    return out;
}

}  // namespace crimescope::score

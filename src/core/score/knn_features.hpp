// knn_features.hpp: the model side of paper 001. The MLP predicts S at p from the 10 nearest incidents of
// the 30 days up to as_of: for each, (distance in km, days before the query day / 30), nearest first.
// Fewer than 10 neighbours are padded with (kPadDistance_km, 1.0). Training queries sit at incident
// locations: for an incident on day d the query is "as of d - 1" (only strictly earlier days are seen), and
// its target is S with the 365-day window ending on d - 1 (history before the data starts is simply absent).
#pragma once
#include <array>
#include <cstdint>
#include <string>
#include <vector>

#include "index/geo_index.hpp"
#include "score/radius_score.hpp"

namespace crimescope::score {

constexpr int kNeighbours = 10;
constexpr int kFeatureCount = 2 * kNeighbours;
constexpr int kFeatureWindowDays = 30;
constexpr double kPadDistance_km = 2.0;

using Features = std::array<float, kFeatureCount>;   // d1, t1, d2, t2, ... (the paper's column order)

Features knn_features(const data::IncidentTable& t, const index::GeoIndex& idx, geo::LatLon p, int32_t as_of_day);

struct DatasetRow {
    int32_t query_day;       // the day being predicted (features and S use days < query_day)
    geo::LatLon at;
    uint32_t count;
    double score01;
    int copy;                // 0 = the incident's own location; >0 = augmented jittered copy
    Features features;
};

struct DatasetParams {
    int32_t first_day = INT32_MIN, last_day = INT32_MAX;   // incidents whose day is in range become queries
    bool augment = false;        // paper: S < 0.3 resampled 20 times, S > 0.8 three times
    double jitter_m = 50;        // uniform in a disc of this radius
    int jitter_days = 1;         // query day moved by up to this many days
    uint32_t seed = 1;
    RadiusScoreParams score;     // 200 m / 365 days
};

// Builds the training set; `count_max` fixes the rescaling (the city scale as of the data's last day).
std::vector<DatasetRow> make_dataset(const data::IncidentTable& t, const index::GeoIndex& idx, const DatasetParams& params,
                                     uint32_t count_max);

// CSV with a header: query_day,lat,lon,count,S,copy,d1,t1,...,d10,t10
std::string dataset_csv(const std::vector<DatasetRow>& rows);

}  // namespace crimescope::score

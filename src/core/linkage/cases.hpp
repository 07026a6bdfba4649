// cases.hpp: case sets for linkage (crimelinkage, Israel burglaries, or an analyst's own), pairs within a
// time window (optionally a distance), their input components and labels, and the evaluation measures:
// ROC AUC, precision / recall at the top k% of pairs, Porter's top-50 series measure, series-grouped folds.
#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include "base/result.hpp"
#include "linkage/network.hpp"
#include "linkage/similarity.hpp"

namespace crimescope::linkage {

struct CaseSet {
    std::string name;
    std::vector<std::string> id;
    std::vector<double> x, y;           // planar coordinates
    double metres_per_unit = 1;         // 0: unknown units (the speed rule is off)
    std::vector<double> day;            // time, days (the middle of the window when censored)
    std::vector<std::string> series;    // ground-truth series id; "" = unsolved (no label)
    std::vector<std::string> cat_names;
    std::vector<std::vector<int>> cat;  // per categorical feature: value code per case, -1 missing
    std::vector<SimilarityTable> tables;
    size_t size() const { return id.size(); }
};

Result<CaseSet> load_crimelinkage(const std::string& dir);   // crimes.csv + crime_groups.csv
Result<CaseSet> load_israel(const std::string& dir);         // crimes.csv (series = group_id)

struct PairParams {
    int window_days = 365;
    double max_distance_m = 0;           // 0: no limit
    double speed_m_per_day = 0;          // 0: the feasibility rule is off
    bool include_unsolved = false;       // rank every case (labels of unsolved pairs are 0 and unused)
};

struct Pairs {
    std::vector<uint32_t> a, b;          // case indices
    PairMatrix m;                        // inputs and labels
};

// Every pair of solved cases within the window (and distance), threaded natively.
Pairs make_pairs(const CaseSet& cs, const PairParams& p);

double roc_auc(const std::vector<double>& score, const std::vector<uint8_t>& label);
struct AtK { double precision = 0, recall = 0; size_t flagged = 0; };
AtK at_top_share(const std::vector<double>& score, const std::vector<uint8_t>& label, double share);
// For each case of a series (size >= 2) rank the other cases by score; the share of its series mates in the
// top `n`, averaged over cases (Porter's crimelinkage measure).
double series_found_in_top(const Pairs& pr, const std::vector<double>& score, const CaseSet& cs, size_t n = 50);
// Fold per case, series kept together (singletons spread too); deterministic for a seed.
std::vector<int> series_folds(const CaseSet& cs, int k, uint32_t seed);

}  // namespace crimescope::linkage

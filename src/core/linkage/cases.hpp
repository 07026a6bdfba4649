// cases.hpp: pairs of cases and their input components, pair generation within a time window (all pairs
// stored, for the bundled sets and training; or streamed and scored, for large sets), the expert-weighting
// model, and the evaluation measures: ROC AUC, precision / recall at the top k% of pairs, Porter's top-50
// series measure, series-grouped folds.
#pragma once
#include <cstdint>
#include <functional>
#include <map>
#include <string>
#include <vector>

#include "base/result.hpp"
#include "linkage/network.hpp"
#include "linkage/schema.hpp"

namespace crimescope::linkage {

struct PairParams {
    int window_days = 365;
    double max_distance_m = 0;           // 0: no limit
    double speed_m_per_day = 0;          // 0: the feasibility rule is off
    bool include_unsolved = false;       // every case (labels of pairs with an unsolved case are 0, unlabelled)
};
PairParams pair_params(const CaseSet& cs);   // the set's window, distance limit and speed

// The layout of a pair's inputs for a case set (names, which feature each feeds) and the constants used.
struct PairSpec {
    std::vector<std::string> input_names, feature_names;
    std::vector<int> feature_of_input;
    double dmax = 1;                     // QSF distance scale: the set's bounding-box diagonal (its units)
    double unit_m = 1;                   // metres per unit (1 when unknown: log scale only)
    bool unknown_units = false;
    bool times = false;
    std::vector<double> local_scale;     // per case: distance to its 10th nearest case (density of the area)
    std::vector<double> log_local_scale; // 0.5 log(local_scale): the input is log d - these two
    static constexpr size_t kNeighbours = 10;
    std::vector<uint32_t> neighbours;    // per case: its kNeighbours nearest in space and time, sorted by index
    PairParams params;
    size_t n_inputs() const { return input_names.size(); }
};
PairSpec pair_spec(const CaseSet& cs, const PairParams& p);
// The same for a reordered copy of a set: `original[i]` is the original index of case i (neighbour ties are
// broken by it, so the inputs do not depend on the order).
PairSpec pair_spec(const CaseSet& cs, const PairParams& p, const std::vector<uint32_t>* original);
// Inputs of the pair (i, j) into out[0 .. n_inputs). Returns whether the pair is spatio-temporally feasible.
bool pair_inputs(const CaseSet& cs, const PairSpec& spec, size_t i, size_t j, float* out);

struct Pairs {
    std::vector<uint32_t> a, b;          // case indices
    PairMatrix m;                        // inputs and labels
    std::vector<uint8_t> labelled;       // 1: both cases solved (or the analyst decided the pair)
    std::vector<uint8_t> feasible;
};

// A copy of the set with the cases `order` lists, in that order (repeats allowed): every per-case array, the
// set's settings and features (values, tables, trees); name, source and the ingest report are not copied.
CaseSet select_cases(const CaseSet& cs, const std::vector<uint32_t>& order);

// How many pairs of cases lie within the window (all cases; the distance limit not applied): what make_pairs
// would hold at most. Sorting only, so a set can be refused before its pairs fill the memory.
size_t count_pairs(const CaseSet& cs, const PairParams& p);

// Every pair within the window (and distance) of solved cases (or all cases), threaded natively.
Pairs make_pairs(const CaseSet& cs, const PairParams& p);

// Similarity tables learned from labelled pairs (`rows` of `pr`) for every categorical feature: a rate per
// value for pairs that match on it and one rate for all mismatching pairs (V + 1 numbers, not V x V, so that
// few linked pairs do not overfit); with r the smoothed share of linked pairs (pseudo-count `alpha` at the
// overall share p0), sim = r / (r + p0): 0.5 when the cell says nothing, towards 1 when typical of series.
// The analyst can edit the result like any table. refresh_inputs recomputes every pair's inputs afterwards.
void learn_tables(CaseSet& cs, const Pairs& pr, const std::vector<size_t>& rows, double alpha = 20);
void refresh_inputs(const CaseSet& cs, const PairParams& p, Pairs& pr);

// Streamed scoring for large sets: every pair within the window is scored by `net` and never stored; the
// threshold is exactly threshold_at_share (workflow.hpp) of every pair's score (a 65,536-bin histogram says
// which bin holds it, then the pairs of that bin decide), and the pairs at or above it are returned in
// rank_order (probability descending, then a, b ascending). One pass over a 1-in-16 sample of rows, then one
// full pass (a second only when the sample's floor was too high).
struct ScoredPair { uint32_t a = 0, b = 0; double p = 0; };
struct ScanResult {
    size_t n_pairs = 0;
    double threshold = 1;
    std::vector<ScoredPair> above;
};
ScanResult scan_pairs(const CaseSet& cs, const PairParams& p, const SimilarityNetwork& net, double share);

// Expert weighting (the comparison model): Σ w_k S_k / Σ w_k over the features' primary similarity (the
// first input of each feature); weights by feature name from the set's expert_weights.json (default 1).
std::vector<double> expert_weights_of(const CaseSet& cs, const PairMatrix& m);
double expert_score(const PairMatrix& m, const std::vector<double>& w, size_t row);

double roc_auc(const std::vector<double>& score, const std::vector<uint8_t>& label);
struct AtK { double precision = 0, recall = 0; size_t flagged = 0; };
AtK at_top_share(const std::vector<double>& score, const std::vector<uint8_t>& label, double share);
// Precision and recall at each of `steps` thresholds from 0 to 1 (for the curve beside the slider).
struct PrPoint { double threshold, precision, recall; };
std::vector<PrPoint> pr_curve(const std::vector<double>& score, const std::vector<uint8_t>& label, int steps = 100);
// For each case of a series (size >= 2) rank the other cases by score; the share of its series mates in the
// top `n`, averaged over cases (Porter's crimelinkage measure).
double series_found_in_top(const Pairs& pr, const std::vector<double>& score, const CaseSet& cs, size_t n = 50);
// Fold per case, series kept together (singletons spread too); deterministic for a seed.
std::vector<int> series_folds(const CaseSet& cs, int k, uint32_t seed);

// Series from scored pairs: connected components of the pairs at or above `threshold`, and average-linkage
// agglomerative clustering (a missing pair counts as similarity 0) cut where the average similarity falls
// below `cut`. Labels per case: -1 = alone; groups numbered by size, largest first.
std::vector<int> components(size_t n_cases, const std::vector<uint32_t>& a, const std::vector<uint32_t>& b,
                            const std::vector<double>& score, double threshold);
std::vector<int> average_linkage(size_t n_cases, const std::vector<uint32_t>& a, const std::vector<uint32_t>& b,
                                 const std::vector<double>& score, double cut);

}  // namespace crimescope::linkage

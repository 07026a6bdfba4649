// cross_validation.hpp: `link eval`'s cross-validation (paper 003): folds by series (a series never spans two),
// every fold's held-out pairs scored by five methods fitted on the other folds (distance only, the expert
// weighting, logistic regression, a naive Bayes on binned inputs in the spirit of crimelinkage, the similarity
// network), or in-sample (every method fitted and scored on every pair). Similarity tables and a fitted y scale
// are refitted on each fold's training cases.
#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include "linkage/cases.hpp"
#include "linkage/workflow.hpp"

namespace crimescope::linkage {

constexpr int kEvalMethods = 5;
extern const char* const kEvalMethodNames[kEvalMethods];   // in the order they are printed

struct FoldInfo {
    int fold = 0;
    size_t train_pairs = 0, test_pairs = 0;
    std::vector<double> ks_m1;      // the fold's network, per input
    std::vector<uint8_t> kept;
    double y_scale = 1;             // the fold's (refitted when the schema says "fit")
    double l2 = 0;
};

// Every method's score for the pairs it was tested on.
struct CrossValidation {
    std::vector<std::vector<double>> score;   // [method][pair]
    std::vector<uint8_t> in_test;
    std::vector<int> fold;                     // each case's fold (all 0 in-sample)
    int folds = 1;
    std::vector<FoldInfo> fold_info;
};

// `pr0`: every labelled pair (make_pairs with `pp`) as loaded; `pr`: its working copy, whose inputs change per
// fold when tables are learned (left as the last fold's). `fold`: each case's fold (series_folds), or all 0
// with `in_sample`. The network's training follows `recipe` (its L2 for logistic regression too).
CrossValidation cross_validate(const CaseSet& cs, const Pairs& pr0, const PairParams& pp, Pairs& pr, std::vector<int> fold, int folds,
                               bool in_sample, const Recipe& recipe);

// Mean, sample sd and range of a few figures (AUCs per fold or per repeat).
struct Spread {
    double mean = 0, sd = 0, lo = 0, hi = 0;
};
Spread spread_of(const std::vector<double>& v);

// AUC of one method over the pooled test pairs, and per fold (each fold's model on its own test pairs: the mean
// is the usual "cross-validated AUC"; the pooled figure also asks the folds' models to agree on one scale).
struct AucSummary {
    double pooled = 0, fold_mean = 0, fold_sd = 0;
    std::vector<double> folds;
};
AucSummary auc_of(const CrossValidation& run, int method, const Pairs& pr);

}  // namespace crimescope::linkage

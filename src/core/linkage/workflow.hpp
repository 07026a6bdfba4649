// workflow.hpp: the linkage workflow (paper 003) that the CLI and the app both call: the recipe (every default
// of training and ranking, defined once), training on a case set's labelled pairs (series and the analyst's
// decisions), the threshold at the top share (one definition), ranking with a trained model (streamed), and
// series from the pairs above the threshold. The model file is model_io.hpp; cross-validation is
// cross_validation.hpp.
#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include "base/result.hpp"
#include "linkage/cases.hpp"
#include "linkage/decisions.hpp"
#include "linkage/network.hpp"

namespace crimescope::linkage {

// Every default of the workflow. Where the app and the CLI differed, the CLI's value is the one kept.
struct Recipe {
    size_t max_unlinked = 100000;   // unlinked training pairs kept (every linked pair is; the loss reweights)
    uint32_t sample_seed = 3;       // which unlinked pairs (cross-validation fold f: sample_seed + f)
    TrainParams net;                // iterations, learning rate, L2, KS pruning
    bool learn_tables = true;       // categorical similarity tables learned from the training pairs
    double top_share = 0.04;        // the threshold: the share of pairs flagged (the paper's users chose 4%)
    int folds = 4;                  // cross-validation folds (a series never spans two)
    uint32_t fold_seed = 7;         // the fold assignment of `link eval` (the README's figures)
    int curve_steps = 50;           // points of the training precision / recall curve
};

// How many pairs the top `share` of `n` flags: ceil(share x n), at least 1 and at most n (0 when n is 0).
size_t flagged_count(size_t n, double share);
// The threshold at the top share: the score of the flagged_count(n, share)-th highest pair (so ties at the
// threshold are all flagged). Empty: 1. The streamed scan_pairs computes the same value exactly.
double threshold_at_share(const std::vector<double>& scores, double share);

// A probability as the CLI prints it and the app's state gives it: rounded to 1e-4.
double rounded_probability(double p);
// Pair indices in ranking order: score descending, then a, then b ascending (the CLI's `link rank` order).
std::vector<uint32_t> rank_order(const std::vector<double>& score, const std::vector<uint32_t>& a, const std::vector<uint32_t>& b);

// The labelled pairs a network is trained on. `pairs` holds every pair within the window of solved cases, or
// of every case when `all_cases` (then pairs with an unsolved case are unlabelled, and the analyst's decisions
// can label them); `rows` are the labelled ones, `fit` the training rows (all linked, at most max_unlinked
// unlinked), `linked` how many labelled pairs are linked.
struct TrainingSet {
    PairParams pp;
    Pairs pairs;
    std::vector<size_t> rows, fit;
    size_t linked = 0;
};
// The pairs and their labels (series, then the analyst's decisions): `pp`, `pairs`, `rows`, `linked`.
TrainingSet labelled_pairs(const CaseSet& cs, const UserData* decisions, bool all_cases);
// Then (recipe.learn_tables) the similarity tables learned into `cs` from the labelled pairs, the inputs
// refreshed and the training rows chosen. Fails (Invalid) when there are no linked or no unlinked labelled
// pairs: nothing to learn from (ts.linked says which).
Status prepare_training(CaseSet& cs, TrainingSet& ts, const Recipe& recipe);
// Both.
Result<TrainingSet> training_set(CaseSet& cs, const UserData* decisions, const Recipe& recipe, bool all_cases);

// A trained similarity network and what `link train` writes beside it (model_io.hpp: the file).
struct ModelTable {
    std::string feature;
    std::vector<std::string> values;
    std::vector<double> sim;        // values x values
};
struct Model {
    std::string method = "similarity network (paper 003)";
    std::string set;
    std::vector<std::string> input_names, feature_names;
    std::vector<int> feature_of_input;
    std::vector<double> params;     // the network's parameters (SimilarityNetwork::params)
    std::vector<uint8_t> kept;      // per input: kept after KS pruning
    std::vector<ModelTable> tables; // the categorical tables it was trained with
    std::vector<double> ks_m1, m2;  // per input, on the training pairs
    double top_share = 0.04;
    double threshold = 1;           // threshold_at_share of the training pairs' scores
    std::vector<PrPoint> training_curve;   // in-sample
    size_t training_pairs = 0, linked_pairs = 0;
    int window_days = 365;
    std::string note;
};

// The model from a network trained on `ts` (its scores, threshold, curve, M2 and the tables of `cs`).
Model model_of(const CaseSet& cs, const TrainingSet& ts, const SimilarityNetwork& net, const Recipe& recipe);
// training_set, then the network trained to the end, then model_of. `net` (optional) receives the network.
Result<Model> train(CaseSet& cs, const UserData* decisions, const Recipe& recipe, SimilarityNetwork* net = nullptr);

// The model's categorical tables put into `cs` (codes follow the set's values; a value the model has not seen
// gets the model's mismatch similarity). Fails (Model) when a table is not values x values.
Status apply_tables(CaseSet& cs, const Model& model, const std::string& file_for_errors);
// The model's network for pairs laid out as `shape` (input names, features). Fails (Model) when the model was
// trained on other inputs.
Result<SimilarityNetwork> network_of(const Model& model, const PairMatrix& shape, const std::string& file_for_errors);

// Ranking a case set with a model: every pair within the window scored (streamed, never stored), the
// threshold at the model's top share, and the best `limit` pairs with their reasons.
struct RankedPair {
    uint32_t a = 0, b = 0;          // case indices
    double probability = 0;
    bool feasible = true;
    double distance = 0;            // in the set's units
    double gap_days = 0;
    std::vector<double> feature_similarity;   // S_k per feature (the middle layer)
};
struct Ranking {
    size_t n_pairs = 0;
    double top_share = 0.04, threshold = 1;
    size_t above = 0;               // pairs at or above the threshold
    std::vector<std::string> feature_names;
    std::vector<RankedPair> top;    // the best `limit` of them, in rank_order
    std::vector<int> series;        // with_series: labels per case (series_of, components at the threshold); else empty
};
Result<Ranking> rank(const Model& model, const CaseSet& cs, size_t limit, const std::string& file_for_errors, bool with_series = false);

// The ranking order of scored pairs (the one order of `link rank`, single-process or sharded): the probability
// as printed (rounded_probability) descending, then the raw probability descending, then a, b ascending
// (a < b: the case earlier in the set first). The same order as rank_order and scan_pairs.
bool ranks_before(const ScoredPair& x, const ScoredPair& y);

// What ranking needs besides the pairs' scores: the set with the model's tables, its pair parameters and
// layout (original case order), and the model's network for that layout. Used by rank and the sharded
// ranking (shard.hpp).
struct RankInputs {
    CaseSet cs;
    PairParams pp;
    PairSpec spec;
    SimilarityNetwork net;
};
Result<RankInputs> rank_inputs(const Model& model, const CaseSet& cs, const std::string& file_for_errors);
// The first `limit` of `pairs` (already in ranking order) with their reasons, as rank lists them.
std::vector<RankedPair> ranked_pairs(const RankInputs& in, const std::vector<ScoredPair>& pairs, size_t limit);

// Series: labels per case (-1 alone, groups numbered by size) from the scored pairs: connected components of
// the pairs at or above `threshold`, or average-linkage clustering cut at `cut`.
enum class SeriesMode { Components = 0, AverageLinkage = 1 };
std::vector<int> series_of(size_t n_cases, const Pairs& pr, const std::vector<double>& score, SeriesMode mode, double threshold, double cut);

}  // namespace crimescope::linkage

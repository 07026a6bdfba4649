// shard.hpp: `link rank` split into shards that separate processes (or machines: scripts/cluster.py on Dask)
// run, with the same result as the single-process rank (workflow.hpp) to the byte.
//
// The cases in time order (as scan_pairs orders them); shard i of N owns a contiguous range of positions, so its
// pairs (each position with the later cases within the window) are a contiguous band; the ranges are cut so
// that each shard holds about the same number of pairs. Two passes over the pairs of a shard:
//   1. a histogram of the scores (the 65,536 bins of scan_pairs);
//   2. with the merged histograms (ShardCut: the bin that holds the flagged_count(pairs, share)-th highest
//      score), the shard's pairs above that bin summarised (how many, the best `limit` of them in ranking
//      order, a spanning forest of them for the series) and every pair in that bin listed; or the same for
//      a threshold given.
// The merge finds the exact threshold among the listed pairs of the bin (threshold_at_share's value), counts the
// pairs at or above it, merges the lists (ranks_before) and the series (union-find over the forests and the
// listed pairs at or above the threshold; labels as series_of numbers them).
// Histogram and part files are JSON (probabilities written so that they read back exactly), written
// atomically; each carries the shard, the shard count and a fingerprint of the case set and the model, and a
// merge refuses files that do not belong together.
#pragma once
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "base/result.hpp"
#include "linkage/cases.hpp"
#include "linkage/workflow.hpp"

namespace crimescope::linkage {

constexpr size_t kScoreBins = 65536;   // scan_pairs' histogram
size_t score_bin(double p);

// The cases in time order with their pair layout (as scan_pairs lays them out).
struct TimeOrdered {
    std::vector<uint32_t> order;   // position q holds case order[q]
    CaseSet cs;                    // the cases in that order
    PairSpec spec;
};
TimeOrdered time_ordered(const RankInputs& in);
// N + 1 position boundaries: shard i owns positions [b[i], b[i + 1]); about the same number of pairs each.
std::vector<size_t> shard_bounds(const TimeOrdered& t, const PairParams& p, size_t shards);

// Identifies the case set and model a shard file was computed from (FNV-1a over ids, coordinates, days, the
// model's parameters and top share), as 16 hex digits.
std::string ranking_fingerprint(const Model& model, const CaseSet& cs);

// The per-case part of the pair layout (each case's local spacing and nearest neighbours: a brute-force
// O(n^2) search), computed once (`link rank --layout-out`) and read by every shard process instead of
// searching again. JSON, with the case count and ranking_fingerprint.
std::string layout_json(const RankInputs& in, const std::string& fingerprint);
// rank_inputs with the layout read from `layout_text` (what rank_inputs computes, the same to the bit; tested).
// Fails (Format / Invalid) when the text is not a layout of this case set and model.
Result<RankInputs> rank_inputs_with_layout(const Model& model, const CaseSet& cs, const std::string& layout_text, const std::string& layout_file,
                                           const std::string& fingerprint, const std::string& model_file);

struct ShardId {
    size_t shard = 0, shards = 1;
    size_t cases = 0;
    std::string fingerprint;
};

struct ShardHistogram {
    ShardId id;
    uint64_t pairs = 0;
    std::vector<uint64_t> counts;   // kScoreBins
};
ShardHistogram shard_histogram(const RankInputs& in, const TimeOrdered& t, const ShardId& id);

// Pass 2's cut. From histograms: pairs in bins above `bin` are flagged for sure, those in `bin` are listed;
// `k` = flagged_count(pairs, share). Fixed: pairs at or above `threshold` are flagged.
struct ShardCut {
    bool fixed = false;
    double threshold = 1;
    size_t bin = 0;
    uint64_t pairs = 0, k = 0;
};
// Fails (Invalid) when the histograms are not shards 0..N-1 of one set and model, once each.
Result<ShardCut> cut_of(const std::vector<ShardHistogram>& hists, const ShardId& id, double share);
ShardCut fixed_cut(double threshold);

struct ShardPart {
    ShardId id;
    uint64_t pairs = 0;
    ShardCut cut;
    size_t limit = 0;
    bool series = false;
    uint64_t sure = 0;                                   // pairs above the cut's bin, or at or above the fixed threshold
    std::vector<ScoredPair> top;                         // the best `limit` of those, in ranking order
    std::vector<ScoredPair> band;                        // every pair in the cut's bin, in ranking order
    std::vector<std::pair<uint32_t, uint32_t>> forest;   // series: a spanning forest of the sure pairs
};
ShardPart shard_part(const RankInputs& in, const TimeOrdered& t, const ShardId& id, const ShardCut& cut, size_t limit, bool series);

// The ranking from every shard's part (as rank gives it: pairs, threshold, above, the best `limit` with their
// reasons, series when asked). Fails (Invalid) when the parts do not belong together or hold too little.
Result<Ranking> merge_parts(const Model& model, const RankInputs& in, const std::vector<ShardPart>& parts, const std::string& fingerprint,
                            size_t limit, bool series);

// Files (JSON, written atomically; a file that is not one, or is truncated, is refused naming the field).
std::string histogram_json(const ShardHistogram& h);
Result<ShardHistogram> parse_histogram(const std::string& text, const std::string& file_for_errors);
std::string part_json(const ShardPart& p);
Result<ShardPart> parse_part(const std::string& text, const std::string& file_for_errors);
Status save_text(const std::string& path, const std::string& text);   // write_file_atomic
Result<std::string> load_text(const std::string& path);

// Every shard's two passes and the merge in this process: what a cluster computes (for tests).
Result<Ranking> rank_sharded(const Model& model, const CaseSet& cs, size_t limit, size_t shards, bool series, const std::string& file_for_errors);

}  // namespace crimescope::linkage

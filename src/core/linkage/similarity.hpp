// similarity.hpp: pairwise similarity of cases for serial-crime linkage (paper 003, Chi et al. 2017).
//   categorical:   a similarity table between values (identity when none is given); missing -> 0.5
//   quantitative:  QSF(|a - b|) = (max - x) / (max - min), clamped to [0, 1]; missing -> 0.5
//   hierarchical:  leaf vector rolled up with OR to every tree node; distance Σ_l ω_l |v_il − v_jl| with one
//                  weight per sibling group; HSF converts it to [0, 1] like QSF; missing -> 0.5
//   spatio-temporal feasibility: distance > time gap x offender speed -> the minimum similarity
// Baselines: taxonomic similarity (Woodhams et al.) and Jaccard on leaf sets.
#pragma once
#include <cmath>
#include <cstdint>
#include <string>
#include <vector>

namespace crimescope::linkage {

constexpr double kMissing = 0.5;

struct SimilarityTable {
    std::vector<std::string> values;
    std::vector<double> sim;   // values x values, symmetric, 1 on the diagonal
    double at(int a, int b) const;   // a or b < 0 (missing) -> kMissing; no table -> identity
};

double qsf(double x, double min, double max);                           // (max - x) / (max - min), clamped
double quantitative_similarity(double a, double b, double min, double max);   // NaN = missing

// A hierarchy (MO tree): node 0 is the root; parent[i] < i; leaves are nodes without children. `group` gives
// each node its sibling group (the children of one parent share a weight).
struct Tree {
    std::vector<std::string> name;
    std::vector<int> parent;       // -1 for the root
    std::vector<int> group;        // sibling group of each node (the parent's index); root: -1
    std::vector<int> depth;        // root = 0
    int n_groups() const;          // = number of nodes (groups are keyed by parent)
    bool is_leaf(int node) const;
    void add(const std::string& node_name, int parent_node);   // appends a node
};

// Leaves set -> node vector with OR roll-up (a node is 1 if any leaf below it is set).
std::vector<uint8_t> roll_up(const Tree& t, const std::vector<int>& leaves);
// Σ_l ω_group(l) |v_il − v_jl| over every node but the root; `weights` per group (node index of the parent).
double hierarchical_distance(const Tree& t, const std::vector<uint8_t>& a, const std::vector<uint8_t>& b, const std::vector<double>& weights);
// HSF: distance -> similarity in [0, 1] given the largest possible distance; empty a or b -> kMissing.
double hierarchical_similarity(const Tree& t, const std::vector<int>& leaves_a, const std::vector<int>& leaves_b, const std::vector<double>& weights);
// Taxonomic distance between two leaves (Woodhams et al.): 0 same leaf, else (depth below the lowest common
// ancestor) / (levels), and the set similarity as in Warwick & Clarke: mean over a's leaves of the best match.
double taxonomic_leaf_distance(const Tree& t, int a, int b);
double taxonomic_similarity(const Tree& t, const std::vector<int>& leaves_a, const std::vector<int>& leaves_b);
double jaccard(const std::vector<int>& a, const std::vector<int>& b);

// Spatio-temporal feasibility: can one offender at `speed_m_per_day` commit both? (speed <= 0: rule off)
bool feasible(double distance_m, double gap_days, double speed_m_per_day);

}  // namespace crimescope::linkage

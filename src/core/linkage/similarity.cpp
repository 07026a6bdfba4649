#include "linkage/similarity.hpp"

#include <algorithm>

namespace crimescope::linkage {

double SimilarityTable::at(int a, int b) const {
    if (a < 0 || b < 0) return kMissing;
    if (sim.empty()) return a == b ? 1.0 : 0.0;
    return sim[static_cast<size_t>(a) * values.size() + static_cast<size_t>(b)];
}

double qsf(double x, double min, double max) {
    if (max <= min) return x <= min ? 1.0 : 0.0;
    return std::clamp((max - x) / (max - min), 0.0, 1.0);
}

double quantitative_similarity(double a, double b, double min, double max) {
    if (std::isnan(a) || std::isnan(b)) return kMissing;
    return qsf(std::fabs(a - b), min, max);
}

int Tree::n_groups() const { return static_cast<int>(name.size()); }
bool Tree::is_leaf(int node) const { return std::find(parent.begin(), parent.end(), node) == parent.end(); }

void Tree::add(const std::string& node_name, int parent_node) {
    name.push_back(node_name);
    parent.push_back(parent_node);
    group.push_back(parent_node);
    depth.push_back(parent_node < 0 ? 0 : depth[static_cast<size_t>(parent_node)] + 1);
}

std::vector<uint8_t> roll_up(const Tree& t, const std::vector<int>& leaves) {
    std::vector<uint8_t> v(t.name.size(), 0);
    for (int leaf : leaves)
        for (int n = leaf; n >= 0; n = t.parent[static_cast<size_t>(n)]) v[static_cast<size_t>(n)] = 1;   // logical OR upwards
    return v;
}

double hierarchical_distance(const Tree& t, const std::vector<uint8_t>& a, const std::vector<uint8_t>& b, const std::vector<double>& w) {
    double d = 0;
    for (size_t n = 1; n < t.name.size(); ++n)
        if (a[n] != b[n]) d += w[static_cast<size_t>(t.group[n])];
    return d;
}

double hierarchical_similarity(const Tree& t, const std::vector<int>& la, const std::vector<int>& lb, const std::vector<double>& w) {
    if (la.empty() || lb.empty()) return kMissing;
    double max_d = 0;
    for (size_t n = 1; n < t.name.size(); ++n) max_d += w[static_cast<size_t>(t.group[n])];
    return qsf(hierarchical_distance(t, roll_up(t, la), roll_up(t, lb), w), 0.0, max_d);
}

double taxonomic_leaf_distance(const Tree& t, int a, int b) {
    if (a == b) return 0;
    int levels = *std::max_element(t.depth.begin(), t.depth.end());
    // Lowest common ancestor depth.
    std::vector<int> pa;
    for (int n = a; n >= 0; n = t.parent[static_cast<size_t>(n)]) pa.push_back(n);
    int lca = 0;
    for (int n = b; n >= 0; n = t.parent[static_cast<size_t>(n)])
        if (std::find(pa.begin(), pa.end(), n) != pa.end()) { lca = n; break; }
    return static_cast<double>(t.depth[static_cast<size_t>(a)] - t.depth[static_cast<size_t>(lca)]) / std::max(1, levels);
}

double taxonomic_similarity(const Tree& t, const std::vector<int>& la, const std::vector<int>& lb) {
    if (la.empty() || lb.empty()) return kMissing;
    // Δs = 1 - mean of the best (smallest) leaf distances, both directions.
    double s = 0;
    for (int a : la) {
        double best = 1;
        for (int b : lb) best = std::min(best, taxonomic_leaf_distance(t, a, b));
        s += best;
    }
    for (int b : lb) {
        double best = 1;
        for (int a : la) best = std::min(best, taxonomic_leaf_distance(t, b, a));
        s += best;
    }
    return 1.0 - s / static_cast<double>(la.size() + lb.size());
}

double jaccard(const std::vector<int>& a, const std::vector<int>& b) {
    if (a.empty() && b.empty()) return kMissing;
    size_t inter = 0;
    for (int x : a) inter += std::find(b.begin(), b.end(), x) != b.end();
    return static_cast<double>(inter) / static_cast<double>(a.size() + b.size() - inter);
}

bool feasible(double distance_m, double gap_days, double speed) {
    if (speed <= 0) return true;
    return distance_m <= gap_days * speed;
}

}  // namespace crimescope::linkage

// Tests for linkage: each similarity kind by hand (missing values, feasibility), OR roll-up and the weighted
// hierarchical distance on a small tree (equal to the taxonomic distance with weights 1 and one leaf each),
// the network's gradient against finite differences, the KS statistic by hand, folds that keep series whole.
#include <catch2/catch.hpp>

#include <cmath>
#include <map>

#include "linkage/cases.hpp"
#include "linkage/network.hpp"
#include "linkage/similarity.hpp"
#include "test_paths.hpp"

using namespace crimescope::linkage;

namespace {
// root -> {actions, tools}; actions -> {threaten, hit}; tools -> {knife, gun}   (nodes 0..6)
Tree small_tree() {
    Tree t;
    t.add("root", -1);
    t.add("actions", 0);
    t.add("tools", 0);
    t.add("threaten", 1);
    t.add("hit", 1);
    t.add("knife", 2);
    t.add("gun", 2);
    return t;
}
}  // namespace

TEST_CASE("linkage: categorical and quantitative similarity, missing values", "[linkage]") {
    SimilarityTable somatotype{{"thin", "medium", "fat"}, {1, 0.6, 0.1, 0.6, 1, 0.5, 0.1, 0.5, 1}};
    CHECK(somatotype.at(0, 1) == 0.6);
    CHECK(somatotype.at(2, 2) == 1.0);
    CHECK(somatotype.at(-1, 2) == kMissing);
    SimilarityTable identity;
    CHECK(identity.at(3, 3) == 1.0);
    CHECK(identity.at(3, 4) == 0.0);
    CHECK(qsf(2, 0, 10) == Approx(0.8));
    CHECK(qsf(15, 0, 10) == 0.0);
    CHECK(quantitative_similarity(30, 27, 0, 60) == Approx(57.0 / 60));   // ages 30 and 27, range 0..60
    CHECK(quantitative_similarity(NAN, 27, 0, 60) == kMissing);
}

TEST_CASE("linkage: spatio-temporal feasibility", "[linkage]") {
    CHECK(feasible(10000, 1, 20000));        // 10 km in a day at 20 km/day
    CHECK_FALSE(feasible(50000, 1, 20000));  // 50 km in a day is too far
    CHECK(feasible(1e9, 0, 0));              // speed 0: the rule is off
}

TEST_CASE("linkage: OR roll-up and weighted hierarchical distance", "[linkage]") {
    Tree t = small_tree();
    auto v = roll_up(t, {3, 5});   // threaten + knife
    CHECK(v == std::vector<uint8_t>{1, 1, 1, 1, 0, 1, 0});
    auto w = roll_up(t, {4});      // hit
    CHECK(w == std::vector<uint8_t>{1, 1, 0, 0, 1, 0, 0});
    // One weight per sibling group (keyed by the parent): root's children 2.0, actions' 1.0, tools' 0.5.
    std::vector<double> wt(7, 0);
    wt[0] = 2.0;
    wt[1] = 1.0;
    wt[2] = 0.5;
    // v and w differ at: tools (2), threaten (3), hit (4), knife (5) -> 2.0 + 1.0 + 1.0 + 0.5
    CHECK(hierarchical_distance(t, v, w, wt) == Approx(4.5));
    // Max distance = sum of every non-root node's group weight = 2+2+1+1+0.5+0.5 = 7; HSF = (7 - 4.5) / 7.
    CHECK(hierarchical_similarity(t, {3, 5}, {4}, wt) == Approx(2.5 / 7));
    CHECK(hierarchical_similarity(t, {}, {4}, wt) == kMissing);
}

TEST_CASE("linkage: with weights 1 and one leaf each, hierarchical = taxonomic distance (the paper's claim)", "[linkage]") {
    Tree t = small_tree();
    std::vector<double> ones(7, 1.0);
    const int levels = 2;
    for (int a : {3, 4, 5, 6})
        for (int b : {3, 4, 5, 6}) {
            double hier = hierarchical_distance(t, roll_up(t, {a}), roll_up(t, {b}), ones) / (2.0 * levels);
            CHECK(hier == Approx(taxonomic_leaf_distance(t, a, b)));
        }
    CHECK(jaccard({3, 5}, {3, 6}) == Approx(1.0 / 3));
    CHECK(taxonomic_similarity(t, {3}, {3}) == 1.0);
}

TEST_CASE("linkage: KS statistic by hand", "[linkage]") {
    // a = {1, 2, 3}, b = {2.5, 4}: the largest gap between the empirical CDFs is at x in [2, 2.5): 2/3 - 0.
    CHECK(ks_m1({1, 2, 3}, {2.5f, 4}) == Approx(2.0 / 3));
    CHECK(ks_m1({1, 2}, {1, 2}) == 0.0);
    CHECK(ks_m1({1, 2}, {5, 6}) == 1.0);
    // M2: overlap region [2.5, 3]; outside: 1, 2 from a and 4 from b -> 3 of 5.
    CHECK(overlap_m2({1, 2, 3}, {2.5f, 4}) == Approx(3.0 / 5));
}

TEST_CASE("linkage: network gradient matches finite differences", "[linkage]") {
    PairMatrix m;
    m.feature_names = {"f0", "f1"};
    m.input_names = {"a", "b", "c"};
    m.feature_of_input = {0, 0, 1};
    SimilarityNetwork net;
    net.init(m, false);
    auto& p = net.params();
    for (size_t i = 0; i < p.size(); ++i) p[i] = 0.3 * std::sin(1.7 * double(i) + 0.4);
    const float x[3] = {0.7f, -1.2f, 0.4f};
    for (int y : {0, 1}) {
        auto g = net.gradient(x, y);
        for (size_t i = 0; i < p.size(); ++i) {
            const double h = 1e-6, keep = p[i];
            p[i] = keep + h;
            double up = net.log_likelihood(x, y);
            p[i] = keep - h;
            double down = net.log_likelihood(x, y);
            p[i] = keep;
            CHECK(g[i] == Approx((up - down) / (2 * h)).margin(1e-6));
        }
    }
}

TEST_CASE("linkage: cross-validation folds never split a series; AUC by hand", "[linkage]") {
    std::string dir = cs_test::shared_data("linkage/crimelinkage");
    if (cs_test::exists(dir)) {
        auto cs = load_crimelinkage(dir);
        REQUIRE(cs.ok());
        CHECK(cs->size() == 360);
        auto fold = series_folds(cs.value(), 4, 7);
        std::map<std::string, int> seen;
        for (size_t i = 0; i < cs->size(); ++i) {
            if (cs->series[i].empty()) continue;
            auto [it, fresh] = seen.emplace(cs->series[i], fold[i]);
            CHECK(it->second == fold[i]);
        }
    } else {
        WARN("SKIPPED: ../shared/data not present; crimelinkage folds not checked");
    }
    CHECK(roc_auc({0.9, 0.8, 0.3, 0.1}, {1, 0, 1, 0}) == Approx(0.75));
    CHECK(roc_auc({0.5, 0.5}, {1, 0}) == Approx(0.5));
    auto at = at_top_share({0.9, 0.8, 0.3, 0.1}, {1, 0, 1, 0}, 0.5);
    CHECK(at.precision == Approx(0.5));
    CHECK(at.recall == Approx(0.5));
}
